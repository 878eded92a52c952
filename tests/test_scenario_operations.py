"""Scenario operations: hand-checked on the tiny fixture, purity, and graph properties.

Tiny collaboration graph (tests/data/README.md): clu (cluster), u1 (university), c1 (SME),
c2 (large company), g1 (city), b1 (citizens), iso (isolated SME). Edges (weight, projects):
clu-b1 (1,1), clu-c1 (2,1; collaboration+membership), clu-g1 (1,1), clu-u1 (1,1),
clu-c2 (1,0; membership), u1-c1 (2,2), u1-c2 (1,1), c1-c2 (1,1), c2-g1 (1,1), g1-b1 (1,1).
Total weight 12. Projects facilitated by clu: p1 (clu, u1, c1) and p3 (clu, g1, b1).
"""

from __future__ import annotations

import copy
import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet
from helixnet.errors import OptionError
from helixnet.scenarios import operations as ops
from helixnet.scenarios.operations import (
    add_ties, contract, drop_ties, facilitated_share, relabel, remove_nodes,
)
from tests.helpers import TINY


@pytest.fixture(scope="module")
def tiny_ds():
    return helixnet.load(TINY)


@pytest.fixture
def tiny(tiny_ds):
    return helixnet.collaboration_graph(tiny_ds)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def snapshot(G: nx.Graph) -> tuple:
    return (copy.deepcopy(dict(G.nodes(data=True))),
            {frozenset((u, v)): copy.deepcopy(d) for u, v, d in G.edges(data=True)}, dict(G.graph))


def edge_set(G: nx.Graph) -> set:
    return {frozenset(e) for e in G.edges()}


def total_weight(G: nx.Graph) -> float:
    return G.size(weight="weight")


def connected_pairs(G: nx.Graph) -> int:
    return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(G))


# --------------------------------------------------------------------------- by hand
def test_remove_nodes_by_hand(tiny):
    H = remove_nodes(tiny, "clu")
    assert set(H) == {"u1", "c1", "c2", "g1", "b1", "iso"}
    assert edge_set(H) == {frozenset(e) for e in [("u1", "c1"), ("u1", "c2"), ("c1", "c2"), ("c2", "g1"), ("g1", "b1")]}
    assert H.edges["u1", "c1"] == tiny.edges["u1", "c1"]
    H2 = remove_nodes(tiny, ["clu", "c2"])
    assert edge_set(H2) == {frozenset(("u1", "c1")), frozenset(("g1", "b1"))}


def test_remove_unknown_node(tiny):
    with pytest.raises(OptionError, match="'nope' is not in the graph"):
        remove_nodes(tiny, ["clu", "nope"])


def test_contract_by_hand(tiny):
    H = contract(tiny, "clu", "u1")
    assert "clu" not in H and H.number_of_nodes() == 6
    assert H.nodes["u1"] == tiny.nodes["u1"]  # host keeps identity and helix
    assert H.edges["u1", "c1"] == {"projects": 3, "newman": 1.5, "weight": 4.0, "relation": "collaboration+membership"}
    assert H.edges["u1", "c2"] == {"projects": 1, "newman": 0.5, "weight": 2.0, "relation": "collaboration+membership"}
    assert H.edges["u1", "g1"] == tiny.edges["clu", "g1"]
    assert H.edges["u1", "b1"] == tiny.edges["clu", "b1"]
    assert H.number_of_edges() == 7  # 10 - 5 ties of clu + u1-g1, u1-b1
    assert total_weight(H) == total_weight(tiny) - tiny.edges["clu", "u1"]["weight"] == 11.0


def test_contract_errors(tiny):
    with pytest.raises(OptionError, match="into itself"):
        contract(tiny, "clu", "clu")
    with pytest.raises(OptionError, match="host 'vito' is not in the graph"):
        contract(tiny, "clu", "vito")


