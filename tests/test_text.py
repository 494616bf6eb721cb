"""The one text engine (brochure/text): bidi order, number safety, line-break rules,
hyphenation limits and the text layer, checked on the layout results without a canvas."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from bidi.algorithm import MIRRORED

from brochure import markup
from brochure.charpolicy import BIDI_MARKS
from brochure.catalogs import read_catalog
from brochure.fonts import load_config, resolve
from brochure.render import Styles
from brochure.layouts import Layout
from brochure.text import TextStyle, lay_out
from brochure.text.breaks import _is_hangul, hyphenation_language, opportunities
from brochure.text.fontfile import face as load_face
from brochure.text.layout import BLANK
from brochure.text.linebreak import HYPHEN, SPACE, ZERO, Gap, break_lines
from brochure.telephone import telephone_numbers
from brochure.text.runs import levels

from conftest import REPO

CJK_CANNOT_START = "！），．：；？］｝、。〉》」』】〕〗〙〟”’…‥｠·・"
CJK_CANNOT_END = "（［｛〈《「『【〔〖〘〝“‘"
NO_BIDI_MARKS = dict.fromkeys(map(ord, BIDI_MARKS))  # the engine's marks (layout._close_left_to_right)
BIDI_CONTROLS = re.compile("[\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u00ad]")
SHIPPED = sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir())


def style_for(locale: str, align: str = "justify", size: float = 10.0, **changes) -> TextStyle:
    config = load_config(REPO / "fonts")
    fonts, script = resolve(config, REPO / "fonts", locale)
    files = tuple((name, str(path)) for name, path in fonts.files.items())
    return TextStyle(files, size, size * 1.4, align=align, base="R" if script.direction == "rtl" else "L",
                     locale=locale, line_break=script.line_break,
                     hyphenate=hyphenation_language(locale) if script.hyphenate else None, **changes)


def messages(locale: str):
    """(msgid, text) of every printed message of the locale; English: the source."""
    po = read_catalog(REPO / "locales" / ("de" if locale == "en" else locale) / "LC_MESSAGES" / "als-stem-cells.po")
    return [(m.id, m.id if locale == "en" else m.string) for m in po.catalog
            if m.id and m.string and "{" not in m.string]


def visual(line) -> list:
    """The line's glyphs as they sit on the page, left to right; not the space the line was
    broken at, which it carries invisibly in the margin (its first glyph in logical order)."""
    glyphs = line.glyphs[1:] if line.glyphs and line.glyphs[0].text == " " else line.glyphs
    return sorted(glyphs, key=lambda g: g.x)


def copied(laid) -> str:
    return "".join(line.copied_text() for line in laid.lines)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", text)))




# ---------------------------------------------------------------- text layer
@pytest.mark.parametrize("locale", SHIPPED)
def test_every_glyph_carries_its_text_in_logical_order_nothing_lost_or_doubled(locale):
    style = style_for(locale)
    for msgid, text in messages(locale):
        plain = markup.plain(text)
        for width in (120, 230, 330):
            laid = lay_out(text, style, width)
            assert squash(copied(laid)) == squash(plain), (locale, width, msgid[:40])
            for line in laid.lines:
                layer = line.copied_text()
                assert not re.search("[\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufeff]", layer), layer  # no PUA, no presentation forms


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_lines_copy_out_as_the_paragraph_each_break_space_once(locale):
    """Joined, the lines' text is the paragraph's, space for space: a line broken at a space
    starts with that space (an invisible glyph that carries it: the line end copies out as a
    word break even where an extractor sees no line end, as pypdf at a page turn), one broken
    after a hyphen or between CJK characters or at a soft hyphen gets none (U+00AD, the
    added hyphen, is the only extra)."""
    style = style_for(locale)
    carried = 0
    for msgid, text in messages(locale):
        plain = markup.plain(text).strip().translate(NO_BIDI_MARKS)
        for width in (120, 230):
            lines = lay_out(text, style, width).lines
            joined = "".join(line.copied_text() for line in lines).replace("\u00ad", "")
            assert joined.translate(NO_BIDI_MARKS) == plain, (locale, width, msgid[:40])
            for line in lines[1:]:
                first = line.glyphs[0]
                if first.text == " ":
                    carried += 1
                    assert first.gid == load_face(first.font).glyph(" ")  # blank: draws nothing
    assert carried > 20 or locale in ("ja", "zh_Hans", "th"), carried


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_glyph_carries_some_text_and_a_right_to_left_one_a_single_character(locale):
    """A glyph without text is a gap to pdftotext (a space inside a Devanagari word) and its
    code to pdfium (unavoidable only where a cluster has more glyphs than characters); a right-to-left glyph with two characters comes out reversed from one
    of pdftotext and pypdf (README, "The text layer")."""
    from collections import defaultdict

    style = style_for(locale)
    shared = 0
    for msgid, text in messages(locale):
        for line in lay_out(text, style, 230).lines:
            clusters = defaultdict(list)
            for g in line.glyphs:
                clusters[(g.run, g.cluster)].append(g)
                assert not g.rtl or len(g.text) <= 1, (msgid[:40], g.text)
            for glyphs in clusters.values():
                # only a cluster of more glyphs than characters (a Bengali two-part vowel, a
                # Nastaliq letter drawn in pieces) has glyphs left without text
                if any(not g.text for g in glyphs):
                    assert len(glyphs) > sum(len(g.text) for g in glyphs), (msgid[:40], line.text)
            shared += sum(1 for a, b in zip(line.glyphs, line.glyphs[1:]) if a.cluster == b.cluster >= 0)
    assert locale not in ("ar", "hi") or shared > 50  # clusters of several glyphs were there to share


@pytest.mark.parametrize("locale", SHIPPED)
def test_a_cluster_whose_glyphs_cannot_carry_its_text_is_written_with_actual_text(locale):
    """A glyph without text was a gap to pdftotext and a stray code point to pdfium ("রো" as
    three glyphs, Tamil "ொ", Thai "ำ", Nastaliq letters in pieces); a Thai tone mark set right
    of the next letter's start was read after it ("ร้า" as "รา้"); poppler took a Thai tone mark
    over an upper vowel for duplicated text ("ขึ้น" as "ข้น" / "ึ"). Such a cluster (a right-to-left
    word) is one text operation whose /ActualText is its text, with a space next to it (the
    break space, a word space after it: layout._spanned); everything else carries its text
    glyph by glyph, as before."""
    style = style_for(locale)
    spans = 0
    for msgid, text in messages(locale):
        for line in lay_out(text, style, 230).lines:
            for seg in line.segments:
                texts = [item[1] for item in seg.items if type(item) is tuple]
                if seg.actual is None:
                    assert all(texts), (msgid[:40], line.text)
                    continue
                spans += 1
                if seg.rtl:  # written as the extractors read it: left to right (README, "The text layer")
                    assert sorted(seg.actual) == sorted("".join(texts)) and seg.actual in squash(line.text)[::-1]
                else:
                    assert seg.actual == "".join(texts) and seg.actual in line.copied_text(), (msgid[:40], seg.actual)
    assert spans > 20 or locale not in ("bn", "pa", "ta", "th", "ur"), spans


@pytest.mark.parametrize("locale", ["th", "de", "bn"])
def test_a_thai_line_broken_at_a_space_carries_it_in_its_actual_text(locale):
    """poppler (pdftotext) reads no space glyph, only a space inside an /ActualText: a Thai
    line broken at a space (Thai writes none between words) starts with one that holds the
    break space and its first cluster, so that every extractor tells a line end at a space
    from one between two words (tests/test_textlayer.py joins those). Nothing else starts so:
    a line broken between Thai words, or a line of a script that spaces its words (there a
    line end reads as a space anyway). No operation is a space alone (pdfium skips it)."""
    style = style_for(locale, size=13)
    at_space = between_words = 0
    for msgid, text in messages(locale):
        plain = markup.plain(text).strip()
        for line in lay_out(text, style, 230).lines[1:]:
            first = line.segments[0]
            spaced = plain[line.start - 1] == " "
            thai = "\u0e00" <= plain[line.start] <= "\u0e7f"
            assert (first.items[0][1] == " ") == spaced, (msgid[:40], line.text)
            assert (first.actual or "").startswith(" ") == (spaced and thai), (msgid[:40], line.text)
            if thai:
                at_space += spaced
                between_words += not spaced
            shown = [[i[1] for i in seg.items if type(i) is tuple] for seg in line.segments]
            assert locale != "th" or all("".join(texts).strip() for texts in shown), (msgid[:40], line.text)
    assert locale != "th" or (at_space > 10 and between_words > 10), (at_space, between_words)


def test_a_thai_tone_mark_over_an_upper_vowel_is_written_with_its_cluster_and_the_space_after_it():
    """The tone mark starts where the vowel starts: poppler took it for duplicated text ("ขึ้น"
    as "ข้น" / "ึ", a space read after "นี้"); a space alone in an operation pdfium skips."""
    line = lay_out("ดีขึ้น โรคนี้ ยัง", style_for("th", align="start", size=13), 500).lines[0]
    assert [seg.actual for seg in line.segments if seg.actual] == ["ขึ้", "นี้ ", "ยั"]  # ยั: the mark sits right of ง


@pytest.mark.parametrize("locale", ["ur", "ar", "th"])
def test_a_glyph_off_the_baseline_is_written_on_it_with_its_offset_for_the_font(locale):
    """A mark set by the font's anchors, a letter of a Nastaliq cascade: drawn with a text rise,
    each change of height ended the text operation (an Urdu word was several, at several
    heights: poppler split the lines by height, pdfium read a span once per operation). Every
    glyph is written on the baseline; one with an offset is a (glyph, text, width, dy) item, dy
    in font units, which the embedded subset draws moved by dy (pdffont, fontfile)."""
    style = style_for(locale)
    raised = 0
    for msgid, text in messages(locale):
        for line in lay_out(text, style, 230).lines:
            upem = {g.font: load_face(g.font).upem for g in line.glyphs}
            wanted = sorted((g.gid, round(g.dy * upem[g.font] / style.size)) for g in line.glyphs if g.dy)
            items = [i for seg in line.segments for i in seg.items if type(i) is tuple]
            assert all(len(i) in (2, 3, 4) and type(i[0]) is int for i in items), msgid[:40]  # no text rise
            assert sorted((i[0], i[3]) for i in items if len(i) == 4) == wanted, (msgid[:40], line.text)
            raised += len(wanted)
            if locale == "ur":  # a right-to-left word (one shaped run) is one text operation
                runs = [g.run for g in line.glyphs if g.rtl and g.text and unicodedata.bidirectional(g.text) == "AL"]
                assert len({(seg.items, seg.x) for seg in line.segments if seg.rtl and seg.actual}) <= len(set(runs))
    assert raised > {"ur": 1000, "ar": 20, "th": 20}[locale], raised


def _pdf_of(locale: str, *lines: str) -> bytes:
    """``lines`` set one paragraph each by the engine on a page of their own (no document template)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from brochure.text.flowable import TextBlock

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(600, 100 + 40 * len(lines)), invariant=1)
    for n, line in enumerate(lines):
        block = TextBlock(line, style_for(locale, align="start", size=12))
        block.wrapOn(canvas, 500, 100)
        block.drawOn(canvas, 50, 40 * (len(lines) - n))
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_the_embedded_subset_draws_a_raised_glyph_as_its_original_moved_by_the_offset():
    """The glyphs a document draws off the baseline are composites in the subset: one component,
    the original glyph, moved by the offset and nothing else (same outline, same side bearing;
    the advance is the width /W declares, which the next test checks), so the page is the same
    drawing; the content stream has no text rise left."""
    import io

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    text = "ایمیوٹرافک لیٹرل اسکلیروسس (ALS) مرکزی اور محیطی اعصابی نظام کی ایک نہایت سنگین بیماری ہے۔"
    page = PdfReader(io.BytesIO(_pdf_of("ur", text))).pages[0]
    assert b" Ts" not in page.get_contents().get_data()
    checked = 0
    for ref in page["/Resources"]["/Font"].values():
        if not ref.get_object()["/BaseFont"].endswith("+BrochureNastaliq-Regular"):
            continue  # Latin ("ALS") is in its own face
        descendant = ref.get_object()["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        font = TTFont(io.BytesIO(program))
        own = load_face(str(REPO / "fonts" / "BrochureNastaliq-Regular.ttf")).num_glyphs
        glyphs = font.getGlyphSet()
        for gid in range(own, font["maxp"].numGlyphs):
            name = font.getGlyphName(gid)
            glyph = font["glyf"][name]
            if not glyph.isComposite():  # a space or BLANK drawn with a width of its own: empty
                assert glyph.numberOfContours == 0
                continue
            (component,) = glyph.components
            assert component.x == 0 and not hasattr(component, "transform")
            moved, original = BoundsPen(glyphs), BoundsPen(glyphs)
            glyphs[name].draw(moved)
            glyphs[component.glyphName].draw(original)
            x0, y0, x1, y1 = original.bounds
            assert moved.bounds == (x0, y0 + component.y, x1, y1 + component.y)
            assert font["hmtx"][name][1] == font["hmtx"][component.glyphName][1]
            checked += component.y != 0
    assert checked > 20, checked


def _width_disagreements(pdf: bytes) -> list[tuple[str, int, float, float]]:
    """(font, CID, /W width, the embedded program's advance) of every CID the page draws whose
    two widths differ by more than 1/1000 em (ISO 14289-1 7.21.5, as veraPDF tests it: the
    CIDToGIDMap's glyph's hmtx advance against the font dictionary's /W)."""
    import io

    import pikepdf
    from fontTools.ttLib import TTFont

    out = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        drawn: dict[str, set[int]] = {}
        font = None
        for operands, op in pikepdf.parse_content_stream(page):
            if op == pikepdf.Operator("Tf"):
                font = str(operands[0])
            elif op == pikepdf.Operator("TJ"):
                codes = b"".join(bytes(x) for x in operands[0] if isinstance(x, pikepdf.String))
                drawn.setdefault(font, set()).update(int.from_bytes(codes[i:i + 2], "big") for i in range(0, len(codes), 2))
        for name, cids in drawn.items():
            descendant = page.Resources.Font[name].DescendantFonts[0]
            program = TTFont(io.BytesIO(descendant.FontDescriptor.FontFile2.read_bytes()))
            order, scale = program.getGlyphOrder(), 1000 / program["head"].unitsPerEm
            to_gid = descendant.CIDToGIDMap.read_bytes()
            declared, w = {}, list(descendant.W)
            for i in range(0, len(w), 2):  # the engine writes "cid [width]" pairs
                declared[int(w[i])] = float(w[i + 1][0])
            for cid in cids:
                gid = int.from_bytes(to_gid[2 * cid:2 * cid + 2], "big")
                advance = program["hmtx"][order[gid]][0] * scale
                width = declared.get(cid, float(descendant.DW))
                if abs(advance - width) > 1:
                    out.append((str(descendant.BaseFont), cid, width, advance))
    return out


def test_a_font_with_no_codes_left_for_a_document_s_glyphs_is_refused_naming_its_file():
    """A face with 65,535 glyphs (a whole CJK face converted to TrueType) leaves no code above its
    own for a glyph drawn for other text, with another width or off the baseline, and no glyph ID
    for the subset's moved copy: it was an internal error (OverflowError) in the proof; now an
    error naming the font file."""
    import copy

    from brochure.errors import BrochureError
    from brochure.text.pdffont import DocFont

    class Doc:  # what DocFont asks of ReportLab's document before it is written
        def __init__(self):
            self.fontMapping, self.delayedFonts = {}, []

    huge = copy.copy(load_face(str(REPO / "fonts" / "NotoSans-Bold.ttf")))
    huge.num_glyphs = 65535
    a = huge.glyph("a")
    font = DocFont(Doc(), huge)
    assert font.code((a, "a")) == f"{a:04X}"  # its own glyph for its own letter: its glyph ID
    assert font.code((a, "ä")) == "FFFF"  # the last code there is
    with pytest.raises(BrochureError) as info:
        font.code((a, "á"))
    assert info.value.path == str(huge.path) and info.value.line is None
    assert "has 65,535 glyphs" in info.value.message and "more than the 65,535" in info.value.message
    wider = DocFont(Doc(), huge)
    wider.code((a, "a", 900))  # drawn wider: a copy of the glyph in the subset, which has no room
    with pytest.raises(BrochureError) as info:
        wider.addObjects(Doc())
    assert info.value.path == str(huge.path) and "has 65,535 glyphs" in info.value.message


@pytest.mark.parametrize("locale", ["ar", "he", "hi", "th", "ur", "bn"])
def test_the_widths_a_font_declares_are_its_embedded_glyphs_advances(locale):
    """A glyph drawn with a width of its own (a mark and the letter under it tiling a word, a
    BLANK, a bidi mark, a raised glyph) is a glyph of the subset with that advance: /W and the
    embedded program agree (ISO 14289-1 7.21.5; veraPDF rule 7.21.5-1). Before, /W alone
    carried the width and the program kept the original's: in the shipped A4 leaflets 141 of
    422 drawn codes disagreed in Arabic, 4 of 161 in Hebrew, 35 of 456 in Hindi, 148 of 359 in
    Thai, 838 of 1,468 in Urdu (the space under an RLM: /W 0, program 270)."""
    lines = [text for _, text in messages(locale)[:6]]
    assert _width_disagreements(_pdf_of(locale, *lines)) == []


@pytest.mark.parametrize("locale, line", [
    ("ur", "تو بولنے، چبانے اور"),  # pypdf: a pen move right inside بولنے read as a space
    ("ur", "جیسے BNDF، GDNF، NGF"),  # pypdf took the space after ، into its run: "BNDF ،GDNF"
    ("fa", "پروتئین‌ها (SOD1، TDP43، یوبی‌کوئیتین)"),
])
def test_pypdf_copies_right_to_left_words_and_arabic_commas_as_written(locale, line):
    import io

    from pypdf import PdfReader

    copied = PdfReader(io.BytesIO(_pdf_of(locale, line))).pages[0].extract_text()
    assert copied.translate(dict.fromkeys(map(ord, BIDI_MARKS))) == line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_a_nastaliq_word_ends_where_its_advance_ends_for_poppler():
    """The last glyph written of "برین" is a dot left of the word's right end: poppler read the
    rest of the word's width as a space after the bracket ("( برین")."""
    line = "اگر دماغ کے تنے (برین اسٹیم) کے موٹر"
    copied = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=_pdf_of("ur", line),
                            capture_output=True, check=True).stdout.decode("utf-8")
    assert " ".join(copied.translate(dict.fromkeys(map(ord, "".join(BIDI_MARKS) + "\u202a\u202b\u202c"))).split()) == line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_two_columns_of_nastaliq_one_column_after_the_other():
    """poppler joins lines into a block only when their baselines are at most 1.5 font sizes
    apart; Nastaliq lines are 2.5 apart, so every line was a block of its own, and beside
    another column's lines at the same heights poppler took them for the rows of a table and
    read across the columns (pdftotext of the Urdu A4 leaflet: 64 % of the sentences)."""
    import io
    from dataclasses import replace

    from reportlab.pdfgen.canvas import Canvas

    from brochure.text.flowable import TextBlock

    columns = ["ایمیوٹرافک لیٹرل اسکلیروسس (ALS) مرکزی اور محیطی اعصابی نظام کی ایک نہایت سنگین بیماری ہے۔"
               " نایاب موروثی اقسام کو چھوڑ کر، اس کی وجہ اب تک نامعلوم ہے۔",  # right, read first
               "اگر دماغ کے تنے (برین اسٹیم) کے موٹر اعصابی خلیے متاثر ہوں تو بولنے، چبانے اور نگلنے"
               " کو کنٹرول کرنے والے پٹھے کمزور ہو جاتے ہیں۔"]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 400), invariant=1)
    for x, text in zip((310, 56), columns):
        block = TextBlock(text, replace(style_for("ur", size=13), leading=13 * 1.4 * 1.8), rtl=True)
        block.wrapOn(canvas, 229, 400)
        block.drawOn(canvas, x, 380 - block.height)
    canvas.showPage()
    canvas.save()
    copied = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=out.getvalue(),
                            capture_output=True, check=True).stdout.decode("utf-8")
    copied = " ".join(copied.translate(dict.fromkeys(map(ord, "".join(BIDI_MARKS) + "\u202a\u202b\u202c"))).split())
    assert copied == " ".join(columns)


