"""The generic schema checker: a document's fields against their declarations (:mod:`os2catalogue.schema`).

Each field kind owns, in one class here, everything the catalogue does with a value of that kind: its check
(with the message a contributor reads), its JSON Schema, its words in the field reference, whether it fits a CSV
cell, and its written form in the API. :func:`kind_rules` dispatches over every kind, and the type checker holds
the dispatch exhaustive.

:class:`SchemaChecker` knows nothing of products or posts: it returns the valid parts and every problem
together, and the rules a document has beyond its fields (:mod:`os2catalogue.validate`,
:mod:`os2catalogue.posts`) run on those parts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Final, assert_never
from urllib.parse import urlsplit

from os2catalogue import sanitize
from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import Document, FieldPath, InvalidDate, as_date, format_path
from os2catalogue.schema import Field, Kind
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies, Vocabulary


class Invalid:
    """The result of checking a value that has a problem (the problem itself is in the checker's list)."""

    def __repr__(self) -> str:
        return "INVALID"


#: What a check returns for a value it reported a problem with.
INVALID: Final = Invalid()
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: The pattern of a slug: lower-case ASCII words joined by '-'.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def html_tag(text: str) -> str | None:
    """The first HTML tag or comment opening in ``text``, or None."""
    found = _HTML.search(text)
    return found.group(0) if found else None


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e\n\t]")


def invisible(text: str) -> str | None:
    """A description of the first invisible or direction-changing character in ``text`` (zero-width spaces,
    bidi controls, soft hyphens, control characters), or None. Such characters hide what a text really says."""
    # Printable ASCII is never invisible; only the other characters need a look at their category.
    for found in _NOT_PRINTABLE_ASCII.finditer(text):
        char = found.group(0)
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs", "Cn"):
            name = unicodedata.name(char, "unnamed")
            return f"an invisible character U+{ord(char):04X} ({name}) at position {found.start() + 1}"
    return None


_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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




@dataclass(frozen=True)
class Checked:
    """An object's checked fields: every valid one, and whether all of them were (nothing missing or wrong)."""

    values: dict[str, Any]
    complete: bool


class SchemaChecker:
    """Checks one document against field declarations; ``problems`` collects every diagnostic."""

    def __init__(self, document: Document, vocabularies: Vocabularies, today: dt.date, *,
                 root: tuple[Field, ...], extra: dict[str, Vocabulary[Any]] | None = None) -> None:
        self.document = document
        self.vocabularies = vocabularies
        self.today = today
        #: Vocabularies that belong to the site rather than the package (authors, products).
        self.extra = extra or {}
        #: The document's top-level fields, for hints about a field written at the wrong depth.
        self.root = root
        self.problems: list[Diagnostic] = []

    def vocabulary(self, name: str) -> Vocabulary[Any]:
        """The vocabulary called ``name``: the package's, or one the caller supplied."""
        return self.extra[name] if name in self.extra else getattr(self.vocabularies, name)

    def error(self, at: FieldPath, message: str, line: int | None = None) -> None:
        """Report a problem with the value at ``at`` (on its line, unless ``line`` says otherwise)."""
        self.problems.append(Diagnostic(self.document.path, line or self.document.line(at),
                                        format_path(at) or "front matter", message))

    def body_error(self, line: int, message: str) -> None:
        """Report a problem in the text below the front matter."""
        self.problems.append(Diagnostic(self.document.path, line, "body", message))

    def check_object(self, fields: tuple[Field, ...], data: dict[str, Any], at: FieldPath) -> Checked:
        """Check ``data`` against ``fields``: unknown keys, missing required fields, and each value."""
        known = [f.key for f in fields]
        for key in data:
            if not isinstance(key, str):
                continue  # reported by the parser, which knows the key's line
            if key not in known:
                self.error(at + (key,), f"unknown field; {_unknown_field_hint(key, fields, at, self.root)}")
        values: dict[str, Any] = {}
        complete = True
        for spec in fields:
            if data.get(spec.key) is None and spec.default is not None:
                values[spec.key] = self.check_value(spec, spec.default, at + (spec.key,))
                continue
            if data.get(spec.key) is None:
                if spec.required:
                    present = spec.key in data
                    self.error(at + (spec.key,), "required field is empty" if present else "required field is missing",
                               line=self.document.line(at + (spec.key,)) if present else self.document.line(at))
                    complete = False
                continue
            value = self.check_value(spec, data[spec.key], at + (spec.key,))
            if value is INVALID:
                complete = False
            else:
                values[spec.key] = value
        return Checked(values, complete)

    def check_value(self, spec: Field, value: Any, at: FieldPath) -> Any:
        """The value as the model keeps it, or :data:`INVALID` after reporting why."""
        return kind_rules(spec.kind).check(self, spec, value, at)

    def check_safe_markdown(self, body: str) -> None:
        """Render the body as the site does and report whatever the sanitiser would remove, at its line."""
        lines = body.split("\n")
        reported = {d.line for d in self.problems if d.field == "body"}  # raw HTML already named on its line
        for what, clue in sanitize.removed(sanitize.render(body)):
            offset = next((i for i, line in enumerate(lines) if clue and clue.casefold() in line.casefold()), 0)
            if self.document.body_line + offset not in reported:
                self.body_error(self.document.body_line + offset, f"{what} would be removed as unsafe; take it out")


