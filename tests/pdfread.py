"""Reading produced PDFs back: text, fonts, boxes, metadata (pypdf), page images (pypdfium2)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from brochure.charpolicy import BIDI_MARKS
from brochure.text.flowable import BRIDGE

MARKS = "".join(sorted(BIDI_MARKS))


def fold(value: str) -> str:
    """Whitespace (including no-break spaces) folded to single spaces."""
    return " ".join(value.split())


def mark_codes(page) -> dict[str, frozenset[bytes]]:
    """Font resource name → the codes of the engine's invisible marks, which copy out as a bidi
    mark only (layout._close_left_to_right) or as flowable.BRIDGE (flowable.line_bridge), from
    each font's ToUnicode."""
    import re

    marks = {c.encode("utf-16-be").hex().upper() for c in (*MARKS, BRIDGE)}
    out = {}
    for name, ref in ((page.get("/Resources") or {}).get("/Font") or {}).items():
        cmap = ref.get_object().get("/ToUnicode")
        pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap.get_object().get_data().decode("latin-1")) if cmap else []
        out[str(name)] = frozenset(bytes.fromhex(code) for code, text in pairs if text in marks)
    return out


def text(path: Path) -> str:
    """All page text with whitespace folded, so that wrapped lines compare as one."""
    reader = PdfReader(path)
    return fold(" ".join(page.extract_text() or "" for page in reader.pages))


