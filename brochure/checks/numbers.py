"""Numbers, identifiers and links in a text, read the way its locale writes them.

A translation may reformat a number (``100,000`` → ``100.000`` in German,
``100 000`` with a narrow no-break space in French, ``1,00,000`` in Hindi,
``1.6:1`` → ``1,6:1``) but never change its value. So both sides are reduced to
multisets of values and compared:

* **Tokens.** A number is a run of digits (any script's decimal digits) joined by
  ``.``, ``,``, the locale's group symbol, or a no-break/thin space followed by
  exactly three digits. Everything else separates numbers: ``2-5``, ``2–5``,
  ``2 à 5``, ``7-6``, ``50 bis 70`` and ``1.6:1`` contribute their numbers, and
  ranges, ratios and percentages are thereby covered. A hyphen is never a minus sign. A
  translation's number is written in the digits of one script: "5٠" (the Arabic-Indic zero
  is a dot to a reader of Latin digits) is unreadable, and so is one joined by a sign drawn
  as a decimal point or comma that no locale writes in numbers ("1·5", "1．5": ``_LOOK_ALIKES``).
* **The English source** is read by one documented rule instead of babel's,
  because authors do not always write English numbers: ``100,000`` is a grouped
  integer; ``100.000`` -- one to three digits without a leading zero, then groups
  of exactly three digits after dots -- is read as the integer 100000 (medical
  English never writes trailing zeros after a decimal point, so ``100.000`` cannot
  mean a hundred; ``3.142`` would be read as 3142 too, and ``brochure.lint``
  points the author at such mixed formats); any other ``1.6`` is a decimal. Anything else
  (``0,5``: a comma that groups no three digits) is no number, which every translation
  reports until the author corrects it (babel's lenient parser read ``0,5`` as 5).
  Number words (``one`` … ``twenty``, ``thirty`` … ``ninety``, ``hundred``,
  ``thousand``, ``million``) are optional: a translation may write them in digits. A number
  with a scale word (``1.5 million``) may be written as either (``1,5 Millionen``, ``150万``).
* **The translation** is read with babel's strict ``parse_decimal`` for its
  locale. What babel refuses is tolerated in two documented cases: Western
  three-digit grouping with the locale's own symbols (``100,000`` in Hindi, whose
  CLDR pattern is Indian ``1,00,000``) and SI grouping with a no-break, narrow
  no-break or thin space in any locale. Anything else (``1.6`` in German) is
  unreadable and reported with babel's suggestion, and so is a point where the locale
  writes neither its decimal nor its group sign with one (``10.000`` or ``1.5`` in Russian,
  French, Polish: babel's Decimal reads a point, a reader takes ``10.000`` for ten
  thousand). A number followed by a myriad
  unit counts as its value: ``10万`` = 100,000 (``万``/``萬`` 10⁴, ``亿``/``億`` 10⁸;
  Korean ``만``/``억`` in ko), and so do Chinese and Japanese hundreds and thousands,
  alone or before one (``5千`` = 5,000, ``1千万`` = 10,000,000; not ``千`` of ``千克``, kg).
* **Identifiers**: Latin letters glued to digits (``SOD1``, ``TDP43``, ``IGF-1``,
  ``M2``) are names, compared as strings and not as numbers.
* **Number signs** that are not decimal digits (``½``, ``²``, ``①``, ``Ⅻ``: Unicode No
  and Nl) cannot be read as part of a number (``100.000½``, ``10²``), so each must be
  the source's.
* **Signs**: a minus or plus sign written on a number (``−5``, ``-5``, ``+5``, ``±5``: the sign
  right before the digits, after a space, bracket, quote, the start or a letter of a script
  written without spaces (``在−2``), not after another number as in ``2 - 5``) must be the source's: "2–8 °C" → "−2–8 °C" keeps the values 2 and 8. Every
  character drawn as a minus or plus counts (``‐5`` with U+2010 HYPHEN, ``⁻5``), and so does a
  comparison (``<5``, ``> 38``, ``≤``, ``≥``; it may stand one space apart), also before a minus or
  plus sign (``≤ −2.5``: the two are one sign).
* **Units**: where the translation writes a number with a unit symbol it shares with the
  source (``mg``, ``µg``, ``ml``, ``%``, ``°C``, ``h``, ``min``…: ``units.UNITS``), the unit must
  be the source's for that value: "10 mg" → "10 g" or "10 µg" is a thousandfold dose. The
  same units in other scripts' symbols count as those units ("10 мг", "10 מ״ג", "10毫克", and
  unit words that do not inflect after a number, "۱۰ گرم", "১০ গ্রাম", "10 กรัม", "10그램",
  ``units.LOCAL_UNITS``), and so do compatibility characters ("10㎏", "10ｇ", "8℃", "10％": read
  as NFKC) and the Arabic percent and per mille signs (٪ ؉); a percent or per mille sign
  before its number is its unit (Turkish "%10"); a unit in inflected words
  ("10 Milligramm") is not compared.
* **Links**: URLs, DOIs and e-mail addresses are compared as strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal

from ..charpolicy import NEVER_DRAWN
from ..telephone import international, telephone_numbers
from ..units import CJK_RANGES, PERCENT_SIGNS, UNIT_SPELLINGS, unit_after

SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin space
_ARABIC_DECIMAL, _ARABIC_GROUP = "\u066b", "\u066c"

# An address runs to the next space, as a reader copies it off the page (a quotation mark
# glued inside it, "https://a.example«»@b.example", is part of what is printed); the scheme
# counts even glued to a word ("Punkthttps://…"). The back cover's links are found with
# the same patterns (``tagging.link_target``): no link the urls check did not compare.
_URL = re.compile(r"(?:https?://|ftp://|\bwww\.)[^\s<>\"]+", re.IGNORECASE)
_DOI = re.compile(r"\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TRAILING = ".,;:!?)]}»«”“„’'\"。，；：！？）"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
IDENTIFIER = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:-?[0-9]+[A-Za-z]*)+(?![0-9])")

_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1000000})
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
_SCALE = re.compile(r"\s+(hundred|thousand|million)\b", re.IGNORECASE)  # "1.5 million": 1,500,000


@dataclass(frozen=True)
class Number:
    """A number as written (``text``) and its value; ``value`` is None when unreadable."""

    text: str
    value: Decimal | None
    hint: str = ""  # babel's suggestion for an unreadable number
    scaled: Decimal | None = None  # the source's "1 million" as a value, which a translation may write


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """Decimal digits of any script (٣, ३, ３) → 0-9; everything else unchanged."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(0))), text)


