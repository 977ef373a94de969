"""What readers click, in a real browser: Playwright driving Debian's Chromium, and axe-core."""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from conftest import ROOT, mkdocs_build

from os2catalogue.files import build_date
from os2catalogue.loader import load_catalogue

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for a root sandbox on a closed network: no sandbox, no background calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's site, built with mkdocs and served on loopback."""
    site = tmp_path_factory.mktemp("browser") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does it) or set CHROMIUM")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, site_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, locale="da-DK")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    yield tab
    context.close()
    # No page may contact another origin.
    assert [url for url in requests if not url.startswith(site_url) and not url.startswith("data:")] == []


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue(ROOT / "products", root=ROOT, today=build_date())


def open_catalogue(page, query: str = ""):  # type: ignore[no-untyped-def]
    page.goto("produkter/" + query)
    page.wait_for_selector("#os2-filter[data-ready]")
    return page.locator("#os2-filter-status")


def open_facet(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Open a facet of the filter as a reader does: its choices are folded away until then."""
    page.locator("#os2-filter summary", has_text=label).click()


def visible_slugs(page) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(page.locator(".os2-card[data-slug]:visible").evaluate_all("els => els.map(e => e.dataset.slug)"))


def test_filters_narrow_results_and_update_counts(page, catalogue) -> None:  # type: ignore[no-untyped-def]
    status = open_catalogue(page)
    total = len(catalogue.products)
    assert status.inner_text() == f"Viser alle {total} produkter."
    n1 = sorted(p.slug for p in catalogue.products if p.level.id == "n1")
    assert n1, "the repository has products on N1"
    open_facet(page, "Niveau")
    page.get_by_role("checkbox", name=f"Niveau 1 ({len(n1)})").check()
    assert status.inner_text() == f"Viser {len(n1)} af {total} produkter."
    assert visible_slugs(page) == n1
    page.wait_for_url("**/produkter/?niveau=n1")
    # Counts in the other facets now count only N1 products.
    in_production = sum(1 for p in catalogue.products if p.level.id == "n1" and p.lifecycle.id == "produkt")
    open_facet(page, "Livscyklus")
    assert page.locator(".os2-filter__count[data-facet=livscyklus][data-value=produkt]").inner_text() == \
        f"({in_production})"
    # The level facet's own counts keep showing what each alternative would give.
    n2 = sum(1 for p in catalogue.products if p.level.id == "n2")
    assert page.locator(".os2-filter__count[data-facet=niveau][data-value=n2]").inner_text() == f"({n2})"
    # Level groups left empty by a filter disappear while filtering.
    assert page.locator("#n2").is_hidden() and page.locator("#n1").is_visible()


def test_text_filter_and_reset(page, catalogue) -> None:  # type: ignore[no-untyped-def]
    status = open_catalogue(page)
    in_order = "els => els.map(e => e.dataset.slug)"
    before = page.locator(".os2-card[data-slug]").evaluate_all(in_order)
    page.get_by_label("Filtrér på navn og beskrivelse").fill("rollekatalog")
    assert visible_slugs(page) == ["os2rollekatalog"]
    # A card filtered out leaves the page (hiding many contained cards at once is slow in the browser).
    assert page.locator(".os2-card[data-slug]").count() == 1
    assert status.inner_text() == f"Viser 1 af {len(catalogue.products)} produkter."
    page.wait_for_url("**/produkter/?q=rollekatalog")
    page.get_by_role("button", name="Nulstil filtre").click()
    assert len(visible_slugs(page)) == len(catalogue.products)
    assert page.locator(".os2-card[data-slug]").evaluate_all(in_order) == before  # back, in the same order
    page.wait_for_url("**/produkter/")


def test_query_in_url_restores_state_and_history_works(page, catalogue) -> None:  # type: ignore[no-untyped-def]
    status = open_catalogue(page, "?niveau=n1&q=faktor")
    assert page.get_by_label("Filtrér på navn og beskrivelse").input_value() == "faktor"
    assert page.locator("input[name=niveau][value=n1]").is_checked()
    assert visible_slugs(page) == ["os2faktor"]
    assert status.inner_text() == f"Viser 1 af {len(catalogue.products)} produkter."
    # The facet chosen in the address opened by itself.
    assert page.locator("#os2-filter details", has_text="Niveau").get_attribute("open") is not None
    open_catalogue(page)
    open_facet(page, "Livscyklus")
    page.locator("input[name=livscyklus][value=udtraadt]").check()
    left = sorted(p.slug for p in catalogue.products if p.lifecycle.id == "udtraadt")
    assert visible_slugs(page) == left
    page.wait_for_url("**/produkter/?livscyklus=udtraadt")
    page.locator("input[name=livscyklus][value=produkt]").check()
    page.wait_for_url("**/produkter/?livscyklus=produkt&livscyklus=udtraadt")
    page.go_back()
    assert visible_slugs(page) == left
    assert not page.locator("input[name=livscyklus][value=produkt]").is_checked()
    page.go_forward()
    assert page.locator("input[name=livscyklus][value=produkt]").is_checked()


def test_filters_work_from_the_keyboard(page) -> None:  # type: ignore[no-untyped-def]
    status = open_catalogue(page)
    assert status.get_attribute("role") == "status"
    page.locator("#os2-filter summary", has_text="Niveau").focus()
    page.keyboard.press("Enter")  # opens the facet
    page.keyboard.press("Tab")
    box = page.locator("input[name=niveau][value=" + page.evaluate("document.activeElement.value") + "]")
    page.keyboard.press("Space")
    assert box.is_checked()
    assert status.inner_text().startswith("Viser ")
    for control in page.locator("#os2-filter input").all():
        control_id, name = control.get_attribute("id"), control.evaluate("el => el.labels.length")
        assert name >= 1, control_id


def test_without_javascript_facet_pages_lead_to_a_product(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("produkter/")
    # The filter cannot work without JavaScript, so it is not offered; the browse links stand in for it.
    assert page.locator("#os2-filter").is_hidden() and page.locator(".os2-browse").is_visible()
    page.locator(".os2-browse").get_by_role("link", name="Niveau 1").click()
    assert page.url.endswith("/niveauer/n1/")
    page.locator(".os2-card").get_by_role("link", name="OS2faktor").click()
    assert page.locator("h1").inner_text().rstrip("¶") == "OS2faktor"
    page.goto("kommuner/")
    page.get_by_role("link", name="Datatilsynet").click()
    page.get_by_role("link", name="OS2rollekatalog").first.click()
    assert page.locator("h1").inner_text().rstrip("¶") == "OS2rollekatalog"
    context.close()


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type ``query`` into the theme's search as a reader does; the addresses of the results, in order."""
    page.goto("")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The index loads in a worker; the result line says "Indtast søgeord" once it is ready.
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="Indtast søgeord").wait_for(timeout=30000)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    meta.filter(has_text="resultat").wait_for(timeout=30000)
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize(("query", "slug"), [
    ("OS2valghalla", "os2valghalla"), ("valghalla", "os2valghalla"), ("borgerpc", "os2borgerpc"),
    ("BorgerPC", "os2borgerpc"), ("OS2BORGERPC", "os2borgerpc"), ("datascanner", "os2datascanner"),
    ("rollekatalog", "os2rollekatalog"), ("mo", "os2mo"), ("kitos", "os2kitos")])
