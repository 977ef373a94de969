"""The catalogue's typed model: what pages, filters and exports read. Nothing downstream sees raw YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from os2catalogue import urls

if TYPE_CHECKING:
    from os2catalogue.vocab import Vocabularies


@dataclass(frozen=True, slots=True)
class Badge:
    """How a value's badge looks: background and text colours (#rrggbb), and an optional border ("dashed #767676").
    The text in the badge carries the meaning; the colours only support it."""

    background: str
    text: str
    border: str | None = None


@dataclass(frozen=True, slots=True)
class Level:
    """A governance level (sandkasse, N1, N2, N3) or "ikke vurderet" (rank None)."""

    id: str
    value: str
    label: str
    rank: int | None
    summary: str
    description: str
    badge: Badge

    @property
    def assessed(self) -> bool:
        """True for a level a product can be placed on; False for "ikke vurderet"."""
        return self.rank is not None

    @property
    def order(self) -> int:
        """Position from lowest to highest; "ikke vurderet" comes before every assessed level."""
        return self.rank if self.rank is not None else -1

    def covers(self, other: Level) -> bool:
        """True when a requirement of level ``other`` applies at this level: levels are cumulative, so a level
        asks for its own requirements and every lower level's. "Ikke vurderet" covers nothing."""
        return self.rank is not None and other.rank is not None and other.rank <= self.rank


@dataclass(frozen=True, slots=True)
class LifecycleStage:
    """A stage in OS2's lifecycle: idé, projekt, produkt, udtrådt, nedlagt."""

    id: str
    value: str
    label: str
    description: str
    #: For a product no longer in OS2's portfolio: the notice its page shows ({name} is the product's name).
    notice: str | None = None
    #: The badge's colours, when they differ from the plain lifecycle badge.
    badge: Badge | None = None
    #: publiccode.yml's developmentStatus for the stage, and the statuses read back as the stage.
    publiccode: str = ""
    publiccode_reads: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "publiccode_reads", tuple(self.publiccode_reads))

    @property
    def retired(self) -> bool:
        """True when the product is no longer part of OS2's portfolio."""
        return self.notice is not None


@dataclass(frozen=True, slots=True)
class Category:
    """A catalogue category."""

    id: str
    label: str
    #: Words readers search for that the label does not contain as a word ("sikkerhed" in "Informationssikkerhed").
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "keywords", tuple(self.keywords))


@dataclass(frozen=True, slots=True)
class BodyKind:
    """A kind of user: kommune, region or another public body."""

    id: str
    label: str
    plural: str
    #: What the kind's official number is called ("kommunekode"), or None when the kind has none.
    code: str | None = None
    #: True when a body of the kind lies in a region.
    in_region: bool = False


@dataclass(frozen=True, slots=True)
class Body:
    """A public body that can use a product (anvender)."""

    id: str
    kind: str
    name: str
    code: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Supplier:
    """A supplier working on OS2 products."""

    id: str
    name: str
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A supplier's role on a product: udvikling, drift or support."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Licence:
    """An SPDX licence id with a Danish label."""

    id: str
    label: str
    osi: bool
    #: False for NOASSERTION: no source states the repository's licence.
    known: bool = True


@dataclass(frozen=True, slots=True)
class Theme:
    """One of the four themes of the governance model."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a governance model: R1…G14 of the current model, or of the 2018 checklist."""

    id: str
    theme: Theme
    level: Level
    recommendation: bool
    title: str
    explanation: str = ""
    history: str | None = None
    #: The id of the governance model the requirement belongs to.
    model: str = "gaeldende"
    #: How reports have worded the requirement (answers to the 2018 checklist are identified by wording).
    wordings: tuple[str, ...] = ()
    #: For an older model: the current requirement that is the same requirement, and why (or why none is).
    current: str | None = None
    reason: str | None = None

    @property
    def number(self) -> int:
        """The numeric part of the id, for ordering (F10 after F7)."""
        return int(self.id[1:])


@dataclass(frozen=True, slots=True)
class GovernanceModel:
    """A governance model a report can answer: the current one, or the 2018 checklist."""

    id: str
    label: str
    description: str
    current: bool
    requirements: tuple[Requirement, ...]
    #: What the model called a level where it differs from today's label (level id → label).
    level_labels: tuple[tuple[str, str], ...] = ()

    def requirement(self, requirement_id: str) -> Requirement | None:
        """The requirement ``requirement_id`` of this model, or None."""
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def up_to(self, level: Level, *, recommendations: bool) -> tuple[Requirement, ...]:
        """The requirements a product on ``level`` answers for, in the model's order: the level's own and every
        lower level's (levels are cumulative). Recommendations are left out unless asked for: they never count
        towards a level."""
        return tuple(r for r in self.requirements
                     if level.covers(r.level) and (recommendations or not r.recommendation))

    @property
    def ids(self) -> tuple[str, ...]:
        """The model's requirement ids in its own order."""
        return tuple(r.id for r in self.requirements)

    def level_label(self, level: Level) -> str:
        """The level's name in this model (the 2018 checklist's "niveau 0" is today's sandkasse)."""
        return dict(self.level_labels).get(level.id, level.label)


