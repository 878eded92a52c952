"""Seeded generator of the embedded demonstration dataset: a synthetic Flemish ecosystem.

The data in ``data/`` is *synthetic*. Public institutions (universities, research centres,
government bodies, the spearhead clusters) carry their real names so the maps read
naturally, but every project, consortium, budget, membership and company is invented.
Company names are built from random syllables and are not meant to name any real firm; citizen
organisations are generic descriptions ("Energiecoöperatie Mol").

The generator builds, in this order:

1. an organisation catalogue: the seven clusters, named knowledge institutions and
   government bodies, synthetic citizen organisations and synthetic companies, each with a
   *fitness* (how attractive a partner it is, heavy-tailed) and an *affinity* per domain;
2. projects, year by year: each active cluster facilitates a Poisson number of projects in
   its domain, and other projects have no cluster;
3. consortia: the facilitating cluster, the cluster's anchor partners (e.g. VITO for
   Flux50), then slots filled by partner category (SME, large company, university, ...)
   following the cluster's and the programme's mix; within a category a partner is drawn
   with probability proportional to fitness x domain affinity x (companies) 1 + its
   project count so far (preferential attachment), with a share of SME slots reserved
   for newcomers so most SMEs appear in a few projects;
4. one coordinator per project (programme-specific preference) and a budget split;
5. cluster membership ties (most partners of a cluster's projects, plus members who take
   part in no project) and a few inter-cluster ``partnership`` and ``host`` ties.

The clusters are given deliberately different structures (see :data:`CLUSTERS`) so the
analysis has something to discriminate. ``python -m helixnet.synthetic DIR`` writes the
CSV files, ``dataset.toml`` and ``README.md`` to ``DIR``; the same seed gives the same
bytes.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_SEED", "generate", "write", "to_csv", "dataset_toml", "readme", "cluster_summary", "main"]

DEFAULT_SEED = 20261127
#: Fixed creation date written to dataset.toml (never the clock, so output is reproducible).
CREATED = "2026-11-27"
TITLE = "Synthetic Flemish innovation ecosystem (demonstration data)"
GENERATOR = "helixnet.synthetic"

FIRST_YEAR = 2017  # first year of spearhead-cluster funding
LAST_YEAR = 2026  # the year the first three clusters reach the 10-year state-aid cap

# --------------------------------------------------------------------------- columns

ORGANISATION_COLUMNS = ("id", "name", "helix", "kind", "sme", "vat", "country", "region", "domain")
PROJECT_COLUMNS = ("id", "title", "programme", "theme", "start_year", "end_year", "budget_eur", "cluster_id")
PARTICIPATION_COLUMNS = ("project_id", "org_id", "role", "budget_eur")
TIE_COLUMNS = ("source", "target", "relation", "weight", "start_year", "end_year")

#: Output file of each table, relative to the data directory.
FILES = {
    "organisations": "nodes/organisations.csv",
    "projects": "nodes/projects.csv",
    "participations": "edges/participations.csv",
    "ties": "edges/ties.csv",
}

# --------------------------------------------------------------------------- domains

CHEM, BLUE, FOOD, ENERGY, HEALTH, LOGI, ENT = (
    "sustainable chemistry",
    "blue economy",
    "agrifood",
    "energy transition",
    "healthtech",
    "logistics",
    "entertainment technology",
)
DIGITAL, MANUFACTURING = "digital technology", "manufacturing"
#: Cluster domains; a project's domain decides which partners fit it.
DOMAINS: tuple[str, ...] = (CHEM, BLUE, FOOD, ENERGY, HEALTH, LOGI, ENT)
#: Column of the affinity matrix for projects on a cross-domain theme without a cluster.
CROSS = "cross-domain"
_AFFINITY_COLUMNS: tuple[str, ...] = (*DOMAINS, CROSS)

#: Themes per domain (several each) and cross-domain themes any project may carry.
THEMES: dict[str, tuple[str, ...]] = {
    CHEM: ("bio-based chemicals", "plastics recycling", "CO2 utilisation", "process intensification",
           "sustainable materials"),
    BLUE: ("offshore renewable energy", "aquaculture", "coastal protection", "clean shipping", "marine monitoring"),
    FOOD: ("alternative proteins", "precision agriculture", "food safety", "short food supply chains", "food processing"),
    ENERGY: ("smart grids", "energy storage", "renewable heat", "energy-efficient buildings", "hydrogen"),
    HEALTH: ("medical devices", "digital health", "diagnostics", "personalised medicine", "ageing well"),
    LOGI: ("smart logistics", "urban distribution", "multimodal transport", "supply-chain resilience", "port logistics"),
    ENT: ("immersive media", "live event technology", "game technology"),
}
CROSS_THEMES: tuple[str, ...] = ("digitalisation", "circularity", "artificial intelligence", "advanced manufacturing")
CROSS_THEME_SHARE = 0.25  # share of facilitated projects on a cross-domain theme

# --------------------------------------------------------------------------- partner categories

#: Partner categories a consortium slot is filled from (the cluster itself is separate).
CATEGORIES: tuple[str, ...] = ("sme", "large", "university", "research", "college", "hospital", "government", "citizen")
#: Category of each organisation kind.
KIND_CATEGORY: dict[str, str] = {
    "kmo": "sme",
    "grote_onderneming": "large",
    "universiteit": "university",
    "strategisch_onderzoekscentrum": "research",
    "onderzoekscentrum": "research",
    "hogeschool": "college",
    "universitair_ziekenhuis": "hospital",
    "ziekenhuis": "hospital",
    "burgerorganisatie": "citizen",
    "cooperatie": "citizen",
    "cluster": "cluster",
}

# --------------------------------------------------------------------------- clusters


@dataclass(frozen=True)
class ClusterProfile:
    """How one cluster's facilitated projects are put together."""

    id: str
    name: str
    domain: str
    first_year: int  # first year it facilitates projects and has members
    projects_per_year: float  # Poisson mean of facilitated projects per year
    mix: Mapping[str, float]  # relative weight of each partner category in a slot
    programmes: Mapping[str, float]  # programme mix of its projects
    anchors: Sequence[tuple[str, float]] = ()  # (organisation id, probability of taking part)
    outsider_factor: float = 1.0  # weight multiplier for partners whose affinity to the domain is low
    coordinator_share: float = 0.10  # share of its projects the cluster coordinates itself
    extra_members: int = 20  # members that take part in none of its projects


_VLAIO_MIX = {"VLAIO ICON": 0.33, "VLAIO O&O bedrijfsproject": 0.20, "VLAIO COOCK": 0.12, "cSBO": 0.13,
              "VLAIO TETRA": 0.05, "Horizon": 0.08, "Interreg": 0.06, "EFRO": 0.03}

#: The six spearhead clusters and the entertainment-technology cluster in the making.
#: Their mixes differ on purpose: Flux50 leans on VITO; VIL is SME-heavy with few
#: knowledge partners; Flanders'FOOD reaches citizens and government; De Blauwe Cluster
#: keeps to its own (blue) partners; MEDVIA is university- and hospital-heavy; Catalisti
#: is large-company heavy.
CLUSTERS: tuple[ClusterProfile, ...] = (
    ClusterProfile(
        "catalisti", "Catalisti", CHEM, 2017, 20.0,
        mix={"sme": 0.18, "large": 0.42, "university": 0.17, "research": 0.13, "college": 0.04,
             "hospital": 0.0, "government": 0.04, "citizen": 0.02},
        programmes=_VLAIO_MIX,
        anchors=(("ugent", 0.15), ("uantwerpen", 0.15), ("vito", 0.1)),
        extra_members=25,
    ),
    ClusterProfile(
        "de-blauwe-cluster", "De Blauwe Cluster", BLUE, 2018, 20.0,
        mix={"sme": 0.36, "large": 0.20, "university": 0.11, "research": 0.14, "college": 0.06,
             "hospital": 0.0, "government": 0.11, "citizen": 0.02},
        programmes={**_VLAIO_MIX, "Interreg": 0.12, "VLAIO ICON": 0.27},
        anchors=(("vliz", 0.5), ("ugent", 0.2)),
        outsider_factor=0.05,  # partners rarely come from outside the blue economy
        coordinator_share=0.20,
        extra_members=40,
    ),
    ClusterProfile(
        "flanders-food", "Flanders'FOOD", FOOD, 2019, 22.0,
        mix={"sme": 0.28, "large": 0.11, "university": 0.10, "research": 0.10, "college": 0.07,
             "hospital": 0.0, "government": 0.18, "citizen": 0.20},
        programmes={**_VLAIO_MIX, "VLAIO COOCK": 0.18, "Interreg": 0.08, "cSBO": 0.07},
        anchors=(("ilvo", 0.45), ("ugent", 0.15)),
        coordinator_share=0.15,
        extra_members=35,
    ),
    ClusterProfile(
        "flux50", "Flux50", ENERGY, 2017, 20.0,
        mix={"sme": 0.32, "large": 0.22, "university": 0.12, "research": 0.08, "college": 0.05,
             "hospital": 0.0, "government": 0.13, "citizen": 0.06},
        programmes=_VLAIO_MIX,
        anchors=(("vito", 0.7), ("uhasselt", 0.2), ("ku-leuven", 0.15)),  # VITO/EnergyVille in most projects
        extra_members=25,
    ),
    ClusterProfile(
        "medvia", "MEDVIA", HEALTH, 2021, 24.0,
        mix={"sme": 0.20, "large": 0.10, "university": 0.28, "research": 0.10, "college": 0.05,
             "hospital": 0.24, "government": 0.02, "citizen": 0.01},
        programmes={**_VLAIO_MIX, "Horizon": 0.12, "VLAIO O&O bedrijfsproject": 0.14},
        anchors=(("ku-leuven", 0.3), ("ugent", 0.25), ("uz-leuven", 0.2), ("uz-gent", 0.15)),
        extra_members=20,
    ),
    ClusterProfile(
        "vil", "VIL", LOGI, 2017, 22.0,
        mix={"sme": 0.66, "large": 0.16, "university": 0.04, "research": 0.02, "college": 0.04,
             "hospital": 0.0, "government": 0.07, "citizen": 0.01},
        programmes={**_VLAIO_MIX, "VLAIO O&O bedrijfsproject": 0.30, "cSBO": 0.05, "VLAIO COOCK": 0.15},
        coordinator_share=0.25,
        extra_members=80,  # a large, mostly SME member base
    ),
    ClusterProfile(
        "entertainment-tech", "Entertainmenttechnologie (in oprichting)", ENT, 2024, 4.0,
        mix={"sme": 0.45, "large": 0.08, "university": 0.12, "research": 0.08, "college": 0.12,
             "hospital": 0.0, "government": 0.12, "citizen": 0.03},
        programmes={"VLAIO ICON": 0.4, "VLAIO O&O bedrijfsproject": 0.3, "VLAIO TETRA": 0.2, "EFRO": 0.1},
        anchors=(("imec", 0.5), ("vub", 0.3)),
        coordinator_share=0.25,
        extra_members=8,
    ),
)

