"""Figures of the scenario engine v2 (plans): the change matrix and the tornado of drivers.

Both take the tables of :func:`helixnet.scenarios.summary.scenario_tables`; their data
functions (``*_data``) give exactly what is drawn, for the report or other renderers.

**Colour scale.** Changes are shown in % of the "before" value on a fixed scale of
:data:`PCT_RANGE` (±50%, stronger changes saturate), never stretched to the data's own
extremes, so a change of -0.2% stays pale. Blue is the direction that is better for the
ecosystem (``better`` = +1); descriptive outcomes (``better`` = 0) are grey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.texts import LANGUAGES, catalogue

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from matplotlib.figure import Figure

#: The colour scale of the change matrix runs from -PCT_RANGE% to +PCT_RANGE%.
PCT_RANGE = 50.0

#: The plan figures' words per language, from the text catalogue (namespace ``plan_figures``).
_TEXT = {lang: catalogue(lang)["plan_figures"] for lang in LANGUAGES}


def plan_change_matrix_data(plan_results: "pd.DataFrame", plan: str) -> "pd.DataFrame":
    """Rows of one plan: ``cluster, outcome, better, pct_mean, pct_low, pct_high, share``
    (share of draws with the sign of the mean change) in the order drawn."""
    rows = plan_results[plan_results["plan"] == plan].copy()
    rows["share"] = rows["share_up"].where(rows["delta_mean"] >= 0, rows["share_down"])
    return rows[["cluster", "outcome", "better", "pct_mean", "pct_low", "pct_high", "share"]].reset_index(drop=True)


def plan_change_matrix(plan_results: "pd.DataFrame", plan: str, lang: str = "en",
                       names: "Mapping[str, str] | None" = None, title: str | None = None) -> "Figure":
    """Heatmap clusters x outcomes of one plan (see the module docstring for the colours).

    Rows are labelled with ``names`` (cluster id -> display name; the id when absent), the
    title names ``title`` (the plan id when None). Column headers are the outcome names,
    wrapped on horizontal lines; headers and cell texts are shrunk where a column is too
    narrow for them (:mod:`helixnet.viz.fitting`), so no text overlaps its neighbour.
    """
    import matplotlib
    import numpy as np
    from matplotlib.colors import Normalize, to_hex
    from matplotlib.figure import Figure

    from helixnet.scenarios.labels import NOT_AVAILABLE
    from helixnet.scenarios.measures import OUTCOME_LABELS, OUTCOMES
    from helixnet.viz import fitting, style
    from helixnet.viz.static import A4_WIDTH, mpl_text

    text = _TEXT[style.check_lang(lang)]
    data = plan_change_matrix_data(plan_results, plan)
    clusters = list(dict.fromkeys(data["cluster"]))
    outcomes = [o for o in OUTCOMES if o in set(data["outcome"])]
    cell = data.set_index(["cluster", "outcome"])
    norm = Normalize(vmin=-PCT_RANGE, vmax=PCT_RANGE)
    cmap = matplotlib.colormaps["RdBu"]
    separator = "; " if lang == "nl" else ", "
    fig = Figure(figsize=(A4_WIDTH, 2.0 + 0.5 * len(clusters)), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(outcomes) - 0.5)
    ax.set_ylim(len(clusters) - 0.5, -0.5)
    cells = []
    for r, cluster in enumerate(clusters):
        for c, outcome in enumerate(outcomes):
            row = cell.loc[(cluster, outcome)]
            value = float(row["pct_mean"])
            if not np.isfinite(value) or row["better"] == 0:
                colour = "#e6e6e6"
            else:
                colour = to_hex(cmap(norm(float(np.clip(value * row["better"], -PCT_RANGE, PCT_RANGE)))))
            ax.add_patch(matplotlib.patches.Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=colour, edgecolor="white"))
            label = NOT_AVAILABLE[lang] if not np.isfinite(value) else (
                f"{_signed(value)}%\n[{_signed(row['pct_low'])}{separator}{_signed(row['pct_high'])}]\n"
                f"{100 * row['share']:.0f}%")
            cells.append(ax.text(c, r, label, ha="center", va="center", fontsize=6.5,
                                 color=style.text_colour_on(colour)))
    headers = [mpl_text(fitting.wrap_label(OUTCOME_LABELS[lang][o], 14)) for o in outcomes]
    ax.set_xticks(range(len(outcomes)), headers, fontsize=7, linespacing=1.1)
    ax.set_yticks(range(len(clusters)), [mpl_text(fitting.wrap_label(str((names or {}).get(c, c)), 22))
                                         for c in clusters], fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set_ylabel(text["cluster"])
    fig.suptitle(mpl_text(text["matrix"].format(plan=plan if title is None else title)), x=0.01, ha="left",
                 fontsize=9, wrap=True)
    renderer = fitting.renderer_of(fig)
    width = fitting.cell_width_px(ax, len(outcomes))
    fitting.shrink_to_width(ax.get_xticklabels(), width, renderer, uniform=True)
    fitting.shrink_to_width(cells, width, renderer, uniform=True)
    return fig


def _signed(percent: float) -> str:
    """A whole percentage with its sign, and none for a change that rounds to 0 (no "-0").

    Examples
    --------
    >>> _signed(12.4), _signed(-0.3), _signed(-7.6)
    ('+12', '0', '-8')
    """
    text = f"{percent:+.0f}"
    return "0" if text in ("+0", "-0") else text


def tornado_data(sensitivity: "pd.DataFrame", plan: str, cluster: str, outcome: str) -> "pd.DataFrame":
    """The acting parameters of one change, largest |rho| first: ``parameter, rho``."""
    rows = sensitivity[(sensitivity["plan"] == plan) & (sensitivity["cluster"] == cluster)
                       & (sensitivity["outcome"] == outcome)].dropna(subset=["rho"])
    order = rows.assign(size=rows["rho"].abs()).sort_values(["size", "parameter"], ascending=[False, True])
    return order[["parameter", "rho"]].reset_index(drop=True)


def tornado(sensitivity: "pd.DataFrame", plan: str, cluster: str, outcome: str, lang: str = "en") -> "Figure":
    """Horizontal bars of :func:`tornado_data` on a fixed axis from -1 to 1."""
    from matplotlib.figure import Figure

    from helixnet.viz import style

    text = _TEXT[style.check_lang(lang)]
    data = tornado_data(sensitivity, plan, cluster, outcome)
    fig = Figure(figsize=(6.5, 1.2 + 0.3 * max(len(data), 1)), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(range(len(data)), data["rho"], color=["#2166ac" if v >= 0 else "#b2182b" for v in data["rho"]])
    ax.set_yticks(range(len(data)), list(data["parameter"]), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(-1, 1)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlabel(text["rho"], fontsize=8)
    fig.suptitle(f"{text['tornado']}\n{plan} / {cluster} / {outcome}", x=0.01, ha="left", fontsize=9)
    return fig
