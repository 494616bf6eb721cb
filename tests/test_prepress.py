"""Imposition and output intent, read back with pypdf and rendered with pypdfium2."""

import io
import re
import struct

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import CMYKColor

from brochure.errors import BrochureError
from brochure.layouts import MM
from brochure.preflight import passed, preflight
from pathlib import Path

from brochure.layouts import Geometry
from brochure.prepress import Intent, add_output_intent, finish, impose_saddle_stitch, saddle_order

import pikepdf

from pdfread import strokes
from pdfsamples import BOOKLET, CREATED, PDFX_BOOKLET, make_pdf, write_layout


@pytest.fixture
def booklet(tmp_path):
    return write_layout(tmp_path, BOOKLET, "booklet")


def placed_words(pdf: bytes, side: int) -> list[tuple[str, float, float]]:
    """("PAGE k", x, y) of every page label on one imposed side, in sheet coordinates.

    pdfium lays the text out as a viewer does, through the page content, the cm before each
    Do and each Form XObject's own /Matrix, so a misplaced form is seen where it lands."""
    import re

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        text = document[side].get_textpage()
        found = []
        whole = text.get_text_range()
        for match in re.finditer(r"PAGE \d+", whole):
            left, bottom, _, _ = text.get_charbox(match.start())
            found.append((match.group(), left, bottom))
        return found
    finally:
        document.close()


def halves(pdf: bytes, side: int) -> tuple[list[str], list[str]]:
    """The labels left and right of the fold on one side."""
    fold = float(PdfReader(io.BytesIO(pdf)).pages[side].mediabox.width) / 2
    words = placed_words(pdf, side)
    return [w for w, x, _ in words if x < fold], [w for w, x, _ in words if x >= fold]


def sheet_size(layout) -> tuple[float, float]:
    geo = Geometry.of(layout)
    margin = geo.bleed + 10 * MM  # bleed, then the slug that holds the marks
    return 2 * geo.trim_w + 2 * margin, geo.trim_h + 2 * margin


def test_saddle_order_for_eight_pages():
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_eight_pages_become_four_sides_with_spread_trim_bleed_and_slug(booklet):
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8))
    imposed = PdfReader(io.BytesIO(pdf))
    assert len(imposed.pages) == 4
    width, height = sheet_size(booklet)
    for page in imposed.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((width, height))
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        # the spread: two 148 × 210 mm pages, 3 mm bleed on all four sides
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((296 * MM, 210 * MM))
        assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.01)
    sides = [halves(pdf, side) for side in range(4)]
    assert sides == [(["PAGE 8"], ["PAGE 1"]), (["PAGE 2"], ["PAGE 7"]),
                     (["PAGE 6"], ["PAGE 3"]), (["PAGE 4"], ["PAGE 5"])]


@pytest.mark.parametrize("pages, order", [
    (12, [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]),
    (16, [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]),
])
def test_twelve_and_sixteen_pages_follow_the_same_rule(tmp_path, pages, order):
    layout = write_layout(tmp_path, BOOKLET.replace("max_pages: 12", "max_pages: 16"), "b16")
    pdf = impose_saddle_stitch(make_pdf(layout, pages=pages))
    found = [tuple(int(half[0].split()[1]) for half in halves(pdf, side)) for side in range(pages // 2)]
    assert found == order


def test_each_page_lands_at_its_trim_position(booklet):
    """Text drawn 20 mm from the trim's left and 100 mm from its bottom lands there on the sheet."""
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8))
    x0, y0 = [float(v) for v in PdfReader(io.BytesIO(pdf)).pages[0].trimbox][:2]
    (left, lx, ly), (right, rx, ry) = sorted(placed_words(pdf, 0), key=lambda w: w[1])
    assert (left, right) == ("PAGE 8", "PAGE 1")
    assert (lx - x0, ly - y0) == pytest.approx((20 * MM, 100 * MM), abs=1.5)  # glyph side bearing
    assert (rx - x0, ry - y0) == pytest.approx((148 * MM + 20 * MM, 100 * MM), abs=1.5)


