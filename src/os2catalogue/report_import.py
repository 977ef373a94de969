"""Read OS2's governance documents as they are published, and write them into a product file.

Four layouts circulate (declared in ``data/report_formats.yml``): the official template, the 2026
self-evaluation generator's reports, the older checklist of the 2018 model, and the secretariat's
assessments. A table is recognised by its header row and every column is found by its header text, never
by position. The words and marks a report uses are mapped to statuses by ``data/statuses.yml``; a word it
does not know becomes "uafklaret" with a warning naming the line, so one odd cell never rejects a report.
Placeholders (blank cells, template prompts, the generator's fill-ins) are "not answered" and are never
quoted. The product's own text is kept whole, with its links as Markdown links.

Only the ``governance:`` block of a product file is written; every other line keeps its exact bytes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html
import html.parser
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import as_date, decode
from os2catalogue.model import (
    GovernanceModel,
    ReportFormat,
    Requirement,
    RequirementAnswer,
    RequirementRating,
    Status,
)
from os2catalogue.vocab import Vocabularies, spelling_key

_VERSION = re.compile(r"version[^\d\n]{0,60}?(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)
_DATE_LINE = re.compile(r"\bdato\b", re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\.? ?(?:"
                   r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december),? \d{4})"
                   r"(?!\d)", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_SEPARATOR_CELL = re.compile(r"^:?-{1,}:?$")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
#: An evaluation's header line naming the self-evaluation it built on: "Seneste selvevaluering: [Se …](…)".
_ASSESSED = re.compile(r"(?:selvevaluering|governancerap)[^\n]*?\]\(\s*([^)\s]+)\s*\)", re.IGNORECASE)
_DANISH_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                  "november", "december")
_ID = re.compile(r"^[A-Z]\d{1,2}$")
#: Tags a report's cells use for layout; their text is kept, the tags are not.
_LAYOUT_TAGS = {"p", "div", "span", "ul", "ol", "li", "b", "strong", "i", "em", "u", "small", "sup", "sub", "code",
                "font", "center"}
#: How close a checklist row's wording must be to a declared wording to be taken as that requirement.
_WORDING_CUTOFF = 0.8
#: The longest quote kept and the longest answer word recorded as written (the schema's limits).
_QUOTE_MAX = 20000
#: Published reports are 10–120 kB with about 50 table rows; anything far larger is not one.
_REPORT_MAX_BYTES = 5_000_000
_REPORT_MAX_ROWS = 2000
_AS_WRITTEN_MAX = 200


@dataclass
class ParsedDocument:
    """What a governance document says, before it is written into a product file."""

    path: str
    format: ReportFormat | None = None
    title: str | None = None
    #: Every heading before the first table (and the front matter's title): where a document names its product.
    titles: list[str] = field(default_factory=list)
    template_version: str | None = None
    date: dt.date | None = None
    date_from: str | None = None
    draft: bool = False
    #: For an assessment: the link its header gives to the report it evaluated, if any.
    assesses: str | None = None
    answers: dict[str, RequirementAnswer] = field(default_factory=dict)
    ratings: dict[str, RequirementRating] = field(default_factory=dict)
    #: The report line each requirement was read from.
    lines: dict[str, int] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def is_assessment(self) -> bool:
        """True for the secretariat's assessment, False for a product's own report."""
        return self.format is not None and self.format.is_assessment

    @property
    def model(self) -> GovernanceModel | None:
        """The governance model the document answers."""
        return self.format.model if self.format else None

    @property
    def answered(self) -> list[str]:
        """The requirement ids the document answers (rates), in the model's order."""
        if self.is_assessment:
            return list(self.ratings)
        return [rid for rid, answer in self.answers.items() if answer.status.answered]

    def unanswered(self) -> list[str]:
        """The model's requirement ids the document does not answer."""
        answered = set(self.answered)
        return [rid for rid in (self.model.ids if self.model else ()) if rid not in answered]


# Cells ------------------------------------------------------------------------------------------------------

