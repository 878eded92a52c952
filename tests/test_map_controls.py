"""Every control of the interactive map in a real browser (Playwright driving Debian's Chromium, offline):
search ranking, colour and size, the partner panel, the only-through view, the tie-weight threshold,
the project-year filter, the country filter and the three exports. Each test also checks that the
page requested nothing, logged no error and opened no dialog."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import networkx as nx
import pandas as pd
import pytest

from helixnet.viz.interactive import render_map
from tests.browser_support import open_page
from tests.helpers import REPO, TINY
from tests.test_map_browser import HOSTILE_NAMES, click_node, wait_drawn
from tests.test_viz import map_data, map_ties, small_graph, small_metrics


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tests/data/tiny analysis and its map page (with the dataset: years, countries, themes)."""
    from helixnet.pipeline import analyse, map_html

    analysis = analyse(TINY)
    page = map_html(analysis, size_by="degree")
    path = page.save(tmp_path_factory.mktemp("tiny") / "tiny.html")
    return analysis, page, path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    G = small_graph()
    for node, name in HOSTILE_NAMES.items():
        G.nodes[node]["name"] = name
    G.nodes["b1"]["name"] = "=HYPERLINK(1) coop"
    page = render_map(G, small_metrics(G), size_by="degree")
    return G, page, page.save(tmp_path_factory.mktemp("hostile") / "hostile.html")


@contextmanager
def opened(chromium, path):
    """The map at ``path``, drawn, in a fresh offline tab; on leaving, nothing was requested or logged."""
    page, log = open_page(chromium, path)
    wait_drawn(page)
    yield page
    log.assert_clean()
    page.context.close()


def evaluate(page, script: str):
    return page.evaluate(f"() => {script}")


def set_value(page, selector: str, value) -> None:
    page.fill(selector, str(value))
    page.dispatch_event(selector, "change")


def test_search_ranks_exact_then_clusters_then_prefix_then_substring(chromium, tmp_path):
    G = nx.Graph()
    names = {"s1": ("Vovil Freight BV", "bedrijf", "kmo", 9), "p1": ("Vilvoorde Logistics", "bedrijf", "kmo", 1),
             "w1": ("Port of Vilvoorde", "bedrijf", "kmo", 5), "cl": ("Logistics cluster (vil)", "intermediair", "cluster", 0),
             "ex": ("VIL", "burger", "vereniging", 0)}
    for node, (name, helix, kind, _) in names.items():
        G.add_node(node, name=name, helix=helix, kind=kind, sme=False, is_cluster=kind == "cluster")
    G.add_edges_from([("s1", "p1"), ("p1", "w1"), ("w1", "cl"), ("cl", "ex")], weight=1.0, projects=1,
                     relation="collaboration")
    metrics = pd.DataFrame({"size": {node: value[3] for node, value in names.items()}})
    path = render_map(G, metrics, size_by="size").save(tmp_path / "search.html")
    with opened(chromium, path) as page:
        page.fill("#search-input", "vil")
        page.press("#search-input", "Enter")
        listed = evaluate(page, "Array.from(document.querySelectorAll('#search-results button')).map(b => b.dataset.id)")
        # exact name, then the cluster, then prefix/word matches by size (w1 5 > p1 1), then the substring
        assert listed == ["ex", "cl", "w1", "p1", "s1"]
        assert page.text_content("#search-status") == "5 match(es)"
        assert evaluate(page, "window.helixnetMap.network.getSelectedNodes()") == ["ex"]
        page.click("#search-results button[data-id=w1]")
        assert evaluate(page, "window.helixnetMap.network.getSelectedNodes()") == ["w1"]
        assert page.is_hidden("#search-results")


@pytest.fixture(scope="module")
def default_map(tmp_path_factory):
    from helixnet.pipeline import analyse, map_html

    page = map_html(analyse(REPO / "data"))
    return page, page.save(tmp_path_factory.mktemp("default") / "map.html")


