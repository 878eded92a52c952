"""The words of the interactive map page, in English and Dutch (kept in the text catalogue,
``helixnet/texts/locale/<lang>/map.json``)."""

from __future__ import annotations

from helixnet.texts import LANGUAGES, catalogue

#: The page's words per language, from the text catalogue (namespace ``map``).
STRINGS: dict[str, dict[str, str]] = {lang: catalogue(lang)["map"] for lang in LANGUAGES}

#: Keys the page's script needs (the rest is rendered into the HTML by the template).
SCRIPT_KEYS: tuple[str, ...] = (
    "kind", "sme", "relation", "shared_projects", "weight", "no_match", "match", "hidden_match", "visible",
    "hidden_partners", "distance", "helix", "partners_title", "col_name", "col_helix", "col_projects", "matches",
    "close", "ties_capped",
)
