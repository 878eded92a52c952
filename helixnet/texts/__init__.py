"""One text catalogue per language: the JSON files under ``locale/<lang>/``.

Every user-facing text lives in the catalogue of its language, grouped in namespaces (the
top-level keys of the files; each namespace lives in exactly one file, so parts of the
package keep their texts in files of their own: ``report.json`` for the report, and further
files for the map page, the figures and the scenario labels). The report's namespaces are:
``text`` (sentences, headings, captions, labels; ``{name}`` fields filled by the sections),
``network_labels``, ``helix_network_rows`` (label and explanation), ``measure_labels``,
``measures`` (definitions, in page order), ``dataset_keys``, ``parameter_labels``,
and ``kinds`` (organisation kind codes such as
``strategisch_onderzoekscentrum``). The map page's texts (:mod:`helixnet.viz.map_text`) and
the scenario labels live in further namespaces the same way. ``tests/test_catalogue.py``
checks that both languages have every key, and that no namespace is defined twice.

This module sits at the bottom of the layers (beside :mod:`helixnet.languages`), so that
the report, the maps, the figures and the scenario labels all read one catalogue.
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
    folder = resources.files("helixnet.texts").joinpath("locale", lang)
    sources = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return merge_namespaces(lang, [(f.name, json.loads(f.read_text(encoding="utf-8"))) for f in sources])


def merge_namespaces(lang: str, parts: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One catalogue from the ``(file name, content)`` parts of a language; a namespace
    defined in two files is a packaging error (``ValueError`` naming both files)."""
    data: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for name, part in parts:
        for namespace, entries in part.items():
            if namespace == "_about":
                continue
            if namespace in owner:
                raise ValueError(
                    f"text catalogue {lang}: namespace {namespace!r} is defined in both {owner[namespace]} and {name}"
                )
            owner[namespace] = name
            data[namespace] = entries
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
