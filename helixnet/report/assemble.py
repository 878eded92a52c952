"""Turn a finished :class:`helixnet.analysis.Analysis` into the report's inputs.

:func:`report_for` is the one place that hands an analysis (its tables, communities,
per-period series and scenario results, all computed before) and the provenance of its
data to :func:`helixnet.report.builder.build_report`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helixnet.analysis import Analysis
    from helixnet.report.builder import Report


def report_for(analysis: "Analysis", lang: str = "en", maps: Mapping[str, Any] | None = None,
               data_links: bool = False, parameters: Mapping[str, Any] | None = None, dpi: int = 120) -> "Report":
    """Build the report of ``analysis``: every table, and the communities, per-period
    series and scenarios when the analysis holds them; the provenance (``import.log`` of
    the data directory, further ``dataset.toml`` keys). ``parameters`` are listed with the
    seed and, when there are communities, their settings; ``dpi`` is the figures' resolution."""
    from helixnet.findings import findings_of
    from helixnet.metrics.table import brokerage_global_table
    from helixnet.report.builder import build_report

    meta = analysis.dataset.meta
    params = {**(parameters or {}), "seed": analysis.seed}
    if analysis.communities is not None:
        params.update(community_method=analysis.communities.method,
                      community_resolution=analysis.communities.resolution)
    return build_report(
        {"title": meta.title, "source": meta.source, "synthetic": meta.synthetic, "path": meta.path,
         "files": meta.files, "period": analysis.period},
        analysis.network, analysis.clusters, analysis.organisations, lang=lang, parameters=params, dpi=dpi,
        brokerage_global=brokerage_global_table(analysis.brokerage), ei_groups=analysis.ei_groups,
        synergy=analysis.synergy, scenarios=analysis.scenarios, communities=analysis.communities,
        periods=analysis.periods, provenance=provenance(meta), maps=maps, data_links=data_links,
        evidence_settings=analysis.evidence.settings if analysis.evidence is not None else None,
        plans=analysis.plan_tables, plan_window=_plan_window(analysis), plan_titles=_plan_titles(analysis, lang),
        themes=analysis.themes, findings=findings_of(analysis))


def _plan_window(analysis: "Analysis") -> tuple[Any, Any]:
    context = analysis.plans.context if analysis.plans is not None else None
    return (context.start_year, context.end_year) if context is not None else (None, None)


def _plan_titles(analysis: "Analysis", lang: str) -> dict[str, str]:
    if analysis.plans is None:
        return {}
    return {plan.id: getattr(plan, f"title_{lang}", plan.id) for plan in analysis.plans.context.plans}


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
