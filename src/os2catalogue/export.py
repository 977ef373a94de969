"""Open data: the versioned public API (JSON, CSV), the JSON Schemas and the field reference.

Everything is derived from the schema declarations in :mod:`os2catalogue.schema`: a product record in
the API has exactly the front matter's fields, with values as a product file writes them (ids, ISO
dates), plus a few computed fields. The API is a contract: change it only with a new version.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from os2catalogue import activity, governance, urls
from os2catalogue.checker import kind_rules, object_schema, written_key, written_object
from os2catalogue.model import Catalogue, Product
from os2catalogue.schema import PRODUCT_DEPENDENCIES, PRODUCT_FIELDS, Field
from os2catalogue.vocab import Vocabularies

#: The API's version; it is part of every URL (/api/v2/) and of products.json. Version 2 (November 2026)
#: keeps every governance report and assessment with the product's own words; v1 had one report block.
API_VERSION = "2"
#: The version of the record format inside API v2; raised for additions, never for breaking changes.
SCHEMA_VERSION = "2.1"

#: Fields the API adds to what a product file holds.
COMPUTED_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("slug", "text", "Produktets id: filnavnet uden .md. Indgår i alle adresser."),
    ("url", "url", "Adressen på produktets side i kataloget."),
    ("description_markdown", "text", "Produktets danske beskrivelse (brødteksten) i Markdown."),
    ("level_basis", "text", "Hvad niveauet hviler på: id'et fra data/decision_kinds.yml på den slags kilde "
                            "(beslutning eller anbefaling), eller null."),
    ("level_basis_date", "date", "Datoen på den beslutning eller anbefaling, niveauet hviler på, eller null."),
    ("level_basis_source", "url", "Adressen på den beslutning eller anbefaling, niveauet hviler på, eller null."),
    ("documented_level", "text", "Det niveau, produktets nyeste endelige governancerapport efter den gældende "
                                 "model dokumenterer (niveauets værdi), eller null."),
    ("documented_level_report", "url", "Adressen på den rapport, det dokumenterede niveau bygger på, eller null."),
    ("documented_level_report_date", "date", "Datoen på den rapport, det dokumenterede niveau bygger på, eller null."),
    ("requirements_answered", "count", "Hvor mange af den gældende models krav rapporten besvarer, eller null."),
    ("stale", "flag", "true, når oplysningerne ikke er gennemgået i over 12 måneder."),
)


def record(product: Product, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """One product as the API publishes it."""
    report = product.governance.current_report if product.governance else None
    documented = governance.report_level(report, catalogue.vocabularies) if report else None
    basis = product.level_decision
    data = written_object(PRODUCT_FIELDS, product)
    data.update({
        "slug": product.slug,
        "url": urljoin(site_url, urls.page_url(urls.product_uri(product.slug))),
        "description_markdown": product.body,
        "level_basis": basis.kind.id if basis else None,
        "level_basis_date": basis.date.isoformat() if basis else None,
        "level_basis_source": basis.source if basis else None,
        "documented_level": documented.value if documented else None,
        "documented_level_report": report.url if report else None,
        "documented_level_report_date": report.date.isoformat() if report else None,
        "requirements_answered": report.answered if report else None,
        "stale": governance.is_stale(product, catalogue.build_date),
    })
    return dict(sorted(data.items()))


def records(catalogue: Catalogue, site_url: str) -> list[dict[str, Any]]:
    """Every product's API record, in catalogue order."""
    return [record(p, catalogue, site_url) for p in catalogue.products]


