"""News posts: one failing fixture per rule with its exact message, and the post model."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_DATE, FIXTURES, PRODUCT_FIXTURES, ROOT

from os2catalogue.loader import read_site
from os2catalogue.news import latest
from os2catalogue.vocab import load_vocabularies

BLOG_FIXTURES = FIXTURES / "blog"
P = "blog/posts/nyhed.md"

EXPECTED: dict[str, list[str]] = {
    "bad_date": [f"{P}:2: date: expected a date YYYY-MM-DD, got '1. oktober 2026'"],
    "bad_slug": [f"{P}:3: slug: 'Ny version af OS2eksempel' is not a slug; use lower-case ASCII words joined by '-', "
                 "e.g. 'ny-version-af-os2eksempel'"],
    "draft_not_bool": [f"{P}:7: draft: expected true or false, got text ('måske')"],
    "duplicate_key": [f"{P}:6: categories: duplicate key; first given on line 5"],
    "empty_body": [f"{P}:1: title: a post needs a title: a 'title:' field or a '# ' heading",
                   f"{P}:9: body: the post has no text below the front matter"],
    "html_in_title": [f"{P}:7: title: HTML is not allowed in text fields (found '<em>'); write plain text"],
    "missing_authors": [f"{P}:1: authors: required field is missing"],
    "missing_categories": [f"{P}:5: categories: needs at least 1 category"],
    "missing_date": [f"{P}:1: date: required field is missing"],
    "missing_slug": [f"{P}:1: slug: required field is missing; add 'slug: ny-version-af-os2eksempel'"],
    "no_excerpt_mark": [f"{P}:9: body: add a line '<!-- more -->' after the lead paragraph; the text above it is "
                        "shown in lists and on the home page"],
    "no_title": [f"{P}:1: title: a post needs a title: a 'title:' field or a '# ' heading"],
    "unknown_author": [f"{P}:4: authors[0]: unknown author 'rfrey'; did you mean 'rasmus-frey'?"],
    "unknown_category": [f"{P}:5: categories[0]: 'Nyheder' is not one of Nyhed, Blog, Case, Bestyrelsen, Produkt; "
                         "did you mean 'Nyhed'?"],
    "unknown_field": [f"{P}:7: categorie: unknown field; did you mean 'categories'?"],
    "unknown_product": [f"{P}:6: products[1]: unknown product 'os2foo' (the known ones are in products/)"],
    "body_script": [f'{P}:18: body: the <script> element would be removed as unsafe; take it out'],
    "body_javascript_link": [f"{P}:16: body: the address 'javascript:alert(1)' (only http, https and mailto addresses) would be removed as unsafe; take it out"],
    "body_external_image": [f'{P}:16: body: an image from another origin (https://tracker.example/p.png) would be removed as unsafe; take it out'],
    "body_split_tag": [f"{P}:17: body: the 'onerror' attribute of <img> would be removed as unsafe; take it out"],
    "quote_in_description": [f"{P}:7: description: '\"' is not allowed here, because the theme writes this text into "
                             "HTML attributes; use »…« or “…”"],
    "heading_with_markup": [f"{P}:10: body: the '# ' heading is the post's title: '<' and '>' are not allowed in "
                            "text fields; write plain text"],
    "title_entity": [f"{P}:7: title: HTML entities such as '&lt;' are not allowed; write the character itself"],
}


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    (tmp_path / "blog" / "posts").mkdir(parents=True)
    shutil.copyfile(BLOG_FIXTURES / ".authors.yml", tmp_path / "blog" / ".authors.yml")
    (tmp_path / "docs" / "assets" / "avatars").mkdir(parents=True)
    shutil.copyfile(ROOT / "docs" / "assets" / "avatars" / "person.svg",
                    tmp_path / "docs" / "assets" / "avatars" / "person.svg")
    return tmp_path


def check(root: Path):  # type: ignore[no-untyped-def]
    (root / "products").mkdir(exist_ok=True)
    shutil.copyfile(PRODUCT_FIXTURES / "valid_minimal.md", root / "products" / "os2eksempel.md")
    catalogue, problems = read_site(root, today=BUILD_DATE, with_products=False)
    assert catalogue is not None
    return list(catalogue.posts), problems


def test_every_post_fixture_has_an_expectation() -> None:
    assert {p.stem for p in (BLOG_FIXTURES / "invalid").glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_post_rule(blog: Path, fixture: str) -> None:
    shutil.copyfile(BLOG_FIXTURES / "invalid" / f"{fixture}.md", blog / "blog" / "posts" / "nyhed.md")
    posts, problems = check(blog)
    assert [str(p) for p in problems] == EXPECTED[fixture]
    assert posts == []


def test_valid_post(blog: Path) -> None:
    shutil.copyfile(BLOG_FIXTURES / "valid.md", blog / "blog" / "posts" / "nyhed.md")
    posts, problems = check(blog)
    assert problems == []
    [post] = posts
    assert post.title == "Ny version af OS2eksempel"
    assert post.url == "nyheder/2026/10/01/ny-version-af-os2eksempel/"
    assert post.src_uri == "nyheder/posts/nyhed.md"
    assert post.products == ("os2eksempel",) and post.authors[0].name == "Katalogets redaktion"


def test_duplicate_slug_names_the_other_file(blog: Path) -> None:
    for name in ("a.md", "b.md"):
        shutil.copyfile(BLOG_FIXTURES / "valid.md", blog / "blog" / "posts" / name)
    _, problems = check(blog)
    assert [str(p) for p in problems] == [
        "blog/posts/b.md:3: slug: 'ny-version-af-os2eksempel' is also used by blog/posts/a.md"]


def test_missing_authors_file(blog: Path) -> None:
    (blog / "blog" / ".authors.yml").unlink()
    shutil.copyfile(BLOG_FIXTURES / "valid.md", blog / "blog" / "posts" / "nyhed.md")
    _, problems = check(blog)
    assert [str(p) for p in problems] == [
        "blog/.authors.yml:1: file: missing; list the post authors here",
        f"{P}:4: authors[0]: unknown author 'redaktionen' (the known ones are in blog/.authors.yml)",
    ]


def test_drafts_and_future_posts_are_not_published(blog: Path) -> None:
    valid = (BLOG_FIXTURES / "valid.md").read_text(encoding="utf-8")
    posts_dir = blog / "blog" / "posts"
    (posts_dir / "a.md").write_text(valid, encoding="utf-8")
    (posts_dir / "b.md").write_text(valid.replace("slug: ny-version-af-os2eksempel", "slug: kladde\ndraft: true"),
                                    encoding="utf-8")
    (posts_dir / "c.md").write_text(valid.replace("slug: ny-version-af-os2eksempel", "slug: planlagt")
                                    .replace("2026-10-01", "2026-12-24"), encoding="utf-8")
    posts, problems = check(blog)
    assert problems == []
    assert [p.slug for p in latest(posts, BUILD_DATE)] == ["ny-version-af-os2eksempel"]
    assert [p.slug for p in latest(posts, dt.date(2026, 12, 24))] == ["planlagt", "ny-version-af-os2eksempel"]


def test_post_categories_match_the_blog_configuration() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    blog = next(p["blog"] for p in config["plugins"] if isinstance(p, dict) and "blog" in p)
    assert blog["categories_allowed"] == list(load_vocabularies().post_categories.keys)


def test_repository_posts_are_valid() -> None:
    catalogue, problems = read_site(ROOT, today=BUILD_DATE)
    posts = list(catalogue.posts) if catalogue else []
    assert problems == []
    assert len(posts) >= 10
    dates = {p.date.isoformat() for p in posts}
    assert {"2023-05-10", "2018-09-19"} <= dates
    assert sum(1 for p in posts if p.products) >= 8


A = "blog/.authors.yml"
AUTHOR = "authors:\n  redaktionen:\n    name: Katalogets redaktion\n    avatar: assets/avatars/person.svg\n"


@pytest.mark.parametrize(("text", "expected"), [
    (AUTHOR + "    url: javascript:alert(1)\n",
     [f"{A}:5: authors.redaktionen.url: 'javascript:alert(1)' is not a valid http(s) URL"]),
    (AUTHOR.replace("assets/avatars/person.svg", "https://tracker.example/a.png"),
     [f"{A}:4: authors.redaktionen.avatar: 'https://tracker.example/a.png' is not a plain path in the site; give a "
      "file below docs/, such as assets/avatars/person.svg"]),
    (AUTHOR.replace("assets/avatars/person.svg", "assets/avatars/mangler.svg"),
     [f"{A}:4: authors.redaktionen.avatar: no such file docs/assets/avatars/mangler.svg; add the image or correct "
      "the path"]),
    (AUTHOR.replace("Katalogets redaktion", '"Redaktionen\\" onload=\\"alert(1)"'),
     [f"{A}:3: authors.redaktionen.name: '\"' is not allowed here, because the theme writes this text into HTML "
      "attributes; use »…« or “…”"]),
    (AUTHOR.replace("Katalogets redaktion", "<img src=x onerror=alert(1)>"),
     [f"{A}:3: authors.redaktionen.name: HTML is not allowed in text fields (found '<img src=x onerror=alert(1)>'); "
      "write plain text"]),
    (AUTHOR + "  redaktionen:\n    name: Igen\n    avatar: assets/avatars/person.svg\n",
     [f"{A}:5: authors.redaktionen: duplicate key; first given on line 2"]),
    (AUTHOR + "    twitter: '@os2'\n", [f"{A}:5: authors.redaktionen.twitter: unknown field; the fields here are name, "
                                         "description, avatar, url, slug"]),
    ("authors:\n  a: &x\n    name: A\n    avatar: assets/avatars/person.svg\n  b: *x\n",
     [f"{A}:5: file: YAML aliases ('*x') are not allowed; write the value out"]),
    ("forfattere: {}\n", [f"{A}:1: authors: expected 'authors:' with one entry per author, each with name and avatar",
                          f"{A}:1: forfattere: unknown field; the file holds only 'authors:'"]),
])
def test_author_rules(blog: Path, text: str, expected: list[str]) -> None:
    (blog / "blog" / ".authors.yml").write_text(text, encoding="utf-8")
    _, problems = check(blog)
    assert [str(p) for p in problems] == expected


def test_authors_file_not_utf8(blog: Path) -> None:
    (blog / "blog" / ".authors.yml").write_bytes(AUTHOR.replace("Katalogets", "Kataloget\xe9").encode("latin-1"))
    _, problems = check(blog)
    assert [str(p) for p in problems] == [f"{A}:3: file: not valid UTF-8 (byte 0xe9 at offset 43); save the file "
                                          "with UTF-8 encoding"]
