"""The machine-checkable failure conditions of the Matterhorn Protocol 1.1 (PDF/UA-1) that apply
to our brochures, checked on a parsed PDF (pypdf). No veraPDF can be installed here, so
``preflight`` runs these; docs/accessibility.md lists what is covered and what needs a human.

Pure: ``audit(reader, ops)`` returns the failures; ``ops(stream)`` is the caller's parsed
content-stream cache (preflight's: plain values, ``contentstream``), so each stream is parsed once.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Iterator

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

CONDITIONS = {
    "01-003": "Content marked as Artifact is present inside tagged content.",
    "01-004": "Tagged content is present inside content marked as Artifact.",
    "01-005": "Content is neither marked as Artifact nor tagged as real content.",
    "01-007": "Suspects entry has a value of true.",
    "02-001": "One or more non-standard tag's mapping does not terminate with a standard type.",
    "02-002": "A circular mapping exists.",
    "06-001": "Document does not contain an XMP metadata stream.",
    "06-002": "The XMP metadata stream in the Catalog dictionary does not include the PDF/UA identifier.",
    "06-003": "XMP metadata stream does not contain dc:title.",
    "07-001": "ViewerPreferences dictionary of the Catalog dictionary does not contain a DisplayDocTitle entry.",
    "07-002": "ViewerPreferences dictionary of the Catalog dictionary contains a DisplayDocTitle entry with a "
              "value of false.",
    "09-004": "A table-related structure element is used in a way that does not conform to ISO 32000-1, Table 337.",
    "09-005": "A list-related structure element is used in a way that does not conform to ISO 32000-1, Table 336.",
    "14-002": "Does use numbered headings, but the first heading tag is not <H1>.",
    "14-003": "Numbered heading levels in descending sequence are skipped.",
    "15-003": "In a table not organized with Headers attributes and IDs, a <TH> cell does not contain a Scope "
              "attribute.",
    "28-008": "A page containing an annotation does not contain a Tabs entry.",
    "28-009": "A page containing an annotation has a Tabs entry with a value other than S.",
    "28-011": "A link annotation is not nested within a <Link> tag.",
    "28-012": "A link annotation does not include an alternate description in its Contents entry.",
}
# ISO 14289-1 7.1: the file must be a tagged PDF at all. Not a Matterhorn failure condition of
# its own (every other one presumes it), so it has a name instead of a number.
UNTAGGED = "tagged"
# ISO 32000-1 14.7.4: the structure tree and the page content agree. Each MCID is one marked-content
# sequence on its page, held by one element, which the page's ParentTree entry names; an element
# references only MCIDs its page draws, is in the tree once, and its /P is the element holding it. Presumed by every Matterhorn condition, numbered by none:
# a piece held twice is read twice, one the ParentTree gives to another element is taken for
# part of that element (a reader finding the element of a selection or a point on the page).
STRUCTURE = "structure"

STANDARD = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
    "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
    "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby",
    "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}
# ISO 32000-1 Tables 336 and 337: who may hold whom
PARENTS = {"LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"}, "TR": {"Table", "THead", "TBody", "TFoot"},
           "TH": {"TR"}, "TD": {"TR"}, "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}
CHILDREN = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}, "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
            "TR": {"TH", "TD"}, "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}}
LIST_ROLES = {"L", "LI", "Lbl", "LBody"}

PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"Do",
         b"INLINE IMAGE"}
HEADING = re.compile(r"^H([1-6])$")


@dataclass(frozen=True)
class Failure:
    """A PDF/UA failure: the Matterhorn condition, what failed, and where."""

    condition: str  # "01-005", or UNTAGGED
    message: str
    page: int | None = None  # 1-based

    def __str__(self) -> str:
        return f"{self.condition} {self.message}"


def _get(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _true(obj) -> bool:
    return _get(obj) == True  # noqa: E712 (a pypdf BooleanObject compares equal, it is not True)


def _dict(obj) -> DictionaryObject:
    obj = _get(obj)
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def audit(reader, ops: Callable) -> list[Failure]:
    """Every failure found, at most a few per condition (the first ones, in page order)."""
    root = _dict(reader.trailer["/Root"])
    tree = _dict(root.get("/StructTreeRoot"))
    mark_info = _dict(root.get("/MarkInfo"))
    failures: list[Failure] = []
    if not tree or not _true(mark_info.get("/Marked")):
        what = "no /StructTreeRoot" if not tree else "/MarkInfo /Marked is not true"
        return [Failure(UNTAGGED, f"not a tagged PDF ({what})")]
    if _true(mark_info.get("/Suspects")):
        failures.append(Failure("01-007", "/MarkInfo /Suspects is true"))
    pages = list(reader.pages)
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(pages, 1) if page.indirect_reference}
    walk = _Tree(tree, numbers, root.get("/StructTreeRoot"))
    failures += walk.failures
    parent_tree = _number_tree(_dict(tree.get("/ParentTree")))
    failures += _metadata(root)
    prefs = _dict(root.get("/ViewerPreferences"))
    if "/DisplayDocTitle" not in prefs:
        failures.append(Failure("07-001", "no /ViewerPreferences /DisplayDocTitle"))
    elif not _true(prefs["/DisplayDocTitle"]):
        failures.append(Failure("07-002", "/DisplayDocTitle is false"))
    for number, page in enumerate(pages, 1):
        failures += _content(page, number, ops, parent_tree, walk)
        failures += _annotations(page, number, parent_tree, walk)
    return _first_few(failures)


def _first_few(failures: list[Failure], per_condition: int = 3) -> list[Failure]:
    seen: dict[str, int] = {}
    out = []
    for failure in failures:
        seen[failure.condition] = seen.get(failure.condition, 0) + 1
        if seen[failure.condition] <= per_condition:
            out.append(failure)
    return out


class _Tree:
    """The structure tree walked once: roles, parents, headings, MCIDs and OBJRs it references."""

    def __init__(self, tree: DictionaryObject, numbers: dict[int, int], tree_ref=None):
        self.failures: list[Failure] = []
        self.role_map = {str(k)[1:]: str(_get(v))[1:] for k, v in _dict(tree.get("/RoleMap")).items()}
        self.numbers = numbers
        self.marked: set[tuple[int, int]] = set()  # (page, MCID) referenced by an element
        self.holders: dict[tuple[int, int], list] = {}  # (page, MCID) → object numbers of the elements holding it
        self.objects: dict[int, str] = {}  # annotation object number → role of its element
        self.headings: list[int] = []
        self._mapped: dict[str, str | None] = {}
        seen: set[int] = set()
        stack = [(kid, None, None, tree_ref) for kid in _kids(tree.get("/K"))]
        while stack:
            node, parent, page, holder = stack.pop()  # holder: the reference to the parent, or None
            if isinstance(node, IndirectObject):
                if node.idnum in seen:  # also where the tree loops: walked once
                    self.failures.append(Failure(STRUCTURE, "a structure element is in the tree twice (read twice)"))
                    continue
                seen.add(node.idnum)
            element = _get(node)
            if not isinstance(element, DictionaryObject) or "/S" not in element:
                continue
            name = str(element["/S"])[1:]
            role = self.role(name) or name  # unmapped: reported once, its content still counts as tagged
            page = self._page(element.get("/Pg"), page)
            self._check_element(element, role, parent)
            if isinstance(holder, IndirectObject) and not _same(element.get("/P"), holder):
                self.failures.append(Failure(STRUCTURE, f"the /P of a <{role}> is not the element that holds it"))
            kids = _kids(element.get("/K"))
            for kid in reversed(kids):
                value = _get(kid)
                if isinstance(value, int):
                    self._hold(node, page, int(value))
                elif isinstance(value, DictionaryObject) and value.get("/Type") == "/MCR":
                    self._hold(node, self._page(value.get("/Pg"), page), int(value["/MCID"]))
                elif isinstance(value, DictionaryObject) and value.get("/Type") == "/OBJR":
                    target = value.get("/Obj")
                    if isinstance(target, IndirectObject):
                        self.objects[target.idnum] = role
                else:
                    stack.append((kid, role, page, node))

    def _hold(self, node, page: int | None, mcid: int) -> None:
        if page is not None:
            self.marked.add((page, mcid))
            self.holders.setdefault((page, mcid), []).append(node.idnum if isinstance(node, IndirectObject) else None)

    def drawn_on(self, page: int) -> set[int]:
        """The MCIDs the structure references on ``page``."""
        return {mcid for where, mcid in self.marked if where == page}

    def _page(self, ref, default):
        return self.numbers.get(ref.idnum, default) if isinstance(ref, IndirectObject) else default

    def role(self, name: str) -> str | None:
        """The standard type ``name`` maps to; None (and a failure) when it does not."""
        if name in self._mapped:
            return self._mapped[name]
        chain, current = [name], name
        while current not in STANDARD:
            target = self.role_map.get(current)
            if target is None:
                self.failures.append(Failure("02-001", f"/{name} is not a standard type and maps to none"))
                self._mapped[name] = None
                return None
            if target in chain:
                self.failures.append(Failure("02-002", f"/{name} maps in a circle: {' → '.join(chain + [target])}"))
                self._mapped[name] = None
                return None
            chain.append(target)
            current = target
        self._mapped[name] = current
        return current

    def _check_element(self, element: DictionaryObject, role: str, parent: str | None) -> None:
        if role in PARENTS and parent not in PARENTS[role]:
            kind = "09-005" if role in LIST_ROLES else "09-004"
            self.failures.append(Failure(kind, f"<{role}> inside <{parent or 'StructTreeRoot'}>"))
        if parent in CHILDREN and role not in CHILDREN[parent]:
            kind = "09-005" if parent in LIST_ROLES else "09-004"
            self.failures.append(Failure(kind, f"<{role}> inside <{parent}>"))
        match = HEADING.match(role)
        if match:
            level = int(match.group(1))
            if not self.headings and level != 1:
                self.failures.append(Failure("14-002", f"the first heading is <{role}>"))
            elif self.headings and level > self.headings[-1] + 1:
                self.failures.append(Failure("14-003", f"<{role}> follows <H{self.headings[-1]}>"))
            self.headings.append(level)
        if role == "TH" and not _has_attribute(element, "/Scope") and "/Headers" not in str(element.get("/A", "")):
            self.failures.append(Failure("15-003", "a <TH> without a Scope attribute"))


def _same(ref, other: IndirectObject) -> bool:
    return isinstance(ref, IndirectObject) and ref.idnum == other.idnum


def _kids(value) -> list:
    """An array's items, or the one kid as it is written (a reference stays a reference)."""
    resolved = _get(value)
    if resolved is None:
        return []
    return list(resolved) if isinstance(resolved, ArrayObject) else [value]


