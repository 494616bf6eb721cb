"""(Edition, Layout, FontSet) → PDF bytes, with ReportLab platypus.

Nothing here reads the project's files: the caller passes parsed, validated
objects and receives bytes (``render_pdf``), so the build decides where and how
they are written (atomically). Every string that reaches ``Paragraph`` has been
through ``markup.to_reportlab`` (escaped; only <b>/<i> that we write ourselves).
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

import pyphen
from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer,
                                Table, TableStyle)

from . import __version__, markup
from .edition import Edition, Text
from .errors import BrochureError
from .fonts import FontSet, Script
from .text import CJKParagraph, RTLParagraph, extend_hyphenation_letters
from .layouts import MM, Geometry, Layout
from .localetext import bind_short_words, locale_tag
from .pages import BACK, NOTES, FillFrame, FooterCanvas, Pages
from .model import HEADING, LIST_ITEM, PARAGRAPH

extend_hyphenation_letters()

BULLET = "\u2022"
# Characters the renderer itself prints besides the edition's strings (bullets,
# reference numbers, separators): the glyph gate checks them too.
DECORATIONS = BULLET + "0123456789.·"


def cmyk(values) -> CMYKColor:
    c, m, y, k = (v / 100.0 for v in values)
    return CMYKColor(c, m, y, k)


class Styles:
    """Paragraph styles for one locale: fonts, sizes, and the script's layout behaviour."""

    def __init__(self, layout: Layout, fonts: FontSet, locale: str, script: Script):
        t, c = layout.type, layout.colours
        self.script = script
        self.locale = locale
        self.rtl = script.direction == "rtl"
        self.cjk = script.line_breaking == "cjk"  # lines broken by CJKParagraph
        self.script_name = "right-to-left" if self.rtl else "Chinese"
        text, accent, on_accent = cmyk(c.text), cmyk(c.accent), cmyk(c.on_accent)
        hyphen_lang = _hyphenation_language(locale) if (t.hyphenate and script.hyphenate and not script.shaping) else None
        start = TA_RIGHT if self.rtl else TA_LEFT
        # RTL and Chinese lines are broken by RTLParagraph and CJKParagraph, not ReportLab
        flow = dict(shaping=1 if script.shaping else 0)
        common = dict(textColor=text, splitLongWords=1, allowWidows=0, allowOrphans=0, **flow)
        hyph = dict(hyphenationLang=_hyphenator(hyphen_lang), embeddedHyphenation=1,
                    uriWasteReduce=0.3) if hyphen_lang else {}
        justify = hyphen_lang or self.cjk
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=t.body.size, leading=t.body.leading,
                                   spaceAfter=t.body.leading * 0.45, alignment=TA_JUSTIFY if justify else start,
                                   **common, **hyph)
        self.item = ParagraphStyle("item", parent=self.body, spaceAfter=0)
        self.bullet = ParagraphStyle("bullet", parent=self.body, textColor=accent, alignment=start, wordWrap=None,
                                     shaping=0, hyphenationLang=None)
        self.heading = ParagraphStyle("heading", fontName=fonts.bold, fontSize=t.heading.size,
                                      leading=t.heading.leading, textColor=accent, alignment=start,
                                      spaceBefore=t.heading.leading * 0.8, spaceAfter=t.heading.leading * 0.3,
                                      allowWidows=0, allowOrphans=0, **flow)
        self.title = ParagraphStyle("title", fontName=fonts.bold, fontSize=t.title.size, leading=t.title.leading,
                                    textColor=on_accent, alignment=start, **flow)
        self.kicker = ParagraphStyle("kicker", fontName=fonts.bold, fontSize=t.small.size + 1,
                                     leading=t.small.leading + 1, textColor=on_accent, alignment=start, **flow)
        self.organisation = ParagraphStyle("organisation", parent=self.kicker, fontName=fonts.regular)
        # References are printed verbatim in the source language (English): always
        # left-to-right, Latin line breaking, whatever the brochure's script.
        self.reference = ParagraphStyle("reference", fontName=fonts.regular, fontSize=t.references.size,
                                        leading=t.references.leading, textColor=text, alignment=TA_LEFT,
                                        leftIndent=t.references.size * 2.2, bulletIndent=0,
                                        bulletFontName=fonts.regular, bulletFontSize=t.references.size,
                                        bulletColor=text, allowWidows=0, allowOrphans=0,
                                        spaceAfter=t.references.leading * 0.3, splitLongWords=1)
        self.note = ParagraphStyle("note", fontName=fonts.names.get("italic", fonts.regular),
                                   fontSize=t.references.size, leading=t.references.leading, alignment=start,
                                   spaceAfter=t.references.leading * 0.8, **common)
        self.small = ParagraphStyle("small", fontName=fonts.regular, fontSize=t.small.size,
                                    leading=t.small.leading, alignment=start, **common)
        self.small_bold = ParagraphStyle("small_bold", parent=self.small, fontName=fonts.bold)
        self.colophon_heading = ParagraphStyle("colophon_heading", parent=self.heading,
                                               fontSize=t.body.size, leading=t.body.leading, spaceBefore=0)

    def block(self, text: Text, style: ParagraphStyle):
        """A translated string (untrusted) → a paragraph flowable for the script."""
        safe = markup.to_reportlab(text.value, text.path, text.line)  # refuses foreign markup
        if self.rtl or self.cjk:
            if not self.script.inline_markup and markup.signature(text.value):
                raise BrochureError(f"bold/italic markup inside {self.script_name} text is not supported; "
                                    "remove the ** or * markers", text.path, text.line)
            if self.cjk:
                return CJKParagraph(markup.plain(text.value), style)
            return RTLParagraph(markup.plain(text.value), style, shape=self.script.join_arabic)
        return Paragraph(bind_short_words(safe, self.locale), style)

    def label(self, value: str, style: ParagraphStyle, translated: bool = True):
        """Program-made text (labels with their values, dates, names) → a paragraph flowable.

        A value that is not a translation (an organisation's or translator's Latin
        name) takes its direction from its first strong letter, so that its brackets
        and punctuation stay in place inside a right-to-left page.
        """
        if self.rtl:
            return RTLParagraph(value, style, base="R" if translated else None, shape=self.script.join_arabic)
        if self.cjk:
            return CJKParagraph(value, style)
        return Paragraph(escape(value), style)


