"""Limits: the collaboration graph's edge budget is checked before anything is built."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.errors import LimitError, OptionError
from helixnet.graph import (
    DEFAULT_MAX_EDGES,
    MAX_EDGES_ENV,
    check_edge_budget,
    collaboration_graph,
    edge_budget,
    projection_bound,
    set_edge_budget,
    shared_project_pairs,
)
from tests.helpers import TINY

H2020 = Path("/work/shared/data/cordis/h2020/h2020.csv")


@pytest.fixture(autouse=True)
def _no_budget_settings(monkeypatch):
    monkeypatch.delenv(MAX_EDGES_ENV, raising=False)
    set_edge_budget(None)
    yield
    set_edge_budget(None)


@pytest.fixture(scope="module")
def tiny():
    return helixnet.load(TINY)


def _one_big_project(tmp_path: Path, n: int) -> Path:
    """A data directory with ``n`` organisations all in project ``big``."""
    (tmp_path / "nodes").mkdir(parents=True)
    (tmp_path / "edges").mkdir()
    ids = [f"o{i}" for i in range(n)]
    pd.DataFrame({"id": ids, "name": ids, "helix": "bedrijf", "kind": "kmo"}).to_csv(
        tmp_path / "nodes" / "organisations.csv", index=False)
    (tmp_path / "nodes" / "projects.csv").write_text(
        "id,title,programme,theme,start_year,end_year,budget_eur,cluster_id\nbig,Big,,,2020,,,\n", encoding="utf-8")
    pd.DataFrame({"project_id": "big", "org_id": ids, "role": "", "budget_eur": ""}).to_csv(
        tmp_path / "edges" / "participations.csv", index=False)
    return tmp_path


def test_projection_bound_by_hand(tiny):
    # p1, p2, p3 have 3 participants (3 pairs each), p4 has 2 (1 pair): 10; u1-c1 share two
    # projects, so the graph has 9 project edges
    bound, largest, size = projection_bound(tiny, tiny.projects.index)
    assert (bound, size) == (10, 3) and largest in {"p1", "p2", "p3"}
    assert len(shared_project_pairs(tiny, tiny.projects.index)) == 9
    assert projection_bound(tiny, ["p4"])[:3] == (1, "p4", 2)
    assert projection_bound(tiny, [])[0] == 0


def test_bound_is_exact_without_repeated_pairs(tiny):
    projects = ["p1", "p3", "p4"]  # no pair shares two of these
    assert projection_bound(tiny, projects)[0] == len(shared_project_pairs(tiny, projects)) == 7


def test_budget_at_the_bound_passes_below_it_fails(tiny):
    assert collaboration_graph(tiny, max_edges=10).number_of_edges() == 10  # 9 project edges + 1 tie-only
    with pytest.raises(LimitError) as caught:
        collaboration_graph(tiny, max_edges=9)
    message = str(caught.value)
    assert "would have up to 10 edges" in message
    assert "exceeds the edge budget of 9" in message
    assert "has 3 participants" in message
    assert "--max-edges N" in message and f"{MAX_EDGES_ENV}=N" in message


def test_time_window_counts_only_its_projects(tiny):
    assert collaboration_graph(tiny, 2022, 2022, max_edges=1).number_of_edges() == 2  # p4 + the open tie
    with pytest.raises(LimitError, match="up to 4 edges"):  # p3 (3 pairs) and p4 (1)
        collaboration_graph(tiny, 2021, 2022, max_edges=3)


def test_budget_precedence(monkeypatch):
    assert edge_budget() == DEFAULT_MAX_EDGES == 20_000_000
    monkeypatch.setenv(MAX_EDGES_ENV, "1_000")
    assert edge_budget() == 1000
    set_edge_budget(50)
    assert edge_budget() == 50
    assert edge_budget(7) == 7
    set_edge_budget(None)
    assert edge_budget() == 1000


@pytest.mark.parametrize("text", ["abc", "0", "-5", "1.5"])
def test_bad_environment_value_is_an_option_error(monkeypatch, text):
    monkeypatch.setenv(MAX_EDGES_ENV, text)
    with pytest.raises(OptionError, match=f"{MAX_EDGES_ENV}="):
        edge_budget()


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "10"])
def test_bad_budget_argument_is_an_option_error(tiny, value):
    with pytest.raises(OptionError, match="expected a whole number of edges >= 1"):
        check_edge_budget(tiny, tiny.projects.index, value)


def test_huge_project_is_refused_before_building(tmp_path):
    ds = helixnet.load(_one_big_project(tmp_path, 100_000))
    started = time.perf_counter()
    with pytest.raises(LimitError) as caught:
        collaboration_graph(ds)
    assert time.perf_counter() - started < 5  # refused up front, no 10^10-row join
    assert "up to 4,999,950,000 edges" in str(caught.value)
    assert "the largest project, 'big', has 100,000 participants" in str(caught.value)
    assert "edge budget of 20,000,000" in str(caught.value)


def test_cli_huge_project_clear_error_and_nothing_written(tmp_path):
    data = _one_big_project(tmp_path / "data", 100_000)
    result = CliRunner().invoke(main, ["metrics", str(data), "--out", str(tmp_path / "out")], env={MAX_EDGES_ENV: None})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the collaboration graph would have up to 4,999,950,000 edges")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_option_and_environment_raise_the_budget(tmp_path):
    runner = CliRunner()
    low = runner.invoke(main, ["--max-edges", "9", "metrics", str(TINY), "--out", str(tmp_path / "a")],
                        env={MAX_EDGES_ENV: None})
    assert low.exit_code == 1 and "exceeds the edge budget of 9;" in low.stderr
    env_low = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "b")], env={MAX_EDGES_ENV: "9"})
    assert env_low.exit_code == 1 and "exceeds the edge budget of 9;" in env_low.stderr
    raised = runner.invoke(main, ["--max-edges", "10", "metrics", str(TINY), "--out", str(tmp_path / "c")],
                           env={MAX_EDGES_ENV: "9"})
    assert raised.exit_code == 0, raised.output
    again = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "d")], env={MAX_EDGES_ENV: None})
    assert again.exit_code == 0, "the option of one run must not stick to the next"
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_cli_rejects_a_bad_budget(value):
    result = CliRunner().invoke(main, ["--max-edges", value, "validate", str(TINY)])
    assert result.exit_code == 2
    assert "Invalid value for '--max-edges'" in result.stderr


def test_scenario_projection_respects_the_budget(tiny):
    from helixnet.scenarios.operations import facilitated_share

    G = collaboration_graph(tiny)
    set_edge_budget(2)  # cluster clu facilitates p1 and p3: up to 6 pairs
    with pytest.raises(LimitError, match="up to 6 edges"):
        facilitated_share(tiny, G)


@pytest.mark.skipif(not H2020.exists(), reason="shared CORDIS data not present")
def test_default_budget_lets_all_of_h2020_through():
    table = pd.read_csv(H2020, usecols=["rcn", "pic"], dtype=str).drop_duplicates()
    sizes = table.groupby("rcn").size().to_numpy().astype("int64")
    bound = int((sizes * (sizes - 1) // 2).sum())
    assert 797_000 < bound < DEFAULT_MAX_EDGES / 10  # 1,089,509: ample headroom


def test_running_out_of_memory_is_a_clear_error_not_a_traceback(monkeypatch, tmp_path):
    import helixnet.pipeline

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(helixnet.pipeline, "analyse", exhausted)
    result = CliRunner().invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the machine ran out of memory; expected an input that fits")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- runs and XLSX parts
def test_runs_above_the_limit_are_refused_before_any_work(monkeypatch, tmp_path):
    """Regression: scenarios --runs 1000000000 grew past 3 GB."""
    from helixnet.limits import DEFAULT_MAX_RUNS, MAX_RUNS_ENV, check_runs

    monkeypatch.delenv(MAX_RUNS_ENV, raising=False)
    assert check_runs(DEFAULT_MAX_RUNS) == DEFAULT_MAX_RUNS
    with pytest.raises(LimitError, match=f"--runs 100,001: more than the limit of 100,000 .* {MAX_RUNS_ENV}=N"):
        check_runs(DEFAULT_MAX_RUNS + 1)
    monkeypatch.setenv(MAX_RUNS_ENV, "200_000")
    assert check_runs(DEFAULT_MAX_RUNS + 1) == DEFAULT_MAX_RUNS + 1
    monkeypatch.setenv(MAX_RUNS_ENV, "lots")
    with pytest.raises(OptionError, match=f"{MAX_RUNS_ENV}='lots': expected a whole number of runs >= 1"):
        check_runs(5)
    monkeypatch.delenv(MAX_RUNS_ENV)
    for args in (["scenarios", str(TINY), "--runs", "1000000000", "--out", str(tmp_path / "s")],
                 ["report", str(TINY), "--scenarios", "--runs", "1000000000", "--out", str(tmp_path / "r")]):
        started = time.perf_counter()
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("Error: --runs 1,000,000,000: more than the limit of 100,000 Monte Carlo runs")
        assert time.perf_counter() - started < 5
        assert not (tmp_path / "s").exists() and not (tmp_path / "r").exists()
    assert CliRunner().invoke(main, ["scenarios", str(TINY), "--runs", "0"]).exit_code == 2


def test_replicates_above_the_limit_are_refused_before_any_work(monkeypatch, tmp_path):
    from helixnet.limits import DEFAULT_MAX_REPLICATES, MAX_REPLICATES_ENV, check_replicates

    monkeypatch.delenv(MAX_REPLICATES_ENV, raising=False)
    assert check_replicates(DEFAULT_MAX_REPLICATES) == DEFAULT_MAX_REPLICATES
    assert check_replicates(0) == 0
    with pytest.raises(LimitError, match=f"--null-replicates 10,001: more than the limit of 10,000 .*{MAX_REPLICATES_ENV}"):
        check_replicates(DEFAULT_MAX_REPLICATES + 1)
    monkeypatch.setenv(MAX_REPLICATES_ENV, "20000")
    assert check_replicates(DEFAULT_MAX_REPLICATES + 1) == DEFAULT_MAX_REPLICATES + 1
    monkeypatch.delenv(MAX_REPLICATES_ENV)
    for option in ("--null-replicates", "--bootstrap-replicates"):
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["metrics", str(TINY), option, "1000000000", "--out", str(tmp_path / "m")])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Error: {option} 1,000,000,000: more than the limit of 10,000 replicates")
        assert time.perf_counter() - started < 5
        assert not (tmp_path / "m").exists()


def _padded_xlsx(path: Path, size: int) -> Path:
    """A small workbook with a ``size``-byte XML comment in its sheet (a few KB zipped)."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["a", "b"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<!--" + b"x" * size + b"--><sheetData>", 1)
            out.writestr(item, data)
    return path


