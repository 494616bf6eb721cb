"""A paragraph and a width → lines of positioned glyphs (pure: no canvas, no PDF).

The stages, in order: inline markup → styled characters (runs.styled); bidi levels
and scripts (runs.levels, runs.scripts); break opportunities (breaks); boxes and
gaps, each box shaped by HarfBuzz (shape); total-fit breaking (linebreak); each line
reordered for display by the UBA's rule L2; glyph positions; and, for every glyph,
the text it stands for, so the PDF's text layer reads in logical order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Mapping, NamedTuple

from ..charpolicy import JOINERS, RLM, undrawn
from . import breaks as br
from .linebreak import FILLED, HYPHEN, SPACE, ZERO, Gap, break_lines
from .runs import BOLD, BOLD_ITALIC, ITALIC, REGULAR, levels, script_of_char, scripts, styled
from .shape import shape
from .fontfile import face as load_face

MAX_SPACE = 1.6  # a justified word space may grow to this many times its width
# CJK set solid: at most this share of the size goes between two characters. Written as
# character spacing (Tc); poppler (pdftotext) reads a gap of 0.1 em and pdfium one of about
# half the font's space (0.11 em in Noto CJK) as a space between the characters.
CJK_STRETCH = 0.09
# Full-width (CJK) punctuation: its blank half is on the start side (opening) or the end
# side (closing). Where two blanks meet, and at a line's start or end, the font's `halt`
# feature sets the mark at half width (CLREQ §3.1.5; what `chws` does in fonts that have it).
OPENING = "（［｛〈《「『【〔〖〘〝"
CLOSING = "，。、；：！？）］｝〉》」』】〕〗〙〟"
_HALF_WIDTH = frozenset(OPENING + CLOSING)  # the marks _pair_halted may set at half width
_CJK = ("Hani", "Hang")
_INNER_SPACES = frozenset(" \u00a0\u2007\u2009\u202f")  # spaces that may stand inside a word: a number's groups, a no-break space
SOFT_HYPHEN = "\u00ad"
_SLANT = math.tan(math.radians(12))  # synthetic oblique where a family has no italic
BLANK = -1  # a glyph that draws nothing and has no advance: carries a letter of a right-to-left ligature
_first = itemgetter(0)
_font_and_slant = attrgetter("font", "slant")


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph is set. Faces map REGULAR/BOLD/ITALIC/BOLD_ITALIC to font files;
    a missing italic is drawn as a slanted regular (bold italic: slanted bold)."""

    faces: tuple[tuple[str, str], ...]  # (style name, font path)
    size: float
    leading: float
    color: tuple[float, float, float, float] = (0, 0, 0, 1)  # CMYK 0..1
    align: str = "start"  # start, end, center, justify (logical); left, right (physical)
    base: str | None = "L"  # paragraph direction: "L", "R", or None (first strong letter)
    locale: str = "en"
    hyphenate: str | None = None  # pyphen language, or None
    line_break: str = br.NORMAL
    space_before: float = 0.0
    space_after: float = 0.0
    indent: float = 0.0  # on the start side, every line (lists, references)
    emphasis: bool = True  # read **bold**/*italic*; False for program-made labels
    runt: float = 0.15  # a last line of one word narrower than this share of the width is avoided
    keep_with_next: bool = False
    oblique: bool = False  # the paragraph is italic but its family has none: slant every glyph
    # A word space beside a Latin run (a Latin word, a reference, a number in European digits) is at
    # least this many em: the space of the font that sets Latin on its own. A script family carries
    # Latin letters merged in but only its own space (Nastaliq's 0.13 em ran Latin words together).
    latin_space: float = 0.0
    whole_words: bool = False  # break only between dictionary words (titles and headings: breaks.opportunities)

    @cached_property  # asked for every piece of every line: built once per style
    def face_map(self) -> Mapping[str, str]:
        return dict(self.faces)

    def __hash__(self) -> int:
        # the key of every layout cache: the hash of its ~20 fields, computed once per style
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash(tuple(getattr(self, f.name) for f in fields(self)))
        return cached

    def __getstate__(self) -> dict:
        # another process hashes strings with another seed: it computes the hash again
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def font_for(self, style: str) -> tuple[str, bool]:
        """The font file for a character style, and whether to slant it (the family has
        no italic: a synthetic oblique of 12°, the same substitute in every script)."""
        faces = self.face_map
        italic = style in (ITALIC, BOLD_ITALIC)
        if style in faces:
            return faces[style], self.oblique
        if style == BOLD_ITALIC and BOLD in faces:
            return faces[BOLD], True
        return faces[REGULAR], self.oblique or italic


class Placed(NamedTuple):
    """One glyph on a line: font, position (pt from the line's left end and baseline)."""

    font: str
    slant: bool
    gid: int
    x: float
    dy: float
    text: str  # its share of its cluster's text (see _share)
    rtl: bool = False  # from a right-to-left run
    run: int = -1  # the shaped run it belongs to (its first character's offset)
    cluster: int = -1  # offset of its cluster's first character (-1: a space or a line-end hyphen)


@dataclass(frozen=True)
class Segment:
    """Glyphs written with one text operation: one font and slant, starting at ``x``.

    ``items`` alternate as in a PDF TJ array: (gid, text) pairs, (gid, text, width)
    triples for a mark, a BLANK or the letter under a mark drawn with a width of its own,
    or (gid, text, width, dy) for a glyph drawn ``dy`` font units above the baseline
    (see _segments), and adjustments in
    thousandths of the font size (positive moves left) that place each glyph where
    layout put it, given the advance the embedded font declares for the previous one.
    """

    font: str
    slant: bool
    x: float
    items: tuple
    pairs: frozenset = frozenset()  # the glyph items it uses: (glyph, text[, width[, dy]])
    rtl: bool = False  # one glyph that pypdf reads as right to left: an operation of its own, after a Tf (see _segments)
    actual: str | None = None  # its text, where its glyphs cannot carry it one share each (/ActualText)
    spacing: float = 0.0  # character spacing (the PDF's Tc), pt after every glyph: CJK set solid
    lang: str | None = None  # a language of its own inside its paragraph (/Span <</Lang …>>: Line.segments_in)


