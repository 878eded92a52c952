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


def node_years(parts: "pd.DataFrame", nodes: list) -> list[list[int]]:
    """The distinct start years of each node's projects (sorted), in ``nodes`` order."""
    grouped = parts.groupby("org_id")["start_year"].unique()
    return [sorted(int(y) for y in grouped[node]) if node in grouped.index else [] for node in nodes]


def edge_years(parts: "pd.DataFrame", edges: list[tuple[Any, Any]]) -> list[list[int]]:
    """The distinct start years of the projects each pair in ``edges`` shares (sorted)."""
    pairs = parts.merge(parts, on=["project_id", "start_year"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["org_id_a"] != pairs["org_id_b"]]
    years: dict[tuple[Any, Any], set[int]] = {}
    for a, b, year in zip(pairs["org_id_a"].tolist(), pairs["org_id_b"].tolist(), pairs["start_year"].tolist()):
        years.setdefault((a, b), set()).add(int(year))
    return [sorted(years.get((u, v), ())) for u, v in edges]


def year_masks(years: list[list[int]], base: int) -> list[int]:
    """Each item's years as a bit mask: bit ``y - base`` is set for each year ``y`` (years
    before ``base`` set bit 0). The page tests a window of years with plain arithmetic."""
    return [sum(1 << bit for bit in {max(int(y) - base, 0) for y in item}) for item in years]


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
        """:func:`node_years` of ``H``'s nodes as :func:`year_masks`, or None without years."""
        if self.year_range is None:
            return None
        return year_masks(node_years(self.parts, list(H.nodes)), self.year_range[0])

    def edge_years(self, H: "nx.Graph") -> "list[int] | None":
        """:func:`edge_years` of ``H``'s edges as :func:`year_masks`, or None without years."""
        if self.year_range is None:
            return None
        return year_masks(edge_years(self.parts, list(H.edges())), self.year_range[0])


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
