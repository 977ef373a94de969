"""The code stays linted and typed: ruff and mypy run as part of the tests."""

from __future__ import annotations

import functools
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
    for workflow, lock in (("deploy.yml", "requirements-build.lock"), ("check.yml", "requirements.lock"),
                           ("activity.yml", "requirements-build.lock")):
        text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert lock in text and text.count("timeout-minutes:") == text.count("runs-on:")


# The package's shape -------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _imports() -> dict[str, list[tuple[str, str, int]]]:
    """Per module of the package: (module, name, line) of every import run when it loads; imports inside an
    ``if TYPE_CHECKING:`` block only serve the type checker and are left out."""
    import ast

    found: dict[str, list[tuple[str, str, int]]] = {}
    for path in sorted((ROOT / "src" / "os2catalogue").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
        names: list[tuple[str, str, int]] = []
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                names += [(node.module, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.Import):
                names += [(alias.name, "", node.lineno) for alias in node.names]
        found[path.stem] = names
    return found


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, names in _imports().items():
        targets = set()
        for source, name, _ in names:
            if source == "os2catalogue":
                targets.add(name)  # `from os2catalogue import urls`
            elif source.startswith("os2catalogue."):
                targets.add(source.split(".")[1])
        graph[module] = targets - {module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets, each as the modules around it."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target, path + [target])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    return cycles


def test_the_package_has_no_import_cycle() -> None:
    assert _cycles(_package_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"loader": {"news"}, "news": {"model", "loader"}, "model": set()}) == [["loader", "news", "loader"]]
    assert _cycles({"loader": {"model"}, "news": {"model", "loader"}, "model": set()}) == []


def test_no_module_imports_another_modules_private_name() -> None:
    private = [f"src/os2catalogue/{module}.py:{line}: {name} from {source}"
               for module, names in _imports().items() for source, name, line in names
               if source.startswith("os2catalogue") and name.startswith("_") and name != "__version__"]
    assert private == []


def test_only_the_adapter_imports_mkdocs() -> None:
    users = sorted({module for module, names in _imports().items() for source, _, _ in names
                    if source == "mkdocs" or source.startswith("mkdocs.")})
    assert users == ["mkdocs_adapter"]


def test_not_assessed_is_known_to_the_vocabulary_only() -> None:
    """Whether a level is assessed is the vocabulary's answer (``Level.assessed``); no other module asks the rank."""
    import re

    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "src").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\brank is (not )?None\b", line) and path.name != "model.py"]
    assert found == []


def test_template_lines_are_readable() -> None:
    """No template line is over 160 characters; a long sentence continues after a comment (see _macros.j2)."""
    long = [f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
            for path in sorted((ROOT / "src" / "os2catalogue" / "templates").glob("*.j2"))
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if len(line) > 160]
    assert long == []