@dataclass(frozen=True)
class Line:
    """One line of a paragraph. What breaking and page layout read (width, start, hyphen) is
    set at once; the glyphs and their text operations only when first asked for (drawing):
    most trial layouts (copyfit, padding, page depth) never draw a line."""

    width: float  # natural width before justification
    loose: bool  # justified spaces would have to exceed MAX_SPACE (CJK: CJK_STRETCH), or nothing can stretch: set short
    text: str  # the line's logical text, for reports and tests
    rtl: bool = False  # holds right-to-left text
    start: int = 0  # offset of its first character in the paragraph's text (markup removed)
    hyphenated: bool = False  # ends with a hyphen (a broken word or an explicit hyphen)
    drawn: dict = field(default_factory=dict, compare=False, hash=False, repr=False)  # operators by position
    placing: tuple = field(default=(), compare=False, hash=False, repr=False)  # _place's arguments

    @cached_property
    def _placed(self) -> tuple:
        return _place(*self.placing)

    @property
    def glyphs(self) -> tuple[Placed, ...]:
        """In logical order (the order they are written to the PDF)."""
        return self._placed[0]

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._placed[1]

    def segments_in(self, languages: tuple[tuple[int, int, str], ...]) -> tuple[Segment, ...]:
        """The text operations with the words of other languages apart: ``languages`` are
        (start, end, BCP 47 tag) offsets in the paragraph's plain text. Where none falls on this
        line, the segments as they are."""
        if not languages or not any(a < self.start + len(self.text) and self.start < b for a, b, _ in languages):
            return self.segments
        segments = self.segments
        spacing = segments[0].spacing if segments else 0.0
        return _segments(self.glyphs, self.placing[6].size, spacing, languages)

    @property
    def set_width(self) -> float:
        """The width as set: the natural width with the spaces stretched or shrunk (justified)."""
        return self.placing[3] if self.placing else self.width

    def copied_text(self) -> str:
        return copied_text(self.glyphs)


def copied_text(glyphs: tuple[Placed, ...]) -> str:
    """What the text layer holds for these glyphs of a line, in logical order (a right-to-left
    cluster's shares are in visual order, see _share)."""
    out: list[str] = []
    key, share = None, []
    for g in glyphs:
        if (g.cluster, g.rtl) != key or g.cluster < 0:
            out.append("".join(reversed(share)) if key and key[1] else "".join(share))
            key, share = (g.cluster, g.rtl), []
        share.append(g.text)
    out.append("".join(reversed(share)) if key and key[1] else "".join(share))
    return "".join(out)


@dataclass(frozen=True)
class Laid:
    """A paragraph set into lines at one width."""

    lines: tuple[Line, ...]
    width: float
    rtl: bool


@dataclass
class _Piece:
    """A shaped run inside a box: one font, one bidi level."""

    start: int  # offset in the paragraph text
    end: int
    level: int
    font: str
    slant: bool
    glyphs: tuple
    width: float  # pt
    context: str  # the text it was shaped in (its word)
    offset: int  # where ``context`` starts in the paragraph


@dataclass
class _Box:
    """What the line breaker sees as one box: shaped pieces that never break apart."""

    pieces: list[_Piece] = field(default_factory=list)

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)


@lru_cache(maxsize=4096)  # the colophon measures its labels and values again in every trial layout
def natural_width(text: str, style: TextStyle) -> float:
    """The width of ``text`` set on one line."""
    laid = lay_out(text, style, 1e6)
    return max((line.width for line in laid.lines), default=0.0) + style.indent


@lru_cache(maxsize=4096)
def unbreakable_width(text: str, style: TextStyle) -> float:
    """The width of the widest stretch of plain ``text`` that no line may break (a word; in
    Chinese a character or a word that kinsoku binds): the narrowest measure that sets it
    without cutting a word. Hyphenation points are not counted."""
    cuts = (0, *br.opportunities(text, style.locale, style.line_break, style.whole_words), len(text))
    return max((natural_width(text[a:b].strip(), style) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()),
               default=0.0)


def lay_out(text: str, style: TextStyle, width: float, start: int = 0, plain_end: int | None = None) -> Laid:
    """Break ``text`` (inline markup) into lines ``width`` points wide.

    ``start``: set only the text from this offset (``Line.start`` of a line laid out
    before): the rest of a paragraph split across columns. ``plain_end``: line number
    ``plain_end`` (1-based) must not end with a hyphen and two lines must follow it
    (the split falls after it); if no such breaks exist the lines are those without
    the constraint, and ``Line.hyphenated`` tells."""
    return _lay_out(text, style, round(width, 3), start, plain_end)


@lru_cache(maxsize=4096)
def _lay_out(text: str, style: TextStyle, width: float, start: int = 0, plain_end: int | None = None) -> Laid:
    width -= style.indent
    prepared = _prepared(text, style, width)
    if prepared is None:
        return Laid((), width, False)
    s, boxes, gaps, para_level = prepared
    justify = style.align == "justify"
    # ragged CJK body text fills the measure (headings keep their balanced, word-whole lines)
    fill = style.size if not (justify or style.whole_words) and _ideographic(s, boxes, gaps) else 0.0
    first = next((k for k, box in enumerate(boxes) if box.pieces[0].start >= start), len(boxes))
    before = gaps[first - 1] if 0 < first <= len(gaps) else None  # the rest of a split paragraph
    boxes, gaps = boxes[first:], gaps[first:]
    widths = [b.width for b in boxes]
    # a filled paragraph has no runt rule: a last line of one unit alone ("す。") is the breaker's to
    # avoid (``fill``), at the cost of one character on the line before it
    result = break_lines(widths, gaps, width, justify, runt=0.0 if fill else style.runt * width,
                         plain_end=plain_end, space_stretch=_space_stretch(style), fill=fill)
    if plain_end is not None and not _honoured(result.breaks, gaps, plain_end):
        return _lay_out(text, style, width + style.indent, start)
    lines = []
    begin = 0
    for number, end in enumerate(result.breaks):
        last = number == len(result.breaks) - 1
        ending = None if last else gaps[end]
        beginning = gaps[begin - 1] if begin else before
        lines.append(_line(boxes[begin:end + 1], gaps[begin:end], ending, style, width, para_level,
                           justify and not last, s, beginning))
        begin = end + 1
    return Laid(tuple(lines), width, para_level == 1)


