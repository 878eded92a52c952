"""Read a CSV file into header + records, keeping each record's line number.

Handles what spreadsheets and exports produce: UTF-8 with or without BOM, ``,`` or ``;``
delimiters, quoted fields with embedded newlines. Anything else (another encoding, binary
content, broken quoting, ragged rows) raises :class:`~helixnet.errors.DataError` naming the
file and line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from helixnet.errors import DataError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CsvTable:
    """The parsed content of one CSV file."""

    path: str
    delimiter: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (line number where the record starts, fields)


def read_csv(path: str | Path, what: str = "a CSV file", encoding: str | None = None) -> CsvTable:
    """Parse ``path`` into a :class:`CsvTable`; blank lines are not records.

    ``what`` names the expected kind of file in error messages (e.g. "a CORDIS export").
    ``encoding`` (e.g. ``cp1252`` for an Excel "CSV" export) overrides the default: UTF-8,
    with UTF-16 and binary content recognised and refused.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}); expected {what}", path=name) from None
    text = decode_text(data, name) if encoding is None else decode_as(data, name, encoding)
    if not text.strip():
        raise DataError("the file is empty; expected a header row", path=name, line=1)
    delimiter = sniff_delimiter(text.lstrip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    previous_line = 0
    try:
        for fields in reader:
            start = previous_line + 1
            previous_line = reader.line_num
            if not fields or all(not f.strip() for f in fields) and len(fields) <= 1:
                continue
            records.append((start, fields))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise DataError(
                f"a field is longer than {csv.field_size_limit():,} characters; expected shorter cells "
                "(a quote that is never closed makes the rest of the file one field)",
                path=name, line=previous_line + 1) from None
        hint = ("text follows a closing quote: quote the whole field and double the quotes inside it, "
                'e.g. "Big ""X"" Co"' if "expected after" in str(exc)
                else "the file may be truncated inside a quoted field")
        raise DataError(
            f"cannot parse CSV ({exc}); expected properly quoted fields ({hint})",
            path=name,
            line=previous_line + 1,
        ) from None
    if not records:  # only empty fields, e.g. a file holding just ""
        raise DataError("holds no header, only empty fields; expected a header row", path=name, line=1)
    header_line, header = records[0]
    header = [h.strip() for h in header]
    _check_delimiter(header, name, header_line, what)
    _check_header(header, name, header_line)
    rows = records[1:]
    for position, (line, fields) in enumerate(rows):
        if len(fields) != len(header):
            truncated = position == len(rows) - 1 and len(fields) < len(header)
            raise DataError(
                f"row has {len(fields)} fields; expected {len(header)} as in the header "
                f"({delimiter!r}-delimited)" + (" - the file looks truncated" if truncated else ""),
                path=name,
                line=line,
            )
    return CsvTable(path=name, delimiter=delimiter, header=header, header_line=header_line, rows=rows)


def _check_delimiter(header: list[str], name: str, line: int, what: str) -> None:
    """A one-column header holding tabs or pipes is a file with another delimiter."""
    if len(header) == 1:
        found = "tab" if "\t" in header[0] else ("'|'" if "|" in header[0] else None)
        if found:
            raise DataError(f"the header has {found} delimiters; expected {what} delimited by ';' or ','",
                            path=name, line=line, value=header[0])


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (BOM optional); refuse UTF-16, binary data and other encodings."""
    if data.startswith(_UTF16_BOMS):
        raise DataError(
            "the file is UTF-16 encoded; expected UTF-8 (save it as 'CSV UTF-8')", path=name
        )
    if _looks_utf16(data):
        raise DataError("the file looks UTF-16 encoded (every other byte is NUL, no BOM); expected UTF-8 "
                        "(save it as 'CSV UTF-8')", path=name)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataError("the file holds binary data (NUL byte); expected UTF-8 CSV text", path=name, line=line)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        column, value = _undecodable_cell(data, exc.start)
        raise DataError(
            f"byte 0x{bad} is not valid UTF-8; expected UTF-8 text (the file may be "
            "Latin-1/Windows-1252 encoded: save it as 'CSV UTF-8', or convert it with "
            "`iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`)",
            path=name,
            line=line,
            column=column,
            value=value,
        ) from None


def decode_as(data: bytes, name: str, encoding: str) -> str:
    """Decode ``data`` with the encoding the user named (a leading UTF-8 BOM is dropped).

    Raises
    ------
    OptionError
        ``encoding`` is not an encoding Python knows.
    DataError
        A byte cannot be decoded with it (file and line named).
    """
    import codecs

    from helixnet.errors import OptionError

    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise OptionError(f"--encoding {encoding!r} is not a known encoding; expected e.g. utf-8, cp1252 or "
                          "latin-1") from None
    if codec.name == "utf-8" and data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"byte 0x{data[exc.start:exc.start + 1].hex()} is not valid {codec.name}; expected text "
                        f"in the encoding given with --encoding ({encoding})", path=name, line=line) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a BOM: NUL in (nearly) every other byte of the first kilobyte."""
    head = data[:1024]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.9


def _undecodable_cell(data: bytes, offset: int) -> tuple[str | None, str | None]:
    """Header column and cell text (bad bytes as U+FFFD) holding the byte at ``offset``.

    (None, None) when the CSV structure cannot be followed up to there.
    """
    text = data[:offset].decode("utf-8", errors="replace")
    rest = data[offset:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    try:
        delimiter = sniff_delimiter(text.lstrip(_UTF8_BOM.decode("utf-8")) + rest)
        rows = list(csv.reader(io.StringIO(text + "\x00" + rest, newline=""), delimiter=delimiter))
    except csv.Error:
        return None, None
    if len(rows) < 2:
        return None, None
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    for position, field in enumerate(rows[-1]):
        if "\x00" in field:
            column = header[position] if position < len(header) else None
            return column, field.replace("\x00", "").strip() if column else None
    return None, None


def sniff_delimiter(text: str) -> str:
    """Pick ``;`` or ``,`` by which occurs more often, outside quotes, in the header line."""
    counts = {",": 0, ";": 0}
    in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
        elif not in_quotes and char in "\r\n":
            break
        elif not in_quotes and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _check_header(header: list[str], name: str, line: int) -> None:
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            raise DataError(f"header field {position} is empty; expected a column name", path=name, line=line)
        if column in seen:
            raise DataError("column name appears twice in the header; expected unique names",
                            path=name, line=line, column=column)
        seen.add(column)
