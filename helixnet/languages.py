"""The languages every user-visible output supports, and the one check of a language option.

At the bottom of the layers (beside :mod:`helixnet.errors`), so that the text catalogue,
the figures, the maps and the scenario labels all check a language the same way.
"""

from __future__ import annotations

from helixnet.errors import OptionError

#: Languages every user-visible output supports.
LANGUAGES: tuple[str, ...] = ("en", "nl")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise :class:`OptionError`."""
    if lang not in LANGUAGES:
        raise OptionError(f"language {lang!r} is not supported; expected one of {', '.join(LANGUAGES)}")
    return lang
