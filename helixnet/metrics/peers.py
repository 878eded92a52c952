"""Peer baselines: a cluster's percentile among comparable organisations, not among all.

Among all organisations (80% of them companies with a handful of partners) every hub lands
at P95-P99 on nearly every measure, so that percentile says little. :func:`peer_percentiles`
ranks each cluster within named peer groups (:data:`PEER_GROUPS`):

- ``degree_band``: organisations whose degree is within ±``band`` (default 25%) of the
  cluster's own degree — hubs of the same size;
- ``intermediaries``: organisations of helix ``intermediair`` (the clusters themselves and
  other intermediaries);
- ``knowledge_hubs``: organisations of a kind in :data:`KNOWLEDGE_HUB_KINDS`
  (universities and strategic research centres).

The percentile is the one of ``clusters.csv``'s ``<measure>_pct``, taken within the group
plus the cluster itself: the percentage of those organisations with a value at most the
cluster's, ties at their average rank, missing values left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PEER_GROUPS", "KNOWLEDGE_HUB_KINDS", "DEFAULT_BAND", "peer_members", "peer_percentiles"]

#: The peer groups, with a description (used as the baseline's name in the long table).
PEER_GROUPS: dict[str, str] = {
    "degree_band": "organisations with a degree within ±{band:.0%} of the cluster's",
    "intermediaries": "intermediaries (helix intermediair)",
    "knowledge_hubs": "knowledge hubs (kind universiteit or strategisch_onderzoekscentrum)",
}
#: Kinds that make an organisation a knowledge hub.
KNOWLEDGE_HUB_KINDS = ("universiteit", "strategisch_onderzoekscentrum")
#: Default half-width of the degree band, relative to the cluster's degree.
DEFAULT_BAND = 0.25


def peer_members(org_metrics: "pd.DataFrame", cluster, group: str, band: float = DEFAULT_BAND) -> "pd.Index":
    """The ids of ``cluster``'s peers in ``group`` (the cluster itself excluded)."""
    if group not in PEER_GROUPS:
        raise OptionError(f"peer group {group!r}: expected one of {', '.join(PEER_GROUPS)}")
    if group == "degree_band":
        degree = org_metrics["degree"]
        own = float(degree.loc[cluster])
        mask = (degree >= own * (1 - band)) & (degree <= own * (1 + band))
    elif group == "intermediaries":
        mask = org_metrics["helix"] == "intermediair"
    else:
        mask = org_metrics["kind"].isin(KNOWLEDGE_HUB_KINDS)
    return org_metrics.index[mask.to_numpy() & (org_metrics.index != cluster)]


def peer_percentiles(org_metrics: "pd.DataFrame", clusters, measures, band: float = DEFAULT_BAND) -> "pd.DataFrame":
    """Each cluster's percentile on each measure within each peer group.

    Parameters
    ----------
    org_metrics : pandas.DataFrame
        ``organisations.csv`` (columns ``degree``, ``helix``, ``kind`` and ``measures``).
    clusters : sequence
        Cluster ids (rows of ``org_metrics``).
    measures : sequence of str
        Columns of ``org_metrics`` to rank.
    band : float, default 0.25
        Half-width of the degree band.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster id: ``peers_<group>`` (number of peers) and
        ``<measure>_pct_<group>`` for every group of :data:`PEER_GROUPS`; NaN where the
        group is empty or the value missing.
    """
    import pandas as pd

    if not 0 <= band < 1:
        raise OptionError(f"band {band!r}: expected a fraction >= 0 and < 1")
    missing = [m for m in measures if m not in org_metrics.columns]
    if missing:
        raise OptionError(f"measure {missing[0]!r} is not a column of the organisation table")
    rows = {}
    for cluster in clusters:
        row = {}
        for group in PEER_GROUPS:
            peers = peer_members(org_metrics, cluster, group, band)
            row[f"peers_{group}"] = len(peers)
            for measure in measures:
                values = org_metrics.loc[peers, measure].dropna().to_numpy(dtype=np.float64)
                own = org_metrics.at[cluster, measure]
                row[f"{measure}_pct_{group}"] = _percentile(float(own), values) if len(peers) else np.nan
        rows[cluster] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "id"
    return table


def _percentile(own: float, others: np.ndarray) -> float:
    """Percentage of ``others`` ∪ {own} at most ``own``, ties at their average rank (as
    :meth:`pandas.Series.rank` with ``pct=True``); NaN for a missing ``own``."""
    if np.isnan(own):
        return np.nan
    below = float(np.sum(others < own))
    equal = float(np.sum(others == own)) + 1.0
    return 100.0 * (below + (equal + 1.0) / 2.0) / (len(others) + 1.0)
