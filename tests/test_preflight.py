"""Preflight on PDFs made here with ReportLab: a good print file passes every check, and each
deliberately broken sample fails exactly the check for its fault."""

import json
import re

import pytest
from PIL import Image
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                           TextStringObject)

from brochure.errors import BrochureError
from brochure.layouts import MM
from brochure.preflight import CHECKS, ERROR, WARNING, passed, preflight, report
from brochure.preflight.colour import _foreign_space

from pdfsamples import BOOKLET, FONT, make_pdf, post_process, write_layout


@pytest.fixture
def booklet(tmp_path):
    return write_layout(tmp_path, BOOKLET, "booklet")


@pytest.fixture
def office(tmp_path):
    """The same page without bleed or crop marks: not a print layout."""
    text = BOOKLET.replace("bleed: 3, crop_marks: true, slug: 10, page_multiple: 4, max_pages: 12", "page_multiple: 4")
    return write_layout(tmp_path, text, "office")


def launch_in_outline(writer):
    item = writer.add_outline_item("Open", 0).get_object()
    item[NameObject("/A")] = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                               NameObject("/F"): TextStringObject("calc.exe")})


def document_javascript(writer):
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hi');")})
    names = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hi"), writer._add_object(script)])})
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})


def unsubset_font_name(writer):
    for ref in writer.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        font[NameObject("/BaseFont")] = NameObject("/" + str(font["/BaseFont"]).split("+")[-1])


def tiny_text_in_scaled_form(canvas, geo):
    # 10 pt inside a form drawn at half size: 5 pt on paper; only CTM tracking sees it
    canvas.beginForm("note")
    canvas.setFont(FONT, 10)
    canvas.drawString(0, 0, "small print")
    canvas.endForm()
    canvas.saveState()
    canvas.translate(geo.offset + 20 * MM, geo.offset + 40 * MM)
    canvas.scale(0.5, 0.5)
    canvas.doForm("note")
    canvas.restoreState()


def helvetica_in_form(canvas, geo):
    canvas.beginForm("stamp")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(0, 0, "stamp")
    canvas.endForm()
    canvas.doForm("stamp")


def rgb_inline_image(canvas, geo):
    canvas.drawInlineImage(Image.new("RGB", (2, 2), "red"), 20, 20, 10, 10)  # BI … ID … EI in the page


# fault → (how to make the sample, the one check that must fail)
BROKEN = {
    "rgb-operator": (lambda l: make_pdf(l, rgb="operator"), "colour"),
    "rgb-in-form-xobject": (lambda l: make_pdf(l, rgb="form"), "colour"),
    "rgb-image": (lambda l: make_pdf(l, rgb="image"), "colour"),
    "rgb-gradient": (lambda l: make_pdf(l, rgb="gradient"), "colour"),
    "rgb-inline-image": (lambda l: make_pdf(l, rgb="inline", draw=rgb_inline_image), "colour"),
    "embedded-not-subset": (lambda l: post_process(make_pdf(l), unsubset_font_name), "fonts"),
    "unembedded-helvetica": (lambda l: make_pdf(l, font="Helvetica"), "fonts"),
    "helvetica-in-form-xobject": (lambda l: make_pdf(l, draw=helvetica_in_form), "fonts"),
    "ten-page-booklet": (lambda l: make_pdf(l, pages=10), "page-count"),
    "over-the-page-budget": (lambda l: make_pdf(l, pages=16), "page-count"),
    "missing-trimbox": (lambda l: make_pdf(l, trim_box=False), "boxes"),
    "wrong-bleed": (lambda l: make_pdf(l, bleed=2), "boxes"),
    "file-link": (lambda l: make_pdf(l, link="file:///etc/passwd"), "actions"),
    "document-javascript": (lambda l: post_process(make_pdf(l), document_javascript), "actions"),
    "launch-in-outline": (lambda l: post_process(make_pdf(l), launch_in_outline), "actions"),
    "missing-lang": (lambda l: make_pdf(l, lang=None), "metadata"),
    "empty-title": (lambda l: make_pdf(l, title=""), "metadata"),
    "text-below-minimum": (lambda l: make_pdf(l, size=6, body=11), "text-size"),
    "body-below-the-class-minimum": (lambda l: make_pdf(l, size=10.5), "body-size"),
    "text-shrunk-by-ctm": (lambda l: make_pdf(l, draw=tiny_text_in_scaled_form), "text-size"),
    "crop-marks-missing": (lambda l: make_pdf(l, marks=None), "crop-marks"),
    "crop-marks-in-cmyk-black": (lambda l: make_pdf(l, marks="black"), "crop-marks"),
    "crop-marks-in-four-inks": (lambda l: make_pdf(l, marks="four inks"), "crop-marks"),
}


def by_check(findings):
    return {f.check: f for f in findings}


def test_good_print_pdf_passes_every_check(booklet):
    findings = preflight(make_pdf(booklet), booklet, "good.pdf")
    assert [f.check for f in findings] == ["pdf", *CHECKS]  # one finding per check
    assert all(f.passed for f in findings), "\n".join(map(str, findings))
    assert passed(findings)
    assert "smallest text 11 pt" in by_check(findings)["text-size"].message
    assert by_check(findings)["body-size"].message == ("body text 11 pt (100% of the printed text), "
                                                       "minimum 11 pt for booklet layouts")


@pytest.mark.parametrize("fault, words, page", [
    ("rgb-operator", "rg operator in page content", 1),
    ("rgb-in-form-xobject", "RG operator in form /FormXob", 1),
    ("rgb-image", "image /FormXob", 1),
    ("rgb-gradient", "shading /Sh", 1),
    ("rgb-inline-image", "inline DeviceRGB image in page content", 1),
    ("embedded-not-subset", "NotoSans-Regular is embedded whole, not as a subset", 1),
    ("unembedded-helvetica", "Helvetica is not embedded", 1),
    ("ten-page-booklet", "10 pages is not a multiple of 4", None),
    ("over-the-page-budget", "16 pages is more than the layout's 12", None),
    ("missing-trimbox", "no TrimBox", 1),
    ("wrong-bleed", "BleedBox extends 2/2/2/2 mm beyond the TrimBox", 1),
    ("file-link", "URI action (file:///etc/passwd): only http(s) and mailto links are allowed", 1),
    ("document-javascript", "JavaScript", None),
    ("launch-in-outline", "Launch action (calc.exe)", None),
    ("missing-lang", "no /Lang", None),
    ("text-below-minimum", "smallest text 6 pt is below the 9 pt minimum", 1),
    ("text-shrunk-by-ctm", "smallest text 5 pt", 1),
    ("body-below-the-class-minimum", "body text 10.5 pt (100% of the printed text) is below the 11 pt minimum "
                                     "for booklet layouts", None),
    ("crop-marks-missing", "no crop marks: no stroke on the line of a TrimBox edge beyond its corners", 1),
    ("crop-marks-in-cmyk-black", "the vertical crop mark at the bottom-left corner is in 0/0/0/100 CMYK (black), "
                                 "not the registration colour (Separation /All)", 1),
    ("crop-marks-in-four-inks", "is in 100/100/100/100 CMYK, not the registration colour (Separation /All)", 1),
])
def test_failures_say_what_and_where(booklet, fault, words, page):
    make, check = BROKEN[fault]
    finding = by_check(preflight(make(booklet), booklet, "x.pdf"))[check]
    assert words in finding.message
    assert finding.page == page


