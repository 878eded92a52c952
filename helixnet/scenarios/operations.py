"""Scenario operations: pure transforms of a collaboration graph.

Every operation takes a :func:`~helixnet.graph.collaboration_graph` (undirected
``networkx.Graph``; node attributes ``helix, kind, sme, is_cluster, name``; edge attributes
``weight, projects, newman, relation``) and returns a **new** graph; the input is never
changed. Random operations draw from a ``numpy.random.Generator`` only, so the same seed
gives the same graph.

=====================  ==============================================================
:func:`remove_nodes`   nodes and their ties disappear (Borgatti's key-player removal)
:func:`contract`       a node merges into a host (inkanteling)
:func:`drop_ties`      matching ties survive with probability ``retention`` (attrition)
:func:`add_ties`       new ties between random eligible non-adjacent pairs
:func:`relabel`        nodes change helix, kind, SME flag or name
=====================  ==============================================================

:func:`facilitated_share` tells, per tie, how many of its shared projects each cluster
facilitated; :func:`drop_ties` uses it to remove only that part of a tie.

Node filters
------------
:func:`add_ties` and :func:`drop_ties` select nodes with a *filter*: a mapping from
``id``, ``helix``, ``kind``, ``sme`` or ``is_cluster`` to one value or a list of values
(any of them matches). The keys combine with AND; an empty filter matches every node.
Example: ``{"helix": "bedrijf", "sme": True}`` are the SMEs.

References
----------
Borgatti, S. P. (2006). Identifying sets of key players in a social network.
Computational and Mathematical Organization Theory 12(1), 21-34.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from helixnet.errors import OptionError
from helixnet.graph import COLLABORATION
from helixnet.schema import HELICES

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from helixnet.io.loader import Dataset

#: The node attributes a filter may test (``id`` is the node itself).
FILTER_KEYS: tuple[str, ...] = ("id", "helix", "kind", "sme", "is_cluster")
#: The node attributes :func:`relabel` may set.
RELABEL_KEYS: tuple[str, ...] = ("helix", "kind", "sme", "name", "is_cluster")
#: The relation of ties added by a scenario.
SCENARIO = "scenario"
#: Up to this many candidate pairs, :func:`add_ties` lists every eligible pair.
ENUMERATE_LIMIT = 2_000_000
#: A tie whose weight falls to this or below has disappeared.
_ZERO = 1e-9

NodeFilter = Mapping[str, Any]


# --------------------------------------------------------------------------- helpers
def _check_nodes(G: nx.Graph, nodes: Iterable[Hashable], what: str = "node") -> list:
    nodes = [nodes] if isinstance(nodes, str) else list(nodes)
    missing = [n for n in nodes if n not in G]
    if missing:
        raise OptionError(f"{what} {missing[0]!r} is not in the graph; expected the id of an organisation"
                          + (f" ({len(missing)} ids are unknown)" if len(missing) > 1 else ""))
    return nodes


def _check_retention(retention: float) -> float:
    if isinstance(retention, bool) or not isinstance(retention, (int, float)) or not 0.0 <= retention <= 1.0:
        raise OptionError(f"retention {retention!r} is out of range; expected a probability in [0, 1]")
    return float(retention)


def _as_values(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def check_filter(node_filter: NodeFilter | None, what: str = "filter") -> dict[str, list]:
    """Validate a node filter and return it with every value as a list.

    Raises
    ------
    OptionError
        For an unknown key, an unknown helix, or a non-boolean ``sme``/``is_cluster``.
    """
    if node_filter is None:
        return {}
    if not isinstance(node_filter, Mapping):
        raise OptionError(f"{what} {node_filter!r} is not a mapping; expected e.g. {{'helix': 'bedrijf', 'sme': True}}")
    checked: dict[str, list] = {}
    for key, value in node_filter.items():
        if key not in FILTER_KEYS:
            raise OptionError(f"{what} key {key!r} is unknown; expected one of {', '.join(FILTER_KEYS)}")
        values = _as_values(value)
        if key == "helix":
            bad = [v for v in values if v not in HELICES]
            if bad:
                raise OptionError(f"{what} helix {bad[0]!r} is unknown; expected one of {', '.join(HELICES)}")
        if key in ("sme", "is_cluster") and not all(isinstance(v, (bool, np.bool_)) for v in values):
            raise OptionError(f"{what} {key} {value!r} is not a boolean; expected true or false")
        checked[key] = values
    return checked


def node_mask(G: nx.Graph, node_filter: NodeFilter | None, what: str = "filter") -> np.ndarray:
    """Boolean array over ``G.nodes`` (in order): which nodes match ``node_filter``."""
    checked = check_filter(node_filter, what)
    nodes = list(G)
    mask = np.ones(len(nodes), dtype=bool)
    for key, values in checked.items():
        if key == "id":
            seen = np.fromiter((n in values for n in nodes), dtype=bool, count=len(nodes))
        else:
            wanted = set(values)
            seen = np.fromiter((v in wanted for _, v in G.nodes(data=key, default=None)), dtype=bool,
                               count=len(nodes))
        mask &= seen
    return mask


def _edge_ends(G: nx.Graph) -> tuple[list, np.ndarray, np.ndarray]:
    """Edges of ``G`` (in ``G.edges`` order) and their end positions in ``G.nodes``."""
    from helixnet.metrics._engine import edge_arrays

    source, target, _ = edge_arrays(G)
    return list(G.edges()), source, target


def _merge_relation(old: str, new: str) -> str:
    parts = set(old.split("+")) | set(new.split("+"))
    parts.discard("")
    return "+".join(sorted(parts, key=lambda r: (r != COLLABORATION, r)))


# --------------------------------------------------------------------------- operations
def remove_nodes(G: nx.Graph, nodes: Iterable[Hashable] | Hashable) -> nx.Graph:
    """A copy of ``G`` without ``nodes`` and their ties.

    Removing nodes never joins components: the number of reachable pairs can only fall
    (the basis of Borgatti's 2006 fragmentation measure of a key-player set).

    Raises
    ------
    OptionError
        If a node is not in ``G``.
    """
    H = G.copy()
    remove_nodes_inplace(H, nodes)
    return H


def remove_nodes_inplace(H: nx.Graph, nodes: Iterable[Hashable] | Hashable) -> None:
    """:func:`remove_nodes` on ``H`` itself (for callers that copied ``H`` already)."""
    H.remove_nodes_from(_check_nodes(H, nodes))


def contract(G: nx.Graph, node: Hashable, host: Hashable) -> nx.Graph:
    """A copy of ``G`` with ``node`` merged into ``host`` (node contraction).

    The host keeps its identity and every attribute (``name, helix, kind, ...``). Each
    tie ``node-x`` becomes ``host-x``: where ``host-x`` already exists, ``weight``,
    ``projects`` and ``newman`` are summed and the relations united; otherwise the tie
    moves over with its attributes. The tie ``node-host`` (and a self-loop of ``node``)
    disappears, so the total tie weight is conserved except that pair:
    ``W(contract(G)) = W(G) - w(node, host) - w(node, node)``.

    Raises
    ------
    OptionError
        If ``node`` or ``host`` is not in ``G`` or they are the same node.
    """
    H = G.copy()
    contract_inplace(H, node, host)
    return H


def contract_inplace(H: nx.Graph, node: Hashable, host: Hashable) -> None:
    """:func:`contract` on ``H`` itself (for callers that copied ``H`` already)."""
    _check_nodes(H, [node])
    _check_nodes(H, [host], "host")
    if node == host:
        raise OptionError(f"cannot contract {node!r} into itself; expected a different host")
    for other, data in list(H.adj[node].items()):
        if other in (node, host):
            continue
        if H.has_edge(host, other):
            merged = H.edges[host, other]
            for key in ("weight", "projects", "newman"):
                if key in data or key in merged:
                    merged[key] = merged.get(key, 0) + data.get(key, 0)
            merged["relation"] = _merge_relation(merged.get("relation", ""), data.get("relation", ""))
        else:
            H.add_edge(host, other, **data)
    H.remove_node(node)


def drop_ties(
    G: nx.Graph,
    rng: np.random.Generator,
    *,
    around: Hashable | None = None,
    partner_helix: str | list[str] | None = None,
    partner_kind: str | list[str] | None = None,
    partner_sme: bool | None = None,
    relation: str | None = None,
    facilitated_by: Hashable | None = None,
    shares: "pd.DataFrame | None" = None,
    retention: float = 1.0,
) -> nx.Graph:
    """A copy of ``G`` in which each matching tie survives with probability ``retention``.

    A tie matches when all given conditions hold:

    - ``around``: the tie touches this node; the *partner* is its other end. Without
      ``around`` a tie matches when either end satisfies the partner conditions;
    - ``partner_helix`` / ``partner_kind`` / ``partner_sme``: the partner's attributes
      (one value or a list);
    - ``relation``: a substring of the tie's ``relation`` (e.g. ``"membership"``);
    - ``facilitated_by``: the tie shares projects that this cluster facilitated (needs
      ``shares`` from :func:`facilitated_share`).

    Each matching tie draws one uniform number (``rng.random``, in ``G.edges`` order of
    the matching ties) and is kept when it is below ``retention``: a Bernoulli trial per
    tie. A lost tie disappears whole, except with ``facilitated_by``: then only its
    facilitated part goes, i.e. ``projects``, ``weight`` and ``newman`` fall by that
    cluster's shared projects and their Newman weight; a tie left with weight 0 disappears
    and one left with no project loses ``"collaboration"`` from its relation.

    ``retention=1`` returns an exact copy of ``G``; ``retention=0`` removes every matching
    tie (or its facilitated part).

    Raises
    ------
    OptionError
        For a retention outside [0, 1], an unknown ``around`` node or helix, or
        ``facilitated_by`` without ``shares``.
    """
    H = G.copy()
    drop_ties_inplace(H, rng, around=around, partner_helix=partner_helix, partner_kind=partner_kind,
                      partner_sme=partner_sme, relation=relation, facilitated_by=facilitated_by,
                      shares=shares, retention=retention)
    return H


def drop_ties_inplace(H: nx.Graph, rng: np.random.Generator, *, around=None, partner_helix=None,
                      partner_kind=None, partner_sme=None, relation=None, facilitated_by=None,
                      shares=None, retention: float = 1.0) -> None:
    """:func:`drop_ties` on ``H`` itself (for callers that copied ``H`` already)."""
    retention = _check_retention(retention)
    partner = {key: value for key, value in
               (("helix", partner_helix), ("kind", partner_kind), ("sme", partner_sme)) if value is not None}
    matched = _matching_ties(H, around, partner, relation)
    if facilitated_by is not None:
        lost_part = _facilitated_parts(H, matched, facilitated_by, shares)
        matched = list(lost_part)
    lost = rng.random(len(matched)) >= retention
    if facilitated_by is None:
        H.remove_edges_from([edge for edge, gone in zip(matched, lost) if gone])
        return
    for edge, gone in zip(matched, lost):
        if gone:
            _subtract(H, edge, *lost_part[edge])


def _matching_ties(G: nx.Graph, around: Hashable | None, partner: dict, relation: str | None) -> list:
    """The ties of ``G`` (as ``(u, v)`` in ``G.edges`` order) that match the conditions."""
    if around is not None:
        _check_nodes(G, [around], "around node")
        edges = [(around, other) for other in G.adj[around] if other != around]
        if partner:
            keep = set(np.asarray(list(G), dtype=object)[node_mask(G, partner, "partner filter")].tolist())
            edges = [(u, v) for u, v in edges if v in keep]
    else:
        edges, source, target = _edge_ends(G)
        if partner:
            mask = node_mask(G, partner, "partner filter")
            hit = mask[source] | mask[target]
            edges = [edge for edge, h in zip(edges, hit) if h]
    if relation is not None:
        edges = [(u, v) for u, v in edges if relation in str(G.edges[u, v].get("relation", ""))]
    return edges


def _facilitated_parts(G: nx.Graph, edges: list, cluster: Hashable, shares: "pd.DataFrame | None") -> dict:
    """``{edge: (projects, newman)}`` facilitated by ``cluster``, for the ``edges`` that have any."""
    if shares is None:
        raise OptionError("facilitated_by needs shares; expected shares=facilitated_share(ds, G)")
    mine = shares[shares["cluster_id"] == cluster]
    table = {frozenset((a, b)): (int(p), float(w))
             for a, b, p, w in mine[["a", "b", "projects", "newman"]].itertuples(index=False)}
    parts = {}
    for edge in edges:
        part = table.get(frozenset(edge))
        if part is not None and part[0] > 0:
            parts[edge] = part
    return parts


def _subtract(H: nx.Graph, edge: tuple, projects: int, newman: float) -> None:
    data = H.edges[edge]
    projects = min(projects, int(data.get("projects", 0)))
    data["projects"] = int(data.get("projects", 0)) - projects
    data["newman"] = max(0.0, float(data.get("newman", 0.0)) - newman)
    data["weight"] = float(data.get("weight", 0.0)) - projects
    if data["projects"] == 0:
        data["newman"] = 0.0
        rest = [r for r in str(data.get("relation", "")).split("+") if r and r != COLLABORATION]
        data["relation"] = "+".join(rest)
    if data["weight"] <= _ZERO:
        H.remove_edge(*edge)


def add_ties(
    G: nx.Graph,
    rng: np.random.Generator,
    *,
    n: int | None,
    between: tuple[NodeFilter | None, NodeFilter | None] = (None, None),
    via: Hashable | None = None,
    weight: float = 1.0,
    relation: str = SCENARIO,
) -> nx.Graph:
    """A copy of ``G`` with ``n`` new ties between random eligible pairs.

    A pair ``{a, b}`` is eligible when ``a`` matches ``between[0]``, ``b`` matches
    ``between[1]`` (see *Node filters* in the module docs), ``a != b``, neither is
    ``via``, and ``G`` has no tie ``a-b``. ``n`` distinct eligible pairs are drawn
    uniformly without replacement (``n=None``: all of them). Each new tie has
    ``weight``, ``projects=0``, ``newman=0`` and ``relation``.

    With ``via`` (a facilitating cluster) each new pair is a facilitated collaboration:
    both ``a`` and ``b`` also become partners of ``via`` -- a new tie ``a-via`` of
    ``weight``, or ``weight`` added to an existing one (its relation then also lists
    ``relation``).

    Raises
    ------
    OptionError
        If fewer than ``n`` pairs are eligible, ``n`` is negative, ``weight`` is not
        positive, or a filter or ``via`` is invalid.
    """
    H = G.copy()
    add_ties_inplace(H, rng, n=n, between=between, via=via, weight=weight, relation=relation)
    return H


def add_ties_inplace(H: nx.Graph, rng: np.random.Generator, *, n: int | None,
                     between: tuple[NodeFilter | None, NodeFilter | None] = (None, None),
                     via: Hashable | None = None, weight: float = 1.0, relation: str = SCENARIO) -> None:
    """:func:`add_ties` on ``H`` itself (for callers that copied ``H`` already)."""
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0):
        raise OptionError(f"n {n!r} is not a count; expected an integer >= 0")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not np.isfinite(weight) or weight <= 0:
        raise OptionError(f"weight {weight!r} is out of range; expected a positive number")
    if len(between) != 2:
        raise OptionError(f"between has {len(between)} filters; expected two (filter_a, filter_b)")
    if via is not None:
        _check_nodes(H, [via], "via node")
    a_mask = node_mask(H, between[0], "between[0]")
    b_mask = node_mask(H, between[1], "between[1]")
    nodes = list(H)
    if via is not None:
        a_mask[nodes.index(via)] = b_mask[nodes.index(via)] = False
    pairs = _draw_pairs(H, a_mask, b_mask, n, rng)
    for i, j in pairs:
        a, b = nodes[i], nodes[j]
        H.add_edge(a, b, weight=float(weight), projects=0, newman=0.0, relation=relation)
        if via is not None:
            for end in (a, b):
                _strengthen(H, end, via, float(weight), relation)


def _strengthen(H: nx.Graph, u: Hashable, v: Hashable, weight: float, relation: str) -> None:
    if H.has_edge(u, v):
        data = H.edges[u, v]
        data["weight"] = data.get("weight", 0.0) + weight
        data["relation"] = _merge_relation(data.get("relation", ""), relation)
    else:
        H.add_edge(u, v, weight=weight, projects=0, newman=0.0, relation=relation)


def eligible_pair_count(G: nx.Graph, a_mask: np.ndarray, b_mask: np.ndarray,
                        ends: tuple[np.ndarray, np.ndarray] | None = None) -> int:
    """Number of unordered non-adjacent pairs ``{a, b}``, ``a != b``, a in A and b in B.

    ``|A||B| - |A∩B| - |A∩B|(|A∩B|-1)/2`` distinct pairs, minus the ties with one end in
    A and the other in B. ``ends`` are ``G``'s edge end positions, if already known.
    """
    both = int((a_mask & b_mask).sum())
    total = int(a_mask.sum()) * int(b_mask.sum()) - both - both * (both - 1) // 2
    source, target = ends if ends is not None else _edge_ends(G)[1:]
    proper = source != target
    s, t = source[proper], target[proper]
    tied = (a_mask[s] & b_mask[t]) | (a_mask[t] & b_mask[s])
    return total - int(tied.sum())


def _draw_pairs(G: nx.Graph, a_mask: np.ndarray, b_mask: np.ndarray, n: int | None,
                rng: np.random.Generator) -> list[tuple[int, int]]:
    """``n`` distinct eligible pairs (node positions, smaller first), drawn uniformly."""
    ends = _edge_ends(G)[1:]
    available = eligible_pair_count(G, a_mask, b_mask, ends)
    if n is None:
        n = available
    if n > available:
        raise OptionError(f"n = {n} new ties asked but only {available} eligible non-adjacent pairs exist; "
                          "expected n <= the number of eligible pairs")
    if n == 0:
        return []
    a_idx, b_idx = np.flatnonzero(a_mask), np.flatnonzero(b_mask)
    if len(a_idx) * len(b_idx) <= ENUMERATE_LIMIT or n > available // 2:
        return _enumerated_pairs(G, a_idx, b_idx, n, rng, _existing_keys(G, *ends))
    return _rejection_pairs(G, a_idx, b_idx, n, rng, _existing_keys(G, *ends))


def _pair_keys(lo: np.ndarray, hi: np.ndarray, size: int) -> np.ndarray:
    return lo.astype(np.int64) * size + hi.astype(np.int64)


def _existing_keys(G: nx.Graph, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    return np.unique(_pair_keys(np.minimum(source, target), np.maximum(source, target), G.number_of_nodes()))


def _enumerated_pairs(G: nx.Graph, a_idx: np.ndarray, b_idx: np.ndarray, n: int,
                      rng: np.random.Generator, existing: np.ndarray) -> list[tuple[int, int]]:
    """List every eligible pair (sorted keys) and choose ``n`` without replacement."""
    size = G.number_of_nodes()
    aa, bb = np.meshgrid(a_idx, b_idx, indexing="ij")
    aa, bb = aa.ravel(), bb.ravel()
    keep = aa != bb
    keys = np.unique(_pair_keys(np.minimum(aa, bb)[keep], np.maximum(aa, bb)[keep], size))
    keys = np.setdiff1d(keys, existing, assume_unique=True)
    chosen = np.sort(rng.choice(len(keys), size=n, replace=False))
    return [(int(k // size), int(k % size)) for k in keys[chosen]]


def _rejection_pairs(G: nx.Graph, a_idx: np.ndarray, b_idx: np.ndarray, n: int,
                     rng: np.random.Generator, existing: np.ndarray) -> list[tuple[int, int]]:
    """Draw random (a, b) in batches, rejecting self, tied and repeated pairs.

    Uniform over eligible unordered pairs when A and B are disjoint; a pair inside
    ``A∩B`` can be reached two ways, so it is accepted with probability 1/2 per draw.
    """
    size = G.number_of_nodes()
    in_a = np.zeros(size, dtype=bool)
    in_a[a_idx] = True
    in_b = np.zeros(size, dtype=bool)
    in_b[b_idx] = True
    chosen: list[int] = []
    seen: set[int] = set()
    while len(chosen) < n:
        batch = 2 * (n - len(chosen)) + 64
        a = a_idx[rng.integers(len(a_idx), size=batch)]
        b = b_idx[rng.integers(len(b_idx), size=batch)]
        coin = rng.random(batch)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keys = _pair_keys(lo, hi, size)
        twice = in_a[a] & in_b[a] & in_a[b] & in_b[b]
        ok = (a != b) & ~np.isin(keys, existing) & (~twice | (coin < 0.5))
        for key in keys[ok].tolist():
            if key not in seen:
                seen.add(key)
                chosen.append(key)
                if len(chosen) == n:
                    break
    return [(k // size, k % size) for k in sorted(chosen)]


def relabel(G: nx.Graph, nodes: Iterable[Hashable] | Hashable, **attributes: Any) -> nx.Graph:
    """A copy of ``G`` in which ``nodes`` take the given attributes.

    Allowed attributes: ``helix`` (one of :data:`helixnet.schema.HELICES`), ``kind``,
    ``sme`` (bool), ``name``, ``is_cluster`` (bool). When ``helix`` or ``kind`` changes
    and ``is_cluster`` is not given, ``is_cluster`` follows the graph's rule
    (``helix == "intermediair" and kind == "cluster"``).

    Raises
    ------
    OptionError
        For an unknown node, attribute or helix, or a non-boolean flag.
    """
    H = G.copy()
    relabel_inplace(H, nodes, **attributes)
    return H


def relabel_inplace(H: nx.Graph, nodes: Iterable[Hashable] | Hashable, **attributes: Any) -> None:
    """:func:`relabel` on ``H`` itself (for callers that copied ``H`` already)."""
    nodes = _check_nodes(H, nodes)
    unknown = [key for key in attributes if key not in RELABEL_KEYS]
    if unknown:
        raise OptionError(f"attribute {unknown[0]!r} cannot be relabelled; expected one of {', '.join(RELABEL_KEYS)}")
    check_filter({k: v for k, v in attributes.items() if k in ("helix", "sme", "is_cluster")}, "relabel")
    if not attributes:
        raise OptionError("relabel needs at least one attribute; expected e.g. helix='kennisinstelling'")
    for node in nodes:
        data = H.nodes[node]
        data.update(attributes)
        if ("helix" in attributes or "kind" in attributes) and "is_cluster" not in attributes:
            data["is_cluster"] = data.get("helix") == "intermediair" and data.get("kind") == "cluster"


# --------------------------------------------------------------------------- data
def facilitated_share(ds: "Dataset", G: nx.Graph) -> "pd.DataFrame":
    """For each tie of ``G``, how many of its shared projects each cluster facilitated.

    A project is facilitated by the cluster in its ``cluster_id`` column. Projects are
    taken in the window ``G.graph["start_year"]..G.graph["end_year"]`` (the whole dataset,
    projects without start year included, when the window equals ``ds.years``, as
    :func:`~helixnet.graph.collaboration_graph` does with no window), and the pairs are
    counted with :func:`~helixnet.graph.shared_project_pairs` per cluster.

    Returns
    -------
    pandas.DataFrame
        Columns ``a, b`` (a < b, a tie of ``G``), ``cluster_id``, ``projects`` (shared
        projects that cluster facilitated, > 0) and ``newman`` (their Newman weight);
        one row per tie and facilitating cluster, sorted by ``a, b, cluster_id``.
    """
    import pandas as pd

    from helixnet.graph import projects_in_window, shared_project_pairs

    start, end = G.graph.get("start_year"), G.graph.get("end_year")
    if (start, end) == tuple(ds.years):
        start = end = None
    projects = projects_in_window(ds, start, end)
    projects = projects[projects["cluster_id"].notna()]
    frames = []
    for cluster, group in projects.groupby("cluster_id", sort=True):
        pairs = shared_project_pairs(ds, group.index)
        if not pairs.empty:
            frames.append(pairs.assign(cluster_id=cluster))
    columns = ["a", "b", "cluster_id", "projects", "newman"]
    if not frames:
        return pd.DataFrame({"a": [], "b": [], "cluster_id": [], "projects": pd.Series([], dtype="int64"),
                             "newman": pd.Series([], dtype="float64")})[columns]
    table = pd.concat(frames, ignore_index=True)[columns]
    is_tie = np.fromiter((G.has_edge(a, b) for a, b in zip(table["a"], table["b"])), dtype=bool, count=len(table))
    table = table[is_tie].astype({"projects": "int64", "newman": "float64"})
    return table.sort_values(["a", "b", "cluster_id"], ignore_index=True)
