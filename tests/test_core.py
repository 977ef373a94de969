"""Unit tests of the core: slugs, URLs, vocabularies, front matter, the model, page generation."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import BUILD_DATE, PRODUCT_FIXTURES, ROOT, Repo

from os2catalogue import frontmatter, urls
from os2catalogue.loader import load_catalogue
from os2catalogue.model import Catalogue
from os2catalogue.pages import SiteOptions, danish_date, generate_pages, markdown_text, requirements_up_to
from os2catalogue.schema import PRODUCT_FIELDS
from os2catalogue.slug import slugify
from os2catalogue.vocab import load_vocabularies


@pytest.mark.parametrize(("text", "slug"), [
    ("OS2skadesøkonomi", "os2skadesoekonomi"),
    ("OS2udoglær", "os2udoglaer"),
    ("Københavns Kommune", "koebenhavns-kommune"),
    ("Ærø Kommune", "aeroe-kommune"),
    ("OS2 AI Heat Control", "os2-ai-heat-control"),
    ("Tårnby Kommune", "taarnby-kommune"),
    ("Café  —  Über", "cafe-uber"),
    ("OS2borgerPC", "os2borgerpc"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slug.isascii()


@pytest.mark.parametrize(("src", "dst", "directory", "flat"), [
    ("produkter/os2mo.md", "niveauer/n2.md", "../../niveauer/n2/", "../niveauer/n2.html"),
    ("produkter/index.md", "produkter/os2mo.md", "os2mo/", "os2mo.html"),
    ("niveauer/n2.md", "produkter/index.md", "../../produkter/", "../produkter/index.html"),
    ("index.md", "styringsmodel.md", "styringsmodel/", "styringsmodel.html"),
    ("produkter/os2mo.md", "index.md", "../../", "../index.html"),
    ("produkter/index.md", "produkter/index.md", "./", "index.html"),
])
def test_relative_url(src: str, dst: str, directory: str, flat: str) -> None:
    assert urls.relative_url(src, dst) == directory
    assert urls.relative_url(src, dst, use_directory_urls=False) == flat


def test_relative_url_agrees_with_relpath() -> None:
    """The relative URL is worked out without posixpath.relpath, for speed; on every pair of kinds of page it
    gives what relpath gives."""
    import posixpath
    uris = ["index.md", "styringsmodel.md", "produkter/index.md", "produkter/os2mo.md", "produkter/os2mo/svar.md",
            "produkter/niveau/n2/side/2.md", "niveauer/index.md", "api/v2/products.json", "api/v2/products/os2mo.json",
            "kommuner/aarhus-kommune.md", "assets/os2.css", "feed.xml"]
    for directory_urls in (True, False):
        for src in uris:
            for dst in uris:
                here, there = urls.page_url(src, directory_urls), urls.page_url(dst, directory_urls)
                base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
                rel = posixpath.relpath(there.rstrip("/") or ".", base or ".")
                expected = ("./" if rel == "." else rel + "/") if there.endswith("/") or not there else rel
                assert urls.relative_url(src, dst, directory_urls) == expected, (src, dst, directory_urls)


def test_requirements_are_the_43_of_the_current_checklist() -> None:
    requirements = load_vocabularies().requirements
    expected = ({f"R{n}" for n in range(1, 5)} | {f"F{n}" for n in range(1, 23)} - {"F8", "F9"}
                | {f"S{n}" for n in range(1, 6)} | {f"G{n}" for n in range(1, 15)})
    assert {r.id for r in requirements} == expected
    assert len(requirements) == 43
    assert Counter(r.level.id for r in requirements) == {"sandkasse": 6, "n1": 10, "n2": 19, "n3": 8}
    assert Counter(r.theme.id for r in requirements) == {
        "relevans": 4, "formkrav": 20, "strategisk-sammenhaeng": 5, "governance": 14}
    assert {r.id for r in requirements if r.recommendation} == {"F19", "F20", "G7", "G8", "G9", "G10"}
    assert all(r.title and r.explanation for r in requirements)


def test_bodies_hold_every_municipality_and_region_with_official_codes() -> None:
    bodies = load_vocabularies().bodies
    kinds = Counter(b.kind for b in bodies)
    assert kinds["kommune"] == 98 and kinds["region"] == 5
    codes = [b.code for b in bodies if b.code]
    assert len(codes) == len(set(codes)) == 103
    assert bodies["koebenhavns-kommune"].code == "101"
    assert bodies["region-hovedstaden"].code == "1084"
    assert all(b.id == slugify(b.name) for b in bodies)


def test_every_vocabulary_id_is_an_ascii_slug() -> None:
    vocab = load_vocabularies()
    for entries in (vocab.levels, vocab.lifecycle, vocab.categories, vocab.bodies, vocab.suppliers, vocab.roles):
        for entry in entries:
            assert entry.id == slugify(entry.id), entry


def test_schema_vocabularies_exist() -> None:
    vocab = load_vocabularies()

    def walk(fields):  # type: ignore[no-untyped-def]
        for spec in fields:
            if spec.vocabulary:
                assert hasattr(vocab, spec.vocabulary), spec.key
            yield from walk(spec.fields)
            if spec.item is not None:
                yield from walk((spec.item,))
            yield spec

    assert len(list(walk(PRODUCT_FIELDS))) > len(PRODUCT_FIELDS)


def test_frontmatter_keeps_lines_of_nested_fields() -> None:
    raw = (PRODUCT_FIXTURES / "valid_full.md").read_bytes()
    document, problems = frontmatter.parse_or_diagnostics("x.md", raw)
    assert problems == [] and document is not None
    assert document.line(("level_decisions", 1, "date")) == 13
    assert document.line(("suppliers", 1, "id")) == 36
    assert document.line(("suppliers", 1, "roles", 0)) == 37  # an empty list has no items: nearest ancestor
    assert document.body_line == 57


def test_frontmatter_uses_the_c_loader() -> None:
    # The locked PyYAML wheels carry libyaml; parsing a thousand files with the pure-Python loader is several times
    # slower, so an install without it (a source build without the C library) should be noticed, not tolerated.
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml"
    assert issubclass(frontmatter._Loader, yaml.CSafeLoader)


def test_danish_date() -> None:
    assert danish_date(dt.date(2026, 9, 29)) == "29. september 2026"


def test_markdown_text_escapes_html_and_markdown() -> None:
    assert str(markdown_text('OS2 <b>x</b> *y* "z" & [a](b)')) == \
        'OS2 &lt;b&gt;x&lt;/b&gt; \\*y\\* &#34;z&#34; &amp; \\[a\\]\\(b\\)'


def _catalogue(repo: Repo, *texts: tuple[str, str]) -> Catalogue:
    for name, text in texts:
        repo.add(name, text)
    return load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)


def test_generated_pages_are_sorted_and_deterministic(repo: Repo, minimal_text: str) -> None:
    catalogue = _catalogue(repo, ("os2eksempel.md", minimal_text))
    first = generate_pages(catalogue)
    second = generate_pages(catalogue)
    assert first == second
    assert [p.src_uri for p in first] == sorted(p.src_uri for p in first)
    uris = {p.src_uri for p in first}
    assert {"deltag.md", "foelg-eller-forklar.md", "gennemgang.md", "niveauer/ikke-vurderet.md", "niveauer/index.md",
            "niveauer/n1.md", "niveauer/n2.md", "niveauer/n3.md", "niveauer/sandkasse.md", "produkter/index.md",
            "produkter/os2eksempel.md", "styringsmodel.md", "produkter/filtre.json", "produkter/niveau/n2/index.html",
            "produkter/livscyklus/produkt.md", "kategorier/index.md", "kategorier/integration.md",
            "kommuner/index.md", "leverandoerer/index.md", "leverandoerer/magenta.md"} <= uris
    vocab = load_vocabularies()
    assert {f"kommuner/{b.id}.md" for b in vocab.bodies} <= uris
    assert {f"leverandoerer/{s.id}.md" for s in vocab.suppliers} <= uris
    product = next(p for p in first if p.src_uri == "produkter/os2eksempel.md")
    assert product.edit_path == "products/os2eksempel.md" and not product.in_nav


def test_cumulative_requirements_per_level(repo: Repo, minimal_text: str) -> None:
    catalogue = _catalogue(repo, ("os2eksempel.md", minimal_text))
    counts = {lvl.id: len(requirements_up_to(catalogue, lvl)) for lvl in catalogue.vocabularies.levels}
    assert counts == {"sandkasse": 6, "n1": 16, "n2": 35, "n3": 43, "ikke-vurderet": 0}


def test_product_page_shows_every_fact(repo: Repo) -> None:
    text = (PRODUCT_FIXTURES / "valid_full.md").read_text(encoding="utf-8")
    catalogue = _catalogue(repo, ("os2eksempel.md", text))
    pages = generate_pages(catalogue, SiteOptions(edit_url_base="https://example.org/edit/main/"))
    page = next(p for p in pages if p.src_uri == "produkter/os2eksempel.md").content
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html", "tables", "toc"])
    for fact in ['href="../../niveauer/n2/"', "Niveau 2", "besluttet af bestyrelsen 1. juni 2026",
                 'href="https://example.org/beslutning"', "Sekretariatets anbefaling: niveau 1, 1. maj 2026",
                 'href="https://example.org/anbefaling"', "Produkt",
                 "1. maj 2026 bruger disse myndigheder produktet",
                 "1. april 2026 har disse myndigheder tilsluttet sig produktet",
                 '(<a href="https://example.org/leverandoer">kilde</a>, 1. marts 2026)',
                 "Integration, Organisationsdata", "12 ifølge kilden", "Aarhus Kommune", "Region Midtjylland",
                 "Datatilsynet", "Magenta</a>: udvikling, drift", "Digital Identity</a>: rollen er ikke oplyst",
                 "Eksempel Koordinator, Eksempel Kommune", 'href="mailto:koordinator@example.org"',
                 "Mozilla Public License 2.0", "Creative Commons BY-SA 4.0", 'href="https://example.org/docs"',
                 'href="https://example.org/edit/main/products/os2eksempel.md"', "1. november 2026",
                 '<p class="os2-summary-en" lang="en"><span class="os2-label">In English:</span> An example with every field filled in.</p>']:
        assert fact in html, fact


def test_text_from_front_matter_is_escaped_even_when_it_bypasses_validation(repo: Repo, minimal_text: str) -> None:
    import dataclasses

    catalogue = _catalogue(repo, ("os2eksempel.md", minimal_text))
    evil = '<script>alert("x")</script> "citat" & \'enkelt\''
    product = dataclasses.replace(catalogue.products[0], name="OS2" + evil, short_description=evil,
                                  summary_en=evil)
    catalogue = dataclasses.replace(catalogue, products=(product,))
    for page in generate_pages(catalogue):
        if not page.src_uri.endswith(".md"):
            continue
        html = markdown.markdown(page.content.split("---\n", 2)[2], extensions=["attr_list", "md_in_html", "tables"])
        assert "<script>" not in html, page.src_uri
        if page.src_uri in ("produkter/index.md", "produkter/os2eksempel.md"):
            assert "&lt;script&gt;" in html
            assert "&quot;citat&quot;" in html or "&#34;citat&#34;" in html


def test_repository_products_are_valid_and_cover_at_least_30() -> None:
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=dt.date.today())
    assert len(catalogue.products) >= 30
    assert len(catalogue.products) == len(list((ROOT / "products").glob("*.md")))
    for product in catalogue.products:
        assert product.name.startswith("OS2")
        assert (not product.level.assessed) == (product.level_decision is None), product.slug
        assert product.sources, f"{product.slug} names no source"


@pytest.mark.parametrize(("stage", "notice"), [("udtrådt", "OS2eksempel er trådt ud af OS2"),
                                               ("nedlagt", "OS2eksempel er nedlagt og videreudvikles ikke")])
def test_products_no_longer_in_os2_are_marked_with_the_source(repo: Repo, minimal_text: str, stage: str,
                                                              notice: str) -> None:
    text = minimal_text.replace("lifecycle: produkt", f"lifecycle: {stage}\nlifecycle_source:\n"
                                "  source: https://example.org/nedlagt\n  date: 2026-02-03")
    catalogue = _catalogue(repo, ("os2eksempel.md", text))
    pages = {p.src_uri: p.content for p in generate_pages(catalogue)}
    assert notice in pages["produkter/os2eksempel.md"]
    assert '(<a href="https://example.org/nedlagt">kilde</a>, 3. februar 2026)' in pages["produkter/os2eksempel.md"]
    assert "os2-card--left" in pages["produkter/index.md"]


def test_the_minimal_product_file_is_enough_for_a_product(repo: Repo) -> None:
    # The smallest file CONTRIBUTING shows must load as a product, with the defaults a reader then sees.
    repo.add_fixture(PRODUCT_FIXTURES / "valid_minimal.md")
    products, problems = repo.check()
    assert problems == [] and [p.name for p in products] == ["OS2eksempel"]
    assert not products[0].level.assessed and products[0].level_decision is None and products[0].suppliers == ()


def test_validation_renders_markdown_with_the_sites_extensions() -> None:
    import yaml as _yaml

    from os2catalogue import sanitize

    class _Loader(_yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV tags
    config = _yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert tuple(names) == sanitize.MARKDOWN_EXTENSIONS


def test_the_build_sanitises_pages_from_contributors_files() -> None:
    from os2catalogue.mkdocs_adapter import page_content, page_events

    catalogue = page_events(load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE))
    hostile = '<p onclick="alert(1)">a <a href="javascript:alert(1)">b</a> <img src="https://x.example/p.png"></p>'
    for uri in ("produkter/os2mo.md", "nyheder/posts/x.md", "nyheder/index.md"):
        assert page_content(hostile, uri, catalogue) == "<p>a <a>b</a> <img></p>"
    for uri in ("om.md", "produkter/index.md"):  # hand-written and generated pages are reviewed as code
        assert page_content(hostile, uri, catalogue) == hostile


def test_the_page_events_keep_what_they_read_of_the_catalogue() -> None:
    """Once the pages are generated, the page events keep only a part of the catalogue; what they make from it
    (a post's product links, the lead to open calls, which pages are product pages) is the same."""
    import dataclasses

    from os2catalogue.loader import load_site
    from os2catalogue.mkdocs_adapter import page_events
    from os2catalogue.news import latest_news_markdown, open_calls_markdown, post_products_markdown

    catalogue = load_site(ROOT, today=BUILD_DATE)
    # OS2valghalla's crowdfunding made open again, so that the lead to open calls has something to say.
    valghalla = catalogue.product("os2valghalla")
    reopened = dataclasses.replace(valghalla, calls=tuple(
        dataclasses.replace(call, closed=None, deadline=BUILD_DATE + dt.timedelta(days=30)) for call in valghalla.calls))
    catalogue = dataclasses.replace(catalogue, products=tuple(
        reopened if p.slug == "os2valghalla" else p for p in catalogue.products))
    events = page_events(catalogue)
    assert open_calls_markdown(catalogue, "index.md") and \
        open_calls_markdown(events.catalogue, "index.md") == open_calls_markdown(catalogue, "index.md")
    assert latest_news_markdown(events.catalogue, "index.md") == latest_news_markdown(catalogue, "index.md")
    for post in catalogue.posts:
        assert post_products_markdown(post, events.catalogue) == post_products_markdown(post, catalogue)
    assert events.product_bodies == {urls.product_uri(p.slug): p.body for p in catalogue.products}
    assert len(events.catalogue.products) < len(catalogue.products)
    # Once every page is converted the events keep nothing of the catalogue, whoever still holds them (Material's
    # blog plugin keeps copies of MkDocs' configuration, where the hook keeps them).
    events.let_go()
    assert events.product_bodies == {} and events.catalogue.products == () and events.catalogue.posts == ()


def test_a_product_description_is_sanitised_on_its_generated_page() -> None:
    """A product page is generated, and its finished HTML skips the Markdown parser and the sanitiser; the
    product's own description inside it never does, even when it looks like such HTML."""
    import dataclasses
    from types import SimpleNamespace

    from os2catalogue import mkdocs_adapter, rawhtml, sanitize
    from os2catalogue.pages import generate_pages

    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    hostile = '<div class="x" onclick="alert(1)">\n<p>hej</p>\n</div>'
    product = dataclasses.replace(catalogue.product("os2mo"), body=hostile + "\n\nMere tekst.\n")
    catalogue = dataclasses.replace(catalogue, products=tuple(
        product if p.slug == "os2mo" else p for p in catalogue.products))
    text = next(p.content for p in generate_pages(catalogue) if p.src_uri == "produkter/os2mo.md")
    lifted_text, lifted = rawhtml.lift(text, keep=product.body)
    assert hostile in lifted_text and lifted.blocks and all("onclick" not in block for block in lifted.blocks)

    uri = "produkter/os2mo.md"
    mkdocs_adapter._GENERATED.add(uri)
    try:
        page = SimpleNamespace(file=SimpleNamespace(src_uri=uri), meta={}, content=None)
        events = mkdocs_adapter.page_events(catalogue)
        markdown_text = mkdocs_adapter.page_markdown(text.split("---\n", 2)[2], page, events)
        html = mkdocs_adapter.page_content(sanitize.render(markdown_text), uri, events)
        mkdocs_adapter.page_for_reader(page)
        assert 'class="os2-facts"' in page.content and "onclick" not in page.content and "hej" in page.content
        mkdocs_adapter.page_written("<html></html>", page)
        assert page.content is None and "onclick" not in html
    finally:
        mkdocs_adapter._GENERATED.discard(uri)


def test_a_converted_page_waits_on_disk_until_it_is_written(tmp_path: Path) -> None:
    """MkDocs converts every page before it writes any: a generated page waits in a file, read back when the
    search index and the theme need it, and the file goes once the page is written."""
    from types import SimpleNamespace

    from os2catalogue import mkdocs_adapter, rawhtml

    uri = "produkter/index.md"
    text, lifted = rawhtml.lift('# Produkter\n\n<div class="os2-x">\n<p>kort</p>\n</div>\n')
    mkdocs_adapter._LIFTED[uri] = lifted
    mkdocs_adapter._PARKING[:] = [tmp_path]
    try:
        events = mkdocs_adapter.PageEvents(load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE), {})
        converted = markdown.markdown(text)
        assert mkdocs_adapter.page_content(converted, uri, events) == ""
        (parked,) = tmp_path.iterdir()
        assert b"os2-x" not in parked.read_bytes()  # compressed
        page = SimpleNamespace(file=SimpleNamespace(src_uri=uri), content="")
        mkdocs_adapter.page_for_reader(page)
        assert '<div class="os2-x">\n<p>kort</p>\n</div>' in page.content
        mkdocs_adapter.page_written("<html><head></head></html>", page)
        assert page.content is None and list(tmp_path.iterdir()) == []
    finally:
        mkdocs_adapter._PARKING.clear()


