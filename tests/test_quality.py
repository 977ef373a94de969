"""The code stays linted and typed: ruff and mypy run as part of the tests."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "hooks", "tests", "benchmarks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "src/os2catalogue", "hooks"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _pins(lock: str) -> dict[str, str]:
    import re

    text = (ROOT / lock).read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE)}


def test_the_build_lock_is_a_subset_of_the_full_lock() -> None:
    """The deploy workflow installs requirements-build.lock: the same versions the tests ran with, and no more."""
    build, full = _pins("requirements-build.lock"), _pins("requirements.lock")
    assert build and {name: version for name, version in build.items() if full.get(name) != version} == {}
    assert not {"pytest", "playwright", "ruff", "mypy"} & set(build)
    for workflow, lock in (("deploy.yml", "requirements-build.lock"), ("check.yml", "requirements.lock")):
        text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert lock in text and text.count("timeout-minutes:") == text.count("runs-on:")
