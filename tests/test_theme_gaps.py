"""Theme-level analysis and the missing-theme rule, validated on a planted dataset."""

import math

import numpy as np
import pandas as pd
import pytest

from helixnet.errors import OptionError
from helixnet.io.loader import Dataset, DatasetMeta
from helixnet.metrics.themes import GapRule, jeffreys_interval, last_complete_year, theme_analysis


def planted(created="2025-03-01"):
    """Five themes over 2015-2024 (two windows of 3 years: 2019-21 and 2022-24).

    - ``gap``: active and growing (3 -> 8 projects a year) and never facilitated: the planted gap.
    - ``served``: as active and growing, but every other project facilitated by cluster c1.
    - ``shrinking``: never facilitated, but its rate falls (5 -> 2 a year): not active.
    - ``small``: never facilitated and growing, but only 3 recent projects: not active.
    - ``barely``: active, growing, one of 15 recent projects facilitated (6.7% <= 10%, but the
      interval's upper end is above 10%): a candidate, not robust.
    """
    orgs = pd.DataFrame(
        {"name": ["Cluster 1", "Uni", "SME A", "Big B", "City"],
         "helix": ["intermediair", "kennisinstelling", "bedrijf", "bedrijf", "overheid"],
         "kind": ["cluster", "universiteit", "kmo", "grote onderneming", "stad"],
         "sme": [False, False, True, False, False]},
        index=pd.Index(["c1", "uni", "sme-a", "big-b", "city"], name="id"))
    rows = []

    def add(theme, year, count, facilitated=lambda i: False):
        for i in range(count):
            rows.append({"id": f"{theme}-{year}-{i}", "theme": theme, "start_year": year,
                         "cluster_id": "c1" if facilitated(i) else np.nan})

    for year in range(2019, 2022):
        add("gap", year, 3)
        add("served", year, 2, lambda i: i % 2 == 0)
        add("shrinking", year, 5)
        add("barely", year, 2)
    for year in range(2022, 2025):
        add("gap", year, 8)
        add("served", year, 5, lambda i: i % 2 == 0)
        add("shrinking", year, 2)
        add("small", year, 1)
        add("barely", year, 5, lambda i: year == 2022 and i == 0)
    add("gap", 2025, 1)  # an incomplete year: ignored by the windows
    projects = pd.DataFrame(rows).set_index("id")
    projects["start_year"] = projects["start_year"].astype("Int64")
    participations = pd.DataFrame(
        [{"project_id": p, "org_id": o} for p in projects.index for o in ("uni", "sme-a", "big-b")]
        + [{"project_id": p, "org_id": "city"} for p in projects.index if p.startswith("gap")])
    ties = pd.DataFrame(columns=["source", "target", "relation", "weight", "start_year", "end_year"])
    meta = DatasetMeta(title="planted", source="test", synthetic=True, path="-", extra={"created": created})
    return Dataset(organisations=orgs, projects=projects, participations=participations, ties=ties, meta=meta)


def test_the_planted_gap_is_found_and_nothing_else():
    result = theme_analysis(planted())
    assert result.robust_gaps == ["gap"]
    assert result.candidate_gaps == ["gap", "barely"]  # barely: 1 of 15 facilitated, interval too wide
    table = result.table
    assert table.loc["gap", "gap_robust"] and not table.loc["barely", "gap_robust"]
    assert table.loc["shrinking", ["active", "little_facilitated"]].tolist() == [False, True]
    assert table.loc["small", ["active", "little_facilitated"]].tolist() == [False, True]
    assert table.loc["served", ["active", "little_facilitated"]].tolist() == [True, False]
    strict = theme_analysis(planted(), GapRule(max_facilitated=0.05))
    assert strict.candidate_gaps == ["gap"]


def test_windows_rates_and_shares_by_hand():
    result = theme_analysis(planted())
    assert result.recent == (2022, 2024) and result.previous == (2019, 2021)
    assert result.incomplete_years == [2025]
    gap = result.table.loc["gap"]
    assert (gap["projects"], gap["projects_recent"], gap["projects_previous"]) == (34, 24, 9)
    assert gap["rate_recent"] == 8 and gap["rate_previous"] == 3 and gap["growth"] == pytest.approx(5 / 3)
    assert gap["helix_overheid"] == pytest.approx(1 / 4) and gap["helix_intermediair"] == 0
    served = result.table.loc["served"]
    assert served["facilitated_any"] == pytest.approx((1 * 3 + 3 * 3) / 21)
    assert served["facilitated_recent"] == pytest.approx(9 / 15)
    assert result.by_cluster.loc["served", "c1"] == pytest.approx(12 / 21)
    assert result.table.loc["small", "growth"] == math.inf
    assert result.per_year.loc["gap"].to_dict() == {2019: 3, 2020: 3, 2021: 3, 2022: 8, 2023: 8, 2024: 8, 2025: 1}


