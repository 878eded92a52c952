"""Apply an :class:`~helixnet.io.imports.batch.ImportBatch` to a data directory.

Refresh semantics
-----------------
Each source owns three files in the data directory (the loader combines files of one kind):
``nodes/organisations_<source>.csv``, ``nodes/projects_<source>.csv`` and
``edges/participations_<source>.csv``. Every row carries provenance: ``source``,
``source_file`` (the input file names) and ``imported_at`` (ISO time of the import that
last *added or changed* the row). Applying a batch:

1. resolves entities against the organisations of *other* sources
   (:mod:`helixnet.io.imports.resolve`): an organisation with the same VAT/KBO number or
   PIC is not written again, its participations point to the existing id; a merge the
   user confirmed in ``merges.toml`` is applied the same way; name-only matches are listed
   in ``possible_duplicates.csv`` and never merged;
2. compares the batch with the source's current rows, per table, by key (``id``, or
   ``(project_id, org_id)``): added, removed and changed (any data column differs;
   provenance is ignored), so unchanged rows keep their old ``imported_at`` and importing
   the same export twice changes no byte;
3. builds the complete new directory in a temporary sibling, validates it with
   :func:`helixnet.load`, and swaps it in with one atomic exchange (Linux
   ``renameat2(RENAME_EXCHANGE)``; two renames elsewhere); on any error the data
   directory is left as it was and no temporary directory remains. A temporary directory
   left by a killed import (``.<name>.import-<pid>-*``) is removed by the next import, and
   a data directory caught between the two renames is restored from its backup
   (:func:`helixnet.io.atomic.replace_directory`). When nothing changed
   the directory is not touched at all; ``dry_run=True`` only computes the diff.

Each applied import appends a line to ``import.log`` (time, source, files, summary) as
part of the same swap.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from helixnet.io.toml import find_key_line, read_toml
from helixnet.errors import DataDirectoryError, DataError, OptionError, OutputError
from helixnet.io.atomic import recover_directory, replace_directory, temp_prefix
from helixnet.io.csvfile import read_csv
from helixnet.io.tables import neutralise_formula
from helixnet.io.imports.batch import ORGANISATION_COLUMNS, PARTICIPATION_COLUMNS, PROJECT_COLUMNS
from helixnet.io.loader import FILLS_FILE, METADATA_FILE

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.imports.batch import ImportBatch

#: Provenance columns added to every imported row.
PROVENANCE: tuple[str, ...] = ("source", "source_file", "imported_at")

#: Per table: file of a source (``{}`` = source name), key columns, data columns in order.
TABLE_FILES: dict[str, str] = {
    "organisations": "nodes/organisations_{}.csv",
    "projects": "nodes/projects_{}.csv",
    "participations": "edges/participations_{}.csv",
}
#: Tables a source writes only when it has rows for them.
OPTIONAL_TABLE_FILES: dict[str, str] = {"fills": FILLS_FILE}
_ALL_TABLE_FILES: dict[str, str] = {**TABLE_FILES, **OPTIONAL_TABLE_FILES}
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "organisations": ("id",),
    "projects": ("id",),
    "participations": ("project_id", "org_id"),
    "fills": ("id", "field"),
}
_LEADING_COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", *ORGANISATION_COLUMNS),
    "projects": ("id", *PROJECT_COLUMNS),
    "participations": PARTICIPATION_COLUMNS,
    "fills": ("id", "field", "value"),
}

#: Fields a source may fill in for an organisation another source holds, where that
#: source has no value or only a placeholder (listed in its ``defaulted`` column).
FILL_FIELDS: tuple[str, ...] = ("name", "short_name", "sme", "vat", "city")

MERGES_FILE = "merges.toml"
#: sha256 of every source file as the last import wrote it (to notice hand edits).
STATE_FILE = "import-state.json"
#: Per source: how its codes became helices, with counts (:func:`~helixnet.io.imports.assumptions.helix_assumptions`).
ASSUMPTIONS_FILE = "assumptions_{}.csv"
DUPLICATES_FILE = "possible_duplicates.csv"
LOG_FILE = "import.log"
DUPLICATE_COLUMNS: tuple[str, ...] = ("source", "id", "name", "other_source", "other_id", "other_name", "match")

_SOURCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class TableDiff:
    """Keys added, removed and changed in one table (sorted; tuples for participations)."""

    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing was added, removed or changed."""
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        """``+added -removed ~changed``."""
        return f"+{len(self.added)} -{len(self.removed)} ~{len(self.changed)}"


