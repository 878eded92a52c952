"""Hand decisions about organisations that survive every re-import: ``curation.toml``.

Imports own the files they write (``nodes/organisations_<source>.csv``, ...) and replace
them on every refresh, so a decision typed into such a file is lost. Decisions live in
``curation.toml`` in the data directory instead; no import ever writes it, and the loader
(:func:`helixnet.io.loader.load`) applies it *last*, after all source files are read and
before the tables are checked against each other. Three kinds of entries, applied in this
order (later ones win):

``[[rule]]``
    Reclassify every organisation that matches: ``where`` (a table of column = value,
    compared as text, case-insensitively) and/or ``name_matches`` (a Python regular
    expression searched in the name, case-insensitive); ``set`` (a table of column =
    value) gives the new values. Example: industry associations that CORDIS files under
    ``OTH`` (mapped to *burger*)::

        [[rule]]
        where = { activity_type = "OTH" }
        name_matches = '\\b(association|federation|alliance)\\b'
        set = { helix = "bedrijf", kind = "brancheorganisatie" }

``[[organisation]]``
    Set fields of one organisation by ``id``: ``name``, ``helix``, ``kind``, ``sme`` or
    any other column.

``[[cluster]]``
    Mark one organisation (``id``) as a cluster: helix ``intermediair``, kind ``cluster``;
    an optional ``name`` sets its display name.

Merging two organisations and keeping two apart are decisions about *imports* and stay in
``merges.toml`` (see :mod:`helixnet.io.imports.refresh`). Every value is checked like a
cell of an organisation file; an unknown id, an unknown key or a bad regular expression is
a :class:`~helixnet.errors.DataError` naming ``curation.toml``, the line and the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helixnet import schema
from helixnet.errors import DataError
from helixnet.io.cells import parse_cell
from helixnet.io.toml import find_key_line, read_toml

CURATION_FILE = "curation.toml"

#: What a cluster decision sets.
CLUSTER_FIELDS: dict[str, str] = {"helix": "intermediair", "kind": "cluster"}

_ENTRY_KEYS: dict[str, frozenset[str]] = {
    "rule": frozenset({"where", "name_matches", "set", "note"}),
    "organisation": frozenset({"id", "note"}),  # plus the fields it sets
    "cluster": frozenset({"id", "name", "note"}),
}
_WHAT = ('TOML with [[cluster]] id = "...", [[organisation]] id = "..." helix = "...", '
         'or [[rule]] name_matches = "..." set = { helix = "..." }')


@dataclass(frozen=True)
class Decision:
    """One curation entry as applied: what it did and to how many organisations.

    Attributes
    ----------
    kind : str
        ``rule``, ``organisation`` or ``cluster``.
    line : int or None
        Line of the entry in ``curation.toml``.
    description : str
        What the entry sets, e.g. ``pic-999 -> cluster`` or ``name ~ 'association' -> helix bedrijf``.
    count : int
        Organisations it changed (a rule that matches nothing has 0).
    ids : tuple of str
        The organisations it changed.
    note : str
        The user's ``note`` (why), if any.
    """

    kind: str
    line: int | None
    description: str
    count: int
    ids: tuple[str, ...]
    note: str = ""

    def __str__(self) -> str:
        where = f"{CURATION_FILE}:{self.line}" if self.line else CURATION_FILE
        note = f" ({self.note})" if self.note else ""
        return f"{where}: {self.kind} {self.description}: {self.count:,} organisation{'s' * (self.count != 1)}{note}"


def apply_curation(root: str | Path, records: list[dict[str, Any]]) -> list[Decision]:
    """Apply ``root/curation.toml`` to organisation ``records`` in place.

    Parameters
    ----------
    root : str or Path
        The data directory.
    records : list of dict
        Parsed organisation rows (as the loader holds them), changed in place.

    Returns
    -------
    list of Decision
        One per entry, in the order applied (empty when there is no ``curation.toml``).

    Raises
    ------
    DataError
        The file is not TOML, an entry has an unknown key or type, an id is not a known
        organisation, a value is not valid for its column, or a pattern does not compile.
    """
    path = Path(root) / CURATION_FILE
    if not path.is_file():
        return []
    name = str(path)
    text, values = read_toml(path, _WHAT)
    unknown = [k for k in values if k not in _ENTRY_KEYS]
    if unknown:
        raise DataError("is not a curation entry; expected [[rule]], [[organisation]] or [[cluster]]", path=name,
                        line=find_key_line(text, (unknown[0],)), value=unknown[0])
    by_id = {record["id"]: record for record in records if record.get("id") is not None}
    decisions: list[Decision] = []
    for kind in ("rule", "organisation", "cluster"):
        entries = values.get(kind, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise DataError(f"expected [[{kind}]] tables", path=name, line=find_key_line(text, (kind,)), value=kind)
        for position, entry in enumerate(entries):
            context = _Context(name, text, kind, position)
            decisions.append(_APPLY[kind](entry, context, records, by_id))
    return decisions


@dataclass(frozen=True)
class _Context:
    path: str
    text: str
    kind: str
    position: int

    def line(self, key: str | None = None) -> int | None:
        keys = (self.kind, self.position) + ((key,) if key else ())
        return find_key_line(self.text, keys)

    def error(self, message: str, key: str | None, value: Any = None) -> DataError:
        return DataError(f"[[{self.kind}]] entry {self.position + 1}: {message}", path=self.path,
                         line=self.line(key), column=key, value=value)


def _apply_rule(entry: dict, context: _Context, records: list[dict], by_id: dict) -> Decision:
    _check_keys(entry, _ENTRY_KEYS["rule"], context)
    where = entry.get("where", {})
    changes = entry.get("set")
    if not isinstance(where, dict):
        raise context.error("expected a table of column = value", "where", where)
    if not isinstance(changes, dict) or not changes:
        raise context.error("expected a table of column = value to set, e.g. set = { helix = \"bedrijf\" }",
                            "set", changes)
    pattern_text = entry.get("name_matches")
    if not where and pattern_text is None:
        raise context.error("a rule needs 'where' or 'name_matches'; expected at least one condition", None)
    pattern = None
    if pattern_text is not None:
        try:
            pattern = re.compile(str(pattern_text), re.IGNORECASE)
        except re.error as exc:
            raise context.error(f"is not a regular expression ({exc}); expected e.g. '\\\\bassociation\\\\b'",
                                "name_matches", pattern_text) from None
    wanted = {column: str(value).strip().casefold() for column, value in where.items()}
    parsed = _parsed_fields(changes, context, "set")
    ids = []
    for record in records:
        if any(_text(record.get(column)) != value for column, value in wanted.items()):
            continue
        if pattern is not None and not pattern.search(str(record.get("name") or "")):
            continue
        record.update(parsed)
        ids.append(record["id"])
    conditions = [f"{c} = {v!r}" for c, v in where.items()]
    if pattern_text is not None:
        conditions.append(f"name ~ '{pattern_text}'")
    description = " and ".join(conditions) + " -> " + _describe(parsed)
    return Decision("rule", context.line(), description, len(ids), tuple(ids), str(entry.get("note", "")))


def _apply_organisation(entry: dict, context: _Context, records: list[dict], by_id: dict) -> Decision:
    record = _known(entry, context, by_id)
    changes = {k: v for k, v in entry.items() if k not in _ENTRY_KEYS["organisation"]}
    if not changes:
        raise context.error("sets nothing; expected fields such as helix = \"bedrijf\" or name = \"...\"", "id",
                            entry["id"])
    parsed = _parsed_fields(changes, context, None)
    record.update(parsed)
    return Decision("organisation", context.line(), f"{entry['id']} -> {_describe(parsed)}", 1, (entry["id"],),
                    str(entry.get("note", "")))


def _apply_cluster(entry: dict, context: _Context, records: list[dict], by_id: dict) -> Decision:
    _check_keys(entry, _ENTRY_KEYS["cluster"], context)
    record = _known(entry, context, by_id)
    parsed = dict(CLUSTER_FIELDS)
    if "name" in entry:
        parsed.update(_parsed_fields({"name": entry["name"]}, context, None))
    record.update(parsed)
    name = f" ({record['name']})" if record.get("name") else ""
    return Decision("cluster", context.line(), f"{entry['id']}{name} -> helix intermediair, kind cluster", 1,
                    (entry["id"],), str(entry.get("note", "")))


_APPLY = {"rule": _apply_rule, "organisation": _apply_organisation, "cluster": _apply_cluster}


def _check_keys(entry: dict, allowed: frozenset[str], context: _Context) -> None:
    for key in entry:
        if key not in allowed:
            raise context.error(f"unknown key; expected one of {', '.join(sorted(allowed))}", key, key)


def _known(entry: dict, context: _Context, by_id: dict) -> dict:
    if "id" not in entry:
        raise context.error("has no id; expected id = \"<organisation id>\"", None)
    record = by_id.get(str(entry["id"]))
    if record is None:
        raise context.error("is not a known organisation id", "id", entry["id"])
    return record


def _parsed_fields(changes: dict, context: _Context, key_prefix: str | None) -> dict[str, Any]:
    """Each value checked and typed like a cell of an organisation file."""
    parsed = {}
    for column_name, value in changes.items():
        key = column_name if key_prefix is None else key_prefix
        if column_name == "id":
            raise context.error("an organisation's id cannot be changed; expected other fields", key, value)
        if isinstance(value, (dict, list)):
            raise context.error("expected a single value", key, value)
        column = schema.ORGANISATIONS.column(column_name) or schema.Column(column_name, nonempty=False)
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        try:
            parsed[column_name] = parse_cell(text, column, path=context.path, line=context.line(key) or 0)
        except DataError as exc:
            raise context.error(exc.reason, column_name, value) from None
    return parsed


def _describe(parsed: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in parsed.items())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().casefold()
