"""Parse one CSV cell against its schema column, or raise a DataError naming it.

The accepted forms, strictly (anything else is an error naming file, line, column and value):

- **Years**: exactly four ASCII digits, between :data:`~helixnet.schema.MIN_YEAR` and
  :data:`~helixnet.schema.MAX_YEAR` (not ``2020.0``, ``2e3``, ``2_020`` or ``٢٠٢٠``).
- **Numbers** (budgets, weights): ASCII digits only, no sign other than a leading ``-``
  (refused by the range check), no exponent, no underscore, no ``inf``/``nan``, and at most
  :data:`MAX_NUMBER`, so sums of them stay finite. Per delimiter convention:

  - ``,``-delimited files: ``1234`` and ``1234.5`` (decimal point, no thousands separator;
    a quoted ``1,234`` is ambiguous and refused).
  - ``;``-delimited files (Dutch-locale spreadsheets): ``1234``, ``1234,5`` (decimal comma),
    ``1.234.567`` and ``1.234,5`` (point thousands groups), and ``1234.5`` where the point
    can only be a decimal point. ``1.234`` (one group of exactly three digits after one
    point) could be 1234 or 1.234 and is refused: write ``1234`` or ``1,234``, or say how
    the file writes numbers with ``thousands`` (the ``--thousands`` option, or the key
    ``thousands`` in ``dataset.toml``):

    - ``point``: a point always separates thousands: ``1.234`` is 1234, ``1.234.567`` and
      ``1.234,5`` as above, and a point that is not followed by groups of three digits
      (``1234.5``) is an error;
    - ``none``: there are no thousands separators and a point is a decimal point, like the
      comma: ``1.234`` is 1.234, and grouped forms (``1.234.567``, ``1.234,5``) are errors.

- **Ids** (``id``, ``org_id``, ``project_id``, ``cluster_id``, ``source``, ``target``):
  normalised to Unicode NFC, so ids that differ only in normalisation are the same id;
  invisible characters (format characters such as U+200B ZERO WIDTH SPACE or a stray
  U+FEFF byte order mark, and control characters) are refused, with their code points
  shown.
- **Text** (names, titles, ...): control characters other than tab, line feed and carriage
  return (e.g. U+000B, U+0000, U+001B) are refused, with their code points shown.
- **Keywords** (``kind``) and **helix**: case-insensitive alike; ``kind`` is stored in
  lower case (``Cluster`` is a cluster).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from helixnet import schema
from helixnet.errors import DataError

#: The ``thousands`` conventions of ``;``-delimited files (see the module doc); None = strict.
THOUSANDS: tuple[str, ...] = ("point", "none")

#: Largest number accepted in a cell (10^15: a trillion euros a thousand times over).
MAX_NUMBER = 1e15

_YEAR = re.compile(r"[0-9]{4}\Z")
_POINT_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")
_COMMA_DECIMAL = re.compile(r"-?[0-9]+(,[0-9]+)?\Z")
_GROUPED = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?\Z")
_AMBIGUOUS_GROUP = re.compile(r"-?[0-9]{1,3}\.[0-9]{3}\Z")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_cell(raw: str, column: schema.Column, *, path: str, line: int, delimiter: str = ",",
               thousands: str | None = None) -> Any:
    """Return the typed value of ``raw`` for ``column`` (None for an allowed empty cell).

    ``thousands`` (``"point"``, ``"none"`` or None for strict) says how a ``;``-delimited
    file writes numbers; it has no effect on ``,``-delimited files."""
    text = raw.strip()
    if not text:
        if column.nonempty:
            raise DataError(f"is empty; expected {_expectation(column)}", path=path, line=line,
                            column=column.name, value="")
        return None
    if column.type in ("str", "id", "keyword"):
        _check_characters(raw, column, path=path, line=line)  # before strip(), which drops \x1c-\x1f and \x85
    parser = _PARSERS[column.type]
    convention = delimiter if delimiter != ";" or thousands is None else f";{thousands}"
    value = parser(text, convention)
    if value is _AMBIGUOUS:
        raise DataError("is ambiguous in a ';'-delimited file: the point may separate thousands (1234) or "
                        "decimals (1.234); expected 1234, 1,234 (decimal comma) or 1.234,0, or say which with "
                        "--thousands point|none (or thousands = \"point\" or \"none\" in dataset.toml)",
                        path=path, line=line, column=column.name, value=text)
    if value is None:
        raise DataError(f"expected {_expectation(column, convention)}", path=path, line=line, column=column.name, value=text)
    return value


def _check_characters(text: str, column: schema.Column, *, path: str, line: int) -> None:
    """Refuse control characters anywhere, and invisible (format) characters in ids."""
    bad = [c for c in text if _CONTROL.match(c) or (column.type == "id" and unicodedata.category(c) == "Cf")]
    if bad:
        points = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in bad))
        what = "an id without invisible or control characters" if column.type == "id" else \
            "text without control characters"
        raise DataError(f"holds {points} at position {text.index(bad[0]) + 1}; expected {what}",
                        path=path, line=line, column=column.name, value=text)  # repr() shows them escaped


def _parse_str(text: str, convention: str) -> str:
    return text


def _parse_id(text: str, convention: str) -> str:
    return unicodedata.normalize("NFC", text)


def _parse_keyword(text: str, convention: str) -> str:
    return text.lower()


def _parse_helix(text: str, convention: str) -> str | None:
    return schema.normalise_helix(text)


def _parse_bool(text: str, convention: str) -> bool | None:
    lowered = text.lower()
    if lowered in schema.TRUE_VALUES:
        return True
    if lowered in schema.FALSE_VALUES:
        return False
    return None


def _parse_year(text: str, convention: str) -> int | None:
    if not _YEAR.match(text):
        return None
    value = int(text)
    return value if schema.MIN_YEAR <= value <= schema.MAX_YEAR else None


#: Marks a number that could be read two ways (see the module doc).
_AMBIGUOUS = object()


def _parse_float(text: str, convention: str) -> "float | None | object":
    """``convention`` is ``,``, ``;`` (strict), ``;point`` or ``;none`` (see the module doc)."""
    if convention == ";none":
        if not (_COMMA_DECIMAL.match(text) or _POINT_DECIMAL.match(text)):
            return None
        text = text.replace(",", ".")
    elif convention == ";point":
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _COMMA_DECIMAL.match(text):
            text = text.replace(",", ".")
        else:
            return None
    elif convention == ";":
        if _AMBIGUOUS_GROUP.match(text):
            return _AMBIGUOUS
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _COMMA_DECIMAL.match(text):
            text = text.replace(",", ".")
        elif not _POINT_DECIMAL.match(text):
            return None
    elif not _POINT_DECIMAL.match(text):
        return None
    value = float(text)
    return value if 0 <= value <= MAX_NUMBER else None


def _parse_positive(text: str, convention: str) -> "float | None | object":
    value = _parse_float(text, convention)
    return value if value is _AMBIGUOUS or (value is not None and value > 0) else None


#: The number forms each convention accepts, as the error message shows them.
_FORMS = {",": "1234.5", ";": "1234.5, 1234,5 or 1.234,5", ";point": "1234,5 or 1.234,5", ";none": "1234.5 or 1234,5"}


def _expectation(column: schema.Column, convention: str = ",") -> str:
    if column.type == "helix":
        return "a helix: one of " + ", ".join(schema.HELICES) + " (or an English alias or CORDIS code PRC/HES/REC/PUB/OTH)"
    if column.type == "bool":
        return "true or false"
    if column.type == "year":
        return f"a year between {schema.MIN_YEAR} and {schema.MAX_YEAR} (four digits)"
    forms = f"in plain digits, at most {MAX_NUMBER:.0e}: {_FORMS[convention]}"
    if column.type == "float":
        return f"a number >= 0 ({forms})"
    if column.type == "positive":
        return f"a number > 0 ({forms})"
    return "a value"


_PARSERS = {
    "str": _parse_str,
    "id": _parse_id,
    "keyword": _parse_keyword,
    "helix": _parse_helix,
    "bool": _parse_bool,
    "year": _parse_year,
    "float": _parse_float,
    "positive": _parse_positive,
}
