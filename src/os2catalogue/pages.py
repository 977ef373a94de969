"""Page generation: the catalogue model → Markdown pages. Callable without MkDocs.

Python computes what each page shows (groups, counts, links); Jinja templates in ``templates/``
render it. Text from product files is HTML-escaped by the templates' autoescaping; the only text
that reaches Markdown unescaped is a product's body, which validation keeps free of raw HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup, escape

from os2catalogue import activity, csp, export, feeds, governance, publiccode, statistics, urls
from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.facets import Facet, dataset, every_facet, facets
from os2catalogue.formatting import (
    danish_date,
    danish_integer,
    danish_list,
    danish_number,
    dump_yaml,
    markdown_text,
    quote_html,
)
from os2catalogue.governance import HistoryEvent
from os2catalogue.model import (
    Assessment,
    Badge,
    Catalogue,
    Governance,
    GovernanceDocument,
    Level,
    OpenCall,
    Product,
    Report,
    Requirement,
    RequirementAnswer,
    RequirementRating,
    Theme,
)
from os2catalogue.news import latest_news_markdown
from os2catalogue.schema import REPOSITORY_ACTIVITY
from os2catalogue.vocab import Vocabularies


@dataclass(frozen=True)
class SiteOptions:
    """What the generated pages need to know about the site they go into."""

    #: Base of edit links, e.g. ``https://github.com/org/repo/edit/main/``; None for no edit links.
    edit_url_base: str | None = None
    use_directory_urls: bool = True
    #: The public address, for absolute links in the open data (the API's ``url`` fields).
    site_url: str = "https://produkter.os2.eu/"
    #: The source URIs of the site's other pages and files (hand-written pages, posts, assets), for checking the
    #: generated pages' links; None checks only the links between generated pages.
    other_files: frozenset[str] | None = None


#: Front matter for a page that only lists what other pages say (a facet): site search leaves it out, so a search
#: for a product finds the product, not every list it is on. Pages that list and say something of their own keep
#: their text searchable and mark only their lists (`data-search-exclude` in the templates).
NOT_SEARCHED = {"exclude": True}
#: The catalogue's filter (docs/assets/filter.js), loaded by the pages that list it in their front matter's `scripts`.
FILTER_SCRIPT = "assets/filter.js"
#: Products per page of a listing (a level, a facet value, the comply-or-explain table): a page stays light however
#: many products the catalogue holds, and the pages after the first are linked from every page of the listing.
PAGE_SIZE = 100
#: Cards per level on the catalogue index before "see all": the filter script adds the others from its dataset.
CATALOGUE_GROUP_SIZE = 40
#: Products named per supplier on the suppliers' overview: the others are counted, and listed on the supplier's page.
OVERVIEW_NAMES = 10


@dataclass(frozen=True)
class Pager:
    """Where one page of a long listing stands: its number, every page's source URI and which items it shows."""

    number: int
    uris: tuple[str, ...]
    total: int
    #: The positions (from 1) of the first and last item on the page.
    first: int
    last: int

    @property
    def count(self) -> int:
        """How many pages the listing has."""
        return len(self.uris)


def paginated(uri: str, items: list[Any], size: int | None = None) -> list[tuple[str, list[Any], Pager]]:
    """``items`` cut into pages of ``size``: the first at ``uri``, the others at ``<uri>/side/<n>``, each with its
    pager. An empty listing is one empty page."""
    size = size or PAGE_SIZE
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    stem = uri.removesuffix(".md").removesuffix("/index")
    uris = (uri, *(f"{stem}/side/{number}.md" for number in range(2, len(chunks) + 1)))
    return [(uris[index], chunk, Pager(index + 1, uris, len(items), index * size + 1, index * size + len(chunk)))
            for index, chunk in enumerate(chunks)]


def card_data(product: Product, view: ProductView, order: int) -> dict[str, Any]:
    """What the filter script needs, beyond the product's name, description and level in the dataset, to add a
    product's card that the catalogue index left out: the rest of the card's text, the same the card macro shows
    (the script writes it as text, never as markup), and its place among the added cards."""
    return {
        "order": order, "url": urls.relative_url(urls.CATALOGUE, urls.product_uri(product.slug)),
        "lifecycle": product.lifecycle.id, "basis": view.basis, "stale": view.stale_note,
    }


#: The comparison's rows, in order: (key, the reader's label). The full table's columns, the side-by-side rows and
#: the comparison data all follow this list.
COMPARE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("level", "Niveau"), ("evidence", "Dokumenteret niveau"), ("gap", "Mangler for næste niveau"),
    ("activity", "Aktivitet i koden"), ("users", "Anvendere"), ("suppliers", "Leverandører og roller"),
    ("coordinator", "Koordinator"), ("licence", "Licens"), ("calls", "Åbne opfordringer"),
    ("reviewed", "Sidst gennemgået"),
)
#: How many products a reader compares side by side at most.
COMPARE_LIMIT = 4
COMPARE_SCRIPT = "assets/compare.js"