def fonts(path: Path) -> dict[str, bool]:
    """BaseFont → embedded?, for every font used on any page."""
    out: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor_owner = font
            if font.get("/Subtype") == "/Type0":
                descriptor_owner = font["/DescendantFonts"][0].get_object()
            descriptor = descriptor_owner.get("/FontDescriptor")
            embedded = bool(descriptor) and any(k in descriptor.get_object()
                                                for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[str(font["/BaseFont"])] = embedded
    return out


def render_page(path: Path, index: int = 0, dpi: int = 50):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def text_left_and_right(path: Path, index: int, split: float) -> tuple[str, str]:
    """The text of one page left and right of ``split`` (points from the left), by where each
    character lands as pdfium lays the page out: through every cm and Form XObject /Matrix."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index].get_textpage()
        halves: tuple[list[str], list[str]] = ([], [])
        for i in range(page.count_chars()):
            char = page.get_text_range(i, 1)
            left, _, right, _ = page.get_charbox(i)
            halves[(left + right) / 2 >= split].append(char)
        return fold("".join(halves[0])), fold("".join(halves[1]))
    finally:
        pdf.close()


def seen_lines(path: Path, index: int = 0) -> list[str]:
    """Each line of a page as a reader sees it, left to right: poppler's words (``pdftotext
    -bbox``) on one baseline sorted by their left edge, a space where a gap parts two of them;
    the engine's invisible marks left out. A word of right-to-left letters is "|": only the order
    of the digits, signs and Latin words is read (two columns' lines at one height are one line)."""
    import re
    import subprocess
    import unicodedata
    from html import unescape

    found = subprocess.run(["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for x0, y0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                                       found):
        word = unescape(word).translate(dict.fromkeys(map(ord, MARKS)))
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word):
            word = "|"
        if word:
            rows.setdefault(round(float(y0), 1), []).append((float(x0), float(x1), word))
    lines = []
    for _, words in sorted(rows.items()):
        line, right = "", None
        for x0, x1, word in sorted(words):
            line += (" " if right is not None and x0 - right > 1.0 else "") + word
            right = x1
        lines.append(line)
    return lines


def text_sizes(path: Path) -> dict[float, int]:
    """Shown text size in pt (Tf size × the text matrix's and CTM's vertical scale, to 0.01)
    → number of characters shown at that size, over all pages."""
    import math
    from collections import Counter

    sizes: Counter = Counter()
    for page in PdfReader(path).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                sizes[round(size * scale, 2)] += len(text.strip())
        page.extract_text(visitor_text=visit)
    return dict(sizes)


def body_size(path: Path) -> float:
    """The size most of the text is shown at: the body type."""
    sizes = text_sizes(path)
    return max(sizes, key=sizes.get)


def section_ends(path: Path, first_reference: str) -> tuple[int, int]:
    """The 0-based indexes of the article's last page and of the references' first page: the
    same page where text larger than the references and smaller than the headings (the body)
    is shown on it before ``first_reference`` (the appendix follows on the article's last
    page), else the page before (it starts a page of its own)."""
    import math

    pages = PdfReader(path).pages
    references = next(i for i, page in enumerate(pages) if first_reference in page.extract_text())
    shown: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            shown.append((size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), text))

    pages[references].extract_text(visitor_text=visit)
    seen, first = "", len(shown)
    for k, (_, text) in enumerate(shown):
        seen += text
        if first_reference in seen:
            first = k
            break
    reference_size, heading_size = shown[first][0], max(size for size, _ in shown)
    body = any(reference_size + 0.05 < size < heading_size - 0.05 for size, _ in shown[:first])
    return (references if body else references - 1), references


def baselines(path: Path, split: float | None = None) -> list[list[tuple[float, float, str]]]:
    """Per page, its text lines as (baseline y, left x, text), top to bottom: the text
    operations grouped by where their text matrix puts them (through the CTM). With
    ``split`` (points from the left), two columns: text either side of it makes
    separate lines even on one baseline."""
    out = []
    for page in PdfReader(path).pages:
        lines: dict[tuple[float, bool], list[tuple[float, str]]] = {}

        def visit(value, cm, tm, font, size):
            if value.strip("\n" + MARKS) not in ("", BRIDGE):  # not an invisible mark between two lines (flowable.line_bridge)
                a, b, c, d, e, f = cm
                x, y = a * tm[4] + c * tm[5] + e, b * tm[4] + d * tm[5] + f
                lines.setdefault((round(y, 1), split is not None and x >= split), []).append((x, value))

        page.extract_text(visitor_text=visit)
        out.append(sorted(((y, min(x for x, _ in parts), "".join(t for _, t in parts))
                           for (y, _), parts in lines.items()), key=lambda line: (-line[0], line[1])))
    return out


def page_fill(path: Path, layout) -> list[tuple[float, bool]]:
    """Per page: how much of the text area (inside the layout's margins) is used, and whether
    anything on it is tagged (a page with no marked content, /MCID, is a blank or notes page).
    Used = for each text column, from the top of the text area down to the lowest glyph in it
    (pdfium's character boxes, the footer below the bottom margin left out), as a share of the
    text area's height, averaged over the columns: an empty second column counts as empty."""
    import pypdfium2 as pdfium

    from brochure.layouts import MM

    tagged = [b"/MCID" in page.get_contents().get_data() for page in PdfReader(path).pages]
    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            x0, y0, x1, y1 = page.get_trimbox()
            top, bottom = y1 - layout.margins.top * MM, y0 + layout.margins.bottom * MM
            columns = layout.page.columns
            lowest = [top] * columns
            chars = page.get_textpage()
            for k in range(chars.count_chars()):
                if not chars.get_text_range(k, 1).strip():
                    continue
                left, low, right, _ = chars.get_charbox(k)
                if low < bottom - 2:  # the footer
                    continue
                column = min(int(((left + right) / 2 - x0) / (x1 - x0) * columns), columns - 1)
                lowest[column] = min(lowest[column], low)
            out.append((sum(top - y for y in lowest) / (top - bottom) / columns, tagged[index]))
    finally:
        pdf.close()
    return out


def strokes(pdf, index: int = 0) -> list[tuple[object, tuple[float, float, float, float]]]:
    """(stroke colour, box in page space) of every stroked path on one page, read from its own
    content stream (q/Q and cm followed, forms not entered). The colour is a CMYK tuple for
    K, or (colourant name, tint) for a Separation colour space named in the page's resources."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        page = doc.pages[index]
        spaces = page.obj.Resources.get("/ColorSpace", {})
        state, stack, path, found = {"ctm": (1, 0, 0, 1, 0, 0), "space": None, "colour": None}, [], [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "q":
                stack.append(dict(state))
            elif op == "Q":
                state = stack.pop()
            elif op == "cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                A, B, C, D, E, F = state["ctm"]
                state["ctm"] = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                                e * A + f * C + E, e * B + f * D + F)
            elif op == "K":
                state["colour"] = tuple(float(v) for v in operands)
            elif op == "CS":
                space = spaces.get(str(operands[0]), operands[0])
                state["space"] = str(space[1]) if isinstance(space, pikepdf.Array) and \
                    str(space[0]) == "/Separation" else str(space)
            elif op in ("SCN", "SC"):
                state["colour"] = (state["space"], float(operands[0]))
            elif op in ("m", "l", "re"):
                a, b, c, d, e, f = state["ctm"]
                x, y, *size = (float(v) for v in operands)
                corners = [(x, y)] + ([(x + size[0], y + size[1])] if size else [])
                path += [(a * u + c * v + e, b * u + d * v + f) for u, v in corners]
            elif op in ("S", "s") and path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                found.append((state["colour"], (min(xs), min(ys), max(xs), max(ys))))
                path = []
            elif op in ("n", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"):
                path = []
        return found
