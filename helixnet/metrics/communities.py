"""Collaboration communities and the clusters that serve them (candidate missing themes).

:func:`detect_communities` partitions any collaboration graph with the Leiden algorithm
(modularity objective; Louvain on request), seeded and run on igraph so that it scales to
the whole of Horizon 2020. :func:`ecosystem_communities` runs it on the ecosystem *without*
the cluster organisations (a cluster's membership ties would otherwise pull its members
into one community around it, so the partition would say more about the clusters than
about who collaborates with whom), and :func:`community_profile` then describes each
community: size, helix mix, SMEs, dominant project themes, and how far the clusters reach
into it. Which communities are candidate missing themes is decided as for the themes, on
the communities' projects (:func:`helixnet.metrics.themes.portfolio_analysis`, applied by
:func:`helixnet.analysis.detect_communities` to the consensus partition of
:mod:`helixnet.metrics.consensus`).

References
----------
Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
communities in large networks. *J. Stat. Mech.* P10008.
Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
well-connected communities. *Scientific Reports* 9, 5233.
Newman, M. E. J. (2006). Modularity and community structure in networks. *PNAS* 103(23),
8577-8582.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.schema import HELICES

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

__all__ = ["detect_communities", "ecosystem_communities", "community_profile", "modularity"]

#: Community detection methods: Leiden (modularity objective) and Louvain (multilevel).
METHODS = ("leiden", "louvain")

#: How many themes a community profile names.
TOP_THEMES = 3


def detect_communities(G: "nx.Graph", method: str = "leiden", resolution: float = 1.0,
                       weight: str | None = "weight", seed: int = 0) -> "pd.Series":
    """Partition ``G`` into communities that maximise modularity.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph (e.g. :func:`helixnet.collaboration_graph`).
    method : {"leiden", "louvain"}
        Leiden (Traag et al. 2019, modularity objective, iterated until stable) or Louvain
        (Blondel et al. 2008, igraph's multilevel).
    resolution : float
        Resolution of the modularity (> 0; higher = more, smaller communities).
    weight : str or None
        Edge attribute used as tie strength (missing = 1); None for unweighted.
    seed : int
        Seed of the algorithm's random choices: the same seed gives the same partition.

    Returns
    -------
    pandas.Series
        Community number per node (index = ``G.nodes``, name ``community``), numbered
        1, 2, ... by decreasing size (ties: the community holding the earliest node first).
        An isolated node is a community of its own. ``.attrs["modularity"]`` holds the
        partition's modularity (see :func:`modularity`).

    Raises
    ------
    OptionError
        For an unknown method or a resolution that is not positive.
    """
    from helixnet.metrics._engine import edge_arrays

    _check_options(method, resolution)
    nodes = list(G)
    source, target, weights = edge_arrays(G, weight)
    membership, quality = _partition(len(nodes), source, target, weights if weight is not None else None,
                                     method, resolution, seed)
    return _labels(membership, nodes, quality)


def _check_options(method: str, resolution: float) -> None:
    if method not in METHODS:
        raise OptionError(f"community method {method!r} is not supported; expected one of {', '.join(METHODS)}")
    if not resolution > 0:
        raise OptionError(f"community resolution must be positive, got {resolution!r}")


def _partition(n: int, source, target, weights, method: str, resolution: float, seed: int) -> tuple[list[int], float]:
    """Membership list and modularity of the igraph partition of the graph given by its edge arrays."""
    import random

    import igraph

    if n == 0:
        return [], 0.0
    g = igraph.Graph(n=n, edges=list(zip(source.tolist(), target.tolist())), directed=False)
    if weights is not None:
        g.es["weight"] = weights.tolist()
    weight = "weight" if weights is not None else None
    # igraph draws from one global generator: seed it for this call, then give it back
    igraph.set_random_number_generator(random.Random(seed))
    try:
        if method == "leiden":
            partition = g.community_leiden(objective_function="modularity", weights=weight, resolution=resolution,
                                           n_iterations=-1)
        else:
            partition = g.community_multilevel(weights=weight, resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
    quality = g.modularity(partition.membership, weights=weight, resolution=resolution) if g.ecount() else 0.0
    return list(partition.membership), float(quality)


def _labels(membership: list[int], nodes: list, quality: float) -> "pd.Series":
    import pandas as pd

    labels = _renumber(pd.Series(membership, index=pd.Index(nodes, tupleize_cols=False, dtype=object),
                                 name="community", dtype="int64"))
    labels.attrs["modularity"] = quality  # of this partition, at the resolution it was found with
    return labels


def _renumber(labels: "pd.Series") -> "pd.Series":
    """Labels as 1..k by decreasing community size; ties by the first node's position."""
    import numpy as np

    sizes: dict[object, int] = {}
    first: dict[object, int] = {}
    for position, label in enumerate(labels.tolist()):
        sizes[label] = sizes.get(label, 0) + 1
        first.setdefault(label, position)
    order = sorted(sizes, key=lambda label: (-sizes[label], first[label]))
    number = {label: i for i, label in enumerate(order, start=1)}
    return labels.map(number).astype(np.int64).rename("community")


def modularity(G: "nx.Graph", communities: "pd.Series", weight: str | None = "weight",
               resolution: float = 1.0) -> float:
    """Newman's modularity Q of the partition ``communities`` (node -> label) of ``G``.

    Q = Σ_c [L_c / m − γ (d_c / 2m)²], L_c the (weighted) edges inside community c, d_c the
    sum of its degrees, m the total edge weight and γ the resolution (Newman 2006). Equal to
    :func:`networkx.algorithms.community.modularity`; 0 for a graph without edges.
    """
    import numpy as np

    from helixnet.metrics._engine import edge_arrays

    source, target, weights = edge_arrays(G, weight)
    total = float(weights.sum())
    if total == 0:
        return 0.0
    labels = communities.reindex(list(G)).to_numpy()
    inside = float(weights[labels[source] == labels[target]].sum())
    degree: dict[object, float] = {}
    for ends in (source, target):
        for label, w in zip(labels[ends].tolist(), weights.tolist()):
            degree[label] = degree.get(label, 0.0) + w
    spread = np.asarray(list(degree.values()))
    return inside / total - resolution * float(((spread / (2 * total)) ** 2).sum())


def ecosystem_communities(G: "nx.Graph", method: str = "leiden", resolution: float = 1.0,
                          weight: str | None = "weight", seed: int = 0) -> "pd.Series":
    """:func:`detect_communities` on ``G`` without its cluster organisations (``is_cluster``).

    Returns the community number of every organisation that is not a cluster (the same as
    :func:`detect_communities` on the subgraph, computed without building it), with the
    partition's modularity in ``.attrs["modularity"]``.
    """
    import numpy as np

    from helixnet.metrics._engine import edge_arrays

    _check_options(method, resolution)
    nodes = list(G)
    keep = np.array([not G.nodes[n].get("is_cluster") for n in nodes], dtype=bool)
    source, target, weights = edge_arrays(G, weight)  # on G itself: much faster than on a subgraph view
    inside = keep[source] & keep[target]
    position = np.cumsum(keep) - 1  # new position of every kept node
    membership, quality = _partition(int(keep.sum()), position[source[inside]], position[target[inside]],
                                     weights[inside] if weight is not None else None, method, resolution, seed)
    return _labels(membership, [n for n, k in zip(nodes, keep) if k], quality)


def community_profile(G: "nx.Graph", communities: "pd.Series", ds: "Dataset | None" = None,
                      top_themes: int = TOP_THEMES) -> "pd.DataFrame":
    """One row per community: size, helix mix, SMEs, dominant themes and cluster coverage.

    Parameters
    ----------
    G : networkx.Graph
        The full collaboration graph, clusters included (node attributes ``helix``,
        ``sme``, ``is_cluster``, ``name``); the window of its projects is
        ``G.graph["start_year"] .. G.graph["end_year"]``.
    communities : pandas.Series
        Community number per non-cluster organisation (:func:`ecosystem_communities`).
    ds : Dataset, optional
        The dataset, for the projects' themes and facilitating clusters.
    top_themes : int
        How many themes to name per community.

    Returns
    -------
    pandas.DataFrame
        Indexed by community number (``community``), columns: ``size``; ``<helix>``
        (organisations per helix) and ``share_<helix>``; ``sme`` and ``share_sme``;
        ``internal_ties`` (collaboration links inside the community); ``projects`` (projects
        with at least two of its members) and ``share_facilitated`` (of those, the share a
        cluster facilitated); ``themes`` (the ``top_themes`` most frequent project themes of
        its members' participations, ``"theme (n)"`` joined by ``"; "``, empty when the data
        has no themes); ``cluster_tied`` (members with a direct tie to a cluster) and
        ``coverage`` (their share); ``clusters`` (the clusters with ties into the community,
        most ties first, ``"name (n)"``) and ``n_clusters``.
    """
    import numpy as np
    import pandas as pd

    from helixnet.graph import projects_in_window

    members = communities.dropna().astype(np.int64)
    index = pd.Index(sorted(members.unique().tolist()), name="community")
    attrs = pd.DataFrame({"helix": [G.nodes[n].get("helix") for n in members.index],
                          "sme": [bool(G.nodes[n].get("sme")) for n in members.index],
                          "community": members.to_numpy()}, index=members.index)
    table = pd.DataFrame(index=index)
    table["size"] = attrs.groupby("community").size().reindex(index).fillna(0).astype(np.int64)
    for helix in HELICES:
        if helix == "intermediair":
            continue
        count = attrs[attrs["helix"] == helix].groupby("community").size()
        table[helix] = count.reindex(index).fillna(0).astype(np.int64)
    for helix in HELICES:
        if helix in table.columns:
            table[f"share_{helix}"] = table[helix] / table["size"]
    table["sme"] = attrs.groupby("community")["sme"].sum().reindex(index).fillna(0).astype(np.int64)
    table["share_sme"] = table["sme"] / table["size"]

    label = members.to_dict()
    inside: dict[int, int] = {}
    for u, v in G.edges():
        cu, cv = label.get(u), label.get(v)
        if cu is not None and cu == cv:
            inside[cu] = inside.get(cu, 0) + 1
    table["internal_ties"] = pd.Series(inside, dtype="int64").reindex(index).fillna(0).astype(np.int64)

    table["projects"] = 0
    table["share_facilitated"] = np.nan
    table["themes"] = ""
    if ds is not None:
        _add_projects_and_themes(table, members, projects_in_window(ds, G.graph.get("start_year"),
                                                                   G.graph.get("end_year")), ds, top_themes)

    clusters = [n for n, flag in G.nodes(data="is_cluster") if flag]
    tied: set[object] = set()
    reach: dict[int, dict[object, int]] = {}
    for cluster in clusters:
        for partner in G.neighbors(cluster):
            community = label.get(partner)
            if community is None:
                continue
            tied.add(partner)
            reach.setdefault(community, {}).setdefault(cluster, 0)
            reach[community][cluster] += 1
    table["cluster_tied"] = attrs.loc[attrs.index.isin(tied)].groupby("community").size().reindex(
        index).fillna(0).astype(np.int64)
    table["coverage"] = table["cluster_tied"] / table["size"]
    names = {c: str(G.nodes[c].get("name") or c) for c in clusters}
    table["clusters"] = [
        "; ".join(f"{names[c]} ({k})" for c, k in sorted(reach.get(i, {}).items(), key=lambda item: (-item[1],
                                                                                                       names[item[0]])))
        for i in index
    ]
    table["n_clusters"] = [len(reach.get(i, {})) for i in index]
    return table


def _add_projects_and_themes(table: "pd.DataFrame", members: "pd.Series", projects: "pd.DataFrame",
                             ds: "Dataset", top_themes: int) -> None:
    """Fill ``projects``, ``share_facilitated`` and ``themes`` of ``table`` in place."""
    import pandas as pd

    parts = ds.participations[ds.participations["project_id"].isin(projects.index)]
    parts = parts.assign(community=parts["org_id"].map(members)).dropna(subset=["community"])
    if parts.empty:  # e.g. only clusters take part in projects: the defaults (0, NaN, "") stand
        return
    parts["community"] = parts["community"].astype("int64")
    per_project = parts.groupby(["community", "project_id"]).size()
    joint = per_project[per_project >= 2].reset_index()[["community", "project_id"]]
    table["projects"] = joint.groupby("community").size().reindex(table.index).fillna(0).astype("int64")
    facilitated = projects["cluster_id"].reindex(joint["project_id"]).notna().to_numpy()
    share = pd.Series(facilitated, index=joint["community"].to_numpy()).groupby(level=0).mean()
    table["share_facilitated"] = share.reindex(table.index)
    if "theme" not in projects.columns:
        return
    themes = projects["theme"].where(projects["theme"].notna(), None)
    parts = parts.assign(theme=parts["project_id"].map(themes))
    parts = parts[parts["theme"].map(lambda t: isinstance(t, str) and t.strip() != "").astype(bool)]
    if parts.empty:
        return
    counts = parts.groupby(["community", "theme"]).size().reset_index(name="n")
    counts = counts.sort_values(["community", "n", "theme"], ascending=[True, False, True])
    named: dict[int, list[str]] = {}
    for community, theme, n in counts.groupby("community").head(top_themes).itertuples(index=False):
        named.setdefault(community, []).append(f"{theme} ({n})")
    table["themes"] = [("; ".join(named[i]) if i in named else "") for i in table.index]
