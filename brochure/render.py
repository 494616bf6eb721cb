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
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)

from . import __version__, markup
from .edition import Edition, Text
from .errors import BrochureError
from .fonts import FontSet, Script
from .text import RTLParagraph, extend_cjk_line_rules, extend_hyphenation_letters, join_arabic
from .layouts import MM, Layout
from .localetext import locale_tag, upper
from .model import HEADING, LIST_ITEM, PARAGRAPH

extend_cjk_line_rules()
extend_hyphenation_letters()

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
    """Paragraph styles for one locale: fonts, sizes, and the script's layout behaviour."""

    def __init__(self, layout: Layout, fonts: FontSet, locale: str, script: Script):
        t, c = layout.type, layout.colours
        self.script = script
        self.rtl = script.direction == "rtl"
        text, accent, on_accent = cmyk(c.text), cmyk(c.accent), cmyk(c.on_accent)
        hyphen_lang = _hyphenation_language(locale) if (t.hyphenate and script.hyphenate and not script.shaping) else None
        wrap = "CJK" if script.line_breaking == "cjk" else None  # RTL lines are broken by RTLParagraph
        start = TA_RIGHT if self.rtl else TA_LEFT
        flow = dict(wordWrap=wrap, shaping=1 if script.shaping else 0)
        common = dict(textColor=text, splitLongWords=1, allowWidows=0, allowOrphans=0, **flow)
        hyph = dict(hyphenationLang=hyphen_lang, embeddedHyphenation=1, uriWasteReduce=0.3) if hyphen_lang else {}
        justify = hyphen_lang or script.line_breaking == "cjk"
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=t.body.size, leading=t.body.leading,
                                   spaceAfter=t.body.leading * 0.45, alignment=TA_JUSTIFY if justify else start,
                                   **common, **hyph)
        self.item = ParagraphStyle("item", parent=self.body, spaceAfter=0)
        self.bullet = ParagraphStyle("bullet", parent=self.body, textColor=accent, alignment=start, wordWrap=None,
                                     shaping=0, hyphenationLang=None)
        self.heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=t.heading.size,
                                      leading=t.heading.leading, textColor=accent, alignment=start,
                                      spaceBefore=t.heading.leading * 0.8, spaceAfter=t.heading.leading * 0.3,
                                      keepWithNext=1, allowWidows=0, allowOrphans=0, **flow)
        self.title = ParagraphStyle("title", fontName=fonts.bold, fontSize=t.title.size, leading=t.title.leading,
                                    textColor=on_accent, alignment=start, **flow)
        self.kicker = ParagraphStyle("kicker", fontName=fonts.bold, fontSize=t.small.size + 1,
                                     leading=t.small.leading + 1, textColor=on_accent, alignment=start, **flow)
        self.organisation = ParagraphStyle("organisation", parent=self.kicker, fontName=fonts.regular)
        # References are printed verbatim in the source language (English): always
        # left-to-right, Latin line breaking, whatever the brochure's script.
        self.reference = ParagraphStyle("reference", fontName=fonts.regular, fontSize=t.references.size,
                                        leading=t.references.leading, textColor=text, alignment=TA_LEFT,
                                        spaceAfter=t.references.leading * 0.3, splitLongWords=1)
        self.reference_number = ParagraphStyle("reference_number", parent=self.reference, alignment=TA_RIGHT)
        self.note = ParagraphStyle("note", fontName=fonts.names.get("italic", fonts.regular),
                                   fontSize=t.references.size, leading=t.references.leading, alignment=start,
                                   spaceAfter=t.references.leading * 0.8, **common)
        self.small = ParagraphStyle("small", fontName=fonts.regular, fontSize=t.small.size,
                                    leading=t.small.leading, alignment=start, **common)
        self.small_end = ParagraphStyle("small_end", parent=self.small, alignment=TA_LEFT if self.rtl else TA_RIGHT)
        self.small_bold = ParagraphStyle("small_bold", parent=self.small, fontName=fonts.bold)
        self.colophon_heading = ParagraphStyle("colophon_heading", parent=self.heading,
                                               fontSize=t.body.size, leading=t.body.leading, spaceBefore=0)

    def block(self, text: Text, style: ParagraphStyle):
        """A translated string (untrusted) → a paragraph flowable for the script."""
        safe = markup.to_reportlab(text.value, text.path, text.line)  # refuses foreign markup
        if self.rtl:
            if not self.script.inline_markup and markup.signature(text.value):
                raise BrochureError("bold/italic markup inside right-to-left text is not supported; "
                                    "remove the ** or * markers", text.path, text.line)
            return RTLParagraph(self._prepare(markup.plain(text.value)), style)
        return Paragraph(self._prepare(safe), style)

    def label(self, value: str, style: ParagraphStyle, translated: bool = True):
        """Program-made text (labels with their values, dates, names) → a paragraph flowable.

        A value that is not a translation (an organisation's or translator's Latin
        name) takes its direction from its first strong letter, so that its brackets
        and punctuation stay in place inside a right-to-left page.
        """
        if self.rtl:
            return RTLParagraph(self._prepare(value), style, base="R" if translated else None)
        return Paragraph(self._prepare(escape(value)), style)

    def _prepare(self, value: str) -> str:
        return join_arabic(value) if self.script.join_arabic else value


