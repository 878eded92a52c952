"""All metrics as tables: one row per organisation, per cluster, and for the network.

These tables are what ``helixnet metrics`` writes and what the map and report show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.metrics.catalogue import MEASURES
from helixnet.schema import HELICES

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset
    from helixnet.metrics.brokerage import BrokerageResult

#: Node attributes copied into the organisation table, in order.
ATTRIBUTES = ("name", "helix", "kind", "sme", "is_cluster")

#: Metric columns of the organisation table, in catalogue order (see
#: :mod:`helixnet.metrics.catalogue` for each one's definition and reading guide).
METRICS: tuple[str, ...] = tuple(m.column for m in MEASURES)


def organisation_metrics(G: "nx.Graph", brokerage_result: "BrokerageResult | None" = None) -> "pd.DataFrame":
    """Every organisation-level measure of the collaboration graph ``G``.

    Returns a DataFrame indexed by organisation id with the node attributes
    :data:`ATTRIBUTES` followed by the measures :data:`METRICS`. Pass a precomputed
    :func:`~helixnet.metrics.brokerage.brokerage` result to avoid computing it twice.
    """
    import pandas as pd

    from helixnet.metrics import bridging, brokerage, centrality, mixing, structural_holes

    index = pd.Index(list(G.nodes), name="id")
    table = pd.DataFrame({attr: [G.nodes[n].get(attr) for n in G.nodes] for attr in ATTRIBUTES}, index=index)
    result = brokerage_result if brokerage_result is not None else brokerage.brokerage(G, attr="helix")
    between = centrality.betweenness(G)
    parts = [
        centrality.degree(G),
        centrality.strength(G, weight="weight"),
        between,
        centrality.closeness(G),
        centrality.harmonic_closeness(G),
        centrality.eigenvector(G),
        centrality.pagerank(G, weight="weight"),
        structural_holes.structural_holes(G),
        mixing.participation_coefficient(G).rename("participation"),
        mixing.participation_coefficient(G, normalized=True).rename("participation_norm"),
        mixing.participation_coefficient(G, weight="weight").rename("participation_weighted"),
        mixing.ei_index(G).rename("ei_index"),
        mixing.helix_reach(G),
        bridging.cross_helix_betweenness(G).rename("cross_helix_betweenness"),
        bridging.cross_helix_betweenness(G, pairs=("bedrijf", "kennisinstelling")).rename("company_knowledge_betweenness"),
        bridging.cross_helix_betweenness(G, pairs="sme-knowledge").rename("sme_knowledge_betweenness"),
        bridging.bridging_centrality(G, betweenness_values=between),
        bridging.partner_concentration(G),
        result.to_frame(),
    ]
    table = pd.concat([table, *(part.to_frame() if isinstance(part, pd.Series) else part for part in parts)], axis=1)
    table.index.name = "id"
    return table[[*ATTRIBUTES, *METRICS]]


def cluster_metrics(G: "nx.Graph", org_metrics: "pd.DataFrame", ds: "Dataset") -> "pd.DataFrame":
    """The cluster organisations' connector profile.

    For each cluster: every measure from ``org_metrics`` followed by its percentile among
    all organisations (``<metric>_pct``: the percentage of organisations with a value at
    most the cluster's, ties at their average rank, missing values left out), the helix mix of its direct partners
    (``partners_<helix>`` counts, ``share_<helix>`` shares), SME partners, the projects it
    facilitated and took part in within the graph's window, and its members.
    """
    import pandas as pd

    from helixnet.graph import projects_in_window, ties_in_window

    clusters = org_metrics.index[org_metrics["is_cluster"].astype(bool)]
    table = org_metrics.loc[clusters, ["name"]].copy()
    for metric in METRICS:
        table[metric] = org_metrics.loc[clusters, metric]
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


def brokerage_global_table(result: "BrokerageResult") -> "pd.DataFrame":
    """Graph-level brokerage: one row per role, columns raw, expected, sd and z."""
    import pandas as pd

    frame = pd.DataFrame({"raw": result.global_raw, "expected": result.global_expected,
                          "sd": result.global_sd, "z": result.global_z})
    frame.index.name = "role"
    return frame


def network_summary(G: "nx.Graph", ds: "Dataset", synergy: "pd.DataFrame | None" = None) -> "pd.Series":
    """Size, density, components, composition and helix mixing of the collaboration graph ``G``.

    With ``synergy`` (from :func:`helixnet.metrics.synergy.synergy_table`), the network's
    Leydesdorff T in three and four dimensions is included (``T_UIG``, ``T_UIGC``, bits).
    """
    import networkx as nx
    import pandas as pd

    from helixnet.graph import projects_in_window
    from helixnet.metrics.mixing import ei_index_global

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
        "ei_index": ei_index_global(G, attr="helix"),
    }
    if synergy is not None:
        values["T_UIG"] = float(synergy.loc[("network", "all"), "T_UIG"])
        values["T_UIGC"] = float(synergy.loc[("network", "all"), "T_UIGC"])
    return pd.Series(values, name="value", dtype=object)
