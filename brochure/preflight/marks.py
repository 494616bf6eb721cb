"""What puts ink on the pages: one walk over every page's content (through forms, with the
graphics state, the clip and the colour) that the colour rules and the ink bound share."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from pypdf.generic import ArrayObject, DictionaryObject

from .reader import IDENTITY, Pdf, dictionary, is_form, matrix, multiply, rect, resolve
from .text import SHOW_TEXT, shows_glyphs


REGISTRATION = (1.0, 1.0, 1.0, 1.0)  # Separation /All at tint 1, or the same in CMYK: every plate


@dataclass
class State:
    """The graphics state a content stream's marks are drawn in, as far as print checks read it."""

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
class Mark:
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
    registration: bool = False  # fill or stroke in the Separation /All (not 100/100/100/100 CMYK)


PAINT = {b"f": "fill", b"F": "fill", b"f*": "fill", b"B": "both", b"B*": "both", b"b": "both", b"b*": "both",
         b"S": "stroke", b"s": "stroke"}


# how many operands the walk reads: Ghostscript takes them from the top of the stack, so extra ones
# before them do not count (``9 1 1 1 1 k`` is 400 %), and an operator short of them takes what an
# earlier one left (``1 1 1 1 n k`` too)
OPERAND_COUNT = {b"k": 4, b"K": 4, b"g": 1, b"G": 1, b"cs": 1, b"CS": 1, b"cm": 6, b"w": 1, b"M": 1, b"gs": 1,
                 b"Tm": 6, b"Tf": 2, b"re": 4, b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4, b"Tr": 1, b"Do": 1,
                 b"Tj": 1, b"TJ": 1, b"'": 1, b'"': 3}


def marks(doc: Pdf) -> list[Mark]:
    """Every mark of every page, walked once per file and shared by the colour checks."""
    if doc.marks is None:
        doc.marks = [mark for number, page in enumerate(doc.pages, 1)
                     for mark in _walk(doc, number, page, dictionary(page.get("/Resources")), State(), frozenset())]
    return doc.marks


def _walk(doc: Pdf, number: int, stream, resources: DictionaryObject, state: State, active: frozenset
          ) -> Iterator[Mark]:
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
            state.ctm = multiply(matrix(operands), state.ctm)
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
            gstate = dictionary(dictionary(resources.get("/ExtGState")).get(operands[0]))
            # BooleanObject(False) is truthy: compare with True. /op defaults to /OP's value.
            if "/OP" in gstate:
                state.OP = resolve(gstate["/OP"]) == True  # noqa: E712
            if "/op" in gstate or "/OP" in gstate:
                state.op = resolve(gstate.get("/op", gstate.get("/OP"))) == True  # noqa: E712
            state.opm = int(gstate.get("/OPM", state.opm))
            if "/LW" in gstate:
                state.line_width = float(gstate["/LW"])
            if "/ML" in gstate:
                state.miter_limit = float(gstate["/ML"])
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Tm" and len(operands) == 6:
            tm = matrix(operands)
        elif op == b"Tf" and len(operands) == 2:
            font = dictionary(dictionary(resources.get("/Font")).get(operands[0]))
            state.font, state.size = str(font.get("/BaseFont", "")), float(operands[1])
        elif op in SHOW_TEXT and shows_glyphs(operands, SHOW_TEXT[op]):
            _, _, c, d, _, _ = multiply(tm, state.ctm)
            yield Mark("text", number, state.fill, state.op and state.opm == 1, abs(state.size) * math.hypot(c, d),
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
                yield Mark("fill", number, state.fill, state.op and state.opm == 1, box=box, clip=state.clip,
                           registration=state.fill_all)
            if kind in ("stroke", "both") and path:
                a, b, c, d, _, _ = state.ctm
                scale = math.sqrt(abs(a * d - b * c)) or 1.0
                yield Mark("stroke", number, state.stroke, state.OP and state.opm == 1, state.line_width * scale,
                            box=box, clip=state.clip, reach=_reach(state), registration=state.stroke_all)
            if clipping and path:  # W … n: the path clips what follows (after this painting operator)
                state.clip = intersection(state.clip, box)
            path, clipping = [], False
        elif op in (b"W", b"W*"):
            clipping = True
        elif op == b"Tr" and operands:
            mode = float(operands[0])
            state.render = int(mode) if mode.is_integer() else -1  # -1: not a mode this walk knows
        elif op == b"Do" and operands:
            form = resolve(dictionary(resources.get("/XObject")).get(operands[0]))
            if is_form(form) and id(form) not in active:
                inner = copy.copy(state)
                inner.ctm = multiply(matrix(form.get("/Matrix", IDENTITY)), state.ctm)
                if "/BBox" in form:  # a form is clipped to its bounding box
                    x0, y0, x1, y1 = rect(form["/BBox"])
                    inner.clip = intersection(state.clip, _box_of([(x0, y0), (x1, y1), (x0, y1), (x1, y0)], inner.ctm))
                yield from _walk(doc, number, form, dictionary(form.get("/Resources")) or resources, inner,
                                 active | {id(form)})


def _reach(state: State) -> float:
    """How far a stroke's ink may go past its path: half its width (of either sign), times the miter
    limit for a miter join's tip or √2 for a square cap's corner, stretched as far as the CTM stretches."""
    a, b, c, d, _, _ = state.ctm
    squares, area = a * a + b * b + c * c + d * d, a * d - b * c
    stretch = math.sqrt((squares + math.sqrt(max(squares * squares - 4 * area * area, 0.0))) / 2)
    return abs(state.line_width) * stretch * max(state.miter_limit, math.sqrt(2)) / 2


def intersection(a: tuple | None, b: tuple) -> tuple:
    """Two boxes' common part (an empty one where they do not meet); None is everywhere."""
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _set_colour(state: State, op: bytes, colour: tuple | None, registration: bool = False) -> None:
    """Fill (lower-case operator) or stroke colour: CMYK, or None for another colour space."""
    if op.islower():
        state.fill, state.fill_all = colour, registration
    else:
        state.stroke, state.stroke_all = colour, registration


def _is_registration(space, resources: DictionaryObject) -> bool:
    """Is ``space`` (a resource name) the Separation /All, the registration colour of the marks?"""
    space = resolve(dictionary(resources.get("/ColorSpace")).get(space)) if isinstance(resolve(space), str) else resolve(space)
    return isinstance(space, ArrayObject) and len(space) > 1 and str(resolve(space[0])) == "/Separation" \
        and str(resolve(space[1])) == "/All"


def _box_of(points, ctm) -> tuple:
    a, b, c, d, e, f = ctm
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)
