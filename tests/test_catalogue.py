"""The text catalogues (helixnet/texts/locale/<lang>/*.json): same keys and fields in every
language, and no sentence of one language in the other's report."""

from __future__ import annotations

import html as html_module
import re
import string

import pytest

from helixnet.errors import OptionError
from helixnet.texts import LANGUAGES, catalogue, kind_label, texts
from tests.helpers import TINY

#: Function words of one language that the other does not use: a run of text with two or
#: more different ones (as whole words) is a sentence in that language.
MARKERS = {
    "en": {"the", "and", "of", "with", "which", "that", "each", "from", "their", "this", "by", "are", "than",
           "between", "where", "what", "who", "how", "does", "not", "or", "its", "has", "have", "more", "all"},
    "nl": {"de", "het", "een", "en", "van", "met", "die", "dat", "elke", "uit", "hun", "deze", "door", "zijn",
           "dan", "tussen", "waar", "wat", "wie", "hoe", "niet", "of", "meer", "alle", "wordt", "naar", "bij"},
}
#: Words in both sets are no evidence either way.
SHARED = MARKERS["en"] & MARKERS["nl"]


def sentences_in(text: str, lang: str) -> list[str]:
    """The sentences (split at . ; : and line ends) of ``text`` that read as ``lang``."""
    found = []
    for sentence in re.split(r"[.;:!?\n]+", text):
        words = {w.strip(string.punctuation + "()[]‘’“”").lower() for w in sentence.split()}
        if len((words & MARKERS[lang]) - SHARED) >= 2:
            found.append(sentence.strip())
    return found


def flat_values(value) -> list[str]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in flat_values(item)]
    if isinstance(value, list):
        return [v for item in value for v in flat_values(item)]
    return [value]


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_every_key_in_every_language():
    en, nl = catalogue("en"), catalogue("nl")
    assert sorted(en) == sorted(nl)
    for namespace in en:
        assert sorted(en[namespace]) == sorted(nl[namespace]), namespace
        for key in en[namespace]:
            pair = (en[namespace][key], nl[namespace][key])
            assert type(pair[0]) is type(pair[1]), (namespace, key)
            for a, b in zip(flat_values(pair[0]), flat_values(pair[1])):
                assert fields(a) == fields(b), (namespace, key)  # the same {fields} to fill
    assert len(en["text"]) > 100 and "strategisch_onderzoekscentrum" in en["kinds"]


def test_parity_check_can_fail():
    broken = {**catalogue("nl"), "text": {k: v for k, v in catalogue("nl")["text"].items() if k != "contents"}}
    assert sorted(catalogue("en")["text"]) != sorted(broken["text"])


def test_detector_sees_each_language():
    assert sentences_in("How neutral is each cluster's connector role?", "en")
    assert not sentences_in("Hoe neutraal is de verbindersrol van elke cluster?", "en")
    assert sentences_in("Hoe neutraal is de verbindersrol van elke cluster?", "nl")
    assert not sentences_in("Which communities does no cluster serve?", "nl")


@pytest.mark.parametrize(("lang", "other"), [("nl", "en"), ("en", "nl")])
def test_no_sentence_of_the_other_language_in_the_catalogue(lang, other):
    values = [v for v in flat_values(catalogue(lang)) if isinstance(v, str)]
    assert [s for v in values for s in sentences_in(v, other)] == []
    # and the check can fail: the other catalogue is full of them
    assert len([s for v in flat_values(catalogue(other)) if isinstance(v, str) for s in sentences_in(v, other)]) > 50


@pytest.fixture(scope="module")
def reports():
    from helixnet.pipeline import analyse, build_report

    analysis = analyse(TINY, communities=True, periods=True)
    return {lang: build_report(analysis, lang=lang) for lang in LANGUAGES}


def visible_text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    text = html_module.unescape(re.sub(r"<[^>]+>", "\n", page))
    return text.split("Borgatti, S. P. (1997)")[0]  # the references keep the publications' own titles


