"""The one loader behind the build and the ``validate`` command: files → diagnostics or a Catalogue."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.frontmatter import parse_or_diagnostics
from os2catalogue.model import Product
from os2catalogue.slug import slugify
from os2catalogue.validate import check_document
from os2catalogue.vocab import Vocabularies, check_data_files, load_vocabularies

if TYPE_CHECKING:
    from os2catalogue.news import Post

#: Set to YYYY-MM-DD to build as if on that day (tests, reproducible builds).
BUILD_DATE_ENV = "OS2_BUILD_DATE"


@dataclass(frozen=True)
class Catalogue:
    """Every valid product, sorted by slug, with the vocabularies and the build date."""

    products: tuple[Product, ...]
    vocabularies: Vocabularies
    build_date: dt.date
    #: News posts, newest first (empty when the site is loaded without its blog).
    posts: tuple[Post, ...] = ()

    def product(self, slug: str) -> Product:
        """The product with ``slug``."""
        return next(p for p in self.products if p.slug == slug)


def build_date() -> dt.date:
    """Today, unless ``OS2_BUILD_DATE`` says otherwise."""
    value = os.environ.get(BUILD_DATE_ENV)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def discover(path: Path, root: Path, *, noun: str = "product") -> tuple[list[Path], list[Diagnostic]]:
    """The files at ``path`` (the file itself, or every ``*.md`` directly in the folder but README.md), and a
    problem for every other entry: nothing in the folder is ignored without a word."""
    shown = display_path(path, root)
    if path.is_symlink():
        return [], [Diagnostic(shown, 1, "file", f"a symbolic link; a {noun} file must be a regular file in the "
                                                 "repository")]
    if path.is_file():
        return [path], []
    if not path.is_dir():
        return [], [Diagnostic(shown, 1, "folder", f"missing; the {noun} files belong here")]
    if noun == "product" and not any(e.suffix == ".md" and e.name != "README.md" for e in path.iterdir()):
        return [], [Diagnostic(shown, 1, "folder", "holds no product files; the catalogue needs at least one")]
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for entry in sorted(path.iterdir()):
        where = display_path(entry, root)
        if entry.is_symlink():
            problems.append(Diagnostic(where, 1, "file", f"a symbolic link; a {noun} file must be a regular file in "
                                                         "the repository"))
        elif entry.is_dir():
            problems.append(Diagnostic(where, 1, "folder", f"folders are not read; put {noun} files directly in "
                                                           f"{shown}/"))
        elif entry.name == "README.md":
            continue
        elif entry.suffix == ".md" and entry.stem:
            files.append(entry)
        else:
            stem = entry.name.split(".")[0]
            fix = f"rename it to {stem.lower()}.md, or remove it" if stem else "remove it"
            problems.append(Diagnostic(where, 1, "file name", f"not read: {noun} files are named <slug>.md; {fix}"))
    return files, problems


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it lies below it, with forward slashes."""
    try:
        # The folder is resolved, the name is not: a symbolic link is named as itself, not as its target.
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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


def load_catalogue(products_dir: Path, *, root: Path | None = None, today: dt.date | None = None) -> Catalogue:
    """Load and validate every product; raise :class:`ValidationFailed` with all problems if any."""
    root = root or Path.cwd()
    today = today or build_date()
    data_problems = check_data_files()
    if data_problems:
        raise ValidationFailed(data_problems)
    vocabularies = load_vocabularies()
    paths, problems = discover(products_dir, root)
    products, found = check_files(paths, root=root, today=today, vocabularies=vocabularies)
    problems = sorted(problems + found)
    if problems:
        raise ValidationFailed(problems)
    return Catalogue(tuple(products), vocabularies, today)