class _CellText(html.parser.HTMLParser):
    """A table cell's HTML made into text: <br> and block tags become line breaks, <a> a Markdown link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))
        elif tag in ("p", "div", "li", "ul", "ol") and not attrs:
            self.parts.append("\n")
        elif tag not in _LAYOUT_TAGS or any(name not in ("class", "style") for name, _ in attrs):
            # Not layout: "<tenant>" or "<b og c>" is the author's text, kept as written (quotes are shown escaped).
            self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            del self.parts[start:]
            if href and re.match(r"https?://", href.strip()):
                self.parts.append(f"[{text or href.strip()}]({href.strip()})")
            elif href:
                self.parts.append(f"{text} ({href.strip()})" if text else href.strip())
            else:
                self.parts.append(text)
        elif tag not in _LAYOUT_TAGS and tag not in ("br", "a", "p", "div", "li", "ul", "ol"):
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def cell_text(cell: str) -> str:
    """A cell as the author wrote it, in plain text with Markdown links: line breaks kept, layout HTML removed.

    Whitespace is normalised within each line exactly as validation normalises a quote, so what is written
    into the product file is what the product file holds.
    """
    text = _AUTOLINK.sub(r"\1", cell.replace("\\|", "|"))
    parser = _CellText()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _shorten(text: str, limit: int = 80) -> str:
    """Text for a message: one line, at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _mark(cell: str) -> str:
    """An answer cell without layout HTML: ``<ul><li> [x] </li>`` → ``[x]``."""
    return " ".join(cell_text(cell).split())


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _header_key(cell: str) -> str:
    """How a header cell is compared: ``\\#`` is '#'; entities decoded; emphasis, spacing and case ignored."""
    return "".join(spelling_key(html.unescape(cell).replace("\\#", "#").replace("*", "").replace("_", " ")).split())


def _normalised_wording(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [OS2's strategi](https://…) → OS2's strategi
    text = re.sub(r"\((?:anbefaling|indsæt[^)]*|eksempel)\)|\(\s*\)", " ", text, flags=re.IGNORECASE)
    text = text.replace("´", "'").replace("`", "'").replace("’", "'").replace("0S2", "OS2")
    text = re.sub(r"[^\w' ]|_", " ", text.casefold())
    return " ".join(text.split())


def _parse_date(text: str) -> dt.date | None:
    """``2026-06-23``, ``23-06-2026``, ``23.06.2026`` or ``23. juni 2026`` as a date; None when not a real date."""
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return dt.date(*(int(part) for part in text.split("-")))
        if (named := re.fullmatch(r"(\d{1,2})\.? ?([a-zæøå]+),? (\d{4})", text.casefold())) is not None:
            return dt.date(int(named.group(3)), _DANISH_MONTHS.index(named.group(2)) + 1, int(named.group(1)))
        day, month, year = (int(part) for part in re.split(r"[./-]", text))
        return dt.date(year, month, day)
    except ValueError:
        return None


# Tables -----------------------------------------------------------------------------------------------------

@dataclass
class _Table:
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]


def hidden_lines(lines: list[str]) -> set[int]:
    """The (0-based) lines Markdown does not show as text: inside code fences and HTML comments."""
    hidden: set[int] = set()
    fence: str | None = None
    in_comment = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence is None and not in_comment and (match := _FENCE.match(stripped)):
            fence = match.group(1)[0] * 3
            hidden.add(index)
            continue
        if fence is not None:
            hidden.add(index)
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if in_comment or "<!--" in line:
            hidden.add(index)
            # The comment ends after its last opening on the line, or later.
            start = line.rfind("<!--") if "<!--" in line else 0
            in_comment = "-->" not in line[start:]
    return hidden


def _tables(lines: list[str], hidden: set[int]) -> list[_Table]:
    """Markdown tables: a header row, then a separator row (``| --- |``), then rows; hidden lines skipped."""
    tables: list[_Table] = []
    current: _Table | None = None
    pending: tuple[int, list[str]] | None = None  # a row that is a table's header only if a separator follows
    for index, line in enumerate(lines):
        number = index + 1
        if index in hidden or not line.lstrip().startswith("|"):
            current, pending = None, None
            continue
        cells = _cells(line)
        if current is not None:
            current.rows.append((number, cells))
        elif pending is not None and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells if c) and \
                any(cells):
            current = _Table(pending[0], pending[1], [])
            tables.append(current)
            pending = None
        else:
            pending = (number, cells)
    return tables


