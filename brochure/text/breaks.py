"""Where a line may break: UAX #14 by ICU, tailored for patient leaflets.

ICU's line breaker (icu4py) knows the Unicode line-breaking rules, the CJK
line-start and line-end rules (``lb=strict``: kinsoku) and Thai, Lao and Khmer
dictionaries. On top of it:
- a number range or ratio is never broken ("2–5", "1.6:1"): a line ending in
  "2–" would invite reading a wrong number; nor is a number grouped with a plain or thin
  space ("1 500", one number to the checks where the locale groups with a space), nor a
  telephone number (``telephone.telephone_numbers``: "(044)" / "123 45 67" was one);
- a number stays with the unit written after it ("400 mg", "37.5 °C", "2 %", "400 ملغ",
  "10毫克": the units the number check knows, ``brochure.units``); "400" alone at a line end
  reads as another dose;
- Korean breaks only between words (keep-all, the Korean typesetting norm);
- one-letter prepositions and conjunctions stay with the next word in the
  languages whose typography requires it (Polish, Czech, Slovak, Russian, Ukrainian);
- a line breaks after a hyphen (or Hebrew maqaf) only between two parts of at least three
  letters in one script: a prefix or case ending stays with its word ("ב־ALS", "ALS-இன்", "s-a");
- words ICU's Thai dictionary splits are kept whole (``UNBROKEN``: "ผลก" / "ระทบ" was possible);
- hyphenation points come from pyphen, with at least three letters on each side, never
  inside a web or e-mail address.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pyphen
from icu4py.breakers import LineBreaker, WordBreaker

from ..telephone import telephone_numbers
from ..units import unit_after
from .runs import script_of_char

# Line-breaking behaviour a script may ask for in fonts.yaml.
NORMAL, STRICT, KEEP_ALL = "normal", "strict", "keep-all"
BREAK_RULES = (NORMAL, STRICT, KEEP_ALL)

_SPACE = " "  # the only character that is stretchable glue; NBSP, NNBSP bind
_HYPHENS = "-\u2010"
_JOINERS = _HYPHENS + "\u05be"  # a hyphen, or the Hebrew maqaf, between two parts of one word
_DASHES = "\u2013\u2014"  # a spaced en or em dash ends its line, never starts the next one
# a range, ratio or date ("2–5", "1.6:1", Japanese "50～70" with a fullwidth tilde or wave dash) or a
# number grouped with a space ("1 500")
_RANGE = re.compile(r"\d(?:[\u2013\u2014\-\u2010\u2011:/\uff5e\u301c]\d|[ \u2009]\d{3}(?!\d))")
_DOSE_SLASH = re.compile(r"\d[×x]?/$")  # "3×/day", "2/Woche": a number's rate
_NUMBER_END = re.compile(r"\d(?!\d)")
# Jamo, compatibility Jamo and syllables, compared as code points (a regex class of these 11,500
# took 1 ms to compile at every start; only Korean reads it)
_HANGUL = (("\u1100", "\u11ff"), ("\u3130", "\u318f"), ("\uac00", "\ud7af"))

# One-letter words kept off the end of a line.
SINGLE_LETTER_WORDS = {
    "pl": "aiouwzAIOUWZ",
    "ru": "аивкосуяАИВКОСУЯ",
    "uk": "авзійоуАВЗІЙОУ",
    "cs": "aiksouvzAIKSOUVZ",
    "sk": "aiksouvzAIKSOUVZ",
}


def icu_locale(locale: str, rule: str) -> str:
    language = locale.replace("-", "_")
    return f"{language}@lb=strict" if rule == STRICT else language


@lru_cache(maxsize=8192)
def opportunities(text: str, locale: str, rule: str = NORMAL, whole_words: bool = False) -> tuple[int, ...]:
    """Offsets where a line may start (ascending, excluding 0 and len(text)). ``whole_words``: only
    between words as ICU's dictionary segments them (a title or heading in Chinese or Japanese,
    whose lines may otherwise break between any two characters: never "硬 / 化")."""
    found = [end for _, end in LineBreaker(text, icu_locale(locale, rule)).segments()]
    if whole_words:
        words = {end for _, end in WordBreaker(text, locale.replace("-", "_")).segments()}
        found = [pos for pos in found if pos in words]
    out = []
    bound = SINGLE_LETTER_WORDS.get(locale.split("_")[0], "")
    spans = addresses(text) if any(c in text for c in "@/.") else ()
    whole = _unbroken(text, locale.split("_")[0])
    doses = _with_units(text)
    phones = telephone_numbers(text)
    for pos in found:
        if pos <= 0 or pos >= len(text):
            continue
        before, after = text[pos - 1], text[pos]
        if before in _HYPHENS and any(a < pos < e for a, e in spans):
            continue  # "pain-" / "team@…" reads as a hyphenated word: a reader would type "painteam@"
        if before in _JOINERS and _binds(text, pos):
            continue  # "ב־" / "ALS", "ALS-" / "இன்": a prefix or an ending alone at a line's end or start
        if any(a < pos < e for a, e in whole):
            continue  # "ผลก" / "ระทบ": inside a word the dictionary splits
        if before == _SPACE and after.isdigit() and pos >= 2 and text[pos - 2].isdigit():
            continue  # "+41 44 123 45" / "67": the groups of a telephone number stay on one line
        if any(a < pos < e for a, e in phones):
            continue  # "+41" / "(0)44 123 45 67", "(044)" / "123 45 67" too
        if before == "/" and _DOSE_SLASH.search(text, max(0, pos - 3), pos) and \
                not any(a < pos < e for a, e in spans):
            continue  # "3×/" / "day": a dose or rate stays on one line
        inside = _RANGE.match(text, max(pos - 2, 0)) or _RANGE.match(text, max(pos - 1, 0))
        if inside and inside.end() > pos:
            continue  # inside "2–5", "1.6:1", "1 500"; or before the sign of "50～70" (an ideograph: a break)
        if any(a <= pos < e for a, e in doses):
            continue  # "400" / "mg", "10" / "毫克": a number stays with its unit
        if before == _SPACE and after in _DASHES:
            continue  # "… hastalık – bunlar": the break goes after the dash
        if rule == KEEP_ALL and _inside_word(before, after):
            continue
        if bound and before == _SPACE and pos >= 2 and text[pos - 2] in bound and \
                (pos == 2 or not _is_letter(text[pos - 3])):
            continue  # "w domu": the w stays with its word
        out.append(pos)
    return tuple(out)


def _with_units(text: str) -> tuple[tuple[int, int], ...]:
    """(end of the number, end of its unit) for every number written with a unit after it, as the
    number check reads one: "400 mg" gives the span of " mg"."""
    found = []
    for m in _NUMBER_END.finditer(text):
        unit = unit_after(text, m.end())
        if unit:
            found.append((m.end(), unit[1]))
    return tuple(found)


# Words of the shipped catalogs that ICU's Thai dictionary does not know and splits, some inside a
# syllable ("ผลก|ระ|ทบ", "ซี|ค|รี|โทม", "ทำ|งา|น"): one word to a Thai reader, never broken inside.
UNBROKEN = {
    "th": ("ผู้ป่วย", "กล้ามเนื้อ", "ผลกระทบ", "กระตุ้น", "รายละเอียด", "เปรียบเทียบ", "สูญเสีย", "น้ำหนัก",
           "เป้าหมาย", "แนวโน้ม", "ตรวจทาน", "เพิ่มเติม", "ไว้วางใจ", "เล็กน้อย", "กลไก", "ทำงาน", "รูปแบบ",
           "ร้ายแรง", "อ่อนแรง", "หลีกเลี่ยง", "ค้นพบ", "เชื่อมต่อ", "ส่วนประกอบ", "พูดคุย", "ออกฤทธิ์",
           "เส้นทาง", "เก็บกวาด",
           # transliterated terms, which ICU cuts into syllables or single letters
           "ซีครีโทม", "ยูบิควิติน", "รีเฟล็กซ์", "มีเซนไคมอล", "ไมโครเกลีย", "อะพอพโทซิส", "นิวโรฟิลาเมนต์"),
}


def _unbroken(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word of ``UNBROKEN`` in ``text``."""
    found = []
    for word in UNBROKEN.get(language, ()):
        at = text.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return tuple(found)


