"""The outcomes of the scenario engine v2, per cluster, on a :class:`~twomode.TwoMode` state.

Each cluster c has a fixed **ecosystem** E_c (its members and the partners of its
facilitated projects, at baseline) and a **unit** u_c: the cluster, its host after an
absorption, or none after removal. On the collaboration network of the state
(:func:`helixnet.scenarios.twomode.adjacency`):

==========================  ========================================================  ======
outcome                     definition                                                better
==========================  ========================================================  ======
``facilitated_projects``    projects facilitated by c that still have participants      +1
``cross_helix_projects``    of those, projects whose partners span >= 2 of the four     +1
                            helices (company, knowledge, government, citizens)
``cross_helix_ties``        pairs of E_c linked across two different helices            +1
``smes_knowledge_partner``  SMEs of E_c with a knowledge institution as direct partner  +1
``smes_reach_knowledge``    SMEs of E_c within two steps of a knowledge institution     +1
``smes_only_through``       SMEs (whole network) reaching knowledge institutions         0
                            within two steps only through u_c (the cluster manager's
                            question; :func:`helixnet.metrics.reach.only_through_counts`)
``unit_partners``           distinct partners of u_c                                     0
==========================  ========================================================  ======

"better" orients colours and words: +1 more is better for the ecosystem; 0 descriptive
(a unit that more SMEs depend on, or with more partners, is not by itself better; both
are NaN after removal, when there is no unit). The saturated distance-based outcomes of
v1 (SME reach of 1.000, fragmentation moving in the 4th decimal) are not used.
"""

from __future__ import annotations

import numpy as np

from helixnet.scenarios import twomode as tm_ops
from helixnet.scenarios.twomode import INTERMEDIARY, KNOWLEDGE, TwoMode
from helixnet.texts import LANGUAGES, catalogue

#: Outcome names, in column order of :func:`measure`.
OUTCOMES: tuple[str, ...] = ("facilitated_projects", "cross_helix_projects", "cross_helix_ties",
                             "smes_knowledge_partner", "smes_reach_knowledge", "smes_only_through", "unit_partners")

#: Better direction of each outcome (+1 more is better, 0 descriptive).
BETTER: dict[str, int] = {"facilitated_projects": 1, "cross_helix_projects": 1, "cross_helix_ties": 1,
                          "smes_knowledge_partner": 1, "smes_reach_knowledge": 1, "smes_only_through": 0,
                          "unit_partners": 0}

#: Display names of the outcomes per language (text catalogue, namespace ``plan_outcomes``).
OUTCOME_LABELS: dict[str, dict[str, str]] = {lang: catalogue(lang)["plan_outcomes"] for lang in LANGUAGES}


def measure(tm: TwoMode, units: dict[str, int | None], clusters: tuple[str, ...],
            ecosystems: dict[str, np.ndarray]) -> np.ndarray:
    """Array cluster x :data:`OUTCOMES` of the state ``tm`` (float; NaN where undefined)."""
    from helixnet.metrics.reach import _reach

    A = tm_ops.adjacency(tm)
    knowledge = tm.helix == KNOWLEDGE
    direct = (A @ knowledge.astype(float)) > 0
    reach2 = _reach(A, knowledge, 2)
    live = tm.live_projects()
    helix_sets = _cross_helix_projects(tm)
    coo = A.tocoo()
    upper = coo.row < coo.col
    rows, cols = coo.row[upper], coo.col[upper]
    cross = (tm.helix[rows] != tm.helix[cols]) & (tm.helix[rows] != INTERMEDIARY) & (tm.helix[cols] != INTERMEDIARY)
    rows, cols = rows[cross], cols[cross]
    degree = np.diff(A.indptr)
    out = np.full((len(clusters), len(OUTCOMES)), np.nan)
    for i, cluster in enumerate(clusters):
        eco = ecosystems[cluster]
        projects = live[tm.project_cluster[live] == cluster]
        unit = units[cluster]
        out[i, 0] = len(projects)
        out[i, 1] = int(helix_sets[projects].sum())
        out[i, 2] = int((eco[rows] & eco[cols]).sum())
        out[i, 3] = int((direct & eco & tm.sme).sum())
        out[i, 4] = int((reach2 & eco & tm.sme).sum())
        if unit is not None:
            lost = reach2 & ~_reach_without(A, knowledge, unit)
            out[i, 5] = int((lost & tm.sme).sum())
            out[i, 6] = int(degree[unit])
    return out


def _reach_without(A, knowledge: np.ndarray, unit: int) -> np.ndarray:
    """Nodes outside K within two steps of K in the network without ``unit`` (False at
    ``unit``). Zeroing the unit's entry of the vector before each product removes its
    column, and ignoring its row removes the rest: two sparse matrix-vector products,
    no matrix copy (the same recursion as :func:`helixnet.metrics.reach._reach`)."""
    target = knowledge.astype(np.float64)
    target[unit] = 0.0
    reached = np.zeros(len(knowledge), dtype=bool)
    for _ in range(2):
        vector = np.maximum(target, reached.astype(np.float64))
        vector[unit] = 0.0
        reached = (A @ vector) > 0
    reached[unit] = False
    return reached & ~knowledge


def _cross_helix_projects(tm: TwoMode) -> np.ndarray:
    """Boolean per project: its participants span at least two of the four helices (the
    helix codes 0-3 are the four helices, in :data:`helixnet.schema.HELICES` order)."""
    n_projects = len(tm.project_cluster)
    seen = np.zeros((n_projects, 4), dtype=bool)
    quad = tm.helix[tm.part_org] < INTERMEDIARY
    seen[tm.part_project[quad], tm.helix[tm.part_org][quad]] = True
    return seen.sum(axis=1) >= 2

