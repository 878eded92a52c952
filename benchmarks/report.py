"""How long ``helixnet report`` takes, stage by stage, with peak memory.

Usage::

    python benchmarks/report.py [--csv PATH | --be-data DIR] [--runs N] [--replicates N]
                                [--modes plain,v1,full] [--skip-h2020] [--skip-scenarios]

Times the report on the embedded default data and on the Belgian subset of Horizon 2020
(``h2020.csv`` imported with ``helixnet import table --mapping h2020 --country BE``, as in
:mod:`benchmarks.h2020`, or a prepared ``--be-data`` directory; public CORDIS data, (c)
European Union, CC BY 4.0), in three modes: ``plain`` (no scenarios, no baselines),
``v1`` (the graph-level scenarios with ``--runs``, as ``--scenarios`` ran before the plans;
comparable with older code) and ``full`` (the report's defaults today: the
degree-preserving baselines and the scenario plans). Every configuration runs in its own process, so each peak
resident memory is that configuration's own. The stages are the library calls the CLI
makes: ``analyse`` (load, graph, every metric table and, in the current code, the
communities and per-period series), the scenario runs, and ``write_report`` (maps, HTML,
PDF, figures, tables, Gephi files); the last line of each block is the end-to-end total.
Each stage shows its wall time and the CPU time of the process (all its threads) and of the
child processes it waited for (the report's second processes, the scenario workers), which
says more than the wall time on a machine shared with other work; the peak memory is the
process's own, and the largest of its children's beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "cordis" / "h2020" / "h2020.csv"


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_peak_mb() -> float:
    """The largest peak resident set size of the finished child processes (the report's
    second processes, the scenario workers), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user + system)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def one_configuration(data: str, out: str, runs: int, mode: str = "plain", replicates: int = 0) -> None:
    """Run the report's stages in this process and print them as JSON lines.

    ``mode``: ``plain`` (no scenarios, no baselines), ``v1`` (the graph-level scenarios with
    ``runs`` Monte Carlo runs, as ``--scenarios`` ran them before the plans), ``full`` (what
    ``helixnet report`` does by default now: the degree-preserving baselines with
    ``replicates`` samples and the scenario plans with ``runs`` draws each)."""
    from helixnet import pipeline

    def timed(name, function, *args, **kwargs):
        started, cpu = time.perf_counter(), cpu_seconds()
        result = function(*args, **kwargs)
        print(json.dumps({"stage": name, "seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu,
                          "peak_mb": peak_mb(), "child_peak_mb": child_peak_mb()}), flush=True)
        return result

    started, cpu = time.perf_counter(), cpu_seconds()
    if hasattr(pipeline, "ScenarioRequest"):  # analysis first (this code): everything computed before writing
        from helixnet import analysis as stages

        analysis = timed("analyse", pipeline.analyse, data, communities=True, periods=True, seed=0,
                         **({"themes": True} if hasattr(stages, "PlanRequest") else {}))
        if mode == "v1" and runs:
            analysis.scenarios = timed("scenarios v1", stages.run_requested_scenarios, analysis.dataset,
                                       analysis.graph, stages.ScenarioRequest(n_runs=runs), seed=0)
        if mode == "full":
            if replicates:
                analysis = timed("baselines", stages.with_evidence, analysis, replicates=replicates, seed=0)
            if runs and len(analysis.dataset.clusters):
                analysis.plans, analysis.plan_tables = timed(
                    "plans", stages.run_requested_plans, analysis.dataset, stages.PlanRequest(n_draws=runs), seed=0)
        timed("write_report", pipeline.write_report, analysis, out)
    else:  # the code before: communities and per-period series computed while writing
        analysis = timed("analyse", pipeline.analyse, data)
        results = None
        if mode == "v1" and runs:
            results = timed("scenarios v1", pipeline.run_scenario_analysis, analysis.dataset, n_runs=runs, seed=0)
        timed("write_report", pipeline.write_report, analysis, out, scenario_results=results, seed=0)
    print(json.dumps({"stage": "total", "seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu,
                      "peak_mb": peak_mb(), "child_peak_mb": child_peak_mb()}), flush=True)


def run_child(data: Path, out: Path, runs: int, mode: str = "plain", replicates: int = 0) -> list[dict]:
    """One configuration in a fresh process; its stage lines."""
    child = subprocess.run([sys.executable, __file__, "--child", str(data), str(out), str(runs), mode, str(replicates)],
                           capture_output=True, text=True, env={**os.environ, "HELIXNET_PROGRESS": "0"})
    if child.returncode != 0:
        raise SystemExit(f"report of {data} failed:\n{child.stderr}")
    return [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        one_configuration(sys.argv[2], sys.argv[3], int(sys.argv[4]), *sys.argv[5:6], *map(int, sys.argv[6:7]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the h2020.csv participation table")
    parser.add_argument("--runs", type=int, default=20, help="Monte Carlo runs with --scenarios")
    parser.add_argument("--skip-h2020", action="store_true", help="only the default data")
    parser.add_argument("--skip-scenarios", action="store_true", help="only the reports without scenarios")
    parser.add_argument("--be-data", type=Path, default=None,
                        help="an imported BE data directory (e.g. with names and marked clusters) instead of "
                             "importing --csv")
    parser.add_argument("--modes", default="plain,v1,full",
                        help="comma-separated: plain (no scenarios, no baselines), v1 (graph-level scenarios, "
                             "--runs), full (the report's defaults: baselines and plans)")
    parser.add_argument("--replicates", type=int, default=100, help="null-model samples in mode full")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="helixnet-report-bench-") as tmp:
        datasets = [("default data", REPO / "data")]
        if args.be_data is not None:
            datasets.append(("H2020 BE subset", args.be_data))
        elif not args.skip_h2020:
            if not args.csv.is_file():
                raise SystemExit(f"{args.csv}: no such file (pass --csv PATH/TO/h2020.csv or --skip-h2020)")
            be = Path(tmp) / "h2020-be"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "helixnet", "import", "table", str(args.csv), "--mapping", "h2020",
                            "--country", "BE", "--data", str(be)], check=True, capture_output=True,
                           env={**os.environ, "HELIXNET_PROGRESS": "0"})
            print(f"imported the BE subset of H2020 in {time.perf_counter() - started:.1f} s")
            datasets.append(("H2020 BE subset", be))
        modes = ["plain"] if args.skip_scenarios else args.modes.split(",")
        for label, data in datasets:
            for mode in modes:
                title = {"plain": f"{label}", "v1": f"{label}, v1 scenarios --runs {args.runs}",
                         "full": f"{label}, report defaults: baselines ({args.replicates} null samples) and plans "
                                 f"({args.runs} draws)"}[mode]
                print(f"\n{title}")
                for line in run_child(data, Path(tmp) / f"out-{mode}-{len(label)}", args.runs, mode, args.replicates):
                    children = line.get("child_peak_mb", 0.0)
                    print(f"  {line['stage']:<14} {line['seconds']:>8.2f} s wall {line['cpu']:>8.2f} s CPU   "
                          f"peak {line['peak_mb']:>7,.0f} MB" + (f" (second processes {children:,.0f} MB)"
                                                                 if children else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
