"""Where generated pages live, and relative links between them (the same rules MkDocs applies)."""

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


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page built from ``src_uri`` ('' for the home page)."""
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return f"{posixpath.dirname(stem) + '/' if posixpath.dirname(stem) else ''}index.html" \
            if posixpath.basename(stem) == "README" else f"{stem}.html"
    if posixpath.basename(stem) in ("index", "README"):
        parent = posixpath.dirname(stem)
        return f"{parent}/" if parent else ""
    return f"{stem}/"


@functools.lru_cache(maxsize=65536)
def relative_url(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A link from the page built from ``from_uri`` to the page built from ``to_uri``."""
    here, there = page_url(from_uri, use_directory_urls), page_url(to_uri, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    rel = posixpath.relpath(there.rstrip("/") or ".", base or ".")
    if there.endswith("/") or not there:
        return "./" if rel == "." else rel + "/"
    return rel
