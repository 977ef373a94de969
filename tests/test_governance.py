"""Comply-or-explain: the documented level, the governance block's rules, calls and freshness.

Reading OS2's published documents (the importer) is tested in ``test_report_import.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import BUILD_DATE, ROOT, Repo

from os2catalogue import governance, model
from os2catalogue.loader import load_catalogue
from os2catalogue.vocab import load_vocabularies

P = "products/os2eksempel.md"
V = load_vocabularies()
CURRENT = V.report_formats["selvevaluering"]
CHECKLIST = V.report_formats["tjekliste-2018"]


def report(answers: dict[str, tuple[str, str | None]], report_format: model.ReportFormat = CURRENT,
           date: dt.date = dt.date(2026, 6, 1), draft: bool = False, url: str = "https://example.org/r") -> model.Report:
    """A report built directly from (status value, quote) pairs."""
    return model.Report(url=url, date=date, format=report_format, date_from=V.date_sources["header"], draft=draft,
                        answers=tuple((rid, model.RequirementAnswer(V.statuses[status], quote))
                                      for rid, (status, quote) in answers.items()))


def all_met(requirements: tuple[model.Requirement, ...] = V.current_model.requirements) -> dict[str, tuple[str, str | None]]:
    return {r.id: ("opfyldt", None) for r in requirements}


def level_of(answers: dict[str, tuple[str, str | None]]) -> str | None:
    found = governance.report_level(report(answers), V)
    return found.value if found else None


# What each answer means is declared once, in statuses.yml --------------------------------------------------

def test_statuses_declare_what_they_mean_for_the_level() -> None:
    assert {s.counts for s in V.statuses} == {"met", "explained", "never"}
    assert [s.value for s in V.statuses if s.counts == "met"] == ["opfyldt"]
    assert [s.value for s in V.statuses if s.counts == "never"] == ["ved ikke", "uafklaret", "ikke besvaret"]
    assert [s.value for s in V.statuses if not s.answered] == ["ikke besvaret"]
    spellings = [V.status_for(w) for s in V.statuses for w in s.spellings]
    assert None not in spellings  # every spelling finds its own status, and no spelling is listed twice
    assert len({w.casefold() for s in V.statuses for w in s.spellings}) == sum(len(s.spellings) for s in V.statuses)


# The documented level on crafted cases ---------------------------------------------------------------------

def test_all_met_documents_n3() -> None:
    assert level_of(all_met()) == "N3"


def test_one_unexplained_gap_at_n1_stops_at_sandkasse() -> None:
    assert level_of({**all_met(), "G3": ("uafklaret", "Vi ved ikke, hvem der er tovholder.")}) == "sandkasse"


def test_a_missing_answer_is_a_gap() -> None:
    answers = all_met()
    del answers["S3"]  # N2
    assert level_of(answers) == "N1"


def test_gap_in_sandkasse_documents_no_level() -> None:
    answers = all_met()
    del answers["F2"]
    assert level_of(answers) is None


def test_missing_recommendation_does_not_stop_the_level() -> None:
    answers = all_met()
    for rid in ("F19", "F20", "G7", "G8", "G9", "G10"):
        del answers[rid]
    assert level_of(answers) == "N3"


def test_explained_gaps_count_as_complied() -> None:
    answers = {**all_met(), "F3": ("planlagt", "Notatet skrives i år."), "G5": ("ikke opfyldt", "Bestyrelsen mødes i maj."),
               "R4": ("delvist opfyldt", "Strategien nævner området."), "F4": ("i gang", "Se [planen](https://x.dk)"),
               "R3": ("ikke relevant", "Løsningen er lokal.")}
    assert level_of(answers) == "N3"


# What stands between a report and the next level ----------------------------------------------------------

def test_the_gap_to_the_next_level_sorts_missing_from_explained() -> None:
    answers = {**all_met(), "S3": ("ikke opfyldt", None), "G6": ("ikke opfyldt", "Styregruppen nedsættes i 2027."),
               "F19": ("ikke opfyldt", None)}  # F19 is a recommendation: never part of the gap
    del answers["F14"]
    gap = governance.next_level(report(answers), V)
    assert gap is not None and gap.level.value == "N2"
    assert [r.id for r in gap.unexplained] == ["S3"] and [r.id for r in gap.unanswered] == ["F14"]
    assert [r.id for r in gap.missing] == ["S3", "F14"] and [r.id for r in gap.explained] == ["G6"]
    assert governance.next_level(report(all_met()), V) is None  # the highest level has no next
    no_level = all_met()
    del no_level["F2"]
    lowest = governance.next_level(report(no_level), V)
    assert lowest is not None and lowest.level.value == "sandkasse" and [r.id for r in lowest.missing] == ["F2"]


def test_the_gap_of_the_real_reports_is_what_the_readme_counts_by_hand() -> None:
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    gaps = {}
    for slug in ("os2valghalla", "os2borgerpc"):
        block = catalogue.product(slug).governance
        assert block is not None and block.current_report is not None
        gap = governance.next_level(block.current_report, V)
        assert gap is not None
        gaps[slug] = (gap.level.value, [r.id for r in gap.missing])
    assert gaps == {"os2valghalla": ("N2", ["F14"]), "os2borgerpc": ("N2", ["F14", "F16", "F18", "S4"])}


@pytest.mark.parametrize(("text", "explains"), [
    ("Bestyrelsen mødes i maj.", True), ("Se [planen](https://example.org/plan)", True),
    ("https://example.org/notat", True), ("Er ikke dokumenteret.", True),
    (None, False), ("", False), ("Nej", False), ("Ja.", False), ("Ved ikke", False), ("Ikke relevant pt.", False),
    ("Ikke endnu.", False), ("x", False), ("TBD", False), ("...", False), ("Ikke udfyldt", False),
    ("[Ikke udfyldt]", False), ("Hvor ?", False), ("Hvor? Hvordan?", False), ("Indsæt link her", False),
    ("[indsæt link] [indsæt link]", False), ("fx link til referat", False),
])
def test_what_counts_as_a_real_explanation(text: str | None, explains: bool) -> None:
    assert V.is_explanation(text) is explains


def test_no_without_an_explanation_is_an_unexplained_gap() -> None:
    assert level_of({**all_met(), "F12": ("ikke opfyldt", None)}) == "N1"
    assert governance.tally(report({"F12": ("ikke opfyldt", None)}).answer("F12"), V) == governance.UNEXPLAINED


def bad_answers() -> list[tuple[str, str | None] | None]:
    """Every way of not answering: no row, a blank, a placeholder quote, or an answer that never counts."""
    placeholders: list[str | None] = [None, "", "[Ikke udfyldt]", "[indsæt link til dokumentet]", "Hvor?", "-", "?",
                                      "fx link til referat", "Hvem? evt. link til beskrivelse af ansvar/opgaver",
                                      "Nej.", "Ikke relevant pt.", "Ikke endnu.", "TBD", "Hvor? Hvordan?"]
    bad: list[tuple[str, str | None] | None] = [None]
    for status in V.statuses:
        if status.counts == "never":
            bad += [(status.value, quote) for quote in (None, "Vi har en god forklaring.")]
        elif status.counts == "explained":
            bad += [(status.value, quote) for quote in placeholders]
    return bad


@pytest.mark.parametrize("requirement", [r for r in V.current_model.requirements if not r.recommendation],
                         ids=lambda r: r.id)
def test_a_placeholder_never_raises_the_documented_level(requirement: model.Requirement) -> None:
    """Whatever else is met, a requirement answered with a blank, a placeholder or an unknown caps the level
    below the requirement's own level."""
    for bad in bad_answers():
        answers = all_met()
        if bad is None:
            del answers[requirement.id]
        else:
            answers[requirement.id] = bad
        found = governance.report_level(report(answers), V)
        assert found is None or (found.rank or 0) < (requirement.level.rank or 0), (requirement.id, bad)


