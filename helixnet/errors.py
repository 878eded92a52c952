"""The helixnet exception hierarchy.

Every error a user can cause (bad data, bad options) is a :class:`HelixnetError`;
the CLI prints its message as ``Error: ...`` without a traceback. Anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations


class HelixnetError(Exception):
    """Base class of every user-facing helixnet error."""


class DataError(HelixnetError):
    """Input data is malformed or inconsistent.

    The message names the file, line, column, the value seen and what was expected, in
    the form ``path:line: column 'col': 'value' <expectation>``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.value = value
        self.reason = message
        super().__init__(format_location(path, line, column, value, message))


class DataDirectoryError(DataError):
    """The data directory is missing or holds none of the required files."""


class OptionError(HelixnetError):
    """A function argument or CLI option has a value helixnet cannot use."""


class OutputError(HelixnetError):
    """An output could not be written."""


class LimitError(HelixnetError):
    """The input would need more than a stated resource budget (e.g. graph edges)."""


def format_location(
    path: str | None, line: int | None, column: str | None, value: object, message: str
) -> str:
    """Build ``path:line: column 'col': 'value' message`` from the parts that are known."""
    where = ""
    if path is not None:
        where = str(path) + (f":{line}" if line is not None else "") + ": "
    what = ""
    if column is not None:
        what += f"column '{column}': "
    if value is not None:
        what += f"{_quote(value)} "
    return f"{where}{what}{message}"


def _quote(value: object) -> str:
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


class DataErrors(DataError):
    """Several data errors found in one pass (``helixnet validate`` reports all of them).

    Attributes
    ----------
    errors : list of DataError
        The errors reported, in the order found (at most the limit asked for).
    total : int
        How many errors were found in all (``total - len(errors)`` were not listed).
    """

    def __init__(self, errors: "list[DataError]", total: int) -> None:
        first = errors[0]
        self.errors = list(errors)
        self.total = total
        self.path, self.line, self.column, self.value = first.path, first.line, first.column, first.value
        self.reason = first.reason
        lines = [f"{total:,} errors" + (f" (the first {len(errors):,} listed)" if total > len(errors) else "") + ":"]
        lines += [f"  {error}" for error in errors]
        if total > len(errors):
            lines.append(f"  ... and {total - len(errors):,} more")
        Exception.__init__(self, "\n".join(lines))
