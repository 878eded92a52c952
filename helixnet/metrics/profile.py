"""The cluster profile of a few *focus* organisations, straight from the projection matrices.

The baselines recompute a cluster's profile on hundreds of rebuilt networks, where
building a networkx graph and every organisation-level measure would dominate. This
module evaluates the profile of the focus rows only (plus one shared all-sources
shortest-path pass), from the matrices of :func:`helixnet.metrics.incidence.projection`.
Each measure has the definition of the function named in :data:`PROFILE_MEASURES` and
is tested equal to it on the observed graph (``tests/test_evidence.py``):

- ``degree``, ``betweenness``, ``cross_helix_betweenness``, ``sme_knowledge_betweenness``
  as in :mod:`helixnet.metrics.centrality` / :mod:`helixnet.metrics.bridging`;
- ``constraint`` and ``effective_size`` (Burt), ``top1_share`` and ``herfindahl``
  (partner concentration) on the tie weights of the chosen weighting (binary weights give
  the unweighted measures of ``organisations.csv``: ``constraint(G)``,
  ``effective_size(G)``; ``projects`` weights give ``partner_concentration(G)``);
- ``participation`` and ``ei_index`` over partner helices (ties counted, not weighted);
- ``brokerage_t``, ``brokerage_w_O``, ``brokerage_b_O``: Gould–Fernandez *raw* counts
  (:func:`helixnet.metrics.brokerage.brokerage`), compared with the degree-preserving
  null rather than sna's Bernoulli null;
- ``helix_diverse_share``: the two-mode measure of :func:`helix_diverse_share`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from helixnet.metrics.incidence import TwoMode

if TYPE_CHECKING:
    from helixnet.metrics.nullmodel import Incidence

__all__ = ["PROFILE_MEASURES", "WEIGHTED_MEASURES", "PATH_MEASURES", "focus_profile", "unweighted_measures",
           "weighted_measures", "helix_diverse_share", "path_measures", "source_weights"]

#: The measures of the evidence profile and the function each one equals.
PROFILE_MEASURES: dict[str, str] = {
    "degree": "helixnet.metrics.centrality.degree",
    "betweenness": "helixnet.metrics.centrality.betweenness",
    "cross_helix_betweenness": "helixnet.metrics.bridging.cross_helix_betweenness",
    "sme_knowledge_betweenness": "helixnet.metrics.bridging.cross_helix_betweenness(pairs='sme-knowledge')",
    "constraint": "helixnet.metrics.structural_holes.constraint",
    "effective_size": "helixnet.metrics.structural_holes.effective_size",
    "participation": "helixnet.metrics.mixing.participation_coefficient",
    "ei_index": "helixnet.metrics.mixing.ei_index",
    "top1_share": "helixnet.metrics.bridging.partner_concentration",
    "herfindahl": "helixnet.metrics.bridging.partner_concentration",
    "brokerage_t": "helixnet.metrics.brokerage.brokerage (raw t)",
    "brokerage_w_O": "helixnet.metrics.brokerage.brokerage (raw w_O)",
    "brokerage_b_O": "helixnet.metrics.brokerage.brokerage (raw b_O)",
    "helix_diverse_share": "helixnet.metrics.profile.helix_diverse_share",
}

#: Measures from shortest paths (:func:`path_measures`), the only ones that can be estimated.
PATH_MEASURES = ("betweenness", "cross_helix_betweenness", "sme_knowledge_betweenness")

#: Measures that depend on the tie weighting (the others use ties as 0/1).
WEIGHTED_MEASURES = ("constraint", "top1_share", "herfindahl")

#: The quadruple helix (intermediaries are not a helix of a consortium's mix).
_FOUR_HELICES = ("bedrijf", "kennisinstelling", "overheid", "burger")


def path_measures(two_mode: TwoMode, A, focus: np.ndarray, sources: int | None = None,
                  seed: int = 0) -> dict[str, np.ndarray]:
    """``betweenness``, ``cross_helix_betweenness`` and ``sme_knowledge_betweenness`` of
    the ``focus`` rows of the graph with 0/1 adjacency ``A`` (normalised as in
    ``organisations.csv``), from one compiled all-sources pass.

    With ``sources`` = k, the pass runs from every organisation in the closed
    neighbourhood of the focus rows (the sources whose paths depend most on a focus
    organisation) and from k of the other m organisations drawn uniformly without
    replacement (``numpy.random.default_rng(seed)``), each of those counting m/k times:
    a stratified Horvitz–Thompson estimate of the sum over all sources, unbiased, with
    relative standard error ``cv · sqrt((m − k) / (m k))`` (``cv``: the coefficient of
    variation of a focus organisation's dependency over the sampled stratum;
    ``benchmarks/baselines.py --path-error`` measures it). Exact (the default) when
    ``sources`` is None or at least m.
    """
    from helixnet.metrics.bridging import _different_pairs_excluding, _subset_pairs_excluding, normalise_cross_helix
    from helixnet.metrics.paths import PairSet, betweenness_values, csr_path_counts

    n = A.shape[0]
    codes = two_mode.codes
    ones = np.ones(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    near[focus] = True
    near[np.concatenate([A.indices[A.indptr[v]:A.indptr[v + 1]] for v in focus] or [np.empty(0, int)])] = True
    weight = source_weights(n, sources, seed, near)
    pair_sets = {"all": PairSet(weight, ones), "different": PairSet(weight, ones, different_groups=True),
                 "sme": PairSet(weight * two_mode.sme, two_mode.knowledge)}
    # on the calling thread: measured on 2 shared cores, a parallel launch per replicate costs
    # more than it saves (1.4-2.5 s serial against 4.6-5.5 s parallel on the embedded data
    # with other processes busy), and the small graphs of tests pay only the launch
    counts = csr_path_counts(A.indptr.astype(np.int64), A.indices.astype(np.int32), pair_sets, group=codes,
                             threads=1, weighted_sources_only=sources is not None)
    different = _different_pairs_excluding(codes, np.bincount(codes))
    sme = _subset_pairs_excluding(two_mode.sme, two_mode.knowledge)
    return {
        "betweenness": betweenness_values(counts, "all")[focus],
        "cross_helix_betweenness": normalise_cross_helix(counts.dependency["different"] / 2.0, different)[focus],
        "sme_knowledge_betweenness": normalise_cross_helix(counts.dependency["sme"] / 2.0, sme)[focus],
    }


def source_weights(n: int, sources: int | None, seed: int = 0, always: np.ndarray | None = None) -> np.ndarray:
    """Weight of each of ``n`` organisations as a source of shortest paths: 1 for all when
    ``sources`` is None; otherwise 1 for the organisations in the mask ``always`` and,
    of the m others, m/k for k drawn uniformly without replacement with
    ``numpy.random.default_rng(seed)`` and 0 for the rest (1 for all m when k >= m)."""
    from helixnet.errors import OptionError

    if sources is None:
        return np.ones(n)
    if isinstance(sources, bool) or not isinstance(sources, (int, np.integer)) or sources < 1:
        raise OptionError(f"sources {sources!r}: expected a whole number of source organisations >= 1")
    always = np.zeros(n, dtype=bool) if always is None else np.asarray(always, dtype=bool)
    weight = always.astype(np.float64)
    others = np.flatnonzero(~always)
    if sources >= len(others):
        weight[others] = 1.0
        return weight
    weight[np.random.default_rng(int(seed)).choice(others, size=int(sources), replace=False)] = len(others) / sources
    return weight


def focus_profile(two_mode: TwoMode, A, W, focus: np.ndarray, incidence: "Incidence | None" = None,
                  paths: dict[str, np.ndarray] | None = None, sources: int | None = None,
                  seed: int = 0) -> dict[str, np.ndarray]:
    """Every measure of :data:`PROFILE_MEASURES` for the ``focus`` rows.

    ``A`` and ``W`` come from :func:`~helixnet.metrics.incidence.projection` (``W`` sets
    the weighting of :data:`WEIGHTED_MEASURES`), ``incidence`` is the incidence they were
    built from (for ``helix_diverse_share``; default the observed one), and ``paths``
    a precomputed :func:`path_measures` of ``A`` (computed when missing, from ``sources``
    sampled sources with ``seed``; all by default). Values are NaN where the measure is
    undefined (an organisation without partners).
    """
    values = unweighted_measures(two_mode, A, focus, incidence, paths, sources, seed)
    values.update(weighted_measures(W, focus))
    return {name: values[name] for name in PROFILE_MEASURES}


def unweighted_measures(two_mode: TwoMode, A, focus: np.ndarray, incidence: "Incidence | None" = None,
                        paths: dict[str, np.ndarray] | None = None, sources: int | None = None,
                        seed: int = 0) -> dict[str, np.ndarray]:
    """The measures of :data:`PROFILE_MEASURES` that read ties as 0/1 (all but
    :data:`WEIGHTED_MEASURES`), for the ``focus`` rows of the 0/1 adjacency ``A``
    (``paths``, ``sources`` and ``seed`` as in :func:`focus_profile`)."""
    codes = two_mode.codes
    k = len(two_mode.labels)
    n = A.shape[0]
    H = np.eye(k)[codes]  # n x k group indicator
    rows = A[focus]  # the focus rows: their partners
    counts = np.asarray(rows @ H)  # partners per group
    degree = counts.sum(axis=1)
    # closed[i, g, h]: ordered pairs of tied partners (x, y) of focus i, x in g, y in h; for
    # all focus rows at once: Y[x, i] = partners of i in group h tied to x
    partner_of = rows.T.toarray()  # n x focus, 0/1
    closed = np.empty((len(focus), k, k))
    for h in range(k):
        Y = A @ (partner_of * H[:, h:h + 1])
        closed[:, :, h] = (partner_of * Y).T @ H
    values: dict[str, list[float]] = {"brokerage_t": [], "brokerage_w_O": [], "brokerage_b_O": [],
                                      "effective_size": []}
    for i, v in enumerate(focus):
        for name, value in _brokerage(counts[i], closed[i], codes[v]).items():
            values[name].append(value)
        d = degree[i]
        values["effective_size"].append(d - closed[i].sum() / d if d else np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / degree[:, None]
        own = counts[np.arange(len(focus)), codes[focus]]
        result = {
            "degree": degree.astype(np.float64),
            "participation": np.where(degree > 0, 1.0 - np.sum(shares ** 2, axis=1), np.nan),
            "ei_index": np.where(degree > 0, (degree - 2.0 * own) / degree, np.nan),
        }
    result.update({name: np.asarray(series, dtype=np.float64) for name, series in values.items()})
    result.update(paths if paths is not None else path_measures(two_mode, A, focus, sources, seed))
    result["helix_diverse_share"] = helix_diverse_share(two_mode, incidence, focus)
    return result


def weighted_measures(W, focus: np.ndarray) -> dict[str, np.ndarray]:
    """:data:`WEIGHTED_MEASURES` of the ``focus`` rows of the weight matrix ``W``."""
    constraint = _constraint(W, focus)
    values: dict[str, list[float]] = {"top1_share": [], "herfindahl": []}
    for v in focus:
        weights = W.data[W.indptr[v]:W.indptr[v + 1]]
        if len(weights) == 0:
            for name in values:
                values[name].append(np.nan)
            continue
        strength = weights.sum()
        values["top1_share"].append(weights.max() / strength)
        values["herfindahl"].append(float(np.sum((weights / strength) ** 2)))
    result = {name: np.asarray(series, dtype=np.float64) for name, series in values.items()}
    result["constraint"] = constraint
    return {name: result[name] for name in WEIGHTED_MEASURES}


def helix_diverse_share(two_mode: TwoMode, incidence: "Incidence | None", focus: np.ndarray) -> np.ndarray:
    """Share of each focus organisation's projects whose consortium brings at least three
    of the four helices together (companies, knowledge institutions, government,
    citizens; intermediaries do not count as a helix). A two-mode measure: it reads the
    organisation–project incidence, not the projection. NaN for an organisation without
    projects.

    Under the helix-stratified null every project keeps its helix mix, so this share is
    then fixed; the unstratified null asks whether the cluster's consortia are more
    diverse than random consortia of the same sizes.
    """
    incidence = two_mode.incidence if incidence is None else incidence
    B = incidence.to_sparse()
    helix_columns = [two_mode.labels.index(h) for h in _FOUR_HELICES if h in two_mode.labels]
    present = np.zeros(incidence.n_columns)
    for column in helix_columns:
        members = (two_mode.codes == column).astype(np.float64)
        present += (B.T @ members) > 0
    diverse = (present >= 3).astype(np.float64)
    projects = B[focus] @ np.ones(incidence.n_columns)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(projects > 0, (B[focus] @ diverse) / projects, np.nan)


def _brokerage(counts: np.ndarray, closed: np.ndarray, own: int) -> dict[str, float]:
    """Raw Gould–Fernandez counts of a broker of group ``own`` whose partners number
    ``counts[g]`` per group and whose closed ordered partner pairs number ``closed[g, h]``:
    open ordered pairs (a, b) = all ordered pairs of distinct partners minus the tied ones."""
    pairs = np.outer(counts, counts) - np.diag(counts) - closed
    k = len(counts)
    same = np.eye(k, dtype=bool)
    mine = np.zeros(k, dtype=bool)
    mine[own] = True
    w_o = float(pairs[same & ~mine[:, None]].sum())
    b_o = float(pairs[~same & ~mine[:, None] & ~mine[None, :]].sum())
    return {"brokerage_t": float(pairs.sum()), "brokerage_w_O": w_o, "brokerage_b_O": b_o}


def _constraint(W, focus: np.ndarray) -> np.ndarray:
    """Burt's constraint of the ``focus`` rows of the weight matrix ``W`` (see
    :func:`helixnet.metrics.structural_holes.constraint`): Σ over v's partners j of
    (p_vj + Σ_q p_vq p_qj)², p the row-normalised weights; NaN without partners."""
    import scipy.sparse

    strength = np.asarray(W.sum(axis=1)).ravel()
    inverse = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0)
    P = scipy.sparse.csr_array(W.multiply(inverse[:, None]))
    mine = P[focus]  # p_vj of the focus rows
    indirect = mine @ P  # Σ_q p_vq p_qj, for every j
    local = (mine + indirect).multiply(mine != 0)  # on v's partners only
    values = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    return np.where(strength[focus] > 0, values, np.nan)
