"""A Content-Security-Policy for every page: scripts, styles, images and requests only from the site itself.

The policy is a ``<meta http-equiv>`` tag (the site is static and may be served by any host). The theme has a
few small inline scripts; each is allowed by its SHA-256 hash, computed from the page as built, but never from
the page's content (the HTML made from its Markdown, where contributors' text lands). So an inline script that a
contributor managed to slip past sanitising would still not run, and neither would an event handler attribute.
Nothing may load from another origin.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: Everything but scripts: the site itself; images may also be data: URIs (the theme's icons in CSS).
_POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
           "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
           "form-action 'self'; frame-src 'none'")
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


def _executable(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
        return False  # a script from a file: allowed by 'self' when it is the site's own
    found = _TYPE.search(attrs)
    return (found.group(1).lower() if found else "") in _JAVASCRIPT_TYPES


def policy(page: str, content: str | None = None) -> str:
    """The policy for ``page``: its own inline scripts allowed by hash, nothing else inline. Scripts inside
    ``content`` (the page's content as rendered from its Markdown) are never allowed."""
    if content:
        page = page.replace(content, "")
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode() + "'"
        for match in _INLINE_SCRIPT.finditer(page) if _executable(match.group("attrs"))
    })
    return _POLICY.format(hashes="".join(f" {h}" for h in hashes))


def add_policy(page: str, content: str | None = None) -> str:
    """``page`` with its Content-Security-Policy as the first element of <head> (before any script); see
    :func:`policy` for ``content``."""
    head = _HEAD.search(page)
    if head is None:
        return page
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page, content)}">'
    return page[:head.end()] + tag + page[head.end():]
