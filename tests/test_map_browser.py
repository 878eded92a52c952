"""The interactive map in a real browser (Playwright driving Debian's Chromium, offline).

Every page is opened with all requests blocked except the file itself; each test checks
that nothing was requested, nothing was logged as an error and no dialog opened.
"""

from __future__ import annotations

import pickle

import pytest

from helixnet.viz.interactive import render_map
from tests.browser_support import open_page
from tests.helpers import REPO
from tests.test_viz import HOSTILE, small_graph, small_metrics

HOSTILE_NAMES = {
    "c1": HOSTILE,
    "c2": 'Quote "double" \'single\' `back` \n second line',
    "g1": "\u202eRTL override\u202c & <b>bold</b>",
    "b1": "L" * 5000,
    "clu": '"><svg onload=alert(3)> cluster',
}


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory):
    G = small_graph()
    for node, name in HOSTILE_NAMES.items():
        G.nodes[node]["name"] = name
    path = tmp_path_factory.mktemp("map") / "hostile.html"
    render_map(G, small_metrics(G), size_by="degree").save(path)
    return path


@pytest.fixture(scope="module")
def default_analysis():
    from helixnet.pipeline import analyse

    return analyse(REPO / "data")


def drawn_pixels(page) -> int:
    """How many pixels of the network canvas are not white/transparent."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#map canvas');
        const ctx = canvas.getContext('2d');
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) { count++; }
        }
        return count;
    }""")


def click_node(page, node_id: str) -> None:
    """Click the organisation ``node_id`` where the map draws it."""
    point = page.evaluate("""(id) => {
        const net = window.helixnetMap.network;
        const p = net.canvasToDOM(net.getPosition(id));
        const r = document.getElementById('map').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top};
    }""", node_id)
    page.mouse.click(point["x"], point["y"])


def wait_drawn(page) -> None:
    page.wait_for_selector("body[data-drawn-ms]", timeout=30_000)


def shown(page) -> int:
    return page.evaluate("() => window.helixnetMap.shown()")


def test_hostile_names_load_offline_draw_and_never_execute(chromium, hostile_map):
    page, log = open_page(chromium, hostile_map)
    wait_drawn(page)
    assert drawn_pixels(page) > 300
    # the hostile markup never became elements, and no attribute handler was created
    assert page.evaluate("() => document.querySelectorAll('img, b, script:not([id]):not([src])').length") <= 2
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.evaluate("() => document.querySelectorAll('[onerror], [onload], svg').length") == 0
    option = page.locator("#cluster-filter option[value=clu]").text_content()
    assert option == HOSTILE_NAMES["clu"] + " and its partners"
    # hovering and searching the hostile organisation shows its name as text
    page.fill("#search-input", "<img src=x")
    page.click("#search button")
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    assert tooltip.locator(".tip-name").text_content() == HOSTILE
    assert tooltip.locator("img").count() == 0
    page.fill("#search-input", "RTL override")
    page.click("#search button")
    assert tooltip.locator(".tip-name").text_content() == HOSTILE_NAMES["g1"]
    page.fill("#search-input", "LLLLLLLLLL")
    page.click("#search button")
    box = tooltip.bounding_box()
    assert box is not None and box["width"] < 500  # a 5,000-character name wraps inside the tooltip
    log.assert_clean()
    page.context.close()


def test_hostile_cluster_name_in_a_focus_title_stays_text(chromium, tmp_path):
    G = small_graph()
    G.nodes["clu"]["name"] = HOSTILE_NAMES["clu"]
    path = render_map(G, small_metrics(G), size_by="degree", cluster="clu").save(tmp_path / "focus.html")
    page, log = open_page(chromium, path)
    wait_drawn(page)
    heading = page.text_content("h1")
    assert heading.startswith(HOSTILE_NAMES["clu"] + ": partners within 1 step of the cluster")
    assert page.title() == heading
    assert page.evaluate("() => document.querySelectorAll('svg, [onload]').length") == 0
    log.assert_clean()
    page.context.close()


def test_search_focuses_selects_and_reports_matches(chromium, hostile_map):
    page, log = open_page(chromium, hostile_map)
    wait_drawn(page)
    page.fill("#search-input", "university")
    page.press("#search-input", "Enter")
    assert page.text_content("#search-status") == "1 match(es)"
    assert page.evaluate("() => window.helixnetMap.network.getSelectedNodes()") == ["u1"]
    assert page.locator("#tooltip .tip-name").text_content() == "University One"
    page.fill("#search-input", "no such organisation")
    page.press("#search-input", "Enter")
    assert page.text_content("#search-status") == "No match"
    assert page.evaluate("() => window.helixnetMap.network.getSelectedNodes()") == []
    log.assert_clean()
    page.context.close()


