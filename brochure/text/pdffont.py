"""Embedding shaped glyphs in a ReportLab document: Type 0 fonts with a true text layer.

Each glyph *occurrence* is drawn with a CID that stands for a (glyph, text) pair;
``/CIDToGIDMap`` sends it to the glyph and ``/ToUnicode`` to its text. So a
Devanagari conjunct or an Arabic ligature copies out as the letters it stands for,
and the same glyph can stand for different text in two places (a cluster's text
is dealt out over its glyphs, layout._share). A right-to-left letter that has no
glyph of its own (the lam of lam-alef) is drawn as ``BLANK``: a CID with no outline
and no width that carries the letter. A glyph drawn above or below the baseline
(``dy`` font units: a mark, a letter of a Nastaliq cascade) is a glyph of the subset
that holds the offset (fontfile.Face.subset), so a word is one text operation on one
baseline, as extractors expect a line to be; so is a glyph drawn with a width other
than its own (a mark and the letter under it tiling a word, a BLANK): the font
program's advance is the width ``/W`` declares, as ISO 14289-1 7.21.5 (and PDF/A)
require of the two. The subset's tag is derived
from its content, so builds stay byte-identical and different subsets never share
a name.
"""

from __future__ import annotations

import hashlib

from reportlab.pdfbase import pdfdoc

from ..errors import BrochureError
from .fontfile import Face
from .layout import BLANK

FLAG_SYMBOLIC, FLAG_ITALIC = 4, 64


class DocFont:
    """One face's glyphs used in one PDF document.

    CIDs: a glyph drawn for the one character that maps to it keeps its glyph ID as
    CID (so a line's operators are the same in every document and can be cached);
    any other (glyph, text) pair gets a CID above the font's glyph count, in order of
    first use in this document.
    """

    def __init__(self, doc, face: Face):
        self.face = face
        self.used: set[tuple[int, str]] = set()
        self.extra: dict[tuple[int, str], int] = {}
        self.internal = internal_name(face)
        doc.fontMapping[f"brochure:{face.path}"] = "/" + self.internal
        doc.delayedFonts.append(self)

    def code(self, pair: tuple) -> str:
        """The CID of a (glyph, text) pair, of a (glyph, text, width) triple for a glyph
        drawn with a width of its own, or of a (glyph, text, width, dy) item for one drawn
        ``dy`` font units up, as four hex digits, for a TJ string."""
        if len(pair) == 2 and self.face.primary.get(pair[0]) == pair[1]:
            return _HEX[pair[0]]
        found = self.extra.get(pair)
        if found is None:
            found = self.face.num_glyphs + len(self.extra)
            if found > 0xFFFF:
                raise _too_many_glyphs(self.face, len(self.extra) + 1)
            self.extra[pair] = found
        return _HEX[found]

    def cids(self) -> list[tuple[tuple[int, str], int]]:
        primary = self.face.primary
        out = [(pair, pair[0]) for pair in self.used if len(pair) == 2 and primary.get(pair[0]) == pair[1]]
        out += list(self.extra.items())
        return sorted(out, key=lambda item: item[1])

    def addObjects(self, doc) -> None:
        """Called by ReportLab when it writes the file, after the last page is drawn."""
        face = self.face
        pairs = self.cids()
        blank = face.glyph(" ")  # no outline
        drawn = {pair: _drawn(face, pair, blank) for pair, _ in pairs}  # (glyph, dy, advance)
        gids = {gid for gid, _, _ in drawn.values()}
        variants = tuple(sorted({key for key in drawn.values() if key[1] or key[2] != face.advance(key[0])}))
        variant_gid = {key: face.num_glyphs + k for k, key in enumerate(variants)}
        if face.num_glyphs + len(variants) > 0xFFFF:
            raise _too_many_glyphs(face, len(variants))
        program = face.subset(gids, variants)
        tag = _subset_tag(program, pairs)
        base = f"{tag}+{face.name}"
        scale = 1000.0 / face.upem

        file_stream = _stream(doc, program, Length1=len(program))
        descriptor = pdfdoc.PDFDictionary(dict(
            Type=pdfdoc.PDFName("FontDescriptor"), FontName=pdfdoc.PDFName(base),
            Flags=FLAG_SYMBOLIC | (FLAG_ITALIC if face.italic_angle else 0),
            FontBBox=pdfdoc.PDFArray([round(v * scale) for v in face.bbox_with(variants)]),
            ItalicAngle=round(face.italic_angle, 2), Ascent=round(face.ascent * scale),
            Descent=round(face.descent * scale), CapHeight=round(face.cap_height * scale),
            StemV=80 if face.weight < 600 else 140,
            FontFile2=doc.Reference(file_stream)))
        top = max((cid for _, cid in pairs), default=0)
        cid_to_gid = bytearray(2 * (top + 1))
        widths: list = []
        for pair, cid in pairs:
            key = drawn[pair]
            cid_to_gid[2 * cid:2 * cid + 2] = variant_gid.get(key, key[0]).to_bytes(2, "big")
            widths += [cid, pdfdoc.PDFArray([_width(face, pair)])]
        cid_font = pdfdoc.PDFDictionary(dict(
            Type=pdfdoc.PDFName("Font"), Subtype=pdfdoc.PDFName("CIDFontType2"), BaseFont=pdfdoc.PDFName(base),
            CIDSystemInfo=pdfdoc.PDFDictionary(dict(Registry=pdfdoc.PDFString("Adobe"),
                                                    Ordering=pdfdoc.PDFString("Identity"), Supplement=0)),
            FontDescriptor=doc.Reference(descriptor),
            DW=round(face.advance(0) * scale),
            W=pdfdoc.PDFArray(widths),
            CIDToGIDMap=doc.Reference(_stream(doc, bytes(cid_to_gid)))))
        font = pdfdoc.PDFDictionary(dict(
            Type=pdfdoc.PDFName("Font"), Subtype=pdfdoc.PDFName("Type0"), BaseFont=pdfdoc.PDFName(base),
            Encoding=pdfdoc.PDFName("Identity-H"), DescendantFonts=pdfdoc.PDFArray([doc.Reference(cid_font)]),
            ToUnicode=doc.Reference(_stream(doc, to_unicode_cmap(base, pairs)))))
        # an indirect object, as pdffonts and print-shop tools expect a page's fonts to be
        doc.idToObject["BasicFonts"].dict[self.internal] = doc.Reference(font, self.internal)


