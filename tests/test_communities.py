"""Tests of helixnet.metrics.communities: seeded Leiden/Louvain, modularity, community profiles, gaps."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from helixnet.errors import OptionError
from helixnet.metrics.communities import (
    community_profile,
    detect_communities,
    ecosystem_communities,
    modularity,
)
from tests.helpers import TINY


def two_cliques() -> nx.Graph:
    """Two 5-cliques a0..a4 and b0..b4 joined by the single edge a0-b0, plus an isolate z."""
    G = nx.Graph()
    for prefix in "ab":
        G.add_edges_from((f"{prefix}{i}", f"{prefix}{j}") for i in range(5) for j in range(i + 1, 5))
    G.add_edge("a0", "b0")
    G.add_node("z")
    return G


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_two_cliques_are_found(method):
    labels = detect_communities(two_cliques(), method=method, weight=None, seed=3)
    assert labels.name == "community" and list(labels.index) == list(two_cliques())
    assert len({labels[f"a{i}"] for i in range(5)}) == 1 and len({labels[f"b{i}"] for i in range(5)}) == 1
    assert labels["a0"] != labels["b0"]
    # numbered by decreasing size, ties by the first node: a-clique 1, b-clique 2, the isolate 3
    assert (labels["a0"], labels["b0"], labels["z"]) == (1, 2, 3)


def test_zachary_karate_club_reaches_the_published_optimum():
    """Brandes et al. (2008) proved the maximum modularity of Zachary's karate club: 0.4198 (4 communities)."""
    G = nx.karate_club_graph()
    labels = detect_communities(G, weight=None, seed=0)
    assert labels.nunique() == 4
    assert modularity(G, labels, weight=None) == pytest.approx(0.4197896, abs=1e-6)
    assert labels.attrs["modularity"] == pytest.approx(0.4197896, abs=1e-6)


def test_modularity_equals_networkx_weighted_and_with_resolution():
    G = nx.les_miserables_graph()
    labels = detect_communities(G, seed=1)
    groups = [set(labels.index[labels == c]) for c in labels.unique()]
    for resolution in (1.0, 0.5):
        assert modularity(G, labels, resolution=resolution) == pytest.approx(
            nx.community.modularity(G, groups, weight="weight", resolution=resolution))
    # the weighted Leiden partition is at least as good as networkx's own Louvain with the same weights
    theirs = nx.community.louvain_communities(G, weight="weight", seed=1)
    assert modularity(G, labels) >= nx.community.modularity(G, theirs, weight="weight") - 1e-9
    assert modularity(nx.empty_graph(3), pd.Series([1, 2, 3], index=[0, 1, 2])) == 0.0


def test_same_seed_same_partition_and_the_global_generator_is_given_back():
    import random

    import igraph

    G = nx.les_miserables_graph()
    first = detect_communities(G, seed=7)
    random.seed(5)
    expected_next = random.random()
    random.seed(5)
    again = detect_communities(G, seed=7)
    assert random.random() == expected_next  # our seeding did not consume or reset Python's generator
    pd.testing.assert_series_equal(first, again)
    assert igraph.Graph.Erdos_Renyi(n=5, p=0.5) is not None  # igraph works with its generator restored


def test_options_and_empty_graph():
    with pytest.raises(OptionError, match="community method 'spectral' is not supported"):
        detect_communities(two_cliques(), method="spectral")
    with pytest.raises(OptionError, match="resolution must be positive"):
        detect_communities(two_cliques(), resolution=0)
    assert detect_communities(nx.Graph()).empty


def test_ecosystem_communities_leave_the_clusters_out():
    G = two_cliques()
    G.add_node("k", is_cluster=True)
    G.add_edges_from(("k", f"a{i}") for i in range(5))
    G.add_edges_from(("k", f"b{i}") for i in range(5))
    labels = ecosystem_communities(G, weight=None)
    assert "k" not in labels.index and len(labels) == 11
    assert labels["a1"] != labels["b1"]
    # the same as detecting on the subgraph without the cluster, modularity included
    alone = detect_communities(G.subgraph([n for n in G if n != "k"]), weight=None)
    pd.testing.assert_series_equal(labels, alone.reindex(labels.index))
    assert labels.attrs["modularity"] == pytest.approx(modularity(G.subgraph(labels.index), labels, weight=None))


