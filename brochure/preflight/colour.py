"""Colour for print: CMYK only (no RGB, Lab or spot colour), and what text and rules are painted in."""

from __future__ import annotations

from typing import Iterator

from pypdf.generic import ArrayObject, DictionaryObject

from ..layouts import BLACK, MM, Layout, inks, percent, text_ink_fault
from .marks import REGISTRATION, Mark, marks
from .reader import Pdf, Result, dictionary, mm, pt, rect, resolve


RGB_FAMILIES = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB"}  # /RGB: inline images
# colourants that print on the four process plates: /All is the registration colour of the marks
# (every plate), /None paints nothing; any other name is a spot colour, a plate of its own
PROCESS_COLOURANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black", "/All", "/None"}


def check_colour(doc: Pdf, layout: Layout) -> Result:
    """CMYK only: no RGB, Lab or spot colour in colour operators, colour-space resources, images,
    shadings, inline images or transparency groups (an error for print layouts, a warning otherwise).
    Grey prints on the black plate; the registration colour (Separation /All) is left to the rules for marks."""
    places: list[tuple[int, str]] = []
    for scope in doc.scopes():
        places += [(scope.page, f"{what} in {scope.what}") for what in _foreign_resources(scope.resources)]
        # a transparency group's blending space: what is painted in it is composited there (PDF/X-4: no RGB)
        if group := _foreign_space(dictionary(scope.stream.get("/Group")).get("/CS"), scope.resources):
            places.append((scope.page, f"transparency group colour space ({group}) in {scope.what}"))
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
    for name, space in dictionary(resources.get("/ColorSpace")).items():
        if found := _foreign_space(space, resources):
            yield f"colour space {name} ({found})"
    for name, ref in dictionary(resources.get("/XObject")).items():
        image = dictionary(ref)
        if image.get("/Subtype") == "/Image" and (found := _foreign_space(image.get("/ColorSpace"), resources)):
            yield f"image {name} ({found})"
    shadings = dict(dictionary(resources.get("/Shading")))
    for name, ref in dictionary(resources.get("/Pattern")).items():
        if "/Shading" in dictionary(ref):  # a shading pattern
            shadings[name] = dictionary(ref)["/Shading"]
    for name, ref in shadings.items():
        if found := _foreign_space(dictionary(ref).get("/ColorSpace"), resources):
            yield f"shading {name} ({found})"


def _foreign_space(space, resources: DictionaryObject, depth: int = 0) -> str | None:
    """What a colour space is when it is not CMYK (or grey): an RGB family, Lab, or a spot colour
    (a Separation or DeviceN colourant other than the process plates, /All and /None), also
    through an Indexed base or a Separation/DeviceN alternate; None for CMYK."""
    space = resolve(space)
    if space is None or depth > 8:  # the depth bound stops self-referencing resources
        return None
    if isinstance(space, str):
        if str(space) in RGB_FAMILIES:
            return RGB_FAMILIES[str(space)]
        named = dictionary(resources.get("/ColorSpace")).get(space)  # a resource name such as /CS0
        return _foreign_space(named, resources, depth + 1) if named is not None else None
    if isinstance(space, (ArrayObject, list)) and space:  # a list: an inline image's
        family = str(resolve(space[0]))
        if family == "/ICCBased" and len(space) > 1:
            return "ICCBased RGB" if int(resolve(dictionary(space[1]).get("/N", 0))) == 3 else None
        if family in RGB_FAMILIES:
            return RGB_FAMILIES[family]
        if family == "/Lab":
            return "Lab"
        if family in ("/Indexed", "/I", "/Pattern") and len(space) > 1:
            return _foreign_space(space[1], resources, depth + 1)
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            names = resolve(space[1])
            names = [str(resolve(n)) for n in names] if isinstance(names, ArrayObject) else [str(names)]
            spots = [name for name in names if name not in PROCESS_COLOURANTS]
            return f"spot colour {spots[0]}" if spots else _foreign_space(space[2], resources, depth + 1)
    return None


# --- the colour rules for print: what the marks are painted in -----------------------------------

THIN_RULE_PT = 1.0
HAIRLINE_PT = 0.25  # thinner strokes (0 w: one device pixel) break up or vanish on a plate


