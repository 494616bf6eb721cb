"""Print production: the A5 booklet, bleed and crop marks, imposition, copyfit, preflight."""

import dataclasses
import io
import json
import re
import shutil
import unicodedata

import pikepdf
import pytest
from pypdf import PdfReader

from brochure.build import Inputs, Policy, load_inputs, prepare
from brochure.charpolicy import BIDI_MARKS
from brochure.errors import BrochureError
from brochure.layouts import MM
from brochure.render import render_fitted, render_pdf

from conftest import REPO
from pdfread import body_size, render_page, strokes, text_left_and_right

LOCALES = ["en"] + sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))
BLEED = 3 * MM
CREEP = 0.3 * MM  # layouts/a5-booklet.yaml imposition.creep

NO_BIDI_MARKS = dict.fromkeys(map(ord, BIDI_MARKS))


def _box(page, name):
    return [round(float(v), 2) for v in getattr(page, name)]


@pytest.mark.parametrize("locale", LOCALES)
def test_booklet_boxes_bleed_and_page_count(built_real, locale):
    reader = PdfReader(built_real.pdf_path("als-stem-cells", locale, "a5-booklet"))
    assert len(reader.pages) % 4 == 0 and len(reader.pages) <= 16
    for page in reader.pages:
        trim, bleed, media = _box(page, "trimbox"), _box(page, "bleedbox"), _box(page, "mediabox")
        assert round(trim[2] - trim[0], 2) == 419.53 and round(trim[3] - trim[1], 2) == 595.28
        assert [round(b - t, 2) for b, t in zip(bleed, trim)] == [-8.5, -8.5, 8.5, 8.5]
        assert media[0] <= bleed[0] - 10 * MM + 0.01 and media[2] >= bleed[2] + 10 * MM - 0.01
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_letter_and_a4_leaflets_have_their_paper_size(built_real):
    letter = PdfReader(built_real.pdf_path("als-stem-cells", "de", "letter-leaflet")).pages[0]
    assert (round(float(letter.mediabox.width)), round(float(letter.mediabox.height))) == (612, 792)
    a4 = PdfReader(built_real.pdf_path("als-stem-cells", "de", "a4-leaflet")).pages[0]
    assert (round(float(a4.mediabox.width), 2), round(float(a4.mediabox.height), 2)) == (595.28, 841.89)


def _page_texts(path):
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


@pytest.mark.parametrize("locale", ["de", "he", "zh_Hans"])
def test_notes_pages_come_after_the_appendix_and_before_the_back_cover(built_real, locale):
    from brochure.catalogs import read_catalog

    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    notes = po.catalog.get("Notes", context="notes.heading").string
    colophon = po.catalog.get("About this leaflet", context="colophon.heading").string
    texts = _page_texts(built_real.pdf_path("als-stem-cells", locale, "a5-booklet"))
    note_pages = [i for i, t in enumerate(texts) if t.startswith(notes) or t.endswith(notes[::-1])]
    colophon_page = max(i for i, t in enumerate(texts) if colophon.split()[0] in t or colophon.split()[0][::-1] in t)
    references_page = next(i for i, t in enumerate(texts) if "Wijesekera" in t)
    # the colophon follows the references when it fits, else it goes to the back cover: never alone
    last_reference = max(i for i, t in enumerate(texts) if "Boruczkowski" in t)
    assert references_page <= last_reference
    assert colophon_page in (last_reference, len(texts) - 1)
    # every page between the references' end and the back cover is a notes page (3 in de, 1 in he
    # and zh_Hans); it checked only that the notes pages found were contiguous: none found passed
    assert note_pages == list(range(last_reference + 1, len(texts) - 1)), (note_pages, last_reference)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_colophon_never_stands_alone_on_a_page(built_real, locale):
    # a colophon label that appears nowhere else: "Document code" in the locale's words (a
    # booklet's back cover names the document code too, at its foot or as the colophon itself)
    marker = "About this leaflet" if locale == "en" else _label(locale, "colophon.document-code")
    for layout in built_real.layouts():
        texts = _page_texts(built_real.pdf_path("als-stem-cells", locale, layout))
        pages = [i for i, t in enumerate(texts) if marker in t]
        last_reference = max(i for i, t in enumerate(texts) if "Boruczkowski" in t)
        if layout == "a5-booklet":
            back = len(texts) - 1
            assert "ANOVA-PI-ALS" in texts[back]
            inside = [page for page in pages if page != back]
            assert inside in ([], [last_reference]), (layout, pages, last_reference)  # after the references, or on the back
        else:
            assert pages == [last_reference], (layout, pages, last_reference)


