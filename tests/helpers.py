"""Shared test helpers: copies of fixture data directories with one defect each."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
REPO = Path(__file__).parent.parent


def copy_tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture directory."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path`` once; fail the test if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
