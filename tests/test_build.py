"""Real `mkdocs build --strict` runs: the repository's own site, and a tiny fixture site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, FIXTURES, PRODUCT_FIXTURES, ROOT, fixture_site, mkdocs_build
from sitecheck import broken_internal_links, other_origin_requests, parse

from os2catalogue.loader import load_catalogue

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("repository") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    return site


def product_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "products").glob("*.md"))


def test_every_product_file_has_its_page(repository_site: Path) -> None:
    for slug in product_slugs():
        page = repository_site / "produkter" / slug / "index.html"
        assert page.is_file(), slug
        assert f'href="https://github.com/OS2offdig/os2-produktkatalog/edit/main/products/{slug}.md"' in \
            page.read_text(encoding="utf-8"), slug


def test_index_lists_every_product(repository_site: Path) -> None:
    links = parse(repository_site / "produkter" / "index.html").links
    listed = sorted({m.group(1) for href in links if (m := re.fullmatch(r"([a-z0-9-]+)/", href))})
    assert listed == product_slugs()


def test_level_pages_and_model_page_exist(repository_site: Path) -> None:
    for level in ("sandkasse", "n1", "n2", "n3", "ikke-vurderet"):
        assert (repository_site / "niveauer" / level / "index.html").is_file()
    assert (repository_site / "niveauer" / "index.html").is_file()
    model = (repository_site / "styringsmodel" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<tr id="([rfsg]\d+)">', model)
    assert len(ids) == 43 and len(set(ids)) == 43
    assert "f8" not in ids and "f9" not in ids


def test_product_pages_stay_out_of_the_navigation(repository_site: Path) -> None:
    # The home page's own text names no product, so any product link on it would come from the sidebar.
    home = (repository_site / "index.html").read_text(encoding="utf-8")
    assert 'href="niveauer/"' in home
    assert not [slug for slug in product_slugs() if f"produkter/{slug}/" in home]
    # With the Produkter section open (the catalogue's own page), its sidebar lists its pages but no product.
    catalogue = (repository_site / "produkter" / "index.html").read_text(encoding="utf-8")
    sidebar = catalogue[catalogue.index("md-nav--primary"):catalogue.index("md-sidebar--secondary")]
    assert 'href="../deltag/"' in sidebar
    assert not [slug for slug in product_slugs() if f"{slug}/" in sidebar]


def test_no_page_requests_another_origin(repository_site: Path) -> None:
    assert other_origin_requests(repository_site) == []


def test_internal_links_resolve(repository_site: Path) -> None:
    assert broken_internal_links(repository_site) == []


def test_no_page_links_to_a_local_address(repository_site: Path) -> None:
    import re

    local = re.compile(r'(?:href|src|action)="(?:https?:)?//(?:127\.\d+\.\d+\.\d+|localhost|0\.0\.0\.0)[:/"]', re.I)
    assert [str(page.relative_to(repository_site)) for page in sorted(repository_site.rglob("*.html"))
            if local.search(page.read_text(encoding="utf-8"))] == []


def test_each_product_page_stays_light_and_its_full_answers_have_their_own_page(repository_site: Path) -> None:
    # Reader-side budget (README, "Reader-side figures"): the theme's CSS and JavaScript weigh 259 KiB, so a page's
    # HTML must stay well under 100 KB to keep a product page within 1.3 x plain Material's 273 KiB.
    for slug in product_slugs():
        page = repository_site / "produkter" / slug / "index.html"
        assert page.stat().st_size < 90_000, (slug, page.stat().st_size)
    answers = (repository_site / "produkter" / "os2rollekatalog" / "svar" / "index.html").read_text(encoding="utf-8")
    assert answers.count('<blockquote class="os2-quote"') > 43 and 'id="f4"' in answers


def test_governance_pages_exist(repository_site: Path) -> None:
    overview = (repository_site / "foelg-eller-forklar" / "index.html").read_text(encoding="utf-8")
    assert overview.count('<th scope="row"><a href="../produkter/') == len(product_slugs())
    calls = (repository_site / "deltag" / "index.html").read_text(encoding="utf-8")
    assert "Det kan du være med i" in calls and "OS2valghalla" in calls
    assert (repository_site / "gennemgang" / "index.html").is_file()
    scorecard = (repository_site / "produkter" / "os2rollekatalog" / "index.html").read_text(encoding="utf-8")
    assert "Svar i governancerapporten" in scorecard and scorecard.count('<th scope="row">') >= 43


def test_every_user_and_supplier_has_a_page(repository_site: Path) -> None:
    from os2catalogue.vocab import load_vocabularies

    vocab = load_vocabularies()
    for body in vocab.bodies:
        page = (repository_site / "kommuner" / body.id / "index.html").read_text(encoding="utf-8")
        assert body.name in page
        assert "Produkter (0)" not in page
        if not any(body.id in (ROOT / "products" / f"{slug}.md").read_text(encoding="utf-8") for slug in product_slugs()):
            assert (f"Ingen offentlig kilde, som kataloget kender, nævner {body.name} i forbindelse med et "
                    "OS2-produkt.") in page
    # The crowdfunding post names OS2valghalla's 21 municipalities: each page lists it, with the post as source.
    valghalla = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE).product("os2valghalla")
    [funders] = [s for s in valghalla.users if s.relation.id == "crowdfunding"]
    assert len(funders.bodies) == 21
    for body in funders.bodies:
        page = (repository_site / "kommuner" / body.id / "index.html").read_text(encoding="utf-8")
        tie = re.search(r'<li><a href="../../produkter/os2valghalla/">OS2valghalla</a>: ([^<]*)<span class="os2-source">'
                        r'\(<a href="([^"]+)">kilde</a>, ([^)]+)\)', page)
        assert tie and tie.groups() == ("gav tilsagn i en crowdfunding ", funders.source, "4. oktober 2022"), body.id
    overview = (repository_site / "kommuner" / "index.html").read_text(encoding="utf-8")
    assert overview.count('<th scope="row"><a href="') == len(vocab.bodies)
    for supplier in vocab.suppliers:
        assert supplier.name in (repository_site / "leverandoerer" / supplier.id / "index.html").read_text(encoding="utf-8")
    datatilsynet = (repository_site / "kommuner" / "datatilsynet" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../produkter/os2rollekatalog/"' in datatilsynet


def test_index_counts_equal_the_product_files(repository_site: Path) -> None:
    index = (repository_site / "produkter" / "index.html").read_text(encoding="utf-8")
    level_counts = re.findall(r'<span class="os2-filter__count" data-facet="niveau" data-value="[^"]+">\((\d+)\)', index)
    assert sum(map(int, level_counts)) == len(product_slugs())
    lifecycle = re.findall(r'data-facet="livscyklus" data-value="[^"]+">\((\d+)\)', index)
    assert sum(map(int, lifecycle)) == len(product_slugs())
    import json

    dataset = json.loads((repository_site / "produkter" / "filtre.json").read_text(encoding="utf-8"))
    assert sorted(p["slug"] for p in dataset["products"]) == product_slugs()
    # Browsing without JavaScript: a level's link opens its level page, a lifecycle stage's its listing.
    for folder, prefix in ((repository_site / "niveauer", "../niveauer/"), (repository_site / "produkter" / "livscyklus",
                                                                            "livscyklus/")):
        page_links = re.findall(rf'href="{prefix}([a-z0-9-]+)/"', index)
        assert page_links and all((folder / v / "index.html").is_file() for v in page_links), prefix


def test_search_is_danish_and_boosts_products(repository_site: Path) -> None:
    import json

    index = json.loads((repository_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["da"]
    product_docs = [d for d in index["docs"] if d["location"].startswith("produkter/os2mo/")]
    assert product_docs and all(d.get("boost") == 10 for d in product_docs)
    assert any("OS2mo" in d["title"] for d in product_docs)


def test_every_published_post_has_a_page_and_is_in_the_feed(repository_site: Path) -> None:
    import datetime as dt

    import feedparser

    from os2catalogue.loader import load_site

    posts = load_site(ROOT, today=dt.date.today()).posts
    published = [p for p in posts if p.is_published(dt.date.today())]
    for post in published:
        html = (repository_site / post.url / "index.html").read_text(encoding="utf-8")
        for slug in post.products:
            assert f'href="../../../../../produkter/{slug}/"' in html, (post.slug, slug)
            product_page = (repository_site / "produkter" / slug / "index.html").read_text(encoding="utf-8")
            assert post.url in product_page or post in posts[5:], (post.slug, slug)
    if len(published) > 10:  # ten posts a page
        assert (repository_site / "nyheder" / "side" / "2" / "index.html").is_file()
    for category in {c for p in published for c in p.categories}:
        assert (repository_site / "nyheder" / "kategori" / category.lower() / "index.html").is_file()
    for year in {p.date.year for p in published}:
        assert (repository_site / "nyheder" / "arkiv" / str(year) / "index.html").is_file()
    feed = feedparser.parse(str(repository_site / "feed_rss_created.xml"))
    assert not feed.bozo
    newest_first = sorted(published, key=lambda p: (p.date, p.slug), reverse=True)
    assert [(e.link, e.published_parsed[:3]) for e in feed.entries] == [
        (f"https://produkter.os2.eu/{p.url}", (p.date.year, p.date.month, p.date.day)) for p in newest_first]
    assert feed.feed.language == "da"
    jsonfeed = json.loads((repository_site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert [(i["url"], i["date_published"][:10]) for i in jsonfeed["items"]] == [
        (f"https://produkter.os2.eu/{p.url}", p.date.isoformat()) for p in newest_first]
    head = (repository_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'type="application/rss+xml"' in head and 'type="application/feed+json"' in head
    home = (repository_site / "index.html").read_text(encoding="utf-8")
    for post in published[:3]:
        assert post.url in home


def test_product_and_body_pages_announce_their_own_feeds(repository_site: Path) -> None:
    import feedparser

    product = (repository_site / "produkter" / "os2mo" / "index.html").read_text(encoding="utf-8")
    head, body = product.split("</head>")
    assert '<link rel="alternate" type="application/rss+xml" title="OS2mo: ændringer (RSS)" href="feed.xml">' in head
    assert '<a href="feed.xml" type="application/rss+xml">Følg OS2mo</a>' in body
    assert not feedparser.parse(str(repository_site / "produkter" / "os2mo" / "feed.xml")).bozo
    town = (repository_site / "kommuner" / "aarhus-kommune" / "index.html").read_text(encoding="utf-8")
    assert 'title="Aarhus Kommune: OS2-produkter (RSS)" href="feed.xml">' in town.split("</head>")[0]
    feed = feedparser.parse(str(repository_site / "kommuner" / "aarhus-kommune" / "feed.xml"))
    assert not feed.bozo and feed.entries


def test_site_is_danish(repository_site: Path) -> None:
    home = (repository_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in home
    assert (repository_site / "search" / "search_index.json").is_file()


# The tiny fixture site ---------------------------------------------------------------------------------


def test_tiny_site_builds_every_page(tmp_path: Path) -> None:
    full = (PRODUCT_FIXTURES / "valid_full.md").read_text(encoding="utf-8")
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    root = fixture_site(tmp_path, {
        "os2eksempel.md": full,
        "os2andet.md": minimal.replace("OS2eksempel", "OS2andet").replace(
            "short_description: Et eksempel på en produktfil med netop de felter, der skal udfyldes.",
            "short_description: 'Sammenlign \"før\" & ''efter'' med »Q&A«'"),
    })
    site = tmp_path / "out"
    result = mkdocs_build(root, site, BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stderr
    expected = ["index.html", "produkter/index.html", "produkter/os2eksempel/index.html",
                "produkter/os2andet/index.html", "niveauer/index.html", "niveauer/n2/index.html",
                "niveauer/ikke-vurderet/index.html", "styringsmodel/index.html"]
    for page in expected:
        assert (site / page).is_file(), page
    andet = (site / "produkter" / "os2andet" / "index.html").read_text(encoding="utf-8")
    assert "Sammenlign &#34;før&#34; &amp; &#39;efter&#39; med »Q&amp;A«" in andet
    # The theme writes the description into an attribute and the title into <title>: both arrive escaped.
    assert '<meta name="description" content="Sammenlign &#34;før&#34; &amp; &#39;efter&#39; med »Q&amp;A«">' in andet
    assert 'href="https://example.org/edit/main/products/os2andet.md"' in andet
    n2 = (site / "niveauer" / "n2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../produkter/os2eksempel/"' in n2 and "os2andet" not in n2
    assert broken_internal_links(site) == []


def import_into(root: Path, report: str, *extra: str, url: str) -> None:
    env = {**os.environ, "OS2_BUILD_DATE": BUILD_DATE.isoformat()}
    imported = subprocess.run([sys.executable, "-m", "os2catalogue", "import-governance",
                               str(FIXTURES / "reports" / report), "--product", "os2eksempel", "--url", url, *extra],
                              cwd=root, env=env, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr


def test_tiny_site_renders_scorecard_calls_and_staleness(tmp_path: Path) -> None:
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    root = fixture_site(tmp_path, {"os2eksempel.md": minimal, "os2gammel.md": minimal.replace(
        "OS2eksempel", "OS2gammel").replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-01-15")})
    import_into(root, "skabelon_alle_svar.md", url="https://example.org/rapport")
    import_into(root, "selvevaluering_kladde.md", url="https://example.org/kladde")
    import_into(root, "evaluering_kombineret.md", url="https://example.org/vurdering")
    import_into(root, "tjekliste_2018_aeldste.md", url="https://example.org/tjekliste")
    product_file = root / "products" / "os2eksempel.md"
    product_file.write_text(product_file.read_text(encoding="utf-8").replace(
        "last_reviewed:", "calls:\n  - title: Version 2\n    kind: crowdfunding\n    url: https://example.org/v2\n"
        "    target_dkk: 2000000\n    committed_dkk: 1499999\n    target_count: 4\n    committed: [aarhus-kommune]\n"
        "    deadline: 2026-12-31\n  - title: Version 1\n"
        "    kind: crowdfunding\n    url: https://example.org/v1\n    closed: 2024-03-01\nlast_reviewed:").replace(
        "quote: Ledelsen har ikke taget stilling endnu.",
        "quote: 'Ledelsen har ikke taget stilling endnu, se [referatet](javascript:alert(1)) & <https://example.org/r>'"),
        encoding="utf-8")
    site = tmp_path / "out"
    result = mkdocs_build(root, site, BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stderr
    page = (site / "produkter" / "os2eksempel" / "index.html").read_text(encoding="utf-8")
    for text in [
        # The documents, newest first, with date, format and counts; the draft and the 2018 checklist do not count.
        '<a href="https://example.org/vurdering">Sekretariatets vurdering</a> af 29. september 2026',
        '<a href="https://example.org/kladde">Governancerapport</a> af 12. maj 2026. Format: Selvevalueringens '
        "governancerapport (rapportgeneratoren), version 1.1.0. 43 af 43 krav besvaret. "
        '<strong class="os2-tag">Kladde; tæller ikke med</strong>',
        '<a href="https://example.org/rapport">Governancerapport</a> af 14. februar 2026 (datoen er fra dokumentets '
        "log). Format: OS2&#39;s skabelon for governancerapporten. 41 af 43 krav besvaret.",
        "43 af 46 krav besvaret. <strong class=\"os2-tag\">Svarer på 2018-modellen; tæller ikke med</strong>",
        "Det dokumenterede niveau bygger på governancerapporten af 14. februar 2026: <strong>niveau 2</strong>",
        "ikke placeret på et niveau, men governancerapporten dokumenterer kravene til niveau 2",
        # The scorecard: the product's answer and the secretariat's light, each requirement linked to its words.
        '<span class="os2-rating os2-rating--gul"><span aria-hidden="true">●</span> Gul: delvist opfyldt</span>',
        '<span aria-hidden="true">?</span> Uafklaret', '<span aria-hidden="true">○</span> Ikke besvaret',
        'href="svar/#f1">F1</a>', "også svarene efter 2018-modellen (26. januar 2023)",
        "Version 2", "Lukkede opfordringer",
        # An open call's progress, as a bar and in words (never colour alone), and its deadline.
        '<progress max="2000000" value="1499999" aria-label="Tilsagn i kroner">74 %</progress> Tilsagn: 1.499.999 '
        "af 2.000.000 kr. (74 % af målet).",
        '<progress max="4" value="1" aria-label="Myndigheder med">25 %</progress> Med: 1 af 4 myndigheder, bl.a. '
        "Aarhus Kommune.", "<strong>Frist: 31. december 2026</strong>"]:
        assert text in page, text
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<p class="os2-notice os2-open-calls"><strong>Én opfordring er åben lige nu.</strong> Nærmeste frist: ' \
           '31. december 2026 (OS2eksempel: Version 2). <a href="deltag/">Se, hvad du kan være med i</a>.</p>' in home
    calls_page = (site / "deltag" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Tilsagn i kroner">74 %</progress>' in calls_page
    assert 'class="os2-quote"' not in page
    answers = (site / "produkter" / "os2eksempel" / "svar" / "index.html").read_text(encoding="utf-8")
    for text in [
        # The product's own words, quoted and escaped, beside the secretariat's light and words.
        "er produktets egne ord fra <a href=\"https://example.org/rapport\">governancerapporten</a> af 14. februar 2026",
        '<blockquote class="os2-quote" cite="https://example.org/rapport"><p>Løsningen sparer tid i '
        'sagsbehandlingen.<br>Se <a href="https://example.org/case">casen</a>.</p></blockquote>',
        'se [referatet](javascript:alert(1)) &amp; &lt;<a href="https://example.org/r">https://example.org/r</a>&gt;',
        '<span class="os2-rating os2-rating--gul"><span aria-hidden="true">●</span> Gul: delvist opfyldt</span>',
        "Dokumentér praksis offentligt.",
        '<span aria-hidden="true">?</span> Uafklaret', '<span aria-hidden="true">○</span> Ikke besvaret',
        "Svar efter 2018-modellen (26. januar 2023)", "Minimumskrav (niveau 0)", '<tr id="f1">']:
        assert text in answers, text
    old = (site / "produkter" / "os2gammel" / "index.html").read_text(encoding="utf-8")
    assert "Oplysningerne er ikke gennemgået siden 15. januar 2025" in old
    assert "javascript:" not in page + answers.replace("[referatet](javascript:alert(1))", "")
    calls = (site / "deltag" / "index.html").read_text(encoding="utf-8")
    assert "Version 2" in calls and "af 2.000.000 kr. (74 % af målet)" in calls and "Aarhus Kommune" in calls
    content = calls[calls.index("<h1"):]
    assert content.index("Version 2") < content.index("Afsluttede") < content.index("Version 1")
    review = (site / "gennemgang" / "index.html").read_text(encoding="utf-8")
    assert "OS2gammel" in review and "15. januar 2025" in review and "OS2eksempel" not in review
    catalogue = (site / "produkter" / "index.html").read_text(encoding="utf-8")
    assert "Ikke gennemgået siden 15. januar 2025" in catalogue
    unassessed = (site / "niveauer" / "ikke-vurderet" / "index.html").read_text(encoding="utf-8")
    assert "Rapporten af 14. februar 2026 dokumenterer niveau 2." in unassessed
    overview = (site / "foelg-eller-forklar" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/rapport">14. februar 2026</a>' in overview
    assert "OS2&#39;s skabelon for governancerapporten; 41 af 43 besvaret" in overview


def test_tiny_site_news_links_drafts_schedule_and_feed(tmp_path: Path) -> None:
    import feedparser

    post = (FIXTURES / "blog" / "valid.md").read_text(encoding="utf-8")
    draft = post.replace("slug: ny-version-af-os2eksempel", "slug: en-kladde\ndraft: true").replace(
        "# Ny version af OS2eksempel", "# En kladde")
    future = post.replace("slug: ny-version-af-os2eksempel", "slug: planlagt-nyhed").replace(
        "date: 2026-10-01", "date: 2099-01-01").replace("# Ny version af OS2eksempel", "# Planlagt nyhed")
    older = post.replace("slug: ny-version-af-os2eksempel", "slug: aeldre-nyhed").replace(
        "date: 2026-10-01", "date: 2025-03-02").replace("categories: [Produkt]", "categories: [Nyhed]").replace(
        "products: [os2eksempel]\n", "").replace("# Ny version af OS2eksempel", "# Ældre nyhed").replace(
        "date: 2025-03-02", "date:\n  created: 2025-03-02\n  updated: 2025-04-05").replace(
        "<!-- more -->", "<!-- more -->\n\nSe [produktet](../../produkter/os2eksempel.md#anvendere) og "
                         "[alle nyheder](../index.md).")
    root = fixture_site(tmp_path, {"os2eksempel.md": (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")},
                        {"ny.md": post, "kladde.md": draft, "fremtid.md": future, "aeldre.md": older})
    site = tmp_path / "out"
    result = mkdocs_build(root, site, BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stderr
    page = site / "nyheder" / "2026" / "10" / "01" / "ny-version-af-os2eksempel" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'href="../../../../../produkter/os2eksempel/"' in html and "Produkter i indlægget" in html
    assert (site / "nyheder" / "2025" / "03" / "02" / "aeldre-nyhed" / "index.html").is_file()
    assert (site / "nyheder" / "kategori" / "produkt" / "index.html").is_file()
    assert (site / "nyheder" / "kategori" / "nyhed" / "index.html").is_file()
    assert (site / "nyheder" / "arkiv" / "2026" / "index.html").is_file()
    assert not list(site.rglob("en-kladde")) and not list(site.rglob("planlagt-nyhed"))
    index = (site / "nyheder" / "index.html").read_text(encoding="utf-8")
    assert "Ny version af OS2eksempel" in index and "En kladde" not in index and "Planlagt nyhed" not in index
    product = (site / "produkter" / "os2eksempel" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../nyheder/2026/10/01/ny-version-af-os2eksempel/"' in product
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index("Ny version af OS2eksempel") < home.index("Ældre nyhed")
    assert "os2:latest-news" not in home
    assert broken_internal_links(site) == []
    # The feeds: the posts' own dates, newest first, absolute links, and the same bytes from a second build.
    rss = feedparser.parse(str(site / "feed_rss_created.xml"))
    assert not rss.bozo
    # feedparser 6 reads no JSON Feed; its items are read with the field names of the JSON Feed 1.1 spec.
    jsonfeed = json.loads((site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert jsonfeed["version"] == "https://jsonfeed.org/version/1.1"
    assert jsonfeed["feed_url"] == "https://example.org/feed_json_created.json"
    json_items = [{"link": i["url"], "published": i["date_published"][:10], "html": i["content_html"]}
                  for i in jsonfeed["items"]]
    rss_items = [{"link": e.link, "published": "%04d-%02d-%02d" % e.published_parsed[:3], "html": e.content[0].value}
                 for e in rss.entries]
    for found in (rss_items, json_items):
        assert [(i["link"], i["published"]) for i in found] == [
            ("https://example.org/nyheder/2026/10/01/ny-version-af-os2eksempel/", "2026-10-01"),
            ("https://example.org/nyheder/2025/03/02/aeldre-nyhed/", "2025-03-02")]
        assert 'href="https://example.org/produkter/os2eksempel/#anvendere"' in found[1]["html"]
        assert 'href="https://example.org/nyheder/"' in found[1]["html"]
        assert 'href="https://example.org/produkter/os2eksempel/"' in found[0]["html"]
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', "".join(i["html"] for i in found))
        assert hrefs and all(h.startswith("https://") for h in hrefs), hrefs
    assert jsonfeed["items"][1]["date_modified"] == "2025-04-05T00:00:00+00:00"
    assert rss.feed.updated_parsed[:3] == (2026, 10, 1)  # lastBuildDate: the newest post, never the build time
    again = tmp_path / "again"
    assert mkdocs_build(root, again, BUILD_DATE.isoformat()).returncode == 0
    for name in ("feed_rss_created.xml", "feed_json_created.json"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_tiny_site_build_fails_with_every_message_and_no_traceback(tmp_path: Path) -> None:
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    root = fixture_site(tmp_path, {
        "os2eksempel.md": minimal.replace("level: ikke vurderet", "level: N4"),
        "os2andet.md": minimal.replace("OS2eksempel", "OS2andet").replace("lifecycle: produkt", "lifecyle: produkt"),
    })
    result = mkdocs_build(root, tmp_path / "out", BUILD_DATE.isoformat())
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    for line in ["products/os2andet.md:1: lifecycle: required field is missing",
                 "products/os2andet.md:5: lifecyle: unknown field; did you mean 'lifecycle'?",
                 "products/os2eksempel.md:4: level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet",
                 "3 errors in 2 files."]:
        assert line in output


def test_a_hand_written_file_in_place_of_a_generated_one_fails_the_build(tmp_path: Path) -> None:
    """A generated page and a generated file that is not a page (the open data, written straight into the site)
    both refuse a hand-written file at their address: MkDocs would otherwise copy it over the generated one."""
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    for written in ("produkter/os2eksempel.md", "api/v2/products.json"):
        root = fixture_site(tmp_path / written.replace("/", "-"), {"os2eksempel.md": minimal})
        (root / "docs" / written).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / written).write_text("{}\n", encoding="utf-8")
        result = mkdocs_build(root, tmp_path / "out", BUILD_DATE.isoformat())
        assert result.returncode == 1
        assert f"docs/{written}: this page is generated from the catalogue; remove the hand-written file" in \
            result.stdout + result.stderr


def test_what_would_fail_the_build_fails_validate_first(tmp_path: Path) -> None:
    """A broken link in a description or post and a category the blog does not allow: validate names the source
    line, and the build indeed fails on the same files."""
    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    post = (FIXTURES / "blog" / "valid.md").read_text(encoding="utf-8")
    links = ("\nSe [OS2andet](../os2andet/) og [mere](mangler.md).\n\nSe [svarene](#folg-eller-forklar), "
             "[R1](../styringsmodel.md#r1), [intet](#ingen) og [modellen](../styringsmodel.md#zz).\n")
    root = fixture_site(tmp_path, {"os2eksempel.md": minimal + links},
                        posts={"nyhed.md": post.replace("Resten af teksten.", "Se [forsiden](../../ingen.md).")})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Bestyrelsen, Produkt]", "Bestyrelsen]"),
                      encoding="utf-8")
    env = {**os.environ, "OS2_BUILD_DATE": BUILD_DATE.isoformat()}
    result = subprocess.run([sys.executable, "-m", "os2catalogue", "validate"], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "blog/posts/nyhed.md:16: body: the link '../../ingen.md' leads to no page or file of the site; check the path",
        "mkdocs.yml:17: plugins.blog.categories_allowed: lacks Produkt from src/os2catalogue/data/post_categories.yml; "
        "the build would refuse such posts",
        "products/os2eksempel.md:11: body: the link '../os2andet/' leads to no page or file of the site; link to the "
        "page's .md file instead, e.g. '../os2andet.md'",
        "products/os2eksempel.md:11: body: the link 'mangler.md' leads to no page or file of the site; check the path",
        "products/os2eksempel.md:13: body: the link '#ingen' points to no heading '#ingen' on produkter/os2eksempel.md; "
        "check the anchor",
        "products/os2eksempel.md:13: body: the link '../styringsmodel.md#zz' points to no heading '#zz' on "
        "styringsmodel.md; check the anchor",
        "6 errors in 3 files.",
    ]
    assert mkdocs_build(root, tmp_path / "out", BUILD_DATE.isoformat()).returncode != 0


def test_every_fact_about_who_and_which_level_shows_its_source_and_date(repository_site: Path) -> None:
    """Users, suppliers with their roles, coordinators, counts and levels: each with a linked source and its date,
    on the product's page and in its API record."""
    import html
    import json

    from os2catalogue.formatting import danish_date

    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    api = {r["slug"]: r for r in json.loads(
        (repository_site / "api" / "v2" / "products.json").read_text(encoding="utf-8"))["products"]}
    facts = 0
    for product in catalogue.products:
        page = html.unescape((repository_site / "produkter" / product.slug / "index.html").read_text(encoding="utf-8"))
        record = api[product.slug]
        sourced = [*product.users, *product.suppliers, *product.level_decisions,
                   *(f for f in (product.coordinator, product.users_reported, product.lifecycle_source) if f)]
        for fact in sourced:
            facts += 1
            assert f'href="{fact.source}"' in page and danish_date(fact.date) in page, (product.slug, fact)
        for key, facts_here in (("users", product.users), ("suppliers", product.suppliers),
                                ("level_decisions", product.level_decisions)):
            assert [(f["source"], f["date"]) for f in record.get(key, [])] == \
                [(f.source, f.date.isoformat()) for f in facts_here], (product.slug, key)
        for key in ("coordinator", "users_reported", "lifecycle_source"):
            fact = getattr(product, key)
            assert (record.get(key) or {}).get("source") == (fact.source if fact else None), (product.slug, key)
        basis = product.level_decision
        assert (record["level_basis"], record["level_basis_source"]) == (
            (basis.kind.id, basis.source) if basis else (None, None))
    assert facts > 60  # the repository's products carry their sources


