"""Activity in the products' own repositories, measured offline from git history and kept, dated, in a data file.

``python -m os2catalogue activity`` reads a local clone of every repository the products name (cloning or updating
them where the network allows), and writes ``data/activity.yml``: for each repository the commit measured and its
date, commits and distinct authors in the 6 and 12 months before the day measured, the fewest authors behind half
of the last 12 months' commits, and the newest tag. No page asks a code host anything when it is read; the build
shows what the file holds, with the day it was measured.

What is counted: commits on the default branch (``HEAD`` of the clone) without merge commits, by author; automatic
accounts (:func:`is_bot`: GitHub's ``…[bot]`` names, GitLab's token users, Dependabot) are left out of every figure. Authors are told apart by
e-mail address after the repository's ``.mailmap``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from os2catalogue import governance
from os2catalogue.checker import SchemaChecker
from os2catalogue.diagnostics import Diagnostic
from os2catalogue.files import display_path
from os2catalogue.formatting import danish_date, dump_yaml
from os2catalogue.frontmatter import parse_yaml_file
from os2catalogue.model import Product, Repository, RepositoryActivity
from os2catalogue.schema import ACTIVITY_FIELDS, REPOSITORY_ACTIVITY
from os2catalogue.vocab import Vocabularies

#: Where the measurements live, relative to the repository root.
ACTIVITY_FILE = Path("data") / "activity.yml"
_HEADER = ("# Measured activity of the products' repositories, written by `python -m os2catalogue activity`.\n"
           "# Do not edit by hand: run the command again (see README, \"Activity\").\n")
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
#: Git must not ask for a password or open an editor, whatever the repository is.
_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "LC_ALL": "C"}


class ActivityError(Exception):
    """A repository that could not be measured, with the reason in words."""


def _git(repository: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=600, check=False,
                                env={**os.environ, **_GIT_ENV})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ActivityError(f"git could not be run: {error}") from None
    if result.returncode != 0:
        raise ActivityError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else
                            f"git {args[0]} failed")
    return result.stdout


#: GitLab's access-token users write as project_123_bot_… or group_3_bot_… (Magenta's GitLab mirrors OS2mo).
_GITLAB_BOT = re.compile(r"^(project|group)_?\d+_bot")


def is_bot(name: str, email: str) -> bool:
    """An automatic account: GitHub's ``…[bot]``, GitLab's access-token users, Dependabot under any name."""
    name, email = name.strip().lower(), email.strip().lower()
    return (name.endswith("[bot]") or "[bot]@" in email or name.startswith("dependabot")
            or _GITLAB_BOT.match(email) is not None)


def _core(counts: Counter[str]) -> int | None:
    """The fewest authors whose commits make up at least half of all of them."""
    total = sum(counts.values())
    if not total:
        return None
    running = 0
    for needed, (_, count) in enumerate(counts.most_common(), start=1):
        running += count
        if running * 2 >= total:
            return needed
    raise AssertionError("unreachable")


def _utc_day(stamp: int) -> dt.date:
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date()


def measure(url: str, clone: Path, measured: dt.date) -> RepositoryActivity:
    """Measure the clone at ``clone`` (ordinary or bare) of the repository at ``url`` as on the day ``measured``.
    Every day is a UTC day.

    Raises :class:`ActivityError` when it is not a git repository, has no commit, is a shallow clone (whose history
    is cut off, so its counts would be too low), or its newest commit is dated after the day measured."""
    if _git(clone, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise ActivityError("a shallow clone: its history is cut off; clone it whole (without --depth)")
    try:
        commit = _git(clone, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip()
    except ActivityError:
        commit = ""
    if not commit:
        raise ActivityError("no commit on the default branch (HEAD)")
    head_day = _utc_day(int(_git(clone, "log", "-1", "--format=%ct", commit).strip()))
    if head_day > measured:
        raise ActivityError(f"the newest commit is dated {head_day.isoformat()}, after the day measured "
                            f"({measured.isoformat()}); give --as-of, or check the commit's date")
    start_12 = dt.datetime.combine(governance.months_before(measured, 12), dt.time(), dt.timezone.utc).timestamp()
    start_6 = dt.datetime.combine(governance.months_before(measured, 6), dt.time(), dt.timezone.utc).timestamp()
    end = dt.datetime.combine(measured + dt.timedelta(days=1), dt.time(), dt.timezone.utc).timestamp()
    # The whole history is read and the periods are picked out here: git's --since stops at the first commit with
    # an older date, and a commit with a wrong clock would hide the ones behind it. Records end in NUL (-z) and
    # fields are split by the unit separator, so no name can break a line.
    log = _git(clone, "log", "-z", "--no-merges", "--use-mailmap", "--format=%ct%x1f%aN%x1f%aE", commit)
    by_author_12: Counter[str] = Counter()
    by_author_6: Counter[str] = Counter()
    newest: int | None = None
    for record in log.split("\x00"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) != 3 or not fields[0].isdigit():
            continue  # the empty record after the last NUL
        when, name, email = int(fields[0]), fields[1], fields[2]
        if is_bot(name, email):
            continue
        newest = when if newest is None else max(newest, when)
        if not start_12 <= when < end:
            continue
        author = email.strip().lower() or name.strip().lower()
        by_author_12[author] += 1
        if when >= start_6:
            by_author_6[author] += 1
    tag, tag_day = _latest_tag(clone, commit)
    return RepositoryActivity(
        url=url, measured=measured, commit=commit, commit_date=head_day,
        commits_6m=sum(by_author_6.values()), commits_12m=sum(by_author_12.values()),
        authors_6m=len(by_author_6), authors_12m=len(by_author_12), core_authors_12m=_core(by_author_12),
        last_commit_date=min(_utc_day(newest), measured) if newest is not None else None,
        latest_tag=tag, latest_tag_date=tag_day,
    )


def _latest_tag(clone: Path, commit: str) -> tuple[str | None, dt.date | None]:
    """The newest tag merged into ``commit``, with its date: the tagger's, or the tagged commit's where a tag has no
    tagger (a lightweight tag, or an annotated one written without)."""
    found = _git(clone, "for-each-ref", "--merged", commit, "--sort=-creatordate",
                 "--format=%(refname:short)%1f%(creatordate:unix)%1f%(*committerdate:unix)%1f%(committerdate:unix)",
                 "refs/tags").split("\n")
    for line in found:
        fields = line.split("\x1f")
        stamps = [field for field in fields[1:] if field.strip().isdigit() and int(field) > 0]
        if len(fields) == 4 and fields[0] and stamps:
            return fields[0], _utc_day(int(stamps[0]))
    return None, None


def copy_date(clone: Path, today: dt.date) -> dt.date:
    """The day the clone last received the repository's history: the newest of its fetch record and its refs (a
    copy made or updated today is as of today; an older copy, such as a stored snapshot, is as of its own day,
    so that nothing after it is taken for quiet). Never after ``today``."""
    git_dir = clone if (clone / "HEAD").is_file() else clone / ".git"
    marks = [git_dir / name for name in ("FETCH_HEAD", "packed-refs", "HEAD")]
    for folder in (git_dir / "refs" / "heads", git_dir / "refs" / "tags"):
        marks += itertools.islice(folder.rglob("*"), 10_000)  # a clone with more refs is read in part
    stamps = [path.stat().st_mtime for path in marks if path.is_file()]
    if not stamps:
        return today
    return min(today, dt.datetime.fromtimestamp(max(stamps), dt.timezone.utc).date())


_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


def _segments(url: str) -> list[str]:
    """The host and path of a repository's address as folder names; an address whose parts are not plain names
    (``..``, an empty part, odd characters) is refused, so no clone lands outside its folder."""
    parts = urlsplit(url)
    host = "file" if parts.scheme == "file" and not parts.netloc else parts.netloc  # a local repository (tests)
    segments = [host, *parts.path.strip("/").removesuffix(".git").split("/")]
    if len(segments) < 3 or not all(_SEGMENT.match(segment) and ".." not in segment for segment in segments):
        raise ActivityError("the address is not <host>/<owner>/<name> in plain names; it cannot be cloned here")
    return segments


def clone_folder(clones: Path, url: str) -> Path:
    """Where the command keeps its own clone of ``url``: ``clones/<host>/<path>``."""
    return clones.joinpath(*_segments(url))


def find_clone(clones: Sequence[Path], url: str) -> Path | None:
    """An existing clone of ``url`` in one of ``clones``: ``<host>/<owner>/<name>``, ``<owner>/<name>`` or a
    mirror's ``<owner>+<name>/repo`` (as the search tool's fetch leaves them), bare or not."""
    segments = _segments(url)
    owner, name = segments[1], "/".join(segments[2:])
    for folder in clones:
        for candidate in (folder.joinpath(*segments), folder / owner / name, folder / f"{owner}+{name}" / "repo"):
            if (candidate / "HEAD").is_file() or (candidate / ".git").exists():
                return candidate
    return None


def fetch_clone(clones: Path, url: str) -> Path:
    """Clone ``url`` (bare, without file contents: the history is all that is read) or bring the clone up to date."""
    target = clone_folder(clones, url)
    if not (target / "HEAD").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        _git(target.parent, "clone", "--quiet", "--bare", "--filter=blob:none", url, target.name)
        return target
    # Follow the upstream's default branch, which may have been renamed since the clone was made.
    for line in _git(target, "ls-remote", "--symref", "origin", "HEAD").split("\n"):
        if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
            _git(target, "fetch", "--quiet", "--tags", "origin", "+refs/heads/*:refs/heads/*")
            _git(target, "symbolic-ref", "HEAD", line[len("ref: "):-len("\tHEAD")])
            return target
    raise ActivityError("the repository names no default branch")


def repository_urls(products: Iterable[Product]) -> list[str]:
    """Every repository the products name, once, sorted."""
    return sorted({repository.url for product in products for repository in product.repositories})


def fields(entry: RepositoryActivity) -> dict[str, object]:
    """An entry's fields in the schema's order (data/activity.yml and the API write them so)."""
    values = dataclasses.asdict(entry)
    return {spec.key: values[spec.key] for spec in REPOSITORY_ACTIVITY.fields}


def dumps(entries: Iterable[RepositoryActivity]) -> str:
    """``data/activity.yml`` holding ``entries``, sorted by URL, fields in the schema's order, empty ones left out."""
    rows = [{key: value for key, value in fields(entry).items() if value is not None}
            for entry in sorted(entries, key=lambda e: e.url)]
    return _HEADER + dump_yaml({"repositories": rows}, sort_keys=False)


