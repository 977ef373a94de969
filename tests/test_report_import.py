"""Reading OS2's governance documents as they are published, and writing them into a product file.

Each fixture in tests/fixtures/reports/ is modelled on a published layout (our own words): the official
template, the self-evaluation generator's reports, the two editions of the 2018 checklist, and the
secretariat's assessments. Each test states the exact statuses the importer must find.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, Repo, run_cli, run_process

from os2catalogue import governance
from os2catalogue.loader import load_catalogue
from os2catalogue.report_import import ParsedDocument, cell_text, names_product, parse_report, replace_governance
from os2catalogue.vocab import load_vocabularies

REPORTS = FIXTURES / "reports"
P = "products/os2eksempel.md"
V = load_vocabularies()
ALL_JA = {r.id: "opfyldt" for r in V.current_model.requirements}


def parse(name: str, **flags: object) -> tuple[ParsedDocument, list[str]]:
    path = REPORTS / name
    parsed, errors = parse_report(f"r/{name}", path.read_bytes(), V, **flags)  # type: ignore[arg-type]
    return parsed, [str(e) for e in errors]


def statuses(parsed: ParsedDocument) -> dict[str, str]:
    return {rid: answer.status.value for rid, answer in parsed.answers.items()}


def warnings(parsed: ParsedDocument) -> list[str]:
    return [str(w) for w in parsed.warnings]


def test_every_fixture_is_tested() -> None:
    assert sorted(p.name for p in REPORTS.glob("*.md")) == [
        "evaluering_kombineret.md", "selvevaluering_alle_svar.md", "selvevaluering_kladde.md", "skabelon_alle_svar.md",
        "skabelon_tom.md", "tjekliste_2018_aeldste.md", "tjekliste_2018_senere.md", "vurdering_alle_lys.md"]


# The self-evaluation generator's report ------------------------------------------------------------------

def test_generator_report_with_every_answer_variant() -> None:
    parsed, errors = parse("selvevaluering_alle_svar.md")
    assert errors == []
    assert (parsed.format.id, parsed.model.id, parsed.date, parsed.date_from, parsed.template_version,  # type: ignore[union-attr]
            parsed.draft) == ("selvevaluering", "gaeldende", dt.date(2026, 6, 3), "header", "1.1.0", False)
    expected = {**ALL_JA, "R4": "delvist opfyldt", "F3": "planlagt", "F4": "i gang", "F5": "i gang", "F6": "i gang",
                "F12": "ikke opfyldt", "F13": "ikke opfyldt", "F14": "ikke opfyldt", "F15": "ikke relevant",
                "F16": "ikke relevant", "F17": "ved ikke", "F18": "uafklaret", "F19": "uafklaret",
                "F21": "ikke besvaret"}
    del expected["F20"]  # "[Udfyldes i selvevaluering]" with "[Ikke udfyldt]": not answered, nothing to keep
    assert statuses(parsed) == expected
    assert parsed.unanswered() == ["F20", "F21"]
    assert {rid: a.as_written for rid, a in parsed.answers.items() if a.as_written} == {
        "F4": "Afventer", "F5": "I gang / afventer", "F6": "Afventer - men i planen", "F19": "Måske"}
    quotes = {rid: a.quote for rid, a in parsed.answers.items()}
    # Placeholders are never quoted; the product's words are kept whole, with their links.
    assert quotes["F2"] is None and quotes["F13"] is None and quotes["F14"] is None and quotes["F16"] is None
    assert quotes["R1"] == "- Færre manuelle opslag\n- Se https://example.org/vaerdi og https://example.org/cases " \
                           "for detaljer."
    assert quotes["R2"] == "Ledelsen har godkendt deltagelsen, se [referatet](https://example.org/referat)."
    assert quotes["F1"] == "Koden ligger åbent; gren a | gren b er slået sammen."
    assert quotes["F10"] == "Omtalt på [nyhedssiden](https://example.org/nyhed)."
    assert quotes["F21"] == "Materialet er bestilt."
    shown = "r/selvevaluering_alle_svar.md"
    assert warnings(parsed) == [
        f"{shown}:35: warning: F8: 'F8' is not a requirement of den gældende model (it was merged into F7); row skipped",
        f"{shown}:45: warning: F19: unknown answer 'Måske'; imported as 'uafklaret'. The answers reports use are "
        "listed in src/os2catalogue/data/statuses.yml",
        f"{shown}:48: warning: F22: the row has 5 cells but the header has 6; it is read as Markdown shows it. "
        "Check for a missing or extra '|'",
        f"{shown}:54: warning: S1: the row has 7 cells but the header has 6; it is read as Markdown shows it; the "
        "extra cells ('Ja') are not shown, so not imported. Check for a missing or extra '|'",
        f"{shown}:78: warning: R1: answered again (first on line 19); this row is not imported",
    ]


def test_generator_draft_is_marked_and_never_counts() -> None:
    parsed, errors = parse("selvevaluering_kladde.md")
    assert errors == [] and parsed.draft and statuses(parsed) == ALL_JA
    assert warnings(parsed) == ["r/selvevaluering_kladde.md:1: warning: draft: the document is marked as a draft "
                                "('KLADDE'): it is shown as a draft and never counts"]


# The official template --------------------------------------------------------------------------------------

def test_template_with_every_mark_takes_its_date_from_its_log() -> None:
    parsed, errors = parse("skabelon_alle_svar.md")
    assert errors == []
    assert (parsed.format.id, parsed.date, parsed.date_from, parsed.template_version) == (  # type: ignore[union-attr]
        "skabelon", dt.date(2026, 2, 14), "log", None)
    expected = {**ALL_JA, "R2": "ikke opfyldt", "R3": "ikke relevant", "R4": "uafklaret", "F21": "ikke besvaret"}
    del expected["F22"]  # a blank mark and no text: not answered
    assert statuses(parsed) == expected
    assert parsed.answers["F1"].quote is None  # "✅️" with a variation selector is still ✅
    assert parsed.answers["F21"].quote == "Et oplæg til byrådet er under udarbejdelse."  # text, no mark: no answer
    assert parsed.answers["R1"].quote == "Løsningen sparer tid i sagsbehandlingen.\nSe [casen](https://example.org/case)."
    assert warnings(parsed) == ["r/skabelon_alle_svar.md:73: warning: date: no date in the header; the newest entry "
                                "of the document's log is used (2026-02-14)"]


def test_blank_template_needs_a_date_and_answers_nothing() -> None:
    parsed, errors = parse("skabelon_tom.md")
    assert errors == ["r/skabelon_tom.md:1: header: no date: the header has no 'Dato' line and there is no log "
                      "table with a 'Dato' column; give the date with --date YYYY-MM-DD (for an undated report, the "
                      "day it was last changed where it is published)"]
    parsed, errors = parse("skabelon_tom.md", date=dt.date(2025, 6, 11))
    assert errors == [] and parsed.date_from == "given" and parsed.answers == {} and len(parsed.unanswered()) == 43
    assert not any(names_product(t, "OS2eksempel", "os2eksempel") for t in parsed.titles)


# The 2018 checklist ---------------------------------------------------------------------------------------

def test_oldest_checklist_is_read_by_wording_not_number() -> None:
    parsed, errors = parse("tjekliste_2018_aeldste.md")
    assert errors == []
    assert (parsed.format.id, parsed.model.id, parsed.date, parsed.date_from) == (  # type: ignore[union-attr]
        "tjekliste-2018", "2018", dt.date(2023, 1, 26), "log")
    old = {r.id: "opfyldt" for r in parsed.model.requirements}  # type: ignore[union-attr]
    expected = {**old, "R5": "ikke opfyldt", "S5": "ikke opfyldt", "G11": "ikke opfyldt"}
    for rid in ("F22", "G9", "S4"):  # an unticked prompt or blank is no answer; this edition has no S4 (vision)
        del expected[rid]
    assert statuses(parsed) == expected
    # This edition numbers them F13 = strategic, F14 = presentation: the wording decides.
    assert parsed.answers["F14"].quote == "Se [oplægget](https://example.org/oplaeg)."
    assert parsed.answers["F13"].quote == "Video på produktsiden."
    assert parsed.answers["S5"].quote == "Afventer beskrivelse"
    assert parsed.answers["F4"].quote == "Se [her](https://example.org/sikkerhed) og her (Github.com/os2eksempel)"
    assert parsed.answers["F3"].quote == "ja"


def test_later_checklist_with_ticks_needs_a_date() -> None:
    parsed, errors = parse("tjekliste_2018_senere.md", date=dt.date(2022, 3, 28))
    assert errors == []
    old = {r.id: "opfyldt" for r in parsed.model.requirements}  # type: ignore[union-attr]
    expected = {**old, "S4": "ikke opfyldt"}
    for rid in ("F13", "F14", "F15"):  # "☐" with the template's "Hvor?": not answered
        del expected[rid]
    assert statuses(parsed) == expected
    assert parsed.answers["S4"].quote == "Visionen skrives i år."
    # A row with a '|' too few (the link went into the wording) or too many ('-' before the text): its last cell is
    # the level, so the row is read from both ends rather than showing the level as the product's text.
    assert parsed.answers["F9"].quote is None
    assert parsed.answers["F22"].quote == "Se [vejledningen](https://example.org/vejledning)."
    shown = "r/tjekliste_2018_senere.md"
    assert [w for w in warnings(parsed) if "cells" in w] == [
        f"{shown}:27: warning: F9: the row has 4 cells but the header has 5; its last cell is the requirement's "
        "level, so the cells between the wording and the level are read as the text. Check for a missing or extra '|'",
        f"{shown}:40: warning: F22: the row has 6 cells but the header has 5; its last cell is the requirement's "
        "level, so the cells between the wording and the level are read as the text. Check for a missing or extra '|'"]


# The secretariat's assessments --------------------------------------------------------------------------

def test_assessment_with_every_light() -> None:
    parsed, errors = parse("vurdering_alle_lys.md")
    assert errors == []
    assert (parsed.format.id, parsed.is_assessment, parsed.date, parsed.template_version) == (  # type: ignore[union-attr]
        "vurdering", True, dt.date(2025, 11, 16), "0.9")
    ratings = {rid: r.rating.value for rid, r in parsed.ratings.items()}
    expected = {rid: "grøn" for rid in V.current_model.ids}
    expected.update({"R2": "gul", "R3": "rød", "R4": "grå", "F1": "gul"})
    del expected["F2"], expected["F3"]  # an unknown light is reported; the template's prompt is no light
    assert ratings == expected
    assert parsed.answers == {}
    assert parsed.ratings["R3"].quote == "Sekretariatets begrundelse for R3."
    assert warnings(parsed) == ["r/vurdering_alle_lys.md:32: warning: F2: unknown rating '🟣'; use grøn, gul, rød, "
                                "grå; row not imported"]


def test_combined_evaluation_keeps_the_products_answers_out() -> None:
    parsed, errors = parse("evaluering_kombineret.md")
    assert errors == [] and parsed.is_assessment and parsed.answers == {}
    assert {rid for rid, r in parsed.ratings.items() if r.rating.value == "gul"} == {"F4", "G6"}
    assert parsed.ratings["F4"].advice == "Dokumentér praksis offentligt."
    assert parsed.ratings["R1"].advice is None
    assert parsed.ratings["R1"].quote == "Efterlevet ifølge https://example.org/r1."  # <https://…> autolink


def test_no_table_and_a_bad_date_are_errors() -> None:
    parsed, errors = parse_report("r.md", "# Rapport\n\n> **Dato for udfyldelse:** 2026-13-45\n".encode(), V)
    assert [str(e) for e in errors] == [
        "r.md:3: header: '2026-13-45' is not a real date",
        "r.md:1: tables: no requirement table found: no table has the columns of a known format (Sekretariatets "
        "vurdering: '#', 'Vurdering'; Selvevalueringens governancerapport (rapportgeneratoren): '#', 'Efterlevet?'; "
        "OS2's skabelon for governancerapporten: '#', '🔽', 'Beskrivelse / Dokumentation'; Den ældre tjekliste "
        "(2018-modellen): '#', '', 'Henvisning')",
    ]


def test_a_date_flag_never_overrides_the_documents_own_date() -> None:
    _, errors = parse("selvevaluering_alle_svar.md", date=dt.date(2026, 1, 1))
    assert errors == ["r/selvevaluering_alle_svar.md:11: header: the document is dated 2026-06-03; --date is only "
                      "for documents that state no date"]


# Text as the author wrote it -----------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "text"), [
    ("Se https://example.org/a og https://example.org/b for detaljer.",
     "Se https://example.org/a og https://example.org/b for detaljer."),
    ("Linje et<br/>Linje to<br><br />Afsnit", "Linje et\nLinje to\n\nAfsnit"),
    ("a \\| b", "a | b"),
    ('Se <a href="https://example.org/x?a=1&amp;b=2">siden</a></p>', "Se [siden](https://example.org/x?a=1&b=2)"),
    ("Kilde: <https://example.org/k>", "Kilde: https://example.org/k"),
    ("1.\tFørst  og\u00a0så", "1. Først og så"),
    ("Q&amp;A &lt;3", "Q&A <3"),
])
def test_cell_text_keeps_sentences_and_links_whole(cell: str, text: str) -> None:
    assert cell_text(cell) == text


# The command: safe writing -------------------------------------------------------------------------------

def run_import(repo: Repo, report: Path | str, *extra: str, product: str = "os2eksempel",
               url: str = "https://example.org/rapport") -> subprocess.CompletedProcess[str]:
    """The import command as a member runs it in the repository (in this process; see ``run_cli``)."""
    path = report if isinstance(report, Path) else REPORTS / report
    return run_cli("import-governance", str(path), "--product", product, "--url", url, "--today", "2026-11-24",
                   *extra, cwd=repo.root)


def outside_governance(raw: bytes) -> list[bytes]:
    """The file's lines outside the governance block, as raw bytes."""
    kept, inside = [], False
    for line in raw.splitlines(keepends=True):
        if line.startswith(b"governance:"):
            inside = True
            continue
        if inside and (line[:1] not in (b" ", b"-") or line.strip() == b"---"):
            inside = False
        if not inside:
            kept.append(line)
    return kept


