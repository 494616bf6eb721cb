"""Page-level typography: no word hyphenated across a column or page end (the split
re-breaks the paragraph), read back from every shipped locale's leaflets and booklet."""

import pytest
from pypdf import PdfReader

from brochure.layouts import MM, Geometry, load_layout
from brochure.text import TextBlock, lay_out

from conftest import REPO
from pdfread import baselines
from test_text import SHIPPED, messages, squash, style_for

HYPHENS = ("\u00ad", "-", "\u2010")


@pytest.mark.parametrize("locale", ["de", "es", "el", "fr"])
def test_a_split_paragraph_never_ends_its_first_part_with_a_hyphen(locale):
    """Every split point of every paragraph: the part left behind does not end inside a
    word, both parts keep two lines, and together they hold the paragraph's text once."""
    style = style_for(locale, align="start", size=9.5)
    tried = 0
    for msgid, text in messages(locale):
        for width in (150.0, 190.0, 230.0):
            whole = lay_out(text, style, width).lines
            for fits in range(2, len(whole) - 1):
                tried += whole[fits - 1].hyphenated
                parts = TextBlock(text, style).split(width, fits * style.leading + 1)
                if not parts:
                    continue
                first, rest = parts
                first.wrap(width, 1e6)
                rest.wrap(width, 1e6)
                assert not first._drawn[-1].hyphenated, (msgid[:40], fits, first._drawn[-1].text)
                assert len(first._drawn) >= 2 and len(rest._drawn) >= 2
                copied = squash("".join(line.copied_text() for line in first._drawn + rest._drawn))
                assert copied == squash("".join(line.copied_text() for line in whole)), (msgid[:40], fits)
    assert tried >= 5, (locale, tried)  # the paragraphs do offer hyphenated split points


def _frame_bottom(layout_name: str) -> float:
    layout = load_layout(REPO / "layouts" / f"{layout_name}.yaml")
    return Geometry.of(layout).offset + layout.margins.bottom * MM


@pytest.mark.parametrize("layout", ["a4-leaflet", "letter-leaflet", "a5-booklet"])
def test_no_column_or_page_ends_with_a_hyphen(built_real, layout):
    """The last body line of every column of every page, read back with pypdf, does not
    end with a hyphen (the footer below the frame is not body text)."""
    bottom = _frame_bottom(layout) - 1
    checked, found = 0, []
    for locale in SHIPPED + ["en"]:
        path = built_real.pdf_path(locale, layout)
        middle = float(PdfReader(path).pages[0].mediabox.width) / 2  # columns of the leaflets
        for number, lines in enumerate(baselines(path), 1):
            body = [line for line in lines if line[0] > bottom]
            for column in (False, True):
                inside = [line for line in body if (line[1] > middle) == column]
                if inside:
                    checked += 1
                    y, x, text = min(inside, key=lambda line: line[0])
                    if text.rstrip().endswith(HYPHENS):
                        found.append((locale, number, text))
    assert checked > 13 * 3, checked
    assert not found, found