def test_rgb_is_only_a_warning_for_an_office_layout(office):
    findings = by_check(preflight(make_pdf(office, rgb="operator"), office, "office.pdf"))
    colour = findings["colour"]
    assert (colour.passed, colour.severity) == (False, WARNING)
    assert passed(findings.values())  # a warning does not fail the file


def test_boxes_follow_the_layout(booklet, office):
    # a file made for the booklet is not a file for the office page: bleed 0 expected there
    finding = by_check(preflight(make_pdf(booklet), office, "x.pdf"))["boxes"]
    assert not finding.passed and "the layout's bleed is 0 mm" in finding.message


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.4\n1 0 obj <<"])
def test_unreadable_file_is_a_failed_finding_not_an_exception(booklet, data):
    findings = preflight(data, booklet, "broken.pdf")
    assert [f.check for f in findings] == ["pdf", *CHECKS]
    assert not any(f.passed for f in findings)
    assert findings[0].message.startswith("not a readable PDF")


def test_truncated_pdf_does_not_raise(booklet):
    pdf = make_pdf(booklet)
    findings = preflight(pdf[: len(pdf) // 2], booklet, "truncated.pdf")
    assert len(findings) == 1 + len(CHECKS)
    assert not passed(findings)


def test_a_malformed_object_fails_its_check_and_the_others_still_run(booklet):
    def break_font(writer):  # a Type0 font without its descendant
        for ref in writer.pages[0]["/Resources"]["/Font"].values():
            ref.get_object()[NameObject("/Subtype")] = NameObject("/Type0")

    findings = by_check(preflight(post_process(make_pdf(booklet), break_font), booklet, "x.pdf"))
    assert findings["fonts"].message.startswith("could not check: KeyError")
    assert [name for name, f in findings.items() if not f.passed] == ["fonts"]


def test_report_is_json_with_one_entry_per_file_and_check(booklet):
    good = preflight(make_pdf(booklet), booklet, "out/good.pdf")
    bad = preflight(make_pdf(booklet, pages=10), booklet, "out/bad.pdf")
    data = json.loads(json.dumps(report(good + bad)))
    assert data["passed"] is False
    assert [(f["path"], f["passed"]) for f in data["files"]] == [("out/good.pdf", True), ("out/bad.pdf", False)]
    checks = data["files"][1]["checks"]
    assert [c["check"] for c in checks] == ["pdf", *CHECKS]
    assert set(checks[0]) == {"check", "passed", "severity", "message", "page"}
    assert str(by_check(bad)["page-count"]) == "out/bad.pdf: page-count: error: 10 pages is not a multiple of 4"


def test_a_layout_that_could_not_be_read_fails_the_report(booklet):
    # its PDFs were not checked: the others passing is no pass
    good = preflight(make_pdf(booklet), booklet, "out/good.pdf")
    broken = BrochureError("YAML syntax: expected ',' or ']'", "layouts/x.yaml", 6)
    data = json.loads(json.dumps(report(good, [broken])))
    assert data["passed"] is False and [f["passed"] for f in data["files"]] == [True]
    assert data["unreadable"] == [{"path": "layouts/x.yaml", "line": 6, "message": "YAML syntax: expected ',' or ']'"}]
    assert json.loads(json.dumps(report(good)))["unreadable"] == []


def _icc(n):
    stream = DecodedStreamObject()
    stream[NameObject("/N")] = NumberObject(n)
    return stream


def _separation(name, alternate="/DeviceCMYK"):
    return ArrayObject([NameObject("/Separation"), NameObject(name), NameObject(alternate), DictionaryObject()])


def _device_n(*names):
    return ArrayObject([NameObject("/DeviceN"), ArrayObject([NameObject(n) for n in names]),
                        NameObject("/DeviceCMYK"), DictionaryObject()])


@pytest.mark.parametrize("space, expected", [
    (NameObject("/DeviceRGB"), "DeviceRGB"),
    (NameObject("/DeviceCMYK"), None),
    (NameObject("/DeviceGray"), None),  # the black plate
    (ArrayObject([NameObject("/ICCBased"), _icc(3)]), "ICCBased RGB"),
    (ArrayObject([NameObject("/ICCBased"), _icc(4)]), None),
    (ArrayObject([NameObject("/CalRGB"), DictionaryObject()]), "CalRGB"),
    (ArrayObject([NameObject("/Lab"), DictionaryObject()]), "Lab"),
    (ArrayObject([NameObject("/Indexed"), NameObject("/DeviceRGB"), NumberObject(1), TextStringObject("")]),
     "DeviceRGB"),
    (_separation("/Spot", "/DeviceRGB"), "spot colour /Spot"),
    (_separation("/Spot"), "spot colour /Spot"),  # a plate of its own
    (_separation("/All"), None),  # the registration colour of the marks: every plate
    (_separation("/All", "/DeviceRGB"), "DeviceRGB"),
    (_separation("/Black"), None),  # one process plate
    (_device_n("/Cyan", "/Black"), None),
    (_device_n("/Cyan", "/Gold"), "spot colour /Gold"),
    (NameObject("/CS0"), "ICCBased RGB"),  # a resource name, looked up in /ColorSpace
])
def test_colour_spaces_other_than_cmyk_are_recognised(space, expected):
    resources = DictionaryObject({NameObject("/ColorSpace"): DictionaryObject(
        {NameObject("/CS0"): ArrayObject([NameObject("/ICCBased"), _icc(3)])})})
    assert _foreign_space(space, resources) == expected


# --- PDF/X-4 clauses and the print colour rules: one failing sample per clause ------------------

import pikepdf  # noqa: E402
from reportlab.lib.colors import CMYKColor  # noqa: E402

from pdfsamples import ICC, PDFX_BOOKLET, make_pdfx  # noqa: E402


@pytest.fixture
def pdfx_booklet(tmp_path):
    return write_layout(tmp_path, PDFX_BOOKLET, "pdfx-booklet")


def edit(pdf: bytes, change, **save) -> bytes:
    """Apply ``change(pdf)`` with pikepdf (after the finishing pass, as a careless tool would)."""
    import io

    doc = pikepdf.Pdf.open(io.BytesIO(pdf))
    change(doc)
    out = io.BytesIO()
    doc.save(out, fix_metadata_version=False, **save)
    return out.getvalue()


def set_info(key, value):
    def change(doc):
        doc.trailer.Info[key] = value
    return change


def xmp_date_changed(doc):
    stream = doc.Root.Metadata
    stream.write(stream.read_bytes().replace(b"<xmp:CreateDate>2026-11-27", b"<xmp:CreateDate>2025-01-01"))


def xmp_without_version_id(doc):
    stream = doc.Root.Metadata
    stream.write(stream.read_bytes().replace(b"<xmpMM:VersionID>1</xmpMM:VersionID>", b""))


def xmp_without_document_id(doc):
    stream = doc.Root.Metadata
    stream.write(re.sub(rb"<xmpMM:DocumentID>[^<]*</xmpMM:DocumentID>", b"", stream.read_bytes()))


def no_output_intent(doc):
    del doc.Root.OutputIntents


def transfer_function(doc):
    page = doc.pages[0]
    page.Resources.ExtGState.TF0 = pikepdf.Dictionary(TR=pikepdf.Name.Identity)


def note_inside_trim(doc):
    trim = [float(v) for v in doc.pages[0].TrimBox]
    doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Contents=pikepdf.String("note"),
        Rect=[trim[0] + 50, trim[1] + 50, trim[0] + 70, trim[1] + 70]))]))


