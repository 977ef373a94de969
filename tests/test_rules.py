"""One failing fixture per validation rule, with its exact message (file:line: field: message)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PRODUCT_FIXTURES, Repo

P = "products/os2eksempel.md"

#: fixture name (tests/fixtures/products/invalid/<name>.md) → every diagnostic it must produce.
EXPECTED: dict[str, list[str]] = {
    "yaml_syntax": [f"{P}:6: front matter: invalid YAML: did not find expected ',' or ']' "
                    "(while parsing a flow sequence started here)"],
    "tab_indentation": [f"{P}:6: front matter: tab used for indentation; indent with spaces"],
    "duplicate_key": [f"{P}:6: lifecycle: duplicate key; first given on line 5"],
    "no_front_matter": [f"{P}:1: front matter: missing; the file must start with a line '---', "
                        "then the YAML fields, then a closing '---'"],
    "empty_front_matter": [f"{P}:1: front matter: empty; write the product's fields between the '---' lines"],
    "unclosed_front_matter": [f"{P}:1: front matter: no closing '---' line after the YAML fields"],
    "front_matter_not_mapping": [f"{P}:2: front matter: expected 'field: value' lines, got a single value or a list"],
    "unsafe_yaml_tag": [f"{P}:5: front matter: invalid YAML: could not determine a constructor for the tag "
                        "'tag:yaml.org,2002:python/object/apply:os.system'"],
    "non_text_key": [f"{P}:6: front matter: field names must be text, got '2026'; quote it"],
    "missing_required": [f"{P}:1: short_description: required field is missing"],
    "empty_required": [f"{P}:3: short_description: required field is empty"],
    "wrong_type_list": [f"{P}:6: categories: expected a list, got text ('integration'); "
                        "write [a, b] or one '- a' line per item"],
    "wrong_type_text": [f"{P}:4: summary_en: expected text, got a yes/no value (true); put the value in quotes"],
    "wrong_type_object": [f"{P}:6: coordinator: expected fields (name: value) indented below 'coordinator', "
                          "got text ('Eksempel Koordinator')"],
    "wrong_type_count": [f"{P}:8: users_reported.count: expected a whole number of 0 or more, got text ('mange')"],
    "unknown_key": [f"{P}:1: lifecycle: required field is missing",
                    f"{P}:5: lifecyle: unknown field; did you mean 'lifecycle'?"],
    "misplaced_key": [f"{P}:6: license: unknown field; did you mean 'licence'? It belongs inside repositories[]"],
    "unknown_level": [f"{P}:4: level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet"],
    "unknown_lifecycle": [f"{P}:5: lifecycle: 'beta' is not one of idé, projekt, produkt, udtrådt, nedlagt"],
    "unknown_category": [f"{P}:6: categories[1]: unknown category 'integrationer'; did you mean 'integration'?"],
    "bad_date": [f"{P}:7: last_reviewed: expected a date YYYY-MM-DD, got '01/11/2026'"],
    "date_and_time": [f"{P}:7: last_reviewed: expected a date YYYY-MM-DD, got '2026-11-01 12:00:00'"],
    "impossible_date": [f"{P}:7: last_reviewed: '2026-02-30' is not a real date"],
    "future_review_date": [f"{P}:7: last_reviewed: 2027-01-05 is after the build date 2026-11-25"],
    "short_description_too_long": [f"{P}:3: short_description: 151 characters; at most 150 allowed"],
    "bad_url": [f"{P}:6: website: 'www.os2.eu/os2eksempel' is not a valid http(s) URL; "
                "did you mean 'https://www.os2.eu/os2eksempel'?"],
    "bad_spdx": [f"{P}:8: repositories[0].licence: unknown SPDX licence id 'MPL2'; did you mean 'MPL-2.0'?"],
    "name_without_prefix": [f"{P}:2: name: 'Eksempel' must start with 'OS2'"],
    "html_in_text": [f"{P}:3: short_description: HTML is not allowed in text fields (found '<b>'); write plain text"],
    "duplicate_list_item": [f"{P}:6: categories[2]: 'integration' is listed twice"],
    "body_empty": [f"{P}:9: body: the Danish description below the front matter is empty"],
    "body_html": [f"{P}:11: body: raw HTML is not allowed (found '<script>'); write Markdown"],
    "yaml_alias_bomb": [f"{P}:8: front matter: YAML aliases ('*a') are not allowed; write the value out",
                        f"{P}:9: front matter: YAML aliases ('*b') are not allowed; write the value out",
                        f"{P}:10: front matter: YAML aliases ('*c') are not allowed; write the value out",
                        f"{P}:11: front matter: YAML aliases ('*d') are not allowed; write the value out"],
    "yaml_deep_brackets": [f"{P}:6: front matter: brackets nested more than 20 levels deep"],
    "yaml_deep_indent": [f"{P}:40: front matter: indented 66 spaces; at most 64 are allowed (nest fewer levels)"],
    "url_not_parseable": [f"{P}:7: website: 'https://[os2.eu/' is not a valid URL (Invalid IPv6 URL); check the "
                          "address"],
    "url_bad_port": [f"{P}:7: website: 'https://os2.eu:80x/' is not a valid URL (Port could not be cast to integer "
                     "value as '80x'); check the address"],
    "text_invisible_character": [f'{P}:2: name: contains an invisible character U+200B (ZERO WIDTH SPACE) at position 7; remove it'],
    "text_bidi_control": [f'{P}:3: short_description: contains an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 4; remove it'],
    "url_invisible_character": [f'{P}:7: website: contains an invisible character U+200B (ZERO WIDTH SPACE) at position 23; remove it'],
    "text_unclosed_tag": [f"{P}:3: short_description: '<' and '>' are not allowed in text fields; write plain text"],
    "text_entity": [f"{P}:3: short_description: HTML entities such as '&lt;' are not allowed; write the character itself"],
    "name_confusable": [f"{P}:2: name: 'е' (CYRILLIC SMALL LETTER IE) is not a Latin letter; a name looks like another product's when it mixes scripts, so use Latin letters"],
    "repository_twice": [f"{P}:10: repositories[1]: 'https://github.com/OS2eksempel/kode' is listed twice (also repositories[0]); list it once"],
    "call_closed_after_deadline": [f'{P}:12: calls[0].closed: 2026-07-15 is after the deadline 2026-06-30; correct one of the dates'],
    "call_opened_after_closing": [f"{P}:11: calls[0].opened: 2026-08-01 is after the call's closed 2026-07-15; correct one of the dates"],
    "body_split_tag": [f"{P}:12: body: the 'onerror' attribute of <img> would be removed as unsafe; take it out"],
    "body_attr_list_handler": [f"{P}:12: body: the 'onclick' attribute of <p> would be removed as unsafe; take it out"],
    "body_heading_attr_handler": [f"{P}:11: body: the 'onmouseover' attribute of <h2> would be removed as unsafe; take it out"],
    "body_javascript_link": [f"{P}:11: body: the address 'javascript:alert(1)' (only http, https and mailto addresses) would be removed as unsafe; take it out"],
    "body_reference_link": [f"{P}:13: body: the address 'javascript:alert(1)' (only http, https and mailto addresses) would be removed as unsafe; take it out"],
    "body_data_link": [f"{P}:11: body: the address 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' (only http, https and mailto addresses) would be removed as unsafe; take it out"],
    "body_external_image": [f'{P}:11: body: an image from another origin (https://tracker.example/pixel.png) would be removed as unsafe; take it out'],
    "body_style_attribute": [f"{P}:12: body: the 'style' attribute of <p> would be removed as unsafe; take it out"],
    "bad_email": [f"{P}:9: coordinator.email: 'koordinator(at)example.org' is not a valid e-mail address"],
    "supplier_twice": [f"{P}:12: suppliers[1]: 'magenta' is listed twice (also suppliers[0]); list it once"],
    "unknown_municipality": [f"{P}:8: users[0].bodies[1]: unknown user 'Københavns Kommune'; did you mean 'koebenhavns-kommune'?", f"{P}:8: users[0].bodies[2]: unknown user 'gotham' (the known ones are in src/os2catalogue/data/bodies.yml)"],
    "unknown_role": [f"{P}:9: suppliers[0].roles[0]: 'hosting' is not one of udvikling, drift, support, kodegennemgang, projektledelse"],
    "unknown_supplier": [f"{P}:8: suppliers[0].id: unknown supplier 'magneta'; did you mean 'magenta'?"],
    "users_reported_too_low": [f"{P}:17: users_reported.count: 1 is fewer than the 2 bodies 'users' names as using the product"],
    "retired_without_source": [f"{P}:5: lifecycle: 'nedlagt' needs lifecycle_source: the source that says so, with source and date"],
    "lifecycle_source_when_active": [f"{P}:6: lifecycle_source: must be left out when lifecycle is 'produkt'; it is for a product that has left OS2 or been discontinued"],
    "level_without_decision": [f"{P}:4: level: 'N1' needs level_decisions: the board's decision or the secretariat's recommendation, with kind, level, date and source"],
    "decision_when_not_assessed": [f"{P}:5: level_decisions: must be left out when level is 'ikke vurderet'"],
    "unknown_decision_kind": [f"{P}:6: level_decisions[0].kind: 'vedtaget' is not one of beslutning, anbefaling"],
    "reviewed_before_decision": [f'{P}:12: last_reviewed: 2026-11-01 is before level_decisions[0].date (2026-11-10); set last_reviewed to the day the file was last checked'],
    "level_not_the_deciding_one": [f"{P}:4: level: 'N2' is not the level of the newest decision by the board (N1, 2026-03-01); the level follows the board's newest decision, or the secretariat's newest recommendation where the board has not decided"],
    "supplier_without_source": [f'{P}:8: suppliers[0].date: required field is missing', f'{P}:8: suppliers[0].source: required field is missing'],
    "users_without_source": [f'{P}:8: users[0].date: required field is missing', f'{P}:8: users[0].source: required field is missing'],
    "coordinator_without_source": [f'{P}:7: coordinator.date: required field is missing', f'{P}:7: coordinator.source: required field is missing'],
    "unknown_user_relation": [f"{P}:9: users[0].relation: unknown relation 'kunde' (the known ones are in src/os2catalogue/data/user_relations.yml)"],
    "body_heading_level_one": [f"{P}:9: body: a '# ' heading is not allowed; the page title comes from 'name', "
                               "start sections with '## '"],
}


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {path.stem for path in (PRODUCT_FIXTURES / "invalid").glob("*.md")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_rule(repo: Repo, fixture: str) -> None:
    repo.add_fixture(PRODUCT_FIXTURES / "invalid" / f"{fixture}.md")
    products, problems = repo.check()
    assert [str(p) for p in problems] == EXPECTED[fixture]
    assert products == []


@pytest.mark.parametrize("fixture", ["valid_minimal", "valid_full"])
def test_valid_fixtures_pass(repo: Repo, fixture: str) -> None:
    repo.add_fixture(PRODUCT_FIXTURES / f"{fixture}.md")
    products, problems = repo.check()
    assert problems == []
    assert [p.slug for p in products] == ["os2eksempel"]


def test_not_utf8(repo: Repo, minimal_text: str) -> None:
    raw = minimal_text.replace("En kort dansk", "Én kort dansk").encode("utf-8").replace("É".encode(), b"\xc9")
    repo.add("os2eksempel.md", raw)
    offset = raw.index(b"\xc9")
    assert repo.messages() == [f"{P}:9: file: not valid UTF-8 (byte 0xc9 at offset {offset}); save the file with UTF-8 encoding"]


def test_bom_and_crlf_are_accepted(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", b"\xef\xbb\xbf" + minimal_text.replace("\n", "\r\n").encode("utf-8"))
    products, problems = repo.check()
    assert problems == []
    assert products[0].name == "OS2eksempel"
    assert "\r" not in products[0].body


def test_crlf_keeps_line_numbers(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("level: ikke vurderet", "level: N4").replace("\n", "\r\n"))
    assert repo.messages() == [f"{P}:4: level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet"]


def test_slug_collision_names_both_files(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    repo.add("OS2eksempel.md", minimal_text)
    assert repo.messages() == [
        "products/OS2eksempel.md:1: file name: slug 'os2eksempel' is also used by products/os2eksempel.md; "
        "each product needs its own file name",
        "products/os2eksempel.md:1: file name: slug 'os2eksempel' is also used by products/OS2eksempel.md; "
        "each product needs its own file name",
    ]


def test_name_must_match_file_name(repo: Repo, minimal_text: str) -> None:
    repo.add("os2andet.md", minimal_text)
    assert repo.messages() == [
        "products/os2andet.md:2: name: 'OS2eksempel' does not match the file name; "
        "rename the file to 'os2eksempel.md' or correct the name"]


def test_every_problem_in_every_file_is_collected(repo: Repo, minimal_text: str) -> None:
    broken = minimal_text.replace("level: ikke vurderet", "level: N4").replace("lifecycle: produkt", "lifecycle: beta")
    repo.add("os2eksempel.md", broken)
    repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet").replace("2026-11-01", "01-11-2026"))
    repo.add("os2tredje.md", minimal_text.replace("OS2eksempel", "OS2tredje"))
    products, problems = repo.check()
    assert [str(p) for p in problems] == [
        "products/os2andet.md:7: last_reviewed: expected a date YYYY-MM-DD, got '01-11-2026'",
        f"{P}:4: level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet",
        f"{P}:5: lifecycle: 'beta' is not one of idé, projekt, produkt, udtrådt, nedlagt",
    ]
    assert [p.slug for p in products] == ["os2tredje"]


def test_quoted_iso_date_is_accepted(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed: 2026-11-01", 'last_reviewed: "2026-11-01"'))
    products, problems = repo.check()
    assert problems == [] and products[0].last_reviewed.isoformat() == "2026-11-01"


def test_future_date_rule_follows_the_build_date(repo: Repo, minimal_text: str) -> None:
    import datetime as dt

    repo.add("os2eksempel.md", minimal_text)
    assert repo.messages(today=dt.date(2026, 10, 31)) == [
        f"{P}:7: last_reviewed: 2026-11-01 is after the build date 2026-10-31"]
    assert repo.messages(today=dt.date(2026, 11, 1)) == []


# Limits and what the folder holds ---------------------------------------------------------------------------

def test_the_alias_bomb_fails_fast(repo: Repo) -> None:
    import time

    repo.add_fixture(PRODUCT_FIXTURES / "invalid" / "yaml_alias_bomb.md")
    started = time.perf_counter()
    assert len(repo.messages()) == 4
    assert time.perf_counter() - started < 1.0


def test_an_oversized_file_is_refused_before_parsing(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text + "x" * 1_000_000)
    assert repo.messages() == [f"{P}:1: file: {len(minimal_text.encode()) + 1_000_000:,} bytes; a file is at most "
                               "1,000,000 bytes"]


def test_nothing_in_the_products_folder_is_ignored(repo: Repo, minimal_text: str, tmp_path: Path) -> None:
    repo.add("os2eksempel.md", minimal_text)
    repo.add("README.md", "# Produkter\n")  # documented: the folder's own read-me
    for name in ("os2a.MD", "os2b.markdown", "os2c.md.txt", ".gitkeep"):
        repo.add(name, minimal_text)
    (repo.products / "sub").mkdir()
    (repo.products / "sub" / "os2d.md").write_text(minimal_text, encoding="utf-8")
    (repo.products / "os2e.md").mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text(minimal_text, encoding="utf-8")
    (repo.products / "os2f.md").symlink_to(outside)
    products, problems = repo.check()
    assert [p.slug for p in products] == ["os2eksempel"]
    assert [str(p) for p in problems] == [
        "products/.gitkeep:1: file name: not read: product files are named <slug>.md; remove it",
        "products/os2a.MD:1: file name: not read: product files are named <slug>.md; rename it to os2a.md, or remove it",
        "products/os2b.markdown:1: file name: not read: product files are named <slug>.md; rename it to os2b.md, or "
        "remove it",
        "products/os2c.md.txt:1: file name: not read: product files are named <slug>.md; rename it to os2c.md, or "
        "remove it",
        "products/os2e.md:1: folder: folders are not read; put product files directly in products/",
        "products/os2f.md:1: file: a symbolic link; a product file must be a regular file in the repository",
        "products/sub:1: folder: folders are not read; put product files directly in products/",
    ]


def test_a_missing_products_folder_is_an_error(tmp_path: Path) -> None:
    from os2catalogue.files import discover

    assert [str(p) for p in discover(tmp_path / "products", tmp_path)[1]] == [
        "products:1: folder: missing; the product files belong here"]


def test_an_empty_catalogue_is_an_error(repo: Repo) -> None:
    repo.add("README.md", "# Produkter\n")
    assert repo.messages() == ["products:1: folder: holds no product files; the catalogue needs at least one"]


def test_two_hundred_thousand_brackets_are_refused_at_once(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("[integration]", "[" * 200_000 + "]" * 200_000))
    assert repo.messages() == [f"{P}:6: front matter: brackets nested more than 20 levels deep"]


def test_a_licence_that_is_not_text_names_the_kind_once(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace(
        "last_reviewed:", "repositories:\n  - url: https://example.org/kode\n    licence: 2\nlast_reviewed:"))
    assert repo.messages() == [f"{P}:9: repositories[0].licence: expected an SPDX licence id as text, got a number (2)"]
