"""The bridge between MkDocs and the catalogue; the hook in ``hooks/`` only calls into this."""

from __future__ import annotations

import dataclasses
import itertools
import os
import posixpath
import shutil
import stat
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc

from os2catalogue import csp, memory, rawhtml, sanitize, urls
from os2catalogue.diagnostics import ValidationFailed
from os2catalogue.loader import load_site
from os2catalogue.model import Catalogue
from os2catalogue.news import is_blog_view, latest_news_markdown, open_calls_markdown, post_products_markdown
from os2catalogue.pages import SiteOptions, iter_pages, navigation_children
from os2catalogue.vocab import load_vocabularies

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: Product files live in this folder beside mkdocs.yml.
PRODUCTS_DIR = "products"
#: News posts live in this folder beside mkdocs.yml.
BLOG_DIR = "blog"
#: In a hand-written page, this comment is replaced by the newest news posts.
LATEST_NEWS_MARKER = "<!-- os2:latest-news -->"
#: In a hand-written page, this comment is replaced by a lead to the open calls while any is open.
OPEN_CALLS_MARKER = "<!-- os2:open-calls -->"


def site_root(config: MkDocsConfig) -> Path:
    """The folder holding mkdocs.yml, which is the repository root."""
    return Path(config.config_file_path).parent


def load_for_site(config: MkDocsConfig) -> Catalogue:
    """Load products and posts; every problem becomes one clean build error (no traceback)."""
    root = site_root(config)
    try:
        return load_site(root)
    except ValidationFailed as failure:
        raise PluginError(f"The product and post files have problems:\n{failure}") from None


def site_options(config: MkDocsConfig) -> SiteOptions:
    """Link settings for generated pages, derived from mkdocs.yml."""
    edit_base = None
    if config.edit_uri:
        docs_edit = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri) if config.repo_url else config.edit_uri
        docs_name = Path(config.docs_dir).name
        edit_base = docs_edit[: -len(docs_name) - 1] if docs_edit.endswith(f"/{docs_name}/") else docs_edit
    return SiteOptions(edit_url_base=edit_base, use_directory_urls=config.use_directory_urls,
                       site_url=config.site_url or SiteOptions.site_url)