#: Whether vis-network draws an organisation (its visible nodes after the last data change).
DRAWN = "() => window.helixnetMap.network.body.nodeIndices.includes('%s')"


def test_helix_kind_and_cluster_filters(chromium, hostile_map):
    G = small_graph()
    companies = sum(1 for _, helix in G.nodes(data="helix") if helix == "bedrijf")
    page, log = open_page(chromium, hostile_map)
    wait_drawn(page)
    total = G.number_of_nodes()
    assert shown(page) == total
    assert page.text_content("#visible-status") == f"{total} of {total} organisations shown"
    page.uncheck("#helix-filter input[data-helix=bedrijf]")
    assert shown(page) == total - companies
    assert page.evaluate(DRAWN % "iso") is False
    page.fill("#search-input", "lonely")
    page.press("#search-input", "Enter")
    assert page.text_content("#search-status") == "1 match(es) hidden by the filters"
    page.check("#helix-filter input[data-helix=bedrijf]")
    assert shown(page) == total
    assert page.evaluate(DRAWN % "iso") is True
    page.click("summary:has-text('Kind')")
    page.click("#kinds-none")
    assert shown(page) == 0
    page.click("#kinds-all")
    assert shown(page) == total
    page.select_option("#cluster-filter", "clu")
    assert shown(page) == 1 + G.degree("clu")
    assert page.evaluate(DRAWN % "iso") is False
    log.assert_clean()
    page.context.close()


def test_click_highlights_partners(chromium, hostile_map):
    G = small_graph()
    page, log = open_page(chromium, hostile_map)
    wait_drawn(page)
    click_node(page, "g1")
    assert page.evaluate("() => window.helixnetMap.network.getSelectedNodes()") == ["g1"]
    near = set(G["g1"]) | {"g1"}
    assert set(page.evaluate("() => window.helixnetMap.emphasised()")) == near
    assert drawn_pixels(page) > 300  # the partners are drawn again over the veil
    assert page.locator("#tooltip .tip-name").text_content() == HOSTILE_NAMES["g1"]
    log.assert_clean()
    page.context.close()


def test_default_data_full_focus_and_reduced_maps(chromium, default_analysis, tmp_path):
    from helixnet.pipeline import map_html

    pages = {
        "full": map_html(default_analysis),
        "focus": map_html(default_analysis, cluster="flux50", depth=2, max_nodes=300, lang="nl"),
    }
    for label, html in pages.items():
        path = html.save(tmp_path / f"{label}.html")
        page, log = open_page(chromium, path)
        wait_drawn(page)
        assert drawn_pixels(page) > 10_000, label
        assert shown(page) == html.selection.graph.number_of_nodes()
        log.assert_clean()
        if label == "focus":
            assert "300 van de" in page.text_content("#reduced-note")
            assert page.evaluate("() => window.helixnetMap.network.getPosition('flux50')") == {"x": 0, "y": 0}
        else:
            assert page.locator("#reduced-note").count() == 0
        page.context.close()
    pickle.dumps(pages["full"].selection.omitted_by_helix)  # the selection is plain data


def test_a_graph_ten_times_the_limit_is_reduced_and_loads(chromium, tmp_path):
    import networkx as nx
    import pandas as pd

    G = nx.powerlaw_cluster_graph(20_000, 4, 0.3, seed=7)
    helices = ["bedrijf", "kennisinstelling", "overheid", "burger"]
    for node in G:
        G.nodes[node].update(name=f"Organisation {node}", helix=helices[node % 4], kind="kmo", sme=True,
                             is_cluster=node in (19_999, 5))
    metrics = pd.DataFrame({"degree": dict(G.degree())})
    page = render_map(G, metrics, size_by="degree", max_nodes=2000)
    kept = set(page.selection.graph)
    assert len(kept) == 2000 and {19_999, 5} <= kept
    top = sorted(G, key=lambda n: (-G.degree(n), str(n)))
    assert set(top[:1998]) - {19_999, 5} <= kept  # the rest are the highest-degree organisations
    assert page.selection.omitted_nodes == 18_000
    path = page.save(tmp_path / "big.html")
    tab, log = open_page(chromium, path)
    wait_drawn(tab)
    assert shown(tab) == 2000 and drawn_pixels(tab) > 10_000
    assert "Showing 2,000 of 20,000 organisations" in tab.text_content("#reduced-note")
    log.assert_clean()
    tab.context.close()
