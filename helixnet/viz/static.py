"""Static figures (matplotlib) for reports, and the helpers that turn them into bytes.

Every function returns a :class:`matplotlib.figure.Figure` built directly (no pyplot, so
no global figure state and no GUI backend); nothing is shown or written. Titles and axis
labels follow ``lang`` ("en" or "nl"); colours come from :mod:`helixnet.viz.style`.
Names from the data are shown literally (``$`` is escaped so matplotlib never reads a
name as mathtext).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from helixnet.errors import OptionError
from helixnet.schema import HELICES
from helixnet.texts import LANGUAGES, catalogue
from helixnet.viz import style
from helixnet.viz.fitting import wrap_label as _wrap

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: The measures :func:`cluster_comparison` shows by default, in panel order.
COMPARISON_METRICS: tuple[str, ...] = ("degree", "betweenness", "constraint", "share_sme")

#: The Gould-Fernandez roles :func:`brokerage_heatmap` shows, in column order (the total
#: ``t`` is left out: it mixes the roles; so is b_OI, equal to b_IO on the undirected
#: collaboration graph, see :data:`helixnet.metrics.catalogue.UNDIRECTED_DUPLICATE_ROLES`).
HEATMAP_ROLES: tuple[str, ...] = ("w_I", "w_O", "b_IO", "b_O")

#: Width of the report figures in inches: the text width of an A4 page (with margins), so that
#: a figure is printed at about its own size and its fonts stay readable.
A4_WIDTH = 7.2

#: |z| up to which the heatmap colour scale is linear (beyond it: logarithmic).
HEATMAP_LINEAR_Z = 2.0

#: The figures' words per language, from the text catalogue (namespace ``figures``).
STRINGS: dict[str, dict[str, str]] = {lang: catalogue(lang)["figures"] for lang in LANGUAGES}


def mpl_text(value: object) -> str:
    """``value`` as literal matplotlib text: ``$`` escaped so it is never mathtext."""
    return str(value).replace("$", r"\$")


def format_z(z: float, lang: str = "en") -> str:
    """A z-score as text: 3 significant digits (:func:`style.format_number`), ``∞`` / ``−∞``
    for an infinite value (sd = 0 with a non-zero difference), ``–`` for NaN."""
    if z == float("inf"):
        return "∞"
    if z == float("-inf"):
        return "−∞"
    return style.format_number(z, lang)


def partner_helix_shares(cluster_table: "pd.DataFrame") -> "pd.DataFrame":
    """Share of each cluster's partners per helix: index = cluster id, columns = HELICES.

    Uses the ``share_<helix>`` columns when all are present, otherwise normalises the
    ``partners_<helix>`` counts. A cluster without partners gets a row of NaN.

    Raises
    ------
    OptionError
        If the table has neither complete set of columns.
    """
    share_cols = [f"share_{h}" for h in HELICES]
    count_cols = [f"partners_{h}" for h in HELICES]
    if all(col in cluster_table.columns for col in share_cols):
        shares = cluster_table[share_cols].astype(float)
    elif all(col in cluster_table.columns for col in count_cols):
        counts = cluster_table[count_cols].astype(float)
        total = counts.sum(axis=1)
        shares = counts.div(total.where(total > 0), axis=0)
    else:
        raise OptionError(
            "cluster table needs the columns " + ", ".join(share_cols) + " or " + ", ".join(count_cols)
        )
    shares.columns = list(HELICES)
    return shares


def helix_composition(cluster_table: "pd.DataFrame", lang: str = "en") -> "Figure":
    """Stacked horizontal bars: the helix mix of each cluster's partners, in percent.

    One bar per cluster (in table order, top to bottom), one segment per helix in
    :data:`helixnet.schema.HELICES` order, coloured with the helix palette; segments of at
    least 6% are labelled with their percentage.

    Parameters
    ----------
    cluster_table : pandas.DataFrame
        Indexed by cluster id, with ``name`` and ``share_<helix>`` (or
        ``partners_<helix>``) columns.
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    text = STRINGS[style.check_lang(lang)]
    shares = partner_helix_shares(cluster_table) * 100.0
    names = _names(cluster_table)
    n = len(shares)
    fig = Figure(figsize=(A4_WIDTH, 1.6 + 0.42 * max(n, 1)), layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(n))
    left = [0.0] * n
    for helix in HELICES:
        values = shares[helix].fillna(0.0).tolist()
        colour = style.HELIX_COLOURS[helix]
        bars = ax.barh(positions, values, left=left, color=colour, edgecolor="white", linewidth=0.6,
                       label=mpl_text(style.helix_label(helix, lang)), height=0.7)
        for bar, value, start in zip(bars, values, left):
            if value >= 6.0:
                ax.text(start + value / 2, bar.get_y() + bar.get_height() / 2,
                        style.format_percent(value / 100, lang), ha="center", va="center",
                        fontsize=8, color=style.text_colour_on(colour))
        left = [a + b for a, b in zip(left, values)]
    for position, total in zip(positions, left):
        if total == 0:
            ax.text(1, position, text["no_partners"], va="center", fontsize=8, color="#555555")
    ax.set_yticks(positions, [mpl_text(name) for name in names])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(text["composition_x"])
    ax.set_ylabel(text["cluster"])
    ax.set_title(text["composition_title"], loc="left", fontweight="bold")
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0f}%")
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside lower center", ncols=min(5, len(HELICES)), frameon=False, fontsize=8)
    return fig


