"""Activity measured from git history: small repositories built in a temporary folder, with set dates and authors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BUILD_DATE, Repo, run_cli

from os2catalogue import activity, governance
from os2catalogue.loader import read_site
from os2catalogue.model import RepositoryActivity
from os2catalogue.pages import generate_pages

URL = "https://github.com/OS2eksempel/os2eksempel"
MEASURED = dt.date(2026, 11, 20)


def git(folder: Path, *args: str, when: str = "2026-01-01T12:00:00+00:00", author: tuple[str, str] = ("A", "a@x.dk"),
        ) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1], "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1], "GIT_COMMITTER_DATE": when,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    return subprocess.run(["git", "-C", str(folder), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def commit(folder: Path, when: str, author: tuple[str, str], note: str) -> None:
    name = f"{when[:19].replace(':', '-')}.txt"  # a file per commit: branches merge without conflicts
    (folder / name).write_text(note + "\n", encoding="utf-8")
    git(folder, "add", name, when=when, author=author)
    git(folder, "commit", "-q", "-m", note, when=when, author=author)


ANNE, BO, CARL = ("Anne", "anne@x.dk"), ("Bo", "bo@x.dk"), ("Carl", "carl@x.dk")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
GITLAB_BOT = ("DependabotRammearkitektur", "group_3_bot_8854db@noreply.git.magenta.dk")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository measured on 2026-11-20: the 12 months start 2025-11-20, the 6 months 2026-05-20.

    Old (outside 12 months): 1 by Anne.  12 months, before the 6: Anne 2, Bo 1.  Last 6 months: Anne 3 (one written
    as anne@old.dk, which .mailmap makes Anne's), Carl 1, a bot 2, and a merge commit.  Tags: v1.0 (old), v2.0
    (annotated, 2026-06-01), and a tag on a branch that is not merged (left out)."""
    folder = tmp_path / "work" / "os2eksempel"
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "2025-01-10T10:00:00+00:00", ANNE, "old")
    git(folder, "tag", "v1.0", when="2025-01-10T10:00:00+00:00")
    commit(folder, "2025-11-20T00:30:00+00:00", ANNE, "first day of the 12 months")
    commit(folder, "2026-02-01T10:00:00+00:00", ANNE, "a")
    commit(folder, "2026-03-01T10:00:00+00:00", BO, "b")
    commit(folder, "2026-05-20T00:10:00+00:00", ANNE, "first day of the 6 months")
    commit(folder, "2026-06-01T10:00:00+00:00", ("Anne Old", "anne@old.dk"), "c")
    git(folder, "tag", "-a", "v2.0", "-m", "v2", when="2026-06-01T11:00:00+00:00")
    commit(folder, "2026-07-01T10:00:00+00:00", BOT, "bump")
    commit(folder, "2026-07-02T10:00:00+00:00", GITLAB_BOT, "bump")
    git(folder, "checkout", "-q", "-b", "side")
    commit(folder, "2026-08-01T10:00:00+00:00", CARL, "side work")
    git(folder, "tag", "side-only", when="2026-08-01T10:00:00+00:00")
    git(folder, "checkout", "-q", "main")
    commit(folder, "2026-08-02T10:00:00+00:00", ANNE, "d")
    git(folder, "merge", "-q", "--no-ff", "side", "-m", "merge side", when="2026-08-03T10:00:00+00:00")
    git(folder, "tag", "-d", "side-only")
    git(folder, "checkout", "-q", "-b", "unmerged")
    commit(folder, "2026-09-01T10:00:00+00:00", BO, "not on main")
    git(folder, "tag", "v3.0-unmerged", when="2026-09-01T10:00:00+00:00")
    git(folder, "checkout", "-q", "main")
    (folder / ".mailmap").write_text("Anne <anne@x.dk> <anne@old.dk>\n", encoding="utf-8")
    git(folder, "add", ".mailmap")
    git(folder, "commit", "-q", "-m", "mailmap", when="2026-11-20T22:00:00+00:00", author=ANNE)
    commit(folder, "2026-11-21T09:00:00+00:00", BO, "after the day measured")
    git(folder, "reset", "-q", "--hard", "HEAD~1")  # the day after is not on main either
    return folder