def test_drop_ties_retention_extremes_by_hand(tiny):
    same = drop_ties(tiny, rng(), around="clu", partner_helix="bedrijf", retention=1.0)
    assert nx.utils.graphs_equal(same, tiny) and snapshot(same) == snapshot(tiny)
    gone = drop_ties(tiny, rng(), around="clu", partner_helix="bedrijf", retention=0.0)
    assert edge_set(tiny) - edge_set(gone) == {frozenset(("clu", "c1")), frozenset(("clu", "c2"))}
    sme = drop_ties(tiny, rng(), around="clu", partner_sme=True, retention=0.0)
    assert edge_set(tiny) - edge_set(sme) == {frozenset(("clu", "c1"))}
    large = drop_ties(tiny, rng(), around="clu", partner_kind=["grote_onderneming", "stad"], retention=0.0)
    assert edge_set(tiny) - edge_set(large) == {frozenset(("clu", "c2")), frozenset(("clu", "g1"))}


def test_drop_ties_relation_and_no_around(tiny):
    H = drop_ties(tiny, rng(), relation="membership", retention=0.0)
    assert edge_set(tiny) - edge_set(H) == {frozenset(("clu", "c1")), frozenset(("clu", "c2"))}
    # without around: either end matches the partner filter
    H = drop_ties(tiny, rng(), partner_helix="overheid", retention=0.0)
    assert edge_set(tiny) - edge_set(H) == {frozenset(e) for e in [("clu", "g1"), ("c2", "g1"), ("g1", "b1")]}


def test_drop_ties_facilitated_by_hand(tiny, tiny_ds):
    shares = facilitated_share(tiny_ds, tiny)
    H = drop_ties(tiny, rng(), facilitated_by="clu", shares=shares, retention=0.0)
    # p1 and p3 are lost: clu-u1, clu-g1, clu-b1, g1-b1 had nothing else and disappear
    assert edge_set(tiny) - edge_set(H) == {frozenset(e) for e in [("clu", "u1"), ("clu", "g1"), ("clu", "b1"), ("g1", "b1")]}
    assert H.edges["clu", "c1"] == {"projects": 0, "newman": 0.0, "weight": 1.0, "relation": "membership"}
    assert H.edges["u1", "c1"] == {"projects": 1, "newman": 0.5, "weight": 1.0, "relation": "collaboration"}
    assert H.edges["u1", "c2"] == tiny.edges["u1", "c2"]
    only_around = drop_ties(tiny, rng(), around="u1", facilitated_by="clu", shares=shares, retention=0.0)
    assert edge_set(tiny) - edge_set(only_around) == {frozenset(("clu", "u1"))}
    assert only_around.edges["u1", "c1"]["projects"] == 1
    assert nx.utils.graphs_equal(drop_ties(tiny, rng(), facilitated_by="clu", shares=shares, retention=1.0), tiny)


def test_drop_ties_facilitated_needs_shares(tiny):
    with pytest.raises(OptionError, match="facilitated_share"):
        drop_ties(tiny, rng(), facilitated_by="clu", retention=0.5)


@pytest.mark.parametrize("retention", [-0.1, 1.5, float("nan"), "0.5", True])
def test_drop_ties_bad_retention(tiny, retention):
    with pytest.raises(OptionError, match=r"expected a probability in \[0, 1\]"):
        drop_ties(tiny, rng(), retention=retention)


def test_drop_ties_bad_filter(tiny):
    with pytest.raises(OptionError, match="helix 'company' is unknown"):
        drop_ties(tiny, rng(), partner_helix="company", retention=0.5)
    with pytest.raises(OptionError, match="around node 'nope'"):
        drop_ties(tiny, rng(), around="nope", retention=0.5)