@pytest.mark.parametrize(("lang", "other"), [("nl", "en"), ("en", "nl")])
def test_no_sentence_of_the_other_language_in_the_report(reports, lang, other):
    assert sentences_in(visible_text(reports[lang].html), other) == []
    assert len(sentences_in(visible_text(reports[other].html), other)) > 20  # the check can fail


def test_kind_codes_are_words():
    assert kind_label("strategisch_onderzoekscentrum", "en") == "strategic research centre"
    assert kind_label("strategisch_onderzoekscentrum", "nl") == "strategisch onderzoekscentrum"
    assert kind_label("kmo", "en") == "SME"
    assert kind_label("nieuw_soort", "en") == "nieuw soort"  # unknown: shown, underscores as spaces
    assert kind_label(None, "nl") == "–"


def test_unknown_language_is_an_option_error():
    with pytest.raises(OptionError, match="language 'fr' is not supported; expected one of en, nl"):
        texts("fr")


def test_a_namespace_lives_in_one_file_only():
    from helixnet.texts import merge_namespaces

    merged = merge_namespaces("en", [("a.json", {"_about": "x", "one": {"k": "v"}}), ("b.json", {"two": {}})])
    assert merged == {"one": {"k": "v"}, "two": {}}
    with pytest.raises(ValueError, match="'one' is defined in both a.json and b.json"):
        merge_namespaces("en", [("a.json", {"one": {}}), ("b.json", {"one": {}})])


#: The namespaces that hold the texts the scenario engines, the comparison and the figure
#: style kept in nl/en dicts of their own before (issue 13).
MOVED_NAMESPACES = ("scenario_labels", "plan_outcomes", "plan_words", "compare", "helix_labels", "metric_labels")


def test_moved_texts_live_in_the_catalogue():
    from helixnet.schema import HELIX_LABELS_EN
    from helixnet.scenarios import labels, measures

    for lang in LANGUAGES:
        assert all(catalogue(lang)[namespace] for namespace in MOVED_NAMESPACES)
    assert catalogue("en")["helix_labels"] == HELIX_LABELS_EN
    assert set(measures.OUTCOME_LABELS["nl"]) == set(measures.OUTCOMES)
    assert labels.outcome_label("brokerage_b_O_z", "nl") == "cluster: z-score liaison"
    assert labels.outcome_label("brokerage_w_O_z", "en") == "cluster: itinerant broker z-score"


@pytest.mark.parametrize(("lang", "other"), [("nl", "en"), ("en", "nl")])
def test_scenario_texts_read_in_their_language(lang, other):
    """What the scenario sections show (outcome names, guides, result words) is in ``lang``."""
    from helixnet.scenarios import labels, measures

    def shown(language):
        return [*labels.OUTCOME_LABELS[language].values(), *labels.OUTCOME_GUIDES[language].values(),
                *measures.OUTCOME_LABELS[language].values(), *catalogue(language)["plan_words"].values(),
                *catalogue(language)["compare"].values()]

    assert [s for value in shown(lang) for s in sentences_in(value, other)] == []
    assert len([s for value in shown(other) for s in sentences_in(value, other)]) > 5  # the check can fail


def language_dicts(source: str) -> list[int]:
    """Line numbers of dict literals in ``source`` keyed by both "en" and "nl": texts that
    belong in the catalogue."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"en", "nl"} <= keys:
                found.append(node.lineno)
    return found


def test_no_language_dicts_left_in_the_package():
    from tests.helpers import REPO

    left = {str(path.relative_to(REPO)): lines for path in sorted((REPO / "helixnet").rglob("*.py"))
            if (lines := language_dicts(path.read_text(encoding="utf-8")))}
    assert left == {}
    assert language_dicts('X = {"en": {"a": "b"}, "nl": {"a": "c"}}') == [1]  # the check can fail
