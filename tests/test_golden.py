"""Golden output: whole generated pages of a small catalogue, compared byte for byte.

Every page the generator writes for it (pages, the API, the filter data, the stylesheet, redirects) has its
file in tests/golden/. Substring checks say what must be on a page; these say that nothing else changed. When a change to a page is
meant, regenerate the files and read the diff before committing:

    OS2_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BUILD_DATE, FIXTURES, PRODUCT_FIXTURES, Repo, run_cli

from os2catalogue.loader import load_catalogue
from os2catalogue.pages import generate_pages

GOLDEN = Path(__file__).resolve().parent / "golden"
#: Set to regenerate every golden file (and remove those of pages no longer generated).
UPDATE = bool(os.environ.get("OS2_UPDATE_GOLDEN"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every generated page of a catalogue of one product with every field filled in, a governance report of
    the current model, the secretariat's assessment and an answer to the 2018 checklist."""
    repo = Repo(tmp_path_factory.mktemp("golden"))
    repo.add_fixture(PRODUCT_FIXTURES / "valid_full.md")
    for report, url in (("skabelon_alle_svar.md", "https://example.org/rapport"),
                        ("evaluering_kombineret.md", "https://example.org/vurdering"),
                        ("tjekliste_2018_aeldste.md", "https://example.org/tjekliste")):
        result = run_cli("import-governance", str(FIXTURES / "reports" / report), "--product", "os2eksempel",
                         "--url", url, "--today", BUILD_DATE.isoformat(), cwd=repo.root)
        assert result.returncode == 0, result.stderr
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    pages = {page.src_uri: page.content for page in generate_pages(catalogue)}
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        for stale in set(p.name for p in GOLDEN.iterdir()) - {golden_name(uri) for uri in pages}:
            (GOLDEN / stale).unlink()
        for src_uri, content in pages.items():
            (GOLDEN / golden_name(src_uri)).write_text(content, encoding="utf-8")
    return pages


def golden_name(src_uri: str) -> str:
    """The golden file of the page ``src_uri`` (one flat folder: '/' becomes '__')."""
    return src_uri.replace("/", "__")


def test_every_generated_page_has_a_golden_file_and_no_other(generated: dict[str, str]) -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(golden_name(uri) for uri in generated), \
        "the generated pages changed; if that is meant, regenerate with OS2_UPDATE_GOLDEN=1 and review the diff"


def test_every_generated_page_matches_its_golden_file(generated: dict[str, str]) -> None:
    changed = [src_uri for src_uri, content in sorted(generated.items())
               if not (GOLDEN / golden_name(src_uri)).is_file()
               or (GOLDEN / golden_name(src_uri)).read_text(encoding="utf-8") != content]
    assert changed == [], "these pages changed; if that is meant, regenerate with OS2_UPDATE_GOLDEN=1 and " \
                          "review the diff"
