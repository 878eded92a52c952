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
#: A figure is printed at most this share of the A4 height, and may shrink down to
#: :data:`MIN_FIGURE_SCALE` of its size to fill the rest of a page rather than leave it empty.
MAX_FIGURE_SHARE, MIN_FIGURE_SCALE = 0.62, 0.7
#: Room (points) a heading or a table caption needs below it on a page, else it starts the next
#: page: a few lines of text or the header and first rows of a table.
ROOM_BELOW_HEADING, ROOM_BELOW_CAPTION = 110.0, 80.0
#: Header font sizes tried, largest first, until every header word fits its column whole.
HEADER_PT = (TABLE_PT, 6.8, 6.3, 5.8, 5.4)


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
    """The report of ``document`` as PDF bytes (A4). Images are stored as binary Flate
    streams, not ASCII85 text (reportlab's default), which makes the file about a fifth
    smaller and spares the pure-Python ASCII85 encoder."""
    from reportlab import rl_config

    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _report_pdf(document)
    finally:
        rl_config.useA85 = saved


def _report_pdf(document: "Document") -> bytes:
    return _typeset(document)[0]


def page_fill(document: "Document") -> list[tuple[int, float, bool]]:
    """How full each page of the PDF of ``document`` is: ``(page, used share of the text
    frame's height, ends a section)``, where a page ends a section when the next page starts a
    section on a page of its own (a forced break) or it is the last page."""
    return _typeset(document)[1]


def _typeset(document: "Document") -> tuple[bytes, list[tuple[int, float, bool]]]:
    """The PDF bytes of ``document`` and the fill of its pages (:func:`page_fill`)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Frame, PageBreak, PageTemplate, Paragraph, Spacer
    from reportlab.platypus.doctemplate import BaseDocTemplate
    from reportlab.platypus.tableofcontents import TableOfContents

    from helixnet.report.document import Figure as FigureBlock
    from helixnet.report.document import Heading, number_figures

    _register_fonts()
    styles = _styles()
    text = document.text

    lowest: dict[int, float] = {}  # page -> lowest y a flowable reached
    breaks: set[int] = set()  # pages that start with a forced section break

    class _Template(BaseDocTemplate):
        def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook; multiBuild runs several passes
            lowest.clear()
            breaks.clear()

        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
            if self.frame is not None:  # None between pages (after a page break)
                y = self.frame._y
                lowest[self.page] = min(lowest.get(self.page, y), y)
            if getattr(flowable, "_helixnet_break", False):
                breaks.add(self.page)
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
    blocks = document.blocks
    for index, block in enumerate(blocks):
        forced = False
        if isinstance(block, Heading) and block.level == 2:
            if block.new_page or not sections:
                story.append(PageBreak())
                forced = True
            sections += 1
        flowables = _flowables(block, styles, text, numbers, template.width, sections, template.height)
        if forced:
            flowables[0]._helixnet_break = True
        if isinstance(block, Heading) and not isinstance(blocks[index + 1] if index + 1 < len(blocks) else None,
                                                         FigureBlock):
            # kept with a figure (which shrinks to fit) but not with a table or text, which would move
            # whole to the next page when longer than the rest of this one: some room below suffices
            flowables[-1].keepWithNext = 0
            flowables.insert(0, CondPageBreak(ROOM_BELOW_HEADING))
        story += flowables

    canvas_class = _numbered_canvas_class()

    def canvas_maker(*args: Any, **kwargs: Any) -> Any:
        return canvas_class(*args, footer=document.title, page_text=text["pdf_page"], **kwargs)

    template.multiBuild(story, canvasmaker=canvas_maker)
    top, height = template.bottomMargin + template.height, template.height
    last = max(lowest) if lowest else 0
    fill = [(page, (top - lowest[page]) / height, page == last or page + 1 in breaks) for page in sorted(lowest)]
    return out.getvalue(), fill


def _flowables(block: "Block", styles: dict[str, Any], text: dict[str, str], numbers: dict[str, int],
               width: float, section: int = 0, frame_height: float = 0.0) -> list[Any]:
    """The Platypus flowables of one block (``frame_height``: the height of the text frame)."""
    from reportlab.platypus import Paragraph

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
        scale = min(width / w, MAX_FIGURE_SHARE * 297 * 72 / 25.4 / h)
        caption = Paragraph(f"<b>{_escape(text['figure'])} {numbers[block.name]}.</b> {_escape(block.caption)}",
                            styles["caption"])
        return [_figure_class()(reader, caption, w * scale, h * scale, frame_height)]
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
    from reportlab.platypus import CondPageBreak, Paragraph
    from reportlab.platypus import Table as PlatypusTable
    from reportlab.platypus import TableStyle

    from helixnet.report.document import Cell, Group

    cell_style = styles["cell"]
    right = ParagraphStyle("cell_right", parent=cell_style, alignment=TA_RIGHT)
    widths, head_pt = _column_widths(table, width)
    head = ParagraphStyle("cell_head", parent=cell_style, fontName=BOLD, fontSize=head_pt, leading=head_pt * 1.2)
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
    flowable = PlatypusTable(data, colWidths=widths, repeatRows=1, style=TableStyle(commands),
                             hAlign="LEFT")
    flowables: list[Any] = []
    if table.show_caption:  # never alone at the foot of a page
        flowables += [CondPageBreak(ROOM_BELOW_CAPTION), Paragraph(_escape(table.caption), styles["table_caption"])]
    flowables.append(flowable)
    from reportlab.platypus import Spacer

    return flowables + [Spacer(1, 8)]


def _shorten(text: object) -> str:
    """``text`` cut to :data:`MAX_CELL_CHARS` characters, with "…" when it was longer."""
    text = str(text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _column_widths(table: "Table", width: float) -> tuple[list[float], float]:
    """Column widths in points that fill ``width``, and the header font size.

    Each column gets a share by the length of its longest word and its typical text, so long
    names wrap instead of overrunning. The header is set in the largest size of
    :data:`HEADER_PT` at which every word of the header and the cells fits its column whole
    (no word broken mid-word, as "Waargeno|men" was); where even the smallest is too wide,
    the header words stay whole and the cells share the rest."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from helixnet.report.document import Group, cell_text

    n = len(table.header)
    texts: list[list[str]] = [[] for _ in table.header]
    for row in table.rows:
        if not isinstance(row, Group):
            for i, value in enumerate(row[:n]):
                texts[i].append(cell_text(value))
    pad = 8.0
    least = min(28.0, width / n)  # every column keeps room for a short word; overlong words are split
    body_word = [max([stringWidth(w, FONT, TABLE_PT) for t in column for w in t.split()] or [0.0]) + pad
                 for column in texts]
    typical = [max([stringWidth(t, FONT, TABLE_PT) for t in column] or [0.0]) + pad for column in texts]
    for head_pt in HEADER_PT:
        head_word = [max(stringWidth(w, BOLD, head_pt) for w in (h.split() or [""])) + pad for h in table.header]
        head_line = [stringWidth(h, BOLD, head_pt) + pad for h in table.header]
        floor = [max(least, min(max(b, h), 0.3 * width)) for b, h in zip(body_word, head_word)]
        if sum(floor) <= width:  # every word of the header and the cells fits whole
            break
    want = [min(max(f, t, min(h, 0.2 * width)), 0.5 * width) for f, t, h in zip(floor, typical, head_line)]
    if sum(want) <= width:
        return want, head_pt
    if sum(floor) >= width:
        head_floor = [max(least, h) for h in head_word]
        if sum(head_floor) < width:  # headers whole first, the rest shared by the body's needs
            spare = width - sum(head_floor)
            extra = [max(f - h, 0.0) for f, h in zip(floor, head_floor)]
            total = sum(extra) or 1.0
            return [h + spare * e / total for h, e in zip(head_floor, extra)], head_pt
        scale = (width - n * least) / (sum(floor) - n * least)
        return [least + (f - least) * scale for f in floor], head_pt
    spare = width - sum(floor)
    extra = [max(w - f, 0.0) for w, f in zip(want, floor)]
    total = sum(extra) or 1.0
    return [f + spare * e / total for f, e in zip(floor, extra)], head_pt


