"""Network outcomes of a (scenario) graph: connectivity, reach and helix distances.

Every function takes an undirected collaboration graph (:func:`helixnet.collaboration_graph`
or a scenario graph derived from it), never modifies it and returns plain numbers or
pandas objects. Distances are *unweighted hops* (a tie is a tie), 1/∞ = 0 for pairs in
different components.

Cost. Components (igraph) and the two-step SME reach (sparse matrices) are O(n + m). The
distance measures need one breadth-first search per source node (igraph, C code): exact
they cost O(n m) (the grand total comes from igraph's harmonic centrality and the helix
pair totals from BFS runs outside the largest helix only, see :func:`_exact_pair_totals`),
which is fine for the default data (about a thousand nodes) but not for
a Horizon-2020-sized graph (35k nodes, 800k edges). There, pass ``sample=k``: about k
source nodes are drawn uniformly without replacement (seeded; stratified by helix where
the helix matters, see :func:`_sources`) and the totals are estimated with the unbiased
(stratified) expansion estimator; its standard error is reported with the
finite-population correction (see :func:`_stratified_total`).

References
----------
.. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
   *Computational and Mathematical Organization Theory* 12, 21–34.
.. [2] Latora, V. and Marchiori, M. (2001). Efficient behavior of small-world networks.
   *Physical Review Letters* 87, 198701 (harmonic distance / efficiency).
.. [3] Horvitz, D. G. and Thompson, D. J. (1952). A generalization of sampling without
   replacement from a finite universe. *JASA* 47, 663–685; Cochran, W. G. (1977).
   *Sampling Techniques*, 3rd ed., chs. 2 and 5 (simple random and stratified sampling).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import OptionError
from helixnet.metrics._engine import adjacency, edge_arrays, node_groups, to_igraph
from helixnet.metrics.mixing import knowledge_flags, node_flags
from helixnet.schema import QUADRUPLE_HELIX

if TYPE_CHECKING:  # pragma: no cover - typing only
    import igraph

__all__ = [
    "NETWORK_OUTCOMES",
    "NODE_OUTCOMES",
    "CrossHelixTies",
    "Estimate",
    "HelixDistance",
    "cross_helix_ties",
    "distance_fragmentation",
    "fragmentation",
    "giant_share",
    "helix_distance",
    "network_outcomes",
    "node_outcomes",
    "sme_knowledge_reach",
]

#: Index of :func:`network_outcomes`, in order. The ``*_se`` entries are the standard
#: errors of the sampled estimates (0 when computed exactly).
NETWORK_OUTCOMES: tuple[str, ...] = (
    "giant_share",
    "fragmentation",
    "distance_fragmentation",
    "sme_knowledge_reach",
    "helix_distance",
    "cross_helix_ties",
    "cross_helix_weight",
    "distance_fragmentation_se",
    "helix_distance_se",
)

_BROKERAGE_ROLES: tuple[str, ...] = ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")

#: Index of :func:`node_outcomes`, in order.
NODE_OUTCOMES: tuple[str, ...] = (
    *(f"brokerage_{role}_z" for role in _BROKERAGE_ROLES),
    "participation_coefficient",
    "top1_share",
    "top3_share",
    "herfindahl",
)

# Entries of a distance block (sources x n) evaluated at once: 4M floats = 32 MB.
_BLOCK_ENTRIES = 1 << 22


class Estimate(NamedTuple):
    """A value computed exactly or estimated from sampled source nodes.

    Attributes
    ----------
    value : float
        The (estimated) value.
    se : float
        Its standard error: 0 when exact, NaN when it cannot be estimated (one source).
    sources : int
        Number of BFS source nodes used (n when exact).
    """

    value: float
    se: float
    sources: int


class CrossHelixTies(NamedTuple):
    """Number and total weight of the ties between nodes of different helix."""

    ties: int
    weight: float


@dataclass(frozen=True)
class HelixDistance:
    """Mean harmonic distance between helix groups (see :func:`helix_distance`).

    Attributes
    ----------
    matrix : pandas.DataFrame
        H[g, h], rows and columns the groups (symmetric); NaN where undefined.
    se : pandas.DataFrame
        Standard errors of ``matrix`` (0 when exact).
    summary : float
        Mean of H[g, h] over ordered pairs g != h where defined.
    summary_se : float
        Standard error of ``summary``.
    sources : int
        Number of BFS source nodes used.
    """

    matrix: pd.DataFrame
    se: pd.DataFrame
    summary: float
    summary_se: float
    sources: int


# --- components ------------------------------------------------------------------------


def _component_sizes(g: igraph.Graph) -> np.ndarray:
    """Sizes of the connected components of an igraph graph (O(n + m))."""
    return np.asarray(g.connected_components().sizes(), dtype=np.float64)


def _giant_share_from(sizes: np.ndarray) -> float:
    return float(sizes.max() / sizes.sum()) if len(sizes) else math.nan


def _fragmentation_from(sizes: np.ndarray) -> float:
    n = sizes.sum()
    if n < 2:
        return math.nan
    return float(1.0 - np.sum(sizes * (sizes - 1.0)) / (n * (n - 1.0)))


def giant_share(G: nx.Graph) -> float:
    """Share of the nodes that lie in the largest connected component.

    .. math:: \\mathrm{giant} = \\max_k s_k / n

    with s_k the component sizes and n the number of nodes; NaN for an empty graph.
    """
    return _giant_share_from(_component_sizes(to_igraph(G)))


def fragmentation(G: nx.Graph) -> float:
    """Borgatti's fragmentation: the share of node pairs that cannot reach each other.

    .. math:: F = 1 - \\frac{\\sum_k s_k (s_k - 1)}{n (n - 1)}

    over the component sizes s_k (Borgatti 2006, eq. 4). 0 for a connected graph, 1 when
    no two nodes are connected; NaN with fewer than two nodes.
    """
    return _fragmentation_from(_component_sizes(to_igraph(G)))


# --- harmonic distances ------------------------------------------------------------------


def _check_sample(sample: int | None) -> None:
    if sample is None:
        return
    if (
        isinstance(sample, (bool, np.bool_))
        or not isinstance(sample, (int, np.integer))
        or sample < 1
    ):
        raise OptionError(
            f"sample = {sample!r}; expected None (exact) or a positive number of source nodes"
        )


def _sources(codes: np.ndarray, sample: int | None, seed: int) -> np.ndarray:
    """Positions of the BFS source nodes: all of them, or a stratified uniform sample.

    With ``sample=k`` and S strata (the groups in ``codes``), stratum s of n_s nodes gets

        k_s = min(n_s, max(2, round(k n_s / n), floor(k / (2 S))))

    sources drawn uniformly without replacement: proportional allocation (best for
    whole-graph totals), but every stratum at least k / (2S) sources (small helices weigh
    as much as large ones in the helix-pair means) and at least two (so that its
    variance can be estimated). So between k and about 1.5 k sources in all; k >= n
    means all nodes. One stratum gives a plain uniform sample of k.
    """
    _check_sample(sample)
    n = len(codes)
    if sample is None or sample >= n:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    strata = np.flatnonzero(np.bincount(codes))
    floor = int(sample) // (2 * len(strata))
    chosen = []
    for stratum in strata:
        members = np.flatnonzero(codes == stratum)
        take = min(len(members), max(2, floor, round(int(sample) * len(members) / n)))
        chosen.append(rng.choice(members, size=take, replace=False))
    return np.sort(np.concatenate(chosen))


def _harmonic_sums(
    g: igraph.Graph, codes: np.ndarray, n_groups: int, sources: np.ndarray
) -> np.ndarray:
    """S[s, h] = Σ_{j in group h, j != i_s} 1 / d(i_s, j) for each source i_s (hops).

    One igraph BFS per source, in blocks of at most :data:`_BLOCK_ENTRIES` distances.
    """
    n = g.vcount()
    out = np.zeros((len(sources), n_groups))
    if len(sources) == 0:
        return out
    groups = np.zeros((n, n_groups))
    groups[np.arange(n), codes] = 1.0
    step = max(1, _BLOCK_ENTRIES // max(n, 1))
    for start in range(0, len(sources), step):
        block = sources[start : start + step].tolist()
        d = np.asarray(g.distances(source=block, mode="all"), dtype=np.float64)
        with np.errstate(divide="ignore"):
            inverse = 1.0 / d  # 1/inf = 0 (unreachable)
        inverse[d == 0] = 0.0  # the source itself
        out[start : start + len(block)] = inverse @ groups
    return out


def _stratified_total(
    y: np.ndarray, codes: np.ndarray, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Unbiased estimate of Σ_{i=1..n} y_i and its standard error from the sampled sources.

    ``y`` holds y_i for the sources (axis 0); ``codes`` are the strata of all n nodes.
    Stratified simple random sampling (Cochran 1977, eqs. 5.8 and 5.10):

    .. math:: \\hat T = \\sum_s n_s \\bar y_s, \\qquad
              \\widehat{\\mathrm{Var}}(\\hat T) = \\sum_s n_s^2 (1 - k_s / n_s)\\, s_s^2 / k_s

    with n_s nodes and k_s sources in stratum s and s_s² their sample variance (ddof 1).
    A fully enumerated stratum contributes no variance (exact: SE 0); a stratum with one
    of several nodes sampled makes the SE NaN.
    """
    sizes = np.bincount(codes)
    source_codes = codes[sources]
    total = np.zeros(y.shape[1:])
    variance = np.zeros(y.shape[1:])
    for stratum in np.flatnonzero(sizes):
        ys = y[source_codes == stratum]
        n_s, k_s = sizes[stratum], len(ys)
        total += n_s * ys.mean(axis=0)
        if k_s < n_s:
            spread = ys.var(axis=0, ddof=1) if k_s > 1 else np.full(y.shape[1:], np.nan)
            variance += n_s**2 * (1.0 - k_s / n_s) * spread / k_s
    return total, np.sqrt(variance)


