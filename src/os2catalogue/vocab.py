"""Controlled vocabularies, one YAML data file each, loaded into typed objects."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Generic, Iterator, TypeVar

import yaml

from os2catalogue.model import (
    Body,
    BodyKind,
    CallKind,
    Category,
    DecisionKind,
    Level,
    Licence,
    LifecycleStage,
    PostCategory,
    Rating,
    Requirement,
    Role,
    Status,
    Supplier,
    Theme,
)

T = TypeVar("T")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        return tuple(self._by_key)


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
    statuses: Vocabulary[Status]
    ratings: Vocabulary[Rating]
    call_kinds: Vocabulary[CallKind]
    post_categories: Vocabulary[PostCategory]
    themes: Vocabulary[Theme]
    requirements: Vocabulary[Requirement]
    #: Requirement ids of older checklists and the id that replaced them (F8 → F7).
    retired_requirements: dict[str, str]

    def level_by_id(self, level_id: str) -> Level:
        """The level with the URL id ``level_id`` (levels are looked up by value elsewhere)."""
        return next(level for level in self.levels if level.id == level_id)


def _read(name: str) -> Any:
    text = resources.files("os2catalogue").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)


@functools.lru_cache(maxsize=1)
def load_vocabularies() -> Vocabularies:
    """Load and cross-check every vocabulary from the package's data files."""
    levels = [Level(rank=e.get("rank"), **{k: e[k] for k in ("id", "value", "label", "summary", "description")})
              for e in _read("levels.yml")["levels"]]
    level_vocab = Vocabulary("levels", levels, key="value")
    by_level_id = {level.id: level for level in levels}
    body_kinds = Vocabulary("body_kinds", [BodyKind(**e) for e in _read("body_kinds.yml")["body_kinds"]])
    bodies = Vocabulary("bodies", [Body(**e) for e in _read("bodies.yml")["bodies"]])
    for body in bodies:
        if body.kind not in body_kinds:
            raise ValueError(f"vocabulary bodies: {body.id} has unknown kind {body.kind!r}")
    requirements_data = _read("requirements.yml")
    themes = Vocabulary("themes", [Theme(**e) for e in requirements_data["themes"]])
    requirements = Vocabulary(
        "requirements",
        [
            Requirement(
                id=e["id"],
                theme=themes[e["theme"]],
                level=by_level_id[e["level"]],
                recommendation=bool(e["recommendation"]),
                title=e["title"],
                explanation=e["explanation"],
                history=e.get("history"),
            )
            for e in requirements_data["requirements"]
        ],
    )
    return Vocabularies(
        levels=level_vocab,
        lifecycle=Vocabulary("lifecycle", [LifecycleStage(**e) for e in _read("lifecycle.yml")["lifecycle"]],
                             key="value"),
        categories=Vocabulary("categories", [Category(**e) for e in _read("categories.yml")["categories"]]),
        body_kinds=body_kinds,
        bodies=bodies,
        suppliers=Vocabulary("suppliers", [Supplier(**e) for e in _read("suppliers.yml")["suppliers"]]),
        roles=Vocabulary("roles", [Role(**e) for e in _read("roles.yml")["roles"]]),
        licences=Vocabulary("licences", [Licence(**e) for e in _read("licences.yml")["licences"]]),
        decision_kinds=Vocabulary("decision_kinds",
                                  [DecisionKind(**e) for e in _read("decision_kinds.yml")["decision_kinds"]]),
        statuses=Vocabulary("statuses", [Status(**{**e, "report_answers": tuple(e["report_answers"])})
                                          for e in _read("statuses.yml")["statuses"]], key="value"),
        ratings=Vocabulary("ratings", [Rating(**e) for e in _read("ratings.yml")["ratings"]], key="value"),
        post_categories=Vocabulary("post_categories", [PostCategory(**e) for e in
                                                        _read("post_categories.yml")["post_categories"]], key="label"),
        call_kinds=Vocabulary("call_kinds", [CallKind(**e) for e in _read("call_kinds.yml")["call_kinds"]]),
        themes=themes,
        requirements=requirements,
        retired_requirements=dict(requirements_data.get("retired", {})),
    )
