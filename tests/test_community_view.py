"""The communities as a second view on missing themes: consensus over seeds, the agreement
reported, and the activity condition of the theme rule (helixnet.analysis.detect_communities
and helixnet.report.communities_section), validated on a planted dataset."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from helixnet.graph import collaboration_graph
from helixnet.io.loader import Dataset, DatasetMeta
from helixnet.texts import catalogue


def planted(with_cluster: bool = True) -> Dataset:
    """Three groups that only work within themselves, 2019-2024 (export in 2025: recent window 2022-24).

    - group a (6 organisations): 2 projects a year in 2019-21, 5 a year in 2022-24, none facilitated:
      active, growing and not facilitated, the planted gap;
    - group b (6): the same activity, every project facilitated by cluster c1 (which takes part);
    - group x (3): one project a year in 2022-24, none facilitated: not active (3 < 10 recent projects).
    """
    groups = {"a": 6, "b": 6, "x": 3}
    helices = ["bedrijf", "kennisinstelling", "overheid"]
    ids = [f"{g}{i}" for g, n in groups.items() for i in range(n)]
    orgs = pd.DataFrame({"name": ["Cluster 1", *ids],
                         "helix": ["intermediair", *[helices[i % 3] for i in range(len(ids))]],
                         "kind": ["cluster" if with_cluster else "vzw", *["kmo"] * len(ids)],
                         "sme": [False, *[True] * len(ids)]}, index=pd.Index(["c1", *ids], name="id"))
    projects, parts = [], []

    def add(group, year, count, facilitated):
        members = [f"{group}{i}" for i in range(groups[group])]
        for k in range(count):
            pid = f"{group}-{year}-{k}"
            projects.append({"id": pid, "theme": "t", "start_year": year,
                             "cluster_id": "c1" if facilitated and with_cluster else np.nan})
            chosen = [members[(k + j) % len(members)] for j in range(3)]
            parts.extend({"project_id": pid, "org_id": o} for o in chosen + (["c1"] if facilitated else []))

    for year in range(2019, 2025):
        add("a", year, 2 if year < 2022 else 5, False)
        add("b", year, 2 if year < 2022 else 5, True)
        if year >= 2022:
            add("x", year, 1, False)
    table = pd.DataFrame(projects).set_index("id")
    table["start_year"] = table["start_year"].astype("Int64")
    ties = pd.DataFrame(columns=["source", "target", "relation", "weight", "start_year", "end_year"])
    meta = DatasetMeta(title="planted communities", source="test", synthetic=True, path="-",
                       extra={"created": "2025-03-01"})
    return Dataset(organisations=orgs, projects=table, participations=pd.DataFrame(parts), ties=ties, meta=meta)


def detect(ds, seed=0):
    from helixnet.analysis import detect_communities

    return detect_communities(collaboration_graph(ds), ds, seed=seed)


def test_the_planted_community_gap_is_found_and_nothing_else():
    result = detect(planted())
    labels = result.labels
    assert labels["a0"] != labels["b0"] != labels["x0"] != labels["a0"]
    assert list(result.candidates.index) == [labels["a0"]]
    profile = result.profile
    assert profile.at[labels["a0"], "projects_recent"] == 15 and profile.at[labels["a0"], "facilitated_recent"] == 0
    assert profile.at[labels["b0"], "facilitated_recent"] == 1 and not profile.at[labels["b0"], "candidate_gap"]
    assert not profile.at[labels["x0"], "active"]  # not facilitated either, but too little activity
    assert result.recent == (2022, 2024) and result.previous == (2019, 2021)
    assert result.run_agreement == pytest.approx(1.0) and result.weighting_agreement == pytest.approx(1.0)


def test_without_clusters_no_community_is_flagged():
    result = detect(planted(with_cluster=False))
    assert not result.has_clusters and result.candidates.empty and not result.profile["candidate_gap"].any()
    assert result.profile["active"].sum() == 2  # the activity is still measured
    from helixnet.report.communities_section import verdict

    assert verdict(result, catalogue("en")["communities_view"], "en") == catalogue("en")["communities_view"]["no_clusters"]


@pytest.fixture(scope="module")
def default_communities():
    from helixnet.analysis import detect_communities
    from helixnet.io.loader import load
    from tests.helpers import REPO

    ds = load(REPO / "data")
    graph = collaboration_graph(ds)
    return ds, graph, detect_communities(graph, ds, seed=0)


def test_consensus_communities_are_deterministic_per_seed(default_communities):
    from helixnet.analysis import detect_communities
    from helixnet.metrics.consensus import consensus_communities

    ds, graph, first = default_communities
    again = detect_communities(graph, ds, seed=0)
    pd.testing.assert_series_equal(first.labels, again.labels)
    assert (first.run_agreement, first.weighting_agreement) == (again.run_agreement, again.weighting_agreement)
    pd.testing.assert_series_equal(first.labels, consensus_communities(graph, runs=first.runs, seed=0).communities)
    assert 0 < first.run_agreement < 1 and 0 < first.weighting_agreement < 1  # Leiden runs differ on these data


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_section_reports_the_agreement_and_the_rule(default_communities, lang):
    from helixnet.report.communities_section import communities_section
    from helixnet.report.document import Figure, Paragraph, Table
    from helixnet.report.inputs import ReportData
    from helixnet.viz import style

    ds, graph, result = default_communities
    data = ReportData(meta={}, network=pd.Series(dtype=object), clusters=ds.clusters, organisations=ds.organisations,
                      parameters=[], communities=result)
    blocks = communities_section(data, catalogue(lang)["text"], lang)
    text = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    for value in (result.run_agreement, result.weighting_agreement):
        assert style.format_number(round(value, 2), lang) in text
    assert f"{result.runs} " in text and f"{result.recent[0]}–{result.recent[1]}" in text
    words = catalogue(lang)["communities_view"]
    assert words["none"] in text  # the default data: every active community is well facilitated
    table = next(b for b in blocks if isinstance(b, Table))
    assert words["recent"] in table.header and words["facilitated"] in table.header
    assert any(isinstance(b, Figure) and b.name == "communities" for b in blocks)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_community_figure_draws_the_data(lang):
    from helixnet.viz import trend_figures

    result = detect(planted())
    profile = result.profile
    fig = trend_figures.community_gaps(profile, result.rule.min_projects, result.rule.max_facilitated, lang=lang)
    data = trend_figures.community_gaps_data(profile)
    ax = fig.axes[0]
    plain = next(c for c in ax.collections if c.get_gid() == "communities")
    marked = next(c for c in ax.collections if c.get_gid() == "candidates")
    expected = np.column_stack([data["projects_recent"], data["facilitated_recent"] * 100])
    shown = np.vstack([plain.get_offsets(), marked.get_offsets()])
    assert sorted(map(tuple, shown.round(9))) == sorted(map(tuple, expected.round(9)))
    assert np.asarray(marked.get_offsets()).round(9).tolist() == expected[data["candidate"].to_numpy()].round(9).tolist()
    words = catalogue(lang)["communities_view"]
    labels = {t.get_text() for t in ax.texts if t.get_gid() == "cluster-label"}
    assert words["label"].format(number=int(result.candidates.index[0])) in labels
    assert ax.get_xlabel() == words["fig_x"] and ax.get_ylabel() == words["fig_y"]
    zone = next(p for p in ax.patches if p.get_gid() == "zone")
    assert zone.get_x() == result.rule.min_projects
    without = trend_figures.community_gaps(profile, 10, 0.1, lang=lang, zone=False)
    assert not [p for p in without.axes[0].patches if p.get_gid() == "zone"]
