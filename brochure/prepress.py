"""Prepress on finished PDF bytes (pikepdf): saddle-stitch imposition, and the finishing pass
that makes a rendered file PDF/X-4 (OutputIntent, XMP, Info keys, dates, unique subset tags).

Pure functions from bytes to bytes; the build decides where the results are written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from .errors import BrochureError
from .fsutil import read_input
from .layouts import MAX_ICC_BYTES, MM, icc_problem
from .xmp import PDFX4, pdf_date, xmp_packet

PDF_VERSION = "1.6"  # PDF/X-4 is based on PDF 1.6 (ISO 15930-7)
MARK_WIDTH = 0.25  # pt
MARK_GAP = 1 * MM  # between the bleed edge and a mark
FOLD_DASH = "[3 2]"  # pt on, pt off: a fold mark is dashed, a crop mark solid
REGISTRATION = "/All CS 1 SCN"  # the registration colour (resource /All, _registration_space): every plate


# ------------------------------------------------------------------ imposition

def saddle_order(pages: int, rtl: bool = False) -> list[tuple[int, int]]:
    """1-based (left, right) page numbers of each printed side, in print order:
    sheet 1 front, sheet 1 back, sheet 2 front, … (n | 1, 2 | n−1, n−2 | 3, 4 | n−3, …).

    A right-to-left booklet (Arabic, Hebrew) is bound on the right, so every side is
    mirrored: 1 | n, n−1 | 2, …"""
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return [(right, left) for left, right in sides] if rtl else sides


@dataclass(frozen=True)
class SheetGeometry:
    """One printed side: two trimmed pages side by side with their bleed and crop marks."""

    trim_w: float  # one page's trim, pt
    trim_h: float
    bleed: float
    slug: float  # room for the crop marks outside the bleed, pt

    @property
    def offset(self) -> float:
        return self.bleed + self.slug

    @property
    def media(self) -> tuple[float, float]:
        return 2 * self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset

    @property
    def fold(self) -> float:
        return self.media[0] / 2

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return o, o, o + 2 * self.trim_w, o + self.trim_h

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.trim_box
        return x0 - self.bleed, y0 - self.bleed, x1 + self.bleed, y1 + self.bleed


def impose_saddle_stitch(pdf: bytes, path: str | None = None, rtl: bool = False, creep: float = 0.0,
                         slug: float = 10.0) -> bytes:
    """Booklet pages → printed sides in saddle-stitch order (n/2 sides), ready for a shop.

    Each page is placed as a Form XObject with its bleed on the three outer edges; facing pages
    meet at the fold. The side's TrimBox is the spread's trim (cut once, then fold), its
    BleedBox 'bleed' beyond it, and crop marks sit in a slug (``slug`` mm, as in ``Layout.imposed``)
    outside the bleed, with fold marks at the spine. ``creep`` (mm) moves the pages of the innermost
    sheet that far towards the spine (the sheets between proportionally), compensating for the
    paper the fold pushes out.
    """
    source = Pdf.open(io.BytesIO(pdf))
    count = len(source.pages)
    if count == 0 or count % 4:
        raise BrochureError(f"saddle stitching needs a multiple of 4 pages, this PDF has {count}", path)
    first = source.pages[0]
    trim, bleed_box = _box(first, "/TrimBox"), _box(first, "/BleedBox")
    bleed = max(0.0, trim[0] - bleed_box[0])
    sheet = SheetGeometry(trim[2] - trim[0], trim[3] - trim[1], bleed, slug * MM)
    width, height = sheet.media
    out = Pdf.new()
    forms: dict[int, pikepdf.Object] = {}
    registration = _registration_space(source, out)
    sheets = count // 4
    for index, (left, right) in enumerate(saddle_order(count, rtl)):
        number = index // 2  # sheet 0 is the outermost
        shift = creep * MM * (number / (sheets - 1) if sheets > 1 else 0.0)
        content, xobjects = [], Dictionary()
        for page_number, on_left in ((left, True), (right, False)):
            page = source.pages[page_number - 1]
            if int(page.obj.get("/Rotate", 0)) % 360:
                raise BrochureError(f"page {page_number} is rotated; impose unrotated pages", path)
            page_trim = _box(page, "/TrimBox")
            if abs((page_trim[2] - page_trim[0]) - sheet.trim_w) > 0.1 or \
                    abs((page_trim[3] - page_trim[1]) - sheet.trim_h) > 0.1:
                raise BrochureError(f"page {page_number} has another trim size than page 1", path)
            name = f"/P{page_number}"
            xobjects[name] = forms.setdefault(page_number, out.copy_foreign(_form_of(page)))
            # page trim → sheet: spine edge at the fold, moved towards it by the creep
            x = sheet.fold - sheet.trim_w + shift if on_left else sheet.fold - shift
            y = sheet.offset
            dx, dy = x - page_trim[0], y - page_trim[1]
            # visible: the page's bleed on the outer edges, up to the fold at the spine
            cx0 = x - bleed if on_left else sheet.fold
            cx1 = sheet.fold if on_left else x + sheet.trim_w + bleed
            content.append(f"q {_n(cx0)} {_n(y - bleed)} {_n(cx1 - cx0)} {_n(sheet.trim_h + 2 * bleed)} re W n "
                           f"1 0 0 1 {_n(dx)} {_n(dy)} cm {name} Do Q")
        content.append(_marks(sheet))
        stream = pikepdf.Stream(out, "\n".join(content).encode("ascii"))
        side = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, width, height]),
                          TrimBox=Array([round(v, 4) for v in sheet.trim_box]),
                          BleedBox=Array([round(v, 4) for v in sheet.bleed_box]),
                          Resources=Dictionary(XObject=xobjects, ColorSpace=Dictionary(All=registration)),
                          Contents=out.make_indirect(stream))
        out.pages.append(pikepdf.Page(side))
    _copy_document_info(source, out)
    return _save(out)


def _form_of(page: pikepdf.Page) -> pikepdf.Object:
    """The page as a Form XObject over its BleedBox, in the page's own coordinates."""
    form = page.as_form_xobject(handle_transformations=False)
    form.BBox = Array(_box(page, "/BleedBox"))
    form.Matrix = Array([1, 0, 0, 1, 0, 0])
    return form


