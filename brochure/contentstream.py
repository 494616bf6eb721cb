"""A PDF content stream as ``(operands, operator)`` pairs of plain Python values.

qpdf (through pikepdf) tokenises the stream; this module only turns its objects into
values the checks can compare without a PDF library: a name is a ``"/Name"`` string, a
string its ``bytes`` (a line end inside it read as LF, as the PDF spec says), a number an
``int`` or a ``float``, null ``None``, an array a ``list``, a dictionary a ``dict``; the
operator is ``bytes`` (``b"Tj"``). An inline image is the pair ``({"settings": dict},
b"INLINE IMAGE")``.

Why not pypdf's ``ContentStream``: it parses byte by byte in Python, and was two thirds of
preflight's time over the 290 PDFs of a build (qpdf with this conversion: 4× faster). Where
the two differ it matters for a check: qpdf stops at a token it cannot read with only a
warning (what follows would go unchecked), so a warning is an error here; and it finds the
end of an inline image's data by looking for ``EI``, where pypdf counts the bytes an
unfiltered image needs (data holding " EI " would be read as operators), so a stream with
an inline image is read by pypdf (none of ours has one).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pikepdf

Operation = tuple[list, bytes]

_NAME, _STRING, _ARRAY, _DICTIONARY = (pikepdf.ObjectType.name_, pikepdf.ObjectType.string,
                                       pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary)


def operations(pdf: pikepdf.Pdf, obj: pikepdf.Object) -> list[Operation]:
    """Every operation of a page (all of its /Contents streams in order), a form XObject, a
    tiling pattern or an annotation appearance of ``pdf``. A stream that cannot be read
    raises ``ValueError`` (qpdf's warning) or ``pikepdf.PdfError``."""
    pdf.get_warnings()  # reading them clears them
    instructions = pikepdf.parse_content_stream(obj)
    if warnings := pdf.get_warnings():
        raise ValueError(f"content stream: {warnings[0]}")
    if any(isinstance(i, pikepdf.ContentStreamInlineImage) for i in instructions):
        return _read_by_pypdf(obj)
    return [([plain(v) for v in i.operands], bytes(i.operator)) for i in instructions]


def plain(value):
    """A content-stream operand from qpdf as a plain Python value (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, float)):  # pikepdf gives these as they are
        return value
    if isinstance(value, Decimal):
        return float(value)
    kind = value._type_code
    if kind == _NAME:
        try:
            return str(value)
        except UnicodeDecodeError:  # a name's bytes need not be UTF-8: decoded as pypdf does
            from pypdf.generic import NameObject

            return str(NameObject.read_from_stream(io.BytesIO(bytes(value.unparse())), None))
    if kind == _STRING:
        return bytes(value)
    if kind == _ARRAY:
        return [plain(v) for v in value]
    if kind == _DICTIONARY:
        return {k: plain(v) for k, v in value.items()}
    return value


def _read_by_pypdf(obj: pikepdf.Object) -> list[Operation]:
    from pypdf.generic import ContentStream, DecodedStreamObject

    parts = obj if obj._type_code == pikepdf.ObjectType.stream else obj.get("/Contents")  # a page: its streams
    parts = parts if isinstance(parts, pikepdf.Array) else [parts] if parts is not None else []
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(part.read_bytes() for part in parts))
    return [(_from_pypdf(operands), op) for operands, op in ContentStream(stream, None).operations]


def _from_pypdf(value):
    """pypdf's parsed objects as the same plain values (an inline image's operands: its
    ``settings`` dict)."""
    from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, FloatObject, NameObject,
                               NullObject, NumberObject, TextStringObject)

    if isinstance(value, NullObject):
        return None
    if isinstance(value, TextStringObject):
        return value.original_bytes
    if isinstance(value, ByteStringObject):
        return bytes(value)
    if isinstance(value, NameObject):
        return str(value)
    if isinstance(value, FloatObject):
        return float(value)
    if isinstance(value, NumberObject):
        return int(value)
    if isinstance(value, (ArrayObject, list)):
        return [_from_pypdf(v) for v in value]
    if isinstance(value, (DictionaryObject, dict)):
        if "settings" in value:  # an inline image
            return {"settings": _from_pypdf(value["settings"])}
        return {str(k): _from_pypdf(v) for k, v in value.items()}
    return value