@lru_cache(maxsize=None)
def _hyphenator(language: str):
    """pyphen with at least three letters carried over: no "üblicherwei-se", "intest-ine"."""
    return pyphen.Pyphen(lang=language, left=2, right=3).iterate


def _hyphenation_language(locale: str) -> str | None:
    """pyphen's dictionary for ``locale``, or None where there is none (zh, ar, he, hi, tr…).
    Plain "en" is American English: pyphen would pick British patterns ("intest-ine")."""
    return pyphen.language_fallback("en_US" if locale == "en" else locale.replace("-", "_"))


class _Doc(BaseDocTemplate):
    """Picks left/right page frames by page parity; records where the article ends."""

    body_end: tuple[int, float] | None = None  # (page, share of that page's text area used)

    def handle_pageBegin(self):
        # ReportLab's autoNextPageTemplate chain loses step after an explicit
        # NextPageTemplate (the cover), so verso/recto follow the page number instead.
        template = getattr(self, "pageTemplate", None)
        if template is not None and template.id in ("verso", "recto"):
            wanted = "recto" if (self.page + 1) % 2 else "verso"
            self.pageTemplate = next(t for t in self.pageTemplates if t.id == wanted)
        super().handle_pageBegin()

    def afterFlowable(self, flowable):
        if isinstance(flowable, _BodyEnd):
            frames = self.pageTemplate.frames
            index = frames.index(self.frame) if self.frame in frames else 0
            used = (self.frame._y1 + self.frame._height - self.frame._y) / self.frame._height
            self.body_end = (self.page, (index + used) / len(frames))


class _BodyEnd(Spacer):
    def __init__(self):
        super().__init__(0, 0)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    body_end: tuple[int, float] | None = None  # page and fill of the last page of the article
    layout: Layout | None = None  # the (possibly copyfitted) layout that produced it


