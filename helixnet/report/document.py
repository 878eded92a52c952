"""The report's document model: small typed blocks that both renderers consume.

A report is a :class:`Document`: a title, the language and a flat list of blocks
(:class:`Heading`, :class:`Paragraph`, :class:`Table`, :class:`Figure`, :class:`MapLinks`,
:class:`Definitions`, :class:`References`). Sections (:mod:`helixnet.report.sections`) make
the blocks; :mod:`helixnet.report.html` and :mod:`helixnet.report.pdf` render the same list,
so the HTML page and the PDF cannot drift apart.

Names, not positions: every table and figure has a stable ``name`` that gives its files
(``tables/table_<name>.csv``, ``figures/fig_<name>.png``) and its HTML anchor; the running
"Figure n" numbers are assigned by :func:`number_figures` from the order of the blocks, so
adding a section never renames another section's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Heading:
    """A section (``level`` 2, listed in the contents) or sub-section (``level`` 3) heading.

    ``anchor`` is the HTML id of a section; ``new_page`` starts it on a new PDF page.
    """

    text: str
    level: int = 2
    anchor: str = ""
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``kind`` ``"note"`` (highlighted) or ``"key"`` (small, muted) or plain."""

    text: str
    kind: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: the ``text``, an optional muted second line (``detail``: a percentile,
    an interval) and ``strong`` for emphasis."""

    text: str
    detail: str = ""
    strong: bool = False


@dataclass(frozen=True)
class Group:
    """A row that heads a group of rows (spans the whole table)."""

    heading: str


Row = Union[tuple, Group]


@dataclass(frozen=True)
class Table:
    """A table: stable ``name`` (files ``tables/table_<name>.csv`` / ``.xlsx`` hold ``data``),
    ``caption``, ``header`` and ``rows`` as displayed (cells: ``str`` or :class:`Cell`;
    :class:`Group` rows head groups), ``numeric`` per column (right-aligned), ``style`` (a
    CSS class of the HTML table: ``summary``, ``profile``, ...) and ``show_caption``
    (False when a heading right above already says it)."""

    name: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    data: "pd.DataFrame"
    numeric: tuple[bool, ...] = ()
    style: str = ""
    show_caption: bool = True

    @property
    def stem(self) -> str:
        """The file stem of the table's data: ``table_<name>``."""
        return f"table_{self.name}"

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


def figure(name: str, fig: Any, data: "pd.DataFrame", alt: str, caption: str, dpi: int) -> "Figure":
    """A :class:`Figure` block of the matplotlib figure ``fig`` (its PNG rendered once here)."""
    from helixnet.viz.static import figure_to_png_bytes

    return Figure(name=name, figure=fig, data=data, png=figure_to_png_bytes(fig, dpi=dpi), alt=alt, caption=caption)


@dataclass(frozen=True)
class Figure:
    """A figure: stable ``name`` (``figures/fig_<name>.png`` / ``.svg``, data in
    ``tables/fig_<name>.csv``), the matplotlib ``figure``, the ``data`` it plots, its PNG
    (``png``, for embedding), ``alt`` text and ``caption``."""

    name: str
    figure: Any
    data: "pd.DataFrame"
    png: bytes
    alt: str
    caption: str

    @property
    def stem(self) -> str:
        """The file stem of the figure: ``fig_<name>``."""
        return f"fig_{self.name}"

    @property
    def anchor(self) -> str:
        return f"fig-{self.name.replace('_', '-')}"


@dataclass(frozen=True)
class MapLinks:
    """Links to the interactive map pages: ``(label, relative path)``."""

    links: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Definitions:
    """A definition list: ``(term, definition, emphasised remark)``; ``style`` ``guides`` or ``measures``."""

    items: tuple[tuple[str, str, str], ...]
    style: str = "guides"


@dataclass(frozen=True)
class References:
    """A numbered list of literature references."""

    items: tuple[str, ...]


Block = Union[Heading, Paragraph, Table, Figure, MapLinks, Definitions, References]


@dataclass
class Document:
    """A whole report: title, subtitle, language, the synthetic-data banner (empty: none),
    the blocks in page order, the UI texts the renderers need (``text``: the catalogue of
    ``lang``), the footer lines and whether to name the data file under each figure."""

    title: str
    subtitle: str
    lang: str
    banner: str
    blocks: list[Block]
    text: dict[str, str]
    footer: list[str] = field(default_factory=list)
    data_links: bool = False

    @property
    def sections(self) -> list[Heading]:
        """The level-2 headings, in order (the contents)."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 2]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def without_drawings(self) -> "Document":
        """This document with every figure's matplotlib ``figure`` left out (None): what the
        renderers use, the PNG included, and nothing that cannot be pickled for another process."""
        blocks = [replace(b, figure=None) if isinstance(b, Figure) else b for b in self.blocks]
        return replace(self, blocks=blocks)


def number_figures(blocks: list[Block]) -> dict[str, int]:
    """The running number of every figure (by name), in the order of ``blocks``."""
    return {b.name: i for i, b in enumerate((b for b in blocks if isinstance(b, Figure)), start=1)}


def cell_text(cell: "str | Cell") -> str:
    """The text of a cell with its detail in brackets, as one line."""
    if isinstance(cell, Cell):
        return f"{cell.text} ({cell.detail})" if cell.detail else cell.text
    return str(cell)


def plain_table(name: str, caption: str, header: list[str], rows: list[list[str]], data: "pd.DataFrame",
                style: str = "", show_caption: bool = False, numeric_from: int = 1) -> Table:
    """A table whose columns from ``numeric_from`` on are numbers."""
    return Table(name=name, caption=caption, header=tuple(header), rows=tuple(tuple(r) for r in rows), data=data,
                 numeric=tuple(i >= numeric_from for i in range(len(header))), style=style,
                 show_caption=show_caption)


def grouped_rows(groups: list[tuple[str, list[list[Any]]]]) -> tuple:
    """Rows with a :class:`Group` row before each group."""
    return tuple(row for heading, rows in groups for row in (Group(heading), *map(tuple, rows)))
