"""Gather everything the report shows from an analysis: communities, time series, provenance.

:func:`report_for` is the one place that turns a :class:`helixnet.pipeline.Analysis` (and
optional scenario results) into :func:`helixnet.report.builder.build_report`'s inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helixnet.pipeline import Analysis
    from helixnet.report.builder import Report

#: Community detection settings of the report (recorded in its parameters).
COMMUNITY_METHOD = "leiden"
COMMUNITY_RESOLUTION = 1.0


def report_for(analysis: "Analysis", lang: str = "en", scenario_results: Any = None, seed: int = 0,
               maps: Mapping[str, Any] | None = None, data_links: bool = False,
               parameters: Mapping[str, Any] | None = None, progress: bool = False) -> "Report":
    """Build the report of ``analysis``.

    Adds to the analysis' tables: the ecosystem's communities (Leiden, modularity,
    resolution :data:`COMMUNITY_RESOLUTION`, ``seed``) with their profile and the default
    candidate-gap thresholds; each cluster's measures per period of project start (four
    periods of the analysed years, see :mod:`helixnet.metrics.periods`); the provenance
    (``import.log`` of the data directory, further ``dataset.toml`` keys). ``parameters``
    are listed with the seed, the period and the community settings.
    """
    from helixnet.graph import dataset_in_window
    from helixnet.metrics.table import brokerage_global_table
    from helixnet.progress import stage
    from helixnet.report.builder import build_report
    from helixnet.metrics.periods import cluster_time_series, network_time_series, split_periods

    graph = analysis.graph
    window = dataset_in_window(analysis.dataset, graph.graph.get("start_year"), graph.graph.get("end_year"))
    meta = analysis.dataset.meta
    with stage("report: building", total=3, enabled=progress, unit="step") as bar:
        communities = community_result(analysis, window, seed)
        bar.update(1)
        periods = split_periods(*window.years)
        series = cluster_time_series(window, periods)
        network_series = network_time_series(window, periods)
        bar.update(1)
        params = {**(parameters or {}), "seed": seed, "community_method": COMMUNITY_METHOD,
                  "community_resolution": COMMUNITY_RESOLUTION}
        report = build_report(
            {"title": meta.title, "source": meta.source, "synthetic": meta.synthetic, "path": meta.path,
             "files": meta.files, "period": analysis.period},
            analysis.network, analysis.clusters, analysis.organisations, lang=lang, parameters=params,
            brokerage_global=brokerage_global_table(analysis.brokerage), ei_groups=analysis.ei_groups,
            synergy=analysis.synergy, scenarios=scenario_results, communities=communities, time_series=series,
            network_series=network_series, provenance=provenance(meta), maps=maps, data_links=data_links)
        bar.update(1)
    report.communities = communities
    return report


def community_result(analysis: "Analysis", window: Any, seed: int) -> dict[str, Any]:
    """The ecosystem's communities as the report shows them: ``labels`` (community per
    non-cluster organisation), ``profile``, the candidate-gap thresholds ``min_size`` and
    ``max_coverage``, the partition's ``modularity`` and the settings used."""
    from helixnet.metrics.communities import (
        GAP_MAX_COVERAGE,
        community_profile,
        ecosystem_communities,
        gap_min_size,
    )

    labels = ecosystem_communities(analysis.graph, method=COMMUNITY_METHOD, resolution=COMMUNITY_RESOLUTION,
                                   seed=seed)
    return {"labels": labels, "profile": community_profile(analysis.graph, labels, window),
            "min_size": gap_min_size(len(labels)), "max_coverage": GAP_MAX_COVERAGE,
            "modularity": labels.attrs["modularity"], "method": COMMUNITY_METHOD,
            "resolution": COMMUNITY_RESOLUTION, "seed": seed, "has_clusters": len(analysis.clusters) > 0}


def provenance(meta: Any) -> dict[str, Any]:
    """``imports``: the rows ``(time, source, file, changes)`` of ``<data>/import.log`` (empty
    when there is none), and ``extra``: the further keys of ``dataset.toml`` (generator,
    seed, created, ...)."""
    imports = []
    log = Path(meta.path) / "import.log" if meta.path else None
    if log is not None and log.is_file():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 4:
                imports.append((parts[0], parts[1], parts[2], "\t".join(parts[3:])))
            elif line.strip():
                imports.append((line.strip(), "", "", ""))
    extra = {str(k): v for k, v in (meta.extra or {}).items() if not isinstance(v, (dict, list))}
    return {"imports": imports, "extra": extra}
