"""Consensus communities and the adjusted Rand index."""

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.errors import OptionError
from helixnet.metrics.consensus import adjusted_rand_index, consensus_communities


@pytest.mark.parametrize("a, b, expected", [
    # values printed in scikit-learn's documentation of adjusted_rand_score
    ([0, 0, 1, 1], [0, 0, 1, 1], 1.0),
    ([0, 0, 1, 1], [1, 1, 0, 0], 1.0),
    ([0, 0, 1, 2], [0, 0, 1, 1], 0.5714285714285715),
    ([0, 0, 1, 1], [0, 0, 1, 2], 0.5714285714285715),
    ([0, 0, 0, 0], [0, 1, 2, 3], 0.0),
    ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),
])
def test_adjusted_rand_index_reference_values(a, b, expected):
    assert adjusted_rand_index(a, b) == pytest.approx(expected)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=40), st.permutations(range(5)))
def test_adjusted_rand_index_is_symmetric_and_ignores_label_names(pairs, relabel):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index([relabel[x] for x in a], b))
    assert adjusted_rand_index(a, a) == 1.0


def ring_of_cliques(k=6, size=8):
    G = nx.ring_of_cliques(k, size)
    nx.set_node_attributes(G, False, "is_cluster")
    return G


def test_consensus_recovers_planted_cliques_and_reports_agreement():
    G = ring_of_cliques()
    result = consensus_communities(G, runs=6, seed=3)
    assert result.converged
    truth = [n // 8 for n in G]
    assert adjusted_rand_index(result.communities.reindex(list(G)).to_numpy(), truth) == 1.0
    assert result.run_agreement == pytest.approx(1.0)
    assert (result.agreement_with_consensus == 1.0).all()


def test_consensus_is_deterministic_and_leaves_clusters_out():
    G = nx.karate_club_graph()
    nx.set_node_attributes(G, False, "is_cluster")
    G.nodes[0]["is_cluster"] = True
    one = consensus_communities(G, runs=5, seed=7)
    two = consensus_communities(G, runs=5, seed=7)
    assert one.communities.equals(two.communities)
    assert 0 not in one.communities.index and len(one.communities) == 33
    assert 0 <= one.run_agreement <= 1


def test_consensus_unstable_runs_get_a_lower_agreement():
    G = nx.gnp_random_graph(120, 0.05, seed=2)  # no planted structure: runs disagree
    nx.set_node_attributes(G, False, "is_cluster")
    noisy = consensus_communities(G, runs=6, seed=0)
    assert noisy.run_agreement < 0.9


@pytest.mark.parametrize("bad", [{"runs": 1}, {"threshold": 0}, {"threshold": 1.5}, {"resolution": 0}])
def test_bad_options(bad):
    with pytest.raises(OptionError):
        consensus_communities(ring_of_cliques(), **bad)