def without_file_id(pdf: bytes) -> bytes:
    # pikepdf and pypdf always write an /ID: rename the key in place (same length, offsets stay valid)
    head, _, tail = pdf.rpartition(b"trailer")
    assert b"/ID" in tail
    return head + b"trailer" + tail.replace(b"/ID", b"/XD", 1)


def grey_text(canvas, geo):
    canvas.setFillColor(CMYKColor(0, 0, 0, 0.88))
    canvas.setFont(FONT, 10)
    canvas.drawString(geo.offset + 20 * MM, geo.offset + 60 * MM, "grey")


def black_knocking_out(canvas, geo):
    canvas.saveState()
    canvas.setFillOverprint(False)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont(FONT, 10)
    canvas.drawString(geo.offset + 20 * MM, geo.offset + 60 * MM, "knockout")
    canvas.restoreState()


def small_reversed_text(canvas, geo):
    canvas.saveState()
    canvas.setFillOverprint(False)
    canvas.setFillColor(CMYKColor(1, 0.55, 0, 0.15))
    canvas.rect(geo.offset + 10 * MM, geo.offset + 55 * MM, 60 * MM, 15 * MM, stroke=0, fill=1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 0))
    canvas.setFont(FONT, 9)  # regular, 9 pt, on three inks
    canvas.drawString(geo.offset + 20 * MM, geo.offset + 60 * MM, "reversed")
    canvas.restoreState()


def three_ink_rule(canvas, geo):
    canvas.setStrokeColor(CMYKColor(1, 0.55, 0, 0.15))
    canvas.setLineWidth(0.5)
    canvas.line(geo.offset + 20 * MM, geo.offset + 50 * MM, geo.offset + 100 * MM, geo.offset + 50 * MM)


def black_hairline(canvas, geo):
    canvas.setStrokeColor(CMYKColor(0, 0, 0, 1))
    canvas.setLineWidth(0.1)  # 100 % K, but too thin to hold on a plate
    canvas.line(geo.offset + 20 * MM, geo.offset + 50 * MM, geo.offset + 100 * MM, geo.offset + 50 * MM)


def small_rich_black(canvas, geo):
    canvas.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1))  # 240 %: within the ink limit
    canvas.rect(geo.offset + 20 * MM, geo.offset + 50 * MM, 8 * MM, 8 * MM, stroke=0, fill=1)


def four_solid_inks(canvas, geo):
    canvas.setFillColor(CMYKColor(1, 1, 1, 1))
    canvas.rect(geo.offset + 20 * MM, geo.offset + 30 * MM, 40 * MM, 40 * MM, stroke=0, fill=1)


def black_over_blue(canvas, geo):
    """100 % K text overprinted on a 100/60/0/0 panel: 260 % where they meet."""
    canvas.saveState()
    canvas.setFillOverprint(False)
    canvas.setFillColor(CMYKColor(1, 0.6, 0, 0))
    canvas.rect(geo.offset + 10 * MM, geo.offset + 40 * MM, 80 * MM, 30 * MM, stroke=0, fill=1)
    canvas.setFillOverprint(True)
    canvas.setOverprintMask(1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont(FONT, 40)
    canvas.drawString(geo.offset + 15 * MM, geo.offset + 45 * MM, "WWWW")
    canvas.restoreState()


def registration_inside(canvas, geo):
    from brochure.pages import REGISTRATION

    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(0.25)
    canvas.line(geo.offset + 20 * MM, geo.offset + 50 * MM, geo.offset + 100 * MM, geo.offset + 50 * MM)


def _measured(pdf: bytes, layout, monkeypatch) -> float:
    """The peak total ink of Ghostscript's 36 dpi CMYK render inside the BleedBox (the render path)."""
    from brochure.preflight import ink as module

    with monkeypatch.context() as patch:
        patch.setattr(module, "_painted_ink", lambda doc: None)
        message = by_check(preflight(pdf, layout, "m.pdf"))["ink-coverage"].message
    return float(re.search(r"total ink (\d+) %", message).group(1))  # the maximum, or the peak over the limit


# the bound: each ink's most where colours meet; None: the 10/3/0/0 background under the 100 % K
# overprinted text, 10 + 3 + 100 = 113 %
@pytest.mark.parametrize("draw, bound", [(small_rich_black, 240), (black_over_blue, 260), (None, 113)])
def test_flat_cmyk_ink_is_bounded_without_a_render_and_never_under_the_render(pdfx_booklet, monkeypatch, draw, bound):
    """A file of flat CMYK colour only (no image, shading or transparency) is not rendered: each ink
    at a point comes from one of the colours painted there, so the sum of each ink's most bounds the
    total. The crop marks (registration, 400 %) lie outside the bleed and do not count. The bound is
    never below what Ghostscript's render measures, overprint included (black over blue: 260 %)."""
    from brochure.preflight import ink as module

    pdf = make_pdfx(pdfx_booklet, gradient=False, draw=draw)
    measured = _measured(pdf, pdfx_booklet, monkeypatch)
    rendered = []
    monkeypatch.setattr(module, "_cmyk_render", lambda doc, dpi: rendered.append(dpi))
    finding = by_check(preflight(pdf, pdfx_booklet, "flat.pdf"))["ink-coverage"]
    assert finding.passed and not rendered
    assert finding.message.startswith(f"total ink at most {bound} % (limit 300 %)")
    assert bound >= measured > 0


def test_ink_that_the_bound_cannot_clear_is_measured_on_the_render(pdfx_booklet, monkeypatch):
    """Over the limit by the bound (a registration rule inside the bleed: 400 %), or anything the
    bound does not cover (a shading), the file is rendered and measured as before."""
    from brochure.preflight import ink as module

    real, rendered = module._cmyk_render, []
    monkeypatch.setattr(module, "_cmyk_render", lambda doc, dpi: rendered.append(dpi) or real(doc, dpi))
    inside = by_check(preflight(make_pdfx(pdfx_booklet, gradient=False, draw=registration_inside), pdfx_booklet,
                                "x.pdf"))["ink-coverage"]
    assert not inside.passed and inside.message == "total ink 400 % on page 1, over the 300 % limit"
    shaded = by_check(preflight(make_pdfx(pdfx_booklet), pdfx_booklet, "x.pdf"))["ink-coverage"]
    assert shaded.passed and shaded.message.startswith("maximum total ink 160 %")  # the 100/50/0/10 gradient
    assert len(rendered) == 2


def four_inks_painted(operators: bytes, setup=None):
    """Page 1 gets ``operators`` in 100/100/100/100 (400 %), added after finishing; ``setup(doc, page)``
    adds what they use."""
    def change(doc):
        page = doc.pages[0]
        if setup:
            setup(doc, page)
        page.contents_add(doc.make_stream(b"/Artifact BMC q 1 1 1 1 K 1 1 1 1 k " + operators + b" Q EMC\n"))
    return change


def type3_font_in_gstate(doc, page):
    """ExtGState /G9 sets a Type 3 font whose glyph paints its own colour (d0): 400 %."""
    glyph = doc.make_stream(b"1000 0 d0 1 1 1 1 k 0 0 1000 1000 re f")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1000, 1000],
                              FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(a=glyph),
                              Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]), FirstChar=97,
                              LastChar=97, Widths=[1000], Resources=pikepdf.Dictionary())
    page.Resources.ExtGState = page.Resources.get("/ExtGState", pikepdf.Dictionary())
    page.Resources.ExtGState.G9 = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, Font=[doc.make_indirect(font), 100])


