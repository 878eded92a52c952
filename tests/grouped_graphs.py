"""Graphs whose nodes carry a helix and an SME flag, for the mixing and bridging tests."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import strategies as st

HELIX_VALUES = ("bedrijf", "kennisinstelling", "overheid", "burger", "intermediair")


def with_groups(G: nx.Graph, seed: int = 0, n_groups: int = 5) -> nx.Graph:
    """Copy of G with a random helix (from the first n_groups) and sme flag on every node."""
    H = G.copy()
    rng = np.random.default_rng(seed)
    for v in H:
        H.nodes[v]["helix"] = HELIX_VALUES[int(rng.integers(n_groups))]
        H.nodes[v]["sme"] = bool(rng.random() < 0.4)
    return H


@st.composite
def grouped_graphs(draw, max_nodes: int = 10) -> nx.Graph:
    """Small graphs, shuffled node order, integer weights, random helix and sme per node."""
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
    helices = draw(st.lists(st.sampled_from(HELIX_VALUES[:4]), min_size=n, max_size=n))
    smes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    G = nx.Graph()
    for v in draw(st.permutations(range(n))):
        G.add_node(v, helix=helices[v], sme=smes[v])
    G.add_weighted_edges_from((u, v, float(w)) for (u, v), w in zip(chosen, weights))
    return G