def test_default_map_vil_first_and_filters_respond_fast(chromium, default_map):
    page_html, path = default_map
    with opened(chromium, path) as page:
        page.fill("#search-input", "VIL")
        page.press("#search-input", "Enter")
        assert evaluate(page, "document.querySelector('#search-results button').dataset.id") == "vil"
        assert evaluate(page, "window.helixnetMap.network.getSelectedNodes()") == ["vil"]
        assert page.locator("#partners h2").text_content() == "Partners of VIL"
        took = page.evaluate("""() => {
            const box = document.querySelector('#helix-filter input[data-helix=bedrijf]');
            const t0 = performance.now();
            box.checked = false; box.dispatchEvent(new Event('change'));
            return performance.now() - t0;
        }""")
        assert took < 300


def test_colour_and_size_switching_update_nodes_and_legend(chromium, tiny):
    analysis, page_html, path = tiny
    data = map_data(page_html.html)
    with opened(chromium, path) as page:
        assert page.locator("#colour-legend li").count() == 0  # helix: the helix filter is the legend
        for scheme in ("community", "theme", "country"):
            page.select_option("#colour-by", scheme)
            colouring = data["colourings"][scheme]
            assert page.locator("#colour-legend li").count() == len(colouring["legend"])
            for i, node in enumerate(data["nodes"]):
                expected = colouring["legend"][colouring["of"][i]][1]
                assert evaluate(page, f"window.helixnetMap.colourOf({node['id']!r})") == expected
        # countries come from the organisation table: c2 is Dutch
        country = data["colourings"]["country"]
        assert country["legend"][country["of"][[n["id"] for n in data["nodes"]].index("c2")]][0] == "NL"
        page.select_option("#colour-by", "helix")
        assert evaluate(page, "window.helixnetMap.colourOf('u1')") == "#E69F00"
        page.select_option("#size-by", "betweenness")
        sizes = evaluate(page, "window.helixnetMap.nodes.get().map(n => n.size)")
        assert sizes == pytest.approx(data["sizes"]["betweenness"])
        assert page.text_content("#size-text").startswith("betweenness")


def test_partner_panel_lists_sorts_and_focuses(chromium, tiny):
    analysis, _, path = tiny
    G = analysis.graph
    with opened(chromium, path) as page:
        click_node(page, "c1")
        assert page.locator("#partners h2").text_content() == "Partners of SME One"
        rows = evaluate(page, "Array.from(document.querySelectorAll('#partners tr[data-id]')).map(r => [r.dataset.id, r.cells[2].textContent])")
        assert {node for node, _ in rows} == set(G["c1"])
        assert {node: int(n) for node, n in rows} == {node: G.edges["c1", node]["projects"] for node in G["c1"]}
        assert [int(n) for _, n in rows] == sorted((int(n) for _, n in rows), reverse=True)
        page.click("#partners th button[data-sort='0']")
        names = evaluate(page, "Array.from(document.querySelectorAll('#partners tr[data-id] td:first-child')).map(c => c.textContent)")
        assert names == sorted(names)
        page.click("#partners tr[data-id=u1] button")
        assert page.locator("#partners h2").text_content() == "Partners of University One"
        assert evaluate(page, "window.helixnetMap.network.getSelectedNodes()") == ["u1"]


def test_only_through_view_on_a_hand_computed_graph(chromium, tmp_path):
    # sme reaches the university only via the cluster; big and sme2 also have a direct tie to it
    G = nx.Graph()
    for node, helix, kind, sme in [("clu", "intermediair", "cluster", False), ("uni", "kennisinstelling", "universiteit", False),
                                   ("sme", "bedrijf", "kmo", True), ("big", "bedrijf", "grote_onderneming", False),
                                   ("sme2", "bedrijf", "kmo", True)]:
        G.add_node(node, name=node.upper(), helix=helix, kind=kind, sme=sme, is_cluster=kind == "cluster")
    G.add_edges_from([("sme", "clu"), ("clu", "uni"), ("big", "clu"), ("big", "uni"), ("sme2", "uni"), ("sme2", "clu")],
                     weight=1.0, projects=1, relation="collaboration")
    metrics = pd.DataFrame({"degree": dict(G.degree())})
    path = render_map(G, metrics, size_by="degree", cluster="clu").save(tmp_path / "focus.html")
    with opened(chromium, path) as page:
        assert page.text_content("#only-through-count").startswith("1 organisations shown (1 SMEs)")
        assert sorted(evaluate(page, "window.helixnetMap.emphasised()")) == sorted(G)
        page.check("#only-through")
        assert sorted(evaluate(page, "window.helixnetMap.emphasised()")) == ["clu", "sme"]
        page.uncheck("#only-through")
        assert sorted(evaluate(page, "window.helixnetMap.emphasised()")) == sorted(G)
        # a focus map never drops a tie of its cluster from the backbone
        assert {frozenset(t) for t in evaluate(page, "window.helixnetMap.drawnTies()")} >= {frozenset(("clu", n)) for n in G["clu"]}


