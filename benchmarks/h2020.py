"""All of Horizon 2020 on a laptop: time every metric on the full CORDIS H2020 data.

Usage::

    python benchmarks/h2020.py [--csv PATH] [--ball N] [--skip-references]

Imports ``h2020.csv`` (default ``../shared/data/cordis/h2020/h2020.csv`` beside the
checkout: public CORDIS data, (c) European Union, CC BY 4.0) into a temporary data
directory with ``helixnet import table --mapping h2020``, builds the collaboration graph and
computes every organisation, cluster and network measure stage by stage, exact and
approximate, printing the wall time of each stage and the process's peak resident memory
so far. Then, in the same run:

* ``helixnet metrics`` end to end, exact and ``--approximate`` (each in its own process,
  with that process's peak memory);
* plain igraph exact betweenness (single-threaded) on the full graph against helixnet's
  exact betweenness (ratio, and the largest difference between the two);
* naive networkx (betweenness, closeness, harmonic closeness) on a breadth-first ball of
  ``--ball`` organisations of the graph against helixnet on the same subgraph (ratio).

``--skip-references`` leaves out the igraph and networkx runs (minutes).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "cordis" / "h2020" / "h2020.csv"


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Run and time named stages, printing one line each."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def run(self, name: str, function, *args, **kwargs):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = time.perf_counter() - started
        self.times[name] = elapsed
        print(f"  {name:<52} {elapsed:>8.2f} s   peak {peak_mb():>7,.0f} MB", flush=True)
        return result


def command(args: list[str]) -> tuple[float, float, str]:
    """Run ``python -m helixnet ARGS``; wall time, the child's peak memory (MB) and output."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "helixnet", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, env={**os.environ, "HELIXNET_PROGRESS": "0"})
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"helixnet {' '.join(args)} failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output


