"""How long ``helixnet report`` takes, stage by stage, with peak memory.

Usage::

    python benchmarks/report.py [--csv PATH] [--runs N] [--skip-h2020] [--skip-scenarios]

Times the report on the embedded default data and on the Belgian subset of Horizon 2020
(``h2020.csv`` imported with ``helixnet import table --mapping h2020 --country BE``, as in
:mod:`benchmarks.h2020`; public CORDIS data, (c) European Union, CC BY 4.0), each without and
with ``--scenarios --runs N``. Every configuration runs in its own process, so each peak
resident memory is that configuration's own. The stages are the library calls the CLI
makes: ``analyse`` (load, graph, every metric table and, in the current code, the
communities and per-period series), the scenario runs, and ``write_report`` (maps, HTML,
PDF, figures, tables, Gephi files); the last line of each block is the end-to-end total.
Each stage shows its wall time and the CPU time of the process (all its threads), which
says more than the wall time on a machine shared with other work.
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


def one_configuration(data: str, out: str, runs: int) -> None:
    """Run the report's stages in this process and print them as JSON lines."""
    from helixnet import pipeline

    def timed(name, function, *args, **kwargs):
        started, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        print(json.dumps({"stage": name, "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                          "peak_mb": peak_mb()}), flush=True)
        return result

    started, cpu = time.perf_counter(), time.process_time()
    if hasattr(pipeline, "ScenarioRequest"):  # analysis first (this code): everything computed before writing
        from helixnet.analysis import ScenarioRequest, run_requested_scenarios

        analysis = timed("analyse", pipeline.analyse, data, communities=True, periods=True, seed=0)
        if runs:
            analysis.scenarios = timed("scenarios", run_requested_scenarios, analysis.dataset, analysis.graph,
                                       ScenarioRequest(n_runs=runs), seed=0)
        timed("write_report", pipeline.write_report, analysis, out)
    else:  # the code before: communities and per-period series computed while writing
        analysis = timed("analyse", pipeline.analyse, data)
        results = None
        if runs:
            results = timed("scenarios", pipeline.run_scenario_analysis, analysis.dataset, n_runs=runs, seed=0)
        timed("write_report", pipeline.write_report, analysis, out, scenario_results=results, seed=0)
    print(json.dumps({"stage": "total", "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                      "peak_mb": peak_mb()}), flush=True)


def run_child(data: Path, out: Path, runs: int) -> list[dict]:
    """One configuration in a fresh process; its stage lines."""
    child = subprocess.run([sys.executable, __file__, "--child", str(data), str(out), str(runs)],
                           capture_output=True, text=True, env={**os.environ, "HELIXNET_PROGRESS": "0"})
    if child.returncode != 0:
        raise SystemExit(f"report of {data} failed:\n{child.stderr}")
    return [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        one_configuration(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="the h2020.csv participation table")
    parser.add_argument("--runs", type=int, default=20, help="Monte Carlo runs with --scenarios")
    parser.add_argument("--skip-h2020", action="store_true", help="only the default data")
    parser.add_argument("--skip-scenarios", action="store_true", help="only the reports without scenarios")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="helixnet-report-bench-") as tmp:
        datasets = [("default data", REPO / "data")]
        if not args.skip_h2020:
            if not args.csv.is_file():
                raise SystemExit(f"{args.csv}: no such file (pass --csv PATH/TO/h2020.csv or --skip-h2020)")
            be = Path(tmp) / "h2020-be"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "helixnet", "import", "table", str(args.csv), "--mapping", "h2020",
                            "--country", "BE", "--data", str(be)], check=True, capture_output=True,
                           env={**os.environ, "HELIXNET_PROGRESS": "0"})
            print(f"imported the BE subset of H2020 in {time.perf_counter() - started:.1f} s")
            datasets.append(("H2020 BE subset", be))
        for label, data in datasets:
            for runs in (0,) if args.skip_scenarios else (0, args.runs):
                title = f"{label}" + (f", --scenarios --runs {runs}" if runs else "")
                print(f"\n{title}")
                for line in run_child(data, Path(tmp) / f"out-{len(title)}-{runs}", runs):
                    print(f"  {line['stage']:<14} {line['seconds']:>8.2f} s wall {line['cpu']:>8.2f} s CPU   "
                          f"peak {line['peak_mb']:>7,.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