def _marks(sheet: SheetGeometry) -> str:
    """Crop marks at the spread's four corners and fold marks at the spine, starting
    MARK_GAP outside the bleed and ending in the slug, in registration colour."""
    x0, y0, x1, y1 = sheet.trim_box
    start, end = sheet.bleed + MARK_GAP, sheet.offset - 0.5 * MM
    crops = []
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        crops.append((x + sx * start, y, x + sx * end, y))
        crops.append((x, y + sy * start, x, y + sy * end))
    # the fold, where both pages' spine corners are: dashed, the print convention, so that
    # nobody takes it for a crop mark and cuts the booklet in half
    folds = [(sheet.fold, y + sy * start, sheet.fold, y + sy * end) for y, sy in ((y0, -1), (y1, 1))]

    def strokes(lines):  # one stroke per mark, so each mark's extent can be checked on its own (thin-rules)
        return " ".join(f"{_n(a)} {_n(b)} m {_n(c)} {_n(d)} l S" for a, b, c, d in lines)

    return f"q {REGISTRATION} {MARK_WIDTH} w {strokes(crops)} {FOLD_DASH} 0 d {strokes(folds)} Q"


def _registration_space(source: Pdf, out: Pdf) -> pikepdf.Object:
    """The registration colour for the sides' marks: a Separation named /All, which prints on every
    plate (ISO 32000 8.6.6.4; PDF/X-4 allows it). The pages' own when they have one, so that the
    name has one alternate and tint transform in the file; else CMYK 100/100/100/100 at tint 1."""
    for page in source.pages:
        space = page.obj.get("/Resources", Dictionary()).get("/ColorSpace", Dictionary()).get("/All")
        if isinstance(space, Array) and len(space) == 4 and space[0] == Name.Separation and space[1] == Name.All:
            return out.copy_foreign(space if space.is_indirect else source.make_indirect(space))
    tint = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1)
    return out.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, tint]))


