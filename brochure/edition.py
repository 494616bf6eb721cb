"""One locale's printable text: translations resolved, labels and dates localised.

Pure: takes the parsed ``Document`` and the locale's ``PoFile`` and returns an
``Edition`` in which every string remembers where it came from (``path:line``),
so that later gates (markup, glyph coverage) can point at the translator's line.
Fuzzy translations are never printed. A string without a usable translation is
listed in ``missing``; the build decides whether the source text may stand in.
Two exceptions: the front matter's organisation and contact lines may stay
untranslated (proper names, addresses) and then print as written, and a label
the catalog lacks comes from the program's own translation for that language
(``builtin_labels``) before it falls back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from . import charpolicy, markup
from .catalogs import PoFile
from .errors import BrochureError
from .labels import IN_CAPITALS, LABELS, placeholders
from .localetext import digits, is_rtl, language_name, locale_tag, long_date, upper
from .model import FRONT_MATTER_CONTACT, FRONT_MATTER_ORGANISATION, FRONT_MATTER_TAGLINE, Block, Document
from .review import REVIEWED_BY, Review, review_of, translator as translator_of


@dataclass(frozen=True)
class Text:
    """A printable string (inline Markdown subset) and the file line it comes from."""

    value: str
    path: str
    line: int | None
    translated: bool = True
    source: str = ""  # the source message it translates (msgid): the words it keeps (Styles.block)


@dataclass(frozen=True)
class Edition:
    """A document in one locale, as printed: its texts, labels and colophon."""

    locale: str
    document: Document
    title: Text
    blocks: tuple[tuple[Block, Text], ...]
    labels: Mapping[str, Text]
    translator: str | None  # from Last-Translator; not printed for a machine translation
    review: Review  # machine translation? reviewed by whom? (X- header fields)
    missing: tuple[Text, ...]  # source strings printed because no translation is usable
    date: str  # publication date in the locale's long format (CLDR)
    language: str  # the locale's name in itself
    source_language: str  # the source language's name in this locale
    translator_at: Text | None = None  # the translator's name where it is written (Last-Translator)
    reviewer_at: Text | None = None  # the reviewer's name where it is written (X-Reviewed-By)
    organisation: Text | None = None  # the front matter's, translated if the catalog does
    contact: tuple[Text, ...] = ()
    tagline: Text | None = None  # None when the front matter has none
    source_language_in_source: str = ""  # the source language's name in itself, where an untranslated label prints it

    def sentence(self, name: str) -> str:
        """A colophon sentence naming the source language in the sentence's own language:
        "Translated from the English original." when the label itself is untranslated."""
        label = self.labels[name]
        language = self.source_language if label.translated else self.source_language_in_source
        return label.value.format(language=language or self.source_language)

    @property
    def organisation_text(self) -> Text:
        return self.organisation or Text(self.document.organisation, self.document.path, None, translated=False)

    @property
    def is_source(self) -> bool:
        return self.locale == self.document.language

    def credits(self) -> list[tuple[str, str, bool]]:
        """The colophon's translation rows: (label name, value, is the value in the locale's language?).

        A machine translation is credited in the reader's language, with its review status;
        a person by name; a reviewer who signed off by name.
        """
        rows = []
        if self.review.machine:
            status = "colophon.machine" if self.review.reviewed else "colophon.unreviewed"
            rows.append(("colophon.translator", self.label(status), True))
        elif self.translator:
            rows.append(("colophon.translator", self.translator, False))
        if self.review.reviewed:
            rows.append(("colophon.reviewer", self.review.reviewer, False))
        return rows

    def lang_of(self, text: Text) -> str:
        """The language ``text`` is printed in (a BCP 47 tag): the source's where it stands in for a
        missing translation (``--fallback-source``, a label the program has none for)."""
        return locale_tag(self.locale if text.translated else self.document.language)

    def label_lang(self, name: str) -> str:
        return self.lang_of(self.labels[name])

    def label_translated(self, name: str) -> bool:
        """Is the label printed in the locale's words (else the source's: a new catalog with
        ``--fallback-source``, set in the source's direction, ``Styles.label``)?"""
        return self.labels[name].translated

    def label(self, name: str, **values) -> str:
        return self.labels[name].value.format(**values) if values else self.labels[name].value

    def drawn_label(self, name: str) -> str:
        """A label as the page shows it: the kicker in capitals, by the rules of the language it
        is printed in (English left in an Azerbaijani brochure has no dotted İ)."""
        text = self.labels[name]
        language = self.locale if text.translated else self.document.language
        return upper(text.value, language) if name in IN_CAPITALS else text.value

    def printed(self) -> list[tuple[str, Text]]:
        """Every string that can appear on a page, as drawn, with a short description."""
        out = [("title", self.title)]
        out += [(block.kind, text) for block, text in self.blocks]
        out += [(f"label {name}", replace(text, value=self.drawn_label(name))) for name, text in self.labels.items()]
        out += [(FRONT_MATTER_WHAT["organisation"], self.organisation_text)]
        out += [(FRONT_MATTER_WHAT["contact"], text) for text in self.contact]
        out += [(FRONT_MATTER_WHAT["tagline"], self.tagline)] if self.tagline else []
        return out


