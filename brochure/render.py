"""(Edition, Layout, FontSet) → PDF bytes: ReportLab platypus places the pages,
the one text engine (``brochure.text``) sets every string.

Nothing here reads the project's files: the caller passes parsed, validated
objects and receives bytes (``render_pdf``), so the build decides where and how
they are written (atomically). Every translated string has passed the markup gate
(``markup.to_reportlab`` refuses foreign markup); only its ``**``/``*`` emphasis
becomes styles.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import CMYKColor
from reportlab.platypus.doctemplate import FrameBreak, LayoutError
from reportlab.platypus import (BaseDocTemplate, Flowable, NextPageTemplate, PageBreak,
                                Spacer,
                                Table, TableStyle)

from . import __version__, depth, markup
from .edition import Edition, Text
from .errors import BrochureError
from .fonts import FontSet, Script
from .keep import Block, KeepHeading, KeepWithTail
from .layouts import MM, REVERSED_MIN_PT, Geometry, Layout
from .localetext import cldr_script, locale_tag
from .model import HEADING, LIST_ITEM, PARAGRAPH
from .pages import (BACK, NOTES, BodyFrame, FillFrame, FooterCanvas, PageFlow, Pages, cmyk_or_registration,
                    place_pdf_logo)
from .tagging import Structure, Tagged, link_target, table_artifacts
from .text import TextBlock, TextStyle, natural_width, unbreakable_width
from .text.breaks import hyphenation_language
from .text.runs import source_words

BULLET = "\u2022"
# Characters the renderer itself prints besides the edition's strings (bullets,
# reference numbers, separators): the glyph gate checks them too.
DECORATIONS = BULLET + "0123456789.·"


def cmyk(values) -> CMYKColor:
    c, m, y, k = (v / 100.0 for v in values)
    return CMYKColor(c, m, y, k)


def _unit(values) -> tuple[float, float, float, float]:
    return tuple(v / 100.0 for v in values)


def faces(fonts: FontSet, bold: bool = False, italic: bool = False,
          italic_as: str = "italic") -> tuple[tuple[tuple[str, str], ...], bool]:
    """The font file for each character style of a paragraph set in ``bold`` and/or
    ``italic`` (emphasis inside a bold heading stays bold), and whether the engine must
    slant the upright face because the family has no italic (``TextStyle.oblique``).

    ``italic_as="bold"`` (the layout's ``type.italic: bold``, for clear and large print,
    where guidance discourages italics) sets everything italic in the bold face instead."""
    files = {name: str(path) for name, path in fonts.files.items()}
    if italic_as == "bold":
        strong = files.get("bold") or files["regular"]
        table = {"regular": strong if (bold or italic) else files["regular"],
                 "bold": strong, "italic": strong, "bold_italic": strong}
        return tuple(table.items()), False
    weight = "bold" if bold else "regular"
    upright = files.get(weight) or files["regular"]
    sloped = files.get("bold_italic" if bold else "italic") if italic else None
    table = {"regular": sloped or upright,
             "bold": (files.get("bold_italic") if italic else None) or files.get("bold"),
             "italic": files.get("bold_italic" if bold else "italic"),
             "bold_italic": files.get("bold_italic")}
    return tuple((name, path) for name, path in table.items() if path), italic and sloped is None


# Headings and titles: a last line holding one short word ("ALS?") narrower than this share of
# the measure is avoided, so a two-line heading breaks where it reads ("… symptoms / of ALS?").
HEADING_RUNT = 0.3

class Styles:
    """Text styles for one locale: fonts, sizes, and the script's behaviour, all set by
    the one text engine (``brochure.text``)."""

    def __init__(self, layout: Layout, fonts: FontSet, locale: str, script: Script, source: str | None = None):
        t, c = layout.type, layout.colours
        self.script = script
        self.locale = locale
        self.source = source  # the article's language: a message printed untranslated is set in it
        # A translation in another script than its Latin-script source: the Latin words it keeps
        # from its source message are the source's language (Text.source, text.runs.source_words).
        # In a Latin-script translation nothing tells them apart from its own words.
        self.keeps_source = bool(source) and script.code not in ("", "Latn") and cldr_script(source) == "Latn"
        self.fonts = fonts
        self.rtl = script.direction == "rtl"
        text, accent, on_accent = _unit(c.text), _unit(c.accent), _unit(c.on_accent)
        hyphen = hyphenation_language(locale) if (t.hyphenate and script.hyphenate) else None
        (regular, _), (bold, _) = faces(fonts, italic_as=t.italic), faces(fonts, bold=True, italic_as=t.italic)
        italic, oblique = faces(fonts, italic=True, italic_as=t.italic)
        common = dict(locale=locale, base="R" if self.rtl else "L", line_break=script.line_break,
                      latin_space=fonts.latin_space)
        justify = t.align == "justify" or script.align == "justify"
        self.body = TextStyle(regular, t.body.size, t.body.leading, text, "justify" if justify else "start",
                              hyphenate=hyphen, space_after=t.body.leading * t.paragraph_space, **common)
        self.item = replace(self.body, space_after=0.0)
        self.bullet = replace(self.body, align="start", hyphenate=None, emphasis=False)
        self.heading = TextStyle(bold, t.heading.size, t.heading.leading, accent, "start",
                                 space_before=t.heading.leading * 0.8, space_after=t.heading.leading * 0.3,
                                 runt=HEADING_RUNT, whole_words=True, **common)
        self.title = TextStyle(bold, t.title.size, t.title.leading, on_accent, "start", runt=HEADING_RUNT,
                               whole_words=True, **common)
        # Reversed (knocked-out) text on the multi-ink accent: at least 10 pt and bold, or thin
        # strokes fill in when the plates are out of register.
        kicker = max(REVERSED_MIN_PT, t.small.size + 1)
        self.kicker = TextStyle(bold, kicker, kicker * 1.25 * script.leading, on_accent, "start", **common)
        self.organisation = self.kicker
        # References are printed verbatim in the source language (English): always
        # left-to-right whatever the brochure's script, and with Latin line spacing (the
        # layout has the script's leading factor applied: ``Layout.with_leading``).
        self.reference = TextStyle(regular, t.references.size, t.references.leading / script.leading, text,
                                   "start", base="L", latin_space=fonts.latin_space,
                                   locale="en", indent=t.references.size * 2.2,
                                   space_after=t.references.leading * 0.3, emphasis=False)
        self.note = TextStyle(italic, t.references.size, t.references.leading, text, "start",
                              space_after=t.references.leading * 0.8, oblique=oblique, **common)
        self.small = TextStyle(regular, t.small.size, t.small.leading, text, "start", **common)
        self.small_bold = replace(self.small, faces=bold)
        self.back_heading = replace(self.heading, space_before=0.0)
        self.body_label = TextStyle(regular, t.body.size, t.body.leading, text, "start", **common)
        self.url_label = replace(self.small, faces=bold, align="center")
        # body-sized: in black, since coloured text (several inks) is kept for ≥ 10 pt bold
        self.colophon_heading = replace(self.heading, color=text, size=t.body.size, leading=t.body.leading,
                                        space_before=0.0)

    def block(self, text: Text, style: TextStyle) -> TextBlock:
        """A translated string (untrusted) → a paragraph; its emphasis markers become styles.
        A message printed in the source language (``--fallback-source``) is set as that language:
        its direction from its own letters (English in an Arabic brochure starts on the left, its
        full stop at the end) and the source's hyphenation, not the translation's."""
        markup.to_reportlab(text.value, text.path, text.line)  # refuses foreign or unpaired markup
        if not text.translated and self.source:
            style = replace(style, base=None, locale=self.source,
                            hyphenate=hyphenation_language(self.source) if style.hyphenate else None)
        block = TextBlock(text.value, style)
        block.languages = self.source_words(text, block)
        return block

    def source_words(self, text: Text, block: TextBlock) -> tuple[tuple[int, int, str], ...]:
        """The words of ``text`` in the source's language, as ``block.languages``."""
        if not (self.keeps_source and text.translated and text.source):
            return ()
        tag = locale_tag(self.source)
        return tuple((a, b, tag) for a, b in source_words(block.plain_text(), markup.plain(text.source)))

    def label(self, value: str, style: TextStyle, translated: bool = True) -> TextBlock:
        """Program-made text (labels with their values, dates, names) → a paragraph.

        A value that is not a translation (an organisation's or translator's Latin
        name) takes its direction from its first strong letter, so that its brackets
        and punctuation stay in place inside a right-to-left page; it still starts
        on the page's start side, beside the translated lines above it.
        """
        base = ("R" if translated else None) if self.rtl else style.base
        return TextBlock(value, replace(self.page_start(style), emphasis=False, base=base))

    def page_start(self, style: TextStyle) -> TextStyle:
        """``style`` set against the page's start side (right on a right-to-left page) whatever
        the direction of its text, which still orders its letters: for text that belongs beside
        the page's other lines (a label's Latin value, a list item left in English). Justified
        text on a right-to-left page is set ragged: its last line must end on the right too."""
        if style.align == "start" or (self.rtl and style.align == "justify"):
            return replace(style, align="right" if self.rtl else "left")
        return style

    def width(self, value: str, style: TextStyle) -> float:
        return natural_width(value, _plain(style))

    def unbreakable(self, value: str, style: TextStyle) -> float:
        return unbreakable_width(value, _plain(style))


