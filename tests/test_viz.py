"""Tests of helixnet.viz: style helpers, the interactive map page and the static figures."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from helixnet.errors import OptionError
from helixnet.schema import HELICES
from helixnet.viz import interactive, static, style
from helixnet.viz.layout import layout_positions
from tests.helpers import parse_html

HOSTILE = "<img src=x onerror=alert(1)> </script><script>alert(2)</script>"


# --------------------------------------------------------------------------- fixtures


def small_graph() -> nx.Graph:
    """A hand-made collaboration graph following the data contract.

    clu (cluster) - u1, c1, g1, b1; u1 - c1 (2 projects); c1 - c2; c2 - g1;
    clu - c2 is a membership tie only; iso is isolated.
    """
    G = nx.Graph(title="Tiny ecosystem", source="hand-made", synthetic=True, start_year=2019, end_year=2022)
    nodes = {
        "clu": ("Cluster A", "intermediair", "cluster", False),
        "u1": ("University One", "kennisinstelling", "universiteit", False),
        "c1": (HOSTILE, "bedrijf", "kmo", True),
        "c2": ("Big Co", "bedrijf", "grote_onderneming", False),
        "g1": ("City $x$ of 'Gent' & co", "overheid", "stad", False),
        "b1": ("Coop", "burger", "cooperatie", False),
        "iso": ("Lonely SME", "bedrijf", "kmo", True),
    }
    for node, (name, helix, kind, sme) in nodes.items():
        G.add_node(node, name=name, helix=helix, kind=kind, sme=sme,
                   is_cluster=(helix == "intermediair" and kind == "cluster"))
    collaborations = [("clu", "u1", 1), ("clu", "c1", 1), ("u1", "c1", 2), ("c1", "c2", 1), ("c2", "g1", 1),
                      ("clu", "g1", 1), ("clu", "b1", 1), ("g1", "b1", 1)]
    for a, b, p in collaborations:
        G.add_edge(a, b, weight=float(p), projects=p, relation="collaboration")
    G.edges["clu", "c1"].update(weight=2.0, relation="collaboration+membership")
    G.add_edge("clu", "c2", weight=1.0, projects=0, relation="membership")
    return G


def small_metrics(G: nx.Graph) -> pd.DataFrame:
    nodes = list(G.nodes)
    frame = pd.DataFrame(
        {
            "name": [G.nodes[n]["name"] for n in nodes],
            "helix": [G.nodes[n]["helix"] for n in nodes],
            "kind": [G.nodes[n]["kind"] for n in nodes],
            "sme": [G.nodes[n]["sme"] for n in nodes],
            "is_cluster": [G.nodes[n]["is_cluster"] for n in nodes],
            "degree": [G.degree(n) for n in nodes],
            "strength": [G.degree(n, weight="weight") for n in nodes],
        },
        index=pd.Index(nodes, name="id"),
    )
    frame["betweenness"] = pd.Series(nx.betweenness_centrality(G))
    frame["constraint"] = pd.Series(nx.constraint(G))
    return frame


@pytest.fixture()
def graph() -> nx.Graph:
    return small_graph()


@pytest.fixture()
def metrics(graph) -> pd.DataFrame:
    return small_metrics(graph)


@pytest.fixture()
def cluster_table() -> pd.DataFrame:
    """Three clusters; partner counts chosen so the shares are easy to check by hand."""
    table = pd.DataFrame(
        {
            "name": ["Alpha", "Beta $5", "<b>Gamma</b>"],
            "degree": [10, 4, 0],
            "betweenness": [0.5, 0.1, 0.0],
            "constraint": [0.2, 0.4, float("nan")],
            "partners_bedrijf": [5, 2, 0],
            "partners_kennisinstelling": [3, 1, 0],
            "partners_overheid": [1, 1, 0],
            "partners_burger": [1, 0, 0],
            "partners_intermediair": [0, 0, 0],
            "share_sme": [0.3, 0.5, float("nan")],
        },
        index=pd.Index(["a", "b", "g"], name="id"),
    )
    return table


def map_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.DOTALL)
    assert match, "map data block missing"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- style


def map_ties(data: dict) -> list[frozenset]:
    """The ties of a map's data, as pairs of node ids, in the page's order."""
    ids = [node["id"] for node in data["nodes"]]
    ends = data["edgeEnds"]
    return [frozenset((ids[ends[2 * k]], ids[ends[2 * k + 1]])) for k in range(len(ends) // 2)]


def test_sqrt_scale_hand_values():
    # area proportional to value: sizes 0, 5, 10 for values 0, 1, 4 (sqrt(1/4) = 0.5)
    assert style.sqrt_scale([0, 1, 4], 0, 10) == [0.0, 5.0, 10.0]
    # a missing value gets the minimum; so does everything when all values are zero
    assert style.sqrt_scale([4, float("nan"), None], 2, 10) == [10.0, 2.0, 2.0]
    assert style.sqrt_scale([0, 0], 2, 10) == [2.0, 2.0]
    assert style.sqrt_scale([3, 3], 2, 10) == [10.0, 10.0]
    # negative values: the scale starts at the minimum
    assert style.sqrt_scale([-1, 0, 3], 0, 8) == [0.0, 4.0, 8.0]
    with pytest.raises(OptionError, match="size range"):
        style.sqrt_scale([1], 5, 1)


def test_helix_palette_is_okabe_ito_and_distinct():
    assert list(style.HELIX_COLOURS) == list(HELICES)
    assert len(set(style.HELIX_COLOURS.values())) == len(HELICES)
    assert set(style.HELIX_COLOURS.values()) <= set(style.OKABE_ITO.values())
    assert style.helix_colour("nonsense") == style.UNKNOWN_COLOUR
    assert style.helix_label("burger", "en") == "citizens"
    assert style.helix_label("intermediair", "nl") == "intermediair (cluster)"


def test_format_number_and_percent():
    assert style.format_number(1234567, "en") == "1,234,567"
    assert style.format_number(1234567, "nl") == "1.234.567"
    assert style.format_number(3.0) == "3"
    assert style.format_number(0.012345, "en") == "0.0123"
    assert style.format_number(12.345, "nl") == "12,3"
    assert style.format_number(float("nan")) == "–"
    assert style.format_number(pd.NA) == "–"
    assert style.format_percent(0.256, "en") == "26%"
    assert style.format_percent(0.256, "nl", decimals=1) == "25,6%"
    assert style.format_period(2014, 2020, "all") == "2014–2020"
    assert style.format_period(None, pd.NA, "all") == "all"
    with pytest.raises(OptionError, match="language 'fr'"):
        style.format_number(1, "fr")


def test_text_colour_on_palette():
    assert style.text_colour_on("#0072B2") == "#ffffff"  # blue: white text
    assert style.text_colour_on("#E69F00") == "#000000"  # orange: black text
    assert style.text_colour_on("#ffffff") == "#000000"


# --------------------------------------------------------------------------- layout


def test_layout_positions_cover_nodes_within_box_and_are_seeded(graph):
    positions = layout_positions(graph, seed=3)
    assert set(positions) == set(graph.nodes)
    coords = [c for xy in positions.values() for c in xy]
    assert max(abs(c) for c in coords) == pytest.approx(1000.0, abs=0.1)
    assert all(abs(c) <= 1000.0 for c in coords)
    assert layout_positions(graph, seed=3) == positions
    assert layout_positions(graph, seed=4) != positions
    # the isolated node sits below everything else (isolates form the last row)
    assert positions["iso"][1] == max(y for _, y in positions.values())


def test_layout_positions_small_graphs():
    assert layout_positions(nx.Graph()) == {}
    one = nx.Graph()
    one.add_node("a")
    assert layout_positions(one) == {"a": (0.0, 0.0)}
    two = nx.Graph([("a", "b")])
    assert layout_positions(two) == {"a": (-1000.0, 0.0), "b": (1000.0, 0.0)}


# --------------------------------------------------------------------------- map page


def test_map_has_no_external_references(graph, metrics):
    html = interactive.render_map(graph, metrics)
    parsed = parse_html(html)
    for tag, attrs in parsed.tags:
        for key in ("src", "href", "data", "action", "srcset", "poster"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, key, value)
    assert not [attrs for tag, attrs in parsed.tags if tag == "link"]
    assert all("src" not in attrs for tag, attrs in parsed.tags if tag == "script")
    for css in parsed.styles:
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css, re.IGNORECASE)
        assert "@import" not in css
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*['\"]?https?:", html, re.IGNORECASE)
    assert "sourceMappingURL" not in html  # vis-network's source map comment points at a missing file


def test_map_inlines_vis_network(graph, metrics):
    html = interactive.render_map(graph, metrics)
    vis_path = Path(__import__("pyvis").__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js"
    vis_js = vis_path.read_text(encoding="utf-8")
    # the whole library is inlined (only "</script"-like sequences are neutralised)
    assert interactive._inline_safe(vis_js, "script") in html
    assert len(vis_js) > 100_000
    assert "new vis.Network(" in html


def test_map_contains_every_node_and_edge(graph, metrics):
    html = interactive.render_map(graph, metrics)
    data = map_data(html)
    assert [node["id"] for node in data["nodes"]] == list(graph.nodes)
    ties = map_ties(data)
    assert len(ties) == graph.number_of_edges() == len(data["edgeProjects"]) == len(data["edgeRelation"])
    assert set(ties) == {frozenset(e) for e in graph.edges}
    for node in graph.nodes:
        assert f'"id":"{node}"' in html


def test_map_node_styles(graph, metrics):
    data = map_data(interactive.render_map(graph, metrics, size_by="betweenness"))
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes["clu"]["shape"] == "diamond" and nodes["clu"]["borderWidth"] == 3
    assert nodes["clu"]["color"]["border"] == style.CLUSTER_BORDER
    assert nodes["u1"]["shape"] == "dot"
    for node in graph.nodes:
        assert nodes[node]["color"]["background"] == style.HELIX_COLOURS[graph.nodes[node]["helix"]]
    # size: sqrt scaling between 5 and 40 px; the cluster has the highest betweenness here
    top = metrics["betweenness"].idxmax()
    assert top == "clu"
    assert nodes[top]["size"] == 40.0
    assert nodes["iso"]["size"] == 5.0  # betweenness 0
    expected = 5 + 35 * math.sqrt(metrics.at["c2", "betweenness"] / metrics["betweenness"].max())
    assert nodes["c2"]["size"] == pytest.approx(expected, abs=0.01)
    assert not any(node.get("physics") for node in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    # edge width grows with weight; the membership-only tie is dashed
    edges = {tie: k for k, tie in enumerate(map_ties(data))}
    assert data["edgeWidth"][edges[frozenset(("u1", "c1"))]] == 6.0
    assert data["edgeDashed"][edges[frozenset(("clu", "c2"))]] == 1
    assert data["edgeDashed"][edges[frozenset(("clu", "c1"))]] == 0
    assert data["relations"][data["edgeRelation"][edges[frozenset(("clu", "c1"))]]] == "shared projects + direct tie"


def test_map_escapes_hostile_names(graph, metrics):
    html = interactive.render_map(graph, metrics, title="<b>Title</b> & more", subtitle="</script><i>sub</i>")
    assert HOSTILE not in html
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html
    assert "<b>Title</b>" not in html
    assert "&lt;b&gt;Title&lt;/b&gt; &amp; more" in html
    assert "&lt;/script&gt;&lt;i&gt;sub&lt;/i&gt;" in html
    # every "</script" closes one of the page's own three script elements
    assert len([tag for tag, _ in parse_html(html).tags if tag == "script"]) == 3
    assert len(re.findall(r"</script", html, re.IGNORECASE)) == 3
    # the name survives the JSON round trip as text
    data = map_data(html)
    assert HOSTILE in [d["name"] for d in data["details"]]
    assert "City $x$ of 'Gent' & co" in [d["name"] for d in data["details"]]
    # tooltips are built with textContent; no innerHTML anywhere in helixnet's own script
    own_script = html.rsplit("<script>", 1)[1]
    assert "textContent" in own_script and "innerHTML" not in own_script


def test_map_tooltip_details(graph, metrics):
    data = map_data(interactive.render_map(graph, metrics, size_by="strength"))
    details = dict(zip([n["id"] for n in data["nodes"]], data["details"]))
    d = details["u1"]
    assert d["name"] == "University One"
    assert d["helix"] == "knowledge institution"
    assert d["kind"] == "universiteit"
    assert d["sme"] == "no"
    labels = [label for label, _ in d["metrics"]]
    assert labels == ["degree", "betweenness", "constraint", "strength"]
    assert dict(d["metrics"])["degree"] == "2"
    assert dict(d["metrics"])["betweenness"] == style.format_number(metrics.at["u1", "betweenness"])


def test_map_header_banner_and_legend(graph, metrics):
    html = interactive.render_map(graph, metrics)
    assert "<title>Tiny ecosystem</title>" in html
    assert "Synthetic demonstration data" in html
    assert "7 organisations, 9 links" in html
    assert "Source: hand-made" in html and "Period: 2019–2022" in html
    for helix in HELICES:
        assert style.helix_label(helix, "en") in html
        assert style.HELIX_COLOURS[helix] in html
    assert "betweenness: 0 to 0.300" in html  # size legend: range of the metric
    not_synthetic = interactive.render_map(graph, metrics, synthetic=False)
    assert "Synthetic demonstration data" not in not_synthetic
    graph.graph["synthetic"] = False
    assert "Synthetic demonstration data" not in interactive.render_map(graph, metrics)


def test_map_in_dutch(graph, metrics):
    html = interactive.render_map(graph, metrics, lang="nl")
    assert '<html lang="nl">' in html
    assert "Synthetische demonstratiegegevens" in html
    assert "7 organisaties, 9 verbindingen" in html
    assert "kennisinstelling" in html
    with pytest.raises(OptionError, match="language 'de'"):
        interactive.render_map(graph, metrics, lang="de")


def test_map_same_seed_same_page(graph, metrics):
    first = interactive.render_map(graph, metrics, seed=7)
    assert interactive.render_map(graph, metrics, seed=7) == first
    assert interactive.render_map(graph, metrics, seed=8) != first


def test_map_unknown_metric(graph, metrics):
    with pytest.raises(OptionError) as excinfo:
        interactive.render_map(graph, metrics, size_by="fame")
    message = str(excinfo.value)
    assert "'fame'" in message
    for valid in ("degree", "strength", "betweenness", "constraint"):
        assert valid in message
    assert "name" not in message.split("expected one of:")[1]  # text columns are not sizeable
    with pytest.raises(OptionError, match="'sme'"):
        interactive.render_map(graph, metrics, size_by="sme")  # boolean columns neither


def test_map_nodes_missing_from_metrics(graph, metrics):
    data = map_data(interactive.render_map(graph, metrics.drop(index="u1")))
    details = dict(zip([n["id"] for n in data["nodes"]], data["details"]))
    assert dict(details["u1"]["metrics"])["betweenness"] == "–"
    assert "1 without a value" in interactive.render_map(graph, metrics.drop(index="u1"))


def test_json_for_script_escapes_markup():
    value = {"a": "</script><!-- & \u2028 >"}
    text = interactive.json_for_script(value)
    assert not set("<>&") & set(text)
    assert "\u2028" not in text
    assert json.loads(text) == value
    with pytest.raises(ValueError):
        interactive.json_for_script({"x": float("nan")})


def test_inline_safe_neutralises_closing_tags():
    assert interactive._inline_safe('a="</SCRIPT>";b="<!--"', "script") == 'a="<\\/SCRIPT>";b="<\\!--"'
    assert interactive._inline_safe("x</style>", "style") == "x<\\/style>"
    assert interactive._inline_safe("f();\n//# sourceMappingURL=vis.js.map\n", "script") == "f();\n\n"


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="needs a chromium binary")
def test_map_in_headless_chromium(graph, metrics, tmp_path):
    """The page draws offline and a hostile name stays text in a real browser."""
    html = interactive.render_map(graph, metrics)
    probe = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  document.getElementById("search-input").value = "onerror";
  document.getElementById("search").requestSubmit();
  document.body.setAttribute("data-canvas", String(document.querySelectorAll("#map canvas").length));
  document.body.setAttribute("data-img", String(document.getElementsByTagName("img").length));
}, 300); });
</script>
</body>"""
    page = tmp_path / "map.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    profile = tempfile.mkdtemp(dir=tmp_path)
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=1200,800", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    dom = result.stdout
    assert 'data-canvas="1"' in dom, result.stderr[-2000:]
    assert 'data-img="0"' in dom
    # the search opened the tooltip of the hostile node, whose name is text, not markup
    assert ('<div class="tip-name">&lt;img src=x onerror=alert(1)&gt; &lt;/script&gt;&lt;script&gt;alert(2)'
            '&lt;/script&gt;</div>') in dom
    assert "1 match(es)" in dom


