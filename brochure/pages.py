"""Page furniture drawn on the canvas: title band, covers, notes pages, crop marks, footers.

Everything here is drawn relative to the trim box (``Geometry.offset``); backgrounds
that reach the trim edge are drawn out to the bleed box so that no white line shows
after cutting, and crop marks sit in the slug outside the bleed.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, toColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from . import markup
from .edition import Edition
from .keep import KeepHeading
from .layouts import MM, Geometry, Layout
from .localetext import integer, locale_tag
from .tagging import LAYOUT, PAGE, PAGINATION, Structure, Tagged, artifact, begin_artifact, end_artifact, link_target
from .text.flowable import gap_bridge

# The registration colour of the crop marks: a Separation named /All prints on every plate (ISO 32000
# 8.6.6.4; PDF/X-4 allows it), 100/100/100/100 its CMYK alternate for viewers and proofs
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
SAFE = 5 * MM  # text keeps this far from the trim on print layouts
BODY, FIRST, COVER, BACK, NOTES = "body", "first", "cover", "back", "notes"
MAX_GAP_GROWTH = 2.0  # vertical justification: a column's gaps together grow to at most 3 times their size


def cmyk_or_registration(colour):
    """The canvas's colour rule, ReportLab's ``enforceColorSpace="cmyk"`` written with its public
    names: CMYK only, a grey as black ink, any other separation as its CMYK alternate; but the
    registration colour stays a separation (ReportLab's rule would make it plain CMYK)."""
    tc = toColor(colour)
    if isinstance(tc, CMYKColorSep):
        if tc.spotName == REGISTRATION.spotName:
            return tc
        return CMYKColor(tc.cyan, tc.magenta, tc.yellow, tc.black, tc.spotName, tc.density, tc.knockout, tc.alpha)
    if isinstance(tc, CMYKColor):
        return tc
    if isinstance(tc, Color) and tc.red == tc.green == tc.blue:
        return CMYKColor(0, 0, 0, 1 - tc.red, alpha=tc.alpha)
    raise ValueError(f"not a CMYK colour: {colour!r}")


def binding_left(layout: Layout, recto: bool, rtl: bool) -> bool:
    """Is the binding edge on the left of this page? LTR books bind recto pages on the
    left; RTL books are bound on the right. Single sheets use `inner` as the left margin."""
    return layout.page.page_multiple == 1 or recto != rtl


class FillFrame(Flowable):
    """Takes whatever is left of the frame, so that the next flowable starts a new page."""

    def wrap(self, availWidth, availHeight):
        return availWidth, max(availHeight - 1e-3, 0)

    def draw(self):
        pass


class BodyFrame(Frame):
    """A text column whose flowables are drawn only when it is complete, so that the space
    left at its foot can be shared among the gaps between them: vertical justification,
    so that columns and facing pages that the text runs on from end on one baseline.

    ``_Doc`` calls ``finish(True)`` when the text runs on into the next frame and
    ``finish(False)`` at a page or section end (the text stops short there, as it should).
    Each gap grows by the same amount (the gap under a heading or a list's lead-in, ``tight_after``, not at all),
    all of them together to at most ``1 + max_growth`` times their size; a column that would
    need more keeps its space at the foot."""

    def __init__(self, *args, max_growth: float = 0.0, neighbours: tuple = (None, None), **kwargs):
        super().__init__(*args, **kwargs)
        self.max_growth = max_growth
        self.neighbours = neighbours  # where the columns beside it end and start (``gap_bridge``)
        self._pending: list = []
        self.top, self.full_foot = self._y1 + self._height, self._y1

    def _reset(self):
        super()._reset()
        # what the column held as set (``natural``), where it ended as drawn (``end``), and how far
        # down its gaps could have carried it (``reach``): bottoms of the last flowable, or None
        self.natural = self.end = self.reach = None

    def set_foot(self, foot: float | None) -> None:
        """Raise the column's foot to ``foot`` for the page about to begin (None: the layout's
        own): a balanced last page, or facing pages run short together (``brochure.depth``)."""
        foot = self.full_foot if foot is None else foot
        self.__dict__["_y1"], self.__dict__["_height"] = foot, self.top - foot
        self._geom()

    def _add(self, flowable, canv, trySplit=0):
        drawn: list = []
        top, at_top = self._y, self._atTop
        flowable.drawOn = lambda canvas, x, y, _sW=0: drawn.append((canvas, x, y, _sW))
        try:
            done = Frame._add(self, flowable, canv, trySplit)
        finally:
            del flowable.drawOn
        if drawn:
            shown = top - drawn[0][2] > 0.01
            above = 0.0 if at_top else flowable.getSpaceBefore()
            self._pending += _kept_parts((flowable, shown, above, *drawn[0]))
        return done

    add = _add

    def __deepcopy__(self, memo):
        # ReportLab measures KeepTogether in a deep copy of the frame: that copy draws nothing
        pending, self._pending = self._pending, []
        try:
            clone = BodyFrame.__new__(BodyFrame)
            clone.__dict__.update(copy.deepcopy(dict(self.__dict__), memo))
            return clone
        finally:
            self._pending = pending

    def finish(self, runs_on: bool) -> None:
        """Draw what the column holds; ``runs_on``: spread its foot space over its gaps."""
        pending, self._pending = self._pending, []
        shifts = [0.0] * len(pending)
        shown = [k for k, entry in enumerate(pending) if entry[1]]
        if runs_on and len(shown) > 1:
            weights = []
            for previous, k in zip(shown, shown[1:]):
                upper = pending[previous][0]
                tight = getattr(upper, "tight_after", False)
                weights.append(0.0 if tight else upper.getSpaceAfter() + pending[k][2])
            slack = pending[shown[-1]][5] - self._y1p  # the last flowable's foot above the frame's
            total = sum(weights)
            self.reach = pending[shown[-1]][5] - total * self.max_growth
            if total > 0 and 0 < slack <= total * self.max_growth:
                # every gap grows by the same amount (as a paragraph-spacing limit does in page
                # layout programs), not in proportion to its size: the space above a heading,
                # the largest, grew most, to 3-4 blank lines in the booklet (58 pt, el page 3)
                grown, moved = sum(weight > 0 for weight in weights), 0.0
                for (previous, k), weight in zip(zip(shown, shown[1:]), weights):
                    moved += slack / grown if weight > 0 else 0.0
                    for j in range(previous + 1, k + 1):
                        shifts[j] = moved
                for j in range(shown[-1] + 1, len(pending)):
                    shifts[j] = moved
        if shown:
            self.natural = pending[shown[-1]][5]
            self.end = self.natural - shifts[shown[-1]]
            self.reach = self.natural if self.reach is None else self.reach
        previous = None  # the text block drawn last in this column, where: (block, x, y)
        for (flowable, shown, _, canvas, x, y, width), shift in zip(pending, shifts):
            if getattr(canvas, "draft", False):
                continue
            if shown:
                previous = _bridged(canvas, previous, flowable, x, y - shift, width, self.neighbours)
            flowable.drawOn(canvas, x, y - shift, _sW=width)


def _bridged(canvas, previous: tuple | None, flowable, x: float, y: float, spare: float,
             neighbours: tuple) -> tuple | None:
    """Draw the marks that hold ``flowable`` and the text block above it in one block for
    poppler (``flowable.gap_bridge``, ``neighbours`` as there), as a layout artifact outside both blocks' marked
    content: they are no text of the document. Returns where ``flowable`` is drawn if it is a
    text block (a paragraph, a heading), else None: a list or a spacer between two paragraphs
    is not bridged."""
    if getattr(flowable, "edge_line", None) is None:
        return None
    here = (flowable, flowable._hAlignAdjust(x, spare), y)
    marks = gap_bridge(canvas, previous, here, neighbours) if previous is not None else ""
    if marks:
        with artifact(canvas, LAYOUT):
            canvas.saveState()
            # the text's own fill: a mark puts no ink down, but text shown in no colour (DeviceGray
            # by default) is text outside the CMYK the print files promise (preflight, text colour)
            canvas.setFillColor(CMYKColor(*flowable.style.color))
            canvas.addLiteral(marks)
            canvas.restoreState()
    return here


def _kept_parts(entry: tuple) -> list[tuple]:
    """A column entry (flowable, shown, space above, canvas, x, y, spare width), a heading kept
    with its text (``KeepHeading``) as the entries of its parts where the block placed them: the
    gaps between the paragraphs it keeps are gaps of the column, which vertical justification
    may grow (the gap under the heading stays tight, as its own ``tight_after`` says)."""
    flowable, shown, above, canvas, x, y, spare = entry
    if not isinstance(flowable, KeepHeading) or len(flowable.sizes) != len(flowable.parts):
        return [entry]
    out, top = [], y + flowable.height
    for k, (part, (width, height)) in enumerate(zip(flowable.parts, flowable.sizes)):
        gap = flowable.gap_above(k)
        top -= gap + height
        out += _kept_parts((part, shown and height > 0.01, above if k == 0 else part.getSpaceBefore(),
                            canvas, x, top, flowable.width - width))
    return out


@dataclass(frozen=True)
class PageFlow:
    """What the body columns of one page held, in flow order: read by ``brochure.depth``."""

    number: int
    top: float  # the columns' top
    foot: float  # the columns' foot as set for this page (raised on a balanced page)
    full_foot: float  # the layout's own foot
    natural: tuple  # per column: its last flowable's bottom as set (None: the column is empty)
    end: tuple  # ... as drawn, after vertical justification
    reach: tuple  # ... as low as its gaps could carry it
    section_end: bool  # a page break or the document's end follows, not a full column

    @classmethod
    def of(cls, number: int, frames: list, section_end: bool) -> "PageFlow":
        first = frames[0]
        return cls(number, first.top, first._y1, first.full_foot, tuple(f.natural for f in frames),
                   tuple(f.end for f in frames), tuple(f.reach for f in frames), section_end)

    @property
    def last_end(self) -> float | None:
        """Where the page's text ends as drawn: its lowest column foot."""
        ends = [y for y in self.end if y is not None]
        return min(ends) if ends else None

    @property
    def deepest(self) -> float:
        """How low every column's text could end, its gaps grown to the full."""
        return max((y for y in self.reach if y is not None), default=self.full_foot)


def vertical_justification(layout: Layout) -> bool:
    """Columns run on to the frame's foot only where two text areas are seen side by side:
    two columns, or the facing pages of a booklet. A one-column single-sided page (large
    print) ends ragged, where its text ends: there the stretched gaps would only break up the
    even spacing a reader with low vision relies on, and no neighbour shows the foot."""
    return layout.page.columns > 1 or layout.page.page_multiple > 1


class Pages:
    """Page templates for one edition in one layout, and the footer drawn on each page."""

    def __init__(self, edition: Edition, layout: Layout, styles, geo: Geometry, cmyk, structure: Structure,
                 colophon_on_back: bool = False):
        self.edition, self.layout, self.styles, self.geo, self.cmyk = edition, layout, styles, geo, cmyk
        self.structure = structure
        self.source_lang = locale_tag(edition.document.language)  # organisation name, contact lines
        self.colophon_on_back = colophon_on_back  # then the back cover's foot holds the colophon
        self.pdf_logo: tuple[int, tuple] | None = None  # (page index, box) where a PDF logo goes
        margins = layout.margins
        self.text_w = geo.trim_w - (margins.inner + margins.outer) * MM
        # The title block: on the first page's band (leaflets) or on the front cover (booklets).
        title_lang = edition.lang_of(edition.title)
        self.title_parts = [
            Tagged(styles.label(edition.drawn_label("cover.kicker"), styles.kicker,
                                edition.label_translated("cover.kicker")),
                   structure.add("P", lang=edition.label_lang("cover.kicker")), structure),
            Tagged(styles.block(edition.title, styles.title), structure.add("H1", lang=title_lang, text=markup.plain(edition.title.value)), structure),
            Tagged(styles.label(edition.organisation_text.value, styles.organisation,
                                translated=edition.organisation_text.translated),
                   structure.add("P", lang=None if edition.organisation_text.translated else self.source_lang),
                   structure),
        ]
        self.title_gaps = [3 * MM, 4 * MM, 0]
        if edition.tagline is not None:
            self.title_parts.append(Tagged(styles.block(edition.tagline, styles.organisation),
                                           structure.add("P", lang=edition.lang_of(edition.tagline)), structure))
            self.title_gaps[-1:] = [1 * MM, 0]
        self.title_heights = [part.wrap(self.text_w, geo.trim_h)[1] for part in self.title_parts]
        if layout.page.cover:  # the rest of the cover (its address) reads with the title block
            structure.slot(COVER)
        self.band_h = margins.top * MM + sum(self.title_heights) + sum(self.title_gaps) + 9 * MM
        self.footer_styles = (replace(styles.small, align="left"), replace(styles.small, align="right"))

    # ------------------------------------------------------------------ templates
    def templates(self) -> list[PageTemplate]:
        page = self.layout.page
        first_kind = COVER if page.cover else FIRST
        first_frames = self._frames(first_kind == FIRST, True) if first_kind == FIRST else self._full_frame()
        return [
            PageTemplate(first_kind, first_frames, onPage=self._on_page(first_kind), autoNextPageTemplate="verso"),
            # verso/recto follow the page number (render._Doc), not a template chain
            PageTemplate("verso", self._frames(False, False), onPage=self._on_page(BODY)),
            PageTemplate("recto", self._frames(False, True), onPage=self._on_page(BODY)),
            PageTemplate(NOTES, self._full_frame(), onPage=self._on_page(NOTES)),
            PageTemplate(BACK, self._full_frame(), onPage=self._on_page(BACK)),
        ]

    def _frames(self, first: bool, recto: bool) -> list[Frame]:
        layout, geo, margins, page = self.layout, self.geo, self.layout.margins, self.layout.page
        left = (margins.inner if binding_left(layout, recto, self.styles.rtl) else margins.outer) * MM
        top = geo.trim_h - (self.band_h + 8 * MM if first else margins.top * MM)
        bottom = margins.bottom * MM
        gap = page.column_gap * MM
        width = (self.text_w - gap * (page.columns - 1)) / page.columns
        xs = [geo.offset + left + i * (width + gap) for i in range(page.columns)]
        columns = [BodyFrame(x, geo.offset + bottom, width, top - bottom,
                             leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}",
                             max_growth=MAX_GAP_GROWTH if vertical_justification(layout) else 0.0,
                             neighbours=(x - gap if i > 0 else None, x + width + gap if i < page.columns - 1 else None))
                   for i, x in enumerate(xs)]
        # Text flows into the frames in list order: right column first for RTL readers.
        return columns[::-1] if self.styles.rtl else columns

    def _full_frame(self) -> list[Frame]:
        m, geo = self.layout.margins, self.geo
        return [Frame(geo.offset + m.inner * MM, geo.offset + m.bottom * MM, self.text_w,
                      geo.trim_h - (m.top + m.bottom) * MM, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id="full")]

    def _on_page(self, kind: str):
        draw = {FIRST: self._title_band, COVER: self._cover, BACK: self._back, NOTES: self._notes}.get(kind)

        def on_page(canvas: Canvas, doc) -> None:
            canvas._brochure_page_kind = kind  # read by FooterCanvas when it draws the footer
            # Black overprints (no white gap around text when the plates are out of register):
            # overprint with mode 1 for the whole page; reversed (white) text turns it off.
            canvas.setFillOverprint(True)
            canvas.setStrokeOverprint(True)
            canvas.setOverprintMask(1)
            canvas.saveState()
            if draw:
                draw(canvas)
            if self.layout.page.crop_marks:
                with artifact(canvas, PAGE):
                    self._crop_marks(canvas)
            canvas.restoreState()

        return on_page

    # ------------------------------------------------------------------ drawings
    def _left_margin(self, canvas: Canvas) -> float:
        """The left margin of the page being drawn: the binding side changes with parity
        in booklets, and right-to-left booklets are bound on the right."""
        m = self.layout.margins
        recto = canvas.getPageNumber() % 2 == 1
        return (m.inner if binding_left(self.layout, recto, self.styles.rtl) else m.outer) * MM

    def _draw_title(self, canvas: Canvas, top: float) -> float:
        left = self.geo.offset + self._left_margin(canvas)
        y = top
        canvas.saveState()
        canvas.setFillOverprint(False)  # reversed text knocks out the band; overprinted it would vanish
        for part, height, gap in zip(self.title_parts, self.title_heights, self.title_gaps):
            part.drawOn(canvas, left, y - height)
            y -= height + gap
        canvas.restoreState()
        return y

    def _ink_box(self) -> tuple[float, float, float, float]:
        """Where backgrounds may reach: the bleed box on print layouts; on office layouts (no
        bleed) SAFE inside the page edge, which office printers leave unprinted."""
        if self.geo.bleed > 0:
            return self.geo.bleed_box
        x0, y0, x1, y1 = self.geo.trim_box
        return x0 + SAFE, y0 + SAFE, x1 - SAFE, y1 - SAFE

    def _bleed_rect(self, y0: float, y1: float) -> None:
        """An accent rectangle across the full width, out to the bleed (or the safe zone)."""
        x0, b0, x1, b1 = self._ink_box()
        y0, y1 = max(y0, b0), min(y1, b1)
        with artifact(self._canvas, LAYOUT):
            self._canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)

    def _title_band(self, canvas: Canvas) -> None:
        geo = self.geo
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        self._canvas = canvas
        self._bleed_rect(geo.offset + geo.trim_h - self.band_h, geo.bleed_box[3])
        self._draw_title(canvas, geo.offset + geo.trim_h - self.layout.margins.top * MM)

    def _cover(self, canvas: Canvas) -> None:
        """Front cover: the accent colour bleeds off the edges with the title block on it. With a
        logo or a URL, a white strip at the foot holds the logo (start side) and the QR code (end
        side); without either the colour fills the whole cover: no empty panel."""
        geo, margins, doc = self.geo, self.layout.margins, self.edition.document
        self._canvas = canvas
        strip = geo.trim_h * 0.30 if (doc.logo or doc.url) else 0.0
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        band_bottom = geo.offset + strip
        self._bleed_rect(band_bottom if strip else geo.bleed_box[1], geo.bleed_box[3])
        block = sum(self.title_heights) + sum(self.title_gaps)
        # the title's top at two fifths down the cover, or lower if the band is short
        top = min(geo.offset + geo.trim_h * 0.60, geo.offset + geo.trim_h - margins.top * MM)
        self._draw_title(canvas, max(top, band_bottom + block + 12 * MM))
        if not strip:
            return
        left = geo.offset + self._left_margin(canvas)
        bottom = geo.offset + margins.bottom * MM
        height = strip - margins.bottom * MM - 8 * MM  # what the strip holds above the bottom margin
        rtl, right = self.styles.rtl, left + self.text_w
        if doc.url:  # at the end of the line: right for LTR readers, left for RTL readers
            qr = self._qr(canvas, doc.url, min(height - 5 * MM, 24 * MM), left if rtl else right, bottom + 5 * MM,
                          align_right=not rtl)
            self._short_url(canvas, doc.url, qr, bottom, self.structure.slot(COVER))
        if doc.logo:  # at the start of the line
            self._logo(canvas, doc.logo, right if rtl else left, bottom, min(self.text_w * 0.55, 60 * MM), height,
                       align_right=rtl)

    def _back(self, canvas: Canvas) -> None:
        """Back cover: the organisation, its contact lines and the QR code (when given) on white,
        document code, version and date at the foot, all in black; an accent band bleeds off the top."""
        geo, margins, edition = self.geo, self.layout.margins, self.edition
        self._canvas = canvas
        doc = edition.document
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        band = 18 * MM
        self._bleed_rect(geo.offset + geo.trim_h - band, geo.bleed_box[3])
        left = geo.offset + self._left_margin(canvas)
        y = geo.offset + geo.trim_h - band - 14 * MM
        back = self.structure.slot(BACK)  # kept by render._story: before a colophon at the foot
        org = edition.organisation_text
        lines = [(org.value, self.styles.back_heading, org.translated)]
        lines += [(line.value, self.styles.body_label, line.translated) for line in edition.contact]
        for text, style, translated in lines:
            # each line a paragraph; a web or e-mail address in it a Link (drawn on the last page: tagged last)
            element = self.structure.add("P", back, lang=None if translated else self.source_lang)
            uri = link_target(text)
            if uri:
                element = self.structure.add("Link", element, uri=uri)
            y = self._draw_label(canvas, text, style, translated, left, y, element) - 1.5 * MM
        if doc.url:
            x = left + (self.text_w if self.styles.rtl else 0)  # at the start side, under the contact lines
            qr = self._qr(canvas, doc.url, 24 * MM, x, y - 28 * MM, align_right=self.styles.rtl)
            self._short_url(canvas, doc.url, qr, qr[1] - 5 * MM, back)
        if self.colophon_on_back:
            return  # the colophon at the foot names code, version and date
        y = geo.offset + margins.bottom * MM + 3 * self.layout.type.small.leading
        code, version = "colophon.document-code", "colophon.version"
        for name, text in ((code, f"{edition.label(code)}: {doc.document_code}"),
                           (version, f"{edition.label(version)} {doc.version} · {edition.date}")):
            y = self._draw_label(canvas, text, self.styles.small, edition.label_translated(name), left, y,
                                 self.structure.add("P", back, lang=edition.label_lang(name)))

    def _draw_label(self, canvas: Canvas, text: str, style, translated: bool, left: float, top: float,
                    element) -> float:
        part = Tagged(self.styles.label(text, style, translated), element, self.structure)
        _, h = part.wrap(self.text_w, self.geo.trim_h)
        part.drawOn(canvas, left, top - h)
        return top - h

    def _qr(self, canvas: Canvas, url: str, size: float, x: float, y: float, align_right: bool):
        """A QR code for ``url`` in 100 % K, ``size`` wide including its quiet zone, on white.
        Returns its box (x0, y0, x1, y1)."""
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        widget = QrCodeWidget(url, barLevel="M", barBorder=4)
        widget.barFillColor = self.cmyk((0, 0, 0, 100))
        widget.barStrokeColor = widget.barFillColor
        widget.barStrokeWidth = 0
        x0, y0, x1, y1 = widget.getBounds()
        scale = size / max(x1 - x0, y1 - y0)
        drawing = Drawing(size, size, transform=[scale, 0, 0, scale, 0, 0])
        drawing.add(widget)
        left = x - size if align_right else x
        self._draw(canvas, drawing, left, y)
        return left, y, left + size, y + size

    def _draw(self, canvas: Canvas, drawing, x: float, y: float) -> None:
        """A ReportLab drawing on the page; its start font is ours, not an unembedded Helvetica."""
        from reportlab.graphics import renderPDF

        drawing.initialFontName, drawing.initialFontSize = self.styles.fonts.regular, self.styles.small.size
        with artifact(canvas, LAYOUT):
            renderPDF.draw(drawing, canvas, x, y, showBoundary=False)

    def _short_url(self, canvas: Canvas, url: str, qr, y: float, parent) -> None:
        """The address printed under the QR code, without its scheme: a paragraph holding a Link,
        so a screen reader reads and follows it (the QR code beside it is an artifact)."""
        shown = url.split("://", 1)[-1].rstrip("/")
        element = self.structure.add("Link", self.structure.add("P", parent, lang=self.source_lang), uri=url)
        part = Tagged(self.styles.label(shown, self.styles.url_label, translated=False), element, self.structure)
        # centred under the code, on one line where the text area allows (at the class's smallest
        # type "example.org/als" is wider than a 24 mm code)
        left = self.geo.offset + self._left_margin(canvas)
        width = min(max(qr[2] - qr[0], self.styles.width(shown, self.styles.url_label) + 1), self.text_w)
        x = min(max((qr[0] + qr[2] - width) / 2, left), left + self.text_w - width)
        _, h = part.wrap(width, self.geo.trim_h)
        part.drawOn(canvas, x, qr[1] - h)

    def _logo(self, canvas: Canvas, path: str, x: float, y: float, width: float, height: float,
              align_right: bool) -> None:
        """The logo fitted into width × height: an SVG drawn now, its colours turned into CMYK; a
        PDF placed after rendering (``place_pdf_logo``) into the box recorded here."""
        if path.lower().endswith(".pdf"):
            x0, y0, x1, y1 = pdf_logo_box(path)
            scale = min(width / (x1 - x0), height / (y1 - y0))
            w, h = (x1 - x0) * scale, (y1 - y0) * scale
            left = x - w if align_right else x
            self.pdf_logo = (canvas.getPageNumber() - 1, (left, y, left + w, y + h))
            return
        drawing = logo_drawing(path)
        scale = min(width / drawing.width, height / drawing.height)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        self._draw(canvas, drawing, x - drawing.width if align_right else x, y)

    def _notes(self, canvas: Canvas) -> None:
        """A page for the patient's notes: a heading and ruled lines in 100 % K, as every rule under
        1 pt (``padding: notes``); with ``padding: blank`` nothing. All of it is an artifact: a page
        to write on has nothing to read aloud."""
        if self.layout.page.padding == "blank":
            return
        begin_artifact(canvas, LAYOUT)
        geo, m = self.geo, self.layout.margins
        heading = self.styles.label(self.edition.label("notes.heading"), self.styles.heading,
                                    self.edition.label_translated("notes.heading"))
        _, h = heading.wrap(self.text_w, geo.trim_h)
        top = geo.offset + geo.trim_h - m.top * MM
        x0 = geo.offset + self._left_margin(canvas)
        heading.drawOn(canvas, x0, top - h)
        canvas.setStrokeColor(self.cmyk(self.layout.colours.text))  # rules under 1 pt: black only
        canvas.setLineWidth(0.3)
        y = top - h - 12 * MM
        x1 = x0 + self.text_w
        while y > geo.offset + m.bottom * MM:
            canvas.line(x0, y, x1, y)
            y -= 9 * MM
        end_artifact(canvas)

    def _crop_marks(self, canvas: Canvas) -> None:
        """Trim marks at the four corners, starting outside the bleed, in registration colour."""
        geo = self.geo
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(0.25)
        start = geo.bleed + 1 * MM  # gap between the bleed edge and the mark
        end = geo.offset - 0.5 * MM
        x0, y0, x1, y1 = geo.trim_box
        for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            canvas.line(x + sx * start, y, x + sx * end, y)  # horizontal mark on the trim line
            canvas.line(x, y + sy * start, x, y + sy * end)  # vertical mark

    # ------------------------------------------------------------------ footer
    def footer(self, canvas: Canvas, number: int, total: int) -> None:
        if getattr(canvas, "_brochure_page_kind", BODY) in (COVER, BACK):
            return
        layout, geo, styles, margins = self.layout, self.geo, self.styles, self.layout.margins
        size = layout.type.small.size
        left_style, right_style = self.footer_styles
        bind_left = binding_left(layout, number % 2 == 1, styles.rtl)
        left = (margins.inner if bind_left else margins.outer) * MM
        right = (margins.outer if bind_left else margins.inner) * MM
        x, width = geo.offset + left, geo.trim_w - left - right
        y = geo.offset + max(margins.bottom * MM * 0.45, SAFE + size * 0.3 if layout.print_ready else 0)
        begin_artifact(canvas, PAGINATION, "Footer")  # the running footer and page number
        canvas.saveState()
        canvas.setStrokeColor(self.cmyk(layout.colours.text))  # rules under 1 pt: black only
        canvas.setLineWidth(0.5)
        code = f"{self.edition.document.document_code} · {self.edition.document.version}"
        locale = self.edition.locale
        label = self.edition.label("footer.page", page=integer(number, locale), pages=integer(total, locale))
        # The page number sits at the outer edge (where a thumb finds it); on single
        # sheets at the end of the line: right for LTR readers, left for RTL readers.
        number_right = (not styles.rtl) if layout.page.page_multiple == 1 else bind_left
        pairs = ((code, left_style, False), (label, right_style, True)) if number_right else \
            ((label, left_style, True), (code, right_style, False))
        parts = [styles.label(text, style, translated) for text, style, translated in pairs]
        height = max(part.wrapOn(canvas, width, size * 3)[1] for part in parts)
        # the rule sits 1.6 × the size above the footer's baseline box; a script whose lines are
        # taller than usual (Nastaliq at 1.8 × leading) moves it up to clear them
        rule = y + (size * 1.6 if height <= size * 1.4 else height + size * 0.3)
        canvas.line(x, rule, x + width, rule)
        for part in parts:
            part.drawOn(canvas, x, y)
        canvas.restoreState()
        end_artifact(canvas)