def products_json(catalogue: Catalogue, product_records: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole catalogue: schema version, build date and every product's record."""
    return {"api_version": API_VERSION, "schema_version": SCHEMA_VERSION,
            "build_date": catalogue.build_date.isoformat(), "products": product_records}


def activity_json(catalogue: Catalogue) -> dict[str, Any]:
    """The measured activity of the products' repositories (data/activity.yml), with the build date."""
    rows = [{key: value.isoformat() if isinstance(value, dt.date) else value
             for key, value in activity.fields(entry).items()} for entry in catalogue.activity]
    return {"api_version": API_VERSION, "build_date": catalogue.build_date.isoformat(), "repositories": rows}


def dumps(data: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 text, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def products_json_pieces(catalogue: Catalogue, record_texts: Iterable[str]) -> Iterator[str]:
    """``dumps(products_json(catalogue, records))`` in pieces, from each record as ``dumps`` already wrote it for its
    own file: the same text, without encoding every record a second time (the indenting encoder is slow on a large
    catalogue) and without holding the whole file at once. ``record_texts`` is read once, in order."""
    marker = "\u0000records\u0000"
    shell = dumps({**products_json(catalogue, []), "products": [marker]})
    before, after = shell.split(json.dumps(marker), 1)
    texts = iter(record_texts)
    first = next(texts, None)
    if first is None:
        yield dumps(products_json(catalogue, []))
        return
    yield before
    # A JSON text has no raw line breaks inside strings, so indenting line by line is safe.
    yield first.rstrip("\n").replace("\n", "\n    ")
    for text in texts:
        yield ",\n    " + text.rstrip("\n").replace("\n", "\n    ")
    yield after


def dumps_products(catalogue: Catalogue, record_texts: Iterable[str]) -> str:
    """``dumps(products_json(catalogue, records))`` from the records' own texts (see :func:`products_json_pieces`)."""
    return "".join(products_json_pieces(catalogue, record_texts))


@functools.lru_cache(maxsize=1)  # the schema is code: the columns are worked out once, not for every row
def csv_columns() -> tuple[tuple[str, Field | None, Field | None], ...]:
    """The CSV's columns: (name, top-level field, sub-field). A field whose value fits a cell is one column (a list
    joined by ';'); an object, or a list of objects, gives a column per sub-field that fits. What fits no cell
    (a product's governance documents) is in the JSON."""
    columns: list[tuple[str, Field | None, Field | None]] = [("slug", None, None), ("url", None, None)]
    for spec in PRODUCT_FIELDS:
        if kind_rules(spec.kind).fits_cell(spec):
            columns.append((spec.key, spec, None))
            continue
        inner = spec.item.fields if spec.item is not None else spec.fields
        columns += [(f"{spec.key}.{sub.key}", spec, sub) for sub in inner if kind_rules(sub.kind).fits_cell(sub)]
    return tuple(columns + [(name, None, None) for name, _, _ in COMPUTED_FIELDS
                            if name not in ("slug", "url", "description_markdown")])


#: A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection rule).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = ";".join("+".join(v) if isinstance(v, list) else _cell(v) for v in value)
    else:
        text = str(value)
    # A leading apostrophe makes a spreadsheet show the text instead of evaluating it.
    return "'" + text if text.startswith(_FORMULA_START) else text


def products_csv(product_records: Iterable[dict[str, Any]]) -> str:
    """The catalogue as CSV: one row per product record, the columns of :func:`csv_columns`."""
    return csv_text(csv_row(data) for data in product_records)


def csv_row(data: dict[str, Any]) -> list[str]:
    """One product record's CSV row (a large catalogue's rows are made one record at a time)."""
    row = []
    for name, spec, sub in csv_columns():
        if spec is None:
            row.append(_cell(data.get(name)))
        elif sub is None:
            row.append(_cell(data.get(spec.key)))
        elif spec.item is None:  # an object: its sub-field's value
            row.append(_cell((data.get(spec.key) or {}).get(sub.key)))
        else:  # a list of objects: the sub-field's value in each
            row.append(_cell([item.get(sub.key) for item in data.get(spec.key, [])]))
    return row


def csv_header() -> str:
    """The CSV file's first line: the names of :func:`csv_columns`."""
    return csv_line([name for name, _, _ in csv_columns()])


def csv_line(row: list[str]) -> str:
    """One row as a line of the CSV file (quoted where needed, ending in a line break)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def csv_text(rows: Iterable[list[str]]) -> str:
    """The CSV file: the header of :func:`csv_columns`, then ``rows``."""
    return csv_header() + "".join(csv_line(row) for row in rows)


def vocabularies_json(catalogue: Catalogue) -> dict[str, Any]:
    """Every controlled vocabulary with Danish labels, for reading the API: ``value`` (or, where an entry has
    none, ``id``) is how the API writes the entry; ``id`` is how addresses write it."""
    vocab = catalogue.vocabularies

    def entries(items: Any, *attributes: str) -> list[dict[str, Any]]:
        return [{a: getattr(item, a) for a in ("id", *attributes) if getattr(item, a, None) is not None}
                for item in items]

    return {
        "api_version": API_VERSION,
        "levels": entries(vocab.levels, "value", "label", "rank", "summary"),
        "lifecycle": entries(vocab.lifecycle, "value", "label"),
        "decision_kinds": entries(vocab.decision_kinds, "label", "board", "phrase"),
        "user_relations": entries(vocab.user_relations, "label", "use"),
        "categories": entries(vocab.categories, "label"),
        "bodies": entries(vocab.bodies, "name", "kind", "code", "region"),
        "suppliers": entries(vocab.suppliers, "name", "website"),
        "roles": entries(vocab.roles, "label"),
        "licences": entries(vocab.licences, "label", "osi"),
        "statuses": entries(vocab.statuses, "value", "label", "counts"),
        "ratings": entries(vocab.ratings, "value", "label"),
        "report_formats": [{"id": f.id, "label": f.label, "kind": f.kind, "model": f.model.id}
                           for f in vocab.report_formats],
        "date_sources": entries(vocab.date_sources, "label"),
        "models": [{"id": m.id, "label": m.label, "current": m.current,
                    "requirements": [{"id": r.id, "theme": r.theme.id, "level": written_key(r.level),
                                      "recommendation": r.recommendation, "title": r.title,
                                      **({"current": r.current} if not m.current else {})}
                                     for r in m.requirements]}
                   for m in vocab.models],
        "requirements": [{"id": r.id, "theme": r.theme.id, "level": written_key(r.level), "recommendation": r.recommendation,
                          "title": r.title} for r in vocab.requirements],
    }


# JSON Schema --------------------------------------------------------------------------------------------

def dependency_schemas(vocabularies: Vocabularies) -> list[dict[str, Any]]:
    """The rules across fields (:data:`PRODUCT_DEPENDENCIES`) as JSON Schema: given with the flagged values, left
    out with the others."""
    found = []
    for rule in PRODUCT_DEPENDENCIES:
        spec = next(f for f in PRODUCT_FIELDS if f.key == rule.field)
        flagged = [written_key(e) for e in getattr(vocabularies, spec.vocabulary or "") if getattr(e, rule.when)]
        found.append({"if": {"properties": {rule.field: {"enum": flagged}}, "required": [rule.field]},
                      "then": {"required": [rule.needs]}, "else": {"not": {"required": [rule.needs]}}})
    return found


def json_schema(vocabularies: Vocabularies, *, api: bool, site_url: str) -> dict[str, Any]:
    """The JSON Schema of a product file's front matter, or (``api=True``) of an API product record."""
    schema = object_schema(PRODUCT_FIELDS, vocabularies)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    base = site_url.rstrip("/")
    schema["$id"] = f"{base}/api/v{API_VERSION}/product.schema.json" if api else f"{base}/schema/product.schema.json"
    schema["title"] = "OS2-produkt (API-post)" if api else "OS2-produktfil (front matter)"
    schema["allOf"] = dependency_schemas(vocabularies)
    if api:
        kinds = {"text": "string", "url": "string", "flag": "boolean", "date": "string", "count": "integer"}
        for key, kind, doc in COMPUTED_FIELDS:
            # A computed value described as "eller null" may be null.
            nullable = doc.rstrip(".").endswith("eller null")
            schema["properties"][key] = {"type": [kinds[kind], "null"] if nullable else kinds[kind],
                                         "description": doc}
        schema["required"] = sorted(set(schema["required"]) | {key for key, _, _ in COMPUTED_FIELDS})
    return schema


def field_reference(vocabularies: Vocabularies) -> list[dict[str, Any]]:
    """Rows for the field reference page: one per field, nested fields with dotted names."""
    rows: list[dict[str, Any]] = []

    def walk(fields: tuple[Field, ...], prefix: str, depth: int) -> None:
        for spec in fields:
            name = f"{prefix}{spec.key}"
            chosen = spec.item if spec.kind == "list" and spec.item is not None else spec
            values = list(getattr(vocabularies, chosen.vocabulary).keys) \
                if chosen.kind == "choice" and chosen.vocabulary else []
            rows.append({"name": name, "depth": depth, "kind": kind_rules(spec.kind).reader_text(spec),
                         "required": spec.required, "doc": spec.doc, "label": spec.label, "choices": values,
                         "max_length": spec.max_length})
            inner = spec.fields if spec.kind == "object" else (
                spec.item.fields if spec.item is not None and spec.item.kind == "object" else ())
            suffix = f".<{spec.key_label}>." if spec.kind == "map" else "[]." if spec.kind == "list" else "."
            walk(inner, f"{name}{suffix}", depth + 1)

    walk(PRODUCT_FIELDS, "", 0)
    return rows