@dataclass
class ImportResult:
    """What :func:`apply_batch` did (or, for a dry run, would do).

    Attributes
    ----------
    source : str
        The batch's source name.
    files : list of str
        The input file names recorded as ``source_file``.
    data_dir : str
        The data directory.
    imported_at : str
        The timestamp given to added and changed rows.
    diff : dict of str to TableDiff
        Per table (``organisations``, ``projects``, ``participations``).
    merged_by_key : pandas.DataFrame
        Batch organisations not written because another source has the same VAT/KBO or
        PIC: columns ``id``, ``into``, ``into_source``, ``match`` (``vat`` or ``pic``).
    merged_by_user : pandas.DataFrame
        Batch organisations merged as confirmed in ``merges.toml`` (same columns,
        ``match`` = ``merges.toml``).
    possible_duplicates : pandas.DataFrame
        Name-only matches with other sources' organisations, not merged: columns
        :data:`DUPLICATE_COLUMNS`.
    changed : bool
        Whether the data directory differs (or, in a dry run, would differ) afterwards.
    dry_run : bool
        True when nothing was written on purpose.
    skipped : dict of str to int
        The batch's skipped rows.
    notes : list of str
        The batch's notes plus what applying it combined.
    assumptions : list of str
        How the export's codes became helices, with counts, and the organisations to
        review (:mod:`helixnet.io.imports.assumptions`); also written to ``import.log``.
    warnings : list of str
        Source files edited by hand since the last import, which this import replaces.
    """

    source: str
    files: list[str]
    data_dir: str
    imported_at: str
    diff: dict[str, TableDiff]
    merged_by_key: "pd.DataFrame"
    merged_by_user: "pd.DataFrame"
    possible_duplicates: "pd.DataFrame"
    changed: bool
    dry_run: bool
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``organisations +12 -3 ~5, projects +0 -0 ~0, participations ...``.

        Merges and possible duplicates follow after ``;`` when there are any.
        """
        text = ", ".join(f"{name} {diff.summary()}" for name, diff in self.diff.items()
                         if name != "fills" or not diff.empty)
        extra = []
        if len(self.merged_by_key):
            extra.append(f"{len(self.merged_by_key)} merged by key")
        if len(self.merged_by_user):
            extra.append(f"{len(self.merged_by_user)} merged per {MERGES_FILE}")
        if len(self.possible_duplicates):
            extra.append(f"{len(self.possible_duplicates)} possible duplicates")
        return text + ("; " + ", ".join(extra) if extra else "")

    def details(self, limit: int = 10) -> str:
        """Several lines: the summary, then up to ``limit`` keys per change, skips and notes."""
        lines = [self.summary()]
        for name, diff in self.diff.items():
            for label, keys in (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed)):
                if keys:
                    shown = ", ".join("/".join(k) if isinstance(k, tuple) else str(k) for k in keys[:limit])
                    more = f" (+{len(keys) - limit} more)" if len(keys) > limit else ""
                    lines.append(f"  {name} {label}: {shown}{more}")
        for frame, label in ((self.merged_by_key, "merged by key"), (self.merged_by_user, f"merged per {MERGES_FILE}")):
            for row in frame.head(limit).itertuples(index=False):
                lines.append(f"  {label}: {row.id} -> {row.into} ({row.into_source}, {row.match})")
        if len(self.possible_duplicates):
            lines.append(f"  possible duplicates: {len(self.possible_duplicates)} (see {DUPLICATES_FILE})")
        lines += [f"  skipped {count}: {reason}" for reason, count in self.skipped.items()]
        lines += [f"  note: {note}" for note in self.notes]
        lines += [f"  assumption: {text}" for text in self.assumptions]
        lines += [f"  warning: {text}" for text in self.warnings]
        return "\n".join(lines)


def apply_batch(
    data_dir: str | Path,
    batch: "ImportBatch",
    *,
    dry_run: bool = False,
    imported_at: "str | datetime | None" = None,
) -> ImportResult:
    """Replace ``batch.source``'s rows in ``data_dir`` by ``batch``, atomically, with a diff.

    Parameters
    ----------
    data_dir : str or Path
        The data directory; created when it does not exist yet (first import).
    batch : ImportBatch
        One source's organisations, projects and participations.
    dry_run : bool
        Compute and return the diff, write nothing.
    imported_at : str or datetime, optional
        Timestamp for added and changed rows (default: now, UTC, ISO 8601).

    Returns
    -------
    ImportResult

    Raises
    ------
    OptionError
        The source name cannot name a file.
    DataError
        The batch has duplicate keys, a source file or ``merges.toml`` is malformed, or
        the resulting directory does not validate (the directory is left unchanged).
    OutputError
        The directory could not be written (left unchanged).

    Examples
    --------
    >>> result = apply_batch("data", batch, dry_run=True)  # doctest: +SKIP
    >>> print(result.summary())  # doctest: +SKIP
    organisations +12 -3 ~5, projects +4 -0 ~1, participations +30 -2 ~0
    """
    root = Path(data_dir)
    _check_source(batch.source)
    _check_batch(batch)
    if root.exists() and not root.is_dir():
        raise DataDirectoryError("is not a directory; expected a data directory", path=str(root))
    if not dry_run:
        try:
            recover_interrupted_import(root)
        except OSError as exc:
            raise OutputError(f"{root}: cannot clean up after an interrupted import ({exc}); "
                              "expected a writable location") from None
    stamp = _timestamp(imported_at)
    files = [Path(f).name for f in batch.files]
    merges, distinct = read_merges(root / MERGES_FILE)
    others = other_organisations(root, batch.source)
    plan = _resolve(batch, others, merges, distinct)
    new_tables = {name: _render_table(name, frame) for name, frame in plan.tables.items()}
    old_tables = {name: _read_own_table(root, name, batch.source) for name in _ALL_TABLE_FILES}
    diffs = {name: _diff(old_tables[name], new_tables[name], TABLE_KEYS[name]) for name in _ALL_TABLE_FILES}
    writes: dict[str, bytes] = {}
    for name in _ALL_TABLE_FILES:
        relative = _ALL_TABLE_FILES[name].format(batch.source)
        if not diffs[name].empty or (not (root / relative).exists() and (name in TABLE_FILES or len(new_tables[name]))):
            final = _with_provenance(new_tables[name], old_tables[name], diffs[name], batch.source, files, stamp)
            writes[relative] = _csv_bytes(final)
    duplicates_bytes = _duplicates_file(root, batch.source, plan.possible_duplicates)
    if duplicates_bytes is not None:
        writes[DUPLICATES_FILE] = duplicates_bytes
    warnings = _hand_edits(root, writes)
    if writes:
        writes[STATE_FILE] = _state_bytes(root, writes)
    metadata = _metadata_bytes(root, batch, files)
    if metadata is not None:
        writes[METADATA_FILE] = metadata
    changed = any(not d.empty for d in diffs.values()) or duplicates_bytes is not None or not root.exists() \
        or metadata is not None
    assumptions, assumption_table = _assumptions(batch)
    if not assumption_table.empty:
        table_bytes = _csv_bytes(assumption_table)
        relative = ASSUMPTIONS_FILE.format(batch.source)
        if not (root / relative).is_file() or (root / relative).read_bytes() != table_bytes:
            writes[relative] = table_bytes
    result = ImportResult(
        source=batch.source, files=files, data_dir=str(root), imported_at=stamp, diff=diffs,
        merged_by_key=plan.merged_by_key, merged_by_user=plan.merged_by_user,
        possible_duplicates=plan.possible_duplicates, changed=changed, dry_run=dry_run,
        skipped=dict(batch.skipped), notes=[*batch.notes, *([] if batch.fill_only else batch.gaps), *plan.notes], assumptions=assumptions, warnings=warnings,
    )
    if changed and not dry_run:
        log_line = f"{stamp}\t{batch.source}\t{'; '.join(files)}\t{result.summary()}\n"
        _swap_in(root, writes, log_line)
    return result


# --------------------------------------------------------------------------- checks


def _assumptions(batch: "ImportBatch") -> "tuple[list[str], pd.DataFrame]":
    """The helix translations of the batch with counts, and the associations to review."""
    import pandas as pd

    from helixnet.io.imports.assumptions import association_candidates, describe_assumptions, helix_assumptions

    orgs = batch.organisations
    if orgs.empty or "helix" not in orgs.columns:
        return [], pd.DataFrame()
    table = helix_assumptions(orgs)
    lines = describe_assumptions(table)
    candidates = association_candidates(orgs)
    if len(candidates):
        shown = ", ".join(f"{i} {orgs.at[i, 'name']!r}" for i in candidates[:5])
        more = f" (+{len(candidates) - 5:,} more)" if len(candidates) > 5 else ""
        lines.append(f"associations to review: {shown}{more}")
    return lines, table


def _hand_edits(root: Path, writes: dict[str, bytes]) -> list[str]:
    """Files this import replaces that differ from what the last import wrote."""
    import hashlib

    state = _read_state(root)
    warnings = []
    for relative in sorted(writes):
        path = root / relative
        if relative in state and path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != state[relative]:
            warnings.append(f"{path} was edited by hand since the last import; this import replaces those edits "
                            f"(keep hand decisions in curation.toml or {MERGES_FILE}, which imports never touch)")
    return warnings


def _read_state(root: Path) -> dict[str, str]:
    import json

    path = root / STATE_FILE
    if not path.is_file():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}  # only used to warn: a broken state means no warning, never a failed import
    return state if isinstance(state, dict) else {}


def _state_bytes(root: Path, writes: dict[str, bytes]) -> bytes:
    import hashlib
    import json

    state = _read_state(root)
    state.update({relative: hashlib.sha256(data).hexdigest() for relative, data in writes.items()
                  if relative != DUPLICATES_FILE})
    return (json.dumps(dict(sorted(state.items())), indent=1) + "\n").encode("utf-8")


def _metadata_bytes(root: Path, batch: "ImportBatch", files: list[str]) -> bytes | None:
    """``dataset.toml`` with ``title`` and ``source`` from this import where the user set none."""
    import json

    path = root / METADATA_FILE
    values: dict = {}
    text = ""
    if path.is_file():
        text, values = read_toml(path, "TOML dataset metadata (title, source, synthetic)")
    wanted = {"title": batch.title or batch.source, "source": f"{batch.source}: {'; '.join(files)}"}
    added = "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in wanted.items()
                    if key not in values)
    if not added:
        return None
    header = "# title and source set by the first import; edit them freely, imports keep what is here\n"
    return (header + added + text).encode("utf-8")


def _check_source(source: str) -> None:
    if not isinstance(source, str) or not _SOURCE_NAME.fullmatch(source):
        raise OptionError(
            f"source name {source!r} cannot name a file; expected letters, digits, '.', '_' or '-' "
            "(e.g. cordis-h2020)"
        )


def _check_batch(batch: "ImportBatch") -> None:
    """Duplicate keys and reserved column names in the batch itself."""
    label = f"import batch of source '{batch.source}'"
    for name, frame, key in (
        ("organisations", batch.organisations, None),
        ("projects", batch.projects, None),
        ("participations", batch.participations, list(PARTICIPATION_COLUMNS[:2])),
    ):
        keys = frame.index.to_series() if key is None else frame[key].apply(tuple, axis=1)
        dup = keys[keys.duplicated()]
        if len(dup):
            value = dup.iloc[0]
            raise DataError(
                f"duplicate {name} key in the {label}; expected each key once",
                column="id" if key is None else "project_id, org_id",
                value=value if key is None else ", ".join(value),
            )
        reserved = [c for c in frame.columns if c in PROVENANCE]
        if reserved:
            raise DataError(f"is a provenance column set by the import; the {label} ({name}) may not hold it",
                            column=reserved[0])


def _timestamp(value: "str | datetime | None") -> str:
    if value is None:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


# --------------------------------------------------------------------------- merges.toml


def read_merges(path: str | Path) -> tuple[dict[str, str], set[frozenset[str]]]:
    """Read the user's confirmed merges (and confirmed non-duplicates) from ``merges.toml``.

    The file holds ``[[merge]]`` tables with ``id`` (the organisation to drop) and
    ``into`` (the one to keep), and optionally ``[[distinct]]`` tables with ``id`` and
    ``other`` for name matches the user checked and found to be different organisations
    (they are no longer listed as possible duplicates).

    Returns
    -------
    merges : dict
        ``id -> into`` with chains followed to their end (``a -> b -> c`` gives
        ``a -> c``).
    distinct : set of frozenset
        Pairs of ids confirmed to be different.

    Raises
    ------
    DataError
        The file is not TOML, an entry lacks a field, merges an id into itself, merges
        one id into two different organisations, or the merges form a cycle.
    """
    file = Path(path)
    if not file.exists():
        return {}, set()
    name = str(file)
    text, values = read_toml(file, 'TOML with [[merge]] id = "x" into = "y"')
    merges: dict[str, str] = {}
    for position, entry in enumerate(_entries(values, "merge", name, text), start=1):
        source = _field(entry, "id", "merge", position, name, text)
        target = _field(entry, "into", "merge", position, name, text)
        line = find_key_line(text, ("merge", position - 1, "into"))
        if source == target:
            raise DataError(f"merge entry {position} merges an organisation into itself; expected two different ids",
                            path=name, line=line, column="into", value=target)
        if merges.get(source, target) != target:
            raise DataError(f"merge entry {position}: '{source}' is already merged into '{merges[source]}'; "
                            "expected one target per id", path=name, line=line, column="into", value=target)
        merges[source] = target
    distinct = {
        frozenset((_field(e, "id", "distinct", i, name, text), _field(e, "other", "distinct", i, name, text)))
        for i, e in enumerate(_entries(values, "distinct", name, text), start=1)
    }
    return _follow_chains(merges, name), distinct


def _entries(values: dict, key: str, name: str, text: str) -> list[dict]:
    entries = values.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DataError(f"expected a list of tables [[{key}]]", path=name, line=find_key_line(text, (key,)),
                        column=key)
    return entries


def _field(entry: dict, key: str, table: str, position: int, name: str, text: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{table} entry {position} has no text '{key}'; expected {key} = \"<organisation id>\"",
                        path=name, line=find_key_line(text, (table, position - 1, key)), column=key, value=value)
    return value.strip()


def _follow_chains(merges: dict[str, str], name: str) -> dict[str, str]:
    resolved = {}
    for start in merges:
        seen = [start]
        target = merges[start]
        while target in merges:
            if target in seen:
                raise DataError(f"merges form a cycle ({' -> '.join([*seen, target])}); expected each chain to end",
                                path=name, column="into", value=target)
            seen.append(target)
            target = merges[target]
        resolved[start] = target
    return resolved


# --------------------------------------------------------------------------- reading


def _read_frame(path: Path) -> "tuple[pd.DataFrame, list[int], int]":
    """All cells of a CSV file as text, with each row's line number and the header line."""
    import pandas as pd

    table = read_csv(path)
    frame = pd.DataFrame([fields for _, fields in table.rows], columns=table.header, dtype=object)
    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in table.header})
    return frame, [line for line, _ in table.rows], table.header_line


