"""News posts in ``blog/``: strict validation before Material's blog plugin sees them, the typed posts,
and the links between posts and products.

Posts are real files (Material's blog plugin opens them from disk); the site registers them under
``nyheder/posts/`` so the blog lives at ``/nyheder/``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.frontmatter import Document, FieldPath, as_date, format_path, parse_or_diagnostics
from os2catalogue.loader import Catalogue, build_date, check_files, discover, display_path
from os2catalogue.model import Product
from os2catalogue.slug import slugify
from os2catalogue.validate import _HTML, _SLUG, describe, suggest
from os2catalogue.vocab import load_vocabularies

#: Where the blog lives in the site, and where its posts are registered.
BLOG_DIR = "nyheder"
POSTS_URI = "nyheder/posts"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
#: Keys Material's blog reads from a post, besides ours.
_KNOWN = ("title", "description", "date", "draft", "authors", "categories", "products", "slug", "readtime", "pin")


@dataclass(frozen=True)
class Author:
    """A post author from ``blog/.authors.yml``."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Post:
    """A validated news post."""

    source_path: str
    src_uri: str
    slug: str
    title: str
    date: dt.date
    draft: bool
    authors: tuple[Author, ...]
    categories: tuple[str, ...]
    products: tuple[str, ...]

    @property
    def url(self) -> str:
        """The post's site-relative URL, as Material's blog plugin builds it ("{date}/{slug}")."""
        return f"{BLOG_DIR}/{self.date:%Y/%m/%d}/{self.slug}/"

    def is_published(self, today: dt.date) -> bool:
        """Published: not a draft, and not dated after ``today`` (a scheduled post)."""
        return not self.draft and self.date <= today


def load_authors(blog_dir: Path, root: Path) -> tuple[dict[str, Author], list[Diagnostic]]:
    """Read ``blog/.authors.yml``; its problems are reported like any other file's."""
    path = blog_dir / ".authors.yml"
    shown = display_path(path, root)
    if not path.is_file():
        return {}, [Diagnostic(shown, 1, "file", "missing; list the post authors here")]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        return {}, [Diagnostic(shown, line, "authors", f"invalid YAML: {error.problem}")]
    entries = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        return {}, [Diagnostic(shown, 1, "authors", "expected 'authors:' with one entry per author")]
    authors: dict[str, Author] = {}
    problems: list[Diagnostic] = []
    for key, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(Diagnostic(shown, 1, f"authors.{key}", "needs a 'name'"))
            continue
        authors[str(key)] = Author(str(key), entry["name"], str(entry.get("description", "")))
    return authors, problems


def discover_posts(blog_dir: Path) -> list[Path]:
    """Every post file under ``blog/posts``, sorted."""
    return sorted((blog_dir / "posts").rglob("*.md")) if (blog_dir / "posts").is_dir() else []


class _PostChecker:
    def __init__(self, document: Document, authors: dict[str, Author], categories: list[str],
                 products: dict[str, Product]) -> None:
        self.document = document
        self.authors = authors
        self.categories = categories
        self.products = products
        self.problems: list[Diagnostic] = []

    def error(self, at: FieldPath, message: str, line: int | None = None) -> None:
        self.problems.append(Diagnostic(self.document.path, line or self.document.line(at),
                                        format_path(at) or "front matter", message))

    def text(self, key: str, value: Any, limit: int) -> str | None:
        if not isinstance(value, str):
            self.error((key,), f"expected text, got {describe(value)}; put the value in quotes")
            return None
        if (html := _HTML.search(value)) is not None:
            self.error((key,), f"HTML is not allowed in text fields (found '{html.group(0)}'); write plain text")
            return None
        if len(value) > limit:
            self.error((key,), f"{len(value)} characters; at most {limit} allowed")
            return None
        return " ".join(value.split())

    def date(self, value: Any) -> dt.date | None:
        created = value.get("created") if isinstance(value, dict) else value
        at: FieldPath = ("date", "created") if isinstance(value, dict) else ("date",)
        if created is None:
            self.error(at, "required field is missing")
            return None
        if isinstance(created, dt.datetime):
            return created.date()
        parsed = as_date(created)
        if parsed is None:
            self.error(at, f"expected a date YYYY-MM-DD, got '{created}'")
        return parsed

    def names(self, key: str, value: Any, allowed: list[str], noun: str, *, index: bool = True) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error((key,), f"expected a list, got {describe(value)}; write [a, b] or one '- a' line per item")
            return ()
        found = []
        for position, item in enumerate(value):
            at: FieldPath = (key, position) if index else (key,)
            line = self.document.line((key, position))
            if not isinstance(item, str) or item not in allowed:
                hint = suggest(str(item), allowed)
                self.error(at, f"unknown {noun} '{item}'" + (f"; did you mean '{hint}'?" if hint else ""), line=line)
                continue
            found.append(item)
        return tuple(found)

    def check(self, file_slug: str) -> dict[str, Any] | None:
        data = self.document.data
        for key in data:
            if isinstance(key, str) and key not in _KNOWN:
                hint = suggest(key, list(_KNOWN))
                self.error((key,), "unknown field; " + (f"did you mean '{hint}'?" if hint else
                                                        "the fields here are " + ", ".join(_KNOWN)))
        date = self.date(data.get("date")) if "date" in data else None
        if "date" not in data:
            self.error(("date",), "required field is missing", line=1)
        draft = data.get("draft", False)
        if not isinstance(draft, bool):
            self.error(("draft",), f"expected true or false, got {describe(draft)}")
        if not data.get("authors"):
            self.error(("authors",), "name at least one author from blog/.authors.yml",
                       line=self.document.line(("authors",)) if "authors" in data else 1)
        authors = self.names("authors", data.get("authors"), list(self.authors), "author")
        if not data.get("categories"):
            self.error(("categories",), "choose at least one of " + ", ".join(self.categories),
                       line=self.document.line(("categories",)) if "categories" in data else 1)
        categories = self.names("categories", data.get("categories"), self.categories, "category")
        products = self.names("products", data.get("products"), sorted(self.products), "product", index=False)
        title = self.text("title", data["title"], 150) if "title" in data else self._heading()
        if "description" in data:
            self.text("description", data["description"], 200)
        slug = data.get("slug")
        if slug is None:
            suggestion = slugify(title) if title else file_slug
            self.error(("slug",), f"required field is missing; add 'slug: {suggestion}'", line=1)
        elif not isinstance(slug, str) or not _SLUG.match(slug):
            self.error(("slug",), f"'{slug}' is not a slug; use lower-case ASCII words joined by '-', "
                                  f"e.g. '{slugify(str(slug))}'")
        if title is None and "title" not in data:
            self.error(("title",), "a post needs a title: a 'title:' field or a '# ' heading", line=1)
        if not self.document.body.strip():
            self.problems.append(Diagnostic(self.document.path, self.document.body_line, "body",
                                            "the post has no text below the front matter"))
        if self.problems:
            return None
        return {"slug": slug, "title": title, "date": date, "draft": draft,
                "authors": tuple(self.authors[a] for a in authors), "categories": categories, "products": products}

    def _heading(self) -> str | None:
        match = _HEADING.search(self.document.body)
        return match.group(1).strip() if match else None


