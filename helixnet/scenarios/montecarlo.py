"""Seeded Monte Carlo runner for scenarios with random operations.

A scenario with random parts (tie attrition, ties added by a random rule) is evaluated by
calling ``function(rng_seed)`` once per run; ``function`` builds the scenario graph with
``numpy.random.default_rng(rng_seed)`` and returns its outcomes as a pandas Series.

**Seeds.** The run seeds come from :class:`numpy.random.SeedSequence`:
``SeedSequence(seed).spawn(n_runs)`` gives n_runs independent child sequences, and run r
receives the 64-bit integer ``children[r].generate_state(1, numpy.uint64)[0]``. Spawned
children have statistically independent streams (NumPy's recommended way to seed parallel
work), and run r's seed depends only on ``seed`` and r, so adding runs keeps the earlier
ones and the results do not depend on how runs are spread over processes.

**Processes.** Runs go to a :mod:`multiprocessing` pool of ``processes`` workers (the
``fork`` start method where the platform has it, so the function, even a closure, is
inherited rather than pickled; ``spawn`` elsewhere, which needs a picklable function such
as a module-level function or :func:`functools.partial` of one). ``processes=1`` runs
inline. Results come back in run order, so they are identical whatever ``processes`` is.

**Interval.** ``low`` and ``high`` are the empirical 5th and 95th percentiles of the runs
(linear interpolation between order statistics, numpy's default, Hyndman & Fan type 7):
a 90% interval of the outcome's distribution over the random operations (not a
confidence interval of the mean; that would be sd / sqrt(n_runs) wide).

References
----------
.. [1] NumPy documentation, "Parallel random number generation" (SeedSequence.spawn).
.. [2] Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical packages.
   *The American Statistician* 50(4), 361–365.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helixnet.errors import OptionError

__all__ = ["HIGH_QUANTILE", "LOW_QUANTILE", "SCHEDULER_ENV", "MonteCarloResult", "map_tasks", "run", "run_seeds"]

#: Quantiles of the reported 90% interval.
LOW_QUANTILE = 0.05
HIGH_QUANTILE = 0.95

SUMMARY_COLUMNS: tuple[str, ...] = ("mean", "low", "high", "sd")

#: Environment variable with the address of a dask.distributed scheduler (``--scheduler`` wins).
SCHEDULER_ENV = "HELIXNET_SCHEDULER"

# The function being run, installed in each worker by the pool initializer.
_FUNCTION: Callable[[int], pd.Series] | None = None


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Outcomes of n_runs seeded runs and their summary.

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per run (index ``run`` = 0..n_runs-1), one float column per outcome.
    seeds : tuple of int
        The seed passed to the function in each run (see :func:`run_seeds`).
    random : bool
        False when the function is deterministic and was run once.
    """

    runs: pd.DataFrame
    seeds: tuple[int, ...]
    random: bool = True

    @property
    def n_runs(self) -> int:
        """Number of runs (1 for a deterministic function)."""
        return len(self.runs)

    @property
    def mean(self) -> pd.Series:
        """Mean of each outcome over the runs (NaN runs skipped)."""
        return self.runs.mean(axis=0)

    @property
    def low(self) -> pd.Series:
        """Empirical 5th percentile of each outcome (lower end of the 90% interval)."""
        return self._quantile(LOW_QUANTILE)

    @property
    def high(self) -> pd.Series:
        """Empirical 95th percentile of each outcome (upper end of the 90% interval)."""
        return self._quantile(HIGH_QUANTILE)

    @property
    def sd(self) -> pd.Series:
        """Standard deviation over the runs (ddof 1); 0 for a deterministic function,
        NaN for a single random run."""
        if not self.random:
            return pd.Series(0.0, index=self.runs.columns)
        return self.runs.std(axis=0, ddof=1)

    def _quantile(self, q: float) -> pd.Series:
        if not self.random:
            return self.mean
        return self.runs.quantile(q, axis=0, interpolation="linear").rename(None)

    def summary(self) -> pd.DataFrame:
        """Table outcome x (mean, low, high, sd); low/high the empirical 90% interval."""
        frame = pd.DataFrame(
            {"mean": self.mean, "low": self.low, "high": self.high, "sd": self.sd},
            columns=list(SUMMARY_COLUMNS),
        )
        frame.index.name = "outcome"
        return frame

    def minus(self, reference: pd.Series | float) -> MonteCarloResult:
        """Each run minus ``reference`` (e.g. the baseline outcomes), aligned by outcome.

        Differences from a deterministic baseline keep the run-to-run spread, so the
        interval of the difference is the interval of the scenario shifted.
        """
        return MonteCarloResult(self.runs.sub(reference, axis=1), self.seeds, self.random)


