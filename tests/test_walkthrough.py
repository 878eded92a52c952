"""The README's "Your own data" walkthrough runs as written (in a temporary copy of the example)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def walkthrough_commands() -> list[str]:
    """The lines of the bash blocks of the README section "Your own data"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Your own data\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_section_has_the_walkthrough():
    commands = walkthrough_commands()
    assert [c.split()[:2] for c in commands] == [
        ["helixnet", "import"], ["helixnet", "import"], ["cp", "examples/cordis-be/curation.toml"],
        ["helixnet", "validate"], ["helixnet", "report"]]


def test_readme_walkthrough_runs_as_written(tmp_path):
    work = tmp_path / "clone"
    shutil.copytree(ROOT / "examples", work / "examples")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "helixnet"  # the console script of an installed helixnet, for this checkout
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m helixnet "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    outputs = []
    for command in walkthrough_commands():
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    validate = outputs[3]
    assert "  clusters             2\n" in validate
    assert validate.count("  curation: curation.toml:") == 4
    assert (work / "my-report" / "index.html").is_file() and (work / "my-report" / "report.pdf").is_file()
    orgs = pd.read_csv(work / "my-report" / "tables" / "organisations.csv", dtype={"id": str})
    named = pd.read_csv(work / "examples/cordis-be/exports/organisations-named.csv", dtype=str)
    extract = pd.read_csv(work / "examples/cordis-be/exports/h2020-extract.csv", dtype=str, keep_default_na=False)
    assert len(orgs) == extract["pic"].nunique()
    names = orgs.set_index("id")["name"]
    expected = named.set_index("organisationID")["name"].str.strip()
    renamed = set(orgs.loc[orgs["helix"] == "intermediair", "id"])  # the clusters get their names in curation.toml
    assert renamed == {"pic-956397691", "pic-939128878"}
    both = [pic for pic in expected.index if pic in set(extract["pic"]) and f"pic-{pic}" not in renamed]
    assert both and (names.reindex([f"pic-{p}" for p in both]).to_numpy() == expected[both].to_numpy()).all()
