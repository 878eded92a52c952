"""Helix mixing: how each organisation's ties spread over the helices.

Groups are the values of a node attribute (``attr``, by default ``"helix"``: bedrijf,
kennisinstelling, overheid, burger and intermediair for cluster organisations). All
measures run on the undirected collaboration graph (:func:`helixnet.collaboration_graph`)
or any simple undirected networkx graph whose nodes carry the attribute. A self-loop is
not a tie between two organisations: self-loops are ignored throughout, and a node's
*partners* are its neighbours other than itself.

Everything is computed on sparse matrices and edge arrays (cost O(m) for the one-step
measures); the two-step counts of :func:`helix_reach` are evaluated in row blocks of
bounded size, never as a whole-graph A².

References
----------
.. [1] Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
   metabolic networks. *Nature* 433, 895–900.
.. [2] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
   crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import OptionError
from helixnet.metrics._engine import (
    MISSING,
    adjacency,
    check_graph,
    edge_arrays,
    node_groups,
    node_series,
    row_blocks,
)

__all__ = [
    "participation_coefficient",
    "ei_index",
    "ei_index_groups",
    "ei_index_global",
    "helix_reach",
    "node_flags",
    "knowledge_flags",
]

#: The helix value of knowledge institutions (used by the SME/knowledge measures).
KNOWLEDGE_HELIX = "kennisinstelling"

# Multiply-adds (and so at most as many non-zeros) per row block of the two-step
# product in helix_reach: about 4M entries, i.e. well under 100 MB per block.
_BLOCK_WORK = 1 << 22



# --- node attributes ---------------------------------------------------------------------


def node_flags(G: nx.Graph, attr: Hashable = "sme") -> np.ndarray:
    """Boolean node attribute ``attr`` (e.g. ``sme``) as an array in ``G.nodes`` order.

    Accepted values are True/False (Python or numpy booleans) and the integers 0/1.

    Raises
    ------
    OptionError
        If a node lacks the attribute or holds anything else.
    """
    check_graph(G)
    values = [value for _, value in G.nodes(data=attr, default=MISSING)]
    bad = [
        i for i, v in enumerate(values)
        if not (isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, np.integer)) and v in (0, 1)))
    ]
    if bad:
        node = list(G)[bad[0]]
        value = values[bad[0]]
        seen = "has no attribute" if value is MISSING else f"has {value!r} as"
        more = f" ({len(bad)} nodes are affected)" if len(bad) > 1 else ""
        raise OptionError(f"node {node!r} {seen} {attr!r}; expected True or False{more}")
    return np.fromiter((bool(v) for v in values), dtype=bool, count=len(values))


def knowledge_flags(G: nx.Graph) -> np.ndarray:
    """True for the nodes whose ``helix`` attribute is ``"kennisinstelling"``."""
    codes, labels = node_groups(G, "helix")
    if KNOWLEDGE_HELIX not in labels:
        return np.zeros(len(codes), dtype=bool)
    return codes == labels.index(KNOWLEDGE_HELIX)


def _one_hot(codes: np.ndarray, n_groups: int):
    """n x K sparse indicator matrix of the groups."""
    import scipy.sparse

    n = len(codes)
    return scipy.sparse.csr_array(
        (np.ones(n), (np.arange(n), codes)), shape=(n, n_groups)
    )


def _binary_adjacency(G: nx.Graph):
    """0/1 adjacency without self-loops (CSR, sorted indices)."""
    return adjacency(G, None, self_loops=False)


# --- participation coefficient -------------------------------------------------------------


def participation_coefficient(
    G: nx.Graph,
    attr: Hashable = "helix",
    weight: str | None = None,
    normalized: bool = False,
) -> pd.Series:
    """Guimerà–Amaral participation coefficient of each node over the groups of its partners.

    .. math:: P_i = 1 - \\sum_s \\left(\\frac{k_{is}}{k_i}\\right)^2

    where k_is is the number of i's partners in group s and k_i = Σ_s k_is its degree
    (self-loops excluded). It is the Blau / Gini–Simpson diversity of i's partner
    helices: 0 when all partners share one group, approaching 1 − 1/K_i for ties spread
    evenly over K_i groups, so 0 ≤ P_i < 1. The node's own group counts like any other
    (a company tied only to companies scores 0).

    Weighted version (``weight`` given): k_is is the *strength*, the summed tie weight
    to partners in group s, and k_i the node's strength.

    Normalised form (``normalized=True``): P_i / (1 − 1/K) with K the number of distinct
    groups among **all nodes of G** (isolated ones included), so that 1 means "spread
    evenly over every group present in the network". For the helix vocabulary K is at
    most 5 (the four helices plus intermediair); a K-group network where a node reaches
    only some of the groups cannot score 1. With K = 1 the form is 0/0: every value is
    NaN.

    Runs on the collaboration graph; computed for all nodes at once as the sparse
    product A @ H of the (weighted) adjacency matrix and the group indicator matrix.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr``.
    attr : hashable, default "helix"
        Node attribute defining the groups.
    weight : str or None, default None
        None counts partners; otherwise the edge attribute with the tie strength (1 where
        missing), summed per group.
    normalized : bool, default False
        Divide by 1 − 1/K.

    Returns
    -------
    pandas.Series
        ``participation_coefficient`` per node, in ``G.nodes`` order; NaN for isolated
        nodes (no partners).

    Raises
    ------
    OptionError
        If a node lacks ``attr`` (see :func:`node_groups`).
    DataError
        If a weight is not a positive finite number.

    References
    ----------
    .. [1] Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
       metabolic networks. *Nature* 433, 895–900 (eq. for P_i in Methods).
    .. [2] Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press.
    """
    codes, labels = node_groups(G, attr)
    A = adjacency(G, weight, self_loops=False)
    by_group = A @ _one_hot(codes, len(labels))  # k_is, sparse n x K
    by_group = by_group.tocsr()
    total = np.asarray(A.sum(axis=1)).ravel()
    squares = np.asarray(by_group.multiply(by_group).sum(axis=1)).ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(total > 0, 1.0 - squares / total**2, np.nan)
    values = np.clip(values, 0.0, None)  # rounding only: a sum of squared shares is <= 1
    if normalized:
        n_groups = len(labels)
        values = values / (1.0 - 1.0 / n_groups) if n_groups > 1 else np.full_like(values, np.nan)
    return node_series(G, values, "participation_coefficient")


# --- E-I index ---------------------------------------------------------------------------


def _edge_groups(G: nx.Graph, attr: Hashable):
    """Group codes of both ends of every non-loop edge, plus codes and labels of the nodes."""
    codes, labels = node_groups(G, attr)
    source, target, _ = edge_arrays(G)
    proper = source != target
    source, target = source[proper], target[proper]
    return source, target, codes, labels


def ei_index(G: nx.Graph, attr: Hashable = "helix") -> pd.Series:
    """Krackhardt–Stern E–I index of each node's own ties.

    .. math:: EI_i = \\frac{E_i - I_i}{E_i + I_i}

    E_i is the number of i's partners in another group than i's, I_i the number in the
    same group. 1: every tie crosses a group boundary; −1: every tie stays inside i's
    group. Ties are counted, not weighted (as in UCINET, which ignores edge values);
    self-loops are ignored. Runs on the collaboration graph.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr``.
    attr : hashable, default "helix"
        Node attribute defining the groups.

    Returns
    -------
    pandas.Series
        ``ei_index`` per node; NaN for isolated nodes (E + I = 0).

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    .. [2] Everett, M. G. & Borgatti, S. P. (2012). Categorical attribute based
       centrality: E–I and G–F centrality. *Social Networks* 34(4), 562–569.
    """
    source, target, codes, _ = _edge_groups(G, attr)
    n = len(codes)
    same = (codes[source] == codes[target]).astype(np.float64)
    internal = np.bincount(source, same, minlength=n) + np.bincount(target, same, minlength=n)
    degree = np.bincount(source, minlength=n) + np.bincount(target, minlength=n)
    external = degree - internal
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (external - internal) / degree
    return node_series(G, values, "ei_index")


def ei_index_groups(G: nx.Graph, attr: Hashable = "helix") -> pd.DataFrame:
    """Krackhardt–Stern E–I index of each group.

    .. math:: EI_g = \\frac{E_g - I_g}{E_g + I_g}

    Counting convention, each undirected edge counted once per group it touches:

    * E_g: edges with exactly one end in group g (a tie of a member to an outsider);
    * I_g: edges with both ends in g (a tie between two members), counted **once**.

    So an edge between groups g and h adds 1 to both E_g and E_h, and Σ_g E_g is twice
    the number of cross-group edges. (Counting ties from every member's row of a
    symmetric adjacency matrix would count each internal edge twice; helixnet does not.)
    Self-loops are ignored; edge weights are not used.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr``.
    attr : hashable, default "helix"
        Node attribute defining the groups.

    Returns
    -------
    pandas.DataFrame
        One row per group present among the nodes (helices first, in
        :data:`~helixnet.schema.HELICES` order), index named ``attr``, float columns
        ``nodes`` (group size), ``E``, ``I`` and ``ei_index``; ``ei_index`` is NaN for a
        group without ties.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    """
    source, target, codes, labels = _edge_groups(G, attr)
    k = len(labels)
    a, b = codes[source], codes[target]
    same = a == b
    internal = np.bincount(a[same], minlength=k).astype(np.float64)
    external = (np.bincount(a[~same], minlength=k) + np.bincount(b[~same], minlength=k)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = (external - internal) / (external + internal)
    return pd.DataFrame(
        {
            "nodes": np.bincount(codes, minlength=k).astype(np.float64),
            "E": external,
            "I": internal,
            "ei_index": index,
        },
        index=pd.Index(labels, name=attr, tupleize_cols=False),
    )


def ei_index_global(G: nx.Graph, attr: Hashable = "helix") -> float:
    """Krackhardt–Stern E–I index of the whole network.

    .. math:: EI = \\frac{E - I}{E + I}

    E is the number of edges whose two ends are in different groups, I the number of
    edges within a group; each undirected edge counts once, self-loops are ignored and
    weights are not used. This is UCINET's whole-network E–I index ("the number of ties
    external to the groups minus the number of ties that are internal to the group
    divided by the total number of ties", diagonal excluded, edge values ignored);
    counting each edge in both directions, as a symmetric matrix does, doubles E and I
    and leaves the ratio unchanged.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr``.
    attr : hashable, default "helix"
        Node attribute defining the groups.

    Returns
    -------
    float
        The index in [−1, 1]; NaN for a graph without edges.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    .. [2] Borgatti, S. P., Everett, M. G. & Freeman, L. C. (2002). *UCINET for Windows:
       Software for Social Network Analysis*, Network > Cohesion > E-I Index. Analytic
       Technologies.
    """
    source, target, codes, _ = _edge_groups(G, attr)
    total = len(source)
    if total == 0:
        return math.nan
    internal = int(np.count_nonzero(codes[source] == codes[target]))
    return (total - 2 * internal) / total


# --- reach within one and two steps -----------------------------------------------------


def helix_reach(G: nx.Graph, attr: Hashable = "helix") -> pd.DataFrame:
    """What each node reaches within one and two steps: groups, SMEs, knowledge institutions.

    For node i, let N₁(i) be the nodes at distance 1 and N₂(i) those at distance 1 or 2
    in the collaboration graph (hops, weights ignored), both **excluding i itself**.

    * ``helices_1`` / ``helices_2``: the number of distinct groups (values of ``attr``)
      among N₁(i) / N₂(i). i's own group counts only if *another* node of that group is
      within reach.
    * ``sme_1`` / ``sme_2``: the number of nodes in N₁(i) / N₂(i) whose ``sme``
      attribute is True.
    * ``knowledge_1`` / ``knowledge_2``: the number of nodes in N₁(i) / N₂(i) whose
      ``helix`` attribute is ``"kennisinstelling"`` (always the helix, whatever ``attr``).

    Isolated nodes reach nothing and score 0 everywhere. Self-loops are ignored.

    Computation: the one-step counts and ``helices_2`` come from sparse products with
    the group indicator matrix (O(m K)); ``helices_2`` corrects i's own group for the
    walk i → j → i. The two-step SME and knowledge counts need the set of distinct nodes
    within two steps, so the boolean product A[rows] @ A[:, T] (T = SMEs and knowledge
    institutions) is evaluated in row blocks of bounded work (about 4 million
    multiply-adds each), never as a whole-graph A²; total cost O(Σ_j deg(j) deg_T(j)).
    From :data:`COMPILED_MIN_WORK` on, a compiled parallel kernel stamps the nodes each
    node reaches instead (same counts, no product at all).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr``, ``sme`` and ``helix``.
    attr : hashable, default "helix"
        Node attribute defining the groups counted in ``helices_1`` / ``helices_2``.

    Returns
    -------
    pandas.DataFrame
        Float columns ``helices_1, helices_2, sme_1, sme_2, knowledge_1, knowledge_2``,
        indexed by node id in ``G.nodes`` order.

    Raises
    ------
    OptionError
        If a node lacks ``attr``, ``helix`` or a boolean ``sme``.
    """
    order = ["helices_1", "helices_2", "sme_1", "sme_2", "knowledge_1", "knowledge_2"]
    codes, labels = node_groups(G, attr)
    sme = node_flags(G, "sme")
    knowledge = knowledge_flags(G)
    if len(codes) == 0:
        return pd.DataFrame({name: node_series(G, [], name) for name in order})
    A = _binary_adjacency(G)
    degree = np.diff(A.indptr)

    columns: dict[str, np.ndarray] = {}
    by_group = (A @ _one_hot(codes, len(labels))).tocsr()  # partners per group, n x K
    by_group.eliminate_zeros()
    columns["helices_1"] = np.diff(by_group.indptr).astype(np.float64)
    columns["helices_2"] = _groups_within_two(A, by_group, codes, degree)
    flags = np.column_stack([sme, knowledge]).astype(np.float64)
    one_step = A @ flags
    two_step = _count_within_two(A, flags)
    columns["sme_1"], columns["sme_2"] = one_step[:, 0], two_step[:, 0]
    columns["knowledge_1"], columns["knowledge_2"] = one_step[:, 1], two_step[:, 1]
    return pd.DataFrame({name: node_series(G, columns[name], name) for name in order})


def _groups_within_two(A, by_group, codes: np.ndarray, degree: np.ndarray) -> np.ndarray:
    """Distinct groups among the nodes other than i within two steps of i.

    (B + A @ B) with B = [k_is > 0] marks every group seen at distance 1 or 2, but i's
    own group is always marked once i has a partner (the walk i -> j -> i). It really is
    within reach iff some partner j has a partner other than i in i's group, i.e.
    k_{j, g(i)} >= 2, or i itself has a partner in its group.
    """
    import scipy.sparse

    n, k = by_group.shape
    present = scipy.sparse.csr_array(
        (np.ones_like(by_group.data), by_group.indices, by_group.indptr), shape=(n, k)
    )
    reach = (present + A @ present).tocsr()
    reach.eliminate_zeros()
    marked = np.diff(reach.indptr).astype(np.float64)
    # k_{j, c} for every directed edge i -> j with c = g(i), looked up in the CSR by key
    rows = np.repeat(np.arange(n), degree)
    count = _lookup(by_group, A.indices, codes[rows])
    own = _lookup(by_group, np.arange(n), codes) >= 1
    own |= np.bincount(rows, count >= 2, minlength=n) > 0
    return np.where(degree > 0, marked - 1 + own, 0.0)


def _lookup(M, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Values M[rows[t], cols[t]] of a CSR array without duplicates (0 where not stored).

    Sorts M's indices in place: a sparse product need not return them sorted, and the
    lookup keys row * n_cols + col must be.
    """
    M.sort_indices()
    n_cols = M.shape[1]
    stored_rows = np.repeat(np.arange(M.shape[0], dtype=np.int64), np.diff(M.indptr))
    keys = stored_rows * n_cols + M.indices  # sorted: CSR rows in order, indices sorted
    query = rows.astype(np.int64) * n_cols + cols
    if len(keys) == 0:
        return np.zeros(len(query))
    pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return np.where(keys[pos] == query, M.data[pos], 0.0)


