"""Print production: the A5 booklet, bleed and crop marks, imposition, copyfit, preflight."""

import dataclasses
import re
import unicodedata

import pytest
from pypdf import PdfReader

from brochure.build import Inputs, Policy, load_inputs, prepare
from brochure.errors import BrochureError
from brochure.layouts import MM
from brochure.render import render_fitted

from conftest import REPO
from pdfread import body_size, render_page

LOCALES = ["en"] + sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/brochure.po"))
BLEED = 3 * MM


def _box(page, name):
    return [round(float(v), 2) for v in getattr(page, name)]


@pytest.mark.parametrize("locale", LOCALES)
def test_booklet_boxes_bleed_and_page_count(built_real, locale):
    reader = PdfReader(built_real.pdf_path(locale, "a5-booklet"))
    assert len(reader.pages) % 4 == 0 and len(reader.pages) <= 16
    for page in reader.pages:
        trim, bleed, media = _box(page, "trimbox"), _box(page, "bleedbox"), _box(page, "mediabox")
        assert round(trim[2] - trim[0], 2) == 419.53 and round(trim[3] - trim[1], 2) == 595.28
        assert [round(b - t, 2) for b, t in zip(bleed, trim)] == [-8.5, -8.5, 8.5, 8.5]
        assert media[0] <= bleed[0] - 10 * MM + 0.01 and media[2] >= bleed[2] + 10 * MM - 0.01
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_letter_and_a4_leaflets_have_their_paper_size(built_real):
    letter = PdfReader(built_real.pdf_path("de", "letter-leaflet")).pages[0]
    assert (round(float(letter.mediabox.width)), round(float(letter.mediabox.height))) == (612, 792)
    a4 = PdfReader(built_real.pdf_path("de", "a4-leaflet")).pages[0]
    assert (round(float(a4.mediabox.width), 2), round(float(a4.mediabox.height), 2)) == (595.28, 841.89)


def _page_texts(path):
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


@pytest.mark.parametrize("locale", ["de", "he", "zh_Hans"])
def test_notes_pages_come_after_the_appendix_and_before_the_back_cover(built_real, locale):
    from brochure.catalogs import read_catalog

    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "brochure.po")
    notes = po.catalog.get("Notes", context="notes.heading").string
    colophon = po.catalog.get("About this leaflet", context="colophon.heading").string
    texts = _page_texts(built_real.pdf_path(locale, "a5-booklet"))
    note_pages = [i for i, t in enumerate(texts) if t.startswith(notes) or t.endswith(notes[::-1])]
    colophon_page = max(i for i, t in enumerate(texts) if colophon.split()[0] in t or colophon.split()[0][::-1] in t)
    if note_pages:
        assert note_pages == list(range(note_pages[0], len(texts) - 1))  # contiguous, just before the back
        assert colophon_page < note_pages[0]


def _side_labels(path, side):
    """Footer labels found left and right of the fold on one imposed side."""
    page = PdfReader(path).pages[side]
    fold = float(page.mediabox.width) / 2
    halves = {True: [], False: []}
    page.extract_text(visitor_text=lambda t, cm, tm, *_: t.strip() and halves[cm[4] + tm[4] < fold].append(t))
    return " ".join(halves[True]), " ".join(halves[False])


def test_imposition_is_in_saddle_stitch_order(built_real):
    path = built_real.imposed_path("de", "a5-booklet")
    pages = len(PdfReader(built_real.pdf_path("de", "a5-booklet")).pages)
    imposed = PdfReader(path)
    assert len(imposed.pages) == pages // 2
    assert [round(float(v)) for v in imposed.pages[0].mediabox[2:]] == [842, 595]
    left, right = _side_labels(path, 1)  # back of sheet 1: 2 | n-1
    assert f"Seite 2 von {pages}" in left and f"Seite {pages - 1} von {pages}" in right
    left, right = _side_labels(path, 2)  # front of sheet 2: n-2 | 3
    assert f"Seite {pages - 2} von {pages}" in left and f"Seite 3 von {pages}" in right


def test_right_to_left_booklets_are_imposed_mirrored(built_real):
    path = built_real.imposed_path("he", "a5-booklet")
    pages = len(PdfReader(built_real.pdf_path("he", "a5-booklet")).pages)
    left, right = _side_labels(path, 1)  # back of sheet 1 of a book bound on the right: n-1 | 2

    def page_number(text):  # the footer "עמוד 2 מתוך 8", extracted in logical order
        found = re.findall(r"עמוד\s+(\d+)\s+מתוך\s+(\d+)", " ".join(text.split()))
        return [int(page) for page, total in found if int(total) == pages]

    assert page_number(left) == [pages - 1] and page_number(right) == [2]


def test_cover_band_bleeds_and_crop_marks_sit_outside_the_bleed(built_real):
    dpi = 144
    image = render_page(built_real.pdf_path("en", "a5-booklet"), 0, dpi)
    px = dpi / 72
    offset = (3 + 10) * MM  # bleed + slug from the media edge to the trim
    trim_x, trim_y = offset * px, offset * px
    in_bleed = (int(trim_x - 1.5 * MM * px), int(trim_y + 30 * MM * px))
    r, g, b = image.getpixel(in_bleed)
    assert b > 120 and r < 60, "the cover colour does not reach into the bleed"
    in_slug = (int(trim_x - 3 * MM * px - 0.5 * MM * px), int(trim_y + 30 * MM * px))
    assert min(image.getpixel(in_slug)) > 240, "colour outside the bleed"
    # the horizontal crop mark on the top trim line, left of the bleed
    mark_row = [image.getpixel((x, int(trim_y))) for x in range(int(2 * MM * px), int((offset - 4.5 * MM) * px))]
    assert any(max(p) < 128 for p in mark_row), "no crop mark in the slug"
    gap = [image.getpixel((x, int(trim_y))) for x in range(int((offset - 3.6 * MM) * px), int(trim_x - 2))]
    assert all(min(p) > 100 for p in gap[:2]), "crop mark reaches into the bleed"


