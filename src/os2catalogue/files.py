"""Finding the files a site is made of: the product and post folders, how paths are shown, the build date."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from os2catalogue.diagnostics import Diagnostic

#: Set to YYYY-MM-DD to build as if on that day (tests, reproducible builds).
BUILD_DATE_ENV = "OS2_BUILD_DATE"


def build_date() -> dt.date:
    """Today, unless ``OS2_BUILD_DATE`` says otherwise."""
    value = os.environ.get(BUILD_DATE_ENV)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def discover(path: Path, root: Path, *, noun: str = "product") -> tuple[list[Path], list[Diagnostic]]:
    """The files at ``path`` (the file itself, or every ``*.md`` directly in the folder but README.md), and a
    problem for every other entry: nothing in the folder is ignored without a word."""
    shown = display_path(path, root)
    if path.is_symlink():
        return [], [Diagnostic(shown, 1, "file", f"a symbolic link; a {noun} file must be a regular file in the "
                                                 "repository")]
    if path.is_file():
        return [path], []
    if not path.is_dir():
        return [], [Diagnostic(shown, 1, "folder", f"missing; the {noun} files belong here")]
    if noun == "product" and not any(e.suffix == ".md" and e.name != "README.md" for e in path.iterdir()):
        return [], [Diagnostic(shown, 1, "folder", "holds no product files; the catalogue needs at least one")]
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for entry in sorted(path.iterdir()):
        where = display_path(entry, root)
        if entry.is_symlink():
            problems.append(Diagnostic(where, 1, "file", f"a symbolic link; a {noun} file must be a regular file in "
                                                         "the repository"))
        elif entry.is_dir():
            problems.append(Diagnostic(where, 1, "folder", f"folders are not read; put {noun} files directly in "
                                                           f"{shown}/"))
        elif entry.name == "README.md":
            continue
        elif entry.suffix == ".md" and entry.stem:
            files.append(entry)
        else:
            stem = entry.name.split(".")[0]
            fix = f"rename it to {stem.lower()}.md, or remove it" if stem else "remove it"
            problems.append(Diagnostic(where, 1, "file name", f"not read: {noun} files are named <slug>.md; {fix}"))
    return files, problems


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it lies below it, with forward slashes."""
    try:
        # The folder is resolved, the name is not: a symbolic link is named as itself, not as its target.
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def docs_files(root: Path) -> frozenset[str]:
    """Every file below ``root/docs`` (hand-written pages and assets), as the site's source URIs."""
    docs = root / "docs"
    return frozenset(path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()) \
        if docs.is_dir() else frozenset()
