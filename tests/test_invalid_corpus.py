"""The bad-input corpus (tests/data/invalid): every case through the real CLI.

A failing case must exit 1 with exactly one ``Error:`` line naming the file, line, column,
value and expectation that ``cases.toml`` lists, print no traceback, and leave every file
(data directory, inputs, outputs, hidden temporaries) exactly as it was. A loading case
must exit 0. A handful of cases also run as a separate ``python -m helixnet`` process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import re

import pytest
from click.testing import CliRunner

from helixnet.cli import main
from tests.helpers import DATA, REPO, TINY

CORPUS = DATA / "invalid"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
BY_ID = {case["id"]: case for case in CASES}
#: Cases that also run as a real process (one per kind of command).
SUBPROCESS_CASES = ("latin1_file", "import_xlsx_formula", "scenario_unknown_operation", "report_on_bad_data",
                    "edge_budget_exceeded", "nonexistent_data_directory")


def _prepare(case: dict, tmp_path: Path) -> dict[str, Path]:
    """Copy the case into ``tmp_path``; return the paths the command placeholders stand for."""
    work = tmp_path / "work"
    case_dir = work / "case"
    shutil.copytree(CORPUS / case["id"], case_dir)
    data = {"case": case_dir, "tiny": work / "tiny", "empty": work / "empty", "missing": work / "missing"}[case["data"]]
    if case["data"] == "tiny":
        shutil.copytree(TINY, data)
    elif case["data"] == "empty":
        data.mkdir()
    return {"case": case_dir, "data": data, "out": work / "out", "root": work}


def _fill(text: str, places: dict[str, Path]) -> str:
    return text.format(**{k: str(v) for k, v in places.items()})


def _snapshot(root: Path) -> dict[str, object]:
    """Every file and directory under ``root`` (hidden ones included) with its bytes; a workbook
    by the cell values of its sheets, since openpyxl's bytes depend on whether lxml is installed."""
    return {str(p.relative_to(root)): (_content(p) if p.is_file() else None) for p in sorted(root.rglob("*"))}


def _content(path: Path) -> object:
    if path.suffix != ".xlsx":
        return path.read_bytes()
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # a deliberately broken workbook: its bytes
        return path.read_bytes()
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    finally:
        book.close()


def _expected_parts(case: dict, places: dict[str, Path]) -> list[str]:
    parts = []
    if "file" in case:
        where = _fill(case["file"], places)
        parts.append(f"Error: {where}:{case['line']}: " if "line" in case else f"Error: {where}")
    if "column" in case:
        parts.append(f"column '{case['column']}'")
    if "value" in case:
        value = case["value"]
        parts.append(repr(value if len(value) <= 80 else value[:77] + "..."))
    parts.append(_fill(case["expect"], places))
    return parts


def _check_failure(case: dict, places: dict[str, Path], exit_code: int, stdout: str, stderr: str) -> None:
    everything = stdout + stderr
    assert exit_code == 1, f"exit {exit_code}: {everything}"
    assert "Traceback" not in everything
    assert everything.count("Error:") == 1, everything
    assert stderr.startswith("Error: ") and stderr.endswith("\n"), stderr
    message = stderr[len("Error: "):]
    # one message: one line, or validate's listing of every error (issue 16), one indented line per error
    lines = message.rstrip("\n").split("\n")
    listing = re.fullmatch(r"\d+ errors:", lines[0]) and all(line.startswith("  ") for line in lines[1:])
    assert len(lines) == 1 or listing or "very_long" in case["id"], "one message, one line"
    # in a listing, the first error stands where a single message would: "Error: " becomes its indent
    shown = "Error: " + lines[1].lstrip() + "\n" if listing else stderr
    for part in _expected_parts(case, places):
        assert part in shown, f"{part!r} not in {stderr!r}"
    if "line" in case:
        assert f":{case['line']}: " in stderr


def _invoke(command: list[str]):
    runner = CliRunner()
    env = {"HELIXNET_MAX_EDGES": None}
    return runner.invoke(main, command, env=env, catch_exceptions=True)


def test_manifest_is_consistent():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    fails = [c for c in CASES if c["outcome"] == "fail"]
    loads = [c for c in CASES if c["outcome"] == "load"]
    assert len(fails) >= 60 and len(loads) >= 10
    for case in fails:
        assert "expect" in case and "stdout" not in case, case["id"]
    for case in loads:
        assert "stdout" in case and "expect" not in case, case["id"]


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] == "fail"], ids=lambda c: c["id"])
def test_bad_input_fails_cleanly_and_writes_nothing(case, tmp_path):
    places = _prepare(case, tmp_path)
    before = _snapshot(places["root"])
    result = _invoke([_fill(part, places) for part in case["command"]])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case['id']}: {type(result.exception).__name__}: {result.exception}") from result.exception
    _check_failure(case, places, result.exit_code, result.stdout, result.stderr)
    assert _snapshot(places["root"]) == before, "the failed run changed or left files"


@pytest.mark.parametrize("case", [c for c in CASES if c["outcome"] == "load"], ids=lambda c: c["id"])
def test_valid_edge_case_loads(case, tmp_path):
    places = _prepare(case, tmp_path)
    result = _invoke([_fill(part, places) for part in case["command"]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert case["stdout"] in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_bad_input_in_a_real_process(case_id, tmp_path):
    case = BY_ID[case_id]
    places = _prepare(case, tmp_path)
    before = _snapshot(places["root"])
    env = {k: v for k, v in os.environ.items() if k != "HELIXNET_MAX_EDGES"}
    done = subprocess.run([sys.executable, "-m", "helixnet", *[_fill(p, places) for p in case["command"]]],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    _check_failure(case, places, done.returncode, done.stdout, done.stderr)
    assert _snapshot(places["root"]) == before


def test_hostile_names_load_unchanged(tmp_path):
    """The hostile-name case keeps every name byte for byte (data is never neutralised)."""
    import helixnet

    places = _prepare(BY_ID["load_hostile_names"], tmp_path)
    names = helixnet.load(places["data"]).organisations["name"]
    from tests.data.invalid.make_corpus import HOSTILE_NAMES

    assert [names[f"h{i}"] for i in range(len(HOSTILE_NAMES))] == HOSTILE_NAMES


def test_corpus_is_up_to_date(tmp_path, monkeypatch):
    """``make_corpus.py`` rebuilds exactly the committed corpus."""
    from tests.data.invalid import make_corpus

    copy = tmp_path / "invalid"
    shutil.copytree(CORPUS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(make_corpus, "HERE", copy)
    make_corpus.write()
    assert _snapshot(copy) == _snapshot(CORPUS) | {k: v for k, v in _snapshot(copy).items() if "__pycache__" in k}
