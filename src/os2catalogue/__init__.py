"""OS2 catalogue: product files → validated model → generated pages for MkDocs."""

from os2catalogue.diagnostics import Diagnostic, ValidationFailed
from os2catalogue.loader import Catalogue, load_catalogue
from os2catalogue.model import Product

__all__ = ["Catalogue", "Diagnostic", "Product", "ValidationFailed", "load_catalogue"]
