"""One TrueType face: HarfBuzz for shaping, raw tables for metrics and subsetting.

ReportLab's TrueType support maps characters, not glyphs, so it cannot embed the
glyphs HarfBuzz chooses (conjuncts, Arabic joining forms, ligatures). We keep the
file's bytes, let HarfBuzz shape with them, and cut a glyph subset ourselves: the
``glyf``/``loca`` tables are sliced by glyph ID (composite glyphs bring their
components), which takes a few milliseconds where fontTools' general subsetter
takes ~100 ms a face. A glyph that a document draws above or below the baseline, or
with an advance other than its own, gets a composite glyph of its own in the subset, the
original moved by that offset with that advance (``Face.subset``'s ``variants``), so that
it is written on the line's baseline and the font program's widths are the ones the PDF
declares (ISO 14289-1 7.21.5).
"""

from __future__ import annotations

import hashlib
import struct
from functools import cached_property, lru_cache
from pathlib import Path

import uharfbuzz as hb

# Tables a CIDFontType2 needs for rendering (ISO 32000-1 9.9); hinting programs are
# kept because they belong to the glyphs' appearance at small sizes on screen.
_KEEP = (b"head", b"hhea", b"maxp", b"hmtx", b"cvt ", b"fpgm", b"prep", b"OS/2", b"name", b"post")
# Composite glyph flags (OpenType glyf spec).
_ARG_WORDS, _XY_VALUES, _HAVE_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x2, 0x8, 0x20, 0x40, 0x80
_MY_METRICS = 0x200


