"""Validation of one parsed product file against the schema, producing a typed :class:`Product`.

Validators only say what is wrong and where in the data; the document supplies the line. Every
problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from os2catalogue import sanitize
from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import Document, FieldPath, InvalidDate, as_date, format_path
from os2catalogue.model import Product
from os2catalogue.schema import PRODUCT_FIELDS, Field
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies, Vocabulary

_INVALID = object()
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def invisible(text: str) -> str | None:
    """A description of the first invisible or direction-changing character in ``text`` (zero-width spaces,
    bidi controls, soft hyphens, control characters), or None. Such characters hide what a text really says."""
    for position, char in enumerate(text, start=1):
        if char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs", "Cn"):
            name = unicodedata.name(char, "unnamed")
            return f"an invisible character U+{ord(char):04X} ({name}) at position {position}"
    return None
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
#: Vocabularies this small are listed in full in an error message.
_LIST_IN_FULL = 6


def normalised_text(spec: Field, value: str) -> str:
    """Text as it is kept: spaces collapsed, and for a quotation its line breaks kept (at most one empty line)."""
    if spec.multiline:
        lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return " ".join(value.split())


def text_problem(spec: Field, text: str) -> str | None:
    """What is wrong with ``text`` as the value of a text field, or None.

    Invisible and direction-changing characters are refused everywhere. One-line text also reaches the theme's
    markup (titles, descriptions), so it may hold no HTML, no '<' or '>' and no entities; text the theme puts
    in an attribute may hold no '"'. A quotation is always shown escaped, so '<' in it is text.
    """
    if not text:
        return "must not be empty"
    hidden = invisible(text)
    if hidden:
        return f"contains {hidden}; remove it"
    if not spec.multiline:
        html = _HTML.search(text)
        if html:
            return f"HTML is not allowed in text fields (found '{html.group(0)}'); write plain text"
        if "<" in text or ">" in text:
            return "'<' and '>' are not allowed in text fields; write plain text"
        if spec.in_attribute and '"' in text:
            return "'\"' is not allowed here, because the theme writes this text into HTML attributes; use »…« or “…”"
        entity = _ENTITY.search(text)
        if entity:
            return f"HTML entities such as '{entity.group(0)}' are not allowed; write the character itself"
    if spec.max_length is not None and len(text) > spec.max_length:
        return f"{len(text)} characters; at most {spec.max_length} allowed"
    return None


def describe(value: Any) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"text ('{value}')"


def suggest(value: str, candidates: list[str] | tuple[str, ...], aliases: dict[str, str] | None = None) -> str | None:
    """The candidate closest to ``value``, by case, by slug, by alias (e.g. a body's name) or by spelling."""
    folded = {c.casefold(): c for c in candidates}
    if value.casefold() in folded:
        return folded[value.casefold()]
    if slugify(value) in candidates:
        return slugify(value)
    if aliases and slugify(value) in aliases:
        return aliases[slugify(value)]
    match = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    if match:
        return folded[match[0]]
    if aliases:
        match = difflib.get_close_matches(slugify(value), list(aliases), n=1, cutoff=0.75)
        if match:
            return aliases[match[0]]
    return None


def _nested_fields(fields: tuple[Field, ...], prefix: str = "") -> dict[str, str]:
    """Every field key below ``fields``, mapped to where it belongs (``repositories[].licence``)."""
    found: dict[str, str] = {}
    for spec in fields:
        inner = spec.item.fields if spec.item is not None else spec.fields
        path = f"{prefix}{spec.key}" + ("[]" if spec.item is not None else "")
        for child in inner:
            found.setdefault(child.key, f"{path}.{child.key}")
        found.update({k: v for k, v in _nested_fields(inner, f"{path}.").items() if k not in found})
    return found


def _unknown_field_hint(key: str, fields: tuple[Field, ...], at: FieldPath, root: tuple[Field, ...]) -> str:
    known = [f.key for f in fields]
    hint = suggest(key, known)
    if hint:
        return f"did you mean '{hint}'?"
    if not at:
        nested = _nested_fields(root)
        deeper = suggest(key, list(nested))
        if deeper:
            return f"did you mean '{deeper}'? It belongs inside {nested[deeper].rsplit('.', 1)[0]}"
    return "the fields here are " + ", ".join(known)


class _Checker:
    """Checks one document; ``problems`` collects every diagnostic."""

    def __init__(self, document: Document, vocabularies: Vocabularies, today: dt.date, *,
                 extra: dict[str, Vocabulary[Any]] | None = None, root: tuple[Field, ...] = PRODUCT_FIELDS) -> None:
        self.document = document
        self.vocabularies = vocabularies
        self.today = today
        #: Vocabularies that belong to the site rather than the package (authors, products).
        self.extra = extra or {}
        self.root = root
        self.problems: list[Diagnostic] = []

    def vocabulary(self, name: str) -> Vocabulary[Any]:
        """The vocabulary called ``name``: the package's, or one the caller supplied."""
        return self.extra[name] if name in self.extra else getattr(self.vocabularies, name)

    def error(self, at: FieldPath, message: str, line: int | None = None) -> None:
        self.problems.append(Diagnostic(self.document.path, line or self.document.line(at),
                                        format_path(at) or "front matter", message))

    def body_error(self, line: int, message: str) -> None:
        self.problems.append(Diagnostic(self.document.path, line, "body", message))

    # Objects and values -------------------------------------------------------------------------

    def check_object(self, fields: tuple[Field, ...], data: dict[str, Any], at: FieldPath) -> Any:
        known = [f.key for f in fields]
        for key in data:
            if not isinstance(key, str):
                continue  # reported by the parser, which knows the key's line
            if key not in known:
                self.error(at + (key,), f"unknown field; {_unknown_field_hint(key, fields, at, self.root)}")
        result: dict[str, Any] = {}
        valid = True
        for spec in fields:
            if data.get(spec.key) is None and spec.default is not None:
                result[spec.key] = self.check_value(spec, spec.default, at + (spec.key,))
                continue
            if data.get(spec.key) is None:
                if spec.required:
                    present = spec.key in data
                    self.error(at + (spec.key,), "required field is empty" if present else "required field is missing",
                               line=self.document.line(at + (spec.key,)) if present else self.document.line(at))
                    valid = False
                continue
            value = self.check_value(spec, data[spec.key], at + (spec.key,))
            if value is _INVALID:
                valid = False
            else:
                result[spec.key] = value
        return result if valid else _INVALID

    def check_value(self, spec: Field, value: Any, at: FieldPath) -> Any:
        return getattr(self, f"_check_{spec.kind}")(spec, value, at)

    def _check_text(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            self.error(at, f"expected text, got {describe(value)}; put the value in quotes")
            return _INVALID
        text = normalised_text(spec, value)
        problem = text_problem(spec, text)
        if problem:
            self.error(at, problem)
            return _INVALID
        return text

    def _check_slug(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or not _SLUG.match(value):
            shown = value if isinstance(value, str) else describe(value)
            self.error(at, f"'{shown}' is not a slug; use lower-case ASCII words joined by '-', "
                           f"e.g. '{slugify(str(value))}'")
            return _INVALID
        return value

    def _check_flag(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, bool):
            self.error(at, f"expected true or false, got {describe(value)}")
            return _INVALID
        return value

    def _check_dated(self, spec: Field, value: Any, at: FieldPath) -> Any:
        """A date, or created/updated dates below the key; the result is the created date."""
        if isinstance(value, dict):
            checked = self.check_object(spec.fields, value, at)
            return _INVALID if checked is _INVALID else checked["created"]
        return self._check_date(spec, value, at)

    def _check_date(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if isinstance(value, InvalidDate):
            self.error(at, f"'{value}' is not a real date")
            return _INVALID
        date = as_date(value)
        if date is None:
            shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
            self.error(at, f"expected a date YYYY-MM-DD, got '{shown}'")
            return _INVALID
        if date > self.today and not spec.future_allowed:
            self.error(at, f"{date.isoformat()} is after the build date {self.today.isoformat()}")
            return _INVALID
        return date

    def _check_url(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str):
            self.error(at, f"expected a URL, got {describe(value)}")
            return _INVALID
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as error:
            self.error(at, f"'{value}' is not a valid URL ({error}); check the address")
            return _INVALID
        hidden = invisible(value)
        if hidden:
            self.error(at, f"contains {hidden}; remove it")
            return _INVALID
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value) \
                or any(c in value for c in "<>\"'"):
            hint = f"; did you mean 'https://{value}'?" if not parts.scheme and "." in value.split("/")[0] else ""
            self.error(at, f"'{value}' is not a valid http(s) URL{hint}")
            return _INVALID
        return value

    def _check_path(self, spec: Field, value: Any, at: FieldPath) -> Any:
        """A file in the site (docs/), never an address on another site."""
        if not isinstance(value, str) or not value.strip():
            self.error(at, f"expected a path in the site such as assets/avatars/person.svg, got {describe(value)}")
            return _INVALID
        hidden = invisible(value)
        first = value.split("/")[0]
        if hidden or ":" in first or value.startswith("/") or ".." in value.split("/") or \
                any(c.isspace() or c in "<>\"'\\?#" for c in value):
            why = f"contains {hidden}" if hidden else "is not a plain path in the site"
            self.error(at, f"'{value}' {why}; give a file below docs/, such as assets/avatars/person.svg")
            return _INVALID
        return value

    def _check_email(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or not _EMAIL.match(value):
            self.error(at, f"{describe(value) if not isinstance(value, str) else repr(value)} is not a valid e-mail address")
            return _INVALID
        return value

    def _check_count(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(at, f"expected a whole number of 0 or more, got {describe(value)}")
            return _INVALID
        return value

    def _check_choice(self, spec: Field, value: Any, at: FieldPath) -> Any:
        vocabulary = self.vocabulary(spec.vocabulary or "")
        keys = vocabulary.keys
        if isinstance(value, str) and value in vocabulary:
            return vocabulary[value]
        listing = ", ".join(keys)
        # Site data (authors, products) grows; only the package's small vocabularies are listed in full.
        in_full = len(keys) <= _LIST_IN_FULL and spec.vocabulary not in self.extra
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            self.error(at, f"expected one of {listing}, got {describe(value)}" if in_full
                       else f"expected {'an' if (spec.noun or ' ')[0] in 'aeiouAEIOU' else 'a'} {spec.noun}"
                            f"{'' if (spec.noun or '').endswith(' id') else ' id'} as text, got {describe(value)}")
            return _INVALID
        aliases = {slugify(entry.name): key for key, entry in zip(keys, vocabulary, strict=True)
                   if hasattr(entry, "name")}
        hint = suggest(value, keys, aliases)
        tail = f"; did you mean '{hint}'?" if hint else ""
        if in_full:
            self.error(at, f"'{value}' is not one of {listing}{tail}")
        else:
            self.error(at, f"unknown {spec.noun} '{value}'{tail or f' (the known ones are in {vocabulary.source})'}")
        return _INVALID

    def _check_list(self, spec: Field, value: Any, at: FieldPath) -> Any:
        assert spec.item is not None
        if not isinstance(value, list):
            self.error(at, f"expected a list, got {describe(value)}; write [a, b] or one '- a' line per item")
            return _INVALID
        if len(value) < spec.min_items:
            self.error(at, f"needs at least {spec.min_items} {spec.item.noun or 'item'}")
            return _INVALID
        items: list[Any] = []
        seen: set[Any] = set()
        valid = True
        for index, item in enumerate(value):
            if spec.unique and isinstance(item, str):
                if item in seen:
                    self.error(at + (index,), f"'{item}' is listed twice")
                    valid = False
                    continue
                seen.add(item)
            checked = self.check_value(spec.item, item, at + (index,))
            if checked is _INVALID:
                valid = False
            else:
                items.append(checked)
        return tuple(items) if valid else _INVALID

    def _check_map(self, spec: Field, value: Any, at: FieldPath) -> Any:
        assert spec.item is not None
        if not isinstance(value, dict):
            self.error(at, f"expected one '<{spec.noun}>: …' entry per line indented below '{spec.key}', "
                           f"got {describe(value)}")
            return _INVALID
        vocabulary = self.vocabulary(spec.vocabulary or "")
        entries: dict[str, Any] = {}
        valid = True
        for key, item in value.items():
            if not isinstance(key, str):
                continue  # reported by the parser
            if key not in vocabulary:
                hint = suggest(key, vocabulary.keys)
                tail = f"; did you mean '{hint}'?" if hint else ""
                self.error(at + (key,), f"unknown {spec.noun} '{key}'{tail}")
                valid = False
                continue
            checked = self.check_value(spec.item, item, at + (key,))
            if checked is _INVALID:
                valid = False
            else:
                entries[key] = checked
        order = {key: index for index, key in enumerate(vocabulary.keys)}
        return tuple(sorted(entries.items(), key=lambda pair: order[pair[0]])) if valid else _INVALID

    def _check_object(self, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, dict):
            self.error(at, f"expected fields (name: value) indented below '{spec.key}', got {describe(value)}")
            return _INVALID
        checked = self.check_object(spec.fields, value, at)
        if checked is _INVALID:
            return _INVALID
        assert spec.build is not None
        return spec.build(**checked)

    # Rules across fields --------------------------------------------------------------------------

    def check_product(self, slug: str, fields: dict[str, Any]) -> None:
        name = fields.get("name")
        foreign = next((c for c in name or "" if c.isalpha() and "LATIN" not in unicodedata.name(c, "")), None)
        if name is not None and foreign:
            self.error(("name",), f"'{foreign}' ({unicodedata.name(foreign, 'unnamed')}) is not a Latin letter; a "
                                  "name looks like another product's when it mixes scripts, so use Latin letters")
        elif name is not None:
            if not name.startswith("OS2"):
                self.error(("name",), f"'{name}' must start with 'OS2'")
            elif slugify(name) != slug:
                self.error(("name",), f"'{name}' does not match the file name; rename the file to "
                                      f"'{slugify(name)}.md' or correct the name")
        level = fields.get("level")
        data = self.document.data
        if level is not None:
            decisions = fields.get("level_decisions", ())
            if level.assessed and not data.get("level_decisions"):
                self.error(("level",), f"'{level.value}' needs level_decisions: the board's decision or the "
                                       "secretariat's recommendation, with kind, level, date and source")
            if not level.assessed and data.get("level_decisions"):
                self.error(("level_decisions",), f"must be left out when level is '{level.value}'")
            deciding = Product.deciding(decisions)
            if level.assessed and deciding is not None and deciding.level != level:
                which = "decision by the board" if deciding.kind.board else "recommendation by the secretariat"
                self.error(("level",), f"'{level.value}' is not the level of the newest {which} "
                                       f"({deciding.level.value}, {deciding.date.isoformat()}); the level follows the "
                                       "board's newest decision, or the secretariat's newest recommendation where "
                                       "the board has not decided")
        stage = fields.get("lifecycle")
        if stage is not None and stage.retired and not data.get("lifecycle_source"):
            self.error(("lifecycle",), f"'{stage.value}' needs lifecycle_source: the source that says so, with "
                                       "source and date")
        if stage is not None and not stage.retired and data.get("lifecycle_source"):
            self.error(("lifecycle_source",), f"must be left out when lifecycle is '{stage.value}'; it is for a "
                                              "product that has left OS2 or been discontinued")
        self.check_governance(fields.get("governance"))
        self.check_calls(fields.get("calls", ()))
        self.check_repeats(fields)
        self.check_dates(fields)
        if slug in fields.get("aliases", ()):
            index = fields["aliases"].index(slug)
            self.error(("aliases", index), f"'{slug}' is the product's own slug, not a former one")
        named = {b.id for statement in fields.get("users", ()) if statement.relation.use for b in statement.bodies}
        reported = fields.get("users_reported")
        if reported is not None and reported.count < len(named):
            self.error(("users_reported", "count"),
                       f"{reported.count} is fewer than the {len(named)} bodies 'users' names as using the product")

    def check_governance(self, governance: Any) -> None:
        """Each document's format is of its kind, answers belong to its model, quotes are the author's words."""
        if governance is None:
            return
        seen: dict[str, str] = {}
        for key, documents in (("reports", governance.reports), ("assessments", governance.assessments)):
            for index, document in enumerate(documents):
                at: FieldPath = ("governance", key, index)
                if document.url in seen:
                    self.error(at + ("url",), f"the same document is listed twice (also {seen[document.url]})")
                seen.setdefault(document.url, f"{key}[{index}]")
                if document.format.is_assessment != (key == "assessments"):
                    wanted = "an assessment format" if key == "assessments" else "a report format"
                    self.error(at + ("format",), f"'{document.format.id}' is not {wanted}; the secretariat's "
                                                 "assessments go under 'assessments', the product's reports under "
                                                 "'reports'")
                    continue
                if key == "assessments" and document.report is not None:
                    assessed = next((r for r in governance.reports if r.url == document.report), None)
                    if assessed is None:
                        self.error(at + ("report",), "is not the address of one of the product's reports; import "
                                                     "the report first, or leave 'report' out")
                    elif document.date < assessed.date:
                        self.error(at + ("date",), f"{document.date.isoformat()} is before the report it assesses "
                                                   f"({assessed.date.isoformat()}); correct one of the dates")
                entries = document.ratings if key == "assessments" else document.answers
                self.check_answers(at + ("ratings" if key == "assessments" else "answers",), document.format.model,
                                   entries)

    def check_answers(self, at: FieldPath, model: Any, entries: Any) -> None:
        """Every requirement id belongs to the document's model; no quote is a placeholder."""
        for requirement_id, entry in entries:
            if model.requirement(requirement_id) is None:
                retired = self.vocabularies.retired_requirements.get(requirement_id) if model.current else None
                other = next((m.label for m in self.vocabularies.models
                              if m is not model and m.requirement(requirement_id)), None)
                hint = (f"; it was merged into '{retired}'" if retired else
                        f"; it is a requirement of {other}: use a format of that model" if other else "")
                self.error(at + (requirement_id,), f"'{requirement_id}' is not a requirement of "
                                                   f"{model.label.lower()}{hint}")
            for field in ("quote", "advice"):
                text = getattr(entry, field, None)
                if text is not None and self.vocabularies.is_placeholder(text):
                    self.error(at + (requirement_id, field), f"'{text}' is a placeholder, not the author's own words; "
                                                             f"leave '{field}' out")

    def check_repeats(self, fields: dict[str, Any]) -> None:
        """The same supplier or repository listed twice (each with its own roles or licence) says two things."""
        for key, of in (("suppliers", lambda e: e.supplier.id), ("repositories", lambda e: e.url)):
            first: dict[str, int] = {}
            for index, entry in enumerate(fields.get(key, ())):
                value = of(entry)
                if value in first:
                    self.error((key, index), f"'{value}' is listed twice (also {key}[{first[value]}]); list it once")
                first.setdefault(value, index)

    def check_dates(self, fields: dict[str, Any]) -> None:
        """The file cannot have been reviewed before the facts it records were published."""
        reviewed = fields.get("last_reviewed")
        if reviewed is None:
            return
        dated: list[tuple[FieldPath, dt.date]] = []
        for key in ("level_decisions", "users", "suppliers"):
            for index, fact in enumerate(fields.get(key, ())):
                dated.append(((key, index, "date"), fact.date))
        for key in ("users_reported", "coordinator", "lifecycle_source"):
            if fields.get(key) is not None:
                dated.append(((key, "date"), fields[key].date))
        governance = fields.get("governance")
        for key in ("reports", "assessments"):
            for index, document in enumerate(getattr(governance, key, ())):
                dated.append((("governance", key, index, "date"), document.date))
        for at, date in dated:
            if date > reviewed:
                self.error(("last_reviewed",), f"{reviewed.isoformat()} is before {format_path(at)} "
                                               f"({date.isoformat()}); set last_reviewed to the day the file was "
                                               "last checked")

    def check_calls(self, calls: Any) -> None:
        for index, call in enumerate(calls):
            if call.deadline is None and call.closed is None:
                self.error(("calls", index), "needs a 'deadline' (while open) or the date it 'closed'")
            if call.closed is not None and call.deadline is not None and call.closed > call.deadline:
                self.error(("calls", index, "closed"), f"{call.closed.isoformat()} is after the deadline "
                                                       f"{call.deadline.isoformat()}; correct one of the dates")
            if call.committed_count is not None and call.committed_count < len(call.committed):
                self.error(("calls", index, "committed_count"),
                           f"{call.committed_count} is fewer than the {len(call.committed)} bodies listed in 'committed'")

    def check_body(self, body: str) -> None:
        if not body.strip():
            self.body_error(self.document.body_line, "the Danish description below the front matter is empty")
            return
        in_code = False
        for offset, line in enumerate(body.split("\n")):
            if _FENCE.match(line):
                in_code = not in_code
                continue
            if in_code:
                continue
            number = self.document.body_line + offset
            if re.match(r"^#\s", line):
                self.body_error(number, "a '# ' heading is not allowed; the page title comes from 'name', "
                                        "start sections with '## '")
            html = _HTML.search(_INLINE_CODE.sub("", line))
            if html:
                self.body_error(number, f"raw HTML is not allowed (found '{html.group(0)}'); write Markdown")
        self.check_safe_markdown(body)

    def check_safe_markdown(self, body: str) -> None:
        """Render the body as the site does and report whatever the sanitiser would remove, at its line."""
        lines = body.split("\n")
        reported = {d.line for d in self.problems if d.field == "body"}  # raw HTML already named on its line
        for what, clue in sanitize.removed(sanitize.render(body)):
            offset = next((i for i, line in enumerate(lines) if clue and clue.casefold() in line.casefold()), 0)
            if self.document.body_line + offset not in reported:
                self.body_error(self.document.body_line + offset, f"{what} would be removed as unsafe; take it out")


def check_document(document: Document, slug: str, vocabularies: Vocabularies,
                   today: dt.date) -> tuple[Product | None, list[Diagnostic]]:
    """Validate a parsed product file; the product is returned only when it has no problem at all."""
    checker = _Checker(document, vocabularies, today)
    fields = checker.check_object(PRODUCT_FIELDS, document.data, ())
    partial = fields if fields is not _INVALID else {
        spec.key: value for spec in PRODUCT_FIELDS
        if (value := _quiet(document, spec, vocabularies, today)) is not _INVALID
    }
    checker.check_product(slug, partial)
    checker.check_body(document.body)
    if fields is _INVALID or checker.problems:
        return None, checker.problems
    return Product(slug=slug, source_path=document.path, body=document.body.strip() + "\n", **fields), []


def _quiet(document: Document, spec: Field, vocabularies: Vocabularies, today: dt.date) -> Any:
    """Check one field without reporting, so cross-field rules can still run on the valid parts."""
    if document.data.get(spec.key) is None:
        return _INVALID
    return _Checker(document, vocabularies, today).check_value(spec, document.data[spec.key], (spec.key,))
