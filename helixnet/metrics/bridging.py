"""Bridging between helices: cross-helix betweenness, bridging centrality, partner concentration.

All three run on the undirected collaboration graph (:func:`helixnet.collaboration_graph`).
Path-based measures count hops unless ``weight`` is given, in which case a tie of
strength w has length 1/w (a stronger tie is a shorter path), as in
:mod:`helixnet.metrics.centrality`. Betweenness runs on igraph (Brandes' algorithm in C);
partner concentration is vectorised over the edge list.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

from helixnet.errors import OptionError
from helixnet.metrics import paths
from helixnet.metrics._engine import adjacency, edge_arrays, node_groups, node_series, to_igraph
from helixnet.metrics.centrality import _lengths, betweenness
from helixnet.metrics.paths import PairSet
from helixnet.metrics.mixing import knowledge_flags, node_flags
from helixnet.schema import HELICES

__all__ = [
    "cross_helix_betweenness",
    "cross_helix_pairs",
    "normalise_cross_helix",
    "bridging_centrality",
    "partner_concentration",
]

#: The named pair sets of :func:`cross_helix_betweenness`.
PAIR_SETS = ("different", "sme-knowledge")


def cross_helix_betweenness(
    G: nx.Graph,
    attr: Hashable = "helix",
    pairs: str | tuple[Hashable, Hashable] = "different",
    normalized: bool = True,
    weight: str | None = None,
) -> pd.Series:
    """Betweenness counting only shortest paths between eligible source–target pairs.

    With δ_st(v) = σ_st(v) / σ_st the share of shortest s–t paths through v (σ_st the
    number of shortest s–t paths, σ_st(v) those passing through v, v ∉ {s, t}), the raw
    value is

    .. math:: b_v = \\frac{1}{2} \\sum_{(s, t) \\in \\mathcal{P},\\ s \\ne v \\ne t} \\delta_{st}(v)

    over the set 𝒫 of eligible **ordered** pairs (s, t), s ≠ t. The factor ½ is
    networkx's convention for undirected graphs (an undirected path is counted from one
    end, as half a path), so the raw value equals
    :func:`networkx.betweenness_centrality_subset` with ``normalized=False``:

    * ``pairs="different"``: 𝒫 = all ordered pairs whose groups (values of ``attr``)
      differ. 𝒫 is symmetric, so b_v = Σ over *unordered* pairs {s, t} of different
      groups of δ_st(v) — the part of ordinary betweenness due to cross-group pairs,
      equal to Σ_g ``betweenness_centrality_subset(G, sources=g, targets=V∖g)``.
    * ``pairs=(a, b)``: 𝒫 = {(s, t): attr(s) = a, attr(t) = b}, e.g.
      ``("bedrijf", "kennisinstelling")``; equals
      ``betweenness_centrality_subset(G, sources=group a, targets=group b)``. For
      a ≠ b each unordered company–knowledge pair contributes ½ δ_st(v) (networkx's
      one-direction count), half of what it contributes under ``"different"``; the
      normalised values below are comparable.
    * ``pairs="sme-knowledge"``: sources are the nodes whose ``sme`` attribute is True,
      targets those whose ``helix`` is ``"kennisinstelling"``; equals
      ``betweenness_centrality_subset(G, sources=SMEs, targets=knowledge institutions)``.

    Normalisation (``normalized=True``): b_v divided by half the number of eligible
    ordered pairs not involving v, |{(s, t) ∈ 𝒫 : v ∉ {s, t}}| / 2. The result is the
    *mean* δ_st(v) over the eligible pairs v could broker, in [0, 1]: 1 means every
    shortest path between every eligible pair (other than v's own) runs through v. With
    all pairs eligible it is ordinary normalised betweenness (÷ (n−1)(n−2)/2). This is
    **not** networkx's normalisation for subsets, which always divides by (n−1)(n−2).
    A node with no eligible pair outside itself scores 0 (nothing to broker).

    Edge cases: pairs in different components contribute nothing; isolated nodes and
    groups of one score 0 (a lone member of a group is still a source or target of
    cross-group pairs); a graph whose nodes all share one group scores 0 everywhere.

    Computation: igraph's subset betweenness, which counts undirected pairs exactly as
    networkx does (½ per ordered source–target pair); unweighted on a graph with n·m ≥
    :data:`helixnet.metrics.paths.COMPILED_MIN_WORK`, the compiled exact pass of
    :mod:`helixnet.metrics.paths` (one search per twin class, all pairs at once). ``"different"`` sums, over the
    groups in increasing size, the betweenness from one group's members to all larger
    groups' members and doubles it (δ is symmetric), so the largest group is never a
    source; for (a, b) and ``"sme-knowledge"`` the smaller side is the source set. Cost:
    one breadth-first search (Dijkstra with weights) per source node, i.e. n minus the
    largest group's size for ``"different"``.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph whose nodes carry ``attr`` (and ``sme`` and ``helix`` for
        ``"sme-knowledge"``).
    attr : hashable, default "helix"
        Node attribute defining the groups for ``"different"`` and (a, b).
    pairs : "different", "sme-knowledge" or a pair (a, b) of group values
        Which source–target pairs count; see above.
    normalized : bool, default True
        Divide by half the number of eligible ordered pairs not involving v.
    weight : str or None, default None
        None: paths in hops. Otherwise the edge attribute with the tie strength w; the
        edge then has length 1/w (as :func:`helixnet.metrics.centrality.betweenness`).

    Returns
    -------
    pandas.Series
        ``cross_helix_betweenness`` per node, in ``G.nodes`` order.

    Raises
    ------
    OptionError
        If ``pairs`` is not one of the accepted forms or names a group value that is
        neither present in G nor a helix, or if a node lacks a needed attribute.

    References
    ----------
    .. [1] Brandes, U. (2008). On variants of shortest-path betweenness centrality and
       their generic computation. *Social Networks* 30(2), 136–145 (§3.4, betweenness
       with sources and targets).
    .. [2] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    """
    if not isinstance(normalized, (bool, np.bool_)):
        raise OptionError(f"normalized must be True or False, got {normalized!r}")
    if weight is None and paths.use_compiled(G):
        pair_set, group, eligible = cross_helix_pairs(G, attr, pairs)
        counts = paths.shortest_path_counts(G, {"pairs": pair_set}, group=group)
        raw = counts.dependency["pairs"] / 2.0
        return node_series(G, normalise_cross_helix(raw, eligible, normalized), "cross_helix_betweenness")
    sources, targets, codes = _eligible(G, attr, pairs)
    g = to_igraph(G, weight)
    lengths = _lengths(g, weight)
    n = g.vcount()

    def subset(source_mask: np.ndarray, target_mask: np.ndarray) -> np.ndarray:
        if not source_mask.any() or not target_mask.any():
            return np.zeros(n)
        values = g.betweenness(
            directed=False,
            weights=lengths,
            sources=np.flatnonzero(source_mask).tolist(),
            targets=np.flatnonzero(target_mask).tolist(),
        )
        return np.asarray(values, dtype=np.float64)

    if codes is not None:  # "different"
        sizes = np.bincount(codes)
        order = np.argsort(sizes, kind="stable")
        raw = np.zeros(n)
        later = np.ones(n, dtype=bool)  # members of the groups after the current one
        for group in order[:-1]:
            later &= codes != group
            raw += subset(codes == group, later)
        raw *= 2.0
        eligible = _different_pairs_excluding(codes, sizes)
    else:
        # sum over (s in S, t in T) of delta_st = sum over (t in T, s in S): pick the cheaper side
        raw = subset(sources, targets) if sources.sum() <= targets.sum() else subset(targets, sources)
        eligible = _subset_pairs_excluding(sources, targets)
    return node_series(G, normalise_cross_helix(raw, eligible, normalized), "cross_helix_betweenness")


def cross_helix_pairs(
    G: nx.Graph, attr: Hashable = "helix", pairs: str | tuple[Hashable, Hashable] = "different"
) -> tuple[PairSet, np.ndarray | None, np.ndarray]:
    """The eligible pairs of :func:`cross_helix_betweenness` for the compiled pass.

    Returns the :class:`~helixnet.metrics.paths.PairSet`, the group codes it needs (None
    unless ``pairs="different"``) and, per node v, the number of eligible ordered pairs
    not involving v (the normaliser).
    """
    sources, targets, codes = _eligible(G, attr, pairs)
    if codes is not None:
        ones = np.ones(len(codes), dtype=bool)
        return PairSet(ones, ones, different_groups=True), codes, _different_pairs_excluding(codes, np.bincount(codes))
    return PairSet(sources, targets), None, _subset_pairs_excluding(sources, targets)


def normalise_cross_helix(raw: np.ndarray, eligible: np.ndarray, normalized: bool = True) -> np.ndarray:
    """Raw cross-helix betweenness divided by half the eligible ordered pairs not involving
    each node (0 where there are none), or ``raw`` itself when not ``normalized``."""
    if not normalized:
        return raw
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(eligible > 0, 2.0 * raw / eligible, 0.0)


def _eligible(G: nx.Graph, attr: Hashable, pairs):
    """(sources, targets, None) boolean masks for a subset form, or (None, None, codes)."""
    if isinstance(pairs, str) and pairs in PAIR_SETS:
        if pairs == "different":
            codes, _ = node_groups(G, attr)
            return None, None, codes
        return node_flags(G, "sme"), knowledge_flags(G), None
    if not isinstance(pairs, (tuple, list)) or len(pairs) != 2:
        raise OptionError(
            f"pairs must be 'different', 'sme-knowledge' or a pair of {attr!r} values "
            f"such as ('bedrijf', 'kennisinstelling'), got {pairs!r}"
        )
    codes, labels = node_groups(G, attr)
    masks = []
    for value in pairs:
        if value in labels:
            masks.append(codes == labels.index(value))
        elif attr == "helix" and value in HELICES:
            masks.append(np.zeros(len(codes), dtype=bool))  # a helix absent from this graph
        else:
            known = [*HELICES, *(v for v in labels if v not in HELICES)] if attr == "helix" else labels
            raise OptionError(
                f"pairs names {value!r}, which is not a value of {attr!r} in the graph; "
                f"expected one of {', '.join(map(repr, known))}"
            )
    return masks[0], masks[1], None


def _different_pairs_excluding(codes: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Ordered pairs (s, t) of different groups with v not in {s, t}, for every node v."""
    n = len(codes)
    total = n * n - float(np.sum(sizes.astype(np.float64) ** 2))
    return total - 2.0 * (n - sizes[codes])


