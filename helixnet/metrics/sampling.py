"""Approximate betweenness with a stated error bound (Riondato–Kornaropoulos sampling).

For interactive use on large graphs only, and only when asked for (``helixnet metrics
--approximate``): exact betweenness stays the default everywhere. For a pair set 𝒫
(all ordered pairs, or the eligible pairs of a cross-helix measure) the estimate of node v
is the share of r sampled shortest paths that pass through v, each path drawn by picking
a uniformly random pair (s, t) ∈ 𝒫 and then a uniformly random shortest s–t path. With

.. math:: r = \\left\\lceil \\frac{c}{\\varepsilon'^2}
          \\left(\\lfloor \\log_2 (VD - 2) \\rfloor + 1 + \\ln \\frac{1}{\\delta}\\right)
          \\right\\rceil, \\qquad c = 0.5,

where VD bounds the vertex diameter (nodes on a longest shortest path), every node's
estimate is within ε' of its mean δ_st(v) over 𝒫, *for all nodes at once*, with
probability at least 1 − δ (Riondato & Kornaropoulos 2016, Thm. 2 with the
Löffler–Phillips constant). helixnet reports betweenness per pair *not involving v*, so
it sets ε' = ε · min_v |𝒫 ∖ pairs(v)| / |𝒫| and the bound holds on the reported scale:
**|reported − exact| ≤ ε for every organisation, with probability ≥ 1 − δ**, for each
measure separately. VD is bounded by 2·ecc(x) + 1 from one breadth-first search per
component. Paths are drawn by a balanced bidirectional breadth-first search on the twin
quotient (:mod:`helixnet.metrics.twins`), which touches a small part of the graph.

Seeded: the same graph, ε, δ and seed give the same values on any number of cores.

References
----------
.. [1] Riondato, M. & Kornaropoulos, E. M. (2016). Fast approximation of betweenness
   centrality through sampling. *Data Mining and Knowledge Discovery* 30(2), 438–475.
.. [2] Löffler, M. & Phillips, J. M. (2009). Shape fitting on point sets with probability
   distributions. *Proc. ESA 2009*, 313–324 (the constant c ≈ 0.5).
.. [3] Borassi, M. & Natale, E. (2019). KADABRA is an adaptive algorithm for betweenness
   via random approximation. *ACM Journal of Experimental Algorithmics* 24, 1.2
   (balanced bidirectional search).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from helixnet.errors import OptionError
from helixnet.metrics.paths import PairSet, graph_csr

__all__ = ["Approximation", "SampledBetweenness", "sample_size", "vertex_diameter_bound", "planned_samples",
           "sampled_betweenness"]

#: Riondato and Kornaropoulos's universal constant (Löffler and Phillips estimate 0.5).
C = 0.5
# Fixed number of independently seeded chunks of samples (results do not depend on threads).
_CHUNKS = 64


@dataclass(frozen=True)
class Approximation:
    """What an approximate run may get wrong: ``epsilon`` (largest absolute error of a
    normalised betweenness value), ``delta`` (probability that some value misses it) and
    the ``seed`` of the sampler.

    Raises
    ------
    OptionError
        If epsilon is not in (0, 1) or delta not in (0, 1).
    """

    epsilon: float = 0.01
    delta: float = 0.1
    seed: int = 0

    def __post_init__(self) -> None:
        for name, value in (("epsilon", self.epsilon), ("delta", self.delta)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
                raise OptionError(f"{name} must be a number between 0 and 1 (exclusive), got {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise OptionError(f"seed must be a non-negative integer, got {self.seed!r}")


@dataclass(frozen=True)
class SampledBetweenness:
    """Estimated normalised betweenness per node, with the sample it comes from.

    ``values`` are on the reported scale (mean δ_st(v) over the eligible pairs not
    involving v); within ``epsilon`` of the exact values with probability ≥ 1 − ``delta``.
    """

    values: np.ndarray
    samples: int
    epsilon: float
    delta: float
    vertex_diameter: int


def sample_size(epsilon: float, delta: float, vertex_diameter: int) -> int:
    """Riondato–Kornaropoulos sample size for an ε-approximation with probability 1 − δ."""
    vc = math.floor(math.log2(max(vertex_diameter - 2, 1))) + 1
    return math.ceil(C / epsilon**2 * (vc + math.log(1 / delta)))


def vertex_diameter_bound(indptr: np.ndarray, indices: np.ndarray) -> int:
    """Upper bound on the vertex diameter (number of nodes on a longest shortest path):
    2·ecc(x) + 1 for one node x per connected component, the largest over components."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    from helixnet.metrics._kernels import eccentricities

    n = len(indptr) - 1
    if n == 0:
        return 1
    A = csr_array((np.ones(len(indices)), indices, indptr), shape=(n, n))
    _, labels = connected_components(A, directed=False)
    _, first = np.unique(labels, return_index=True)
    ecc = eccentricities(indptr, indices.astype(np.int64), first.astype(np.int64))
    return int(2 * ecc.max() + 1)


