"""Compiled kernels (numba) for the shortest-path measures on a node-weighted graph.

Internal: :mod:`helixnet.metrics.paths` prepares the arrays and turns the results into
measures. Graphs are in CSR form (``indptr`` int64, ``indices`` int32) and every node
stands for ``size[x]`` interchangeable organisations (a twin class, see
:mod:`helixnet.metrics.twins`; 1 for a plain graph). Importing this module compiles
nothing; the first call of a kernel compiles it (or loads it from numba's cache).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _brandes_from(s, lo, hi, indptr, indices, size, target, source_weight,
                  dist, sigma, weighted, order, preds, fill, acc, coef, active, between, totals):
    """One single-source pass of Brandes' algorithm with node multiplicities.

    ``sigma[x]`` is the number of shortest paths from one member of class ``s`` to one
    member of ``x``; a path through ``x`` can use any of its ``size[x]`` members
    (``weighted[x] = sigma[x] * size[x]``; 1 for the source, which is one member). For
    each accumulator k the class dependency δ_k(x) sums, over the targets t beyond or in
    x (``target[y, k]`` of them in class y), the share of shortest paths to t through
    class x (all members together), and ``between[x, k]`` accumulates
    ``source_weight[s, k] * δ_k(x)``; accumulators with no source weight in class s are
    skipped. ``totals`` receives,
    for the source class, the distance sum, reached organisations and harmonic sum over
    the other classes.

    The search is direction-optimising (Beamer et al. 2012): a level is expanded top-down
    from the frontier, or bottom-up from the unvisited nodes of the source's component
    (nodes ``lo:hi``) when their adjacency volume is the smaller one. Either way every
    node records its predecessors (in the slots of its own adjacency list), so the
    backward sweep visits only the arcs of the shortest-path DAG, scattering
    (target + δ) / sigma to the predecessors without any division per arc.
    """
    n_measures = acc.shape[1]
    for x in range(lo, hi):
        dist[x] = -1
    dist[s] = 0
    sigma[s] = 1.0
    weighted[s] = 1.0
    fill[s] = indptr[s]
    order[0] = s
    level_start, level_end = 0, 1
    total_volume = indptr[hi] - indptr[lo]
    frontier_volume = indptr[s + 1] - indptr[s]
    visited_volume = frontier_volume
    level = 0
    while level_start < level_end:
        unvisited_volume = total_volume - visited_volume
        if unvisited_volume == 0:
            break
        tail = level_end
        nxt = level + 1
        if frontier_volume <= unvisited_volume:  # top-down
            for i in range(level_start, level_end):
                v = order[i]
                wv = weighted[v]
                for e in range(indptr[v], indptr[v + 1]):
                    w = indices[e]
                    dw = dist[w]
                    if dw < 0:
                        dist[w] = nxt
                        sigma[w] = wv
                        order[tail] = w
                        tail += 1
                        preds[indptr[w]] = v
                        fill[w] = indptr[w] + 1
                    elif dw == nxt:
                        sigma[w] += wv
                        preds[fill[w]] = v
                        fill[w] += 1
        else:  # bottom-up: each unvisited node looks for partners on the frontier
            for w in range(lo, hi):
                if dist[w] >= 0:
                    continue
                total = 0.0
                slot = indptr[w]
                for e in range(indptr[w], indptr[w + 1]):
                    v = indices[e]
                    if dist[v] == level:
                        total += weighted[v]
                        preds[slot] = v
                        slot += 1
                if slot > indptr[w]:
                    sigma[w] = total
                    fill[w] = slot
                    order[tail] = w
                    tail += 1
            for i in range(level_end, tail):  # mark after the sweep: the level is complete
                dist[order[i]] = nxt
        frontier_volume = 0
        for i in range(level_end, tail):
            x = order[i]
            weighted[x] = sigma[x] * size[x]
            frontier_volume += indptr[x + 1] - indptr[x]
        visited_volume += frontier_volume
        level_start, level_end = level_end, tail
        level = nxt
    reached_end = level_end
    distance_sum = 0.0
    reached = 0.0
    harmonic = 0.0
    for i in range(1, reached_end):
        x = order[i]
        distance_sum += size[x] * dist[x]
        reached += size[x]
        harmonic += size[x] / dist[x]
    totals[0] = distance_sum
    totals[1] = reached
    totals[2] = harmonic
    n_active = 0
    for k in range(n_measures):
        if source_weight[s, k] != 0.0:
            active[n_active] = k
            n_active += 1
    if n_active == 0:
        return
    for i in range(reached_end):
        x = order[i]
        for a in range(n_active):
            acc[x, active[a]] = 0.0
    for i in range(reached_end - 1, 0, -1):
        w = order[i]
        for a in range(n_active):
            k = active[a]
            d = weighted[w] * acc[w, k]  # δ_k(w): acc holds Σ over successors of (t + δ) / sigma
            between[w, k] += source_weight[s, k] * d
            coef[a] = (target[w, k] + d) / sigma[w]
        for e in range(indptr[w], fill[w]):
            u = preds[e]
            for a in range(n_active):
                acc[u, active[a]] += coef[a]


@njit(cache=True, parallel=True)
def brandes_batch(sources, component_lo, component_hi, indptr, indices, size, target, source_weight, n_threads):
    """Run :func:`_brandes_from` from every class in ``sources``, on ``n_threads`` threads.

    Nodes are numbered component by component; ``component_lo[x]:component_hi[x]`` is the
    range of x's component. Returns ``(between, totals)``: ``between[x, k]`` summed over the
    sources (one row per class, one column per accumulator) and ``totals[i]`` = (distance
    sum, reached, harmonic sum) from ``sources[i]``.
    """
    n = len(indptr) - 1
    n_measures = target.shape[1]
    n_threads = max(1, min(n_threads, len(sources)))
    partial = np.zeros((n_threads, n, n_measures))
    totals = np.zeros((len(sources), 3))
    for thread in prange(n_threads):
        _brandes_strided(sources, thread, n_threads, component_lo, component_hi, indptr, indices, size, target,
                         source_weight, partial[thread], totals)
    between = np.zeros((n, n_measures))
    for thread in range(n_threads):
        between += partial[thread]
    return between, totals


@njit(cache=True, nogil=True)
def brandes_serial(sources, component_lo, component_hi, indptr, indices, size, target, source_weight):
    """:func:`brandes_batch` on the calling thread, without a parallel launch (whose cost
    dominates on the many small graphs of the null model)."""
    between = np.zeros((len(indptr) - 1, target.shape[1]))
    totals = np.zeros((len(sources), 3))
    _brandes_strided(sources, 0, 1, component_lo, component_hi, indptr, indices, size, target, source_weight,
                     between, totals)
    return between, totals


@njit(cache=True, nogil=True)
def _brandes_strided(sources, first, step, component_lo, component_hi, indptr, indices, size, target, source_weight,
                     between, totals):
    """:func:`_brandes_from` from ``sources[first::step]``, accumulating into ``between``."""
    n = len(indptr) - 1
    n_measures = target.shape[1]
    dist = np.full(n, -1, dtype=np.int32)
    sigma = np.empty(n)
    weighted = np.empty(n)
    order = np.empty(n, dtype=np.int32)
    preds = np.empty(len(indices), dtype=np.int32)
    fill = np.empty(n, dtype=np.int64)
    acc = np.empty((n, n_measures))
    coef = np.empty(n_measures)
    active = np.empty(n_measures, dtype=np.int64)
    for i in range(first, len(sources), step):
        s = sources[i]
        _brandes_from(s, component_lo[s], component_hi[s], indptr, indices, size, target, source_weight,
                      dist, sigma, weighted, order, preds, fill, acc, coef, active, between, totals[i])


@njit(cache=True, nogil=True)
def _pick_member(c, size, member_ptr, members):
    """A uniformly random organisation of class ``c``."""
    return members[member_ptr[c] + np.random.randint(0, int(size[c]))]


@njit(cache=True, nogil=True)
def _walk_back(start, end, stamp, seen, dist, sigma, indptr, indices, size, member_ptr, members, counts):
    """Follow one uniformly random shortest path from ``start`` back to the search origin
    ``end``, counting every organisation passed (classes other than ``end``)."""
    cur = start
    while cur != end:
        total = 0.0
        for e in range(indptr[cur], indptr[cur + 1]):
            u = indices[e]
            if seen[u] == stamp and dist[u] == dist[cur] - 1:
                total += sigma[u] * (1.0 if u == end else size[u])
        pick = np.random.random() * total
        chosen = -1
        for e in range(indptr[cur], indptr[cur + 1]):
            u = indices[e]
            if seen[u] == stamp and dist[u] == dist[cur] - 1:
                chosen = u
                pick -= sigma[u] * (1.0 if u == end else size[u])
                if pick < 0.0:
                    break
        cur = chosen
        if cur != end:
            counts[_pick_member(cur, size, member_ptr, members)] += 1


@njit(cache=True, nogil=True)
def _expand(frontier_start, frontier_end, queue, origin, stamp, seen, dist, sigma, indptr, indices, size):
    """Expand one breadth-first level of a bidirectional search; returns the new queue end."""
    tail = frontier_end
    for i in range(frontier_start, frontier_end):
        v = queue[i]
        weighted = sigma[v] * (1.0 if v == origin else size[v])
        dv = dist[v] + 1
        for e in range(indptr[v], indptr[v + 1]):
            w = indices[e]
            if seen[w] != stamp:
                seen[w] = stamp
                dist[w] = dv
                sigma[w] = weighted
                queue[tail] = w
                tail += 1
            elif dist[w] == dv:
                sigma[w] += weighted
    return tail


@njit(cache=True, nogil=True)
def _sample_path(s, t, stamp, classes, closed, degree, indptr, indices, size, member_ptr, members,
                 seen_s, seen_t, dist_s, dist_t, sigma_s, sigma_t, queue_s, queue_t, counts):
    """Count the inner organisations of one uniformly random shortest s–t path."""
    cs, ct = classes[s], classes[t]
    if cs == ct:
        if closed[cs] or degree[cs] == 0:
            return  # tied to each other, or both isolated: no inner organisation
        pick = np.random.random() * degree[cs]  # a uniform common partner of two open twins
        for e in range(indptr[cs], indptr[cs + 1]):
            c = indices[e]
            pick -= size[c]
            if pick < 0.0:
                counts[_pick_member(c, size, member_ptr, members)] += 1
                return
        return
    seen_s[cs], dist_s[cs], sigma_s[cs], queue_s[0] = stamp, 0, 1.0, cs
    seen_t[ct], dist_t[ct], sigma_t[ct], queue_t[0] = stamp, 0, 1.0, ct
    start_s, end_s, start_t, end_t = 0, 1, 0, 1
    work_s, work_t = indptr[cs + 1] - indptr[cs], indptr[ct + 1] - indptr[ct]
    while True:
        if end_s == start_s or end_t == start_t:
            return  # in different components
        forward = work_s <= work_t
        if forward:
            tail = _expand(start_s, end_s, queue_s, cs, stamp, seen_s, dist_s, sigma_s, indptr, indices, size)
            start_s, end_s = end_s, tail
            new_start, new_end, queue, other_seen = start_s, end_s, queue_s, seen_t
        else:
            tail = _expand(start_t, end_t, queue_t, ct, stamp, seen_t, dist_t, sigma_t, indptr, indices, size)
            start_t, end_t = end_t, tail
            new_start, new_end, queue, other_seen = start_t, end_t, queue_t, seen_s
        total = 0.0
        work = 0
        for i in range(new_start, new_end):
            w = queue[i]
            work += indptr[w + 1] - indptr[w]
            if other_seen[w] == stamp:
                total += sigma_s[w] * sigma_t[w] * (1.0 if (w == cs or w == ct) else size[w])
        if forward:
            work_s = work
        else:
            work_t = work
        if total > 0.0:
            pick = np.random.random() * total
            middle = -1
            for i in range(new_start, new_end):
                w = queue[i]
                if other_seen[w] == stamp:
                    middle = w
                    pick -= sigma_s[w] * sigma_t[w] * (1.0 if (w == cs or w == ct) else size[w])
                    if pick < 0.0:
                        break
            if middle != cs and middle != ct:
                counts[_pick_member(middle, size, member_ptr, members)] += 1
            _walk_back(middle, cs, stamp, seen_s, dist_s, sigma_s, indptr, indices, size, member_ptr, members, counts)
            _walk_back(middle, ct, stamp, seen_t, dist_t, sigma_t, indptr, indices, size, member_ptr, members, counts)
            return


@njit(cache=True, parallel=True)
def sample_paths(n_samples, sources, targets, different_groups, group, classes, closed, degree,
                 indptr, indices, size, member_ptr, members, seed, n_chunks):
    """Riondato–Kornaropoulos sampling: ``n_samples`` uniformly random eligible ordered pairs
    (s from ``sources``, t from ``targets``, s ≠ t, and different groups if asked), one
    uniformly random shortest path each (balanced bidirectional search on the twin
    quotient); returns how often each organisation is an inner node of the sampled paths.

    The samples are split into ``n_chunks`` fixed chunks, each with its own seed, and the
    counts are integers, so the result does not depend on the number of threads.
    """
    n_nodes = len(classes)
    n = len(indptr) - 1
    chunk_counts = np.zeros((n_chunks, n_nodes), dtype=np.int64)
    for chunk in prange(n_chunks):
        np.random.seed(seed * 1_000_003 + chunk)
        seen_s = np.zeros(n, dtype=np.int64)
        seen_t = np.zeros(n, dtype=np.int64)
        dist_s = np.zeros(n, dtype=np.int32)
        dist_t = np.zeros(n, dtype=np.int32)
        sigma_s = np.zeros(n)
        sigma_t = np.zeros(n)
        queue_s = np.zeros(n, dtype=np.int32)
        queue_t = np.zeros(n, dtype=np.int32)
        first = chunk * n_samples // n_chunks
        last = (chunk + 1) * n_samples // n_chunks
        for sample in range(first, last):
            while True:
                s = sources[np.random.randint(0, len(sources))]
                t = targets[np.random.randint(0, len(targets))]
                if s != t and not (different_groups and group[s] == group[t]):
                    break
            _sample_path(s, t, sample + 1, classes, closed, degree, indptr, indices, size, member_ptr,
                         members, seen_s, seen_t, dist_s, dist_t, sigma_s, sigma_t, queue_s, queue_t,
                         chunk_counts[chunk])
    counts = np.zeros(n_nodes, dtype=np.int64)
    for chunk in range(n_chunks):
        counts += chunk_counts[chunk]
    return counts


@njit(cache=True)
def eccentricities(indptr, indices, sources):
    """Eccentricity (largest hop distance within its component) of every node in ``sources``."""
    n = len(indptr) - 1
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    result = np.zeros(len(sources), dtype=np.int64)
    for i in range(len(sources)):
        s = sources[i]
        dist[s] = 0
        queue[0] = s
        head, tail = 0, 1
        while head < tail:
            v = queue[head]
            head += 1
            for e in range(indptr[v], indptr[v + 1]):
                w = indices[e]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue[tail] = w
                    tail += 1
        result[i] = dist[queue[tail - 1]]
        for j in range(tail):
            dist[queue[j]] = -1
    return result


@njit(cache=True, nogil=True)
def _bit_weights(batch, size):
    """Table of summed multiplicities per byte of a 64-bit source mask: entry [j, b] is the
    total size of the sources whose bits are set in byte value b at byte position j."""
    table = np.zeros((8, 256))
    for j in range(8):
        for b in range(256):
            total = 0.0
            for bit in range(8):
                i = 8 * j + bit
                if (b >> bit) & 1 and i < len(batch):
                    total += size[batch[i]]
            table[j, b] = total
    return table


@njit(cache=True, nogil=True)
def _weighted_count(mask, table):
    """Summed multiplicities of the sources whose bits are set in ``mask``."""
    total = 0.0
    for j in range(8):
        total += table[j, (mask >> np.uint64(8 * j)) & np.uint64(255)]
    return total


@njit(cache=True, parallel=True)
def distance_sums(indptr, indices, size, batch_starts, ranges, n_threads):
    """Distance sums, reached organisations and inverse-distance sums of every node, from
    bit-parallel breadth-first searches of 64 sources at once.

    Sources are all nodes, in batches ``batch_starts[b]:batch_starts[b + 1]`` of at most 64
    whose components lie in the node range ``ranges[b]`` (nodes are numbered component by
    component). Each node keeps one 64-bit word of the sources that reached it; a level
    ORs the words of its neighbours' frontier, so one sweep advances 64 searches. Returns an
    (n, 3) array: for node v, Σ size(c)·d(c, v), Σ size(c) and Σ size(c)/d(c, v) over the
    other nodes c that reach v.
    """
    n = len(indptr) - 1
    n_batches = len(batch_starts) - 1
    n_threads = max(1, min(n_threads, n_batches))
    partial = np.zeros((n_threads, n, 3))
    zero = np.uint64(0)
    one = np.uint64(1)
    for thread in prange(n_threads):
        visited = np.zeros(n, dtype=np.uint64)
        frontier = np.zeros(n, dtype=np.uint64)
        upcoming = np.zeros(n, dtype=np.uint64)
        out = partial[thread]
        for b in range(thread, n_batches, n_threads):
            batch = np.arange(batch_starts[b], batch_starts[b + 1])
            lo, hi = ranges[b, 0], ranges[b, 1]
            table = _bit_weights(batch, size)
            full = zero
            for i in range(len(batch)):
                bit = one << np.uint64(i)
                full |= bit
                visited[batch[i]] |= bit
                frontier[batch[i]] |= bit
            level = 0
            growing = True
            while growing:
                level += 1
                growing = False
                for v in range(lo, hi):
                    seen = visited[v]
                    if seen == full:
                        upcoming[v] = zero
                        continue
                    reach = zero
                    for e in range(indptr[v], indptr[v + 1]):
                        reach |= frontier[indices[e]]
                    new = reach & ~seen
                    upcoming[v] = new
                    if new != zero:
                        visited[v] = seen | new
                        growing = True
                        weight = _weighted_count(new, table)
                        out[v, 0] += level * weight
                        out[v, 1] += weight
                        out[v, 2] += weight / level
                for v in range(lo, hi):
                    frontier[v] = upcoming[v]
            for v in range(lo, hi):
                visited[v] = zero
                frontier[v] = zero
    result = np.zeros((n, 3))
    for thread in range(n_threads):
        result += partial[thread]
    return result


@njit(cache=True, parallel=True)
def two_step_sums(indptr, indices, p, a, inverse_sum, n_threads):
    """For every arc (i, j) of a symmetric graph without self-loops (CSR, ``p`` and ``a``
    on its entries, p_ij = a_ij / s_i with ``inverse_sum`` = 1/s): Σ_q p_iq p_qj and
    Σ_q p_iq a_jq over the common neighbours q of i and j. Row i scatters its p_i. into a dense array, then reads it along each
    neighbour's row: O(Σ_j deg(j)²) work, no memory beyond two values per arc."""
    n = len(indptr) - 1
    via_p = np.zeros(len(indices))
    via_a = np.zeros(len(indices))
    n_threads = max(1, min(n_threads, n))
    for thread in prange(n_threads):
        marker = np.zeros(n)
        for i in range(thread, n, n_threads):
            for e in range(indptr[i], indptr[i + 1]):
                marker[indices[e]] = p[e]
            for e in range(indptr[i], indptr[i + 1]):
                j = indices[e]
                sum_p = 0.0
                sum_a = 0.0
                for f in range(indptr[j], indptr[j + 1]):
                    q = indices[f]
                    weight = marker[q]
                    if weight != 0.0:
                        sum_p += weight * a[f] * inverse_sum[q]  # p_qj = a_jq / s_q
                        sum_a += weight * a[f]
                via_p[e] = sum_p
                via_a[e] = sum_a
            for e in range(indptr[i], indptr[i + 1]):
                marker[indices[e]] = 0.0
    return via_p, via_a


