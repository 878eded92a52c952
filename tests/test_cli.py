"""The command line: exit codes and exact messages, success and error paths."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.pipeline import EVIDENCE_TABLE, METRIC_TABLES
from tests.helpers import TINY, copy_tiny, replace_in


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"helixnet, version {helixnet.__version__}\n"


def test_every_command_is_documented(runner):
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help text"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert command.help.split("\n")[0].strip() in " ".join(result.output.split())


def test_validate_ok(runner):
    result = runner.invoke(main, ["validate", str(TINY)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"{TINY}: valid (tiny)"
    assert "organisations        7  bedrijf 3" in result.output
    assert "participations      11" in result.output


def test_validate_broken_row_names_file_and_line_without_traceback(runner, tmp_path):
    data = copy_tiny(tmp_path)
    replace_in(data / "edges" / "participations.csv", "p4,g1,partner", "p4,X99,partner")
    result = runner.invoke(main, ["validate", str(data)])
    assert result.exit_code == 1
    expected = f"Error: {data}/edges/participations.csv:12: column 'org_id': 'X99' is not a known organisation id\n"
    assert result.stderr == expected
    assert "Traceback" not in result.output


def test_missing_data_directory(runner, tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(main, ["validate", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: data directory does not exist; expected a directory with nodes/ and edges/\n"


def test_empty_data_directory(runner, tmp_path):
    empty = tmp_path / "data"
    empty.mkdir()
    result = runner.invoke(main, ["metrics", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {empty}: no organisations, projects, participations file found")
    assert not (tmp_path / "out").exists()


def test_inverted_years(runner, tmp_path):
    result = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path), "--from-year", "2022", "--to-year", "2020"])
    assert result.exit_code == 1
    assert result.stderr == "Error: end year 2020 is before start year 2022; expected start <= end\n"


def test_metrics_writes_every_table(runner, tmp_path):
    import pandas as pd

    result = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    orgs = pd.read_csv(tmp_path / "organisations.csv", index_col="id")
    clusters = pd.read_csv(tmp_path / "clusters.csv", index_col="id")
    network = pd.read_csv(tmp_path / "network.csv", index_col=0)
    assert len(orgs) == 7 and list(clusters.index) == ["clu"]
    assert orgs.loc["u1", "degree"] == 3
    assert clusters.loc["clu", "projects_facilitated"] == 2
    assert int(network.loc["edges", "value"]) == 10
    from helixnet.io.outputs import MANIFEST

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*METRIC_TABLES, EVIDENCE_TABLE, MANIFEST])
    synergy = pd.read_csv(tmp_path / "synergy.csv", index_col=["scope", "name"])
    assert synergy.loc[("network", "all"), "projects"] == 4
    assert list(pd.read_csv(tmp_path / "brokerage_global.csv")["role"]) == ["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"]


def test_map_writes_offline_html(runner, tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(main, ["map", str(TINY), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script src=\"http" not in html and "<link href=\"http" not in html
    assert "University One" in html


def test_map_unknown_metric(runner, tmp_path):
    result = runner.invoke(main, ["map", str(TINY), "--out", str(tmp_path / "m.html"), "--size-by", "fame"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "'fame'" in result.stderr
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_writes_index_map_and_tables(runner, tmp_path, lang):
    result = runner.invoke(main, ["report", str(TINY), "--out", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "index.html").read_text(encoding="utf-8").count("<img") >= 2
    assert (tmp_path / "maps" / "network.html").exists() and (tmp_path / "report.pdf").exists()
    assert set(METRIC_TABLES) <= {p.name for p in (tmp_path / "tables").iterdir()}


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "helixnet", "validate", str(TINY)], capture_output=True, text=True)
    assert done.returncode == 0
    assert "valid" in done.stdout


def test_compare_two_periods(runner):
    result = runner.invoke(main, ["compare", str(TINY), "--a-years", "2019-2020", "--b-years", "2021-2022"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Comparison: A = tiny (2019-2020), B = tiny (2021-2022)")
    assert "Collaboration ties: 4 new, 5 gone, 1 in both" in result.output


def test_compare_bad_years(runner):
    result = runner.invoke(main, ["compare", str(TINY), "--a-years", "early"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --a-years 'early': expected years as Y1-Y2, e.g. 2017-2020\n"
