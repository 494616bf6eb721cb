"""layouts/<name>.yaml → a frozen, validated ``Layout``.

Schema (every key documented in README.md, "Layouts"): lengths in millimetres,
type sizes and leading in points, colours as CMYK percentages. Unknown keys,
wrong types, duplicate keys and impossible geometry are refused before anything
renders, as ``layouts/x.yaml:LINE: key.path: reason``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .errors import BrochureError
from .yamlutil import build, compose

MM = 72.0 / 25.4  # points per millimetre
MAX_ICC_BYTES = 16_000_000  # a CMYK output profile is 0.5–3 MB
MIN_BLEED = 3.0  # mm beyond the trim that print shops ask for (3 mm; in the US 1/8 in, 3.175 mm)
PAGE_SIZES = (50.0, 1000.0)  # mm: a plausible trim width or height
INCH = 25.4  # mm
# The largest plausible body: twice the 16–18 pt of large print. A larger one is a typo (200 for 20,
# a leading in the size's place), which every rule measured against the body then blamed on
# another key (the title "below 1.2 × the body").
MAX_BODY = 36.0


@dataclass(frozen=True)
class ClearPrint:
    """The smallest type a class of layout may print (README, "Readability"): RNIB, CNIB,
    USP and FDA guidance for patient information asks for at least 12 pt and open leading."""

    body: float  # body size, pt (copyfit never goes below it either)
    leading: float  # body leading, as a multiple of the body size
    heading: float  # heading size, as a multiple of the body size: clearly larger
    references: float  # references, pt
    small: float  # footer and colophon, pt; also the least type.min_size


NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # a layout's name: its file name without .yaml

CLASSES = {
    "office": ClearPrint(body=12, leading=1.4, heading=1.2, references=9, small=10),  # A4 / Letter leaflets
    "booklet": ClearPrint(body=11, leading=1.4, heading=1.2, references=9, small=9),  # A5, saddle-stitched
    "large-print": ClearPrint(body=16, leading=1.4, heading=1.2, references=14, small=14),  # RNIB: 16–18 pt
}


def page_count(count: int) -> str:
    """A page count as messages say it: "1 page", "3 pages"."""
    return f"{count} page" if count == 1 else f"{count} pages"


@dataclass(frozen=True)
class Page:
    """The page of a layout: trim size, bleed and slug, columns, and the page count rules."""

    width: float  # trim width, mm
    height: float  # trim height, mm
    bleed: float = 0.0  # mm beyond the trim on every side
    crop_marks: bool = False
    slug: float = 0.0  # mm outside the bleed that holds the crop marks
    page_multiple: int = 1  # 4 for saddle-stitched booklets
    max_pages: int | None = None  # copyfit budget, None = no limit
    columns: int = 1  # text columns on content pages
    column_gap: float = 6.0  # mm between columns
    cover: bool = False  # a front cover page and a back cover page (booklets)
    padding: str = "notes"  # pages added for page_multiple: "notes" (ruled) or "blank"
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Margins:
    """The text area's distance from the trim, in mm (inner: the binding side)."""

    top: float
    bottom: float
    inner: float
    outer: float
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class TextStyle:
    """One kind of type: its size and leading, in pt."""

    size: float  # pt
    leading: float  # pt
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Typography:
    """The type of a layout: one style per kind of text, hyphenation, alignment, emphasis."""

    body: TextStyle
    title: TextStyle
    heading: TextStyle
    references: TextStyle
    small: TextStyle  # footer, colophon, kicker
    min_size: float = 8.0  # nothing printed is smaller; left out: the class's smallest type (load_layout)
    hyphenate: bool = True
    align: str = "left"  # body text: "left" (ragged, from the start side) or "justify"
    italic: str = "italic"  # how *emphasis* is set: "italic", or "bold" (clear-print guidance avoids italics)
    paragraph_space: float = 0.45  # space after a body paragraph, in body lines
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Copyfit:
    """How far the build may tighten the body type to meet the page budget or avoid
    a nearly empty last page; never below the layout class's body minimum. Where no
    tighter step pulls a short last page back, the body may open up to ``max_body_size``
    and ``max_body_leading`` instead, so that the page holds more than a few lines."""

    min_body_size: float
    min_body_leading: float
    steps: int = 4
    short_page: float = 0.2  # a last text page filled less than this is worth pulling back
    max_body_size: float | None = None  # None: the body never opens beyond type.body
    max_body_leading: float | None = None
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class OutputIntent:
    """A PDF/X-style OutputIntent: the CMYK condition the colours are meant for."""

    profile: str  # ICC file, relative to the layouts folder
    identifier: str  # e.g. FOGRA39
    condition: str  # human-readable description
    registry: str = "http://www.color.org"
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Imposition:
    """How the booklet's printed sides are made (saddle stitch)."""

    creep: float = 0.0  # mm the innermost sheet's pages move towards the spine
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


