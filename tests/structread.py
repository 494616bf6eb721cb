"""Reading a tagged PDF back: the structure tree (pikepdf) with the text of each element's
marked content (pdfium reads each text object's MCID and text)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf


@dataclass
class Node:
    role: str
    lang: str | None
    attributes: dict
    kids: list = field(default_factory=list)  # Node | ("mcr", page, mcid) | ("objr", annotation fields)
    text: str = ""  # the element's own marked content and its descendants', in reading order

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def find(self, role: str) -> list["Node"]:
        return [node for node in self.walk() if node.role == role]


def marked_text(path: Path) -> dict[tuple[int, int], str]:
    """(0-based page, MCID) → the text drawn in that marked content; MCID -1 collects
    everything outside any MCID (artifacts and untagged content)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: dict[tuple[int, int], list[str]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            for obj in page.get_objects(max_depth=4):
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = (ctypes.c_ushort * size)()
                raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
                text = bytes(buffer).decode("utf-16-le").rstrip("\x00")
                out.setdefault((index, mcid), []).append(text)
    finally:
        pdf.close()
    return {key: " ".join(parts) for key, parts in out.items()}


def content_text(path: Path) -> dict[tuple[int, int], str]:
    """(0-based page, MCID) → the text of that marked content as Tagged PDF defines it, without
    any extractor's reordering: the show strings' codes through the font's ToUnicode, in
    content-stream order, a nested /ActualText span's text in place of what it holds (ISO
    32000-1 14.9.4). The fonts are the engine's (Type 0, two-byte codes, bfchar entries)."""
    import re

    out: dict[tuple[int, int], list[str]] = {}
    with pikepdf.open(path) as pdf:
        maps: dict = {}
        for index, page in enumerate(pdf.pages):
            stack: list[tuple[int | None, bool]] = []  # (MCID, replaced by /ActualText)
            font = None
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                    mcid = int(props["/MCID"]) if "/MCID" in props else None
                    owner = next((m for m, _ in reversed(stack) if m is not None), mcid)
                    if "/ActualText" in props and owner is not None and not any(a for _, a in stack):
                        out.setdefault((index, owner), []).append(str(props.ActualText))
                    stack.append((mcid, "/ActualText" in props))
                elif op == "EMC":
                    stack.pop()
                elif op == "Tf":
                    font = page.Resources.Font[operands[0]]
                    if font.objgen not in maps:
                        cmap = font.ToUnicode.read_bytes().decode("ascii")
                        maps[font.objgen] = {bytes.fromhex(src): bytes.fromhex(dst).decode("utf-16-be")
                                             for src, dst in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap)}
                elif op in ("Tj", "TJ") and not any(a for _, a in stack):
                    owner = next((m for m, _ in reversed(stack) if m is not None), None)
                    if owner is None:
                        continue  # an artifact
                    shown = operands[0] if op == "TJ" else [operands[0]]
                    codes = b"".join(bytes(s) for s in shown if isinstance(s, pikepdf.String))
                    table = maps[font.objgen]
                    out.setdefault((index, owner), []).append(
                        "".join(table[codes[i:i + 2]] for i in range(0, len(codes), 2)))
    return {key: "".join(parts) for key, parts in out.items()}


