"""The report's themes section: theme by theme, which active themes the clusters hardly facilitate.

Reads :class:`helixnet.metrics.themes.ThemeAnalysis` (computed during the analysis) and
makes blocks: the gap rule with its thresholds, a sentence naming the candidate gaps found
by that rule (or saying there are none), and the theme table (projects per year in the
recent and the previous window, growth, share facilitated by any cluster with its
interval, SMEs, the rule's verdict). Computes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.report.document import Block, Cell, Heading, Paragraph, Table

if TYPE_CHECKING:
    from helixnet.report.inputs import ReportData


def _window(window: tuple[int, int] | None) -> str:
    return "–" if window is None else f"{window[0]}–{window[1]}"


def themes_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """Themes: the rule, the candidate gaps and the theme table."""
    from helixnet.io.themes import theme_label
    from helixnet.viz import style

    themes = data.themes
    if themes is None or themes.table.empty:
        return []
    rule, table = themes.rule, themes.table
    number = lambda value, digits=1: style.format_number(value, lang, digits=digits)  # noqa: E731
    percent = lambda share: style.format_percent(share, lang) if share == share else "–"  # noqa: E731
    blocks: list[Block] = [
        Heading(text["themes_title"], anchor="themes", new_page=True),
        Paragraph(text["themes_rule"].format(
            window=rule.window, recent=_window(themes.recent), previous=_window(themes.previous),
            min_projects=rule.min_projects, growth=percent(rule.min_growth),
            max_facilitated=percent(rule.max_facilitated), confidence=percent(rule.confidence)), kind="note"),
    ]
    if themes.incomplete_years:
        blocks.append(Paragraph(text["themes_incomplete"].format(
            years=", ".join(str(y) for y in themes.incomplete_years))))
    if themes.unthemed or themes.undated:
        blocks.append(Paragraph(text["themes_unlabelled"].format(unthemed=themes.unthemed, undated=themes.undated),
                                kind="key"))
    names = {theme: theme_label(theme, lang) for theme in table.index}
    gaps, robust = themes.candidate_gaps, set(themes.robust_gaps)
    if themes.basis != "recorded":
        blocks.append(Paragraph(text[f"themes_basis_{themes.basis}"], kind="key"))
    if gaps:
        listed = ", ".join(f"{names[g]}{'' if g in robust else ' (' + text['gap_not_robust'] + ')'}" for g in gaps)
        blocks.append(Paragraph(text["themes_gaps"].format(n=len(gaps), themes=listed)))
    elif themes.basis != "none":
        blocks.append(Paragraph(text["themes_no_gaps"].format(max_facilitated=percent(rule.max_facilitated))))
    header = (text["theme"], text["theme_projects"], text["theme_rate_recent"], text["theme_rate_previous"],
              text["theme_growth"], text["theme_facilitated"], text["theme_smes"], text["theme_verdict"])
    rows = []
    for theme, row in table.iterrows():
        growth = "∞" if row["growth"] == float("inf") else (
            f"{'+' if row['growth'] > 0 else ''}{percent(row['growth'])}" if row["growth"] == row["growth"] else "–")
        facilitated = Cell(percent(row["facilitated_recent"]),
                           f"[{percent(row['facilitated_recent_low'])}, {percent(row['facilitated_recent_high'])}]")
        verdict = (text["verdict_gap"] if row["gap_robust"] else text["verdict_gap_weak"] if row["candidate_gap"]
                   else text["verdict_inactive"] if not row["active"] else text["verdict_served"])
        rows.append((names[theme], number(row["projects"], 0), number(row["rate_recent"]),
                     number(row["rate_previous"]), growth, facilitated, number(row["smes"], 0),
                     Cell(verdict, strong=bool(row["candidate_gap"]))))
    blocks.append(Table("themes", text["themes_table"], header, tuple(rows), table,
                        numeric=(False, True, True, True, True, True, True, False)))
    return blocks
