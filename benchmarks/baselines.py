"""Benchmark of the cluster baselines (degree-preserving null, bootstrap, robustness).

Usage::

    python benchmarks/baselines.py [DATA] [--replicates N] [--clusters ID,ID,...] [--mixing]

Times :func:`helixnet.metrics.evidence.cluster_evidence` on DATA (default: the embedded
data) with N null and N bootstrap replicates, and reports the time per replicate of the
null (every robustness variant) and of the bootstrap. ``--clusters`` marks organisations as
the focus (for data without cluster organisations, e.g. an import of the Belgian part of
Horizon 2020). ``--mixing`` also prints the share of the observed incidences a null sample
keeps after 1/10, 1 and 10 times the default mixing length (the default is long enough when
the last two agree). Prints the machine's load average: the other processes on it matter.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(Path(__file__).resolve().parents[1] / "data"))
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--clusters", default=None, help="comma-separated organisation ids to use as focus")
    parser.add_argument("--mixing", action="store_true")
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
    if args.per_replicate_only:
        for name, run in (("null", null_profiles), ("bootstrap", bootstrap_profiles)):
            started = time.perf_counter()
            run(two_mode, focus, args.replicates, 1)
            print(f"{name}: {(time.perf_counter() - started) / args.replicates:.1f} s per replicate "
                  f"({args.replicates} timed)")
        return 0
    null_profiles(two_mode, focus, 1, 0)  # compile (or load) the kernels once
    bootstrap_profiles(two_mode, focus, 1, 0)
    started = time.perf_counter()
    evidence = cluster_evidence(analysis.dataset, analysis.graph, analysis.organisations, clusters=clusters,
                                replicates=args.replicates, synergy=analysis.synergy)
    total = time.perf_counter() - started
    print(f"cluster_evidence: {len(focus)} focus organisations, {args.replicates} null + {args.replicates} "
          f"bootstrap replicates in {total:.1f} s")
    sample = max(2, min(10, args.replicates))
    started = time.perf_counter()
    null_profiles(two_mode, focus, sample, 1)
    per_null = (time.perf_counter() - started) / sample
    started = time.perf_counter()
    bootstrap_profiles(two_mode, focus, sample, 1)
    per_boot = (time.perf_counter() - started) / sample
    print(f"per replicate: null (5 variants, 2 networks) {per_null:.2f} s, bootstrap {per_boot:.2f} s")
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


if __name__ == "__main__":
    raise SystemExit(main())
