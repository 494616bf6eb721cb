"""A logical paragraph → characters with style, bidi level and script.

The inline markup (``**bold**``, ``*italic*``) is turned into a style per character;
the Unicode Bidirectional Algorithm (python-bidi's reference implementation)
gives each character its embedding level; a small table of Unicode blocks gives
its script, so that HarfBuzz shapes "ALS" inside Arabic or Hindi text as Latin.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm as uba

from .. import markup
from ..telephone import telephone_numbers

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "regular", "bold", "italic", "bold_italic"

# (first code point, script) — a code point belongs to the last range starting at or before it.
_RANGES = sorted([
    (0x0000, "Latn"), (0x0370, "Grek"), (0x0400, "Cyrl"), (0x0530, "Armn"), (0x0590, "Hebr"), (0x0600, "Arab"),
    (0x0700, "Syrc"), (0x0750, "Arab"), (0x0780, "Thaa"), (0x07C0, "Nkoo"), (0x0800, "Samr"), (0x08A0, "Arab"),
    (0x0900, "Deva"), (0x0980, "Beng"), (0x0A00, "Guru"), (0x0A80, "Gujr"), (0x0B00, "Orya"), (0x0B80, "Taml"),
    (0x0C00, "Telu"), (0x0C80, "Knda"), (0x0D00, "Mlym"), (0x0D80, "Sinh"), (0x0E00, "Thai"), (0x0E80, "Laoo"),
    (0x0F00, "Tibt"), (0x1000, "Mymr"), (0x10A0, "Geor"), (0x1100, "Hang"), (0x1200, "Ethi"), (0x13A0, "Cher"),
    (0x1400, "Cans"), (0x1780, "Khmr"), (0x1800, "Mong"), (0x1E00, "Latn"), (0x1F00, "Grek"), (0x2000, "Zyyy"),
    (0x2D80, "Ethi"), (0x2DE0, "Cyrl"), (0x2E00, "Zyyy"), (0x2E80, "Hani"), (0x3040, "Hani"), (0x3130, "Hang"),
    (0x3190, "Hani"), (0xA640, "Cyrl"), (0xA6A0, "Zyyy"), (0xA8E0, "Deva"), (0xA900, "Zyyy"), (0xAB00, "Ethi"),
    (0xAB30, "Latn"), (0xAC00, "Hang"), (0xD7B0, "Hang"), (0xD800, "Zyyy"), (0xF900, "Hani"), (0xFB00, "Latn"),
    (0xFB1D, "Hebr"), (0xFB50, "Arab"), (0xFE00, "Zyyy"), (0xFE70, "Arab"), (0xFF00, "Zyyy"), (0xFF21, "Latn"),
    (0xFF3B, "Zyyy"), (0xFF41, "Latn"), (0xFF5B, "Zyyy"), (0xFF66, "Hani"), (0xFFA0, "Hang"), (0xFFE0, "Zyyy"),
    (0x20000, "Hani"), (0x30000, "Hani"), (0x3FFFF, "Zyyy"),
])
_STARTS = [start for start, _ in _RANGES]
# HarfBuzz's tags for the scripts above (ISO 15924 lower-cased, except these).
COMMON, INHERITED = "Zyyy", "Zinh"


@lru_cache(maxsize=65536)  # asked for every character of every paragraph; a text uses few distinct ones
def script_of_char(ch: str) -> str:
    """ISO 15924 script of a letter or mark; Common for digits, punctuation, spaces."""
    category = unicodedata.category(ch)
    if category[0] == "M":
        return INHERITED
    if category[0] != "L":
        return COMMON
    return _RANGES[bisect_right(_STARTS, ord(ch)) - 1][1]


@dataclass(frozen=True)
class Styled:
    """A paragraph's plain text with one style name per character."""

    text: str
    styles: tuple[str, ...]


@lru_cache(maxsize=4096)
def styled(value: str, emphasis: bool = True) -> Styled:
    """Inline markup → plain text and per-character styles (REGULAR … BOLD_ITALIC).

    ``emphasis=False`` prints the markers' text without emphasis (program-made labels).
    """
    if not emphasis:
        return Styled(value, (REGULAR,) * len(value))
    chars: list[str] = []
    styles: list[str] = []
    bold = italic = False
    for kind, item in markup.tokens(value):
        if kind == "text":
            style = BOLD_ITALIC if bold and italic else BOLD if bold else ITALIC if italic else REGULAR
            chars.append(item)
            styles.extend([style] * len(item))
        elif item == "b":
            bold = kind == "open"
        else:
            italic = kind == "open"
    return Styled("".join(chars), tuple(styles))


_STRONG_RTL = {"R", "AL", "AN"}
_NEUTRAL = "\ufffc"  # bidi class ON: stands for an isolate in the text around it (UBA: LRI…PDI is neutral)