# Field kinds ---------------------------------------------------------------------------------------------

class FieldKind:
    """What the catalogue does with a value of one kind. Subclasses override what differs from plain text."""

    #: How the field reference names the kind, in Danish.
    reader_label: str = ""

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        """The value as the model keeps it, or :data:`INVALID` after reporting the problem to ``checker``."""
        raise NotImplementedError

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        """The JSON Schema of a value (title, description and default are added by :func:`field_schema`)."""
        raise NotImplementedError

    def written(self, spec: Field, value: Any) -> Any:
        """The model value as a product file writes it (what the API publishes); never None here."""
        return value

    def reader_text(self, spec: Field) -> str:
        """How the field reference describes the kind of ``spec``."""
        return self.reader_label

    def fits_cell(self, spec: Field) -> bool:
        """True when a value fits one CSV cell (a list of such values is joined with ';')."""
        return True


def _article(noun: str) -> str:
    """'a' or 'an' before ``noun``, by sound: "an SPDX licence id", "a supplier", "an author"."""
    if noun[:2].isupper():  # an acronym is read letter by letter
        return "an" if noun[0] in "AEFHILMNORSX" else "a"
    return "an" if noun[:1].lower() in "aeiou" else "a"


class TextKind(FieldKind):
    """Text: one line (no markup), or a quotation that keeps its line breaks."""

    reader_label = "tekst"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            checker.error(at, f"expected text, got {describe(value)}; put the value in quotes")
            return INVALID
        text = normalised_text(spec, value)
        problem = text_problem(spec, text)
        if problem:
            checker.error(at, problem)
            return INVALID
        return text

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if spec.max_length:
            schema["maxLength"] = spec.max_length
        return schema


class SlugKind(FieldKind):
    """A slug: lower-case ASCII words joined by '-' (a file name without .md, an address)."""

    reader_label = "slug (små bogstaver a-z, tal og bindestreger)"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or not _SLUG.match(value):
            shown = value if isinstance(value, str) else describe(value)
            checker.error(at, f"'{shown}' is not a slug; use lower-case ASCII words joined by '-', "
                              f"e.g. '{slugify(str(value))}'")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN}


class FlagKind(FieldKind):
    """true or false."""

    reader_label = "true eller false"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, bool):
            checker.error(at, f"expected true or false, got {describe(value)}")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "boolean"}


class DateKind(FieldKind):
    """A calendar date, YYYY-MM-DD; not after the build date unless the field allows it."""

    reader_label = "dato (ÅÅÅÅ-MM-DD)"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if isinstance(value, InvalidDate):
            checker.error(at, f"'{value}' is not a real date")
            return INVALID
        date = as_date(value)
        if date is None:
            shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
            checker.error(at, f"expected a date YYYY-MM-DD, got '{shown}'")
            return INVALID
        if date > checker.today and not spec.future_allowed:
            checker.error(at, f"{date.isoformat()} is after the build date {checker.today.isoformat()}")
            return INVALID
        return date

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}

    def written(self, spec: Field, value: Any) -> Any:
        return value.isoformat()


class DatedKind(DateKind):
    """A date, or the dates below the key (``created``, ``updated``); the value kept is the first of them."""

    reader_label = "dato (ÅÅÅÅ-MM-DD) eller datoer under nøglen"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if isinstance(value, dict):
            checked = checker.check_object(spec.fields, value, at)
            return checked.values[spec.fields[0].key] if checked.complete else INVALID
        return super().check(checker, spec, value, at)

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"anyOf": [super().json_schema(spec, vocabularies), object_schema(spec.fields, vocabularies)]}


class UrlKind(FieldKind):
    """An http(s) address."""

    reader_label = "adresse (https://…)"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str):
            checker.error(at, f"expected a URL, got {describe(value)}")
            return INVALID
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as error:
            checker.error(at, f"'{value}' is not a valid URL ({error}); check the address")
            return INVALID
        hidden = invisible(value)
        if hidden:
            checker.error(at, f"contains {hidden}; remove it")
            return INVALID
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value) \
                or any(c in value for c in "<>\"'"):
            hint = f"; did you mean 'https://{value}'?" if not parts.scheme and "." in value.split("/")[0] else ""
            checker.error(at, f"'{value}' is not a valid http(s) URL{hint}")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"}