_MIN_PART = 3  # letters either side of a break after a hyphen, as hyphenation leaves (pyphen left=right=3)


def _binds(text: str, pos: int) -> bool:
    """Does the hyphen or maqaf at ``pos - 1`` join a part too short to stand at a line's end or
    start (fewer than three letters: "ב־ALS", "ALS-இன்", "s-a", "что-то"), or a word to an ending
    in another script ("ALS-க்கும்")? Such a part is a prefix, an ending or a clitic of one word."""
    left, right = _part(text, pos - 2, -1), _part(text, pos, 1)
    if not left or not right:
        return False  # "CT- oder", "-20": not a hyphen between two parts of a word
    if _letters(left) < _MIN_PART or _letters(right) < _MIN_PART:
        return True
    return _edge_script(reversed(left)) not in (None, _edge_script(right))


def _edge_script(chars) -> str | None:
    """The script of the first letter of ``chars`` (marks and digits skipped), or None."""
    return next((script_of_char(ch) for ch in chars if unicodedata.category(ch)[0] == "L"), None)


def _part(text: str, at: int, step: int) -> str:
    """The letters, marks and digits from ``at`` away from the hyphen (``step`` -1: to the left)."""
    end = at
    while 0 <= end < len(text) and unicodedata.category(text[end])[0] in "LMN":
        end += step
    return text[end + 1:at + 1] if step < 0 else text[at:end]


