"""The assumptions an import makes about helices, said out loud.

Exports code organisations in their own vocabulary (CORDIS activity types PRC, HES, REC,
PUB, OTH; a spreadsheet's own words); an import translates each code to a helix. Some of
those translations are approximations: CORDIS ``OTH`` ("other": NGOs, associations,
foundations, ...) becomes *burger* (citizens), but it also holds industry associations.
:func:`helix_assumptions` counts each translation and flags the *burger* organisations
whose names look like associations of companies or institutions, by a stated rule
(:data:`ASSOCIATION_WORDS`), so that the user can review them and reclassify them in
``curation.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Whole words (compared without accents and case) that mark a name as an association of
#: organisations.
ASSOCIATION_WORDS: tuple[str, ...] = (
    "association", "associations", "associazione", "asociacion", "associacao", "federation", "federatie",
    "federazione", "federacion", "confederation", "vereniging", "verbond", "verband", "alliance", "council",
    "chamber", "union", "platform", "network", "forum", "vzw", "asbl", "aisbl", "ivzw",
)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ASSOCIATION = re.compile(r"\b(" + "|".join(ASSOCIATION_WORDS) + r")\b")

#: Columns that hold an organisation's code in the export, in order of preference.
CODE_COLUMNS: tuple[str, ...] = ("activity_type", "helix_code")


def helix_assumptions(orgs: "pd.DataFrame") -> "pd.DataFrame":
    """How the export's codes were translated into helices, with counts.

    Parameters
    ----------
    orgs : pandas.DataFrame
        An import batch's organisations: ``name``, ``helix``, ``kind`` and the export's
        code in ``activity_type`` (CORDIS) or ``helix_code`` (a mapped table), when kept.

    Returns
    -------
    pandas.DataFrame
        One row per (code, helix, kind): ``code`` (empty when the export gave none),
        ``helix``, ``kind``, ``organisations``, ``look_like_associations`` (organisations
        of helix *burger* whose normalised name contains one of
        :data:`ASSOCIATION_WORDS`; 0 for other helices), sorted by code then count.
    """
    import pandas as pd

    column = next((c for c in CODE_COLUMNS if c in orgs.columns), None)
    codes = orgs[column].fillna("").astype(str) if column else pd.Series("", index=orgs.index)
    association = _looks_like_association(orgs)
    frame = pd.DataFrame({"code": codes, "helix": orgs["helix"].astype(str), "kind": orgs["kind"].astype(str),
                          "association": association})
    table = frame.groupby(["code", "helix", "kind"], sort=True).agg(
        organisations=("association", "size"), look_like_associations=("association", "sum")).reset_index()
    table["look_like_associations"] = table["look_like_associations"].astype(int)
    return table.sort_values(["code", "organisations"], ascending=[True, False], kind="stable").reset_index(drop=True)


def association_candidates(orgs: "pd.DataFrame") -> "pd.Index":
    """Ids of *burger* organisations whose names look like associations (the rule above)."""
    return orgs.index[_looks_like_association(orgs).to_numpy()]


def _looks_like_association(orgs: "pd.DataFrame") -> "pd.Series":
    names = orgs["name"].map(_plain)
    return (orgs["helix"] == "burger") & names.map(lambda n: bool(_ASSOCIATION.search(n)))


def _plain(name: object) -> str:
    """Lower case without accents, every run of other characters one space (legal forms such
    as vzw kept: they are part of the rule)."""
    if not isinstance(name, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    return _NON_WORD.sub(" ", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold())


def describe_assumptions(table: "pd.DataFrame") -> list[str]:
    """One line per row of :func:`helix_assumptions`, e.g.
    ``OTH -> burger (andere): 154 organisations; 12 look like associations (...)``."""
    lines = []
    for row in table.itertuples(index=False):
        code = f"{row.code} -> " if row.code else ""
        line = f"{code}{row.helix} ({row.kind}): {row.organisations:,} organisation{'s' * (row.organisations != 1)}"
        if row.look_like_associations:
            words = ", ".join(f"'{w}'" for w in ("association", "federation", "platform", "vzw"))
            line += (f"; {row.look_like_associations:,} look like associations (name contains {words}, ...): "
                     "review them and reclassify in curation.toml")
        lines.append(line)
    return lines
