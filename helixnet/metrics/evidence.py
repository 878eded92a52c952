"""Evidence a sceptic accepts: each cluster's profile against fair baselines.

:func:`cluster_evidence` is the one entry point (the CLI's ``helixnet metrics`` and the
report call it). For every cluster and every measure of the evidence profile
(:data:`helixnet.metrics.profile.PROFILE_MEASURES`) it gives:

1. **Degree-preserving null** (:mod:`helixnet.metrics.nullmodel`): ``replicates``
   curveball samples of the organisation–project incidence (each organisation keeps its
   number of projects, each project its size; with ``by_helix`` also its helix mix), the
   collaboration graph rebuilt from each with the direct ties unchanged, and the profile
   recomputed. Reported: null mean, sd (ddof 1), z = (observed − mean)/sd (NaN when
   sd = 0), the empirical percentile of the observed value among the replicates
   (``_null_pct``: % below plus half % equal) and the two-sided empirical p-value
   ``p = min(1, 2 min((1 + #{null ≤ obs}), (1 + #{null ≥ obs})) / (R + 1))``
   (Davison & Hinkley 1997, eq. 4.11). **Words by rule**: ``_null_side`` is ``above``
   when p < 0.05 and the observed value exceeds the null mean, ``below`` when p < 0.05 and
   it falls short, otherwise ``within``. This is what "more than chance" means in
   helixnet; sna's Bernoulli z (``brokerage_<role>_z`` in ``organisations.csv``) grows with
   degree and is listed beside it as "sna null (grows with degree)" only.
2. **Peers** (:mod:`helixnet.metrics.peers`): percentiles within organisations of similar
   degree, the intermediaries and the knowledge hubs.
3. **Bootstrap over projects** (:mod:`helixnet.metrics.bootstrap`): 95% percentile
   intervals of every profile measure and of Leydesdorff's T per scope.
4. **Two-mode measures** (:mod:`helixnet.metrics.twomode`) on the organisation–project
   network, with peer percentiles; the null keeps every two-mode degree, and the two-mode
   measure compared with it is ``helix_diverse_share``.
5. **Robustness** (:mod:`helixnet.metrics.robustness`): ``_rank_robust`` — the cluster's
   rank among the clusters is the same under every variant (tie weightings, large
   consortia left out); ``_robust`` — its null side (above / within / below) is the same
   under every variant (the null is recomputed in each variant from the same samples).

**Cost and the sampled estimate.** A null replicate costs one curveball sample and two
all-sources shortest-path passes (the network and the network without large consortia;
every other variant reuses them), a bootstrap replicate one pass; the ego measures are
computed for the focus rows only. The passes dominate and grow with organisations ×
ties: exact on the embedded data (measured, see ``benchmarks/baselines.py``), too slow
for 100 replicates on data of the size of the Belgian part of Horizon 2020 (one exact
pass ≈ 100 s of CPU on its 18,442 organisations and 506,646 ties). There
``path_sources`` = k estimates the three betweenness measures of every replicate from the
clusters' own neighbourhood (always searched: the sources whose paths depend most on a
cluster) and k of the other m organisations drawn without replacement, each weighted m/k
(stratified Horvitz–Thompson: unbiased; :func:`helixnet.metrics.profile.path_measures`).
The observed values stay exact. Measured on the Belgian data (5 clusters, k = 400, 10
samples, ``--path-error``): relative sd 1.2–3.8% for ``betweenness``, 1.6–3.4% for
``cross_helix_betweenness``, 2–17% for ``sme_knowledge_betweenness`` (SME sources are
few); uniform sampling without the neighbourhood stratum gave 23–51%, 27–46% and 36–264%.
The estimate's variance adds to the null variance, so ``_null_sd`` then holds both
(sd² = null variance + estimation variance, the sample being drawn independently of the
null matrix) and z and p are conservative; ``benchmarks/baselines.py --path-error``
prints the estimate's relative sd per cluster (the settings record k).

Randomness: replicate r of the null uses seed stream 0 and of the bootstrap stream 1 of
``numpy.random.SeedSequence((seed, stream))``, so results depend only on ``seed`` and the
number of replicates, never on the number of threads.

References
----------
.. [1] Strona, G. et al. (2014). A fast and unbiased procedure to randomize ecological
   binary matrices with fixed row and column totals. *Nature Communications* 5, 4114.
.. [2] Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
   Cambridge University Press, ch. 4.
.. [3] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. *Sociological
   Methodology* 19, 89–126 (the Bernoulli null that sna implements).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.metrics.incidence import TwoMode

__all__ = ["ClusterEvidence", "cluster_evidence", "null_profiles", "null_statistics", "DEFAULT_REPLICATES",
           "LONG_COLUMNS", "SIGNIFICANCE", "SNA_NULL_LABEL"]

#: Default number of null-model and bootstrap replicates.
DEFAULT_REPLICATES = 100
#: Two-sided empirical p below which ``_null_side`` says ``above`` or ``below``.
SIGNIFICANCE = 0.05
#: How sna's Bernoulli z-scores are labelled wherever they appear next to the null.
SNA_NULL_LABEL = "sna null (grows with degree)"
#: Columns of the long table (``cluster_evidence.csv``).
LONG_COLUMNS = ("cluster", "measure", "observed", "baseline", "statistic", "value")
#: Null statistics per measure, as column suffixes of the wide table.
NULL_STATISTICS = ("null_mean", "null_sd", "null_z", "null_pct", "null_p")


@dataclass(frozen=True)
class ClusterEvidence:
    """The result of :func:`cluster_evidence`.

    Attributes
    ----------
    wide : pandas.DataFrame
        One row per cluster (index ``id``), to join onto ``clusters.csv``: for every measure
        ``m`` of the profile, ``m`` itself when ``organisations.csv`` lacks it
        (``helix_diverse_share``), ``m_null_mean``, ``m_null_sd``, ``m_null_z``,
        ``m_null_pct``, ``m_null_p``, ``m_null_side`` (above / within / below, the rule
        of the module docstring), ``m_pct_<group>`` per peer group (measures present in
        ``organisations.csv``), ``m_boot_lo`` and ``m_boot_hi``, ``m_rank_robust`` and
        ``m_robust``; then ``peers_<group>`` (group sizes), ``null_replicates`` and
        ``bootstrap_replicates``; and the two-mode measures of
        :mod:`helixnet.metrics.twomode` (``two_mode_degree``, ``two_mode_closeness``,
        ``two_mode_betweenness``, ``opsahl_degree``) with their peer percentiles.
    long : pandas.DataFrame
        ``cluster_evidence.csv``: columns :data:`LONG_COLUMNS`, one row per cluster,
        measure, baseline and statistic. Baselines: ``degree-preserving null`` (statistics
        mean, sd, z, pct, p, side), ``peers: <group>`` (pct, n), ``bootstrap over
        projects`` (lo, hi), ``variant: <name>`` (value, rank), ``all variants``
        (rank_robust, robust) and, for brokerage, :data:`SNA_NULL_LABEL` (z). Leydesdorff
        T per cluster portfolio appears as measures ``T_UIG`` and ``T_UIGC`` with the
        bootstrap baseline.
    synergy : pandas.DataFrame or None
        The synergy table with ``T_UIG_lo/hi`` and ``T_UIGC_lo/hi`` (None without one).
    settings : dict
        Replicates, seed, strata, trades per replicate, large-consortium threshold,
        degree band, interval level.
    null_samples : dict
        variant -> measure -> array (replicate, cluster) of the null profiles, for figures.
    """

    wide: "pd.DataFrame"
    long: "pd.DataFrame"
    synergy: "pd.DataFrame | None"
    settings: dict
    null_samples: dict = field(repr=False, default_factory=dict)


def null_profiles(two_mode: "TwoMode", focus: np.ndarray, replicates: int, seed: int, *, by_helix: bool = False,
                  trades: int | None = None, large_consortium: int | None = None, workers: int | None = None,
                  path_sources: int | None = None, progress: bool = False) -> dict[str, dict[str, np.ndarray]]:
    """Profiles of ``replicates`` curveball samples in every robustness variant:
    variant -> measure -> array (replicate, focus row); replicates on ``workers`` threads
    (:func:`~helixnet.metrics.nullmodel.map_replicates`, same result for any number);
    the betweenness measures from ``path_sources`` sampled sources per replicate (all by
    default; see :func:`helixnet.metrics.profile.path_measures`)."""
    from helixnet.metrics.nullmodel import curveball, map_replicates, replicate_seeds
    from helixnet.metrics.profile import PROFILE_MEASURES
    from helixnet.metrics.robustness import LARGE_CONSORTIUM, VARIANTS, variant_profiles
    from helixnet.progress import stage

    large = LARGE_CONSORTIUM if large_consortium is None else large_consortium
    strata = two_mode.codes if by_helix else None
    samples = {v: {m: np.empty((replicates, len(focus))) for m in PROFILE_MEASURES} for v in VARIANTS}
    with stage("null model", total=replicates, enabled=progress, unit="replicate") as bar:
        def replicate(child: int) -> dict:
            profiles = variant_profiles(two_mode, focus, curveball(two_mode.incidence, child, trades, strata), large,
                                        path_sources, child)
            bar.update(1)
            return profiles

        results = map_replicates(replicate, replicate_seeds(seed, replicates, 0), workers)
    for r, profiles in enumerate(results):
        for variant, profile in profiles.items():
            for measure, values in profile.items():
                samples[variant][measure][r] = values
    return samples


def null_statistics(observed: np.ndarray, samples: np.ndarray) -> dict[str, np.ndarray]:
    """Null mean, sd, z, percentile, two-sided empirical p and side of ``observed`` (one
    value per column) against ``samples`` (replicate, column); missing replicates left out."""
    import warnings

    valid = ~np.isnan(samples)
    count = valid.sum(axis=0).astype(np.float64)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(samples, axis=0)
        sd = np.nanstd(samples, axis=0, ddof=1)
        z = np.where(sd > 0, (observed - mean) / sd, np.nan)
        below = np.sum(valid & (samples < observed), axis=0)
        equal = np.sum(valid & (samples == observed), axis=0)
        pct = 100.0 * (below + 0.5 * equal) / count
        at_most, at_least = below + equal, count - below
        p = np.minimum(1.0, 2.0 * np.minimum(1 + at_most, 1 + at_least) / (count + 1))
    missing = np.isnan(observed) | (count == 0)
    pct, p = np.where(missing, np.nan, pct), np.where(missing, np.nan, p)
    side = np.where(missing | ~(p < SIGNIFICANCE), "within", np.where(observed > mean, "above", "below"))
    side = np.where(missing, "", side)
    return {"null_mean": mean, "null_sd": sd, "null_z": z, "null_pct": pct, "null_p": p, "null_side": side}


def cluster_evidence(dataset: "Dataset", graph: "nx.Graph", organisations: "pd.DataFrame", *,
                     clusters=None, seed: int = 0, replicates: int = DEFAULT_REPLICATES,
                     bootstrap_replicates: int | None = None, by_helix: bool = False, trades: int | None = None,
                     large_consortium: int | None = None, band: float | None = None, level: float = 0.95,
                     synergy: "pd.DataFrame | None" = None, workers: int | None = None,
                     path_sources: int | None = None, progress: bool = False) -> ClusterEvidence:
    """Every cluster's profile against the degree-preserving null, its peers, a bootstrap
    over projects and other weightings (see the module docstring).

    Parameters
    ----------
    dataset : Dataset
        The loaded data.
    graph : networkx.Graph
        Its collaboration graph (:func:`helixnet.collaboration_graph`), any year window.
    organisations : pandas.DataFrame
        ``organisation_metrics(graph)`` (for the peers and sna's z-scores).
    clusters : sequence, optional
        Focus organisations; default the graph's cluster organisations (``is_cluster``).
    seed : int, default 0
        Master seed (null model, bootstrap and T intervals).
    replicates : int, default :data:`DEFAULT_REPLICATES`
        Null-model samples.
    bootstrap_replicates : int, optional
        Bootstrap resamples; default ``replicates``.
    by_helix : bool, default False
        Trade projects only between organisations of one helix (each project keeps its helix mix).
    trades : int, optional
        Curveball trades per sample; default :func:`helixnet.metrics.nullmodel.default_trades`.
    large_consortium : int, optional
        Size above which projects are left out in the ``without_large`` variant (default
        :data:`helixnet.metrics.robustness.LARGE_CONSORTIUM`).
    band : float, optional
        Half-width of the degree band of the peers (default 0.25).
    level : float, default 0.95
        Level of the bootstrap intervals.
    synergy : pandas.DataFrame, optional
        ``synergy_table`` of the same window; returned with bootstrap intervals.
    workers : int, optional
        Threads running replicates (default: numba's thread count); the result is the same
        for any number.
    path_sources : int, optional
        Estimate the betweenness measures of every null and bootstrap replicate from this
        many sampled source organisations (see :func:`helixnet.metrics.profile.path_measures`
        and the module docstring); default all (exact). The observed values stay exact.
    progress : bool, default False
        Progress bars.

    Returns
    -------
    ClusterEvidence

    Raises
    ------
    OptionError
        On fewer than 2 replicates, a negative seed, an unknown cluster id or an invalid
        option value.
    """
    import pandas as pd

    from helixnet.graph import dataset_in_window
    from helixnet.metrics.bootstrap import bootstrap_profiles, percentile_interval, synergy_intervals
    from helixnet.metrics.incidence import two_mode_arrays
    from helixnet.metrics.peers import DEFAULT_BAND, PEER_GROUPS, peer_percentiles
    from helixnet.metrics.profile import PROFILE_MEASURES
    from helixnet.metrics.robustness import LARGE_CONSORTIUM, VARIANTS, rank_robust, variant_profiles
    from helixnet.metrics.nullmodel import default_trades
    from helixnet.metrics.twomode import TWO_MODE_COLUMNS, two_mode_measures

    bootstrap_replicates = replicates if bootstrap_replicates is None else bootstrap_replicates
    for name, value in (("replicates", replicates), ("bootstrap_replicates", bootstrap_replicates)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise OptionError(f"{name} {value!r}: expected a whole number >= 2")
    if path_sources is not None and (isinstance(path_sources, bool) or not isinstance(path_sources, (int, np.integer))
                                     or path_sources < 1):
        raise OptionError(f"path_sources {path_sources!r}: expected a whole number of source organisations >= 1")
    large = LARGE_CONSORTIUM if large_consortium is None else large_consortium
    if isinstance(large, bool) or not isinstance(large, (int, np.integer)) or large < 2:
        raise OptionError(f"large_consortium {large!r}: expected a whole number of participants >= 2")
    band = DEFAULT_BAND if band is None else band
    if clusters is None:
        clusters = list(organisations.index[organisations["is_cluster"].astype(bool)])
    clusters = list(clusters)
    if not clusters:
        return ClusterEvidence(wide=pd.DataFrame(index=pd.Index([], name="id")),
                               long=pd.DataFrame(columns=list(LONG_COLUMNS)), synergy=synergy, settings={})
    two_mode = two_mode_arrays(dataset, graph)
    focus = two_mode.positions(clusters)

    observed = variant_profiles(two_mode, focus, large_consortium=large)
    nulls = null_profiles(two_mode, focus, replicates, seed, by_helix=by_helix, trades=trades,
                          large_consortium=large, workers=workers, path_sources=path_sources, progress=progress)
    boot = bootstrap_profiles(two_mode, focus, bootstrap_replicates, seed, workers=workers, path_sources=path_sources,
                              progress=progress)
    ranks = rank_robust(observed)
    two_mode_table = two_mode_measures(dataset, graph)
    with_two_mode = organisations.join(two_mode_table[[c for c in TWO_MODE_COLUMNS if c not in organisations.columns]])
    peer_measures = [m for m in PROFILE_MEASURES if m in organisations.columns]
    peers = peer_percentiles(with_two_mode, clusters, [*peer_measures, *TWO_MODE_COLUMNS], band)

    wide: dict[str, object] = {}
    long_rows: list[tuple] = []
    null_name = "degree-preserving null" + (" within helices" if by_helix else "")
    published = observed["published"]
    for measure in PROFILE_MEASURES:
        value = published[measure]
        if measure not in organisations.columns:
            wide[measure] = value
        per_variant = {v: null_statistics(observed[v][measure], nulls[v][measure]) for v in VARIANTS}
        stats = per_variant["published"]
        for statistic in (*NULL_STATISTICS, "null_side"):
            wide[f"{measure}_{statistic}"] = stats[statistic]
        for group in PEER_GROUPS:
            if measure in peer_measures:
                wide[f"{measure}_pct_{group}"] = peers[f"{measure}_pct_{group}"].to_numpy()
        low, high = percentile_interval(boot[measure], level)
        wide[f"{measure}_boot_lo"], wide[f"{measure}_boot_hi"] = low, high
        sides = np.array([per_variant[v]["null_side"] for v in VARIANTS])
        robust = np.all(sides == sides[0], axis=0) & np.all(sides != "", axis=0)
        wide[f"{measure}_rank_robust"] = ranks[measure]
        wide[f"{measure}_robust"] = robust
        for i, cluster in enumerate(clusters):
            obs = float(value[i])
            for statistic in NULL_STATISTICS:
                long_rows.append((cluster, measure, obs, null_name, statistic.removeprefix("null_"),
                                  float(stats[statistic][i])))
            long_rows.append((cluster, measure, obs, null_name, "side", stats["null_side"][i]))
            for group, text in PEER_GROUPS.items():
                if measure in peer_measures:
                    label = "peers: " + text.format(band=band)
                    long_rows.append((cluster, measure, obs, label, "pct", float(peers.at[cluster, f"{measure}_pct_{group}"])))
                    long_rows.append((cluster, measure, obs, label, "n", float(peers.at[cluster, f"peers_{group}"])))
            long_rows.append((cluster, measure, obs, "bootstrap over projects", f"lo{level:.0%}", float(low[i])))
            long_rows.append((cluster, measure, obs, "bootstrap over projects", f"hi{level:.0%}", float(high[i])))
            for variant, text in VARIANTS.items():
                label = f"variant {variant}: " + text.format(large=large)
                variant_rank = pd.Series(observed[variant][measure]).rank(method="min").to_numpy()
                long_rows.append((cluster, measure, obs, label, "value", float(observed[variant][measure][i])))
                long_rows.append((cluster, measure, obs, label, "rank", float(variant_rank[i])))
                long_rows.append((cluster, measure, obs, label, "null_side", per_variant[variant]["null_side"][i]))
            long_rows.append((cluster, measure, obs, "all variants", "rank_robust", bool(ranks[measure][i])))
            long_rows.append((cluster, measure, obs, "all variants", "robust", bool(robust[i])))
            if measure.startswith("brokerage_") and f"{measure}_z" in organisations.columns:
                long_rows.append((cluster, measure, obs, SNA_NULL_LABEL, "z",
                                  float(organisations.at[cluster, f"{measure}_z"])))
    for measure in TWO_MODE_COLUMNS:  # observed and peers only: its degree is what the null keeps
        wide[measure] = two_mode_table.loc[clusters, measure].to_numpy()
        for group, text in PEER_GROUPS.items():
            wide[f"{measure}_pct_{group}"] = peers[f"{measure}_pct_{group}"].to_numpy()
            for cluster in clusters:
                obs = float(two_mode_table.at[cluster, measure])
                label = "peers: " + text.format(band=band)
                long_rows.append((cluster, measure, obs, label, "pct", float(peers.at[cluster, f"{measure}_pct_{group}"])))
                long_rows.append((cluster, measure, obs, label, "n", float(peers.at[cluster, f"peers_{group}"])))
    table = pd.DataFrame(wide, index=pd.Index(clusters, name="id"))
    for group in PEER_GROUPS:
        table[f"peers_{group}"] = peers[f"peers_{group}"].to_numpy()
    table["null_replicates"] = replicates
    table["bootstrap_replicates"] = bootstrap_replicates

    with_intervals = None
    if synergy is not None:
        window = dataset_in_window(dataset, graph.graph.get("start_year"), graph.graph.get("end_year"))
        with_intervals = synergy_intervals(window, synergy, bootstrap_replicates, seed, level)
        for cluster in clusters:
            key = ("cluster", str(cluster))
            if key not in with_intervals.index:
                continue
            row = with_intervals.loc[key]
            for name in ("T_UIG", "T_UIGC"):
                for statistic, column in ((f"lo{level:.0%}", f"{name}_lo"), (f"hi{level:.0%}", f"{name}_hi")):
                    long_rows.append((cluster, name, float(row[name]), "bootstrap over projects", statistic,
                                      float(row[column])))
    long = pd.DataFrame(long_rows, columns=list(LONG_COLUMNS))
    settings = {
        "null_model": "curveball (Strona et al. 2014)" + (", within helices" if by_helix else ""),
        "null_replicates": replicates,
        "bootstrap_replicates": bootstrap_replicates,
        "seed": seed,
        "trades_per_replicate": default_trades(two_mode.incidence) if trades is None else trades,
        "large_consortium": large,
        "path_sources": "all (exact)" if path_sources is None else path_sources,
        "degree_band": band,
        "interval_level": level,
        "significance": SIGNIFICANCE,
    }
    return ClusterEvidence(wide=table, long=long, synergy=with_intervals, settings=settings, null_samples=nulls)