def _letters(part: str) -> int:
    return sum(1 for ch in part if unicodedata.category(ch)[0] in "LN")


def _inside_word(before: str, after: str) -> bool:
    """Is this opportunity inside a Korean word (keep-all: Hangul counts as a letter, so it
    binds to the letters, digits and brackets it touches, as in UAX #14 LB28–LB30)? "ALS의",
    "씰룩거림(근육", "기전)입니다" were broken, and the line end was read as a space."""
    if _is_hangul(before):
        return _is_letter(after) or after.isdigit() or unicodedata.category(after) in ("Ps", "Pi")
    if _is_hangul(after):
        return _is_letter(before) or before.isdigit() or unicodedata.category(before) in ("Pe", "Pf")
    return False


def _is_hangul(ch: str) -> bool:
    return any(low <= ch <= high for low, high in _HANGUL)


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


@lru_cache(maxsize=None)
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language, left=3, right=3)


@lru_cache(maxsize=None)
def hyphenation_language(locale: str) -> str | None:
    """pyphen's dictionary for ``locale``, or None (zh, ar, he, hi, tr…). Plain "en" is
    American English: pyphen would otherwise pick British patterns ("intest-ine")."""
    return pyphen.language_fallback("en_US" if locale == "en" else locale.replace("-", "_"))


_WORD = re.compile(r"[^\W\d_]+(?:[\u00ad][^\W\d_]+)*")
# A web or e-mail address, as the checks read one (``checks.numbers.found_links``): the reader
# types it as printed, so a hyphen added inside it would be typed too ("info@cli-" / "nic.example").
_ADDRESS = re.compile(r"(?:https?://|ftp://|\bwww\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def addresses(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every web and e-mail address in ``text``: never hyphenated (a line may still
    break inside one where UAX #14 allows, after a "/")."""
    return tuple(m.span() for m in _ADDRESS.finditer(text))


# Words pyphen's patterns split wrongly in the shipped catalogs, as a dictionary writes them
# (TeX's \\hyphenation{} list): German compounds split at the joint, Romanian diphthongs kept.
EXCEPTIONS = {
    "de": ("Fort-schrei-ten", "Fort-schrei-tens", "fort-schrei-tend", "fort-schrei-ten-de", "fort-schrei-ten-den",
           "fort-schrei-ten-der", "fort-schrei-ten-des", "fort-schrei-tet", "Fort-schritt", "Fort-schrit-te",
           "Funk-tions-stö-rung", "Funk-tions-stö-run-gen", "La-te-ral-skle-ro-se"),
    "ro": ("în-cu-ra-jea-ză", "în-cu-ra-jea-za", "dum-nea-voas-tră"),
}
# Russian and Ukrainian split a doubled consonant between its two letters ("знан-ня", "кас-са");
# pyphen's patterns carry it over whole ("захворюва-ння").
_SPLIT_DOUBLES = {"ru", "uk", "be"}
_CYRILLIC_VOWELS = set("аеєиіїоуюяыэёўАЕЄИІЇОУЮЯЫЭЁЎ")


@lru_cache(maxsize=None)
def _exceptions(language: str) -> dict[str, tuple[int, ...]]:
    words = EXCEPTIONS.get(language.split("_")[0], ())
    out = {}
    for written in words:
        parts = written.strip("-").split("-")
        offsets, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            offsets.append(at)
        word = "".join(parts)
        out[word.lower()] = tuple(p for p in offsets if 3 <= p <= len(word) - 3)  # three letters each side
    return out


def _points(core: str, language: str) -> list[int]:
    """pyphen's points for one run of letters, corrected by the exceptions and the doubled-consonant rule."""
    known = _exceptions(language).get(core.lower())
    if known is not None:
        return list(known)
    points = _hyphenator(language).positions(core)
    if language.split("_")[0] in _SPLIT_DOUBLES:
        moved = []
        for p in points:
            if p + 1 < len(core) and core[p] == core[p + 1] and core[p] not in _CYRILLIC_VOWELS:
                p += 1  # "ва-ння" → "ван-ня"; kept only with three letters after it
            if p <= len(core) - 3:
                moved.append(p)
        points = sorted(set(moved))
    return points


@lru_cache(maxsize=65536)
def hyphen_points(word: str, language: str) -> tuple[int, ...]:
    """Offsets inside ``word`` where it may be hyphenated (only inside its longest run of
    letters, never next to digits or existing hyphens)."""
    points: list[int] = []
    for m in _WORD.finditer(word):
        core = m.group(0)
        if len(core) < 6 or "\u00ad" in core:
            continue
        points += [m.start() + p for p in _points(core, language)]
    return tuple(points)
