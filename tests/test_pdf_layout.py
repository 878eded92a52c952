"""The PDF's layout: figures shrink (within limits) to fill a page rather than leave half of
it empty, and table headers are never broken inside a word."""

from __future__ import annotations

import pandas as pd
import pytest

from helixnet.report import pdf
from helixnet.report.document import Document, Figure, Heading, Paragraph, Table
from helixnet.texts import texts


def png_of_height(inches: float) -> bytes:
    from matplotlib.figure import Figure as MplFigure

    from helixnet.viz.static import figure_to_png_bytes

    fig = MplFigure(figsize=(7.2, inches))
    fig.add_subplot().plot([0, 1], [0, 1])
    return figure_to_png_bytes(fig, dpi=60)


def document(blocks: list) -> Document:
    return Document("T", "S", "en", "", blocks, texts("en"))


def figure_block(name: str, inches: float) -> Figure:
    return Figure(name=name, figure=None, data=pd.DataFrame(), png=png_of_height(inches), alt="", caption="c")


def text_lines(count: int) -> list[Paragraph]:
    return [Paragraph("A line of running text that fills the page a little more.") for _ in range(count)]


def test_a_figure_shrinks_into_the_rest_of_a_page():
    # about 40% of the page in text, then a figure a bit taller than the rest: it shrinks, no half-empty page
    blocks = [Heading("One"), *text_lines(16), figure_block("a", 6.2), Heading("Two", new_page=True),
              *text_lines(3)]
    fill = pdf.page_fill(document(blocks))
    assert [page for page, _, _ in fill] == [1, 2, 3]  # title page, text and figure, section two
    assert fill[1][1] > 0.9
    # a figure that would need more than the allowed shrinking moves to the next page
    blocks = [Heading("One"), *text_lines(28), figure_block("a", 6.2), Heading("Two", new_page=True)]
    fill = pdf.page_fill(document(blocks))
    assert [page for page, _, _ in fill] == [1, 2, 3, 4] and fill[1][1] < 0.8


def test_page_fill_marks_section_ends():
    fill = pdf.page_fill(document([Heading("One"), *text_lines(50), Heading("Two", new_page=True), *text_lines(3)]))
    # the title page and the last page of section one end before a forced break; so does the last page
    assert [(page, ends) for page, _, ends in fill] == [(1, True), (2, False), (3, True), (4, True)]
    assert fill[1][1] > 0.95 and 0 < fill[3][1] < 0.35


def test_header_words_fit_their_columns_whole():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    header = ("Cluster", "Waargenomen", "Gemiddelde nulmodel", "z (nulmodel)", "Tegenover nulmodel",
              "Percentiel", "95%-interval", "Robuust", "Tegenover peers", "Bootstrap", "Gewogen", "Binair")
    rows = tuple(("Entertainmenttechnologie (in oprichting)", *(["12,345 (0,0123–0,0456)"] * 11)) for _ in range(3))
    widths, head_pt = pdf._column_widths(Table("t", "t", header, rows, pd.DataFrame()), 481.9)
    assert sum(widths) == pytest.approx(481.9)
    for text, width in zip(header, widths):
        assert all(stringWidth(word, pdf.BOLD, head_pt) + 6 <= width for word in text.split()), text
    assert head_pt < pdf.TABLE_PT  # this wide table needed the smaller header
