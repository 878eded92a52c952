"""The organisation–project network as arrays, and its projection to organisation pairs.

The baselines (:mod:`helixnet.metrics.evidence`) rebuild the collaboration graph hundreds
of times: from a randomised incidence (null model), from resampled projects (bootstrap) and
under other tie weightings (robustness). :class:`TwoMode` holds what they need as arrays —
the incidence of the collaboration graph's window, the direct ties, and each
organisation's helix, SME and knowledge flags — and :func:`projection` turns an incidence
into the adjacency and weight matrices of the collaboration graph
(:func:`helixnet.graph.collaboration_graph`): organisations in ``G.nodes`` order, a tie
when they share a project or a direct tie, weight = shared projects + direct-tie weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from helixnet.errors import OptionError
from helixnet.metrics.nullmodel import Incidence

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import scipy.sparse

    from helixnet.io.loader import Dataset

__all__ = ["TwoMode", "two_mode_arrays", "projection", "projections", "WEIGHTINGS", "drop_large"]

#: Tie weightings of :func:`projection`: ``binary`` (every tie 1), ``projects`` (shared
#: projects + direct-tie weights: the collaboration graph's ``weight``) and ``newman``
#: (Newman's Σ 1/(n_p − 1) over shared projects + direct-tie weights).
WEIGHTINGS = ("binary", "projects", "newman")


@dataclass(frozen=True)
class TwoMode:
    """The collaboration graph's window as arrays (see the module docstring).

    ``nodes`` are the organisation ids in ``G.nodes`` order (rows of ``incidence``),
    ``projects`` the project ids (its columns), ``ties`` the symmetric n × n matrix of
    direct-tie weights, ``codes``/``labels`` each organisation's helix (as
    :func:`helixnet.metrics._engine.node_groups`), ``sme`` and ``knowledge`` boolean flags.
    """

    nodes: list
    projects: "pd.Index"
    incidence: Incidence
    ties: "scipy.sparse.csr_array"
    codes: np.ndarray
    labels: list
    sme: np.ndarray
    knowledge: np.ndarray

    def positions(self, ids) -> np.ndarray:
        """Row positions of the organisation ``ids``."""
        index = {node: i for i, node in enumerate(self.nodes)}
        missing = [i for i in ids if i not in index]
        if missing:
            raise OptionError(f"organisation {missing[0]!r} is not in the graph; expected an organisation id")
        return np.array([index[i] for i in ids], dtype=np.int64)


def two_mode_arrays(ds: "Dataset", G: "nx.Graph") -> TwoMode:
    """The arrays of ``G``'s window: the participations in the projects of
    :func:`~helixnet.graph.projects_in_window` for ``G``'s years, and the direct-tie part
    of every edge weight (``weight − projects``).

    Raises :class:`~helixnet.errors.OptionError` when ``G`` holds an organisation that is
    not in ``ds`` or its shared-project counts disagree with ``ds`` (a graph of other data).
    """
    import scipy.sparse

    from helixnet.graph import projects_in_window
    from helixnet.metrics._engine import edge_arrays, node_groups
    from helixnet.metrics.mixing import knowledge_flags, node_flags

    nodes = list(G.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    projects = projects_in_window(ds, G.graph.get("start_year"), G.graph.get("end_year")).index
    parts = ds.participations[ds.participations["project_id"].isin(projects)]
    unknown = ~parts["org_id"].isin(position)
    if unknown.any():
        raise OptionError(f"organisation {parts['org_id'][unknown].iloc[0]!r} takes part in a project but is not "
                          "in the graph; expected the collaboration graph of the same dataset")
    column = {project: j for j, project in enumerate(projects)}
    incidence = Incidence.from_pairs(parts["org_id"].map(position).to_numpy(), parts["project_id"].map(column).to_numpy(),
                                     len(nodes), len(projects))
    source, target, weight = edge_arrays(G, "weight")
    projects_per_edge = np.array([d.get("projects", 0) for _, _, d in G.edges(data=True)], dtype=np.float64)
    tie = weight - projects_per_edge
    keep = (tie > 1e-12) & (source != target)
    n = len(nodes)
    ties = scipy.sparse.csr_array((np.concatenate([tie[keep], tie[keep]]),
                                   (np.concatenate([source[keep], target[keep]]),
                                    np.concatenate([target[keep], source[keep]]))), shape=(n, n))
    codes, labels = node_groups(G, "helix")
    two_mode = TwoMode(nodes, projects, incidence, ties, codes, labels, node_flags(G, "sme"), knowledge_flags(G))
    counts = projection(two_mode)[2]
    observed = scipy.sparse.csr_array((np.concatenate([projects_per_edge, projects_per_edge]),
                                       (np.concatenate([source, target]), np.concatenate([target, source]))),
                                      shape=(n, n))
    observed.eliminate_zeros()
    if abs(counts - observed).sum() > 1e-9:
        raise OptionError("the graph's shared-project counts differ from the dataset's participations; "
                          "expected the collaboration graph of the same dataset and years")
    return two_mode


def drop_large(incidence: Incidence, max_size: int) -> Incidence:
    """``incidence`` without the columns (projects) of more than ``max_size`` entries."""
    sizes = incidence.column_sums()
    rows = np.repeat(np.arange(incidence.n_rows), incidence.row_sums())
    keep = sizes[incidence.indices] <= max_size
    return Incidence.from_pairs(rows[keep], incidence.indices[keep], incidence.n_rows, incidence.n_columns)


def projection(two_mode: TwoMode, incidence: Incidence | None = None, weighting: str = "projects"):
    """Adjacency, weights and shared-project counts of the collaboration graph of
    ``incidence`` (default: the observed one) with ``two_mode``'s direct ties.

    Returns ``(A, W, C)``: scipy CSR arrays, n × n, no diagonal, sorted indices. ``A`` is
    0/1 (shared a project or a direct tie), ``W`` the tie weight under ``weighting`` (see
    :data:`WEIGHTINGS`) on the pattern of ``A``, and ``C`` the shared-project counts.
    A column repeated in ``incidence`` (a project drawn twice by the bootstrap) counts
    as two projects.
    """
    A, weights, C = projections(two_mode, incidence, (weighting,))
    return A, weights[weighting], C


def projections(two_mode: TwoMode, incidence: Incidence | None = None, weightings=WEIGHTINGS):
    """:func:`projection` for several weightings at once (one sparse product):
    ``(A, {weighting: W}, C)``."""
    import scipy.sparse

    unknown = [w for w in weightings if w not in WEIGHTINGS]
    if unknown:
        raise OptionError(f"weighting {unknown[0]!r}: expected one of {', '.join(WEIGHTINGS)}")
    incidence = two_mode.incidence if incidence is None else incidence
    B = incidence.to_sparse()
    C = _without_diagonal(B @ B.T)
    total = _sorted(C + two_mode.ties)
    A = scipy.sparse.csr_array((np.ones_like(total.data), total.indices, total.indptr), shape=total.shape)
    weights = {}
    for weighting in weightings:
        if weighting == "binary":
            weights[weighting] = A
        elif weighting == "projects":
            weights[weighting] = total
        else:
            sizes = incidence.column_sums().astype(np.float64)
            share = np.divide(1.0, sizes - 1.0, out=np.zeros_like(sizes), where=sizes > 1)
            weights[weighting] = _sorted(_without_diagonal((B * share) @ B.T) + two_mode.ties)
    return A, weights, _sorted(C)


def _sorted(M):
    import scipy.sparse

    M = scipy.sparse.csr_array(M)
    M.sum_duplicates()
    M.sort_indices()
    return M


def _without_diagonal(M):
    import scipy.sparse

    M = scipy.sparse.csr_array(M)
    M.setdiag(0)
    M.eliminate_zeros()
    return M
