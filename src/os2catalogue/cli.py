"""Command line: ``python -m os2catalogue validate [PATH]`` and ``build-pages OUTDIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from os2catalogue import governance, publiccode
from os2catalogue.diagnostics import Diagnostic, ValidationFailed, summarise
from os2catalogue.frontmatter import parse_or_diagnostics
from os2catalogue.loader import build_date, check_files, discover, display_path, load_catalogue
from os2catalogue.model import Product
from os2catalogue.news import Post, check_posts, load_site, post_products_markdown
from os2catalogue.pages import SiteOptions, generate_pages
from os2catalogue.report_import import governance_block, parse_report, replace_governance
from os2catalogue.scaffold import scaffold
from os2catalogue.slug import slugify
from os2catalogue.validate import check_document
from os2catalogue.vocab import load_vocabularies


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{value}'") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m os2catalogue", description="OS2's product catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check product files and news posts; print every problem")
    validate.add_argument("path", nargs="?", type=Path,
                          help="a product file or folder, or the blog folder (default: products/ and blog/)")
    validate.add_argument("--today", type=_date, help="check dates as if on this day (default: today)")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="'github' prints workflow annotations")
    validate.add_argument("--report", action="store_true",
                          help="also list products whose governance report documents another level than the "
                               "board's (these never fail the check)")

    importer = commands.add_parser("import-governance",
                                   help="write a governance report (v1.1.0 tables) into a product file")
    importer.add_argument("report", type=Path, help="the report, a Markdown file")
    importer.add_argument("--product", required=True, help="the product's slug, e.g. os2rollekatalog")
    importer.add_argument("--url", required=True, help="where the report is published")
    importer.add_argument("--products", type=Path, default=Path("products"), help="the product folder")
    importer.add_argument("--today", type=_date, help="check dates as if on this day (default: today)")

    new = commands.add_parser("new", help="create a product file with every field explained")
    new.add_argument("name", help="the product's name, e.g. OS2eksempel")
    new.add_argument("--products", type=Path, default=Path("products"), help="the product folder")

    publiccode = commands.add_parser("import-publiccode", help="create a product file from a publiccode.yml")
    publiccode.add_argument("file", type=Path, help="the publiccode.yml")
    publiccode.add_argument("--products", type=Path, default=Path("products"), help="the product folder")
    publiccode.add_argument("--today", type=_date, help="the review date to write (default: today)")

    commands.add_parser("schema", help="print the JSON Schema of a product file's front matter (for editors)")

    pages = commands.add_parser("build-pages", help="write every generated page as Markdown into OUTDIR")
    pages.add_argument("outdir", type=Path)
    pages.add_argument("--root", type=Path, default=Path("."), help="the folder holding products/ and blog/")
    pages.add_argument("--today", type=_date, help="build as if on this day (default: today)")
    pages.add_argument("--edit-url-base", help="base of edit links, e.g. https://github.com/org/repo/edit/main/")
    return parser


def _is_blog(path: Path) -> bool:
    return path.is_dir() and ((path / ".authors.yml").is_file() or (path / "posts").is_dir())


def validate(path: Path | None, today: dt.date, output_format: str, report: bool = False) -> int:
    """Print every problem in the product files and posts at ``path`` (default: products/ and blog/).

    Returns 0 when there are none, 1 otherwise, 2 when ``path`` does not exist.
    """
    root = Path.cwd()
    if path is not None and not path.exists():
        print(f"{path}: no such file or folder", file=sys.stderr)
        return 2
    blog = path if path is not None and _is_blog(path) else (root / "blog" if path is None else None)
    product_path = None if path is not None and blog is not None else (path or root / "products")
    problems: list[Diagnostic] = []
    products: list[Product] = []
    if product_path is not None:
        products, problems = check_files(discover(product_path), root=root, today=today)
    posts: list[Post] = []
    if blog is not None and blog.is_dir():
        known = products if product_path == root / "products" else \
            check_files(discover(root / "products"), root=root, today=today)[0]
        posts, post_problems = check_posts(blog, root=root, products=known, today=today)
        problems = sorted(problems + post_problems)
    if problems:
        if output_format == "github":
            print("\n".join(d.github() for d in problems))
        print(summarise(problems), file=sys.stderr)
        return 1
    checked = [f"{len(products)} product files"] if product_path is not None else []
    checked += [f"{len(posts)} posts"] if blog is not None and blog.is_dir() else []
    print(f"{' and '.join(checked)} checked: no problems.")
    if report:
        vocabularies = load_vocabularies()
        differences = [(p, text) for p in products if (text := governance.level_difference(p, vocabularies))]
        for product, text in differences:
            documented = governance.evidence_level(product, vocabularies)
            print(f"{product.source_path}: level {product.level.value}, governance report documents "
                  f"{documented.value if documented else 'no level'}: {text}")
        print(f"{len(differences)} of {len(products)} products differ from the level their report documents.")
    return 0


def import_governance(report_path: Path, slug: str, url: str, products_dir: Path, today: dt.date) -> int:
    """Parse the report and write its answers into the product file; nothing is written on any problem."""
    product_path = products_dir / f"{slug}.md"
    if not product_path.is_file():
        print(f"{product_path}: no such product file", file=sys.stderr)
        return 2
    if not report_path.is_file():
        print(f"{report_path}: no such file", file=sys.stderr)
        return 2
    vocabularies = load_vocabularies()
    root = Path.cwd()
    report, problems = parse_report(display_path(report_path, root), report_path.read_bytes(), vocabularies)
    if problems:
        print(summarise(problems), file=sys.stderr)
        return 1
    shown = display_path(product_path, root)
    new_raw = replace_governance(product_path.read_bytes(), governance_block(report, url))
    document, problems = parse_or_diagnostics(shown, new_raw)
    if document is not None:
        problems += check_document(document, slugify(product_path.stem), vocabularies, today)[1]
    if problems:
        print(summarise(problems), file=sys.stderr)
        return 1
    product_path.write_bytes(new_raw)
    print(f"{shown}: governance block written: {len(report.answers)} requirements answered, "
          f"{len(report.blank)} left blank in the report.")
    return 0


def build_pages(outdir: Path, root: Path, today: dt.date, edit_url_base: str | None) -> int:
    """Write the generated pages under ``outdir`` so any MkDocs-compatible generator can build them."""
    try:
        catalogue = load_site(root, today=today)
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    pages = generate_pages(catalogue, SiteOptions(edit_url_base=edit_url_base))
    # Posts go where the hook registers them, with the product links the hook appends.
    posts = [(post.src_uri, (root / post.source_path).read_text(encoding="utf-8") +
              post_products_markdown(post, catalogue)) for post in catalogue.posts]
    for src_uri, content in [(page.src_uri, page.content) for page in pages] + posts:
        target = outdir / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    print(f"{len(pages)} pages and {len(posts)} posts written to {outdir}.")
    return 0


def _write_new_product(products_dir: Path, slug: str, content: str, today: dt.date) -> int:
    """Check a new product file like any other, then write it; never overwrite."""
    target = products_dir / f"{slug}.md"
    shown = display_path(target, Path.cwd())
    if target.exists():
        print(f"{shown}: already exists; edit it instead", file=sys.stderr)
        return 1
    document, problems = parse_or_diagnostics(shown, content.encode("utf-8"))
    if document is not None:
        problems += check_document(document, slug, load_vocabularies(), today)[1]
    if problems:
        print(summarise(problems), file=sys.stderr)
        return 1
    products_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    print(f"{shown}: created.")
    return 0


def new_product(name: str, products_dir: Path, today: dt.date) -> int:
    """Scaffold ``products/<slug>.md`` for a product called ``name``."""
    if not name.startswith("OS2"):
        print(f"name: '{name}' must start with 'OS2'", file=sys.stderr)
        return 1
    slug, content = scaffold(name, today)
    return _write_new_product(products_dir, slug, content, today)


def import_publiccode(path: Path, products_dir: Path, today: dt.date) -> int:
    """Create a product file from a publiccode.yml; report every missing or unmappable field."""
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    shown = display_path(path, Path.cwd())
    slug, content, problems = publiccode.product_file(shown, path.read_text(encoding="utf-8-sig"),
                                                      load_vocabularies(), today)
    if problems or slug is None or content is None:
        print(summarise(sorted(problems)), file=sys.stderr)
        return 1
    return _write_new_product(products_dir, slug, content, today)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    today = getattr(args, "today", None) or build_date()
    if args.command == "validate":
        return validate(args.path, today, args.format, args.report)
    if args.command == "schema":
        from os2catalogue import export

        catalogue = load_catalogue(Path("products"), today=today) if Path("products").is_dir() else None
        if catalogue is None:
            print("products: no such folder", file=sys.stderr)
            return 2
        sys.stdout.write(export.dumps(export.json_schema(catalogue, api=False, site_url=SiteOptions.site_url)))
        return 0
    if args.command == "new":
        return new_product(args.name, args.products, today)
    if args.command == "import-publiccode":
        return import_publiccode(args.file, args.products, today)
    if args.command == "import-governance":
        return import_governance(args.report, args.product, args.url, args.products, today)
    return build_pages(args.outdir, args.root, today, args.edit_url_base)