def _has_attribute(element: DictionaryObject, key: str) -> bool:
    attributes = _get(element.get("/A"))
    items = list(attributes) if isinstance(attributes, ArrayObject) else [attributes]
    return any(key in _dict(item) for item in items)


def _number_tree(node: DictionaryObject, depth: int = 0) -> dict[int, object]:
    out: dict[int, object] = {}
    nums = _get(node.get("/Nums"))
    if isinstance(nums, ArrayObject):
        for key, value in zip(nums[::2], nums[1::2]):
            out[int(_get(key))] = _get(value)
    for kid in _kids(node.get("/Kids")) if depth < 16 else []:
        out.update(_number_tree(_dict(kid), depth + 1))
    return out


def _metadata(root: DictionaryObject) -> list[Failure]:
    stream = _get(root.get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return [Failure("06-001", "no /Metadata stream in the catalog")]
    try:
        xml = ET.fromstring(stream.get_data().decode("utf-8").lstrip("\ufeff"))
    except (ET.ParseError, UnicodeDecodeError) as exc:
        return [Failure("06-001", f"the XMP metadata does not parse: {exc}")]
    ua = "{http://www.aiim.org/pdfua/ns/id/}part"
    parts = [e.text for e in xml.iter(ua)] + [d.get(ua) for d in xml.iter() if d.get(ua)]
    out = []
    if "1" not in [str(p).strip() for p in parts]:
        out.append(Failure("06-002", "no pdfuaid:part 1 in the XMP metadata"))
    if next(xml.iter("{http://purl.org/dc/elements/1.1/}title"), None) is None:
        out.append(Failure("06-003", "no dc:title in the XMP metadata"))
    return out


def _content(page, number: int, ops: Callable, parent_tree: dict, tree: _Tree) -> Iterator[Failure]:
    """Marked content on one page: every painting operator inside an artifact or an MCID the
    structure references; artifacts and MCIDs not nested in one another."""
    resources = _dict(page.get("/Resources"))
    properties = _dict(resources.get("/Properties"))
    key = page.get("/StructParents")
    owners = _get(parent_tree.get(int(_get(key)))) if key is not None else None
    owners = owners if isinstance(owners, ArrayObject) else ArrayObject()
    stack: list[str] = []  # "A" artifact, "M" MCID, "O" other marked content
    drawn: set[int] = set()
    reported_untagged = False
    for operands, op in ops(page):
        if op in (b"BDC", b"BMC"):
            tag = str(operands[0]) if operands else ""
            # BDC's properties: inline (a dict) or the name of a /Properties resource
            props = operands[1] if op == b"BDC" and len(operands) > 1 else {}
            if isinstance(props, str):
                props = _dict(properties.get(props))
            elif not isinstance(props, dict):
                props = {}
            if tag == "/Artifact":
                if "M" in stack:
                    yield Failure("01-003", "an artifact inside tagged content", number)
                stack.append("A")
            elif "/MCID" in props:
                mcid = int(_get(props["/MCID"]))  # an int inline, maybe indirect in a resource
                if "A" in stack:
                    yield Failure("01-004", f"MCID {mcid} inside an artifact", number)
                elif (number, mcid) not in tree.marked or mcid >= len(owners) or _get(owners[mcid]) is None:
                    yield Failure("01-005", f"MCID {mcid} belongs to no structure element", number)
                else:
                    yield from _held_once(mcid, mcid in drawn, tree.holders[(number, mcid)], owners[mcid], number)
                drawn.add(mcid)
                stack.append("M")
            else:
                stack.append("O")
        elif op == b"EMC":
            if stack:
                stack.pop()
        elif op in PAINT and "A" not in stack and "M" not in stack and not reported_untagged:
            reported_untagged = True  # once per page: one stray operator usually means a whole drawing
            name = op.decode()
            yield Failure("01-005", f"a {name} operator outside any artifact or tagged content", number)
    for mcid in sorted(tree.drawn_on(number) - drawn):
        yield Failure(STRUCTURE, f"an element holds MCID {mcid}, which the page does not draw", number)


def _held_once(mcid: int, again: bool, holders: list, owner, number: int) -> Iterator[Failure]:
    """One marked-content sequence, held by one element, the one the page's ParentTree entry names."""
    if again:
        yield Failure(STRUCTURE, f"MCID {mcid} marks two sequences on the page", number)
    elif len(holders) > 1:
        yield Failure(STRUCTURE, f"MCID {mcid} is held by {len(holders)} elements (read {len(holders)} times)", number)
    elif not (isinstance(owner, IndirectObject) and owner.idnum == holders[0]):
        yield Failure(STRUCTURE, f"the ParentTree gives MCID {mcid} to another element than the one holding it", number)


def _annotations(page, number: int, parent_tree: dict, tree: _Tree) -> Iterator[Failure]:
    annotations = [a for a in _kids(page.get("/Annots"))]
    if not annotations:
        return
    tabs = page.get("/Tabs")
    if tabs is None:
        yield Failure("28-008", "a page with annotations has no /Tabs", number)
    elif str(_get(tabs)) != "/S":
        yield Failure("28-009", f"/Tabs is {_get(tabs)}, not /S", number)
    for ref in annotations:
        annotation = _dict(ref)
        if annotation.get("/Subtype") != "/Link":
            continue
        key = annotation.get("/StructParent")
        owner = _get(parent_tree.get(int(_get(key)))) if key is not None else None
        role = tree.role(str(_dict(owner).get("/S", "/"))[1:]) if owner is not None else None
        objr = isinstance(ref, IndirectObject) and tree.objects.get(ref.idnum) == "Link"
        if role != "Link" or not objr:
            yield Failure("28-011", "a Link annotation that no <Link> element holds", number)
        if not str(_get(annotation.get("/Contents")) or "").strip():
            yield Failure("28-012", "a Link annotation without /Contents", number)
