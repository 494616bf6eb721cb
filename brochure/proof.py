"""A bilingual review PDF of one catalog, for translators and the clinic's medical reviewer.

Message by message in source order (title, headings, paragraphs, list items, then
labels): the context id and catalog line, the English source on the left, the
translation on the right in the locale's font and script, the status (FUZZY and
UNTRANSLATED highlighted) and every check finding for the message, tinted by
severity. Translations reach the text engine only through ``Styles.block``; one that
the markup gate refuses is shown as plain text (``Styles.label``) and flagged as an
error, since the proof exists to show broken entries. Pure: returns bytes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table

from . import __version__, catalogs, charpolicy
from .catalogs import PoFile
from .checks.findings import ERROR, WAIVED, Finding
from .edition import Text
from .errors import BrochureError
from .fonts import FontSet, Script
from .labels import LABELS
from .layouts import MM, Layout
from .localetext import language_name, locale_tag
from .markup import plain
from .model import FRONT_MATTER_CONTACT, FRONT_MATTER_ORGANISATION, FRONT_MATTER_TAGLINE, HEADING, TITLE, Document
from .pages import FooterCanvas
from .render import Styles, cmyk, table
from .text import TextBlock, TextStyle


def escape(value: str) -> str:
    """Literal text inside the proof's own **bold** markup (catalog strings are untrusted)."""
    return value.replace("\\", "\\\\").replace("*", "\\*")


def _text(value: str, style: TextStyle) -> TextBlock:
    """The proof's own text: ``**bold**`` marks labels; everything else went through ``escape``."""
    return TextBlock(value, style)
from .review import review_of, text_fingerprint

PAGE = landscape(A4)
MARGIN = 14 * MM
WIDTH = PAGE[0] - 2 * MARGIN
META_W = 56 * MM  # context / line / status (front-matter.organisation fits at 10.5 pt); the texts share the rest
TEXT_W = (WIDTH - META_W) / 2
PAD = 5
# CMYK percent: status cells and finding rows
TINTS = {"FUZZY": (0, 10, 65, 0), "UNTRANSLATED": (0, 45, 70, 0), "error": (0, 30, 15, 0), "warning": (0, 5, 35, 0),
         "waived": (25, 0, 10, 0)}
RULE = (0, 0, 0, 30)