def check_posts(blog_dir: Path, *, root: Path, products: list[Product] | tuple[Product, ...],
                categories: list[str]) -> tuple[list[Post], list[Diagnostic]]:
    """Validate every post (and the authors file); return the posts and every problem found."""
    authors, problems = load_authors(blog_dir, root)
    by_slug = {p.slug: p for p in products}
    posts: list[Post] = []
    seen: dict[str, str] = {}
    for path in discover_posts(blog_dir):
        shown = display_path(path, root)
        document, found = parse_or_diagnostics(shown, path.read_bytes())
        problems.extend(found)
        if document is None:
            continue
        checker = _PostChecker(document, authors, categories, by_slug)
        fields = checker.check(slugify(path.stem))
        problems.extend(checker.problems)
        if fields is None or found:
            continue
        if fields["slug"] in seen:
            problems.append(Diagnostic(shown, document.line(("slug",)), "slug",
                                       f"'{fields['slug']}' is also used by {seen[fields['slug']]}"))
            continue
        seen[fields["slug"]] = shown
        relative = path.relative_to(blog_dir / "posts").as_posix()
        posts.append(Post(source_path=shown, src_uri=f"{POSTS_URI}/{relative}", **fields))
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True), sorted(problems)


def latest(posts: list[Post], today: dt.date, *, product: str | None = None, count: int = 3) -> list[Post]:
    """The newest published posts, optionally only those about ``product``."""
    return [p for p in posts if p.is_published(today) and (product is None or product in p.products)][:count]


def post_categories() -> list[str]:
    """The allowed post categories (their labels, as posts write them)."""
    text = (Path(__file__).parent / "data" / "post_categories.yml").read_text(encoding="utf-8")
    return [entry["label"] for entry in yaml.safe_load(text)["post_categories"]]


def load_site(root: Path, *, today: dt.date | None = None) -> Catalogue:
    """Load products/ and blog/ below ``root``; raise :class:`ValidationFailed` with every problem of both."""
    today = today or build_date()
    vocabularies = load_vocabularies()
    products, problems = check_files(discover(root / "products"), root=root, today=today, vocabularies=vocabularies)
    posts: list[Post] = []
    if (root / "blog").is_dir():
        posts, post_problems = check_posts(root / "blog", root=root, products=products, categories=post_categories())
        problems += post_problems
    if problems:
        raise ValidationFailed(problems)
    return Catalogue(tuple(products), vocabularies, today, tuple(posts))


def _link(from_uri: str, to_uri: str) -> str:
    import posixpath

    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>])", r"\\\1", text)


def post_products_markdown(post: Post, catalogue: Catalogue) -> str:
    """The block appended to a post: links to the products it is about."""
    if not post.products:
        return ""
    links = [f"[{_md(catalogue.product(slug).name)}]({_link(post.src_uri, 'produkter/' + slug + '.md')})"
             for slug in post.products]
    return "\n\n---\n\n**Produkter i indlægget:** " + ", ".join(links) + "\n"


def latest_news_markdown(catalogue: Catalogue, from_uri: str, *, product: str | None = None, count: int = 3) -> str:
    """A Markdown list of the newest published posts (about ``product``, if given), linked from ``from_uri``."""
    found = latest(list(catalogue.posts), catalogue.build_date, product=product, count=count)
    months = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december")
    return "\n".join(f"- [{_md(post.title)}]({_link(from_uri, post.src_uri)}) "
                     f"<span class=\"os2-muted\">{post.date.day}. {months[post.date.month - 1]} {post.date.year}</span>"
                     for post in found)
