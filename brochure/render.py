"""(Edition, Layout, FontSet) → PDF bytes, with ReportLab platypus.

Nothing here reads the project's files: the caller passes parsed, validated
objects and receives bytes (``render_pdf``), so the build decides where and how
they are written (atomically). Every string that reaches ``Paragraph`` has been
through ``markup.to_reportlab`` (escaped; only <b>/<i> that we write ourselves).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pyphen
from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, ListFlowable, ListItem, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from . import __version__, markup
from .edition import Edition, Text
from .fonts import FontSet
from .layouts import MM, Layout
from .localetext import locale_tag, upper
from .model import HEADING, LIST_ITEM, PARAGRAPH

BULLET = "\u2022"
# Characters the renderer itself prints besides the edition's strings (bullets,
# reference numbers, separators): the glyph gate checks them too.
DECORATIONS = BULLET + "0123456789.·"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


def cmyk(values) -> CMYKColor:
    c, m, y, k = (v / 100.0 for v in values)
    return CMYKColor(c, m, y, k)


@dataclass(frozen=True)
class Geometry:
    """Page boxes in points. Content is drawn relative to the trim box's origin."""

    trim_w: float
    trim_h: float
    bleed: float
    offset: float  # from the MediaBox origin to the trim box origin

    @classmethod
    def of(cls, layout: Layout) -> "Geometry":
        page = layout.page
        bleed = page.bleed * MM
        slug = page.slug * MM if page.crop_marks else 0.0
        return cls(page.width * MM, page.height * MM, bleed, bleed + slug)

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.offset, self.trim_h + 2 * self.offset)

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim_w, o + self.trim_h)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        o, b = self.offset, self.bleed
        return (o - b, o - b, o + self.trim_w + b, o + self.trim_h + b)


class Styles:
    def __init__(self, layout: Layout, fonts: FontSet, locale: str):
        t, c = layout.type, layout.colours
        text, accent = cmyk(c.text), cmyk(c.accent)
        hyphen_lang = _hyphenation_language(locale) if t.hyphenate else None
        common = dict(textColor=text, splitLongWords=1, allowWidows=0, allowOrphans=0)
        hyph = dict(hyphenationLang=hyphen_lang, embeddedHyphenation=1, uriWasteReduce=0.3) if hyphen_lang else {}
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=t.body.size, leading=t.body.leading,
                                   spaceAfter=t.body.leading * 0.45,
                                   alignment=TA_JUSTIFY if hyphen_lang else TA_LEFT, **common, **hyph)
        self.item = ParagraphStyle("item", parent=self.body, spaceAfter=t.body.leading * 0.15)
        self.heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=t.heading.size,
                                      leading=t.heading.leading, textColor=accent,
                                      spaceBefore=t.heading.leading * 0.8, spaceAfter=t.heading.leading * 0.3,
                                      keepWithNext=1, allowWidows=0, allowOrphans=0)
        on_accent = cmyk(c.on_accent)
        self.title = ParagraphStyle("title", fontName=fonts.bold, fontSize=t.title.size, leading=t.title.leading,
                                    textColor=on_accent)
        self.kicker = ParagraphStyle("kicker", fontName=fonts.bold, fontSize=t.small.size + 1,
                                     leading=t.small.leading + 1, textColor=on_accent)
        self.organisation = ParagraphStyle("organisation", fontName=fonts.regular, fontSize=t.small.size + 1,
                                           leading=t.small.leading + 1, textColor=on_accent)
        self.reference = ParagraphStyle("reference", fontName=fonts.regular, fontSize=t.references.size,
                                        leading=t.references.leading, leftIndent=t.references.size * 2.2,
                                        bulletIndent=0, bulletFontName=fonts.regular,
                                        spaceAfter=t.references.leading * 0.3, **common)
        self.note = ParagraphStyle("note", parent=self.reference, leftIndent=0, fontName=fonts.names.get(
            "italic", fonts.regular), spaceAfter=t.references.leading * 0.8)
        self.small = ParagraphStyle("small", fontName=fonts.regular, fontSize=t.small.size,
                                    leading=t.small.leading, **common)
        self.small_bold = ParagraphStyle("small_bold", parent=self.small, fontName=fonts.bold)
        self.colophon_heading = ParagraphStyle("colophon_heading", parent=self.heading,
                                               fontSize=t.body.size, leading=t.body.leading, spaceBefore=0)


