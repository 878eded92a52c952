"""Project themes: readable names for theme codes, and themes from a project -> theme table.

A project's ``theme`` holds one code, or several separated by :data:`THEME_SEPARATOR`
(``"LEIT; SC3"``: a Horizon 2020 project funded from two programme parts). The
vocabulary ``helixnet/mappings/themes.toml`` gives each known code an English and a
Dutch name (``SC3`` -> "Secure, clean and efficient energy" / "Veilige, schone en
efficiënte energie"); an unknown code is shown as it is.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from helixnet.errors import DataError, OptionError

if TYPE_CHECKING:
    import pandas as pd

    from helixnet.io.loader import Dataset

THEME_SEPARATOR = "; "
LANGUAGES = ("en", "nl")
NO_THEME = "(no theme)"


@lru_cache(maxsize=1)
def theme_vocabulary() -> dict[str, dict[str, str]]:
    """The shipped vocabulary: code -> {"en": name, "nl": name}."""
    from importlib import resources

    from helixnet.io.toml import parse_toml

    text = resources.files("helixnet.mappings").joinpath("themes.toml").read_text(encoding="utf-8")
    return {code: dict(names) for code, names in parse_toml(text, "helixnet/mappings/themes.toml",
                                                             "a theme vocabulary")["themes"].items()}


def theme_label(code: str, lang: str = "en") -> str:
    """The readable name of theme ``code`` in ``lang`` (the code itself when unknown).

    Examples
    --------
    >>> theme_label("SC3", "nl")
    'Veilige, schone en efficiënte energie'
    >>> theme_label("quantum")
    'quantum'
    """
    if lang not in LANGUAGES:
        raise OptionError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return theme_vocabulary().get(code, {}).get(lang, code)


def split_themes(value: object) -> list[str]:
    """The theme codes of one project's ``theme`` cell (empty list when it has none)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(THEME_SEPARATOR.strip()) if part.strip()]


def theme_table(dataset: "Dataset", lang: str = "en") -> "pd.DataFrame":
    """Projects, participations and organisations per theme.

    A project with several themes counts in each of them; projects without a theme form
    the row :data:`NO_THEME`, so ``projects`` sums to at least the number of projects.

    Parameters
    ----------
    dataset : Dataset
    lang : {"en", "nl"}
        Language of the ``name`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by theme code, sorted by projects (descending) then code: ``name``,
        ``projects``, ``share_of_projects`` (of all projects), ``participations``,
        ``organisations`` (distinct), ``bedrijf`` ... ``intermediair`` (distinct
        organisations per helix).
    """
    import pandas as pd

    from helixnet import schema

    projects = dataset.projects
    codes = projects["theme"].map(split_themes)
    exploded = codes.map(lambda c: c or [NO_THEME]).explode().rename("theme")
    parts = dataset.participations.merge(exploded, left_on="project_id", right_index=True)
    parts = parts.join(dataset.organisations["helix"], on="org_id")
    grouped = parts.groupby("theme")
    table = pd.DataFrame({
        "projects": exploded.groupby(exploded).size(),
        "participations": grouped.size(),
        "organisations": grouped["org_id"].nunique(),
    }).fillna(0).astype(int)
    helix = parts.drop_duplicates(["theme", "org_id"]).groupby(["theme", "helix"]).size().unstack(fill_value=0)
    for name in schema.HELICES:
        table[name] = helix[name].reindex(table.index).fillna(0).astype(int) if name in helix else 0
    table.insert(0, "name", [theme_label(code, lang) if code != NO_THEME else code for code in table.index])
    table.insert(2, "share_of_projects", table["projects"] / max(len(projects), 1))
    table.index.name = "theme"
    return table.sort_values(["projects"], ascending=False, kind="stable").sort_index(
        key=lambda index: index == NO_THEME, kind="stable")


def read_theme_table(path: str | Path, project_column: str, theme_column: str, *, id_prefix: str = "",
                     encoding: str | None = None) -> "pd.Series":
    """Read a project -> theme table (CSV, one row per project and theme).

    Parameters
    ----------
    path : str or Path
        CSV file, e.g. ``programme_parts.csv`` (``rcn, programme_part``).
    project_column, theme_column : str
        Its column holding the project id and the one holding the theme code.
    id_prefix : str
        Prepended to the project ids (the import mapping's project prefix).
    encoding : str, optional
        See :func:`helixnet.io.csvfile.read_csv`.

    Returns
    -------
    pandas.Series
        Project id -> theme codes joined with :data:`THEME_SEPARATOR`, each code once,
        sorted; rows with an empty project id or theme are left out.

    Raises
    ------
    DataError
        The file cannot be read or lacks one of the two columns.
    """
    import pandas as pd

    from helixnet.io.csvfile import read_csv

    table = read_csv(path, what="a project -> theme table", encoding=encoding)
    for column in (project_column, theme_column):
        if column not in table.header:
            raise DataError(f"column is missing from the header; expected columns {project_column} and "
                            f"{theme_column}", path=table.path, line=table.header_line, column=column)
    frame = pd.DataFrame([fields for _, fields in table.rows], columns=table.header, dtype=object)
    if frame.empty:
        return pd.Series(dtype=object)
    ids = frame[project_column].str.strip()
    themes = frame[theme_column].str.strip()
    keep = (ids != "") & (themes != "")
    pairs = pd.DataFrame({"id": id_prefix + ids[keep], "theme": themes[keep]}).drop_duplicates()
    return pairs.sort_values("theme").groupby("id", sort=True)["theme"].agg(THEME_SEPARATOR.join)


def attach_themes(projects: "pd.DataFrame", themes: "pd.Series", label: str) -> "tuple[pd.DataFrame, list[str]]":
    """Set ``projects['theme']`` from ``themes`` (id -> codes) and say what was found.

    Projects the table does not list keep the theme they had. Returns the new projects
    frame and notes: how many projects got a theme, how many have none, how many table
    rows name projects that are not in ``projects``.
    """
    projects = projects.copy()
    found = projects.index.isin(themes.index)
    projects["theme"] = themes.reindex(projects.index).where(found, projects["theme"]).astype(object)
    without = int(projects["theme"].isna().sum())
    notes = [f"themes from {label}: {int(found.sum()):,} of {len(projects):,} projects"
             + (f"; {without:,} have no theme" if without else "")]
    unknown = int((~themes.index.isin(projects.index)).sum())
    if unknown:
        notes.append(f"{unknown:,} projects of {label} are not in this export (ignored)")
    return projects, notes