def _side_labels(path, side):
    """Text found left and right of the fold on one imposed side, where pdfium places it
    (through the Form XObjects' matrices)."""
    fold = float(PdfReader(path).pages[side].mediabox.width) / 2
    return text_left_and_right(path, side, fold)


def test_imposition_is_in_saddle_stitch_order(built_real):
    path = built_real.imposed_path("als-stem-cells", "de", "a5-booklet")
    pages = len(PdfReader(built_real.pdf_path("als-stem-cells", "de", "a5-booklet")).pages)
    imposed = PdfReader(path)
    assert len(imposed.pages) == pages // 2
    # a spread of two trimmed A5 pages with 3 mm bleed and a 10 mm slug all round: 322 × 236 mm
    assert [round(float(v) / MM) for v in imposed.pages[0].mediabox[2:]] == [322, 236]
    assert [round(float(v) / MM, 1) for v in imposed.pages[0].trimbox] == [13, 13, 309, 223]
    left, right = _side_labels(path, 1)  # back of sheet 1: 2 | n-1
    assert f"Seite 2 von {pages}" in left and f"Seite {pages - 1} von {pages}" in right
    left, right = _side_labels(path, 2)  # front of sheet 2: n-2 | 3
    assert f"Seite {pages - 2} von {pages}" in left and f"Seite 3 von {pages}" in right


@pytest.mark.parametrize("locale", ["de", "ar", "zh_Hans"])
def test_every_imposed_page_keeps_its_bleed_and_every_side_has_marks(built_real, locale):
    """Read from the sides' content: each page is a form clipped to its trim plus 3 mm on the
    three outer edges (up to the fold at the spine), and the marks stand at every trim corner and
    at the fold, in registration colour outside the bleed."""
    from pypdf.generic import ContentStream

    path = built_real.imposed_path("als-stem-cells", locale, "a5-booklet")
    reader = PdfReader(path)
    pages = len(PdfReader(built_real.pdf_path("als-stem-cells", locale, "a5-booklet")).pages)
    placed = []
    for index, side in enumerate(reader.pages):
        x0, y0, x1, y1 = (float(v) for v in side.trimbox)
        fold = (x0 + x1) / 2
        ops = ContentStream(side.get_contents(), reader).operations
        clips = [[float(v) for v in operands] for operands, op in ops if op == b"re"]
        forms = [str(operands[0]) for operands, op in ops if op == b"Do"]
        assert len(clips) == len(forms) == 2
        for (cx, cy, cw, ch), form in zip(clips, forms):
            bbox = [float(v) for v in side["/Resources"]["/XObject"][form].get_object()["/BBox"]]
            assert bbox[2] - bbox[0] == pytest.approx(148 * MM + 2 * BLEED, abs=0.01)  # the page with its bleed
            # creep (0.3 mm in the shipped layout) moves inner pages, and their bleed, towards the spine
            assert 148 * MM + BLEED - CREEP - 0.01 <= cw <= 148 * MM + BLEED + 0.01
            assert ch == pytest.approx(210 * MM + 2 * BLEED, abs=0.01) and cy == pytest.approx(y0 - BLEED, abs=0.01)
            assert x0 - BLEED - 0.01 <= cx <= x0 - BLEED + CREEP + 0.01 or cx == pytest.approx(fold, abs=0.01)
            placed.append(form)
        marks = strokes(path, index)
        assert {colour for colour, _ in marks} == {("/All", 1.0)}  # the registration colour: every plate
        corners = {(x0, y0), (x1, y0), (x0, y1), (x1, y1), (fold, y0), (fold, y1)}
        for cx, cy in corners:  # a mark on the trim line (or the fold) beyond the bleed
            near = [(a, b, c, d) for _, (a, b, c, d) in marks if
                    (abs(a - cx) < 0.01 and abs(c - cx) < 0.01 and min(abs(b - cy), abs(d - cy)) > BLEED) or
                    (abs(b - cy) < 0.01 and abs(d - cy) < 0.01 and min(abs(a - cx), abs(c - cx)) > BLEED)]
            assert near, (locale, cx, cy)
    assert sorted(placed) == sorted(f"/P{n}" for n in range(1, pages + 1))  # every page, once


def test_right_to_left_booklets_are_imposed_mirrored(built_real):
    path = built_real.imposed_path("als-stem-cells", "he", "a5-booklet")
    pages = len(PdfReader(built_real.pdf_path("als-stem-cells", "he", "a5-booklet")).pages)
    left, right = _side_labels(path, 1)  # back of sheet 1 of a book bound on the right: n-1 | 2

    def page_number(text):  # the footer "עמוד 2 מתוך 8", in logical or (pdfium) visual word order
        text = " ".join(text.translate(NO_BIDI_MARKS).split())  # the engine's RLMs (README, "The text layer")
        found = re.findall(r"עמוד (\d+) מתוך (\d+)", text)
        found += [(page, total) for total, page in re.findall(r"(\d+) מתוך (\d+) עמוד", text)]
        return [int(page) for page, total in found if int(total) == pages]

    assert page_number(left) == [pages - 1] and page_number(right) == [2]


