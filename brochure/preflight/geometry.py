"""Page geometry: the TrimBox and BleedBox the layout asks for, and the page count."""

from __future__ import annotations

from ..layouts import MM, Geometry, Layout, page_count
from .reader import Pdf, Result, mm, rect


def check_boxes(doc: Pdf, layout: Layout) -> Result:
    """TrimBox and BleedBox on every page, matching the layout's trim and bleed within 0.1 mm;
    the MediaBox and a CropBox contain the BleedBox; a PDF/X file has no ArtBox beside its TrimBox."""
    geo, tolerance = Geometry.of(layout), 0.1 * MM
    for number, page in enumerate(doc.pages, 1):
        # pypdf's page.trimbox falls back to the CropBox/MediaBox: look at the page dictionary itself
        missing = [key[1:] for key in ("/TrimBox", "/BleedBox") if key not in page]
        if missing:
            return False, f"no {' and no '.join(missing)}", number
        trim, bleed, media = (rect(page[key]) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if abs(width - geo.trim_w) > tolerance or abs(height - geo.trim_h) > tolerance:
            return False, (f"TrimBox is {mm(width)} × {mm(height)} mm; the layout's trim is "
                           f"{mm(geo.trim_w)} × {mm(geo.trim_h)} mm"), number
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if any(abs(side - geo.bleed) > tolerance for side in sides):
            shown = "/".join(mm(side) for side in sides)
            return False, (f"BleedBox extends {shown} mm beyond the TrimBox (left/bottom/right/top); "
                           f"the layout's bleed is {mm(geo.bleed)} mm"), number
        if not _contains(media, bleed, tolerance):
            return False, "the MediaBox does not contain the BleedBox", number
        # a viewer and a RIP clip every other box to the CropBox (ISO 32000-1 14.11.2)
        if "/CropBox" in page and not _contains(rect(page["/CropBox"]), bleed, tolerance):
            return False, "the CropBox cuts into the BleedBox: what lies outside it is not printed", number
        if layout.output_intent is not None and "/ArtBox" in page:
            return False, "an ArtBox beside the TrimBox: a PDF/X page has one or the other, not both", number
    return True, (f"{page_count(len(doc.pages))}: trim {mm(geo.trim_w)} × {mm(geo.trim_h)} mm, "
                  f"bleed {mm(geo.bleed)} mm, inside the MediaBox"), None



def _contains(outer, inner, tolerance: float) -> bool:
    return all(o <= i + tolerance for o, i in zip(outer[:2], inner[:2])) and \
        all(o >= i - tolerance for o, i in zip(outer[2:], inner[2:]))


def check_page_count(doc: Pdf, layout: Layout) -> Result:
    """Page count a multiple of page_multiple (4 for saddle stitching) and within max_pages."""
    count, multiple, budget = len(doc.pages), layout.page.page_multiple, layout.page.max_pages
    if count == 0 or count % multiple:
        return False, f"{page_count(count)} is not a multiple of {multiple}", None
    if budget is not None and count > budget:
        return False, f"{page_count(count)} is more than the layout's {budget}", None
    limit = f", at most {budget}" if budget is not None else ""
    return True, f"{page_count(count)} (a multiple of {multiple}{limit})", None


