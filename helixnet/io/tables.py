"""Write result tables (CSV) safely for spreadsheets.

Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) are prefixed with ``'`` (OWASP CSV-injection guidance).
Numbers are left alone, and the data directory is never touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from helixnet.io.atomic import write_text

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
    text = spreadsheet_safe(frame).to_csv(index=index, lineterminator="\n", float_format="%.10g")
    return write_text(path, text)
