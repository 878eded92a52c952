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


def check_runs(n_runs: int, option: str = "--runs") -> int:
    """``n_runs`` if it is between 1 and the Monte Carlo run limit, else a LimitError/OptionError."""
    if isinstance(n_runs, bool) or not isinstance(n_runs, int) or n_runs < 1:
        raise OptionError(f"{option} {n_runs!r}: expected a whole number of runs >= 1")
    limit = env_limit(MAX_RUNS_ENV, DEFAULT_MAX_RUNS, "runs")
    if n_runs > limit:
        raise LimitError(f"{option} {n_runs:,}: more than the limit of {limit:,} Monte Carlo runs per scenario and "
                         f"cluster; expected at most {limit:,} (raise the limit with {MAX_RUNS_ENV}=N if the "
                         "machine has the time and memory)")
    return n_runs


def check_replicates(replicates: int, option: str = "--null-replicates") -> int:
    """``replicates`` if it is between 0 and the replicate limit (null model, bootstrap), else a
    LimitError/OptionError; checked before any work starts."""
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 0:
        raise OptionError(f"{option} {replicates!r}: expected a whole number of replicates >= 0")
    limit = env_limit(MAX_REPLICATES_ENV, DEFAULT_MAX_REPLICATES, "replicates")
    if replicates > limit:
        raise LimitError(f"{option} {replicates:,}: more than the limit of {limit:,} replicates; expected at most "
                         f"{limit:,} (raise the limit with {MAX_REPLICATES_ENV}=N if the machine has the time and "
                         "memory)")
    return replicates
