"""Node positions for the interactive maps, computed in Python so pages draw at once.

Three layouts: :func:`structure_positions` (ForceAtlas2 on the backbone ties, ties inside a
community pulling harder, far-flung components pulled onto a rim) for whole networks,
:func:`layout_positions` (seeded Fruchterman-Reingold per connected component, components
packed in rows; the fallback above :data:`FA2_MAX_NODES` organisations), and
:func:`focus_positions` (the focal cluster in the centre, its partners in rings by distance
and in sectors by helix) for cluster focus maps. All are deterministic for a given graph and
seed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: Half the width of the layout box in pixels: positions lie in [-LAYOUT_SCALE, LAYOUT_SCALE].
LAYOUT_SCALE = 1000.0


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


def focus_positions(
    rings: "list[list[Any]]",
    group_of: "dict[Any, str]",
    group_order: "list[str]",
    spacing: float = 1.0,
    scale: float = LAYOUT_SCALE,
) -> "tuple[dict[Any, tuple[float, float]], list[tuple[str, float, float]]]":
    """Radial positions for a focus map: the centre, then one band per distance, sectors by group.

    ``rings[0]`` holds the focal node alone, ``rings[d]`` the nodes at distance ``d`` in the
    order they should appear (most important first). Every band is cut into the same
    sectors, one per group of ``group_order`` that occurs, with angles proportional to the
    group's node count over all bands (at least a twelfth of the circle's share per node
    count, so small groups stay visible), starting at 12 o'clock and running clockwise.
    Within a sector, nodes fill concentric arcs ``spacing`` apart, from the inside out, so
    a band with many partners grows outwards instead of crowding one circle.

    Returns
    -------
    (dict, list)
        ``node -> (x, y)`` scaled so the farthest node lies ``scale`` from the centre, and
        one ``(group, x, y)`` label anchor per sector just outside the outermost band.
    """
    if not rings or len(rings[0]) != 1:
        raise ValueError("rings[0] must hold exactly the focal node")
    counts = {g: sum(1 for ring in rings[1:] for node in ring if group_of[node] == g) for g in group_order}
    groups = [g for g in group_order if counts[g]]
    positions: dict[Any, tuple[float, float]] = {rings[0][0]: (0.0, 0.0)}
    if not groups:
        return positions, []
    total = sum(counts.values())
    floor_share = 1.0 / (12 * len(groups))
    shares = [max(counts[g] / total, floor_share) for g in groups]
    gap = min(0.08, math.pi / (4 * len(groups))) if len(groups) > 1 else 0.0
    spans = [2 * math.pi * share / sum(shares) for share in shares]
    starts = [-math.pi / 2 + sum(spans[:i]) for i in range(len(groups))]
    radius = 2.5 * spacing
    for ring in rings[1:]:
        outer = radius
        for group, start, span in zip(groups, starts, spans):
            members = [node for node in ring if group_of[node] == group]
            usable = max(span - gap, 1e-6)
            r = radius
            while members:
                capacity = max(1, int(usable * r / spacing))
                arc, members = members[:capacity], members[capacity:]
                step = usable / capacity
                first = start + gap / 2 + (usable - step * len(arc)) / 2 + step / 2
                for i, node in enumerate(arc):
                    angle = first + i * step
                    positions[node] = (r * math.cos(angle), r * math.sin(angle))
                outer = max(outer, r)
                r += spacing
        radius = outer + 2.0 * spacing
    extent = max(math.hypot(x, y) for x, y in positions.values()) or 1.0
    factor = scale / extent
    label_radius = (extent + 1.2 * spacing) * factor
    labels = [
        (group, round(label_radius * math.cos(start + span / 2), 1), round(label_radius * math.sin(start + span / 2), 1))
        for group, start, span in zip(groups, starts, spans)
    ]
    scaled = {node: (round(x * factor, 1), round(y * factor, 1)) for node, (x, y) in positions.items()}
    return scaled, labels


def separate_labels(boxes: "list[tuple[float, float, float, float]]", gap: float = 2.0) -> list[float]:
    """Downward shifts that stop text labels from overlapping, greedily from the top.

    ``boxes`` holds one ``(centre_x, centre_y, width, height)`` per label. Labels are
    placed in order of ``centre_y`` (then ``centre_x``); each is moved down just below
    every already placed label it would overlap (with ``gap`` between them), until it
    overlaps none. Returns the shift of each label, in input order.
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0]))
    placed: list[tuple[float, float, float, float]] = []  # left, right, top, bottom
    shifts = [0.0] * len(boxes)
    for i in order:
        x, y, width, height = boxes[i]
        left, right, top = x - width / 2, x + width / 2, y - height / 2
        moved = True
        while moved:
            moved = False
            for other_left, other_right, other_top, other_bottom in placed:
                if left < other_right and other_left < right and top < other_bottom + gap and other_top < top + height:
                    top = other_bottom + gap
                    moved = True
        shifts[i] = top - (y - height / 2)
        placed.append((left, right, top, top + height))
    return shifts


