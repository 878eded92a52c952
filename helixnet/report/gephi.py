"""The collaboration graph for Gephi: GEXF and GraphML with clean, consistently typed attributes.

Gephi (and the GraphML / GEXF readers of networkx, igraph and Cytoscape) declare one type
per attribute, so every node attribute here has one type across all nodes (text, integer,
float or boolean), and values that are missing (None, NaN) or not finite (an infinite
z-score) are left out of that node rather than written as text. Node ``label`` is the
organisation's name; GEXF nodes also carry their helix colour, the one of the map and the
figures.

Both files are valid against the official schemas (GEXF 1.2draft from gephi/gexf, GraphML
1.0; the tests validate them with xmlschema) and deterministic: no wall-clock date, no empty
graph name. Text that XML 1.0 cannot hold (control characters such as U+000B, lone
surrogates, U+FFFE/U+FFFF) is replaced by U+FFFD, visibly, so the files are always
well-formed whichever XML library networkx uses. In GEXF the colour is the ``<color>``
element of the schema's node content (in the GEXF namespace, where the official XSD puts
it; Gephi reads it by its local name).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

#: Node attributes taken from the graph, with their type.
NODE_ATTRIBUTES: dict[str, type] = {"helix": str, "kind": str, "sme": bool, "is_cluster": bool,
                                    "country": str, "region": str}

#: Organisation measures added to every node (floats; ``degree`` as integer).
NODE_MEASURES: tuple[str, ...] = (
    "degree", "strength", "betweenness", "cross_helix_betweenness", "constraint", "effective_size",
    "participation", "ei_index", "top1_share", "brokerage_b_O_z", "brokerage_w_O_z", "pagerank",
)

#: Edge attributes, with their type: the tie strength (shared projects plus direct-tie weights)
#: and the kind of tie. Kept to two: a network the size of Horizon 2020 has half a million edges,
#: and every attribute adds tens of megabytes to the files (the rest is in the data files).
EDGE_ATTRIBUTES: dict[str, type] = {"weight": float, "relation": str}

#: Characters XML 1.0 cannot hold (outside its ``Char`` production).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD (visibly)."""
    return _NOT_XML.sub("\ufffd", text)


def gephi_graph(G: "nx.Graph", org_metrics: "pd.DataFrame | None" = None,
                communities: "pd.Series | None" = None) -> "nx.Graph":
    """A copy of ``G`` with only clean, consistently typed attributes (see the module doc).

    Parameters
    ----------
    G : networkx.Graph
        The collaboration graph.
    org_metrics : pandas.DataFrame, optional
        Organisation measures; the columns of :data:`NODE_MEASURES` present are added.
    communities : pandas.Series, optional
        Community number per organisation (``community``; clusters have none).
    """
    import networkx as nx

    H = nx.Graph()
    for node, data in G.nodes(data=True):
        attrs: dict[str, Any] = {"label": _text(data.get("name")) or xml_text(str(node))}
        for key, kind in NODE_ATTRIBUTES.items():
            value = _typed(data.get(key), kind)
            if value is not None:
                attrs[key] = value
        if org_metrics is not None and node in org_metrics.index:
            row = org_metrics.loc[node]
            for key in NODE_MEASURES:
                if key in row.index:
                    value = _typed(row[key], int if key == "degree" else float)
                    if value is not None:
                        attrs[key] = value
        if communities is not None and node in communities.index:
            value = _typed(communities[node], int)
            if value is not None:
                attrs["community"] = value
        H.add_node(xml_text(str(node)), **attrs)
    for u, v, data in G.edges(data=True):
        attrs = {}
        for key, kind in EDGE_ATTRIBUTES.items():
            value = _typed(data.get(key), kind)
            if value is not None:
                attrs[key] = value
        H.add_edge(xml_text(str(u)), xml_text(str(v)), **attrs)
    return H


def gexf_bytes(H: "nx.Graph") -> bytes:
    """``H`` (from :func:`gephi_graph`) as GEXF 1.2draft, nodes coloured by helix; valid against
    the official schema and the same bytes for the same graph on any day."""
    import io
    from xml.etree.ElementTree import SubElement

    from networkx.readwrite.gexf import GEXFWriter

    from helixnet.viz import style

    writer = GEXFWriter(prettyprint=False, version="1.2draft")
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)  # today's date: not reproducible
    writer.add_graph(H)
    writer.graph_element.attrib.pop("name", None)  # the schema has no graph name
    nodes = writer.graph_element.find("nodes")
    for element, (_, data) in zip(nodes, H.nodes(data=True)):
        colour = style.helix_colour(data.get("helix")).lstrip("#")
        SubElement(element, "color", r=str(int(colour[0:2], 16)), g=str(int(colour[2:4], 16)),
                   b=str(int(colour[4:6], 16)), a="1.0")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def graphml_bytes(H: "nx.Graph") -> bytes:
    """``H`` (from :func:`gephi_graph`) as GraphML."""
    import io

    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(H, buffer, named_key_ids=True, prettyprint=False)
    return buffer.getvalue()


def _text(value: object) -> str | None:
    return xml_text(value) if isinstance(value, str) and value != "" else None


def _typed(value: object, kind: type) -> Any:
    """``value`` as ``kind``, or None when it is missing, not finite or of another kind."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if kind is str:
        return _text(value)
    if kind is bool:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    if kind is int:
        return int(value) if float(value).is_integer() else None
    return float(value)
