"""Runs killed with SIGKILL mid-write leave the previous outputs intact and nothing partial.

Two ways to stop a real ``helixnet`` process at a known point, without timing guesses:

- instrumented: the child process runs the CLI with ``os.fsync`` wrapped so that its k-th
  call (atomic writes fsync the temporary file just before renaming it) records the file
  and blocks; the test sees the record and sends SIGKILL. The process dies holding a
  complete temporary file that was never renamed, the state a kill anywhere inside a write
  produces for the visible files.
- observed: an unmodified ``helixnet import table`` of a large export is killed as soon as
  its temporary data directory holds the new files (polled from outside; the validation
  that follows takes seconds, so the moment is never missed).

Afterwards every visible file is byte-identical to the previous output (or, for files the
run had already finished, to the new one), and the next run removes the hidden leftovers.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import helixnet
from helixnet.cli import main
from helixnet.errors import OutputError
from helixnet.io.atomic import process_alive, remove_stale_temporaries, write_text
from tests.helpers import REPO, TINY, copy_tiny

#: Child driver: block at the k-th fsync (or the k-th call of another hook) and report the file.
DRIVER = r"""
import os, sys, time
hook, k, marker, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
calls = []

def block(what):
    calls.append(what)
    if len(calls) == k:
        with open(marker + ".part", "w") as out:
            out.write(str(what))
        os.rename(marker + ".part", marker)
        time.sleep(600)

if hook == "fsync":
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        block(os.readlink(f"/proc/self/fd/{fd}"))
    os.fsync = fsync
elif hook == "rmtree":  # import: after the data directory was swapped, before the old copy is removed
    import shutil
    real_rmtree = shutil.rmtree
    def rmtree(path, *a, **kw):
        if ".import-" in str(path):
            block(path)
        return real_rmtree(path, *a, **kw)
    shutil.rmtree = rmtree
elif hook == "rename":  # import, two-rename fallback: after data -> backup, before temp -> data
    from helixnet.io import atomic
    atomic.exchange_paths = lambda first, second: False
    real_rename = os.rename
    def rename(src, dst):
        result = real_rename(src, dst)
        if ".previous-" in str(dst):
            block(dst)
        return result
    os.rename = rename
from helixnet.cli import main
main(args, prog_name="helixnet")
"""

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc (Linux)")


def _kill_at(hook: str, k: int, args: list[str], marker: Path) -> str:
    """Run the CLI in a child blocked at the k-th ``hook`` call, SIGKILL it there; return what it reported."""
    child = _start([sys.executable, "-c", DRIVER, hook, str(k), str(marker), *args])
    _kill_when(child, marker.exists, f"call {k} of {hook}")
    return marker.read_text(encoding="utf-8")


def _start(command: list[str]) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "HELIXNET_MAX_EDGES"}
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_when(child: subprocess.Popen, ready, what: str, timeout: float = 300) -> None:
    """Poll ``ready()`` while ``child`` runs; SIGKILL it as soon as it is true."""
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            if child.poll() is not None:
                raise AssertionError(f"the run ended before {what}: {child.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} never came")
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()


def _files(directory: Path) -> dict[str, bytes]:
    """Visible files under ``directory`` (no component starting with '.') with their bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(directory).parts)}


def _hidden(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob(".*"))


def _grown_tiny(tmp_path: Path) -> Path:
    """Tiny plus one organisation in project p4: other metric tables than tiny's."""
    data = copy_tiny(tmp_path / "v2")
    with open(data / "nodes" / "organisations.csv", "a", encoding="utf-8") as out:
        out.write("n1,New Org,bedrijf,kmo,,BE\n")
    with open(data / "edges" / "participations.csv", "a", encoding="utf-8") as out:
        out.write("p4,n1,partner,\n")
    return data


def _cli(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), env={"HELIXNET_MAX_EDGES": None})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("k", [1, 4])
def test_metrics_killed_mid_write_keeps_previous_tables(tmp_path, k):
    out, reference = tmp_path / "out", tmp_path / "reference"
    new_data = _grown_tiny(tmp_path)
    _cli("metrics", str(TINY), "--out", str(out))
    _cli("metrics", str(new_data), "--out", str(reference))
    old, new = _files(out), _files(reference)
    assert old.keys() == new.keys() and old != new

    temp = Path(_kill_at("fsync", k, ["metrics", str(new_data), "--out", str(out)], tmp_path / "marker"))

    # the tables are staged whole beside the output (helixnet.io.outputs): killed at the k-th
    # file, the output is the previous one, byte for byte, and the new files are hidden
    staging = temp.parent
    assert staging.parent == tmp_path.resolve() and staging.name.startswith(".out.staging-")
    target = temp.name[1:].rsplit(".", 2)[0]  # .<name>.<pid>-<random>.tmp
    assert target in old and temp.read_bytes() == new[target]
    assert _files(out) == old, "the output is the previous one, byte for byte"
    assert sum(1 for p in staging.iterdir() if not p.name.startswith(".")) == k - 1  # finished files, hidden

    _cli("metrics", str(new_data), "--out", str(out))  # the next run finishes and removes the leftover
    assert _files(out) == new
    assert _hidden(out) == [".helixnet-output.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_report_killed_while_staging_keeps_the_previous_report(tmp_path):
    """Killed while staging its 3rd file, the previous report stays whole; the next run
    replaces it and removes the staging directory the killed run left. (After the swap
    the report is one rename away from whole: the import tests below kill there.)"""
    out = tmp_path / "report"
    new_data = _grown_tiny(tmp_path)
    _cli("report", str(TINY), "--out", str(out))
    old = _files(out)

    temp = Path(_kill_at("fsync", 3, ["report", str(new_data), "--out", str(out)], tmp_path / "marker"))

    assert _files(out) == old, "the report directory is the previous report, byte for byte"
    staging = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.")]
    assert len(staging) == 1 and Path(staging[0]).name in temp.parts
    _cli("report", str(new_data), "--out", str(out))
    assert _files(out)["index.html"] != old["index.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.")] == []


