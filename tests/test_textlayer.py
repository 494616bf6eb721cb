"""The text layer of the shipped leaflets: what copying, search and screen readers get.

Every sentence of the catalog must come back from the PDF in reading order, in every
script: with pypdf (content-stream order, page furniture marked as artifacts skipped, as a
tagged-PDF reader does), with poppler's pdftotext (which rebuilds lines from glyph
positions) and with pdfium (Chrome's viewer: what copy and paste gives there). Checked
twice: with whitespace ignored (every letter there, in order), and with whitespace
normalised (no space inside a word, none lost between words): a line end counts as a
space, except after a soft hyphen (U+00AD, how the hyphen added at a line end is written),
after a hyphen or maqaf the line broke at, and next to a Chinese character.
"""

import re
import shutil
import subprocess
import unicodedata

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from brochure import markup
from brochure.catalogs import read_catalog
from brochure.layouts import MM, load_layout

from conftest import REPO, expected_failures

LOCALES = sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir())
RTL = {"ar", "he", "fa", "ur"}
INVISIBLE = re.compile("[\\s\u00ad\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+")
SENTENCE = re.compile(r"(?<=[.!?।؟])\s+|(?<=[。！？])")
PRIVATE_OR_PRESENTATION = re.compile("[\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufeff]")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
CJK = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
LINE_END_HYPHEN = re.compile("[\u00ad\ufffe]\\s*")  # pdfium marks a line-end hyphen U+FFFE
# no space at a line end next to a Chinese character, or after a hyphen or a maqaf the line broke
# at: a line end right after one (the space a line broke at after "Schmerz-" is in the text)
JOINING_LINE_END = re.compile(f"(?<=[{CJK}])\\s*\\n\\s*|\\s*\\n\\s*(?=[{CJK}])|(?<=[\\-\u2010\u05be/])\\r?\\n(?=\\S)")
# poppler (pdftotext) reads a few sentences of right-to-left lines its own way: two Arabic
# letters under a mark drawn at the same position come out swapped; pdfium mirrors the
# parentheses of every right-to-left line and breaks a line at a raised Arabic mark
# (README, "The text layer"). Everything else must reach 98 %, except what was measured on
# 2026-12-03 for the 28 translations, where it is lower, after a line broken at a space carries
# that space (column and page turns), the /ActualText spans (bn, pa, ta, th, ur), Persian digits
# written for pypdf and Korean broken only between words: pdfium takes a hard hyphen at a line end
# for a soft one and drops it ("MSC-" / "Sekretom" copies as "MSCSekretom"); poppler reads the two
# columns of a Polish page out of order; Thai's letters come back in order but a line end between
# two Thai words, which have no space between them, reads as a space; Nastaliq lines are whole in
# pdftotext but poppler interleaves lines of the two columns.
# Floors are those measurements, so any further loss fails.
# Measured again after issue 19's copyfit of the last page and evenly grown gaps moved column
# turns: poppler reads the end of the article's last column after the references' note (am,
# bn, fa, he, tr), pdfium loses one more Persian sentence.
PYPDF_FLOOR = {'th': 0.25, 'ur': 0.92}
PDFTOTEXT_FLOOR = {'am': 0.92, 'bn': 0.94, 'fa': 0.94, 'he': 0.96, 'th': 0.25, 'tr': 0.96, 'ur': 0.48}
PDFIUM_FLOOR = {'am': 0.96, 'ar': 0.38, 'bn': 0.96, 'de': 0.96, 'fa': 0.62, 'he': 0.46, 'th': 0.25, 'tl': 0.96}
# Broken, expected to fail until the engine writes them right (README, "The text layer"): pdfium
# reads an /ActualText span drawn in several text operations again for each operation it does not
# take right after the first, and a Nastaliq word is drawn at several heights: every word twice.
TEXT_LAYER_BROKEN = {"pypdf": [], "pdftotext": [], "pdfium": ['ur']}


def _known(tool: str, locales):
    return expected_failures(locales, {ll: f"{tool} text layer of {ll} (issue 9)" for ll in TEXT_LAYER_BROKEN[tool]})


def squash(value: str) -> str:
    return INVISIBLE.sub("", unicodedata.normalize("NFC", value))


def spaced(value: str) -> str:
    """Whitespace runs as one space, line-end hyphens and bidi controls removed."""
    value = BIDI_CONTROLS.sub("", unicodedata.normalize("NFC", value)).replace("\u200b", "")
    value = JOINING_LINE_END.sub("", LINE_END_HYPHEN.sub("", value))
    return re.sub(r"\s+", " ", value)


def sentences(locale: str, form=squash) -> list[str]:
    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    out = []
    for message in po.catalog:
        if message.context in ("title", "heading", "paragraph", "list-item") and message.string:
            out += [form(s).strip() for s in SENTENCE.split(markup.plain(message.string)) if squash(s)]
    return out