@pytest.mark.parametrize("locale, text, joiner", [
    ("ar", "می\u200cخواهم بدانم", "\u200c"),  # Persian: "I want to know", ZWNJ inside the word
    ("hi", "क्\u200dष और क्\u200cष", "\u200d"),
    ("hi", "क्\u200dष और क्\u200cष", "\u200c"),
])
def test_joiners_are_copied_though_not_drawn(locale, text, joiner):
    laid = lay_out(text, style_for(locale, align="start"), 300)
    assert copied(laid) == text
    glyphs = [g for line in laid.lines for g in line.glyphs]
    assert any(joiner in g.text for g in glyphs)
    for g in glyphs:  # the joiner's own glyph (uni200C, uni200D) is never drawn
        assert g.gid == BLANK or g.gid != load_face(g.font).glyph(joiner) or g.gid == 0, g


# ---------------------------------------------------------------- bidi
@pytest.mark.skipif(shutil.which("fribidi") is None, reason="FriBidi's command line tool is not installed")
@pytest.mark.parametrize("locale", ["ar", "he"])
def test_each_rtl_line_is_ordered_as_fribidi_orders_it(locale):
    """An independent implementation of the Unicode Bidirectional Algorithm agrees on
    the visual order of every line, for every shipped right-to-left string."""
    style = style_for(locale)
    checked = 0
    for msgid, text in messages(locale):
        for line in lay_out(text, style, 200).lines:
            logical = BIDI_CONTROLS.sub("", line.copied_text()).strip()
            ours = "".join(_mirror(g.text)[::-1] if g.rtl else g.text for g in visual(line))
            fribidi = subprocess.run(["fribidi", "--nopad", "--nobreak", "--rtl"], input=logical,
                                     capture_output=True, text=True, check=True).stdout.rstrip("\n")
            # FriBidi joins Arabic into presentation forms; lam-alef ligatures hold their two letters in logical order
            fribidi = unicodedata.normalize("NFKC", "".join(
                unicodedata.normalize("NFKC", ch)[::-1] if "\ufef5" <= ch <= "\ufefc" else ch for ch in fribidi))
            assert _strip_marks(ours) == _strip_marks(fribidi), (msgid[:40], logical)
            checked += 1
    assert checked > 60