def _recognise(table: _Table, vocabularies: Vocabularies) -> tuple[ReportFormat, dict[str, int]] | None:
    keys = [_header_key(cell) for cell in table.header]
    for report_format in vocabularies.report_formats:
        columns: dict[str, int] = {}
        for role, headers in report_format.columns:
            wanted = {_header_key(h) for h in headers}
            index = next((i for i, key in enumerate(keys) if key in wanted and i not in columns.values()), None)
            if index is not None:
                columns[role] = index
        if all(role in columns for role in report_format.recognise):
            return report_format, columns
    return None


# Requirements -----------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _wordings(model: GovernanceModel) -> tuple[tuple[str, Requirement], ...]:
    return tuple((_normalised_wording(w), r) for r in model.requirements for w in (r.title, *r.wordings))


def _by_wording(model: GovernanceModel, title: str) -> tuple[Requirement | None, bool]:
    """The requirement of ``model`` whose declared wording the row's wording is (the 2018 checklists differ), and
    whether the match is exact (the wording, possibly followed by a link) rather than only close."""
    wanted = _normalised_wording(title)
    if not wanted:
        return None, False
    # A link after the wording ("… er dokumenteret [Dokumentation](…)") is a reference, not part of the wording.
    bare = _normalised_wording(re.sub(r"\[[^\]]*\]\([^)]*\)\s*$", "", title))
    known = _wordings(model)
    exact = next((r for candidate, r in known if candidate in (wanted, bare)), None)
    if exact is not None:
        return exact, True
    best: tuple[float, Requirement] | None = None
    for candidate, requirement in known:
        matcher = difflib.SequenceMatcher(None, candidate, wanted)
        if matcher.real_quick_ratio() < _WORDING_CUTOFF or matcher.quick_ratio() < _WORDING_CUTOFF:
            continue
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, requirement)
    return (best[1], False) if best is not None and best[0] >= _WORDING_CUTOFF else (None, False)


