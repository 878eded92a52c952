"""Measure the interactive map: layout time, page size, load-to-drawn time and filter response in headless Chromium.

    python benchmarks/map_load.py [DATA] [--approximate] [--be] [--cluster ID] [--depth K] [--max-nodes N] [--runs R]

Builds the map of DATA (default: the embedded data/), then opens it R times in Debian's
Chromium (Playwright, every request but the file itself blocked) and reports the time from
navigation start to the first complete drawing of the network (the page records it in
``body[data-drawn-ms]``), the wall time until then, and how long the page takes to answer a
filter (unticking the company helix, ticking it again), the tie controls (all ties, weight
threshold), the year slider and a search. The page marks where its loading time goes
(``performance.mark``: data parsed, network built); the layout is timed in wall and CPU
seconds (CPU counts every thread), and the load average is printed with the figures, since
browser timings on a shared machine vary: each is given as median and minimum over the runs.
``--approximate`` computes DATA's metrics with sampled betweenness (for real data such as
``/work/be-data``, the BE subset with its names and five marked clusters).

``--be`` builds the Belgian subset of Horizon 2020 instead of reading DATA: every
participation in a project with at least one participant from Belgium, from
``../shared/data/cordis/h2020/h2020.csv`` (CORDIS, (c) European Union, CC BY 4.0), imported
with ``helixnet import table --mapping h2020``, named from the partial organisation table
where it has a name, with the three Belgian "other" organisations (associations) in the most
projects marked as clusters (POLIS, Bio Base Europe Pilot Plant and one unnamed PIC). Its
metrics are computed with sampled betweenness (``--approximate``'s defaults).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
H2020 = REPO.parent / "shared" / "data" / "cordis" / "h2020"

#: How many Belgian associations the BE subset marks as clusters.
BE_CLUSTERS = 3


def be_subset(target: Path, h2020: Path = H2020) -> list[str]:
    """Write the BE subset of H2020 as a data directory at ``target``; returns the cluster ids."""
    import pandas as pd

    table = pd.read_csv(h2020 / "h2020.csv", dtype=str, keep_default_na=False)
    belgian = set(table.loc[table["country"] == "BE", "rcn"])
    subset = target.parent / "be.csv"
    table[table["rcn"].isin(belgian)].to_csv(subset, index=False)
    subprocess.run([sys.executable, "-m", "helixnet", "import", "table", str(subset), "--mapping", "h2020",
                    "--data", str(target)], check=True, capture_output=True, env={**os.environ, "HELIXNET_PROGRESS": "0"})
    (organisations,) = (target / "nodes").glob("organisations_*.csv")
    (participations,) = (target / "edges").glob("participations_*.csv")
    orgs = pd.read_csv(organisations, dtype=str, keep_default_na=False)
    names = pd.read_csv(h2020 / "h2020_organizations_out_formatted_latest.csv", dtype=str, keep_default_na=False)
    names = names[names["name"] != ""].drop_duplicates("organisationID").set_index("organisationID")["name"]
    known = orgs["pic"].map(names)
    orgs.loc[known.notna(), "name"] = known[known.notna()]
    projects = pd.read_csv(participations, dtype=str)["org_id"].value_counts()
    candidates = orgs[(orgs["country"] == "BE") & (orgs["helix"] == "burger")].copy()
    candidates["projects"] = candidates["id"].map(projects).fillna(0)
    clusters = candidates.sort_values(["projects", "id"], ascending=[False, True]).head(BE_CLUSTERS)["id"].tolist()
    orgs.loc[orgs["id"].isin(clusters), ["helix", "kind"]] = ["intermediair", "cluster"]
    orgs.to_csv(organisations, index=False)
    return clusters


def page_timings(page) -> dict[str, float]:
    """Milliseconds the page takes to answer each control (synchronous work of the handler)."""
    return page.evaluate("""() => {
        function timed(action) { const t0 = performance.now(); action(); return performance.now() - t0; }
        function toggle(selector, value) {
            const box = document.querySelector(selector);
            return timed(() => { box.checked = value; box.dispatchEvent(new Event('change')); });
        }
        const out = {};
        out.helix_off = toggle('#helix-filter input[data-helix=bedrijf]', false);
        out.helix_on = toggle('#helix-filter input[data-helix=bedrijf]', true);
        out.all_ties = toggle('#all-ties', true);
        out.backbone = toggle('#all-ties', false);
        const weight = document.getElementById('min-weight');
        out.weight = timed(() => { weight.value = '2'; weight.dispatchEvent(new Event('change')); });
        weight.value = '0'; weight.dispatchEvent(new Event('change'));
        const from = document.getElementById('year-from');
        if (from) {
            const first = from.value;
            out.years = timed(() => { from.value = String(Number(from.max) - 1); from.dispatchEvent(new Event('change')); });
            from.value = first; from.dispatchEvent(new Event('change'));
        }
        const input = document.getElementById('search-input');
        input.value = 'univ';
        out.search = timed(() => document.getElementById('search').requestSubmit());
        return out;
    }""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(REPO / "data"))
    parser.add_argument("--be", action="store_true", help="build and map the BE subset of H2020 (ignores DATA)")
    parser.add_argument("--approximate", action="store_true", help="sampled betweenness for DATA (large real data)")
    parser.add_argument("--cluster", default=None)
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--max-nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="also save the page here")
    args = parser.parse_args()

    from helixnet.pipeline import analyse, map_html
    from helixnet.viz import interactive
    from tests.browser_support import launch_browser, open_page

    with tempfile.TemporaryDirectory() as tmp:
        data, approximate = args.data, None
        if args.approximate:
            from helixnet.metrics.sampling import Approximation

            approximate = Approximation()
        if args.be:
            from helixnet.metrics.sampling import Approximation

            data, approximate = Path(tmp) / "be", Approximation()
            print(f"BE subset clusters: {', '.join(be_subset(data))}")
        started = time.perf_counter()
        analysis = analyse(data, approximate=approximate)
        analysed = time.perf_counter()
        layout_seconds = []
        structure_positions = interactive.structure_positions

        def timed_layout(*a, **k):
            t0, c0 = time.perf_counter(), time.process_time()
            result = structure_positions(*a, **k)
            layout_seconds.append((time.perf_counter() - t0, time.process_time() - c0))
            return result

        interactive.structure_positions = timed_layout
        try:
            page_html = map_html(analysis, cluster=args.cluster, depth=args.depth, max_nodes=args.max_nodes)
        finally:
            interactive.structure_positions = structure_positions
        built = time.perf_counter()
        selection = page_html.selection
        path = page_html.save(args.keep if args.keep else Path(tmp) / "map.html")
        size = path.stat().st_size
        playwright, browser = launch_browser()
        drawn, wall, timings, marks = [], [], [], []
        try:
            for _ in range(args.runs):
                t0 = time.perf_counter()
                page, log = open_page(browser, path)
                page.wait_for_selector("body[data-drawn-ms]", timeout=300_000)
                wall.append(time.perf_counter() - t0)
                drawn.append(float(page.get_attribute("body", "data-drawn-ms")) / 1000)
                marks.append(page.evaluate("() => Object.fromEntries(performance.getEntriesByType('mark')"
                                           ".map(m => [m.name.replace('helixnet:', ''), m.startTime / 1000]))"))
                timings.append(page_timings(page))
                log.assert_clean()
                page.context.close()
        finally:
            browser.close()
            playwright.stop()
    from tests.test_viz import map_data

    flags = map_data(page_html.html)["edgeBackbone"]
    print(f"data: {'BE subset of H2020' if args.be else args.data} ({analysis.graph.number_of_nodes():,} organisations, "
          f"{analysis.graph.number_of_edges():,} links); analyse {analysed - started:.1f} s")
    print(f"map: {selection.graph.number_of_nodes():,} organisations, {selection.graph.number_of_edges():,} links among them"
          f" (left out {selection.omitted_nodes:,} organisations, {selection.omitted_edges:,} links);"
          f" backbone draws {sum(flags):,} ties ({sum(flags) / max(len(flags), 1):.1%})")
    layout = (f"layout {layout_seconds[0][0]:.1f} s wall, {layout_seconds[0][1]:.1f} s CPU" if layout_seconds
              else "layout: focus rings")
    print(f"built in {built - analysed:.1f} s ({layout}); page {size / 1e6:.2f} MB")
    print(f"load to drawn (navigation start -> first full drawing), {args.runs} runs: median "
          f"{statistics.median(drawn):.2f} s, min {min(drawn):.2f} s, max {max(drawn):.2f} s; "
          f"wall {statistics.median(wall):.2f} s")
    for key in marks[0]:
        values = [m[key] for m in marks if key in m]
        print(f"  reached {key:<8} median {statistics.median(values):.2f} s, min {min(values):.2f} s")
    for key in timings[0]:
        values = [t[key] for t in timings]
        print(f"  response {key:<10} median {statistics.median(values):6.0f} ms, min {min(values):6.0f} ms, "
              f"max {max(values):6.0f} ms")
    print(f"load average (1, 5, 15 min): {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