def test_cover_band_bleeds_and_crop_marks_sit_outside_the_bleed(built_real):
    dpi = 144
    image = render_page(built_real.pdf_path("als-stem-cells", "en", "a5-booklet"), 0, dpi)
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


def test_crop_marks_of_the_booklet_pages_are_in_the_registration_colour(real_project):
    """Every stroke outside the trim (the crop marks) is drawn in the Separation /All, which prints
    on every plate; they were DeviceCMYK 100/100/100/100."""
    inputs = load_inputs(real_project, ["consultation"], ["a5-booklet"])
    edition, fonts, script = prepare(inputs, "consultation", "en", Policy())
    rendered = render_pdf(edition, inputs.layouts["a5-booklet"], fonts, script, tag=False)
    x0, y0, x1, y1 = (float(v) for v in PdfReader(io.BytesIO(rendered.pdf)).pages[1].trimbox)
    marks = [colour for colour, (a, b, c, d) in strokes(rendered.pdf, 1)
             if c <= x0 or a >= x1 or d <= y0 or b >= y1]
    assert marks == [("/All", 1.0)] * 8


@pytest.mark.parametrize("locale, layout", [("de", "a4-leaflet"), ("ar", "a5-booklet"), ("zh_Hans", "a5-booklet")])
def test_pdffonts_lists_every_font_embedded_with_an_object_and_a_tounicode(built_real, locale, layout):
    """What a print shop's first look shows: no xref error, every font embedded, subset,
    with a ToUnicode map and an object number (a direct font dictionary has none)."""
    import subprocess

    run = subprocess.run(["pdffonts", str(built_real.pdf_path("als-stem-cells", locale, layout))], capture_output=True, text=True)
    assert run.returncode == 0 and "Error" not in run.stderr, run.stderr
    rows = [line.split() for line in run.stdout.splitlines()[2:]]
    assert rows
    for row in rows:
        assert row[-5:-2] == ["yes", "yes", "yes"] and row[-2].isdigit(), row  # emb sub uni, object ID


def test_preflight_in_a_pool_reports_what_one_process_reports(built_real, tmp_path, capsys):
    from brochure.cli import main

    reports = []
    for jobs in ("1", "2"):
        (built_real.output_dir / ".preflight-cache.json").unlink(missing_ok=True)  # check, do not recall
        target = tmp_path / f"preflight-{jobs}.json"
        assert main(["--project", str(built_real.root), "preflight", "--locale", "de", "ur", "--layout",
                     "a4-leaflet", "a5-booklet", "-j", jobs, "--json", str(target)]) == 0
        lines = capsys.readouterr().out.splitlines()[:-1]  # the last names the report file
        reports.append((lines, json.loads(target.read_text(encoding="utf-8"))))
    (one_out, one), (pool_out, pool) = reports
    assert pool == one and pool_out == one_out  # the same findings, in the same order
    assert len(one["files"]) == 2 * 2 * 3  # 2 documents × 2 locales × (leaflet, booklet, imposed sides)


def test_preflight_passes_on_every_shipped_output(built_real, capsys):
    from brochure.cli import main

    assert main(["--project", str(built_real.root), "preflight"]) == 0
    out = capsys.readouterr().out
    docs = ("als-stem-cells", "consultation")  # both shipped documents, in every shipped locale
    outputs = len(docs) * len(LOCALES) * (len(built_real.layouts()) + 1)  # every layout and the imposed booklet
    assert out.count(": fonts: ok") == outputs
    assert out.count(": body-size: ok: body text ") == outputs
    assert out.count(": font-widths: ok: ") == outputs  # /W is the embedded programs' advances, every script
    assert (built_real.output_dir / "preflight.json").exists()
    for doc in docs:
        for locale in LOCALES:  # the booklet and its imposed sides are PDF/X-4, clause by clause
            for name in ("a5-booklet.pdf", "a5-booklet-imposed.pdf"):
                shown = f"output/{doc}/{locale}/{name}"
                assert f"{shown}: pdfx-version: ok: PDF 1.6, PDF/X-4 in Info and XMP" in out
                for clause in ("pdfx-xmp", "pdfx-trapped", "pdfx-output-intent", "pdfx-file-id", "pdfx-forbidden",
                               "text-colour", "thin-rules", "rich-black", "boxes", "colour", "fonts"):
                    assert f"{shown}: {clause}: ok" in out
                # flat CMYK: bounded by the colours painted, not rendered (preflight.ink._painted_ink)
                assert re.search(rf"{shown}: ink-coverage: ok: total ink at most \d+ % \(limit 300 %\)", out)
                assert f"{shown}: crop-marks: ok: crop marks at the four trim corners of " in out
            # the sides place the booklet's pages in saddle-stitch order, mirrored for right-to-left languages
            reading = "right-to-left" if locale in ("ar", "fa", "he", "ur") else "left-to-right"
            assert re.search(rf"output/{doc}/{locale}/a5-booklet-imposed.pdf: imposition: ok: \d+ sides: the "
                             rf"booklet's \d+ pages in saddle-stitch order .*\), {reading}, bound on the", out)
            for name in ("a4-leaflet.pdf", "letter-leaflet.pdf"):
                assert f"output/{doc}/{locale}/{name}: safe-zone: ok: nothing printed within 5 mm" in out