# --------------------------------------------------------------------------- static figures


def test_partner_helix_shares_from_counts(cluster_table):
    shares = static.partner_helix_shares(cluster_table)
    assert list(shares.columns) == list(HELICES)
    assert shares.loc["a"].tolist() == [0.5, 0.3, 0.1, 0.1, 0.0]
    assert shares.loc["b"].tolist() == [0.5, 0.25, 0.25, 0.0, 0.0]
    assert shares.loc["g"].isna().all()  # no partners
    with pytest.raises(OptionError, match="share_bedrijf"):
        static.partner_helix_shares(cluster_table[["name"]])


def test_helix_composition_bars_and_labels(cluster_table):
    fig = static.helix_composition(cluster_table)
    ax = fig.axes[0]
    assert len(ax.containers) == len(HELICES)
    assert all(len(container) == len(cluster_table) for container in ax.containers)
    # the first cluster's segments: 50, 30, 10, 10, 0 percent, stacked left to right
    widths = [container[0].get_width() for container in ax.containers]
    lefts = [container[0].get_x() for container in ax.containers]
    assert widths == pytest.approx([50, 30, 10, 10, 0])
    assert lefts == pytest.approx([0, 50, 80, 90, 100])
    assert [container[0].get_facecolor() for container in ax.containers] == [
        pytest.approx(__import__("matplotlib.colors").colors.to_rgba(style.HELIX_COLOURS[h])) for h in HELICES
    ]
    assert ax.get_xlabel() == "Share of the cluster's partners (%)"
    assert ax.get_xlim() == (0, 100)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", r"Beta \$5", "<b>Gamma</b>"]
    assert "no partners" in [t.get_text() for t in ax.texts]
    assert "50%" in [t.get_text() for t in ax.texts]
    nl = static.helix_composition(cluster_table, lang="nl").axes[0]
    assert nl.get_xlabel() == "Aandeel van de partners van de cluster (%)"
    assert nl.get_title(loc="left") == "Helixmix van de partners per cluster"