def read(root: Path, products: Sequence[Product], vocabularies: Vocabularies,
         today: dt.date) -> tuple[tuple[RepositoryActivity, ...], list[Diagnostic]]:
    """The measurements in ``root/data/activity.yml`` (none when there is no such file), checked as strictly as a
    product file: every problem with its line. An entry for a repository no product names is a problem too."""
    path = root / ACTIVITY_FILE
    shown = display_path(path, root)
    if not path.exists() and not path.is_symlink():
        return (), []
    if path.is_symlink() or not path.is_file():
        return (), [Diagnostic(shown, 1, "file", "must be a regular file (not a link or a folder)")]
    document, problems = parse_yaml_file(shown, path.read_bytes())
    if document is None:
        return (), problems
    checker = SchemaChecker(document, vocabularies, today, root=ACTIVITY_FIELDS)
    checked = checker.check_object(ACTIVITY_FIELDS, document.data, ())
    named = set(repository_urls(products))
    seen: dict[str, int] = {}
    found: list[RepositoryActivity] = []
    for index, entry in enumerate(checked.values.get("repositories", [])):
        at = ("repositories", index)
        problem = _entry_problem(entry)
        if problem is not None:
            checker.error(at + (problem[0],), problem[1])
        elif entry.url not in named:
            checker.error(at + ("url",), "no product names this repository; remove the entry or run "
                                         "'python -m os2catalogue activity' again")
        elif entry.url in seen:
            checker.error(at + ("url",), f"measured twice (also entry {seen[entry.url] + 1}); keep one entry")
        else:
            seen[entry.url] = index
            found.append(entry)
    # The valid entries are returned even beside problems: the build fails on the problems, and the command that
    # writes the file again keeps them.
    return tuple(sorted(found, key=lambda e: e.url)), problems + checker.problems


