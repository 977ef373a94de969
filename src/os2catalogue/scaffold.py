"""``python -m os2catalogue new "OS2navn"``: a new product file with every field explained."""

from __future__ import annotations

import datetime as dt
import textwrap

from os2catalogue.schema import PRODUCT_FIELDS, Field
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies

#: Example values for the optional fields, shown commented out (they are illustrations, not facts).
_EXAMPLES: dict[str, str] = {
    "summary_en": "summary_en: One or two sentences in English.",
    "level_decisions": "level_decisions:\n  - kind: anbefaling\n    level: N1\n    date: ÅÅÅÅ-MM-DD\n"
                       "    source: https://…",
    "users": "users:\n  - bodies: [aarhus-kommune, region-midtjylland]\n    relation: anvender\n"
             "    source: https://…\n    date: ÅÅÅÅ-MM-DD",
    "users_reported": "users_reported:\n  count: 12\n  date: ÅÅÅÅ-MM-DD\n  note: Hvad tallet dækker.\n"
                      "  source: https://…",
    "suppliers": "suppliers:\n  - id: magenta\n    roles: [udvikling, drift]\n    source: https://…\n"
                 "    date: ÅÅÅÅ-MM-DD",
    "coordinator": "coordinator:\n  name: Fornavn Efternavn\n  organisation: Eksempel Kommune\n"
                   "  source: https://…\n  date: ÅÅÅÅ-MM-DD",
    "lifecycle_source": "lifecycle_source:\n  source: https://…\n  date: ÅÅÅÅ-MM-DD",
    "repositories": "repositories:\n  - url: https://github.com/…\n    licence: MPL-2.0",
    "website": "website: https://www.os2.eu/…",
    "documentation": "documentation: https://…",
    "sources": "sources:\n  - https://…",
    "governance": "governance:  # indlæs den med: python -m os2catalogue import-governance RAPPORT.md --product SLUG --url …",
    "aliases": "aliases: [tidligere-slug]",
    "calls": "calls:\n  - title: Crowdfunding af version 2\n    kind: crowdfunding\n    url: https://…\n"
             "    target_dkk: 1000000\n    deadline: ÅÅÅÅ-MM-DD",
}


def _comment(spec: Field) -> list[str]:
    head = f"{spec.label}{' (skal udfyldes)' if spec.required else ' (valgfri)'}: {spec.doc}"
    return ["# " + line for line in textwrap.wrap(head, 100)]


def scaffold(name: str, today: dt.date, vocabularies: Vocabularies) -> tuple[str, str]:
    """(slug, file text) for a new product called ``name``; the file passes validation as written. A new product
    is not assessed and at the first lifecycle stage."""
    values = {
        "name": name,
        "short_description": f"Kort beskrivelse af {name} på dansk, højst 150 tegn.",
        "level": vocabularies.unassessed_level.value,
        "lifecycle": vocabularies.lifecycle.entries[0].value,
        "categories": "[]",
        "last_reviewed": today.isoformat(),
    }
    lines = ["---", "# yaml-language-server: $schema=../schema/product.schema.json",
             "# Hver linje med # er en forklaring; fjern # foran et valgfrit felt for at bruge det."]
    for spec in PRODUCT_FIELDS:
        lines.append("")
        lines += _comment(spec)
        if spec.key in values:
            lines.append(f"{spec.key}: {values[spec.key]}")
        else:
            lines += ["# " + line for line in _EXAMPLES[spec.key].split("\n")]
    lines += ["---", f"Beskriv {name} her på dansk: hvad løsningen gør, for hvem, og hvad der er værd at vide.", ""]
    return slugify(name), "\n".join(lines)