# The document -----------------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, path: str, text: str, vocabularies: Vocabularies) -> None:
        self.path = path
        self.vocabularies = vocabularies
        self.lines = text.split("\n")
        self.parsed = ParsedDocument(path)
        self.errors: list[Diagnostic] = []

    def warn(self, line: int, field: str, message: str) -> None:
        self.parsed.warnings.append(Diagnostic(self.path, line, field, message, warning=True))

    def error(self, line: int, field: str, message: str) -> None:
        self.errors.append(Diagnostic(self.path, line, field, message))

    def read(self, date: dt.date | None, template_version: str | None) -> None:
        body_start = self.front_matter()
        hidden = hidden_lines(self.lines)
        tables = _tables(self.lines, hidden)
        in_tables = {table.header_line + offset for table in tables for offset in range(len(table.rows) + 2)}
        first_table = next((t.header_line for t in tables), len(self.lines) + 1)
        header = [(n, line) for n, line in enumerate(self.lines[body_start:first_table - 1], start=body_start + 1)
                  if n - 1 not in hidden]
        self.titles(header)
        # A draft may say so anywhere outside its tables ("Status: KLADDE" at the end).
        for number, line in enumerate(self.lines[body_start:], start=body_start + 1):
            if number - 1 not in hidden and number not in in_tables:
                self.draft_marker(line, number)
        self.version(header, template_version)
        self.date(header, tables, date)
        self.requirements(tables)
        for _, line in header:
            if (link := _ASSESSED.search(line)) is not None:
                self.parsed.assesses = link.group(1)
                break

    def front_matter(self) -> int:
        """Read a Jekyll front matter's title (even where its YAML is broken); returns the first line after it."""
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        end = next((i for i in range(1, len(self.lines)) if self.lines[i].strip() in ("---", "...")), None)
        if end is None:
            return 0
        for number in range(2, end + 1):
            line = self.lines[number - 1]
            self.draft_marker(line, number)
            if (match := re.match(r"""^\s*["']?title["']?\s*:\s*(.*?)\s*$""", line, re.IGNORECASE)) and match.group(1):
                title = match.group(1).strip("'\"")
                self.parsed.titles.append(title)
                self.parsed.title = self.parsed.title or title
        return end + 1

    def draft_marker(self, text: str, line: int) -> None:
        for marker in self.vocabularies.draft_markers:
            if re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", text, re.IGNORECASE) and not self.parsed.draft:
                self.parsed.draft = True
                self.warn(line, "draft", f"the document is marked as a draft ('{marker}'): it is shown as a draft "
                                         "and never counts")

    def titles(self, header: list[tuple[int, str]]) -> None:
        """The document's titles: its front matter title and its top-level headings (``# …``) before the tables;
        with neither, its first heading or line. These are where a report names its product."""
        headings = [(len(m.group(0)) - len(m.group(0).lstrip("#")), m.group(1).replace("*", ""))
                    for _, line in header if (m := _HEADING.match(line.strip()))]
        top = [text for depth, text in headings if depth == 1]
        found = top or [text for _, text in headings[:1]] or \
            [line.strip().strip("*") for _, line in header if line.strip()][:1]
        self.parsed.titles.extend(found)
        self.parsed.title = self.parsed.title or next(iter(found), None)

    def version(self, header: list[tuple[int, str]], given: str | None) -> None:
        found = next(((n, m.group(1)) for n, line in header if (m := _VERSION.search(line))), None)
        if found and given and found[1] != given:
            self.error(found[0], "header", f"the document states template version {found[1]}; "
                                           "--template-version is only for documents that state none")
        self.parsed.template_version = found[1] if found else given

    def date(self, header: list[tuple[int, str]], tables: list[_Table], given: dt.date | None) -> None:
        for number, line in header:
            if _DATE_LINE.search(line) and not _DATE.search(line) and ":" in line and not given:
                self.error(number, "header", f"the line '{line.strip()}' gives no date; write it as 2026-06-23, "
                                             "23-06-2026 or 23. juni 2026")
                return
            if _DATE_LINE.search(line) and (match := _DATE.search(line)):
                parsed = _parse_date(match.group(1))
                if parsed is None:
                    self.error(number, "header", f"'{match.group(1)}' is not a real date")
                    return
                if given and given != parsed:
                    self.error(number, "header", f"the document is dated {parsed.isoformat()}; --date is only for "
                                                 "documents that state no date")
                self.parsed.date, self.parsed.date_from = parsed, "header"
                return
        logged = self.log_date(tables)
        if logged is not None:
            number, parsed = logged
            if given and given != parsed:
                self.error(number, "log", f"the document's log dates it {parsed.isoformat()}; --date is only for "
                                          "documents that state no date")
            self.parsed.date, self.parsed.date_from = parsed, "log"
            self.warn(number, "date", f"no date in the header; the newest entry of the document's log is used "
                                      f"({parsed.isoformat()})")
            return
        if given is not None:
            self.parsed.date, self.parsed.date_from = given, "given"
            return
        self.error(1, "header", "no date: the header has no 'Dato' line and there is no log table with a 'Dato' "
                                "column; give the date with --date YYYY-MM-DD (for an undated report, the day it "
                                "was last changed where it is published)")

    def log_date(self, tables: list[_Table]) -> tuple[int, dt.date] | None:
        found: list[tuple[dt.date, int]] = []
        for table in tables:
            keys = [_header_key(cell) for cell in table.header]
            if "dato" not in keys:
                continue
            column = keys.index("dato")
            for number, cells in table.rows:
                match = _DATE.search(cells[column]) if column < len(cells) else None
                if match is None:
                    continue
                if (day := _parse_date(match.group(1))) is None:
                    self.warn(number, "log", f"'{match.group(1)}' is not a real date; this log entry is not used")
                    continue
                found.append((day, number))
        if not found:
            return None
        newest = max(found)
        return newest[1], newest[0]

    def requirements(self, tables: list[_Table]) -> None:
        rows = sum(len(table.rows) for table in tables)
        if rows > _REPORT_MAX_ROWS:
            self.error(tables[0].header_line, "tables", f"{rows} table rows; a governance document has about 50 and at "
                                                        f"most {_REPORT_MAX_ROWS} are read")
            return
        for table in tables:
            recognised = _recognise(table, self.vocabularies)
            if recognised is None:
                if "#" in [_header_key(c) for c in table.header] and \
                        any(_ID.match(_mark(cell).upper()) for _, cells in table.rows for cell in cells):
                    self.warn(table.header_line, "table", "a table of requirements whose columns ("
                              + ", ".join(repr(c) for c in table.header) + ") match no known format; skipped")
                continue
            report_format, columns = recognised
            if self.parsed.format is None:
                self.parsed.format = report_format
            elif report_format is not self.parsed.format:
                self.warn(table.header_line, "table", f"this table is in another format ({report_format.label}) "
                                                      f"than the first ({self.parsed.format.label}); skipped")
                continue
            for number, cells in table.rows:
                self.row(number, cells, len(table.header), report_format, columns)
        if self.parsed.format is None:
            self.error(1, "tables", "no requirement table found: no table has the columns of a known format ("
                       + "; ".join(f"{f.label}: " + ", ".join(repr(dict(f.columns)[r][0]) for r in f.recognise)
                                   for f in self.vocabularies.report_formats) + ")")

    def row(self, number: int, cells: list[str], width: int, report_format: ReportFormat,
            columns: dict[str, int]) -> None:
        if not any(cell_text(c) for c in cells):
            return  # an empty spacer row
        def cell(role: str) -> str | None:
            index = columns.get(role)
            return (cells[index] if index < len(cells) else "") if index is not None else None

        requirement = self.identify(number, cell("id") or "", cell("title") or "", report_format.model)
        if requirement is None:
            return
        realigned = self.realign(cells, width, columns, requirement)
        if realigned is not None:
            self.warn(number, requirement.id, f"the row has {len(cells)} cells but the header has {width}; its last "
                                              "cell is the requirement's level, so the cells between the wording and "
                                              "the level are read as the text. Check for a missing or extra '|'")
            cells = realigned
        elif len(cells) != width:
            # Read the row as Markdown shows it: missing cells are empty, extra cells are not shown.
            extra = [_shorten(cell_text(c)) for c in cells[width:] if cell_text(c)]
            listed = "; ".join(repr(e) for e in extra[:3]) + (f"; and {len(extra) - 3} more" if len(extra) > 3 else "")
            dropped = f"; the extra cells ({listed}) are not shown, so not imported" if extra else ""
            self.warn(number, requirement.id, f"the row has {len(cells)} cells but the header has {width}; it is "
                                              f"read as Markdown shows it{dropped}. Check for a missing or extra '|'")
        level_cell = cell("level")
        if level_cell is not None:
            self.check_level(number, requirement, _mark(level_cell))
        if requirement.id in self.parsed.lines:
            self.warn(number, requirement.id, f"answered again (first on line {self.parsed.lines[requirement.id]}); "
                                              "this row is not imported")
            return
        self.parsed.lines[requirement.id] = number
        text = cell("text")
        quote = cell_text(text) if text is not None else None
        quote = None if self.vocabularies.is_placeholder(quote) else quote
        if quote is not None and len(quote) > _QUOTE_MAX:
            self.warn(number, requirement.id, f"the text is {len(quote)} characters; quotes of at most {_QUOTE_MAX} "
                                              "are kept, so this one is left out: read it in the document")
            quote = None
        if report_format.is_assessment:
            self.rating(number, requirement, cell("rating") or "", quote, cell("advice"))
        else:
            self.answer(number, requirement, cell("answer") or "", quote, report_format)

    def realign(self, cells: list[str], width: int, columns: dict[str, int],
                requirement: Requirement) -> list[str] | None:
        """A row with a missing or extra '|' in a table whose last column is the level, when its last cell is
        the requirement's level: the author's cells read from both ends (the text cell is what lies between the
        wording and the level, placeholders like '-' left out). None when the row cannot be read that way."""
        level_at, text_at, title_at = columns.get("level"), columns.get("text"), columns.get("title")
        if len(cells) == width or level_at != width - 1 or text_at is None or title_at is None or \
                not (title_at < text_at < level_at) or len(cells) <= title_at + 1:
            return None
        written = _mark(cells[-1])
        if written.casefold() not in (str(requirement.level.rank), requirement.level.value.casefold(),
                                      requirement.level.label.casefold(), requirement.level.id):
            return None
        between = [c for c in cells[title_at + 1:-1] if not self.vocabularies.is_placeholder(cell_text(c))]
        realigned = cells[:title_at + 1] + [""] * (width - title_at - 1)
        realigned[text_at] = "<br>".join(between)
        realigned[level_at] = cells[-1]
        return realigned

    def identify(self, number: int, id_cell: str, title_cell: str, model: GovernanceModel) -> Requirement | None:
        written = _mark(id_cell).replace("\\", "").strip("* ").upper()
        title = cell_text(title_cell)
        if not model.current:
            # The 2018 checklists number some requirements differently: the wording decides.
            found, exact = _by_wording(model, title)
            if found is None:
                self.warn(number, written or "#", f"'{_shorten(title)}' is not the wording of any requirement of "
                                                  f"{model.label.lower()}; row skipped")
            elif not exact:
                self.warn(number, found.id, f"'{_shorten(title)}' is read as {found.id} '{found.title}', the closest "
                                            "wording; check that it is the same requirement")
            return found
        found = model.requirement(written)
        if found is None:
            retired = self.vocabularies.retired_requirements.get(written)
            why = f" (it was merged into {retired})" if retired else ""
            self.warn(number, written or "#", f"'{written}' is not a requirement of {model.label.lower()}{why}; "
                                              "row skipped")
        return found

    def check_level(self, number: int, requirement: Requirement, written: str) -> None:
        level = next((lvl for lvl in self.vocabularies.assessed_levels if written.casefold() in
                      (str(lvl.rank), lvl.value.casefold(), lvl.label.casefold(), lvl.id)), None)
        if written and (level is None or level != requirement.level):
            self.warn(number, requirement.id, f"the table gives level '{_shorten(written, 40)}', the model "
                                              f"'{requirement.level.label}'; the model's level is used")

    def answer(self, number: int, requirement: Requirement, raw: str, quote: str | None,
               report_format: ReportFormat) -> None:
        mark = _mark(raw)
        found: Status | None
        if spelling_key(mark) in {spelling_key(m) for m in report_format.empty_marks}:
            found = report_format.unticked_with_text if quote and report_format.unticked_with_text \
                else self.vocabularies.not_answered
            as_written = None
        else:
            found = self.vocabularies.status_for(mark)
            if found is None and self.vocabularies.is_placeholder(mark):
                found = self.vocabularies.not_answered  # "[Ikke udfyldt]", "-", "N/A" in the answer column
            as_written = mark if found is not None and found.answered and self.is_variant(mark, found) else None
        status = found or self.vocabularies.unknown_answer
        if found is None:
            as_written = _shorten(mark, _AS_WRITTEN_MAX)
            self.warn(number, requirement.id, f"unknown answer '{_shorten(mark)}'; imported as '{status.value}'. The "
                                              "answers reports use are listed in src/os2catalogue/data/statuses.yml")
        if not status.answered and quote is None:
            return  # no row and a blank row say the same: not answered
        self.parsed.answers[requirement.id] = RequirementAnswer(status=status, quote=quote, as_written=as_written)

    @staticmethod
    def is_variant(mark: str, status: Any) -> bool:
        """True when the report's word is not the status's own word (so the page can show what was written)."""
        own = {spelling_key(status.spellings[0]), spelling_key(status.label), spelling_key(status.value)}
        return spelling_key(mark) not in own and sum(ch.isalpha() for ch in mark) > 1

    def rating(self, number: int, requirement: Requirement, raw: str, quote: str | None, advice: str | None) -> None:
        mark = _mark(raw)
        rating = self.vocabularies.rating_for(mark)
        # The assessment template offers every light ("🟢 / 🟡 / 🔴"): a cell naming several is not a rating.
        choices = [part for part in re.split(r"[/,]", mark) if self.vocabularies.rating_for(part.strip())]
        if rating is None:
            if mark and len(choices) < 2:
                self.warn(number, requirement.id, f"unknown rating '{mark}'; use "
                          + ", ".join(r.value for r in self.vocabularies.ratings) + "; row not imported")
            del self.parsed.lines[requirement.id]
            return
        advice_text = cell_text(advice) if advice is not None else None
        if advice_text is not None and len(advice_text) > _QUOTE_MAX:
            self.warn(number, requirement.id, f"the advice is {len(advice_text)} characters; at most {_QUOTE_MAX} are "
                                              "kept, so it is left out: read it in the document")
            advice_text = None
        self.parsed.ratings[requirement.id] = RequirementRating(
            rating=rating, quote=quote,
            advice=None if self.vocabularies.is_placeholder(advice_text) else advice_text)


