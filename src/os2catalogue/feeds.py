"""The feeds: the site's news as RSS 2.0 (written by feedgen) and JSON Feed 1.1, built from the posts' own front
matter; and an RSS feed of changes per product and per public body (:func:`product_updates`, :func:`body_updates`).

Every date is the post's date (``date`` or ``date: {created, updated}``), items run newest first, links inside an
item are absolute (a feed reader has no page to resolve them against), and nothing depends on the time of the
build, so two builds of the same commit give the same bytes. Scheduled and draft posts stay out, as on the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator
from markupsafe import escape

from os2catalogue import governance, sanitize, urls
from os2catalogue.formatting import danish_date
from os2catalogue.model import Catalogue, Post, Product
from os2catalogue.posts import EXCERPT_MARK

#: Where the feeds are written (the addresses the site has always used).
RSS = "feed_rss_created.xml"
JSON_FEED = "feed_json_created.json"
TITLE = "OS2-produktkataloget – nyheder"
DESCRIPTION = "Nyheder om OS2's produkter: niveauer, crowdfunding, tilslutning og fællesskaberne bag."
#: A post's own first heading is its title, which the feed carries separately.
_FIRST_HEADING = re.compile(r"\A\s*#\s+[^\n]*\n")
_LINK = re.compile(r'\b(href|src)="([^"]*)"')


@dataclass(frozen=True)
class FeedItem:
    """One post as both feeds show it."""

    url: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    summary: str | None
    content_html: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]


def _moment(day: dt.date) -> dt.datetime:
    """A post's date as a time: midnight UTC, so a feed never depends on where or when it was built."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _absolute(src_uri: str, target: str, page_url: str, site_url: str) -> str:
    """A link in a post made absolute: a link to another source file becomes that page's address."""
    parts = urlsplit(target)
    if parts.scheme or target.startswith(("//", "#", "mailto:")):
        return target if not target.startswith("#") else page_url + target
    if parts.path.endswith(".md"):
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
        address = urljoin(site_url, urls.page_url(resolved))
        return address + (f"#{parts.fragment}" if parts.fragment else "")
    return urljoin(page_url, target)


def item_html(post: Post, catalogue: Catalogue, site_url: str) -> str:
    """The post's text as safe HTML with absolute links, followed by links to the products it is about."""
    page_url = urljoin(site_url, post.url)
    markdown = _FIRST_HEADING.sub("", post.body, count=1).replace(EXCERPT_MARK, "")
    html = sanitize.clean(sanitize.render(markdown))
    html = _LINK.sub(lambda m: f'{m.group(1)}="{_absolute(post.src_uri, m.group(2), page_url, site_url)}"', html)
    if post.products:
        links = ", ".join(
            f'<a href="{urljoin(site_url, urls.page_url(urls.product_uri(slug)))}">'
            f"{sanitize.clean(catalogue.product(slug).name)}</a>" for slug in post.products)
        html += f"\n<p><strong>Produkter i indlægget:</strong> {links}</p>"
    return html


def items(catalogue: Catalogue, site_url: str) -> list[FeedItem]:
    """The published posts, newest first (by date, then slug, as the news pages list them)."""
    published = [p for p in catalogue.posts if p.is_published(catalogue.build_date)]
    return [FeedItem(url=urljoin(site_url, post.url), title=post.title, published=_moment(post.date),
                     updated=_moment(post.updated or post.date), summary=post.description,
                     content_html=item_html(post, catalogue, site_url),
                     authors=tuple(a.name for a in post.authors), categories=post.categories)
            for post in sorted(published, key=lambda p: (p.date, p.slug), reverse=True)]


