"""Tagged PDF, document side: the structure tree, outline, links and XMP, written with pikepdf.

Takes the bytes ReportLab wrote (with marked content from ``tagging``) and the recorded
``Structure``, and adds what PDF/UA-1 asks of the document:
- /StructTreeRoot with the element tree (/K), the /ParentTree (page MCID → element,
  annotation → element) and /ParentTreeNextKey; /MarkInfo << /Marked true >>;
- /StructParents and /Tabs /S on every page;
- Link annotations (http(s)/mailto URI actions) with /Contents, reached by an OBJR;
- the outline (bookmarks) from H1/H2/H3, in the document's language;
- XMP metadata (``xmp.xmp_packet``) with pdfuaid:part 1; /DisplayDocTitle.
Pure: bytes in, bytes out; output is byte-identical for identical input.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .tagging import SLOT, Element, LinkAnnotation, Marked, Structure
from .xmp import iso_date, xmp_packet

HEADINGS = ("H1", "H2", "H3")
PDF_VERSION = "1.6"  # /Tabs needs 1.5; PDF/X-4 allows at most 1.6


def write_structure(pdf: bytes, structure: Structure, *, title: str, creator: str = "") -> bytes:
    doc = pikepdf.open(io.BytesIO(pdf))
    pages = list(doc.pages)
    parents: dict[int, dict[int, pikepdf.Object]] = {}  # page index → MCID → element
    annotation_parents: list[pikepdf.Object] = []
    tree_root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def page_of(number: int):
        return pages[number - 1].obj

    def build(element: Element, parent) -> pikepdf.Object:
        node = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        if element.lang:
            node.Lang = String(element.lang)
        if element.actual:
            node.ActualText = String(element.actual)
        if element.attributes:
            node.A = Dictionary({"/" + key: (Name("/" + value) if isinstance(value, str) else value)
                                 for key, value in element.attributes.items()})
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, Element) and kid.role == SLOT:
                kids.extend(build(inner, node) for inner in kid.kids)
            elif isinstance(kid, Element):
                kids.append(build(kid, node))
            elif isinstance(kid, Marked):
                kids.append(Dictionary(Type=Name.MCR, Pg=page_of(kid.page), MCID=kid.mcid))
                parents.setdefault(kid.page - 1, {})[kid.mcid] = node
            elif isinstance(kid, LinkAnnotation):
                annotation = _link_annotation(doc, kid, page_of(kid.page), len(annotation_parents) + len(pages))
                annotation_parents.append(node)
                kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page_of(kid.page)))
        node.K = kids
        return node

    tree_root.K = build(structure.root, tree_root)
    nums = Array()
    for index in range(len(pages)):
        marks = parents.get(index, {})
        nums.append(index)
        nums.append(doc.make_indirect(Array([marks[m] for m in sorted(marks)])))
        # every MCID on a page is recorded in order from 0, so the array index is the MCID
        pages[index].obj.StructParents = index
        pages[index].obj.Tabs = Name.S
    for offset, node in enumerate(annotation_parents):
        nums.append(len(pages) + offset)
        nums.append(node)
    tree_root.ParentTree = doc.make_indirect(Dictionary(Nums=nums))
    tree_root.ParentTreeNextKey = len(pages) + len(annotation_parents)
    root = doc.Root
    root.StructTreeRoot = tree_root
    root.MarkInfo = Dictionary(Marked=True)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _outline(doc, structure, pages)
    info = doc.trailer.get("/Info")
    producer = str(info.get("/Producer", "")) if info is not None else ""
    created = iso_date(str(info.get("/CreationDate", ""))) if info is not None else ""
    modified = iso_date(str(info.get("/ModDate", ""))) if info is not None else ""
    packet = xmp_packet(title, structure.lang, producer, creator_tool=creator, created=created,
                        modified=modified, pdfua_part=1)
    root.Metadata = doc.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)
    out = io.BytesIO()
    # static_id: same input, same bytes; the XMP is ours, qpdf must not rewrite it
    doc.save(out, static_id=True, fix_metadata_version=False, min_version=PDF_VERSION)
    return out.getvalue()


def _link_annotation(doc, link: LinkAnnotation, page, struct_parent: int) -> pikepdf.Object:
    annotation = doc.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([round(v, 2) for v in link.rect]),
        Border=Array([0, 0, 0]), Contents=String(link.contents), StructParent=struct_parent, P=page,
        A=Dictionary(S=Name.URI, URI=String(link.uri))))
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(annotation)
    return annotation


def _outline(doc, structure: Structure, pages) -> None:
    """Bookmarks from the headings, each opening its page at the heading: the title and the
    sections side by side (a leaflet has one title), subsections under their section."""
    with doc.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for element in structure.elements():
            if element.role not in HEADINGS or not element.marked():
                continue
            first = element.marked()[0]
            level = max(int(element.role[1]), 2)
            item = pikepdf.OutlineItem(element.text or "", first.page - 1, "XYZ", left=first.rect[0],
                                       top=first.rect[3], zoom=0)
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))
