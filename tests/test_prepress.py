"""Imposition and output intent, read back with pypdf and rendered with pypdfium2."""

import io
import struct

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import CMYKColor

from brochure.errors import BrochureError
from brochure.layouts import MM
from brochure.preflight import passed, preflight
from brochure.prepress import A4_LANDSCAPE, add_output_intent, impose_saddle_stitch, saddle_order

from pdfsamples import BOOKLET, make_pdf, write_layout


@pytest.fixture
def booklet(tmp_path):
    return write_layout(tmp_path, BOOKLET, "booklet")


def halves(page) -> tuple[list[str], list[str]]:
    """The text on the left and on the right half of an imposed side, by x position."""
    left, right = [], []
    middle = float(page.mediabox.width) / 2

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]  # text origin in default user space
            (left if x < middle else right).append(text.strip())

    page.extract_text(visitor_text=visit)
    return left, right


def test_saddle_order_for_eight_pages():
    assert saddle_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_eight_pages_become_four_a4_landscape_sides_in_stitch_order(booklet):
    imposed = PdfReader(io.BytesIO(impose_saddle_stitch(make_pdf(booklet, pages=8))))
    assert len(imposed.pages) == 4
    for page in imposed.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE)
        assert page.mediabox.width > page.mediabox.height
    sides = [halves(page) for page in imposed.pages]
    assert sides == [(["PAGE 8"], ["PAGE 1"]), (["PAGE 2"], ["PAGE 7"]),
                     (["PAGE 6"], ["PAGE 3"]), (["PAGE 4"], ["PAGE 5"])]


def test_twelve_pages_follow_the_same_rule(booklet):
    imposed = PdfReader(io.BytesIO(impose_saddle_stitch(make_pdf(booklet, pages=12))))
    order = [tuple(int(half[0].split()[1]) for half in halves(page)) for page in imposed.pages]
    assert order == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]


@pytest.mark.parametrize("pages", [1, 2, 6, 10])
def test_a_page_count_that_cannot_be_stitched_is_refused(booklet, pages):
    with pytest.raises(BrochureError, match=f"multiple of 4 pages, this PDF has {pages}"):
        impose_saddle_stitch(make_pdf(booklet, pages=pages), "output/en/a5-booklet.pdf")


def magenta_outside_the_trim(canvas, geo):
    """Page 1 sits right of the fold on sheet 1: uncropped, this would cover page 8's edge."""
    canvas.setFillColor(CMYKColor(0, 1, 1, 0))
    canvas.rect(0, 0, geo.offset - 0.5, geo.media[1], stroke=0, fill=1)


def test_pages_meet_at_the_fold_cropped_to_the_trim(booklet, tmp_path):
    import pypdfium2 as pdfium

    imposed = impose_saddle_stitch(make_pdf(booklet, pages=8, draw=magenta_outside_the_trim))
    document = pdfium.PdfDocument(imposed)
    try:
        image = document[0].render(scale=100 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    image.save(tmp_path / "sheet-1.png")  # kept for a look when this test fails
    width, height = image.size
    tint = image.getpixel((width // 2, height // 2))  # the pages' background, at the fold
    assert tint != (255, 255, 255)
    # the background reaches both sides of the fold and the sheet's top and bottom edges
    # (trim 210 mm = sheet height): both pages are there, whole, with no seam at the fold
    for x in (width // 2 - 2, width // 2 + 2, width // 4, 3 * width // 4):
        for y in (1, height // 2, height - 2):
            assert image.getpixel((x, y)) == tint, (x, y)
    # nothing from outside the trim (bleed, slug, crop marks) reaches the sheet
    reds = [xy for xy in ((x, y) for x in range(0, width, 2) for y in range(0, height, 4))
            if image.getpixel(xy)[0] > 150 and image.getpixel(xy)[1] < 100]
    assert reds == []


def test_larger_pages_are_scaled_to_fit_a_half_sheet(tmp_path):
    a4 = write_layout(tmp_path, BOOKLET.replace("width: 148, height: 210", "width: 210, height: 297"), "a4")
    imposed = PdfReader(io.BytesIO(impose_saddle_stitch(make_pdf(a4, pages=4))))
    assert [halves(page) for page in imposed.pages] == [(["PAGE 4"], ["PAGE 1"]), (["PAGE 2"], ["PAGE 3"])]
    sizes = []
    imposed.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and sizes.append(
        size * cm[3]))
    assert sizes == pytest.approx([10 * 210 / 297] * 2, rel=1e-3)  # A4 → A5: ×0.707


def test_imposition_keeps_title_and_language_and_is_reproducible(booklet):
    pdf = make_pdf(booklet)
    imposed = impose_saddle_stitch(pdf)
    assert imposed == impose_saddle_stitch(pdf)
    reader = PdfReader(io.BytesIO(imposed))
    assert reader.metadata.title == "Test brochure"
    assert reader.trailer["/Root"]["/Lang"] == "en"


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
    (b"mntr", b"RGB ", "this is mntr/RGB"),
    (b"prtr", b"GRAY", "this is prtr/GRAY"),
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


def test_a4_landscape_is_297_by_210_mm():
    assert A4_LANDSCAPE == pytest.approx((297 * MM, 210 * MM))
