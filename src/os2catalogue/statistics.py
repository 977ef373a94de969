"""The statistics page's charts: counts computed here, drawn as SVG at build time (no JavaScript)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

from os2catalogue import urls
from os2catalogue.model import Catalogue, Product

_BAR = "#3a7f3b"
_TEXT = "#1b1b1b"


@dataclass(frozen=True)
class Chart:
    """One chart: a title, a sentence describing it, the data rows and the drawing."""

    id: str
    title: str
    description: str
    rows: tuple[tuple[str, int, str | None], ...]  # label, value, page (src uri) or None
    svg: Markup
    #: The heading of the table's first column: what a row is.
    row_heading: str = "Værdi"


def bar_chart(chart_id: str, title: str, description: str, rows: Sequence[tuple[str, int, str | None]], *,
              row_heading: str = "Værdi") -> Chart:
    """A horizontal bar chart; the SVG names itself by its title and description for screen readers."""
    label_width, bar_width, row_height = 230, 360, 26
    largest = max((value for _, value, _ in rows), default=0) or 1
    height = row_height * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="os2-chart" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {label_width + bar_width + 60} {height}" '
             'width="100%">',  # its largest width is in os2.css: no inline styles under the site's policy
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for index, (label, value, _) in enumerate(rows):
        y = 5 + index * row_height
        width = round(bar_width * value / largest)
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="14" fill="{_TEXT}">'
                     f"{escape(label)}</text>")
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{row_height - 8}" fill="{_BAR}"/>')
        parts.append(f'<text x="{label_width + width + 6}" y="{y + 17}" font-size="14" fill="{_TEXT}">{value}</text>')
    parts.append("</svg>")
    return Chart(chart_id, title, description, tuple(rows), Markup("".join(parts)), row_heading)


def _describe(rows: Sequence[tuple[str, int, str | None]], unit: str) -> str:
    if not rows or not any(value for _, value, _ in rows):
        return f"Der er ingen {unit} at vise."
    top = max(rows, key=lambda row: row[1])
    return f"Flest {unit}: {top[0]} med {top[1]}. I alt {sum(value for _, value, _ in rows)}."


def user_count(product: Product) -> int:
    """The number of users a product has: the reported count, or the named users when larger."""
    named = len(product.user_bodies)
    reported = product.users_reported
    return max(named, reported.count if reported else 0)


def charts(catalogue: Catalogue) -> list[Chart]:
    """Every chart on the statistics page."""
    products = catalogue.products
    vocab = catalogue.vocabularies
    levels = Counter(p.level.id for p in products)
    level_rows = [(lvl.label, levels[lvl.id], urls.level_uri(lvl.id)) for lvl in vocab.levels]
    stages = Counter(p.lifecycle.id for p in products)
    stage_rows = [(s.label, stages[s.id], urls.FACET_LIFECYCLE.format(id=s.id)) for s in vocab.lifecycle]
    categories = Counter(c.id for p in products for c in p.categories)
    category_rows = sorted(((c.label, categories[c.id], urls.CATEGORY.format(id=c.id)) for c in vocab.categories
                            if categories[c.id]), key=lambda row: (-row[1], row[0]))
    bodies = Counter(b.id for p in products for b in p.user_bodies)
    body_rows = sorted(((vocab.bodies[b].name, n, urls.BODY.format(id=b)) for b, n in bodies.items()),
                       key=lambda row: (-row[1], row[0]))[:10]
    buckets = [("Ikke oplyst", 0, 0), ("1–9", 1, 9), ("10–49", 10, 49), ("50 eller flere", 50, 10**9)]
    counts = [user_count(p) for p in products]
    bucket_rows: list[tuple[str, int, str | None]] = [
        (label, sum(1 for c in counts if low <= c <= high), None) for label, low, high in buckets]
    return [
        bar_chart("niveauer", "Produkter pr. niveau", _describe(level_rows, "produkter på ét niveau"), level_rows),
        bar_chart("livscyklus", "Produkter pr. livscyklusfase", _describe(stage_rows, "produkter i én fase"),
                  stage_rows),
        bar_chart("kategorier", "Produkter pr. kategori", _describe(category_rows, "produkter i én kategori")
                  + " Et produkt kan have flere kategorier.", category_rows),
        bar_chart("anvendere", "Anvendere med flest produkter",
                  (_describe(body_rows, "produkter hos én anvender") if body_rows else
                   "Ingen kilde nævner anvendere ved navn endnu.")
                  + " Kun anvendere, som en kilde nævner ved navn, tæller med.", body_rows),
        bar_chart("antal-anvendere", "Produkter efter antal anvendere",
                  _describe(bucket_rows, "produkter i én gruppe") + " Antallet er det højeste af det oplyste antal "
                  "og antallet af anvendere nævnt ved navn.", bucket_rows, row_heading="Gruppe"),
    ]