def render_pdf(edition: Edition, layout: Layout, fonts: FontSet, script: Script, notes: int = 0) -> Rendered:
    """Lay out one edition with ``notes`` padding pages before the back cover."""
    geo = Geometry.of(layout)
    styles = Styles(layout, fonts, edition.locale, script)
    pages = Pages(edition, layout, styles, geo, cmyk)
    out = io.BytesIO()
    doc = _Doc(
        out, pagesize=geo.media, pageTemplates=pages.templates(),
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
        title=markup.plain(edition.title.value), author=edition.organisation_text.value,
        subject=f"{edition.label('cover.kicker')}: {edition.document.document_code} {edition.document.version}",
        creator=f"brochure {__version__}", lang=locale_tag(edition.locale), displayDocTitle=1,
        invariant=1, initialFontName=fonts.regular, initialFontSize=layout.type.body.size,
        enforceColorSpace="cmyk", trimBox=geo.trim_box, bleedBox=geo.bleed_box,
    )
    story = _story(edition, styles, layout, notes)
    doc.build(story, canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=pages.footer, **k))
    return Rendered(out.getvalue(), doc.page, doc.body_end, layout)


def render_fitted(edition: Edition, layout: Layout, fonts: FontSet, script: Script) -> Rendered:
    """Render, tightening the body type within ``layout.copyfit`` when the page budget is
    exceeded or the article's last page would be nearly empty; pad to ``page_multiple``.

    The layout's own type is kept unless a tighter step is needed; a locale that still
    does not fit the budget at the tightest step fails with a report.
    """
    result = tightest = _padded(edition, layout, fonts, script)
    if layout.copyfit and not _good(result, layout):
        for variant in _tightened(layout):
            tightest = _padded(edition, variant, fonts, script)
            if _good(tightest, layout):
                result = tightest
                break
    if _over_budget(result, layout):
        where = edition.document.path if edition.is_source else edition.title.path
        raise BrochureError(_overflow_report(edition, tightest, layout), where)
    return result


def _over_budget(rendered: Rendered, layout: Layout) -> bool:
    return bool(layout.page.max_pages) and rendered.pages > layout.page.max_pages


def _padded(edition, layout, fonts, script) -> Rendered:
    """Add padding pages (before the back cover) until the count is a multiple of page_multiple."""
    rendered = render_pdf(edition, layout, fonts, script)
    multiple = layout.page.page_multiple
    missing = -rendered.pages % multiple
    if missing:
        rendered = render_pdf(edition, layout, fonts, script, notes=missing)
    return rendered


def _good(rendered: Rendered, layout: Layout) -> bool:
    """Within the budget, and the article does not end with a few lines on a page of their own."""
    fit, end = layout.copyfit, rendered.body_end
    short = bool(fit and end and end[0] > 1 and end[1] < fit.short_page)
    return not _over_budget(rendered, layout) and not short


def _tightened(layout: Layout) -> list[Layout]:
    fit, body = layout.copyfit, layout.type.body
    out = []
    for step in range(1, fit.steps + 1):
        t = step / fit.steps
        size = body.size - (body.size - fit.min_body_size) * t
        leading = body.leading - (body.leading - fit.min_body_leading) * t
        new_body = dataclasses.replace(body, size=round(size, 2), leading=round(leading, 2))
        out.append(dataclasses.replace(layout, type=dataclasses.replace(layout.type, body=new_body)))
    return out


def _overflow_report(edition: Edition, rendered: Rendered, layout: Layout) -> str:
    """Why a locale does not fit: pages and lines over, and the longest translations."""
    budget, body = layout.page.max_pages, rendered.layout.type.body
    over_pages = rendered.pages - budget
    area = (layout.page.height - layout.margins.top - layout.margins.bottom) * MM
    lines = int(over_pages * area / body.leading) * layout.page.columns
    ratios = sorted(((len(text.value) / max(len(block.text), 1), text) for block, text in edition.blocks
                     if text.translated), key=lambda pair: -pair[0])[:3]
    longest = "; ".join(f"line {text.line} ({ratio:.0%} of the source)" for ratio, text in ratios)
    return (f"{layout.name}: {rendered.pages} pages, over the budget of {budget} even at "
            f"{body.size:g}/{body.leading:g} pt (about {lines} lines too many, from page {budget + 1}); "
            f"longest translations relative to the source: {longest}")


