"""The import commands: idempotent refresh with a diff, dry runs, errors that leave data alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from tests.helpers import DATA

CORDIS = DATA / "cordis"
FRIS = DATA / "fris" / "fris_export.xlsx"


def digest(directory: Path) -> dict[str, str]:
    """sha256 of every file below ``directory``, by relative path."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def runner():
    return CliRunner()


def test_cordis_import_then_reimport_is_an_empty_diff(runner, tmp_path):
    data = tmp_path / "data"
    args = ["import", "cordis", str(CORDIS / "organizations_extract.csv"), "--projects",
            str(CORDIS / "projects_current.csv"), "--data", str(data)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "organisations +" in first.output and "data directory updated" in first.output
    ds = helixnet.load(data)
    assert len(ds.projects) == 12 and ds.participations["org_id"].str.startswith("pic-").all()
    before = digest(data)
    second = runner.invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "organisations +0 -0 ~0, projects +0 -0 ~0, participations +0 -0 ~0" in second.output
    assert "no changes: data directory untouched" in second.output
    assert digest(data) == before


def test_dry_run_writes_nothing(runner, tmp_path):
    data = tmp_path / "data"
    result = runner.invoke(main, ["import", "cordis", str(CORDIS / "organizations_extract.csv"),
                                  "--data", str(data), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: cordis -> " in result.output
    assert not data.exists()


@pytest.mark.parametrize("bad,message", [
    ("bad_missing_column.csv", "column 'activityType'"),
    ("bad_truncated_row.csv", "truncated"),
    ("bad_latin1.csv", "not valid UTF-8"),
    ("bad_tab.tsv", "delimited by ';' or ','"),
])
def test_malformed_export_is_a_clear_error_and_leaves_data_untouched(runner, tmp_path, bad, message):
    data = tmp_path / "data"
    ok = runner.invoke(main, ["import", "cordis", str(CORDIS / "organizations_extract.csv"), "--data", str(data)])
    assert ok.exit_code == 0, ok.output
    before = digest(data)
    result = runner.invoke(main, ["import", "cordis", str(CORDIS / bad), "--data", str(data)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {CORDIS / bad}")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert digest(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no temporary directory left


def test_table_import_of_the_fris_sample_with_a_shipped_mapping(runner, tmp_path):
    data = tmp_path / "data"
    result = runner.invoke(main, ["import", "table", str(FRIS), "--mapping", "fris", "--data", str(data)])
    assert result.exit_code == 0, result.output
    ds = helixnet.load(data)
    assert (len(ds.organisations), len(ds.projects), len(ds.participations)) == (30, 15, 54)
    assert len(ds.clusters) == 6


def test_unknown_mapping_is_an_error(runner, tmp_path):
    result = runner.invoke(main, ["import", "table", str(FRIS), "--mapping", tmp_path / "nope.toml",
                                  "--data", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "nope.toml" in result.stderr


def test_two_sources_side_by_side_then_metrics(runner, tmp_path):
    data = tmp_path / "data"
    for args in (["cordis", str(CORDIS / "organizations_extract.csv"), "--projects", str(CORDIS / "projects_current.csv")],
                 ["table", str(FRIS), "--mapping", "fris"]):
        result = runner.invoke(main, ["import", *args, "--data", str(data)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["metrics", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m" / "clusters.csv").exists()


H2020 = Path(__file__).resolve().parents[2] / "shared" / "data" / "cordis" / "h2020" / "h2020.csv"


@pytest.mark.skipif(not H2020.exists(), reason="shared CORDIS data not beside the checkout")
def test_h2020_belgian_subset_imports_and_validates(runner, tmp_path):
    import pandas as pd

    raw = pd.read_csv(H2020, dtype=str, keep_default_na=False)
    be_projects = set(raw.loc[raw["country"] == "BE", "rcn"])
    kept = raw[raw["rcn"].isin(be_projects)]
    data = tmp_path / "be"
    result = runner.invoke(main, ["import", "table", str(H2020), "--mapping", "h2020", "--country", "BE",
                                  "--data", str(data)])
    assert result.exit_code == 0, result.output
    ds = helixnet.load(data)
    assert len(ds.projects) == len(be_projects) == 4426
    assert len(ds.participations) == len(kept) == 59665
    assert len(ds.organisations) == kept["pic"].nunique()
    assert set(ds.organisations.loc[ds.organisations["country"] == "BE"].index) == {
        "pic-" + p for p in kept.loc[kept["country"] == "BE", "pic"]}


def test_hand_edited_newer_export_gives_exactly_that_diff(runner, tmp_path):
    data = tmp_path / "data"
    export = tmp_path / "organization.csv"
    lines = (CORDIS / "organizations_extract.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    export.write_text("".join(lines), encoding="utf-8")
    assert runner.invoke(main, ["import", "cordis", str(export), "--data", str(data)]).exit_code == 0
    # the newer export: OPTIQGAIN renamed, the FOI row (second data row) removed
    assert '"OPTIQGAIN LTD"' in lines[1] and '"999627875"' in lines[2]
    newer = [lines[0], lines[1].replace('"OPTIQGAIN LTD","OPTIQGAIN LTD"', '"OPTIQGAIN BV","OPTIQGAIN LTD"'), *lines[3:]]
    export.write_text("".join(newer), encoding="utf-8")
    result = runner.invoke(main, ["import", "cordis", str(export), "--data", str(data)])
    assert result.exit_code == 0, result.output
    foi_elsewhere = sum('"999627875"' in line for line in lines[3:]) > 0
    removed_orgs = 0 if foi_elsewhere else 1
    assert f"organisations +0 -{removed_orgs} ~1, projects +0 -0 ~0, participations +0 -1 ~0" in result.output
    assert "organisations changed: pic-930078002" in result.output
    assert "participations removed: cordis-883204/pic-999627875" in result.output
    assert helixnet.load(data).organisations.loc["pic-930078002", "name"] == "OPTIQGAIN BV"
    log = (data / "import.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2 and "cordis" in log[1]
