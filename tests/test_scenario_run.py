"""Running the scenarios per cluster: differences from baseline, seeds, selections, CLI."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.scenarios.outcomes import NETWORK_OUTCOMES, NODE_OUTCOMES
from helixnet.scenarios.run import RESULT_COLUMNS, pair_seed, run_scenarios
from tests.helpers import DATA, REPO

DEFAULT = REPO / "data"
#: The v1 engine runs from the CLI when scenario files are given (plans are the default).
V1 = ["--scenario", str(REPO / "helixnet" / "scenarios" / "defaults.toml")]


@pytest.fixture(scope="module")
def dataset():
    return helixnet.load(DEFAULT)


@pytest.fixture(scope="module")
def vil(dataset):
    return run_scenarios(dataset, clusters=["vil"], n_runs=3, seed=7, processes=1)


def test_result_shape(vil):
    outcomes = vil.outcomes
    assert list(outcomes.columns) == list(RESULT_COLUMNS)
    ids = [s.id for s in vil.scenarios]
    assert ids == ["baseline", "removal", "commercial", "inkanteling", "base_mission", "transformation"]
    assert len(outcomes) == len(ids) * (len(NETWORK_OUTCOMES) + len(NODE_OUTCOMES))
    assert vil.matrix("giant_share").shape == (1, len(ids))


def test_baseline_is_zero_difference_and_run_once(vil):
    base = vil.outcomes[vil.outcomes["scenario"] == "baseline"]
    assert (base["n_runs"] == 1).all()
    assert (base["delta_mean"].fillna(0) == 0).all()
    assert (base["mean"].fillna(-1) == base["baseline"].fillna(-1)).all()


def test_removal_has_no_successor_and_never_increases_connectivity(vil):
    removal = vil.outcomes[vil.outcomes["scenario"] == "removal"].set_index("outcome")
    assert removal.loc["brokerage_b_O_z", "mean"] != removal.loc["brokerage_b_O_z", "mean"]  # NaN
    assert removal.loc["fragmentation", "delta_mean"] >= 0
    assert removal.loc["giant_share", "n_runs"] == 1


def test_random_scenarios_run_n_times_with_an_interval(vil):
    commercial = vil.outcomes[vil.outcomes["scenario"] == "commercial"].set_index("outcome")
    assert (commercial["n_runs"] == 3).all()
    row = commercial.loc["cross_helix_ties"]
    assert row["low"] <= row["mean"] <= row["high"]
    assert row["delta_mean"] < 0  # members leave: ties are lost
    assert math.isclose(row["delta_mean"], row["mean"] - row["baseline"])


def test_same_seed_same_results_and_selection_does_not_change_them(dataset, vil):
    again = run_scenarios(dataset, clusters=["vil"], n_runs=3, seed=7, processes=2)
    pd.testing.assert_frame_equal(vil.outcomes, again.outcomes)
    other = run_scenarios(dataset, clusters=["vil"], n_runs=3, seed=8, processes=1)
    commercial = lambda r: r.outcomes[r.outcomes["scenario"] == "commercial"]["mean"].to_numpy()  # noqa: E731
    assert (commercial(vil) != commercial(other)).any()
    assert pair_seed(7, "commercial", "vil") != pair_seed(7, "commercial", "flux50")


def test_assumptions_name_every_parameter_with_rationales(vil):
    assumptions = vil.assumptions
    inkanteling = assumptions[(assumptions["scenario"] == "inkanteling") & (assumptions["name"] == "host")]
    assert inkanteling["value"].tolist() == ["flanders-make"]
    assert assumptions["rationale_en"].str.len().gt(0).all() and assumptions["rationale_nl"].str.len().gt(0).all()


def test_unknown_cluster_is_an_option_error(dataset):
    with pytest.raises(helixnet.OptionError, match="'nope' is not a cluster organisation of the data"):
        run_scenarios(dataset, clusters=["nope"], n_runs=2)


def test_cli_scenarios_writes_outcomes_and_assumptions(tmp_path):
    result = CliRunner().invoke(main, ["scenarios", str(DEFAULT), *V1, "--cluster", "medvia", "--runs", "2",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    outcomes = pd.read_csv(tmp_path / "outcomes.csv")
    assert set(outcomes["cluster"]) == {"medvia"} and len(set(outcomes["scenario"])) == 6
    assert (tmp_path / "assumptions.csv").exists()
    assert "6 scenario x cluster pairs, 2 runs each where random, seed 0" in result.output


def test_cli_bad_scenario_file_names_file_and_line(tmp_path):
    bad = sorted((DATA / "scenarios").glob("*.toml"))[0]
    result = CliRunner().invoke(main, ["scenarios", str(DEFAULT), "--scenario", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:")
    assert not (tmp_path / "outcomes.csv").exists()


def test_cli_scenarios_writes_matrix_figures(tmp_path):
    result = CliRunner().invoke(main, ["scenarios", str(DEFAULT), *V1, "--cluster", "vil", "--cluster", "flux50",
                                       "--runs", "2", "--out", str(tmp_path), "--lang", "nl"])
    assert result.exit_code == 0, result.output
    for outcome in ("sme_knowledge_reach", "distance_fragmentation", "cross_helix_ties", "brokerage_b_O_z"):
        assert (tmp_path / f"matrix_{outcome}.png").read_bytes().startswith(b"\x89PNG")
        assert (tmp_path / f"matrix_{outcome}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_report_runs_the_scenario_plans_by_default(tmp_path):
    result = CliRunner().invoke(main, ["report", str(DATA / "tiny"), "--out", str(tmp_path / "r"), "--runs", "4",
                                       "--null-replicates", "0"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert 'id="plans"' in html and "Scenario plans" in html
    assert (tmp_path / "r" / "plans" / "plan_results.csv").exists()
    assert (tmp_path / "r" / "plans" / "assumptions.csv").exists()
    skipped = CliRunner().invoke(main, ["report", str(DATA / "tiny"), "--out", str(tmp_path / "s"), "--no-scenarios",
                                        "--null-replicates", "0"])
    assert skipped.exit_code == 0, skipped.output
    assert 'id="plans"' not in (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "s" / "plans").exists()


def test_report_with_plans_on_the_default_data(tmp_path):
    result = CliRunner().invoke(main, ["report", str(DEFAULT), "--out", str(tmp_path / "r"), "--runs", "2",
                                       "--null-replicates", "0", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert 'id="plans"' in html and "Scenarioplannen" in html
    assert (tmp_path / "r" / "plans" / "matrix_mixed-example.png").read_bytes().startswith(b"\x89PNG")


def test_parameters_are_listed_once_per_scenario(vil):
    commercial = vil.assumptions[vil.assumptions["scenario"] == "commercial"]
    assert (commercial["cluster"] == "").all()
    assert commercial["name"].is_unique and "retention_sme" in set(commercial["name"])
