"""publiccode.yml: export a product in the standard's shape, and create a product file from one.

Mapping (publiccode.yml 0.4): Danish texts under ``description.da``; lifecycle ↔ ``developmentStatus``;
the first repository's URL and licence ↔ ``url`` and ``legal.license``; users ↔ ``usedBy`` (by name);
suppliers ↔ ``maintenance.contractors`` (by name); the coordinator ↔ ``maintenance.contacts``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from os2catalogue.diagnostics import Diagnostic
from os2catalogue.formatting import dump_yaml
from os2catalogue.model import Catalogue, Product
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies

PUBLICCODE_VERSION = "0.4"


def export(product: Product, catalogue: Catalogue) -> dict[str, Any]:
    """A publiccode.yml document for ``product``; fields the catalogue does not know are left out."""
    data: dict[str, Any] = {"publiccodeYmlVersion": PUBLICCODE_VERSION, "name": product.name}
    if product.repositories:
        data["url"] = product.repositories[0].url
    if product.website:
        data["landingURL"] = product.website
    data["softwareType"] = "standalone/other"
    data["developmentStatus"] = product.lifecycle.publiccode
    if product.user_bodies:
        data["usedBy"] = [body.name for body in product.user_bodies]
    description: dict[str, Any] = {"shortDescription": product.short_description,
                                   "longDescription": product.body.strip()}
    if product.documentation:
        description["documentation"] = product.documentation
    data["description"] = {"da": description}
    if product.summary_en:
        data["description"]["en"] = {"shortDescription": product.summary_en}
    licences = [r.licence.id for r in product.repositories if r.licence.known]
    if licences:
        data["legal"] = {"license": " AND ".join(dict.fromkeys(licences))}
    maintenance: dict[str, Any] = {"type": "contract" if product.suppliers else "community"}
    if product.suppliers:
        maintenance["contractors"] = [{"name": e.supplier.name, **({"website": e.supplier.website}
                                                                   if e.supplier.website else {})}
                                      for e in product.suppliers]
    if product.coordinator:
        contact = {"name": product.coordinator.name, "affiliation": product.coordinator.organisation}
        if product.coordinator.email:
            contact["email"] = product.coordinator.email
        maintenance["contacts"] = [contact]
    data["maintenance"] = maintenance
    data["localisation"] = {"localisationReady": False, "availableLanguages": ["da"]}
    return data


def dumps(data: dict[str, Any]) -> str:
    """publiccode.yml text."""
    return dump_yaml(data, sort_keys=False)


def product_file(path: str, text: str, vocabularies: Vocabularies, today: dt.date) -> tuple[str | None, str | None,
                                                                                              list[Diagnostic]]:
    """Turn a publiccode.yml into (slug, product file text); every missing or unmappable field is reported."""
    problems: list[Diagnostic] = []

    def problem(field: str, message: str) -> None:
        keys = [part.split("[")[0] for part in field.split(".")]
        problems.append(Diagnostic(path, next((line for key in reversed(keys) if (line := _line(text, key)) > 0), 1),
                                   field, message))

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, None, [Diagnostic(path, mark.line + 1 if mark else 1, "file", f"invalid YAML: {error}")]
    if not isinstance(data, dict):
        return None, None, [Diagnostic(path, 1, "file", "expected a publiccode.yml mapping")]
    name = data.get("name")
    if not isinstance(name, str) or not name:
        problem("name", "required field is missing")
    elif not name.startswith("OS2"):
        problem("name", f"'{name}' must start with 'OS2' to be an OS2 product")
    descriptions: dict[str, Any] = data["description"] if isinstance(data.get("description"), dict) else {}
    text_da: dict[str, Any] = descriptions.get("da") or {}
    if not text_da:
        problem("description.da", "no Danish description; the catalogue needs 'description.da'")
    short = text_da.get("shortDescription")
    if text_da and not short:
        problem("description.da.shortDescription", "required field is missing")
    elif isinstance(short, str) and len(short) > 150:
        problem("description.da.shortDescription", f"{len(short)} characters; at most 150 allowed")
    long = text_da.get("longDescription")
    if text_da and not long:
        problem("description.da.longDescription", "required field is missing")
    status = data.get("developmentStatus")
    stage = vocabularies.lifecycle_for_publiccode(status) if isinstance(status, str) else None
    if stage is None:
        readable = ", ".join(s for e in vocabularies.lifecycle for s in e.publiccode_reads)
        problem("developmentStatus", f"'{status}' cannot be mapped; expected one of {readable}")
    url = data.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        problem("url", "required field is missing or not an http(s) URL")
    licence = data["legal"].get("license") if isinstance(data.get("legal"), dict) else None
    licences = [part.strip() for part in str(licence).split(" AND ")] if licence else []
    for part in licences:
        if part not in vocabularies.licences:
            problem("legal.license", f"'{part}' is not an SPDX id the catalogue knows (src/os2catalogue/data/"
                                     "licences.yml)")
    bodies_by_name = {body.name.casefold(): body.id for body in vocabularies.bodies}
    users = []
    for index, user in enumerate(data.get("usedBy") or []):
        body = bodies_by_name.get(str(user).casefold())
        if body is None:
            problem(f"usedBy[{index}]", f"'{user}' is not a known user; add it to src/os2catalogue/data/bodies.yml "
                                        "or remove it")
        else:
            users.append(body)
    suppliers_by_name = {s.name.casefold(): s.id for s in vocabularies.suppliers}
    suppliers = []
    maintenance: dict[str, Any] = data["maintenance"] if isinstance(data.get("maintenance"), dict) else {}
    for index, contractor in enumerate(maintenance.get("contractors") or []):
        supplier = suppliers_by_name.get(str((contractor or {}).get("name", "")).casefold())
        if supplier is None:
            problem(f"maintenance.contractors[{index}]", f"'{(contractor or {}).get('name')}' is not a known supplier; "
                                                         "add it to src/os2catalogue/data/suppliers.yml or remove it")
        else:
            suppliers.append(supplier)
    if problems or not isinstance(name, str) or not isinstance(short, str) or not isinstance(long, str) \
            or not isinstance(url, str) or stage is None:
        return None, None, problems

    front: dict[str, Any] = {"name": name, "short_description": " ".join(short.split())}
    english = (descriptions.get("en") or {}).get("shortDescription")
    if english:
        front["summary_en"] = " ".join(english.split())
    front.update({"level": vocabularies.unassessed_level.value, "lifecycle": stage.value, "categories": []})
    # The publiccode.yml in the repository is the source of its users, contractors and contact, as read today.
    if stage.retired:
        front["lifecycle_source"] = {"source": url, "date": today}
    if users:
        front["users"] = [{"bodies": users, "relation": "anvender", "source": url, "date": today}]
    if suppliers:
        front["suppliers"] = [{"id": s, "roles": [], "source": url, "date": today} for s in suppliers]
    contacts = maintenance.get("contacts") or []
    if contacts and contacts[0].get("name") and contacts[0].get("affiliation"):
        front["coordinator"] = {k: v for k, v in (("name", contacts[0]["name"]),
                                                  ("organisation", contacts[0]["affiliation"]),
                                                  ("email", contacts[0].get("email"))) if v}
        front["coordinator"].update({"source": url, "date": today})
    unknown = next(licence.id for licence in vocabularies.licences if not licence.known)
    front["repositories"] = [{"url": url, "licence": licences[0] if licences else unknown}]
    if data.get("landingURL"):
        front["website"] = data["landingURL"]
    if text_da.get("documentation"):
        front["documentation"] = text_da["documentation"]
    front["sources"] = [url]
    front["last_reviewed"] = today
    body = long.strip() + "\n"
    return slugify(name), "---\n" + dump_yaml(front, sort_keys=False) + \
        "---\n" + body, []


def _line(text: str, key: str) -> int:
    """The first line that sets ``key`` (0 when the key is absent)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 0
