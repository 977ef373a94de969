"""Controlled vocabularies, one YAML data file each, loaded into typed objects."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Iterable, Iterator, TypeVar

import yaml

from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import Document, format_path, parse_yaml_file
from os2catalogue.model import (
    Badge,
    Body,
    BodyKind,
    CallKind,
    Category,
    DateSource,
    DecisionKind,
    GovernanceModel,
    Level,
    Licence,
    LifecycleStage,
    PostCategory,
    Rating,
    ReportFormat,
    Requirement,
    Role,
    Status,
    Supplier,
    Theme,
    UserRelation,
)

T = TypeVar("T")

#: How a report's answers are tallied (see governance.tally); statuses.yml gives each its words.
TALLIES = ("met", "explained", "unexplained", "unanswered")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Emoji variation selectors and zero-width joiners: "☑︎" and "☑" are the same tick.
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200d]")
_BRACKETED = re.compile(r"^\[[^\[\]]*\]$")
_WORD = re.compile(r"[^\W_]+")
_FRAGMENTS = re.compile(r"[\[\]?!.;:,\n]+")
_LINK = re.compile(r"https?://", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The words of ``text``, case folded, punctuation and spacing dropped: "Hvor ?" → ["hvor"]."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def spelling_key(text: str) -> str:
    """How an answer word or placeholder is compared: case, spacing and variation selectors ignored."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class RequirementId:
    """A requirement id any governance model uses (the keys a report's answers may have)."""

    id: str


class Vocabulary(Generic[T]):
    """An ordered set of entries, looked up by the value a product file writes."""

    def __init__(self, name: str, entries: list[T], key: str = "id", source: str | None = None) -> None:
        self.name = name
        #: Where the entries are kept, for error messages.
        self.source = source or f"src/os2catalogue/data/{name}.yml"
        self.entries: tuple[T, ...] = tuple(entries)
        self._by_key: dict[str, T] = {}
        for entry in entries:
            value = getattr(entry, key)
            if value in self._by_key:
                raise ValueError(f"vocabulary {name}: duplicate {key} {value!r}")
            self._by_key[value] = entry
        self._keys = tuple(self._by_key)
        self._position = {value: index for index, value in enumerate(self._keys)}

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> T | None:
        """The entry written as ``key``, or None."""
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> T:
        return self._by_key[key]

    @property
    def keys(self) -> tuple[str, ...]:
        """The accepted values, in the file's order."""
        return self._keys

    def in_order(self, written: Iterable[str]) -> list[str]:
        """The vocabulary's own keys for ``written`` (each an accepted value), in the file's order. A product file's
        copy of a key is not kept: a large catalogue writes each key thousands of times (at 5000 products the
        copies were 10 MiB)."""
        return [self._keys[index] for index in sorted(self._position[key] for key in written)]


