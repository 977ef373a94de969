"""Comply-or-explain: what a product's governance report documents, freshness, and open calls.

What an answer means for the documented level is declared once, in ``data/statuses.yml`` (each status's
``counts``); this module only applies it. A blank, a placeholder or an unknown answer never counts, an answer
that needs an explanation counts only with the report's own words, and only the newest final report answering
the current model is used: drafts and answers to the 2018 checklist are shown, never counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from os2catalogue.model import Assessment, Level, OpenCall, Product, Report, Requirement, RequirementAnswer
from os2catalogue.vocab import TALLIES, Vocabularies

#: A product not reviewed for longer than this is marked stale.
STALE_AFTER_MONTHS = 12

#: How an answer is tallied: met, explained (a real explanation), unexplained (answered, neither met nor
#: explained), unanswered (a blank, a placeholder, or no row at all). The keys of ``tallies`` in statuses.yml,
#: which gives their words and order.
MET, EXPLAINED, UNEXPLAINED, UNANSWERED = TALLIES


def tally(answer: RequirementAnswer | None, vocabularies: Vocabularies) -> str:
    """Which of MET, EXPLAINED, UNEXPLAINED and UNANSWERED an answer is."""
    if answer is None or not answer.status.answered:
        return UNANSWERED
    if answer.status.is_met:
        return MET
    if answer.status.can_be_explained and vocabularies.is_explanation(answer.quote):
        return EXPLAINED
    return UNEXPLAINED


def is_met_or_explained(answer: RequirementAnswer | None, vocabularies: Vocabularies) -> bool:
    """True when the answer counts towards the documented level (met, or not met with a real explanation)."""
    return tally(answer, vocabularies) in (MET, EXPLAINED)


def report_level(report: Report, vocabularies: Vocabularies) -> Level | None:
    """The highest level whose cumulative requirements the report meets or explains, in the report's own model.

    None when not even the lowest level's requirements are all covered.
    """
    reached: Level | None = None
    for level in vocabularies.assessed_levels:
        if not all(is_met_or_explained(report.answer(r.id), vocabularies)
                   for r in report.model.up_to(level, recommendations=False)):
            break
        reached = level
    return reached


def documented_level(product: Product, vocabularies: Vocabularies) -> Level | None:
    """The level the product's current report documents (see ``Governance.current_report``), or None."""
    report = product.governance.current_report if product.governance else None
    return report_level(report, vocabularies) if report is not None else None


@dataclass(frozen=True)
class NextLevel:
    """What stands between a report and the next level up: the requirements up to that level (recommendations
    excluded) that it does not meet, sorted into answered-but-unexplained and unanswered, and those it explains
    instead of meeting (they count, but are not met)."""

    level: Level
    unexplained: tuple[Requirement, ...]
    unanswered: tuple[Requirement, ...]
    explained: tuple[Requirement, ...]

    @property
    def missing(self) -> tuple[Requirement, ...]:
        """Everything that must be met or explained before the report documents the level."""
        return self.unexplained + self.unanswered


def next_level(report: Report, vocabularies: Vocabularies) -> NextLevel | None:
    """The next level above the one ``report`` documents (the lowest, when it documents none) and what it lacks;
    None when the report documents the highest level."""
    reached = report_level(report, vocabularies)
    above = [lvl for lvl in vocabularies.assessed_levels if reached is None or lvl.order > reached.order]
    if not above:
        return None
    target = above[0]
    required = report.model.up_to(target, recommendations=False)
    tallied = [(r, tally(report.answer(r.id), vocabularies)) for r in required]
    return NextLevel(
        level=target,
        unexplained=tuple(r for r, kind in tallied if kind == UNEXPLAINED),
        unanswered=tuple(r for r, kind in tallied if kind == UNANSWERED),
        explained=tuple(r for r, kind in tallied if kind == EXPLAINED),
    )


@dataclass(frozen=True)
class Scorecard:
    """A report's answers counted: by status (keys: status ids) and by tally, overall and per theme."""

    report: Report
    statuses: Counter[str]
    tallies: Counter[str]
    by_theme: dict[str, Counter[str]]

    @property
    def answered(self) -> int:
        """How many of the model's requirements the report answers."""
        return sum(self.tallies.values()) - self.tallies[UNANSWERED]

    @property
    def total(self) -> int:
        """How many requirements the report's model has."""
        return sum(self.tallies.values())


