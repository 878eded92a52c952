"""Small datasets for the scenario engine v2 tests: a builder from Python literals and a
hypothesis strategy of random two-mode ecosystems."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from helixnet.io.loader import Dataset, DatasetMeta

HELIX_KIND = {"bedrijf": "kmo", "kennisinstelling": "universiteit", "overheid": "stad", "burger": "burgerorganisatie",
              "intermediair": "cluster"}


def make_dataset(orgs: dict[str, tuple[str, bool]], projects: dict[str, tuple[str | None, list[str]]],
                 memberships: list[tuple[str, str]] = (), year: int = 2024) -> Dataset:
    """A Dataset from ``orgs`` (id -> (helix, sme)), ``projects`` (id -> (facilitating
    cluster or None, participants; the first coordinates)) and membership ties
    (member, cluster). Every project starts in ``year``."""
    organisations = pd.DataFrame(
        {"name": list(orgs), "helix": [h for h, _ in orgs.values()],
         "kind": [HELIX_KIND[h] if not (h == "bedrijf" and not sme) else "grote_onderneming" for h, sme in orgs.values()],
         "sme": [sme for _, sme in orgs.values()]}, index=pd.Index(list(orgs), name="id"))
    project_table = pd.DataFrame(
        {"title": list(projects), "programme": "test", "theme": "test",
         "start_year": pd.array([year] * len(projects), dtype="Int64"),
         "end_year": pd.array([year] * len(projects), dtype="Int64"),
         "budget_eur": 1.0, "cluster_id": [c for c, _ in projects.values()]},
        index=pd.Index(list(projects), name="id"))
    parts = pd.DataFrame([{"project_id": p, "org_id": o, "role": "coordinator" if k == 0 else "partner",
                           "budget_eur": 1.0}
                          for p, (_, members) in projects.items() for k, o in enumerate(members)],
                         columns=["project_id", "org_id", "role", "budget_eur"])
    ties = pd.DataFrame({"source": [m for m, _ in memberships], "target": [c for _, c in memberships],
                         "relation": "membership", "weight": 1.0,
                         "start_year": pd.array([year - 1] * len(memberships), dtype="Int64"),
                         "end_year": pd.array([None] * len(memberships), dtype="Int64")})
    return Dataset(organisations, project_table, parts, ties, DatasetMeta("test", "test", True, "<test>"))


@st.composite
def ecosystems(draw, max_orgs: int = 12, max_projects: int = 10) -> Dataset:
    """Random ecosystems with two clusters ``k0``, ``k1``, a knowledge host ``host`` and
    random companies (SME or not), knowledge, government and citizen organisations."""
    n = draw(st.integers(3, max_orgs))
    helices = draw(st.lists(st.sampled_from(["bedrijf", "bedrijf", "kennisinstelling", "overheid", "burger"]),
                            min_size=n, max_size=n))
    smes = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    orgs = {"k0": ("intermediair", False), "k1": ("intermediair", False), "host": ("kennisinstelling", False)}
    orgs |= {f"o{i}": (h, s and h == "bedrijf") for i, (h, s) in enumerate(zip(helices, smes))}
    ids = list(orgs)
    projects = {}
    for p in range(draw(st.integers(0, max_projects))):
        members = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=5, unique=True))
        projects[f"p{p}"] = (draw(st.sampled_from([None, "k0", "k1"])), members)
    candidates = [(o, k) for o in ids[3:] for k in ("k0", "k1")]
    memberships = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=len(candidates))) if candidates else []
    return make_dataset(orgs, projects, memberships)
