"""Command line: ``python -m os2catalogue validate [PATH]`` and ``build-pages OUTDIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
from pathlib import Path

from os2catalogue import governance, publiccode
from os2catalogue.diagnostics import Diagnostic, ValidationFailed, summarise
from os2catalogue.files import build_date, display_path, docs_files
from os2catalogue.frontmatter import parse_or_diagnostics
from os2catalogue.loader import load_site, read_site
from os2catalogue.model import Product
from os2catalogue.news import post_products_markdown
from os2catalogue.pages import SiteOptions, generate_pages
from os2catalogue.report_import import merge, parse_report, product_mismatch, replace_governance, summary
from os2catalogue.scaffold import scaffold
from os2catalogue.site_rules import check_site
from os2catalogue.slug import slugify
from os2catalogue.validate import check_document
from os2catalogue.vocab import check_data_files, load_vocabularies


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

    importer = commands.add_parser(
        "import-governance", help="write a governance report or a secretariat assessment into a product file",
        description="Read a governance document as it is published (the template, the self-evaluation generator's "
                    "report, the 2018 checklist, or the secretariat's assessment) and write it into the product's "
                    "governance block, replacing the entry with the same --url. Nothing is written on an error.")
    importer.add_argument("report", type=Path, help="the document, a Markdown file")
    importer.add_argument("--product", required=True, help="the product's slug, e.g. os2rollekatalog")
    importer.add_argument("--url", required=True, help="where the document is published")
    importer.add_argument("--date", type=_date, help="the date of a document that states none in its header or log "
                                                     "(for example the day it was last changed where it is published)")
    importer.add_argument("--template-version", help="the template version of a document that states none")
    importer.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    importer.add_argument("--allow-fewer", action="store_true",
                          help="allow a document that answers fewer requirements than the entry it replaces")
    importer.add_argument("--force", action="store_true",
                          help="import even though the document's title does not name the product")
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

    activity = commands.add_parser(
        "activity", help="measure the products' repositories from local git clones and write data/activity.yml",
        description="Read the history of every repository the products name, from local clones, and write "
                    "data/activity.yml. Exit status 0: every repository measured; 2: some could not be (each is "
                    "named, and keeps its earlier entry); 1: nothing written.")
    activity.add_argument("--root", type=Path, default=Path("."), help="the folder holding products/")
    activity.add_argument("--clones", type=Path, action="append", default=[],
                          help="a folder of clones (<host>/<owner>/<name>, <owner>/<name> or <owner>+<name>/repo); "
                               "may be given more than once (default: .cache/clones)")
    activity.add_argument("--clone", action="store_true",
                          help="clone missing repositories into the first --clones folder and update the others "
                               "(needs the network); measured as of today")
    activity.add_argument("--as-of", type=_date, help="the day the given clones reflect (default: the day each "
                                                      "clone last received its history)")
    activity.add_argument("--only", action="append", default=[], metavar="URL",
                          help="measure only this repository (may be given more than once); others keep their entry")
    activity.add_argument("--today", type=_date, help="measure as if on this day (default: today)")
    return parser


def measure_activity(args: argparse.Namespace, today: dt.date) -> int:
    """The ``activity`` command: measure, print what was and was not measured, write data/activity.yml."""
    from os2catalogue import activity

    root: Path = args.root
    catalogue, problems = read_site(root, today=today, with_blog=False)
    if catalogue is None:
        print(summarise(problems), file=sys.stderr)
        return 1
    target = root / activity.ACTIVITY_FILE
    previous, old_problems = activity.read(root, catalogue.products, catalogue.vocabularies, today)
    if old_problems:
        print(summarise(old_problems), file=sys.stderr)
        print(f"{display_path(target, root)} has problems; it is written again from what is measured now.",
              file=sys.stderr)
    urls = activity.repository_urls(catalogue.products)
    unknown = [url for url in args.only if url not in urls]
    if unknown:
        print(f"--only: no product names {', '.join(unknown)}", file=sys.stderr)
        return 1
    clones = args.clones or [root / ".cache" / "clones"]
    outcome = activity.run(args.only or urls, previous,
                           clones=clones, clone_into=clones[0] if args.clone else None, today=today,
                           as_of=args.as_of)
    entries = {e.url: e for e in previous}
    entries.update({e.url: e for e in outcome.entries})
    written = [entries[url] for url in urls if url in entries]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(activity.dumps(written), encoding="utf-8")
    for url in outcome.measured:
        entry = entries[url]
        print(f"measured {url} at {entry.commit[:12]} ({entry.commit_date}), as of {entry.measured}")
    for url, why in outcome.failed:
        kept = entries.get(url)
        then = f"keeps its measurement of {kept.measured}" if kept else "has no measurement"
        print(f"not measured: {url}: {why}; it {then}", file=sys.stderr)
    print(f"{len(outcome.measured)} of {len(args.only or urls)} repositories measured; "
          f"{display_path(target, root)} holds {len(written)}.")
    return 2 if outcome.failed else 0


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
    if path is not None and path.is_file() and path.parent.name == "posts" and _is_blog(path.parent.parent):
        path = path.parent.parent  # a post is checked with its blog (its authors, its fellow posts' slugs)
    blog = path if path is not None and _is_blog(path) else (root / "blog" if path is None else None)
    product_path = None if path is not None and blog is not None else (path or root / "products")
    catalogue, problems = read_site(root, today=today, products=product_path, blog=blog,
                                    with_blog=blog is not None, with_products=product_path is not None)
    if catalogue is not None and not problems and path is None:
        # Only the whole site can be checked as the build checks it: links between pages, the blog's settings.
        problems = check_site(root, catalogue)
    products = list(catalogue.products) if catalogue is not None and product_path is not None else []
    posts = list(catalogue.posts) if catalogue is not None else []
    if problems:
        if output_format == "github":
            print("\n".join(d.github() for d in problems))
        print(summarise(problems), file=sys.stderr)
        return 1
    checked = [f"{len(products)} product files"] if product_path is not None else []
    checked += [f"{len(posts)} posts"] if blog is not None and blog.is_dir() else []
    print(f"{' and '.join(checked)} checked: no problems.")
    if report:
        print_governance_report(products)
    return 0


def print_governance_report(products: list[Product]) -> None:
    """Per product with a governance document: the report the documented level rests on, its date, format and
    answered/unanswered counts, the documented level, and how it differs from the board's level."""
    vocabularies = load_vocabularies()
    differences = 0
    for product in products:
        if product.governance is None:
            continue
        current = product.governance.current_report
        if current is None:
            kinds = sorted({"draft" if d.draft else d.format.label for d in product.governance.documents})
            print(f"{product.source_path}: no final report of the current model ({', '.join(kinds)}); "
                  "no documented level")
            continue
        card = governance.scorecard(current, vocabularies)
        documented = governance.report_level(current, vocabularies)
        difference = governance.level_difference(product, vocabularies)
        differences += difference is not None
        print(f"{product.source_path}: report of {current.date.isoformat()} ({current.format.label}): "
              f"{card.answered} of {card.total} answered, {card.total - card.answered} not answered; documents "
              f"{documented.value if documented else 'no level'}; level {product.level.value}"
              + (f" ({product.level_decision.kind.phrase})" if product.level_decision else "")
              + (f". {difference}" if difference else ""))
    print(f"{differences} of {len(products)} products differ from the level their report documents.")


