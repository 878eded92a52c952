"""Every shortest-path measure from one all-sources pass: betweenness (plain and restricted
to source–target pairs), closeness and harmonic closeness.

The pass is Brandes' algorithm (one breadth-first search per source, dependencies
accumulated backwards) compiled with numba and run in parallel on all cores, on the
*twin quotient* of the graph (:mod:`helixnet.metrics.twins`): organisations with identical
neighbourhoods — typically the partners of one single project that did nothing else —
are one node with a multiplicity, so a search runs from one member per class and counts
paths through a class once for all of its members. The result is exact; the twins' own
pairs (two open twins, at distance 2 through each common partner) are added in closed
form. Every search yields the distances (closeness, harmonic closeness) and, in the
same backward sweep, one dependency per pair set, so shortest paths are shared between
all measures. Unweighted (hop) distances only; the weighted variants run on igraph.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
   Mathematical Sociology* 25(2), 163–177.
.. [2] Brandes, U. (2008). On variants of shortest-path betweenness centrality and their
   generic computation. *Social Networks* 30(2), 136–145.
.. [3] Sariyüce, A. E., Saule, E., Kaya, K. & Çatalyürek, Ü. V. (2013). Shattering and
   compressing networks for betweenness centrality. *Proc. SIAM SDM 2013*, 686–694.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from helixnet.metrics._engine import adjacency, check_graph

__all__ = [
    "PairSet",
    "PathCounts",
    "shortest_path_counts",
    "csr_path_counts",
    "distance_counts",
    "all_pairs",
    "use_compiled",
    "betweenness_values",
    "closeness_values",
    "harmonic_values",
    "COMPILED_MIN_WORK",
]

#: Graphs with at least this many node x edge steps (n * m) use the compiled pass in
#: :func:`helixnet.metrics.centrality.betweenness` and friends; smaller ones stay on
#: igraph, which needs no compilation (numba's first compilation takes seconds, a
#: search on a graph this size takes well under a second in either engine).
COMPILED_MIN_WORK = 200_000_000


def use_compiled(G: nx.Graph) -> bool:
    """Whether ``G`` is large enough for the compiled pass (see :data:`COMPILED_MIN_WORK`).

    Raises :class:`~helixnet.errors.OptionError` unless ``G`` is a simple undirected graph.
    """
    check_graph(G)
    return G.number_of_nodes() * G.number_of_edges() >= COMPILED_MIN_WORK


@dataclass(frozen=True)
class PairSet:
    """Which ordered source–target pairs (s, t), s ≠ t, a restricted betweenness counts.

    ``sources`` and ``targets`` are boolean masks over the nodes (``G.nodes`` order); with
    ``different_groups`` a pair also needs ``group[s] != group[t]``. ``sources`` may also
    hold non-negative weights: the pairs from ``s`` then count ``sources[s]`` times (the
    inverse inclusion probabilities of a sample of sources, see
    :func:`helixnet.metrics.profile.path_measures`).
    """

    sources: np.ndarray
    targets: np.ndarray
    different_groups: bool = False


@dataclass(frozen=True)
class PathCounts:
    """Raw results of :func:`shortest_path_counts`, per node in ``G.nodes`` order.

    ``dependency[name]`` is Σ δ_st(v) over the eligible *ordered* pairs of pair set
    ``name`` (v ∉ {s, t}); ``distance_sum`` the sum of distances to the reachable
    organisations, ``reached`` their number (v itself excluded) and ``inverse_sum`` the
    sum of 1/d over all other organisations; ``classes`` the number of twin classes
    (searches) the pass ran on.
    """

    dependency: dict[str, np.ndarray]
    distance_sum: np.ndarray
    reached: np.ndarray
    inverse_sum: np.ndarray
    classes: int


def all_pairs(n: int) -> "PairSet":
    """The pair set of ordinary betweenness: every ordered pair of distinct nodes."""
    ones = np.ones(n, dtype=bool)
    return PairSet(ones, ones)


def betweenness_values(counts: "PathCounts", name: str = "all", normalized: bool = True) -> np.ndarray:
    """Betweenness from :func:`shortest_path_counts` with the pair set ``all_pairs``:
    Σ over unordered pairs (half the ordered sum), divided by (n−1)(n−2)/2 when
    ``normalized`` and n > 2."""
    values = counts.dependency[name] / 2.0
    n = len(values)
    if normalized and n > 2:
        values = values * (2.0 / ((n - 1) * (n - 2)))
    return values


def closeness_values(counts: "PathCounts") -> np.ndarray:
    """Wasserman–Faust closeness, (r−1)/Σd · (r−1)/(n−1), 0 for nodes that reach nobody."""
    n = len(counts.reached)
    reached, total = counts.reached, counts.distance_sum
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(reached > 0, (reached / total) * (reached / max(n - 1, 1)), 0.0)
    return values


def harmonic_values(counts: "PathCounts", normalized: bool = True) -> np.ndarray:
    """Σ 1/d over the other nodes, divided by n−1 when ``normalized`` (0 for n ≤ 1)."""
    n = len(counts.inverse_sum)
    if normalized:
        return counts.inverse_sum / (n - 1) if n > 1 else np.zeros(n)
    return counts.inverse_sum.copy()


def graph_csr(G: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """``(indptr, indices)`` of G's adjacency without self-loops, rows in ``G.nodes`` order."""
    A = adjacency(G, None, self_loops=False)
    return A.indptr.astype(np.int64), A.indices.astype(np.int32)


