"""Degree-preserving null model of the organisation–project (two-mode) network.

The *fixed-degree-sequence model* of a two-mode network is the uniform distribution over
all 0/1 incidence matrices with the observed row sums (each organisation keeps its number
of projects) and column sums (each project keeps its number of participants). helixnet
samples it with the **curveball** Markov chain of Strona et al. (2014), as R vegan's
``nullmodel(m, "curveball")``: a *trade* picks two rows a and b at random, pools the
columns that only one of them has, shuffles the pool and gives each row back as many as
it had (drawn here as a uniformly random subset in sorted order, see :func:`_trade`). Shared columns stay with both rows, so a trade never creates a duplicate
incidence; row sums stay because each row gets back as many columns as it gave, and column
sums stay because every pooled column still goes to exactly one of the two rows. The
chain is symmetric and irreducible on the set of matrices with these margins, so its
stationary distribution is uniform (Carstens 2015); ``tests/test_nullmodel.py`` checks this
against exact enumeration on tiny matrices.

**Strata.** With ``strata`` (e.g. each organisation's helix), trades only pair two rows of
the same stratum. Then every project also keeps how many participants of each stratum
it has (its helix composition): the chain is a curveball chain on each stratum's block of
the matrix, uniform over the matrices with those finer margins.

**Mixing length.** Every replicate runs its own chain from the observed matrix for
``trades`` trades (default :func:`default_trades`: :data:`TRADES_PER_ENTRY` per entry of
the matrix, i.e. per participation). A trade between a hub and a small row exchanges at
most the small row's columns, so a hub row needs many trades: the length scales with the
entries, not the rows. The tests and ``benchmarks/baselines.py`` check it empirically: the
share of the observed incidences a replicate keeps has reached its stationary level (the
level of a chain ten times as long) within sampling error. Measured on the embedded data
(11,218 participations, 10 samples each): 10 trades per row (10,900) kept 25.5% of the
incidences, 109,000 trades 8.3%, 327,000 8.1%, 1,090,000 8.1%, 3,270,000 7.9%; the
expectation under independence, Σ r_i c_j / E² over the observed entries, is 8.2%. The
default (112,180 trades on the embedded data) kept 8.37% ± 0.15% against 8.05% ± 0.19% for
ten times as many (benchmarks/baselines.py --mixing): close to, but about 0.3 percentage
points above, the stationary level; a longer chain (``trades``) costs O(r_a + r_b) per trade
(one merge of the two rows: 0.08 s of CPU for the default 112,180 trades on the embedded
data, 0.23 s for 596,650 on the Belgian part of Horizon 2020). Independent chains cost more trades than one thinned chain but make replicate
``r`` depend only on ``(seed, r)``, so the samples are identical however many workers
draw them.

References
----------
.. [1] Strona, G., Nappo, D., Boccacci, F., Fattorini, S. & San-Miguel-Ayanz, J. (2014). A
   fast and unbiased procedure to randomize ecological binary matrices with fixed row and
   column totals. *Nature Communications* 5, 4114.
.. [2] Carstens, C. J. (2015). Proof of uniform sampling of binary matrices with fixed row
   sums and column sums for the fast curveball algorithm. *Physical Review E* 91, 042812.
.. [3] Oksanen, J. et al. vegan: Community Ecology Package, R package, ``nullmodel`` and
   ``simulate.nullmodel`` with method ``"curveball"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from helixnet.errors import OptionError

__all__ = ["Incidence", "curveball", "default_trades", "replicate_seeds", "map_replicates", "TRADES_PER_ENTRY"]

#: Default mixing length: trades per entry (participation) of the incidence matrix; see the
#: module docstring for how it is checked.
TRADES_PER_ENTRY = 10


@dataclass(frozen=True)
class Incidence:
    """A 0/1 incidence matrix in CSR form: row ``i`` holds the sorted column indices
    ``indices[indptr[i]:indptr[i + 1]]`` (no duplicates).

    Rows are organisations and columns projects in :mod:`helixnet.metrics.evidence`; the
    sampler does not care.
    """

    indptr: np.ndarray
    indices: np.ndarray
    n_columns: int

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(self.indptr) - 1

    def row_sums(self) -> np.ndarray:
        """Entries per row."""
        return np.diff(self.indptr)

    def column_sums(self) -> np.ndarray:
        """Entries per column."""
        return np.bincount(self.indices, minlength=self.n_columns)

    def to_sparse(self):
        """The matrix as a scipy CSR array of float ones."""
        import scipy.sparse

        return scipy.sparse.csr_array((np.ones(len(self.indices)), self.indices, self.indptr),
                                      shape=(self.n_rows, self.n_columns))

    @classmethod
    def from_pairs(cls, rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> "Incidence":
        """The incidence with an entry at every ``(rows[k], columns[k])``.

        Raises :class:`~helixnet.errors.OptionError` on a repeated pair or an index out of range.
        """
        rows = np.asarray(rows, dtype=np.int64)
        columns = np.asarray(columns, dtype=np.int64)
        if len(rows) != len(columns):
            raise OptionError(f"expected as many row as column indices, got {len(rows)} and {len(columns)}")
        if len(rows) and (rows.min() < 0 or rows.max() >= n_rows or columns.min() < 0 or columns.max() >= n_columns):
            raise OptionError(f"an incidence index is out of range; expected rows < {n_rows} and columns < {n_columns}")
        order = np.lexsort((columns, rows))
        rows, columns = rows[order], columns[order]
        repeated = np.flatnonzero((np.diff(rows) == 0) & (np.diff(columns) == 0))
        if len(repeated):
            k = int(repeated[0])
            raise OptionError(f"incidence ({int(rows[k])}, {int(columns[k])}) is given twice; expected each pair once")
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return cls(indptr, columns.astype(np.int64), int(n_columns))


def default_trades(incidence: "Incidence") -> int:
    """The default mixing length of ``incidence``: :data:`TRADES_PER_ENTRY` trades per entry."""
    return TRADES_PER_ENTRY * max(len(incidence.indices), 1)


def replicate_seeds(seed: int, replicates: int, stream: int = 0) -> np.ndarray:
    """One independent 31-bit seed per replicate, from :class:`numpy.random.SeedSequence`
    with entropy ``(seed, stream)`` (one stream per use, e.g. null model and bootstrap).

    Replicate ``r`` depends only on ``seed``, ``stream`` and ``r``.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise OptionError(f"seed {seed!r}: expected a whole number >= 0")
    if isinstance(replicates, bool) or not isinstance(replicates, (int, np.integer)) or replicates < 0:
        raise OptionError(f"replicates {replicates!r}: expected a whole number >= 0")
    children = np.random.SeedSequence([int(seed), int(stream)]).spawn(int(replicates))
    return np.array([child.generate_state(1, dtype=np.uint32)[0] >> 1 for child in children], dtype=np.int64)