# -- import: a big export, killed from outside -------------------------------------------------
MAPPING = """source = "bulk"
layout = "participations"
[columns.organisations]
id = "org"
name = "org_name"
helix = "type"
kind = "type"
[columns.projects]
id = "project"
title = "title"
start_year = "year"
[columns.participations]
budget_eur = "budget"
"""


def _big_export(path: Path, rows: int) -> Path:
    types = ("company", "university", "government", "citizen")
    with open(path, "w", encoding="utf-8") as out:
        out.write("project,title,org,org_name,type,year,budget\n")
        for i in range(rows):
            project, org = i // 6, (i * 7919) % (rows // 3)
            out.write(f"P{project},Project {project},O{org},Org {org},{types[org % 4]},{2015 + project % 8},{i}\n")
    return path


def _import_args(export: Path, mapping: Path, data: Path) -> list[str]:
    return ["import", "table", str(export), "--mapping", str(mapping), "--data", str(data)]


def test_import_killed_mid_swap_leaves_data_directory_untouched(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    data = copy_tiny(work)
    export = _big_export(tmp_path / "export.csv", 60_000)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    before = _files(data)
    args = _import_args(export, mapping, data)
    written = []

    def tables_written() -> bool:
        for temp in work.glob(".tiny.import-*"):
            log = temp / "import.log"  # written after the new tables, just before validation
            if log.is_file() and b"bulk" in log.read_bytes():
                written.append(temp)
        return bool(written)

    _kill_when(_start([sys.executable, "-m", "helixnet", *args]), tables_written, "the new tables")
    written = written[0]

    assert _files(data) == before, "the data directory is byte-identical"
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith(".")) == ["tiny"]
    assert [p.name for p in work.iterdir() if p.name.startswith(".")] == [written.name]
    assert (written / "edges" / "participations_bulk.csv").is_file()  # the new data only ever was hidden

    _cli(*args)  # the next import removes the leftover and applies
    assert [p.name for p in work.iterdir()] == ["tiny"]
    assert len(helixnet.load(data).participations) == 11 + 60_000


def _small_import(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A copy of tiny in ``work/`` and the arguments to import a two-row export into it."""
    work = tmp_path / "work"
    work.mkdir()
    data = copy_tiny(work)
    (tmp_path / "export.csv").write_text(
        "project,title,org,org_name,type,year,budget\nP1,A,O1,Org 1,company,2020,5\nP1,A,O2,Org 2,university,2020,6\n",
        encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    args = _import_args(tmp_path / "export.csv", tmp_path / "mapping.toml", data)
    return work, data, args


def test_import_killed_after_the_swap_has_the_new_data_and_cleans_up(tmp_path):
    work, data, args = _small_import(tmp_path)
    old_copy = Path(_kill_at("rmtree", 1, args, tmp_path / "marker"))
    assert len(helixnet.load(data).participations) == 13  # swapped in whole
    assert _files(old_copy) == _files(TINY)  # the previous directory, hidden, not yet removed
    assert [p.name for p in work.iterdir() if p.name.startswith(".")] == [old_copy.name]
    _cli(*args)
    assert [p.name for p in work.iterdir()] == ["tiny"]


def test_import_killed_between_fallback_renames_is_restored(tmp_path):
    from helixnet.io.imports.refresh import recover_interrupted_import

    work, data, args = _small_import(tmp_path)
    before = _files(data)
    backup = Path(_kill_at("rename", 1, args, tmp_path / "marker"))
    assert not data.exists() and backup.is_dir()  # the one state the fallback can leave
    recover_interrupted_import(data)
    assert _files(data) == before
    assert [p.name for p in work.iterdir()] == ["tiny"]  # the temporary directory is gone too


# -- stale temporary files -------------------------------------------------------------------
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_alive(child.pid)
    return child.pid


def test_next_write_removes_only_stale_temporaries_of_its_target(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".out.csv.{dead}-abc_12.tmp"
    live = tmp_path / f".out.csv.{os.getpid()}-zz.tmp"
    other = tmp_path / f".other.csv.{dead}-abc.tmp"
    lookalike = tmp_path / f".out.csv.{dead}-abc.tmp.keep"
    for path in (stale, live, other, lookalike):
        path.write_text("partial", encoding="utf-8")
    write_text(tmp_path / "out.csv", "complete")
    assert not stale.exists()
    assert live.exists() and other.exists() and lookalike.exists()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "complete"


def test_remove_stale_temporaries_handles_directories(tmp_path):
    dead = _dead_pid()
    (tmp_path / f".data.import-{dead}-x1" / "nodes").mkdir(parents=True)
    (tmp_path / f".data.import-{os.getpid()}-x2").mkdir()
    removed = remove_stale_temporaries(tmp_path, ".data.import-")
    assert [p.name for p in removed] == [f".data.import-{dead}-x1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".data.import-{os.getpid()}-x2"]
    shutil.rmtree(tmp_path / f".data.import-{os.getpid()}-x2")


def test_target_that_is_a_directory_is_an_output_error(tmp_path):
    (tmp_path / "map.html").mkdir()
    with pytest.raises(OutputError, match=r"map.html: cannot write \(Is a directory\); .* \(it is a directory\)"):
        write_text(tmp_path / "map.html", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