@lru_cache(maxsize=256)
def _plain(style: TextStyle) -> TextStyle:
    """``style`` without emphasis markup: one object per style, so that its hash is kept."""
    return replace(style, emphasis=False)


class _Doc(BaseDocTemplate):
    """Picks left/right page frames by page parity; records where the article ends."""

    body_end: tuple[int, float] | None = None  # (page, share of that page's text area used)

    def __init__(self, *args, feet: dict[int, float] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.marks: dict[str, int] = {}
        self.feet = feet or {}  # page → its columns' raised foot (``brochure.depth``)
        self.flow: list[PageFlow] = []  # what each body page's columns held
        self._breaking = False

    def handle_pageBegin(self):
        # ReportLab's autoNextPageTemplate chain loses step after an explicit
        # NextPageTemplate (the cover), so verso/recto follow the page number instead.
        template = getattr(self, "pageTemplate", None)
        if template is not None and template.id in ("verso", "recto"):
            wanted = "recto" if (self.page + 1) % 2 else "verso"
            self.pageTemplate = next(t for t in self.pageTemplates if t.id == wanted)
        for frame in self.pageTemplate.frames:
            if isinstance(frame, BodyFrame):
                frame.set_foot(self.feet.get(self.page + 1))
        super().handle_pageBegin()

    def handle_pageBreak(self, slow=None):
        self._breaking = True  # the page ends with its section (or the document), not a full column
        try:
            super().handle_pageBreak(slow)
        finally:
            self._breaking = False

    def handle_frameEnd(self, resume=0):
        # the frame is full and the text runs on: its columns end on the frame's foot
        if isinstance(self.frame, BodyFrame):
            self.frame.finish(runs_on=True)
        super().handle_frameEnd(resume)

    def handle_pageEnd(self):
        # a page break (a section's end) or the last page: drawn as set
        if isinstance(self.frame, BodyFrame):
            self.frame.finish(runs_on=False)
        columns = [f for f in self.pageTemplate.frames if isinstance(f, BodyFrame)]
        if columns:
            self.flow.append(PageFlow.of(self.page, columns, self._breaking))
        super().handle_pageEnd()

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Mark):
            self.marks[flowable.name] = self.page
        if isinstance(flowable, _BodyEnd):
            frames = self.pageTemplate.frames
            index = frames.index(self.frame) if self.frame in frames else 0
            used = (self.frame._y1 + self.frame._height - self.frame._y) / self.frame._height
            self.body_end = (self.page, (index + used) / len(frames))