def _hyphenation_language(locale: str) -> str | None:
    """pyphen's dictionary for ``locale``, or None where there is none (zh, ar, he, hi, tr…)."""
    return pyphen.language_fallback(locale.replace("-", "_"))


def render_pdf(edition: Edition, layout: Layout, fonts: FontSet, script: Script) -> Rendered:
    """Lay out one edition; returns the PDF and its page count."""
    geo = Geometry.of(layout)
    styles = Styles(layout, fonts, edition.locale, script)
    colours = layout.colours
    page, margins = layout.page, layout.margins
    text_w = geo.trim_w - (margins.inner + margins.outer) * MM

    # The title block is drawn on the first page's coloured band; its height
    # decides where the first page's text frame starts.
    kicker = styles.label(upper(edition.label("cover.kicker"), edition.locale), styles.kicker)
    title = styles.block(edition.title, styles.title)
    organisation = styles.label(edition.document.organisation, styles.organisation, translated=False)
    band_parts = [kicker, title, organisation]
    gaps = [3 * MM, 4 * MM]
    heights = [p.wrap(text_w, geo.trim_h)[1] for p in band_parts]
    band_top_pad = margins.top * MM
    band_h = band_top_pad + sum(heights) + sum(gaps) + 9 * MM

    def frames(first: bool, recto: bool) -> list[Frame]:
        left = (margins.inner if _binding_left(layout, recto, styles.rtl) else margins.outer) * MM
        top = geo.trim_h - (band_h + 8 * MM if first else margins.top * MM)
        bottom = margins.bottom * MM
        gap = page.column_gap * MM
        width = (text_w - gap * (page.columns - 1)) / page.columns
        columns = [Frame(geo.offset + left + i * (width + gap), geo.offset + bottom, width, top - bottom,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"col{i}")
                   for i in range(page.columns)]
        # Text flows into the frames in list order: right column first for RTL readers.
        return columns[::-1] if styles.rtl else columns

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
    story = _story(edition, styles, layout)
    footer = _footer_drawer(edition, layout, styles, geo)
    doc.build(story, canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=footer, **k))
    return Rendered(out.getvalue(), doc.page)


def _table(rows: list, widths: list, commands: list, styles: Styles, **kwargs) -> Table:
    """A borderless table; FONTNAME is set because ReportLab otherwise references
    an unembedded Helvetica for every cell, even one holding only a Paragraph."""
    table = Table(rows, colWidths=widths, **kwargs)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.small.fontName), *commands]))
    return table


def _story(edition: Edition, styles: Styles, layout: Layout) -> list:
    story: list = []
    items: list = []

    def flush_list() -> None:
        if items:
            story.append(_bullet_list(items, styles, layout))
            items.clear()

    for block, text in edition.blocks:
        if block.kind != LIST_ITEM:
            flush_list()
        if block.kind == HEADING:
            story.append(styles.block(text, styles.heading))
        elif block.kind == PARAGRAPH:
            story.append(styles.block(text, styles.body))
        elif block.kind == LIST_ITEM:
            items.append(styles.block(text, styles.item))
    flush_list()

    # The reference appendix always starts on a page of its own.
    story.append(PageBreak())
    story.append(styles.label(edition.label("references.heading"), styles.heading))
    if not edition.is_source:
        story.append(styles.label(edition.label("references.note"), styles.note))
    refs = [[Paragraph(f"{ref.number}.", styles.reference_number), Paragraph(escape(ref.text), styles.reference)]
            for ref in edition.document.references]
    indent = layout.type.references.size * 2.2
    story.append(_table(refs, [indent, None], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 4), ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)], styles, hAlign="LEFT"))
    story.append(Spacer(1, layout.type.body.leading))
    story.append(KeepTogether(_colophon(edition, styles, layout)))
    return story


