"""The metric tables on the tiny fixture: by hand and against networkx."""

from __future__ import annotations

import math

import networkx as nx
import pytest

import helixnet
from helixnet.metrics.table import ATTRIBUTES, METRICS
from tests.helpers import TINY


@pytest.fixture(scope="module")
def analysis():
    ds = helixnet.load(TINY)
    G = helixnet.collaboration_graph(ds)
    orgs = helixnet.organisation_metrics(G)
    return ds, G, orgs


def test_organisation_table_shape(analysis):
    ds, G, orgs = analysis
    assert list(orgs.index) == list(G.nodes)
    assert list(orgs.columns) == [*ATTRIBUTES, *METRICS]
    assert orgs.index.name == "id"


def test_organisation_metrics_equal_networkx(analysis):
    _, G, orgs = analysis
    expected = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G),
        "closeness": nx.closeness_centrality(G),
        "pagerank": nx.pagerank(G, weight="weight"),
        "constraint": nx.constraint(G),
        "effective_size": nx.effective_size(G),
    }
    for metric, values in expected.items():
        for node, value in values.items():
            if isinstance(value, float) and math.isnan(value):
                assert math.isnan(orgs.loc[node, metric]), (metric, node)
            else:
                assert orgs.loc[node, metric] == pytest.approx(value, abs=1e-6), (metric, node)


def test_isolated_organisation(analysis):
    _, _, orgs = analysis
    iso = orgs.loc["iso"]
    assert iso["degree"] == 0 and iso["betweenness"] == 0 and iso["closeness"] == 0
    assert math.isnan(iso["constraint"]) and math.isnan(iso["efficiency"])


def test_cluster_profile_by_hand(analysis):
    ds, G, orgs = analysis
    clusters = helixnet.cluster_metrics(G, orgs, ds)
    assert list(clusters.index) == ["clu"]
    row = clusters.loc["clu"]
    # partners of clu: u1 (kennisinstelling), c1 and c2 (bedrijf), g1 (overheid), b1 (burger)
    assert (row["partners_bedrijf"], row["partners_kennisinstelling"], row["partners_overheid"],
            row["partners_burger"], row["partners_intermediair"]) == (2, 1, 1, 1, 0)
    assert row["share_bedrijf"] == pytest.approx(0.4)
    assert row["partners_sme"] == 1 and row["share_sme"] == pytest.approx(0.2)
    assert (row["projects_facilitated"], row["projects_joined"], row["members"]) == (2, 2, 2)
    # clu has the highest degree (5) of 7 organisations: percentile rank 100
    assert row["degree_pct"] == pytest.approx(100.0)
    assert row["degree"] == 5


def test_cluster_profile_in_a_window(analysis):
    ds, _, _ = analysis
    G = helixnet.collaboration_graph(ds, start_year=2021, end_year=2022)
    clusters = helixnet.cluster_metrics(G, helixnet.organisation_metrics(G), ds)
    assert (clusters.loc["clu", "projects_facilitated"], clusters.loc["clu", "members"]) == (1, 1)


def test_network_summary_by_hand(analysis):
    ds, G, _ = analysis
    net = helixnet.network_summary(G, ds)
    assert net["organisations"] == 7 and net["edges"] == 10
    assert net["organisations_bedrijf"] == 3 and net["organisations_intermediair"] == 1
    assert net["sme"] == 2 and net["clusters"] == 1
    assert net["projects"] == 4 and net["participations"] == 11
    assert net["components"] == 2 and net["isolates"] == 1
    assert net["giant_component_nodes"] == 6
    assert net["giant_share"] == pytest.approx(6 / 7)
    assert net["density"] == pytest.approx(10 / 21)
    assert net["mean_degree"] == pytest.approx(20 / 7)


def test_cluster_profile_has_every_measure_with_its_percentile(analysis):
    ds, G, orgs = analysis
    clusters = helixnet.cluster_metrics(G, orgs, ds)
    for metric in METRICS:
        assert clusters.loc["clu", metric] == orgs.loc["clu", metric] or math.isnan(orgs.loc["clu", metric])
        if metric.endswith("_z"):  # sna's z: its percentile would repeat the raw count's
            assert f"{metric}_pct" not in clusters.columns
            continue
        pct = clusters.loc["clu", f"{metric}_pct"]
        assert 0 < pct <= 100 or math.isnan(pct), metric
    # percentile by hand: clu's betweenness is the highest of 7 -> 100; its constraint the lowest
    # of the 6 non-isolated organisations (the isolated one has no constraint) -> 1/6
    assert clusters.loc["clu", "betweenness_pct"] == pytest.approx(100.0)
    assert orgs["constraint"].idxmin() == "clu"
    assert clusters.loc["clu", "constraint_pct"] == pytest.approx(100 / 6)


def test_organisation_table_holds_the_brokerage_and_bridging_columns(analysis):
    _, G, orgs = analysis
    result = helixnet.brokerage(G, attr="helix")
    assert (orgs["brokerage_b_O"] == result.raw["b_O"]).all()
    # clu links u1 (kennisinstelling) and g1 (overheid), which are not tied: a liaison pair, both directions
    assert orgs.loc["clu", "brokerage_b_O"] >= 2
    assert orgs.loc["iso", "brokerage_t"] == 0