def test_cluster_comparison_panels(cluster_table, metrics):
    fig = static.cluster_comparison(cluster_table, metrics)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["degree", "betweenness", "constraint", "share of SME partners"]
    for ax in axes:
        assert len(ax.patches) == len(cluster_table)
        assert ax.get_xlim()[0] == 0
    # shared cluster axis: every panel has the same y limits
    assert len({ax.get_ylim() for ax in axes}) == 1
    # reference line: median degree of all organisations
    degree_lines = [line.get_xdata()[0] for line in axes[0].get_lines()]
    assert degree_lines == [pytest.approx(metrics["degree"].median())]
    sme_lines = [line.get_xdata()[0] for line in axes[3].get_lines()]
    assert sme_lines == [pytest.approx(metrics["sme"].mean())]
    nl = static.cluster_comparison(cluster_table, lang="nl")
    assert [ax.get_title() for ax in nl.axes if ax.get_visible()][0] == "graad"
    assert all(not ax.get_lines() for ax in nl.axes)  # no org metrics: no reference lines


def test_cluster_comparison_options(cluster_table):
    fig = static.cluster_comparison(cluster_table, metrics=["betweenness"])
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["betweenness"]
    three = static.cluster_comparison(cluster_table, metrics=["degree", "betweenness", "constraint"])
    assert sum(ax.get_visible() for ax in three.axes) == 3
    with pytest.raises(OptionError, match="'fame'"):
        static.cluster_comparison(cluster_table, metrics=["fame"])
    with pytest.raises(OptionError, match="'name' is not numeric"):
        static.cluster_comparison(cluster_table, metrics=["name"])
    with pytest.raises(OptionError, match="none of the columns"):
        static.cluster_comparison(cluster_table[["name"]])


