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


@dataclass
class Analysis:
    """A dataset with its collaboration graph and metric tables."""

    dataset: "Dataset"
    graph: "nx.Graph"
    organisations: "pd.DataFrame"
    clusters: "pd.DataFrame"
    network: "pd.Series"

    @property
    def period(self) -> str:
        """The analysed period as text, e.g. ``2017-2026``."""
        first, last = self.graph.graph.get("start_year"), self.graph.graph.get("end_year")
        if first is None and last is None:
            return "-"
        return f"{first}-{last}"


def analyse(data: "str | Path | Dataset", start_year: int | None = None, end_year: int | None = None) -> Analysis:
    """Load ``data`` (a directory or a Dataset) and compute every table."""
    from helixnet.graph import collaboration_graph
    from helixnet.io.loader import Dataset, load
    from helixnet.metrics.table import cluster_metrics, network_summary, organisation_metrics

    dataset = data if isinstance(data, Dataset) else load(data)
    graph = collaboration_graph(dataset, start_year, end_year)
    organisations = organisation_metrics(graph)
    return Analysis(
        dataset=dataset,
        graph=graph,
        organisations=organisations,
        clusters=cluster_metrics(graph, organisations, dataset),
        network=network_summary(graph, dataset),
    )


def write_metrics(analysis: Analysis, out_dir: str | Path) -> list[Path]:
    """Write ``organisations.csv``, ``clusters.csv`` and ``network.csv`` into ``out_dir``."""
    from helixnet.io.tables import write_csv

    out = Path(out_dir)
    return [
        write_csv(analysis.organisations, out / "organisations.csv"),
        write_csv(analysis.clusters, out / "clusters.csv"),
        write_csv(analysis.network.to_frame(), out / "network.csv"),
    ]


def map_html(analysis: Analysis, size_by: str = "betweenness", seed: int = 0, lang: str = "en") -> str:
    """The interactive map of the whole collaboration graph as one offline HTML page."""
    from helixnet.viz.interactive import render_map

    return render_map(
        analysis.graph,
        analysis.organisations,
        size_by=size_by,
        title=analysis.dataset.meta.title,
        synthetic=analysis.dataset.meta.synthetic,
        seed=seed,
        lang=lang,
    )


def report_html(analysis: Analysis, lang: str = "en") -> str:
    """The static report as one self-contained HTML page."""
    from helixnet.report.builder import render_report

    meta = analysis.dataset.meta
    dataset_meta = {
        "title": meta.title,
        "source": meta.source,
        "synthetic": meta.synthetic,
        "path": meta.path,
        "files": meta.files,
        "period": analysis.period,
    }
    return render_report(dataset_meta, analysis.network, analysis.clusters, analysis.organisations, lang=lang)
