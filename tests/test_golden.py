"""Golden output: whole generated pages of a small catalogue, compared byte for byte.

Substring checks say what must be on a page; these say that nothing else changed. When a change to a page is
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
#: One of each kind: a product with a scorecard, its full answers, the catalogue, a level, the filter's data, the
#: API's records, the badges' stylesheet, a body's page and a former address.
PAGES = ["produkter/os2eksempel.md", "produkter/os2eksempel/svar.md", "produkter/index.md", "niveauer/n2.md",
         "produkter/filtre.json", "api/v2/products.json", "assets/badges.css", "kommuner/aarhus-kommune.md",
         "produkter/niveau/n1/index.html"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    repo = Repo(tmp_path_factory.mktemp("golden"))
    repo.add_fixture(PRODUCT_FIXTURES / "valid_full.md")
    for report, url in (("skabelon_alle_svar.md", "https://example.org/rapport"),
                        ("evaluering_kombineret.md", "https://example.org/vurdering"),
                        ("tjekliste_2018_aeldste.md", "https://example.org/tjekliste")):
        result = run_cli("import-governance", str(FIXTURES / "reports" / report), "--product", "os2eksempel",
                         "--url", url, "--today", BUILD_DATE.isoformat(), cwd=repo.root)
        assert result.returncode == 0, result.stderr
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    return {page.src_uri: page.content for page in generate_pages(catalogue)}


def golden_name(src_uri: str) -> str:
    return src_uri.replace("/", "__")


@pytest.mark.parametrize("src_uri", PAGES)
def test_generated_page_matches_its_golden_file(generated: dict[str, str], src_uri: str) -> None:
    path = GOLDEN / golden_name(src_uri)
    assert src_uri in generated, sorted(generated)[:20]
    if os.environ.get("OS2_UPDATE_GOLDEN"):
        path.write_text(generated[src_uri], encoding="utf-8")
    assert path.is_file(), f"no golden file for {src_uri}: run with OS2_UPDATE_GOLDEN=1 and read the result"
    assert generated[src_uri] == path.read_text(encoding="utf-8"), \
        f"{src_uri} changed; if that is meant, regenerate with OS2_UPDATE_GOLDEN=1 and review the diff"


def test_every_golden_file_is_still_generated() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(golden_name(uri) for uri in PAGES)
