"""Gould–Fernandez brokerage: equal to R's sna::brokerage, to hand counts and to a naive count.

The R comparisons run ``tests/r/brokerage.R`` with Rscript and are skipped (with the
reason) only when Rscript or the sna package is not installed.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import itertools
import math
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet
from helixnet.errors import OptionError
from helixnet.metrics.brokerage import (
    ROLES,
    BrokerageResult,
    _null_model,
    _standardise,
    brokerage,
)

from .helpers import REPO, TINY

R_SCRIPT = REPO / "tests" / "r" / "brokerage.R"
RTOL = 1e-9  # relative tolerance against R
ATOL = 1e-12  # absolute floor, for values that are 0 up to rounding (e.g. z when raw = expected)


# ----------------------------------------------------------------------------- graphs


def with_groups(G: nx.Graph, groups: dict | list, attr: str = "helix") -> nx.Graph:
    """Set each node's group (a list is in ``G.nodes`` order); return G."""
    if isinstance(groups, list):
        groups = dict(zip(G.nodes, groups))
    nx.set_node_attributes(G, groups, attr)
    return G


def hand_digraph() -> nx.DiGraph:
    """Seven nodes, three groups: mutual pairs (2-cycles), a transitive triad, a directed
    3-cycle and one-way arcs."""
    G = nx.DiGraph()
    G.add_nodes_from(["p", "q", "r", "s", "t", "u", "v"])
    G.add_edges_from(
        [
            ("p", "q"), ("q", "p"),  # mutual
            ("q", "r"), ("p", "r"),  # p -> q -> r is closed by p -> r
            ("r", "s"), ("s", "t"), ("t", "r"),  # a directed 3-cycle
            ("s", "u"), ("u", "s"),
            ("t", "v"), ("q", "v"), ("v", "p"),
        ]
    )
    return with_groups(G, ["A", "A", "B", "B", "C", "A", "C"])


def five_groups_one_singleton() -> nx.Graph:
    """Undirected, 12 nodes in 5 groups, group E has a single node (a hub)."""
    G = nx.Graph()
    G.add_edges_from(
        [
            (0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 6), (6, 3),
            (7, 8), (8, 9), (9, 10), (10, 7), (11, 0), (11, 4), (11, 7), (11, 9), (11, 6),
            (1, 8), (5, 10),
        ]
    )
    return with_groups(G, {n: "ABCDABCDABCE"[n] for n in G})


def disconnected_with_isolate() -> nx.Graph:
    """A star, a triangle with a tail, and an isolated node; string ids out of order."""
    G = nx.Graph()
    G.add_node("lonely")
    G.add_edges_from([("hub", "l1"), ("hub", "l2"), ("hub", "l3"), ("hub", "l4")])
    G.add_edges_from([("t1", "t2"), ("t2", "t3"), ("t3", "t1"), ("t3", "tail")])
    groups = {"lonely": "x", "hub": "y", "l1": "x", "l2": "x", "l3": "z", "l4": "y",
              "t1": "x", "t2": "y", "t3": "z", "tail": "z"}
    return with_groups(G, groups)


def random_undirected() -> nx.Graph:
    G = nx.gnp_random_graph(60, 0.12, seed=20240501)
    rng = np.random.default_rng(11)
    return with_groups(G, [f"g{k}" for k in rng.integers(0, 5, size=60)])


def random_digraph() -> nx.DiGraph:
    G = nx.gnp_random_graph(45, 0.09, seed=7, directed=True)
    rng = np.random.default_rng(5)
    return with_groups(G, [f"h{k}" for k in rng.integers(0, 4, size=45)])


def tiny_collaboration() -> nx.Graph:
    return helixnet.collaboration_graph(helixnet.load(TINY))


def loops_lift_density_to_one() -> nx.DiGraph:
    """Complete digraph on 3 nodes minus 0 -> 2, plus a loop: m = 6 = N (N - 1), d = 1.

    sna counts the loop in m but not in the two-paths: the open two-path 0 -> 1 -> 2 has
    expectation 0 and sd 0, so z = +inf; roles that did not occur get 0/0 = NaN.
    """
    G = nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 1), (2, 0), (1, 1)])
    return with_groups(G, ["a", "b", "c"])