def compare_row(product: Product, view: ProductView) -> dict[str, str]:
    """A product's comparison cells as plain text (the page escapes them, the script writes them as text), one per
    :data:`COMPARE_COLUMNS` key; an unknown is said, never left blank."""
    gv = view.governance
    level = product.level.label
    cells = {"level": f"{level}, {view.basis}" if view.basis else
             f"{level}: ingen offentlig kilde oplyser et niveau" if not product.level.assessed else level}
    if gv.report is not None:
        cells["evidence"] = (f"{gv.level.label if gv.level else 'Intet niveau'} ifølge governancerapporten af "
                             f"{danish_date(gv.report.date)}")
    else:
        cells["evidence"] = ("Ingen endelig governancerapport efter den gældende model" if gv.documents else
                             "Ingen governancerapport offentliggjort")
    if gv.next is not None:
        gap = f"{gv.next.level.label}: mangler {', '.join(r.id for r in gv.next.missing)}"
        cells["gap"] = gap + (f"; forklaret: {', '.join(r.id for r in gv.next.explained)}" if gv.next.explained else "")
    else:
        cells["gap"] = "Intet: det højeste niveau er dokumenteret" if gv.report else "Ukendt (ingen governancerapport)"
    cells["activity"] = view.activity_summary or ("Ikke målt" if product.repositories else "Intet kendt repository")
    if product.users_reported:
        cells["users"] = f"{product.users_reported.count} ifølge kilden ({danish_date(product.users_reported.date)})"
    else:
        cells["users"] = f"{len(product.user_bodies)} nævnt ved navn" if product.user_bodies else "Ikke oplyst"
    cells["suppliers"] = "; ".join(
        f"{e.supplier.name} ({', '.join(r.label.lower() for r in e.roles) or 'rollen er ikke oplyst'})"
        for e in product.suppliers) or "Ingen oplyst"
    coordinator = product.coordinator
    cells["coordinator"] = (", ".join(filter(None, (coordinator.name, coordinator.organisation)))
                            if coordinator else "Ikke oplyst")
    cells["licence"] = ", ".join(lic.label for lic in product.known_licences) or "Ikke oplyst"
    cells["calls"] = "; ".join(f"{c.title} (frist {danish_date(c.deadline)})" for c in view.open_calls
                               if c.deadline) or "Ingen åbne"
    cells["reviewed"] = danish_date(product.last_reviewed) + (" (over et år siden)" if view.stale else "")
    return {key: cells[key] for key, _ in COMPARE_COLUMNS}


def compare_data(products: list[Product], cells: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What the comparison script reads: the rows' labels, and each product's name, address and cells (by slug,
    as :func:`compare_row` made them for the page)."""
    return {
        "limit": COMPARE_LIMIT,
        "columns": [list(column) for column in COMPARE_COLUMNS],
        "products": {p.slug: {"name": p.name, "url": urls.relative_url(urls.COMPARE, urls.product_uri(p.slug)),
                              "cells": cells[p.slug]} for p in products},
    }


def _page_meta(meta: dict[str, Any], pager: Pager) -> dict[str, Any]:
    """A later page of a listing: its number in the title, and out of search (the first page is the one to find)."""
    if pager.number == 1:
        return meta
    return {**meta, "title": f"{meta['title']}, side {pager.number}", "search": NOT_SEARCHED}


@dataclass(frozen=True, eq=False)
class GeneratedPage:
    """A page to add to the site: where it goes, its Markdown, and the real file to edit, if any."""

    src_uri: str
    #: The page's text; or, for a file of the whole catalogue (products.json), a function that gives it in pieces
    #: (each call anew), so that it is written without ever being held whole.
    source: str | Callable[[], Iterator[str]]
    edit_path: str | None = None
    #: False for pages kept out of the navigation (product pages: a sidebar of hundreds is quadratic).
    in_nav: bool = True

    def pieces(self) -> Iterator[str]:
        """The page's text, piece by piece."""
        if isinstance(self.source, str):
            yield self.source
        else:
            yield from self.source()

    @property
    def content(self) -> str:
        """The page's whole text."""
        return self.source if isinstance(self.source, str) else "".join(self.pieces())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GeneratedPage):
            return NotImplemented
        return (self.src_uri, self.edit_path, self.in_nav, self.content) == \
            (other.src_uri, other.edit_path, other.in_nav, other.content)

    def __hash__(self) -> int:
        return hash((self.src_uri, self.edit_path, self.in_nav))

    def write(self, path: Path) -> None:
        """Write the page's text to ``path`` as UTF-8, piece by piece."""
        with path.open("w", encoding="utf-8", newline="") as out:
            out.writelines(self.pieces())


@dataclass(frozen=True)
class RequirementRow:
    """One requirement on a product page: the product's answer, how it is tallied, and the secretariat's light."""

    requirement: Requirement
    answer: RequirementAnswer | None
    tally: str
    rating: RequirementRating | None = None
    #: For an older model's requirement: the current requirement that is the same one, if any.
    current: Requirement | None = None

    @property
    def unexplained(self) -> bool:
        """Answered, but neither met nor explained (a "no" with no real explanation, "ved ikke", …)."""
        return self.tally == governance.UNEXPLAINED


@dataclass(frozen=True)
class ThemeRows:
    """A theme's requirements, in model order."""

    theme: Theme
    rows: tuple[RequirementRow, ...]


@dataclass(frozen=True)
class DocumentLine:
    """A governance document in a product's list: what it is, its answered count, and whether it counts."""

    document: GovernanceDocument
    title: str
    answered: int
    total: int
    #: Why the document does not count, or None for the report the documented level rests on.
    note: str | None


@dataclass(frozen=True)
class GovernanceView:
    """Everything a product page shows under "Følg eller forklar", computed once."""

    documents: tuple[DocumentLine, ...]
    report: Report | None
    assessment: Assessment | None
    scorecard: governance.Scorecard | None
    level: Level | None
    difference: str | None
    themes: tuple[ThemeRows, ...]
    #: Reports that answer an older model, each with its rows grouped by theme.
    older: tuple[tuple[Report, tuple[ThemeRows, ...]], ...]
    #: What the current report lacks for the next level up, or None (no report, or it documents the highest).
    next: governance.NextLevel | None = None