def _entry_problem(entry: RepositoryActivity) -> tuple[str, str] | None:
    """The first rule a measured entry breaks, as (field, message), or None."""
    if not _COMMIT.match(entry.commit):
        return "commit", f"'{entry.commit}' is not a full commit id (40 or 64 lower-case hexadecimal characters)"
    if entry.commit_date > entry.measured:
        return "commit_date", f"{entry.commit_date.isoformat()} is after the day measured " \
                              f"({entry.measured.isoformat()})"
    for shorter, longer in (("commits_6m", "commits_12m"), ("authors_6m", "authors_12m"),
                            ("authors_12m", "commits_12m"), ("authors_6m", "commits_6m")):
        if getattr(entry, shorter) > getattr(entry, longer):
            return shorter, f"{getattr(entry, shorter)} is more than {longer} ({getattr(entry, longer)})"
    if (entry.core_authors_12m is None) != (entry.commits_12m == 0):
        return "core_authors_12m", "must be given exactly when there were commits in the last 12 months"
    if entry.core_authors_12m is not None and not 1 <= entry.core_authors_12m <= entry.authors_12m:
        return "core_authors_12m", f"{entry.core_authors_12m} is not between 1 and authors_12m " \
                                   f"({entry.authors_12m})"
    if entry.commits_12m and entry.last_commit_date is None:
        return "last_commit_date", "must be given when there were commits in the last 12 months"
    if entry.last_commit_date is not None and entry.last_commit_date > entry.measured:
        return "last_commit_date", f"{entry.last_commit_date.isoformat()} is after the day measured " \
                                   f"({entry.measured.isoformat()})"
    if (entry.latest_tag is None) != (entry.latest_tag_date is None):
        return "latest_tag", "give both latest_tag and latest_tag_date, or neither"
    return None


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one run of the command did: the entries to write and, for each repository not measured, why."""

    entries: tuple[RepositoryActivity, ...]
    measured: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]


def run(urls: Sequence[str], previous: Iterable[RepositoryActivity], *, clones: Sequence[Path],
        clone_into: Path | None, today: dt.date, as_of: dt.date | None = None) -> Outcome:
    """Measure each repository of ``urls``: with ``clone_into``, from a clone made or brought up to date there (as
    of ``today``); otherwise from an existing clone in ``clones``, as of the day that copy was last updated
    (:func:`copy_date`) or ``as_of``. A repository that cannot be measured keeps its previous entry (dated, so
    the page says when); entries for repositories no longer named are dropped."""
    named = set(urls)
    kept = {entry.url: entry for entry in previous if entry.url in named}
    done: list[str] = []
    failed: list[tuple[str, str]] = []
    for url in urls:
        try:
            if clone_into is not None:
                path, day = fetch_clone(clone_into, url), today
            else:
                found = find_clone(clones, url)
                if found is None:
                    raise ActivityError("no clone found; give --clones, or --clone to make one")
                path, day = found, as_of or copy_date(found, today)
            kept[url] = measure(url, path, day)
            done.append(url)
        except ActivityError as error:
            failed.append((url, str(error)))
    return Outcome(tuple(sorted(kept.values(), key=lambda e: e.url)), tuple(done), tuple(failed))


#: A measurement older than this many months is said to be old where it is shown.
OLD_AFTER_MONTHS = 12


@dataclasses.dataclass(frozen=True)
class ActivityLine:
    """One of a product's repositories as its page shows it: the measurement, if any, in sentences."""

    repository: Repository
    entry: RepositoryActivity | None
    sentences: tuple[str, ...]
    #: The measurement is more than :data:`OLD_AFTER_MONTHS` months older than the build.
    old: bool