def profiled_graph() -> nx.Graph:
    G = two_cliques()
    helices = {"a0": "kennisinstelling", "a1": "bedrijf", "a2": "bedrijf", "a3": "overheid", "a4": "burger",
               **{f"b{i}": "bedrijf" for i in range(5)}, "z": "burger"}
    for node, helix in helices.items():
        G.nodes[node].update(helix=helix, sme=node in ("a1", "b1", "b2"), is_cluster=False, name=node.upper())
    G.add_node("k", helix="intermediair", is_cluster=True, name="Cluster K", sme=False)
    G.add_node("m", helix="intermediair", is_cluster=True, name="Cluster M", sme=False)
    G.add_edges_from([("k", "a1"), ("k", "a2"), ("m", "a2"), ("k", "b0")])
    return G


def test_community_profile_by_hand():
    G = profiled_graph()
    labels = ecosystem_communities(G, weight=None)
    profile = community_profile(G, labels)
    a, b = labels["a0"], labels["b0"]
    assert list(profile.index) == [1, 2, 3] and profile.index.name == "community"
    assert profile.loc[a, ["size", "bedrijf", "kennisinstelling", "overheid", "burger", "sme"]].tolist() == [
        5, 2, 1, 1, 1, 1]
    assert profile.at[a, "share_bedrijf"] == pytest.approx(0.4)
    assert profile.at[b, "share_sme"] == pytest.approx(0.4)
    assert profile.at[a, "internal_ties"] == 10 and profile.at[b, "internal_ties"] == 10
    # a1 and a2 are tied to a cluster (a2 to two), b0 to one: coverage 2/5 and 1/5
    assert profile.at[a, "cluster_tied"] == 2 and profile.at[a, "coverage"] == pytest.approx(0.4)
    assert profile.at[b, "coverage"] == pytest.approx(0.2)
    assert profile.at[a, "clusters"] == "Cluster K (2); Cluster M (1)" and profile.at[a, "n_clusters"] == 2
    assert profile.at[b, "clusters"] == "Cluster K (1)"
    assert profile.loc[3, ["size", "coverage", "clusters", "n_clusters"]].tolist() == [1, 0.0, "", 0]
    # without a dataset: no projects, no themes
    assert profile["projects"].eq(0).all() and profile["themes"].eq("").all()


def test_profile_on_the_tiny_fixture_counts_projects_and_themes():
    """tests/data/tiny by hand: projects and themes come from the participations of each community's members."""
    import helixnet
    from helixnet.graph import collaboration_graph

    ds = helixnet.load(TINY)
    G = collaboration_graph(ds)
    labels = ecosystem_communities(G, seed=0)
    profile = community_profile(G, labels, ds)
    assert profile["size"].sum() == len(labels) == G.number_of_nodes() - len(ds.clusters)
    members = ds.participations.assign(community=ds.participations["org_id"].map(labels)).dropna(subset=["community"])
    for number, row in profile.iterrows():
        inside = members[members["community"] == number]
        joint = inside.groupby("project_id").size()
        shared = joint[joint >= 2].index
        assert row["projects"] == len(shared)
        if len(shared):
            facilitated = ds.projects.loc[shared, "cluster_id"].notna().mean()
            assert row["share_facilitated"] == pytest.approx(facilitated)
        # themes: participations per theme, most first, ties alphabetical, at most three
        counts = ds.projects.loc[inside["project_id"], "theme"].dropna().value_counts()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
        assert row["themes"] == "; ".join(f"{theme} ({n})" for theme, n in ordered)
    assert (profile["themes"] != "").any()


def test_profile_without_themes_in_the_data():
    """Exports such as the H2020 table have no project themes: the column stays empty, nothing fails."""
    import helixnet
    from helixnet.graph import collaboration_graph

    ds = helixnet.load(TINY)
    ds.projects = ds.projects.assign(theme=None)
    G = collaboration_graph(ds)
    profile = community_profile(G, ecosystem_communities(G), ds)
    assert profile["themes"].eq("").all() and profile["projects"].sum() > 0


def test_profile_when_only_clusters_take_part_in_projects(tmp_path):
    """Regression: KeyError 'community' when no community member takes part in a project."""
    import helixnet
    from helixnet.metrics.communities import community_profile, ecosystem_communities
    from tests.helpers import copy_tiny

    data = copy_tiny(tmp_path)
    (data / "edges" / "participations.csv").write_text(
        "project_id,org_id,role,budget_eur\np1,clu,coordinator,\np3,clu,coordinator,\n", encoding="utf-8")
    (data / "edges" / "ties.csv").unlink()
    ds = helixnet.load(data)
    G = helixnet.collaboration_graph(ds)
    profile = community_profile(G, ecosystem_communities(G), ds)
    assert len(profile) == 6 and (profile["size"] == 1).all()
    assert (profile["projects"] == 0).all() and (profile["themes"] == "").all()
    assert profile["share_facilitated"].isna().all()
