"""Helix mixing: participation coefficient, E-I index, helix reach.

Checked against values worked out by hand on the tiny fixture (tests/data/README.md), a
published E-I example, brute-force definitions and hypothesis properties.
"""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics import mixing as m
from tests.conftest import SMALL_GRAPHS
from tests.helpers import TINY
from tests.strategies import HELIX_VALUES, grouped_graphs, with_groups


@pytest.fixture(scope="module")
def tiny() -> nx.Graph:
    return helixnet.collaboration_graph(helixnet.load(TINY))


# --- brute-force definitions ---------------------------------------------------------------


def brute_participation(G, attr="helix", weight=None):
    out = {}
    for i in G:
        shares: dict = {}
        for j in G[i]:
            if j != i:
                w = 1.0 if weight is None else G.edges[i, j].get(weight, 1)
                shares[G.nodes[j][attr]] = shares.get(G.nodes[j][attr], 0) + Fraction(w)
        total = sum(shares.values())
        out[i] = math.nan if total == 0 else float(1 - sum((s / total) ** 2 for s in shares.values()))
    return out


def brute_ei(G, attr="helix"):
    out = {}
    for i in G:
        partners = [j for j in G[i] if j != i]
        internal = sum(G.nodes[j][attr] == G.nodes[i][attr] for j in partners)
        external = len(partners) - internal
        out[i] = math.nan if not partners else (external - internal) / (external + internal)
    return out


def brute_reach(G, attr="helix"):
    rows = {}
    for i in G:
        dist = nx.single_source_shortest_path_length(G, i, cutoff=2)
        one = [j for j, d in dist.items() if d == 1]
        two = [j for j, d in dist.items() if d in (1, 2)]
        rows[i] = {
            "helices_1": len({G.nodes[j][attr] for j in one}),
            "helices_2": len({G.nodes[j][attr] for j in two}),
            "sme_1": sum(bool(G.nodes[j]["sme"]) for j in one),
            "sme_2": sum(bool(G.nodes[j]["sme"]) for j in two),
            "knowledge_1": sum(G.nodes[j]["helix"] == "kennisinstelling" for j in one),
            "knowledge_2": sum(G.nodes[j]["helix"] == "kennisinstelling" for j in two),
        }
    return pd.DataFrame.from_dict(rows, orient="index").astype(float)


# --- the tiny fixture, by hand -----------------------------------------------------------------
# Partners (README): clu: u1 K, c1 B (w2), g1 O, b1 Bu, c2 B | u1: clu I, c1 B (w2), c2 B |
# c1: clu I (w2), u1 K (w2), c2 B | c2: u1 K, c1 B, g1 O, clu I | g1: clu I, b1 Bu, c2 B |
# b1: clu I, g1 O | iso: none. Helix groups present: all five, so K = 5.

NAN = math.nan


def test_participation_coefficient_on_tiny_by_hand(tiny, assert_per_node):
    expected = {"clu": 1 - 7 / 25, "u1": 1 - 5 / 9, "c1": 2 / 3, "c2": 3 / 4, "g1": 2 / 3, "b1": 1 / 2, "iso": NAN}
    assert_per_node(m.participation_coefficient(tiny), expected, tiny)
    normalized = {v: p / (1 - 1 / 5) for v, p in expected.items()}
    assert_per_node(m.participation_coefficient(tiny, normalized=True), normalized, tiny)


def test_weighted_participation_coefficient_on_tiny_by_hand(tiny, assert_per_node):
    # clu: strengths I-K 1, B 2+1, O 1, Bu 1 of 6; u1: I 1, B 2+1 of 4; c1: I 2, K 2, B 1 of 5
    expected = {"clu": 1 - 12 / 36, "u1": 1 - 10 / 16, "c1": 1 - 9 / 25, "c2": 3 / 4, "g1": 2 / 3, "b1": 1 / 2, "iso": NAN}
    assert_per_node(m.participation_coefficient(tiny, weight="weight"), expected, tiny)


def test_ei_index_on_tiny_by_hand(tiny, assert_per_node):
    expected = {"clu": 1, "u1": 1, "c1": (2 - 1) / 3, "c2": (3 - 1) / 4, "g1": 1, "b1": 1, "iso": NAN}
    assert_per_node(m.ei_index(tiny), expected, tiny)