def sentences(entry: RepositoryActivity) -> list[str]:
    """What the measurement of one repository says, in plain Danish with its dates; nothing it does not say."""
    if entry.last_commit_date is not None:
        out = [f"Nyeste commit fra en forfatter: {danish_date(entry.last_commit_date)}."]
    else:
        out = ["Historikken har ingen commit, der tælles med (kun merge-commits og automatiske konti)."]
    if entry.commits_12m == 0:
        out.append("Ingen commits i de 12 måneder op til målingen. Det siger ikke, om produktet bliver vedligeholdt: "
                   "koden kan være færdig og stille med vilje, og arbejdet kan foregå andre steder.")
    else:
        line = f"{_commits(entry.commits_12m)} fra {_authors(entry.authors_12m)} i de 12 måneder op til målingen"
        if entry.commits_6m:
            line += f", heraf {_commits(entry.commits_6m)} fra {_authors(entry.authors_6m)} i de sidste 6 måneder."
        else:
            line += ", ingen i de sidste 6 måneder."
        out.append(line)
        if entry.authors_12m > 1 and entry.core_authors_12m is not None:
            out.append(f"Mindst halvdelen af de 12 måneders commits kom fra {_authors(entry.core_authors_12m)}.")
    if entry.latest_tag is not None and entry.latest_tag_date is not None:
        out.append(f"Nyeste tag (versionsmærke): {entry.latest_tag}, {danish_date(entry.latest_tag_date)}.")
    else:
        out.append("Kataloget fandt ingen tags (versionsmærker) i standardgrenens historik.")
    return out


