"""Locale-aware text from CLDR (babel): dates, language names, upper-casing."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date


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


def long_date(date: dt.date, locale: str) -> str:
    return format_date(date, format="long", locale=locale)


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
