"""Knowledge reach and the organisations that reach knowledge institutions only through one node."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.errors import OptionError
from helixnet.metrics.reach import knowledge_reach, only_through, only_through_counts

HELIX = {"k": "kennisinstelling", "c": "intermediair", "b": "bedrijf"}


def typed(edges, helices, smes=()):
    G = nx.Graph(edges)
    for node in G:
        G.nodes[node]["helix"] = HELIX[helices[node]]
        G.nodes[node]["sme"] = node in smes
    return G


@pytest.fixture
def hand_graph():
    # s1 - C - u ; s2 - C, s2 - x - u (a second way in two steps); s3 - s4 - C - u (three steps);
    # s5 - u directly; s6 - D - C (D is another cluster; via D then C is three steps to u)
    edges = [("s1", "C"), ("C", "u"), ("s2", "C"), ("s2", "x"), ("x", "u"), ("s3", "s4"), ("s4", "C"),
             ("s5", "u"), ("s6", "D"), ("D", "C")]
    helices = {"s1": "b", "C": "c", "u": "k", "s2": "b", "x": "b", "s3": "b", "s4": "b", "s5": "b", "s6": "b", "D": "c"}
    return typed(edges, helices, smes={"s1", "s2", "s3", "s5", "s6"})


def test_knowledge_reach_by_hand(hand_graph):
    reach = knowledge_reach(hand_graph)
    assert reach.to_dict() == {"s1": True, "C": True, "u": False, "s2": True, "x": True, "s3": False, "s4": True,
                               "s5": True, "s6": False, "D": True}
    assert knowledge_reach(hand_graph, max_steps=3)[["s3", "s6"]].tolist() == [True, True]


def test_only_through_by_hand(hand_graph):
    flags = only_through(hand_graph, "C")
    # s1 and s4 and D depend on C; s2 has a second way through x; s5 and x are direct.
    assert sorted(flags[flags].index) == ["D", "s1", "s4"]
    assert only_through_counts(hand_graph, ["C", "D"], among="sme").to_dict() == {"C": 1, "D": 0}
    three = only_through(hand_graph, "C", max_steps=3)
    assert sorted(three[three].index) == ["D", "s1", "s3", "s4", "s6"]


def test_a_knowledge_via_counts_its_own_partners():
    G = typed([("s", "u"), ("t", "u"), ("t", "v")], {"s": "b", "u": "k", "t": "b", "v": "k"})
    flags = only_through(G, "u")
    assert flags.to_dict() == {"s": True, "u": False, "t": False, "v": False}


def test_errors(hand_graph):
    with pytest.raises(OptionError, match="'nope' is not an organisation"):
        only_through(hand_graph, "nope")
    with pytest.raises(OptionError, match="max_steps"):
        knowledge_reach(hand_graph, max_steps=0)


def brute_force_only_through(G, via, steps):
    knowledge = {n for n, h in G.nodes(data="helix") if h == "kennisinstelling"}

    def reaches(graph, node):
        near = nx.single_source_shortest_path_length(graph, node, cutoff=steps)
        return any(j in knowledge and j != node for j in near)

    H = G.copy()
    H.remove_node(via)
    return {n: (n != via and n not in knowledge and reaches(G, n) and not reaches(H, n)) for n in G}


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 14).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    st.lists(st.sampled_from("kcb"), min_size=n, max_size=n),
    st.integers(0, n - 1), st.integers(1, 3))))
def test_only_through_equals_brute_force(case):
    n, edges, kinds, via, steps = case
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    for node in G:
        G.nodes[node]["helix"] = HELIX[kinds[node]]
    assert only_through(G, via, max_steps=steps).to_dict() == brute_force_only_through(G, via, steps)