@pytest.mark.parametrize("pages", [1, 2, 6, 10])
def test_a_page_count_that_cannot_be_stitched_is_refused(booklet, pages):
    with pytest.raises(BrochureError) as info:
        impose_saddle_stitch(make_pdf(booklet, pages=pages), "output/en/a5-booklet.pdf")
    assert str(info.value) == f"output/en/a5-booklet.pdf: saddle stitching needs a multiple of 4 pages, this PDF has {pages}"


def magenta_in_the_slug(canvas, geo):
    """Page 1 sits right of the fold on sheet 1: its slug (outside the bleed) must not reach the sheet."""
    canvas.setFillColor(CMYKColor(0, 1, 1, 0))
    canvas.rect(0, 0, geo.offset - geo.bleed - 0.5, geo.media[1], stroke=0, fill=1)


def render(pdf: bytes, side: int = 0, dpi: int = 100):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[side].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def test_pages_keep_their_bleed_meet_at_the_fold_and_have_crop_marks(booklet, tmp_path):
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8, draw=magenta_in_the_slug))
    image = render(pdf, dpi=100)
    image.save(tmp_path / "side-1.png")  # kept for a look when this test fails
    px = 100 / 72  # pixels per point
    sheet = PdfReader(io.BytesIO(pdf)).pages[0]
    x0, y0, x1, y1 = (float(v) for v in sheet.trimbox)
    height = float(sheet.mediabox.height)
    fold = (x0 + x1) / 2

    def at(x, y):  # sheet coordinates (points, origin bottom left) → pixel
        return image.getpixel((int(x * px), int((height - y) * px)))

    tint = at(fold, (y0 + y1) / 2)  # the pages' background
    assert tint != (255, 255, 255)
    # the background runs 2 mm past the trim on every outer edge (bleed), across the fold
    for x, y in ((x0 - 2 * MM, (y0 + y1) / 2), (x1 + 2 * MM, (y0 + y1) / 2), (fold - 1, y0 - 2 * MM),
                 (fold + 1, y1 + 2 * MM), (x0 + 50, y0 - 2 * MM), (x1 - 50, y1 + 2 * MM)):
        assert at(x, y) == tint, (x, y)
    # and stops at the bleed: white beyond it, except for the marks
    for x, y in ((x0 - 4 * MM, (y0 + y1) / 2), (fold, y0 - 4 * MM), (x1 + 4 * MM, y1 - 50)):
        assert at(x, y) == (255, 255, 255), (x, y)
    # crop marks on the trim lines outside the bleed, at every corner and at the fold
    def darkest_near(x, y):  # a 0.25 pt hairline is anti-aliased over a pixel or two
        return min(min(at(x + dx, y + dy)) for dx in (-1.5, -0.75, 0, 0.75, 1.5) for dy in (-1.5, -0.75, 0, 0.75, 1.5))

    for x, y in ((x0 - 7 * MM, y0), (x0, y0 - 7 * MM), (x1 + 7 * MM, y1), (x1, y1 + 7 * MM),
                 (fold, y0 - 7 * MM), (fold, y1 + 7 * MM)):
        assert darkest_near(x, y) < 200, (x, y)
    assert darkest_near(x0 - 7 * MM, y0 + 20 * MM) == 255  # and not elsewhere in the slug

    def dashes(x, y_from, y_to):  # dark runs along a vertical mark, sampled every 0.25 pt
        dark = [min(min(at(x + dx, y_from + i / 4)) for dx in (-0.75, 0, 0.75)) < 200
                for i in range(int((y_to - y_from) * 4))]
        return sum(1 for a, b in zip([False] + dark, dark) if b and not a)

    # a fold mark is dashed, so that nobody cuts there; a crop mark is one solid stroke
    assert dashes(fold, 0, y0) >= 2 and dashes(fold, y1, height) >= 2
    assert dashes(x0, 0, y0) == 1 == dashes(x1, y1, height)
    # nothing from the source pages' slug (magenta) reaches the sheet
    reds = [xy for xy in ((x, y) for x in range(0, image.width, 2) for y in range(0, image.height, 4))
            if image.getpixel(xy)[0] > 150 and image.getpixel(xy)[1] < 100]
    assert reds == []