def square_annotation_in_bleed(doc, page):
    """A Square annotation without an appearance stream, in the bleed outside the trim (so pdfx-forbidden
    lets it be): Ghostscript draws it from /C and /IC, here 400 %."""
    x0, y0 = float(page.BleedBox[0]), float(page.BleedBox[1])
    square = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, F=4,
                                Rect=[x0, y0 + 200, x0 + 3 * MM, y0 + 400], C=[1, 1, 1, 1], IC=[1, 1, 1, 1])
    page.Annots = doc.make_indirect(pikepdf.Array([doc.make_indirect(square)]))


def form_without_subtype(doc, page):
    """XObject /Nf: a form's content without its /Subtype, which Ghostscript draws as a form: 400 %."""
    page.Resources.XObject = page.Resources.get("/XObject", pikepdf.Dictionary())
    page.Resources.XObject.Nf = doc.make_stream(b"1 1 1 1 k 100 300 100 100 re f", Type=pikepdf.Name.XObject,
                                                BBox=[0, 0, 1000, 1000])


# x 100-300 and y 300 lie inside the BleedBox; y below 28 pt lies in the slug under it
UNDER_THE_BOUND = {
    "negative line width": four_inks_painted(b"-40 w 100 300 m 300 300 l S"),
    "zero line width": four_inks_painted(b"0 w 100 300 m 300 300 l S"),
    "stroke stretched by the CTM": four_inks_painted(b"1 0 0 20 0 0 cm 10 w 100 0.2 m 300 0.2 l S"),
    "miter join from the slug": four_inks_painted(b"20 w 40 M 0 j 108 -60 m 110 15 l 112 -60 l S"),
    "zero-area fill": four_inks_painted(b"100 300 200 0 re f"),
    "rectangle turned by the CTM": four_inks_painted(b"0.7071 0.7071 -0.7071 0.7071 20 300 cm 0 0 100 100 re f"),
    "zero-area clip": four_inks_painted(b"100 300 m 300 300 l W n 0 0 500 700 re f"),
    "type 3 font set by gs": four_inks_painted(b"0 0 0 1 k /G9 gs BT 100 300 Td (a) Tj ET",
                                               type3_font_in_gstate),
    "annotation without appearance": four_inks_painted(b"", square_annotation_in_bleed),
    "form without /Subtype": four_inks_painted(b"0 0 0 1 k /Nf Do", form_without_subtype),
    # Ghostscript takes an operator's operands from the top: extra ones before them do not count
    "k with an extra operand": four_inks_painted(b"0 0 0 1 k 9 1 1 1 1 k 100 300 100 100 re f"),
    "re with an extra operand": four_inks_painted(b"9 100 300 100 100 re f"),
    "cm with an extra operand": four_inks_painted(b"9 1 0 0 1 0 300 cm 100 -290 100 100 re f"),
    "Tr with an extra operand": four_inks_painted(b"3 0 Tr BT /F1 40 Tf 100 300 Td (XXXX) Tj ET"),
    "w with an extra operand": four_inks_painted(b"0 40 w 100 10 m 300 10 l S"),
    # ... and keeps operands an operator left unused for the next one
    "k fed by operands left over": four_inks_painted(b"0 0 0 1 k 1 1 1 1 n k 100 300 100 100 re f"),
    "text mode not a whole number": four_inks_painted(b"3.6 Tr BT /F1 40 Tf 100 300 Td (XXXX) Tj ET"),
    "k of booleans": four_inks_painted(b"false false false false k 100 300 100 100 re f"),  # not 0: ignored
}


@pytest.mark.parametrize("change", UNDER_THE_BOUND.values(), ids=UNDER_THE_BOUND.keys())
def test_the_bound_never_passes_ink_that_the_render_measures(pdfx_booklet, change):
    """Marks whose painted area the bound cannot see by their path's box (a stroke's width, joins and
    the CTM's stretch; a rectangle turned, whose corners off its diagonal reach further; hairlines and
    zero-area fills and clips, which Ghostscript still paints a pixel of), or ink it does not read (a Type 3 font from an ExtGState, an annotation that
    Ghostscript draws without an appearance stream, a form XObject without its /Subtype): the render measures 400 %, and so must the rule."""
    pdf = edit(make_pdfx(pdfx_booklet, gradient=False), change)
    finding = by_check(preflight(pdf, pdfx_booklet, "x.pdf"))["ink-coverage"]
    assert not finding.passed and finding.message == "total ink 400 % on page 1, over the 300 % limit"


