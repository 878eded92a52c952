"""The one bridge from a networkx graph to the compiled engines (igraph, scipy.sparse).

networkx stays the graph model users see; the heavy measures run on igraph or on sparse
matrices. Every conversion goes through :func:`edge_arrays`, which fixes the node order
(position ``i`` is the ``i``-th node of ``G.nodes``) and validates the input once, so that
every metric returns values aligned with ``G.nodes``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import DataError, OptionError
from helixnet.schema import HELICES

if TYPE_CHECKING:  # pragma: no cover - typing only
    import igraph
    import scipy.sparse


def check_graph(G: object, directed: bool = False) -> None:
    """Raise :class:`OptionError` unless ``G`` is a simple networkx graph.

    helixnet's metrics are defined on the undirected collaboration graph; directed graphs
    (unless ``directed`` allows them) and multigraphs would silently change their meaning.
    """
    if not isinstance(G, nx.Graph):
        kind = "networkx Graph or DiGraph" if directed else "networkx.Graph"
        raise OptionError(f"expected a {kind}, got {type(G).__name__}")
    if G.is_directed() and not directed:
        raise OptionError(
            f"expected an undirected graph, got a directed {type(G).__name__}; "
            "use G.to_undirected() first"
        )
    if G.is_multigraph():
        raise OptionError(
            f"expected a simple graph, got a {type(G).__name__}; "
            "merge parallel edges (summing their weights) first"
        )


#: Stands for "the node has no such attribute" (None is a value a node can hold).
MISSING = object()


def node_groups(
    G: nx.Graph, attr: Hashable = "helix", order: str = "helix", directed: bool = False
) -> tuple[np.ndarray, list]:
    """Integer group code of every node (in ``G.nodes`` order) and the group labels.

    ``labels[codes[i]]`` is the value of ``attr`` on the ``i``-th node. With
    ``order="helix"`` the labels list the helix vocabulary first, in
    :data:`helixnet.schema.HELICES` order, then other values in order of first appearance;
    with ``order="appearance"`` all labels come in order of first appearance (like R's
    ``unique(cl)``). Only values that occur on some node are labels.

    Raises
    ------
    OptionError
        If ``G`` is not a graph :func:`check_graph` accepts (directed ones only with
        ``directed=True``), or a node lacks the attribute, or its value is None, NaN or
        unhashable.
    """
    check_graph(G, directed=directed)
    values = [value for _, value in G.nodes(data=attr, default=MISSING)]
    bad = [i for i, v in enumerate(values) if not _is_group_value(v)]
    if bad:
        node = list(G)[bad[0]]
        value = values[bad[0]]
        seen = "has no attribute" if value is MISSING else f"has {value!r} as"
        more = f" ({len(bad)} nodes are affected)" if len(bad) > 1 else ""
        raise OptionError(
            f"node {node!r} {seen} {attr!r}; every node needs a group value "
            f"(a helix such as {', '.join(HELICES)}) for attr={attr!r}{more}"
        )
    first_seen = list(dict.fromkeys(values))
    if order == "helix":
        present = set(first_seen)
        labels = [h for h in HELICES if h in present]
        labels += [v for v in first_seen if not (isinstance(v, str) and v in HELICES)]
    else:
        labels = first_seen
    index = {label: k for k, label in enumerate(labels)}
    codes = np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))
    return codes, labels


def _is_group_value(value: object) -> bool:
    """A usable group label: present, hashable, and not None, NaN or pandas NA."""
    if value is MISSING or value is None:
        return False
    try:
        hash(value)
    except TypeError:
        return False
    try:
        return not (pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return True


def edge_arrays(
    G: nx.Graph, weight: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(source, target, weight)`` arrays of ``G``'s edges, by node position.

    Node positions follow ``G.nodes``; edges come in ``G.edges()`` order. Self-loops are
    kept (``source == target``). With ``weight=None`` every weight is 1; otherwise the edge
    attribute ``weight`` is read, 1 where it is missing (the networkx convention). Inside
    :func:`converted_once` the arrays of ``G`` are computed once and shared (read-only).

    Raises
    ------
    OptionError
        If ``G`` is not a simple undirected graph.
    DataError
        If a weight is not a positive finite number.
    """
    check_graph(G)
    cache = _CACHE.get(id(G))
    if cache is not None and cache[0] is G and weight in cache[1]:
        return cache[1][weight]
    # One pass over the adjacency dicts (networkx's own storage, in G.nodes order): an
    # edge (u, v) is listed from the earlier of its two ends, exactly as G.edges() does.
    adjacency_dicts = [G._adj[u] for u in G]
    position = {node: i for i, node in enumerate(G)}
    degree = np.fromiter(map(len, adjacency_dicts), dtype=np.int64, count=len(adjacency_dicts))
    ends = np.fromiter((position[v] for nbrs in adjacency_dicts for v in nbrs), dtype=np.int64,
                       count=int(degree.sum()))
    starts = np.repeat(np.arange(len(adjacency_dicts), dtype=np.int64), degree)
    first = ends >= starts
    source, target = starts[first], ends[first]
    if weight is None:
        result = source, target, np.ones(len(source), dtype=np.float64)
    else:
        raw = [d.get(weight, 1) for nbrs in adjacency_dicts for d in nbrs.values()]
        result = source, target, _weights(G, weight, raw, first)
    if cache is not None and cache[0] is G:
        for array in result:
            array.setflags(write=False)
        cache[1][weight] = result
    return result