class _Marker(Spacer):
    """A place in the story that takes no room: a frame action, so it always fits, even where
    the gap after the column's last paragraph already reaches below the foot (as a spacer of
    no height it would then start a page of its own)."""

    def __init__(self):
        super().__init__(0, 0)

    def frameAction(self, frame):
        pass


class _BodyEnd(_Marker):
    pass


class _RoomOrPageBreak(_Marker):
    """Unless the rest of this column holds ``opening`` and the first ``rows`` rows of ``table``,
    the next column of this page, or after the page's last column a page break (the page ends
    with its section: set as it stands, and balanced by ``brochure.depth``)."""

    def __init__(self, opening: list, table: Table, rows: int = 3):
        super().__init__()
        self.opening, self.table, self.rows = opening, table, rows

    def frameAction(self, frame):
        if frame._atTop:
            return
        width = frame._getAvailableWidth()
        needed = 0.0
        for flowable in self.opening:
            needed += flowable.getSpaceBefore() + flowable.wrap(width, frame._aH)[1] + flowable.getSpaceAfter()
        self.table.wrap(width, frame._aH)
        needed += sum(self.table._rowHeights[:self.rows])
        if frame._y - frame._y1p < needed:
            frames = self._doctemplateAttr("pageTemplate").frames
            last = frame is frames[-1] or frame not in frames
            frame.add_generated_content(PageBreak() if last else FrameBreak())


class _AtFoot(Flowable):
    """Flowables stacked at the foot of what is left of the frame (and taking all of it)."""

    def __init__(self, parts: list):
        super().__init__()
        self.parts = parts

    def wrap(self, availWidth, availHeight):
        self.sizes = [part.wrapOn(self.canv, availWidth, availHeight) for part in self.parts]
        self.width = availWidth
        return availWidth, max(availHeight - 1e-3, sum(h for _, h in self.sizes))

    def draw(self):
        y = sum(h for _, h in self.sizes)
        for part, (width, height) in zip(self.parts, self.sizes):
            y -= height
            # a part narrower than the frame keeps to its own side (hAlign, e.g. RIGHT for RTL)
            x = self.width - width if getattr(part, "hAlign", "LEFT") == "RIGHT" else 0
            part.drawOn(self.canv, x, y)