R_GRAPHS = {
    "hand_digraph": hand_digraph,
    "five_groups_one_singleton": five_groups_one_singleton,
    "disconnected_with_isolate": disconnected_with_isolate,
    "random_undirected": random_undirected,
    "random_digraph": random_digraph,
    "tiny_collaboration": tiny_collaboration,
    "loops_lift_density_to_one": loops_lift_density_to_one,
}


# -------------------------------------------------------------------------------- R


@functools.cache
def _r_unavailable() -> str | None:
    """Why R's sna cannot be used here, or None when it can."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return "Rscript is not installed"
    probe = subprocess.run(
        [rscript, "-e", "quit(status = if (requireNamespace('sna', quietly = TRUE)) 0 else 3)"],
        capture_output=True, text=True, timeout=120,
    )
    if probe.returncode != 0:
        return "the R package sna is not installed"
    return None


def sna_brokerage(G: nx.Graph, tmp_path: Path, attr: str = "helix") -> dict:
    """Run tests/r/brokerage.R on G; return its tables, nodes in G.nodes order."""
    reason = _r_unavailable()
    if reason:
        pytest.skip(reason)
    position = {node: i + 1 for i, node in enumerate(G)}
    edges, classes, out = tmp_path / "edges.csv", tmp_path / "classes.csv", tmp_path / "out.csv"
    with edges.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target"])
        writer.writerows((position[u], position[v]) for u, v in G.edges())
    with classes.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["class"])
        writer.writerows([str(G.nodes[node][attr])] for node in G)
    mode = "directed" if G.is_directed() else "undirected"
    run = subprocess.run(
        ["Rscript", str(R_SCRIPT), str(edges), str(classes), str(out), mode],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    for role in ROLES:
        table[role] = [float(v) for v in table[role]]  # float() reads NaN, Inf, -Inf
    result = {}
    nodes = table[table["scope"] != "global"]
    for measure in ("raw", "expected", "sd", "z"):
        rows = nodes[nodes["measure"] == measure]
        frame = rows.set_index(rows["scope"].astype(int))[list(ROLES)].sort_index()
        assert list(frame.index) == list(range(1, len(G) + 1))
        result[measure] = frame.to_numpy()
        glob = table[(table["scope"] == "global") & (table["measure"] == measure)]
        result["global_" + measure] = glob[list(ROLES)].to_numpy().ravel()
    result["density"] = float(table[table["measure"] == "density"]["t"].iloc[0])
    return result


def assert_close(got, want, what: str) -> None:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, what
    # NaN only where R has NaN, infinities of the same sign where R has them
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"{what}: NaN pattern")
    np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want), err_msg=f"{what}: +inf")
    np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want), err_msg=f"{what}: -inf")
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=RTOL, atol=ATOL, err_msg=what)


@pytest.mark.parametrize("name", sorted(R_GRAPHS))
def test_equal_to_r_sna(name: str, tmp_path: Path) -> None:
    G = R_GRAPHS[name]()
    want = sna_brokerage(G, tmp_path)
    got = brokerage(G)
    for measure in ("raw", "expected", "sd", "z"):
        frame = getattr(got, measure)
        assert list(frame.index) == list(G.nodes)
        assert list(frame.columns) == list(ROLES)
        assert_close(frame.to_numpy(), want[measure], f"{name}: {measure}")
        series = getattr(got, "global_" + measure)
        assert list(series.index) == list(ROLES)
        assert_close(series.to_numpy(), want["global_" + measure], f"{name}: global {measure}")
    assert got.density == pytest.approx(want["density"], rel=RTOL)
    assert got.raw.to_numpy().sum() > 0  # every reference graph has some brokerage


def test_r_comparison_can_fail(tmp_path: Path) -> None:
    """The R reference tells apart graphs that differ by one arc."""
    G = random_digraph()
    got = brokerage(G)
    G.remove_edge(*next(iter(G.edges())))
    want = sna_brokerage(G, tmp_path)
    with pytest.raises(AssertionError):
        assert_close(got.raw.to_numpy(), want["raw"], "one arc less")


def test_z_follows_ieee_where_sd_is_zero() -> None:
    result = brokerage(loops_lift_density_to_one())
    assert result.density == 1.0
    assert result.raw.loc[1, "b_O"] == 1.0  # 0 -> 1 -> 2, with no arc 0 -> 2
    assert result.sd.loc[1, "b_O"] == 0.0 and result.expected.loc[1, "b_O"] == 0.0
    assert result.z.loc[1, "b_O"] == math.inf
    assert math.isnan(result.z.loc[0, "b_O"])  # 0 / 0
    assert result.global_z["t"] == math.inf
    np.testing.assert_array_equal(
        _standardise(np.array([0.0, 2.0, 0.0, 1.0]), np.array([0.0, 0.0, 3.0, 0.5]), np.zeros(4)),
        [math.nan, math.inf, -math.inf, math.inf],
    )


# ---------------------------------------------------------------------- by hand


def test_path_of_three_groups_by_hand() -> None:
    """a - b - c, groups A, B, C: b is liaison for (a, c) and (c, a).

    N = 3, m = 4 arcs, d = 2/3, q = d^2 (1 - d) = 4/27. E[b_O] = q ((N-n)^2 - sum n_h^2)
    = 4/27 * (4 - 2) = 8/27; Var = E (1 - q) + 4 sum_h n_h C(N - n_h - n, 2) r = 8/27 * 23/27
    (the C(1, 2) are 0); z(b) = (2 - 8/27) / (sqrt(184) / 27) = sqrt(46) / 2.
    """
    G = with_groups(nx.path_graph(["a", "b", "c"]), ["A", "B", "C"])
    result = brokerage(G)
    assert result.density == pytest.approx(2 / 3, rel=1e-15)
    assert result.raw.loc["b"].tolist() == [0, 0, 0, 0, 2, 2]
    assert result.raw.loc[["a", "c"]].to_numpy().sum() == 0
    assert result.expected.loc["b", "b_O"] == pytest.approx(8 / 27, rel=1e-14)
    assert result.sd.loc["b", "b_O"] == pytest.approx(math.sqrt(184) / 27, rel=1e-14)
    assert result.z.loc["b", "b_O"] == pytest.approx(math.sqrt(46) / 2, rel=1e-14)
    z_leaf = (0 - 8 / 27) / (math.sqrt(184) / 27)
    assert result.z.loc["a", "b_O"] == pytest.approx(z_leaf, rel=1e-14)
    # groups of one: no coordinator is possible, E = sd = 0 and z = 0/0
    assert result.expected.loc["b", "w_I"] == 0 and result.sd.loc["b", "w_I"] == 0
    assert math.isnan(result.z.loc["b", "w_I"])
    # global expected is the sum of the node expectations: 3 * 8/27
    assert result.global_expected["b_O"] == pytest.approx(8 / 9, rel=1e-14)
    assert result.group_sizes.to_dict() == {"A": 1, "B": 1, "C": 1}


def test_directed_path_is_brokered_once() -> None:
    G = with_groups(nx.DiGraph([("a", "b"), ("b", "c")]), ["A", "B", "C"])
    result = brokerage(G)
    assert result.raw.loc["b"].tolist() == [0, 0, 0, 0, 1, 1]
    assert result.density == pytest.approx(2 / 6)


def test_each_role_by_hand() -> None:
    """Directed two-paths i -> j -> k (no i -> k), one per role, broker j = "j"."""
    cases = {  # groups of (i, j, k) -> role
        ("A", "A", "A"): "w_I",
        ("B", "A", "B"): "w_O",
        ("A", "A", "B"): "b_IO",
        ("B", "A", "A"): "b_OI",
        ("B", "A", "C"): "b_O",
    }
    for (gi, gj, gk), role in cases.items():
        G = with_groups(nx.DiGraph([("i", "j"), ("j", "k")]), {"i": gi, "j": gj, "k": gk})
        raw = brokerage(G).raw
        assert raw.loc["j", role] == 1 and raw.loc["j", "t"] == 1, role
        assert raw.to_numpy().sum() == 2, role  # the role and the total, nothing else


def test_tiny_fixture_cluster_is_pure_liaison() -> None:
    """clu (intermediair) is tied to u1, c1, c2, g1, b1; of the 10 pairs of them, u1-c1,
    u1-c2, c1-c2, c2-g1 and g1-b1 are tied, and the 5 others (b1-c1, b1-u1, b1-c2,
    c1-g1, g1-u1) each join two other helices: 10 ordered liaison pairs, nothing else."""
    G = tiny_collaboration()
    result = brokerage(G)
    assert result.raw.loc["clu"].tolist() == [0, 0, 0, 0, 10, 10]
    assert result.raw.loc["iso"].tolist() == [0] * 6
    assert result.z.loc["iso", "t"] < 0  # an isolate keeps its group's expectation


def test_closed_and_reciprocal_two_paths_do_not_count() -> None:
    triangle = with_groups(nx.complete_graph(3), ["A", "B", "C"])
    assert brokerage(triangle).raw.to_numpy().sum() == 0
    two_cycle = with_groups(nx.DiGraph([("a", "b"), ("b", "a")]), ["A", "B"])  # a -> b -> a
    assert brokerage(two_cycle).raw.to_numpy().sum() == 0
    transitive = with_groups(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]), ["A", "B", "C"])
    assert brokerage(transitive).raw.to_numpy().sum() == 0
    # c -> a is the wrong direction to close a -> b -> c
    cyclic = with_groups(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]), ["A", "B", "C"])
    assert brokerage(cyclic).raw["t"].tolist() == [1, 1, 1]


# ----------------------------------------------------------- invariants and properties


def naive_roles(G: nx.Graph, attr: str = "helix") -> dict:
    """sna's C routine brokerage_R, transcribed: every ordered two-path, by hand."""
    counts = {node: dict.fromkeys(ROLES, 0) for node in G}
    succ = G.succ if G.is_directed() else G.adj
    group = nx.get_node_attributes(G, attr)
    for i in G:
        for j in succ[i]:
            if j == i:
                continue
            for k in succ[j]:
                if k in (i, j) or k in succ[i]:
                    continue
                if group[j] == group[i]:
                    role = "w_I" if group[j] == group[k] else "b_IO"
                elif group[j] == group[k]:
                    role = "b_OI"
                elif group[i] == group[k]:
                    role = "w_O"
                else:
                    role = "b_O"
                counts[j][role] += 1
                counts[j]["t"] += 1
    return counts