def _text_fills(reader, page, resources=None, state=None, seen=frozenset()):
    """(font, size, fill operator and operands, overprint) for every text-showing operator
    (Tj, TJ, ', \") on a page, following q/Q, gs and Form XObjects: read from the content stream."""
    from pypdf.generic import ContentStream

    resources = page["/Resources"].get_object() if resources is None else resources
    state = dict(fill=None, op=False, opm=0, font="", size=0.0) if state is None else dict(state)
    stack, out = [], []
    stream = ContentStream(page.get_contents() if hasattr(page, "get_contents") else page, reader)
    for operands, op in stream.operations:
        if op == b"q":
            stack.append(dict(state))
        elif op == b"Q":
            state = stack.pop()
        elif op in (b"k", b"g", b"rg", b"sc", b"scn"):
            state["fill"] = (op.decode(), tuple(float(v) for v in operands if not isinstance(v, str)))
        elif op == b"gs":
            gstate = resources["/ExtGState"][operands[0]].get_object()
            if "/op" in gstate or "/OP" in gstate:
                state["op"] = gstate.get("/op", gstate.get("/OP")) == True  # noqa: E712 (pypdf BooleanObject)
            state["opm"] = int(gstate.get("/OPM", state["opm"]))
        elif op == b"Tf":
            state["font"] = str(resources["/Font"][operands[0]].get_object()["/BaseFont"])
            state["size"] = float(operands[1])
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            out.append((state["font"], state["size"], state["fill"], state["op"] and state["opm"] == 1))
        elif op == b"Do":
            form = resources["/XObject"][operands[0]].get_object()
            if form.get("/Subtype") == "/Form" and id(form) not in seen:
                out += _text_fills(reader, form, form.get("/Resources", resources).get_object(), state,
                                   seen | {id(form)})
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_body_text_is_solid_black_overprinted(built_real, locale):
    """Every text-showing operator in a regular face (the body text, references, footers, colophon)
    is preceded by a fill of exactly 0 0 0 1 k with overprint on; bold text is that black too, or
    ≥ 10 pt (headings in the accent colour, reversed titles on the band)."""
    for layout in built_real.layouts():
        reader = PdfReader(built_real.pdf_path("als-stem-cells", locale, layout))
        shows = [show for page in reader.pages for show in _text_fills(reader, page)]
        regular = [s for s in shows if "Bold" not in s[0]]
        assert len(regular) > 100  # about one per printed line
        wrong = [s for s in regular if s[2] != ("k", (0.0, 0.0, 0.0, 1.0)) or not s[3]]
        assert wrong == [], (layout, wrong[:3])
        bold = [s for s in shows if "Bold" in s[0]]
        assert [s for s in bold if not (s[2] == ("k", (0.0, 0.0, 0.0, 1.0)) and s[3]) and s[1] < 10] == []


def test_preflight_fails_on_a_broken_file(built_real, capsys):
    from brochure.cli import main

    target = built_real.pdf_path("als-stem-cells", "de", "a5-booklet")
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
    return load_inputs(real_project, ["als-stem-cells"], ["a5-booklet"])


