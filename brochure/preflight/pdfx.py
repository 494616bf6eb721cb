"""PDF/X-4 (ISO 15930-7): the machine-checkable clauses.

Checked for layouts with an output intent (print). Not checked here (no validator is available):
the ICC profile's internals beyond its header (transparency groups' colour spaces are the colour
check's), every annotation type's appearance, and the visual result on press. See README, "Print production"."""

from __future__ import annotations

import re

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..layouts import Layout
from ..xmp import NAMESPACES as XMP_NS
from ..xmp import parse_pdf_date
from .reader import Pdf, Result, dictionary, rect, resolve


PDFX_VERSION = "PDF/X-4"


def _pdfx(check):
    """A PDF/X clause: applies to print layouts (with an output intent) only."""
    def run(doc: Pdf, layout: Layout) -> Result:
        if layout.output_intent is None:
            return True, "not a PDF/X layout (no output intent)", None
        return check(doc, layout)
    run.__doc__ = check.__doc__
    return run


def _info(doc: Pdf) -> DictionaryObject:
    return dictionary(doc.reader.trailer.get("/Info"))


def _xmp(doc: Pdf):
    """The catalog's XMP packet as an ElementTree root, or a reason why there is none."""
    from xml.etree import ElementTree

    stream = resolve(dictionary(doc.reader.trailer["/Root"]).get("/Metadata"))
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


@_pdfx
def check_pdfx_version(doc: Pdf, layout: Layout) -> Result:
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


# the Info entries other than Title and the dates whose XMP twins must say the same (ISO 16684-1 8.4)
INFO_TWINS = {"/Author": "dc:creator", "/Subject": "dc:description", "/Keywords": "pdf:Keywords",
              "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer"}


@_pdfx
def check_pdfx_xmp(doc: Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.1: an XMP packet with dc:title, xmp:CreateDate and xmp:ModifyDate that agree
    with the Info dictionary's Title, CreationDate and ModDate, and the same Author, Subject,
    Keywords, Creator and Producer as Info (``INFO_TWINS``)."""
    root, reason = _xmp(doc)
    if root is None:
        return False, reason, None
    info = _info(doc)
    title = _xmp_value(root, "dc:title")
    if not title:
        return False, "no dc:title in the XMP packet", None
    if str(info.get("/Title", "")) != title:
        return False, "XMP dc:title differs from the Info Title", None
    for key, prop in INFO_TWINS.items():  # missing on one side and present on the other differs too
        if str(info.get(key, "") or "") != (_xmp_value(root, prop) or ""):
            return False, f"XMP {prop} differs from the Info {key[1:]}", None
    for prop, key in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        value = _xmp_value(root, prop)
        if not value:
            return False, f"no {prop} in the XMP packet", None
        if key not in info:
            return False, f"no Info {key[1:]}", None
        xmp_when, info_when = _xmp_instant(value), parse_pdf_date(str(info[key]))
        if xmp_when is None or info_when is None or xmp_when != info_when:
            return False, f"XMP {prop} {value} and Info {key[1:]} {info[key]} are not the same instant", None
    return True, f"XMP with title, dates and the other entries matching Info ({_xmp_value(root, 'xmp:CreateDate')})", None


@_pdfx
def check_pdfx_trapped(doc: Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.2: Info /Trapped is /True or /False (not /Unknown), and XMP pdf:Trapped agrees."""
    trapped = str(_info(doc).get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        return False, f"Info /Trapped is {trapped or 'missing'}; it must be /True or /False", None
    root, _ = _xmp(doc)
    found = _xmp_value(root, "pdf:Trapped") if root is not None else None
    if found is not None and found != trapped[1:]:
        return False, f"XMP pdf:Trapped {found} differs from Info /Trapped {trapped}", None
    return True, f"/Trapped {trapped}", None


@_pdfx
def check_pdfx_output_intent(doc: Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2.3: exactly one /GTS_PDFX OutputIntent with an OutputConditionIdentifier and an
    embedded CMYK output (prtr) ICC profile as DestOutputProfile (N 4)."""
    intents = [dictionary(i) for i in resolve(dictionary(doc.reader.trailer["/Root"]).get("/OutputIntents")) or []]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return False, f"{len(pdfx)} /GTS_PDFX output intents; exactly one is needed", None
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier", "") or "")
    if not identifier:
        return False, "the output intent has no /OutputConditionIdentifier", None
    profile = resolve(intent.get("/DestOutputProfile"))
    if not isinstance(profile, StreamObject):
        return False, "the output intent embeds no /DestOutputProfile", None
    data = profile.get_data()
    if len(data) < 128 or data[36:40] != b"acsp" or data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        return False, "/DestOutputProfile is not a CMYK output (prtr) ICC profile", None
    if int(resolve(profile.get("/N", 0))) != 4:
        return False, f"/DestOutputProfile /N is {profile.get('/N')}, not 4", None
    return True, f"{identifier}, CMYK output profile of {len(data) // 1024} KB embedded", None


@_pdfx
def check_pdfx_file_id(doc: Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.2 (from PDF/X-1a on): the trailer has a file identifier /ID of two strings."""
    ident = resolve(doc.reader.trailer.get("/ID"))
    if not isinstance(ident, ArrayObject) or len(ident) != 2:
        return False, "no trailer /ID", None
    return True, "trailer /ID present", None


FORBIDDEN_GSTATE = {"/TR": "a transfer function (/TR)", "/HT": "a halftone (/HT)"}


@_pdfx
def check_pdfx_forbidden(doc: Pdf, layout: Layout) -> Result:
    """PDF/X-4 6.3–6.6: no transfer functions (/TR, /TR2 other than /Default) or halftones in
    graphics states, no PostScript XObjects, no OPI, no annotations inside the TrimBox
    (except /PrinterMark), no encryption."""
    if "/Encrypt" in doc.reader.trailer:
        return False, "the file is encrypted", None
    for scope in doc.scopes():
        for name, ref in dictionary(scope.resources.get("/ExtGState")).items():
            state = dictionary(ref)
            for key, what in FORBIDDEN_GSTATE.items():
                if key in state:
                    return False, f"graphics state {name} sets {what}", scope.page
            if "/TR2" in state and str(resolve(state["/TR2"])) != "/Default":
                return False, f"graphics state {name} sets a transfer function (/TR2)", scope.page
        for name, ref in dictionary(scope.resources.get("/XObject")).items():
            xobject = dictionary(ref)
            if xobject.get("/Subtype") == "/PS" or xobject.get("/Subtype2") == "/PS":
                return False, f"PostScript XObject {name}", scope.page
            if "/OPI" in xobject:
                return False, f"OPI comments in XObject {name}", scope.page
    for number, page in enumerate(doc.pages, 1):
        trim = rect(page["/TrimBox"]) if "/TrimBox" in page else None
        for annot in resolve(page.get("/Annots")) or []:
            annot = dictionary(annot)
            if annot.get("/Subtype") in ("/PrinterMark", "/TrapNet") or trim is None:
                continue
            x0, y0, x1, y1 = rect(annot.get("/Rect", [0, 0, 0, 0]))
            if x1 > trim[0] and x0 < trim[2] and y1 > trim[1] and y0 < trim[3]:
                return False, f"a {str(annot.get('/Subtype', '/annotation'))[1:]} annotation inside the TrimBox", number
    return True, "no transfer functions, halftones, PostScript, OPI or annotations in the trim", None


