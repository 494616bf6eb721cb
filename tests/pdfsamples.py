"""PDFs made with ReportLab for the preflight and prepress tests: a good print-like booklet
and, through keywords, one deliberate fault at a time."""

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from PIL import Image
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.layouts import MM, Geometry, load_layout
from brochure.pages import REGISTRATION, cmyk_or_registration
from brochure.structure import write_structure
from brochure.tagging import LAYOUT, PAGE, Structure, artifact, begin_artifact, end_artifact
from brochure.prepress import Intent, finish

from conftest import REPO

FONT = "PreflightSans"  # a name of our own, so no other test's registration is disturbed
BOOKLET = """\
description: A5 booklet for the preflight tests
class: booklet
page: {width: 148, height: 210, bleed: 3, crop_marks: true, slug: 10, page_multiple: 4, max_pages: 12}
margins: {top: 15, bottom: 15, inner: 12, outer: 12}
type:
  min_size: 9
  body: {size: 11, leading: 15.4}
  title: {size: 20, leading: 24}
  heading: {size: 14, leading: 17}
  references: {size: 9, leading: 11}
  small: {size: 9, leading: 11.5}
colours: {text: [0, 0, 0, 100], accent: [100, 50, 0, 10], tint: [10, 3, 0, 0]}
"""


def write_layout(tmp_path, text, name):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_layout(path)