@pytest.mark.parametrize("height, chosen, looser, pages", [
    (210, "12/16.8", "12.5/17.5", 6),  # the first step is not enough, the second is
    (220, "12.5/17.5", "13/18.2", 6),  # the first step is enough
])
def test_copyfit_tightens_the_body_to_the_first_step_that_meets_the_budget(real_project, capsys, height, chosen,
                                                                            looser, pages):
    """tests/fixtures/copyfit/a5-tight.yaml, 210 mm high: the English article takes 7 pages
    at the layout's 13/18.2 pt and at the first step (12.5/17.5 pt), 6 at the second
    (12/16.8 pt); the budget is 6. The same layout without copyfit at the type one step
    looser than the one chosen fails the budget: that is what makes each step necessary."""
    from brochure.cli import main

    fixture = (REPO / "tests" / "fixtures" / "copyfit" / "a5-tight.yaml").read_text(encoding="utf-8")
    fixture = fixture.replace("height: 210", f"height: {height}")
    layouts = real_project.root / "layouts"
    (layouts / "a5-tight.yaml").write_text(fixture, encoding="utf-8")
    size, leading = looser.split("/")
    without = fixture[:fixture.index("copyfit:")].replace(
        "body: {size: 13, leading: 18.2}", f"body: {{size: {size}, leading: {leading}}}")
    (layouts / "a5-looser.yaml").write_text(without, encoding="utf-8")
    args = ["--project", str(real_project.root), "build", "--locale", "en", "-j", "1", "--layout"]
    assert main([*args, "a5-tight", "a5-looser"]) == 1
    err = capsys.readouterr().err
    line = next(n for n, each in enumerate(without.splitlines(), 1) if each.strip().startswith("max_pages:"))
    assert (f"layouts/a5-looser.yaml:{line}: page.max_pages: source/als-stem-cells.md sets 7 pages, over the "
            f"budget of 6 even at {looser} pt") in err
    pdf = real_project.pdf_path("als-stem-cells", "en", "a5-tight")
    assert len(PdfReader(pdf).pages) == pages
    assert body_size(pdf) == float(chosen.split("/")[0])


def test_copyfit_tightens_the_body_to_meet_the_budget_but_never_below_the_class_minimum(inputs):
    edition, fonts, script = prepare(inputs, "als-stem-cells", "es", Policy())
    layout = inputs.layouts["a5-booklet"]
    untightened = render_fitted(edition, dataclasses.replace(layout, copyfit=None), fonts, script)
    assert untightened.pages > 8  # at its own 12 pt the Spanish booklet needs 12 pages
    budget = dataclasses.replace(layout, page=dataclasses.replace(layout.page, max_pages=8))
    fitted = render_fitted(edition, budget, fonts, script)
    assert fitted.pages <= 8
    body = fitted.layout.type.body
    assert 11 <= body.size < layout.type.body.size  # tightened, but not below the booklet's 11 pt
    assert body.leading >= 1.4 * body.size - 0.01


@pytest.mark.parametrize("locale", ["de", "ja", "ar"])
def test_a_draft_sets_the_pages_the_drawn_pdf_prints(real_project, locale):
    """Copyfit, padding and the page-depth search read drafts, laid out but neither drawn nor
    written (``render_pdf(draft=True)``); only the layout they chose is drawn. A draft with the
    feet the search chose sets what the drawn PDF prints: its pages, every column's foot, the
    article's end and the colophon's place."""
    leaflet = load_inputs(real_project, ["als-stem-cells"], ["a4-leaflet"])
    edition, fonts, script = prepare(leaflet, "als-stem-cells", locale, Policy())
    layout = leaflet.layouts["a4-leaflet"]
    fitted = render_fitted(edition, layout, fonts, script)
    assert fitted.feet  # the search raised some columns' feet: the case worth comparing
    args = dict(notes=fitted.notes, colophon_on_back=fitted.colophon_on_back, feet=dict(fitted.feet), tag=False)
    draft = render_pdf(edition, layout, fonts, script, draft=True, **args)
    drawn = render_pdf(edition, layout, fonts, script, **args)
    assert draft.pdf == b"" and len(PdfReader(io.BytesIO(drawn.pdf)).pages) == drawn.pages
    assert (draft.pages, draft.flow, draft.body_end, draft.colophon_alone) == \
        (drawn.pages, drawn.flow, drawn.body_end, drawn.colophon_alone)


def test_a_tagged_pdf_has_its_streams_compressed_once(real_project, monkeypatch):
    """ReportLab hands the PDF it draws to tagging with its streams uncompressed: pikepdf (qpdf)
    compresses every stream as it writes the tagged file, and decoded ReportLab's zlib (over
    ASCII85) only to compress the same bytes again. The tagged file's streams are Flate alone."""
    import brochure.structure as structure

    handed = []
    original = structure.write_structure
    monkeypatch.setattr(structure, "write_structure", lambda pdf, *args, **kwargs: handed.append(pdf) or
                        original(pdf, *args, **kwargs))
    leaflet = load_inputs(real_project, ["als-stem-cells"], ["a4-leaflet"])
    edition, fonts, script = prepare(leaflet, "als-stem-cells", "de", Policy())
    tagged = render_pdf(edition, leaflet.layouts["a4-leaflet"], fonts, script)
    assert len(handed) == 1 and b"/FlateDecode" not in handed[0] and b"/ASCII85Decode" not in handed[0]
    with pikepdf.open(io.BytesIO(tagged.pdf)) as pdf:
        filters = {str(obj.get("/Filter")) for obj in pdf.objects
                   if isinstance(obj, pikepdf.Stream) and obj.get("/Type") != pikepdf.Name.Metadata}
    assert filters == {"/FlateDecode"}