@dataclass(frozen=True)
class ProductView:
    """What pages show about a product beyond its own fields: computed once, used by every template."""

    product: Product
    stale: bool
    governance: GovernanceView
    summary: str
    open_calls: tuple[OpenCall, ...]
    closed_calls: tuple[OpenCall, ...]
    #: What the level rests on and when ("besluttet af bestyrelsen 1. juni 2026"), or "" without a source.
    basis: str = ""
    #: The card's line for a product not reviewed for too long, or "".
    stale_note: str = ""
    #: Each repository with its measured activity (data/activity.yml), in the product file's order.
    activity: tuple[activity.ActivityLine, ...] = ()
    #: The repositories' measured activity in one line, or "" when none has been measured.
    activity_summary: str = ""
    #: The level's history, oldest first.
    history: tuple[HistoryEvent, ...] = ()

    @property
    def evidence_level(self) -> Level | None:
        """The level the product's current report documents."""
        return self.governance.level


def _theme_rows(requirements: tuple[Requirement, ...], catalogue: Catalogue, report: Report | None,
                assessment: Assessment | None) -> tuple[ThemeRows, ...]:
    vocabularies = catalogue.vocabularies
    out = []
    for theme in vocabularies.themes:
        rows = tuple(
            RequirementRow(
                requirement=r,
                answer=report.answer(r.id) if report else None,
                tally=governance.tally(report.answer(r.id) if report else None, vocabularies),
                rating=assessment.rating(r.id) if assessment else None,
                current=vocabularies.requirements.get(r.current) if r.current else None,
            )
            for r in requirements if r.theme == theme
        )
        if rows:
            out.append(ThemeRows(theme, rows))
    return tuple(out)


def _rows(block: Governance, catalogue: Catalogue) -> tuple[tuple[ThemeRows, ...],
                                                                 tuple[tuple[Report, tuple[ThemeRows, ...]], ...]]:
    """The rows of the current report and assessment, and of each final report answering an older model."""
    report, assessment = block.current_report, block.current_assessment
    current = catalogue.vocabularies.current_model.requirements
    themes = _theme_rows(current, catalogue, report, assessment) if report or assessment else ()
    older = tuple((r, _theme_rows(r.model.requirements, catalogue, r, None))
                  for r in block.reports if not r.model.current and not r.draft)
    return themes, older


def governance_view(product: Product, catalogue: Catalogue, *, rows: bool = True) -> GovernanceView:
    """The product's governance documents, the report and assessment that count, and (``rows``) the rows to
    show."""
    vocabularies = catalogue.vocabularies
    block = product.governance
    if block is None:
        return GovernanceView((), None, None, None, None, None, (), ())
    report, assessment = block.current_report, block.current_assessment
    lines = []
    for document in block.documents:
        if isinstance(document, Assessment):
            title, answered, total = "Sekretariatets vurdering", len(document.ratings), len(document.format.model.ids)
            note = None if document is assessment else (
                "kladde; tæller ikke med" if document.draft else "en nyere vurdering gælder")
        else:
            assert isinstance(document, Report)
            title, answered, total = "Governancerapport", document.answered, len(document.model.ids)
            note = None if document is report else (
                "kladde; tæller ikke med" if document.draft else
                f"svarer på {document.model.label.lower()}; tæller ikke med" if not document.model.current else
                "en nyere rapport gælder")
        lines.append(DocumentLine(document, title, answered, total, note))
    themes, older = _rows(block, catalogue) if rows else ((), ())
    return GovernanceView(
        documents=tuple(lines), report=report, assessment=assessment,
        scorecard=governance.scorecard(report, vocabularies) if report else None,
        level=governance.report_level(report, vocabularies) if report else None,
        next=governance.next_level(report, vocabularies) if report else None,
        difference=governance.level_difference(product, vocabularies),
        themes=themes, older=older,
    )


def with_rows(view: ProductView, catalogue: Catalogue) -> ProductView:
    """``view`` with its requirement rows (see :func:`product_view`)."""
    block = view.product.governance
    if block is None or view.governance.themes or view.governance.older:
        return view
    themes, older = _rows(block, catalogue)
    return dataclasses.replace(view, governance=dataclasses.replace(view.governance, themes=themes, older=older))


