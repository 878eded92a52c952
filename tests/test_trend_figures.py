"""Tests of helixnet.viz.trend_figures: what the trend and community figures draw equals the
analysis' data (read back from the matplotlib artists), in both languages."""

from __future__ import annotations

import numpy as np
import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.texts import catalogue
from helixnet.viz import trend_figures
from tests.helpers import REPO, TINY


@pytest.fixture(scope="module")
def series():
    from helixnet.analysis import period_series

    return period_series(helixnet.load(REPO / "data")).clusters


def lines(ax, prefix: str) -> list:
    return [line for line in ax.lines if str(line.get_gid()).startswith(prefix)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_time_series_lines_equal_the_data(series, lang):
    from helixnet.metrics.periods import TIME_MEASURES

    fig = trend_figures.time_series(series, lang=lang)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(TIME_MEASURES)
    clusters = list(dict.fromkeys(series["cluster"]))
    complete = series.drop_duplicates("period")["complete"].to_numpy()
    assert not complete[-1] and complete[:-1].all()  # the default data were exported in 2026
    for ax, measure in zip(panels, TIME_MEASURES):
        table = trend_figures.time_series_data(series, measure)
        scale = 100.0 if measure in trend_figures.PERCENT_MEASURES else 1.0
        solid, dotted = lines(ax, "cluster-"), lines(ax, "incomplete-")
        assert len(solid) == len(dotted) == len(clusters)
        for line, tail, cluster in zip(solid, dotted, clusters):
            values = table[cluster].to_numpy() * scale
            np.testing.assert_allclose(line.get_ydata(), np.where(complete, values, np.nan), equal_nan=True)
            np.testing.assert_allclose(tail.get_ydata()[-2:], values[-2:], equal_nan=True)  # last complete -> incomplete
            assert np.isnan(tail.get_ydata()[:-2]).all() and tail.get_linestyle() == ":"
        assert list(ax.get_xticks()) == list(range(len(table.index)))
        assert [p.get_gid() for p in ax.patches] == ["incomplete"]  # the incomplete window is shaded
    ticks = [t.get_text().replace("\n", "") for t in panels[-1].get_xticklabels()]  # a window on two lines
    assert ticks[:-1] == list(table.index[:-1]) and ticks[-1] == f"{table.index[-1]}*"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    words = catalogue(lang)["trend_figures"]
    first = series.drop_duplicates("cluster")
    assert legend[:-1] == [words["time_since"].format(name=n, year=int(y)) for n, y in zip(first["name"], first["founded"])]
    assert legend[-1] == words["time_incomplete"]
    assert fig._suptitle.get_text() == words["time_title"]


def test_a_cluster_is_drawn_from_its_founding_year_only(series):
    """MEDVIA (first activity 2021) and the entertainment-technology cluster (2024): no value, so no point and
    no line, in the windows before."""
    fig = trend_figures.time_series(series, measures=["projects_per_year"])
    clusters = list(dict.fromkeys(series["cluster"]))
    ax = fig.axes[0]
    periods = list(dict.fromkeys(series["period"]))
    for cluster, before in (("medvia", ["2017–2018", "2019–2020"]), ("entertainment-tech", periods[:3])):
        y = lines(ax, "cluster-")[clusters.index(cluster)].get_ydata()
        assert np.isnan([y[periods.index(p)] for p in before]).all(), cluster
        assert not np.isnan(y[len(before)])


def test_axes_span_the_natural_range_of_bounded_measures(series):
    fig = trend_figures.time_series(series, measures=["ei_index", "share_sme", "projects_per_year"])
    ei, sme, rate = fig.axes[:3]
    low, high = ei.get_ylim()
    assert low <= -1 and high >= 1  # E-I values of 0.97-1.0 are not blown up
    assert sme.get_ylim()[0] <= 0 and sme.get_ylim()[1] >= 100
    assert rate.get_ylim()[0] == 0


def test_a_complete_series_has_no_incomplete_marks():
    from helixnet.metrics.periods import cluster_time_series

    table = cluster_time_series(helixnet.load(TINY), [(2019, 2020), (2021, 2022)])
    fig = trend_figures.time_series(table, measures=["collaboration_partners"])
    assert not lines(fig.axes[0], "incomplete-") and not fig.axes[0].patches
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2019–\n2020", "2021–\n2022"]


def test_time_series_errors(series):
    with pytest.raises(OptionError, match="no column"):
        trend_figures.time_series(series, measures=["closeness"])
    with pytest.raises(OptionError, match="empty"):
        trend_figures.time_series(series.iloc[:0])


def test_time_series_data_orders_periods_and_clusters(series):
    table = trend_figures.time_series_data(series, "collaboration_partners")
    assert list(table.index) == list(dict.fromkeys(series["period"]))
    assert list(table.columns) == list(dict.fromkeys(series["cluster"]))
    row = series.dropna(subset=["collaboration_partners"]).iloc[0]
    assert table.at[row["period"], row["cluster"]] == row["collaboration_partners"]


def test_dutch_figure_has_no_english_words(series):
    english = [v for k, v in catalogue("en")["trend_figures"].items() if v != catalogue("nl")["trend_figures"][k]]
    english += list(catalogue("en")["trend_measures"].values())
    fig = trend_figures.time_series(series, lang="nl")
    texts = " | ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    for phrase in english:
        fragment = phrase.split("{")[0].strip()
        if len(fragment) >= 6 and fragment not in catalogue("nl")["trend_measures"].values():
            assert fragment not in texts, fragment
