"""ASCII slugs for file names, URLs and vocabulary ids."""

from __future__ import annotations

import re
import unicodedata

# Danish letters get their conventional two-letter spellings; NFKD handles the rest (é → e).
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return the ASCII slug of ``text``: lower case, æ→ae, ø→oe, å→aa, words joined by '-'."""
    lowered = text.lower().translate(_TRANSLITERATION)
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", ascii_only).strip("-")