def _hyphenation_language(locale: str) -> str | None:
    """pyphen's dictionary for ``locale``, or None where there is none (zh, ar, he, hi, tr…)."""
    return pyphen.language_fallback(locale.replace("-", "_"))


def render_pdf(edition: Edition, layout: Layout, fonts: FontSet) -> Rendered:
    """Lay out one edition; returns the PDF and its page count."""
    geo = Geometry.of(layout)
    styles = Styles(layout, fonts, edition.locale)
    colours = layout.colours
    page, margins = layout.page, layout.margins
    text_w = geo.trim_w - (margins.inner + margins.outer) * MM

    # The title block is drawn on the first page's coloured band; its height
    # decides where the first page's text frame starts.
    kicker = Paragraph(escape(upper(edition.label("cover.kicker"), edition.locale)), styles.kicker)
    title = Paragraph(_para(edition.title), styles.title)
    organisation = Paragraph(escape(edition.document.organisation), styles.organisation)
    band_parts = [kicker, title, organisation]
    gaps = [3 * MM, 4 * MM]
    heights = [p.wrap(text_w, geo.trim_h)[1] for p in band_parts]
    band_top_pad = margins.top * MM
    band_h = band_top_pad + sum(heights) + sum(gaps) + 9 * MM

    def frames(first: bool, recto: bool) -> list[Frame]:
        left = (margins.inner if recto or page.page_multiple == 1 else margins.outer) * MM
        top = geo.trim_h - (band_h + 8 * MM if first else margins.top * MM)
        bottom = margins.bottom * MM
        gap = page.column_gap * MM
        width = (text_w - gap * (page.columns - 1)) / page.columns
        return [Frame(geo.offset + left + i * (width + gap), geo.offset + bottom, width, top - bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}")
                for i in range(page.columns)]

    def draw_band(canvas: Canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(cmyk(colours.accent))
        x0, y0, x1, y1 = geo.bleed_box
        band_bottom = geo.offset + geo.trim_h - band_h
        canvas.rect(x0, band_bottom, x1 - x0, y1 - band_bottom, stroke=0, fill=1)
        left = geo.offset + margins.inner * MM
        y = geo.offset + geo.trim_h - band_top_pad
        for part, h, gap in zip(band_parts, heights, [*gaps, 0]):
            part.drawOn(canvas, left, y - h)
            y -= h + gap
        canvas.restoreState()

    templates = [
        PageTemplate("first", frames(True, True), onPage=draw_band, autoNextPageTemplate="verso"),
        PageTemplate("verso", frames(False, False), autoNextPageTemplate="recto"),
        PageTemplate("recto", frames(False, True), autoNextPageTemplate="verso"),
    ]
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=geo.media, pageTemplates=templates,
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
        title=markup.plain(edition.title.value), author=edition.document.organisation,
        subject=f"{edition.label('cover.kicker')}: {edition.document.document_code} {edition.document.version}",
        creator=f"brochure {__version__}", lang=locale_tag(edition.locale), displayDocTitle=1,
        invariant=1, initialFontName=fonts.regular, initialFontSize=layout.type.body.size,
        enforceColorSpace="cmyk", trimBox=geo.trim_box, bleedBox=geo.bleed_box,
    )
    story = _story(edition, styles, layout, fonts)
    footer = _footer_drawer(edition, layout, fonts, geo)
    doc.build(story, canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=footer, **k))
    return Rendered(out.getvalue(), doc.page)


def _para(text: Text) -> str:
    return markup.to_reportlab(text.value, text.path, text.line)


