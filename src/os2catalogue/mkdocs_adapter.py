"""The bridge between MkDocs and the catalogue; the hook in ``hooks/`` only calls into this."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from os2catalogue.diagnostics import ValidationFailed
from os2catalogue.loader import Catalogue, load_catalogue
from os2catalogue.pages import SiteOptions, generate_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

#: Product files live in this folder beside mkdocs.yml.
PRODUCTS_DIR = "products"


def site_root(config: MkDocsConfig) -> Path:
    """The folder holding mkdocs.yml, which is the repository root."""
    return Path(config.config_file_path).parent


def load_for_site(config: MkDocsConfig) -> Catalogue:
    """Load the site's catalogue; every problem becomes one clean build error (no traceback)."""
    root = site_root(config)
    try:
        return load_catalogue(root / PRODUCTS_DIR, root=root)
    except ValidationFailed as failure:
        raise PluginError(f"The product files have problems:\n{failure}") from None


def site_options(config: MkDocsConfig) -> SiteOptions:
    """Link settings for generated pages, derived from mkdocs.yml."""
    edit_base = None
    if config.edit_uri:
        docs_edit = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri) if config.repo_url else config.edit_uri
        docs_name = Path(config.docs_dir).name
        edit_base = docs_edit[: -len(docs_name) - 1] if docs_edit.endswith(f"/{docs_name}/") else docs_edit
    return SiteOptions(edit_url_base=edit_base, use_directory_urls=config.use_directory_urls)


def add_catalogue_pages(files: Files, config: MkDocsConfig) -> Files:
    """Append every generated page to ``files`` (in memory; nothing is written into docs/)."""
    catalogue = load_for_site(config)
    root, docs_dir = site_root(config), Path(config.docs_dir)
    for page in generate_pages(catalogue, site_options(config)):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"{Path(config.docs_dir).name}/{page.src_uri}: this page is generated from the "
                              "catalogue; remove the hand-written file")
        file = File.generated(config, page.src_uri, content=page.content,
                              inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV)
        if page.edit_path:
            # The edit button opens the product file, which lives outside docs/.
            file.edit_uri = posixpath.relpath((root / page.edit_path).as_posix(), docs_dir.as_posix())
        files.append(file)
    return files
