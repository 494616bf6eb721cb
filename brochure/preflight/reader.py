"""Reading a PDF for the checks: pypdf's objects, the content streams tokenised by qpdf
(``contentstream``) once per stream, and the small geometry and formatting the checks share."""

from __future__ import annotations

import io
import itertools
import struct
from dataclasses import dataclass
from typing import Iterator

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from ..contentstream import operations
from ..layouts import MM


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def dictionary(obj) -> DictionaryObject:
    obj = resolve(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def is_form(xobject) -> bool:
    """Drawn as a form: a stream XObject of /Subtype /Form, or of none at all, which Ghostscript
    draws as a form too (so the checks that follow forms read it, and the ink bound counts it)."""
    return isinstance(xobject, StreamObject) and xobject.get("/Subtype", "/Form") == "/Form"


@dataclass
class Scope:
    """One content stream with the resources it draws from."""
    page: int
    resources: DictionaryObject
    stream: object  # a PageObject (its /Contents) or a form / pattern / appearance stream
    what: str


class Pdf:
    """The parsed file with the content-stream cache that the checks share: objects read with
    pypdf, content streams tokenised by qpdf (``contentstream``)."""

    def __init__(self, reader: PdfReader, data: bytes, source: bytes | None = None):
        self.reader, self.data = reader, data
        self.source = source  # an imposed file's booklet (b"": missing), None for any other file
        self.marks: list | None = None  # what puts ink on the pages (colour checks), walked once
        self.shows: list | None = None  # each page's text shows (text-size, body-size), walked once
        self.pages = list(reader.pages)
        self._ops: dict[int, list] = {}
        self._advances: dict[int, Advances] = {}
        self._qpdf = None

    def advances(self, font) -> "Advances | None":
        font = dictionary(font)
        if not font:
            return None
        if id(font) not in self._advances:
            self._advances[id(font)] = Advances(font)
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

    def scopes(self) -> Iterator[Scope]:
        """Page contents, then every form XObject, tiling pattern and annotation appearance
        reachable from them (each once, at the first page that uses it)."""
        seen: set[int] = set()
        for number, page in enumerate(self.pages, 1):
            stack = [Scope(number, dictionary(page.get("/Resources")), page, "page content")]
            for annot in resolve(page.get("/Annots")) or []:
                for appearance in dictionary(dictionary(annot).get("/AP")).values():
                    appearance = resolve(appearance)
                    states = [appearance] if isinstance(appearance, StreamObject) else dictionary(appearance).values()
                    stack += [Scope(number, dictionary(resolve(s).get("/Resources")), resolve(s), "annotation appearance")
                              for s in states if isinstance(resolve(s), StreamObject)]
            while stack:
                scope = stack.pop()
                if id(scope.stream) in seen:
                    continue
                seen.add(id(scope.stream))
                yield scope
                for kind, label in (("/XObject", "form"), ("/Pattern", "pattern")):
                    for name, ref in dictionary(scope.resources.get(kind)).items():
                        child = resolve(ref)
                        if isinstance(child, StreamObject) and child.get("/Subtype") != "/Image":
                            # a form or tiling pattern without its own resources uses its parent's
                            resources = dictionary(child.get("/Resources")) or scope.resources
                            stack.append(Scope(number, resources, child, f"{label} {name}"))


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Advances:
    """A font's glyph advances by character code: /W of a Type0 font's CIDFont (two-byte
    Identity-H codes), or /FirstChar + /Widths of a simple font (one-byte codes)."""

    def __init__(self, font: DictionaryObject):
        self.width, self.default, self.wide = {}, 1000.0, font.get("/Subtype") == "/Type0"
        if self.wide:
            cid_font = dictionary(resolve(font.get("/DescendantFonts") or ArrayObject([DictionaryObject()]))[0])
            self.default = float(resolve(cid_font.get("/DW", 1000)))
            w = [resolve(v) for v in resolve(cid_font.get("/W")) or []]
            i = 0
            while i + 1 < len(w):
                if isinstance(w[i + 1], ArrayObject):
                    self.width.update((int(w[i]) + k, float(resolve(v))) for k, v in enumerate(w[i + 1]))
                    i += 2
                elif i + 2 < len(w):
                    self.width.update((cid, float(w[i + 2])) for cid in range(int(w[i]), int(w[i + 1]) + 1))
                    i += 3
                else:
                    break
        else:
            first = int(resolve(font.get("/FirstChar", 0)))
            self.width = {first + k: float(resolve(v)) for k, v in enumerate(resolve(font.get("/Widths")) or [])}
            self.default = 500.0

    def ems(self, data: bytes) -> float:
        # two-byte codes, big-endian (a trailing odd byte is no code); one-byte codes as they are
        codes = struct.unpack(f">{len(data) // 2}H", data[:len(data) // 2 * 2]) if self.wide else data
        return sum(map(self.width.get, codes, itertools.repeat(self.default, len(codes)))) / 1000.0


def matrix(values) -> tuple[float, ...]:
    return tuple(float(resolve(v)) for v in values)


def multiply(m, n) -> tuple[float, ...]:
    """m × n for PDF's row-vector matrices [a b c d e f]: apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def rect(value) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in resolve(value))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def mm(points: float) -> str:
    return f"{points / MM:.1f}".removesuffix(".0")


Result = tuple[bool, str, int | None]  # a check's answer: passed, message, page