def plates_at(pdf: bytes, side: int, x: float, y: float, dpi: int = 300) -> tuple[int, ...]:
    """The four plates' ink (0-255) at sheet point (x, y), from Ghostscript's CMYK separations."""
    import subprocess
    import tempfile

    from PIL import Image

    height = float(PdfReader(io.BytesIO(pdf)).pages[side].mediabox.height)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "in.pdf").write_bytes(pdf)
        subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi}",
                        f"-dFirstPage={side + 1}", f"-dLastPage={side + 1}", f"-sOutputFile={folder}/side.tif",
                        f"{folder}/in.pdf"], check=True, capture_output=True)
        with Image.open(f"{folder}/side.tif") as image:
            px = dpi / 72
            return tuple(max(image.getpixel((int(x * px) + dx, int((height - y) * px) + dy))[plate]
                             for dx in (-1, 0, 1) for dy in (-1, 0, 1)) for plate in range(4))


def test_marks_are_in_the_registration_colour_that_prints_on_every_plate(booklet):
    """Crop and fold marks on the imposed sides are drawn in the registration colour, a Separation
    colour space named /All (ISO 32000 8.6.6.4: every plate; PDF/X-4 allows it) with a CMYK
    alternate for viewers and proofs. They were DeviceCMYK 100/100/100/100, which a colour-managed
    RIP treats as ink like any other (converted, limited to the press's total)."""
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8))
    marks = strokes(pdf, 0)
    assert len(marks) == 10  # two at each corner of the spread, one at each end of the fold
    assert {colour for colour, _ in marks} == {("/All", 1.0)}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        spaces = [space for space in doc.pages[0].Resources.ColorSpace.values()]
        assert [(str(s[0]), str(s[1]), str(s[2])) for s in spaces] == [("/Separation", "/All", "/DeviceCMYK")]
    x0, y0 = [float(v) for v in PdfReader(io.BytesIO(pdf)).pages[0].trimbox][:2]
    assert plates_at(pdf, 0, x0 - 8 * MM, y0) == (255, 255, 255, 255)


def test_the_registration_colour_has_one_definition_in_the_imposed_file(booklet, tmp_path):
    """The sides' marks use the pages' own /All colour space, so that the one colourant name has one
    alternate and tint transform in the file (the pages' marks, hidden in the forms, use it too)."""
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        owners = [page.obj for page in doc.pages] + [form for page in doc.pages
                                                      for form in page.obj.Resources.XObject.values()]
        found = {(str(space[2]), space[3].objgen) for owner in owners
                 for space in owner.Resources.get("/ColorSpace", pikepdf.Dictionary()).as_dict().values()
                 if str(space[1]) == "/All"}
    assert len(found) == 1 and next(iter(found))[1] != (0, 0), found
    # pages without marks of their own (an office layout): the sides get a registration colour anyway
    office = write_layout(tmp_path, BOOKLET.replace("bleed: 3, crop_marks: true, slug: 10, ", ""), "office")
    assert {colour for colour, _ in strokes(impose_saddle_stitch(make_pdf(office, pages=8)), 0)} == {("/All", 1.0)}


