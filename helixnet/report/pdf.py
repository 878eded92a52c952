"""The report as a PDF, typeset with matplotlib (PdfPages): no browser needed.

:func:`report_pdf` lays the blocks of a :class:`helixnet.report.builder.Report` out on A4
pages: a title page (title, subtitle, the synthetic-data banner, contents with page
numbers), then headings, wrapped paragraphs, tables (wrapped cells, header repeated on
every page a table runs over), figures (scaled to the text width, with their captions)
and definition lists, with a footer (title, page x of y) on every page. Text is measured
with matplotlib's own font metrics, so lines never run past the margin.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from helixnet.report.builder import Report

PAGE_W, PAGE_H = 8.27, 11.69  # A4, inches
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.8, 0.75, 0.85
TEXT_W = PAGE_W - 2 * MARGIN_X
INK, MUTED, RULE, BAND, ACCENT = "#1a1a1a", "#555555", "#c8c8c8", "#f2f2f2", "#0072B2"
BODY_PT, SMALL_PT, TABLE_PT = 9.5, 8.0, 7.3
#: Resolution of the figures embedded in the PDF.
FIGURE_DPI = 200

_NUMBER = re.compile(r"^([−\-+]?[\d∞]|–$|n/a$|n\.v\.t\.$|P\d+$)")


@dataclass
class _Page:
    figure: "Figure"
    y: float = MARGIN_TOP  # inches from the top edge already used
    empty: bool = True


@dataclass
class _Layout:
    """The pages being typeset and where each section heading landed."""

    title: str
    lang: str
    synthetic: bool
    pages: list[_Page] = field(default_factory=list)
    contents: list[tuple[str, int]] = field(default_factory=list)

    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def new_page(self) -> _Page:
        from matplotlib.figure import Figure

        self.pages.append(_Page(Figure(figsize=(PAGE_W, PAGE_H))))
        return self.page

    def room(self) -> float:
        """Inches left on the current page above the bottom margin."""
        return PAGE_H - MARGIN_BOTTOM - self.page.y

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` inches fit on this one (or it is still empty)."""
        if height > self.room() and not self.page.empty:
            self.new_page()

    def text(self, x: float, y_top: float, s: str, size: float, **kw: Any) -> None:
        """Draw ``s`` with its top at ``y_top`` inches from the top, ``x`` inches from the left."""
        fig = self.page.figure
        fig.text(x / PAGE_W, 1 - y_top / PAGE_H, _plain(s), fontsize=size, va="top", **kw)
        self.page.empty = False


def report_pdf(report: "Report") -> bytes:
    """The report as PDF bytes (A4; the same content and order as its HTML page)."""
    from matplotlib.backends.backend_pdf import PdfPages

    from helixnet.report.builder import STRINGS

    text = STRINGS[report.lang]
    layout = _Layout(report.title, report.lang, report.synthetic)
    layout.new_page()  # the title page, drawn once the contents' page numbers are known
    layout.new_page()
    blocks = report.blocks
    for i, block in enumerate(blocks):
        if block[0] in ("h2", "h3") and i + 1 < len(blocks):
            layout.need(0.6 + _keep_height(layout.lang, blocks[i + 1]))  # keep a heading with what follows
        _BLOCKS[block[0]](layout, *block[1:])
    _title_page(layout, text)
    total = len(layout.pages)
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": report.title, "Creator": "helixnet", "Producer": "helixnet",
                                    "CreationDate": None}) as pdf:
        for number, page in enumerate(layout.pages, start=1):
            _footer(page.figure, layout, text, number, total)
            pdf.savefig(page.figure)
    return buffer.getvalue()


