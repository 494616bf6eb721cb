"""Tagged PDF, drawing side: structure elements and the marked content that ties them to the page.

ReportLab has no tagging API, so the drawing code writes the marked-content operators
itself and records what it wrote; ``structure.py`` turns the record into the PDF's
structure tree after rendering.

- ``Structure`` is the per-document recorder: a tree of ``Element``s in logical
  (reading) order, built while the story is made, and the marked-content ids (MCIDs)
  handed out per page while it is drawn.
- ``Tagged(inner, element)`` wraps ANY platypus flowable: it delegates wrap/split/draw
  and brackets the inner drawing with ``/Role <</MCID n>> BDC … EMC``. The parts of a
  split flowable keep the element, so a paragraph broken across columns or pages is
  one element with several MCIDs, in the order they are drawn (= reading order).
  Marked content the inner flowable writes itself (``/Span <</ActualText …>> BDC``)
  nests inside, which PDF allows as long as it carries no MCID of its own.
- ``artifact(canvas, kind)`` brackets page furniture (footers, bands, rules, marks) as
  ``/Artifact`` so that it is neither read aloud nor copied into the text.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab.platypus.flowables import Flowable


@dataclass(frozen=True)
class Marked:
    """One marked-content sequence on a page: its MCID and the box it was drawn in."""

    page: int  # 1-based
    mcid: int
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in default user space


@dataclass(frozen=True)
class LinkAnnotation:
    """A Link annotation to write on ``page`` over ``rect``, reached through an OBJR."""

    page: int
    rect: tuple[float, float, float, float]
    uri: str
    contents: str  # the description a screen reader announces (/Contents)


SLOT = ""  # the role of a Structure.slot: a place in the reading order, not an element


@dataclass(eq=False)
class Element:
    """A structure element; ``kids`` are Elements, Marked sequences and LinkAnnotations in reading order."""

    role: str
    parent: "Element | None" = None
    lang: str | None = None  # only where it differs from the document's /Lang
    attributes: dict = field(default_factory=dict)  # e.g. {"O": "Table", "Scope": "Row"}
    uri: str | None = None  # Link elements: the target, annotated where the element is drawn
    text: str | None = None  # headings: the plain text, for the outline
    # /ActualText: its text in logical order, where its marked content carries right-to-left spans
    # written in visual order for text extractors (Nastaliq words: text.layout._segments)
    actual: str | None = None
    kids: list = field(default_factory=list)

    def elements(self):
        """This element and every element below it, depth first (document order)."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.elements()

    def marked(self) -> list[Marked]:
        return [kid for kid in self.kids if isinstance(kid, Marked)]


class Structure:
    """The recorder of one rendering: the element tree and the MCIDs used on each page."""

    def __init__(self, lang: str, links: bool = True):
        self.lang = lang  # the document's language (catalog /Lang); elements note only differences
        # PDF/X-4 allows no annotation inside the trim box: a print file's addresses stay text
        self.links = links
        self.root = Element("Document")
        self._next: dict[int, int] = {}
        self._slots: dict[str, Element] = {}

    def add(self, role: str, parent: Element | None = None, lang: str | None = None, uri: str | None = None,
            text: str | None = None, **attributes) -> Element:
        parent = parent or self.root
        if role == "Link" and not self.links:
            return parent
        element = Element(role, parent, lang if lang and lang != self.lang else None, attributes, uri, text)
        parent.kids.append(element)
        return element

    def slot(self, name: str) -> Element:
        """A place in the reading order, kept where it is first asked for, for elements made later:
        a cover is drawn after the story is made (its lines would read after the colophon), and a
        booklet's back cover reads before the colophon set at its foot. Written as its elements,
        without one of its own."""
        if name not in self._slots:
            self._slots[name] = Element(SLOT, self.root)
            self.root.kids.append(self._slots[name])
        return self._slots[name]

    def mark(self, element: Element, page: int, rect) -> int:
        """A new MCID on ``page`` for content of ``element``, recorded in reading order."""
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        element.kids.append(Marked(page, mcid, rect))
        if element.uri:
            element.kids.append(LinkAnnotation(page, rect, element.uri, described(element.uri)))
        return mcid

    def elements(self):
        return self.root.elements()


def described(uri: str) -> str:
    """A Link annotation's /Contents: its target as a reader would say it, in no language (a
    screen reader announces "link" in its user's; "Link: …" read English words in an Arabic
    brochure): the address of a mailto: link, the URL of a web link."""
    return uri.removeprefix("mailto:")