def test_an_unknown_answer_in_a_report_never_counts(repo: Repo, minimal_text: str) -> None:
    assert governance.tally(report({"R1": ("uafklaret", "Måske.")}).answer("R1"), V) == governance.UNEXPLAINED


# Which report counts ---------------------------------------------------------------------------------------

def governance_of(*reports: model.Report) -> model.Governance:
    return model.Governance(reports=reports)


def test_only_the_newest_final_report_of_the_current_model_counts() -> None:
    older = report(all_met(), date=dt.date(2025, 1, 1), url="https://example.org/old")
    newer = report({**all_met(), "S3": ("ikke opfyldt", None)}, date=dt.date(2026, 1, 1), url="https://example.org/new")
    draft = report(all_met(), date=dt.date(2026, 9, 1), draft=True, url="https://example.org/draft")
    checklist = report(all_met(CHECKLIST.model.requirements), CHECKLIST, date=dt.date(2026, 10, 1),
                       url="https://example.org/2018")
    block = governance_of(older, newer, draft, checklist)
    assert block.current_report is newer
    assert governance.report_level(newer, V).value == "N1"  # type: ignore[union-attr]


def test_answers_to_the_2018_model_never_give_a_current_level() -> None:
    block = governance_of(report(all_met(CHECKLIST.model.requirements), CHECKLIST))
    assert block.current_report is None
    drafts = governance_of(report(all_met(), draft=True))
    assert drafts.current_report is None


