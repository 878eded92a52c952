"""Shared test helpers: copies of fixture data directories with one defect each."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
REPO = Path(__file__).parent.parent


def copy_tiny(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture directory."""
    target = tmp_path / "tiny"
    shutil.copytree(TINY, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path`` once; fail the test if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class PageStructure(HTMLParser):
    """What an HTML page is made of: start tags with their attributes, the text people see
    (outside ``<script>`` and ``<style>``) and the style sheets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.attributes: list[tuple[str, str, str | None]] = []  # every (tag, name, value), duplicates kept
        self.text: list[str] = []
        self.styles: list[str] = []
        self._raw_text: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._raw_text = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._raw_text = None

    def handle_data(self, data):
        if self._raw_text == "style":
            self.styles.append(data)
        elif self._raw_text is None:
            self.text.append(data)


def parse_html(html: str) -> PageStructure:
    """Parse ``html`` into a :class:`PageStructure`."""
    parser = PageStructure()
    parser.feed(html)
    parser.close()
    return parser
