"""News posts in ``blog/``: strict validation before Material's blog plugin sees them, and the typed posts.

Posts are real files (Material's blog plugin opens them from disk); the site registers them under
``nyheder/posts/`` so the blog lives at ``/nyheder/``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from os2catalogue import urls
from os2catalogue.checker import SchemaChecker, normalised_text, text_problem
from os2catalogue.diagnostics import Diagnostic
from os2catalogue.files import discover, display_path
from os2catalogue.frontmatter import Document, as_date, parse_or_diagnostics, parse_yaml_file
from os2catalogue.model import Author, Post, Product
from os2catalogue.schema import AUTHOR_FIELDS, POST_FIELDS
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies, Vocabulary

#: The line that ends a post's excerpt (Material's blog is configured to require it).
EXCERPT_MARK = "<!-- more -->"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: A post's title field: its rules also apply to a title written as the '# ' heading.
TITLE_FIELD = next(spec for spec in POST_FIELDS if spec.key == "title")


def load_authors(blog_dir: Path, root: Path, vocabularies: Vocabularies,
                 today: dt.date) -> tuple[dict[str, Author], list[Diagnostic]]:
    """Read ``blog/.authors.yml`` as strictly as a product file: every problem with its line."""
    path = blog_dir / ".authors.yml"
    shown = display_path(path, root)
    if path.is_symlink() or not path.is_file():
        why = "a symbolic link; it must be a regular file" if path.is_symlink() else "missing; list the post authors here"
        return {}, [Diagnostic(shown, 1, "file", why)]
    document, problems = parse_yaml_file(shown, path.read_bytes())
    if document is None:
        return {}, problems
    checker = SchemaChecker(document, vocabularies, today, root=AUTHOR_FIELDS)
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
        checked = checker.check_object(AUTHOR_FIELDS, entry, at)
        if not checked.complete:
            continue
        fields = checked.values
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
    checker = SchemaChecker(document, vocabularies, today, extra=extra, root=POST_FIELDS)
    checked = checker.check_object(POST_FIELDS, document.data, ())
    valid = fields = checked.values
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
    if checker.problems or not checked.complete:
        return None, checker.problems
    written = document.data.get("date")
    updated = as_date(written.get("updated")) if isinstance(written, dict) else None
    return {"slug": fields["slug"], "title": title, "date": fields["date"], "draft": fields.get("draft", False),
            "authors": fields["authors"], "categories": tuple(c.label for c in fields["categories"]),
            "products": tuple(p.slug for p in fields.get("products", ())),
            "description": fields.get("description"), "updated": updated, "body": document.body}, []


def check_posts(blog_dir: Path, *, root: Path, products: list[Product] | tuple[Product, ...],
                vocabularies: Vocabularies, today: dt.date) -> tuple[list[Post], list[Diagnostic]]:
    """Validate every post (and the authors file); return the posts and every problem found."""
    authors, problems = load_authors(blog_dir, root, vocabularies, today)
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
        posts.append(Post(source_path=shown, src_uri=f"{urls.POSTS_URI}/{relative}", **fields))
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True), sorted(problems)