def parse_report(path: str, raw: bytes, vocabularies: Vocabularies, *, date: dt.date | None = None,
                 template_version: str | None = None) -> tuple[ParsedDocument, list[Diagnostic]]:
    """Read a governance report or assessment; errors (which stop an import) are returned, warnings kept on it."""
    if len(raw) > _REPORT_MAX_BYTES:
        return ParsedDocument(path), [Diagnostic(path, 1, "file", f"{len(raw):,} bytes; a governance document is at "
                                                                  f"most {_REPORT_MAX_BYTES:,} bytes")]
    text, problems = decode(path, raw)
    if text is None:
        return ParsedDocument(path), problems
    reader = _Reader(path, text, vocabularies)
    reader.read(date, template_version)
    order = {rid: i for i, rid in enumerate(reader.parsed.model.ids)} if reader.parsed.model else {}
    reader.parsed.answers = dict(sorted(reader.parsed.answers.items(), key=lambda item: order[item[0]]))
    reader.parsed.ratings = dict(sorted(reader.parsed.ratings.items(), key=lambda item: order[item[0]]))
    return reader.parsed, reader.errors


# Naming the product -----------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    text = re.sub(r"(\w)(?:['’]s|s['’])(?!\w)", r"\1", text)  # OS2iot's, OS2displays' → the name
    return re.sub(r"[^0-9a-zæøå]+", " ", text.casefold()).split()