def test_a_history_is_measured_by_date_author_and_tag(history: Path) -> None:
    entry = activity.measure(URL, history, MEASURED)
    head = git(history, "rev-parse", "HEAD").strip()
    assert entry == RepositoryActivity(
        url=URL, measured=MEASURED, commit=head, commit_date=dt.date(2026, 11, 20),
        # 12 months: Anne first-day, a, first-day-6, c (mailmapped), d, mailmap = 6; Bo b = 1; Carl side work = 1.
        commits_12m=8, authors_12m=3,
        # 6 months: Anne first-day-6, c, d, mailmap = 4; Carl = 1.  Bots and the merge commit are not counted.
        commits_6m=5, authors_6m=2,
        core_authors_12m=1,  # Anne alone made 6 of 8
        last_commit_date=dt.date(2026, 11, 20),  # the mailmap commit, late that evening (UTC)
        latest_tag="v2.0", latest_tag_date=dt.date(2026, 6, 1),
    )


def test_half_of_the_commits_and_a_quiet_repository(tmp_path: Path) -> None:
    folder = tmp_path / "quiet"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "2024-03-01T10:00:00+00:00", ANNE, "long ago")
    entry = activity.measure(URL, folder, MEASURED)
    assert (entry.commits_12m, entry.commits_6m, entry.authors_12m, entry.core_authors_12m) == (0, 0, 0, None)
    assert (entry.latest_tag, entry.latest_tag_date) == (None, None)
    words = " ".join(activity.sentences(entry))
    assert "Nyeste commit fra en forfatter: 1. marts 2024." in words
    # A quiet repository is not called dead or unmaintained, nor finished: the figures cannot tell.
    assert "Ingen commits i de 12 måneder op til målingen. Det siger ikke, om produktet bliver vedligeholdt: koden " \
           "kan være færdig og stille med vilje, og arbejdet kan foregå andre steder." in words
    assert "Kataloget fandt ingen tags (versionsmærker) i standardgrenens historik." in words
    for overstated in ("død", "forladt", "stabil", "ingen arbejder", "ikke vedligeholdt"):
        assert overstated not in words
    from collections import Counter
    assert activity._core(Counter({"a": 3, "b": 3, "c": 2, "d": 2})) == 2  # 6 of 10 is at least half
    assert activity._core(Counter({"a": 1, "b": 1, "c": 1, "d": 1})) == 2
    assert activity._core(Counter()) is None


def test_what_cannot_be_measured_is_said(tmp_path: Path, history: Path) -> None:
    with pytest.raises(activity.ActivityError, match="not a git repository"):
        activity.measure(URL, tmp_path, MEASURED)
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    with pytest.raises(activity.ActivityError):
        activity.measure(URL, empty, MEASURED)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history.as_uri(), str(shallow)], check=True)
    with pytest.raises(activity.ActivityError, match="a shallow clone: its history is cut off"):
        activity.measure(URL, shallow, MEASURED)


def test_odd_histories_are_measured_or_refused_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, "2026-03-01T10:00:00+00:00", ANNE, "in the period")
    commit(folder, "2019-01-01T10:00:00+00:00", ("Bob\rSmith", "bob@x.dk"), "a wrong clock, and a carriage return")
    commit(folder, "2026-04-01T10:00:00+00:00", BO, "in the period, behind the wrong clock")
    # Late in the evening in Copenhagen is the next day in UTC for no one, early in the morning is the day before.
    commit(folder, "2026-06-16T01:00:00+02:00", CARL, "the 15th in UTC")
    entry = activity.measure(URL, folder, dt.date(2026, 6, 15))
    assert (entry.commits_12m, entry.authors_12m) == (3, 3)  # the 2019 commit hides none of those behind it
    assert entry.commit_date == entry.last_commit_date == dt.date(2026, 6, 15)
    with pytest.raises(activity.ActivityError, match=r"the newest commit is dated 2026-06-15, after the day measured "
                                                     r"\(2026-06-14\); give --as-of"):
        activity.measure(URL, folder, dt.date(2026, 6, 14))
    git(folder, "symbolic-ref", "HEAD", "refs/heads/gone")
    with pytest.raises(activity.ActivityError, match=r"no commit on the default branch \(HEAD\)"):
        activity.measure(URL, folder, dt.date(2026, 6, 15))