DATA = "src/os2catalogue/data"


M = "  - {id: magenta, name: Magenta}\n"


@pytest.mark.parametrize(("old", "new", "expected"), [
    (M, M + "  - {id: magenta, name: Igen}\n",
     [f"{DATA}/suppliers.yml:14: suppliers[10]: id 'magenta' is used twice (first on line 13)"]),
    (M, "  - {name: Uden id}\n" + M,
     [f"{DATA}/suppliers.yml:13: suppliers[9]: expected fields with an 'id', like the other entries"]),
    ("name: Magenta", "name: <script>alert(1)</script>",
     [f"{DATA}/suppliers.yml:13: suppliers[9].name: HTML is not allowed in the data files; write plain text"]),
    ("name: Magenta", "name: Mag\u200benta",
     [f"{DATA}/suppliers.yml:13: suppliers[9].name: contains an invisible character U+200B; remove it"]),
    (M, M + "\t\n", [f"{DATA}/suppliers.yml:14: file: tab used for indentation; indent with spaces"]),
    ("name: Magenta", "navn: Magenta",
     [f"{DATA}/suppliers.yml:13: suppliers[9].navn: unknown field; the fields here are id, name, website",
      f"{DATA}/suppliers.yml:13: suppliers[9]: 'name' is missing"]),
])
def test_a_broken_data_file_is_reported_not_raised(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    import shutil

    from os2catalogue.vocab import check_data_files

    data = tmp_path / "data"
    shutil.copytree(ROOT / DATA, data)
    suppliers = data / "suppliers.yml"
    text = suppliers.read_text(encoding="utf-8")
    assert old in text
    suppliers.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert [str(p) for p in check_data_files(data)] == expected
    assert check_data_files() == []  # the package's own files are untouched and still load


def test_the_policy_allows_exactly_the_pages_own_inline_scripts() -> None:
    import base64
    import hashlib

    from os2catalogue import csp

    page = ('<html><head><title>x</title><script>a()</script><script type="application/json">{"b": 1}</script>'
            '<script src="assets/x.js"></script><script type="module">c()</script></head><body></body></html>')
    digest = {body: base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() for body in ("a()", "c()")}
    policy = csp.policy(page)
    assert f"script-src 'self' 'sha256-{min(digest.values())}' 'sha256-{max(digest.values())}';" in policy
    assert "style-src 'self';" in policy and "'unsafe-inline'" not in policy
    written = csp.add_policy(page)
    assert written.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src')
    # A script inside the page's content (contributors' Markdown) is never allowed, even if it got that far.
    content = '<article><p>x</p><script>steal()</script></article>'
    with_content = page.replace("<body></body>", f"<body>{content}</body>")
    stolen = base64.b64encode(hashlib.sha256(b"steal()").digest()).decode()
    assert stolen in csp.policy(with_content) and stolen not in csp.policy(with_content, content)
    assert f"'sha256-{digest['a()']}'" in csp.policy(with_content, content)
    assert csp.add_policy("no head here") == "no head here"


# Each kind: a facet with an overview (categories), the one the catalogue groups by (level), one whose browse link
# is an index page (users), one whose pages the statistics link to (lifecycle), one nested in a list (licence);
# the one the catalogue groups by on its own, and all of them at once.
@pytest.mark.parametrize("chosen", [("level",), ("categories", "level", "users", "lifecycle", "licence")])
def test_a_facet_turned_off_and_on_disappears_and_returns(chosen: tuple[str, ...], repo: Repo,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from os2catalogue import facets as facets_module
    from os2catalogue.schema import PRODUCT_FIELDS

    # The fixture with every field filled in has a value for every facet.
    repo.add_fixture(PRODUCT_FIXTURES / "valid_full.md")
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)

    def flip(fields: tuple, on: bool) -> tuple:  # type: ignore[type-arg]
        return tuple(dataclasses.replace(spec, facet=on if spec.key in chosen else spec.facet,
                                         fields=flip(spec.fields, on),
                                         item=flip((spec.item,), on)[0] if spec.item is not None else None)
                     for spec in fields)

    def generated() -> tuple[dict[str, str], set[str]]:
        pages = {p.src_uri: p.content for p in generate_pages(catalogue)}
        params = {f["param"] for f in json.loads(pages["produkter/filtre.json"])["facets"]}
        return pages, params

    wanted = {f.param for f in facets_module.every_facet(catalogue) if f.field in chosen}
    assert len(wanted) == len(chosen)
    monkeypatch.setattr(facets_module, "PRODUCT_FIELDS", flip(PRODUCT_FIELDS, False))
    pages, params = generated()
    assert not wanted & params and not any(f'name="{param}"' in pages["produkter/index.md"] for param in wanted)
    # Browsing pages stay whether or not the field is in the filter.
    assert {"kategorier/index.md", "niveauer/n2.md", "produkter/livscyklus/produkt.md",
            "produkter/licens/mpl-2-0.md"} <= set(pages)
    monkeypatch.setattr(facets_module, "PRODUCT_FIELDS", flip(PRODUCT_FIELDS, True))
    pages, params = generated()
    assert wanted <= params and all(f'name="{param}"' in pages["produkter/index.md"] for param in wanted)


def test_a_colour_in_the_data_is_reported_at_its_line(tmp_path: Path) -> None:
    import shutil

    from os2catalogue.vocab import check_data_files

    data = tmp_path / "data"
    shutil.copytree(ROOT / DATA, data)
    levels = data / "levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace(
        'badge: {background: "#b0ccb1", text: "#1b3c1c"}', 'badge: {background: "#b0ccb1", text: "#ffffff"}'),
        encoding="utf-8")
    ratings = data / "ratings.yml"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace('colour: "#b08000"', 'colour: "gul"'),
                       encoding="utf-8")
    lines = {name: (data / name).read_text(encoding="utf-8").splitlines() for name in ("levels.yml", "ratings.yml")}
    badge_line = next(i for i, line in enumerate(lines["levels.yml"], 1) if "#ffffff\"}" in line and "b0ccb1" in line)
    colour_line = next(i for i, line in enumerate(lines["ratings.yml"], 1) if 'colour: "gul"' in line)
    assert [str(p) for p in check_data_files(data)] == [
        f"src/os2catalogue/data/levels.yml:{badge_line}: levels[2].badge: text #ffffff on #b0ccb1 has a contrast of "
        "1.7:1; it needs at least 4.5:1",
        f"src/os2catalogue/data/ratings.yml:{colour_line}: ratings[1].colour: expected a colour written #rrggbb, "
        "got 'gul'"]


