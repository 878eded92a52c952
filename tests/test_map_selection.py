"""Tests of what a map draws: cluster focus, deterministic reduction, focus layout, labels,
the NetworkMap object (Jupyter display) and the ``helixnet map`` options."""

from __future__ import annotations

import math
import re
from html import unescape

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from helixnet.cli import main
from helixnet.errors import OptionError
from helixnet.viz.interactive import NetworkMap, render_map
from helixnet.viz.layout import focus_positions, separate_labels
from helixnet.viz.selection import select_for_map
from tests.helpers import TINY
from tests.test_viz import small_graph, small_metrics


@pytest.fixture()
def drawn() -> tuple[nx.Graph, pd.DataFrame]:
    """The hand-made graph of tests/test_viz.py and its metrics."""
    G = small_graph()
    return G, small_metrics(G)


def test_whole_graph_below_the_limit_is_drawn_whole(drawn):
    graph, metrics = drawn
    selection = select_for_map(graph, metrics, "degree")
    assert set(selection.graph) == set(graph) and selection.graph.number_of_edges() == graph.number_of_edges()
    assert not selection.reduced and selection.omitted_edges == 0 and selection.focus is None
    assert all(count == 0 for count in selection.hidden_partners.values())


def test_reduction_keeps_clusters_then_top_metric_and_counts_what_it_left_out(drawn):
    graph, metrics = drawn
    # degree: clu 5, c1 3, g1 3, c2 3, u1 2, b1 2, iso 0; ties broken by id
    selection = select_for_map(graph, metrics, "degree", max_nodes=3)
    kept = set(selection.graph)
    assert kept == {"clu", "c1", "c2"}  # cluster first; then degree 3 by id: c1, c2 (g1 after)
    assert selection.omitted_by_helix == {"overheid": 1, "kennisinstelling": 1, "burger": 1, "bedrijf": 1}
    assert selection.omitted_nodes == 4 and selection.source_nodes == 7
    assert selection.omitted_edges == graph.number_of_edges() - graph.subgraph(kept).number_of_edges()
    assert selection.hidden_partners == {n: graph.degree(n) - graph.subgraph(kept).degree(n) for n in kept}
    again = select_for_map(graph, metrics, "degree", max_nodes=3)
    assert list(again.graph) == list(selection.graph)  # deterministic


def test_reduction_puts_missing_metric_values_last(drawn):
    graph, metrics = drawn
    metrics = metrics.copy()
    metrics.loc["c1", "degree"] = math.nan
    assert "c1" not in select_for_map(graph, metrics, "degree", max_nodes=5).graph


def test_cluster_focus_is_the_ego_network_with_distances(drawn):
    graph, metrics = drawn
    selection = select_for_map(graph, metrics, "degree", cluster="clu", depth=1)
    assert set(selection.graph) == {"clu", *graph["clu"]}
    assert selection.distance == {"clu": 0, **{n: 1 for n in graph["clu"]}}
    deep = select_for_map(graph, metrics, "degree", cluster="clu", depth=2)
    assert set(deep.graph) == set(nx.node_connected_component(graph, "clu"))
    nearest = select_for_map(graph, metrics, "degree", cluster="clu", depth=2, max_nodes=2)
    assert set(nearest.graph) == {"clu", "c1"}  # distance first, then degree (c1 ties c2 and g1; id order)
    assert nearest.source_nodes == 6 and "iso" not in nearest.graph


_ORDER_PROBE = """
import networkx as nx, pandas as pd
from helixnet.viz.selection import select_for_map
G = nx.Graph()
G.add_node("hub", is_cluster=True, helix="intermediair")
for i in range(60):
    G.add_edge("hub", f"n{i:02d}", weight=1.0)
    G.add_edge(f"n{i:02d}", f"n{(i + 1) % 60:02d}", weight=1.0)
    G.add_edge(f"n{i:02d}", f"far{i:02d}", weight=1.0)
    G.add_edge(f"far{i:02d}", f"farther{i:02d}", weight=1.0)
metrics = pd.DataFrame({"degree": pd.Series(dict(G.degree()), dtype=float)})
drawn = select_for_map(G, metrics, "degree", cluster="hub").graph
print(list(drawn.nodes), list(drawn.edges))
"""


def test_drawn_graph_keeps_the_graph_order_whatever_the_hash_seed():
    """A focus map's nodes and ties come in the graph's order, not a set's: the page (its
    positions, backbone and arrays) is the same in every process. Before, a subgraph view
    of fewer than half the nodes iterated a set of string ids, whose order follows
    PYTHONHASHSEED."""
    import os
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", _ORDER_PROBE], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(hash_seed)}).stdout
               for hash_seed in (1, 2, 3)}
    assert len(outputs) == 1
    nodes = eval(next(iter(outputs)).split("] [")[0] + "]")  # noqa: S307 - our own printed list
    assert nodes == ["hub", *(f"n{i:02d}" for i in range(60))]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"cluster": "u1"}, "unknown cluster 'u1'; expected one of: clu \\(Cluster A\\)"),
     ({"cluster": "clu", "depth": 0}, "depth is 0"),
     ({"max_nodes": 0}, "max_nodes is 0")],
)
def test_selection_errors(drawn, kwargs, message):
    graph, metrics = drawn
    with pytest.raises(OptionError, match=message):
        select_for_map(graph, metrics, "degree", **kwargs)