def _ideographic(s: str, boxes, gaps: list[Gap]) -> bool:
    """Is the paragraph CJK text, most of its breaks between two Han or kana characters (kinsoku
    allowing)? Korean breaks between words (Hangul is its own script) and is not."""
    def han_either_side(k: int) -> bool:
        before, after = s[boxes[k].pieces[-1].end - 1], s[boxes[k + 1].pieces[0].start]
        return script_of_char(before) == "Hani" == script_of_char(after)

    between = sum(1 for k, gap in enumerate(gaps) if gap.kind == ZERO and han_either_side(k))
    return 2 * between > len(gaps)


def _space_stretch(style: TextStyle) -> float:
    """How far one word space of the paragraph's regular face stretches when justified (pt)."""
    f = load_face(style.font_for(REGULAR)[0])
    return f.advance(f.glyph(" ")) * style.size / f.upem * (MAX_SPACE - 1)


def _honoured(breaks: tuple[int, ...], gaps: list[Gap], plain_end: int) -> bool:
    return len(breaks) >= plain_end + 2 and not gaps[breaks[plain_end - 1]].flagged


@lru_cache(maxsize=1024)
def _prepared(text: str, style: TextStyle, width: float):
    """The paragraph as boxes and gaps (shaped, with its break opportunities), before breaking."""
    para = styled(text.strip(), style.emphasis)
    s = para.text
    if not s:
        return None
    lv, para_level = levels(s, style.base)
    lv = _inner_space_levels(s, lv)
    sc = scripts(s)
    boxes, gaps = _items(s, para.styles, lv, sc, style, style.align == "justify")
    boxes, gaps = _split_overlong(boxes, gaps, width, s, para.styles, lv, sc, style)
    return s, boxes, gaps, para_level


# --------------------------------------------------------------------------- items
def _items(s, styles, lv, sc, style: TextStyle, justify: bool):
    points = (0,) + br.opportunities(s, style.locale, style.line_break, style.whole_words) + (len(s),)
    addresses = br.addresses(s) if style.hyphenate else ()
    boxes: list[_Box] = []
    gaps: list[Gap] = []
    pending: Gap | None = None
    for k, (a, e) in enumerate(zip(points, points[1:])):
        c = e
        while c > a and s[c - 1] == " ":
            c -= 1
        if c == a:  # spaces only (doubled spaces): widen the gap before
            if pending is not None:
                pending = Gap(SPACE, pending.width + _space_width(s, a, styles, style, e) * (e - a),
                              pending.stretch, pending.shrink)
            continue
        if pending is not None:
            gaps.append(pending)
        word = s[a:c]
        cuts = [a]
        if style.hyphenate and c - a >= 6 and not any(x < c and a < y for x, y in addresses):
            cuts += [a + p for p in br.hyphen_points(word, style.hyphenate)]
        cuts.append(c)
        for i, (x, y) in enumerate(zip(cuts, cuts[1:])):
            if i:
                gaps.append(Gap(HYPHEN, break_width=_hyphen_width(s, x - 1, styles, style), flagged=True))
            boxes.append(_Box(_pieces(s, x, y, a, c, styles, lv, sc, style)))
        if e > c:  # a space follows
            space = _space_width(s, c, styles, style, e) * (e - c)
            pending = Gap(SPACE, space, space * (MAX_SPACE - 1) if justify else 0.0,
                          space / 3 if justify else 0.0)
        elif s[c - 1] == SOFT_HYPHEN:
            pending = Gap(HYPHEN, break_width=_hyphen_width(s, c - 1, styles, style), flagged=True)
        else:
            cjk = sc[c - 1] in _CJK or (c < len(s) and sc[c] in _CJK)
            stretch = style.size * CJK_STRETCH if (justify and cjk) else 0.0
            # a closing mark ending a line, an opening mark starting one: half width
            end_saving = _edge_saving(s, c - 1, styles, style) if s[c - 1] in CLOSING else 0.0
            start_saving = _edge_saving(s, c, styles, style) if c < len(s) and s[c] in OPENING else 0.0
            following = s[e:points[k + 2]].strip() if k + 2 < len(points) else ""
            pending = Gap(ZERO, stretch=stretch, flagged=s[c - 1] in br._HYPHENS, break_width=-end_saving,
                          start_width=-start_saving, avoid=style.whole_words and _inside_phrase(word, following))
    return boxes, gaps


def _inside_phrase(word: str, following: str) -> bool:
    """Between two dictionary words, is a break still probably inside a word or phrase? ICU's
    dictionary leaves a term it does not know as lone ideographs (肌|萎缩|侧|索|硬化), and a
    Japanese particle (は, に, が: one hiragana) belongs to the word before it."""
    if not word or not following:
        return False
    lone = lambda w: len(w) == 1 and _ideograph(w)  # noqa: E731
    between_ideographs = _ideograph(word[-1]) and _ideograph(following[0])
    return between_ideographs and (lone(word) or lone(following)) or \
        (len(following) == 1 and unicodedata.name(following, "").startswith("HIRAGANA"))


