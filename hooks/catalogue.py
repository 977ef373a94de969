"""MkDocs hook: adds the catalogue's generated pages. All logic lives in the os2catalogue package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from os2catalogue.mkdocs_adapter import add_catalogue_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add product, catalogue, level and model pages generated from products/."""
    return add_catalogue_pages(files, config)