def test_ei_index_groups_on_tiny_by_hand(tiny):
    table = m.ei_index_groups(tiny)
    assert list(table.index) == list(HELIX_VALUES)  # helix display order
    assert table.index.name == "helix"
    assert list(table.columns) == ["nodes", "E", "I", "ei_index"]
    assert (table.dtypes == np.float64).all()
    # bedrijf {c1, c2, iso}: c1-c2 internal; clu-c1, u1-c1, u1-c2, c2-g1, c2-clu external
    assert table.loc["bedrijf"].tolist() == [3.0, 5.0, 1.0, pytest.approx(4 / 6)]
    assert table.loc["kennisinstelling"].tolist() == [1.0, 3.0, 0.0, 1.0]
    assert table.loc["intermediair"].tolist() == [1.0, 5.0, 0.0, 1.0]
    assert table.loc["overheid"].tolist() == [1.0, 3.0, 0.0, 1.0]
    assert table.loc["burger"].tolist() == [1.0, 2.0, 0.0, 1.0]


def test_ei_index_global_on_tiny_by_hand(tiny):
    # 10 edges, one of them (c1-c2) inside a helix: (9 - 1) / 10
    assert m.ei_index_global(tiny) == pytest.approx(0.8, abs=1e-15)


def test_helix_reach_on_tiny_by_hand(tiny):
    expected = pd.DataFrame(
        {   # helices_1, helices_2, sme_1, sme_2, knowledge_1, knowledge_2 (c1 and iso are SMEs)
            "clu": [4, 4, 1, 1, 1, 1],  # own group intermediair has no other member
            "u1": [2, 4, 1, 1, 0, 0],   # u1 itself is the only knowledge institution
            "c1": [3, 5, 0, 0, 1, 1],
            "c2": [4, 5, 1, 1, 1, 1],
            "g1": [3, 4, 0, 1, 0, 1],
            "b1": [2, 4, 0, 1, 0, 1],
            "iso": [0, 0, 0, 0, 0, 0],
        },
        index=["helices_1", "helices_2", "sme_1", "sme_2", "knowledge_1", "knowledge_2"],
    ).T.astype(float)
    pd.testing.assert_frame_equal(m.helix_reach(tiny), expected)


# --- a published example -----------------------------------------------------------------------

# The Jemaah Islamiyah Bali-bombing network (Koschade 2006, Table 1: binary relations) with
# the actors' roles, as shipped by the R package knapply/homophily, whose reference page
# for ei_index() prints the global value 0.3650794 and the node values below.
JI_NAMES = ("MUKLAS AMROZI IMRON SAMUDRA DULMATIN IDRIS MUBAROK AZAHARI GHONI ARNASAN RAUF "
            "OCTAVIA HIDAYAT JUNAEDI PATEK FERI SARIJO").split()
JI_ROLES = ["command team", "operation assistant", "operation assistant", "command team",
            "bomb maker", "command team", "operation assistant", "bomb maker", "bomb maker",
            "suicide bomber", "Team Lima", "Team Lima", "Team Lima", "Team Lima", "bomb maker",
            "suicide bomber", "bomb maker"]
JI_MATRIX = """
01111101100000101
10010110000000000
10011101100000111
11101111111111101
10110101100000111
11111011100000101
01010100000000000
10111100100000111
10111101000000111
00010000001111000
00010000010111000
00010000011011000
00010000011101000
00010000011110000
10111101100000011
00101001100000101
10111101100000110
"""
JI_NODE_EI = [0.5555556, 0.5, 1.0, 0.7333333, 0.1111111, 0.6, 0.3333333, 0.1111111, 0.1111111,
              1.0, -0.2, -0.2, -0.2, -0.2, 0.1111111, 1.0, 0.1111111]


def jemaah_islamiyah() -> nx.Graph:
    rows = JI_MATRIX.split()
    G = nx.Graph()
    for name, role in zip(JI_NAMES, JI_ROLES):
        G.add_node(name, role=role)
    G.add_edges_from(
        (JI_NAMES[i], JI_NAMES[j]) for i in range(17) for j in range(i + 1, 17) if rows[i][j] == "1"
    )
    assert all(rows[i][j] == rows[j][i] for i in range(17) for j in range(17))
    return G


def test_ei_index_equals_published_example():
    G = jemaah_islamiyah()
    assert m.ei_index_global(G, "role") == pytest.approx(0.3650794, abs=5e-8)
    assert m.ei_index(G, "role").to_numpy() == pytest.approx(JI_NODE_EI, abs=5e-8)
    # Group level, helixnet's convention (each internal edge once): Team Lima is a 4-clique
    # (6 internal edges) whose members each also know SAMUDRA and ARNASAN (8 external).
    groups = m.ei_index_groups(G, "role")
    assert groups.loc["Team Lima", ["E", "I"]].tolist() == [8.0, 6.0]
    assert groups.loc["Team Lima", "ei_index"] == pytest.approx(1 / 7)


