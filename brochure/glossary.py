"""Terminology: ``glossary/<ll>.csv`` says how the project's terms are translated.

CSV rather than TBX: a clinic's terminologist keeps the list in a spreadsheet, one file
per locale sits beside that locale's catalogs, a diff shows one changed term as one changed
line, and the standard library reads it (TBX is ISO 30042 XML, which Weblate and OmegaT
import; a TBX export is one loop over these rows). Columns (a header row, UTF-8)::

    term,required,forbidden,severity,note
    MSC,МСК,MSC,error,mesenchymal stem cells: the Russian abbreviation

* ``term``: the source term, found as a whole word (case-sensitive when written in
  capitals, like an abbreviation; otherwise case-insensitive);
* ``required``: the target term, or alternatives separated by ``|`` (inflected forms or
  a stem such as ``стволов``); any one must occur in the translation;
* ``forbidden``: terms that must not occur, ``|``-separated (may be empty);
* ``severity``: ``error`` or ``warning``; ``note``: for the translator, not checked.

`check` reports, at the entry's line, a translation of a message that uses the term but
lacks every required target term, or holds a forbidden one; the proof lists the findings.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from . import markup
from .catalogs import PoFile
from .checks.findings import ERROR, WARNING, Finding
from .errors import BrochureError
from .fsutil import read_input
from .project import Project

MAX_GLOSSARY_BYTES = 1_000_000
COLUMNS = ("term", "required", "forbidden", "severity", "note")
CHECK = "glossary"


@dataclass(frozen=True)
class Term:
    """A glossary entry: the English term, the translations required and forbidden for it."""

    term: str
    required: tuple[str, ...]
    forbidden: tuple[str, ...]
    severity: str
    note: str
    line: int
    path: str

    def pattern(self) -> re.Pattern:
        flags = 0 if self.term.isupper() else re.IGNORECASE
        plural = "" if self.term.isupper() else "(?:s|es)?"  # the source is English: stem cells
        return re.compile(rf"(?<!\w){re.escape(self.term)}{plural}(?!\w)", flags)


def path_of(project: Project, locale: str):
    return project.root / "glossary" / f"{locale}.csv"


def load(project: Project, locale: str) -> tuple[Term, ...]:
    """The locale's glossary (empty when there is none)."""
    path = path_of(project, locale)
    if not path.is_file():
        return ()
    shown = project.rel(path)
    try:
        text = read_input(path, shown, "glossary", MAX_GLOSSARY_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise BrochureError("not valid UTF-8", shown) from None
    return parse(text, shown)


def parse(text: str, shown: str) -> tuple[Term, ...]:
    """Parse a glossary CSV (pure); errors carry ``path:line``."""
    if text.startswith("\ufeff"):
        raise BrochureError("byte order mark at the start of the file; save as UTF-8 without BOM", shown, 1)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None or tuple(h.strip() for h in header) != COLUMNS:
            raise BrochureError(f"the first row must be the columns {','.join(COLUMNS)}", shown, 1)
        terms, seen = [], {}
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise BrochureError(f"{len(row)} columns, expected {len(COLUMNS)} ({','.join(COLUMNS)})", shown, line)
            term, required, forbidden, severity, note = (cell.strip() for cell in row)
            if not term:
                raise BrochureError("term: empty", shown, line)
            if term.casefold() in seen:
                raise BrochureError(f"term {term!r} is listed twice (first at line {seen[term.casefold()]})",
                                    shown, line)
            if severity not in (ERROR, WARNING):
                raise BrochureError(f"severity: {severity!r}; write error or warning", shown, line)
            needed = _alternatives(required)
            if not needed:
                raise BrochureError(f"required: empty for {term!r}", shown, line)
            seen[term.casefold()] = line
            terms.append(Term(term, needed, _alternatives(forbidden), severity, note, line, shown))
    except csv.Error as exc:
        raise BrochureError(f"CSV: {exc}", shown, rows.line_num) from None
    return tuple(terms)


def _alternatives(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def check(po: PoFile, terms: tuple[Term, ...]) -> list[Finding]:
    """Glossary findings for the translated (not fuzzy) entries of ``po``, in file order."""
    if not terms:
        return []
    found = []
    patterns = [(term, term.pattern()) for term in terms]
    for message in po.catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        source, target = markup.plain(message.id), markup.plain(message.string)
        for term, pattern in patterns:
            if not pattern.search(source):
                continue
            line = po.line_of(message)
            if not any(_holds(target, t) for t in term.required):
                found.append(Finding(po.path or "", line, term.severity, CHECK,
                                     f"'{term.term}' should be translated as {' or '.join(repr(t) for t in term.required)}"
                                     f" ({term.path}:{term.line})"))
            bad = [t for t in term.forbidden if _holds(target, t)]
            if bad:
                found.append(Finding(po.path or "", line, term.severity, CHECK,
                                     f"'{term.term}' must not be translated as {bad[0]!r} ({term.path}:{term.line})"))
    return found


def _holds(text: str, form: str) -> bool:
    """Does ``text`` use ``form``? An abbreviation written in capitals (ELA, SLA, МСК) as
    written, case and all, and not inside a longer word of a script with case ("ELAS"); an
    uncased letter may touch it (Amharic "በALS", Arabic "بـALS"). Compared as a stem, case
    ignored, the Portuguese "ELA" was found in "pela" and "Ela". Any other form as a stem,
    whatever its case (inflected words: "staminal" in "staminali"). Compared as NFC: a catalog
    or glossary saved decomposed ("a" and U+0308 for "ä") prints the same letters."""
    text, form = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", form)
    if not form.isupper():
        return form.casefold() in text.casefold()
    cased = lambda c: c.isupper() or c.islower()  # noqa: E731
    start = text.find(form)
    while start >= 0:
        end = start + len(form)
        if not (start and cased(text[start - 1])) and not (end < len(text) and cased(text[end])):
            return True
        start = text.find(form, start + 1)
    return False