def test_an_xlsx_with_a_huge_token_is_refused_in_linear_time(tmp_path, monkeypatch):
    """Regression: a 36 KB XLSX holding a 32 MB XML comment took 100 s to import."""
    from helixnet.errors import DataError
    from helixnet.io.xlsxguard import check_workbook
    from helixnet.limits import MAX_XLSX_PART_ENV, MAX_XLSX_TOKEN_ENV

    monkeypatch.delenv(MAX_XLSX_TOKEN_ENV, raising=False)
    monkeypatch.delenv(MAX_XLSX_PART_ENV, raising=False)
    path = _padded_xlsx(tmp_path / "big.xlsx", 32 * 2**20)
    assert path.stat().st_size < 100_000
    started = time.perf_counter()
    with pytest.raises(DataError, match=r"big\.xlsx: part 'xl/worksheets/sheet1\.xml' holds a token of more than "
                                        r"1,000,000 bytes at byte \d+ .*HELIXNET_MAX_XLSX_TOKEN=N"):
        check_workbook(path)
    assert time.perf_counter() - started < 5
    small = _padded_xlsx(tmp_path / "small.xlsx", 1000)
    check_workbook(small)  # fine
    monkeypatch.setenv(MAX_XLSX_PART_ENV, "2000")
    with pytest.raises(DataError, match=r"part '.*' expands to more than 2,000 bytes"):
        check_workbook(_padded_xlsx(tmp_path / "medium.xlsx", 5000))
    monkeypatch.setenv(MAX_XLSX_TOKEN_ENV, "100")
    monkeypatch.delenv(MAX_XLSX_PART_ENV)
    with pytest.raises(DataError, match="token of more than 100 bytes"):
        check_workbook(small)