#: Other org-org relations: (source, target, relation, start_year). Partnerships are
#: undirected and written with source < target; ``host`` is a research centre hosting a cluster.
OTHER_TIES: tuple[tuple[str, str, str, int], ...] = (
    ("catalisti", "flanders-food", "partnership", 2020),  # bio-based food ingredients
    ("catalisti", "flux50", "partnership", 2019),  # electrification of chemistry
    ("de-blauwe-cluster", "flux50", "partnership", 2019),  # offshore energy
    ("de-blauwe-cluster", "vil", "partnership", 2020),  # ports and shipping
    ("flanders-food", "medvia", "partnership", 2022),  # food and health
    ("vito", "flux50", "host", 2019),
    ("imec", "entertainment-tech", "host", 2024),
)

# --------------------------------------------------------------------------- projects

#: Projects without a cluster, Poisson mean per year (grows by UNFACILITATED_GROWTH a year).
UNFACILITATED_PER_YEAR = 46.0
UNFACILITATED_GROWTH = 2.0
#: Domain of projects without a cluster (CROSS = a cross-domain theme).
UNFACILITATED_DOMAINS: dict[str, float] = {CHEM: 0.12, BLUE: 0.08, FOOD: 0.12, ENERGY: 0.13, HEALTH: 0.18,
                                           LOGI: 0.10, ENT: 0.02, CROSS: 0.25}
UNFACILITATED_PROGRAMMES: dict[str, float] = {"VLAIO O&O bedrijfsproject": 0.33, "VLAIO ICON": 0.15,
                                              "VLAIO TETRA": 0.08, "VLAIO COOCK": 0.05, "Horizon": 0.22,
                                              "Interreg": 0.10, "EFRO": 0.07}
#: Partner-category mix of projects without a cluster.
UNFACILITATED_MIX: dict[str, float] = {"sme": 0.28, "large": 0.20, "university": 0.22, "research": 0.14,
                                       "college": 0.06, "hospital": 0.04, "government": 0.04, "citizen": 0.02}
YEAR_GROWTH = 0.03  # yearly growth of facilitated projects (clusters build up their portfolio)


@dataclass(frozen=True)
class Programme:
    """Consortium size, composition, budget and coordination of one funding programme."""

    min_size: int
    max_size: int
    extra_mean: float  # mean partners above min_size (geometric: most consortia small)
    budget_median: float  # EUR, whole project
    budget_sigma: float  # log-normal spread
    coordinators: tuple[str, ...]  # partner categories that coordinate, in order of preference
    modifiers: Mapping[str, float] = field(default_factory=dict)  # category weight multipliers
    foreign_factor: float = 0.0  # weight of foreign partners (0: Flemish programme)


PROGRAMMES: dict[str, Programme] = {
    # company R&D with a research partner as subcontractor: tiny consortia, companies lead
    "VLAIO O&O bedrijfsproject": Programme(2, 4, 0.4, 600_000, 0.6, ("large", "sme"),
                                           {"sme": 3, "large": 3, "government": 0.1, "citizen": 0.1,
                                            "college": 0.5}),
    # interdisciplinary cooperative research: companies and research partners together
    "VLAIO ICON": Programme(4, 14, 2.5, 1_800_000, 0.5, ("large", "sme", "university", "research"),
                            {"university": 1.3, "research": 1.3}),
    # collective research for a sector: many SMEs, led by a knowledge institution
    "VLAIO COOCK": Programme(5, 20, 6.0, 900_000, 0.4, ("research", "college", "university"),
                             {"sme": 2.0, "large": 0.5, "college": 1.5}),
    # cluster strategic basic research: research partners only in the consortium
    "cSBO": Programme(3, 10, 2.5, 2_200_000, 0.5, ("university", "research"),
                      {"university": 3.0, "research": 2.5, "college": 1.0, "hospital": 1.5, "sme": 0.15,
                       "large": 0.15, "government": 0.2, "citizen": 0.2}),
    # applied research at university colleges with an SME user group
    "VLAIO TETRA": Programme(4, 14, 3.5, 500_000, 0.4, ("college", "university"),
                             {"college": 5.0, "sme": 1.5, "large": 0.5}),
    # EU framework programme (Horizon 2020 up to 2020, Horizon Europe from 2021)
    "Horizon": Programme(5, 20, 6.0, 5_000_000, 0.5, ("university", "research", "large"),
                         {"university": 1.4, "research": 1.4, "government": 0.6}, foreign_factor=6.0),
    # cross-border cooperation: governments and citizens take part
    "Interreg": Programme(4, 16, 4.0, 2_500_000, 0.5, ("government", "university", "research", "college"),
                          {"government": 2.5, "citizen": 2.0, "large": 0.5}, foreign_factor=4.0),
    # regional development fund: infrastructure and pilots with government
    "EFRO": Programme(3, 10, 2.0, 1_200_000, 0.6, ("research", "university", "government", "college"),
                      {"government": 2.5, "research": 1.5, "citizen": 1.2}),
}
HORIZON_EUROPE_FROM = 2021  # before: Horizon 2020
MAX_CONSORTIUM = 20
MIN_BUDGET, MAX_BUDGET = 100_000.0, 10_000_000.0  # EUR, clip of the log-normal budget
PROJECT_YEARS = (1, 4)  # duration range in years: end_year = start_year + 1..4

#: Relative budget share of a partner by category (before noise; the coordinator gets more).
BUDGET_WEIGHT: dict[str, float] = {"sme": 0.8, "large": 1.2, "university": 1.3, "research": 1.3,
                                   "college": 0.8, "hospital": 1.0, "government": 0.5, "citizen": 0.3,
                                   "cluster": 0.15}
COORDINATOR_BUDGET_FACTOR = 1.8
BUDGET_NOISE_SHAPE = 4.0  # gamma shape of the multiplicative noise on budget shares

# --------------------------------------------------------------------------- partner choice

COMPANY_FITNESS_CAP = 6.0  # no company outshines the universities as a partner
COMPANY_ATTACHMENT = 0.5  # sublinear preferential attachment: heavy tail without one runaway firm
SME_NEWCOMER_SHARE = 0.40  # share of SME slots that go to an SME in no project yet
COMPANY_OWN_DOMAIN = 1.5  # affinity of a company for its own domain
COMPANY_SUPPLIER = 0.5  # affinity of digital / manufacturing companies for any domain
COMPANY_CROSS_THEME = 0.45  # affinity of a domain company for a cross-domain project
COMPANY_OTHER_DOMAIN = 0.09  # affinity of a company for another domain
BLUE_COMPANY_OTHER_DOMAIN = 0.015  # blue-economy companies rarely leave their domain
SPECIALIST_AFFINITY = 1.2  # partners below this affinity are outsiders (ClusterProfile.outsider_factor)
#: Chance that a partner in a cluster's projects becomes a member, by category.
MEMBERSHIP_PROBABILITY: dict[str, float] = {"sme": 0.7, "large": 0.85, "university": 0.9, "research": 0.8,
                                            "college": 0.6, "hospital": 0.6, "government": 0.35, "citizen": 0.3}
FOREIGN_MEMBERSHIP_PROBABILITY = 0.05
MEMBERSHIP_END_PROBABILITY = 0.10  # share of memberships that have ended

# --------------------------------------------------------------------------- named organisations

PROVINCES = ("Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen")
FLANDERS = "Vlaanderen"  # region of organisations with a Flanders-wide remit

# short names of organisation kinds, to keep the catalogue tables readable
UNI, HS, SRC, RC = "universiteit", "hogeschool", "strategisch_onderzoekscentrum", "onderzoekscentrum"
UZ, HOSP = "universitair_ziekenhuis", "ziekenhuis"
MULTI = "multidisciplinary"

