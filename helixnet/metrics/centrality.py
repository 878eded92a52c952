"""Centrality of organisations in the collaboration graph.

Every function takes an undirected :class:`networkx.Graph` first (usually
:func:`helixnet.collaboration_graph`) and returns a float :class:`pandas.Series` indexed
by node id in ``G.nodes`` order and named after the measure. The heavy measures run on
igraph (C) or scipy.sparse and are tested equal to their networkx counterparts; on large
graphs the unweighted betweenness and closeness measures run on the compiled all-sources
pass of :mod:`helixnet.metrics.paths` (exact, parallel, twin organisations merged).

Distances are unweighted hops unless ``weight`` is given; a weight is then read as tie
*strength* and turned into the distance ``1 / w`` (a stronger tie is a shorter path).
Edges without the weight attribute count as weight 1; weights must be positive and finite.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import OptionError
from helixnet.metrics import paths
from helixnet.metrics._engine import (
    adjacency,
    check_graph,
    edge_arrays,
    node_series,
    to_igraph,
)

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
]


def degree(G: nx.Graph) -> pd.Series:
    """Number of neighbours of each node.

    .. math:: k_i = \\sum_j a_{ij}

    A self-loop counts twice, as in :meth:`networkx.Graph.degree`. Isolated nodes have
    degree 0.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph, e.g. the collaboration graph.

    Returns
    -------
    pandas.Series
        ``degree`` per node, in ``G.nodes`` order.
    """
    check_graph(G)
    return node_series(G, [k for _, k in G.degree()], "degree")


def strength(G: nx.Graph, weight: str | None = "weight") -> pd.Series:
    """Weighted degree: the sum of the weights of each node's edges.

    .. math:: s_i = \\sum_j w_{ij}

    On the collaboration graph with ``weight="weight"`` this is the number of shared
    projects plus direct-tie weights over all partners. Edges without the attribute count
    as 1 (so ``weight=None`` gives the degree); a self-loop counts twice, as in
    ``G.degree(weight=...)``.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default "weight"
        Edge attribute holding the tie strength.

    Returns
    -------
    pandas.Series
        ``strength`` per node.

    References
    ----------
    .. [1] Barrat, A., Barthélemy, M., Pastor-Satorras, R. & Vespignani, A. (2004).
       The architecture of complex weighted networks. *PNAS* 101(11), 3747–3752.
    """
    source, target, weights = edge_arrays(G, weight)
    n = G.number_of_nodes()
    values = np.bincount(source, weights, minlength=n) + np.bincount(target, weights, minlength=n)
    return node_series(G, values, "strength")


def betweenness(G: nx.Graph, normalized: bool = True, weight: str | None = None) -> pd.Series:
    """Shortest-path betweenness centrality (Brandes' algorithm).

    .. math:: b_v = \\sum_{\\{s,t\\},\\ s \\ne v \\ne t} \\frac{\\sigma_{st}(v)}{\\sigma_{st}}

    over unordered pairs {s, t}, where sigma_st is the number of shortest s–t paths and
    sigma_st(v) the number passing through v. With ``normalized=True`` the value is
    divided by the number of pairs not involving v, (n−1)(n−2)/2, so it lies in [0, 1];
    this equals :func:`networkx.betweenness_centrality`. Pairs in different components
    contribute nothing; isolated nodes, and every node of a graph with n ≤ 2, score 0.

    Computation: igraph; unweighted on a graph with n·m ≥
    :data:`helixnet.metrics.paths.COMPILED_MIN_WORK`, the compiled exact pass of
    :mod:`helixnet.metrics.paths` (parallel, twin organisations merged; same values).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    normalized : bool, default True
        Divide by (n−1)(n−2)/2.
    weight : str or None, default None
        None: paths are counted in hops. Otherwise the edge attribute holding the tie
        strength w; the edge then has length 1/w (a stronger tie is shorter). Path
        lengths that are equal up to floating-point rounding (igraph's relative epsilon
        of about 1e-10) count as equally short, so e.g. 1/10 + 1/5 and 1/(10/3) tie;
        networkx compares floats exactly and can miss such a tie.

    Returns
    -------
    pandas.Series
        ``betweenness`` per node.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology* 25(2), 163–177.
    """
    if weight is None and paths.use_compiled(G):
        counts = paths.shortest_path_counts(G, {"all": paths.all_pairs(G.number_of_nodes())})
        return node_series(G, paths.betweenness_values(counts, normalized=normalized), "betweenness")
    g = to_igraph(G, weight)
    n = g.vcount()
    lengths = _lengths(g, weight)
    # igraph counts each unordered pair once: the unnormalised networkx value.
    values = np.asarray(g.betweenness(directed=False, weights=lengths), dtype=np.float64)
    if normalized and n > 2:
        values *= 2.0 / ((n - 1) * (n - 2))
    return node_series(G, values, "betweenness")


def closeness(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Closeness centrality, Wasserman–Faust version for disconnected graphs.

    .. math:: C(v) = \\frac{r_v - 1}{\\sum_{u \\in R_v} d(v, u)} \\cdot \\frac{r_v - 1}{n - 1}

    where R_v is the set of nodes reachable from v, r_v = |R_v| counting v itself, and
    d the shortest-path distance. On a connected graph the second factor is 1 and this
    is the classic (n−1)/Σd. Equal to :func:`networkx.closeness_centrality` (its default
    ``wf_improved=True``). Isolated nodes, and the single node of a one-node graph,
    score 0.

    Computation: igraph; unweighted on a graph with n·m ≥
    :data:`helixnet.metrics.paths.COMPILED_MIN_WORK`, exact bit-parallel breadth-first
    searches (:func:`helixnet.metrics.paths.distance_counts`; same values).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        None: distances in hops. Otherwise edge attribute with tie strength w; the edge
        length is 1/w (equal to networkx with ``distance`` set to 1/w).

    Returns
    -------
    pandas.Series
        ``closeness`` per node.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in networks: I. Conceptual clarification.
       *Social Networks* 1(3), 215–239.
    .. [2] Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press, p. 201.
    """
    if weight is None and paths.use_compiled(G):
        return node_series(G, paths.closeness_values(paths.distance_counts(G)), "closeness")
    g = to_igraph(G, weight)
    n = g.vcount()
    if n <= 1:
        return node_series(G, np.zeros(n), "closeness")
    # igraph: (r_v - 1) / sum of distances to the reachable nodes (NaN when r_v = 1).
    within = np.asarray(
        g.closeness(weights=_lengths(g, weight), normalized=True), dtype=np.float64
    )
    membership = np.asarray(g.connected_components().membership)
    reachable = np.bincount(membership)[membership]
    values = np.where(reachable > 1, within * (reachable - 1) / (n - 1), 0.0)
    return node_series(G, values, "closeness")


def harmonic_closeness(
    G: nx.Graph, normalized: bool = True, weight: str | None = None
) -> pd.Series:
    """Harmonic closeness: the sum of inverse distances to all other nodes.

    .. math:: H(v) = \\frac{1}{n - 1} \\sum_{u \\ne v} \\frac{1}{d(v, u)}

    with 1/d = 0 for unreachable nodes, so it needs no special case for disconnected
    graphs; isolated nodes score 0. Without normalisation (``normalized=False``) the sum
    is not divided by n−1 and equals :func:`networkx.harmonic_centrality`. A one-node
    graph scores 0. Computation as for :func:`closeness`.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    normalized : bool, default True
        Divide by n−1, giving a value in [0, 1] for hop distances.
    weight : str or None, default None
        None: distances in hops. Otherwise edge attribute with tie strength w; the edge
        length is 1/w.

    Returns
    -------
    pandas.Series
        ``harmonic_closeness`` per node.

    References
    ----------
    .. [1] Marchiori, M. & Latora, V. (2000). Harmony in the small-world.
       *Physica A* 285(3–4), 539–546.
    .. [2] Boldi, P. & Vigna, S. (2014). Axioms for centrality. *Internet Mathematics*
       10(3–4), 222–262.
    """
    if weight is None and paths.use_compiled(G):
        counts = paths.distance_counts(G)
        return node_series(G, paths.harmonic_values(counts, normalized), "harmonic_closeness")
    g = to_igraph(G, weight)
    values = g.harmonic_centrality(weights=_lengths(g, weight), normalized=normalized)
    return node_series(G, values, "harmonic_closeness")


def eigenvector(G: nx.Graph, weight: str | None = None) -> pd.Series:
    """Eigenvector centrality: the principal eigenvector of the adjacency matrix.

    .. math:: \\lambda_1 x_i = \\sum_j w_{ij} x_j, \\qquad \\lVert x \\rVert_2 = 1,\\ x \\ge 0

    with lambda_1 the largest eigenvalue of the (weighted) adjacency matrix W; a
    self-loop of weight w is the diagonal entry w, as in networkx. On a connected graph
    this is the unique Perron vector and equals :func:`networkx.eigenvector_centrality`.

    Disconnected graphs: the result is the limit of networkx's power iteration started
    from the all-ones vector. Only the component(s) whose own lambda_1 equals the graph's
    largest are non-zero; all other nodes (in particular isolated nodes, whenever the
    graph has an edge) score 0. When several components share the largest lambda_1,
    component c gets (1·v_c) v_c, v_c its unit Perron vector, and the whole vector is
    rescaled to norm 1 (so two disjoint triangles give every node 1/√6). A graph without
    edges gives every node 1/√n. Each component's eigenpair is computed exactly (dense
    LAPACK or ARPACK to machine precision); components whose largest row sum (an upper
    bound on lambda_1) is below the best lambda_1 found are skipped.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default None
        Edge attribute with the tie strength (larger = stronger); None for unweighted.

    Returns
    -------
    pandas.Series
        ``eigenvector`` per node.

    References
    ----------
    .. [1] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. *Journal of Mathematical Sociology* 2(1), 113–120.
    .. [2] Newman, M. E. J. (2018). *Networks*, 2nd ed., §7.1.2. Oxford University Press.
    """
    from scipy.sparse.csgraph import connected_components

    A = adjacency(G, weight)
    n = A.shape[0]
    if n == 0:
        return node_series(G, [], "eigenvector")
    n_components, labels = connected_components(A, directed=False)
    bound = np.zeros(n_components)
    np.maximum.at(bound, labels, A.sum(axis=1))
    members = np.split(np.argsort(labels, kind="stable"), np.cumsum(np.bincount(labels))[:-1])
    x = np.zeros(n)
    best = 0.0  # lambda_1 >= 0 for a non-negative matrix
    tied: list[tuple[np.ndarray, np.ndarray]] = []
    for c in np.argsort(-bound, kind="stable"):
        slack = _TIE_TOLERANCE * max(1.0, best)
        if tied and bound[c] < best - slack:
            break  # sorted by bound: no later component can reach lambda_1
        nodes = members[c]
        lam, vec = _leading_eigenpair(A[nodes][:, nodes])
        if not tied or lam > best + slack:
            best, tied = lam, [(nodes, vec)]
        elif lam >= best - slack:
            tied.append((nodes, vec))
    for nodes, vec in tied:
        # Power iteration from the all-ones start keeps each tied component's share 1·v_c.
        x[nodes] = vec.sum() * vec
    x /= np.linalg.norm(x)
    return node_series(G, x, "eigenvector")


# Relative tolerance under which two components' leading eigenvalues count as equal.
_TIE_TOLERANCE = 1e-10
# Components up to this size use dense LAPACK; larger ones ARPACK.
_DENSE_LIMIT = 300


def _leading_eigenpair(A) -> tuple[float, np.ndarray]:
    """Largest eigenvalue and its non-negative unit eigenvector of a connected component."""
    n = A.shape[0]
    if n <= _DENSE_LIMIT:
        values, vectors = np.linalg.eigh(A.toarray())
        lam, vec = values[-1], vectors[:, -1]
    else:
        from scipy.sparse.linalg import eigsh

        values, vectors = eigsh(A.astype(np.float64), k=1, which="LA", v0=np.ones(n), tol=0)
        lam, vec = values[0], vectors[:, 0]
    vec = np.abs(vec)  # the Perron vector has one sign; fix it to +
    return float(lam), vec / np.linalg.norm(vec)


#: PageRank iterates until the vector changes by at most this much in total (it sums to 1).
PAGERANK_TOLERANCE = 1e-15
#: ... or this many iterations (the change shrinks by the factor alpha per iteration).
PAGERANK_MAX_ITERATIONS = 10_000


def pagerank(G: nx.Graph, alpha: float = 0.85, weight: str | None = "weight") -> pd.Series:
    """PageRank of the random surfer on the (weighted) collaboration graph (power iteration).

    .. math:: PR_i = \\frac{1 - \\alpha}{n} + \\alpha \\sum_j \\frac{w_{ji}}{s_j} PR_j
              + \\frac{\\alpha}{n} \\sum_{j:\\, s_j = 0} PR_j

    with s_j the strength of j. Each undirected edge is followed both ways; a self-loop
    is one arc (the networkx convention). Dangling (isolated) nodes jump uniformly, so
    an isolated node scores at least (1−α)/n; the values sum to 1. The equation is
    iterated from the uniform vector until an iteration changes the vector by at most
    :data:`PAGERANK_TOLERANCE` in total (sum of absolute changes; at most
    :data:`PAGERANK_MAX_ITERATIONS` iterations): it equals :func:`networkx.pagerank` up
    to networkx's own tolerance, and igraph's PRPACK solver to about 1e-15. The iteration
    is one fixed sequence of sparse products, so the same graph gives the same bits in
    every run (PRPACK's parallel sums do not: their last digits changed from run to run,
    and with them the Gephi files).

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    alpha : float, default 0.85
        Damping factor, 0 ≤ alpha < 1.
    weight : str or None, default "weight"
        Edge attribute with the tie strength; None for unweighted.

    Returns
    -------
    pandas.Series
        ``pagerank`` per node.

    Raises
    ------
    OptionError
        If alpha is outside [0, 1).

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the web. Stanford InfoLab technical report 1999-66.
    """
    if not (isinstance(alpha, (int, float)) and 0 <= alpha < 1):
        raise OptionError(f"alpha must be a number in [0, 1), got {alpha!r}")
    check_graph(G)
    n = G.number_of_nodes()
    if n == 0:
        return node_series(G, [], "pagerank")
    A = adjacency(G, weight)  # symmetric: A[j, i] is the weight of the arc j -> i, a self-loop once
    strength = np.asarray(A.sum(axis=1)).ravel()
    dangling = strength == 0
    inverse = np.divide(1.0, strength, out=np.zeros(n), where=~dangling)
    values = np.full(n, 1.0 / n)
    for _ in range(PAGERANK_MAX_ITERATIONS):
        following = alpha * (A @ (values * inverse))
        jumping = ((1.0 - alpha) + alpha * values[dangling].sum()) / n
        updated = following + jumping
        change = np.abs(updated - values).sum()
        values = updated
        if change <= PAGERANK_TOLERANCE:
            break
    return node_series(G, values, "pagerank")


def _lengths(g, weight: str | None) -> list[float] | None:
    """Edge lengths 1/w for the path-based measures, or None for hops."""
    if weight is None:
        return None
    return (1.0 / np.asarray(g.es["weight"], dtype=np.float64)).tolist()
