"""The report's communities section: which communities of the network no cluster serves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.report import rows as display
from helixnet.report.document import Block, Heading, Paragraph, Table, figure

if TYPE_CHECKING:
    from helixnet.report.inputs import ReportData


def communities_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """Which communities does no cluster serve? Rule, verdict, figure and table."""
    from helixnet.viz import static

    if data.communities is None:
        return []
    communities, profile = data.communities, data.communities.profile
    section = display.community_section(communities, text, lang)
    blocks: list[Block] = [Heading(text["communities"], anchor="communities", new_page=True),
                           Paragraph(section["intro"]), Paragraph(f"{section['rule']} {section['verdict']}", "note")]
    if section["themes_note"]:
        blocks.append(Paragraph(section["themes_note"], kind="key"))
    if (profile["size"] >= static.COMMUNITY_MIN_SHOWN).any():
        blocks.append(figure("communities", static.community_gaps(profile, communities.min_size,
                                                                 communities.max_coverage, lang=lang),
                             static.community_gaps_data(profile, communities.min_size, communities.max_coverage),
                             text["alt_gaps"], text["fig_gaps"], data.dpi))
    blocks.append(Table("communities", section["title"], tuple(section["header"]),
                        tuple(tuple(r) for r in section["rows"]), profile, numeric=tuple(section["numeric"]),
                        style="communities"))
    return blocks
