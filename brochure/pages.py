"""Page furniture drawn on the canvas: title band, covers, notes pages, crop marks, footers.

Everything here is drawn relative to the trim box (``Geometry.offset``); backgrounds
that reach the trim edge are drawn out to the bleed box so that no white line shows
after cutting, and crop marks sit in the slug outside the bleed.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from .edition import Edition
from .layouts import MM, Geometry, Layout
from .localetext import upper

REGISTRATION = (1, 1, 1, 1)  # crop marks print on every separation
SAFE = 5 * MM  # text keeps this far from the trim on print layouts
BODY, FIRST, COVER, BACK, NOTES = "body", "first", "cover", "back", "notes"


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


class Pages:
    """Page templates for one edition in one layout, and the footer drawn on each page."""

    def __init__(self, edition: Edition, layout: Layout, styles, geo: Geometry, cmyk):
        self.edition, self.layout, self.styles, self.geo, self.cmyk = edition, layout, styles, geo, cmyk
        margins = layout.margins
        self.text_w = geo.trim_w - (margins.inner + margins.outer) * MM
        # The title block: on the first page's band (leaflets) or on the front cover (booklets).
        self.title_parts = [
            styles.label(upper(edition.label("cover.kicker"), edition.locale), styles.kicker),
            styles.block(edition.title, styles.title),
            styles.label(edition.organisation_text.value, styles.organisation,
                         translated=edition.organisation_text.translated),
        ]
        self.title_gaps = [3 * MM, 4 * MM, 0]
        if edition.tagline is not None:
            self.title_parts.append(styles.block(edition.tagline, styles.organisation))
            self.title_gaps[-1:] = [1 * MM, 0]
        self.title_heights = [part.wrap(self.text_w, geo.trim_h)[1] for part in self.title_parts]
        self.band_h = margins.top * MM + sum(self.title_heights) + sum(self.title_gaps) + 9 * MM
        self.footer_styles = (ParagraphStyle("footer_left", parent=styles.small, alignment=TA_LEFT),
                              ParagraphStyle("footer_right", parent=styles.small, alignment=TA_RIGHT))

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
        columns = [Frame(geo.offset + left + i * (width + gap), geo.offset + bottom, width, top - bottom,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}")
                   for i in range(page.columns)]
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
            canvas.saveState()
            if draw:
                draw(canvas)
            if self.layout.page.crop_marks:
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
        for part, height, gap in zip(self.title_parts, self.title_heights, self.title_gaps):
            part.drawOn(canvas, left, y - height)
            y -= height + gap
        return y

    def _bleed_rect(self, y0: float, y1: float) -> None:
        """An accent rectangle across the full width, out to the bleed at the sides."""
        x0, _, x1, _ = self.geo.bleed_box
        self._canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)

    def _title_band(self, canvas: Canvas) -> None:
        geo = self.geo
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        self._canvas = canvas
        self._bleed_rect(geo.offset + geo.trim_h - self.band_h, geo.bleed_box[3])
        self._draw_title(canvas, geo.offset + geo.trim_h - self.layout.margins.top * MM)

    def _cover(self, canvas: Canvas) -> None:
        """Front cover: the accent colour bleeds off three edges, the title sits low on it."""
        geo, margins = self.geo, self.layout.margins
        self._canvas = canvas
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        band_bottom = geo.offset + geo.trim_h * 0.38
        self._bleed_rect(band_bottom, geo.bleed_box[3])
        block = sum(self.title_heights) + sum(self.title_gaps)
        self._draw_title(canvas, band_bottom + max(block + 12 * MM, geo.trim_h * 0.62 - margins.top * MM - 0))
        canvas.setFillColor(self.cmyk(self.layout.colours.tint))
        canvas.rect(geo.bleed_box[0], geo.bleed_box[1], geo.bleed_box[2] - geo.bleed_box[0],
                    band_bottom - geo.bleed_box[1] - 3 * MM, stroke=0, fill=1)

    def _back(self, canvas: Canvas) -> None:
        """Back cover: organisation, document code, version and date on a bleeding band."""
        geo, margins, edition = self.geo, self.layout.margins, self.edition
        self._canvas = canvas
        canvas.setFillColor(self.cmyk(self.layout.colours.accent))
        band_top = geo.offset + geo.trim_h * 0.30
        self._bleed_rect(geo.bleed_box[1], band_top)
        doc = edition.document
        org = edition.organisation_text
        lines = [(org.value, self.styles.organisation, org.translated)]
        lines += [(line.value, self.styles.organisation, line.translated) for line in edition.contact]
        lines += [(f"{edition.label('colophon.document-code')}: {doc.document_code}", self.styles.organisation, True),
                  (f"{edition.label('colophon.version')} {doc.version} · {edition.date}", self.styles.organisation,
                   True)]
        y = band_top - margins.top * MM * 0.6
        left = geo.offset + self._left_margin(canvas)
        for text, style, translated in lines:
            part = self.styles.label(text, style, translated)
            _, h = part.wrap(self.text_w, geo.trim_h)
            part.drawOn(canvas, left, y - h)
            y -= h + 1.5 * MM

    def _notes(self, canvas: Canvas) -> None:
        """A page for the patient's notes: a heading and ruled lines in the tint colour."""
        geo, m = self.geo, self.layout.margins
        heading = self.styles.label(self.edition.label("notes.heading"), self.styles.heading)
        _, h = heading.wrap(self.text_w, geo.trim_h)
        top = geo.offset + geo.trim_h - m.top * MM
        x0 = geo.offset + self._left_margin(canvas)
        heading.drawOn(canvas, x0, top - h)
        canvas.setStrokeColor(self.cmyk(self.layout.colours.accent))
        canvas.setLineWidth(0.3)
        y = top - h - 12 * MM
        x1 = x0 + self.text_w
        while self.layout.page.padding == "notes" and y > geo.offset + m.bottom * MM:
            canvas.line(x0, y, x1, y)
            y -= 9 * MM

    def _crop_marks(self, canvas: Canvas) -> None:
        """Trim marks at the four corners, starting outside the bleed, in registration colour."""
        geo = self.geo
        canvas.setStrokeColor(self.cmyk([v * 100 for v in REGISTRATION]))
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
        canvas.saveState()
        canvas.setStrokeColor(self.cmyk(layout.colours.accent))
        canvas.setLineWidth(0.5)
        canvas.line(x, y + size * 1.6, x + width, y + size * 1.6)
        code = f"{self.edition.document.document_code} · {self.edition.document.version}"
        label = self.edition.label("footer.page", page=number, pages=total)
        # The page number sits at the outer edge (where a thumb finds it); on single
        # sheets at the end of the line: right for LTR readers, left for RTL readers.
        number_right = (not styles.rtl) if layout.page.page_multiple == 1 else bind_left
        pairs = ((code, left_style, False), (label, right_style, True)) if number_right else \
            ((label, left_style, True), (code, right_style, False))
        for text, style, translated in pairs:
            part = styles.label(text, style, translated)
            part.wrapOn(canvas, width, size * 3)
            part.drawOn(canvas, x, y)
        canvas.restoreState()


class FooterCanvas(Canvas):
    """Defers each page until the page count is known, then draws the footers.

    One layout pass instead of two: "Page 3 of 8" needs the total, which only
    exists once the story has been laid out.
    """

    def __init__(self, *args, footer, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
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
