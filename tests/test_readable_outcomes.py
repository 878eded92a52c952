"""The scenario CSV files name every outcome in words beside its code, and leave out the
standard errors of estimates that were computed exactly (all zero)."""

from __future__ import annotations

import pandas as pd
import pytest

from helixnet.report.writer import readable_outcomes


def v1_outcomes() -> pd.DataFrame:
    rows = [("removal", "a", "brokerage_b_IO_z", 1.0, 2.0), ("removal", "a", "distance_fragmentation_se", 0.0, 0.0),
            ("removal", "a", "helix_distance_se", 0.01, 0.02), ("removal", "a", "distance_fragmentation", 0.4, 0.5)]
    frame = pd.DataFrame(rows, columns=["scenario", "cluster", "outcome", "baseline", "mean"])
    for column in ("low", "high", "delta_mean", "delta_low", "delta_high"):
        frame[column] = frame["mean"] - frame["baseline"]
    return frame


@pytest.mark.parametrize(("lang", "names"), [
    ("en", ["cluster: representative z-score",
            "standard error of closeness between helices (estimated from sampled distances)",
            "distance-weighted fragmentation"]),
    ("nl", ["cluster: z-score vertegenwoordiger",
            "standaardfout van nabijheid tussen de helices (geschat uit een steekproef van afstanden)",
            "afstandsgewogen fragmentatie"]),
])
def test_v1_outcomes_in_words_without_exact_standard_errors(lang, names):
    table = readable_outcomes(v1_outcomes(), lang)
    assert list(table["outcome"]) == ["brokerage_b_IO_z", "helix_distance_se", "distance_fragmentation"]
    assert list(table["outcome_name"]) == names
    assert list(table.columns[:4]) == ["scenario", "cluster", "outcome", "outcome_name"]


def test_plan_outcomes_in_words():
    plan = pd.DataFrame({"plan": ["p", "p"], "outcome": ["facilitated_projects", "smes_only_through"]})
    assert list(readable_outcomes(plan, "nl", plan=True)["outcome_name"]) == [
        "gefaciliteerde projecten", "kmo's die kennis enkel via de eenheid bereiken"]
    assert list(readable_outcomes(plan, "en", plan=True)["outcome"]) == list(plan["outcome"])
