"""Tests of helixnet.analysis: the analysis is complete before the report is written, and
every collaboration graph is built once."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from helixnet.cli import main
from tests.helpers import REPO, TINY


@pytest.fixture()
def graph_builds(monkeypatch) -> Counter:
    """Count collaboration-graph builds per (start, end) window."""
    import helixnet.graph

    builds: Counter = Counter()
    original = helixnet.graph.collaboration_graph

    def counting(ds, start_year=None, end_year=None, *args, **kwargs):
        builds[(start_year, end_year)] += 1
        return original(ds, start_year, end_year, *args, **kwargs)

    monkeypatch.setattr(helixnet.graph, "collaboration_graph", counting)
    return builds


def test_report_on_the_default_data_builds_each_window_once(graph_builds, tmp_path):
    result = CliRunner().invoke(main, ["report", str(REPO / "data"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    # the analysed window and the five two-year windows of the time section (2017-2026)
    assert len(graph_builds) == 6, graph_builds
    assert max(graph_builds.values()) == 1, graph_builds


#: Two scenarios without hosts, so that they apply to the tiny fixture's cluster.
SCENARIOS = """
[[scenario]]
id = "baseline"
title_en = "Baseline"
title_nl = "Basislijn"
description_en = "The network as observed."
description_nl = "Het netwerk zoals waargenomen."

[[scenario]]
id = "removal"
title_en = "Removal"
title_nl = "Verdwijning"
description_en = "The cluster disappears."
description_nl = "De cluster verdwijnt."

[[scenario.operation]]
op = "remove_nodes"
nodes = "$cluster"
"""


def test_report_with_scenarios_builds_no_further_graph(graph_builds, tmp_path):
    from helixnet.pipeline import ScenarioRequest, analyse, write_report

    spec = tmp_path / "scenarios.toml"
    spec.write_text(SCENARIOS, encoding="utf-8")
    analysis = analyse(TINY, communities=True, periods=True, scenarios=ScenarioRequest(files=(spec,), n_runs=2))
    write_report(analysis, tmp_path / "r")
    assert max(graph_builds.values()) == 1, graph_builds
    assert len(graph_builds) == 5  # the window and its four one-year periods
    assert (tmp_path / "r" / "scenarios" / "outcomes.csv").is_file()


def test_analysis_holds_communities_periods_and_scenarios(tmp_path):
    from helixnet.analysis import ScenarioRequest, analyse

    spec = tmp_path / "scenarios.toml"
    spec.write_text(SCENARIOS, encoding="utf-8")
    plain = analyse(TINY)
    assert plain.communities is None and plain.periods is None and plain.scenarios is None
    full = analyse(TINY, communities=True, periods=True, seed=4, scenarios=ScenarioRequest(files=(spec,), n_runs=2))
    # tiny: 7 organisations, one cluster ("clu"): the communities label the other six
    assert sorted(full.communities.labels.index) == sorted(set(full.graph) - {"clu"})
    assert full.communities.seed == 4 and full.communities.has_clusters
    assert [p for p in full.periods.periods] == [(2019, 2019), (2020, 2020), (2021, 2021), (2022, 2022)]
    assert list(full.periods.network.index) == ["2019", "2020", "2021", "2022"]
    assert set(full.scenarios.outcomes["cluster"]) == {"clu"} and full.scenarios.n_runs == 2


def test_period_series_reuses_the_window_graph_for_a_single_period(graph_builds):
    from helixnet.analysis import period_series
    from helixnet.graph import dataset_in_window
    from helixnet.io.loader import load

    ds = load(TINY)
    window = dataset_in_window(ds, 2021, 2021)
    import helixnet.graph

    graph = helixnet.graph.collaboration_graph(ds, 2021, 2021)
    series = period_series(window, graph)
    assert series.periods == [(2021, 2021)]
    assert graph_builds == Counter({(2021, 2021): 1})  # the period is the window: not built again


def test_the_communities_are_the_same_with_the_unweighted_consensus_from_a_second_process(monkeypatch):
    import pandas as pd

    from helixnet import analysis
    from helixnet.pipeline import analyse

    here = analyse(REPO / "data", communities=True, seed=5, processes=1).communities
    from helixnet import background

    started = []

    class Counted(background.BackgroundCall):
        def __init__(self, function, *args, **kwargs):
            started.append(function.__name__)
            super().__init__(function, *args, **kwargs)

    monkeypatch.setattr(background, "BackgroundCall", Counted)
    monkeypatch.setattr(analysis, "SECOND_PROCESS_MIN_TIES", 1)  # the default data are below it
    there = analyse(REPO / "data", communities=True, seed=5, processes=2).communities
    assert started == ["consensus_communities"]
    pd.testing.assert_series_equal(here.labels, there.labels)
    pd.testing.assert_frame_equal(here.profile, there.profile)
    assert (here.run_agreement, here.weighting_agreement) == (there.run_agreement, there.weighting_agreement)


@pytest.mark.parametrize("processes", [0, 1.5, True])
def test_analyse_refuses_a_process_count_that_is_not_a_whole_number_of_at_least_one(processes):
    from helixnet.errors import OptionError
    from helixnet.pipeline import analyse

    with pytest.raises(OptionError, match="processes"):
        analyse(TINY, processes=processes)