def render_proof(document: Document, po: PoFile, locale: str, findings: Sequence[Finding], fonts: FontSet,
                 script: Script, layout: Layout, source_fonts: FontSet) -> bytes:
    """The proof of ``po``, the catalog of ``locale``, as deterministic PDF bytes.

    ``findings``: the checks' results for this catalog (``checks.check_catalog``),
    matched to messages by line. ``fonts``/``script``: the locale's (``fonts.resolve``).
    ``layout``: type sizes and colours. ``source_fonts``: the Latin family ('sans')
    that prints the English column, the labels and the findings.
    """
    s = _ProofStyles(layout, fonts, locale, script, source_fonts, document.language)
    by_line: dict[int, list[Finding]] = defaultdict(list)  # this catalog's findings, by msgstr line
    for finding in findings:
        if finding.path == po.path and finding.line:
            by_line[finding.line].append(finding)
    rows = [[_text("Message · line · status", s.head),
             _text(f"Source: {escape(language_name(document.language, 'en'))} ({document.language})", s.head),
             s.tr.label(f"Translation: {language_name(locale)} ({locale})", s.tr_head, translated=False)]]
    commands, lines, refusals, numbers = [], set(), [], {}
    where: dict[str, list[str]] = defaultdict(list)  # "warning[fuzzy]" → the messages it is found in, "#3"
    for number, (key, message, in_source) in enumerate(_messages(document, po), start=1):
        line = po.line_of(message) if message is not None else None
        lines.add(line)
        numbers.setdefault(line, number)
        status, found = _status(message, in_source), list(by_line.get(line, ())) if line else []
        strong = key[0] in (TITLE, HEADING)
        source = [_safe(s.en, key[1], po, line, s.en_bold if strong else s.en_body)[0]]
        if message is not None and message.fuzzy and message.previous_id:
            previous = charpolicy.visible(message.previous_id[0], s.tr.rtl)  # untrusted, like the msgstr
            # s.meta, not s.note: clear-print layouts set the note's italic in bold, heavier than the new text
            source.append(_text(f"**Previous source** (#| msgid): {escape(previous)}", s.meta))
            changed = source_changes(previous, key[1])
            if changed:
                source.append(_text(f"**Changed in the source:** {escape(changed)}", s.meta))
        if message is not None and message.string:
            shown, refused = _safe(s.tr, message.string, po, line, s.tr_bold if strong else s.tr_body)
            if refused:  # the reason, unless a check already says it
                reason = "" if any(f.message == refused for f in found) else f": {refused}"
                found.insert(0, Finding(po.path or "", line, ERROR, "print",
                                        f"refused by the renderer; shown here as plain text{reason}"))
                refusals.append(found[0])
            cell = [shown]
        else:
            cell = [_text("(no translation)", s.note)]
        if found:
            cell.append(_findings(s, found))
        for f in found:
            if f.severity != WAIVED:
                where[f"{f.severity}[{f.check}]"].append(f"#{number}")
        errors = sum(1 for f in found if f.is_error)
        if errors:
            status += f" · {errors} error{'s' if errors > 1 else ''}"
        meta = [_text(f"**{escape(key[0] or '(no msgctxt)')}**", s.meta),
                _text(f"#{number} · " + (f"line {line}" if line else "no line"), s.meta),
                _text(status if status == "translated" else f"**{escape(status)}**", s.meta)]
        tint = TINTS.get(status.split(" ")[0]) or (TINTS[ERROR] if errors else None)
        if tint:
            commands.append(("BACKGROUND", (0, len(rows)), (0, len(rows)), cmyk(tint)))
        rows.append([meta, source, cell])
    other = [f for f in findings if f.path != po.path or not f.line or f.line not in lines]
    # the renderer's refusals count with the checks' findings: the first page lists them under "Found"
    story = _title_block(s, document, po, locale, [*findings, *refusals], other, where, numbers)
    story.append(_table(rows, [META_W, TEXT_W, TEXT_W], source_fonts, [
        ("BACKGROUND", (0, 0), (-1, 0), cmyk(layout.colours.tint)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, cmyk(RULE)), ("LINEAFTER", (1, 1), (1, -1), 0.4, cmyk(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6), *commands],
        repeatRows=1, splitInRow=int(any(_too_tall(row) for row in rows[1:]))))
    return _build(story, document, po, locale, source_fonts, layout, s.footer)


def source_changes(previous: str, current: str, most: int = 6) -> str:
    """The words the author changed since the translation was made, ``was '1.6:1', now '1.5:1'; …``
    (words, not an arrow: the proof's Latin font has none): a reviewer sees the edit instead of
    comparing two paragraphs word by word. Empty if only spacing changed; at most ``most``
    changes, then how many more."""
    old, new = previous.split(), current.split()
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        was, now = " ".join(old[a1:a2]), " ".join(new[b1:b2])
        if op == "replace":
            parts.append(f"was '{was}', now '{now}'")
        elif op == "delete":
            parts.append(f"removed '{was}'")
        elif op == "insert":
            parts.append(f"added '{now}'")
    more = f"; and {len(parts) - most} more" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more


def _too_tall(row: list) -> bool:
    """Rows stay whole unless one is taller than a page (a runaway translation): then rows may split."""
    limit = (PAGE[1] - 2 * MARGIN) * 0.8
    return any(sum(f.wrap(w - 12, limit)[1] for f in cell) > limit for cell, w in zip(row, (META_W, TEXT_W, TEXT_W)))


def _messages(document: Document, po: PoFile):
    """((msgctxt, msgid), the catalog's message or None, in the source?): the source's
    order first, then entries of the catalog that the source no longer has."""
    front = [(FRONT_MATTER_ORGANISATION, document.organisation)]
    front += [(FRONT_MATTER_TAGLINE, document.tagline)] if document.tagline else []
    front += [(FRONT_MATTER_CONTACT, line) for line in dict.fromkeys(document.contact)]
    # the template's order (catalogs.generate): blocks, printed front matter, labels
    order = [(b.kind, b.text) for b in document.translatable()] + front + [(lab.name, lab.text) for lab in LABELS]
    messages = {(m.context, m.id): m for m in po.catalog if m.id}
    for key in order:
        yield key, messages.get(key), True
    known = set(order)
    for key, message in messages.items():
        if key not in known:
            yield key, message, False


def _status(message, in_source: bool) -> str:
    if message is None:
        return "MISSING from the catalog (run update)"
    if not in_source:
        return "OBSOLETE: not in the source (run update)"
    if not message.string:
        return "optional: printed as written" if catalogs.optional(message) else "UNTRANSLATED"
    return "FUZZY" if message.fuzzy else "translated"


def _safe(styles: Styles, value: str, po: PoFile, line: int | None, style: TextStyle):
    """An untrusted catalog string → (flowable, None), or (escaped plain text, the gate's reason).
    Refused characters are shown as [U+XXXX] (the characters check names them)."""
    value = charpolicy.visible(value, styles.rtl)
    try:
        return styles.block(Text(value, po.path or "", line), style), None
    except BrochureError as exc:
        return styles.label(value, style), exc.message


class _ProofStyles:
    """The render ``Styles`` of both languages, and the proof's own text styles."""

    def __init__(self, layout: Layout, fonts: FontSet, locale: str, script: Script, latin: FontSet, source: str):
        self.latin, t = latin, layout.type
        self.tr = Styles(layout.with_leading(script.leading), fonts, locale, script)
        self.en = Styles(layout, latin, source, Script(latin.family, direction="ltr"))

        def style(parent: TextStyle, **kw) -> TextStyle:  # start-aligned, not hyphenated: a reviewer reads whole words
            return replace(parent, **{**dict(space_before=0.0, space_after=0.0, keep_with_next=False, hyphenate=None,
                                             align="start"), **kw})

        small = dict(size=max(t.small.size + 0.5, t.min_size), leading=t.small.leading + 1,
                     color=self.en.body.color)
        self.en_body = style(self.en.body)
        self.en_bold = style(self.en_body, faces=self.en.small_bold.faces)
        self.tr_body = style(self.tr.body)
        self.tr_bold = style(self.tr_body, faces=self.tr.small_bold.faces)
        self.meta = style(self.en_body, **small)
        self.note = style(self.meta, faces=self.en.note.faces, oblique=self.en.note.oblique)
        self.head = style(self.meta, faces=self.en.small_bold.faces)
        self.tr_small = style(self.tr_body, **{**small, "leading": small["leading"] * script.leading})
        self.tr_head = style(self.tr_small, faces=self.tr.small_bold.faces)
        self.title = style(self.en_bold, size=t.heading.size + 4, leading=t.heading.leading + 4,
                           space_after=3 * MM)
        self.footer = style(self.meta, size=8, leading=10, emphasis=False)


def _findings(s: _ProofStyles, found: list[Finding]) -> Table:
    """One tinted row per finding; in the locale's font if it quotes text the Latin font lacks."""
    rows, commands = [], []
    for i, f in enumerate(found):
        message = charpolicy.visible(f.message, s.tr.rtl)  # it may quote the translation
        text = f"{f.severity}[{f.check}]: {message}"
        if s.latin.missing(text) is None:
            rows.append([_text(f"**{escape(f.severity)}[{escape(f.check)}]**: {escape(message)}", s.meta)])
        else:
            rows.append([s.tr.label(text, s.tr_small, translated=False)])
        commands.append(("BACKGROUND", (0, i), (0, i), cmyk(TINTS.get(f.severity, TINTS["warning"]))))
    return _table(rows, [TEXT_W - 2 * PAD], s.latin, [
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -2), 1.5, cmyk((0, 0, 0, 0))), *commands], hAlign="LEFT", spaceBefore=4)