def planned_samples(
    G: nx.Graph,
    pair_sets: dict[str, tuple[PairSet, np.ndarray]],
    group: np.ndarray | None,
    approximation: Approximation,
) -> dict[str, int]:
    """The number of paths :func:`sampled_betweenness` would sample per measure (0 for a
    measure with no eligible pair), computed before any sampling.

    Each sample costs at most one breadth-first search, and the exact measures cost one
    search per organisation, so a caller compares the largest of these with the number
    of organisations to fall back to the exact computation when that is cheaper.
    """
    n = G.number_of_nodes()
    indptr, indices = graph_csr(G)
    group = np.zeros(n, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    diameter = vertex_diameter_bound(indptr, indices)
    planned = {}
    for name, (pair_set, eligible) in pair_sets.items():
        total = _pair_count(pair_set, group)
        positive = eligible[eligible > 0]
        if total == 0 or len(positive) == 0:
            planned[name] = 0
            continue
        planned[name] = sample_size(approximation.epsilon * float(positive.min()) / total, approximation.delta,
                                    diameter)
    return planned


def sampled_betweenness(
    G: nx.Graph,
    pair_sets: dict[str, tuple[PairSet, np.ndarray]],
    group: np.ndarray | None,
    approximation: Approximation,
    progress: bool = False,
) -> dict[str, SampledBetweenness]:
    """Riondato–Kornaropoulos estimates of several normalised betweenness measures.

    Parameters
    ----------
    G : networkx.Graph
        Simple undirected graph (hops; self-loops ignored).
    pair_sets : dict of str to (PairSet, numpy.ndarray)
        Per measure, its eligible ordered pairs and, per node, the number of eligible
        ordered pairs not involving it (the normaliser of the reported value).
    group : numpy.ndarray or None
        Group code per node, for pair sets with ``different_groups``.
    approximation : Approximation
        epsilon, delta and seed.
    progress : bool, default False
        Show a progress bar over the measures.

    Returns
    -------
    dict of str to SampledBetweenness
    """
    from helixnet.metrics._kernels import sample_paths
    from helixnet.metrics.twins import twin_reduction
    from helixnet.progress import track

    n = G.number_of_nodes()
    indptr, indices = graph_csr(G)
    group = np.zeros(n, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    twins = twin_reduction(indptr, indices)
    member_ptr = np.concatenate([[0], np.cumsum(twins.size.astype(np.int64))])
    members = np.argsort(twins.classes, kind="stable").astype(np.int64)
    diameter = vertex_diameter_bound(indptr, indices)
    planned = planned_samples(G, pair_sets, group, approximation)
    results = {}
    for name in track(list(pair_sets), "betweenness (sampled)", enabled=progress, unit="measure"):
        pair_set, eligible = pair_sets[name]
        sources = np.flatnonzero(pair_set.sources).astype(np.int64)
        targets = np.flatnonzero(pair_set.targets).astype(np.int64)
        total = _pair_count(pair_set, group)
        r = planned[name]
        if r == 0:
            results[name] = SampledBetweenness(np.zeros(n), 0, approximation.epsilon, approximation.delta, diameter)
            continue
        counts = sample_paths(
            r, sources, targets, pair_set.different_groups, group, twins.classes, twins.closed,
            twins.degree.astype(np.float64), twins.indptr, twins.indices, twins.size, member_ptr, members,
            int(approximation.seed), _CHUNKS,
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(eligible > 0, counts / r * total / eligible, 0.0)
        results[name] = SampledBetweenness(
            np.clip(values, 0.0, 1.0), r, approximation.epsilon, approximation.delta, diameter
        )
    return results


def _pair_count(pair_set: PairSet, group: np.ndarray) -> float:
    """Number of eligible ordered pairs (s, t), s ≠ t, of a pair set."""
    sources = np.asarray(pair_set.sources, dtype=bool)
    targets = np.asarray(pair_set.targets, dtype=bool)
    if pair_set.different_groups:
        groups = np.union1d(group[sources], group[targets])
        s_count = np.array([np.sum(sources & (group == g)) for g in groups], dtype=np.float64)
        t_count = np.array([np.sum(targets & (group == g)) for g in groups], dtype=np.float64)
        return float(sources.sum()) * float(targets.sum()) - float(np.dot(s_count, t_count))
    return float(sources.sum()) * float(targets.sum()) - float(np.sum(sources & targets))