def _weights(G: nx.Graph, weight: str, raw: list, first: np.ndarray) -> np.ndarray:
    """The validated float weights of the listed arcs ``raw`` kept by ``first``."""
    kinds = set(map(type, raw))
    if all(issubclass(k, (int, float, np.integer, np.floating)) and not issubclass(k, (bool, np.bool_))
           for k in kinds):
        weights = np.asarray(raw, dtype=np.float64)[first] if raw else np.empty(0, dtype=np.float64)
        bad = ~(np.isfinite(weights) & (weights > 0))
        values = weights.tolist() if bad.any() else None
    else:  # strings, None, booleans, objects: find the culprits one by one
        values = np.asarray(raw + [None], dtype=object)[:-1][first].tolist()
        bad = np.array([not _is_positive_number(w) for w in values], dtype=bool)
        weights = np.asarray(values if not bad.any() else [], dtype=np.float64)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        u, v = list(G.edges())[k]
        more = f" ({int(bad.sum())} edges are affected)" if bad.sum() > 1 else ""
        raise DataError(
            f"edge ({u!r}, {v!r}) has {weight!r} = {values[k]!r}; "
            f"expected a positive finite number{more}"
        )
    return weights


#: Graphs whose arrays :func:`edge_arrays` keeps while :func:`converted_once` is active:
#: id -> (graph, {weight: arrays}).
_CACHE: dict[int, tuple[nx.Graph, dict]] = {}


@contextmanager
def converted_once(G: nx.Graph):
    """Within this block, :func:`edge_arrays` (and so every conversion of ``G`` to igraph or
    a sparse matrix) reads ``G`` once per weight attribute and reuses the arrays. ``G``
    must not change inside the block."""
    owner = id(G) not in _CACHE
    if owner:
        _CACHE[id(G)] = (G, {})
    try:
        yield
    finally:
        if owner:
            _CACHE.pop(id(G), None)


def _is_positive_number(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(value) and value > 0


def to_igraph(
    G: nx.Graph, weight: str | None = None, *, both_directions: bool = False
) -> igraph.Graph:
    """Convert ``G`` to an igraph graph whose vertex ``i`` is the ``i``-th node of ``G.nodes``.

    The edge weights (see :func:`edge_arrays`) are stored in the edge attribute
    ``"weight"`` when ``weight`` is given.

    With ``both_directions=True`` the result is the symmetric *directed* graph: one arc
    each way per edge and a single arc per self-loop. That is the adjacency matrix
    networkx uses (a self-loop of weight w is one diagonal entry w), whereas igraph counts
    an undirected self-loop twice.
    """
    import igraph

    source, target, weights = edge_arrays(G, weight)
    n = G.number_of_nodes()
    if both_directions:
        source, target, weights = _both_directions(source, target, weights)
    # a list of int pairs is the fastest input python-igraph accepts
    g = igraph.Graph(
        n=n, edges=list(zip(source.tolist(), target.tolist())), directed=both_directions
    )
    if weight is not None:
        g.es["weight"] = weights.tolist()
    return g


def adjacency(
    G: nx.Graph, weight: str | None = None, *, self_loops: bool = True
) -> scipy.sparse.csr_array:
    """Return the symmetric weighted adjacency matrix of ``G`` (CSR, rows in ``G.nodes`` order).

    A self-loop of weight w is the single diagonal entry w, as in
    :func:`networkx.to_scipy_sparse_array`; ``self_loops=False`` drops them. Inside
    :func:`converted_once` the matrix is built once (each call gets its own copy).
    """
    import scipy.sparse

    cache = _CACHE.get(id(G))
    key = ("adjacency", weight, self_loops)
    if cache is not None and cache[0] is G and key in cache[1]:
        return cache[1][key].copy()
    source, target, weights = edge_arrays(G, weight)
    if not self_loops:
        keep = source != target
        source, target, weights = source[keep], target[keep], weights[keep]
    rows, cols, data = _both_directions(source, target, weights)
    n = G.number_of_nodes()
    A = scipy.sparse.csr_array((data, (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    A.sort_indices()
    if cache is not None and cache[0] is G:
        cache[1][key] = A.copy()
    return A


def _both_directions(
    source: np.ndarray, target: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each edge as two arcs, each self-loop as one (networkx's adjacency-matrix convention)."""
    proper = source != target
    return (
        np.concatenate([source, target[proper]]),
        np.concatenate([target, source[proper]]),
        np.concatenate([weights, weights[proper]]),
    )


def node_series(G: nx.Graph, values: Sequence[float] | np.ndarray, name: str) -> pd.Series:
    """Wrap per-node ``values`` (in ``G.nodes`` order) as a float Series indexed by node id."""
    nodes: list[Hashable] = list(G)
    return pd.Series(
        np.asarray(values, dtype=np.float64).reshape(len(nodes)),
        index=pd.Index(nodes, tupleize_cols=False),
        name=name,
    )


def row_blocks(work: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive row ranges ``(start, stop)`` whose summed ``work`` stays below ``budget``
    plus one row, so that a blocked sparse product keeps its memory bounded."""
    n = len(work)
    block = (np.cumsum(work) - work) // budget
    cuts = [0, *(np.flatnonzero(np.diff(block)) + 1).tolist(), n]
    return [(start, stop) for start, stop in zip(cuts[:-1], cuts[1:]) if stop > start]
