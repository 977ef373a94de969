"""The rules of a product file beyond its fields' own checks, and the typed :class:`Product` they give.

The fields are checked by the generic :class:`~os2catalogue.checker.SchemaChecker`; the rules here run on the
valid parts it returns, so a file with a wrong field still gets every other problem reported. Nothing stops at
the first problem.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from os2catalogue.checker import SchemaChecker, html_tag
from os2catalogue.diagnostics import Diagnostic
from os2catalogue.frontmatter import Document, FieldPath, format_path
from os2catalogue.model import Product
from os2catalogue.schema import PRODUCT_DEPENDENCIES, PRODUCT_FIELDS
from os2catalogue.slug import slugify
from os2catalogue.vocab import Vocabularies

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")


class ProductRules:
    """The rules across a product's fields and in its body, reported through ``checker``."""

    def __init__(self, checker: SchemaChecker) -> None:
        self.checker = checker
        self.vocabularies = checker.vocabularies
        self.document = checker.document

    def error(self, at: FieldPath, message: str) -> None:
        """Report a problem with the value at ``at``."""
        self.checker.error(at, message)

    def body_error(self, line: int, message: str) -> None:
        """Report a problem in the product's description."""
        self.checker.body_error(line, message)

    def check_product(self, slug: str, fields: dict[str, Any]) -> None:
        name = fields.get("name")
        foreign = next((c for c in name or "" if c.isalpha() and "LATIN" not in unicodedata.name(c, "")), None)
        if name is not None and foreign:
            self.error(("name",), f"'{foreign}' ({unicodedata.name(foreign, 'unnamed')}) is not a Latin letter; a "
                                  "name looks like another product's when it mixes scripts, so use Latin letters")
        elif name is not None:
            if not name.startswith("OS2"):
                self.error(("name",), f"'{name}' must start with 'OS2'")
            elif slugify(name) != slug:
                self.error(("name",), f"'{name}' does not match the file name; rename the file to "
                                      f"'{slugify(name)}.md' or correct the name")
        self.check_dependencies(fields)
        level = fields.get("level")
        deciding = Product.deciding(fields.get("level_decisions", ()))
        if level is not None and level.assessed and deciding is not None and deciding.level != level:
            which = "decision by the board" if deciding.kind.board else "recommendation by the secretariat"
            self.error(("level",), f"'{level.value}' is not the level of the newest {which} "
                                   f"({deciding.level.value}, {deciding.date.isoformat()}); the level follows the "
                                   "board's newest decision, or the secretariat's newest recommendation where "
                                   "the board has not decided")
        self.check_governance(fields.get("governance"))
        self.check_calls(fields.get("calls", ()))
        self.check_repeats(fields)
        self.check_dates(fields)
        if slug in fields.get("aliases", ()):
            index = fields["aliases"].index(slug)
            self.error(("aliases", index), f"'{slug}' is the product's own slug, not a former one")
        named = {b.id for statement in fields.get("users", ()) if statement.relation.use for b in statement.bodies}
        reported = fields.get("users_reported")
        if reported is not None and reported.count < len(named):
            self.error(("users_reported", "count"),
                       f"{reported.count} is fewer than the {len(named)} bodies 'users' names as using the product")

    def check_dependencies(self, fields: dict[str, Any]) -> None:
        """The rules of :data:`~os2catalogue.schema.PRODUCT_DEPENDENCIES`: a field one value needs, others forbid."""
        data = self.document.data
        for rule in PRODUCT_DEPENDENCIES:
            chosen = fields.get(rule.field)
            if chosen is None:
                continue
            if getattr(chosen, rule.when) and not data.get(rule.needs):
                self.error((rule.field,), f"'{chosen.value}' needs {rule.needs}: {rule.needed_for}")
            if not getattr(chosen, rule.when) and data.get(rule.needs):
                self.error((rule.needs,), f"must be left out when {rule.field} is '{chosen.value}'"
                                          f"{rule.left_out_because}")

    def check_governance(self, governance: Any) -> None:
        """Each document's format is of its kind, answers belong to its model, quotes are the author's words."""
        if governance is None:
            return
        seen: dict[str, str] = {}
        for key, documents in (("reports", governance.reports), ("assessments", governance.assessments)):
            for index, document in enumerate(documents):
                at: FieldPath = ("governance", key, index)
                if document.url in seen:
                    self.error(at + ("url",), f"the same document is listed twice (also {seen[document.url]})")
                seen.setdefault(document.url, f"{key}[{index}]")
                if document.format.is_assessment != (key == "assessments"):
                    wanted = "an assessment format" if key == "assessments" else "a report format"
                    self.error(at + ("format",), f"'{document.format.id}' is not {wanted}; the secretariat's "
                                                 "assessments go under 'assessments', the product's reports under "
                                                 "'reports'")
                    continue
                if key == "assessments" and document.report is not None:
                    assessed = next((r for r in governance.reports if r.url == document.report), None)
                    if assessed is None:
                        self.error(at + ("report",), "is not the address of one of the product's reports; import "
                                                     "the report first, or leave 'report' out")
                    elif document.date < assessed.date:
                        self.error(at + ("date",), f"{document.date.isoformat()} is before the report it assesses "
                                                   f"({assessed.date.isoformat()}); correct one of the dates")
                entries = document.ratings if key == "assessments" else document.answers
                self.check_answers(at + ("ratings" if key == "assessments" else "answers",), document.format.model,
                                   entries)

    def check_answers(self, at: FieldPath, model: Any, entries: Any) -> None:
        """Every requirement id belongs to the document's model; no quote is a placeholder."""
        for requirement_id, entry in entries:
            if model.requirement(requirement_id) is None:
                retired = self.vocabularies.retired_requirements.get(requirement_id) if model.current else None
                other = next((m.label for m in self.vocabularies.models
                              if m is not model and m.requirement(requirement_id)), None)
                hint = (f"; it was merged into '{retired}'" if retired else
                        f"; it is a requirement of {other}: use a format of that model" if other else "")
                self.error(at + (requirement_id,), f"'{requirement_id}' is not a requirement of "
                                                   f"{model.label.lower()}{hint}")
            for field in ("quote", "advice"):
                text = getattr(entry, field, None)
                if text is not None and self.vocabularies.is_placeholder(text):
                    self.error(at + (requirement_id, field), f"'{text}' is a placeholder, not the author's own words; "
                                                             f"leave '{field}' out")

    def check_repeats(self, fields: dict[str, Any]) -> None:
        """The same supplier or repository listed twice (each with its own roles or licence) says two things."""
        for key, of in (("suppliers", lambda e: e.supplier.id), ("repositories", lambda e: e.url)):
            first: dict[str, int] = {}
            for index, entry in enumerate(fields.get(key, ())):
                value = of(entry)
                if value in first:
                    self.error((key, index), f"'{value}' is listed twice (also {key}[{first[value]}]); list it once")
                first.setdefault(value, index)

    def check_dates(self, fields: dict[str, Any]) -> None:
        """The file cannot have been reviewed before the facts it records were published."""
        reviewed = fields.get("last_reviewed")
        if reviewed is None:
            return
        dated: list[tuple[FieldPath, dt.date]] = []
        for key in ("level_decisions", "users", "suppliers"):
            for index, fact in enumerate(fields.get(key, ())):
                dated.append(((key, index, "date"), fact.date))
        for key in ("users_reported", "coordinator", "lifecycle_source"):
            if fields.get(key) is not None:
                dated.append(((key, "date"), fields[key].date))
        governance = fields.get("governance")
        for key in ("reports", "assessments"):
            for index, document in enumerate(getattr(governance, key, ())):
                dated.append((("governance", key, index, "date"), document.date))
        for at, date in dated:
            if date > reviewed:
                self.error(("last_reviewed",), f"{reviewed.isoformat()} is before {format_path(at)} "
                                               f"({date.isoformat()}); set last_reviewed to the day the file was "
                                               "last checked")

    def check_calls(self, calls: Any) -> None:
        for index, call in enumerate(calls):
            if call.deadline is None and call.closed is None:
                self.error(("calls", index), "needs a 'deadline' (while open) or the date it 'closed'")
            for later in ("deadline", "closed"):
                if call.opened is not None and getattr(call, later) is not None and getattr(call, later) < call.opened:
                    self.error(("calls", index, "opened"), f"{call.opened.isoformat()} is after the call's {later} "
                                                           f"{getattr(call, later).isoformat()}; correct one of the dates")
            if call.closed is not None and call.deadline is not None and call.closed > call.deadline:
                self.error(("calls", index, "closed"), f"{call.closed.isoformat()} is after the deadline "
                                                       f"{call.deadline.isoformat()}; correct one of the dates")
            if call.committed_count is not None and call.committed_count < len(call.committed):
                self.error(("calls", index, "committed_count"),
                           f"{call.committed_count} is fewer than the {len(call.committed)} bodies listed in 'committed'")

    def check_body(self, body: str) -> None:
        if not body.strip():
            self.body_error(self.document.body_line, "the Danish description below the front matter is empty")
            return
        in_code = False
        for offset, line in enumerate(body.split("\n")):
            if _FENCE.match(line):
                in_code = not in_code
                continue
            if in_code:
                continue
            number = self.document.body_line + offset
            if re.match(r"^#\s", line):
                self.body_error(number, "a '# ' heading is not allowed; the page title comes from 'name', "
                                        "start sections with '## '")
            html = html_tag(_INLINE_CODE.sub("", line))
            if html:
                self.body_error(number, f"raw HTML is not allowed (found '{html}'); write Markdown")
        self.checker.check_safe_markdown(body)

def check_document(document: Document, slug: str, vocabularies: Vocabularies,
                   today: dt.date) -> tuple[Product | None, list[Diagnostic]]:
    """Validate a parsed product file; the product is returned only when it has no problem at all."""
    checker = SchemaChecker(document, vocabularies, today, root=PRODUCT_FIELDS)
    checked = checker.check_object(PRODUCT_FIELDS, document.data, ())
    rules = ProductRules(checker)
    rules.check_product(slug, checked.values)
    rules.check_body(document.body)
    if not checked.complete or checker.problems:
        return None, checker.problems
    return Product(slug=slug, source_path=document.path, body=document.body.strip() + "\n", **checked.values), []
