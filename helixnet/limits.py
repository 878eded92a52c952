"""Upper limits on work, checked before the work starts.

Every count a user can ask for that multiplies time or memory has a documented limit with
an environment variable to raise it; a request above the limit raises
:class:`~helixnet.errors.LimitError` whose message names the option, the value, the limit
and how to raise it. The collaboration graph's edge budget (:mod:`helixnet.graph`) reads
its variable with :func:`env_limit` as well.

=====================  ==========================  ============  =================================
what                   variable                    default       why
=====================  ==========================  ============  =================================
Monte Carlo runs       ``HELIXNET_MAX_RUNS``       100,000       runs per scenario and cluster;
                                                                 each keeps its outcomes in memory
XLSX part size         ``HELIXNET_MAX_XLSX_PART``  1 GB          uncompressed size of one part
XLSX token size        ``HELIXNET_MAX_XLSX_TOKEN`` 1 MB          longest text, comment or tag; the
                                                                 XML parser is quadratic in it
                                                                 (Excel cells hold 32,767 chars)
=====================  ==========================  ============  =================================
"""

from __future__ import annotations

import os

from helixnet.errors import LimitError, OptionError

MAX_RUNS_ENV = "HELIXNET_MAX_RUNS"
DEFAULT_MAX_RUNS = 100_000
MAX_REPLICATES_ENV = "HELIXNET_MAX_REPLICATES"
DEFAULT_MAX_REPLICATES = 10_000
MAX_XLSX_PART_ENV = "HELIXNET_MAX_XLSX_PART"
DEFAULT_MAX_XLSX_PART = 1_000_000_000
MAX_XLSX_TOKEN_ENV = "HELIXNET_MAX_XLSX_TOKEN"
DEFAULT_MAX_XLSX_TOKEN = 1_000_000


def env_limit(variable: str, default: int, unit: str) -> int:
    """The whole number >= 1 in environment ``variable`` (``_`` allowed as digit separator),
    or ``default`` when it is unset or empty.

    Raises
    ------
    OptionError
        If the variable holds anything else; ``unit`` names what it counts.
    """
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise OptionError(f"{variable}={text!r}: expected a whole number of {unit} >= 1") from None
    if value < 1:
        raise OptionError(f"{variable}={text!r}: expected a whole number of {unit} >= 1")
    return value


def _check_count(value: int, option: str, minimum: int, variable: str, default: int, unit: str,
                 what: str) -> int:
    """``value`` if it is a whole number from ``minimum`` up to the limit in ``variable``
    (``default`` when unset), else an OptionError or a LimitError that says how to raise it."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"{option} {value!r}: expected a whole number of {unit} >= {minimum}")
    limit = env_limit(variable, default, unit)
    if value > limit:
        raise LimitError(f"{option} {value:,}: more than the limit of {limit:,} {what}; expected at most "
                         f"{limit:,} (raise the limit with {variable}=N if the machine has the time and memory)")
    return value


def check_runs(n_runs: int, option: str = "--runs") -> int:
    """``n_runs`` if it is between 1 and the Monte Carlo run limit, else a LimitError/OptionError."""
    return _check_count(n_runs, option, 1, MAX_RUNS_ENV, DEFAULT_MAX_RUNS, "runs",
                        "Monte Carlo runs per scenario and cluster")


def check_replicates(replicates: int, option: str = "--null-replicates") -> int:
    """``replicates`` if it is between 0 and the replicate limit (null model, bootstrap), else a
    LimitError/OptionError; checked before any work starts."""
    return _check_count(replicates, option, 0, MAX_REPLICATES_ENV, DEFAULT_MAX_REPLICATES, "replicates",
                        "replicates")