@dataclass(frozen=True, slots=True)
class DecisionKind:
    """Whether a level is the board's decision or the secretariat's recommendation."""

    id: str
    label: str
    #: True for the board's decision, which sets the level; a recommendation only advises it.
    board: bool
    #: How a page says it: "besluttet af bestyrelsen", "anbefalet af sekretariatet".
    phrase: str


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """A level set by the board or recommended by the secretariat: which, what level, when, and where published."""

    kind: DecisionKind
    level: Level
    date: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class UsersReported:
    """A number of users stated by a source, when the bodies are not all named."""

    count: int
    date: dt.date
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class UserRelation:
    """How a source connects a body to a product: it uses it, joined it, funded it, owns it, …"""

    id: str
    label: str
    phrase: str
    #: True when the relation says the body uses the product.
    use: bool


@dataclass(frozen=True, slots=True)
class UserStatement:
    """Bodies that one source names, in one relation to the product, with the source's date."""

    bodies: tuple[Body, ...]
    relation: UserRelation
    source: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class SupplierEngagement:
    """A supplier and its roles on one product (empty roles: not stated by the source), with its source."""

    supplier: Supplier
    roles: tuple[Role, ...]
    source: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Coordinator:
    """The product coordinator (produktkoordinator) to contact, as a source names them."""

    name: str
    source: str
    date: dt.date
    organisation: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class LifecycleSource:
    """The source that states where a product stands when it has left OS2 or been discontinued."""

    source: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Repository:
    """A source-code repository and its licence."""

    url: str
    licence: Licence


@dataclass(frozen=True, slots=True)
class PostCategory:
    """A news category (Nyhed, Blog, Case, Bestyrelsen, Produkt)."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Status:
    """A product's own answer to a requirement, and what it means for the documented level.

    ``counts`` is ``met`` (counts as met), ``explained`` (counts only with a real explanation) or ``never``.
    """

    id: str
    value: str
    label: str
    symbol: str
    counts: str
    spellings: tuple[str, ...]
    answered: bool = True
    #: True for the status an answer word no status lists becomes.
    unknown: bool = False
    #: The symbol's colour (#rrggbb), or None for the text colour.
    colour: str | None = None

    @property
    def is_met(self) -> bool:
        """True for the status that means the requirement is met."""
        return self.counts == "met"

    @property
    def can_be_explained(self) -> bool:
        """True when the answer counts as complied once the report explains it."""
        return self.counts == "explained"

    @property
    def never_counts(self) -> bool:
        """True when the answer never counts, explained or not (it says nothing about whether the requirement
        is met)."""
        return self.counts == "never"


@dataclass(frozen=True, slots=True)
class Rating:
    """The secretariat's traffic light for one requirement: grøn, gul, rød, grå."""

    id: str
    value: str
    label: str
    symbol: str
    spellings: tuple[str, ...] = ()
    #: The light's colour (#rrggbb).
    colour: str | None = None


@dataclass(frozen=True, slots=True)
class ReportFormat:
    """A table layout OS2's governance documents are published in (data file ``report_formats.yml``)."""

    id: str
    label: str
    kind: str
    model: GovernanceModel
    recognise: tuple[str, ...]
    columns: tuple[tuple[str, tuple[str, ...]], ...]
    source: str
    empty_marks: tuple[str, ...] = ()
    unticked_with_text: Status | None = None

    @property
    def is_assessment(self) -> bool:
        """True for the secretariat's evaluations, False for a product's own report."""
        return self.kind == "assessment"


@dataclass(frozen=True, slots=True)
class DateSource:
    """Where a report's date came from: its header, its log table, or given when it was imported."""

    id: str
    label: str
    #: True for where a date normally comes from (the document's header); pages name only the others.
    usual: bool = False


@dataclass(frozen=True, slots=True)
class RequirementAnswer:
    """How a product answers one requirement in its report: the status and the report's own words."""

    status: Status
    #: The product's documentation or explanation, verbatim from the report (Markdown links kept).
    quote: str | None = None
    evidence: tuple[str, ...] = ()
    #: The answer as the report wrote it, when that is not one of the status's usual spellings.
    as_written: str | None = None


@dataclass(frozen=True, slots=True)
class RequirementRating:
    """The secretariat's traffic light for one requirement, with its reasoning and advice, verbatim."""

    rating: Rating
    quote: str | None = None
    advice: str | None = None