def _leaflet(real_project, doc: str, locale: str):
    inputs = load_inputs(real_project, [doc], ["a4-leaflet"])
    return (*prepare(inputs, doc, locale, Policy()), inputs.layouts["a4-leaflet"])


def test_copyfit_pulls_back_a_last_page_that_holds_only_the_end_of_the_references(real_project):
    """Bengali A4 at the layout's own 13 pt: reference 13 and the colophon alone on page 4 (18 %
    of it, below copyfit.short_page). Copyfit measures the last page of text, not only the
    article's end, and tightens the body (never below 12 pt) until they fit on page 3."""
    from brochure.render import last_fill

    edition, fonts, script, layout = _leaflet(real_project, "als-stem-cells", "bn")
    own = render_fitted(edition, dataclasses.replace(layout, copyfit=None), fonts, script)
    assert own.pages == 4 and last_fill(own.flow[-1]) < layout.copyfit.short_page
    fitted = render_fitted(edition, layout, fonts, script)
    assert fitted.pages == 3 and last_fill(fitted.flow[-1]) > 0.8
    assert layout.copyfit.min_body_size <= fitted.layout.type.body.size < layout.type.body.size


def test_a_last_page_no_type_step_pulls_back_is_filled_from_the_page_before(real_project):
    """The Hebrew consultation sheet: its colophon takes the last two lines onto page 2 at every
    body size from 12 to 14 pt (16-20 % of the page). Page 1's columns then end higher (level,
    their foot raised), so that more of the text runs on: page 2 reaches copyfit.short_page."""
    from brochure.render import last_fill

    edition, fonts, script, layout = _leaflet(real_project, "consultation", "he")
    own = render_fitted(edition, dataclasses.replace(layout, copyfit=None), fonts, script)
    assert own.pages == 2 and last_fill(own.flow[-1]) < layout.copyfit.short_page
    fitted = render_fitted(edition, layout, fonts, script)
    assert fitted.pages == 2 and last_fill(fitted.flow[-1]) >= layout.copyfit.short_page
    first = fitted.flow[0]
    assert first.foot > first.full_foot + 2 * layout.type.body.leading  # page 1 ends higher
    assert abs(first.end[0] - first.end[1]) <= 1.0  # ... its two columns on one baseline


def test_the_colophon_panel_never_splits_between_columns(real_project):
    """The colophon's heading and panel are one block: set into columns too short for it (a
    page-depth trial; here every page from the last on), the layout fails (and the trial is no
    candidate) instead of splitting the panel's rows over two columns, as bn A4 page 4 printed
    them. Short columns on the last page alone move it on whole, to a page more."""
    from reportlab.platypus.doctemplate import LayoutError

    from brochure.render import render_pdf

    edition, fonts, script, layout = _leaflet(real_project, "als-stem-cells", "bn")
    whole = render_pdf(edition, layout, fonts, script, tag=False, draft=True)
    last = whole.flow[-1]
    assert whole.pages == 4
    short = last.top - 4 * layout.type.body.leading
    moved = render_pdf(edition, layout, fonts, script, tag=False, draft=True, feet={last.number: short})
    assert moved.pages == 5
    with pytest.raises(LayoutError):
        render_pdf(edition, layout, fonts, script, tag=False, draft=True,
                   feet={number: short for number in range(last.number, last.number + 10)})


def _over_a_four_page_budget(inputs, locale: str) -> BrochureError:
    """The report of the booklet's ALS article in ``locale`` with a budget of 4 pages."""
    edition, fonts, script = prepare(inputs, "als-stem-cells", locale, Policy())
    layout = inputs.layouts["a5-booklet"]
    tiny = dataclasses.replace(layout, page=dataclasses.replace(layout.page, max_pages=4))
    with pytest.raises(BrochureError) as info:
        render_fitted(edition, tiny, fonts, script)
    return info.value


def _budget_line() -> int:
    text = (REPO / "layouts" / "a5-booklet.yaml").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("max_pages:"))


def test_a_locale_that_cannot_fit_fails_with_a_report(inputs):
    """The error is placed at the layout's page.max_pages, the line to edit (a translation runs longer
    than its source and is not cut to fit a budget); it named only the .po, with no line, and the
    layout by its name. The .po is named in the message, with its longest translations' lines."""
    error = _over_a_four_page_budget(inputs, "de")
    assert (error.path, error.line) == ("layouts/a5-booklet.yaml", _budget_line())
    message = str(error)
    assert message.startswith(f"layouts/a5-booklet.yaml:{_budget_line()}: page.max_pages: "
                              "locales/de/LC_MESSAGES/als-stem-cells.po sets ")
    assert "pages, over the budget of 4 even at 11/15.4 pt" in message
    assert "lines too many, from page 5" in message
    assert "its longest translations relative to the source: line " in message