def _subset_pairs_excluding(sources: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Ordered pairs (s, t), s in S, t in T, s != t, with v not in {s, t}, for every v."""
    n_s, n_t = float(sources.sum()), float(targets.sum())
    both = float(np.sum(sources & targets))
    s, t = sources.astype(np.float64), targets.astype(np.float64)
    return (n_s * n_t - both) - s * (n_t - t) - t * (n_s - s)


def bridging_centrality(
    G: nx.Graph,
    normalized: bool = True,
    weight: str | None = None,
    betweenness_values: pd.Series | None = None,
) -> pd.DataFrame:
    """Hwang et al.'s bridging coefficient and bridging centrality of each node.

    .. math:: BR(v) = \\frac{1 / d(v)}{\\sum_{u \\in N(v)} 1 / d(u)}, \\qquad
              C_{BR}(v) = b(v) \\cdot BR(v)

    with d the degree (number of partners, self-loops ignored), N(v) the partners of v
    and b(v) the betweenness of :func:`helixnet.metrics.centrality.betweenness`
    (normalised by (n−1)(n−2)/2 unless ``normalized=False``). BR is high for a node of
    low degree between high-degree neighbours — a bridge between dense regions — and
    the product singles out nodes that are both on many shortest paths and such bridges.
    Hwang et al. (2006) define C_BR as this product of values; their later version
    (2008) multiplies the *ranks* instead, which helixnet does not do.

    Edge cases: an isolated node has no partners, so BR (and C_BR) is NaN; a pendant
    node (d = 1) tied to a hub has a large BR but betweenness 0, so C_BR = 0. Disconnected
    graphs: betweenness counts pairs within components only.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    normalized : bool, default True
        Use normalised betweenness.
    weight : str or None, default None
        Passed to the betweenness (tie strength w, edge length 1/w); BR always uses
        unweighted degrees, as in the definition.
    betweenness_values : pandas.Series, optional
        The betweenness of ``G`` computed already with the same ``normalized`` and
        ``weight`` (indexed by node id), so that a caller that has it does not pay for
        the shortest paths twice.

    Returns
    -------
    pandas.DataFrame
        Float columns ``bridging_coefficient`` and ``bridging_centrality``, indexed by
        node id in ``G.nodes`` order.

    References
    ----------
    .. [1] Hwang, W., Cho, Y., Zhang, A. & Ramanathan, M. (2006). Bridging centrality:
       identifying bridging nodes in scale-free networks. Technical report 2006-05,
       Department of Computer Science and Engineering, University at Buffalo.
    .. [2] Hwang, W., Kim, T., Ramanathan, M. & Zhang, A. (2008). Bridging centrality:
       graph mining from element level to group level. *Proc. 14th ACM SIGKDD*, 336–344.
    """
    A = adjacency(G, None, self_loops=False)
    degree = np.diff(A.indptr).astype(np.float64)
    inverse = np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)
    neighbour_sum = A @ inverse
    with np.errstate(invalid="ignore", divide="ignore"):
        coefficient = np.where(degree > 0, inverse / neighbour_sum, np.nan)
    if betweenness_values is None:
        betweenness_values = betweenness(G, normalized=normalized, weight=weight)
    between = betweenness_values.reindex(list(G.nodes)).to_numpy(dtype=np.float64)
    return pd.DataFrame(
        {
            "bridging_coefficient": node_series(G, coefficient, "bridging_coefficient"),
            "bridging_centrality": node_series(G, between * coefficient, "bridging_centrality"),
        }
    )


def partner_concentration(G: nx.Graph, weight: str | None = "weight") -> pd.DataFrame:
    """How much of each node's tie weight goes to its strongest partners.

    With w_ij the weight of the tie between i and partner j and s_i = Σ_j w_ij:

    .. math:: \\mathrm{top1}_i = \\frac{\\max_j w_{ij}}{s_i}, \\qquad
              \\mathrm{top3}_i = \\frac{\\sum_{j \\in \\mathrm{top\\,3}} w_{ij}}{s_i}, \\qquad
              H_i = \\sum_j \\left(\\frac{w_{ij}}{s_i}\\right)^2

    H is the Herfindahl(–Hirschman) index of the partner shares. A neutral connector is
    not captured by one partner: low top-1 share and low H. Bounds: 1/d ≤ H ≤ top1 ≤
    top3 ≤ 1 with d the number of partners; with equal weights (or ``weight=None``)
    H = top1 = 1/d and top3 = min(3, d)/d. Ties between equal weights do not matter
    (only the shares of the strongest ones are summed). Self-loops are ignored (a node
    is not its own partner); isolated nodes get NaN. Runs on the collaboration graph,
    whose ``weight`` is the number of shared projects plus direct-tie weights.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, default "weight"
        Edge attribute with the tie strength (1 where missing); None counts ties.

    Returns
    -------
    pandas.DataFrame
        Float columns ``top1_share``, ``top3_share``, ``herfindahl`` indexed by node id
        in ``G.nodes`` order.

    Raises
    ------
    DataError
        If a weight is not a positive finite number.

    References
    ----------
    .. [1] Hirschman, A. O. (1964). The paternity of an index. *American Economic Review*
       54(5), 761.
    .. [2] Burt, R. S. (1992). *Structural Holes*, ch. 2 (concentration of a contact
       network on few contacts as a source of constraint).
    """
    source, target, weights = edge_arrays(G, weight)
    n = G.number_of_nodes()
    proper = source != target
    node = np.concatenate([source[proper], target[proper]])
    value = np.concatenate([weights[proper], weights[proper]])
    order = np.lexsort((-value, node))  # by node, strongest partner first
    node, value = node[order], value[order]
    first = np.searchsorted(node, np.arange(n))
    rank = np.arange(len(node)) - first[node]
    total = np.bincount(node, value, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        top1 = np.bincount(node[rank < 1], value[rank < 1], minlength=n) / total
        top3 = np.bincount(node[rank < 3], value[rank < 3], minlength=n) / total
        share = value / total[node]
        herfindahl = np.bincount(node, share * share, minlength=n)
    isolated = total == 0
    columns = {
        "top1_share": np.where(isolated, np.nan, top1),
        "top3_share": np.where(isolated, np.nan, np.minimum(top3, 1.0)),
        "herfindahl": np.where(isolated, np.nan, herfindahl),
    }
    return pd.DataFrame({name: node_series(G, v, name) for name, v in columns.items()})