@dataclass(frozen=True)
class Vocabularies:
    """Every controlled vocabulary of the catalogue."""

    levels: Vocabulary[Level]
    lifecycle: Vocabulary[LifecycleStage]
    categories: Vocabulary[Category]
    body_kinds: Vocabulary[BodyKind]
    bodies: Vocabulary[Body]
    suppliers: Vocabulary[Supplier]
    roles: Vocabulary[Role]
    licences: Vocabulary[Licence]
    decision_kinds: Vocabulary[DecisionKind]
    user_relations: Vocabulary[UserRelation]
    statuses: Vocabulary[Status]
    ratings: Vocabulary[Rating]
    call_kinds: Vocabulary[CallKind]
    post_categories: Vocabulary[PostCategory]
    themes: Vocabulary[Theme]
    requirements: Vocabulary[Requirement]
    #: Requirement ids of older checklists and the id that replaced them (F8 → F7).
    retired_requirements: dict[str, str]
    models: Vocabulary[GovernanceModel]
    report_formats: Vocabulary[ReportFormat]
    date_sources: Vocabulary[DateSource]
    #: Every requirement id of every model, current model first: the keys a report's answers may use.
    requirement_ids: Vocabulary[RequirementId]
    #: Texts that are not a product's own words (template prompts, generator fill-ins), as their words.
    placeholders: frozenset[str]
    #: Words that begin an instruction left from a template ("indsæt", "udfyld").
    instruction_words: tuple[str, ...]
    #: What makes a real explanation (statuses.yml, ``explanation``): min_words, filler, rule.
    explanation: dict[str, Any]
    #: Words in a title or header that mark a document as a draft.
    draft_markers: tuple[str, ...]
    #: What a status's ``counts`` value means, in Danish for readers (met, explained, never).
    count_meanings: dict[str, str]
    #: How a report's answers are counted, in order: met, explained, unexplained, unanswered → Danish words.
    tally_labels: dict[str, str]

    @property
    def assessed_levels(self) -> tuple[Level, ...]:
        """The levels a product can be placed on, lowest first."""
        return tuple(sorted((lvl for lvl in self.levels if lvl.assessed), key=lambda lvl: lvl.order))

    @property
    def unassessed_level(self) -> Level:
        """The level that says a product is not assessed ("ikke vurderet")."""
        return next(lvl for lvl in self.levels if not lvl.assessed)

    def lifecycle_for_publiccode(self, status: str) -> LifecycleStage | None:
        """The stage a publiccode.yml's developmentStatus is read as, or None when no stage reads it."""
        return next((stage for stage in self.lifecycle if status in stage.publiccode_reads), None)

    def level_by_id(self, level_id: str) -> Level:
        """The level with the URL id ``level_id`` (levels are looked up by value elsewhere)."""
        return next(level for level in self.levels if level.id == level_id)

    @property
    def current_model(self) -> GovernanceModel:
        """The governance model products are placed by today."""
        return next(model for model in self.models if model.current)

    @property
    def not_answered(self) -> Status:
        """The status that stands for no answer (a blank cell or a placeholder)."""
        return next(status for status in self.statuses if not status.answered)

    @property
    def never_counting(self) -> tuple[Status, ...]:
        """The answers that never count although they are answers ("ved ikke"), in the data file's order."""
        return tuple(status for status in self.statuses if status.answered and status.never_counts)

    @property
    def unknown_answer(self) -> Status:
        """The status an answer word that no status lists is imported as (with a warning)."""
        return next(status for status in self.statuses if status.unknown)

    def status_for(self, written: str) -> Status | None:
        """The status a report means by ``written`` (a word, mark or tick), or None when no status lists it."""
        key = spelling_key(written)
        return next((s for s in self.statuses if key in {spelling_key(w) for w in s.spellings}), None)

    def rating_for(self, written: str) -> Rating | None:
        """The traffic light an evaluation means by ``written``, or None."""
        key = spelling_key(written)
        return next((r for r in self.ratings if key in {spelling_key(w) for w in (*r.spellings, r.value)}), None)

    def _is_prompt(self, found: list[str]) -> bool:
        return not found or " ".join(found) in self.placeholders or found[0] in self.instruction_words

    def is_placeholder(self, text: str | None) -> bool:
        """True when ``text`` is not the author's own words: empty, punctuation only, a template prompt or fill-in,
        an instruction in square brackets, or only such pieces ("Hvor? Hvordan?")."""
        if text is None or self._is_prompt(words(text)) or _BRACKETED.match(spelling_key(text)):
            return True
        return all(self._is_prompt(words(fragment)) for fragment in _FRAGMENTS.split(text))

    @functools.cached_property
    def _answer_phrases(self) -> tuple[frozenset[str], frozenset[str]]:
        """The filler words an explanation may hold, and every answer word's words (see :meth:`is_explanation`)."""
        return (frozenset(self.explanation["filler"]),
                frozenset(" ".join(words(w)) for s in self.statuses for w in (*s.spellings, s.label, s.value)))

    @functools.cached_property
    def _explanations(self) -> dict[str, bool]:
        # Every page and export that tallies a report asks again about the same quotes.
        return {}

    def forget_judged_texts(self) -> None:
        """Let go of the texts :meth:`is_explanation` has judged (it remembers them while pages are made)."""
        self.__dict__.pop("_explanations", None)

    def is_explanation(self, text: str | None) -> bool:
        """True when ``text`` really explains an answer: the author's own words, at least ``min_words`` words or a
        link, saying more than an answer word ("Ikke relevant pt." only repeats the answer)."""
        if text is None:
            return False
        known = self._explanations.get(text)
        if known is None:
            known = self._explanations[text] = self._judge_explanation(text)
        return known

    def _judge_explanation(self, text: str) -> bool:
        if self.is_placeholder(text):
            return False
        if _LINK.search(text):
            return True
        filler, answers = self._answer_phrases
        meant = [w for w in words(text) if w not in filler]
        return " ".join(meant) not in answers and len(meant) >= int(self.explanation["min_words"])


