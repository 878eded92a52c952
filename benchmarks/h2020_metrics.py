"""Time every organisation and cluster measure on the full Horizon 2020 participation data.

Usage::

    python benchmarks/h2020_metrics.py [PATH/TO/h2020.csv] [--skip-paths]

The default path is ``../shared/data/cordis/h2020/h2020.csv`` beside the checkout (real
public CORDIS data, (c) European Union, CC BY 4.0; see that folder's README). The file is
turned into a helixnet Dataset in memory (organisation = PIC, helix from activityType,
project = RCN; ``NA`` is read as the country Namibia, not as missing) and every stage is
timed with its wall time and the process's peak resident memory so far. ``--skip-paths``
leaves out the stages built on exact shortest paths (betweenness and its cross-helix
variants, closeness), which take minutes each on this graph.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "cordis" / "h2020" / "h2020.csv"


def peak_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Run and time named stages, printing one line each."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def run(self, name: str, function, *args, **kwargs):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = time.perf_counter() - started
        self.rows.append((name, elapsed, peak_mb()))
        print(f"{name:<42} {elapsed:>9.2f} s   peak {peak_mb():>8.0f} MB", flush=True)
        return result


def h2020_dataset(path: Path):
    """The H2020 participation table as a helixnet Dataset."""
    import pandas as pd

    from helixnet.io.loader import Dataset, DatasetMeta
    from helixnet.schema import normalise_helix

    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    orgs = rows.drop_duplicates("pic").set_index("pic")
    organisations = pd.DataFrame({
        "name": "PIC " + orgs.index,
        "helix": orgs["type"].map(normalise_helix),
        "kind": orgs["type"],
        "sme": False,  # the derived table has no SME flag
        "country": orgs["country"],
    }, index=pd.Index(orgs.index, name="id"))
    first = rows.drop_duplicates("rcn").set_index("rcn")
    projects = pd.DataFrame({
        "title": "RCN " + first.index,
        "programme": "H2020",
        "theme": None,
        "start_year": pd.to_numeric(first["start_year"].replace("NA", None)).astype("Int64"),
        "end_year": pd.to_numeric(first["end_year"].replace("NA", None)).astype("Int64"),
        "budget_eur": pd.to_numeric(first["total_cost"].replace("NA", None)),
        "cluster_id": None,
    }, index=pd.Index(first.index, name="id"))
    participations = pd.DataFrame({
        "project_id": rows["rcn"], "org_id": rows["pic"], "role": rows["role"],
        "budget_eur": pd.to_numeric(rows["contribution"].replace("NA", None)),
    })
    ties = pd.DataFrame(columns=["source", "target", "relation", "weight", "start_year", "end_year"])
    meta = DatasetMeta(title="Horizon 2020 (CORDIS)", source=str(path), synthetic=False, path=str(path))
    return Dataset(organisations, projects, participations, ties, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--skip-paths", action="store_true", help="skip exact shortest-path measures")
    args = parser.parse_args(argv)

    from helixnet.graph import collaboration_graph
    from helixnet.metrics import bridging, brokerage, centrality, mixing, structural_holes, synergy

    stages = Stages()
    started = time.perf_counter()
    ds = stages.run("read h2020.csv into a Dataset", h2020_dataset, args.path)
    G = stages.run("collaboration graph", collaboration_graph, ds)
    print(f"  {G.number_of_nodes():,} organisations, {G.number_of_edges():,} edges", flush=True)
    stages.run("degree + strength", lambda: (centrality.degree(G), centrality.strength(G)))
    stages.run("eigenvector", centrality.eigenvector, G)
    stages.run("pagerank", centrality.pagerank, G)
    stages.run("structural holes (4 measures)", structural_holes.structural_holes, G)
    stages.run("brokerage (Gould-Fernandez, z-scores)", brokerage.brokerage, G)
    stages.run("participation coefficient (3 forms)", lambda: [
        mixing.participation_coefficient(G), mixing.participation_coefficient(G, normalized=True),
        mixing.participation_coefficient(G, weight="weight")])
    stages.run("E-I index (node, group, global)", lambda: (
        mixing.ei_index(G), mixing.ei_index_groups(G), mixing.ei_index_global(G)))
    stages.run("helix reach (1 and 2 steps)", mixing.helix_reach, G)
    stages.run("partner concentration", bridging.partner_concentration, G)
    stages.run("helix synergy table", synergy.synergy_table, ds)
    if not args.skip_paths:
        between = stages.run("betweenness (exact)", centrality.betweenness, G)
        stages.run("closeness", centrality.closeness, G)
        stages.run("harmonic closeness", centrality.harmonic_closeness, G)
        stages.run("cross-helix betweenness", bridging.cross_helix_betweenness, G)
        stages.run("company-knowledge betweenness", bridging.cross_helix_betweenness, G,
                   pairs=("bedrijf", "kennisinstelling"))
        stages.run("bridging centrality (given betweenness)", bridging.bridging_centrality, G,
                   betweenness_values=between)
    print(f"{'total':<42} {time.perf_counter() - started:>9.2f} s   peak {peak_mb():>8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