def test_import_writes_the_report_and_nothing_else(repo: Repo, minimal_text: str) -> None:
    before = b"\xef\xbb\xbf" + minimal_text.replace("\n", "\r\n").encode("utf-8")
    path = repo.add("os2eksempel.md", before)
    result = run_process("import-governance", str(REPORTS / "selvevaluering_alle_svar.md"), "--product",
                         "os2eksempel", "--url", "https://example.org/rapport", "--today", "2026-11-24", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    shown = str(REPORTS / "selvevaluering_alle_svar.md")
    assert result.stdout.splitlines() == [
        f"{shown}: Selvevalueringens governancerapport (rapportgeneratoren); den gældende model; dated 2026-06-03 "
        "(fra dokumentets dokumentinformation)",
        f"{shown}: 41 of 43 requirements answered (28 opfyldt, 1 delvist opfyldt, 3 i gang, 1 planlagt, "
        "3 ikke opfyldt, 2 ikke relevant, 1 ved ikke, 2 uafklaret)",
        f"{shown}: not answered: F20, F21",
        f"{P}: governance.reports[0] written.",
    ]
    assert f"{shown}:45: warning: F19: unknown answer 'Måske'" in result.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert outside_governance(before[3:]) == outside_governance(after[3:])
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    current = product.governance.current_report  # type: ignore[union-attr]
    assert current is not None and current.url == "https://example.org/rapport"
    assert governance.report_level(current, V) is None  # F4 "Afventer" with no explanation is a sandkasse gap


def test_dry_run_shows_the_change_and_writes_nothing(repo: Repo, minimal_text: str) -> None:
    path = repo.add("os2eksempel.md", minimal_text)
    result = run_import(repo, "skabelon_alle_svar.md", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == minimal_text
    assert f"--- {P} (now)" in result.stdout and f"+++ {P} (after import)" in result.stdout
    assert "+governance:" in result.stdout and "+    date_from: log" in result.stdout
    assert result.stdout.rstrip().endswith(f"{P}: governance.reports[0] would be written (dry run: nothing written).")


def test_reimport_replaces_the_entry_with_the_same_address(repo: Repo, minimal_text: str) -> None:
    path = repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    first = path.read_bytes()
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    assert path.read_bytes() == first
    assert first.count(b"governance:") == 1 and first.index(b"governance:") < first.index(b"---\nEn kort")


def test_fewer_answers_than_the_entry_replaced_needs_a_flag(repo: Repo, minimal_text: str, tmp_path: Path) -> None:
    path = repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    one_table = REPORTS.joinpath("selvevaluering_kladde.md").read_text(encoding="utf-8")
    one_table = one_table.replace("[KLADDE] ", "").split("## FORMKRAV")[0]
    smaller = tmp_path / "rapport.md"
    smaller.write_text(one_table, encoding="utf-8")
    before = path.read_bytes()
    result = run_import(repo, smaller, url="https://example.org/ny")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"{P}: governance.reports: the document answers fewer requirements than the entry it replaces "
        "(https://example.org/rapport, 2026-02-14); these would no longer be answered: F1, F2, F3, F4, F5,")
    assert result.stderr.rstrip().endswith("G13, G14. Use --allow-fewer if that is right.")
    assert path.read_bytes() == before
    allowed = run_import(repo, smaller, "--allow-fewer", url="https://example.org/ny")
    assert allowed.returncode == 0, allowed.stderr
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    assert [r.url for r in product.governance.reports] == ["https://example.org/ny",  # type: ignore[union-attr]
                                                           "https://example.org/rapport"]


def test_a_report_for_another_product_is_refused_unless_forced(repo: Repo, minimal_text: str) -> None:
    path = repo.add("os2andet.md", minimal_text.replace("OS2eksempel", "OS2andet"))
    before = path.read_bytes()
    result = run_import(repo, "selvevaluering_kladde.md", product="os2andet")
    assert result.returncode == 1
    shown = str(REPORTS / "selvevaluering_kladde.md")
    assert result.stderr.splitlines()[-2:] == [
        f"{shown}:1: title: the document's title ('[KLADDE] Governancerapport for OS2eksempel') does not name "
        "OS2andet; check the product, or use --force",
        "1 error in 1 file.",
    ]
    assert path.read_bytes() == before
    assert run_import(repo, "selvevaluering_kladde.md", "--force", product="os2andet").returncode == 0


def test_an_undated_report_needs_the_date_flag(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    result = run_import(repo, "tjekliste_2018_senere.md")
    assert result.returncode == 1 and "--date YYYY-MM-DD" in result.stderr
    dated = run_import(repo, "tjekliste_2018_senere.md", "--date", "2022-03-28")
    assert dated.returncode == 0, dated.stderr
    assert "dated 2022-03-28 (oplyst ved indlæsningen, fordi dokumentet ikke er dateret)" in dated.stdout
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    document = product.governance.reports[0]  # type: ignore[union-attr]
    assert (document.date_from.id, document.model.id, product.governance.current_report) == (  # type: ignore[union-attr]
        "given", "2018", None)


def test_an_assessment_goes_beside_the_reports_never_into_them(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    result = run_import(repo, "evaluering_kombineret.md", url="https://example.org/vurdering")
    assert result.returncode == 0, result.stderr
    assert f"{P}: governance.assessments[0] written." in result.stdout
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    block = product.governance
    assert block is not None and len(block.reports) == 1 and len(block.assessments) == 1
    assert block.current_report.answer("R2").status.value == "ikke opfyldt"  # type: ignore[union-attr]
    assert block.current_assessment.rating("F4").rating.value == "gul"  # type: ignore[union-attr]


def test_missing_files(repo: Repo) -> None:
    result = run_import(repo, "skabelon_alle_svar.md")
    assert (result.returncode, result.stderr) == (2, "products/os2eksempel.md: no such product file\n")


def test_replace_governance_adds_before_closing_line() -> None:
    raw = b"---\nname: OS2x\n---\nbody\n"
    out = replace_governance(raw, {"reports": [{"url": "https://example.org/r", "quote": "a\nb"}]})
    assert out == (b"---\nname: OS2x\ngovernance:\n  reports:\n  - url: https://example.org/r\n    quote: |-\n"
                   b"      a\n      b\n---\nbody\n")


def test_a_template_version_is_taken_from_the_header_or_given_never_overridden() -> None:
    parsed, errors = parse("tjekliste_2018_senere.md", date=dt.date(2022, 3, 28), template_version="2018")
    assert errors == [] and parsed.template_version == "2018"
    parsed, errors = parse("tjekliste_2018_senere.md", date=dt.date(2022, 3, 28))
    assert errors == [] and parsed.template_version is None  # none stated, none guessed
    _, errors = parse("selvevaluering_alle_svar.md", template_version="2.0")
    assert errors == ["r/selvevaluering_alle_svar.md:10: header: the document states template version 1.1.0; "
                      "--template-version is only for documents that state none"]


# Odd and hostile documents ---------------------------------------------------------------------------------

HEADER = "# Governancerapport for OS2eksempel\n\n> **Dato for udfyldelse:** 2026-06-03\n\n"
TABLE = "| # | Krav | Efterlevet? | Dokumentation |\n| --- | --- | --- | --- |\n"


def read(text: str, **flags: object) -> tuple[ParsedDocument, list[str]]:
    parsed, errors = parse_report("r.md", text.encode("utf-8"), V, **flags)  # type: ignore[arg-type]
    return parsed, [str(e) for e in errors]


def test_tables_markdown_does_not_show_are_not_read() -> None:
    hidden = ("<!--\n" + TABLE + "| R1 | Lokal værdi | Ja | Skjult. |\n-->\n\n```\n" + TABLE +
              "| R2 | Accept | Ja | I kode. |\n```\n\n" + TABLE + "| R1 | Lokal værdi | Nej | Synlig. |\n"
              "| R2 | Accept | Nej | Synlig. |\n\n| # | Efterlevet? | Dokumentation |\n| R3 | Ja | Ingen separator |\n")
    parsed, errors = read(HEADER + hidden)
    assert errors == [] and statuses(parsed) == {"R1": "ikke opfyldt", "R2": "ikke opfyldt"}


@pytest.mark.parametrize("header", ["| # | Krav | Efterlevet ? | Dokumentation |",
                                    "| \\# | **Krav** | efterlevet?&nbsp; | _Dokumentation_ |"])
def test_header_spacing_case_and_entities_are_ignored(header: str) -> None:
    parsed, errors = read(HEADER + header + "\n| --- | --- | --- | --- |\n| R1 | Lokal værdi | Ja | Se her. |\n")
    assert errors == [] and statuses(parsed) == {"R1": "opfyldt"}


def test_placeholder_answers_are_not_answers() -> None:
    rows = "".join(f"| {rid} | x | {answer} | Forklaring med nok ord. |\n"
                   for rid, answer in (("R1", "[Ikke udfyldt]"), ("R2", "-"), ("R3", "N/A"), ("R4", "Ja")))
    parsed, errors = read(HEADER + TABLE + rows)
    assert errors == [] and statuses(parsed) == {"R1": "ikke besvaret", "R2": "ikke besvaret",
                                                 "R3": "ikke besvaret", "R4": "opfyldt"}
    assert parsed.answered == ["R4"] and parsed.warnings == []


def test_cells_keep_the_authors_angle_brackets() -> None:
    parsed, errors = read(HEADER + TABLE + "| R1 | x | Nej | Vi bruger &lt;tenant&gt; og <b og c> i koden; "
                                           "<s>gammel</s> <del>Ja</del> |\n")
    assert errors == []
    assert parsed.answers["R1"].quote == "Vi bruger <tenant> og <b og c> i koden; <s>gammel</s> <del>Ja</del>"


@pytest.mark.parametrize(("text", "expected"), [
    ('---\n"title": OS2eksempel KLADDE\n---\n', True),
    ("---\nTitle: OS2eksempel: KLADDE\n---\n", True),
    ("---\n{title: OS2eksempel}\n---\n", False),
    ("", False),
])
def test_front_matter_never_crashes_and_marks_drafts(text: str, expected: bool) -> None:
    parsed, errors = read(text + HEADER + TABLE + "| R1 | x | Ja | y |\n")
    assert errors == [] and parsed.draft is expected


def test_a_draft_marker_after_the_tables_counts() -> None:
    parsed, errors = read(HEADER + TABLE + "| R1 | x | Ja | y |\n\n**Status:** Kladde, ikke godkendt\n")
    assert errors == [] and parsed.draft
    assert [str(w) for w in parsed.warnings] == ["r.md:9: warning: draft: the document is marked as a draft "
                                                 "('KLADDE'): it is shown as a draft and never counts"]


def test_only_top_level_titles_name_the_product() -> None:
    parsed, _ = read("# Governancerapport for OS2andet\n\n## Integration med OS2eksempel\n\n" + TABLE +
                     "| R1 | x | Ja | y |\n", date=dt.date(2026, 1, 1))
    assert parsed.titles == ["Governancerapport for OS2andet"]
    assert not any(names_product(t, "OS2eksempel", "os2eksempel") for t in parsed.titles)


@pytest.mark.parametrize(("line", "date", "error"), [
    ("> **Dato for udfyldelse:** 3. juni 2026", dt.date(2026, 6, 3), None),
    ("> **Dato for release:** [05-09-2025]", dt.date(2025, 9, 5), None),
    ("> **Dato for udfyldelse:** 2026-06-031", None,
     "r.md:1: header: the line '> **Dato for udfyldelse:** 2026-06-031' gives no date; write it as 2026-06-23, "
     "23-06-2026 or 23. juni 2026"),
    ("> **Dato for udfyldelse:** 31-02-2026", None, "r.md:1: header: '31-02-2026' is not a real date"),
])
def test_dates_in_the_header(line: str, date: dt.date | None, error: str | None) -> None:
    parsed, errors = read(line + "\n\n" + TABLE + "| R1 | x | Ja | y |\n")
    assert parsed.date == date and errors == ([error] if error else [])


def test_a_bad_log_date_is_reported_not_skipped() -> None:
    log = "\n| Dato | Handling |\n| --- | --- |\n| 2023-01-26 | Oprettet |\n| 31-02-2024 | Rettet |\n"
    parsed, errors = read("# OS2eksempel\n\n" + TABLE + "| R1 | x | Ja | y |\n" + log)
    assert errors == [] and parsed.date == dt.date(2023, 1, 26)
    assert "r.md:10: warning: log: '31-02-2024' is not a real date; this log entry is not used" in warnings(parsed)


def test_a_checklist_row_read_by_its_closest_wording_is_reported() -> None:
    text = ("# OS2eksempel\n\n|  | # | Krav | Henvisning | Niveau |\n| --- | --- | --- | --- | --- |\n"
            "| [x] | F1 | Kildekoden deles ikke | her | 0 |\n")
    parsed, _ = read(text, date=dt.date(2022, 1, 1))
    assert statuses(parsed) == {"F1": "opfyldt"}
    assert warnings(parsed) == ["r.md:5: warning: F1: 'Kildekoden deles ikke' is read as F1 'Kildekoden deles', the "
                                "closest wording; check that it is the same requirement"]


def test_an_oversized_document_is_refused() -> None:
    parsed, errors = parse_report("r.md", b"x" * 5_000_001, V)
    assert [str(e) for e in errors] == ["r.md:1: file: 5,000,001 bytes; a governance document is at most 5,000,000 bytes"]


def test_an_invalid_product_file_is_fixed_before_anything_is_imported(repo: Repo, minimal_text: str) -> None:
    path = repo.add("os2eksempel.md", minimal_text.replace("last_reviewed:", "governance:\n- url: x\nlast_reviewed:"))
    before = path.read_bytes()
    result = run_import(repo, "skabelon_alle_svar.md")
    assert result.returncode == 1 and path.read_bytes() == before
    lines = result.stderr.splitlines()
    assert lines[lines.index(f"{P} has problems; fix them before importing:") + 1] == \
        f"{P}:7: governance: expected fields (name: value) indented below 'governance', got a list"


def test_a_comment_after_the_block_is_kept(repo: Repo, minimal_text: str) -> None:
    text = minimal_text.replace("last_reviewed:", "# Gennemgået af sekretariatet\nlast_reviewed:")
    path = repo.add("os2eksempel.md", text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    after = path.read_text(encoding="utf-8")
    assert after.count("# Gennemgået af sekretariatet\nlast_reviewed:") == 1


def test_the_same_address_read_as_another_kind_replaces_the_old_entry(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md", url="https://example.org/x").returncode == 0
    assert run_import(repo, "evaluering_kombineret.md", url="https://example.org/x").returncode == 0
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    assert (len(product.governance.reports), len(product.governance.assessments)) == (0, 1)  # type: ignore[union-attr]


def test_fewer_answers_are_caught_whatever_the_date_is_written_like(repo: Repo, minimal_text: str,
                                                                     tmp_path: Path) -> None:
    path = repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-02-14", "date: '2026-02-14'"), encoding="utf-8")
    smaller = tmp_path / "r.md"
    smaller.write_text(HEADER + TABLE + "| R1 | x | Ja | y |\n", encoding="utf-8")
    result = run_import(repo, smaller, url="https://example.org/ny")
    assert result.returncode == 1 and "Use --allow-fewer if that is right." in result.stderr


def test_a_document_with_thousands_of_rows_is_refused() -> None:
    rows = "".join(f"| R{i % 4 + 1} | x | Ja | y |\n" for i in range(2001))
    _, errors = read(HEADER + TABLE + rows)
    assert errors == ["r.md:5: tables: 2001 table rows; a governance document has about 50 and at most 2000 are read"]


def test_an_evaluation_is_linked_to_the_report_it_names(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    assert run_import(repo, "skabelon_alle_svar.md").returncode == 0  # https://example.org/rapport
    result = run_import(repo, "evaluering_kombineret.md", url="https://example.org/vurdering")
    assert result.returncode == 0, result.stderr
    product = load_catalogue(repo.products, root=repo.root, today=dt.date(2026, 11, 24)).products[0]
    assert product.governance.assessments[0].report == "https://example.org/rapport"  # type: ignore[union-attr]


def test_an_evaluation_naming_a_report_not_yet_imported_says_so(repo: Repo, minimal_text: str) -> None:
    repo.add("os2eksempel.md", minimal_text)
    result = run_import(repo, "evaluering_kombineret.md", url="https://example.org/vurdering")
    assert result.returncode == 0
    assert ("warning: the assessment names the report '../selvevalueringer/rapport', which the product file does "
            "not hold; import that report first to link the two") in result.stderr
