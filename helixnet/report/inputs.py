"""What a report shows, already computed: :class:`ReportData`, the one input of every section."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.analysis import Communities, PeriodSeries
    from helixnet.findings import Findings
    from helixnet.metrics.themes import ThemeAnalysis


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, already computed (see
    :func:`helixnet.report.builder.build_report`); the sections
    (:mod:`helixnet.report.sections`) read it and compute nothing."""

    meta: Mapping[str, Any]
    network: "pd.Series"
    clusters: "pd.DataFrame"
    organisations: "pd.DataFrame"
    parameters: list[tuple[str, str]]
    top_n: int = 15
    dpi: int = 120
    brokerage_global: "pd.DataFrame | None" = None
    ei_groups: "pd.DataFrame | None" = None
    synergy: "pd.DataFrame | None" = None
    scenarios: Any = None
    communities: "Communities | None" = None
    periods: "PeriodSeries | None" = None
    provenance: Mapping[str, Any] | None = None
    maps: Mapping[str, Any] | None = None
    data_links: bool = False
    #: The settings of the baselines (:attr:`helixnet.metrics.evidence.ClusterEvidence.settings`);
    #: their columns are in ``clusters``. None without baselines.
    evidence_settings: Mapping[str, Any] | None = None
    #: The scenario plans' tables (:func:`helixnet.scenarios.summary.scenario_tables`), the
    #: window they ran on and each plan's title in the report's language.
    plans: "Mapping[str, pd.DataFrame] | None" = None
    plan_window: tuple[Any, Any] = (None, None)
    plan_titles: Mapping[str, str] | None = None
    themes: "ThemeAnalysis | None" = None
    #: The summary's words by rule (:func:`helixnet.findings.findings_of`); None: no summary.
    findings: "Findings | None" = None

    @property
    def has_clusters(self) -> bool:
        return len(self.clusters) > 0
