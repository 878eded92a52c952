"""The PDF renderer of the report's document, on reportlab's Platypus layout engine.

:func:`report_pdf` typesets the same :class:`~helixnet.report.document.Document` the HTML
page shows: a title page (title, subtitle, the synthetic-data banner, a contents list with
page numbers), then every block in order: headings (level 2 listed in the contents and as
PDF bookmarks), flowing paragraphs, tables whose cells wrap and whose header row repeats on
every page the table runs over, figures scaled to the text width with their running
number and caption, definition lists and references; a footer with the title and "page x
of y" on every page.

Why reportlab: it installs with pip alone (no Cairo, Pango or browser), lays out flowing
text and long tables itself, and is maintained. The text is set in DejaVu Sans, the font
matplotlib ships, so arrows, minus signs and Dutch diacritics print on any machine.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helixnet.report.document import Block, Document, Table

FONT, BOLD = "HelixnetSans", "HelixnetSans-Bold"
INK, MUTED, RULE, BAND, GROUP, ACCENT = "#1a1a1a", "#555555", "#c8c8c8", "#f2f2f2", "#e6e6e6", "#0072B2"
BODY_PT, SMALL_PT, TABLE_PT = 9.5, 8.0, 7.3
#: A table row cannot break across pages: cells longer than this are shortened with "…" in
#: the PDF (the HTML and the data files in tables/ hold them whole).
MAX_CELL_CHARS = 300


def _register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) from matplotlib's fonts, once."""
    from pathlib import Path

    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_PT, leading=BODY_PT * 1.35, textColor=INK,
                          spaceAfter=5)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=22, leading=27, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=15, textColor=MUTED, spaceAfter=14),
        "banner": ParagraphStyle("banner", parent=base, fontName=BOLD, backColor=colors.HexColor("#fff3cd"),
                                 borderColor=colors.HexColor("#E69F00"), borderWidth=1.5, borderPadding=6,
                                 textColor=colors.HexColor("#5c4400"), spaceBefore=6, spaceAfter=16),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=13, leading=16, spaceBefore=8, spaceAfter=2),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=14.5, leading=18, spaceBefore=10,
                             spaceAfter=8),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
        "note": ParagraphStyle("note", parent=base, backColor=colors.HexColor(BAND), borderColor=colors.HexColor(ACCENT),
                               borderPadding=(4, 6, 4, 6), leftIndent=6, spaceBefore=4, spaceAfter=10),
        "key": ParagraphStyle("key", parent=base, fontSize=SMALL_PT, leading=SMALL_PT * 1.35, textColor=MUTED),
        "caption": ParagraphStyle("caption", parent=base, fontSize=SMALL_PT, leading=SMALL_PT * 1.35,
                                  textColor=MUTED, spaceBefore=3, spaceAfter=12),
        "table_caption": ParagraphStyle("table_caption", parent=base, fontName=BOLD, spaceBefore=4, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=TABLE_PT, leading=TABLE_PT * 1.25, spaceAfter=0),
        "toc1": ParagraphStyle("toc1", parent=base, leftIndent=12, firstLineIndent=-12, spaceAfter=2),
        "term": ParagraphStyle("term", parent=base, fontName=BOLD, spaceAfter=1, keepWithNext=1),
        "definition": ParagraphStyle("definition", parent=base, leftIndent=14),
        "reference": ParagraphStyle("reference", parent=base, fontSize=SMALL_PT, leading=SMALL_PT * 1.35,
                                    textColor=MUTED, leftIndent=14, firstLineIndent=-14, spaceAfter=3),
    }


def _escape(text: str) -> str:
    """``text`` as Platypus paragraph markup (which is XML-like)."""
    from xml.sax.saxutils import escape

    return escape(str(text))