def product_view(product: Product, catalogue: Catalogue, *, rows: bool = True) -> ProductView:
    """Compute staleness, the governance view, the documented level and the calls of ``product``. Without
    ``rows``, the view leaves out the rows of every requirement, which only the product's own pages show: the
    catalogue keeps such a view of every product while its pages are made (:func:`with_rows` adds them)."""
    today = catalogue.build_date
    view = governance_view(product, catalogue, rows=rows)
    if view.scorecard is not None:
        tallies = view.scorecard.tallies
        summary = (f"{tallies[governance.MET]} opfyldt, {tallies[governance.EXPLAINED]} forklaret, "
                   f"{tallies[governance.UNEXPLAINED] + tallies[governance.UNANSWERED]} hverken opfyldt eller "
                   f"forklaret. Rapporten af {danish_date(view.report.date) if view.report else ''} dokumenterer "
                   f"{view.level.label.lower() if view.level else 'intet niveau'}.")
    elif view.documents:
        summary = "Ingen endelig governancerapport efter den gældende model; " + "; ".join(
            f"{line.title.lower()} af {danish_date(line.document.date)}"
            + (f" ({line.note})" if line.note else "") for line in view.documents) + "."
    else:
        summary = "Ingen governancerapport offentliggjort."
    calls = sorted(product.calls, key=lambda c: (c.deadline or c.closed or today, c.title))
    stale, decision = governance.is_stale(product, today), product.level_decision
    measured = activity.lines(product, catalogue.activity, today)
    return ProductView(
        product=product,
        stale=stale,
        governance=view,
        summary=summary,
        open_calls=tuple(c for c in calls if c.is_open(today)),
        closed_calls=tuple(c for c in calls if not c.is_open(today)),
        basis=f"{decision.kind.phrase} {danish_date(decision.date)}" if decision else "",
        stale_note=f"Ikke gennemgået siden {danish_date(product.last_reviewed)}" if stale else "",
        activity=measured,
        history=governance.level_history(product, catalogue.vocabularies),
        activity_summary=activity.summary(measured),
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("os2catalogue", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # One environment per generation: its templates need not be checked on disk again at every page.
        auto_reload=False,
    )
    env.filters["da_date"] = danish_date
    env.filters["da_number"] = danish_number
    env.filters["da_int"] = danish_integer
    env.filters["da_list"] = danish_list
    env.filters["md"] = markdown_text
    env.filters["quote"] = quote_html
    env.globals["urls"] = urls
    env.globals["feeds"] = feeds
    return env


def _front_matter(meta: dict[str, Any]) -> str:
    # Material writes a page's title and description into <title> and an attribute without escaping them:
    # they are escaped here, so text from a product file can never become markup there.
    safe = {key: str(escape(value)) if key in ("title", "description") else value for key, value in meta.items()}
    return "---\n" + dump_yaml(safe, sort_keys=True, width=1000) + "---\n\n"


class _Renderer:
    def __init__(self, catalogue: Catalogue, options: SiteOptions) -> None:
        self.catalogue = catalogue
        self.options = options
        self.env = _environment()
        self.vocabularies = catalogue.vocabularies
        # Without the requirement rows: only a product's own pages show them, and they are added for those.
        self.views = {p.slug: product_view(p, catalogue, rows=False) for p in catalogue.products}
        #: For every page linked to, the source URIs of the pages linking to it, each once, in the order rendered.
        #: Kept by target, not by page: a large catalogue's pages share a few thousand targets, and a list per
        #: target costs far less than a set per page.
        self.links: dict[str, list[str]] = {}

    def render(self, src_uri: str, template: str, meta: dict[str, Any], **context: Any) -> str:
        def link(to_uri: str) -> str:
            # Every link a generated page has goes through here: kept for the check in generate_pages.
            linking = self.links.setdefault(to_uri, [])
            if not linking or linking[-1] != src_uri:  # a page's links are made while it is rendered, together
                linking.append(src_uri)
            return urls.relative_url(src_uri, to_uri, self.options.use_directory_urls)

        body = self.env.get_template(template).render(
            link=link, catalogue=self.catalogue, vocabularies=self.vocabularies, views=self.views,
            today=self.catalogue.build_date, **context)
        return _front_matter(meta) + body.strip() + "\n"

    def edit_url(self, path: str) -> str | None:
        return f"{self.options.edit_url_base}{path}" if self.options.edit_url_base else None


def products_by_level(catalogue: Catalogue) -> list[tuple[Level, list[Product]]]:
    """Every level in display order with its products, sorted by name."""
    return [(level, _by_name(p for p in catalogue.products if p.level == level))
            for level in catalogue.vocabularies.levels]


def requirements_up_to(catalogue: Catalogue, level: Level) -> list[Requirement]:
    """The cumulative requirements of ``level`` (its own and every lower level's, recommendations included), by
    theme as :func:`ordered_requirements`."""
    return _by_theme(catalogue, catalogue.vocabularies.current_model.up_to(level, recommendations=True))


def ordered_requirements(catalogue: Catalogue) -> list[Requirement]:
    """Requirements by theme (data order), then level, then number."""
    return _by_theme(catalogue, catalogue.vocabularies.requirements)


def _by_theme(catalogue: Catalogue, requirements: Any) -> list[Requirement]:
    theme_order = {theme.id: i for i, theme in enumerate(catalogue.vocabularies.themes)}
    return sorted(requirements, key=lambda r: (theme_order[r.theme.id], r.level.order, r.number))


def requirement_matrix(catalogue: Catalogue) -> list[tuple[str, list[int], int]]:
    """Rows of (theme label, count per ranked level, total) and a final "I alt" row."""
    ranked = catalogue.vocabularies.assessed_levels
    counts = Counter((r.theme.id, r.level.id) for r in catalogue.vocabularies.requirements)
    rows = []
    for theme in catalogue.vocabularies.themes:
        cells = [counts[(theme.id, lvl.id)] for lvl in ranked]
        rows.append((theme.label, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(ranked))]
    rows.append(("I alt", totals, sum(totals)))
    return rows


def _by_name(products: Any) -> list[Product]:
    return sorted(products, key=lambda p: (p.name.casefold(), p.slug))


def facet_pages(catalogue: Catalogue, renderer: "_Renderer", browsed: list[Facet]) -> Iterator[GeneratedPage]:
    """The static pages of every field readers browse by (``browsed``, in the filter or not; no JavaScript
    needed): a page per value where the schema gives it a title, and an overview of the values where it names
    one."""
    for facet in browsed:
        if facet.overview is not None:
            uri, template, title = facet.overview
            yield GeneratedPage(uri, renderer.render(
                uri, template,
                {"title": title, "description": f"OS2-produkterne fordelt på {title.lower()}.", "search": NOT_SEARCHED},
                facet=facet, counts=facet.counts(catalogue.products),
                without=_by_name(p for p in catalogue.products if not facet.of(p)),
            ))
        if facet.page_title is None:
            continue
        having: dict[str, list[Product]] = {value.id: [] for value in facet.values}
        for product in _by_name(catalogue.products):
            for value_id in facet.of(product):
                having[value_id].append(product)
        for value in facet.values:
            title = facet.page_title.format(label=value.label)
            for uri, shown, pager in paginated(value.page, having[value.id]):
                meta = _page_meta({"title": title, "description": f"{facet.label}: {value.label}."}, pager)
                yield GeneratedPage(uri, renderer.render(
                    uri, "facet.md.j2", {**meta, "search": NOT_SEARCHED},
                    title=meta["title"], facet=facet, value=value, products=shown, pager=pager,
                ), in_nav=False)


@dataclass(frozen=True)
class BodyTie:
    """A product a source names a body for: how (uses it, joined it, funded it, owns it, coordinates it)."""

    product: Product
    relation: str
    source: str
    date: dt.date | None


def body_ties(catalogue: Catalogue) -> dict[str, list[BodyTie]]:
    """Per body id: every product any source names it for, with the relation and the source, by product name."""
    vocab = catalogue.vocabularies
    ties: dict[str, list[BodyTie]] = {body.id: [] for body in vocab.bodies}
    by_name = {body.name.casefold(): body.id for body in vocab.bodies}
    for product in _by_name(catalogue.products):
        for statement in product.users:
            for body in statement.bodies:
                ties[body.id].append(BodyTie(product, statement.relation.label, statement.source, statement.date))
        for call in product.calls:
            for body in call.committed:
                ties[body.id].append(BodyTie(product, f"Med i {call.kind.label.lower()}: {call.title}", call.url,
                                             call.closed or call.deadline))
        coordinator = product.coordinator
        organisation = (coordinator.organisation or "").casefold() if coordinator is not None else ""
        if coordinator is not None and organisation in by_name:
            ties[by_name[organisation]].append(
                BodyTie(product, "Produktets koordinator er herfra", coordinator.source, coordinator.date))
    # A call and a statement may rest on the same source (a crowdfunding's result post): say it once.
    return {body_id: list({(t.product.slug, t.source): t for t in reversed(found)}.values())[::-1]
            for body_id, found in ties.items()}


def body_pages(catalogue: Catalogue, renderer: "_Renderer") -> Iterator[GeneratedPage]:
    """A page per user in the vocabulary (all municipalities and regions, and other bodies), its products in pages
    of :data:`PAGE_SIZE`; and an overview."""
    vocab = catalogue.vocabularies
    ties = body_ties(catalogue)
    uses = {body_id: _by_name({t.product.slug: t.product for t in found}.values()) for body_id, found in ties.items()}
    unnamed = _by_name(p for p in catalogue.products if p.users_reported is not None)
    site_url = renderer.options.site_url
    changes = feeds.body_updates(catalogue, site_url)
    for body in vocab.bodies:
        uri = urls.BODY.format(id=body.id)
        yield GeneratedPage(feeds.body_feed_uri(body.id), feeds.updates_rss(
            f"{body.name} – OS2-produkter", f"Ændringer ved de OS2-produkter, kilder nævner {body.name} for: nyheder, "
            "niveaubeslutninger, governancerapporter, opfordringer og anvendere.", urljoin(site_url, urls.page_url(uri)),
            urljoin(site_url, feeds.body_feed_uri(body.id)), changes[body.id]), in_nav=False)
        meta = {"title": body.name, "description": f"OS2-produkter, som offentlige kilder nævner {body.name} for.",
                "feed": {"url": feeds.body_feed_uri(body.id), "title": f"{body.name}: OS2-produkter (RSS)"}}
        region = vocab.bodies.get(body.region) if body.region and vocab.body_kinds[body.kind].in_region else None
        # A big municipality is named for most products: its products come in pages, each with its own ties.
        for page_uri, shown, pager in paginated(uri, uses[body.id]):
            slugs = {product.slug for product in shown}
            yield GeneratedPage(page_uri, renderer.render(
                page_uri, "body.md.j2", _page_meta(meta, pager),
                body=body, products=shown, ties=[tie for tie in ties[body.id] if tie.product.slug in slugs],
                unnamed=unnamed if pager.number == 1 else [], pager=pager, region=region,
            ), in_nav=False)
    kinds = [(kind, sorted((b for b in vocab.bodies if b.kind == kind.id), key=lambda b: b.name))
             for kind in vocab.body_kinds]
    yield GeneratedPage(urls.BODIES, renderer.render(
        urls.BODIES, "bodies.md.j2",
        {"title": "Kommuner og andre anvendere",
         "description": "Alle kommuner, regioner og andre myndigheder med de OS2-produkter, de bruger."},
        kinds=kinds, uses=uses, unnamed=unnamed,
    ))


def supplier_pages(catalogue: Catalogue, renderer: "_Renderer") -> Iterator[GeneratedPage]:
    """A page per supplier with the products it works on and in which role (in pages of :data:`PAGE_SIZE`), and an
    overview naming the first :data:`OVERVIEW_NAMES` products of each."""
    vocab = catalogue.vocabularies
    by_name = _by_name(catalogue.products)
    work = {s.id: [(p, e) for p in by_name for e in p.suppliers if e.supplier == s] for s in vocab.suppliers}
    for supplier in vocab.suppliers:
        uri = urls.SUPPLIER.format(id=supplier.id)
        meta = {"title": supplier.name, "description": f"OS2-produkter, som offentlige kilder nævner {supplier.name} for."}
        for page_uri, shown, pager in paginated(uri, work[supplier.id]):
            yield GeneratedPage(page_uri, renderer.render(
                page_uri, "supplier.md.j2", _page_meta(meta, pager), supplier=supplier, work=shown, pager=pager,
            ), in_nav=False)
    yield GeneratedPage(urls.SUPPLIERS, renderer.render(
        urls.SUPPLIERS, "suppliers.md.j2",
        {"title": "Leverandører",
         "description": "Leverandører, som offentlige kilder nævner i forbindelse med OS2-produkter, og deres roller."},
        suppliers=sorted(vocab.suppliers, key=lambda s: s.name),
        named={key: [product for product, _ in engaged[:OVERVIEW_NAMES]] for key, engaged in work.items()},
        unnamed={key: len(engaged[OVERVIEW_NAMES:]) for key, engaged in work.items()},
    ))


def open_data_pages(catalogue: Catalogue, renderer: "_Renderer", options: SiteOptions) -> Iterator[GeneratedPage]:
    """The versioned API files, the JSON Schemas, publiccode.yml per product, and the page documenting them.

    Each product's record is made, written and let go in turn; only its JSON text and CSV row are kept for the
    files of the whole catalogue, so a large catalogue's records are never all in memory at once."""
    site = options.site_url
    api = f"api/v{export.API_VERSION}"
    # Kept compressed until the whole-catalogue files are written: a record's JSON text shrinks about tenfold.
    record_texts: list[bytes] = []
    csv_lines: list[bytes] = []
    for product in catalogue.products:
        record = export.record(product, catalogue, site)
        text = export.dumps(record)
        record_texts.append(zlib.compress(text.encode("utf-8"), 1))
        csv_lines.append(zlib.compress(export.csv_line(export.csv_row(record)).encode("utf-8"), 1))
        yield GeneratedPage(f"{api}/products/{product.slug}.json", text, in_nav=False)
        yield GeneratedPage(f"{api}/publiccode/{product.slug}.yml",
                            publiccode.dumps(publiccode.export(product, catalogue)), in_nav=False)

    def unpacked(packed: list[bytes]) -> Iterator[str]:
        return (zlib.decompress(data).decode("utf-8") for data in packed)

    yield GeneratedPage(f"{api}/products.json",
                        lambda: export.products_json_pieces(catalogue, unpacked(record_texts)), in_nav=False)
    yield GeneratedPage(f"{api}/products.csv",
                        lambda: itertools.chain([export.csv_header()], unpacked(csv_lines)), in_nav=False)
    yield GeneratedPage(f"{api}/activity.json", export.dumps(export.activity_json(catalogue)), in_nav=False)
    yield GeneratedPage(f"{api}/vocabularies.json", export.dumps(export.vocabularies_json(catalogue)), in_nav=False)
    yield GeneratedPage(f"{api}/product.schema.json",
                        export.dumps(export.json_schema(catalogue.vocabularies, api=True, site_url=site)), in_nav=False)
    yield GeneratedPage(urls.SCHEMA, export.dumps(export.json_schema(catalogue.vocabularies, api=False, site_url=site)),
                        in_nav=False)
    yield GeneratedPage(urls.OPEN_DATA, renderer.render(
        urls.OPEN_DATA, "open_data.md.j2",
        {"title": "Åbne data", "description": "Kataloget som JSON, CSV og publiccode.yml, og beskrivelsen af hvert felt."},
        api=api, fields=export.field_reference(catalogue.vocabularies), computed=export.COMPUTED_FIELDS,
        csv_columns=[name for name, _, _ in export.csv_columns()], schema_version=export.SCHEMA_VERSION,
        activity_fields=REPOSITORY_ACTIVITY.fields, old_after=activity.OLD_AFTER_MONTHS,
        example=catalogue.products[0].slug if catalogue.products else "os2eksempel",
    ))


def _redirect(former_uri: str, target_uri: str, name: str, options: SiteOptions) -> GeneratedPage:
    """A small page at a former address (``former_uri``, as a source URI) that sends the reader on to the page
    built from ``target_uri``; ``name`` says what moved."""
    target = urls.relative_url(former_uri, target_uri, options.use_directory_urls)
    # The file the former page was: its address, and the index.html a folder address serves.
    address = urls.page_url(former_uri, options.use_directory_urls)
    source = f"{address}index.html" if address.endswith("/") or not address else address
    name = escape(name)
    return GeneratedPage(source, csp.add_policy(
        '<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name} er flyttet</title>\n<meta name=\"robots\" content=\"noindex\">\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{target}">\n'
        f'</head>\n<body>\n<p>{name} har fået en ny adresse: <a href="{target}">{name}</a>.</p>\n'
        "</body>\n</html>\n"), in_nav=False)


def redirect_pages(catalogue: Catalogue, options: SiteOptions) -> list[GeneratedPage]:
    """A small page at each former address that sends the reader on: a product's former slugs, and the level
    listings that the level pages replaced."""
    pages = [_redirect(urls.product_uri(alias), urls.product_uri(product.slug), product.name, options)
             for product in catalogue.products for alias in product.aliases]
    pages += [_redirect(urls.FORMER_FACET_LEVEL.format(id=level.id), urls.level_uri(level.id), level.label, options)
              for level in catalogue.vocabularies.levels]
    return pages


def badge_stylesheet(vocabularies: Vocabularies) -> str:
    """The colours of level and lifecycle badges and of answer and rating symbols as CSS, from the data files
    (``levels.yml``, ``lifecycle.yml``, ``statuses.yml``, ``ratings.yml``; the colours are checked there)."""
    rules = ["/* Generated from src/os2catalogue/data by os2catalogue.pages.badge_stylesheet. */"]
    badged: list[tuple[str, str, Badge]] = [("level", e.id, e.badge) for e in vocabularies.levels]
    badged += [("lifecycle", e.id, e.badge) for e in vocabularies.lifecycle if e.badge is not None]
    for kind, entry_id, badge in badged:
        border = f" border: 1px {badge.border};" if badge.border else ""
        rules.append(f".md-typeset .os2-{kind}--{entry_id} {{ background: {badge.background}; "
                     f"color: {badge.text};{border} }}")
    symbols = [("status", e.id, e.colour) for e in vocabularies.statuses]
    symbols += [("rating", e.id, e.colour) for e in vocabularies.ratings]
    for kind, entry_id, colour in symbols:
        if colour is not None:
            rules.append(f".md-typeset .os2-{kind}--{entry_id} > span[aria-hidden] {{ color: {colour}; }}")
    return "\n".join(rules) + "\n"


def navigation_children(vocabularies: Vocabularies) -> dict[str, list[str]]:
    """Generated pages the site's navigation lists under a hand-listed page, by that page's source URI: each
    level's page under the levels overview, in the levels' display order. A level added to ``data/levels.yml``
    appears there without an entry in ``mkdocs.yml``."""
    return {urls.LEVELS: [urls.level_uri(level.id) for level in vocabularies.levels]}


def generate_pages(catalogue: Catalogue, options: SiteOptions | None = None) -> list[GeneratedPage]:
    """Every generated page of the site, sorted by source URI."""
    return sorted(iter_pages(catalogue, options), key=lambda page: page.src_uri)


def iter_pages(catalogue: Catalogue, options: SiteOptions | None = None) -> Iterator[GeneratedPage]:
    """Every generated page of the site, one at a time, so that a large site's pages need not all be held at once.

    The links between pages are checked when the last page has been given: :class:`ValidationFailed` is raised
    then, naming every broken link.
    """
    renderer = _Renderer(catalogue, options or SiteOptions())
    site_url = renderer.options.site_url
    given: set[str] = set()

    def give(page: GeneratedPage) -> GeneratedPage:
        given.add(page.src_uri)
        return page

    ranked = catalogue.vocabularies.assessed_levels
    groups = products_by_level(catalogue)
    browsed = every_facet(catalogue)
    found = facets(browsed)

    for product in catalogue.products:
        uri = urls.product_uri(product.slug)
        view = with_rows(renderer.views[product.slug], catalogue)
        yield give(GeneratedPage(uri, renderer.render(
            uri, "product.md.j2",
            {"title": product.name, "description": product.short_description, "search": {"boost": 10},
             "tags": list(product.search_terms),
             "feed": {"url": feeds.product_feed_uri(product.slug), "title": f"{product.name}: ændringer (RSS)"}},
            product=product, view=view, body=Markup(product.body),
            edit_url=renderer.edit_url(product.source_path), requirements=ordered_requirements(catalogue),
            news=Markup(latest_news_markdown(catalogue, uri, product=product.slug, count=5)),
        ), edit_path=product.source_path, in_nav=False))
        yield give(GeneratedPage(feeds.product_feed_uri(product.slug), feeds.updates_rss(
            f"{product.name} – ændringer", f"Nyheder, niveaubeslutninger, governancerapporter, opfordringer og nye "
            f"anvendere for {product.name} i OS2-produktkataloget.", urljoin(site_url, urls.page_url(uri)),
            urljoin(site_url, feeds.product_feed_uri(product.slug)),
            feeds.product_updates(product, catalogue, site_url)), in_nav=False))
        if view.governance.themes or view.governance.older:
            uri = urls.answers_uri(product.slug)
            yield give(GeneratedPage(uri, renderer.render(
                uri, "answers.md.j2",
                {"title": f"{product.name}: svar og vurderinger", "search": NOT_SEARCHED,
                 "description": f"{product.name}s svar på OS2's governancekrav og sekretariatets vurdering, ordret."},
                product=product, view=view,
            ), edit_path=product.source_path, in_nav=False))

    yield give(GeneratedPage(urls.CATALOGUE, renderer.render(
        urls.CATALOGUE, "catalogue.md.j2",
        {"title": "Produkter", "description": "Alle OS2-produkter og -projekter, grupperet efter governanceniveau.",
         "scripts": [FILTER_SCRIPT]},
        # Levels without products collapse into one line, so the first cards sit on the first screen.
        groups=[(level, products) for level, products in groups if products],
        empty=[level for level, products in groups if not products],
        facets=found, facet_counts={f.param: f.counts(catalogue.products) for f in found},
        group_size=CATALOGUE_GROUP_SIZE,
    )))
    left_out = {product.slug: card_data(product, renderer.views[product.slug], order)
                for order, product in enumerate(p for _, products in groups for p in products[CATALOGUE_GROUP_SIZE:])}
    yield give(GeneratedPage(urls.DATASET, json.dumps(dataset(catalogue, found, left_out), ensure_ascii=False,
                                                        sort_keys=True, separators=(",", ":")) + "\n", in_nav=False))
    yield from map(give, facet_pages(catalogue, renderer, browsed))
    yield from map(give, body_pages(catalogue, renderer))
    yield from map(give, supplier_pages(catalogue, renderer))

    yield give(GeneratedPage(urls.LEVELS, renderer.render(
        urls.LEVELS, "levels.md.j2",
        {"title": "Niveauer", "description": "OS2's governanceniveauer: "
                                           f"{danish_list(lvl.value for lvl in ranked)}."},
        groups=groups, requirement_counts={lvl.id: len(requirements_up_to(catalogue, lvl)) for lvl in ranked},
    )))

    for level, products in groups:
        required = requirements_up_to(catalogue, level)
        for uri, shown, pager in paginated(urls.level_uri(level.id), products):
            yield give(GeneratedPage(uri, renderer.render(
                uri, "level.md.j2", _page_meta({"title": level.label, "description": level.summary}, pager),
                level=level, products=shown, pager=pager, requirements=required if pager.number == 1 else [],
                new_count=sum(1 for r in required if r.level == level),
                recommendation_count=sum(1 for r in required if r.recommendation),
            ), in_nav=pager.number == 1))

    yield give(GeneratedPage(urls.MODEL, renderer.render(
        urls.MODEL, "model.md.j2",
        {"title": "Styringsmodellen",
         "description": f"De {len(catalogue.vocabularies.requirements)} krav i OS2's governancemodel fordelt på "
                        f"{danish_number(len(catalogue.vocabularies.themes))} temaer og "
                        f"{danish_number(len(ranked))} niveauer."},
        ranked=ranked, matrix=requirement_matrix(catalogue), requirements=ordered_requirements(catalogue),
    )))
    compared = _by_name(catalogue.products)
    cells = {p.slug: compare_row(p, renderer.views[p.slug]) for p in compared}
    for uri, shown, pager in paginated(urls.COMPARE, compared):
        yield give(GeneratedPage(uri, renderer.render(
            uri, "compare.md.j2", _page_meta(
                {"title": "Sammenlign produkter", "scripts": [COMPARE_SCRIPT],
                 "description": "OS2-produkter side om side: niveau og dokumentation, mangler, aktivitet, anvendere, "
                                "leverandører, koordinator, licens og opfordringer."}, pager),
            rows=[(p, cells[p.slug]) for p in shown], columns=COMPARE_COLUMNS,
            pager=pager, limit=COMPARE_LIMIT,
        ), in_nav=pager.number == 1))
    yield give(GeneratedPage(urls.COMPARE_DATA, json.dumps(compare_data(compared, cells), ensure_ascii=False,
                                                           sort_keys=True, separators=(",", ":")) + "\n", in_nav=False))
    yield from map(give, open_data_pages(catalogue, renderer, options or SiteOptions()))
    yield from map(give, redirect_pages(catalogue, options or SiteOptions()))
    yield give(GeneratedPage(urls.BADGES, badge_stylesheet(catalogue.vocabularies), in_nav=False))
    if catalogue.posts:
        yield give(GeneratedPage(feeds.RSS, feeds.rss(catalogue, site_url), in_nav=False))
        yield give(GeneratedPage(feeds.JSON_FEED, feeds.json_feed(catalogue, site_url), in_nav=False))
    yield give(GeneratedPage(urls.STATISTICS, renderer.render(
        urls.STATISTICS, "statistics.md.j2",
        {"title": "Statistik", "description": "Kataloget i tal: niveauer, livscyklus, kategorier og anvendere."},
        charts=statistics.charts(catalogue),
    )))
    by_level_then_name = [p for _, products in groups for p in products]
    for uri, shown, pager in paginated(urls.GOVERNANCE, by_level_then_name):
        yield give(GeneratedPage(uri, renderer.render(
            uri, "governance.md.j2",
            _page_meta({"title": "Følg eller forklar", "hide": ["toc"],
                        "description": "Hvad produkternes governancerapporter dokumenterer, tema for tema."}, pager),
            products=shown, pager=pager,
        ), in_nav=pager.number == 1))
    # The open calls are on the first page; the closed ones, newest first, in pages of PAGE_SIZE (they only add up).
    closed = sorted(((p, c) for p in catalogue.products for c in p.calls if not c.is_open(catalogue.build_date)),
                    key=lambda pc: (pc[1].closed or pc[1].deadline or catalogue.build_date, pc[0].slug), reverse=True)
    for uri, shown, pager in paginated(urls.CALLS, closed):
        yield give(GeneratedPage(uri, renderer.render(
            uri, "calls.md.j2",
            _page_meta({"title": "Det kan du være med i",
                        "description": "Åbne crowdfundinger og tilslutninger til OS2-produkter og -projekter."}, pager),
            calls=governance.open_calls(catalogue.products, catalogue.build_date) if pager.number == 1 else [],
            closed=shown, pager=pager,
        ), in_nav=pager.number == 1))
    stale = governance.stale_products(catalogue.products, catalogue.build_date)
    for uri, shown, pager in paginated(urls.REVIEW, stale):
        yield give(GeneratedPage(uri, renderer.render(
            uri, "review.md.j2",
            _page_meta({"title": "Til gennemgang",
                        "description": "Produkter, hvis oplysninger ikke er gennemgået i mere end 12 måneder."}, pager),
            stale=shown, pager=pager,
            cutoff=governance.months_before(catalogue.build_date, governance.STALE_AFTER_MONTHS),
        ), in_nav=pager.number == 1))
    broken = broken_links(renderer.links, given | {p.src_uri for p in catalogue.posts}, renderer.options.other_files)
    if broken:
        raise ValidationFailed(broken)


def broken_links(links: dict[str, list[str]], generated: set[str],
                 other_files: frozenset[str] | None) -> list[Diagnostic]:
    """A problem for every link of a generated page to a page the site does not have; ``links`` gives, for each
    page linked to, the pages linking to it. Without ``other_files`` only links to generated pages
    (``produkter/``, ``niveauer/``, …) can be checked; the others are left alone."""
    problems: list[Diagnostic] = []
    for target, sources in links.items():
        known = target in generated or (other_files is not None and target in other_files)
        if not known and (other_files is not None or _generated_kind(target, generated)):
            problems.extend(Diagnostic(src_uri, 1, "link", f"the generated page links to {target}, which is no "
                                                           "page of the site") for src_uri in set(sources))
    return sorted(problems)


def _generated_kind(target: str, generated: set[str]) -> bool:
    """True when ``target`` lies in a folder of generated pages, so it should have been generated too."""
    folder = target.rsplit("/", 1)[0] if "/" in target else None
    return folder is not None and any(uri.startswith(folder + "/") for uri in generated)