#: Two-step work (Σ_j deg(j) deg_T(j)) from which :func:`helix_reach` counts the flagged
#: nodes within two steps with the compiled parallel kernel instead of sparse products.
COMPILED_MIN_WORK = 50_000_000


def _compiled_count_within_two(A, flags: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """:func:`_count_within_two` by :func:`helixnet.metrics._kernels.count_within_two`."""
    import scipy.sparse
    from numba import get_num_threads

    from helixnet.metrics._kernels import count_within_two

    keep = np.zeros(A.shape[0], dtype=bool)
    keep[targets] = True
    flagged = scipy.sparse.csr_array(A.multiply(keep[None, :]))
    flagged.eliminate_zeros()
    return count_within_two(A.indptr.astype(np.int64), A.indices.astype(np.int32),
                            flagged.indptr.astype(np.int64), flagged.indices.astype(np.int32),
                            np.ascontiguousarray(flags, dtype=np.float64), get_num_threads())


def _count_within_two(A, flags: np.ndarray) -> np.ndarray:
    """For each column of ``flags``, the flagged nodes other than i within two steps of i.

    Only columns of flagged nodes matter, so the two-step pattern is A[rows] @ A[:, T]
    united with A[rows][:, T] (distance 1), computed in row blocks of bounded work.
    """
    n = A.shape[0]
    out = np.zeros((n, flags.shape[1]))
    targets = np.flatnonzero(flags.any(axis=1))
    if len(targets) == 0:
        return out
    AT = A[:, targets].tocsr()
    if float(A @ np.diff(AT.indptr).astype(np.float64) @ np.ones(n)) >= COMPILED_MIN_WORK:
        return _compiled_count_within_two(A, flags, targets)
    weights = flags[targets]
    # row i costs sum over partners j of deg_T(j) multiply-adds, which bounds its non-zeros
    work = A @ np.diff(AT.indptr).astype(np.float64)
    for start, stop in row_blocks(work, _BLOCK_WORK):
        block = A[start:stop]
        pattern = (block @ AT + block[:, targets]).tocsr()
        pattern.eliminate_zeros()
        pattern.data[:] = 1.0
        out[start:stop] = pattern @ weights
    # the walk i -> j -> i puts i itself in its own two-step pattern once it has a partner
    has_partner = np.diff(A.indptr) > 0
    out -= flags * has_partner[:, None]
    return out

