"""The visual vocabulary shared by maps, figures and reports: helix colours, labels, sizes.

Nothing here imports pyvis or matplotlib, so the CLI and the report builder can use it
cheaply. The palette is Okabe & Ito's colour-blind-safe set; every helix keeps the same
colour in every output.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from helixnet.errors import OptionError
from helixnet.languages import LANGUAGES, check_lang  # re-exported: viz callers use style.check_lang
from helixnet.schema import HELICES
from helixnet.texts import catalogue

if TYPE_CHECKING:
    import pandas as pd

#: Okabe-Ito colours by name (yellow #F0E442 and black are left out of the helix palette:
#: yellow is too pale on white, black is kept for text and outlines).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

#: One colour per helix, in :data:`helixnet.schema.HELICES` order.
HELIX_COLOURS: dict[str, str] = {
    "bedrijf": OKABE_ITO["blue"],
    "kennisinstelling": OKABE_ITO["orange"],
    "overheid": OKABE_ITO["bluish_green"],
    "burger": OKABE_ITO["reddish_purple"],
    "intermediair": OKABE_ITO["vermillion"],
}

#: Colour of a node whose helix is missing or unknown.
UNKNOWN_COLOUR = "#999999"

#: Outline colour of cluster organisations on maps.
CLUSTER_BORDER = "#1A1A1A"

#: Display labels of the helix values per language (text catalogue, namespace ``helix_labels``;
#: the English ones equal :data:`helixnet.schema.HELIX_LABELS_EN`).
HELIX_LABELS: dict[str, dict[str, str]] = {lang: catalogue(lang)["helix_labels"] for lang in LANGUAGES}

#: Default node size range on maps, in pixels (vis-network ``size`` = radius).
NODE_SIZE_PX: tuple[float, float] = (5.0, 40.0)
#: Default edge width range on maps, in pixels.
EDGE_WIDTH_PX: tuple[float, float] = (0.5, 6.0)


def helix_colour(helix: object) -> str:
    """The palette colour of ``helix`` (grey for a missing or unknown helix)."""
    return HELIX_COLOURS.get(helix, UNKNOWN_COLOUR) if isinstance(helix, str) else UNKNOWN_COLOUR


def helix_label(helix: object, lang: str = "en") -> str:
    """The display label of ``helix`` in ``lang``; unknown values are shown as they are."""
    if not isinstance(helix, str):
        return "?"
    return HELIX_LABELS[check_lang(lang)].get(helix, helix)


def helix_legend(lang: str = "en") -> list[tuple[str, str, str]]:
    """``(helix, label, colour)`` for every helix, in display order."""
    return [(h, helix_label(h, lang), HELIX_COLOURS[h]) for h in HELICES]


def sqrt_scale(values: "pd.Series | Iterable[float]", min_px: float, max_px: float) -> list[float]:
    """Map values to pixel sizes so that *area* is proportional to the value.

    ``size = min_px + (max_px - min_px) * sqrt((v - lo) / (hi - lo))`` with
    ``lo = min(0, min(v))`` and ``hi = max(v)``: for non-negative measures a value of zero
    gets ``min_px`` and the area grows linearly with the value. Missing (NaN/None) values
    get ``min_px``, and so does every value when ``hi == lo`` (e.g. all zero).

    Parameters
    ----------
    values : iterable of float
        The values to scale (a pandas Series keeps its order).
    min_px, max_px : float
        The smallest and largest size in pixels.

    Returns
    -------
    list of float
        One size per value, rounded to 0.01 px.
    """
    if min_px < 0 or max_px < min_px:
        raise OptionError(f"size range ({min_px}, {max_px}) is invalid; expected 0 <= min <= max")
    numbers = [_finite_or_none(v) for v in values]
    present = [v for v in numbers if v is not None]
    if not present:
        return [round(min_px, 2)] * len(numbers)
    lo, hi = min(0.0, min(present)), max(present)
    span = hi - lo
    sizes = []
    for v in numbers:
        if v is None or span <= 0:
            sizes.append(round(min_px, 2))
        else:
            sizes.append(round(min_px + (max_px - min_px) * math.sqrt((v - lo) / span), 2))
    return sizes


def _finite_or_none(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: object, lang: str = "en", digits: int = 3) -> str:
    """Format a number for display: whole numbers (also whole floats) with thousands
    separators, other numbers with ``digits`` significant digits (at least the integer
    part), NaN/None as ``–``.

    Dutch uses a decimal comma and a point as thousands separator.

    Examples
    --------
    >>> format_number(1234567, "en"), format_number(1234567, "nl")
    ('1,234,567', '1.234.567')
    >>> format_number(0.012345, "en"), format_number(0.012345, "nl"), format_number(3.0)
    ('0.0123', '0,0123', '3')
    """
    check_lang(lang)
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    if isinstance(value, bool):
        return str(value)
    number = _finite_or_none(value)
    if number is None:
        return "–"
    if number.is_integer():
        text = f"{int(number):,}"
    else:
        magnitude = math.floor(math.log10(abs(number))) if number != 0 else 0
        decimals = max(0, digits - 1 - magnitude)
        text = f"{number:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def plain(value: object) -> object:
    """A numpy/pandas scalar as a plain Python value; NaN, NA and None as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pandas NA cannot be compared
        return None
    return value


def format_period(start: object, end: object, open_text: str) -> str:
    """``"2014–2020"``, a single year, or ``open_text`` when both ends are missing."""
    start, end = plain(start), plain(end)
    if start is None and end is None:
        return open_text
    if start is None or end is None or start == end:
        return str(start if start is not None else end)
    return f"{start}–{end}"


def format_percent(share: object, lang: str = "en", decimals: int = 0) -> str:
    """Format a share in [0, 1] as a percentage (``0.25 -> '25%'``; NaN as ``–``)."""
    number = _finite_or_none(share)
    if number is None:
        return "–"
    text = f"{100 * number:.{decimals}f}%"
    return text.replace(".", ",") if check_lang(lang) == "nl" else text


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on the hex colour ``background``.

    Uses the WCAG relative luminance: black on colours lighter than 0.18, else white
    (the point where both contrasts are equal).
    """
    channels = [int(background.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.18 else "#ffffff"


#: Display names of the organisation and cluster measures per language (text catalogue, namespace
#: ``metric_labels``; for the measures of :mod:`helixnet.metrics.catalogue`, the same words as its labels).
METRIC_LABELS: dict[str, dict[str, str]] = {lang: catalogue(lang)["metric_labels"] for lang in LANGUAGES}


def metric_label(metric: str, lang: str = "en") -> str:
    """The display name of ``metric`` in ``lang`` (the column name itself if unknown)."""
    return METRIC_LABELS[check_lang(lang)].get(metric, metric)