def logo_drawing(path: str):
    """An SVG file → a ReportLab drawing whose colours are CMYK (svglib reads RGB; a print file
    has none). The conversion is the naive one; a logo with exact brand colours should come as
    CMYK-safe artwork."""
    from reportlab.graphics.shapes import Group
    from reportlab.lib.colors import CMYKColor, Color
    from svglib.svglib import svg2rlg

    from .errors import BrochureError

    # an image or SVG the logo refers to must lie in the logo's own folder: "../../x.png" put any
    # readable file the build could reach into the published PDF
    drawing = svg2rlg(path, external_reference_root=os.path.dirname(os.path.abspath(path)))
    if drawing is None or not drawing.width or not drawing.height:
        raise BrochureError("the logo is not a readable SVG drawing with a size", path)

    def convert(colour):
        if colour is None or isinstance(colour, CMYKColor) or not isinstance(colour, Color):
            return colour
        r, g, b = colour.red, colour.green, colour.blue
        k = 1 - max(r, g, b)
        if k >= 1:
            return CMYKColor(0, 0, 0, 1)
        c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
        return CMYKColor(round(c, 3), round(m, 3), round(y, 3), round(k, 3))

    stack = [drawing]
    while stack:
        node = stack.pop()
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, convert(getattr(node, attr)))
        if isinstance(node, Group) or hasattr(node, "contents"):
            stack.extend(getattr(node, "contents", []))
    return drawing


