"""The one platypus flowable for every paragraph: ReportLab places it and splits it
between lines; we draw its glyphs by glyph ID with their text (pdffont)."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.platypus.flowables import Flowable

from .fontfile import face as load_face
from .layout import BLANK, Laid, Line, TextStyle, lay_out
from .pdffont import DocFont
from .runs import REGULAR, styled

# poppler (pdftotext) joins lines into one block only when their baselines are at most this
# many font sizes apart (maxLineSpacingDelta in its TextOutputDev.cc)
POPPLER_LINE_SPACING = 1.5
# ... and takes into a block the words beside it less than this many font sizes away (minColSpacing2)
POPPLER_COLUMN_SPACING = 1.0
# how far, in font sizes, a line's text may reach out of its column: a full-width mark's blank half
# at a CJK line's end or start lies outside the measure (layout._line)
HANG = 0.5
# the text of the marks that hold lines together for poppler (line_bridge): two spaces. poppler drops
# a character whose text is one space, or none, before it makes words of them (TextPage::addChar), so
# it joins nothing (the ur leaflet back to 64 %); two are a word, which pdftotext and a copy give as
# a line of whitespace, the blank line a paragraph break reads as. A bidi mark (LRM, RLM) joined as
# well but came out as a line holding only U+200E or U+200F.
BRIDGE = "  "


class TextBlock(Flowable):
    """A paragraph in any script. ``marker`` (a bullet, a reference number) is drawn in
    the start-side indent of the first line, in ``marker_style``.

    Split between lines: never one line alone at the foot or the head of a column, and
    never a hyphen on the last line before a column or page end (the paragraph is
    re-broken so that the line does not end inside a word, or the line moves on).
    The part after a split keeps its lines and where its text starts (``start``), so that
    it can be re-broken in turn.

    ``languages``: (start, end, BCP 47 tag) offsets in the plain text (``plain_text``) of words
    in another language than the paragraph's, each drawn inside ``/Span <</Lang (tag)>> BDC …
    EMC`` (ISO 32000-1 14.9.2.2), one per line it is set on: a marked-content sequence inside
    the element's own, so the structure tree and the text extractors read stay as they were."""

    def __init__(self, text: str, style: TextStyle, marker: "TextBlock | None" = None,
                 lines: tuple[Line, ...] | None = None, rtl: bool = False, start: int = 0,
                 languages: tuple[tuple[int, int, str], ...] = ()):
        super().__init__()
        self.text = text
        self.languages = languages
        self.style = style
        self.marker = marker
        self.keepWithNext = style.keep_with_next
        self._lines = lines
        self._rtl = rtl
        self._start = start
        self.width = self.height = 0.0

    def __repr__(self):
        return f"TextBlock({self.text[:30]!r})"

    def getSpaceBefore(self):
        return self.style.space_before if not self._start else 0.0

    def getSpaceAfter(self):
        return self.style.space_after

    @property
    def visual_order(self) -> bool:
        """Do the drawn lines hold right-to-left text in visual order? A right-to-left word is
        one text operation with its letters in visual order, as pypdf expects (layout._segments),
        and a Nastaliq word's /ActualText span is written in visual order too, as poppler and
        pdfium lay a span's text out left to right and then reverse it with the line. Tagged PDF
        reads a show string's codes in content order (ISO 32000-1, 14.8.2.3.3) and assistive
        technology reads /ActualText as it stands, so the structure element carries the
        paragraph in logical order as its own /ActualText."""
        return any(seg.rtl and (seg.actual is not None or sum(1 for i in seg.items if type(i) is tuple and i[1]) > 1)
                   for line in getattr(self, "_drawn", ()) for seg in line.segments)

    def plain_text(self) -> str:
        """The whole paragraph's text, inline markup removed (a part after a split included)."""
        return styled(self.text.strip(), self.style.emphasis).text

    def edge_line(self, last: bool) -> tuple[Line, float] | None:
        """The first drawn line (``last``: the last) and its baseline above the block's foot,
        once wrapped; None before."""
        lines = getattr(self, "_drawn", ())
        if not lines:
            return None
        n = len(lines) - 1 if last else 0
        return lines[n], self.height - self.style.size - n * self.style.leading

    def laid(self, width: float) -> Laid:
        return lay_out(self.text, self.style, width, self._start)

    def lines(self, width: float) -> tuple[Line, ...]:
        if self._lines is not None:
            return self._lines
        return self.laid(width).lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        if self._lines is None:
            laid = self.laid(availWidth)
            self._drawn, self._rtl = laid.lines, laid.rtl
        else:
            self._drawn = self._lines
        self.height = len(self._drawn) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        rtl = self._rtl if self._lines is not None else self.laid(availWidth).rtl
        fits = int((availHeight + 1e-6) // self.style.leading)
        if fits >= len(lines):
            return [self]
        fits = min(fits, len(lines) - 2)  # never one line alone at the top of the next frame
        if fits < 2:  # nor at the foot of this one
            return []
        if lines[fits - 1].hyphenated:
            lines, fits = self._plain_split(availWidth, lines, fits)
            if fits < 2:
                return []
        first = TextBlock(self.text, self.style, self.marker, lines[:fits], rtl, languages=self.languages)
        first.keepWithNext = False
        rest = TextBlock(self.text, self.style, None, lines[fits:], rtl, start=lines[fits].start,
                         languages=self.languages)
        if getattr(self, "tight_after", False):  # a list's lead-in: its last part stays close to the list
            rest.tight_after = True
        return [first, rest]

    def _plain_split(self, width: float, lines: tuple[Line, ...], fits: int) -> tuple[tuple[Line, ...], int]:
        """Lines and a split point such that the last line before the split does not end
        with a hyphen: the paragraph re-broken with that constraint, else fewer lines here."""
        again = lay_out(self.text, self.style, width, lines[0].start, plain_end=fits).lines
        if len(again) >= fits + 2 and not again[fits - 1].hyphenated:
            return again, fits
        while fits >= 2 and lines[fits - 1].hyphenated:
            fits -= 1
        return lines, fits

    def draw(self):
        canvas = self.canv
        if getattr(canvas, "draft", False):  # a trial layout (render_pdf(draft=True)): nothing is kept
            return
        style = self.style
        if self.marker is not None:  # first, so that the text layer reads "1. Author…"
            m = self.marker
            m.wrap(style.indent, style.leading * 2)
            m.drawOn(canvas, self.width - style.indent if self._rtl else 0.0, self.height - m.height)
        canvas.saveState()
        canvas.setFillColor(CMYKColor(*style.color))
        y = self.height - style.size
        ops = ["BT"]
        for n, line in enumerate(self._drawn):
            if n and style.leading > POPPLER_LINE_SPACING * style.size:
                ops.append(line_bridge(canvas, (self._drawn[n - 1], 0.0, y + style.leading), (line, 0.0, y), style))
            ops.append(glyph_operators(canvas, line, 0.0, y, style.size, self.languages))
            y -= style.leading
        ops.append("ET")
        canvas._code.append("\n".join(op for op in ops if op))
        canvas.restoreState()


def _doc_font(canvas, path: str) -> DocFont:
    fonts = canvas._doc.__dict__.setdefault("_brochure_fonts", {})
    found = fonts.get(path)
    if found is None:
        found = fonts[path] = DocFont(canvas._doc, load_face(path))
    return found


def line_bridge(canvas, above: tuple[Line, float, float], below: tuple[Line, float, float],
                style: TextStyle) -> str:
    """Invisible marks (no outline, no width, text ``BRIDGE``) between two lines set wider apart than
    poppler joins into a block, inside both: ``above`` and ``below`` are (line, x of its
    origin, baseline). Else poppler made each such line a block of its own, and where the
    lines of the two leaflet columns sit at the same heights it took them for the rows of a
    table and read across the columns (TextOutputDev's reading-order sort): pdftotext of the
    Urdu A4 leaflet 64 %. Used between the lines of a paragraph (Nastaliq: 2.5 font sizes
    apart, one mark halfway) and across the gap between two paragraphs of a column
    (``gap_bridge``): as many marks, evenly spaced, as keep each step within poppler's
    spacing. A mark is a line of whitespace for poppler and for pypdf, nothing for pdfium (no
    box); it changes nothing in the logical text."""
    (line_a, xa, top), (line_b, xb, bottom) = above, below
    xs = [[x0 + g.x for g in line.glyphs if g.gid != BLANK and g.text.strip()] for line, x0 in ((line_a, xa), (line_b, xb))]
    if not all(xs) or max(min(x) for x in xs) >= min(max(x) for x in xs):
        return ""
    left, right = max(min(x) for x in xs), min(max(x) for x in xs)
    doc_font = _doc_font(canvas, style.font_for(REGULAR)[0])
    pair = (BLANK, BRIDGE)
    doc_font.used.add(pair)
    marks = int((top - bottom) / (POPPLER_LINE_SPACING * style.size))  # steps of (top - bottom) / (marks + 1)
    ops = [f"/{doc_font.internal} {_num(style.size)} Tf"]
    for k in range(marks, 0, -1):
        y = bottom + (top - bottom) * k / (marks + 1)
        ops.append(f"1 0 0 1 {_num((left + right) / 2)} {_num(y)} Tm\n[<{doc_font.code(pair)}>] TJ")
    return "\n".join(ops)


def gap_bridge(canvas, upper: tuple, lower: tuple, neighbours: tuple = (None, None)) -> str:
    """Text operators of the marks that hold two text blocks of one column in one poppler
    block: ``upper`` and ``lower`` are (block, x, y) as drawn, the upper block's last line
    and the lower one's first set wider apart than poppler joins (``line_bridge``). Without
    them each paragraph was a block, and where the paragraph breaks of the leaflet's two
    columns fall at nearly the same heights poppler read the blocks across as the rows of a
    table and split a sentence running on over the column turn (tr, am leaflet 96 %). None
    where poppler would not join the two in any case: their font sizes differ by 5 % or
    more (maxBlockFontSizeDelta1; a heading above its text); none either where a block's
    text comes near enough to a neighbouring column for poppler to take that column in
    (``_keeps_clear``; ``neighbours`` as there)."""
    (block_a, xa, ya), (block_b, xb, yb) = upper, lower
    a, b = block_a.edge_line(last=True), block_b.edge_line(last=False)
    size = block_b.style.size
    if a is None or b is None or abs(block_a.style.size - size) >= 0.05 * size:
        return ""
    top, bottom = ya + a[1], yb + b[1]
    if top - bottom <= POPPLER_LINE_SPACING * size:
        return ""
    if not (_keeps_clear(block_a, xa, neighbours) and _keeps_clear(block_b, xb, neighbours)):
        return ""
    marks = line_bridge(canvas, (a[0], xa, top), (b[0], xb, bottom), block_b.style)
    return f"BT\n{marks}\nET" if marks else ""


def _keeps_clear(block: TextBlock, x: float, neighbours: tuple) -> bool:
    """Does ``block``, drawn at ``x``, keep its text far enough from the neighbouring columns to be
    bridged? ``neighbours``: where the column on its left ends and where the one on its right
    starts (page x; None: no column there). poppler takes into a block the words beside it less
    than one font size away (TextPage::makeBlocks), and a line's text may reach half an em out of
    its column, into the gap (``HANG``): a block closer than that to a column's edge could take in
    a line of that column and then the column line by line. A paragraph alone is a short block
    that rarely stands level with such a line; bridged, the whole column is one block. zh_Hans
    Letter leaflet: a 。 at a line's end and a （ at the other column's line start came 10 pt
    apart at 13 pt, and poppler read the two columns interleaved line by line (78 % of the
    sentences, 100 % without the marks)."""
    left, right = neighbours
    room = (POPPLER_COLUMN_SPACING + HANG) * block.style.size
    start, end = _text_extent(block)
    return (left is None or x + start >= left + room) and (right is None or x + end <= right - room)


def _text_extent(block: TextBlock) -> tuple[float, float]:
    """Where the block's text starts and ends from its left edge, as poppler boxes it: each
    glyph as wide as its advance, the break spaces and blanks (no box for poppler) left out."""
    size, start, end = block.style.size, block.width, 0.0
    for line in block._drawn:
        for g in line.glyphs:
            if g.gid != BLANK and g.text.strip():
                face = load_face(g.font)
                start, end = min(start, g.x), max(end, g.x + face.advance(g.gid) * size / face.upem)
    return start, end


def glyph_operators(canvas, line: Line, x0: float, y: float, size: float,
                    languages: tuple[tuple[int, int, str], ...] = ()) -> str:
    """PDF text operators for one line: its segments, glyphs in logical order; words of
    ``languages`` (TextBlock) inside a /Span with their /Lang.

    The operators depend only on the line and its position when every glyph stands
    for its own character (CID = glyph ID), so they are kept with the line."""
    segments = line.segments_in(languages)
    fonts = {}
    for seg in segments:
        if seg.font not in fonts:
            fonts[seg.font] = _doc_font(canvas, seg.font)
    for seg in segments:
        fonts[seg.font].used |= seg.pairs
    key = (x0, y, size, languages) if segments is not line.segments else (x0, y, size)
    cached = line.drawn.get(key)
    if cached is not None:
        return cached
    ops: list[str] = []
    font = None
    ys = _num(y)
    portable = True
    spacing = 0.0
    after_rtl = False
    lang = None
    for seg in segments:
        if seg.lang != lang:  # outside any /ActualText span: segments never share one across languages
            if lang is not None:
                ops.append("EMC")
            if seg.lang is not None:
                ops.append(f"/Span <</Lang ({seg.lang})>> BDC")
            lang = seg.lang
        doc_font = fonts[seg.font]
        if seg.spacing != spacing:  # a CJK line set solid: its justification (layout._segments)
            spacing = seg.spacing
            ops.append(f"{_num(spacing)} Tc")
        if seg.actual is not None:
            ops.append(f"/Span <</ActualText <FEFF{seg.actual.encode('utf-16-be').hex().upper()}>>> BDC")
        if doc_font is not font or seg.rtl or after_rtl:
            # Tf also ends the text run for extractors (pypdf), which would otherwise
            # reverse our logically ordered right-to-left glyphs as if they were visual;
            # after such a run too: pypdf took a space that follows it into the run and
            # read "BNDF، GDNF" as "BNDF ،GDNF"
            ops.append(f"/{doc_font.internal} {_num(size)} Tf")
            font = doc_font
        after_rtl = seg.rtl
        ops.append(f"1 0 {'0.2126' if seg.slant else '0'} 1 {_num(x0 + seg.x)} {ys} Tm")
        code, primary = doc_font.code, doc_font.face.primary
        parts: list[str] = []
        run: list[str] = []
        for item in seg.items:
            if type(item) is tuple:
                run.append(code(item))
                if portable and (len(item) != 2 or primary.get(item[0]) != item[1]):
                    portable = False
            else:
                if run:
                    parts.append("<" + "".join(run) + ">")
                    run = []
                parts.append(_num(item))
        if run:
            parts.append("<" + "".join(run) + ">")
        if parts:
            ops.append("[" + " ".join(parts) + "] TJ")
        if seg.actual is not None:
            ops.append("EMC")
    if lang is not None:
        ops.append("EMC")
    if spacing:
        ops.append("0 Tc")
    text = "\n".join(op for op in ops if op)
    if portable:
        line.drawn[key] = text
    return text


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


