"""Shared pytest fixtures: small graphs that every metric is checked on."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import pytest


def _karate() -> nx.Graph:
    return nx.karate_club_graph()  # has an integer "weight" per edge


def _path() -> nx.Graph:
    return nx.path_graph(6)


def _star() -> nx.Graph:
    return nx.star_graph(5)  # centre 0, leaves 1..5


def _two_components_and_isolate() -> nx.Graph:
    """A triangle, a 4-path and an isolated node; string ids, not in sorted order;
    some edges weighted, the others without the attribute (weight 1)."""
    G = nx.Graph()
    G.add_node("zeta")  # isolated, first in node order
    G.add_edge("tri-b", "tri-a", weight=2.0)
    G.add_edge("tri-a", "tri-c", weight=0.5)
    G.add_edge("tri-c", "tri-b")
    G.add_edges_from([("p3", "p1"), ("p1", "p4"), ("p4", "p2")])
    return G


def _weighted_random() -> nx.Graph:
    G = nx.gnm_random_graph(40, 120, seed=7)
    rng = np.random.default_rng(7)
    for (u, v), w in zip(G.edges(), rng.uniform(0.2, 5.0, G.number_of_edges())):
        G.edges[u, v]["weight"] = float(w)
    return G


def _string_ids() -> nx.Graph:
    """Karate club with string ids inserted in a shuffled order."""
    K = nx.karate_club_graph()
    order = np.random.default_rng(3).permutation(K.number_of_nodes()).tolist()
    G = nx.Graph()
    G.add_nodes_from(f"org-{i:02d}" for i in order)
    G.add_edges_from((f"org-{u:02d}", f"org-{v:02d}", d) for u, v, d in K.edges(data=True))
    return G


SMALL_GRAPHS: dict[str, Callable[[], nx.Graph]] = {
    "karate": _karate,
    "path": _path,
    "star": _star,
    "two_components_and_isolate": _two_components_and_isolate,
    "weighted_random": _weighted_random,
    "string_ids": _string_ids,
}


@pytest.fixture(params=sorted(SMALL_GRAPHS))
def small_graph(request: pytest.FixtureRequest) -> nx.Graph:
    """Each of the small test graphs in turn (a fresh copy)."""
    return SMALL_GRAPHS[request.param]()


@pytest.fixture
def assert_per_node() -> Callable[..., None]:
    """Return a checker: Series indexed like ``G.nodes`` and equal to ``expected`` per node.

    NaN equals NaN; ``atol`` is the absolute tolerance.
    """

    def check(
        series: pd.Series, expected: Mapping, G: nx.Graph, atol: float = 1e-9
    ) -> None:
        assert list(series.index) == list(G.nodes)
        assert series.dtype == np.float64
        for node in G:
            got, want = series[node], float(expected[node])
            if math.isnan(want):
                assert math.isnan(got), f"{node!r}: got {got}, expected NaN"
            else:
                assert got == pytest.approx(want, abs=atol, rel=0), f"node {node!r}"

    return check


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (see tests/browser_support.py)."""
    from tests.browser_support import launch_browser

    playwright, browser = launch_browser()
    yield browser
    browser.close()
    playwright.stop()