class PathKind(FieldKind):
    """A file in the site (below docs/), never an address on another site."""

    reader_label = "sti til en fil i webstedet"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or not value.strip():
            checker.error(at, f"expected a path in the site such as assets/avatars/person.svg, got {describe(value)}")
            return INVALID
        hidden = invisible(value)
        first = value.split("/")[0]
        if hidden or ":" in first or value.startswith("/") or ".." in value.split("/") or \
                any(c.isspace() or c in "<>\"'\\?#" for c in value):
            why = f"contains {hidden}" if hidden else "is not a plain path in the site"
            checker.error(at, f"'{value}' {why}; give a file below docs/, such as assets/avatars/person.svg")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[^/:\s<>\"'\\?#][^\s<>\"'\\?#]*$"}


class EmailKind(FieldKind):
    """An e-mail address."""

    reader_label = "e-mail"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, str) or not _EMAIL.match(value):
            shown = describe(value) if not isinstance(value, str) else repr(value)
            checker.error(at, f"{shown} is not a valid e-mail address")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "format": "email"}


class CountKind(FieldKind):
    """A whole number of 0 or more."""

    reader_label = "heltal"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            checker.error(at, f"expected a whole number of 0 or more, got {describe(value)}")
            return INVALID
        return value

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0}


class ChoiceKind(FieldKind):
    """One entry of a vocabulary, written as the vocabulary's key (a level's value, a body's id)."""

    reader_label = "en værdi fra en liste"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        vocabulary = checker.vocabulary(spec.vocabulary or "")
        keys = vocabulary.keys
        if isinstance(value, str) and value in vocabulary:
            return vocabulary[value]
        listing = ", ".join(keys)
        # Site data (authors, products) grows; only the package's small vocabularies are listed in full.
        in_full = len(keys) <= _LIST_IN_FULL and spec.vocabulary not in checker.extra
        noun = spec.noun or "value"
        if not isinstance(value, str) or isinstance(value, InvalidDate):
            checker.error(at, f"expected one of {listing}, got {describe(value)}" if in_full
                          else f"expected {_article(noun)} {noun}{'' if noun.endswith(' id') else ' id'} as text, "
                               f"got {describe(value)}")
            return INVALID
        aliases = {slugify(entry.name): key for key, entry in zip(keys, vocabulary, strict=True)
                   if hasattr(entry, "name")}
        hint = suggest(value, keys, aliases)
        tail = f"; did you mean '{hint}'?" if hint else ""
        if in_full:
            checker.error(at, f"'{value}' is not one of {listing}{tail}")
        else:
            checker.error(at, f"unknown {noun} '{value}'{tail or f' (the known ones are in {vocabulary.source})'}")
        return INVALID

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return {"type": "string", "enum": list(getattr(vocabularies, spec.vocabulary or "").keys)}

    def written(self, spec: Field, value: Any) -> Any:
        return written_key(value)


class ListKind(FieldKind):
    """A list of values of one kind (``item``)."""

    reader_label = "liste"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        assert spec.item is not None
        if not isinstance(value, list):
            checker.error(at, f"expected a list, got {describe(value)}; write [a, b] or one '- a' line per item")
            return INVALID
        if len(value) < spec.min_items:
            checker.error(at, f"needs at least {spec.min_items} {spec.item.noun or 'item'}")
            return INVALID
        items: list[Any] = []
        seen: set[Any] = set()
        valid = True
        for index, item in enumerate(value):
            if spec.unique and isinstance(item, str):
                if item in seen:
                    checker.error(at + (index,), f"'{item}' is listed twice")
                    valid = False
                    continue
                seen.add(item)
            checked = checker.check_value(spec.item, item, at + (index,))
            if checked is INVALID:
                valid = False
            else:
                items.append(checked)
        return tuple(items) if valid else INVALID

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        assert spec.item is not None
        schema: dict[str, Any] = {"type": "array", "items": field_schema(spec.item, vocabularies)}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.unique:
            schema["uniqueItems"] = True
        return schema

    def written(self, spec: Field, value: Any) -> Any:
        assert spec.item is not None
        return [written(spec.item, item) for item in value]

    def fits_cell(self, spec: Field) -> bool:
        assert spec.item is not None
        return kind_rules(spec.item.kind).fits_cell(spec.item)


