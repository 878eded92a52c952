"""Tests of helixnet.metrics.periods: windows of project start and the clusters' measures per window."""

from __future__ import annotations

import math
from dataclasses import replace

import networkx as nx
import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics.periods import (
    TIME_MEASURES,
    cluster_time_series,
    founding_years,
    period_graphs,
    period_label,
    split_periods,
)
from tests.helpers import TINY


@pytest.mark.parametrize(
    ("first", "last", "n", "expected"),
    [
        (2017, 2026, 5, [(2017, 2018), (2019, 2020), (2021, 2022), (2023, 2024), (2025, 2026)]),
        (2014, 2026, 4, [(2014, 2014), (2015, 2018), (2019, 2022), (2023, 2026)]),
        (2014, 2020, 3, [(2014, 2014), (2015, 2017), (2018, 2020)]),
        (2020, 2021, 4, [(2020, 2020), (2021, 2021)]),
        (2020, 2020, 1, [(2020, 2020)]),
        (None, None, 4, []),
    ],
)
def test_split_periods_gives_equal_windows_counted_back_from_the_last_year(first, last, n, expected):
    periods = split_periods(first, last, n)
    assert periods == expected
    if periods:  # consecutive, covering every year once; all but the first of one length
        assert periods[0][0] == first and periods[-1][1] == last
        assert all(b[0] == a[1] + 1 for a, b in zip(periods, periods[1:]))
        assert len({e - s for s, e in periods[1:]}) <= 1 and periods[0][1] - periods[0][0] <= periods[-1][1] - periods[-1][0]


def test_split_periods_errors():
    with pytest.raises(OptionError, match="at least 1"):
        split_periods(2014, 2020, 0)
    with pytest.raises(OptionError, match="2021-2020 is empty"):
        split_periods(2021, 2020)


def test_period_label():
    assert period_label((2014, 2017)) == "2014–2017" and period_label((2020, 2020)) == "2020"


def test_founding_year_is_the_first_year_with_any_activity():
    ds = helixnet.load(TINY)
    assert founding_years(ds).to_dict() == {"clu": 2018}  # the memberships c1-clu and c2-clu start in 2018
    assert founding_years(late_cluster(ds)).to_dict() == {"clu": 2021}  # then its first project, p3


def late_cluster(ds):
    """The tiny fixture with Cluster A active from 2021 only: out of p1, memberships from 2021."""
    parts = ds.participations
    projects = ds.projects.copy()
    projects.loc["p1", "cluster_id"] = None
    ties = ds.ties.assign(start_year=2021, end_year=float("nan"))
    return replace(ds, projects=projects, ties=ties,
                   participations=parts[~((parts["project_id"] == "p1") & (parts["org_id"] == "clu"))])


def test_cluster_time_series_by_hand_on_the_tiny_fixture():
    """tests/data/tiny, Cluster A (clu) per year 2019-2022, worked out by hand:

    2019: p1 (clu, u1, c1) and the memberships c1-clu (open) and c2-clu (2018-2019): collaboration
          partners u1 (knowledge), c1 (company, SME); c2 by membership only. On the collaboration ties:
          P = 1 - (1/2)² - (1/2)² = 1/2, top-partner share 1/2, E-I +1, SMEs 1/2; 1 project facilitated.
          Liaison (b_O): c2-clu-u1 in both directions = 2 (c2-clu-c1 is itinerant: both companies).
    2020: p2 has no cluster; only the membership c1-clu is active: no collaboration partner.
    2021: p3 (clu, g1, b1) and c1: collaboration g1, b1 (government, citizens), c1 membership only;
          P = 1/2, top share 1/2, SMEs 0, 1 project; liaison: g1-clu-c1 and b1-clu-c1, both ways = 4.
    2022: p4 (c2, g1) has no cluster; membership c1-clu only.
    """
    ds = helixnet.load(TINY)
    series = cluster_time_series(ds, split_periods(*ds.years))
    assert list(series.columns[-len(TIME_MEASURES):]) == list(TIME_MEASURES)
    assert list(series["period"]) == ["2019", "2020", "2021", "2022"]
    assert set(series["cluster"]) == {"clu"} and set(series["name"]) == {"Cluster A"}
    assert series["complete"].all() and series.attrs["incomplete"] == []
    rows = series.set_index("period")
    measures = ["projects_per_year", "collaboration_partners", "membership_only", "participation", "top1_share",
                "ei_index", "share_sme", "liaison"]
    nan = float("nan")
    expected = {
        "2019": (1, 2, 1, 0.5, 0.5, 1.0, 0.5, 2),
        "2020": (0, 0, 1, nan, nan, nan, nan, 0),
        "2021": (1, 2, 1, 0.5, 0.5, 1.0, 0.0, 4),
        "2022": (0, 0, 1, nan, nan, nan, nan, 0),
    }
    for period, values in expected.items():
        assert rows.loc[period, measures].astype(float).tolist() == pytest.approx(list(values), nan_ok=True), period
    assert rows["partners"].tolist() == [3, 1, 3, 1]


