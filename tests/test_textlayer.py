"""The text layer of the shipped leaflets: what copying, search and screen readers get.

Every sentence of the catalog must come back from the PDF in reading order, in every
script: with pypdf (content-stream order, page furniture marked as artifacts skipped, as a
tagged-PDF reader does) and with poppler's pdftotext (which rebuilds lines from glyph
positions). Whitespace is ignored: line breaks fall between words anyway, and a hyphen
added at a line end is written as a soft hyphen (U+00AD), which a reader drops.
"""

import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest
from pypdf import PdfReader

from brochure import markup
from brochure.catalogs import read_catalog

from conftest import REPO

LOCALES = sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir())
RTL = {"ar", "he", "fa", "ur"}
INVISIBLE = re.compile("[\\s\u00ad\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+")
SENTENCE = re.compile(r"(?<=[.!?।؟])\s+|(?<=[。！？])")
PRIVATE_OR_PRESENTATION = re.compile("[\ue000-\uf8ff\ufb50-\ufdff\ufe70-\ufeff]")


def squash(value: str) -> str:
    return INVISIBLE.sub("", unicodedata.normalize("NFC", value))


def sentences(locale: str) -> list[str]:
    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    out = []
    for message in po.catalog:
        if message.context in ("title", "heading", "paragraph", "list-item") and message.string:
            out += [squash(s) for s in SENTENCE.split(markup.plain(message.string)) if squash(s)]
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
    the document code, and the locale's "Page x of y" label."""
    po = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    label = po.catalog.get("Page {page} of {pages}", context="footer.page").string
    page = re.compile(re.escape(squash(label)).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return "\n".join(line for line in raw.splitlines()
                     if "ANOVA-PI-ALS" not in line and not page.search(squash(line)))


def recovered(found: str, wanted: list[str]) -> float:
    squashed = squash(found)
    return sum(s in squashed for s in wanted) / len(wanted)


@pytest.mark.parametrize("locale", LOCALES)
def test_pypdf_reads_back_every_sentence_in_reading_order(built_real, locale):
    text = body_text_pypdf(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"))
    assert not PRIVATE_OR_PRESENTATION.search(text), "private-use or presentation-form characters"
    assert recovered(text, sentences(locale)) >= 0.98


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("locale", [ll for ll in LOCALES if ll not in RTL])
def test_pdftotext_reads_back_every_sentence(built_real, locale):
    text = body_text_pdftotext(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"), locale)
    assert not PRIVATE_OR_PRESENTATION.search(text)
    assert recovered(text, sentences(locale)) >= 0.98


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("locale", sorted(RTL & set(LOCALES)))
def test_pdftotext_gets_right_to_left_letters_even_where_its_order_is_its_own(built_real, locale):
    """poppler rebuilds right-to-left lines from positions with heuristics of its own (README,
    "The text layer"): its order is not ours to fix, but every letter must be there — no
    private-use code points, no presentation forms, the words' letters all present."""
    text = body_text_pdftotext(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"), locale)
    assert not PRIVATE_OR_PRESENTATION.search(text)
    letters = sorted(ch for s in sentences(locale) for ch in s if unicodedata.category(ch)[0] == "L")
    found = sorted(ch for ch in squash(text) if unicodedata.category(ch)[0] == "L")
    missing = sum((Counter(letters) - Counter(found)).values())
    assert missing <= len(letters) * 0.01, missing
