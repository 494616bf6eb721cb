"""Page furniture: the canvas's colour rule; the body columns' vertical justification and the
marks that hold a column's paragraphs together for poppler."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, PCMYKColorSep, black
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable

from brochure.fonts import load_config, resolve
from brochure.keep import KeepHeading
from brochure.pages import MAX_GAP_GROWTH, REGISTRATION, BodyFrame, cmyk_or_registration
from brochure.tagging import Structure, Tagged
from brochure.text import TextStyle
from brochure.text.flowable import POPPLER_LINE_SPACING, TextBlock, _text_extent, gap_bridge

from conftest import REPO


def test_the_colour_rule_keeps_cmyk_and_the_registration_colour_and_prints_greys_in_black_ink():
    accent = CMYKColor(1, 0.6, 0, 0)
    assert cmyk_or_registration(accent) is accent
    assert cmyk_or_registration(REGISTRATION) is REGISTRATION  # prints on every plate
    for grey, k, alpha in ((black, 1, 1), ("black", 1, 1), (Color(0.25, 0.25, 0.25, alpha=0.5), 0.75, 0.5)):
        ink = cmyk_or_registration(grey)
        assert type(ink) is CMYKColor and ink.cmyk() == (0, 0, 0, k) and ink.alpha == alpha


def test_any_other_spot_colour_prints_as_its_cmyk_alternate_and_rgb_is_refused():
    for spot in (CMYKColorSep(0.1, 0.2, 0.3, 0.4, spotName="Gold", density=0.5),
                 PCMYKColorSep(10, 20, 30, 40, spotName="Gold", density=50)):
        plain = cmyk_or_registration(spot)
        assert type(plain) is CMYKColor and vars(plain) == {**vars(spot), "alpha": plain.alpha}
        assert (plain.cyan, plain.magenta, plain.yellow, plain.black, plain.density) == (0.1, 0.2, 0.3, 0.4, 0.5)
    with pytest.raises(ValueError, match="CMYK"):
        cmyk_or_registration(Color(1, 0, 0))


class _Box(Flowable):
    """A block of a fixed height that notes where it is drawn on the page (its bottom)."""

    def __init__(self, height: float, after: float = 8.0, tight: bool = False):
        super().__init__()
        self.height, self.spaceAfter, self.drawn = height, after, []
        if tight:
            self.tight_after = True

    def wrap(self, availWidth, availHeight):
        return availWidth, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        self.drawn.append(canvas._currentMatrix[5] + y)  # on the page, also when drawn inside a block


def test_vertical_justification_stretches_the_gap_between_the_paragraphs_kept_with_a_heading():
    """A column holding only a heading kept with its two paragraphs (``KeepHeading``, one
    flowable to the frame) has a gap between those paragraphs like any other: the space left at
    the foot goes there, within the cap, and the gap under the heading stays tight. Before, the
    kept block hid its gaps and the column ended short (de A4 leaflet page 1: 16 pt)."""
    head, first, second = _Box(20, after=6, tight=True), _Box(60), _Box(60)
    kept = KeepHeading(head, [first, second], min_follow=20)
    frame = BodyFrame(0, 0, 100, 165, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      max_growth=MAX_GAP_GROWTH)
    frame.add(kept, Canvas(io.BytesIO()))
    frame.finish(True)  # 11 pt left at the foot; the one stretchable gap (8 pt) may grow by 16
    assert head.drawn == [pytest.approx(145)] and first.drawn == [pytest.approx(79)]
    assert second.drawn == [pytest.approx(0)]
    assert frame.end == pytest.approx(0)


def _two_columns(path, paragraphs: list, height: float) -> None:
    """``paragraphs`` set in the two body columns (``BodyFrame``, 230 pt wide, ``height`` tall)
    of an A4 page, finished as the build finishes them (``render._Doc``)."""
    class Columns(BaseDocTemplate):
        def handle_frameEnd(self, resume=0):
            self.frame.finish(runs_on=True)
            super().handle_frameEnd(resume)

        def handle_pageEnd(self):
            self.frame.finish(runs_on=False)
            super().handle_pageEnd()

    top = 780.0
    frames = [BodyFrame(x, top - height, 230, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for x in (57.0, 309.0)]
    doc = Columns(str(path), pagesize=(595.0, 842.0), pageTemplates=[PageTemplate("body", frames)], invariant=1)
    doc.build(paragraphs)


def _body(text: str, structure: Structure | None = None):
    fonts, _ = resolve(load_config(REPO / "fonts"), REPO / "fonts", "en")
    files = tuple((name, str(path)) for name, path in fonts.files.items())
    block = TextBlock(text, TextStyle(files, 13.0, 18.2, align="start", space_after=9.0))
    return Tagged(block, structure.add("P"), structure) if structure else block


def _level_breaks(path, structure: Structure | None = None) -> list[str]:
    """Two columns whose first paragraph breaks sit at the same height, a paragraph running on
    over the column turn between them (tr leaflet page 1): its sentences. ``structure``: each
    paragraph drawn as the content of a P element (``Tagged``)."""
    first = "The first paragraph is short and stands at the head of the first column alone."
    running = [f"Sentence number {n} of the second paragraph runs on over the turn of the column." for n in range(1, 9)]
    last = "The third paragraph starts in the second column, level with the second paragraph."
    paragraphs = [_body(value, structure) for value in (first, " ".join(running), last, last)]
    lines = [len(p.lines(230)) for p in paragraphs[:2]]
    # the second paragraph breaks after as many lines of the second column as the first has
    height = lines[0] * 18.2 + 9.0 + (lines[1] - lines[0]) * 18.2 + 1.0
    _two_columns(path, paragraphs, height)
    return running


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_a_paragraph_on_over_a_column_turn_where_the_paragraph_breaks_sit_level(tmp_path):
    """poppler joins lines into a block only when their baselines are at most 1.5 font sizes
    apart, so each paragraph was a block, and two columns whose first paragraph breaks sit
    level passed its table test: it read the blocks across, row by row, and the sentence on
    the column turn came out in two pieces (tr, am leaflet 96 %). The invisible marks in the
    paragraph gaps (``flowable.gap_bridge``) make each column one block."""
    running = _level_breaks(tmp_path / "columns.pdf")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "columns.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", " ", re.sub("[\u200e\u200f]", "", text))
    assert [sentence for sentence in running if sentence not in text] == []


BRIDGE = re.compile(rb"/Artifact <</Type /Layout>> BDC\s+q\s+[\d. ]+ k\s+BT\s.*?ET\s+Q\s+EMC\s", re.S)


def test_the_marks_in_a_paragraph_gap_are_an_invisible_artifact_outside_the_paragraphs(tmp_path):
    """The marks are no content of the document: each gap's marks are a layout artifact of their
    own, outside the paragraphs' marked content (PDF/UA: no artifact inside tagged content), and
    they draw nothing (the page renders the same without them)."""
    path = tmp_path / "columns.pdf"
    _level_breaks(path, Structure("en"))
    page = PdfReader(path).pages[0]
    stack, shown = [], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator in (b"BDC", b"BMC"):
            stack.append(operands[0])
        elif operator == b"EMC":
            stack.pop()
        elif operator in (b"TJ", b"Tj"):
            shown.append(tuple(stack))
    assert ("/Artifact",) in shown and set(shown) == {("/Artifact",), ("/P",)}
    writer = PdfWriter(clone_from=path)
    stream = writer.pages[0].get_contents()
    data = stream.get_data()
    assert len(BRIDGE.findall(data)) == 3  # the first column's gap, the second column's two
    stripped = ContentStream(None, writer)
    stripped.set_data(BRIDGE.sub(b"", data))
    writer.pages[0].replace_contents(stripped)
    writer.write(tmp_path / "without.pdf")
    renders = [pdfium.PdfDocument(str(p))[0].render(scale=150 / 72).to_pil().tobytes()
               for p in (path, tmp_path / "without.pdf")]
    assert renders[0] == renders[1]


def test_a_gap_is_bridged_in_steps_poppler_joins_and_only_between_blocks_of_one_size():
    """A gap wider than two of poppler's steps takes as many marks as keep every step within
    1.5 font sizes; a heading above a paragraph takes none, as poppler never joins lines whose
    sizes differ by 5 % or more into one block."""
    canvas = Canvas(io.BytesIO())
    upper, lower = _body("The upper paragraph ends here."), _body("The lower paragraph starts here.")
    for block in (upper, lower):
        block.wrap(230, 100)
    upper_base, lower_base = upper.edge_line(last=True)[1], lower.edge_line(last=False)[1]
    top = 500.0 + upper_base
    ops = gap_bridge(canvas, (upper, 0.0, 500.0), (lower, 0.0, top - 50.0 - lower_base))
    ys = [top] + [float(y) for y in re.findall(r" ([\d.]+) Tm", ops)] + [top - 50.0]
    assert len(ys) == 4 and all(0 < a - b <= POPPLER_LINE_SPACING * 13.0 for a, b in zip(ys, ys[1:]))
    assert gap_bridge(canvas, (upper, 0.0, 500.0), (lower, 0.0, top - 19.0 - lower_base)) == ""  # poppler joins
    heading = TextBlock("A heading", replace(upper.style, size=16.0, leading=20.0))
    heading.wrap(230, 100)
    assert gap_bridge(canvas, (heading, 0.0, 500.0), (lower, 0.0, 400.0)) == ""


def test_a_gap_is_not_bridged_where_a_paragraph_comes_near_enough_the_next_column_for_poppler_to_take_it_in():
    """poppler takes into a block the words beside it less than one font size away, and a line of
    the next column may reach half an em out of it (a full-width mark's blank half): a column held in
    one block that near took in a line of the other and then that column, and the zh_Hans Letter
    leaflet read the two interleaved line by line (78 %). Such a paragraph is left a block of its own."""
    canvas = Canvas(io.BytesIO())
    upper, lower = _body("The upper paragraph ends here."), _body("The lower paragraph starts here, a little longer.")
    for block in (upper, lower):
        block.wrap(230, 100)
    upper_base, lower_base = upper.edge_line(last=True)[1], lower.edge_line(last=False)[1]
    below = (lower, 0.0, 500.0 + upper_base - 50.0 - lower_base)
    end = _text_extent(lower)[1]  # its longest line's end, as poppler boxes it
    room = 1.5 * 13.0  # one font size (poppler) and half an em (the next column's text reaching out)
    assert gap_bridge(canvas, (upper, 0.0, 500.0), below, (None, end + room + 1.0)) != ""
    assert gap_bridge(canvas, (upper, 0.0, 500.0), below, (None, end + room - 1.0)) == ""
    assert gap_bridge(canvas, (upper, 300.0, 500.0), (lower, 300.0, below[2]), (300.0 - room - 1.0, None)) != ""
    assert gap_bridge(canvas, (upper, 300.0, 500.0), (lower, 300.0, below[2]), (300.0 - room + 1.0, None)) == ""