def table(rows: list, widths: list, commands: list, font_name: str, **kwargs) -> Table:
    """A borderless table; FONTNAME is set because ReportLab otherwise references
    an unembedded Helvetica for every cell, even one holding only a Paragraph."""
    result = Table(rows, colWidths=widths, **kwargs)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), *commands]))
    return result


def _story(edition: Edition, styles: Styles, layout: Layout, notes: int) -> list:
    story: list = []
    if layout.page.cover:  # the front cover holds only the title block
        story += [NextPageTemplate("verso"), FillFrame()]
    items: list = []

    def flush_list() -> None:
        if items:
            story.append(_bullet_list(items, styles, layout))
            items.clear()

    for block, text in edition.blocks:
        if block.kind != LIST_ITEM:
            flush_list()
        if block.kind == HEADING:
            # A heading needs its own two lines and three of the text after it below it, or
            # it moves to the next column. (keepWithNext would move the whole next
            # paragraph and leave its height empty at the column foot.)
            heading = styles.block(text, styles.heading)
            column = _column_width(layout)
            needed = styles.heading.spaceBefore + heading.wrap(column, 1e6)[1] + styles.heading.spaceAfter
            story.append(CondPageBreak(needed + layout.type.body.leading * 3))
            story.append(heading)
        elif block.kind == PARAGRAPH:
            story.append(styles.block(text, styles.body))
        elif block.kind == LIST_ITEM:
            items.append(styles.block(text, styles.item))
    flush_list()
    story.append(_BodyEnd())

    # The reference appendix always starts on a page of its own.
    story.append(PageBreak())
    story.append(styles.label(edition.label("references.heading"), styles.heading))
    if not edition.is_source:
        story.append(styles.label(edition.label("references.note"), styles.note))
    for ref in edition.document.references:
        story.append(Paragraph(escape(ref.text), styles.reference, bulletText=f"{ref.number}."))
    story.append(Spacer(1, layout.type.body.leading))
    story.append(KeepTogether(_colophon(edition, styles, layout)))
    for _ in range(notes):  # padding for saddle stitching: before the back cover, never inside the text
        story += [NextPageTemplate(NOTES), PageBreak(), FillFrame()]
    if layout.page.cover:
        story += [NextPageTemplate(BACK), PageBreak(), FillFrame()]
    return story


def _column_width(layout: Layout) -> float:
    page, margins = layout.page, layout.margins
    text = (page.width - margins.inner - margins.outer) * MM
    return (text - page.column_gap * MM * (page.columns - 1)) / page.columns


def _bullet_list(items: list, styles: Styles, layout: Layout) -> Table:
    """Bullets at the start side of each item: left for LTR, right for RTL readers."""
    indent = layout.type.body.size * 1.4
    rows = [[Paragraph(BULLET, styles.bullet), item] for item in items]
    widths = [indent, None]
    if styles.rtl:
        rows = [row[::-1] for row in rows]
        widths = widths[::-1]
    return table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.type.body.leading * 0.15)],
        styles.small.fontName, hAlign="RIGHT" if styles.rtl else "LEFT", spaceAfter=layout.type.body.leading * 0.45)


# Colophon values that are words of the locale (the rest are names and codes).
_TRANSLATED_VALUES = {"colophon.date", "colophon.language"}


def _colophon(edition: Edition, styles: Styles, layout: Layout) -> list:
    doc = edition.document
    rows = [
        ("colophon.organisation", edition.organisation_text.value),
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
        notes.append(edition.sentence("colophon.translated-from"))
    if edition.missing:
        notes.append(edition.sentence("colophon.fallback"))
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
    panel = table(data, widths, commands, styles.small.fontName, hAlign="RIGHT" if styles.rtl else "LEFT")
    return [styles.label(edition.label("colophon.heading"), styles.colophon_heading), panel]
