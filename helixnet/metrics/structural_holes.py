"""Burt's structural-holes measures: constraint, effective size, efficiency, hierarchy.

All four are ego-network measures on the undirected (optionally weighted) collaboration
graph. They are computed with scipy.sparse for all nodes at once: the only two-step
quantity, sum_q p_iq x_qj over the common neighbours q of i and j, is needed only for
the node pairs (i, j) that are tied, so it is evaluated as a sparse product masked to the
edges, in blocks of rows small enough to keep memory bounded (never a dense N x N
matrix, never the full two-step product). Cost: O(sum_q deg(q)^2) operations.

Notation, for node i with contacts N(i) (its neighbours other than itself):

* a_ij  edge weight (1 when unweighted or the attribute is missing);
* p_ij = a_ij / sum_k a_ik, the proportion of i's tie strength invested in j;
* m_jq = a_jq / max_k a_jk, j's tie to q relative to j's strongest tie.

In an undirected graph Burt's mutual weight a_ij + a_ji is 2 a_ij; the factor 2 cancels
in both proportions. Self-loops are ignored (Burt's sums run over j != i), and isolated
nodes, which have no ego network, get NaN, as in networkx.

References
----------
.. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
   Harvard University Press, ch. 2.
.. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
   *Connections* 20(1), 35–38.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.metrics._engine import adjacency, node_series, row_blocks

__all__ = ["constraint", "effective_size", "efficiency", "hierarchy", "structural_holes"]

# Multiply-adds per block of the masked two-step product; bounds its non-zeros, so a
# block takes at most about 200 MB.
_BLOCK_WORK = 1 << 23


def constraint(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Burt's aggregate constraint on each node.

    .. math:: C_i = \\sum_{j \\in N(i)} c_{ij}, \\qquad
              c_{ij} = \\Big(p_{ij} + \\sum_{q \\in N(i),\\, q \\ne j} p_{iq} p_{qj}\\Big)^2

    High when i's contacts are few and tied to each other (little brokerage
    opportunity); a pendant node has constraint 1. Equal to :func:`networkx.constraint`
    (and igraph's ``constraint``) on graphs without self-loops.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph, e.g. the collaboration graph.
    weight : str or None, default None
        Edge attribute with the tie strength; None counts every tie as 1.

    Returns
    -------
    pandas.Series
        ``constraint`` per node; NaN for isolated nodes.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*, eq. 2.4, p. 55.
    .. [2] Burt, R. S. (2004). Structural holes and good ideas. *American Journal of
       Sociology* 110(2), 349–399.
    """
    A, P, contacts = _ego_networks(G, weight)
    values = _constraint(_local_constraint(A, P), contacts)
    return node_series(G, values, "constraint")


def effective_size(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Burt's effective size of each node's ego network: contacts minus redundancy.

    .. math:: E_i = \\sum_{j \\in N(i)}
              \\Big(1 - \\sum_{q \\in N(i),\\, q \\ne j} p_{iq} m_{jq}\\Big)

    Unweighted, this reduces to Borgatti's n − 2t/n, with n = |N(i)| and t the number of
    ties among i's contacts. Equal to :func:`networkx.effective_size` on graphs without
    self-loops, and to the UCINET values in networkx's tests. (networkx 3.6's all-nodes
    shortcut, ``nodes=None``, divides a_jq by q's strongest tie instead of j's on
    weighted graphs and so departs from its own per-node definition; helixnet follows
    the definition, i.e. ``networkx.effective_size(G, nodes=G, weight=...)``.)

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        Edge attribute with the tie strength; None counts every tie as 1.

    Returns
    -------
    pandas.Series
        ``effective_size`` per node; NaN for isolated nodes.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*, ch. 2.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
       measures. *Connections* 20(1), 35–38.
    """
    values = _effective_size(*_ego_networks(G, weight))
    return node_series(G, values, "effective_size")


def efficiency(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Burt's efficiency: effective size per contact.

    .. math:: \\mathrm{Eff}_i = E_i / |N(i)|

    where |N(i)| is the number of contacts (neighbours other than i itself), also when
    ``weight`` is given. 1 when no two contacts are tied; NaN for isolated nodes.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        Edge attribute with the tie strength, passed to :func:`effective_size`.

    Returns
    -------
    pandas.Series
        ``efficiency`` per node.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*, ch. 2.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
       measures. *Connections* 20(1), 35–38.
    """
    A, P, contacts = _ego_networks(G, weight)
    values = _efficiency(_effective_size(A, P, contacts), contacts)
    return node_series(G, values, "efficiency")


