"""Translated, print-ready patient brochures from one Markdown article.

Pipeline stages, one module each: source → catalogs → checks → layouts/fonts
→ render → preflight; ``cli`` is the only module that prints or exits.
"""

__version__ = "0.1.0"