def test_the_source_that_cannot_fit_names_no_translations(inputs):
    # the source has no translations: its report listed three of its own lines "(100% of the source)"
    error = _over_a_four_page_budget(inputs, "en")
    assert (error.path, error.line) == ("layouts/a5-booklet.yaml", _budget_line())
    message = str(error)
    assert message.startswith(f"layouts/a5-booklet.yaml:{_budget_line()}: page.max_pages: "
                              "source/als-stem-cells.md sets ")
    assert "translations" not in message and "% of the source" not in message
    assert message.endswith("the source text itself is longer than the budget allows")


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_booklet_text_keeps_the_wider_margin_at_the_spine_on_every_page(built_real, locale):
    """Pages alternate sides: the text block's binding margin (16 mm) is on the left of
    right-hand pages of a left-bound book, and mirrored for a right-bound one. Measured on
    the page image: where the ink of the text area (text, panels, rules) starts on its start side."""
    path = built_real.pdf_path("als-stem-cells", locale, "a5-booklet")
    reader = PdfReader(path)
    dpi = 144
    px_per_mm = dpi / 25.4
    offset = 13 * MM  # bleed + slug
    for index in range(1, len(reader.pages) - 1):  # not the covers
        image = render_page(path, index, dpi).convert("L")
        top, bottom = int((offset / MM + 25) * px_per_mm), int((offset / MM + 180) * px_per_mm)
        band = image.crop((0, top, image.width, bottom))
        columns = [x for x in range(band.width) if min(band.crop((x, 0, x + 1, band.height)).tobytes()) < 250]
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


def _decode_qr(image) -> str:
    import cv2
    import numpy

    grey = cv2.cvtColor(numpy.array(image), cv2.COLOR_RGB2GRAY)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(grey)
    return text


def test_covers_carry_the_logo_the_short_url_and_a_qr_code_that_reads_back(real_project, capsys):
    from brochure.cli import main

    from conftest import FIXTURES

    source = real_project.source_path("als-stem-cells")
    (source.parent / "logo.svg").write_bytes((FIXTURES / "logo.svg").read_bytes())
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("language: en\n", "language: en\nlogo: logo.svg\nurl: https://example.org/als\n", 1),
                      encoding="utf-8")
    root = str(real_project.root)
    assert main(["--project", root, "build", "--locale", "de", "--layout", "a5-booklet"]) == 0
    pdf = real_project.pdf_path("als-stem-cells", "de", "a5-booklet")
    texts = _page_texts(pdf)
    assert "example.org/als" in texts[0] and "example.org/als" in texts[-1]  # printed, without https://
    cover, back = render_page(pdf, 0, 200), render_page(pdf, len(texts) - 1, 200)
    assert _decode_qr(cover) == "https://example.org/als"
    assert _decode_qr(back) == "https://example.org/als"
    # the logo's red circle, in CMYK now, on the white strip at the foot of the cover
    width, height = cover.size
    foot = cover.crop((0, int(height * 0.62), width, height))
    data = foot.tobytes()
    reds = sum(1 for i in range(0, len(data), 3) if data[i] > 180 and data[i + 1] < 90 and data[i + 2] < 90)
    assert reds > 500
    assert main(["--project", root, "preflight", "--locale", "de", "--layout", "a5-booklet"]) == 0


def _logo_pdf(path, fill: str):
    """A 40 × 20 mm logo page holding a solid 20 mm square filled by ``fill`` (content operators)."""
    import pikepdf

    logo = pikepdf.Pdf.new()
    logo.add_blank_page(page_size=(40 * MM, 20 * MM))
    logo.pages[0].Contents = logo.make_stream(f"{fill} 0 0 {20 * MM:.2f} {20 * MM:.2f} re f".encode())
    logo.save(path)