# (id, name, kind, region, domain, fitness, affinity by domain, default affinity)
_KnownOrg = tuple[str, str, str, str, str, float, dict[str, float], float]

KNOWLEDGE: tuple[_KnownOrg, ...] = (
    # universities: partners in every domain; KU Leuven and UGent are the hubs
    ("ku-leuven", "KU Leuven", UNI, "Vlaams-Brabant", MULTI, 12.0, {HEALTH: 2.0, ENERGY: 1.5}, 1.0),
    ("ugent", "Universiteit Gent", UNI, "Oost-Vlaanderen", MULTI, 11.0, {FOOD: 2.0, CHEM: 1.8, BLUE: 1.5}, 1.0),
    ("uantwerpen", "Universiteit Antwerpen", UNI, "Antwerpen", MULTI, 5.0, {CHEM: 2.0, LOGI: 2.0}, 1.0),
    ("vub", "Vrije Universiteit Brussel", UNI, "Brussel", MULTI, 4.0, {HEALTH: 1.5, ENT: 2.0, ENERGY: 1.2}, 1.0),
    ("uhasselt", "Universiteit Hasselt", UNI, "Limburg", MULTI, 3.0, {ENERGY: 2.0, LOGI: 1.5, HEALTH: 1.2}, 1.0),
    # strategic research centres
    ("imec", "imec", SRC, "Vlaams-Brabant", DIGITAL, 10.0,
     {HEALTH: 2.0, ENERGY: 1.2, LOGI: 1.0, ENT: 2.5, CROSS: 2.5, FOOD: 0.5}, 0.3),
    ("vito", "VITO", SRC, "Antwerpen", ENERGY, 7.0, {ENERGY: 3.0, CHEM: 1.5, FOOD: 0.6, BLUE: 0.4, CROSS: 1.0}, 0.3),
    ("vib", "VIB", SRC, "Oost-Vlaanderen", "life sciences", 3.0, {HEALTH: 2.5, FOOD: 1.5}, 0.1),
    ("flanders-make", "Flanders Make", SRC, "Limburg", MANUFACTURING, 4.0,
     {CROSS: 2.0, LOGI: 1.2, ENERGY: 0.6, HEALTH: 0.4, FOOD: 0.4, CHEM: 0.3}, 0.2),
    # other research centres
    ("ilvo", "ILVO (Instituut voor Landbouw-, Visserij- en Voedingsonderzoek)", RC, "Oost-Vlaanderen", FOOD, 3.0,
     {FOOD: 4.0, BLUE: 1.5}, 0.1),
    ("vliz", "VLIZ (Vlaams Instituut voor de Zee)", RC, "West-Vlaanderen", BLUE, 2.5, {BLUE: 5.0}, 0.05),
    ("sirris", "Sirris", RC, "Brussel", MANUFACTURING, 2.5, {CROSS: 2.0, LOGI: 0.8, ENERGY: 0.6, CHEM: 0.5}, 0.2),
    ("buildwise", "Buildwise (WTCB)", RC, "Brussel", ENERGY, 1.5, {ENERGY: 2.5}, 0.1),
    ("centexbel", "Centexbel", RC, "Oost-Vlaanderen", CHEM, 1.2, {CHEM: 2.0, HEALTH: 0.5}, 0.1),
    ("sck-cen", "SCK CEN", RC, "Antwerpen", ENERGY, 1.0, {ENERGY: 1.0, HEALTH: 1.0}, 0.05),
    ("itg", "Instituut voor Tropische Geneeskunde", RC, "Antwerpen", HEALTH, 1.0, {HEALTH: 1.5}, 0.05),
    ("bbepp", "Bio Base Europe Pilot Plant", RC, "Oost-Vlaanderen", CHEM, 1.5, {CHEM: 2.5, FOOD: 1.0}, 0.05),
    ("pcg", "Proefcentrum voor de Groenteteelt", RC, "Antwerpen", FOOD, 1.0, {FOOD: 2.5}, 0.05),
    ("inagro", "Inagro", RC, "West-Vlaanderen", FOOD, 1.2, {FOOD: 2.5, ENERGY: 0.5}, 0.05),
    # university colleges
    ("hogent", "HOGENT", HS, "Oost-Vlaanderen", MULTI, 1.5, {FOOD: 1.5, CHEM: 1.3}, 0.8),
    ("howest", "Howest", HS, "West-Vlaanderen", MULTI, 1.5, {BLUE: 1.5, ENT: 2.0}, 0.8),
    ("vives", "VIVES", HS, "West-Vlaanderen", MULTI, 1.2, {FOOD: 1.5, BLUE: 1.3, HEALTH: 1.2}, 0.8),
    ("ap-hogeschool", "AP Hogeschool Antwerpen", HS, "Antwerpen", MULTI, 1.2, {CHEM: 1.3, LOGI: 1.3}, 0.8),
    ("thomas-more", "Thomas More", HS, "Antwerpen", MULTI, 1.3, {ENERGY: 1.3, HEALTH: 1.2}, 0.8),
    ("pxl", "Hogeschool PXL", HS, "Limburg", MULTI, 1.2, {HEALTH: 1.3, ENERGY: 1.2}, 0.8),
    ("ucll", "UCLL", HS, "Vlaams-Brabant", MULTI, 1.0, {HEALTH: 1.5}, 0.8),
    ("odisee", "Odisee", HS, "Brussel", MULTI, 1.0, {FOOD: 1.5}, 0.8),
    ("kdg", "Karel de Grote Hogeschool", HS, "Antwerpen", MULTI, 1.0, {LOGI: 1.3, ENT: 1.3}, 0.8),
    ("ehb", "Erasmushogeschool Brussel", HS, "Brussel", MULTI, 0.9, {HEALTH: 1.2, ENT: 1.5}, 0.8),
    ("artevelde", "Arteveldehogeschool", HS, "Oost-Vlaanderen", MULTI, 0.8, {HEALTH: 1.3}, 0.8),
    ("luca", "LUCA School of Arts", HS, "Brussel", "arts", 0.8, {ENT: 2.5}, 0.2),
    # hospitals (knowledge institutions through clinical research)
    ("uz-leuven", "UZ Leuven", UZ, "Vlaams-Brabant", HEALTH, 3.0, {HEALTH: 3.0}, 0.0),
    ("uz-gent", "UZ Gent", UZ, "Oost-Vlaanderen", HEALTH, 2.5, {HEALTH: 3.0}, 0.0),
    ("uza", "UZA (Universitair Ziekenhuis Antwerpen)", UZ, "Antwerpen", HEALTH, 1.5, {HEALTH: 3.0}, 0.0),
    ("uz-brussel", "UZ Brussel", UZ, "Brussel", HEALTH, 1.2, {HEALTH: 3.0}, 0.0),
    ("az-groeninge", "AZ Groeninge", HOSP, "West-Vlaanderen", HEALTH, 0.7, {HEALTH: 2.0}, 0.0),
    ("zol", "Ziekenhuis Oost-Limburg", HOSP, "Limburg", HEALTH, 0.7, {HEALTH: 2.0}, 0.0),
    ("az-delta", "AZ Delta", HOSP, "West-Vlaanderen", HEALTH, 0.6, {HEALTH: 2.0}, 0.0),
    ("az-sint-jan", "AZ Sint-Jan Brugge", HOSP, "West-Vlaanderen", HEALTH, 0.6, {HEALTH: 2.0}, 0.0),
)

#: Foreign knowledge institutions (Horizon and Interreg partners): (id, name, kind, country, region, fitness, affinity).
FOREIGN_KNOWLEDGE: tuple[tuple[str, str, str, str, str, float, dict[str, float]], ...] = (
    ("tu-delft", "TU Delft", UNI, "NL", "Zuid-Holland", 3.0, {BLUE: 1.5, LOGI: 1.5, ENERGY: 1.2}),
    ("wur", "Wageningen University & Research", UNI, "NL", "Gelderland", 3.0, {FOOD: 4.0, BLUE: 1.5}),
    ("tu-eindhoven", "Eindhoven University of Technology", UNI, "NL", "Noord-Brabant", 2.0, {ENERGY: 1.5, HEALTH: 1.2}),
    ("tno", "TNO", RC, "NL", "Zuid-Holland", 2.5, {ENERGY: 1.5, LOGI: 1.5, CHEM: 1.2}),
    ("deltares", "Deltares", RC, "NL", "Zuid-Holland", 1.5, {BLUE: 4.0}),
    ("fraunhofer", "Fraunhofer-Gesellschaft", RC, "DE", "Bayern", 3.0, {CHEM: 1.3, ENERGY: 1.3, HEALTH: 1.2}),
    ("rwth-aachen", "RWTH Aachen University", UNI, "DE", "Nordrhein-Westfalen", 2.0, {CHEM: 1.5, ENERGY: 1.5}),
    ("univ-lille", "Université de Lille", UNI, "FR", "Hauts-de-France", 1.5, {HEALTH: 1.5, FOOD: 1.2}),
    ("dtu", "Technical University of Denmark", UNI, "DK", "Hovedstaden", 1.5, {ENERGY: 1.5, BLUE: 1.5}),
)