def test_weight_threshold_and_all_ties(chromium, tiny):
    analysis, page_html, path = tiny
    G = analysis.graph
    data = map_data(page_html.html)
    with opened(chromium, path) as page:
        backbone = {tie for tie, keep in zip(map_ties(data), data["edgeBackbone"]) if keep}
        assert {frozenset(t) for t in evaluate(page, "window.helixnetMap.drawnTies()")} == backbone
        page.check("#all-ties")
        assert len(evaluate(page, "window.helixnetMap.drawnTies()")) == G.number_of_edges()
        set_value(page, "#min-weight", 2)
        heavy = {frozenset((u, v)) for u, v, w in G.edges(data="weight") if w >= 2}
        assert heavy and {frozenset(t) for t in evaluate(page, "window.helixnetMap.drawnTies()")} == heavy
        assert page.get_attribute("body", "data-ties-drawn") == str(len(heavy))


def set_slider(page, selector: str, value, event: str = "change") -> None:
    """Move a range slider's handle to ``value`` as a drag would (``input``) or a release (``change``)."""
    page.eval_on_selector(selector, f"(e, v) => {{ e.value = v; e.dispatchEvent(new Event('{event}')); }}", str(value))


def test_year_filter_shows_the_projects_started_in_the_window(chromium, tiny):
    analysis, _, path = tiny
    ds = analysis.dataset
    with opened(chromium, path) as page:
        assert page.get_attribute("#year-from", "type") == page.get_attribute("#year-to", "type") == "range"
        page.check("#all-ties")
        set_slider(page, "#year-from", 2021)
        set_slider(page, "#year-to", 2021)
        projects = ds.projects.index[ds.projects["start_year"] == 2021]
        members = ds.participations[ds.participations["project_id"].isin(projects)]
        expected = set(members["org_id"])
        assert set(evaluate(page, "window.helixnetMap.shownIds()")) == expected
        pairs = {frozenset((a, b)) for _, group in members.groupby("project_id") for a in group["org_id"]
                 for b in group["org_id"] if a != b}
        assert {frozenset(t) for t in evaluate(page, "window.helixnetMap.drawnTies()")} == pairs
        set_slider(page, "#year-from", page.get_attribute("#year-from", "min"))
        set_slider(page, "#year-to", page.get_attribute("#year-to", "max"))
        assert evaluate(page, "window.helixnetMap.shown()") == analysis.graph.number_of_nodes()


def test_year_slider_handles_never_cross_and_dragging_updates_the_map(chromium, tiny):
    analysis, _, path = tiny
    ds = analysis.dataset
    first, last = int(ds.projects["start_year"].min()), int(ds.projects["start_year"].max())
    with opened(chromium, path) as page:
        assert page.text_content("#year-label") == f"{first} \u2013 {last}"
        set_slider(page, "#year-to", 2021, event="input")
        set_slider(page, "#year-from", last, event="input")  # dragged past the other handle: stops at it
        assert (page.input_value("#year-from"), page.input_value("#year-to")) == ("2021", "2021")
        assert page.text_content("#year-label") == "2021 \u2013 2021"
        members = ds.participations[ds.participations["project_id"].isin(ds.projects.index[ds.projects["start_year"] == 2021])]
        # a drag redraws once per animation frame
        page.wait_for_function(f"window.helixnetMap.shown() === {members['org_id'].nunique()}")
        assert set(evaluate(page, "window.helixnetMap.shownIds()")) == set(members["org_id"])


