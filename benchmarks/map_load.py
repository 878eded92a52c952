"""Measure the interactive map: build time, page size and load-to-drawn time in headless Chromium.

    python benchmarks/map_load.py [DATA] [--cluster ID] [--depth K] [--max-nodes N] [--runs R]

Builds the map of DATA (default: the embedded data/), then opens it R times in Debian's
Chromium (Playwright, every request but the file itself blocked) and reports the time from
navigation start to the first complete drawing of the network (the page records it in
``body[data-drawn-ms]``) and the wall time until then.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(REPO / "data"))
    parser.add_argument("--cluster", default=None)
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--max-nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from helixnet.pipeline import analyse, map_html
    from tests.browser_support import launch_browser, open_page

    started = time.perf_counter()
    analysis = analyse(args.data)
    analysed = time.perf_counter()
    page_html = map_html(analysis, cluster=args.cluster, depth=args.depth, max_nodes=args.max_nodes)
    built = time.perf_counter()
    selection = page_html.selection
    with tempfile.TemporaryDirectory() as tmp:
        path = page_html.save(Path(tmp) / "map.html")
        size = path.stat().st_size
        playwright, browser = launch_browser()
        drawn, wall = [], []
        try:
            for _ in range(args.runs):
                t0 = time.perf_counter()
                page, log = open_page(browser, path)
                page.wait_for_selector("body[data-drawn-ms]", timeout=300_000)
                wall.append(time.perf_counter() - t0)
                drawn.append(float(page.get_attribute("body", "data-drawn-ms")) / 1000)
                log.assert_clean()
                page.context.close()
        finally:
            browser.close()
            playwright.stop()
    print(f"data: {args.data} ({analysis.graph.number_of_nodes():,} organisations, "
          f"{analysis.graph.number_of_edges():,} links); analyse {analysed - started:.1f} s")
    print(f"map: {selection.graph.number_of_nodes():,} organisations, {selection.graph.number_of_edges():,} links drawn"
          f" (left out {selection.omitted_nodes:,} organisations, {selection.omitted_edges:,} links);"
          f" built in {built - analysed:.1f} s; {size / 1e6:.2f} MB")
    print(f"load to drawn (navigation start -> first full drawing), {args.runs} runs: median "
          f"{statistics.median(drawn):.2f} s, max {max(drawn):.2f} s; wall {statistics.median(wall):.2f} s")


if __name__ == "__main__":
    main()