def make_pdf(layout, *, pages=8, font=FONT, size=11, body=None, trim_box=True, bleed=None, lang="en",
             title="Test brochure", rgb=None, link=None, draw=None, gradient=True, marks="registration") -> bytes:
    """A print-like tagged PDF: CMYK only, embedded TrueType subset, boxes from the layout's Geometry,
    a background out to the bleed and crop marks in the slug (artifacts), "PAGE k" on page k at
    ``size`` pt (the H1 on page 1, a P on the others; with ``body``, a longer P at that size, which
    preflight then takes for the body), written through ``structure.write_structure``.
    Each keyword introduces one fault; ``link`` adds a tagged Link to that URI and
    ``draw(canvas, geo)`` draws more on page 1 (as an artifact, so only its own fault counts);
    ``gradient=False`` leaves out page 1's CMYK shading (flat colour only); ``marks`` (where the
    layout asks for crop marks): None leaves them out, "black" draws them in 100 % K, "four inks" in
    CMYK 100/100/100/100 (not the registration colour /All), "in the bleed" starts them 1 mm from the trim."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(REPO / "fonts" / "NotoSans-Regular.ttf")))
    geo = Geometry.of(layout)
    bleed_box = geo.bleed_box
    if bleed is not None:
        o = geo.offset
        bleed_box = (o - bleed * MM, o - bleed * MM, o + geo.trim_w + bleed * MM, o + geo.trim_h + bleed * MM)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=geo.media, invariant=1, initialFontName=FONT, lang=lang,
                    enforceColorSpace=None if rgb else cmyk_or_registration,
                    trimBox=geo.trim_box if trim_box else None, bleedBox=bleed_box)
    canvas.setTitle(title)
    structure = Structure(lang or "")

    def tagged(role, text, x, y, parent=None, uri=None):
        element = structure.add(role, parent, uri=uri, text=text)
        mcid = structure.mark(element, canvas.getPageNumber(), (x, y, x + 100, y + size))
        canvas.addLiteral(f"/{role} <</MCID {mcid}>> BDC")
        canvas.drawString(x, y, text)
        canvas.addLiteral("EMC")
        return element

    for number in range(1, pages + 1):
        x0, y0, x1, y1 = geo.bleed_box
        if not geo.bleed:  # an office page: ink keeps 5 mm from the paper's edge
            x0, y0, x1, y1 = x0 + 5 * MM, y0 + 5 * MM, x1 - 5 * MM, y1 - 5 * MM
        canvas.setFillColor(CMYKColor(0.1, 0.03, 0, 0))
        with artifact(canvas, LAYOUT):
            canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
        if layout.page.crop_marks and marks:
            with artifact(canvas, PAGE):
                _crop_marks(canvas, geo, marks)
        canvas.setFillOverprint(True)  # solid black text, overprinted, as a print shop wants it
        canvas.setOverprintMask(1)
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont(font, size)
        tagged("H1" if number == 1 else "P", f"PAGE {number}", geo.offset + 20 * MM, geo.offset + 100 * MM)
        if body:
            canvas.setFont(font, body)
            tagged("P", "Body text of the sample booklet.", geo.offset + 20 * MM, geo.offset + 90 * MM)
        if number == 1 and link:
            paragraph = structure.add("P")
            tagged("Link", "example", geo.offset + 20 * MM, geo.offset + 80 * MM, paragraph, uri=link)
        if number == 1:
            begin_artifact(canvas, LAYOUT)
            if gradient:
                _gradient(canvas, geo, CMYKColor(1, 0.5, 0, 0.1) if rgb != "gradient" else Color(0, 0.4, 0.8))
            if rgb == "operator":
                canvas.setFillColorRGB(0.8, 0.1, 0.1)
                canvas.rect(geo.offset + 20 * MM, geo.offset + 20 * MM, 30 * MM, 10 * MM, stroke=0, fill=1)
            elif rgb == "form":  # inside a Form XObject: found through the page's /XObject resources
                canvas.beginForm("logo")
                canvas.setStrokeColorRGB(0, 0, 1)
                canvas.line(0, 0, 20, 20)
                canvas.endForm()
                canvas.doForm("logo")
            elif rgb == "image":
                canvas.drawImage(ImageReader(Image.new("RGB", (4, 4), (200, 30, 30))),
                                 geo.offset + 60 * MM, geo.offset + 20 * MM, 10 * MM, 10 * MM)
            if draw:
                draw(canvas, geo)
            end_artifact(canvas)
        canvas.showPage()
    canvas.save()
    return write_structure(out.getvalue(), structure, title=title)


ICC = REPO / "layouts" / "icc" / "ISOcoated_v2_300_bas.icc"
PDFX_BOOKLET = BOOKLET + f"""\
output_intent: {{profile: {ICC}, identifier: FOGRA39, condition: ISO Coated v2 300%}}
"""
CREATED = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)


def make_pdfx(layout, **kwargs) -> bytes:
    """``make_pdf`` finished as the build finishes a print file: PDF/X-4 with its output intent."""
    intent = layout.output_intent
    return finish(make_pdf(layout, **kwargs), CREATED,
                  Intent(Path(layout.folder) / intent.profile, intent.identifier, intent.condition), pdfx=True)


def _crop_marks(canvas, geo, kind="registration"):
    # the Separation /All, as the pipeline draws its marks (or the fault asked for)
    canvas.setStrokeColor({"black": CMYKColor(0, 0, 0, 1), "four inks": CMYKColor(1, 1, 1, 1)}.get(kind, REGISTRATION))
    canvas.setLineWidth(0.25)
    o, w, h = geo.offset, geo.trim_w, geo.trim_h
    gap = 1 * MM if kind == "in the bleed" else geo.bleed + 2  # from the trim to the mark
    for x in (o, o + w):
        canvas.line(x, 0, x, o - gap)
        canvas.line(x, o + h + gap, x, 2 * o + h)
    for y in (o, o + h):
        canvas.line(0, y, o - gap, y)
        canvas.line(o + w + gap, y, 2 * o + w, y)


def _gradient(canvas, geo, colour):
    white = CMYKColor(0, 0, 0, 0) if isinstance(colour, CMYKColor) else Color(1, 1, 1)  # one space per shading
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(geo.offset + 20 * MM, geo.offset + 150 * MM, 60 * MM, 10 * MM)
    canvas.clipPath(path, stroke=0)
    canvas.linearGradient(geo.offset + 20 * MM, 0, geo.offset + 80 * MM, 0, (colour, white))
    canvas.restoreState()


def post_process(pdf: bytes, change) -> bytes:
    """Apply ``change(writer)`` with pypdf, for faults ReportLab cannot write."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
