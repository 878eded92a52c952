"""Write result tables (CSV and XLSX) safely for spreadsheets.

Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) are prefixed with ``'`` (OWASP CSV-injection guidance).
Numbers are left alone, and the data directory is never touched.

References
----------
OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from helixnet.io.atomic import write_bytes, write_text

if TYPE_CHECKING:
    import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a text value that a spreadsheet would evaluate as a formula with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_safe(frame: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``frame`` with formula-like text neutralised in text columns and the index."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(neutralise_formula)
    safe.index = safe.index.map(neutralise_formula)
    safe.columns = [neutralise_formula(c) for c in safe.columns]
    return safe


def write_csv(frame: "pd.DataFrame", path: str | Path, index: bool = True) -> Path:
    """Write ``frame`` as UTF-8 CSV atomically, formula-like text neutralised."""
    safe = spreadsheet_safe(frame)
    text = safe.to_csv(index=index, lineterminator="\n", float_format="%.10g", quoting=csv_quoting(safe))
    return write_text(path, text)


def csv_quoting(frame: "pd.DataFrame") -> int:
    """``csv.QUOTE_ALL`` when a text cell holds a carriage return, else ``csv.QUOTE_MINIMAL``.

    Python's CSV writer (before 3.12) leaves a field with a lone CR unquoted when lines end
    in LF, and every reader then splits the row there; quoting all fields keeps it whole.
    """
    import csv

    def has_cr(values) -> bool:
        return any(isinstance(v, str) and "\r" in v for v in values)

    columns = [frame[c] for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype).startswith("str")]
    if has_cr(frame.columns) or has_cr(frame.index) or any(has_cr(c.to_numpy()) for c in columns):
        return csv.QUOTE_ALL
    return csv.QUOTE_MINIMAL


#: Characters Excel forbids in sheet names, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_MAX = 31
#: Longest text Excel holds in one cell; longer text is cut and ends in an ellipsis.
XLSX_CELL_MAX = 32_767
_COLUMN_WIDTH = (8, 60)
# Control characters that XML 1.0 (and so XLSX) cannot hold.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_sheet_names(names: list[object]) -> dict[object, str]:
    """Excel-safe, unique sheet names: no ``[]:*?/\\``, at most 31 characters, not empty.

    A name may not start or end with ``'`` and ``History`` is reserved; collisions (compared
    case-insensitively, as Excel does) get ``-2``, ``-3``... within the 31 characters.
    """
    taken: set[str] = set()
    result: dict[object, str] = {}
    for name in names:
        base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'").strip() or "Sheet"
        if base.lower() == "history":
            base += "_"
        stem, n = base[:SHEET_NAME_MAX], 1
        while stem.lower() in taken:
            n += 1
            suffix = f"-{n}"
            stem = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(stem.lower())
        result[name] = stem
    return result


def write_xlsx(frames: "dict[str, pd.DataFrame] | pd.DataFrame", path: str | Path, index: bool = True) -> Path:
    """Write one or more tables as an XLSX workbook atomically, one sheet per table.

    Parameters
    ----------
    frames
        A table, or sheet name -> table (names are made Excel-safe by :func:`safe_sheet_names`).
    path
        The target ``.xlsx`` file; written to a temporary file beside it, then renamed.
    index
        Write the index as the first column(s).

    Text cells that would start a formula are prefixed with ``'``, control characters
    XML cannot hold are removed and text beyond Excel's 32,767 characters per cell is cut
    (ending in an ellipsis); numbers and booleans stay numbers. The header row is bold
    and frozen and columns get a width fitted to their content (8 to 60 characters).
    """
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if isinstance(frames, pd.DataFrame):
        frames = {"Sheet1": frames}
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = safe_sheet_names(list(frames))
    for key, frame in frames.items():
        sheet = workbook.create_sheet(names[key])
        table = frame.reset_index() if index else frame
        header = [_xlsx_cell(str(c) if not isinstance(c, str) else c) for c in table.columns]
        sheet.append(header)
        for row in table.itertuples(index=False, name=None):
            sheet.append([_xlsx_cell(v) for v in row])
        bold = Font(bold=True)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for position in range(1, len(table.columns) + 1):
            sample = [header[position - 1], *table.iloc[:1000, position - 1].tolist()]
            width = max(len(str(v)) if v is not None else 0 for v in sample) + 2
            sheet.column_dimensions[get_column_letter(position)].width = min(max(width, _COLUMN_WIDTH[0]),
                                                                              _COLUMN_WIDTH[1])
    if not workbook.worksheets:
        workbook.create_sheet("Sheet1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes(path, reproducible_xlsx(buffer.getvalue()))


def reproducible_xlsx(data: bytes) -> bytes:
    """The XLSX ``data`` with fixed times (zip members, created/modified), so equal tables give equal bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            member = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, body)
    return out.getvalue()


def _xlsx_cell(value):
    """A cell value openpyxl stores as data: numbers stay numbers, text is neutralised."""
    import numpy as np
    import pandas as pd

    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else float(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tz is not None else value.to_pydatetime()
    text = neutralise_formula(_XML_ILLEGAL.sub("", str(value)))
    return text if len(text) <= XLSX_CELL_MAX else text[:XLSX_CELL_MAX - 1] + "\u2026"
