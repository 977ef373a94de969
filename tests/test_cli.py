"""The command line, run as contributors and CI run it: messages, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import BUILD_DATE, ROOT, Repo, run_cli, run_process

run = run_cli


def broken_folder(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("level: ikke vurderet", "level: N4"))
    repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet").replace("categories: [integration]",
                                                                                   "categories: [integrationer]"))
    repo.add("os2tom.md", "")


def test_validate_lists_every_error_and_exits_1(repo: Repo, minimal_text: str) -> None:
    broken_folder(repo, minimal_text)
    # As a real process: the exit status and the streams are what CI sees.
    result = run_process("validate", "products", "--today", BUILD_DATE.isoformat(), cwd=repo.root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "products/os2andet.md:6: categories[0]: unknown category 'integrationer'; did you mean 'integration'?",
        "products/os2eksempel.md:4: level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet",
        "products/os2tom.md:1: front matter: missing; the file must start with a line '---', "
        "then the YAML fields, then a closing '---'",
        "3 errors in 3 files.",
    ]


def test_validate_github_annotations(repo: Repo, minimal_text: str) -> None:
    broken_folder(repo, minimal_text)
    result = run("validate", "--format", "github", "--today", BUILD_DATE.isoformat(), cwd=repo.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        "::error file=products/os2eksempel.md,line=4::level: 'N4' is not one of N3, N2, N1, sandkasse, ikke vurderet")


def test_validate_a_single_file(repo: Repo, minimal_text: str) -> None:
    broken_folder(repo, minimal_text)
    result = run("validate", "products/os2eksempel.md", "--today", BUILD_DATE.isoformat(), cwd=repo.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 error in 1 file."


def test_validate_repository_products_passes() -> None:
    result = run("validate", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    count = len(list((ROOT / "products").glob("*.md")))
    posts = len(list((ROOT / "blog" / "posts").glob("*.md")))
    assert result.stdout == f"{count} product files and {posts} posts checked: no problems.\n"


def test_validate_missing_path(tmp_path: Path) -> None:
    result = run("validate", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "nowhere: no such file or folder\n"


def test_bad_today_argument_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", "--today", "24-11-2026", cwd=tmp_path)
    assert result.returncode == 2
    assert "expected a date YYYY-MM-DD, got '24-11-2026'" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_pages_writes_markdown(repo: Repo, minimal_text: str, tmp_path: Path) -> None:
    repo.add("os2eksempel.md", minimal_text)
    out = tmp_path / "pages"
    result = run("build-pages", str(out), "--today", BUILD_DATE.isoformat(), cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert (out / "produkter" / "os2eksempel.md").read_text(encoding="utf-8").startswith("---\n")
    assert (out / "styringsmodel.md").is_file()
    written = [p for p in out.rglob("*") if p.is_file()]
    assert result.stdout == f"{len(written)} pages and 0 posts written to {out}.\n"
    assert (out / "produkter" / "filtre.json").is_file() and (out / "kommuner" / "aarhus-kommune.md").is_file()


def test_validate_checks_a_post_with_its_blog(tmp_path: Path) -> None:
    import shutil

    from conftest import FIXTURES, PRODUCT_FIXTURES

    (tmp_path / "products").mkdir()
    shutil.copyfile(PRODUCT_FIXTURES / "valid_minimal.md", tmp_path / "products" / "os2eksempel.md")
    (tmp_path / "blog" / "posts").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "blog" / ".authors.yml", tmp_path / "blog" / ".authors.yml")
    (tmp_path / "docs" / "assets" / "avatars").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "avatars" / "person.svg").write_text("<svg/>", encoding="utf-8")
    post = tmp_path / "blog" / "posts" / "nyhed.md"
    shutil.copyfile(FIXTURES / "blog" / "invalid" / "missing_date.md", post)
    result = subprocess.run([sys.executable, "-m", "os2catalogue", "validate", "blog/posts/nyhed.md",
                             "--today", "2026-11-24"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "blog/posts/nyhed.md:1: date: required field is missing"