def test_no_page_calls_a_recommendation_a_decision(repository_site: Path) -> None:
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    decided = [p for p in catalogue.products if p.level_decision and p.level_decision.kind.board]
    recommended = [p for p in catalogue.products if p.level_decision and not p.level_decision.kind.board]
    assert recommended and not decided  # what the public sources give today: recommendations only
    board_phrases = [k.phrase for k in catalogue.vocabularies.decision_kinds if k.board] + \
        [k.label for k in catalogue.vocabularies.decision_kinds if k.board] + ["Bestyrelsens niveau"]
    # The levels page and the open-data reference name both kinds to explain them; no other page may use the
    # board's words, because no product has a published board decision.
    explaining = {repository_site / "niveauer" / "index.html", repository_site / "data" / "index.html"}
    for page in sorted(set(repository_site.rglob("*.html")) - explaining):
        text = page.read_text(encoding="utf-8")
        for phrase in board_phrases:
            assert phrase not in text, (page, phrase)
    for product in recommended:
        page = (repository_site / "produkter" / product.slug / "index.html").read_text(encoding="utf-8")
        assert f"{product.level_decision.kind.phrase} " in page, product.slug
    assert "evaluering af OS2rollekatalog" in (repository_site / "niveauer" / "index.html").read_text(encoding="utf-8")


