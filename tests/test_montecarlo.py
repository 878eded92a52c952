"""Seeded Monte Carlo runner: seeds, process independence, summaries, errors."""

from __future__ import annotations

import functools
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import helixnet
from helixnet.errors import OptionError
from helixnet.scenarios import montecarlo as mc
from helixnet.scenarios.outcomes import network_outcomes

TINY = Path(__file__).parent / "data" / "tiny"


def noisy(seed: int, scale: float = 1.0) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series({"a": rng.normal(0.0, scale), "b": rng.uniform(), "c": 3.0})


def attrition(seed: int, G: nx.Graph, retention: float = 0.7) -> pd.Series:
    """Keep each tie with probability ``retention``; the outcomes of what is left."""
    rng = np.random.default_rng(seed)
    edges = list(G.edges())
    keep = rng.random(len(edges)) < retention
    H = G.copy()
    H.remove_edges_from(e for e, k in zip(edges, keep) if not k)
    return network_outcomes(H)


def test_seeds_are_spawned_seed_sequences():
    children = np.random.SeedSequence(42).spawn(5)
    want = [int(c.generate_state(1, np.uint64)[0]) for c in children]
    assert mc.run_seeds(42, 5) == want
    assert len(set(want)) == 5
    # run r's seed depends on the master seed and r only: more runs keep the earlier ones
    assert mc.run_seeds(42, 8)[:5] == want
    result = mc.run(noisy, n_runs=5, seed=42, processes=1)
    assert result.seeds == tuple(want)
    pd.testing.assert_series_equal(result.runs.iloc[3], noisy(want[3]), check_names=False)


def test_identical_for_one_and_two_processes():
    one = mc.run(noisy, n_runs=40, seed=3, processes=1)
    two = mc.run(noisy, n_runs=40, seed=3, processes=2)
    pd.testing.assert_frame_equal(one.runs, two.runs)
    pd.testing.assert_frame_equal(one.summary(), two.summary())


def test_same_seed_same_result_other_seed_other_result():
    a = mc.run(noisy, n_runs=30, seed=1, processes=2)
    b = mc.run(noisy, n_runs=30, seed=1, processes=2)
    c = mc.run(noisy, n_runs=30, seed=2, processes=2)
    pd.testing.assert_frame_equal(a.runs, b.runs)
    assert not np.allclose(a.runs["a"], c.runs["a"])
    assert a.mean["a"] != c.mean["a"]


def test_summary_is_mean_and_empirical_90_percent_interval():
    result = mc.run(noisy, n_runs=200, seed=0, processes=2)
    assert result.n_runs == 200 and result.random
    assert list(result.runs.index) == list(range(200)) and result.runs.index.name == "run"
    summary = result.summary()
    assert list(summary.columns) == ["mean", "low", "high", "sd"]
    assert list(summary.index) == ["a", "b", "c"]
    values = result.runs["b"].to_numpy()
    assert summary.loc["b", "mean"] == pytest.approx(values.mean())
    assert summary.loc["b", "low"] == pytest.approx(np.percentile(values, 5))
    assert summary.loc["b", "high"] == pytest.approx(np.percentile(values, 95))
    assert summary.loc["b", "sd"] == pytest.approx(values.std(ddof=1))
    assert ((summary["low"] <= summary["mean"]) & (summary["mean"] <= summary["high"])).all()
    # about 90% of the runs inside the interval; a uniform's 90% interval is about (.05, .95)
    inside = ((values >= summary.loc["b", "low"]) & (values <= summary.loc["b", "high"])).mean()
    assert inside == pytest.approx(0.9, abs=0.02)
    assert summary.loc["b", "low"] == pytest.approx(0.05, abs=0.05)
    assert summary.loc["c"].tolist() == [3.0, 3.0, 3.0, 0.0]  # a constant outcome


def test_deterministic_function_runs_once():
    calls: list[int] = []

    def fixed(seed: int) -> pd.Series:
        calls.append(seed)
        return pd.Series({"x": 2.5, "y": -1.0})

    result = mc.run(fixed, n_runs=200, seed=9, processes=2, random=False)
    assert len(calls) == 1 and calls[0] == mc.run_seeds(9, 1)[0]
    assert result.n_runs == 1 and not result.random
    summary = result.summary()
    assert (summary["low"] == summary["mean"]).all() and (summary["high"] == summary["mean"]).all()
    assert (summary["sd"] == 0).all()
    assert summary.loc["x", "mean"] == 2.5


def test_closures_and_partials_run_in_the_pool():
    offset = 10.0
    closure = lambda seed: noisy(seed) + offset
    partial = functools.partial(noisy, scale=5.0)
    a = mc.run(closure, n_runs=12, seed=4, processes=2)
    b = mc.run(partial, n_runs=12, seed=4, processes=2)
    base = mc.run(noisy, n_runs=12, seed=4, processes=1)
    np.testing.assert_allclose(a.runs["c"], 13.0)
    np.testing.assert_allclose(b.runs["a"], 5.0 * base.runs["a"])


def test_minus_shifts_runs_by_a_reference():
    result = mc.run(noisy, n_runs=20, seed=0, processes=1)
    diff = result.minus(pd.Series({"a": 1.0, "b": 0.5, "c": 3.0}))
    np.testing.assert_allclose(diff.runs["a"], result.runs["a"] - 1.0)
    assert diff.summary().loc["c"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert diff.summary().loc["b", "low"] == pytest.approx(result.low["b"] - 0.5)


def test_scenario_outcomes_identical_across_processes():
    G = helixnet.collaboration_graph(helixnet.load(TINY))
    run = functools.partial(attrition, G=G)
    one = mc.run(run, n_runs=16, seed=5, processes=1)
    two = mc.run(run, n_runs=16, seed=5, processes=2)
    pd.testing.assert_frame_equal(one.runs, two.runs)
    assert one.runs["cross_helix_ties"].nunique() > 1  # the runs really differ
    assert (one.runs["cross_helix_ties"] <= 9).all()  # attrition never adds ties
    assert G.number_of_edges() == 10  # the input graph is untouched


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_runs": 0}, "n_runs"),
        ({"n_runs": 2.0}, "n_runs"),
        ({"processes": 0}, "processes"),
        ({"processes": True}, "processes"),
        ({"seed": -1}, "seed"),
        ({"seed": "0"}, "seed"),
    ],
)
def test_bad_arguments_are_option_errors(kwargs, match):
    with pytest.raises(OptionError, match=match):
        mc.run(noisy, **{"n_runs": 3, "processes": 1, **kwargs})


def test_function_must_be_callable_and_return_numbers():
    with pytest.raises(OptionError, match="callable"):
        mc.run(42, n_runs=2)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="expected a pandas Series"):
        mc.run(lambda seed: seed, n_runs=2, processes=1)
    with pytest.raises(OptionError, match="non-numeric"):
        mc.run(lambda seed: pd.Series({"x": "high"}), n_runs=2, processes=1)