class _Mark(_Marker):
    """Records the page it lands on in ``_Doc.marks`` under ``name``."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name


@dataclass(frozen=True)
class Rendered:
    """A laid-out edition: its PDF (a draft's is empty), page count and what each body page held."""

    pdf: bytes
    pages: int
    body_end: tuple[int, float] | None = None  # page and fill of the last page of the article
    layout: Layout | None = None  # the (possibly copyfitted) layout that produced it
    structure: Structure | None = None  # what was tagged, in reading order (written by structure.py)
    colophon_alone: bool = False  # the colophon did not fit after the references: a page of its own
    flow: tuple[PageFlow, ...] = ()  # what each body page's columns held (``brochure.depth``)
    feet: tuple = ()  # the raised column feet it was set with, as (page, foot) pairs
    notes: int = 0  # padding pages before the back cover
    colophon_on_back: bool = False


def render_pdf(edition: Edition, layout: Layout, fonts: FontSet, script: Script, notes: int = 0,
               tag: bool = True, colophon_on_back: bool = False, feet: dict[int, float] | None = None,
               draft: bool = False) -> Rendered:
    """Lay out one edition with ``notes`` padding pages before the back cover; ``tag`` writes the
    structure tree, outline and XMP (``tagged``), which trial layouts of the copyfit skip. The
    colophon follows the references, or with ``colophon_on_back`` sits on the back cover.
    ``feet`` raises the body columns' foot on the pages it names (``brochure.depth``); a ``draft``
    is laid out but neither drawn nor written (no PDF bytes: copyfit, padding and the page-depth
    search read only its page count and flow)."""
    layout = layout.with_leading(script.leading)
    geo = Geometry.of(layout)
    styles = Styles(layout, fonts, edition.locale, script, edition.document.language)
    structure = Structure(locale_tag(edition.locale), links=layout.output_intent is None)
    pages = Pages(edition, layout, styles, geo, cmyk, structure, colophon_on_back=colophon_on_back)
    out = io.BytesIO()
    doc = _Doc(
        out, pagesize=geo.media, pageTemplates=pages.templates(),
        leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
        title=markup.plain(edition.title.value), author=edition.organisation_text.value,
        subject=f"{edition.label('cover.kicker')}: {edition.document.document_code} {edition.document.version}",
        creator=f"brochure {__version__}", lang=locale_tag(edition.locale), displayDocTitle=1,
        invariant=1, initialFontName=fonts.regular, initialFontSize=layout.type.body.size,
        enforceColorSpace=cmyk_or_registration, trimBox=geo.trim_box, bleedBox=geo.bleed_box, feet=feet,
        # a file to be tagged is written uncompressed: qpdf compresses every stream as it writes the
        # tagged file, and decoded ReportLab's zlib (over ASCII85) only to compress it again (a PDF
        # logo is placed by an earlier qpdf pass, whose file is written as it was)
        pageCompression=0 if tag and not pages.pdf_logo else None,
    )
    story = _story(edition, styles, layout, notes, structure, colophon_on_back)
    doc._doSave = not draft  # ReportLab's own switch: lay out, do not write
    doc.build(story, canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=pages.footer, draft=draft, **k))
    alone = not colophon_on_back and doc.marks.get("colophon", 0) > doc.marks.get("references", 0)
    pdf = out.getvalue()
    if pages.pdf_logo and not draft:
        pdf = place_pdf_logo(pdf, edition.document.logo, *pages.pdf_logo)
    rendered = Rendered(pdf, doc.page, doc.body_end, layout, structure, alone, tuple(doc.flow),
                        tuple(sorted((feet or {}).items())), notes, colophon_on_back)
    return tagged(rendered, edition) if tag else rendered


def tagged(rendered: Rendered, edition: Edition) -> Rendered:
    """The rendered PDF with its structure tree, outline and XMP (``structure.write_structure``)."""
    from .structure import write_structure

    pdf = write_structure(rendered.pdf, rendered.structure, title=markup.plain(edition.title.value),
                          creator=f"brochure {__version__}")
    return dataclasses.replace(rendered, pdf=pdf)


def render_fitted(edition: Edition, layout: Layout, fonts: FontSet, script: Script) -> Rendered:
    """Render, tightening the body type within ``layout.copyfit`` when the page budget is
    exceeded or the article's last page would be nearly empty; pad to ``page_multiple``.

    The layout's own type is kept unless a tighter step is needed; a locale that still
    does not fit the budget at the tightest step fails with a report.
    """
    result = tightest = _padded(edition, layout, fonts, script)
    chosen = layout
    if layout.copyfit and not _good(result, layout):
        for variant in _tightened(layout):
            tightest = _padded(edition, variant, fonts, script)
            if _good(tightest, layout):
                result, chosen = tightest, variant
                break
        else:  # no tighter step pulls the short last page back: open the body so that it holds more
            for variant in ([] if _over_budget(result, layout) else _opened(layout)):
                opened = _padded(edition, variant, fonts, script)
                if _good(opened, layout):
                    result, chosen = opened, variant
                    break
            else:  # ... else the page before it ends higher, so that more of the text runs on
                result = _filled(edition, layout, fonts, script, result)
    if _over_budget(result, layout):
        # placed at the budget, the line to edit: a translation runs longer than its source and is
        # not cut to fit; the text that overflows is named in the message
        raise BrochureError(_overflow_report(edition, tightest, layout), layout.shown or None,
                            layout.page._lines.get("max_pages"))
    # the page-level step: balanced last pages, facing pages that end on one baseline
    notes, on_back = result.notes, result.colophon_on_back

    def draft(feet):
        try:
            return render_pdf(edition, chosen, fonts, script, notes=notes, tag=False,
                              colophon_on_back=on_back, feet=feet, draft=True)
        except LayoutError:  # a block that cannot split (a heading's keep, the colophon's tail) is
            return None      # taller than the shortened column: not a candidate

    feet = depth.settle(result, draft)
    # Every trial above was a draft: the one PDF drawn and written. The article's end as copyfit
    # measured it (a balanced page holds the same text).
    final = render_pdf(edition, chosen, fonts, script, notes=notes, colophon_on_back=on_back, feet=feet)
    return dataclasses.replace(final, body_end=result.body_end)