@lru_cache(maxsize=1)
def _figure_class() -> type:
    from reportlab.platypus import Flowable

    class FigureWithCaption(Flowable):
        """A figure and its caption as one block that never splits. Where the rest of a page
        is too short for it, the image shrinks to fit, down to :data:`MIN_FIGURE_SCALE`;
        only below that it moves to the next page. Asked for its height with more room than
        a page has (Platypus measuring a heading kept with it), it answers its smallest
        height, so a heading and a figure that fit together once shrunk stay on the page."""

        GAP = 3.0

        def __init__(self, image: Any, caption: Any, width: float, height: float, frame_height: float) -> None:
            super().__init__()
            self.image, self.caption, self.natural = image, caption, (width, height)
            self.frame_height = frame_height or float("inf")
            self.scale, self.caption_height, self.room = 1.0, 0.0, width

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            _, self.caption_height = self.caption.wrap(available_width, available_height)
            image_height = self.natural[1]
            fixed = self.caption_height + self.GAP
            if available_height > self.frame_height:
                self.scale = MIN_FIGURE_SCALE
            elif image_height + fixed <= available_height:
                self.scale = 1.0
            else:
                self.scale = max(MIN_FIGURE_SCALE, (available_height - fixed) / image_height)
            self.room = available_width
            return available_width, image_height * self.scale + fixed

        def split(self, available_width: float, available_height: float) -> list[Any]:
            return []  # never split: shrink (wrap) or move to the next page

        def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
            return self.caption.style.spaceAfter

        def draw(self) -> None:
            width, height = self.natural[0] * self.scale, self.natural[1] * self.scale
            self.canv.drawImage(self.image, (self.room - width) / 2, self.caption_height + self.GAP, width, height)
            self.caption.drawOn(self.canv, 0, 0)

    return FigureWithCaption


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