def cluster_comparison(
    cluster_table: "pd.DataFrame",
    org_metrics: "pd.DataFrame | None" = None,
    metrics: Sequence[str] | None = None,
    lang: str = "en",
) -> "Figure":
    """Small multiples: one horizontal bar panel per measure, one bar per cluster.

    Panels (two per row) share the cluster axis (same order, top to bottom), every value axis starts at
    zero, and each bar is labelled with its value. When ``org_metrics`` is given, a dashed
    line marks the median over all organisations (for ``share_sme``: the share of SMEs
    among all organisations, from its ``sme`` column) as a reference.

    Parameters
    ----------
    cluster_table : pandas.DataFrame
        Indexed by cluster id, with ``name`` and the measure columns.
    org_metrics : pandas.DataFrame, optional
        Organisation metrics, for the reference lines.
    metrics : sequence of str, optional
        Columns to show. By default those of :data:`COMPARISON_METRICS` (degree,
        betweenness, constraint, share of SME partners) that the table has.
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionError
        If a requested column is missing or not numeric, or no default column is present.
    """
    import pandas as pd
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    text = STRINGS[style.check_lang(lang)]
    if metrics is None:
        metrics = [m for m in COMPARISON_METRICS if m in cluster_table.columns]
        if not metrics:
            raise OptionError(
                f"cluster table has none of the columns {', '.join(COMPARISON_METRICS)} to compare"
            )
    else:
        metrics = list(metrics)
        missing = [m for m in metrics if m not in cluster_table.columns]
        if missing:
            raise OptionError(
                f"cluster table has no column(s) {', '.join(map(repr, missing))}; "
                f"available: {', '.join(map(str, cluster_table.columns))}"
            )
        if not metrics:
            raise OptionError("no metrics to compare; expected at least one column name")
    for metric in metrics:
        column = cluster_table[metric]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            raise OptionError(f"cluster table column {metric!r} is not numeric")

    names = [mpl_text(name) for name in _names(cluster_table)]
    n = len(names)
    positions = list(range(n))
    colour = style.HELIX_COLOURS["intermediair"]
    ncols = min(len(metrics), 2)
    nrows = -(-len(metrics) // ncols)
    fig = Figure(figsize=(A4_WIDTH, nrows * (1.3 + 0.36 * max(n, 1)) + 0.6), layout="constrained")
    grid = fig.subplots(nrows, ncols, sharey=True, squeeze=False)
    axes = list(grid.flat)
    for spare in axes[len(metrics):]:
        spare.set_visible(False)
    handles: dict[str, Line2D] = {}
    for ax, metric in zip(axes, metrics):
        values = cluster_table[metric].astype(float)
        ax.barh(positions, values.fillna(0.0).tolist(), color=colour, height=0.7)
        reference, label, linestyle = _reference(org_metrics, metric, text)
        top = max([v for v in values.tolist() if v == v] + ([reference] if reference is not None else []) + [0.0])
        for position, value in zip(positions, values.tolist()):
            format_value = style.format_percent if metric == "share_sme" else style.format_number
            label_text = format_value(value, lang)
            ax.text((value if value == value else 0.0) + top * 0.02, position, label_text, va="center", fontsize=7.5)
        if reference is not None:
            ax.axvline(reference, color="#333333", linestyle=linestyle, linewidth=1)
            handles.setdefault(label, Line2D([], [], color="#333333", linestyle=linestyle, linewidth=1, label=label))
        ax.set_xlim(0, top * 1.3 if top > 0 else 1.0)
        ax.set_title(mpl_text(style.metric_label(metric, lang)), fontsize=10)
        if metric == "share_sme":
            ax.xaxis.set_major_formatter(lambda x, _pos, lang=lang: style.format_percent(x, lang))
        else:
            ax.xaxis.set_major_formatter(lambda x, _pos, lang=lang: _plain_number(x, lang))
        ax.tick_params(axis="x", labelsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(positions, names)
    axes[0].invert_yaxis()
    for row in grid:
        row[0].set_ylabel(text["cluster"])
    fig.suptitle(text["comparison_title"], x=0.01, ha="left", fontweight="bold")
    if handles:
        fig.legend(handles=list(handles.values()), loc="outside lower center", ncols=len(handles), frameon=False,
                   fontsize=8)
    return fig


def brokerage_heatmap(
    cluster_table: "pd.DataFrame",
    roles: Sequence[str] = HEATMAP_ROLES,
    lang: str = "en",
) -> "Figure":
    """Heatmap of the clusters' Gould-Fernandez brokerage z-scores: clusters x roles.

    One row per cluster (table order, top to bottom), one column per role, each cell
    coloured by ``brokerage_<role>_z`` on a diverging colour map centred on 0 and labelled
    with the value. The colour scale is symmetric, linear for |z| <= 2
    (:data:`HEATMAP_LINEAR_Z`) and logarithmic beyond, so that both z = 3 and z = 300 stay
    readable. The z-scores are those of R's ``sna::brokerage`` (a Bernoulli graph with the
    observed density), whose expectation is the same for every node, so z grows with degree;
    the figure says so and never reads "more than chance" from it. A missing (NaN) z -- e.g. a role whose expected count and variance are both 0 --
    is a grey cell marked "–"; an infinite z takes the extreme colour and is written ∞.

    Parameters
    ----------
    cluster_table : pandas.DataFrame
        Indexed by cluster id, with ``name`` and ``brokerage_<role>_z`` columns (as
        :func:`helixnet.metrics.table.cluster_metrics` gives).
    roles : sequence of str
        Roles to show, in column order; default the five roles w_I, w_O, b_IO, b_OI, b_O.
        Column labels come from :mod:`helixnet.metrics.catalogue` (e.g. "liaison (b_O)").
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionError
        If the table has no rows, or ``roles`` is empty or names a role without a
        ``brokerage_<role>_z`` column.

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19, 89-126.
    """
    import matplotlib
    import numpy as np
    from matplotlib.colors import SymLogNorm, to_hex
    from matplotlib.figure import Figure
    from matplotlib.ticker import NullLocator

    from helixnet.metrics.catalogue import measure

    text = STRINGS[style.check_lang(lang)]
    roles = list(roles)
    if not roles:
        raise OptionError("no brokerage roles to show; expected at least one of " + ", ".join(HEATMAP_ROLES))
    columns = [f"brokerage_{role}_z" for role in roles]
    missing = [column for column in columns if column not in cluster_table.columns]
    if missing:
        raise OptionError(f"cluster table has no column(s) {', '.join(map(repr, missing))}; "
                          f"expected brokerage z-scores brokerage_<role>_z for the roles {', '.join(roles)}")
    if not len(cluster_table):
        raise OptionError("the cluster table is empty: there are no clusters to show brokerage z-scores for")
    values = cluster_table[columns].astype(float).to_numpy()
    names = [mpl_text(name) for name in _names(cluster_table)]
    n = len(names)
    finite = np.isfinite(values)
    largest = float(np.abs(values[finite]).max()) if finite.any() else 0.0
    bound = max(2 * HEATMAP_LINEAR_Z, largest)
    norm = SymLogNorm(linthresh=HEATMAP_LINEAR_Z, linscale=1.0, vmin=-bound, vmax=bound, base=10)
    cmap = matplotlib.colormaps["RdBu_r"].with_extremes(bad="#e6e6e6")

    fig = Figure(figsize=(A4_WIDTH, 2.8 + 0.45 * max(n, 1)), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(np.clip(values, -bound, bound), cmap=cmap, norm=norm, aspect="auto",
                      interpolation="nearest")
    for row in range(n):
        for col in range(len(roles)):
            value = values[row, col]
            if np.isnan(value):
                label, colour = "–", "#000000"
            else:
                label = format_z(value, lang)
                colour = style.text_colour_on(to_hex(cmap(norm(np.clip(value, -bound, bound)))))
            ax.text(col, row, label, ha="center", va="center", fontsize=9, color=colour)
    role_labels = [_wrap(measure(f"brokerage_{role}").label(lang), 13) for role in roles]
    ax.set_xticks(range(len(roles)), [mpl_text(label) for label in role_labels], fontsize=7)
    ax.set_yticks(range(n), [_wrap(name, 20) for name in names], fontsize=8.5)
    ax.set_xticks([x - 0.5 for x in range(1, len(roles))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n)], minor=True)
    ax.grid(which="minor", color="#ffffff", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    ax.spines[:].set_visible(False)
    ax.set_xlabel(text["role"])
    ax.set_title(text["heatmap_title"], loc="left", fontweight="bold", wrap=True)
    colourbar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02, fraction=0.04)
    ticks = [t for t in (-1000, -100, -10, -2, 0, 2, 10, 100, 1000) if -bound <= t <= bound]
    colourbar.set_ticks(ticks, labels=[_plain_number(t, lang) for t in ticks])
    colourbar.ax.yaxis.set_minor_locator(NullLocator())
    colourbar.set_label(_wrap(text["heatmap_colour"], 24), fontsize=8)  # fits a short colour bar
    colourbar.ax.tick_params(labelsize=8)
    colourbar.outline.set_visible(False)
    fig.supxlabel(text["heatmap_note"], fontsize=7.5, color="#333333", x=0.01, ha="left", multialignment="left",
                  wrap=True)
    return fig


def neutrality_scatter(org_metrics: "pd.DataFrame", lang: str = "en") -> "Figure":
    """Where the clusters sit among all organisations: helix balance against capture.

    x = participation coefficient over partner helices (``participation``: higher = the
    partners are spread more evenly over the helices), y = share of tie weight on the
    strongest partner (``top1_share``, log scale when all values are positive: lower =
    less captured by one partner). Every organisation with partners is a light grey dot;
    the cluster organisations (``is_cluster``) are drawn on top in the intermediary colour
    and labelled with their names (labels nudged apart when they would overlap). Dashed
    lines mark the medians over all organisations with partners, clusters included; a neutral
    connector sits towards the lower right. Organisations without partners have neither
    value and are left out; clusters among them are named on the figure.

    Parameters
    ----------
    org_metrics : pandas.DataFrame
        Organisation metrics with ``participation``, ``top1_share`` and ``is_cluster``
        (``name`` for the labels).
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure
        The grey dots have gid ``"organisations"``, the clusters gid ``"clusters"``.

    Raises
    ------
    OptionError
        If a needed column is missing.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    text = STRINGS[style.check_lang(lang)]
    needed = ["participation", "top1_share", "is_cluster"]
    missing = [column for column in needed if column not in org_metrics.columns]
    if missing:
        raise OptionError(f"organisation metrics have no column(s) {', '.join(map(repr, missing))}; "
                          f"the neutrality scatter needs {', '.join(needed)}")
    x = org_metrics["participation"].astype(float).to_numpy()
    y = org_metrics["top1_share"].astype(float).to_numpy()
    is_cluster = org_metrics["is_cluster"].fillna(False).astype(bool).to_numpy()
    names = _names(org_metrics)
    shown = np.isfinite(x) & np.isfinite(y)
    others = shown & ~is_cluster
    clusters = np.flatnonzero(shown & is_cluster)
    unplaced = [names[i] for i in np.flatnonzero(~shown & is_cluster)]

    fig = Figure(figsize=(A4_WIDTH, 6.0), layout="constrained")
    canvas = FigureCanvasAgg(fig)  # a renderer to measure the cluster labels with
    ax = fig.add_subplot()
    log_y = bool(shown.any()) and bool((y[shown] > 0).all())
    ax.scatter(x[others], y[others], s=9, color="#b3b3b3", alpha=0.6, linewidths=0, rasterized=True,
               gid="organisations", label=text["scatter_others"].format(
                   count=style.format_number(int(others.sum()), lang)))
    ax.scatter(x[clusters], y[clusters], s=70, color=style.HELIX_COLOURS["intermediair"],
               edgecolors=style.CLUSTER_BORDER, linewidths=0.8, zorder=3, gid="clusters",
               label=text["scatter_clusters"])
    handles = ax.get_legend_handles_labels()[0]
    if shown.any():
        x_median, y_median = float(np.median(x[shown])), float(np.median(y[shown]))
        ax.axvline(x_median, color="#555555", linestyle="--", linewidth=0.9, zorder=1)
        ax.axhline(y_median, color="#555555", linestyle="--", linewidth=0.9, zorder=1)
        handles.append(Line2D([], [], color="#555555", linestyle="--", linewidth=0.9, label=text["median_all"]))
        x_high = max(float(x[shown].max()), 0.0)
        ax.set_xlim(0, x_high * 1.08 if x_high > 0 else 1.0)
    else:
        ax.set_xlim(0, 1)
    if log_y:
        low = float(y[shown].min())
        ax.set_yscale("log")
        ax.set_ylim(low / 1.4, 1.4)
        ticks = [t for t in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0) if low / 1.4 <= t <= 1.4]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
    else:
        ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: style.format_percent(v, lang, decimals=1 if v < 0.01 else 0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _plain_number(round(v, 6), lang)))
    ax.set_xlabel(text["scatter_x"], fontsize=9, wrap=True)
    ax.set_ylabel(text["scatter_y"], fontsize=9, wrap=True)
    ax.set_title(text["scatter_title"], loc="left", fontweight="bold", wrap=True)
    ax.text(0.99, 0.015, text["scatter_corner"] + " ↘", transform=ax.transAxes, ha="right", va="bottom",
            fontsize=9, color="#555555", style="italic")
    if unplaced:
        ax.text(0.01, 0.99, mpl_text(text["scatter_missing"].format(names=", ".join(unplaced))),
                transform=ax.transAxes, ha="left", va="top", fontsize=8, color="#555555")
    ax.grid(True, color="#eeeeee", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=handles, loc="upper right", fontsize=8, frameon=True, framealpha=0.9, edgecolor="#dddddd")
    _label_points(ax, canvas, x[clusters], y[clusters], [names[i] for i in clusters])
    return fig


def _label_points(ax, canvas, xs, ys, labels: list[str], marker_pt: float = 4.5) -> None:
    """Annotate points with their labels so that no label covers another label or point.

    Each label tries positions right or left of its point (right first, left first on
    the right third of the axes), then nudged up and down in steps of 10 points, and takes
    the first whose text box stays inside the axes and meets no placed label, no placed
    leader line and no marker (a square of ``marker_pt`` points around each point); a nudged
    label gets a thin leader line, which may cross no placed label and no other marker. If
    no position is free the label stays next to its point. Positions are measured with
    ``canvas``'s renderer after a layout pass, so this runs last.
    """
    from matplotlib.path import Path
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    canvas.draw()  # settle the constrained layout before measuring
    renderer = canvas.get_renderer()
    frame = ax.get_window_extent(renderer)  # a label must stay inside the axes
    scale = ax.figure.dpi / 72.0
    x_low, x_high = ax.get_xlim()
    obstacles = []
    for x, y in zip(xs, ys):
        px, py = ax.transData.transform((x, y))
        r = marker_pt * scale
        obstacles.append(Bbox([[px - r, py - r], [px + r, py + r]]))
    markers = list(obstacles)
    leaders: list[Path] = []
    steps = [0] + [sign * k * 10 for k in range(1, 13) for sign in (1, -1)]
    order = sorted(range(len(labels)), key=lambda i: (-ys[i], xs[i], labels[i]))
    for i in order:
        sides = ["left", "right"] if (xs[i] - x_low) > 0.7 * (x_high - x_low) else ["right", "left"]
        candidates = [(side, dy) for dy in steps for side in sides] + [(sides[0], 0)]
        for number, (side, dy) in enumerate(candidates):
            note = ax.annotate(
                mpl_text(labels[i]), (xs[i], ys[i]), xytext=(7 if side == "right" else -7, dy),
                textcoords="offset points", ha="left" if side == "right" else "right", va="center",
                fontsize=8.5, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
                arrowprops=None if dy == 0 else {"arrowstyle": "-", "color": "#555555", "linewidth": 0.6,
                                                 "shrinkA": 0, "shrinkB": marker_pt,
                                                 "relpos": (0.0 if side == "right" else 1.0, 0.5)},
            )
            note.update_positions(renderer)
            box = Text.get_window_extent(note, renderer)  # the text alone, not its leader line
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            # the leader runs from the point to the near end of the label (relpos above)
            leader = None if dy == 0 else Path([markers[i].get_points().mean(axis=0),
                                                (box.x0 if side == "right" else box.x1, (box.y0 + box.y1) / 2)])
            free = inside and not any(box.overlaps(o) for o in obstacles) and not any(
                path.intersects_bbox(box, filled=False) for path in leaders) and (leader is None or not any(
                    leader.intersects_bbox(o, filled=False) for o in obstacles if not o.overlaps(markers[i])))
            if number == len(candidates) - 1 or free:
                break
            note.remove()
        note.set_gid("cluster-label")
        note.set_in_layout(False)
        obstacles.append(box)
        if leader is not None:
            leaders.append(leader)


def connector_percentiles(cluster_table: "pd.DataFrame", columns: Sequence[str] | None = None) -> "pd.DataFrame":
    """Each cluster's percentile among all organisations, oriented towards the connector end.

    For a measure whose high end speaks for a connector (catalogue ``connector_end`` =
    ``"high"``) this is ``<measure>_pct``; for a low end it is ``100 - <measure>_pct``, so
    that 100 always means "more connector-like than every other organisation". Measures
    without a direction are left out. Index = cluster id, columns = measures (default:
    :data:`helixnet.metrics.catalogue.PROFILE_COLUMNS` with a ``_pct`` column).
    """
    from helixnet.metrics import catalogue

    if columns is None:
        columns = catalogue.PROFILE_COLUMNS
    kept = [c for c in columns if f"{c}_pct" in cluster_table.columns and catalogue.measure(c).connector_end]
    frame = cluster_table[[f"{c}_pct" for c in kept]].astype(float).copy()
    frame.columns = kept
    for column in kept:
        if catalogue.measure(column).connector_end == "low":
            frame[column] = 100.0 - frame[column]
    return frame


def cluster_profile_multiples(cluster_table: "pd.DataFrame", columns: Sequence[str] | None = None,
                              lang: str = "en") -> "Figure":
    """Small multiples of the connector profile: one panel per cluster, all on one scale.

    Each panel shows the cluster's :func:`connector_percentiles` as horizontal bars (one per
    measure, same order in every panel) on a shared 0-100 axis, with the median
    organisation (P50) marked, so clusters compare at a glance whatever the units of the
    measures. Bars use the intermediary (cluster) colour; a missing value is left empty.

    Raises
    ------
    OptionError
        If the table has no clusters or none of the profile percentiles.
    """
    from matplotlib.figure import Figure

    from helixnet.metrics import catalogue

    text = STRINGS[style.check_lang(lang)]
    data = connector_percentiles(cluster_table, columns)
    if not len(data) or not len(data.columns):
        raise OptionError("the cluster table has no clusters or no connector profile percentiles (<measure>_pct)")
    names = _names(cluster_table)
    labels = [mpl_text(_wrap(catalogue.measure(c).label(lang), 26)) for c in data.columns]
    n, k = len(data), len(data.columns)
    ncols = 4 if n > 6 else min(n, 3)
    nrows = -(-n // ncols)
    fig = Figure(figsize=(A4_WIDTH, 0.9 + nrows * (0.62 + 0.25 * k)), layout="constrained")
    grid = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    positions = list(range(k))
    colour = style.HELIX_COLOURS["intermediair"]
    titles = []
    for ax, (i, name) in zip(grid.flat, enumerate(names)):
        values = data.iloc[i].tolist()
        ax.barh(positions, [v if v == v else 0.0 for v in values], color=colour, height=0.7)
        ax.axvline(50, color="#333333", linestyle="--", linewidth=0.8)
        titles.append(ax.set_title(mpl_text(_wrap(name, 24 if ncols > 3 else 30)), fontsize=9, loc="left",
                                   fontweight="bold"))
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 50, 100])
        ax.tick_params(axis="both", labelsize=7.5)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
    for spare in list(grid.flat)[n:]:
        spare.set_visible(False)
    for column in range(ncols):  # a panel above an empty slot shows its own scale
        last = max(row for row in range(nrows) if row * ncols + column < n)
        grid[last][column].xaxis.set_tick_params(labelbottom=True)
    grid[0][0].set_yticks(positions, labels)
    grid[0][0].invert_yaxis()
    fig.suptitle(text["profile_title"], x=0.01, ha="left", fontweight="bold", wrap=True)
    fig.supxlabel(text["profile_x"] + "  ·  - - " + text["profile_median"], fontsize=8, wrap=True)
    from helixnet.viz import fitting

    # a name wider than its panel would run into the next panel's title
    fitting.shrink_to_width(titles, grid[0][0].get_window_extent().width * 1.04, fitting.renderer_of(fig))
    return fig


def cluster_comparison_data(cluster_table: "pd.DataFrame", org_metrics: "pd.DataFrame | None",
                            metrics: Sequence[str]) -> "pd.DataFrame":
    """The values :func:`cluster_comparison` plots: one row per cluster (``name`` and the
    measures), then a row ``reference`` with each panel's reference line (median of all
    organisations; for ``share_sme`` the SMEs' share of all organisations)."""
    import pandas as pd

    frame = cluster_table[list(metrics)].astype(float).copy()
    frame.insert(0, "name", _names(cluster_table))
    reference = {"name": "reference"}
    for metric in metrics:
        value = _reference(org_metrics, metric, STRINGS["en"])[0]
        reference[metric] = float("nan") if value is None else value
    return pd.concat([frame, pd.DataFrame([reference], index=pd.Index(["reference"]))])


def neutrality_scatter_data(org_metrics: "pd.DataFrame") -> "pd.DataFrame":
    """The points of :func:`neutrality_scatter`: organisations with both values (``name``,
    ``is_cluster``, ``participation``, ``top1_share``), in table order."""
    frame = org_metrics[["participation", "top1_share"]].astype(float)
    shown = frame.notna().all(axis=1)
    data = frame[shown].copy()
    data.insert(0, "is_cluster", org_metrics.loc[shown, "is_cluster"].fillna(False).astype(bool))
    data.insert(0, "name", [n for n, keep in zip(_names(org_metrics), shown) if keep])
    return data


def degree_distribution_data(org_metrics: "pd.DataFrame") -> "pd.DataFrame":
    """The points of :func:`degree_distribution`: ``group`` (``all`` or a helix), ``k`` and
    ``share`` (P(K >= k))."""
    import pandas as pd

    degree = org_metrics["degree"].astype(float)
    groups = [("all", degree)]
    if "helix" in org_metrics.columns:
        groups += [(helix, degree[org_metrics["helix"] == helix]) for helix in HELICES]
    rows = [(name, k, share) for name, values in groups for k, share in zip(*ccdf_points(values))]
    return pd.DataFrame(rows, columns=["group", "k", "share"])


def degree_distribution(org_metrics: "pd.DataFrame", lang: str = "en") -> "Figure":
    """Complementary cumulative degree distribution P(K >= k) on log-log axes.

    One line for all organisations and one per helix present; organisations of degree 0
    cannot be drawn on a log axis, so their number is stated on the figure.

    Parameters
    ----------
    org_metrics : pandas.DataFrame
        Organisation metrics with ``degree`` and ``helix`` columns.
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    OptionError
        If ``org_metrics`` has no ``degree`` column.
    """
    from matplotlib.figure import Figure

    text = STRINGS[style.check_lang(lang)]
    if "degree" not in org_metrics.columns:
        raise OptionError("organisation metrics have no 'degree' column")
    degree = org_metrics["degree"].astype(float)
    fig = Figure(figsize=(7.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    groups: list[tuple[str, object, str, float]] = [(text["all"], degree, "#000000", 2.0)]
    if "helix" in org_metrics.columns:
        for helix in HELICES:
            groups.append((style.helix_label(helix, lang), degree[org_metrics["helix"] == helix],
                           style.HELIX_COLOURS[helix], 1.2))
    drawn = 0
    for label, values, colour, width in groups:
        ks, ccdf = ccdf_points(values)
        if ks:
            ax.plot(ks, ccdf, marker="o", markersize=3, linewidth=width, color=colour, label=mpl_text(label))
            drawn += 1
    if drawn:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_xscale("log")
        ax.set_yscale("log")
        plain = FuncFormatter(lambda x, _pos: _plain_number(x, lang))
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(plain)
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_minor_formatter(NullFormatter())
        ax.legend(loc="lower left", fontsize=8, frameon=False)
    else:
        ax.text(0.5, 0.5, text["no_data"], ha="center", va="center", transform=ax.transAxes)
    isolated = int((degree == 0).sum())
    note = "\n" + text["isolated"].format(count=style.format_number(isolated, lang)) if isolated else ""
    ax.set_xlabel(text["degree_x"] + note)
    ax.set_ylabel(text["degree_y"])
    ax.set_title(text["degree_title"], loc="left", fontweight="bold")
    ax.grid(True, which="major", color="#e0e0e0", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def ccdf_points(values: "pd.Series") -> tuple[list[float], list[float]]:
    """Points ``(k, P(K >= k))`` for every distinct value k > 0 of ``values``.

    The share is taken over all non-missing values, zeros included, so the curves of
    different groups are comparable shares of their group.

    Examples
    --------
    >>> import pandas as pd
    >>> ccdf_points(pd.Series([0, 1, 1, 2]))
    ([1.0, 2.0], [0.75, 0.25])
    """
    present = values.dropna().astype(float)
    total = len(present)
    if total == 0:
        return [], []
    counts = present[present > 0].value_counts().sort_index(ascending=False)
    ks, shares, running = [], [], 0
    for k, count in counts.items():
        running += int(count)
        ks.append(float(k))
        shares.append(running / total)
    return ks[::-1], shares[::-1]


#: The outcomes :func:`scenario_matrices` and the report show by default, in order.
SCENARIO_KEY_OUTCOMES: tuple[str, ...] = (
    "sme_knowledge_reach", "distance_fragmentation", "cross_helix_ties", "brokerage_b_O_z",
)

#: The scenario every other scenario is compared with (left out of the matrices).
BASELINE = "baseline"

_SCENARIO_COLUMNS: tuple[str, ...] = ("scenario", "cluster", "outcome", "delta_mean", "delta_low", "delta_high",
                                      "n_runs")


def scenario_grid(results: Any, outcome: str) -> dict[str, "pd.DataFrame"]:
    """The changes of one outcome as cluster x scenario tables (baseline left out).

    Parameters
    ----------
    results : ScenarioResults
        Has ``outcomes`` (long table with columns ``scenario, cluster, outcome,
        delta_mean, delta_low, delta_high, n_runs``), ``scenarios`` (objects with ``id``)
        and ``clusters`` (ids).
    outcome : str
        An outcome name present in ``results.outcomes``.

    Returns
    -------
    dict of pandas.DataFrame
        ``delta_mean``, ``delta_low``, ``delta_high`` and ``n_runs``, each indexed by
        ``results.clusters`` (in order) with one column per scenario id except
        :data:`BASELINE` (in ``results.scenarios`` order); a missing combination is NaN.

    Raises
    ------
    OptionError
        If the outcomes table lacks a column, has no rows for ``outcome`` or has two rows
        for one cluster and scenario.
    """
    table = results.outcomes
    missing = [c for c in _SCENARIO_COLUMNS if c not in table.columns]
    if missing:
        raise OptionError(f"scenario outcomes have no column(s) {', '.join(map(repr, missing))}; "
                          f"expected {', '.join(_SCENARIO_COLUMNS)}")
    rows = table[table["outcome"] == outcome]
    if not len(rows):
        known = ", ".join(sorted(map(str, table["outcome"].unique())))
        raise OptionError(f"outcome {outcome!r} is not in the scenario results; expected one of: {known}")
    if rows.duplicated(["cluster", "scenario"]).any():
        raise OptionError(f"scenario results hold outcome {outcome!r} more than once for one cluster and scenario")
    scenarios = [s.id for s in results.scenarios if s.id != BASELINE]
    indexed = rows.set_index(["cluster", "scenario"])
    return {
        column: indexed[column].astype(float).unstack("scenario").reindex(index=list(results.clusters),
                                                                          columns=scenarios)
        for column in ("delta_mean", "delta_low", "delta_high", "n_runs")
    }


def scenario_matrix_data(results: Any, outcome: str) -> "pd.DataFrame":
    """The cells of :func:`scenario_matrix` as a long table: ``cluster``, ``scenario``,
    ``delta_mean``, ``delta_low``, ``delta_high``, ``n_runs`` (baseline left out)."""
    grid = scenario_grid(results, outcome)
    stacked = {column: table.stack(future_stack=True) for column, table in grid.items()}
    import pandas as pd

    frame = pd.DataFrame(stacked)
    frame.index.names = ["cluster", "scenario"]
    return frame.reset_index().assign(outcome=outcome)


def scenario_titles(results: Any, lang: str = "en") -> dict[str, str]:
    """Scenario id -> title in ``lang`` (``title_en`` / ``title_nl``; the id when empty)."""
    style.check_lang(lang)
    return {s.id: str(getattr(s, f"title_{lang}", "") or s.id) for s in results.scenarios}


def scenario_matrix(results: Any, outcome: str, lang: str = "en") -> "Figure":
    """Heatmap of one outcome's change from baseline: clusters (rows) x scenarios (columns).

    Cell colour = ``delta_mean`` (scenario minus baseline, mean over the Monte Carlo runs)
    on a diverging scale centred on 0 and symmetric (±max |delta_mean|), oriented so that
    the direction that is better for the ecosystem
    (:func:`helixnet.scenarios.labels.better_direction`) is always blue and the worse
    one red: ``RdBu`` when higher is better, ``RdBu_r`` when lower is better. Cell text
    (:func:`helixnet.scenarios.labels.format_change`): the signed mean and, below it, the
    90% interval ``[5th, 95th percentile]`` of the runs (left out for a deterministic
    scenario, ``n_runs`` = 1); NaN (e.g. a focal-node outcome of a removed cluster) is
    grey with ``n/a``. The baseline column is left out (its change is 0 by definition).

    Parameters
    ----------
    results : ScenarioResults
        See :func:`scenario_grid`; also ``cluster_names`` (id -> display name) and the
        scenario objects' ``title_en`` / ``title_nl``.
    outcome : str
        The outcome to show (e.g. ``"sme_knowledge_reach"``).
    lang : {"en", "nl"}

    Returns
    -------
    matplotlib.figure.Figure
        One text artist per cell, row by row (``fig.axes[0].texts``).

    Raises
    ------
    OptionError
        For an unknown language or outcome (see :func:`scenario_grid`), or when there are
        no clusters or no scenarios besides the baseline.
    """
    import matplotlib
    import numpy as np
    from matplotlib.colors import Normalize, to_hex
    from matplotlib.figure import Figure

    import re

    from helixnet.scenarios import labels
    from helixnet.viz import fitting

    text = STRINGS[style.check_lang(lang)]
    grid = scenario_grid(results, outcome)
    means = grid["delta_mean"]
    if means.shape[0] == 0:
        raise OptionError("the scenario results have no clusters to show")
    if means.shape[1] == 0:
        raise OptionError("the scenario results have " + text["no_scenarios"])
    values = means.to_numpy()
    finite = np.isfinite(values)
    bound = float(np.abs(values[finite]).max()) if finite.any() else 0.0
    bound = bound if bound > 0 else 1.0
    norm = Normalize(vmin=-bound, vmax=bound)
    direction = labels.better_direction(outcome)
    cmap = matplotlib.colormaps["RdBu" if direction > 0 else "RdBu_r"].with_extremes(bad="#e6e6e6")
    n_rows, n_cols = values.shape
    titles = scenario_titles(results, lang)
    names = getattr(results, "cluster_names", {}) or {}

    fig = Figure(figsize=(A4_WIDTH, 2.5 + 0.52 * n_rows), layout="constrained")
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    cells = []
    for row in range(n_rows):
        for col in range(n_cols):
            mean, interval = labels.format_change(
                values[row, col], grid["delta_low"].iat[row, col], grid["delta_high"].iat[row, col],
                grid["n_runs"].iat[row, col], lang)
            if len(interval) > 18:  # a long interval takes two lines rather than an unreadable size
                interval = re.sub(r"([,;]) ", r"\1\n", interval, count=1)
            colour = "#000000" if not finite[row, col] else style.text_colour_on(to_hex(cmap(norm(values[row, col]))))
            cells.append(ax.text(col, row, mean + ("\n" + interval if interval else ""), ha="center",
                                 va="center", fontsize=8, color=colour, linespacing=1.3))
    ax.set_xticks(range(n_cols), [mpl_text(_wrap(titles.get(s, s), 17, hyphenate=True)) for s in means.columns], fontsize=8.5)
    ax.set_yticks(range(n_rows), [mpl_text(_wrap(str(names.get(c, c)), 26)) for c in means.index], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    ax.grid(which="minor", color="#ffffff", linewidth=2)
    ax.tick_params(which="both", length=0)
    ax.spines[:].set_visible(False)
    ax.set_ylabel(text["cluster"])
    label = labels.outcome_label(outcome, lang)
    fig.suptitle(mpl_text(label[:1].upper() + label[1:]), x=0.01, ha="left", fontweight="bold", fontsize=12)
    ax.set_title(text["matrix_subtitle"], loc="left", fontsize=9, color="#333333", pad=8, wrap=True)
    colourbar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
    colourbar.set_label(_wrap(text["matrix_colour"], 24), fontsize=8)
    colourbar.ax.tick_params(labelsize=8)
    colourbar.ax.yaxis.set_major_formatter(_number_formatter(lang))
    colourbar.outline.set_visible(False)
    fig.supxlabel(text["matrix_note"].format(better=labels.better_text(outcome, lang)), fontsize=8,
                  color="#333333", x=0.01, ha="left", multialignment="left", wrap=True)
    renderer = fitting.renderer_of(fig)
    width = fitting.cell_width_px(ax, n_cols)
    fitting.shrink_to_width(ax.get_xticklabels(), width, renderer, uniform=True)
    fitting.shrink_to_width(cells, width, renderer, uniform=True)
    return fig


def scenario_matrices(results: Any, outcomes: Sequence[str] = SCENARIO_KEY_OUTCOMES,
                      lang: str = "en") -> list["Figure"]:
    """One :func:`scenario_matrix` per outcome, in order (each readable on its own at A4 width).

    Outcomes that are not in ``results.outcomes`` are skipped, so the default key
    outcomes work on partial results; an empty list means none was present.

    Raises
    ------
    OptionError
        For an unsupported language or invalid results (see :func:`scenario_matrix`).
    """
    style.check_lang(lang)
    present = set(results.outcomes["outcome"]) if "outcome" in results.outcomes.columns else set()
    return [scenario_matrix(results, outcome, lang) for outcome in outcomes if outcome in present]


def _number_formatter(lang: str):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: _plain_number(round(v, 10), lang))


def figure_to_png_bytes(fig: "Figure", dpi: int = 150) -> bytes:
    """The figure as PNG bytes (Agg; no timestamp, so the same figure gives the same bytes)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def figure_to_svg(fig: "Figure") -> str:
    """The figure as an SVG document string, reproducible (fixed ids, no date), text as paths."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "helixnet", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _plain_number(x: float, lang: str) -> str:
    """A tick value without exponent notation: ``0.00005``, not ``5e-05`` (shares on log axes)."""
    text = f"{x:g}"
    if "e-" in text:
        text = f"{x:.12f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def _names(table: "pd.DataFrame") -> list[str]:
    if "name" in table.columns:
        return [str(name) if name == name else str(index) for index, name in zip(table.index, table["name"])]
    return [str(index) for index in table.index]


def _reference(org_metrics: "pd.DataFrame | None", metric: str, text: dict[str, str]) -> tuple[float | None, str, str]:
    """The reference line of a comparison panel: (value, legend label, line style)."""
    if org_metrics is None:
        return None, "", ""
    if metric == "share_sme":
        if "sme" in org_metrics.columns and len(org_metrics):
            return float(org_metrics["sme"].astype(bool).mean()), text["sme_all"], ":"
        return None, "", ""
    if metric in org_metrics.columns:
        values = org_metrics[metric].astype(float).dropna()
        if len(values):
            return float(values.median()), text["median_all"], "--"
    return None, "", ""