#: Where the data files are read from: the package's own, unless a check points elsewhere.
_DATA_DIR: Path | None = None
DATA_DIR_SHOWN = "src/os2catalogue/data"
#: An environment variable naming another folder of data files: a copy with a changed vocabulary (a test adds
#: a level this way; a community reusing the catalogue could keep its own).
DATA_DIR_VARIABLE = "OS2_DATA_DIR"


def _package_data() -> Path:
    return Path(str(resources.files("os2catalogue").joinpath("data")))


def data_folder() -> Path:
    """The folder the vocabularies are read from: ``$OS2_DATA_DIR`` when set, else the package's data."""
    chosen = os.environ.get(DATA_DIR_VARIABLE)
    return Path(chosen) if chosen else _package_data()


def _read(name: str) -> Any:
    source = (_DATA_DIR or data_folder()) / name
    return yaml.load(source.read_text(encoding="utf-8"), Loader=_Loader)


@functools.lru_cache(maxsize=1)
def load_vocabularies() -> Vocabularies:
    """Load and cross-check every vocabulary from the package's data files (see :func:`check_data_files`)."""
    return _build()


def check_data_files(data_dir: Path | None = None) -> list[Diagnostic]:
    """Every problem in the vocabularies' data files (see :func:`_check_data_files`); the answer is kept while the
    files' contents stay the same, because the build, ``validate`` and the tests ask often."""
    folder = data_dir or data_folder()
    contents = tuple((path.name, path.is_symlink(), path.read_bytes() if path.is_file() else b"")
                     for path in sorted(folder.iterdir()))
    return list(_checked_data_files(data_dir, folder, hash(contents)))


@functools.lru_cache(maxsize=8)
def _checked_data_files(data_dir: Path | None, folder: Path, contents: int) -> tuple[Diagnostic, ...]:
    return tuple(_check_data_files(data_dir))


def _check_data_files(data_dir: Path | None = None) -> list[Diagnostic]:
    """Every problem in the vocabularies' data files, with file and line; empty when they load.

    Members may change these files by pull request (to add a supplier, say), so a mistake must read like any other
    file's mistake, never as a traceback. Each file is parsed as strictly as a product file; entries must be
    fields with a unique ``id``; every text must be plain (it reaches pages); then the vocabularies are built.
    """
    global _DATA_DIR
    folder = data_dir or data_folder()
    # Messages name the folder as the repository knows it, or the other folder given by OS2_DATA_DIR.
    folder_shown = DATA_DIR_SHOWN if data_dir is not None or folder == _package_data() else str(folder)
    problems: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        shown = f"{folder_shown}/{path.name}"
        if path.suffix != ".yml" or path.is_symlink() or not path.is_file():
            problems.append(Diagnostic(shown, 1, "file", "not a data file; the folder holds only .yml files"))
            continue
        document, found = parse_yaml_file(shown, path.read_bytes())
        problems += found
        if document is not None:
            problems += _entry_problems(document)
    if problems:
        return problems
    _DATA_DIR = data_dir
    try:
        _build()
    except (KeyError, TypeError, ValueError, AttributeError, StopIteration) as error:
        detail = f"missing field {error}" if isinstance(error, KeyError) else str(error) or type(error).__name__
        problems.append(Diagnostic(folder_shown, 1, "data", f"the vocabularies do not load: {detail}"))
    finally:
        _DATA_DIR = None
    return problems