def test_a_level_added_to_the_data_appears_everywhere_without_code(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import shutil

    import yaml

    from os2catalogue.vocab import DATA_DIR_VARIABLE

    data = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "os2catalogue" / "data", data)
    levels = yaml.safe_load((data / "levels.yml").read_text(encoding="utf-8"))
    levels["levels"].insert(0, {  # the file's order is the display order: highest first
        "id": "n4", "value": "N4", "label": "Niveau 4", "rank": 4,
        "badge": {"background": "#0b1f0c", "text": "#ffffff"},
        "summary": "Et prøveniveau over niveau 3.", "description": "Findes kun i denne test."})
    (data / "levels.yml").write_text(yaml.safe_dump(levels, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data))
    site = tmp_path / "site"
    result = mkdocs_build(ROOT, site)  # the repository's own mkdocs.yml, unchanged
    assert result.returncode == 0, result.stdout + result.stderr

    def page(path: str) -> str:
        return (site / path).read_text(encoding="utf-8")

    catalogue = page("produkter/index.html")
    assert 'name="niveau" value="n4"' in catalogue  # the filter
    assert 'href="../niveauer/n4/">Niveau 4</a>' in catalogue  # the catalogue's line of empty levels
    assert "<h1" in page("niveauer/n4/index.html") and "Niveau 4" in page("niveauer/n4/index.html")
    overview = page("niveauer/index.html")
    sidebar = overview[overview.index("md-nav--primary"):overview.index("md-sidebar--secondary")]
    assert sidebar.index('href="n4/"') < sidebar.index('href="n3/"') < sidebar.index('href="ikke-vurderet/"')
    assert "placeres på et af fem niveauer: sandkasse, niveau 1, niveau 2, niveau 3 og niveau 4." in overview
    assert "De 43 krav i OS2&#39;s governancemodel fordelt på fire temaer og fem niveauer." in page("styringsmodel/index.html")
    assert ".os2-level--n4 { background: #0b1f0c; color: #ffffff; }" in page("assets/badges.css")
    vocabularies = json.loads(page("api/v2/vocabularies.json"))
    assert "N4" in json.dumps(vocabularies, ensure_ascii=False)
    schema = json.loads(page("schema/product.schema.json"))
    assert "N4" in schema["properties"]["level"]["enum"]
    facets = {facet["param"]: facet for facet in json.loads(page("produkter/filtre.json"))["facets"]}
    assert {"id": "n4", "label": "Niveau 4"} in facets["niveau"]["values"]
