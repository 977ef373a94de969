"""The news feeds: RSS 2.0 (written by feedgen) and JSON Feed 1.1, built from the posts' own front matter.

Every date is the post's date (``date`` or ``date: {created, updated}``), items run newest first, links inside an
item are absolute (a feed reader has no page to resolve them against), and nothing depends on the time of the
build, so two builds of the same commit give the same bytes. Scheduled and draft posts stay out, as on the site.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from feedgen.feed import FeedGenerator

from os2catalogue import sanitize, urls
from os2catalogue.model import Catalogue, Post
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
