"""Atomic writes and spreadsheet-safe CSV tables."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from helixnet.errors import OutputError
from helixnet.io.atomic import write_bytes, write_text
from helixnet.io.tables import neutralise_formula, write_csv


def test_write_text_creates_parents_with_shareable_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_text(tmp_path / "a" / "b.txt", "hello")
    finally:
        os.umask(old)
    assert path.read_text(encoding="utf-8") == "hello"
    assert path.stat().st_mode & 0o777 == 0o644


def test_failed_write_keeps_previous_output_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.html"
    write_text(target, "previous")
    with pytest.raises(TypeError):
        write_bytes(target, "not bytes")  # fails inside the write
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_unwritable_location_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"file/out.csv: cannot write"):
        write_text(blocker / "out.csv", "x")


@pytest.mark.parametrize("value", ["=1+1", "+32 2 000", "-cmd", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["VITO", "a=b", -1.5, 3, None])
def test_other_values_are_left_alone(value):
    assert neutralise_formula(value) == value


def test_write_csv_neutralises_text_but_not_numbers(tmp_path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "Plain"], "delta": [-0.5, 2.0]},
                         index=pd.Index(["@id", "b"], name="id"))
    path = write_csv(frame, tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines() == ["id,name,delta", "'@id,\"'=HYPERLINK(\"\"x\"\")\",-0.5", "b,Plain,2"]
    assert frame.loc["@id", "name"].startswith("=")  # the caller's frame is not changed
