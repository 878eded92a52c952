"""One text catalogue per language: ``locale/en.json`` and ``locale/nl.json``.

Every text the report shows lives in the file of its language, grouped in namespaces:
``text`` (sentences, headings, captions, labels; ``{name}`` fields filled by the sections),
``network_labels``, ``helix_network_rows`` (label and explanation), ``measure_labels``,
``measures`` (definitions, in page order), ``dataset_keys``, ``parameter_labels``,
``network_period_labels`` and ``kinds`` (organisation kind codes such as
``strategisch_onderzoekscentrum``). The map page's texts (:mod:`helixnet.viz.map_text`) and
the scenario labels (:mod:`helixnet.scenarios.labels`) can be folded in later as further
namespaces (``map``, ``scenario``) without changing this module: a namespace is any
top-level key. ``tests/test_catalogue.py`` checks that both languages have every key.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from helixnet.languages import LANGUAGES, check_lang

__all__ = ["LANGUAGES", "catalogue", "texts", "kind_label"]


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, Any]:
    """The whole catalogue of ``lang`` (namespace -> key -> text); cached, do not modify.

    Raises
    ------
    OptionError
        For a language without a catalogue.
    """
    check_lang(lang)
    source = resources.files("helixnet.report").joinpath("locale", f"{lang}.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    data.pop("_about", None)
    return data


def texts(lang: str) -> dict[str, str]:
    """The ``text`` namespace of ``lang``: the report's sentences, headings and labels."""
    return catalogue(lang)["text"]


def kind_label(kind: object, lang: str) -> str:
    """An organisation kind code in words (``strategisch_onderzoekscentrum`` -> "strategic
    research centre"); an unknown code as it is, with underscores as spaces; missing as ``–``."""
    if not isinstance(kind, str) or not kind:
        return "–"
    return catalogue(lang)["kinds"].get(kind, kind.replace("_", " "))