def summary(measured: Sequence[ActivityLine]) -> str:
    """The measurements of a product's repositories in one short line, for its facts; "" when none is measured."""
    entries = [line for line in measured if line.entry is not None]
    if not entries:
        return ""
    old = " Målingen er over et år gammel." if any(line.old for line in entries) else ""
    if len(measured) == 1:
        entry = entries[0].entry
        assert entry is not None
        when = f"i de 12 måneder op til {danish_date(entry.measured)}"
        if entry.commits_12m == 0:
            return f"Ingen commits {when}.{old}"
        return f"{_commits(entry.commits_12m)} fra {_authors(entry.authors_12m)} {when}.{old}"
    active = sum(1 for line in entries if line.entry is not None and line.entry.commits_12m)
    days = sorted(line.entry.measured for line in entries if line.entry is not None)
    span = danish_date(days[0]) if days[0] == days[-1] else f"{danish_date(days[0])} til {danish_date(days[-1])}"
    return (f"{len(entries)} af {len(measured)} repositories målt (pr. {span}); {active} af dem havde commits i de 12 "
            f"måneder op til målingen.{old}")


def lines(product: Product, activity: Iterable[RepositoryActivity], today: dt.date) -> tuple[ActivityLine, ...]:
    """Each of the product's repositories with its measurement, in the product file's order."""
    by_url = {entry.url: entry for entry in activity}
    limit = governance.months_before(today, OLD_AFTER_MONTHS)
    out = []
    for repository in product.repositories:
        entry = by_url.get(repository.url)
        out.append(ActivityLine(repository, entry, tuple(sentences(entry)) if entry else (),
                                entry is not None and entry.measured < limit))
    return tuple(out)


def _commits(count: int) -> str:
    return "1 commit" if count == 1 else f"{count} commits"


def _authors(count: int) -> str:
    return "én forfatter" if count == 1 else f"{count} forfattere"
