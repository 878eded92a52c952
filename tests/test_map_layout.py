"""The ForceAtlas2 kernel: Barnes-Hut repulsion against the exact sum, determinism on any
number of threads, and the convergence criterion."""

from __future__ import annotations

import numpy as np
import pytest

from helixnet.viz._fa2_kernel import build_quadtree, exact_repulsion, repulsion
from helixnet.viz.forceatlas2 import EXACT_MAX_NODES, forceatlas2_run


def random_graph(n: int, m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    source = rng.integers(0, n, size=m)
    target = (source + 1 + rng.integers(0, n - 1, size=m)) % n  # never a self-loop
    return source, target, rng.uniform(0.5, 3.0, size=m)


def forces(position, mass, theta):
    out = np.zeros_like(position)
    if theta == 0:
        exact_repulsion(position, mass, 10.0, 1.0, out)
    else:
        repulsion(position, mass, 10.0, 1.0, theta, out)
    return out


def test_quadtree_cells_hold_the_mass_of_their_nodes_and_coincident_nodes_share_a_leaf():
    position = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [-3.0, 2.0], [2.0, -1.0]])
    mass = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    child, head, after, cell_mass, mass_x, mass_y, *_ = build_quadtree(position, mass)
    assert cell_mass[0] == 15.0
    assert mass_x[0] == pytest.approx(float(mass @ position[:, 0]))
    assert mass_y[0] == pytest.approx(float(mass @ position[:, 1]))
    leaves = [c for c in range(len(child)) if child[c] < 0 and head[c] >= 0]
    members = []
    for c in leaves:
        j, here = head[c], []
        while j >= 0:
            here.append(int(j))
            j = after[j]
        members.append(sorted(here))
    assert sorted(members) == [[0], [1, 2], [3], [4]]  # every node once; the two at (1, 1) together


def test_barnes_hut_is_close_to_the_exact_repulsion_and_exact_when_every_cell_is_opened():
    rng = np.random.default_rng(3)
    position = rng.normal(size=(400, 2)) * 100.0
    mass = 1.0 + rng.integers(0, 20, size=400).astype(float)
    exact = forces(position, mass, 0)
    size = np.linalg.norm(exact, axis=1)
    for theta, tolerance in ((1.2, 0.05), (0.5, 0.01)):
        error = np.linalg.norm(forces(position, mass, theta) - exact, axis=1) / size
        assert np.median(error) < tolerance
    np.testing.assert_allclose(forces(position, mass, 1e-9), exact, rtol=1e-9)


@pytest.mark.parametrize("n", [16, EXACT_MAX_NODES + 200])  # exact sum, then Barnes-Hut
def test_layout_is_seeded_and_the_same_on_one_thread(n):
    import numba

    source, target, weight = random_graph(n, 3 * n)
    first, steps = forceatlas2_run(n, source, target, weight, seed=4, iterations=60, tolerance=0)
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        single, _ = forceatlas2_run(n, source, target, weight, seed=4, iterations=60, tolerance=0)
    finally:
        numba.set_num_threads(previous)
    assert steps == 60
    assert np.array_equal(first, single)
    assert not np.array_equal(first, forceatlas2_run(n, source, target, weight, seed=5, iterations=60, tolerance=0)[0])


def test_convergence_stops_early_and_a_zero_tolerance_runs_every_step():
    source, target, weight = random_graph(200, 600)
    _, converged = forceatlas2_run(200, source, target, weight, seed=1, iterations=2000)
    _, every = forceatlas2_run(200, source, target, weight, seed=1, iterations=300, tolerance=0)
    assert converged < 2000
    assert every == 300
    # a stricter tolerance takes longer
    assert forceatlas2_run(200, source, target, weight, seed=1, iterations=2000, tolerance=1e-4)[1] > converged