def test_membership_only_ties_are_counted_apart_from_collaboration():
    """Hand-made: c2 becomes a member in 2021 and shares no project with clu then (p3 is clu, g1, b1):
    2021 has collaboration partners g1, b1 and membership-only partners c1, c2."""
    ds = helixnet.load(TINY)
    ds = replace(ds, ties=ds.ties.assign(end_year=float("nan")))  # c2's membership stays open
    row = cluster_time_series(ds, [(2021, 2021)]).iloc[0]
    assert (row["partners"], row["collaboration_partners"], row["membership_only"]) == (4, 2, 2)
    assert row["share_sme"] == 0.0  # c1, the SME, is a member only: not among the collaboration partners


def test_rates_are_counts_per_year():
    """Two 2-year windows: p1 (2019) and p3 (2021) are Cluster A's projects: 1 / 2 years each. With the cluster
    founded in 2021, the window 2020-2022 counts its one project over the 2 years it existed."""
    ds = helixnet.load(TINY)
    series = cluster_time_series(ds, [(2019, 2020), (2021, 2022)])
    assert series["projects_facilitated"].tolist() == [1, 1]
    assert series["projects_per_year"].tolist() == [0.5, 0.5]
    late = cluster_time_series(late_cluster(ds), [(2020, 2022)]).iloc[0]
    assert late["founded"] == 2021 and late["projects_facilitated"] == 1 and late["projects_per_year"] == 0.5


def test_a_cluster_has_no_values_before_its_founding_year():
    series = cluster_time_series(late_cluster(helixnet.load(TINY)), [(2019, 2019), (2020, 2020), (2021, 2021)])
    rows = series.set_index("period")
    for period in ("2019", "2020"):  # NaN, not 0
        assert all(math.isnan(rows.loc[period, m]) for m in (*TIME_MEASURES, "projects_facilitated", "partners"))
    assert rows.loc["2021", "projects_per_year"] == 1 and rows.loc["2021", "collaboration_partners"] == 2


def test_the_incomplete_last_window_is_flagged():
    ds = helixnet.load(TINY)
    ds = replace(ds, meta=replace(ds.meta, extra={**ds.meta.extra, "created": "2022-05-01"}))
    series = cluster_time_series(ds, [(2019, 2020), (2021, 2022)])
    assert series["complete"].tolist() == [True, False] and series.attrs["incomplete"] == ["2021–2022"]
    from helixnet.metrics.periods import network_time_series

    assert network_time_series(ds, [(2019, 2020), (2021, 2022)])["complete"].tolist() == [True, False]


def test_per_window_betweenness_equals_networkx_on_each_windows_graph():
    ds = helixnet.load(REPO_DATA)
    periods = split_periods(*ds.years)[-2:]
    graphs = period_graphs(ds, periods)
    series = cluster_time_series(ds, periods, graphs).set_index(["period", "cluster"])
    for period, G in graphs.items():
        expected = nx.betweenness_centrality(G)
        for cluster in ds.clusters.index:
            value = series.loc[(period_label(period), cluster), "betweenness"]
            if value == value:
                assert value == pytest.approx(expected[cluster], rel=1e-9), (period, cluster)