def pdf_logo_box(path: str) -> tuple[float, float, float, float]:
    """The visible box (TrimBox, else MediaBox) of a PDF logo's first page."""
    import pikepdf

    from .errors import BrochureError

    try:
        with pikepdf.open(path) as logo:
            page = logo.pages[0]
            box = page.obj.get("/TrimBox", page.obj.get("/MediaBox"))
            x0, y0, x1, y1 = (float(v) for v in box)
    except (pikepdf.PdfError, IndexError, OSError) as exc:
        raise BrochureError(f"the logo is not a readable PDF: {exc}", path) from None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def place_pdf_logo(pdf: bytes, path: str, page_index: int, box: tuple) -> bytes:
    """Put the first page of the PDF logo at ``box`` on page ``page_index``, as a Form XObject
    (its colours stay as they are: the preflight refuses RGB in a print file). The logo is a
    layout artifact, as the SVG logo is: the organisation's name is printed as text beside it."""
    import io

    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc, pikepdf.open(path) as logo:
        page = doc.pages[page_index]
        form = doc.copy_foreign(logo.pages[0].as_form_xobject())
        # a name of our own: pikepdf's prefix= picks a random one, and the file would differ each build
        taken = set(page.Resources.get("/XObject", {}).keys())
        name = next(pikepdf.Name(f"/Logo{n or ''}") for n in range(len(taken) + 1) if f"/Logo{n or ''}" not in taken)
        page.add_resource(form, pikepdf.Name.XObject, name=name)
        placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(*box))
        page.contents_add(doc.make_stream(b"/Artifact <</Type /Layout>> BDC q " + placement + b" Q EMC\n"),
                          prepend=False)
        doc.save(out, deterministic_id=True)  # the file's /ID from its content, not the clock
    return out.getvalue()


class FooterCanvas(Canvas):
    """Defers each page until the page count is known, then draws the footers.

    One layout pass instead of two: "Page 3 of 8" needs the total, which only
    exists once the story has been laid out.
    """

    def __init__(self, *args, footer, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self.draft = draft  # a trial layout: what the columns hold is placed but not drawn
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()