def test_creep_moves_inner_sheets_towards_the_spine(tmp_path):
    layout = write_layout(tmp_path, BOOKLET, "creep")
    pdf = make_pdf(layout, pages=12)
    plain, crept = impose_saddle_stitch(pdf), impose_saddle_stitch(pdf, creep=1.0)

    def offsets(side):  # how far each page moved towards the fold, in mm
        before, after = dict((w, x) for w, x, _ in placed_words(plain, side)), \
            dict((w, x) for w, x, _ in placed_words(crept, side))
        fold = float(PdfReader(io.BytesIO(plain)).pages[side].mediabox.width) / 2
        return {w: round((after[w] - before[w]) / MM * (1 if before[w] < fold else -1), 2) for w in before}

    assert offsets(0) == {"PAGE 12": 0, "PAGE 1": 0}  # outermost sheet
    assert offsets(2) == {"PAGE 10": 0.5, "PAGE 3": 0.5}  # the middle one, half way
    assert offsets(5) == {"PAGE 6": 1.0, "PAGE 7": 1.0}  # innermost: the full creep


def test_right_to_left_booklets_are_mirrored(booklet):
    pdf = impose_saddle_stitch(make_pdf(booklet, pages=8), rtl=True)
    assert [halves(pdf, side) for side in range(2)] == [(["PAGE 1"], ["PAGE 8"]), (["PAGE 7"], ["PAGE 2"])]


def test_imposition_keeps_title_and_language_and_is_reproducible(booklet):
    pdf = make_pdf(booklet)
    imposed = impose_saddle_stitch(pdf)
    assert imposed == impose_saddle_stitch(pdf)
    reader = PdfReader(io.BytesIO(imposed))
    assert reader.metadata.title == "Test brochure"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_imposed_file_passes_preflight_as_spreads(tmp_path):
    """The finished imposed file meets the same PDF/X-4 and colour rules as the booklet."""
    layout = write_layout(tmp_path, PDFX_BOOKLET, "pdfx")
    intent = layout.output_intent
    imposed = finish(impose_saddle_stitch(make_pdf(layout, pages=8)), CREATED,
                     Intent(Path(layout.folder) / intent.profile, intent.identifier), pdfx=True)
    findings = preflight(imposed, layout.imposed(), "imposed.pdf")
    assert passed(findings), "\n".join(map(str, findings))
    assert not passed(preflight(imposed, layout, "imposed.pdf"))  # not single pages: wrong trim


def fake_icc(tmp_path, device_class=b"prtr", space=b"CMYK"):
    """The smallest header-only ICC profile: enough for the header checks, not for colour maths."""
    header = bytearray(128)
    header[0:4] = struct.pack(">I", 132)
    header[8:12] = bytes([2, 0x10, 0, 0])
    header[12:16], header[16:20], header[20:24], header[36:40] = device_class, space, b"Lab ", b"acsp"
    path = tmp_path / f"{device_class.decode()}-{space.decode().strip()}.icc"
    path.write_bytes(bytes(header) + struct.pack(">I", 0))  # tag count 0
    return path


