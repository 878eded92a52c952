"""Graphs built from a :class:`~helixnet.io.loader.Dataset`.

- :func:`two_mode_graph`: organisations and projects, one edge per participation.
- :func:`collaboration_graph`: organisations only, linked when they share a project or a
  direct tie (cluster membership, ...).

The projection to organisation pairs grows with the square of project sizes, so it is
bounded by an edge budget (:func:`edge_budget`: ``--max-edges``, ``HELIXNET_MAX_EDGES`` or
:data:`DEFAULT_MAX_EDGES`), checked before anything is built.

Time windows select projects by **start year** (``start_year <= start <= end_year``) and
ties whose ``[start_year, end_year]`` span overlaps the window (open ends count as open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.errors import LimitError, OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

#: Prefix of project node ids in the two-mode graph, so they never clash with organisation ids.
PROJECT_PREFIX = "project:"
#: The ``relation`` of an edge that comes from shared projects.
COLLABORATION = "collaboration"
#: Default edge budget of the collaboration graph: 25 times the projection bound of all of
#: Horizon 2020 (1.09 million pairs; about 1 kB of memory per edge once built).
DEFAULT_MAX_EDGES = 20_000_000
#: Environment variable that sets the edge budget (the CLI option ``--max-edges`` wins).
MAX_EDGES_ENV = "HELIXNET_MAX_EDGES"

_budget_override: int | None = None


def set_edge_budget(max_edges: int | None) -> None:
    """Set the edge budget for this process (None: back to the environment or the default)."""
    global _budget_override
    if max_edges is not None:
        _check_budget(max_edges, "max_edges")
    _budget_override = max_edges


def edge_budget(max_edges: int | None = None) -> int:
    """The edge budget in force: ``max_edges``, else :func:`set_edge_budget`, else the
    environment variable ``HELIXNET_MAX_EDGES``, else :data:`DEFAULT_MAX_EDGES`."""
    if max_edges is not None:
        return _check_budget(max_edges, "max_edges")
    if _budget_override is not None:
        return _budget_override
    from helixnet.limits import env_limit

    return env_limit(MAX_EDGES_ENV, DEFAULT_MAX_EDGES, "edges")


def projection_bound(ds: "Dataset", project_ids) -> "tuple[int, object, int]":
    """Upper bound on the organisation pairs sharing a project among ``project_ids``.

    Returns ``(bound, largest project id, its size)``; the bound is the sum over projects
    of n_p (n_p - 1) / 2, exact when no pair shares two projects.
    """
    parts = ds.participations
    sizes = parts.loc[parts["project_id"].isin(project_ids), "project_id"].value_counts()
    if sizes.empty:
        return 0, None, 0
    counts = sizes.to_numpy().astype("int64")
    return int((counts * (counts - 1) // 2).sum()), sizes.index[0], int(counts[0])


def check_edge_budget(ds: "Dataset", project_ids, max_edges: int | None = None) -> int:
    """Raise :class:`~helixnet.errors.LimitError` when the projection could exceed the budget.

    Returns the bound (see :func:`projection_bound`).
    """
    budget = edge_budget(max_edges)
    bound, largest, size = projection_bound(ds, project_ids)
    if bound > budget:
        raise LimitError(
            f"the collaboration graph would have up to {bound:,} edges (organisation pairs sharing a project; "
            f"the largest project, {str(largest)[:80]!r}, has {size:,} participants), which exceeds the edge "
            f"budget of {budget:,}; expected at most {budget:,} edges: raise the budget with --max-edges N or "
            f"{MAX_EDGES_ENV}=N if the machine has the memory (about 1 kB per edge), or analyse fewer years")
    return bound


def _check_budget(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(f"{name} {value!r}: expected a whole number of edges >= 1")
    return value


def projects_in_window(ds: "Dataset", start_year: int | None = None, end_year: int | None = None) -> "pd.DataFrame":
    """The projects whose start year lies in ``[start_year, end_year]`` (None = open)."""
    _check_window(start_year, end_year)
    starts = ds.projects["start_year"].astype("float64")  # missing start: NaN, outside any bound
    keep = starts.notna() | (start_year is None and end_year is None)
    if start_year is not None:
        keep &= starts >= start_year
    if end_year is not None:
        keep &= starts <= end_year
    return ds.projects[keep]


def dataset_in_window(ds: "Dataset", start_year: int | None = None, end_year: int | None = None) -> "Dataset":
    """A copy of ``ds`` restricted to the projects started in the window and their participations.

    Organisations and ties are kept whole (ties are windowed where graphs are built).
    """
    from dataclasses import replace

    if start_year is None and end_year is None:
        return ds
    projects = projects_in_window(ds, start_year, end_year)
    participations = ds.participations[ds.participations["project_id"].isin(projects.index)]
    return replace(ds, projects=projects, participations=participations)


def ties_in_window(ds: "Dataset", start_year: int | None = None, end_year: int | None = None) -> "pd.DataFrame":
    """The direct ties active at some time in ``[start_year, end_year]``."""
    _check_window(start_year, end_year)
    ties = ds.ties
    keep = ties["source"].notna()
    if end_year is not None:
        keep &= ~(ties["start_year"] > end_year).fillna(False).astype(bool)
    if start_year is not None:
        keep &= ~(ties["end_year"] < start_year).fillna(False).astype(bool)
    return ties[keep]


def two_mode_graph(ds: "Dataset", start_year: int | None = None, end_year: int | None = None) -> "nx.Graph":
    """Organisations and projects as a bipartite graph, one edge per participation.

    Organisation nodes keep their id and have ``bipartite=0``; project nodes are
    ``"project:<id>"`` with ``bipartite=1``. Edges carry ``role`` and ``budget_eur``.
    """
    import networkx as nx

    projects = projects_in_window(ds, start_year, end_year)
    graph = nx.Graph(**_graph_meta(ds, start_year, end_year))
    _add_organisation_nodes(graph, ds, bipartite=0)
    for project_id, row in projects.iterrows():
        attributes = {key: _plain(row[key]) for key in ("title", "programme", "theme", "start_year", "cluster_id")}
        graph.add_node(PROJECT_PREFIX + project_id, bipartite=1, node_type="project",
                       **{key: value for key, value in attributes.items() if value is not None})
    parts = ds.participations[ds.participations["project_id"].isin(projects.index)]
    for project_id, org_id, role, budget in parts[["project_id", "org_id", "role", "budget_eur"]].itertuples(index=False):
        attributes = {"role": _plain(role), "budget_eur": _plain(budget)}
        graph.add_edge(org_id, PROJECT_PREFIX + project_id,
                       **{key: value for key, value in attributes.items() if value is not None})
    return graph


def collaboration_graph(ds: "Dataset", start_year: int | None = None, end_year: int | None = None,
                        max_edges: int | None = None) -> "nx.Graph":
    """Organisations linked by shared projects and direct ties.

    Every organisation is a node (isolated ones included) with attributes ``name, helix,
    kind, sme, is_cluster``. Edge attributes:

    - ``projects``: number of shared projects in the window;
    - ``newman``: Newman's collaboration weight, sum over shared projects of 1/(n_p - 1);
    - ``weight``: ``projects`` plus the weights of direct ties between the pair;
    - ``relation``: ``"collaboration"``, the tie relation(s), or both joined by ``"+"``.

    Raises :class:`~helixnet.errors.LimitError` before building anything when the shared
    projects could give more than the edge budget (``max_edges``, see :func:`edge_budget`).

    References
    ----------
    Newman, M. E. J. (2001). Scientific collaboration networks. II. Physical Review E 64, 016132.
    """
    import networkx as nx

    graph = nx.Graph(**_graph_meta(ds, start_year, end_year))
    _add_organisation_nodes(graph, ds)
    pairs = shared_project_pairs(ds, projects_in_window(ds, start_year, end_year).index, max_edges=max_edges)
    graph.add_edges_from(
        (a, b, {"projects": int(n), "newman": float(w), "weight": float(n), "relation": COLLABORATION})
        for a, b, n, w in pairs.itertuples(index=False)
    )
    for source, target, relation, weight in ties_in_window(ds, start_year, end_year)[
        ["source", "target", "relation", "weight"]
    ].itertuples(index=False):
        if graph.has_edge(source, target):
            data = graph.edges[source, target]
            data["weight"] += float(weight)
            if relation not in data["relation"].split("+"):
                data["relation"] = "+".join(sorted([*data["relation"].split("+"), relation], key=_relation_order))
        else:
            graph.add_edge(source, target, projects=0, newman=0.0, weight=float(weight), relation=relation)
    return graph


def shared_project_pairs(ds: "Dataset", project_ids, max_edges: int | None = None) -> "pd.DataFrame":
    """Pairs of organisations sharing projects among ``project_ids``.

    Returns a DataFrame with columns ``a, b`` (a < b), ``projects`` (count) and ``newman``
    (sum of 1/(n_p - 1)), computed with a vectorised self-join after checking the edge
    budget (:func:`check_edge_budget`).
    """
    import pandas as pd

    check_edge_budget(ds, project_ids, max_edges)

    parts = ds.participations.loc[ds.participations["project_id"].isin(project_ids), ["project_id", "org_id"]]
    sizes = parts.groupby("project_id")["org_id"].transform("size")
    parts = parts.assign(share=1.0 / (sizes - 1).where(sizes > 1))
    joined = parts.merge(parts[["project_id", "org_id"]], on="project_id", suffixes=("_a", "_b"))
    joined = joined[joined["org_id_a"] < joined["org_id_b"]]
    if joined.empty:
        return pd.DataFrame({"a": [], "b": [], "projects": [], "newman": []})
    grouped = joined.groupby(["org_id_a", "org_id_b"], sort=True).agg(projects=("project_id", "size"), newman=("share", "sum"))
    grouped = grouped.reset_index().rename(columns={"org_id_a": "a", "org_id_b": "b"})
    return grouped[["a", "b", "projects", "newman"]]


def _add_organisation_nodes(graph: "nx.Graph", ds: "Dataset", **extra) -> None:
    orgs = ds.organisations
    for org_id, name, helix, kind, sme in orgs[["name", "helix", "kind", "sme"]].itertuples():
        graph.add_node(org_id, node_type="organisation", name=name, helix=helix, kind=kind, sme=bool(sme),
                       is_cluster=(helix == "intermediair" and kind == "cluster"), **extra)


def _graph_meta(ds: "Dataset", start_year: int | None, end_year: int | None) -> dict:
    first, last = ds.years
    return {
        "title": ds.meta.title,
        "source": ds.meta.source,
        "synthetic": ds.meta.synthetic,
        "start_year": start_year if start_year is not None else first,
        "end_year": end_year if end_year is not None else last,
    }


def _check_window(start_year: int | None, end_year: int | None) -> None:
    if start_year is not None and end_year is not None and end_year < start_year:
        raise OptionError(f"end year {end_year} is before start year {start_year}; expected start <= end")


def _relation_order(relation: str) -> tuple[int, str]:
    return (0 if relation == COLLABORATION else 1, relation)


def _plain(value):
    """A pandas scalar as a plain Python value (None for missing) for graph attributes."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value
