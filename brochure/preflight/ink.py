"""Rendered checks and the ink bound: total ink coverage (the colours painted, or Ghostscript's CMYK
render) and the office safe zone (pypdfium2's render)."""

from __future__ import annotations

import math

from pypdf.generic import ArrayObject

from ..layouts import MM, Layout
from .marks import OPERAND_COUNT, Mark, intersection, marks
from .reader import Pdf, Result, dictionary, is_form, rect, resolve


TAC_LIMIT = 300.0  # % total area coverage the ISO Coated v2 300 % condition allows
TAC_DPI = 36  # coarse: a solid area larger than 0.7 mm is measured; thin marks are not areas
SAFE_ZONE_MM = 5.0  # office printers leave this much unprinted


def _cmyk_render(doc: Pdf, dpi: int):
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


def check_ink_coverage(doc: Pdf, layout: Layout) -> Result:
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
        media = rect(page["/MediaBox"])
        box = rect(page["/BleedBox"]) if "/BleedBox" in page else media
        turn = _turn(page.rotation)
        scale = image.width / ((media[3] - media[1]) if turn in (90, 270) else (media[2] - media[0]))
        left, top, right, bottom = _in_render(box, media, turn, scale)
        # one pixel in from the BleedBox: marks ending just outside it are not areas of ink
        crop = (round(left) + 1, round(top) + 1, round(right) - 1, round(bottom) - 1)
        c, m, y, k = (channel.convert("I") for channel in image.crop(crop).split())
        total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
        peak = total.getextrema()[1] * 100 / 255
        if peak > worst[0]:
            worst = (peak, number)
    peak, number = worst
    if peak > TAC_LIMIT + 0.5:
        return False, f"total ink {peak:.0f} % on page {number}, over the {TAC_LIMIT:.0f} % limit", number
    return True, f"maximum total ink {peak:.0f} % (page {number}; limit {TAC_LIMIT:.0f} %)", None


def _turn(rotate) -> int:
    """A page's /Rotate as 0, 90, 180 or 270 degrees clockwise: the whole quarter turns it holds,
    as pdfium reads it (PDF allows only multiples of 90; -90 is 270)."""
    return int(int(rotate or 0) / 90) % 4 * 90


def _in_render(box, view, turn: int, scale: float) -> tuple[float, float, float, float]:
    """``box`` (default user space) in the pixels of a render of ``view`` (the box the renderer
    draws: Ghostscript's the MediaBox, pdfium's the CropBox) at ``scale`` pixels a point, turned
    clockwise by ``turn`` as the page's /Rotate turns it for a printer or a viewer:
    (left, top, right, bottom), y downwards."""
    width, height = (view[2] - view[0]) * scale, (view[3] - view[1]) * scale
    points = [((x - view[0]) * scale, (view[3] - y) * scale) for x, y in ((box[0], box[1]), (box[2], box[3]))]
    if turn == 90:  # the page's left edge is the render's top
        points = [(height - py, px) for px, py in points]
    elif turn == 180:
        points = [(width - px, height - py) for px, py in points]
    elif turn == 270:
        points = [(py, width - px) for px, py in points]
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


# graphics-state keys under which no point holds more of an ink than some colour painted there:
# overprint keeps an ink of what lies below, it adds none
# (not /Font: the font it sets may be a Type 3 one, whose glyphs paint their own colours)
_OPAQUE_GSTATE = {"/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/FL", "/SM", "/SA", "/OP", "/op", "/OPM"}


def _painted_ink(doc: Pdf) -> float | None:
    """An upper bound of the total ink (%) inside the BleedBoxes: for each ink, the most of it any
    colour painted there holds, added up. Every point shows, ink by ink, what one of the marks
    painted over it holds (the last one, or with overprint an earlier one for the inks the last
    leaves at 0), so it holds no more. None where a point can get ink otherwise or colours this
    does not read: an image, a shading or pattern, a transparency group, soft mask, blend mode or
    alpha, a colour outside DeviceCMYK/Gray and the registration colour, a Type 3 font, text
    stroked or used as a clip, an operator short of operands or given a boolean, an annotation
    appearance or an annotation other than a link (Ghostscript draws a Square, say, from its
    colours when it has no appearance)."""
    if any(dictionary(annot).get("/Subtype") != "/Link" for page in doc.pages for annot in resolve(page.get("/Annots")) or []):
        return None
    for scope in doc.scopes():
        resources = scope.resources
        if scope.what == "annotation appearance" or dictionary(resources.get("/Shading")) or \
                dictionary(resources.get("/Pattern")):
            return None
        for ref in dictionary(resources.get("/XObject")).values():
            child = dictionary(ref)
            # an image, a PostScript or unknown XObject, or a transparency group: not flat colour
            if not is_form(child) or "/Group" in child:
                return None
        for ref in dictionary(resources.get("/ExtGState")).values():
            state = dictionary(ref)
            if any(key not in _OPAQUE_GSTATE and not _neutral_gstate(key, resolve(value)) for key, value in state.items()):
                return None
        if any(str(dictionary(font).get("/Subtype")) == "/Type3" for font in dictionary(resources.get("/Font")).values()):
            return None
        # (a boolean operand: Python reads it as 0 or 1, Ghostscript ignores the operator)
        if any(op in (b"sh", b"INLINE IMAGE") or len(operands) < OPERAND_COUNT.get(op, 0)
               or any(isinstance(v, bool) for v in operands) for operands, op in doc.ops(scope.stream)):
            return None
    most = [0.0, 0.0, 0.0, 0.0]
    for mark in marks(doc):
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
        return all(str(resolve(n)) in ("/Normal", "/Compatible") for n in names)
    if key == "/SMask":
        return str(value) == "/None"
    if key == "/AIS":
        return value == False  # noqa: E712
    return False


def _may_show_in_bleed(doc: Pdf, mark: Mark) -> bool:
    """Can the mark put ink inside its page's BleedBox (within its clip)? Text has no box here: yes.
    Boxes that only touch count: Ghostscript paints a pixel of a hairline, a zero-area fill or clip."""
    if mark.kind == "text":
        return True
    page = doc.pages[mark.page - 1]
    bleed = rect(page["/BleedBox"] if "/BleedBox" in page else page["/MediaBox"])
    reach, (x0, y0, x1, y1) = mark.reach, mark.box
    area = intersection(intersection(mark.clip, (x0 - reach, y0 - reach, x1 + reach, y1 + reach)), bleed)
    return area[0] <= area[2] and area[1] <= area[3]


def check_safe_zone(doc: Pdf, layout: Layout) -> Result:
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
            # the trim in the render's pixels (the render shows the CropBox turned by /Rotate, y downwards)
            left, top, right, bottom = _in_render(page.get_trimbox(), page.get_cropbox(), page.get_rotation(), scale)
            left, top = max(0, round(left)), max(0, round(top))
            right, bottom = min(image.width, round(right)), min(image.height, round(bottom))
            edge = max(1, math.floor(SAFE_ZONE_MM * MM * scale) - 1)  # a pixel of tolerance
            for box in ((left, top, right, top + edge), (left, bottom - edge, right, bottom),
                        (left, top, left + edge, bottom), (right - edge, top, right, bottom)):
                darkest = image.crop(box).getextrema()[0]
                if darkest < 245:
                    return False, f"ink within {SAFE_ZONE_MM:g} mm of the page edge", number
    finally:
        pdf.close()
    return True, f"nothing printed within {SAFE_ZONE_MM:g} mm of the page edge", None
