"""Build-cost benchmark: our hook-driven build against plain Material building the same pages as files.

For each size N it generates N synthetic product files in a temporary folder and builds two sites:

* ours: products/*.md + hooks/catalogue.py, exactly as the real site is built;
* plain: the very same generated pages written into docs/ as ordinary Markdown files, no hook.

Both use the same theme, plugins, navigation and not-in-nav rule, so the ratio is the cost of loading,
validating and generating in memory. Each build runs in its own process; peak memory is that process
tree's maximum resident set size.

    python benchmarks/build_benchmark.py            # N = 1000 and 5000, 3 runs each, median reported
    python benchmarks/build_benchmark.py --sizes 200 --runs 1

It then measures the catalogue filter in headless Chromium on a site of ``--filter-size`` products
(default 1000): the time one filter change takes in the page, and the filter dataset's size per product.
The target is one change in at most 16 ms (one frame).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from os2catalogue.loader import load_catalogue
from os2catalogue.pages import generate_pages
from os2catalogue.vocab import load_vocabularies

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2026, 11, 24)
WORDS = ("kommune borger data løsning drift udvikling sikkerhed fællesskab integration borgerservice "
         "dokumentation leverandør anvender styregruppe koordinering open source licens platform").split()

CONFIG = """\
site_name: Benchmark
site_url: https://example.org/
theme: {{name: material, language: da, font: false}}
plugins: [search]
extra_css: [assets/os2.css]
extra_javascript: [assets/os2.js, assets/filter.js]
{hooks}markdown_extensions: [attr_list, md_in_html, tables, toc]
not_in_nav: |
  /produkter/*.md
nav:
  - index.md
  - produkter/index.md
  - niveauer/index.md
  - styringsmodel.md
"""

# Runs one build and prints its wall time and the peak RSS of its process tree (ru_maxrss is in KiB).
MEASURE = textwrap.dedent("""\
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(done.stdout + done.stderr)
    print(json.dumps({"seconds": wall, "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
""")


def synthetic_product(index: int, rng: random.Random) -> str:
    """One valid product file with varied, realistic field values."""
    vocab = load_vocabularies()
    level = rng.choice([lvl for lvl in vocab.levels])
    decision = ("" if level.rank is None else
                f"level_decision:\n  kind: beslutning\n  date: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n"
                f"  source: https://example.org/beslutning/{index}\n")
    categories = ", ".join(rng.sample([c.id for c in vocab.categories], rng.randint(1, 3)))
    users = ", ".join(rng.sample([b.id for b in vocab.bodies], rng.randint(0, 12)))
    supplier = rng.choice([s.id for s in vocab.suppliers])
    licence = rng.choice(["MPL-2.0", "GPL-3.0-only", "EUPL-1.2", "MIT"])
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(3))
    return (f"---\nname: OS2bench{index:05d}\nshort_description: Syntetisk produkt nummer {index} til måling af "
            f"byggetid.\nlevel: {level.value}\n{decision}lifecycle: {rng.choice([s.value for s in vocab.lifecycle])}\n"
            f"categories: [{categories}]\nusers: [{users}]\nsuppliers:\n  - id: {supplier}\n    roles: [udvikling]\n"
            f"repositories:\n  - url: https://example.org/repo/{index}\n    licence: {licence}\n"
            f"last_reviewed: 2026-10-01\n---\n{body}\n\n## Værd at vide\n\n{body}\n")


def prepare(workdir: Path, count: int) -> tuple[Path, Path]:
    """Write both sites for ``count`` products; return (ours, plain)."""
    rng = random.Random(count)
    ours, plain = workdir / "ours", workdir / "plain"
    for site in (ours, plain):
        (site / "docs").mkdir(parents=True)
        shutil.copytree(ROOT / "docs" / "assets", site / "docs" / "assets")
        (site / "docs" / "index.md").write_text("# Benchmark\n\nSe [produkterne](produkter/index.md).\n",
                                                encoding="utf-8")
    (ours / "products").mkdir()
    for index in range(count):
        (ours / "products" / f"os2bench{index:05d}.md").write_text(synthetic_product(index, rng), encoding="utf-8")
    shutil.copytree(ROOT / "hooks", ours / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (ours / "mkdocs.yml").write_text(CONFIG.format(hooks="hooks: [hooks/catalogue.py]\n"), encoding="utf-8")
    (plain / "mkdocs.yml").write_text(CONFIG.format(hooks=""), encoding="utf-8")
    catalogue = load_catalogue(ours / "products", root=ours, today=BUILD_DATE)
    for page in generate_pages(catalogue):
        target = plain / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    return ours, plain


def measure(site: Path) -> dict[str, float]:
    """Build ``site`` once in a fresh process tree."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OS2_BUILD_DATE": BUILD_DATE.isoformat()}
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--site-dir", str(site / "site")]
    done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


FILTER_CHANGE = """
async (param) => {
  const boxes = Array.from(document.querySelectorAll(`#os2-filter input[name=${param}]`));
  const times = [];
  for (let round = 0; round < 5; round++) {
    for (const box of boxes) {
      const start = performance.now();
      box.click();  // the change handler filters, recounts and updates the page synchronously
      document.body.offsetHeight;  // include the style and layout the change causes
      times.push(performance.now() - start);
    }
  }
  return times;
}
"""


def measure_filter(count: int) -> None:
    """Build a site of ``count`` products, serve it, and time filter changes in headless Chromium."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix=f"os2filter-{count}-") as tmp:
        ours, _ = prepare(Path(tmp), count)
        measure(ours)
        site = ours / "site"
        dataset = site / "produkter" / "filtre.json"
        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/produkter/")
                page.wait_for_selector("#os2-filter:not([hidden])")
                times = page.evaluate(FILTER_CHANGE, "niveau") + page.evaluate(FILTER_CHANGE, "kategori")
                browser.close()
        finally:
            server.shutdown()
        times.sort()
        print(f"\nFilter with {count} products ({len(times)} changes): median {statistics.median(times):.1f} ms, "
              f"95th percentile {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms (target: 16 ms)")
        print(f"Filter dataset: {dataset.stat().st_size / 1024:.0f} KiB, "
              f"{dataset.stat().st_size / count:.0f} bytes per product")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="builds per site and size; the median is reported")
    parser.add_argument("--filter-size", type=int, default=1000, help="products for the filter measurement (0: skip)")
    args = parser.parse_args()
    print(f"{'N':>6} | {'ours s':>7} | {'plain s':>7} | {'time ratio':>10} | {'ours MiB':>8} | {'plain MiB':>9} | "
          f"{'memory ratio':>12}")
    print("-" * 78)
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"os2bench-{count}-") as tmp:
            ours, plain = prepare(Path(tmp), count)
            results = {name: [measure(site) for _ in range(args.runs)] for name, site in (("ours", ours), ("plain", plain))}
        seconds = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
        memory = {k: statistics.median(r["peak_mib"] for r in v) for k, v in results.items()}
        print(f"{count:>6} | {seconds['ours']:>7.2f} | {seconds['plain']:>7.2f} | {seconds['ours'] / seconds['plain']:>10.2f} | "
              f"{memory['ours']:>8.0f} | {memory['plain']:>9.0f} | {memory['ours'] / memory['plain']:>12.2f}",
              flush=True)
    if args.filter_size:
        measure_filter(args.filter_size)


if __name__ == "__main__":
    main()