@st.composite
def graphs_with_groups(draw) -> nx.Graph:
    n = draw(st.integers(0, 10))
    directed = draw(st.booleans())
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    if n:
        pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))  # loops allowed
        G.add_edges_from(draw(st.lists(pairs, max_size=4 * n)))
        groups = draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=n, max_size=n))
        with_groups(G, groups)
    return G


@settings(max_examples=300, deadline=None)
@given(graphs_with_groups())
def test_counts_equal_a_naive_enumeration(G: nx.Graph) -> None:
    result = brokerage(G)
    raw = result.raw
    np.testing.assert_array_equal(raw[list(ROLES[:5])].sum(axis=1), raw["t"])
    naive = naive_roles(G)
    for node in G:
        assert raw.loc[node].to_dict() == naive[node], node
    # t is the number of ordered open two-paths
    succ = G.succ if G.is_directed() else G.adj
    open_paths = sum(
        1
        for j in G
        for i in (G.pred[j] if G.is_directed() else G.adj[j])
        for k in succ[j]
        if len({i, j, k}) == 3 and k not in succ[i]
    )
    assert raw["t"].sum() == open_paths == result.global_raw["t"]
    if not G.is_directed():
        np.testing.assert_array_equal(raw["b_IO"], raw["b_OI"])  # each pair both ways
        # an undirected graph is its symmetric digraph, in every table
        as_digraph = brokerage(G.to_directed())
        for measure in ("raw", "expected", "sd", "z"):
            pd.testing.assert_frame_equal(getattr(as_digraph, measure), getattr(result, measure))
        assert as_digraph.density == result.density or len(G) < 2
    if len(G) >= 2:  # sna's graph-level expectation is the sum of the node-level ones
        np.testing.assert_allclose(
            result.global_expected, result.expected.sum(axis=0), rtol=1e-9, atol=1e-12
        )