def test_per_window_liaison_equals_the_brokerage_of_the_windows_graph():
    from helixnet.metrics.brokerage import brokerage

    ds = helixnet.load(TINY)
    graphs = period_graphs(ds, [(2019, 2022)])
    row = cluster_time_series(ds, [(2019, 2022)], graphs).iloc[0]
    assert row["liaison"] == brokerage(graphs[(2019, 2022)]).raw.at["clu", "b_O"]


def test_cluster_without_partners_in_a_period():
    """A period in which the cluster has no tie at all: no partners, shares undefined (NaN)."""
    from helixnet.graph import dataset_in_window

    ds = helixnet.load(TINY)
    ds.ties = ds.ties.iloc[0:0]  # no memberships
    series = cluster_time_series(dataset_in_window(ds), [(2020, 2020)])
    row = series.iloc[0]
    assert row["partners"] == 0 and row["projects_facilitated"] == 0 and row["projects_per_year"] == 0
    assert all(math.isnan(row[m]) for m in ("participation", "top1_share", "ei_index", "share_sme"))


def test_no_clusters_no_rows():
    ds = helixnet.load(TINY)
    ds.organisations = ds.organisations.assign(kind=ds.organisations["kind"].replace("cluster", "agentschap"))
    assert cluster_time_series(ds, [(2019, 2022)]).empty


def test_period_labels_are_kept_without_clusters():
    ds = helixnet.load(TINY)
    series = cluster_time_series(ds, [(2019, 2020), (2021, 2022)])
    assert series.attrs["periods"] == ["2019–2020", "2021–2022"]
    ds.organisations = ds.organisations.assign(kind="agentschap")
    assert cluster_time_series(ds, [(2019, 2020)]).attrs["periods"] == ["2019–2020"]


def test_network_time_series_by_hand_on_the_tiny_fixture():
    """2019: p1 (clu, u1, c1) and memberships c1-clu, c2-clu: links clu-u1, clu-c1, u1-c1, clu-c2 (all between
    helices but none within one), 4 active organisations in one component. 2020: p2 (u1, c1, c2) and c1-clu:
    links u1-c1, u1-c2, c1-c2 (c1-c2 within the companies), c1-clu: 4 links, 1 of them within a helix.
    2019-2020 as one window: 2 projects over 2 years, 1 per year."""
    from helixnet.metrics.periods import NETWORK_MEASURES, network_time_series

    ds = helixnet.load(TINY)
    table = network_time_series(ds, [(2019, 2019), (2020, 2020)])
    assert list(table.index) == ["2019", "2020"] and list(table.columns[-len(NETWORK_MEASURES):]) == list(NETWORK_MEASURES)
    assert table.loc["2019", list(NETWORK_MEASURES)].tolist() == pytest.approx([1, 4, 4, 2.0, 1.0, 1.0])
    assert table.loc["2020", list(NETWORK_MEASURES)].tolist() == pytest.approx([1, 4, 4, 2.0, 0.75, 1.0])
    assert network_time_series(ds, [(2019, 2020)]).loc["2019–2020", "projects_per_year"] == 1.0
    empty = network_time_series(ds, [(1990, 1991)])
    assert empty.loc["1990–1991", "edges"] == 0 and math.isnan(empty.loc["1990–1991", "cross_helix_share"])


REPO_DATA = TINY.parent.parent.parent / "data"


def test_founding_years_come_from_the_data_before_the_window():
    """Memberships from 2021, p1 (2019) with Cluster A: analysing 2021-2022 only, the cluster still dates
    from 2019, not from the first year of the window."""
    from helixnet.analysis import period_series
    from helixnet.graph import dataset_in_window

    ds = helixnet.load(TINY)
    ds = replace(ds, ties=ds.ties.assign(start_year=2021))
    window = dataset_in_window(ds, 2021, 2022)
    assert set(period_series(window, dataset=ds).clusters["founded"]) == {2019}
    assert set(period_series(window).clusters["founded"]) == {2021}  # what the window alone would say