GOVERNMENT: tuple[_KnownOrg, ...] = (
    ("vlaio", "VLAIO (Agentschap Innoveren & Ondernemen)", "agentschap", FLANDERS, "innovation policy", 0.5, {}, 1.0),
    ("dep-ewi", "Departement Economie, Wetenschap en Innovatie", "departement", FLANDERS, "innovation policy", 0.6, {}, 1.0),
    ("dep-omgeving", "Departement Omgeving", "departement", FLANDERS, "environment", 0.8, {ENERGY: 1.5, CHEM: 1.2, BLUE: 1.2}, 0.3),
    ("dep-lv", "Departement Landbouw en Visserij", "departement", FLANDERS, FOOD, 1.2, {FOOD: 3.0, BLUE: 1.5}, 0.1),
    ("dep-mow", "Departement Mobiliteit en Openbare Werken", "departement", FLANDERS, LOGI, 1.0, {LOGI: 3.0}, 0.1),
    ("dep-zorg", "Departement Zorg", "departement", FLANDERS, HEALTH, 0.8, {HEALTH: 3.0}, 0.05),
    ("ovam", "OVAM (Openbare Vlaamse Afvalstoffenmaatschappij)", "agentschap", FLANDERS, CHEM, 0.8, {CHEM: 2.5, CROSS: 1.5}, 0.2),
    ("vmm", "Vlaamse Milieumaatschappij", "agentschap", FLANDERS, "environment", 0.6, {CHEM: 1.2, FOOD: 1.2, BLUE: 1.0}, 0.2),
    ("mdk", "Agentschap Maritieme Dienstverlening en Kust", "agentschap", "West-Vlaanderen", BLUE, 1.2, {BLUE: 4.0}, 0.0),
    ("veka", "Vlaams Energie- en Klimaatagentschap", "agentschap", FLANDERS, ENERGY, 1.0, {ENERGY: 3.0}, 0.05),
    ("de-vlaamse-waterweg", "De Vlaamse Waterweg", "agentschap", FLANDERS, LOGI, 0.8, {LOGI: 2.5, BLUE: 0.8}, 0.05),
    ("fluvius", "Fluvius", "intercommunale", FLANDERS, ENERGY, 1.5, {ENERGY: 3.0}, 0.05),
    ("port-of-antwerp-bruges", "Port of Antwerp-Bruges", "havenbedrijf", "Antwerpen", LOGI, 1.5,
     {LOGI: 3.0, BLUE: 2.0, CHEM: 1.5, ENERGY: 1.2}, 0.1),
    ("north-sea-port", "North Sea Port", "havenbedrijf", "Oost-Vlaanderen", LOGI, 0.8, {LOGI: 2.0, BLUE: 1.5, CHEM: 1.0}, 0.05),
    ("haven-oostende", "Haven Oostende", "havenbedrijf", "West-Vlaanderen", BLUE, 0.8, {BLUE: 3.0, ENERGY: 1.0}, 0.0),
    *(
        (f"provincie-{p.lower()}", f"Provincie {p}", "provincie", p, "public administration", 0.8,
         {BLUE: 2.0} if p == "West-Vlaanderen" else {}, 1.0)
        for p in PROVINCES
    ),
    *(
        (f"pom-{p.lower()}", f"POM {p}", "ontwikkelingsmaatschappij", p, "regional development", 0.6,
         {BLUE: 1.5} if p == "West-Vlaanderen" else {}, 1.0)
        for p in PROVINCES
    ),
)

#: Cities (stad): (name, province, fitness, affinity). Coastal cities lean blue, port cities logistics.
CITIES: tuple[tuple[str, str, float, dict[str, float]], ...] = (
    ("Antwerpen", "Antwerpen", 1.6, {LOGI: 2.0, CHEM: 1.5}),
    ("Gent", "Oost-Vlaanderen", 1.5, {FOOD: 1.5, LOGI: 1.2}),
    ("Brugge", "West-Vlaanderen", 1.0, {BLUE: 2.0}),
    ("Leuven", "Vlaams-Brabant", 1.2, {HEALTH: 1.5}),
    ("Hasselt", "Limburg", 0.8, {ENERGY: 1.3}),
    ("Oostende", "West-Vlaanderen", 1.0, {BLUE: 3.0}),
    ("Genk", "Limburg", 0.8, {ENERGY: 1.5}),
    ("Kortrijk", "West-Vlaanderen", 0.8, {ENT: 1.5, FOOD: 1.2}),
    ("Mechelen", "Antwerpen", 0.7, {ENT: 1.5}),
    ("Aalst", "Oost-Vlaanderen", 0.5, {}),
    ("Sint-Niklaas", "Oost-Vlaanderen", 0.5, {}),
    ("Roeselare", "West-Vlaanderen", 0.6, {FOOD: 1.8}),
    ("Turnhout", "Antwerpen", 0.5, {}),
    ("Ieper", "West-Vlaanderen", 0.4, {FOOD: 1.5}),
    ("Geel", "Antwerpen", 0.4, {ENERGY: 1.2}),
    ("Lier", "Antwerpen", 0.3, {}),
    ("Vilvoorde", "Vlaams-Brabant", 0.4, {LOGI: 1.3}),
    ("Waregem", "West-Vlaanderen", 0.3, {}),
    ("Lommel", "Limburg", 0.4, {ENERGY: 1.2}),
    ("Nieuwpoort", "West-Vlaanderen", 0.4, {BLUE: 2.5}),
)
CITY_DEFAULT_AFFINITY = 0.8
#: Municipalities (gemeente) taking part now and then in local pilots: (name, province).
MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("Mol", "Antwerpen"), ("Hoogstraten", "Antwerpen"), ("Heist-op-den-Berg", "Antwerpen"),
    ("Kapellen", "Antwerpen"), ("Herentals", "Antwerpen"), ("Beringen", "Limburg"), ("Pelt", "Limburg"),
    ("Tongeren", "Limburg"), ("Sint-Truiden", "Limburg"), ("Maasmechelen", "Limburg"), ("Eeklo", "Oost-Vlaanderen"),
    ("Lokeren", "Oost-Vlaanderen"), ("Deinze", "Oost-Vlaanderen"), ("Oudenaarde", "Oost-Vlaanderen"),
    ("Wetteren", "Oost-Vlaanderen"), ("Dilbeek", "Vlaams-Brabant"), ("Tienen", "Vlaams-Brabant"),
    ("Halle", "Vlaams-Brabant"), ("Diest", "Vlaams-Brabant"), ("Zaventem", "Vlaams-Brabant"),
    ("Knokke-Heist", "West-Vlaanderen"), ("De Panne", "West-Vlaanderen"), ("Koksijde", "West-Vlaanderen"),
    ("Tielt", "West-Vlaanderen"), ("Poperinge", "West-Vlaanderen"), ("Torhout", "West-Vlaanderen"),
)
COASTAL = frozenset({"Oostende", "Nieuwpoort", "Brugge", "Knokke-Heist", "De Panne", "Koksijde", "Blankenberge",
                     "Middelkerke", "Bredene"})
MUNICIPALITY_FITNESS = 0.3

#: Foreign public bodies (Interreg partners): (id, name, country, region).
FOREIGN_GOVERNMENT: tuple[tuple[str, str, str, str], ...] = (
    ("provincie-zeeland", "Provincie Zeeland", "NL", "Zeeland"),
    ("provincie-noord-brabant", "Provincie Noord-Brabant", "NL", "Noord-Brabant"),
    ("region-hauts-de-france", "Région Hauts-de-France", "FR", "Hauts-de-France"),
)

# --------------------------------------------------------------------------- synthetic organisations

#: Citizen organisations: (name prefix, kind, domain, how many). Named "<prefix> <place>".
#: Few enough that most of them take part in some project, as in real project registers.
CITIZEN_TYPES: tuple[tuple[str, str, str, int], ...] = (
    ("Energiecoöperatie", "cooperatie", ENERGY, 15),
    ("Windcoöperatie", "cooperatie", ENERGY, 4),
    ("Buurtwarmtenet", "burgerorganisatie", ENERGY, 4),
    ("Voedselcoöperatie", "cooperatie", FOOD, 8),
    ("Zelfoogstboerderij", "cooperatie", FOOD, 7),
    ("Voedselteam", "burgerorganisatie", FOOD, 8),
    ("Voedselraad", "burgerorganisatie", FOOD, 4),
    ("Patiëntenplatform", "burgerorganisatie", HEALTH, 6),
    ("Zorgcoöperatie", "cooperatie", HEALTH, 4),
    ("Autodeelcoöperatie", "cooperatie", LOGI, 4),
    ("Buurtmobiliteit", "burgerorganisatie", LOGI, 4),
    ("Kustvereniging", "burgerorganisatie", BLUE, 3),
    ("Milieuwerkgroep", "burgerorganisatie", CHEM, 6),
    ("Herstelcafé", "burgerorganisatie", CHEM, 5),
    ("Makerspace", "burgerorganisatie", ENT, 4),
    ("Buurtcomité", "burgerorganisatie", CROSS, 5),
)
CITIZEN_OWN_DOMAIN = 2.0  # affinity of a citizen organisation for its own domain
CITIZEN_OTHER_DOMAIN = 0.15

