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
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.schema import HELICES
from helixnet.viz import style

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: The measures :func:`cluster_comparison` shows by default, in panel order.
COMPARISON_METRICS: tuple[str, ...] = ("degree", "betweenness", "constraint", "share_sme")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "composition_title": "Partner helix mix per cluster",
        "composition_x": "Share of the cluster's partners (%)",
        "cluster": "Cluster",
        "no_partners": "no partners",
        "comparison_title": "Clusters compared",
        "median_all": "median of all organisations",
        "sme_all": "share of SMEs among all organisations",
        "degree_title": "Degree distribution",
        "degree_x": "Degree k (number of partners)",
        "degree_y": "Share of organisations with degree ≥ k",
        "all": "all organisations",
        "isolated": "{count} organisations without partners (degree 0) not shown",
        "no_data": "no organisations with partners",
    },
    "nl": {
        "composition_title": "Helixmix van de partners per cluster",
        "composition_x": "Aandeel van de partners van de cluster (%)",
        "cluster": "Cluster",
        "no_partners": "geen partners",
        "comparison_title": "Clusters vergeleken",
        "median_all": "mediaan van alle organisaties",
        "sme_all": "aandeel kmo's onder alle organisaties",
        "degree_title": "Graadverdeling",
        "degree_x": "Graad k (aantal partners)",
        "degree_y": "Aandeel organisaties met graad ≥ k",
        "all": "alle organisaties",
        "isolated": "{count} organisaties zonder partners (graad 0) niet getoond",
        "no_data": "geen organisaties met partners",
    },
}


def mpl_text(value: object) -> str:
    """``value`` as literal matplotlib text: ``$`` escaped so it is never mathtext."""
    return str(value).replace("$", r"\$")


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
    fig = Figure(figsize=(9.0, 1.6 + 0.42 * max(n, 1)), layout="constrained")
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
    fig = Figure(figsize=(4.0 * ncols + 1.5, nrows * (1.3 + 0.36 * max(n, 1)) + 0.6), layout="constrained")
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
    text = f"{x:g}"
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