#: The data files whose entries are one model class each: their fields are that class's fields.
_ENTRY_CLASSES: dict[str, tuple[str, type]] = {
    "bodies.yml": ("bodies", Body), "body_kinds.yml": ("body_kinds", BodyKind), "call_kinds.yml": ("call_kinds", CallKind),
    "categories.yml": ("categories", Category), "decision_kinds.yml": ("decision_kinds", DecisionKind),
    "licences.yml": ("licences", Licence),
    "post_categories.yml": ("post_categories", PostCategory), "roles.yml": ("roles", Role),
    "suppliers.yml": ("suppliers", Supplier), "ratings.yml": ("ratings", Rating),
    "user_relations.yml": ("user_relations", UserRelation), "lifecycle.yml": ("lifecycle", LifecycleStage),
}


def _field_problems(document: Document) -> list[Diagnostic]:
    """In the files of one model class per entry: unknown and missing fields, at their lines."""
    name = document.path.rsplit("/", 1)[-1]
    if name not in _ENTRY_CLASSES:
        return []
    key, cls = _ENTRY_CLASSES[name]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    required = [n for n, f in fields.items() if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING]
    problems: list[Diagnostic] = []
    entries = document.data.get(key)
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        for field_name in entry:
            if field_name not in fields:
                at = (key, index, field_name)
                problems.append(Diagnostic(document.path, document.line(at), format_path(at),
                                           f"unknown field; the fields here are {', '.join(fields)}"))
        for field_name in required:
            if field_name not in entry and field_name != "id":  # a missing id has its own message
                problems.append(Diagnostic(document.path, document.line((key, index)), format_path((key, index)),
                                           f"'{field_name}' is missing"))
    return problems


def _colour_problems(document: Document) -> list[Diagnostic]:
    """Badges and symbol colours, checked where they are written (they reach a stylesheet)."""
    problems: list[Diagnostic] = []
    for key, entries in document.data.items():
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            for field in ("badge", "colour"):
                if field in entry:
                    try:
                        if field == "badge":
                            badge(entry[field])
                        else:
                            symbol_colour(entry)
                    except ValueError as error:
                        at: tuple[Any, ...] = (key, index, field)
                        message = str(error)
                        part, _, rest = message.partition(": ")
                        if part in ("background", "text", "border"):  # a badge's own field
                            at, message = at + (part,), rest
                        problems.append(Diagnostic(document.path, document.line(at), format_path(at), message))
    return problems