def text_in_form_without_subtype(doc):
    """XObject /Nt: 4 pt text in 50 % K, in a form whose /Subtype is missing (drawn as a form all the same)."""
    page = doc.pages[0]
    page.Resources.XObject = page.Resources.get("/XObject", pikepdf.Dictionary())
    page.Resources.XObject.Nt = doc.make_stream(b"BT /F1 4 Tf 0 0 0 0.5 k 100 300 Td (x) Tj ET",
                                                Type=pikepdf.Name.XObject, BBox=[0, 0, 1000, 1000])
    page.contents_add(doc.make_stream(b"/Artifact BMC q /Nt Do Q EMC\n"))


def test_a_form_without_its_subtype_is_checked_as_the_form_it_is_drawn_as(pdfx_booklet):
    """The text-size and colour rules read inside a form XObject that lacks /Subtype, as Ghostscript
    draws it (and as the colour and font checks already read it): its text was never seen."""
    findings = by_check(preflight(edit(make_pdfx(pdfx_booklet, gradient=False), text_in_form_without_subtype),
                                  pdfx_booklet, "x.pdf"))
    assert not findings["text-size"].passed
    assert findings["text-size"].message.startswith("smallest text 4 pt is below")
    assert not findings["text-colour"].passed and findings["text-colour"].message.startswith("text in 50 % K")



@pytest.mark.parametrize("colour", [b"0 0 0 0.5 k", b"/X9 cs 0.7 0.6 0.6 1 scn"])
def test_invisible_text_is_not_held_to_the_colour_rules(pdfx_booklet, colour):
    """Text in rendering mode 3 (a searchable layer, e.g. under a scanned logo) puts no ink on a plate:
    text-colour passes it, as text-size does; drawn visibly, the same text fails."""
    def text(mode):
        def change(doc):
            page = doc.pages[0]
            page.Resources.ColorSpace = page.Resources.get("/ColorSpace", pikepdf.Dictionary())
            page.Resources.ColorSpace.X9 = pikepdf.Array(icc_cmyk(doc))
            page.contents_add(doc.make_stream(b"/Artifact BMC q " + colour + b" BT " + mode +
                                              b" Tr /F1 9 Tf 100 300 Td (x) Tj ET Q EMC\n"))
        return change

    hidden = by_check(preflight(edit(make_pdfx(pdfx_booklet), text(b"3")), pdfx_booklet, "x.pdf"))["text-colour"]
    shown = by_check(preflight(edit(make_pdfx(pdfx_booklet), text(b"0")), pdfx_booklet, "x.pdf"))["text-colour"]
    assert hidden.passed, hidden.message
    assert not shown.passed

def tint_to_cmyk(c1):
    return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=c1, N=1)


REGISTRATION_SPACE = [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint_to_cmyk([1, 1, 1, 1])]
GOLD = [pikepdf.Name.Separation, pikepdf.Name("/Gold"), pikepdf.Name.DeviceCMYK, tint_to_cmyk([0, 0.2, 0.8, 0.1])]
LAB = [pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]


def icc_cmyk(doc):
    """ICC-based CMYK (the output intent's own profile): allowed in PDF/X-4, but colour-managed by the RIP."""
    return [pikepdf.Name.ICCBased, doc.make_stream(ICC.read_bytes(), N=4)]


def text_in_icc_cmyk(doc):
    """9 pt text in ICC-based CMYK 70/60/60/100 on page 1, overprinted."""
    page = doc.pages[0]
    page.Resources.ColorSpace = page.Resources.get("/ColorSpace", pikepdf.Dictionary())
    page.Resources.ColorSpace.X9 = pikepdf.Array(icc_cmyk(doc))
    page.contents_add(doc.make_stream(b"/Artifact BMC q /X9 cs 0.7 0.6 0.6 1 scn BT /F1 9 Tf 100 300 Td (x) Tj ET Q EMC\n"))


def painted_in(space, operators: bytes):
    """An artifact on page 1 painted in ``space`` (resource /X9), added after finishing."""
    def change(doc):
        page = doc.pages[0]
        if "/ColorSpace" not in page.Resources:
            page.Resources.ColorSpace = pikepdf.Dictionary()
        page.Resources.ColorSpace.X9 = pikepdf.Array(space)
        page.contents_add(doc.make_stream(b"/Artifact BMC q " + operators + b" Q EMC\n"))
    return change


def cropbox_inside_the_trim(doc):
    """A CropBox 20 pt inside the TrimBox: a viewer, and a RIP that honours it, cut the page there."""
    x0, y0, x1, y1 = (float(v) for v in doc.pages[0].TrimBox)
    doc.pages[0].CropBox = pikepdf.Array([x0 + 20, y0 + 20, x1 - 20, y1 - 20])


def artbox_beside_the_trimbox(doc):
    doc.pages[0].ArtBox = pikepdf.Array([float(v) for v in doc.pages[0].TrimBox])


def rgb_page_group(doc):
    """A page transparency group blending in DeviceRGB (what office programs write): every colour on
    the page may go through RGB on its way to the plates."""
    doc.pages[0].Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)


def rgb_form_group(doc):
    page = doc.pages[0]
    form = doc.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 10, 10],
                           Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB))
    page.Resources.XObject = page.Resources.get("/XObject", pikepdf.Dictionary())
    page.Resources.XObject.Fg = form
    page.contents_add(doc.make_stream(b"/Artifact BMC q 1 0 0 1 100 100 cm /Fg Do Q EMC\n"))


def type3_text(doc):
    """Black overprinted text on page 1 in a Type 3 font (glyphs drawn by procedures in the file)."""
    page = doc.pages[0]
    glyph = doc.make_stream(b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 750, 750],
                              FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(a=glyph),
                              Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]),
                              FirstChar=97, LastChar=97, Widths=[1000], Resources=pikepdf.Dictionary())
    page.Resources.Font.T3 = doc.make_indirect(font)
    page.Resources.ExtGState = page.Resources.get("/ExtGState", pikepdf.Dictionary())
    page.Resources.ExtGState.O9 = pikepdf.Dictionary(OP=True, op=True, OPM=1)
    page.contents_add(doc.make_stream(b"/Artifact BMC q /O9 gs 0 0 0 1 k BT /T3 12 Tf 100 300 Td (a) Tj ET Q EMC\n"))


def without_tounicode(doc):
    for font in doc.pages[0].Resources.Font.values():
        del font["/ToUnicode"]


