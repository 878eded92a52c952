"""Graph construction, checked against the tiny fixture worked out by hand (tests/data/README.md)."""

from __future__ import annotations

import networkx as nx
import pytest

import helixnet
from helixnet.errors import OptionError
from tests.helpers import TINY


@pytest.fixture(scope="module")
def tiny():
    return helixnet.load(TINY)


def test_collaboration_graph_by_hand(tiny):
    G = helixnet.collaboration_graph(tiny)
    assert set(G.nodes) == {"clu", "u1", "c1", "c2", "g1", "b1", "iso"}
    expected = {("clu", "u1"), ("clu", "c1"), ("u1", "c1"), ("u1", "c2"), ("c1", "c2"), ("clu", "g1"),
                ("clu", "b1"), ("g1", "b1"), ("c2", "g1"), ("c2", "clu")}
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in expected}
    assert G.edges["u1", "c1"] == {"projects": 2, "newman": 1.0, "weight": 2.0, "relation": "collaboration"}
    assert G.edges["c1", "clu"] == {"projects": 1, "newman": 0.5, "weight": 2.0, "relation": "collaboration+membership"}
    assert G.edges["c2", "clu"] == {"projects": 0, "newman": 0.0, "weight": 1.0, "relation": "membership"}
    assert G.edges["c2", "g1"]["newman"] == 1.0  # two-partner project: 1/(2-1)
    assert G.degree("iso") == 0


def test_node_attributes(tiny):
    G = helixnet.collaboration_graph(tiny)
    assert G.nodes["clu"] == {"node_type": "organisation", "name": "Cluster A", "helix": "intermediair",
                              "kind": "cluster", "sme": False, "is_cluster": True}
    assert G.nodes["c1"]["sme"] is True
    assert G.graph["title"] == "tiny"
    assert (G.graph["start_year"], G.graph["end_year"]) == (2019, 2022)


def test_time_window_selects_projects_by_start_year_and_overlapping_ties(tiny):
    G = helixnet.collaboration_graph(tiny, start_year=2021, end_year=2022)
    # p3 (2021) and p4 (2022) only; c1's open-ended membership stays, c2's (2018-2019) does not
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in
                                               [("clu", "g1"), ("clu", "b1"), ("g1", "b1"), ("c2", "g1"), ("c1", "clu")]}
    assert G.edges["c1", "clu"]["relation"] == "membership"
    assert G.number_of_nodes() == 7  # every organisation stays a node
    assert (G.graph["start_year"], G.graph["end_year"]) == (2021, 2022)


def test_inverted_window_is_an_option_error(tiny):
    with pytest.raises(OptionError, match="end year 2019 is before start year 2021"):
        helixnet.collaboration_graph(tiny, start_year=2021, end_year=2019)


def test_two_mode_graph(tiny):
    B = helixnet.two_mode_graph(tiny)
    orgs = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
    projects = {n for n, d in B.nodes(data=True) if d["bipartite"] == 1}
    assert orgs == set(tiny.organisations.index)
    assert projects == {"project:p1", "project:p2", "project:p3", "project:p4"}
    assert B.number_of_edges() == 11
    assert B.edges["clu", "project:p1"]["role"] == "coordinator"
    assert "budget_eur" not in B.edges["g1", "project:p4"]  # missing values are left out, not None
    # projecting the two-mode graph gives the project part of the collaboration graph
    projected = nx.bipartite.weighted_projected_graph(B, orgs)
    G = helixnet.collaboration_graph(tiny)
    for a, b, data in projected.edges(data=True):
        assert G.edges[a, b]["projects"] == data["weight"]
    assert projected.number_of_edges() == 9


def test_shared_project_pairs_matches_a_naive_count(tiny):
    from itertools import combinations

    from helixnet.graph import shared_project_pairs

    pairs = shared_project_pairs(tiny, tiny.projects.index)
    naive: dict = {}
    for _, members in tiny.participations.groupby("project_id")["org_id"]:
        for a, b in combinations(sorted(members), 2):
            count, newman = naive.get((a, b), (0, 0.0))
            naive[(a, b)] = (count + 1, newman + 1 / (len(members) - 1))
    got = {(a, b): (n, w) for a, b, n, w in pairs.itertuples(index=False)}
    assert got.keys() == naive.keys()
    for key, (n, w) in naive.items():
        assert got[key][0] == n and got[key][1] == pytest.approx(w)


def test_project_without_start_year_counts_only_without_a_window(tmp_path):
    from tests.helpers import copy_tiny, replace_in

    data = copy_tiny(tmp_path)
    replace_in(data / "nodes" / "projects.csv", "p4,Smart city,EFRO,mobility,2022,", "p4,Smart city,EFRO,mobility,,")
    ds = helixnet.load(data)
    assert helixnet.collaboration_graph(ds).has_edge("c2", "g1")
    assert not helixnet.collaboration_graph(ds, start_year=2017).has_edge("c2", "g1")
    assert ds.years == (2019, 2021)