def _distance_fragmentation_from(
    sums: np.ndarray, codes: np.ndarray, sources: np.ndarray
) -> Estimate:
    """Distance fragmentation from the per-source harmonic sums (any grouping of columns)."""
    n = len(codes)
    if n < 2:
        return Estimate(math.nan, math.nan, len(sources))
    total, se = _stratified_total(sums.sum(axis=1), codes, sources)
    scale = n * (n - 1.0)
    return Estimate(float(1.0 - total / scale), float(se / scale), len(sums))


def distance_fragmentation(G: nx.Graph, *, sample: int | None = None, seed: int = 0) -> Estimate:
    """Borgatti's distance-weighted fragmentation, exact or estimated from sampled sources.

    .. math:: {}^{D}F = 1 - \\frac{\\sum_{i \\ne j} 1 / d_{ij}}{n (n - 1)}

    with d_ij the shortest-path length in hops and 1/∞ = 0 (Borgatti 2006, eq. 9); 0 for
    a complete graph, 1 for an empty one. One minus this is the global efficiency of
    Latora & Marchiori (2001).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph (weights ignored).
    sample : int or None, default None
        None: exact, one BFS from every node (O(n m)). k: BFS from k source nodes drawn
        uniformly without replacement; Σ_{i≠j} 1/d_ij is estimated by n times the mean of
        the sampled row sums (unbiased), with its standard error. k >= n is exact.
    seed : int, default 0
        Seed of the source sample.

    Returns
    -------
    Estimate
        ``(value, se, sources)``; NaN with fewer than two nodes.
    """
    n = G.number_of_nodes()
    codes = np.zeros(n, dtype=np.int64)
    sources = _sources(codes, sample, seed)
    g = to_igraph(G)
    if len(sources) == n:
        return _exact_distance_fragmentation(_grand_harmonic_total(g), n)
    return _distance_fragmentation_from(_harmonic_sums(g, codes, 1, sources), codes, sources)