def r_null_model(n: list[int], d: float):
    """sna::brokerage's expectations and variances, transcribed loop by loop from R."""
    N = float(sum(n))
    n = [float(x) for x in n]
    K = len(n)
    choose2 = lambda x: x * (x - 1) / 2 if x >= 2 else 0.0  # noqa: E731
    q, r, s, t = d**2 * (1 - d), d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    ebr, vbr = np.zeros((K, 6)), np.zeros((K, 6))
    for i in range(K):
        others = [n[h] for h in range(K) if h != i]
        ebr[i, 0] = q * (n[i] - 1) * (n[i] - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - q) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * r
        ebr[i, 1] = q * sum(x * (x - 1) for x in others)
        vbr[i, 1] = ebr[i, 1] * (1 - q) + 2 * sum(x * (x - 1) * (x - 2) for x in others) * r
        ebr[i, 2] = q * (N - n[i]) * (n[i] - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - q) + 2 * (
            (n[i] - 1) * choose2(N - n[i]) + (N - n[i]) * choose2(n[i] - 1)
        ) * r
        ebr[i, 3], vbr[i, 3] = ebr[i, 2], vbr[i, 2]
        ebr[i, 4] = q * (sum(x * y for x in others for y in others) - sum(x * x for x in others))
        vbr[i, 4] = ebr[i, 4] * (1 - q) + 4 * sum(x * choose2(N - x - n[i]) * r for x in others)
        ebr[i, 5] = q * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * r
    eg, vg = np.zeros(6), np.zeros(6)
    eg[0] = q * sum(x * (x - 1) * (x - 2) for x in n)
    vg[0] = eg[0] * (1 - q) + sum(
        x * (x - 1) * (x - 2) * ((4 * x - 10) * r - 4 * (x - 3) * s + (x - 3) * t) for x in n
    )
    eg[1] = q * sum(x * (N - x) * (x - 1) for x in n)
    vg[1] = eg[1] * (1 - q) + (
        sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * r + (N - x - 1) * t) for x in n for y in n)
        - sum(x * x * (x - 1) * ((4 * x - 6) * r + (N - x - 1) * t) for x in n)
    )
    eg[2] = q * sum(x * (N - x) * (x - 1) for x in n)
    vg[2] = eg[2] * (1 - q) + sum(x * (N - x) * (x - 1) * ((N - 3) * r + (x - 2) * t) for x in n)
    eg[3], vg[3] = eg[2], vg[2]
    eg[4] = q * (
        sum(x * y * (N - x - y) for x in n for y in n) - sum(x * x * (N - 2 * x) for x in n)
    )
    vg[4] = eg[4] * (1 - q)
    for i, j, k in itertools.product(range(K), repeat=3):
        if i != j and j != k and i != k:
            vg[4] += n[i] * n[j] * n[k] * (
                (4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * r
                - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * s
                + (N - (n[i] + n[k] + 1)) * t
            )
    eg[5] = q * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - q) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * r - 4 * (N - 3) * s + (N - 3) * t
    )
    return ebr, vbr, eg, vg


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 3000), min_size=1, max_size=7),
    st.floats(1e-4, 0.999, allow_nan=False),
)
def test_null_model_equals_sna_transcription(sizes: list[int], d: float) -> None:
    """The closed forms equal sna's sums over groups and its triple loop."""
    for got, want in zip(_null_model(sizes, d), r_null_model(sizes, d)):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-300)


