"""Stable communities: consensus over seeded Leiden runs, and how much the runs agree.

One Leiden run is one draw: on the embedded data two seeds agree only to an adjusted Rand
index of about 0.7. :func:`consensus_communities` therefore runs the algorithm ``runs``
times with seeds derived from ``seed`` and combines the runs by consensus clustering
(Lancichinetti & Fortunato 2012) restricted to the graph's own edges, as in fast consensus
(Tandon et al. 2019): each edge is weighted by the share of runs that put its two ends in
one community, edges below ``threshold`` are dropped (a node left without edges keeps its
strongest ones, so boundary nodes are not made communities of their own), and the algorithm runs again on that
consensus graph, until every run gives the same partition of the edges (or ``max_rounds``).
The result reports the agreement of the single runs (mean pairwise adjusted Rand index,
Hubert & Arabie 1985) and of each run with the consensus, so a reader sees how stable the
communities are.

References
----------
Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of Classification* 2, 193-218.
Lancichinetti, A. & Fortunato, S. (2012). Consensus clustering in complex networks.
*Scientific Reports* 2, 336.
Tandon, A., Albeshri, A., Thayananthan, V., Alhalabi, W. & Fortunato, S. (2019). Fast
consensus clustering in complex networks. *Physical Review E* 99, 042301.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import pandas as pd

__all__ = ["adjusted_rand_index", "consensus_communities", "Consensus"]


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985).

    ARI = (Σ_ij C(n_ij, 2) - E) / ((Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) / 2 - E) with
    E = Σ_i C(a_i, 2) Σ_j C(b_j, 2) / C(n, 2), n_ij the contingency table. 1 for identical
    partitions (also when both put everything in one group, or everything apart).

    Examples
    --------
    >>> adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> round(adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]), 6)
    0.571429
    """
    import numpy as np

    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.ndim != 1:
        raise OptionError(f"the two labelings must be one-dimensional and of equal length; got {a.shape} and {b.shape}")
    n = len(a)
    if n < 2:
        return 1.0
    rows_of, row = np.unique(a, return_inverse=True)
    cols_of, col = np.unique(b, return_inverse=True)
    cells = np.bincount(row * len(cols_of) + col, minlength=len(rows_of) * len(cols_of))
    table = cells.reshape(len(rows_of), len(cols_of)).astype(np.float64)
    pairs = lambda x: x * (x - 1) / 2  # noqa: E731 - C(x, 2), elementwise
    within = pairs(table).sum()
    rows, cols = pairs(table.sum(axis=1)).sum(), pairs(table.sum(axis=0)).sum()
    expected = rows * cols / pairs(float(n))
    top = (rows + cols) / 2 - expected
    if top == 0:  # both trivial (one group, or all apart): identical iff the same pairs
        return 1.0 if rows == cols else 0.0
    return float((within - expected) / top)


@dataclass
class Consensus:
    """A consensus partition and how stable the single runs were.

    ``communities``: community number per node (1 = largest), like
    :func:`helixnet.metrics.communities.detect_communities`; ``run_agreement``: mean adjusted
    Rand index over all pairs of single runs; ``agreement_with_consensus``: the ARI of each
    single run with the consensus; ``rounds``: consensus rounds until the runs agreed;
    ``converged``: whether they did within ``max_rounds``.
    """

    communities: "pd.Series"
    run_agreement: float
    agreement_with_consensus: "pd.Series"
    rounds: int
    converged: bool
    runs: int


def _run_seeds(seed: int, runs: int, round_: int) -> list[int]:
    import numpy as np

    sequence = np.random.SeedSequence([seed, round_])
    return [int(s.generate_state(1)[0]) for s in sequence.spawn(runs)]


def _strongest_of_stranded(src, dst, together, strong, n: int):
    """The edges that keep a node attached: for every node with edges but none at or above
    the threshold, its edges of the highest consensus share (so no node becomes a community
    of its own just because the runs placed it on a boundary)."""
    import numpy as np

    ends = np.concatenate([src, dst])
    share = np.concatenate([together, together])
    kept = np.zeros(n, dtype=bool)
    kept[np.concatenate([src[strong], dst[strong]])] = True
    best = np.full(n, -1.0)
    np.maximum.at(best, ends, share)
    rescue = ~kept[ends] & (share == best[ends]) & (share > 0)
    half = len(src)
    return rescue[:half] | rescue[half:]


def consensus_communities(
    G: "nx.Graph", *, runs: int = 10, seed: int = 0, threshold: float = 0.5, method: str = "leiden",
    resolution: float = 1.0, weight: str | None = "weight", without_clusters: bool = True, max_rounds: int = 10,
) -> Consensus:
    """Consensus communities of ``G`` over ``runs`` seeded runs (see the module docstring).

    Parameters
    ----------
    G : networkx.Graph
        The collaboration graph.
    runs : int
        Single runs per round (at least 2).
    seed : int
        Master seed; the runs' seeds are derived from it, so the result does not depend on
        anything else.
    threshold : float
        Consensus edges kept when at least this share of runs agree (0 < threshold <= 1).
    method, resolution, weight
        As in :func:`helixnet.metrics.communities.detect_communities`.
    without_clusters : bool
        Leave the cluster organisations out (``is_cluster``), as
        :func:`~helixnet.metrics.communities.ecosystem_communities` does.
    max_rounds : int
        Consensus rounds at most.

    Returns
    -------
    Consensus
    """
    import numpy as np
    import pandas as pd

    from helixnet.metrics._engine import edge_arrays
    from helixnet.metrics.communities import _check_options, _labels, _partition

    _check_options(method, resolution)
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 2:
        raise OptionError(f"runs: {runs!r} is not allowed; expected a whole number of at least 2")
    if not 0 < threshold <= 1:
        raise OptionError(f"threshold: {threshold!r} is not allowed; expected a share in (0, 1]")
    nodes = list(G)
    keep = np.array([not (without_clusters and G.nodes[n].get("is_cluster")) for n in nodes], dtype=bool)
    source, target, weights = edge_arrays(G, weight)
    inside = keep[source] & keep[target]
    position = np.cumsum(keep) - 1
    source, target = position[source[inside]], position[target[inside]]
    weights = weights[inside] if weight is not None else None
    kept_nodes = [n for n, k in zip(nodes, keep) if k]
    n = len(kept_nodes)

    def run_all(src, dst, w, round_):
        return [np.asarray(_partition(n, src, dst, w, method, resolution, s)[0]) for s in _run_seeds(seed, runs, round_)]

    first = run_all(source, target, weights, 0)
    run_agreement = float(np.mean([adjusted_rand_index(x, y) for x, y in combinations(first, 2)]))
    current, rounds, converged = first, 0, False
    src, dst = source, target
    while rounds < max_rounds:
        together = np.mean([p[src] == p[dst] for p in current], axis=0) if len(src) else np.array([])
        if np.all((together == 0) | (together == 1)):
            converged = True
            break
        strong = together >= threshold
        strong |= _strongest_of_stranded(src, dst, together, strong, n)
        src, dst, w = src[strong], dst[strong], together[strong]
        rounds += 1
        current = run_all(src, dst, w, rounds)
    final = _labels(list(current[0]), kept_nodes, float("nan"))
    final.attrs.pop("modularity", None)
    with_consensus = pd.Series([adjusted_rand_index(p, final.to_numpy()) for p in first],
                               index=pd.RangeIndex(1, runs + 1, name="run"), name="ari_with_consensus")
    return Consensus(final, run_agreement, with_consensus, rounds, converged, runs)
