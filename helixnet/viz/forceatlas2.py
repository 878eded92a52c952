"""ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014), the force layout of Gephi.

Every node has mass ``degree + 1``. Nodes repel with ``kr * m_i * m_j / d`` (degree
repulsion: hubs push harder, so their many leaves spread around them), ties attract
linearly with ``w * d`` (``w`` the tie weight), and gravity pulls each node towards the
centre with ``kg * kr * m_i``, so that separate components stay in view. Node speeds adapt
as in Gephi's implementation (global speed from swinging and traction, with its jitter
tolerance and speed efficiency); node displacement is ``speed / (1 + sqrt(speed *
swinging_i))`` times the force.

Above :data:`EXACT_MAX_NODES` nodes the repulsion is approximated with a Barnes-Hut
quadtree (opening angle ``theta``, Gephi's default 1.2), so a step costs about ``n log n``
instead of ``n^2``; smaller graphs, where the exact sum is cheap and the approximation
coarse, get the exact all-pairs sum. It is compiled with numba and parallel over nodes; the tree is built by
one thread in node order and each node sums its own forces in a fixed order, so the result
is the same on any number of threads. Starting positions are drawn from a seeded generator,
so the layout depends only on the graph, the weights and the seed.

Convergence: the layout stops before ``iterations`` once the mean displacement of a node in
one step stays below ``tolerance`` times the layout's spread (the root mean square distance
of the nodes from their centroid) for ``patience`` consecutive steps. With the defaults
(1e-3, 25) a step then moves a node by less than a thousandth of the picture's radius, far
below a pixel of a drawn map; the shape no longer changes visibly.

References
----------
Barnes, J. & Hut, P. (1986). A hierarchical O(N log N) force-calculation algorithm.
Nature 324, 446-449.

Jacomy, M., Venturini, T., Heymann, S. & Bastian, M. (2014). ForceAtlas2, a continuous
graph layout algorithm for handy network visualization designed for the Gephi software.
PLoS ONE 9(6), e98679.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


#: Barnes-Hut opening angle (Gephi's default).
THETA = 1.2
#: Up to this many nodes the repulsion is summed exactly over all pairs.
EXACT_MAX_NODES = 1000
#: Convergence: mean step displacement below this share of the layout's spread ...
TOLERANCE = 1e-3
#: ... for this many consecutive steps.
PATIENCE = 25


def forceatlas2(n: int, source: "np.ndarray", target: "np.ndarray", weight: "np.ndarray", seed: int = 0,
                iterations: int = 600, scaling: float = 10.0, gravity: float = 1.0, theta: "float | None" = None,
                tolerance: float = TOLERANCE, patience: int = PATIENCE) -> "np.ndarray":
    """ForceAtlas2 positions of ``n`` nodes joined by the ties ``source[k] - target[k]``.

    Parameters
    ----------
    n : int
        Number of nodes (numbered 0 .. n-1).
    source, target : numpy.ndarray of int
        The two ends of each tie (no self-loops).
    weight : numpy.ndarray of float
        Attraction weight of each tie (positive).
    seed : int
        Seed of the starting positions.
    iterations : int
        Largest number of steps.
    scaling : float
        Repulsion coefficient ``kr`` (Gephi: 10 from 100 nodes).
    gravity : float
        Gravity coefficient ``kg``.
    theta : float, optional
        Barnes-Hut opening angle; 0 computes the repulsion exactly; None: exact up to
        :data:`EXACT_MAX_NODES` nodes, else :data:`THETA`.
    tolerance, patience : float, int
        The convergence criterion (see the module); ``tolerance=0`` runs all ``iterations``.

    Returns
    -------
    numpy.ndarray
        ``n x 2`` positions.
    """
    return forceatlas2_run(n, source, target, weight, seed=seed, iterations=iterations, scaling=scaling,
                           gravity=gravity, theta=theta, tolerance=tolerance, patience=patience)[0]


def forceatlas2_run(n: int, source: "np.ndarray", target: "np.ndarray", weight: "np.ndarray", seed: int = 0,
                    iterations: int = 600, scaling: float = 10.0, gravity: float = 1.0, theta: "float | None" = None,
                    tolerance: float = TOLERANCE, patience: int = PATIENCE) -> "tuple[np.ndarray, int]":
    """:func:`forceatlas2`'s positions and the number of steps it took."""
    import numpy as np

    rng = np.random.default_rng(seed)
    position = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(max(n, 1)) * 10.0
    if n < 2:
        return np.zeros((n, 2)), 0
    source = np.ascontiguousarray(source, dtype=np.int64)
    target = np.ascontiguousarray(target, dtype=np.int64)
    weight = np.ascontiguousarray(weight, dtype=np.float64)
    mass = 1.0 + np.bincount(source, minlength=n) + np.bincount(target, minlength=n)
    from helixnet.viz._fa2_kernel import forceatlas2_steps

    if theta is None:
        theta = 0.0 if n <= EXACT_MAX_NODES else THETA

    steps = forceatlas2_steps(position, mass.astype(np.float64), source, target, weight, int(iterations),
                              float(scaling), float(gravity), float(theta), float(tolerance), int(patience))
    return position, int(steps)