def test_output_intent_is_written_to_the_catalog(booklet, tmp_path):
    icc = fake_icc(tmp_path)
    out = add_output_intent(make_pdf(booklet), icc, "FOGRA39", info="ISO Coated v2 300%",
                            registry="http://www.color.org")
    reader = PdfReader(io.BytesIO(out))
    (intent,) = [ref.get_object() for ref in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/Type"] == "/OutputIntent" and intent["/S"] == "/GTS_PDFX"
    assert (intent["/OutputConditionIdentifier"], intent["/Info"], intent["/RegistryName"]) == (
        "FOGRA39", "ISO Coated v2 300%", "http://www.color.org")
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == icc.read_bytes()
    assert passed(preflight(out, booklet, "with-intent.pdf"))  # nothing else changed


@pytest.mark.parametrize("device_class, space, words", [
    (b"mntr", b"RGB ", "this is a mntr/RGB profile; an output intent needs a CMYK output"),
    (b"prtr", b"GRAY", "this is a prtr/GRAY profile"),
])
def test_output_intent_refuses_a_profile_that_is_not_cmyk_output(booklet, tmp_path, device_class, space, words):
    with pytest.raises(BrochureError, match=words):
        add_output_intent(make_pdf(booklet), fake_icc(tmp_path, device_class, space), "x")


def test_output_intent_refuses_a_file_that_is_not_a_profile(booklet, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello " * 40)
    with pytest.raises(BrochureError, match="not an ICC profile"):
        add_output_intent(make_pdf(booklet), path, "x")
    with pytest.raises(BrochureError, match="cannot read the ICC profile"):
        add_output_intent(make_pdf(booklet), tmp_path / "missing.icc", "x")


# --- the finishing pass: PDF/X-4 identification, XMP, dates, subset tags --------------------------

def test_finish_makes_a_pdfx4_file_with_matching_xmp_and_info(tmp_path):
    import datetime as dt
    from xml.etree import ElementTree

    layout = write_layout(tmp_path, PDFX_BOOKLET, "pdfx")
    intent = layout.output_intent
    pdf = finish(make_pdf(layout), dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc),
                 Intent(Path(layout.folder) / intent.profile, intent.identifier, intent.condition), pdfx=True)
    assert pdf.startswith(b"%PDF-1.6")
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.trailer["/Info"]
    assert (info["/GTS_PDFXVersion"], info["/Trapped"]) == ("PDF/X-4", "/False")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261127000000Z"
    assert len(reader.trailer["/ID"]) == 2
    root = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdfxid": "http://www.npes.org/pdfx/ns/id/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "dc": "http://purl.org/dc/elements/1.1/",
          "xmpMM": "http://ns.adobe.com/xap/1.0/mm/"}
    assert root.find(".//pdfxid:GTS_PDFXVersion", ns).text == "PDF/X-4"
    # PDF/X-4's version identification, which Acrobat/PitStop/pdfToolbox PDF/X-4 profiles require
    assert (root.find(".//xmpMM:VersionID", ns).text, root.find(".//xmpMM:RenditionClass", ns).text) == \
        ("1", "default")
    assert root.find(".//xmpMM:DocumentID", ns).text.startswith("uuid:")
    assert root.find(".//xmp:CreateDate", ns).text == "2026-11-27T00:00:00Z"
    assert [li.text for li in root.find(".//dc:title", ns).iter(f"{{{ns['rdf']}}}li")] == ["Test brochure"] * 2
    assert finish(make_pdf(layout), dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc),
                  Intent(Path(layout.folder) / intent.profile, intent.identifier), pdfx=True) == \
        finish(make_pdf(layout), dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc),
               Intent(Path(layout.folder) / intent.profile, intent.identifier), pdfx=True)  # reproducible


@pytest.mark.parametrize("keywords", [None, "ALS; stem cells"])
def test_every_info_entry_with_an_xmp_twin_has_it_with_the_same_value(tmp_path, keywords):
    """Info and XMP say the same thing (the Info keys with an XMP analogue, PDF/A's list, which
    metadata-sync checks in shop preflight use too): ReportLab's empty /Keywords had no
    pdf:Keywords beside it."""
    from xml.etree import ElementTree

    import pikepdf

    from brochure.xmp import iso_date

    layout = write_layout(tmp_path, PDFX_BOOKLET, "pdfx")
    rendered = make_pdf(layout)
    if keywords:
        with pikepdf.open(io.BytesIO(rendered)) as doc:
            doc.docinfo.Keywords = keywords
            out = io.BytesIO()
            doc.save(out)
        rendered = out.getvalue()
    intent = layout.output_intent
    reader = PdfReader(io.BytesIO(finish(rendered, CREATED, Intent(Path(layout.folder) / intent.profile,
                                                                    intent.identifier), pdfx=True)))
    info = reader.trailer["/Info"]
    root = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/"}

    def xmp(prop):
        element = root.find(f".//{prop}", ns)
        if element is None:
            return None
        items = [li.text for li in element.iter(f"{{{ns['rdf']}}}li")]
        return items[0] if items else element.text

    twins = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
             "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
             "/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
    assert "/Title" in info and "/Producer" in info
    for key, prop in twins.items():
        if key in info:
            expected = iso_date(info[key]) if key.endswith("Date") else str(info[key])
            assert xmp(prop) == expected, (key, prop)
    assert (info.get("/Keywords"), xmp("pdf:Keywords")) == (keywords, keywords)


