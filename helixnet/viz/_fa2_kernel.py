"""Compiled ForceAtlas2 steps (numba); see :mod:`helixnet.viz.forceatlas2`.

Importing this module compiles nothing; the first call compiles (or loads numba's cache).

The repulsion uses a Barnes-Hut quadtree (Barnes & Hut 1986), rebuilt every step in node
order by one thread, so its shape depends only on the positions. Each node then sums its
own forces by walking the tree depth first in a fixed child order: the sum is the same on
any number of threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

#: Deepest level of the quadtree; nodes that still share a cell there, and nodes at the
#: same position, are kept in a list and repel one another exactly.
MAX_DEPTH = 40


@njit(cache=True)
def _quadrant(x, y, cx, cy):
    return (1 if x >= cx else 0) + (2 if y >= cy else 0)


@njit(cache=True, inline="always")
def _push(xi, yi, xj, yj, strength):
    """The repulsion ``strength / d`` on a node at (xi, yi) from a body at (xj, yj), as (fx, fy)."""
    dx = xi - xj
    dy = yi - yj
    d2 = dx * dx + dy * dy
    if d2 > 0.0:
        return dx * strength / d2, dy * strength / d2
    return 0.0, 0.0


@njit(cache=True, inline="always")
def _with_gravity(fx, fy, x, y, strength):
    """(fx, fy) plus a pull of ``strength`` towards the centre."""
    d = np.sqrt(x * x + y * y)
    if d > 0.0:
        return fx - x * strength / d, fy - y * strength / d
    return fx, fy


@njit(cache=True)
def build_quadtree(position, mass):
    """A quadtree of the nodes: per cell its first child (-1: leaf), first node (leaf list),
    total mass, mass-weighted position sums, centre and half width; ``after`` links the
    nodes of a leaf."""
    n = position.shape[0]
    capacity = 8 * n + 64
    child = np.full(capacity, -1, dtype=np.int64)
    head = np.full(capacity, -1, dtype=np.int64)
    after = np.full(n, -1, dtype=np.int64)
    cell_mass = np.zeros(capacity)
    mass_x = np.zeros(capacity)
    mass_y = np.zeros(capacity)
    centre_x = np.zeros(capacity)
    centre_y = np.zeros(capacity)
    half = np.zeros(capacity)
    low_x = position[:, 0].min()
    low_y = position[:, 1].min()
    high_x = position[:, 0].max()
    high_y = position[:, 1].max()
    centre_x[0] = 0.5 * (low_x + high_x)
    centre_y[0] = 0.5 * (low_y + high_y)
    half[0] = 0.5 * max(high_x - low_x, high_y - low_y) * 1.0001 + 1e-9
    cells = 1
    for i in range(n):
        x = position[i, 0]
        y = position[i, 1]
        c = 0
        depth = 0
        while True:
            cell_mass[c] += mass[i]
            mass_x[c] += mass[i] * x
            mass_y[c] += mass[i] * y
            if child[c] >= 0:  # internal cell: go down
                c = child[c] + _quadrant(x, y, centre_x[c], centre_y[c])
                depth += 1
                continue
            if head[c] == -1:  # empty leaf
                head[c] = i
                break
            same = position[head[c], 0] == x and position[head[c], 1] == y
            if same or depth >= MAX_DEPTH or cells + 4 > capacity:  # (nearly) coincident nodes share the leaf
                after[i] = head[c]
                head[c] = i
                break
            first = cells  # split the leaf and move its single node one level down
            cells += 4
            child[c] = first
            for q in range(4):
                half[first + q] = 0.5 * half[c]
                centre_x[first + q] = centre_x[c] + (0.5 if q & 1 else -0.5) * half[c]
                centre_y[first + q] = centre_y[c] + (0.5 if q & 2 else -0.5) * half[c]
            j = head[c]
            head[c] = -1
            moved = first + _quadrant(position[j, 0], position[j, 1], centre_x[c], centre_y[c])
            head[moved] = j
            cell_mass[moved] = mass[j]
            mass_x[moved] = mass[j] * position[j, 0]
            mass_y[moved] = mass[j] * position[j, 1]
            c = first + _quadrant(x, y, centre_x[c], centre_y[c])
            depth += 1
    return child, head, after, cell_mass, mass_x, mass_y, centre_x, centre_y, half


@njit(cache=True, parallel=True)
def repulsion(position, mass, scaling, gravity, theta, force):
    """Degree repulsion (Barnes-Hut, opening angle ``theta``) and gravity, into ``force``.

    A cell is taken as one body at its centre of mass when its width is less than ``theta``
    times its distance and it does not contain the node itself; otherwise it is opened.
    """
    n = position.shape[0]
    child, head, after, cell_mass, mass_x, mass_y, centre_x, centre_y, half = build_quadtree(position, mass)
    theta2 = theta * theta
    for i in prange(n):
        xi = position[i, 0]
        yi = position[i, 1]
        fx = 0.0
        fy = 0.0
        stack = np.empty(4 * MAX_DEPTH + 8, dtype=np.int64)
        top = 0
        stack[top] = 0
        top += 1
        while top > 0:
            top -= 1
            c = stack[top]
            if child[c] < 0:  # leaf: its nodes one by one
                j = head[c]
                while j >= 0:
                    if j != i:
                        px, py = _push(xi, yi, position[j, 0], position[j, 1], scaling * mass[i] * mass[j])
                        fx += px
                        fy += py
                    j = after[j]
                continue
            dx = xi - mass_x[c] / cell_mass[c]
            dy = yi - mass_y[c] / cell_mass[c]
            d2 = dx * dx + dy * dy
            width = 2.0 * half[c]
            inside = abs(xi - centre_x[c]) <= half[c] and abs(yi - centre_y[c]) <= half[c]
            if not inside and width * width < theta2 * d2:
                px, py = _push(xi, yi, mass_x[c] / cell_mass[c], mass_y[c] / cell_mass[c], scaling * mass[i] * cell_mass[c])
                fx += px
                fy += py
            else:
                for q in range(4):
                    if cell_mass[child[c] + q] > 0.0:
                        stack[top] = child[c] + q
                        top += 1
        force[i, 0], force[i, 1] = _with_gravity(fx, fy, xi, yi, scaling * mass[i] * gravity)


@njit(cache=True, parallel=True)
def exact_repulsion(position, mass, scaling, gravity, force):
    """Degree repulsion over every pair, and gravity, into ``force``."""
    n = position.shape[0]
    for i in prange(n):
        fx = 0.0
        fy = 0.0
        xi = position[i, 0]
        yi = position[i, 1]
        for j in range(n):
            if j != i:
                px, py = _push(xi, yi, position[j, 0], position[j, 1], scaling * mass[i] * mass[j])
                fx += px
                fy += py
        force[i, 0], force[i, 1] = _with_gravity(fx, fy, xi, yi, scaling * mass[i] * gravity)


@njit(cache=True)
def forceatlas2_steps(position, mass, source, target, weight, iterations, scaling, gravity, theta, tolerance_move,
                      patience):
    """Move ``position`` (n x 2, in place) by at most ``iterations`` ForceAtlas2 steps.

    ``theta`` is the Barnes-Hut opening angle (0: exact repulsion over all pairs). Stops early once the mean node displacement of a step stays below ``tolerance_move``
    times the layout's spread (root mean square distance from the centroid) for
    ``patience`` steps in a row. Returns the number of steps taken.
    """
    n = position.shape[0]
    force = np.zeros((n, 2))
    old = np.zeros((n, 2))
    speed = 1.0
    efficiency = 1.0
    tolerance = 0.1 if n < 5000 else 1.0
    calm = 0
    for step in range(iterations):
        if theta > 0.0:
            repulsion(position, mass, scaling, gravity, theta, force)
        else:
            exact_repulsion(position, mass, scaling, gravity, force)
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
        moved = 0.0
        for i in range(n):
            sx = old[i, 0] - force[i, 0]
            sy = old[i, 1] - force[i, 1]
            factor = speed / (1.0 + np.sqrt(speed * mass[i] * np.sqrt(sx * sx + sy * sy)))
            position[i, 0] += force[i, 0] * factor
            position[i, 1] += force[i, 1] * factor
            moved += factor * np.sqrt(force[i, 0] * force[i, 0] + force[i, 1] * force[i, 1])
            old[i, 0] = force[i, 0]
            old[i, 1] = force[i, 1]
        mean_x = position[:, 0].mean()
        mean_y = position[:, 1].mean()
        spread = np.sqrt(((position[:, 0] - mean_x) ** 2 + (position[:, 1] - mean_y) ** 2).mean())
        if spread > 0.0 and moved / n < tolerance_move * spread:
            calm += 1
            if calm >= patience:
                return step + 1
        else:
            calm = 0
    return iterations