#: Places citizen organisations are named after: (place, province).
PLACES: tuple[tuple[str, str], ...] = (
    *((name, province) for name, province, _f, _a in CITIES),
    *MUNICIPALITIES,
    ("Brasschaat", "Antwerpen"), ("Schoten", "Antwerpen"), ("Boom", "Antwerpen"), ("Willebroek", "Antwerpen"),
    ("Bilzen", "Limburg"), ("Houthalen-Helchteren", "Limburg"), ("Dendermonde", "Oost-Vlaanderen"),
    ("Ninove", "Oost-Vlaanderen"), ("Zele", "Oost-Vlaanderen"), ("Merelbeke", "Oost-Vlaanderen"),
    ("Aarschot", "Vlaams-Brabant"), ("Grimbergen", "Vlaams-Brabant"), ("Overijse", "Vlaams-Brabant"),
    ("Landen", "Vlaams-Brabant"), ("Menen", "West-Vlaanderen"), ("Izegem", "West-Vlaanderen"),
    ("Diksmuide", "West-Vlaanderen"), ("Blankenberge", "West-Vlaanderen"), ("Middelkerke", "West-Vlaanderen"),
    ("Bredene", "West-Vlaanderen"),
)

N_SME = 740  # Flemish and foreign SMEs: the bulk of the organisations
N_LARGE = 130  # large companies
FOREIGN_COMPANY_SHARE = 0.07  # companies from abroad (Horizon / Interreg partners)
#: Sector of companies; digital and manufacturing firms supply every domain.
COMPANY_DOMAINS: dict[str, float] = {CHEM: 0.12, BLUE: 0.12, FOOD: 0.16, ENERGY: 0.15, HEALTH: 0.14, LOGI: 0.14,
                                     ENT: 0.03, DIGITAL: 0.09, MANUFACTURING: 0.05}
LARGE_COMPANY_DOMAINS: dict[str, float] = {**COMPANY_DOMAINS, CHEM: 0.24, ENT: 0.01}
#: Where companies of a domain are located (provinces and Brussel), relative weights.
DOMAIN_REGIONS: dict[str, dict[str, float]] = {
    CHEM: {"Antwerpen": 5, "Oost-Vlaanderen": 3, "Limburg": 1, "Vlaams-Brabant": 1, "West-Vlaanderen": 1, "Brussel": 0.5},
    BLUE: {"West-Vlaanderen": 7, "Oost-Vlaanderen": 1.5, "Antwerpen": 1.5, "Brussel": 0.2},
    FOOD: {"West-Vlaanderen": 4, "Oost-Vlaanderen": 3, "Antwerpen": 1.5, "Limburg": 1.5, "Vlaams-Brabant": 1},
    ENERGY: {"Limburg": 3, "Antwerpen": 3, "Vlaams-Brabant": 2, "Oost-Vlaanderen": 2, "West-Vlaanderen": 1.5, "Brussel": 1},
    HEALTH: {"Vlaams-Brabant": 4, "Oost-Vlaanderen": 3, "Antwerpen": 2, "Limburg": 1, "West-Vlaanderen": 1, "Brussel": 2},
    LOGI: {"Antwerpen": 5, "Limburg": 2, "Oost-Vlaanderen": 2, "West-Vlaanderen": 2, "Vlaams-Brabant": 1.5},
    ENT: {"Antwerpen": 2, "Oost-Vlaanderen": 2, "West-Vlaanderen": 2, "Brussel": 2, "Vlaams-Brabant": 1},
    DIGITAL: {"Vlaams-Brabant": 3, "Oost-Vlaanderen": 3, "Antwerpen": 3, "Brussel": 2, "West-Vlaanderen": 1, "Limburg": 1},
    MANUFACTURING: {"West-Vlaanderen": 3, "Limburg": 2, "Oost-Vlaanderen": 2, "Antwerpen": 2, "Vlaams-Brabant": 1},
}
#: Foreign companies: country -> (weight, legal form SME, legal form large, regions).
FOREIGN_COUNTRIES: dict[str, tuple[float, str, str, tuple[str, ...]]] = {
    "NL": (0.45, "B.V.", "N.V.", ("Zeeland", "Noord-Brabant", "Zuid-Holland", "Gelderland")),
    "DE": (0.25, "GmbH", "AG", ("Nordrhein-Westfalen", "Bayern", "Niedersachsen")),
    "FR": (0.20, "SAS", "SA", ("Hauts-de-France", "Île-de-France")),
    "DK": (0.10, "ApS", "A/S", ("Hovedstaden", "Midtjylland")),
}
#: Words that end a synthetic company name, by sector.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    CHEM: ("Chemicals", "Polymers", "Materials", "Coatings", "Biochem"),
    BLUE: ("Marine", "Offshore", "Aqua", "Dredging", "Maritime"),
    FOOD: ("Foods", "Agro", "Harvest", "Dairy", "Ingredients"),
    ENERGY: ("Energy", "Power", "Solar", "Grid", "Thermal"),
    HEALTH: ("Medical", "Health", "Diagnostics", "Therapeutics", "Medtech"),
    LOGI: ("Logistics", "Transport", "Cargo", "Supply", "Freight"),
    ENT: ("Studios", "Media", "Interactive", "Sound", "Stagetech"),
    DIGITAL: ("Software", "Data", "Systems", "Analytics", "Digital"),
    MANUFACTURING: ("Engineering", "Machines", "Robotics", "Industries", "Automation"),
}
_ONSETS = ("b", "br", "d", "dr", "f", "fl", "g", "gr", "k", "kl", "l", "m", "n", "p", "pr", "r", "s", "st",
           "t", "tr", "v", "z", "w", "h")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o")
_CODAS = ("", "", "", "n", "r", "l", "x", "s", "m", "nt", "rk")
TITLE_PREFIXES = ("Scalable", "Data-driven", "Low-carbon", "Next-generation", "Integrated", "Circular",
                  "Smart", "Robust", "Open", "Affordable", "Modular", "Resilient")
TITLE_SUFFIXES = ("for Flemish SMEs", "at pilot scale", "across the value chain", "for urban regions",
                  "in practice", "demonstrator", "toolkit", "from lab to market", "for industry",
                  "in living labs", "roadmap", "validation")


# =========================================================================== organisations


@dataclass
class _Org:
    """An organisation under construction, with the hidden parameters the generator uses."""

    id: str
    name: str
    helix: str
    kind: str
    region: str
    domain: str
    fitness: float
    affinity: dict[str, float]
    default_affinity: float
    country: str = "BE"
    vat: str | None = None

    @property
    def category(self) -> str:
        return KIND_CATEGORY.get(self.kind, "government")

    @property
    def foreign(self) -> bool:
        return self.country != "BE"

    def affinity_for(self, domain: str) -> float:
        return self.affinity.get(domain, self.default_affinity)


def _cluster_orgs() -> list[_Org]:
    return [
        _Org(c.id, c.name, "intermediair", "cluster", FLANDERS, c.domain, 0.0, {}, 0.0)
        for c in CLUSTERS
    ]


def _known_orgs() -> list[_Org]:
    orgs = [_Org(i, n, "kennisinstelling", k, r, d, f, a, da) for i, n, k, r, d, f, a, da in KNOWLEDGE]
    orgs += [_Org(i, n, "kennisinstelling", k, r, "multidisciplinary", f, a, 0.6, country=c)
             for i, n, k, c, r, f, a in FOREIGN_KNOWLEDGE]
    orgs += [_Org(i, n, "overheid", k, r, d, f, a, da) for i, n, k, r, d, f, a, da in GOVERNMENT]
    orgs += [_Org(f"stad-{_slug(n)}", f"Stad {n}", "overheid", "stad", p, "public administration", f, a,
                  CITY_DEFAULT_AFFINITY) for n, p, f, a in CITIES]
    orgs += [_Org(f"gemeente-{_slug(n)}", f"Gemeente {n}", "overheid", "gemeente", p, "public administration",
                  MUNICIPALITY_FITNESS, {BLUE: 2.0} if n in COASTAL else {}, 1.0) for n, p in MUNICIPALITIES]
    orgs += [_Org(i, n, "overheid", "provincie" if "rovincie" in n else "regio", r, "public administration",
                  0.4, {}, 1.0, country=c) for i, n, c, r in FOREIGN_GOVERNMENT]
    return orgs


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("'", "").split())


def _citizen_orgs(rng: np.random.Generator) -> list[_Org]:
    """Generic citizen organisations named after a place; coastal types only at the coast."""
    orgs: list[_Org] = []
    for prefix, kind, domain, count in CITIZEN_TYPES:
        places = [p for p in PLACES if domain != BLUE or p[0] in COASTAL]
        chosen = rng.choice(len(places), size=min(count, len(places)), replace=False)
        for index in sorted(int(i) for i in chosen):
            place, province = places[index]
            affinity = {d: CITIZEN_OTHER_DOMAIN for d in _AFFINITY_COLUMNS}
            affinity[domain] = CITIZEN_OWN_DOMAIN
            if domain == CROSS:  # neighbourhood committees join any local pilot
                affinity = {d: 0.6 for d in _AFFINITY_COLUMNS}
            fitness = float(rng.lognormal(0.0, 0.6))
            orgs.append(_Org("", f"{prefix} {place}", "burger", kind, province,
                             domain if domain != CROSS else "local community", fitness, affinity, 0.0))
    return orgs