def _story(edition: Edition, styles: Styles, layout: Layout, fonts: FontSet) -> list:
    story: list = []
    items: list = []

    def flush_list() -> None:
        if items:
            story.append(ListFlowable(
                [ListItem(p, value=BULLET) for p in items], bulletType="bullet", start=BULLET,
                bulletFontName=fonts.regular, bulletFontSize=layout.type.body.size,
                bulletColor=cmyk(layout.colours.accent), leftIndent=layout.type.body.size * 1.4,
                bulletOffsetY=0, spaceAfter=layout.type.body.leading * 0.45))
            items.clear()

    for block, text in edition.blocks:
        if block.kind != LIST_ITEM:
            flush_list()
        if block.kind == HEADING:
            story.append(Paragraph(_para(text), styles.heading))
        elif block.kind == PARAGRAPH:
            story.append(Paragraph(_para(text), styles.body))
        elif block.kind == LIST_ITEM:
            items.append(Paragraph(_para(text), styles.item))
    flush_list()

    # The reference appendix always starts on a page of its own.
    story.append(PageBreak())
    story.append(Paragraph(escape(edition.label("references.heading")), styles.heading))
    if not edition.is_source:
        story.append(Paragraph(escape(edition.label("references.note")), styles.note))
    for ref in edition.document.references:
        story.append(Paragraph(escape(ref.text), styles.reference, bulletText=f"{ref.number}."))
    story.append(Spacer(1, layout.type.body.leading))
    story.append(KeepTogether(_colophon(edition, styles, layout)))
    return story


def _colophon(edition: Edition, styles: Styles, layout: Layout) -> list:
    doc = edition.document
    rows = [
        ("colophon.organisation", doc.organisation),
        ("colophon.document-code", doc.document_code),
        ("colophon.version", doc.version),
        ("colophon.date", edition.date),
        ("colophon.language", edition.language),
    ]
    if edition.translator:
        rows.append(("colophon.translator", edition.translator))
    data = [[Paragraph(escape(edition.label(name)), styles.small_bold), Paragraph(escape(value), styles.small)]
            for name, value in rows]
    notes = []
    if not edition.is_source:
        notes.append(edition.label("colophon.translated-from", language=edition.source_language))
    if edition.missing:
        notes.append(edition.label("colophon.fallback", language=edition.source_language))
    for note in notes:
        data.append([Paragraph(escape(note), styles.small), ""])
    pad = 2.5 * MM
    # The label column is as wide as the longest label (German "Dokumentkennung"
    # must not break), at most half the panel.
    widest = max(stringWidth(edition.label(name), styles.small_bold.fontName, styles.small_bold.fontSize)
                 for name, _ in rows)
    table = Table(data, colWidths=[widest + 2 * pad + 1, None], hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, -1), cmyk(layout.colours.tint)),
        ("FONTNAME", (0, 0), (-1, -1), styles.small.fontName),  # else empty cells reference Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
    first_note = len(rows)
    for i in range(first_note, len(data)):
        commands.append(("SPAN", (0, i), (1, i)))
    table.setStyle(TableStyle(commands))
    return [Paragraph(escape(edition.label("colophon.heading")), styles.colophon_heading), table]


def _footer_drawer(edition: Edition, layout: Layout, fonts: FontSet, geo: Geometry):
    margins, page = layout.margins, layout.page
    size = layout.type.small.size
    code = f"{edition.document.document_code} · {edition.document.version}"

    def draw(canvas: Canvas, number: int, total: int) -> None:
        recto = page.page_multiple == 1 or number % 2 == 1
        inner = (margins.inner if recto else margins.outer) * MM
        outer = (margins.outer if recto else margins.inner) * MM
        x_left = geo.offset + inner
        x_right = geo.offset + geo.trim_w - outer
        y = geo.offset + margins.bottom * MM * 0.45
        canvas.saveState()
        canvas.setStrokeColor(cmyk(layout.colours.accent))
        canvas.setLineWidth(0.5)
        canvas.line(x_left, y + size * 1.6, x_right, y + size * 1.6)
        canvas.setFillColor(cmyk(layout.colours.text))
        canvas.setFont(fonts.regular, size)
        label = edition.label("footer.page", page=number, pages=total)
        # The page number sits at the outer edge, where a reader's thumb finds it.
        if recto:
            canvas.drawString(x_left, y, code)
            canvas.drawRightString(x_right, y, label)
        else:
            canvas.drawString(x_left, y, label)
            canvas.drawRightString(x_right, y, code)
        canvas.restoreState()

    return draw


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
