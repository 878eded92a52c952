"""The helixnet data model: tables, columns, types and the helix vocabulary.

A data directory holds CSV files (UTF-8, with or without BOM, ``,`` or ``;`` delimited):

=====================================  ==================================================
``nodes/organisations*.csv``           ``id, name, helix, kind`` + optional attributes
``nodes/projects*.csv``                ``id, title, programme, theme, start_year,
                                       end_year, budget_eur, cluster_id``
``edges/participations*.csv``          ``project_id, org_id, role, budget_eur``
``edges/ties*.csv``                    ``source, target, relation, weight, start_year,
                                       end_year``
=====================================  ==================================================

Several files of one kind are combined (one per source export).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The quadruple helix plus intermediaries (cluster organisations), in display order.
HELICES: tuple[str, ...] = ("bedrijf", "kennisinstelling", "overheid", "burger", "intermediair")

#: The four helices proper (intermediaries are outside them).
QUADRUPLE_HELIX: tuple[str, ...] = HELICES[:4]

#: English labels of the helix values, for English output.
HELIX_LABELS_EN: dict[str, str] = {
    "bedrijf": "company",
    "kennisinstelling": "knowledge institution",
    "overheid": "government",
    "burger": "citizens",
    "intermediair": "intermediary (cluster)",
}

#: Accepted spellings (lower case) of each helix value: Dutch, English aliases and
#: CORDIS activity types (PRC, HES, REC, PUB, OTH).
HELIX_ALIASES: dict[str, str] = {
    **{h: h for h in HELICES},
    # companies
    "company": "bedrijf",
    "companies": "bedrijf",
    "industry": "bedrijf",
    "business": "bedrijf",
    "firm": "bedrijf",
    "prc": "bedrijf",
    "bedrijven": "bedrijf",
    # knowledge institutions
    "knowledge": "kennisinstelling",
    "knowledge institution": "kennisinstelling",
    "university": "kennisinstelling",
    "academia": "kennisinstelling",
    "research": "kennisinstelling",
    "hes": "kennisinstelling",
    "rec": "kennisinstelling",
    "kennisinstellingen": "kennisinstelling",
    # government
    "government": "overheid",
    "public": "overheid",
    "public body": "overheid",
    "pub": "overheid",
    # citizens
    "citizen": "burger",
    "citizens": "burger",
    "civil society": "burger",
    "civil_society": "burger",
    "oth": "burger",
    "burgers": "burger",
    # intermediaries
    "intermediary": "intermediair",
    "cluster": "intermediair",
}


def normalise_helix(value: str) -> str | None:
    """Return the canonical helix for ``value`` (case-insensitive), or None if unknown."""
    key = " ".join(value.strip().lower().replace("-", " ").split())
    return HELIX_ALIASES.get(key)


#: Country codes used by EU sources (CORDIS) that differ from ISO 3166-1 alpha-2.
COUNTRY_ALIASES: dict[str, str] = {"EL": "GR", "UK": "GB"}


def iso_country(value: object) -> str | None:
    """Upper-case ISO 3166 code of ``value`` with the EU aliases resolved (``EL`` -> ``GR``,
    ``UK`` -> ``GB``); None for a missing or empty value. ``NA`` is Namibia."""
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


#: Organisation kinds that count as SMEs (kmo) when no explicit ``sme`` column is given.
SME_KINDS: frozenset[str] = frozenset({"kmo", "sme", "smo"})

#: Values accepted for boolean columns.
TRUE_VALUES = frozenset({"true", "1", "yes", "y", "ja", "j", "t", "waar"})
FALSE_VALUES = frozenset({"false", "0", "no", "n", "nee", "f", "onwaar"})

MIN_YEAR = 1900
MAX_YEAR = 2100


@dataclass(frozen=True)
class Column:
    """One column of a table: its type and whether it must be filled in."""

    name: str
    type: str = "str"  # str | id (NFC) | keyword (lower case) | float (>= 0) | positive (> 0) | bool | helix | year
    required: bool = True  # the column must be present in the header
    nonempty: bool = True  # every cell must be filled in
    description: str = ""


@dataclass(frozen=True)
class TableSpec:
    """A kind of table: where its files live and which columns it has."""

    name: str
    pattern: str  # glob relative to the data directory
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns whose combination must be unique
    description: str = ""
    extra_columns_allowed: bool = False
    optional_columns: tuple[Column, ...] = field(default=())

    def column(self, name: str) -> Column | None:
        """The declared column called ``name`` (required or optional), if any."""
        for col in self.columns + self.optional_columns:
            if col.name == name:
                return col
        return None


ORGANISATIONS = TableSpec(
    name="organisations",
    pattern="nodes/organisations*.csv",
    key=("id",),
    extra_columns_allowed=True,
    description="One row per organisation (node of the network).",
    columns=(
        Column("id", "id", description="Unique organisation id"),
        Column("name", description="Display name"),
        Column("helix", "helix", description="bedrijf, kennisinstelling, overheid, burger or intermediair (aliases accepted)"),
        Column("kind", "keyword", description="e.g. kmo, grote_onderneming, universiteit, hogeschool, strategisch_onderzoekscentrum, agentschap, stad, burgerorganisatie, cluster"),
    ),
    optional_columns=(
        Column("sme", "bool", required=False, nonempty=False, description="SME flag (true/false); defaults to kind == kmo"),
        Column("vat", required=False, nonempty=False, description="VAT/KBO number"),
        Column("country", required=False, nonempty=False, description="ISO country code"),
        Column("region", required=False, nonempty=False, description="Region"),
        Column("domain", required=False, nonempty=False, description="Main domain or sector"),
    ),
)

PROJECTS = TableSpec(
    name="projects",
    pattern="nodes/projects*.csv",
    key=("id",),
    extra_columns_allowed=True,
    description="One row per collaboration project.",
    columns=(
        Column("id", "id", description="Unique project id"),
        Column("title", description="Project title"),
        Column("programme", nonempty=False, description="Funding programme"),
        Column("theme", nonempty=False, description="Theme or domain"),
        Column("start_year", "year", nonempty=False,
               description="Year the project started (empty when the source does not give it; such projects are left out of time windows)"),
        Column("end_year", "year", nonempty=False, description="Year the project ended (>= start_year)"),
        Column("budget_eur", "float", nonempty=False, description="Total budget in EUR (>= 0)"),
        Column("cluster_id", "id", nonempty=False, description="Organisation id of the facilitating cluster, if any"),
    ),
)

PARTICIPATIONS = TableSpec(
    name="participations",
    pattern="edges/participations*.csv",
    key=("project_id", "org_id"),
    extra_columns_allowed=True,
    description="One row per organisation taking part in a project.",
    columns=(
        Column("project_id", "id", description="Project id"),
        Column("org_id", "id", description="Organisation id"),
        Column("role", nonempty=False, description="coordinator, partner, ..."),
        Column("budget_eur", "float", nonempty=False, description="The organisation's budget share in EUR (>= 0)"),
    ),
)

TIES = TableSpec(
    name="ties",
    pattern="edges/ties*.csv",
    key=("source", "target", "relation"),
    extra_columns_allowed=True,
    description="Direct organisation-organisation ties: cluster memberships and other relations.",
    columns=(
        Column("source", "id", description="Organisation id"),
        Column("target", "id", description="Organisation id"),
        Column("relation", description="e.g. membership"),
        Column("weight", "positive", nonempty=False, description="Tie strength (> 0, default 1)"),
        Column("start_year", "year", nonempty=False, description="First year of the tie"),
        Column("end_year", "year", nonempty=False, description="Last year of the tie"),
    ),
)

TABLES: tuple[TableSpec, ...] = (ORGANISATIONS, PROJECTS, PARTICIPATIONS, TIES)

#: Tables a data directory must have at least one file of.
REQUIRED_TABLES: tuple[str, ...] = ("organisations", "projects", "participations")