def _title_page(layout: _Layout, text: dict[str, str]) -> None:
    import helixnet

    page, keep = layout.pages[0], layout.pages
    layout.pages = [page]
    y = 2.2
    for line in wrap(layout.title, 22.0, TEXT_W, bold=True):
        layout.text(MARGIN_X, y, line, 22.0, fontweight="bold", color=INK)
        y += 0.42
    y += 0.1
    layout.text(MARGIN_X, y, text["subtitle"], 13.0, color=MUTED)
    y += 0.5
    if layout.synthetic:
        lines = wrap(text["synthetic"], 10.0, TEXT_W - 0.3, bold=True)
        height = 0.2 * len(lines) + 0.2
        _box(page.figure, MARGIN_X, y, TEXT_W, height, "#fff3cd", "#E69F00")
        for i, line in enumerate(lines):
            layout.text(MARGIN_X + 0.15, y + 0.12 + 0.2 * i, line, 10.0, fontweight="bold", color="#5c4400")
        y += height + 0.35
    layout.text(MARGIN_X, y, text["contents"], 12.0, fontweight="bold", color=INK)
    y += 0.35
    for heading, number in layout.contents:
        layout.text(MARGIN_X, y, heading, 10.5, color=INK)
        layout.text(PAGE_W - MARGIN_X, y, str(number), 10.5, color=INK, ha="right")
        y += 0.27
    y += 0.3
    for line in wrap(text["pdf_interactive"], BODY_PT, TEXT_W):
        layout.text(MARGIN_X, y, line, BODY_PT, color=MUTED)
        y += BODY_PT * 1.4 / 72
    layout.text(MARGIN_X, PAGE_H - MARGIN_BOTTOM - 0.3, text["pdf_generated"].format(version=helixnet.__version__),
                SMALL_PT, color=MUTED)
    layout.pages = keep


def _footer(fig: "Figure", layout: _Layout, text: dict[str, str], number: int, total: int) -> None:
    y = 1 - (PAGE_H - 0.5) / PAGE_H
    label = layout.title if len(layout.title) <= 90 else layout.title[:88] + "…"
    fig.text(MARGIN_X / PAGE_W, y, _plain(label), fontsize=7, color=MUTED, va="top")
    fig.text(1 - MARGIN_X / PAGE_W, y, text["pdf_page"].format(page=number, pages=total), fontsize=7, color=MUTED,
             va="top", ha="right")
    fig.add_artist(_line(fig, MARGIN_X, PAGE_H - 0.58, PAGE_W - MARGIN_X))


def _line(fig: "Figure", x0: float, y_top: float, x1: float, colour: str = RULE, width: float = 0.6):
    from matplotlib.lines import Line2D

    y = 1 - y_top / PAGE_H
    return Line2D([x0 / PAGE_W, x1 / PAGE_W], [y, y], transform=fig.transFigure, color=colour, linewidth=width)


def _box(fig: "Figure", x: float, y_top: float, w: float, h: float, face: str, edge: str | None = None) -> None:
    from matplotlib.patches import Rectangle

    fig.add_artist(Rectangle((x / PAGE_W, 1 - (y_top + h) / PAGE_H), w / PAGE_W, h / PAGE_H,
                             transform=fig.transFigure, facecolor=face, edgecolor=edge or face,
                             linewidth=0.8 if edge else 0, zorder=0))


# --------------------------------------------------------------------------- blocks


def _h2(layout: _Layout, heading: str) -> None:
    layout.need(1.6)
    if not layout.page.empty:
        layout.page.y += 0.2
    lines = wrap(heading, 14.0, TEXT_W, bold=True)
    for line in lines:
        layout.text(MARGIN_X, layout.page.y, line, 14.0, fontweight="bold", color=INK)
        layout.page.y += 0.27
    layout.page.figure.add_artist(_line(layout.page.figure, MARGIN_X, layout.page.y, PAGE_W - MARGIN_X, INK, 1.2))
    layout.page.y += 0.14
    layout.contents.append((heading, len(layout.pages)))


def _h3(layout: _Layout, heading: str) -> None:
    layout.need(1.1)
    layout.page.y += 0.08 if not layout.page.empty else 0
    for line in wrap(heading, 11.0, TEXT_W, bold=True):
        layout.text(MARGIN_X, layout.page.y, line, 11.0, fontweight="bold", color=INK)
        layout.page.y += 0.21
    layout.page.y += 0.03


def _paragraph(layout: _Layout, body: str, size: float = BODY_PT, colour: str = INK, indent: float = 0.0,
               band: bool = False) -> None:
    step = size * 1.38 / 72
    lines = wrap(body, size, TEXT_W - indent - (0.2 if band else 0.0))
    i = 0
    while i < len(lines):
        layout.need(step * min(2, len(lines) - i))
        fit = max(1, min(len(lines) - i, int(layout.room() / step)))
        chunk = lines[i:i + fit]
        if band:
            _box(layout.page.figure, MARGIN_X, layout.page.y - 0.04, TEXT_W, step * len(chunk) + 0.06, BAND)
            _box(layout.page.figure, MARGIN_X, layout.page.y - 0.04, 0.05, step * len(chunk) + 0.06, ACCENT)
        for line in chunk:
            layout.text(MARGIN_X + indent + (0.15 if band else 0.0), layout.page.y, line, size, color=colour)
            layout.page.y += step
        i += fit
    layout.page.y += 0.09


