"""Facets: the schema fields marked ``facet=True``, their values, counts and the filter dataset.

The filter script on the catalogue index reads :func:`dataset` (a JSON file of its own, not the search
index); the same facets give the static pages that work without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from os2catalogue import urls
from os2catalogue.loader import Catalogue
from os2catalogue.model import Product
from os2catalogue.schema import PRODUCT_FIELDS, Field
from os2catalogue.slug import slugify

#: The filter dataset's format version; the filter script checks it (2: each product's ``group``).
DATASET_VERSION = 2


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

    def counts(self, products: tuple[Product, ...] | list[Product]) -> dict[str, int]:
        """How many of ``products`` have each value."""
        counted = {value.id: 0 for value in self.values}
        for product in products:
            for value_id in self.of(product):
                counted[value_id] += 1
        return counted


def licence_id(spdx: str) -> str:
    """The URL id of an SPDX licence id: ``MPL-2.0`` → ``mpl-2-0``."""
    return slugify(spdx)


def _facet_keys(fields: tuple[Field, ...]) -> set[str]:
    """The keys of every field, nested ones included, that the schema marks as a facet."""
    found: set[str] = set()
    for spec in fields:
        if spec.facet:
            found.add(spec.key)
        found |= _facet_keys(spec.fields + ((spec.item,) if spec.item is not None else ()))
    return found


def facets(catalogue: Catalogue) -> list[Facet]:
    """The facets the schema declares (``facet=True``), in a fixed order: what the filter offers."""
    declared = _facet_keys(PRODUCT_FIELDS)
    return [facet for facet in every_facet(catalogue) if facet.field in declared]


def every_facet(catalogue: Catalogue) -> list[Facet]:
    """Every field the catalogue can filter and browse by, declared a facet or not (the category pages list the
    categories either way). Level and lifecycle list all values; the others the values in use."""
    vocab = catalogue.vocabularies
    products = catalogue.products
    used_bodies = {b.id for p in products for b in p.named_bodies}
    used_suppliers = {s.supplier.id for p in products for s in p.suppliers}
    used_categories = {c.id for p in products for c in p.categories}
    used_licences = {licence.id for p in products for licence in p.licences}
    labels = {spec.key: spec.label for spec in PRODUCT_FIELDS}
    builders: dict[str, Facet] = {
        "level": Facet("level", "niveau", labels["level"], tuple(
            FacetValue(lvl.id, lvl.label, urls.level_uri(lvl.id)) for lvl in vocab.levels),
            lambda p: (p.level.id,)),
        "lifecycle": Facet("lifecycle", "livscyklus", labels["lifecycle"], tuple(
            FacetValue(s.id, s.label, urls.FACET_LIFECYCLE.format(id=s.id)) for s in vocab.lifecycle),
            lambda p: (p.lifecycle.id,), page_title="Produkter i livscyklusfasen {label}"),
        "categories": Facet("categories", "kategori", "Kategori", tuple(
            FacetValue(c.id, c.label, urls.CATEGORY.format(id=c.id))
            for c in sorted(vocab.categories, key=lambda c: c.label) if c.id in used_categories),
            lambda p: tuple(c.id for c in p.categories), page_title="{label}"),
        # Every body a source names, in any relation; its page (the value's link) says which relation.
        "users": Facet("users", "anvender", "Myndighed", tuple(
            FacetValue(b.id, b.name, urls.BODY.format(id=b.id))
            for b in sorted(vocab.bodies, key=lambda b: b.name) if b.id in used_bodies),
            lambda p: tuple(b.id for b in p.named_bodies),
            index=(urls.BODIES, "alle kommuner, regioner og andre myndigheder")),
        "suppliers": Facet("suppliers", "leverandoer", "Leverandør", tuple(
            FacetValue(s.id, s.name, urls.SUPPLIER.format(id=s.id))
            for s in sorted(vocab.suppliers, key=lambda s: s.name) if s.id in used_suppliers),
            lambda p: tuple(s.supplier.id for s in p.suppliers)),
        "licence": Facet("licence", "licens", "Licens", tuple(
            FacetValue(licence_id(lic.id), lic.label, urls.FACET_LICENCE.format(id=licence_id(lic.id)))
            for lic in sorted(vocab.licences, key=lambda lic: lic.label) if lic.id in used_licences),
            lambda p: tuple(licence_id(lic.id) for lic in p.licences), page_title="Produkter under licensen {label}"),
    }
    order = ["level", "lifecycle", "categories", "users", "suppliers", "licence"]
    return [builders[key] for key in order]


def dataset(catalogue: Catalogue, found: list[Facet] | None = None) -> dict[str, Any]:
    """The filter script's data: facets with labels, and per product its values and searchable text."""
    found = found if found is not None else facets(catalogue)
    return {
        "version": DATASET_VERSION,
        "facets": [{"param": f.param, "label": f.label, "values": [{"id": v.id, "label": v.label} for v in f.values]}
                   for f in found],
        "products": [
            # "group": the level the catalogue lists the product under, whether or not level is a facet.
            {"slug": p.slug, "text": f"{p.name} {p.short_description}".casefold(), "group": p.level.id,
             **{f.param: list(f.of(p)) for f in found}}
            for p in catalogue.products
        ],
    }
