"""HTML the generator wrote, kept out of the Markdown parser's way.

A generated page is Markdown with blocks of HTML that the templates rendered (cards, tables, lists), already
escaped and complete. Python-Markdown would parse each such block again (md_in_html reads every raw HTML block
with its HTML parser) only to write it out unchanged; on listing pages that second trip was most of the build.
:func:`lift` takes those blocks out before the Markdown is converted and leaves a placeholder paragraph in their
place; :func:`restore` puts them back into the converted HTML. A block is lifted only when Markdown would pass it
through unchanged anyway: it starts a paragraph with a block-level tag at the start of a line, its tags balance,
it ends with a tag, and it asks for no Markdown inside (no ``markdown`` attribute). Anything else (headings,
Markdown lists, the product's own description) is converted as before. A build without our hook converts the
blocks itself and gets the same page.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from markdown.util import BLOCK_LEVEL_ELEMENTS

_BLANK = re.compile(r"(\n[ \t]*\n)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:[\s=>]|$)")
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)
#: Elements without an end tag.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class Lifted:
    """The blocks taken out of one page's Markdown, by placeholder."""

    token: str
    blocks: list[str] = field(default_factory=list)

    def placeholder(self, index: int) -> str:
        """The paragraph text standing for block ``index``."""
        return f"{self.token}{index:05d}"


def _balanced(chunk: str) -> bool:
    """True when ``chunk`` is whole elements: every tag closed, none closed that was not opened."""
    open_tags: list[str] = []
    for closing, name, _, self_closing in _TAG.findall(chunk):
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return False
    return not open_tags


def _liftable(chunk: str) -> bool:
    first = _TAG.match(chunk)
    return (first is not None and not first.group(1) and first.group(2).lower() in BLOCK_LEVEL_ELEMENTS
            and chunk.rstrip().endswith(">") and not _MARKDOWN_ATTRIBUTE.search(chunk) and _balanced(chunk))


def lift(markdown: str) -> tuple[str, Lifted]:
    """``markdown`` with each block of finished HTML replaced by a placeholder paragraph, and the blocks."""
    lifted = Lifted(f"OS2RAW{secrets.token_hex(6).upper()}X")
    parts = _BLANK.split(markdown)
    in_fence = False
    for index in range(0, len(parts), 2):  # odd indexes are the blank lines between chunks
        chunk = parts[index]
        if not in_fence and _liftable(chunk):
            parts[index] = lifted.placeholder(len(lifted.blocks))
            lifted.blocks.append(chunk)
        # A fenced code block may hold blank lines: nothing between its fences is HTML to lift.
        in_fence ^= len(_FENCE.findall(chunk)) % 2 == 1
    return "".join(parts), lifted


def restore(html: str, lifted: Lifted) -> str:
    """The converted page with every lifted block back in place of its placeholder paragraph."""
    if not lifted.blocks:
        return html

    def block(match: re.Match[str]) -> str:
        return lifted.blocks[int(match.group(1))] + "\n"  # Markdown leaves an empty line after raw HTML

    restored, count = re.subn(rf"<p>{lifted.token}(\d{{5}})</p>", block, html)
    if count != len(lifted.blocks):
        raise ValueError(f"{len(lifted.blocks) - count} of {len(lifted.blocks)} lifted HTML blocks found no place "
                         "in the converted page")
    return restored if html.endswith("\n") else restored.rstrip("\n")
