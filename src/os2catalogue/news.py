"""News posts in ``blog/``: strict validation before Material's blog plugin sees them, the typed posts,
and the links between posts and products.

Posts are real files (Material's blog plugin opens them from disk); the site registers them under
``nyheder/posts/`` so the blog lives at ``/nyheder/``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from os2catalogue import urls
from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.formatting import danish_date, markdown_text
from os2catalogue.frontmatter import Document, as_date, parse_or_diagnostics, parse_yaml_file
from os2catalogue.loader import Catalogue, build_date, check_files, discover, display_path
from os2catalogue.model import Product
from os2catalogue.schema import AUTHOR_FIELDS, POST_FIELDS
from os2catalogue.slug import slugify
from os2catalogue.validate import _Checker, normalised_text, text_problem
from os2catalogue.vocab import Vocabularies, Vocabulary, check_data_files, load_vocabularies

#: Where the blog lives in the site, and where its posts are registered.
BLOG_DIR = "nyheder"
POSTS_URI = "nyheder/posts"
#: The line that ends a post's excerpt (Material's blog is configured to require it).
EXCERPT_MARK = "<!-- more -->"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: A post's title field: its rules also apply to a title written as the '# ' heading.
TITLE_FIELD = next(spec for spec in POST_FIELDS if spec.key == "title")


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
    #: The one-sentence summary from the front matter, if any.
    description: str | None = None
    #: ``date: {updated: …}``, when the post says it was changed after publication.
    updated: dt.date | None = None
    #: The Markdown below the front matter, as written.
    body: str = ""

    @property
    def url(self) -> str:
        """The post's site-relative URL, as Material's blog plugin builds it ("{date}/{slug}")."""
        return f"{BLOG_DIR}/{self.date:%Y/%m/%d}/{self.slug}/"

    def is_published(self, today: dt.date) -> bool:
        """Published: not a draft, and not dated after ``today`` (a scheduled post)."""
        return not self.draft and self.date <= today


def load_authors(blog_dir: Path, root: Path) -> tuple[dict[str, Author], list[Diagnostic]]:
    """Read ``blog/.authors.yml`` as strictly as a product file: every problem with its line."""
    path = blog_dir / ".authors.yml"
    shown = display_path(path, root)
    if path.is_symlink() or not path.is_file():
        why = "a symbolic link; it must be a regular file" if path.is_symlink() else "missing; list the post authors here"
        return {}, [Diagnostic(shown, 1, "file", why)]
    document, problems = parse_yaml_file(shown, path.read_bytes())
    if document is None:
        return {}, problems
    checker = _Checker(document, load_vocabularies(), build_date(), root=AUTHOR_FIELDS)
    entries = document.data.get("authors")
    for key in document.data:
        if key != "authors":
            checker.error((key,), "unknown field; the file holds only 'authors:'")
    if not isinstance(entries, dict) or not entries:
        checker.error(("authors",), "expected 'authors:' with one entry per author, each with name and avatar")
        return {}, problems + checker.problems
    authors: dict[str, Author] = {}
    docs = root / "docs"
    for key, entry in entries.items():
        at = ("authors", key)
        if not isinstance(key, str) or not _SLUG.match(key):
            checker.error(at, f"'{key}' is not an author id; use lower-case ASCII words joined by '-'")
            continue
        if not isinstance(entry, dict):
            checker.error(at, f"expected name, description and avatar indented below '{key}'")
            continue
        fields = checker.check_object(AUTHOR_FIELDS, entry, at)
        if not isinstance(fields, dict):
            continue
        if not (docs / fields["avatar"]).is_file():
            checker.error(at + ("avatar",), f"no such file docs/{fields['avatar']}; add the image or correct the path")
            continue
        authors[key] = Author(key, fields["name"], fields.get("description", ""))
    return authors, problems + checker.problems


def discover_posts(blog_dir: Path, root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every post file in ``blog/posts``, sorted, and a problem for every entry that is not a post file."""
    if not (blog_dir / "posts").exists():
        return [], []
    return discover(blog_dir / "posts", root, noun="post")