def _entry_problems(document: Document) -> list[Diagnostic]:
    """Lists of entries: each a set of fields with a unique id; every text in the file plain and visible."""
    problems: list[Diagnostic] = _field_problems(document) + _colour_problems(document)

    def text(at: tuple[Any, ...], value: Any) -> None:
        if isinstance(value, str):
            problem = invisible_or_markup(value)
            if problem:
                problems.append(Diagnostic(document.path, document.line(at), format_path(at), problem))
        elif isinstance(value, dict):
            for key, item in value.items():
                text(at + (key,), item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                text(at + (index,), item)

    text((), document.data)
    for key, entries in document.data.items():
        if not isinstance(entries, list) or not any(isinstance(e, dict) for e in entries):
            continue  # not a list of entries (a list of words, say)
        seen: dict[Any, int] = {}
        for index, entry in enumerate(entries):
            at = (key, index)
            if not isinstance(entry, dict) or "id" not in entry:
                problems.append(Diagnostic(document.path, document.line(at), format_path(at),
                                           "expected fields with an 'id', like the other entries"))
                continue
            if entry["id"] in seen:
                problems.append(Diagnostic(document.path, document.line(at), format_path(at),
                                           f"id '{entry['id']}' is used twice (first on line {seen[entry['id']]})"))
            seen.setdefault(entry["id"], document.line(at))
    return problems


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_BORDER = re.compile(r"(solid|dashed) (#[0-9a-fA-F]{6})")


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge(entry: Any) -> Badge:
    """A badge from a data file's ``badge`` fields; a ValueError says what is wrong. Colours are checked because
    they reach a stylesheet, and the text must stay readable on its background (WCAG 1.4.3, 4.5:1)."""
    if not isinstance(entry, dict) or set(entry) - {"background", "text", "border"}:
        raise ValueError("expected the fields background, text and (optionally) border")
    background, text, border = entry.get("background"), entry.get("text"), entry.get("border")
    for name, colour in (("background", background), ("text", text)):
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            raise ValueError(f"{name}: expected a colour written #rrggbb, got {colour!r}")
    if border is not None and (not isinstance(border, str) or not _BORDER.fullmatch(border)):
        raise ValueError(f"border: expected 'solid #rrggbb' or 'dashed #rrggbb', got {border!r}")
    assert isinstance(background, str) and isinstance(text, str)
    if contrast(background, text) < 4.5:
        raise ValueError(f"text {text} on {background} has a contrast of {contrast(background, text):.1f}:1; "
                         "it needs at least 4.5:1")
    return Badge(background.lower(), text.lower(), border.lower() if isinstance(border, str) else None)


def symbol_colour(entry: dict[str, Any]) -> str | None:
    """A status's or rating's ``colour``, checked: #rrggbb with at least 3:1 against white (WCAG 1.4.11)."""
    colour = entry.get("colour")
    if colour is None:
        return None
    if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
        raise ValueError(f"expected a colour written #rrggbb, got {colour!r}")
    if contrast(colour, "#ffffff") < 3:
        raise ValueError(f"{colour} has a contrast of {contrast(colour, '#ffffff'):.1f}:1 on white; it needs at least 3:1")
    return colour.lower()


def invisible_or_markup(text: str) -> str | None:
    """Why a data file's text cannot be shown as it is (hidden characters, HTML), or None."""
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs", "Cn"):
            return f"contains an invisible character U+{ord(char):04X}; remove it"
    if re.search(r"<[A-Za-z/!]", text):
        return "HTML is not allowed in the data files; write plain text"
    return None


def _build() -> Vocabularies:
    """Build every vocabulary from the data files and cross-check them."""
    levels = [Level(rank=e.get("rank"), badge=badge(e["badge"]),
                    **{k: e[k] for k in ("id", "value", "label", "summary", "description")})
              for e in _read("levels.yml")["levels"]]
    level_vocab = Vocabulary("levels", levels, key="value")
    by_level_id = {level.id: level for level in levels}
    body_kinds = Vocabulary("body_kinds", [BodyKind(**e) for e in _read("body_kinds.yml")["body_kinds"]])
    bodies = Vocabulary("bodies", [Body(**e) for e in _read("bodies.yml")["bodies"]])
    for body in bodies:
        if body.kind not in body_kinds:
            raise ValueError(f"vocabulary bodies: {body.id} has unknown kind {body.kind!r}")
    themes = Vocabulary("themes", [Theme(**e) for e in _read("requirements.yml")["themes"]])
    statuses_data = _read("statuses.yml")
    statuses = Vocabulary("statuses", [Status(**{**e, "spellings": tuple(e["spellings"]), "colour": symbol_colour(e)})
                                       for e in statuses_data["statuses"]], key="value")
    if {s.counts for s in statuses} - set(statuses_data["counts"]):
        raise ValueError("vocabulary statuses: a status's 'counts' is not explained under 'counts'")
    if tuple(statuses_data["tallies"]) != TALLIES:
        raise ValueError(f"vocabulary statuses: 'tallies' must give words for {', '.join(TALLIES)}, in that order")
    models = Vocabulary("models", [_model(e, themes, by_level_id) for e in _read("models.yml")["models"]])
    current = next(model for model in models if model.current)
    formats_data = _read("report_formats.yml")
    formats = Vocabulary("report_formats", [
        ReportFormat(
            id=e["id"], label=e["label"], kind=e["kind"], model=models[str(e["model"])],
            recognise=tuple(e["recognise"]), source=e["source"], empty_marks=tuple(e.get("empty_marks", ())),
            columns=tuple((role, tuple(headers)) for role, headers in e["columns"].items()),
            unticked_with_text=next(s for s in statuses if s.id == e["unticked_with_text"])
            if e.get("unticked_with_text") else None,
        )
        for e in formats_data["formats"]
    ])
    for report_format in formats:
        roles = dict(report_format.columns)
        if report_format.kind not in ("report", "assessment") or not set(report_format.recognise) <= set(roles):
            raise ValueError(f"vocabulary report_formats: {report_format.id} is not a report or assessment, "
                             "or recognises a column it does not declare")
    ids = list(dict.fromkeys(rid for model in [current, *models] for rid in model.ids))
    return Vocabularies(
        levels=level_vocab,
        lifecycle=Vocabulary("lifecycle", [LifecycleStage(**{**e, "badge": badge(e["badge"]) if "badge" in e else None})
                                          for e in _read("lifecycle.yml")["lifecycle"]],
                             key="value"),
        categories=Vocabulary("categories", [Category(**e) for e in _read("categories.yml")["categories"]]),
        body_kinds=body_kinds,
        bodies=bodies,
        suppliers=Vocabulary("suppliers", [Supplier(**e) for e in _read("suppliers.yml")["suppliers"]]),
        roles=Vocabulary("roles", [Role(**e) for e in _read("roles.yml")["roles"]]),
        licences=Vocabulary("licences", [Licence(**e) for e in _read("licences.yml")["licences"]]),
        decision_kinds=Vocabulary("decision_kinds",
                                  [DecisionKind(**e) for e in _read("decision_kinds.yml")["decision_kinds"]]),
        user_relations=Vocabulary("user_relations",
                                  [UserRelation(**e) for e in _read("user_relations.yml")["user_relations"]]),
        ratings=Vocabulary("ratings", [Rating(**{**e, "spellings": tuple(e.get("spellings", ())), "colour": symbol_colour(e)})
                                        for e in _read("ratings.yml")["ratings"]], key="value"),
        post_categories=Vocabulary("post_categories", [PostCategory(**e) for e in
                                                        _read("post_categories.yml")["post_categories"]], key="label"),
        call_kinds=Vocabulary("call_kinds", [CallKind(**e) for e in _read("call_kinds.yml")["call_kinds"]]),
        themes=themes,
        requirements=Vocabulary("requirements", list(current.requirements)),
        retired_requirements=dict(_read("requirements.yml").get("retired", {})),
        statuses=statuses,
        models=models,
        report_formats=formats,
        date_sources=Vocabulary("date_sources", [DateSource(**e) for e in formats_data["date_sources"]]),
        requirement_ids=Vocabulary("requirement_ids", [RequirementId(rid) for rid in ids],
                                   source="src/os2catalogue/data/requirements.yml"),
        placeholders=frozenset(" ".join(words(p)) for p in statuses_data["placeholders"]),
        instruction_words=tuple(statuses_data["instruction_words"]),
        explanation=dict(statuses_data["explanation"]),
        draft_markers=tuple(formats_data["draft_markers"]),
        count_meanings=dict(statuses_data["counts"]),
        tally_labels=dict(statuses_data["tallies"]),
    )


def _model(entry: dict[str, Any], themes: Vocabulary[Theme], levels: dict[str, Level]) -> GovernanceModel:
    """A governance model and the requirements its data file declares."""
    model_id = str(entry["id"])
    requirements = tuple(
        Requirement(
            id=e["id"], theme=themes[e["theme"]], level=levels[e["level"]], recommendation=bool(e["recommendation"]),
            title=e["title"], explanation=e.get("explanation", ""), history=e.get("history"), model=model_id,
            wordings=tuple(e.get("wordings", ())), current=e.get("current"), reason=e.get("reason"),
        )
        for e in _read(entry["requirements"])["requirements"]
    )
    if len({r.id for r in requirements}) != len(requirements):
        raise ValueError(f"vocabulary models: {model_id} declares a requirement twice")
    return GovernanceModel(id=model_id, label=entry["label"], description=entry["description"],
                           current=bool(entry["current"]), requirements=requirements,
                           level_labels=tuple(entry.get("level_labels", {}).items()))