def test_last_complete_year_follows_the_export_date():
    assert last_complete_year(planted(created="2025-06-01")) == 2024
    assert last_complete_year(planted(created="2030-01-01")) == 2025
    assert last_complete_year(planted(created="")) == 2025


def test_jeffreys_interval_matches_published_values():
    # Brown, Cai & DasGupta (2001), Table 5-like check: x = 0 has lower end 0; symmetric for x = n/2.
    low, high = jeffreys_interval([0, 5, 10], [10, 10, 10], 0.95)
    assert low[0] == 0 and high[2] == 1
    assert low[1] == pytest.approx(1 - high[1])
    # Beta(0.5, 10.5) 97.5% quantile, from scipy's independent beta implementation
    from scipy.stats import beta
    assert high[0] == pytest.approx(beta.ppf(0.975, 0.5, 10.5))
    empty_low, empty_high = jeffreys_interval([0], [0])
    assert math.isnan(empty_low[0]) and math.isnan(empty_high[0])


def test_unthemed_and_undated_projects_are_counted():
    ds = planted()
    ds.projects.loc["gap-2019-0", "theme"] = np.nan
    ds.projects.loc["gap-2019-1", "start_year"] = pd.NA
    result = theme_analysis(ds)
    assert (result.unthemed, result.undated) == (1, 1)
    assert result.table.loc["gap", "projects"] == 33


@pytest.mark.parametrize("bad", [{"window": 0}, {"min_projects": 0}, {"max_facilitated": 1.5},
                                 {"confidence": 1}, {"min_growth": float("nan")}])
def test_bad_rules_are_refused(bad):
    with pytest.raises(OptionError):
        GapRule(**bad)


def test_community_projects_by_majority_and_the_same_rule_applies():
    from helixnet.metrics.themes import community_projects, portfolio_analysis

    ds = planted()
    communities = pd.Series({"uni": 1, "sme-a": 2, "big-b": 2, "city": 1})
    by_project = community_projects(ds, communities)
    # gap projects: uni, sme-a, big-b, city -> 2 votes each: the tie goes to community 1;
    # the others: uni (1) against sme-a and big-b (2) -> community 2
    assert set(by_project[by_project.index.str.startswith("gap")]) == {1}
    assert set(by_project[~by_project.index.str.startswith("gap")]) == {2}
    result = portfolio_analysis(ds, by_project)
    assert result.table.loc[1, "projects"] == 34 and result.candidate_gaps == [1]
    assert community_projects(ds, pd.Series({"nobody": 1})).isna().all()


def as_participation(ds: Dataset) -> Dataset:
    """The planted data as a CORDIS import with a marked cluster has them: no project records
    its facilitator; the cluster takes part in the projects it facilitated instead."""
    from dataclasses import replace

    projects = ds.projects.copy()
    facilitated = projects.index[projects["cluster_id"].notna()]
    projects["cluster_id"] = np.nan
    extra = pd.DataFrame({"project_id": facilitated, "org_id": "c1"})
    return replace(ds, projects=projects, participations=pd.concat([ds.participations, extra], ignore_index=True))


def test_without_recorded_facilitators_the_clusters_taking_part_count():
    recorded = theme_analysis(planted())
    taking_part = theme_analysis(as_participation(planted()))
    assert recorded.basis == "recorded" and taking_part.basis == "participation"
    assert taking_part.robust_gaps == ["gap"] and taking_part.candidate_gaps == ["gap", "barely"]
    columns = ["facilitated_any", "facilitated_recent", "candidate_gap", "gap_robust"]
    pd.testing.assert_frame_equal(taking_part.table[columns], recorded.table[columns])
    pd.testing.assert_frame_equal(taking_part.by_cluster, recorded.by_cluster)


def test_data_without_clusters_have_no_candidate_gap():
    from dataclasses import replace

    ds = planted()
    ds = replace(ds, organisations=ds.organisations.drop(index="c1"),
                 projects=ds.projects.assign(cluster_id=np.nan))
    result = theme_analysis(ds)
    assert result.basis == "none"
    assert result.table["active"].any()  # the gap theme is still active ...
    assert result.candidate_gaps == [] and result.robust_gaps == []  # ... but nothing can be called missing