def _mirror(text: str) -> str:
    """What a right-to-left glyph shows: HarfBuzz draws the mirrored bracket (UBA rule L4)."""
    return "".join(MIRRORED.get(ch, ch) for ch in text)


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in BIDI_CONTROLS.sub("", text) if unicodedata.category(ch) != "Mn").strip()


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_numbers_read_as_written_in_every_rtl_line(locale):
    """A wrong number is harm: every run of digits on the page, read left to right,
    is a run of digits of the translation ("و70" must never show as "07و")."""
    style = style_for(locale)
    checked = 0
    for msgid, text in messages(locale):
        if not re.search(r"\d", text):
            continue
        for width in (150, 260):
            for line in lay_out(text, style, width).lines:
                on_page = "".join(g.text if not g.rtl else "|" for g in visual(line))
                assert sorted(re.findall(r"\d[\d.,:]*\d|\d", on_page)) == \
                    sorted(re.findall(r"\d[\d.,:]*\d|\d", line.text)), line.text
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("text, on_page", [
    ("اتصل على الرقم +41 44 123 45 67 بين", "41 44 123 45 67"),  # '44 123': no break between a number's groups
    ("تناول 400\u00a0mg حتى", "400 mg"),  # a no-break space, as a typographer puts between number and unit
])
def test_a_space_inside_a_word_orders_its_runs_as_a_space_between_words_does(text, on_page):
    """A phone number's groups were drawn '123 45 67 41 44': the space the line may break at
    (between 41 and 44) joined the two left-to-right runs, the one it may not ('44 123') set
    them right to left. A patient dials what they read."""
    line = lay_out(text, style_for("ar"), 1000).lines[0]
    left_to_right = "".join(g.text if not g.rtl else "|" for g in visual(line))
    assert on_page.replace("\u00a0", " ") in left_to_right.replace("\u00a0", " ")


