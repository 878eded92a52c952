"""Write the full report directory: HTML, PDF, tables, figures, maps and Gephi files.

The directory is built as a whole in a staging directory beside the target and swapped in
at the end with one atomic exchange (:func:`helixnet.io.atomic.replace_directory`), so a
run that fails or is killed leaves the previous report intact, never half of each; the
next run removes the staging directory a killed run left.

Layout of ``DIR``::

    index.html            the report (self-contained; figures embedded)
    report.pdf            the same report as a PDF (matplotlib, no browser)
    tables/<stem>.csv     the data behind every figure and table, and as <stem>.xlsx
    tables/organisations.csv, clusters.csv, ...   the full metric tables
    figures/<stem>.png    every figure, and as <stem>.svg
    maps/network.html     the interactive map of the whole network
    maps/<cluster>.html   one focus map per cluster
    graph.gexf, graph.graphml   the collaboration graph for Gephi
    scenarios/            scenario outcomes, assumptions and matrices (with --scenarios)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helixnet.pipeline import Analysis

#: Focus maps: the cluster's network to this many steps, reduced above this many organisations.
MAP_DEPTH = 1
MAP_MAX_NODES = 2000

#: Resolution of the PNG files in figures/.
FIGURE_DPI = 150


def write_report(analysis: "Analysis", out_dir: str | Path, lang: str = "en", scenario_results: Any = None,
                 seed: int = 0, parameters: Mapping[str, Any] | None = None, progress: bool = False,
                 inputs: Iterable[str | Path] = (), force: bool = False) -> list[Path]:
    """Write the report of ``analysis`` into ``out_dir`` (see the module doc); return the
    files written, relative paths resolved against ``out_dir``.

    ``out_dir`` is guarded and staged by :func:`helixnet.io.outputs.staged_output`: it may
    not be, contain or lie inside any of ``inputs`` (e.g. the data directory) or the working
    directory, and an existing non-empty directory helixnet did not write is only replaced
    with ``force``.

    Raises
    ------
    OutputError
        If ``out_dir`` is refused (see above), exists and is not a directory, or cannot be written.
    """
    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.outputs import staged_output
    from helixnet.io.paths import confined, unique_safe_names
    from helixnet.pipeline import map_html, write_metrics, write_scenario_outputs
    from helixnet.progress import stage
    from helixnet.report.assemble import report_for
    from helixnet.report.gephi import gephi_graph, gexf_bytes, graphml_bytes
    from helixnet.report.pdf import report_pdf

    with staged_output(out_dir, inputs, force=force, label="report") as staged:
        staging = staged.path
        clusters = list(analysis.clusters.index)
        names = {c: analysis.clusters.at[c, "name"] if "name" in analysis.clusters.columns else c for c in clusters}
        stems = unique_safe_names([f"cluster-{names[c]}" for c in clusters], fallback="cluster")
        map_files = [("network.html", None)] + [(f"{stem}.html", c) for stem, c in zip(stems, clusters)]
        steps = 5 + len(map_files) + (1 if scenario_results is not None else 0)
        with stage("report: maps", total=steps, enabled=progress, unit="step") as bar:
            text = _strings(lang)
            links = []
            for file_name, cluster in map_files:
                page = map_html(analysis, seed=seed, lang=lang, cluster=cluster, depth=MAP_DEPTH,
                                max_nodes=MAP_MAX_NODES)
                write_text(confined(staging / "maps", file_name), str(page))
                links.append((text["map_overall"] if cluster is None else text["map_cluster"].format(
                    name=names[cluster]), f"maps/{file_name}"))
                bar.update(1)
            bar.set_description_str("report: communities, periods, figures")
            report = report_for(analysis, lang=lang, scenario_results=scenario_results, seed=seed,
                                maps={"links": links, "depth": MAP_DEPTH, "max_nodes": MAP_MAX_NODES},
                                data_links=True, parameters=parameters)
            bar.update(1)
            bar.set_description_str("report: html, figures, tables")
            write_text(staging / "index.html", report.html)
            _write_exhibits(report, staging)
            write_metrics(analysis, staging / "tables")
            bar.update(2)
            bar.set_description_str("report: pdf")
            write_bytes(staging / "report.pdf", report_pdf(report))
            bar.update(1)
            bar.set_description_str("report: gephi files")
            communities = report.communities["labels"] if report.communities else None
            H = gephi_graph(analysis.graph, analysis.organisations, communities)
            write_bytes(staging / "graph.gexf", gexf_bytes(H))
            write_bytes(staging / "graph.graphml", graphml_bytes(H))
            bar.update(1)
            if scenario_results is not None:
                bar.set_description_str("report: scenarios")
                write_scenario_outputs(scenario_results, staging / "scenarios", lang=lang)
                bar.update(1)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    return [staged.target / p for p in written]


def _strings(lang: str) -> dict[str, str]:
    from helixnet.report.builder import STRINGS

    return STRINGS[lang]


def _write_exhibits(report: Any, directory: Path) -> None:
    """Every figure as PNG and SVG, and the data of every figure and table as CSV and XLSX."""
    import pandas as pd

    from helixnet.io.atomic import write_bytes, write_text
    from helixnet.io.tables import write_csv, write_xlsx
    from helixnet.viz.static import figure_to_png_bytes, figure_to_svg

    for figure in report.figures:
        write_bytes(directory / "figures" / f"{figure.stem}.png", figure_to_png_bytes(figure.figure, dpi=FIGURE_DPI))
        write_text(directory / "figures" / f"{figure.stem}.svg", figure_to_svg(figure.figure))
    for stem, data in [*((f.stem, f.data) for f in report.figures), *((t.stem, t.data) for t in report.tables)]:
        index = not isinstance(data.index, pd.RangeIndex)  # a plain row number is no data
        if index and all(name is None for name in data.index.names):
            data = data.rename_axis("id")
        write_csv(data, directory / "tables" / f"{stem}.csv", index=index)
        write_xlsx({stem: data}, directory / "tables" / f"{stem}.xlsx", index=index)