def _ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def _pieces(s, x, y, word_start, word_end, styles, lv, sc, style: TextStyle) -> list[_Piece]:
    """Shape s[x:y] in runs of equal style, level and script, with its word as context."""
    word = s[word_start:word_end]
    out = []
    i = x
    while i < y:
        j = i + 1
        style_i, level_i, script_i = styles[i], lv[i], sc[i]
        while j < y and styles[j] == style_i and lv[j] == level_i and sc[j] == script_i:
            j += 1
        font, slant = style.font_for(styles[i])
        halt = () if _HALF_WIDTH.isdisjoint(s[i:j]) else \
            tuple(k - word_start for k in range(i, j) if _pair_halted(s, k))
        shaped = shape(font, word, i - word_start, j - word_start, lv[i] % 2 == 1, sc[i].lower(),
                       style.locale.split("_")[0], halt)
        scale = style.size / load_face(font).upem
        out.append(_Piece(i, j, lv[i], font, slant, shaped.glyphs, shaped.width * scale, word, word_start))
        i = j
    return out


def _pair_halted(s: str, k: int) -> bool:
    """Is s[k] a full-width mark whose blank half meets the next mark's (closing before any
    mark: "）。", "，（") or the previous one's (opening after opening: "（「")?"""
    c = s[k]
    if c in CLOSING:
        return k + 1 < len(s) and (s[k + 1] in CLOSING or s[k + 1] in OPENING)
    return c in OPENING and k > 0 and s[k - 1] in OPENING


def _edge_saving(s, k, styles, style: TextStyle) -> float:
    """How much narrower s[k] is at half width (``halt``), in pt; 0 where the font has no
    such form or the character is not full-width punctuation."""
    if (s[k] not in OPENING and s[k] not in CLOSING) or _pair_halted(s, k):
        return 0.0
    font, _ = style.font_for(styles[k])
    full, half = shape(font, s[k], 0, 1, False, None, None), shape(font, s[k], 0, 1, False, None, None, (0,))
    return (full.width - half.width) * style.size / load_face(font).upem


def _space_width(s, i, styles, style: TextStyle, end: int | None = None) -> float:
    """The width of the space at s[i] (spaces run to ``end``): the font's own, or the wider
    ``style.latin_space`` where the text on either side is set in Latin letters."""
    font, _ = style.font_for(styles[i] if i < len(styles) else REGULAR)
    f = load_face(font)
    own = f.advance(f.glyph(" ")) * style.size / f.upem
    end = i + 1 if end is None else end
    if style.latin_space and (_latin_word(s, i - 1, -1) or _latin_word(s, end, 1)):
        return max(own, style.latin_space * style.size)
    return own


def _latin_word(s: str, k: int, step: int) -> bool:
    """Is the word that reaches s[k] Latin where it meets the space: its nearest letter or digit,
    past brackets and punctuation ("(ALS)", "2.5,"), a Latin letter or a European digit?"""
    while 0 <= k < len(s) and not s[k].isspace():
        ch = s[k]
        if ch.isalnum():
            return "0" <= ch <= "9" or script_of_char(ch) == "Latn"
        k += step
    return False


def _hyphen_width(s, i, styles, style: TextStyle) -> float:
    font, _ = style.font_for(styles[i])
    return _hyphen(font)[1] * style.size


def _hyphen(font: str, rtl: bool = False):
    """The hyphen added at the end of a broken word: its glyph, and its width per point of
    size (one definition for the breaker, the line's width and the drawing)."""
    g = shape(font, "-", 0, 1, rtl, None, None).glyphs[0]
    return g, g.advance / load_face(font).upem


def _split_overlong(boxes, gaps, width, s, styles, lv, sc, style):
    """A box wider than the line (a long URL or compound), or than the line less the hyphen that
    follows it (a syllable), is cut between characters."""
    room = [width - max(gaps[k].break_width, 0.0) if k < len(gaps) else width for k in range(len(boxes))]
    if all(b.width <= r for b, r in zip(boxes, room)):
        return boxes, gaps
    out_boxes, out_gaps = [], []
    for k, box in enumerate(boxes):
        if k:
            out_gaps.append(gaps[k - 1])
        if box.width <= room[k]:
            out_boxes.append(box)
            continue
        a, e = box.pieces[0].start, box.pieces[-1].end
        word_start, word_end = box.pieces[0].offset, box.pieces[0].offset + len(box.pieces[0].context)
        start = a
        while start < e:
            end = _cluster_end(s, start, e)
            while end < e and _Box(_pieces(s, start, _cluster_end(s, end, e), word_start, word_end, styles, lv,
                                           sc, style)).width <= room[k]:
                end = _cluster_end(s, end, e)
            out_boxes.append(_Box(_pieces(s, start, end, word_start, word_end, styles, lv, sc, style)))
            if end < e:
                out_gaps.append(Gap(ZERO))
            start = end
    return out_boxes, out_gaps


def _cluster_end(s: str, i: int, e: int) -> int:
    """The end of the cluster starting at ``i``: a letter with its marks, joiners and, after a
    virama, the consonant it joins (a Tamil vowel sign or a Devanagari conjunct is never cut:
    "சரிபார்க்கப்படவில்லை" split before its ை printed the sign alone on a dotted circle)."""
    i += 1
    while i < e and (unicodedata.category(s[i])[0] == "M" or s[i] in "\u200c\u200d"
                     or unicodedata.combining(s[i - 1]) == 9):
        i += 1
    return i


