"""The report's communities section: the second view on missing themes, made stable.

Renders :class:`helixnet.analysis.Communities` only: the consensus partition, the agreement
between runs and the gap rule's verdicts are computed in the analysis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helixnet.report.document import Block, Heading, Paragraph, Table, figure
from helixnet.schema import HELICES
from helixnet.texts import catalogue
from helixnet.viz import style

if TYPE_CHECKING:
    from helixnet.analysis import Communities
    from helixnet.report.inputs import ReportData

#: How many communities the community table lists (besides every candidate missing theme).
TOP_COMMUNITIES = 12



def communities_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """Which communities does no cluster serve? Method and agreement, rule, verdict, figure and table."""
    from helixnet.viz.trend_figures import COMMUNITY_MIN_SHOWN, community_gaps, community_gaps_data

    communities = data.communities
    if communities is None:
        return []
    words = catalogue(lang)["communities_view"]
    profile = communities.profile
    blocks: list[Block] = [Heading(text["communities"], anchor="communities", new_page=True),
                           Paragraph(intro(communities, words, lang)),
                           Paragraph(f"{rule(communities, words, lang)} {verdict(communities, words, lang)}", "note")]
    small = int((profile["size"] < COMMUNITY_MIN_SHOWN).sum())
    if small:
        blocks.append(Paragraph(text["communities_small"].format(count=style.format_number(small, lang),
                                                                 size=COMMUNITY_MIN_SHOWN)))
    if not (profile["themes"] != "").any():  # exports such as H2020's have no project themes
        blocks.append(Paragraph(text["no_themes"], kind="key"))
    if len(community_gaps_data(profile)):
        blocks.append(figure("communities", community_gaps(profile, communities.rule.min_projects,
                                                           communities.rule.max_facilitated, lang=lang,
                                                           zone=communities.has_clusters),
                             community_gaps_data(profile), words["alt"], words["fig"], data.dpi))
    header, numeric, rows = table_rows(communities, text, lang)
    blocks.append(Table("communities", text["communities_table"].format(n=TOP_COMMUNITIES), tuple(header),
                        tuple(tuple(r) for r in rows), profile, numeric=tuple(numeric), style="communities"))
    return blocks


def intro(communities: "Communities", words: dict[str, str], lang: str) -> str:
    """How the communities were found, and how much the runs agree."""
    return words["intro"].format(
        runs=communities.runs, resolution=style.format_number(communities.resolution, lang), seed=communities.seed,
        count=style.format_number(len(communities.profile), lang),
        modularity=style.format_number(communities.modularity, lang),
        agreement=style.format_number(round(communities.run_agreement, 2), lang),
        weighting=style.format_number(round(communities.weighting_agreement, 2), lang))


def rule(communities: "Communities", words: dict[str, str], lang: str) -> str:
    """The gap rule with its thresholds and windows (the rule of the theme view)."""
    r = communities.rule
    span = lambda years: f"{years[0]}–{years[1]}" if years else "–"  # noqa: E731
    stated = words["rule"].format(min_projects=style.format_number(r.min_projects, lang),
                                  recent=span(communities.recent), previous=span(communities.previous),
                                  growth=style.format_percent(r.min_growth, lang),
                                  max_facilitated=style.format_percent(r.max_facilitated, lang))
    return f"{stated} {words['basis_participation']}" if communities.basis == "participation" else stated


def verdict(communities: "Communities", words: dict[str, str], lang: str) -> str:
    """No clusters / no candidate / how many candidates."""
    if not communities.has_clusters:
        return words["no_clusters"]
    if not len(communities.candidates):
        return words["none"]
    return words["found"].format(count=style.format_number(len(communities.candidates), lang))


def table_rows(communities: "Communities", text: dict[str, str], lang: str) -> tuple[list[str], list[bool], list[list[str]]]:
    """Header, numeric flags and rows of the table: the largest communities and every candidate."""
    from helixnet.viz.trend_figures import COMMUNITY_MIN_SHOWN

    words = catalogue(lang)["communities_view"]
    profile, candidates = communities.profile, communities.candidates
    large = profile[profile["size"] >= COMMUNITY_MIN_SHOWN]
    shown = sorted(set(large.index[:TOP_COMMUNITIES]) | set(candidates.index), key=lambda i: (-int(profile.at[i, "size"]), i))
    helices = [h for h in HELICES if f"share_{h}" in profile.columns]
    mix_label = text["helix_mix"].format(helices=" · ".join(style.helix_label(h, lang) for h in helices))
    has_themes = bool((profile["themes"] != "").any())

    def cells(number: int) -> list[tuple[str, bool, str]]:
        row = profile.loc[number]
        mark = "◆ " if number in candidates.index else ""
        mix = " · ".join(style.format_number(round(100 * float(row[f"share_{h}"])), lang) for h in helices)
        columns: list[tuple[str, bool, Any]] = [
            (text["community"], False, f"{mark}{words['label'].format(number=number)}"),
            (text["size"], True, style.format_number(int(row["size"]), lang)), (mix_label, True, mix)]
        if has_themes:
            columns.append((text["themes"], False, str(row["themes"]) or "–"))
        return columns + [
            (words["recent"], True, style.format_number(int(row["projects_recent"]), lang)),
            (words["growth"], True, style.format_percent(row["growth"], lang) if abs(row["growth"]) != float("inf")
             else words["new"]),
            (words["facilitated"], True, style.format_percent(row["facilitated_recent"], lang)),
            (text["coverage"], True, style.format_percent(row["coverage"], lang)),
            (text["community_clusters"], False, _first_items(str(row["clusters"]), 3) or "–")]

    layout = cells(shown[0]) if shown else []
    return ([label for label, _, _ in layout], [numeric for _, numeric, _ in layout],
            [[cell for _, _, cell in cells(number)] for number in shown])


def _first_items(joined: str, n: int) -> str:
    """The first ``n`` items of a ``"; "``-joined list, with "…" when there are more."""
    items = [item for item in joined.split("; ") if item]
    return "; ".join(items[:n]) + ("; …" if len(items) > n else "")