def import_governance(args: argparse.Namespace, today: dt.date) -> int:
    """Parse the document and write it into the product file; nothing is written on any problem."""
    product_path = args.products / f"{args.product}.md"
    if not product_path.is_file():
        print(f"{product_path}: no such product file", file=sys.stderr)
        return 2
    if not args.report.is_file():
        print(f"{args.report}: no such file", file=sys.stderr)
        return 2
    vocabularies = load_vocabularies()
    root = Path.cwd()
    shown_report = display_path(args.report, root)
    parsed, problems = parse_report(shown_report, args.report.read_bytes(), vocabularies, date=args.date,
                                    template_version=args.template_version)
    for warning in parsed.warnings:
        print(warning, file=sys.stderr)
    shown = display_path(product_path, root)
    raw = product_path.read_bytes()
    document, product_problems = parse_or_diagnostics(shown, raw)
    if document is not None:
        product_problems += check_document(document, slugify(product_path.stem), vocabularies, today)[1]
    if document is None or product_problems:
        # Writing into a file that does not validate could drop what its author meant: fix it first.
        print(f"{shown} has problems; fix them before importing:", file=sys.stderr)
        print(summarise(product_problems), file=sys.stderr)
        return 1
    if not problems:
        data = document.data
        aliases = tuple(a for a in data.get("aliases") or () if isinstance(a, str))
        mismatch = product_mismatch(parsed, str(data.get("name") or args.product), args.product, aliases)
        if mismatch and not args.force:
            problems.append(Diagnostic(shown_report, 1, "title", mismatch))
    if problems:
        print(summarise(problems), file=sys.stderr)
        return 1
    assert parsed.format is not None and parsed.date is not None
    result = merge(document.data.get("governance"), parsed, args.url, vocabularies)
    if result.dropped and not args.allow_fewer:
        replaced = result.replaced or {}
        print(f"{shown}: governance.{result.key}: the document answers fewer requirements than the entry it "
              f"replaces ({replaced.get('url')}, {replaced.get('date')}); these would no longer be answered: "
              f"{', '.join(result.dropped)}. Use --allow-fewer if that is right.", file=sys.stderr)
        return 1
    if result.note:
        print(f"{shown_report}: warning: {result.note}", file=sys.stderr)
    new_raw = replace_governance(raw, result.block)
    checked, problems = parse_or_diagnostics(shown, new_raw)
    if checked is not None:
        problems += check_document(checked, slugify(product_path.stem), vocabularies, today)[1]
    if problems:
        print(f"{shown_report}: importing it would make {shown} invalid (nothing written):", file=sys.stderr)
        print(summarise(problems), file=sys.stderr)
        return 1
    where = f"governance.{result.key}[{result.index}]"
    date_from = vocabularies.date_sources[parsed.date_from or "header"].label
    print(f"{shown_report}: {parsed.format.label}; {parsed.format.model.label.lower()}; dated "
          f"{parsed.date.isoformat()} ({date_from})" + (", a draft that never counts" if parsed.draft else ""))
    print(f"{shown_report}: {summary(parsed, vocabularies)}")
    if parsed.unanswered():
        print(f"{shown_report}: not {'rated' if parsed.is_assessment else 'answered'}: "
              f"{', '.join(parsed.unanswered())}")
    if args.dry_run:
        old_text = raw.decode("utf-8-sig").splitlines(keepends=True)
        new_text = new_raw.decode("utf-8-sig").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(old_text, new_text, f"{shown} (now)", f"{shown} (after import)"))
        print(f"{shown}: {where} would be written (dry run: nothing written).")
        return 0
    product_path.write_bytes(new_raw)
    print(f"{shown}: {where} written.")
    return 0