def other_organisations(root: Path, source: str) -> "pd.DataFrame":
    """Organisations of every file except ``source``'s own, indexed by id.

    Columns ``name``, ``vat``, ``pic``, ``country`` (None where absent) and ``source``
    (the provenance column, else the file name).
    """
    import pandas as pd

    own = Path(TABLE_FILES["organisations"].format(source)).name
    parts = []
    for file in sorted((root / "nodes").glob("organisations*.csv")) if root.is_dir() else []:
        if file.name == own or not file.is_file():
            continue
        frame, _, header_line = _read_frame(file)
        if "id" not in frame.columns:
            raise DataError("required column is missing from the header", path=str(file), line=header_line, column="id")
        columns = dict.fromkeys(("id", "name", "vat", "pic", "country", *FILL_FIELDS, "defaulted"))
        part = pd.DataFrame({c: frame[c] if c in frame.columns else None for c in columns})
        label = frame["source"].where(frame["source"] != "", file.name) if "source" in frame.columns else file.name
        parts.append(part.assign(source=label))
    if not parts:
        return pd.DataFrame(columns=["name", "vat", "pic", "country", "source"], index=pd.Index([], name="id"), dtype=object)
    combined = pd.concat(parts, ignore_index=True).replace("", None)
    return combined.drop_duplicates("id").set_index("id")


