"""Make figure texts fit where they are drawn: labels wrapped to a width in characters, and
texts shrunk to a width measured on the canvas (cells of a heatmap, column headers, panel
titles), so that no text runs into its neighbour or past the figure's edge.

Importing this module is cheap: matplotlib is only touched through the artists passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Texts are never shrunk below this size (points): smaller would not be read on paper.
MIN_FONT_PT = 5.5


def wrap_label(label: str, width: int, hyphenate: bool = False) -> str:
    """``label`` broken into lines of at most ``width`` characters.

    Long words are kept whole, unless ``hyphenate``: then a word longer than ``width`` is
    split after its own hyphens, and a piece still too long is cut into pieces of
    ``width - 1`` characters, each but the last ending in ``-``.

    Examples
    --------
    >>> wrap_label("cross-helix facilitated projects", 14)
    'cross-helix\\nfacilitated\\nprojects'
    """
    import re
    import textwrap

    if hyphenate:
        pieces = []
        words = [part for word in label.split() for part in
                 (re.findall(r"[^-]+-|[^-]+$", word) if len(word) > width else [word])]
        for word in words:
            while len(word) > width:
                pieces.append(word[: width - 1] + "-")
                word = word[width - 1:]
            pieces.append(word)
        label = " ".join(pieces)
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def renderer_of(fig: Any) -> Any:
    """A renderer of ``fig`` after one layout pass (an Agg canvas is attached if it has none).
    The pass lays the figure out and measures its texts without rasterising it (about half
    the time of a full draw); the renderer measures texts as the PNG and SVG will draw them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # settle the constrained layout before measuring
    return canvas.get_renderer()


def shrink_to_width(texts: Iterable[Any], width_px: float, renderer: Any, min_size: float = MIN_FONT_PT,
                    uniform: bool = False) -> None:
    """Lower the font size of every text in ``texts`` that is wider than ``width_px`` pixels
    until it fits (never below ``min_size`` points); with ``uniform``, every text then takes
    the smallest size, so a row of headers or a grid of cells reads as one."""
    from matplotlib.text import Text

    texts = list(texts)
    for text in texts:
        for _ in range(4):  # the width is not exactly proportional to the size (hinting)
            width = Text.get_window_extent(text, renderer).width
            if width <= width_px or text.get_fontsize() <= min_size:
                break
            text.set_fontsize(max(min_size, text.get_fontsize() * width_px / width * 0.98))
    if uniform and texts:
        smallest = min(text.get_fontsize() for text in texts)
        for text in texts:
            text.set_fontsize(smallest)


def cell_width_px(ax: Any, columns: int, margin: float = 0.9) -> float:
    """The width in pixels of one of ``columns`` equal columns of ``ax``, times ``margin``."""
    return ax.get_window_extent().width / max(columns, 1) * margin