def test_facilitated_share_by_hand(tiny, tiny_ds):
    table = facilitated_share(tiny_ds, tiny)
    assert list(table.columns) == ["a", "b", "cluster_id", "projects", "newman"]
    rows = {(a, b): (c, p, w) for a, b, c, p, w in table.itertuples(index=False)}
    assert rows == {(a, b): ("clu", 1, 0.5) for a, b in
                    [("b1", "clu"), ("b1", "g1"), ("c1", "clu"), ("c1", "u1"), ("clu", "g1"), ("clu", "u1")]}
    # only ties of G are listed
    assert len(facilitated_share(tiny_ds, remove_nodes(tiny, "g1"))) == 4


def test_facilitated_share_matches_default_data():
    ds = helixnet.load(TINY.parent.parent.parent / "data")
    G = helixnet.collaboration_graph(ds)
    table = facilitated_share(ds, G)
    per_tie = table.groupby(["a", "b"])["projects"].sum()
    # never more facilitated projects than shared projects, and every cluster id is a cluster
    assert all(p <= G.edges[a, b]["projects"] for (a, b), p in per_tie.items())
    assert set(table["cluster_id"]) <= set(ds.clusters.index)
    # brute-force check on one cluster
    facilitated = set(ds.projects.index[ds.projects["cluster_id"] == "vil"])
    parts = ds.participations[ds.participations["project_id"].isin(facilitated)]
    brute: dict = {}
    for _, group in parts.groupby("project_id"):
        for a, b in itertools.combinations(sorted(set(group["org_id"])), 2):
            brute[(a, b)] = brute.get((a, b), 0) + 1
    mine = table[table["cluster_id"] == "vil"]
    assert dict(zip(zip(mine["a"], mine["b"]), mine["projects"])) == brute


def test_add_ties_by_hand(tiny):
    between = ({"helix": "bedrijf", "sme": True}, {"helix": "kennisinstelling"})
    H = add_ties(tiny, rng(), n=1, between=between)  # c1-u1 exists: only iso-u1 is eligible
    assert edge_set(H) - edge_set(tiny) == {frozenset(("iso", "u1"))}
    assert H.edges["iso", "u1"] == {"weight": 1.0, "projects": 0, "newman": 0.0, "relation": "scenario"}
    V = add_ties(tiny, rng(), n=1, between=between, via="clu", weight=2.0)
    assert edge_set(V) - edge_set(tiny) == {frozenset(("iso", "u1")), frozenset(("iso", "clu"))}
    assert V.edges["clu", "u1"]["weight"] == 3.0
    assert V.edges["clu", "u1"]["relation"] == "collaboration+scenario"
    assert V.edges["clu", "iso"]["weight"] == 2.0
    assert total_weight(V) == total_weight(tiny) + 3 * 2.0
    with pytest.raises(OptionError, match="n = 2 new ties asked but only 1 eligible"):
        add_ties(tiny, rng(), n=2, between=between)


def test_add_ties_all_and_overlapping_sets(tiny):
    H = add_ties(tiny, rng(), n=None, between=({}, {}))  # complete the graph
    assert H.number_of_edges() == 7 * 6 // 2
    assert add_ties(tiny, rng(), n=0, between=({}, {})).number_of_edges() == tiny.number_of_edges()
    by_id = add_ties(tiny, rng(), n=None, between=({"id": "clu"}, {"id": ["u1", "iso", "clu"]}))
    assert edge_set(by_id) - edge_set(tiny) == {frozenset(("clu", "iso"))}


def test_add_ties_errors(tiny):
    with pytest.raises(OptionError, match="expected an integer >= 0"):
        add_ties(tiny, rng(), n=-1)
    with pytest.raises(OptionError, match="expected a positive number"):
        add_ties(tiny, rng(), n=1, weight=0)
    with pytest.raises(OptionError, match=r"between\[0\] key 'colour' is unknown"):
        add_ties(tiny, rng(), n=1, between=({"colour": "red"}, {}))
    with pytest.raises(OptionError, match="sme 'yes' is not a boolean"):
        add_ties(tiny, rng(), n=1, between=({"sme": "yes"}, {}))