def map_replicates(function, seeds, workers: int | None = None) -> list:
    """``[function(seed) for seed in seeds]``, on ``workers`` threads (default: numba's
    thread count). The compiled kernels release the GIL, so replicates run in parallel;
    each result depends only on its seed, so the list is the same for any ``workers``."""
    from concurrent.futures import ThreadPoolExecutor

    if workers is None:
        from numba import get_num_threads

        workers = get_num_threads()
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise OptionError(f"workers {workers!r}: expected a whole number >= 1")
    seeds = [int(seed) for seed in seeds]
    if workers == 1 or len(seeds) < 2:
        return [function(seed) for seed in seeds]
    with ThreadPoolExecutor(max_workers=int(workers)) as pool:
        return list(pool.map(function, seeds))


def curveball(incidence: Incidence, seed: int, trades: int | None = None,
              strata: np.ndarray | None = None) -> Incidence:
    """One sample of the fixed-degree-sequence model: ``trades`` curveball trades from
    ``incidence``.

    Parameters
    ----------
    incidence : Incidence
        The observed matrix (not changed).
    seed : int
        Seed of the chain (numba's Mersenne Twister); same seed, same sample.
    trades : int, optional
        Number of trades; default :func:`default_trades`.
    strata : numpy.ndarray of int, optional
        Stratum code per row; trades pair rows of one stratum only, so that every column
        also keeps its number of entries per stratum.

    Returns
    -------
    Incidence
        A matrix with the same row and column sums (and per-stratum column sums).

    Raises
    ------
    OptionError
        If ``trades`` is negative or ``strata`` does not have one code per row.
    """
    n = incidence.n_rows
    trades = default_trades(incidence) if trades is None else int(trades)
    if trades < 0:
        raise OptionError(f"trades {trades}: expected a number of trades >= 0")
    if strata is None:
        strata = np.zeros(n, dtype=np.int64)
    strata = np.asarray(strata, dtype=np.int64)
    if strata.shape != (n,):
        raise OptionError(f"strata has {strata.size} codes; expected one per row ({n})")
    _, codes = np.unique(strata, return_inverse=True)
    order = np.argsort(codes, kind="stable")  # rows grouped by stratum
    bounds = np.searchsorted(codes[order], np.arange(codes.max() + 2 if n else 1))
    indices = incidence.indices.astype(np.int64).copy()
    _trade(incidence.indptr.astype(np.int64), indices, codes.astype(np.int64), order.astype(np.int64),
           bounds.astype(np.int64), int(trades), int(seed))
    return Incidence(incidence.indptr, indices, incidence.n_columns)