def _read_own_table(root: Path, name: str, source: str) -> "pd.DataFrame":
    """The source's current rows of one table, all text, indexed by key (empty if no file)."""
    import pandas as pd

    path = root / _ALL_TABLE_FILES[name].format(source)
    key = list(TABLE_KEYS[name])
    if not path.is_file():
        return _indexed(pd.DataFrame({c: pd.Series(dtype=object) for c in key}), key)
    frame, lines, header_line = _read_frame(path)
    for column in key:
        if column not in frame.columns:
            raise DataError("required column is missing from the header", path=str(path), line=header_line,
                            column=column)
    duplicated = frame.duplicated(key)
    if duplicated.any():
        position = int(duplicated.to_numpy().argmax())
        raise DataError(f"duplicate key ({', '.join(key)}); expected each key once", path=str(path),
                        line=lines[position], column=key[-1], value=frame[key[-1]].iloc[position])
    return _indexed(frame, key)


def _indexed(frame: "pd.DataFrame", key: list[str]) -> "pd.DataFrame":
    import pandas as pd

    if len(key) == 1:
        frame.index = pd.Index(frame[key[0]].astype(object), name=key[0])
    else:
        frame.index = pd.MultiIndex.from_frame(frame[key].astype(object))
    return frame


# --------------------------------------------------------------------------- resolving


