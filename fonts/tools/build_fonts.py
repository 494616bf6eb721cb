#!/usr/bin/env python3
"""Rebuild the derived fonts in fonts/ from Debian's Noto packages (run once, commit the result).

    apt-get install fonts-noto-core fonts-noto-cjk
    python3 fonts/tools/build_fonts.py                 # every Brochure* family
    python3 fonts/tools/build_fonts.py BrochureThai    # only the named families
    python3 fonts/tools/build_fonts.py BrochureGeorgian=NotoSansGeorgian   # a script not shipped yet

Why derived fonts: ReportLab has no font fallback, and Noto's script fonts have no
Latin letters (Hebrew not even digits), while the leaflets mix scripts ("ALS" and
"1.6:1" inside Arabic, English references everywhere). Each script font is merged
with a Latin subset of Noto Sans into one face with a new family name (OFL: a
modified font must not keep the original name). ReportLab embeds only TrueType
outlines, so Noto Sans CJK SC (CFF) is subset to GB 2312 plus punctuation and
converted to TrueType quadratic outlines; Noto Sans CJK JP to JIS X 0208 (levels 1 and 2) and
Noto Sans CJK KR to the 2,350 Hangul syllables of KS X 1001, each plus kana/jamo,
punctuation, and every character of the catalogs in that language (locales/ja, locales/ko),
so a word a translator uses is never missing.
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
    "BrochureBengali": "NotoSansBengali",
    "BrochureGurmukhi": "NotoSansGurmukhi",
    "BrochureTamil": "NotoSansTamil",
    "BrochureEthiopic": "NotoSansEthiopic",
    # Looped Thai: the traditional letterforms Thai readers expect in running text
    # (loopless Noto Sans Thai is a display/UI style). Not Noto Looped Thai: Debian's
    # (2020) build lowers a tone mark after an upper vowel onto the vowel (ที่ printed as ที,
    # HarfBuzz y offset -283); Noto Serif Thai, also looped, stacks them.
    "BrochureThai": "NotoSerifThai",
    # Urdu is read in Nastaliq; Persian is printed in BrochureArabic (Naskh-based sans).
    "BrochureNastaliq": "NotoNastaliqUrdu",
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


def _save(font: TTFont, target: Path, source: Path) -> None:
    """Save with the source font's timestamps (not the time of the build), so a rebuild is byte-identical."""
    head = TTFont(source, lazy=True)["head"] if source.suffix == ".ttf" else TTCollection(source).fonts[0]["head"]
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = head.created, head.modified
    font.save(target)


def merge_script(family: str, stem: str, weight: str) -> Path:
    latin = _subset(TTFont(NOTO / f"NotoSans-{weight}.ttf"), LATIN)
    tmp = OUT / f".latin-{weight}.ttf"
    _save(latin, tmp, NOTO / f"NotoSans-{weight}.ttf")
    try:
        merged = Merger().merge([str(NOTO / f"{stem}-{weight}.ttf"), str(tmp)])
    finally:
        tmp.unlink()
    _rename(merged, family, weight)
    target = OUT / f"{family}-{weight}.ttf"
    _save(merged, target, NOTO / f"{stem}-{weight}.ttf")
    return target


def _double_byte(codec: str, rows: range) -> list[int]:
    """The characters of a 94×94 double-byte code table (EUC form) in the given lead-byte rows."""
    chars = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode(codec)))
            except UnicodeDecodeError:
                pass
    return sorted(chars)


def _gb2312() -> list[int]:
    return _double_byte("gb2312", range(0xA1, 0xF8))


def _jis_x0208() -> list[int]:
    """JIS X 0208: symbols, kana and the 6,355 kanji of levels 1 and 2 (the GB 2312 of Japanese).

    Level 1 alone (2,965 kanji) lacks everyday medical words: 膀胱 bladder, 嚥下 swallowing,
    痙攣 cramp, 麻痺 paralysis, 嗅覚 smell are level 2.
    """
    return _double_byte("euc_jp", range(0xA1, 0xF5))


def _ksx1001_hangul() -> list[int]:
    """KS X 1001 symbols, jamo and the 2,350 Hangul syllables (rows 1–40; no hanja)."""
    return _double_byte("euc_kr", range(0xA1, 0xC9))


def catalog_chars(language: str) -> list[int]:
    """Every character of the catalogs of ``language`` (locales/<language>*/…/*.po)."""
    chars = set()
    for po in sorted((OUT.parent / "locales").glob(f"{language}*/LC_MESSAGES/*.po")):
        chars.update(ord(ch) for ch in po.read_text(encoding="utf-8"))
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


CJK_COMMON = [*LATIN, *range(0x2E80, 0x2F00), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0),
              *range(0x2160, 0x2180), 0x2022, 0x00B7]
CJK = {  # family name → (face in NotoSansCJK-*.ttc, characters)
    "BrochureCJKSC": ("Noto Sans CJK SC", lambda: [*CJK_COMMON, *_gb2312()]),
    "BrochureCJKJP": ("Noto Sans CJK JP", lambda: [*CJK_COMMON, *range(0x3040, 0x3100), *range(0x31F0, 0x3200),
                                                   *_jis_x0208(), *catalog_chars("ja")]),
    "BrochureCJKKR": ("Noto Sans CJK KR", lambda: [*CJK_COMMON, *range(0x3130, 0x3190), *_ksx1001_hangul(),
                                                   *catalog_chars("ko")]),
}


def cjk(family: str, weight: str) -> Path:
    face, chars = CJK[family]
    collection = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
    font = next(f for f in collection.fonts if f["name"].getDebugName(1).startswith(face))
    _subset(font, chars())
    _to_truetype(font)
    _rename(font, family, weight)
    target = OUT / f"{family}-{weight}.ttf"
    _save(font, target, NOTO_CJK / f"NotoSansCJK-{weight}.ttc")
    return target


def _new_family(arg: str) -> str | None:
    """``NAME=STEM`` adds a family: Noto's ``STEM-{Regular,Bold}.ttf`` with Noto Sans's Latin, named
    NAME (the OFL reserves "Noto" for the original). Returns why it cannot, or None."""
    name, _, stem = arg.partition("=")
    if not name.isidentifier() or name.startswith("Noto"):
        return f"{arg}: the new family needs a name of its own, e.g. Brochure{stem.removeprefix('NotoSans')}"
    missing = [f"{stem}-{weight}.ttf" for weight in WEIGHTS if not (NOTO / f"{stem}-{weight}.ttf").is_file()]
    if missing:
        return f"{arg}: {', '.join(missing)} not in {NOTO}"
    SCRIPTS[name] = stem
    return None


def main(argv: list[str]) -> int:
    problems = [p for p in (_new_family(a) for a in argv if "=" in a) if p]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    families = [a.partition("=")[0] for a in argv] or [*SCRIPTS, *CJK]
    unknown = [f for f in families if f not in SCRIPTS and f not in CJK]
    if unknown:
        print(f"unknown families: {', '.join(unknown)}; known: {', '.join([*SCRIPTS, *CJK])}; "
              "or NAME=NotoStem for a script of fonts-noto-core", file=sys.stderr)
        return 2
    for family in families:
        for weight in WEIGHTS:
            print(merge_script(family, SCRIPTS[family], weight) if family in SCRIPTS else cjk(family, weight))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
