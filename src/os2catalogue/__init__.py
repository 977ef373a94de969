"""OS2 catalogue: product files → validated model → generated pages for MkDocs."""

from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.loader import load_catalogue, load_site
from os2catalogue.model import Catalogue, Product

__all__ = ["Catalogue", "Diagnostic", "Product", "ValidationFailed", "load_catalogue", "load_site"]
