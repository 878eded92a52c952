"""Outputs never touch inputs (helixnet.io.outputs) and appear whole: the guard, the staging,
and every writing command pointed at its own input, its parent and the working directory."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helixnet.cli import main
from helixnet.errors import OutputError
from helixnet.io.outputs import MANIFEST, check_output, is_helixnet_output, staged_output
from tests.helpers import DATA, TINY

#: A scenario that runs on the tiny fixture (its one cluster, ``clu``).
SCENARIO = """
[[scenario]]
id = "{id}"
title_en = "S"
title_nl = "S"
description_en = "A scenario."
description_nl = "Een scenario."

[[scenario.operation]]
op = "drop_ties"
around = "$cluster"
relation = "membership"
retention = 0.5
"""


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root``: file bytes, link targets and directories, by relative path."""
    result: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            key = str(path.relative_to(root))
            if path.is_symlink():
                result[key] = ("link", os.readlink(path))
            elif path.is_dir():
                result[key] = "dir"
            else:
                result[key] = path.read_bytes()
    return result


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """``tmp/inputs/data`` (a copy of tiny), a scenario file and CORDIS/table exports beside it,
    an unrelated file, and the working directory ``tmp/inputs/data/../../cwd``."""
    inputs = tmp_path / "inputs"
    shutil.copytree(TINY, inputs / "data")
    (inputs / "scenario.toml").write_text(SCENARIO.format(id="s"), encoding="utf-8")
    shutil.copy(DATA / "cordis" / "organizations_extract.csv", inputs / "cordis.csv")
    (inputs / "notes.txt").write_text("unrelated work\n", encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "thesis.txt").write_text("do not lose me\n", encoding="utf-8")
    monkeypatch.chdir(cwd)
    return tmp_path


# --------------------------------------------------------------------------- the guard
def test_check_output_refuses_the_input_its_parent_and_its_content(workspace):
    data = workspace / "inputs" / "data"
    for out, relation in [(data, "is the input"), (data.parent, "contains the input"),
                          (data / "nodes", "is inside the input"), (data / "nodes" / "organisations.csv", "is inside the input")]:
        with pytest.raises(OutputError, match=re.escape(f"--out '{out}': {relation} '{data}'; writing there")):
            check_output(out, [data], kind="file" if out.suffix else "directory")


def test_check_output_sees_through_links_and_dots(workspace):
    data = workspace / "inputs" / "data"
    (workspace / "alias").symlink_to(data)
    with pytest.raises(OutputError, match="is the input"):
        check_output(workspace / "alias" / "nodes" / "..", [data])
    with pytest.raises(OutputError, match="is inside the input"):
        check_output(workspace / "alias" / "edges", [data])


@pytest.mark.parametrize("out, what", [(".", "is the working directory"), ("..", "contains the working directory"),
                                       ("/", "contains the working directory")])
def test_check_output_refuses_the_working_directory_and_its_parents(workspace, out, what):
    with pytest.raises(OutputError, match=what):
        check_output(out, [], force=True)


def test_check_output_refuses_a_symlinked_output(workspace):
    real = workspace / "real"
    real.mkdir()
    link = workspace / "link"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link"):
        check_output(link, [], force=True)


def test_check_output_needs_force_for_a_foreign_directory(workspace):
    foreign = workspace / "foreign"
    foreign.mkdir()
    check_output(foreign, [])  # empty: fine
    (foreign / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=f"helixnet did not write \\(no {MANIFEST} in it\\).*--force"):
        check_output(foreign, [])
    assert check_output(foreign, [], force=True) == foreign.resolve()
    (foreign / MANIFEST).write_text("{}", encoding="utf-8")
    assert is_helixnet_output(foreign)
    check_output(foreign, [])


def test_check_output_wrong_kind(workspace):
    (workspace / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="exists and is not a directory"):
        check_output(workspace / "file", [])
    with pytest.raises(OutputError, match="is a directory; expected a file name"):
        check_output(workspace / "inputs", [], kind="file")


