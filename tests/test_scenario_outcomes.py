"""Scenario outcome measures: hand values, networkx cross-checks, sampling, purity."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics.bridging import partner_concentration
from helixnet.metrics.brokerage import brokerage
from helixnet.metrics.mixing import participation_coefficient
from helixnet.scenarios import outcomes as oc

from .conftest import SMALL_GRAPHS

TINY = Path(__file__).parent / "data" / "tiny"
HELICES4 = ["bedrijf", "kennisinstelling", "overheid", "burger"]


@pytest.fixture(scope="module")
def tiny_graph() -> nx.Graph:
    return helixnet.collaboration_graph(helixnet.load(TINY))


def labelled(G: nx.Graph, seed: int = 0, sme_share: float = 0.4) -> nx.Graph:
    """``G`` with a random helix (all five values) and SME flag on every node."""
    rng = np.random.default_rng(seed)
    helices = ["bedrijf", "kennisinstelling", "overheid", "burger", "intermediair"]
    for node in G:
        helix = helices[rng.choice(5, p=[0.5, 0.15, 0.15, 0.15, 0.05])]
        G.nodes[node]["helix"] = helix
        G.nodes[node]["sme"] = bool(helix == "bedrijf" and rng.random() < sme_share)
    return G


def path4() -> nx.Graph:
    """0 - 1 - 2 - 3 with one node per helix: bedrijf, kennisinstelling, overheid, burger."""
    G = nx.path_graph(4)
    for node, helix in zip(G, HELICES4):
        G.nodes[node].update(helix=helix, sme=node == 0)
    return G


def snapshot(G: nx.Graph):
    return (list(G.nodes(data=True)), list(G.edges(data=True)), copy.deepcopy(G.graph))


# --- networkx references ---------------------------------------------------------------


def nx_harmonic_pairs(G: nx.Graph) -> dict:
    """{(i, j): 1/d_ij} for i != j (0 when unreachable), from networkx."""
    lengths = dict(nx.all_pairs_shortest_path_length(G))
    return {
        (i, j): (1.0 / lengths[i][j] if j in lengths[i] else 0.0) for i in G for j in G if i != j
    }


def nx_distance_fragmentation(G: nx.Graph) -> float:
    n = G.number_of_nodes()
    return 1.0 - sum(nx_harmonic_pairs(G).values()) / (n * (n - 1))


def nx_helix_distance(G: nx.Graph, groups: list) -> pd.DataFrame:
    inv = nx_harmonic_pairs(G)
    helix = nx.get_node_attributes(G, "helix")
    out = pd.DataFrame(np.nan, index=groups, columns=groups)
    for g in groups:
        for h in groups:
            values = [v for (i, j), v in inv.items() if helix[i] == g and helix[j] == h]
            n_g = sum(1 for x in helix.values() if x == g)
            n_h = sum(1 for x in helix.values() if x == h)
            pairs = n_g * (n_h - (g == h))
            if pairs:
                out.loc[g, h] = sum(values) / pairs
    return out


# --- components ------------------------------------------------------------------------


def test_components_by_hand():
    G = SMALL_GRAPHS["two_components_and_isolate"]()  # triangle, 4-path, isolate: n = 8
    assert oc.giant_share(G) == pytest.approx(4 / 8)
    assert oc.fragmentation(G) == pytest.approx(1 - (3 * 2 + 4 * 3) / (8 * 7))
    assert oc.fragmentation(nx.path_graph(5)) == 0.0
    assert oc.fragmentation(nx.empty_graph(4)) == 1.0
    assert math.isnan(oc.fragmentation(nx.empty_graph(1)))
    assert math.isnan(oc.giant_share(nx.Graph()))


def test_components_match_networkx(small_graph):
    sizes = [len(c) for c in nx.connected_components(small_graph)]
    n = small_graph.number_of_nodes()
    assert oc.giant_share(small_graph) == pytest.approx(max(sizes) / n)
    expected = 1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))
    assert oc.fragmentation(small_graph) == pytest.approx(expected)


def test_removing_a_cut_vertex_increases_fragmentation():
    G = nx.barbell_graph(5, 1)  # two K5 (0-4, 6-10) joined through the middle node 5
    before = (oc.fragmentation(G), oc.distance_fragmentation(G).value, oc.giant_share(G))
    H = G.copy()
    H.remove_node(5)
    after = (oc.fragmentation(H), oc.distance_fragmentation(H).value, oc.giant_share(H))
    assert before[0] == 0.0
    assert after[0] == pytest.approx(1 - 2 * 5 * 4 / (10 * 9))
    assert after[0] > before[0] and after[1] > before[1] and after[2] < before[2]


# --- distances -----------------------------------------------------------------------------


def test_distance_fragmentation_by_hand():
    # path 0-1-2-3: row sums 1 + 1/2 + 1/3, 5/2, 5/2, 11/6 -> 26/3 over 12 ordered pairs
    assert oc.distance_fragmentation(path4()) == (pytest.approx(1 - 26 / 36), 0.0, 4)
    # star with 4 leaves: centre 4, each leaf 1 + 3/2 -> 14 over 20
    assert oc.distance_fragmentation(nx.star_graph(4)).value == pytest.approx(1 - 14 / 20)
    assert oc.distance_fragmentation(nx.complete_graph(5)).value == pytest.approx(0.0)
    assert oc.distance_fragmentation(nx.empty_graph(3)).value == pytest.approx(1.0)


def test_distance_fragmentation_matches_networkx(small_graph):
    got = oc.distance_fragmentation(small_graph)
    assert got.value == pytest.approx(nx_distance_fragmentation(small_graph), abs=1e-12)
    assert got.se == 0.0 and got.sources == small_graph.number_of_nodes()


def test_helix_distance_on_a_path_by_hand():
    result = oc.helix_distance(path4())
    third = 1 / 3
    expected = np.array(
        [[np.nan, 1, 0.5, third], [1, np.nan, 1, 0.5], [0.5, 1, np.nan, 1], [third, 0.5, 1, np.nan]]
    )
    assert list(result.matrix.index) == HELICES4 == list(result.matrix.columns)
    np.testing.assert_allclose(result.matrix.to_numpy(), expected)
    assert result.summary == pytest.approx((1 + 0.5 + third + 1 + 0.5 + 1) / 6)
    assert result.summary_se == 0.0 and result.sources == 4


def test_helix_distance_on_a_star_by_hand():
    # a cluster in the centre, two companies and two knowledge institutions as leaves
    G = nx.star_graph(4)
    helices = ["intermediair", "bedrijf", "bedrijf", "kennisinstelling", "kennisinstelling"]
    for node, helix in zip(G, helices):
        G.nodes[node]["helix"] = helix
    m = oc.helix_distance(G).matrix
    assert m.loc["bedrijf", "kennisinstelling"] == pytest.approx(0.5)  # all via the cluster
    assert m.loc["bedrijf", "bedrijf"] == pytest.approx(0.5)
    assert m.loc["overheid"].isna().all() and m["burger"].isna().all()  # absent helices
    assert oc.helix_distance(G).summary == pytest.approx(0.5)  # the one defined pair
    # the cluster is a path but may be an endpoint when asked for
    m5 = oc.helix_distance(G, groups=["intermediair", "bedrijf"]).matrix
    assert m5.loc["intermediair", "bedrijf"] == pytest.approx(1.0)


def test_helix_distance_on_tiny_by_hand(tiny_graph):
    m = oc.helix_distance(tiny_graph).matrix
    # companies c1, c2, iso (isolated); u1, g1, b1 one each; clu is only a path
    assert m.loc["bedrijf", "kennisinstelling"] == pytest.approx((1 + 1 + 0) / 3)
    assert m.loc["bedrijf", "overheid"] == pytest.approx((0.5 + 1 + 0) / 3)
    assert m.loc["bedrijf", "burger"] == pytest.approx((0.5 + 0.5 + 0) / 3)
    assert m.loc["kennisinstelling", "overheid"] == pytest.approx(0.5)
    assert m.loc["overheid", "burger"] == pytest.approx(1.0)
    assert m.loc["bedrijf", "bedrijf"] == pytest.approx(2 / 6)
    assert oc.helix_distance(tiny_graph).summary == pytest.approx(
        (2 / 3 + 0.5 + 1 / 3 + 0.5 + 0.5 + 1) / 6
    )


@pytest.mark.parametrize("name", sorted(SMALL_GRAPHS))
def test_helix_distance_matches_networkx(name):
    G = labelled(SMALL_GRAPHS[name](), seed=len(name))
    groups = ["bedrijf", "kennisinstelling", "overheid", "burger", "intermediair"]
    got = oc.helix_distance(G, groups=groups)
    pd.testing.assert_frame_equal(
        got.matrix, nx_helix_distance(G, groups), check_names=False, atol=1e-12
    )
    np.testing.assert_allclose(got.matrix.to_numpy(), got.matrix.to_numpy().T)


# --- sampling ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def medium() -> nx.Graph:
    G = nx.connected_watts_strogatz_graph(600, 6, 0.05, seed=3)
    G.add_nodes_from(range(600, 620))  # isolates: some pairs are unreachable
    G.add_edges_from((600 + k, 601 + k) for k in range(0, 18, 3))
    return labelled(G, seed=5)


def test_sampled_estimates_are_close_and_deterministic(medium):
    exact = oc.network_outcomes(medium)
    one = oc.network_outcomes(medium, sample=120, seed=7)
    assert one.equals(oc.network_outcomes(medium, sample=120, seed=7))
    assert not one.equals(oc.network_outcomes(medium, sample=120, seed=8))
    for name in ("distance_fragmentation", "helix_distance"):
        se = one[f"{name}_se"]
        assert 0 < se < 0.05
        assert abs(one[name] - exact[name]) < 5 * se
    # measures that need no BFS are unaffected by sampling
    for name in ("giant_share", "fragmentation", "sme_knowledge_reach", "cross_helix_ties"):
        assert one[name] == exact[name]


def test_sampled_estimator_is_unbiased_and_its_se_calibrated(medium):
    exact = oc.helix_distance(medium)
    runs = [oc.helix_distance(medium, sample=60, seed=s) for s in range(60)]
    values = np.array([r.summary for r in runs])
    ses = np.array([r.summary_se for r in runs])
    # mean of 60 estimates within 4 standard errors of that mean
    assert abs(values.mean() - exact.summary) < 4 * values.std(ddof=1) / np.sqrt(60)
    assert 0.6 < ses.mean() / values.std(ddof=1) < 1.6
    frag = np.array([oc.distance_fragmentation(medium, sample=60, seed=s).value for s in range(60)])
    want = oc.distance_fragmentation(medium).value
    assert abs(frag.mean() - want) < 4 * frag.std(ddof=1) / np.sqrt(60)


def test_sample_of_all_nodes_is_exact(medium):
    n = medium.number_of_nodes()
    assert oc.network_outcomes(medium, sample=n).equals(oc.network_outcomes(medium))
    assert oc.distance_fragmentation(medium, sample=10 * n) == oc.distance_fragmentation(medium)


def test_uniform_sample_size_without_helix():
    est = oc.distance_fragmentation(nx.path_graph(50), sample=10, seed=1)
    assert est.sources == 10 and est.se > 0


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_bad_sample_is_an_option_error(bad):
    with pytest.raises(OptionError, match="sample"):
        oc.distance_fragmentation(path4(), sample=bad)


def test_helix_distance_needs_two_groups():
    with pytest.raises(OptionError, match="at least two"):
        oc.helix_distance(path4(), groups=["bedrijf"])
    with pytest.raises(OptionError, match="helix"):
        oc.helix_distance(nx.path_graph(3))


# --- reach and cross-helix ties ------------------------------------------------------------


def test_sme_knowledge_reach_by_hand():
    G = nx.Graph()
    add = lambda node, helix, sme=False: G.add_node(node, helix=helix, sme=sme)
    add("a", "bedrijf", True)  # two steps to k via x: reached
    add("x", "overheid")
    add("k", "kennisinstelling")
    add("b", "bedrijf", True)  # three steps: not reached
    add("c", "burger")
    add("d", "burger")
    add("e", "kennisinstelling", True)  # an SME that is itself knowledge; only itself near
    add("f", "overheid")
    G.add_edges_from([("a", "x"), ("x", "k"), ("b", "c"), ("c", "d"), ("d", "k"), ("e", "f")])
    assert oc.sme_knowledge_reach(G) == pytest.approx(1 / 3)
    G.add_edge("f", "k")  # now e reaches k in two steps
    assert oc.sme_knowledge_reach(G) == pytest.approx(2 / 3)
    G.add_edge("b", "k")  # and b directly
    assert oc.sme_knowledge_reach(G) == pytest.approx(1.0)


def test_sme_knowledge_reach_on_tiny(tiny_graph):
    assert oc.sme_knowledge_reach(tiny_graph) == pytest.approx(1 / 2)  # c1 yes, iso no


def test_sme_knowledge_reach_without_smes_is_nan():
    G = path4()
    G.nodes[0]["sme"] = False
    assert math.isnan(oc.sme_knowledge_reach(G))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 25), p=st.floats(0.0, 0.4), seed=st.integers(0, 10**6))
def test_sme_knowledge_reach_matches_bfs(n, p, seed):
    G = labelled(nx.gnp_random_graph(n, p, seed=seed), seed=seed, sme_share=0.7)
    rng = np.random.default_rng(seed)
    for node in G:  # some SMEs that are knowledge institutions too
        if rng.random() < 0.2:
            G.nodes[node].update(helix="kennisinstelling", sme=True)
    smes = [i for i, s in G.nodes(data="sme") if s]
    got = oc.sme_knowledge_reach(G)
    if not smes:
        assert math.isnan(got)
        return
    reached = [
        any(
            G.nodes[j]["helix"] == "kennisinstelling" and j != i
            for j in nx.single_source_shortest_path_length(G, i, cutoff=2)
        )
        for i in smes
    ]
    assert got == pytest.approx(np.mean(reached))


def test_cross_helix_ties_on_tiny(tiny_graph):
    # all 10 edges but c1-c2 (two companies) join different helices; weights by hand
    assert oc.cross_helix_ties(tiny_graph) == (9, 11.0)
    assert oc.cross_helix_ties(tiny_graph, weight=None) == (9, 9.0)


def test_cross_helix_ties_match_networkx(small_graph):
    G = labelled(small_graph, seed=11)
    cross = [
        (u, v, w)
        for u, v, w in G.edges(data="weight", default=1)
        if G.nodes[u]["helix"] != G.nodes[v]["helix"]
    ]
    got = oc.cross_helix_ties(G)
    assert got.ties == len(cross)
    assert got.weight == pytest.approx(sum(w for _, _, w in cross))


# --- tables and purity ------------------------------------------------------------------


def test_network_outcomes_on_tiny(tiny_graph):
    before = snapshot(tiny_graph)
    out = oc.network_outcomes(tiny_graph)
    assert snapshot(tiny_graph) == before
    assert list(out.index) == list(oc.NETWORK_OUTCOMES) and out.dtype == np.float64
    assert out["giant_share"] == pytest.approx(6 / 7)
    assert out["fragmentation"] == pytest.approx(1 - 30 / 42)
    assert out["distance_fragmentation"] == pytest.approx(nx_distance_fragmentation(tiny_graph))
    assert out["sme_knowledge_reach"] == pytest.approx(0.5)
    assert out["helix_distance"] == pytest.approx(oc.helix_distance(tiny_graph).summary)
    assert (out["cross_helix_ties"], out["cross_helix_weight"]) == (9.0, 11.0)
    assert out["distance_fragmentation_se"] == 0 and out["helix_distance_se"] == 0


def test_node_outcomes_match_the_metrics(tiny_graph):
    before = snapshot(tiny_graph)
    out = oc.node_outcomes(tiny_graph, "clu")
    assert snapshot(tiny_graph) == before
    assert list(out.index) == list(oc.NODE_OUTCOMES)
    z = brokerage(tiny_graph).z.loc["clu"]
    for role in ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t"):
        assert out[f"brokerage_{role}_z"] == pytest.approx(z[role], nan_ok=True)
    assert out["participation_coefficient"] == pytest.approx(
        participation_coefficient(tiny_graph)["clu"]
    )
    # clu's ties: b1 1, c1 2, g1 1, u1 1, c2 1 -> strength 6
    assert out["top1_share"] == pytest.approx(2 / 6)
    assert out["top3_share"] == pytest.approx(4 / 6)
    assert out["herfindahl"] == pytest.approx((4 + 1 + 1 + 1 + 1) / 36)
    assert out["herfindahl"] == pytest.approx(
        partner_concentration(tiny_graph).loc["clu", "herfindahl"]
    )


def test_node_outcomes_nan_when_the_node_is_gone(tiny_graph):
    for node in (None, "no-such-cluster"):
        out = oc.node_outcomes(tiny_graph, node)
        assert list(out.index) == list(oc.NODE_OUTCOMES) and out.isna().all()
    H = tiny_graph.copy()
    H.remove_node("clu")
    assert oc.node_outcomes(H, "clu").isna().all()


def test_outcomes_never_mutate_the_graph(medium):
    before = snapshot(medium)
    oc.network_outcomes(medium, sample=50, seed=1)
    oc.helix_distance(medium)
    oc.node_outcomes(medium, 0)
    assert snapshot(medium) == before


def test_edge_cases_of_helix_distance():
    empty = oc.helix_distance(nx.Graph())
    assert empty.matrix.isna().all().all() and math.isnan(empty.summary) and empty.sources == 0
    # one helix only: its diagonal is defined, no pair g != h is
    G = nx.path_graph(3)
    nx.set_node_attributes(G, "bedrijf", "helix")
    one = oc.helix_distance(G)
    assert one.matrix.loc["bedrijf", "bedrijf"] == pytest.approx((1 + 0.5 + 1 + 1 + 0.5 + 1) / 6)
    assert math.isnan(one.summary)
    nx.set_node_attributes(G, False, "sme")
    out = oc.network_outcomes(G)
    assert math.isnan(out["helix_distance"]) and math.isnan(out["sme_knowledge_reach"])
    assert out["cross_helix_ties"] == 0


def test_stratified_total_by_hand():
    # one stratum of 4 nodes, 3 sampled with y = 1, 2, 3: total 4 * 2, variance
    # 4^2 (1 - 3/4) s^2 / 3 with s^2 = 1; a second stratum of 2 nodes fully enumerated
    codes = np.array([0, 0, 0, 0, 1, 1])
    sources = np.array([0, 1, 3, 4, 5])
    y = np.array([[1.0], [2.0], [3.0], [10.0], [20.0]])
    total, se = oc._stratified_total(y, codes, sources)
    assert total[0] == pytest.approx(8 + 30)
    assert se[0] == pytest.approx(np.sqrt(16 * 0.25 / 3))
    total, se = oc._stratified_total(y[[0, 3, 4]], codes, np.array([0, 4, 5]))
    assert total[0] == pytest.approx(4 + 30) and math.isnan(se[0])  # one of four: no SE


def test_sources_are_stratified_with_a_floor():
    codes = np.repeat([0, 1, 2], [100, 3, 1])
    sources = oc._sources(codes, 10, seed=0)
    assert np.bincount(codes[sources]).tolist() == [10, 2, 1]
    assert len(set(sources.tolist())) == 13 and np.all(np.diff(sources) > 0)
    assert np.array_equal(sources, oc._sources(codes, 10, seed=0))


def test_exact_shortcut_equals_bfs_from_every_node(medium):
    # the exact path skips the BFS of the largest helix; compare with the plain estimator
    # fed with every node as a source (which is then exact too)
    from helixnet.metrics._engine import to_igraph

    codes, labels, chosen = oc._selected_groups(medium, [*HELICES4, "intermediair"])
    everyone = np.arange(len(codes))
    sums = oc._harmonic_sums(to_igraph(medium), codes, len(labels), everyone)
    plain = oc._helix_distance_from(sums, codes, labels, chosen, everyone)
    fast = oc.helix_distance(medium, groups=chosen)
    pd.testing.assert_frame_equal(fast.matrix, plain.matrix, atol=1e-12)
    assert fast.summary == pytest.approx(plain.summary, abs=1e-12)
    assert oc.distance_fragmentation(medium).value == pytest.approx(
        oc._distance_fragmentation_from(sums, codes, everyone).value, abs=1e-12
    )
