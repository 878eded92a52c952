"""The static report in English or Dutch: a :class:`Report` holding the typed document,
its HTML page and (through :mod:`helixnet.report.pdf`) its PDF.

:func:`build_report` collects the computed inputs into a
:class:`~helixnet.report.sections.ReportData`, lets every section of
:data:`helixnet.report.sections.SECTIONS` make its blocks and renders the HTML
(:mod:`helixnet.report.html`). Nothing here computes a measure: the inputs come from
:func:`helixnet.analysis.analyse` (see :func:`helixnet.report.assemble.report_for`). The same
inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helixnet.errors import OptionError
from helixnet.report.rows import TOP_N

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.analysis import Communities, PeriodSeries
    from helixnet.report.document import Document, Figure, Table


@dataclass
class Report:
    """A built report: the typed :class:`~helixnet.report.document.Document` and its HTML page."""

    document: "Document"
    html: str

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def synthetic(self) -> bool:
        return bool(self.document.banner)

    @property
    def figures(self) -> "list[Figure]":
        return self.document.figures

    @property
    def tables(self) -> "list[Table]":
        return self.document.tables


def render_report(*args: Any, **kwargs: Any) -> str:
    """The static report as one self-contained HTML page: :func:`build_report` (same
    arguments), its ``html``."""
    return build_report(*args, **kwargs).html


def build_report(
    dataset_meta: Mapping[str, Any],
    network: "pd.Series",
    cluster_table: "pd.DataFrame",
    org_metrics: "pd.DataFrame",
    lang: str = "en",
    parameters: Mapping[str, Any] | None = None,
    top_n: int = TOP_N,
    dpi: int = 120,
    *,
    brokerage_global: "pd.DataFrame | None" = None,
    ei_groups: "pd.DataFrame | None" = None,
    synergy: "pd.DataFrame | None" = None,
    scenarios: Any = None,
    communities: "Communities | None" = None,
    periods: "PeriodSeries | None" = None,
    provenance: Mapping[str, Any] | None = None,
    maps: Mapping[str, Any] | None = None,
    data_links: bool = False,
    evidence_settings: Mapping[str, Any] | None = None,
    plans: "Mapping[str, pd.DataFrame] | None" = None,
    plan_window: tuple[Any, Any] = (None, None),
    plan_titles: Mapping[str, str] | None = None,
    themes: Any = None,
    findings: Any = None,
) -> Report:
    """Build the static report: the document of every section and its HTML page.

    Sections (:data:`helixnet.report.sections.SECTIONS`), each answering one question of
    the product brief: data and provenance; network summary (E-I index, Leydesdorff's
    T_UIG / T_UIGC, E-I per helix, global Gould-Fernandez brokerage); "Who connects the
    helices?"; clusters compared; "How neutral is each cluster's connector role?"; the
    scenarios (with ``scenarios``); the communities no cluster serves (with
    ``communities``); the change over time (with ``periods``); helix synergy; degree
    distribution; interactive maps (with ``maps``); the measures with references. Parts
    whose inputs are missing are left out.

    Parameters
    ----------
    dataset_meta : mapping
        ``title, source, synthetic, path`` (as in :class:`helixnet.io.loader.DatasetMeta`).
    network : pandas.Series
        Network summary (:func:`helixnet.network_summary`); ``ei_index``, ``T_UIG`` and
        ``T_UIGC`` are shown with their explanations, other keys as network rows.
    cluster_table : pandas.DataFrame
        Indexed by cluster id (:func:`helixnet.metrics.table.cluster_metrics`).
    org_metrics : pandas.DataFrame
        Indexed by organisation id: ``name, helix, kind, sme, is_cluster`` and the measures
        (``betweenness`` is required; ``participation`` and ``top1_share`` for the scatter).
    lang : {"en", "nl"}
    parameters : mapping, optional
        Run parameters listed in the footer and the provenance (e.g. years, seed).
    top_n : int
        Length of the top-organisations table.
    dpi : int
        Resolution of the embedded figures.
    brokerage_global, ei_groups, synergy : pandas.DataFrame, optional
        Whole-network brokerage per role, E-I per helix, Leydesdorff's T per scope.
    scenarios : ScenarioResults, optional
        The what-if results of :mod:`helixnet.scenarios`.
    communities : Communities, optional
        :attr:`helixnet.analysis.Analysis.communities`.
    periods : PeriodSeries, optional
        :attr:`helixnet.analysis.Analysis.periods`.
    provenance : mapping, optional
        ``imports`` (rows of the data's import log) and ``extra`` (further dataset.toml keys).
    maps : mapping, optional
        ``links``: (label, relative path) of the map pages; ``depth`` and ``max_nodes``.
    data_links : bool
        Name the data file (``tables/<stem>.csv``) under every figure.
    evidence_settings : mapping, optional
        The baselines' settings; their columns are in ``cluster_table`` (the baselines section).
    plans, plan_window, plan_titles : optional
        The scenario plans' tables, the years they ran on and the plans' titles (the plans section).
    themes : ThemeAnalysis, optional
        The theme table and the missing-theme rule (the themes section).
    findings : Findings, optional
        The summary's words by rule (:func:`helixnet.findings.findings_of`): the summary,
        the cluster cards; without them the summary says there is nothing to summarise.

    Returns
    -------
    Report

    Raises
    ------
    OptionError
        For an unsupported language, ``top_n < 1``, or ``org_metrics`` without ``betweenness``.
    """
    import helixnet
    from helixnet.texts import texts
    from helixnet.report.document import Document
    from helixnet.report.html import render_html
    from helixnet.report.rows import run_parameters
    from helixnet.report.sections import ReportData, document_blocks
    from helixnet.viz import style

    text = texts(style.check_lang(lang))
    if top_n < 1:
        raise OptionError(f"top_n must be at least 1, got {top_n}")
    if "betweenness" not in org_metrics.columns:
        raise OptionError("organisation metrics have no 'betweenness' column, needed for the top organisations table")
    shown_parameters = run_parameters(dict(parameters or {}), text, lang)
    data = ReportData(meta=dataset_meta, network=network, clusters=cluster_table, organisations=org_metrics,
                      parameters=shown_parameters, top_n=top_n, dpi=dpi, brokerage_global=brokerage_global,
                      ei_groups=ei_groups, synergy=synergy, scenarios=scenarios, communities=communities,
                      periods=periods, provenance=provenance, maps=maps, data_links=data_links,
                      evidence_settings=evidence_settings, plans=plans, plan_window=plan_window,
                      plan_titles=plan_titles, themes=themes, findings=findings)
    synthetic = bool(dataset_meta.get("synthetic", False))
    document = Document(
        title=str(dataset_meta.get("title") or text["default_title"]), subtitle=text["subtitle"], lang=lang,
        banner=text["synthetic"] if synthetic else "", blocks=document_blocks(data, text, lang), text=text,
        footer=[text["footer_version"].format(version=helixnet.__version__),
                f"{text['parameters']}: " + "; ".join(f"{key} = {value}" for key, value in shown_parameters)],
        data_links=data_links)
    return Report(document=document, html=render_html(document))