def too_tall(edition: Edition, layout: Layout, fonts: FontSet, script: Script) -> tuple[Text, float, float] | None:
    """The first printed string that alone is taller than a page's text area, set in a block
    that is never split (the title, a heading, a colophon value: a translator's name, a label):
    (the text, its height, the area's), in pt. Asked when ReportLab's LayoutError says only
    "Flowable <KeepHeading at 0x…> too large", so that the error names the file and line."""
    layout = layout.with_leading(script.leading)
    styles = Styles(layout, fonts, edition.locale, script, edition.document.language)
    width = layout.column_width * MM
    room = (layout.page.height - layout.margins.top - layout.margins.bottom) * MM
    candidates = [(edition.title, styles.title, width)]
    candidates += [(text, styles.heading, width) for block, text in edition.blocks if block.kind == HEADING]
    candidates += [(text, styles.small, width / 2) for text in (*edition.labels.values(), edition.organisation_text,
                                                                edition.translator_at, edition.reviewer_at) if text]
    for text, style, measure in candidates:  # a colophon value: at most half a column beside its label
        height = styles.label(text.value, style).wrap(measure, room * 100)[1]
        if height > room:
            return text, height, room
    return None


def _over_budget(rendered: Rendered, layout: Layout) -> bool:
    return bool(layout.page.max_pages) and rendered.pages > layout.page.max_pages


def _padded(edition, layout, fonts, script) -> Rendered:
    """Add padding pages (before the back cover) until the count is a multiple of page_multiple.

    A colophon that does not fit after the references would stand alone on a page: a booklet
    prints it on the back cover instead."""
    rendered = render_pdf(edition, layout, fonts, script, tag=False, draft=True)
    on_back = rendered.colophon_alone and layout.page.cover
    if on_back:
        rendered = render_pdf(edition, layout, fonts, script, tag=False, colophon_on_back=True, draft=True)
    multiple = layout.page.page_multiple
    missing = -rendered.pages % multiple
    if missing:
        rendered = render_pdf(edition, layout, fonts, script, notes=missing, tag=False, colophon_on_back=on_back, draft=True)
    return rendered


FILL_TRIES = 3  # a short last page is filled from the page before it in at most this many tries


def _filled(edition, layout, fonts, script, result: Rendered) -> Rendered:
    """A last page that no type step pulls back or fills, on a single sheet: the page before it
    ends higher (its columns' foot raised, ``render_pdf(feet=…)``, level like a section's end) by
    what the last page lacks of ``copyfit.short_page``, so that more of the text runs on and the
    last page holds more than a few lines and the colophon. Kept while the page count stays and
    the last page gains."""
    fit = layout.copyfit
    if layout.page.page_multiple > 1:  # a booklet's facing pages end on one baseline (depth)
        return result
    for _ in range(FILL_TRIES):
        page, pages = result.flow[-1], {flow.number: flow for flow in result.flow}
        before = pages.get(page.number - 1)
        missing = (fit.short_page - last_fill(page)) * len(page.natural) * (page.top - page.full_foot)
        if before is None or missing <= 0:
            break
        feet = {**dict(result.feet), before.number: before.foot + missing / len(before.natural)}
        again = render_pdf(edition, layout, fonts, script, tag=False, feet=feet, draft=True)
        if again.pages != result.pages or last_fill(again.flow[-1]) <= last_fill(page) + 1e-6:
            break
        result = again
    return result


