"""Feeds of changes per product and per body: well-formed RSS, dated from the data, newest first, stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import xml.etree.ElementTree as ET

import feedparser
from conftest import BUILD_DATE, ROOT, Repo

from os2catalogue import feeds
from os2catalogue.loader import load_catalogue, load_site, read_site
from os2catalogue.pages import generate_pages


@functools.lru_cache(maxsize=1)
def _pages(today: dt.date = BUILD_DATE) -> dict[str, str]:
    catalogue = load_site(ROOT, today=today)
    return {page.src_uri: page.content for page in generate_pages(catalogue) if page.src_uri.endswith("feed.xml")}


def test_every_product_and_body_has_a_well_formed_feed_that_is_the_same_from_every_build() -> None:
    first, second = _pages(), _pages()
    assert first == second
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    assert {f"produkter/{p.slug}/feed.xml" for p in catalogue.products} | \
        {f"kommuner/{b.id}/feed.xml" for b in catalogue.vocabularies.bodies} == set(first)
    for uri, text in first.items():
        ET.fromstring(text.encode("utf-8"))  # well-formed XML
        feed = feedparser.parse(text)
        assert not feed.bozo, uri
        assert feed.feed.language == "da" and feed.feed.link.startswith("https://produkter.os2.eu/")
        days = [entry.published_parsed[:3] for entry in feed.entries]
        assert days == sorted(days, reverse=True), uri  # newest first
        assert len({entry.id for entry in feed.entries}) == len(feed.entries) <= feeds.UPDATES_LIMIT


def test_a_product_feed_carries_decisions_reports_calls_users_and_news_with_their_own_dates() -> None:
    feed = feedparser.parse(_pages()["produkter/os2valghalla/feed.xml"])
    entries = [(entry.title, entry.published_parsed[:3]) for entry in feed.entries]
    assert entries == [
        ("OS2valghalla: Governancerapport (selvevaluering), der dokumenterer niveau 1", (2026, 6, 23)),
        ("OS2valghalla: Tilslutningsaftalen er klar", (2023, 8, 31)),
        ("OS2valghalla: Crowdfunding lukket: Crowdfunding af OS2valghalla 3.0", (2022, 10, 4)),
        ("OS2valghalla: 21 myndigheder nævnt (gav tilsagn i en crowdfunding)", (2022, 10, 4)),
        ("OS2valghalla 3.0: Crowdfundingen kom i mål", (2022, 10, 4)),
    ]
    rolle = feedparser.parse(_pages()["produkter/os2rollekatalog/feed.xml"])
    recommendation = next(e for e in rolle.entries if e.title == "OS2rollekatalog: Sekretariatets anbefaling: niveau 2")
    assert recommendation.published_parsed[:3] == (2026, 9, 29)
    assert recommendation.link == "https://produkter.os2.eu/produkter/os2rollekatalog/#historik"
    assert "evalueringsrapporter/2026-09-25_OS2rollekatalog_evaluering.md" in recommendation.summary


def test_a_body_feed_follows_the_products_sources_name_it_for() -> None:
    feed = feedparser.parse(_pages()["kommuner/aarhus-kommune/feed.xml"])
    titles = [entry.title for entry in feed.entries]
    assert "Aarhus Kommune – OS2valghalla: gav tilsagn i en crowdfunding, ifølge en kilde" in titles
    assert "OS2valghalla: Governancerapport (selvevaluering), der dokumenterer niveau 1" in titles
    quiet = feedparser.parse(_pages()["kommuner/aeroe-kommune/feed.xml"])
    assert not quiet.bozo and quiet.feed.title == "Ærø Kommune – OS2-produkter" and quiet.entries == []
    assert "lastBuildDate" not in _pages()["kommuner/aeroe-kommune/feed.xml"]  # no clock in an empty feed


def test_an_opened_call_is_an_item_and_text_from_the_data_is_escaped(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", """calls:
  - title: Fælles indkøb & drift
    kind: tilslutning
    url: https://example.org/c?a=1&b=2
    opened: 2026-09-01
    deadline: 2026-12-31
last_reviewed:"""))
    catalogue, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert problems == [] and catalogue is not None
    text = next(p.content for p in generate_pages(catalogue) if p.src_uri == "produkter/os2eksempel/feed.xml")
    feed = feedparser.parse(text)
    (entry,) = feed.entries
    assert entry.title == "OS2eksempel: Tilslutning åbnet: Fælles indkøb & drift"
    assert entry.published_parsed[:3] == (2026, 9, 1)
    assert "Fælles indkøb &amp; drift" in entry.summary and 'href="https://example.org/c?a=1&amp;b=2"' in entry.summary
    assert "<script" not in text


def test_a_feed_keeps_the_newest_fifty() -> None:
    updates = [feeds.Update(dt.date(2026, 1, 1) + dt.timedelta(days=n), f"Ændring {n}", "https://x.dk/", f"id-{n}",
                            "<p>x</p>") for n in range(60)]
    feed = feedparser.parse(feeds.updates_rss("T", "D", "https://x.dk/", "https://x.dk/feed.xml", updates))
    assert [e.title for e in feed.entries] == [f"Ændring {n}" for n in range(59, 9, -1)]


def test_a_body_named_for_many_products_carries_the_newest_changes_of_them_all() -> None:
    """A body's list of changes is cut to the newest as it grows (a big municipality is named for most products);
    what its feed carries is the same as from every change at once."""
    catalogue = load_site(ROOT, today=BUILD_DATE)
    valghalla = catalogue.product("os2valghalla")
    copies = tuple(dataclasses.replace(valghalla, slug=f"os2valghalla{n:03}", name=f"OS2valghalla {n}")
                   for n in range(100))
    site = "https://produkter.os2.eu/"
    each = [feeds.body_updates(dataclasses.replace(catalogue, products=(copy,)), site)["aarhus-kommune"]
            for copy in copies]
    assert all(0 < len(updates) < feeds.UPDATES_LIMIT for updates in each)  # one product alone is never cut
    newest = feeds.body_updates(dataclasses.replace(catalogue, products=copies), site)["aarhus-kommune"]
    assert sum(len(updates) for updates in each) > 4 * feeds.UPDATES_LIMIT  # long enough to be cut on the way
    assert newest == feeds.newest_updates([update for updates in each for update in updates])
    assert len(newest) == feeds.UPDATES_LIMIT