def _grand_harmonic_total(g: igraph.Graph) -> float:
    """Σ_{i != j} 1/d_ij over all ordered pairs: igraph's harmonic centrality, in C."""
    if g.vcount() == 0:
        return 0.0
    return float(np.sum(g.harmonic_centrality(mode="all", normalized=False)))


def _exact_distance_fragmentation(grand: float, n: int) -> Estimate:
    if n < 2:
        return Estimate(math.nan, math.nan, n)
    return Estimate(1.0 - grand / (n * (n - 1.0)), 0.0, n)


def _exact_pair_totals(
    g: igraph.Graph, codes: np.ndarray, n_groups: int, grand: float
) -> np.ndarray:
    """T[g, h] = Σ_{i∈g, j∈h, j≠i} 1/d_ij for all groups, exactly, with fewer BFS runs.

    BFS runs only from the nodes outside the largest group L: they give the rows g != L;
    symmetry (T_gh = T_hg) gives row L off the diagonal, and T_LL is what remains of the
    grand total Σ_{i≠j} 1/d_ij. On the collaboration graph, where companies are most of
    the nodes, that saves about four BFS runs in five.
    """
    T = np.zeros((n_groups, n_groups))
    if len(codes) == 0:
        return T
    largest = int(np.argmax(np.bincount(codes, minlength=n_groups)))
    sources = np.flatnonzero(codes != largest)
    np.add.at(T, codes[sources], _harmonic_sums(g, codes, n_groups, sources))
    T[largest, :] = T[:, largest]
    T[largest, largest] = 0.0
    T[largest, largest] = max(grand - T.sum(), 0.0)
    return T


