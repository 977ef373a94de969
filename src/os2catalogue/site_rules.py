"""Rules across the whole site that the build would otherwise be the first to break on.

``validate`` runs these after every file has passed on its own, so whatever would fail ``mkdocs build --strict``
fails ``validate`` first, with the source file and line: a relative link in a description or post that leads
nowhere, and post categories the blog configuration does not allow.
"""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from os2catalogue import sanitize, urls
from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.files import docs_files
from os2catalogue.frontmatter import parse_or_diagnostics
from os2catalogue.model import Catalogue
from os2catalogue.pages import SiteOptions, generate_pages


class _Scan(html.parser.HTMLParser):
    """What a page rendered from Markdown links to (links and images) and which ids it has."""

    def __init__(self, markdown_text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.feed(sanitize.render(markdown_text))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        wanted = {"a": "href", "img": "src"}.get(tag)
        if wanted and (target := found.get(wanted)):
            self.targets.append(target)
        if element_id := found.get("id"):
            self.ids.add(element_id)


def _relative_targets(body: str) -> list[str]:
    out = []
    for target in _Scan(body).targets:
        try:
            parts = urlsplit(target)
        except ValueError:
            continue  # reported by the body's own checks
        if not parts.scheme and not parts.netloc and (parts.path or parts.fragment):
            out.append(target)
    return out


def site_files(root: Path, catalogue: Catalogue) -> dict[str, str | None]:
    """Every source path of the built site (docs/, the generated pages, the posts), with its Markdown where it
    has any (to find the anchors a link may point to)."""
    docs = root / "docs"
    found: dict[str, str | None] = dict.fromkeys(docs_files(root))
    generated = generate_pages(catalogue, SiteOptions(other_files=frozenset(found)))
    found.update({page.src_uri: page.content for page in generated})
    found.update({post.src_uri: None for post in catalogue.posts})
    sources = {post.src_uri: root / post.source_path for post in catalogue.posts}
    sources.update({uri: docs / uri for uri in found if uri.endswith(".md") and found[uri] is None and
                    (docs / uri).is_file()})
    for uri, path in sources.items():
        document, _ = parse_or_diagnostics(uri, path.read_bytes())
        found[uri] = document.body if document is not None else path.read_text(encoding="utf-8", errors="replace")
    return found


def anchors(markdown_text: str) -> set[str]:
    """The ids a page built from ``markdown_text`` has: its headings' and any element's explicit id."""
    return _Scan(markdown_text).ids


def link_problems(root: Path, catalogue: Catalogue) -> list[Diagnostic]:
    """Relative links and images in product descriptions and posts that lead to no file of the site."""
    files = site_files(root, catalogue)
    ids: dict[str, set[str]] = {}
    sources = [(p.source_path, urls.product_uri(p.slug)) for p in catalogue.products]
    sources += [(post.source_path, post.src_uri) for post in catalogue.posts]
    problems = []
    for source_path, src_uri in sources:
        document, _ = parse_or_diagnostics(source_path, (root / source_path).read_bytes())
        if document is None:
            continue  # reported by the file's own checks
        lines = document.body.split("\n")
        for target in _relative_targets(document.body):
            parts = urlsplit(target)
            path = unquote(parts.path)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)) if path else src_uri
            if resolved in files:
                if parts.fragment and resolved.endswith(".md"):
                    if resolved not in ids:
                        text = files[resolved] or (document.body if resolved == src_uri else "")
                        ids[resolved] = anchors(text or "")
                    if unquote(parts.fragment) not in ids[resolved]:
                        line = document.body_line + next((i for i, line in enumerate(lines) if target in line), 0)
                        problems.append(Diagnostic(source_path, line, "body", f"the link '{target}' points to no "
                                                   f"heading '#{parts.fragment}' on {resolved}; check the anchor"))
                continue
            line = document.body_line + next((i for i, line in enumerate(lines) if target in line), 0)
            hint = (f"link to the page's .md file instead, e.g. '{path.rstrip('/')}.md'" if not path.endswith(".md")
                    and "." not in posixpath.basename(path) else "check the path")
            problems.append(Diagnostic(source_path, line, "body", f"the link '{target}' leads to no page or file of "
                                                                 f"the site; {hint}"))
    return problems


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV) are read as nothing: only the blog's settings are wanted here."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def category_problems(root: Path, catalogue: Catalogue) -> list[Diagnostic]:
    """The blog plugin's categories_allowed (mkdocs.yml) must be the post categories of post_categories.yml."""
    config_path = root / "mkdocs.yml"
    if not config_path.is_file():
        return []
    text = config_path.read_text(encoding="utf-8")
    config: Any = yaml.load(text, Loader=_Tolerant) or {}
    blog = next((entry["blog"] for entry in config.get("plugins") or [] if isinstance(entry, dict) and "blog" in entry),
                None)
    allowed = set((blog or {}).get("categories_allowed") or [])
    if not allowed:
        return []
    known = set(catalogue.vocabularies.post_categories.keys)
    line = next((i for i, text_line in enumerate(text.split("\n"), start=1) if "categories_allowed" in text_line), 1)
    problems = []
    if known - allowed:
        problems.append(Diagnostic("mkdocs.yml", line, "plugins.blog.categories_allowed",
                                   f"lacks {', '.join(sorted(known - allowed))} from "
                                   "src/os2catalogue/data/post_categories.yml; the build would refuse such posts"))
    if allowed - known:
        problems.append(Diagnostic("mkdocs.yml", line, "plugins.blog.categories_allowed",
                                   f"allows {', '.join(sorted(allowed - known))}, which "
                                   "src/os2catalogue/data/post_categories.yml does not have; add them there or here"))
    return problems


def check_site(root: Path, catalogue: Catalogue) -> list[Diagnostic]:
    """Every rule across the site, after every file has passed on its own."""
    try:
        return sorted(link_problems(root, catalogue) + category_problems(root, catalogue))
    except ValidationFailed as failure:  # the generated pages' own links
        return failure.diagnostics