def _bold(font: str) -> bool:
    return any(word in font for word in ("Bold", "Black", "Heavy"))


def _text_fault(mark: Mark) -> str | None:
    """Why shown text would print badly, or None. Text is solid black, overprinted; or a solid
    single ink; coloured (several inks) or reversed (white) only at ≥ 10 pt in a bold face; always
    in DeviceCMYK or grey, whose numbers go to the plates as they are."""
    colour = mark.colour
    if colour is None:  # ICC-based CMYK, DeviceN…: the colour check passes them, the RIP converts them
        return ("text in a colour space other than DeviceCMYK or grey: its inks are not checked here, and the RIP "
                "may convert it (black into four inks)")
    if colour == BLACK:
        return None if mark.overprint else "black text that knocks out (not overprinted)"
    if inks(colour) == 0 and mark.overprint:
        return "white text with overprint on: it disappears"
    return text_ink_fault(colour, mark.size, _bold(mark.font), mark.font[1:] or "a font")


def check_text_colour(doc: Pdf, layout: Layout) -> Result:
    """Text in 100 % K with overprint; single solid inks anywhere; several inks or white (reversed)
    only ≥ 10 pt bold (an error for print layouts, a warning otherwise). Invisible text (mode 3),
    which puts no ink down, is left out, as the text-size check leaves it out."""
    count = 0
    for mark in marks(doc):
        if mark.kind != "text" or mark.render == 3:  # mode 3 is invisible: no ink on any plate
            continue
        count += 1
        fault = _text_fault(mark)
        if fault:
            return False, fault, mark.page
    return True, f"{count} text runs: black overprinted, or solid or large bold colour", None


def check_thin_rules(doc: Pdf, layout: Layout) -> Result:
    """Strokes under 1 pt in 100 % K (or registration colour for marks outside the trim), and
    none under HAIRLINE_PT."""
    count = 0
    for number, mark in ((m.page, m) for m in marks(doc) if m.kind == "stroke" and m.size < THIN_RULE_PT):
        count += 1
        if mark.size < HAIRLINE_PT - 1e-6:
            return False, f"a {pt(mark.size)} pt hairline: rules are at least {pt(HAIRLINE_PT)} pt", number
        if mark.colour in (BLACK, None) or (mark.colour == REGISTRATION and _outside_trim(doc, mark)):
            continue  # None: another colour space, judged by the colour check
        if mark.colour == REGISTRATION:
            return False, (f"a {pt(mark.size)} pt rule in the registration colour (/All) inside the trim: "
                           "it prints on every plate"), number
        return False, f"a {pt(mark.size)} pt rule in {percent(mark.colour)} CMYK: thin rules are 100 % K", number
    return True, (f"{count} thin rules, all 100 % K (marks in registration outside the trim), "
                  f"none under {pt(HAIRLINE_PT)} pt"), None


def _outside_trim(doc: Pdf, mark: Mark) -> bool:
    page = doc.pages[mark.page - 1]
    if "/TrimBox" not in page:
        return True  # no trim to judge by: the boxes check reports that
    trim = rect(page["/TrimBox"])
    x0, y0, x1, y1 = mark.box
    return x1 <= trim[0] + 0.01 or x0 >= trim[2] - 0.01 or y1 <= trim[1] + 0.01 or y0 >= trim[3] - 0.01


def check_rich_black(doc: Pdf, layout: Layout) -> Result:
    """Rich black (100 % K plus other inks) only for filled areas at least colours.rich_black_min_size
    mm on both sides; never for strokes (text is checked by text-colour)."""
    minimum = layout.colours.rich_black_min_size * MM
    for mark in marks(doc):
        colour = mark.colour
        if mark.kind == "text" or colour is None or colour == REGISTRATION or colour[3] < 0.999 or inks(colour) < 2:
            continue
        if mark.kind == "stroke" and not _outside_trim(doc, mark):
            return False, "a rule in rich black", mark.page
        x0, y0, x1, y1 = mark.box
        if mark.kind == "fill" and min(x1 - x0, y1 - y0) < minimum - 0.01:
            return False, (f"a {mm(x1 - x0)} × {mm(y1 - y0)} mm area in rich black; the layout allows it from "
                           f"{mm(minimum)} mm"), mark.page
    return True, f"no rich black below {mm(minimum)} mm", None