def test_relabel_by_hand(tiny):
    H = relabel(tiny, ["u1", "g1"], helix="burger", kind="cooperatie")
    assert H.nodes["u1"]["helix"] == H.nodes["g1"]["helix"] == "burger"
    assert H.nodes["u1"]["name"] == "University One"
    C = relabel(tiny, "clu", kind="bedrijfsnetwerk")
    assert C.nodes["clu"]["is_cluster"] is False
    assert relabel(tiny, "c1", helix="intermediair", kind="cluster").nodes["c1"]["is_cluster"] is True
    assert edge_set(H) == edge_set(tiny)
    with pytest.raises(OptionError, match="'colour' cannot be relabelled"):
        relabel(tiny, "u1", colour="red")
    with pytest.raises(OptionError, match="helix 'university' is unknown"):
        relabel(tiny, "u1", helix="university")


# --------------------------------------------------------------------------- purity
def test_operations_are_pure(tiny, tiny_ds):
    before = snapshot(tiny)
    shares = facilitated_share(tiny_ds, tiny)
    results = [
        remove_nodes(tiny, "clu"),
        contract(tiny, "clu", "u1"),
        drop_ties(tiny, rng(), around="clu", retention=0.3),
        drop_ties(tiny, rng(), facilitated_by="clu", shares=shares, retention=0.0),
        add_ties(tiny, rng(), n=3, between=({}, {}), via="clu"),
        relabel(tiny, "u1", helix="overheid"),
    ]
    assert snapshot(tiny) == before
    for H in results:
        assert H is not tiny
        # no shared attribute dicts between input and result
        for u, v, d in H.edges(data=True):
            if tiny.has_edge(u, v):
                assert d is not tiny.edges[u, v]


# --------------------------------------------------------------------------- seeds
def test_same_seed_same_graph(tiny):
    def run(seed):
        H = drop_ties(tiny, rng(seed), around="clu", retention=0.5)
        return snapshot(add_ties(H, rng(seed), n=4, between=({}, {"helix": "bedrijf"})))
    assert run(11) == run(11)
    assert len({repr(sorted(map(sorted, run(s)[1]))) for s in range(12)}) > 1


def test_drop_ties_is_bernoulli():
    G = nx.star_graph(2000)
    kept = [drop_ties(G, rng(s), around=0, retention=0.3).number_of_edges() for s in range(5)]
    # binomial(2000, 0.3): sd about 20.5
    assert all(abs(k - 600) < 90 for k in kept)


# --------------------------------------------------------------------------- properties
@st.composite
def weighted_graphs(draw, min_nodes: int = 2):
    n = draw(st.integers(min_nodes, 14))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    G = nx.Graph()
    for i in range(n):
        G.add_node(i, helix=draw(st.sampled_from(["bedrijf", "kennisinstelling", "overheid"])),
                   kind="x", sme=draw(st.booleans()), is_cluster=False)
    for u, v in chosen:
        w = draw(st.integers(1, 5))
        G.add_edge(u, v, weight=float(w), projects=w, newman=w / 2,
                   relation=draw(st.sampled_from(["collaboration", "membership", "collaboration+membership"])))
    return G


@settings(max_examples=80, deadline=None)
@given(weighted_graphs(), st.data())
def test_removal_never_increases_connectivity(G, data):
    nodes = data.draw(st.lists(st.sampled_from(sorted(G)), unique=True))
    H = remove_nodes(G, nodes)
    assert connected_pairs(H) <= connected_pairs(G)
    assert nx.number_connected_components(H) <= nx.number_connected_components(G) + len(nodes) * len(G)
    component = {v: i for i, c in enumerate(nx.connected_components(G)) for v in c}
    for c in nx.connected_components(H):  # no two nodes disconnected in G get connected
        assert len({component[v] for v in c}) == 1


