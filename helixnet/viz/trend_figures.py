"""The trend and community figures of the report (matplotlib; nothing shown or written).

:func:`time_series` draws the clusters' measures per window of project start
(:func:`helixnet.metrics.periods.cluster_time_series`) and :func:`community_gaps` the
communities' activity against the share of their projects the clusters facilitated
(:class:`helixnet.analysis.Communities`). Both only draw what the analysis computed; the
``*_data`` functions return exactly the values drawn, so tests and the report's CSV files
can check them. Words come from the text catalogue (namespaces ``trend_figures`` and
``trend_measures``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.texts import catalogue
from helixnet.viz import style
from helixnet.viz.static import A4_WIDTH, _label_points, _number_formatter, _wrap, mpl_text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: Shares among the time-series measures (shown in percent).
PERCENT_MEASURES = frozenset({"top1_share", "share_sme"})

#: Background of the incomplete window.
INCOMPLETE_SHADE = "#ececec"


def time_measure_label(measure: str, lang: str) -> str:
    """The display label of a time-series measure (catalogue namespace ``trend_measures``)."""
    return catalogue(style.check_lang(lang))["trend_measures"][measure]


def time_series_data(series: "pd.DataFrame", measure: str) -> "pd.DataFrame":
    """One measure of :func:`helixnet.metrics.periods.cluster_time_series` as a window x
    cluster table (rows in window order, columns in cluster order, values as in the series:
    NaN before a cluster's founding)."""
    periods = list(dict.fromkeys(series["period"]))
    clusters = list(dict.fromkeys(series["cluster"]))
    table = series.pivot(index="period", columns="cluster", values=measure).reindex(index=periods, columns=clusters)
    return table.astype(float)


def time_series(series: "pd.DataFrame", measures: Sequence[str] | None = None, lang: str = "en") -> "Figure":
    """Small multiples over time: one panel per measure, one line per cluster.

    Windows are on the x axis in order; each cluster keeps one colour and marker in every
    panel, and its legend entry names its founding year. A cluster is drawn only from the
    window of its founding (its values before are NaN, so nothing is drawn there). Every
    complete window is joined by a solid line (gid ``cluster-<i>``); an incomplete last
    window is shaded, labelled with an asterisk and reached by a dotted segment with open
    markers (gid ``incomplete-<i>``). The y axis spans the measure's natural range
    (:data:`helixnet.metrics.periods.MEASURE_RANGE`: shares 0-100%, E-I index -1 to 1)
    or starts at 0 for counts and rates, so small changes are not blown up. Shares in percent.

    Raises
    ------
    OptionError
        If ``series`` has no rows or lacks a requested measure.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from helixnet.metrics.periods import MEASURE_RANGE, TIME_MEASURES

    lang = style.check_lang(lang)
    text = catalogue(lang)["trend_figures"]
    measures = list(measures if measures is not None else TIME_MEASURES)
    missing = [m for m in measures if m not in series.columns]
    if missing:
        raise OptionError(f"the time series has no column(s) {', '.join(map(repr, missing))}")
    if not len(series) or not measures:
        raise OptionError("the time series is empty: no periods or no clusters to show")
    clusters = list(dict.fromkeys(series["cluster"]))
    first = series.drop_duplicates("cluster").set_index("cluster")
    periods = list(dict.fromkeys(series["period"]))
    complete = series.drop_duplicates("period").set_index("period")["complete"].reindex(periods).astype(bool)
    palette = list(style.OKABE_ITO.values())
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    ncols = 3 if len(measures) > 4 else min(len(measures), 2)
    nrows = -(-len(measures) // ncols)
    fig = Figure(figsize=(A4_WIDTH, 1.6 + 2.3 * nrows), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
    x = list(range(len(periods)))
    ticks = [p if complete[p] else f"{p}*" for p in periods]
    solid = complete.to_numpy()
    dotted = ~solid
    dotted[:-1] |= ~solid[1:]  # the dotted segment starts at the last complete window
    for ax, measure in zip(grid.flat, measures):
        table = time_series_data(series, measure)
        scale = 100.0 if measure in PERCENT_MEASURES else 1.0
        for i, cluster in enumerate(clusters):
            values = table[cluster].to_numpy() * scale
            look = {"color": palette[i % len(palette)], "marker": markers[i % len(markers)], "markersize": 4}
            ax.plot(x, [v if s else float("nan") for v, s in zip(values, solid)], linewidth=1.4,
                    gid=f"cluster-{i}", **look)
            if not solid.all():
                ax.plot(x, [v if d else float("nan") for v, d in zip(values, dotted)], linewidth=1.1, linestyle=":",
                        markerfacecolor="white", markevery=[j for j in x if not solid[j]], gid=f"incomplete-{i}",
                        **look)
        for j in x:
            if not solid[j]:
                ax.axvspan(j - 0.5, j + 0.5, color=INCOMPLETE_SHADE, zorder=0, linewidth=0, gid="incomplete")
        unit = " (%)" if scale == 100.0 else ""
        ax.set_title(mpl_text(_wrap(time_measure_label(measure, lang) + unit, 30)), fontsize=8.5, loc="left")
        ax.set_xticks(x, ticks, fontsize=7.5, rotation=25, ha="right", rotation_mode="anchor")
        ax.set_xlim(-0.5, len(x) - 0.5)
        ax.tick_params(axis="y", labelsize=8)
        ax.yaxis.set_major_formatter(_number_formatter(lang))
        ax.grid(True, color="#eeeeee", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        low, high = MEASURE_RANGE.get(measure, (0.0, None))
        if high is None:
            ax.set_ylim(bottom=low * scale)
            if ax.get_ylim()[1] <= low * scale:  # a panel of zeros keeps a visible span
                ax.set_ylim(top=low * scale + 1.0)
        else:
            pad = 0.04 * (high - low) * scale
            ax.set_ylim(low * scale - pad, high * scale + pad)
    for spare in list(grid.flat)[len(measures):]:
        spare.set_visible(False)
    for ax in grid[-1]:
        ax.set_xlabel(text["time_x"], fontsize=8.5)
    handles = [Line2D([], [], color=palette[i % len(palette)], marker=markers[i % len(markers)], markersize=4,
                      linewidth=1.4, label=mpl_text(_legend_name(first.loc[c], c, text)))
               for i, c in enumerate(clusters)]
    if not solid.all():
        handles.append(Patch(facecolor=INCOMPLETE_SHADE, edgecolor="none", label=text["time_incomplete"]))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 2), frameon=False, fontsize=8)
    fig.suptitle(text["time_title"], x=0.01, ha="left", fontweight="bold", wrap=True)
    return fig


def _legend_name(row: "pd.Series", cluster: object, text: dict[str, str]) -> str:
    name = str(row["name"]) if row["name"] == row["name"] else str(cluster)
    founded = row.get("founded", float("nan"))
    return text["time_since"].format(name=name, year=int(founded)) if founded == founded else name