def _note(layout: _Layout, body: str) -> None:
    _paragraph(layout, body, band=True)


def _definitions(layout: _Layout, items: list[tuple[str, str]]) -> None:
    for term, definition in items:
        layout.need(0.45)
        for line in wrap(term, BODY_PT, TEXT_W, bold=True):
            layout.text(MARGIN_X, layout.page.y, line, BODY_PT, fontweight="bold", color=INK)
            layout.page.y += BODY_PT * 1.38 / 72
        _paragraph(layout, definition, size=8.8, colour="#333333", indent=0.25)


def _references(layout: _Layout, references: list[str]) -> None:
    for number, reference in enumerate(references, start=1):
        _paragraph(layout, f"{number}. {reference}", size=SMALL_PT, colour=MUTED)


def _page_break(layout: _Layout) -> None:
    if not layout.page.empty:
        layout.new_page()


def _figure_size(figure: Any, caption_h: float) -> tuple[float, float]:
    """Width and height (inches) of ``figure`` on the page: the text width at most, its own
    width at most, and no taller than a page minus its caption."""
    fig_w, fig_h = figure.figure.get_size_inches()
    width = min(TEXT_W, float(fig_w))
    height = width * float(fig_h) / float(fig_w)
    full = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - caption_h - 0.1
    if height > full:
        width, height = width * full / height, full
    return width, height


def _caption_lines(lang: str, figure: Any) -> list[str]:
    from helixnet.report.builder import STRINGS

    return wrap(f"{STRINGS[lang]['figure']} {figure.number}. {figure.caption}", SMALL_PT, TEXT_W)


def _figure_height(lang: str, figure: Any) -> float:
    """The height ``figure`` and its caption take on the page."""
    caption_h = len(_caption_lines(lang, figure)) * SMALL_PT * 1.35 / 72 + 0.15
    return _figure_size(figure, caption_h)[1] + caption_h + 0.1


def _keep_height(lang: str, block: tuple) -> float:
    """How much of ``block`` must fit below a heading: a whole figure, a small table (or the
    start of a long one), else a few lines."""
    full = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    if block[0] == "figure":
        return _figure_height(lang, block[1])
    if block[0] == "table":
        measured = _measure_table(block[1])
        if measured is not None:
            return measured.height if measured.height <= full * 0.6 else measured.head_h + 1.0
    return 0.6


def _figure(layout: _Layout, figure: Any) -> None:
    import matplotlib.image as mpimg

    from helixnet.viz.static import figure_to_png_bytes

    image = mpimg.imread(io.BytesIO(figure_to_png_bytes(figure.figure, dpi=FIGURE_DPI)), format="png")
    caption_lines = _caption_lines(layout.lang, figure)
    caption_h = len(caption_lines) * SMALL_PT * 1.35 / 72 + 0.15
    width, height = _figure_size(figure, caption_h)
    room = layout.room() - caption_h - 0.15
    if height > room >= 0.8 * height and not layout.page.empty:  # shrink a little rather than leave a gap
        width, height = width * room / height, room
    layout.need(height + caption_h + 0.1)
    fig, top = layout.page.figure, layout.page.y + 0.05
    left = MARGIN_X + (TEXT_W - width) / 2
    ax = fig.add_axes((left / PAGE_W, 1 - (top + height) / PAGE_H, width / PAGE_W, height / PAGE_H))
    ax.imshow(image, interpolation="none")
    ax.set_axis_off()
    layout.page.empty = False
    layout.page.y = top + height + 0.08
    for line in caption_lines:
        layout.text(MARGIN_X, layout.page.y, line, SMALL_PT, color=MUTED)
        layout.page.y += SMALL_PT * 1.35 / 72
    layout.page.y += 0.2


