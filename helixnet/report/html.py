"""The HTML renderer of the report's document: one self-contained, printable page.

:func:`render_html` renders a :class:`~helixnet.report.document.Document` through
``templates/report.html.j2`` (autoescaped): every level-2 heading opens a ``<section>``
with its anchor and is listed in the contents; figures are embedded as base64 PNG with
their running number and caption. The page has no external references except relative
links to its own maps and data files.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helixnet.report.document import Block, Document, Heading


def sections_of(blocks: "list[Block]") -> "list[tuple[Heading, list[Block]]]":
    """``blocks`` grouped by their level-2 headings: (heading, the blocks after it)."""
    from helixnet.report.document import Heading

    grouped: list[tuple[Heading, list]] = []
    for b in blocks:
        if isinstance(b, Heading) and b.level == 2:
            grouped.append((b, []))
        elif grouped:
            grouped[-1][1].append(b)
        else:
            raise ValueError("the report's first block must be a section heading")
    return grouped


def render_html(document: "Document") -> str:
    """The report page of ``document``."""
    import jinja2

    import helixnet
    from helixnet.report.document import number_figures

    env = jinja2.Environment(loader=jinja2.PackageLoader("helixnet.report", "templates"), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.get_template("report.html.j2").render(
        doc=document, sections=sections_of(document.blocks), numbers=number_figures(document.blocks),
        version=helixnet.__version__, png=lambda figure: base64.b64encode(figure.png).decode("ascii"))
