"""Read back what a matplotlib figure drew: every visible text with its extent on the canvas,
and the leader lines of annotations, to check that no two texts overlap, no text runs past
the figure's edge and no leader line crosses a label.

Only the texts that are actually drawn count: :func:`drawn_texts` records them while the
figure draws (a tick label outside the axis limits exists as an artist but is not drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

#: Pixels two boxes may share, and a box may stick out of the figure, before it counts:
#: the extents are computed at the figure's dpi and rounded by the renderer.
TOLERANCE_PX = 1.0


@dataclass(frozen=True)
class DrawnText:
    """One text as drawn: its string and its box on the canvas (pixels)."""

    text: str
    box: object  # matplotlib.transforms.Bbox
    artist: object


def drawn_texts(fig) -> tuple[list[DrawnText], list[tuple[DrawnText, object]], object]:
    """Draw ``fig`` (on an Agg canvas) and return the texts drawn, the leader lines of
    annotations (the label and its line as a display-space path) and the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation, Text

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    seen: list[object] = []
    original = Text.draw

    def recording_draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            seen.append(self)
        return original(self, renderer)

    with mock.patch.object(Text, "draw", recording_draw):
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts, leaders = [], []
    for artist in dict.fromkeys(seen):  # a text drawn twice counts once
        drawn = DrawnText(artist.get_text(), Text.get_window_extent(artist, renderer), artist)
        texts.append(drawn)
        if isinstance(artist, Annotation) and artist.arrow_patch is not None and artist.arrow_patch.get_visible():
            patch = artist.arrow_patch
            leaders.append((drawn, patch.get_transform().transform_path(patch.get_path())))
    return texts, leaders, renderer


def _shrunk(box, by: float = TOLERANCE_PX):
    from matplotlib.transforms import Bbox

    return Bbox([[box.x0 + by, box.y0 + by], [box.x1 - by, box.y1 - by]])


def text_problems(fig) -> list[str]:
    """Every overlap of two drawn texts, every text past the figure's edge and every leader
    line that crosses another label, as readable lines (empty: the figure is clean)."""
    texts, leaders, _ = drawn_texts(fig)
    width, height = fig.bbox.width, fig.bbox.height
    problems = []
    for item in texts:
        b = item.box
        if b.x0 < -TOLERANCE_PX or b.y0 < -TOLERANCE_PX or b.x1 > width + TOLERANCE_PX or b.y1 > height + TOLERANCE_PX:
            problems.append(f"clipped: {item.text!r} at {_box(b)} in a {width:.0f}x{height:.0f} figure")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if _shrunk(a.box).overlaps(_shrunk(b.box)):
                problems.append(f"overlap: {a.text!r} {_box(a.box)} and {b.text!r} {_box(b.box)}")
    for label, path in leaders:
        for other in texts:
            if other is not label and path.intersects_bbox(_shrunk(other.box), filled=False):
                problems.append(f"leader line of {label.text!r} crosses {other.text!r} {_box(other.box)}")
    return problems


def _box(box) -> str:
    return f"[{box.x0:.0f},{box.y0:.0f} {box.x1:.0f},{box.y1:.0f}]"