def test_ccdf_points_hand_values():
    assert static.ccdf_points(pd.Series([0, 1, 1, 2])) == ([1.0, 2.0], [0.75, 0.25])
    assert static.ccdf_points(pd.Series([3, 3, 3])) == ([3.0], [1.0])
    assert static.ccdf_points(pd.Series([0, 0])) == ([], [])
    assert static.ccdf_points(pd.Series([], dtype=float)) == ([], [])


def test_degree_distribution(metrics):
    fig = static.degree_distribution(metrics)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_title(loc="left") == "Degree distribution"
    assert "1 organisations without partners" in ax.get_xlabel()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == "all organisations"
    assert set(labels[1:]) == {style.helix_label(h) for h in HELICES}
    ks, shares = ax.get_lines()[0].get_data()
    # degrees: clu 5, c1 3, c2 3, g1 3, u1 2, b1 2, iso 0
    assert list(ks) == [2.0, 3.0, 5.0]
    assert list(shares) == pytest.approx([6 / 7, 4 / 7, 1 / 7])
    nl = static.degree_distribution(metrics, lang="nl").axes[0]
    assert nl.get_title(loc="left") == "Graadverdeling"
    with pytest.raises(OptionError, match="'degree'"):
        static.degree_distribution(metrics.drop(columns="degree"))