def _good(rendered: Rendered, layout: Layout) -> bool:
    """Within the budget, and neither the article nor the whole text ends on a page that holds
    only a few lines: the page where the article ends (with the references that follow on it, if
    they do) and the last page of text (the references' end, or the colophon's); nor is more
    than a quarter of a booklet notes pages (the consultation booklet: 3 of 8 at 12 pt, 4 pages
    at 11.75 pt)."""
    fit, pages = layout.copyfit, {page.number: page for page in rendered.flow}
    ends = {rendered.body_end[0] if rendered.body_end else None, rendered.flow[-1].number if pages else None}
    short = bool(fit) and any(number in pages and number > 1 and last_fill(pages[number]) < fit.short_page
                              for number in ends)
    blank = bool(fit) and rendered.notes * 4 > rendered.pages
    return not _over_budget(rendered, layout) and not short and not blank


def last_fill(page: PageFlow) -> float:
    """How full a page's columns are as set: from their top to their last flowable's foot, as a
    share of the layout's column height, averaged over the columns (an empty column counts as empty)."""
    used = sum(page.top - y for y in page.natural if y is not None)
    return used / (len(page.natural) * (page.top - page.full_foot))


def _tightened(layout: Layout) -> list[Layout]:
    fit = layout.copyfit
    return _body_steps(layout, fit.min_body_size, fit.min_body_leading)


def _opened(layout: Layout) -> list[Layout]:
    fit = layout.copyfit
    return _body_steps(layout, fit.max_body_size, fit.max_body_leading) if fit.max_body_size else []


def _body_steps(layout: Layout, size: float, leading: float) -> list[Layout]:
    """``copyfit.steps`` layouts whose body goes from the layout's own to ``size`` / ``leading``."""
    body, steps = layout.type.body, layout.copyfit.steps
    out = []
    for step in range(1, steps + 1):
        t = step / steps
        new_body = dataclasses.replace(body, size=round(body.size + (size - body.size) * t, 2),
                                       leading=round(body.leading + (leading - body.leading) * t, 2))
        out.append(dataclasses.replace(layout, type=dataclasses.replace(layout.type, body=new_body)))
    return out


def _overflow_report(edition: Edition, rendered: Rendered, layout: Layout) -> str:
    """Why a locale does not fit: pages and lines over, and the longest translations."""
    budget, body = layout.page.max_pages, rendered.layout.type.body
    over_pages = rendered.pages - budget
    area = (layout.page.height - layout.margins.top - layout.margins.bottom) * MM
    lines = int(over_pages * area / body.leading) * layout.page.columns
    where = edition.document.path if edition.is_source else edition.title.path
    head = (f"page.max_pages: {where} sets {rendered.pages} pages, over the budget of {budget} even at "
            f"{body.size:g}/{body.leading:g} pt (about {lines} lines too many, from page {budget + 1}); ")
    if edition.is_source:  # nothing is translated: every "ratio" would be 100 %
        return head + "the source text itself is longer than the budget allows"
    ratios = sorted(((len(text.value) / max(len(block.text), 1), text) for block, text in edition.blocks
                     if text.translated), key=lambda pair: -pair[0])[:3]
    longest = "; ".join(f"line {text.line} ({ratio:.0%} of the source)" for ratio, text in ratios)
    return head + f"its longest translations relative to the source: {longest}"


def table(rows: list, widths: list, commands: list, font_name: str, **kwargs) -> Table:
    """A borderless table; FONTNAME is set because ReportLab otherwise references
    an unembedded Helvetica for every cell, even one holding only a Paragraph.
    Its backgrounds and rules are artifacts; its cells are tagged by their flowables."""
    result = Table(rows, colWidths=widths, renderCB=table_artifacts, **kwargs)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), *commands]))
    return result


