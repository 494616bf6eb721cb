"""The data passed between pipeline stages: a parsed article and its blocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Block kinds double as the msgctxt of their message: a heading and a paragraph
# with the same words stay two messages, and a block that changes kind is fuzzy.
TITLE = "title"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
# The msgctxt of the front matter's printed text (not article blocks: no source line of their own).
FRONT_MATTER_ORGANISATION = "front-matter.organisation"
FRONT_MATTER_CONTACT = "front-matter.contact"
FRONT_MATTER_TAGLINE = "front-matter.tagline"


@dataclass(frozen=True)
class Block:
    """One translatable unit of the article, in source order.

    ``text`` is the author's words with the inline Markdown subset (``**bold**``,
    ``*italic*``) left in place; ``line`` is the 1-based source line it starts on;
    consecutive list items share a ``group``.
    """

    kind: str
    text: str
    line: int
    group: int = 0
    level: int = 2  # headings: 2 for ``##``, 3 for ``###`` (the title is level 1)


@dataclass(frozen=True)
class Reference:
    """One entry of the literature list: printed verbatim, never translated."""

    number: int
    text: str
    line: int


@dataclass(frozen=True)
class Document:
    """A source article as read: its front matter, blocks and references."""

    path: str  # as written in `#:` comments, relative to the project
    title: Block
    organisation: str
    document_code: str
    version: str
    date: dt.date
    language: str
    blocks: tuple[Block, ...]
    references: tuple[Reference, ...]
    contact: tuple[str, ...] = ()  # lines of the organisation's contact block (back cover)
    logo: str = ""  # SVG file for the front cover (resolved path), or ""
    url: str = ""  # the online version's address: printed with a QR code on the covers, or ""
    tagline: str = ""  # one line under the organisation's name on the first page
    front_matter_lines: tuple[tuple[str, int], ...] = ()  # (key, line in the source) for messages

    def line_of(self, key: str) -> int | None:
        """The source line of a front matter key, for errors about its value."""
        return dict(self.front_matter_lines).get(key)

    def translatable(self) -> tuple[Block, ...]:
        """Every block whose text goes into the catalog, title first."""
        return (self.title, *self.blocks)