def test_the_2018_mapping_pairs_only_the_same_requirement() -> None:
    old = next(m for m in V.models if not m.current)
    assert len(old.requirements) == 46
    targets = [r.current for r in old.requirements if r.current]
    assert len(targets) == len(set(targets))  # no current requirement answers two old ones
    for requirement in old.requirements:
        assert requirement.reason, requirement.id
        if requirement.current:
            now = V.requirements[requirement.current]
            assert (now.level, now.recommendation, now.theme) == (
                requirement.level, requirement.recommendation, requirement.theme), requirement.id
    assert {r.id for r in old.requirements if r.current is None} == {"R2", "R4", "F1", "F7", "F8", "F9", "F11"}


# The governance block's rules ------------------------------------------------------------------------------

def block(entry: str, key: str = "reports", document_format: str = "selvevaluering") -> str:
    field = "ratings" if key == "assessments" else "answers"
    return (f"governance:\n  {key}:\n  - url: https://example.org/rapport\n    date: 2026-06-11\n"
            f"    format: {document_format}\n    {field}:\n" + entry)


GOVERNANCE_RULES: dict[str, tuple[str, list[str]]] = {
    "merged requirement": (block("      F8:\n        status: opfyldt\n"), [
        f"{P}:13: governance.reports[0].answers.F8: 'F8' is not a requirement of den gældende model; it was merged "
        "into 'F7'"]),
    "requirement of the other model": (block("      R5:\n        status: opfyldt\n"), [
        f"{P}:13: governance.reports[0].answers.R5: 'R5' is not a requirement of den gældende model; it is a "
        "requirement of 2018-modellen: use a format of that model"]),
    "unknown requirement": (block("      X1:\n        status: opfyldt\n"), [
        f"{P}:13: governance.reports[0].answers.X1: unknown requirement id 'X1'"]),
    "unknown status": (block("      R1:\n        status: måske\n"), [
        f"{P}:14: governance.reports[0].answers.R1.status: unknown status 'måske' (the known ones are in "
        "src/os2catalogue/data/statuses.yml)"]),
    "placeholder quote": (block("      R2:\n        status: ikke opfyldt\n        quote: '[Ikke udfyldt]'\n"), [
        f"{P}:15: governance.reports[0].answers.R2.quote: '[Ikke udfyldt]' is a placeholder, not the author's own "
        "words; leave 'quote' out"]),
    "assessment format under reports": (block("      R1:\n        status: opfyldt\n", document_format="vurdering"), [
        f"{P}:11: governance.reports[0].format: 'vurdering' is not a report format; the secretariat's assessments "
        "go under 'assessments', the product's reports under 'reports'"]),
    "unknown format": (block("      R1:\n        status: opfyldt\n", document_format="word"), [
        f"{P}:11: governance.reports[0].format: 'word' is not one of vurdering, selvevaluering, skabelon, "
        "tjekliste-2018"]),
    "unknown rating": (block("      R1:\n        rating: lilla\n", "assessments", "vurdering"), [
        f"{P}:14: governance.assessments[0].ratings.R1.rating: 'lilla' is not one of grøn, gul, rød, grå"]),
    "future date": (block("      R1:\n        status: opfyldt\n").replace("2026-06-11", "2027-01-01"), [
        f"{P}:10: governance.reports[0].date: 2027-01-01 is after the build date 2026-11-25"]),
    "bad evidence link": (block("      R1:\n        status: opfyldt\n        evidence: [example.org/x]\n"), [
        f"{P}:15: governance.reports[0].answers.R1.evidence[0]: 'example.org/x' is not a valid http(s) URL; "
        "did you mean 'https://example.org/x'?"]),
    "assessment of an unknown report": (
        block("      R1:\n        rating: grøn\n", "assessments", "vurdering").replace(
            "    ratings:", "    report: https://example.org/anden\n    ratings:"), [
            f"{P}:12: governance.assessments[0].report: is not the address of one of the product's reports; import "
            "the report first, or leave 'report' out"]),
    "assessment before its report": (
        block("      R1:\n        status: opfyldt\n") + "  assessments:\n  - url: https://example.org/v\n"
        "    date: 2026-01-01\n    format: vurdering\n    report: https://example.org/rapport\n", [
            f"{P}:17: governance.assessments[0].date: 2026-01-01 is before the report it assesses (2026-06-11); "
            "correct one of the dates"]),
    "same document twice": (
        block("      R1:\n        status: opfyldt\n") + "  - url: https://example.org/rapport\n    date: 2026-01-01\n"
        "    format: selvevaluering\n", [
            f"{P}:15: governance.reports[1].url: the same document is listed twice (also reports[0])"]),
}