def names_product(title: str | None, product_name: str, slug: str, aliases: tuple[str, ...] = ()) -> bool:
    """True when the document's title names the product (by name, slug or a former slug).

    Spacing and punctuation are ignored: "OS2 AI Heat Control" is named by "OS2aiHeatControl", and
    "OS2-SkadesØkonomi" by "OS2skadesøkonomi"; but "OS2mo" is not named by "OS2moderne".
    """
    if not title:
        return False
    words = _words(title)
    for name in (product_name, slug, *aliases):
        wanted = "".join(_words(name))
        for start in range(len(words)):
            joined = ""
            for word in words[start:]:
                joined += word
                if joined in (wanted, wanted + "s"):  # Danish genitive: "OS2rollekatalogs rapport"
                    return True
                if len(joined) > len(wanted):
                    break
    return False


# Writing ----------------------------------------------------------------------------------------------------

def document_entry(parsed: ParsedDocument, url: str) -> dict[str, Any]:
    """The product file's entry for the document, as the schema declares it."""
    assert parsed.format is not None and parsed.date is not None
    entry: dict[str, Any] = {"url": url, "date": parsed.date}
    if parsed.date_from and parsed.date_from != "header":
        entry["date_from"] = parsed.date_from
    entry["format"] = parsed.format.id
    if parsed.template_version:
        entry["template_version"] = parsed.template_version
    if parsed.draft:
        entry["draft"] = True
    if parsed.is_assessment:
        entry["ratings"] = {rid: _clean({"rating": r.rating.value, "quote": r.quote, "advice": r.advice})
                            for rid, r in parsed.ratings.items()}
    else:
        entry["answers"] = {rid: _clean({"status": a.status.value, "as_written": a.as_written, "quote": a.quote})
                            for rid, a in parsed.answers.items()}
    return entry


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if value is not None}


