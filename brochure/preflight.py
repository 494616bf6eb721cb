"""PDF bytes → preflight findings: the checks a print shop runs before it accepts a file.

Pure: reads the bytes (objects with pypdf, content streams with qpdf through
``contentstream``) and returns one ``Finding`` per check, passed or not, so the CLI
can print one line per check per file and write ``report()`` as JSON. A file that
cannot be parsed, or a check that trips over a malformed object, becomes a failed
finding; no exception escapes ``preflight``.

What it cannot see (README, "Print production"): it is no PDF/X validator — the ICC profile is
checked by its header only, transparency groups and Type3 glyph procedures are not inspected, and
the ink coverage of a file with images, shadings or transparency is measured at 36 dpi (hairlines
are not areas; Ghostscript); a file of flat CMYK colour is bounded by the colours it paints.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import struct
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .contentstream import operations
from .errors import BrochureError
from .layouts import CLASSES, MM, Geometry, Layout, page_count
from .xmp import NAMESPACES as XMP_NS
from .xmp import parse_pdf_date

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    check: str
    passed: bool
    severity: str  # what a failure means: ERROR fails the file, WARNING is only reported
    message: str
    page: int | None = None  # 1-based page of the first offending place
    path: str = ""

    @property
    def blocking(self) -> bool:
        return not self.passed and self.severity == ERROR

    def __str__(self) -> str:
        status = "ok" if self.passed else self.severity
        where = f"page {self.page}: " if self.page else ""
        return f"{self.path}: {self.check}: {status}: {where}{self.message}"


def preflight(pdf: bytes, layout: Layout, path: str) -> list[Finding]:
    """Run every check on one file; never raises for a bad PDF."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:  # a print shop cannot open it without the password either
            raise ValueError("the file is encrypted")
        doc = _Pdf(reader, pdf)
        opened = Finding("pdf", True, ERROR, f"PDF {reader.pdf_header[5:]}, {page_count(len(doc.pages))}", None, path)
    except Exception as exc:  # pypdf raises many types for broken files; all mean "unreadable"
        reason = f"not a readable PDF: {exc}"
        return [Finding("pdf", False, ERROR, reason, None, path)] + [
            Finding(name, False, _severity(name, layout), "not checked: the file is not a readable PDF", None, path)
            for name in CHECKS]
    findings = [opened]
    for name, check in CHECKS.items():
        try:
            ok, message, page = check(doc, layout)
        except Exception as exc:  # a malformed object must not hide the other checks
            ok, message, page = False, f"could not check: {type(exc).__name__}: {exc}", None
        findings.append(Finding(name, ok, _severity(name, layout), message, page, path))
    return findings


def passed(findings: Iterable[Finding]) -> bool:
    """True when no finding is a failed error (warnings do not fail a file)."""
    return not any(f.blocking for f in findings)


