"""Compiled ForceAtlas2 steps (numba); see :mod:`helixnet.viz.forceatlas2`.

Importing this module compiles nothing; the first call compiles (or loads numba's cache).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def forceatlas2_steps(position, mass, source, target, weight, iterations, scaling, gravity):
    """Move ``position`` (n x 2, in place) by ``iterations`` ForceAtlas2 steps."""
    n = position.shape[0]
    force = np.zeros((n, 2))
    old = np.zeros((n, 2))
    speed = 1.0
    efficiency = 1.0
    tolerance = 0.1 if n < 5000 else 1.0
    for _ in range(iterations):
        for i in prange(n):  # repulsion (every pair, degree-weighted) and gravity, node by node
            fx = 0.0
            fy = 0.0
            xi = position[i, 0]
            yi = position[i, 1]
            for j in range(n):
                if j != i:
                    dx = xi - position[j, 0]
                    dy = yi - position[j, 1]
                    d2 = dx * dx + dy * dy
                    if d2 > 0.0:
                        f = scaling * mass[i] * mass[j] / d2
                        fx += dx * f
                        fy += dy * f
            d = np.sqrt(xi * xi + yi * yi)
            if d > 0.0:
                f = scaling * mass[i] * gravity / d
                fx -= xi * f
                fy -= yi * f
            force[i, 0] = fx
            force[i, 1] = fy
        for k in range(source.shape[0]):  # linear attraction along the ties
            a = source[k]
            b = target[k]
            dx = position[a, 0] - position[b, 0]
            dy = position[a, 1] - position[b, 1]
            force[a, 0] -= dx * weight[k]
            force[a, 1] -= dy * weight[k]
            force[b, 0] += dx * weight[k]
            force[b, 1] += dy * weight[k]
        swinging = 0.0
        traction = 0.0
        for i in range(n):
            sx = old[i, 0] - force[i, 0]
            sy = old[i, 1] - force[i, 1]
            tx = old[i, 0] + force[i, 0]
            ty = old[i, 1] + force[i, 1]
            swinging += mass[i] * np.sqrt(sx * sx + sy * sy)
            traction += 0.5 * mass[i] * np.sqrt(tx * tx + ty * ty)
        estimated = 0.05 * np.sqrt(n)
        jitter = tolerance * max(np.sqrt(estimated), min(10.0, estimated * traction / (n * n)))
        if traction > 0.0 and swinging / traction > 2.0:
            if efficiency > 0.05:
                efficiency *= 0.5
            jitter = max(jitter, tolerance)
        target_speed = jitter * efficiency * traction / swinging if swinging > 0.0 else speed
        if swinging > jitter * traction:
            if efficiency > 0.05:
                efficiency *= 0.7
        elif speed < 1000.0:
            efficiency *= 1.3
        speed = speed + min(target_speed - speed, 0.5 * speed)
        for i in range(n):
            sx = old[i, 0] - force[i, 0]
            sy = old[i, 1] - force[i, 1]
            factor = speed / (1.0 + np.sqrt(speed * mass[i] * np.sqrt(sx * sx + sy * sy)))
            position[i, 0] += force[i, 0] * factor
            position[i, 1] += force[i, 1] * factor
            old[i, 0] = force[i, 0]
            old[i, 1] = force[i, 1]