@dataclass
class _Plan:
    tables: dict[str, "pd.DataFrame"]
    merged_by_key: "pd.DataFrame"
    merged_by_user: "pd.DataFrame"
    possible_duplicates: "pd.DataFrame"
    notes: list[str]


def _resolve(batch: "ImportBatch", others: "pd.DataFrame", merges: dict[str, str],
             distinct: set[frozenset[str]]) -> _Plan:
    """Merge batch organisations into other sources' by key or per merges.toml; list name matches."""
    import pandas as pd

    from helixnet.io.imports.resolve import match_organisations

    orgs = batch.organisations.copy()
    orgs.index = orgs.index.astype(str)
    if batch.fill_only:
        return _fill_only_plan(batch, orgs, others, merges)
    by_user = {i: merges[i] for i in orgs.index if i in merges}
    # the same id in another source (both use PICs, say) is the same organisation: this
    # source's participations join it and fill in what it lacks; it is not merged into itself
    shared = [i for i in orgs.index if i in others.index and i not in by_user]
    matches = match_organisations(orgs[~orgs.index.isin([*by_user, *shared])], others)
    by_key = dict(zip(matches.by_key["id"], matches.by_key["other_id"]))
    redirect = _follow_chains({**by_key, **by_user}, MERGES_FILE)
    known = set(others.index) | set(orgs.index)
    for source_id, target in redirect.items():
        if target not in known:
            raise DataError(f"is not a known organisation id (merge of '{source_id}'); expected an organisation of "
                            "this import or of another source", path=MERGES_FILE, column="into", value=target)
    source_of = {**{i: batch.source for i in orgs.index}, **others["source"].to_dict()}

    def merged_frame(ids: dict[str, str], how: "dict[str, str] | str") -> "pd.DataFrame":
        rows = [(i, redirect[i], source_of.get(redirect[i]), how if isinstance(how, str) else how[i]) for i in sorted(ids)]
        return pd.DataFrame(rows, columns=["id", "into", "into_source", "match"], dtype=object)

    key_how = dict(zip(matches.by_key["id"], matches.by_key["match"]))
    kept_orgs = orgs[~orgs.index.isin([*redirect, *shared])]
    fills = fill_ins(orgs, others, {**{i: i for i in shared}, **redirect})
    projects = batch.projects.copy()
    projects.index = projects.index.astype(str)
    if "cluster_id" in projects.columns:
        projects["cluster_id"] = _repoint(projects["cluster_id"], redirect)
    participations, notes = _repoint_participations(batch.participations, redirect)
    if shared:
        owners = others.loc[shared, "source"].value_counts()
        notes.append(f"{len(shared):,} organisations are already held by another source with the same id "
                     f"({', '.join(f'{s} {n:,}' for s, n in owners.items())}): this source's participations "
                     f"join them; {len(fills):,} fields filled in ({FILLS_FILE.format(batch.source)})")
    duplicates = _possible_duplicates(matches.by_name, redirect, distinct, batch.source, others)
    return _Plan(
        tables={"organisations": kept_orgs, "projects": projects, "participations": participations, "fills": fills},
        merged_by_key=merged_frame(by_key, key_how),
        merged_by_user=merged_frame(by_user, MERGES_FILE),
        possible_duplicates=duplicates,
        notes=notes,
    )


