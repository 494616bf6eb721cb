"""Text sizes as printed: the smallest text and the body size, from each content stream's text shows."""

from __future__ import annotations

import io
import math
from typing import Iterator

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..layouts import CLASSES, MM, Layout
from .reader import IDENTITY, Advances, Pdf, Result, dictionary, is_form, matrix, multiply, pt, rect, resolve


SHOW_TEXT = {b"Tj": 0, b"TJ": 0, b"'": 0, b'"': 2}  # operator → index of its string operand


def check_text_size(doc: Pdf, layout: Layout) -> Result:
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
        return False, f"smallest text {pt(size)} pt is below the {pt(minimum)} pt minimum", number
    return True, f"smallest text {pt(size)} pt on page {number} (minimum {pt(minimum)} pt)", None


def check_body_size(doc: Pdf, layout: Layout) -> Result:
    """The body size actually printed (``body_size``) is at least the body minimum of the
    layout's class (layouts.CLASSES: office 12, booklet 11, large print 16 pt), whatever
    copyfit did."""
    measured = _body_size(doc, layout)
    if measured is None:
        return True, "no text", None
    size, share = measured
    minimum = CLASSES[layout.class_].body
    shown = f"body text {pt(size)} pt ({share:.0%} of the printed text)"
    if size < minimum - 0.01:
        return False, f"{shown} is below the {pt(minimum)} pt minimum for {layout.class_} layouts", None
    return True, f"{shown}, minimum {pt(minimum)} pt for {layout.class_} layouts", None


def body_size(pdf: bytes, layout: Layout) -> tuple[float, float] | None:
    """The body size of a PDF and its share of the text: the size that sets the most text,
    measured as the length of the glyph advances (so that full-width Chinese counts as
    fairly as Latin, and the many short lines of the references do not outweigh it).
    The running footer, in the bottom margin, is not reading text and is not counted."""
    return _body_size(Pdf(PdfReader(io.BytesIO(pdf)), pdf), layout)


def _body_size(doc: Pdf, layout: Layout) -> tuple[float, float] | None:
    length: dict[float, float] = {}
    for page, shows in zip(doc.pages, _shows(doc)):
        box = page.get("/TrimBox") or page.get("/MediaBox")
        text_bottom = rect(box)[1] + layout.margins.bottom * MM - 1  # 1 pt for descenders' rounding
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


def _shows(doc: Pdf) -> list[list[tuple[float, float, float]]]:
    """``_text_shows`` of every page, walked once per file."""
    if doc.shows is None:
        doc.shows = [list(_text_shows(doc, page, dictionary(page.get("/Resources")), IDENTITY, frozenset()))
                     for page in doc.pages]
    return doc.shows


def _text_shows(doc: Pdf, stream, resources: DictionaryObject, ctm,
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
            ctm = multiply(matrix(operands), ctm)
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Tm" and len(operands) == 6:
            tm = matrix(operands)  # Td, TD, T* and friends only translate: the scale is kept
        elif op == b"Tf" and len(operands) == 2:
            size = float(operands[1])
            font = doc.advances(dictionary(resources.get("/Font")).get(operands[0]))
        elif op == b"Tr" and operands:
            mode = int(operands[0])
        elif op in SHOW_TEXT and mode != 3 and shows_glyphs(operands, SHOW_TEXT[op]):  # 3 = invisible
            _, _, c, d, _, y = multiply(tm, ctm)
            yield abs(size) * math.hypot(c, d), _ems(operands[SHOW_TEXT[op]], font), y
        elif op == b"Do" and operands:
            form = resolve(dictionary(resources.get("/XObject")).get(operands[0]))
            if is_form(form) and id(form) not in active:
                placed = multiply(matrix(form.get("/Matrix", IDENTITY)), ctm)
                yield from _text_shows(doc, form, dictionary(form.get("/Resources")) or resources, placed,
                                       active | {id(form)})


def _ems(value, font: "Advances | None") -> float:
    """The advance of a show operator's strings, in ems."""
    if isinstance(value, list):
        return sum(_ems(v, font) for v in value if isinstance(v, bytes))
    return font.ems(value) if font is not None else len(value) * 0.5


def shows_glyphs(operands, index: int) -> bool:
    if len(operands) <= index:
        return False
    value = operands[index]
    if isinstance(value, list):  # TJ: strings and kerning numbers
        return any(isinstance(v, bytes) and v for v in value)
    return isinstance(value, bytes) and len(value) > 0