PDFX_BROKEN = {
    "pdf-1.7": (lambda l: edit(make_pdfx(l), lambda d: None, force_version="1.7"), "pdfx-version"),
    "pdfx-1a-in-info": (lambda l: edit(make_pdfx(l), set_info("/GTS_PDFXVersion", pikepdf.String("PDF/X-1a:2001"))),
                        "pdfx-version"),
    "xmp-date-differs": (lambda l: edit(make_pdfx(l), xmp_date_changed), "pdfx-xmp"),
    "xmp-without-version-id": (lambda l: edit(make_pdfx(l), xmp_without_version_id), "pdfx-version"),
    "xmp-without-document-id": (lambda l: edit(make_pdfx(l), xmp_without_document_id), "pdfx-version"),
    "trapped-unknown": (lambda l: edit(make_pdfx(l), set_info("/Trapped", pikepdf.Name("/Unknown"))), "pdfx-trapped"),
    "no-output-intent": (lambda l: edit(make_pdfx(l), no_output_intent), "pdfx-output-intent"),
    "no-file-id": (lambda l: without_file_id(make_pdfx(l)), "pdfx-file-id"),
    "transfer-function": (lambda l: edit(make_pdfx(l), transfer_function), "pdfx-forbidden"),
    "annotation-in-trim": (lambda l: edit(make_pdfx(l), note_inside_trim), "pdfx-forbidden"),
    "grey-text": (lambda l: make_pdfx(l, draw=grey_text), "text-colour"),
    "black-text-knocks-out": (lambda l: make_pdfx(l, draw=black_knocking_out), "text-colour"),
    "small-reversed-text": (lambda l: make_pdfx(l, draw=small_reversed_text), "text-colour"),
    "three-ink-thin-rule": (lambda l: make_pdfx(l, draw=three_ink_rule), "thin-rules"),
    "black-hairline": (lambda l: make_pdfx(l, draw=black_hairline), "thin-rules"),
    "small-rich-black": (lambda l: make_pdfx(l, draw=small_rich_black), "rich-black"),
    "400-percent-ink": (lambda l: make_pdfx(l, draw=four_solid_inks), "ink-coverage"),
    "spot-colour": (lambda l: edit(make_pdfx(l), painted_in(GOLD, b"/X9 cs 1 scn 100 100 50 50 re f")), "colour"),
    "lab-colour": (lambda l: edit(make_pdfx(l), painted_in(LAB, b"/X9 cs 50 20 30 sc 100 100 50 50 re f")),
                   "colour"),
    "rgb-page-group": (lambda l: edit(make_pdfx(l), rgb_page_group), "colour"),
    "rgb-form-group": (lambda l: edit(make_pdfx(l), rgb_form_group), "colour"),
    "cropbox-inside-the-trim": (lambda l: edit(make_pdfx(l), cropbox_inside_the_trim), "boxes"),
    "artbox-beside-the-trimbox": (lambda l: edit(make_pdfx(l), artbox_beside_the_trimbox), "boxes"),
    "xmp-author-differs": (lambda l: edit(make_pdfx(l), set_info("/Author", pikepdf.String("Someone else"))),
                           "pdfx-xmp"),
    "type3-font": (lambda l: edit(make_pdfx(l), type3_text), "fonts"),
    "text-in-icc-cmyk": (lambda l: edit(make_pdfx(l), text_in_icc_cmyk), "text-colour"),
    "font-without-tounicode": (lambda l: edit(make_pdfx(l), without_tounicode), "fonts"),
}


def test_a_finished_print_file_passes_every_pdfx_clause(pdfx_booklet):
    findings = preflight(make_pdfx(pdfx_booklet), pdfx_booklet, "good.pdf")
    assert all(f.passed for f in findings), "\n".join(map(str, findings))
    checks = by_check(findings)
    assert checks["pdfx-version"].message == "PDF 1.6, PDF/X-4 in Info and XMP"
    assert "maximum total ink 160 %" in checks["ink-coverage"].message  # the 100/50/0/10 gradient


def test_an_unfinished_print_file_fails_the_pdfx_clauses(pdfx_booklet):
    findings = preflight(make_pdf(pdfx_booklet), pdfx_booklet, "raw.pdf")
    failed = {f.check for f in findings if not f.passed}
    # ReportLab writes /Trapped /False; the tagging step already writes an XMP packet whose title
    # and dates agree with Info (pdfx-xmp), but no PDF/X version and no output intent
    assert {"pdfx-version", "pdfx-output-intent"} <= failed


@pytest.mark.parametrize("layout, fault", [("booklet", fault) for fault in sorted(BROKEN)] +
                         [("pdfx_booklet", fault) for fault in sorted(PDFX_BROKEN)])
def test_each_broken_sample_fails_exactly_its_check(request, layout, fault):
    """Each sample fails the one check (or PDF/X clause) for its fault, as an error."""
    layout_object = request.getfixturevalue(layout)
    make, check = {**BROKEN, **PDFX_BROKEN}[fault]
    findings = preflight(make(layout_object), layout_object, f"{fault}.pdf")
    failed = [f.check for f in findings if not f.passed]
    assert failed == [check], "\n".join(map(str, findings))
    assert by_check(findings)[check].severity == ERROR
    assert not passed(findings)


@pytest.mark.parametrize("fault, words", [
    ("pdf-1.7", "PDF 1.7; PDF/X-4 files are PDF 1.6 at most"),
    ("grey-text", "text in 88 % K"),
    ("small-reversed-text", "reversed (white) text at 9 pt"),
    ("three-ink-thin-rule", "a 0.5 pt rule in 100/55/0/15 CMYK"),
    ("black-hairline", "a 0.1 pt hairline: rules are at least 0.25 pt"),
    ("small-rich-black", "a 8 × 8 mm area in rich black"),
    ("400-percent-ink", "total ink 400 % on page 1"),
    ("spot-colour", "colour not CMYK: colour space /X9 (spot colour /Gold)"),
    ("lab-colour", "colour not CMYK: colour space /X9 (Lab)"),
    ("rgb-page-group", "colour not CMYK: transparency group colour space (DeviceRGB) in page content"),
    ("rgb-form-group", "colour not CMYK: transparency group colour space (DeviceRGB) in form /Fg"),
    ("cropbox-inside-the-trim", "the CropBox cuts into the BleedBox"),
    ("artbox-beside-the-trimbox", "an ArtBox beside the TrimBox"),
    ("xmp-author-differs", "XMP dc:creator differs from the Info Author"),
    ("type3-font", "is a Type 3 font"),
    ("text-in-icc-cmyk", "text in a colour space other than DeviceCMYK or grey"),
    ("font-without-tounicode", "has no ToUnicode map"),
])
def test_print_faults_say_what(pdfx_booklet, fault, words):
    make, check = PDFX_BROKEN[fault]
    finding = by_check(preflight(make(pdfx_booklet), pdfx_booklet, "x.pdf"))[check]
    assert words in finding.message and finding.page in (1, None)