def _fill_only_plan(batch: "ImportBatch", orgs: "pd.DataFrame", others: "pd.DataFrame",
                    merges: dict[str, str]) -> _Plan:
    """Only the fill-ins for organisations other sources hold (same id, key match or merge)."""
    import pandas as pd

    from helixnet.io.imports.resolve import match_organisations

    target_of = {i: merges.get(i, i) for i in orgs.index if merges.get(i, i) in others.index}
    matches = match_organisations(orgs[~orgs.index.isin(list(target_of))], others)
    target_of.update(zip(matches.by_key["id"], matches.by_key["other_id"]))
    fills = fill_ins(orgs, others, target_of)
    empty = batch.organisations.iloc[:0]
    notes = [f"fill-only: {len(target_of):,} of {len(orgs):,} organisations are held by other sources; "
             f"{len(fills):,} fields filled in; the other {len(orgs) - len(target_of):,} organisations, "
             f"{len(batch.projects):,} projects and {len(batch.participations):,} participations were not imported"]
    nothing = pd.DataFrame(columns=["id", "into", "into_source", "match"], dtype=object)
    return _Plan(tables={"organisations": empty, "projects": batch.projects.iloc[:0],
                         "participations": batch.participations.iloc[:0], "fills": fills},
                 merged_by_key=nothing, merged_by_user=nothing,
                 possible_duplicates=pd.DataFrame(columns=list(DUPLICATE_COLUMNS), dtype=object), notes=notes)


def fill_ins(orgs: "pd.DataFrame", others: "pd.DataFrame", target_of: dict[str, str]) -> "pd.DataFrame":
    """Values of :data:`FILL_FIELDS` that batch organisations give and their counterparts lack.

    Parameters
    ----------
    orgs : pandas.DataFrame
        The batch's organisations (index id; a ``defaulted`` column lists placeholder fields).
    others : pandas.DataFrame
        Other sources' organisations as text (see :func:`other_organisations`).
    target_of : dict
        Batch id -> the other source's organisation it is (same id, key match or merge).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (the other source's organisation), ``field``, ``value`` (as CSV
        text), one row per field filled, sorted; the first batch organisation wins when
        several point to one target.
    """
    import pandas as pd

    rows = []
    for batch_id in sorted(target_of):
        target = target_of[batch_id]
        if target not in others.index:
            continue  # merged into an organisation of this same batch
        own_placeholders = _words(orgs.at[batch_id, "defaulted"]) if "defaulted" in orgs.columns else set()
        their_placeholders = _words(others.at[target, "defaulted"])
        for field in FILL_FIELDS:
            if field not in orgs.columns or field in own_placeholders:
                continue
            value = render_cells(orgs.loc[[batch_id], field]).iloc[0]
            theirs = others.at[target, field]
            lacking = theirs is None or (isinstance(theirs, float) and theirs != theirs) or str(theirs) == ""
            if value and (lacking or field in their_placeholders):
                rows.append((target, field, value))
    frame = pd.DataFrame(rows, columns=["id", "field", "value"], dtype=object)
    return frame.drop_duplicates(["id", "field"]).sort_values(["id", "field"]).reset_index(drop=True)


def _words(value: object) -> set[str]:
    return set(value.split()) if isinstance(value, str) else set()


def _repoint(series: "pd.Series", redirect: dict[str, str]) -> "pd.Series":
    if not redirect:
        return series
    return series.map(lambda v: redirect.get(v, v) if isinstance(v, str) else v)


