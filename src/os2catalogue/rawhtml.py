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

A contributor's own text inside a generated page (a product's description) is never lifted: it goes through the
parser and the sanitiser like any contributor's Markdown.

Between conversion and writing, MkDocs holds every page's content at once. :func:`pack` keeps a page's blocks
compressed while it waits, with the page's placeholders; the page is put together again when it is written
(:meth:`Packed.full`), and, for the search index, without the blocks the index would skip anyway
(:meth:`Packed.for_search`), so the index's HTML parser does not read them.
"""

from __future__ import annotations

import re
import secrets
import zlib
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


def _lift_part(markdown: str, lifted: Lifted) -> str:
    parts = _BLANK.split(markdown)
    in_fence = False
    for index in range(0, len(parts), 2):  # odd indexes are the blank lines between chunks
        chunk = parts[index]
        if not in_fence and _liftable(chunk):
            parts[index] = lifted.placeholder(len(lifted.blocks))
            lifted.blocks.append(chunk)
        # A fenced code block may hold blank lines: nothing between its fences is HTML to lift.
        in_fence ^= len(_FENCE.findall(chunk)) % 2 == 1
    return "".join(parts)


def lift(markdown: str, keep: str = "") -> tuple[str, Lifted]:
    """``markdown`` with each block of finished HTML replaced by a placeholder paragraph, and the blocks.

    ``keep`` is a contributor's text inside the page: its first occurrence is left as it is, whatever it holds.
    """
    lifted = Lifted(f"OS2RAW{secrets.token_hex(6).upper()}X")
    at = markdown.find(keep) if keep.strip() else -1
    if at < 0:
        return _lift_part(markdown, lifted), lifted
    before = _lift_part(markdown[:at], lifted)
    return before + keep + _lift_part(markdown[at + len(keep):], lifted), lifted


def _placeholders(token: str) -> re.Pattern[str]:
    return re.compile(rf"<p>{token}(\d{{5}})</p>")


def restore(html: str, lifted: Lifted, leave_out: frozenset[int] = frozenset()) -> str:
    """The converted page with every lifted block back in place of its placeholder paragraph (the blocks in
    ``leave_out`` go without replacement)."""
    if not lifted.blocks:
        return html

    def block(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return "" if index in leave_out else lifted.blocks[index] + "\n"  # Markdown leaves an empty line after HTML

    restored, count = _placeholders(lifted.token).subn(block, html)
    if count != len(lifted.blocks):
        raise ValueError(f"{len(lifted.blocks) - count} of {len(lifted.blocks)} lifted HTML blocks found no place "
                         "in the converted page")
    return restored if html.endswith("\n") else restored.rstrip("\n")


_SEARCH_EXCLUDE = re.compile(r"\sdata-search-exclude(?:[\s=/>]|$)")
#: A heading that starts a section of the search index: only a heading with an id does (a card's title does not).
_SECTION_HEADING = re.compile(r"<h[1-6](?:\s[^>]*)?\sid[\s=/>]", re.IGNORECASE)


def _one_element(chunk: str) -> bool:
    """True when ``chunk`` is a single element (its first tag is closed at its very end)."""
    depth = 0
    for found in _TAG.finditer(chunk):
        closing, name, _, self_closing = found.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return found.end() == len(chunk.rstrip())
    return False


def _unindexed(html: str, lifted: Lifted) -> frozenset[int]:
    """The lifted blocks Material's search index skips in any case: a block that is one element marked
    ``data-search-exclude``, or any block under a heading so marked (the index leaves out that heading's section).

    The judgement is conservative: a block holding a heading with an id (which may begin a section) is always kept,
    and so is everything after it; and only headings written on a line of their own at the top of the page count.
    A heading without an id begins no section (a card's title): its text belongs to the section it is in."""
    skipped: set[int] = set()
    in_excluded_section = False
    pattern = re.compile(rf"^<h[1-6](\s[^>]*)?>|<p>{lifted.token}(\d{{5}})</p>", re.MULTILINE)
    for found in pattern.finditer(html):
        if found.group(2) is None:
            attributes = found.group(1) or ""
            if " id=" in attributes:  # the index starts a section only at a heading with an id
                in_excluded_section = bool(_SEARCH_EXCLUDE.search(attributes))
            continue
        index = int(found.group(2))
        block = lifted.blocks[index]
        if _SECTION_HEADING.search(block):
            break
        first = _TAG.match(block)
        if in_excluded_section or (first is not None and _SEARCH_EXCLUDE.search(first.group(0))
                                   and _one_element(block)):
            skipped.add(index)
    return frozenset(skipped)


@dataclass(frozen=True)
class Packed:
    """A converted page waiting to be written: its HTML with placeholders and its lifted blocks, compressed."""

    token: str
    #: The HTML with placeholders, then every block, one after the other, as UTF-8, compressed.
    data: bytes
    #: The length in characters of the HTML and of each block.
    lengths: tuple[int, ...]
    unindexed: frozenset[int]

    def _unpacked(self) -> tuple[str, Lifted]:
        text = zlib.decompress(self.data).decode("utf-8")
        parts, start = [], 0
        for length in self.lengths:
            parts.append(text[start:start + length])
            start += length
        return parts[0], Lifted(self.token, parts[1:])

    def full(self) -> str:
        """The page's content, as the reader gets it."""
        return restore(*self._unpacked())

    def for_search(self) -> str:
        """The page's content without the blocks the search index skips: the index it gives is the same."""
        return restore(*self._unpacked(), self.unindexed)


def pack(html: str, lifted: Lifted) -> Packed:
    """Keep the converted page ``html`` (with its placeholders) and its lifted blocks until the page is written."""
    parts = [html, *lifted.blocks]
    data = zlib.compress("".join(parts).encode("utf-8"), 1)
    return Packed(lifted.token, data, tuple(map(len, parts)), _unindexed(html, lifted))
