"""News on the site's pages: which blog pages list posts, the newest posts, and links between posts and
products. (Posts are checked and loaded by :mod:`os2catalogue.posts`.)"""

from __future__ import annotations

import datetime as dt

from markupsafe import escape

from os2catalogue import urls
from os2catalogue.formatting import danish_date, markdown_text
from os2catalogue.governance import open_calls
from os2catalogue.model import Catalogue, Post


def is_blog_view(src_uri: str) -> bool:
    """A page of the blog that lists posts (index, archive, category, later pages): site search leaves it out,
    because each post is found on its own page."""
    return src_uri.startswith(f"{urls.BLOG_DIR}/") and not src_uri.startswith(f"{urls.POSTS_URI}/")


def latest(posts: list[Post], today: dt.date, *, product: str | None = None, count: int = 3) -> list[Post]:
    """The newest published posts, optionally only those about ``product``."""
    return [p for p in posts if p.is_published(today) and (product is None or product in p.products)][:count]


def post_products_markdown(post: Post, catalogue: Catalogue) -> str:
    """The block appended to a post: links to the products it is about."""
    if not post.products:
        return ""
    links = [f"[{markdown_text(catalogue.product(slug).name)}]({urls.markdown_link(post.src_uri, urls.product_uri(slug))})"
             for slug in post.products]
    return "\n\n---\n\n**Produkter i indlægget:** " + ", ".join(links) + "\n"


def latest_news_markdown(catalogue: Catalogue, from_uri: str, *, product: str | None = None, count: int = 3) -> str:
    """A Markdown list of the newest published posts (about ``product``, if given), linked from ``from_uri``."""
    found = latest(list(catalogue.posts), catalogue.build_date, product=product, count=count)
    return "\n".join(f"- [{markdown_text(post.title)}]({urls.markdown_link(from_uri, post.src_uri)}) "
                     f"<span class=\"os2-muted\">{danish_date(post.date)}</span>" for post in found)


def open_calls_markdown(catalogue: Catalogue, from_uri: str) -> str:
    """A lead to the calls page while any call is open (the nearest deadline named), or "" when none is."""
    found = open_calls(catalogue.products, catalogue.build_date)
    if not found:
        return ""
    product, call = found[0]
    assert call.deadline is not None  # an open call has one
    count = "Én opfordring er åben" if len(found) == 1 else f"{len(found)} opfordringer er åbne"
    link = urls.relative_url(from_uri, urls.CALLS)
    return (f'<p class="os2-notice os2-open-calls"><strong>{count} lige nu.</strong> Nærmeste frist: '
            f"{danish_date(call.deadline)} ({escape(product.name)}: {escape(call.title)}). "
            f'<a href="{link}">Se, hvad du kan være med i</a>.</p>')