def test_all_ties_draws_at_most_the_cap_strongest_first_and_says_so(chromium, tiny, tmp_path, monkeypatch):
    from helixnet.pipeline import map_html
    from helixnet.viz import interactive

    analysis, page_html, _ = tiny
    G = analysis.graph
    cap = sum(map_data(page_html.html)["edgeBackbone"]) + 1
    assert cap < G.number_of_edges()
    monkeypatch.setattr(interactive, "ALL_TIES_CAP", cap)
    capped = map_html(analysis, size_by="degree")
    with opened(chromium, capped.save(tmp_path / "capped.html")) as page:
        assert page.is_hidden("#tie-cap")  # the backbone is under the cap
        page.check("#all-ties")
        drawn = evaluate(page, "window.helixnetMap.drawnTies()")
        assert len(drawn) == cap
        weights = sorted((w for _, _, w in G.edges(data="weight")), reverse=True)
        assert sorted((G.edges[u, v]["weight"] for u, v in drawn), reverse=True) == weights[:cap]
        assert page.is_visible("#tie-cap")
        assert page.text_content("#tie-cap").startswith(f"Drawing the {cap} strongest of the {G.number_of_edges()} ties")
        page.uncheck("#all-ties")
        assert page.is_hidden("#tie-cap")


def test_country_filter(chromium, tiny):
    analysis, _, path = tiny
    countries = analysis.dataset.organisations["country"]
    with opened(chromium, path) as page:
        page.select_option("#country-filter", "NL")
        assert set(evaluate(page, "window.helixnetMap.shownIds()")) == set(countries.index[countries == "NL"])
        page.select_option("#country-filter", "")
        assert evaluate(page, "window.helixnetMap.shown()") == analysis.graph.number_of_nodes()


def download(page, selector: str):
    with page.expect_download() as info:
        page.click(selector)
    return info.value


def test_exports_png_svg_and_csv_of_the_current_view(chromium, hostile):
    from PIL import Image

    G, page_html, path = hostile
    with opened(chromium, path) as page:
        page.uncheck("#helix-filter input[data-helix=overheid]")
        shown = evaluate(page, "window.helixnetMap.shownIds()")
        assert 0 < len(shown) < G.number_of_nodes()

        nodes_file = download(page, "#export-nodes")
        assert nodes_file.suggested_filename == "organisations.csv"
        rows = list(csv.reader(io.StringIO(open(nodes_file.path(), encoding="utf-8").read())))
        assert rows[0][:3] == ["id", "name", "helix"]
        assert [r[0] for r in rows[1:]] == shown
        names = {r[0]: r[1] for r in rows[1:]}
        assert names["c1"] == G.nodes["c1"]["name"]  # hostile markup, as text
        assert names["b1"] == "'=HYPERLINK(1) coop"  # never a spreadsheet formula

        ties_file = download(page, "#export-ties")
        ties = list(csv.reader(io.StringIO(open(ties_file.path(), encoding="utf-8").read())))
        assert [frozenset(r[:2]) for r in ties[1:]] == [frozenset(t) for t in evaluate(page, "window.helixnetMap.drawnTies()")]

        png = download(page, "#export-png")
        with Image.open(png.path()) as image:
            image.load()
            assert image.format == "PNG" and image.width > 100 and image.height > 100
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 24)) > 2  # more than a blank picture

        svg_file = download(page, "#export-svg")
        root = ET.parse(svg_file.path()).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.tag == f"{ns}svg"
        assert len(root.findall(f".//{ns}circle")) + len(root.findall(f".//{ns}polygon")) == len(shown)
        assert len(root.findall(f".//{ns}line")) == len(ties) - 1
        assert not root.findall(f".//{ns}script") and not root.findall(".//script")
        texts = [t.text for t in root.findall(f".//{ns}text")]
        assert texts and set(texts) <= {G.nodes[n]["name"] for n in shown}  # labels are the names, as text