def _too_many_glyphs(face: Face, more: int) -> BrochureError:
    """A face whose glyphs leave too few codes (CIDs) or glyph IDs above its own for those a
    document adds: a whole CJK face converted to TrueType has 65,535 and leaves none."""
    return BrochureError(f"the font has {face.num_glyphs:,} glyphs; with the {more:,} more this document needs "
                         f"(glyphs drawn for other text, with another width or off the baseline) that is more than "
                         f"the 65,535 a font can have: take a smaller face (a subset for the scripts it prints, "
                         f"e.g. with fontTools' pyftsubset)", face.path)


def _width(face: Face, pair: tuple) -> int:
    """The width /W declares for a CID (thousandths of the font size)."""
    return pair[2] if len(pair) >= 3 else 0 if pair[0] == BLANK else face.pdf_advance[pair[0]]


def _drawn(face: Face, pair: tuple, blank: int) -> tuple[int, int, int]:
    """(glyph, dy, advance in font units) a CID's glyph in the subset is: its own glyph where
    it is drawn on the baseline with its own width, else a variant (fontfile.Face.subset)."""
    gid = blank if pair[0] == BLANK else pair[0]
    width = _width(face, pair)
    # hmtx has no negative advance (a width that tiles a word inside a CJK line's letter spacing)
    advance = face.advance(gid) if width == face.pdf_advance[gid] else max(0, round(width * face.upem / 1000))
    return gid, pair[3] if len(pair) == 4 else 0, advance


def to_unicode_cmap(name: str, pairs) -> bytes:
    """A ToUnicode CMap mapping each CID to its text (UTF-16BE; empty for the
    non-first glyphs of a cluster, which stand for no text of their own)."""
    lines = []
    chunk: list[str] = []
    for (_, text, *_), cid in pairs:
        chunk.append(f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>")
        if len(chunk) == 100:  # at most 100 entries per beginbfchar block
            lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
            chunk = []
    if chunk:
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    body = "\n".join(lines)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        f"/CMapName /{name.replace('+', '-')}-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _stream(doc, data: bytes, **entries) -> pdfdoc.PDFStream:
    stream = pdfdoc.PDFStream(dictionary=pdfdoc.PDFDictionary(entries), content=data)
    if doc.compression:
        stream.filters = [pdfdoc.PDFZCompress]
    return stream


def _subset_tag(program: bytes, pairs) -> str:
    """Six capital letters from the subset's content (ISO 32000-1 9.6.4)."""
    digest = hashlib.sha256(program + repr(pairs).encode("utf-8")).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


class _Hex(dict):
    """Glyph id → four hex digits, made when first asked for (a table of all 65,536 took a
    fresh process 25 ms)."""

    def __missing__(self, gid: int) -> str:
        text = self[gid] = f"{gid:04X}"
        return text


_HEX = _Hex()


def internal_name(face: Face) -> str:
    """The font's resource name, the same in every document (from the file's content)."""
    return "FB" + face.digest[:10].upper()
