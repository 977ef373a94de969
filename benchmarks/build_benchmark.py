"""Build-cost benchmark: the catalogue against what a user would otherwise build, plain Material.

For each size N it makes N products from the repository's own product files (copied and renamed, governance
reports and all) and builds three sites, alternating, each in a fresh process:

* **ours**: the repository's site (its mkdocs.yml, docs/, overrides/, hooks/ and blog/) with the N products;
* **plain**: Material 9.8.1 with its search, building the same product texts (each product file's
  description below its name) as ordinary pages kept out of the sidebar: what a user would otherwise use;
* **generated**: plain Material building every page our hook generates, written out by ``build-pages``, as
  ordinary files. Ours against this is the hook's own overhead (loading, validating, generating in memory).

Per site it reports the median build time and peak memory (the process tree's maximum resident set size), the
site's size, the search index's size and the largest HTML page.

    python benchmarks/build_benchmark.py                 # N = 1000 and 5000, 3 runs each, medians
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
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date.today()
#: What the products are made from: the repository's own product files.
SOURCES = sorted((ROOT / "products").glob("*.md"))

PLAIN_CONFIG = """\
site_name: Benchmark
site_url: https://example.org/
theme: {name: material, language: da, font: false}
plugins:
  - search:
      lang: da
markdown_extensions: [attr_list, md_in_html, admonition, tables, toc]
not_in_nav: |
  /produkter/*.md
nav:
  - index.md
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
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def product_file(index: int) -> tuple[str, str, str]:
    """(slug, file text, plain page) for product ``index``: the repository's products as they are (the news
    posts name them), then copies of them under new names without their former slugs (which would collide);
    and the product's description as an ordinary page."""
    source = SOURCES[index % len(SOURCES)]
    text = source.read_text(encoding="utf-8")
    slug = source.stem
    if index >= len(SOURCES):
        slug, name = f"os2bench{index:05d}", f"OS2bench{index:05d}"
        text = re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)
        text = re.sub(r"(?m)^aliases:\n(?:  - .*\n)+|^aliases: \[.*\]\n", "", text)
    name = re.search(r"(?m)^name: (.*)$", text).group(1)  # type: ignore[union-attr]
    body = text[_FRONT.match(text).end():]  # type: ignore[union-attr]
    return slug, text, f"# {name}\n\n{body}"


def prepare(workdir: Path, count: int) -> dict[str, Path]:
    """Write the three sites for ``count`` products; return them by name."""
    ours, plain, generated = workdir / "ours", workdir / "plain", workdir / "generated"
    ours.mkdir()
    for name in ("docs", "overrides", "hooks", "blog"):
        shutil.copytree(ROOT / name, ours / name, ignore=shutil.ignore_patterns("__pycache__"))
    # The folders `mkdocs serve` watches are not part of a build.
    config = re.sub(r"(?m)^watch:\n(?:  - .*\n)+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (ours / "mkdocs.yml").write_text(config, encoding="utf-8")
    (ours / "products").mkdir()
    (plain / "docs" / "produkter").mkdir(parents=True)
    (plain / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    for index in range(count):
        slug, text, page = product_file(index)
        (ours / "products" / f"{slug}.md").write_text(text, encoding="utf-8")
        (plain / "docs" / "produkter" / f"{slug}.md").write_text(page, encoding="utf-8")
    # The generated pages as ordinary files, beside the repository's hand-written pages and posts.
    shutil.copytree(ours, generated, ignore=shutil.ignore_patterns("site"))
    (generated / "hooks" / "catalogue.py").unlink()
    (generated / "mkdocs.yml").write_text(re.sub(r"(?m)^hooks:\n(?:  - .*\n)+", "", config), encoding="utf-8")
    env = {**os.environ, "OS2_BUILD_DATE": BUILD_DATE.isoformat()}
    subprocess.run([sys.executable, "-m", "os2catalogue", "build-pages", str(generated / "docs"), "--root", str(ours)],
                   cwd=ours, env=env, check=True, capture_output=True)
    return {"ours": ours, "plain": plain, "generated": generated}


def measure(site: Path) -> dict[str, float]:
    """Build ``site`` once in a fresh process tree; its time, peak memory and what it wrote."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OS2_BUILD_DATE": BUILD_DATE.isoformat()}
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "--clean",
               "--site-dir", str(site / "site")]
    done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{site.name}: the build failed\n{done.stdout}{done.stderr}")
    result = json.loads(done.stdout)
    files = [path for path in (site / "site").rglob("*") if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    result.update(site_mib=sum(path.stat().st_size for path in files) / 2**20,
                  index_kib=(site / "site" / "search" / "search_index.json").stat().st_size / 1024,
                  largest_kib=largest.stat().st_size / 1024,
                  largest=largest.relative_to(site / "site").as_posix())
    return result


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
        ours = prepare(Path(tmp), count)["ours"]
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
                page.wait_for_selector("#os2-filter[data-ready]", state="attached")  # the dataset is in
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
    print(f"Build benchmark, {dt.date.today().isoformat()}, {os.cpu_count()} cores; medians of {args.runs} "
          "alternating runs.\n")
    times: dict[int, float] = {}
    for count in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"os2bench-{count}-") as tmp:
            sites = prepare(Path(tmp), count)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in sites}
            for _ in range(args.runs):  # alternating, so a slow moment of the machine hits every site alike
                for name, site in sites.items():
                    runs[name].append(measure(site))
        median = {name: {key: statistics.median(float(r[key]) for r in results)
                         for key in ("seconds", "peak_mib", "site_mib", "index_kib", "largest_kib")}
                  for name, results in runs.items()}
        times[count] = median["ours"]["seconds"]
        print(f"N = {count}")
        print(f"{'site':>10} | {'time s':>7} | {'peak MiB':>8} | {'site MiB':>8} | {'index KiB':>9} | "
              f"{'largest page':>30}")
        for name, m in median.items():
            print(f"{name:>10} | {m['seconds']:>7.1f} | {m['peak_mib']:>8.0f} | {m['site_mib']:>8.1f} | "
                  f"{m['index_kib']:>9.0f} | {runs[name][0]['largest']:>20} {m['largest_kib']:>5.0f} KiB")
        ours, plain, generated = median["ours"], median["plain"], median["generated"]
        print(f"ours / plain: time {ours['seconds'] / plain['seconds']:.2f} (target ≤ 2.0), memory "
              f"{ours['peak_mib'] / plain['peak_mib']:.2f} (target at 5000 ≤ 2), search index "
              f"{ours['index_kib'] / plain['index_kib']:.2f} (target at 1000 ≤ 1.5); largest page "
              f"{ours['largest_kib']:.0f} KiB (target ≤ 300)")
        print(f"ours / generated (the hook's overhead): time {ours['seconds'] / generated['seconds']:.2f}, memory "
              f"{ours['peak_mib'] / generated['peak_mib']:.2f}\n", flush=True)
    if 1000 in times and 5000 in times:
        print(f"time(5000) / time(1000) for ours: {times[5000] / times[1000]:.2f} (target ≤ 5.5)")
    if args.filter_size:
        measure_filter(args.filter_size)


if __name__ == "__main__":
    main()