@dataclass
class Merge:
    """The governance block after adding a document, and what the document replaces."""

    block: dict[str, Any]
    key: str
    index: int
    replaced: dict[str, Any] | None
    dropped: list[str]
    #: What the merge could not do by itself, for the command to say.
    note: str | None = None


def merge(existing: Any, parsed: ParsedDocument, url: str, vocabularies: Vocabularies) -> Merge:
    """Add the document to the product's governance block, replacing an entry with the same address.

    ``replaced`` is the entry the new document takes over from: the one with the same address, or else the
    newest final entry of the same kind and model that the new document is newer than. ``dropped`` lists the
    requirements that entry answered and the new document does not.
    """
    block: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
    key = "assessments" if parsed.is_assessment else "reports"
    other = "reports" if parsed.is_assessment else "assessments"
    entries = [dict(e) for e in block.get(key) or [] if isinstance(e, dict)]
    new = document_entry(parsed, url)
    # The same address read earlier as the other kind of document is replaced too.
    same = next((e for e in [*entries, *(block.get(other) or [])] if isinstance(e, dict) and e.get("url") == url),
                None)
    if block.get(other):
        block[other] = [e for e in block[other] if not (isinstance(e, dict) and e.get("url") == url)]
    replaced = same
    if replaced is None and not parsed.draft:
        rivals = [e for e in entries if not e.get("draft") and _model_of(e, vocabularies) is parsed.model
                  and (as_date(e.get("date")) or dt.date.min) <= new["date"]]
        replaced = max(rivals, key=lambda e: as_date(e.get("date")) or dt.date.min) if rivals else None
    dropped: list[str] = []
    if replaced is not None:
        field_name = "ratings" if parsed.is_assessment else "answers"
        before = [rid for rid, a in (replaced.get(field_name) or {}).items()
                  if not isinstance(a, dict) or a.get("status") != vocabularies.not_answered.value]
        dropped = [rid for rid in before if rid not in set(parsed.answered)]
    note = None
    if parsed.is_assessment and parsed.assesses:
        # The evaluation names the report it built on; link it to the product's entry for that report.
        wanted = _stem(parsed.assesses)
        assessed = next((e.get("url") for e in block.get("reports") or [] if isinstance(e, dict)
                         and _stem(str(e.get("url", ""))) == wanted), None)
        if assessed:
            ratings = new.pop("ratings")
            new.update({"report": assessed, "ratings": ratings})
        else:
            note = (f"the assessment names the report '{parsed.assesses}', which the product file does not hold; "
                    "import that report first to link the two")
    entries = [e for e in entries if e.get("url") != url] + [new]
    entries.sort(key=lambda e: (as_date(e.get("date")) or dt.date.min, str(e.get("url", ""))), reverse=True)
    block[key] = entries
    ordered = {k: block[k] for k in ("reports", "assessments") if block.get(k)}
    block = {k: v for k, v in block.items() if v or k not in ("reports", "assessments")}
    ordered.update({k: v for k, v in block.items() if k not in ordered})
    return Merge(ordered, key, entries.index(new), replaced, dropped, note)


