"""A cluster's member list becomes membership ties: ``helixnet import members``.

A member list is a CSV or XLSX file with one row per member: a name and, where known, a
VAT/KBO number or a PIC, optionally the years of membership (and, for members that are
not in the data yet, a helix and kind). Each member is matched to an organisation of the
data directory (after curation):

1. by VAT/KBO number, then by PIC (:func:`~helixnet.io.imports.resolve.match_organisations`:
   spellings such as ``BE 0123.456.789`` and ``0123456789`` are equal);
2. else by normalised name (case, accents, punctuation and legal forms ignored), when
   exactly one organisation has that name;
3. else the member is *unmatched*. Organisations whose normalised names are similar
   (:data:`SIMILARITY` or more by :class:`difflib.SequenceMatcher`), or that share the
   name with others, are written to ``possible_duplicates.csv`` as candidates; nothing is
   merged on a similar name. With ``add_unmatched=True`` the unmatched members are added as
   new organisations (``nodes/organisations_members-<cluster>.csv``).

The ties go to ``edges/ties_members-<cluster>.csv`` (``member -> cluster``, relation
``membership``, the membership years as the tie's span). Re-importing the list replaces
that cluster's member ties; the same list twice changes nothing. The files are written with
the import machinery of :mod:`helixnet.io.imports.refresh` (built beside the directory,
validated, swapped in; a line in ``import.log``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helixnet.errors import DataError, OptionError

if TYPE_CHECKING:
    import pandas as pd

#: Accepted header names (case-insensitive, spaces/underscores/dashes ignored) per field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "naam", "organisation", "organisatie", "organization", "member", "lid", "bedrijf"),
    "vat": ("vat", "btw", "kbo", "vatnumber", "btwnummer", "kbonummer", "ondernemingsnummer", "enterprisenumber"),
    "pic": ("pic", "picnumber"),
    "start_year": ("startyear", "since", "from", "sinds", "lidsinds", "membersince", "start"),
    "end_year": ("endyear", "until", "to", "tot", "end"),
    "helix": ("helix",),
    "kind": ("kind", "soort", "type"),
    "country": ("country", "land"),
}

#: Similarity of normalised names from which an unmatched member lists a candidate.
SIMILARITY = 0.85

OUTCOMES = ("vat", "pic", "name", "unmatched", "added")

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class MembersResult:
    """What :func:`import_members` did (or, for a dry run, would do).

    Attributes
    ----------
    cluster : str
        The cluster id the members were tied to.
    members : pandas.DataFrame
        One row per member of the file: ``line``, ``name``, ``vat``, ``pic``, ``outcome``
        (one of :data:`OUTCOMES`) and ``org_id`` (empty when unmatched).
    candidates : pandas.DataFrame
        Possible matches of unmatched members, as written to ``possible_duplicates.csv``.
    changed : bool
        Whether the data directory differs (or would differ) afterwards.
    dry_run : bool
    notes : list of str
    """

    cluster: str
    members: "pd.DataFrame"
    candidates: "pd.DataFrame"
    changed: bool
    dry_run: bool
    notes: list[str]

    def counts(self) -> dict[str, int]:
        """Members per outcome, in the order of :data:`OUTCOMES`."""
        counted = self.members["outcome"].value_counts()
        return {outcome: int(counted.get(outcome, 0)) for outcome in OUTCOMES}

    def details(self, limit: int = 20) -> str:
        """Counts, then the unmatched members (up to ``limit``) and the notes."""
        counts = self.counts()
        lines = [f"{len(self.members):,} members of {self.cluster}: "
                 + ", ".join(f"{n:,} {'matched by ' + o if o in ('vat', 'pic', 'name') else o}"
                             for o, n in counts.items() if n)]
        unmatched = self.members[self.members["outcome"] == "unmatched"]
        for row in unmatched.head(limit).itertuples(index=False):
            lines.append(f"  unmatched: line {row.line}: {row.name}")
        if len(unmatched) > limit:
            lines.append(f"  ... and {len(unmatched) - limit:,} more unmatched")
        if len(unmatched):
            lines.append("  add them as new organisations with --add-unmatched (and --helix/--kind when the file "
                         "has no such columns)")
        if len(self.candidates):
            lines.append(f"  {len(self.candidates):,} candidate matches for unmatched members: see possible_duplicates.csv")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def read_member_list(path: str | Path, *, encoding: str | None = None) -> "pd.DataFrame":
    """Read a member list (CSV, or the first sheet of an XLSX workbook).

    Returns
    -------
    pandas.DataFrame
        Columns ``line`` (file line or sheet row) and the fields of
        :data:`HEADER_ALIASES` found in the header (``name`` always), all text.

    Raises
    ------
    DataError
        The file cannot be read, has no name column, or a row has no name.
    """
    import pandas as pd

    file = Path(path)
    if not file.is_file():
        raise DataError("file not found; expected a member list (CSV or XLSX)", path=str(file))
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, header_line = _read_xlsx(file)
    else:
        from helixnet.io.csvfile import read_csv

        table = read_csv(file, what="a member list", encoding=encoding)
        header, rows, header_line = table.header, table.rows, table.header_line
    fields = {}
    for position, column in enumerate(header):
        key = _NOT_SLUG.sub("", str(column).casefold())
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases and field not in fields:
                fields[field] = position
    if "name" not in fields:
        raise DataError("has no name column; expected a header with name (or naam, organisation, ...) and "
                        "optionally vat/kbo, pic, start_year, end_year", path=str(file), line=header_line)
    records = []
    for line, cells in rows:
        record = {"line": line}
        for field, position in fields.items():
            value = cells[position] if position < len(cells) else ""
            record[field] = str(value).strip() if value is not None else ""
        if not record["name"]:
            raise DataError("is empty; expected the member's name", path=str(file), line=line,
                            column=header[fields["name"]], value="")
        records.append(record)
    frame = pd.DataFrame(records, columns=["line", *fields])
    for year in ("start_year", "end_year"):
        if year in frame.columns:
            frame[year] = [_year(v, file, line, header[fields[year]]) for v, line in zip(frame[year], frame["line"])]
    return frame


def _read_xlsx(file: Path) -> "tuple[list[str], list[tuple[int, list]], int]":
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise DataError(f"cannot be read as an XLSX workbook ({exc}); expected a member list", path=str(file)) from None
    try:
        rows = [(number, list(values)) for number, values in
                enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
                if any(v not in (None, "") for v in values)]
    finally:
        workbook.close()
    if not rows:
        raise DataError("the first sheet is empty; expected a header row", path=str(file), line=1)
    header_line, header = rows[0]
    return [str(h or "").strip() for h in header], rows[1:], header_line


def _year(value: str, file: Path, line: int, column: str) -> int | None:
    from helixnet import schema

    if value in ("", None):
        return None
    try:
        year = float(str(value).strip()[:4]) if re.match(r"^\d{4}-\d{2}", str(value)) else float(value)
    except ValueError:
        year = float("nan")
    if not (year == year and year.is_integer() and schema.MIN_YEAR <= year <= schema.MAX_YEAR):
        raise DataError(f"expected a year between {schema.MIN_YEAR} and {schema.MAX_YEAR} (or a date)",
                        path=str(file), line=line, column=column, value=value)
    return int(year)


def match_members(members: "pd.DataFrame", organisations: "pd.DataFrame") -> "tuple[pd.DataFrame, pd.DataFrame]":
    """Match members to organisations: identifiers first, then the normalised name.

    Parameters
    ----------
    members : pandas.DataFrame
        From :func:`read_member_list` (``line``, ``name``, optional ``vat``, ``pic``, ``country``).
    organisations : pandas.DataFrame
        The data's organisations, indexed by id (``name``, optional ``vat``, ``pic``, ``country``).

    Returns
    -------
    members : pandas.DataFrame
        ``members`` plus ``outcome`` (``vat``, ``pic``, ``name`` or ``unmatched``) and
        ``org_id``.
    candidates : pandas.DataFrame
        For unmatched members: ``line``, ``name``, ``other_id``, ``other_name``, ``match``
        (``same name as several organisations`` or ``similar name (0.91)``).
    """
    import difflib

    import pandas as pd

    from helixnet.io.imports.resolve import match_organisations, normalise_name

    keyed = members.set_index(members["line"].map(lambda n: f"line-{n}"))
    matches = match_organisations(keyed, organisations)
    outcome = pd.Series("unmatched", index=keyed.index, dtype=object)
    org_id = pd.Series("", index=keyed.index, dtype=object)
    for row in matches.by_key.itertuples(index=False):
        outcome[row.id], org_id[row.id] = row.match, row.other_id
    by_name = matches.by_name.groupby("id")["other_id"].agg(list)
    candidates = []
    names = {i: normalise_name(n) for i, n in organisations["name"].items()}
    for key in keyed.index[outcome == "unmatched"]:
        found = by_name.get(key, [])
        if len(found) == 1:
            outcome[key], org_id[key] = "name", found[0]
            continue
        if found:
            candidates += [(key, other, "same name as several organisations") for other in found]
            continue
        wanted = normalise_name(keyed.at[key, "name"]) or ""
        for other, name in names.items():
            ratio = difflib.SequenceMatcher(None, wanted, name or "").ratio() if name else 0.0
            if ratio >= SIMILARITY:
                candidates.append((key, other, f"similar name ({ratio:.2f})"))
    result = members.copy()
    result["outcome"] = outcome.to_numpy()
    result["org_id"] = org_id.to_numpy()
    frame = pd.DataFrame(candidates, columns=["key", "other_id", "match"])
    frame.insert(0, "line", frame["key"].map(lambda k: int(k.removeprefix("line-"))))
    frame.insert(1, "name", frame["key"].map(keyed["name"]))
    frame["other_name"] = frame["other_id"].map(organisations["name"])
    return result, frame[["line", "name", "other_id", "other_name", "match"]]


def import_members(
    data_dir: str | Path,
    path: str | Path,
    cluster: str,
    *,
    add_unmatched: bool = False,
    helix: str | None = None,
    kind: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
) -> MembersResult:
    """Tie the members listed in ``path`` to ``cluster`` in the data directory ``data_dir``.

    Parameters
    ----------
    data_dir : str or Path
        A valid data directory (after curation ``cluster`` must be a cluster organisation).
    path : str or Path
        The member list (see :func:`read_member_list`).
    cluster : str
        Cluster id; case-insensitive where unambiguous.
    add_unmatched : bool
        Add unmatched members as new organisations.
    helix, kind : str, optional
        Helix and kind of added members whose row gives none.
    start_year, end_year : int, optional
        Membership years of rows that give none.
    encoding : str, optional
        Encoding of a CSV member list.
    dry_run : bool
        Compute the result, write nothing.

    Returns
    -------
    MembersResult

    Raises
    ------
    OptionError
        The cluster is not a cluster of the data, or new members need a helix/kind.
    DataError
        The list or the data directory is invalid.
    """
    import pandas as pd

    from helixnet.io.imports.refresh import DUPLICATES_FILE, _csv_bytes, _duplicates_file, _swap_in, _timestamp
    from helixnet.io.loader import load
    from helixnet.io.lookup import resolve_cluster_id

    root = Path(data_dir)
    dataset = load(root)
    cluster = resolve_cluster_id(dataset.clusters.index, cluster)
    source = f"members-{cluster}"
    members = read_member_list(path, encoding=encoding)
    others = dataset.organisations.drop(index=_own_new_members(dataset, source))
    matched, candidates = match_members(members, others)
    notes: list[str] = []
    new_orgs = pd.DataFrame()
    if add_unmatched:
        matched, new_orgs = _add_unmatched(matched, helix, kind, source, others, path)
    ties = _ties(matched, cluster, start_year, end_year, Path(path).name, notes)
    writes: dict[str, bytes] = {}
    ties_file = f"edges/ties_{source}.csv"
    orgs_file = f"nodes/organisations_{source}.csv"
    for relative, frame in ((ties_file, ties), (orgs_file, new_orgs)):
        current = root / relative
        data = _csv_bytes(frame) if len(frame) else None
        if data is None and current.is_file():
            data = _csv_bytes(frame.reindex(columns=_header(current)))
        if data is not None and (not current.is_file() or current.read_bytes() != data):
            writes[relative] = data
    duplicates = pd.DataFrame({
        "source": source, "id": candidates["line"].map(lambda n: f"line {n}"), "name": candidates["name"],
        "other_source": candidates["other_id"].map(dataset.organisations.get("source", pd.Series(dtype=object))),
        "other_id": candidates["other_id"], "other_name": candidates["other_name"], "match": candidates["match"],
    })
    duplicates_bytes = _duplicates_file(root, source, duplicates)
    if duplicates_bytes is not None:
        writes[DUPLICATES_FILE] = duplicates_bytes
    result = MembersResult(cluster=cluster, members=matched, candidates=candidates, changed=bool(writes),
                           dry_run=dry_run, notes=notes)
    if writes and not dry_run:
        summary = ", ".join(f"{n} {o}" for o, n in result.counts().items() if n)
        _swap_in(root, writes, f"{_timestamp(None)}\t{source}\t{Path(path).name}\t{summary}\n")
    return result


def _own_new_members(dataset, source: str) -> list[str]:
    """Organisations an earlier run of this member list added (matched afresh each time)."""
    orgs = dataset.organisations
    if "source" not in orgs.columns:
        return []
    return list(orgs.index[(orgs["source"] == source).to_numpy()])


def _add_unmatched(matched: "pd.DataFrame", helix: str | None, kind: str | None, source: str,
                   others: "pd.DataFrame", path) -> "tuple[pd.DataFrame, pd.DataFrame]":
    import pandas as pd

    from helixnet import schema
    from helixnet.io.imports.resolve import normalise_name, normalise_vat

    unmatched = matched[matched["outcome"] == "unmatched"]
    if unmatched.empty:
        return matched, pd.DataFrame()
    rows = []
    taken = set(others.index)
    for position, row in unmatched.iterrows():
        row_helix = (row.get("helix") or "") or (helix or "")
        row_kind = (row.get("kind") or "") or (kind or "")
        if not row_helix or not row_kind:
            raise OptionError(f"{path}:{row['line']}: member {row['name']!r} is new and has no "
                              f"{'helix' if not row_helix else 'kind'}; expected a helix and kind column in the "
                              "list, or --helix and --kind for new members")
        if schema.normalise_helix(row_helix) is None:
            raise DataError("expected a helix: one of " + ", ".join(schema.HELICES), path=str(path),
                            line=int(row["line"]), column="helix", value=row_helix)
        vat = normalise_vat(row.get("vat"))
        base = f"vat-{vat}" if vat else "member-" + _NOT_SLUG.sub("-", normalise_name(row["name"]) or "x").strip("-")
        new_id, suffix = base, 2
        while new_id in taken:
            new_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(new_id)
        rows.append({"id": new_id, "name": row["name"], "helix": schema.normalise_helix(row_helix),
                     "kind": row_kind, "vat": row.get("vat") or "", "pic": row.get("pic") or "",
                     "country": row.get("country") or "", "source": source, "source_file": Path(path).name})
        matched.at[position, "outcome"] = "added"
        matched.at[position, "org_id"] = new_id
    return matched, pd.DataFrame(rows)


def _ties(matched: "pd.DataFrame", cluster: str, start_year: int | None, end_year: int | None, file_name: str,
          notes: list[str]) -> "pd.DataFrame":
    import pandas as pd

    tied = matched[matched["org_id"] != ""]
    self_ties = tied["org_id"] == cluster
    if self_ties.any():
        notes.append(f"{int(self_ties.sum())} rows name the cluster itself (line "
                     f"{', '.join(map(str, tied.loc[self_ties, 'line']))}): no tie")
    tied = tied[~self_ties]
    starts = tied["start_year"] if "start_year" in tied.columns else pd.Series(None, index=tied.index, dtype=object)
    ends = tied["end_year"] if "end_year" in tied.columns else pd.Series(None, index=tied.index, dtype=object)
    frame = pd.DataFrame({
        "source": tied["org_id"], "target": cluster, "relation": "membership", "weight": "",
        "start_year": [s if s is not None and s == s else (start_year or "") for s in starts],
        "end_year": [e if e is not None and e == e else (end_year or "") for e in ends],
        "source_file": file_name,
    })
    repeated = frame.duplicated(["source"])
    if repeated.any():
        notes.append(f"{int(repeated.sum())} members match an organisation already listed (lines "
                     f"{', '.join(map(str, tied.loc[repeated.to_numpy(), 'line']))}): one tie each, the first row's years")
    frame = frame[~repeated].sort_values("source", kind="stable")
    for year in ("start_year", "end_year"):
        frame[year] = frame[year].map(lambda v: "" if v in ("", None) else str(int(v)))
    return frame.reset_index(drop=True)


def _header(path: Path) -> list[str]:
    from helixnet.io.csvfile import read_csv

    return read_csv(path).header
