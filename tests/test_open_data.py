"""Open data, publiccode.yml, the contributor's scaffold, redirects, charts and the ProperDocs build."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BUILD_DATE, PRODUCT_FIXTURES, ROOT, Repo, mkdocs_build, run_cli
from sitecheck import other_origin_requests

from os2catalogue import export, publiccode
from os2catalogue.loader import load_catalogue, load_site
from os2catalogue.pages import SiteOptions
from os2catalogue.vocab import load_vocabularies

API = export.API_VERSION


run = run_cli


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("open-data") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def product_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "products").glob("*.md"))


def _plain(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.build
def test_json_and_csv_hold_exactly_the_products(site: Path) -> None:
    data = json.loads((site / "api" / f"v{API}" / "products.json").read_text(encoding="utf-8"))
    assert data["api_version"] == API and data["schema_version"] == export.SCHEMA_VERSION
    assert dt.date.fromisoformat(data["build_date"])
    assert [p["slug"] for p in data["products"]] == product_slugs()
    rows = list(csv.DictReader(io.StringIO((site / "api" / f"v{API}" / "products.csv").read_text(encoding="utf-8"))))
    assert [row["slug"] for row in rows] == product_slugs()
    rollekatalog = next(row for row in rows if row["slug"] == "os2rollekatalog")
    assert rollekatalog["level"] == "N2" and rollekatalog["repositories.licence"] == "MPL-2.0;MIT"
    assert sorted(p.stem for p in (site / "api" / f"v{API}" / "products").glob("*.json")) == product_slugs()


@pytest.mark.build
def test_every_product_json_validates_against_the_published_schema(site: Path) -> None:
    schema = json.loads((site / "api" / f"v{API}" / "product.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted((site / "api" / f"v{API}" / "products").glob("*.json")):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


@pytest.mark.build
def test_product_files_validate_against_the_editor_schema(site: Path) -> None:
    schema = json.loads((site / "schema" / "product.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted((ROOT / "products").glob("*.md")):
        jsonschema.validate(_plain(yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])), schema)
    assert (ROOT / "schema" / "product.schema.json").read_text(encoding="utf-8") == \
        (site / "schema" / "product.schema.json").read_text(encoding="utf-8"), "run `make schema`"


def test_the_schema_rejects_what_validation_rejects(minimal_text: str) -> None:
    schema = export.json_schema(load_vocabularies(), api=False, site_url=SiteOptions.site_url)
    validator = jsonschema.Draft202012Validator(schema)
    good = _plain(yaml.safe_load(minimal_text.split("---")[1]))
    validator.validate(good)
    decision = {"kind": "beslutning", "level": "N1", "date": "2026-01-01", "source": "https://example.org/b"}
    source = {"source": "https://example.org/s", "date": "2026-01-01"}
    # Both directions of each rule across fields: a level needs a decision, "ikke vurderet" forbids one; a
    # retired product needs its source, any other forbids it.
    validator.validate({**good, "level": "N1", "level_decisions": [decision]})
    validator.validate({**good, "lifecycle": "nedlagt", "lifecycle_source": source})
    for bad in ({**good, "level": "N4"}, {**good, "lifecyle": "produkt"}, {**good, "level": "N1"},
                {**good, "level_decisions": [decision]}, {**good, "lifecycle": "udtrådt"},
                {**good, "lifecycle_source": source}, {**good, "aliases": ["Not A Slug"]},
                {k: v for k, v in good.items() if k != "name"}, {**good, "short_description": "x" * 151}):
        assert not validator.is_valid(bad), bad


@pytest.mark.build
def test_field_reference_documents_every_schema_field(site: Path) -> None:
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for row in export.field_reference(load_site(ROOT).vocabularies):
        assert f"<code>{html.escape(row['name'], quote=False)}</code>" in page, row["name"]
    for key, _, _ in export.COMPUTED_FIELDS:
        assert f"<code>{key}</code>" in page


@pytest.mark.build
def test_publiccode_exports_parse_and_round_trip(site: Path, tmp_path: Path) -> None:
    catalogue = load_site(ROOT)
    vocabularies = load_vocabularies()
    for product in catalogue.products:
        text = (site / "api" / f"v{API}" / "publiccode" / f"{product.slug}.yml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert data["publiccodeYmlVersion"] == "0.4" and data["name"] == product.name
        assert data["description"]["da"]["shortDescription"] == product.short_description
        if not product.repositories:
            continue  # publiccode.yml requires a repository URL; import says so (tested below)
        slug, content, problems = publiccode.product_file("publiccode.yml", text, vocabularies, BUILD_DATE)
        assert problems == [], product.slug
        assert slug == product.slug
        repo = Repo(tmp_path / product.slug)
        repo.add(f"{slug}.md", content or "")
        products, found = repo.check()
        assert [str(f) for f in found] == [], product.slug
        [back] = products
        assert (back.name, back.short_description, back.summary_en, back.website, back.documentation, back.body) == \
            (product.name, product.short_description, product.summary_en, product.website, product.documentation,
             product.body)
        assert back.lifecycle.publiccode == product.lifecycle.publiccode
        # publiccode.yml's usedBy carries only the bodies that use the product, without their sources: an import
        # names the file's repository as the source, dated the day it was read.
        assert back.user_bodies == product.user_bodies
        assert all(s.relation.id == "anvender" and s.source == product.repositories[0].url and s.date == BUILD_DATE
                   for s in back.users)
        assert [s.supplier for s in back.suppliers] == [s.supplier for s in product.suppliers]
        assert back.repositories[0].url == product.repositories[0].url


def test_import_publiccode_cli(repo: Repo, tmp_path: Path) -> None:
    source = tmp_path / "publiccode.yml"
    source.write_text(yaml.safe_dump({
        "publiccodeYmlVersion": "0.4", "name": "OS2ny", "url": "https://example.org/os2ny",
        "developmentStatus": "beta", "usedBy": ["Aarhus Kommune"],
        "legal": {"license": "MPL-2.0"},
        "description": {"da": {"shortDescription": "En ny løsning.", "longDescription": "En længere beskrivelse."}},
        "maintenance": {"type": "contract", "contractors": [{"name": "Magenta", "until": "2027-01-01"}]},
    }, allow_unicode=True), encoding="utf-8")
    result = run("import-publiccode", str(source), "--today", "2026-11-24", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "products/os2ny.md: created.\n"
    [product], problems = repo.check()
    assert problems == [] and product.lifecycle.id == "projekt"
    [statement] = product.users
    assert ([b.id for b in statement.bodies], statement.relation.id, statement.source, statement.date.isoformat()) == (
        ["aarhus-kommune"], "anvender", "https://example.org/os2ny", "2026-11-24")
    assert (product.suppliers[0].supplier.id, product.suppliers[0].source) == ("magenta", "https://example.org/os2ny")
    again = run("import-publiccode", str(source), cwd=repo.root)
    assert again.returncode == 1 and again.stderr == "products/os2ny.md: already exists; edit it instead\n"


def test_import_publiccode_reports_what_is_missing_or_unmappable(repo: Repo, tmp_path: Path) -> None:
    source = tmp_path / "publiccode.yml"
    source.write_text("publiccodeYmlVersion: '0.4'\nname: Ny løsning\ndevelopmentStatus: alpha\n"
                      "usedBy:\n  - Gotham Kommune\nlegal:\n  license: WTFPL\n"
                      "description:\n  en:\n    shortDescription: New\n", encoding="utf-8")
    result = run("import-publiccode", str(source), cwd=repo.root)
    assert result.returncode == 1
    shown = "publiccode.yml"
    assert result.stderr.splitlines() == [
        f"{shown}:1: url: required field is missing or not an http(s) URL",
        f"{shown}:2: name: 'Ny løsning' must start with 'OS2' to be an OS2 product",
        f"{shown}:3: developmentStatus: 'alpha' cannot be mapped; expected one of concept, development, beta, stable, "
        "obsolete",
        f"{shown}:4: usedBy[0]: 'Gotham Kommune' is not a known user; add it to src/os2catalogue/data/bodies.yml "
        "or remove it",
        f"{shown}:7: legal.license: 'WTFPL' is not an SPDX id the catalogue knows (src/os2catalogue/data/licences.yml)",
        f"{shown}:8: description.da: no Danish description; the catalogue needs 'description.da'",
        "6 errors in 1 file.",
    ]


def test_scaffold_passes_validation_untouched(repo: Repo) -> None:
    result = run("new", "OS2prøve", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "products/os2proeve.md: created.\n"
    text = (repo.products / "os2proeve.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../schema/product.schema.json" in text
    for key in ("name", "short_description", "level", "lifecycle", "categories", "last_reviewed"):
        assert f"\n{key}: " in text
    for key in ("level_decisions", "users", "suppliers", "coordinator", "repositories", "governance", "aliases"):
        assert f"\n# {key}:" in text
    validated = run("validate", "products", cwd=repo.root)
    assert validated.returncode == 0, validated.stderr
    assert run("new", "Prøve", cwd=repo.root).stderr == "name: 'Prøve' must start with 'OS2'\n"


def test_alias_rules(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", "aliases: [os2andet, Gammelt Navn]\nlast_reviewed:"))
    repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet"))
    assert repo.messages() == [
        "products/os2eksempel.md:7: aliases[1]: 'Gammelt Navn' is not a slug; use lower-case ASCII words joined by "
        "'-', e.g. 'gammelt-navn'"]
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", "aliases: [os2andet]\nlast_reviewed:"))
    assert repo.messages() == [
        "products/os2eksempel.md:7: aliases: 'os2andet' is the slug of products/os2andet.md; a former slug must be free"]
    repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet").replace(
        "last_reviewed:", "aliases: [os2gammel]\nlast_reviewed:"))
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", "aliases: [os2gammel]\nlast_reviewed:"))
    assert repo.messages() == [
        "products/os2andet.md:7: aliases: 'os2gammel' is also a former slug of products/os2eksempel.md; it can lead "
        "to one product only",
        "products/os2eksempel.md:7: aliases: 'os2gammel' is also a former slug of products/os2andet.md; it can lead "
        "to one product only"]
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", "aliases: [os2eksempel]\nlast_reviewed:"))
    assert repo.messages() == [
        "products/os2eksempel.md:7: aliases[0]: 'os2eksempel' is the product's own slug, not a former one"]


@pytest.mark.build
def test_alias_gets_a_redirect_page(tmp_path: Path) -> None:
    from test_build import fixture_site

    minimal = (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")
    root = fixture_site(tmp_path, {"os2eksempel.md": minimal.replace("last_reviewed:", "aliases: [os2gammel]\nlast_reviewed:")})
    result = mkdocs_build(root, tmp_path / "out", BUILD_DATE.isoformat())
    assert result.returncode == 0, result.stderr
    redirect = (tmp_path / "out" / "produkter" / "os2gammel" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../os2eksempel/">' in redirect
    assert '<a href="../os2eksempel/">OS2eksempel</a>' in redirect


@pytest.mark.build
def test_statistics_charts_have_titles_descriptions_and_tables(site: Path) -> None:
    page = (site / "statistik" / "index.html").read_text(encoding="utf-8")
    for chart in ("niveauer", "livscyklus", "kategorier", "anvendere", "antal-anvendere"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">' in page and f'<desc id="{chart}-desc">' in page
    assert page.count("<svg") >= 5 and page.count("<figcaption>") == 5 and page.count("<caption>") == 5
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=dt.date.today())
    unassessed = sum(1 for p in catalogue.products if not p.level.assessed)
    assert f'ikke-vurderet/">Ikke vurderet</a></th><td>{unassessed}</td>' in page


@pytest.mark.build
def test_properdocs_builds_the_same_product_pages(site: Path, tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert properdocs, "properdocs is in the lock file"
    out = tmp_path / "properdocs-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROPERDOCS_NO_BANNER": "1"}
    result = subprocess.run([properdocs, "build", "--strict", "--site-dir", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

    def pages(root: Path) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in (root / "produkter").rglob("index.html"))

    assert pages(out) == pages(site)
    assert [f"produkter/{slug}/index.html" for slug in product_slugs()] == \
        [p for p in pages(out) if p.count("/") == 2 and p.split("/")[1] in product_slugs()]


def zensical_project(folder: Path) -> Path:
    """The site as a Zensical project in ``folder``: docs/ with the generated pages and posts written in by
    ``build-pages``, overrides/, and mkdocs.yml without what Zensical does not run (the hook, Material's blog
    plugin, the folders ``serve`` watches)."""

    class Tolerant(yaml.SafeLoader):
        pass

    # `!ENV [NAME, default]` gives its default.
    Tolerant.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_sequence(node)[-1])
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tolerant)
    for key in ("hooks", "watch", "validation"):
        config.pop(key)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "blog" in p)]
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("build-pages", str(folder / "docs"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.build
def test_zensical_builds_the_generated_pages(tmp_path: Path) -> None:
    """The route past Material: Zensical builds the catalogue from build-pages' output, without our hook."""
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if zensical is None:
        pytest.skip("Zensical is not installed: it is in requirements.lock, so `make install` brings it")
    project = zensical_project(tmp_path / "zensical")
    result = subprocess.run([zensical, "build"], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    catalogue = (site / "produkter" / "index.html").read_text(encoding="utf-8")
    for slug in product_slugs():
        page = (site / "produkter" / slug / "index.html").read_text(encoding="utf-8")
        assert "os2-facts" in page, slug  # the product page's facts, as generated
        assert f'href="{slug}/"' in catalogue or f'href="./{slug}/"' in catalogue, slug
    assert (site / "api" / f"v{API}" / "products.json").is_file() and (site / "search.json").is_file()
    # Our overrides apply: the filter script only on the catalogue, and nothing loaded from another origin.
    assert "assets/filter.js" in catalogue
    assert "filter.js" not in (site / "produkter" / "os2mo" / "index.html").read_text(encoding="utf-8")
    assert other_origin_requests(site) == []


def test_build_pages_output_is_the_same_as_the_build(tmp_path: Path) -> None:
    result = run("build-pages", str(tmp_path / "pages"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for slug in product_slugs():
        assert (tmp_path / "pages" / "produkter" / f"{slug}.md").is_file()
    assert (tmp_path / "pages" / "api" / f"v{API}" / "products.json").is_file()
    posts = sorted((ROOT / "blog" / "posts").glob("*.md"))
    assert sorted(p.name for p in (tmp_path / "pages" / "nyheder" / "posts").glob("*.md")) == [p.name for p in posts]
    valghalla = (tmp_path / "pages" / "produkter" / "os2valghalla.md").read_text(encoding="utf-8")
    assert "## Nyheder" in valghalla and "../nyheder/posts/" in valghalla


def test_workflows_validate_build_test_and_deploy() -> None:
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in check["jobs"].values() for step in job["steps"]]
    assert any("os2catalogue validate --format github" in run for run in runs)
    assert any("mkdocs build --strict" in run for run in runs)
    assert any(run.startswith("make test") for run in runs)
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    uses = [step.get("uses", "") for step in deploy["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as true
    assert (ROOT / ".github" / "pull_request_template.md").is_file() and (ROOT / "CONTRIBUTING.md").is_file()


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace(
        "short_description: Et eksempel på en produktfil med netop de felter, der skal udfyldes.",
        'short_description: "=HYPERLINK(\\"https://example.org\\";\\"klik\\")"').replace(
        "lifecycle: produkt", "lifecycle: produkt\nsummary_en: '@SUM(1+1)'"))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    rows = list(csv.DictReader(io.StringIO(export.products_csv(export.records(catalogue, "https://x.dk/")))))
    assert rows[0]["short_description"] == "'=HYPERLINK(\"https://example.org\";\"klik\")"
    assert rows[0]["summary_en"] == "'@SUM(1+1)"
    assert rows[0]["name"] == "OS2eksempel"


def test_the_catalogue_json_is_spliced_from_the_records_exactly() -> None:
    """products.json is put together from each product's file text; it is exactly what writing it whole gives."""
    from os2catalogue import export
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    records = export.records(catalogue, "https://example.org/")
    texts = [export.dumps(record) for record in records]
    assert export.dumps_products(catalogue, texts) == export.dumps(export.products_json(catalogue, records))
    assert export.dumps_products(catalogue, []) == export.dumps(export.products_json(catalogue, []))
    assert json.loads(export.dumps_products(catalogue, texts))["products"] == records


def test_the_whole_catalogue_files_are_written_in_pieces(tmp_path: Path) -> None:
    """products.json and products.csv are given a record at a time, never as one string, and what is written is
    exactly the whole file: the JSON as one encoding of all records, the CSV as products_csv."""
    from os2catalogue import export
    from os2catalogue.pages import SiteOptions, generate_pages
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    records = export.records(catalogue, SiteOptions.site_url)
    pages = {page.src_uri: page for page in generate_pages(catalogue)}
    api = f"api/v{export.API_VERSION}"
    whole = {"products.json": export.dumps(export.products_json(catalogue, records)),
             "products.csv": export.products_csv(records)}
    for name, expected in whole.items():
        page = pages[f"{api}/{name}"]
        pieces = list(page.pieces())
        assert len(pieces) >= len(records) + 1, name
        assert max(map(len, pieces)) < len(expected) / 2, name
        page.write(tmp_path / name)
        assert (tmp_path / name).read_bytes() == expected.encode("utf-8"), name
        assert page.content == expected, name