# --------------------------------------------------------------------------- lines
def _line(boxes, inner_gaps, ending: Gap | None, style: TextStyle, width: float, para_level: int,
          justify: bool, s: str, beginning: Gap | None = None) -> Line:
    """One line: its width and justification now, its glyphs when drawn (``_place``).
    A full-width mark at the line's end or start counts half its width (``Gap.break_width``,
    ``Gap.start_width``): the blank half lies outside the measure."""
    items: list[tuple] = []  # (piece or gap, level)
    for k, box in enumerate(boxes):
        for piece in box.pieces:
            items.append(("piece", piece, piece.level))
        if k < len(inner_gaps):
            gap = inner_gaps[k]
            last = box.pieces[-1]
            if gap.kind == SPACE:
                items.append(("space", (gap, last), _space_level(box, boxes[k + 1], para_level)))
            elif gap.stretch:
                items.append(("stretch", (gap, last), last.level))
    if ending is not None and ending.kind == HYPHEN:
        last = boxes[-1].pieces[-1]
        items.append(("hyphen", last, last.level))
    natural = sum(_item_width(kind, obj, style) for kind, obj, _ in items)
    lead = beginning.start_width if beginning is not None else 0.0  # ≤ 0
    if ending is not None and ending.kind == ZERO:
        natural += ending.break_width
    natural += lead
    gaps = [obj[0] for kind, obj, _ in items if kind in ("space", "stretch")]
    stretch, shrink = sum(gap.stretch for gap in gaps), sum(gap.shrink for gap in gaps)
    extra_ratio, loose = 0.0, False
    if justify and stretch > 0 and natural < width:
        extra_ratio = (width - natural) / stretch
        if extra_ratio > 1:
            extra_ratio, loose = 1.0, True
    elif justify and not stretch and natural < width - FILLED:
        loose = True  # nothing to stretch (one long word, Thai without a space): set short
    elif natural > width and shrink > 0:  # the breaker set this line (the last one too) with its spaces shrunk
        extra_ratio = max((width - natural) / shrink, -1.0)
    used = natural + (stretch if extra_ratio > 0 else shrink) * extra_ratio
    text = s[boxes[0].pieces[0].start:boxes[-1].pieces[-1].end]
    item_levels = [lvl for _, _, lvl in items]
    return Line(natural, loose, text, any(lvl % 2 for lvl in item_levels), boxes[0].pieces[0].start,
                bool(ending is not None and ending.flagged),
                placing=(boxes, items, item_levels, used, extra_ratio, lead, style, width, para_level, s, beginning))


def _adjusted(gap: Gap, ratio: float) -> float:
    """A gap's width at the line's adjustment ratio: stretched (> 0) or shrunk (< 0), as the
    breaker measured the line."""
    return gap.width + (gap.stretch if ratio > 0 else gap.shrink) * ratio


def _place(boxes, items, item_levels, used, extra_ratio, lead, style: TextStyle, width: float,
           para_level: int, s: str, beginning: Gap | None) -> tuple[tuple[Placed, ...], tuple[Segment, ...]]:
    """A line's glyphs placed (bidi reordering by the UBA's rule L2, alignment, justification),
    and their text operations. ``used``: the line's width as set (spaces stretched or shrunk)."""
    size = style.size
    # rule L2: from the highest level down to the lowest odd level, reverse every run at that level or higher
    order = list(range(len(items)))
    if any(item_levels):
        top = max(item_levels)
        lowest_odd = min((lvl for lvl in item_levels if lvl % 2), default=top + 1)
        for level in range(top, lowest_odd - 1, -1):
            i = 0
            while i < len(order):
                if item_levels[order[i]] >= level:
                    j = i
                    while j < len(order) and item_levels[order[j]] >= level:
                        j += 1
                    order[i:j] = reversed(order[i:j])
                    i = j
                else:
                    i += 1
    align = style.align
    start_side_left = para_level == 0
    if align in ("justify", "start"):
        align = "left" if start_side_left else "right"
    elif align == "end":
        align = "right" if start_side_left else "left"
    if align == "center":
        x = (width - used) / 2
    elif align == "left":
        x = 0.0
    else:
        x = width - used
    if start_side_left:
        x += style.indent + lead
    placed: list[tuple[int, int, Placed]] = []  # (logical key, sequence, glyph)
    left = x
    for index in order:
        kind, obj, level = items[index]
        if kind == "piece":
            placed += _place_piece(obj, x, style, s)
            x += obj.width
        elif kind in ("space", "stretch"):
            gap, last = obj
            w = _adjusted(gap, extra_ratio)
            if kind == "space":
                f = load_face(last.font)
                gid = f.glyph(" ")
                placed.append(((last.end, 0), Placed(last.font, last.slant, gid, x, 0.0, " ", level % 2 == 1)))
            x += w
        else:  # the hyphen of a broken word, at the word's end in reading order
            g, width = _hyphen(obj.font, obj.level % 2 == 1)
            placed.append(((obj.end, 1), Placed(obj.font, obj.slant, g.gid, x, 0.0, SOFT_HYPHEN, obj.level % 2 == 1)))
            x += width * size
    if beginning is not None and beginning.kind == SPACE:
        placed.append(((-1, 0), _break_space(boxes[0].pieces[0], left, x, para_level == 1, size)))
    placed.sort(key=_first)
    glyphs = tuple(p for _, p in placed)
    if para_level == 1:
        glyphs = _close_left_to_right(glyphs)
    spacing = round(max((_adjusted(obj[0], extra_ratio) - obj[0].width for kind, obj, _ in items if kind == "stretch"),
                        default=0.0), 3)
    return glyphs, _segments(glyphs, size, spacing)


def _break_space(first: _Piece, left: float, right: float, rtl: bool, size: float) -> Placed:
    """The space a line was broken at, carried invisibly just before the line's start (in the
    margin on the start side), so that the line end copies out as a word break in every
    extractor: pypdf reads a page's lines on as one text, without the skipped footer's line
    break between pages ("liefern" + "weitere"); pdfium drops a line end after a hyphen as a
    soft hyphen unless the next line starts with a space ("Schmerz- und"). Carried at the
    next line's start rather than at this line's end: pdfium's hyphen test skips trailing
    spaces. A break at a hyphen or between CJK characters carries nothing."""
    f = load_face(first.font)
    gid = f.glyph(" ")
    x = right if rtl else left - f.advance(gid) * size / f.upem
    return Placed(first.font, first.slant, gid, x, 0.0, " ", rtl)