# --- against brute force ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SMALL_GRAPHS))
def test_equal_to_brute_force_on_small_graphs(name, assert_per_node):
    G = with_groups(SMALL_GRAPHS[name](), seed=len(name))
    assert_per_node(m.participation_coefficient(G), brute_participation(G), G)
    assert_per_node(m.participation_coefficient(G, weight="weight"), brute_participation(G, weight="weight"), G)
    assert_per_node(m.ei_index(G), brute_ei(G), G)
    pd.testing.assert_frame_equal(m.helix_reach(G), brute_reach(G).loc[list(G)])


def test_global_and_group_counts_agree_with_node_counts():
    G = with_groups(nx.karate_club_graph(), seed=3)
    groups = m.ei_index_groups(G)
    same = sum(G.nodes[u]["helix"] == G.nodes[v]["helix"] for u, v in G.edges)
    cross = G.number_of_edges() - same
    assert groups["I"].sum() == same and groups["E"].sum() == 2 * cross
    assert groups["nodes"].sum() == G.number_of_nodes()
    assert m.ei_index_global(G) == pytest.approx((cross - same) / (cross + same), abs=1e-15)


def test_helix_reach_in_row_blocks_equals_one_block(monkeypatch):
    G = with_groups(nx.gnm_random_graph(60, 200, seed=2), seed=2)
    whole = m.helix_reach(G)
    monkeypatch.setattr(m, "_BLOCK_WORK", 7)  # many small blocks, some a single row
    pd.testing.assert_frame_equal(m.helix_reach(G), whole)
    pd.testing.assert_frame_equal(whole, brute_reach(G).loc[list(G)])


def test_helix_reach_counts_own_group_only_through_another_member():
    G = nx.Graph()
    G.add_node("a", helix="bedrijf", sme=False)
    G.add_node("b", helix="overheid", sme=False)
    G.add_node("c", helix="bedrijf", sme=True)
    G.add_edge("a", "b")
    assert m.helix_reach(G).loc["a", "helices_2"] == 1  # a -> b -> a does not count bedrijf
    G.add_edge("b", "c")
    reach = m.helix_reach(G)
    assert reach.loc["a", "helices_2"] == 2 and reach.loc["a", "sme_2"] == 1
    assert reach.loc["c", "sme_2"] == 0  # c is not its own SME partner


# --- edge cases ---------------------------------------------------------------------------------


def test_isolated_group_of_one_disconnected_and_self_loop(assert_per_node):
    G = nx.Graph()
    G.add_nodes_from([("x", {"helix": "bedrijf", "sme": True}), ("lone", {"helix": "burger", "sme": False})])
    G.add_edges_from([("p", "q"), ("q", "r")])  # a second component
    for v, h in {"p": "bedrijf", "q": "kennisinstelling", "r": "bedrijf"}.items():
        G.nodes[v].update(helix=h, sme=False)
    G.add_edge("q", "q", weight=5.0)  # a self-loop is ignored everywhere
    pc = m.participation_coefficient(G)
    assert_per_node(pc, {"x": NAN, "lone": NAN, "p": 0.0, "q": 0.0, "r": 0.0}, G)
    # K = 3 groups among all nodes, incl. the isolated group of one
    assert_per_node(m.participation_coefficient(G, normalized=True), {"x": NAN, "lone": NAN, "p": 0, "q": 0, "r": 0}, G)
    assert_per_node(m.ei_index(G), {"x": NAN, "lone": NAN, "p": 1.0, "q": 1.0, "r": 1.0}, G)
    groups = m.ei_index_groups(G)
    assert math.isnan(groups.loc["burger", "ei_index"])  # a group without ties
    assert groups.loc["kennisinstelling", ["E", "I"]].tolist() == [2.0, 0.0]
    assert m.ei_index_global(G) == 1.0
    reach = m.helix_reach(G)
    assert reach.loc["x"].tolist() == [0.0] * 6
    assert reach.loc["p"].tolist() == [1.0, 2.0, 0.0, 0.0, 1.0, 1.0]


def test_weights_matter_only_where_asked():
    G = nx.Graph()
    G.add_node("hub", helix="intermediair", sme=False)
    for v, h, w in [("a", "bedrijf", 8.0), ("b", "kennisinstelling", 1.0), ("c", "overheid", 1.0)]:
        G.add_node(v, helix=h, sme=False)
        G.add_edge("hub", v, weight=w)
    assert m.participation_coefficient(G)["hub"] == pytest.approx(2 / 3)
    assert m.participation_coefficient(G, weight="weight")["hub"] == pytest.approx(1 - (64 + 1 + 1) / 100)
    assert m.ei_index(G)["hub"] == 1.0


