"""PDF bytes → preflight findings: the checks a print shop runs before it accepts a file.

Pure: reads the bytes (objects with pypdf, content streams with qpdf through
``contentstream``) and returns one ``Finding`` per check, passed or not, so the CLI
can print one line per check per file and write ``report()`` as JSON. A file that
cannot be parsed, or a check that trips over a malformed object, becomes a failed
finding; no exception escapes ``preflight``.

What it cannot see (README, "Print production"): it is no PDF/X validator — the ICC profile is
checked by its header only, transparency groups beyond their colour space and Type3 glyph procedures are not inspected, and
the ink coverage of a file with images, shadings or transparency is measured at 36 dpi (hairlines
are not areas; Ghostscript); a file of flat CMYK colour is bounded by the colours it paints.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from pypdf import PdfReader

from ..errors import BrochureError
from ..layouts import Layout, page_count
from . import colour, document, fonts, geometry, ink, pdfx, text
from .reader import Pdf, Result
from .text import body_size

__all__ = ["CHECKS", "ERROR", "WARNING", "Finding", "body_size", "by_file", "passed", "preflight", "report"]

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One preflight check's verdict on one file, passed or not."""

    check: str
    passed: bool
    severity: str  # what a failure means: ERROR fails the file, WARNING is only reported
    message: str
    page: int | None = None  # 1-based page of the first offending place
    path: str = ""

    @property
    def blocking(self) -> bool:
        return not self.passed and self.severity == ERROR

    def __str__(self) -> str:
        status = "ok" if self.passed else self.severity
        where = f"page {self.page}: " if self.page else ""
        return f"{self.path}: {self.check}: {status}: {where}{self.message}"


def preflight(pdf: bytes, layout: Layout, path: str, source: bytes | None = None) -> list[Finding]:
    """Run every check on one file; never raises for a bad PDF. ``source``: for an imposed file,
    the booklet it was imposed from (b"" when it is missing), whose pages its sides must place."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:  # a print shop cannot open it without the password either
            raise ValueError("the file is encrypted")
        doc = Pdf(reader, pdf, source)
        opened = Finding("pdf", True, ERROR, f"PDF {reader.pdf_header[5:]}, {page_count(len(doc.pages))}", None, path)
    except Exception as exc:  # pypdf raises many types for broken files; all mean "unreadable"
        reason = f"not a readable PDF: {exc}"
        return [Finding("pdf", False, ERROR, reason, None, path)] + [
            Finding(name, False, _severity(name, layout), "not checked: the file is not a readable PDF", None, path)
            for name in CHECKS]
    findings = [opened]
    for name, check in CHECKS.items():
        try:
            ok, message, page = check(doc, layout)
        except Exception as exc:  # a malformed object must not hide the other checks
            ok, message, page = False, f"could not check: {type(exc).__name__}: {exc}", None
        findings.append(Finding(name, ok, _severity(name, layout), message, page, path))
    return findings


def passed(findings: Iterable[Finding]) -> bool:
    """True when no finding is a failed error (warnings do not fail a file)."""
    return not any(f.blocking for f in findings)


def by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """The findings of one or many files, grouped by file in the order they come."""
    files: dict[str, list[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.path, []).append(finding)
    return files


def report(findings: Iterable[Finding], unreadable: Iterable[BrochureError] = ()) -> dict:
    """Findings of one or many files → a JSON-serialisable dict, grouped by file. ``unreadable``:
    layouts that could not be read, so that their PDFs were not checked; the report fails with
    them (without, a broken layout's PDFs were left out and the rest "passed")."""
    files = by_file(findings)
    unreadable = [{"path": e.path, "line": e.line, "message": e.message} for e in unreadable]
    return {
        "passed": not unreadable and all(passed(group) for group in files.values()),
        "unreadable": unreadable,
        "files": [{"path": path, "passed": passed(group),
                   "checks": [{k: v for k, v in asdict(f).items() if k != "path"} for f in group]}
                  for path, group in files.items()],
    }


# every check by name, in the order of the report; each module holds the checks of one concern
CHECKS: dict[str, Callable[[Pdf, Layout], Result]] = {
    "fonts": fonts.check_fonts,
    "font-widths": fonts.check_font_widths,
    "boxes": geometry.check_boxes,
    "crop-marks": geometry.check_crop_marks,
    "page-count": geometry.check_page_count,
    "imposition": geometry.check_imposition,
    "colour": colour.check_colour,
    "actions": document.check_actions,
    "metadata": document.check_metadata,
    "pdf-ua": document.check_pdf_ua,
    "text-size": text.check_text_size,
    "body-size": text.check_body_size,
    "pdfx-version": pdfx.check_pdfx_version,
    "pdfx-xmp": pdfx.check_pdfx_xmp,
    "pdfx-trapped": pdfx.check_pdfx_trapped,
    "pdfx-output-intent": pdfx.check_pdfx_output_intent,
    "pdfx-file-id": pdfx.check_pdfx_file_id,
    "pdfx-forbidden": pdfx.check_pdfx_forbidden,
    "text-colour": colour.check_text_colour,
    "thin-rules": colour.check_thin_rules,
    "rich-black": colour.check_rich_black,
    "ink-coverage": ink.check_ink_coverage,
    "safe-zone": ink.check_safe_zone,
}

PRINT_ONLY = {"colour", "text-colour", "thin-rules", "rich-black"}


def _severity(name: str, layout: Layout) -> str:
    # RGB and the colour rules only matter when a print shop separates the file onto plates;
    # an office printer converts and screens everything anyway.
    return WARNING if name in PRINT_ONLY and not layout.print_ready else ERROR