def _close_left_to_right(glyphs: tuple[Placed, ...]) -> tuple[Placed, ...]:
    """In a right-to-left line, an RLM (drawn as BLANK) after every left-to-right run
    ("ALS", "100,000") and every number separator or terminator set right to left (a comma
    or a full stop after a word), just left of it. After, not before: a search for
    "ל־ALS" or "עמוד 2" still finds the words.

    poppler rebuilds a right-to-left line from positions with a bidi rule of its own: it
    counts ", . : % +" as digits and takes the neutral characters left of a left-to-right
    run into it, so "(ALS)" came out "()ALS", "ALS." as ".ALS" and "word, word" as
    "word ,word". A strong right-to-left character there ends the run where the Unicode
    algorithm ends it; the mark is invisible and changes nothing in the logical text.
    """
    out: list[Placed] = []
    run: list[Placed] = []
    kind = None
    for g in glyphs + (None,):
        this = None if g is None else "ltr" if not g.rtl else "weak" if _weak(g.text) else None
        if run and this != kind:
            last = run[-1]
            out += run
            # of the run it closes, but a right-to-left glyph, so an operation of its own
            # (_segments): written at the end of the run's operation, with the pen moved back
            # left over the run, pdfium read a space before the run ("ל־ \u200fALS"); alone it
            # has no width, and pdfium skips it (pypdf and poppler read it as before)
            out.append(Placed(last.font, last.slant, BLANK, min(r.x for r in run) - 0.001, 0.0, RLM, True,
                              run=last.run))
            run = []
        kind = this
        if this is not None:
            run.append(g)
        elif g is not None:
            out.append(g)
    return tuple(out)


def _weak(text: str) -> bool:
    return bool(text) and all(unicodedata.bidirectional(c) in ("ES", "ET", "CS", "EN", "AN") for c in text)


def _languages(glyphs: tuple[Placed, ...], languages: tuple[tuple[int, int, str], ...]) -> list:
    """Each glyph's language where it is not the paragraph's (else None): a glyph's by its
    cluster; a space, or the hyphen of a broken word, goes with the glyph before it (a space
    alone in an operation has an empty box, which pdfium skips), the space a line was broken at
    with the one after it; a right-to-left glyph (a bidi mark) is never in one."""
    out: list = [None] * len(glyphs)
    for n, g in enumerate(glyphs):
        if g.rtl:
            continue
        if g.cluster >= 0:
            out[n] = next((tag for a, b, tag in languages if a <= g.cluster < b), None)
        elif n:
            out[n] = out[n - 1]
    if len(glyphs) > 1 and glyphs[0].cluster < 0 and not glyphs[0].rtl:
        out[0] = out[1]
    return out


def _segments(glyphs: tuple[Placed, ...], size: float, spacing: float = 0.0,
              languages: tuple[tuple[int, int, str], ...] = ()) -> tuple[Segment, ...]:
    """Group a line's glyphs into text operations, in logical order.

    ``spacing``: the width a justified CJK line adds between characters, written as
    character spacing (Tc) rather than as gaps in the glyph positions, which extractors
    copy out as spaces between the characters; where less goes between two glyphs (inside
    a Latin word) the position takes it back.

    A right-to-left word (one shaped run at one height) is one operation whose glyphs
    are written in visual order, as text extractors that read operations in stream
    order (pypdf) expect: they reverse a run of RTL letters inside one operation.
    Between operations the order is logical, so mixed lines ("(ALS)", "و70") and
    lines broken across columns read back in reading order.

    ``languages``: (start, end, tag) offsets of words in another language than the
    paragraph's; their glyphs are operations of their own (``Segment.lang``).
    """
    groups: list[list[Placed]] = []
    keys: list[tuple] = []
    lang_of = _languages(glyphs, languages) if languages else [None] * len(glyphs)
    spanned, span_of = _spanned(glyphs, size)
    read_as_rtl = set()
    if _READ_AS_RTL.search("".join(g.text for g in glyphs)):  # one search for the line; per glyph only where needed
        read_as_rtl = {g.run for g in glyphs if not g.rtl and _READ_AS_RTL.search(g.text)}
    if not spanned and not read_as_rtl and not any(g.rtl for g in glyphs):
        # a left-to-right line without spans (most lines): one operation per font and slant
        if not languages:
            for (font, slant), run in groupby(glyphs, key=_font_and_slant):
                groups.append(list(run))
                keys.append((font, slant, False, None, None, None))
        else:
            for (font, slant, lang), run in groupby(zip(glyphs, lang_of), key=lambda p: (p[0].font, p[0].slant, p[1])):
                groups.append([g for g, _ in run])
                keys.append((font, slant, False, None, None, lang))
    else:
        for n, g in enumerate(glyphs):
            # right-to-left letters of one run stay together (every right-to-left glyph carries
            # one character, see _share); anything else (punctuation, digits, spaces inside a
            # right-to-left line) is an operation of its own
            letters = g.rtl and (not g.text or (len(g.text) == 1 and unicodedata.bidirectional(g.text) in _RTL_WORD))
            alone = g.rtl or g.run in read_as_rtl
            key = (g.font, g.slant, letters, g.run if letters else (n if alone else None),
                   None if letters else span_of[n], lang_of[n])
            if not groups or key != keys[-1]:
                groups.append([])
                keys.append(key)
            groups[-1].append(g)
    out = []
    for index, (key, group) in enumerate(zip(keys, groups)):
        actual = spanned.get(key[4]) if key[4] is not None else None
        if key[2]:  # right-to-left letters: visual order (clusters right to left, each as _share ordered it)
            if any(not g.text for g in group):
                # a word with glyphs left without text (Nastaliq): /ActualText over the word, written
                # left to right, as poppler and pdfium lay it over the span and then reverse it with
                # the line (in logical order every Urdu word came out reversed in both)
                actual = copied_text(tuple(group))[::-1]
            group = sorted(group, key=lambda g: -g.cluster)
        items: list = []
        pen = start = group[0].x
        face = load_face(group[0].font)
        advances = face.pdf_advance
        before = groups[index - 1][-1] if index else None
        if actual is not None and before is not None and not _advance(advances, before) and abs(before.x - start) < 0.01:
            # a span right after a mark without advance at its start ("ਰੇ" + "ਬ੍ਰੋ"): poppler puts
            # the mark's empty box after the span's and then on a line of its own ("ਸੈਰਬ੍ਰੋ" /
            # "ੇ ਸਪਾਈਨਲ"); the span starts with a BLANK just right of it
            pen = start = start + _AHEAD
            items.append((BLANK, ""))
        # a right-to-left word ends where its furthest glyph's advance reaches: a Nastaliq word's
        # last glyph in visual order can be a dot left of it, and poppler read the rest as a space
        # before the next character ("( برین")
        right = max(g.x + _advance(advances, g) * size / 1000 for g in group) if key[2] else None
        last = len(group) - 1
        for n, g in enumerate(group):
            adjust = round((pen - g.x) * 1000 / size, 2)
            if abs(adjust) > 0.01:
                items.append(adjust)
            advance = 0 if g.gid == BLANK else advances[g.gid]  # _advance, inline: asked for every glyph
            width = None
            nxt = group[n + 1] if n < last else None
            if nxt is not None and nxt.x > g.x and (not (advance and _advance(advances, nxt)) or (
                    key[2] and nxt.x - g.x - advance * size / 1000 > 0.005)):
                # a mark (or BLANK), and the letter under it, declare the width up to the next
                # glyph, so that the glyphs' boxes tile the word: moving the pen back right
                # would be a gap to extractors (pypdf reads a space), and overlapping boxes
                # split the line (poppler); so does any glyph of a right-to-left word that ends
                # short of the next (a Nastaliq word's glyphs are placed by cursive attachment:
                # pypdf read "بولنے" with a space inside)
                declared = round((nxt.x - g.x - spacing) * 1000 / size)
                if declared != advance:
                    advance = width = declared
            elif nxt is None and right is not None and round((right - g.x) * 1000 / size) > advance:
                advance = width = round((right - g.x) * 1000 / size)
            if g.dy:
                # a glyph placed above or below the baseline (a mark, a letter of a Nastaliq
                # cascade) is drawn on the baseline as a glyph of the embedded subset that holds
                # the offset (pdffont, fontfile.Face.subset): a text rise (Ts) ends the TJ, and a
                # word in several operations split poppler's lines by height and made pdfium
                # read a span's text once per operation ("every Urdu word twice")
                items.append((g.gid, g.text, advance, round(g.dy * face.upem / size)))
            elif width is not None:
                items.append((g.gid, g.text, width))
            else:
                items.append((g.gid, g.text))
            pen = g.x + advance * size / 1000 + spacing
        out.append(_segment(key, start, items, group[0].rtl or group[0].run in read_as_rtl, actual, spacing))
    return tuple(out)