def test_focus_positions_put_the_centre_first_rings_outwards_and_sectors_by_group():
    rings = [["c"], ["a1", "a2", "g1"], ["a3", "g2", "g3", "g4"]]
    group = {"c": "x", "a1": "a", "a2": "a", "a3": "a", "g1": "g", "g2": "g", "g3": "g", "g4": "g"}
    positions, labels = focus_positions(rings, group, ["a", "g"], scale=100.0)
    assert positions["c"] == (0.0, 0.0)
    radius = {node: math.hypot(*xy) for node, xy in positions.items()}
    assert max(radius[n] for n in rings[1]) < min(radius[n] for n in rings[2])
    assert max(radius.values()) == pytest.approx(100.0, abs=0.1)
    # clockwise from 12 o'clock: the "a" sector first, then the "g" sector, in every ring
    angle = {node: (math.atan2(y, x) + math.pi / 2) % (2 * math.pi) for node, (x, y) in positions.items()
             if node != "c"}
    assert max(angle[n] for n in angle if group[n] == "a") < min(angle[n] for n in angle if group[n] == "g")
    assert [label[0] for label in labels] == ["a", "g"]
    assert all(math.hypot(x, y) > 100.0 for _, x, y in labels)
    assert focus_positions(rings, group, ["a", "g"], scale=100.0) == (positions, labels)


def test_focus_positions_spread_many_partners_over_arcs():
    ring = [f"n{i}" for i in range(200)]
    positions, _ = focus_positions([["c"], ring], {n: "a" for n in ["c", *ring]}, ["a"], spacing=1.0)
    points = [positions[n] for n in ring]
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    farthest = max(math.hypot(*p) for p in points)
    assert closest > 0.5 * farthest / 10  # no two partners piled on one spot


def test_separate_labels_moves_overlapping_boxes_down_only():
    shifts = separate_labels([(0, 0, 100, 20), (10, 5, 100, 20), (300, 0, 50, 20), (0, 100, 10, 10)])
    assert shifts == [0.0, 17.0, 0.0, 0.0]  # 5 + 17 - 10 = 12 = 0 + 10 + gap 2


def test_render_map_of_a_focus_and_of_a_reduction(drawn):
    graph, metrics = drawn
    page = render_map(graph, metrics, size_by="degree", cluster="clu", lang="nl")
    assert isinstance(page, NetworkMap) and page.selection.focus == "clu"
    assert "Cluster A: partners binnen 1 stap van de cluster" in unescape(page)
    data = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S).group(1)
    assert '"sectorLabels":[["kennisinstelling' not in data and '"sectorLabels":[[' in data
    reduced = render_map(graph, metrics, size_by="degree", max_nodes=3)
    note = unescape(re.search(r'id="reduced-note">(.*?)</div>', reduced, re.S).group(1))
    assert note.startswith("Showing 3 of 7 organisations: clusters first, then the organisations with the highest degree.")
    assert "Left out: 4 organisations (company 1, citizens 1, knowledge institution 1, government 1) and" in note


def test_network_map_displays_in_jupyter_as_a_sandboxed_iframe(drawn, tmp_path):
    graph, metrics = drawn
    page = render_map(graph, metrics, size_by="degree")
    shown = page._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in shown
    assert "<script" not in shown and unescape(shown.split('srcdoc="', 1)[1].split('" sandbox=')[0]) == page.html
    assert page.save(tmp_path / "m.html").read_text(encoding="utf-8") == page.html


def test_cli_map_cluster_focus_and_limit(tmp_path):
    runner = CliRunner()
    out = tmp_path / "focus.html"
    result = runner.invoke(main, ["map", str(TINY), "--out", str(out), "--cluster", "clu", "--depth", "2",
                                  "--max-nodes", "3", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "left out" in result.output and out.exists()
    assert "partners binnen 2 stappen van de cluster" in unescape(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--cluster", "nope"], "Error: cluster 'nope' is not a cluster organisation of the data; expected one of "),
     (["--depth", "0", "--cluster", "x"], "Invalid value for '--depth'"),
     (["--max-nodes", "0"], "Invalid value for '--max-nodes'"),
     (["--backbone-alpha", "1"], "Invalid value for '--backbone-alpha'"),
     (["--colour-by", "size"], "Invalid value for '--colour-by'"),
     (["--group-by", "helix"], "Invalid value for '--group-by'")],
)
def test_cli_map_option_errors_write_nothing(tmp_path, args, message):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(main, ["map", str(TINY), "--out", str(out), *args])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_cli_map_colour_group_and_backbone_options(tmp_path):
    from tests.test_viz import map_data

    out = tmp_path / "m.html"
    result = CliRunner().invoke(main, ["map", str(TINY), "--out", str(out), "--colour-by", "country",
                                       "--group-by", "none", "--backbone-alpha", "0.5"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    data = map_data(html)
    assert data["colourBy"] == "country" and '<option value="country" selected>' in html
    assert "significance level 0.5," in unescape(html)


def test_render_map_option_errors(drawn):
    graph, metrics = drawn
    with pytest.raises(OptionError, match="unknown colour_by 'size'; expected one of: helix, community, theme, country"):
        render_map(graph, metrics, size_by="degree", colour_by="size")
    with pytest.raises(OptionError, match="unknown group_by 'helix'"):
        render_map(graph, metrics, size_by="degree", group_by="helix")
    with pytest.raises(OptionError, match="backbone alpha is 2"):
        render_map(graph, metrics, size_by="degree", backbone_alpha=2)


def test_network_map_goes_through_ipythons_html_formatter(drawn):
    graph, metrics = drawn
    formatters = pytest.importorskip("IPython.core.formatters")
    import helixnet

    page = helixnet.render_map(graph, metrics, size_by="degree")
    assert formatters.HTMLFormatter()(page) == page._repr_html_()