@njit(cache=True, nogil=True)
def _trade(indptr, indices, codes, order, bounds, trades, seed):
    """``trades`` curveball trades in place on the CSR rows of ``indices``.

    A trade merges the two sorted rows once: a shared column goes to both, and each
    column only one row has goes to row a with probability (columns a still needs) /
    (pooled columns left) — selection sampling (Knuth's Algorithm S), which gives a a
    uniformly random subset of the pool of the size it had, as a shuffle of the pool
    would, but in sorted order, so no sort and no second pass are needed.
    """
    np.random.seed(seed)
    n = len(indptr) - 1
    if n < 2:
        return
    width = 1
    for i in range(n):
        width = max(width, indptr[i + 1] - indptr[i])
    row_a = np.empty(width, dtype=np.int64)
    row_b = np.empty(width, dtype=np.int64)
    for _ in range(trades):
        a = np.random.randint(0, n)
        stratum = codes[a]
        lo, hi = bounds[stratum], bounds[stratum + 1]
        if hi - lo < 2:
            continue
        b = order[lo + np.random.randint(0, hi - lo - 1)]
        if b == a:  # a uniform draw among the other rows of the stratum: a's slot maps to the last
            b = order[hi - 1]
        a0, a1 = indptr[a], indptr[a + 1]
        b0, b1 = indptr[b], indptr[b + 1]
        n_shared = _shared(indices, a0, a1, b0, b1)
        need = a1 - a0 - n_shared  # the pooled columns a gets back: as many as it gave
        left = need + b1 - b0 - n_shared  # pooled columns not yet dealt
        if need == 0 or left == need:
            continue
        i, j, k_a, k_b = a0, b0, 0, 0
        while i < a1 or j < b1:
            if j >= b1 or (i < a1 and indices[i] < indices[j]):
                column = indices[i]
                i += 1
            elif i >= a1 or indices[j] < indices[i]:
                column = indices[j]
                j += 1
            else:  # shared: stays with both
                row_a[k_a] = indices[i]
                row_b[k_b] = indices[i]
                k_a += 1
                k_b += 1
                i += 1
                j += 1
                continue
            if np.random.random() * left < need:
                row_a[k_a] = column
                k_a += 1
                need -= 1
            else:
                row_b[k_b] = column
                k_b += 1
            left -= 1
        indices[a0:a1] = row_a[:k_a]
        indices[b0:b1] = row_b[:k_b]


@njit(cache=True, nogil=True)
def _shared(indices, x0, x1, y0, y1):
    """Number of columns the sorted rows ``indices[x0:x1]`` and ``indices[y0:y1]`` share."""
    i, j, count = x0, y0, 0
    while i < x1 and j < y1:
        if indices[i] < indices[j]:
            i += 1
        elif indices[j] < indices[i]:
            j += 1
        else:
            count += 1
            i += 1
            j += 1
    return count
