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
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

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


class RTLParagraph(Flowable):
    """A single-style right-to-left paragraph of plain text.

    Honours the style's font, size, leading, colour, alignment (right, left or
    justified), spaceBefore/After and keepWithNext; splits between lines across
    frames without leaving a single line behind or ahead (no widows or orphans).
    """

    def __init__(self, text: str, style, justify_last: bool = False, base: str | None = "R", shape: bool = False):
        super().__init__()
        self.text = text
        self.base = base
        self.shape = shape  # Arabic: each word shaped by HarfBuzz (joining, ligatures, marks)
        self.style = style
        self.words = text.split()
        self.justify_last = justify_last
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.lines: list[list[str]] = []

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def _width(self, text: str) -> float:
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
        head = " ".join(w for line in lines[:fits] for w in line)
        tail = " ".join(w for line in lines[fits:] for w in line)
        first = RTLParagraph(head, self.style, justify_last=True, base=self.base, shape=self.shape)
        first.keepWithNext = 0
        second = RTLParagraph(tail, self.style, self.justify_last, base=self.base, shape=self.shape)
        return [first, second]

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



# Chinese punctuation that must not start a line (W3C clreq, GB/T 15834). ReportLab's
# CJK wrap knows the Japanese set only, so a full-width comma could open a line.
CJK_CANNOT_START = "！），．：；？］｝、。〉》」』】〕〗〙〟”’…‥｠·・"
CJK_CANNOT_END = "（［｛〈《「『【〔〖〘〝“‘"


def extend_cjk_line_rules() -> None:
    """Teach ReportLab's CJK line breaker the Chinese line-start rules (idempotent)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(ch for ch in CJK_CANNOT_START if ch not in paragraph.ALL_CANNOT_START)
    paragraph.ALL_CANNOT_START += extra
    textsplit.ALL_CANNOT_START = paragraph.ALL_CANNOT_START


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
