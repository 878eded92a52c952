"""Tests of helixnet.io.paths (confined output names) and helixnet.progress."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helixnet.errors import OutputError
from helixnet.io.paths import confined, safe_name, unique_safe_names
from helixnet.progress import stage, track


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "etc_passwd"), ("Flanders'FOOD", "Flanders_FOOD"), ("CON", "CON_"), ("..", "item"),
     ("", "item"), ("De Blauwe Cluster", "De_Blauwe_Cluster"), ("a/b\\c", "a_b_c"), ("Café.html", "Cafe.html")],
)
def test_safe_name(name, expected):
    assert safe_name(name) == expected


@given(st.text())
def test_safe_name_never_escapes(tmp_path_factory, name):
    base = tmp_path_factory.getbasetemp()
    stem = safe_name(name)
    assert stem and "/" not in stem and "\\" not in stem and ".." not in stem and not stem.startswith(".")
    assert confined(base, stem + ".html").parent == base.resolve()


def test_confined_rejects_escape(tmp_path):
    assert confined(tmp_path, "maps", "a.html") == (tmp_path / "maps" / "a.html").resolve()
    with pytest.raises(OutputError, match="outside the output directory"):
        confined(tmp_path, "..", "elsewhere.html")
    with pytest.raises(OutputError):
        confined(tmp_path, "/etc/passwd")


def test_unique_safe_names_resolves_collisions():
    assert unique_safe_names(["a b", "a_b", "A_B", "x"]) == ["a_b", "a_b-2", "A_B-3", "x"]
    assert unique_safe_names(["Same", "Same", "../Same"]) == ["Same", "Same-2", "Same-3"]  # equal names: own files


def test_progress_is_silent_unless_forced(capsys, monkeypatch):
    assert list(track(range(3), "work", enabled=True)) == [0, 1, 2]  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("HELIXNET_PROGRESS", "1")
    with stage("stage", total=2, enabled=True) as bar:
        bar.update(2)
    assert "stage" in capsys.readouterr().err
    monkeypatch.setenv("HELIXNET_PROGRESS", "0")
    assert list(track([1], "quiet", enabled=True)) == [1]
    assert capsys.readouterr().err == ""