def rss(catalogue: Catalogue, site_url: str) -> str:
    """The RSS 2.0 feed."""
    found = items(catalogue, site_url)
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.title(TITLE)
    # feedgen takes the channel's <link> from the last link given, so the page's address goes last.
    feed.link(href=urljoin(site_url, RSS), rel="self")
    feed.link(href=urljoin(site_url, "nyheder/"), rel="alternate")
    feed.description(DESCRIPTION)
    feed.language("da")
    feed.generator("os2catalogue (feedgen)")
    if found:
        newest = max(item.updated for item in found)
        feed.lastBuildDate(newest)
        feed.pubDate(max(item.published for item in found))
    for item in found:
        entry = feed.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=item.url)
        entry.guid(item.url, permalink=True)
        entry.pubDate(item.published)
        if item.summary:
            entry.description(item.summary)
        entry.content(item.content_html, type="CDATA")
        for name in item.authors:
            entry.dc.dc_creator(name)
        for category in item.categories:
            entry.category(term=category)
    return str(feed.rss_str(pretty=True).decode("utf-8"))


def json_feed(catalogue: Catalogue, site_url: str) -> str:
    """The JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    found = items(catalogue, site_url)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "description": DESCRIPTION,
        "language": "da",
        "home_page_url": urljoin(site_url, "nyheder/"),
        "feed_url": urljoin(site_url, JSON_FEED),
        "items": [{
            "id": item.url,
            "url": item.url,
            "title": item.title,
            **({"summary": item.summary} if item.summary else {}),
            "content_html": item.content_html,
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "authors": [{"name": name} for name in item.authors],
            "tags": list(item.categories),
        } for item in found],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Changes per product and per body -----------------------------------------------------------------------------

#: A feed of changes carries at most this many items, the newest (a feed reader keeps what it has seen).
UPDATES_LIMIT = 50


@dataclass(frozen=True)
class Update:
    """One dated change, as a product's or a body's feed carries it: every date is from the data (a decision's,
    a report's, a source's, a call's, a post's), so the feed is the same from every build of the same data."""

    date: dt.date
    title: str
    #: The absolute address of the page that says more.
    link: str
    #: A stable id: the same change keeps it from build to build.
    guid: str
    #: The item's text as HTML (everything from the data is escaped).
    html: str


def product_feed_uri(slug: str) -> str:
    """Where a product's feed of changes is written, beside its page."""
    return urls.PRODUCT_FEED.format(slug=slug)


def body_feed_uri(body_id: str) -> str:
    """Where a body's feed of changes is written, beside its page."""
    return urls.BODY_FEED.format(id=body_id)


def _update(date: dt.date, title: str, link: str, kind: str, html: str) -> Update:
    digest = hashlib.sha256(f"{kind}\x00{date}\x00{title}\x00{html}".encode()).hexdigest()[:12]
    return Update(date, title, link, f"{link.split('#')[0]}#{kind}-{date.isoformat()}-{digest}", html)


def _source(url: str) -> str:
    return f'<a href="{escape(url)}">kilde</a>'


def product_updates(product: Product, catalogue: Catalogue, site_url: str) -> list[Update]:
    """Every dated change about ``product``: level decisions and recommendations, governance reports and assessments,
    users named by a source, calls opened and closed (where the data dates them), and published news naming it."""
    page = urljoin(site_url, urls.page_url(urls.product_uri(product.slug)))
    name = escape(product.name)
    found = [_update(event.date, f"{product.name}: {event.text}", f"{page}#historik", "niveau",
                     f"<p>{name}: {escape(event.text)} ({_source(event.source)}, {danish_date(event.date)}).</p>")
             for event in governance.level_history(product, catalogue.vocabularies)]
    for statement in product.users:
        bodies = ", ".join(str(escape(b.name)) for b in sorted(statement.bodies, key=lambda b: b.name))
        found.append(_update(
            statement.date, f"{product.name}: {len(statement.bodies)} myndigheder nævnt ({statement.relation.label.lower()})",
            f"{page}#anvendere",
            "anvendere", f"<p>Ifølge en kilde af {danish_date(statement.date)} {escape(statement.relation.phrase)}: "
                         f"{bodies} ({_source(statement.source)}).</p>"))
    for call in product.calls:
        kind = escape(call.kind.label.lower())
        for day, verb in ((call.opened, "åbnet"), (call.closed, "lukket")):
            if day is not None:
                found.append(_update(day, f"{product.name}: {call.kind.label} {verb}: {call.title}", page, f"opfordring-{verb}",
                                     f"<p>{name}: {kind} {verb} {danish_date(day)}: {escape(call.title)} "
                                     f'(<a href="{escape(call.url)}">læs mere</a>).</p>'))
    for post in catalogue.posts:
        if product.slug in post.products and post.is_published(catalogue.build_date):
            link = urljoin(site_url, post.url)
            summary = f"<p>{escape(post.description)}</p>" if post.description else ""
            found.append(Update(post.date, post.title, link, link, summary + f'<p><a href="{escape(link)}">Læs nyheden</a>'
                                                                            "</p>"))
    return found


