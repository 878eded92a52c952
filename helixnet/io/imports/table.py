"""Import any CSV or XLSX export with a mapping file into an :class:`ImportBatch`.

The mapping (see :mod:`helixnet.io.imports.mapping` and ``docs/import-mapping.md``) names
the source columns of each field, translates source values (helix, kind, SME flag, ...)
and gives id prefixes and defaults. Two layouts are read:

``participations``
    One row per participation (CSV, or one XLSX sheet). Organisations and projects are
    the distinct ids; their attributes are taken from the first row that fills them in,
    and the number of ids whose rows disagree is reported in the batch notes.
``sheets``
    An XLSX workbook with one sheet per table; every participation must name a known
    organisation and project.

Nothing is dropped silently: rows whose mapped cells are all empty are counted in
``skipped``; repeated (project, organisation) pairs are combined (budgets added, first role
kept) and counted in ``notes``. Cells are checked with the whole column at once (pandas), so
the 144,726 rows of CORDIS ``h2020.csv`` import in about a second. Any bad cell raises
:class:`~helixnet.errors.DataError` naming the file and line (CSV) or
``file.xlsx [Sheet] cell B7`` (XLSX), the column, the value and the expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet import schema
from helixnet.errors import DataError
from helixnet.io.imports.batch import (
    ORGANISATION_COLUMNS,
    PARTICIPATION_COLUMNS,
    PROJECT_COLUMNS,
    ImportBatch,
    missing_project_fields,
)
from helixnet.io.imports.mapping import FIELDS, Mapping, TableMapping, load_mapping

if TYPE_CHECKING:
    import pandas as pd

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})

_YEAR_IN_DATE = r"(?<!\d)(\d{4})(?!\d)"
_DECIMAL_COMMA = r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"
_DECIMAL_POINT = r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?"


@dataclass
class SourceTable:
    """One table of the input: text cells ("" when empty) and where each row came from.

    Attributes
    ----------
    file : str
        The input file.
    sheet : str or None
        The XLSX sheet (None for CSV).
    frame : pandas.DataFrame
        One text column per header column, one row per data record.
    rows : list of int
        Line number (CSV) or sheet row (XLSX) of each record.
    header_row : int
        Line or sheet row of the header.
    letters : dict
        XLSX column letter of each header column.
    """

    file: str
    sheet: str | None
    frame: "pd.DataFrame"
    rows: list[int]
    header_row: int
    letters: dict[str, str]

    @property
    def label(self) -> str:
        """``file`` or ``file [Sheet]``."""
        return self.file if self.sheet is None else f"{self.file} [{self.sheet}]"

    def error(self, message: str, position: int | None, column: str, value: Any = None) -> DataError:
        """A DataError at record ``position`` (None: the header) of ``column``."""
        row = self.header_row if position is None else self.rows[position]
        if self.sheet is None:
            return DataError(message, path=self.file, line=row, column=column, value=value)
        letter = self.letters.get(column)
        where = f"cell {letter}{row}" if letter else f"row {row}"
        return DataError(message, path=f"{self.label} {where}", column=column, value=value)


def import_table(path: str | Path, mapping: str | Path | Mapping, *, themes: str | Path | None = None,
                 encoding: str | None = None) -> ImportBatch:
    """Read a CSV or XLSX export into an :class:`ImportBatch` as ``mapping`` describes.

    Parameters
    ----------
    path : str or Path
        The export: ``.csv`` (UTF-8, ``,`` or ``;``) or ``.xlsx``.
    mapping : str, Path or Mapping
        A mapping file, the name of a shipped mapping (``h2020``, ``fris``) or a loaded
        :class:`~helixnet.io.imports.mapping.Mapping`.
    themes : str or Path, optional
        A project -> theme table (CSV) to set the projects' theme from; default: the
        mapping's ``[themes] file`` beside the export, when it is there. Its columns are
        the mapping's ``[themes] project``/``theme``, else ``project_id`` and ``theme``.
    encoding : str, optional
        Encoding of a CSV export (and theme table), e.g. ``cp1252``; default UTF-8.

    Returns
    -------
    ImportBatch
        Organisations (index ``id``), projects (index ``id``) and participations, with
        the mapping's id prefixes; ``skipped`` and ``notes`` account for every input row
        that is not a participation of its own.

    Raises
    ------
    DataError
        The mapping or the export is invalid; the message names the file, line or cell,
        column, value and what was expected.

    Examples
    --------
    >>> batch = import_table("h2020.csv", "h2020")          # doctest: +SKIP
    >>> batch.counts()                                      # doctest: +SKIP
    {'organisations': 35871, 'projects': 31451, 'participations': 144726}
    """
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    file = Path(path)
    if not file.is_file():
        raise DataError("file not found; expected a CSV or XLSX export", path=str(file))
    suffix = file.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        tables = _read_workbook(file, mapping)
    elif suffix in CSV_SUFFIXES:
        if mapping.layout == "sheets":
            raise DataError(f"is a CSV file, but mapping {mapping.path} has layout = 'sheets'; expected an "
                            "XLSX workbook (or layout = 'participations')", path=str(file))
        tables = {"participations": _read_csv_table(file, mapping, encoding)}
    else:
        raise DataError(f"has suffix {suffix!r}; expected .csv or .xlsx (save .xls files as .xlsx)",
                        path=str(file))
    builder = _Builder(mapping, [str(file)])
    if mapping.layout == "sheets":
        batch = builder.from_sheets(tables)
    else:
        batch = builder.from_participation_rows(tables["participations"])
    batch = _with_themes(batch, file, mapping, themes, encoding)
    batch.gaps.extend(missing_project_fields(batch, {
        "start_year": "map start_year or start_date under [columns.projects] of the mapping",
        "theme": "add a [themes] table to the mapping or pass --themes FILE (columns project_id, theme)",
    }))
    return batch


def _with_themes(batch: ImportBatch, file: Path, mapping: Mapping, themes: str | Path | None,
                 encoding: str | None) -> ImportBatch:
    """Set the projects' themes from the theme table (``themes`` or the mapping's), if any."""
    from dataclasses import replace

    from helixnet.io.themes import attach_themes, read_theme_table

    declared = mapping.themes
    if themes is None and not declared:
        return batch
    path = Path(themes) if themes is not None else file.parent / declared["file"]
    if themes is None and not path.is_file():
        batch.notes.append(f"no theme table: {path} (named by [themes] of mapping {mapping.path}) is not there")
        return batch
    table = read_theme_table(path, declared.get("project", "project_id"), declared.get("theme", "theme"),
                             id_prefix=mapping.tables["projects"].id_prefix, encoding=encoding)
    projects, notes = attach_themes(batch.projects, table, path.name)
    return replace(batch, projects=projects, files=[*batch.files, str(path)], notes=[*batch.notes, *notes])


# -- reading ---------------------------------------------------------------------------
def _read_csv_table(file: Path, mapping: Mapping, encoding: str | None = None) -> SourceTable:
    import pandas as pd

    from helixnet.io.csvfile import read_csv

    table = read_csv(file, encoding=encoding)
    if mapping.delimiter is not None and table.delimiter != mapping.delimiter:
        raise DataError(f"the file is {table.delimiter!r}-delimited; expected {mapping.delimiter!r} as "
                        f"mapping {mapping.where('delimiter')} says", path=str(file), line=table.header_line)
    frame = pd.DataFrame([fields for _, fields in table.rows], columns=table.header, dtype=object)
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in table.header})
    return SourceTable(file=str(file), sheet=None, frame=frame, rows=[line for line, _ in table.rows],
                       header_row=table.header_line, letters={})


def _read_workbook(file: Path, mapping: Mapping) -> dict[str, SourceTable]:
    from openpyxl import load_workbook

    from helixnet.io.xlsxguard import check_workbook

    check_workbook(file)  # size limits, in linear time, before the quadratic parser sees it
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for broken files
        raise DataError(f"cannot open the workbook ({type(exc).__name__}: {exc}); expected an XLSX file",
                        path=str(file)) from None
    try:
        if mapping.layout == "sheets":
            wanted = dict(mapping.sheets)
        else:
            wanted = {"participations": mapping.sheet or workbook.sheetnames[0]}
        tables = {}
        for table_name, sheet in wanted.items():
            if sheet not in workbook.sheetnames:
                key = ("sheets", table_name) if mapping.layout == "sheets" else ("sheet",)
                raise DataError(f"has no sheet {sheet!r} (mapping {mapping.where(*key)}); expected one of "
                                + ", ".join(map(repr, workbook.sheetnames)), path=str(file))
            needed = _needed_columns(mapping, table_name)
            tables[table_name] = _read_sheet(workbook[sheet], str(file), sheet, needed, mapping.decimal)
        return tables
    finally:
        workbook.close()


def _needed_columns(mapping: Mapping, table_name: str) -> list[str]:
    if mapping.layout == "sheets":
        return mapping.tables[table_name].source_columns()
    return list(dict.fromkeys(c for t in mapping.tables.values() for c in t.source_columns()))


def _read_sheet(sheet, file: str, name: str, needed: list[str], decimal: str) -> SourceTable:
    """Read one worksheet: header row, then text cells; refuse formulas and merged cells."""
    import pandas as pd
    from openpyxl.utils import get_column_letter

    merged = _merged_ranges(sheet)
    sheet.reset_dimensions()
    label = f"{file} [{name}]"
    raw_rows = [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(), start=1)]
    filled = [(n, cells) for n, cells in raw_rows if any(c.value not in (None, "") for c in cells)]
    if not filled:
        raise DataError("the sheet is empty; expected a header row", path=label)
    header_row, header_cells = filled[0]
    _check_merged_header(merged, header_row, label)
    header = _header(header_cells, header_row, label)
    letters = {column: get_column_letter(i + 1) for i, column in enumerate(header)}
    wanted = [i for i, column in enumerate(header) if column in set(needed)]
    _check_merged_data(merged, header_row, wanted, header, label)
    records, rows = [], []
    for number, cells in filled[1:]:
        for i in wanted:
            if i < len(cells) and cells[i].data_type == "f":
                raise DataError("is a formula; expected a value (copy the column and paste it as values)",
                                path=f"{label} cell {letters[header[i]]}{number}", column=header[i],
                                value=cells[i].value)
        records.append([_cell_text(cells[i].value, decimal) if i < len(cells) else "" for i in range(len(header))])
        rows.append(number)
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return SourceTable(file=file, sheet=name, frame=frame, rows=rows, header_row=header_row, letters=letters)


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """Merged cell ranges (min_col, min_row, max_col, max_row) of a read-only sheet."""
    import xml.etree.ElementTree as ElementTree

    from openpyxl.utils import range_boundaries

    try:
        source = sheet._get_source()  # read-only sheets do not expose merged_cells
    except AttributeError:
        return []
    ranges = []
    with source:
        for _, element in ElementTree.iterparse(source):
            if element.tag.endswith("}mergeCell"):
                ranges.append(range_boundaries(element.get("ref")))
            element.clear()
    return ranges


def _check_merged_header(merged, header_row: int, label: str) -> None:
    from openpyxl.utils import get_column_letter

    for min_col, min_row, max_col, max_row in merged:
        if min_row <= header_row <= max_row:
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            raise DataError(f"header cells {ref} are merged; expected one column name per cell "
                            "(unmerge them and name each column)", path=f"{label} cell {ref.split(':')[0]}")


def _check_merged_data(merged, header_row: int, wanted: list[int], header: list[str], label: str) -> None:
    from openpyxl.utils import get_column_letter

    for min_col, min_row, max_col, max_row in merged:
        hit = [i for i in wanted if min_col <= i + 1 <= max_col]
        if hit and max_row > header_row:
            ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            raise DataError(f"cells {ref} are merged; expected one value per cell (unmerge them and fill "
                            "in every cell)", path=f"{label} cell {ref.split(':')[0]}", column=header[hit[0]])


def _header(cells, row: int, label: str) -> list[str]:
    from openpyxl.utils import get_column_letter

    values = [c.value for c in cells]
    while values and values[-1] in (None, ""):
        values.pop()
    header: list[str] = []
    for i, value in enumerate(values):
        where = f"{label} cell {get_column_letter(i + 1)}{row}"
        if getattr(cells[i], "data_type", None) == "f":
            raise DataError("header cell is a formula; expected a column name", path=where, value=value)
        text = _cell_text(value, ".").strip()
        if not text:
            raise DataError("header cell is empty; expected a column name", path=where)
        if text in header:
            raise DataError("column name appears twice in the header; expected unique names", path=where,
                            column=text)
        header.append(text)
    return header


def _cell_text(value: Any, decimal: str) -> str:
    """The text of a cell value: numbers with the mapping's decimal mark, dates as ISO."""
    import datetime

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",") if decimal == "," else text
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