def _check_post(document: Document, file_slug: str, vocabularies: Vocabularies, today: dt.date,
                extra: dict[str, Vocabulary[Any]]) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Validate one post against :data:`POST_FIELDS`, plus the rules a post has beyond its fields."""
    checker = _Checker(document, vocabularies, today, extra=extra, root=POST_FIELDS)
    fields = checker.check_object(POST_FIELDS, document.data, ())
    valid = fields if isinstance(fields, dict) else {}
    heading = _HEADING.search(document.body)
    title = valid.get("title") or (heading.group(1).strip() if heading else None)
    if heading is not None and "title" not in document.data:
        # The '# ' heading is the post's title: the theme writes it where a 'title:' field would go.
        problem = text_problem(TITLE_FIELD, normalised_text(TITLE_FIELD, heading.group(1)))
        if problem:
            checker.body_error(document.body_line + document.body[:heading.start()].count("\n"),
                               f"the '# ' heading is the post's title: {problem}")
            title = None
    if title is None and heading is None and "title" not in document.data:
        checker.error(("title",), "a post needs a title: a 'title:' field or a '# ' heading", line=1)
    if "slug" not in document.data:
        suggestion = slugify(title) if title else file_slug
        checker.error(("slug",), f"required field is missing; add 'slug: {suggestion}'", line=1)
    if document.body.strip():
        checker.check_safe_markdown(document.body)
    if not document.body.strip():
        checker.body_error(document.body_line, "the post has no text below the front matter")
    elif EXCERPT_MARK not in document.body:
        checker.body_error(document.body_line, f"add a line '{EXCERPT_MARK}' after the lead paragraph; "
                                               "the text above it is shown in lists and on the home page")
    if checker.problems or not isinstance(fields, dict):
        return None, checker.problems
    written = document.data.get("date")
    updated = as_date(written.get("updated")) if isinstance(written, dict) else None
    return {"slug": fields["slug"], "title": title, "date": fields["date"], "draft": fields.get("draft", False),
            "authors": fields["authors"], "categories": tuple(c.label for c in fields["categories"]),
            "products": tuple(p.slug for p in fields.get("products", ())),
            "description": fields.get("description"), "updated": updated, "body": document.body}, []


def check_posts(blog_dir: Path, *, root: Path, products: list[Product] | tuple[Product, ...],
                today: dt.date | None = None) -> tuple[list[Post], list[Diagnostic]]:
    """Validate every post (and the authors file); return the posts and every problem found."""
    authors, problems = load_authors(blog_dir, root)
    vocabularies = load_vocabularies()
    today = today or build_date()
    extra: dict[str, Vocabulary[Any]] = {
        "authors": Vocabulary("authors", list(authors.values()), source=display_path(blog_dir / ".authors.yml", root)),
        "products": Vocabulary("products", list(products), key="slug", source="products/"),
    }
    posts: list[Post] = []
    seen: dict[str, str] = {}
    paths, found_files = discover_posts(blog_dir, root)
    problems += found_files
    for path in paths:
        shown = display_path(path, root)
        document, found = parse_or_diagnostics(shown, path.read_bytes())
        problems.extend(found)
        if document is None:
            continue
        fields, found_here = _check_post(document, slugify(path.stem), vocabularies, today, extra)
        problems.extend(found_here)
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


def is_blog_view(src_uri: str) -> bool:
    """A page of the blog that lists posts (index, archive, category, later pages): site search leaves it out,
    because each post is found on its own page."""
    return src_uri.startswith(f"{BLOG_DIR}/") and not src_uri.startswith(f"{POSTS_URI}/")


def latest(posts: list[Post], today: dt.date, *, product: str | None = None, count: int = 3) -> list[Post]:
    """The newest published posts, optionally only those about ``product``."""
    return [p for p in posts if p.is_published(today) and (product is None or product in p.products)][:count]


def post_categories() -> list[str]:
    """The allowed post categories (their labels, as posts write them)."""
    return list(load_vocabularies().post_categories.keys)


def load_site(root: Path, *, today: dt.date | None = None) -> Catalogue:
    """Load products/ and blog/ below ``root``; raise :class:`ValidationFailed` with every problem of both."""
    today = today or build_date()
    data_problems = check_data_files()
    if data_problems:
        raise ValidationFailed(data_problems)
    vocabularies = load_vocabularies()
    paths, problems = discover(root / "products", root)
    products, found = check_files(paths, root=root, today=today, vocabularies=vocabularies)
    problems += found
    posts: list[Post] = []
    if (root / "blog").is_dir():
        posts, post_problems = check_posts(root / "blog", root=root, products=products, today=today)
        problems += post_problems
    if problems:
        raise ValidationFailed(problems)
    return Catalogue(tuple(products), vocabularies, today, tuple(posts))


def _link(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one source file to another; MkDocs turns it into the page URL."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def post_products_markdown(post: Post, catalogue: Catalogue) -> str:
    """The block appended to a post: links to the products it is about."""
    if not post.products:
        return ""
    links = [f"[{markdown_text(catalogue.product(slug).name)}]({_link(post.src_uri, urls.product_uri(slug))})"
             for slug in post.products]
    return "\n\n---\n\n**Produkter i indlægget:** " + ", ".join(links) + "\n"


def latest_news_markdown(catalogue: Catalogue, from_uri: str, *, product: str | None = None, count: int = 3) -> str:
    """A Markdown list of the newest published posts (about ``product``, if given), linked from ``from_uri``."""
    found = latest(list(catalogue.posts), catalogue.build_date, product=product, count=count)
    return "\n".join(f"- [{markdown_text(post.title)}]({_link(from_uri, post.src_uri)}) "
                     f"<span class=\"os2-muted\">{danish_date(post.date)}</span>" for post in found)
