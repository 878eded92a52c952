"""How the clusters' connector role changed over time: measures per window of project start.

:func:`split_periods` cuts the analysed start years into windows of equal length, counted
back from the last year (so the most recent windows are whole; only the earliest may be
shorter, and its length is kept in the table). :func:`cluster_time_series` builds on the
collaboration graph of each window (the projects that started in it, ties active in it)
and measures every cluster on it:

- **rates, not counts**: projects facilitated per year, so windows of unequal length (and
  a cluster founded during a window) compare fairly;
- **collaboration apart from membership**: partners that share a project with the cluster
  in the window, and partners tied to it *only* by a direct tie (an open-ended membership,
  a partnership, a host) are counted apart; the ego measures (participation coefficient,
  top-partner share, E-I index, SME share) use the collaboration ties only;
- **betweenness and brokerage per window** too: each window's graph is built once and
  :func:`helixnet.metrics.centrality.betweenness` and
  :func:`helixnet.metrics.brokerage.brokerage` run on it, as on the whole period;
- **a cluster only from its founding year** (:func:`founding_years`): the data model has no
  founding date, so a cluster is taken to exist from its first year with any activity — the
  start of a project it facilitated or took part in, or the start of a direct tie (a
  membership) of it. Windows that end before it are NaN, never 0;
- **the incomplete last window marked**: ``complete`` is False for a window reaching past
  :func:`helixnet.metrics.themes.last_complete_year` (an export made during a year holds
  only part of that year's projects).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from helixnet.errors import OptionError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

#: Default (largest) number of windows.
N_PERIODS = 5

#: The measures :func:`network_time_series` gives per window, in order.
NETWORK_MEASURES: tuple[str, ...] = ("projects_per_year", "active", "edges", "mean_degree", "cross_helix_share",
                                     "giant_share")

#: The measures :func:`cluster_time_series` gives per cluster and window, in order.
TIME_MEASURES: tuple[str, ...] = ("projects_per_year", "collaboration_partners", "membership_only", "participation",
                                  "top1_share", "ei_index", "share_sme", "betweenness", "liaison")

#: The natural range of the bounded measures (shares in [0, 1], E-I in [-1, 1]); the other
#: measures are counts or rates, bounded below by 0 only. Figures draw these ranges whole,
#: so that a change from 0.97 to 1.0 is not blown up to the full height of a panel.
MEASURE_RANGE: dict[str, tuple[float, float | None]] = {
    "participation": (0.0, 1.0), "top1_share": (0.0, 1.0), "share_sme": (0.0, 1.0), "ei_index": (-1.0, 1.0),
    "cross_helix_share": (0.0, 1.0), "giant_share": (0.0, 1.0),
}


def split_periods(first: int | None, last: int | None, n: int = N_PERIODS) -> list[tuple[int, int]]:
    """``[first, last]`` cut into at most ``n`` consecutive windows of equal length.

    The length is ceil(years / n); windows are counted back from ``last``, so only the
    first (earliest) window can be shorter. A span shorter than ``n`` years gives one window
    per year; no years gives no windows.

    Examples
    --------
    >>> split_periods(2017, 2026, 5)
    [(2017, 2018), (2019, 2020), (2021, 2022), (2023, 2024), (2025, 2026)]
    >>> split_periods(2014, 2026, 4)
    [(2014, 2014), (2015, 2018), (2019, 2022), (2023, 2026)]
    >>> split_periods(2020, 2021, 4)
    [(2020, 2020), (2021, 2021)]
    """
    if n < 1:
        raise OptionError(f"the number of periods must be at least 1, got {n}")
    if first is None or last is None:
        return []
    first, last = int(first), int(last)
    years = last - first + 1
    if years < 1:
        raise OptionError(f"period {first}-{last} is empty; expected first <= last")
    length = math.ceil(years / n)
    periods, end = [], last
    while end >= first:
        periods.append((max(first, end - length + 1), end))
        end -= length
    return periods[::-1]


def founding_years(ds: "Dataset") -> "pd.Series":
    """The first year with any activity of each cluster (the founding year, as the data show it).

    The minimum over the start years of the projects the cluster facilitated
    (``cluster_id``), of the projects it takes part in, and of its direct ties (either end).
    Indexed by cluster id (``ds.clusters`` order), name ``founded``; NaN for a cluster with
    no dated activity (it is then drawn in every window).
    """
    import pandas as pd

    clusters = list(ds.clusters.index)
    projects, parts, ties = ds.projects, ds.participations, ds.ties
    starts = projects["start_year"].astype("float64")
    candidates = [
        pd.Series(starts.to_numpy(), index=projects["cluster_id"].to_numpy()),
        pd.Series(parts["project_id"].map(starts).to_numpy(), index=parts["org_id"].to_numpy()),
        pd.Series(ties["start_year"].astype("float64").to_numpy(), index=ties["source"].to_numpy()),
        pd.Series(ties["start_year"].astype("float64").to_numpy(), index=ties["target"].to_numpy()),
    ]
    years = pd.concat(candidates)
    years = years[years.index.isin(clusters)].dropna()
    return years.groupby(level=0).min().reindex(clusters).rename("founded").rename_axis("cluster")


def period_complete(period: tuple[int, int], last_complete: int | None) -> bool:
    """Whether every year of ``period`` is complete (ends at or before ``last_complete``)."""
    return last_complete is None or period[1] <= last_complete


def period_label(period: tuple[int, int]) -> str:
    """``"2014–2017"`` (en dash), or the single year."""
    start, end = period
    return str(start) if start == end else f"{start}–{end}"


def period_graphs(ds: "Dataset", periods: list[tuple[int, int]]) -> "dict[tuple[int, int], nx.Graph]":
    """The collaboration graph of each period, built once (keyed by ``(start, end)``), for
    :func:`cluster_time_series` and :func:`network_time_series` to share."""
    from helixnet.graph import collaboration_graph

    return {(start, end): collaboration_graph(ds, start, end) for start, end in periods}


def cluster_time_series(ds: "Dataset", periods: list[tuple[int, int]],
                        graphs: "Mapping[tuple[int, int], nx.Graph] | None" = None,
                        founded: "pd.Series | None" = None, last_complete: int | None = None) -> "pd.DataFrame":
    """Each cluster's measures on the collaboration graph of each window (see the module docstring).

    Parameters
    ----------
    ds : Dataset
        The dataset (already restricted to the analysed window, if any).
    periods : list of (int, int)
        Inclusive start-year ranges, e.g. from :func:`split_periods`.
    graphs : mapping, optional
        The windows' collaboration graphs (:func:`period_graphs`); built here when not given.
    founded : pandas.Series, optional
        Founding year per cluster; default :func:`founding_years` of ``ds``.
    last_complete : int, optional
        The last complete start year; default :func:`helixnet.metrics.themes.last_complete_year`.

    Returns
    -------
    pandas.DataFrame
        One row per window and cluster: ``period`` label, ``start_year``, ``end_year``,
        ``years`` (window length), ``complete``, ``cluster`` id, ``name``, ``founded``,
        ``projects_facilitated`` (count), ``partners`` (all neighbours), then
        :data:`TIME_MEASURES`: ``projects_per_year`` (projects facilitated per year of the
        window the cluster existed in), ``collaboration_partners`` (sharing a project in the
        window), ``membership_only`` (tied only by direct ties), ``participation``,
        ``top1_share`` (of shared projects), ``ei_index`` and ``share_sme`` on the
        collaboration ties, ``betweenness`` (normalised, on the window's whole graph as
        :func:`~helixnet.metrics.centrality.betweenness`) and ``liaison`` (Gould-Fernandez
        b_O count, :func:`~helixnet.metrics.brokerage.brokerage` on that graph). Every
        measure is NaN in a window that ends before the cluster's founding year; the shares
        are NaN without collaboration partners. ``.attrs["periods"]`` lists the window
        labels, ``.attrs["incomplete"]`` those of incomplete windows.
    """
    import pandas as pd

    from helixnet.metrics.themes import last_complete_year

    columns = ["period", "start_year", "end_year", "years", "complete", "cluster", "name", "founded",
               "projects_facilitated", "partners", *TIME_MEASURES]
    clusters = list(ds.clusters.index)
    graphs = period_graphs(ds, periods) if graphs is None else graphs
    founded = founding_years(ds) if founded is None else founded
    last_complete = last_complete_year(ds) if last_complete is None else last_complete
    rows = []
    for period in periods:
        measured = _window_measures(ds, graphs[period], period, clusters) if clusters else {}
        for cluster in clusters:
            since = founded.get(cluster, float("nan"))
            row = {"period": period_label(period), "start_year": period[0], "end_year": period[1],
                   "years": period[1] - period[0] + 1, "complete": period_complete(period, last_complete),
                   "cluster": cluster, "name": str(ds.organisations.at[cluster, "name"]), "founded": since}
            if not since > period[1]:  # founded by the end of the window (or no dated activity)
                row.update(measured[cluster])
                start = max(period[0], int(since)) if since == since else period[0]
                row["projects_per_year"] = row["projects_facilitated"] / (period[1] - start + 1)
            rows.append(row)
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["periods"] = [period_label(p) for p in periods]
    table.attrs["incomplete"] = [period_label(p) for p in periods if not period_complete(p, last_complete)]
    return table


def _window_measures(ds: "Dataset", G: "nx.Graph", period: tuple[int, int], clusters: list) -> dict[object, dict]:
    """The measures of every cluster on one window's graph ``G`` (see :func:`cluster_time_series`)."""
    import networkx as nx

    from helixnet.graph import projects_in_window
    from helixnet.metrics.bridging import partner_concentration
    from helixnet.metrics.brokerage import brokerage
    from helixnet.metrics.centrality import betweenness
    from helixnet.metrics.mixing import ei_index, participation_coefficient

    present = [c for c in clusters if c in G]
    ego = nx.Graph()  # the clusters' collaboration ties (shared projects), weighted by shared projects
    ego.add_nodes_from((n, G.nodes[n]) for c in present for n in (c, *G.neighbors(c)))
    ego.add_edges_from((c, p, {"projects": d["projects"]}) for c in present for p, d in G[c].items()
                       if d.get("projects", 0) > 0)
    participation = participation_coefficient(ego)
    top1 = partner_concentration(ego, weight="projects")["top1_share"]
    ei = ei_index(ego)
    between = betweenness(G)
    liaison = brokerage(G, attr="helix").raw["b_O"]
    facilitated = projects_in_window(ds, *period)["cluster_id"].value_counts()
    nan = float("nan")
    measures = {}
    for cluster in clusters:
        partners = list(G.neighbors(cluster)) if cluster in G else []
        collaborators = list(ego.neighbors(cluster)) if cluster in ego else []
        sme = [bool(G.nodes[p].get("sme")) for p in collaborators]
        measures[cluster] = {
            "projects_facilitated": int(facilitated.get(cluster, 0)), "partners": len(partners),
            "collaboration_partners": len(collaborators), "membership_only": len(partners) - len(collaborators),
            "participation": float(participation.get(cluster, nan)) if collaborators else nan,
            "top1_share": float(top1.get(cluster, nan)) if collaborators else nan,
            "ei_index": float(ei.get(cluster, nan)) if collaborators else nan,
            "share_sme": sum(sme) / len(sme) if sme else nan,
            "betweenness": float(between.get(cluster, nan)), "liaison": float(liaison.get(cluster, nan)),
        }
    return measures


