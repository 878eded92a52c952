"""TOML reading: syntax errors at their line, key lines for validation messages."""

from __future__ import annotations

import pytest

from helixnet.errors import DataError
from helixnet.io.toml import find_key_line, key_lines, parse_toml, read_toml


def test_syntax_error_names_file_line_and_expectation():
    with pytest.raises(DataError, match=r"^x.toml:2: is not valid TOML .*; expected a scenario file$"):
        parse_toml("a = 1\nb = \n", "x.toml", "a scenario file")


def test_read_toml_refuses_other_encodings_and_missing_files(tmp_path):
    path = tmp_path / "m.toml"
    path.write_bytes("naam = 'Liège'\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"m.toml: is not UTF-8 text; expected a mapping"):
        read_toml(path, "a mapping")
    with pytest.raises(DataError, match=r"nope.toml: cannot be read"):
        read_toml(tmp_path / "nope.toml", "a mapping")
    path.write_text("\ufeffa = 1\n", encoding="utf-8")
    assert read_toml(path, "a mapping") == ("a = 1\n", {"a": 1})


def test_key_lines_and_nearest_enclosing_key():
    text = '[[s]]\nid = "a"\n[s.p.x]\nvalue = 1\n[[s]]\nid = "b"\n'
    lines = key_lines(text)
    assert lines[("s", 0, "id")] == 2 and lines[("s", 0, "p", "x", "value")] == 4 and lines[("s", 1, "id")] == 6
    assert find_key_line(text, ("s", 0, "p", "x", "missing")) == 3
    assert find_key_line(text, ("zzz",)) is None


def test_check_keys_is_the_one_message_for_every_toml_file():
    from helixnet.io.toml import check_keys

    def fail(key, message):
        return ValueError(f"{key}: {message}")

    check_keys({"a": 1, "b": 2}, ("a", "b", "c"), fail)  # all known: no error
    with pytest.raises(ValueError, match=r"^x: is not a known key; expected one of a, b$"):
        check_keys({"a": 1, "x": 2, "y": 3}, ("a", "b"), fail)  # the first unknown key
    with pytest.raises(ValueError, match=r"^x: is not a known scenario key; expected one of id$"):
        check_keys({"x": 1}, ("id",), fail, "scenario")
