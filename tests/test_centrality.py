"""Centrality measures: equal to networkx on small graphs, and to values worked out by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from helixnet.errors import DataError, OptionError
from helixnet.metrics import centrality as c
from tests.strategies import weighted_graphs

ALL_MEASURES = [
    c.degree,
    c.strength,
    c.betweenness,
    c.closeness,
    c.harmonic_closeness,
    c.eigenvector,
    c.pagerank,
]


def with_distance(G: nx.Graph) -> nx.Graph:
    """Copy of G with a "distance" = 1 / weight attribute, networkx's way to ask for 1/w.

    The distances are exact fractions, so networkx finds every tie between path lengths
    (with floats it compares rounded sums exactly and misses some: on the karate club its
    weighted betweenness is off by 0.0019, while helixnet's equals the exact value).
    """
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["distance"] = 1 / Fraction(d.get("weight", 1))
    return H


# --- the common contract -------------------------------------------------------------


@pytest.mark.parametrize("measure", ALL_MEASURES, ids=lambda f: f.__name__)
def test_contract(measure, small_graph):
    result = measure(small_graph)
    assert isinstance(result, pd.Series)
    assert list(result.index) == list(small_graph.nodes)
    assert result.name == measure.__name__
    assert result.dtype == np.float64
    assert not result.isna().any()


@pytest.mark.parametrize("measure", ALL_MEASURES, ids=lambda f: f.__name__)
def test_empty_graph_gives_empty_series(measure):
    result = measure(nx.Graph())
    assert result.empty and result.name == measure.__name__ and result.dtype == np.float64


def test_tuple_node_ids_stay_single_labels():
    G = nx.grid_2d_graph(2, 3)
    result = c.degree(G)
    assert list(result.index) == list(G.nodes)
    assert result[(0, 0)] == 2.0 and result[(1, 1)] == 3.0


# --- equal to networkx -----------------------------------------------------------------


def test_degree_and_strength_equal_networkx(small_graph, assert_per_node):
    assert_per_node(c.degree(small_graph), dict(small_graph.degree()), small_graph)
    assert_per_node(
        c.strength(small_graph), dict(small_graph.degree(weight="weight")), small_graph
    )
    assert_per_node(c.strength(small_graph, weight=None), dict(small_graph.degree()), small_graph)


@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_equals_networkx(small_graph, normalized, assert_per_node):
    expected = nx.betweenness_centrality(small_graph, normalized=normalized)
    assert_per_node(c.betweenness(small_graph, normalized=normalized), expected, small_graph)


@pytest.mark.parametrize("normalized", [True, False])
def test_weighted_betweenness_uses_inverse_weight_as_distance(
    small_graph, normalized, assert_per_node
):
    H = with_distance(small_graph)
    expected = nx.betweenness_centrality(H, normalized=normalized, weight="distance")
    result = c.betweenness(small_graph, normalized=normalized, weight="weight")
    assert_per_node(result, expected, small_graph)


def test_closeness_equals_networkx(small_graph, assert_per_node):
    assert_per_node(c.closeness(small_graph), nx.closeness_centrality(small_graph), small_graph)
    H = with_distance(small_graph)
    assert_per_node(
        c.closeness(small_graph, weight="weight"),
        nx.closeness_centrality(H, distance="distance"),
        small_graph,
    )


def test_harmonic_closeness_equals_networkx(small_graph, assert_per_node):
    G = small_graph
    raw = nx.harmonic_centrality(G)
    assert_per_node(c.harmonic_closeness(G, normalized=False), raw, G)
    n = G.number_of_nodes()
    assert_per_node(c.harmonic_closeness(G), {v: raw[v] / (n - 1) for v in G}, G)
    weighted = nx.harmonic_centrality(with_distance(G), distance="distance")
    assert_per_node(c.harmonic_closeness(G, normalized=False, weight="weight"), weighted, G)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_eigenvector_equals_networkx(small_graph, weight, assert_per_node):
    # networkx's own result is only as good as its tolerance: ask for a tight one.
    expected = nx.eigenvector_centrality(small_graph, weight=weight, tol=1e-13, max_iter=100_000)
    assert_per_node(c.eigenvector(small_graph, weight=weight), expected, small_graph, atol=1e-6)


def test_eigenvector_on_a_large_component_uses_arpack(assert_per_node):
    G = nx.gnm_random_graph(400, 1600, seed=11)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    assert G.number_of_nodes() > 300  # above the dense limit
    G.add_node("isolated")
    expected = nx.eigenvector_centrality(G, tol=1e-13, max_iter=100_000)
    assert_per_node(c.eigenvector(G), expected, G, atol=1e-6)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("alpha", [0.85, 0.5])
def test_pagerank_equals_networkx(small_graph, weight, alpha, assert_per_node):
    expected = nx.pagerank(small_graph, alpha=alpha, weight=weight, tol=1e-12, max_iter=10_000)
    result = c.pagerank(small_graph, alpha=alpha, weight=weight)
    assert_per_node(result, expected, small_graph, atol=1e-9)
    assert result.sum() == pytest.approx(1.0, abs=1e-12)


def test_self_loops_follow_networkx(assert_per_node):
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("a", "a")])
    G.add_edge("d", "d", weight=3.0)
    G.add_node("e")
    assert_per_node(c.degree(G), dict(G.degree()), G)
    assert_per_node(c.strength(G), dict(G.degree(weight="weight")), G)
    assert_per_node(c.pagerank(G), nx.pagerank(G, tol=1e-12, max_iter=10_000), G)
    expected = nx.eigenvector_centrality(G, weight="weight", tol=1e-13, max_iter=100_000)
    assert_per_node(c.eigenvector(G, weight="weight"), expected, G, atol=1e-6)
    assert_per_node(c.betweenness(G), nx.betweenness_centrality(G), G)
    assert_per_node(c.closeness(G), nx.closeness_centrality(G), G)


# --- values worked out by hand -----------------------------------------------------------


def test_star_by_hand():
    G = nx.star_graph(5)  # centre 0 and 5 leaves
    leaves = range(1, 6)
    assert c.betweenness(G)[0] == 1.0  # every leaf pair goes through the centre
    assert c.betweenness(G, normalized=False)[0] == 10.0  # C(5, 2) pairs
    assert all(c.betweenness(G)[v] == 0.0 for v in leaves)
    assert c.closeness(G)[0] == 1.0
    assert c.closeness(G)[1] == pytest.approx(5 / 9)  # distances 1 + 4 * 2
    assert c.harmonic_closeness(G)[1] == pytest.approx((1 + 4 * 0.5) / 5)
    # lambda_1 = sqrt(5): x_leaf = x_centre / sqrt(5), norm 1 -> centre 1/sqrt(2)
    eig = c.eigenvector(G)
    assert eig[0] == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    assert eig[3] == pytest.approx(1 / math.sqrt(10), abs=1e-12)


def test_closeness_on_disconnected_graph_by_hand():
    # triangle + isolated node, n = 4: r = 3, sum of distances 2 -> (2/2) * (2/3)
    G = nx.complete_graph(3)
    G.add_node(3)
    result = c.closeness(G)
    assert result[0] == pytest.approx(2 / 3)
    assert result[3] == 0.0
    assert c.harmonic_closeness(G)[0] == pytest.approx(2 / 3)
    assert c.closeness(nx.empty_graph(1))[0] == 0.0
    assert c.harmonic_closeness(nx.empty_graph(1))[0] == 0.0


def test_eigenvector_on_disconnected_graphs_by_hand():
    two_triangles = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])
    assert np.allclose(c.eigenvector(two_triangles), 1 / math.sqrt(6), atol=1e-12)
    triangle_and_isolate = nx.complete_graph(3)
    triangle_and_isolate.add_node("x")
    result = c.eigenvector(triangle_and_isolate)
    assert result["x"] == 0.0
    assert np.allclose(result[[0, 1, 2]], 1 / math.sqrt(3), atol=1e-12)
    # a triangle (lambda 2) beats a 4-path (lambda 1.618): the path scores 0
    G = nx.complete_graph(3)
    nx.add_path(G, ["a", "b", "c", "d"])
    assert (c.eigenvector(G)[["a", "b", "c", "d"]] == 0.0).all()
    assert np.allclose(c.eigenvector(nx.empty_graph(4)), 0.5)


def test_eigenvector_splits_between_tied_components_like_power_iteration(assert_per_node):
    # star K_{1,4} and 4-cycle both have lambda_1 = 2. Star: v = (1/sqrt2, 1/(2 sqrt2) x4),
    # 1.v = 3/sqrt2 -> (3/2, 3/4 x4); cycle: v = 1/2 x4, 1.v = 2 -> 1 x4; norm^2 = 8.5
    G = nx.star_graph(4)
    nx.add_cycle(G, ["c1", "c2", "c3", "c4"])
    result = c.eigenvector(G)
    norm = math.sqrt(8.5)
    expected = {0: 1.5 / norm, **{v: 0.75 / norm for v in range(1, 5)}}
    expected.update({v: 1 / norm for v in ["c1", "c2", "c3", "c4"]})
    assert_per_node(result, expected, G, atol=1e-12)
    assert_per_node(result, nx.eigenvector_centrality(G, tol=1e-13, max_iter=100_000), G, atol=1e-6)


def test_pagerank_by_hand():
    assert np.allclose(c.pagerank(nx.empty_graph(4)), 0.25)  # all dangling: uniform
    # a single edge plus an isolated node: symmetric pair p, isolated q, 2p + q = 1,
    # q = (1 - a)/3 + a q / 3 (only the dangling node's mass is spread uniformly)
    G = nx.Graph([("u", "v")])
    G.add_node("w")
    alpha = 0.85
    q = (1 - alpha) / 3 / (1 - alpha / 3)
    result = c.pagerank(G, alpha=alpha)
    assert result["w"] == pytest.approx(q, abs=1e-12)
    assert result["u"] == pytest.approx((1 - q) / 2, abs=1e-12)


def test_weighted_paths_equal_up_to_rounding_tie():
    # s-a-t has length 1/10 + 1/5 = 0.30000000000000004 in floating point, s-t has
    # 1/(10/3) = 0.3: mathematically two shortest paths, so a lies on half of them.
    # (networkx compares floats exactly and gives a 0 here.)
    G = nx.Graph()
    G.add_edge("s", "a", weight=10.0)
    G.add_edge("a", "t", weight=5.0)
    G.add_edge("s", "t", weight=10 / 3)
    assert c.betweenness(G, normalized=False, weight="weight")["a"] == pytest.approx(0.5)


def test_strength_defaults_missing_weights_to_one():
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.5)
    G.add_edge("b", "c")
    assert c.strength(G).tolist() == [2.5, 3.5, 1.0]


# --- errors a user can cause ---------------------------------------------------------------


@pytest.mark.parametrize(
    "graph, message",
    [
        (nx.DiGraph([(0, 1)]), "undirected"),
        (nx.MultiGraph([(0, 1)]), "simple graph"),
        ({0: [1]}, "networkx.Graph"),
    ],
)
@pytest.mark.parametrize("measure", ALL_MEASURES, ids=lambda f: f.__name__)
def test_rejects_other_graph_kinds(measure, graph, message):
    with pytest.raises(OptionError, match=message):
        measure(graph)


@pytest.mark.parametrize("bad", [-1.0, 0, float("nan"), float("inf"), "3", None, True])
def test_rejects_bad_weights(bad):
    G = nx.path_graph(3)
    G.edges[1, 2]["weight"] = bad
    with pytest.raises(DataError, match=r"edge \(1, 2\) has 'weight' = .*expected a positive"):
        c.pagerank(G)
    with pytest.raises(DataError):
        c.betweenness(G, weight="weight")
    assert c.betweenness(G).tolist() == [0.0, 1.0, 0.0]  # unweighted: attribute unused


@pytest.mark.parametrize("alpha", [1.0, -0.1, 1.5, "0.85"])
def test_pagerank_rejects_bad_alpha(alpha):
    with pytest.raises(OptionError, match="alpha"):
        c.pagerank(nx.path_graph(3), alpha=alpha)


# --- property tests ----------------------------------------------------------------------------




@settings(max_examples=150, deadline=None)
@given(weighted_graphs())
def test_property_path_measures_equal_networkx(G):
    for normalized in (True, False):
        expected = nx.betweenness_centrality(G, normalized=normalized)
        result = c.betweenness(G, normalized=normalized)
        assert np.allclose(result.to_numpy(), [expected[v] for v in G], atol=1e-9)
    closeness = nx.closeness_centrality(G)
    assert np.allclose(c.closeness(G).to_numpy(), [closeness[v] for v in G], atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(weighted_graphs())
def test_property_pagerank_is_a_distribution_equal_to_networkx(G):
    result = c.pagerank(G)
    expected = nx.pagerank(G, tol=1e-12, max_iter=10_000)
    assert np.allclose(result.to_numpy(), [expected[v] for v in G], atol=1e-9)
    assert result.sum() == pytest.approx(1.0, abs=1e-12)
    assert (result > 0).all()


def test_pagerank_gives_the_same_bits_every_time_and_agrees_with_prpack():
    """igraph's PRPACK sums in parallel: on the default data its last digits changed from
    call to call (and with them the Gephi files); the power iteration does not."""
    import igraph

    from helixnet.graph import collaboration_graph
    from helixnet.io.loader import load
    from tests.helpers import REPO

    G = collaboration_graph(load(REPO / "data"))
    first, second = c.pagerank(G), c.pagerank(G)
    assert np.array_equal(first.to_numpy(), second.to_numpy())
    nodes = list(G)
    position = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(position[u], position[v]) for u, v in G.edges()])
    g.es["weight"] = [w for _, _, w in G.edges(data="weight")]
    prpack = np.array(g.pagerank(weights="weight"))
    assert np.abs(first.to_numpy() - prpack).max() < 1e-13