def test_figures_render_names_literally(cluster_table):
    # a "$...$" name would be parsed as (here: broken) mathtext if not escaped
    table = cluster_table.assign(name=["a $\\frac{1}{$ b", "Beta", "Gamma"])
    png = static.figure_to_png_bytes(static.helix_composition(table))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert static.mpl_text("cost $5") == r"cost \$5"


def test_figure_bytes_are_reproducible(cluster_table):
    png = static.figure_to_png_bytes(static.helix_composition(cluster_table))
    assert png == static.figure_to_png_bytes(static.helix_composition(cluster_table))
    svg = static.figure_to_svg(static.helix_composition(cluster_table))
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert svg == static.figure_to_svg(static.helix_composition(cluster_table))
    assert "<dc:date>" not in svg


# --------------------------------------------------------------------------- neutral-connector figures


@pytest.fixture()
def brokerage_table() -> pd.DataFrame:
    """Three clusters with hand-picked brokerage z-scores: positive, negative, zero, NaN and infinite."""
    z = {
        "w_I": [0.0, -1.5, float("nan")],
        "w_O": [12.34, 2.0, -3.0],
        "b_IO": [150.0, 0.5, float("inf")],
        "b_OI": [-0.25, -20.0, 1.0],
        "b_O": [289.2, 3.82, float("-inf")],
    }
    table = pd.DataFrame({"name": ["Alpha", "Beta $5", "<b>Gamma</b>"]}, index=pd.Index(["a", "b", "g"], name="id"))
    for role, values in z.items():
        table[f"brokerage_{role}_z"] = values
    table["brokerage_t_z"] = [99.0, 99.0, 99.0]  # not a heatmap role
    return table


def _cell_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_brokerage_heatmap_cells_hold_the_z_values(brokerage_table):
    fig = static.brokerage_heatmap(brokerage_table)
    ax = fig.axes[0]
    # one text per cell, row by row, each the table's z formatted with 3 significant digits
    assert _cell_texts(fig) == [
        "0", "12.3", "150", "289",
        "-1.50", "2", "0.500", "3.82",
        "–", "-3", "∞", "−∞",
    ]
    positions = [t.get_position() for t in ax.texts]
    assert positions[:4] == [(0, 0), (1, 0), (2, 0), (3, 0)] and positions[-1] == (3, 2)
    image = ax.get_images()[0]
    assert image.get_array().shape == (3, 4)
    # the diverging scale is centred on 0 and symmetric; z = 0 is white-ish, z > 0 red, z < 0 blue
    norm = image.norm
    assert norm.vmin == -norm.vmax and norm.vmax == pytest.approx(289.2)
    assert float(norm(0.0)) == pytest.approx(0.5)
    white, red, blue = (image.cmap(norm(v)) for v in (0.0, 150.0, -20.0))
    assert min(white[:3]) > 0.9
    assert red[0] > red[2] and blue[2] > blue[0]
    # the missing value is masked (drawn in the "bad" colour), the infinite ones clipped to the extremes
    assert bool(image.get_array().mask[2, 0])
    assert image.get_array()[2, 2] == pytest.approx(289.2) and image.get_array()[2, 3] == pytest.approx(-289.2)
    # column labels from the catalogue, rows in table order with "$" escaped
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "coordinator\n(w_I)", "itinerant\nbroker (w_O)", "representative\n(b_IO)", "liaison (b_O)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Alpha", r"Beta \$5", "<b>Gamma</b>"]
    assert "z under sna's Bernoulli null" in fig.get_supxlabel() and "grows with the number of partners" in \
        fig.get_supxlabel()
    assert "sna null (grows with degree)" in ax.get_title(loc="left")


def test_brokerage_heatmap_dutch_and_options(brokerage_table):
    nl = static.brokerage_heatmap(brokerage_table, lang="nl")
    assert _cell_texts(nl)[:4] == ["0", "12,3", "150", "289"]
    labels = [t.get_text().replace("\n", " ") for t in nl.axes[0].get_xticklabels()]
    assert labels == ["coördinator (w_I)", "consultant (w_O)", "vertegenwoordiger (b_IO)",
                      "liaison (b_O)"]
    assert nl.axes[0].get_title(loc="left") == \
        "Makelaarsrollen van de clusters: z-score, sna-nulmodel (groeit met de graad)"
    assert "groeit met het aantal partners" in nl.get_supxlabel()
    two = static.brokerage_heatmap(brokerage_table, roles=["b_O", "w_O"])
    assert _cell_texts(two) == ["289", "12.3", "3.82", "2", "−∞", "-3"]
    # a small |z| still gets a symmetric scale at least as wide as the linear part
    small = static.brokerage_heatmap(brokerage_table.assign(**{f"brokerage_{r}_z": 0.5 for r in static.HEATMAP_ROLES}))
    assert small.axes[0].get_images()[0].norm.vmax == 2 * static.HEATMAP_LINEAR_Z
    with pytest.raises(OptionError, match="'brokerage_b_O_z'"):
        static.brokerage_heatmap(brokerage_table.drop(columns="brokerage_b_O_z"))
    with pytest.raises(OptionError, match="at least one"):
        static.brokerage_heatmap(brokerage_table, roles=[])
    with pytest.raises(OptionError, match="no clusters"):
        static.brokerage_heatmap(brokerage_table.iloc[0:0])


