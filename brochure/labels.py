"""The fixed words printed on every brochure besides the article: each one a message.

``name`` is the msgctxt, so two labels with the same English words stay apart.
``{placeholders}`` are filled at render time and must survive translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """A printed label: its message name, English text, and the translator's note."""

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
    # The review status (brochure/review.py): in the reader's language, never the header's English.
    Label("colophon.unreviewed", "Machine-translated (AI), not yet medically reviewed",
          "Colophon: printed after 'Translation' while this file has an X-Machine-Translation header and no "
          "X-Reviewed-By header. Tells the patient plainly that no person has checked the medical text yet."),
    Label("colophon.machine", "Machine-translated (AI)",
          "Colophon: printed after 'Translation' once a reviewer has signed off (X-Reviewed-By header) "
          "on a machine translation."),
    Label("colophon.reviewer", "Medical review",
          "Colophon label; the name of the reviewer from the X-Reviewed-By header of this file follows."),
)

BY_NAME = {label.name: label for label in LABELS}
# Printed in capitals (localetext.upper), so the glyph gates check them so: a face may have a
# letter and not its capital (DejaVu Sans has Georgian's Mkhedruli, not Mtavruli).
IN_CAPITALS = frozenset({"cover.kicker"})

_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def without_placeholders(value: str) -> str:
    """A label's text without its ``{name}`` placeholders (printed as their values)."""
    return _FIELD.sub("", value)


def placeholders(value: str, ordered: bool = False) -> list[str]:
    """The ``{name}`` placeholders of a label, sorted (or as written); ``ValueError`` for anything else in braces.

    Only bare names are allowed: a format spec or conversion (``{page:d}``,
    ``{page:>1000000000}``, ``{page!r}``) would fail or run away in ``str.format``,
    and a stray brace would too.
    """
    rest = without_placeholders(value)
    if "{" in rest or "}" in rest:
        m = re.search(r"\{[^{}]*\}?|\}", rest)
        raise ValueError(f"{m.group(0)!r}: only {{name}} placeholders are allowed, without format spec, "
                         "conversion or stray braces")
    names = _FIELD.findall(value)
    return names if ordered else sorted(names)