def _spanned(glyphs: tuple[Placed, ...], size: float) -> tuple[dict, list]:
    """The left-to-right clusters whose glyphs cannot each carry a share of the text, with
    their text, and for each glyph the cluster it is written with (or None): one operation
    with /ActualText. Three cases: more glyphs than characters (a Bengali or Tamil
    two-part vowel, Thai sara am); a mark that sits right of where the next cluster starts
    (a Thai tone mark over a letter followed by sara aa): extractors that rebuild words
    from positions read the mark after the next letter; and two glyphs starting less than
    ``_STACKED`` em apart (a Thai tone mark over an upper vowel, "ขึ้น", "นี้"): poppler takes
    the second for duplicated text and put the vowel on a line of its own ("ข้น" / "ึ") or
    read a space after the cluster.

    Spaces join a span: a space after one (in an operation of its own, pdfium skips it:
    its box is empty), and the break space before a line starting with a letter of a script
    written without spaces between words (_UNSPACED): poppler reads no space glyph, only a
    space inside an /ActualText, and there a line end alone does not say whether the line
    broke at a space (Thai "ยกเว้นในรูปแบบ" / "ที่ถ่ายทอด" has none, "น้อย" / " สาเหตุ" has one)."""
    lead_possible = len(glyphs) > 1 and glyphs[0].text == " " and glyphs[1].cluster >= 0 and not glyphs[1].rtl \
        and _unspaced(glyphs[1].text)
    if not lead_possible:
        # most lines (Latin, Cyrillic, Greek, CJK) have one glyph per cluster: no span at all
        clustered = [(g.run, g.cluster) for g in glyphs if g.cluster >= 0 and not g.rtl]
        if len(set(clustered)) == len(clustered):
            return {}, [None] * len(glyphs)
    members: dict = {}
    after: dict = {}
    for n, g in enumerate(glyphs):
        if not g.rtl and g.cluster >= 0:
            key = (g.run, g.cluster)
            members.setdefault(key, []).append(g)
            after[key] = glyphs[n + 1] if n + 1 < len(glyphs) else None
    stacked = _STACKED * size
    spans = {key: "".join(g.text for g in group) for key, group in members.items()
             if len(group) > 1 and (any(not g.text for g in group)
                                    or (after[key] is not None and max(g.x for g in group) > after[key].x + 0.01)
                                    or any(abs(b.x - a.x) < stacked for a, b in zip(group, group[1:])))}
    lead = None  # the first cluster, after the break space, of a line in such a script
    if lead_possible:
        lead = (glyphs[1].run, glyphs[1].cluster)
        spans[lead] = " " + spans.get(lead, "".join(g.text for g in members[lead]))
    of = [(g.run, g.cluster) if not g.rtl and (g.run, g.cluster) in spans else None for g in glyphs]
    for n, g in enumerate(glyphs):
        if g.rtl or g.cluster >= 0 or g.text != " ":
            continue
        if n == 0:
            of[0] = lead
        elif of[n - 1] is not None:  # a word space after a span
            spans[of[n - 1]] += " "
            of[n] = of[n - 1]
    return spans, of


def _unspaced(text: str) -> bool:
    return any(script_of_char(c) in _UNSPACED for c in text)


# scripts written without spaces between words (UAX #14 class SA: lines break inside a "word")
_UNSPACED = ("Thai", "Laoo", "Khmr", "Mymr")


def _advance(advances, g: Placed) -> int:
    return 0 if g.gid == BLANK else advances[g.gid]