def network_time_series(ds: "Dataset", periods: list[tuple[int, int]],
                        graphs: "Mapping[tuple[int, int], nx.Graph] | None" = None,
                        last_complete: int | None = None) -> "pd.DataFrame":
    """The whole network per window of project start.

    One row per window (index: the window label; ``start_year``, ``end_year``, ``years``,
    ``complete``, ``projects``) on the collaboration graph of the projects that started in
    it (and the ties active in it): ``projects_per_year`` started, ``active``
    organisations (with at least one partner), ``edges`` (links), ``mean_degree`` (partners
    per active organisation), ``cross_helix_share`` (the share of links between
    organisations of different helices, (E-I index + 1) / 2) and ``giant_share`` (share of
    the active organisations in the largest connected component). Measures that are
    undefined for a window without links are NaN. ``graphs`` and ``last_complete`` as in
    :func:`cluster_time_series`.
    """
    import networkx as nx
    import pandas as pd

    from helixnet.graph import projects_in_window
    from helixnet.metrics.themes import last_complete_year

    graphs = period_graphs(ds, periods) if graphs is None else graphs
    last_complete = last_complete_year(ds) if last_complete is None else last_complete
    rows = []
    for start, end in periods:
        G = graphs[(start, end)]
        active = [n for n in G if G.degree(n) > 0]
        edges = G.number_of_edges()
        cross = sum(1 for u, v in G.edges() if G.nodes[u].get("helix") != G.nodes[v].get("helix"))
        giant = max((len(c) for c in nx.connected_components(G.subgraph(active))), default=0)
        projects = len(projects_in_window(ds, start, end))
        rows.append({
            "period": period_label((start, end)), "start_year": start, "end_year": end, "years": end - start + 1,
            "complete": period_complete((start, end), last_complete), "projects": projects,
            "projects_per_year": projects / (end - start + 1), "active": len(active), "edges": edges,
            "mean_degree": 2 * edges / len(active) if active else float("nan"),
            "cross_helix_share": cross / edges if edges else float("nan"),
            "giant_share": giant / len(active) if active else float("nan"),
        })
    columns = ["period", "start_year", "end_year", "years", "complete", "projects", *NETWORK_MEASURES]
    return pd.DataFrame(rows, columns=columns).set_index("period")
