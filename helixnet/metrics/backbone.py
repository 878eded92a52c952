"""The disparity-filter backbone of a weighted network (Serrano, Boguñá & Vespignani 2009).

For a node ``i`` with ``k_i`` partners and strength ``s_i`` (sum of its tie weights), the
null hypothesis is that its strength is spread over its ties uniformly at random. Under it
the share ``p_ij = w_ij / s_i`` of a tie has the p-value

    alpha_ij = (1 - p_ij) ** (k_i - 1),

and a tie is significant for ``i`` when ``alpha_ij < alpha``. A tie belongs to the backbone
when it is significant for at least one of its two ends. A node with a single partner
cannot reject the null hypothesis on its own side (``alpha_ij = 1``), so its only tie is
judged from the partner's side alone. On a map every organisation also keeps its strongest
tie (:func:`strongest_ties`), so that no organisation with partners is drawn without any.

References
----------
Serrano, M. Á., Boguñá, M. & Vespignani, A. (2009). Extracting the multiscale backbone of
complex weighted networks. PNAS 106(16), 6483-6488.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from helixnet.errors import OptionError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

#: The map's default significance level of the disparity filter.
DEFAULT_ALPHA = 0.05


def disparity_pvalues(G: "nx.Graph", weight: str = "weight") -> "pd.DataFrame":
    """The disparity-filter p-value of every tie of ``G``, seen from each end.

    Parameters
    ----------
    G : networkx.Graph
        Undirected weighted graph without self-loops; a missing ``weight`` counts as 1.
    weight : str
        The edge attribute holding the tie weight (must be positive).

    Returns
    -------
    pandas.DataFrame
        One row per edge in ``G.edges`` order, indexed by ``(u, v)``, with columns
        ``weight``, ``alpha_u`` (p-value from ``u``'s side), ``alpha_v`` (from ``v``'s
        side) and ``alpha`` (the smaller of the two).

    Raises
    ------
    OptionError
        If ``G`` is not a simple undirected graph.
    DataError
        If a tie weight is not a positive finite number.
    """
    import numpy as np
    import pandas as pd

    from helixnet.metrics._engine import edge_arrays

    source, target, w = edge_arrays(G, weight)
    n = G.number_of_nodes()
    strength = np.bincount(source, weights=w, minlength=n) + np.bincount(target, weights=w, minlength=n)
    degree = np.bincount(source, minlength=n) + np.bincount(target, minlength=n)
    alpha_u = (1.0 - w / strength[source]) ** (degree[source] - 1.0)
    alpha_v = (1.0 - w / strength[target]) ** (degree[target] - 1.0)
    index = pd.MultiIndex.from_tuples(list(G.edges()), names=["u", "v"]) if len(w) else \
        pd.MultiIndex.from_arrays([[], []], names=["u", "v"])
    return pd.DataFrame({"weight": w, "alpha_u": alpha_u, "alpha_v": alpha_v,
                         "alpha": np.minimum(alpha_u, alpha_v)}, index=index)


def strongest_ties(G: "nx.Graph", weight: str = "weight") -> "pd.Series":
    """Whether each tie is the strongest tie of at least one of its ends.

    A node's strongest tie is its tie of largest ``weight``; among equal weights, the one
    listed first in ``G.edges`` order. Returns a boolean Series indexed by ``(u, v)`` in
    ``G.edges`` order, named ``strongest``.
    """
    import numpy as np
    import pandas as pd

    from helixnet.metrics._engine import edge_arrays

    source, target, w = edge_arrays(G, weight)
    m = len(w)
    ends = np.concatenate([source, target])
    edge = np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((edge, -np.concatenate([w, w]), ends))  # by node, heaviest first, then edge order
    first = np.ones(len(order), dtype=bool)
    first[1:] = ends[order][1:] != ends[order][:-1]
    strongest = np.zeros(m, dtype=bool)
    strongest[edge[order][first]] = True
    index = pd.MultiIndex.from_tuples(list(G.edges()), names=["u", "v"]) if m else \
        pd.MultiIndex.from_arrays([[], []], names=["u", "v"])
    return pd.Series(strongest, index=index, name="strongest")


def disparity_backbone(G: "nx.Graph", alpha: float = DEFAULT_ALPHA, weight: str = "weight",
                       strongest: bool = True, keep: Iterable[Hashable] = ()) -> "pd.Series":
    """Which ties of ``G`` the disparity filter keeps at significance level ``alpha``.

    Parameters
    ----------
    G : networkx.Graph
    alpha : float
        Significance level in (0, 1): a tie is kept when its p-value from either end is
        below ``alpha``.
    weight : str
        Edge attribute holding the tie weight.
    strongest : bool
        Also keep every organisation's strongest tie (:func:`strongest_ties`), so that no
        organisation with partners is drawn without any tie. This covers the only tie of
        an organisation with a single partner, which the filter cannot test from its side.
    keep : iterable of nodes
        Organisations whose every tie is kept (e.g. the cluster of a focus map).

    Returns
    -------
    pandas.Series
        Boolean, indexed by ``(u, v)`` in ``G.edges`` order, named ``backbone``.

    Raises
    ------
    OptionError
        If ``alpha`` is not in (0, 1).
    """
    import numpy as np
    import pandas as pd

    if not 0.0 < float(alpha) < 1.0:
        raise OptionError(f"backbone alpha is {alpha!r}; expected a significance level between 0 and 1 (e.g. 0.05)")
    table = disparity_pvalues(G, weight=weight)
    kept = (table["alpha"] < alpha).to_numpy().copy()
    if strongest:
        kept |= strongest_ties(G, weight=weight).to_numpy()
    protected = set(keep)
    if protected and len(table):
        kept |= np.array([u in protected or v in protected for u, v in table.index], dtype=bool)
    return pd.Series(kept, index=table.index, name="backbone")
