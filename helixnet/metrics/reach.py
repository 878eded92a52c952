"""Reach of knowledge institutions, and the organisations that reach them only through one node.

The cluster manager's question in PRODUCT.md — *which SMEs reach knowledge institutions only
through us?* — is a question about paths of at most ``max_steps`` steps (two by default: an
SME that works with the cluster, which works with a university).

Definitions (collaboration graph, unweighted hops, self-loops ignored; K the nodes whose
``helix`` is ``kennisinstelling``):

- ``reaches(i)``: some j in K, j != i, lies within ``max_steps`` steps of i.
- ``only_through(i, c)`` for a node c: i reaches K in G, and reaches none of K in G - c,
  i.e. *every* path of at most ``max_steps`` steps from i to a knowledge institution passes
  through c (a path that ends at c counts as passing through it, so if c is itself a
  knowledge institution its own partners depend on it). Knowledge institutions themselves
  and c are never counted.

Cost: O(max_steps * (n + m)) per node c, with sparse matrix-vector products: a walk of at
most s steps from a node i outside K to K exists iff the distance is at most s (the end of
the walk is in K, hence not i), so h_s = [A (k + h_{s-1}) > 0] with h_0 = 0.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import OptionError
from helixnet.metrics._engine import adjacency, node_series
from helixnet.metrics.mixing import knowledge_flags

__all__ = ["knowledge_reach", "only_through", "only_through_counts"]


def _check_steps(max_steps: int) -> None:
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
        raise OptionError(f"max_steps: {max_steps!r} is not allowed; expected a whole number of at least 1")


def _reach(A, knowledge: np.ndarray, max_steps: int) -> np.ndarray:
    """True where a node outside K has a node of K within ``max_steps`` steps (A: 0/1, no loops)."""
    target = knowledge.astype(np.float64)
    reached = np.zeros(len(knowledge), dtype=bool)
    for _ in range(max_steps):
        reached = (A @ np.maximum(target, reached.astype(np.float64))) > 0
    return reached & ~knowledge


def knowledge_reach(G: nx.Graph, *, max_steps: int = 2) -> pd.Series:
    """Whether each organisation reaches a knowledge institution within ``max_steps`` steps.

    Returns a boolean Series indexed by node (False for the knowledge institutions
    themselves: the question is asked of the others).

    Raises
    ------
    OptionError
        If a node lacks ``helix`` or ``max_steps`` is not a whole number of at least 1.

    Examples
    --------
    >>> G = nx.path_graph(["sme", "cluster", "uni"])
    >>> nx.set_node_attributes(G, {"sme": "bedrijf", "cluster": "intermediair", "uni": "kennisinstelling"}, "helix")
    >>> knowledge_reach(G).to_dict()
    {'sme': True, 'cluster': True, 'uni': False}
    """
    _check_steps(max_steps)
    knowledge = knowledge_flags(G)
    A = adjacency(G, None, self_loops=False)
    return node_series(G, _reach(A, knowledge, max_steps), "knowledge_reach").astype(bool)


def _reach_without(A, knowledge: np.ndarray, position: int, max_steps: int) -> np.ndarray:
    keep = np.ones(A.shape[0])
    keep[position] = 0.0
    import scipy.sparse

    mask = scipy.sparse.diags_array(keep)
    return _reach(mask @ A @ mask, knowledge & (keep > 0), max_steps)


def only_through(G: nx.Graph, via: Hashable, *, max_steps: int = 2) -> pd.Series:
    """The organisations whose every path of at most ``max_steps`` steps to a knowledge
    institution passes through ``via`` (see the module docstring).

    Returns a boolean Series indexed by node; ``via`` and the knowledge institutions are
    False.

    Raises
    ------
    OptionError
        If ``via`` is not a node of ``G``, a node lacks ``helix``, or ``max_steps`` is not a
        whole number of at least 1.

    Examples
    --------
    >>> G = nx.Graph([("sme", "cluster"), ("cluster", "uni"), ("big", "cluster"), ("big", "uni")])
    >>> nx.set_node_attributes(G, {"sme": "bedrijf", "cluster": "intermediair", "uni": "kennisinstelling",
    ...                            "big": "bedrijf"}, "helix")
    >>> only_through(G, "cluster").to_dict()
    {'sme': True, 'cluster': False, 'uni': False, 'big': False}
    """
    return only_through_counts(G, [via], max_steps=max_steps, details=True)[via]


def only_through_counts(
    G: nx.Graph, vias: Iterable[Hashable], *, among: str | None = None, max_steps: int = 2,
    details: bool = False,
) -> "pd.Series | dict[Hashable, pd.Series]":
    """For each node in ``vias``, how many organisations reach knowledge institutions only
    through it.

    ``among`` names a boolean node attribute (e.g. ``"sme"``) to count only those nodes.
    With ``details=True`` the result is a dict of boolean Series (one per via, indexed by
    node) instead of the counts.

    Raises
    ------
    OptionError
        If a via is not a node, a node lacks ``helix`` (or ``among``), or ``max_steps`` is
        not a whole number of at least 1.
    """
    from helixnet.metrics.mixing import node_flags

    _check_steps(max_steps)
    vias = list(vias)
    position = {node: i for i, node in enumerate(G.nodes)}
    missing = [v for v in vias if v not in position]
    if missing:
        raise OptionError(f"{missing[0]!r} is not an organisation of the graph; expected a node id")
    knowledge = knowledge_flags(G)
    counted = node_flags(G, among) if among is not None else np.ones(len(knowledge), dtype=bool)
    A = adjacency(G, None, self_loops=False)
    before = _reach(A, knowledge, max_steps)
    result = {}
    for via in vias:
        lost = before & ~_reach_without(A, knowledge, position[via], max_steps)
        lost[position[via]] = False
        result[via] = node_series(G, lost & counted, "only_through").astype(bool)
    if details:
        return result
    return pd.Series({via: int(flags.sum()) for via, flags in result.items()}, name="only_through", dtype=int)
