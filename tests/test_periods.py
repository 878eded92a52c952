"""Tests of helixnet.metrics.periods: periods of project start and the clusters' measures per period."""

from __future__ import annotations

import math

import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics.periods import TIME_MEASURES, cluster_time_series, period_label, split_periods
from tests.helpers import TINY


@pytest.mark.parametrize(
    ("first", "last", "n", "expected"),
    [
        (2014, 2026, 4, [(2014, 2017), (2018, 2020), (2021, 2023), (2024, 2026)]),
        (2017, 2026, 4, [(2017, 2019), (2020, 2022), (2023, 2024), (2025, 2026)]),
        (2014, 2020, 3, [(2014, 2016), (2017, 2018), (2019, 2020)]),
        (2020, 2021, 4, [(2020, 2020), (2021, 2021)]),
        (2020, 2020, 1, [(2020, 2020)]),
        (None, None, 4, []),
    ],
)
def test_split_periods(first, last, n, expected):
    periods = split_periods(first, last, n)
    assert periods == expected
    if periods:  # consecutive, covering every year once
        assert periods[0][0] == first and periods[-1][1] == last
        assert all(b[0] == a[1] + 1 for a, b in zip(periods, periods[1:]))


def test_split_periods_errors():
    with pytest.raises(OptionError, match="at least 1"):
        split_periods(2014, 2020, 0)
    with pytest.raises(OptionError, match="2021-2020 is empty"):
        split_periods(2021, 2020)


def test_period_label():
    assert period_label((2014, 2017)) == "2014–2017" and period_label((2020, 2020)) == "2020"


def test_cluster_time_series_by_hand_on_the_tiny_fixture():
    """tests/data/tiny, Cluster A (clu) per year 2019-2022, worked out by hand:

    2019: p1 (clu, u1, c1) and the memberships c1-clu (open) and c2-clu (2018-2019):
          partners u1 (knowledge), c1 (company, SME; weight 1 project + 1 membership), c2 (company):
          P = 1 - (2/3)² - (1/3)² = 4/9, top-partner share 2/4, SMEs 1/3, E-I +1, 1 project facilitated.
    2020: p2 has no cluster; only the membership c1-clu is active: one partner, P = 0, top share 1.
    2021: p3 (clu, g1, b1) and c1: government, citizens, company: P = 2/3, top share 1/3, SMEs 1/3.
    2022: p4 (c2, g1) has no cluster; membership c1-clu: one partner.
    """
    ds = helixnet.load(TINY)
    series = cluster_time_series(ds, split_periods(*ds.years))
    assert list(series.columns) == ["period", "start_year", "end_year", "cluster", "name", *TIME_MEASURES]
    assert list(series["period"]) == ["2019", "2020", "2021", "2022"]
    assert set(series["cluster"]) == {"clu"} and set(series["name"]) == {"Cluster A"}
    rows = series.set_index("period")
    expected = {
        "2019": (3, 4 / 9, 0.5, 1.0, 1 / 3, 1),
        "2020": (1, 0.0, 1.0, 1.0, 1.0, 0),
        "2021": (3, 2 / 3, 1 / 3, 1.0, 1 / 3, 1),
        "2022": (1, 0.0, 1.0, 1.0, 1.0, 0),
    }
    for period, values in expected.items():
        assert rows.loc[period, list(TIME_MEASURES)].tolist() == pytest.approx(list(values)), period


def test_cluster_without_partners_in_a_period(tmp_path):
    """A period in which the cluster has no tie at all: degree 0, shares undefined (NaN)."""
    from helixnet.graph import dataset_in_window

    ds = helixnet.load(TINY)
    ds.ties = ds.ties.iloc[0:0]  # no memberships
    series = cluster_time_series(dataset_in_window(ds), [(2020, 2020)])
    row = series.iloc[0]
    assert row["degree"] == 0 and row["projects_facilitated"] == 0
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
    links u1-c1, u1-c2, c1-c2 (c1-c2 within the companies), c1-clu: 4 links, 1 of them within a helix."""
    from helixnet.metrics.periods import NETWORK_MEASURES, network_time_series

    ds = helixnet.load(TINY)
    table = network_time_series(ds, [(2019, 2019), (2020, 2020)])
    assert list(table.index) == ["2019", "2020"] and list(table.columns[2:]) == list(NETWORK_MEASURES)
    assert table.loc["2019", list(NETWORK_MEASURES)].tolist() == pytest.approx([1, 4, 4, 2.0, 1.0, 1.0])
    assert table.loc["2020", list(NETWORK_MEASURES)].tolist() == pytest.approx([1, 4, 4, 2.0, 0.75, 1.0])
    empty = network_time_series(ds, [(1990, 1991)])
    assert empty.loc["1990–1991", "edges"] == 0 and math.isnan(empty.loc["1990–1991", "cross_helix_share"])
