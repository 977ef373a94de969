"""Helpers that read a built site: pages, links, and requests to other origins."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

#: Attributes through which a page makes the browser fetch something by itself.
_FETCHING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
             ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
             ("form", "action"), ("video", "poster"), ("image", "href"), ("use", "href")}
_FETCHING_LINK_RELS = {"stylesheet", "preload", "preconnect", "dns-prefetch", "prefetch", "icon", "manifest",
                       "modulepreload", "apple-touch-icon", "shortcut"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        for name, value in values.items():
            if (tag, name) in _FETCHING:
                self.fetched.extend(part.strip().split(" ")[0] for part in value.split(",")) if name == "srcset" \
                    else self.fetched.append(value)
            if name == "style":
                self.styles.append(value)
        if tag == "link" and set(values.get("rel", "").lower().split()) & _FETCHING_LINK_RELS:
            self.fetched.append(values.get("href", ""))
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def parse(path: Path) -> _Collector:
    """Collect what a built HTML page links to and fetches."""
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def is_other_origin(url: str) -> bool:
    """True for absolute or protocol-relative URLs (anything that leaves the site's own origin)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob", "mailto")


def other_origin_requests(site: Path) -> list[str]:
    """Every place in the built site that would make the browser contact another origin."""
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        collected = parse(page)
        urls = collected.fetched + [m for s in collected.styles for m in _CSS_URL.findall(s) + _CSS_IMPORT.findall(s)]
        found += [f"{page.relative_to(site)}: {url}" for url in urls if url and is_other_origin(url)]
    for sheet in sorted(site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found += [f"{sheet.relative_to(site)}: {url}" for url in _CSS_URL.findall(text) + _CSS_IMPORT.findall(text)
                  if is_other_origin(url)]
    return found


def broken_internal_links(site: Path) -> list[str]:
    """Links between pages of the site whose target file (or #anchor) does not exist."""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        for href in parse(page).links:
            if not href or is_other_origin(href) or href.startswith(("mailto:", "javascript:")):
                continue
            path, _, fragment = urljoin(page.relative_to(site).as_posix(), href).partition("#")
            path = path.partition("?")[0]  # a query (the comparison's choice) is read by the page's script
            path = path.lstrip("/")  # urljoin roots paths that climb to the top; the site is served at its root
            target = site / path / "index.html" if path.endswith("/") or not path else site / path
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse(target).ids
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    return broken