def _digit_zeros(written: str) -> list[int]:
    """The code points of the zeros of the digit scripts in ``written`` (0x30 for 0-9, 0x660
    for ٠-٩), in order."""
    return sorted({ord(ch) - unicodedata.decimal(ch) for ch in written if ch.isdecimal()})


def links(text: str) -> Counter:
    """URLs, DOIs and e-mail addresses, without trailing sentence punctuation."""
    return Counter(link for _, link in found_links(text))


def found_links(text: str) -> list[tuple[str, str]]:
    """(kind, address) for every URL ("url"), DOI ("doi") and e-mail address ("email"), in
    this order of kinds and then as written, without trailing sentence punctuation."""
    return [(kind, m.group(0).rstrip(_TRAILING))
            for kind, pattern in (("url", _URL), ("doi", _DOI), ("email", _EMAIL)) for m in pattern.finditer(text)]


def signs(text: str) -> Counter:
    """Number signs that are not decimal digits: fractions, super- and subscripts, circled
    and Roman numerals (½ ² ① Ⅻ)."""
    return Counter(ch for ch in text if not ch.isascii() and unicodedata.category(ch) in ("No", "Nl"))


# Everything drawn as a minus or plus sign: hyphens (U+2010, U+2011), dashes, the minus sign and
# its small, full-width, superscript, subscript and heavy forms.
_SIGNS = {"-": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u02d7": "-",
          "\u207b": "-", "\u208b": "-", "\u2796": "-", "\ufe63": "-", "\uff0d": "-",
          "+": "+", "\u207a": "+", "\u208a": "+", "\u2795": "+", "\ufb29": "+", "\ufe62": "+", "\uff0b": "+",
          "±": "±"}
# A comparison on a number is a sign of it too, and may stand apart from it ("< 5 mg").
_COMPARISONS = {"<": "<", "\uff1c": "<", ">": ">", "\uff1e": ">", "≤": "≤", "\u2266": "≤", "\u2a7d": "≤",
                "≥": "≥", "\u2267": "≥", "\u2a7e": "≥"}
_SIGNS.update(_COMPARISONS)


def _before_a_sign(ch: str) -> bool:
    """Whether a sign after ``ch`` belongs to the number after it: after a space, an opening
    bracket or a quotation mark (German opens with », Pf), or a letter of a script written
    without spaces ("在−2", "ที่−2"), or a Hebrew maqaf ("ל־-20", "to -20"); not after another
    letter ("ל-70", Hebrew "to 70")."""
    return ch.isspace() or ch in "\"'\u05be" or unicodedata.category(ch) in ("Ps", "Pi", "Pf") or \
        any(low <= ch <= high for low, high in _UNSPACED)


