"""Page geometry: the TrimBox and BleedBox the layout asks for, the crop marks a shop cuts by,
the page count, and the order of an imposed file's pages on its sides."""

from __future__ import annotations

import io

from ..layouts import BLACK, MM, Geometry, Layout, page_count, percent
from ..localetext import is_rtl
from ..prepress import saddle_order
from .colour import HAIRLINE_PT
from .marks import REGISTRATION, Mark, intersection, marks
from .reader import IDENTITY, Pdf, Result, dictionary, is_form, matrix, multiply, mm, pt, rect, resolve

TOLERANCE = 0.1 * MM  # a box or a mark this close to where it belongs is there


def check_boxes(doc: Pdf, layout: Layout) -> Result:
    """TrimBox and BleedBox on every page, matching the layout's trim and bleed within 0.1 mm;
    the MediaBox and a CropBox contain the BleedBox; a PDF/X file has no ArtBox beside its TrimBox."""
    geo, tolerance = Geometry.of(layout), TOLERANCE
    for number, page in enumerate(doc.pages, 1):
        # pypdf's page.trimbox falls back to the CropBox/MediaBox: look at the page dictionary itself
        missing = [key[1:] for key in ("/TrimBox", "/BleedBox") if key not in page]
        if missing:
            return False, f"no {' and no '.join(missing)}", number
        trim, bleed, media = (rect(page[key]) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if abs(width - geo.trim_w) > tolerance or abs(height - geo.trim_h) > tolerance:
            return False, (f"TrimBox is {mm(width)} × {mm(height)} mm; the layout's trim is "
                           f"{mm(geo.trim_w)} × {mm(geo.trim_h)} mm"), number
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if any(abs(side - geo.bleed) > tolerance for side in sides):
            shown = "/".join(mm(side) for side in sides)
            return False, (f"BleedBox extends {shown} mm beyond the TrimBox (left/bottom/right/top); "
                           f"the layout's bleed is {mm(geo.bleed)} mm"), number
        if not _contains(media, bleed, tolerance):
            return False, "the MediaBox does not contain the BleedBox", number
        # a viewer and a RIP clip every other box to the CropBox (ISO 32000-1 14.11.2)
        if "/CropBox" in page and not _contains(rect(page["/CropBox"]), bleed, tolerance):
            return False, "the CropBox cuts into the BleedBox: what lies outside it is not printed", number
        if layout.output_intent is not None and "/ArtBox" in page:
            return False, "an ArtBox beside the TrimBox: a PDF/X page has one or the other, not both", number
    return True, (f"{page_count(len(doc.pages))}: trim {mm(geo.trim_w)} × {mm(geo.trim_h)} mm, "
                  f"bleed {mm(geo.bleed)} mm, inside the MediaBox"), None



def _contains(outer, inner, tolerance: float) -> bool:
    return all(o <= i + tolerance for o, i in zip(outer[:2], inner[:2])) and \
        all(o >= i - tolerance for o, i in zip(outer[2:], inner[2:]))


def check_page_count(doc: Pdf, layout: Layout) -> Result:
    """Page count a multiple of page_multiple (4 for saddle stitching) and within max_pages."""
    count, multiple, budget = len(doc.pages), layout.page.page_multiple, layout.page.max_pages
    if count == 0 or count % multiple:
        return False, f"{page_count(count)} is not a multiple of {multiple}", None
    if budget is not None and count > budget:
        return False, f"{page_count(count)} is more than the layout's {budget}", None
    limit = f", at most {budget}" if budget is not None else ""
    return True, f"{page_count(count)} (a multiple of {multiple}{limit})", None


# --- crop marks -----------------------------------------------------------------------------------

CORNERS = ("bottom-left", "bottom-right", "top-left", "top-right")  # (row, column) 0/1 → CORNERS[2 * row + column]
CROP_MARKS = [(corner, axis) for corner in CORNERS for axis in ("horizontal", "vertical")]


def check_crop_marks(doc: Pdf, layout: Layout) -> Result:
    """For a layout with crop marks, on every page: at each corner of the TrimBox a horizontal and a
    vertical stroke on the lines of its edges (within 0.1 mm), pointing away from the trim; each,
    and every other mark in the registration colour (the fold marks), outside the BleedBox by at
    least half its width (the knife wanders: a mark in the bleed prints on the trimmed piece), its
    path inside the MediaBox; each crop mark in the registration colour (Separation /All at 100 %:
    on every plate, so each plate can be cut by it) and at least HAIRLINE_PT wide. Strokes a clip
    hides (the placed pages' own marks on an imposed side) do not count."""
    if not layout.page.crop_marks:
        return True, "not applicable: the layout asks for no crop marks", None
    on_page: dict[int, list[Mark]] = {}
    for mark in marks(doc):
        if mark.kind != "text" and _visible(mark):
            on_page.setdefault(mark.page, []).append(mark)
    nearest, thinnest, untrimmed = None, None, 0
    for number, page in enumerate(doc.pages, 1):
        if "/TrimBox" not in page:  # no trim to mark: the boxes check reports that
            untrimmed += 1
            continue
        trim = rect(page["/TrimBox"])
        bleed, media = rect(page.get("/BleedBox", page["/TrimBox"])), rect(page["/MediaBox"])
        found: dict[tuple[str, str], list[Mark]] = {}
        for mark in on_page.get(number, []):
            place = _crop_mark_place(mark, trim) if mark.kind == "stroke" else None
            if place:
                found.setdefault(place, []).append(mark)
            elif mark.registration and _in_bleed(mark, bleed):
                return False, (f"a mark in the registration colour (/All) inside the BleedBox, at "
                               f"{_where(mark.box)}: it prints on the trimmed piece"), number
        missing = [place for place in CROP_MARKS if place not in found]
        if len(missing) == len(CROP_MARKS):
            return False, "no crop marks: no stroke on the line of a TrimBox edge beyond its corners", number
        if missing:
            return False, f"no {missing[0][1]} crop mark at the {missing[0][0]} corner of the trim", number
        for (corner, axis), group in found.items():
            for mark in group:
                fault = _crop_mark_fault(mark, trim, bleed, media)
                if fault:
                    return False, f"the {axis} crop mark at the {corner} corner {fault}", number
                start = _gap(mark.box, trim)
                nearest = start if nearest is None else min(nearest, start)
                thinnest = mark.size if thinnest is None else min(thinnest, mark.size)
    if nearest is None:
        return True, "no page has a TrimBox to mark (boxes)", None
    skipped = f"; {page_count(untrimmed)} without a TrimBox not checked (boxes)" if untrimmed else ""
    return True, (f"crop marks at the four trim corners of {page_count(len(doc.pages) - untrimmed)}, in the "
                  f"registration colour (/All), {pt(thinnest)} pt, at least {mm(nearest)} mm from the trim: outside "
                  f"the BleedBox, inside the MediaBox{skipped}"), None


def _visible(mark: Mark) -> bool:
    """Does any of the mark's path lie inside its clip? (Boxes that touch count.)"""
    x0, y0, x1, y1 = intersection(mark.clip, mark.box)
    return x0 <= x1 and y0 <= y1


def _crop_mark_place(mark: Mark, trim) -> tuple[str, str] | None:
    """(corner, axis) of a straight stroke on the line of a TrimBox edge, beyond the trim's corner
    (it may touch the corner); None for any other stroke."""
    x0, y0, x1, y1 = mark.box
    if y1 - y0 <= TOLERANCE:  # horizontal: on the bottom or the top edge's line, left or right of the trim
        row = _on_line((y0 + y1) / 2, trim[1], trim[3])
        column = 0 if x1 <= trim[0] + TOLERANCE else 1 if x0 >= trim[2] - TOLERANCE else None
        axis = "horizontal"
    elif x1 - x0 <= TOLERANCE:  # vertical: on the left or the right edge's line, below or above the trim
        column = _on_line((x0 + x1) / 2, trim[0], trim[2])
        row = 0 if y1 <= trim[1] + TOLERANCE else 1 if y0 >= trim[3] - TOLERANCE else None
        axis = "vertical"
    else:
        return None
    return None if row is None or column is None else (CORNERS[2 * row + column], axis)


def _on_line(value: float, low: float, high: float) -> int | None:
    """0 on the line of the low edge, 1 on the high edge's, None on neither."""
    return 0 if abs(value - low) <= TOLERANCE else 1 if abs(value - high) <= TOLERANCE else None


def _crop_mark_fault(mark: Mark, trim, bleed, media) -> str | None:
    """What keeps a crop mark from serving the shop, or None."""
    if not (mark.registration and mark.colour == REGISTRATION):
        return (f"is in {_colour_name(mark)}, not the registration colour (Separation /All): it would not print "
                "on every plate")
    if mark.size < HAIRLINE_PT - 1e-6:
        return f"is {pt(mark.size)} pt wide: a plate holds no line under {pt(HAIRLINE_PT)} pt"
    if _in_bleed(mark, bleed):
        return (f"starts {mm(max(0.0, _gap(mark.box, trim)))} mm from the trim, inside the BleedBox "
                f"({mm(trim[0] - bleed[0])} mm): it prints on the trimmed piece")
    x0, y0, x1, y1 = mark.box
    if x0 < media[0] - 0.01 or y0 < media[1] - 0.01 or x1 > media[2] + 0.01 or y1 > media[3] + 0.01:
        return f"runs off the MediaBox, at {_where(mark.box)}: it is not on the sheet"
    return None


def _gap(box, outer) -> float:
    """How far ``box`` lies outside ``outer``; negative where they overlap."""
    x0, y0, x1, y1 = box
    return max(outer[0] - x1, x0 - outer[2], outer[1] - y1, y0 - outer[3])


def _in_bleed(mark: Mark, bleed) -> bool:
    """Does the mark's ink reach into the BleedBox? A stroke's reaches half its width past its path
    (a projecting cap); 0.01 pt for coordinates written to three places."""
    return _gap(mark.box, bleed) - (mark.size / 2 if mark.kind == "stroke" else 0.0) < -0.01


def _colour_name(mark: Mark) -> str:
    if mark.registration:
        return f"a {mark.colour[0] * 100:g} % tint of /All" if mark.colour else "/All"
    if mark.colour is None:
        return "a colour space other than DeviceCMYK and /All"
    return f"{percent(mark.colour)} CMYK" + (" (black)" if mark.colour == BLACK else "")


def _where(box) -> str:
    x0, y0, x1, y1 = box
    return f"{mm(x0)}–{mm(x1)} × {mm(y0)}–{mm(y1)} mm"


# --- the imposed sides' page order ----------------------------------------------------------------

READING = {False: ("left-to-right", "left"), True: ("right-to-left", "right")}  # rtl → reading, binding side


def check_imposition(doc: Pdf, layout: Layout) -> Result:
    """An imposed file, checked with the booklet it was imposed from (``preflight(..., source=)``):
    as many sides as the booklet has pages over two, and on each side the two placed forms left and
    right of the TrimBox's middle the booklet pages of saddle-stitch order (``prepress.saddle_order``),
    mirrored when the file's /Lang is written right to left (bound on the right). A placed form is
    the page whose content it carries, byte for byte, so a swap, a stale booklet or a mirrored
    order fails."""
    if doc.source is None:
        return True, "not applicable: not an imposed file (no booklet to compare its sides with)", None
    if not doc.source:
        return False, "the booklet it was imposed from is missing: nothing to compare its sides with", None
    pages = _booklet_pages(doc.source)
    count, sides = len(pages), len(doc.pages)
    if count % 4:
        return False, f"its booklet's {page_count(count)} cannot be saddle-stitched: not a multiple of 4", None
    if 2 * sides != count:
        return False, (f"{sides} sides for a booklet of {count} pages, which saddle stitching prints on "
                       f"{count // 2}"), None
    lang = str(resolve(doc.reader.trailer["/Root"]).get("/Lang", ""))
    if not lang:
        return False, "no /Lang: which side the booklet is bound on (its direction) is unknown", None
    rtl = is_rtl(lang.replace("-", "_"))
    expected = saddle_order(count, rtl)
    found = []
    for number, (page, want) in enumerate(zip(doc.pages, expected), 1):
        placed = sorted(_placed(doc, page), key=lambda place: place[0])
        x0, _, x1, _ = rect(page.get("/TrimBox", page["/MediaBox"]))
        middle = (x0 + x1) / 2  # the fold
        if len(placed) != 2 or placed[0][0] >= middle or placed[1][0] < middle:
            return False, (f"{len(placed)} placed pages, {sum(x < middle for x, _ in placed)} of them left of "
                           "the fold: a side holds one page on each side of the fold"), number
        found.append(tuple(_page_number(form, pages, page_number) for (_, form), page_number in zip(placed, want)))
    reading, bound = READING[rtl]
    if found == expected:
        return True, (f"{sides} sides: the booklet's {count} pages in saddle-stitch order ({_side(expected[0])}, "
                      f"{_side(expected[1])}, …), {reading}, bound on the {bound} (/Lang {lang})"), None
    if found == saddle_order(count, not rtl):
        return False, (f"the sides are in {READING[not rtl][0]} order ({_side(found[0])}, …), but the booklet "
                       f"(/Lang {lang}) is {reading}, bound on the {bound}: {_side(expected[0])}, …"), 1
    number = next(n for n, (a, b) in enumerate(zip(found, expected), 1) if a != b)
    return False, (f"the booklet's pages {_side(found[number - 1])} left and right of the fold; saddle stitching "
                   f"puts {_side(expected[number - 1])} there ({count} pages, {reading})"), number


def _booklet_pages(source: bytes) -> list[bytes]:
    """Each booklet page's content as the imposer places it: the page as a form XObject (qpdf's)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(source)) as pdf:
        return [page.as_form_xobject(handle_transformations=False).read_bytes() for page in pdf.pages]


def _placed(doc: Pdf, page) -> list[tuple[float, object]]:
    """(x of its middle in default user space, form) of each form the side's own content places."""
    xobjects = dictionary(dictionary(page.get("/Resources")).get("/XObject"))
    ctm, saved, placed = IDENTITY, [], []
    for operands, op in doc.ops(page):
        if op == b"q":
            saved.append(ctm)
        elif op == b"Q" and saved:
            ctm = saved.pop()
        elif op == b"cm" and len(operands) == 6:
            ctm = multiply(matrix(operands), ctm)
        elif op == b"Do" and operands:
            form = resolve(xobjects.get(operands[0]))
            if is_form(form):
                a, _, c, _, e, _ = multiply(matrix(form.get("/Matrix", IDENTITY)), ctm)
                x0, y0, x1, y1 = rect(form["/BBox"])
                placed.append((a * (x0 + x1) / 2 + c * (y0 + y1) / 2 + e, form))
    return placed


def _page_number(form, pages: list[bytes], wanted: int) -> int | None:
    """The booklet page whose content the form carries: ``wanted`` when it is that page's (two
    pages alike, two blank ones, are the same print), else the first such page; None for none."""
    data = form.get_data()
    if pages[wanted - 1] == data:
        return wanted
    return next((number for number, content in enumerate(pages, 1) if content == data), None)


def _side(pair) -> str:
    return " | ".join("?" if number is None else str(number) for number in pair)
