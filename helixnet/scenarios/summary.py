"""Tables of the scenario engine v2 for the CLI, the report and the figures.

:func:`plan_results` gives, per plan, cluster and outcome, the change from the fair
"before" unit with its 90% interval over all draws (each draw samples the parameters
*and* the random parts, so the interval holds both uncertainties), the share of draws in
which the outcome goes up / down (how often each conclusion holds), and the two
parameters that drive the change most.

**Drivers.** Sensitivity is the Spearman rank correlation between each parameter's
sampled values and the change over the draws (rank-based global sensitivity on a Latin
hypercube sample; Saltelli et al. 2008, ch. 1.2.5). Its square is roughly the share of the
change's rank variance that parameter explains alone. Only the parameters of the
scenarios a plan uses are correlated (the others cannot act on it; NaN), a parameter or a
change that never varies has no correlation (NaN), and a driver is named only when
``|rho| >= 2 / sqrt(n_draws)`` (about the 95% bound of rho under no association), so
chance correlations of the sample are not reported as drivers.

**Words** (``conclusion_en``/``_nl``), by this rule only: the outcome in words, then the
direction, the sign of the mean change ("higher", "lower", "unchanged" when every draw
gives 0), followed by the share of draws with that sign. No word says "better" or "worse": the colour direction
is in the ``better`` column (+1 more is better, 0 descriptive).

References
----------
Saltelli, A. et al. (2008). *Global Sensitivity Analysis. The Primer.* Wiley.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from helixnet.texts import LANGUAGES, catalogue

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.scenarios.engine import PlanRuns

#: Quantiles of the reported 90% interval over the draws.
LOW, HIGH = 0.05, 0.95


def spearman(parameters: "pd.DataFrame", values: "np.ndarray | pd.DataFrame") -> "pd.Series | np.ndarray":
    """Spearman rank correlation of each parameter column with ``values`` (NaN when either
    is constant). For one array of values: a Series indexed by parameter; for a DataFrame
    of draws x changes: an array changes x parameters."""
    import pandas as pd

    x = parameters.rank().to_numpy()
    x = x - x.mean(axis=0)
    y = pd.DataFrame(values).rank().to_numpy()
    y = y - y.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        denominator = np.sqrt(np.outer((y**2).sum(axis=0), (x**2).sum(axis=0)))
        rho = np.where(denominator > 0, (y.T @ x) / np.where(denominator > 0, denominator, 1), np.nan)
    if isinstance(values, pd.DataFrame):
        return rho
    return pd.Series(rho[0], index=parameters.columns, name="rho")


def sensitivity(runs: "PlanRuns") -> "pd.DataFrame":
    """Long table ``plan, cluster, outcome, parameter, rho`` (Spearman, see the module
    docstring) of every change against every parameter."""
    import pandas as pd

    used = runs.units.groupby("plan")["scenario"].agg(set).to_dict()
    keys = ["plan", "cluster", "outcome"]
    wide = runs.draws.pivot_table(index="draw", columns=keys, values="delta", sort=False, dropna=False)
    rho = spearman(runs.parameters, wide)
    columns = wide.columns.to_frame(index=False)
    table = pd.DataFrame({key: np.repeat(columns[key].to_numpy(), rho.shape[1]) for key in keys})
    table["parameter"] = np.tile(runs.parameters.columns.to_numpy(), len(columns))
    table["rho"] = rho.ravel()
    acting = {plan: {p.name for p in runs.parameter_ranges if scenarios & set(p.scenarios)}
              for plan, scenarios in used.items()}
    table.loc[[parameter not in acting[plan] for plan, parameter in zip(table["plan"], table["parameter"])], "rho"] = np.nan
    return table


def plan_results(runs: "PlanRuns", sensitivity_table: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Per plan, cluster and outcome: the change, its interval, how often it holds and its
    drivers.

    Columns: ``plan, cluster, scenario, unit_before, unit_after, outcome, better, before,
    after_mean, delta_mean, delta_low, delta_high, pct_mean, pct_low, pct_high, share_up,
    share_down, driver_1, rho_1, driver_2, rho_2, n_draws, conclusion_en, conclusion_nl``.
    ``pct_*`` are relative changes in % of ``before`` (NaN when before is 0).
    """
    import pandas as pd

    from helixnet.scenarios.measures import BETTER

    sens = sensitivity(runs) if sensitivity_table is None else sensitivity_table
    grouped = runs.draws.groupby(["plan", "cluster", "outcome"], sort=False)
    delta = grouped["delta"]
    table = pd.DataFrame({
        "before": grouped["before"].first(),
        "after_mean": grouped["after"].mean(),
        "delta_mean": delta.mean(),
        "delta_low": delta.quantile(LOW),
        "delta_high": delta.quantile(HIGH),
        "share_up": (runs.draws["delta"] > 0).groupby([runs.draws[k] for k in ("plan", "cluster", "outcome")],
                                                      sort=False).mean(),
        "share_down": (runs.draws["delta"] < 0).groupby([runs.draws[k] for k in ("plan", "cluster", "outcome")],
                                                        sort=False).mean(),
        "n_draws": delta.size(),
    }).reset_index()
    base = table["before"].where(table["before"] != 0)
    for part in ("mean", "low", "high"):
        table[f"pct_{part}"] = 100.0 * table[f"delta_{part}"] / base
    table["better"] = table["outcome"].map(BETTER)
    table = table.merge(runs.units[["plan", "cluster", "scenario", "unit_before", "unit_after"]], on=["plan", "cluster"])
    table = table.merge(_drivers(sens, runs.n_draws), on=["plan", "cluster", "outcome"], how="left")
    table["conclusion_en"] = [_words(r, "en") for r in table.itertuples()]
    table["conclusion_nl"] = [_words(r, "nl") for r in table.itertuples()]
    columns = ["plan", "cluster", "scenario", "unit_before", "unit_after", "outcome", "better", "before",
               "after_mean", "delta_mean", "delta_low", "delta_high", "pct_mean", "pct_low", "pct_high",
               "share_up", "share_down", "driver_1", "rho_1", "driver_2", "rho_2", "n_draws",
               "conclusion_en", "conclusion_nl"]
    return table[columns]


