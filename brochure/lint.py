"""Source lint: doubtful places in the author's article, as warnings with ``source/…md:LINE``.

The article is the clinic's text and the pipeline reproduces it verbatim, so the
lint never edits anything: it points, and the clinic decides. It looks for

* ``reversed-range``: a numeric range whose first number is larger ("7-6 individuals");
* ``mixed-number-format``: thousands grouped with ``,`` in one place and ``.`` in
  another ("100,000" beside "100.000"), which readers and translators read differently;
* ``brackets``: brackets or double quotes that do not pair up within a block;
* ``doubled-word``: the same word twice in a row ("the the");
* ``empty-section``: a heading with no text under it before the next heading of its rank or
  above, or at the end (a section the author meant to fill, printed as a bare heading);
* ``repeated-paragraph``: a paragraph that stands word for word earlier (pasted twice);
* ``characters`` (an error, since the build refuses them too): a character ``charpolicy``
  refuses, such as a right-to-left override, a control character or a noncharacter, in the
  text or in the printed front matter (organisation, tagline, contact, document code, version).

Ranges and number formats are only looked for in the translated text, not in
the references (volume.issue like ``4.235`` and abbreviated page ranges like
``2230-34`` are citation conventions there).
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.numbers import get_group_symbol

from . import charpolicy, markup
from .checks import numbers, text
from .checks.findings import ERROR, WARNING, Finding
from .localetext import is_rtl
from .model import HEADING, PARAGRAPH, Document
from .source import parse_document, read_source_text

_NUM = r"\d+(?:[.,]\d+)*"
_RANGE = re.compile(rf"(?<![\w.,:/-])({_NUM})\s?(?:-|–|—|\s+to\s+)\s?({_NUM})(?![\w:/]|[.,]\d)")
_GROUPED = {",": re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)"),
            ".": re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?![\d.]|,\d)")}
_DOUBLED = re.compile(r"(?<!\w)(\w+)(?:\s+\1)+(?!\w)", re.IGNORECASE)


def lint_file(path: str | Path, display_path: str | None = None) -> list[Finding]:
    """Parse and lint one source file; lines are exact (the file's text is at hand)."""
    shown = display_path or str(path)
    text = read_source_text(path, shown)
    return lint_document(parse_document(text, shown), text)


def lint_document(document: Document, source_text: str | None = None) -> list[Finding]:
    """Warnings for ``document``. With ``source_text`` a finding inside a multi-line
    paragraph gets the line it is on, otherwise the block's first line."""
    lines = source_text.split("\n") if source_text is not None else None
    found: list[Finding] = []

    def warn(check: str, message: str, start: int, snippet: str | None = None) -> None:
        found.append(Finding(document.path, _line(lines, start, snippet), WARNING, check, message))

    prose = [(block.line, markup.plain(block.text)) for block in document.translatable()]
    rtl = is_rtl(document.language)
    for line, value in prose + [(ref.line, ref.text) for ref in document.references]:
        refused = charpolicy.first_problem(value, rtl)  # the build refuses these too: an error
        if refused:
            found.append(Finding(document.path, _line(lines, line, refused[0]), ERROR, "characters", refused[1]))
    for key, line, value in _printed_front_matter(document, lines):
        refused = charpolicy.first_problem(value, rtl)  # printed on the cover and in the colophon
        if refused:
            found.append(Finding(document.path, line, ERROR, "characters", f"{key} (front matter): {refused[1]}"))
    for line, value in prose:
        for m in _RANGE.finditer(_masked(value)):
            low, high = numbers.english_value(m.group(1)), numbers.english_value(m.group(2))
            if low is not None and high is not None and low > high:
                warn("reversed-range", f"range {m.group(0).strip()!r} runs backwards "
                     f"(did you mean {m.group(2)}–{m.group(1)}?)", line, m.group(0).strip())
    _number_formats(document, prose, warn, lambda start, snippet: _line(lines, start, snippet))
    for line, value in prose + [(ref.line, ref.text) for ref in document.references]:
        problem = text.unbalanced(value)
        if problem:
            warn("brackets", f"brackets or quotes do not pair up: {problem}", line)
        for m in _DOUBLED.finditer(value):
            if not m.group(1).isdigit():
                text_ = m.group(0) if len(m.group(0)) <= 80 else \
                    f"{m.group(1)} {m.group(1)} … ({len(m.group(0).split())} times)"  # a message, not the file
                warn("doubled-word", f"doubled word {text_!r}", line, m.group(0))
    _structure(document, warn)
    found.sort(key=lambda f: (f.line or 0, f.check))
    return found


def _structure(document: Document, warn) -> None:
    """Empty sections and paragraphs that stand twice."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if block.kind != HEADING:
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        marks = "#" * block.level
        if after is None:
            warn("empty-section", f"the section '{marks} {block.text}' has no text", block.line)
        elif after.kind == HEADING and after.level <= block.level:
            warn("empty-section", f"the section '{marks} {block.text}' has no text before the next heading",
                 block.line)
    first: dict[str, int] = {}
    for block in blocks:
        if block.kind == PARAGRAPH:
            if block.text in first:
                warn("repeated-paragraph", f"the same paragraph as line {first[block.text]}", block.line)
            first.setdefault(block.text, block.line)


def _number_formats(document: Document, prose: list[tuple[int, str]], warn, locate) -> None:
    """Warn at every grouped number written in another style than the document's usual one."""
    seen: dict[str, list[tuple[int, str]]] = {",": [], ".": []}
    for line, value in prose:
        masked = _masked(value)
        for symbol, pattern in _GROUPED.items():
            seen[symbol] += [(line, m.group(0)) for m in pattern.finditer(masked)]
    if not (seen[","] and seen["."]):
        return
    own = get_group_symbol(document.language)
    keep = own if own in seen else next(s for s in seen if seen[s])
    other = "." if keep == "," else ","
    example_line, example = seen[keep][0]
    example_line = locate(example_line, example)
    for line, token in seen[other]:
        warn("mixed-number-format",
             f"{token!r} groups thousands with '{other}', but {example!r} (line {example_line}) uses "
             f"'{keep}': number formats are mixed; in {document.language} '{own}' groups thousands",
             line, token)


def _printed_front_matter(document: Document, lines: list[str] | None) -> list[tuple[str, int | None, str]]:
    """(key, line, value) of the front matter the pages print: organisation, tagline, contact
    lines (each at its own line where it is written out), document code and version."""
    out = [(key, document.line_of(key), value) for key, value in (
        ("organisation", document.organisation), ("tagline", document.tagline),
        ("document_code", document.document_code), ("version", document.version)) if value]
    start = document.line_of("contact")
    out += [("contact", _line(lines, start, value[:20]) if start else None, value) for value in document.contact]
    return out


def _masked(value: str) -> str:
    """The text without links and identifiers (IGF-1 is a name, not a range)."""
    for link in numbers.links(value):
        value = value.replace(link, " " * len(link))
    return numbers.IDENTIFIER.sub(lambda m: " " * len(m.group(0)), value)


def _line(lines: list[str] | None, start: int, snippet: str | None) -> int:
    """The line at or after ``start`` (within the block) that contains ``snippet``."""
    if lines is None or not snippet:
        return start
    for index in range(start - 1, len(lines)):
        if index > start - 1 and not lines[index].strip():
            break
        if snippet in lines[index]:
            return index + 1
    return start
