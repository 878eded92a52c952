"""The disparity-filter backbone, the ForceAtlas2 layout and the map's precomputed extras."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.errors import OptionError
from helixnet.metrics.backbone import disparity_backbone, disparity_pvalues, strongest_ties
from helixnet.viz.forceatlas2 import forceatlas2
from helixnet.viz.layout import pull_in_outliers, structure_positions
from helixnet.viz.map_data import OTHER_COLOUR, CATEGORY_COLOURS, categorical, edge_masks, node_masks


def star() -> nx.Graph:
    """a has three partners: b (weight 8), c and d (weight 1 each); c and d share a tie of weight 1."""
    G = nx.Graph()
    G.add_edge("a", "b", weight=8.0)
    G.add_edge("a", "c", weight=1.0)
    G.add_edge("a", "d", weight=1.0)
    G.add_edge("c", "d", weight=1.0)
    return G


def test_disparity_pvalues_by_hand():
    table = disparity_pvalues(star())
    # a: k = 3, s = 10. a-b: (1 - 8/10)^2 = 0.04; a-c, a-d: (1 - 1/10)^2 = 0.81.
    # b: k = 1, so (1 - 1)^0 = 1. c, d: k = 2, s = 2: (1 - 1/2)^1 = 0.5.
    assert table.loc[("a", "b"), "alpha_u"] == pytest.approx(0.04)
    assert table.loc[("a", "b"), "alpha_v"] == 1.0
    assert table.loc[("a", "c"), "alpha_u"] == pytest.approx(0.81)
    assert table.loc[("a", "c"), "alpha_v"] == pytest.approx(0.5)
    assert table.loc[("c", "d"), "alpha"] == pytest.approx(0.5)
    assert list(table.index) == list(star().edges())


def test_backbone_keeps_significant_ties_strongest_ties_and_protected_nodes():
    G = star()
    assert disparity_backbone(G, strongest=False).to_dict() == {
        ("a", "b"): True, ("a", "c"): False, ("a", "d"): False, ("c", "d"): False}
    # strongest ties: a -> b, b -> a-b, c -> a-c (first of its equal ties), d -> a-d
    assert strongest_ties(G).to_dict() == {("a", "b"): True, ("a", "c"): True, ("a", "d"): True, ("c", "d"): False}
    assert disparity_backbone(G).tolist() == [True, True, True, False]
    assert disparity_backbone(G, strongest=False, keep=["d"]).tolist() == [True, False, True, True]
    assert disparity_backbone(G, alpha=0.9, strongest=False).tolist() == [True, True, True, True]


@pytest.mark.parametrize("alpha", [0, 1, -0.1, 1.5])
def test_backbone_alpha_must_be_a_level(alpha):
    with pytest.raises(OptionError, match="expected a significance level between 0 and 1"):
        disparity_backbone(star(), alpha=alpha)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(1, 9)), min_size=1, max_size=25))
def test_pvalues_equal_the_integral_of_the_null_model(ties):
    """alpha_ij = 1 - (k - 1) * integral_0^p (1 - x)^(k - 2) dx (Serrano et al. 2009, eq. 2)."""
    from scipy.integrate import quad

    G = nx.Graph()
    for a, b, w in ties:
        if a != b:
            G.add_edge(a, b, weight=float(w))
    if G.number_of_edges() == 0:
        return
    table = disparity_pvalues(G)
    for (u, v), row in table.iterrows():
        for node, column in ((u, "alpha_u"), (v, "alpha_v")):
            k = G.degree(node)
            p = G.edges[u, v]["weight"] / G.degree(node, weight="weight")
            expected = 1.0 if k == 1 else 1.0 - (k - 1) * quad(lambda x: (1 - x) ** (k - 2), 0, p)[0]
            assert row[column] == pytest.approx(expected, abs=1e-9)
    kept = disparity_backbone(G, strongest=True)
    # every organisation with partners keeps at least one tie
    assert all(any(kept[e] for e in table.index if node in e) for node in G)


def two_cliques() -> nx.Graph:
    G = nx.Graph()
    for block in (range(0, 8), range(8, 16)):
        for a in block:
            for b in block:
                if a < b:
                    G.add_edge(a, b, weight=1.0)
    G.add_edge(0, 8, weight=1.0)
    return G


def test_forceatlas2_is_seeded_and_thread_independent():
    import numba

    G = two_cliques()
    source = np.array([u for u, _ in G.edges()])
    target = np.array([v for _, v in G.edges()])
    weight = np.ones(len(source))
    first = forceatlas2(16, source, target, weight, seed=5, iterations=200)
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        single = forceatlas2(16, source, target, weight, seed=5, iterations=200)
    finally:
        numba.set_num_threads(previous)
    assert np.array_equal(first, single)
    assert not np.array_equal(first, forceatlas2(16, source, target, weight, seed=6, iterations=200))


def test_structure_positions_separate_communities_and_group_pull():
    G = two_cliques()
    positions = structure_positions(G, list(G.edges()), seed=1)
    xy = np.array([positions[n] for n in range(16)])
    within = np.mean([np.linalg.norm(xy[a] - xy[b]) for a in range(8) for b in range(a + 1, 8)])
    between = np.mean([np.linalg.norm(xy[a] - xy[b]) for a in range(8) for b in range(8, 16)])
    assert within < between / 2
    assert max(abs(c) for p in positions.values() for c in p) == pytest.approx(1000.0, abs=0.1)
    # a grouping that cuts across the cliques pulls their halves together
    groups = {n: n % 2 for n in G}
    grouped = structure_positions(G, list(G.edges()), groups=groups, seed=1, group_pull=20.0)
    xy2 = np.array([grouped[n] for n in range(16)])
    cross = np.mean([np.linalg.norm(xy2[a] - xy2[b]) for a in range(8) for b in range(8, 16) if a % 2 == b % 2])
    cross_before = np.mean([np.linalg.norm(xy[a] - xy[b]) for a in range(8) for b in range(8, 16) if a % 2 == b % 2])
    assert cross < cross_before


def test_pull_in_outliers_moves_only_far_nodes_onto_the_rim():
    coords = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0], [100.0, 0.0]])
    tied = np.array([True, True, True, True, False])
    moved = pull_in_outliers(coords, tied, quantile=1.0, width=0.1)
    assert np.array_equal(moved[:4], coords[:4])
    # R = 1, r = 100: 1 * (1 + 0.1 * (1 - 1/100)) = 1.099
    assert moved[4] == pytest.approx([1.099, 0.0])


def test_years_per_node_and_tie():
    parts = pd.DataFrame({"org_id": ["a", "b", "a", "c", "b"], "project_id": ["p", "p", "q", "q", "r"],
                          "start_year": [2019, 2019, 2021, 2021, 2020]})
    assert node_masks(parts, ["a", "b", "c", "z"], 2019) == [0b101, 0b11, 0b100, 0]
    assert node_masks(parts, ["a"], 2018) == [0b1010]
    assert edge_masks(parts, [("a", "b"), ("c", "a"), ("b", "c"), ("a", "z")], 2019) == [0b1, 0b100, 0, 0]
    assert edge_masks(parts, [("a", "b")], 2020) == [0b1]  # a year before the base counts as the base year
    assert edge_masks(parts, [], 2019) == []


def test_categorical_colours_the_largest_categories_and_groups_the_rest():
    values = ["x", "y", "x", None] + [f"c{i}" for i in range(len(CATEGORY_COLOURS))]
    colouring = categorical(values, "none", "{n} others")
    legend = colouring["legend"]
    assert legend[0] == ["x", CATEGORY_COLOURS[0], 2]
    # 16 categories (x, y, c0 .. c13) for 14 colours: the two smallest last by text (c8, c9) share grey
    assert len(CATEGORY_COLOURS) == 14
    assert legend[-2] == ["2 others", OTHER_COLOUR, 2]
    assert legend[-1] == ["none", OTHER_COLOUR, 1]
    assert colouring["of"][3] == len(legend) - 1
    assert sum(entry[2] for entry in legend) == len(values)
    assert len(colouring["of"]) == len(values)


def test_structure_positions_fall_back_to_fruchterman_reingold_above_the_limit(monkeypatch):
    from helixnet.viz import layout

    G = two_cliques()
    kept = [(0, 1), (1, 2), (8, 9)]
    monkeypatch.setattr(layout, "FA2_MAX_NODES", 10)
    shaped = nx.Graph()
    shaped.add_nodes_from(G)
    shaped.add_edges_from(kept)
    assert layout.structure_positions(G, kept, seed=2) == layout.layout_positions(shaped, seed=2)