def structure(path: Path, texts: dict[tuple[int, int], str] | None = None) -> Node:
    """The /Document element with every element's text filled in: from ``texts``, (page, MCID)
    → text, by default pdfium's (``marked_text``)."""
    texts = marked_text(path) if texts is None else texts
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot

        def read(element, page=None) -> Node:
            page = element.get("/Pg", page)
            attributes = {}
            owners = element.get("/A", [])
            for owner in owners if isinstance(owners, pikepdf.Array) else [owners]:  # one dict or several
                if isinstance(owner, pikepdf.Dictionary):
                    attributes.update({str(k)[1:]: str(v).lstrip("/") for k, v in owner.items()})
            node = Node(str(element.S)[1:], str(element.Lang) if "/Lang" in element else None, attributes)
            kids = element.get("/K", [])
            if not isinstance(kids, pikepdf.Array):
                kids = [kids]
            parts = []
            for kid in kids:
                if isinstance(kid, int):
                    key = (pages[page.objgen], int(kid))
                    node.kids.append(("mcr", *key))
                    parts.append(texts.get(key, ""))
                elif kid.get("/Type") == "/MCR":
                    key = (pages[kid.Pg.objgen], int(kid.MCID))
                    node.kids.append(("mcr", *key))
                    parts.append(texts.get(key, ""))
                elif kid.get("/Type") == "/OBJR":
                    annotation = kid.Obj
                    action = annotation.get("/A", {})
                    node.kids.append(("objr", {"Subtype": str(annotation.get("/Subtype")),
                                               "Contents": str(annotation.get("/Contents", "")),
                                               "S": str(action.get("/S", "")), "URI": str(action.get("/URI", ""))}))
                else:
                    child = read(kid, page)
                    node.kids.append(child)
                    parts.append(child.text)
            # an element's /ActualText replaces what its content reads (ISO 32000-1, 14.9.4), as
            # assistive technology reads it
            node.text = str(element.ActualText) if "/ActualText" in element else " ".join(part for part in parts if part)
            return node

        top = root.K
        if isinstance(top, pikepdf.Array):  # several top-level elements (Typst): under a plain root
            top = pikepdf.Dictionary(S=pikepdf.Name("/StructTreeRoot"), K=top)
        return read(top)


def outline(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as tree:
        titles: list[str] = []
        stack = list(reversed(tree.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack += list(reversed(item.children))
        return titles


def language_spans(path: Path) -> list[tuple[int, int | None, str, str]]:
    """Every marked-content sequence whose property list carries /Lang (ISO 32000-1 14.9.2.2), as
    (0-based page, the MCID of the tagged content it lies in or None, its language, its text: the
    codes' ToUnicode text in content order, a nested /ActualText span's text in place of what it
    holds)."""
    import re

    spans: list[list] = []
    with pikepdf.open(path) as pdf:
        maps: dict = {}
        for index, page in enumerate(pdf.pages):
            stack: list[tuple[int | None, bool, list | None]] = []  # (MCID, /ActualText, the span it opens)
            font = None
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                open_spans = [entry[2] for entry in stack if entry[2] is not None]
                replaced = any(entry[1] for entry in stack)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) else {}
                    mcid = int(props["/MCID"]) if "/MCID" in props else None
                    span = None
                    if "/Lang" in props:
                        owner = next((entry[0] for entry in reversed(stack) if entry[0] is not None), None)
                        span = [index, owner, str(props.Lang), ""]
                        spans.append(span)
                    if "/ActualText" in props and not replaced:
                        for outer in open_spans:
                            outer[3] += str(props.ActualText)
                    stack.append((mcid, "/ActualText" in props, span))
                elif op == "EMC":
                    stack.pop()
                elif op == "Tf":
                    font = page.Resources.Font[operands[0]]
                    if font.objgen not in maps:  # the engine's fonts (a canvas's own Helvetica draws nothing)
                        cmap = font.ToUnicode.read_bytes().decode("ascii") if "/ToUnicode" in font else ""
                        maps[font.objgen] = {bytes.fromhex(src): bytes.fromhex(dst).decode("utf-16-be")
                                             for src, dst in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]*)>", cmap)}
                elif op in ("Tj", "TJ") and open_spans and not replaced:
                    shown = operands[0] if op == "TJ" else [operands[0]]
                    codes = b"".join(bytes(s) for s in shown if isinstance(s, pikepdf.String))
                    table = maps[font.objgen]
                    text = "".join(table[codes[i:i + 2]] for i in range(0, len(codes), 2))
                    for outer in open_spans:
                        outer[3] += text
    return [tuple(span) for span in spans]