# Links from generated pages ------------------------------------------------------------------------------

def test_generated_pages_link_only_to_pages_the_site_has(repo: Repo) -> None:
    from os2catalogue.files import docs_files

    repo.add_fixture(PRODUCT_FIXTURES / "valid_full.md")
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    # The repository's hand-written pages and assets are the other files of the site the pages go into.
    assert generate_pages(catalogue, SiteOptions(other_files=docs_files(ROOT)))


def test_a_broken_link_of_a_generated_page_is_reported() -> None:
    from os2catalogue.pages import broken_links

    links = {"niveauer/n9.md": ["produkter/index.md"], "niveauer/n1.md": ["produkter/index.md"],
             "tilgaengelighed.md": ["produkter/index.md"]}
    generated = {"niveauer/n1.md", "produkter/index.md"}
    # Without the site's other files, a link outside the generated folders cannot be judged and is left alone.
    assert [str(d) for d in broken_links(links, generated, None)] == [
        "produkter/index.md:1: link: the generated page links to niveauer/n9.md, which is no page of the site"]
    assert [str(d) for d in broken_links(links, generated, frozenset({"index.md"}))] == [
        "produkter/index.md:1: link: the generated page links to niveauer/n9.md, which is no page of the site",
        "produkter/index.md:1: link: the generated page links to tilgaengelighed.md, which is no page of the site"]
    assert broken_links(links, generated, frozenset({"tilgaengelighed.md", "niveauer/n9.md"})) == []


