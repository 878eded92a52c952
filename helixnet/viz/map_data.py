"""What the interactive map embeds besides positions: project start years per organisation and
per tie (for the page's time filter), each organisation's country and main theme, and
categorical colourings (community, theme, country) with their legends.

Everything here is precomputed in Python so that the page stays offline and its filters
only switch flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import pandas as pd

    from helixnet.io.loader import Dataset

#: Colours of categorical colourings (community, theme, country): Okabe-Ito first, then
#: Paul Tol's muted scheme; categories beyond these share :data:`OTHER_COLOUR`.
CATEGORY_COLOURS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#882255",
)
#: Years the page's time filter tells apart: masks are JavaScript numbers (53 exact bits),
#: so projects more than 52 years before the last one count as started in the first year.
YEAR_BITS = 53
#: Colour of the categories that get no colour of their own, and of missing values.
OTHER_COLOUR = "#BBBBBB"


def participation_years(ds: "Dataset", nodes: list) -> "pd.DataFrame":
    """The participations of ``nodes`` in projects with a known start year.

    Returns a DataFrame with columns ``org_id``, ``project_id``, ``start_year`` (int), one
    row per participation (an organisation listed twice in one project counts once).
    """
    import pandas as pd

    parts = ds.participations[["project_id", "org_id"]]
    parts = parts[parts["org_id"].isin(set(nodes))].drop_duplicates()
    starts = ds.projects["start_year"].astype("float64").dropna()
    joined = parts.join(starts.rename("start_year"), on="project_id", how="inner")
    return pd.DataFrame({"org_id": joined["org_id"].to_numpy(), "project_id": joined["project_id"].to_numpy(),
                         "start_year": joined["start_year"].astype(int).to_numpy()})


def _year_bits(years: "pd.Series", base: int) -> "np.ndarray":
    """Bit ``y - base`` of each year ``y`` (years before ``base``: bit 0), as int64."""
    import numpy as np

    return np.left_shift(np.int64(1), np.clip(years.to_numpy(dtype=np.int64) - base, 0, None))


def node_masks(parts: "pd.DataFrame", nodes: list, base: int) -> list[int]:
    """The start years of each node's projects as one bit mask, in ``nodes`` order: bit
    ``y - base`` is set for each year ``y`` (earlier years set bit 0), so the page tests a
    window of years with plain arithmetic; 0 for a node without dated projects."""
    import pandas as pd

    bits = pd.DataFrame({"org_id": parts["org_id"].to_numpy(), "bit": _year_bits(parts["start_year"], base)})
    masks = bits.drop_duplicates().groupby("org_id")["bit"].sum()  # distinct bits: their sum is their union
    return [int(m) for m in masks.reindex(pd.Index(nodes, dtype=object), fill_value=0).tolist()]


def edge_masks(parts: "pd.DataFrame", edges: list[tuple[Any, Any]], base: int) -> list[int]:
    """The start years of the projects each pair in ``edges`` shares, as one bit mask per
    pair like :func:`node_masks` (0 for a pair without a shared dated project)."""
    import numpy as np
    import pandas as pd

    if not edges:
        return []
    codes, ids = pd.factorize(parts["org_id"])
    n = np.int64(len(ids))
    by_project = pd.DataFrame({"project_id": parts["project_id"].to_numpy(), "code": codes,
                               "bit": _year_bits(parts["start_year"], base)})
    pairs = by_project.merge(by_project, on=["project_id", "bit"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["code_a"] != pairs["code_b"]]
    keys = pd.DataFrame({"key": pairs["code_a"].to_numpy(np.int64) * n + pairs["code_b"].to_numpy(np.int64),
                         "bit": pairs["bit"].to_numpy()})
    masks = keys.drop_duplicates().groupby("key")["bit"].sum()  # distinct bits: their sum is their union
    position = pd.Series(np.arange(len(ids), dtype=np.int64), index=ids)
    first = position.reindex(pd.Index([u for u, _ in edges], dtype=object)).to_numpy()
    second = position.reindex(pd.Index([v for _, v in edges], dtype=object)).to_numpy()
    dated = ~(np.isnan(first) | np.isnan(second))
    wanted = np.full(len(edges), -1, dtype=np.int64)
    wanted[dated] = first[dated].astype(np.int64) * n + second[dated].astype(np.int64)
    return [int(m) for m in masks.reindex(wanted, fill_value=0).tolist()]


def main_themes(ds: "Dataset", nodes: list) -> list[str | None]:
    """Each node's most frequent project theme (ties: alphabetically first), or None."""
    if "theme" not in ds.projects.columns:
        return [None] * len(nodes)
    parts = ds.participations[["project_id", "org_id"]].drop_duplicates()
    parts = parts[parts["org_id"].isin(set(nodes))]
    themes = ds.projects["theme"].where(ds.projects["theme"].astype(str).str.strip() != "")
    joined = parts.join(themes.rename("theme"), on="project_id", how="inner").dropna(subset=["theme"])
    counts = joined.groupby(["org_id", "theme"]).size().reset_index(name="n")
    counts = counts.sort_values(["org_id", "n", "theme"], ascending=[True, False, True])
    top = counts.drop_duplicates("org_id").set_index("org_id")["theme"]
    return [str(top[node]) if node in top.index else None for node in nodes]


