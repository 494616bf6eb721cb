"""The fixed words printed on every brochure besides the article: each one a message.

``name`` is the msgctxt, so two labels with the same English words stay apart.
``{placeholders}`` are filled at render time and must survive translation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str
    text: str
    comment: str


LABELS: tuple[Label, ...] = (
    Label("cover.kicker", "Patient information",
          "Small line above the title on the first page. Keep it short (one line)."),
    Label("references.heading", "References",
          "Heading of the appendix with the literature list; the references themselves stay in English."),
    Label("references.note", "The publications are cited in their original language.",
          "One sentence under the References heading in translated brochures."),
    Label("footer.page", "Page {page} of {pages}",
          "Running footer. Keep {page} and {pages}: they become the page number and the page count."),
    Label("colophon.heading", "About this leaflet",
          "Heading of the colophon at the end of the reference appendix."),
    Label("colophon.organisation", "Published by",
          "Colophon label; the organisation's name follows."),
    Label("colophon.document-code", "Document code",
          "Colophon label; the clinic's document code follows."),
    Label("colophon.version", "Version", "Colophon label; the version number follows."),
    Label("colophon.date", "Date of issue", "Colophon label; the date, formatted for your language, follows."),
    Label("colophon.language", "Language", "Colophon label; the name of this language in itself follows."),
    Label("colophon.translator", "Translation",
          "Colophon label; the translator from the Last-Translator header of this file follows."),
    Label("colophon.fallback", "Passages not yet translated are printed in {language}.",
          "Colophon sentence, printed only when some passages fall back to the source language. "
          "{language} becomes the source language's name in your language."),
    Label("notes.heading", "Notes",
          "Heading of the blank pages for the patient's own notes at the end of a booklet."),
    Label("colophon.translated-from", "Translated from the {language} original.",
          "Colophon sentence in translated brochures. {language} becomes the source language's name in your language."),
)

BY_NAME = {label.name: label for label in LABELS}
