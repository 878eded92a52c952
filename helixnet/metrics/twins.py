"""Twin organisations: an exact structural reduction for the shortest-path measures.

Two nodes are *closed twins* when their closed neighbourhoods are equal (N[u] = N[v]: they
are tied to each other and to exactly the same partners, e.g. the partners of a single
project that took part in nothing else) and *open twins* when their open neighbourhoods
are equal (N(u) = N(v), not tied to each other; isolated nodes are open twins of each
other). Both relations are equivalences, and a node with a closed twin has no open twin
(if N[u] = N[v] and N(u) = N(w), then w ∈ N(v) ⊂ N[u], so w = u), so together they
partition the nodes into classes. Nodes can also be kept apart by a label (e.g. helix and
SME flag), so that every class is homogeneous in whatever a measure needs.

No shortest path visits two members of one class (a twin's neighbours are the other's, so
the path could skip one), and two members of one class are at distance 1 (closed twins)
or 2 (open twins with partners). The *quotient graph* — one node per class, classes tied
when their members are — therefore has the same distances between classes as the graph
has between their members, and the number of shortest paths between two members of
different classes is the number of quotient paths weighted by the product of the sizes of
the intermediate classes. :mod:`helixnet.metrics.paths` runs one breadth-first search per
class on the quotient graph with these multiplicities and adds the twins' own pairs.

References
----------
.. [1] Sariyüce, A. E., Saule, E., Kaya, K. & Çatalyürek, Ü. V. (2013). Shattering and
   compressing networks for betweenness centrality. *Proc. SIAM SDM 2013*, 686–694
   (identical vertices).
.. [2] Puzis, R., Elovici, Y., Zilberman, P., Dolev, S. & Brandes, U. (2015). Topology
   manipulations for speeding betweenness centrality computation. *Journal of Complex
   Networks* 3(1), 84–112 (structural equivalence).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TwinReduction", "twin_reduction"]


@dataclass(frozen=True)
class TwinReduction:
    """The twin classes of a graph and its quotient graph.

    Attributes
    ----------
    classes : numpy.ndarray
        Class of every node (int64, node positions in the graph's order).
    size : numpy.ndarray
        Number of members of every class (float64, for use as a multiplicity).
    closed : numpy.ndarray
        True for classes of closed twins (members tied to each other); False for open
        twins and singletons.
    degree : numpy.ndarray
        Degree (number of partners) of the members of every class.
    indptr, indices : numpy.ndarray
        The quotient graph in CSR form (int64 pointers, int32 neighbours), no self-loops.
        Classes are numbered component by component.
    component_lo, component_hi : numpy.ndarray
        The range of class numbers of every class's connected component.
    """

    component_lo: np.ndarray
    component_hi: np.ndarray
    classes: np.ndarray
    size: np.ndarray
    closed: np.ndarray
    degree: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray

    @property
    def n_classes(self) -> int:
        """Number of classes (nodes of the quotient graph)."""
        return len(self.size)


def twin_reduction(indptr: np.ndarray, indices: np.ndarray, labels: np.ndarray | None = None) -> TwinReduction:
    """Partition a simple undirected graph (CSR, no self-loops) into twin classes.

    Candidate classes come from two independent random 64-bit hashes of each node's
    (open and closed) neighbourhood; every candidate member is then compared with its
    class representative's sorted neighbour list, so the partition is exact whatever the
    hashes do (a member that differs is split off on its own). Cost O(n + m).

    Parameters
    ----------
    indptr, indices : numpy.ndarray
        Symmetric adjacency in CSR form, no self-loops.
    labels : numpy.ndarray, optional
        Integer label per node; only nodes with equal labels are merged.

    Returns
    -------
    TwinReduction
    """
    import scipy.sparse

    n = len(indptr) - 1
    indptr = np.asarray(indptr, dtype=np.int64)
    indices = np.asarray(indices, dtype=np.int64)
    degree = np.diff(indptr)
    if labels is None:
        labels = np.zeros(n, dtype=np.int64)
    rows = np.repeat(np.arange(n), degree)
    order = np.lexsort((indices, rows))  # sorted neighbour lists for the exact check
    indices = indices[order]
    rng = np.random.default_rng(0x7417)
    key = np.empty(n, dtype=np.int64)
    key[:] = -1
    for closed in (True, False):
        hashes = []
        for _ in range(2):
            r = rng.integers(0, np.iinfo(np.int64).max, size=n, dtype=np.int64).view(np.uint64)
            h = np.zeros(n, dtype=np.uint64)
            np.add.at(h, rows, r[indices])
            if closed:
                h += r
            hashes.append(h)
        candidate = _group(np.column_stack([*(h.view(np.int64) for h in hashes), labels, degree]))
        candidate = _verified(candidate, indptr, indices, closed)
        sizes = np.bincount(candidate)
        free = key < 0
        merged = free & (sizes[candidate] > 1)
        key[merged] = candidate[merged] + (0 if closed else n)
    single = key < 0
    key[single] = 2 * n + np.flatnonzero(single)
    _, classes = np.unique(key, return_inverse=True)
    classes = classes.reshape(-1).astype(np.int64)
    k = int(classes.max()) + 1 if n else 0
    classes, component = _numbered_by_component(classes, k, rows, indices)
    size = np.bincount(classes, minlength=k).astype(np.float64)
    first = np.full(k, n, dtype=np.int64)
    np.minimum.at(first, classes, np.arange(n))
    closed = np.zeros(k, dtype=bool)
    closed[classes[key < n]] = True
    Q = scipy.sparse.csr_array(
        (np.ones(len(indices), dtype=np.int8), (classes[rows], classes[indices])), shape=(k, k)
    )
    Q.sum_duplicates()
    Q.setdiag(0)
    Q.eliminate_zeros()
    Q.sort_indices()
    lo = np.searchsorted(component, component, side="left")
    hi = np.searchsorted(component, component, side="right")
    return TwinReduction(
        component_lo=lo.astype(np.int64),
        component_hi=hi.astype(np.int64),
        classes=classes,
        size=size,
        closed=closed,
        degree=degree[first] if k else np.zeros(0, dtype=np.int64),
        indptr=Q.indptr.astype(np.int64),
        indices=Q.indices.astype(np.int32),
    )


def _numbered_by_component(classes: np.ndarray, k: int, rows: np.ndarray, indices: np.ndarray):
    """Renumber the classes so that each connected component is a consecutive range;
    returns the new class of every node and the (sorted) component of every class."""
    import scipy.sparse
    from scipy.sparse.csgraph import connected_components

    Q = scipy.sparse.csr_array((np.ones(len(rows), dtype=np.int8), (classes[rows], classes[indices])), shape=(k, k))
    _, component = connected_components(Q, directed=False)
    order = np.argsort(component, kind="stable")
    renumber = np.empty(k, dtype=np.int64)
    renumber[order] = np.arange(k)
    return renumber[classes], component[order]


def _group(keys: np.ndarray) -> np.ndarray:
    """Group number of every row of ``keys`` (equal rows, equal numbers)."""
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)


def _verified(candidate: np.ndarray, indptr: np.ndarray, indices: np.ndarray, closed: bool) -> np.ndarray:
    """Split off every candidate member whose neighbourhood differs from its representative's.

    Members of a candidate class have equal degrees (part of the key), so the check
    compares sorted neighbour lists position by position; for closed twins the two nodes
    must be tied and are left out of each other's list before comparing.
    """
    n = len(candidate)
    representative = np.full(candidate.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(representative, candidate, np.arange(n))
    rep = representative[candidate]
    members = np.flatnonzero((rep != np.arange(n)) & (np.diff(indptr) > 0))
    if len(members):
        degree = np.diff(indptr)[members]
        offset = np.repeat(np.cumsum(degree) - degree, degree)
        step = np.arange(int(degree.sum())) - offset
        mine = indices[np.repeat(indptr[members], degree) + step]
        theirs = indices[np.repeat(indptr[rep[members]], degree) + step]
        segment = np.repeat(np.arange(len(members)), degree)
        differs = np.zeros(len(members), dtype=bool)
        if closed:  # N[u] = N[v] <=> u ~ v and N(u) minus v = N(v) minus u
            owner, other = np.repeat(members, degree), np.repeat(rep[members], degree)
            tied = np.zeros(len(members), dtype=bool)
            np.logical_or.at(tied, segment, mine == other)
            differs |= ~tied
            mine = _sorted_within(np.where(mine == other, -1, mine), degree)
            theirs = _sorted_within(np.where(theirs == owner, -1, theirs), degree)
        np.logical_or.at(differs, segment, mine != theirs)
        bad = members[differs]
        candidate = candidate.copy()
        candidate[bad] = candidate.max() + 1 + np.arange(len(bad))
    return candidate


def _sorted_within(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``values`` sorted within consecutive segments of the given lengths."""
    segment = np.repeat(np.arange(len(lengths)), lengths)
    return values[np.lexsort((values, segment))]