@pytest.mark.parametrize("rule", sorted(GOVERNANCE_RULES))
def test_governance_rule(repo: Repo, minimal_text: str, rule: str) -> None:
    entry, expected = GOVERNANCE_RULES[rule]
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", entry + "last_reviewed:"))
    assert repo.messages() == expected


def test_template_version_must_be_text(repo: Repo, minimal_text: str) -> None:
    text = block("      R1:\n        status: opfyldt\n").replace("    format:", "    template_version: 1.1\n    format:")
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", text + "last_reviewed:"))
    assert repo.messages() == [f"{P}:11: governance.reports[0].template_version: expected text, got a number (1.1); "
                               "put the value in quotes"]


def test_a_quote_is_text_so_angle_brackets_are_kept(repo: Repo, minimal_text: str) -> None:
    entry = block("      R2:\n        status: opfyldt\n        quote: Vi bruger <tenant> og <b og c> i koden\n")
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", entry + "last_reviewed:"))
    products, problems = repo.check()
    assert problems == []
    quote = products[0].governance.reports[0].answer("R2").quote  # type: ignore[union-attr]
    assert quote == "Vi bruger <tenant> og <b og c> i koden"


def test_quotes_keep_their_line_breaks_and_defaults_apply(repo: Repo, minimal_text: str) -> None:
    entry = block("      R1:\n        status: opfyldt\n        quote: |-\n          - Første punkt\n"
                  "          - Andet   punkt\n\n\n\n          Se https://example.org/a.\n")
    repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", entry + "last_reviewed:"))
    products, problems = repo.check()
    assert problems == []
    document = products[0].governance.reports[0]  # type: ignore[union-attr]
    assert document.answer("R1").quote == "- Første punkt\n- Andet punkt\n\nSe https://example.org/a."  # type: ignore[union-attr]
    assert (document.date_from.id, document.draft) == ("header", False)


# validate --report ---------------------------------------------------------------------------------------

def run_validate_report(repo: Repo) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OS2_BUILD_DATE"}
    return subprocess.run([sys.executable, "-m", "os2catalogue", "validate", "--report", "--today", "2026-11-24"],
                          cwd=repo.root, capture_output=True, text=True, env=env)


def test_validate_report_gives_date_format_counts_and_level(repo: Repo, minimal_text: str) -> None:
    answers = "".join(f"      {rid}:\n        status: opfyldt\n" for rid in V.current_model.ids if rid != "S3")
    decision = ("level: N3\nlevel_decisions:\n  - kind: beslutning\n    level: N3\n    date: 2026-06-01\n"
                "    source: https://example.org/b")
    repo.add("os2eksempel.md", minimal_text.replace("level: ikke vurderet", decision).replace(
        "last_reviewed:", block(answers) + "last_reviewed:"))
    repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet").replace(
        "last_reviewed:", block("      R1:\n        status: opfyldt\n").replace(
            "format: selvevaluering", "format: selvevaluering\n    draft: true") + "last_reviewed:"))
    result = run_validate_report(repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2 product files checked: no problems.",
        "products/os2andet.md: no final report of the current model (draft); no documented level",
        f"{P}: report of 2026-06-11 (Selvevalueringens governancerapport (rapportgeneratoren)): 42 of 43 answered, "
        "1 not answered; documents N1; level N3 (besluttet af bestyrelsen). OS2eksempel står på niveau 3 (besluttet af "
        "bestyrelsen), men "
        "governancerapporten dokumenterer kun kravene til niveau 1. De øvrige krav er hverken opfyldt eller forklaret.",
        "1 of 2 products differ from the level their report documents.",
    ]