def _stem(address: str) -> str:
    """The last part of an address without '.md': how an evaluation's link and a report's address are matched."""
    try:
        path = urlsplit(address).path
    except ValueError:
        return address
    return posixpath.basename(unquote(path).rstrip("/")).removesuffix(".md").casefold()


def _model_of(entry: dict[str, Any], vocabularies: Vocabularies) -> GovernanceModel | None:
    report_format = vocabularies.report_formats.get(str(entry.get("format")))
    return report_format.model if report_format else None


class _BlockDumper(yaml.SafeDumper):
    """Quotes with line breaks as YAML literal blocks, so the product file reads like the report."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def dump_governance(block: dict[str, Any]) -> str:
    """The ``governance:`` block as YAML text."""
    return yaml.dump({"governance": block}, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


#: A line that ends a top-level block: anything at column 0 but a blank line (a comment there belongs to what
#: follows, and is kept).
_TOP_LEVEL_KEY = re.compile(r"^\S")


def replace_governance(raw: bytes, block: dict[str, Any]) -> bytes:
    """Return the product file with its ``governance:`` block replaced (or added before the closing '---').

    Every other line keeps its exact bytes, including a BOM and CRLF line endings.
    """
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "..."))
    new_lines = [line + newline for line in dump_governance(block).rstrip("\n").split("\n")]
    start = next((i for i in range(1, end) if re.match(r"^governance\s*:", lines[i])), None)
    if start is None:
        lines[end:end] = new_lines
    else:
        stop = next((i for i in range(start + 1, end) if _TOP_LEVEL_KEY.match(lines[i])), end)
        while stop > start + 1 and not lines[stop - 1].strip():
            stop -= 1  # blank lines before the next field stay where they are
        lines[start:stop] = new_lines
    return (b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8")


def summary(parsed: ParsedDocument, vocabularies: Vocabularies) -> str:
    """One line on what the document says: its answers per status (or ratings per light)."""
    if parsed.is_assessment:
        counts = {r.value: sum(1 for x in parsed.ratings.values() if x.rating is r) for r in vocabularies.ratings}
    else:
        counts = {s.value: sum(1 for a in parsed.answers.values() if a.status is s) for s in vocabularies.statuses
                  if s.answered}
    shown = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
    total = len(parsed.model.ids) if parsed.model else 0
    verb = "rated" if parsed.is_assessment else "answered"
    return f"{len(parsed.answered)} of {total} requirements {verb}" + (f" ({shown})" if shown else "")


def product_mismatch(parsed: ParsedDocument, name: str, slug: str, aliases: tuple[str, ...] = ()) -> str | None:
    """Why the document may not be about the product, or None when its title names it."""
    if any(names_product(title, name, slug, aliases) for title in parsed.titles):
        return None
    shown = f"'{parsed.title}'" if parsed.title else "no title"
    return f"the document's title ({shown}) does not name {name}; check the product, or use --force"