#: Largest number of organisations laid out with ForceAtlas2 (Barnes-Hut: about 1 s of CPU
#: per 100 steps at 2,000 nodes, growing as n log n); above it :func:`structure_positions`
#: falls back to :func:`layout_positions`.
FA2_MAX_NODES = 20000
#: Share of nodes whose distance from the centre sets the rim in :func:`pull_in_outliers`.
RIM_QUANTILE = 0.9
#: How much farther than the rim outliers may lie, as a share of the rim's radius.
RIM_WIDTH = 0.12
#: How much harder a tie inside a group (community, theme) pulls than a tie between groups.
GROUP_PULL = 3.0


def structure_positions(G: "nx.Graph", edges: "list[tuple[Any, Any]]", groups: "dict[Any, Any] | None" = None,
                        seed: int = 0, scale: float = LAYOUT_SCALE,
                        group_pull: float = GROUP_PULL) -> dict[Any, tuple[float, float]]:
    """Positions that show structure: ForceAtlas2 on the given ties (e.g. the backbone).

    Ties attract with their ``weight`` (missing: 1), multiplied by ``group_pull`` when both
    ends are in the same group, so that groups (communities, themes) occupy regions. Up
    to :data:`FA2_MAX_NODES` organisations are laid out with
    :func:`helixnet.viz.forceatlas2.forceatlas2` (seeded); larger graphs fall back to
    :func:`layout_positions` on the same ties. Positions are centred and scaled so that the
    longest half-side is ``scale``.

    Parameters
    ----------
    G : networkx.Graph
        The drawn graph (every node gets a position).
    edges : list of (u, v)
        The ties that shape the layout (a subset of ``G``'s edges).
    groups : dict, optional
        Group of each node; None: no grouping.
    seed : int
    scale : float
    group_pull : float
        Attraction multiplier of ties within a group (>= 1).

    Returns
    -------
    dict
        ``node -> (x, y)`` rounded to 0.1 px.
    """
    import networkx as nx
    import numpy as np

    from helixnet.viz.forceatlas2 import forceatlas2

    nodes = list(G.nodes)
    if len(nodes) > FA2_MAX_NODES:
        shaped = nx.Graph()
        shaped.add_nodes_from(nodes)
        shaped.add_edges_from(edges)
        return layout_positions(shaped, seed=seed, scale=scale)
    index = {node: i for i, node in enumerate(nodes)}
    source = np.array([index[u] for u, _ in edges], dtype=np.int64)
    target = np.array([index[v] for _, v in edges], dtype=np.int64)
    weight = np.array([float(G.edges[u, v].get("weight", 1.0) or 1.0) for u, v in edges], dtype=float)
    if groups is not None:
        same = np.array([groups.get(u) is not None and groups.get(u) == groups.get(v) for u, v in edges], dtype=bool)
        weight = np.where(same, weight * group_pull, weight)
    tied = np.zeros(len(nodes), dtype=bool)
    tied[source] = True
    tied[target] = True
    coords = pull_in_outliers(forceatlas2(len(nodes), source, target, weight, seed=seed), tied)
    if len(nodes):
        coords = coords - (coords.max(axis=0) + coords.min(axis=0)) / 2.0
        extent = float(np.abs(coords).max())
        if extent > 0:
            coords = coords * (scale / extent)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords)}


def pull_in_outliers(coords: "Any", tied: "Any" = None, quantile: float = RIM_QUANTILE,
                     width: float = RIM_WIDTH) -> "Any":
    """Move far-flung nodes (isolated organisations, small components) onto a thin rim.

    With R the ``quantile`` of the distances of the ``tied`` nodes (boolean mask; default
    all) from their centroid, a node at distance
    ``r > R`` moves along its direction to ``R * (1 + width * (1 - R / r))``: outliers keep
    their order and direction but lie within ``(1 + width) R``, so the main component fills
    the picture. Nodes within R do not move.
    """
    import numpy as np

    tied = np.ones(len(coords), dtype=bool) if tied is None else np.asarray(tied, dtype=bool)
    if tied.sum() < 2:
        return coords
    centre = coords[tied].mean(axis=0)
    offset = coords - centre
    r = np.hypot(offset[:, 0], offset[:, 1])
    rim = float(np.quantile(r[tied], quantile))
    if rim <= 0:
        return coords
    far = r > rim
    new_r = r.copy()
    new_r[far] = rim * (1.0 + width * (1.0 - rim / r[far]))
    factor = np.ones_like(r)
    factor[far] = new_r[far] / r[far]
    return centre + offset * factor[:, None]
