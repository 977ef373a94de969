"""Command line: ``python -m os2catalogue validate [PATH]`` and ``build-pages OUTDIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from os2catalogue.diagnostics import ValidationFailed, summarise
from os2catalogue.loader import build_date, check_files, discover, load_catalogue
from os2catalogue.pages import SiteOptions, generate_pages


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{value}'") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m os2catalogue", description="OS2's product catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check product files and print every problem")
    validate.add_argument("path", nargs="?", default="products", type=Path,
                          help="a product file or a folder of them (default: products)")
    validate.add_argument("--today", type=_date, help="check dates as if on this day (default: today)")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="'github' prints workflow annotations")

    pages = commands.add_parser("build-pages", help="write every generated page as Markdown into OUTDIR")
    pages.add_argument("outdir", type=Path)
    pages.add_argument("--products", type=Path, default=Path("products"), help="the product folder")
    pages.add_argument("--today", type=_date, help="build as if on this day (default: today)")
    pages.add_argument("--edit-url-base", help="base of edit links, e.g. https://github.com/org/repo/edit/main/")
    return parser


def validate(path: Path, today: dt.date, output_format: str) -> int:
    """Print every problem in the product files at ``path``; 0 when there are none, 1 otherwise."""
    if not path.exists():
        print(f"{path}: no such file or folder", file=sys.stderr)
        return 2
    paths = discover(path)
    products, problems = check_files(paths, root=Path.cwd(), today=today)
    if problems:
        if output_format == "github":
            print("\n".join(d.github() for d in problems))
        print(summarise(problems), file=sys.stderr)
        return 1
    print(f"{len(products)} product files checked: no problems.")
    return 0


def build_pages(outdir: Path, products_dir: Path, today: dt.date, edit_url_base: str | None) -> int:
    """Write the generated pages under ``outdir`` so any MkDocs-compatible generator can build them."""

    try:
        catalogue = load_catalogue(products_dir, today=today)
    except ValidationFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    pages = generate_pages(catalogue, SiteOptions(edit_url_base=edit_url_base))
    for page in pages:
        target = outdir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"{len(pages)} pages written to {outdir}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    today = args.today or build_date()
    if args.command == "validate":
        return validate(args.path, today, args.format)
    return build_pages(args.outdir, args.products, today, args.edit_url_base)
