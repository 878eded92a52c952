"""Measure the scenario engine v2: the full default set (every cluster x the shipped plans).

    python benchmarks/scenarios.py [DATA] [--draws N] [--processes P] [--scheduler ADDRESS]

Runs every shipped plan (each "all clusters the same" plan covers every cluster x one of
the four scenarios; plus the mixed example) on DATA (default: the embedded data/, window:
its last five start years) with N draws per plan (default 200), each sampling every
parameter (Latin hypercube) and the random parts, on P local processes (default 2) or a
Dask scheduler. Prints the wall times of preparing, drawing, summarising (tables with
intervals, shares and drivers) and in total, and the Flux50 rows of the inkanteling plan.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(REPO / "data"))
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from helixnet.io.loader import load
    from helixnet.scenarios.engine import run_plans
    from helixnet.scenarios.summary import scenario_tables

    import resource

    started = time.perf_counter()
    dataset = load(args.data)
    loaded = time.perf_counter()
    runs = run_plans(dataset, n_draws=args.draws, seed=args.seed, processes=args.processes, scheduler=args.scheduler)
    ran = time.perf_counter()
    tables = scenario_tables(runs)
    summarised = time.perf_counter()
    ctx = runs.context
    print(f"data {args.data}: {len(dataset.projects)} projects, window {ctx.start_year}-{ctx.end_year}; "
          f"{len(ctx.plans)} plans x {len(ctx.clusters)} clusters x {args.draws} draws = "
          f"{len(ctx.plans) * args.draws} plan draws; {len(runs.parameters.columns)} parameters sampled")
    print(f"processes {args.processes}, scheduler {args.scheduler or '-'}, cores {os.cpu_count()}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"CPU: workers {children.ru_utime + children.ru_stime:.1f} s, main process {own.ru_utime + own.ru_stime:.1f} s")
    print(f"load {loaded - started:.1f} s | prepare {runs.timings['prepare_s']:.1f} s | draws {runs.timings['draws_s']:.1f} s"
          f" | tables {summarised - ran:.1f} s | total {summarised - started:.1f} s")
    results = tables["plan_results"]
    flux = results[(results["plan"] == "all-inkanteling") & (results["cluster"] == "flux50")]
    if not flux.empty:
        print(flux[["unit_before", "unit_after", "outcome", "before", "delta_mean", "delta_low", "delta_high",
                    "pct_mean", "share_down", "driver_1"]].round(2).to_string(index=False))


if __name__ == "__main__":
    main()