# Extractors order what starts at one place by positions they compute in floating point: pdfium
# inserts each operation of a line after the last one starting left of or where it starts (an
# operation of a span that starts where the next one starts came after it), poppler sorts words
# by where they start. Where the order matters, one starts this far (pt) from the other.
_AHEAD = 0.05
# poppler takes a glyph starting less than this many em from the previous one for duplicated text
_STACKED = 0.1
_RTL_WORD = ("R", "AL", "NSM", "BN")  # letters, their marks, joiners
# pypdf reads every character of the Hebrew and Arabic blocks as right to left, whatever its
# bidi class, and reverses a run of them: Persian digits set left to right ("۲۷") came out
# reversed ("۷۲"). Every glyph of a left-to-right run that holds one ("۱٫۶:۱") is written as an
# operation of its own (after a Tf, which ends pypdf's run), like a right-to-left glyph outside a word.
_READ_AS_RTL = re.compile("[\u0590-\u08ff]")


def _segment(key, start: float, items: list, rtl: bool, actual: str | None = None,
             spacing: float = 0.0) -> Segment:
    pairs = frozenset(i for i in items if type(i) is tuple)
    return Segment(key[0], key[1], start, tuple(items), pairs, rtl, actual, spacing, key[5])


def _inner_space_levels(s: str, lv: tuple[int, ...]) -> tuple[int, ...]:
    """A space no line may break at ('44 123', a number's groups; a no-break space) between two
    runs of one direction takes their level, as a space a line may break at does (_space_level);
    by the UBA's N1 it took the paragraph's, and '+41 44 123' was drawn '123 41 44'."""
    out = list(lv)
    for i in range(1, len(s) - 1):
        if s[i] in _INNER_SPACES and lv[i - 1] % 2 == lv[i + 1] % 2:
            out[i] = min(lv[i - 1], lv[i + 1])
    return tuple(out)


def _space_level(before: _Box, after: _Box, para_level: int) -> int:
    """A space between two runs of one direction has their level; otherwise the paragraph's (UBA N1/N2)."""
    a, b = before.pieces[-1].level, after.pieces[0].level
    if a % 2 == b % 2:
        return min(a, b)
    return para_level


def _item_width(kind, obj, style) -> float:
    if kind == "piece":
        return obj.width
    if kind in ("space", "stretch"):
        return obj[0].width
    return _hyphen(obj.font)[1] * style.size


def _place_piece(piece: _Piece, x0: float, style: TextStyle, s: str) -> list:
    """Glyphs of one shaped run at their x positions, keyed for logical order, each with
    its share of its cluster's text (_share)."""
    rtl = piece.level % 2 == 1
    rel = _relative(piece.font, piece.glyphs, piece.context, piece.end - piece.offset, style.size, rtl)
    font, slant, offset = piece.font, piece.slant, piece.offset
    new = tuple.__new__  # Placed(...) without its Python-level __new__: one per glyph drawn
    return [((offset + cluster, 0), new(Placed, (font, slant, gid, x0 + dx, dy, text, rtl, offset, offset + cluster)))
            for cluster, gid, dx, dy, text in rel]


@lru_cache(maxsize=65536)
def _relative(font: str, glyphs: tuple, context: str, end: int, size: float, rtl: bool) -> tuple:
    """(cluster, glyph, x from the run's start, y offset, text) in logical order of the
    clusters; within a cluster in the order the glyphs are written (see _share)."""
    scale = size / load_face(font).upem
    members: dict[int, list] = {}
    x = 0.0
    for g in glyphs:  # visual order
        members.setdefault(g.cluster, []).append((g.gid, x + g.dx * scale, g.dy * scale, x, g.advance * scale))
        x += g.advance * scale
    clusters = sorted(members)  # an RTL run comes out reversed
    out = []
    for i, c in enumerate(clusters):
        # bidi marks and break hints are drawn as nothing and are not copied; joiners are
        # copied (Persian spelling needs ZWNJ), though HarfBuzz drew them as nothing
        text = undrawn(context[c:clusters[i + 1] if i + 1 < len(clusters) else end], JOINERS)
        out += [(c, *share) for share in _share(members[c], text, rtl)]
    return tuple(out)


def _share(members: list, text: str, rtl: bool) -> list:
    """Split a cluster's text among its glyphs so that every glyph carries some of it.

    ``members``: (glyph, drawn x, y offset, pen x, advance) in visual order. Extractors
    that rebuild lines from positions (poppler's pdftotext) read a glyph that carries no
    text as a gap, hence a space inside the word, and pdfium copies such a glyph as its
    code; so the text is dealt out over the glyphs left to right, in visual order: the
    logical order for left-to-right, reversed for right-to-left. Right-to-left glyphs carry
    one character each (poppler spreads a glyph's several characters left to right, pypdf
    keeps them in order: both readings can only agree on one), so the letters left over
    (the lam of lam-alef) go to BLANK glyphs placed inside the cluster, right of its
    glyphs. Left to right, the surplus goes to the last glyph with an advance. A cluster of
    more glyphs than characters leaves the last glyphs without text: the cluster (or the
    right-to-left word) is then written with /ActualText (_segments, _spanned).
    """
    if len(members) == 1 and (len(text) <= 1 or not rtl):
        gid, x, dy, _, _ = members[0]
        return [(gid, x, dy, text)]
    if rtl:
        members = sorted(members, key=lambda m: m[1])
        chars = text[::-1]
    else:
        chars = text
    m, n = len(members), len(chars)
    if n <= m or rtl:
        shares = list(chars[:m]) + [""] * (m - n)
    else:
        k = max((i for i, mem in enumerate(members) if mem[4] > 0), default=m - 1)
        shares = list(chars[:k]) + [chars[k:k + 1 + n - m]] + list(chars[k + 1 + n - m:])
    out = [(gid, x, dy, share) for (gid, x, dy, _, _), share in zip(members, shares)]
    if rtl and n > m:
        last = max(mem[1] for mem in members)
        right = max(mem[3] + mem[4] for mem in members)
        step = max(right - last, 0.01) / (n - m + 1)
        out += [(BLANK, last + step * (j + 1), 0.0, ch) for j, ch in enumerate(chars[m:])]
    return out
