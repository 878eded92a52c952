"""Which organisations a map draws: the whole network, a cluster's ego network, and the
deterministic reduction of networks too big to draw.

A map above ``max_nodes`` keeps the most important organisations (every cluster first,
then by the size metric, then by degree, then by id) and drops the rest; the page then
says how many organisations and links were left out, per helix, and each kept
organisation's tooltip says how many of its partners are not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

#: Default largest number of organisations a map draws (vis-network stays fluid below it).
DEFAULT_MAX_NODES = 2000


@dataclass
class MapSelection:
    """The part of a graph a map draws, and what was left out.

    ``graph`` is the induced subgraph drawn; ``focus`` the focal cluster of a focus map
    (else None) and ``distance`` every drawn node's hop distance from it; ``depth`` the
    focus depth. ``omitted_by_helix`` counts the organisations of the source (the whole
    graph, or the ego network for a focus map) that were not drawn, ``omitted_edges`` its
    links with at least one end not drawn, and ``hidden_partners`` the partners of each
    drawn node (in the whole graph) that the map does not show.
    """

    graph: "nx.Graph"
    source_nodes: int
    source_edges: int
    focus: Any = None
    depth: int = 0
    distance: dict[Any, int] = field(default_factory=dict)
    omitted_by_helix: dict[str, int] = field(default_factory=dict)
    omitted_edges: int = 0
    hidden_partners: dict[Any, int] = field(default_factory=dict)

    @property
    def omitted_nodes(self) -> int:
        """How many organisations of the source were not drawn."""
        return sum(self.omitted_by_helix.values())

    @property
    def reduced(self) -> bool:
        """Whether organisations were left out to respect the node limit."""
        return self.omitted_nodes > 0


def cluster_ids(G: "nx.Graph") -> list:
    """The cluster organisations of ``G`` (``is_cluster``), in graph order."""
    return [node for node, is_cluster in G.nodes(data="is_cluster") if is_cluster]


def select_for_map(
    G: "nx.Graph",
    metrics: "pd.DataFrame",
    size_by: str,
    cluster: Any = None,
    depth: int = 1,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> MapSelection:
    """Choose the organisations a map draws.

    Without ``cluster``: the whole graph, reduced to ``max_nodes`` (clusters first, then by
    ``metrics[size_by]`` descending, then degree, then id). With ``cluster``: the cluster's
    ego network to ``depth`` hops, reduced by distance first (nearest kept), then the same
    order. ``max_nodes=None`` draws everything.

    Raises
    ------
    OptionError
        If ``cluster`` is not a cluster organisation of ``G``, ``depth`` < 1 or
        ``max_nodes`` < 1.
    """
    import networkx as nx

    if max_nodes is not None and max_nodes < 1:
        raise OptionError(f"max_nodes is {max_nodes}; expected a positive number of organisations")
    distance: dict[Any, int] = {}
    if cluster is not None:
        focus = _resolve_cluster(G, cluster)
        if depth < 1:
            raise OptionError(f"depth is {depth}; expected 1 or more hops from the cluster")
        distance = nx.single_source_shortest_path_length(G, focus, cutoff=depth)
        source = G.subgraph(distance)
    else:
        focus, depth, source = None, 0, G
    ranked = _ranking(source, metrics, size_by, distance)
    keep = ranked if max_nodes is None else ranked[:max_nodes]
    drawn = induced_copy(G, keep)
    omitted_by_helix: dict[str, int] = {}
    for node in ranked[len(keep):]:
        helix = str(G.nodes[node].get("helix"))
        omitted_by_helix[helix] = omitted_by_helix.get(helix, 0) + 1
    hidden = {node: G.degree(node) - drawn.degree(node) for node in keep}
    source_edges = drawn.number_of_edges() if len(keep) == len(ranked) else induced_copy(G, ranked).number_of_edges()
    return MapSelection(
        graph=drawn,
        source_nodes=len(ranked),
        source_edges=source_edges,
        focus=focus,
        depth=depth,
        distance={node: distance[node] for node in keep} if distance else {},
        omitted_by_helix=omitted_by_helix,
        omitted_edges=source_edges - drawn.number_of_edges(),
        hidden_partners=hidden,
    )


def induced_copy(G: "nx.Graph", nodes: list) -> "nx.Graph":
    """The subgraph of ``G`` induced by ``nodes`` as a graph of its own (attributes copied):
    equal to ``G.subgraph(nodes).copy()``, in the same node and edge order, but it walks
    only the kept nodes' neighbours instead of filtering views of the whole graph."""
    import networkx as nx

    inside = set(nodes)
    ordered = [node for node in G if node in inside]
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from((node, G.nodes[node]) for node in ordered)
    H.add_edges_from((u, v, data) for u in ordered for v, data in G.adj[u].items() if v in inside)
    return H


def _resolve_cluster(G: "nx.Graph", cluster: Any) -> Any:
    """The node of ``cluster`` (matched by id, or as text against ids), or an OptionError."""
    clusters = cluster_ids(G)
    if cluster in clusters:
        return cluster
    by_text = {str(node): node for node in clusters}
    if str(cluster) in by_text:
        return by_text[str(cluster)]
    listing = ", ".join(f"{node} ({G.nodes[node].get('name', node)})" for node in clusters) or "(none in this data)"
    raise OptionError(f"unknown cluster {cluster!r}; expected one of: {listing}")


def _ranking(G: "nx.Graph", metrics: "pd.DataFrame", size_by: str, distance: dict) -> list:
    """Nodes of ``G``, most important first (distance, cluster, size metric, degree, id)."""
    import math

    values = (metrics[size_by].reindex(list(G.nodes)).astype(float).tolist() if size_by in metrics
              else [float("nan")] * G.number_of_nodes())

    def key(item: tuple[int, Any]) -> tuple:
        i, node = item
        value = values[i]
        return (
            distance.get(node, 0),
            not bool(G.nodes[node].get("is_cluster", False)),
            -value if not math.isnan(value) else math.inf,
            -G.degree(node),
            str(node),
        )

    return [node for _, node in sorted(enumerate(G.nodes), key=key)]