def node_attribute(ds: "Dataset | None", G: "nx.Graph", nodes: list, column: str) -> list[str | None]:
    """A text attribute of each node: from the graph, else the dataset's organisation table."""
    import pandas as pd

    table = ds.organisations[column] if ds is not None and column in ds.organisations.columns else None
    values: list[str | None] = []
    for node in nodes:
        value = G.nodes[node].get(column)
        if value is None and table is not None and node in table.index:
            value = table[node]
        values.append(None if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == ""
                      else str(value))
    return values


def categorical(values: list, missing_label: str, other_label: str, order: list | None = None) -> dict[str, Any]:
    """A colouring of nodes by category: the largest categories get their own colour.

    Categories are ordered by ``order`` when given, else by decreasing count (ties: by
    text). The first ``len(CATEGORY_COLOURS)`` categories get a colour each; the rest, and
    missing values (None), are grey and listed as ``other_label`` / ``missing_label``.

    Returns
    -------
    dict
        ``{"of": [legend row per node], "legend": [[label, colour, count], ...]}``.
    """
    counts: dict[Any, int] = {}
    for value in values:
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    ranked = order if order is not None else sorted(counts, key=lambda c: (-counts[c], str(c)))
    coloured = ranked[:len(CATEGORY_COLOURS)]
    row = {category: i for i, category in enumerate(coloured)}
    legend = [[str(category), CATEGORY_COLOURS[i], counts.get(category, 0)] for i, category in enumerate(coloured)]
    rest = sum(counts[c] for c in counts if c not in row)
    missing = sum(1 for value in values if value is None)
    if rest:
        row.update({c: len(legend) for c in counts if c not in row})
        legend.append([other_label.format(n=len(counts) - len(coloured)), OTHER_COLOUR, rest])
    if missing:
        missing_row = len(legend)
        legend.append([missing_label, OTHER_COLOUR, missing])
    of = [row[value] if value is not None else missing_row for value in values]
    return {"of": of, "legend": legend}


@dataclass
class MapExtras:
    """Per drawn organisation (in graph order): community, main theme, country, short name,
    and the participations with a known start year behind the time filter."""

    communities: list
    themes: list
    countries: list
    short_names: "list | None"
    parts: "pd.DataFrame | None"

    @property
    def year_range(self) -> "tuple[int, int] | None":
        """First and last project start year of the drawn organisations (None: no years); the
        first is at most ``YEAR_BITS - 1`` years before the last."""
        if self.parts is None or self.parts.empty:
            return None
        last = int(self.parts["start_year"].max())
        return max(int(self.parts["start_year"].min()), last - YEAR_BITS + 1), last

    def node_years(self, H: "nx.Graph") -> "list[int] | None":
        """:func:`node_masks` of ``H``'s nodes, or None without years."""
        if self.year_range is None:
            return None
        return node_masks(self.parts, list(H.nodes), self.year_range[0])

    def edge_years(self, H: "nx.Graph") -> "list[int] | None":
        """:func:`edge_masks` of ``H``'s edges, or None without years."""
        if self.year_range is None:
            return None
        return edge_masks(self.parts, list(H.edges()), self.year_range[0])


def map_extras(H: "nx.Graph", ds: "Dataset | None", seed: int = 0) -> MapExtras:
    """Communities of ``H`` (seeded Leiden on the tie weights, numbered by size) and what
    ``ds`` tells about the drawn organisations (nothing but communities without ``ds``)."""
    from helixnet.metrics.communities import detect_communities

    nodes = list(H.nodes)
    communities = detect_communities(H, seed=seed).reindex(nodes)
    community_list = [int(c) for c in communities.tolist()]
    if ds is None:
        return MapExtras(community_list, [None] * len(nodes), node_attribute(None, H, nodes, "country"), None, None)
    short = node_attribute(ds, H, nodes, "short_name")
    return MapExtras(
        communities=community_list,
        themes=main_themes(ds, nodes),
        countries=node_attribute(ds, H, nodes, "country"),
        short_names=short if any(value is not None for value in short) else None,
        parts=participation_years(ds, nodes),
    )