def report(findings: Iterable[Finding], unreadable: Iterable[BrochureError] = ()) -> dict:
    """Findings of one or many files → a JSON-serialisable dict, grouped by file. ``unreadable``:
    layouts that could not be read, so that their PDFs were not checked; the report fails with
    them (without, a broken layout's PDFs were left out and the rest "passed")."""
    files: dict[str, list[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.path, []).append(finding)
    unreadable = [{"path": e.path, "line": e.line, "message": e.message} for e in unreadable]
    return {
        "passed": not unreadable and all(passed(group) for group in files.values()),
        "unreadable": unreadable,
        "files": [{"path": path, "passed": passed(group),
                   "checks": [{k: v for k, v in asdict(f).items() if k != "path"} for f in group]}
                  for path, group in files.items()],
    }


Result = tuple[bool, str, int | None]  # passed, message, page
CHECKS: dict[str, Callable[["_Pdf", Layout], Result]] = {}


def _check(name: str):
    def register(fn):
        CHECKS[name] = fn
        return fn
    return register


PRINT_ONLY = {"colour", "text-colour", "thin-rules", "rich-black"}


def _severity(name: str, layout: Layout) -> str:
    # RGB and the colour rules only matter when a print shop separates the file onto plates;
    # an office printer converts and screens everything anyway.
    return WARNING if name in PRINT_ONLY and not layout.print_ready else ERROR


# --- reading the document -----------------------------------------------------------------------

def _get(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _dict(obj) -> DictionaryObject:
    obj = _get(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


@dataclass
class _Scope:
    """One content stream with the resources it draws from."""
    page: int
    resources: DictionaryObject
    stream: object  # a PageObject (its /Contents) or a form / pattern / appearance stream
    what: str


class _Pdf:
    """The parsed file with the content-stream cache that the checks share: objects read with
    pypdf, content streams tokenised by qpdf (``contentstream``)."""

    def __init__(self, reader: PdfReader, data: bytes):
        self.reader, self.data = reader, data
        self.marks: list | None = None  # what puts ink on the pages (colour checks), walked once
        self.shows: list | None = None  # each page's text shows (text-size, body-size), walked once
        self.pages = list(reader.pages)
        self._ops: dict[int, list] = {}
        self._advances: dict[int, _Advances] = {}
        self._qpdf = None

    def advances(self, font) -> "_Advances | None":
        font = _dict(font)
        if not font:
            return None
        if id(font) not in self._advances:
            self._advances[id(font)] = _Advances(font)
        return self._advances[id(font)]

    def ops(self, stream) -> list:
        """The operations of a page (a pypdf PageObject) or of a form, pattern or appearance
        stream (a StreamObject): found in qpdf's copy of the file by object number."""
        key = id(stream)
        if key not in self._ops:
            if self._qpdf is None:
                import pikepdf

                self._qpdf = pikepdf.open(io.BytesIO(self.data))
            ref = stream.indirect_reference
            self._ops[key] = operations(self._qpdf, self._qpdf.get_object(ref.idnum, ref.generation))
        return self._ops[key]

    def scopes(self) -> Iterator[_Scope]:
        """Page contents, then every form XObject, tiling pattern and annotation appearance
        reachable from them (each once, at the first page that uses it)."""
        seen: set[int] = set()
        for number, page in enumerate(self.pages, 1):
            stack = [_Scope(number, _dict(page.get("/Resources")), page, "page content")]
            for annot in _get(page.get("/Annots")) or []:
                for appearance in _dict(_dict(annot).get("/AP")).values():
                    appearance = _get(appearance)
                    states = [appearance] if isinstance(appearance, StreamObject) else _dict(appearance).values()
                    stack += [_Scope(number, _dict(_get(s).get("/Resources")), _get(s), "annotation appearance")
                              for s in states if isinstance(_get(s), StreamObject)]
            while stack:
                scope = stack.pop()
                if id(scope.stream) in seen:
                    continue
                seen.add(id(scope.stream))
                yield scope
                for kind, label in (("/XObject", "form"), ("/Pattern", "pattern")):
                    for name, ref in _dict(scope.resources.get(kind)).items():
                        child = _get(ref)
                        if isinstance(child, StreamObject) and child.get("/Subtype") != "/Image":
                            # a form or tiling pattern without its own resources uses its parent's
                            resources = _dict(child.get("/Resources")) or scope.resources
                            stack.append(_Scope(number, resources, child, f"{label} {name}"))


# --- checks --------------------------------------------------------------------------------------

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


@_check("fonts")
def check_fonts(doc: _Pdf, layout: Layout) -> Result:
    """Every font (also in Type0 descendants and form XObjects) embedded, and as a subset."""
    fonts = list(_each_font(doc))
    problems = [(page, problem) for page, font in fonts if (problem := _font_problem(font))]
    if problems:
        return _listed(problems, len(fonts), "fonts")
    return True, f"{len(fonts)} font{'s' if len(fonts) != 1 else ''}, all embedded subsets", None


def _each_font(doc: _Pdf) -> Iterator[tuple[int, DictionaryObject]]:
    """Every font resource of the pages, forms, patterns and appearances, once, with its first page."""
    seen: set[int] = set()
    for scope in doc.scopes():
        for ref in _dict(scope.resources.get("/Font")).values():
            font = _dict(ref)
            if id(font) not in seen:
                seen.add(id(font))
                yield scope.page, font


def _listed(problems: list[tuple[int, str]], count: int, what: str) -> Result:
    """A failed font check: how many of ``count`` and the first three problems, at the first's page."""
    listed = "; ".join(p for _, p in problems[:3]) + ("; …" if len(problems) > 3 else "")
    return False, f"{len(problems)} of {count} {what}: {listed}", problems[0][0]


def _font_problem(font: DictionaryObject) -> str | None:
    name = str(font.get("/BaseFont", "/(unnamed)"))[1:]
    if font.get("/Subtype") == "/Type3":
        return None  # glyphs are procedures inside the PDF itself: nothing to embed
    owner = font
    if font.get("/Subtype") == "/Type0":
        owner = _dict(_get(font["/DescendantFonts"])[0])
        name = str(owner.get("/BaseFont", f"/{name}"))[1:]
    descriptor = _dict(owner.get("/FontDescriptor"))
    if not any(key in descriptor for key in FONT_FILES):
        return f"{name} is not embedded"
    if not SUBSET_PREFIX.match(name):
        return f"{name} is embedded whole, not as a subset"
    return None


@_check("font-widths")
def check_font_widths(doc: _Pdf, layout: Layout) -> Result:
    """The widths a composite font declares (/W of its CIDFontType2, through its CIDToGIDMap) are
    its embedded program's advances (hmtx), within 1/1000 em: ISO 32000-1 9.2.4 and 9.7.4.3,
    ISO 14289-1 7.21.5 (veraPDF's rule). A RIP that sets the text by the program's advances and a
    viewer that uses /W space it differently; extraction and assistive technology read the
    positions. Simple (non-composite) fonts are not compared."""
    # a composite font without its descendant is the fonts check's finding
    composite = [(page, _dict(_get(font["/DescendantFonts"])[0])) for page, font in _each_font(doc)
                 if font.get("/Subtype") == "/Type0" and _get(font.get("/DescendantFonts"))]
    problems = [(page, problem) for page, font in composite if (problem := _width_problem(font))]
    if problems:
        return _listed(problems, len(composite), "composite fonts")
    count = len(composite)
    return True, f"{count} composite font{'s' if count != 1 else ''}: /W matches the embedded advances", None


def _width_problem(cid_font: DictionaryObject) -> str | None:
    """Where a CIDFontType2's /W differs from its embedded program, the first such glyph; None."""
    name = str(cid_font.get("/BaseFont", "/(unnamed)"))[1:]
    program_stream = _get(_dict(cid_font.get("/FontDescriptor")).get("/FontFile2"))
    if cid_font.get("/Subtype") != "/CIDFontType2" or not isinstance(program_stream, StreamObject):
        return None  # not embedded as TrueType: the fonts check says so
    try:
        advance_of, glyphs = _advances(program_stream.get_data())
    except Exception as exc:  # noqa: BLE001 (a damaged program raises many kinds)
        return f"{name}: the embedded program cannot be read ({type(exc).__name__})"
    mapping = _get(cid_font.get("/CIDToGIDMap", "/Identity"))
    table = mapping.get_data() if isinstance(mapping, StreamObject) else None
    for cid, declared in _declared_widths(_get(cid_font.get("/W")) or []):
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
    items, i = [_get(v) for v in w], 0
    while i + 1 < len(items):
        first, second = items[i], items[i + 1]
        if isinstance(second, (ArrayObject, list)):
            for k, width in enumerate(second):
                yield int(first) + k, float(_get(width))
            i += 2
        elif i + 2 < len(items):
            for cid in range(int(first), int(second) + 1):
                yield cid, float(items[i + 2])
            i += 3
        else:
            return


@_check("boxes")
def check_boxes(doc: _Pdf, layout: Layout) -> Result:
    """TrimBox and BleedBox on every page, matching the layout's trim and bleed within 0.1 mm;
    the MediaBox contains the BleedBox."""
    geo, tolerance = Geometry.of(layout), 0.1 * MM
    for number, page in enumerate(doc.pages, 1):
        # pypdf's page.trimbox falls back to the CropBox/MediaBox: look at the page dictionary itself
        missing = [key[1:] for key in ("/TrimBox", "/BleedBox") if key not in page]
        if missing:
            return False, f"no {' and no '.join(missing)}", number
        trim, bleed, media = (_rect(page[key]) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if abs(width - geo.trim_w) > tolerance or abs(height - geo.trim_h) > tolerance:
            return False, (f"TrimBox is {_mm(width)} × {_mm(height)} mm; the layout's trim is "
                           f"{_mm(geo.trim_w)} × {_mm(geo.trim_h)} mm"), number
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if any(abs(side - geo.bleed) > tolerance for side in sides):
            shown = "/".join(_mm(side) for side in sides)
            return False, (f"BleedBox extends {shown} mm beyond the TrimBox (left/bottom/right/top); "
                           f"the layout's bleed is {_mm(geo.bleed)} mm"), number
        if not all(m <= b + tolerance for m, b in zip(media[:2], bleed[:2])) or \
                not all(m >= b - tolerance for m, b in zip(media[2:], bleed[2:])):
            return False, "the MediaBox does not contain the BleedBox", number
    return True, (f"{page_count(len(doc.pages))}: trim {_mm(geo.trim_w)} × {_mm(geo.trim_h)} mm, "
                  f"bleed {_mm(geo.bleed)} mm, inside the MediaBox"), None


def _rect(value) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in _get(value))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _mm(points: float) -> str:
    return f"{points / MM:.1f}".removesuffix(".0")


@_check("page-count")
def check_page_count(doc: _Pdf, layout: Layout) -> Result:
    """Page count a multiple of page_multiple (4 for saddle stitching) and within max_pages."""
    count, multiple, budget = len(doc.pages), layout.page.page_multiple, layout.page.max_pages
    if count == 0 or count % multiple:
        return False, f"{page_count(count)} is not a multiple of {multiple}", None
    if budget is not None and count > budget:
        return False, f"{page_count(count)} is more than the layout's {budget}", None
    limit = f", at most {budget}" if budget is not None else ""
    return True, f"{page_count(count)} (a multiple of {multiple}{limit})", None


RGB_FAMILIES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB"}  # /RGB: inline images
# colourants that print on the four process plates: /All is the registration colour of the marks
# (every plate), /None paints nothing; any other name is a spot colour, a plate of its own
PROCESS_COLOURANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black", "/All", "/None"}


@_check("colour")
def check_colour(doc: _Pdf, layout: Layout) -> Result:
    """CMYK only: no RGB, Lab or spot colour in colour operators, colour-space resources, images,
    shadings or inline images (an error for print layouts, a warning otherwise). Grey prints on the
    black plate; the registration colour (Separation /All) is left to the rules for marks."""
    places: list[tuple[int, str]] = []
    for scope in doc.scopes():
        places += [(scope.page, f"{what} in {scope.what}") for what in _foreign_resources(scope.resources)]
        for operands, op in doc.ops(scope.stream):
            if op in (b"rg", b"RG"):
                places.append((scope.page, f"{op.decode()} operator in {scope.what}"))
            elif op in (b"cs", b"CS") and operands:
                space = _foreign_space(operands[0], scope.resources)
                if space:
                    places.append((scope.page, f"{op.decode()} {operands[0]} ({space}) in {scope.what}"))
            elif op == b"INLINE IMAGE":
                settings = operands["settings"]
                space = _foreign_space(settings.get("/ColorSpace", settings.get("/CS")), scope.resources)
                if space:
                    places.append((scope.page, f"inline {space} image in {scope.what}"))
    if places:
        more = f" (and {len(places) - 1} more)" if len(places) > 1 else ""
        return False, f"colour not CMYK: {places[0][1]}{more}", places[0][0]
    return True, "CMYK only: no RGB, Lab or spot colour in operators, colour spaces, images or shadings", None


def _foreign_resources(resources: DictionaryObject) -> Iterator[str]:
    """Colour other than CMYK in the resource dictionary itself, whether the content uses it or not."""
    for name, space in _dict(resources.get("/ColorSpace")).items():
        if found := _foreign_space(space, resources):
            yield f"colour space {name} ({found})"
    for name, ref in _dict(resources.get("/XObject")).items():
        image = _dict(ref)
        if image.get("/Subtype") == "/Image" and (found := _foreign_space(image.get("/ColorSpace"), resources)):
            yield f"image {name} ({found})"
    shadings = dict(_dict(resources.get("/Shading")))
    for name, ref in _dict(resources.get("/Pattern")).items():
        if "/Shading" in _dict(ref):  # a shading pattern
            shadings[name] = _dict(ref)["/Shading"]
    for name, ref in shadings.items():
        if found := _foreign_space(_dict(ref).get("/ColorSpace"), resources):
            yield f"shading {name} ({found})"


def _foreign_space(space, resources: DictionaryObject, depth: int = 0) -> str | None:
    """What a colour space is when it is not CMYK (or grey): an RGB family, Lab, or a spot colour
    (a Separation or DeviceN colourant other than the process plates, /All and /None), also
    through an Indexed base or a Separation/DeviceN alternate; None for CMYK."""
    space = _get(space)
    if space is None or depth > 8:  # the depth bound stops self-referencing resources
        return None
    if isinstance(space, str):
        if str(space) in RGB_FAMILIES:
            return RGB_FAMILIES[str(space)]
        named = _dict(resources.get("/ColorSpace")).get(space)  # a resource name such as /CS0
        return _foreign_space(named, resources, depth + 1) if named is not None else None
    if isinstance(space, (ArrayObject, list)) and space:  # a list: an inline image's
        family = str(_get(space[0]))
        if family == "/ICCBased" and len(space) > 1:
            return "ICCBased RGB" if int(_get(_dict(space[1]).get("/N", 0))) == 3 else None
        if family in RGB_FAMILIES:
            return RGB_FAMILIES[family]
        if family == "/Lab":
            return "Lab"
        if family in ("/Indexed", "/I", "/Pattern") and len(space) > 1:
            return _foreign_space(space[1], resources, depth + 1)
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            names = _get(space[1])
            names = [str(_get(n)) for n in names] if isinstance(names, ArrayObject) else [str(names)]
            spots = [name for name in names if name not in PROCESS_COLOURANTS]
            return f"spot colour {spots[0]}" if spots else _foreign_space(space[2], resources, depth + 1)
    return None


FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm"}
URI_SCHEMES = ("http://", "https://", "mailto:")  # a link may open a web page or write an e-mail, nothing else
BACK_LINKS = {"/Parent", "/P", "/Pg"}  # point up the tree: following them only re-walks it


@_check("actions")
def check_actions(doc: _Pdf, layout: Layout) -> Result:
    """No JavaScript (/JS, the /JavaScript name tree, /AA), no launch, external-file or form-submit
    actions, and URI actions only to http(s) and mailto, anywhere: annotations, outlines,
    OpenAction, form fields."""
    found: list[tuple[int | None, str]] = []
    seen: set[tuple[int, int]] = set()
    roots = [(number, page) for number, page in enumerate(doc.pages, 1)]
    roots.append((None, doc.reader.trailer["/Root"]))
    for page in doc.pages:  # walk each page on its own, so findings carry its number
        if page.indirect_reference is not None:
            seen.add((page.indirect_reference.idnum, page.indirect_reference.generation))
    for number, root in roots:
        stack = [root.get_object() if isinstance(root, IndirectObject) else root]
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                found += [(number, what) for what in _action_faults(obj)]
                stack += [value for key, value in obj.items() if key not in BACK_LINKS]
            elif isinstance(obj, ArrayObject):
                stack += list(obj)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return False, f"{found[0][1]}{more}", found[0][0]
    return True, "no JavaScript, launch or external-file actions; links only to http(s) and mailto", None


def _action_faults(obj: DictionaryObject) -> Iterator[str]:
    action = str(obj.get("/S", ""))
    if action == "/URI" and not str(_get(obj.get("/URI", ""))).lower().startswith(URI_SCHEMES):
        yield f"URI action ({str(_get(obj.get('/URI', '')))[:60]}): only http(s) and mailto links are allowed"
    elif action in FORBIDDEN_ACTIONS:
        target = obj.get("/URI") or obj.get("/F") or ""
        yield f"{action[1:]} action" + (f" ({str(_get(target))[:60]})" if isinstance(_get(target), str) else "")
    elif "/JS" in obj:
        yield "JavaScript (/JS)"
    if "/JavaScript" in obj:
        yield "document JavaScript (/Names /JavaScript)"
    if "/AA" in obj:
        yield "additional actions (/AA)"


@_check("metadata")
def check_metadata(doc: _Pdf, layout: Layout) -> Result:
    """A non-empty document Title (Info) and a catalog /Lang."""
    info = doc.reader.metadata
    title = str(info.title or "").strip() if info is not None else ""
    lang = str(_get(_dict(doc.reader.trailer["/Root"]).get("/Lang")) or "").strip()
    missing = [what for what, value in (("Title", title), ("/Lang", lang)) if not value]
    if missing:
        return False, f"no {' and no '.join(missing)}", None
    shown = title if len(title) <= 60 else title[:59] + "…"
    return True, f"Title “{shown}”, /Lang {lang}", None


@_check("pdf-ua")
def check_pdf_ua(doc: _Pdf, layout: Layout) -> Result:
    """Tagged PDF and the machine-checkable Matterhorn 1.1 failure conditions (``matterhorn``)."""
    from .matterhorn import CONDITIONS, audit

    if layout.name.endswith("-imposed"):  # the print sheet is a production intermediate: untagged by design
        return True, "not applicable: an imposed print sheet (the booklet itself is tagged)", None
    failures = audit(doc.reader, doc.ops)
    if failures:
        shown = "; ".join(f"{f.condition} {f.message}" + (f" (page {f.page})" if f.page else "")
                          for f in failures[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        return False, shown + more, failures[0].page
    return True, f"tagged; {len(CONDITIONS)} Matterhorn 1.1 conditions checked (docs/accessibility.md)", None


SHOW_TEXT = {b"Tj": 0, b"TJ": 0, b"'": 0, b'"': 2}  # operator → index of its string operand
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@_check("text-size")
def check_text_size(doc: _Pdf, layout: Layout) -> Result:
    """The smallest shown text (Tf size × the text matrix's and CTM's vertical scale, through
    q/Q and form XObjects) is at least type.min_size."""
    smallest: tuple[float, int] | None = None
    for number, shows in enumerate(_shows(doc), 1):
        for size, _, _ in shows:
            if smallest is None or size < smallest[0]:
                smallest = (size, number)
    minimum = layout.type.min_size
    if smallest is None:
        return True, "no text", None
    size, number = smallest
    if size < minimum - 0.01:  # ReportLab writes sizes with 2 decimals
        return False, f"smallest text {_pt(size)} pt is below the {_pt(minimum)} pt minimum", number
    return True, f"smallest text {_pt(size)} pt on page {number} (minimum {_pt(minimum)} pt)", None


@_check("body-size")
def check_body_size(doc: _Pdf, layout: Layout) -> Result:
    """The body size actually printed (``body_size``) is at least the body minimum of the
    layout's class (layouts.CLASSES: office 12, booklet 11, large print 16 pt), whatever
    copyfit did."""
    measured = _body_size(doc, layout)
    if measured is None:
        return True, "no text", None
    size, share = measured
    minimum = CLASSES[layout.class_].body
    shown = f"body text {_pt(size)} pt ({share:.0%} of the printed text)"
    if size < minimum - 0.01:
        return False, f"{shown} is below the {_pt(minimum)} pt minimum for {layout.class_} layouts", None
    return True, f"{shown}, minimum {_pt(minimum)} pt for {layout.class_} layouts", None


def body_size(pdf: bytes, layout: Layout) -> tuple[float, float] | None:
    """The body size of a PDF and its share of the text: the size that sets the most text,
    measured as the length of the glyph advances (so that full-width Chinese counts as
    fairly as Latin, and the many short lines of the references do not outweigh it).
    The running footer, in the bottom margin, is not reading text and is not counted."""
    return _body_size(_Pdf(PdfReader(io.BytesIO(pdf)), pdf), layout)


def _body_size(doc: _Pdf, layout: Layout) -> tuple[float, float] | None:
    length: dict[float, float] = {}
    for page, shows in zip(doc.pages, _shows(doc)):
        box = page.get("/TrimBox") or page.get("/MediaBox")
        text_bottom = _rect(box)[1] + layout.margins.bottom * MM - 1  # 1 pt for descenders' rounding
        for size, ems, y in shows:
            if y < text_bottom:
                continue
            key = round(size, 2)
            length[key] = length.get(key, 0.0) + ems * size
    total = sum(length.values())
    if not total:
        return None
    size = max(length, key=lambda s: (length[s], s))
    return size, length[size] / total


def _shows(doc: _Pdf) -> list[list[tuple[float, float, float]]]:
    """``_text_shows`` of every page, walked once per file."""
    if doc.shows is None:
        doc.shows = [list(_text_shows(doc, page, _dict(page.get("/Resources")), IDENTITY, frozenset()))
                     for page in doc.pages]
    return doc.shows


def _text_shows(doc: _Pdf, stream, resources: DictionaryObject, ctm,
                active: frozenset) -> Iterator[tuple[float, float, float]]:
    """Effective size, advance (in ems) and baseline height (default user space) of each text
    show in one content stream, recursing into forms."""
    tm, size, mode, font, saved = IDENTITY, 0.0, 0, None, []
    for operands, op in doc.ops(stream):
        if op == b"q":
            saved.append((ctm, size, mode, font))  # Tf and Tr are graphics state too
        elif op == b"Q" and saved:
            ctm, size, mode, font = saved.pop()
        elif op == b"cm" and len(operands) == 6:
            ctm = _multiply(_matrix(operands), ctm)
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Tm" and len(operands) == 6:
            tm = _matrix(operands)  # Td, TD, T* and friends only translate: the scale is kept
        elif op == b"Tf" and len(operands) == 2:
            size = float(operands[1])
            font = doc.advances(_dict(resources.get("/Font")).get(operands[0]))
        elif op == b"Tr" and operands:
            mode = int(operands[0])
        elif op in SHOW_TEXT and mode != 3 and _shows_glyphs(operands, SHOW_TEXT[op]):  # 3 = invisible
            _, _, c, d, _, y = _multiply(tm, ctm)
            yield abs(size) * math.hypot(c, d), _ems(operands[SHOW_TEXT[op]], font), y
        elif op == b"Do" and operands:
            form = _get(_dict(resources.get("/XObject")).get(operands[0]))
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form" and id(form) not in active:
                matrix = _matrix(form.get("/Matrix", IDENTITY))
                yield from _text_shows(doc, form, _dict(form.get("/Resources")) or resources,
                                       _multiply(matrix, ctm), active | {id(form)})


class _Advances:
    """A font's glyph advances by character code: /W of a Type0 font's CIDFont (two-byte
    Identity-H codes), or /FirstChar + /Widths of a simple font (one-byte codes)."""

    def __init__(self, font: DictionaryObject):
        self.width, self.default, self.wide = {}, 1000.0, font.get("/Subtype") == "/Type0"
        if self.wide:
            cid_font = _dict(_get(font.get("/DescendantFonts") or ArrayObject([DictionaryObject()]))[0])
            self.default = float(_get(cid_font.get("/DW", 1000)))
            w = [_get(v) for v in _get(cid_font.get("/W")) or []]
            i = 0
            while i + 1 < len(w):
                if isinstance(w[i + 1], ArrayObject):
                    self.width.update((int(w[i]) + k, float(_get(v))) for k, v in enumerate(w[i + 1]))
                    i += 2
                elif i + 2 < len(w):
                    self.width.update((cid, float(w[i + 2])) for cid in range(int(w[i]), int(w[i + 1]) + 1))
                    i += 3
                else:
                    break
        else:
            first = int(_get(font.get("/FirstChar", 0)))
            self.width = {first + k: float(_get(v)) for k, v in enumerate(_get(font.get("/Widths")) or [])}
            self.default = 500.0

    def ems(self, data: bytes) -> float:
        # two-byte codes, big-endian (a trailing odd byte is no code); one-byte codes as they are
        codes = struct.unpack(f">{len(data) // 2}H", data[:len(data) // 2 * 2]) if self.wide else data
        return sum(map(self.width.get, codes, itertools.repeat(self.default, len(codes)))) / 1000.0


def _ems(value, font: "_Advances | None") -> float:
    """The advance of a show operator's strings, in ems."""
    if isinstance(value, list):
        return sum(_ems(v, font) for v in value if isinstance(v, bytes))
    return font.ems(value) if font is not None else len(value) * 0.5


def _shows_glyphs(operands, index: int) -> bool:
    if len(operands) <= index:
        return False
    value = operands[index]
    if isinstance(value, list):  # TJ: strings and kerning numbers
        return any(isinstance(v, bytes) and v for v in value)
    return isinstance(value, bytes) and len(value) > 0


def _matrix(values) -> tuple[float, ...]:
    return tuple(float(_get(v)) for v in values)


def _multiply(m, n) -> tuple[float, ...]:
    """m × n for PDF's row-vector matrices [a b c d e f]: apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- PDF/X-4 (ISO 15930-7): the machine-checkable clauses -------------------------------------
# Checked for layouts with an output intent (print). Not checked here (no validator is available):
# the ICC profile's internals beyond its header, transparency group colour spaces, every
# annotation type's appearance, and the visual result on press. See README, "Print production".

PDFX_VERSION = "PDF/X-4"


def _pdfx(check):
    """A PDF/X clause: applies to print layouts (with an output intent) only."""
    def run(doc: _Pdf, layout: Layout) -> Result:
        if layout.output_intent is None:
            return True, "not a PDF/X layout (no output intent)", None
        return check(doc, layout)
    run.__doc__ = check.__doc__
    return run


def _info(doc: _Pdf) -> DictionaryObject:
    return _dict(doc.reader.trailer.get("/Info"))


def _xmp(doc: _Pdf):
    """The catalog's XMP packet as an ElementTree root, or a reason why there is none."""
    from xml.etree import ElementTree

    stream = _get(_dict(doc.reader.trailer["/Root"]).get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return None, "no XMP metadata stream in the catalog"
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return None, "the /Metadata stream is not /Type /Metadata /Subtype /XML"
    try:
        return ElementTree.fromstring(stream.get_data()), None
    except ElementTree.ParseError as exc:
        return None, f"the XMP packet is not well-formed XML: {exc}"


def _xmp_value(root, prop: str) -> str | None:
    """A simple property, written as an element or as an attribute of rdf:Description."""
    prefix, local = prop.split(":")
    qualified = f"{{{XMP_NS[prefix]}}}{local}"
    for description in root.iter(f"{{{XMP_NS['rdf']}}}Description"):
        if qualified in description.attrib:
            return description.attrib[qualified]
        element = description.find(qualified)
        if element is not None:
            texts = [li.text or "" for li in element.iter(f"{{{XMP_NS['rdf']}}}li")]
            return texts[0] if texts else (element.text or "")
    return None


def _xmp_instant(value: str):
    import datetime as dt
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else None


@_check("pdfx-version")
@_pdfx
def check_pdfx_version(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.1/6.2: a PDF 1.6 (or older) header; Info /GTS_PDFXVersion and XMP
    pdfxid:GTS_PDFXVersion both say PDF/X-4; the XMP version identification (xmpMM:DocumentID,
    VersionID and RenditionClass) present."""
    header = doc.reader.pdf_header[5:]
    if not re.fullmatch(r"1\.[0-6]", header):
        return False, f"PDF {header}; PDF/X-4 files are PDF 1.6 at most", None
    info = str(_info(doc).get("/GTS_PDFXVersion", "") or "")
    if info != PDFX_VERSION:
        return False, f"Info /GTS_PDFXVersion is {info or 'missing'}, not {PDFX_VERSION}", None
    root, reason = _xmp(doc)
    found = _xmp_value(root, "pdfxid:GTS_PDFXVersion") if root is not None else None
    if found != PDFX_VERSION:
        return False, f"XMP pdfxid:GTS_PDFXVersion is {found or 'missing'}" + (f" ({reason})" if reason else ""), None
    missing = [prop for prop in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass") if not _xmp_value(root, prop)]
    if missing:
        return False, f"no {' or '.join(missing)} in the XMP packet (PDF/X-4 version identification)", None
    return True, f"PDF {header}, {PDFX_VERSION} in Info and XMP", None


@_check("pdfx-xmp")
@_pdfx
def check_pdfx_xmp(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.1: an XMP packet with dc:title, xmp:CreateDate and xmp:ModifyDate that agree
    with the Info dictionary's Title, CreationDate and ModDate."""
    root, reason = _xmp(doc)
    if root is None:
        return False, reason, None
    info = _info(doc)
    title = _xmp_value(root, "dc:title")
    if not title:
        return False, "no dc:title in the XMP packet", None
    if str(info.get("/Title", "")) != title:
        return False, "XMP dc:title differs from the Info Title", None
    for prop, key in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        value = _xmp_value(root, prop)
        if not value:
            return False, f"no {prop} in the XMP packet", None
        if key not in info:
            return False, f"no Info {key[1:]}", None
        xmp_when, info_when = _xmp_instant(value), parse_pdf_date(str(info[key]))
        if xmp_when is None or info_when is None or xmp_when != info_when:
            return False, f"XMP {prop} {value} and Info {key[1:]} {info[key]} are not the same instant", None
    return True, f"XMP with title and dates matching Info ({_xmp_value(root, 'xmp:CreateDate')})", None


@_check("pdfx-trapped")
@_pdfx
def check_pdfx_trapped(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.2: Info /Trapped is /True or /False (not /Unknown), and XMP pdf:Trapped agrees."""
    trapped = str(_info(doc).get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        return False, f"Info /Trapped is {trapped or 'missing'}; it must be /True or /False", None
    root, _ = _xmp(doc)
    found = _xmp_value(root, "pdf:Trapped") if root is not None else None
    if found is not None and found != trapped[1:]:
        return False, f"XMP pdf:Trapped {found} differs from Info /Trapped {trapped}", None
    return True, f"/Trapped {trapped}", None


@_check("pdfx-output-intent")
@_pdfx
def check_pdfx_output_intent(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.3: exactly one /GTS_PDFX OutputIntent with an OutputConditionIdentifier and an
    embedded CMYK output (prtr) ICC profile as DestOutputProfile (N 4)."""
    intents = [_dict(i) for i in _get(_dict(doc.reader.trailer["/Root"]).get("/OutputIntents")) or []]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return False, f"{len(pdfx)} /GTS_PDFX output intents; exactly one is needed", None
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier", "") or "")
    if not identifier:
        return False, "the output intent has no /OutputConditionIdentifier", None
    profile = _get(intent.get("/DestOutputProfile"))
    if not isinstance(profile, StreamObject):
        return False, "the output intent embeds no /DestOutputProfile", None
    data = profile.get_data()
    if len(data) < 128 or data[36:40] != b"acsp" or data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        return False, "/DestOutputProfile is not a CMYK output (prtr) ICC profile", None
    if int(_get(profile.get("/N", 0))) != 4:
        return False, f"/DestOutputProfile /N is {profile.get('/N')}, not 4", None
    return True, f"{identifier}, CMYK output profile of {len(data) // 1024} KB embedded", None


@_check("pdfx-file-id")
@_pdfx
def check_pdfx_file_id(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2 (from PDF/X-1a on): the trailer has a file identifier /ID of two strings."""
    ident = _get(doc.reader.trailer.get("/ID"))
    if not isinstance(ident, ArrayObject) or len(ident) != 2:
        return False, "no trailer /ID", None
    return True, "trailer /ID present", None


FORBIDDEN_GSTATE = {"/TR": "a transfer function (/TR)", "/HT": "a halftone (/HT)"}


@_check("pdfx-forbidden")
@_pdfx
def check_pdfx_forbidden(doc: _Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.3–6.6: no transfer functions (/TR, /TR2 other than /Default) or halftones in
    graphics states, no PostScript XObjects, no OPI, no annotations inside the TrimBox
    (except /PrinterMark), no encryption."""
    if "/Encrypt" in doc.reader.trailer:
        return False, "the file is encrypted", None
    for scope in doc.scopes():
        for name, ref in _dict(scope.resources.get("/ExtGState")).items():
            state = _dict(ref)
            for key, what in FORBIDDEN_GSTATE.items():
                if key in state:
                    return False, f"graphics state {name} sets {what}", scope.page
            if "/TR2" in state and str(_get(state["/TR2"])) != "/Default":
                return False, f"graphics state {name} sets a transfer function (/TR2)", scope.page
        for name, ref in _dict(scope.resources.get("/XObject")).items():
            xobject = _dict(ref)
            if xobject.get("/Subtype") == "/PS" or xobject.get("/Subtype2") == "/PS":
                return False, f"PostScript XObject {name}", scope.page
            if "/OPI" in xobject:
                return False, f"OPI comments in XObject {name}", scope.page
    for number, page in enumerate(doc.pages, 1):
        trim = _rect(page["/TrimBox"]) if "/TrimBox" in page else None
        for annot in _get(page.get("/Annots")) or []:
            annot = _dict(annot)
            if annot.get("/Subtype") in ("/PrinterMark", "/TrapNet") or trim is None:
                continue
            x0, y0, x1, y1 = _rect(annot.get("/Rect", [0, 0, 0, 0]))
            if x1 > trim[0] and x0 < trim[2] and y1 > trim[1] and y0 < trim[3]:
                return False, f"a {str(annot.get('/Subtype', '/annotation'))[1:]} annotation inside the TrimBox", number
    return True, "no transfer functions, halftones, PostScript, OPI or annotations in the trim", None


# --- colour rules for print ------------------------------------------------------------------

@dataclass
class _State:
    ctm: tuple = IDENTITY
    fill: tuple | None = (0.0, 0.0, 0.0, 1.0)  # CMYK, or None for a colour that is not DeviceCMYK/Gray
    stroke: tuple | None = (0.0, 0.0, 0.0, 1.0)  # (a tint t of the registration colour: t on every plate)
    fill_all: bool = False  # the fill's colour space is the registration colour, Separation /All
    stroke_all: bool = False  # ... the stroke's
    line_width: float = 1.0
    miter_limit: float = 10.0
    op: bool = False  # fill overprint
    OP: bool = False  # stroke overprint
    opm: int = 0
    font: str = ""
    size: float = 0.0
    clip: tuple | None = None  # the clipping path's bounding box in default user space (None: the page)
    render: int = 0  # text rendering mode (Tr)


@dataclass(frozen=True)
class _Mark:
    """One thing that puts ink on the page: shown text, a filled or a stroked path."""
    kind: str  # "text", "fill", "stroke"
    page: int
    colour: tuple | None
    overprint: bool  # op/OP on with overprint mode 1 (black over anything keeps it)
    size: float = 0.0  # text: effective size; stroke: line width in default user space
    font: str = ""
    box: tuple = (0.0, 0.0, 0.0, 0.0)  # fill: the path's bounding box in default user space
    clip: tuple | None = None  # where it may show: the bounding box of the clip it is painted in
    render: int = 0  # text: its rendering mode (0 fill, 3 invisible; others stroke or clip)
    reach: float = 0.0  # stroke: how far past its path's box its ink may go, in default user space


PAINT = {b"f": "fill", b"F": "fill", b"f*": "fill", b"B": "both", b"B*": "both", b"b": "both", b"b*": "both",
         b"S": "stroke", b"s": "stroke"}


# how many operands the walk reads: Ghostscript takes them from the top of the stack, so extra ones
# before them do not count (``9 1 1 1 1 k`` is 400 %), and an operator short of them takes what an
# earlier one left (``1 1 1 1 n k`` too)
OPERAND_COUNT = {b"k": 4, b"K": 4, b"g": 1, b"G": 1, b"cs": 1, b"CS": 1, b"cm": 6, b"w": 1, b"M": 1, b"gs": 1,
                 b"Tm": 6, b"Tf": 2, b"re": 4, b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4, b"Tr": 1, b"Do": 1,
                 b"Tj": 1, b"TJ": 1, b"'": 1, b'"': 3}


def _marks(doc: _Pdf) -> list[_Mark]:
    """Every mark of every page, walked once per file and shared by the colour checks."""
    if doc.marks is None:
        doc.marks = [mark for number, page in enumerate(doc.pages, 1)
                     for mark in _walk(doc, number, page, _dict(page.get("/Resources")), _State(), frozenset())]
    return doc.marks


def _walk(doc: _Pdf, number: int, stream, resources: DictionaryObject, state: _State, active: frozenset
          ) -> Iterator[_Mark]:
    import copy

    stack, tm, path, clipping = [], IDENTITY, [], False
    for operands, op in doc.ops(stream):
        if len(operands) > OPERAND_COUNT.get(op, len(operands)):
            operands = operands[-OPERAND_COUNT[op]:]
        if op == b"q":
            stack.append(copy.copy(state))
        elif op == b"Q" and stack:
            state = stack.pop()
        elif op == b"cm" and len(operands) == 6:
            state.ctm = _multiply(_matrix(operands), state.ctm)
        elif op in (b"k", b"K") and len(operands) == 4:
            _set_colour(state, op, tuple(float(v) for v in operands))
        elif op in (b"g", b"G") and len(operands) == 1:
            _set_colour(state, op, (0.0, 0.0, 0.0, 1.0 - float(operands[0])))
        elif op in (b"cs", b"CS"):  # a Separation /All starts at tint 1: every plate in full
            registration = bool(operands) and _is_registration(operands[0], resources)
            _set_colour(state, op, REGISTRATION if registration else None, registration)
        elif op in (b"sc", b"scn", b"SC", b"SCN"):
            registration = state.fill_all if op.islower() else state.stroke_all
            tint = float(operands[0]) if registration and len(operands) == 1 else None
            _set_colour(state, op, None if tint is None else (tint,) * 4, registration)
        elif op in (b"rg", b"RG"):
            _set_colour(state, op, None)
        elif op == b"w" and operands:
            state.line_width = float(operands[0])
        elif op == b"M" and operands:
            state.miter_limit = float(operands[0])
        elif op == b"gs" and operands:
            gstate = _dict(_dict(resources.get("/ExtGState")).get(operands[0]))
            # BooleanObject(False) is truthy: compare with True. /op defaults to /OP's value.
            if "/OP" in gstate:
                state.OP = _get(gstate["/OP"]) == True  # noqa: E712
            if "/op" in gstate or "/OP" in gstate:
                state.op = _get(gstate.get("/op", gstate.get("/OP"))) == True  # noqa: E712
            state.opm = int(gstate.get("/OPM", state.opm))
            if "/LW" in gstate:
                state.line_width = float(gstate["/LW"])
            if "/ML" in gstate:
                state.miter_limit = float(gstate["/ML"])
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Tm" and len(operands) == 6:
            tm = _matrix(operands)
        elif op == b"Tf" and len(operands) == 2:
            font = _dict(_dict(resources.get("/Font")).get(operands[0]))
            state.font, state.size = str(font.get("/BaseFont", "")), float(operands[1])
        elif op in SHOW_TEXT and _shows_glyphs(operands, SHOW_TEXT[op]):
            _, _, c, d, _, _ = _multiply(tm, state.ctm)
            yield _Mark("text", number, state.fill, state.op and state.opm == 1, abs(state.size) * math.hypot(c, d),
                        state.font, clip=state.clip, render=state.render)
        elif op == b"re" and len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            path += [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]  # all four: the CTM may turn it
        elif op in (b"m", b"l") and len(operands) == 2:
            path.append((float(operands[0]), float(operands[1])))
        elif op in (b"c", b"v", b"y"):
            values = [float(v) for v in operands]
            path += list(zip(values[::2], values[1::2]))
        elif op in PAINT or op == b"n":
            kind, box = PAINT.get(op), _box_of(path, state.ctm) if path else None
            if kind in ("fill", "both") and path:
                yield _Mark("fill", number, state.fill, state.op and state.opm == 1, box=box, clip=state.clip)
            if kind in ("stroke", "both") and path:
                a, b, c, d, _, _ = state.ctm
                scale = math.sqrt(abs(a * d - b * c)) or 1.0
                yield _Mark("stroke", number, state.stroke, state.OP and state.opm == 1, state.line_width * scale,
                            box=box, clip=state.clip, reach=_reach(state))
            if clipping and path:  # W … n: the path clips what follows (after this painting operator)
                state.clip = _intersection(state.clip, box)
            path, clipping = [], False
        elif op in (b"W", b"W*"):
            clipping = True
        elif op == b"Tr" and operands:
            mode = float(operands[0])
            state.render = int(mode) if mode.is_integer() else -1  # -1: not a mode this walk knows
        elif op == b"Do" and operands:
            form = _get(_dict(resources.get("/XObject")).get(operands[0]))
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form" and id(form) not in active:
                inner = copy.copy(state)
                inner.ctm = _multiply(_matrix(form.get("/Matrix", IDENTITY)), state.ctm)
                if "/BBox" in form:  # a form is clipped to its bounding box
                    x0, y0, x1, y1 = _rect(form["/BBox"])
                    inner.clip = _intersection(state.clip, _box_of([(x0, y0), (x1, y1), (x0, y1), (x1, y0)], inner.ctm))
                yield from _walk(doc, number, form, _dict(form.get("/Resources")) or resources, inner,
                                 active | {id(form)})


def _reach(state: _State) -> float:
    """How far a stroke's ink may go past its path: half its width (of either sign), times the miter
    limit for a miter join's tip or √2 for a square cap's corner, stretched as far as the CTM stretches."""
    a, b, c, d, _, _ = state.ctm
    squares, area = a * a + b * b + c * c + d * d, a * d - b * c
    stretch = math.sqrt((squares + math.sqrt(max(squares * squares - 4 * area * area, 0.0))) / 2)
    return abs(state.line_width) * stretch * max(state.miter_limit, math.sqrt(2)) / 2


def _intersection(a: tuple | None, b: tuple) -> tuple:
    """Two boxes' common part (an empty one where they do not meet); None is everywhere."""
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _set_colour(state: _State, op: bytes, colour: tuple | None, registration: bool = False) -> None:
    """Fill (lower-case operator) or stroke colour: CMYK, or None for another colour space."""
    if op.islower():
        state.fill, state.fill_all = colour, registration
    else:
        state.stroke, state.stroke_all = colour, registration


def _is_registration(space, resources: DictionaryObject) -> bool:
    """Is ``space`` (a resource name) the Separation /All, the registration colour of the marks?"""
    space = _get(_dict(resources.get("/ColorSpace")).get(space)) if isinstance(_get(space), str) else _get(space)
    return isinstance(space, ArrayObject) and len(space) > 1 and str(_get(space[0])) == "/Separation" \
        and str(_get(space[1])) == "/All"


def _box_of(points, ctm) -> tuple:
    a, b, c, d, e, f = ctm
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _inks(colour: tuple) -> int:
    return sum(1 for v in colour if v > 0.001)


BLACK = (0.0, 0.0, 0.0, 1.0)
REGISTRATION = (1.0, 1.0, 1.0, 1.0)  # Separation /All at tint 1, or the same in CMYK: every plate
REVERSED_MIN_PT = 10.0
THIN_RULE_PT = 1.0
HAIRLINE_PT = 0.25  # thinner strokes (0 w: one device pixel) break up or vanish on a plate


def _bold(font: str) -> bool:
    return any(word in font for word in ("Bold", "Black", "Heavy"))


def _text_fault(mark: _Mark) -> str | None:
    """Why shown text would print badly, or None. Text is solid black, overprinted; or a solid
    single ink; coloured (several inks) or reversed (white) only at ≥ 10 pt in a bold face."""
    colour = mark.colour
    if colour is None:
        return None  # another colour space: the colour check judges it
    if colour == BLACK:
        return None if mark.overprint else "black text that knocks out (not overprinted)"
    if colour[3] > 0.001 and colour[3] < 0.999 and _inks(colour) == 1:
        return f"text in {colour[3]:.0%} K: screened into dots; use 100 % K"
    if colour[3] >= 0.999 and _inks(colour) > 1:
        return "text in rich black (100 % K with other inks)"
    if _inks(colour) == 0:
        if mark.overprint:
            return "white text with overprint on: it disappears"
        if mark.size < REVERSED_MIN_PT - 0.01 or not _bold(mark.font):
            return f"reversed (white) text at {_pt(mark.size)} pt in {mark.font[1:] or 'a font'}: needs ≥ 10 pt bold"
        return None
    if _inks(colour) == 1 and max(colour) >= 0.999:
        return None  # one solid ink: nothing to misregister
    if mark.size < REVERSED_MIN_PT - 0.01 or not _bold(mark.font):
        shown = "/".join(f"{v * 100:g}" for v in colour)
        return f"{shown} CMYK text at {_pt(mark.size)} pt: several inks need ≥ 10 pt bold"
    return None


@_check("text-colour")
def check_text_colour(doc: _Pdf, layout: Layout) -> Result:
    """Text in 100 % K with overprint; single solid inks anywhere; several inks or white (reversed)
    only ≥ 10 pt bold (an error for print layouts, a warning otherwise)."""
    count = 0
    for mark in _marks(doc):
        if mark.kind != "text":
            continue
        count += 1
        fault = _text_fault(mark)
        if fault:
            return False, fault, mark.page
    return True, f"{count} text runs: black overprinted, or solid or large bold colour", None


@_check("thin-rules")
def check_thin_rules(doc: _Pdf, layout: Layout) -> Result:
    """Strokes under 1 pt in 100 % K (or registration colour for marks outside the trim), and
    none under HAIRLINE_PT."""
    count = 0
    for number, mark in ((m.page, m) for m in _marks(doc) if m.kind == "stroke" and m.size < THIN_RULE_PT):
        count += 1
        if mark.size < HAIRLINE_PT - 1e-6:
            return False, f"a {_pt(mark.size)} pt hairline: rules are at least {_pt(HAIRLINE_PT)} pt", number
        if mark.colour in (BLACK, None) or (mark.colour == REGISTRATION and _outside_trim(doc, mark)):
            continue  # None: another colour space, judged by the colour check
        if mark.colour == REGISTRATION:
            return False, (f"a {_pt(mark.size)} pt rule in the registration colour (/All) inside the trim: "
                           "it prints on every plate"), number
        shown = "/".join(f"{v * 100:g}" for v in mark.colour)
        return False, f"a {_pt(mark.size)} pt rule in {shown} CMYK: thin rules are 100 % K", number
    return True, (f"{count} thin rules, all 100 % K (marks in registration outside the trim), "
                  f"none under {_pt(HAIRLINE_PT)} pt"), None


def _outside_trim(doc: _Pdf, mark: _Mark) -> bool:
    page = doc.pages[mark.page - 1]
    if "/TrimBox" not in page:
        return True  # no trim to judge by: the boxes check reports that
    trim = _rect(page["/TrimBox"])
    x0, y0, x1, y1 = mark.box
    return x1 <= trim[0] + 0.01 or x0 >= trim[2] - 0.01 or y1 <= trim[1] + 0.01 or y0 >= trim[3] - 0.01


@_check("rich-black")
def check_rich_black(doc: _Pdf, layout: Layout) -> Result:
    """Rich black (100 % K plus other inks) only for filled areas at least colours.rich_black_min_size
    mm on both sides; never for strokes (text is checked by text-colour)."""
    minimum = layout.colours.rich_black_min_size * MM
    for mark in _marks(doc):
        colour = mark.colour
        if mark.kind == "text" or colour is None or colour == REGISTRATION or colour[3] < 0.999 or _inks(colour) < 2:
            continue
        if mark.kind == "stroke" and not _outside_trim(doc, mark):
            return False, "a rule in rich black", mark.page
        x0, y0, x1, y1 = mark.box
        if mark.kind == "fill" and min(x1 - x0, y1 - y0) < minimum - 0.01:
            return False, (f"a {_mm(x1 - x0)} × {_mm(y1 - y0)} mm area in rich black; the layout allows it from "
                           f"{_mm(minimum)} mm"), mark.page
    return True, f"no rich black below {_mm(minimum)} mm", None


# --- rendered checks: ink coverage (Ghostscript's CMYK render) and the office safe zone -------

TAC_LIMIT = 300.0  # % total area coverage the ISO Coated v2 300 % condition allows
TAC_DPI = 36  # coarse: a solid area larger than 0.7 mm is measured; thin marks are not areas
SAFE_ZONE_MM = 5.0  # office printers leave this much unprinted


def _cmyk_render(doc: _Pdf, dpi: int):
    """Every page rendered to CMYK by Ghostscript (tiff32nc: separations as the plates see them,
    overprint included), as Pillow images; None when Ghostscript is not installed."""
    import shutil
    import subprocess
    import tempfile

    from PIL import Image

    gs = shutil.which("gs")
    if gs is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/in.pdf"
        with open(source, "wb") as handle:
            handle.write(doc.data)
        # UseFastColor: DeviceCMYK goes to the CMYK device unchanged, without ICC set-up (3× faster)
        subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseFastColor=true", "-sDEVICE=tiff32nc",
                        f"-r{dpi}", f"-sOutputFile={folder}/p%04d.tif", source],
                       check=True, capture_output=True, timeout=120)
        images = []
        for number in range(1, len(doc.pages) + 1):
            with Image.open(f"{folder}/p{number:04d}.tif") as image:
                images.append(image.copy())
        return images


@_check("ink-coverage")
def check_ink_coverage(doc: _Pdf, layout: Layout) -> Result:
    """Total area coverage (C+M+Y+K) at most 300 % inside the BleedBox; reports the page and the
    maximum (print layouts). Where the file paints only CMYK colours, opaquely, the sum of each ink's
    most bounds it without a render (``_painted_ink``); otherwise, and where that bound is over the
    limit, it is measured on Ghostscript's CMYK render at 36 dpi."""
    from PIL import ImageMath

    if not layout.print_ready:
        return True, "office layout: not measured", None
    bound = _painted_ink(doc)
    if bound is not None and bound <= TAC_LIMIT + 0.5:
        return True, (f"total ink at most {bound:.0f} % (limit {TAC_LIMIT:.0f} %): the most of each ink any colour "
                      "painted in the bleed holds, added up; no image, shading or transparency to render"), None
    images = _cmyk_render(doc, TAC_DPI)
    if images is None:
        return False, "not measured: Ghostscript (gs) is not installed", None
    worst = (0.0, 1)
    for number, (page, image) in enumerate(zip(doc.pages, images), 1):
        media = _rect(page["/MediaBox"])
        box = _rect(page["/BleedBox"]) if "/BleedBox" in page else media
        scale = image.width / (media[2] - media[0])
        # one pixel in from the BleedBox: marks ending just outside it are not areas of ink
        crop = (round((box[0] - media[0]) * scale) + 1, round((media[3] - box[3]) * scale) + 1,
                round((box[2] - media[0]) * scale) - 1, round((media[3] - box[1]) * scale) - 1)
        c, m, y, k = (channel.convert("I") for channel in image.crop(crop).split())
        total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
        peak = total.getextrema()[1] * 100 / 255
        if peak > worst[0]:
            worst = (peak, number)
    peak, number = worst
    if peak > TAC_LIMIT + 0.5:
        return False, f"total ink {peak:.0f} % on page {number}, over the {TAC_LIMIT:.0f} % limit", number
    return True, f"maximum total ink {peak:.0f} % (page {number}; limit {TAC_LIMIT:.0f} %)", None


# graphics-state keys under which no point holds more of an ink than some colour painted there:
# overprint keeps an ink of what lies below, it adds none
# (not /Font: the font it sets may be a Type 3 one, whose glyphs paint their own colours)
_OPAQUE_GSTATE = {"/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/FL", "/SM", "/SA", "/OP", "/op", "/OPM"}


def _painted_ink(doc: _Pdf) -> float | None:
    """An upper bound of the total ink (%) inside the BleedBoxes: for each ink, the most of it any
    colour painted there holds, added up. Every point shows, ink by ink, what one of the marks
    painted over it holds (the last one, or with overprint an earlier one for the inks the last
    leaves at 0), so it holds no more. None where a point can get ink otherwise or colours this
    does not read: an image, a shading or pattern, a transparency group, soft mask, blend mode or
    alpha, a colour outside DeviceCMYK/Gray and the registration colour, a Type 3 font, text
    stroked or used as a clip, an operator short of operands or given a boolean, an annotation
    appearance or an annotation other than a link (Ghostscript draws a Square, say, from its
    colours when it has no appearance)."""
    if any(_dict(annot).get("/Subtype") != "/Link" for page in doc.pages for annot in _get(page.get("/Annots")) or []):
        return None
    for scope in doc.scopes():
        resources = scope.resources
        if scope.what == "annotation appearance" or _dict(resources.get("/Shading")) or \
                _dict(resources.get("/Pattern")):
            return None
        for ref in _dict(resources.get("/XObject")).values():
            child = _dict(ref)
            # an image, or a stream the walk does not follow (no /Subtype: Ghostscript draws it as a form)
            if child.get("/Subtype") != "/Form" or "/Group" in child:
                return None
        for ref in _dict(resources.get("/ExtGState")).values():
            state = _dict(ref)
            if any(key not in _OPAQUE_GSTATE and not _neutral_gstate(key, _get(value)) for key, value in state.items()):
                return None
        if any(str(_dict(font).get("/Subtype")) == "/Type3" for font in _dict(resources.get("/Font")).values()):
            return None
        # (a boolean operand: Python reads it as 0 or 1, Ghostscript ignores the operator)
        if any(op in (b"sh", b"INLINE IMAGE") or len(operands) < OPERAND_COUNT.get(op, 0)
               or any(isinstance(v, bool) for v in operands) for operands, op in doc.ops(scope.stream)):
            return None
    most = [0.0, 0.0, 0.0, 0.0]
    for mark in _marks(doc):
        if mark.colour is None or mark.render not in (0, 3):
            return None
        if mark.render == 0 and _may_show_in_bleed(doc, mark):
            most = [max(a, b) for a, b in zip(most, mark.colour)]
    return sum(most) * 100


def _neutral_gstate(key: str, value) -> bool:
    """An ExtGState entry that keeps painting opaque and without overprint."""
    if key in ("/OP", "/op"):
        return value == False  # noqa: E712 (pypdf's BooleanObject)
    if key in ("/CA", "/ca"):
        return float(value) >= 1.0
    if key == "/BM":
        names = value if isinstance(value, ArrayObject) else [value]
        return all(str(_get(n)) in ("/Normal", "/Compatible") for n in names)
    if key == "/SMask":
        return str(value) == "/None"
    if key == "/AIS":
        return value == False  # noqa: E712
    return False


def _may_show_in_bleed(doc: _Pdf, mark: _Mark) -> bool:
    """Can the mark put ink inside its page's BleedBox (within its clip)? Text has no box here: yes.
    Boxes that only touch count: Ghostscript paints a pixel of a hairline, a zero-area fill or clip."""
    if mark.kind == "text":
        return True
    page = doc.pages[mark.page - 1]
    bleed = _rect(page["/BleedBox"] if "/BleedBox" in page else page["/MediaBox"])
    reach, (x0, y0, x1, y1) = mark.reach, mark.box
    area = _intersection(_intersection(mark.clip, (x0 - reach, y0 - reach, x1 + reach, y1 + reach)), bleed)
    return area[0] <= area[2] and area[1] <= area[3]


@_check("safe-zone")
def check_safe_zone(doc: _Pdf, layout: Layout) -> Result:
    """Office layouts (no bleed): no ink within 5 mm of the page edge, which office printers leave
    unprinted; checked on a render (pypdfium2, 36 dpi). The page edge is the trim: crop marks in a
    slug outside it (``crop_marks`` without bleed, and the imposed sides of ``page_multiple: 4``)
    are cut off with it."""
    import pypdfium2 as pdfium

    if layout.page.bleed > 0:
        return True, "print layout with bleed: not applicable", None
    pdf = pdfium.PdfDocument(doc.data)
    scale = TAC_DPI / 72
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            # the trim in the render's pixels (the render shows the CropBox, y downwards)
            cx0, _, _, cy1 = page.get_cropbox()
            tx0, ty0, tx1, ty1 = page.get_trimbox()
            left, top = max(0, round((tx0 - cx0) * scale)), max(0, round((cy1 - ty1) * scale))
            right, bottom = min(image.width, round((tx1 - cx0) * scale)), min(image.height, round((cy1 - ty0) * scale))
            edge = max(1, math.floor(SAFE_ZONE_MM * MM * scale) - 1)  # a pixel of tolerance
            for box in ((left, top, right, top + edge), (left, bottom - edge, right, bottom),
                        (left, top, left + edge, bottom), (right - edge, top, right, bottom)):
                darkest = image.crop(box).getextrema()[0]
                if darkest < 245:
                    return False, f"ink within {SAFE_ZONE_MM:g} mm of the page edge", number
    finally:
        pdf.close()
    return True, f"nothing printed within {SAFE_ZONE_MM:g} mm of the page edge", None
