"""Small text facts shared by the checks and the source lint: brackets, end punctuation, script."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Brackets that must nest properly, in every script.
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "｛": "｝", "【": "】", "「": "」",
         "『": "』", "〔": "〕", "《": "》", "〈": "〉"}
_CLOSERS = {v: k for k, v in PAIRS.items()}
# A double quote → the marks it closes when one of them is open (else it opens):
# „ … “ and „ … ” (German, Polish), “ … ” (English), ” … ” (Swedish), " … ".
_QUOTE_OPENS = {"„": "", "“": "„", "”": "„“”", '"': '"'}
# Guillemets point outwards in French and inwards in Danish: only their counts must match.
COUNTED = (("«", "»"), ("‹", "›"))


def unbalanced(text: str) -> str | None:
    """Why the brackets or double quotes of ``text`` do not pair up, or None.

    Round, square, curly and CJK brackets must nest. « » and ‹ › must be as many
    opening as closing ones. Double quotes: „ always opens (German, Polish) and is
    closed by “ or ”; otherwise “ opens and ” closes (English), ” … ” pairs
    (Swedish), and ASCII " pairs with itself. Single quotes are not checked: ’ is
    also the apostrophe (l’oxygène, м’язів, απ’ ό,τι).
    """
    stack: list[str] = []
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if opener not in stack:
                return f"'{ch}' closes nothing"
            if stack[-1] != opener:
                return f"'{ch}' closes '{opener}' across an open '{stack[-1]}'"
            stack.pop()
        elif ch in _QUOTE_OPENS:
            opens = _QUOTE_OPENS[ch]
            if stack and stack[-1] in opens:
                stack.pop()
            elif any(q in opens for q in stack) and stack[-1] in PAIRS:
                return f"'{stack[-1]}' is not closed before '{ch}'"
            else:
                stack.append(ch)
    if stack:
        return f"'{stack[0]}' is never closed"
    counts = Counter(text)
    for left, right in COUNTED:
        if counts[left] != counts[right]:
            return f"{counts[left]} '{left}' but {counts[right]} '{right}'"
    return None


# ---------------------------------------------------------------- end punctuation

_END_CLASS = {}
for _name, _chars in {
    "full stop": ".。।۔｡።։។៕",
    "question mark": "?？؟\u037e፧",
    "exclamation mark": "!！",
    "colon": ":：፥፦៖",
    "semicolon": ";；؛·\u0387፤",
    "comma": ",，、،፣",
    "ellipsis": "…",
}.items():
    for _ch in _chars:
        _END_CLASS[_ch] = _name
_TRAILING_CLOSERS = set(_CLOSERS) | set("»›“”\"'’")


def end_class(text: str, locale: str = "") -> str | None:
    """The kind of punctuation ``text`` ends with (closing brackets and quotes skipped), or None.

    Equivalent marks of other scripts are one class: . 。 । ۔ ። ։ ។ are a full stop,
    ? ？ ؟ ፧ a question mark, , ، ፣ a comma; in Greek ';' (and U+037E) is the question mark.
    """
    t = text.rstrip()
    while t and t[-1] in _TRAILING_CLOSERS:
        t = t[:-1].rstrip()
    if t.endswith("..."):
        return "ellipsis"
    if not t:
        return None
    if t[-1] in ";\u037e" and locale.split("_")[0] == "el":
        return "question mark"
    return _END_CLASS.get(t[-1])


# Armenian ։ is followed by a space like a Latin stop; Ethiopic ። and Khmer ។ ៕ end a sentence anywhere.
_SENTENCE_END = re.compile(r"(?:\.\.\.|[.!?…।۔؟։])(?=[\s)\]»”’\"]*(?:\s|$))|[。！？።፧។៕]")
_GREEK_END = re.compile(r"(?:\.\.\.|[.!?…;\u037e])(?=[\s)\]»”’\"]*(?:\s|$))")


# A full stop that abbreviates rather than ends: the next word starts lower case or with a
# digit ("usw. im", "ca. 5", "e.g. the"; UAX #29's rule SB8), or it is one of two single
# letters with stops ("z. B.", "d. h.", "т. е."; a single letter alone may end a sentence:
# Haitian "… maladi a."). Not counted on either side (the text's last stop always counts),
# so that an "z. B." in a translation cannot stand in for a dropped sentence.
_NEXT_WORD = re.compile(r"[)\]»”’\"]*\s+(\w)")
_LETTER = r"(?<![^\W\d_])[^\W\d_]\."
_PAIR = re.compile(rf"{_LETTER}\s?{_LETTER}")


def _abbreviates(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` (not the text's last) abbreviates."""
    after = _NEXT_WORD.match(text, stop + 1)
    if after and (_starts_lower(after.group(1)) or after.group(1).isdigit()):
        return True
    return any(pair.start() <= stop < pair.end() for pair in _PAIR.finditer(text, max(0, stop - 4), stop + 5))


