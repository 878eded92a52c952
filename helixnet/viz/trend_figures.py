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
    # a window's years on two lines ("2017–" over "2018"): five windows fit a third of a page
    ticks = [str(p).replace("–", "–\n", 1) + ("" if complete[p] else "*") for p in periods]
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
        ax.set_xticks(x, ticks, fontsize=7, linespacing=0.95)
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


#: Communities smaller than this (pairs, organisations without partners) are left out of the
#: community figure and table; the data file lists them all.
COMMUNITY_MIN_SHOWN = 3


def community_gaps_data(profile: "pd.DataFrame") -> "pd.DataFrame":
    """The points of :func:`community_gaps`: communities of at least :data:`COMMUNITY_MIN_SHOWN`
    organisations with projects in the recent window: ``size``, ``projects_recent``,
    ``facilitated_recent`` (share, 0-1) and ``candidate`` (the gap rule's verdict)."""
    shown = profile[(profile["size"] >= COMMUNITY_MIN_SHOWN) & (profile["projects_recent"] > 0)]
    data = shown[["size", "projects_recent", "facilitated_recent"]].copy()
    data["candidate"] = shown["candidate_gap"].astype(bool)
    return data


def community_gaps(profile: "pd.DataFrame", min_projects: int, max_facilitated: float, lang: str = "en",
                   zone: bool = True, label_top: int = 12) -> "Figure":
    """Communities by recent activity (x, log) and the share of their recent projects a cluster facilitated (y, %).

    Each community of :func:`community_gaps_data` is a circle whose area grows with its
    organisations. With ``zone``, the shaded corner (at least ``min_projects`` recent
    projects, at most ``max_facilitated`` facilitated) is where the gap rule looks; the
    candidates (also growing, see :class:`helixnet.metrics.themes.GapRule`) are drawn in
    the accent colour (gid ``candidates``), the others in grey (gid ``communities``). The
    ``label_top`` most active communities and every candidate are labelled with their
    number (C1 = largest), as in the community table.

    Raises
    ------
    OptionError
        If ``profile`` lacks a column of :func:`community_gaps_data`.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    lang = style.check_lang(lang)
    text = catalogue(lang)["communities_view"]
    missing = [c for c in ("size", "projects_recent", "facilitated_recent", "candidate_gap") if c not in profile.columns]
    if missing:
        raise OptionError(f"community profile has no column(s) {', '.join(map(repr, missing))}")
    data = community_gaps_data(profile)
    fig = Figure(figsize=(A4_WIDTH, 4.8), layout="constrained")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = data["projects_recent"].astype(float).to_numpy()
    y = data["facilitated_recent"].astype(float).to_numpy() * 100.0
    sizes = data["size"].astype(float).to_numpy()
    candidate = data["candidate"].to_numpy(dtype=bool)
    area = 15.0 + 500.0 * np.sqrt(sizes / sizes.max()) if len(sizes) else sizes
    x_high = max(float(x.max()) if len(x) else 10.0, float(min_projects)) * 1.8
    ax.set_xscale("log")
    ax.set_xlim(0.7, x_high)
    ax.set_ylim(-4, 104)
    if zone:
        ax.add_patch(Rectangle((min_projects, -4), x_high - min_projects, max_facilitated * 100.0 + 4,
                               facecolor="#fff3cd", edgecolor="#E69F00", linewidth=0.8, zorder=0, gid="zone"))
    ax.scatter(x[~candidate], y[~candidate], s=area[~candidate], color="#9a9a9a", alpha=0.55, edgecolors="#555555",
               linewidths=0.4, zorder=2, gid="communities")
    ax.scatter(x[candidate], y[candidate], s=area[candidate], color=style.OKABE_ITO["vermillion"], alpha=0.8,
               edgecolors="#1a1a1a", linewidths=0.6, zorder=3, gid="candidates")
    order = np.argsort(-x, kind="stable")
    labelled = sorted(set(order[:label_top].tolist()) | set(np.flatnonzero(candidate).tolist()))
    _label_points(ax, canvas, x[labelled], y[labelled],
                  [text["label"].format(number=int(data.index[i])) for i in labelled])
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0f}%")
    ax.set_xlabel(text["fig_x"])
    ax.set_ylabel(text["fig_y"])
    ax.set_title(text["fig_title"], loc="left", fontweight="bold", wrap=True)
    ax.grid(True, color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor="#9a9a9a", edgecolor="#555555", label=text["fig_communities"])]
    if zone:
        handles.insert(0, Patch(facecolor="#fff3cd", edgecolor="#E69F00", label=text["fig_zone"].format(
            projects=style.format_number(min_projects, lang), facilitated=style.format_percent(max_facilitated, lang))))
    fig.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False, fontsize=8)
    return fig