def run_seeds(seed: int, n_runs: int) -> list[int]:
    """The integer seed of each run: ``SeedSequence(seed).spawn(n_runs)``, one uint64 each."""
    _check_count("n_runs", n_runs)
    _check_seed(seed)
    children = np.random.SeedSequence(seed).spawn(n_runs)
    return [int(child.generate_state(1, np.uint64)[0]) for child in children]


def run(
    function: Callable[[int], pd.Series],
    n_runs: int = 200,
    seed: int = 0,
    processes: int = 2,
    *,
    random: bool = True,
) -> MonteCarloResult:
    """Run ``function(rng_seed)`` n_runs times with independent derived seeds.

    Parameters
    ----------
    function : callable
        ``function(rng_seed: int) -> pandas.Series`` of numeric outcomes; the same index
        in every run is expected (missing outcomes become NaN). It should draw all its
        randomness from ``numpy.random.default_rng(rng_seed)``.
    n_runs : int, default 200
        Number of runs (>= 1).
    seed : int, default 0
        Master seed (non-negative); run seeds from :func:`run_seeds`.
    processes : int, default 2
        Worker processes (>= 1); 1 runs inline. The results do not depend on it.
    random : bool, default True
        False for a deterministic function: it runs once (with the first run seed) and
        the result has n_runs = 1, low = high = mean and sd = 0.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    OptionError
        If ``n_runs`` or ``processes`` is not a positive integer, ``seed`` is not a
        non-negative integer, ``function`` is not callable or does not return a Series.
    """
    if not callable(function):
        raise OptionError(f"function = {function!r}; expected a callable taking a seed")
    _check_count("processes", processes)
    seeds = run_seeds(seed, n_runs if random else 1)
    if processes == 1 or len(seeds) == 1:
        results = [function(s) for s in seeds]
    else:
        results = _run_in_pool(function, seeds, min(processes, len(seeds)))
    return MonteCarloResult(_runs_frame(results), tuple(seeds), random)


def map_tasks(function: Callable, items: list, processes: int = 2, scheduler: str | None = None) -> list:
    """``[function(item) for item in items]``, in parallel, results in item order.

    With a scheduler address (``scheduler``, else the environment variable
    :data:`SCHEDULER_ENV`) the calls run on that dask.distributed cluster: ``function`` is
    scattered to every worker once and the items are mapped over it. Otherwise they run in
    a local pool of ``processes`` workers (inline for 1). The results do not depend on where
    or on how many workers they ran, as long as ``function`` takes all its randomness from
    its item.

    Raises
    ------
    OptionError
        If ``processes`` is not a positive integer or the scheduler cannot be reached.
    """
    import os

    _check_count("processes", processes)
    address = scheduler or os.environ.get(SCHEDULER_ENV, "").strip() or None
    if address is not None:
        return _map_on_dask(function, items, address)
    if processes == 1 or len(items) <= 1:
        return [function(item) for item in items]
    return _run_in_pool(function, items, min(processes, len(items)))


def _map_on_dask(function: Callable, items: list, address: str) -> list:
    from distributed import Client

    try:
        client = Client(address, timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise OptionError(f"scheduler {address!r} cannot be reached ({error}); expected the address of a running "
                          f"dask.distributed scheduler, e.g. tcp://host:8786 (--scheduler or {SCHEDULER_ENV})") from None
    with client:
        shared = client.scatter(function, broadcast=True)
        futures = client.map(_call_scattered, items, function=shared)
        return client.gather(futures)


def _call_scattered(item, function: Callable):
    return function(item)


def _run_in_pool(function: Callable[[int], pd.Series], seeds: list[int], processes: int) -> list:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(seeds) // (4 * processes))
    with context.Pool(processes, initializer=_install, initargs=(function,)) as pool:
        return pool.map(_call, seeds, chunksize=chunk)


def _install(function: Callable[[int], pd.Series]) -> None:
    global _FUNCTION
    _FUNCTION = function


def _call(seed: int) -> pd.Series:
    assert _FUNCTION is not None, "pool initializer did not run"
    return _FUNCTION(seed)


def _runs_frame(results: list) -> pd.DataFrame:
    bad = [k for k, r in enumerate(results) if not isinstance(r, pd.Series)]
    if bad:
        got = type(results[bad[0]]).__name__
        raise OptionError(f"run {bad[0]} returned a {got}; expected a pandas Series of outcomes")
    frame = pd.DataFrame([r.to_dict() for r in results])
    try:
        frame = frame.astype(np.float64)
    except (TypeError, ValueError) as error:
        raise OptionError(
            f"the runs returned non-numeric outcomes ({error}); expected numbers"
        ) from None
    frame.index = pd.RangeIndex(len(results), name="run")
    frame.columns.name = "outcome"
    return frame


def _check_count(name: str, value: object) -> None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise OptionError(f"{name} = {value!r}; expected a positive integer")


def _check_seed(value: object) -> None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise OptionError(f"seed = {value!r}; expected a non-negative integer")