def _pair_weights(size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1 / (n_g (n_h - δ_gh)) (NaN where 0), and the mask of defined pairs g != h."""
    pairs = size[:, None] * (size[None, :] - np.eye(len(size)))
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(pairs > 0, 1.0 / pairs, np.nan)
    return weight, ~np.eye(len(size), dtype=bool) & np.isfinite(weight)


def _exact_helix_distance(
    T: np.ndarray, codes: np.ndarray, labels: list, chosen: list
) -> HelixDistance:
    """:class:`HelixDistance` from exact pair totals over all ``labels``."""
    k_groups = len(chosen)
    index = [labels.index(group) if group in labels else -1 for group in chosen]
    size = np.array([np.count_nonzero(codes == c) if c >= 0 else 0 for c in index], float)
    total = np.array([[T[a, b] if min(a, b) >= 0 else 0.0 for b in index] for a in index])
    weight, off = _pair_weights(size)
    matrix = total.reshape(k_groups, k_groups) * weight
    summary = float(matrix[off].mean()) if off.any() else math.nan
    zeros = np.where(np.isnan(matrix), np.nan, 0.0)
    return HelixDistance(
        matrix=_group_frame(matrix, chosen),
        se=_group_frame(zeros, chosen),
        summary=summary,
        summary_se=0.0 if off.any() else math.nan,
        sources=len(codes),
    )


def _harmonic_outcomes(
    g: igraph.Graph, codes: np.ndarray, labels: list, chosen: list, sample: int | None, seed: int
) -> tuple[Estimate, HelixDistance]:
    """Distance fragmentation and helix distances from one set of BFS runs."""
    n = len(codes)
    sources = _sources(codes, sample, seed)
    if len(sources) == n:
        grand = _grand_harmonic_total(g)
        T = _exact_pair_totals(g, codes, len(labels), grand)
        return _exact_distance_fragmentation(grand, n), _exact_helix_distance(
            T, codes, labels, chosen
        )
    sums = _harmonic_sums(g, codes, len(labels), sources)
    return (
        _distance_fragmentation_from(sums, codes, sources),
        _helix_distance_from(sums, codes, labels, chosen, sources),
    )


def _selected_groups(
    G: nx.Graph, groups: Sequence[Hashable] | None
) -> tuple[np.ndarray, list, list]:
    """Helix codes of the nodes, all labels, and the groups reported (default: 4 helices)."""
    codes, labels = node_groups(G, "helix")
    chosen = list(QUADRUPLE_HELIX if groups is None else groups)
    if len(set(chosen)) != len(chosen) or len(chosen) < 2:
        raise OptionError(f"groups = {chosen!r}; expected at least two distinct helix values")
    return codes, labels, chosen


def _pair_contributions(
    sums: np.ndarray, codes: np.ndarray, labels: list, chosen: list, sources: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-source contributions y_s(g, h) to the pair totals T_gh, and the group sizes.

    y_i(g, h) = (1[i∈g] S_ih + 1[i∈h] S_ig) / 2, whose sum over all nodes is T_gh because
    1/d is symmetric; a group absent from G has size 0 and contributes nothing.
    """
    k_groups = len(chosen)
    size = np.zeros(k_groups)
    S = np.zeros((len(sources), k_groups))
    M = np.zeros((len(sources), k_groups))
    for a, group in enumerate(chosen):
        if group in labels:
            c = labels.index(group)
            size[a] = np.count_nonzero(codes == c)
            S[:, a] = sums[:, c]
            M[:, a] = codes[sources] == c
    Y = 0.5 * (M[:, :, None] * S[:, None, :] + M[:, None, :] * S[:, :, None])
    return Y, size


def _helix_distance_from(
    sums: np.ndarray, codes: np.ndarray, labels: list, chosen: list, sources: np.ndarray
) -> HelixDistance:
    """Group-pair harmonic means from the per-source sums S (columns = ``labels``)."""
    Y, size = _pair_contributions(sums, codes, labels, chosen, sources)
    weight, off = _pair_weights(size)  # H_gh = T_gh * weight_gh
    total, total_se = _stratified_total(Y, codes, sources)
    summary, summary_se = np.full(1, np.nan), np.full(1, np.nan)
    if off.any():  # mean over defined pairs g != h of T_gh weight_gh: the total of z_i
        z = np.einsum("sgh,gh->s", Y, np.where(off, weight, 0.0) / off.sum())
        summary, summary_se = _stratified_total(z[:, None], codes, sources)
    return HelixDistance(
        matrix=_group_frame(total * weight, chosen),
        se=_group_frame(total_se * weight, chosen),
        summary=float(summary[0]),
        summary_se=float(summary_se[0]),
        sources=len(sources),
    )


def _group_frame(values: np.ndarray, groups: list) -> pd.DataFrame:
    return pd.DataFrame(
        values, index=pd.Index(groups, name="from"), columns=pd.Index(groups, name="to")
    )


def helix_distance(
    G: nx.Graph,
    *,
    groups: Sequence[Hashable] | None = None,
    sample: int | None = None,
    seed: int = 0,
) -> HelixDistance:
    """Mean harmonic distance (closeness) between helix groups.

    For groups g and h (values of the node attribute ``helix``) with n_g and n_h nodes:

    .. math:: H_{gh} = \\frac{1}{n_g (n_h - \\delta_{gh})}
              \\sum_{i \\in g} \\sum_{j \\in h, j \\ne i} \\frac{1}{d_{ij}}

    d_ij in hops over the *whole* graph (paths may run through any node, clusters
    included), 1/∞ = 0. H_gh = 1 when every node of g is tied to every node of h, 0 when
    no path exists; higher is closer. The graph is undirected, so H is symmetric. NaN
    where the denominator is 0 (a group absent, or the diagonal of a one-node group).
    The summary is the mean of H_gh over the ordered pairs g ≠ h that are defined.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``helix``.
    groups : sequence, optional
        The groups reported (rows and columns), by default the four helices
        ``bedrijf, kennisinstelling, overheid, burger`` (cluster organisations,
        ``intermediair``, are then paths but not endpoints).
    sample : int or None, default None
        None: exact, one BFS per node (O(n m)). k: about k source nodes, drawn uniformly
        without replacement within each helix (proportional allocation with a floor per
        helix, see :func:`_sources`). The pair total T_gh = Σ_{i∈g, j∈h} 1/d_ij is
        written as Σ_i y_i with y_i = (1[i∈g] S_ih + 1[i∈h] S_ig) / 2 (S_ih the sum of
        1/d_ij over j ∈ h, j ≠ i; valid because d is symmetric) and estimated by
        Σ_s n_s ȳ_s over the helix strata (unbiased; :func:`_stratified_total`), so each
        pair uses the BFS of both its groups. The summary is a linear combination of the
        T_gh, i.e. itself such a total; standard errors are reported.
    seed : int, default 0
        Seed of the source sample.

    Returns
    -------
    HelixDistance
        ``matrix`` (DataFrame group x group), ``se``, ``summary``, ``summary_se`` and
        ``sources``.

    Raises
    ------
    OptionError
        If a node lacks ``helix``, or ``groups`` has fewer than two distinct values.
    """
    codes, labels, chosen = _selected_groups(G, groups)
    return _harmonic_outcomes(to_igraph(G), codes, labels, chosen, sample, seed)[1]


# --- reach and cross-helix ties -------------------------------------------------------


def sme_knowledge_reach(G: nx.Graph) -> float:
    """Share of SMEs with a path of at most two steps to a knowledge institution.

    .. math:: R = \\frac{|\\{ i : \\mathrm{sme}_i,\\ \\exists j \\ne i,\\
              \\mathrm{helix}_j = \\mathrm{kennisinstelling},\\ d_{ij} \\le 2 \\}|}
              {|\\{ i : \\mathrm{sme}_i \\}|}

    Vectorised with the 0/1 adjacency A (self-loops dropped) and the knowledge indicator
    k: c = A k counts each node's knowledge partners; i reaches one in two steps iff a
    partner m has c_m >= 1 + k_i (the knowledge partner of m must not be i itself).
    So R is the mean over SMEs of [c_i > 0 or (A [c >= 1 + k_i])_i > 0]. O(n + m).
    NaN when there are no SMEs.

    Raises
    ------
    OptionError
        If a node lacks a boolean ``sme`` or a ``helix``.
    """
    sme = node_flags(G, "sme")
    if not sme.any():
        return math.nan
    knowledge = knowledge_flags(G).astype(np.float64)
    A = adjacency(G, None, self_loops=False)
    partners = A @ knowledge
    via_other = A @ (partners >= 1).astype(np.float64)  # for i not a knowledge institution
    via_self = A @ (partners >= 2).astype(np.float64)  # for i that is one itself
    two_steps = np.where(knowledge > 0, via_self, via_other)
    reached = (partners > 0) | (two_steps > 0)
    return float(reached[sme].mean())


def cross_helix_ties(
    G: nx.Graph, attr: Hashable = "helix", weight: str | None = "weight"
) -> CrossHelixTies:
    """Number and summed weight of the ties whose two ends have a different ``attr``.

    .. math:: X = |\\{ (i, j) \\in E : g_i \\ne g_j \\}|, \\qquad
              W = \\sum_{(i, j) \\in E,\\ g_i \\ne g_j} w_{ij}

    Cluster organisations (``intermediair``) are a group of their own, so a cluster's
    membership ties to companies count. Self-loops never count. ``weight=None`` gives
    W = X.

    Raises
    ------
    OptionError
        If a node lacks ``attr``.
    DataError
        If a weight is not a positive finite number.
    """
    codes, _ = node_groups(G, attr)
    source, target, weights = edge_arrays(G, weight)
    cross = codes[source] != codes[target]
    return CrossHelixTies(int(cross.sum()), float(weights[cross].sum()))


# --- tables --------------------------------------------------------------------------------


def network_outcomes(G: nx.Graph, *, sample: int | None = None, seed: int = 0) -> pd.Series:
    """All network outcomes of ``G`` as one Series, indexed by :data:`NETWORK_OUTCOMES`.

    ``giant_share``, ``fragmentation``, ``distance_fragmentation``,
    ``sme_knowledge_reach``, ``helix_distance`` (the summary of :func:`helix_distance`
    over the four helices), ``cross_helix_ties``, ``cross_helix_weight`` and the standard
    errors ``distance_fragmentation_se``, ``helix_distance_se`` (0 when exact). The two
    distance measures share one set of BFS runs: exact, or from about ``sample`` sources
    drawn with ``seed``, stratified by helix (see :func:`helix_distance`).
    """
    codes, labels, chosen = _selected_groups(G, None)
    g = to_igraph(G)
    spread, closeness = _harmonic_outcomes(g, codes, labels, chosen, sample, seed)
    sizes = _component_sizes(g)
    cross = cross_helix_ties(G)
    values = {
        "giant_share": _giant_share_from(sizes),
        "fragmentation": _fragmentation_from(sizes),
        "distance_fragmentation": spread.value,
        "sme_knowledge_reach": sme_knowledge_reach(G),
        "helix_distance": closeness.summary,
        "cross_helix_ties": float(cross.ties),
        "cross_helix_weight": cross.weight,
        "distance_fragmentation_se": spread.se,
        "helix_distance_se": closeness.summary_se,
    }
    return pd.Series(
        [values[k] for k in NETWORK_OUTCOMES],
        index=list(NETWORK_OUTCOMES),
        dtype=np.float64,
        name="network",
    )


def node_outcomes(G: nx.Graph, node: Hashable | None) -> pd.Series:
    """Connector profile of one node (a cluster or its successor), indexed by :data:`NODE_OUTCOMES`.

    ``brokerage_<role>_z``: the Gould–Fernandez brokerage z-scores with the helix as group
    (:func:`helixnet.metrics.brokerage.brokerage`, roles w_I, w_O, b_IO, b_OI, b_O, t);
    ``participation_coefficient`` of its partner helices
    (:func:`helixnet.metrics.mixing.participation_coefficient`, unweighted);
    ``top1_share``, ``top3_share``, ``herfindahl``: concentration of its tie weight on
    its strongest partners (:func:`helixnet.metrics.bridging.partner_concentration`).
    All NaN when ``node`` is None or not in ``G`` (e.g. the cluster was removed).

    The brokerage z-scores depend on the whole graph (density and helix sizes of the
    null model), so brokerage is computed for the whole graph, O(m^1.5).
    """
    from helixnet.metrics.bridging import partner_concentration
    from helixnet.metrics.brokerage import brokerage
    from helixnet.metrics.mixing import participation_coefficient

    out = pd.Series(np.nan, index=list(NODE_OUTCOMES), dtype=np.float64, name=node)
    if node is None or node not in G:
        return out
    z = brokerage(G).z.loc[node]
    for role in _BROKERAGE_ROLES:
        out[f"brokerage_{role}_z"] = z[role]
    out["participation_coefficient"] = participation_coefficient(G)[node]
    concentration = partner_concentration(G).loc[node]
    for column in ("top1_share", "top3_share", "herfindahl"):
        out[column] = concentration[column]
    return out