def test_preflight_passes_on_every_shipped_output(built_real, capsys):
    from brochure.cli import main

    assert main(["--project", str(built_real.root), "preflight"]) == 0
    out = capsys.readouterr().out
    assert out.count(": fonts: ok") == len(LOCALES) * 3
    assert (built_real.output_dir / "preflight.json").exists()


def test_preflight_fails_on_a_broken_file(built_real, capsys):
    from brochure.cli import main

    target = built_real.pdf_path("de", "a5-booklet")
    original = target.read_bytes()
    try:
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=PdfReader(target))
        writer.remove_page(len(writer.pages) - 1)  # 7 pages cannot be saddle-stitched
        with open(target, "wb") as fh:
            writer.write(fh)
        assert main(["--project", str(built_real.root), "preflight", "--locale", "de"]) == 1
        assert "a5-booklet.pdf: page-count: error" in capsys.readouterr().out
    finally:
        target.write_bytes(original)


@pytest.fixture
def inputs(real_project) -> Inputs:
    return load_inputs(real_project, ["a5-booklet"])


@pytest.mark.parametrize("height, chosen, looser", [
    (184, "10/13.6", "10.5/14.3"),  # the first step is not enough, the second is
    (200, "10.5/14.3", "11/15"),  # the first step is enough
])
def test_copyfit_tightens_the_body_to_the_first_step_that_meets_the_budget(real_project, capsys, height, chosen,
                                                                            looser):
    """tests/fixtures/copyfit/a5-tight.yaml, 184 mm high: the English article takes 7 pages
    at the layout's 11/15 pt and at the first step (10.5/14.3 pt), 6 at the second
    (10/13.6 pt); the budget is 6. The same layout without copyfit at the type one step
    looser than the one chosen fails the budget: that is what makes each step necessary."""
    from brochure.cli import main

    fixture = (REPO / "tests" / "fixtures" / "copyfit" / "a5-tight.yaml").read_text(encoding="utf-8")
    fixture = fixture.replace("height: 184", f"height: {height}")
    layouts = real_project.root / "layouts"
    (layouts / "a5-tight.yaml").write_text(fixture, encoding="utf-8")
    size, leading = looser.split("/")
    without = fixture[:fixture.index("copyfit:")].replace(
        "body: {size: 11, leading: 15}", f"body: {{size: {size}, leading: {leading}}}")
    (layouts / "a5-looser.yaml").write_text(without, encoding="utf-8")
    args = ["--project", str(real_project.root), "build", "--locale", "en", "-j", "1", "--layout"]
    assert main([*args, "a5-tight", "a5-looser"]) == 1
    err = capsys.readouterr().err
    assert f"source/als-stem-cells.md: a5-looser: 7 pages, over the budget of 6 even at {looser} pt" in err
    pdf = real_project.pdf_path("en", "a5-tight")
    assert len(PdfReader(pdf).pages) == 6
    assert body_size(pdf) == float(chosen.split("/")[0])


def test_a_locale_that_cannot_fit_fails_with_a_report(inputs):
    edition, fonts, script = prepare(inputs, "de", Policy())
    layout = inputs.layouts["a5-booklet"]
    tiny = dataclasses.replace(layout, page=dataclasses.replace(layout.page, max_pages=4))
    with pytest.raises(BrochureError) as info:
        render_fitted(edition, tiny, fonts, script)
    message = str(info.value)
    assert message.startswith("locales/de/LC_MESSAGES/brochure.po: a5-booklet: ")
    assert "over the budget of 4 even at 9/12.2 pt" in message
    assert "lines too many, from page 5" in message and "longest translations relative to the source: line " in message


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_booklet_text_keeps_the_wider_margin_at_the_spine_on_every_page(built_real, locale):
    """Pages alternate sides: the text block's binding margin (16 mm) is on the left of
    right-hand pages of a left-bound book, and mirrored for a right-bound one. Measured on
    the page image: where the ink of the text area (text, panels, rules) starts on its start side."""
    path = built_real.pdf_path(locale, "a5-booklet")
    reader = PdfReader(path)
    dpi = 144
    px_per_mm = dpi / 25.4
    offset = 13 * MM  # bleed + slug
    for index in range(1, len(reader.pages) - 1):  # not the covers
        image = render_page(path, index, dpi).convert("L")
        top, bottom = int((offset / MM + 25) * px_per_mm), int((offset / MM + 180) * px_per_mm)
        band = image.crop((0, top, image.width, bottom))
        columns = [x for x in range(band.width) if min(band.crop((x, 0, x + 1, band.height)).getdata()) < 250]
        if not columns:
            continue
        recto = (index + 1) % 2 == 1
        spine_left = recto if locale == "de" else not recto
        if locale == "de":  # text starts on the left: its left edge is the margin
            margin = columns[0] / px_per_mm - offset / MM
            expected = 16 if spine_left else 14
        else:  # right-to-left text starts on the right: measure the right margin
            margin = (image.width - 1 - columns[-1]) / px_per_mm - offset / MM
            expected = 14 if spine_left else 16
        assert abs(margin - expected) < 1.5, (index + 1, round(margin, 1))