def _story(edition: Edition, styles: Styles, layout: Layout, notes: int, structure: Structure,
           colophon_on_back: bool = False) -> list:
    """The flowables in reading order, each tagged with its structure element."""
    story: list = []
    tag = lambda flowable, element: Tagged(flowable, element, structure)  # noqa: E731
    if layout.page.cover:  # the front cover holds only the title block
        story += [NextPageTemplate("verso"), FillFrame()]
    items: list = []

    def flush_list() -> None:
        if items:
            story.append(_bullet_list(items, styles, layout, structure))
            items.clear()

    body_start, headings, last_paragraph = len(story), set(), None
    for block, text in edition.blocks:
        if block.kind != LIST_ITEM:
            flush_list()
        if block.kind == HEADING:
            heading = styles.block(text, styles.heading)
            heading.tight_after = True  # vertical justification leaves it close to its text
            story.append(tag(heading, structure.add(f"H{block.level}", lang=edition.lang_of(text),
                                                       text=markup.plain(text.value))))
            headings.add(id(story[-1]))
        elif block.kind == PARAGRAPH:
            story.append(tag(styles.block(text, styles.body), structure.add("P", lang=edition.lang_of(text))))
            last_paragraph = story[-1]
        elif block.kind == LIST_ITEM:
            if not items and story and story[-1] is last_paragraph:
                last_paragraph.inner.tight_after = True  # a lead-in stays close to its list, as a heading to its text
            items.append((text, edition.lang_of(text)))
    flush_list()
    two_lines = 2 * layout.type.body.leading
    # On a single sheet the colophon never stands alone on the last page: it takes the end of what
    # it follows with it, two lines of the article or the last references (KeepWithTail). A booklet
    # prints a colophon that does not fit on its back cover instead (_padded).
    rides = not layout.page.cover and not colophon_on_back

    def colophon() -> list:  # made where it is read: the structure tree follows the order of making
        return [Spacer(1, layout.type.body.leading), *_colophon(edition, styles, layout, structure)]

    references = edition.document.references
    rode = rides and not references and len(story) > body_start  # the colophon follows the article
    if rode:
        story[-1] = KeepWithTail(story[-1], colophon(), two_lines)
    # A heading goes to the next column unless two lines of its text follow it here
    story[body_start:] = _kept_with_text(story[body_start:], headings, two_lines)
    story.append(_BodyEnd())

    # The reference appendix continues on the article's last page where its heading, its note and
    # its first references fit there, else starts a page of its own (_RoomOrPageBreak); a document
    # without references has none (no empty heading), and its colophon follows the text.
    if references:
        heading = edition.label("references.heading")
        opening = [tag(styles.label(heading, styles.heading, edition.label_translated("references.heading")),
                       structure.add("H2", lang=edition.label_lang("references.heading"), text=heading))]
        if not edition.is_source:
            opening.append(tag(styles.label(edition.label("references.note"), styles.note,
                                            edition.label_translated("references.note")),
                               structure.add("P", lang=edition.label_lang("references.note"))))
        listed = _references(edition, styles, layout, structure)
        story += [_RoomOrPageBreak(opening, listed), *opening]
        story.append(KeepWithTail(listed, colophon(), 2 * styles.reference.leading) if rides else listed)
        rode = rides
    story.append(_Mark("references"))
    if not colophon_on_back:
        if not rode:
            story += colophon()
        story.append(_Mark("colophon"))
    for _ in range(notes):  # padding for saddle stitching: before the back cover, never inside the text
        story += [NextPageTemplate(NOTES), PageBreak(), FillFrame()]
    if layout.page.cover:
        structure.slot(BACK)  # the back cover's lines, drawn later, read before a colophon at its foot
        story += [NextPageTemplate(BACK), PageBreak()]
        if colophon_on_back:  # at the foot of the back cover, under the contact block
            story.append(_AtFoot(_colophon(edition, styles, layout, structure)))
        story.append(FillFrame())
    return story


def _kept_with_text(flowables: list, headings: set, min_follow: float) -> list:
    """Each heading (by id in ``headings``) joined with what follows it (``KeepHeading``): the next
    flowable and, unless it is a heading, the one after (a one-line lead-in and its list)."""
    out: list = []
    for flowable in reversed(flowables):
        if id(flowable) in headings and out:
            two = len(out) > 1 and not any(isinstance(f, KeepHeading) for f in out[-2:])
            followers = out[-2:][::-1] if two else out[-1:]
            del out[-len(followers):]
            out.append(KeepHeading(flowable, followers, min_follow))
        else:
            out.append(flowable)
    return out[::-1]


def _bullet_list(items: list[tuple[Text, str | None]], styles: Styles, layout: Layout,
                 structure: Structure) -> Table:
    """Bullets at the start side of each item: left for LTR, right for RTL readers.
    Tagged as L > LI > Lbl (the bullet) + LBody (the item)."""
    indent = layout.type.body.size * 1.4
    rows = []
    group = structure.add("L", O="List", ListNumbering="Disc")
    for text, lang in items:
        # An item printed in the source language (--fallback-source) keeps the list's direction:
        # its bullet stays in the list's column on the page's start side, where the reader looks
        # for the next item, and its text is set against it, its letters still in its own
        # direction. Its own start side (CSS's dir=auto on the item) put the text flush left a
        # column away from its bullet, or would have moved the bullet out of the column.
        style = styles.item if text.translated else styles.page_start(styles.item)
        item = structure.add("LI", group, lang=lang)
        rows.append([Tagged(TextBlock(BULLET, styles.bullet), structure.add("Lbl", item), structure),
                     Tagged(styles.block(text, style), structure.add("LBody", item), structure)])
    widths = [indent, None]
    if styles.rtl:
        rows = [row[::-1] for row in rows]
        widths = widths[::-1]
    return table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.type.body.leading * 0.15)],
        styles.fonts.regular, hAlign="RIGHT" if styles.rtl else "LEFT",
        spaceAfter=layout.type.body.leading * layout.type.paragraph_space, splitInRow=1)


