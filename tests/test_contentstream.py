"""brochure.contentstream: qpdf's tokens as plain values, checked against pypdf's parser (what
preflight used before) and by a round trip of generated operands."""

import io
import math

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from brochure.contentstream import _from_pypdf, operations


# the corners a hand-written or a foreign stream has: every string form, names with #xx, numbers
# without a leading or a trailing digit, nested arrays and dictionaries, comments, an inline image
AWKWARD = (b"% a comment\nq 1 0 0 1 .5 -3. cm /Span <</ActualText (a\\)b\\051\\n\\\\ (nested) x)"
           b" /MCID 4 /Alt <FEFF 00 41 0>>> BDC\nBT /F#31 +12 Tf [<00010002> -20.5 (x\\(y) 7 <>] TJ"
           b" [[1 2] <</K [/A /B] /N null>>] /Tag BDC ET EMC EMC 0.5 g /P#20Q BMC EMC [(a) null] TJ /F#e9 1 Tf Q")


def _numbers_as_float(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [_numbers_as_float(v) for v in value]
    if isinstance(value, dict):
        return {k: _numbers_as_float(v) for k, v in value.items()}
    return value


def _page_with(content: bytes) -> tuple[pikepdf.Pdf, bytes]:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return pdf, out.getvalue()


def _both(data: bytes):
    """Our operations and pypdf's, of every page of a PDF, side by side."""
    pdf = pikepdf.open(io.BytesIO(data))
    ours = [op for page in pdf.pages for op in operations(pdf, page.obj)]
    reader = PdfReader(io.BytesIO(data))
    theirs = [op for page in reader.pages for op in ContentStream(page.get_contents(), reader).operations]
    return ours, theirs


@pytest.mark.parametrize("locale", ["ur", "zh_Hans"])
def test_every_operation_of_a_built_leaflet_is_what_pypdf_reads(built_real, locale):
    # Urdu and Chinese: hex glyph strings in long TJ arrays, /ActualText spans, artifacts, rules, colours
    ours, theirs = _both(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet").read_bytes())
    assert len(ours) == len(theirs) > 1000
    for (operands, op), (their_operands, their_op) in zip(ours, theirs):
        assert op == their_op
        assert _numbers_as_float(operands) == _numbers_as_float([_from_pypdf(v) for v in their_operands]), op


def test_awkward_syntax_reads_as_pypdf_reads_it():
    _, data = _page_with(AWKWARD)
    ours, theirs = _both(data)
    assert [op for _, op in ours] == [op for _, op in theirs]
    for (operands, op), (their_operands, _) in zip(ours, theirs):
        assert _numbers_as_float(operands) == _numbers_as_float([_from_pypdf(v) for v in their_operands]), op
    bdc = next(operands for operands, op in ours if op == b"BDC")
    assert bdc[1]["/ActualText"] == b"a)b)\n\\ (nested) x"
    assert bdc[1]["/MCID"] == 4 and bdc[1]["/Alt"] == b"\xfe\xff\x00\x41\x00"  # odd hex: a 0 is added
    tf = [operands for operands, op in ours if op == b"Tf"]
    assert tf == [["/F1", 12], ["/F\u00e9", 1]]  # a name that is not UTF-8 read as Latin-1, as pypdf reads it
    assert next(operands for operands, op in ours if op == b"BMC") == ["/P Q"]
    assert [operands for operands, op in ours if op == b"TJ"][1] == [[b"a", None]]


def test_a_stream_with_an_inline_image_is_read_by_counting_the_image_bytes():
    # the image's 6 bytes hold " EI Q": found by looking for EI (qpdf), they would end the image early
    # and the rest would read as operators; counted (pypdf), the 6 pt text is inside the 0.5 scale
    content = (b"q 2 0 0 2 0 0 cm q .5 0 0 .5 0 0 cm BI /W 6 /H 1 /CS /G /BPC 8 ID \x00 EI Q\nEI Q "
               b"BT /F1 6 Tf (x) Tj ET Q")
    pdf, _ = _page_with(content)
    ops = operations(pdf, pdf.pages[0].obj)
    assert [op for _, op in ops] == [b"q", b"cm", b"q", b"cm", b"INLINE IMAGE", b"Q", b"BT", b"Tf", b"Tj", b"ET", b"Q"]
    image = next(operands for operands, op in ops if op == b"INLINE IMAGE")
    assert image["settings"]["/CS"] == "/G" and image["settings"]["/W"] == 6


@pytest.mark.parametrize("content", [b"BT /F1 12 Tf (unterminated", b"q 1 0 0 rg [(a) (b) TJ Q ]] )"])
def test_a_stream_qpdf_cannot_read_to_its_end_is_an_error_not_a_shorter_stream(content):
    pdf, _ = _page_with(content)
    with pytest.raises((ValueError, pikepdf.PdfError)):
        operations(pdf, pdf.pages[0].obj)


# operands of generated content: numbers, names, strings, arrays and dictionaries of them
NAMES = st.text(st.sampled_from("ABCFabz019_.-"), min_size=1, max_size=8).map(lambda s: "/" + s)
LEAVES = (st.integers(-10**6, 10**6) | st.floats(-1e5, 1e5, allow_nan=False).map(lambda v: round(v, 4))
          | NAMES | st.binary(max_size=12) | st.booleans())
OPERANDS = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=3),
                        max_leaves=12)


def _write(value) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        return f"{value:.4f}".encode()
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, bytes):
        return b"<" + value.hex().encode() + b">"
    if isinstance(value, list):
        return b"[" + b" ".join(_write(v) for v in value) + b"]"
    return b"<<" + b" ".join(_write(k) + b" " + _write(v) for k, v in value.items()) + b">>"


def _same(ours, wanted) -> bool:
    if isinstance(wanted, float):
        return isinstance(ours, (int, float)) and not isinstance(ours, bool) and math.isclose(ours, wanted, abs_tol=1e-9)
    if isinstance(wanted, list):
        return isinstance(ours, list) and len(ours) == len(wanted) and all(map(_same, ours, wanted))
    if isinstance(wanted, dict):
        return isinstance(ours, dict) and ours.keys() == wanted.keys() and all(_same(ours[k], wanted[k]) for k in wanted)
    return type(ours) is type(wanted) and ours == wanted


@settings(max_examples=150, deadline=None)
@given(st.lists(OPERANDS, max_size=5))
def test_generated_operands_come_back_as_written(operands):
    content = b" ".join(_write(v) for v in operands) + b" Xop"
    pdf, _ = _page_with(content)
    [(read, op)] = operations(pdf, pdf.pages[0].obj)
    assert op == b"Xop"
    assert _same(read, operands)