def body_text_pypdf(path) -> str:
    """pypdf's text of every page, without what is marked as an artifact (footers, page numbers)."""
    out: list[str] = []
    for page in PdfReader(path).pages:
        stack: list[bool] = []

        def before(op, args, *_):
            if op in (b"BDC", b"BMC"):
                stack.append(bool(args) and args[0] == "/Artifact")
            elif op == b"EMC" and stack:
                stack.pop()

        page.extract_text(visitor_operand_before=before,
                          visitor_text=lambda t, *_: None if any(stack) else out.append(t))
    return "".join(out)


def body_text_pdftotext(path, locale: str) -> str:
    """pdftotext's text without the running footer's lines (poppler ignores artifact marks):
    only the page above the layout's bottom margin, where the footer sits (a footer line that
    poppler set beside a page's last line of text would otherwise be dropped with it), and no
    line with the document code or the locale's "Page x of y" label."""
    layout = load_layout(REPO / "layouts" / f"{path.stem}.yaml")
    width, height = (float(v) for v in PdfReader(path).pages[0].mediabox[2:])
    above_footer = height - layout.margins.bottom * MM
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-r", "72", "-x", "0", "-y", "0", "-W", str(int(width)),
                          "-H", str(int(above_footer)), str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return without_footer(raw, locale)


def without_footer(text: str, locale: str) -> str:
    """``text`` without the lines of the running footer: the document code or the locale's
    "Page x of y" label."""
    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    label = po.catalog.get("Page {page} of {pages}", context="footer.page").string
    page = re.compile(re.escape(squash(label)).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))
    return "\n".join(line for line in text.splitlines()
                     if "ANOVA-PI-ALS" not in line and not page.search(squash(line)))


def unhyphenated(text: str) -> str:
    """poppler joins a line ending in a hyphen to the next one and drops the hyphen, even a
    hard one ("Schmerz-" / "und" becomes "Schmerzund"): compared without hyphens."""
    return text.replace("-", "")


def body_text_pdfium(path, locale: str) -> str:
    """What select-all and copy gives in a pdfium viewer (Chrome), every page, without the
    running footer's lines (pdfium ignores artifact marks: the footer sat between the two
    halves of a sentence that runs on over a page turn)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        return without_footer("\n".join(page.get_textpage().get_text_range() for page in doc), locale)
    finally:
        doc.close()


def recovered(found: str, wanted: list[str], form=squash) -> float:
    found = form(found)
    return sum(s in found for s in wanted) / len(wanted)


def assert_reads_back(text: str, locale: str, floor: float = 0.98, hyphens: bool = True) -> None:
    """Every sentence is there, letters in order, and with its spaces: none inside a word
    (poppler read a glyph without text as a gap: "एमि यो ट्रॉ फि क"), none lost.
    ``hyphens=False``: compared without hyphens (see ``unhyphenated``)."""
    assert not PRIVATE_OR_PRESENTATION.search(text), "private-use or presentation-form characters"
    same = (lambda v: v) if hyphens else unhyphenated
    assert recovered(same(text), [same(v) for v in sentences(locale)]) >= floor
    assert recovered(same(text), [same(v) for v in sentences(locale, spaced)], spaced) >= floor


@pytest.mark.parametrize("locale", _known("pypdf", LOCALES))
def test_pypdf_reads_back_every_sentence_in_reading_order(built_real, locale):
    text = body_text_pypdf(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"))
    assert_reads_back(text, locale, PYPDF_FLOOR.get(locale, 0.98))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("layout", ["a4-leaflet", "a4-large-print"])  # 13 and 16 pt: more lines, more breaks
@pytest.mark.parametrize("locale", _known("pdftotext", LOCALES))
def test_pdftotext_reads_back_every_sentence_in_reading_order(built_real, locale, layout):
    text = body_text_pdftotext(built_real.pdf_path("als-stem-cells", locale, layout), locale)
    assert_reads_back(text, locale, PDFTOTEXT_FLOOR.get(locale, 0.98), hyphens=False)


@pytest.mark.parametrize("locale", _known("pdfium", LOCALES))
def test_pdfium_copies_every_sentence(built_real, locale):
    text = body_text_pdfium(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"), locale).replace("\ufffe", "")
    assert_reads_back(text, locale, PDFIUM_FLOOR.get(locale, 0.98))


def test_the_spacing_check_sees_a_space_inside_a_word():
    wanted = sentences("hi", spaced)
    text = " ".join(wanted)
    assert recovered(text, wanted, spaced) == 1.0
    broken = text.replace("एमियोट्रॉफिक", "एमि यो ट्रॉ फि क")
    assert recovered(broken, wanted, spaced) < 1.0 == recovered(broken, sentences("hi"))