def add_generated_navigation(config: MkDocsConfig) -> None:
    """List generated pages in ``config.nav`` under the hand-listed page they belong to (the level pages under
    the levels overview), so that mkdocs.yml names no generated page. A site without a ``nav`` lists every page
    by itself, and a page already listed by hand is left where it is."""
    if not config.nav:
        return
    children = navigation_children(load_vocabularies())

    def listed(items: list[object]) -> set[str]:
        found: set[str] = set()
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                found |= listed(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
        return found

    present = listed(config.nav)

    def extend(items: list[object]) -> None:
        for index in range(len(items) - 1, -1, -1):
            item = items[index]
            values = list(item.values()) if isinstance(item, dict) else [item]
            for value in values:
                if isinstance(value, list):
                    extend(value)
            path = values[0] if len(values) == 1 and isinstance(values[0], str) else None
            if path in children:
                items[index + 1:index + 1] = [uri for uri in children[path] if uri not in present]

    extend(config.nav)


def add_catalogue_pages(files: Files, config: MkDocsConfig) -> PageEvents:
    """Append every generated page and every news post to ``files``; nothing is written into docs/.

    Posts are registered with their real path, because Material's blog plugin opens them from disk.
    Returns what the page events need of the catalogue (:class:`PageEvents`).
    """
    catalogue = load_for_site(config)
    root, docs_dir = site_root(config), Path(config.docs_dir)
    for post in catalogue.posts:
        file = File.generated(config, post.src_uri, abs_src_path=str(root / post.source_path))
        file.edit_uri = posixpath.relpath((root / post.source_path).as_posix(), docs_dir.as_posix())
        files.append(file)
    options = dataclasses.replace(site_options(config), other_files=frozenset(file.src_uri for file in files))
    _GENERATED.clear()
    _LIFTED.clear()
    _WAITING.clear()
    _WRITTEN.clear()
    scratch, site_dir = _scratch_folder(), Path(config.site_dir)
    _PARKING[:] = [scratch / ".converted"]
    _PARKING[0].mkdir()
    generated: list[File] = []
    folders: set[Path] = set()
    try:
        # Each page is written to a scratch folder as it is made, and MkDocs reads it from there: a large
        # catalogue's pages are never all in memory at once. A file that is not a page (a feed, the open data) is
        # written straight into the site: MkDocs would only copy it, and with a few files per product, making,
        # copying and removing them again was a tenth of the build.
        for page in iter_pages(catalogue, options):
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"{Path(config.docs_dir).name}/{page.src_uri}: this page is generated from the "
                                  "catalogue; remove the hand-written file")
            is_page = page.src_uri.endswith(".md")
            path = (scratch if is_page else site_dir) / page.src_uri
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            page.write(path)
            if not is_page:
                continue
            file = File.generated(config, page.src_uri, abs_src_path=str(path),
                                  inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
            if page.edit_path:
                # The edit button opens the product file, which lives outside docs/.
                file.edit_uri = posixpath.relpath((root / page.edit_path).as_posix(), docs_dir.as_posix())
            generated.append(file)
            _GENERATED.add(page.src_uri)
    except ValidationFailed as failure:
        raise PluginError(f"The generated pages have problems:\n{failure}") from None
    for file in sorted(generated, key=lambda file: file.src_uri):  # the order MkDocs builds them in
        files.append(file)
    catalogue.vocabularies.forget_judged_texts()  # the pages that judged them are made
    return page_events(catalogue)


try:
    import fcntl
except ImportError:  # not a POSIX system: a folder left behind stays, as the operating system's temp files do
    fcntl = None  # type: ignore[assignment]

_SCRATCH: list[tempfile.TemporaryDirectory[str]] = []
#: This build's hold on its scratch folder (see :func:`remove_abandoned_scratch`).
_SCRATCH_LOCK: list[IO[str]] = []
_SCRATCH_PREFIX = "os2catalogue-pages-"
#: The file in a scratch folder that its build holds a lock on while it runs.
_IN_USE = ".in-use"


def _scratch_folder() -> Path:
    """An empty folder for this build's generated pages; the previous build's goes (all go when Python exits), and
    so does any that a stopped build left behind (:func:`remove_abandoned_scratch`)."""
    while _SCRATCH_LOCK:
        _SCRATCH_LOCK.pop().close()
    while _SCRATCH:
        _SCRATCH.pop().cleanup()
    remove_abandoned_scratch(Path(tempfile.gettempdir()))
    _SCRATCH.append(tempfile.TemporaryDirectory(prefix=_SCRATCH_PREFIX))
    folder = Path(_SCRATCH[0].name)
    if fcntl is not None:
        lock = (folder / _IN_USE).open("w", encoding="utf-8")
        fcntl.flock(lock, fcntl.LOCK_EX)  # the kernel lets go when the process ends, however it ends
        _SCRATCH_LOCK.append(lock)
    return folder


def remove_abandoned_scratch(folder: Path) -> list[Path]:
    """Remove the scratch folders in ``folder`` that no running build holds, and return them.

    A ``serve`` stopped by a signal (a closed terminal, ``kill``) never runs Python's clean-up, so its folder
    stays. Each build holds a lock on a file in its folder for as long as it runs; the kernel releases it when the
    process ends. A folder is removed only when it is a real folder of this user with that file, and its lock can
    be taken: a running build's folder (in any process, container or sandbox sharing the folder) is left alone,
    and so is anything else. POSIX systems only."""
    if fcntl is None:
        return []
    removed = []
    for scratch in sorted(folder.glob(f"{_SCRATCH_PREFIX}*")):
        try:
            info = scratch.lstat()
            held = os.open(scratch / _IN_USE, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue  # gone, or no lock file: not a build's folder, or one still being made
        try:
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a running build holds it
            shutil.rmtree(scratch, ignore_errors=True)
        finally:
            os.close(held)
        if not scratch.exists():
            removed.append(scratch)
    return removed


#: The source URIs of this build's generated pages, whose finished HTML skips the Markdown parser
#: (os2catalogue.rawhtml); the blocks lifted out of each page while it is converted; each converted page, its
#: blocks packed, from its conversion until it is written (its packed text in a file of the scratch folder, see
#: :func:`_park`; read back into memory when the page's turn to be written comes).
_GENERATED: set[str] = set()
_LIFTED: dict[str, rawhtml.Lifted] = {}
_WAITING: dict[str, tuple[rawhtml.Packed, Path | None]] = {}
#: Where this build's converted pages wait (a folder in the scratch folder), if anywhere.
_PARKING: list[Path] = []
_PARKED = itertools.count()


def _park(src_uri: str, packed: rawhtml.Packed) -> None:
    """Keep a converted page until it is written. MkDocs converts every page before it writes any, so a large
    catalogue's converted pages would all be in memory at once (30 MiB at 5000 products, even packed): they wait
    on disk instead, in the scratch folder, when there is one."""
    if not _PARKING:
        _WAITING[src_uri] = packed, None
        return
    path = _PARKING[0] / f"{next(_PARKED)}.z"
    path.write_bytes(packed.data)
    _WAITING[src_uri] = dataclasses.replace(packed, data=b""), path


def _waiting(src_uri: str) -> rawhtml.Packed | None:
    """The converted page ``src_uri`` waiting to be written (read back from its file the first time), or None."""
    entry = _WAITING.get(src_uri)
    if entry is None:
        return None
    packed, path = entry
    if path is not None and not packed.data:
        packed = dataclasses.replace(packed, data=path.read_bytes())
        _WAITING[src_uri] = packed, path
    return packed


#: News (the posts and Material's lists of them) is built from contributors' files.
NEWS_PREFIX = "nyheder/"


@dataclasses.dataclass
class PageEvents:
    """What the page events need of the catalogue once every page is generated: the posts, the products a post
    names or a call belongs to (for the posts' product links and the lead to open calls), and each product page's
    description (a contributor's text, never lifted). The rest of the catalogue is let go before MkDocs converts
    the pages: on a large catalogue it is most of the build's memory."""

    catalogue: Catalogue
    #: A product page's source URI → the product's description.
    product_bodies: dict[str, str]

    def let_go(self) -> None:
        """Once every page is converted, keep nothing of the catalogue. The object itself outlives the build:
        Material's blog plugin copies MkDocs' configuration, where the hook keeps it, once per post excerpt
        (5000 products' descriptions and the products with calls are 15 MiB)."""
        self.catalogue = dataclasses.replace(self.catalogue, products=(), posts=(), activity=())
        self.product_bodies = {}


def page_events(catalogue: Catalogue) -> PageEvents:
    """The part of ``catalogue`` the page events read (:class:`PageEvents`)."""
    named = {slug for post in catalogue.posts for slug in post.products}
    kept = tuple(p for p in catalogue.products if p.calls or p.slug in named)
    return PageEvents(dataclasses.replace(catalogue, products=kept, activity=()),
                      {urls.product_uri(p.slug): p.body for p in catalogue.products})


def page_content(html: str, src_uri: str, events: PageEvents) -> str:
    """Sanitise the rendered content of pages that carry contributors' Markdown: product pages and news.

    Validation reports whatever this would remove, so on a valid site it changes nothing but serialisation.
    """
    untrusted = src_uri.startswith(NEWS_PREFIX) or src_uri in events.product_bodies
    # The lifted blocks are the generator's own escaped HTML, not a contributor's (whose text is never lifted):
    # the sanitiser reads what is left, and the blocks wait, packed, until the page is written.
    html = sanitize.clean(html) if untrusted else html
    lifted = _LIFTED.pop(src_uri, None)
    if lifted is not None and lifted.blocks:
        # Until the page is read for search and written, it waits packed, not also as the page's content.
        _park(src_uri, rawhtml.pack(html, lifted))
        return ""
    return html


def page_converted(html: str, page: Page, events: PageEvents) -> str:
    """:func:`page_content` for a page MkDocs has just converted. A generated page's Markdown is let go: MkDocs
    would otherwise hold every page's Markdown until the build ends, and nothing reads it again."""
    content = page_content(html, page.file.src_uri, events)
    if page.file.src_uri in _GENERATED:
        page.markdown = ""
    return content


def page_for_search(page: Page) -> None:
    """Before the search index reads a page: its content without the blocks the index would skip anyway."""
    packed = _waiting(page.file.src_uri)
    if packed is not None:
        page.content = packed.for_search()


def page_for_reader(page: Page) -> None:
    """After the search index has read a page, before the theme writes it: its whole content."""
    packed = _waiting(page.file.src_uri)
    if packed is not None:
        page.content = packed.full()


@event_priority(50)  # before Material's search plugin reads the page
def _page_context_for_search(context: dict[str, Any], page: Page, **_: Any) -> dict[str, Any]:
    page_for_search(page)
    return context


@event_priority(-50)  # after it, before the theme renders the page
def _page_context_for_reader(context: dict[str, Any], page: Page, **_: Any) -> dict[str, Any]:
    page_for_reader(page)
    return context


#: The hook's ``on_page_context``: the search index reads a page without what it skips, the theme the whole page.
page_context_handlers = CombinedEvent(_page_context_for_search, _page_context_for_reader)


def page_written(output: str, page: Page) -> str:
    """Every page as written (see :func:`finished_page`); a generated page's content and table of contents are
    let go once it is written, since MkDocs would otherwise hold every page's until the build ends (nothing
    reads them again: the search index has its entries, and anchors are checked against the ids MkDocs keeps
    apart)."""
    output = finished_page(output, page.content)
    waiting = _WAITING.pop(page.file.src_uri, None)
    if waiting is not None:
        page.content = None
        if waiting[1] is not None:
            waiting[1].unlink()
    if page.file.src_uri in _GENERATED:
        page.toc = get_toc([])
        _WRITTEN.append(page)
    return output


#: The generated pages written in this build, whose ids are let go once MkDocs has checked the links to them.
_WRITTEN: list[Page] = []


@event_priority(100)  # as the hook's on_post_build: before Material's search plugin writes its index
def pages_checked(**_: Any) -> None:
    """After MkDocs has checked every link to an anchor, before the search index is written (its largest moment):
    the ids each generated page has are let go, as nothing reads them again, and the memory the build has freed
    goes back to the operating system (:mod:`os2catalogue.memory`)."""
    while _WRITTEN:
        _WRITTEN.pop().present_anchor_ids = set()
    memory.give_back_free_memory()


def page_markdown(markdown: str, page: Page, events: PageEvents) -> str:
    """Add a post's product links, put the newest posts where a page asks for them, and keep the blog's lists of
    posts out of site search (each post is found on its own page)."""
    src_uri, catalogue = page.file.src_uri, events.catalogue
    if is_blog_view(src_uri):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    post = next((p for p in catalogue.posts if p.src_uri == src_uri), None)
    if post is not None:
        markdown += post_products_markdown(post, catalogue)
    if OPEN_CALLS_MARKER in markdown:
        markdown = markdown.replace(OPEN_CALLS_MARKER, open_calls_markdown(catalogue, src_uri))
    if LATEST_NEWS_MARKER in markdown:
        news = latest_news_markdown(catalogue, src_uri) or "Der er ingen nyheder endnu."
        markdown = markdown.replace(LATEST_NEWS_MARKER, news)
    if src_uri in _GENERATED:
        # A product's own description is a contributor's Markdown: it is converted and sanitised, never lifted.
        markdown, _LIFTED[src_uri] = rawhtml.lift(markdown, keep=events.product_bodies.get(src_uri, ""))
    return markdown


def theme_environment(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's templates, loaded once per build: MkDocs makes a new environment for every build (and every
    ``serve`` rebuild), so checking each template file's date again on every include of every page only costs."""
    env.auto_reload = False
    return env


def finished_page(output: str, content: str | None = None) -> str:
    """Every HTML page, as written: with its Content-Security-Policy. ``content`` is the page's content as
    rendered from its Markdown: no inline script in it is allowed, whatever it is."""
    return csp.add_policy(output, content)