@lru_cache(maxsize=4096)
def levels(text: str, base: str | None) -> tuple[tuple[int, ...], int]:
    """Embedding levels per character (UBA rules P2–I2) and the paragraph level.

    ``base``: "L", "R", or None for the first strong character (rule P2). Characters
    the algorithm removes (rule X9: format controls) take the level of the character
    before them; they are never drawn.

    In a right-to-left paragraph a telephone number (``telephone.telephone_numbers``) is one
    left-to-right unit, as if between LRI and PDI: Arabic and Hebrew print "+41 44 123 45 67" so,
    the "+" on the left, and "(03) 123-4567" with its area code on the left. By the UBA alone the
    "+" took the paragraph's direction and stood at the right end, the bracketed area code stood
    right of the groups ("123-4567 (03)" as seen), and after an Arabic letter the groups of
    "044-123-45-67" were drawn in reverse order, "67-45-123-044" (its digits are Arabic numbers
    there, UBA W2, and a hyphen joins European ones only, W4).
    """
    if base != "R" and not any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text):
        return (0,) * len(text), 0
    storage = uba.get_empty_storage()
    if base is None:
        storage["base_level"] = uba.get_base_level(text, False)
    else:
        storage["base_level"] = 1 if base == "R" else 0
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    isolated = telephone_numbers(text) if storage["base_level"] == 1 else ()
    uba.get_embedding_levels(_degrees_as_letters(_masked(text, isolated)), storage, False)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    out = [None] * len(text)
    for entry in storage["chars"]:
        out[entry["index"]] = entry["level"]
    previous = storage["base_level"]
    for i, level in enumerate(out):
        if level is None:
            out[i] = previous
        previous = out[i]
    for start, end in isolated:  # inside the isolate: all left to right, one level above the paragraph's
        out[start:end] = [storage["base_level"] + 1] * (end - start)
    return tuple(out), storage["base_level"]


_DEGREE = re.compile(r"°(?=([A-Za-z]))")
_NUMBER_BEFORE = re.compile(r"\d[\d.,:\u066b\u066c]*[ \u00a0\u202f]?$")
_SIGNS = "+-\u2212\u2013±<>≤≥"  # and comparisons, which the number check reads as signs
_REACH = 40  # characters before a degree sign searched for its number: linear in a 20,000-character text


def _degrees_as_letters(text: str) -> str:
    """``text`` with the degree sign of "°C" or "°F" after a number resolved as the letter after
    it: it is part of the unit symbol, which reads left to right with its number as "400 mg" does
    (by the UBA alone the sign took the paragraph's direction, and "38.5 °C" was drawn "C° 38.5"
    in Hebrew). Not after a signed number: "+5 °C" keeps the UBA's "5+", its sign by its digits."""
    if "°" not in text:
        return text
    chars = list(text)
    for m in _DEGREE.finditer(text):
        number = _NUMBER_BEFORE.search(text, max(0, m.start() - _REACH), m.start())
        if number and not _signed(text, number.start()):
            chars[m.start()] = m.group(1)
    return "".join(chars)


def _signed(text: str, start: int) -> bool:
    """Whether the number at ``start`` has a sign or a comparison on it: "+5", "-20", "<5"; not the
    dash of a range ("2–8")."""
    return start > 0 and text[start - 1] in _SIGNS and not (start > 1 and text[start - 2].isdigit())


def _masked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span's characters neutral: the text around an isolate resolves as
    around one neutral character (its digits no longer count as right to left, UBA N1). A digit
    at either end stays: a sign written against it resolves with it as around the number
    written plainly ("1 500 000%", "€1 500 000" in Hebrew, UBA W5), not on its other side."""
    for start, end in spans:
        inner = [_NEUTRAL] * (end - start)
        for edge in {0, end - start - 1}:
            if text[start + edge].isdigit():
                inner[edge] = text[start + edge]
        text = text[:start] + "".join(inner) + text[end:]
    return text


def scripts(text: str) -> tuple[str, ...]:
    """Script per character; Common and Inherited characters join their neighbours
    (a mark its base, a digit or bracket the run around it)."""
    raw = [script_of_char(c) for c in text]
    out = list(raw)
    last = None
    for i, s in enumerate(raw):
        if s in (COMMON, INHERITED):
            out[i] = last
        else:
            last = s
    following = None
    for i in range(len(out) - 1, -1, -1):
        if out[i] is None:
            out[i] = following or "Latn"
        elif raw[i] not in (COMMON, INHERITED):
            following = out[i]
    return tuple(out)


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and script_of_char(ch) == "Latn"


def source_words(text: str, source: str) -> tuple[tuple[int, int], ...]:
    """Where ``text`` (a translation, plain) keeps words of its source message (plain): every
    maximal run of Latin letters, with the spaces and hyphens between its words, that the source
    holds too, capitals aside (el, ko and th write the source's "Secretome" in lower case), as
    (start, end) offsets. Meant for translations written in another script, where such a run is
    the source's language (PDF/UA: a change of language is declared)."""
    folded = source.casefold()
    out = []
    i, n = 0, len(text)
    while i < n:
        if not _latin_letter(text[i]):
            i += 1
            continue
        j = i + 1
        while j < n and (_latin_letter(text[j]) or (text[j] in " -" and j + 1 < n and _latin_letter(text[j + 1])
                                                     and _latin_letter(text[j - 1]))):
            j += 1
        if text[i:j].casefold() in folded:
            out.append((i, j))
        i = j
    return tuple(out)