def _finding_paragraph(s: _ProofStyles, text: str):
    """Latin text in the proof's font; anything else (quoted translation) in the locale's."""
    return _text(escape(text), s.meta) if s.latin.missing(text) is None else \
        s.tr.label(text, s.tr_small, translated=False)


def _title_block(s: _ProofStyles, document: Document, po: PoFile, locale: str, findings, other,
                 where: dict[str, list[str]], numbers: dict) -> list:
    st = catalogs.stats(po)
    errors = sum(1 for f in findings if f.is_error)
    waived = [f for f in findings if f.severity == WAIVED]
    rows = [
        ("Locale", _text(escape(locale), s.meta)),
        ("Language", s.tr.label(language_name(locale), s.tr_small)),
        ("Catalog", _text(escape(po.path or "(unnamed)"), s.meta)),
        ("Messages", _text(f"{st.total}: {st.translated} translated, **{st.fuzzy} fuzzy**, "
                           f"**{st.untranslated} untranslated** ({st.percent:.0f} % complete)", s.meta)),
        ("Checks", _text(f"{errors} error(s), {len(findings) - errors - len(waived)} warning(s), "
                         f"{len(waived)} waived", s.meta)),
        ("Review", _review(po, s)),
        # the line a reviewer signs: the fingerprint binds the sign-off to exactly the text in this proof
        ("Sign-off", _text(f"to sign off the text in this proof, add to the catalog's header: X-Reviewed-By: "
                           f"Name <e-mail>, YYYY-MM-DD, text:{text_fingerprint(po)}", s.meta)),
        ("Article", _text(escape(f"{document.path} · {document.document_code} {document.version} · "
                                 f"{document.date.isoformat()}"), s.meta)),
        ("Reading", _text("FUZZY and UNTRANSLATED messages are never printed in the brochure. Findings are "
                          "tinted red (error: blocks the release), yellow (warning: please look) or blue "
                          "(waived by a reviewer, listed here).", s.meta)),
    ]
    # every error and warning by message number: a reviewer goes to them instead of leafing through every page
    rows += [("Found", _text(f"**{escape(kind)}**: {', '.join(numbers)}", s.meta))
             for kind, numbers in sorted(where.items(), key=lambda item: not item[0].startswith(ERROR))]
    rows += [("Waiver", _finding_paragraph(s, f"#{numbers[f.line]} · line {f.line}: {f.check}: {f.message}"
                                             if f.line in numbers else f"line {f.line}: {f.check}: {f.message}"))
             for f in waived]
    rows += [("Other finding", _text(escape(str(f)), s.meta)) for f in other]
    table = _table([[_text(k, s.head), v] for k, v in rows], [28 * MM, WIDTH - 28 * MM], s.latin, [
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (0, -1), 0)], hAlign="LEFT", spaceAfter=5 * MM)
    return [_text(f"Translation proof: {escape(plain(document.title.text))}", s.title), table]