def _company_name(rng: np.random.Generator, sector: str, legal_form: str) -> str:
    syllables = int(rng.choice((2, 2, 3)))
    root = "".join(_ONSETS[rng.integers(len(_ONSETS))] + _VOWELS[rng.integers(len(_VOWELS))]
                   for _ in range(syllables))
    root += _CODAS[rng.integers(len(_CODAS))]
    word = SECTOR_WORDS[sector][rng.integers(len(SECTOR_WORDS[sector]))]
    return f"{root.capitalize()} {word} {legal_form}"


def _belgian_vat(rng: np.random.Generator) -> str:
    """A well-formed Belgian VAT number (BE + 10 digits, mod-97 check) for a fictitious firm."""
    base = int(rng.integers(40_000_000, 90_000_000)) // 10  # 7 digits after the leading 0
    return f"BE0{base:07d}{97 - base % 97:02d}"


def _company_orgs(rng: np.random.Generator) -> list[_Org]:
    """Synthetic SMEs and large companies with a sector, location and heavy-tailed fitness."""
    orgs: list[_Org] = []
    names: set[str] = set()
    vats: set[str] = set()
    countries = list(FOREIGN_COUNTRIES)
    country_p = _normalised([FOREIGN_COUNTRIES[c][0] for c in countries])
    for kind, count, domains, fitness_mu, fitness_sigma in (
        ("kmo", N_SME, COMPANY_DOMAINS, 0.0, 0.7),
        ("grote_onderneming", N_LARGE, LARGE_COMPANY_DOMAINS, 0.9, 0.6),
    ):
        sectors = list(domains)
        sector_p = _normalised(list(domains.values()))
        for _ in range(count):
            sector = sectors[rng.choice(len(sectors), p=sector_p)]
            if rng.random() < FOREIGN_COMPANY_SHARE:
                country = countries[rng.choice(len(countries), p=country_p)]
                _w, sme_form, large_form, regions = FOREIGN_COUNTRIES[country]
                legal_form = sme_form if kind == "kmo" else large_form
                region = regions[rng.integers(len(regions))]
            else:
                country, legal_form = "BE", ("BV" if kind == "kmo" else "NV")
                region_weights = DOMAIN_REGIONS[sector]
                region_names = list(region_weights)
                region = region_names[rng.choice(len(region_names), p=_normalised(list(region_weights.values())))]
            name = _company_name(rng, sector, legal_form)
            while name in names:
                name = _company_name(rng, sector, legal_form)
            names.add(name)
            vat = None
            if country == "BE":
                vat = _belgian_vat(rng)
                while vat in vats:
                    vat = _belgian_vat(rng)
                vats.add(vat)
            orgs.append(_Org("", name, "bedrijf", kind, region, sector,
                             min(float(rng.lognormal(fitness_mu, fitness_sigma)), COMPANY_FITNESS_CAP),
                             _company_affinity(sector), 0.0, country=country, vat=vat))
    return orgs


def _company_affinity(sector: str) -> dict[str, float]:
    if sector in (DIGITAL, MANUFACTURING):
        affinity = {d: COMPANY_SUPPLIER for d in DOMAINS}
        affinity[CROSS] = COMPANY_OWN_DOMAIN
        return affinity
    other = BLUE_COMPANY_OTHER_DOMAIN if sector == BLUE else COMPANY_OTHER_DOMAIN
    affinity = {d: other for d in DOMAINS}
    affinity[sector] = COMPANY_OWN_DOMAIN
    affinity[CROSS] = COMPANY_CROSS_THEME if sector != BLUE else BLUE_COMPANY_OTHER_DOMAIN
    return affinity


def _build_catalogue(rng: np.random.Generator) -> list[_Org]:
    """All organisations; synthetic ones get ids ``org-0001`` ... in a shuffled order."""
    synthetic = _citizen_orgs(rng) + _company_orgs(rng)
    order = rng.permutation(len(synthetic))
    for number, index in enumerate(order, start=1):
        synthetic[int(index)].id = f"org-{number:04d}"
    return _cluster_orgs() + _known_orgs() + synthetic


# =========================================================================== projects


@dataclass
class _Pools:
    """Vectorised view of the catalogue for fast weighted partner draws."""

    orgs: list[_Org]
    index: dict[str, int]
    fitness: np.ndarray
    affinity: np.ndarray  # orgs x _AFFINITY_COLUMNS
    foreign: np.ndarray
    category: np.ndarray
    by_category: dict[str, np.ndarray]
    counts: np.ndarray  # projects so far, per organisation

    @classmethod
    def build(cls, orgs: list[_Org]) -> _Pools:
        category = np.array([o.category for o in orgs])
        return cls(
            orgs=orgs,
            index={o.id: i for i, o in enumerate(orgs)},
            fitness=np.array([o.fitness for o in orgs]),
            affinity=np.array([[o.affinity_for(d) for d in _AFFINITY_COLUMNS] for o in orgs]),
            foreign=np.array([o.foreign for o in orgs]),
            category=category,
            by_category={c: np.flatnonzero(category == c) for c in CATEGORIES},
            counts=np.zeros(len(orgs), dtype=np.int64),
        )