@dataclass
class _TableLayout:
    """A table measured for the page: font size, column widths, wrapped cells and heights."""

    size: float
    widths: list[float]
    numeric: list[bool]
    head_cells: list[list[str]]
    head_h: float
    rows: list[tuple[bool, list[list[str]], float]]  # (group row?, wrapped cells, height)

    @property
    def height(self) -> float:
        return self.head_h + sum(h for _, _, h in self.rows)


_PAD = 0.05


def _measure_table(table: Any) -> _TableLayout | None:
    """Lay ``table`` out (None when it has nothing to show in the PDF)."""
    if not table.header or not table.rows:
        return None
    header = [str(h) for h in table.header]
    rows = [[str(c) for c in row] + [""] * (len(header) - len(row)) for row in table.rows]
    numeric = [all(_NUMBER.match(r[j].strip()) or not r[j].strip() for r in rows if not r[0].startswith("▸"))
               and j > 0 for j in range(len(header))]
    for size in (TABLE_PT, 6.6, 6.0, 5.6):  # a wide table gets a smaller font before words are cut
        widths, fits = _column_widths(header, rows, size, numeric)
        if fits:
            break
    line_h = size * 1.3 / 72

    def cells(row: list[str], bold: bool = False) -> list[list[str]]:
        return [wrap(cell, size, w - 2 * _PAD, bold=bold) or [""] for cell, w in zip(row, widths)]

    head_cells = cells(header, bold=True)
    measured = []
    for row in rows:
        group = row[0].startswith("▸ ") and not any(c.strip() for c in row[1:])
        row_cells = cells([row[0][2:]] + [""] * (len(row) - 1), bold=True) if group else cells(row)
        measured.append((group, row_cells, max(len(c) for c in row_cells) * line_h + 2 * _PAD))
    return _TableLayout(size, widths, numeric, head_cells, max(len(c) for c in head_cells) * line_h + 2 * _PAD,
                        measured)


def _table(layout: _Layout, table: Any) -> None:
    """A table with wrapped cells; the header is repeated on every page it runs over. A table
    that fits on one page starts on a new page rather than being split."""
    measured = _measure_table(table)
    if measured is None:
        return
    full = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    if measured.height <= full * 0.6 and measured.height > layout.room():
        layout.new_page()
    size, widths = measured.size, measured.widths

    def draw_header() -> None:
        y = layout.page.y
        _row_text(layout, measured.head_cells, widths, y, size, _PAD, measured.numeric, bold=True)
        layout.page.figure.add_artist(_line(layout.page.figure, MARGIN_X, y + measured.head_h,
                                            MARGIN_X + sum(widths), INK, 0.9))
        layout.page.y = y + measured.head_h

    first = measured.rows[0][2] if measured.rows else 0.0
    layout.need(measured.head_h + first)
    draw_header()
    for index, (group, row_cells, height) in enumerate(measured.rows):
        if height > layout.room():
            layout.new_page()
            _paragraph(layout, f"{table.title} {_strings(layout.lang)['continued']}", size=SMALL_PT, colour=MUTED)
            draw_header()
        y = layout.page.y
        if group:
            _box(layout.page.figure, MARGIN_X, y, sum(widths), height, "#e4e4e4")
            for k, line in enumerate(row_cells[0]):
                layout.text(MARGIN_X + _PAD, y + _PAD + k * size * 1.3 / 72, line, size, fontweight="bold",
                            color=INK)
        else:
            if index % 2 == 1:
                _box(layout.page.figure, MARGIN_X, y, sum(widths), height, BAND)
            _row_text(layout, row_cells, widths, y, size, _PAD, measured.numeric)
        layout.page.figure.add_artist(_line(layout.page.figure, MARGIN_X, y + height, MARGIN_X + sum(widths), RULE,
                                            0.4))
        layout.page.y = y + height
    layout.page.y += 0.18


def _row_text(layout: _Layout, row_cells: list[list[str]], widths: list[float], y: float, size: float, pad: float,
              numeric: list[bool], bold: bool = False) -> None:
    x = MARGIN_X
    for j, (lines, width) in enumerate(zip(row_cells, widths)):
        for k, line in enumerate(lines):
            right = numeric[j] and not bold
            layout.text(x + width - pad if right else x + pad, y + pad + k * size * 1.3 / 72, line, size,
                        ha="right" if right else "left", color=INK,
                        fontweight="bold" if bold or (j == 0 and not numeric[0]) else "normal")
        x += width