class MapKind(FieldKind):
    """Entries keyed by a vocabulary's keys (``<requirement id>: …``), kept in the vocabulary's order."""

    reader_label = "opslag"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        assert spec.item is not None
        if not isinstance(value, dict):
            checker.error(at, f"expected one '<{spec.noun}>: …' entry per line indented below '{spec.key}', "
                              f"got {describe(value)}")
            return INVALID
        vocabulary = checker.vocabulary(spec.vocabulary or "")
        entries: dict[str, Any] = {}
        valid = True
        for key, item in value.items():
            if not isinstance(key, str):
                continue  # reported by the parser
            if key not in vocabulary:
                hint = suggest(key, vocabulary.keys)
                tail = f"; did you mean '{hint}'?" if hint else ""
                checker.error(at + (key,), f"unknown {spec.noun} '{key}'{tail}")
                valid = False
                continue
            checked = checker.check_value(spec.item, item, at + (key,))
            if checked is INVALID:
                valid = False
            else:
                entries[key] = checked
        return tuple((key, entries[key]) for key in vocabulary.in_order(entries)) if valid else INVALID

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        assert spec.item is not None
        item = field_schema(spec.item, vocabularies)
        return {"type": "object", "additionalProperties": False,
                "properties": {key: item for key in getattr(vocabularies, spec.vocabulary or "").keys}}

    def written(self, spec: Field, value: Any) -> Any:
        assert spec.item is not None
        return {key: written(spec.item, item) for key, item in value}

    def fits_cell(self, spec: Field) -> bool:
        return False

    def reader_text(self, spec: Field) -> str:
        return f"opslag pr. {spec.key_label}" if spec.key_label else self.reader_label


class ObjectKind(FieldKind):
    """Named fields below the key, built into a model object (``build``)."""

    reader_label = "felter"

    def check(self, checker: SchemaChecker, spec: Field, value: Any, at: FieldPath) -> Any:
        if not isinstance(value, dict):
            checker.error(at, f"expected fields (name: value) indented below '{spec.key}', got {describe(value)}")
            return INVALID
        checked = checker.check_object(spec.fields, value, at)
        if not checked.complete:
            return INVALID
        assert spec.build is not None
        return spec.build(**checked.values)

    def json_schema(self, spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
        return object_schema(spec.fields, vocabularies)

    def written(self, spec: Field, value: Any) -> Any:
        return written_object(spec.fields, value)

    def fits_cell(self, spec: Field) -> bool:
        return False


_TEXT, _SLUG_KIND, _FLAG, _DATE, _DATED = TextKind(), SlugKind(), FlagKind(), DateKind(), DatedKind()
_URL, _PATH, _EMAIL_KIND, _COUNT, _CHOICE = UrlKind(), PathKind(), EmailKind(), CountKind(), ChoiceKind()
_LIST, _MAP, _OBJECT = ListKind(), MapKind(), ObjectKind()


def kind_rules(kind: Kind) -> FieldKind:
    """The rules of ``kind``. Every kind is handled: the type checker fails on a kind added without rules."""
    match kind:
        case "text":
            return _TEXT
        case "slug":
            return _SLUG_KIND
        case "flag":
            return _FLAG
        case "date":
            return _DATE
        case "dated":
            return _DATED
        case "url":
            return _URL
        case "path":
            return _PATH
        case "email":
            return _EMAIL_KIND
        case "count":
            return _COUNT
        case "choice":
            return _CHOICE
        case "list":
            return _LIST
        case "map":
            return _MAP
        case "object":
            return _OBJECT
        case _:
            assert_never(kind)


def written_key(entry: Any) -> str:
    """How a product file writes a vocabulary entry: its value where it has one (a level's "N1"), else its id."""
    return getattr(entry, "value", None) or entry.id


def written(spec: Field, value: Any) -> Any:
    """A model value in the shape a product file writes it (None stays None)."""
    return None if value is None else kind_rules(spec.kind).written(spec, value)


def written_object(fields: tuple[Field, ...], value: Any) -> dict[str, Any]:
    """A model object's fields as a product file writes them; empty optional fields are left out."""
    out: dict[str, Any] = {}
    for spec in fields:
        converted = written(spec, getattr(value, spec.attribute or spec.key))
        if spec.required or converted not in (None, (), [], {}):
            out[spec.key] = converted
    return out


def field_schema(spec: Field, vocabularies: Vocabularies) -> dict[str, Any]:
    """The JSON Schema of one field: its kind's schema, with its label, description and default."""
    schema: dict[str, Any] = {"title": spec.label, "description": spec.doc}
    if spec.default is not None:
        schema["default"] = spec.default
    schema.update(kind_rules(spec.kind).json_schema(spec, vocabularies))
    return schema


def object_schema(fields: tuple[Field, ...], vocabularies: Vocabularies) -> dict[str, Any]:
    """The JSON Schema of an object with ``fields``: no other keys, the required ones required."""
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {spec.key: field_schema(spec, vocabularies) for spec in fields}}
    required = [spec.key for spec in fields if spec.required]
    if required:
        schema["required"] = required
    return schema