def _drivers(sens: "pd.DataFrame", n_draws: int) -> "pd.DataFrame":
    import pandas as pd

    rows = []
    sens = sens[sens["rho"].abs() >= 2.0 / np.sqrt(n_draws)]
    for key, group in sens.groupby(["plan", "cluster", "outcome"], sort=False):
        top = group.assign(size=group["rho"].abs()).sort_values(["size", "parameter"], ascending=[False, True]).head(2)
        names, rhos = list(top["parameter"]) + ["", ""], list(top["rho"]) + [np.nan, np.nan]
        rows.append({"plan": key[0], "cluster": key[1], "outcome": key[2], "driver_1": names[0], "rho_1": rhos[0],
                     "driver_2": names[1], "rho_2": rhos[1]})
    return pd.DataFrame(rows, columns=["plan", "cluster", "outcome", "driver_1", "rho_1", "driver_2", "rho_2"])


#: The words of the plan result sentences (text catalogue, namespace ``plan_words``).
_WORDS = {lang: catalogue(lang)["plan_words"] for lang in LANGUAGES}


def _words(row, lang: str) -> str:
    from helixnet.scenarios.measures import OUTCOME_LABELS

    words = _WORDS[lang]
    outcome = OUTCOME_LABELS[lang].get(row.outcome, row.outcome)  # in words, not its code
    if np.isnan(row.delta_mean):
        return f"{outcome}: {words['undefined']}"
    if row.share_up == 0 and row.share_down == 0:
        return f"{outcome}: {words['flat']}"
    up = row.delta_mean > 0 or (row.delta_mean == 0 and row.share_up >= row.share_down)
    share = row.share_up if up else row.share_down
    return f"{outcome}: {words['up' if up else 'down']} ({100 * share:.0f}% {words['draws']})"


def scenario_tables(runs: "PlanRuns") -> "dict[str, pd.DataFrame]":
    """Every table of a run, by file stem: ``plan_results``, ``sensitivity``,
    ``assumptions`` (each parameter's range and rationale in en/nl), ``parameter_draws``
    (draw x parameter), ``draws`` (raw long table) and ``units``."""
    from helixnet.scenarios.plan import assumptions_table

    sens = sensitivity(runs)
    return {
        "plan_results": plan_results(runs, sens),
        "sensitivity": sens,
        "assumptions": assumptions_table(runs.parameter_ranges),
        "parameter_draws": runs.parameters.reset_index(),
        "draws": runs.draws,
        "units": runs.units,
    }
