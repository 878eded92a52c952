"""Interactive network maps: one self-contained HTML page per map, usable offline.

The nodes are pyvis node records (the ties travel as compact arrays), but the page is rendered
through helixnet's own template, which inlines the vis-network JavaScript and CSS that ship
inside the pyvis package: pyvis's own template loads Bootstrap and Tom Select from CDNs.
Node positions are computed in Python (ForceAtlas2 on the disparity-filter backbone, ties
inside a community pulling harder; seeded) and physics is switched off, so large maps draw in
seconds and the same seed gives the same page. The page draws the backbone by default and
carries every tie, with what its controls need (colourings, sizes per metric, project start
years per organisation and tie, the only-through flags of a focus map), so it stays offline.

Names and other attributes come from outside data, so they are never put into the page as
HTML: they travel as JSON inside a ``<script type="application/json">`` block (with ``<``,
``>`` and ``&`` escaped), and the page's script builds tooltips with ``textContent``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helixnet.errors import OptionError
from helixnet.schema import HELICES
from helixnet.viz import style
from helixnet.metrics.backbone import DEFAULT_ALPHA, disparity_backbone
from helixnet.viz.layout import focus_positions, separate_labels, structure_positions
from helixnet.viz.map_data import MapExtras, categorical, map_extras
from helixnet.viz.map_text import SCRIPT_KEYS, STRINGS
from helixnet.viz.selection import DEFAULT_MAX_NODES, MapSelection, select_for_map

if TYPE_CHECKING:
    import jinja2
    import networkx as nx
    import pandas as pd

    from helixnet.io.loader import Dataset

#: The vis-network build bundled with pyvis that the page inlines.
VIS_VERSION = "9.1.2"

#: Metrics shown in every tooltip (when the metrics table has them), in this order.
TOOLTIP_METRICS: tuple[str, ...] = ("degree", "betweenness", "constraint")
#: The colourings a map offers (each when the data has it), in menu order.
COLOURINGS: tuple[str, ...] = ("helix", "community", "theme", "country")
#: The groupings the whole-network layout can pull together.
GROUPINGS: tuple[str, ...] = ("community", "theme")
#: Longest label drawn on the canvas (tooltips, panels and exports keep the whole name).
LABEL_CHARS = 40
#: How many organisations besides the clusters get a permanent label on a whole-network map.
TOP_LABELS = 12
#: Most ties the page draws at once ("show all ties" draws the strongest that pass the
#: filters and says so): a canvas with more redraws too slowly to pan and zoom.
ALL_TIES_CAP = 15000
#: Significant digits of the metric values the page carries (search ranking, CSV export).
VALUE_DIGITS = 6

class NetworkMap(str):
    """An interactive map page: the HTML text itself (a ``str``), plus what it shows.

    ``selection`` tells which organisations are drawn and what was left out. In Jupyter
    the map displays inline (in a sandboxed ``iframe``, so the page keeps its own styles
    and content security policy); :meth:`save` writes it atomically.
    """

    selection: "MapSelection"

    def __new__(cls, html: str, selection: "MapSelection") -> "NetworkMap":
        page = super().__new__(cls, html)
        page.selection = selection
        return page

    @property
    def html(self) -> str:
        """The page as a plain string."""
        return str.__str__(self)

    def save(self, path: "str | Path") -> Path:
        """Write the page to ``path`` (atomically) and return the path."""
        from helixnet.io.atomic import write_text

        return write_text(path, self.html)

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" sandbox="allow-scripts" '
                'style="width:100%;height:720px;border:1px solid #ccc" title="helixnet map"></iframe>')


def sizeable_metrics(metrics: "pd.DataFrame") -> list[str]:
    """The columns of ``metrics`` a map can be sized by: numeric, not boolean."""
    import pandas as pd

    return [
        str(column)
        for column in metrics.columns
        if pd.api.types.is_numeric_dtype(metrics[column]) and not pd.api.types.is_bool_dtype(metrics[column])
    ]


def render_map(
    G: "nx.Graph",
    metrics: "pd.DataFrame",
    size_by: str = "betweenness",
    title: str | None = None,
    subtitle: str | None = None,
    synthetic: bool | None = None,
    seed: int = 0,
    lang: str = "en",
    cluster: Any = None,
    depth: int = 1,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    node_size_px: tuple[float, float] = style.NODE_SIZE_PX,
    edge_width_px: tuple[float, float] = style.EDGE_WIDTH_PX,
    dataset: "Dataset | None" = None,
    colour_by: str = "helix",
    group_by: str | None = "community",
    backbone_alpha: float = DEFAULT_ALPHA,
) -> NetworkMap:
    """Render the collaboration graph, or one cluster's part of it, as a self-contained HTML page.

    Nodes are coloured by helix (:data:`helixnet.viz.style.HELIX_COLOURS`) or, chosen in
    the page, by community, main theme or country; sized by the metric ``size_by`` (any
    numeric column, chosen in the page; area proportional to the value). Cluster
    organisations are outlined diamonds with large labels, the :data:`TOP_LABELS` largest
    other organisations get readable labels (shifted apart where they would overlap), the
    rest appear on zooming in. Edge width follows ``weight``; direct ties without a shared
    project are dashed; the disparity-filter backbone is drawn unless the reader asks for
    all ties. The page inlines vis-network, makes no network requests, and holds: filters
    (helix, kind, cluster partners, country, project start years, minimum tie weight), a
    ranked search with a list of matches, tooltips, a sortable partner panel on click, on a
    focus map the "only through this cluster" view, and exports of the current view (PNG,
    SVG, organisations and ties as CSV).

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
        The numeric column of ``metrics`` that sets node size (and ranks organisations
        when the map is reduced).
    title, subtitle : str, optional
        Page heading and the line under it; default to ``G.graph["title"]`` (or the focus
        title) and a summary (node and edge counts, source, period).
    synthetic : bool, optional
        Show the synthetic-data banner; defaults to ``G.graph["synthetic"]``.
    seed : int
        Seed of the layout; the same graph, metrics and seed give the same page.
    lang : {"en", "nl"}
        Language of the page.
    cluster : node id, optional
        Draw this cluster's ego network to ``depth`` hops, laid out radially with its
        partners in sectors by helix (see :func:`helixnet.viz.layout.focus_positions`).
    depth : int
        Hops from ``cluster`` (focus maps only).
    max_nodes : int or None
        Largest number of organisations drawn; above it the map keeps the clusters and the
        top organisations by ``size_by`` (nearest to the cluster first on a focus map) and
        says what it left out (:func:`helixnet.viz.selection.select_for_map`). None draws all.
    node_size_px, edge_width_px : (float, float)
        Smallest and largest node radius and edge width in pixels.
    dataset : helixnet.io.loader.Dataset, optional
        The data behind ``G``: gives each organisation's country and main theme, and the
        start years of the projects behind each organisation and tie (the page's time
        filter). Without it those controls are left out.
    colour_by : {"helix", "community", "theme", "country"}
        The colouring the page opens with (the reader can switch in the page).
    group_by : {"community", "theme"} or None
        Let ties inside a group pull harder in the layout (see
        :func:`helixnet.viz.layout.structure_positions`), so groups occupy regions.
    backbone_alpha : float
        Significance level of the disparity-filter backbone the page draws by default
        (:func:`helixnet.metrics.backbone.disparity_backbone`, computed on the drawn
        organisations' ties, plus each one's strongest tie; every tie of the focal cluster
        is kept). A control in the page shows all ties.

    Returns
    -------
    NetworkMap
        The HTML page (a ``str``), with the selection it draws.

    Raises
    ------
    OptionError
        If ``size_by`` is not a numeric column of ``metrics``, ``lang`` is unsupported,
        ``cluster`` is not a cluster, ``depth``/``max_nodes`` are not positive,
        ``colour_by``/``group_by`` are unknown or ``backbone_alpha`` is not in (0, 1).
    """
    from markupsafe import Markup

    text = STRINGS[style.check_lang(lang)]
    valid = sizeable_metrics(metrics)
    if size_by not in valid:
        choices = ", ".join(valid) if valid else "(none: metrics has no numeric columns)"
        raise OptionError(f"unknown size_by metric {size_by!r}; expected one of: {choices}")
    if metrics.index.has_duplicates:
        raise OptionError("metrics index has duplicate node ids; expected one row per node")
    if colour_by not in COLOURINGS:
        raise OptionError(f"unknown colour_by {colour_by!r}; expected one of: {', '.join(COLOURINGS)}")
    if group_by is not None and group_by not in GROUPINGS:
        raise OptionError(f"unknown group_by {group_by!r}; expected one of: {', '.join(GROUPINGS)} or None")

    selection = select_for_map(G, metrics, size_by, cluster=cluster, depth=depth, max_nodes=max_nodes)
    H = selection.graph
    nodes = list(H.nodes)
    sector_labels: list[list[Any]] = []
    if selection.focus is not None:
        order = {node: i for i, node in enumerate(nodes)}
        rings: list[list[Any]] = [[] for _ in range(selection.depth + 1)]
        for node in nodes:  # nodes come ranked: nearest first, then by the size metric
            rings[selection.distance[node]].append(node)
        for ring in rings:
            ring.sort(key=order.__getitem__)
        groups = {node: str(H.nodes[node].get("helix")) for node in nodes}
        group_order = [*HELICES, *sorted(set(groups.values()) - set(HELICES))]
        positions, anchors = focus_positions(rings, groups, group_order)
        sector_labels = _sector_labels(anchors, text, lang)
    backbone = disparity_backbone(H, alpha=backbone_alpha,
                                  keep=[selection.focus] if selection.focus is not None else ()).tolist()
    extra = map_extras(H, dataset, seed)
    if selection.focus is None:
        groups = None
        if group_by is not None:
            values = extra.communities if group_by == "community" else extra.themes
            groups = {node: value for node, value in zip(nodes, values) if value is not None}
        kept = [edge for edge, keep in zip(H.edges(), backbone) if keep]
        positions = structure_positions(H, kept, groups=groups, seed=seed)

    page_ids, records, details = _node_records(H, metrics, size_by, valid, positions, selection, text, lang,
                                               node_size_px)
    if selection.focus is None:
        _label_top_organisations(records, metrics[size_by].reindex(nodes).astype(float).tolist())
    _keep_big_labels_apart(records)

    graph_meta = G.graph
    start, end = graph_meta.get("start_year"), graph_meta.get("end_year")
    period = style.format_period(start, end, text["all_years"])
    source = str(graph_meta.get("source") or text["unknown"])
    metric = style.metric_label(size_by, lang)
    if title is None:
        title = str(graph_meta.get("title") or text["default_title"])
    if selection.focus is not None:
        hops = text["hop"] if selection.depth == 1 else text["hops"].format(depth=selection.depth)
        focus_name = str(G.nodes[selection.focus].get("name", selection.focus))
        title = f"{text['focus_title'].format(cluster=focus_name, depth=hops)} · {title}"
    if subtitle is None:
        summary = text["summary"].format(
            nodes=style.format_number(H.number_of_nodes(), lang), edges=style.format_number(H.number_of_edges(), lang)
        )
        subtitle = f"{summary} · {text['source']}: {source} · {text['period']}: {period}"
    if synthetic is None:
        synthetic = bool(graph_meta.get("synthetic", False))

    aligned = metrics[valid].reindex(nodes)
    size_values = aligned[size_by].astype(float)
    missing = int(size_values.isna().sum())
    helix_counts: dict[Any, int] = {}
    kind_counts: dict[str, int] = {}
    for node in nodes:
        helix_counts[H.nodes[node].get("helix")] = helix_counts.get(H.nodes[node].get("helix"), 0) + 1
        kind = str(H.nodes[node].get("kind", ""))
        kind_counts[kind] = kind_counts.get(kind, 0) + 1
    helix_filter = [(helix, label, colour, helix_counts.get(helix, 0)) for helix, label, colour in style.helix_legend(lang)]
    if any(helix not in style.HELIX_COLOURS for helix in helix_counts):
        helix_filter.append(("?", "?", style.UNKNOWN_COLOUR,
                             sum(c for h, c in helix_counts.items() if h not in style.HELIX_COLOURS)))
    kinds = sorted(kind_counts, key=lambda k: (-kind_counts[k], k))
    clusters = [node for node in nodes if H.nodes[node].get("is_cluster")]
    for i, node in enumerate(nodes):
        helix = H.nodes[node].get("helix")
        details[i]["group"] = [helix if helix in style.HELIX_COLOURS else "?",
                               kinds.index(str(H.nodes[node].get("kind", "")))]

    colourings = _colourings(H, nodes, extra, text, lang)
    only = _only_through(G, H, selection.focus)
    data = {
        "nodes": records,
        "details": details,
        "options": _vis_options(H.number_of_edges()),
        "text": {key: text[key] for key in SCRIPT_KEYS},
        "sectorLabels": sector_labels,
        "focus": page_ids[selection.focus] if selection.focus is not None else None,
        "sectorFontPx": SECTOR_FONT_PX,
        **_tie_arrays(H, nodes, text, edge_width_px),
        "edgeBackbone": [1 if keep else 0 for keep in backbone],
        "sizes": {m: style.sqrt_scale(aligned[m], *node_size_px) for m in valid},
        "sizeValues": {m: [_significant(style.plain(v)) for v in aligned[m].astype(float).tolist()] for m in valid},
        "sizeBy": size_by,
        "colourBy": colour_by if colour_by in colourings else "helix",
        "colourings": colourings,
        "country": extra.countries,
        "community": extra.communities,
        "shortName": extra.short_names,
        "nodeYears": extra.node_years(H),
        "edgeYears": extra.edge_years(H),
        "yearBase": extra.year_range[0] if extra.year_range else None,
        "tieCap": ALL_TIES_CAP,
        "onlyThrough": only,
    }
    vis_js, vis_css = _vis_assets()
    html = _map_template().render(
        lang=lang,
        text=text,
        title=title,
        subtitle=subtitle,
        synthetic=synthetic,
        explain=text["focus_explain" if selection.focus is not None else "explain"].format(metric=metric),
        reduced=_reduction_note(selection, text, metric, lang) if selection.reduced else "",
        helix_filter=helix_filter,
        kinds=[(i, kind.replace("_", " ") or text["unknown"], kind_counts[kind]) for i, kind in enumerate(kinds)],
        clusters=[(page_ids[node], str(H.nodes[node].get("name", node))) for node in clusters],
        cluster_colour=style.HELIX_COLOURS["intermediair"],
        cluster_border=style.CLUSTER_BORDER,
        size_text=text["size_text"].format(
            metric=metric,
            lo=style.format_number(style.plain(size_values.min()), lang),
            hi=style.format_number(style.plain(size_values.max()), lang),
        ),
        size_missing=text["size_missing"].format(count=missing) if missing else "",
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data_json=Markup(json_for_script(data)),
        size_choices=[(m, style.metric_label(m, lang)) for m in valid],
        size_by=size_by,
        colour_choices=[(key, text[f"colour_{key}"]) for key in COLOURINGS if key in colourings],
        colour_by=data["colourBy"],
        backbone_note=text["backbone_note"].format(
            kept=style.format_number(sum(backbone), lang), total=style.format_number(len(backbone), lang),
            alpha=_plain_number(backbone_alpha, lang)),
        countries=_country_choices(extra.countries),
        years=extra.year_range,
        only_through=_only_through_note(only, H, nodes, text, lang) if only is not None else "",
    )
    return NetworkMap(html, selection)


def _node_records(H, metrics, size_by, valid, positions, selection, text, lang, node_size_px):
    """pyvis node records (in ``H`` order), their page ids, and the tooltip details."""
    from pyvis.node import Node

    nodes = list(H.nodes)
    aligned = metrics.reindex(nodes)
    sizes = style.sqrt_scale(aligned[size_by], *node_size_px)
    shown_metrics = [m for m in TOOLTIP_METRICS if m in valid]
    if size_by not in shown_metrics:
        shown_metrics.append(size_by)
    metric_values = {m: [style.format_number(style.plain(v), lang) for v in aligned[m].tolist()] for m in shown_metrics}
    page_ids: dict[Any, str] = {}
    taken: set[str] = set()
    records: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    # pyvis's Network.add_node scans its node list on every call (quadratic), so records are
    # built with its Node class directly.
    for i, (node, size) in enumerate(zip(nodes, sizes)):
        page_id = str(node)
        if page_id in taken:
            raise OptionError(f"two nodes have the same id when written as text: {page_id!r}")
        taken.add(page_id)
        page_ids[node] = page_id
        attrs = H.nodes[node]
        helix = attrs.get("helix")
        name = str(attrs.get("name", page_id))
        is_cluster = bool(attrs.get("is_cluster", False))
        x, y = positions[node]
        records.append(Node(
            page_id,
            "diamond" if is_cluster else "dot",
            label=short_label(name),
            x=x,
            y=y,
            size=size,
            color=_node_colour(helix, is_cluster),
            borderWidth=3 if is_cluster else 1,
            font=_CLUSTER_FONT if is_cluster else _NODE_FONT,
        ).options)
        extra = [[style.metric_label(m, lang), metric_values[m][i]] for m in shown_metrics]
        if selection.distance:
            extra.append([text["distance"], str(selection.distance[node])])
        if selection.hidden_partners.get(node):
            extra.append([text["hidden_partners"], style.format_number(selection.hidden_partners[node], lang)])
        details.append({
            "name": name,
            "helix": style.helix_label(helix, lang) if isinstance(helix, str) else text["unknown"],
            "kind": str(attrs.get("kind", "")).replace("_", " "),
            "sme": text["yes"] if attrs.get("sme") else text["no"],
            "metrics": extra,
        })
    return page_ids, records, details


#: Label font sizes (canvas pixels) of cluster organisations and of focus-map sectors.
CLUSTER_FONT_PX = 34
SECTOR_FONT_PX = 40


def _label_box(x: float, y: float, label: str, font_px: float) -> tuple[float, float, float, float]:
    """An estimate of a text label's box (centre, width, height) in canvas pixels."""
    return (x, y, 0.58 * font_px * max(len(label), 1), 1.2 * font_px)


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """``name`` cut to ``limit`` characters (with an ellipsis) for a label on the canvas."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def _label_top_organisations(records: list[dict[str, Any]], values: list[float]) -> None:
    """Give the :data:`TOP_LABELS` organisations with the highest size metric (not clusters) a readable label."""
    import math

    ranked = sorted((i for i, r in enumerate(records) if r["shape"] != "diamond" and not math.isnan(values[i])),
                    key=lambda i: (-values[i], i))
    for i in ranked[:TOP_LABELS]:
        records[i]["font"] = dict(_TOP_FONT)


def _keep_big_labels_apart(records: list[dict[str, Any]]) -> None:
    """Shift the big labels (clusters, top organisations) down (``font.vadjust``) where they would overlap."""
    big = [record for record in records if record["font"]["size"] > _NODE_FONT["size"]]
    boxes = [_label_box(r["x"], r["y"] + r["size"] + 0.6 * r["font"]["size"], r["label"], r["font"]["size"])
             for r in big]
    for record, shift in zip(big, separate_labels(boxes)):
        if shift:
            record["font"] = {**record["font"], "vadjust": round(shift, 1)}


def _colourings(H, nodes: list, extra: "MapExtras", text: dict[str, str], lang: str) -> dict[str, Any]:
    """The page's colourings: helix always; community, theme and country when known."""
    helices = [H.nodes[node].get("helix") for node in nodes]
    helix_rows = {helix: i for i, (helix, _, _) in enumerate(style.helix_legend(lang))}
    legend = [[label, colour, sum(1 for h in helices if h == helix)] for helix, label, colour in style.helix_legend(lang)]
    of = [helix_rows.get(h, len(legend)) for h in helices]
    if any(h not in helix_rows for h in helices):
        legend.append([text["unknown"], style.UNKNOWN_COLOUR, sum(1 for h in helices if h not in helix_rows)])
    result: dict[str, Any] = {"helix": {"of": of, "legend": legend}}
    sizes: dict[int, int] = {}
    for c in extra.communities:
        sizes[c] = sizes.get(c, 0) + 1
    named = [text["community_n"].format(n=c) for c in extra.communities]
    if sizes:  # communities are numbered by size; single organisations get no colour of their own
        result["community"] = categorical(named, text["no_value"], text["others"],
                                          order=[text["community_n"].format(n=c) for c in sorted(sizes) if sizes[c] > 1])
    for key, values in (("theme", extra.themes), ("country", extra.countries)):
        if any(value is not None for value in values):
            result[key] = categorical(values, text["no_value"], text["others"])
    return result


