"""Figures of the scenario plans: fixed colour scale, what is drawn, tornado order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb

from helixnet.viz.scenario_figures import PCT_RANGE, plan_change_matrix, plan_change_matrix_data, tornado, tornado_data


def results(pcts: list[float], better: list[int]) -> pd.DataFrame:
    n = len(pcts)
    return pd.DataFrame({"plan": "p", "cluster": [f"c{i}" for i in range(n)], "outcome": "cross_helix_ties",
                         "better": better, "pct_mean": pcts, "pct_low": pcts, "pct_high": pcts,
                         "delta_mean": pcts, "share_up": [float(p > 0) for p in pcts],
                         "share_down": [float(p < 0) for p in pcts]})


def colours(fig) -> list[tuple[float, float, float]]:
    return [to_rgb(p.get_facecolor()) for p in fig.axes[0].patches]


def test_colour_scale_is_fixed_not_stretched_to_the_data():
    small = colours(plan_change_matrix(results([-0.2, 0.1], [1, 1]), "p"))
    # a change of -0.2% is pale whatever the other cells are
    assert all(min(c) > 0.9 for c in small)
    strong = colours(plan_change_matrix(results([-0.2, -3 * PCT_RANGE], [1, 1]), "p"))
    assert strong[0] == small[0]
    assert min(strong[1]) < 0.5  # saturated beyond the range


def test_descriptive_outcomes_are_grey_and_data_is_what_is_drawn():
    table = results([-30.0, 20.0], [0, 1])
    fig = plan_change_matrix(table, "p")
    assert colours(fig)[0] == to_rgb("#e6e6e6")
    data = plan_change_matrix_data(table, "p")
    assert list(data["share"]) == [1.0, 1.0]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[0].startswith("-30%") and texts[1].startswith("+20%")


def test_tornado_orders_by_size_and_skips_parameters_that_cannot_act():
    sens = pd.DataFrame({"plan": "p", "cluster": "c", "outcome": "o", "parameter": ["a", "b", "c"],
                         "rho": [0.2, -0.9, np.nan]})
    assert list(tornado_data(sens, "p", "c", "o")["parameter"]) == ["b", "a"]
    assert len(tornado(sens, "p", "c", "o", lang="nl").axes[0].patches) == 2