def test_brokerage_heatmap_renders_names_literally(brokerage_table):
    # broken mathtext: matplotlib would raise while drawing if the name were parsed as maths
    table = brokerage_table.assign(name=["a $\\frac{1}{$ b", "Beta", "Gamma"])
    fig = static.brokerage_heatmap(table)
    assert fig.axes[0].get_yticklabels()[0].get_text() == r"a \$\frac{1}{\$ b"
    assert static.figure_to_png_bytes(fig).startswith(b"\x89PNG")


def test_format_z():
    assert static.format_z(3.8192) == "3.82"
    assert static.format_z(3.8192, "nl") == "3,82"
    assert static.format_z(float("inf")) == "∞" and static.format_z(float("-inf")) == "−∞"
    assert static.format_z(float("nan")) == "–"


@pytest.fixture()
def neutrality_metrics() -> pd.DataFrame:
    """Eight organisations: three clusters (one without partners) and five others (one without partners)."""
    frame = pd.DataFrame(
        {
            "name": ["Alpha $x$", "Beta", "Lonely cluster", "o1", "o2", "o3", "o4", "iso"],
            "is_cluster": [True, True, True, False, False, False, False, False],
            "participation": [0.7, 0.3, float("nan"), 0.1, 0.5, 0.6, 0.2, float("nan")],
            "top1_share": [0.05, 0.5, float("nan"), 1.0, 0.2, 0.1, 0.4, float("nan")],
        },
        index=pd.Index(["ca", "cb", "cl", "o1", "o2", "o3", "o4", "iso"], name="id"),
    )
    return frame


def _collection(fig, gid):
    found = [c for c in fig.axes[0].collections if c.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def test_neutrality_scatter_highlights_exactly_the_clusters(neutrality_metrics):
    from matplotlib.text import Annotation

    fig = static.neutrality_scatter(neutrality_metrics)
    ax = fig.axes[0]
    clusters = _collection(fig, "clusters").get_offsets()
    assert sorted(map(tuple, clusters.tolist())) == [(0.3, 0.5), (0.7, 0.05)]
    others = _collection(fig, "organisations").get_offsets()
    assert sorted(map(tuple, others.tolist())) == [(0.1, 1.0), (0.2, 0.4), (0.5, 0.2), (0.6, 0.1)]
    # exactly the plotted clusters are labelled, at their own points, "$" escaped
    labels = {a.get_text(): a.xy for a in ax.texts if isinstance(a, Annotation)}
    assert labels == {r"Alpha \$x\$": (0.7, 0.05), "Beta": (0.3, 0.5)}
    # the cluster without partners cannot be placed: it is named on the figure
    assert "not shown (no partners): Lonely cluster" in [t.get_text() for t in ax.texts]
    # medians of all organisations with partners (clusters included): x 0.4, y 0.3
    lines = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.get_lines()]
    assert lines[0][0] == pytest.approx(0.4) and lines[1][1] == pytest.approx(0.3)
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "Participation coefficient over partner helices (higher = more balanced)"
    assert ax.get_ylabel() == "Share of tie weight on the top partner (lower = less captured)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["other organisations (4)", "clusters", "median of all organisations"]
    assert static.figure_to_png_bytes(fig).startswith(b"\x89PNG")  # "$x$" is not parsed as mathtext