def _references(edition: Edition, styles: Styles, layout: Layout, structure: Structure) -> Table:
    """The numbered literature list, in English and left to right in every brochure:
    L > LI (/Lang of the source) > Lbl (the number) + LBody (the entry, a Link where it
    holds a URL or DOI). Number and entry sit in two columns, so each is its own
    marked content."""
    style = styles.reference
    number_style = entry_style = replace(style, indent=0.0, space_after=0.0)
    group = structure.add("L", O="List", ListNumbering="Decimal")
    source = locale_tag(edition.document.language)
    rows = []
    for ref in edition.document.references:
        item = structure.add("LI", group, lang=source)
        label = structure.add("Lbl", item)
        body = structure.add("LBody", item)
        uri = link_target(ref.text)
        target = structure.add("Link", body, uri=uri) if uri else body
        rows.append([Tagged(TextBlock(f"{ref.number}.", number_style), label, structure),
                     Tagged(TextBlock(ref.text, entry_style), target, structure)])
    pad = style.space_after
    return table(rows, [style.indent, None], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad)], styles.fonts.regular, hAlign="LEFT")



def _colophon(edition: Edition, styles: Styles, layout: Layout, structure: Structure) -> list:
    """The colophon panel, tagged as a table whose rows read "label: value" aloud:
    Table > TR > TH (Scope Row) + TD; the sentences under it are rows of one spanning TD."""
    doc = edition.document
    # (label, value, is the value a word of the locale?); the rest are names and codes
    heading = Tagged(styles.label(edition.label("colophon.heading"), styles.colophon_heading,
                                  edition.label_translated("colophon.heading")),
                     structure.add("H2", lang=edition.label_lang("colophon.heading"),
                                   text=edition.label("colophon.heading")), structure)
    rows = [
        ("colophon.organisation", edition.organisation_text.value, edition.organisation_text.translated),
        ("colophon.document-code", doc.document_code, False),
        ("colophon.version", doc.version, False),
        ("colophon.date", edition.date, True),
        ("colophon.language", edition.language, True),
        *edition.credits(),
    ]
    grid = structure.add("Table")
    source = locale_tag(doc.language)
    data = []
    for name, value, translated in rows:
        row = structure.add("TR", grid)
        # the organisation's name is the source's words unless the catalog names it; codes, numbers
        # and people's names are in no language of their own
        as_source = name == "colophon.organisation" and not translated
        data.append([
            Tagged(styles.label(edition.label(name), styles.small_bold, edition.label_translated(name)),
                   structure.add("TH", row, lang=edition.label_lang(name), O="Table", Scope="Row"), structure),
            Tagged(styles.label(value, styles.small, translated=translated),
                   structure.add("TD", row, lang=source if as_source else None), structure)])
    names = ["colophon.translated-from"] if not edition.is_source else []
    names += ["colophon.fallback"] if edition.missing else []
    notes = [(edition.sentence(name), name) for name in names]
    pad = 2.5 * MM
    # The label column is as wide as the longest label (German "Dokumentkennung" must not break),
    # unless the value column would then be narrower than its longest word: then the labels
    # break between their words, and where a label's longest word and a value's longest word
    # cannot stand side by side (Tamil "மொழிபெயர்ப்பு" and "சரிபார்க்கப்படவில்லை" were cut in
    # two), each value goes under its label. Either way a row is still TR > TH + TD.
    widest = max(styles.width(edition.label(name), styles.small_bold) for name, _, _ in rows)
    label_word = max(styles.unbreakable(edition.label(name), styles.small_bold) for name, _, _ in rows)
    # the date is read as one unit: its column holds it on one line ("27 de noviembre de / 2026"
    # left "de" at a line end, "27. November / 2026" a year alone)
    value_word = max([styles.unbreakable(value, styles.small) for _, value, _ in rows]
                     + [styles.width(edition.date, styles.small)])
    room = layout.column_width * MM - value_word - 4 * pad - 2
    stacked = label_word > room
    if stacked:
        data, widths = [[[label, value]] for label, value in data], [None]
    else:
        widths = [max(min(widest, room), label_word) + 2 * pad + 1, None]
    if styles.rtl:  # label column on the right
        data = [row[::-1] for row in data]
        widths = widths[::-1]
    for note, name in notes:  # spanning both columns
        cell = structure.add("TD", structure.add("TR", grid), lang=edition.label_lang(name), O="Table", ColSpan=2)
        data.append([Tagged(styles.label(note, styles.small, edition.label_translated(name)), cell, structure)]
                    + [""] * (len(widths) - 1))
    commands = [
        ("BACKGROUND", (0, 0), (-1, -1), cmyk(layout.colours.tint)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
    ]
    if stacked:  # a row's gap, so that each label reads as the start of a pair
        commands.append(("TOPPADDING", (0, 1), (-1, -1), 1.2 + styles.small.leading / 3))
    else:
        commands += [("SPAN", (0, i), (1, i)) for i in range(len(rows), len(data))]
    panel = table(data, widths, commands, styles.fonts.regular, hAlign="RIGHT" if styles.rtl else "LEFT")
    return [Block([heading, panel])]  # never split between columns, nor its table by rows
