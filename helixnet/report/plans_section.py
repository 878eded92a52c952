"""The report's scenario-plan section: what each plan does to each cluster, and how sure we are.

Reads the tables of :func:`helixnet.scenarios.summary.scenario_tables` (computed during the
analysis) and makes blocks: per plan a change matrix (clusters x outcomes, % change) and a
table of the change with its 90% interval over all draws (parameter and random
uncertainty together), the share of draws in which the change has the sign of its mean,
and the parameter that drives the cross-helix ties most; then the assumptions table (every
parameter's range and rationale). Computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helixnet.report.document import Block, Cell, Heading, Paragraph, Table, figure

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.report.inputs import ReportData

#: The outcome whose main driver the plan tables name.
DRIVER_OUTCOME = "cross_helix_ties"
#: The outcomes of the plan tables (the figure and ``plans/plan_results.csv`` hold them all).
TABLE_OUTCOMES = ("facilitated_projects", "cross_helix_ties", "smes_reach_knowledge")


def _number(value: Any, lang: str, digits: int = 0) -> str:
    from helixnet.viz import style

    return style.format_number(value, lang, digits=digits) if value == value else "–"


def change_cell(row: "pd.Series", lang: str) -> Cell:
    """``−26% [−37, −17]`` with the share of draws of that sign (``↓ 100%``) as detail; for a
    before value of 0 the absolute change."""
    from helixnet.viz import style

    if row["pct_mean"] == row["pct_mean"]:
        text = (f"{_signed(row['pct_mean'], lang)}% [{_signed(row['pct_low'], lang)}, "
                f"{_signed(row['pct_high'], lang)}]")
    else:
        text = (f"{_signed(row['delta_mean'], lang)} [{_signed(row['delta_low'], lang)}, "
                f"{_signed(row['delta_high'], lang)}]")
    up = row["delta_mean"] >= 0
    share = row["share_up"] if up else row["share_down"]
    arrow = "↑" if row["delta_mean"] > 0 else ("↓" if row["delta_mean"] < 0 else "=")
    return Cell(text, f"{arrow} {style.format_percent(share, lang)}")


def _signed(value: float, lang: str) -> str:
    from helixnet.viz import style

    if value != value:
        return "–"
    rounded = round(float(value))
    text = style.format_number(abs(rounded), lang, digits=0)
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + text


def plans_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """Scenario plans: one block group per plan, then the assumptions."""
    from helixnet.report.rows import named
    from helixnet.scenarios.measures import BETTER, OUTCOME_LABELS, OUTCOMES
    from helixnet.viz import scenario_figures

    tables = data.plans
    if tables is None:
        return []
    results, assumptions = tables["plan_results"], tables["assumptions"]
    names = data.clusters["name"].to_dict() if "name" in data.clusters.columns else {}
    labels = OUTCOME_LABELS[lang]
    window = data.plan_window
    blocks: list[Block] = [
        Heading(text["plans"], anchor="plans", new_page=True),
        Paragraph(text["plans_intro"].format(draws=_number(results["n_draws"].max(), lang),
                                             start=window[0], end=window[1]), kind="note"),
        Paragraph(text["plans_reading"]),
    ]
    titles = data.plan_titles or {}
    outcomes = [o for o in OUTCOMES if o in set(results["outcome"])]
    shown = [o for o in TABLE_OUTCOMES if o in outcomes]
    header = (text["cluster"], text["plan_scenario"], *(labels[o] for o in shown), text["plan_driver"])
    for plan in results["plan"].unique():
        rows_of_plan = results[results["plan"] == plan]
        blocks.append(Heading(titles.get(plan, plan), level=3, anchor=f"plan-{plan}"))
        blocks.append(figure(f"plan_{plan}", scenario_figures.plan_change_matrix(results, plan, lang=lang, names=names,
                                                                          title=titles.get(plan, plan)),
                             scenario_figures.plan_change_matrix_data(results, plan),
                             text["alt_plan"].format(plan=titles.get(plan, plan)),
                             text["fig_plan"].format(plan=titles.get(plan, plan)), data.dpi))
        rows = []
        for cluster, group in rows_of_plan.groupby("cluster", sort=False):
            by_outcome = group.set_index("outcome")
            scenario = text.get(f"scenario_{by_outcome['scenario'].iloc[0]}", by_outcome["scenario"].iloc[0])
            cells = [change_cell(by_outcome.loc[o], lang) if o in by_outcome.index else Cell("–") for o in shown]
            driver = by_outcome.loc[DRIVER_OUTCOME] if DRIVER_OUTCOME in by_outcome.index else None
            named_driver = driver is not None and isinstance(driver["driver_1"], str) and driver["driver_1"] != ""
            driver_cell = Cell(driver["driver_1"], f"ρ {_number(driver['rho_1'], lang, 2)}") if named_driver \
                else Cell("–")
            rows.append((names.get(cluster, cluster), scenario, *cells, driver_cell))
        blocks.append(Table(f"plan_{plan}", text["plan_table"].format(plan=titles.get(plan, plan)), header,
                            tuple(rows), named(rows_of_plan.set_index("cluster"), data.clusters).reset_index(),
                            numeric=(False, False) + (True,) * len(shown) + (False,), style="scenario-table"))
    blocks.append(Paragraph(text["plans_better"].format(
        better=", ".join(labels[o] for o in outcomes if BETTER.get(o) == 1),
        neutral=", ".join(labels[o] for o in outcomes if BETTER.get(o) == 0))))
    blocks.append(Heading(text["plan_assumptions"], level=3, anchor="plan-assumptions"))
    rationale = f"rationale_{lang}"
    assumption_rows = tuple(
        (row["parameter"], str(row["scenarios"]), f"{_number(row['low'], lang, 2)} – {_number(row['high'], lang, 2)}",
         row[rationale]) for _, row in assumptions.iterrows())
    blocks.append(Table("plan_assumptions", text["plan_assumptions"],
                        (text["parameter"], text["plan_scenario"], text["plan_range"], text["rationale"]),
                        assumption_rows, assumptions, numeric=(False, False, True, False), style="assumptions"))
    return blocks
