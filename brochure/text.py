"""Script handling for translated text: Arabic joining and right-to-left lines.

ReportLab's own right-to-left path is not usable for patient leaflets: it needs a
bidi module that is not on PyPI, prints reversed letters without it, and with a
provider it maps visual words back to logical words by their first character, so
a mirrored bracket swaps words ("(SOD1, TDP43, …)" in Hebrew printed as
"(TDP43) TDP43"). Right-to-left paragraphs are therefore laid out by ``RTLParagraph``:
lines are broken in logical order, and each finished line is reordered on its own
by python-bidi (the Unicode Bidirectional Algorithm, with bracket mirroring).
Arabic letters are joined beforehand into presentation forms by arabic-reshaper,
because ReportLab cannot shape right-to-left text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python UBA: it mirrors brackets (rule L4), the Rust one does not
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from .charpolicy import JOINERS, undrawn  # bidi marks steer the UBA, then are drawn as nothing

_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def join_arabic(text: str) -> str:
    """Arabic letters → contextual presentation forms (logical order kept)."""
    return _RESHAPER.reshape(text)


def visual_line(text: str, base: str | None = "R") -> str:
    """One line in the order it is drawn, left to right; ``base`` is the paragraph
    direction: "R", "L", or None to take it from the first strong character (UBA P2)."""
    return _marks_after_base(get_display(text, base_dir=base))


def _marks_after_base(visual: str) -> str:
    """Put combining marks after their right-to-left base letter, as FriBidi's REORDER_NSM does.

    Reversing an RTL run puts a mark (Arabic damma, tanwin) in front of its letter;
    drawn left to right without shaping, it would then sit on the neighbouring letter.
    """
    out: list[str] = []
    marks: list[str] = []
    for ch in visual:
        if unicodedata.category(ch) == "Mn":
            marks.append(ch)
            continue
        if marks and unicodedata.bidirectional(ch) in ("R", "AL"):
            out.append(ch)
            out.extend(reversed(marks))  # the reversal also swapped stacked marks (shadda + tanwin)
        else:
            out.extend(marks)
            out.append(ch)
        marks = []
    out.extend(marks)
    return "".join(out)


class LineParagraph(Flowable):
    """A single-style paragraph whose lines we break ourselves; ReportLab only places it.

    Honours the style's font, size, leading, colour, alignment, spaceBefore/After and
    keepWithNext; splits between lines across frames without leaving a single line
    behind or ahead (no widows or orphans). Subclasses say what a line is made of.
    """

    def __init__(self, style, justify_last: bool = False):
        super().__init__()
        self.style = style
        self.justify_last = justify_last
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.lines: list[list[str]] = []

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def _break(self, width: float) -> list[list[str]]:
        raise NotImplementedError

    def _copy(self, lines: list[list[str]], justify_last: bool) -> "LineParagraph":
        raise NotImplementedError

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.lines = self._break(availWidth)
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        lines = self._break(availWidth)
        fits = int((availHeight + 1e-6) // self.style.leading)
        if fits >= len(lines):
            return [self]
        fits = min(fits, len(lines) - 2)  # never a single line left over at the top of the next frame
        if fits < 2:  # nor a single line at the foot of this one
            return []
        first = self._copy(lines[:fits], justify_last=True)
        first.keepWithNext = 0
        return [first, self._copy(lines[fits:], self.justify_last)]


class RTLParagraph(LineParagraph):
    """A right-to-left paragraph of plain text: lines of words, each line reordered by the UBA."""

    def __init__(self, text: str, style, justify_last: bool = False, base: str | None = "R", shape: bool = False):
        super().__init__(style, justify_last)
        self.text = text
        self.base = base
        self.shape = shape  # Arabic: each word shaped by HarfBuzz (joining, ligatures, marks)
        self.words = text.split()

    def _copy(self, lines, justify_last):
        text = " ".join(w for line in lines for w in line)
        return RTLParagraph(text, self.style, justify_last, base=self.base, shape=self.shape)

    def _width(self, text: str) -> float:
        text = undrawn(text, JOINERS) if self.shape else undrawn(text)
        if self.shape and _shapeable(text):
            return _shaped(text, self.style.fontName, self.style.fontSize)[1]
        return stringWidth(text, self.style.fontName, self.style.fontSize)

    def _break(self, width: float) -> list[list[str]]:
        space = self._width(" ")
        lines: list[list[str]] = []
        line: list[str] = []
        used = 0.0
        for word in self.words:
            w = self._width(word)
            if line and used + space + w > width:
                lines.append(line)
                line, used = [word], w
            else:
                used += (space if line else 0) + w
                line.append(word)
        if line:
            lines.append(line)
        return lines

    def draw(self):
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        space = self._width(" ")
        y = self.height - style.fontSize
        for number, line in enumerate(self.lines):
            tokens = self._tokens(line)
            widths = [self._width(t) for t in tokens]
            natural = sum(widths) + space * (len(tokens) - 1)
            last = number == len(self.lines) - 1
            gap = space
            if style.alignment == TA_JUSTIFY and len(tokens) > 1 and (not last or self.justify_last):
                gap = space + (self.width - natural) / (len(tokens) - 1)
                x = 0.0
            elif style.alignment == TA_LEFT:
                x = 0.0
            else:  # TA_RIGHT, and the last line of a justified paragraph
                x = self.width - natural
            for token, w in zip(tokens, widths):
                token = undrawn(token, JOINERS) if self.shape and _shapeable(token) else undrawn(token)
                if self.shape and _shapeable(token):
                    text = canvas.beginText(x, y)
                    text.textLine(_shaped(token, style.fontName, style.fontSize)[0])
                    canvas.drawText(text)
                else:
                    canvas.drawString(x, y, token)
                x += w + gap
            y -= style.leading

    def _tokens(self, line: list[str]) -> list[str]:
        """The line's words in visual order. Arabic words stay in logical order: HarfBuzz
        orders their glyphs itself; a word whose characters the bidi algorithm moved
        apart (a bracket of another word) is drawn as its visual text, joined."""
        tokens = visual_line(" ".join(line), self.base).split(" ")
        if not self.shape:
            return tokens
        logical: dict[str, list[str]] = {}
        for word in line:
            logical.setdefault(visual_line(word, self.base), []).append(word)
        out = []
        for token in tokens:
            words = logical.get(token)
            if words and _shapeable(words[0]):
                out.append(words.pop(0))
            else:
                out.append(join_arabic(token) if _ARABIC.search(token) else token)
        return out



class CJKParagraph(LineParagraph):
    """Chinese text: a line may break between any two characters, except inside a Latin
    word or a number ("ALS", "100,000", "1.6:1"), before closing punctuation or after
    opening punctuation (W3C clreq): the character before the break moves down with the
    punctuation instead of leaving it to hang or to start a line. Justified lines spread
    the remaining space evenly between the characters."""

    _UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%+/\-\u2013]*|\s+|.", re.S)

    def __init__(self, text: str, style, justify_last: bool = False):
        super().__init__(style, justify_last)
        self.text = text
        self.units = self._UNIT.findall(text)

    def _copy(self, lines, justify_last):
        return CJKParagraph("".join(u for line in lines for u in line), self.style, justify_last)

    def _width(self, text: str) -> float:
        return stringWidth(text, self.style.fontName, self.style.fontSize)

    def _break(self, width: float) -> list[list[str]]:
        lines: list[list[str]] = []
        line: list[str] = []
        used = 0.0
        for unit in self.units:
            if not line and unit.isspace():
                continue
            w = self._width(unit)
            if line and used + w > width:
                line, carried = self._kinsoku(line, unit)
                lines.append(line)
                line = carried
                used = sum(self._width(u) for u in line)
                if not (carried and carried[-1] is unit):
                    line.append(unit)
                    used += w
            else:
                line.append(unit)
                used += w
        if line:
            lines.append(line)
        return [self._strip(line) for line in lines]

    @staticmethod
    def _kinsoku(line: list[str], following: str) -> tuple[list[str], list[str]]:
        """Where to break before ``following``: move units down until the next line does
        not start with closing punctuation and this one does not end with an opening one."""
        k = len(line)
        nxt = following
        while k > 1 and (nxt[0] in CJK_CANNOT_START or line[k - 1][-1] in CJK_CANNOT_END):
            k -= 1
            nxt = line[k]
        if k <= 1:  # a line of punctuation only: break where it overflows
            return line, []
        return line[:k], line[k:]

    @staticmethod
    def _strip(line: list[str]) -> list[str]:
        while line and line[-1].isspace():
            line = line[:-1]
        return line

    def draw(self):
        style, canvas = self.style, self.canv
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for number, line in enumerate(self.lines):
            widths = [self._width(unit) for unit in line]
            natural = sum(widths)
            last = number == len(self.lines) - 1
            gap, x = 0.0, 0.0
            if style.alignment == TA_JUSTIFY and len(line) > 1 and (not last or self.justify_last):
                # spread between units: a Latin word or a number is one unit, never letter-spaced
                gap = (self.width - natural) / (len(line) - 1)
            elif style.alignment == TA_RIGHT:
                x = self.width - natural
            elif style.alignment == TA_CENTER:
                x = (self.width - natural) / 2
            # One text object per line (so the text layer reads as a line); the character
            # spacing (Tc) is set so that only the last glyph of a unit is followed by the gap.
            text = canvas.beginText(x, y)
            for unit in line:
                if gap and len(unit) > 1:
                    text.setCharSpace(0)
                    text.textOut(unit[:-1])
                text.setCharSpace(gap)
                text.textOut(unit[-1] if gap and len(unit) > 1 else unit)
            canvas.drawText(text)
            y -= style.leading


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def _shapeable(word: str) -> bool:
    """An Arabic word HarfBuzz may shape as one right-to-left run: no digits or Latin
    letters in it, since HarfBuzz does no bidi and would print "و70" as "07و"."""
    return bool(_ARABIC.search(word)) and not any(
        unicodedata.bidirectional(ch) in ("L", "EN", "AN") for ch in word)


@lru_cache(maxsize=8192)
def _shaped(word: str, font: str, size: float):
    """A logical Arabic word shaped by HarfBuzz (via ReportLab), and its width."""
    from reportlab.pdfbase.ttfonts import shapeStr

    shaped = shapeStr(word, font, size, force=True)
    return shaped, sum(g.x_advance for g in shaped.__shapeData__) * size / 1000



# Chinese punctuation that must not start or end a line (W3C clreq, GB/T 15834).
# ReportLab's CJK wrap knows only a Japanese start set and hangs at most one character,
# so "（轻瘫）。" left a lone "。" on a line; CJKParagraph applies both sets.
CJK_CANNOT_START = "！），．：；？］｝、。〉》」』】〕〗〙〟”’…‥｠·・"
CJK_CANNOT_END = "（［｛〈《「『【〔〖〘〝“‘"


def extend_hyphenation_letters() -> None:
    """Let ReportLab hyphenate every alphabet pyphen has a dictionary for (idempotent).

    ReportLab only hyphenates words made of Latin letters and the basic Russian
    alphabet (U+0410–U+044F): Ukrainian words with і, ї, є, ґ and all Greek words
    were never hyphenated, leaving wide gaps in justified lines.
    """
    import re

    from reportlab.platypus import paragraph

    paragraph._hy_letters_pat = re.compile(r"^[^\W\d_]+$")
    paragraph._hy_shy_letters_pat = re.compile(r"^(?:[^\W\d_]|[-\u00ad])+$")
