"""Parse one CSV cell against its schema column, or raise a DataError naming it."""

from __future__ import annotations

import re
from typing import Any

from helixnet import schema
from helixnet.errors import DataError

_DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")


def parse_cell(raw: str, column: schema.Column, *, path: str, line: int, delimiter: str = ",") -> Any:
    """Return the typed value of ``raw`` for ``column`` (None for an allowed empty cell)."""
    text = raw.strip()
    if not text:
        if column.nonempty:
            raise DataError(f"is empty; expected {_expectation(column)}", path=path, line=line,
                            column=column.name, value="")
        return None
    parser = _PARSERS[column.type]
    value = parser(text, delimiter)
    if value is None:
        raise DataError(f"expected {_expectation(column)}", path=path, line=line, column=column.name, value=text)
    return value


def _parse_str(text: str, delimiter: str) -> str:
    return text


def _parse_helix(text: str, delimiter: str) -> str | None:
    return schema.normalise_helix(text)


def _parse_bool(text: str, delimiter: str) -> bool | None:
    lowered = text.lower()
    if lowered in schema.TRUE_VALUES:
        return True
    if lowered in schema.FALSE_VALUES:
        return False
    return None


def _parse_year(text: str, delimiter: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not value.is_integer() or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
        return None
    return int(value)


def _parse_float(text: str, delimiter: str) -> float | None:
    if delimiter == ";" and _DECIMAL_COMMA.match(text):
        # ';'-delimited exports from Dutch-locale spreadsheets write 1.234,5
        text = text.replace(".", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        return None
    return value


def _parse_positive(text: str, delimiter: str) -> float | None:
    value = _parse_float(text, delimiter)
    return value if value is not None and value > 0 else None


def _expectation(column: schema.Column) -> str:
    if column.type == "helix":
        return "a helix: one of " + ", ".join(schema.HELICES) + " (or an English alias or CORDIS code PRC/HES/REC/PUB/OTH)"
    if column.type == "bool":
        return "true or false"
    if column.type == "year":
        return f"a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}"
    if column.type == "float":
        return "a number >= 0"
    if column.type == "positive":
        return "a number > 0"
    return "a value"


_PARSERS = {
    "str": _parse_str,
    "helix": _parse_helix,
    "bool": _parse_bool,
    "year": _parse_year,
    "float": _parse_float,
    "positive": _parse_positive,
}
