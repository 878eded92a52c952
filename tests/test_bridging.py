"""Bridging: cross-helix betweenness, bridging centrality, partner concentration.

Checked against networkx.betweenness_centrality_subset, a brute-force sum over ordered
pairs, values worked out by hand, and hypothesis properties.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings

import helixnet
from helixnet.errors import DataError, OptionError
from helixnet.metrics import bridging as b
from helixnet.metrics import centrality as c
from tests.conftest import SMALL_GRAPHS
from tests.helpers import TINY
from tests.strategies import grouped_graphs, with_groups


@pytest.fixture(scope="module")
def tiny() -> nx.Graph:
    return helixnet.collaboration_graph(helixnet.load(TINY))


def members(G, attr, value):
    return [v for v in G if G.nodes[v][attr] == value]


def nx_different(G, attr="helix", weight=None):
    """Sum over groups g of networkx subset betweenness from g to everyone outside g."""
    total = dict.fromkeys(G, 0.0)
    for value in set(nx.get_node_attributes(G, attr).values()):
        inside = members(G, attr, value)
        outside = [v for v in G if G.nodes[v][attr] != value]
        for v, x in nx.betweenness_centrality_subset(G, inside, outside, weight=weight).items():
            total[v] += x
    return total


def pair_dependencies(G):
    """delta_st(v) for every ordered pair (s, t), s != t, by enumerating shortest paths."""
    deltas = {}
    for s, t in itertools.permutations(G, 2):
        if not nx.has_path(G, s, t):
            continue
        paths = list(nx.all_shortest_paths(G, s, t))
        for v in G:
            if v not in (s, t):
                deltas[s, t, v] = Fraction(sum(v in p for p in paths), len(paths))
    return deltas


def brute_cross_helix(G, eligible, normalized):
    """1/2 sum over eligible ordered pairs of delta_st(v); normalised by half their number."""
    deltas = pair_dependencies(G)
    out = {}
    for v in G:
        pairs = [(s, t) for s, t in itertools.permutations(G, 2) if eligible(s, t) and v not in (s, t)]
        raw = Fraction(1, 2) * sum((deltas.get((s, t, v), 0) for s, t in pairs), Fraction(0))
        if normalized:
            raw = raw / Fraction(len(pairs), 2) if pairs else Fraction(0)
        out[v] = float(raw)
    return out


def as_list(series, G):
    assert list(series.index) == list(G.nodes) and series.dtype == np.float64
    return series.to_numpy()


# --- cross-helix betweenness ----------------------------------------------------------------


def test_cross_helix_betweenness_by_hand(assert_per_node):
    # a(bedrijf) - v(intermediair) - c(kennisinstelling) - d(bedrijf)
    G = nx.Graph([("a", "v"), ("v", "c"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "bedrijf", "v": "intermediair", "c": "kennisinstelling", "d": "bedrijf"}, "helix")
    nx.set_node_attributes(G, {"a": True, "v": False, "c": False, "d": False}, "sme")
    # different groups: v brokers {a, c}, not {a, d} (both bedrijf); c brokers {v, d}
    raw = b.cross_helix_betweenness(G, normalized=False)
    assert_per_node(raw, {"a": 0, "v": 1, "c": 1, "d": 0}, G)
    assert c.betweenness(G, normalized=False)["v"] == 2  # the same-group pair {a, d} counts there
    # normalised: eligible pairs not involving v are {a, c} and {c, d}: 1 of 2
    assert_per_node(b.cross_helix_betweenness(G), {"a": 0, "v": 0.5, "c": 0.5, "d": 0}, G)
    # company -> knowledge: ordered pairs (a, c), (d, c); networkx counts each as half
    ck = b.cross_helix_betweenness(G, pairs=("bedrijf", "kennisinstelling"), normalized=False)
    assert_per_node(ck, {"a": 0, "v": 0.5, "c": 0, "d": 0}, G)
    assert_per_node(b.cross_helix_betweenness(G, pairs=("bedrijf", "kennisinstelling")), {"a": 0, "v": 0.5, "c": 0, "d": 0}, G)
    # SME a -> knowledge c runs through v: v brokers the only eligible pair
    assert_per_node(b.cross_helix_betweenness(G, pairs="sme-knowledge"), {"a": 0, "v": 1, "c": 0, "d": 0}, G)


@pytest.mark.parametrize("name", sorted(SMALL_GRAPHS))
def test_cross_helix_betweenness_equals_networkx_subset(name):
    G = with_groups(SMALL_GRAPHS[name](), seed=len(name), n_groups=4)
    expected = nx_different(G)
    assert as_list(b.cross_helix_betweenness(G, normalized=False), G) == pytest.approx(
        [expected[v] for v in G], abs=1e-9
    )
    companies, knowledge = members(G, "helix", "bedrijf"), members(G, "helix", "kennisinstelling")
    expected = nx.betweenness_centrality_subset(G, companies, knowledge)
    result = b.cross_helix_betweenness(G, pairs=("bedrijf", "kennisinstelling"), normalized=False)
    assert as_list(result, G) == pytest.approx([expected[v] for v in G], abs=1e-9)
    smes = [v for v in G if G.nodes[v]["sme"]]
    expected = nx.betweenness_centrality_subset(G, smes, knowledge)
    result = b.cross_helix_betweenness(G, pairs="sme-knowledge", normalized=False)
    assert as_list(result, G) == pytest.approx([expected[v] for v in G], abs=1e-9)


def test_cross_helix_betweenness_on_tiny_equals_brute_force(tiny):
    helix = nx.get_node_attributes(tiny, "helix")
    for normalized in (False, True):
        expected = brute_cross_helix(tiny, lambda s, t: helix[s] != helix[t], normalized)
        result = b.cross_helix_betweenness(tiny, normalized=normalized)
        assert as_list(result, tiny) == pytest.approx([expected[v] for v in tiny], abs=1e-12)
    # by hand: clu lies on every shortest path between {u1, c1} and {g1, b1} except via c2
    raw = b.cross_helix_betweenness(tiny, normalized=False)
    assert raw["iso"] == 0 and raw["b1"] == 0  # b1's two partners are tied to each other


def test_weighted_cross_helix_betweenness_equals_networkx():
    G = with_groups(SMALL_GRAPHS["weighted_random"](), seed=11, n_groups=4)
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["distance"] = 1 / Fraction(d.get("weight", 1))  # exact, so networkx finds every tie
    expected = nx_different(H, weight="distance")
    result = b.cross_helix_betweenness(G, normalized=False, weight="weight")
    assert as_list(result, G) == pytest.approx([float(expected[v]) for v in G], abs=1e-9)
    assert not np.allclose(result, b.cross_helix_betweenness(G, normalized=False))  # weights matter


def test_all_pairs_eligible_is_ordinary_betweenness(small_graph):
    G = small_graph.copy()
    for i, v in enumerate(G):
        G.nodes[v]["group"] = i  # every node its own group: every pair differs
    for normalized in (False, True):
        result = b.cross_helix_betweenness(G, attr="group", normalized=normalized)
        assert as_list(result, G) == pytest.approx(c.betweenness(G, normalized=normalized).to_numpy(), abs=1e-9)


def test_groups_of_one_disconnected_and_isolated(assert_per_node):
    G = nx.Graph([("k", "x"), ("x", "y"), ("p", "q"), ("q", "r")])
    G.add_node("iso")
    helix = {"k": "kennisinstelling", "x": "bedrijf", "y": "bedrijf", "p": "overheid", "q": "burger",
             "r": "overheid", "iso": "intermediair"}
    nx.set_node_attributes(G, helix, "helix")
    # x brokers {k, y} (k is a group of one); q brokers nothing cross-group: p, r same helix;
    # pairs across components count as eligible but contribute nothing
    raw = b.cross_helix_betweenness(G, normalized=False)
    assert_per_node(raw, {"k": 0, "x": 1, "y": 0, "p": 0, "q": 0, "r": 0, "iso": 0}, G)
    expected = brute_cross_helix(G, lambda s, t: helix[s] != helix[t], normalized=True)
    assert_per_node(b.cross_helix_betweenness(G), expected, G, atol=1e-12)
    # one group only: nothing to broker
    nx.set_node_attributes(G, "bedrijf", "helix")
    assert (b.cross_helix_betweenness(G) == 0).all()


def test_helix_absent_from_the_graph_gives_zeros(tiny):
    G = tiny.copy()
    G.remove_node("b1")  # no burger left
    result = b.cross_helix_betweenness(G, pairs=("bedrijf", "burger"))
    assert (result == 0).all() and list(result.index) == list(G.nodes)


@pytest.mark.parametrize(
    "pairs, message",
    [
        ("all", r"pairs must be 'different', 'sme-knowledge' or a pair of 'helix' values.*got 'all'"),
        (("bedrijf",), r"got \('bedrijf',\)"),
        (42, "got 42"),
        (("bedrijf", "kennisinstelling", "overheid"), "a pair of 'helix' values"),
        (("bedrijf", "kennis"), r"pairs names 'kennis', which is not a value of 'helix' in the graph; expected one of 'bedrijf', 'kennisinstelling', 'overheid', 'burger', 'intermediair'$"),
    ],
)
def test_bad_pairs_are_option_errors(tiny, pairs, message):
    with pytest.raises(OptionError, match=message):
        b.cross_helix_betweenness(tiny, pairs=pairs)


def test_bad_options_and_attributes(tiny):
    with pytest.raises(OptionError, match="normalized must be True or False, got 'yes'"):
        b.cross_helix_betweenness(tiny, normalized="yes")
    with pytest.raises(OptionError, match="node 'clu' has no attribute 'sector'"):
        b.cross_helix_betweenness(tiny, attr="sector")
    G = nx.path_graph(3)
    nx.set_node_attributes(G, "kennisinstelling", "helix")
    with pytest.raises(OptionError, match="node 0 has no attribute 'sme'"):
        b.cross_helix_betweenness(G, pairs="sme-knowledge")


@settings(max_examples=60, deadline=None)
@given(grouped_graphs(max_nodes=8))
def test_property_cross_helix_equals_brute_force_over_ordered_pairs(G):
    helix = nx.get_node_attributes(G, "helix")
    sme = nx.get_node_attributes(G, "sme")
    cases = [
        ("different", lambda s, t: helix[s] != helix[t]),
        (("bedrijf", "kennisinstelling"), lambda s, t: helix[s] == "bedrijf" and helix[t] == "kennisinstelling"),
        (("bedrijf", "bedrijf"), lambda s, t: helix[s] == helix[t] == "bedrijf"),
        ("sme-knowledge", lambda s, t: sme[s] and helix[t] == "kennisinstelling"),
    ]
    for pairs, eligible in cases:
        for normalized in (False, True):
            expected = brute_cross_helix(G, eligible, normalized)
            result = as_list(b.cross_helix_betweenness(G, pairs=pairs, normalized=normalized), G)
            assert result == pytest.approx([expected[v] for v in G], abs=1e-9), (pairs, normalized)
            if normalized:
                assert ((result >= 0) & (result <= 1 + 1e-12)).all()


# --- bridging centrality ------------------------------------------------------------------------


def test_bridging_centrality_on_a_path_by_hand():
    G = nx.path_graph(5)  # degrees 1 2 2 2 1
    table = b.bridging_centrality(G)
    assert list(table.columns) == ["bridging_coefficient", "bridging_centrality"]
    assert table["bridging_coefficient"].tolist() == pytest.approx([2, 1 / 3, 1 / 2, 1 / 3, 2])
    # normalised betweenness: node 1 on 3 of 6 pairs, node 2 on 4 of 6
    assert table["bridging_centrality"].tolist() == pytest.approx([0, 1 / 6, 1 / 3, 1 / 6, 0])
    raw = b.bridging_centrality(G, normalized=False)["bridging_centrality"]
    assert raw.tolist() == pytest.approx([0, 1, 2, 1, 0])


def test_bridging_centrality_on_tiny_by_hand(tiny):
    table = b.bridging_centrality(tiny)
    br = table["bridging_coefficient"]
    # degrees: clu 5, u1 3, c1 3, c2 4, g1 3, b1 2, iso 0
    assert br["clu"] == pytest.approx((1 / 5) / (3 / 3 + 1 / 4 + 1 / 2))
    assert br["b1"] == pytest.approx((1 / 2) / (1 / 5 + 1 / 3))
    assert math.isnan(br["iso"]) and math.isnan(table.loc["iso", "bridging_centrality"])
    assert table.loc["b1", "bridging_centrality"] == 0  # b1 lies on no shortest path


def test_bridging_centrality_equals_definition(small_graph):
    G = small_graph
    table = b.bridging_centrality(G)
    assert list(table.index) == list(G.nodes) and (table.dtypes == np.float64).all()
    between = nx.betweenness_centrality(G)
    for v in G:
        partners = [u for u in G[v] if u != v]
        if not partners:
            assert table.loc[v].isna().all()
            continue
        degree = {u: len([w for w in G[u] if w != u]) for u in [v, *partners]}
        coefficient = (1 / degree[v]) / sum(1 / degree[u] for u in partners)
        assert table.loc[v, "bridging_coefficient"] == pytest.approx(coefficient, abs=1e-12)
        assert table.loc[v, "bridging_centrality"] == pytest.approx(between[v] * coefficient, abs=1e-12)


def test_bridging_centrality_ignores_self_loops():
    G = nx.path_graph(3)
    H = G.copy()
    H.add_edge(1, 1)
    assert b.bridging_centrality(H).equals(b.bridging_centrality(G))


# --- partner concentration ---------------------------------------------------------------------


def test_partner_concentration_on_tiny_by_hand(tiny):
    table = b.partner_concentration(tiny)
    assert list(table.columns) == ["top1_share", "top3_share", "herfindahl"]
    expected = {  # partner weights: clu 2,1,1,1,1 | u1 2,1,1 | c1 2,2,1 | c2 1,1,1,1 | g1 1,1,1 | b1 1,1
        "clu": (2 / 6, 4 / 6, 8 / 36),
        "u1": (2 / 4, 1, 6 / 16),
        "c1": (2 / 5, 1, 9 / 25),
        "c2": (1 / 4, 3 / 4, 1 / 4),
        "g1": (1 / 3, 1, 1 / 3),
        "b1": (1 / 2, 1, 1 / 2),
    }
    for v, values in expected.items():
        assert table.loc[v].tolist() == pytest.approx(values, abs=1e-15), v
    assert table.loc["iso"].isna().all()


def test_partner_concentration_unweighted_and_self_loops():
    G = nx.star_graph(4)
    G.add_edge(0, 0, weight=100.0)  # ignored: a node is not its own partner
    G.edges[0, 1]["weight"] = 5.0
    table = b.partner_concentration(G, weight=None)
    assert table.loc[0].tolist() == pytest.approx([1 / 4, 3 / 4, 1 / 4])
    assert table.loc[1].tolist() == [1.0, 1.0, 1.0]
    weighted = b.partner_concentration(G)
    assert weighted.loc[0].tolist() == pytest.approx([5 / 8, 7 / 8, (25 + 3) / 64])


def test_partner_concentration_rejects_bad_weights():
    G = nx.path_graph(3)
    G.edges[0, 1]["weight"] = -1
    with pytest.raises(DataError, match="expected a positive finite number"):
        b.partner_concentration(G)


def test_empty_graph():
    G = nx.Graph()
    assert b.cross_helix_betweenness(G).empty
    assert b.bridging_centrality(G).empty
    assert b.partner_concentration(G).empty


@settings(max_examples=150, deadline=None)
@given(grouped_graphs())
def test_property_partner_concentration(G):
    table = b.partner_concentration(G)
    for v in G:
        weights = sorted((G.edges[v, u]["weight"] for u in G[v] if u != v), reverse=True)
        if not weights:
            assert table.loc[v].isna().all()
            continue
        total = sum(weights)
        expected = [weights[0] / total, sum(weights[:3]) / total, sum((w / total) ** 2 for w in weights)]
        assert table.loc[v].tolist() == pytest.approx(expected, abs=1e-12)
        top1, top3, herfindahl = expected
        assert top1 <= top3 + 1e-12 and top3 <= 1 + 1e-12
        assert 1 / len(weights) - 1e-12 <= herfindahl <= top1 + 1e-12 <= 1 + 1e-12


def test_bridging_centrality_reuses_given_betweenness():
    G = nx.karate_club_graph()
    fresh = b.bridging_centrality(G)
    given_values = c.betweenness(G)
    assert fresh.equals(b.bridging_centrality(G, betweenness_values=given_values))
    doubled = b.bridging_centrality(G, betweenness_values=given_values * 2)
    assert np.allclose(doubled["bridging_centrality"], 2 * fresh["bridging_centrality"])