# How errors name a front matter value (the glyph gate names the key as well as file:line).
FRONT_MATTER_WHAT = {key: f"the {name} (front matter)" for key, name in
                     (("organisation", "organisation"), ("contact", "contact lines"), ("tagline", "tagline"))}


def make_edition(document: Document, locale: str, po: PoFile | None,
                 builtin_labels: PoFile | None = None) -> Edition:
    """Resolve every printed string for ``locale``; ``po`` is None for the source language.
    ``builtin_labels``: the program's own catalog for ``locale``, for labels ``po`` lacks."""
    missing: list[Text] = []
    rtl = is_rtl(locale)

    def resolve(text: str, context: str, source_line: int | None, path: str, is_label: bool,
                optional: bool = False) -> Text:
        source = Text(text, path, source_line, translated=False)
        if po is None:
            return Text(text, path, source_line)
        message = po.catalog.get(text, context=context)
        line = po.line_of(message) if message is not None else None
        if (message is None or not message.string or message.fuzzy) and is_label and builtin_labels is not None:
            builtin = builtin_labels.catalog.get(text, context=context)
            if builtin is not None and builtin.string and not builtin.fuzzy:
                result = Text(builtin.string, builtin_labels.path or "", builtin_labels.line_of(builtin), source=text)
                _validate(result, text, is_label, rtl)
                return result
        if message is None or not message.string or message.fuzzy:
            if not optional:
                missing.append(source)
            return source
        # composed here, where a msgstr becomes printed text: the .po stays as the translator saved it
        result = Text(charpolicy.composed(message.string), po.path or "", line, source=text)
        _validate(result, text, is_label, rtl)
        return result

    title = resolve(document.title.text, document.title.kind, document.title.line, document.path, False)
    blocks = tuple((b, resolve(b.text, b.kind, b.line, document.path, False)) for b in document.blocks)
    labels = {label.name: resolve(label.text, label.name, None, "brochure/labels.py", True) for label in LABELS}
    organisation = resolve(document.organisation, FRONT_MATTER_ORGANISATION, document.line_of("organisation"),
                           document.path, False, True)
    contact = tuple(resolve(line, FRONT_MATTER_CONTACT, document.line_of("contact"), document.path, False, True)
                    for line in document.contact)
    tagline = resolve(document.tagline, FRONT_MATTER_TAGLINE, document.line_of("tagline"), document.path,
                      False) if document.tagline else None
    translator, translator_at, review, reviewer_at = None, None, Review(), None
    if po is not None:
        review = review_of(po)
        if review.reviewed:
            reviewer_at = Text(review.reviewer, po.path or "", po.header_line(REVIEWED_BY))
        name = translator_of(po)
        if name:
            translator, translator_at = name, Text(name, po.path or "", po.header_line("Last-Translator"))
            _refuse_characters(translator_at, rtl, "Last-Translator: ")
    return Edition(
        locale=locale,
        document=document,
        title=title,
        blocks=blocks,
        labels=labels,
        translator=translator,
        review=review,
        missing=tuple(missing),
        date=long_date(document.date, locale),
        language=language_name(locale),
        source_language=language_name(document.language, locale),
        translator_at=translator_at,
        reviewer_at=reviewer_at,
        organisation=organisation,
        contact=contact,
        tagline=tagline,
        # read only for a label left in the source language (``sentence``): CLDR's data for the
        # source language is loaded for it
        source_language_in_source=language_name(document.language, document.language)
        if any(not text.translated for text in labels.values()) else "",
    )


def _refuse_characters(text: Text, rtl: bool, subject: str = "") -> None:
    found = charpolicy.first_problem(text.value, rtl)
    if found:
        raise BrochureError(subject + found[1], text.path, text.line)


def _validate(text: Text, source: str, is_label: bool, rtl: bool) -> None:
    """Refuse a translation that would print wrongly: refused characters, foreign markup, lost placeholders."""
    _refuse_characters(text, rtl)
    markup.to_reportlab(text.value, text.path, text.line)
    if markup.signature(text.value) != markup.signature(source):
        raise BrochureError(
            f"inline markup differs from the source: {' '.join(markup.signature(text.value)) or 'none'} "
            f"instead of {' '.join(markup.signature(source)) or 'none'}", text.path, text.line)
    if is_label:
        want, got = _fields(source), _fields(text.value, text)
        if want != got:
            raise BrochureError(
                f"placeholders {sorted(got) or 'none'} differ from the source's {sorted(want)}", text.path, text.line)


def _fields(value: str, text: Text | None = None) -> set[str]:
    try:
        return set(placeholders(value))
    except ValueError as exc:
        raise BrochureError(f"broken placeholder: {exc}", text.path if text else None,
                            text.line if text else None) from None


def sample_values(edition: Edition) -> dict[str, dict[str, str]]:
    """Placeholder values used to check label glyphs before rendering."""
    def language(name: str) -> dict[str, str]:
        label = edition.labels[name]
        return {"language": edition.source_language if label.translated else edition.source_language_in_source}

    numbers = "0123456789" + digits(edition.locale)  # the page numbers are in the locale's digits
    return {"footer.page": {"page": numbers, "pages": numbers},
            "colophon.translated-from": language("colophon.translated-from"),
            "colophon.fallback": language("colophon.fallback")}

