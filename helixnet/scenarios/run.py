"""Run scenarios per cluster and report each outcome as a difference from the baseline.

For every (scenario, cluster) pair the scenario is applied to the collaboration graph
with that cluster as focal cluster; network outcomes (``NETWORK_OUTCOMES`` of
:mod:`helixnet.scenarios.outcomes`) and the
focal node's outcomes (``NODE_OUTCOMES``: the cluster, or its successor after a
contraction, NaN after removal) are measured. Scenarios with random operations run as a
seeded Monte Carlo (:func:`helixnet.scenarios.montecarlo.run`); deterministic ones run
once. The seed of a (scenario, cluster) pair derives from the master seed and the two ids
only, so selecting fewer clusters or scenarios does not change the others' results.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.scenarios.spec import Scenario

#: Columns of :attr:`ScenarioResults.outcomes`.
RESULT_COLUMNS = ("scenario", "cluster", "outcome", "baseline", "mean", "low", "high",
                  "delta_mean", "delta_low", "delta_high", "n_runs")


@dataclass
class ScenarioResults:
    """Outcomes of every scenario for every cluster, with the assumptions behind them.

    ``outcomes`` is long: one row per (scenario, cluster, outcome) with the baseline value,
    the scenario's mean and 90% interval (5th and 95th percentile of the runs), the same as
    differences from the baseline, and the number of runs. ``assumptions`` lists every
    parameter once per scenario (``cluster`` empty) and each cluster's host and programme.
    """

    outcomes: "pd.DataFrame"
    assumptions: "pd.DataFrame"
    scenarios: list["Scenario"]
    clusters: list[str]
    cluster_names: dict[str, str]
    n_runs: int
    seed: int
    timings: dict[str, float] = field(default_factory=dict)

    def matrix(self, outcome: str, value: str = "delta_mean") -> "pd.DataFrame":
        """Cluster x scenario table of one outcome's ``value`` column."""
        rows = self.outcomes[self.outcomes["outcome"] == outcome]
        table = rows.pivot(index="cluster", columns="scenario", values=value)
        return table.reindex(index=self.clusters, columns=[s.id for s in self.scenarios])


def pair_seed(seed: int, scenario_id: str, cluster_id: str) -> int:
    """The master seed of one (scenario, cluster) pair: stable across runs and selections."""
    return (int(seed) * 1_000_003 + zlib.crc32(f"{scenario_id}/{cluster_id}".encode())) % (2**63)


def run_scenarios(
    ds: "Dataset",
    G: "nx.Graph | None" = None,
    *,
    scenarios: "list[Scenario] | None" = None,
    clusters: list[str] | None = None,
    n_runs: int = 200,
    seed: int = 0,
    processes: int = 2,
    sample: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScenarioResults:
    """Apply every scenario to every cluster and measure the outcomes.

    Parameters
    ----------
    ds : Dataset
        The data (for the projects each cluster facilitated).
    G : networkx.Graph, optional
        Its collaboration graph (default: built from ``ds``).
    scenarios : list of Scenario, optional
        Default: the shipped set (:func:`helixnet.scenarios.spec.load_scenarios`).
    clusters : list of str, optional
        Cluster ids; default every cluster organisation of the graph.
    n_runs : int
        Monte Carlo runs per random (scenario, cluster) pair (default 200).
    seed : int
        Master seed; same seed, same results.
    processes : int
        Worker processes of the Monte Carlo (default 2: both cores).
    sample : int, optional
        Sample this many BFS sources for the distance-based outcomes (for big graphs).
    progress : callable, optional
        Called with a label after each (scenario, cluster) pair.
    """
    import time

    import pandas as pd

    from helixnet.graph import collaboration_graph
    from helixnet.scenarios.montecarlo import run
    from helixnet.scenarios.operations import facilitated_share
    from helixnet.scenarios.spec import load_scenarios

    G = collaboration_graph(ds) if G is None else G
    scenarios = load_scenarios() if scenarios is None else scenarios
    clusters = select_clusters(G, clusters)
    shares = facilitated_share(ds, G)
    baseline_network = _network(G, sample)
    rows: list[dict] = []
    assumptions: list[dict] = []
    timings: dict[str, float] = {}
    for scenario in scenarios:
        # parameters hold for every cluster: listed once (cluster ""); hosts and programmes per cluster
        assumptions += [{"scenario": scenario.id, "cluster": "", **row}
                        for row in scenario.assumptions() if row["name"] in scenario.parameters]
        for cluster in clusters:
            started = time.perf_counter()
            baseline = pd.concat([baseline_network, _node(G, cluster)])

            def measure(run_seed: int, scenario=scenario, cluster=cluster) -> "pd.Series":
                H, successor = scenario.apply(G, cluster, run_seed, ds, shares=shares)
                return pd.concat([_network(H, sample), _node(H, successor)])

            result = run(measure, n_runs=n_runs, seed=pair_seed(seed, scenario.id, cluster),
                         processes=processes, random=scenario.stochastic)
            rows += _rows(scenario.id, cluster, baseline, result)
            assumptions += [{"scenario": scenario.id, "cluster": cluster, **row}
                            for row in scenario.assumptions(cluster) if row["name"] not in scenario.parameters]
            timings[f"{scenario.id}/{cluster}"] = time.perf_counter() - started
            if progress is not None:
                progress(f"{scenario.id} / {cluster}")
    return ScenarioResults(
        outcomes=pd.DataFrame(rows, columns=list(RESULT_COLUMNS)),
        assumptions=pd.DataFrame(assumptions, columns=["scenario", "cluster", "name", "value",
                                                       "rationale_en", "rationale_nl"]),
        scenarios=list(scenarios),
        clusters=clusters,
        cluster_names={c: G.nodes[c].get("name", c) for c in clusters},
        n_runs=n_runs,
        seed=seed,
        timings=timings,
    )


def select_clusters(G: "nx.Graph", clusters: list[str] | None) -> list[str]:
    """The requested cluster ids (every cluster organisation of ``G`` when None), checked."""
    present = [n for n, d in G.nodes(data=True) if d.get("is_cluster")]
    if clusters is None:
        return present
    unknown = [c for c in clusters if c not in present]
    if unknown:
        raise OptionError(f"cluster {unknown[0]!r} is not a cluster organisation of the data; "
                          f"expected one of {', '.join(present) or '(none)'}")
    return list(dict.fromkeys(clusters))


def _network(G: "nx.Graph", sample: int | None) -> "pd.Series":
    from helixnet.scenarios.outcomes import network_outcomes

    return network_outcomes(G, sample=sample)


def _node(G: "nx.Graph", node: str | None) -> "pd.Series":
    from helixnet.scenarios.outcomes import node_outcomes

    return node_outcomes(G, node)


def _rows(scenario_id: str, cluster: str, baseline: "pd.Series", result) -> list[dict]:
    summary = result.summary()
    delta = result.minus(baseline).summary()
    return [
        {"scenario": scenario_id, "cluster": cluster, "outcome": outcome,
         "baseline": float(baseline[outcome]),
         "mean": summary.at[outcome, "mean"], "low": summary.at[outcome, "low"], "high": summary.at[outcome, "high"],
         "delta_mean": delta.at[outcome, "mean"], "delta_low": delta.at[outcome, "low"],
         "delta_high": delta.at[outcome, "high"], "n_runs": int(result.n_runs)}
        for outcome in summary.index
    ]