def build_pages(outdir: Path, root: Path, today: dt.date, edit_url_base: str | None) -> int:
    """Write the generated pages under ``outdir`` so any MkDocs-compatible generator can build them."""
    try:
        catalogue = load_site(root, today=today)
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    try:
        pages = generate_pages(catalogue, SiteOptions(edit_url_base=edit_url_base, other_files=docs_files(root)))
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    # Posts go where the hook registers them, with the product links the hook appends.
    posts = [(post.src_uri, (root / post.source_path).read_text(encoding="utf-8") +
              post_products_markdown(post, catalogue)) for post in catalogue.posts]
    for page in pages:
        target = outdir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        page.write(target)
    for src_uri, content in posts:
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
    slug, content = scaffold(name, today, load_vocabularies())
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

        problems = check_data_files()
        if problems:
            print(summarise(problems), file=sys.stderr)
            return 1
        sys.stdout.write(export.dumps(export.json_schema(load_vocabularies(), api=False,
                                                         site_url=SiteOptions.site_url)))
        return 0
    if args.command == "new":
        return new_product(args.name, args.products, today)
    if args.command == "import-publiccode":
        return import_publiccode(args.file, args.products, today)
    if args.command == "import-governance":
        return import_governance(args, today)
    if args.command == "activity":
        return measure_activity(args, today)
    return build_pages(args.outdir, args.root, today, args.edit_url_base)
