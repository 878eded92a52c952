"""Measure the scenario engine v2: the full default set (every cluster x the shipped plans).

    python benchmarks/scenarios.py [DATA] [--draws N] [--processes P] [--scheduler ADDRESS]

Runs every shipped plan (each "all clusters the same" plan covers every cluster x one of
the four scenarios; plus the mixed example) on DATA (default: the embedded data/, window:
its last five start years) with N draws per plan (default 200), each sampling every
parameter (Latin hypercube) and the random parts, on P local processes (default 2) or a
Dask scheduler. With ``--mark-clusters K`` (for imported data without clusters, such as
the BE subset of H2020) the K organisations of helix ``burger`` (CORDIS "OTH":
associations, networks) of country ``--country`` with the most projects are marked as
clusters (helix ``intermediair``, kind ``cluster``) and their projects as facilitated by
them. Prints the wall times of preparing, drawing, summarising (tables with
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
    parser.add_argument("--mark-clusters", type=int, default=0)
    parser.add_argument("--country", default="BE")
    args = parser.parse_args()

    from helixnet.io.loader import load
    from helixnet.scenarios.engine import run_plans
    from helixnet.scenarios.summary import scenario_tables

    import resource

    started = time.perf_counter()
    dataset = load(args.data)
    if args.mark_clusters:
        dataset = mark_clusters(dataset, args.mark_clusters, args.country)
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


def mark_clusters(dataset, k: int, country: str):
    """``dataset`` with the k busiest citizen-helix organisations of ``country`` as clusters."""
    from dataclasses import replace

    orgs = dataset.organisations.copy()
    parts = dataset.participations
    counts = parts.groupby("org_id")["project_id"].nunique()
    candidates = orgs.index[(orgs["helix"] == "burger") & (orgs.get("country") == country)]
    chosen = counts.reindex(candidates).fillna(0).sort_values(ascending=False, kind="stable").index[:k]
    orgs.loc[chosen, "helix"] = "intermediair"
    orgs.loc[chosen, "kind"] = "cluster"
    projects = dataset.projects.copy()
    projects["cluster_id"] = projects["cluster_id"].astype(object)
    for cluster in chosen:
        own = parts.loc[parts["org_id"] == cluster, "project_id"]
        projects.loc[projects.index.isin(own) & projects["cluster_id"].isna(), "cluster_id"] = cluster
    print(f"marked as clusters: {', '.join(chosen)}")
    return replace(dataset, organisations=orgs, projects=projects)


if __name__ == "__main__":
    main()