def test_document_id_names_the_document_and_instance_id_its_version(tmp_path):
    """xmpMM:DocumentID stays across rebuilds of one edition (and differs between editions);
    xmpMM:InstanceID changes with the content."""
    import datetime as dt
    from xml.etree import ElementTree

    layout = write_layout(tmp_path, PDFX_BOOKLET, "pdfx")
    intent = Intent(Path(layout.folder) / layout.output_intent.profile, layout.output_intent.identifier)
    when = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)

    def ids(pdf, identity):
        packet = PdfReader(io.BytesIO(finish(pdf, when, intent, pdfx=True, identity=identity))) \
            .trailer["/Root"]["/Metadata"].get_object().get_data()
        root = ElementTree.fromstring(packet)
        ns = {"xmpMM": "http://ns.adobe.com/xap/1.0/mm/"}
        return root.find(".//xmpMM:DocumentID", ns).text, root.find(".//xmpMM:InstanceID", ns).text

    first, other = make_pdf(layout), make_pdf(layout, title="Another title")
    assert first != other
    doc_a, inst_a = ids(first, "als/de/a5-booklet")
    doc_b, inst_b = ids(other, "als/de/a5-booklet")
    assert doc_a == doc_b and inst_a != inst_b
    assert ids(first, "als/de/a5-booklet") == (doc_a, inst_a)  # reproducible
    assert ids(first, "als/fr/a5-booklet")[0] != doc_a
    assert re.fullmatch(r"uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", doc_a)


def test_without_an_intent_there_is_no_pdfx_claim(booklet):
    import datetime as dt

    pdf = finish(make_pdf(booklet), dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    info = PdfReader(io.BytesIO(pdf)).trailer["/Info"]
    assert "/GTS_PDFXVersion" not in info and "/OutputIntents" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert info["/CreationDate"] == "D:20260102030405Z"
    with pytest.raises(BrochureError, match="PDF/X needs an output intent"):
        finish(make_pdf(booklet), dt.datetime(2026, 1, 2), pdfx=True)


def test_build_date_is_source_date_epoch_or_the_articles_date():
    import datetime as dt

    from brochure.xmp import build_date

    day = dt.date(2026, 11, 27)
    assert build_date(day, {}) == dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
    assert build_date(day, {"SOURCE_DATE_EPOCH": "1700000000"}) == \
        dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    assert build_date(day, {"SOURCE_DATE_EPOCH": "soon"}) == dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)


def two_fonts_in_one_file(canvas, geo):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from conftest import REPO

    if "PreflightSansBold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PreflightSansBold", str(REPO / "fonts" / "NotoSans-Bold.ttf")))
    canvas.setFont("PreflightSansBold", 12)
    canvas.drawString(geo.offset + 20 * MM, geo.offset + 80 * MM, "Bold words")


def test_every_subset_gets_its_own_tag_from_its_content(booklet):
    import datetime as dt

    raw = make_pdf(booklet, draw=two_fonts_in_one_file)

    def tags(pdf):
        names = {str(ref.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(pdf)).pages
                 for ref in page["/Resources"]["/Font"].values()}
        return sorted(names)

    assert [name.split("+")[0] for name in tags(raw)] == ["/AAAAAA", "/AAAAAA"]  # ReportLab's
    finished = tags(finish(raw, dt.datetime(2026, 1, 1)))
    assert len({name.split("+")[0] for name in finished}) == 2  # two fonts, two tags
    assert [name.split("+")[1] for name in finished] == ["NotoSans-Bold", "NotoSans-Regular"]
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", name) for name in finished)
    assert tags(finish(make_pdf(booklet, draw=two_fonts_in_one_file), dt.datetime(2026, 1, 1))) == finished

    def greek_too(canvas, geo):  # other glyphs in the regular font: another subset program
        two_fonts_in_one_file(canvas, geo)
        canvas.setFont("PreflightSans", 10)
        canvas.drawString(geo.offset + 20 * MM, geo.offset + 60 * MM, "Ωμέγα")

    other = tags(finish(make_pdf(booklet, draw=greek_too), dt.datetime(2026, 1, 1)))
    assert finished[0] in other  # the bold subset is the same: same tag
    assert not set(finished[1:]) & set(other)  # the regular subsets changed: new tags


