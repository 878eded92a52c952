"""Load and validate a helixnet data directory into a :class:`Dataset`.

Validation happens here, once, before any analysis: every cell is parsed against the
schema in :mod:`helixnet.schema`, and duplicate keys, dangling references and unknown helix
values are errors naming the file, line, column, value and expectation. No row is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet import schema
from helixnet.errors import DataDirectoryError, DataError, DataErrors
from helixnet.io.cells import THOUSANDS, parse_cell
from helixnet.io.curation import Decision, apply_curation
from helixnet.io.csvfile import read_csv
from helixnet.io.toml import find_key_line, read_toml

if TYPE_CHECKING:
    import pandas as pd

METADATA_FILE = "dataset.toml"
#: Fields one import filled in for organisations another source holds (``{}`` = source);
#: written by :mod:`helixnet.io.imports.refresh`, applied here before the curation.
FILLS_FILE = "nodes/fills_{}.csv"


@dataclass(frozen=True)
class Origin:
    """Where a row came from: file and line."""

    path: str
    line: int


@dataclass
class DatasetMeta:
    """Descriptive metadata of a dataset (from ``dataset.toml`` when present)."""

    title: str
    source: str
    synthetic: bool
    path: str
    files: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dataset:
    """A validated ecosystem: organisations, projects, participations and ties."""

    organisations: "pd.DataFrame"
    projects: "pd.DataFrame"
    participations: "pd.DataFrame"
    ties: "pd.DataFrame"
    meta: DatasetMeta
    curation: list[Decision] = field(default_factory=list)

    @property
    def clusters(self) -> "pd.DataFrame":
        """The cluster organisations (helix ``intermediair``, kind ``cluster``)."""
        orgs = self.organisations
        return orgs[(orgs["helix"] == "intermediair") & (orgs["kind"] == "cluster")]

    @property
    def years(self) -> tuple[int | None, int | None]:
        """First and last project start year (None, None for no projects)."""
        starts = self.projects["start_year"].dropna()
        if starts.empty:
            return None, None
        return int(starts.min()), int(starts.max())


@dataclass
class _Rows:
    """Parsed rows of one table kind, gathered over all its files."""

    spec: schema.TableSpec
    records: list[dict[str, Any]] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: bool = False


class ErrorCollector:
    """Gathers the data errors of one load, up to ``limit`` listed (all counted).

    With ``limit=1`` the first error is raised at once, unchanged (fail fast); otherwise
    :meth:`finish` raises one :class:`~helixnet.errors.DataErrors` listing them.
    """

    def __init__(self, limit: int = 1) -> None:
        if limit < 1:
            from helixnet.errors import OptionError

            raise OptionError(f"max_errors {limit!r}: expected a number >= 1")
        self.limit = limit
        self.errors: list[DataError] = []
        self.total = 0

    def add(self, error: DataError) -> None:
        """Record ``error`` (raise it when only one error is wanted)."""
        if self.limit == 1:
            raise error
        self.total += 1
        if len(self.errors) < self.limit:
            self.errors.append(error)

    def finish(self) -> None:
        """Raise what was gathered: the error itself when there is one, else all of them."""
        if self.total == 1:
            raise self.errors[0]
        if self.total:
            raise DataErrors(self.errors, self.total)


def load(path: str | Path = "data", *, encoding: str | None = None, max_errors: int = 1,
         thousands: str | None = None) -> Dataset:
    """Load the data directory at ``path`` and validate it.

    The hand decisions in ``curation.toml`` (:mod:`helixnet.io.curation`) are applied
    last, after every source file is read and before the tables are checked against each
    other; ``Dataset.curation`` lists what each entry did.

    Parameters
    ----------
    path : str or Path
        Directory holding ``nodes/`` and ``edges/`` (see :mod:`helixnet.schema`).
    encoding : str, optional
        Encoding of the CSV files (e.g. ``cp1252``); default UTF-8 with optional BOM.
    max_errors : int
        Stop at the first error (1, the default) or gather up to this many, counting the
        rest, and raise them together as :class:`~helixnet.errors.DataErrors`.
    thousands : {"point", "none"}, optional
        How ``;``-delimited files write numbers (:mod:`helixnet.io.cells`): ``point`` reads
        ``1.234`` as 1234, ``none`` as 1.234; default: the key ``thousands`` of
        ``dataset.toml``, else strict (an ambiguous ``1.234`` is an error).

    Returns
    -------
    Dataset

    Raises
    ------
    DataDirectoryError
        The directory does not exist or lacks a required table.
    DataError
        A file is malformed or the tables are inconsistent (``DataErrors`` when
        ``max_errors > 1`` and several were found).
    """
    root = Path(path)
    errors = ErrorCollector(max_errors)
    if not root.exists():
        raise DataDirectoryError("data directory does not exist; expected a directory with nodes/ and edges/", path=str(root))
    if not root.is_dir():
        raise DataDirectoryError("is not a directory; expected a directory with nodes/ and edges/", path=str(root))
    dataset_toml = _read_dataset_toml(root)
    thousands = thousands if thousands is not None else _read_thousands(root, dataset_toml)
    tables = {spec.name: _read_table(root, spec, errors, encoding, thousands) for spec in schema.TABLES}
    if errors.total and any(t.unreadable for t in tables.values()):
        errors.finish()  # a file that could not be read makes every later check noise
    missing = [name for name in schema.REQUIRED_TABLES if not tables[name].files]
    if missing:
        patterns = ", ".join(schema_for(name).pattern for name in missing)
        raise DataDirectoryError(f"no {', '.join(missing)} file found; expected {patterns}", path=str(root))
    if not tables["organisations"].records:
        organisations = tables["organisations"]
        raise DataDirectoryError(
            "holds no organisations (header only); expected at least one row in "
            + " or ".join(Path(f).name for f in organisations.files), path=organisations.files[0])
    _apply_fills(root, tables["organisations"], errors, encoding)
    try:
        decisions = apply_curation(root, tables["organisations"].records)
    except DataError as exc:
        errors.add(exc)
        decisions = []
    _check_consistency(tables, errors)
    errors.finish()
    meta = _read_meta(root, [f for t in tables.values() for f in t.files], dataset_toml)
    return Dataset(
        organisations=_frame(tables["organisations"], index="id"),
        projects=_frame(tables["projects"], index="id"),
        participations=_frame(tables["participations"]),
        ties=_frame(tables["ties"]),
        meta=meta,
        curation=decisions,
    )


def schema_for(name: str) -> schema.TableSpec:
    """The table spec called ``name``."""
    return next(spec for spec in schema.TABLES if spec.name == name)


def _read_dataset_toml(root: Path) -> tuple[str, dict[str, Any]]:
    """The text and values of ``dataset.toml`` in ``root`` (empty without the file)."""
    meta_path = root / METADATA_FILE
    if not meta_path.exists():
        return "", {}
    return read_toml(meta_path, "TOML dataset metadata (title, source, synthetic)")


def _read_thousands(root: Path, dataset_toml: tuple[str, dict[str, Any]]) -> str | None:
    """The ``thousands`` key of ``dataset.toml`` (None when absent); anything but
    :data:`~helixnet.io.cells.THOUSANDS` is an error naming the line."""
    meta_path = root / METADATA_FILE
    text, values = dataset_toml
    value = values.get("thousands")
    if value is not None and value not in THOUSANDS:
        raise DataError(f"expected one of {', '.join(repr(v) for v in THOUSANDS)} (how ';'-delimited files write "
                        "numbers)", path=str(meta_path), line=find_key_line(text, ("thousands",)),
                        column="thousands", value=value)
    return value


def _read_table(root: Path, spec: schema.TableSpec, errors: ErrorCollector, encoding: str | None,
                thousands: str | None = None) -> _Rows:
    gathered = _Rows(spec=spec, columns=[c.name for c in spec.columns + spec.optional_columns])
    for file in sorted(root.glob(spec.pattern)):
        if not file.is_file():
            if file.is_symlink():  # a dangling or looping link would otherwise vanish without a word
                raise DataError("is a symbolic link that is broken or loops; expected a readable CSV file "
                                "(fix or remove the link)", path=str(file))
            continue
        name = str(file)
        try:
            table = read_csv(file, encoding=encoding)
        except DataError as exc:
            errors.add(exc)
            gathered.unreadable = True
            continue
        missing = [c for c in spec.columns if c.required and c.name not in table.header]
        if missing:
            errors.add(DataError(
                f"required column is missing from the header; expected columns "
                f"{', '.join(c.name for c in spec.columns)}",
                path=name, line=table.header_line, column=missing[0].name,
            ))
            gathered.unreadable = True
            continue
        for column_name in table.header:
            if column_name not in gathered.columns:
                gathered.columns.append(column_name)
        for line, fields in table.rows:
            record: dict[str, Any] = {}
            for column_name, raw in zip(table.header, fields):
                column = spec.column(column_name) or schema.Column(column_name, nonempty=False)
                try:
                    record[column_name] = parse_cell(raw, column, path=name, line=line, delimiter=table.delimiter,
                                                     thousands=thousands)
                except DataError as exc:
                    errors.add(exc)
                    record[column_name] = None
            gathered.records.append(record)
            gathered.origins.append(Origin(name, line))
        gathered.files.append(name)
    return gathered


def _apply_fills(root: Path, orgs: _Rows, errors: ErrorCollector, encoding: str | None) -> None:
    """Fill empty or placeholder fields (the ``defaulted`` column) from ``nodes/fills_*.csv``.

    A filled field is recorded in the column ``filled_from`` (``field: source`` pairs) and
    leaves ``defaulted``; the first file (in name order) that fills a field wins.
    """
    files = sorted(p for p in root.glob(FILLS_FILE.format("*")) if p.is_file())
    if not files:
        return
    by_id = {record["id"]: record for record in orgs.records if record.get("id") is not None}
    for file in files:
        name = str(file)
        try:
            table = read_csv(file, encoding=encoding)
        except DataError as exc:
            errors.add(exc)
            continue
        missing = [c for c in ("id", "field", "value") if c not in table.header]
        if missing:
            errors.add(DataError("required column is missing from the header; expected id, field, value",
                                 path=name, line=table.header_line, column=missing[0]))
            continue
        position = {column: table.header.index(column) for column in table.header}
        for line, fields in table.rows:
            org_id, field_name, raw = (fields[position[c]].strip() for c in ("id", "field", "value"))
            record = by_id.get(org_id)
            if record is None:
                errors.add(DataError("is not a known organisation id (its source no longer holds it: re-import "
                                     "this source)", path=name, line=line, column="id", value=org_id))
                continue
            column = schema.ORGANISATIONS.column(field_name) or schema.Column(field_name, nonempty=False)
            try:
                value = parse_cell(raw, column, path=name, line=line)
            except DataError as exc:
                errors.add(exc)
                continue
            placeholders = (record.get("defaulted") or "").split()
            if record.get(field_name) not in (None, "") and field_name not in placeholders:
                continue
            record[field_name] = value
            record["defaulted"] = " ".join(p for p in placeholders if p != field_name) or None
            source = fields[position["source"]] if "source" in position else file.name
            record["filled_from"] = "; ".join(filter(None, [record.get("filled_from"), f"{field_name}: {source}"]))
            for added in (field_name, "defaulted", "filled_from"):
                if added not in orgs.columns:
                    orgs.columns.append(added)


def _check_consistency(tables: dict[str, _Rows], errors: ErrorCollector) -> None:
    orgs, projects = tables["organisations"], tables["projects"]
    org_rows = _unique_keys(orgs, errors)
    project_rows = _unique_keys(projects, errors)
    _unique_keys(tables["participations"], errors)
    _unique_keys(tables["ties"], errors)
    org_helix = {key[0]: orgs.records[i]["helix"] for key, i in org_rows.items()}
    project_ids = {key[0] for key in project_rows}
    for record, origin in zip(projects.records, projects.origins):
        cluster = record.get("cluster_id")
        if cluster is not None and _known(cluster, org_helix, origin, "cluster_id", "organisation", errors):
            if org_helix[cluster] != "intermediair":
                errors.add(DataError(
                    f"is an organisation of helix '{org_helix[cluster]}'; expected a cluster "
                    "organisation (helix intermediair)",
                    path=origin.path, line=origin.line, column="cluster_id", value=cluster,
                ))
        _check_span(record, origin, errors)
    for record, origin in zip(tables["participations"].records, tables["participations"].origins):
        _known(record["project_id"], project_ids, origin, "project_id", "project", errors)
        _known(record["org_id"], org_helix, origin, "org_id", "organisation", errors)
    for record, origin in zip(tables["ties"].records, tables["ties"].origins):
        known = [_known(record[c], org_helix, origin, c, "organisation", errors) for c in ("source", "target")]
        if all(known) and record["source"] == record["target"]:
            errors.add(DataError("is both source and target; expected a tie between two different organisations",
                                 path=origin.path, line=origin.line, column="target", value=record["target"]))
        _check_span(record, origin, errors)


def _check_span(record: dict[str, Any], origin: Origin, errors: ErrorCollector) -> None:
    start, end = record.get("start_year"), record.get("end_year")
    if start is not None and end is not None and end < start:
        errors.add(DataError(f"is before start_year {start}; expected end_year >= start_year",
                             path=origin.path, line=origin.line, column="end_year", value=end))


def _unique_keys(rows: _Rows, errors: ErrorCollector) -> dict[tuple, int]:
    """Map each key to its row number; a repeated key is a DataError naming both lines."""
    seen: dict[tuple, int] = {}
    for position, record in enumerate(rows.records):
        key = tuple(record[c] for c in rows.spec.key)
        if key in seen:
            first = rows.origins[seen[key]]
            origin = rows.origins[position]
            what = ", ".join(rows.spec.key)
            errors.add(DataError(
                f"duplicate {rows.spec.name} key ({what}) = {', '.join(map(str, key))}; "
                f"first defined at {first.path}:{first.line}; expected each key once",
                path=origin.path, line=origin.line, column=rows.spec.key[-1], value=key[-1],
            ))
            continue
        seen[key] = position
    return seen


def _known(value: str, known, origin: Origin, column: str, what: str, errors: ErrorCollector) -> bool:
    """Whether ``value`` is a known id; an unknown one is reported (an empty cell was reported already)."""
    if value in known:
        return True
    if value is not None:
        errors.add(DataError(f"is not a known {what} id", path=origin.path, line=origin.line, column=column,
                             value=value))
    return False


def _frame(rows: _Rows, index: str | None = None) -> "pd.DataFrame":
    import pandas as pd

    frame = pd.DataFrame.from_records(rows.records, columns=rows.columns)
    for column_name in rows.columns:
        column = rows.spec.column(column_name)
        kind = column.type if column else "str"
        if kind == "year":
            frame[column_name] = frame[column_name].astype("Int64")
        elif kind in ("float", "positive"):
            frame[column_name] = frame[column_name].astype("float64")
        elif kind != "bool":
            frame[column_name] = frame[column_name].astype("object")
    if rows.spec.name == "organisations":
        frame["sme"] = _sme_flags(frame)
    if rows.spec.name == "ties":
        frame["weight"] = frame["weight"].fillna(1.0)
    if index is not None:
        frame = frame.set_index(index, drop=True)
        frame.index.name = index
    return frame


def _sme_flags(orgs: "pd.DataFrame") -> "pd.Series":
    """The explicit ``sme`` flag where given, else ``kind`` is an SME kind (kmo)."""
    by_kind = orgs["kind"].str.lower().isin(schema.SME_KINDS)
    explicit = orgs["sme"]
    return explicit.where(explicit.notna(), by_kind).astype(bool)


def _read_meta(root: Path, files: list[str], dataset_toml: tuple[str, dict[str, Any]]) -> DatasetMeta:
    meta_path = root / METADATA_FILE
    text, values = dataset_toml
    if values:
        synthetic = values.get("synthetic", False)
        if not isinstance(synthetic, bool):
            raise DataError("expected true or false", path=str(meta_path), line=find_key_line(text, ("synthetic",)),
                            column="synthetic", value=synthetic)
    return DatasetMeta(
        title=str(values.get("title", root.resolve().name)),
        source=str(values.get("source", str(root))),
        synthetic=bool(values.get("synthetic", False)),
        path=str(root),
        files=files,
        extra={k: v for k, v in values.items() if k not in ("title", "source", "synthetic", "thousands")},
    )
