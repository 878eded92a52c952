"""Interactive network maps: one self-contained HTML page per map, usable offline.

The network is assembled with pyvis (its node and edge records), but the page is rendered
through helixnet's own template, which inlines the vis-network JavaScript and CSS that ship
inside the pyvis package: pyvis's own template loads Bootstrap and Tom Select from CDNs.
Node positions are computed in Python (igraph Fruchterman-Reingold, seeded) and physics is
switched off, so large maps draw in seconds and the same seed gives the same page.

Names and other attributes come from outside data, so they are never put into the page as
HTML: they travel as JSON inside a ``<script type="application/json">`` block (with ``<``,
``>`` and ``&`` escaped), and the page's script builds tooltips with ``textContent``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet.errors import OptionError
from helixnet.viz import style

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

#: The vis-network build bundled with pyvis that the page inlines.
VIS_VERSION = "9.1.2"

#: Metrics shown in every tooltip (when the metrics table has them), in this order.
TOOLTIP_METRICS: tuple[str, ...] = ("degree", "betweenness", "constraint")

#: Half the width of the layout box in pixels: positions lie in [-LAYOUT_SCALE, LAYOUT_SCALE].
LAYOUT_SCALE = 1000.0

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "default_title": "Collaboration network",
        "lang": "en",
        "summary": "{nodes} organisations, {edges} links",
        "source": "Source",
        "period": "Period",
        "all_years": "all years",
        "unknown": "unknown",
        "explain": (
            "Each dot is an organisation, coloured by helix and sized by {metric} (area proportional "
            "to the value). A line joins two organisations that share a project or have a direct "
            "tie (dashed: direct tie only); its width grows with the tie weight. Diamonds with a "
            "dark outline are cluster organisations."
        ),
        "synthetic": "Synthetic demonstration data: the organisations, projects and ties are invented.",
        "legend": "Legend",
        "helix": "Helix",
        "size": "Size",
        "size_text": "{metric}: {lo} to {hi}",
        "size_missing": "{count} without a value (smallest size)",
        "cluster": "cluster organisation",
        "direct_tie": "direct tie only",
        "search": "Find an organisation",
        "search_button": "Find",
        "no_match": "No match",
        "match": "match {i} of {n}",
        "kind": "Kind",
        "sme": "SME",
        "yes": "yes",
        "no": "no",
        "relation": "Relation",
        "shared_projects": "Shared projects",
        "weight": "Weight",
        "hint": "Scroll to zoom, drag to pan, hover or click a node for details.",
        "noscript": "This map needs JavaScript.",
    },
    "nl": {
        "default_title": "Samenwerkingsnetwerk",
        "lang": "nl",
        "summary": "{nodes} organisaties, {edges} verbindingen",
        "source": "Bron",
        "period": "Periode",
        "all_years": "alle jaren",
        "unknown": "onbekend",
        "explain": (
            "Elke stip is een organisatie, gekleurd volgens helix en groot volgens {metric} "
            "(oppervlakte evenredig met de waarde). Een lijn verbindt twee organisaties met een "
            "gemeenschappelijk project of een rechtstreekse band (gestreept: alleen een "
            "rechtstreekse band); hoe zwaarder de band, hoe dikker de lijn. Ruiten met een donkere "
            "rand zijn clusterorganisaties."
        ),
        "synthetic": "Synthetische demonstratiegegevens: de organisaties, projecten en banden zijn verzonnen.",
        "legend": "Legende",
        "helix": "Helix",
        "size": "Grootte",
        "size_text": "{metric}: {lo} tot {hi}",
        "size_missing": "{count} zonder waarde (kleinste grootte)",
        "cluster": "clusterorganisatie",
        "direct_tie": "alleen rechtstreekse band",
        "search": "Zoek een organisatie",
        "search_button": "Zoek",
        "no_match": "Niet gevonden",
        "match": "resultaat {i} van {n}",
        "kind": "Soort",
        "sme": "kmo",
        "yes": "ja",
        "no": "nee",
        "relation": "Relatie",
        "shared_projects": "Gemeenschappelijke projecten",
        "weight": "Gewicht",
        "hint": "Scroll om te zoomen, sleep om te verschuiven, wijs of klik een knoop aan voor details.",
        "noscript": "Deze kaart heeft JavaScript nodig.",
    },
}


def sizeable_metrics(metrics: "pd.DataFrame") -> list[str]:
    """The columns of ``metrics`` a map can be sized by: numeric, not boolean."""
    import pandas as pd

    return [
        str(column)
        for column in metrics.columns
        if pd.api.types.is_numeric_dtype(metrics[column]) and not pd.api.types.is_bool_dtype(metrics[column])
    ]


def layout_positions(G: "nx.Graph", seed: int = 0, scale: float = LAYOUT_SCALE) -> dict[Any, tuple[float, float]]:
    """Node positions from seeded Fruchterman-Reingold layouts, packed and scaled to ``[-scale, scale]``.

    Each connected component is laid out on its own with igraph's Fruchterman-Reingold
    (unweighted; grid-accelerated from 1,000 nodes), starting from uniform random positions
    drawn with ``seed``; igraph's random number generator is seeded too for the duration of
    the call, so the result depends on the graph and the seed only. Components keep their
    natural size and are packed in rows, largest first (so the giant component sits at the
    top and isolated nodes form a grid at the bottom, spaced like the nodes of the largest
    component); the whole picture is then centred and scaled so that its longest half-side
    is ``scale``.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
        Seed of the starting positions and of igraph's generator.
    scale : float
        Half the width of the box the positions are scaled into (centred on 0).

    Returns
    -------
    dict
        ``node -> (x, y)`` rounded to 0.1 px, for every node of ``G``.

    References
    ----------
    Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed
    placement. Software: Practice and Experience 21(11), 1129-1164.
    """
    import random

    import igraph
    import networkx as nx
    import numpy as np

    nodes = list(G.nodes)
    if not nodes:
        return {}
    order = {node: i for i, node in enumerate(nodes)}
    # components in a reproducible order: largest first, then by first appearance in G
    components = sorted(
        (sorted(component, key=order.__getitem__) for component in nx.connected_components(G)),
        key=lambda comp: (-len(comp), order[comp[0]]),
    )
    rng = np.random.default_rng(seed)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        pieces = [_component_layout(G, comp, rng, igraph) for comp in components]
    finally:
        igraph.set_random_number_generator(random)
    # one length unit: the typical node spacing in the largest laid-out component, so that
    # isolated nodes and pairs are spaced like the nodes of the big components
    unit = 1.0
    if len(pieces[0]) > 2:
        width, height = pieces[0].max(axis=0) - pieces[0].min(axis=0)
        unit = float(np.sqrt(max(width * height, 1e-12) / len(pieces[0]))) or 1.0
    pieces = [piece * unit if len(piece) <= 2 else piece for piece in pieces]
    coords = _pack(pieces, spacing=unit)
    placed = np.vstack(coords)
    placed -= (placed.max(axis=0) + placed.min(axis=0)) / 2.0
    extent = float(np.abs(placed).max())
    if extent > 0:
        placed *= scale / extent
    flat = [node for comp in components for node in comp]
    position = {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(flat, placed)}
    return {node: position[node] for node in nodes}


def _component_layout(G: "nx.Graph", component: list, rng, igraph) -> "Any":
    """Coordinates (n x 2 array, centred) of one connected component."""
    import numpy as np

    n = len(component)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    index = {node: i for i, node in enumerate(component)}
    graph = igraph.Graph(n=n, edges=[(index[u], index[v]) for u, v in G.subgraph(component).edges() if u != v])
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    coords = np.asarray(graph.layout_fruchterman_reingold(seed=start.tolist()).coords, dtype=float)
    return coords - (coords.max(axis=0) + coords.min(axis=0)) / 2.0


def _pack(pieces: list, spacing: float) -> list:
    """Shelf-pack component layouts (largest first) into rows about 1.5 times as wide as tall.

    Each piece gets a margin of ``spacing``; isolated nodes (one-node pieces) fill a grid
    of their own below the other rows.
    """
    import numpy as np

    boxes = [piece.max(axis=0) - piece.min(axis=0) + spacing for piece in pieces]
    area = sum(float(w * h) for w, h in boxes)
    row_width = max(max(float(w) for w, _ in boxes), float(np.sqrt(1.5 * area)))
    placed = []
    x = y = row_height = 0.0
    for piece, (w, h) in zip(pieces, boxes):
        isolate_grid_starts = len(piece) == 1 and placed and len(placed[-1]) > 1
        if x > 0 and (x + w > row_width or isolate_grid_starts):
            x, y, row_height = 0.0, y + row_height, 0.0
        low = piece.min(axis=0)
        # y grows downwards on screen (vis-network), so later rows sit below earlier ones
        placed.append(piece - low + np.array([x, y]))
        x += w
        row_height = max(row_height, float(h))
    return placed


def render_map(
    G: "nx.Graph",
    metrics: "pd.DataFrame",
    size_by: str = "betweenness",
    title: str | None = None,
    subtitle: str | None = None,
    synthetic: bool | None = None,
    seed: int = 0,
    lang: str = "en",
    node_size_px: tuple[float, float] = style.NODE_SIZE_PX,
    edge_width_px: tuple[float, float] = style.EDGE_WIDTH_PX,
) -> str:
    """Render the collaboration graph as one self-contained interactive HTML page.

    Nodes are coloured by helix (:data:`helixnet.viz.style.HELIX_COLOURS`), sized by the
    metric ``size_by`` (area proportional to the value), and cluster organisations are
    drawn as outlined diamonds with large labels (other labels appear on zooming in).
    Edge width follows ``weight``; edges that are direct ties without a shared project are
    dashed. The page inlines vis-network, has no network references, and holds a legend,
    a search box and tooltips (name, helix, kind, SME, degree, betweenness, constraint and
    the size metric).

    Parameters
    ----------
    G : networkx.Graph
        A collaboration graph (see :func:`helixnet.collaboration_graph`): node attributes
        ``name, helix, kind, sme, is_cluster``; edge attributes ``weight, projects,
        relation``; ``G.graph`` with ``title, source, synthetic, start_year, end_year``.
    metrics : pandas.DataFrame
        Organisation metrics indexed by node id (e.g. from
        :func:`helixnet.organisation_metrics`). Nodes missing from it are drawn at the
        smallest size and their tooltip shows ``–``.
    size_by : str
        The numeric column of ``metrics`` that sets node size.
    title, subtitle : str, optional
        Page heading and the line under it; default to ``G.graph["title"]`` and a summary
        (node and edge counts, source, period).
    synthetic : bool, optional
        Show the synthetic-data banner; defaults to ``G.graph["synthetic"]``.
    seed : int
        Seed of the layout; the same graph, metrics and seed give the same page.
    lang : {"en", "nl"}
        Language of the page.
    node_size_px, edge_width_px : (float, float)
        Smallest and largest node radius and edge width in pixels.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    OptionError
        If ``size_by`` is not a numeric column of ``metrics`` or ``lang`` is unsupported.
    """
    import jinja2
    from markupsafe import Markup
    from pyvis.network import Network

    text = STRINGS[style.check_lang(lang)]
    valid = sizeable_metrics(metrics)
    if size_by not in valid:
        choices = ", ".join(valid) if valid else "(none: metrics has no numeric columns)"
        raise OptionError(f"unknown size_by metric {size_by!r}; expected one of: {choices}")
    if metrics.index.has_duplicates:
        raise OptionError("metrics index has duplicate node ids; expected one row per node")

    nodes = list(G.nodes)
    positions = layout_positions(G, seed=seed)
    aligned = metrics.reindex(nodes)
    sizes = style.sqrt_scale(aligned[size_by], *node_size_px)
    shown_metrics = [m for m in TOOLTIP_METRICS if m in valid]
    if size_by not in shown_metrics:
        shown_metrics.append(size_by)

    # pyvis holds the node and edge records; its add_node/add_edge scan lists on every call
    # (quadratic), so records are built with its Node/Edge classes and appended directly.
    from pyvis.edge import Edge
    from pyvis.node import Node

    net = Network(directed=False, cdn_resources="in_line")
    page_ids: dict[Any, str] = {}
    details: list[dict[str, Any]] = []
    metric_values = {m: [style.format_number(style.plain(v), lang) for v in aligned[m].tolist()] for m in shown_metrics}
    for i, (node, size) in enumerate(zip(nodes, sizes)):
        page_id = str(node)
        if page_id in net.node_map:
            raise OptionError(f"two nodes have the same id when written as text: {page_id!r}")
        page_ids[node] = page_id
        attrs = G.nodes[node]
        helix = attrs.get("helix")
        name = str(attrs.get("name", page_id))
        is_cluster = bool(attrs.get("is_cluster", False))
        x, y = positions[node]
        record = Node(
            page_id,
            "diamond" if is_cluster else "dot",
            label=name,
            x=x,
            y=y,
            size=size,
            color=_node_colour(helix, is_cluster),
            borderWidth=3 if is_cluster else 1,
            font=_CLUSTER_FONT if is_cluster else _NODE_FONT,
        ).options
        net.nodes.append(record)
        net.node_ids.append(page_id)
        net.node_map[page_id] = record
        details.append({
            "name": name,
            "helix": style.helix_label(helix, lang) if isinstance(helix, str) else text["unknown"],
            "kind": str(attrs.get("kind", "")),
            "sme": text["yes"] if attrs.get("sme") else text["no"],
            "metrics": [[style.metric_label(m, lang), metric_values[m][i]] for m in shown_metrics],
        })

    weights = [style.plain(data.get("weight", 1.0)) for _, _, data in G.edges(data=True)]
    widths = style.sqrt_scale(weights, *edge_width_px)
    for i, ((u, v, data), width) in enumerate(zip(G.edges(data=True), widths)):
        relation = str(data.get("relation", "collaboration"))
        options: dict[str, Any] = {"id": i, "width": width}
        if "collaboration" not in relation.split("+"):
            options["dashes"] = True
        net.edges.append(Edge(page_ids[u], page_ids[v], False, **options).options)

    edge_info = [
        [
            str(data.get("relation", "collaboration")),
            int(style.plain(data.get("projects", 0)) or 0),
            style.format_number(style.plain(data.get("weight", 1.0)), lang),
        ]
        for _, _, data in G.edges(data=True)
    ]

    graph_meta = G.graph
    start, end = graph_meta.get("start_year"), graph_meta.get("end_year")
    period = style.format_period(start, end, text["all_years"])
    source = str(graph_meta.get("source") or text["unknown"])
    if title is None:
        title = str(graph_meta.get("title") or text["default_title"])
    if subtitle is None:
        summary = text["summary"].format(
            nodes=style.format_number(G.number_of_nodes(), lang), edges=style.format_number(G.number_of_edges(), lang)
        )
        subtitle = f"{summary} · {text['source']}: {source} · {text['period']}: {period}"
    if synthetic is None:
        synthetic = bool(graph_meta.get("synthetic", False))

    size_values = aligned[size_by].astype(float)
    missing = int(size_values.isna().sum())
    helix_counts: dict[str, int] = {}
    for node in nodes:
        helix = G.nodes[node].get("helix")
        helix_counts[helix] = helix_counts.get(helix, 0) + 1

    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "details": details,
        "edgeInfo": edge_info,
        "options": _vis_options(G.number_of_edges()),
        "text": {key: text[key] for key in ("kind", "sme", "relation", "shared_projects", "weight", "no_match",
                                            "match")},
        "helixLabel": text["helix"],
    }
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("helixnet.viz", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    vis_js, vis_css = _vis_assets()
    return env.get_template("map.html.j2").render(
        lang=lang,
        text=text,
        title=title,
        subtitle=subtitle,
        synthetic=synthetic,
        explain=text["explain"].format(metric=style.metric_label(size_by, lang)),
        legend=[
            (label, colour, helix_counts.get(helix, 0)) for helix, label, colour in style.helix_legend(lang)
        ],
        unknown_helix=sum(count for helix, count in helix_counts.items() if helix not in style.HELIX_COLOURS),
        unknown_colour=style.UNKNOWN_COLOUR,
        cluster_colour=style.HELIX_COLOURS["intermediair"],
        cluster_border=style.CLUSTER_BORDER,
        size_text=text["size_text"].format(
            metric=style.metric_label(size_by, lang),
            lo=style.format_number(style.plain(size_values.min()), lang),
            hi=style.format_number(style.plain(size_values.max()), lang),
        ),
        size_missing=text["size_missing"].format(count=missing) if missing else "",
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data_json=Markup(json_for_script(data)),
    )


_NODE_FONT = {"size": 12, "color": "#222222", "strokeWidth": 2, "strokeColor": "#ffffff"}
_CLUSTER_FONT = {"size": 34, "color": "#111111", "bold": True, "strokeWidth": 5, "strokeColor": "#ffffff",
                 "face": "sans-serif"}


def _node_colour(helix: object, is_cluster: bool) -> dict[str, Any]:
    fill = style.helix_colour(helix)
    border = style.CLUSTER_BORDER if is_cluster else fill
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": fill, "border": "#000000"},
        "hover": {"background": fill, "border": "#000000"},
    }


def _vis_options(edge_count: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {
            "borderWidthSelected": 3,
            # labels fade in between 7 and 8 px on screen, so only zoomed-in names show
            "scaling": {"label": {"enabled": False, "drawThreshold": 8}},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555", "opacity": 0.45},
            "selectionWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 100,
            "hideEdgesOnDrag": edge_count > 5000,
            "hideEdgesOnZoom": edge_count > 20000,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS shipped with pyvis, made safe to inline."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline_safe(js, "script"), _inline_safe(css, "style")


def _inline_safe(code: str, tag: str) -> str:
    """Neutralise sequences that would end or confuse a raw-text ``<script>``/``<style>``.

    ``</`` before the tag name becomes ``<\\/`` (the same string in JS and CSS), ``<!--``
    becomes ``<\\!--`` so the HTML parser never enters its escaped-script state, and
    source-map comments are dropped (they point at files the page does not ship).
    """
    import re

    code = re.sub(r"^[ \t]*(//[#@][ \t]*sourceMappingURL=.*|/\*[#@][ \t]*sourceMappingURL=.*?\*/)[ \t]*$", "", code,
                  flags=re.MULTILINE)
    code = re.sub(rf"</(?={tag})", r"<\\/", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def json_for_script(value: Any) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&`` and the JavaScript line separators U+2028/U+2029 are written as
    ``\\uXXXX`` escapes, so no data can close the element or start markup; NaN and
    infinities are not allowed (use None).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
