"""All metrics as tables: one row per organisation, per cluster, and for the network.

These tables are what ``helixnet metrics`` writes and what the map and report show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.schema import HELICES

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

#: Node attributes copied into the organisation table, in order.
ATTRIBUTES = ("name", "helix", "kind", "sme", "is_cluster")

#: Metric columns of the organisation table, in order; all computed on the collaboration
#: graph (unweighted hops for distances, tie weight for strength and PageRank).
METRICS = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
)

#: Metrics whose percentile among all organisations is shown in the cluster profile.
#: Low constraint is the broker's mark, so its percentile is reported as is (lower = more brokerage).
PERCENTILE_METRICS = ("degree", "betweenness", "closeness", "eigenvector", "pagerank", "constraint", "effective_size")


def organisation_metrics(G: "nx.Graph") -> "pd.DataFrame":
    """Every organisation-level metric of the collaboration graph ``G``.

    Returns a DataFrame indexed by organisation id with the node attributes
    :data:`ATTRIBUTES` followed by the metrics :data:`METRICS`.
    """
    import pandas as pd

    from helixnet.metrics import centrality, structural_holes

    index = pd.Index(list(G.nodes), name="id")
    table = pd.DataFrame({attr: [G.nodes[n].get(attr) for n in G.nodes] for attr in ATTRIBUTES}, index=index)
    table["degree"] = centrality.degree(G)
    table["strength"] = centrality.strength(G, weight="weight")
    table["betweenness"] = centrality.betweenness(G)
    table["closeness"] = centrality.closeness(G)
    table["harmonic_closeness"] = centrality.harmonic_closeness(G)
    table["eigenvector"] = centrality.eigenvector(G)
    table["pagerank"] = centrality.pagerank(G, weight="weight")
    holes = structural_holes.structural_holes(G)
    for column in ("constraint", "effective_size", "efficiency", "hierarchy"):
        table[column] = holes[column]
    return table


def cluster_metrics(G: "nx.Graph", org_metrics: "pd.DataFrame", ds: "Dataset") -> "pd.DataFrame":
    """The cluster organisations' connector profile.

    For each cluster: its metrics from ``org_metrics``, each key metric's percentile among
    all organisations (``<metric>_pct``, 0-100), the helix mix of its direct partners
    (``partners_<helix>`` counts, ``share_<helix>`` shares), SME partners, the projects it
    facilitated and took part in within the graph's window, and its members.
    """
    import pandas as pd

    from helixnet.graph import projects_in_window, ties_in_window

    clusters = org_metrics.index[org_metrics["is_cluster"].astype(bool)]
    table = org_metrics.loc[clusters, ["name", *METRICS]].copy()
    for metric in PERCENTILE_METRICS:
        table[f"{metric}_pct"] = (org_metrics[metric].rank(pct=True) * 100).loc[clusters]
    mix = partner_helix_mix(G, clusters)
    table = table.join(mix)
    projects = projects_in_window(ds, G.graph.get("start_year"), G.graph.get("end_year"))
    facilitated = projects["cluster_id"].value_counts()
    table["projects_facilitated"] = facilitated.reindex(clusters).fillna(0).astype(int)
    parts = ds.participations[ds.participations["project_id"].isin(projects.index)]
    table["projects_joined"] = parts["org_id"].value_counts().reindex(clusters).fillna(0).astype(int)
    ties = ties_in_window(ds, G.graph.get("start_year"), G.graph.get("end_year"))
    members = ties[ties["relation"] == "membership"]
    member_count = pd.concat([members["target"], members["source"]]).value_counts()
    table["members"] = member_count.reindex(clusters).fillna(0).astype(int)
    table.index.name = "id"
    return table


def partner_helix_mix(G: "nx.Graph", nodes) -> "pd.DataFrame":
    """Counts and shares of each node's direct partners by helix, plus SME partners."""
    import pandas as pd

    rows = {}
    for node in nodes:
        partners = [G.nodes[p] for p in G.neighbors(node)]
        total = len(partners)
        row = {f"partners_{h}": sum(p["helix"] == h for p in partners) for h in HELICES}
        row.update({f"share_{h}": (row[f"partners_{h}"] / total if total else float("nan")) for h in HELICES})
        row["partners_sme"] = sum(bool(p.get("sme")) for p in partners)
        row["share_sme"] = row["partners_sme"] / total if total else float("nan")
        rows[node] = row
    columns = [*(f"partners_{h}" for h in HELICES), *(f"share_{h}" for h in HELICES), "partners_sme", "share_sme"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def network_summary(G: "nx.Graph", ds: "Dataset") -> "pd.Series":
    """Size, density, components and composition of the collaboration graph ``G``."""
    import networkx as nx
    import pandas as pd

    from helixnet.graph import projects_in_window

    n = G.number_of_nodes()
    components = sorted((len(c) for c in nx.connected_components(G)), reverse=True)
    giant = components[0] if components else 0
    projects = projects_in_window(ds, G.graph.get("start_year"), G.graph.get("end_year"))
    parts = ds.participations["project_id"].isin(projects.index)
    helix_counts = pd.Series([G.nodes[v]["helix"] for v in G.nodes], dtype=object).value_counts()
    values = {
        "title": G.graph.get("title"),
        "synthetic": bool(G.graph.get("synthetic")),
        "start_year": G.graph.get("start_year"),
        "end_year": G.graph.get("end_year"),
        "organisations": n,
        **{f"organisations_{h}": int(helix_counts.get(h, 0)) for h in HELICES},
        "sme": sum(bool(d.get("sme")) for _, d in G.nodes(data=True)),
        "clusters": sum(bool(d.get("is_cluster")) for _, d in G.nodes(data=True)),
        "projects": len(projects),
        "participations": int(parts.sum()),
        "edges": G.number_of_edges(),
        "density": nx.density(G) if n > 1 else 0.0,
        "mean_degree": 2 * G.number_of_edges() / n if n else 0.0,
        "components": len(components),
        "isolates": sum(1 for c in components if c == 1),
        "giant_component_nodes": giant,
        "giant_share": giant / n if n else 0.0,
    }
    return pd.Series(values, name="value", dtype=object)
