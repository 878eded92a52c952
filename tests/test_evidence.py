"""The baselines: the profile from matrices equals the catalogue measures, null statistics,
peers, bootstrap, robustness, the planted bridge, and the CLI outputs."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from helixnet.cli import main
from helixnet.errors import OptionError
from helixnet.metrics import bridging, structural_holes
from helixnet.metrics._engine import adjacency
from helixnet.metrics.bootstrap import percentile_interval, resample_projects, synergy_intervals
from helixnet.metrics.evidence import LONG_COLUMNS, cluster_evidence, null_statistics
from helixnet.metrics.incidence import projection, two_mode_arrays
from helixnet.metrics.peers import peer_percentiles
from helixnet.metrics.profile import PROFILE_MEASURES, focus_profile
from helixnet.metrics.robustness import rank_robust
from helixnet.pipeline import analyse
from tests.helpers import TINY

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["tiny", "default"])
def observed(request):
    analysis = analyse(TINY if request.param == "tiny" else REPO / "data")
    two_mode = two_mode_arrays(analysis.dataset, analysis.graph)
    return analysis, two_mode, two_mode.positions(list(analysis.graph.nodes))


def test_projection_is_the_collaboration_graph(observed):
    analysis, two_mode, _ = observed
    G = analysis.graph
    for weighting, attribute in (("projects", "weight"), ("binary", None)):
        A, W, C = projection(two_mode, weighting=weighting)
        expected = adjacency(G, attribute, self_loops=False)
        assert abs(W - expected).max() < 1e-12
        assert (A != (expected > 0)).nnz == 0


def test_profile_from_matrices_equals_the_catalogue_measures(observed):
    analysis, two_mode, everyone = observed
    organisations = analysis.organisations
    A, W, _ = projection(two_mode, weighting="projects")
    profile = focus_profile(two_mode, A, W, everyone)
    binary = focus_profile(two_mode, A, projection(two_mode, weighting="binary")[1], everyone)
    for measure in PROFILE_MEASURES:
        if measure == "helix_diverse_share":
            continue
        reference = organisations[measure].to_numpy(dtype=float)
        values = binary[measure] if measure == "constraint" else profile[measure]
        np.testing.assert_allclose(values, reference, rtol=1e-12, atol=1e-12, equal_nan=True, err_msg=measure)


def test_weighted_profile_equals_the_catalogue_functions_with_newman_weights(observed):
    analysis, two_mode, everyone = observed
    G = analysis.graph.copy()
    for _, _, data in G.edges(data=True):  # Newman weight plus the direct-tie weight
        data["newman_total"] = data["newman"] + data["weight"] - data["projects"]
    A, W, _ = projection(two_mode, weighting="newman")
    profile = focus_profile(two_mode, A, W, everyone)
    np.testing.assert_allclose(profile["constraint"], structural_holes.constraint(G, "newman_total"), atol=1e-12)
    concentration = bridging.partner_concentration(G, "newman_total")
    np.testing.assert_allclose(profile["top1_share"], concentration["top1_share"], atol=1e-12)
    np.testing.assert_allclose(profile["herfindahl"], concentration["herfindahl"], atol=1e-12)


def test_helix_diverse_share_by_hand():
    analysis = analyse(TINY)
    two_mode = two_mode_arrays(analysis.dataset, analysis.graph)
    # clu takes part in p1 (clu, u1, c1: 2 helices) and p3 (clu, g1, b1: 2 helices)
    from helixnet.metrics.profile import helix_diverse_share

    assert helix_diverse_share(two_mode, None, two_mode.positions(["clu"]))[0] == 0.0
    # u1 in p1 and p2 (u1, c1, c2): kennisinstelling + bedrijf only
    assert helix_diverse_share(two_mode, None, two_mode.positions(["u1"]))[0] == 0.0
    assert np.isnan(helix_diverse_share(two_mode, None, two_mode.positions(["iso"]))[0])


def test_null_statistics_by_hand():
    stats = null_statistics(np.array([5.0]), np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]]))
    assert stats["null_mean"][0] == 3.5
    assert stats["null_sd"][0] == pytest.approx(np.std([1, 2, 3, 4, 5, 6], ddof=1))
    assert stats["null_pct"][0] == pytest.approx(100 * 4.5 / 6)  # 4 below, 1 equal
    assert stats["null_p"][0] == pytest.approx(2 * min(1 + 5, 1 + 2) / 7)
    assert stats["null_side"][0] == "within"
    far = null_statistics(np.array([100.0, -1.0]), np.tile(np.arange(50.0)[:, None], (1, 2)))
    assert list(far["null_side"]) == ["above", "below"]
    assert far["null_p"][0] == pytest.approx(2 / 51)
    flat = null_statistics(np.array([2.0]), np.full((10, 1), 2.0))
    assert np.isnan(flat["null_z"][0]) and flat["null_pct"][0] == 50.0


def test_peer_percentiles_by_hand():
    table = pd.DataFrame({
        "degree": [10, 9, 12, 100, 3],
        "helix": ["intermediair", "intermediair", "bedrijf", "kennisinstelling", "bedrijf"],
        "kind": ["cluster", "cluster", "kmo", "universiteit", "kmo"],
        "betweenness": [0.5, 0.1, 0.9, 0.2, 0.0],
    }, index=["a", "b", "c", "d", "e"])
    peers = peer_percentiles(table, ["a"], ["betweenness"])
    # degree band ±25% of 10: b (9) and c (12); a's 0.5 is above b, below c: 2nd of 3
    assert peers.at["a", "peers_degree_band"] == 2
    assert peers.at["a", "betweenness_pct_degree_band"] == pytest.approx(100 * 2 / 3)
    assert peers.at["a", "betweenness_pct_intermediaries"] == 100.0  # above b
    assert peers.at["a", "betweenness_pct_knowledge_hubs"] == 100.0  # above d
    with pytest.raises(OptionError, match="band 1.5: expected a fraction"):
        peer_percentiles(table, ["a"], ["betweenness"], band=1.5)


def test_rank_robust_by_hand():
    profiles = {"x": {"m": np.array([1.0, 2.0, 3.0])}, "y": {"m": np.array([1.0, 3.0, 2.0])}}
    assert list(rank_robust(profiles)["m"]) == [True, False, False]


def test_bootstrap_resample_and_interval():
    analysis = analyse(TINY)
    incidence = two_mode_arrays(analysis.dataset, analysis.graph).incidence
    first, again = resample_projects(incidence, 4), resample_projects(incidence, 4)
    assert (first.indices == again.indices).all() and first.n_columns == incidence.n_columns
    original = incidence.to_sparse().toarray()
    for column in first.to_sparse().toarray().T:  # every column is a copy of an original project
        assert any((column == original[:, j]).all() for j in range(incidence.n_columns))
    low, high = percentile_interval(np.arange(101.0)[:, None], 0.9)
    assert (low[0], high[0]) == pytest.approx((5.0, 95.0), abs=1e-12)


def test_synergy_intervals_contain_the_estimate_on_the_default_data():
    analysis = analyse(REPO / "data")
    table = synergy_intervals(analysis.dataset, analysis.synergy, 200, seed=0)
    assert list(table.index) == list(analysis.synergy.index)
    network = table.loc[("network", "all")]
    assert network["T_UIG_lo"] <= network["T_UIG"] <= network["T_UIG_hi"]
    assert (table["T_UIG_lo"] <= table["T_UIG_hi"]).all()
    assert table.equals(synergy_intervals(analysis.dataset, analysis.synergy, 200, seed=0))


# --- the planted dataset -----------------------------------------------------------------

HELICES = {"bedrijf": "kmo", "kennisinstelling": "universiteit", "overheid": "stad"}


def write_planted(root: Path, planted: str, seed: int) -> Path:
    """Three helix groups of 16 organisations with 20 projects of 3 each, and one intermediary
    with two projects of 3 per group. ``bridge``: every project stays inside one helix group,
    so the intermediary is the only path between the groups; ``joiner``: every project,
    the intermediary's too, draws its members at random from all helices."""
    rng = random.Random(seed)
    groups = {h: [f"{h[:3]}-{i}" for i in range(16)] for h in HELICES}
    everyone = [o for members in groups.values() for o in members]
    organisations = [(o, o, h, HELICES[h]) for h, members in groups.items() for o in members]
    organisations.append((planted, planted, "intermediair", "cluster"))
    participations: list[tuple[str, str]] = []
    projects: list[str] = []
    for members in groups.values():
        pool = members if planted == "bridge" else everyone
        for consortium in [rng.sample(pool, 3) for _ in range(20)] + [[planted, *rng.sample(pool, 2)] for _ in range(2)]:
            projects.append(f"p{len(projects):03d}")
            participations += [(projects[-1], member) for member in consortium]
    (root / "nodes").mkdir(parents=True)
    (root / "edges").mkdir()
    tables = {
        "nodes/organisations.csv": (["id", "name", "helix", "kind"], organisations),
        "nodes/projects.csv": (["id", "title", "programme", "theme", "start_year", "end_year", "budget_eur", "cluster_id"],
                               [(p, p, "", "", 2020, 2021, "", "") for p in projects]),
        "edges/participations.csv": (["project_id", "org_id", "role", "budget_eur"],
                                     [(p, o, "", "") for p, o in participations]),
    }
    for name, (header, rows) in tables.items():
        with open(root / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return root


@pytest.mark.parametrize("seed", [1, 2])
def test_a_true_bridge_is_far_in_the_null_tail_and_a_random_joiner_is_not(tmp_path, seed):
    for planted, side in (("bridge", "above"), ("joiner", "within")):
        analysis = analyse(write_planted(tmp_path / planted, planted, seed))
        evidence = cluster_evidence(analysis.dataset, analysis.graph, analysis.organisations, seed=0, replicates=100,
                                    bootstrap_replicates=2)
        row = evidence.wide.loc[planted]
        for measure in ("betweenness", "cross_helix_betweenness"):
            assert row[f"{measure}_null_side"] == side, (planted, measure, row[f"{measure}_null_pct"])
            if planted == "bridge":
                assert row[f"{measure}_null_pct"] >= 97.5
            else:
                assert 2.5 < row[f"{measure}_null_pct"] < 97.5


# --- the entry point and the CLI -----------------------------------------------------------


def test_cluster_evidence_tables_and_determinism():
    analysis = analyse(TINY)
    args = (analysis.dataset, analysis.graph, analysis.organisations)
    evidence = cluster_evidence(*args, seed=3, replicates=5, synergy=analysis.synergy)
    assert list(evidence.wide.index) == ["clu"]
    for measure in PROFILE_MEASURES:
        for suffix in ("null_mean", "null_sd", "null_z", "null_pct", "null_p", "null_side", "boot_lo", "boot_hi",
                       "rank_robust", "robust"):
            assert f"{measure}_{suffix}" in evidence.wide.columns
    assert "degree_pct_degree_band" in evidence.wide.columns and "helix_diverse_share" in evidence.wide.columns
    assert list(evidence.long.columns) == list(LONG_COLUMNS)
    assert {"degree-preserving null", "bootstrap over projects", "sna null (grows with degree)"} <= set(
        evidence.long["baseline"])
    again = cluster_evidence(*args, seed=3, replicates=5, synergy=analysis.synergy)
    pd.testing.assert_frame_equal(evidence.wide, again.wide)
    pd.testing.assert_frame_equal(evidence.long, again.long)
    other = cluster_evidence(*args, seed=4, replicates=5)
    assert not evidence.wide["betweenness_null_mean"].equals(other.wide["betweenness_null_mean"]) or \
        not evidence.wide["degree_null_mean"].equals(other.wide["degree_null_mean"])


@pytest.mark.parametrize("options, message", [
    ({"replicates": 1}, "replicates 1: expected a whole number >= 2"),
    ({"large_consortium": 1}, "large_consortium 1: expected a whole number of participants >= 2"),
    ({"clusters": ["nobody"]}, "organisation 'nobody' is not in the graph; expected an organisation id"),
    ({"path_sources": 0}, "path_sources 0: expected a whole number of source organisations >= 1"),
])
def test_cluster_evidence_errors(options, message):
    analysis = analyse(TINY)
    with pytest.raises(OptionError) as error:
        cluster_evidence(analysis.dataset, analysis.graph, analysis.organisations, **options)
    assert str(error.value) == message


def test_cli_metrics_writes_the_evidence_deterministically(tmp_path):
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / name), "--null-replicates", "4",
                                      "--seed", "5"])
        assert result.exit_code == 0, result.output
    for table in ("clusters.csv", "cluster_evidence.csv", "synergy.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()
    clusters = pd.read_csv(tmp_path / "a" / "clusters.csv", index_col=0)
    assert {"betweenness_null_z", "betweenness_null_pct", "betweenness_boot_lo", "constraint_robust",
            "degree_pct_intermediaries"} <= set(clusters.columns)
    assert clusters.at["clu", "null_replicates"] == 4
    assert {"T_UIG_lo", "T_UIG_hi"} <= set(pd.read_csv(tmp_path / "a" / "synergy.csv").columns)
    skipped = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "c"), "--null-replicates", "0"])
    assert skipped.exit_code == 0 and not (tmp_path / "c" / "cluster_evidence.csv").exists()


