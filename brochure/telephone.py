"""Telephone numbers: one definition for the number check (``checks.numbers``: a translation
keeps a telephone number digit for digit, in the source's order) and the text engine
(``text.runs``: a right-to-left line shows every telephone number left to right as one unit,
"+" first, its groups in their order; ``text.breaks``: no line breaks inside one). A patient
dials what they read.
"""

from __future__ import annotations

import re
import unicodedata

# A space (plain, no-break, figure, thin, narrow), a hyphen or a dot joins two groups of a number.
_JOINS = " \u00a0\u2007\u2009\u202f\\-\u2010\u2011."
# An international number: "+" and 7 to 15 digits (ITU-T E.164 allows at most 15); a group may
# stand in brackets ("+41 (0)44 …": the trunk prefix dialled at home). Fewer digits are a sign
# ("+5 °C", "+1 500").
_INTERNATIONAL = re.compile(rf"(?<![\w+])\+\d+(?:[{_JOINS}]?\(\d+\)\d*|[{_JOINS}]\d+)*")
# A national number as it is usually written: three or more groups of digits, each joined to
# the next by one space ("044 123 45 67", "0800 123 456").
_GROUPED = re.compile(r"(?<![\w+.,])\d+(?:[ \u00a0\u2007\u2009\u202f]\d+){2,}(?![\w.,]?\d)")
# ... or groups joined by hyphens after the trunk prefix 0 ("044-123-45-67", Israel's "03-1234567",
# "٠٣-١٢٣٤٥٦٧": a zero of any script, _dialled_at_home), with 9 to 13 digits: more than a date
# ("01-12-2027") or a range has.
_HYPHENATED = re.compile(r"(?<![\w+.,\-\u2010\u2011])\d{2,}(?:[\-\u2010\u2011]\d+)+(?![\w.,\-\u2010\u2011]?\d)")
# ... or the area code in brackets, from the trunk prefix 0, the groups after it joined by a space
# or a hyphen ("(044) 123 45 67", "(03) 123-4567"), with as many digits as a hyphenated one.
_BRACKETED = re.compile(r"(?<![\w+.,])\(\d+\)[ \u00a0\u2007\u2009\u202f]?\d+"
                        r"(?:[ \u00a0\u2007\u2009\u202f\-\u2010\u2011]\d+)*(?![\w.,\-\u2010\u2011]?\d)")
_DIGITS = re.compile(r"\d")


def _digit_count(text: str) -> int:
    return len(_DIGITS.findall(text))


def international(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every international telephone number in ``text``."""
    if "+" not in text:
        return ()
    return tuple(m.span() for m in _INTERNATIONAL.finditer(text) if 7 <= _digit_count(m.group(0)) <= 15)


def _dialled_at_home(number: str) -> bool:
    """Whether ``number`` starts with the trunk prefix, a zero in any script's digits ("0", "٠",
    "۰"), and has 9 to 13 digits."""
    first = _DIGITS.search(number)
    return unicodedata.decimal(first.group(0)) == 0 and 9 <= _digit_count(number) <= 13


def telephone_numbers(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every telephone number in ``text``: international ones, and national
    ones: digits in three or more groups joined by single spaces; or from a 0 in groups joined
    by hyphens, or after an area code in brackets."""
    if not _DIGITS.search(text):
        return ()
    found = list(international(text))
    for pattern in (_BRACKETED, _GROUPED, _HYPHENATED):
        found += [m.span() for m in pattern.finditer(text)
                  if (pattern is _GROUPED or _dialled_at_home(m.group(0)))
                  and not any(a <= m.start() < b for a, b in found)]
    return tuple(sorted(found))