# --------------------------------------------------------------------------- staging
def test_staged_output_swaps_whole_and_marks_it(workspace):
    out = workspace / "out"
    with staged_output(out, label="test") as staged:
        assert staged.path.parent == out.parent and staged.path.name.startswith(".out.staging-")
        (staged.path / "a.txt").write_text("1", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted(["a.txt", MANIFEST])
    with staged_output(out, label="test") as staged:
        (staged.path / "b.txt").write_text("2", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted(["b.txt", MANIFEST])  # replaced whole, not merged
    assert not [p for p in workspace.iterdir() if p.name.startswith(".out.")]


def test_a_failing_block_leaves_the_previous_output_and_no_staging(workspace):
    out = workspace / "out"
    with staged_output(out) as staged:
        (staged.path / "a.txt").write_text("1", encoding="utf-8")
    before = snapshot(workspace)
    with pytest.raises(RuntimeError):
        with staged_output(out) as staged:
            (staged.path / "a.txt").write_text("half", encoding="utf-8")
            raise RuntimeError("boom")
    assert snapshot(workspace) == before


def test_a_staged_file(workspace):
    out = workspace / "map.html"
    with staged_output(out, kind="file") as staged:
        staged.path.write_text("<html>", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "<html>"
    assert sorted(p.name for p in workspace.iterdir()) == sorted(["cwd", "inputs", "map.html"])


def test_a_symlinked_output_is_neither_replaced_nor_leaves_staging(workspace):
    real = workspace / "real"
    with staged_output(real) as staged:
        (staged.path / "a.txt").write_text("1", encoding="utf-8")
    (workspace / "link").symlink_to(real)
    before = snapshot(workspace)
    result = CliRunner().invoke(main, ["metrics", str(workspace / "inputs" / "data"), "--out", str(workspace / "link")])
    assert result.exit_code == 1 and "is a symbolic link" in result.stderr
    assert snapshot(workspace) == before


# --------------------------------------------------------------------------- every command, every bad --out
def _commands(ws: Path) -> dict[str, tuple[list[str], str]]:
    """Each writing command with its inputs in ``ws``: (arguments without the output, output option)."""
    data = str(ws / "inputs" / "data")
    return {
        "metrics": (["metrics", data], "--out"),
        "map": (["map", data], "--out"),
        "report": (["report", data], "--out"),
        "scenarios": (["scenarios", data, "--scenario", str(ws / "inputs" / "scenario.toml"), "--runs", "2"], "--out"),
        "import cordis": (["import", "cordis", str(ws / "inputs" / "cordis.csv")], "--data"),
        "import table": (["import", "table", str(ws / "inputs" / "cordis.csv"), "--mapping", "h2020"], "--data"),
    }


def _targets(ws: Path) -> dict[str, tuple[Path, str]]:
    data = ws / "inputs" / "data"
    return {
        "own input": (data, "is the input"),
        "inside the input": (data / "nodes", "is inside the input"),
        "an input file": (data / "nodes" / "organisations.csv", "is inside the input"),
        "parent of the input": (ws / "inputs", "contains the input"),
        "working directory": (Path("."), "is the working directory"),
        "parent of the working directory": (Path(".."), "contains the working directory"),
    }


@pytest.mark.parametrize("target", list(_targets(Path("w"))))
@pytest.mark.parametrize("command", list(_commands(Path("w"))))
def test_no_command_writes_over_its_inputs(workspace, command, target):
    args, option = _commands(workspace)[command]
    out, relation = _targets(workspace)[target]
    if command.startswith("import") and target in ("own input", "inside the input", "an input file"):
        # the data directory is what an import updates; its own input there is the export file
        out, relation = workspace / "inputs", "contains the input"
    before = snapshot(workspace)
    force = ["--force"] if command in ("metrics", "report", "scenarios") else []  # even --force is refused
    result = CliRunner().invoke(main, [*args, option, str(out), *force])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {option} '{out}': {relation}"), result.stderr
    assert "Traceback" not in result.output
    assert snapshot(workspace) == before


@pytest.mark.parametrize("command", ["metrics", "report", "scenarios"])
def test_no_command_replaces_a_foreign_directory_without_force(workspace, command):
    args, option = _commands(workspace)[command]
    other = workspace / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep", encoding="utf-8")
    before = snapshot(workspace)
    result = CliRunner().invoke(main, [*args, option, str(other)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: --out '{other}': is a directory helixnet did not write")
    assert snapshot(workspace) == before


def test_metrics_output_is_replaced_whole_on_a_second_run(workspace):
    data, out = workspace / "inputs" / "data", workspace / "out"
    assert CliRunner().invoke(main, ["metrics", str(data), "--out", str(out)]).exit_code == 0
    assert is_helixnet_output(out) and (out / "organisations.csv").is_file()
    (out / "stale.csv").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(main, ["metrics", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "stale.csv").exists()
    assert f"wrote {out / 'organisations.csv'}" in result.output


def test_scenarios_duplicate_id_across_files_fails_first_and_keeps_outputs(workspace):
    data, out = workspace / "inputs" / "data", workspace / "out"
    first, second = workspace / "inputs" / "scenario.toml", workspace / "inputs" / "again.toml"
    second.write_text(SCENARIO.format(id="s"), encoding="utf-8")
    ok = CliRunner().invoke(main, ["scenarios", str(data), "--scenario", str(first), "--runs", "2", "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    before = snapshot(workspace)
    result = CliRunner().invoke(main, ["scenarios", str(data), "--scenario", str(first), "--scenario", str(second),
                                       "--runs", "2", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {second}:2: scenario id 's' is also defined in {first}:2;")
    assert snapshot(workspace) == before


def test_scenarios_output_is_staged_whole(workspace, monkeypatch):
    from helixnet import pipeline

    data, out = workspace / "inputs" / "data", workspace / "out"
    args = ["scenarios", str(data), "--scenario", str(workspace / "inputs" / "scenario.toml"), "--runs", "2",
            "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = snapshot(workspace)
    real = pipeline.write_scenario_outputs

    def fails_after_the_first_file(results, out_dir, lang="en"):
        from helixnet.io.tables import write_csv

        write_csv(results.outcomes.iloc[:1], Path(out_dir) / "outcomes.csv", index=False)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_scenario_outputs", fails_after_the_first_file)
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert snapshot(workspace) == before
    monkeypatch.setattr(pipeline, "write_scenario_outputs", real)


def test_map_refuses_a_directory_and_keeps_it(workspace):
    data = workspace / "inputs" / "data"
    before = snapshot(workspace)
    result = CliRunner().invoke(main, ["map", str(data), "--out", str(workspace / "inputs")])
    assert result.exit_code == 1 and "contains the input" in result.stderr
    result = CliRunner().invoke(main, ["map", str(data), "--out", str(workspace / "cwd")])
    assert result.exit_code == 1 and "is the working directory" in result.stderr
    assert snapshot(workspace) == before


@pytest.mark.parametrize("command", ["map", "report", "metrics", "scenarios"])
def test_negative_seeds_are_refused_by_every_command(workspace, command):
    args, option = _commands(workspace)[command]
    result = CliRunner().invoke(main, [*args, "--seed", "-1", *(["--approximate"] if command == "metrics" else []),
                                       option, str(workspace / "out")])
    assert result.exit_code == 2
    assert "Invalid value for '--seed': -1 is not in the range x>=0" in result.output
