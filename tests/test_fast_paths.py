"""The compiled shortest-path pass, the twin reduction, bit-parallel distances, the compiled
structural holes and the sampled betweenness: equal to networkx, igraph and brute force."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings

import helixnet
from helixnet.cli import main
from helixnet.errors import OptionError
from helixnet.metrics import bridging, centrality, paths, structural_holes, table
from helixnet.metrics.paths import all_pairs, distance_counts, shortest_path_counts
from helixnet.metrics.sampling import Approximation, sample_size, sampled_betweenness, vertex_diameter_bound
from helixnet.metrics.twins import twin_reduction
from helixnet.pipeline import analyse
from tests.conftest import SMALL_GRAPHS
from tests.helpers import REPO, TINY
from tests.strategies import graphs_with_twins, with_groups

PAIRS = ["different", ("bedrijf", "kennisinstelling"), ("overheid", "overheid"), "sme-knowledge"]


@pytest.fixture
def compiled(monkeypatch):
    """Route every unweighted path measure (and structural holes) to the compiled passes."""
    monkeypatch.setattr(paths, "COMPILED_MIN_WORK", 0)
    monkeypatch.setattr(structural_holes, "COMPILED_MIN_WORK", 0)


@pytest.fixture(scope="module")
def default_graph() -> nx.Graph:
    """The embedded demonstration data: 1,090 organisations."""
    return helixnet.collaboration_graph(helixnet.load(REPO / "data"))


def unweighted(G: nx.Graph) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges())
    return H


def csr(G: nx.Graph):
    return paths.graph_csr(G)


def special_graphs() -> dict[str, nx.Graph]:
    """Disconnected, twin-rich and degenerate graphs."""
    graphs = {name: unweighted(make()) for name, make in SMALL_GRAPHS.items()}
    graphs["empty"] = nx.Graph()
    graphs["one node"] = nx.empty_graph(1)
    graphs["two nodes"] = nx.path_graph(2)
    graphs["isolated only"] = nx.empty_graph(5)
    graphs["complete"] = nx.complete_graph(6)
    graphs["complete bipartite"] = nx.complete_bipartite_graph(3, 4)
    projects = nx.Graph()  # three single-project consortia chained by two shared partners
    for members in (range(0, 6), range(5, 9), range(8, 14)):
        projects.add_edges_from(itertools.combinations(members, 2))
    projects.add_nodes_from(["alone-1", "alone-2"])
    projects.add_edges_from([("x", "y")])
    graphs["project cliques"] = projects
    graphs["stars sharing leaves"] = nx.complete_bipartite_graph(2, 7)
    graphs["random with twins"] = _random_with_twins(60, seed=4)
    return graphs


def _random_with_twins(n: int, seed: int) -> nx.Graph:
    G = nx.gnp_random_graph(n, 0.06, seed=seed)
    rng = np.random.default_rng(seed)
    for k, original in enumerate(rng.choice(n, size=n // 3, replace=False).tolist()):
        twin = n + k
        G.add_edges_from((twin, u) for u in list(G[original]))
        G.add_node(twin)
        if k % 2:
            G.add_edge(twin, original)
    return G


SPECIAL = special_graphs()


def nx_reference(G: nx.Graph) -> dict[str, np.ndarray]:
    nodes = list(G)
    between = nx.betweenness_centrality(G, normalized=False)
    closeness = nx.closeness_centrality(G)
    harmonic = nx.harmonic_centrality(G)
    return {
        "betweenness": np.array([between[v] for v in nodes], dtype=float),
        "closeness": np.array([closeness[v] for v in nodes], dtype=float),
        "harmonic": np.array([harmonic[v] for v in nodes], dtype=float),
    }


def assert_equal_to_networkx(G: nx.Graph) -> None:
    counts = shortest_path_counts(G, {"all": all_pairs(G.number_of_nodes())})
    want = nx_reference(G)
    np.testing.assert_allclose(paths.betweenness_values(counts, normalized=False), want["betweenness"],
                               rtol=0, atol=1e-9)
    np.testing.assert_allclose(paths.closeness_values(counts), want["closeness"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(paths.harmonic_values(counts, normalized=False), want["harmonic"], rtol=0, atol=1e-9)


# --- twin reduction ---------------------------------------------------------------------


def brute_classes(G: nx.Graph, labels=None) -> set[frozenset]:
    """Twin classes by definition: equal closed neighbourhoods, else equal open ones."""
    nodes = list(G)
    label = dict(zip(nodes, labels if labels is not None else [0] * len(nodes)))
    closed = {v: frozenset(G[v]) | {v} for v in nodes}
    open_ = {v: frozenset(G[v]) for v in nodes}
    classes = []
    for v in nodes:
        for key in (closed, open_):
            mates = {u for u in nodes if key[u] == key[v] and label[u] == label[v]}
            if len(mates) > 1:
                classes.append(frozenset(mates))
                break
        else:
            classes.append(frozenset({v}))
    return set(classes)


def reduction_classes(G: nx.Graph, labels=None) -> set[frozenset]:
    indptr, indices = csr(G)
    twins = twin_reduction(indptr, indices, None if labels is None else np.asarray(labels))
    nodes = list(G)
    return {frozenset(nodes[i] for i in np.flatnonzero(twins.classes == c)) for c in range(twins.n_classes)}


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_twin_classes_are_the_definition(name):
    G = SPECIAL[name]
    assert reduction_classes(G) == brute_classes(G)


def test_twin_reduction_of_project_cliques_by_hand():
    G = SPECIAL["project cliques"]
    indptr, indices = csr(G)
    twins = twin_reduction(indptr, indices)
    classes = reduction_classes(G)
    # single-project partners merge; 5 and 8 (two projects each) stay apart; x-y are closed
    # twins; the two isolated organisations are open twins
    assert frozenset(range(0, 5)) in classes and frozenset({6, 7}) in classes
    assert frozenset(range(9, 14)) in classes
    assert {frozenset({5}), frozenset({8}), frozenset({"x", "y"}), frozenset({"alone-1", "alone-2"})} <= classes
    assert twins.n_classes == 7
    assert sorted(twins.size.tolist()) == [1, 1, 2, 2, 2, 5, 5]
    assert int(twins.closed.sum()) == 4  # the three project remainders and x-y


@settings(max_examples=60, deadline=None)
@given(graphs_with_twins())
def test_property_twin_classes(G):
    labels = [hash(G.nodes[v]["helix"]) % 3 for v in G]
    assert reduction_classes(G) == brute_classes(G)
    assert reduction_classes(G, labels) == brute_classes(G, labels)


# --- the exact pass against networkx -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_exact_pass_equals_networkx(name):
    assert_equal_to_networkx(SPECIAL[name])


@settings(max_examples=80, deadline=None)
@given(graphs_with_twins())
def test_property_exact_pass_equals_networkx(G):
    assert_equal_to_networkx(G)


@settings(max_examples=60, deadline=None)
@given(graphs_with_twins())
def test_property_pair_sets_equal_networkx_subset_betweenness(G):
    """Every cross-helix pair set through the compiled pass equals networkx's subset
    betweenness (the definition), member by member, twins included."""
    nodes = list(G)
    for pairs in PAIRS:
        pair_set, group, _ = bridging.cross_helix_pairs(G, "helix", pairs)
        counts = shortest_path_counts(G, {"p": pair_set}, group=group)
        got = counts.dependency["p"] / 2.0
        if pair_set.different_groups:
            want = dict.fromkeys(nodes, 0.0)
            for h in {G.nodes[v]["helix"] for v in G}:
                inside = [v for v in G if G.nodes[v]["helix"] == h]
                outside = [v for v in G if G.nodes[v]["helix"] != h]
                part = nx.betweenness_centrality_subset(G, inside, outside, normalized=False)
                for v in nodes:
                    want[v] += part[v]
        else:
            sources = [v for v, s in zip(nodes, pair_set.sources) if s]
            targets = [v for v, t in zip(nodes, pair_set.targets) if t]
            want = nx.betweenness_centrality_subset(G, sources, targets, normalized=False)
        np.testing.assert_allclose(got, [want[v] for v in nodes], rtol=0, atol=1e-9, err_msg=str(pairs))


def test_several_pair_sets_in_one_pass_equal_separate_passes():
    G = with_groups(SPECIAL["random with twins"], seed=2, n_groups=3)
    sets = {str(p): bridging.cross_helix_pairs(G, "helix", p) for p in PAIRS}
    group = sets["different"][1]
    together = shortest_path_counts(G, {k: v[0] for k, v in sets.items()}, group=group)
    for key, (pair_set, codes, _) in sets.items():
        alone = shortest_path_counts(G, {key: pair_set}, group=codes)
        np.testing.assert_allclose(together.dependency[key], alone.dependency[key], rtol=1e-12, atol=1e-12)
    assert together.classes > alone.classes or together.classes == alone.classes


def test_public_functions_use_the_compiled_pass_with_equal_values(compiled, small_graph):
    G = unweighted(small_graph)
    reference = nx_reference(G)
    nodes = list(G)
    n = len(nodes)
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    np.testing.assert_allclose(centrality.betweenness(G).to_numpy(), reference["betweenness"] * scale, atol=1e-12)
    np.testing.assert_allclose(centrality.closeness(G).to_numpy(), reference["closeness"], atol=1e-12)
    np.testing.assert_allclose(centrality.harmonic_closeness(G, normalized=False).to_numpy(),
                               reference["harmonic"], atol=1e-12)
    # weighted betweenness never takes the compiled (hop-count) path
    weighted = centrality.betweenness(small_graph, weight="weight")
    want = nx.betweenness_centrality(small_graph, weight=None)
    if any("weight" in d for _, _, d in small_graph.edges(data=True)):
        assert not np.allclose(weighted.to_numpy(), [want[v] for v in nodes]) or small_graph.number_of_edges() < 8


def test_compiled_equals_igraph_on_the_default_data(default_graph, monkeypatch):
    """All six shortest-path columns, medium graph: compiled pass == igraph to 1e-9."""
    reference, method = table.shortest_path_columns(default_graph)
    assert method == {"betweenness_method": "exact"}
    monkeypatch.setattr(paths, "COMPILED_MIN_WORK", 0)
    fast, method = table.shortest_path_columns(default_graph)
    assert method == {"betweenness_method": "exact"}
    assert list(fast.columns) == list(table.PATH_COLUMNS)
    pd.testing.assert_frame_equal(fast, reference, rtol=0, atol=1e-9)
    assert fast["betweenness"].max() > 0.05  # not trivially zero


def test_cross_helix_functions_use_the_compiled_pass(compiled):
    G = with_groups(SPECIAL["random with twins"], seed=5, n_groups=4)
    for pairs in PAIRS:
        fast = bridging.cross_helix_betweenness(G, pairs=pairs)
        paths_off = paths.COMPILED_MIN_WORK
        paths.COMPILED_MIN_WORK = math.inf
        try:
            slow = bridging.cross_helix_betweenness(G, pairs=pairs)
        finally:
            paths.COMPILED_MIN_WORK = paths_off
        pd.testing.assert_series_equal(fast, slow, rtol=0, atol=1e-12)


# --- bit-parallel distances ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_bit_parallel_distances_equal_the_exact_pass(name):
    G = SPECIAL[name]
    a, b = shortest_path_counts(G), distance_counts(G)
    for key in ("distance_sum", "reached", "inverse_sum"):
        np.testing.assert_allclose(getattr(b, key), getattr(a, key), rtol=0, atol=1e-9)


def test_bit_parallel_distances_over_many_batches_and_components():
    """More than 64 classes per component and components straddling batches."""
    G = nx.disjoint_union_all([nx.path_graph(150), nx.cycle_graph(70), _random_with_twins(120, seed=9),
                               nx.empty_graph(3), nx.star_graph(80)])
    want = nx_reference(G)
    counts = distance_counts(G)
    np.testing.assert_allclose(paths.closeness_values(counts), want["closeness"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(paths.harmonic_values(counts, normalized=False), want["harmonic"], rtol=0, atol=1e-9)


# --- compiled structural holes ---------------------------------------------------------------


@pytest.mark.parametrize("weight", [None, "weight"])
def test_compiled_structural_holes_equal_the_sparse_products(small_graph, weight, monkeypatch):
    G = small_graph.copy()
    G.add_edge(next(iter(G)), next(iter(G)))  # a self-loop, ignored by both
    reference = structural_holes.structural_holes(G, weight=weight)
    monkeypatch.setattr(structural_holes, "COMPILED_MIN_WORK", 0)
    fast = structural_holes.structural_holes(G, weight=weight)
    pd.testing.assert_frame_equal(fast, reference, rtol=0, atol=1e-12)


def test_compiled_structural_holes_equal_networkx_on_the_default_data(default_graph, compiled):
    sub = default_graph.subgraph(list(default_graph)[:150]).copy()
    fast = structural_holes.structural_holes(sub)
    want = nx.constraint(sub)
    size = nx.effective_size(sub)
    for v in sub:
        if sub.degree(v) == 0:
            assert math.isnan(fast.loc[v, "constraint"])
        else:
            assert fast.loc[v, "constraint"] == pytest.approx(want[v], abs=1e-12)
            assert fast.loc[v, "effective_size"] == pytest.approx(size[v], abs=1e-12)


# --- approximation ----------------------------------------------------------------------------


def test_sample_size_by_hand():
    # VD 7: floor(log2 5) + 1 = 3; ln(1/0.1) = 2.302585...; 0.5 / 0.01^2 = 5000
    assert sample_size(0.01, 0.1, 7) == math.ceil(5000 * (3 + math.log(10)))
    assert sample_size(0.05, 0.5, 2) == math.ceil(200 * (1 + math.log(2)))


def test_vertex_diameter_bound_is_an_upper_bound():
    for G in (nx.path_graph(9), nx.disjoint_union(nx.cycle_graph(10), nx.path_graph(3)), nx.empty_graph(2)):
        indptr, indices = csr(G)
        true_vd = 1 + max((max(d.values()) for _, d in nx.all_pairs_shortest_path_length(G)), default=0)
        bound = vertex_diameter_bound(indptr, indices)
        assert true_vd <= bound <= 2 * true_vd + 1
    indptr, indices = csr(nx.path_graph(9))
    assert vertex_diameter_bound(indptr, indices) == 17  # from node 0: ecc 8


@pytest.mark.parametrize("kwargs, message", [
    ({"epsilon": 0}, "epsilon must be a number between 0 and 1"),
    ({"epsilon": 1.5}, "epsilon must be a number between 0 and 1"),
    ({"delta": 1}, "delta must be a number between 0 and 1"),
    ({"delta": "0.1"}, "delta must be a number between 0 and 1"),
    ({"seed": -1}, "seed must be a non-negative integer"),
])
def test_approximation_rejects_bad_bounds(kwargs, message):
    with pytest.raises(OptionError, match=message):
        Approximation(**kwargs)


def test_sampled_betweenness_is_within_epsilon_on_the_default_data(default_graph):
    """Empirical check of the bound on a medium graph (seeded): every organisation's
    sampled value of every measure lies within epsilon of the exact one."""
    approximation = Approximation(epsilon=0.02, delta=0.1, seed=3)
    sampled, method = table.shortest_path_columns(default_graph, approximate=approximation)
    exact, _ = table.shortest_path_columns(default_graph)
    for column in ("betweenness", "cross_helix_betweenness", "company_knowledge_betweenness",
                   "sme_knowledge_betweenness"):
        error = (sampled[column] - exact[column]).abs().max()
        assert error <= 0.02, column
        assert method[f"{column}_samples"] >= sample_size(0.02, 0.1, method["betweenness_vertex_diameter_bound"])
    # closeness stays exact in the approximate mode
    pd.testing.assert_series_equal(sampled["closeness"], exact["closeness"], rtol=0, atol=1e-12)
    pd.testing.assert_series_equal(sampled["harmonic_closeness"], exact["harmonic_closeness"], rtol=0, atol=1e-12)
    assert method["betweenness_method"] == "sampled (Riondato-Kornaropoulos)"
    assert (method["betweenness_epsilon"], method["betweenness_delta"], method["betweenness_seed"]) == (0.02, 0.1, 3)


def test_sampled_betweenness_is_seeded_and_independent_of_threads(default_graph):
    import numba

    n = default_graph.number_of_nodes()
    sets = {"all": (all_pairs(n), np.full(n, float((n - 1) * (n - 2))))}
    first = sampled_betweenness(default_graph, sets, None, Approximation(0.05, 0.1, seed=1))["all"]
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        again = sampled_betweenness(default_graph, sets, None, Approximation(0.05, 0.1, seed=1))["all"]
    finally:
        numba.set_num_threads(threads)
    other = sampled_betweenness(default_graph, sets, None, Approximation(0.05, 0.1, seed=2))["all"]
    np.testing.assert_array_equal(first.values, again.values)
    assert not np.array_equal(first.values, other.values)
    assert first.samples == sample_size(0.05 * (n - 2) / n, 0.1, first.vertex_diameter)


def test_sampled_betweenness_of_open_twins_and_unreachable_pairs():
    """Two open twins joined only through a hub, plus a detached pair: the hub carries
    every pair of the star; sampling finds it (exact 1) within epsilon."""
    G = nx.star_graph(6)
    G.add_edge("a", "b")
    n = G.number_of_nodes()
    exact = centrality.betweenness(G).to_numpy()
    sets = {"all": (all_pairs(n), np.full(n, float((n - 1) * (n - 2))))}
    got = sampled_betweenness(G, sets, None, Approximation(0.05, 0.05, seed=0))["all"]
    assert np.abs(got.values - exact).max() <= 0.05
    assert got.values[0] > 0.3  # the hub


def test_no_eligible_pairs_give_zeros_without_samples():
    G = with_groups(nx.path_graph(5), n_groups=1)
    pair_set, group, eligible = bridging.cross_helix_pairs(G)
    result = sampled_betweenness(G, {"x": (pair_set, eligible)}, group, Approximation())["x"]
    assert result.samples == 0 and not result.values.any()


# --- tables and CLI ----------------------------------------------------------------------------


def test_approximate_tables_state_the_bound(tmp_path):
    analysis = analyse(REPO / "data", approximate=Approximation(0.05, 0.2, seed=7))
    orgs, clusters, network = analysis.organisations, analysis.clusters, analysis.network
    assert list(orgs.columns[-2:]) == ["approx_epsilon", "approx_delta"]
    assert (orgs["approx_epsilon"] == 0.05).all() and (orgs["approx_delta"] == 0.2).all()
    assert (clusters["approx_epsilon"] == 0.05).all()
    assert network["betweenness_method"] == "sampled (Riondato-Kornaropoulos)"
    assert network["betweenness_epsilon"] == 0.05 and network["betweenness_seed"] == 7
    exact = analyse(REPO / "data")
    assert "approx_epsilon" not in exact.organisations.columns
    assert exact.network["betweenness_method"] == "exact"
    assert "betweenness_epsilon" not in exact.network.index


def test_cli_metrics_approximate(tmp_path):
    out = tmp_path / "m"
    result = CliRunner().invoke(main, ["metrics", str(REPO / "data"), "--out", str(out), "--approximate",
                                       "--epsilon", "0.05", "--delta", "0.2", "--seed", "3",
                                       "--null-replicates", "0"])
    assert result.exit_code == 0, result.output
    assert ("betweenness measures sampled: within 0.05 of the exact values with probability at least 0.8 "
            "(seed 3)") in result.output
    network = pd.read_csv(out / "network.csv", index_col=0)["value"]
    assert network["betweenness_method"] == "sampled (Riondato-Kornaropoulos)"
    assert float(network["betweenness_epsilon"]) == 0.05
    assert int(network["betweenness_samples"]) > 0
    organisations = pd.read_csv(out / "organisations.csv", index_col=0)
    assert (organisations["approx_epsilon"] == 0.05).all()


@pytest.mark.parametrize("args, message", [
    (["--epsilon", "0.1"], "Error: --epsilon can only be used with --approximate"),
    (["--delta", "0.1", "--seed", "2"], "Error: --delta can only be used with --approximate"),
    (["--approximate", "--epsilon", "1.5"], "Error: epsilon must be a number between 0 and 1 (exclusive), got 1.5"),
    (["--approximate", "--delta", "0"], "Error: delta must be a number between 0 and 1 (exclusive), got 0.0"),
])
def test_cli_metrics_approximate_errors(tmp_path, args, message):
    result = CliRunner().invoke(main, ["metrics", str(REPO / "data"), "--out", str(tmp_path / "m"), *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == message
    assert "Traceback" not in result.output


def test_compiled_helix_reach_equals_the_sparse_products(small_graph, monkeypatch):
    from helixnet.metrics import mixing

    G = with_groups(small_graph, seed=4)
    reference = mixing.helix_reach(G)
    monkeypatch.setattr(mixing, "COMPILED_MIN_WORK", 0)
    pd.testing.assert_frame_equal(mixing.helix_reach(G), reference, rtol=0, atol=0)


def test_compiled_helix_reach_on_the_default_data(default_graph, monkeypatch):
    from helixnet.metrics import mixing

    reference = mixing.helix_reach(default_graph)
    monkeypatch.setattr(mixing, "COMPILED_MIN_WORK", 0)
    pd.testing.assert_frame_equal(mixing.helix_reach(default_graph), reference, rtol=0, atol=0)
    assert reference["knowledge_2"].max() > reference["knowledge_1"].max() > 0


def test_classes_are_numbered_component_by_component():
    G = nx.disjoint_union_all([nx.path_graph(4), nx.complete_graph(3), nx.empty_graph(2), nx.star_graph(3)])
    twins = twin_reduction(*csr(G))
    assert twins.n_classes == 8  # path 4 (no twins), triangle 1, the two isolates 1, star 2
    for c in range(twins.n_classes):
        lo, hi = twins.component_lo[c], twins.component_hi[c]
        assert lo <= c < hi
        members = set(range(lo, hi))
        neighbours = set(twins.indices[twins.indptr[c]:twins.indptr[c + 1]].tolist())
        assert neighbours <= members


def test_converted_once_shares_read_only_arrays_and_forgets_them():
    from helixnet.metrics._engine import _CACHE, adjacency, converted_once, edge_arrays

    G = nx.karate_club_graph()
    with converted_once(G):
        first = edge_arrays(G, "weight")
        assert edge_arrays(G, "weight")[0] is first[0]
        assert not first[0].flags.writeable
        A = adjacency(G, "weight")
        A.data[:] = 0  # a copy: the cached matrix is not changed
        assert adjacency(G, "weight").sum() > 0
    assert id(G) not in _CACHE
    source, target, weights = edge_arrays(G, "weight")
    assert source.flags.writeable
    assert [(list(G)[s], list(G)[t]) for s, t in zip(source, target)] == list(G.edges())


def test_cli_metrics_shows_progress_of_the_compiled_passes(tmp_path, compiled, monkeypatch):
    monkeypatch.setenv("HELIXNET_PROGRESS", "1")
    result = CliRunner().invoke(main, ["metrics", str(REPO / "data"), "--out", str(tmp_path / "m"),
                                       "--null-replicates", "0"])
    assert result.exit_code == 0, result.output
    assert "shortest paths" in result.stderr and "/1090" in result.stderr
    monkeypatch.setenv("HELIXNET_PROGRESS", "0")
    quiet = CliRunner().invoke(main, ["metrics", str(REPO / "data"), "--out", str(tmp_path / "q"),
                                      "--null-replicates", "0"])
    assert "shortest paths" not in quiet.stderr


def test_an_impossible_accuracy_falls_back_to_exact_before_sampling(monkeypatch):
    """--epsilon 1e-9 on 7 organisations asks for ~1e18 samples: exact is far cheaper and
    is computed instead (regression: the run hung), and the tables say so."""
    from helixnet.metrics import sampling

    def never(*args, **kwargs):
        raise AssertionError("sampled although exact is cheaper")

    monkeypatch.setattr(sampling, "sampled_betweenness", never)
    G = helixnet.collaboration_graph(helixnet.load(TINY))
    got, method = table.shortest_path_columns(G, approximate=Approximation(1e-9, 0.1, seed=0))
    exact, _ = table.shortest_path_columns(G)
    pd.testing.assert_frame_equal(got, exact)
    assert method["betweenness_method"].startswith("exact (cheaper than the ")
    assert float(method["betweenness_method"].split("the ")[1].split(" ")[0]) > 1e17


def test_cli_metrics_says_when_it_computed_exactly(tmp_path):
    result = CliRunner().invoke(main, ["metrics", str(TINY), "--out", str(tmp_path / "m"), "--approximate",
                                       "--epsilon", "1e-9"])
    assert result.exit_code == 0, result.output
    assert "betweenness measures computed exactly: cheaper than the " in result.output
    assert "sampled" not in result.output
