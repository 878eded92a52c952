"""The report's baselines section: each cluster against fair baselines.

Reads the evidence of :func:`helixnet.analysis.with_evidence` (joined onto the cluster
table) and makes one table per key measure: the observed value; the degree-preserving
null (mean and sd over the replicates, z, the percentile of the observed value in the
null, and the rule's word: above / within / below the null's 95% range); the percentile
among organisations of similar degree and among the other intermediaries; the 95%
bootstrap interval over projects; and whether the null side holds under every weighting
variant. sna's Bernoulli z is shown beside it, labelled as growing with degree. Computes
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helixnet.report.document import Block, Cell, Heading, Paragraph, Table

if TYPE_CHECKING:
    from helixnet.report.inputs import ReportData

#: The measures shown, in order: brokerage, bridging between helices, helix mix, capture by
#: one partner, and the two-mode helix diversity of the cluster's projects.
KEY_MEASURES = ("brokerage_t", "cross_helix_betweenness", "participation", "top1_share", "helix_diverse_share")
#: sna's Bernoulli z shown beside a measure (the same quantity under sna's null).
SNA_Z = {"brokerage_t": "brokerage_t_z"}


def _fmt(value: Any, lang: str, digits: int = 3) -> str:
    from helixnet.viz import style

    return style.format_number(value, lang, digits=digits) if value == value and value is not None else "–"


def _pct(value: Any, lang: str) -> str:
    return f"P{_fmt(value, lang, 0)}" if value == value and value is not None else "–"


def measure_rows(clusters: "Any", measure: str, text: dict[str, str], lang: str) -> list[tuple]:
    """One row per cluster: name, observed, null mean (sd), z, null percentile and side,
    peer percentiles, bootstrap interval, robust flag (and sna's z where there is one)."""
    rows = []
    for cluster, row in clusters.iterrows():
        get = row.get
        side = str(get(f"{measure}_null_side", "") or "")
        robust = get(f"{measure}_robust")
        cells = [
            str(get("name", cluster)),
            Cell(_fmt(get(measure), lang)),
            Cell(_fmt(get(f"{measure}_null_mean"), lang), f"sd {_fmt(get(f'{measure}_null_sd'), lang)}"),
            Cell(_fmt(get(f"{measure}_null_z"), lang, 2), _pct(get(f"{measure}_null_pct"), lang)),
            Cell(text.get(f"side_{side}", side or "–"), strong=side in ("above", "below")),
            Cell(_pct(get(f"{measure}_pct_degree_band"), lang)),
            Cell(_pct(get(f"{measure}_pct_intermediaries"), lang)),
            Cell(f"[{_fmt(get(f'{measure}_boot_lo'), lang)}, {_fmt(get(f'{measure}_boot_hi'), lang)}]"),
            Cell(text["yes"] if robust is True or robust == 1 else text["no"] if robust is not None else "–"),
        ]
        if measure in SNA_Z:
            cells.append(Cell(_fmt(get(SNA_Z[measure]), lang, 1)))
        rows.append(tuple(cells))
    return rows


def baselines_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """Against fair baselines: one table per key measure (see the module docstring)."""
    from helixnet.report.rows import measure_label, named

    if data.evidence_settings is None or not data.has_clusters:
        return []
    clusters = data.clusters
    settings = data.evidence_settings
    blocks: list[Block] = [
        Heading(text["baselines"], anchor="baselines", new_page=True),
        Paragraph(text["baselines_intro"].format(replicates=settings.get("null_replicates", "–"),
                                                 strata=text["strata_helix"]
                                                 if "within helices" in str(settings.get("null_model", ""))
                                                 else text["strata_none"])),
        Paragraph(text["baselines_rule"], kind="note"),
    ]
    replicates = settings.get("null_replicates")
    significance = settings.get("significance", 0.05)
    if isinstance(replicates, int) and 2 / (replicates + 1) >= significance:
        # the smallest two-sided empirical p is 2 / (R + 1): with too few samples no verdict can be "above"/"below"
        blocks.append(Paragraph(text["baselines_too_few"].format(replicates=replicates,
                                                                 needed=int(2 / significance)), kind="note"))
    base_header = [text["cluster"], text["observed"], text["null_mean"], text["null_z"], text["null_side"],
                   text["peers_degree"], text["peers_intermediaries"], text["bootstrap_interval"], text["robust"]]
    for measure in KEY_MEASURES:
        if f"{measure}_null_mean" not in clusters.columns:
            continue
        header = base_header + ([text["sna_z"]] if measure in SNA_Z and SNA_Z[measure] in clusters.columns else [])
        label = measure_label(measure, lang)
        columns = [c for c in clusters.columns if c == measure or c.startswith(f"{measure}_")]
        rows = measure_rows(clusters, measure, text, lang)
        rows = [r[:len(header)] for r in rows]
        blocks.append(Table(f"baseline_{measure}", text["baseline_table"].format(measure=label), tuple(header),
                            tuple(rows), named(clusters[columns], clusters),
                            numeric=(False,) + (True,) * (len(header) - 1), style="profile"))
    return blocks