def hierarchy(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Burt's hierarchy: how much of i's constraint is concentrated on one contact.

    .. math:: H_i = \\frac{\\sum_{j \\in N(i)} r_{ij} \\ln r_{ij}}{N \\ln N}, \\qquad
              r_{ij} = \\frac{c_{ij}}{C_i / N}

    with c_ij the local and C_i the aggregate constraint (see :func:`constraint`) and
    N = |N(i)| the number of contacts; 0 ln 0 = 0. H is the Coleman–Theil disorder
    index of the local constraints: 0 when every contact constrains i equally, tending
    to 1 when one contact is the source of all constraint. N ln N vanishes for a single
    contact; such a node scores 1 (all of its constraint comes from one contact), the
    convention of Burt's STRUCTURE program. Isolated nodes get NaN, as for constraint.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        Edge attribute with the tie strength; None counts every tie as 1.

    Returns
    -------
    pandas.Series
        ``hierarchy`` per node.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes*, ch. 2.
    .. [2] Burt, R. S. (1991). *STRUCTURE*, version 4.2 reference manual. Columbia
       University, Center for the Social Sciences.
    """
    A, P, contacts = _ego_networks(G, weight)
    values = _hierarchy(_local_constraint(A, P), contacts)
    return node_series(G, values, "hierarchy")


def structural_holes(G: nx.Graph, weight: str | None = None, progress: bool = False) -> pd.DataFrame:
    """All four structural-holes measures in one pass, as a table.

    Same values as :func:`constraint`, :func:`effective_size`, :func:`efficiency` and
    :func:`hierarchy`, but each of the two masked two-step products is computed once
    (about half the time of calling the four functions). On graphs whose two-step work
    Σ_j deg(j)² reaches :data:`COMPILED_MIN_WORK`, both two-step sums are computed in
    one compiled parallel pass over the edges instead (same values).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        Edge attribute with the tie strength; None counts every tie as 1.
    progress : bool, default False
        Show a progress bar (compiled pass only).

    Returns
    -------
    pandas.DataFrame
        Columns ``constraint, effective_size, efficiency, hierarchy``, float, indexed by
        node id in ``G.nodes`` order.
    """
    A, P, contacts = _ego_networks(G, weight)
    if _work(A) >= COMPILED_MIN_WORK:
        local, size = _compiled_two_step(A, P, contacts, progress)
    else:
        local = _local_constraint(A, P)
        size = _effective_size(A, P, contacts)
    columns = {
        "constraint": _constraint(local, contacts),
        "effective_size": size,
        "efficiency": _efficiency(size, contacts),
        "hierarchy": _hierarchy(local, contacts),
    }
    return pd.DataFrame({name: node_series(G, v, name) for name, v in columns.items()})


#: Two-step work (Σ_j deg(j)²) from which :func:`structural_holes` uses the compiled pass.
COMPILED_MIN_WORK = 50_000_000


def _work(A) -> float:
    """Σ_j deg(j)², the cost of the two-step sums."""
    return float(np.sum(np.diff(A.indptr).astype(np.float64) ** 2))


def _compiled_two_step(A, P, contacts: np.ndarray, progress: bool):
    """Local constraints (CSR on A's pattern) and effective sizes from
    :func:`helixnet.metrics._kernels.two_step_sums`."""
    import scipy.sparse
    from numba import get_num_threads

    from helixnet.metrics._kernels import two_step_sums
    from helixnet.progress import stage

    with stage("structural holes", total=1, enabled=progress) as bar:
        sums = A.sum(axis=1)
        inverse_sum = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
        via_p, via_a = two_step_sums(A.indptr.astype(np.int64), A.indices.astype(np.int32),
                                     P.data, A.data, inverse_sum, get_num_threads())
        bar.update(1)
    local = scipy.sparse.csr_array(((P.data + via_p) ** 2, A.indices, A.indptr), shape=A.shape)
    maxima = A.max(axis=1).toarray().ravel()
    inverse_max = np.divide(1.0, maxima, out=np.zeros_like(maxima), where=maxima > 0)
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    # sum_q p_iq m_jq = (sum_q p_iq a_jq) / max_k a_jk
    redundancy = np.bincount(rows, via_a * inverse_max[A.indices], minlength=A.shape[0])
    size = np.where(contacts > 0, contacts - redundancy, np.nan)
    return local, size


def _ego_networks(G: nx.Graph, weight: str | None):
    """Loop-free adjacency A, proportions P (p_ij = a_ij / sum_k a_ik) and contact counts."""
    import scipy.sparse

    A = adjacency(G, weight, self_loops=False)
    sums = A.sum(axis=1)
    inverse = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
    P = _canonical_csr(scipy.sparse.diags_array(inverse) @ A)
    contacts = np.diff(A.indptr).astype(np.float64)
    return A, P, contacts


def _local_constraint(A, P):
    """Local constraints c_ij = (p_ij + sum_q p_iq p_qj)^2 as CSR on the pattern of A."""
    local = _canonical_csr(P + _masked_product(P, P, A))  # indirect part masked to edges
    local.data **= 2
    return local


def _constraint(local, contacts: np.ndarray) -> np.ndarray:
    return np.where(contacts > 0, local.sum(axis=1), np.nan)


def _hierarchy(local, contacts: np.ndarray) -> np.ndarray:
    total = local.sum(axis=1)
    # r_ij = N c_ij / C_i on the stored entries, one per contact
    rows = np.repeat(np.arange(local.shape[0]), np.diff(local.indptr))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = contacts[rows] * local.data / total[rows]
        terms = np.where(ratio > 0, ratio * np.log(ratio), 0.0)
        values = np.bincount(rows, terms, minlength=local.shape[0]) / (
            contacts * np.log(contacts)
        )
    values = np.where(contacts == 1, 1.0, np.clip(values, 0.0, 1.0))  # clip rounding only
    return np.where(contacts == 0, np.nan, values)


def _effective_size(A, P, contacts: np.ndarray) -> np.ndarray:
    """E_i = |N(i)| - sum_j sum_q p_iq m_jq; NaN for isolated nodes."""
    import scipy.sparse

    if A.shape[0] == 0:
        return np.empty(0)
    maxima = A.max(axis=1).toarray().ravel()
    inverse_max = np.divide(1.0, maxima, out=np.zeros_like(maxima), where=maxima > 0)
    # (P @ M^T)_ij = sum_q p_iq m_jq, and M^T = A diag(1 / rowmax) because A is symmetric.
    MT = A @ scipy.sparse.diags_array(inverse_max)
    redundancy = _masked_product(P, MT, A).sum(axis=1)
    return np.where(contacts > 0, contacts - redundancy, np.nan)


def _efficiency(size: np.ndarray, contacts: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return size / contacts


def _canonical_csr(M):
    """M as a canonical scipy CSR array (sorted indices, no duplicates)."""
    import scipy.sparse

    M = scipy.sparse.csr_array(M)
    M.sum_duplicates()
    return M


def _masked_product(X, Y, mask, block_work: int = _BLOCK_WORK):
    """``X @ Y`` kept only where ``mask`` has a stored entry, computed in row blocks.

    Row i of the product costs w_i = sum over X's stored (i, k) of the number of stored
    entries in Y's row k multiply-adds, which also bounds its non-zeros. Rows are cut
    into consecutive blocks of total work below ``block_work`` plus one row, so memory
    stays bounded however large the two-step neighbourhoods are.
    """
    import scipy.sparse

    X, Y, mask = _canonical_csr(X), _canonical_csr(Y), _canonical_csr(mask)
    ones = scipy.sparse.csr_array((np.ones_like(X.data), X.indices, X.indptr), shape=X.shape)
    work = ones @ np.diff(Y.indptr).astype(np.float64)
    pattern = scipy.sparse.csr_array(
        (np.ones_like(mask.data, dtype=np.float64), mask.indices, mask.indptr),
        shape=mask.shape,
    )
    blocks = [
        _canonical_csr(X[start:stop] @ Y).multiply(pattern[start:stop])
        for start, stop in row_blocks(work, block_work)
    ]
    if not blocks:
        return scipy.sparse.csr_array(mask.shape, dtype=np.float64)
    return _canonical_csr(scipy.sparse.vstack(blocks, format="csr"))