class Face:
    """A font file, read once per process."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.data = self.path.read_bytes()
        self.tables = _table_directory(self.data)
        head = self.table(b"head")
        self.upem = struct.unpack(">H", head[18:20])[0]
        self.bbox = struct.unpack(">hhhh", head[36:44])
        self.long_loca = struct.unpack(">h", head[50:52])[0] == 1
        hhea = self.table(b"hhea")
        self.ascent, self.descent = struct.unpack(">hh", hhea[4:8])
        self.num_hmetrics = struct.unpack(">H", hhea[34:36])[0]
        self.num_glyphs = struct.unpack(">H", self.table(b"maxp")[4:6])[0]
        _check_counts(self)
        post = self.table(b"post")
        self.italic_angle = struct.unpack(">i", post[4:8])[0] / 65536.0
        os2 = self.table(b"OS/2")
        self.weight = struct.unpack(">H", os2[4:6])[0]
        self.cap_height = struct.unpack(">h", os2[88:90])[0] if len(os2) >= 90 else self.ascent
        self.name = _postscript_name(self.table(b"name")) or self.path.stem
        self.hb_face = hb.Face(hb.Blob(self.data))
        self.hb_font = hb.Font(self.hb_face)
        self.hb_font.scale = (self.upem, self.upem)

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    @cached_property
    def glyf(self) -> memoryview:
        """A view into the file's bytes, not a copy (a CJK face's outlines are 4–5 MB)."""
        offset, length = self.tables[b"glyf"]
        return memoryview(self.data)[offset:offset + length]

    @cached_property
    def primary(self) -> dict[int, str]:
        """Glyph → the character that maps to it (the lowest code point, if several).

        A glyph drawn for exactly that character gets its glyph ID as CID, the same in
        every document; other uses (ligatures, cluster parts) get CIDs of their own."""
        out: dict[int, str] = {}
        get = self.hb_font.get_nominal_glyph
        for cp in sorted(self.unicodes):
            gid = get(cp)
            if gid and gid not in out:
                out[gid] = chr(cp)
        return out

    @cached_property
    def unicodes(self) -> frozenset[int]:
        """Every code point the face maps to a glyph."""
        return frozenset(self.hb_face.unicodes)

    @cached_property
    def _advances(self) -> tuple[int, ...]:
        hmtx = self.table(b"hmtx")
        longs = struct.unpack(f">{self.num_hmetrics * 2}H", hmtx[:self.num_hmetrics * 4])[::2]
        return longs + (longs[-1],) * (self.num_glyphs - self.num_hmetrics)

    @cached_property
    def pdf_advance(self) -> tuple[int, ...]:
        """Advances in thousandths of the font size, as the embedded font's /W declares them."""
        return tuple(round(a * 1000 / self.upem) for a in self._advances)

    def advance(self, gid: int) -> int:
        """The glyph's advance in font units (what a PDF viewer assumes without adjustments)."""
        return self._advances[gid] if gid < self.num_glyphs else 0

    def glyph(self, char: str) -> int:
        return self.hb_font.get_nominal_glyph(ord(char)) or 0

    @cached_property
    def _loca(self) -> tuple[int, ...]:
        loca = self.table(b"loca")
        if self.long_loca:
            return struct.unpack(f">{self.num_glyphs + 1}I", loca[:4 * (self.num_glyphs + 1)])
        return tuple(2 * v for v in struct.unpack(f">{self.num_glyphs + 1}H", loca[:2 * (self.num_glyphs + 1)]))

    def subset(self, gids: set[int], variants: tuple[tuple[int, int, int], ...] = ()) -> bytes:
        """The font with only ``gids`` (plus .notdef and composite components) outlined.

        Glyph IDs are kept, so the content stream's glyph IDs stay valid; unused
        glyphs become empty outlines (a few bytes each in the compressed loca).
        ``variants``: (glyph, dy, advance) triples, added after the font's glyphs in this
        order (glyph ID ``num_glyphs + k``), each a composite of its glyph moved ``dy`` font
        units up, with ``advance`` (font units) as its width; an empty glyph stays empty.
        """
        glyf, loca = self.glyf, self._loca
        wanted = {0} | {g for g in gids if g < self.num_glyphs} | {g for g, _, _ in variants}
        todo = list(wanted)
        while todo:  # closure over composite components
            gid = todo.pop()
            for component in _components(glyf[loca[gid]:loca[gid + 1]]):
                if component not in wanted:
                    wanted.add(component)
                    todo.append(component)
        parts, offsets, pos = [], [], 0
        pieces = (glyf[loca[gid]:loca[gid + 1]] if gid in wanted else b"" for gid in range(self.num_glyphs))
        added = (_moved(glyf[loca[g]:loca[g + 1]], g, dy, own=advance == self._advances[g]) for g, dy, advance in variants)
        for piece in [*pieces, *added]:
            offsets.append(pos)
            if piece:  # an unused glyph is an empty outline: its offset only
                piece = bytes(piece) + b"\0" * (-len(piece) % 4)
                parts.append(piece)
                pos += len(piece)
        offsets.append(pos)
        tables = {tag: self.table(tag) for tag in _KEEP if tag in self.tables}
        head = bytearray(tables[b"head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: recomputed by no one, allowed to be 0 here
        head[36:44] = struct.pack(">hhhh", *self.bbox_with(variants))
        head[50:52] = struct.pack(">h", 1)  # long loca
        tables[b"head"] = bytes(head)
        tables[b"glyf"] = b"".join(parts)
        tables[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
        if variants:
            tables.update(self._grown_tables(tables, variants))
        return _font_file(tables)

    def bbox_with(self, variants: tuple[tuple[int, int, int], ...]) -> tuple[int, int, int, int]:
        """The font's bounding box, grown to hold the glyphs ``variants`` adds (``subset``)."""
        x0, y0, x1, y1 = self.bbox
        for gid, dy, _ in variants:
            box = self._glyph_box(gid)
            if box is not None:
                y0, y1 = min(y0, box[1] + dy), max(y1, box[3] + dy)
        return x0, y0, x1, y1

    def _glyph_box(self, gid: int) -> tuple[int, int, int, int] | None:
        return _box(self.glyf[self._loca[gid]:self._loca[gid + 1]])

    def _grown_tables(self, tables: dict[bytes, bytes], variants) -> dict[bytes, bytes]:
        """maxp, hhea, hmtx and post for the glyphs ``variants`` adds: every glyph gets a long
        horizontal metric (an added glyph has its own advance and its original's side
        bearing), post keeps no glyph names (format 3: names are for glyph IDs the font had)."""
        count = self.num_glyphs + len(variants)
        maxp = bytearray(tables[b"maxp"])
        maxp[4:6] = struct.pack(">H", count)
        if len(maxp) >= 32:  # version 1.0: the composites' limits (one component, one level deeper)
            points, contours, c_points, c_contours = struct.unpack(">HHHH", maxp[6:14])
            maxp[10:14] = struct.pack(">HH", max(points, c_points), max(contours, c_contours))
            elements, depth = struct.unpack(">HH", maxp[28:32])
            maxp[28:32] = struct.pack(">HH", max(elements, 1), depth + 1)
        hmtx = self.table(b"hmtx")
        n = self.num_hmetrics
        lsbs = struct.unpack(f">{n * 2}h", hmtx[:n * 4])[1::2]
        lsbs += struct.unpack(f">{self.num_glyphs - n}h", hmtx[n * 4:n * 4 + 2 * (self.num_glyphs - n)])
        metrics = [*zip(self._advances, lsbs), *((advance, lsbs[g]) for g, _, advance in variants)]
        hmtx = b"".join(struct.pack(">Hh", advance, lsb) for advance, lsb in metrics)
        hhea = bytearray(tables[b"hhea"])
        hhea[34:36] = struct.pack(">H", count)
        post = bytearray(tables[b"post"][:32])
        post[0:4] = struct.pack(">I", 0x00030000)
        return {b"maxp": bytes(maxp), b"hhea": bytes(hhea), b"hmtx": hmtx, b"post": bytes(post)}

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _check_counts(face: Face) -> None:
    """The glyph count (maxp) must be one the metrics (hmtx) and outline offsets (loca) hold: a
    damaged count was read past their end (in build) or took the codes a document's glyphs need
    (pdffont), both internal errors, where fonts._opened names a damaged file at its line."""
    hmtx, loca = len(face.table(b"hmtx")), len(face.table(b"loca"))
    if not 0 < face.num_hmetrics <= face.num_glyphs or hmtx < 2 * (face.num_hmetrics + face.num_glyphs) \
            or loca < (face.num_glyphs + 1) * (4 if face.long_loca else 2):
        raise ValueError(f"maxp counts {face.num_glyphs:,} glyphs, more than hmtx or loca hold")


@lru_cache(maxsize=None)
def face(path: str) -> Face:
    """The process-wide Face for a font file (parsed once)."""
    return Face(path)


def _table_directory(data: bytes) -> dict[bytes, tuple[int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        out[tag] = (offset, length)
    return out


def _components(glyph: bytes):
    """Glyph IDs a composite glyph refers to."""
    if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
        return
    pos = 10
    while True:
        flags, gid = struct.unpack(">HH", glyph[pos:pos + 4])
        yield gid
        pos += 4 + (4 if flags & _ARG_WORDS else 2)
        if flags & _HAVE_SCALE:
            pos += 2
        elif flags & _XY_SCALE:
            pos += 4
        elif flags & _TWO_BY_TWO:
            pos += 8
        if not flags & _MORE:
            return


def _box(glyph: bytes) -> tuple[int, int, int, int] | None:
    """A glyf record's bounding box (xMin, yMin, xMax, yMax); None for an empty outline."""
    return struct.unpack(">hhhh", glyph[2:10]) if len(glyph) >= 10 else None


def _moved(glyph: bytes, gid: int, dy: int, own: bool = True) -> bytes:
    """A composite glyph: glyph ``gid`` (``glyph``: its glyf record) moved ``dy`` font units
    up, with its metrics when ``own`` (else the advance hmtx gives it); an empty glyph stays
    empty. Not rounded to the grid, as a text rise is not."""
    box = _box(glyph)
    if box is None:
        return b""
    x0, y0, x1, y1 = box
    flags = _ARG_WORDS | _XY_VALUES | (_MY_METRICS if own else 0)
    return struct.pack(">hhhhhHHhh", -1, x0, y0 + dy, x1, y1 + dy, flags, gid, 0, dy)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _font_file(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    entry = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, entry * 16, entry.bit_length() - 1, count * 16 - entry * 16)
    directory, body = [], []
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    return header + b"".join(directory) + b"".join(body)


def _postscript_name(name: bytes) -> str | None:
    version, count, strings = struct.unpack(">HHH", name[:6])
    if version not in (0, 1):  # the two formats OpenType defines: anything else is a damaged table
        raise ValueError(f"name table format {version} is neither 0 nor 1")
    for i in range(count):
        platform, encoding, _, name_id, length, offset = struct.unpack(">6H", name[6 + 12 * i:18 + 12 * i])
        if name_id == 6:
            raw = name[strings + offset:strings + offset + length]
            text = raw.decode("utf-16-be" if platform in (0, 3) else "latin-1", "replace")
            return "".join(ch for ch in text if 33 <= ord(ch) <= 126 and ch not in "[](){}<>/%")
    return None
