"""Facets: the schema fields readers browse by (``browse``), those in the filter (``facet=True``), their values,
counts and the filter dataset. Nothing here names a field: the declarations in :mod:`os2catalogue.schema` do.

The filter script on the catalogue index reads :func:`dataset` (a JSON file of its own, not the search
index); the same facets give the static pages that work without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from os2catalogue.model import Catalogue, Product
from os2catalogue.schema import PRODUCT_FIELDS, Field
from os2catalogue.slug import slugify

#: The filter dataset's format version; the filter script checks it (2: each product's ``group``; 3: each product's
#: name and description as written, the levels' and lifecycle stages' labels once, a card without what those give).
DATASET_VERSION = 3


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: its URL id, its Danish label, and the static page that lists its products."""

    id: str
    label: str
    page: str


@dataclass(frozen=True)
class Facet:
    """A filter dimension: the schema field it comes from, its URL parameter and its values."""

    field: str
    param: str
    label: str
    values: tuple[FacetValue, ...]
    of: Callable[[Product], tuple[str, ...]]
    #: A page that lists every value, with the words for a link to it: browsing without JavaScript links it
    #: instead of each value, where the values are too many for one line.
    index: tuple[str, str] | None = None
    #: The title of the static page listing a value's products ({label}: the value), or None when the values'
    #: pages are made elsewhere (levels, bodies and suppliers have pages of their own).
    page_title: str | None = None
    #: True when the schema puts the field in the filter (``facet=True``).
    in_filter: bool = True
    #: The page listing every value with its count, and its template, if the field has one.
    overview: tuple[str, str, str] | None = None

    def counts(self, products: tuple[Product, ...] | list[Product]) -> dict[str, int]:
        """How many of ``products`` have each value."""
        counted = {value.id: 0 for value in self.values}
        for product in products:
            for value_id in self.of(product):
                counted[value_id] += 1
        return counted


def value_id(entry: Any) -> str:
    """The URL id of a vocabulary entry as a facet value: the slug of its id (``MPL-2.0`` → ``mpl-2-0``)."""
    return slugify(entry.id)


def _entries(spec: Field, value: Any, vocabulary: str) -> Iterator[Any]:
    """Every entry of ``vocabulary`` chosen anywhere in ``value``, the model value of ``spec``."""
    if value is None:
        return
    if spec.kind == "choice" and spec.vocabulary == vocabulary:
        yield value
    elif spec.kind == "list" and spec.item is not None:
        for item in value:
            yield from _entries(spec.item, item, vocabulary)
    elif spec.kind == "object":
        for sub in spec.fields:
            yield from _entries(sub, getattr(value, sub.attribute or sub.key), vocabulary)


def _browsed(fields: tuple[Field, ...]) -> Iterator[tuple[Field, Field]]:
    """(top-level field, field declaring ``browse``) for every browsable field, nested ones included, in schema
    order."""
    def walk(top: Field, spec: Field) -> Iterator[tuple[Field, Field]]:
        if spec.browse is not None:
            yield top, spec
        for inner in spec.fields + ((spec.item,) if spec.item is not None else ()):
            yield from walk(top, inner)

    for spec in fields:
        yield from walk(spec, spec)


def _facet(top: Field, spec: Field, catalogue: Catalogue) -> Facet:
    browse = spec.browse
    assert browse is not None

    def values_of(product: Product) -> tuple[str, ...]:
        # Each value once, sorted, whatever order the product file names them in.
        return tuple(sorted({value_id(e) for e in _entries(top, getattr(product, top.key), browse.vocabulary)}))

    # Worked out once per product: counts, pages and the filter's data all ask for every product's values.
    known = {product.slug: values_of(product) for product in catalogue.products}

    def of(product: Product) -> tuple[str, ...]:
        found = known.get(product.slug)
        return found if found is not None else values_of(product)

    entries: list[Any] = list(getattr(catalogue.vocabularies, browse.vocabulary))
    if not browse.every_value:
        used = {value for values in known.values() for value in values}
        entries = sorted((e for e in entries if value_id(e) in used), key=entry_label)
    values = tuple(FacetValue(value_id(e), entry_label(e), browse.page.format(id=value_id(e))) for e in entries)
    return Facet(spec.key, browse.param, browse.label, values, of, index=browse.index, page_title=browse.page_title,
                 in_filter=spec.facet, overview=browse.overview)


def entry_label(entry: Any) -> str:
    """How readers see a vocabulary entry: its label, or its name (bodies, suppliers)."""
    return str(getattr(entry, "label", None) or entry.name)


def facets(browsed: list[Facet]) -> list[Facet]:
    """The facets the filter offers: of the browsable fields (:func:`every_facet`), those the schema marks
    ``facet=True``, in schema order."""
    return [facet for facet in browsed if facet.in_filter]


def every_facet(catalogue: Catalogue) -> list[Facet]:
    """Every field readers can browse by (``browse`` in the schema), in the filter or not: the category pages list
    the categories either way. Fields with ``every_value`` list all their vocabulary's entries; the others the
    entries in use."""
    return [_facet(top, spec, catalogue) for top, spec in _browsed(PRODUCT_FIELDS)]


def dataset(catalogue: Catalogue, found: list[Facet], cards: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The filter script's data: facets with labels; the labels of the levels and lifecycle stages (a card shows
    them); and per product its name and description (what the text filter searches), its values, and, for a product
    whose card the catalogue index leaves out (``cards``), the rest of the card."""
    cards = cards or {}
    vocabularies = catalogue.vocabularies
    return {
        "version": DATASET_VERSION,
        "facets": [{"param": f.param, "label": f.label, "values": [{"id": v.id, "label": v.label} for v in f.values]}
                   for f in found],
        "levels": {level.id: level.label for level in vocabularies.levels},
        "lifecycle": {stage.id: {"label": stage.label, "retired": stage.retired} for stage in vocabularies.lifecycle},
        "products": [
            # "group": the level the catalogue lists the product under, whether or not level is a facet.
            {"slug": p.slug, "name": p.name, "description": p.short_description, "group": p.level.id,
             **{f.param: list(f.of(p)) for f in found}, **({"card": cards[p.slug]} if p.slug in cards else {})}
            for p in catalogue.products
        ],
    }
