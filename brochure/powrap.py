"""Quoted strings of a .po file, wrapped exactly as GNU msgcat and msgmerge wrap them.

Translators' tools (Poedit, Weblate, msgcat, msgmerge) write GNU's layout; if we
wrapped differently, every round trip through one of them would rewrap the file
and bury the real change in the diff. GNU gettext (``write-po.c``) does this:

- the string is cut after every ``\\n``; each piece starts a new line, and a
  string with a ``\\n`` before its end starts with an empty ``msgid ""`` line;
- each piece is escaped first (``\\"``, ``\\\\``, ``\\n``, ``\\t``…) and then
  broken where the Unicode line breaking algorithm (UAX #14, as implemented by
  libunistring 1.0) allows a break: after a space, after a hyphen or dash,
  after ``/``, between Chinese characters… never inside an escape sequence,
  never before the final ``\\n`` and never inside a format directive;
- the breaks are chosen greedily so that no line, quotes included, is wider
  than 79 columns (wide East Asian characters count two, combining marks
  none); a word longer than a line is left whole;
- if the string needs more than one line, the first line is ``msgid ""``.

The line breaking classes come from ``uniseg``'s Unicode tables; the pair
table and the handling of spaces and combining marks follow libunistring.
``tests/test_powrap.py`` compares the result with GNU msgcat byte for byte.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}

# libunistring's pair table (UAX #14 table 7.3 with its own four changes), rows =
# the class before, columns = the class after. D: break, I: break only after a
# space, P: never.
_CLASSES = ("WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI "
            "ZWJ EB EM").split()
_TABLE = """
WJ PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
GL PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
B2 PIPIDIPPPDIDIPDDDPDDDDDDDDDIDD
BA PDDIDIPPPDIDIPDDDPDDDDDDDDDIDD
BB PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
HY PDDIDIPPPDIDIPIDDPDDDDDDDDDIDD
CL PIDIDIPPPDPDIPDIIPDDDDDDDDDIDD
CP PIDIDIPPPDPDIPIIIPIDDDDDDIDIDD
EX PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
IN PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
NS PIDIDIPPPDIDIPDDDPDDDDDDDDDIDD
OP PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
QU PIIIIIPPPIIPIPIIIPIIIIIIIIIIII
IS PIDIDIPPPDIDIPIDDPDDDDDDDDDIDD
NU PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD
PO PIDIDIPPPDIIIPIDDPIDDDDDDIDIDD
PR PIDIDIPPPDIIIPIDDPIIIIIIIIDIII
SY PIDIDIPPPDIDIPIDDPDDDDDDDIDIDD
AL PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD
H2 PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
H3 PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
ID PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD
JL PIDIDIPPPIIDIPDIDPDIIDIIDDDIDD
JV PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
JT PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
HL PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD
RI PIDIDIPPPDIDIPDDDPDDDDDDIDIIDD
ZWJ PIDIDIPPPDIDIPDDDPDDIDDIDIIIII
EB PIDIDIPPPIIDIPDIDPDDDDDDIDIIDI
EM PIDIDIPPPIIDIPDIDPDDDDDDIDIIDD
"""
_PAIRS = {}
for _row in _TABLE.split("\n"):
    if _row:
        _before, _cells = _row.split()
        for _after, _cell in zip(_CLASSES, _cells):
            _PAIRS[(_before, _after)] = _cell
# Unicode 14's rules that libunistring 1.0 has on top of that table:
for _before in _CLASSES:
    if _before != "OP":
        _PAIRS[(_before, "IN")] = "I"  # LB22: never break before an ellipsis
    # LB30: a wide opening bracket (East Asian) may follow a letter or digit directly
    _PAIRS[(_before, "OPW")] = "D" if _before in ("AL", "HL", "NU") else _PAIRS[(_before, "OP")]
    _PAIRS[("OPW", _before)] = _PAIRS[("OP", _before)]
_PAIRS[("OPW", "OPW")] = _PAIRS[("OPW", "OP")] = _PAIRS[("OP", "OPW")] = "P"
for _letter in ("AL", "HL"):  # LB24: no break between a letter and a currency or percent sign
    for _sign in ("PR", "PO"):
        _PAIRS[(_letter, _sign)] = _PAIRS[(_sign, _letter)] = "I"

# Classes libunistring 1.0 resolves before the table (non-CJK encoding), and
# classes of later Unicode versions that it does not know.
_RESOLVE = {"AI": "AL", "CB": "ID", "SA": "AL", "XX": "AL", "SG": "AL", "CJ": "NS",
            "AK": "AL", "AP": "AL", "AS": "AL", "VF": "AL", "VI": "AL"}
_MANDATORY = {"BK", "CR", "LF", "NL"}


@lru_cache(maxsize=4096)
def _class(ch: str) -> str:
    from uniseg.linebreak import line_break  # here: a build reads catalogs but never writes one (13 ms)

    name = _RESOLVE.get(str(line_break(ch)), str(line_break(ch)))
    if name == "OP" and unicodedata.east_asian_width(ch) in ("W", "F", "H"):
        return "OPW"
    return name


def _possible_breaks(text: str) -> list[bool]:
    """``out[i]``: a line may break before ``text[i]`` (libunistring's u8_possible_linebreaks)."""
    out = [False] * len(text)
    prev = "BK"  # class of the last character
    last = "BK"  # class of the last character that is not a space
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(text):
        prop = _class(ch)
        if prop in _MANDATORY:
            prev, last, seen_space = prop, "BK", False
        else:
            if prop == "SP":
                seen_space = True
            elif prop == "ZW":
                last, seen_space = "ZW", False
            elif prop in ("CM", "ZWJ"):
                if last == "BK":
                    last, seen_space = "AL", False  # a mark without a base is a letter
                elif last == "ZW" or seen_space:
                    out[i] = True
                    last, seen_space = "AL", False
                # else: X CM is treated as X
            else:
                if last == "BK":
                    pass
                elif last == "ZW":
                    out[i] = True
                elif prev == "ZWJ":
                    pass
                elif last == "RI" and prop == "RI":
                    out[i] = seen_space or ri_count % 2 == 0
                elif prev == "HL_BA":
                    pass  # no break after a Hebrew letter and a hyphen
                else:
                    rule = _PAIRS[(last, prop)]
                    out[i] = rule == "D" or (rule == "I" and seen_space)
                last, seen_space = prop, False
            prev = "HL_BA" if prev == "HL" and prop in ("HY", "BA") else prop
        ri_count = ri_count + 1 if prop == "RI" else 0
    return out


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns of one character, as libunistring's uc_width (UTF-8: ambiguous = 1)."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0  # control characters are ignored
    if code == 0x00AD or 0x1160 <= code <= 0x11FF or code == 0x200B:
        return 0
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal, as GNU counts them."""
    return sum(char_width(ch) for ch in text)


def _width_breaks(text: str, width: int, start: int, overrides: list[bool | None]) -> list[bool]:
    """Where the lines break: libunistring's u8_width_linebreaks, greedy, first fit."""
    possible = _possible_breaks(text)
    out = [False] * len(text)
    last_p: int | None = None
    last_column = start
    piece = 0
    for i, ch in enumerate(text):
        can = possible[i] if overrides[i] is None else overrides[i]
        if can:
            if last_p is not None and last_column + piece > width:
                out[last_p] = True
                last_column = 0
            last_p = i
            last_column += piece
            piece = 0
        piece += char_width(ch)
    if last_p is not None and last_column + piece > width:
        out[last_p] = True
    return out


_BRACE_DIRECTIVE = re.compile(r"\{[^{}]*\}")


def wrap(keyword: str, value: str, prefix: str = "", page_width: int = PAGE_WIDTH,
         brace_format: bool = False) -> list[str]:
    """The lines of ``keyword "value"`` (e.g. ``msgid``, prefix ``#| `` or ``#~ ``)."""
    return list(_wrapped(keyword, value, prefix, page_width, brace_format))


@lru_cache(maxsize=8192)  # every locale's catalog repeats the template's msgids and contexts
def _wrapped(keyword: str, value: str, prefix: str, page_width: int, brace_format: bool) -> tuple[str, ...]:
    # no break inside a {placeholder} of a python-brace-format message
    inside: set[int] = set()
    if brace_format:
        for m in _BRACE_DIRECTIVE.finditer(value):
            inside.update(range(m.start() + 1, m.end()))
    portions: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer("\n", value):
        portions.append((start, value[start:m.end()]))
        start = m.end()
    if start < len(value) or not portions:
        portions.append((start, value[start:]))

    lines: list[str] = []
    first_line = True
    after_break = len(prefix) + 1
    width = page_width - 1 - after_break
    for index, (offset, portion) in enumerate(portions):
        more = index + 1 < len(portions)
        text: list[str] = []
        overrides: list[bool | None] = []
        for j, ch in enumerate(portion):
            brk = False if offset + j in inside else None
            if ch in _ESCAPES:
                text += ["\\", _ESCAPES[ch]]
                overrides += [brk, False]
            else:
                text.append(ch)
                overrides.append(brk)
        if portion.endswith("\n"):
            overrides[-2] = False  # never break just before the final \n
        escaped = "".join(text)
        while True:
            startcol = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
            breaks = _width_breaks(escaped, width, startcol, overrides)
            if first_line and escaped and (more or startcol > width or any(breaks)):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
                continue
            break
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        line_start = 0
        for i in range(len(escaped) + 1):
            if i == len(escaped) or breaks[i]:
                lines.append(f'{head}"{escaped[line_start:i]}"')
                head = prefix
                line_start = i
    return tuple(lines)
