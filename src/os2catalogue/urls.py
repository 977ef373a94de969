"""Where generated pages live, and the links to them.

Every link the generator writes names its target by source URI (``produkter/os2mo.md``), never by address:
- HTML the generator writes gets the target's address relative to the page (:func:`relative_url`, by the rule
  MkDocs applies; a test holds it to MkDocs' own), and ``generate_pages`` checks each target exists;
- Markdown that MkDocs renders where the generator cannot know the page's address (a post's address is the blog
  plugin's) links to the target's ``.md`` file (:func:`markdown_link`), which MkDocs and its forks resolve and
  check themselves.
"""

from __future__ import annotations

import functools
import posixpath

#: Where the blog lives in the site, and where its posts are registered (Material's blog plugin opens the posts
#: from blog/posts/ on disk; the site registers them here so the blog lives at /nyheder/).
BLOG_DIR = "nyheder"
POSTS_URI = "nyheder/posts"
CATALOGUE = "produkter/index.md"
PRODUCT = "produkter/{slug}.md"
#: A product's governance answers in full, beside its page.
ANSWERS = "produkter/{slug}/svar.md"
#: A product's and a body's RSS feed of changes, beside their pages.
PRODUCT_FEED = "produkter/{slug}/feed.xml"
BODY_FEED = "kommuner/{id}/feed.xml"
LEVELS = "niveauer/index.md"
LEVEL = "niveauer/{id}.md"
MODEL = "styringsmodel.md"
GOVERNANCE = "foelg-eller-forklar.md"
CALLS = "deltag.md"
REVIEW = "gennemgang.md"
#: Where a level's products were listed before its level page did it; these addresses now redirect there.
FORMER_FACET_LEVEL = "produkter/niveau/{id}.md"
FACET_LIFECYCLE = "produkter/livscyklus/{id}.md"
FACET_LICENCE = "produkter/licens/{id}.md"
CATEGORIES = "kategorier/index.md"
CATEGORY = "kategorier/{id}.md"
BODIES = "kommuner/index.md"
BODY = "kommuner/{id}.md"
SUPPLIERS = "leverandoerer/index.md"
SUPPLIER = "leverandoerer/{id}.md"
#: The badges' colours, from the vocabularies' data (listed in mkdocs.yml's extra_css).
BADGES = "assets/badges.css"
#: The filter script's dataset, beside the catalogue index.
DATASET = "produkter/filtre.json"
ACCESSIBILITY = "tilgaengelighed.md"
OPEN_DATA = "data.md"
#: The comparison page (a full table without JavaScript, two to four products side by side with it), and its data.
COMPARE = "sammenlign/index.md"
COMPARE_DATA = "sammenlign/produkter.json"
STATISTICS = "statistik.md"
#: The front matter's JSON Schema, for editors (also committed at schema/product.schema.json).
SCHEMA = "schema/product.schema.json"


def product_uri(slug: str) -> str:
    """The source URI of a product's page."""
    return PRODUCT.format(slug=slug)


def answers_uri(slug: str) -> str:
    """The source URI of the page with a product's governance answers in full."""
    return ANSWERS.format(slug=slug)


def level_uri(level_id: str) -> str:
    """The source URI of a level's page."""
    return LEVEL.format(id=level_id)


@functools.lru_cache(maxsize=16384)
def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the file ``src_uri`` ('' for the home page): a page's output file, or
    the file itself when it is not a page (JSON, CSS), written as a folder where the file is an ``index.html``.
    A test holds this to MkDocs' own ``File.url`` for every generated page."""
    dest = src_uri
    if src_uri.endswith(".md"):
        folder, name = posixpath.split(src_uri.removesuffix(".md"))
        if name in ("index", "README"):
            dest = posixpath.join(folder, "index.html")
        else:
            dest = posixpath.join(folder, name, "index.html") if use_directory_urls else f"{src_uri[:-3]}.html"
    folder, name = posixpath.split(dest)
    if use_directory_urls and name == "index.html":
        return f"{folder}/" if folder else ""
    return dest


# Small: the pairs of pages rarely repeat, and at 5000 products a full cache of 65536 links held 13 MiB.
@functools.lru_cache(maxsize=4096)
def relative_url(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A link from the page built from ``from_uri`` to the page built from ``to_uri``."""
    here, there = page_url(from_uri, use_directory_urls), page_url(to_uri, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    # posixpath.relpath, for the clean relative paths page_url gives, without its normalising (it cost a tenth of
    # the page generation on a large catalogue).
    steps, target = base.split("/") if base else [], there.rstrip("/").split("/") if there.rstrip("/") else []
    common = 0
    while common < min(len(steps), len(target)) and steps[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(steps) - common) + target[common:]) or "."
    if there.endswith("/") or not there:
        return "./" if rel == "." else rel + "/"
    return rel


def markdown_link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source file to another (``../produkter/os2mo.md``); MkDocs turns it into the
    address of the page, wherever the linking page ends up."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
