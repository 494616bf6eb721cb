"""Inline markup: the author's Markdown subset → the only ReportLab markup we emit.

Translations are untrusted. They are never passed to ReportLab as markup: every
character is escaped, and the only tags that reach ``Paragraph`` are the ones
this module writes itself for ``**bold**`` and ``*italic*``. Text that looks like
ReportLab/HTML markup (``<img …>``, ``<a href>``, ``<font>``, ``&entity;``) is
refused with the file and line, because printing it literally would be as wrong
as obeying it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import BrochureError

# Marker → ReportLab tag. Longest marker first so that ** is not read as two *.
MARKERS = (("**", "b"), ("*", "i"))
_TAG_LIKE = re.compile(r"</?[A-Za-z!?][^>]*>?")
_ENTITY = re.compile(r"&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_MD_LINK = re.compile(r"!?\[[^\]]*\]\([^)\s]*\)")  # [text](url), ![image](file)
_MD_UNDERSCORES = re.compile(r"(?<![\w_])(__?)(?=[^_\s])[^_]*?(?<=[^_\s])\1(?![\w_])")  # _it_, __bold__
_MD_CODE = re.compile(r"`[^`]+`")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")  # [^1]
_MD_IMAGE_REF = re.compile(r"!\[[^\]]*\]\[[^\]]*\]")  # ![alt][ref]
_MD_STRIKE = re.compile(r"~~[^~]+~~")
# *Journal* or **Journal** as Markdown reads it: not "Doe J*, Roe R*" (corresponding authors)
_MD_EMPHASIS = re.compile(r"(?<![\w*])(\*\*?)(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])")
_AUTOLINK = re.compile(r"<(?:https?://|ftp://|mailto:)[^<>\s]*>")  # '<https://doi.org/…>' as citations write it
_MD_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*(\\[!-)+-/:-@\[\]^_`{-~])")  # '\_'; '\*' and '\\' are ours


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """Split inline text into ("text", s) and ("open"/"close", tag) tokens.

    Raises ``ValueError`` with a short reason when markers do not pair up.
    """
    if "*" not in text and "\\" not in text:  # most paragraphs have no markup at all
        return (("text", text),) if text else ()
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "\\*":
            buf.append(text[i + 1])
            i += 2
            continue
        for marker, tag in MARKERS:
            if text.startswith(marker, i):
                if _spaced(text, i, len(marker)):  # "2 * 3": Markdown prints it, so do we
                    buf.append(marker)
                    i += len(marker)
                    break
                if buf:
                    out.append(("text", "".join(buf)))
                    buf = []
                if stack and stack[-1] == tag:
                    stack.pop()
                    out.append(("close", tag))
                elif tag in stack:
                    raise ValueError(f"'{marker}' closes across another emphasis")
                else:
                    stack.append(tag)
                    out.append(("open", tag))
                i += len(marker)
                break
        else:
            buf.append(ch)
            i += 1
    if buf:
        out.append(("text", "".join(buf)))
    if stack:
        marker = dict((t, m) for m, t in MARKERS)[stack[-1]]
        raise ValueError(f"'{marker}' is opened but never closed")
    return tuple(out)


def _spaced(text: str, start: int, length: int) -> bool:
    """Has the marker at ``start`` a space (or the text's end) on both sides? Such a marker
    can neither open nor close emphasis (CommonMark's flanking rule)."""
    before = text[start - 1] if start else " "
    after = text[start + length] if start + length < len(text) else " "
    return before.isspace() and after.isspace()


def signature(text: str) -> tuple[str, ...]:
    """The sequence of emphasis tags, e.g. ('b', '/b'): what a translation must keep."""
    return tuple(tag if kind == "open" else "/" + tag for kind, tag in tokens(text) if kind != "text")


def plain(text: str) -> str:
    """The text without emphasis markers (for searching, proofs and checks)."""
    return "".join(value for kind, value in tokens(text) if kind == "text")


def validate_source_inline(text: str, path: str, line: int) -> None:
    _refuse_foreign_markup(text, path, line, "the source")
    # Markdown the subset does not have would print as typed, brackets, underscores and all
    m = _MD_LINK.search(text)
    if m:
        raise BrochureError(f"unsupported Markdown: Markdown link {m.group(0)!r}; write the address itself "
                            "(https://…), which a reader can type", path, line)
    m = _MD_UNDERSCORES.search(text)
    if m:
        raise BrochureError(f"unsupported Markdown: {m.group(0)!r} (emphasis is written **bold** or *italic*)",
                            path, line)
    m = _MD_CODE.search(text)
    if m:
        raise BrochureError(f"unsupported Markdown: code {m.group(0)!r}", path, line)
    _refuse_extended_markdown(text, path, line)
    try:
        tokens(text)
    except ValueError as exc:
        raise BrochureError(f"inline markup: {exc}", path, line) from None


def validate_verbatim(text: str, path: str, line: int, what: str) -> None:
    """``what`` (a reference, the organisation's name…) is printed as written: Markdown or HTML
    in it would print marks and all."""
    found = [(kind, m.group(0)) for kind, m in (
        ("Markdown link", _MD_LINK.search(text)), ("emphasis", _MD_EMPHASIS.search(text)),
        ("emphasis", _MD_UNDERSCORES.search(text)), ("code", _MD_CODE.search(text)),
        ("strikethrough", _MD_STRIKE.search(text)), ("character entity", _ENTITY.search(text)),
        ("markup", _TAG_LIKE.search(_AUTOLINK.sub("", text)))) if m]
    if found:
        kind, snippet = found[0]
        raise BrochureError(f"{what} is printed as written: {kind} {snippet!r} would print with its marks; "
                            "remove them", path, line)


def _refuse_extended_markdown(text: str, path: str, line: int) -> None:
    """Footnotes, images, strikethrough and backslash escapes other than ``\\*``: each would
    print as typed (a struck-out word as a word between tildes)."""
    for pattern, what in ((_MD_FOOTNOTE, "footnote"), (_MD_IMAGE_REF, "image"), (_MD_STRIKE, "strikethrough")):
        m = pattern.search(text)
        if m:
            raise BrochureError(f"unsupported Markdown: {what} {m.group(0)!r}", path, line)
    m = _MD_ESCAPE.search(text)
    if m:
        raise BrochureError(f"unsupported Markdown: backslash escape '{m.group(1)}' would print its backslash; "
                            f"write '{m.group(1)[1]}' alone (only '\\*' is an escape)", path, line)


def _refuse_foreign_markup(text: str, path: str, line: int | None, who: str) -> None:
    m = _TAG_LIKE.search(text)
    if m:
        raise BrochureError(
            f"markup not allowed in {who}: {m.group(0)!r} (only **bold** and *italic* are)", path, line
        )
    m = _ENTITY.search(text)
    if m:
        raise BrochureError(f"character entity not allowed in {who}: {m.group(0)!r}; type the character", path, line)


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as xml.sax.saxutils.escape does (importing it
    costs a fresh process about 25 ms: urllib, http.client, ssl)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def to_reportlab(text: str, path: str | None = None, line: int | None = None, who: str = "a translation") -> str:
    """Inline text (source or translation) → escaped ReportLab paragraph markup.

    Raises ``BrochureError`` naming ``path:line`` for foreign markup or unpaired markers.
    """
    _refuse_foreign_markup(text, path, line, who)
    try:
        toks = tokens(text)
    except ValueError as exc:
        raise BrochureError(f"inline markup: {exc}", path, line) from None
    parts = []
    for kind, value in toks:
        if kind == "text":
            parts.append(escape(value))
        elif kind == "open":
            parts.append(f"<{value}>")
        else:
            parts.append(f"</{value}>")
    return "".join(parts)
