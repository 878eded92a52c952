"""Plans, parameter ranges, the fair merged unit, joint application and sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.cli import main
from helixnet.errors import DataError
from helixnet.scenarios.engine import build_context, draw_parameters, run_plans
from helixnet.scenarios.plan import Choice, ParameterRange, Plan, load_parameters, load_plans, shipped_plan_paths
from helixnet.scenarios.summary import _drivers, plan_results, spearman
from tests.helpers import REPO
from tests.scenario_fixtures import ecosystems, make_dataset


def fixed(values: dict[str, float]) -> list[ParameterRange]:
    """The shipped parameters, each fixed at ``values`` (default: its low end)."""
    return [ParameterRange(p.name, values.get(p.name, p.low), values.get(p.name, p.low), p.scenarios, "", "")
            for p in load_parameters()]


def shared_host():
    """Clusters c1 and c2 to be absorbed into h: the large company x is a member of both,
    the SME y of c1 only."""
    return make_dataset({"c1": ("intermediair", False), "c2": ("intermediair", False), "h": ("kennisinstelling", False),
                         "x": ("bedrijf", False), "y": ("bedrijf", True)},
                        {}, [("x", "c1"), ("x", "c2"), ("y", "c1")])


def into_h(*clusters: str, plan_id: str = "p") -> Plan:
    return Plan(plan_id, plan_id, plan_id, "status_quo", {c: Choice("inkanteling", "h") for c in clusters})


def delta(runs, plan: str, cluster: str, outcome: str) -> float:
    rows = runs.draws[(runs.draws["plan"] == plan) & (runs.draws["cluster"] == cluster)
                      & (runs.draws["outcome"] == outcome)]
    return float(rows["delta"].mean())


def test_joint_plan_differs_from_the_sum_of_single_plans_when_clusters_share_a_host():
    # every company leaves (retention 0, no safeguard): by hand, the merged unit h+c1 loses x and y (-2),
    # h+c2 loses x (-1), and h+c1+c2 loses x and y once (-2), not -3
    params = fixed({"company_retention_host": 0.0, "safeguard_effect": 0.0})
    runs = run_plans(shared_host(), [into_h("c1", plan_id="one"), into_h("c2", plan_id="two"),
                                     into_h("c1", "c2", plan_id="both")], params, n_draws=2, processes=1)
    assert delta(runs, "one", "c1", "unit_partners") == -2
    assert delta(runs, "two", "c2", "unit_partners") == -1
    assert delta(runs, "both", "c1", "unit_partners") == -2
    assert delta(runs, "both", "c1", "unit_partners") != delta(runs, "one", "c1", "unit_partners") + \
        delta(runs, "two", "c2", "unit_partners")


@settings(max_examples=15, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.integers(0, 1000))
def test_absorption_is_never_reported_as_a_gain_the_host_already_had(retention, safeguard, indicator, seed):
    # the host h already works with u and z; the cluster brings y. Naively (cluster before, host after) the
    # partners would rise; on the merged unit an absorption can only keep or lose partners.
    ds = make_dataset({"c1": ("intermediair", False), "h": ("kennisinstelling", False), "u": ("kennisinstelling", False),
                       "z": ("bedrijf", False), "y": ("bedrijf", True)},
                      {"P1": (None, ["h", "u", "z"]), "P2": ("c1", ["c1", "y", "h"])}, [("y", "c1")])
    params = fixed({"company_retention_host": retention, "safeguard_effect": safeguard, "company_led_kept": indicator,
                    "host_continuation": retention})
    runs = run_plans(ds, [into_h("c1")], params, n_draws=3, seed=seed, processes=1)
    gains = runs.draws[runs.draws["outcome"].isin(["unit_partners", "cross_helix_ties", "facilitated_projects"])]
    assert (gains["delta"] <= 0).all()
    assert runs.units.loc[0, "unit_before"] == "c1+h" and runs.units.loc[0, "unit_after"] == "h"


def test_full_retention_absorption_changes_nothing():
    ds = shared_host()
    params = fixed({"company_retention_host": 1.0, "host_continuation": 1.0})
    runs = run_plans(ds, [into_h("c1", "c2")], params, n_draws=2, processes=1)
    assert (runs.draws["delta"].fillna(0) == 0).all()


def test_default_host_is_the_largest_knowledge_partner():
    ds = make_dataset({"c1": ("intermediair", False), "a": ("kennisinstelling", False),
                       "b": ("kennisinstelling", False), "x": ("bedrijf", True)},
                      {"P1": ("c1", ["c1", "b", "x"]), "P2": ("c1", ["c1", "b"]), "P3": ("c1", ["c1", "a"])})
    ctx = build_context(ds, [Plan("p", "p", "p", "inkanteling")], load_parameters())
    assert ctx.hosts[0] == {"c1": "b"}


def test_cluster_without_host_or_knowledge_partner_fails_naming_it_and_how_to_fix():
    ds = make_dataset({"c1": ("intermediair", False), "x": ("bedrijf", True), "y": ("bedrijf", True)},
                      {"P1": ("c1", ["c1", "x", "y"])})
    with pytest.raises(DataError) as error:
        build_context(ds, [Plan("p", "p", "p", "inkanteling", path="myplan.toml")], load_parameters())
    message = str(error.value)
    assert "c1" in message and "host" in message and "--plan" in message and "myplan.toml" in message
    assert "site-packages" not in message and "helixnet/scenarios" not in message


def test_shipped_plans_and_parameters_load_and_every_parameter_has_a_range_and_rationales():
    plans = load_plans()
    assert {p.id for p in plans} >= {"all-commercial", "all-inkanteling", "all-base-mission", "all-transformation"}
    assert any(len({c.scenario for c in p.clusters.values()} | {p.default}) > 1 for p in plans)
    for p in load_parameters():
        assert p.low <= p.high and p.rationale_en and p.rationale_nl


@pytest.mark.parametrize("text, expected", [
    ('id = "x"\ntitle_en = "x"\ntitle_nl = "x"\ndefault = "merger"\n', "scenario 'merger'"),
    ('id = "x"\ntitle_en = "x"\ntitle_nl = "x"\ndefault = "commercial"\ncolour = 1\n', "key 'colour'"),
    ('id = "x"\ntitle_en = "x"\ntitle_nl = "x"\ndefault = "commercial"\n[clusters.a]\nscenario = "commercial"\n'
     'host = "vito"\n', "only with"),
    ('id = "x"\ntitle_en = "x"\ndefault = "commercial"\n', "lacks 'title_nl'"),
])
def test_bad_plan_files_name_file_and_expectation(tmp_path, text, expected):
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_plans([path])
    assert expected in str(error.value) and "plan.toml" in str(error.value)


def test_spearman_and_drivers_recover_the_one_parameter_that_drives_the_outcome():
    ranges = [ParameterRange(name, 0.0, 1.0, ("commercial",), "", "") for name in ("a", "b", "c", "d")]
    table = draw_parameters(ranges, 200, seed=3)
    rng = np.random.default_rng(0)
    outcome = np.exp(3 * table["c"].to_numpy()) + rng.normal(0, 0.05, 200)
    rho = spearman(table, outcome)
    assert rho.abs().idxmax() == "c" and rho["c"] > 0.95
    sens = pd.DataFrame({"plan": "p", "cluster": "k", "outcome": "o", "parameter": rho.index, "rho": rho.to_numpy()})
    drivers = _drivers(sens, 200)
    assert drivers.loc[0, "driver_1"] == "c"
    assert drivers.loc[0, "driver_2"] == ""  # the others are below 2/sqrt(n)


def test_latin_hypercube_covers_each_range_once_per_stratum():
    ranges = [ParameterRange("a", 2.0, 4.0, ("commercial",), "", "")]
    values = draw_parameters(ranges, 10, seed=1)["a"].to_numpy()
    assert sorted(np.floor((values - 2.0) / 0.2).astype(int)) == list(range(10))


def test_plan_results_report_interval_shares_and_drivers():
    ds = shared_host()
    runs = run_plans(ds, [into_h("c1")], load_parameters(), n_draws=20, processes=1)
    table = plan_results(runs)
    row = table[(table["outcome"] == "unit_partners")].iloc[0]
    deltas = runs.draws[(runs.draws["outcome"] == "unit_partners") & (runs.draws["cluster"] == "c1")]["delta"]
    assert row["delta_low"] == pytest.approx(deltas.quantile(0.05))
    assert row["share_down"] == pytest.approx((deltas < 0).mean())
    assert row["unit_before"] == "c1+h"


def test_cli_runs_a_plan_and_reports_errors(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('id = "mine"\ntitle_en = "m"\ntitle_nl = "m"\ndefault = "commercial"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scenarios", str(REPO / "data"), "--plan", str(plan), "--cluster", "vil",
                                       "--runs", "4", "--processes", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "plan_results.csv")
    assert set(table["plan"]) == {"mine"} and set(table["cluster"]) == {"vil"}
    assert (out / "assumptions.csv").exists() and (out / "matrix_mine.png").exists()
    assert "2022-2026" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "b"\ntitle_en = "b"\ntitle_nl = "b"\ndefault = "nothing"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["scenarios", str(REPO / "data"), "--plan", str(bad), "--out", str(out)])
    assert result.exit_code != 0 and "bad.toml" in result.output and "nothing" in result.output
    assert "Traceback" not in result.output


def test_shipped_plan_files_exist():
    assert len(shipped_plan_paths()) >= 5


def test_spearman_matches_scipy():
    from scipy.stats import spearmanr

    ranges = [ParameterRange(name, 0.0, 1.0, ("commercial",), "", "") for name in ("a", "b")]
    table = draw_parameters(ranges, 50, seed=9)
    values = np.round(np.sin(7 * table["a"].to_numpy()) + table["b"].to_numpy(), 1)  # with ties
    rho = spearman(table, values)
    for name in ("a", "b"):
        assert rho[name] == pytest.approx(spearmanr(table[name], values).statistic, abs=1e-12)


def test_parameter_file_must_give_every_parameter_and_only_known_ones(tmp_path):
    shipped = (REPO / "helixnet" / "scenarios" / "parameters.toml").read_text(encoding="utf-8")
    short = tmp_path / "short.toml"
    short.write_text(shipped.split("[adhoc_share]")[0], encoding="utf-8")
    with pytest.raises(DataError, match="lacks the parameter.*adhoc_share"):
        load_parameters(short)
    extra = tmp_path / "extra.toml"
    extra.write_text(shipped + '\n[charm]\nscenario = "commercial"\nlow = 0\nhigh = 1\nrationale_en = "x"\n'
                     'rationale_nl = "x"\n', encoding="utf-8")
    with pytest.raises(DataError, match="'charm' is not used") as error:
        load_parameters(extra)
    assert "extra.toml" in str(error.value)
    inverted = tmp_path / "inverted.toml"
    inverted.write_text(shipped.replace("low = 0.6\nhigh = 0.95", "low = 0.95\nhigh = 0.6", 1), encoding="utf-8")
    with pytest.raises(DataError, match="low <= high"):
        load_parameters(inverted)


def test_shipped_plans_run_on_data_without_the_named_hosts(tmp_path):
    # tests/data/tiny has one cluster, clu, whose only knowledge partner is u1: the shipped plans name hosts of
    # the embedded clusters only, so clu is absorbed into u1 (the documented default), nothing fails
    from tests.helpers import DATA

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scenarios", str(DATA / "tiny"), "--runs", "3", "--processes", "1",
                                       "--from-year", "2019", "--out", str(out)])
    assert result.exit_code == 0, result.output
    units = pd.read_csv(out / "units.csv")
    assert units.loc[units["plan"] == "all-inkanteling", "host"].tolist() == ["u1"]
    assert set(units["plan"]) == {p.id for p in load_plans()}


@settings(max_examples=12, deadline=None)
@given(ecosystems(max_orgs=10, max_projects=8), st.sampled_from(["removal", "commercial", "inkanteling"]),
       st.integers(0, 1000))
def test_plans_that_only_take_away_never_raise_an_outcome(ds, scenario, seed):
    from helixnet.scenarios.measures import BETTER

    plan = Plan("p", "p", "p", scenario, {c: Choice("inkanteling", "host") for c in ("k0", "k1")}
                if scenario == "inkanteling" else {})
    runs = run_plans(ds, [plan], load_parameters(), n_draws=3, seed=seed, processes=1)
    better = runs.draws[runs.draws["outcome"].map(BETTER) == 1]
    assert (better["delta"] <= 0).all()