def _comparison_before(text: str, i: int) -> int:
    """Where a comparison standing right before ``i`` or one space before it begins, or ``i``."""
    if i > 0 and text[i - 1] in _COMPARISONS:
        return i - 1
    if i > 1 and text[i - 1] in SPACES + " " and text[i - 2] in _COMPARISONS:
        return i - 2
    return i


def signed(text: str, group: str) -> list[tuple[str, str]]:
    """(sign, the number as written) for every number with a sign on it ("-", "+", "±"; U+2212
    and the dashes count as "-"; a comparison "<", ">", "≤", "≥", which may stand one space
    apart, alone or before one of those: "≤-" for "≤ −2.5"): right before the digits, after a
    space, an opening bracket or the start, and not after another number ("2 - 5" is a range)."""
    found = []
    for m in _spans(text, group):
        i = m.start()
        if i > 0 and text[i - 1] in _SIGNS and text[i - 1] not in _COMPARISONS:
            i -= 1
        start = _comparison_before(text, i)
        if start == m.start() or (start > 0 and not _before_a_sign(text[start - 1])):
            continue
        before = text[:start].rstrip()
        if before and ascii_digits(before[-1]).isdigit():
            continue
        kind = "".join(_SIGNS[ch] for ch in text[start:m.start()] if ch in _SIGNS)
        found.append((kind, text[start:m.end()]))
    return found


# Scripts written without spaces between words: CJK, Thai, Lao, Myanmar, Khmer; compared as code
# points (a regex class of their 40,000 took 3 ms to compile at every start).
_UNSPACED = (*CJK_RANGES, ("\u0e00", "\u0eff"), ("\u1000", "\u109f"), ("\u1780", "\u17ff"))


def _unit_of(text: str, p: Placed) -> tuple[str, str] | None:
    """The unit symbol of the number at ``p`` and the number with it as written: after it, or a
    percent or per mille sign before it, as Turkish writes "%10"; None without one."""
    after = unit_after(text, p.end)
    if after:
        return after[0], text[p.start:after[1]]
    before = unicodedata.normalize("NFKC", text[p.start - 1]) if p.start else ""
    if before and before in PERCENT_SIGNS:
        return UNIT_SPELLINGS.get(before, before), text[p.start - 1:p.end]
    return None


def changed_units(source: str, translation: str, locale: str, source_locale: str = "en") -> str | None:
    """A number written with another unit symbol than the source's for that value ("10 mg" →
    "10 g"), or None. Only where both write a symbol of ``UNITS``."""
    want: dict[Decimal, Counter] = {}
    shown: dict[Decimal, str] = {}  # the source's number with its unit, as written
    for p in _placed_source(source, source_locale):
        found = _unit_of(source, p)
        if found:
            want.setdefault(p.value, Counter())[found[0]] += 1
            shown.setdefault(p.value, found[1])
    for p in _placed_translation(translation, locale):
        found, units = _unit_of(translation, p), want.get(p.value)
        if not found or not units:
            continue
        if units[found[0]] > 0:
            units[found[0]] -= 1
        elif +units:
            return f"{found[1]!r} where the source has {shown[p.value]!r}: the unit changed"
    return None


def identifiers(text: str) -> Counter:
    """Names made of Latin letters and digits: SOD1, TDP43, IGF-1, M2."""
    return Counter(m.group(0) for m in IDENTIFIER.finditer(_mask(text, identifiers_too=False)))


@lru_cache(maxsize=4096)
def _mask(text: str, identifiers_too: bool = True) -> str:
    """Blank out what contains digits but is not a number: links, placeholders, identifiers.
    Cached: the number checks of one message mask its two texts about eight times."""
    patterns = [_URL, _DOI, _EMAIL, _PLACEHOLDER] + ([IDENTIFIER] if identifiers_too else [])
    for pattern in patterns:  # same length, so that positions still point into the text
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    for start, end in international(text):  # digit for digit: ``telephone``
        text = text[:start] + " " * (end - start) + text[end:]
    return text


# Signs drawn as a decimal point or comma that no locale writes in numbers: between digits they
# join them into one unreadable number, or "1·5" (the British decimal point) would be read as 1 and 5.
_LOOK_ALIKES = "\u00b7\u2024\u2027\ufe52\uff0e\u201a\ufe50"


@lru_cache(maxsize=64)
def _token_re(group: str) -> re.Pattern:
    spaces = SPACES + (" " if group.isspace() else "")
    extra = "" if group in ".," or group.isspace() else re.escape(group)
    return re.compile(rf"\d{{1,3}}(?:[{spaces}]\d{{3}}(?!\d))+(?:[.,]\d+)?"
                      rf"|\d+(?:[.,{extra}{_ARABIC_DECIMAL}{_ARABIC_GROUP}{_LOOK_ALIKES}]\d+)*")


