"""Import CORDIS participant exports (Horizon 2020 and later) into an :class:`ImportBatch`.

Two column sets of the CORDIS organisation ("participants") file are understood, and
told apart by the header:

``current`` (CORDIS ``organization.csv`` since 2021)
    ``projectID, projectAcronym, organisationID, vatNumber, name, shortName, SME,
    activityType, street, postCode, city, country, nutsCode, geolocation,
    organizationURL, contactForm, contentUpdateDate, rcn, order, role,
    ecContribution, netEcContribution, totalCost, endOfParticipation, active``
``pre-2021`` (``cordis-h2020organizations.csv`` as published until 2020)
    ``projectRcn, projectID, projectAcronym, role, id, name, shortName, activityType,
    endOfParticipation, ecContribution, country, street, city, postCode,
    organizationUrl, vatNumber, contactForm, contactType, contactTitle,
    contactFirstNames, contactLastNames, contactFunction, contactTelephoneNumber,
    contactFaxNumber``. This header is reconstructed from public descriptions of the
    file (the raw file was not available to check); only the columns in
    :data:`REQUIRED_COLUMNS` are needed, any others are ignored. It has no SME column.

The optional projects file may be the current ``project.csv`` (``id, acronym, status,
title, startDate, endDate, totalCost, ecMaxContribution, legalBasis, topics, ...,
frameworkProgramme, ...``) or the pre-2021 ``cordis-h2020projects.csv`` (``rcn, id,
acronym, status, programme, topics, frameworkProgramme, title, startDate, endDate, ...,
totalCost, ...``).

Format quirks handled (see ``data/cordis/README.txt`` of the shared data):

* ``;`` or ``,`` delimited, quoted or not; UTF-8 with or without BOM (anything else is
  refused with a hint how to convert it);
* every cell is read as text, so the country code ``NA`` (Namibia) stays ``NA``;
* money columns may use a decimal point or a decimal comma, differently per column;
* booleans ``True``/``False`` in any case;
* CORDIS country codes ``UK`` and ``EL`` are kept as they are in ``country``; the extra
  column ``iso_country`` holds the ISO 3166 code (``GB``, ``GR``);
* the same organisation twice in one project becomes one participation (roles joined
  with ``+`` in order of appearance, budgets summed);
* several coordinators in one project are all kept (counted in the notes);
* a for-profit (``PRC``) participant with an empty SME field is, in CORDIS, nearly
  always a natural person (an individual expert); CORDIS does not say so explicitly, and
  some are companies, so such organisations get kind ``onderneming`` and the flag
  ``possible_person`` rather than being called persons.

Kinds from ``activityType`` and ``SME``: PRC & SME -> ``kmo``; PRC & not SME ->
``grote_onderneming`` (CORDIS's non-SME PRC also holds other for-profit entities that are
not large companies, e.g. public-owned firms); PRC & SME unknown -> ``onderneming``;
HES -> ``hoger_onderwijs``; REC -> ``onderzoekscentrum``; PUB -> ``publieke_instelling``;
OTH -> ``andere``. Helices follow :func:`helixnet.schema.normalise_helix`.

When an organisation appears in several rows with different attributes (a renamed
organisation, a changed address), the first row's values are kept and the number of such
organisations is given in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helixnet import schema
from helixnet.errors import DataError, OptionError
from helixnet.io.csvfile import read_csv
from helixnet.io.imports.batch import ImportBatch, missing_project_fields, within_country, within_years
from helixnet.schema import iso_country

if TYPE_CHECKING:
    import pandas as pd

#: Columns each organisation-file format must have (the importer reads only these).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "current": ("projectID", "projectAcronym", "organisationID", "vatNumber", "name", "SME",
                "activityType", "country", "role", "ecContribution"),
    "pre-2021": ("projectRcn", "projectID", "projectAcronym", "role", "id", "name",
                 "activityType", "ecContribution", "country", "vatNumber"),
}

#: The column holding the organisation's PIC in each format.
_PIC_COLUMN = {"current": "organisationID", "pre-2021": "id"}

#: Columns each projects-file format must have.
PROJECT_FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "current": ("id", "acronym", "title", "startDate", "endDate", "totalCost", "legalBasis",
                "topics", "frameworkProgramme"),
    "pre-2021": ("rcn", "id", "acronym", "programme", "topics", "frameworkProgramme", "title",
                 "startDate", "endDate", "totalCost"),
}

#: CORDIS activity type -> organisation kind (PRC depends on the SME flag).
KINDS: dict[str, str] = {
    "HES": "hoger_onderwijs",
    "REC": "onderzoekscentrum",
    "PUB": "publieke_instelling",
    "OTH": "andere",
}
KIND_SME = "kmo"
KIND_NOT_SME = "grote_onderneming"
KIND_SME_UNKNOWN = "onderneming"


_ACTIVITY_TYPES = ("PRC", "HES", "REC", "PUB", "OTH")
_YEAR = re.compile(r"^\s*(\d{4})(?:[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T].*)?)?\s*$")
_YEAR_LAST = re.compile(r"^\s*\d{1,2}[-/.]\d{1,2}[-/.](\d{4})\s*$")


@dataclass
class _Table:
    """One CSV file read as text: every cell a str, plus what is needed for messages."""

    path: str
    delimiter: str
    header_line: int
    frame: pd.DataFrame
    lines: list[int]  # file line where each data row starts

    def line(self, positions: pd.Index | list[int]) -> int:
        """File line where the first of the data rows at ``positions`` starts."""
        return self.lines[int(min(positions))]


def read_cordis(
    org_file: str | Path,
    projects_file: str | Path | None = None,
    *,
    source: str = "cordis",
    country: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    programme: str = "H2020",
    encoding: str | None = None,
) -> ImportBatch:
    """Read a CORDIS organisation (participant) export into an :class:`ImportBatch`.

    Parameters
    ----------
    org_file : str or Path
        CORDIS organisation file, current or pre-2021 column set (see the module
        docstring), ``;`` or ``,`` delimited, UTF-8.
    projects_file : str or Path, optional
        CORDIS projects file; gives titles, programme, theme (topics), start/end years and
        total cost. Without it years and budgets are NA and titles are the acronyms.
    source : str
        Source name stored in the batch.
    country : str, optional
        Keep only projects with at least one participant from this country (CORDIS or ISO
        code: ``UK`` and ``GB`` are the same), with *all* their participants.
    from_year, to_year : int, optional
        Keep only projects whose start year lies in this range (inclusive); needs
        ``projects_file``. Projects without a start date are left out then.
    programme : str
        Programme of the projects when no projects file gives ``frameworkProgramme``.
    encoding : str, optional
        Encoding of both files (e.g. ``cp1252``); default UTF-8 with optional BOM.

    Returns
    -------
    ImportBatch
        Organisations indexed ``pic-<PIC>``, projects indexed ``cordis-<projectID>``,
        one participation per (project, organisation). Left-out rows are counted in
        ``skipped``; combined rows and other remarks are in ``notes``.

    Raises
    ------
    DataError
        The file is empty, not UTF-8, not ``;``/``,`` delimited, lacks a required column,
        has a row with too few or too many fields (e.g. a truncated file) or a cell that
        cannot be read (unknown activity type, bad number, bad boolean).
    OptionError
        A year range is given without a projects file, or the range is empty.

    Examples
    --------
    >>> batch = read_cordis("organization.csv", "project.csv", country="BE")  # doctest: +SKIP
    >>> batch.counts()  # doctest: +SKIP
    {'organisations': ..., 'projects': ..., 'participations': ...}
    """
    _check_options(projects_file, from_year, to_year)
    table = _read_table(org_file, encoding)
    fmt = _detect_format(table, REQUIRED_COLUMNS, "organisation")
    notes = [(f"{table.path}: {len(table.frame)} rows, CORDIS {fmt} column set, "
              f"{table.delimiter!r}-delimited")]
    skipped: dict[str, int] = {}
    rows = _participation_rows(table, fmt, skipped)
    projects = _projects_from_rows(rows, programme)
    files = [table.path]
    if projects_file is not None:
        ptable = _read_table(projects_file, encoding)
        files.append(ptable.path)
        projects = _merge_project_file(projects, ptable, skipped, notes)
    organisations = _organisations(rows, fmt == "current", notes)
    participations = _participations(rows, notes)
    batch = ImportBatch(source=source, files=files, organisations=organisations,
                        projects=projects, participations=participations,
                        skipped=skipped, notes=notes, title=f"CORDIS {programme} participants ({fmt} export)")
    # the country of each participation row decides, not the first row of a PIC
    batch = within_country(within_years(batch, from_year, to_year), country, rows=rows[["project_id", "country"]])
    _note_coordinators(batch.participations, notes)
    batch.gaps.extend(missing_project_fields(batch, {
        "start_year": "add the CORDIS projects file with --projects project.csv",
        "theme": "add the CORDIS projects file with --projects project.csv (topics)",
    }))
    return batch


# --------------------------------------------------------------------------- reading


def _check_options(projects_file: object, from_year: int | None, to_year: int | None) -> None:
    if (from_year is not None or to_year is not None) and projects_file is None:
        raise OptionError(
            "--from-year/--to-year need a projects file (--projects): the CORDIS organisation "
            "file has no project dates"
        )


def _read_table(path: str | Path, encoding: str | None = None) -> _Table:
    """Read ``path`` as all-text cells with the shared CSV reader (encoding, delimiter,
    quoting and row lengths checked there, with file:line messages)."""
    import pandas as pd

    table = read_csv(path, what="a CORDIS export", encoding=encoding)
    frame = pd.DataFrame([fields for _, fields in table.rows], columns=table.header, dtype=str)
    return _Table(table.path, table.delimiter, table.header_line, frame, [line for line, _ in table.rows])


def _detect_format(table: _Table, formats: dict[str, tuple[str, ...]], what: str) -> str:
    """The format whose required columns the header has; else a DataError naming the first missing."""
    header = set(table.frame.columns)
    ranked = sorted(formats, key=lambda f: -len(header.intersection(formats[f])))
    for fmt in ranked:
        if header.issuperset(formats[fmt]):
            return fmt
    best = ranked[0]
    missing = [c for c in formats[best] if c not in header]
    accepted = "; ".join(f"{f}: {', '.join(cols)}" for f, cols in formats.items())
    raise DataError(
        f"is missing from the header (closest: the {best} CORDIS {what} file; missing "
        f"{', '.join(missing)}); expected the columns of one of the accepted sets - {accepted}",
        path=table.path, line=table.header_line, column=missing[0],
    )


# --------------------------------------------------------------------------- cell parsing


def _parse_money(table: _Table, column: str) -> pd.Series:
    """Amounts with a decimal point or comma (thousands marks allowed); '' -> NA."""
    import numpy as np
    import pandas as pd

    text = table.frame[column].str.strip().str.replace(r"[\s\u00a0']", "", regex=True)
    has_comma = text.str.contains(",", regex=False)
    has_point = text.str.contains(".", regex=False)
    both = has_comma & has_point
    comma_last = text.str.rfind(",") > text.str.rfind(".")
    cleaned = text.where(~(both & comma_last), text.str.replace(".", "", regex=False))
    cleaned = cleaned.where(~(both & ~comma_last), cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(cleaned != "", np.nan), errors="coerce")
    bad = (values.isna() & (cleaned != "")) | (values < 0) | np.isinf(values)
    if bad.any():
        position = int(bad.to_numpy().argmax())
        raise DataError("expected an amount >= 0 with a decimal point or comma",
                        path=table.path, line=table.line([position]), column=column,
                        value=table.frame[column].iloc[position])
    return values.astype("Float64").astype(float)


def _parse_bool(table: _Table, column: str) -> pd.Series:
    """True/False in any case (and the other spellings of schema) -> boolean; '' -> NA."""
    import pandas as pd

    text = table.frame[column].str.strip().str.lower()
    result = pd.Series(pd.NA, index=text.index, dtype="boolean")
    result[text.isin(schema.TRUE_VALUES)] = True
    result[text.isin(schema.FALSE_VALUES)] = False
    bad = result.isna() & (text != "")
    if bad.any():
        position = int(bad.to_numpy().argmax())
        raise DataError("expected True or False (or empty when unknown)", path=table.path,
                        line=table.line([position]), column=column,
                        value=table.frame[column].iloc[position])
    return result


def _parse_year(table: _Table, column: str) -> pd.Series:
    """Year of a date (YYYY-MM-DD, YYYY-MM-DD hh:mm:ss, DD/MM/YYYY or YYYY); '' -> NA."""
    import pandas as pd

    text = table.frame[column].str.strip()
    year = text.str.extract(_YEAR, expand=False).fillna(text.str.extract(_YEAR_LAST, expand=False))
    years = pd.to_numeric(year, errors="coerce").astype("Int64")
    bad = (text != "") & (years.isna() | (years < schema.MIN_YEAR) | (years > schema.MAX_YEAR))
    if bad.fillna(True).any():
        position = int(bad.fillna(True).to_numpy().argmax())
        raise DataError("expected a date such as 2017-10-01 (or empty)", path=table.path,
                        line=table.line([position]), column=column, value=text.iloc[position])
    return years


def _activity_types(table: _Table) -> pd.Series:
    types = table.frame["activityType"].str.strip().str.upper()
    bad = ~types.isin(_ACTIVITY_TYPES)
    if bad.any():
        position = int(bad.to_numpy().argmax())
        raise DataError(f"expected a CORDIS activity type: one of {', '.join(_ACTIVITY_TYPES)}",
                        path=table.path, line=table.line([position]), column="activityType",
                        value=table.frame["activityType"].iloc[position])
    return types


def _normalise_vat(values: pd.Series) -> pd.Series:
    """Upper case, without spaces, dots and hyphens; '' -> NA."""
    import numpy as np

    vat = values.str.upper().str.replace(r"[\s.\-\u00a0]", "", regex=True)
    return vat.where(vat != "", np.nan)


def _blank_to_na(values: pd.Series) -> pd.Series:
    import numpy as np

    text = values.str.strip()
    return text.where(text != "", np.nan)


# --------------------------------------------------------------------------- tables


def _participation_rows(table: _Table, fmt: str, skipped: dict[str, int]) -> pd.DataFrame:
    """One typed row per input row (rows without project or organisation id are counted out)."""
    import numpy as np
    import pandas as pd

    frame = table.frame
    pic = frame[_PIC_COLUMN[fmt]].str.strip()
    project = frame["projectID"].str.strip()
    types = _activity_types(table)
    sme = _parse_bool(table, "SME") if "SME" in frame.columns else pd.Series(
        pd.NA, index=frame.index, dtype="boolean")
    country = frame["country"].str.strip().str.upper()
    rows = pd.DataFrame({
        "project_id": "cordis-" + project,
        "org_id": "pic-" + pic,
        "role": frame["role"].str.strip().str.lower(),
        "budget_eur": _parse_money(table, "ecContribution"),
        "acronym": frame["projectAcronym"].str.strip(),
        "project_number": project,
        "pic": pic,
        "name": frame["name"].str.strip(),
        "short_name": frame["shortName"].str.strip() if "shortName" in frame.columns else "",
        "activity_type": types,
        "sme": sme,
        "vat": _normalise_vat(frame["vatNumber"]),
        "country": country.where(country != "", np.nan),
        "city": _blank_to_na(frame["city"]) if "city" in frame.columns else np.nan,
    })
    rows["role"] = rows["role"].where(rows["role"] != "", np.nan)
    missing_project, missing_pic = project == "", pic == ""
    for reason, mask in (("rows without projectID", missing_project),
                         (f"rows without organisation id ({_PIC_COLUMN[fmt]})", missing_pic & ~missing_project)):
        if mask.any():
            skipped[reason] = int(mask.sum())
    return rows[~(missing_project | missing_pic)]


def _projects_from_rows(rows: pd.DataFrame, programme: str) -> pd.DataFrame:
    """Projects as the organisation file knows them: id, acronym, number; no dates."""
    import numpy as np
    import pandas as pd

    first = rows.drop_duplicates("project_id")
    title = first["acronym"].where(first["acronym"] != "", first["project_number"])
    return pd.DataFrame({
        "title": title.to_numpy(),
        "programme": programme,
        "theme": pd.Series([np.nan] * len(first), dtype="str").to_numpy(),
        "start_year": pd.array([pd.NA] * len(first), dtype="Int64"),
        "end_year": pd.array([pd.NA] * len(first), dtype="Int64"),
        "budget_eur": np.nan,
        "cluster_id": pd.Series([np.nan] * len(first), dtype="str").to_numpy(),
        "acronym": first["acronym"].where(first["acronym"] != "", np.nan).to_numpy(),
        "project_number": first["project_number"].to_numpy(),
    }, index=pd.Index(first["project_id"].to_numpy(), name="id"))


def _merge_project_file(projects: pd.DataFrame, ptable: _Table, skipped: dict[str, int],
                        notes: list[str]) -> pd.DataFrame:
    """Fill title, programme, theme, years and budget from a CORDIS projects file."""
    import pandas as pd

    fmt = _detect_format(ptable, PROJECT_FILE_COLUMNS, "projects")
    frame = ptable.frame
    ids = "cordis-" + frame["id"].str.strip()
    duplicated = ids.duplicated()
    if duplicated.any():
        position = int(duplicated.to_numpy().argmax())
        raise DataError("project id appears twice in the projects file; expected one row per project",
                        path=ptable.path, line=ptable.line([position]), column="id",
                        value=frame["id"].iloc[position])
    topics = _blank_to_na(frame["topics"])
    fallback = _blank_to_na(frame["legalBasis" if fmt == "current" else "programme"])
    info = pd.DataFrame({
        "title": _blank_to_na(frame["title"]),
        "programme": _blank_to_na(frame["frameworkProgramme"]),
        "theme": topics.fillna(fallback),
        "start_year": _parse_year(ptable, "startDate"),
        "end_year": _parse_year(ptable, "endDate"),
        "budget_eur": _parse_money(ptable, "totalCost"),
    }).set_axis(pd.Index(ids.to_numpy(), name="id"))
    known = info.index.isin(projects.index)
    if (~known).any():
        skipped["projects-file rows without participants in the organisation file"] = int((~known).sum())
    info = info[known]
    missing = int((~projects.index.isin(info.index)).sum())
    if missing:
        notes.append(f"{missing} projects of the organisation file are not in {ptable.path}; "
                     "their title is the acronym and their years and budget are empty")
    merged = projects.copy()
    for column in ("title", "programme", "theme", "budget_eur"):
        merged[column] = info[column].reindex(merged.index).fillna(merged[column])
    for column in ("start_year", "end_year"):
        merged[column] = info[column].reindex(merged.index).astype("Int64")
    merged["budget_eur"] = merged["budget_eur"].astype(float)
    reversed_years = merged["end_year"] < merged["start_year"]
    if reversed_years.fillna(False).any():
        bad = merged.index[reversed_years.fillna(False).to_numpy()][0]
        raise DataError("endDate is before startDate; expected end >= start", path=ptable.path,
                        column="endDate", value=bad.removeprefix("cordis-"))
    return merged


def _organisations(rows: pd.DataFrame, has_sme: bool, notes: list[str]) -> pd.DataFrame:
    """One row per PIC (first row's attributes), with helix, kind and ISO country."""
    import numpy as np
    import pandas as pd

    attributes = ["name", "short_name", "activity_type", "sme", "vat", "country", "city"]
    varying = rows.groupby("org_id", sort=False)[["name", "activity_type", "country"]].nunique(dropna=False)
    changed = int((varying > 1).any(axis=1).sum())
    if changed:
        notes.append(f"{changed} organisations have different name, activity type or country "
                     "in different rows; the first row's values were kept")
    orgs = rows.drop_duplicates("org_id").set_index("org_id")[["pic"] + attributes]
    orgs.index.name = "id"
    no_name = orgs["name"] == ""
    if no_name.any():
        fallback = orgs["short_name"].where(orgs["short_name"] != "", orgs.index.to_series())
        orgs.loc[no_name, "name"] = fallback[no_name]
        notes.append(f"{int(no_name.sum())} organisations have no name; the short name or id is used")
    orgs["short_name"] = orgs["short_name"].where(orgs["short_name"] != "", np.nan)
    orgs["helix"] = orgs["activity_type"].map(schema.normalise_helix)
    orgs["kind"] = _kinds(orgs)
    orgs["possible_person"] = (orgs["activity_type"] == "PRC") & orgs["sme"].isna()
    persons = int(orgs["possible_person"].sum())
    if not has_sme:
        # the pre-2021 file has no SME column: a person cannot be told from a company
        orgs["possible_person"] = pd.array([pd.NA] * len(orgs), dtype="boolean")
    elif persons:
        notes.append(f"{persons} PRC organisations have an empty SME field: in CORDIS these are "
                     "mostly natural persons (individual experts); flagged possible_person, kind "
                     f"{KIND_SME_UNKNOWN!r}")
    orgs["iso_country"] = orgs["country"].map(iso_country)
    first = ["name", "helix", "kind", "sme", "vat", "pic", "country"]
    return orgs[first + [c for c in orgs.columns if c not in first]]


def _kinds(orgs: pd.DataFrame) -> pd.Series:
    import numpy as np

    kind = orgs["activity_type"].map(KINDS)
    prc = orgs["activity_type"] == "PRC"
    sme = orgs["sme"]
    prc_kind = np.where(sme.fillna(False).astype(bool), KIND_SME,
                        np.where(sme.isna(), KIND_SME_UNKNOWN, KIND_NOT_SME))
    return kind.where(~prc, prc_kind)


def _participations(rows: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """One participation per (project, organisation): roles joined, budgets summed."""
    import pandas as pd

    key = ["project_id", "org_id"]
    columns = key + ["role", "budget_eur"]
    repeated = rows.duplicated(key, keep=False)
    single = rows.loc[~repeated, columns]
    if not repeated.any():
        return single.reset_index(drop=True)
    grouped = rows.loc[repeated, columns].groupby(key, sort=False)
    combined = grouped.agg(
        role=("role", lambda r: "+".join(dict.fromkeys(r.dropna()))),
        budget_eur=("budget_eur", lambda b: b.sum(min_count=1)),
    ).reset_index()
    combined["role"] = combined["role"].where(combined["role"] != "", pd.NA)
    notes.append(f"{int(repeated.sum()) - len(combined)} rows repeat an organisation already in the "
                 f"same project: combined into {len(combined)} participations (roles joined with "
                 "'+', budgets summed)")
    # keep input order: each combined pair sits where its first row was
    order = pd.concat([single.assign(_pos=rows.index[~repeated]),
                       combined.assign(_pos=rows.loc[repeated].drop_duplicates(key).index)])
    return order.sort_values("_pos").drop(columns="_pos").reset_index(drop=True)


def _note_coordinators(participations: pd.DataFrame, notes: list[str]) -> None:
    roles = participations["role"].fillna("")
    is_coordinator = roles.str.split("+").map(lambda parts: "coordinator" in parts)
    per_project = participations.loc[is_coordinator, "project_id"].value_counts()
    several = per_project[per_project > 1]
    if len(several):
        notes.append(f"{len(several)} projects have several coordinators (all kept): "
                     + ", ".join(several.index[:5]) + (", ..." if len(several) > 5 else ""))
    without = participations["project_id"].nunique() - len(per_project)
    if without:
        notes.append(f"{without} projects have no coordinator in this export")