def _column_widths(header: list[str], rows: list[list[str]], size: float,
                   numeric: list[bool]) -> tuple[list[float], bool]:
    """Column widths (inches) that fit the text width, and whether no word had to be cut:
    each column's natural width (its longest cell; the first column in bold), shrunk when
    the table is too wide: first the text columns down to their longest word, then the
    numbers down to their longest word."""
    natural, text_min, number_min = [], [], []
    for j, title in enumerate(header):
        column = [r[j] for r in rows if not r[0].startswith("▸")]
        bold = j == 0 and not numeric[0]
        longest = max([text_width(line, size, bold) for c in column for line in c.split("\n")] + [0.0]) + 0.12
        words = max([text_width(w, size, bold=True) for w in title.split()] + [0.3]) + 0.12
        cell_words = max([text_width(w, size, bold) for c in column for w in c.split()] + [0.0]) + 0.12
        title_w = max(text_width(line, size, bold=True) for line in title.split("\n"))
        natural.append(max(longest, words, min(title_w + 0.12, 1.1)))
        floor = max(words, cell_words)
        text_min.append(max(longest, words) if numeric[j] else min(floor, 1.6))
        number_min.append(min(floor, 1.6))
    fits = sum(number_min) <= TEXT_W
    widths = natural
    for minimum in (text_min, number_min):
        total = sum(widths)
        if total <= TEXT_W:
            break
        surplus = [max(w - m, 0.0) for w, m in zip(widths, minimum)]
        if sum(surplus) > 0:
            cut = min(1.0, (total - TEXT_W) / sum(surplus))
            widths = [w - s * cut for w, s in zip(widths, surplus)]
    total = sum(widths)
    if total > TEXT_W or total > TEXT_W * 0.8:
        widths = [w * TEXT_W / total for w in widths]
    return widths, fits


def _strings(lang: str) -> dict[str, str]:
    from helixnet.report.builder import STRINGS

    return STRINGS[lang]


_BLOCKS = {
    "h2": _h2, "h3": _h3, "p": _paragraph, "note": _note, "table": _table, "figure": _figure, "dl": _definitions,
    "refs": _references, "break": _page_break,
}


# --------------------------------------------------------------------------- text measuring

_WIDTHS: dict[tuple[str, float, bool], float] = {}


def text_width(s: str, size: float, bold: bool = False) -> float:
    """Width of the one-line text ``s`` in inches at ``size`` points (matplotlib's default font)."""
    key = (s, size, bold)
    if key not in _WIDTHS:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        prop = FontProperties(size=size, weight="bold" if bold else "normal")
        width, _, _ = TextToPath().get_text_width_height_descent(_plain(s), prop, ismath=False)
        _WIDTHS[key] = width / 72.0
    return _WIDTHS[key]


def _most_characters(size: float, width: float) -> int:
    """More characters than fit in ``width`` inches at ``size`` points (no glyph of the
    default font is narrower than 0.15 em), so long words are never measured whole."""
    return int(width * 72 / (0.15 * size)) + 2


def _longest_fit(word: str, size: float, width: float, bold: bool, suffix: str = "") -> int:
    """Largest ``n >= 1`` with ``word[:n] + suffix`` no wider than ``width`` (1 when none fits),
    by bisection: a 5,000-character name takes a dozen measurements, not thousands."""
    low, high = 1, min(len(word), _most_characters(size, width))
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle] + suffix, size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(s: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``s`` broken into lines no wider than ``width`` inches (a word longer than a line is
    cut into pieces that fit)."""
    lines: list[str] = []
    for paragraph in str(s).split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and (len(word) > _most_characters(size, width)
                                     or text_width(word, size, bold) > width):
                # break after the last "_", "-" or "/" that fits; else cut with a hyphen
                fit = _longest_fit(word, size, width, bold)
                breaks = [i + 1 for i, c in enumerate(word[:min(fit, len(word) - 1)]) if c in "_-/"]
                if breaks:
                    cut, mark = breaks[-1], ""
                else:
                    cut, mark = _longest_fit(word[:-1], size, width, bold, "-"), "-"
                lines.append(word[:cut] + mark)
                word = word[cut:]
            current = word
        lines.append(current)
    return [line for line in lines] if any(lines) else []


def _plain(s: str) -> str:
    """Text matplotlib draws literally (``$`` would start mathtext)."""
    return str(s).replace("$", r"\$")
