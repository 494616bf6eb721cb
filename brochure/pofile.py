"""Strict reading of .po/.pot files: the gate in front of the data model.

polib and babel accept broken catalogs silently (an unterminated string loses its
last letter, a BOM header becomes a translation, a duplicate entry is dropped).
Translations come from outside, so this parser follows ``msgfmt -c`` instead:
every fault is a ``BrochureError`` with ``path:line`` (1-based), and nothing
reaches the pipeline unless the whole file is well formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import BrochureError

MAX_FILE_BYTES = 2_000_000
MAX_MESSAGE_CHARS = 20_000

# the escapes msgfmt knows, besides octal and hex bytes (C's \' and \? are not among them)
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
# msgfmt reads a keyword and its string with or without a space between (`msgstr"Text"`)
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d{1,3})\])?)\s*(\".*)$")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d{1,3})(?!\d)")
_PLAIN_STRING = re.compile(r'"([^"\\]*)"[ \t]*')
_OCTAL = re.compile(r"([0-7]{1,3})")
_HEX = re.compile(r"x([0-9A-Fa-f]+)")  # every hex digit, as msgfmt reads them
_DECLARED_CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")
_MIXED = "an entry mixes obsolete (#~) and active lines"


@dataclass
class Entry:
    """One entry as written in the file, with the lines of its parts."""

    line: int  # first line of the entry (its first comment or keyword)
    msgid_line: int = 0
    msgstr_line: int = 0
    obsolete: bool = False
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[tuple[str, int | None]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    previous_msgid_plural: str | None = None  # `#| msgid_plural`: msgmerge's, from a plural entry

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid or "")


@dataclass
class ParsedPo:
    """A .po file as read: its header, entries and the lines they were found on."""

    path: str
    header: list[tuple[str, str]]  # in file order
    header_comment: list[str]  # translator comments above the header
    header_fuzzy: bool
    entries: list[Entry]  # without the header entry
    nplurals: int | None
    header_line: int = 0  # the header's msgstr line
    header_lines: dict[str, int] = field(default_factory=dict)  # lower-case name → file line

    def header_value(self, name: str) -> str | None:
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None


def parse_po(data: bytes, path: str) -> ParsedPo:
    """Parse and validate the bytes of a .po/.pot file."""
    if len(data) > MAX_FILE_BYTES:
        raise BrochureError(f"file is larger than {MAX_FILE_BYTES:,} bytes; refusing to read it", path)
    if data.startswith(b"\xef\xbb\xbf"):
        raise BrochureError("byte order mark (BOM) at the start; save the file as UTF-8 without BOM", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a file in the charset its header declares (ISO-8859-1 from an older tool): say so, not "byte 0xfc"
        declared = _DECLARED_CHARSET.search(data.split(b"\n\n", 1)[0])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"charset"):
            raise _unsupported_charset(declared.group(1).decode("ascii").lower(), path,
                                       data[: declared.start()].count(b"\n") + 1) from None
        line = data[: exc.start].count(b"\n") + 1
        raise BrochureError(
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (the file must be UTF-8)", path, line
        ) from None
    if "\x00" in text:
        raise BrochureError("NUL character: this is not a text file", path, text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise BrochureError("the file is empty; delete it, and `update` for its locale creates it again with its "
                            "header", path, 1)
    entries = _Lexer(text, path).entries()
    header_entries = [e for e in entries if not e.obsolete and e.msgid == "" and e.msgctxt is None]
    if not header_entries:
        raise BrochureError('missing header entry (msgid "" with Content-Type and Language)', path, 1)
    head = header_entries[0]
    if entries[0] is not head:
        raise BrochureError("the header entry must come first", path, head.msgid_line)
    starts = _header_starts(text, head, path)
    header = _parse_header(head, path, starts)
    parsed = ParsedPo(path, header, head.translator_comments, "fuzzy" in head.flags,
                      entries[1:], None, head.msgstr_line)
    parsed.header_lines = _header_lines(head, starts)
    _check_charset(parsed, head)
    parsed.nplurals = _check_plurals(parsed, head)
    _check_duplicates(parsed)
    return parsed


def _header_starts(text: str, head: Entry, path: str) -> list[int]:
    """The file line each line of the header's text begins on: a field may be wrapped over
    several lines of the file, and several fields may share one."""
    lines, lexer = text.split("\n"), _Lexer("", path)
    starts: list[int] = []
    at_start = True
    for index in range(max(head.msgstr_line - 1, 0), len(lines)):
        line = lines[index].strip()
        if index == head.msgstr_line - 1:
            line = line[len("msgstr"):].lstrip()
        if not line.startswith('"'):
            break
        for ch in lexer._string(line, index + 1):
            if at_start:
                starts.append(index + 1)
                at_start = False
            at_start = ch == "\n"
    return starts


def _header_lines(head: Entry, starts: list[int]) -> dict[str, int]:
    """Where each header field is written (``"Last-Translator: …\n"``), for errors about printed fields."""
    found: dict[str, int] = {}
    for offset, line in enumerate(head.msgstr.get(0, "").split("\n")):
        name, sep, _ = line.partition(":")
        if sep and offset < len(starts):
            found.setdefault(name.strip().lower(), starts[offset])
    return found


def _parse_header(head: Entry, path: str, starts: list[int]) -> list[tuple[str, str]]:
    text = head.msgstr.get(0, "")
    items: list[tuple[str, str]] = []
    for offset, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or " " in name.strip():
            where = starts[offset] if offset < len(starts) else head.msgstr_line
            raise BrochureError(f"header line {line!r} is not 'Name: value'", path, where)
        items.append((name.strip(), value.strip()))
    return items


def _check_charset(parsed: ParsedPo, head: Entry) -> None:
    ctype = parsed.header_value("Content-Type")
    if ctype is None:
        raise BrochureError("header has no Content-Type; add 'Content-Type: text/plain; charset=UTF-8'",
                            parsed.path, head.msgstr_line)
    m = re.search(r"charset=([^\s;]+)", ctype)
    charset = m.group(1).lower() if m else ""
    # A template still has the literal placeholder CHARSET.
    if charset not in ("utf-8", "utf8", "charset"):
        raise _unsupported_charset(charset or "?", parsed.path, _field_line(parsed, "Content-Type"))


def _field_line(parsed: ParsedPo, name: str) -> int:
    """The line a header field is written on (the header's msgstr line when it cannot be told)."""
    return parsed.header_lines.get(name.lower(), parsed.header_line)


def _unsupported_charset(charset: str, path: str, line: int) -> BrochureError:
    return BrochureError(f"charset '{charset}' is not supported: convert the file to UTF-8 "
                         "(`msgconv -t UTF-8 FILE -o FILE`)", path, line)


def _check_plurals(parsed: ParsedPo, head: Entry) -> int | None:
    value = parsed.header_value("Plural-Forms")
    nplurals = None
    if value is not None:
        m = _NPLURALS.search(value)
        if not m or "plural=" not in value.replace(" ", ""):
            raise BrochureError(f"Plural-Forms {value!r} lacks nplurals= or plural=", parsed.path,
                                _field_line(parsed, "Plural-Forms"))
        nplurals = int(m.group(1))
        if not 1 <= nplurals <= 6:
            raise BrochureError(f"nplurals={nplurals} is out of range", parsed.path,
                                _field_line(parsed, "Plural-Forms"))
    for entry in parsed.entries:
        if entry.obsolete or entry.msgid_plural is None:
            continue
        if nplurals is None:
            raise BrochureError("plural entry but the header has no Plural-Forms", parsed.path, entry.msgid_line)
        indices = sorted(entry.msgstr)
        if indices != list(range(nplurals)):
            raise BrochureError(
                f"plural entry has msgstr{indices} but the header says nplurals={nplurals}",
                parsed.path, entry.msgstr_line)
    return nplurals


def _check_duplicates(parsed: ParsedPo) -> None:
    # one (msgctxt, msgid) once, obsolete or not, as msgfmt, msgcat and msgmerge require: an
    # obsolete (#~) twin of an active entry has no place in the model, and a file written with
    # both is refused by every GNU tool after us
    seen: dict[tuple, tuple[int, bool]] = {}
    for entry in parsed.entries:
        if entry.key in seen:
            line, obsolete = seen[entry.key]
            ctx = f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            if obsolete and entry.obsolete:
                what = "duplicate obsolete (#~) message definition"
            elif obsolete or entry.obsolete:
                what = "a message both active and obsolete (#~), as GNU gettext refuses; keep one"
            else:
                what = "duplicate message definition"
            raise BrochureError(f"{what}{ctx}; the first is at line {line}", parsed.path, entry.msgid_line)
        seen[entry.key] = (entry.msgid_line, entry.obsolete)


class _Lexer:
    def __init__(self, text: str, path: str):
        self.path = path
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()

    def error(self, message: str, line: int) -> BrochureError:
        return BrochureError(message, self.path, line)

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        cur: Entry | None = None
        field_name: str | None = None  # the keyword whose string continues on the next line
        plural_index = 0

        def finish() -> None:
            nonlocal cur, field_name
            if cur is None:
                return
            if cur.msgid is None:
                what = "msgstr" if cur.msgstr else "comments"
                raise self.error(f"{what} without msgid", cur.line)
            if not cur.msgstr:
                raise self.error("msgid without msgstr", cur.msgid_line)
            if cur.msgid_plural is None and set(cur.msgstr) != {0}:
                raise self.error("msgstr[N] without msgid_plural", cur.msgstr_line)
            if cur.msgid_plural is not None and -1 in cur.msgstr:
                raise self.error("msgid_plural needs msgstr[0], msgstr[1], …", cur.msgstr_line)
            if not cur.obsolete:
                for text_ in (cur.msgid, *cur.msgstr.values()):
                    if len(text_) > MAX_MESSAGE_CHARS:
                        raise self.error(f"message longer than {MAX_MESSAGE_CHARS:,} characters", cur.msgid_line)
            out.append(cur)
            cur = None
            field_name = None

        for idx, raw in enumerate(self.lines):
            lineno = idx + 1
            line = raw.strip()
            if not line:
                if cur is not None and cur.msgid is not None and cur.msgstr:
                    finish()
                continue
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].strip()
                if not line:
                    continue
            if line.startswith("#") and not obsolete:
                if cur is not None and cur.msgstr and field_name is not None:
                    finish()
                self._not_inside(cur, lineno)
                if cur is None:
                    cur = Entry(line=lineno)
                # a comment runs to the end of its line, trailing blanks included (msgmerge keeps them)
                self._comment(cur, raw.lstrip().rstrip("\r"), lineno)
                continue
            if obsolete and line.startswith("|"):  # `#~| msgid`: previous msgid of an obsolete entry
                if cur is not None and cur.msgstr and field_name is not None:
                    finish()
                self._not_inside(cur, lineno)
                if cur is None:
                    cur = Entry(line=lineno)
                self._comment(cur, "#" + line, lineno)
                continue
            if line.startswith('"'):
                if cur is None or field_name is None:
                    raise self.error("string continuation without a keyword before it", lineno)
                if cur.obsolete != obsolete:
                    raise self.error(_MIXED, lineno)
                self._append(cur, field_name, plural_index, self._string(line, lineno))
                continue
            m = _KEYWORD.match(line)
            if not m:
                word = line.split()[0] if line.split() else line
                raise self.error(f"unknown keyword {word!r} (expected msgctxt, msgid, msgid_plural or msgstr)",
                                 lineno)
            keyword, index, rest = m.group(1), m.group(2), m.group(3)
            value = self._string(rest, lineno)
            base = keyword.split("[")[0]
            if base in ("msgctxt", "msgid") and cur is not None and (cur.msgstr or
                                                                    (base == "msgctxt" and cur.msgid is not None)):
                finish()
            if cur is None:
                cur = Entry(line=lineno)
            if cur.msgid is None and cur.msgctxt is None and not cur.msgstr:
                cur.obsolete = obsolete
            elif cur.obsolete != obsolete:
                raise self.error(_MIXED, lineno)
            if base == "msgctxt":
                if cur.msgctxt is not None or cur.msgid is not None:
                    raise self.error("msgctxt must come before msgid", lineno)
                cur.msgctxt = value
            elif base == "msgid":
                if cur.msgid is not None:
                    raise self.error("second msgid in one entry (missing msgstr?)", lineno)
                cur.msgid = value
                cur.msgid_line = lineno
            elif base == "msgid_plural":
                if cur.msgid is None or cur.msgstr or cur.msgid_plural is not None:
                    raise self.error("msgid_plural must follow msgid", lineno)
                cur.msgid_plural = value
            else:
                if cur.msgid is None:
                    raise self.error("msgstr without msgid", lineno)
                plural_index = -1 if index is None else int(index)
                if plural_index in cur.msgstr or (index is None and cur.msgid_plural is not None):
                    what = "msgstr" if index is None else f"msgstr[{index}]"
                    raise self.error(f"{what} given twice or in the wrong form", lineno)
                if index is None:
                    plural_index = 0
                    if cur.msgstr:
                        raise self.error("second msgstr in one entry", lineno)
                elif index is not None and plural_index != len(cur.msgstr):
                    raise self.error(f"msgstr[{index}] out of order", lineno)
                cur.msgstr[plural_index] = value
                if not cur.msgstr_line:
                    cur.msgstr_line = lineno
            field_name = base
        if cur is not None:
            if cur.msgid is None and not cur.msgstr:
                pass  # trailing comments only
            else:
                finish()
        return out

    def _not_inside(self, cur: Entry | None, lineno: int) -> None:
        """Comments go above an entry; msgfmt refuses one between its keywords (a string after
        it would continue the msgid)."""
        if cur is not None and (cur.msgctxt is not None or cur.msgid is not None):
            raise self.error("a comment inside an entry, between its msgctxt, msgid and msgstr; "
                             "comments go above the entry", lineno)

    @staticmethod
    def _append(cur: Entry, field_name: str, plural_index: int, value: str) -> None:
        if field_name == "msgctxt":
            cur.msgctxt = (cur.msgctxt or "") + value
        elif field_name == "msgid":
            cur.msgid = (cur.msgid or "") + value
        elif field_name == "msgid_plural":
            cur.msgid_plural = (cur.msgid_plural or "") + value
        else:
            cur.msgstr[plural_index] = cur.msgstr.get(plural_index, "") + value

    def _comment(self, cur: Entry, line: str, lineno: int) -> None:
        kind, body = line[:2], line[2:].strip()
        if kind == "#.":
            cur.extracted_comments.append(body)
        elif kind == "#:":
            for ref in body.split():
                name, sep, num = ref.rpartition(":")
                if sep and num.isdigit() and len(num) < 10:
                    cur.references.append((name, int(num)))
                else:
                    cur.references.append((ref, None))
        elif kind == "#,":
            cur.flags.update(f.strip() for f in body.split(",") if f.strip())
        elif kind == "#|":
            m = re.match(r"^(msgctxt|msgid_plural|msgid)\s*(\".*)$", body)
            if m:
                value = self._string(m.group(2), lineno)
                if m.group(1) == "msgid":
                    cur.previous_msgid = value
                elif m.group(1) == "msgid_plural":
                    cur.previous_msgid_plural = value
                else:
                    cur.previous_msgctxt = value
            elif body.startswith('"') and cur.previous_msgid_plural is not None:
                cur.previous_msgid_plural += self._string(body, lineno)
            elif body.startswith('"') and cur.previous_msgid is not None:
                cur.previous_msgid += self._string(body, lineno)
            elif body.startswith('"') and cur.previous_msgctxt is not None:
                cur.previous_msgctxt += self._string(body, lineno)
        elif line.startswith("# ") or line == "#":
            cur.translator_comments.append(line[2:])
        else:
            # '#' followed directly by text is a translator comment for gettext too.
            cur.translator_comments.append(line[1:])

    def _string(self, token: str, lineno: int) -> str:
        """Decode one C-style quoted string that must fill the rest of the line."""
        plain = _PLAIN_STRING.fullmatch(token)
        if plain:  # most lines: no escape, nothing after the quote (a third of update's time went here)
            return plain.group(1)
        if not token.startswith('"'):
            raise self.error("expected a quoted string", lineno)
        # bytes, as msgfmt reads them: an octal or hex escape is one byte of the UTF-8 text
        # (`msgcat --escape` writes "\\303\\244" for "ä"), not a code point
        out = bytearray()
        i = 1
        while i < len(token):
            ch = token[i]
            if ch == '"':
                if token[i + 1:].strip():
                    raise self.error(f"text after the closing quote: {token[i + 1:].strip()!r}; a quotation "
                                     'mark inside the text is written \\"', lineno)
                return self._utf8(out, lineno)
            if ch == "\\":
                if i + 1 >= len(token):
                    break
                nxt = token[i + 1]
                if nxt in _ESCAPES:
                    out += _ESCAPES[nxt].encode("utf-8")
                    i += 2
                    continue
                m = _OCTAL.match(token, i + 1) or _HEX.match(token, i + 1)
                if m:
                    value = int(m.group(1), 8 if nxt in "01234567" else 16)
                    if value > 0xFF:  # msgfmt keeps the low byte silently
                        raise self.error(f"escape sequence '\\{m.group(0)}' is more than one byte", lineno)
                    out.append(value)
                    i = m.end()
                    continue
                raise self.error(f"unknown escape sequence '\\{nxt}'", lineno)
            out += ch.encode("utf-8")
            i += 1
        raise self.error("unterminated string (no closing quote on this line)", lineno)

    def _utf8(self, data: bytearray, lineno: int) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.error("the escaped bytes are not UTF-8 (an escape such as \\303 is one byte of the "
                             "UTF-8 text); write the characters themselves", lineno) from None