@pytest.mark.parametrize("locale, text, on_page", [
    ("ar", "تناول جرعة إذا كانت الحرارة أعلى من 38.5 °C اليوم", "38.5 °C"),
    ("he", "טלו מנה כשהחום גבוה מ־38.5 °C היום", "38.5 °C"),
    ("fa", "هنگامی که دما بالاتر از ۳۸٫۵ °C است", "۳۸٫۵ °C"),
    ("he", "אחסנו את הבקבוק ב־2–8 °C היום", "8 °C"),
    ("he", "מעל 100 °F היום", "100 °F"),
    ("he", "אל תקפיאו מתחת ל־-20 °C היום", "20-"),  # a signed number keeps the UBA's order, sign by digits
    ("ar", "لا تجمدها تحت -20 °C أبدًا", "20-"),
    ("ar", "إذا كانت أقل من <5 °C اليوم", "5<"),
])
def test_a_temperature_reads_with_its_unit_as_a_dose_does(locale, text, on_page):
    """"38.5 °C" in a right-to-left line was drawn "C° 38.5": the UBA gives the degree sign, a
    neutral between a number and a Latin letter, the paragraph's direction, so it stood right of
    its "C", and the unit apart from its number, where "400 mg" reads as written."""
    (line,) = lay_out(text, style_for(locale), 1000).lines
    seen = "".join(g.text for g in visual(line)).translate(NO_BIDI_MARKS)
    assert on_page in seen, seen


PHONE = "+41 44 123 45 67"
PHONE_SENTENCES = {  # the number at the start, in the middle and at the end of a sentence
    "ar": [f"{PHONE} هو رقم العيادة.", f"اتصل على الرقم {PHONE} بين 8:00 و17:30.", f"للاستفسار اتصلوا بالرقم {PHONE}"],
    "he": [f"{PHONE} הוא מספר המרפאה.", f"התקשרו למספר {PHONE} בין 8:00 ל־17:30.", f"לשאלות התקשרו למספר {PHONE}"],
}


def _left_to_right(line) -> str:
    """What the line shows, read left to right: left-to-right glyphs as they are, each
    right-to-left glyph (a letter, a mark, a space set right to left) as "|"."""
    return "".join(g.text if not g.rtl else "|" for g in visual(line)).replace("\u00a0", " ")


@pytest.mark.parametrize("locale, place", [(ll, n) for ll in PHONE_SENTENCES for n in range(3)])
def test_an_international_phone_number_reads_left_to_right_with_its_plus_first(locale, place):
    """The "+" of "+41 44 123 45 67" was drawn at the number's right end ("41 44 123 45 67+"
    as seen): the UBA gives a "+" not between two digits the paragraph's direction. Arabic and
    Hebrew print an international number as one left-to-right unit, as between LRI and PDI;
    the text stays as written (the text layer reads "+41 …" in logical order)."""
    text = PHONE_SENTENCES[locale][place]
    (line,) = lay_out(text, style_for(locale), 1000).lines
    seen = _left_to_right(line).strip("|. ")
    assert PHONE in seen, seen
    if place == 0:  # the sentence's first word: rightmost
        assert seen.endswith(PHONE), seen
    elif place == 2:  # its last: leftmost
        assert seen.startswith(PHONE), seen
    else:
        assert "8:00" in seen and "17:30" in seen, seen
    assert PHONE in line.copied_text().translate(NO_BIDI_MARKS)


@pytest.mark.parametrize("locale", PHONE_SENTENCES)
@pytest.mark.parametrize("phone", ["+41 (0)44 123 45 67", "+41.44.123.45.67", "+41 (44) 123-45-67"])
def test_an_international_phone_number_in_another_style_reads_left_to_right_too(locale, phone):
    """With the trunk prefix in brackets or dots between the groups, the "+" still stood at
    the right end and the groups around "(0)" were swapped ("44 123 45 67 (0) 41+" as seen):
    the number was not recognised as one. A line never breaks inside it either."""
    for text in PHONE_SENTENCES[locale]:
        text = text.replace(PHONE, phone)
        (line,) = lay_out(text, style_for(locale), 1000).lines
        assert phone in _left_to_right(line), (text, _left_to_right(line))
        start = text.index(phone)
        assert not [p for p in opportunities(text, locale) if start < p < start + len(phone)]


@pytest.mark.parametrize("locale", PHONE_SENTENCES)
@pytest.mark.parametrize("phone", [PHONE, "044-123-45-67", "(044) 123 45 67"])
def test_a_phone_number_reads_left_to_right_wherever_the_lines_break(locale, phone):
    """The number's line, at every measure from a short one (the number starts or ends a
    line) to a long one: international, and national with hyphens or a bracketed area code
    (a line broke after "(044)", and Arabic drew "67-45-123-044")."""
    style = style_for(locale)
    text = " ".join(PHONE_SENTENCES[locale][::-1] * 2).replace(PHONE, phone)  # no two numbers side by side
    broken = 0
    for width in range(110, 400, 7):
        lines = lay_out(text, style, width).lines
        broken += len(lines) > 1
        holding = [line for line in lines if phone in line.text]
        assert sum(line.text.count(phone) for line in holding) == 6, (width, [line.text for line in lines])
        for line in holding:
            assert _left_to_right(line).count(phone) == line.text.count(phone), (width, _left_to_right(line))
        assert squash(copied(lay_out(text, style, width))) == squash(text)
    assert broken > 30


# A national number as the leaflets write one, in a sentence of each right-to-left script; the
# number follows a word, so that its digits are Arabic numbers to the UBA in Arabic script (W2).
NATIONAL_SENTENCES = {"ar": "اتصلوا على {} الآن.", "he": "התקשרו {} עכשיו.", "fa": "با {} تماس بگیرید.",
                      "ur": "براہ کرم {} پر کال کریں۔"}
NATIONAL = ["044 123 45 67", "044-123-45-67", "03-1234567", "(044) 123 45 67", "(03) 123-4567", "٠٤٤-١٢٣-٤٥-٦٧",
            "(۰۸۰۰) ۱۲۳-۴۵۶", "1 500 000"]


@pytest.mark.parametrize("locale", NATIONAL_SENTENCES)
@pytest.mark.parametrize("phone", NATIONAL)
def test_a_national_phone_number_reads_left_to_right_with_its_groups_in_order(locale, phone):
    """By the UBA alone a right-to-left line drew the groups of "044-123-45-67" in reverse order
    after an Arabic letter ("67-45-123-044" as seen: its digits are Arabic numbers there, W2, and
    a hyphen joins European ones only, W4), the area code of "(03) 123-4567" right of the groups
    in every right-to-left script ("123-4567 (03)"), and left the spaces of "044 123 45 67" at the
    paragraph's level (the layout's inner spaces drew it in order). Every telephone number is one
    left-to-right unit now, as an international one is, with no line break inside it; so is
    "1 500 000", a number in three space-joined groups as a telephone number is."""
    text = NATIONAL_SENTENCES[locale].format(phone)
    start, end = text.index(phone), text.index(phone) + len(phone)
    lv, paragraph = levels(text, "R")
    assert set(lv[start:end]) == {paragraph + 1}, lv[start:end]
    (line,) = lay_out(text, style_for(locale), 1000).lines
    assert phone in _left_to_right(line), _left_to_right(line)
    assert not [p for p in opportunities(text, locale) if start < p < end]
    assert phone in line.copied_text().translate(NO_BIDI_MARKS)


