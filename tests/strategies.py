"""Shared test graphs: hypothesis strategies for small weighted graphs, with or without
helix and SME attributes."""

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
def weighted_graphs(draw, max_nodes: int = 10) -> nx.Graph:
    """Small graphs with integer weights 1-9, nodes added in shuffled (not sorted) order."""
    n = draw(st.integers(min_value=1, max_value=max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
    G = nx.Graph()
    G.add_nodes_from(draw(st.permutations(range(n))))
    G.add_weighted_edges_from((u, v, float(w)) for (u, v), w in zip(chosen, weights))
    return G


@st.composite
def grouped_graphs(draw, max_nodes: int = 10) -> nx.Graph:
    """Like :func:`weighted_graphs`, with a random helix (of the four) and sme flag per node."""
    G = draw(weighted_graphs(max_nodes))
    for v in G:
        G.nodes[v]["helix"] = draw(st.sampled_from(HELIX_VALUES[:4]))
        G.nodes[v]["sme"] = draw(st.booleans())
    return G


@st.composite
def graphs_with_twins(draw, max_nodes: int = 9, max_twins: int = 8) -> nx.Graph:
    """Unweighted graphs, often disconnected, plus organisations copied from others as
    closed twins (tied to the original and to its partners, like the partners of a single
    project) or open twins (tied to the partners only); with helix and sme attributes."""
    n = draw(st.integers(min_value=0, max_value=max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else [])
    for k in range(draw(st.integers(0, max_twins)) if n else 0):
        original = draw(st.sampled_from(sorted(G, key=str)))
        twin = f"twin{k}"
        G.add_edges_from((twin, u) for u in list(G[original]))
        G.add_node(twin)
        if draw(st.booleans()):
            G.add_edge(twin, original)
    for v in G:
        G.nodes[v]["helix"] = draw(st.sampled_from(HELIX_VALUES[:3]))
        G.nodes[v]["sme"] = draw(st.booleans())
    return G


# --------------------------------------------------------------------------- hostile cell values
#: Characters nobody sees: format characters (zero-width space and joiners, BOM, direction
#: marks, word joiner, soft hyphen) and control characters other than tab and line breaks.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202c", "\u00ad", "\x0b", "\x00",
             "\x1b", "\x7f", "\x85"]


@st.composite
def invisible_ids(draw) -> str:
    """An id with at least one invisible or control character somewhere in it."""
    visible = draw(st.text(st.sampled_from("abcXYZ019-_é"), min_size=1, max_size=8))
    at = draw(st.integers(0, len(visible)))
    return visible[:at] + draw(st.sampled_from(INVISIBLE)) + visible[at:]


@st.composite
def numeric_forms(draw) -> tuple[str, str]:
    """A number as people and programs write it (documented forms and look-alikes: exponents,
    underscores, grouping, non-ASCII digits, words) with the file's delimiter."""
    digits = draw(st.text(st.sampled_from("0123456789"), min_size=1, max_size=7))
    form = draw(st.sampled_from([
        "{d}", "{d}.{d}", "{d},{d}", "{d}.{d}.{d}", "{d}e{d}", "{d}_{d}", "-{d}", "+{d}", "{d}.{d},{d}",
        "{d},{d}.{d}", "{d} {d}", "inf", "nan", "{arabic}", "{fullwidth}", "0x{d}", "{d}%",
    ]))
    text = form.format(d=digits, arabic="".join(chr(0x0660 + int(c)) for c in digits),
                       fullwidth="".join(chr(0xFF10 + int(c)) for c in digits))
    return text, draw(st.sampled_from([",", ";"]))


#: Names with one control character (refused by the loader; replaced by U+FFFD in XML exports).
CONTROL_NAMES = st.builds(lambda a, c, b: a + c + b, st.text(st.sampled_from("ab é<&"), max_size=5),
                          st.sampled_from([chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]]),
                          st.text(st.sampled_from("ab é<&"), max_size=5))
