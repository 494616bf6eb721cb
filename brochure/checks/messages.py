"""The checks: one small function per problem, each with a name and a severity.

A check receives a ``Unit`` (source, translation, locale, fonts) and returns a
short reason, or None when the translation passes. Errors are what would print
wrongly or dangerously (a changed dose, a dropped link, foreign markup, a box
instead of a letter); warnings are what a reviewer should look at.

Status checks (``untranslated``, ``fuzzy``, ``blank``) look at every message.
Content checks only look at printable translations (non-blank, not fuzzy):
a fuzzy translation belongs to an older source text and is never printed, so
comparing it with the current source would only be noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .. import charpolicy, labels, markup, model
from ..errors import BrochureError
from ..fonts import FontSet, describe
from ..localetext import cldr_script, is_rtl, upper
from . import numbers, text
from .findings import ERROR, WARNING


@dataclass(frozen=True)
class Unit:
    """One message as the checks see it: source, translation and locale."""

    source: str  # msgid
    translation: str  # msgstr
    locale: str
    fuzzy: bool = False
    fonts: FontSet | None = None
    context: str | None = None  # msgctxt: the kind of block ("paragraph", "list-item", …)

    @property
    def printable(self) -> bool:
        return bool(self.translation.strip()) and not self.fuzzy


@dataclass(frozen=True)
class Check:
    """A check on one message: its name, severity and function."""

    name: str
    severity: str
    function: Callable[[Unit], str | None]
    content: bool = True  # only run on printable translations

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip().split("\n")[0]


def _plain(value: str) -> str:
    """The text without emphasis markers; broken markers (the markup check's finding) stay as text."""
    try:
        return markup.plain(value)
    except ValueError:
        return value


def _printed(value: str) -> str:
    """The text as the page shows it, for the checks of numbers and addresses: emphasis markers
    and characters that are never drawn (soft hyphen, ZWSP, word joiner, ZWJ/ZWNJ, bidi marks)
    left out, so that "(1,6<SHY>1)", printed "(1,61)", is read as 1,61 and not as 1,6 and 1,
    and "**1**5", printed "15", as 15."""
    return charpolicy.undrawn(_plain(value))


# ---------------------------------------------------------------- status

def untranslated(unit: Unit) -> str | None:
    """The translation is empty: the message is not translated yet (completeness decides)."""
    return "not translated yet" if unit.translation == "" else None


def blank(unit: Unit) -> str | None:
    """The translation is only whitespace: it would print as an empty block."""
    if unit.translation and not unit.translation.strip() and not unit.fuzzy:
        return "the translation is only whitespace and would print as nothing"
    return None


def fuzzy(unit: Unit) -> str | None:
    """The translation is marked fuzzy: it is not printed until a translator confirms it."""
    return "marked fuzzy: not printed until reviewed" if unit.fuzzy and unit.translation else None


# ---------------------------------------------------------------- errors

def markup_(unit: Unit) -> str | None:
    """Inline markup differs from the source, or the translation has ReportLab/HTML tags or entities."""
    try:
        markup.to_reportlab(unit.translation)
    except BrochureError as exc:
        return exc.message
    try:
        want = markup.signature(unit.source)
    except ValueError:
        return None  # a msgid no source has (it is never printed); `update` will make it obsolete
    got = markup.signature(unit.translation)
    if want != got:
        return f"emphasis {' '.join(got) or 'none'} instead of the source's {' '.join(want) or 'none'}"
    return None


def placeholders(unit: Unit) -> str | None:
    """{placeholders} differ from the source: the label would print wrongly or fail."""
    try:
        want = labels.placeholders(unit.source)
    except ValueError:
        return None  # braces in the source's prose are not placeholders
    try:
        got = labels.placeholders(unit.translation)
    except ValueError as exc:
        return f"broken placeholder: {exc}"
    if want != got:
        return f"placeholders {{{'}, {'.join(got)}}} instead of the source's {{{'}, {'.join(want)}}}" \
            .replace("{}", "none")
    return None


def characters(unit: Unit) -> str | None:
    """A character the policy refuses: bidi overrides, isolates, controls, noncharacters, private use…,
    or one never drawn inside a number or an address (a bidi mark reorders it, a ZWSP lets a line break in it)."""
    found = charpolicy.first_problem(unit.translation, is_rtl(unit.locale))
    if found:
        return found[1]
    # tab and line feed pass the policy (a source file has them) but no text engine draws them
    if "\n" in unit.translation:
        return ("a line break (\\n) in a translation prints as a box: the layout breaks the lines itself; "
                "write a space")
    if "\t" in unit.translation:
        return "a tab (\\t) in a translation prints as a box; write a space"
    inside = numbers.hidden_inside(_plain(unit.translation), unit.locale)
    if inside:
        return (f"{charpolicy.name(inside[0])} inside the {inside[1]} {inside[2]!r}: a character that is never drawn "
                "has no place in it (a bidi mark prints its parts in another order, a break hint lets a line end "
                "inside it)")
    return None


def number_pairs(unit: Unit) -> str | None:
    """A range, ratio or pair of numbers is reversed ("2–5" → "5–2", "50 and 70" → "70 and 50")."""
    return numbers.reversed_pair(_printed(unit.source), _printed(unit.translation), unit.locale)


# Latin words in a row (commas and colons between them); those with a small letter are counted,
# so that abbreviations (BNDF, GDNF, NGF, IGF-1) and a short gloss (Amyotrophic Lateral Sclerosis,
# 3 words: the most the shipped catalogs have) stay allowed.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,;:]+[A-Za-z][A-Za-z'’-]*)+")
LATIN_RUN_WORDS = 5


def _without_links(value: str) -> str:
    """The text with its URLs, DOIs and e-mail addresses left out: they are copied as written in
    every script, so their Latin letters do not say which script the translation is in."""
    for _, link in numbers.found_links(value):
        value = value.replace(link, " ")
    return value


def wrong_script(unit: Unit) -> str | None:
    """A non-Latin locale's translation is written in Latin letters, in whole or in a passage of
    five or more words: the English text left in place."""
    expected = cldr_script(unit.locale)
    plain = _without_links(_plain(unit.translation))
    if expected == "Latn" or _trivially_identical(unit.source):
        return None
    if text.script(plain) != "LATIN":
        for run in _LATIN_RUN.finditer(plain):
            words = [w for w in re.findall(r"[A-Za-z'’-]+", run.group(0)) if any(c.islower() for c in w)]
            if len(words) >= LATIN_RUN_WORDS:
                return (f"{len(words)} words in Latin letters ('{' '.join(words[:6])}…'), not in the {expected} "
                        f"script of {unit.locale}: a passage left in English?")
        return None
    if len(re.findall(r"[^\W\d_]{2,}", plain)) < 3:
        return None  # a name or an abbreviation may stay in Latin letters
    return f"the translation is in Latin letters, not in the {expected} script of {unit.locale}"


def numbers_(unit: Unit) -> str | None:
    """Numbers, ranges, ratios or identifiers (SOD1, IGF-1) differ from the source."""
    return numbers.compare(_printed(unit.source), _printed(unit.translation), unit.locale)


def telephone(unit: Unit) -> str | None:
    """A telephone number's digits are changed or in another order ("044 123 45 67" → "044 123 67 45"),
    or written in two scripts' digits, or joined by hyphens in Arabic script in a run that is no
    telephone number of the translation (drawn in reverse order there, "34-12-0800"); it may be
    grouped otherwise. The numbers check leaves them out."""
    source, translation = _printed(unit.source), _printed(unit.translation)
    found = [f"the telephone number {written!r} is not in the translation digit for digit, in this order"
             for written, _ in numbers.telephone(source, translation)]
    found += [f"the telephone number {written!r} is written in the digits of two scripts: write it in one"
              for written in numbers.mixed_telephone_numbers(translation)]
    found += [f"the telephone number {written!r} is drawn with its groups in reverse order in Arabic script, "
              "like a range: join them with spaces"
              for written in numbers.hyphenated_in_arabic_script(source, translation)]
    return "; ".join(found) or None


def urls(unit: Unit) -> str | None:
    """URLs, DOIs or e-mail addresses differ from the source."""
    want, got = numbers.links(_printed(unit.source)), numbers.links(_printed(unit.translation))
    if want == got:
        return None
    parts = []
    if want - got:
        parts.append("missing " + ", ".join(sorted((want - got).elements())))
    if got - want:
        parts.append("not in the source: " + ", ".join(sorted((got - want).elements())))
    return "; ".join(parts)


def brackets(unit: Unit) -> str | None:
    """Brackets or double quotes do not pair up in the translation (while they do in the source)."""
    problem = text.unbalanced(unit.translation)
    return problem if problem and not text.unbalanced(unit.source) else None


def glyphs(unit: Unit) -> str | None:
    """A character the locale's font cannot draw, in the regular or bold face (only when fonts are given)."""
    if unit.fonts is None or charpolicy.first_problem(unit.translation, is_rtl(unit.locale)):
        return None  # a refused character is the characters check's finding
    value = _plain(unit.translation)
    if unit.context in labels.BY_NAME:  # {page} prints as a number: the build's gate checks its digits
        value = labels.without_placeholders(value)
    if unit.context in labels.IN_CAPITALS:  # printed in capitals: the small letters are not enough
        value += upper(value, unit.locale)
    for style in ("regular", "bold"):  # as the build's gate: headings and the title print bold
        ch = unit.fonts.missing(value, style)
        if ch is not None:
            font = unit.fonts.files[style].name if style in unit.fonts.files else f"the {style} face"
            return f"{describe(ch)} is not in {font}"
    return None


# ---------------------------------------------------------------- warnings

def _trivially_identical(source: str) -> bool:
    plain = _plain(source)
    if not text.has_letters(plain) or len(plain.split()) == 1:
        return True
    words = re.findall(r"\w+", plain)
    return all(w.isupper() or any(c.isdigit() for c in w) for w in words)


def identical(unit: Unit) -> str | None:
    """The translation is the source text, except for one-word labels and strings of codes."""
    if unit.translation.strip() == unit.source.strip() and not _trivially_identical(unit.source):
        return "the translation is the English text"
    return None


def whitespace(unit: Unit) -> str | None:
    """Leading or trailing whitespace, or double spaces, differ from the source."""
    s, t = unit.source, unit.translation
    if (s[: len(s) - len(s.lstrip())]) != (t[: len(t) - len(t.lstrip())]):
        return "leading whitespace differs from the source"
    if s[len(s.rstrip()):] != t[len(t.rstrip()):]:
        return "trailing whitespace differs from the source"
    if "  " in t.strip() and "  " not in s.strip():
        return "double space in the translation"
    return None


# How a list's items end, and how the sentence leading into a list ends, is each
# language's convention: "card, and" is "卡；" in Chinese, "fragen," in German, "ይችላሉ፦" in Amharic.
_ITEM_ENDS = frozenset({None, "comma", "semicolon"})
_LEAD_IN_ENDS = frozenset({None, "colon", "comma"})


def punctuation(unit: Unit) -> str | None:
    """The end punctuation differs (. 。 । ۔ are one class, ? ？ ؟ another, Greek ; is a question mark;
    a list item's comma, semicolon or none are one, and so are a lead-in's colon, comma or none)."""
    want = text.end_class(_plain(unit.source), "en")
    got = text.end_class(_plain(unit.translation), unit.locale)
    if got is None and not text.marks_sentences(_plain(unit.translation)):
        return None  # Thai: no end mark is the norm
    if unit.context == model.LIST_ITEM and want in _ITEM_ENDS and got in _ITEM_ENDS:
        return None
    if unit.context == model.PARAGRAPH and want is None and got in _LEAD_IN_ENDS:
        return None  # a paragraph without an end mark runs on into the list after it
    if want != got:
        return f"ends with {got or 'no punctuation'}, the source with {want or 'no punctuation'}"
    return None


def dropped_sentence(unit: Unit) -> str | None:
    """The translation has fewer sentences than the source: one was probably dropped."""
    want = text.sentences(_plain(unit.source), "en")
    got = text.sentences(_plain(unit.translation), unit.locale)
    if 0 < got < want:  # no mark at all: a script that ends sentences without one (Thai)
        return f"{got} sentence(s), the source has {want}: is one missing?"
    return None


def sentences(unit: Unit) -> str | None:
    """The translation has more sentences than the source, or none where the source has several."""
    want = text.sentences(_plain(unit.source), "en")
    got = text.sentences(_plain(unit.translation), unit.locale)
    if got == 0 and not text.marks_sentences(_plain(unit.translation)):
        return None  # Thai separates sentences with spaces: nothing to count
    if got > want or (got == 0 and want > 1):
        return f"{got} sentence(s), the source has {want}: is one {'missing' if got < want else 'added'}?"
    return None


def number_order(unit: Unit) -> str | None:
    """The source's numbers appear in another order (clauses may move; a reviewer should compare)."""
    source, translation = _printed(unit.source), _printed(unit.translation)
    if numbers.reversed_pair(source, translation, unit.locale):
        return None  # the number-pairs error says it
    return numbers.reordered(source, translation, unit.locale)


def placeholder_order(unit: Unit) -> str | None:
    """The {placeholders} come in another order ("Seite {pages} von {page}"): a language may need it."""
    try:
        want, got = labels.placeholders(unit.source, ordered=True), labels.placeholders(unit.translation, ordered=True)
    except ValueError:
        return None  # prose braces, or a broken placeholder (the placeholders check's finding)
    if sorted(want) == sorted(got) and want != got:
        return f"placeholders in another order than in the source: {{{'}, {'.join(want)}}} → {{{'}, {'.join(got)}}}"
    return None


def length(unit: Unit) -> str | None:
    """The translation is far shorter or longer than translations into its script usually are."""
    source, translation = _plain(unit.source), _plain(unit.translation)
    if len(source) < text.MIN_RATIO_LENGTH:
        return None
    low, high = text.LENGTH_RATIO.get(text.script(translation) or "", text.DEFAULT_RATIO)
    ratio = len(translation) / len(source)
    if not low <= ratio <= high:
        what = "short" if ratio < low else "long"
        return (f"{ratio:.2f} times as long as the source (usual {low}–{high}): "
                f"is something {'missing' if what == 'short' else 'added'}?")
    return None


# ---------------------------------------------------------------- the table

CHECKS: tuple[Check, ...] = (
    Check("untranslated", WARNING, untranslated, content=False),
    Check("blank", ERROR, blank, content=False),
    Check("fuzzy", WARNING, fuzzy, content=False),
    Check("markup", ERROR, markup_),
    Check("placeholders", ERROR, placeholders),
    Check("characters", ERROR, characters),
    Check("numbers", ERROR, numbers_),
    Check("number-pairs", ERROR, number_pairs),
    Check("telephone", ERROR, telephone),
    Check("urls", ERROR, urls),
    Check("brackets", ERROR, brackets),
    Check("glyphs", ERROR, glyphs),
    Check("wrong-script", ERROR, wrong_script),
    Check("dropped-sentence", ERROR, dropped_sentence),
    Check("identical", WARNING, identical),
    Check("whitespace", WARNING, whitespace),
    Check("punctuation", WARNING, punctuation),
    Check("sentences", WARNING, sentences),
    Check("number-order", WARNING, number_order),
    Check("placeholder-order", WARNING, placeholder_order),
    Check("length", WARNING, length),
)
BY_NAME = {c.name: c for c in CHECKS}