# ----------------------------------------------------------------------- contract


def test_result_shape_order_and_to_frame() -> None:
    G = disconnected_with_isolate()
    result = brokerage(G)
    assert isinstance(result, BrokerageResult)
    for frame in (result.raw, result.expected, result.sd, result.z):
        assert list(frame.index) == list(G.nodes)
        assert list(frame.columns) == list(ROLES)
        assert all(dtype == np.float64 for dtype in frame.dtypes)
    assert list(result.group_sizes.index) == ["x", "y", "z"]  # first appearance in G.nodes
    assert result.group_sizes.tolist() == [4, 3, 3]
    assert list(result.group_expected.index) == ["x", "y", "z"]
    assert result.group_expected.loc["x", "b_IO"] == result.expected.loc["lonely", "b_IO"]
    flat = result.to_frame()
    assert list(flat.columns) == [f"brokerage_{r}{z}" for r in ROLES for z in ("", "_z")]
    assert list(flat.index) == list(G.nodes)
    pd.testing.assert_series_equal(flat["brokerage_b_O_z"], result.z["b_O"], check_names=False)
    pd.testing.assert_series_equal(flat["brokerage_t"], result.raw["t"], check_names=False)
    # star centre: 4 leaves, groups x, x, z, y; hub is y. Pairs: (x, x) itinerant 2,
    # (x, z) liaison 4, (x, y) gatekeeper 2 + representative 2, (z, y) 1 + 1
    assert result.raw.loc["hub"].tolist() == [0, 2, 3, 3, 4, 12]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.density = 0.5  # type: ignore[misc]