# -- converting ------------------------------------------------------------------------
class _Builder:
    """Turns source tables into the three batch tables for one mapping."""

    def __init__(self, mapping: Mapping, files: list[str]) -> None:
        self.mapping = mapping
        self.files = files
        self.skipped: dict[str, int] = {}
        self.notes: list[str] = []

    # layouts
    def from_participation_rows(self, table: SourceTable) -> ImportBatch:
        """Layout ``participations``: one row per participation."""

        self._check_columns(table, list(self.mapping.tables))
        used = self._drop_empty_rows(table, list(self.mapping.tables))
        orgs = self._convert(table, used, "organisations")
        projects = self._convert(table, used, "projects")
        parts = self._convert(table, used, "participations")
        parts.insert(0, "org_id", orgs["id"])
        parts.insert(0, "project_id", projects["id"])
        organisations = self._distinct(orgs, "organisations", table)
        project_table = self._distinct(projects, "projects", table)
        self._resolve_clusters(project_table, organisations, table, projects)
        if len(used):
            self.notes.append(
                f"{len(used):,} participation rows of {table.label} hold {len(organisations):,} distinct "
                f"organisations and {len(project_table):,} distinct projects")
        participations = self._combine_participations(parts)
        return self._batch(organisations, project_table, participations)

    def from_sheets(self, tables: dict[str, SourceTable]) -> ImportBatch:
        """Layout ``sheets``: one sheet per table."""
        converted = {}
        for name in self.mapping.tables:
            table = tables[name]
            self._check_columns(table, [name])
            used = self._drop_empty_rows(table, [name])
            converted[name] = self._convert(table, used, name)
        orgs = self._unique(converted["organisations"], tables["organisations"], "organisations")
        projects = self._unique(converted["projects"], tables["projects"], "projects")
        parts = converted["participations"]
        self._check_known(parts, "org_id", orgs, tables["participations"], "organisation")
        self._check_known(parts, "project_id", projects, tables["participations"], "project")
        self._resolve_clusters(projects, orgs, tables["projects"], converted["projects"])
        participations = self._combine_participations(parts)
        self._note_unused(orgs, participations["org_id"], "organisations")
        self._note_unused(projects, participations["project_id"], "projects")
        return self._batch(orgs, projects, participations)

    # checks on the source
    def _check_columns(self, table: SourceTable, names: list[str]) -> None:
        present = set(table.frame.columns)
        for name in names:
            table_mapping = self.mapping.tables[name]
            for section, pairs in (("columns", table_mapping.columns), ("extras", table_mapping.extras)):
                for our, column in pairs.items():
                    if column not in present:
                        raise DataError(
                            f"column {column!r} (mapping {self.mapping.where(section, name, our)}, "
                            f"{section}.{name}.{our}) is missing from the header; expected one of "
                            + ", ".join(map(repr, table.frame.columns)),
                            path=table.label if table.sheet else table.file,
                            line=None if table.sheet else table.header_row)

    def _drop_empty_rows(self, table: SourceTable, names: list[str]) -> "pd.Index":
        """Clean the mapped columns in place; return the rows with any mapped value."""
        frame = table.frame
        columns = list(dict.fromkeys(c for n in names for c in self.mapping.tables[n].source_columns()))
        for column in columns:
            na = self.mapping.na_for(column)
            frame[column] = _per_value(frame[column], lambda u, na=na: _clean(u, na))
        filled = (frame[columns] != "").any(axis=1) if columns else frame.index.to_series().astype(bool)
        empty = int((~filled).sum())
        if empty:
            reason = f"rows of {table.label} with every mapped column empty"
            self.skipped[reason] = self.skipped.get(reason, 0) + empty
        return frame.index[filled.to_numpy()]

    def _convert(self, table: SourceTable, used: "pd.Index", name: str) -> "pd.DataFrame":
        """Typed values of table ``name`` for the ``used`` rows (index = row position)."""
        import pandas as pd

        table_mapping = self.mapping.tables[name]
        raw = table.frame.loc[used]
        out = pd.DataFrame(index=used)
        for our, column in table_mapping.columns.items():
            out[our] = self._field(raw[column], our, FIELDS[name][our], table, column, table_mapping, name)
        for our, column in table_mapping.extras.items():
            out[our] = raw[column].mask(raw[column] == "")
        if name == "organisations" and "helix" in table_mapping.columns and "helix" in self.mapping.values:
            code = raw[table_mapping.columns["helix"]]  # kept so the import can say how codes became helices
            out["helix_code"] = code.mask(code == "")
        defaulted = pd.Series("", index=used, dtype=object)
        for our, default in table_mapping.defaults.items():
            if name == "organisations":  # placeholders another source may fill in (see refresh.FILL_FIELDS)
                missing = out[our].isna() if our in out else pd.Series(True, index=used)
                defaulted[missing] = (defaulted[missing] + " " + our).str.strip()
            out[our] = self._fill_default(out, our, default, raw, table_mapping, table)
        if defaulted.ne("").any():
            out["defaulted"] = defaulted.mask(defaulted == "")
        for year, date in (("start_year", "start_date"), ("end_year", "end_date")):
            if date in out:
                out[year] = out.pop(date)
        if name == "projects":
            self._check_years(out, table, table_mapping)
        return out

    def _field(self, raw: "pd.Series", our: str, kind: str, table: SourceTable, column: str,
               table_mapping: TableMapping, name: str) -> "pd.Series":
        empty = raw == ""
        if our in ("id", "project_id", "org_id"):
            if empty.any():
                raise table.error("is empty; expected an id", _first(empty), column, "")
            prefix = self.mapping.tables["projects" if our == "project_id" else
                                        "organisations" if our == "org_id" else name].id_prefix
            return prefix + raw
        translated = self._translate(raw, our, kind, table, column)
        if translated is not None:
            return translated
        converter = _CONVERTERS[kind]
        both = _per_value(raw, lambda u: _as_frame(*converter(u, u == "", self.mapping.decimal)))
        value, bad = both["value"], both["bad"].astype(bool)
        if bad.any():
            raise table.error(f"expected {_expectation(kind, self.mapping.decimal)}", _first(bad), column,
                              raw[bad].iloc[0])
        return value

    def _translate(self, raw: "pd.Series", our: str, kind: str, table: SourceTable, column: str):
        """Apply ``[values.<our>]`` (None when the mapping has no such table)."""
        table_values = self.mapping.values.get(our)
        if table_values is None:
            return None
        empty = raw == ""
        value = _per_value(raw, lambda u: u.str.casefold().map(table_values))
        bad = value.isna() & ~empty
        if bad.any():
            known = ", ".join(map(repr, table_values))
            raise table.error(f"is not translated by [values.{our}] of mapping {self.mapping.where('values', our)}; "
                              f"expected one of {known} (case-insensitive), or add it to the mapping",
                              _first(bad), column, raw[bad].iloc[0])
        if kind == "bool":
            return value.astype("boolean")
        return value.mask(empty)

    def _fill_default(self, out: "pd.DataFrame", our: str, default: Any, raw: "pd.DataFrame",
                      table_mapping: TableMapping, table: SourceTable) -> "pd.Series":
        import pandas as pd

        current = out[our] if our in out else pd.Series(pd.NA, index=out.index, dtype=object)
        missing = current.isna()
        if not missing.any():
            return current
        if isinstance(default, str):
            filled = _render(default, raw, table_mapping, missing, table, self.mapping)
        else:
            filled = default
        if isinstance(default, bool):
            return current.astype("boolean").fillna(default)
        if current.dtype == object or isinstance(default, str):
            current = current.astype(object)
        return current.where(~missing, filled)

    def _check_years(self, out: "pd.DataFrame", table: SourceTable, table_mapping: TableMapping) -> None:
        if "start_year" not in out or "end_year" not in out:
            return
        bad = (out["end_year"] < out["start_year"]).fillna(False).astype(bool)
        if bad.any():
            field = "end_date" if "end_date" in table_mapping.columns else "end_year"
            column = table_mapping.columns.get(field, "end_year")
            position = _first(bad)
            raise table.error(f"is before the start year {out['start_year'].loc[position]}; expected an end "
                              "year >= the start year", position, column, table.frame[column].loc[position]
                              if column in table.frame else None)

    # assembling
    def _distinct(self, rows: "pd.DataFrame", name: str, table: SourceTable) -> "pd.DataFrame":
        """One row per id: the first filled value of each field; count ids whose rows disagree."""
        grouped = rows.groupby("id", sort=False)
        first = grouped.first()
        for column in first.columns:
            if rows[column].isna().all():
                continue
            differing = int((grouped[column].nunique(dropna=True) > 1).sum())
            if differing:
                source = self.mapping.tables[name].columns.get(column, column)
                self.notes.append(f"{differing:,} {name} have differing values of {column!r} (column {source!r}) "
                                  f"across rows of {table.label}; the first value was kept")
        self._check_required(first, name, table, rows)
        return first

    def _unique(self, rows: "pd.DataFrame", table: SourceTable, name: str) -> "pd.DataFrame":
        duplicated = rows["id"].duplicated()
        if duplicated.any():
            position = _first(duplicated)
            first = rows.index[(rows["id"] == rows["id"].loc[position]).to_numpy()][0]
            column = self.mapping.tables[name].columns["id"]
            raise table.error(f"repeats the id of row {table.rows[first]}; expected each of the {name} once",
                              position, column, table.frame[column].loc[position])
        frame = rows.set_index("id")
        self._check_required(frame, name, table, rows)
        return frame

    def _check_required(self, frame: "pd.DataFrame", name: str, table: SourceTable, rows: "pd.DataFrame") -> None:
        from helixnet.io.imports.mapping import REQUIRED

        for field in REQUIRED[name]:
            if field == "id" or field not in frame:
                continue
            missing = frame[field].isna()
            if missing.any():
                key = frame.index[missing.to_numpy()][0]
                position = rows.index[(rows["id"] == key).to_numpy()][0]
                column = self.mapping.tables[name].columns.get(field, field)
                raise table.error(f"is empty; expected a {field} for {name[:-1]} {key!r} (or a default in "
                                  f"[defaults.{name}] of the mapping)", position, column, "")

    def _check_known(self, parts: "pd.DataFrame", field: str, known: "pd.DataFrame",
                     table: SourceTable, what: str) -> None:
        unknown = ~parts[field].isin(known.index)
        if unknown.any():
            column = self.mapping.tables["participations"].columns[field]
            position = _first(unknown)
            raise table.error(f"is not a known {what} id (prefixed: {parts[field].loc[position]!r}); expected "
                              f"an id of the {what}s sheet", position, column, table.frame[column].loc[position])

    def _resolve_clusters(self, projects: "pd.DataFrame", orgs: "pd.DataFrame", table: SourceTable,
                          rows: "pd.DataFrame") -> None:
        """Turn cluster references into organisation ids of helix intermediair."""
        if "cluster_id" not in projects or projects["cluster_id"].isna().all():
            return
        clusters = orgs[orgs["helix"] == "intermediair"]
        given = projects["cluster_id"]
        if self.mapping.cluster_key == "name":
            by_name = {_name_key(n): i for i, n in zip(clusters.index, clusters["name"])}
            resolved = given.dropna().map(lambda v: by_name.get(_name_key(v)))
            expected = "the name of an organisation of helix intermediair: " + ", ".join(map(repr, clusters["name"]))
        else:
            prefixed = self.mapping.tables["organisations"].id_prefix + given.dropna()
            resolved = prefixed.where(prefixed.isin(clusters.index))
            expected = "the id of an organisation of helix intermediair: " + ", ".join(map(repr, clusters.index))
        bad = resolved.isna()
        if bad.any():
            project = resolved.index[bad.to_numpy()][0]
            position = rows.index[(rows["id"] == project).to_numpy()][0]
            column = self.mapping.tables["projects"].columns["cluster_id"]
            raise table.error(f"expected {expected[:300]}", position, column, given.loc[project])
        projects["cluster_id"] = resolved.reindex(projects.index)

    def _combine_participations(self, parts: "pd.DataFrame") -> "pd.DataFrame":
        import pandas as pd

        for column in PARTICIPATION_COLUMNS:
            if column not in parts:
                parts[column] = pd.Series(pd.NA, index=parts.index, dtype=float if column == "budget_eur" else object)
        repeated = parts.duplicated(["project_id", "org_id"])
        count = int(repeated.sum())
        if not count:
            return parts.reset_index(drop=True)
        self.notes.append(f"{count:,} participation rows repeat an earlier (project, organisation) pair and were "
                          "combined into it: budgets added, the first role kept")
        aggregations = {c: "first" for c in parts.columns if c not in ("project_id", "org_id")}
        aggregations["budget_eur"] = lambda s: s.sum(min_count=1)
        return parts.groupby(["project_id", "org_id"], sort=False, as_index=False).agg(aggregations)

    def _note_unused(self, frame: "pd.DataFrame", used: "pd.Series", name: str) -> None:
        unused = int((~frame.index.isin(used)).sum())
        if unused:
            self.notes.append(f"{unused:,} {name} take part in no project of this export (kept)")

    def _batch(self, orgs: "pd.DataFrame", projects: "pd.DataFrame", parts: "pd.DataFrame") -> ImportBatch:
        return ImportBatch(
            source=self.mapping.source,
            title=self.mapping.description or self.mapping.source,
            files=self.files,
            organisations=_shape(orgs, ORGANISATION_COLUMNS, {"sme": "boolean"}),
            projects=_shape(projects, PROJECT_COLUMNS, {"start_year": "Int64", "end_year": "Int64",
                                                        "budget_eur": "float64"}),
            participations=_shape(parts, PARTICIPATION_COLUMNS, {"budget_eur": "float64"}, index=False),
            skipped=dict(self.skipped),
            notes=list(self.notes),
        )