@pytest.mark.parametrize("locale, text, on_page", [
    ("ar", "خذ 2-5 أقراص في 01-12-2027 بين 8:00 و17:30", ("5-2", "2027-12-01")),  # a range, a date
    ("he", "אחסנו ב־2–8 מעלות עד 31-12-2027", ("8–2", "31-12-2027")),
    ("ar", "المرجع (2021) 345-350 اليوم", ("350-345",)),  # a year in brackets, a page range
])
def test_numbers_that_are_no_telephone_number_keep_the_algorithms_order(locale, text, on_page):
    """Not one left-to-right unit: they are drawn as the UBA orders them (the number-pairs check
    reads a range's order)."""
    assert telephone_numbers(text) == ()
    (line,) = lay_out(text, style_for(locale), 1000).lines
    seen = "".join(g.text for g in visual(line)).translate(NO_BIDI_MARKS)
    assert all(number in seen for number in on_page), seen


@pytest.mark.parametrize("locale, text, on_page", [
    ("ar", "ارتفعت الحرارة +5 °C اليوم", "5+"),  # a sign, not a telephone number: as the UBA orders it
    ("ar", "زاد العدد +1 500 شخص", "1 500+"),
    ("he", "הטמפרטורה עלתה ב־+5 °C היום", "5+"),
    ("ar", "اتصل على الرقم 044 123 45 67 بين", "044 123 45 67"),  # a national number: no "+"
])
def test_other_numbers_with_a_sign_keep_their_order(locale, text, on_page):
    (line,) = lay_out(text, style_for(locale), 1000).lines
    seen = "".join(g.text for g in visual(line)).translate(NO_BIDI_MARKS)
    assert on_page in seen, seen


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("locale", PHONE_SENTENCES)
@pytest.mark.parametrize("phone", [PHONE, "044-123-45-67", "(03) 123-4567"])
def test_a_phone_number_copies_out_as_written(locale, phone):
    """pypdf (content-stream order) and pdftotext (positions) read the number in logical order.
    (pdfium reads the groups in reverse order, "67 45 123 44 +41", as it did before the "+"
    moved, "67+ 45 123 44 41": a limitation of its own, test_textlayer's PDFIUM_FLOOR.)"""
    import io

    from pypdf import PdfReader

    lines = [line.replace(PHONE, phone) for line in PHONE_SENTENCES[locale]]
    pdf = _pdf_of(locale, *lines)
    marks = dict.fromkeys(map(ord, "".join(BIDI_MARKS) + "\u202a\u202b\u202c"))
    pypdf = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().translate(marks)
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                             capture_output=True, check=True).stdout.decode("utf-8").translate(marks)
    for copied_out in (pypdf, poppler):
        assert [ln.strip() for ln in copied_out.splitlines() if ln.strip()] == lines


def test_brackets_and_latin_inside_hebrew_are_not_swapped():
    # ReportLab's own RTL path printed "(TDP43) TDP43" for this text.
    style = style_for("he")
    line = lay_out("חלבונים מסוימים (SOD1, TDP43, יוביקוויטין)", style, 1000).lines[0]
    left_to_right = "".join(g.text[::-1] if g.rtl else g.text for g in visual(line))
    assert "SOD1, TDP43" in left_to_right and left_to_right.count("TDP43") == 1


# ---------------------------------------------------------------- line breaks
def test_cjk_lines_keep_punctuation_with_its_character_and_latin_words_whole():
    style = style_for("zh_Hans")
    text = "肌肉无力（轻瘫）。每年每100,000人中约有1至2人罹患ALS，比例为1.6:1。" * 6
    for width in range(60, 200, 7):
        lines = [line.text for line in lay_out(text, style, width).lines]
        assert "".join(lines) == text  # nothing lost or added
        for line in lines:
            assert line[0] not in CJK_CANNOT_START and line[-1] not in CJK_CANNOT_END, (width, line)
        for token in ("100,000", "1.6:1", "ALS"):
            assert sum(line.count(token) for line in lines) == 6, (width, token)


@pytest.mark.parametrize("text, locale, word", [
    ("מדי שנה חולים ב־ALS כאחד עד שניים.", "he", "ב־ALS"),
    ("בין הגילים 50 ל־70; מבוגרים צעירים.", "he", "ל־70"),
    ("உலகெங்கிலும் ALS-இன் நிகழ்வு அதிகரித்து", "ta", "ALS-இன்"),
    ("உலகெங்கிலும் ALS-க்கும் நிகழ்வு", "ta", "ALS-க்கும்"),
    ("ALS-এর সঙ্গে MS রোগের", "bn", "ALS-এর"),
    ("Boala s-a agravat și v-a afectat.", "ro", "s-a"),
    ("Если что-то изменилось, скажите.", "ru", "что-то"),
])
def test_a_line_never_breaks_after_the_hyphen_of_a_prefix_or_an_ending(text, locale, word):
    """A hyphen or maqaf joins a prefix, a case ending or a clitic to its word: "ב־" / "ALS" left the
    Hebrew preposition alone at a line's end, "ALS-" / "இன்" the Tamil genitive at the next line's
    start (the shipped ta A4 leaflet). A part of fewer than three letters, or an ending in another
    script than its word, stays with it; a compound still breaks at its hyphen."""
    start = text.index(word)
    assert not [p for p in opportunities(text, locale) if start < p < start + len(word)]


@pytest.mark.parametrize("text, locale, after", [("die Gabe des MSC-Sekretoms", "de", "MSC-"),
                                                 ("דלקת עצבית (נוירו־אינפלמציה) במוח", "he", "נוירו־"),
                                                 ("उनके तंत्रिका-अपक्षयी रोग", "hi", "तंत्रिका-")])
def test_a_compound_still_breaks_after_its_hyphen(text, locale, after):
    assert text.index(after) + len(after) in opportunities(text, locale)


def test_a_thai_word_the_dictionary_splits_is_never_broken_inside():
    """ICU's Thai dictionary splits words of the shipped catalog it does not know, some inside a
    syllable: "ผลก" / "ระ" / "ทบ" (impact), "ซี" / "ค" / "รี" / "โทม" (secretome), "ผู้" / "ป่วย"
    (patient), and the leaflets broke lines there."""
    text = "ได้รับผลกระทบจาก ALS ในผู้ป่วยด้วยโรคนี้ ตรวจการทำงานของซีครีโทมจาก MSC"
    cuts = opportunities(text, "th")
    for word in ("ผลกระทบ", "ผู้ป่วย", "ทำงาน", "ซีครีโทม"):
        start = text.index(word)
        assert not [p for p in cuts if start < p < start + len(word)], word
    assert text.index("ผู้ป่วย") in cuts and text.index("ด้วยโรค") in cuts  # between words it still breaks


@pytest.mark.parametrize("address", ["pain-team@st-anna.example", "https://st-anna.example/pain-team"])
def test_a_line_never_ends_at_a_hyphen_inside_an_address(address):
    """'pain-' / 'team@st-anna.example' reads as a hyphenated word: the reader types 'painteam@'
    (pdftotext copied it so). A line may still break after a '/'."""
    text = f"Schreiben Sie an {address} oder rufen Sie an."
    start = text.index(address)
    inside = [p for p in opportunities(text, "de") if start < p < start + len(address)]
    assert not [p for p in inside if text[p - 1] in "-\u2010"], inside


@pytest.mark.parametrize("text, locale", [("Take one tablet up to 3×/day, with water.", "en"),
                                          ("Bis zu 4×/Tag, höchstens 2/Woche.", "de")])
def test_a_line_never_ends_at_the_slash_of_a_dose(text, locale):
    """'3×/' / 'day' split a dose over two lines (the English A4 leaflet of a medication sheet)."""
    assert not [p for p in opportunities(text, locale) if text[p - 1] == "/"]


@pytest.mark.parametrize("text, locale", [("Call the pain team on +41 44 123 45 67 between 8:00 and 17:30.", "en"),
                                          ("اتصل على الرقم +41 44 123 45 67 بين 8:00 و17:30.", "ar")])
def test_a_line_never_breaks_inside_a_phone_number(text, locale):
    """'+41 44 123 45' / '67 between': a patient dials the first line (the A4 leaflet of a
    medication sheet, in English and in Arabic)."""
    number = "+41 44 123 45 67"
    start = text.index(number)
    assert not [p for p in opportunities(text, locale) if start < p < start + len(number)]