def _only_through(G, H, focus) -> "list[int] | None":
    """For a focus map: 1 for each drawn organisation whose every path of at most 2 steps to a
    knowledge institution passes through the focal cluster (:func:`helixnet.metrics.reach.only_through`)."""
    if focus is None:
        return None
    from helixnet.metrics.reach import only_through

    flags = only_through(G, focus)
    return [1 if bool(flags.get(node, False)) else 0 for node in H.nodes]


def _only_through_note(only: list[int], H, nodes: list, text: dict[str, str], lang: str) -> str:
    """The legend line of the only-through view: how many shown organisations, how many SMEs."""
    count = sum(only)
    smes = sum(1 for flag, node in zip(only, nodes) if flag and H.nodes[node].get("sme"))
    return text["only_through_count"].format(count=style.format_number(count, lang), smes=style.format_number(smes, lang))


def _significant(value: Any, digits: int = VALUE_DIGITS) -> Any:
    """``value`` rounded to ``digits`` significant digits (None and integers as they are)."""
    if value is None or isinstance(value, int) or value == 0:
        return value
    return float(f"{value:.{digits}g}")


def _plain_number(value: float, lang: str) -> str:
    """A parameter value as written (``0.05``; ``0,05`` in Dutch)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def _country_choices(countries: list) -> list[tuple[str, int]]:
    """``(country, organisations)`` for the country filter, most organisations first."""
    counts: dict[str, int] = {}
    for country in countries:
        if country is not None:
            counts[country] = counts.get(country, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _sector_labels(anchors: list[tuple[str, float, float]], text: dict[str, str], lang: str) -> list[list[Any]]:
    """Focus-map sector labels ``[text, x, y]``, moved outwards (up or down) where they would overlap."""
    labels = [[style.helix_label(g, lang) if g in HELICES else text["unknown"], x, y] for g, x, y in anchors]
    for upper in (True, False):
        half = [label for label in labels if (label[2] < 0) == upper]
        sign = -1.0 if upper else 1.0  # mirror the upper half so that shifts push labels outwards
        shifts = separate_labels([_label_box(x, sign * y, name, SECTOR_FONT_PX) for name, x, y in half])
        for label, shift in zip(half, shifts):
            label[2] = round(label[2] + sign * shift, 1)
    return labels


def _tie_arrays(H, nodes: list, text: dict[str, str], edge_width_px) -> dict[str, Any]:
    """The ties of ``H`` (in ``H.edges`` order) as compact parallel arrays for the page.

    ``edgeEnds`` holds the two node positions of each tie one after the other, ``edgeWidth``
    its line width, ``edgeDashed`` 1 for a direct tie without a shared project,
    ``edgeRelation`` a position in ``relations`` (the relation as words), ``edgeProjects``
    the shared projects and ``edgeWeight`` the weight. The page builds vis-network edge
    records only for the ties it draws.
    """
    position = {node: i for i, node in enumerate(nodes)}
    edges = list(H.edges(data=True))
    weights = [style.plain(data.get("weight", 1.0)) for _, _, data in edges]
    relations: list[str] = []
    relation_index: dict[str, int] = {}
    ends: list[int] = []
    dashed: list[int] = []
    relation_of: list[int] = []
    for u, v, data in edges:
        ends += [position[u], position[v]]
        parts = str(data.get("relation", "collaboration")).split("+")
        dashed.append(0 if "collaboration" in parts else 1)
        words = " + ".join(text.get(f"rel_{part}", part) for part in parts)
        relation_of.append(relation_index.setdefault(words, len(relation_index)))
        if len(relations) < len(relation_index):
            relations.append(words)
    return {
        "edgeEnds": ends,
        "edgeWidth": style.sqrt_scale(weights, *edge_width_px),
        "edgeDashed": dashed,
        "edgeRelation": relation_of,
        "relations": relations,
        "edgeProjects": [int(style.plain(data.get("projects", 0)) or 0) for _, _, data in edges],
        "edgeWeight": weights,
    }


def _reduction_note(selection: "MapSelection", text: dict[str, str], metric: str, lang: str) -> str:
    """The sentence that says what a reduced map left out."""
    by_helix = ", ".join(
        f"{style.helix_label(helix, lang) if helix in HELICES else text['unknown']} {style.format_number(count, lang)}"
        for helix, count in sorted(selection.omitted_by_helix.items(), key=lambda item: (-item[1], item[0]))
    )
    return text["reduced"].format(
        shown=style.format_number(selection.graph.number_of_nodes(), lang),
        total=style.format_number(selection.source_nodes, lang),
        rule=text["rule_focus" if selection.focus is not None else "rule"].format(metric=metric),
        left=style.format_number(selection.omitted_nodes, lang),
        by_helix=by_helix,
        edges=style.format_number(selection.omitted_edges, lang),
    )


_NODE_FONT = {"size": 12, "color": "#222222", "strokeWidth": 2, "strokeColor": "#ffffff"}
_TOP_FONT = {"size": 28, "color": "#222222", "strokeWidth": 4, "strokeColor": "#ffffff"}
_CLUSTER_FONT = {"size": CLUSTER_FONT_PX, "color": "#111111", "bold": True, "strokeWidth": 5, "strokeColor": "#ffffff",
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


@functools.cache
def _map_template() -> "jinja2.Template":
    """The page template, compiled once per process."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("helixnet.viz", "templates"), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template("map.html.j2")


@functools.cache
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
