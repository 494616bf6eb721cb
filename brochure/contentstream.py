"""A PDF content stream as ``(operands, operator)`` pairs of plain Python values.

qpdf (through pikepdf) tokenises the stream; this module only turns its objects into
values the checks can compare without a PDF library: a name is a ``"/Name"`` string, a
string its raw ``bytes``, a number an ``int`` or a ``float``, an array a ``list``, a
dictionary a ``dict``; the operator is ``bytes`` (``b"Tj"``). An inline image is the pair
``({"settings": dict}, b"INLINE IMAGE")`` (abbreviated keys expanded by qpdf:
``/ColorSpace``, not ``/CS``).

Why not pypdf's ``ContentStream``: it parses byte by byte in Python, and was two thirds of
preflight's time over the 290 PDFs of a build (qpdf with this conversion: 4× faster).
"""

from __future__ import annotations

from decimal import Decimal

import pikepdf

Operation = tuple[list, bytes]

_NAME, _STRING, _ARRAY, _DICTIONARY = (pikepdf.ObjectType.name_, pikepdf.ObjectType.string,
                                       pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary)


def operations(obj: pikepdf.Object) -> list[Operation]:
    """Every operation of a page (all of its /Contents streams in order), a form XObject, a
    tiling pattern or an annotation appearance. A stream qpdf cannot tokenise raises
    ``pikepdf.PdfError``."""
    out: list[Operation] = []
    for instruction in pikepdf.parse_content_stream(obj):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            out.append(({"settings": plain(instruction.iimage.obj)}, b"INLINE IMAGE"))
        else:
            out.append(([plain(v) for v in instruction.operands], bytes(instruction.operator)))
    return out


def plain(value):
    """A content-stream operand as a plain Python value (see the module docstring)."""
    if isinstance(value, (bool, int, float)):  # pikepdf already returns these as Python values
        return value
    if isinstance(value, Decimal):
        return float(value)
    kind = value._type_code
    if kind == _NAME:
        return str(value)
    if kind == _STRING:
        return bytes(value)
    if kind == _ARRAY:
        return [plain(v) for v in value]
    if kind == _DICTIONARY:
        return {str(k): plain(v) for k, v in value.items()}
    if kind == pikepdf.ObjectType.null:
        return None
    return value