@pytest.mark.parametrize("rgb", [False, True])
def test_a_pdf_logo_is_placed_on_the_cover_and_an_rgb_one_is_refused_by_preflight(real_project, rgb, capsys):
    from brochure.cli import main

    source = real_project.source_path("als-stem-cells")
    _logo_pdf(source.parent / "logo.pdf", "0.9 0.1 0.1 rg" if rgb else "0 1 1 0 k")
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("language: en\n", "language: en\nlogo: logo.pdf\n", 1), encoding="utf-8")
    root = str(real_project.root)
    assert main(["--project", root, "build", "--locale", "de", "--layout", "a5-booklet"]) == 0
    cover = render_page(real_project.pdf_path("als-stem-cells", "de", "a5-booklet"), 0, 100)
    width, height = cover.size
    data = cover.crop((0, int(height * 0.62), width, height)).tobytes()
    reds = sum(1 for i in range(0, len(data), 3) if data[i] > 180 and data[i + 1] < 90 and data[i + 2] < 90)
    assert reds > 300  # the logo's square, on the white strip at the cover's foot
    status = main(["--project", root, "preflight", "--locale", "de", "--layout", "a5-booklet"])
    out = capsys.readouterr().out
    assert status == (1 if rgb else 0), [line for line in out.splitlines() if ": ok:" not in line]
    assert ("a5-booklet.pdf: colour: error" in out) == rgb



def test_a_pdf_logo_is_placed_the_same_way_every_time(tmp_path):
    """The same page and logo give the same bytes: pikepdf named the logo's resource at random
    (``Name.random``) and qpdf wrote a new file /ID each time, so a document with a PDF logo never
    built the same file twice (the build's cache and a print shop's compare saw a new file)."""
    from reportlab.pdfgen.canvas import Canvas

    from brochure.pages import place_pdf_logo

    _logo_pdf(tmp_path / "logo.pdf", "0 1 1 0 k")
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(100 * MM, 100 * MM), invariant=1)
    canvas.drawString(10, 10, "cover")
    canvas.save()
    placed = [place_pdf_logo(out.getvalue(), str(tmp_path / "logo.pdf"), 0, (10, 10, 50, 30)) for _ in range(2)]
    assert placed[0] == placed[1]
    with pikepdf.open(io.BytesIO(placed[0])) as pdf:
        assert "/Logo" in pdf.pages[0].Resources.XObject

def _label(locale: str, context: str) -> str:
    from brochure.catalogs import read_catalog

    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    return next(m.string for m in po.catalog if m.context == context)


@pytest.mark.parametrize("locale", ["de", "ur"])
def test_the_footer_rule_clears_the_footer_text(built_real, locale):
    """Nastaliq's 1.8 × leading made the Urdu footer taller than the rule's usual height: the
    rule ran through "صفحہ 1 از 5". Every glyph of the footer must lie below the rule."""
    import pypdfium2 as pdfium
    from pypdf.generic import ContentStream

    path = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
    page = PdfReader(path).pages[0]
    ops = ContentStream(page.get_contents(), page.pdf).operations
    rules = [float(ops[i][0][1]) for i in range(len(ops) - 1)
             if ops[i][1] == b"m" and ops[i + 1][1] == b"l" and ops[i][0][1] == ops[i + 1][0][1]]
    rule = min(rules)  # the lowest horizontal line on the page: the footer's
    doc = pdfium.PdfDocument(str(path))
    try:
        text = doc[0].get_textpage()
        tops = [text.get_charbox(i)[3] for i in range(text.count_chars())
                if text.get_charbox(i)[1] < rule and text.get_text_range(i, 1).strip()]
    finally:
        doc.close()
    assert tops and max(tops) < rule, (rule, max(tops, default=None))


@pytest.mark.parametrize("where, embedded", [("outside", False), ("beside", True)])
def test_an_svg_logo_draws_images_from_its_own_folder_only(mini_project, where, embedded):
    """An SVG logo may place an image beside it; "../../secret.png" put a file from outside the
    project (anything the build could read) into the published booklet as an RGB image."""
    from PIL import Image

    from brochure.cli import main

    root = mini_project.root
    shutil.copy(REPO / "layouts" / "a5-booklet.yaml", root / "layouts")
    shutil.copytree(REPO / "layouts" / "icc", root / "layouts" / "icc")
    image = root.parent / "secret.png" if where == "outside" else root / "source" / "mark.png"
    Image.new("RGB", (4, 4), (1, 2, 3)).save(image)
    href = "../../secret.png" if where == "outside" else "mark.png"
    (root / "source" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60">'
        f'<circle cx="30" cy="30" r="26" fill="#d62828"/><image width="60" height="60" xlink:href="{href}"/></svg>',
        encoding="utf-8")
    source = root / "source" / "mini.md"
    source.write_text(source.read_text(encoding="utf-8").replace("language: en\n", "language: en\nlogo: logo.svg\n", 1),
                      encoding="utf-8")
    assert main(["--project", str(root), "build", "--locale", "en", "--layout", "a5-booklet", "-j", "1"]) == 0
    with pikepdf.open(mini_project.pdf_path("mini", "en", "a5-booklet")) as pdf:
        images = [op for op in pikepdf.parse_content_stream(pdf.pages[0])
                  if isinstance(op, pikepdf.ContentStreamInlineImage)]
    assert len(images) == (1 if embedded else 0)
