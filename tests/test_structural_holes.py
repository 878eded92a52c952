"""Burt's structural holes: equal to networkx, UCINET-checked values, and hand-worked values."""

from __future__ import annotations

import math

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.errors import DataError, OptionError
from helixnet.metrics import structural_holes as sh
from helixnet.metrics._engine import adjacency
from tests.strategies import weighted_graphs

ALL_MEASURES = [sh.constraint, sh.effective_size, sh.efficiency, sh.hierarchy]


# --- the example networkx tests with UCINET-checked values --------------------------------
# Ported from networkx/algorithms/tests/test_structuralholes.py (networkx 3.6), the
# undirected cases (helixnet's measures are defined on undirected graphs only). Graph from
# Borgatti (1997), http://www.analytictech.com/connections/v20(1)/holes.htm


@pytest.fixture
def borgatti() -> nx.Graph:
    G = nx.Graph()
    G.add_edges_from(
        [
            ("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
            ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C"),
        ]
    )  # fmt: skip
    return G


BORGATTI_WEIGHTS = {
    ("A", "B"): 2, ("A", "F"): 3, ("A", "G"): 5, ("A", "E"): 2, ("E", "G"): 8,
    ("F", "G"): 3, ("B", "G"): 4, ("B", "D"): 1, ("D", "G"): 3, ("G", "C"): 10,
}  # fmt: skip


def test_ucinet_constraint_undirected(borgatti):
    result = sh.constraint(borgatti)
    assert result["G"] == pytest.approx(0.400, abs=1e-3)
    assert result["A"] == pytest.approx(0.595, abs=1e-3)
    assert result["C"] == pytest.approx(1, abs=1e-3)


def test_ucinet_effective_size_undirected(borgatti):
    for G in (borgatti, _with_unit_weights(borgatti)):
        result = sh.effective_size(G, weight="weight")
        assert result["G"] == pytest.approx(4.67, abs=1e-2)
        assert result["A"] == pytest.approx(2.50, abs=1e-2)
        assert result["C"] == pytest.approx(1, abs=1e-2)


def test_ucinet_constraint_weighted_undirected(borgatti):
    nx.set_edge_attributes(borgatti, BORGATTI_WEIGHTS, "weight")
    result = sh.constraint(borgatti, weight="weight")
    assert result["G"] == pytest.approx(0.299, abs=1e-3)
    assert result["A"] == pytest.approx(0.795, abs=1e-3)
    assert result["C"] == pytest.approx(1, abs=1e-3)


def test_ucinet_effective_size_weighted_undirected(borgatti):
    nx.set_edge_attributes(borgatti, BORGATTI_WEIGHTS, "weight")
    result = sh.effective_size(borgatti, weight="weight")
    assert result["G"] == pytest.approx(5.47, abs=1e-2)
    assert result["A"] == pytest.approx(2.47, abs=1e-2)
    assert result["C"] == pytest.approx(1, abs=1e-2)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_ucinet_isolated_node_is_nan(borgatti, weight):
    borgatti.add_node(1)
    nx.set_edge_attributes(borgatti, BORGATTI_WEIGHTS, "weight")
    for measure in ALL_MEASURES:
        assert math.isnan(measure(borgatti, weight=weight)[1])


@pytest.mark.parametrize("w", [1, 10])
def test_isolated_node_with_selfloop_is_nan(w):
    G = nx.Graph()
    G.add_edge(0, 0, weight=w)
    for measure in ALL_MEASURES:
        assert math.isnan(measure(G)[0])
        assert math.isnan(measure(G, weight="weight")[0])


def test_directed_graphs_are_refused():
    with pytest.raises(OptionError, match="undirected"):
        sh.constraint(nx.DiGraph([(0, 1), (1, 2)]))


def _with_unit_weights(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    nx.set_edge_attributes(H, 1, "weight")
    return H


# --- equal to networkx (and igraph) on every small graph ----------------------------------


@pytest.mark.parametrize("weight", [None, "weight"])
def test_constraint_equals_networkx_and_igraph(small_graph, weight, assert_per_node):
    G = small_graph
    result = sh.constraint(G, weight=weight)
    assert_per_node(result, nx.constraint(G, weight=weight), G)  # all-nodes sparse path
    assert_per_node(result, nx.constraint(G, nodes=list(G), weight=weight), G)  # per node
    g = igraph.Graph(n=len(G), edges=[(list(G).index(u), list(G).index(v)) for u, v in G.edges])
    weights = [d.get("weight", 1) for _, _, d in G.edges(data=True)] if weight else None
    assert np.allclose(result, g.constraint(weights=weights), atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_effective_size_equals_networkx(small_graph, weight, assert_per_node):
    G = small_graph
    # networkx's definition, evaluated node by node (its nodes=None shortcut normalises
    # weighted ties by the wrong node's maximum, see effective_size's docstring)
    expected = nx.effective_size(G, nodes=list(G), weight=weight)
    assert_per_node(sh.effective_size(G, weight=weight), expected, G)
    if weight is None:
        assert_per_node(sh.effective_size(G), nx.effective_size(G), G)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_efficiency_is_effective_size_per_contact(small_graph, weight, assert_per_node):
    G = small_graph
    size = nx.effective_size(G, nodes=list(G), weight=weight)
    expected = {v: size[v] / G.degree(v) if G.degree(v) else math.nan for v in G}
    assert_per_node(sh.efficiency(G, weight=weight), expected, G)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_hierarchy_equals_definition_on_networkx_local_constraint(
    small_graph, weight, assert_per_node
):
    G = small_graph
    expected = {}
    for i in G:
        contacts = [j for j in G[i] if j != i]
        N = len(contacts)
        if N < 2:
            expected[i] = {0: math.nan, 1: 1.0}[N]
            continue
        local = [nx.local_constraint(G, i, j, weight=weight) for j in contacts]
        ratios = [N * c / sum(local) for c in local]
        expected[i] = sum(r * math.log(r) for r in ratios) / (N * math.log(N))
    assert_per_node(sh.hierarchy(G, weight=weight), expected, G)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_table_holds_the_four_measures(small_graph, weight):
    table = sh.structural_holes(small_graph, weight=weight)
    assert list(table.columns) == ["constraint", "effective_size", "efficiency", "hierarchy"]
    assert list(table.index) == list(small_graph.nodes)
    for measure in ALL_MEASURES:
        pd.testing.assert_series_equal(table[measure.__name__], measure(small_graph, weight))


@pytest.mark.parametrize("measure", ALL_MEASURES, ids=lambda f: f.__name__)
def test_contract(measure, small_graph):
    result = measure(small_graph)
    assert isinstance(result, pd.Series)
    assert list(result.index) == list(small_graph.nodes)
    assert result.name == measure.__name__ and result.dtype == np.float64
    isolated = [v for v in small_graph if small_graph.degree(v) == 0]
    assert result.isna().tolist() == [v in isolated for v in small_graph]


@pytest.mark.parametrize("measure", ALL_MEASURES, ids=lambda f: f.__name__)
def test_empty_graph(measure):
    result = measure(nx.Graph())
    assert result.empty and result.dtype == np.float64
    assert sh.structural_holes(nx.Graph()).empty


def test_self_loops_are_ignored(small_graph):
    G = small_graph
    with_loops = G.copy()
    for v in list(G)[::3]:
        with_loops.add_edge(v, v, weight=4.0)
    pd.testing.assert_frame_equal(
        sh.structural_holes(with_loops, "weight"), sh.structural_holes(G, "weight")
    )


def test_bad_weight_is_refused():
    G = nx.path_graph(3)
    G.edges[0, 1]["weight"] = -2
    with pytest.raises(DataError, match="expected a positive finite number"):
        sh.constraint(G, weight="weight")


# --- values worked out by hand --------------------------------------------------------------


@pytest.fixture
def triangle_with_pendant() -> nx.Graph:
    """Triangle 0-1-2 and a pendant node 3 tied to 0."""
    return nx.Graph([(0, 1), (1, 2), (2, 0), (0, 3)])


def test_constraint_by_hand(triangle_with_pendant):
    result = sh.constraint(triangle_with_pendant)
    # node 0: p = 1/3 each; c_01 = c_02 = (1/3 + 1/3 * 1/2)^2 = 1/4, c_03 = (1/3)^2
    assert result[0] == pytest.approx(1 / 4 + 1 / 4 + 1 / 9, abs=1e-15)
    # node 1: p = 1/2 each; c_10 = (1/2 + p_12 p_20)^2 = (1/2 + 1/4)^2 = 9/16,
    # c_12 = (1/2 + p_10 p_02)^2 = (1/2 + 1/6)^2 = 4/9
    assert result[1] == pytest.approx(9 / 16 + 4 / 9, abs=1e-15)
    assert result[3] == 1.0  # a pendant is fully constrained


def test_effective_size_and_efficiency_by_hand(triangle_with_pendant):
    # Borgatti: n - 2t/n; node 0 has n = 3 contacts with t = 1 tie among them
    size = sh.effective_size(triangle_with_pendant)
    assert size[0] == pytest.approx(3 - 2 / 3, abs=1e-15)
    assert size[1] == pytest.approx(2 - 2 / 2, abs=1e-15)
    assert size[3] == 1.0
    efficiency = sh.efficiency(triangle_with_pendant)
    assert efficiency[0] == pytest.approx(7 / 9, abs=1e-15)
    assert efficiency[1] == pytest.approx(1 / 2, abs=1e-15)


def test_borgatti_efficiency(borgatti):
    efficiency = sh.efficiency(borgatti)
    assert efficiency["G"] == pytest.approx((6 - 2 * 4 / 6) / 6, abs=1e-12)  # 4 ties
    assert efficiency["A"] == pytest.approx((4 - 2 * 3 / 4) / 4, abs=1e-12)  # 3 ties


def test_hierarchy_by_hand(triangle_with_pendant):
    result = sh.hierarchy(triangle_with_pendant)
    # node 0: c = 1/4, 1/4, 1/9, C = 11/18, N = 3 -> r = 27/22, 27/22, 12/22
    r = [27 / 22, 27 / 22, 12 / 22]
    assert result[0] == pytest.approx(
        sum(x * math.log(x) for x in r) / (3 * math.log(3)), abs=1e-14
    )
    # node 1: c = 9/16, 4/9, C = 145/144, N = 2 -> r = 162/145, 128/145
    r = [162 / 145, 128 / 145]
    assert result[1] == pytest.approx(
        sum(x * math.log(x) for x in r) / (2 * math.log(2)), abs=1e-14
    )
    assert result[3] == 1.0  # one contact: all constraint from it
    # every contact constrains equally: no hierarchy
    assert sh.hierarchy(nx.star_graph(4))[0] == pytest.approx(0.0, abs=1e-14)
    assert sh.hierarchy(nx.cycle_graph(5))[2] == pytest.approx(0.0, abs=1e-14)


# --- the blocked sparse product ---------------------------------------------------------


@pytest.mark.parametrize("block_work", [1, 7, 100, 1 << 30])
def test_masked_product_blocks_equal_the_dense_product(block_work):
    G = nx.gnm_random_graph(30, 90, seed=5)
    A = adjacency(G)
    rng = np.random.default_rng(0)
    X = scipy.sparse.csr_array(A * rng.uniform(1, 2, A.shape))
    Y = scipy.sparse.csr_array(A * rng.uniform(1, 2, A.shape))
    expected = (X.toarray() @ Y.toarray()) * (A.toarray() > 0)
    result = sh._masked_product(X, Y, A, block_work=block_work)
    assert np.allclose(result.toarray(), expected, atol=1e-14)


# --- property tests ----------------------------------------------------------------------




@settings(max_examples=150, deadline=None)
@given(weighted_graphs(), st.sampled_from([None, "weight"]))
def test_property_equal_to_networkx(G, weight):
    table = sh.structural_holes(G, weight=weight)
    nodes = list(G)
    constraint = nx.constraint(G, nodes=nodes, weight=weight)
    size = nx.effective_size(G, nodes=nodes, weight=weight)
    exact = {"rtol": 0, "atol": 1e-12, "equal_nan": True}
    assert np.allclose(table["constraint"], [constraint[v] for v in nodes], **exact)
    assert np.allclose(table["effective_size"], [size[v] for v in nodes], **exact)
    # Burt's bounds: 1 <= effective size <= contacts, hierarchy in [0, 1]
    contacts = np.array([G.degree(v) for v in nodes], dtype=float)
    tied = contacts > 0
    assert (table["effective_size"][tied] >= 1 - 1e-12).all()
    assert (table["effective_size"][tied] <= contacts[tied] + 1e-12).all()
    assert table["hierarchy"][tied].between(0, 1).all()
