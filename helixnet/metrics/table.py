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
    from helixnet.metrics.sampling import Approximation

#: Node attributes copied into the organisation table, in order.
ATTRIBUTES = ("name", "helix", "kind", "sme", "is_cluster")

#: Metric columns of the organisation table, in catalogue order (see
#: :mod:`helixnet.metrics.catalogue` for each one's definition and reading guide).
METRICS: tuple[str, ...] = tuple(m.column for m in MEASURES)


#: The shortest-path columns, computed together by :func:`shortest_path_columns`.
PATH_COLUMNS = (
    "betweenness",
    "closeness",
    "harmonic_closeness",
    "cross_helix_betweenness",
    "company_knowledge_betweenness",
    "sme_knowledge_betweenness",
)

#: The pair sets of the cross-helix betweenness columns (``pairs`` of
#: :func:`helixnet.metrics.bridging.cross_helix_betweenness`).
CROSS_HELIX_PAIRS = {
    "cross_helix_betweenness": "different",
    "company_knowledge_betweenness": ("bedrijf", "kennisinstelling"),
    "sme_knowledge_betweenness": "sme-knowledge",
}

#: Columns added to the organisation and cluster tables of an approximate run: the
#: error bound of its sampled betweenness columns (see :mod:`helixnet.metrics.sampling`).
APPROXIMATION_COLUMNS = ("approx_epsilon", "approx_delta")


def organisation_metrics(
    G: "nx.Graph",
    brokerage_result: "BrokerageResult | None" = None,
    *,
    approximate: "Approximation | None" = None,
    progress: bool = False,
) -> "pd.DataFrame":
    """Every organisation-level measure of the collaboration graph ``G``.

    Returns a DataFrame indexed by organisation id with the node attributes
    :data:`ATTRIBUTES` followed by the measures :data:`METRICS`. Pass a precomputed
    :func:`~helixnet.metrics.brokerage.brokerage` result to avoid computing it twice.

    The shortest-path measures come from one pass (:func:`shortest_path_columns`). With
    ``approximate`` (an :class:`~helixnet.metrics.sampling.Approximation`), the
    betweenness columns are sampled estimates within ``epsilon`` of the exact values with
    probability at least 1 − ``delta`` (and ``bridging_centrality``, their product with
    the bridging coefficient, within ``epsilon`` times that coefficient); the table then
    ends with the columns
    :data:`APPROXIMATION_COLUMNS` stating that bound on every row. How the columns were
    computed is in ``table.attrs["shortest_paths"]`` (see :func:`network_summary`).
    ``progress`` shows progress bars for the long stages. The graph is converted to arrays
    once for all measures (:func:`~helixnet.metrics._engine.converted_once`).
    """
    from helixnet.metrics._engine import converted_once

    with converted_once(G):
        return _organisation_metrics(G, brokerage_result, approximate, progress)


def _organisation_metrics(G, brokerage_result, approximate, progress) -> "pd.DataFrame":
    import pandas as pd

    from helixnet.metrics import bridging, brokerage, centrality, mixing, structural_holes

    index = pd.Index(list(G.nodes), name="id")
    table = pd.DataFrame({attr: [G.nodes[n].get(attr) for n in G.nodes] for attr in ATTRIBUTES}, index=index)
    result = brokerage_result if brokerage_result is not None else brokerage.brokerage(G, attr="helix")
    path_table, method = shortest_path_columns(G, approximate=approximate, progress=progress)
    parts = [
        centrality.degree(G),
        centrality.strength(G, weight="weight"),
        path_table,
        centrality.eigenvector(G),
        centrality.pagerank(G, weight="weight"),
        structural_holes.structural_holes(G, progress=progress),
        mixing.participation_coefficient(G).rename("participation"),
        mixing.participation_coefficient(G, normalized=True).rename("participation_norm"),
        mixing.participation_coefficient(G, weight="weight").rename("participation_weighted"),
        mixing.ei_index(G).rename("ei_index"),
        mixing.helix_reach(G),
        bridging.bridging_centrality(G, betweenness_values=path_table["betweenness"]),
        bridging.partner_concentration(G),
        result.to_frame(),
    ]
    table = pd.concat([table, *(part.to_frame() if isinstance(part, pd.Series) else part for part in parts)], axis=1)
    table.index.name = "id"
    columns = [*ATTRIBUTES, *METRICS]
    if approximate is not None:
        table["approx_epsilon"] = float(approximate.epsilon)
        table["approx_delta"] = float(approximate.delta)
        columns += APPROXIMATION_COLUMNS
    table = table[columns]
    table.attrs["shortest_paths"] = method
    return table


#: How many sampled paths cost about as much as one exact search: measured on the default
#: data (1,090 organisations, 25k edges, 2 cores), 27,179 samples took 2.0 s and the exact
#: measures (1,090 searches) 14.8 s, about 180 samples per search; 100 leans to exact.
SAMPLES_PER_EXACT_SEARCH = 100