@pytest.mark.parametrize("text, locale, doses", [
    ("Take 400 mg twice a day; call at 37.5 °C, after 5 ml, 2 % or 10 mmHg; stop after 3 days.", "en",
     ["400 mg", "37.5 °C", "5 ml", "2 %", "10 mmHg"]),
    ("Nehmen Sie 400 mg zweimal täglich, bei 37,5 °C 5 ml, höchstens 2 % für 3 Tage.", "de",
     ["400 mg", "37,5 °C", "5 ml", "2 %"]),
    ("تناول 400 ملغ مرتين يوميا أو ٥ مل بنسبة 50 ٪ لمدة 3 أيام.", "ar", ["400 ملغ", "٥ مل", "50 ٪"]),
    ("Примите 400 мг при давлении 120 мм рт. ст.", "ru", ["400 мг", "120 мм рт. ст."]),
    ("每次10毫克，每天2次。", "zh", ["10毫克"]),
])
def test_a_line_never_breaks_between_a_number_and_its_unit(text, locale, doses):
    """"400" / "ملغ": a dose split over two lines (the Arabic leaflet of a trial article); a patient
    reads "400" alone. Only the units the number check knows bind: "3" / "Tage" may still break."""
    cuts = opportunities(text, locale)
    for dose in doses:
        start = text.index(dose)
        assert not [p for p in cuts if start < p < start + len(dose)], dose
    plain = {"en": "3 days", "de": "3 Tage", "ar": "3 أيام"}.get(locale)
    if plain:
        assert text.index(plain) + 2 in cuts  # not a unit: the line may break after the number


def test_french_punctuation_after_a_narrow_no_break_space_never_starts_a_line():
    style = style_for("fr")
    text = "Est-ce que la thérapie fonctionne\u202f? Les cellules souches\u202f: une option\u202f; peut-être\u202f! " * 5
    for width in range(80, 260, 9):
        for line in lay_out(text, style, width).lines:
            assert line.text.strip()[0] not in "?:;!", (width, line.text)


@pytest.mark.parametrize("locale, words", [("pl", "w i z o u a"), ("ru", "в и к с о у"), ("uk", "в і з у й о")])
def test_one_letter_words_never_end_a_line(locale, words):
    style = style_for(locale)
    text = " ".join(f"słowo {w} wyraz" for w in words.split()) * 8
    for width in range(60, 240, 11):
        for line in lay_out(text, style, width).lines[:-1]:
            last = line.text.rstrip().split(" ")[-1]
            assert not (len(last) == 1 and last.isalpha()), (width, line.text)


@pytest.mark.parametrize("locale", ["tr", "de", "ru"])
def test_a_spaced_dash_never_starts_a_line(locale):
    """"… iki hastalıktır – bunlar …": the dash stays at the end of its line (Turkish A4 page 1
    began a line with it)."""
    dashed = [text for _, text in messages(locale) if " \u2013 " in text or " \u2014 " in text]
    assert dashed
    for text in dashed:
        for width in range(150, 330, 6):
            for line in lay_out(text, style_for(locale), width).lines:
                assert line.text.lstrip()[:1] not in "\u2013\u2014", (width, line.text)


@pytest.mark.parametrize("locale, word", [("ta", "சரிபார்க்கப்படவில்லை"), ("hi", "न्यूरोप्रोटेक्टिव"),
                                          ("bn", "অ্যামায়োট্রফিক")])
def test_a_word_too_long_for_the_line_is_cut_between_clusters_only(locale, word):
    """A colophon cell narrower than a word: the word is cut, but never before a vowel sign or
    inside a conjunct (the Tamil "not yet medically reviewed" printed its last sign alone)."""
    for width in range(20, 90, 3):
        for line in lay_out(word, style_for(locale, align="start"), width).lines:
            first = line.text[:1]
            assert first and unicodedata.category(first)[0] != "M", (width, line.text)
            assert unicodedata.combining(line.text[-1]) != 9, (width, line.text)  # no virama at a line end


def test_korean_lines_break_only_at_spaces_hyphens_and_dashes():
    """keep-all: "ALS의", "씰룩거림(근육다발수축)", "기전)입니다" were broken inside the word, and every
    extractor copied the line end as a space inside it."""
    style = style_for("ko", align="start")
    breaks = 0
    for msgid, text in messages("ko"):
        for width in (120, 180, 230):
            lines = lay_out(text, style, width).lines
            for a, b in zip(lines, lines[1:]):
                end = a.text.rstrip(" ")
                assert b.start > a.start + len(end) or end[-1] in "-\u2010\u2013\u2014/", (width, end, b.text)
                breaks += 1
    assert breaks > 100


def test_hangul_is_told_by_its_code_points():
    """Every code point: Jamo, compatibility Jamo and syllables are Hangul, as they were read with
    a regex class, and nothing else."""
    hangul = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
    assert [code for code in range(0x110000) if _is_hangul(chr(code))] == \
        [code for code in range(0x110000) if hangul.match(chr(code))]


def test_ranges_and_ratios_are_never_broken():
    style = style_for("en")
    text = "Survival of 2–5 years, a ratio of 1.6:1 and 7-6 individuals in 100,000 people. " * 6
    for width in range(40, 200, 5):
        lines = [line.text.strip() for line in lay_out(text, style, width).lines]
        for line in lines:
            assert not re.search(r"\d[–\-:]$", line) and not re.match(r"^[–\-:]\d", line), (width, line)


@pytest.mark.parametrize("sign", ["\uff5e", "\u301c"])
def test_a_japanese_range_is_never_broken(sign):
    """Japanese writes a range with a fullwidth tilde or a wave dash ("50～70歳"); every CJK
    character is a break, and the large-print leaflet printed "通常50" / "～70歳", a number read
    alone at the line end."""
    style = style_for("ja")
    text = f"発症は通常50{sign}70歳の間で、期間は2{sign}5年です。" * 8
    for width in range(40, 200, 3):
        lines = [line.text.strip() for line in lay_out(text, style, width).lines]
        for a, b in zip(lines, lines[1:]):
            assert not (re.search(rf"\d{sign}?$", a) and re.match(rf"{sign}?\d", b)), (width, a, b)


@pytest.mark.parametrize("locale, space", [("fr", " "), ("ru", " "), ("fr", "\u2009"), ("de", "\u2009")])
def test_a_number_grouped_with_spaces_is_never_broken(locale, space):
    """"1 500 mg" with a plain space (where the locale groups with a space) or a thin space (in
    any locale) is one number to the checks; a line ending in "1" and the next starting "500 mg"
    is read as two."""
    style = style_for(locale)
    text = "Prenez 1 500 mg par jour, soit 100 000 personnes et 1 000 000 doses. ".replace(" 0", space + "0") \
        .replace(" 5", space + "5") * 6
    for width in range(40, 200, 5):
        lines = [line.text.strip() for line in lay_out(text, style, width).lines]
        for a, b in zip(lines, lines[1:]):
            assert not (re.search(r"\d$", a) and re.match(r"\d{3}(?!\d)", b)), (width, a, b)


# ---------------------------------------------------------------- justification and hyphens
@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "pl", "ru", "uk", "el"])
def test_hyphenation_limits_in_every_paragraph(locale):
    """At most two hyphenated lines in a row, none before the last line of a paragraph,
    at least three letters on either side of a hyphen."""
    style = style_for(locale)
    assert style.hyphenate, locale
    hyphenated = 0
    for msgid, text in messages(locale):
        for width in (230, 300):
            lines = lay_out(text, style, width).lines
            ends = [bool(line.glyphs) and line.glyphs[-1].text == "\u00ad" for line in lines]
            hyphenated += sum(ends)
            assert not any(ends[i] and ends[i + 1] and ends[i + 2] for i in range(len(ends) - 2)), msgid[:40]
            if len(ends) > 1:
                assert not ends[-2], (locale, width, lines[-2].text, lines[-1].text)
            for line, nxt, end in zip(lines, lines[1:], ends):
                if end:
                    head = re.findall(r"\w+$", line.text)[0]
                    tail = re.findall(r"^\w+", nxt.text)[0]
                    assert len(head) >= 3 and len(tail) >= 3, (line.text, nxt.text)
    assert hyphenated > 0, locale