def _shape(frame: "pd.DataFrame", columns: tuple[str, ...], dtypes: dict[str, str],
           index: bool = True) -> "pd.DataFrame":
    """Order the batch columns (missing ones all NA), extras after them, fixed dtypes."""
    import pandas as pd

    frame = frame.copy()
    for column in columns:
        if column not in frame:
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    extras = [c for c in frame.columns if c not in columns]
    frame = frame[list(columns) + extras]
    for column, dtype in dtypes.items():
        frame[column] = frame[column].astype(dtype)
    for column in frame.columns:
        if column not in dtypes and frame[column].dtype == object:
            frame[column] = frame[column].astype("str").where(frame[column].notna())
    if index:
        frame.index = frame.index.astype("str")
        frame.index.name = "id"
    return frame


def _render(template: str, raw: "pd.DataFrame", table_mapping: TableMapping, rows: "pd.Series",
            table: SourceTable, mapping: Mapping) -> "pd.Series":
    """Fill ``{field}`` placeholders of ``template`` from the source values, vectorised."""
    import string

    import pandas as pd

    result = pd.Series("", index=raw.index, dtype=object)
    for literal, name, _, _ in string.Formatter().parse(template):
        result = result + literal
        if name is None:
            continue
        column = table_mapping.columns[name]
        values = raw[column]
        blank = (values == "") & rows
        if blank.any():
            raise table.error(f"is empty, but the default template {template!r} of the mapping needs {{{name}}}; "
                              "expected a value", _first(blank), column, "")
        result = result + values
    return result