@njit(cache=True, parallel=True)
def count_within_two(indptr, indices, flagged_indptr, flagged_indices, flags, n_threads):
    """For every node i and every column of ``flags`` (one value per node), the sum of the
    flags of the distinct nodes at distance 1 or 2 from i, i itself excluded.

    ``flagged_indptr`` / ``flagged_indices`` is the adjacency restricted to nodes with a
    non-zero flag. Each node stamps the flagged nodes it reaches, so a node reached along
    several paths counts once: O(Σ_j deg(j) deg_flagged(j)) work.
    """
    n = len(indptr) - 1
    out = np.zeros((n, flags.shape[1]))
    n_threads = max(1, min(n_threads, n))
    for thread in prange(n_threads):
        stamp = np.full(n, -1, dtype=np.int64)
        for i in range(thread, n, n_threads):
            stamp[i] = i  # i itself never counts
            for e in range(indptr[i], indptr[i + 1]):
                j = indices[e]
                _count_once(i, j, stamp, flags, out)
                for f in range(flagged_indptr[j], flagged_indptr[j + 1]):
                    _count_once(i, flagged_indices[f], stamp, flags, out)
    return out


@njit(cache=True, nogil=True, inline="always")
def _count_once(i, q, stamp, flags, out):
    """Add q's flags to i's counts unless i has counted q already."""
    if stamp[q] != i:
        stamp[q] = i
        for k in range(flags.shape[1]):
            out[i, k] += flags[q, k]