def body_updates(catalogue: Catalogue, site_url: str) -> dict[str, list[Update]]:
    """Per body id, the newest :data:`UPDATES_LIMIT` dated changes about the body's products (all its feed
    carries): each time a source names it, and every change about a product a source names it for or a call it
    joined (see :func:`product_updates`). One pass over the products, each product's changes made once and shared
    by all its bodies; a body's list is cut to its newest as it grows, since a big municipality is named for most
    products and would otherwise hold most of them. Each list is newest first, each change once."""
    found: dict[str, list[Update]] = {body.id: [] for body in catalogue.vocabularies.bodies}

    def add(body_id: str, updates: list[Update]) -> None:
        kept = found[body_id]
        kept += updates
        if len(kept) > 4 * UPDATES_LIMIT:
            found[body_id] = newest_updates(kept)

    for product in catalogue.products:
        tied: set[str] = set()
        for statement in product.users:
            for body in statement.bodies:
                tied.add(body.id)
                page = urljoin(site_url, urls.page_url(urls.BODY.format(id=body.id)))
                add(body.id, [_update(
                    statement.date, f"{body.name} – {product.name}: {statement.relation.label.lower()}, ifølge en kilde",
                    page, "anvender",
                    f"<p>En kilde af {danish_date(statement.date)} nævner {escape(body.name)} for "
                    f"{escape(product.name)}: {escape(statement.relation.label.lower())} ({_source(statement.source)}).</p>")])
        tied.update(body.id for call in product.calls for body in call.committed)
        if tied:
            changes = product_updates(product, catalogue, site_url)
            for body_id in sorted(tied):
                add(body_id, changes)
    return {body_id: newest_updates(updates) for body_id, updates in found.items()}


def newest_updates(updates: list[Update]) -> list[Update]:
    """The newest :data:`UPDATES_LIMIT` of ``updates``, newest first, each once (an update's id is made from its
    content, so two with one id are the same change)."""
    unique = {update.guid: update for update in updates}
    return sorted(unique.values(), key=lambda u: (u.date, u.guid), reverse=True)[:UPDATES_LIMIT]


def updates_rss(title: str, description: str, page_url: str, feed_url: str, updates: list[Update]) -> str:
    """An RSS 2.0 feed of ``updates``: the newest :data:`UPDATES_LIMIT`, newest first, each once."""
    newest = newest_updates(updates)
    feed = FeedGenerator()
    feed.title(title)
    feed.link(href=feed_url, rel="self")
    feed.link(href=page_url, rel="alternate")  # the channel's <link>: the last one given
    feed.description(description)
    feed.language("da")
    feed.generator("os2catalogue (feedgen)")
    if newest:
        feed.lastBuildDate(_moment(newest[0].date))
        feed.pubDate(_moment(newest[0].date))
    for update in newest:
        entry = feed.add_entry(order="append")
        entry.title(update.title)
        entry.link(href=update.link)
        entry.guid(update.guid, permalink=False)
        entry.pubDate(_moment(update.date))
        entry.description(update.html)
    text = str(feed.rss_str(pretty=True).decode("utf-8"))
    # feedgen dates a feed without items by the clock; such a feed has no date of its own to give.
    return text if newest else _BUILD_DATE.sub("", text)


_BUILD_DATE = re.compile(r"\n\s*<lastBuildDate>[^<]*</lastBuildDate>")