def shortest_path_columns(
    G: "nx.Graph", approximate: "Approximation | None" = None, progress: bool = False
) -> "tuple[pd.DataFrame, dict]":
    """The :data:`PATH_COLUMNS` of ``G`` and a description of how they were computed.

    Exact by default: igraph on small graphs, and on graphs with n·m ≥
    :data:`~helixnet.metrics.paths.COMPILED_MIN_WORK` one compiled pass that shares
    every shortest path between the six measures (:mod:`helixnet.metrics.paths`). With
    ``approximate``, betweenness and the cross-helix measures are Riondato–Kornaropoulos
    estimates (:mod:`helixnet.metrics.sampling`) and closeness stays exact (bit-parallel
    searches). The description is a dict of ``network.csv`` rows: ``betweenness_method``
    and, for an approximate run, ``betweenness_epsilon``, ``betweenness_delta``,
    ``betweenness_seed``, ``betweenness_vertex_diameter_bound`` and
    ``<column>_samples`` per sampled column.

    When the requested accuracy needs more samples (all measures together) than
    :data:`SAMPLES_PER_EXACT_SEARCH` times the number of organisations (the exact measures
    cost one search per organisation), the exact values are computed instead, decided
    before any sampling, and ``betweenness_method`` says so (``exact (cheaper than the N
    samples asked for)``); exact values meet any error bound.
    """
    import numpy as np
    import pandas as pd

    from helixnet.metrics import bridging, centrality, paths
    from helixnet.metrics._engine import node_series

    n = G.number_of_nodes()
    pair_sets = {"betweenness": (paths.all_pairs(n), np.full(n, float(max(n - 1, 0) * max(n - 2, 0))))}
    group = None
    for name, pairs in CROSS_HELIX_PAIRS.items():
        pair_set, codes, eligible = bridging.cross_helix_pairs(G, "helix", pairs)
        pair_sets[name] = (pair_set, eligible)
        group = codes if codes is not None else group
    exact = {"betweenness_method": "exact"}
    if approximate is not None:
        from helixnet.metrics.sampling import planned_samples

        planned = sum(planned_samples(G, pair_sets, group, approximate).values())
        if planned > SAMPLES_PER_EXACT_SEARCH * n:
            exact = {"betweenness_method": f"exact (cheaper than the {planned:.3g} samples asked for)"}
            approximate = None
    if approximate is None and not paths.use_compiled(G):
        between = centrality.betweenness(G)
        columns = [between, centrality.closeness(G), centrality.harmonic_closeness(G)]
        columns += [bridging.cross_helix_betweenness(G, pairs=pairs).rename(name)
                    for name, pairs in CROSS_HELIX_PAIRS.items()]
        return pd.concat(columns, axis=1), exact
    values = {}
    if approximate is None:
        counts = paths.shortest_path_counts(G, {k: p for k, (p, _) in pair_sets.items()}, group=group,
                                            progress=progress)
        values["betweenness"] = paths.betweenness_values(counts, "betweenness")
        for name in CROSS_HELIX_PAIRS:
            values[name] = bridging.normalise_cross_helix(counts.dependency[name] / 2.0, pair_sets[name][1])
        method = exact
    else:
        from helixnet.metrics.sampling import sampled_betweenness

        counts = paths.distance_counts(G, progress=progress)
        sampled = sampled_betweenness(G, pair_sets, group, approximate, progress=progress)
        values.update({name: result.values for name, result in sampled.items()})
        method = {
            "betweenness_method": "sampled (Riondato-Kornaropoulos)",
            "betweenness_epsilon": float(approximate.epsilon),
            "betweenness_delta": float(approximate.delta),
            "betweenness_seed": int(approximate.seed),
            "betweenness_vertex_diameter_bound": int(sampled["betweenness"].vertex_diameter),
            **{f"{name}_samples": int(result.samples) for name, result in sampled.items()},
        }
    values["closeness"] = paths.closeness_values(counts)
    values["harmonic_closeness"] = paths.harmonic_values(counts)
    frame = pd.concat([node_series(G, values[name], name) for name in PATH_COLUMNS], axis=1)
    return frame, method


def cluster_metrics(G: "nx.Graph", org_metrics: "pd.DataFrame", ds: "Dataset") -> "pd.DataFrame":
    """The cluster organisations' connector profile.

    For each cluster: every measure from ``org_metrics`` followed by its percentile among
    all organisations (``<metric>_pct``: the percentage of organisations with a value at
    most the cluster's, ties at their average rank, missing values left out; not for sna's
    z-scores, whose percentile repeats the raw count's), the helix mix of its direct partners
    (``partners_<helix>`` counts, ``share_<helix>`` shares), SME partners, the projects it
    facilitated and took part in within the graph's window, and its members; the
    :data:`APPROXIMATION_COLUMNS` last when ``org_metrics`` has them.
    """
    import pandas as pd

    from helixnet.graph import projects_in_window, ties_in_window

    clusters = org_metrics.index[org_metrics["is_cluster"].astype(bool)]
    table = org_metrics.loc[clusters, ["name"]].copy()
    for metric in METRICS:
        table[metric] = org_metrics.loc[clusters, metric]
        if metric.endswith("_z"):  # a percentile of sna's z repeats the raw count's: left out
            continue
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
    for column in APPROXIMATION_COLUMNS:
        if column in org_metrics.columns:
            table[column] = org_metrics.loc[clusters, column]
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


def network_summary(G: "nx.Graph", ds: "Dataset", synergy: "pd.DataFrame | None" = None,
                    shortest_paths: dict | None = None) -> "pd.Series":
    """Size, density, components, composition and helix mixing of the collaboration graph ``G``.

    With ``synergy`` (from :func:`helixnet.metrics.synergy.synergy_table`), the network's
    Leydesdorff T in three and four dimensions is included (``T_UIG``, ``T_UIGC``, bits).
    With ``shortest_paths`` (``attrs["shortest_paths"]`` of :func:`organisation_metrics`),
    how the betweenness columns were computed: ``betweenness_method`` (``exact`` or
    sampled) and, for sampled values, their error bound, confidence, seed and samples.
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
    if shortest_paths:
        values.update(shortest_paths)
    return pd.Series(values, name="value", dtype=object)
