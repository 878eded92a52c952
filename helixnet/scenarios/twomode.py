"""Project-level scenario simulation on the two-mode data (organisations x projects).

A scenario acts on projects, participations and memberships, never on projected ties;
the collaboration network is rebuilt afterwards (:func:`adjacency`, the same graph as
:func:`helixnet.graph.collaboration_graph`: two organisations are linked when they share a
project in the window or a direct tie active in it).

:class:`TwoMode` is a compact, immutable array form of a :class:`~helixnet.io.loader.Dataset`
restricted to a window, so that one simulation draw costs milliseconds. Every operation is
a pure function ``TwoMode -> TwoMode``; the random ones take a ``numpy.random.Generator``.

Operations
----------
- :func:`drop_projects`: whole projects disappear with all their participations.
- :func:`retain_participants`: **correlated retention** inside the projects that continue:
  each company stays with its own probability; every other partner stays with
  ``p_other`` when at least one company of its project stays and with
  ``p_without_companies`` otherwise ("knowledge institutions stay where companies stay").
  A project left with fewer than two participants is dropped.
- :func:`end_memberships`: membership ties of one cluster end, shared projects stay.
- :func:`absorb`: a cluster is merged into its host (participations and ties move to the
  host; the cluster node is left without ties).
- :func:`add_projects`: new projects with given participants (base mission, programmes).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    import scipy.sparse

    from helixnet.io.loader import Dataset

#: Helix codes used in the arrays (index into :data:`helixnet.schema.HELICES`).
COMPANY, KNOWLEDGE, GOVERNMENT, CITIZENS, INTERMEDIARY = range(5)


@dataclass(frozen=True, eq=False)
class TwoMode:
    """Organisations, projects, participations and ties of one window, as arrays.

    Attributes
    ----------
    orgs : pandas.Index
        Organisation ids; row i of every org array.
    helix : numpy.ndarray of int
        Helix code of each organisation (:data:`COMPANY`, ...).
    sme : numpy.ndarray of bool
        SME flag of each organisation.
    project_cluster : numpy.ndarray of object
        The cluster that facilitated each project ("" for none); new projects carry the
        cluster that created them.
    part_project, part_org : numpy.ndarray of int
        One entry per participation: project index and organisation index.
    part_coordinator : numpy.ndarray of bool
        Whether the participation is the project's coordinator.
    tie_source, tie_target : numpy.ndarray of int
        Direct ties active in the window (organisation indices).
    tie_membership : numpy.ndarray of bool
        Whether the tie is a membership.
    """

    orgs: "pd.Index"
    helix: np.ndarray
    sme: np.ndarray
    project_cluster: np.ndarray
    part_project: np.ndarray
    part_org: np.ndarray
    part_coordinator: np.ndarray
    tie_source: np.ndarray
    tie_target: np.ndarray
    tie_membership: np.ndarray

    @property
    def n_orgs(self) -> int:
        """Number of organisations."""
        return len(self.orgs)

    def index(self, org_id: str) -> int:
        """Row of organisation ``org_id``."""
        return int(self.orgs.get_loc(org_id))

    def live_projects(self) -> np.ndarray:
        """Indices of the projects that still have participations."""
        return np.flatnonzero(np.bincount(self.part_project, minlength=len(self.project_cluster)))


def from_dataset(ds: "Dataset", start_year: int | None = None, end_year: int | None = None) -> TwoMode:
    """The window ``[start_year, end_year]`` of ``ds`` as a :class:`TwoMode`.

    Projects are selected by start year and ties by overlap, as in
    :func:`helixnet.graph.collaboration_graph`.
    """
    import pandas as pd

    from helixnet.graph import projects_in_window, ties_in_window
    from helixnet.schema import HELICES

    orgs = ds.organisations.index
    projects = projects_in_window(ds, start_year, end_year)
    parts = ds.participations[ds.participations["project_id"].isin(projects.index)]
    parts = parts.drop_duplicates(["project_id", "org_id"])
    ties = ties_in_window(ds, start_year, end_year)
    ties = ties[ties["source"] != ties["target"]]
    helix_code = {h: i for i, h in enumerate(HELICES)}
    return TwoMode(
        orgs=orgs,
        helix=ds.organisations["helix"].map(helix_code).to_numpy(dtype=np.int64),
        sme=ds.organisations["sme"].fillna(False).to_numpy(dtype=bool),
        project_cluster=projects["cluster_id"].astype(object).where(projects["cluster_id"].notna(), "").to_numpy(),
        part_project=projects.index.get_indexer(parts["project_id"]).astype(np.int64),
        part_org=orgs.get_indexer(parts["org_id"]).astype(np.int64),
        part_coordinator=(parts["role"].astype(str) == "coordinator").to_numpy(dtype=bool),
        tie_source=orgs.get_indexer(ties["source"]).astype(np.int64),
        tie_target=orgs.get_indexer(ties["target"]).astype(np.int64),
        tie_membership=(pd.Series(ties["relation"]).astype(str) == "membership").to_numpy(dtype=bool),
    )


def adjacency(tm: TwoMode) -> "scipy.sparse.csr_array":
    """0/1 symmetric adjacency of the collaboration network of ``tm`` (no self-loops).

    Organisations are linked when they share a project or a direct tie, as in
    :func:`helixnet.graph.collaboration_graph` (rows in ``tm.orgs`` order).
    """
    import scipy.sparse

    n_projects = len(tm.project_cluster)
    B = scipy.sparse.csr_array((np.ones(len(tm.part_org)), (tm.part_org, tm.part_project)),
                               shape=(tm.n_orgs, n_projects))
    shared = (B @ B.T).tocoo()
    rows = np.concatenate([shared.row, tm.tie_source, tm.tie_target])
    cols = np.concatenate([shared.col, tm.tie_target, tm.tie_source])
    keep = rows != cols
    A = scipy.sparse.csr_array((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=(tm.n_orgs, tm.n_orgs))
    A.data[:] = 1.0
    return A


def facilitated(tm: TwoMode, cluster: str) -> np.ndarray:
    """Indices of the projects facilitated by ``cluster`` that still have participations."""
    live = tm.live_projects()
    return live[tm.project_cluster[live] == cluster]


def in_projects(tm: TwoMode, projects: np.ndarray) -> np.ndarray:
    """Boolean per participation: it belongs to one of ``projects`` (project indices)."""
    flags = np.zeros(len(tm.project_cluster), dtype=bool)
    flags[np.asarray(projects, dtype=np.int64)] = True
    return flags[tm.part_project]


def _keep_participations(tm: TwoMode, keep: np.ndarray) -> TwoMode:
    return replace(tm, part_project=tm.part_project[keep], part_org=tm.part_org[keep],
                   part_coordinator=tm.part_coordinator[keep])


def drop_projects(tm: TwoMode, projects: np.ndarray) -> TwoMode:
    """``tm`` without the participations of ``projects`` (project indices)."""
    return _keep_participations(tm, ~in_projects(tm, projects))


def keep_projects_at_random(tm: TwoMode, projects: np.ndarray, continuation: np.ndarray | float,
                            rng: np.random.Generator) -> TwoMode:
    """Each project of ``projects`` continues with probability ``continuation`` (per project
    or one value); the others are dropped whole."""
    projects = np.asarray(projects, dtype=np.int64)
    draws = rng.random(len(projects))
    return drop_projects(tm, projects[draws >= np.broadcast_to(continuation, projects.shape)])


def retain_participants(tm: TwoMode, projects: np.ndarray, p_company: np.ndarray | float, p_other: float,
                        p_without_companies: float, rng: np.random.Generator, protect: tuple[int, ...] = ()) -> TwoMode:
    """Correlated retention of the partners of ``projects`` (see the module docstring).

    ``p_company`` is one probability or one per organisation (indexed by org row).
    ``protect`` lists organisation rows that always stay (the cluster itself, its host).
    A project left with fewer than two participants is dropped whole.
    """
    in_scope = in_projects(tm, projects)
    company = tm.helix[tm.part_org] == COMPANY
    p_org = np.broadcast_to(np.asarray(p_company, dtype=float), (tm.n_orgs,)) if np.ndim(p_company) else None
    p_comp = p_org[tm.part_org] if p_org is not None else np.full(len(tm.part_org), float(p_company))
    u = rng.random(len(tm.part_org))
    stays = np.ones(len(tm.part_org), dtype=bool)
    stays[in_scope & company] = u[in_scope & company] < p_comp[in_scope & company]
    kept_company = np.zeros(len(tm.project_cluster), dtype=bool)
    kept_company[tm.part_project[in_scope & company & stays]] = True
    other = in_scope & ~company
    p_rest = np.where(kept_company[tm.part_project], p_other, p_without_companies)
    stays[other] = u[other] < p_rest[other]
    stays[np.isin(tm.part_org, protect)] = True
    result = _keep_participations(tm, stays)
    sizes = np.bincount(result.part_project, minlength=len(tm.project_cluster))
    scope = np.zeros(len(sizes), dtype=bool)
    scope[np.asarray(projects, dtype=np.int64)] = True
    return drop_projects(result, np.flatnonzero((sizes < 2) & scope))


def end_memberships(tm: TwoMode, cluster: int, ending: np.ndarray) -> TwoMode:
    """End the membership ties of organisation row ``cluster`` with the organisations in
    ``ending`` (boolean per org row); their shared projects are untouched."""
    other = np.where(tm.tie_source == cluster, tm.tie_target, tm.tie_source)
    touches = tm.tie_membership & ((tm.tie_source == cluster) | (tm.tie_target == cluster))
    keep = ~(touches & ending[other])
    return replace(tm, tie_source=tm.tie_source[keep], tie_target=tm.tie_target[keep],
                   tie_membership=tm.tie_membership[keep])


def members(tm: TwoMode, cluster: int) -> np.ndarray:
    """Boolean per org row: has a membership tie with organisation row ``cluster``."""
    flags = np.zeros(tm.n_orgs, dtype=bool)
    at = tm.tie_membership & (tm.tie_source == cluster)
    flags[tm.tie_target[at]] = True
    at = tm.tie_membership & (tm.tie_target == cluster)
    flags[tm.tie_source[at]] = True
    return flags


def remove_org(tm: TwoMode, org: int) -> TwoMode:
    """``tm`` without the participations and ties of organisation row ``org``."""
    tm = _keep_participations(tm, tm.part_org != org)
    keep = (tm.tie_source != org) & (tm.tie_target != org)
    return replace(tm, tie_source=tm.tie_source[keep], tie_target=tm.tie_target[keep],
                   tie_membership=tm.tie_membership[keep])


def absorb(tm: TwoMode, cluster: int, host: int) -> TwoMode:
    """Merge organisation row ``cluster`` into ``host``: its participations and ties move to
    the host (duplicates within a project and ties between the two disappear)."""
    part_org = np.where(tm.part_org == cluster, host, tm.part_org)
    pairs = part_org * len(tm.project_cluster) + tm.part_project
    _, first = np.unique(pairs, return_index=True)
    keep = np.zeros(len(pairs), dtype=bool)
    keep[first] = True
    merged = replace(tm, part_org=part_org[keep], part_project=tm.part_project[keep],
                     part_coordinator=tm.part_coordinator[keep])
    source = np.where(tm.tie_source == cluster, host, tm.tie_source)
    target = np.where(tm.tie_target == cluster, host, tm.tie_target)
    keep = source != target
    return replace(merged, tie_source=source[keep], tie_target=target[keep], tie_membership=tm.tie_membership[keep])


def add_projects(tm: TwoMode, participants: list[np.ndarray], cluster: str) -> TwoMode:
    """``tm`` with one new project per array of organisation rows in ``participants``,
    facilitated by ``cluster`` (the first participant coordinates)."""
    if not participants:
        return tm
    start = len(tm.project_cluster)
    projects = np.concatenate([np.full(len(p), start + k, dtype=np.int64) for k, p in enumerate(participants)])
    orgs = np.concatenate([np.asarray(p, dtype=np.int64) for p in participants])
    coordinator = np.concatenate([np.arange(len(p)) == 0 for p in participants])
    return replace(tm, project_cluster=np.concatenate([tm.project_cluster, np.full(len(participants), cluster, dtype=object)]),
                   part_project=np.concatenate([tm.part_project, projects]),
                   part_org=np.concatenate([tm.part_org, orgs]),
                   part_coordinator=np.concatenate([tm.part_coordinator, coordinator]))