def _repoint_participations(parts: "pd.DataFrame", redirect: dict[str, str]) -> "tuple[pd.DataFrame, list[str]]":
    """Point participations of merged organisations to the kept id; combine rows that coincide.

    Coinciding rows (the project had both ids as participants) keep the first row's role
    and sum their budgets; the number combined is reported in a note.
    """
    parts = parts.reset_index(drop=True).copy()
    moved = parts["org_id"].isin(list(redirect))
    if not moved.any():
        return parts, []
    parts["org_id"] = _repoint(parts["org_id"], redirect)
    notes = [f"{int(moved.sum())} participations re-pointed to organisations of other sources (merged)"]
    key = list(PARTICIPATION_COLUMNS[:2])
    clash = parts.duplicated(key, keep=False)
    if clash.any():
        import pandas as pd

        first = clash & ~parts.duplicated(key)
        combined = parts.loc[first].copy()
        if "budget_eur" in parts.columns:
            budgets = parts.loc[clash].groupby(key, sort=False)["budget_eur"].sum(min_count=1)
            combined["budget_eur"] = budgets.reindex(pd.MultiIndex.from_frame(combined[key])).to_numpy()
        dropped = int(clash.sum()) - len(combined)
        parts = pd.concat([parts.loc[~clash], combined]).sort_index()
        notes.append(f"{dropped} participations combined with another row of the same project and organisation "
                     "after merging (first role kept, budgets summed)")
    return parts.reset_index(drop=True), notes


def _possible_duplicates(by_name: "pd.DataFrame", redirect: dict[str, str], distinct: set[frozenset[str]],
                         source: str, others: "pd.DataFrame") -> "pd.DataFrame":
    import pandas as pd

    pairs = by_name[~by_name["id"].isin(list(redirect))]
    if distinct:
        keep = [frozenset((a, b)) not in distinct for a, b in zip(pairs["id"], pairs["other_id"])]
        pairs = pairs[keep]
    frame = pd.DataFrame({
        "source": source,
        "id": pairs["id"].to_numpy(),
        "name": pairs["name"].to_numpy(),
        "other_source": others["source"].reindex(pairs["other_id"]).to_numpy(),
        "other_id": pairs["other_id"].to_numpy(),
        "other_name": pairs["other_name"].to_numpy(),
        "match": pairs["match"].to_numpy(),
    }, columns=list(DUPLICATE_COLUMNS))
    return frame.astype(object).reset_index(drop=True)


# --------------------------------------------------------------------------- rendering and diff


def _render_table(name: str, frame: "pd.DataFrame") -> "pd.DataFrame":
    """The table as the exact text cells to be written, indexed by key."""
    import pandas as pd

    if name in ("organisations", "projects"):
        frame = frame.copy()
        frame.insert(0, "id", frame.index.astype(str))
    leading = [c for c in _LEADING_COLUMNS[name] if c in frame.columns]
    order = leading + [c for c in frame.columns if c not in leading]
    text = pd.DataFrame({c: render_cells(frame[c]) for c in order}, columns=order)
    text.index = pd.RangeIndex(len(text))
    return _indexed(text, list(TABLE_KEYS[name]))


def render_cells(series: "pd.Series") -> "pd.Series":
    """Cells as CSV text: NA empty, booleans ``true``/``false``, whole floats without ``.0``.

    Other floats use Python's shortest round-trip form, so a value read back compares
    equal to the one written.
    """
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return series.map({True: "true", False: "false"}).astype(object).where(series.notna(), "")
    if pd.api.types.is_float_dtype(dtype):
        values = series.astype("float64").to_numpy()
        out = np.full(len(values), "", dtype=object)
        finite = ~np.isnan(values)
        whole = finite & (np.floor(values) == values) & (np.abs(values) < 1e15)
        out[whole] = values[whole].astype(np.int64).astype(str)
        rest = finite & ~whole
        out[rest] = [_plain_float(float(v)) for v in values[rest]]
        return pd.Series(out, index=series.index, dtype=object)
    if pd.api.types.is_integer_dtype(dtype):
        return series.astype(object).map(lambda v: "" if v is pd.NA else str(int(v)))
    values = series.astype(object)
    return values.map(_cell).where(values.notna(), "")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else _plain_float(value)
    return str(value)


def _plain_float(value: float) -> str:
    """The shortest digits that read back as ``value``, without an exponent (``0.00001``, not
    ``1e-05``): the loader accepts plain digits only (:mod:`helixnet.io.cells`)."""
    import numpy as np

    return np.format_float_positional(value, unique=True, trim="-")


def _diff(old: "pd.DataFrame", new: "pd.DataFrame", key: tuple[str, ...]) -> TableDiff:
    """Added, removed and changed keys; provenance ignored, a missing column counts as empty."""
    added = new.index.difference(old.index, sort=False)
    removed = old.index.difference(new.index, sort=False)
    common = new.index.intersection(old.index, sort=False)
    columns = [c for c in dict.fromkeys([*new.columns, *old.columns]) if c not in PROVENANCE and c not in key]
    if len(common) and columns:
        left = old.reindex(index=common, columns=columns).fillna("")
        right = new.reindex(index=common, columns=columns).fillna("")
        changed = common[(left.to_numpy() != right.to_numpy()).any(axis=1)]
    else:
        changed = common[:0]
    return TableDiff(added=sorted(added), removed=sorted(removed), changed=sorted(changed))


