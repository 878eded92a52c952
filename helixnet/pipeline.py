"""The main job as library calls: load, build the graph, compute metrics, write outputs.

The CLI commands are thin wrappers around these functions; a notebook can call them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.metrics.brokerage import BrokerageResult
    from helixnet.metrics.sampling import Approximation


@dataclass
class Analysis:
    """A dataset with its collaboration graph and metric tables.

    ``organisations`` has one row per organisation (every measure of the catalogue),
    ``clusters`` the cluster connector profiles, ``network`` the network summary,
    ``brokerage`` the Gould-Fernandez result (global values included), ``ei_groups`` the
    E-I index per helix and ``synergy`` Leydesdorff's T per scope (network, cluster
    portfolio, period).
    """

    dataset: "Dataset"
    graph: "nx.Graph"
    organisations: "pd.DataFrame"
    clusters: "pd.DataFrame"
    network: "pd.Series"
    brokerage: "BrokerageResult"
    ei_groups: "pd.DataFrame"
    synergy: "pd.DataFrame"

    @property
    def period(self) -> str:
        """The analysed period as text, e.g. ``2017-2026``."""
        first, last = self.graph.graph.get("start_year"), self.graph.graph.get("end_year")
        if first is None and last is None:
            return "-"
        return f"{first}-{last}"


def analyse(data: "str | Path | Dataset", start_year: int | None = None, end_year: int | None = None,
            *, approximate: "Approximation | None" = None, progress: bool = False) -> Analysis:
    """Load ``data`` (a directory or a Dataset) and compute every table.

    ``approximate`` (an :class:`~helixnet.metrics.sampling.Approximation`) asks for sampled
    betweenness measures with that error bound, stated in the tables; exact otherwise.
    ``progress`` shows progress bars for the long stages.
    """
    from helixnet.graph import collaboration_graph, dataset_in_window
    from helixnet.io.loader import Dataset, load
    from helixnet.metrics._engine import converted_once
    from helixnet.metrics.brokerage import brokerage
    from helixnet.metrics.mixing import ei_index_groups
    from helixnet.metrics.synergy import synergy_table
    from helixnet.metrics.table import cluster_metrics, network_summary, organisation_metrics

    dataset = data if isinstance(data, Dataset) else load(data)
    graph = collaboration_graph(dataset, start_year, end_year)
    with converted_once(graph):  # one conversion of the graph to arrays for every measure
        brokerage_result = brokerage(graph, attr="helix")
        organisations = organisation_metrics(graph, brokerage_result, approximate=approximate, progress=progress)
        synergy = synergy_table(dataset_in_window(dataset, start_year, end_year))
        return Analysis(
            dataset=dataset,
            graph=graph,
            organisations=organisations,
            clusters=cluster_metrics(graph, organisations, dataset),
            network=network_summary(graph, dataset, synergy, organisations.attrs.get("shortest_paths")),
            brokerage=brokerage_result,
            ei_groups=ei_index_groups(graph, attr="helix"),
            synergy=synergy,
        )


#: The tables ``helixnet metrics`` writes, in order.
METRIC_TABLES = ("organisations.csv", "clusters.csv", "network.csv", "brokerage_global.csv", "ei_groups.csv", "synergy.csv")


def write_metrics(analysis: Analysis, out_dir: str | Path) -> list[Path]:
    """Write the tables :data:`METRIC_TABLES` into ``out_dir``."""
    from helixnet.io.tables import write_csv
    from helixnet.metrics.table import brokerage_global_table

    out = Path(out_dir)
    tables = {
        "organisations.csv": analysis.organisations,
        "clusters.csv": analysis.clusters,
        "network.csv": analysis.network.to_frame(),
        "brokerage_global.csv": brokerage_global_table(analysis.brokerage),
        "ei_groups.csv": analysis.ei_groups,
        "synergy.csv": analysis.synergy,
    }
    return [write_csv(tables[name], out / name) for name in METRIC_TABLES]


def map_html(analysis: Analysis, size_by: str = "betweenness", seed: int = 0, lang: str = "en", cluster=None,
             depth: int = 1, max_nodes: int | None = 2000, colour_by: str = "helix", group_by: str | None = "community",
             backbone_alpha: float = 0.05):
    """The interactive map (whole network, or ``cluster``'s ego network to ``depth`` hops) as one
    offline HTML page, reduced to ``max_nodes`` organisations (None: all); a
    :class:`~helixnet.viz.interactive.NetworkMap` (a ``str`` that also displays in Jupyter).
    ``colour_by``, ``group_by`` and ``backbone_alpha``: see :func:`helixnet.viz.interactive.render_map`."""
    from helixnet.viz.interactive import render_map

    return render_map(
        analysis.graph,
        analysis.organisations,
        size_by=size_by,
        title=analysis.dataset.meta.title,
        synthetic=analysis.dataset.meta.synthetic,
        seed=seed,
        lang=lang,
        cluster=cluster,
        depth=depth,
        max_nodes=max_nodes,
        dataset=analysis.dataset,
        colour_by=colour_by,
        group_by=group_by,
        backbone_alpha=backbone_alpha,
    )


def report_html(analysis: Analysis, lang: str = "en", scenario_results=None, seed: int = 0) -> str:
    """The static report as one self-contained HTML page (every table of ``analysis``, the
    communities and time sections, and the scenario section when ``scenario_results`` are given)."""
    return build_report(analysis, lang=lang, scenario_results=scenario_results, seed=seed).html


def build_report(analysis: Analysis, lang: str = "en", scenario_results=None, seed: int = 0, maps=None,
                 data_links: bool = False, parameters=None, progress: bool = False):
    """The report of ``analysis`` (:class:`helixnet.report.builder.Report`: HTML, figures,
    tables, PDF blocks) with communities (seeded Leiden), the per-period time series and the
    provenance of the data; see :func:`helixnet.report.assemble.report_for`."""
    from helixnet.report.assemble import report_for

    return report_for(analysis, lang=lang, scenario_results=scenario_results, seed=seed, maps=maps,
                      data_links=data_links, parameters=parameters, progress=progress)


def write_report(analysis: Analysis, out_dir: str | Path, lang: str = "en", scenario_results=None, seed: int = 0,
                 parameters=None, progress: bool = False) -> list[Path]:
    """Write the full report of ``analysis`` into ``out_dir`` (index.html, report.pdf,
    tables/, figures/, maps/, graph.gexf, graph.graphml, scenarios/), built in a staging
    directory beside it and swapped in at the end; see :func:`helixnet.report.writer.write_report`."""
    from helixnet.report.writer import write_report as write

    return write(analysis, out_dir, lang=lang, scenario_results=scenario_results, seed=seed, parameters=parameters,
                 progress=progress)


def run_scenario_analysis(data, scenario_files=(), clusters=(), *, n_runs: int = 200, seed: int = 0,
                          start_year: int | None = None, end_year: int | None = None,
                          progress=None, on_start=None):
    """Load ``data`` and run the scenarios (shipped set, or ``scenario_files``) per cluster."""
    from helixnet.graph import collaboration_graph
    from helixnet.io.loader import Dataset, load
    from helixnet.scenarios.run import select_clusters, run_scenarios
    from helixnet.scenarios.spec import load_scenarios

    dataset = data if isinstance(data, Dataset) else load(data)
    graph = collaboration_graph(dataset, start_year, end_year)
    scenarios = [s for path in scenario_files for s in load_scenarios(path)] if scenario_files else load_scenarios()
    selected = select_clusters(graph, list(clusters) or None)
    if on_start is not None:
        on_start(len(scenarios) * len(selected))
    return run_scenarios(dataset, graph, scenarios=scenarios, clusters=selected, n_runs=n_runs, seed=seed,
                         progress=progress)


def write_scenario_outputs(results, out_dir: str | Path, lang: str = "en") -> list[Path]:
    """Write ``outcomes.csv``, ``assumptions.csv`` and one cluster x scenario matrix figure
    per key outcome (``matrix_<outcome>.png`` and ``.svg``) for scenario ``results``."""
    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.tables import write_csv
    from helixnet.viz.static import SCENARIO_KEY_OUTCOMES, figure_to_png_bytes, figure_to_svg, scenario_matrix

    out = Path(out_dir)
    written = [
        write_csv(results.outcomes, out / "outcomes.csv", index=False),
        write_csv(results.assumptions, out / "assumptions.csv", index=False),
    ]
    present = set(results.outcomes["outcome"])
    for outcome in (o for o in SCENARIO_KEY_OUTCOMES if o in present):
        figure = scenario_matrix(results, outcome, lang=lang)
        written.append(write_bytes(out / f"matrix_{outcome}.png", figure_to_png_bytes(figure)))
        written.append(write_text(out / f"matrix_{outcome}.svg", figure_to_svg(figure)))
    return written