def _box(page: pikepdf.Page, key: str) -> list[float]:
    """A page box, falling back as PDF does: TrimBox/BleedBox → CropBox → MediaBox."""
    obj = page.obj
    for name in (key, "/CropBox", "/MediaBox"):
        if name in obj:
            x0, y0, x1, y1 = (float(v) for v in obj[name])
            return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
    raise BrochureError("a page without a MediaBox")


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _copy_document_info(source: Pdf, out: Pdf) -> None:
    """Keep Title, Author, … and /Lang: the imposed file is still the same document."""
    if "/Info" in source.trailer:
        out.trailer.Info = out.copy_foreign(source.trailer.Info)
    if "/Lang" in source.Root:
        out.Root.Lang = String(str(source.Root.Lang))


# ------------------------------------------------------------------ finishing: PDF/X-4

@dataclass(frozen=True)
class Intent:
    """The CMYK printing condition the colours are meant for (an OutputIntent)."""

    profile: Path
    identifier: str  # /OutputConditionIdentifier, e.g. FOGRA39
    info: str | None = None
    registry: str | None = None


def finish(pdf: bytes, created: dt.datetime, intent: Intent | None = None, *, pdfx: bool = False,
           pdfua: int | None = None, identity: str = "") -> bytes:
    """The last pass over a rendered (or imposed) file.

    Always: reproducible dates (``created``) in Info and XMP, an XMP packet, a unique subset tag
    for every embedded subset, a file identifier, PDF 1.6. With ``intent``: the OutputIntent;
    with ``pdfx``: the PDF/X-4 identification (/GTS_PDFXVersion in Info and XMP, /Trapped).
    ``pdfua``: the PDF/UA part to claim; None keeps the claim of the file's XMP, if any.
    ``identity`` names the document across rebuilds ("als-stem-cells/de/a5-booklet"): its
    xmpMM:DocumentID, and with the content the InstanceID, are name-based UUIDs of it, so a
    rebuild of unchanged input stays byte-identical (without it the content is the name).
    """
    if pdfx and intent is None:
        raise BrochureError("PDF/X needs an output intent")
    doc = Pdf.open(io.BytesIO(pdf))
    unique_subset_tags(doc)
    if intent is not None:
        _add_output_intent(doc, intent)
    info = doc.trailer.Info if "/Info" in doc.trailer else doc.make_indirect(Dictionary())
    doc.trailer.Info = info
    stamp = pdf_date(created)
    info.CreationDate, info.ModDate = String(stamp), String(stamp)
    info.Trapped = Name("/False")  # not Name.False_, which pikepdf spells /False_
    if pdfx:
        info.GTS_PDFXVersion = String(PDFX4)
    elif "/GTS_PDFXVersion" in info:
        del info.GTS_PDFXVersion

    if "/Keywords" in info and not str(info.Keywords).strip():
        del info.Keywords  # ReportLab writes an empty one; Info and XMP should list the same entries

    def text(key: str) -> str:
        return str(info[key]) if key in info else ""

    if pdfua is None:  # keep the PDF/UA claim of the tagging step's packet, which this one replaces
        pdfua = _pdfua_part(doc)
    packet = xmp_packet(text("/Title"), str(doc.Root.get("/Lang", "")), text("/Producer"),
                        creator_tool=text("/Creator"), author=text("/Author"), description=text("/Subject"),
                        keywords=text("/Keywords"), created=created, pdfx_version=PDFX4 if pdfx else None,
                        pdfua_part=pdfua,
                        **_identifiers(identity, pdf))
    metadata = pikepdf.Stream(doc, packet)
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    doc.Root.Metadata = doc.make_indirect(metadata)
    return _save(doc)


