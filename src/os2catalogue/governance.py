"""Comply-or-explain: what a product's governance report supports, freshness, and open calls."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from os2catalogue.model import Level, OpenCall, Product, Requirement, RequirementAnswer
from os2catalogue.vocab import Vocabularies

#: A product not reviewed for longer than this is marked stale.
STALE_AFTER_MONTHS = 12


def is_met_or_explained(answer: RequirementAnswer | None) -> bool:
    """Met, or not met with an explanation. A blank answer or 'uafklaret' is an unexplained gap."""
    if answer is None or answer.status.id == "uafklaret":
        return False
    return answer.status.id == "opfyldt" or bool(answer.explanation)


def evidence_level(product: Product, vocabularies: Vocabularies) -> Level | None:
    """The highest level whose cumulative requirements (recommendations excluded) are all met or explained.

    None when the product has no answers, or when not even the sandkasse requirements are covered.
    """
    governance = product.governance
    if governance is None or not governance.requirements:
        return None
    reached: Level | None = None
    for level in sorted((lvl for lvl in vocabularies.levels if lvl.rank is not None), key=lambda lvl: lvl.rank or 0):
        needed = [r for r in vocabularies.requirements
                  if not r.recommendation and r.level.rank is not None and r.level.rank <= (level.rank or 0)]
        if not all(is_met_or_explained(governance.answer(r.id)) for r in needed):
            break
        reached = level
    return reached


def gaps(product: Product, vocabularies: Vocabularies, level: Level) -> list[Requirement]:
    """The requirements (recommendations excluded) up to ``level`` that are neither met nor explained."""
    governance = product.governance
    if governance is None or level.rank is None:
        return []
    return [r for r in vocabularies.requirements
            if not r.recommendation and r.level.rank is not None and r.level.rank <= level.rank
            and not is_met_or_explained(governance.answer(r.id))]


@dataclass(frozen=True)
class Scorecard:
    """Counts of a product's answers, overall and per theme (keys: status ids and 'ubesvaret')."""

    total: Counter[str]
    by_theme: dict[str, Counter[str]]
    ratings: Counter[str]


UNANSWERED = "ubesvaret"


def scorecard(product: Product, vocabularies: Vocabularies) -> Scorecard | None:
    """Count answers by status (and blanks) overall and per theme, and the secretariat's ratings."""
    governance = product.governance
    if governance is None or not governance.requirements:
        return None
    total: Counter[str] = Counter()
    by_theme: dict[str, Counter[str]] = {theme.id: Counter() for theme in vocabularies.themes}
    ratings: Counter[str] = Counter()
    for requirement in vocabularies.requirements:
        answer = governance.answer(requirement.id)
        key = answer.status.id if answer else UNANSWERED
        total[key] += 1
        by_theme[requirement.theme.id][key] += 1
        if answer and answer.assessment:
            ratings[answer.assessment.id] += 1
    return Scorecard(total, by_theme, ratings)


def level_difference(product: Product, vocabularies: Vocabularies) -> str | None:
    """A plain Danish sentence when the board's level and the level the report supports differ, else None."""
    if product.governance is None or not product.governance.requirements:
        return None
    computed = evidence_level(product, vocabularies)
    board = product.level
    if board.rank is None:
        if computed is None:
            return None
        return (f"{product.name} er ikke placeret på et niveau, men governancerapporten dokumenterer kravene "
                f"til {computed.label.lower()}.")
    if computed == board:
        return None
    placed = "anbefalet til" if product.level_decision and product.level_decision.kind.id == "anbefaling" \
        else "placeret på"
    if computed is None:
        return (f"{product.name} er {placed} {board.label.lower()}, men governancerapporten dækker ikke engang "
                "sandkassens krav: nogle er hverken opfyldt eller forklaret.")
    if (computed.rank or 0) < (board.rank or 0):
        return (f"{product.name} er {placed} {board.label.lower()}, men governancerapporten dokumenterer kun "
                f"kravene til {computed.label.lower()}. De øvrige krav er hverken opfyldt eller forklaret.")
    return (f"{product.name} er {placed} {board.label.lower()}, men governancerapporten dokumenterer kravene "
            f"til {computed.label.lower()}.")


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