def test_neutrality_scatter_labels_do_not_overlap():
    """Clusters crowded at almost the same point get labels that do not cover each other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation, Text

    n = 6
    frame = pd.DataFrame(
        {
            "name": [f"Cluster number {i}" for i in range(n)] + ["x", "y"],
            "is_cluster": [True] * n + [False, False],
            "participation": [0.5 + 0.001 * i for i in range(n)] + [0.1, 0.8],
            "top1_share": [0.1] * n + [0.9, 0.02],
        },
        index=pd.Index([f"c{i}" for i in range(n)] + ["x", "y"]),
    )
    fig = static.neutrality_scatter(frame)
    assert isinstance(fig.canvas, FigureCanvasAgg)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    notes = [a for a in fig.axes[0].texts if isinstance(a, Annotation)]
    assert len(notes) == n
    boxes = [Text.get_window_extent(a, renderer) for a in notes]
    for i in range(n):
        for j in range(i + 1, n):
            assert not boxes[i].overlaps(boxes[j]), (notes[i].get_text(), notes[j].get_text())


def test_neutrality_scatter_dutch_and_errors(neutrality_metrics):
    nl = static.neutrality_scatter(neutrality_metrics, lang="nl").axes[0]
    assert nl.get_title(loc="left") == "Neutraliteit: evenwichtig over de helices, niet gevangen door één partner"
    assert nl.get_xlabel().startswith("Participatiecoëfficiënt")
    assert "niet getoond (geen partners): Lonely cluster" in [t.get_text() for t in nl.texts]
    assert nl.get_legend().get_texts()[0].get_text() == "andere organisaties (4)"
    with pytest.raises(OptionError, match="'top1_share'"):
        static.neutrality_scatter(neutrality_metrics.drop(columns="top1_share"))


def test_new_figures_are_reproducible(brokerage_table, neutrality_metrics):
    for make in (lambda: static.brokerage_heatmap(brokerage_table),
                 lambda: static.neutrality_scatter(neutrality_metrics)):
        assert static.figure_to_png_bytes(make()) == static.figure_to_png_bytes(make())


# --------------------------------------------------------------------------- scenario matrices


class _Scenario:
    def __init__(self, id: str, en: str, nl: str) -> None:
        self.id, self.title_en, self.title_nl = id, en, nl
        self.description_en, self.description_nl = f"What {en} does <i>", f"Wat {nl} doet <i>"


class ScenarioResultsStub:
    """The shape of helixnet.scenarios.run.ScenarioResults, built by hand."""

    def __init__(self, outcomes, assumptions, scenarios, clusters, cluster_names, n_runs=200, seed=11):
        self.outcomes, self.assumptions, self.scenarios = outcomes, assumptions, scenarios
        self.clusters, self.cluster_names, self.n_runs, self.seed = clusters, cluster_names, n_runs, seed


#: (scenario, cluster, outcome) -> (delta_mean, delta_low, delta_high, n_runs); baseline rows are all 0.
SCENARIO_DELTAS = {
    ("removal", "a", "sme_knowledge_reach"): (-0.0123, -0.0123, -0.0123, 1),
    ("removal", "b", "sme_knowledge_reach"): (-0.5, -0.5, -0.5, 1),
    ("mission", "a", "sme_knowledge_reach"): (0.012, 0.008, 0.015, 200),
    ("mission", "b", "sme_knowledge_reach"): (0.0, -0.0021, 0.0019, 200),
    ("removal", "a", "distance_fragmentation"): (0.02, 0.02, 0.02, 1),
    ("removal", "b", "distance_fragmentation"): (0.01, 0.01, 0.01, 1),
    ("mission", "a", "distance_fragmentation"): (-0.03, -0.04, -0.02, 200),
    ("mission", "b", "distance_fragmentation"): (-0.004, -0.006, -0.001, 200),
    ("removal", "a", "brokerage_b_O_z"): (float("nan"),) * 3 + (1,),
    ("removal", "b", "brokerage_b_O_z"): (float("nan"),) * 3 + (1,),
    ("mission", "a", "brokerage_b_O_z"): (-523.4, -610.0, -440.2, 200),
    ("mission", "b", "brokerage_b_O_z"): (12.5, 3.0, 20.0, 200),
}


def scenario_results() -> ScenarioResultsStub:
    scenarios = [_Scenario("baseline", "Baseline", "Basislijn"), _Scenario("removal", "Removal", "Verdwijning"),
                 _Scenario("mission", "(3) Base mission", "(3) Basisopdracht")]
    rows = []
    outcomes = sorted({key[2] for key in SCENARIO_DELTAS})
    for scenario in ("baseline", "removal", "mission"):
        for cluster in ("a", "b"):
            for outcome in outcomes:
                mean, low, high, runs = SCENARIO_DELTAS.get((scenario, cluster, outcome), (0.0, 0.0, 0.0, 1))
                rows.append({"scenario": scenario, "cluster": cluster, "outcome": outcome, "baseline": 1.0,
                             "mean": 1.0 + mean, "low": 1.0 + low, "high": 1.0 + high, "delta_mean": mean,
                             "delta_low": low, "delta_high": high, "n_runs": runs})
    assumptions = pd.DataFrame(
        [("mission", "", "extra_sme_share", 0.1, "More SME ties <script>x</script>", "Meer kmo-banden <script>"),
         ("mission", "b", "host", "vito", "VITO knows B & co", "VITO kent B & co"),
         ("mission", "a", "host", "imec", "imec hosts A", "imec is gastheer van A")],
        columns=["scenario", "cluster", "name", "value", "rationale_en", "rationale_nl"])
    return ScenarioResultsStub(pd.DataFrame(rows), assumptions, scenarios, ["a", "b"],
                               {"a": "Alpha $1", "b": HOSTILE})


def test_format_change():
    from helixnet.scenarios import labels

    assert labels.format_change(0.012, 0.008, 0.015, 200) == ("+0.012", "[0.008, 0.015]")
    assert labels.format_change(-523.4, -610.0, -440.2, 200) == ("-523", "[-610, -440]")
    assert labels.format_change(0.012, 0.008, 0.015, 200, "nl") == ("+0,012", "[0,008; 0,015]")
    assert labels.format_change(-0.0123, -0.0123, -0.0123, 1) == ("-0.012", "")  # deterministic: no interval
    assert labels.format_change(float("nan"), 1, 2, 5) == ("n/a", "")
    assert labels.format_change(None, lang="nl") == ("n.v.t.", "")
    assert labels.format_change(0.0, -0.0021, 0.0019, 200) == ("0.0000", "[-0.0021, 0.0019]")
    assert labels.format_change(1234.0, 1000.0, 1500.0, 9) == ("+1,234", "[1,000, 1,500]")
    assert labels.better_direction("distance_fragmentation") == -1 and labels.better_direction("brokerage_t_z") == 1
    assert set(labels.OUTCOME_LABELS["en"]) == set(labels.OUTCOME_LABELS["nl"])
    assert set(labels.OUTCOME_GUIDES["en"]) == set(labels.OUTCOME_GUIDES["nl"])


def test_scenario_matrix_cells_hold_the_changes():
    results = scenario_results()
    outcomes_before = results.outcomes.copy()
    fig = static.scenario_matrix(results, "sme_knowledge_reach")
    ax = fig.axes[0]
    # rows = clusters, columns = scenarios without the baseline; removal is deterministic (no interval)
    assert _cell_texts(fig) == ["-0.012", "+0.012\n[0.008, 0.015]", "-0.50", "0.0000\n[-0.0021, 0.0019]"]
    assert [t.get_position() for t in ax.texts] == [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Removal", "(3) Base mission"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [r"Alpha \$1", mpl_wrapped(HOSTILE)]
    image = ax.get_images()[0]
    assert image.get_array().shape == (2, 2)
    assert image.get_array()[1, 0] == pytest.approx(-0.5)
    assert image.norm.vmin == -0.5 and image.norm.vmax == 0.5  # symmetric around 0
    assert "SMEs within 2 steps of a knowledge institution" in fig.get_suptitle()
    assert "higher is better" in fig.get_supxlabel()
    pd.testing.assert_frame_equal(results.outcomes, outcomes_before)  # the input is not changed


def mpl_wrapped(name: str) -> str:
    return static._wrap(name, 26).replace("$", r"\$")


def _is_blue(rgba) -> bool:
    return rgba[2] > rgba[0] + 0.1


def _is_red(rgba) -> bool:
    return rgba[0] > rgba[2] + 0.1


def test_scenario_matrix_colour_orientation_flips_for_lower_is_better():
    results = scenario_results()
    for outcome, better_sign in (("sme_knowledge_reach", 1), ("distance_fragmentation", -1)):
        image = static.scenario_matrix(results, outcome).axes[0].get_images()[0]
        step = image.norm.vmax / 2
        up, down = image.cmap(image.norm(step)), image.cmap(image.norm(-step))
        better, worse = (up, down) if better_sign > 0 else (down, up)
        assert _is_blue(better) and _is_red(worse), outcome
    # the cells themselves: in the fragmentation matrix, the decrease of "a" under the mission is blue
    image = static.scenario_matrix(results, "distance_fragmentation").axes[0].get_images()[0]
    values = image.get_array()
    assert _is_blue(image.cmap(image.norm(values[0, 1]))) and _is_red(image.cmap(image.norm(values[0, 0])))
    assert "lower is better" in static.scenario_matrix(results, "distance_fragmentation").get_supxlabel()


def test_scenario_matrix_missing_values_dutch_and_errors():
    results = scenario_results()
    fig = static.scenario_matrix(results, "brokerage_b_O_z")
    assert _cell_texts(fig) == ["n/a", "-523\n[-610, -440]", "n/a", "+12\n[3, 20]"]
    assert bool(fig.axes[0].get_images()[0].get_array().mask[0, 0])
    nl = static.scenario_matrix(results, "brokerage_b_O_z", lang="nl")
    assert _cell_texts(nl) == ["n.v.t.", "-523\n[-610; -440]", "n.v.t.", "+12\n[3; 20]"]
    assert [t.get_text() for t in nl.axes[0].get_xticklabels()] == ["Verdwijning", "(3) Basisopdracht"]
    assert "verschil met de basislijn" in nl.axes[0].get_title(loc="left")
    with pytest.raises(OptionError, match="'giant_share' is not in the scenario results"):
        static.scenario_matrix(results, "giant_share")
    with pytest.raises(OptionError, match="language"):
        static.scenario_matrix(results, "brokerage_b_O_z", lang="fr")
    broken = scenario_results()
    broken.outcomes = broken.outcomes.drop(columns="delta_low")
    with pytest.raises(OptionError, match="'delta_low'"):
        static.scenario_matrix(broken, "sme_knowledge_reach")
    twice = scenario_results()
    twice.outcomes = pd.concat([twice.outcomes, twice.outcomes.tail(1)])
    with pytest.raises(OptionError, match="more than once"):
        static.scenario_matrix(twice, str(twice.outcomes["outcome"].iloc[-1]))


def test_scenario_matrices_small_multiples_and_reproducible():
    results = scenario_results()
    figures = static.scenario_matrices(results)
    # the key outcomes present, in the order of SCENARIO_KEY_OUTCOMES (cross_helix_ties is absent)
    assert [f.get_suptitle() for f in figures] == ["SMEs within 2 steps of a knowledge institution",
                                                   "Distance-weighted fragmentation", "Cluster: liaison z-score"]
    assert static.figure_to_png_bytes(figures[0]) == static.figure_to_png_bytes(
        static.scenario_matrix(scenario_results(), "sme_knowledge_reach"))
    # names with broken mathtext draw literally
    odd = scenario_results()
    odd.cluster_names = {"a": "a $\\frac{1}{$ b", "b": "B"}
    static.figure_to_png_bytes(static.scenario_matrix(odd, "sme_knowledge_reach"))


def test_wrap_hyphenates_long_words_when_asked():
    assert static._wrap("(4) Systemic-transformation programme", 17, hyphenate=True) == \
        "(4) Systemic-\ntransformation\nprogramme"
    assert static._wrap("(4) Systeemtransformatieprogramma", 17, hyphenate=True) == \
        "(4)\nSysteemtransform-\natieprogramma"
    assert static._wrap("Systeemtransformatieprogramma", 17) == "Systeemtransformatieprogramma"