def _normalised(weights: Sequence[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _pick(rng: np.random.Generator, options: Mapping[str, float]) -> str:
    keys = list(options)
    return keys[rng.choice(len(keys), p=_normalised(list(options.values())))]


def _draw_partner(
    rng: np.random.Generator,
    pools: _Pools,
    category: str,
    domain_column: int,
    programme: Programme,
    outsider_factor: float,
    taken: set[int],
) -> int | None:
    """Draw one partner of ``category`` for a project, or None if nobody fits."""
    candidates = pools.by_category[category]
    if category == "sme" and rng.random() < SME_NEWCOMER_SHARE:
        newcomers = candidates[pools.counts[candidates] == 0]
        if newcomers.size:
            candidates = newcomers
    affinity = pools.affinity[candidates, domain_column]
    weights = pools.fitness[candidates] * affinity
    weights = np.where(affinity < SPECIALIST_AFFINITY, weights * outsider_factor, weights)
    weights = np.where(pools.foreign[candidates], weights * programme.foreign_factor, weights)
    if category in ("sme", "large"):
        weights = weights * (1.0 + pools.counts[candidates]) ** COMPANY_ATTACHMENT  # preferential attachment
    elif category in ("government", "citizen"):
        weights = weights * np.sqrt(1.0 + pools.counts[candidates])
    weights[np.isin(candidates, list(taken))] = 0.0
    total = weights.sum()
    if total <= 0:
        return None
    return int(candidates[rng.choice(candidates.size, p=weights / total)])


def _consortium(
    rng: np.random.Generator,
    pools: _Pools,
    cluster: ClusterProfile | None,
    domain: str,
    programme: Programme,
) -> list[int]:
    """Organisation indices of one project's consortium (cluster first, then anchors)."""
    size = programme.min_size + int(rng.geometric(1.0 / (1.0 + programme.extra_mean))) - 1
    size = min(size, programme.max_size, MAX_CONSORTIUM)
    members: list[int] = []
    if cluster is not None:
        members.append(pools.index[cluster.id])
        for org_id, probability in cluster.anchors:
            if rng.random() < probability:
                members.append(pools.index[org_id])
    mix = cluster.mix if cluster is not None else UNFACILITATED_MIX
    weights = {c: mix.get(c, 0.0) * programme.modifiers.get(c, 1.0) for c in CATEGORIES}
    outsider = cluster.outsider_factor if cluster is not None else 1.0
    column = _AFFINITY_COLUMNS.index(domain)
    taken = set(members)
    attempts = 0
    while len(members) < max(size, 2) and attempts < 4 * MAX_CONSORTIUM:
        attempts += 1
        category = _pick(rng, weights)
        chosen = _draw_partner(rng, pools, category, column, programme, outsider, taken)
        if chosen is None:
            chosen = _draw_partner(rng, pools, "sme", column, programme, outsider, taken)
        if chosen is not None:
            members.append(chosen)
            taken.add(chosen)
    return members


def _coordinator(rng: np.random.Generator, pools: _Pools, members: list[int], programme: Programme,
                 cluster: ClusterProfile | None) -> int:
    """The coordinating member: the cluster sometimes, else by the programme's preference."""
    if cluster is not None and rng.random() < cluster.coordinator_share:
        return members[0]
    for category in programme.coordinators:
        eligible = [m for m in members if pools.category[m] == category]
        if eligible:
            weights = _normalised([pools.orgs[m].fitness for m in eligible])
            return eligible[int(rng.choice(len(eligible), p=weights))]
    partners = [m for m in members if pools.orgs[m].kind != "cluster"]
    return partners[0] if partners else members[0]


def _budget(rng: np.random.Generator, programme: Programme) -> float:
    value = rng.lognormal(math.log(programme.budget_median), programme.budget_sigma)
    return float(round(min(max(value, MIN_BUDGET), MAX_BUDGET), -3))


def _split_budget(rng: np.random.Generator, pools: _Pools, members: list[int], coordinator: int,
                  total: float) -> list[float]:
    """Whole-euro shares of ``total`` by category weight x noise; rounding rest to the coordinator."""
    weights = []
    for m in members:
        category = "cluster" if pools.orgs[m].kind == "cluster" else str(pools.category[m])
        weight = BUDGET_WEIGHT[category] * rng.gamma(BUDGET_NOISE_SHAPE) / BUDGET_NOISE_SHAPE
        weights.append(weight * (COORDINATOR_BUDGET_FACTOR if m == coordinator else 1.0))
    shares = [float(int(total * w)) for w in _normalised(weights)]
    shares[members.index(coordinator)] += total - sum(shares)
    return shares


def _project_plan(rng: np.random.Generator) -> list[tuple[int, ClusterProfile | None]]:
    """(start year, facilitating cluster or None) of every project, year by year."""
    plan: list[tuple[int, ClusterProfile | None]] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for cluster in CLUSTERS:
            if year >= cluster.first_year:
                growth = 1.0 + YEAR_GROWTH * (year - cluster.first_year)
                plan += [(year, cluster)] * int(rng.poisson(cluster.projects_per_year * growth))
        mean = UNFACILITATED_PER_YEAR + UNFACILITATED_GROWTH * (year - FIRST_YEAR)
        plan += [(year, None)] * int(rng.poisson(mean))
    # shuffle within each year so project ids do not group by cluster
    order = sorted(range(len(plan)), key=lambda k: (plan[k][0], float(rng.random())))
    return [plan[k] for k in order]


def _acronym(rng: np.random.Generator) -> str:
    syllables = int(rng.integers(2, 4))
    return "".join(_ONSETS[rng.integers(len(_ONSETS))] + _VOWELS[rng.integers(len(_VOWELS))]
                   for _ in range(syllables)).upper()


def _title(rng: np.random.Generator, theme: str) -> str:
    prefix = TITLE_PREFIXES[rng.integers(len(TITLE_PREFIXES))]
    suffix = TITLE_SUFFIXES[rng.integers(len(TITLE_SUFFIXES))]
    return f"{_acronym(rng)}: {prefix} {theme} {suffix}"


def _projects(rng: np.random.Generator, pools: _Pools) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Project rows and participation rows."""
    projects: list[dict[str, Any]] = []
    participations: list[dict[str, Any]] = []
    for number, (year, cluster) in enumerate(_project_plan(rng), start=1):
        if cluster is not None:
            domain = cluster.domain
            programme_name = _pick(rng, cluster.programmes)
            theme = (CROSS_THEMES[rng.integers(len(CROSS_THEMES))] if rng.random() < CROSS_THEME_SHARE
                     else THEMES[domain][rng.integers(len(THEMES[domain]))])
        else:
            domain = _pick(rng, UNFACILITATED_DOMAINS)
            programme_name = _pick(rng, UNFACILITATED_PROGRAMMES)
            themes = CROSS_THEMES if domain == CROSS else THEMES[domain]
            theme = themes[rng.integers(len(themes))]
        programme = PROGRAMMES[programme_name]
        members = _consortium(rng, pools, cluster, domain, programme)
        coordinator = _coordinator(rng, pools, members, programme, cluster)
        budget = _budget(rng, programme)
        project_id = f"prj-{number:04d}"
        if programme_name == "Horizon":
            programme_name = "Horizon Europe" if year >= HORIZON_EUROPE_FROM else "Horizon 2020"
        projects.append({
            "id": project_id,
            "title": _title(rng, theme),
            "programme": programme_name,
            "theme": theme,
            "start_year": year,
            "end_year": year + int(rng.integers(PROJECT_YEARS[0], PROJECT_YEARS[1] + 1)),
            "budget_eur": budget,
            "cluster_id": cluster.id if cluster is not None else None,
        })
        for member, share in zip(members, _split_budget(rng, pools, members, coordinator, budget)):
            pools.counts[member] += 1
            participations.append({
                "project_id": project_id,
                "org_id": pools.orgs[member].id,
                "role": "coordinator" if member == coordinator else "partner",
                "budget_eur": share,
            })
    return projects, participations


# =========================================================================== ties


def _memberships(rng: np.random.Generator, pools: _Pools, projects: list[dict[str, Any]],
                 participations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Membership ties: most partners of a cluster's projects, plus members without projects."""
    project_year = {p["id"]: (p["start_year"], p["cluster_id"]) for p in projects}
    years: dict[tuple[str, str], list[int]] = {}  # (cluster, org) -> start years of its projects
    for row in participations:
        year, cluster_id = project_year[row["project_id"]]
        if cluster_id is not None and row["org_id"] != cluster_id:
            years.setdefault((cluster_id, row["org_id"]), []).append(year)
    ties: list[dict[str, Any]] = []
    for cluster in CLUSTERS:
        partner_years = {org: ys for (c, org), ys in sorted(years.items()) if c == cluster.id}
        for org_id, ys in partner_years.items():
            org = pools.orgs[pools.index[org_id]]
            probability = FOREIGN_MEMBERSHIP_PROBABILITY if org.foreign else MEMBERSHIP_PROBABILITY[org.category]
            if rng.random() < probability:
                start = max(cluster.first_year, min(ys) - int(rng.integers(0, 3)))
                ties.append(_membership(rng, org_id, cluster.id, start, max(ys)))
        ties += _extra_members(rng, pools, cluster, set(partner_years))
    return ties


def _membership(rng: np.random.Generator, org_id: str, cluster_id: str, start: int, last_active: int) -> dict[str, Any]:
    end = None
    if rng.random() < MEMBERSHIP_END_PROBABILITY and last_active < LAST_YEAR:
        end = int(rng.integers(last_active, LAST_YEAR))
    return {"source": org_id, "target": cluster_id, "relation": "membership", "weight": 1.0,
            "start_year": start, "end_year": end}


def _extra_members(rng: np.random.Generator, pools: _Pools, cluster: ClusterProfile,
                   partners: set[str]) -> list[dict[str, Any]]:
    """Flemish companies of the cluster's domain that are members but in none of its projects."""
    column = _AFFINITY_COLUMNS.index(cluster.domain)
    companies = np.concatenate([pools.by_category["sme"], pools.by_category["large"]])
    eligible = [int(i) for i in companies if not pools.foreign[i] and pools.affinity[i, column] >= COMPANY_OWN_DOMAIN
                and pools.orgs[int(i)].id not in partners]
    count = min(cluster.extra_members, len(eligible))
    if count == 0:
        return []
    chosen = rng.choice(len(eligible), size=count, replace=False,
                        p=_normalised([pools.fitness[i] for i in eligible]))
    ties = []
    for k in sorted(int(c) for c in chosen):
        start = int(rng.integers(cluster.first_year, LAST_YEAR + 1))
        ties.append(_membership(rng, pools.orgs[eligible[k]].id, cluster.id, start, start))
    return ties


def _other_ties() -> list[dict[str, Any]]:
    return [{"source": s, "target": t, "relation": r, "weight": 1.0, "start_year": y, "end_year": None}
            for s, t, r, y in OTHER_TIES]


# =========================================================================== public API


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the synthetic Flemish quadruple-helix ecosystem.

    Parameters
    ----------
    seed : int
        Seed of the ``numpy.random.Generator``; the same seed gives the same tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``organisations``, ``projects``, ``participations`` and ``ties``, one row per CSV
        record with the columns of the CSV files (in file order), sorted by their key.
        Missing values (no VAT, no cluster, open-ended tie) are NA; years are ``Int64``,
        budgets and weights ``float64`` and ``sme`` ``bool``.

    Examples
    --------
    >>> tables = generate(seed=1)
    >>> sorted(tables)
    ['organisations', 'participations', 'projects', 'ties']
    """
    rng = np.random.default_rng(seed)
    orgs = _build_catalogue(rng)
    pools = _Pools.build(orgs)
    projects, participations = _projects(rng, pools)
    ties = _memberships(rng, pools, projects, participations) + _other_ties()
    organisations = [{
        "id": o.id, "name": o.name, "helix": o.helix, "kind": o.kind, "sme": o.kind == "kmo",
        "vat": o.vat, "country": o.country, "region": o.region, "domain": o.domain,
    } for o in orgs]
    return {
        "organisations": _frame(organisations, ORGANISATION_COLUMNS, ["id"]),
        "projects": _frame(projects, PROJECT_COLUMNS, ["id"]),
        "participations": _frame(participations, PARTICIPATION_COLUMNS, ["project_id", "org_id"]),
        "ties": _frame(ties, TIE_COLUMNS, ["source", "target", "relation"]),
    }


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], key: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("start_year", "end_year"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    for column in ("budget_eur", "weight"):
        if column in frame:
            frame[column] = frame[column].astype("float64")
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


def write(directory: str | Path, seed: int = DEFAULT_SEED) -> None:
    """Generate the dataset and write it to ``directory``.

    Writes ``nodes/organisations.csv``, ``nodes/projects.csv``,
    ``edges/participations.csv``, ``edges/ties.csv``, ``dataset.toml`` and ``README.md``
    (UTF-8 without BOM, ``,``-delimited, ``\\n`` line ends, floats with two decimals), each
    atomically. The same seed gives byte-identical files.

    Raises
    ------
    helixnet.errors.OutputError
        If a file cannot be written.
    """
    from helixnet.io.atomic import write_text

    root = Path(directory)
    tables = generate(seed)
    for name, relative in FILES.items():
        write_text(root / relative, to_csv(tables[name]))
    write_text(root / "dataset.toml", dataset_toml(seed))
    write_text(root / "README.md", readme(tables, seed))


def to_csv(frame: pd.DataFrame) -> str:
    """Serialise ``frame`` as CSV text: ``true``/``false``, ``%.2f`` floats, empty NA."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, (float, np.floating)) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.2f}"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def dataset_toml(seed: int = DEFAULT_SEED) -> str:
    """The ``dataset.toml`` metadata of the dataset generated with ``seed``."""
    return (
        f'title = "{TITLE}"\n'
        f'source = "{GENERATOR}, seed {seed}"\n'
        "synthetic = true\n"
        f'generator = "python -m {GENERATOR}"\n'
        f"seed = {seed}\n"
        f'created = "{CREATED}"\n'
    )


def cluster_summary(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Per cluster, the raw-table indicators of the structure built into the data.

    Counted over the participations in the projects a cluster facilitated, the cluster's
    own participation excluded. These are plain descriptive counts to document the data
    (``README.md``) and to test the generator; the analysis measures live in
    :mod:`helixnet.metrics`.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster id: ``name``, ``first_year`` (first facilitated project),
        ``projects``, ``members`` (membership ties), ``partners`` (distinct organisations),
        the share of partner participations by helix (``bedrijf`` ... ``burger``), ``sme``
        and ``large`` (large companies), ``top_partner`` and ``top_partner_share`` (share of
        the cluster's projects it takes part in) and ``shared_partners`` (share of partners
        that also take part in another cluster's projects).
    """
    orgs = tables["organisations"].set_index("id")
    projects = tables["projects"]
    rows = tables["participations"].merge(
        projects[["id", "cluster_id", "start_year"]], left_on="project_id", right_on="id")
    rows = rows[rows["cluster_id"].notna() & (rows["org_id"] != rows["cluster_id"])]
    rows = rows.join(orgs[["helix", "kind", "sme"]], on="org_id")
    ties = tables["ties"]
    records = []
    clusters = orgs[(orgs["helix"] == "intermediair") & (orgs["kind"] == "cluster")]
    for cluster_id, name in clusters["name"].items():
        own = rows[rows["cluster_id"] == cluster_id]
        n_projects = int((projects["cluster_id"] == cluster_id).sum())
        partners = set(own["org_id"])
        elsewhere = set(rows.loc[rows["cluster_id"] != cluster_id, "org_id"])
        top = own["org_id"].value_counts()
        helix_share = own["helix"].value_counts(normalize=True)
        records.append({
            "id": cluster_id,
            "name": name,
            "first_year": int(own["start_year"].min()) if len(own) else None,
            "projects": n_projects,
            "members": int(((ties["relation"] == "membership") & (ties["target"] == cluster_id)).sum()),
            "partners": len(partners),
            **{h: float(helix_share.get(h, 0.0)) for h in ("bedrijf", "kennisinstelling", "overheid", "burger")},
            "sme": float(own["sme"].mean()) if len(own) else 0.0,
            "large": float((own["kind"] == "grote_onderneming").mean()) if len(own) else 0.0,
            "top_partner": top.index[0] if len(top) else None,
            "top_partner_share": float(top.iloc[0] / n_projects) if len(top) else 0.0,
            "shared_partners": len(partners & elsewhere) / len(partners) if partners else 0.0,
        })
    return pd.DataFrame(records).set_index("id")


def readme(tables: Mapping[str, pd.DataFrame], seed: int = DEFAULT_SEED) -> str:
    """The ``README.md`` of the data directory, with the figures of ``tables``."""
    orgs, projects = tables["organisations"], tables["projects"]
    participations, ties = tables["participations"], tables["ties"]
    helix_counts = orgs["helix"].value_counts()
    companies = orgs[orgs["helix"] == "bedrijf"]
    facilitated = int(projects["cluster_id"].notna().sum())
    summary = cluster_summary(tables)
    size = participations.groupby("project_id").size()
    activity = participations["org_id"].value_counts()
    top_share = activity.iloc[: max(1, len(orgs) // 100)].sum() / len(participations)
    sme_activity = activity.reindex(orgs.loc[orgs["sme"], "id"], fill_value=0)
    names = orgs.set_index("id")["name"]
    hubs = [names[i] for i in activity.index if i not in set(summary.index)][:4]
    lines = [
        "# Embedded demonstration data",
        "",
        "**This is synthetic demonstration data, not a record of real projects.** It imitates a",
        "Flemish quadruple-helix innovation ecosystem around the six spearhead clusters so that",
        "every helixnet command has something realistic to work on out of the box. Replace it",
        "with your own exports (see the data model in the main README) for real analysis.",
        "",
        "- Universities, research centres, hospitals, government bodies and the clusters carry",
        "  their real public names, but their projects, partners, budgets and memberships are",
        "  invented. The `partnership` and `host` ties between clusters and research centres are",
        "  invented too.",
        "- Companies have generated names (random syllables + sector word + legal form) that do",
        "  not refer to real firms; their VAT numbers are random, only well-formed (mod-97 check).",
        "- Citizen organisations have generic names (\"Energiecoöperatie Mol\") that do not refer",
        "  to a particular real organisation.",
        "",
        "## Regenerate",
        "",
        "```",
        f"python -m helixnet.synthetic data            # seed {DEFAULT_SEED}",
        "python -m helixnet.synthetic out --seed 7     # another ecosystem",
        "```",
        "",
        "The generator (`helixnet/synthetic.py`) is seeded and deterministic: the same seed",
        "gives byte-identical files, and a test checks that this directory equals its output.",
        "Do not edit the files by hand; change the generator and regenerate.",
        "",
        "## Contents",
        "",
        "| file | rows |",
        "|---|---:|",
        f"| `nodes/organisations.csv` | {len(orgs):,} |",
        f"| `nodes/projects.csv` | {len(projects):,} |",
        f"| `edges/participations.csv` | {len(participations):,} |",
        f"| `edges/ties.csv` | {len(ties):,} |",
        "",
        "Organisations by helix: "
        + ", ".join(f"{h} {int(helix_counts.get(h, 0)):,}" for h in ("bedrijf", "kennisinstelling", "overheid",
                                                                     "burger", "intermediair"))
        + f". Companies are {len(companies) / len(orgs):.0%} of all organisations; "
        f"{int(companies['sme'].sum()):,} of the {len(companies):,} companies are SMEs (kmo).",
        "",
        f"Projects start in {int(projects['start_year'].min())}-{int(projects['start_year'].max())} and run "
        f"{PROJECT_YEARS[0]}-{PROJECT_YEARS[1]} years; {facilitated:,} of {len(projects):,} "
        f"({facilitated / len(projects):.0%}) were facilitated by a cluster (`cluster_id`). Programmes: "
        + ", ".join(f"{name} ({count})" for name, count in projects["programme"].value_counts().items()) + ".",
        "Budgets are log-normal per programme, clipped to 100 k - 10 M EUR; the participations of",
        "a project split its budget exactly (whole euros).",
        "",
        "Ties: `membership` (member -> cluster, with the years of membership; open `end_year` =",
        "still a member), `partnership` between clusters and `host` (research centre -> cluster).",
        "",
        "## Structure built in",
        "",
        f"- Consortia of 2-{MAX_CONSORTIUM} organisations, skewed small (median {int(size.median())}, "
        f"mean {size.mean():.1f}).",
        f"- Heavy-tailed activity: the most active 1% of organisations hold {top_share:.0%} of all",
        f"  participations: the clusters and hubs such as {', '.join(hubs)}.",
        f"- Most SMEs are occasional partners: {(sme_activity.between(1, 3)).mean():.0%} take part in 1-3 projects.",
        "- Cluster funding starts in 2017 for Catalisti, Flux50 and VIL (the three that reach the",
        "  10-year state-aid cap at the end of 2026), later for the others; the",
        "  entertainment-technology cluster is being set up and facilitates a few projects from 2024.",
        "- The clusters differ on purpose, so the analysis has something to tell apart:",
        "  - **Flux50** leans on one research centre: VITO (EnergyVille) takes part in most of its projects.",
        "  - **VIL** is SME oriented, with few knowledge partners.",
        "  - **Flanders'FOOD** reaches citizens (cooperatives, citizen organisations) and government.",
        "  - **De Blauwe Cluster** keeps to its own blue-economy partners: few of them take part in",
        "    other clusters' projects.",
        "  - **MEDVIA** is university- and hospital-heavy.",
        "  - **Catalisti** is large-company heavy.",
        "",
        "Per cluster, over the partner participations in the projects it facilitated (the",
        "cluster's own participation left out): share by helix, SME and large-company share,",
        "the most frequent partner and the share of the cluster's projects it is in, and the share",
        "of partners that also take part in another cluster's projects.",
        "",
        "| cluster | since | projects | members | companies | knowledge | government | citizens "
        "| SMEs | large | top partner | shared partners |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in summary.itertuples():
        lines.append(
            f"| {row.name} | {row.first_year} | {row.projects} | {row.members} | {row.bedrijf:.0%} "
            f"| {row.kennisinstelling:.0%} | {row.overheid:.0%} | {row.burger:.0%} | {row.sme:.0%} "
            f"| {row.large:.0%} | {row.top_partner} ({row.top_partner_share:.0%}) | {row.shared_partners:.0%} |"
        )
    lines += ["", f"Generated by `{GENERATOR}` with seed {seed}; see `dataset.toml`.", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helixnet.synthetic [DIRECTORY] [--seed N]``: write the dataset."""
    import argparse

    from helixnet.errors import HelixnetError

    parser = argparse.ArgumentParser(prog="python -m helixnet.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="data", help="output directory (default: data)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    try:
        write(args.directory, seed=args.seed)
    except HelixnetError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote synthetic dataset (seed {args.seed}) to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
