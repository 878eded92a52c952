"""TOML files helixnet reads (dataset metadata, import mappings, scenarios, merges):
parsing with file:line errors, the line of every key for later validation messages, and
the one check of a table's keys (:func:`check_keys`) with one message for every file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from helixnet.errors import DataError

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_ASSIGN = re.compile(r"""^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PART = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+')


def parse_toml(text: str, path: str, what: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error is a DataError at its line, expecting ``what``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        raise DataError(f"is not valid TOML ({exc}); expected {what}", path=path,
                        line=int(match.group(1)) if match else None) from None


def read_toml(path: str | Path, what: str) -> tuple[str, dict[str, Any]]:
    """The text and the parsed content of the UTF-8 (BOM optional) TOML file ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"is not UTF-8 text; expected {what}", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}); expected {what}", path=str(path)) from None
    return text, parse_toml(text, str(path), what)


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], fail: Callable[[str, str], Exception],
               what: str = "") -> None:
    """Raise ``fail(key, message)`` for the first key of ``table`` that is not ``allowed``.

    ``fail`` turns the offending key and the message into the caller's error (with its
    file, line and dotted key); the message is the same for every TOML file helixnet reads:
    ``is not a known [<what> ]key; expected one of a, b, c``.
    """
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            kind = f"{what} key" if what else "key"
            raise fail(key, f"is not a known {kind}; expected one of {', '.join(allowed)}")


def key_lines(text: str) -> dict[tuple, int]:
    """Line of every table header and key in TOML ``text``, by path.

    Paths index arrays of tables by position: the ``retention`` key of the second
    operation of the first scenario is ``("scenario", 0, "operation", 1, "retention")``.
    Keys inside inline tables and multi-line arrays are not listed (their key's line is).
    """
    lines: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    section: tuple = ()

    def resolve(parts: list[str]) -> tuple:
        path: tuple = ()
        for part in parts:
            path += (part,)
            if path in counters:
                path += (counters[path],)
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        array = _ARRAY_HEADER.match(line)
        table = None if array else _TABLE_HEADER.match(line)
        if array:
            parts = _parts(array.group(1))
            key = resolve(parts[:-1]) + (parts[-1],)
            counters[key] = counters.get(key, -1) + 1
            section = key + (counters[key],)
        elif table:
            section = resolve(_parts(table.group(1)))
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            lines.setdefault(section + tuple(_parts(assign.group(1))), number)
            continue
        lines.setdefault(section, number)
    return lines


def find_key_line(text: str, keys: tuple | list) -> int | None:
    """Line of the key ``keys`` in TOML ``text``, else of the first key or table below it (a
    key only defined through ``[keys.sub]`` headers), else of its nearest enclosing key or
    table (None when not even the first part is there)."""
    lines = key_lines(text)
    keys = tuple(keys)
    if keys in lines:
        return lines[keys]
    below = [line for path, line in lines.items() if path[:len(keys)] == keys]
    if below:
        return min(below)
    for end in range(len(keys) - 1, 0, -1):
        if keys[:end] in lines:
            return lines[keys[:end]]
    return None


def _parts(dotted: str) -> list[str]:
    return [p[1:-1] if p[0] in "\"'" else p for p in _PART.findall(dotted)]