def _per_value(series: "pd.Series", function) -> "pd.Series":
    """Apply a vectorised ``function`` to the distinct values only, then spread the result.

    Export columns repeat a few values over many rows (types, countries, years), so this
    is several times faster than string operations on every row.
    """
    import pandas as pd

    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
    result = function(pd.Series(uniques, dtype=object))
    taken = result.iloc[codes]
    taken.index = series.index
    return taken


def _as_frame(value: "pd.Series", bad: "pd.Series") -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame({"value": value, "bad": bad.astype(bool)})


def _clean(values: "pd.Series", na: frozenset[str]) -> "pd.Series":
    """Cells as stripped text, ``na`` texts as empty."""
    cleaned = values.astype(str).str.strip()
    return cleaned.mask(cleaned.isin(na), "") if na else cleaned


def _first(mask: "pd.Series") -> Any:
    """Index label of the first True in ``mask``."""
    return mask.index[mask.to_numpy()][0]


def _name_key(name: Any) -> str:
    return " ".join(str(name).casefold().split())


# -- converters: (raw text, empty mask, decimal) -> (values, bad mask) --------------------
def _to_text(raw, empty, decimal):
    return raw.mask(empty), empty & False


def _to_helix(raw, empty, decimal):
    keys = raw.str.lower().str.replace("-", " ", regex=False).str.split().str.join(" ")
    value = keys.map(schema.HELIX_ALIASES)
    return value, value.isna() & ~empty


