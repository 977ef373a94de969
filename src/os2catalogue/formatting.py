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
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def danish_date(value: dt.date) -> str:
    """``2026-11-24`` → ``24. november 2026``."""
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def markdown_text(value: str) -> Markup:
    """Plain text made safe for a Markdown line: Markdown punctuation backslash-escaped, then HTML-escaped."""
    return escape(_MARKDOWN_SPECIAL.sub(r"\\\1", str(value)))


def dump_yaml(data: Any, *, sort_keys: bool, width: int = 100) -> str:
    """YAML text, UTF-8 characters kept as they are."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=sort_keys, width=width)