def _identifiers(identity: str, pdf: bytes) -> dict[str, str]:
    """xmpMM:DocumentID and InstanceID for ``identity``: uuid5 of the name, and of the name and content
    (without a name, the content names the document)."""
    content = hashlib.sha256(pdf).hexdigest()
    name = f"urn:brochure:{identity or content}"
    return {"document_id": f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}",
            "instance_id": f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{name}#{content}')}"}


def _pdfua_part(doc: Pdf) -> int | None:
    """The pdfuaid:part an existing XMP packet claims (element or attribute form), or None."""
    if "/Metadata" not in doc.Root:
        return None
    found = re.search(rb"pdfuaid:part(?:>|=[\"'])\s*(\d+)", doc.Root.Metadata.read_bytes())
    return int(found.group(1)) if found else None


def add_output_intent(pdf: bytes, icc_path: Path, identifier: str, *, info: str | None = None,
                      registry: str | None = None) -> bytes:
    """Add only a PDF/X-style OutputIntent (/S /GTS_PDFX) with ``icc_path`` as /DestOutputProfile."""
    doc = Pdf.open(io.BytesIO(pdf))
    _add_output_intent(doc, Intent(Path(icc_path), identifier, info, registry))
    return _save(doc)


def _add_output_intent(doc: Pdf, intent: Intent) -> None:
    profile = pikepdf.Stream(doc, _compressed_profile(str(intent.profile)))  # 1 MB: compress once per process
    profile.Filter, profile.N = Name.FlateDecode, 4
    entry = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX,
                       OutputConditionIdentifier=String(intent.identifier),
                       Info=String(intent.info or intent.identifier), DestOutputProfile=doc.make_indirect(profile))
    if intent.registry:
        entry.RegistryName = String(intent.registry)
    doc.Root.OutputIntents = Array([doc.make_indirect(entry)])


SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def unique_subset_tags(doc: Pdf) -> int:
    """Give every embedded subset a tag derived from its font program and base name.

    ReportLab names every subset AAAAAA+; two different subsets under one name confuse some
    RIPs. The tag is a hash of the content, so identical input still gives identical bytes.
    Returns how many fonts were renamed."""
    renamed = 0
    for obj in doc.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.Font:
            continue
        base = str(obj.get("/BaseFont", ""))[1:]
        if not SUBSET_TAG.match(base) or obj.get("/Subtype") == Name.Type0:
            continue  # a Type0's name follows its descendant's, below
        descriptor = obj.get("/FontDescriptor")
        program = None
        if descriptor is not None:
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    program = descriptor[key].read_raw_bytes()
                    break
        if program is None:
            continue
        widths = bytes(repr(obj.get("/Widths", obj.get("/W", ""))), "ascii")
        tag = _tag(hashlib.sha256(base.encode() + program + widths).digest())
        name = Name("/" + tag + "+" + base[7:])
        obj.BaseFont = name
        descriptor.FontName = name
        renamed += 1
    for obj in doc.objects:  # Type0 fonts carry their descendant's name
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font and obj.get("/Subtype") == Name.Type0:
            descendant = obj.DescendantFonts[0]
            if SUBSET_TAG.match(str(descendant.BaseFont)[1:]):
                obj.BaseFont = descendant.BaseFont
    return renamed


def _tag(digest: bytes) -> str:
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


@lru_cache(maxsize=4)
def _compressed_profile(path: str) -> bytes:
    # level 1: 30 ms instead of 60 ms for 2.5 % more bytes, paid on every booklet rebuild
    return zlib.compress(_read_cmyk_profile(Path(path)), 1)


def _read_cmyk_profile(path: Path) -> bytes:
    """The profile's bytes, refused unless the ICC header says: output (printer) class, CMYK."""
    data = read_input(path, str(path), "the ICC profile", MAX_ICC_BYTES)
    problem = icc_problem(data[:128])
    if problem:
        raise BrochureError(f"this is {problem}", path)
    return data


def _save(doc: Pdf) -> bytes:
    out = io.BytesIO()
    # deterministic_id: the trailer /ID (PDF/X wants one) from the content, so builds stay byte-identical
    doc.save(out, force_version=PDF_VERSION, deterministic_id=True, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()