@lru_cache(maxsize=4096)
def _spans(text: str, group: str) -> tuple[re.Match, ...]:
    """Number tokens as matches on the masked, ASCII-digit text; its positions are ``text``'s.
    Cached: every number check of a message reads the same two texts."""
    return tuple(_token_re(group).finditer(ascii_digits(_mask(text))))


def hidden_inside(text: str, locale: str) -> tuple[str, str, str] | None:
    """The first character that is never drawn (``charpolicy.NEVER_DRAWN``) standing inside a
    number or an address, what it stands in ("number", "address") and that as printed; or None.
    The checks read the text without them, but a bidi mark inside a number or an address
    reorders its parts on the page ("1<RLM>.5" is drawn "5.1" in Arabic, "info<RLM>@clinic.example"
    "clinic.example@info") and a ZWSP or soft hyphen lets a line break inside it."""
    kept = [i for i, ch in enumerate(text) if ch not in NEVER_DRAWN]
    if len(kept) == len(text):
        return None
    printed = "".join(text[i] for i in kept)
    spans = [("number", m.start(), m.end()) for m in _spans(printed, get_group_symbol(locale))]
    spans += [("number", start, end) for start, end in telephone_numbers(printed)]
    spans += [("address", m.start(), m.start() + len(m.group(0).rstrip(_TRAILING)))
              for pattern in (_URL, _DOI, _EMAIL) for m in pattern.finditer(printed)]
    for what, start, end in spans:
        hidden = next((ch for ch in text[kept[start] + 1:kept[end - 1]] if ch in NEVER_DRAWN), None)
        if hidden:
            return hidden, what, printed[start:end]
    return None


# ---------------------------------------------------------------- the English source