def test_the_registration_colour_is_for_marks_outside_the_trim(pdfx_booklet):
    """The sample's crop marks are in the Separation /All, as the pipeline draws them, and pass
    every check (above); a rule in /All inside the trim prints on every plate: thin-rules names
    it (and the ink coverage sees its 400 %). It passed as 'another colour space'."""
    rule = edit(make_pdfx(pdfx_booklet), painted_in(REGISTRATION_SPACE, b"/X9 CS 1 SCN 0.5 w 100 200 m 300 200 l S"))
    finding = by_check(preflight(rule, pdfx_booklet, "rule.pdf"))["thin-rules"]
    assert (finding.passed, finding.page) == (False, 1)
    assert finding.message == "a 0.5 pt rule in the registration colour (/All) inside the trim: it prints on every plate"


def ink_at_the_edge(canvas, geo):
    canvas.setFillColor(CMYKColor(1, 0.6, 0, 0))
    canvas.rect(0, geo.media[1] - 20 * MM, geo.media[0], 20 * MM, stroke=0, fill=1)  # a band to the edge


def test_office_pages_keep_ink_out_of_the_printers_margin(office):
    assert by_check(preflight(make_pdf(office), office, "ok.pdf"))["safe-zone"].passed
    finding = by_check(preflight(make_pdf(office, draw=ink_at_the_edge), office, "edge.pdf"))["safe-zone"]
    assert (finding.passed, finding.page) == (False, 1)
    assert finding.message == "ink within 5 mm of the page edge"


def test_crop_marks_outside_an_office_trim_are_not_ink_in_the_printers_margin(tmp_path, office):
    """Crop marks without bleed (``crop_marks: true`` on an office layout, and the imposed sides
    the build writes for one with ``page_multiple: 4``) sit in the slug, cut off with it: the 5 mm
    are measured inside the trim. Both files failed: the marks end 0.5 mm from the MediaBox."""
    from brochure.prepress import impose_saddle_stitch

    marked = write_layout(tmp_path, BOOKLET.replace("bleed: 3, ", ""), "marked")
    assert marked.page.crop_marks and not marked.page.bleed
    assert by_check(preflight(make_pdf(marked), marked, "marked.pdf"))["safe-zone"].passed
    finding = by_check(preflight(make_pdf(marked, draw=ink_at_the_edge), marked, "edge.pdf"))["safe-zone"]
    assert (finding.passed, finding.page) == (False, 1)  # a band that runs into the trim still fails
    sides = office.imposed()
    imposed = impose_saddle_stitch(make_pdf(office), "office.pdf", slug=sides.page.slug)
    assert by_check(preflight(imposed, sides, "office-imposed.pdf"))["safe-zone"].passed


def test_declared_widths_reads_both_forms_of_a_w_array():
    from brochure.preflight.fonts import _declared_widths

    assert list(_declared_widths([3, [500, 600], 10, 12, 250, 20, [0]])) == \
        [(3, 500.0), (4, 600.0), (10, 250.0), (11, 250.0), (12, 250.0), (20, 0.0)]


def test_a_composite_font_whose_widths_are_not_its_programs_fails(built_real):
    """/W and the embedded program must agree (ISO 14289-1 7.21.5; a RIP sets text by the program's
    advances, a viewer by /W): one width changed by a careless tool is named with its CID."""
    from brochure.layouts import load_layout

    path = built_real.pdf_path("als-stem-cells", "de", "a4-leaflet")
    layout = load_layout(built_real.root / "layouts" / "a4-leaflet.yaml", "layouts/a4-leaflet.yaml")
    pdf = path.read_bytes()
    assert by_check(preflight(pdf, layout, "de.pdf"))["font-widths"].passed

    def widen(doc):
        for page in doc.pages:
            for font in page.Resources.Font.values():
                w = font.DescendantFonts[0].W
                w[1][0] = w[1][0] + 50  # the first declared glyph, 50/1000 em wider
                return

    finding = by_check(preflight(edit(pdf, widen), layout, "de.pdf"))["font-widths"]
    assert not finding.passed and finding.severity == ERROR
    assert re.search(r"1 of \d+ composite fonts: [A-Z]{6}\+[\w-]+: CID \d+ is \d+ wide in /W but \d+ in the embedded "
                     r"program", finding.message), finding.message


def turned(angle):
    """/Rotate ``angle`` on every page: a printer and a viewer show each page turned clockwise by it."""
    def change(doc):
        for page in doc.pages:
            page.Rotate = angle
    return change


def registration_along_the_left(inset_mm):
    """A 1 pt registration rule (400 % ink) up the page's left side, ``inset_mm`` in from the trim
    (negative: outside it, in the bleed or the slug)."""
    def draw(canvas, geo):
        from brochure.pages import REGISTRATION

        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(1)
        x = geo.offset + inset_mm * MM
        canvas.line(x, 0, x, geo.media[1])
    return draw


def band_along_the_left(canvas, geo):
    canvas.setFillColor(CMYKColor(1, 0.6, 0, 0))
    canvas.rect(geo.offset, geo.offset, 3 * MM, geo.trim_h, stroke=0, fill=1)  # ink 0-3 mm from the trim


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
def test_the_ink_coverage_is_measured_in_the_bleed_of_a_turned_page(pdfx_booklet, monkeypatch, angle):
    """Ghostscript renders a page with /Rotate turned, as a printer prints it; the BleedBox was cut out
    of the render as if it were not (and scaled by the turned width): a 400 % rule in the bleed was
    not measured, and one in the slug, cut off with it, was (/Rotate 90)."""
    in_bleed = edit(make_pdfx(pdfx_booklet, gradient=False, draw=registration_along_the_left(-1.5)), turned(angle))
    assert _measured(in_bleed, pdfx_booklet, monkeypatch) == 400
    in_slug = edit(make_pdfx(pdfx_booklet, gradient=False, draw=registration_along_the_left(-8)), turned(angle))
    assert _measured(in_slug, pdfx_booklet, monkeypatch) == 113  # the page's 10/3/0/0 under 100 % K text


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
def test_the_printers_margin_is_measured_on_a_turned_page(tmp_path, office, angle):
    """pypdfium2 renders a page with /Rotate turned, as it prints; the trim was cut out of the render
    as if it were not: a clean page failed (90, 270) and ink at the edge of the trim went unseen."""
    marked = write_layout(tmp_path, BOOKLET.replace("bleed: 3, ", ""), "marked")  # the trim inside a slug
    for layout in (office, marked):
        clean = edit(make_pdf(layout), turned(angle))
        assert by_check(preflight(clean, layout, "turned.pdf"))["safe-zone"].passed, layout.name
        edge = edit(make_pdf(layout, draw=band_along_the_left), turned(angle))
        finding = by_check(preflight(edge, layout, "edge.pdf"))["safe-zone"]
        assert (finding.passed, finding.page) == (False, 1), layout.name