def test_no_hyphen_is_added_inside_a_web_or_e_mail_address():
    """The source writes addresses as a reader types them (https://…): "info@cli-" / "nic.example"
    would be typed with its hyphen (found by test_text_property). An address may still break
    where UAX #14 lets it (after "/"), without a hyphen."""
    text = "Schreiben Sie an info@clinic.example oder lesen Sie https://www.clinic.example/als/stammzellen nach."
    for width in range(60, 240, 4):
        for line in lay_out(text, style_for("de", align="start"), width).lines:
            assert not (line.copied_text().endswith("\u00ad") and re.search(r"[@/.]\w*$", line.text)), \
                (width, line.text)


def test_a_syllable_too_wide_for_the_measure_with_its_hyphen_is_cut_too():
    """"unbe" fits 40 pt (38.6 pt at 16 pt) but not with the hyphen it ends its line with: the line
    was set 43.8 pt wide (found by test_text_property). It is cut between clusters, as a word
    wider than the measure is."""
    lines = lay_out("Wirkt Wirkt unbekannt.", style_for("de", align="start", size=16), 40).lines
    assert max(line.set_width for line in lines) <= 40, [(line.text, line.set_width) for line in lines]


def test_a_justified_line_without_a_space_is_set_short_rather_than_a_hyphen_left_before_the_last_line():
    """A justified line with no space to stretch ("Wissenschaftlern" alone) counted as never
    fitting, so no set of breaks passed the strict passes and the paragraph was set first fit,
    "Wissenschaftlern töd-" / "lich" (found by test_text_property). It is set short now, at a
    finite cost, and reported as such (``Line.loose``)."""
    lines = lay_out("Wissenschaftlern tödlich", style_for("de", align="justify"), 110).lines
    assert [line.text for line in lines] == ["Wissenschaftlern", "tödlich"]
    assert lines[0].loose and not lines[1].loose


def test_a_justified_line_with_nothing_to_stretch_keeps_the_hyphen_rules():
    """Thai (or a word alone) between breaks that do not stretch: scored as a line with one word
    space set short by as much, so total fit chooses the breaks and no hyphen is left before the
    last line; when such a line counted as never fitting, every justified Thai paragraph was set
    first fit, "60 30-" / "10"."""
    hyphen = Gap(HYPHEN, break_width=4, flagged=True)
    result = break_lines([60, 30, 10], [Gap(ZERO), hyphen], 95, justify=True, space_stretch=1.5)
    assert result.breaks == (0, 2)
    assert result.ratios[0] == pytest.approx(1 + 35 / 1.5)  # past 1: set short, by 35 pt
    filled = break_lines([60, 35, 10], [Gap(ZERO), Gap(ZERO)], 95, justify=True, space_stretch=1.5)
    assert filled.breaks == (1, 2) and filled.ratios[0] == 0  # a line that fills is not short


def test_the_fallback_breaking_keeps_a_line_with_its_added_hyphen_within_the_measure():
    """Where no set of breaks fits (a box wider than the measure), lines are filled one by one;
    that fallback left out the hyphen a line ends with: "diagnos-" 40.7 pt in a 40 pt measure
    (justified French; found by test_text_property)."""
    hyphen = Gap(HYPHEN, break_width=5, flagged=True)
    result = break_lines([40, 20, 12, 20], [Gap(SPACE, 3), hyphen, hyphen], 33, justify=False)
    assert result.breaks == (0, 1, 3)  # 40 | 20- | 12 20, not 40 | 20 12- (37 pt) | 20


@pytest.mark.parametrize("locale", ["en", "de", "fr", "ru", "el", "ar", "he", "hi"])
def test_justified_word_spaces_stay_within_one_point_six_times_the_normal_space(locale):
    """... and shrink to no less than two thirds of it, where a line holds one more word so."""
    style = style_for(locale, align="justify")
    shrunk = 0
    for msgid, text in messages(locale):
        for width in (230, 300):
            laid = lay_out(text, style, width)
            for line in laid.lines[:-1]:
                if line.loose:
                    continue  # a line the breaker could not fill: set short, and reported
                glyphs = visual(line)
                for a in glyphs:
                    if a.text == " ":
                        # the next letter right of it (a mark, without advance, may be set over the
                        # letter before the space and reach past where the space starts)
                        after = min(g.x for g in glyphs if g.x > a.x + 0.01 and load_face(g.font).advance(g.gid))
                        f = load_face(a.font)
                        normal = f.advance(a.gid) * style.size / f.upem
                        assert normal * (1 - 1 / 3) - 0.01 <= after - a.x <= normal * 1.6 + 0.01, (locale, line.text)
                        shrunk += after - a.x < normal - 0.01
    assert shrunk, "no line was set with its spaces shrunk: the test does not see shrinking"


@pytest.mark.parametrize("locale", SHIPPED + ["en"])
@pytest.mark.parametrize("align", ["justify", "start"])
def test_every_line_is_set_within_the_measure(locale, align):
    """Every line, the last one included, is set no wider than the measure, and its glyphs lie
    inside it, right to left as well: a justified line that the breaker set with its spaces
    shrunk was drawn at its natural width, up to 9 pt into the gutter. A glyph may overhang by
    its mark's offset (Nastaliq: 0.8 pt); a full-width mark ending a CJK line hangs its blank
    half outside by design (``Gap.break_width``), so CJK lines are measured as set only."""
    style = style_for(locale, align=align)
    cjk = style.line_break == "strict"
    for msgid, text in messages(locale):
        for width in (230, 300):
            for line in lay_out(text, style, width).lines:
                assert line.set_width <= width + 0.01, (locale, width, line.text)
                glyphs = visual(line)
                ends = [g.x + load_face(g.font).advance(g.gid) * style.size / load_face(g.font).upem for g in glyphs]
                assert cjk or (min(g.x for g in glyphs) >= -1.0 and max(ends) <= width + 1.0), (locale, width,
                                                                                             line.text)


@pytest.mark.parametrize("locale", ["de", "ru", "fr", "el", "ar", "hi", "pl", "uk"])
def test_no_justified_line_is_left_a_quarter_short(locale):
    """Justified at the A4 leaflet's measure (13 pt, 229.6 pt), no line of a body paragraph but its
    last is set more than a quarter of the measure short. A line that would need spaces wider
    than 1.6 times is set short (``Line.loose``), and the breaker's badness was capped at ratio
    4.6: past it every line cost the same, so total fit bought good neighbours with one line left
    up to 170 pt short, which reads as a paragraph's end (de 8, ru 25 such lines)."""
    style = style_for(locale, align="justify", size=13)
    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    for message in po.catalog:
        if message.context == "paragraph" and message.string:
            for line in lay_out(message.string, style, 229.6).lines[:-1]:
                assert 229.6 - line.set_width <= 229.6 / 4, (locale, line.text)


def test_ragged_lines_are_not_stretched():
    style = style_for("de", align="start")
    laid = lay_out(messages("de")[5][1], style, 200)
    for line in laid.lines:
        glyphs = visual(line)
        assert glyphs[0].x == pytest.approx(0.0, abs=0.5)


def test_a_paragraph_does_not_end_with_a_short_word_alone_when_it_can_be_avoided():
    runts = 0
    for msgid, text in messages("de"):
        for width in (230, 300):
            lines = lay_out(text, style_for("de"), width).lines
            if len(lines) > 2 and len(lines[-1].text.split()) == 1 and len(lines[-1].text) < 8:
                runts += 1
    assert runts == 0


@pytest.mark.parametrize("locale", SHIPPED + ["en"])
def test_a_heading_does_not_end_with_one_short_word_alone(locale):
    """Headings and titles are ragged and short: "Ποια είναι τα συμπτώματα της / ALS;" reads
    badly, "… συμπτώματα / της ALS;" does. Every heading and the title at the A4 column and
    the A5 page widths, in the shipped heading style."""
    from brochure.render import HEADING_RUNT

    style = style_for(locale, align="start", size=13.0, runt=HEADING_RUNT, whole_words=True)
    lone = []
    for msgid, text in messages(locale):
        if len(text) > 80:  # paragraphs
            continue
        for width in (227.0, 340.0):
            lines = lay_out(text, style, width).lines
            last = lines[-1]
            if len(lines) > 1 and len(last.text.split()) == 1 and last.width < HEADING_RUNT * width:
                lone.append((width, last.text))
    assert lone == []