def english_value(token: str) -> Decimal | None:
    """The value of a number written in an English text (see the module docstring)."""
    t = re.sub(f"[{SPACES} ]", "", token) if re.fullmatch(rf"\d{{1,3}}(?:[{SPACES} ]\d{{3}})+", token) else token
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        return Decimal(t.replace(",", ""))
    if re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", t):
        return Decimal(t.replace(".", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return Decimal(t)
    return None  # "0,5": no English number (babel's lenient parser read 5)


def source_numbers(text: str, locale: str = "en") -> tuple[list[Number], list[Decimal]]:
    """Numbers of the source (required) and its number words (optional in a translation)."""
    if locale.split("_")[0] != "en":
        return translation_numbers(text, locale), []
    numbers = []
    for m in _spans(text, ","):
        value, scale = english_value(m.group(0)), _SCALE.match(text, m.end())
        scaled = value * _WORDS[scale.group(1).lower()] if scale and value is not None else None
        numbers.append(Number(m.group(0), value, scaled=scaled))
    words = [Decimal(_WORDS[m.group(1).lower()]) for m in _WORD.finditer(text)]
    return numbers, words


# ---------------------------------------------------------------- a translation

@lru_cache(maxsize=8192)
def localized_value(token: str, locale: str) -> Number:
    """Read ``token`` as ``locale`` writes numbers, with babel's strict parser."""
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    t = token.replace(_ARABIC_DECIMAL, decimal).replace(_ARABIC_GROUP, group)
    if any(ch in t for ch in SPACES + " "):
        t = re.sub(f"[{SPACES} ]", group if group.isspace() else "", t)
    if t.isdigit():
        return Number(token, Decimal(t))
    if "." in t and "." not in (group, decimal):
        return Number(token, None, _point_hint(t, locale))
    try:
        return Number(token, parse_decimal(t, locale, strict=True))
    except NumberFormatError as exc:
        western = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
        if re.fullmatch(western, t):
            return Number(token, parse_decimal(t, locale))
        hint = " or ".join(repr(s) for s in (exc.suggestions or []))
        return Number(token, None, hint)


def _point_hint(t: str, locale: str) -> str:
    """How ``locale`` writes a number with a point that is neither its decimal nor its group
    sign: babel (Python's Decimal) would read the point as a decimal point, while a reader
    of Russian or French, whose decimal sign is a comma, takes "10.000" for ten thousand."""
    readings = [Decimal(t)] if re.fullmatch(r"\d+(?:\.\d+)?", t) else []
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
        readings.append(Decimal(t.replace(".", "")))
    return " or ".join(repr(format_decimal(r, locale=locale, decimal_quantization=False)) for r in readings)


# Chinese and Japanese count large numbers in myriads (10万 = 100,000), Korean too (10만), and
# Chinese and Japanese write hundreds and thousands after the digits, alone or before a myriad
# (5千 = 5,000, 1千万 = 10,000,000); 千 that begins a unit is the unit's (千克 kg, 千米 km, 千卡 kcal).
_MYRIADS = {"百": 10 ** 2, "千": 10 ** 3, "万": 10 ** 4, "萬": 10 ** 4, "亿": 10 ** 8, "億": 10 ** 8,
            "만": 10 ** 4, "억": 10 ** 8}
_MYRIAD_RUN = "(?:[百千](?![克米卡焦瓦帕赫伏])|[万萬亿億{}])+"
_MYRIAD_RUNS = (re.compile(_MYRIAD_RUN.format("")), re.compile(_MYRIAD_RUN.format("만억")))


def translation_numbers(text: str, locale: str, source: str = "") -> list[Number]:
    """The numbers of a translation. Digits grouped with plain spaces exactly as the English
    ``source`` writes them ("0800 123 456", a phone number) are read as the source reads them,
    one number a group, although a plain space groups thousands in French or Russian."""
    masked = ascii_digits(_mask(text))
    myriads = _MYRIAD_RUNS[locale.split("_")[0] == "ko"]  # 만 and 억 are units in Korean only
    out = []
    for m in _token_re(get_group_symbol(locale)).finditer(masked):
        if " " in m.group(0) and re.search(rf"(?<!\d){re.escape(m.group(0))}(?!\d)", source):
            out += [localized_value(group, locale) for group in m.group(0).split(" ")]
            continue
        number, run = localized_value(m.group(0), locale), myriads.match(masked, m.end())
        zeros = _digit_zeros(text[m.start():m.end()])
        if len(zeros) > 1:  # "5٠": the Arabic-Indic zero is a dot to a reader of Latin digits
            number = Number(text[m.start():m.end()], None, " or ".join(
                repr(re.sub(r"\d", lambda d: chr(zero + int(d.group(0))), m.group(0))) for zero in zeros))
        elif run and number.value is not None:
            factor = 1
            for unit in run.group(0):
                factor *= _MYRIADS[unit]
            number = Number(m.group(0) + run.group(0), number.value * factor)
        out.append(number)
    return out


# ---------------------------------------------------------------- comparison

def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def compare(source: str, translation: str, locale: str, source_locale: str = "en") -> str | None:
    """A short reason why the numbers or identifiers differ, or None when they match."""
    source, translation = without_telephones(source, translation)
    required, optional = source_numbers(source, source_locale)
    english = source_locale.split("_")[0] == "en"
    got = translation_numbers(translation, locale, ascii_digits(_mask(source)) if english else "")
    problems = [f"{n.text!r} is not a number as {locale} writes it"
                + (f" (did you mean {n.hint}?)" if n.hint else "") for n in got if n.value is None]
    left = Counter(n.value.normalize() for n in got if n.value is not None)
    unread = [repr(n.text) for n in required if n.value is None]
    if unread:
        problems.append(f"the source's {', '.join(unread)} is no number as {source_locale} writes it: the author "
                        "must correct it")
    missing = []
    for n in (n for n in required if n.value is not None):
        key = n.value.normalize()
        if left[key] > 0:
            left[key] -= 1
        elif n.scaled is not None and left[n.scaled.normalize()] > 0:  # "1 million" → "100万"
            left[n.scaled.normalize()] -= 1
        else:
            missing.append(n.text)
    for value in optional:
        if left[value.normalize()] > 0:
            left[value.normalize()] -= 1
    shown = {}
    for n in got:
        if n.value is not None:
            plain = n.text == _plain(n.value)
            shown.setdefault(n.value.normalize(), n.text if plain else f"{n.text} (= {_plain(n.value)})")
    extra = [shown[v] for v, c in left.items() for _ in range(c)]
    want_signs, have_signs = signs(source), signs(translation)
    missing += sorted((want_signs - have_signs).elements())
    extra += sorted((have_signs - want_signs).elements())
    want_signed, have_signed = signed(source, ","), signed(translation, get_group_symbol(locale))
    want_kinds, have_kinds = Counter(k for k, _ in want_signed), Counter(k for k, _ in have_signed)
    for kind, count in (have_kinds - want_kinds).items():  # "−2" where the source has 2
        extra += [written for k, written in have_signed if k == kind][:count]
    for kind, count in (want_kinds - have_kinds).items():
        missing += [written for k, written in want_signed if k == kind][:count]
    if missing:
        problems.append("missing " + ", ".join(missing))
    if extra:
        problems.append("not in the source: " + ", ".join(extra))
    changed = changed_units(source, translation, locale, source_locale)
    if changed:
        problems.append(changed)
    want, have = identifiers(source), identifiers(translation)
    if want != have:
        if want - have:
            problems.append("identifier(s) missing: " + ", ".join(sorted((want - have).elements())))
        if have - want:
            problems.append("identifier(s) not in the source: " + ", ".join(sorted((have - want).elements())))
    return "; ".join(problems) or None


# ---------------------------------------------------------------- telephone numbers

# Digits as a translation may group a telephone number: joined by spaces, dots, commas, the
# Arabic separators, hyphens, slashes or brackets ("+41 (0)44", "044/123 45 67", "٠٤٤ ١٢٣").
_CHAIN = re.compile("\\d+(?:[ \u00a0\u2007\u2009\u202f.,\u066b\u066c\\-\u2010\u2011/()+]{1,3}\\d+)*")


def telephone(source: str, translation: str) -> list[tuple[str, bool]]:
    """The source's telephone numbers (``telephone.telephone_numbers``) whose digits the
    translation does not hold in one run, in the source's order, however it groups them, each
    with whether it is international ("+41 …"). The numbers check compares values, and "45 67"
    and "67 45" hold the same values. Each number needs digits of its own: "044 123 45 67" is
    not found inside "+41 (0)44 123 45 67" beside it."""
    return list(_telephones(source, translation)[0])


def without_telephones(source: str, translation: str) -> tuple[str, str]:
    """Both texts with the digits of the source's telephone numbers blanked, where the source
    writes them and where the translation holds them, and those of the translation's telephone
    numbers that begin with a 0 (never a number's value): the ``telephone`` check compares them
    digit for digit, so the numbers check neither reads their groups as values ("044 123 4567"
    for "044 123 45 67" was "missing 45, 67") nor says a changed one twice."""
    _, source_spans, held = _telephones(source, translation)
    own = [(a, b) for a, b in telephone_numbers(translation) if _digits(translation[a:b])[:1] == "0"]
    return _blank_digits(source, source_spans), _blank_digits(translation, (*held, *own))


def _digits(text: str) -> str:
    """The decimal digits of ``text`` (any script's, as 0-9), and nothing else."""
    return re.sub(r"\D", "", ascii_digits(text))


@lru_cache(maxsize=4096)
def _chains(translation: str) -> tuple[tuple[re.Match, str, tuple[int, ...]], ...]:
    """Each run of digits a telephone number may be grouped as (``_CHAIN``): its match on the
    ASCII-digit text (the same length: positions are the translation's), its digits, and where
    each digit stands in the translation."""
    return tuple((m, _digits(m.group(0)), tuple(m.start() + i for i, ch in enumerate(m.group(0)) if ch.isdigit()))
                 for m in _CHAIN.finditer(ascii_digits(translation)))


def _blank_digits(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i].isdigit():
                chars[i] = " "
    return "".join(chars)


@lru_cache(maxsize=4096)
def _telephones(source: str, translation: str) -> tuple[tuple, tuple, tuple]:
    """(the source's numbers not found, as ``telephone`` gives them; their spans in the source;
    the spans of the translation's digits that hold the numbers found)."""
    chains = [digits for _, digits, _ in _chains(translation)]
    places = [where for _, _, where in _chains(translation)]
    taken: list[list[tuple[int, int]]] = [[] for _ in chains]
    spans = telephone_numbers(source)
    wanted = [(source[start:end], _digits(source[start:end])) for start, end in spans]
    found: dict[int, tuple[int, int]] = {}
    for whole in (True, False):  # a run that is the number itself first, then the longest numbers
        for k in sorted(set(range(len(wanted))) - set(found), key=lambda k: -len(wanted[k][1])):
            place = _take(wanted[k][1], chains, taken, whole)
            if place:
                chain, at = place
                found[k] = (places[chain][at], places[chain][at + len(wanted[k][1]) - 1] + 1)
    missing = tuple((written, written.startswith("+")) for k, (written, _) in enumerate(wanted) if k not in found)
    return missing, spans, tuple(found.values())


_HYPHEN_JOIN = re.compile("\\d[\\-\u2010\u2011]\\d")


def hyphenated_in_arabic_script(source: str, translation: str) -> list[str]:
    """The translation's runs of digits holding a source telephone number's digits whose groups
    are joined by hyphens, in a text in Arabic script, and that are no telephone number of the
    translation (``telephone.telephone_numbers``: "0800-12-34" has too few digits, "044 123-45-67"
    mixes spaces and hyphens). There a hyphen does not hold digit groups together (UBA W2, W4:
    after an Arabic letter digits are Arabic numbers, and a hyphen joins European ones only), so
    such a run is drawn "34-12-0800" as seen, like a range; a telephone number is drawn left to
    right as one (``text.runs``), "044-123-45-67" as written."""
    if not any(unicodedata.bidirectional(ch) == "AL" for ch in translation):
        return []
    wanted = [_digits(source[a:b]) for a, b in telephone_numbers(source)]
    isolated = telephone_numbers(translation)
    return [translation[m.start():m.end()] for m, digits, _ in _chains(translation)
            if _HYPHEN_JOIN.search(m.group(0)) and any(w in digits for w in wanted)
            and not any(a <= m.start() and m.end() <= b for a, b in isolated)]


def mixed_telephone_numbers(translation: str) -> list[str]:
    """The translation's telephone numbers written in the digits of two or more scripts
    ("044 123 ٤٥ 67": a reader of Latin digits takes the "٥" for a zero)."""
    written = [translation[start:end] for start, end in telephone_numbers(translation)]
    return [number for number in written if len(_digit_zeros(number)) > 1]


def _take(digits: str, chains: list[str], taken: list[list[tuple[int, int]]],
          whole: bool) -> tuple[int, int] | None:
    """Mark the first place in ``chains`` that holds ``digits`` and no digit another number took:
    (which chain, where in its digits), or None."""
    for index, (chain, used) in enumerate(zip(chains, taken)):
        if whole and chain != digits:
            continue
        at = chain.find(digits)
        while at >= 0:
            if not any(a < at + len(digits) and at < b for a, b in used):
                used.append((at, at + len(digits)))
                return index, at
            at = chain.find(digits, at + 1)
    return None


# ---------------------------------------------------------------- order

# What joins two numbers into a range, ratio or pair in the English source:
# 2-5, 2–5, 2 to 5, 1.6:1, 120/80, between 50 and 70, 50% and 70%, 3 or 4.
_LINK = re.compile(r"\s*%?\s*(?:[-\u2010\u2011\u2012\u2013\u2014:/\u2044]|to|and|or)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    """A number's value and where it is written (start, end in the text)."""

    value: Decimal
    start: int
    end: int


@lru_cache(maxsize=4096)
def _placed_source(text: str, locale: str) -> tuple[Placed, ...]:
    if locale.split("_")[0] != "en":
        return _placed_translation(text, locale)
    return tuple(Placed(v.normalize(), m.start(), m.end()) for m in _spans(text, ",")
                 if (v := english_value(m.group(0))) is not None)


@lru_cache(maxsize=4096)
def _placed_translation(text: str, locale: str) -> tuple[Placed, ...]:
    out = []
    for m in _spans(text, get_group_symbol(locale)):
        n = localized_value(m.group(0), locale)
        if n.value is not None:
            out.append(Placed(n.value.normalize(), m.start(), m.end()))
    return tuple(out)


# What joins two numbers into a range or ratio in any language: a dash, a colon or a slash (a
# wave dash in Chinese, Japanese and Korean), between numbers or after a percent sign.
_SIGN_LINK = re.compile(r"\s*[%\u066a\uff05]?\s*[-\u2010-\u2015\u2212\ufe63\uff0d:\uff1a/\u2044\uff0f~\u301c\uff5e]\s*")


def pairs(text: str, locale: str = "en") -> list[tuple[Placed, Placed]]:
    """Ranges, ratios and pairs of the source: neighbouring numbers joined by ``_LINK``."""
    return _joined(_placed_source(text, locale), text, _LINK)


def _joined(placed: tuple[Placed, ...], text: str, link: re.Pattern) -> list[tuple[Placed, Placed]]:
    masked = _mask(text)
    return [(a, b) for a, b in zip(placed, placed[1:])
            if a.value != b.value and link.fullmatch(masked[a.end:b.start])]


def _by_values(placed_pairs) -> dict[tuple, list[tuple[Placed, Placed]]]:
    """Pairs of placed numbers by their two values, in the order they come."""
    found: dict[tuple, list[tuple[Placed, Placed]]] = {}
    for a, b in placed_pairs:
        found.setdefault((a.value, b.value), []).append((a, b))
    return found


def reversed_pair(source: str, translation: str, locale: str, source_locale: str = "en") -> str | None:
    """A range, ratio or pair of the source whose numbers come in the opposite order in the
    translation ("2–5" → "5–2", "50 and 70" → "70 und 50"), or None.

    Order is the logical order in which the text is stored (and read): Arabic "من 2 إلى 5"
    keeps 2 before 5 although the page shows it right to left. The words around the numbers
    do not matter, only which numbers follow each other, so every language's wording of
    "a to b" or "between a and b" is covered. A reversal the source itself contains (the
    author's "7-6") is not one when the translation copies it. Two numbers joined by a dash
    or colon are a range or ratio in every language: "5–2" reverses "2-5" even where other
    numbers of the translation happen to follow each other as 2, 5 ("5–2 Tabletten an Tag 5,
    dann 2").
    """
    src = _placed_source(source, source_locale)
    got = _placed_translation(translation, locale)
    src_next = Counter((a.value, b.value) for a, b in zip(src, src[1:]))
    got_next = _by_values(zip(got, got[1:]))
    got_joined = _by_values(_joined(got, translation, _SIGN_LINK))
    source_pairs = pairs(source, source_locale)
    wanted = Counter((a.value, b.value) for a, b in source_pairs)
    for a, b in source_pairs:
        key, back = (a.value, b.value), (b.value, a.value)
        if len(got_joined.get(back, [])) > wanted[back]:
            x, y = got_joined[back][0]
        elif len(got_next.get(key, [])) < wanted[key] and len(got_next.get(back, [])) > src_next[back]:
            x, y = got_next[back][0]
        else:
            continue
        return f"{translation[x.start:y.end]!r} reverses the source's {source[a.start:b.end]!r}"
    return _reversed_times(source, translation)


# A time of day, "8:00", "17:30" (in any script's digits): one value in a range, where the
# number check reads its hours and minutes as two numbers.
_TIME = re.compile(r"(?<![\d:.,])(\d{1,2}):([0-5]\d)(?![\d:])")


def _times(text: str) -> list[tuple[tuple[int, int], int, int]]:
    """((hours, minutes), start, end) of every time of day in ``text``."""
    return [((int(m.group(1)), int(m.group(2))), m.start(), m.end()) for m in _TIME.finditer(ascii_digits(text))]


def _reversed_times(source: str, translation: str) -> str | None:
    """A range of times of the source ("8:00–17:30", "8:00 to 17:30") whose two times follow each
    other the other way round in the translation, in any wording, and never in the source's order."""
    src, got = _times(source), _times(translation)
    got_next = {(a[0], b[0]): (a[1], b[2]) for a, b in zip(got, got[1:])}
    for a, b in zip(src, src[1:]):
        if a[0] == b[0] or not _LINK.fullmatch(source[a[2]:b[1]]):
            continue
        if (b[0], a[0]) in got_next and (a[0], b[0]) not in got_next:
            start, end = got_next[(b[0], a[0])]
            return f"{translation[start:end]!r} reverses the source's {source[a[1]:b[2]]!r}"
    return None


def reordered(source: str, translation: str, locale: str, source_locale: str = "en") -> str | None:
    """The source's numbers appear in another order in the translation (a warning: clauses
    may move in a translation, but a reader should compare), or None."""
    src = [p.value for p in _placed_source(source, source_locale)]
    values = [p.value for p in _placed_translation(translation, locale)]

    def kept(seq: list) -> list:  # numbers the source spelled as words ("one to two") are extra
        left, out = Counter(src), []
        for v in seq:
            if left[v] > 0:
                left[v] -= 1
                out.append(v)
        return out

    got, from_end = kept(values), kept(values[::-1])[::-1]  # an extra may stand before or after
    if sorted(got) != sorted(src) or src in (got, from_end):
        return None  # missing numbers are the numbers check's business
    if _range_moved(source, source_locale, (got, from_end)):
        return None
    return "numbers in another order than in the source: " + ", ".join(map(_plain, src)) + \
        " → " + ", ".join(map(_plain, got))


def _range_moved(source: str, source_locale: str, candidates: tuple[list, ...]) -> bool:
    """Whether the translation only moved a range past its neighbour: "7-6 out of 100,000" →
    "100,000 में से 7-6" is ordinary word order, while two single numbers trading places
    ("5 mg, then 10 mg" → "10 mg, then 5 mg") is what a reviewer must look at."""
    linked = {(a.start, b.start) for a, b in pairs(source, source_locale)}
    placed = _placed_source(source, source_locale)
    blocks: list[list] = []
    for i, p in enumerate(placed):
        if i and (placed[i - 1].start, p.start) in linked:
            blocks[-1].append(p.value)
        else:
            blocks.append([p.value])
    for i in range(len(blocks) - 1):
        if max(len(blocks[i]), len(blocks[i + 1])) < 2:
            continue
        swapped = blocks[:i] + [blocks[i + 1], blocks[i]] + blocks[i + 2:]
        if [v for block in swapped for v in block] in candidates:
            return True
    return False
