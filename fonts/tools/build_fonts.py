#!/usr/bin/env python3
"""Rebuild the derived fonts in fonts/ from Debian's Noto packages (run once, commit the result).

    apt-get install fonts-noto-core fonts-noto-cjk
    python3 fonts/tools/build_fonts.py

Why derived fonts: ReportLab has no font fallback, and Noto's script fonts have no
Latin letters (Hebrew not even digits), while the leaflets mix scripts ("ALS" and
"1.6:1" inside Arabic, English references everywhere). Each script font is merged
with a Latin subset of Noto Sans into one face with a new family name (OFL: a
modified font must not keep the original name). ReportLab embeds only TrueType
outlines, so Noto Sans CJK SC (CFF) is subset to GB 2312 plus punctuation and
converted to TrueType quadratic outlines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
OUT = Path(__file__).resolve().parents[1]

LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028), *range(0x2030, 0x2060),
         0x202F, 0x20AC, 0x2122, 0x2212, 0x25CC]
SCRIPTS = {  # family name → Noto script font stem
    "BrochureArabic": "NotoSansArabic",
    "BrochureHebrew": "NotoSansHebrew",
    "BrochureDevanagari": "NotoSansDevanagari",
}
WEIGHTS = ("Regular", "Bold")


def _subset(font: TTFont, unicodes) -> TTFont:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    return font


def _rename(font: TTFont, family: str, weight: str) -> None:
    full = f"{family} {weight}" if weight != "Regular" else family
    ps = f"{family}-{weight}"
    names = {1: family, 2: weight, 3: f"brochure:{ps}", 4: full, 6: ps, 16: family, 17: weight}
    table = font["name"]
    table.names = [n for n in table.names if n.nameID not in names]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def merge_script(family: str, stem: str, weight: str) -> Path:
    latin = _subset(TTFont(NOTO / f"NotoSans-{weight}.ttf"), LATIN)
    tmp = OUT / f".latin-{weight}.ttf"
    latin.save(tmp)
    try:
        merged = Merger().merge([str(NOTO / f"{stem}-{weight}.ttf"), str(tmp)])
    finally:
        tmp.unlink()
    _rename(merged, family, weight)
    target = OUT / f"{family}-{weight}.ttf"
    merged.save(target)
    return target


def _gb2312() -> list[int]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return sorted(chars)


def _to_truetype(font: TTFont) -> None:
    """CFF → glyf with quadratic curves (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for table in ("VORG", "vhea", "vmtx"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def cjk(weight: str) -> Path:
    collection = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
    font = next(f for f in collection.fonts if f["name"].getDebugName(1).startswith("Noto Sans CJK SC"))
    unicodes = [*LATIN, *range(0x2E80, 0x2F00), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0),
                *range(0x2160, 0x2180), 0x2022, 0x00B7, *_gb2312()]
    _subset(font, unicodes)
    _to_truetype(font)
    _rename(font, "BrochureCJKSC", weight)
    target = OUT / f"BrochureCJKSC-{weight}.ttf"
    font.save(target)
    return target


def main() -> int:
    for family, stem in SCRIPTS.items():
        for weight in WEIGHTS:
            print(merge_script(family, stem, weight))
    for weight in WEIGHTS:
        print(cjk(weight))
    return 0


if __name__ == "__main__":
    sys.exit(main())