def test_one_xmp_packet_carries_both_the_pdfx_and_the_pdfua_claims():
    import datetime as dt
    from xml.etree import ElementTree

    from brochure.xmp import xmp_packet

    when = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    packet = xmp_packet(title="Über <ALS> & \"Stammzellen\"", language="de", producer="brochure", created=when,
                        pdfx_version="PDF/X-4", pdfua_part=1)
    assert packet.startswith(b"<?xpacket begin=") and packet.rstrip().endswith(b'<?xpacket end="w"?>')
    root = ElementTree.fromstring(packet)
    ns = {"pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "pdfxid": "http://www.npes.org/pdfx/ns/id/",
          "xmp": "http://ns.adobe.com/xap/1.0/", "dc": "http://purl.org/dc/elements/1.1/",
          "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    assert root.find(".//pdfuaid:part", ns).text == "1"
    assert root.find(".//pdfxid:GTS_PDFXVersion", ns).text == "PDF/X-4"
    assert root.find(".//xmp:CreateDate", ns).text == "2026-11-27T09:30:00+01:00"
    title = root.find(".//dc:title/rdf:Alt/rdf:li[@{http://www.w3.org/XML/1998/namespace}lang='de']", ns)
    assert title.text == "Über <ALS> & \"Stammzellen\""
    plain = ElementTree.fromstring(xmp_packet(title="t", language="en", producer="p", created=when))
    assert plain.find(".//pdfuaid:part", ns) is None and plain.find(".//pdfxid:GTS_PDFXVersion", ns) is None


def test_pdf_dates_read_back_as_instants():
    import datetime as dt

    from brochure.xmp import iso_date, parse_pdf_date

    utc = dt.timezone.utc
    assert parse_pdf_date("D:20261127000000Z") == dt.datetime(2026, 11, 27, tzinfo=utc)
    assert parse_pdf_date("D:20000101000000+00'00'") == dt.datetime(2000, 1, 1, tzinfo=utc)
    assert parse_pdf_date("D:20261127093000+01'00'") == dt.datetime(2026, 11, 27, 8, 30, tzinfo=utc)
    assert parse_pdf_date("D:2026") == dt.datetime(2026, 1, 1, tzinfo=utc)
    assert parse_pdf_date("yesterday") is None and parse_pdf_date("D:20261332000000Z") is None
    assert iso_date("D:20261127093000-05'30'") == "2026-11-27T09:30:00-05:30"


def test_finishing_keeps_a_pdfua_claim_made_by_the_tagging_step(booklet):
    import datetime as dt

    import pikepdf

    from brochure.xmp import xmp_packet

    doc = pikepdf.Pdf.open(io.BytesIO(make_pdf(booklet)))  # the tagging step's packet claims PDF/UA-1
    doc.Root.Metadata = doc.make_stream(xmp_packet("Test brochure", "en", "x", pdfua_part=1),
                                        Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    out = io.BytesIO()
    doc.save(out)
    finished = finish(out.getvalue(), dt.datetime(2026, 1, 1))
    packet = PdfReader(io.BytesIO(finished)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in packet and b"<xmp:CreateDate>2026-01-01T00:00:00Z" in packet
    untagged = pikepdf.Pdf.open(io.BytesIO(make_pdf(booklet)))  # no claim made before finishing
    del untagged.Root.Metadata
    out = io.BytesIO()
    untagged.save(out)
    plain = finish(out.getvalue(), dt.datetime(2026, 1, 1))
    assert b"pdfuaid" not in PdfReader(io.BytesIO(plain)).trailer["/Root"]["/Metadata"].get_object().get_data()
