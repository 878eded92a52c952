"""The public API: every exported name resolves, and the metrics reference is in sync."""

from __future__ import annotations

from pathlib import Path

import helixnet
from helixnet.metrics.catalogue import MEASURES, reference_markdown
from helixnet.metrics.table import METRICS

DOCS = Path(__file__).parent.parent / "docs" / "metrics.md"


def test_every_exported_name_resolves():
    for name in helixnet.__all__:
        assert getattr(helixnet, name) is not None, name


def test_metrics_reference_is_generated_from_the_catalogue_and_docstrings():
    assert DOCS.read_text(encoding="utf-8") == reference_markdown() + "\n", (
        "docs/metrics.md is out of date: run python -m helixnet.metrics.catalogue > docs/metrics.md")


def test_catalogue_covers_every_metric_column_once_with_both_languages():
    assert [m.column for m in MEASURES] == list(METRICS)
    assert len(set(METRICS)) == len(METRICS)
    for m in MEASURES:
        assert m.label("en") and m.label("nl") and m.guide("en") and m.guide("nl"), m.column
        assert m.guide("en") != m.guide("nl"), m.column
        assert m.connector_end in ("high", "low"), m.column
