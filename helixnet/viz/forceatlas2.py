"""ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014), the force layout of Gephi.

Every node has mass ``degree + 1``. Nodes repel with ``kr * m_i * m_j / d`` (degree
repulsion: hubs push harder, so their many leaves spread around them), ties attract
linearly with ``w * d`` (``w`` the tie weight), and gravity pulls each node towards the
centre with ``kg * kr * m_i``, so that separate components stay in view. Node speeds adapt
as in Gephi's implementation (global speed from swinging and traction, with its jitter
tolerance and speed efficiency); node displacement is ``speed / (1 + sqrt(speed *
swinging_i))`` times the force.

The repulsion is computed exactly over all pairs (no Barnes-Hut approximation), compiled
with numba and parallel over nodes; each node sums its own forces in a fixed order, so the
result is the same on any number of threads. Starting positions are drawn from a seeded
generator, so the layout depends only on the graph, the weights and the seed.

References
----------
Jacomy, M., Venturini, T., Heymann, S. & Bastian, M. (2014). ForceAtlas2, a continuous
graph layout algorithm for handy network visualization designed for the Gephi software.
PLoS ONE 9(6), e98679.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def forceatlas2(n: int, source: "np.ndarray", target: "np.ndarray", weight: "np.ndarray", seed: int = 0,
                iterations: int = 600, scaling: float = 10.0, gravity: float = 1.0) -> "np.ndarray":
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
        Number of steps.
    scaling : float
        Repulsion coefficient ``kr`` (Gephi: 10 from 100 nodes).
    gravity : float
        Gravity coefficient ``kg``.

    Returns
    -------
    numpy.ndarray
        ``n x 2`` positions.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    position = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(max(n, 1)) * 10.0
    if n < 2:
        return np.zeros((n, 2))
    source = np.ascontiguousarray(source, dtype=np.int64)
    target = np.ascontiguousarray(target, dtype=np.int64)
    weight = np.ascontiguousarray(weight, dtype=np.float64)
    mass = 1.0 + np.bincount(source, minlength=n) + np.bincount(target, minlength=n)
    from helixnet.viz._fa2_kernel import forceatlas2_steps

    forceatlas2_steps(position, mass.astype(np.float64), source, target, weight, int(iterations), float(scaling), float(gravity))
    return position