def test_page_addresses_follow_mkdocs_own_rule(repo: Repo, tmp_path: Path) -> None:
    """urls.page_url, which the generator links by, gives every generated page the address MkDocs gives it."""
    from mkdocs.structure.files import File

    repo.add_fixture(PRODUCT_FIXTURES / "valid_full.md")
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    uris = [page.src_uri for page in generate_pages(catalogue)] + ["index.md", "README.md", "nyheder/index.md"]
    for use_directory_urls in (True, False):
        for src_uri in uris:
            mkdocs_url = File(src_uri, str(tmp_path), str(tmp_path / "site"), use_directory_urls).url
            assert urls.page_url(src_uri, use_directory_urls) == ("" if mkdocs_url == "./" else mkdocs_url), \
                (src_uri, use_directory_urls)


# HTML the generator wrote skips the Markdown parser ------------------------------------------------------

def _html_tokens(page: str) -> list[tuple[str, ...]]:
    """What a browser builds from ``page``: tags with their attributes (a bare attribute as name="name") and text,
    ignoring whitespace between tags."""
    from html.parser import HTMLParser

    tokens: list[tuple[str, ...]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tokens.append((tag, *sorted(f"{k}={v if v not in (None, '') else k}" for k, v in attrs)))

        def handle_endtag(self, tag: str) -> None:
            tokens.append(("/" + tag,))

        def handle_data(self, data: str) -> None:
            if data.strip():
                tokens.append(("text", " ".join(data.split())))

    Collector().feed(page)
    return tokens


def _search_entries(html: str) -> list[tuple[str | None, str, str]]:
    """The sections Material's search index makes of a page's content: (anchor, title, text), excluded ones left out."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, "".join(section.title).strip(), " ".join("".join(section.text).split()))
            for section in parser.data if not section.is_excluded()]


@pytest.mark.build  # converts every page of the repository twice: with the build tests, not the fast tier
def test_lifted_html_gives_the_page_markdown_would_give() -> None:
    import markdown

    from os2catalogue import rawhtml

    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    extensions = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
    lifted_blocks = left_out = 0
    for page in generate_pages(catalogue):
        if not page.src_uri.endswith(".md"):
            continue
        text = page.content.split("---\n", 2)[2]
        plain = markdown.Markdown(extensions=extensions).convert(text)
        lifted_text, lifted = rawhtml.lift(text)
        converted = markdown.Markdown(extensions=extensions).convert(lifted_text)
        restored = rawhtml.restore(converted, lifted)
        assert _html_tokens(restored) == _html_tokens(plain), page.src_uri
        lifted_blocks += len(lifted.blocks)
        # Packed while waiting to be written, the page comes back whole; and the search index gets the same
        # entries from it without the blocks it skips.
        packed = rawhtml.pack(converted, lifted)
        assert packed.full() == restored
        assert _search_entries(packed.for_search()) == _search_entries(restored), page.src_uri
        left_out += len(packed.unindexed)
    assert lifted_blocks > 500  # the point: most of the generated HTML skips the parser
    assert left_out > 50  # and much of it the search index's parser too


def test_only_finished_html_is_lifted() -> None:
    from os2catalogue import rawhtml

    text = ("# Titel\n\n<div class=\"a\">\n<p>x</p>\n</div>\n\n<div markdown>\n\n**fed**\n\n</div>\n\n"
            "```html\n<div>kode</div>\n\n<p>stadig kode</p>\n```\n\n<span>inline</span>\n\n<div>\n<p>uden slutning\n\n"
            "</div>\n")
    lifted_text, lifted = rawhtml.lift(text)
    assert lifted.blocks == ['<div class="a">\n<p>x</p>\n</div>']
    assert "<div markdown>" in lifted_text and "<div>kode</div>" in lifted_text and "<span>inline</span>" in lifted_text
    with pytest.raises(ValueError, match="1 of 1 lifted HTML blocks found no place"):
        rawhtml.restore("<p>nothing here</p>", lifted)


# Listings that stay light ------------------------------------------------------------------------------

def test_long_listings_are_split_into_linked_pages(repo: Repo, minimal_text: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from os2catalogue import pages as pages_module

    for n in range(1, 6):
        repo.add(f"os2p{n}.md", minimal_text.replace("OS2eksempel", f"OS2p{n}"))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    monkeypatch.setattr(pages_module, "PAGE_SIZE", 2)
    monkeypatch.setattr(pages_module, "CATALOGUE_GROUP_SIZE", 2)
    pages = {p.src_uri: p for p in generate_pages(catalogue)}  # every link between the pages resolves
    level = ["niveauer/ikke-vurderet.md", "niveauer/ikke-vurderet/side/2.md", "niveauer/ikke-vurderet/side/3.md"]
    assert all(uri in pages for uri in level) and "niveauer/ikke-vurderet/side/4.md" not in pages
    assert [pages[uri].content.count('<li class="os2-card"') for uri in level] == [2, 2, 1]
    second = pages[level[1]]
    assert "title: Ikke vurderet, side 2" in second.content and "exclude: true" in second.content
    assert not second.in_nav and pages[level[0]].in_nav
    assert "Side 2 af 3: nr. 3–4 af 5." in second.content and "## Produkter på ikke vurderet (5)" in second.content
    assert '<a href="../../" rel="prev">1</a>' in second.content and '<a aria-current="page">2</a>' in second.content
    assert '<a href="../3/" rel="next">3</a>' in second.content
    assert "## Krav på niveauet" not in second.content  # the level's requirements are on its first page only
    facet = [uri for uri in pages if uri.startswith("produkter/livscyklus/produkt")]
    assert sorted(facet) == ["produkter/livscyklus/produkt.md", "produkter/livscyklus/produkt/side/2.md",
                             "produkter/livscyklus/produkt/side/3.md"]
    # The catalogue index shows the first cards of a level; the filter's data carries the others, in order.
    index = pages["produkter/index.md"].content
    assert index.count('<li class="os2-card"') == 2 and "Her står de første 2 af 5." in index
    data = json.loads(pages["produkter/filtre.json"].content)
    cards = {p["slug"]: p["card"] for p in data["products"] if "card" in p}
    assert [slug for slug, _ in sorted(cards.items(), key=lambda item: item[1]["order"])] == ["os2p3", "os2p4", "os2p5"]
    assert cards["os2p5"] == {"order": 2, "url": "os2p5/", "lifecycle": "produkt", "basis": "", "stale": ""}
    # What a card shows beyond that comes once: the product's name, description and level, and the labels.
    p5 = next(p for p in data["products"] if p["slug"] == "os2p5")
    assert (p5["name"], p5["group"]) == ("OS2p5", "ikke-vurderet") and p5["description"]
    assert data["levels"]["ikke-vurderet"] == "Ikke vurderet"
    assert data["lifecycle"]["produkt"] == {"label": "Produkt", "retired": False}
    assert data["lifecycle"]["udtraadt"]["retired"] and data["version"] == 3


@pytest.mark.skipif(os.name != "posix", reason="file locks (fcntl) are POSIX")
def test_a_scratch_folder_left_by_a_stopped_build_goes_at_the_next(tmp_path: Path) -> None:
    """A serve stopped by a signal skips Python's clean-up: the next build removes a scratch folder whose lock no
    running build holds, and leaves alone one that is held, one without the lock file, and a link to a folder."""
    import fcntl

    from os2catalogue.mkdocs_adapter import remove_abandoned_scratch

    names = ["os2catalogue-pages-left", "os2catalogue-pages-running", "os2catalogue-pages-nolock", "other-x"]
    for name in names:
        (tmp_path / name / "produkter").mkdir(parents=True)
        if name != "os2catalogue-pages-nolock":
            (tmp_path / name / ".in-use").write_text("", encoding="utf-8")
    (tmp_path / "os2catalogue-pages-link").symlink_to(tmp_path / "os2catalogue-pages-left")
    (tmp_path / "os2catalogue-pages-weird-²").mkdir()
    with (tmp_path / "os2catalogue-pages-running" / ".in-use").open("w") as running:
        fcntl.flock(running, fcntl.LOCK_EX)  # as a build in another process would
        assert remove_abandoned_scratch(tmp_path) == [tmp_path / "os2catalogue-pages-left"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {*names, "os2catalogue-pages-link", "os2catalogue-pages-weird-²"} - {"os2catalogue-pages-left"})


@pytest.mark.skipif(os.name != "posix", reason="file locks (fcntl) are POSIX")
def test_a_build_holds_its_scratch_folder() -> None:
    """While a build runs, its scratch folder is held: another build does not take it away."""
    from os2catalogue import mkdocs_adapter

    folder = mkdocs_adapter._scratch_folder()
    assert (folder / ".in-use").is_file()
    assert folder not in mkdocs_adapter.remove_abandoned_scratch(folder.parent) and folder.is_dir()


def test_the_theme_templates_are_loaded_once_per_build() -> None:
    """MkDocs makes a new template environment for every build; within one, a template is not checked for changes
    on every include (that was a file-system call per partial per page)."""
    import jinja2

    from os2catalogue.mkdocs_adapter import theme_environment
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "{% include 'part.html' %}", "part.html": "x"}))
    assert env.auto_reload
    assert theme_environment(env) is env
    assert not env.auto_reload
    assert env.get_template("page.html").render() == "x"


def test_answers_and_ratings_are_keyed_by_the_vocabularys_own_keys() -> None:
    """A large catalogue repeats each requirement id thousands of times: every report and assessment keeps the
    vocabulary's own key, not its file's copy of it."""
    from os2catalogue.loader import load_site

    catalogue = load_site(ROOT, today=BUILD_DATE)
    own = {id(key) for key in catalogue.vocabularies.requirement_ids.keys}
    keyed = [key for p in catalogue.products if p.governance for r in p.governance.reports
             for key, _ in r.answers]
    keyed += [key for p in catalogue.products if p.governance
              for a in p.governance.assessments for key, _ in a.ratings]
    assert len(keyed) > 100 and all(id(key) in own for key in keyed)


def test_the_models_records_keep_no_dictionary_each() -> None:
    """A large catalogue has about twenty answers and ratings per product: the model's records are slotted
    (7 MiB less at 5000 products). A record that caches (a report's answers by id) keeps its dictionary."""
    import dataclasses

    from os2catalogue import model

    records = [cls for cls in vars(model).values()
               if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__]
    assert len(records) > 30
    with_dictionary = [cls.__name__ for cls in records if any("__dict__" in vars(k) for k in cls.__mro__[:-1])]
    assert with_dictionary == ["Report"]


def test_freed_memory_is_given_back_where_the_allocator_can() -> None:
    """Before Material writes its search index, the build hands the allocator's free pages back (glibc only)."""
    import platform

    from os2catalogue import memory

    assert memory.give_back_free_memory() is (platform.libc_ver()[0] == "glibc")


def test_a_body_or_supplier_named_for_many_products_gets_its_products_in_pages(
        repo: Repo, minimal_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big municipality is named for most products, a big supplier for many: their pages come in pages too, each
    with the ties and roles of its own products."""
    from os2catalogue import pages as pages_module

    named = """users:
  - bodies: [aarhus-kommune]
    relation: anvender
    source: https://example.org/anvendere
    date: 2026-05-01
suppliers:
  - id: magenta
    roles: [drift]
    source: https://example.org/leverandoer
    date: 2026-03-01
last_reviewed:"""
    for n in range(1, 6):
        repo.add(f"os2p{n}.md", minimal_text.replace("OS2eksempel", f"OS2p{n}").replace("last_reviewed:", named))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    monkeypatch.setattr(pages_module, "PAGE_SIZE", 2)
    pages = {p.src_uri: p.content for p in generate_pages(catalogue)}  # every link between the pages resolves
    body = ["kommuner/aarhus-kommune.md", "kommuner/aarhus-kommune/side/2.md", "kommuner/aarhus-kommune/side/3.md"]
    assert all(uri in pages for uri in body) and "kommuner/aarhus-kommune/side/4.md" not in pages
    assert [pages[uri].count('<li class="os2-card"') for uri in body] == [2, 2, 1]
    second = pages[body[1]]
    assert "title: Aarhus Kommune, side 2" in second and "exclude: true" in second
    assert "Side 2 af 3: nr. 3–4 af 5." in second and '<a href="../3/" rel="next">3</a>' in second
    ties = [line for line in second.splitlines() if line.startswith("<li><a href=") and "bruger produktet" in line]
    assert [tie.split(">", 2)[2].split("<")[0] for tie in ties] == ["OS2p3", "OS2p4"]  # its own products' ties
    assert "oplyser kun et samlet antal" not in second
    supplier = ["leverandoerer/magenta.md", "leverandoerer/magenta/side/2.md", "leverandoerer/magenta/side/3.md"]
    assert all(uri in pages for uri in supplier)
    assert [pages[uri].count('<tr><th scope="row">') for uri in supplier] == [2, 2, 1]
    assert "i forbindelse med 5 " in pages[supplier[2]] and "Side 3 af 3: nr. 5–5 af 5." in pages[supplier[2]]
    assert "aeroe-kommune/side" not in " ".join(pages)  # a body named for no product has one page
    # The suppliers' overview names a supplier's first products and counts the others, linking to its page.
    monkeypatch.setattr(pages_module, "OVERVIEW_NAMES", 3)
    overview = {p.src_uri: p.content for p in generate_pages(catalogue)}["leverandoerer/index.md"]
    row = next(line for line in overview.splitlines() if ">Magenta</a></th>" in line)
    assert row.count('<a href="../produkter/os2p') == 3 and "OS2p3</a> og " in row
    assert row.endswith('og <a href="magenta/">2 andre produkter</a></td></tr>')
    monkeypatch.setattr(pages_module, "OVERVIEW_NAMES", 4)
    overview = {p.src_uri: p.content for p in generate_pages(catalogue)}["leverandoerer/index.md"]
    assert 'og <a href="magenta/">1 andet produkt</a></td></tr>' in overview


def linked_names_per_page(pages: dict[str, Any], uris: list[str], line_start: str) -> list[list[str]]:
    """The text of the first link in each line starting with ``line_start``, page by page. The listing has exactly
    the pages ``uris`` (the page after the last does not exist)."""
    stem = uris[0].removesuffix(".md").removesuffix("/index")
    assert all(uri in pages for uri in uris) and f"{stem}/side/{len(uris) + 1}.md" not in pages
    return [[line.split(">")[3].split("<")[0] for line in pages[uri].content.splitlines() if line.startswith(line_start)]
            for uri in uris]


def test_closed_calls_come_in_pages_and_the_open_ones_stay_on_the_first(
        repo: Repo, minimal_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed calls only add up over the years: the calls page gives them newest first in pages, and the open ones
    stay on its first page."""
    from os2catalogue import pages as pages_module

    calls = "calls:\n  - title: Ny version\n    kind: crowdfunding\n    url: https://example.org/c\n" \
            "    deadline: 2026-12-01\n"
    calls += "".join(f"  - title: Runde {n}\n    kind: crowdfunding\n    url: https://example.org/r{n}\n"
                     f"    closed: 202{n}-10-04\n" for n in range(1, 6))
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", calls + "last_reviewed:"))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    monkeypatch.setattr(pages_module, "PAGE_SIZE", 2)
    pages = {p.src_uri: p for p in generate_pages(catalogue)}  # every link between the pages resolves
    uris = ["deltag.md", "deltag/side/2.md", "deltag/side/3.md"]
    assert linked_names_per_page(pages, uris, '<li class="os2-call">') == \
        [["Ny version", "Runde 5", "Runde 4"], ["Runde 3", "Runde 2"], ["Runde 1"]]
    first, second = pages[uris[0]], pages[uris[1]]
    assert "## Åbne nu (1)" in first.content and "## Åbne nu" not in second.content
    assert "Her står de crowdfundinger og tilslutninger, der er åbne i dag" in first.content
    assert 'Afsluttede crowdfundinger og tilslutninger, den senest afsluttede først. De åbne står på ' \
           '<a href="../../">første side</a>.' in second.content and "åbne i dag" not in second.content
    assert "title: Det kan du være med i, side 2" in second.content and "exclude: true" in second.content
    assert "Side 2 af 3: nr. 3–4 af 5." in second.content and first.in_nav and not second.in_nav
    monkeypatch.setattr(pages_module, "PAGE_SIZE", 100)
    single = {p.src_uri: p.content for p in generate_pages(catalogue)}
    assert "deltag/side/2.md" not in single and 'class="os2-pager"' not in single["deltag.md"]
    assert single["deltag.md"].count('<li class="os2-call">') == 6


def test_products_due_for_review_come_in_pages(repo: Repo, minimal_text: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The secretariat's list of products not reviewed for a year is a listing like the others: oldest first, in
    pages."""
    from os2catalogue import pages as pages_module

    for n in range(1, 6):
        repo.add(f"os2p{n}.md", minimal_text.replace("OS2eksempel", f"OS2p{n}")
                 .replace("last_reviewed: 2026-11-01", f"last_reviewed: 2024-0{n}-01"))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    monkeypatch.setattr(pages_module, "PAGE_SIZE", 2)
    pages = {p.src_uri: p for p in generate_pages(catalogue)}  # every link between the pages resolves
    uris = ["gennemgang.md", "gennemgang/side/2.md", "gennemgang/side/3.md"]
    assert linked_names_per_page(pages, uris, '<tr><th scope="row">') == [["OS2p1", "OS2p2"], ["OS2p3", "OS2p4"], ["OS2p5"]]
    second = pages[uris[1]]
    assert "title: Til gennemgang, side 2" in second.content and "exclude: true" in second.content
    assert "Side 2 af 3: nr. 3–4 af 5." in second.content and not second.in_nav and pages[uris[0]].in_nav
