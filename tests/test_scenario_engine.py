"""The scenario engine v2 runs: same seed, same files, on one process, a local pool and a
dask.distributed LocalCluster; per-draw seeds do not depend on the number of workers."""

from __future__ import annotations

import pandas as pd
import pytest

from helixnet.pipeline import write_plan_outputs
from helixnet.scenarios.engine import default_window, run_plans
from helixnet.scenarios.plan import load_parameters, load_plans
from tests.scenario_fixtures import make_dataset


def small_ecosystem():
    orgs = {"k0": ("intermediair", False), "k1": ("intermediair", False), "uni": ("kennisinstelling", False),
            "lab": ("kennisinstelling", False), "gov": ("overheid", False), "civ": ("burger", False),
            "big": ("bedrijf", False)}
    orgs |= {f"s{i}": ("bedrijf", True) for i in range(6)}
    projects = {"P0": ("k0", ["k0", "s0", "uni"]), "P1": ("k0", ["big", "s1", "lab", "gov"]),
                "P2": ("k1", ["k1", "s2", "s3", "uni"]), "P3": ("k1", ["s4", "lab"]), "P4": (None, ["s5", "uni", "civ"]),
                "P5": ("k0", ["s0", "s1", "big"]), "P6": ("k1", ["k1", "s5", "gov", "civ"])}
    members = [("s0", "k0"), ("s1", "k0"), ("big", "k0"), ("s2", "k1"), ("s3", "k1"), ("lab", "k1"), ("big", "k1")]
    return make_dataset(orgs, projects, members)


def files(directory) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.suffix == ".csv"}


#: Two of the shipped plans (commercial and inkanteling: random draws and a default host) keep the tests short.
PLANS = load_plans()[1:3]


@pytest.fixture(scope="module")
def inline_runs():
    return run_plans(small_ecosystem(), PLANS, n_draws=12, seed=5, processes=1)


def test_same_seed_same_files_on_one_or_two_local_processes(inline_runs, tmp_path):
    pooled = run_plans(small_ecosystem(), PLANS, n_draws=12, seed=5, processes=2)
    pd.testing.assert_frame_equal(inline_runs.draws, pooled.draws)
    write_plan_outputs(inline_runs, tmp_path / "a")
    write_plan_outputs(pooled, tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_a_different_seed_changes_the_draws(inline_runs):
    other = run_plans(small_ecosystem(), PLANS, n_draws=12, seed=6, processes=1)
    assert not other.draws["after"].equals(inline_runs.draws["after"])


def test_selecting_fewer_plans_does_not_change_the_others(inline_runs):
    fewer = run_plans(small_ecosystem(), PLANS[1:], n_draws=12, seed=5, processes=1)
    same = inline_runs.draws[inline_runs.draws["plan"] == PLANS[1].id].reset_index(drop=True)
    pd.testing.assert_frame_equal(fewer.draws, same)


def test_same_seed_same_files_on_a_dask_local_cluster(inline_runs, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run_plans(small_ecosystem(), PLANS, n_draws=12, seed=5, scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(inline_runs.draws, remote.draws)
    write_plan_outputs(inline_runs, tmp_path / "local")
    write_plan_outputs(remote, tmp_path / "dask")
    assert files(tmp_path / "local") == files(tmp_path / "dask")


def test_unreachable_scheduler_is_an_option_error():
    from helixnet.errors import OptionError

    with pytest.raises(OptionError, match="scheduler"):
        run_plans(small_ecosystem(), n_draws=2, scheduler="tcp://127.0.0.1:9")


def test_default_window_is_the_last_five_start_years():
    ds = small_ecosystem()
    ds.projects["start_year"] = pd.array([2015, 2017, 2019, 2020, 2021, 2022, 2023], dtype="Int64")
    assert default_window(ds, None, None) == (2019, 2023)
    assert default_window(ds, 2016, None) == (2016, 2023)
    assert default_window(ds, None, 2020) == (2016, 2020)


def test_every_parameter_is_sampled_and_listed_in_the_assumptions(inline_runs):
    from helixnet.scenarios.summary import scenario_tables

    tables = scenario_tables(inline_runs)
    names = [p.name for p in load_parameters()]
    assert list(inline_runs.parameters.columns) == names
    assert list(tables["assumptions"]["parameter"]) == names
    assert tables["assumptions"][["rationale_en", "rationale_nl"]].map(bool).all().all()
