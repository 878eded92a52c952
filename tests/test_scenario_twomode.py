"""Project-level simulation: the two-mode operations, their invariants and the outcomes
checked against the graph built by helixnet.graph and helixnet.metrics.reach."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.graph import collaboration_graph
from helixnet.metrics.reach import knowledge_reach, only_through_counts
from helixnet.scenarios import twomode as tm_ops
from helixnet.scenarios.engine import build_context
from helixnet.scenarios.measures import OUTCOMES, measure
from helixnet.scenarios.plan import Plan, load_parameters
from tests.scenario_fixtures import ecosystems, make_dataset

PROPERTY = settings(max_examples=40, deadline=None)


def edges(tm) -> set[tuple[int, int]]:
    A = tm_ops.adjacency(tm).tocoo()
    return {(int(a), int(b)) for a, b in zip(A.row, A.col) if a < b}


def participations(tm) -> set[tuple[int, int]]:
    return set(zip(tm.part_project.tolist(), tm.part_org.tolist()))


@PROPERTY
@given(ecosystems())
def test_adjacency_is_the_collaboration_graph(ds):
    tm = tm_ops.from_dataset(ds)
    G = collaboration_graph(ds)
    expected = {tuple(sorted((tm.index(a), tm.index(b)))) for a, b in G.edges() if a != b}
    assert edges(tm) == expected


@PROPERTY
@given(ecosystems(), st.integers(0, 2**32 - 1))
def test_removal_operations_never_add_ties_or_participations(ds, seed):
    rng = np.random.default_rng(seed)
    tm = tm_ops.from_dataset(ds)
    cluster = tm.index("k0")
    facilitated = tm_ops.facilitated(tm, "k0")
    after = tm_ops.keep_projects_at_random(tm, facilitated, 0.5, rng)
    after = tm_ops.retain_participants(after, tm_ops.facilitated(after, "k0"), rng.random(tm.n_orgs), 0.7, 0.2, rng)
    after = tm_ops.end_memberships(after, cluster, rng.random(tm.n_orgs) < 0.5)
    assert participations(after) <= participations(tm)
    assert edges(after) <= edges(tm)
    removed = tm_ops.remove_org(tm, cluster)
    assert edges(removed) <= edges(tm)
    assert all(cluster not in e for e in edges(removed))
    assert nx.number_connected_components(_graph(removed)) >= nx.number_connected_components(_graph(tm))


def _graph(tm) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(tm.n_orgs))
    G.add_edges_from(edges(tm))
    return G


@PROPERTY
@given(ecosystems(), st.integers(0, 2**32 - 1))
def test_retention_one_is_the_identity(ds, seed):
    rng = np.random.default_rng(seed)
    tm = tm_ops.from_dataset(ds)
    projects = tm_ops.facilitated(tm, "k0")
    after = tm_ops.keep_projects_at_random(tm, projects, 1.0, rng)
    after = tm_ops.retain_participants(after, projects, 1.0, 1.0, 1.0, rng)
    after = tm_ops.end_memberships(after, tm.index("k0"), np.zeros(tm.n_orgs, dtype=bool))
    # projects of fewer than two partners are dropped by retain_participants: none in the fixture
    assert participations(after) == participations(tm)
    assert edges(after) == edges(tm)


@PROPERTY
@given(ecosystems())
def test_outcomes_match_the_graph_references(ds):
    tm = tm_ops.from_dataset(ds)
    ctx = build_context(ds, [Plan("p", "p", "p", "status_quo")], load_parameters())
    values = dict(zip(OUTCOMES, measure(tm, {"k0": tm.index("k0"), "k1": tm.index("k1")}, ("k0", "k1"),
                                         ctx.ecosystems)[0]))
    G = collaboration_graph(ds)
    eco = [tm.orgs[i] for i in np.flatnonzero(ctx.ecosystems["k0"])]
    assert values["smes_only_through"] == only_through_counts(G, ["k0"], among="sme")["k0"]
    direct = knowledge_reach(G, max_steps=1)
    two = knowledge_reach(G, max_steps=2)
    assert values["smes_knowledge_partner"] == sum(bool(direct[o]) and G.nodes[o]["sme"] for o in eco)
    assert values["smes_reach_knowledge"] == sum(bool(two[o]) and G.nodes[o]["sme"] for o in eco)
    assert values["unit_partners"] == G.degree("k0") - (1 if G.has_edge("k0", "k0") else 0)
    quadruple = {"bedrijf", "kennisinstelling", "overheid", "burger"}
    cross = sum(1 for a, b in G.subgraph(eco).edges()
                if G.nodes[a]["helix"] != G.nodes[b]["helix"] and {G.nodes[a]["helix"], G.nodes[b]["helix"]} <= quadruple)
    assert values["cross_helix_ties"] == cross
    facilitated = ds.projects.index[ds.projects["cluster_id"] == "k0"]
    assert values["facilitated_projects"] == len(facilitated)
    parts = ds.participations.merge(ds.organisations[["helix"]], left_on="org_id", right_index=True)
    spans = parts[parts["helix"].isin(quadruple)].groupby("project_id")["helix"].nunique()
    assert values["cross_helix_projects"] == int((spans.reindex(facilitated).fillna(0) >= 2).sum())


def hand_example():
    """clu facilitates P1 (clu, s1, u) and P2 (big, s2, host); P3 (s1, host) is not facilitated;
    s1, s2, big and gov are members of clu."""
    return make_dataset(
        {"clu": ("intermediair", False), "host": ("kennisinstelling", False), "u": ("kennisinstelling", False),
         "s1": ("bedrijf", True), "s2": ("bedrijf", True), "big": ("bedrijf", False), "gov": ("overheid", False)},
        {"P1": ("clu", ["clu", "s1", "u"]), "P2": ("clu", ["big", "s2", "host"]), "P3": (None, ["s1", "host"])},
        [("s1", "clu"), ("s2", "clu"), ("big", "clu"), ("gov", "clu")])


def test_hand_computed_project_level_example():
    tm = tm_ops.from_dataset(hand_example())
    name = {i: o for i, o in enumerate(tm.orgs)}
    rng = np.random.default_rng(0)
    # P2 survives, P1 is dropped whole: its ties clu-u and s1-u go, clu-s1 stays as a membership
    after = tm_ops.drop_projects(tm, np.array([0]))
    got = {tuple(sorted((name[a], name[b]))) for a, b in edges(after)}
    assert got == {("clu", "s1"), ("clu", "s2"), ("big", "clu"), ("clu", "gov"), ("big", "s2"), ("big", "host"),
                   ("host", "s2"), ("host", "s1")}
    # every company leaves P2 (p_company 0) and the knowledge host, left without companies, leaves too
    # (p_without 0): P2 has fewer than two partners and is dropped
    after = tm_ops.retain_participants(after, np.array([1]), 0.0, 1.0, 0.0, rng)
    got = {tuple(sorted((name[a], name[b]))) for a, b in edges(after)}
    assert got == {("clu", "s1"), ("clu", "s2"), ("big", "clu"), ("clu", "gov"), ("host", "s1")}
    # s2 stops paying: only the membership tie goes; s1 keeps its project with host
    ending = np.zeros(tm.n_orgs, dtype=bool)
    ending[tm.index("s2")] = True
    after = tm_ops.end_memberships(after, tm.index("clu"), ending)
    got = {tuple(sorted((name[a], name[b]))) for a, b in edges(after)}
    assert got == {("clu", "s1"), ("big", "clu"), ("clu", "gov"), ("host", "s1")}


def test_correlated_retention_keeps_others_only_with_a_company():
    tm = tm_ops.from_dataset(hand_example())
    rng = np.random.default_rng(1)
    # companies always stay (p 1), others stay only without companies (p_other 0, p_without 1): in P1 s1 stays,
    # so u leaves; clu is protected
    after = tm_ops.retain_participants(tm, np.array([0]), 1.0, 0.0, 1.0, rng, protect=(tm.index("clu"),))
    kept = {tm.orgs[o] for p, o in participations(after) if p == 0}
    assert kept == {"clu", "s1"}


def test_absorb_moves_participations_and_ties_to_the_host():
    tm = tm_ops.from_dataset(hand_example())
    merged = tm_ops.absorb(tm, tm.index("clu"), tm.index("host"))
    assert not any(tm.index("clu") in e for e in edges(merged))
    host_partners = {tm.orgs[b if a == tm.index("host") else a] for a, b in edges(merged) if tm.index("host") in (a, b)}
    assert host_partners == {"s1", "s2", "big", "gov", "u"}