def _bullet_list(items: list, styles: Styles, layout: Layout) -> Table:
    """Bullets at the start side of each item: left for LTR, right for RTL readers."""
    indent = layout.type.body.size * 1.4
    rows = [[Paragraph(BULLET, styles.bullet), item] for item in items]
    widths = [indent, None]
    if styles.rtl:
        rows = [row[::-1] for row in rows]
        widths = widths[::-1]
    return _table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.type.body.leading * 0.15)],
        styles, hAlign="RIGHT" if styles.rtl else "LEFT", spaceAfter=layout.type.body.leading * 0.45)


# Colophon values that are words of the locale (the rest are names and codes).
_TRANSLATED_VALUES = {"colophon.date", "colophon.language"}


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
    data = [[styles.label(edition.label(name), styles.small_bold),
             styles.label(value, styles.small, translated=name in _TRANSLATED_VALUES)] for name, value in rows]
    notes = []
    if not edition.is_source:
        notes.append(edition.label("colophon.translated-from", language=edition.source_language))
    if edition.missing:
        notes.append(edition.label("colophon.fallback", language=edition.source_language))
    pad = 2.5 * MM
    # The label column is as wide as the longest label: German "Dokumentkennung" must not break.
    widest = max(stringWidth(edition.label(name), styles.small_bold.fontName, styles.small_bold.fontSize)
                 for name, _ in rows)
    widths = [widest + 2 * pad + 1, None]
    if styles.rtl:  # label column on the right
        data = [row[::-1] for row in data]
        widths = widths[::-1]
    data += [[styles.label(note, styles.small), ""] for note in notes]  # spanning both columns
    commands = [
        ("BACKGROUND", (0, 0), (-1, -1), cmyk(layout.colours.tint)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
    commands += [("SPAN", (0, i), (1, i)) for i in range(len(rows), len(data))]
    table = _table(data, widths, commands, styles, hAlign="RIGHT" if styles.rtl else "LEFT")
    return [styles.label(edition.label("colophon.heading"), styles.colophon_heading), table]


def _binding_left(layout: Layout, recto: bool, rtl: bool) -> bool:
    """Is the binding edge on the left of this page? LTR books bind recto pages on the
    left; RTL books are bound on the right. Single sheets use `inner` as the left margin."""
    return layout.page.page_multiple == 1 or recto != rtl


def _footer_drawer(edition: Edition, layout: Layout, styles: Styles, geo: Geometry):
    margins = layout.margins
    size = layout.type.small.size
    code_text = f"{edition.document.document_code} · {edition.document.version}"
    left_style = ParagraphStyle("footer_left", parent=styles.small, alignment=TA_LEFT)
    right_style = ParagraphStyle("footer_right", parent=styles.small, alignment=TA_RIGHT)

    def draw(canvas: Canvas, number: int, total: int) -> None:
        binding_left = _binding_left(layout, number % 2 == 1, styles.rtl)
        left = (margins.inner if binding_left else margins.outer) * MM
        right = (margins.outer if binding_left else margins.inner) * MM
        x, width = geo.offset + left, geo.trim_w - left - right
        y = geo.offset + margins.bottom * MM * 0.45
        canvas.saveState()
        canvas.setStrokeColor(cmyk(layout.colours.accent))
        canvas.setLineWidth(0.5)
        canvas.line(x, y + size * 1.6, x + width, y + size * 1.6)
        label = edition.label("footer.page", page=number, pages=total)
        # The page number sits at the outer edge (where a thumb finds it); on single
        # sheets at the end of the line: right for LTR readers, left for RTL readers.
        number_right = (not styles.rtl) if layout.page.page_multiple == 1 else binding_left
        pairs = ((code_text, left_style, False), (label, right_style, True)) if number_right else \
                ((label, left_style, True), (code_text, right_style, False))
        for text, style, translated in pairs:
            part = styles.label(text, style, translated)
            part.wrapOn(canvas, width, size * 3)
            part.drawOn(canvas, x, y)
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
