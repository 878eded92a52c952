"""What every importer returns: one source's organisations, projects and participations.

An :class:`ImportBatch` holds the rows of one source export in the data model of
:mod:`helixnet.schema`, before it is merged into a data directory by
:mod:`helixnet.io.imports.refresh`. Importers never drop a row silently: every row they
leave out or fold into another is counted in ``skipped`` or described in ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Columns of the three tables in a batch (besides any extra attribute columns).
ORGANISATION_COLUMNS = ("name", "helix", "kind", "sme", "vat", "pic", "country")
PROJECT_COLUMNS = ("title", "programme", "theme", "start_year", "end_year", "budget_eur", "cluster_id")
PARTICIPATION_COLUMNS = ("project_id", "org_id", "role", "budget_eur")


@dataclass
class ImportBatch:
    """One source's rows in the helixnet data model.

    Attributes
    ----------
    source : str
        Short name of the source (a slug such as ``cordis-h2020``); it names the files
        the batch is written to and scopes refreshes: re-importing a source replaces that
        source's rows only.
    files : list of str
        The input files read.
    organisations : pandas.DataFrame
        Index ``id`` (str, unique); columns :data:`ORGANISATION_COLUMNS` (``sme`` bool or
        NA, ``vat``/``pic``/``country`` str or NA) plus any extra attribute columns.
    projects : pandas.DataFrame
        Index ``id``; columns :data:`PROJECT_COLUMNS` (years Int64, may be NA when the
        source does not give them; ``budget_eur`` float).
    participations : pandas.DataFrame
        Columns :data:`PARTICIPATION_COLUMNS`; ``(project_id, org_id)`` unique, every id
        present in the other two tables.
    skipped : dict
        Reason -> number of input rows left out (e.g. outside the year range).
    notes : list of str
        Other things the user should know (e.g. duplicate participations combined).
    title : str
        What the export is (e.g. "CORDIS participants export"); the dataset title when
        ``dataset.toml`` gives none.
    fill_only : bool
        Only fill in fields of organisations that other sources hold (names, SME flag,
        VAT, ...); import no organisations, projects or participations of its own.
    gaps : list of str
        Project fields no project has, and how to add them (:func:`missing_project_fields`);
        reported with the notes unless the batch only fills in.
    """

    source: str
    files: list[str]
    organisations: "pd.DataFrame"
    projects: "pd.DataFrame"
    participations: "pd.DataFrame"
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    fill_only: bool = False
    gaps: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            "organisations": len(self.organisations),
            "projects": len(self.projects),
            "participations": len(self.participations),
        }


def keep_projects(batch: ImportBatch, project_ids, why: str) -> ImportBatch:
    """``batch`` with only the projects ``project_ids``, their participations and organisations.

    What is left out is counted in ``skipped`` under ``why`` (projects, participations,
    and organisations that take part in no kept project), never dropped silently.
    """
    from dataclasses import replace

    keep = batch.projects.index.isin(list(project_ids))
    parts = batch.participations["project_id"].isin(batch.projects.index[keep])
    orgs = batch.organisations.index.isin(batch.participations.loc[parts, "org_id"])
    had_project = batch.organisations.index.isin(batch.participations["org_id"])
    skipped = dict(batch.skipped)
    for table, count in (("projects", int((~keep).sum())), ("participations", int((~parts).sum())),
                         ("organisations in no kept project", int((had_project & ~orgs).sum()))):
        if count:
            skipped[f"{table} {why}"] = skipped.get(f"{table} {why}", 0) + count
    return replace(batch, projects=batch.projects[keep], participations=batch.participations[parts],
                   organisations=batch.organisations[orgs | ~had_project], skipped=skipped)


def within_years(batch: ImportBatch, from_year: int | None = None, to_year: int | None = None) -> ImportBatch:
    """Keep the projects that started in ``[from_year, to_year]`` (a project without a start
    year is left out as soon as a bound is given)."""
    from helixnet.errors import OptionError

    if from_year is None and to_year is None:
        return batch
    if from_year is not None and to_year is not None and from_year > to_year:
        raise OptionError(f"from-year {from_year} is after to-year {to_year}; expected from <= to")
    start = batch.projects["start_year"].astype("float64")
    inside = start.notna()
    if from_year is not None:
        inside &= start >= from_year
    if to_year is not None:
        inside &= start <= to_year
    why = f"that started outside {from_year or '...'}-{to_year or '...'} or have no start year"
    return keep_projects(batch, batch.projects.index[inside.to_numpy()], why)


def within_country(batch: ImportBatch, country: str | None, rows: "pd.DataFrame | None" = None) -> ImportBatch:
    """Keep every project with at least one participant from ``country`` and all its partners.

    Countries compare as ISO codes, so ``UK``/``GB`` and ``EL``/``GR`` are the same. By
    default an organisation's own ``country`` decides; ``rows`` (``project_id`` and
    ``country`` per participation) decide instead where a source gives the country per
    participation, as CORDIS does (one PIC can be listed in BE in one project and in DE in
    another).
    """
    from helixnet.errors import OptionError
    from helixnet.schema import iso_country

    if country is None:
        return batch
    wanted = iso_country(country)
    if wanted is None:
        raise OptionError(f"country {country!r}: expected a country code such as BE")
    if rows is not None:
        projects = rows.loc[(rows["country"].map(iso_country) == wanted).to_numpy(), "project_id"].unique()
    else:
        org_country = batch.organisations["country"].map(iso_country)
        from_country = batch.organisations.index[(org_country == wanted).to_numpy()]
        parts = batch.participations
        projects = parts.loc[parts["org_id"].isin(from_country), "project_id"].unique()
    return keep_projects(batch, projects, f"without a participant from {wanted}")


def missing_project_fields(batch: ImportBatch, hints: dict[str, str]) -> list[str]:
    """Notes for the project fields (``start_year``, ``theme``, ...) that no project has.

    Parameters
    ----------
    batch : ImportBatch
    hints : dict
        Field -> how to add it with this importer (e.g. ``"pass --projects FILE"``).

    Returns
    -------
    list of str
        One note per field in ``hints`` that is empty for every project (none when the
        batch has no projects).
    """
    notes = []
    if batch.projects.empty:
        return notes
    for column, hint in hints.items():
        if column not in batch.projects.columns or batch.projects[column].isna().all():
            what = "start years (time windows and trends need them)" if column == "start_year" else f"{column}s"
            notes.append(f"no project has {what}: {hint}")
    return notes
