"""The report's trends section: the network and the clusters' measures per period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.report import rows as display
from helixnet.report.document import Block, Heading, Paragraph, Table, figure, grouped_rows, plain_table

if TYPE_CHECKING:
    from helixnet.report.inputs import ReportData


def time_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """How has it changed over time? The network per period, the clusters' measures per period."""
    from helixnet.viz import static

    periods = data.periods
    if periods is None:
        return []
    series, network = periods.clusters, periods.network
    section = display.time_rows(series, network, text, lang)
    blocks: list[Block] = [Heading(text["time"], anchor="time", new_page=True), Paragraph(section["intro"])]
    if section["network_rows"]:
        blocks += [Heading(text["network_periods"], level=3), Paragraph(text["network_periods_intro"]),
                   plain_table("network_periods", text["network_periods"], section["network_header"],
                                section["network_rows"], network, style="synergy")]
    if not data.has_clusters:
        blocks.append(Paragraph(text["no_clusters"]))
    elif section["empty"]:
        blocks.append(Paragraph(section["empty"]))
    elif len(series):
        blocks.append(figure("time", static.time_series(series, lang=lang), series, text["alt_time"],
                             text["fig_time"], data.dpi))
    if section["groups"]:
        groups = [(g["heading"], g["rows"]) for g in section["groups"]]
        blocks.append(Table("time_series", text["time_table"], tuple(section["header"]), grouped_rows(groups), series,
                            numeric=(False,) + (True,) * (len(section["header"]) - 1), style="synergy"))
    return blocks