# ---------------------------------------------------------------- emphasis
@pytest.mark.parametrize("locale", ["ar", "he", "hi", "zh_Hans", "de"])
def test_emphasis_is_set_in_every_script(locale):
    style = style_for(locale)
    word = {"ar": "مرض", "he": "מחלה", "hi": "रोग", "zh_Hans": "疾病", "de": "Krankheit"}[locale]
    laid = lay_out(f"{word} **{word}** *{word}* {word}", style, 1000)
    fonts = {g.font for g in laid.lines[0].glyphs if g.text.strip()}
    assert any("Bold" in f for f in fonts) and any("Regular" in f or "Italic" in f for f in fonts)
    slanted = [g for g in laid.lines[0].glyphs if g.slant or "Italic" in g.font]
    assert slanted, "italic has a face or a synthetic oblique"


def test_the_unbreakable_width_is_the_widest_word_or_what_kinsoku_binds():
    """The narrowest measure that sets a text without cutting a word (the colophon's columns):
    in English the longest word, never the whole text; in Chinese a character or two (a closing
    mark stays with the character before it), not a sentence written without spaces."""
    from brochure.text import natural_width, unbreakable_width

    en = style_for("en", align="start")
    assert unbreakable_width("ANOVA Institute for Regenerative Medicine", en) == \
        pytest.approx(natural_width("Regenerative", en))
    zh = style_for("zh_Hans", align="start")
    text = "人工智能机器翻译，尚未经过医学审校"
    assert unbreakable_width(text, zh) <= natural_width("译，", zh) + 0.01 < natural_width(text, zh) / 4
    ta = style_for("ta", align="start")
    word = "சரிபார்க்கப்படவில்லை"
    assert unbreakable_width(f"இன்னும் {word}", ta) == pytest.approx(natural_width(word, ta))


@pytest.mark.parametrize("locale, text", [
    ("ar", "ومن الواضح أن العلاج بالخلايا الجذعية لمرضى التصلب الجانبي الضموري ما زال تجريبيًا"),
    ("hi", "एमायोट्रोफिक लेटरल स्क्लेरोसिस के रोगियों में न्यूरोप्रोटेक्टिव प्रभाव"),
    ("de", "Stammzellbasierte Therapien können Patienten Hoffnung geben"),
])
def test_a_run_is_shaped_alike_with_only_its_neighbouring_context(locale, text):
    """HarfBuzz keeps 5 characters of context either side of a run; shaping with CONTEXT
    characters gives the glyphs, advances, offsets and clusters of shaping with the whole text."""
    from brochure.text import shape

    font = style_for(locale).faces[0][1]
    rtl = locale == "ar"
    for start in range(0, len(text) - 3, 2):
        for end in (start + 1, start + 3, len(text)):
            whole = shape._shape.__wrapped__(font, text, start, end, rtl, None, None, (), start == 0,
                                             end == len(text))
            assert shape.shape(font, text, start, end, rtl, None, None) == whole, (start, end)


def test_a_very_long_word_is_shaped_in_linear_work(monkeypatch):
    """A 20,000-letter "word" in a translation is cut between clusters run by run. Each run was
    shaped with the whole word copied as context: quadratic (8,000 letters: 21 s for one
    leaflet, a 19,000-letter word in a title 20 s). The characters handed to HarfBuzz are now
    bounded by a few times the word's length."""
    from brochure.text import shape

    handed = []
    original = shape._shape

    def counting(font, text, *rest):
        handed.append(len(text))
        return original(font, text, *rest)

    monkeypatch.setattr(shape, "_shape", counting)
    word = "Stammzell" * 300  # 2,700 letters
    laid = lay_out(f"Ein {word} Wort.", style_for("de", align="start"), 200)
    assert "".join(line.text for line in laid.lines).replace("-", "").count(word[:9]) == 300
    assert sum(handed) < 20 * len(word), (len(handed), sum(handed))


# ---------------------------------------------------------------- words kept in the source's language
def test_latin_words_a_translation_keeps_from_its_source_are_found_whole():
    """A maximal run of Latin letters, with the spaces and hyphens between its words, that the
    source message holds too (capitals aside: el, ko and th write the source's "Secretome" in
    lower case; "fasciculation" is in "fasciculations"); a run the source does not hold is not."""
    from brochure.text.runs import source_words

    text = "โรค ALS (Multiple Sclerosis หรือ) เซลล์ M2, MSC-secretome และ XYZ-abc (fasciculation) ελληνικά"
    source = "ALS is not multiple sclerosis (MS); M2 cells, MSC-Secretome, fasciculations"
    assert [text[a:b] for a, b in source_words(text, source)] == [
        "ALS", "Multiple Sclerosis", "M", "MSC-secretome", "fasciculation"]
    assert source_words("ALS und MSC", "ALS and MSC") == ()  # a run is taken whole: "ALS und MSC" is not English
    assert source_words("โรค", "ALS") == ()


def _drawn(tmp_path, name: str, locale: str, text: str, languages=()) -> str:
    """``text`` set by the engine as one paragraph on a page of its own, written to a file."""
    from reportlab.pdfgen.canvas import Canvas

    from brochure.text.flowable import TextBlock

    path = tmp_path / f"{name}.pdf"
    canvas = Canvas(str(path), pagesize=(400, 300), invariant=1)
    block = TextBlock(text, style_for(locale, align="start", size=12), languages=languages)
    block.wrapOn(canvas, 250, 300)
    block.drawOn(canvas, 50, 250 - block.height)
    canvas.showPage()
    canvas.save()
    return str(path)


@pytest.mark.parametrize("locale, text, source", [
    ("th", "กล้ามเนื้อเต้นกระตุกเองโดยไม่ได้ตั้งใจ (fasciculation) กล้ามเนื้อลีบ (atrophy) และโรค ALS "
           "(Amyotrophic Lateral Sclerosis) ไม่เกี่ยวข้องกับโรค MS",
     "muscle twitches (fasciculations), muscle wasting (atrophy), amyotrophic lateral sclerosis (ALS), MS"),
    ("el", "δράσεις του εκκρινώματος (secretome) των μεσεγχυματικών βλαστοκυττάρων (MSC) στην ALS",
     "mesenchymal stem cell (MSC) Secretome in ALS"),
    ("ko", "최근 연구는 중간엽 줄기세포(MSC) 분비체(secretome)의 질병 조절 효과에 초점을 맞추고 있습니다. ALS의",
     "mesenchymal stem cell (MSC) Secretome in ALS"),
    ("ar", "ركّزت الأبحاث الحديثة على التأثيرات المعدِّلة لمسار المرض للإفرازوم (Secretome) المشتق من MSC في ALS",
     "mesenchymal stem cell (MSC) Secretome in ALS"),
])
def test_words_in_the_source_language_are_drawn_inside_a_lang_span_and_copy_out_as_before(
        tmp_path, locale, text, source):
    """Each run ``source_words`` finds is one marked-content sequence with /Lang (ISO 32000-1
    14.9.2.2) per line it is set on, holding exactly its letters (and a space after it); what
    pypdf and pdfium copy out of the page is what they copy without the marks."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from brochure.text.runs import source_words
    from structread import language_spans

    words = source_words(text, source)
    marked = _drawn(tmp_path, "marked", locale, text, tuple((a, b, "en") for a, b in words))
    plain = _drawn(tmp_path, "plain", locale, text)
    spans = language_spans(marked)
    assert {lang for _, _, lang, _ in spans} == {"en"}
    letters = lambda value: "".join(value.replace("\u00ad", "").split())  # noqa: E731 (a line-end hyphen: U+00AD)
    assert "".join(letters(span) for *_, span in spans) == "".join(letters(text[a:b]) for a, b in words)
    assert language_spans(plain) == []

    def copies(path: str) -> tuple[str, str]:
        pdf = pdfium.PdfDocument(path)
        try:
            page = pdf[0].get_textpage()
            by_pdfium = page.get_text_range()
        finally:
            pdf.close()
        return PdfReader(path).pages[0].extract_text(), by_pdfium

    assert copies(marked) == copies(plain)