def test_bots_are_told_apart() -> None:
    assert activity.is_bot(*BOT) and activity.is_bot(*GITLAB_BOT)
    assert activity.is_bot("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
    assert activity.is_bot("Dependabot", "group3_bot1@noreply.git.magenta.dk")
    assert not activity.is_bot("Anne Botved", "anne.botved@x.dk")
    assert not activity.is_bot("ChatBotBerg", "195424626+ChatBotBerg@users.noreply.github.com")


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert governance.months_before(dt.date(2026, 11, 20), 12) == dt.date(2025, 11, 20)
    assert governance.months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert governance.months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert governance.months_before(dt.date(2026, 3, 15), 3) == dt.date(2025, 12, 15)


def test_clones_are_found_in_every_layout_and_dated_by_their_last_update(tmp_path: Path, history: Path) -> None:
    clones = tmp_path / "clones"
    for layout in ("github.com/OS2eksempel/os2eksempel", "OS2eksempel/os2eksempel", "OS2eksempel+os2eksempel/repo"):
        target = clones / layout
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--bare", history.as_uri(), str(target)], check=True)
        assert activity.find_clone([tmp_path / "elsewhere", clones], URL) == target
        updated = dt.datetime(2026, 8, 22, 20, 0, tzinfo=dt.timezone.utc).timestamp()
        for path in [target / "HEAD", target / "packed-refs", *(target / "refs").rglob("*")]:
            if path.exists():
                os.utime(path, (updated, updated))
        assert activity.copy_date(target, BUILD_DATE) == dt.date(2026, 8, 22)
        assert activity.copy_date(target, dt.date(2026, 8, 1)) == dt.date(2026, 8, 1)  # never after today
        subprocess.run(["rm", "-rf", str(clones)], check=True)
    assert activity.find_clone([clones], URL) is None


@pytest.mark.parametrize("url", ["https://github.com/../../etc", "https://github.com/OS2mo", "https://github.com/a/.git",
                                 "https://github.com/a/b%2F..", "https://github.com//b"])
def test_an_address_that_is_not_a_plain_repository_path_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(activity.ActivityError, match="not <host>/<owner>/<name> in plain names"):
        activity.clone_folder(tmp_path, url)
    outcome = activity.run([url], [], clones=[tmp_path], clone_into=None, today=MEASURED)
    assert outcome.failed and not list(tmp_path.iterdir())


def _site(repo: Repo, minimal_text: str, urls: tuple[str, ...] = (URL,)) -> None:
    listed = "".join(f"  - url: {url}\n    licence: MPL-2.0\n" for url in urls)
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", f"repositories:\n{listed}last_reviewed:"))


def test_the_command_measures_and_writes_the_data_file(repo: Repo, minimal_text: str, history: Path) -> None:
    _site(repo, minimal_text, (URL, "https://github.com/OS2eksempel/ukendt"))
    clones = repo.root / "clones"
    subprocess.run(["git", "clone", "-q", "--bare", history.as_uri(),
                    str(clones / "OS2eksempel" / "os2eksempel")], check=True)
    result = run_cli("activity", "--clones", str(clones), "--as-of", "2026-11-20", "--today", "2026-11-25",
                     cwd=repo.root)
    assert result.returncode == 2, result.stderr  # one repository could not be measured
    assert "not measured: https://github.com/OS2eksempel/ukendt: no clone found; give --clones, or --clone to make " \
           "one; it has no measurement" in result.stderr
    assert "1 of 2 repositories measured; data/activity.yml holds 1." in result.stdout
    text = (repo.root / "data" / "activity.yml").read_text(encoding="utf-8")
    assert "measured: 2026-11-20\n" in text and "commits_12m: 8\n" in text and "latest_tag: v2.0\n" in text
    catalogue, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert problems == [] and catalogue is not None
    assert catalogue.activity == (activity.measure(URL, history, MEASURED),)
    # Run again without the clone: the entry is kept, with its date, and the file is the same.
    subprocess.run(["rm", "-rf", str(clones)], check=True)
    again = run_cli("activity", "--clones", str(clones), "--today", "2026-11-26", cwd=repo.root)
    assert again.returncode == 2
    assert f"not measured: {URL}: no clone found; give --clones, or --clone to make one; it keeps its measurement " \
           "of 2026-11-20" in again.stderr
    assert (repo.root / "data" / "activity.yml").read_text(encoding="utf-8") == text


def test_the_command_clones_what_it_lacks(repo: Repo, minimal_text: str, history: Path) -> None:
    """--clone makes a bare clone of each repository (here from a local address) and measures it as of today."""
    url = history.as_uri()
    repo.add("os2eksempel.md", minimal_text)  # a product file only takes web addresses: run() is called directly
    outcome = activity.run([url], [], clones=[], clone_into=repo.root / "clones", today=MEASURED)
    assert outcome.failed == () and outcome.measured == (url,)
    assert outcome.entries[0].measured == MEASURED and outcome.entries[0].commits_12m == 8
    again = activity.run([url], [], clones=[], clone_into=repo.root / "clones", today=MEASURED)  # updates it
    assert again.entries == outcome.entries


ENTRY = f"""repositories:
  - url: {URL}
    measured: 2026-11-20
    commit: {"a" * 40}
    commit_date: 2026-11-01
    commits_6m: 5
    commits_12m: 8
    authors_6m: 2
    authors_12m: 3
    core_authors_12m: 1
    latest_tag: v2.0
    latest_tag_date: 2026-06-01
    last_commit_date: 2026-11-01
"""


@pytest.mark.parametrize(("change", "line", "message"), [
    (("commit: aaaa", "commit: AAAA"), 4, f"repositories[0].commit: '{'A' * 4}{'a' * 36}' is not a full commit id "
                                          "(40 or 64 lower-case hexadecimal characters)"),
    (("commit_date: 2026-11-01", "commit_date: 2026-11-21"), 5,
     "repositories[0].commit_date: 2026-11-21 is after the day measured (2026-11-20)"),
    (("commits_6m: 5", "commits_6m: 9"), 6, "repositories[0].commits_6m: 9 is more than commits_12m (8)"),
    (("authors_12m: 3", "authors_12m: 9"), 9, "repositories[0].authors_12m: 9 is more than commits_12m (8)"),
    (("    core_authors_12m: 1\n", ""), 2,
     "repositories[0].core_authors_12m: must be given exactly when there were commits in the last 12 months"),
    (("core_authors_12m: 1", "core_authors_12m: 4"), 10,
     "repositories[0].core_authors_12m: 4 is not between 1 and authors_12m (3)"),
    (("    latest_tag_date: 2026-06-01\n", ""), 11,
     "repositories[0].latest_tag: give both latest_tag and latest_tag_date, or neither"),
    ((URL, "https://github.com/OS2eksempel/andet"), 2,
     "repositories[0].url: no product names this repository; remove the entry or run 'python -m os2catalogue "
     "activity' again"),
    (("commits_6m: 5", "commits_6m: fem"), 6, "repositories[0].commits_6m: expected a whole number of 0 or more, "
                                              "got text ('fem')"),
    (("measured: 2026-11-20", "measured: 2026-11-31"), 3, "repositories[0].measured: '2026-11-31' is not a real date"),
    (("    latest_tag: v2.0\n", "    latest_tag: v2.0\n    stars: 5\n"), 12, "repositories[0].stars: unknown field"),
])
def test_each_rule_of_the_data_file_names_file_line_and_field(repo: Repo, minimal_text: str, change: tuple[str, str],
                                                               line: int, message: str) -> None:
    _site(repo, minimal_text)
    (repo.root / "data").mkdir()
    (repo.root / "data" / "activity.yml").write_text(ENTRY.replace(*change, 1), encoding="utf-8")
    catalogue, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert [str(p) for p in problems if p.path == "data/activity.yml"][0].startswith(f"data/activity.yml:{line}: {message}")
    assert catalogue is not None


def test_a_repository_measured_twice_and_a_broken_file(repo: Repo, minimal_text: str) -> None:
    _site(repo, minimal_text)
    (repo.root / "data").mkdir()
    path = repo.root / "data" / "activity.yml"
    path.write_text(ENTRY + ENTRY.split("\n", 1)[1], encoding="utf-8")
    _, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert [str(p) for p in problems] == ["data/activity.yml:14: repositories[1].url: measured twice (also entry 1); "
                                          "keep one entry"]
    path.write_text("repositories:\n\t- url: x\n", encoding="utf-8")
    _, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert [str(p) for p in problems] == ["data/activity.yml:2: file: tab used for indentation; indent with spaces"]


def test_the_product_page_says_what_was_measured_and_when(repo: Repo, minimal_text: str) -> None:
    _site(repo, minimal_text, (URL, "https://github.com/OS2eksempel/docs"))
    (repo.root / "data").mkdir()
    (repo.root / "data" / "activity.yml").write_text(ENTRY, encoding="utf-8")
    catalogue, problems = read_site(repo.root, today=BUILD_DATE, with_blog=False)
    assert problems == [] and catalogue is not None
    page = next(p for p in generate_pages(catalogue) if p.src_uri == "produkter/os2eksempel.md").content
    assert "<dt>Aktivitet i koden</dt><dd>1 af 2 repositories målt (pr. 20. november 2026); 1 af dem havde commits " \
           "i de 12 måneder op til målingen. <a href=\"#aktivitet\">Mere om målingen</a>." in page
    assert "github.com/OS2eksempel/os2eksempel</a>, målt pr. 20. november 2026 (commit <code>aaaaaaaaaa</code>): " \
           "Nyeste commit fra en forfatter: 1. november 2026. 8 commits fra 3 forfattere i de 12 måneder op til " \
           "målingen, heraf 5 commits fra 2 forfattere i de sidste 6 måneder. Mindst halvdelen af de 12 måneders " \
           "commits kom fra én forfatter. Nyeste tag (versionsmærke): v2.0, 1. juni 2026.</li>" in page
    assert "github.com/OS2eksempel/docs</a>: ikke målt.</li>" in page
    assert "Tallene viser, hvor mange commits der kom på standardgrenen i perioden – ikke om produktet er godt, " \
           "sikkert eller vedligeholdt. Et færdigt produkt kan være stille med vilje" in page
    assert "så én person med flere adresser tæller flere gange" in page
    assert "over et år gammel" not in page
    # A year later the same measurement is marked old.
    later, _ = read_site(repo.root, today=dt.date(2027, 11, 21), with_blog=False)
    assert later is not None
    old = next(p for p in generate_pages(later) if p.src_uri == "produkter/os2eksempel.md").content
    assert "Nyeste tag (versionsmærke): v2.0, 1. juni 2026. <strong>Målingen er over et år gammel</strong>; billedet " \
           "kan have ændret sig siden." in old
    assert "havde commits i de 12 måneder op til målingen. Målingen er over et år gammel. <a href" in old


def test_a_scheduled_workflow_proposes_new_measurements_by_pull_request() -> None:
    import yaml
    from conftest import ROOT
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "activity.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"] and "workflow_dispatch" in workflow[True]  # YAML reads 'on' as True
    steps = workflow["jobs"]["measure"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "python -m os2catalogue activity --clone || test $? -eq 2" in commands
    assert "gh pr create" in commands and "git push --force origin \"$branch\"" in commands
    assert "main" not in commands  # never pushed to main: a reviewer merges the pull request
