"""The one load path behind the build, ``validate`` and ``build-pages``: files → every problem, or a Catalogue.

:func:`read_site` checks the data files, every product and every post, and returns the valid parts with every
problem; :func:`load_site` is the same, failing with all the problems at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from os2catalogue.activity import read as read_activity
from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.files import build_date, discover, display_path
from os2catalogue.frontmatter import parse_or_diagnostics
from os2catalogue.model import Catalogue, Post, Product
from os2catalogue.posts import check_posts
from os2catalogue.slug import slugify
from os2catalogue.validate import check_document
from os2catalogue.vocab import Vocabularies, check_data_files, load_vocabularies


def check_files(paths: list[Path], *, root: Path, today: dt.date,
                vocabularies: Vocabularies | None = None) -> tuple[list[Product], list[Diagnostic]]:
    """Check every file; return the valid products and every diagnostic of every file."""
    vocabularies = vocabularies or load_vocabularies()
    products: list[Product] = []
    problems: list[Diagnostic] = []
    by_slug: dict[str, list[str]] = defaultdict(list)
    alias_lines: dict[tuple[str, str], int] = {}
    for path in paths:
        shown = display_path(path, root)
        slug = slugify(path.stem)
        by_slug[slug].append(shown)
        document, parse_problems = parse_or_diagnostics(shown, path.read_bytes())
        problems.extend(parse_problems)
        if document is None:
            continue
        product, found = check_document(document, slug, vocabularies, today)
        problems.extend(found)
        for index, alias in enumerate(document.data.get("aliases") or []):
            alias_lines[(shown, str(alias))] = document.line(("aliases", index))
        if product is not None and not parse_problems:
            products.append(product)
    slugs = {p.slug: p.source_path for p in products}
    claimed: dict[str, list[str]] = defaultdict(list)
    for product in products:
        for alias in product.aliases:
            claimed[alias].append(product.source_path)
    for alias, claimants in sorted(claimed.items()):
        for source in claimants:
            line = alias_lines.get((source, alias), 1)
            if alias in slugs and slugs[alias] != source:
                problems.append(Diagnostic(source, line, "aliases", f"'{alias}' is the slug of {slugs[alias]}; a "
                                                                    "former slug must be free"))
            others = [c for c in claimants if c != source]
            if others:
                problems.append(Diagnostic(source, line, "aliases", f"'{alias}' is also a former slug of "
                                                                    f"{', '.join(others)}; it can lead to one "
                                                                    "product only"))
    for slug, shown_paths in sorted(by_slug.items()):
        for shown in shown_paths:
            sharing = ", ".join(p for p in shown_paths if p != shown)
            if sharing:
                problems.append(Diagnostic(shown, 1, "file name", f"slug '{slug}' is also used by {sharing}; "
                                                                  "each product needs its own file name"))
    return sorted(products, key=lambda p: p.slug), sorted(problems)


def read_site(root: Path, *, today: dt.date | None = None, products: Path | None = None,
              blog: Path | None = None, with_blog: bool = True,
              with_products: bool = True) -> tuple[Catalogue | None, list[Diagnostic]]:
    """Check the site below ``root``: the data files, the products (all of ``root/products``, or the file or folder
    ``products``) and, ``with_blog``, the posts in ``blog`` (default ``root/blog``, if it exists). Without
    ``with_products``, only the posts are checked (the products they name are read, their problems not reported).

    Returns the catalogue of every valid product and post with every problem found, sorted; the catalogue is None
    only when the data files themselves have problems (nothing else can be checked without them). Posts are
    checked against every product of ``root/products``, whichever products were asked for.
    """
    today = today or build_date()
    data_problems = check_data_files()
    if data_problems:
        return None, data_problems
    vocabularies = load_vocabularies()
    every_product = root / "products"
    paths, problems = discover(products or every_product, root)
    found_products, found = check_files(paths, root=root, today=today, vocabularies=vocabularies)
    problems += found
    if not with_products:
        problems = []
    posts: list[Post] = []
    blog = blog or root / "blog"
    if with_blog and blog.is_dir():
        known = found_products if products in (None, every_product) else \
            check_files(discover(every_product, root)[0], root=root, today=today, vocabularies=vocabularies)[0]
        posts, post_problems = check_posts(blog, root=root, products=known, vocabularies=vocabularies, today=today)
        problems += post_problems
    activity, activity_problems = read_activity(root, found_products, vocabularies, today)
    if with_products:
        problems += activity_problems
    return Catalogue(tuple(found_products), vocabularies, today, tuple(posts), activity), sorted(problems)


def load_site(root: Path, *, today: dt.date | None = None, products: Path | None = None,
              with_blog: bool = True) -> Catalogue:
    """:func:`read_site`, raising :class:`ValidationFailed` with every problem if there is any."""
    catalogue, problems = read_site(root, today=today, products=products, with_blog=with_blog)
    if problems or catalogue is None:
        raise ValidationFailed(problems)
    return catalogue


def load_catalogue(products_dir: Path, *, root: Path | None = None, today: dt.date | None = None) -> Catalogue:
    """The products in ``products_dir`` without the blog (:func:`load_site` on that folder)."""
    return load_site(root or Path.cwd(), today=today, products=products_dir, with_blog=False)