def _with_provenance(new: "pd.DataFrame", old: "pd.DataFrame", diff: TableDiff, source: str,
                     files: list[str], stamp: str) -> "pd.DataFrame":
    """``new`` plus provenance: old values for unchanged rows, this import's for the others."""
    fresh = set(diff.added) | set(diff.changed)
    frame = new.copy()
    frame["source"] = source
    frame["source_file"] = "; ".join(files)
    frame["imported_at"] = stamp
    unchanged = ~new.index.isin(list(fresh)) if fresh else new.index.isin(old.index)
    if unchanged.any():
        keys = new.index[unchanged]
        for column in PROVENANCE:
            if column in old.columns:
                frame.loc[unchanged, column] = old.loc[keys, column].to_numpy()
    return frame


def _csv_bytes(frame: "pd.DataFrame") -> bytes:
    """Plain UTF-8 CSV (no formula neutralising: the data directory must round-trip)."""
    from helixnet.io.tables import csv_quoting

    return frame.to_csv(index=False, lineterminator="\n", quoting=csv_quoting(frame)).encode("utf-8")


def _duplicates_file(root: Path, source: str, duplicates: "pd.DataFrame") -> bytes | None:
    """New content of ``possible_duplicates.csv``, or None when it stays as it is.

    Rows of other sources are kept; this source's rows are replaced, leaving out pairs
    another source already lists the other way round.
    """
    import pandas as pd

    path = root / DUPLICATES_FILE
    if path.is_file():
        current, _, _ = _read_frame(path)
        current = current.reindex(columns=list(DUPLICATE_COLUMNS)).fillna("")
    else:
        current = pd.DataFrame(columns=list(DUPLICATE_COLUMNS), dtype=object)
    kept = current[current["source"] != source]
    listed = set(zip(kept["source"], kept["id"], kept["other_source"], kept["other_id"]))
    new = pd.DataFrame({c: render_cells(duplicates[c]) for c in DUPLICATE_COLUMNS}, columns=list(DUPLICATE_COLUMNS))
    for column in ("name", "other_name"):  # a review list people open in spreadsheets: names never run as formulas
        new[column] = new[column].map(neutralise_formula)
    reverse = [(o_s, o_i, s, i) in listed for s, i, o_s, o_i in
               zip(new["source"], new["id"], new["other_source"], new["other_id"])]
    new = new[~pd.Series(reverse, index=new.index, dtype=bool)]
    combined = pd.concat([kept, new], ignore_index=True).sort_values(["source", "id", "other_id"], kind="stable")
    if combined.empty and not path.is_file():
        return None
    data = _csv_bytes(combined)
    if path.is_file() and path.read_bytes() == data:
        return None
    return data


# --------------------------------------------------------------------------- swapping


def _swap_in(root: Path, writes: dict[str, bytes], log_line: str) -> None:
    """Build the new directory beside ``root``, validate it, then rename it into place."""
    parent = root.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=temp_prefix(f".{root.name}.import-"), dir=parent))
    except OSError as exc:
        raise OutputError(f"{root}: cannot create the data directory ({exc.strerror}); expected a writable location") from None
    try:
        if root.exists():
            shutil.copytree(root, temp, symlinks=True, dirs_exist_ok=True)
        else:
            os.chmod(temp, 0o777 & ~_umask())
        for relative, data in writes.items():
            target = temp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # never write through to the original's inode
            target.write_bytes(data)
        log = temp / LOG_FILE
        previous = log.read_bytes() if log.is_file() else b""
        log.unlink(missing_ok=True)
        log.write_bytes(previous + log_line.encode("utf-8"))
        _validate(temp, root)
        replace_directory(temp, root)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputError(f"{root}: cannot write the data directory ({exc}); it was left unchanged") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _validate(temp: Path, root: Path) -> None:
    """Load the new directory; report a DataError with paths inside ``root``."""
    from helixnet.io.loader import load

    try:
        load(temp)
    except DataError as exc:
        path = exc.path.replace(str(temp), str(root)) if exc.path else exc.path
        raise type(exc)(
            f"{exc.reason} (in the imported data; the import was not applied and {root} is unchanged)",
            path=path, line=exc.line, column=exc.column, value=exc.value,
        ) from None


def recover_interrupted_import(root: Path) -> None:
    """Undo what a killed import left beside ``root``: restore a data directory caught
    between the two renames of the fallback swap, remove temporary directories of dead
    imports (see :func:`helixnet.io.atomic.recover_directory`)."""
    recover_directory(root, "import")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