CMYK = tuple[float, float, float, float]


@dataclass(frozen=True)
class Colours:
    """The CMYK inks of a layout: text, accent, tint, and text on the accent band."""

    text: CMYK
    accent: CMYK  # title band, headings, bullets
    tint: CMYK  # colophon panel
    on_accent: CMYK = (0.0, 0.0, 0.0, 0.0)  # text on the title band
    # Rich black (100 K plus other inks) only for solid areas at least this large (mm, both sides):
    # smaller shapes and text misregister in four inks.
    rich_black_min_size: float = 20.0
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Layout:
    """One layout file (layouts/<name>.yaml), validated: page, margins, type, colours, print."""

    description: str
    class_: str  # YAML key `class`: office, booklet or large-print (sets the type minimums, CLASSES)
    page: Page
    margins: Margins
    type: Typography
    colours: Colours
    copyfit: Copyfit | None = None
    output_intent: OutputIntent | None = None
    imposition: Imposition = Imposition()
    # set from the file's path, never from its keys
    name: str = field(default="", metadata={"from_path": True})  # the file name
    folder: str = field(default="", metadata={"from_path": True})  # output_intent.profile is relative to it
    # the file as messages name it ("layouts/a5-booklet.yaml"): errors found after loading point into it
    shown: str = field(default="", metadata={"from_path": True}, compare=False, repr=False)
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)

    @property
    def column_width(self) -> float:
        """Width of one text column on content pages, in mm."""
        page, margins = self.page, self.margins
        return (page.width - margins.inner - margins.outer - (page.columns - 1) * page.column_gap) / page.columns

    def imposed(self) -> "Layout":
        """The layout of the imposed file: each side is a spread of two pages (trim twice as
        wide), printed on both sides of a sheet, with this layout's bleed and marks."""
        page = self.page
        sides = dataclasses.replace(page, width=2 * page.width, page_multiple=2, cover=False,
                                    crop_marks=True, slug=max(page.slug, 10.0),
                                    max_pages=page.max_pages // 2 if page.max_pages else None)
        return dataclasses.replace(self, page=sides, name=f"{self.name}-imposed")

    def with_leading(self, factor: float) -> "Layout":
        """This layout with every leading (and the copyfit's tightest) multiplied by ``factor``:
        the script's line spacing (``leading:`` in fonts.yaml; Nastaliq needs 1.8)."""
        if factor == 1.0:
            return self
        t = self.type
        spaced = {name: dataclasses.replace(style, leading=round(style.leading * factor, 2))
                  for name in ("body", "title", "heading", "references", "small")
                  for style in [getattr(t, name)]}
        fit = self.copyfit and dataclasses.replace(
            self.copyfit, min_body_leading=round(self.copyfit.min_body_leading * factor, 2),
            max_body_leading=self.copyfit.max_body_leading and round(self.copyfit.max_body_leading * factor, 2))
        return dataclasses.replace(self, type=dataclasses.replace(t, **spaced), copyfit=fit)

    @property
    def print_ready(self) -> bool:
        """Made for a print shop (bleed or crop marks), not an office printer."""
        return self.page.bleed > 0 or self.page.crop_marks


def load_layout(path: str | Path, display_path: str | None = None) -> Layout:
    path = Path(path)
    shown = display_path or str(path)
    if not NAME.fullmatch(path.stem) or ".." in path.stem:  # the rule `--layout NAME` is held to
        raise BrochureError(f"{path.stem[:40]!r} is not a layout name (letters, digits, . _ -, at most 64 "
                            "characters): rename the file", shown)
    node = compose(path, shown)
    if node is None:
        raise BrochureError("the layout file is empty", shown)
    for key_node, _ in getattr(node, "value", []):
        if getattr(key_node, "value", None) == "name":
            raise BrochureError("name: the layout's name is its file name; remove this key", shown,
                                key_node.start_mark.line + 1)
    layout = build(Layout, node, shown, units="a layout's lengths are in mm, type in pt, colours in percent")
    layout = _class_defaults(dataclasses.replace(layout, name=path.stem, folder=str(path.parent), shown=shown))
    validate(layout, shown)
    return layout


def _class_defaults(layout: Layout) -> Layout:
    """A ``type.min_size`` left out is the class's smallest type: a fixed default sat below
    every class's minimum and was refused for a value nobody wrote."""
    typo = layout.type
    if "min_size" in typo._lines or layout.class_ not in CLASSES:
        return layout
    return dataclasses.replace(layout, type=dataclasses.replace(typo, min_size=CLASSES[layout.class_].small))


def validate(layout: Layout, shown: str) -> None:
    """Geometry and type rules that the field types alone cannot express."""
    page, margins, typo = layout.page, layout.margins, layout.type

    def fail(section, key: str, message: str) -> None:
        line = section._lines.get(key) or section._lines.get("")
        raise BrochureError(f"{key_path(section, key)}: {message}", shown, line)

    def key_path(section, key: str) -> str:
        for name in ("page", "margins", "type", "colours", "copyfit", "output_intent", "imposition"):
            if getattr(layout, name) is section:
                return f"{name}.{key}"
        for name in ("body", "title", "heading", "references", "small"):
            if getattr(typo, name) is section:
                return f"type.{name}.{key}"
        return key.rstrip("_")  # class_ is the YAML key class

    lines = layout.description.rstrip("\n").splitlines()  # a folded block (>) ends in a line break: still one line
    if len(lines) > 1:  # README: one line
        fail(layout, "description", f"is {len(lines)} lines; a layout's description is one line: write it "
                                    "after description: on the same line")
    for key in ("width", "height"):
        value = getattr(page, key)
        if not PAGE_SIZES[0] <= value <= PAGE_SIZES[1]:
            fail(page, key, f"{value:g} mm is not a plausible page size (50–1000 mm{_inches(value)})")
    if typo.body.size > MAX_BODY:  # before the rules that measure against the body blame other keys
        fail(typo.body, "size", f"{typo.body.size:g} pt is not a plausible body size (at most {MAX_BODY:g} pt; "
                                "large print is 16–18 pt)")
    if not 0 <= page.bleed <= 10:
        fail(page, "bleed", f"{page.bleed:g} mm is outside 0–10 mm")
    if 0 < page.bleed < MIN_BLEED:  # "0.125": inches typed where millimetres are meant
        fail(page, "bleed", f"{page.bleed:g} mm is less than the {MIN_BLEED:g} mm a print shop needs beyond the "
                            "trim (lengths are in mm: 1/8 in is 3.175)")
    if page.crop_marks and page.slug < 5:
        fail(page, "slug", f"crop marks need at least 5 mm outside the bleed, got {page.slug:g} mm")
    if page.slug and not page.crop_marks:
        fail(page, "slug", "a slug without crop_marks: true has nothing to hold")
    if page.page_multiple not in (1, 2, 4):
        fail(page, "page_multiple", f"{page.page_multiple} is not 1, 2 or 4")
    if page.max_pages is not None and (page.max_pages < 1 or page.max_pages % page.page_multiple):
        fail(page, "max_pages", f"{page.max_pages} is not a positive multiple of page_multiple")
    for key in ("top", "bottom", "inner", "outer"):
        value = getattr(margins, key)
        if value < 0:
            fail(margins, key, f"{value:g} mm is negative")
        if value < 5:  # the knife wanders at the trim; office printers leave about 5 mm unprinted
            why = " for print" if page.bleed else ": office printers leave the paper's edge unprinted"
            fail(margins, key, f"{value:g} mm leaves no safe zone inside the trim (at least 5 mm{why})")
    for key, size in (("inner", page.width), ("outer", page.width), ("top", page.height), ("bottom", page.height)):
        if getattr(margins, key) >= size:
            what = "wide" if key in ("inner", "outer") else "tall"
            fail(margins, key, f"{getattr(margins, key):g} mm is {what}r than the {size:g} mm page")
    if not 1 <= page.columns <= 3:
        fail(page, "columns", f"{page.columns} is not 1, 2 or 3")
    if page.column_gap < 0:  # wider columns that print over each other
        fail(page, "column_gap", f"{page.column_gap:g} mm is negative: the columns would overlap")
    em = layout.type.body.size / MM  # a gutter under one em of body type reads across
    if page.columns > 1 and page.column_gap < em:
        em = math.ceil(em * 10) / 10  # named rounded up, so that the figure named is enough
        if "column_gap" not in page._lines:  # the default gap: name the line that asked for columns
            fail(page, "columns", f"{page.columns} columns {page.column_gap:g} mm apart (the default "
                                  f"page.column_gap) would run together: set page.column_gap to at least "
                                  f"{em:.1f} mm, one em of the {layout.type.body.size:g} pt body")
        fail(page, "column_gap", f"{page.column_gap:g} mm is narrower than the {layout.type.body.size:g} pt body "
                                 f"({em:.1f} mm): the lines of neighbouring columns would run together")
    column = (page.width - margins.inner - margins.outer - (page.columns - 1) * page.column_gap) / page.columns
    if page.columns > 1 and column < 40:
        fail(page, "columns", f"{page.columns} columns would be {column:.0f} mm wide; at least 40 mm are needed")
    if page.width - margins.inner - margins.outer < 40:
        fail(margins, "inner", f"inner + outer leave {page.width - margins.inner - margins.outer:g} mm "
                               "for text; at least 40 mm are needed")
    if page.height - margins.top - margins.bottom < 60:
        fail(margins, "top", f"top + bottom leave {page.height - margins.top - margins.bottom:g} mm "
                             "for text; at least 60 mm are needed")
    if typo.min_size < 6:
        fail(typo, "min_size", f"{typo.min_size:g} pt is too small to read")
    if typo.align not in ("left", "justify"):
        fail(typo, "align", f"must be left or justify, not {typo.align!r}")
    if typo.italic not in ("italic", "bold"):
        fail(typo, "italic", f"must be italic or bold, not {typo.italic!r}")
    if not 0 <= typo.paragraph_space <= 3:
        fail(typo, "paragraph_space", f"{typo.paragraph_space:g} body lines is outside 0–3")
    for name in ("body", "title", "heading", "references", "small"):
        style = getattr(typo, name)
        if style.size < typo.min_size:
            fail(style, "size", f"{style.size:g} pt is below type.min_size ({typo.min_size:g} pt)")
        if style.leading < style.size:
            fail(style, "leading", f"{style.leading:g} pt is less than the {style.size:g} pt type size")
    for name in ("text", "accent", "tint", "on_accent"):
        colour = getattr(layout.colours, name)
        for value in colour:
            if not 0 <= value <= 100:
                fail(layout.colours, name, f"CMYK values are percentages 0–100, got {value:g}")
        if max(colour) <= 1 and any(colour):  # 0–1 fractions, as ReportLab and other tools take them
            written = ", ".join(f"{value:g}" for value in colour)
            fail(layout.colours, name, f"[{written}] looks like fractions of 1; CMYK values are percentages "
                                       "(100 % K is [0, 0, 0, 100])")
    if problem := text_colour_problem(layout.colours.text, typo.min_size):
        fail(layout.colours, "text", problem)
    if layout.colours.rich_black_min_size < 0:
        fail(layout.colours, "rich_black_min_size", "is negative")
    creep = layout.imposition.creep
    if "creep" in layout.imposition._lines and page.page_multiple != 4:  # build.py imposes only these
        fail(layout.imposition, "creep", "only a saddle-stitched booklet (page.page_multiple: 4) is imposed; this "
                                         f"layout's page_multiple is {page.page_multiple}: remove imposition")
    if not 0 <= creep <= 2:
        fail(layout.imposition, "creep", f"{creep:g} mm is outside 0–2 mm")
    if creep > page.bleed:
        fail(layout.imposition, "creep", f"{creep:g} mm is more than the {page.bleed:g} mm bleed that covers it")
    if page.padding not in ("notes", "blank"):
        fail(page, "padding", f"'{page.padding}' is not notes or blank")
    if page.cover and page.page_multiple == 1:
        fail(page, "cover", "covers make sense for booklets: set page_multiple to 2 or 4")
    fit = layout.copyfit
    if fit is not None:
        if not fit.min_body_size <= typo.body.size:
            fail(fit, "min_body_size", f"{fit.min_body_size:g} pt is larger than type.body.size "
                                       f"({typo.body.size:g} pt)")
        if not fit.min_body_size <= fit.min_body_leading <= typo.body.leading:
            fail(fit, "min_body_leading", f"{fit.min_body_leading:g} pt must lie between min_body_size and "
                                          f"type.body.leading ({typo.body.leading:g} pt)")
        if not 1 <= fit.steps <= 10:
            fail(fit, "steps", f"{fit.steps} is not between 1 and 10")
        if not 0 <= fit.short_page < 1:
            fail(fit, "short_page", f"{fit.short_page:g} is not a fraction of a page (0–1)")
        if (fit.max_body_size is None) != (fit.max_body_leading is None):
            fail(fit, "max_body_size", "max_body_size and max_body_leading go together")
        if fit.max_body_size is not None and not typo.body.size <= fit.max_body_size <= fit.max_body_leading:
            fail(fit, "max_body_size", f"{fit.max_body_size:g} pt must lie between type.body.size "
                                       f"({typo.body.size:g} pt) and max_body_leading")
        if fit.max_body_leading is not None and fit.max_body_leading < typo.body.leading:
            fail(fit, "max_body_leading", f"{fit.max_body_leading:g} pt is less than type.body.leading "
                                          f"({typo.body.leading:g} pt)")
    intent = layout.output_intent
    if intent is not None:
        if not layout.print_ready:
            fail(intent, "profile", "an output intent belongs to print layouts (bleed or crop marks)")
        profile = Path(layout.folder) / intent.profile
        if not profile.is_file():
            fail(intent, "profile", f"{intent.profile} is not a file next to the layout")
        if profile.stat().st_size > MAX_ICC_BYTES:  # checked before anything reads (or hashes) it
            fail(intent, "profile", f"{intent.profile} is larger than {MAX_ICC_BYTES:,} bytes: not a CMYK "
                                    "output profile")
        with profile.open("rb") as file:  # the header alone: the build reads the rest
            problem = icc_problem(file.read(128))
        if problem:
            fail(intent, "profile", f"{intent.profile} is {problem}")
    _validate_class(layout, fail)


def _inches(value: float) -> str:
    """A hint for a page size typed in inches ("5.83" for A5's 148 mm), as the end of a parenthesis."""
    if PAGE_SIZES[0] <= value * INCH <= PAGE_SIZES[1]:
        return f"; lengths are in millimetres: {value:g} in is {round(value * INCH, 1):g} mm"
    return ""


def text_colour_problem(colour: CMYK, smallest: float) -> str | None:
    """Why ``colours.text`` (CMYK percentages) cannot be read on the page, or None. It sets body text,
    references and footer down to the smallest type, in the regular face, so it meets the preflight's
    text-colour rule (``text_ink_fault``) at ``smallest`` pt, not bold; no ink at all is not reversed
    text there but none."""
    written = ", ".join(f"{value:g}" for value in colour)
    if not any(colour):
        return f"[{written}] is no ink: text in it is invisible on the paper (text is 100 % K, [0, 0, 0, 100])"
    fault = text_ink_fault(tuple(value / 100 for value in colour), smallest, bold=False, face="the regular face")
    return fault and f"[{written}] sets {fault}"


BLACK = (0.0, 0.0, 0.0, 1.0)  # 100 % K, as fractions of 1
REVERSED_MIN_PT = 10.0  # coloured (several inks) or reversed (white) text: at least this size, and bold


def percent(colour: tuple) -> str:
    """A CMYK colour (fractions of 1) as messages write it: 100/60/0/0."""
    return "/".join(f"{v * 100:g}" for v in colour)


def inks(colour: tuple) -> int:
    """How many of the four inks a colour (fractions of 1) puts down."""
    return sum(1 for v in colour if v > 0.001)


def text_ink_fault(colour: tuple, size: float, bold: bool, face: str) -> str | None:
    """Why text in this CMYK colour (fractions of 1) at ``size`` pt in ``face`` would print badly,
    or None (README, "Colour rules"; the preflight's text-colour check applies it to every text run):
    solid black; or a solid single ink; coloured (several inks) or reversed (white) only at
    ≥ 10 pt in a bold face. Overprint is the preflight's to judge."""
    size_shown = f"{size:.2f}".rstrip("0").rstrip(".")
    if colour == BLACK:
        return None
    if 0.001 < colour[3] < 0.999 and inks(colour) == 1:
        return f"text in {colour[3] * 100:.0f} % K: screened into dots; use 100 % K"
    if colour[3] >= 0.999 and inks(colour) > 1:
        return "text in rich black (100 % K with other inks)"
    if inks(colour) == 0:
        if size < REVERSED_MIN_PT - 0.01 or not bold:
            return f"reversed (white) text at {size_shown} pt in {face}: needs ≥ 10 pt bold"
        return None
    if inks(colour) == 1 and max(colour) >= 0.999:
        return None  # one solid ink: nothing to misregister
    if size < REVERSED_MIN_PT - 0.01 or not bold:
        return f"{percent(colour)} CMYK text at {size_shown} pt: several inks need ≥ 10 pt bold"
    return None


def icc_problem(header: bytes) -> str | None:
    """Why an ICC profile with this header (its first 128 bytes) cannot be an output intent's
    profile, as a phrase after "… is"; None when it is a CMYK output (printer) profile."""
    if len(header) < 128 or header[36:40] != b"acsp":
        return "not an ICC profile (no 'acsp' signature in the header)"
    if header[12:16] != b"prtr" or header[16:20] != b"CMYK":
        kind = header[12:16].decode("latin-1").strip(), header[16:20].decode("latin-1").strip()
        return f"a {kind[0]}/{kind[1]} profile; an output intent needs a CMYK output (prtr) profile"
    return None


def _validate_class(layout: Layout, fail) -> None:
    """The type minimums of the layout's class (CLASSES): body, leading, headings clearly
    larger, references, footer and colophon, and the floor that copyfit may reach."""
    if layout.class_ not in CLASSES:
        fail(layout, "class_", f"must be {', '.join(CLASSES)}, not {layout.class_!r}")
    rule, typo, fit = CLASSES[layout.class_], layout.type, layout.copyfit
    kind = f"{layout.class_} layouts"

    def at_least(section, key: str, value: float, minimum: float, what: str) -> None:
        if value < minimum - 1e-9:
            fail(section, key, f"{value:g} pt is below the {minimum:g} pt {what} for {kind}")

    at_least(typo.body, "size", typo.body.size, rule.body, "body minimum")
    at_least(typo.body, "leading", typo.body.leading, rule.leading * typo.body.size,
             f"leading minimum ({rule.leading:g} × the {typo.body.size:g} pt body)")
    # the title heads the page: at least as clearly larger than the body as a heading
    for head in (typo.title, typo.heading):
        at_least(head, "size", head.size, rule.heading * typo.body.size,
                 f"heading minimum ({rule.heading:g} × the {typo.body.size:g} pt body)")
    at_least(typo.references, "size", typo.references.size, rule.references, "references minimum")
    at_least(typo.small, "size", typo.small.size, rule.small, "footer and colophon minimum")
    at_least(typo, "min_size", typo.min_size, rule.small, "smallest type")
    if fit is not None:
        at_least(fit, "min_body_size", fit.min_body_size, rule.body, "body minimum")
        at_least(fit, "min_body_leading", fit.min_body_leading, rule.leading * fit.min_body_size,
                 f"leading minimum ({rule.leading:g} × the {fit.min_body_size:g} pt copyfit body)")
        if fit.max_body_size is not None:
            at_least(fit, "max_body_leading", fit.max_body_leading, rule.leading * fit.max_body_size,
                     f"leading minimum ({rule.leading:g} × the {fit.max_body_size:g} pt opened body)")


@dataclass(frozen=True)
class Geometry:
    """Page boxes in points. Content is drawn relative to the trim box's origin."""

    trim_w: float
    trim_h: float
    bleed: float
    offset: float  # from the MediaBox origin to the trim box origin

    @classmethod
    def of(cls, layout: "Layout") -> "Geometry":
        page = layout.page
        bleed = page.bleed * MM
        slug = page.slug * MM if page.crop_marks else 0.0
        return cls(page.width * MM, page.height * MM, bleed, bleed + slug)

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim_w, o + self.trim_h)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        o, b = self.offset, self.bleed
        return (o - b, o - b, o + self.trim_w + b, o + self.trim_h + b)