def test_single_group_normalised_is_nan():
    G = nx.path_graph(3)
    nx.set_node_attributes(G, "bedrijf", "helix")
    assert m.participation_coefficient(G).tolist() == [0.0, 0.0, 0.0]
    assert m.participation_coefficient(G, normalized=True).isna().all()
    assert m.ei_index_global(G) == -1.0


def test_other_attribute_and_non_helix_values():
    G = nx.Graph([(1, 2), (2, 3)])
    nx.set_node_attributes(G, {1: "north", 2: "south", 3: "north"}, "region")
    assert m.participation_coefficient(G, attr="region").tolist() == [0.0, 0.0, 0.0]
    assert m.ei_index(G, attr="region").tolist() == [1.0, 1.0, 1.0]
    assert list(m.ei_index_groups(G, attr="region").index) == ["north", "south"]


def test_empty_graph():
    G = nx.Graph()
    for result, name in [(m.participation_coefficient(G), "participation_coefficient"), (m.ei_index(G), "ei_index")]:
        assert result.empty and result.name == name and result.dtype == np.float64
    assert m.ei_index_groups(G).empty
    assert math.isnan(m.ei_index_global(G))
    reach = m.helix_reach(G)
    assert reach.empty and list(reach.columns) == ["helices_1", "helices_2", "sme_1", "sme_2", "knowledge_1", "knowledge_2"]


def test_contract_index_and_names(tiny):
    for result, name in [
        (m.participation_coefficient(tiny), "participation_coefficient"),
        (m.ei_index(tiny), "ei_index"),
    ]:
        assert list(result.index) == list(tiny.nodes) and result.name == name and result.dtype == np.float64
    reach = m.helix_reach(tiny)
    assert list(reach.index) == list(tiny.nodes) and (reach.dtypes == np.float64).all()


@pytest.mark.parametrize(
    "function", [m.participation_coefficient, m.ei_index, m.ei_index_groups, m.ei_index_global, m.helix_reach]
)
def test_missing_attribute_is_an_option_error(function):
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "bedrijf", "b": "overheid"}, "helix")
    nx.set_node_attributes(G, False, "sme")
    with pytest.raises(OptionError, match=r"node 'c' has no attribute 'helix'"):
        function(G)
    with pytest.raises(OptionError, match=r"no attribute 'sector'.*\(3 nodes are affected\)"):
        function(G, attr="sector")


def test_bad_group_and_sme_values_are_option_errors():
    G = nx.Graph([("a", "b")])
    nx.set_node_attributes(G, {"a": "bedrijf", "b": None}, "helix")
    with pytest.raises(OptionError, match=r"node 'b' has None as 'helix'"):
        m.ei_index(G)
    nx.set_node_attributes(G, {"a": "bedrijf", "b": "overheid"}, "helix")
    nx.set_node_attributes(G, {"a": True, "b": "yes"}, "sme")
    with pytest.raises(OptionError, match=r"node 'b' has 'yes' as 'sme'; expected True or False"):
        m.helix_reach(G)
    with pytest.raises(OptionError, match="expected an undirected graph"):
        m.ei_index(nx.DiGraph([(1, 2)]))


# --- properties -------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(grouped_graphs())
def test_property_ranges_and_brute_force(G):
    n_groups = len(set(nx.get_node_attributes(G, "helix").values()))
    for weight in (None, "weight"):
        p = m.participation_coefficient(G, weight=weight)
        expected = brute_participation(G, weight=weight)
        assert np.allclose(p.to_numpy(), [expected[v] for v in G], equal_nan=True, atol=1e-12)
        assert ((p >= 0) & (p < 1) | p.isna()).all()
        if n_groups > 1:
            pn = m.participation_coefficient(G, weight=weight, normalized=True)
            assert ((pn >= 0) & (pn <= 1 + 1e-12) | pn.isna()).all()
    ei = m.ei_index(G)
    assert ((ei >= -1) & (ei <= 1) | ei.isna()).all()
    assert ei.isna().tolist() == [G.degree(v) == 0 for v in G]
    groups = m.ei_index_groups(G)["ei_index"]
    assert ((groups >= -1) & (groups <= 1) | groups.isna()).all()
    total = m.ei_index_global(G)
    assert math.isnan(total) if G.number_of_edges() == 0 else -1 <= total <= 1
    reach = m.helix_reach(G)
    pd.testing.assert_frame_equal(reach, brute_reach(G).loc[list(G)])
    assert (reach["helices_1"] <= reach["helices_2"]).all() and (reach["helices_2"] <= n_groups).all()
    assert (reach["sme_1"] <= reach["sme_2"]).all() and (reach["knowledge_1"] <= reach["knowledge_2"]).all()