def report_pdf(document: "Document") -> bytes:
    """The report of ``document`` as PDF bytes (A4)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageBreak, PageTemplate, Paragraph, Spacer
    from reportlab.platypus.doctemplate import BaseDocTemplate
    from reportlab.platypus.tableofcontents import TableOfContents

    from helixnet.report.document import Heading, number_figures

    _register_fonts()
    styles = _styles()
    text = document.text

    class _Template(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
            heading = getattr(flowable, "_helixnet_heading", None)
            if heading is not None:
                key = f"section{heading[0]}"
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(heading[1], key, level=0)
                self.notify("TOCEntry", (0, heading[1], self.page, key))

    out = io.BytesIO()
    template = _Template(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                         bottomMargin=20 * mm, title=document.title, author="helixnet", lang=document.lang,
                         invariant=True)  # no creation date or random id: same input, same bytes
    frame = Frame(template.leftMargin, template.bottomMargin, template.width, template.height, id="text")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    story: list[Any] = [Paragraph(_escape(document.title), styles["title"]),
                        Paragraph(_escape(document.subtitle), styles["subtitle"])]
    if document.banner:
        story.append(Paragraph(_escape(document.banner), styles["banner"]))
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [styles["toc1"]]
    story += [Paragraph(_escape(text["contents"]), styles["h1"]), contents]
    story += [Spacer(1, 10)] + [Paragraph(_escape(line), styles["key"]) for line in document.footer]
    numbers = number_figures(document.blocks)
    sections = 0
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            if block.new_page or not sections:
                story.append(PageBreak())
            sections += 1
        story += _flowables(block, styles, text, numbers, template.width, sections)

    canvas_class = _numbered_canvas_class()

    def canvas_maker(*args: Any, **kwargs: Any) -> Any:
        return canvas_class(*args, footer=document.title, page_text=text["pdf_page"], **kwargs)

    template.multiBuild(story, canvasmaker=canvas_maker)
    return out.getvalue()


def _flowables(block: "Block", styles: dict[str, Any], text: dict[str, str], numbers: dict[str, int],
               width: float, section: int = 0) -> list[Any]:
    """The Platypus flowables of one block."""
    from reportlab.platypus import Image, Paragraph

    from helixnet.report.document import Definitions, Figure, Heading, MapLinks, Paragraph as Para, References, Table

    if isinstance(block, Heading):
        heading = Paragraph(_escape(block.text), styles["h2" if block.level == 2 else "h3"])
        heading.keepWithNext = 1
        if block.level == 2:
            heading._helixnet_heading = (section, block.text)
        return [heading]
    if isinstance(block, Para):
        return [Paragraph(_escape(block.text), styles.get(block.kind) or styles["body"])]
    if isinstance(block, Table):
        return _table(block, styles, width)
    if isinstance(block, Figure):
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(block.png))
        w, h = reader.getSize()
        scale = min(width / w, 0.62 * 297 * 72 / 25.4 / h)
        caption = Paragraph(f"<b>{_escape(text['figure'])} {numbers[block.name]}.</b> {_escape(block.caption)}",
                            styles["caption"])
        image = Image(io.BytesIO(block.png), width=w * scale, height=h * scale)
        image.keepWithNext = 1  # with its caption (and a heading right above stays with both)
        return [image, caption]
    if isinstance(block, MapLinks):
        return [Paragraph(_escape(text["pdf_interactive"]), styles["key"])] + [
            Paragraph(f"{_escape(label)}: {_escape(href)}", styles["definition"]) for label, href in block.links]
    if isinstance(block, Definitions):
        flowables = []
        for term, definition, remark in block.items:
            flowables.append(Paragraph(_escape(term), styles["term"]))
            flowables.append(Paragraph(_escape(definition) + (f" <i>{_escape(remark)}</i>" if remark else ""),
                                       styles["definition"]))
        return flowables
    if isinstance(block, References):
        return [Paragraph(f"{i}. {_escape(item)}", styles["reference"]) for i, item in enumerate(block.items, 1)]
    raise TypeError(f"no PDF rendering for block {type(block).__name__}")


def _table(table: "Table", styles: dict[str, Any], width: float) -> list[Any]:
    """A table with wrapping cells and its header repeated on every page."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as PlatypusTable
    from reportlab.platypus import TableStyle

    from helixnet.report.document import Cell, Group

    cell_style = styles["cell"]
    right = ParagraphStyle("cell_right", parent=cell_style, alignment=TA_RIGHT)
    head = ParagraphStyle("cell_head", parent=cell_style, fontName=BOLD)
    head_right = ParagraphStyle("cell_head_right", parent=head, alignment=TA_RIGHT)
    n = len(table.header)

    def cell(value: Any, column: int) -> Any:
        style = right if table.is_numeric(column) else cell_style
        if isinstance(value, Cell):
            markup = _escape(_shorten(value.text)) + (
                f" <font color='{MUTED}'>{_escape(_shorten(value.detail))}</font>" if value.detail else "")
            return Paragraph(f"<b>{markup}</b>" if value.strong else markup, style)
        return Paragraph(_escape(_shorten(value)), style)

    data = [[Paragraph(_escape(h), head_right if table.is_numeric(i) else head) for i, h in enumerate(table.header)]]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 1.0, colors.HexColor(INK)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for row in table.rows:
        r = len(data)
        if isinstance(row, Group):
            data.append([Paragraph(f"<b>{_escape(_shorten(row.heading))}</b>", cell_style)] + [""] * (n - 1))
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.HexColor(GROUP))]
        else:
            data.append([cell(value, i) for i, value in enumerate(row)])
            commands.append(("LINEBELOW", (0, r), (-1, r), 0.4, colors.HexColor(RULE)))
    flowable = PlatypusTable(data, colWidths=_column_widths(table, width), repeatRows=1, style=TableStyle(commands),
                             hAlign="LEFT")
    flowables: list[Any] = []
    if table.show_caption:
        flowables.append(Paragraph(_escape(table.caption), styles["table_caption"]))
    flowables.append(flowable)
    from reportlab.platypus import Spacer

    return flowables + [Spacer(1, 8)]