def _device_rect(canvas, x: float, y: float, width: float, height: float):
    """(x, y, w, h) in the canvas's current coordinates → the page's default user space."""
    a, b, c, d, e, f = canvas._currentMatrix  # tracked by ReportLab through q/Q and cm
    xs, ys = [], []
    for px, py in ((x, y), (x + width, y), (x, y + height), (x + width, y + height)):
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
    return min(xs), min(ys), max(xs), max(ys)


class Tagged(Flowable):
    """Any flowable, drawn as the content of a structure element (see module doc)."""

    def __init__(self, inner, element: Element, structure: Structure):
        # Flowable.__init__ is not called: its defaults (hAlign, spaceBefore…) would hide the inner one's
        self.inner, self.element, self.structure = inner, element, structure

    def __getattr__(self, name):  # keepWithNext, hAlign, style, _postponed, …: the inner flowable's
        if name in ("inner", "element", "structure"):
            raise AttributeError(name)
        return getattr(self.inner, name)

    def wrap(self, availWidth, availHeight):
        return self.inner.wrap(availWidth, availHeight)

    def wrapOn(self, canv, aW, aH):
        return self.inner.wrapOn(canv, aW, aH)

    def split(self, availWidth, availHeight):
        return [Tagged(part, self.element, self.structure) for part in self.inner.split(availWidth, availHeight)]

    def splitOn(self, canv, aW, aH):
        return [Tagged(part, self.element, self.structure) for part in self.inner.splitOn(canv, aW, aH)]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self):
        return self.inner.getKeepWithNext()

    def minWidth(self):
        return self.inner.minWidth()

    def identity(self, maxLen=None):
        return f"Tagged({self.element.role}, {self.inner.identity(maxLen)})"

    def drawOn(self, canvas, x, y, _sW=0):
        width, height = getattr(self.inner, "width", 0), getattr(self.inner, "height", 0)
        rect = _device_rect(canvas, x, y, width, height)
        mcid = self.structure.mark(self.element, canvas.getPageNumber(), rect)
        canvas.addLiteral(f"/{self.element.role} <</MCID {mcid}>> BDC")
        self.inner.drawOn(canvas, x, y, _sW)
        canvas.addLiteral("EMC")
        if self.element.actual is None and getattr(self.inner, "visual_order", False):
            self.element.actual = self.inner.plain_text()


# Artifact kinds (ISO 32000-1, 14.8.2.2.2): /Pagination for running headers, footers and
# page numbers, /Layout for typographic furniture (bands, rules), /Page for production marks.
PAGINATION, LAYOUT, PAGE = "Pagination", "Layout", "Page"


def begin_artifact(canvas, kind: str, subtype: str | None = None) -> None:
    """What is drawn until ``end_artifact`` is an artifact of ``kind`` (``subtype``: Header, Footer)."""
    props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
    canvas.addLiteral(f"/Artifact <<{props}>> BDC")


def end_artifact(canvas) -> None:
    canvas.addLiteral("EMC")


@contextmanager
def artifact(canvas, kind: str, subtype: str | None = None):
    """Everything drawn inside is an artifact of ``kind``."""
    begin_artifact(canvas, kind, subtype)
    try:
        yield
    finally:
        end_artifact(canvas)


def table_artifacts(table, event, *args) -> None:
    """A platypus Table ``renderCB``: its backgrounds and rules are layout artifacts (the
    cells are tagged by the flowables they hold)."""
    if event in ("startBG", "startLines"):
        table.canv.addLiteral(f"/Artifact <</Type /{LAYOUT}>> BDC")
    elif event in ("endBG", "endLines"):
        table.canv.addLiteral("EMC")


def link_target(text: str) -> str | None:
    """The first DOI, web address or e-mail address in ``text`` as an http(s) or mailto URI
    (the only schemes a brochure may link to), or None. Found as the ``urls`` check finds
    them in the text as printed, so that a translated contact line cannot link to an address
    the check did not compare with the source's ("https://a.example«»@b.example" went to
    b.example; "Punkthttps://b.example" was no address to the check)."""
    from .charpolicy import undrawn
    from .checks.numbers import found_links

    found = found_links(undrawn(text))
    for kind, address in sorted(found, key=lambda item: ("doi", "url", "email").index(item[0])):
        if kind == "doi":
            return "https://doi.org/" + re.sub(r"(?i)^doi:\s*", "", address)
        if kind == "email":
            return f"mailto:{address}"
        if address.lower().startswith(("http://", "https://")):
            return address
    return None
