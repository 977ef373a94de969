"""Import a governance report (OS2's v1.1.0 table format) into a product file's ``governance`` block.

The report has a header (template version, date filled in) and four tables with the columns
#, Krav, Produktniveau, Retningslinjer, Efterlevet?, Dokumentation. Answers are Ja / Nej / Planlagt /
Ikke relevant, or ✅ ❌ ➖ ❓; a blank answer means the requirement is not assessed.

Only the ``governance:`` block of the product file is written: every other line stays byte-for-byte
as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import decode
from os2catalogue.vocab import Vocabularies

_VERSION = re.compile(r"version[^\n\d]*?(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)
_DATE = re.compile(r"dato[^\n\d]*?(\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{4})", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_URL = re.compile(r"https?://[^\s<>\"'|]*[^\s<>\"'|.,;:)]")
_TAG = re.compile(r"<[^<>]+>")
_TOP_LEVEL_KEY = re.compile(r"^[^\s#]")


@dataclass
class ParsedReport:
    """What a governance report says, in the shape of a product's ``governance`` block."""

    template_version: str | None = None
    report_date: dt.date | None = None
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    blank: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _parse_date(text: str) -> dt.date | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        day, month, year = (int(part) for part in re.split(r"[./-]", text))
        return dt.date(year, month, day)
    except ValueError:
        return None


def documentation(cell: str) -> tuple[str | None, list[str]]:
    """Split a Dokumentation cell into plain explanation text and evidence URLs."""
    urls: list[str] = []

    def keep_text(match: re.Match[str]) -> str:
        urls.append(match.group(2))
        return match.group(1)

    text = _MD_LINK.sub(keep_text, cell)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text)
    urls.extend(_URL.findall(text))
    text = _URL.sub("", text)
    text = re.sub(r"\s+([.,;:])", r"\1", " ".join(text.split())).strip(" :")
    unique = list(dict.fromkeys(u for u in urls if u))
    return (text or None), unique


def parse_report(path: str, raw: bytes, vocabularies: Vocabularies) -> tuple[ParsedReport, list[Diagnostic]]:
    """Read a report; every unknown requirement number or answer is reported with the report's line."""
    text, problems = decode(path, raw)
    report = ParsedReport()
    if text is None:
        return report, problems
    lines = text.split("\n")
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), len(lines))
    header = "\n".join(lines[:first_table])
    if (version := _VERSION.search(header)) is not None:
        report.template_version = version.group(1)
    else:
        problems.append(Diagnostic(path, 1, "header", "no template version found (a line such as "
                                                      "'Version for anvendt governancerapport: 1.1.0')"))
    if (date := _DATE.search(header)) is not None and (parsed := _parse_date(date.group(1))) is not None:
        report.report_date = parsed
    else:
        problems.append(Diagnostic(path, 1, "header", "no date found (a line such as 'Dato for udfyldelse: 2026-06-11')"))

    answers = {answer.casefold(): status for status in vocabularies.statuses for answer in status.report_answers}
    spellings = [a for status in vocabularies.statuses for a in status.report_answers]
    ordered = [a for a in spellings if a[0].isalpha()] + [a for a in spellings if not a[0].isalpha()]
    allowed = ", ".join(ordered[:-1]) + " or " + ordered[-1]
    columns: dict[str, int] | None = None
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("|"):
            columns = None
            continue
        cells = _cells(line)
        lowered = [c.casefold() for c in cells]
        if "#" in lowered and any(c.startswith("efterlevet") for c in lowered):
            columns = {"id": lowered.index("#"),
                       "answer": next(i for i, c in enumerate(lowered) if c.startswith("efterlevet")),
                       "doc": next((i for i, c in enumerate(lowered) if c.startswith("dokumentation")), -1)}
            continue
        if columns is None or all(set(c) <= set("-: ") for c in cells):
            continue
        requirement_id = cells[columns["id"]].strip("* ").upper() if columns["id"] < len(cells) else ""
        if requirement_id not in vocabularies.requirements:
            retired = vocabularies.retired_requirements.get(requirement_id)
            merged = f" ({requirement_id} was merged into {retired})" if retired else ""
            problems.append(Diagnostic(path, number, "#", f"unknown requirement number '{requirement_id}'{merged}"))
            continue
        if requirement_id in seen:
            problems.append(Diagnostic(path, number, requirement_id, f"answered twice; first on line {seen[requirement_id]}"))
            continue
        seen[requirement_id] = number
        answer = cells[columns["answer"]] if columns["answer"] < len(cells) else ""
        doc = cells[columns["doc"]] if 0 <= columns["doc"] < len(cells) else ""
        if not answer.strip():
            report.blank.append(requirement_id)
            continue
        status = answers.get(answer.strip().casefold()) or next(
            (s for s in vocabularies.statuses if answer.strip().startswith(s.symbol)), None)
        if status is None:
            problems.append(Diagnostic(path, number, requirement_id,
                                       f"unknown answer '{answer.strip()}'; use {allowed}, or leave it blank"))
            continue
        explanation, evidence = documentation(doc)
        if status.needs_explanation and not explanation:
            problems.append(Diagnostic(path, number, requirement_id,
                                       f"'{answer.strip()}' needs an explanation in the Dokumentation column "
                                       "(comply or explain)"))
            continue
        entry: dict[str, Any] = {"status": status.value}
        if explanation:
            entry["explanation"] = explanation
        if evidence:
            entry["evidence"] = evidence
        report.answers[requirement_id] = entry
    if not seen:
        problems.append(Diagnostic(path, 1, "tables", "no requirement table found (columns #, Krav, Produktniveau, "
                                                      "Retningslinjer, Efterlevet?, Dokumentation)"))
    order = {rid: i for i, rid in enumerate(vocabularies.requirements.keys)}
    report.answers = dict(sorted(report.answers.items(), key=lambda item: order[item[0]]))
    return report, problems


def governance_block(report: ParsedReport, report_url: str) -> dict[str, Any]:
    """The ``governance`` mapping to write into the product file."""
    return {"template_version": report.template_version, "report_date": report.report_date,
            "report_url": report_url, "requirements": report.answers}


def replace_governance(raw: bytes, block: dict[str, Any]) -> bytes:
    """Return the product file with its ``governance:`` block replaced (or added before the closing '---').

    Every other line keeps its exact bytes, including a BOM and CRLF line endings.
    """
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "..."))
    dumped = yaml.safe_dump({"governance": block}, allow_unicode=True, sort_keys=False, width=100,
                            default_flow_style=False)
    new_lines = [line + newline for line in dumped.rstrip("\n").split("\n")]
    start = next((i for i in range(1, end) if re.match(r"^governance\s*:", lines[i])), None)
    if start is None:
        lines[end:end] = new_lines
    else:
        stop = next((i for i in range(start + 1, end) if _TOP_LEVEL_KEY.match(lines[i])), end)
        while stop > start + 1 and not lines[stop - 1].strip():
            stop -= 1  # blank lines before the next field stay where they are
        lines[start:stop] = new_lines
    return (b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8")