def _shorten(text: object) -> str:
    """``text`` cut to :data:`MAX_CELL_CHARS` characters, with "…" when it was longer."""
    text = str(text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _column_widths(table: "Table", width: float) -> list[float]:
    """Column widths in points that fill ``width``: each column gets a share by the length
    of its longest word and its typical text, so long names wrap instead of overrunning."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from helixnet.report.document import Group, cell_text

    n = len(table.header)
    texts: list[list[str]] = [[h] for h in table.header]
    for row in table.rows:
        if not isinstance(row, Group):
            for i, value in enumerate(row[:n]):
                texts[i].append(cell_text(value))
    pad = 8.0
    def text_width(text: str, row: int) -> float:  # the header row is set in bold
        return stringWidth(text, BOLD if row == 0 else FONT, TABLE_PT)

    longest_word = [max(text_width(w, row) for row, t in enumerate(column) for w in (t.split() or [""])) + pad
                    for column in texts]
    typical = [max(stringWidth(t, FONT, TABLE_PT) for t in column[1:] or column) + pad for column in texts]
    least = min(28.0, width / n)  # every column keeps room for a short word; overlong words are split
    want = [min(max(a, b), 0.5 * width) for a, b in zip(longest_word, typical)]
    if sum(want) <= width:
        return want
    floor = [max(least, min(a, 0.3 * width)) for a in longest_word]
    if sum(floor) >= width:
        scale = (width - n * least) / (sum(floor) - n * least)
        return [least + (f - least) * scale for f in floor]
    spare = width - sum(floor)
    extra = [max(w - f, 0.0) for w, f in zip(want, floor)]
    total = sum(extra) or 1.0
    return [f + spare * e / total for f, e in zip(floor, extra)]


@lru_cache(maxsize=1)
def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """A canvas that writes "page x of y" once the number of pages is known."""

        def __init__(self, *args: Any, footer: str = "", page_text: str = "{page}/{pages}", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._footer, self._page_text = footer, page_text

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                page = self._page_text.format(page=self._pageNumber, pages=total)
                width, _ = self._pagesize
                self.drawString(56.7, 28, self._footer)
                self.drawRightString(width - 56.7, 28, page)
                super().showPage()
            super().save()

    return NumberedCanvas