def test_other_attribute_and_integer_groups() -> None:
    G = with_groups(nx.path_graph(4), [1, 1, 2, 2], attr="sector")
    result = brokerage(G, attr="sector")
    assert result.raw.loc[1].tolist() == [0, 0, 1, 1, 0, 2]  # (0, 2) and (2, 0) via node 1
    assert result.raw.loc[2].tolist() == [0, 0, 1, 1, 0, 2]  # (1, 3) and (3, 1) via node 2
    assert result.group_sizes.to_dict() == {1: 2, 2: 2}


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_graphs_do_not_fail(n: int) -> None:
    G = with_groups(nx.path_graph(n), ["A"] * n)
    result = brokerage(G)
    assert result.raw.shape == (n, 6)
    assert result.raw.to_numpy().sum() == 0
    if n < 2:
        assert math.isnan(result.density)  # 0 / 0, as in R


# ------------------------------------------------------------------------- errors


def test_missing_attribute_names_node_and_attribute() -> None:
    G = with_groups(nx.path_graph(["a", "b", "c"]), {"a": "A", "c": "C"})
    with pytest.raises(OptionError, match=r"node 'b' has no attribute 'helix'"):
        brokerage(G)
    with pytest.raises(OptionError, match=r"node 'a' has no attribute 'sector'.*3 nodes"):
        brokerage(G, attr="sector")
    G.nodes["b"]["helix"] = None
    with pytest.raises(OptionError, match=r"node 'b' has None as 'helix'"):
        brokerage(G)
    G.nodes["b"]["helix"] = float("nan")
    with pytest.raises(OptionError, match=r"node 'b' has nan as 'helix'"):
        brokerage(G)


def test_bad_inputs() -> None:
    G = with_groups(nx.path_graph(3), [["a"], ["b"], ["a"]])
    with pytest.raises(OptionError, match=r"node 0 has \['a'\] as 'helix'"):
        brokerage(G)
    with pytest.raises(OptionError, match="simple graph, got a MultiGraph"):
        brokerage(with_groups(nx.MultiGraph([(0, 1)]), ["A", "B"]))
    with pytest.raises(OptionError, match="networkx Graph or DiGraph, got dict"):
        brokerage({0: [1]})  # type: ignore[arg-type]
