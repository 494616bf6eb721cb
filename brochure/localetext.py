"""Locale-aware text from CLDR (babel): dates, numbers in the locale's digits, language names, upper-casing."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_decimal

from .errors import BrochureError


def require_locale(locale: str, shown: str) -> None:
    """A catalog's folder names its locale, which chooses the checks, script, fonts, direction and
    digits: a folder CLDR does not know (``de-DE``, ``xx``, ``pt BR``) is that catalog's error,
    naming it, and not a crash of every locale's build."""
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise BrochureError(f"the folder name '{locale}' is not a locale code CLDR knows; name the folder "
                            "like de, pt_BR or zh_Hans (an underscore, not a hyphen)", shown) from None


def locale_tag(locale: str) -> str:
    """BCP 47 tag for PDF /Lang: zh_Hans → zh-Hans."""
    return locale.replace("_", "-")


@lru_cache(maxsize=None)
def is_rtl(locale: str) -> bool:
    """Whether CLDR writes ``locale`` right to left (ar, he, fa, ur…); False for what it does not know."""
    try:
        return Locale.parse(locale).text_direction == "rtl"
    except (ValueError, TypeError, LookupError):
        return False


@lru_cache(maxsize=None)
def cldr_script(locale: str) -> str:
    """The ISO 15924 script CLDR writes ``locale`` in (``ar`` → Arab, ``zh_Hans`` → Hans, ``de`` → Latn)."""
    parsed = Locale.parse(locale)
    if parsed.script:
        return parsed.script
    likely = get_global("likely_subtags").get(parsed.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


# CLDR's decimal numbering systems (numberingSystems.xml, type="numeric") that a locale may
# default to, by the Unicode name of their digits. babel names a locale's default system
# (fa → arabext, bn → beng) but formats every number in ASCII digits.
NUMERIC_SYSTEMS = {
    "arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "beng": "BENGALI", "deva": "DEVANAGARI",
    "gujr": "GUJARATI", "guru": "GURMUKHI", "knda": "KANNADA", "khmr": "KHMER", "laoo": "LAO",
    "mlym": "MALAYALAM", "mong": "MONGOLIAN", "mymr": "MYANMAR", "orya": "ORIYA", "tamldec": "TAMIL",
    "telu": "TELUGU", "thai": "THAI", "tibt": "TIBETAN", "olck": "OL CHIKI", "adlm": "ADLAM",
}
ASCII_DIGITS = "0123456789"


@lru_cache(maxsize=None)
def digits(locale: str) -> str:
    """The ten digits of ``locale``'s default numbering system in CLDR: '0123456789' for most,
    '۰۱۲۳۴۵۶۷۸۹' for Persian, '০১২৩৪৫৬৭৮৯' for Bengali. A system not in NUMERIC_SYSTEMS keeps ASCII."""
    try:
        system = Locale.parse(locale).default_numbering_system
    except (ValueError, TypeError, LookupError):
        return ASCII_DIGITS
    name = NUMERIC_SYSTEMS.get(system)
    if name is None:
        return ASCII_DIGITS
    zero = ord(unicodedata.lookup(f"{name} DIGIT ZERO"))
    return "".join(chr(zero + i) for i in range(10))


def localized_digits(text: str, locale: str) -> str:
    """``text`` with its ASCII digits written in the locale's digits."""
    native = digits(locale)
    return text if native == ASCII_DIGITS else text.translate(str.maketrans(ASCII_DIGITS, native))


def integer(number: int, locale: str) -> str:
    """A whole number as the locale writes it (page numbers): ``12``, ``۱۲``, ``১২``."""
    return localized_digits(format_decimal(number, locale=locale, numbering_system="default"), locale)


def long_date(date: dt.date, locale: str) -> str:
    """The date in CLDR's long format and the locale's digits (fa: ۲۷ نوامبر ۲۰۲۶).

    Where CLDR has no month names for the locale, babel answers root's placeholders (ht:
    "2026 M11 27", which no reader reads as a month): then CLDR root's short date, ISO 8601."""
    months = Locale.parse(locale).months["format"]["wide"]
    form = "short" if months.get(date.month) == f"M{date.month:02d}" else "long"
    return localized_digits(format_date(date, format=form, locale=locale), locale)


def language_name(locale: str, in_locale: str | None = None) -> str:
    """The language's name, by default in the language itself (autonym): Deutsch, français.

    Where CLDR has no names in ``in_locale`` (Haitian Creole), the autonym ("English"):
    a name the reader can recognise, not a bare code ("en").
    """
    parsed = Locale.parse(locale)
    return parsed.get_display_name(in_locale or locale) or parsed.get_display_name(locale) or locale


def upper(text: str, locale: str) -> str:
    """Upper-case by the locale's rules where Python's default rules are wrong.

    Turkish and Azerbaijani map i → İ; Greek drops the tonos in all-caps text.
    """
    lang = locale.split("_")[0]
    if lang in ("tr", "az"):
        text = text.replace("i", "İ")
    result = text.upper()
    if lang == "el":
        decomposed = unicodedata.normalize("NFD", result)
        result = unicodedata.normalize("NFC", decomposed.replace("\u0301", "").replace("\u0342", ""))
    return result
