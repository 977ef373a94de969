"""HTML from contributors' Markdown, made safe with one allowlist: the build applies it, ``validate`` reports it.

Product descriptions and news posts are written by anyone who opens a pull request. Their Markdown is rendered
with the site's own extensions and passed through nh3 (a kept HTML sanitiser) with the allowlist below: no
script, style, iframe, object or embed, no event handlers or style attributes, no ``javascript:``, ``data:`` or
``vbscript:`` addresses, and images only from the site itself. ``validate`` renders each body the same way and
reports whatever the sanitiser would remove, with the file and line, so a member learns it before review; the
build sanitises the pages again, so nothing unsafe is published even if a check were skipped.
"""

from __future__ import annotations

import functools
import html.parser
from collections import Counter
from urllib.parse import urlsplit

import markdown
import nh3

#: The Markdown extensions of mkdocs.yml (a test checks they are the same), so validation renders what the build
#: renders.
MARKDOWN_EXTENSIONS: tuple[str, ...] = ("attr_list", "md_in_html", "admonition", "tables", "toc")

ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # data-search-exclude keeps a block out of site search (the scorecards' quotes); it hides nothing from readers.
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-hidden", "aria-label", "aria-describedby",
          "data-search-exclude"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "data-label", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "abbr": {"title"},
    "details": {"open"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


def _same_site(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    # Images come only from the site: an image from another origin would tell it who reads the page.
    if element == "img" and attribute == "src" and not _same_site(value):
        return None
    return value


def clean(fragment: str) -> str:
    """``fragment`` with everything outside the allowlist removed (text is kept, unsafe elements go)."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     attribute_filter=_attribute_filter, url_schemes=set(URL_SCHEMES), link_rel=None,
                     clean_content_tags={"script", "style"}, strip_comments=True)


@functools.lru_cache(maxsize=1)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


def render(text: str) -> str:
    """Markdown as the site renders it (the same extensions as mkdocs.yml)."""
    renderer = _renderer()
    renderer.reset()  # one instance, reset between texts: building a renderer costs more than using it
    return renderer.convert(text)


class _Inventory(html.parser.HTMLParser):
    """Every element and attribute in a fragment, counted, to see what the sanitiser took away."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[tuple[str, str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[(tag, "", "")] += 1
        for name, value in attrs:
            self.found[(tag, name, (value or "").strip())] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _inventory(fragment: str) -> Counter[tuple[str, str, str]]:
    parser = _Inventory()
    parser.feed(fragment)
    parser.close()
    return parser.found


def removed(fragment: str) -> list[tuple[str, str]]:
    """What :func:`clean` would remove from ``fragment``: (what, a piece of the source to find it by), in order."""
    kept = _inventory(clean(fragment))
    out: list[tuple[str, str]] = []
    for (tag, name, value), count in _inventory(fragment).items():
        if kept[(tag, name, value)] >= count or (name and tag not in ALLOWED_TAGS):
            continue  # kept, or an attribute of an element that goes anyway
        if not name:
            out.append((f"the <{tag}> element", f"<{tag}"))
        elif tag == "img" and name == "src" and not _same_site(value):
            out.append((f"an image from another origin ({value})", value))
        elif name in ("href", "src", "cite") and tag in ALLOWED_TAGS and name in ALLOWED_ATTRIBUTES.get(tag, ()):
            out.append((f"the address '{value}' (only http, https and mailto addresses)", value))
        else:
            out.append((f"the '{name}' attribute of <{tag}>", name))
    return out
