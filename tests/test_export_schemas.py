"""graph.gexf and graph.graphml are valid against the official schemas (vendored in
tests/data/schemas), well-formed whatever the names hold, and the same bytes on any day."""

from __future__ import annotations

import io
import time

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helixnet.report.gephi import gephi_graph, gexf_bytes, graphml_bytes, xml_text
from tests.helpers import DATA
from tests.strategies import CONTROL_NAMES

SCHEMAS = DATA / "schemas"
#: Names no XML 1.0 document can hold as they are, and names that are fine.
HOSTILE = ["tab\tvertical\x0btab", "nul\x00byte", "escape\x1b[31m", "form\x0cfeed", "\ufffe\uffff", "<&'\">"]


@pytest.fixture(scope="module")
def schemas():
    xmlschema = pytest.importorskip("xmlschema")
    return {"gexf": xmlschema.XMLSchema(str(SCHEMAS / "gexf-1.2draft" / "gexf.xsd")),
            "graphml": xmlschema.XMLSchema(str(SCHEMAS / "graphml" / "graphml.xsd"))}


@pytest.fixture(scope="module")
def hostile_graph():
    """The tiny analysis with hostile organisation names and one hostile id."""
    import helixnet

    analysis = helixnet.analyse(DATA / "tiny")
    G = analysis.graph.copy()
    for node, name in zip(list(G.nodes), HOSTILE):
        G.nodes[node]["name"] = name
    G = nx.relabel_nodes(G, {next(iter(G.nodes)): "id\x0bwith\x00controls"})
    organisations = analysis.organisations.rename(index={analysis.organisations.index[0]: "id\x0bwith\x00controls"})
    return gephi_graph(G, organisations)


def _errors(schema, data: bytes) -> list[str]:
    return [f"{error.path}: {error.reason}" for error in schema.iter_errors(io.BytesIO(data))]


def test_gexf_is_valid_against_the_official_schema(schemas, hostile_graph):
    assert _errors(schemas["gexf"], gexf_bytes(hostile_graph)) == []


@pytest.mark.parametrize("writer", ["write_graphml_lxml", "write_graphml_xml"])
def test_graphml_is_valid_with_or_without_lxml(schemas, hostile_graph, monkeypatch, writer):
    pytest.importorskip("lxml")
    monkeypatch.setattr(nx, "write_graphml", getattr(nx, writer))
    assert _errors(schemas["graphml"], graphml_bytes(hostile_graph)) == []


def test_the_schemas_catch_what_networkx_writes_by_default(schemas, hostile_graph):
    # the check can fail: networkx's own GEXF (graph name="", viz:color) is refused by the schema
    plain = io.BytesIO()
    nx.write_gexf(nx.path_graph(2), plain)
    assert any("name" in e for e in _errors(schemas["gexf"], plain.getvalue()))


def test_control_characters_are_replaced_visibly_and_files_read_back(hostile_graph):
    G = nx.read_gexf(io.BytesIO(gexf_bytes(hostile_graph)))
    labels = {data["label"] for _, data in G.nodes(data=True)}
    assert "tab\tvertical\ufffdtab" in labels and "nul\ufffdbyte" in labels and "<&'\">" in labels
    assert "id\ufffdwith\ufffdcontrols" in G.nodes
    R = nx.read_graphml(io.BytesIO(graphml_bytes(hostile_graph)))
    assert set(R.nodes) == set(G.nodes)


def test_xml_text_keeps_what_xml_allows():
    assert xml_text("a\tb\nc\rd é 😀 \ud7ff") == "a\tb\nc\rd é 😀 \ud7ff"
    assert xml_text("\x00\x08\x0b\x0c\x1f\ud800\ufffe\uffff") == "\ufffd" * 8


def test_the_same_graph_gives_the_same_bytes_on_another_day(hostile_graph, monkeypatch):
    today = gexf_bytes(hostile_graph), graphml_bytes(hostile_graph)
    assert b"lastmodifieddate" not in today[0]
    monkeypatch.setattr(time, "strftime", lambda fmt, *args: "1999-12-31")
    assert (gexf_bytes(hostile_graph), graphml_bytes(hostile_graph)) == today


@settings(max_examples=60, deadline=None)
@given(st.lists(CONTROL_NAMES, min_size=1, max_size=4))
def test_any_control_character_in_names_gives_well_formed_files(names):
    from xml.etree import ElementTree

    G = nx.Graph()
    for i, name in enumerate(names):
        G.add_node(f"o{i}", name=name, helix="bedrijf")
    G.add_edges_from((f"o{i}", f"o{i + 1}") for i in range(len(names) - 1))
    H = gephi_graph(G)
    for data in (gexf_bytes(H), graphml_bytes(H)):
        ElementTree.fromstring(data)  # raises on ill-formed XML
    for i, name in enumerate(names):  # C0 controls (not DEL, which XML allows) are replaced
        assert H.nodes[f"o{i}"]["label"] == "".join("\ufffd" if ord(c) < 32 else c for c in name)