def _to_bool(raw, empty, decimal):
    import pandas as pd

    lowered = raw.str.lower()
    value = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    value[lowered.isin(schema.TRUE_VALUES)] = True
    value[lowered.isin(schema.FALSE_VALUES)] = False
    return value, value.isna() & ~empty


def _to_number(raw, empty, decimal):
    import numpy as np
    import pandas as pd

    pattern = _DECIMAL_COMMA if decimal == "," else _DECIMAL_POINT
    wellformed = raw.str.fullmatch(pattern)
    if decimal == ",":
        text = raw.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = raw.str.replace(",", "", regex=False)
    value = pd.to_numeric(text.where(wellformed & ~empty), errors="coerce").astype("float64")
    bad = ~empty & (value.isna() | ~np.isfinite(value.fillna(0)) | (value < 0))
    return value, bad


def _to_year(raw, empty, decimal):
    import pandas as pd

    value = pd.to_numeric(raw.where(raw.str.fullmatch(r"\d{4}(\.0+)?") & ~empty), errors="coerce")
    bad = ~empty & (value.isna() | (value < schema.MIN_YEAR) | (value > schema.MAX_YEAR))
    return value.astype("Int64"), bad.fillna(True)


def _to_date_year(raw, empty, decimal):
    import pandas as pd

    found = raw.str.extract(_YEAR_IN_DATE, expand=False)
    value = pd.to_numeric(found, errors="coerce")
    bad = ~empty & (value.isna() | (value < schema.MIN_YEAR) | (value > schema.MAX_YEAR))
    return value.astype("Int64"), bad.fillna(True)


_CONVERTERS = {
    "str": _to_text,
    "helix": _to_helix,
    "bool": _to_bool,
    "float": _to_number,
    "year": _to_year,
    "date": _to_date_year,
}


def _expectation(kind: str, decimal: str) -> str:
    if kind == "float":
        mark = "decimal comma, e.g. 1.250.000,50" if decimal == "," else "decimal point, e.g. 1250000.50"
        return f"a number >= 0 with a {mark} (mapping: decimal = {decimal!r})"
    if kind == "date":
        return f"a date with a four-digit year between {schema.MIN_YEAR} and {schema.MAX_YEAR}"
    if kind == "helix":
        return "a helix: one of " + ", ".join(schema.HELICES) + " (or add [values.helix] to the mapping)"
    if kind == "bool":
        return "true or false (ja/nee, yes/no, 1/0; or add [values.sme] to the mapping)"
    if kind == "year":
        return f"a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}"
    return "a value"