# The repository's own data ---------------------------------------------------------------------------------

def repository_levels() -> dict[str, Any]:
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    out: dict[str, Any] = {}
    for product in catalogue.products:
        current = product.governance.current_report if product.governance else None
        if current is not None:
            found = governance.report_level(current, catalogue.vocabularies)
            out[product.slug] = (current.date.isoformat(), found.value if found else None)
    return out


def test_real_reports_document_what_a_hand_count_gives() -> None:
    """The 2026 self-evaluations, counted by hand (see the README): OS2valghalla and OS2borgerPC document N1."""
    assert repository_levels() == {
        "os2-ai-heat-control": ("2026-08-14", None),
        "os2borgerpc": ("2026-06-24", "N1"),
        "os2rollekatalog": ("2026-06-11", "N3"),
        "os2skadesoekonomi": ("2026-06-30", "sandkasse"),
        "os2udoglaer": ("2026-07-23", "N2"),
        "os2valghalla": ("2026-06-23", "N1"),
    }


# Calls --------------------------------------------------------------------------------------------------

CALL = ("calls:\n  - title: Ny version\n    kind: crowdfunding\n    url: https://example.org/c\n"
        "    target_dkk: 1000000\n")


@pytest.mark.parametrize(("extra", "expected"), [
    ("", [f"{P}:8: calls[0]: needs a 'deadline' (while open) or the date it 'closed'"]),
    ("    deadline: 2026-12-01\n    kind: tilslutning\n", [f"{P}:13: calls[0].kind: duplicate key; first given on line 9"]),
    ("    deadline: 2026-12-01\n    committed: [odense]\n",
     [f"{P}:13: calls[0].committed[0]: unknown user 'odense'; did you mean 'odense-kommune'?"]),
    ("    deadline: 2026-12-01\n    committed: [odense-kommune, aarhus-kommune]\n    committed_count: 1\n",
     [f"{P}:14: calls[0].committed_count: 1 is fewer than the 2 bodies listed in 'committed'"]),
    ("    closed: 2027-01-01\n", [f"{P}:12: calls[0].closed: 2027-01-01 is after the build date 2026-11-25"]),
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


def test_a_calls_progress_is_rounded_down_and_only_shown_against_a_target() -> None:
    from os2catalogue.model import OpenCall
    kind = V.call_kinds["crowdfunding"]
    call = OpenCall("x", kind, "https://x.dk", target_dkk=3_200_000, committed_dkk=3_199_999, committed_count=21)
    assert (call.percent_dkk, call.committed_number, call.percent_bodies) == (99, 21, None)
    assert OpenCall("x", kind, "https://x.dk", committed_dkk=5).percent_dkk is None
    assert OpenCall("x", kind, "https://x.dk", target_count=4, committed=(V.bodies["aarhus-kommune"],)).percent_bodies == 25
    assert OpenCall("x", kind, "https://x.dk", target_dkk=100, committed_dkk=250).percent_dkk == 250


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


def test_levels_say_what_they_mean_in_one_place() -> None:
    from os2catalogue.vocab import load_vocabularies

    vocab = load_vocabularies()
    assert [lvl.id for lvl in vocab.assessed_levels] == ["sandkasse", "n1", "n2", "n3"]
    assert vocab.unassessed_level.id == "ikke-vurderet" and not vocab.unassessed_level.assessed
    # One display order, the data file's: highest first, "ikke vurderet" last.
    assert [lvl.id for lvl in vocab.levels] == ["n3", "n2", "n1", "sandkasse", "ikke-vurderet"]
    n1, n2 = vocab.level_by_id("n1"), vocab.level_by_id("n2")
    assert n2.covers(n1) and n2.covers(n2) and not n1.covers(n2)
    assert not vocab.unassessed_level.covers(n1) and not n1.covers(vocab.unassessed_level)
    assert vocab.unassessed_level.order < vocab.level_by_id("sandkasse").order < n1.order


@pytest.mark.parametrize(("entry", "message"), [
    ({"background": "#3a7f3b", "text": "#ffffff"}, None),
    ({"background": "#b0ccb1", "text": "#ffffff"},
     "text #ffffff on #b0ccb1 has a contrast of 1.7:1; it needs at least 4.5:1"),
    ({"background": "green", "text": "#ffffff"}, "background: expected a colour written #rrggbb, got 'green'"),
    ({"background": "#ffffff", "text": "#3d3d3d", "border": "dotted #767676"},
     "border: expected 'solid #rrggbb' or 'dashed #rrggbb', got 'dotted #767676'"),
    ({"background": "#ffffff", "text": "#3d3d3d", "style": "x"},
     "expected the fields background, text and (optionally) border"),
])
def test_a_badge_is_checked_before_it_reaches_a_stylesheet(entry: dict[str, str], message: str | None) -> None:
    from os2catalogue.vocab import badge

    if message is None:
        assert badge(entry).background == "#3a7f3b"
    else:
        with pytest.raises(ValueError) as raised:
            badge(entry)
        assert str(raised.value) == message


def test_symbol_colours_come_from_the_data_and_stay_visible() -> None:
    from os2catalogue.pages import badge_stylesheet
    from os2catalogue.vocab import symbol_colour

    css = badge_stylesheet(load_vocabularies())
    assert ".md-typeset .os2-rating--gul > span[aria-hidden] { color: #b08000; }" in css
    assert ".md-typeset .os2-lifecycle--udtraadt { background: #3d3d3d; color: #ffffff; }" in css
    assert symbol_colour({"id": "x"}) is None
    with pytest.raises(ValueError) as raised:
        symbol_colour({"id": "gul", "colour": "#ffd700"})
    assert str(raised.value) == "#ffd700 has a contrast of 1.4:1 on white; it needs at least 3:1"


def test_product_pages_show_the_level_history_and_what_the_next_level_lacks() -> None:
    from os2catalogue.pages import generate_pages
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    pages = {p.src_uri: p.content for p in generate_pages(catalogue)}
    rolle = pages["produkter/os2rollekatalog.md"]
    history = rolle[rolle.index('<ol class="os2-timeline">'):rolle.index("</ol>", rolle.index("os2-timeline"))]
    steps = [line.split("</time>: ", 1)[1].split(" (<a href=")[0] for line in history.split("\n")[1:] if line]
    assert steps == ["Governancerapport (selvevaluering) efter 2018-modellen, som ikke tæller med i niveauet",
                     "Governancerapport (selvevaluering), der dokumenterer niveau 3",
                     "Sekretariatets anbefaling: niveau 2",
                     "Sekretariatets vurdering af governancerapporten"]
    assert '<time datetime="2026-09-29">29. september 2026</time>: Sekretariatets anbefaling: niveau 2' in history
    borger = pages["produkter/os2borgerpc.md"]
    assert '<p id="mangler"><strong>Mangler for niveau 2:</strong> 4 krav, som rapporten hverken opfylder eller ' \
           "forklarer.</p>" in borger
    assert '<li><a href="svar/#s4">S4</a> Vision og strategi for produktet: besvaret, men hverken opfyldt eller ' \
           "forklaret</li>" in borger
    valghalla = pages["produkter/os2valghalla.md"]
    assert 'Forklaret i stedet for opfyldt (tæller med, men er ikke opfyldt): <a href="svar/#f16">F16</a>, ' \
           '<a href="svar/#f18">F18</a>.' in valghalla
    quiet = pages["produkter/os2mo.md"]
    assert "Kataloget kender ingen dateret beslutning, anbefaling eller governancerapport om OS2mos niveau." in quiet
    assert 'id="mangler"' not in quiet


def test_the_comparison_says_every_unknown_and_leaves_no_cell_blank() -> None:
    from os2catalogue.pages import COMPARE_COLUMNS, compare_row, product_view
    catalogue = load_catalogue(ROOT / "products", root=ROOT, today=BUILD_DATE)
    for product in catalogue.products:
        cells = compare_row(product, product_view(product, catalogue))
        assert list(cells) == [key for key, _ in COMPARE_COLUMNS]
        assert all(value.strip() for value in cells.values()), product.slug
    mo = compare_row(catalogue.product("os2mo"), product_view(catalogue.product("os2mo"), catalogue))
    assert mo["level"] == "Ikke vurderet: ingen offentlig kilde oplyser et niveau"
    assert mo["evidence"] == "Ingen governancerapport offentliggjort"
    assert mo["gap"] == "Ukendt (ingen governancerapport)" and mo["coordinator"] == "Ikke oplyst"
    borger = compare_row(catalogue.product("os2borgerpc"), product_view(catalogue.product("os2borgerpc"), catalogue))
    assert borger["gap"].startswith("Niveau 2: mangler F14, F16, F18, S4")
