"""The main job as library calls: load and analyse, then write the outputs.

The CLI commands are thin wrappers around these functions; a notebook can call them too.
The analysis itself (:func:`analyse`, :class:`Analysis`) lives in :mod:`helixnet.analysis`
and is complete before anything is written; the writers live in
:mod:`helixnet.report.writer`. Both are re-exported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet.analysis import Analysis, EvidenceRequest, PlanRequest, ScenarioRequest, analyse, with_evidence
from helixnet.report.writer import (EVIDENCE_TABLE, METRIC_TABLES, write_metrics, write_plan_outputs,
                                    write_scenario_outputs)

if TYPE_CHECKING:
    from helixnet.report.builder import Report

__all__ = ["Analysis", "EvidenceRequest", "PlanRequest", "ScenarioRequest", "analyse", "with_evidence", "EVIDENCE_TABLE", "METRIC_TABLES",
           "write_metrics", "write_scenario_outputs", "write_plan_outputs", "run_plan_analysis", "map_html", "build_report", "write_report", "run_scenario_analysis"]


def map_html(analysis: Analysis, size_by: str = "betweenness", seed: int = 0, lang: str = "en", cluster=None,
             depth: int = 1, max_nodes: int | None = 2000, colour_by: str = "helix", group_by: str | None = "community",
             backbone_alpha: float = 0.05):
    """The interactive map of ``analysis``; see :func:`helixnet.report.writer.analysis_map`."""
    from helixnet.report.writer import analysis_map

    return analysis_map(analysis, size_by=size_by, seed=seed, lang=lang, cluster=cluster, depth=depth,
                        max_nodes=max_nodes, colour_by=colour_by, group_by=group_by, backbone_alpha=backbone_alpha)


def build_report(analysis: Analysis, lang: str = "en", maps=None, data_links: bool = False,
                 parameters=None) -> "Report":
    """The report of ``analysis`` (:class:`helixnet.report.builder.Report`: the typed
    document and its HTML); see :func:`helixnet.report.assemble.report_for`."""
    from helixnet.report.assemble import report_for

    return report_for(analysis, lang=lang, maps=maps, data_links=data_links, parameters=parameters)


def write_report(analysis: Analysis, out_dir: str | Path, lang: str = "en", parameters=None,
                 progress: bool = False, inputs=(), force: bool = False, processes: int = 2) -> list[Path]:
    """Write the full report of ``analysis`` into ``out_dir`` (index.html, report.pdf,
    tables/, figures/, maps/, graph.gexf, graph.graphml, scenarios/), built in a staging
    directory beside it and swapped in at the end; ``out_dir`` may not touch ``inputs`` or the working
    directory (see :mod:`helixnet.io.outputs`); see :func:`helixnet.report.writer.write_report`."""
    from helixnet.report.writer import write_report as write

    return write(analysis, out_dir, lang=lang, parameters=parameters, progress=progress, inputs=inputs, force=force,
                 processes=processes)


def run_scenario_analysis(data, scenario_files=(), clusters=(), *, n_runs: int = 200, seed: int = 0,
                          start_year: int | None = None, end_year: int | None = None,
                          progress=None, on_start=None) -> Any:
    """Load ``data`` and run the scenarios (shipped set, or ``scenario_files``) per cluster."""
    from helixnet.analysis import run_requested_scenarios
    from helixnet.graph import collaboration_graph
    from helixnet.io.loader import Dataset, load
    from helixnet.io.lookup import check_window, resolve_cluster_id
    from helixnet.limits import check_runs
    from helixnet.scenarios.spec import load_scenario_files

    check_runs(n_runs)  # bounded work, before anything is read
    load_scenario_files(scenario_files)  # every file checked (ids unique across files) before the data is read
    dataset = data if isinstance(data, Dataset) else load(data)
    check_window(dataset, start_year, end_year)
    clusters = [resolve_cluster_id(dataset.clusters.index, c) for c in clusters]
    graph = collaboration_graph(dataset, start_year, end_year)
    return run_requested_scenarios(dataset, graph, ScenarioRequest(tuple(scenario_files), tuple(clusters), n_runs),
                                   seed=seed, progress=progress, on_start=on_start)


def run_plan_analysis(data, plan_files=(), parameter_file=None, clusters=(), *, n_draws: int = 200, seed: int = 0,
                      processes: int = 2, scheduler: str | None = None, start_year: int | None = None,
                      end_year: int | None = None):
    """Load ``data`` and run the scenario plans (shipped, or ``plan_files``) with parameter
    sampling: :func:`helixnet.analysis.run_requested_plans`, ``(runs, tables)``. The draw
    count, the plan and parameter files are checked before the data is read."""
    from helixnet.analysis import PlanRequest, load_plan_request, run_requested_plans
    from helixnet.io.loader import Dataset, load
    from helixnet.io.lookup import check_window

    request = PlanRequest(tuple(plan_files), parameter_file, tuple(clusters), n_draws, processes, scheduler)
    loaded = load_plan_request(request)
    dataset = data if isinstance(data, Dataset) else load(data)
    check_window(dataset, start_year, end_year)
    return run_requested_plans(dataset, request, seed=seed, start_year=start_year, end_year=end_year, loaded=loaded)