@dataclass(frozen=True, slots=True)
class GovernanceDocument:
    """A published governance document: where and when, its layout, and whether it is a draft."""

    url: str
    date: dt.date
    format: ReportFormat
    date_from: DateSource
    template_version: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class Report(GovernanceDocument):
    """A product's governance report (self-assessment) as published, with its answers."""

    answers: tuple[tuple[str, RequirementAnswer], ...] = ()

    @property
    def model(self) -> GovernanceModel:
        """The governance model the report answers."""
        return self.format.model

    @cached_property
    def _by_id(self) -> dict[str, RequirementAnswer]:
        return dict(self.answers)

    def answer(self, requirement_id: str) -> RequirementAnswer | None:
        """The answer to ``requirement_id``, or None when the report has no row for it."""
        return self._by_id.get(requirement_id)

    @property
    def answered(self) -> int:
        """How many of the model's requirements the report answers (placeholders and blanks excluded)."""
        return sum(1 for _, a in self.answers if a.status.answered)


@dataclass(frozen=True, slots=True)
class Assessment(GovernanceDocument):
    """The secretariat's evaluation of a product, with a traffic light per requirement."""

    ratings: tuple[tuple[str, RequirementRating], ...] = ()
    #: The address of the report the assessment evaluated, where the assessment names it.
    report: str | None = None

    def rating(self, requirement_id: str) -> RequirementRating | None:
        """The rating of ``requirement_id``, or None."""
        return next((r for rid, r in self.ratings if rid == requirement_id), None)


@dataclass(frozen=True, slots=True)
class Governance:
    """Every governance report and secretariat assessment the catalogue knows for a product, newest first."""

    reports: tuple[Report, ...] = ()
    assessments: tuple[Assessment, ...] = ()

    @property
    def current_report(self) -> Report | None:
        """The report the documented level rests on: the newest final report answering the current model."""
        final = [r for r in self.reports if not r.draft and r.model.current]
        return max(final, key=lambda r: (r.date, r.url)) if final else None

    @property
    def current_assessment(self) -> Assessment | None:
        """The secretariat's newest final assessment."""
        final = [a for a in self.assessments if not a.draft]
        return max(final, key=lambda a: (a.date, a.url)) if final else None

    @property
    def documents(self) -> tuple[GovernanceDocument, ...]:
        """Every report and assessment, newest first."""
        both: list[GovernanceDocument] = [*self.reports, *self.assessments]
        return tuple(sorted(both, key=lambda d: (d.date, d.url), reverse=True))


@dataclass(frozen=True, slots=True)
class CallKind:
    """A kind of open call: crowdfunding or tilslutning."""

    id: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class OpenCall:
    """A call to public bodies to fund or join a product, with its deadline or closing date."""

    title: str
    kind: CallKind
    url: str
    target_dkk: int | None = None
    committed_dkk: int | None = None
    committed: tuple[Body, ...] = ()
    committed_count: int | None = None
    target_count: int | None = None
    opened: dt.date | None = None
    deadline: dt.date | None = None
    closed: dt.date | None = None
    contact: str | None = None

    def is_open(self, today: dt.date) -> bool:
        """Open while its deadline has not passed and it has not been reported closed."""
        return self.closed is None and self.deadline is not None and self.deadline >= today

    @property
    def committed_number(self) -> int:
        """How many bodies are in: the number given, or else the bodies named."""
        return self.committed_count if self.committed_count is not None else len(self.committed)

    @property
    def percent_dkk(self) -> int | None:
        """The pledges as a whole percentage of the target amount (rounded down: 99.6 % is not reached), if both
        are known."""
        if not self.target_dkk or self.committed_dkk is None:
            return None
        return self.committed_dkk * 100 // self.target_dkk

    @property
    def percent_bodies(self) -> int | None:
        """The bodies in as a whole percentage of the target number (rounded down), if a target is given."""
        return self.committed_number * 100 // self.target_count if self.target_count else None