def shortest_path_counts(
    G: nx.Graph,
    pair_sets: dict[str, PairSet] | None = None,
    group: np.ndarray | None = None,
    progress: bool = False,
) -> PathCounts:
    """Dependencies, distance sums and inverse-distance sums of every node, exactly.

    Twin classes are purely structural (their members may differ in group or in pair-set
    membership): each pair set is accumulated from the per-class counts of its sources
    and targets, and a ``different_groups`` set as all of its pairs minus, for every group
    g, its pairs inside g. One search per class serves every pair set.

    Parameters
    ----------
    G : networkx.Graph
        Simple undirected graph; edges count as one hop each, self-loops are ignored.
    pair_sets : dict of str to PairSet, optional
        The pair sets to accumulate dependencies for (``"all"`` for every pair is
        ``PairSet(ones, ones)``); none by default, which leaves only the distances.
    group : numpy.ndarray, optional
        Integer group per node, needed by pair sets with ``different_groups``.
    progress : bool, default False
        Show a progress bar over the sources.

    Returns
    -------
    PathCounts
    """
    indptr, indices = graph_csr(G)
    return csr_path_counts(indptr, indices, pair_sets, group, progress)


def csr_path_counts(
    indptr: np.ndarray,
    indices: np.ndarray,
    pair_sets: dict[str, PairSet] | None = None,
    group: np.ndarray | None = None,
    progress: bool = False,
    threads: int | None = None,
    weighted_sources_only: bool = False,
) -> PathCounts:
    """:func:`shortest_path_counts` of the graph whose loop-free symmetric adjacency is
    given in CSR form (``indptr`` int64, ``indices`` int32, e.g. from :func:`graph_csr`),
    for callers that hold arrays rather than a networkx graph (the null model), on
    ``threads`` threads (default: numba's; 1 runs on the calling thread without a
    parallel launch). With ``weighted_sources_only`` the searches start only from twin
    classes holding a source of non-zero weight in some pair set (a sample of sources);
    the distance totals then cover those classes only."""
    from numba import get_num_threads

    from helixnet.metrics._kernels import brandes_batch, brandes_serial
    from helixnet.metrics.twins import twin_reduction
    from helixnet.progress import stage

    pair_sets = dict(pair_sets or {})
    n = len(indptr) - 1
    group = np.zeros(n, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    twins = twin_reduction(indptr, indices)  # classes numbered component by component
    k = twins.n_classes
    columns: dict[tuple[bytes, bytes], int] = {}  # (targets, sources) per class -> accumulator
    target_columns: list[np.ndarray] = []
    source_columns: list[np.ndarray] = []

    def accumulator(targets: np.ndarray, sources: np.ndarray) -> int:
        """The accumulator of the pairs (s, t), s in ``sources``, t in ``targets`` (node masks)."""
        per_class = (np.bincount(twins.classes, targets, minlength=k), np.bincount(twins.classes, sources, minlength=k))
        key = (per_class[0].tobytes(), per_class[1].tobytes())
        if key not in columns:
            columns[key] = len(target_columns)
            target_columns.append(per_class[0])
            source_columns.append(per_class[1])
        return columns[key]

    # a pair set = + its (S, T) accumulator, and with different_groups − one per group g
    # for (S ∩ g, T ∩ g): Σ over g(s) ≠ g(t) = Σ over all − Σ_g Σ over g(s) = g(t) = g
    plans: dict[str, list[tuple[float, int]]] = {}
    for name, p in pair_sets.items():
        sources = np.asarray(p.sources, dtype=np.float64)
        targets = np.asarray(p.targets, dtype=np.float64)
        plan = [(1.0, accumulator(targets, sources))]
        if p.different_groups:
            for g in np.unique(group):
                inside = group == g
                plan.append((-1.0, accumulator(targets * inside, sources * inside)))
        plans[name] = plan
    target = np.column_stack(target_columns) if target_columns else np.zeros((k, 0))
    source_weight = np.column_stack(source_columns) if source_columns else np.zeros((k, 0))
    between = np.zeros((k, target.shape[1]))
    totals = np.zeros((k, 3))
    searched = np.arange(k, dtype=np.int64)
    if weighted_sources_only:
        searched = np.flatnonzero(np.any(source_weight != 0, axis=1)).astype(np.int64)
    batches = np.array_split(searched, max(1, min(100, len(searched) // 64)))
    with stage("shortest paths", total=n, enabled=progress, unit="org") as bar:
        for batch in batches:
            if threads == 1:
                part, totals[batch] = brandes_serial(batch, twins.component_lo, twins.component_hi, twins.indptr,
                                                     twins.indices, twins.size, target, source_weight)
            else:
                part, totals[batch] = brandes_batch(batch, twins.component_lo, twins.component_hi, twins.indptr,
                                                    twins.indices, twins.size, target, source_weight,
                                                    threads or get_num_threads())
            between += part
            bar.update(int(twins.size[batch].sum()))
    dependency = {}
    for name, plan in plans.items():
        per_class = sum(sign * between[:, j] for sign, j in plan) / np.maximum(twins.size, 1.0)
        value = per_class + _open_twin_pairs(twins, pair_sets[name], group)
        dependency[name] = value[twins.classes]
    return _counts(twins, totals, dependency)


def distance_counts(G: nx.Graph, progress: bool = False) -> PathCounts:
    """Distance sums, reached organisations and inverse-distance sums, exactly, without
    betweenness: bit-parallel breadth-first searches from 64 twin classes at once (each
    sweep over the edges advances 64 searches), several times faster than
    :func:`shortest_path_counts`. Used for closeness and harmonic closeness on their own
    and by the approximate mode, whose closeness measures stay exact.
    """
    from numba import get_num_threads

    from helixnet.metrics._kernels import distance_sums
    from helixnet.metrics.twins import twin_reduction
    from helixnet.progress import stage

    indptr, indices = graph_csr(G)
    twins = twin_reduction(indptr, indices)  # classes numbered component by component
    k = twins.n_classes
    starts = np.arange(0, k, 64)
    bounds = np.append(starts, k)
    last = np.minimum(starts + 63, k - 1)
    ranges = np.column_stack([twins.component_lo[starts], twins.component_hi[last]]).astype(np.int64)
    totals = np.zeros((k, 3))
    groups = np.array_split(np.arange(len(starts)), max(1, min(50, len(starts))))
    with stage("distances", total=G.number_of_nodes(), enabled=progress, unit="org") as bar:
        for group in groups:
            if len(group) == 0:
                continue
            sub_bounds = bounds[group[0]:group[-1] + 2].astype(np.int64)
            totals += distance_sums(twins.indptr, twins.indices, twins.size, sub_bounds, ranges[group],
                                    get_num_threads())
            bar.update(int(twins.size[sub_bounds[0]:sub_bounds[-1]].sum()))
    return _counts(twins, totals, {})


def _counts(twins, totals: np.ndarray, dependency: dict[str, np.ndarray]) -> PathCounts:
    """Per-node :class:`PathCounts` from per-class totals over the *other* classes, adding
    the other members of one's own class: at distance 1 (closed twins) or 2 (open twins
    with partners)."""
    size, degree = twins.size, twins.degree
    others = np.where(twins.closed | (degree > 0), size - 1, 0.0)
    own_distance = np.where(twins.closed, 1.0, 2.0)
    per_class = {
        "distance_sum": totals[:, 0] + others * own_distance,
        "reached": totals[:, 1] + others,
        "inverse_sum": totals[:, 2] + others / own_distance,
    }
    return PathCounts(
        dependency=dependency,
        classes=twins.n_classes,
        **{key: value[twins.classes] for key, value in per_class.items()},
    )


def _open_twin_pairs(twins, pair_set: PairSet, group: np.ndarray) -> np.ndarray:
    """Σ δ_st over the eligible ordered pairs (s, t) inside each open-twin class, per member
    of every other class: s and t are at distance 2 through each of their d common
    partners, so each partner carries 1/d of the pair."""
    import scipy.sparse

    k = twins.n_classes
    sources = np.asarray(pair_set.sources, dtype=np.float64)  # a weight per source (0/1 for a mask)
    targets = np.asarray(pair_set.targets, dtype=bool)

    def ordered_pairs(inside: np.ndarray) -> np.ndarray:
        """Ordered pairs s != t within each class, s in S ∩ inside, t in T ∩ inside, each
        counted with the weight of s."""
        def count(weights: np.ndarray) -> np.ndarray:
            return np.bincount(twins.classes, weights * inside, minlength=k)

        return count(sources) * count(targets.astype(np.float64)) - count(sources * targets)

    pairs = ordered_pairs(np.ones(len(sources), dtype=bool)).astype(np.float64)
    if pair_set.different_groups:
        for g in np.unique(group):
            pairs -= ordered_pairs(group == g)
    pairs = np.where(~twins.closed & (twins.degree > 0), pairs, 0.0)
    per_class = np.divide(pairs, twins.degree, out=np.zeros(k), where=twins.degree > 0)
    Q = scipy.sparse.csr_array((np.ones(len(twins.indices)), twins.indices, twins.indptr), shape=(k, k))
    return Q @ per_class
