"""source/*.md → Document: YAML front matter plus a small Markdown subset.

The subset (documented in README.md, "Source format"):

* front matter between ``---`` lines with the keys in ``FRONT_MATTER``;
* ``## Heading`` for section headings (the title comes from the front matter);
* paragraphs: consecutive non-blank lines, joined with one space;
* ``- item`` bullet items; a following line indented by two spaces continues the item;
* one ``::: references`` … ``:::`` block of numbered entries ``1. …`` numbered 1..N;
* inline ``**bold**`` and ``*italic*`` (see ``brochure.markup``).

Anything else that looks like Markdown structure (``#``, ``>``, tables, code
fences, numbered lists outside the references, a list inside a list item, raw HTML;
inline links, code and underscore emphasis: ``brochure.markup``) is an error with its
line, so that the author learns at once that it would not print as intended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import yaml

from . import markup
from .charpolicy import composed
from .errors import BrochureError
from .fsutil import read_input
from .model import HEADING, LIST_ITEM, PARAGRAPH, TITLE, Block, Document, Reference
from .yamlutil import compose_text

MAX_SOURCE_BYTES = 1_000_000  # the shipped article is 8 KB; a whole book would be 1 MB

FRONT_MATTER = {
    "title": "the brochure title, printed on the first page and used as PDF title",
    "organisation": "the publishing clinic or institute (PDF author, colophon)",
    "document_code": "the clinic's document code, printed in every footer",
    "version": "the document version, e.g. \"1.0\" (quote it: YAML reads 1.0 as a number)",
    "date": "publication date, YYYY-MM-DD",
    "language": "the source language code, e.g. en",
}
OPTIONAL = {
    "tagline": "one line under the organisation's name on the first page (what the clinic does)",
    "contact": "a list of lines for the back cover's contact block (address, telephone, web)",
    "logo": "the organisation's logo for the booklet's front cover: an SVG or PDF file, relative to the source file",
    "url": "the online version's short address (https://…), printed with a QR code on the covers",
}

_REF_ITEM = re.compile(r"^(\d{1,6})\.\s+(\S.*)$")
_HEADING_MARKS = re.compile(r"^#{2,3}(?!#)")  # '##' or '###'; a space and the words must follow
_NESTED_ITEM = re.compile(r"^\s+([-*+]|\d+[.)])\s")
_TASK = re.compile(r"^\[[ xX]\]\s")  # '- [ ] item': a checkbox of GitHub's Markdown
# A rule, or the '===' / '---' line under a setext heading: taken for a list item or for more
# of the paragraph above, it printed as typed
_RULE = re.compile(r"^ {0,3}(?:=+|-{2,}|([-*_])[ \t]*(?:\1[ \t]*){2,})[ \t]*$")
_HARD_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\\$")  # an odd number of backslashes ends the line
_UNSUPPORTED = [
    (re.compile(r"^#(\s|$)"), "a level-1 heading: the title comes from the front matter"),
    (re.compile(r"^#{4,}"), "headings deeper than ###"),
    (re.compile(r"^>"), "block quotes"),
    (re.compile(r"^\s*\|"), "tables"),
    (re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$"), "tables"),  # '---|---' under a header row
    (re.compile(r"^(```|~~~)"), "code blocks"),
    (re.compile(r"^\d+[.)]\s"), "numbered lists outside the ::: references block"),
    (re.compile(r"^\s*[*+\u2022\u2023\u25e6\u25aa\u2219]\s"), "bullets other than '- '"),  # '•' pasted from a word processor
    (re.compile(r"^\s+-\s"), "an indented bullet: write '- ' at the start of the line"),
    (re.compile(r"^\s*<[A-Za-z!/]"), "raw HTML"),
    (re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S"), "a link reference definition; write the address itself in the text"),
]


def read_document(path: str | Path, display_path: str | None = None) -> Document:
    """Read and parse one source file; errors name ``display_path`` (default: ``path``)."""
    shown = display_path or str(path)
    text = read_source_text(path, shown)
    document = parse_document(text, shown)
    if document.logo:
        logo = Path(path).parent / document.logo
        if not logo.is_file():
            line = next((n for n, row in enumerate(text.split("\n"), 1) if row.startswith("logo:")), None)
            raise BrochureError(f"front matter: logo '{document.logo}' is not a file next to the source", shown, line)
        document = dataclasses.replace(document, logo=str(logo.resolve()))
    return document


def read_source_text(path: str | Path, shown: str) -> str:
    """The text of a source file, refused before reading when it is over ``MAX_SOURCE_BYTES``."""
    raw = read_input(path, shown, "source", MAX_SOURCE_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BrochureError("source is not valid UTF-8", shown, line) from None


def declared_language(text: str, path: str) -> str | None:
    """The language a source's front matter declares, or None where the front matter itself
    is broken (pure): a document whose body cannot be parsed still names its source edition."""
    try:
        return _front_matter(text.split("\n"), path)[0]["language"]
    except BrochureError:
        return None


def parse_document(text: str, path: str) -> Document:
    """Parse the text of a source file (pure: no I/O)."""
    if text.startswith("\ufeff"):
        raise BrochureError("byte order mark at the start of the file; save as UTF-8 without BOM", path, 1)
    lone_cr = re.search(r"\r(?!\n)", text)
    if lone_cr:  # CRLF is read as LF; CR alone would make the whole file one line
        raise BrochureError("a carriage return without a line feed (classic Mac OS line ends?); save with LF or CRLF line ends",
                            path, text.count("\n", 0, lone_cr.start()) + 1)
    # composed as a catalog's msgstr is: a source saved decomposed (NFD) was extracted and printed so
    text = composed(text)
    lines = text.split("\n")
    meta, body_start, key_lines = _front_matter(lines, path)
    title_line = key_lines["title"]
    title = Block(TITLE, _inline(meta["title"], path, title_line), title_line)
    blocks, references = _body(lines, body_start, path)
    return Document(
        path=path,
        title=title,
        organisation=meta["organisation"],
        document_code=meta["document_code"],
        version=meta["version"],
        date=meta["date"],
        language=meta["language"],
        blocks=tuple(blocks),
        references=tuple(references),
        contact=meta.get("contact", ()),
        logo=meta.get("logo", ""),
        url=meta.get("url", ""),
        tagline=meta.get("tagline", ""),
        front_matter_lines=tuple(key_lines.items()),
    )


def _front_matter(lines: list[str], path: str) -> tuple[dict, int, dict[str, int]]:
    if not lines or lines[0].strip() != "---":
        raise BrochureError("the file must start with YAML front matter between '---' lines", path, 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise BrochureError("front matter is not closed by a '---' line", path, 1) from None
    nodes = compose_text("\n".join(lines[1:end]), path, first_line=2, syntax="front matter")
    if not isinstance(nodes, yaml.MappingNode):
        raise BrochureError("front matter must be a mapping of keys to values", path, 2)
    meta: dict = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in nodes.value:
        key, line = key_node.value, key_node.start_mark.line + 2
        if key in meta:
            raise BrochureError(f"front matter: duplicate key '{key}'", path, line)
        if key not in FRONT_MATTER and key not in OPTIONAL:
            known = ", ".join([*FRONT_MATTER, *OPTIONAL])
            raise BrochureError(f"front matter: unknown key '{key}' (known: {known})", path, line)
        if key == "contact":
            if not isinstance(value_node, yaml.SequenceNode) or not all(
                    isinstance(item, yaml.ScalarNode) and item.value.strip() for item in value_node.value):
                raise BrochureError("front matter: 'contact' must be a list of text lines", path, line)
            for item in value_node.value:
                markup.validate_verbatim(item.value, path, item.start_mark.line + 2, "front matter: contact")
            meta[key] = tuple(item.value.strip() for item in value_node.value)
            key_lines[key] = line
            continue
        if not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            raise BrochureError(f"front matter: '{key}' must be a non-empty text", path, line)
        # Keep the text as written: YAML 1.1 would turn `version: 1.10` into 1.1.
        meta[key] = value_node.value.strip()
        if key == "organisation":  # printed on the cover and in the colophon without markup
            markup.validate_verbatim(meta[key], path, line, "front matter: organisation")
        if key == "tagline":  # printed as a paragraph, its emphasis as such
            markup.validate_source_inline(meta[key], path, line)
        key_lines[key] = line
    missing = [k for k in FRONT_MATTER if k not in meta]
    if missing:
        raise BrochureError(f"front matter: missing {', '.join(missing)}", path, end + 1)
    try:
        meta["date"] = dt.date.fromisoformat(meta["date"])
    except ValueError:
        raise BrochureError(
            f"front matter: date '{meta['date']}' is not YYYY-MM-DD", path, key_lines["date"]
        ) from None
    if "url" in meta and not re.fullmatch(r"https?://[^\s<>\"]+\.[^\s<>\"]+", meta["url"]):
        raise BrochureError(f"front matter: url '{meta['url']}' is not an http(s) address", path, key_lines["url"])
    if "logo" in meta and not meta["logo"].lower().endswith((".svg", ".pdf")):
        raise BrochureError(f"front matter: logo '{meta['logo']}' is not an .svg or .pdf file", path,
                            key_lines["logo"])
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]{2,4})?", meta["language"]):
        raise BrochureError(
            f"front matter: language '{meta['language']}' is not a locale code like 'en'",
            path,
            key_lines["language"],
        )
    return meta, end + 1, key_lines


def _body(lines: list[str], start: int, path: str) -> tuple[list[Block], list[Reference]]:
    blocks: list[Block] = []
    references: list[Reference] = []
    para: list[str] = []
    para_line = 0
    group = 0
    in_refs = False
    refs_line = 0
    seen_refs = False
    last_item = False  # the previous line was a list item (continuations allowed)

    def flush() -> None:
        nonlocal para
        if para:
            blocks.append(Block(PARAGRAPH, _inline(" ".join(para), path, para_line), para_line))
            para = []

    for idx in range(start, len(lines)):
        lineno = idx + 1
        line = lines[idx].rstrip().replace("\t", " ")  # no font draws a tab: it printed as a box
        if in_refs:
            if line.strip() == ":::":
                in_refs = False
                if not references:
                    raise BrochureError("the references block is empty", path, refs_line)
                continue
            if not line.strip():
                continue
            m = _REF_ITEM.match(line)
            if not m:
                raise BrochureError("a reference must be written '<number>. <text>'", path, lineno)
            number = int(m.group(1))
            if number != len(references) + 1:
                raise BrochureError(
                    f"reference numbered {number}, expected {len(references) + 1}", path, lineno
                )
            markup.validate_verbatim(m.group(2), path, lineno, "a reference")
            references.append(Reference(number, m.group(2).strip(), lineno))
            continue
        if not line.strip():
            flush()
            last_item = False
            continue
        if line.startswith(":::"):
            flush()
            if line.split() != [":::", "references"]:
                raise BrochureError("the only fenced block is '::: references'", path, lineno)
            if seen_refs:
                raise BrochureError("a second references block", path, lineno)
            in_refs = seen_refs = True
            refs_line = lineno
            last_item = False
            continue
        if seen_refs:
            raise BrochureError("text after the references block; the references come last", path, lineno)
        if _RULE.match(line):
            raise BrochureError("unsupported Markdown: a line of '=' or '-' under text (a setext heading) or a rule; "
                                "write '## Heading'", path, lineno)
        if _HARD_BREAK.search(line):
            raise BrochureError("unsupported Markdown: a line break ('\\' at the end of a line); the lines of a "
                                "paragraph are set as one, a blank line starts a new paragraph", path, lineno)
        if _HEADING_MARKS.match(line):
            flush()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block(HEADING, _inline(_heading_text(line, level, path, lineno), path, lineno),
                                lineno, level=level))
            last_item = False
            continue
        if line.startswith("- "):  # '-<TAB>' too: the tab is a space by now
            flush()
            if _TASK.match(line[2:].lstrip()):
                raise BrochureError("unsupported Markdown: task lists ('- [ ]')", path, lineno)
            if not (blocks and blocks[-1].kind == LIST_ITEM):  # blank lines between items: one (loose) list
                group += 1
            blocks.append(Block(LIST_ITEM, _inline(line[2:].strip(), path, lineno), lineno, group))
            last_item = True
            continue
        if last_item and line.startswith("  "):
            if _NESTED_ITEM.match(line):  # Markdown reads it as a list of its own, not as more of the item
                raise BrochureError("unsupported Markdown: a list inside a list item", path, lineno)
            prev = blocks[-1]
            text = _inline(prev.text + " " + line.strip(), path, prev.line)
            blocks[-1] = Block(LIST_ITEM, text, prev.line, prev.group)
            continue
        for pattern, what in _UNSUPPORTED:
            if pattern.match(line):
                raise BrochureError(f"unsupported Markdown: {what}", path, lineno)
        if last_item:  # not indented, yet more of the item: Markdown's lazy continuation line
            prev = blocks[-1]
            blocks[-1] = Block(LIST_ITEM, _inline(prev.text + " " + line.strip(), path, prev.line), prev.line, prev.group)
            continue
        if not para:
            para_line = lineno
        para.append(line.strip())
        last_item = False
    flush()
    if in_refs:
        raise BrochureError("'::: references' is not closed by ':::'", path, refs_line)
    if not any(b.kind != TITLE for b in blocks):
        raise BrochureError("the article has no text", path, start + 1)
    return blocks, references


def _heading_text(line: str, level: int, path: str, lineno: int) -> str:
    """The words of '## Heading', without Markdown's optional closing '##'."""
    rest = line[level:]
    if rest and not rest[0].isspace():  # Markdown prints '##Heading' as a paragraph, marks and all
        raise BrochureError(f"a heading needs a space after its '{'#' * level}'", path, lineno)
    text = re.sub(r"(?:^|\s)#+$", "", rest.strip()).strip()
    if not text:
        raise BrochureError("a heading without text", path, lineno)
    return text


def _inline(text: str, path: str, line: int) -> str:
    markup.validate_source_inline(text, path, line)
    return text