def test_search_finds_a_product_by_its_name_first(page, query: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    found = search(page, query)
    assert found and f"produkter/{slug}/" in found[0], found[:5]


def test_search_finds_a_categorys_products_by_its_words(page, catalogue) -> None:  # type: ignore[no-untyped-def]
    in_category = {f"produkter/{p.slug}/" for p in catalogue.products if "sikkerhed" in {c.id for c in p.categories}}
    found = search(page, "sikkerhed")
    first = {"produkter/" + url.split("?")[0].split("#")[0].split("produkter/", 1)[-1]
             for url in found[:len(in_category)]}
    assert in_category and first == in_category, found[:8]


def test_listing_pages_stay_out_of_search(page) -> None:  # type: ignore[no-untyped-def]
    found = search(page, "valghalla")
    assert not [url for url in found if "/licens/" in url or "/livscyklus/" in url or "/niveau/" in url
                or "kategorier/" in url or "kommuner/" in url or "nyheder/arkiv" in url], found


@pytest.mark.parametrize("path", ["", "produkter/", "produkter/os2rollekatalog/", "kommuner/aarhus-kommune/",
                                  "kommuner/datatilsynet/", "leverandoerer/digital-identity/", "styringsmodel/",
                                  "tilgaengelighed/", "nyheder/", "nyheder/2022/10/04/os2valghalla-crowdfunding-i-maal/",
                                  "foelg-eller-forklar/", "kommuner/"])
def test_no_wcag_21_aa_violations(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_load_state("load")
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()


def test_was_leads_to_the_accessibility_statement(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("was/")
    page.wait_for_url("**/tilgaengelighed/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Tilgængelighedserklæring"
    page.goto("")
    page.locator(".md-footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    assert page.url.endswith("/tilgaengelighed/")


@pytest.mark.parametrize("path", ["produkter/", "produkter/os2rollekatalog/", "statistik/", "data/"])
def test_no_wcag_21_aa_violations_on_a_phone(browser, site_url, path: str) -> None:  # type: ignore[no-untyped-def]
    # Wide tables scroll on a narrow screen; a scrolling box must be reachable by keyboard.
    context = browser.new_context(base_url=site_url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("load")
    result = Axe().run(page, options=WCAG_21_AA)
    context.close()
    assert result.violations_count == 0, result.generate_report()


CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


@pytest.mark.parametrize("path", ["", "produkter/", "produkter/os2rollekatalog/", "statistik/", "nyheder/",
                                  "kommuner/aarhus-kommune/", "foelg-eller-forklar/", "404.html"])
def test_every_page_has_a_policy_it_keeps(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(CSP_LISTENER)
    page.goto(path)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    page.keyboard.press("/")  # the theme's search: its worker and index load under the policy
    page.wait_for_timeout(500)
    assert page.evaluate("window.__csp") == []


def test_a_handler_slipped_into_a_page_would_not_run(page) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(CSP_LISTENER)
    page.goto("produkter/os2rollekatalog/")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # What an attacker would need: markup with a handler, and an inline script, added after the policy.
    page.evaluate("""() => {
      const box = document.createElement('div');
      box.innerHTML = '<img src="x" onerror="alert(1)">';
      document.body.append(box);
      const script = document.createElement('script');
      script.textContent = 'alert(2)';
      document.body.append(script);
    }""")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert any("script-src" in violation for violation in page.evaluate("window.__csp"))


HOSTILE_TEXT = {
    # What validation lets through must reach the reader as text: no dialog, no request elsewhere, no violation.
    "description": "short_description: 'Sammenlign \"før\" & ''efter'' – »Q&A« (x=1; y=\"2\")'",
    "governance": (
        "governance:\n  reports:\n  - url: https://example.org/r\n    date: 2026-06-01\n    format: selvevaluering\n"
        "    answers:\n      R1:\n        status: ikke opfyldt\n        quote: |-\n"
        "          <script>alert(1)</script> <img src=x onerror=alert(2)>\n"
        "          [klik](javascript:alert(3)) ![x](https://tracker.example/p.png) \"><svg onload=alert(4)>\n"
    ),
    "body": "\nEn `<script>alert(5)</script>` i kode.\n\n```\n<img src=x onerror=alert(6)>\n```\n",
}


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tiny site whose product files carry every text that validation accepts but a browser could misread."""
    from conftest import BUILD_DATE, PRODUCT_FIXTURES, fixture_site

    tmp = tmp_path_factory.mktemp("hostile")
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    text = minimal.replace("short_description: Et eksempel på en produktfil med netop de felter, der skal udfyldes.",
                           HOSTILE_TEXT["description"]).replace(
        "last_reviewed:", HOSTILE_TEXT["governance"] + "last_reviewed:") + HOSTILE_TEXT["body"]
    root = fixture_site(tmp, {"os2eksempel.md": text})
    site = tmp / "site"
    result = mkdocs_build(root, site, BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("path", ["produkter/os2eksempel/", "produkter/os2eksempel/svar/", "produkter/",
                                  "foelg-eller-forklar/", ""])
def test_accepted_hostile_text_is_inert(browser, hostile_site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=hostile_site_url, locale="da-DK")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.add_init_script(CSP_LISTENER)
    tab.goto(path)
    tab.wait_for_timeout(300)
    violations = tab.evaluate("window.__csp")
    if path == "produkter/os2eksempel/svar/":
        assert "<script>alert(1)</script>" in tab.locator("blockquote.os2-quote").first.inner_text()
        quote = tab.locator("blockquote.os2-quote").first
        assert quote.locator('a[href^="javascript"], img, svg, script').count() == 0  # all of it stays text
    if path == "produkter/os2eksempel/":
        assert 'Sammenlign "før" & \'efter\'' in tab.locator(".os2-lead").inner_text()
        assert tab.locator('meta[name="description"]').get_attribute("content").startswith('Sammenlign "før"')
    context.close()
    assert dialogs == [] and violations == []
    assert [url for url in requests if not url.startswith(hostile_site_url)] == []


# Readers find it at once (issue 12): the catalogue's first screen, layout shift, search on demand, pages that fit a
# screen and a printer, and the small things a reader hits.

DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_the_first_product_card_is_on_the_first_screen(browser, site_url, viewport) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, viewport=viewport)
    page = context.new_page()
    open_catalogue(page)
    title = page.locator(".os2-card .os2-card__title").first.bounding_box()
    context.close()
    assert title is not None and title["y"] + title["height"] <= viewport["height"], title


LAYOUT_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.__shift += entry.value; }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "390x844"])
def test_the_catalogue_does_not_shift_as_it_loads(browser, site_url, viewport) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, viewport=viewport)
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    # A slow network and CPU, as Lighthouse's phone has: the filter's data arrives well after first paint.
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 200_000, "uploadThroughput": 90_000})
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    open_catalogue(page)
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__shift")
    context.close()
    assert shift <= 0.05, shift


def test_the_search_index_loads_only_when_a_reader_searches(page) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto("produkter/os2rollekatalog/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert not [url for url in asked if url.endswith("search_index.json")]
    # Nor does a page fetch sitemap.xml (the theme would, taking the feeds' rel=alternate links for languages).
    assert not [url for url in asked if url.endswith("sitemap.xml")]
    assert search(page, "kitos")[0].split("?")[0].endswith("produkter/os2kitos/")
    assert [url for url in asked if url.endswith("search_index.json")]


@pytest.mark.parametrize("path", ["", "produkter/", "produkter/os2rollekatalog/", "nyheder/", "404.html"])
def test_the_search_dialog_has_a_name(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Søg"


def test_scorecards_fit_a_desktop_and_stack_on_a_phone(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("produkter/os2rollekatalog/")
    tables = page.locator("table.os2-scorecard")
    assert tables.count() == 4
    content = page.locator("article.md-content__inner").bounding_box()
    for table in tables.all():
        box = table.bounding_box()
        assert box and box["x"] + box["width"] <= content["x"] + content["width"] + 1, box
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    page.set_viewport_size(PHONE)
    rows = page.locator("table.os2-scorecard tbody tr")
    assert rows.count() == 43
    for row in rows.all()[:: 7]:
        row.scroll_into_view_if_needed()
        for part in (row.locator(".os2-status"), row.locator(".os2-rating")):
            box = part.bounding_box()
            assert part.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    context.close()


def test_the_full_answers_are_one_click_from_the_scorecard(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("produkter/os2rollekatalog/")
    page.locator("table.os2-scorecard").get_by_role("link", name="F4").click()
    assert page.url.endswith("/produkter/os2rollekatalog/svar/#f4")
    row = page.locator("tr#f4")
    assert row.locator("blockquote.os2-quote").count() >= 1 and row.locator(".os2-rating").is_visible()


def test_a_printed_product_page_is_a_two_page_handout(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    import re

    context = browser.new_context(base_url=site_url)
    page = context.new_page()
    page.goto("produkter/os2rollekatalog/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert page.locator(chrome).first.is_hidden(), chrome
    for kept in ("dl.os2-facts", "#kontakt", "#folg-eller-forklar", "text=Svar i governancerapporten"):
        assert page.locator(kept).first.is_visible(), kept
    assert page.locator("table.os2-scorecard").first.is_hidden()
    pdf = page.pdf(format="A4")
    context.close()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2


def test_the_home_page_has_navigation_on_a_desktop(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("")
    navigation = page.locator(".md-sidebar--primary")
    assert navigation.is_visible()
    navigation.get_by_role("link", name="Styringsmodellen").click()
    assert page.url.endswith("/styringsmodel/")
    context.close()


def test_the_not_found_page_is_danish_and_leads_on(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("404.html")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    page.get_by_label("Find et produkt efter navn eller emne").fill("borgerpc")
    page.get_by_role("button", name="Find").click()
    page.wait_for_selector("#os2-filter[data-ready]")
    assert visible_slugs(page) == ["os2borgerpc"]
    page.go_back()
    page.get_by_role("link", name="Forsiden").click()
    assert page.locator("h1").inner_text().rstrip("¶") == "Find OS2's fælles løsninger"


def test_english_text_is_marked_english(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("produkter/os2rollekatalog/")
    summary = page.locator(".os2-summary-en")
    assert summary.get_attribute("lang") == "en" and summary.inner_text().startswith("In English:")


# A catalogue larger than its index shows -----------------------------------------------------------------

LARGE_EXTRA = 45


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site with 45 more products that are not assessed: more than the catalogue index shows of
    a level."""
    import shutil

    from conftest import PRODUCT_FIXTURES

    root = tmp_path_factory.mktemp("large") / "repo"
    for name in ("docs", "overrides", "hooks", "blog", "products"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - src/os2catalogue\n", ""), encoding="utf-8")
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    for n in range(1, LARGE_EXTRA + 1):
        text = minimal.replace("OS2eksempel", f"OS2p{n:02d}")
        if n % 4 == 0:  # some retired, some not reviewed for a year: their cards say so
            text = text.replace("lifecycle: produkt", "lifecycle: udtrådt\nlifecycle_source:\n"
                                "  source: https://example.org/ud\n  date: 2023-06-01")
        if n % 3 == 0:
            text = text.replace("last_reviewed: 2026-11-01", "last_reviewed: 2024-01-01")
        (root / "products" / f"os2p{n:02d}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def large_site_url(large_site: Path) -> Iterator[str]:
    site = large_site.parent / "out"
    result = mkdocs_build(large_site, site)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("javascript", [True, False])
def test_a_large_catalogue_shows_every_product(browser, large_site: Path, large_site_url: str,  # type: ignore[no-untyped-def]
                                               javascript: bool) -> None:
    from os2catalogue.pages import CATALOGUE_GROUP_SIZE, products_by_level

    catalogue = load_catalogue(large_site / "products", root=large_site, today=build_date())
    unassessed = next(products for level, products in products_by_level(catalogue) if not level.assessed)
    assert len(unassessed) > CATALOGUE_GROUP_SIZE
    context = browser.new_context(base_url=large_site_url, locale="da-DK", java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto("produkter/")
    cards = tab.locator(".os2-group[data-group=ikke-vurderet] .os2-card")
    more = tab.locator(".os2-group[data-group=ikke-vurderet] .os2-group__more")
    if javascript:
        # Each level shows as many cards as the index does, and a button brings the others, which the filter script
        # makes from its dataset, in the catalogue's order.
        tab.wait_for_selector("#os2-filter[data-ready]", state="attached")
        slugs = [p.slug for p in unassessed]
        assert cards.evaluate_all("els => els.map(e => e.dataset.slug)") == slugs[:CATALOGUE_GROUP_SIZE]
        assert more.inner_text() == f"Her står de første {CATALOGUE_GROUP_SIZE} af {len(slugs)}. " \
                                    f"Vis alle {len(slugs)} produkter på ikke vurderet"
        more.get_by_role("button").click()
        assert cards.evaluate_all("els => els.map(e => e.dataset.slug)") == slugs and not more.is_visible()
        # The reader goes on at the first card the button brought.
        assert tab.evaluate("document.activeElement.closest('.os2-card').dataset.slug") == slugs[CATALOGUE_GROUP_SIZE]
        last = unassessed[-1]
        assert cards.last.locator("a").get_attribute("href") == f"{last.slug}/"
        assert cards.last.locator(".os2-card__text").text_content() == last.short_description
        # Each card made from the dataset reads as the card the level's page has, element by element (retired
        # products and products not reviewed for a year among them).
        shape = ("el => [el, ...el.querySelectorAll('*')].map(e => e.tagName + '.' + e.className + ' '"
                 " + (e.children.length ? '' : e.textContent.trim()))")
        made = cards.evaluate_all(f"els => els.slice({CATALOGUE_GROUP_SIZE}).map({shape})")
        level_page = context.new_page()
        level_page.goto("niveauer/ikke-vurderet/")  # one page: fewer than PAGE_SIZE products
        server = level_page.locator(".os2-card").evaluate_all(f"els => els.slice({CATALOGUE_GROUP_SIZE}).map({shape})")
        assert made == server and len(made) == len(unassessed) - CATALOGUE_GROUP_SIZE
        classes = " ".join(" ".join(shapes) for shapes in made)
        assert "os2-card--left" in classes and "os2-stale" in classes
        level_page.close()
        tab.fill("#os2-filter-q", last.name)
        tab.wait_for_function("document.querySelectorAll('.os2-card').length === 1")
        assert tab.locator(".os2-card h3").inner_text() == last.name and not more.is_visible()
        # Any change closes the level again: it shows its first cards and the button.
        tab.fill("#os2-filter-q", "")
        assert cards.count() == CATALOGUE_GROUP_SIZE and more.is_visible()
        # A filter that lets more through than a level shows gets the count and the button too (in a new page,
        # where the level is not opened yet).
        tab.goto("produkter/?q=os2p")
        tab.wait_for_selector("#os2-filter[data-ready]", state="attached")
        matching = [p.slug for p in unassessed if "os2p" in p.name.lower()]
        assert len(matching) > CATALOGUE_GROUP_SIZE and cards.count() == CATALOGUE_GROUP_SIZE
        assert more.is_visible() and f"af {len(matching)}. " in more.inner_text()
    else:
        # Without JavaScript the index shows the first cards and leads to the level's page, which lists them all.
        assert cards.count() == CATALOGUE_GROUP_SIZE and more.is_visible()
        more.locator("a").click()
        assert tab.locator(".os2-card").count() == len(unassessed)
    context.close()


def test_compare_two_to_four_products_side_by_side_with_the_choice_in_the_address(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("sammenlign/?p=os2mo&p=os2kitos")
    table = page.locator("table.os2-compare-side")
    table.wait_for()
    assert table.locator("thead th").all_inner_texts() == ["Oplysning", "OS2mo", "OS2kitos"]
    rows = table.locator("tbody th").all_inner_texts()
    assert rows[:3] == ["Niveau", "Dokumenteret niveau", "Mangler for næste niveau"] and len(rows) == 10
    mo = table.locator("tbody tr").filter(has_text="Dokumenteret niveau").locator("td").first.inner_text()
    assert mo == "Ingen governancerapport offentliggjort"
    # Add one by the name people use, then remove one: the address follows, so the view can be shared.
    page.locator("#os2-compare-add").fill("OS2borgerPC")
    page.get_by_role("button", name="Tilføj").click()
    assert page.url.endswith("/sammenlign/?p=os2mo&p=os2kitos&p=os2borgerpc")
    page.get_by_role("button", name="Fjern OS2kitos").click()
    assert page.url.endswith("/sammenlign/?p=os2mo&p=os2borgerpc")
    assert table.locator("thead th").all_inner_texts() == ["Oplysning", "OS2mo", "OS2borgerPC"]
    page.locator("#os2-compare-add").fill("OS2ukendt")
    page.get_by_role("button", name="Tilføj").click()
    assert "Kataloget kender ikke »OS2ukendt«" in page.locator(".os2-compare__status").inner_text()
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.violations_count == 0, result.generate_report()
    # A shared address opens the same comparison; a fifth product is not added.
    page.goto("sammenlign/?p=os2mo&p=os2kitos&p=os2loop&p=os2faktor&p=os2bos")
    page.locator("table.os2-compare-side").wait_for()
    assert page.locator("table.os2-compare-side thead th").count() == 5  # the label column and four products
    # Each product page leads here with itself chosen.
    page.goto("produkter/os2valghalla/")
    page.get_by_role("link", name="Sammenlign OS2valghalla med andre produkter").click()
    page.locator("table.os2-compare-side").wait_for()
    assert page.url.endswith("/sammenlign/?p=os2valghalla")


def test_without_javascript_the_comparison_is_the_full_table(browser, site_url, catalogue) -> None:  # type: ignore[no-untyped-def]
    import re

    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("sammenlign/?p=os2mo&p=os2kitos")
    assert page.locator("#os2-compare").is_hidden()
    table = page.locator("table.os2-compare-table")
    names = table.locator("tbody th").all_inner_texts()
    assert sorted(names, key=str.casefold) == names and len(names) == len(catalogue.products)
    assert table.locator("thead th").count() == 11
    assert "ukendt" in page.locator(".os2-without-js").inner_text()
    context.close()
    # axe needs JavaScript to run, so it checks the page as served without its scripts: what a reader without
    # JavaScript gets.
    context = browser.new_context(base_url=site_url)
    page = context.new_page()

    def without_scripts(route) -> None:  # type: ignore[no-untyped-def]
        html = route.fetch().text()
        route.fulfill(body=re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S),
                      content_type="text/html; charset=utf-8")

    page.route("**/sammenlign/", without_scripts)
    page.goto("sammenlign/")
    assert page.locator("#os2-compare").is_hidden() and page.locator("table.os2-compare-table").is_visible()
    result = Axe().run(page, options=WCAG_21_AA)
    context.close()
    assert result.violations_count == 0, result.generate_report()