def test_cli_null_path_sources_asks_for_the_sampled_estimate(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "k"), "--null-replicates", "4",
                                  "--null-path-sources", "2"])
    assert result.exit_code == 0, result.output
    network = pd.read_csv(tmp_path / "k" / "network.csv", index_col=0).iloc[:, 0]
    assert str(network["evidence_path_sources"]) == "2"
    exact = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "e"), "--null-replicates", "4"])
    sampled, exact_table = (pd.read_csv(tmp_path / d / "clusters.csv", index_col=0) for d in ("k", "e"))
    assert exact.exit_code == 0
    assert sampled.at["clu", "betweenness"] == exact_table.at["clu", "betweenness"]  # observed values stay exact
    refused = runner.invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "z"), "--null-path-sources", "0"])
    assert refused.exit_code == 2 and "--null-path-sources" in refused.output
    assert not (tmp_path / "z").exists()


def test_cli_metrics_rejects_one_replicate(tmp_path):
    result = CliRunner().invoke(main, ["metrics", str(TINY), "--out", str(tmp_path), "--null-replicates", "1"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: --null-replicates 1: expected 0 (no baselines) or at least 2 replicates")


@pytest.mark.parametrize("data", ["tiny", "planted"])
def test_two_mode_measures_equal_networkx_bipartite(tmp_path, data):
    import networkx as nx
    from networkx.algorithms import bipartite

    from helixnet.graph import two_mode_graph
    from helixnet.metrics.twomode import two_mode_measures

    analysis = analyse(TINY if data == "tiny" else write_planted(tmp_path / "p", "joiner", 1))
    table = two_mode_measures(analysis.dataset, analysis.graph)
    B = two_mode_graph(analysis.dataset)
    organisations = [v for v, d in B.nodes(data=True) if d["bipartite"] == 0]
    for column, reference in (("two_mode_degree", bipartite.degree_centrality(B, organisations)),
                              ("two_mode_closeness", bipartite.closeness_centrality(B, organisations)),
                              ("two_mode_betweenness", bipartite.betweenness_centrality(B, organisations))):
        np.testing.assert_allclose(table[column], [reference[v] for v in table.index], atol=1e-12, err_msg=column)
    # Opsahl's degree by hand on tiny: u1 has partners clu, c1, c2 (k = 3) and Newman strength 2
    # (p1 and p2 have 3 participants each: 2 x 1/2 per project)
    if data == "tiny":
        assert table.at["u1", "opsahl_degree"] == pytest.approx(np.sqrt(3 * 2))
        assert table.at["iso", "opsahl_degree"] == 0.0
    newman = nx.Graph()
    newman.add_nodes_from(analysis.graph)
    newman.add_weighted_edges_from((u, v, d["newman"]) for u, v, d in analysis.graph.edges(data=True) if d["projects"])
    strength = dict(newman.degree(weight="weight"))
    alpha_one = two_mode_measures(analysis.dataset, analysis.graph, alpha=1.0)
    np.testing.assert_allclose(alpha_one["opsahl_degree"], [strength[v] for v in alpha_one.index], atol=1e-12)


@pytest.mark.parametrize("path_sources", [None, 5])
def test_cluster_evidence_is_the_same_on_one_or_two_workers(tmp_path, path_sources):
    # the sampled estimate on the planted data: on tiny the cluster's neighbourhood is everyone
    analysis = analyse(TINY if path_sources is None else write_planted(tmp_path, "joiner", 1))
    args = (analysis.dataset, analysis.graph, analysis.organisations)
    one = cluster_evidence(*args, seed=1, replicates=6, workers=1, path_sources=path_sources)
    two = cluster_evidence(*args, seed=1, replicates=6, workers=2, path_sources=path_sources)
    pd.testing.assert_frame_equal(one.wide, two.wide)
    pd.testing.assert_frame_equal(one.long, two.long)
    if path_sources is not None:  # observed values stay exact; the null of the betweenness is an estimate
        exact = cluster_evidence(*args, seed=1, replicates=6, workers=1)
        assert one.settings["path_sources"] == 5 and exact.settings["path_sources"] == "all (exact)"
        observed = one.long[one.long["measure"] == "betweenness"]["observed"].to_numpy()
        assert (observed == exact.long[exact.long["measure"] == "betweenness"]["observed"].to_numpy()).all()
        assert (one.wide["degree_null_mean"] == exact.wide["degree_null_mean"]).all()  # same null samples
        assert not (one.wide["betweenness_null_sd"] == exact.wide["betweenness_null_sd"]).all()


def test_sampled_sources_estimate_the_betweenness_without_bias(observed):
    from helixnet.metrics.profile import PATH_MEASURES, path_measures, source_weights

    _, two_mode, _ = observed
    A, _, _ = projection(two_mode)
    n = A.shape[0]
    # five well-connected organisations below the largest hubs, whose neighbourhoods (always
    # searched) would cover most of the default network
    first = min(20, n - 5)
    focus = np.argsort(-np.diff(A.indptr), kind="stable")[first:first + 5]
    exact = path_measures(two_mode, A, focus)
    assert all((path_measures(two_mode, A, focus, sources=n, seed=3)[m] == exact[m]).all() for m in PATH_MEASURES)
    k = max(2, n // 10)
    weight = source_weights(n, k, seed=1)
    assert weight.sum() == pytest.approx(n) and (weight > 0).sum() == k
    draws = [path_measures(two_mode, A, focus, sources=k, seed=seed) for seed in range(40)]
    for measure in PATH_MEASURES:
        values = np.array([d[measure] for d in draws])
        if n > 100:  # on tiny the hubs' neighbourhood (always searched) is everyone: exact
            assert not (values == exact[measure]).all()  # an estimate, not the exact value
        error = values.std(axis=0, ddof=1) / np.sqrt(len(draws))
        assert (np.abs(values.mean(axis=0) - exact[measure]) <= 4 * error + 1e-12).all(), measure
