"""Locale-aware text from CLDR (babel): dates, language names, upper-casing."""

from __future__ import annotations

import datetime as dt
import unicodedata

from babel import Locale
from babel.dates import format_date


def locale_tag(locale: str) -> str:
    """BCP 47 tag for PDF /Lang: zh_Hans → zh-Hans."""
    return locale.replace("_", "-")


def long_date(date: dt.date, locale: str) -> str:
    return format_date(date, format="long", locale=locale)


def language_name(locale: str, in_locale: str | None = None) -> str:
    """The language's name, by default in the language itself (autonym): Deutsch, français."""
    return Locale.parse(locale).get_display_name(in_locale or locale) or locale


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