def _starts_lower(letter: str) -> bool:
    """A lower-case letter where a sentence would start with a capital. Not Georgian: its
    Mkhedruli letters are lower case to Unicode (Mtavruli, their capitals, are for all-caps
    only), and every Georgian sentence starts with one."""
    return letter.islower() and not "\u10d0" <= letter <= "\u10ff"


def sentences(text: str, locale: str = "") -> int:
    """How many sentences ``text`` has: sentence marks followed by a space or the end
    (CJK full-width marks count anywhere; in Greek ';' ends a question); a full stop that
    abbreviates ("z. B.", "ca. 5", "usw. und") does not count."""
    pattern = _GREEK_END if locale.split("_")[0] == "el" else _SENTENCE_END
    text = text.strip()
    return sum(1 for found in pattern.finditer(text)
               if not (found.group() == "." and found.end() < len(text)
                       and (_abbreviates(text, found.start()) or _ordinal_date(text, found.start(), locale))))


_DAY = re.compile(r"(?:^|\D)\d{1,2}$")  # one or two digits just before the stop
_WORD_AFTER = re.compile(r"\s+(\w+)")


def _ordinal_date(text: str, stop: int, locale: str) -> bool:
    """Whether the full stop at ``stop`` is a day's ordinal stop before a month's name, as German,
    Danish, Norwegian, Czech, Hungarian or Turkish write a date ("am 30. November")."""
    word = _WORD_AFTER.match(text, stop + 1)
    return bool(_DAY.search(text, max(0, stop - 3), stop) and word
                and word.group(1).lower() in _month_names(locale))


@lru_cache(maxsize=None)
def _month_names(locale: str) -> frozenset[str]:
    """The locale's month names, wide and abbreviated, in lower case (CLDR, through babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        months = Locale.parse(locale or "en").months
    except (ValueError, UnknownLocaleError):
        return frozenset()
    return frozenset(name.lower() for context in months.values() for width in ("wide", "abbreviated")
                     for name in context.get(width, {}).values())


# ---------------------------------------------------------------- script and length

# translation/source length (characters without markup) seen in good translations of
# prose of at least 40 characters, with some margin; keyed by the translation's script.
LENGTH_RATIO = {
    "LATIN": (0.6, 1.7),
    "CYRILLIC": (0.6, 1.7),
    "GREEK": (0.6, 1.7),
    "ARABIC": (0.5, 1.4),  # short vowels are not written
    "HEBREW": (0.4, 1.2),  # idem, and many words are one to three letters
    "DEVANAGARI": (0.6, 1.8),  # loanwords often get a gloss in brackets
    "CJK": (0.15, 0.8),  # one character is a syllable or a word
    "HANGUL": (0.25, 0.9),
}
DEFAULT_RATIO = (0.5, 2.0)
MIN_RATIO_LENGTH = 40  # shorter strings (headings, labels) vary too much to judge


@lru_cache(maxsize=4096)
def script(text: str) -> str | None:
    """The script most letters of ``text`` belong to (LATIN, CYRILLIC, CJK, …), or None."""
    counts = Counter(ch for ch in re.sub(r"\{[^{}]*\}", "", text) if ch.isalpha())  # placeholders are English
    scripts: Counter = Counter()
    for ch, n in counts.items():
        scripts[_script_of(ch)] += n
    return scripts.most_common(1)[0][0] if scripts else None


@lru_cache(maxsize=None)
def _script_of(letter: str) -> str:
    first = unicodedata.name(letter, "").split(" ")[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


# Scripts whose sentences end with a space, not a mark: Thai prose has no full stop or
# comma, so the end-punctuation and sentence-count warnings cannot judge it.
UNMARKED_SENTENCES = {"THAI"}


def marks_sentences(text: str) -> bool:
    """Whether ``text`` is in a script that ends its sentences with punctuation marks."""
    return script(text) not in UNMARKED_SENTENCES


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
