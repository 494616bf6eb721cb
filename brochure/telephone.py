"""Telephone numbers: one definition for the number check (``checks.numbers``: a translation
keeps a telephone number digit for digit, in the source's order) and the text engine
(``text.runs``: a right-to-left line shows an international number left to right, "+" first;
``text.breaks``: no line breaks inside one). A patient dials what they read.
"""

from __future__ import annotations

import re

# A space (plain, no-break, figure, thin, narrow), a hyphen or a dot joins two groups of a number.
_JOINS = " \u00a0\u2007\u2009\u202f\\-\u2010\u2011."
# An international number: "+" and 7 to 15 digits (ITU-T E.164 allows at most 15); a group may
# stand in brackets ("+41 (0)44 …": the trunk prefix dialled at home). Fewer digits are a sign
# ("+5 °C", "+1 500").
_INTERNATIONAL = re.compile(rf"(?<![\w+])\+\d+(?:[{_JOINS}]?\(\d+\)\d*|[{_JOINS}]\d+)*")
# A national number as it is usually written: three or more groups of digits, each joined to
# the next by one space ("044 123 45 67", "0800 123 456").
_GROUPED = re.compile(r"(?<![\w+.,])\d+(?:[ \u00a0\u2007\u2009\u202f]\d+){2,}(?![\w.,]?\d)")
# ... or groups joined by hyphens after the trunk prefix 0 ("044-123-45-67", Israel's "03-1234567"),
# with 9 to 13 digits: more than a date ("01-12-2027") or a range has.
_HYPHENATED = re.compile(r"(?<![\w+.,\-\u2010\u2011])0\d+(?:[\-\u2010\u2011]\d+)+(?![\w.,\-\u2010\u2011]?\d)")
_DIGITS = re.compile(r"\d")


def _digit_count(text: str) -> int:
    return len(_DIGITS.findall(text))


def international(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every international telephone number in ``text``."""
    if "+" not in text:
        return ()
    return tuple(m.span() for m in _INTERNATIONAL.finditer(text) if 7 <= _digit_count(m.group(0)) <= 15)


def telephone_numbers(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every telephone number in ``text``: international ones, and national
    ones: digits in three or more groups joined by single spaces, or from a 0 in groups joined
    by hyphens."""
    found = list(international(text))
    found += [m.span() for m in _GROUPED.finditer(text)
              if not any(a <= m.start() < b for a, b in found)]
    found += [m.span() for m in _HYPHENATED.finditer(text)
              if 9 <= _digit_count(m.group(0)) <= 13 and not any(a <= m.start() < b for a, b in found)]
    return tuple(sorted(found))
