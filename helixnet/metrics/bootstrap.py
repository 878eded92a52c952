"""Bootstrap intervals over projects: how much a cluster's profile and Leydesdorff's T
would move with another draw of projects.

A replicate resamples the window's projects with replacement (a project drawn twice
counts twice), rebuilds the collaboration graph from those projects plus the unchanged
direct ties (:func:`helixnet.metrics.incidence.projection`) and recomputes the focus
profile (:func:`helixnet.metrics.profile.focus_profile`). The interval is the percentile
interval of the replicates (Efron & Tibshirani 1993, ch. 13), at ``level`` (default 95%),
missing values left out. For Leydesdorff's T a resample of a scope's projects is a
multinomial draw of its joint presence-pattern counts (the same distribution, drawn
directly), so T's intervals cost nothing.

**Caveat.** A resample holds about 63% of the distinct projects (the rest are repeats), so
measures that count distinct partners or pairs (``degree``, the brokerage counts,
``effective_size``) are smaller in every resample: their intervals lie below the observed
value (on the embedded data Catalisti's degree is 306 with interval [278, 294]). Read those
intervals for their width (how much the count depends on which projects happened), not
their location; shares, indices and normalised measures are hardly shifted.

Every replicate ``r`` is seeded from ``(seed, stream, r)``
(:func:`helixnet.metrics.nullmodel.replicate_seeds`): the same seed gives the same
intervals on any machine.

References
----------
.. [1] Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
   Hall, ch. 13 (percentile intervals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from helixnet.errors import OptionError
from helixnet.metrics.nullmodel import Incidence, replicate_seeds

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.metrics.incidence import TwoMode

__all__ = ["resample_projects", "bootstrap_profiles", "percentile_interval", "synergy_intervals", "BOOTSTRAP_STREAM"]

#: Seed stream of the bootstrap (the null model uses stream 0).
BOOTSTRAP_STREAM = 1


def resample_projects(incidence: Incidence, seed: int) -> Incidence:
    """``incidence`` with its columns (projects) drawn with replacement: as many columns,
    column ``j`` of the result is a copy of a uniformly drawn original column."""
    rng = np.random.default_rng(int(seed))
    drawn = rng.integers(0, incidence.n_columns, size=incidence.n_columns) if incidence.n_columns else np.empty(0, int)
    by_column = incidence.to_sparse().T.tocsr()  # rows = original columns
    picked = by_column[drawn]  # one row per drawn copy
    rows, columns = picked.T.nonzero()
    return Incidence.from_pairs(rows, columns, incidence.n_rows, incidence.n_columns)


def bootstrap_profiles(two_mode: "TwoMode", focus: np.ndarray, replicates: int, seed: int,
                       workers: int | None = None, path_sources: int | None = None,
                       progress: bool = False) -> dict[str, np.ndarray]:
    """Focus profiles of ``replicates`` project resamples (default weighting ``projects``):
    per measure an array (replicate, focus row); replicates on ``workers`` threads;
    betweenness from ``path_sources`` sampled sources (all by default, see
    :func:`helixnet.metrics.profile.path_measures`)."""
    from helixnet.metrics.incidence import projection
    from helixnet.metrics.nullmodel import map_replicates
    from helixnet.metrics.profile import PROFILE_MEASURES, focus_profile
    from helixnet.progress import stage

    samples = {name: np.empty((replicates, len(focus))) for name in PROFILE_MEASURES}
    with stage("bootstrap", total=replicates, enabled=progress, unit="replicate") as bar:
        def replicate(child: int) -> dict:
            incidence = resample_projects(two_mode.incidence, child)
            A, W, _ = projection(two_mode, incidence)
            profile = focus_profile(two_mode, A, W, focus, incidence, sources=path_sources, seed=child)
            bar.update(1)
            return profile

        results = map_replicates(replicate, replicate_seeds(seed, replicates, BOOTSTRAP_STREAM), workers)
    for r, profile in enumerate(results):
        for name, values in profile.items():
            samples[name][r] = values
    return samples


def percentile_interval(samples: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile-interval bounds over axis 0, NaN-aware."""
    if not 0 < level < 1:
        raise OptionError(f"level {level!r}: expected a probability between 0 and 1")
    tail = (1.0 - level) / 2.0 * 100.0
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN
        low = np.nanpercentile(samples, tail, axis=0)
        high = np.nanpercentile(samples, 100.0 - tail, axis=0)
    return low, high


def synergy_intervals(ds: "Dataset", synergy: "pd.DataFrame", replicates: int, seed: int,
                      level: float = 0.95) -> "pd.DataFrame":
    """``synergy`` (from :func:`helixnet.metrics.synergy.synergy_table` of ``ds``) with
    bootstrap intervals: columns ``T_UIG_lo``, ``T_UIG_hi``, ``T_UIGC_lo``, ``T_UIGC_hi``
    per scope (NaN for a scope without projects)."""
    from helixnet.metrics.synergy import QUADRUPLE_HELIX_UIGC, consortium_presence, synergy_from_cells, synergy_scopes

    presence = consortium_presence(ds, helices=QUADRUPLE_HELIX_UIGC)
    codes = presence.to_numpy(dtype=np.int64) @ (1 << np.arange(4))
    position = {project: i for i, project in enumerate(presence.index)}
    scopes = {(scope, name): ids for scope, name, ids in synergy_scopes(ds)}
    table = synergy.copy()
    bounds = {column: np.full(len(table), np.nan) for column in ("T_UIG_lo", "T_UIG_hi", "T_UIGC_lo", "T_UIGC_hi")}
    seeds = replicate_seeds(seed, len(table), BOOTSTRAP_STREAM + 1)
    for k, key in enumerate(table.index):
        ids = scopes.get(key)
        if ids is None or len(ids) == 0:
            continue
        cells = np.bincount(codes[[position[i] for i in ids]], minlength=16)
        draws = np.random.default_rng(int(seeds[k])).multinomial(len(ids), cells / len(ids), size=replicates)
        t3 = [synergy_from_cells(np.bincount(np.arange(16) & 7, weights=row, minlength=8), 3) for row in draws]
        t4 = [synergy_from_cells(row, 4) for row in draws]
        for name, values in (("T_UIG", t3), ("T_UIGC", t4)):
            low, high = percentile_interval(np.asarray(values)[:, None], level)
            bounds[f"{name}_lo"][k], bounds[f"{name}_hi"][k] = low[0], high[0]
    for column, values in bounds.items():
        table[column] = values
    return table