def ball(G, size: int):
    """The ``size`` organisations nearest (breadth-first) to the best-connected one."""
    import networkx as nx

    centre = max(G.degree, key=lambda item: item[1])[0]
    nodes = []
    for layer in nx.bfs_layers(G, [centre]):
        nodes.extend(sorted(layer, key=str)[: size - len(nodes)])
        if len(nodes) >= size:
            break
    return G.subgraph(nodes).copy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT, help="the h2020.csv participation table")
    parser.add_argument("--ball", type=int, default=2000, help="organisations in the networkx subgraph")
    parser.add_argument("--skip-references", action="store_true", help="skip the igraph and networkx runs")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        raise SystemExit(f"{args.csv}: no such file (pass --csv PATH/TO/h2020.csv)")

    import igraph
    import networkx as nx
    import numba
    import numpy as np

    import helixnet
    from helixnet.graph import collaboration_graph, dataset_in_window
    from helixnet.io.loader import load
    from helixnet.metrics import bridging, brokerage, centrality, mixing, paths, structural_holes, synergy
    from helixnet.metrics import table as table_module
    from helixnet.metrics._engine import to_igraph
    from helixnet.metrics.sampling import Approximation
    from helixnet.metrics.table import cluster_metrics, network_summary, shortest_path_columns

    print(f"helixnet {helixnet.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"numba {numba.__version__} ({numba.get_num_threads()} threads), igraph {igraph.__version__}, "
          f"networkx {nx.__version__}")
    print(f"data: {args.csv}")
    stages = Stages()
    with tempfile.TemporaryDirectory(prefix="helixnet-h2020-") as tmp:
        data = Path(tmp) / "data"
        print("\nimport and graph")
        stages.run("helixnet import table --mapping h2020 (process)", command,
                   ["import", "table", str(args.csv), "--mapping", "h2020", "--data", str(data)])
        ds = stages.run("load (validate) the data directory", load, data)
        G = stages.run("collaboration graph", collaboration_graph, ds)
        n, m = G.number_of_nodes(), G.number_of_edges()
        giant = max((len(c) for c in nx.connected_components(G)), default=0)
        print(f"  -> {n:,} organisations, {m:,} edges, giant component {giant:,}")

        print("\norganisation metrics (exact)")
        stages.run("degree + strength", lambda: (centrality.degree(G), centrality.strength(G)))
        stages.run("eigenvector", centrality.eigenvector, G)
        stages.run("pagerank", centrality.pagerank, G, weight="weight")
        stages.run("structural holes (4 measures)", structural_holes.structural_holes, G)
        result = stages.run("brokerage (Gould-Fernandez, z-scores)", brokerage.brokerage, G, attr="helix")
        stages.run("participation coefficient (3 forms)", lambda: [
            mixing.participation_coefficient(G), mixing.participation_coefficient(G, normalized=True),
            mixing.participation_coefficient(G, weight="weight")])
        stages.run("E-I index (node, group, global)", lambda: (
            mixing.ei_index(G), mixing.ei_index_groups(G), mixing.ei_index_global(G)))
        stages.run("helix reach (1 and 2 steps)", mixing.helix_reach, G)
        stages.run("partner concentration", bridging.partner_concentration, G)
        exact, method = stages.run("shortest paths, exact: 6 measures in one pass", shortest_path_columns, G)
        stages.run("bridging centrality (given betweenness)", bridging.bridging_centrality, G,
                   betweenness_values=exact["betweenness"])
        print("\ncluster and network metrics")
        # the organisation table again, but with the shortest-path columns computed above
        with mock.patch.object(table_module, "shortest_path_columns", lambda *args, **kwargs: (exact, method)):
            table = stages.run("organisation table (shortest paths from above)", helixnet.organisation_metrics,
                               G, result)
        stages.run("cluster profiles", cluster_metrics, G, table, ds)
        synergy_values = stages.run("helix synergy table", synergy.synergy_table, dataset_in_window(ds, None, None))
        stages.run("network summary", network_summary, G, ds, synergy_values)

        print("\napproximate (epsilon 0.01, delta 0.1)")
        approx, method = stages.run("shortest paths, approximate: 6 measures", shortest_path_columns, G,
                                    approximate=Approximation(0.01, 0.1))
        errors = {c: float((approx[c] - exact[c]).abs().max()) for c in
                  ("betweenness", "cross_helix_betweenness", "company_knowledge_betweenness")}
        print(f"  -> samples per measure: {method['betweenness_samples']:,}; largest error "
              + ", ".join(f"{c} {e:.4f}" for c, e in errors.items()) + " (bound 0.01)")

        print("\nhelixnet metrics end to end (separate processes)")
        out = Path(tmp) / "out"
        exact_total, exact_peak, _ = command(["metrics", str(data), "--out", str(out / "exact")])
        print(f"  {'helixnet metrics (exact)':<52} {exact_total:>8.2f} s   peak {exact_peak:>7,.0f} MB", flush=True)
        approx_total, approx_peak, _ = command(["metrics", str(data), "--out", str(out / "approx"), "--approximate"])
        print(f"  {'helixnet metrics --approximate':<52} {approx_total:>8.2f} s   peak {approx_peak:>7,.0f} MB",
              flush=True)

        if not args.skip_references:
            print("\nreferences, same run")
            ours = stages.run("helixnet exact betweenness (full graph)", lambda: paths.betweenness_values(
                paths.shortest_path_counts(G, {"all": paths.all_pairs(n)})))
            g = to_igraph(G)
            theirs = stages.run("igraph exact betweenness, 1 thread (full graph)", g.betweenness, directed=False)
            theirs = np.asarray(theirs) * 2.0 / ((n - 1) * (n - 2))
            ratio = stages.times["igraph exact betweenness, 1 thread (full graph)"] / stages.times[
                "helixnet exact betweenness (full graph)"]
            print(f"  -> helixnet {ratio:.1f}x faster than igraph; largest difference "
                  f"{np.abs(ours - theirs).max():.1e}")
            sub = ball(G, args.ball)
            print(f"  -> networkx subgraph: breadth-first ball of {sub.number_of_nodes():,} organisations, "
                  f"{sub.number_of_edges():,} edges")
            stages.run("networkx betweenness + closeness + harmonic (ball)", lambda: (
                nx.betweenness_centrality(sub), nx.closeness_centrality(sub), nx.harmonic_centrality(sub)))
            counts = stages.run("helixnet exact pass, same three (ball)", paths.shortest_path_counts, sub,
                                {"all": paths.all_pairs(sub.number_of_nodes())})
            reference = nx.betweenness_centrality(sub)
            difference = np.abs(paths.betweenness_values(counts) - np.array([reference[v] for v in sub])).max()
            ratio_nx = stages.times["networkx betweenness + closeness + harmonic (ball)"] / stages.times[
                "helixnet exact pass, same three (ball)"]
            print(f"  -> helixnet {ratio_nx:.0f}x faster than networkx; largest betweenness difference "
                  f"{difference:.1e}")

    print("\nsummary")
    print(f"  helixnet metrics exact:        {exact_total:8.1f} s, peak {exact_peak:,.0f} MB (target < 120 s, < 4 GB)")
    print(f"  helixnet metrics approximate:  {approx_total:8.1f} s, peak {approx_peak:,.0f} MB (target < 30 s)")
    if not args.skip_references:
        print(f"  exact betweenness vs igraph (1 thread), full graph: {ratio:.1f}x (target >= 5x)")
        print(f"  exact betweenness + closeness vs networkx, {sub.number_of_nodes():,}-node ball: {ratio_nx:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