@dataclass(frozen=True, slots=True)
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
    level_decisions: tuple[LevelDecision, ...] = ()
    users: tuple[UserStatement, ...] = ()
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
    lifecycle_source: LifecycleSource | None = None

    @property
    def short_name(self) -> str | None:
        """The name without its "OS2" prefix, as people often say it ("borgerPC"); None when nothing is left."""
        rest = self.name.removeprefix("OS2").strip()
        return rest if rest and rest != self.name else None

    @property
    def search_terms(self) -> tuple[str, ...]:
        """What a reader may type to find the product: its name without the prefix, its categories and their
        keywords. Site search weighs these above any text, so the product is the first hit for them."""
        terms = [self.short_name or "", *(c.label for c in self.categories),
                 *(k for c in self.categories for k in c.keywords)]
        return tuple(dict.fromkeys(t for t in terms if t))

    @property
    def lifecycle_notice(self) -> str | None:
        """What the page says about a product no longer in OS2's portfolio, with its name filled in."""
        notice = self.lifecycle.notice
        return notice.replace("{name}", self.name) if notice is not None else None

    @property
    def level_decision(self) -> LevelDecision | None:
        """What the shown level rests on (see :meth:`deciding`)."""
        return Product.deciding(self.level_decisions)

    @staticmethod
    def deciding(decisions: tuple[LevelDecision, ...]) -> LevelDecision | None:
        """The board's newest decision, or else the secretariat's newest recommendation (a recommendation is
        advice until the board decides)."""
        for board in (True, False):
            found = [d for d in decisions if d.kind.board is board]
            if found:
                return max(found, key=lambda d: d.date)
        return None

    @property
    def user_bodies(self) -> tuple[Body, ...]:
        """Every body a source names as using the product (or as having joined it), once each, by name."""
        found = {b.id: b for statement in self.users if statement.relation.use for b in statement.bodies}
        return tuple(sorted(found.values(), key=lambda b: b.name))

    @property
    def named_bodies(self) -> tuple[Body, ...]:
        """Every body a source names for the product in any relation, once each, by name."""
        found = {b.id: b for statement in self.users for b in statement.bodies}
        return tuple(sorted(found.values(), key=lambda b: b.name))

    @property
    def licences(self) -> tuple[Licence, ...]:
        """The distinct licences of the product's repositories, sorted by id."""
        return tuple(sorted({r.licence for r in self.repositories}, key=lambda licence: licence.id))

    @property
    def known_licences(self) -> tuple[Licence, ...]:
        """The distinct licences a source states for the product's repositories, sorted by id."""
        return tuple(licence for licence in self.licences if licence.known)

    @property
    def repositories_without_licence(self) -> int:
        """How many of the product's repositories have no licence any source states."""
        return sum(1 for r in self.repositories if not r.licence.known)


@dataclass(frozen=True, slots=True)
class Author:
    """A post author from ``blog/.authors.yml``."""

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Post:
    """A validated news post."""

    source_path: str
    src_uri: str
    slug: str
    title: str
    date: dt.date
    draft: bool
    authors: tuple[Author, ...]
    categories: tuple[str, ...]
    products: tuple[str, ...]
    #: The one-sentence summary from the front matter, if any.
    description: str | None = None
    #: ``date: {updated: …}``, when the post says it was changed after publication.
    updated: dt.date | None = None
    #: The Markdown below the front matter, as written.
    body: str = ""

    @property
    def url(self) -> str:
        """The post's site-relative URL, as Material's blog plugin builds it ("{date}/{slug}")."""
        return f"{urls.BLOG_DIR}/{self.date:%Y/%m/%d}/{self.slug}/"

    def is_published(self, today: dt.date) -> bool:
        """Published: not a draft, and not dated after ``today`` (a scheduled post)."""
        return not self.draft and self.date <= today


@dataclass(frozen=True, slots=True)
class RepositoryActivity:
    """What a repository's own history showed on the day it was measured (``python -m os2catalogue activity``).

    Commits are counted without merge commits and without automatic accounts (such as Dependabot); the periods are
    the 6 and 12 months up to ``measured``, the day the history read was last brought up to date."""

    url: str
    measured: dt.date
    #: The commit measured: the newest on the repository's default branch in the copy that was read.
    commit: str
    commit_date: dt.date
    commits_6m: int
    commits_12m: int
    authors_6m: int
    authors_12m: int
    #: The fewest authors behind half of the last 12 months' commits; None when there were none.
    core_authors_12m: int | None = None
    #: The day of the newest commit counted (by a person, not a merge), at any time; None when there is none.
    last_commit_date: dt.date | None = None
    latest_tag: str | None = None
    latest_tag_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every valid product, sorted by slug, with the vocabularies and the build date."""

    products: tuple[Product, ...]
    vocabularies: Vocabularies
    build_date: dt.date
    #: News posts, newest first (empty when the site is loaded without its blog).
    posts: tuple[Post, ...] = ()
    #: The measured activity of products' repositories (``data/activity.yml``), sorted by URL.
    activity: tuple[RepositoryActivity, ...] = ()

    def activity_of(self, url: str) -> RepositoryActivity | None:
        """The measured activity of the repository at ``url``, if it has been measured."""
        return next((entry for entry in self.activity if entry.url == url), None)

    def product(self, slug: str) -> Product:
        """The product with ``slug``."""
        return next(p for p in self.products if p.slug == slug)
