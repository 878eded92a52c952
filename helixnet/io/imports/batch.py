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
    """

    source: str
    files: list[str]
    organisations: "pd.DataFrame"
    projects: "pd.DataFrame"
    participations: "pd.DataFrame"
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {
            "organisations": len(self.organisations),
            "projects": len(self.projects),
            "participations": len(self.participations),
        }
