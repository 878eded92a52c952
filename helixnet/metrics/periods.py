"""How the clusters' connector role changed over time: measures per period of project start.

:func:`split_periods` cuts the years of the analysed projects into a few periods of equal
length; :func:`cluster_time_series` builds the collaboration graph of each period (the
projects that started in it, ties active in it) and measures every cluster on it. Only
measures that depend on a cluster's own ties are recomputed per period (partners,
participation coefficient, top-partner share, E-I index, SME partners, projects
facilitated), so they are computed on the clusters' ego networks and stay cheap on a
network the size of Horizon 2020; betweenness and brokerage z-scores, which need the
whole graph, are left to the full-period analysis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helixnet.errors import OptionError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

#: Default number of periods.
N_PERIODS = 4

#: The measures :func:`network_time_series` gives per period, in order.
NETWORK_MEASURES: tuple[str, ...] = ("projects", "active", "edges", "mean_degree", "cross_helix_share", "giant_share")

#: The measures :func:`cluster_time_series` gives per cluster and period, in order.
TIME_MEASURES: tuple[str, ...] = ("degree", "participation", "top1_share", "ei_index", "share_sme",
                                  "projects_facilitated")


def split_periods(first: int | None, last: int | None, n: int = N_PERIODS) -> list[tuple[int, int]]:
    """``[first, last]`` cut into at most ``n`` consecutive periods of (nearly) equal length.

    The earlier periods get the extra year when the span does not divide evenly; a span
    shorter than ``n`` years gives one period per year; no years gives no periods.

    Examples
    --------
    >>> split_periods(2014, 2026, 4)
    [(2014, 2017), (2018, 2020), (2021, 2023), (2024, 2026)]
    >>> split_periods(2020, 2021, 4)
    [(2020, 2020), (2021, 2021)]
    """
    if n < 1:
        raise OptionError(f"the number of periods must be at least 1, got {n}")
    if first is None or last is None:
        return []
    years = int(last) - int(first) + 1
    if years < 1:
        raise OptionError(f"period {first}-{last} is empty; expected first <= last")
    n = min(n, years)
    base, extra = divmod(years, n)
    periods, start = [], int(first)
    for i in range(n):
        length = base + (1 if i < extra else 0)
        periods.append((start, start + length - 1))
        start += length
    return periods


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
                        graphs: "Mapping[tuple[int, int], nx.Graph] | None" = None) -> "pd.DataFrame":
    """Each cluster's ego measures on the collaboration graph of each period.

    Parameters
    ----------
    ds : Dataset
        The dataset (already restricted to the analysed window, if any).
    periods : list of (int, int)
        Inclusive start-year ranges, e.g. from :func:`split_periods`.
    graphs : mapping, optional
        The periods' collaboration graphs (:func:`period_graphs`); built here when not given.

    Returns
    -------
    pandas.DataFrame
        One row per period and cluster (``period`` label, ``start_year``, ``end_year``,
        ``cluster`` id, ``name``) with :data:`TIME_MEASURES`: ``degree`` (partners),
        ``participation`` (participation coefficient over partner helices),
        ``top1_share`` (tie weight on the strongest partner), ``ei_index``, ``share_sme``
        (SME share of partners) and ``projects_facilitated`` (projects of the period the
        cluster facilitated). A cluster without partners in a period has degree 0 and NaN
        for the shares. ``.attrs["periods"]`` lists the period labels (also when there are
        no clusters).
    """
    import pandas as pd

    from helixnet.graph import projects_in_window
    from helixnet.metrics.bridging import partner_concentration
    from helixnet.metrics.mixing import ei_index, participation_coefficient

    columns = ["period", "start_year", "end_year", "cluster", "name", *TIME_MEASURES]
    clusters = list(ds.clusters.index)
    graphs = period_graphs(ds, periods) if graphs is None else graphs
    rows = []
    for start, end in periods:
        G = graphs[(start, end)]
        present = [c for c in clusters if c in G]
        ego = G.subgraph({*present, *(p for c in present for p in G.neighbors(c))})
        participation = participation_coefficient(ego)
        concentration = partner_concentration(ego)
        ei = ei_index(ego)
        facilitated = projects_in_window(ds, start, end)["cluster_id"].value_counts()
        for cluster in clusters:
            partners = list(G.neighbors(cluster)) if cluster in G else []
            sme = [bool(G.nodes[p].get("sme")) for p in partners]
            rows.append({
                "period": period_label((start, end)), "start_year": start, "end_year": end, "cluster": cluster,
                "name": str(ds.organisations.at[cluster, "name"]),
                "degree": len(partners),
                "participation": float(participation.get(cluster, float("nan"))) if partners else float("nan"),
                "top1_share": float(concentration["top1_share"].get(cluster, float("nan"))) if partners
                else float("nan"),
                "ei_index": float(ei.get(cluster, float("nan"))) if partners else float("nan"),
                "share_sme": sum(sme) / len(sme) if sme else float("nan"),
                "projects_facilitated": int(facilitated.get(cluster, 0)),
            })
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["periods"] = [period_label(p) for p in periods]
    return table


def network_time_series(ds: "Dataset", periods: list[tuple[int, int]],
                        graphs: "Mapping[tuple[int, int], nx.Graph] | None" = None) -> "pd.DataFrame":
    """The whole network per period of project start.

    One row per period (index: the period label; ``start_year``, ``end_year``) on the
    collaboration graph of the projects that started in it (and the ties active in it):
    ``projects`` started, ``active`` organisations (with at least one partner), ``edges``
    (links), ``mean_degree`` (partners per active organisation), ``cross_helix_share`` (the
    share of links between organisations of different helices, (E-I index + 1) / 2) and
    ``giant_share`` (share of the active organisations in the largest connected component).
    Measures that are undefined for a period without links are NaN. ``graphs`` as in
    :func:`cluster_time_series`.
    """
    import networkx as nx
    import pandas as pd

    from helixnet.graph import projects_in_window

    graphs = period_graphs(ds, periods) if graphs is None else graphs
    rows = []
    for start, end in periods:
        G = graphs[(start, end)]
        active = [n for n in G if G.degree(n) > 0]
        edges = G.number_of_edges()
        cross = sum(1 for u, v in G.edges() if G.nodes[u].get("helix") != G.nodes[v].get("helix"))
        giant = max((len(c) for c in nx.connected_components(G.subgraph(active))), default=0)
        rows.append({
            "period": period_label((start, end)), "start_year": start, "end_year": end,
            "projects": len(projects_in_window(ds, start, end)), "active": len(active), "edges": edges,
            "mean_degree": 2 * edges / len(active) if active else float("nan"),
            "cross_helix_share": cross / edges if edges else float("nan"),
            "giant_share": giant / len(active) if active else float("nan"),
        })
    columns = ["period", "start_year", "end_year", *NETWORK_MEASURES]
    return pd.DataFrame(rows, columns=columns).set_index("period")
