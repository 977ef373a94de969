"""MkDocs hook: adds the catalogue's generated pages and the news posts. All logic lives in os2catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from os2catalogue.mkdocs_adapter import (
    add_catalogue_pages,
    add_generated_navigation,
    finished_page,
    page_context_handlers,
    page_converted,
    page_markdown,
    page_written,
    pages_checked,
    theme_environment,
)

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """List the generated pages that belong in the navigation (the level pages) where they belong."""
    add_generated_navigation(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Load products/ and blog/, add the generated pages and register the posts."""
    config["os2_catalogue"] = add_catalogue_pages(files, config)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Link posts to their products; fill in the newest posts; keep the blog's lists out of search."""
    return page_markdown(markdown, page, config["os2_catalogue"])


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Sanitise product pages and news, whose content comes from contributors' files."""
    return page_converted(html, page, config["os2_catalogue"])


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Load the theme's templates once per build. Every page is converted by now: what the page events read of
    the catalogue is let go."""
    events = config["os2_catalogue"]
    if events is not None:
        events.let_go()
    config["os2_catalogue"] = None
    return theme_environment(env)


#: Before Material's search reads a page: the page without what the index skips; after it: the whole page.
on_page_context = page_context_handlers


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give every page its Content-Security-Policy (never allowing a script in the page's own content)."""
    return page_written(output, page)


#: Before Material's search plugin writes its index: let go of what the generated pages kept for the link checks,
#: and give the memory the build has freed back to the operating system.
on_post_build = pages_checked


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Give the theme's own HTML pages (404.html) their Content-Security-Policy too."""
    return finished_page(output_content) if template_name.endswith(".html") else output_content
