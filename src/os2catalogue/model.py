"""The catalogue's typed model: what pages, filters and exports read. Nothing downstream sees raw YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """A governance level (sandkasse, N1, N2, N3) or "ikke vurderet" (rank None)."""

    id: str
    value: str
    label: str
    rank: int | None
    summary: str
    description: str


@dataclass(frozen=True)
class LifecycleStage:
    """A stage in OS2's lifecycle: idé, projekt, produkt, udtrådt."""

    id: str
    value: str
    label: str
    description: str


@dataclass(frozen=True)
class Category:
    """A catalogue category."""

    id: str
    label: str


@dataclass(frozen=True)
class BodyKind:
    """A kind of user: kommune, region or another public body."""

    id: str
    label: str
    plural: str


@dataclass(frozen=True)
class Body:
    """A public body that can use a product (anvender)."""

    id: str
    kind: str
    name: str
    code: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Supplier:
    """A supplier working on OS2 products."""

    id: str
    name: str
    website: str | None = None


@dataclass(frozen=True)
class Role:
    """A supplier's role on a product: udvikling, drift or support."""

    id: str
    label: str


@dataclass(frozen=True)
class Licence:
    """An SPDX licence id with a Danish label."""

    id: str
    label: str
    osi: bool


@dataclass(frozen=True)
class Theme:
    """One of the four themes of the governance model."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Requirement:
    """One of the 43 requirements (R1…G14) of governancerapport v1.1.0."""

    id: str
    theme: Theme
    level: Level
    recommendation: bool
    title: str
    explanation: str
    history: str | None = None

    @property
    def number(self) -> int:
        """The numeric part of the id, for ordering (F10 after F7)."""
        return int(self.id[1:])


@dataclass(frozen=True)
class DecisionKind:
    """Whether a level is the board's decision or the secretariat's recommendation."""

    id: str
    label: str


@dataclass(frozen=True)
class LevelDecision:
    """Who placed a product on its level, when, and where that is published."""

    kind: DecisionKind
    date: dt.date
    source: str


@dataclass(frozen=True)
class UsersReported:
    """A number of users stated by a source, when the bodies are not all named."""

    count: int
    date: dt.date
    note: str
    source: str


@dataclass(frozen=True)
class SupplierEngagement:
    """A supplier and its roles on one product (empty roles: not stated by any source)."""

    supplier: Supplier
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class Coordinator:
    """The product coordinator (produktkoordinator) to contact."""

    name: str
    organisation: str
    email: str | None = None


@dataclass(frozen=True)
class Repository:
    """A source-code repository and its licence."""

    url: str
    licence: Licence


@dataclass(frozen=True)
class PostCategory:
    """A news category (Nyhed, Blog, Case, Bestyrelsen, Produkt)."""

    id: str
    label: str


@dataclass(frozen=True)
class Status:
    """A product's own answer to a requirement: opfyldt, ikke opfyldt, planlagt, ikke relevant, uafklaret."""

    id: str
    value: str
    label: str
    symbol: str
    needs_explanation: bool
    report_answers: tuple[str, ...]


@dataclass(frozen=True)
class Rating:
    """The secretariat's traffic light for one requirement: grøn, gul, rød, grå."""

    id: str
    value: str
    label: str
    symbol: str


@dataclass(frozen=True)
class RequirementAnswer:
    """How a product answers one requirement (comply or explain), with evidence."""

    status: Status
    explanation: str | None = None
    evidence: tuple[str, ...] = ()
    assessment: Rating | None = None


@dataclass(frozen=True)
class Governance:
    """A product's governance report (self-assessment) and, optionally, the secretariat's assessment."""

    template_version: str
    report_date: dt.date
    report_url: str
    requirements: tuple[tuple[str, RequirementAnswer], ...] = ()
    assessment_date: dt.date | None = None
    assessment_url: str | None = None

    def answer(self, requirement_id: str) -> RequirementAnswer | None:
        """The answer to ``requirement_id``, or None when the report leaves it blank."""
        return next((a for rid, a in self.requirements if rid == requirement_id), None)


@dataclass(frozen=True)
class CallKind:
    """A kind of open call: crowdfunding or tilslutning."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class OpenCall:
    """A call to public bodies to fund or join a product, with its deadline or closing date."""

    title: str
    kind: CallKind
    url: str
    target_dkk: int | None = None
    committed_dkk: int | None = None
    committed: tuple[Body, ...] = ()
    committed_count: int | None = None
    deadline: dt.date | None = None
    closed: dt.date | None = None
    contact: str | None = None

    def is_open(self, today: dt.date) -> bool:
        """Open while its deadline has not passed and it has not been reported closed."""
        return self.closed is None and self.deadline is not None and self.deadline >= today


@dataclass(frozen=True)
class Product:
    """One OS2 product, validated."""

    slug: str
    source_path: str
    name: str
    short_description: str
    level: Level
    lifecycle: LifecycleStage
    categories: tuple[Category, ...]
    last_reviewed: dt.date
    body: str
    summary_en: str | None = None
    level_decision: LevelDecision | None = None
    users: tuple[Body, ...] = ()
    users_reported: UsersReported | None = None
    suppliers: tuple[SupplierEngagement, ...] = ()
    coordinator: Coordinator | None = None
    repositories: tuple[Repository, ...] = ()
    website: str | None = None
    documentation: str | None = None
    sources: tuple[str, ...] = ()
    governance: Governance | None = None
    calls: tuple[OpenCall, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def licences(self) -> tuple[Licence, ...]:
        """The distinct licences of the product's repositories, sorted by id."""
        return tuple(sorted({r.licence for r in self.repositories}, key=lambda licence: licence.id))
