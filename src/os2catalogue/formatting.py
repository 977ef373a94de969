"""Text formatting shared by page generation, news and exports: Danish dates, Markdown-safe text, YAML."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from markupsafe import Markup, escape

_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")

#: PyYAML's C emitter where present: the pure-Python one costs seconds for a thousand products.
_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """Writes every value out: the catalogue's own loader refuses YAML aliases (&a / *a) in product files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def danish_date(value: dt.date) -> str:
    """``2026-11-24`` → ``24. november 2026``."""
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


_NUMBERS = ("nul", "ét", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv")


def danish_integer(value: int) -> str:
    """A whole number with Danish thousands separators: ``3150000`` → ``3.150.000``."""
    return f"{value:,}".replace(",", ".")


def danish_number(value: int) -> str:
    """A count as Danish text writes it: in words up to twelve ("fire"), in digits above."""
    return _NUMBERS[value] if 0 <= value < len(_NUMBERS) else str(value)


def danish_list(items: Any) -> str:
    """Items joined as Danish lists them: "a, b og c"."""
    texts = [str(item) for item in items]
    return " og ".join(filter(None, [", ".join(texts[:-1]), *texts[-1:]]))


def markdown_text(value: str) -> Markup:
    """Plain text made safe for a Markdown line: Markdown punctuation backslash-escaped, then HTML-escaped."""
    return escape(_MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))


def dump_yaml(data: Any, *, sort_keys: bool, width: int = 100) -> str:
    """YAML text, UTF-8 characters kept as they are."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=sort_keys, width=width)


_QUOTE_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]*)\]\(\s*(?P<href>https?://[^\s()<>\"']+(?:\([^\s()<>\"']*\)[^\s()<>\"']*)*)\s*\)"
    r"|(?P<bare>https?://[^\s<>\"'|\[\]]*[^\s<>\"'|\[\]().,;:!?])"
)


def _linked(line: str) -> str:
    """``line`` as HTML: escaped, with its http(s) links made into links."""
    out: list[str] = []
    position = 0
    for match in _QUOTE_LINK.finditer(line):
        out.append(escape(line[position:match.start()]))
        href = match.group("href") or match.group("bare")
        text = match.group("text") if match.group("href") else href
        out.append(f'<a href="{escape(href)}">{escape(text or href)}</a>')
        position = match.end()
    out.append(escape(line[position:]))
    return "".join(out)


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def quote_html(text: str | None) -> Markup:
    """A quotation from a report as safe HTML: every character escaped, line breaks kept, and only http(s)
    links (Markdown links and bare addresses) made into links. Nothing else in the text is interpreted."""
    if not text:
        return Markup("")
    # Built as plain strings, every piece escaped above, and marked safe once: joining Markup objects piece by
    # piece cost a tenth of the page generation on a large catalogue.
    return Markup("".join("<p>" + "<br>".join(_linked(line) for line in paragraph.split("\n")) + "</p>"
                          for paragraph in _PARAGRAPH_BREAK.split(text) if paragraph.strip()))
