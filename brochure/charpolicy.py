"""One policy for invisible and special characters, shared by ``check``, the .po gate and the glyph gate.

A translation comes from outside; some characters in it are invisible in an editor
but change what a patient reads (a right-to-left override reverses "2–5"), draw a
box, or crash a later stage. Every printed string goes through ``problem()``:

* **Bidi marks** LRM, RLM, ALM (``BIDI_MARKS``) are allowed in right-to-left
  locales, where translators legitimately put them around numbers, and refused in
  left-to-right ones. They are never drawn.
* **Embeddings and overrides** LRE, RLE, PDF, LRO, RLO (``EMBEDDINGS``) are refused
  everywhere: they are the "Trojan Source" class, text that reads differently from
  the file it is stored in.
* **Isolates** LRI, RLI, FSI, PDI (``ISOLATES``) are refused: the layout's bidi step
  does not support them (they crashed it).
* **Noncharacters, unassigned code points, private use, surrogates, C0/C1 controls**
  (other than tab and line feed), line/paragraph separators and every other invisible
  format character are refused.
* **Composition.** A printed string is composed (NFC, ``composed()``): a catalog saved
  decomposed, as some macOS tools write ("u" and U+0308 for "ü"), printed the same glyphs
  but a text layer in which searching or copying "für" found nothing, and broke its lines
  elsewhere. CJK compatibility ideographs are kept as written: NFC replaces each by a
  unified ideograph, which a font draws with another glyph.
* **Soft hyphen, ZWSP, ZWNJ, ZWJ, word joiner** (``BREAK_HINTS`` and ``JOINERS``) are
  allowed in every script and never drawn as a glyph: a soft hyphen or ZWSP is at
  most a place where a line may break; ZWJ/ZWNJ steer joining and conjuncts in
  shaped scripts (Arabic, Devanagari) and are dropped elsewhere.

``NEVER_DRAWN`` is the set a text engine must draw as nothing (no glyph, no
advance); ``undrawn()`` removes them from a string that is about to be drawn.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
BIDI_MARKS = frozenset({LRM, RLM, ALM})
EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")  # LRE RLE PDF LRO RLO
ISOLATES = frozenset("\u2066\u2067\u2068\u2069")  # LRI RLI FSI PDI
SHY, ZWSP, WJ = "\u00ad", "\u200b", "\u2060"
BREAK_HINTS = frozenset({SHY, ZWSP, WJ})  # a break opportunity (or its absence), nothing to see
ZWNJ, ZWJ = "\u200c", "\u200d"
JOINERS = frozenset({ZWNJ, ZWJ})  # steer shaping; only a shaping engine may look at them
ALLOWED_CONTROLS = frozenset("\t\n")

# what NFC would replace by other characters with other glyphs (U+F900 豈 → U+8C48 豈)
_CJK_COMPATIBILITY = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")

NEVER_DRAWN = BIDI_MARKS | BREAK_HINTS | JOINERS
"""Characters the renderer draws as nothing (no glyph, no advance). A text engine
consults them after the bidi step (marks) and after shaping (joiners)."""


def name(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` — how a character is named in messages."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, _fallback_name(ch))}"


def _fallback_name(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return "CONTROL CHARACTER"
    if is_noncharacter(ch):
        return "NONCHARACTER"
    return {"Co": "PRIVATE USE CHARACTER", "Cs": "SURROGATE", "Cn": "UNASSIGNED CODE POINT"}.get(category,
                                                                                              "UNNAMED CHARACTER")


def is_noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE…)."""
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def problem(ch: str, rtl: bool) -> str | None:
    """Why ``ch`` may not be printed in a locale of that direction, or None when it may."""
    if ch in ALLOWED_CONTROLS or ch in BREAK_HINTS or ch in JOINERS:
        return None
    if ch in BIDI_MARKS:
        return None if rtl else "a right-to-left mark has no place in left-to-right text"
    if ch in EMBEDDINGS:
        return ("bidi embeddings and overrides are refused: the text would print in another order "
                "than it is stored (Trojan Source)")
    if ch in ISOLATES:
        return "bidi isolates are not supported by the layout; use LRM or RLM"
    if is_noncharacter(ch):
        return "a noncharacter is not text"
    category = unicodedata.category(ch)
    if category == "Cc":
        return "control characters are not text"
    if category == "Co":
        return "private-use characters mean nothing outside one font"
    if category == "Cs":
        return "a lone surrogate is not text"
    if category == "Cn":
        return "unassigned code point"
    if category in ("Cf", "Zl", "Zp"):
        return "invisible format character"
    return None


def first_problem(text: str, rtl: bool) -> tuple[str, str] | None:
    """The first refused character of ``text`` and the message naming it (``U+XXXX NAME: why``)."""
    for ch in text:
        if ch.isprintable() or ch in ALLOWED_CONTROLS:
            continue  # letters, marks, digits, punctuation, symbols, space: the common case, fast
        reason = problem(ch, rtl)
        if reason:
            return ch, f"{name(ch)}: {reason}"
    return None


def undrawn(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` without the characters that are never drawn, except those in ``keep``
    (e.g. ``JOINERS`` for a shaping engine, ``{SHY}`` for one that hyphenates at it)."""
    if text.isascii():
        return text
    drop = _dropped(keep)
    if drop.isdisjoint(text):  # the common case, decided in C: asked for every shaped cluster
        return text
    return "".join(ch for ch in text if ch not in drop)


@lru_cache(maxsize=None)
def _dropped(keep: frozenset[str]) -> frozenset[str]:
    return NEVER_DRAWN - keep


def visible(text: str, rtl: bool) -> str:
    """``text`` with every refused character written out as ``[U+202E]``: for review documents
    (the proof), which must show a broken entry without letting it reorder or crash the layout."""
    if first_problem(text, rtl) is None:
        return text
    return "".join(f"[U+{ord(ch):04X}]" if problem(ch, rtl) else ch for ch in text)


def composed(text: str) -> str:
    """``text`` as printed: NFC, except CJK compatibility ideographs, kept as written (the
    runs between them are composed). A string already so (every shipped catalog) is returned
    as it is."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    parts = _CJK_COMPATIBILITY.split(text)  # odd indexes: runs of compatibility ideographs
    return "".join(part if index % 2 else unicodedata.normalize("NFC", part) for index, part in enumerate(parts))
