"""Translated, print-ready patient brochures from Markdown articles.

The library API (documented in ``brochure.api``)::

    import brochure

    project = brochure.init("st-anna-clinic")       # source template, layouts to edit
    brochure.update(project, locales=["de"])         # → locales/de/LC_MESSAGES/article.po
    result = brochure.build(project, locales=["de"], fallback_source=True)
    print([(pdf.path, pdf.pages) for pdf in result.pdfs if pdf.ok])
    print(brochure.check(project).errors)

Pipeline stages, one module each: source → catalogs → checks → layouts/fonts
→ render → preflight; ``cli`` is the only module that prints or exits.
"""

import sys
import types

__version__ = "0.1.0"

# The API is loaded on first use: `import brochure` stays cheap for the workers.
_API = ("init", "extract", "update", "build", "check", "preflight", "proof", "stats", "ExtractResult", "UpdateResult",
        "CatalogUpdate", "BuildResult", "CheckResult", "PreflightResult", "ProofResult", "StatsResult")
__all__ = [*_API, "BrochureError", "__version__"]


class _Package(types.ModuleType):
    """`brochure.build` is the API function even though `brochure/build.py` exists (so are
    `brochure.preflight` and `brochure.proof`): importing that module (as the pipeline does)
    must not replace the function on the package. The module stays importable as usual
    (`from brochure.build import Policy`), but not as `from brochure import preflight`."""

    def __setattr__(self, name, value):
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "BrochureError":
        from .errors import BrochureError

        return BrochureError
    raise AttributeError(f"module 'brochure' has no attribute {name!r}")
