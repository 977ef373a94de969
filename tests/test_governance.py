"""Comply-or-explain: scorecard rules, the documented level, importing reports, calls and freshness."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUILD_DATE, FIXTURES, Repo

from os2catalogue import governance
from os2catalogue.loader import load_catalogue
from os2catalogue.model import Product
from os2catalogue.report_import import parse_report, replace_governance
from os2catalogue.vocab import load_vocabularies

REPORTS = FIXTURES / "reports"
P = "products/os2eksempel.md"


def with_answers(minimal_text: str, answers: dict[str, tuple[str, str | None]], level: str = "ikke vurderet") -> str:
    lines = ["governance:", '  template_version: "1.1.0"', "  report_date: 2026-06-11",
             "  report_url: https://example.org/rapport", "  requirements:"]
    for rid, (status, explanation) in answers.items():
        lines += [f"    {rid}:", f"      status: {status}"] + ([f"      explanation: {explanation}"] if explanation else [])
    decision = ("" if level == "ikke vurderet" else
                f"level: {level}\nlevel_decision:\n  kind: beslutning\n  date: 2026-06-01\n  source: https://example.org/b")
    text = minimal_text.replace("last_reviewed:", "\n".join(lines) + "\nlast_reviewed:")
    return text.replace("level: ikke vurderet", decision) if decision else text


def all_met() -> dict[str, tuple[str, str | None]]:
    return {rid: ("opfyldt", None) for rid in load_vocabularies().requirements.keys}


def product(repo: Repo, text: str) -> Product:
    repo.add("os2eksempel.md", text)
    return load_catalogue(repo.products, root=repo.root, today=BUILD_DATE).products[0]


def documented(repo: Repo, text: str) -> str | None:
    level = governance.evidence_level(product(repo, text), load_vocabularies())
    return level.value if level else None


# The documented level on crafted cases -------------------------------------------------------------------

def test_all_met_documents_n3(repo: Repo, minimal_text: str) -> None:
    assert documented(repo, with_answers(minimal_text, all_met())) == "N3"


def test_one_unexplained_gap_at_n1_stops_at_sandkasse(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    answers["G3"] = ("uafklaret", "Vi ved ikke, hvem der er tovholder.")
    assert documented(repo, with_answers(minimal_text, answers)) == "sandkasse"


def test_a_blank_answer_is_a_gap(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    del answers["S3"]  # N2
    assert documented(repo, with_answers(minimal_text, answers)) == "N1"


def test_gap_in_sandkasse_documents_no_level(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    del answers["F2"]
    assert documented(repo, with_answers(minimal_text, answers)) is None


def test_missing_recommendation_does_not_stop_the_level(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    for rid in ("F19", "F20", "G7", "G8", "G9", "G10"):
        del answers[rid]
    assert documented(repo, with_answers(minimal_text, answers)) == "N3"


def test_explained_gaps_count_as_complied(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    answers["F3"] = ("ikke opfyldt", "Udbudsnotatet er ikke skrevet; det kommer i 2027.")
    answers["F21"] = ("ikke relevant", "Produktet bruges ikke i politiske fora.")
    answers["G11"] = ("planlagt", "Bestyrelsen behandler sagen i foråret.")
    assert documented(repo, with_answers(minimal_text, answers)) == "N3"


def test_difference_to_the_board_level_is_said_in_danish(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    del answers["S3"]
    p = product(repo, with_answers(minimal_text, answers, level="N3"))
    assert governance.level_difference(p, load_vocabularies()) == (
        "OS2eksempel er placeret på niveau 3, men governancerapporten dokumenterer kun kravene til niveau 1. "
        "De øvrige krav er hverken opfyldt eller forklaret.")
    assert [r.id for r in governance.gaps(p, load_vocabularies(), load_vocabularies().level_by_id("n3"))] == ["S3"]


def test_same_level_has_no_difference(repo: Repo, minimal_text: str) -> None:
    p = product(repo, with_answers(minimal_text, all_met(), level="N3"))
    assert governance.level_difference(p, load_vocabularies()) is None


def test_validate_report_lists_differences_without_failing(repo: Repo, minimal_text: str) -> None:
    answers = all_met()
    del answers["S3"]
    repo.add("os2eksempel.md", with_answers(minimal_text, answers, level="N3"))
    env = {k: v for k, v in os.environ.items() if k != "OS2_BUILD_DATE"}
    result = subprocess.run([sys.executable, "-m", "os2catalogue", "validate", "--report", "--today", "2026-11-24"],
                            cwd=repo.root, capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "1 product files checked: no problems.",
        f"{P}: level N3, governance report documents N1: OS2eksempel er placeret på niveau 3, men "
        "governancerapporten dokumenterer kun kravene til niveau 1. De øvrige krav er hverken opfyldt eller forklaret.",
        "1 of 1 products differ from the level their report documents.",
    ]


# Validation rules of the governance block and calls -------------------------------------------------------

GOVERNANCE_RULES = {
    "unknown requirement id": (
        "    F8:\n      status: opfyldt\n",
        [f"{P}:12: governance.requirements.F8: unknown requirement id 'F8'; it was merged into 'F7'"]),
    "unknown status": (
        "    R1:\n      status: delvist\n",
        [f"{P}:13: governance.requirements.R1.status: 'delvist' is not one of opfyldt, ikke opfyldt, planlagt, "
         "ikke relevant, uafklaret"]),
    "missing explanation": (
        "    R2:\n      status: ikke opfyldt\n",
        [f"{P}:13: governance.requirements.R2.status: 'ikke opfyldt' needs an explanation (comply or explain); "
         "add 'explanation: …'"]),
    "unknown rating": (
        "    R1:\n      status: opfyldt\n      assessment: lilla\n",
        [f"{P}:14: governance.requirements.R1.assessment: 'lilla' is not one of grøn, gul, rød, grå"]),
    "rating without assessment date": (
        "    R1:\n      status: opfyldt\n      assessment: grøn\n",
        [f"{P}:14: governance.requirements.R1.assessment: a rating needs the assessment's date: add "
         "'assessment_date' to the governance block"]),
    "bad evidence link": (
        "    R1:\n      status: opfyldt\n      evidence: [example.org/x]\n",
        [f"{P}:14: governance.requirements.R1.evidence[0]: 'example.org/x' is not a valid http(s) URL; "
         "did you mean 'https://example.org/x'?"]),
}


@pytest.mark.parametrize("rule", sorted(GOVERNANCE_RULES))
def test_governance_rule(repo: Repo, minimal_text: str, rule: str) -> None:
    entry, expected = GOVERNANCE_RULES[rule]
    block = ('governance:\n  template_version: "1.1.0"\n  report_date: 2026-06-11\n'
             "  report_url: https://example.org/rapport\n  requirements:\n" + entry)
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", block + "last_reviewed:"))
    assert repo.messages() == expected


def test_template_version_must_be_text(repo: Repo, minimal_text: str) -> None:
    block = "governance:\n  template_version: 1.1\n  report_date: 2026-06-11\n  report_url: https://example.org/r\n"
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", block + "last_reviewed:"))
    assert repo.messages() == [f"{P}:8: governance.template_version: expected text, got a number (1.1); "
                               "put the value in quotes"]


CALL = ("calls:\n  - title: Ny version\n    kind: crowdfunding\n    url: https://example.org/c\n"
        "    target_dkk: 1000000\n")


@pytest.mark.parametrize(("extra", "expected"), [
    ("", [f"{P}:8: calls[0]: needs a 'deadline' (while open) or the date it 'closed'"]),
    ("    deadline: 2026-12-01\n    kind: tilslutning\n", [f"{P}:13: calls[0].kind: duplicate key; first given on line 9"]),
    ("    deadline: 2026-12-01\n    committed: [odense]\n",
     [f"{P}:13: calls[0].committed[0]: unknown user 'odense'; did you mean 'odense-kommune'?"]),
    ("    deadline: 2026-12-01\n    committed: [odense-kommune, aarhus-kommune]\n    committed_count: 1\n",
     [f"{P}:14: calls[0].committed_count: 1 is fewer than the 2 bodies listed in 'committed'"]),
    ("    closed: 2027-01-01\n", [f"{P}:12: calls[0].closed: 2027-01-01 is after the build date 2026-11-24"]),
])
def test_call_rules(repo: Repo, minimal_text: str, extra: str, expected: list[str]) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", CALL + extra + "last_reviewed:"))
    assert repo.messages() == expected


def test_calls_open_and_closed_at_fixed_build_dates(repo: Repo, minimal_text: str) -> None:
    calls = (CALL + "    deadline: 2026-12-01\n  - title: Gammel runde\n    kind: crowdfunding\n"
             "    url: https://example.org/g\n    closed: 2022-10-04\n")
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", calls + "last_reviewed:"))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    open_now = governance.open_calls(catalogue.products, dt.date(2026, 11, 24))
    assert [c.title for _, c in open_now] == ["Ny version"]
    assert [c.title for _, c in governance.open_calls(catalogue.products, dt.date(2026, 12, 1))] == ["Ny version"]
    assert governance.open_calls(catalogue.products, dt.date(2026, 12, 2)) == []


# Freshness ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("reviewed", "today", "stale"), [
    ("2025-11-24", "2026-11-24", False),  # exactly 12 months
    ("2025-11-23", "2026-11-24", True),
    ("2025-02-28", "2026-02-28", False),
    ("2025-02-27", "2026-02-28", True),
    ("2024-02-29", "2025-02-28", False),  # a leap day: 12 months later is the month's last day
])
def test_staleness(repo: Repo, minimal_text: str, reviewed: str, today: str, stale: bool) -> None:
    repo.add("os2eksempel.md", minimal_text.replace("2026-11-01", reviewed))
    catalogue = load_catalogue(repo.products, root=repo.root, today=dt.date.fromisoformat(today))
    assert governance.is_stale(catalogue.products[0], dt.date.fromisoformat(today)) is stale


def test_stale_list_is_oldest_first(repo: Repo, minimal_text: str) -> None:
    for name, date in (("OS2a", "2024-05-01"), ("OS2b", "2023-01-15"), ("OS2c", "2026-10-01")):
        repo.add(f"{name.lower()}.md", minimal_text.replace("OS2eksempel", name).replace("2026-11-01", date))
    catalogue = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE)
    assert [p.name for p in governance.stale_products(catalogue.products, BUILD_DATE)] == ["OS2b", "OS2a"]


# Importing a governance report -------------------------------------------------------------------------

def import_report(repo: Repo, report: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OS2_BUILD_DATE"}
    return subprocess.run([sys.executable, "-m", "os2catalogue", "import-governance", str(REPORTS / report),
                           "--product", "os2eksempel", "--url", "https://example.org/rapport",
                           "--today", "2026-11-24", *extra], cwd=repo.root, capture_output=True, text=True, env=env)


def untouched_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    """The lines outside the governance block, before and after, as raw bytes."""
    def outside(raw: bytes) -> list[bytes]:
        lines = raw.splitlines(keepends=True)
        kept, inside = [], False
        for line in lines:
            if line.startswith(b"governance:"):
                inside = True
                continue
            if inside and (line[:1] not in (b" ", b"\t") or line.strip() == b"---"):
                inside = False
            if not inside:
                kept.append(line)
        return kept
    return outside(before), outside(after)


def test_import_words_report(repo: Repo, minimal_text: str) -> None:
    before = minimal_text.encode("utf-8")
    path = repo.add("os2eksempel.md", before)
    result = import_report(repo, "report_words.md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{P}: governance block written: 42 requirements answered, 1 left blank in the report.\n"
    after = path.read_bytes()
    kept_before, kept_after = untouched_lines(before, after)
    assert kept_before == kept_after
    p = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE).products[0]
    assert p.governance is not None and p.governance.report_date == dt.date(2026, 6, 11)
    assert p.governance.template_version == "1.1.0"
    f16 = p.governance.answer("F16")
    assert f16 is not None and f16.status.value == "ikke opfyldt"
    assert f16.explanation == "Kodestandarderne er ikke skrevet ned endnu. Se dog udviklerguiden."
    assert f16.evidence == ("https://example.org/guide",)
    r4 = p.governance.answer("R4")
    assert r4 is not None and r4.evidence == ("https://example.org/strategi",)
    assert r4.explanation == "Understøtter den fælleskommunale strategi, se."
    assert p.governance.answer("F21") is None
    assert governance.evidence_level(p, load_vocabularies()).value == "N2"  # F21 (N3) is blank  # type: ignore[union-attr]


def test_import_symbols_report_into_crlf_file_with_bom(repo: Repo, minimal_text: str) -> None:
    before = b"\xef\xbb\xbf" + minimal_text.replace("\n", "\r\n").encode("utf-8")
    path = repo.add("os2eksempel.md", before)
    result = import_report(repo, "report_symbols.md")
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    kept_before, kept_after = untouched_lines(before[3:], after[3:])
    assert kept_before == kept_after
    p = load_catalogue(repo.products, root=repo.root, today=BUILD_DATE).products[0]
    assert p.governance is not None and p.governance.report_date == dt.date(2026, 6, 11)
    statuses = {rid: a.status.value for rid, a in p.governance.requirements}
    assert statuses["F3"] == "ikke opfyldt" and statuses["F14"] == "ikke relevant" and statuses["S4"] == "uafklaret"
    assert "F21" not in statuses and "F22" not in statuses
    assert governance.evidence_level(p, load_vocabularies()).value == "N1"  # type: ignore[union-attr]


def test_reimport_replaces_the_block_in_place(repo: Repo, minimal_text: str) -> None:
    text = with_answers(minimal_text, {"R1": ("opfyldt", None)}) + "\n"
    path = repo.add("os2eksempel.md", text)
    assert import_report(repo, "report_words.md").returncode == 0
    after = path.read_bytes()
    kept_before, kept_after = untouched_lines(text.encode("utf-8"), after)
    assert kept_before == kept_after
    assert after.count(b"governance:") == 1
    assert after.index(b"governance:") < after.index(b"last_reviewed:")


def test_import_errors_name_the_report_line(repo: Repo, minimal_text: str) -> None:
    path = repo.add("os2eksempel.md", minimal_text)
    result = import_report(repo, "report_bad.md")
    assert result.returncode == 1
    shown = str(REPORTS / "report_bad.md")
    assert result.stderr.splitlines() == [
        f"{shown}:14: R2: unknown answer 'Måske'; use Ja, Nej, Planlagt, Ikke relevant, Uafklaret, ✅, ❌, ➖ or ❓, "
        "or leave it blank",
        f"{shown}:29: #: unknown requirement number 'F8' (F8 was merged into F7)",
        f"{shown}:64: G8: 'Nej' needs an explanation in the Dokumentation column (comply or explain)",
        "3 errors in 1 file.",
    ]
    assert path.read_text(encoding="utf-8") == minimal_text  # nothing written


def test_parse_report_without_tables() -> None:
    report, problems = parse_report("r.md", "# Rapport\n\nIngen tabeller.\n".encode(), load_vocabularies())
    assert [str(p) for p in problems] == [
        "r.md:1: header: no template version found (a line such as 'Version for anvendt governancerapport: 1.1.0')",
        "r.md:1: header: no date found (a line such as 'Dato for udfyldelse: 2026-06-11')",
        "r.md:1: tables: no requirement table found (columns #, Krav, Produktniveau, Retningslinjer, Efterlevet?, "
        "Dokumentation)",
    ]


def test_replace_governance_adds_before_closing_line() -> None:
    raw = b"---\nname: OS2x\n---\nbody\n"
    out = replace_governance(raw, {"template_version": "1.1.0"})
    assert out == b"---\nname: OS2x\ngovernance:\n  template_version: 1.1.0\n---\nbody\n"


def test_import_reports_missing_files(repo: Repo) -> None:
    result = import_report(repo, "report_words.md")
    assert result.returncode == 2
    assert result.stderr == "products/os2eksempel.md: no such product file\n"


def test_fixture_reports_exist() -> None:
    assert sorted(p.name for p in REPORTS.glob("*.md")) == ["report_bad.md", "report_symbols.md", "report_words.md"]
    assert Path(REPORTS / "report_words.md").read_text(encoding="utf-8").count("| ") > 43
