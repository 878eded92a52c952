"""The report's trends section: the network and the clusters' measures per window of project start.

Renders :class:`helixnet.analysis.PeriodSeries` only: rates, founding years, incomplete
windows and the membership-only partners are computed in :mod:`helixnet.metrics.periods`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helixnet.report.document import Block, Heading, Paragraph, Table, figure, grouped_rows, plain_table
from helixnet.texts import catalogue
from helixnet.viz import style

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.report.inputs import ReportData

#: The measures of the cluster table, one group each (the figure shows them all).
TABLE_MEASURES: tuple[tuple[str, str], ...] = (("projects_per_year", "rates_heading"),
                                               ("collaboration_partners", "collaboration_heading"),
                                               ("membership_only", "membership_heading"))


def time_section(data: "ReportData", text: dict[str, str], lang: str) -> list[Block]:
    """How has it changed over time? The network per window, the clusters' measures per window."""
    from helixnet.viz import trend_figures

    periods = data.periods
    if periods is None:
        return []
    series, network = periods.clusters, periods.network
    words = catalogue(lang)["trends"]
    labels = list(series.attrs.get("periods") or network.index)
    blocks: list[Block] = [Heading(text["time"], anchor="time", new_page=True)]
    if not labels:
        return blocks + [Paragraph(text["no_periods"])]
    lengths = sorted({end - start + 1 for start, end in periods.periods})
    blocks.append(Paragraph(words["intro"].format(periods=", ".join(labels),
                                                  length=style.format_number(lengths[-1], lang))))
    notes = []
    if data.has_clusters and len(series):
        notes.append(founding_note(series, words, lang))
    incomplete = series.attrs.get("incomplete") or [p for p, ok in network["complete"].items() if not ok]
    if incomplete:
        notes.append(words["incomplete"].format(periods=", ".join(incomplete),
                                                year=int(network.loc[incomplete[-1], "end_year"])))
    blocks += [Paragraph(note, "note") for note in notes]
    blocks += [Heading(text["network_periods"], level=3), Paragraph(words["network_intro"]),
               plain_table("network_periods", text["network_periods"], *network_rows(network, text, lang), network,
                           style="synergy")]
    if not data.has_clusters:
        return blocks + [Paragraph(text["no_clusters"])]
    if len(series):
        blocks.append(figure("time", trend_figures.time_series(series, lang=lang), series, words["alt"], words["fig"],
                             data.dpi))
        header, groups = cluster_rows(series, text, lang)
        blocks.append(Table("time_series", words["table"], tuple(header), grouped_rows(groups), series,
                            numeric=(False,) + (True,) * (len(header) - 1), style="synergy"))
    return blocks


def founding_note(series: "pd.DataFrame", words: dict[str, str], lang: str) -> str:
    """The sentence naming each cluster's founding year (first year with activity)."""
    first = series.drop_duplicates("cluster")
    years = [f"{name} {int(year)}" if year == year else f"{name} –" for name, year in zip(first["name"], first["founded"])]
    return words["founded"].format(years=", ".join(years))


def network_rows(network: "pd.DataFrame", text: dict[str, str], lang: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the network-per-window table (one row per measure)."""
    from helixnet.metrics.periods import NETWORK_MEASURES

    labels = catalogue(lang)["trend_measures"]
    header = [text["measure"], *(_mark(p, ok) for p, ok in network["complete"].items())]
    rows = []
    for measure in NETWORK_MEASURES:
        label = labels.get(f"{measure}_network", labels[measure])
        shown = [style.format_percent(v, lang) if measure.endswith("share") else style.format_number(
            style.plain(v), lang) for v in network[measure]]
        rows.append([label, *shown])
    return header, rows


def cluster_rows(series: "pd.DataFrame", text: dict[str, str], lang: str) -> tuple[list[str], list[tuple[str, Any]]]:
    """Header and grouped rows of the cluster table: per measure of :data:`TABLE_MEASURES`,
    one row per cluster and one column per window ("–" before the cluster's founding)."""
    from helixnet.report.rows import capital
    from helixnet.viz.trend_figures import time_series_data

    words = catalogue(lang)["trends"]
    complete = series.drop_duplicates("period").set_index("period")["complete"]
    periods = list(complete.index)
    names = series.drop_duplicates("cluster").set_index("cluster")["name"]
    groups = []
    for measure, heading in TABLE_MEASURES:
        table = time_series_data(series, measure)
        groups.append((capital(words[heading]), [[str(names[c])] + [style.format_number(style.plain(table.at[p, c]), lang)
                                                                    for p in periods] for c in table.columns]))
    return [text["cluster"], *(_mark(p, ok) for p, ok in complete.items())], groups


def _mark(period: str, complete: bool) -> str:
    return period if complete else f"{period}*"
