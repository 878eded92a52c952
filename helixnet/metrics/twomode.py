"""Measures on the organisation–project (two-mode) network itself, not its projection.

- **Two-mode degree, closeness and betweenness** with Borgatti & Everett's (1997)
  normalisations, equal to :mod:`networkx.algorithms.bipartite`'s
  ``degree_centrality``, ``closeness_centrality`` (``normalized=True``) and
  ``betweenness_centrality`` on the organisations (tested): with n organisations and m
  projects, degree / m; closeness (m + 2(n − 1)) / Σd times (r − 1)/(n + m − 1) with r
  the size of the organisation's component (Σd over the nodes it reaches); betweenness
  divided by Borgatti & Everett's maximum for the organisation side. The heavy part runs
  on igraph (one breadth-first search per node).
- **Opsahl's weighted degree** (Opsahl, Agneessens & Skvoretz 2010) on the Newman
  projection of the two-mode network (Opsahl's "projecting_tm" with method "Newman"):
  k^(1−α) · s^α with k the number of partners and s the Newman strength, Σ over partners
  and shared projects of 1/(n_p − 1) (= the number of the organisation's projects with at
  least two participants); α = 0.5 by default, α = 0 gives the partner count and α = 1
  the Newman strength.

Direct ties (memberships) are not part of the two-mode network.

References
----------
.. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. *Social
   Networks* 19(3), 243–269.
.. [2] Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted
   networks: generalizing degree and shortest paths. *Social Networks* 32(3), 245–251.
.. [3] Opsahl, T. (2013). Triadic closure in two-mode networks: redefining the global and
   local clustering coefficients. *Social Networks* 35(2), 159–167.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

__all__ = ["two_mode_measures", "TWO_MODE_COLUMNS"]

#: Columns of :func:`two_mode_measures`.
TWO_MODE_COLUMNS = ("two_mode_degree", "two_mode_closeness", "two_mode_betweenness", "opsahl_degree")


def two_mode_measures(ds: "Dataset", G: "nx.Graph", alpha: float = 0.5) -> "pd.DataFrame":
    """Two-mode degree, closeness and betweenness (Borgatti & Everett) and Opsahl's
    weighted degree of every organisation of the collaboration graph ``G``, on the
    organisation–project network of ``G``'s window.

    Parameters
    ----------
    ds : Dataset
        The data ``G`` was built from.
    G : networkx.Graph
        The collaboration graph (its nodes and year window are used).
    alpha : float, default 0.5
        Opsahl's tuning parameter, >= 0.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TWO_MODE_COLUMNS`, indexed by organisation id in ``G.nodes`` order.
        An organisation without projects has degree 0, closeness 0 and betweenness 0 (as
        networkx) and Opsahl degree 0.

    Raises
    ------
    OptionError
        If ``alpha`` is negative.
    """
    import igraph
    import pandas as pd

    from helixnet.metrics.incidence import two_mode_arrays

    if not alpha >= 0:
        raise OptionError(f"alpha {alpha!r}: expected a number >= 0")
    two_mode = two_mode_arrays(ds, G)
    incidence = two_mode.incidence
    n, m = incidence.n_rows, incidence.n_columns
    rows = np.repeat(np.arange(n), incidence.row_sums())
    g = igraph.Graph(n=n + m, edges=list(zip(rows.tolist(), (incidence.indices + n).tolist())))
    projects = incidence.row_sums().astype(np.float64)
    degree = projects / m if m else np.zeros(n)
    total = n + m
    organisations = list(range(n))
    distance_sum = np.zeros(n)
    reached = np.zeros(n)
    for start in range(0, n, 256):  # bounded memory: 256 rows of distances at a time
        block = np.array(g.distances(source=organisations[start:start + 256]), dtype=np.float64)
        finite = np.isfinite(block)
        distance_sum[start:start + 256] = np.where(finite, block, 0.0).sum(axis=1)
        reached[start:start + 256] = finite.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(distance_sum > 0, (m + 2.0 * (n - 1)) / distance_sum * (reached - 1) / (total - 1), 0.0)
    s, t = divmod(n - 1, m) if m else (0, 0)
    maximum = ((m ** 2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0
    raw = np.array(g.betweenness(vertices=organisations, directed=False), dtype=np.float64)
    betweenness = raw / maximum if maximum else np.zeros(n)
    sizes = incidence.column_sums().astype(np.float64)
    B = incidence.to_sparse()
    share = np.divide(1.0, sizes - 1.0, out=np.zeros_like(sizes), where=sizes > 1)
    newman = B @ ((sizes - 1.0) * share)  # Σ_j Σ_p∋i,j 1/(n_p − 1) = Σ_p∋i (n_p − 1)/(n_p − 1)
    C = B @ B.T
    C.setdiag(0)
    C.eliminate_zeros()
    partners = np.diff(C.tocsr().indptr).astype(np.float64)
    opsahl = np.where(partners > 0, partners ** (1.0 - alpha) * newman ** alpha, 0.0)
    return pd.DataFrame({"two_mode_degree": degree, "two_mode_closeness": closeness,
                         "two_mode_betweenness": betweenness, "opsahl_degree": opsahl},
                        index=pd.Index(two_mode.nodes, name="id"))
