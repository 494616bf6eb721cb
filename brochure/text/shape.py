"""Shaping: a run of text → glyphs with clusters, by HarfBuzz, for every script.

Results are in font units (size-independent) and cached, so a word is shaped once
per process however often a paragraph is laid out again (copyfit, columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import uharfbuzz as hb

from .fontfile import face as load_face


class Glyph(NamedTuple):
    gid: int
    cluster: int  # index of the first character of its cluster in the shaped text
    advance: int  # font units
    dx: int = 0
    dy: int = 0


@dataclass(frozen=True)
class Shaped:
    """A run of text shaped by HarfBuzz: its glyphs and width."""

    glyphs: tuple[Glyph, ...]  # in visual order (left to right), as HarfBuzz returns them
    width: int  # font units


# HarfBuzz keeps at most 5 characters of context on either side of the run it shapes
# (HB_BUFFER_CONTEXT_LENGTH): passing more changes nothing.
CONTEXT = 8


@lru_cache(maxsize=65536)  # a word's runs are asked for again at every size and width it is laid out at
def shape(font_path: str, text: str, start: int, end: int, rtl: bool, script: str | None,
          language: str | None, halt: tuple[int, ...] = ()) -> Shaped:
    """Shape ``text[start:end]`` with the rest of ``text`` as context (Arabic joining
    looks at its neighbours). Default ignorables (ZWJ, ZWNJ, LRM, RLM, soft hyphen,
    ZWSP) take part in shaping but produce no glyph. ``halt``: offsets in ``text`` of
    characters set at half width by the font's ``halt`` feature (CJK punctuation next
    to punctuation).

    Only ``CONTEXT`` characters either side reach HarfBuzz and the cache: a word broken
    into many runs (a 20,000-letter "word" in a translation, cut letter by letter) was
    copied whole for every run, quadratic (8,000 letters: 21 s, and a cache entry each)."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    if lo == 0 and hi == len(text):
        return _shape(font_path, text, start, end, rtl, script, language, halt, start == 0, end == len(text))
    shaped = _shape(font_path, text[lo:hi], start - lo, end - lo, rtl, script, language,
                    tuple(k - lo for k in halt), start == 0, end == len(text))
    if not lo:
        return shaped
    return Shaped(tuple(g._replace(cluster=g.cluster + lo) for g in shaped.glyphs), shaped.width)


@lru_cache(maxsize=65536)
def _shape(font_path: str, text: str, start: int, end: int, rtl: bool, script: str | None,
           language: str | None, halt: tuple[int, ...], bot: bool, eot: bool) -> Shaped:
    face = load_face(font_path)
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in text], start, end - start)
    buf.direction = "rtl" if rtl else "ltr"
    if script:
        buf.script = script
    if language:
        buf.language = language
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES | (hb.BufferFlags.BOT if bot else 0) | \
        (hb.BufferFlags.EOT if eot else 0)
    buf.guess_segment_properties()
    hb.shape(face.hb_font, buf, {"halt": [(k, k + 1, 1) for k in halt]} if halt else {})
    glyphs = tuple(Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
                   for info, pos in zip(buf.glyph_infos, buf.glyph_positions))
    return Shaped(glyphs, sum(g.advance for g in glyphs))
