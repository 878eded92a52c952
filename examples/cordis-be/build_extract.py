"""Rebuild the extract in exports/ from the shared CORDIS Horizon 2020 files.

    python examples/cordis-be/build_extract.py PATH/TO/cordis/h2020

Picks the Horizon 2020 projects of three European networks (Water Europe, POLIS,
Greenovate! Europe) in which at least 40% of the participants appear in the named
organisation file, plus the projects with a Belgian participant of five or more
participants that all appear in it; then writes, unchanged in format:

* ``h2020-extract.csv``: the rows of ``h2020.csv`` of those projects;
* ``programme_parts.csv``: the rows of ``programme_parts.csv`` of those projects;
* ``organisations-named.csv``: the rows of ``h2020_organizations_out_formatted_latest.csv``
  of the organisations in those projects (the first row of each).

Data: (c) European Union, CORDIS, CC BY 4.0 (see README.md).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

NETWORKS = ("952516430", "999928381", "995542041")  # WATER EUROPE, POLIS, GREENOVATE ! EUROPE
MIN_NAMED_SHARE = 0.4


def main(source: Path, target: Path) -> None:
    h2020 = pd.read_csv(source / "h2020.csv", dtype=str, keep_default_na=False)
    parts = pd.read_csv(source / "programme_parts.csv", dtype=str, keep_default_na=False)
    named_file = source / "h2020_organizations_out_formatted_latest.csv"
    named = pd.read_csv(named_file, dtype=str, keep_default_na=False)
    known = set(named["organisationID"])
    per_project = h2020.groupby("rcn").agg(
        size=("pic", "size"), share=("pic", lambda p: p.isin(known).mean()),
        belgian=("country", lambda c: (c == "BE").any()))
    network_projects = set(h2020.loc[h2020["pic"].isin(NETWORKS), "rcn"])
    chosen = per_project[(per_project.index.isin(network_projects) & (per_project["share"] >= MIN_NAMED_SHARE))
                         | (per_project["belgian"] & (per_project["share"] == 1) & (per_project["size"] >= 5))]
    rows = h2020[h2020["rcn"].isin(chosen.index)]
    target.mkdir(parents=True, exist_ok=True)
    rows.to_csv(target / "h2020-extract.csv", index=False, lineterminator="\n")
    parts[parts["rcn"].isin(chosen.index)].to_csv(target / "programme_parts.csv", index=False, lineterminator="\n")
    named[named["organisationID"].isin(set(rows["pic"]))].drop_duplicates("organisationID").to_csv(
        target / "organisations-named.csv", index=False, lineterminator="\n", quoting=csv.QUOTE_ALL)
    print(f"{len(chosen)} projects, {rows['pic'].nunique()} organisations, {len(rows)} participations")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).parent / "exports")