# --- crop marks, and the imposed sides' page order -------------------------------------------------

from brochure.prepress import impose_saddle_stitch  # noqa: E402


def test_a_crop_mark_inside_the_bleed_fails(booklet):
    """Marks that start 1 mm from the trim, inside the 3 mm bleed, print on the trimmed piece when the
    knife wanders (and put 400 % registration ink in the bleed, which the ink coverage sees too)."""
    findings = by_check(preflight(make_pdf(booklet, marks="in the bleed"), booklet, "bleed.pdf"))
    assert [name for name, f in findings.items() if not f.passed] == ["crop-marks", "ink-coverage"]
    assert (findings["crop-marks"].page, findings["crop-marks"].message) == (1, (
        "the vertical crop mark at the bottom-left corner starts 1 mm from the trim, inside the BleedBox (3 mm): "
        "it prints on the trimmed piece"))


def test_no_mark_in_the_registration_colour_may_reach_into_the_bleed(booklet):
    """Not only the crop marks: a fold mark, or any rule in /All, in the bleed prints on the trimmed piece."""
    findings = by_check(preflight(make_pdf(booklet, draw=registration_along_the_left(-1.5)), booklet, "rule.pdf"))
    assert [name for name, f in findings.items() if not f.passed] == ["crop-marks", "ink-coverage"]
    assert findings["crop-marks"].message.startswith("a mark in the registration colour (/All) inside the BleedBox, at ")
    assert by_check(preflight(make_pdf(booklet, draw=registration_along_the_left(-8)), booklet, "slug.pdf"))[
        "crop-marks"].passed  # in the slug, beyond the bleed: where marks belong


def test_crop_marks_are_not_asked_of_a_layout_without_them(office):
    finding = by_check(preflight(make_pdf(office), office, "office.pdf"))["crop-marks"]
    assert (finding.passed, finding.message) == (True, "not applicable: the layout asks for no crop marks")


def swap_on_side(first: bytes, second: bytes, side: int = 0):
    """The two placed pages of one side trade places (the forms' names swapped in its content)."""
    def change(doc):
        page = doc.pages[side]
        content = page.Contents.read_bytes()
        page.Contents = doc.make_stream(content.replace(first, b"/TMP").replace(second, first).replace(b"/TMP", second))
    return change


def without_side_marks(doc):
    """The sides' crop and fold marks (the last q … Q of each side's content) left out."""
    for page in doc.pages:
        content = page.Contents.read_bytes()
        page.Contents = doc.make_stream(content[:content.rindex(b"\nq /All CS")])


def impose(layout, *, lang="en", rtl=False, change=None, booklet=None):
    """(the imposed sides, the booklet they are checked against), made as the build makes them:
    ``rtl`` for the imposer's order; ``change(doc)`` edits the sides afterwards (pikepdf);
    ``booklet``: check against another booklet than the one imposed."""
    pdf = make_pdf(layout, lang=lang)
    sides = impose_saddle_stitch(pdf, rtl=rtl)
    return (edit(sides, change) if change else sides), (pdf if booklet is None else booklet)


# fault → (how to make the imposed sides and their booklet, the one check that must fail)
IMPOSED_BROKEN = {
    "pages-swapped-on-a-side": (lambda l: impose(l, change=swap_on_side(b"/P8 Do", b"/P1 Do")), "imposition"),
    "ltr-order-in-an-rtl-booklet": (lambda l: impose(l, lang="ar", rtl=False), "imposition"),
    "imposed-from-another-booklet": (lambda l: impose(l, booklet=make_pdf(l, size=12)), "imposition"),
    "booklet-missing": (lambda l: impose(l, booklet=b""), "imposition"),
    "sides-without-marks": (lambda l: impose(l, change=without_side_marks), "crop-marks"),
}


@pytest.mark.parametrize("lang, rtl, order", [("en", False, "8 | 1, 2 | 7, …), left-to-right, bound on the left"),
                                              ("ar", True, "1 | 8, 7 | 2, …), right-to-left, bound on the right")])
def test_good_imposed_sides_pass_every_check(booklet, lang, rtl, order):
    sides, pdf = impose(booklet, lang=lang, rtl=rtl)
    findings = preflight(sides, booklet.imposed(), "imposed.pdf", pdf)
    assert all(f.passed for f in findings), "\n".join(map(str, findings))
    assert by_check(findings)["imposition"].message == (
        f"4 sides: the booklet's 8 pages in saddle-stitch order ({order} (/Lang {lang})")
    assert by_check(findings)["crop-marks"].message.startswith("crop marks at the four trim corners of 4 pages")


@pytest.mark.parametrize("fault", sorted(IMPOSED_BROKEN))
def test_each_broken_imposed_file_fails_exactly_its_check(booklet, fault):
    make, check = IMPOSED_BROKEN[fault]
    sides, pdf = make(booklet)
    findings = preflight(sides, booklet.imposed(), f"{fault}.pdf", pdf)
    assert [f.check for f in findings if not f.passed] == [check], "\n".join(map(str, findings))
    assert by_check(findings)[check].severity == ERROR


@pytest.mark.parametrize("fault, page, words", [
    ("pages-swapped-on-a-side", 1, "the booklet's pages 1 | 8 left and right of the fold; saddle stitching puts "
                                   "8 | 1 there (8 pages, left-to-right)"),
    ("ltr-order-in-an-rtl-booklet", 1, "the sides are in left-to-right order (8 | 1, …), but the booklet (/Lang ar) "
                                       "is right-to-left, bound on the right: 1 | 8, …"),
    ("imposed-from-another-booklet", 1, "the booklet's pages ? | ? left and right of the fold; saddle stitching puts "
                                        "8 | 1 there"),
    ("booklet-missing", None, "the booklet it was imposed from is missing"),
    ("sides-without-marks", 1, "no crop marks"),
])
def test_imposition_faults_say_what_and_where(booklet, fault, page, words):
    make, check = IMPOSED_BROKEN[fault]
    sides, pdf = make(booklet)
    finding = by_check(preflight(sides, booklet.imposed(), "x.pdf", pdf))[check]
    assert words in finding.message and finding.page == page, finding


def test_a_file_checked_without_a_booklet_is_not_held_to_an_imposed_order(booklet):
    sides, _ = impose(booklet)
    finding = by_check(preflight(sides, booklet.imposed(), "imposed.pdf"))["imposition"]
    assert finding.passed and finding.message.startswith("not applicable: not an imposed file")
