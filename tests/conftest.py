"""Shared fixtures: fixed build date, fixture paths, a helper that checks product files in a temp repo."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from os2catalogue.diagnostics import Diagnostic
from os2catalogue.loader import read_site
from os2catalogue.model import Product

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRODUCT_FIXTURES = FIXTURES / "products"
#: Every test runs "as if" on this day, so date rules are deterministic.
BUILD_DATE = dt.date(2026, 11, 25)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m os2catalogue ARGS`` as a member types it in ``cwd``, run in this process: its exit status,
    standard output and error. A new Python per call would be most of the fast tier's time; a few tests still run
    the command as a real subprocess (``run_process``)."""
    import contextlib
    import io

    from os2catalogue import cli

    out, err, here, saved = io.StringIO(), io.StringIO(), Path.cwd(), os.environ.pop("OS2_BUILD_DATE", None)
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(here)
        if saved is not None:
            os.environ["OS2_BUILD_DATE"] = saved
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m os2catalogue ARGS`` in a Python of its own, without the tests' fixed build date."""
    env = {k: v for k, v in os.environ.items() if k != "OS2_BUILD_DATE"}
    return subprocess.run([sys.executable, "-m", "os2catalogue", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


class Repo:
    """A temporary repository root with a products/ folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.products = root / "products"
        self.products.mkdir(parents=True)

    def add(self, name: str, content: str | bytes) -> Path:
        """Write a product file; text is written as UTF-8."""
        path = self.products / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def add_fixture(self, fixture: Path, name: str = "os2eksempel.md") -> Path:
        """Copy a fixture file in under ``name``."""
        target = self.products / name
        shutil.copyfile(fixture, target)
        return target

    def check(self, today: dt.date = BUILD_DATE) -> tuple[list[Product], list[Diagnostic]]:
        """Check every entry of products/, as the build and ``validate`` do."""
        catalogue, problems = read_site(self.root, today=today, with_blog=False)
        return (list(catalogue.products) if catalogue else []), problems

    def messages(self, today: dt.date = BUILD_DATE) -> list[str]:
        """The diagnostics, formatted as users see them."""
        return [str(d) for d in self.check(today)[1]]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path)


@pytest.fixture
def minimal_text() -> str:
    return (PRODUCT_FIXTURES / "valid_minimal.md").read_text(encoding="utf-8")


def mkdocs_build(config_dir: Path, site_dir: Path, build_date: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` as a user would, in a separate process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OS2_BUILD_DATE", None)
    if build_date:
        env["OS2_BUILD_DATE"] = build_date
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=config_dir, env=env, capture_output=True, text=True, timeout=600,
    )


def fixture_site(tmp_path: Path, products: dict[str, str | bytes], posts: dict[str, str] | None = None) -> Path:
    """A copy of tests/fixtures/site with the real hook, the given product files and news posts."""
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURES / "site", root)
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "blog" / "posts").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "blog" / ".authors.yml", root / "blog" / ".authors.yml")
    for name, content in (posts or {}).items():
        (root / "blog" / "posts" / name).write_text(content, encoding="utf-8")
    (root / "products").mkdir()
    for name, content in products.items():
        path = root / "products" / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root