@settings(max_examples=80, deadline=None)
@given(weighted_graphs(), st.data())
def test_contraction_conserves_weight_except_the_pair(G, data):
    node, host = data.draw(st.lists(st.sampled_from(sorted(G)), unique=True, min_size=2, max_size=2))
    pair = G.edges[node, host]["weight"] if G.has_edge(node, host) else 0.0
    H = contract(G, node, host)
    assert total_weight(H) == pytest.approx(total_weight(G) - pair)
    assert set(H.adj[host]) == (set(G.adj[host]) | set(G.adj[node])) - {node, host}
    assert H.size(weight="projects") == G.size(weight="projects") - (G.edges[node, host]["projects"] if pair else 0)
    assert H.nodes[host] == G.nodes[host]


@settings(max_examples=80, deadline=None)
@given(weighted_graphs(), st.sampled_from([None, "bedrijf", "overheid"]), st.sampled_from([None, "membership"]),
       st.integers(0, 2**32 - 1))
def test_retention_one_and_zero(G, helix, relation, seed):
    assert snapshot(drop_ties(G, rng(seed), partner_helix=helix, relation=relation, retention=1.0)) == snapshot(G)
    H = drop_ties(G, rng(seed), partner_helix=helix, relation=relation, retention=0.0)
    for u, v, d in G.edges(data=True):
        matches = (helix is None or helix in (G.nodes[u]["helix"], G.nodes[v]["helix"])) and \
            (relation is None or relation in d["relation"])
        assert H.has_edge(u, v) != matches


@settings(max_examples=60, deadline=None)
@given(weighted_graphs(), st.booleans(), st.booleans(), st.data())
def test_add_ties_eligible_pairs(G, sme_a, use_rejection, data):
    a_filter, b_filter = {"sme": sme_a}, {"helix": ["bedrijf", "kennisinstelling"]}
    nodes = list(G)
    eligible = {frozenset((a, b)) for a in nodes for b in nodes
                if a != b and G.nodes[a]["sme"] == sme_a and G.nodes[b]["helix"] in ("bedrijf", "kennisinstelling")
                and not G.has_edge(a, b)}
    a_mask = ops.node_mask(G, a_filter)
    b_mask = ops.node_mask(G, b_filter)
    assert ops.eligible_pair_count(G, a_mask, b_mask) == len(eligible)
    n = data.draw(st.integers(0, len(eligible)))
    if use_rejection:
        old, ops.ENUMERATE_LIMIT = ops.ENUMERATE_LIMIT, 0
    try:
        H = add_ties(G, rng(data.draw(st.integers(0, 99))), n=n, between=(a_filter, b_filter))
    finally:
        if use_rejection:
            ops.ENUMERATE_LIMIT = old
    new = edge_set(H) - edge_set(G)
    assert len(new) == n and new <= eligible
    with pytest.raises(OptionError):
        add_ties(G, rng(), n=len(eligible) + 1, between=(a_filter, b_filter))


def test_rejection_sampling_is_uniform():
    """Pairs inside A∩B can be drawn two ways; they must not be favoured."""
    G = nx.empty_graph(6)
    for v in G:
        G.nodes[v]["helix"] = "bedrijf" if v < 4 else "overheid"
    old, ops.ENUMERATE_LIMIT = ops.ENUMERATE_LIMIT, 0
    try:
        counts: dict = {}
        generator = rng(5)
        for _ in range(3000):  # A = all six, B = the four companies: 6 + 8 = 14 pairs
            (edge,) = add_ties(G, generator, n=1, between=({}, {"helix": "bedrijf"})).edges()
            counts[frozenset(edge)] = counts.get(frozenset(edge), 0) + 1
    finally:
        ops.ENUMERATE_LIMIT = old
    assert len(counts) == 14
    assert all(abs(c - 3000 / 14) < 60 for c in counts.values())  # sd about 14
