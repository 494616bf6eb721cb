"""Fonts: every font embedded, as a subset; a composite font's /W the advances of its embedded program."""

from __future__ import annotations

import io
import re
import struct
from typing import Callable, Iterator

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..layouts import Layout
from .reader import Pdf, Result, dictionary, resolve


FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


def check_fonts(doc: Pdf, layout: Layout) -> Result:
    """Every font (also in Type0 descendants and form XObjects) embedded, as a subset, with its
    text mapped to Unicode; no Type 3 fonts."""
    fonts = list(_each_font(doc))
    problems = [(page, problem) for page, font in fonts if (problem := _font_problem(font))]
    if problems:
        return _listed(problems, len(fonts), "fonts")
    return True, f"{len(fonts)} font{'s' if len(fonts) != 1 else ''}, all embedded subsets mapped to Unicode", None


def _each_font(doc: Pdf) -> Iterator[tuple[int, DictionaryObject]]:
    """Every font resource of the pages, forms, patterns and appearances, once, with its first page."""
    seen: set[int] = set()
    for scope in doc.scopes():
        for ref in dictionary(scope.resources.get("/Font")).values():
            font = dictionary(ref)
            if id(font) not in seen:
                seen.add(id(font))
                yield scope.page, font


def _listed(problems: list[tuple[int, str]], count: int, what: str) -> Result:
    """A failed font check: how many of ``count`` and the first three problems, at the first's page."""
    listed = "; ".join(p for _, p in problems[:3]) + ("; …" if len(problems) > 3 else "")
    return False, f"{len(problems)} of {count} {what}: {listed}", problems[0][0]


def _font_problem(font: DictionaryObject) -> str | None:
    name = str(font.get("/BaseFont", font.get("/Name", "/(unnamed)")))[1:]
    if font.get("/Subtype") == "/Type3":  # glyphs are procedures in the file: often bitmaps, never hinted
        return f"{name} is a Type 3 font: a RIP draws its glyphs as graphics, not as type"
    owner = font
    if font.get("/Subtype") == "/Type0":
        owner = dictionary(resolve(font["/DescendantFonts"])[0])
        name = str(owner.get("/BaseFont", f"/{name}"))[1:]
    descriptor = dictionary(owner.get("/FontDescriptor"))
    if not any(key in descriptor for key in FONT_FILES):
        return f"{name} is not embedded"
    if not SUBSET_PREFIX.match(name):
        return f"{name} is embedded whole, not as a subset"
    if "/ToUnicode" not in font and not _unicode_by_encoding(font, owner):
        return f"{name} has no ToUnicode map: its text cannot be searched, copied or read aloud"
    return None


PREDEFINED_ORDERINGS = {"GB1", "CNS1", "Japan1", "Korea1"}  # Adobe's character collections


def _unicode_by_encoding(font: DictionaryObject, descendant: DictionaryObject) -> bool:
    """Can a reader map the font's codes to Unicode without a ToUnicode map (ISO 32000-1 9.10.2)? A
    simple font through its /Encoding; a composite font through an Adobe character collection."""
    if font.get("/Subtype") != "/Type0":
        return "/Encoding" in font
    info = dictionary(descendant.get("/CIDSystemInfo"))
    return str(info.get("/Registry", "")) == "Adobe" and str(info.get("/Ordering", "")) in PREDEFINED_ORDERINGS


def check_font_widths(doc: Pdf, layout: Layout) -> Result:
    """The widths a composite font declares (/W of its CIDFontType2, through its CIDToGIDMap) are
    its embedded program's advances (hmtx), within 1/1000 em: ISO 32000-1 9.2.4 and 9.7.4.3,
    ISO 14289-1 7.21.5 (veraPDF's rule). A RIP that sets the text by the program's advances and a
    viewer that uses /W space it differently; extraction and assistive technology read the
    positions. Simple (non-composite) fonts are not compared."""
    # a composite font without its descendant is the fonts check's finding
    composite = [(page, dictionary(resolve(font["/DescendantFonts"])[0])) for page, font in _each_font(doc)
                 if font.get("/Subtype") == "/Type0" and resolve(font.get("/DescendantFonts"))]
    problems = [(page, problem) for page, font in composite if (problem := _width_problem(font))]
    if problems:
        return _listed(problems, len(composite), "composite fonts")
    count = len(composite)
    return True, f"{count} composite font{'s' if count != 1 else ''}: /W matches the embedded advances", None


def _width_problem(cid_font: DictionaryObject) -> str | None:
    """Where a CIDFontType2's /W differs from its embedded program, the first such glyph; None."""
    name = str(cid_font.get("/BaseFont", "/(unnamed)"))[1:]
    program_stream = resolve(dictionary(cid_font.get("/FontDescriptor")).get("/FontFile2"))
    if cid_font.get("/Subtype") != "/CIDFontType2" or not isinstance(program_stream, StreamObject):
        return None  # not embedded as TrueType: the fonts check says so
    try:
        advance_of, glyphs = _advances(program_stream.get_data())
    except Exception as exc:  # noqa: BLE001 (a damaged program raises many kinds)
        return f"{name}: the embedded program cannot be read ({type(exc).__name__})"
    mapping = resolve(cid_font.get("/CIDToGIDMap", "/Identity"))
    table = mapping.get_data() if isinstance(mapping, StreamObject) else None
    for cid, declared in _declared_widths(resolve(cid_font.get("/W")) or []):
        gid = int.from_bytes(table[2 * cid:2 * cid + 2], "big") if table is not None else cid
        if gid >= glyphs:
            return f"{name}: CID {cid} maps to glyph {gid}, which the program does not have"
        advance = advance_of(gid)
        if abs(advance - declared) > 1:
            return f"{name}: CID {cid} is {declared:g} wide in /W but {advance:.0f} in the embedded program"
    return None


def _advances(program: bytes) -> tuple[Callable[[int], float], int]:
    """A TrueType program's advance of a glyph in 1/1000 em, and how many glyphs it has: read
    from the raw head, hhea, maxp and hmtx tables (fontTools' table parser builds every glyph's
    entry in Python: 26 ms a file for the subsets, which keep the original glyph ids)."""
    from fontTools.ttLib.sfnt import SFNTReader

    reader = SFNTReader(io.BytesIO(program))
    units = struct.unpack_from(">H", reader["head"], 18)[0]
    metrics = struct.unpack_from(">H", reader["hhea"], 34)[0]
    glyphs = struct.unpack_from(">H", reader["maxp"], 4)[0]
    hmtx = reader["hmtx"]
    if not units or not metrics or len(hmtx) < 4 * metrics:
        raise ValueError("head, hhea or hmtx table")
    return (lambda gid: struct.unpack_from(">H", hmtx, 4 * min(gid, metrics - 1))[0] * 1000 / units), glyphs


def _declared_widths(w) -> Iterator[tuple[int, float]]:
    """(CID, width) pairs of a /W array: ``c [w1 w2 …]`` and ``c_first c_last w`` runs."""
    items, i = [resolve(v) for v in w], 0
    while i + 1 < len(items):
        first, second = items[i], items[i + 1]
        if isinstance(second, (ArrayObject, list)):
            for k, width in enumerate(second):
                yield int(first) + k, float(resolve(width))
            i += 2
        elif i + 2 < len(items):
            for cid in range(int(first), int(second) + 1):
                yield cid, float(items[i + 2])
            i += 3
        else:
            return