def scorecard(report: Report, vocabularies: Vocabularies) -> Scorecard:
    """Count a report's answers per status and per tally, overall and per theme (missing rows: not answered)."""
    statuses: Counter[str] = Counter()
    tallies: Counter[str] = Counter()
    by_theme: dict[str, Counter[str]] = {theme.id: Counter() for theme in vocabularies.themes}
    for requirement in report.model.requirements:
        answer = report.answer(requirement.id)
        statuses[answer.status.id if answer else vocabularies.not_answered.id] += 1
        kind = tally(answer, vocabularies)
        tallies[kind] += 1
        by_theme[requirement.theme.id][kind] += 1
    return Scorecard(report, statuses, tallies, by_theme)


def level_difference(product: Product, vocabularies: Vocabularies) -> str | None:
    """A plain Danish sentence when the product's level (decided or recommended) and the level the current report
    documents differ."""
    report = product.governance.current_report if product.governance else None
    if report is None:
        return None
    computed = report_level(report, vocabularies)
    placed_level = product.level
    if not placed_level.assessed:
        if computed is None:
            return None
        return (f"{product.name} er ikke placeret på et niveau, men governancerapporten dokumenterer kravene "
                f"til {computed.label.lower()}.")
    if computed == placed_level:
        return None
    basis = f" ({product.level_decision.kind.phrase})" if product.level_decision else ""
    placed = f"{placed_level.label.lower()}{basis}"
    if computed is None:
        return (f"{product.name} står på {placed}, men governancerapporten dækker ikke engang sandkassens krav: "
                "nogle er hverken opfyldt eller forklaret.")
    if computed.order < placed_level.order:
        return (f"{product.name} står på {placed}, men governancerapporten dokumenterer kun kravene til "
                f"{computed.label.lower()}. De øvrige krav er hverken opfyldt eller forklaret.")
    return (f"{product.name} står på {placed}, men governancerapporten dokumenterer kravene til "
            f"{computed.label.lower()}.")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month0 + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


def is_stale(product: Product, today: dt.date) -> bool:
    """True when the product was last reviewed more than 12 months before ``today``."""
    return product.last_reviewed < months_before(today, STALE_AFTER_MONTHS)


def stale_products(products: tuple[Product, ...] | list[Product], today: dt.date) -> list[Product]:
    """Stale products, the longest unreviewed first."""
    return sorted((p for p in products if is_stale(p, today)), key=lambda p: (p.last_reviewed, p.slug))


def open_calls(products: tuple[Product, ...] | list[Product], today: dt.date) -> list[tuple[Product, OpenCall]]:
    """Calls still open on ``today``, nearest deadline first."""
    found = [(p, c) for p in products for c in p.calls if c.is_open(today)]
    return sorted(found, key=lambda pc: (pc[1].deadline or today, pc[0].slug, pc[1].title))


@dataclass(frozen=True)
class HistoryEvent:
    """One dated step in a product's level history: a decision, a recommendation, a report or an assessment."""

    date: dt.date
    text: str
    source: str


def level_history(product: Product, vocabularies: Vocabularies) -> tuple[HistoryEvent, ...]:
    """The product's level over time, oldest first: every published decision and recommendation, and every final
    governance report (with the level it documents, in the current model) and assessment, each with its source."""
    events = [HistoryEvent(d.date, f"{d.kind.label}: {d.level.label.lower()}", d.source)
              for d in product.level_decisions]
    for document in product.governance.documents if product.governance else ():
        if document.draft:
            continue
        if isinstance(document, Assessment):
            events.append(HistoryEvent(document.date, "Sekretariatets vurdering af governancerapporten", document.url))
            continue
        assert isinstance(document, Report)
        if not document.model.current:
            text = f"Governancerapport (selvevaluering) efter {document.model.label.lower()}, som ikke tæller med i niveauet"
        else:
            reached = report_level(document, vocabularies)
            text = (f"Governancerapport (selvevaluering), der dokumenterer {reached.label.lower()}" if reached else
                    "Governancerapport (selvevaluering), der ikke dokumenterer et niveau")
        events.append(HistoryEvent(document.date, text, document.url))
    return tuple(sorted(events, key=lambda e: (e.date, e.text, e.source)))
