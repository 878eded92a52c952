"""Benchmark of the cluster baselines (degree-preserving null, bootstrap, robustness).

Usage::

    python benchmarks/baselines.py [DATA] [--replicates N] [--clusters ID,ID,...] [--mixing]
                                   [--path-sources K] [--path-error] [--workers W]

Times :func:`helixnet.metrics.evidence.cluster_evidence` on DATA (default: the embedded
data) with N null and N bootstrap replicates, and reports the time per replicate of the
null (every robustness variant) and of the bootstrap. ``--clusters`` marks organisations as
the focus (for data without cluster organisations, e.g. an import of the Belgian part of
Horizon 2020). ``--mixing`` also prints the share of the observed incidences a null sample
keeps after 1/10, 1 and 10 times the default mixing length (the default is long enough when
the last two agree). ``--path-sources K`` estimates the betweenness measures of every
replicate from K sampled sources (:func:`helixnet.metrics.profile.path_measures`; default
exact) and ``--path-error`` prints that estimate's relative standard error per focus
organisation on the observed network (20 samples). Prints wall and CPU (user + sys, all
threads) times, the peak resident memory and the machine's load average before and after:
the other processes on it matter.

Measured on 2 cores shared with five other sessions (load average 8-17, so wall times are
4-7 times the CPU time; on an idle 2-core machine expect about CPU / 2):

=========================  ============  ===========  ==============  ===========  ======
data, replicates           code          CPU          wall            per null     peak
=========================  ============  ===========  ==============  ===========  ======
default, 100 + 100         before        75.4 s       544.5 s (11-14) 0.625 s CPU  308 MB
default, 100 + 100         after         57.6 s       384.2 s (15-17) 0.452 s CPU  311 MB
BE H2020, 30 + 30, k=400   after         431.1 s      1080.6 s (8-11) 7.84 s CPU   849 MB
=========================  ============  ===========  ==============  ===========  ======

("before": commit 23f7c0d; "after": exact on the default data; on the Belgian data the
betweenness of every replicate estimated from 400 sampled sources plus the clusters'
neighbourhood, ``--path-sources 400``; bootstrap 0.148 -> 0.143 s CPU per replicate on
the default data, 1.87 s on the Belgian data.) 100 + 100 replicates on the Belgian data
extrapolate to about 970 s of CPU; exact, one shortest-path pass of that network takes
about 40 s of CPU and a null replicate needs two, i.e. hours.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(Path(__file__).resolve().parents[1] / "data"))
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--clusters", default=None, help="comma-separated organisation ids to use as focus")
    parser.add_argument("--mixing", action="store_true")
    parser.add_argument("--path-sources", type=int, default=None)
    parser.add_argument("--path-error", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--per-replicate-only", action="store_true",
                        help="skip the full run: time a few null and bootstrap replicates (large data)")
    args = parser.parse_args(argv)

    from helixnet.metrics.bootstrap import bootstrap_profiles
    from helixnet.metrics.evidence import cluster_evidence, null_profiles
    from helixnet.metrics.incidence import two_mode_arrays
    from helixnet.metrics.nullmodel import curveball, default_trades, replicate_seeds
    from helixnet.pipeline import analyse

    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    started = time.perf_counter()
    analysis = analyse(args.data)
    print(f"analyse: {time.perf_counter() - started:.1f} s, {analysis.graph.number_of_nodes():,} organisations, "
          f"{analysis.graph.number_of_edges():,} ties, {len(analysis.dataset.participations):,} participations")
    organisations = analysis.organisations
    clusters = args.clusters.split(",") if args.clusters else None
    if clusters is None and not organisations["is_cluster"].any():
        # no cluster organisations (a CORDIS import): the five "other" organisations (helix
        # burger: associations, foundations) with most partners stand in for clusters
        clusters = list(organisations[organisations["helix"] == "burger"].nlargest(5, "degree").index)
        print(f"no clusters in the data: focus on {', '.join(map(str, clusters))}")
    two_mode = two_mode_arrays(analysis.dataset, analysis.graph)
    focus = two_mode.positions(clusters or list(organisations.index[organisations["is_cluster"]]))
    options = {"workers": args.workers}
    if args.path_sources is not None:
        options["path_sources"] = args.path_sources
    if args.path_error:
        path_error(two_mode, focus, args.path_sources or max(2, len(two_mode.nodes) // 20))
    if args.per_replicate_only:
        for name, run in (("null", null_profiles), ("bootstrap", bootstrap_profiles)):
            with Timer() as timer:
                run(two_mode, focus, args.replicates, 1, **options)
            print(f"{name}: {timer.per(args.replicates)} per replicate ({args.replicates} timed)")
        return 0
    null_profiles(two_mode, focus, 1, 0, **options)  # compile (or load) the kernels once
    bootstrap_profiles(two_mode, focus, 1, 0, **options)
    with Timer() as timer:
        evidence = cluster_evidence(analysis.dataset, analysis.graph, analysis.organisations, clusters=clusters,
                                    replicates=args.replicates, synergy=analysis.synergy, **options)
    print(f"cluster_evidence: {len(focus)} focus organisations, {args.replicates} null + {args.replicates} "
          f"bootstrap replicates: {timer}")
    sample = max(2, min(10, args.replicates))
    with Timer() as null_timer:
        null_profiles(two_mode, focus, sample, 1, **options)
    with Timer() as boot_timer:
        bootstrap_profiles(two_mode, focus, sample, 1, **options)
    print(f"per replicate: null (5 variants, 2 networks) {null_timer.per(sample)}, bootstrap {boot_timer.per(sample)}")
    print(f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average now {os.getloadavg()}")
    columns = ["brokerage_t", "brokerage_b_O", "cross_helix_betweenness"]
    wide = evidence.wide
    for measure in columns:
        table = wide[[f"{measure}_null_z", f"{measure}_null_pct", f"{measure}_null_side", f"{measure}_robust"]]
        if f"{measure}_z" in analysis.organisations.columns:
            table = table.assign(sna_z=analysis.organisations.loc[wide.index, f"{measure}_z"])
        print(f"\n{measure}\n{table.to_string()}")
    if args.mixing:
        incidence = two_mode.incidence
        original = incidence.to_sparse()
        base = default_trades(incidence)
        for factor in (0.1, 1, 10):
            kept = [original.multiply(curveball(incidence, int(s), int(base * factor)).to_sparse()).sum() / original.sum()
                    for s in replicate_seeds(2, 10)]
            print(f"mixing: {factor:>4} x default ({int(base * factor):,} trades): keeps {np.mean(kept):.4f} "
                  f"± {np.std(kept):.4f} of the observed incidences")
    return 0


class Timer:
    """Wall and CPU (user + sys of this process, all threads) time of a ``with`` block."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def per(self, count: int) -> str:
        return f"{self.wall / count:.3f} s wall, {self.cpu / count:.3f} s CPU"

    def __str__(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU"


def path_error(two_mode, focus, sources: int, samples: int = 20) -> None:
    """Relative standard error of the sampled-source betweenness on the observed network."""
    from helixnet.metrics.incidence import projection
    from helixnet.metrics.profile import PATH_MEASURES, path_measures

    A = projection(two_mode)[0]
    exact = path_measures(two_mode, A, focus)
    draws = [path_measures(two_mode, A, focus, sources, seed) for seed in range(samples)]
    print(f"sampled betweenness from {sources:,} of {len(two_mode.nodes):,} sources, {samples} samples:")
    for measure in PATH_MEASURES:
        values = np.array([d[measure] for d in draws])
        with np.errstate(invalid="ignore", divide="ignore"):
            relative = values.std(axis=0, ddof=1) / exact[measure]
            bias = values.mean(axis=0) / exact[measure] - 1
        print(f"  {measure}: relative sd {np.array2string(relative, precision=3)}, "
              f"mean/exact - 1 {np.array2string(bias, precision=3)}")


if __name__ == "__main__":
    raise SystemExit(main())
