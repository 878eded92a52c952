"""The default report's layout, in both languages: in every figure it draws no two texts
overlap, none runs past the figure's edge and no leader line crosses a label (read back
from the drawn text extents, :mod:`tests.figure_text`); no PDF page is left mostly empty
except where a section ends before a forced page break."""

from __future__ import annotations

import pytest

from tests.figure_text import drawn_texts, text_problems
from tests.helpers import REPO


@pytest.fixture(scope="module")
def documents():
    """The report documents (en, nl) of the default data with every section: baselines,
    communities, periods, themes, the v1 scenarios and the plans (few draws and null samples:
    the layout does not depend on how many)."""
    from helixnet.analysis import EvidenceRequest, PlanRequest, ScenarioRequest, analyse
    from helixnet.report.assemble import report_for

    analysis = analyse(REPO / "data", communities=True, periods=True, themes=True, evidence=EvidenceRequest(10),
                       plans=PlanRequest(n_draws=8, processes=1), scenarios=ScenarioRequest(n_runs=4))
    return {lang: report_for(analysis, lang=lang).document for lang in ("en", "nl")}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_figure_text_overlaps_or_is_clipped(documents, lang):
    figures = documents[lang].figures
    names = {f.name for f in figures}
    # the figures this check was written for are all there
    assert {"composition", "comparison", "profile", "brokerage", "neutrality", "degree"} <= names
    assert any(n.startswith("plan_") for n in names) and any(n.startswith("scenario_") for n in names)
    problems = {f.name: found for f in figures if (found := text_problems(f.figure))}
    assert problems == {}


def test_neutrality_labels_have_room_and_leader_lines(documents):
    figure = next(f for f in documents["nl"].figures if f.name == "neutrality").figure
    texts, leaders, _ = drawn_texts(figure)
    labels = [t for t in texts if t.artist.get_gid() == "cluster-label"]
    assert len(labels) == 7  # one per cluster of the default data


#: A page may be this little used only where a section ends before a forced page break.
LEAST_FILL = 0.35


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_half_empty_pdf_pages(documents, lang):
    from helixnet.report.pdf import page_fill

    fill = page_fill(documents[lang])
    assert len(fill) > 10
    assert [(page, round(used, 2)) for page, used, ends in fill if used < LEAST_FILL and not ends] == []


def _figure(size=(3.0, 2.0), layout="constrained"):
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout=layout)
    return fig, fig.add_subplot()


def test_the_check_finds_overlaps_clipping_and_crossing_leaders():
    fig, ax = _figure()
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    assert any(p.startswith("overlap: 'one label'") for p in text_problems(fig))

    fig, ax = _figure(layout=None)
    ax.set_axis_off()
    ax.text(0.9, 0.5, "a label that runs far past the right edge")
    assert any(p.startswith("clipped:") for p in text_problems(fig))

    fig, ax = _figure((4.0, 3.0))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0.5, 0.5, "in the way", ha="center", va="center")
    ax.annotate("far label", (0.2, 0.5), xytext=(0.75, 0.5), arrowprops={"arrowstyle": "-"}, ha="left", va="center")
    assert any("leader line of 'far label' crosses 'in the way'" in p for p in text_problems(fig))

    fig, ax = _figure()
    ax.text(0.1, 0.5, "apart")
    ax.text(0.6, 0.2, "clear")
    assert text_problems(fig) == []
