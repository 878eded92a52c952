"""Write the full report directory: HTML, PDF, tables, figures, maps and Gephi files.

The directory is built as a whole in a staging directory beside the target and swapped in
at the end with one atomic exchange (:func:`helixnet.io.atomic.replace_directory`), so a
run that fails or is killed leaves the previous report intact, never half of each; the
next run removes the staging directory a killed run left.

Layout of ``DIR``::

    index.html            the report (self-contained; figures embedded)
    report.pdf            the same report as a PDF (reportlab, no browser)
    tables/<stem>.csv     the data behind every figure and table (fig_<name>, table_<name>), and as <stem>.xlsx
    tables/organisations.csv, clusters.csv, ...   the full metric tables
    figures/<stem>.png    every figure, and as <stem>.svg
    maps/network.html     the interactive map of the whole network
    maps/<cluster>.html   one focus map per cluster
    graph.gexf, graph.graphml   the collaboration graph for Gephi
    scenarios/            scenario outcomes, assumptions and matrices (with --scenarios)

This module is also where the other outputs of an analysis are written: the metric tables
(:func:`write_metrics`), the scenario outputs (:func:`write_scenario_outputs`) and the map
page of an analysis (:func:`analysis_map`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.analysis import Analysis

#: Focus maps: the cluster's network to this many steps, reduced above this many organisations.
MAP_DEPTH = 1
MAP_MAX_NODES = 2000

#: Resolution of the figures: the PNG files in figures/, and the same image in the HTML and the PDF.
FIGURE_DPI = 150


def write_report(analysis: "Analysis", out_dir: str | Path, lang: str = "en",
                 parameters: Mapping[str, Any] | None = None, progress: bool = False,
                 inputs: Iterable[str | Path] = (), force: bool = False, processes: int = 2) -> list[Path]:
    """Write the report of ``analysis`` into ``out_dir`` (see the module doc); return the
    files written, relative paths resolved against ``out_dir``. The communities, periods
    and scenarios sections appear when ``analysis`` holds them.

    ``out_dir`` is guarded and staged by :func:`helixnet.io.outputs.staged_output`: it may
    not be, contain or lie inside any of ``inputs`` (e.g. the data directory) or the working
    directory, and an existing non-empty directory helixnet did not write is only replaced
    with ``force``.

    With ``processes`` 2 or more, second Python processes (:class:`helixnet.background.BackgroundCall`)
    write the maps and the Gephi files, and then the PDF, while this one writes the rest; 1
    writes everything here. The files are the same either way.

    Raises
    ------
    OutputError
        If ``out_dir`` is refused (see above), exists and is not a directory, or cannot be written.
    OptionError
        If ``processes`` is not a whole number of at least 1.
    """
    from helixnet.background import call, check_processes
    from helixnet.io.atomic import write_text
    from helixnet.io.outputs import staged_output
    from helixnet.io.paths import unique_safe_names
    from helixnet.progress import stage
    from helixnet.report.assemble import report_for
    from helixnet.texts import texts

    check_processes(processes)
    with staged_output(out_dir, inputs, force=force, label="report") as staged:
        staging = staged.path
        clusters = list(analysis.clusters.index)
        names = {c: analysis.clusters.at[c, "name"] if "name" in analysis.clusters.columns else c for c in clusters}
        stems = unique_safe_names([f"cluster-{names[c]}" for c in clusters], fallback="cluster")
        map_files = [("network.html", None)] + [(f"{stem}.html", c) for stem, c in zip(stems, clusters)]
        text = texts(lang)
        links = [(text["map_overall"] if cluster is None else text["map_cluster"].format(name=names[cluster]),
                  f"maps/{file_name}") for file_name, cluster in map_files]
        scenarios = analysis.scenarios
        steps = 5 + (1 if scenarios is not None else 0) + (1 if analysis.plans is not None else 0)
        graph_only = replace(analysis, window=None, periods=None, scenarios=None, evidence=None, plans=None,
                             plan_tables=None, themes=None)  # what the maps and the Gephi files need
        with stage("report: maps and Gephi files", total=steps, enabled=progress, unit="step") as bar, \
                contextlib.ExitStack() as cleanup:
            # the maps and Gephi files, then the PDF, in second processes while this one writes the rest
            side = cleanup.enter_context(call(write_maps_and_gephi, graph_only, staging, lang, map_files,
                                              beside=processes > 1))
            bar.update(1)
            bar.set_description_str("report: sections and figures")
            report = report_for(analysis, lang=lang, maps={"links": links, "depth": MAP_DEPTH,
                                                           "max_nodes": MAP_MAX_NODES},
                                data_links=True, parameters=parameters, dpi=FIGURE_DPI)
            bar.update(1)
            pdf = cleanup.enter_context(call(write_pdf, report.document.without_drawings(), staging / "report.pdf",
                                             beside=processes > 1))
            bar.update(1)
            bar.set_description_str("report: html, figures, tables")
            write_text(staging / "index.html", report.html)
            svgs = _write_exhibits(report, staging)
            write_metrics(analysis, staging / "tables")
            bar.update(1)
            if scenarios is not None:
                bar.set_description_str("report: scenarios")
                drawn = {f.name.removeprefix("scenario_"): (f.png, svgs[f.stem]) for f in report.figures
                         if f.name.startswith("scenario_")}
                write_scenario_outputs(scenarios, staging / "scenarios", lang=lang, drawn=drawn)
                bar.update(1)
            if analysis.plans is not None:
                bar.set_description_str("report: scenario plans")
                drawn_plans = {f.name.removeprefix("plan_"): f.png for f in report.figures if f.name.startswith("plan_")}
                write_plan_outputs(analysis.plans, staging / "plans", lang=lang, tables=analysis.plan_tables,
                                   drawn=drawn_plans)
                bar.update(1)
            bar.set_description_str("report: pdf, maps and Gephi files")
            pdf.result()
            side.result()
            bar.update(1)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    return [staged.target / p for p in written]


def write_pdf(document: Any, path: Path) -> Path:
    """Write the PDF of the report ``document`` (:func:`helixnet.report.pdf.report_pdf`) to
    ``path``; run in a second process by :func:`write_report`."""
    from helixnet.io.atomic import write_bytes
    from helixnet.report.pdf import report_pdf

    return write_bytes(path, report_pdf(document))


def write_maps_and_gephi(analysis: "Analysis", out_dir: Path, lang: str,
                         map_files: list[tuple[str, Any]]) -> None:
    """Write the report's maps (``maps/<file>`` per ``(file, cluster)`` of ``map_files``;
    cluster None: the whole network) and its Gephi files (``graph.gexf``, ``graph.graphml``)
    into ``out_dir``. Run in a second process by :func:`write_report`, so it takes what it
    needs as arguments and returns nothing."""
    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.paths import confined
    from helixnet.report.gephi import gephi_graph, gexf_bytes, graphml_bytes

    for file_name, cluster in map_files:
        page = analysis_map(analysis, seed=analysis.seed, lang=lang, cluster=cluster, depth=MAP_DEPTH,
                            max_nodes=MAP_MAX_NODES)
        write_text(confined(out_dir / "maps", file_name), str(page))
    communities = analysis.communities.labels if analysis.communities is not None else None
    H = gephi_graph(analysis.graph, analysis.organisations, communities)
    write_bytes(out_dir / "graph.gexf", gexf_bytes(H))
    write_bytes(out_dir / "graph.graphml", graphml_bytes(H))


#: The tables ``helixnet metrics`` writes, in order.
METRIC_TABLES = ("organisations.csv", "clusters.csv", "network.csv", "brokerage_global.csv", "ei_groups.csv",
                 "synergy.csv")


#: The long table of the baselines, written when the analysis has them (:func:`helixnet.analysis.with_evidence`).
EVIDENCE_TABLE = "cluster_evidence.csv"


def write_metrics(analysis: "Analysis", out_dir: str | Path) -> list[Path]:
    """Write the tables :data:`METRIC_TABLES` of ``analysis`` into ``out_dir``, and
    :data:`EVIDENCE_TABLE` when ``analysis`` has evidence."""
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
    written = [write_csv(tables[name], out / name) for name in METRIC_TABLES]
    if analysis.evidence is not None:
        written.append(write_csv(analysis.evidence.long, out / EVIDENCE_TABLE, index=False))
    return written


#: The value columns of the v1 scenario outcomes: a standard-error outcome that is 0 in all of
#: them was computed exactly and says nothing.
_OUTCOME_VALUES = ("baseline", "mean", "low", "high", "delta_mean", "delta_low", "delta_high")


def readable_outcomes(outcomes: "pd.DataFrame", lang: str = "en", plan: bool = False) -> "pd.DataFrame":
    """``outcomes`` (a long table with an ``outcome`` code column) with ``outcome_name`` (the
    outcome in words, in ``lang``) right after the code, which is kept for machines.

    For the v1 scenario outcomes (``plan`` False) the standard errors of sampled estimates
    (``<outcome>_se``) are named as such, and left out where they are 0 in every value
    column: the estimate was computed exactly. The plan outcomes (``plan`` True) take the
    names of :data:`helixnet.scenarios.measures.OUTCOME_LABELS`.
    """
    from helixnet.scenarios import labels, measures
    from helixnet.texts import catalogue

    table = outcomes
    if plan:
        names = measures.OUTCOME_LABELS[lang]

        def name(code: str) -> str:
            return names.get(code, code)
    else:
        values = [c for c in _OUTCOME_VALUES if c in table.columns]
        exact = table["outcome"].astype(str).str.endswith("_se") & (table[values].fillna(0) == 0).all(axis=1)
        table = table[~exact]
        template = catalogue(lang)["scenario_labels"]["standard_error"]

        def name(code: str) -> str:
            if code.endswith("_se"):
                return template.format(outcome=labels.outcome_label(code.removesuffix("_se"), lang))
            return labels.outcome_label(code, lang)
    table = table.copy()
    table.insert(table.columns.get_loc("outcome") + 1, "outcome_name", [name(str(c)) for c in table["outcome"]])
    return table.reset_index(drop=True)


def write_scenario_outputs(results: Any, out_dir: str | Path, lang: str = "en",
                           drawn: Mapping[str, tuple[bytes, str]] | None = None) -> list[Path]:
    """Write ``outcomes.csv`` (:func:`readable_outcomes`), ``assumptions.csv`` and one cluster x scenario matrix figure
    per key outcome (``matrix_<outcome>.png`` and ``.svg``) for scenario ``results``;
    ``drawn`` (outcome -> PNG bytes and SVG text) holds matrices the report already drew."""
    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.tables import write_csv
    from helixnet.viz.static import SCENARIO_KEY_OUTCOMES, figure_to_png_bytes, figure_to_svg, scenario_matrix

    out = Path(out_dir)
    written = [
        write_csv(readable_outcomes(results.outcomes, lang), out / "outcomes.csv", index=False),
        write_csv(results.assumptions, out / "assumptions.csv", index=False),
    ]
    present = set(results.outcomes["outcome"])
    for outcome in (o for o in SCENARIO_KEY_OUTCOMES if o in present):
        if drawn and outcome in drawn:
            png, svg = drawn[outcome]
        else:
            figure = scenario_matrix(results, outcome, lang=lang)
            png, svg = figure_to_png_bytes(figure), figure_to_svg(figure)
        written.append(write_bytes(out / f"matrix_{outcome}.png", png))
        written.append(write_text(out / f"matrix_{outcome}.svg", svg))
    return written


def write_plan_outputs(runs: Any, out_dir: str | Path, lang: str = "en",
                       tables: "Mapping[str, Any] | None" = None, drawn: Mapping[str, bytes] | None = None
                       ) -> list[Path]:
    """Write a plan run into the directory ``out_dir`` (each file atomically): every table of
    :func:`helixnet.scenarios.summary.scenario_tables` (``tables`` when already computed) as
    ``<name>.csv`` (with the outcomes in words beside their codes, :func:`readable_outcomes`) and per plan the change matrix ``matrix_<plan>.png``
    (:func:`helixnet.viz.scenario_figures.plan_change_matrix`; ``drawn``: plan -> PNG bytes the
    report already drew)."""
    from helixnet.io.atomic import write_bytes
    from helixnet.io.tables import write_csv
    from helixnet.scenarios.summary import scenario_tables
    from helixnet.viz.scenario_figures import plan_change_matrix
    from helixnet.viz.static import figure_to_png_bytes

    out = Path(out_dir)
    tables = scenario_tables(runs) if tables is None else tables
    written = [write_csv(readable_outcomes(frame, lang, plan=True) if "outcome" in frame.columns else frame,
                         out / f"{name}.csv", index=False) for name, frame in tables.items()]
    for plan in runs.units["plan"].unique():
        png = (drawn or {}).get(plan)
        if png is None:
            png = figure_to_png_bytes(plan_change_matrix(tables["plan_results"], plan, lang=lang))
        written.append(write_bytes(out / f"matrix_{plan}.png", png))
    return written


def analysis_map(analysis: "Analysis", size_by: str = "betweenness", seed: int = 0, lang: str = "en",
                 cluster: str | None = None, depth: int = 1, max_nodes: int | None = 2000, colour_by: str = "helix",
                 group_by: str | None = "community", backbone_alpha: float = 0.05) -> Any:
    """The interactive map of ``analysis`` (whole network, or ``cluster``'s ego network to
    ``depth`` hops) as one offline HTML page, reduced to ``max_nodes`` organisations (None:
    all); a :class:`~helixnet.viz.interactive.NetworkMap` (a ``str`` that also displays in
    Jupyter). ``colour_by``, ``group_by`` and ``backbone_alpha``: see
    :func:`helixnet.viz.interactive.render_map`."""
    from helixnet.io.lookup import resolve_cluster_id
    from helixnet.viz.interactive import render_map

    if cluster is not None:
        cluster = resolve_cluster_id(analysis.dataset.clusters.index, cluster)
    return render_map(analysis.graph, analysis.organisations, size_by=size_by, title=analysis.dataset.meta.title,
                      synthetic=analysis.dataset.meta.synthetic, seed=seed, lang=lang, cluster=cluster, depth=depth,
                      max_nodes=max_nodes, dataset=analysis.dataset, colour_by=colour_by, group_by=group_by,
                      backbone_alpha=backbone_alpha)


def _write_exhibits(report: Any, directory: Path) -> dict[str, str]:
    """Every figure as PNG and SVG, and the data of every figure and table as CSV and XLSX;
    the SVG text of every figure by stem."""
    import pandas as pd

    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.tables import write_csv, write_xlsx
    from helixnet.viz.static import figure_to_svg

    svgs = {}
    for figure in report.figures:
        # the first drawing (the PNG) fixed the layout: keep it rather than solve it again for the SVG
        figure.figure.set_layout_engine("none")
        svgs[figure.stem] = figure_to_svg(figure.figure)
        write_bytes(directory / "figures" / f"{figure.stem}.png", figure.png)  # the PNG the pages show
        write_text(directory / "figures" / f"{figure.stem}.svg", svgs[figure.stem])
    for stem, data in [*((f.stem, f.data) for f in report.figures), *((t.stem, t.data) for t in report.tables)]:
        index = not isinstance(data.index, pd.RangeIndex)  # a plain row number is no data
        if index and all(name is None for name in data.index.names):
            data = data.rename_axis("id")
        write_csv(data, directory / "tables" / f"{stem}.csv", index=index)
        write_xlsx({stem: data}, directory / "tables" / f"{stem}.xlsx", index=index)
    return svgs