def _review(po: PoFile, s: _ProofStyles):
    """The review status from the header; a malformed sign-off is shown as the error it is."""
    try:
        review = review_of(po)
    except BrochureError as exc:
        return _text(f"**error**: {escape(charpolicy.visible(str(exc), s.tr.rtl))}", s.meta)
    status = charpolicy.visible(review.status(), s.tr.rtl)  # names from the header: untrusted like the msgstrs
    if review.reviewer is not None and s.latin.missing(status) is not None:  # a name in the locale's script
        return s.tr.label(status, s.tr_small, translated=False)
    if review.reviewed:
        return _text(escape(status), s.meta)
    return _text(f"**{escape(status)}** (the brochure's colophon says so)", s.meta)


def _table(rows: list, widths: list, latin: FontSet, commands: list, **kwargs) -> Table:
    return table(rows, widths, [("VALIGN", (0, 0), (-1, -1), "TOP"), *commands], latin.regular, **kwargs)


def _build(story: list, document: Document, po: PoFile, locale: str, latin: FontSet, layout: Layout,
           footer_style: TextStyle) -> bytes:
    def footer(canvas, number: int, total: int) -> None:
        for value, align in ((f"{po.path or ''} · translation proof ({locale})", "left"),
                             (f"page {number} of {total}", "right")):
            part = TextBlock(value, replace(footer_style, align=align))
            part.wrapOn(canvas, WIDTH, MARGIN)
            part.drawOn(canvas, MARGIN, MARGIN / 2 - 2)

    out = io.BytesIO()
    frame = Frame(MARGIN, MARGIN, WIDTH, PAGE[1] - 2 * MARGIN, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    doc = BaseDocTemplate(out, pagesize=PAGE, pageTemplates=[PageTemplate("proof", [frame])],
                          title=f"Translation proof {locale}: {po.path or ''}", author=document.organisation,
                          subject=f"{document.document_code} {document.version}", creator=f"brochure {__version__}",
                          lang=locale_tag(document.language), invariant=1, initialFontName=latin.regular,
                          enforceColorSpace="cmyk")
    doc.build(story, canvasmaker=lambda *a, **k: FooterCanvas(*a, footer=footer, **k))
    return out.getvalue()
