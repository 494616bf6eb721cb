"""Translation QA checks: fixture catalogs with one slipped-in fault each, and the real catalogs."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from brochure.catalogs import parse_catalog, read_catalog
from brochure.checks import CHECKS, ERROR, WARNING, Finding, Unit, check_catalog, report
from brochure.checks import messages, numbers, text
from brochure.fonts import FontSet
from brochure.telephone import telephone_numbers
from brochure.text.runs import levels

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHECK_FIXTURES = FIXTURES / "checks"


@pytest.fixture(scope="module")
def noto() -> FontSet:
    """The shipped Latin/Cyrillic/Greek family, without registering it in ReportLab."""
    files = {style: REPO / "fonts" / f"NotoSans-{name}.ttf" for style, name in
             (("regular", "Regular"), ("bold", "Bold"), ("italic", "Italic"), ("bold_italic", "BoldItalic"))}
    return FontSet("sans", {}, files)


def _findings(name: str, fonts: FontSet | None = None) -> list[Finding]:
    shown = f"tests/fixtures/checks/{name}.po"
    return check_catalog(read_catalog(CHECK_FIXTURES / f"{name}.po", shown), "de", fonts)


# Each fixture is the shipped German catalog with one fault slipped in (see its first line).
SLIPPED = {
    "changed-dose": ("numbers", ERROR, 90),  # 2–5 years → 2–6
    "changed-number": ("numbers", ERROR, 53),  # 100.000 → 10.000
    "changed-ratio": ("numbers", ERROR, 53),  # 1,6:1 → 1,5:1
    "english-decimal": ("numbers", ERROR, 53),  # 1,6:1 → 1.6:1 (reads as 16 in German)
    "changed-identifier": ("numbers", ERROR, 200),  # SOD1 → SOD-1
    "dropped-url": ("urls", ERROR, 394),
    "broken-markup": ("markup", ERROR, 200),  # <b>SOD1</b>
    "hostile-image": ("markup", ERROR, 387),  # <img src="/dev/zero"/>
    "entity": ("markup", ERROR, 409),  # &amp;
    "unbalanced-bracket": ("brackets", ERROR, 133),
    "placeholder": ("placeholders", ERROR, 399),  # {pages} → {seiten}
    "blank": ("blank", ERROR, 409),  # msgstr " "
    "glyph": ("glyphs", ERROR, 450),  # ☤ is not in Noto Sans
    "untranslated": ("untranslated", WARNING, 409),
    "fuzzy": ("fuzzy", WARNING, 410),
    "identical": ("identical", WARNING, 171),
    "dropped-sentence": ("dropped-sentence", ERROR, 90),
    "end-punctuation": ("punctuation", WARNING, 171),
    "trailing-space": ("whitespace", WARNING, 415),
    "double-space": ("whitespace", WARNING, 392),
    "too-short": ("length", WARNING, 392),
}


@pytest.mark.parametrize("name", sorted(SLIPPED))
def test_each_slipped_fault_is_found_alone_with_its_check_and_line(name, noto):
    check, severity, line = SLIPPED[name]
    found = _findings(name, noto)
    assert [(f.check, f.severity, f.line) for f in found] == [(check, severity, line)], [str(f) for f in found]
    assert str(found[0]).startswith(f"tests/fixtures/checks/{name}.po:{line}: {severity}[{check}]: ")


def test_every_fixture_is_listed():
    assert sorted(p.stem for p in CHECK_FIXTURES.glob("*.po")) == sorted(SLIPPED)


def test_messages_name_the_difference():
    assert _findings("changed-dose")[0].message == "missing 5; not in the source: 6"
    assert _findings("changed-number")[0].message == "missing 100,000; not in the source: 10.000 (= 10000)"
    assert "did you mean '16' or '1,6'" in _findings("english-decimal")[0].message
    assert _findings("dropped-url")[0].message == "missing https://anova.example/refs"
    assert "SOD1" in _findings("changed-identifier")[0].message
    assert "U+2624 CADUCEUS" in _findings("glyph", FontSet("x", {}, {
        s: REPO / "fonts" / "NotoSans-Regular.ttf" for s in ("regular", "bold")}))[0].message


def test_glyph_check_is_silent_without_fonts():
    assert _findings("glyph") == []


# ---------------------------------------------------------------- the real catalogs

SHIPPED = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("path", SHIPPED, ids=[f"{p.parts[-3]}-{p.stem}" for p in SHIPPED])
def test_shipped_catalogs_have_no_errors(path, noto):
    locale = path.parts[-3]
    po = read_catalog(path, path.relative_to(REPO).as_posix())
    scripts = {text.script(m.string) for m in po.catalog if m.id and m.string}
    fonts = noto if scripts <= {"LATIN", "CYRILLIC", "GREEK"} else None  # others: their own families
    found = check_catalog(po, locale, fonts)
    assert [str(f) for f in found if f.is_error] == []
    # and the warnings are tuned not to be noise on good translations: list punctuation
    # (a lead-in's ":" or ",", an item's "；") passes; only a length a reviewer should see is left
    # (ar consultation: "X-ray, CT or MRI" written out in words, 1.43 times the source)
    assert [str(f) for f in found if f.check != "length"] == []


def test_the_mini_project_catalog_passes_and_a_swapped_emphasis_does_not():
    path = FIXTURES / "project" / "locales" / "de" / "LC_MESSAGES" / "mini.po"
    data = path.read_bytes()
    assert check_catalog(parse_catalog(data, "de.po"), "de") == []
    swapped = data.replace(b"**fetten** und *kursiven*", b"*fetten* und **kursiven**")
    found = check_catalog(parse_catalog(swapped, "de.po"), "de")
    assert [(f.check, f.line) for f in found] == [("markup", 43)]
    assert found[0].message == "emphasis i /i b /b instead of the source's b /b i /i"


def test_fuzzy_and_empty_messages_get_only_their_status():
    po = parse_catalog("\n".join([
        'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: de\\n"', "",
        "#, fuzzy", 'msgctxt "paragraph"', 'msgid "Take 5 mg."', 'msgstr "Nehmen Sie 50 mg"', "",
        'msgctxt "heading"', 'msgid "Dose (daily)"', 'msgstr ""', "",
        '#~ msgid "Old 7"', '#~ msgstr "Alt 8"', ""]).encode(), "x.po")
    found = check_catalog(po, "de")
    assert [(f.check, f.severity, f.line) for f in found] == [("fuzzy", WARNING, 9), ("untranslated", WARNING, 13)]


# ---------------------------------------------------------------- numbers, unit by unit

@pytest.mark.parametrize("locale, translation", [
    ("de", "Etwa 100.000 (1,6:1), 2–5 Jahre, zwischen 50 und 70"),
    ("fr", "Environ 100\u202f000 (1,6:1), 2 à 5 ans, entre 50 et 70"),
    ("fr", "Environ 100\u00a0000 (1,6 : 1), 2-5 ans, entre 50 et 70"),
    ("pl", "Około 100\u00a0000 (1,6:1), 2–5 lat, od 50 do 70"),
    ("es", "Unos 100.000 (1,6:1), 2-5 años, entre los 50 y los 70"),
    ("hi", "लगभग 1,00,000 (1.6:1), 2–5 वर्ष, 50 और 70 के बीच"),
    ("hi", "लगभग 100,000 (1.6:1), 2–5 वर्ष, 50 और 70 के बीच"),
    ("ar", "نحو ١٠٠٬٠٠٠ (١٫٦:١)، ٢–٥ سنوات، بين ٥٠ و٧٠"),
    ("zh_Hans", "约100,000（1.6:1），2–5年，50至70岁之间"),
    ("zh_Hans", "约10万（1.6:1），2–5年，50至70岁之间"),  # counted in myriads
    ("ja", "約10万人（1.6:1）、2～5年、50～70歳"),
    ("ko", "약 10만 명(1.6:1), 2–5년, 50~70세"),
    ("ko_KR", "약 10만 명(1.6:1), 2–5년, 50~70세"),  # a region's catalog counts in myriads too
    ("ar", "نحو 100,000 (1.6:1)، من 2 إلى 5 سنوات، بين 50 و70"),  # a range in words
    ("he", "כ-100,000 (1.6:1), 2-5 שנים, בין 50 ל-70"),
])
def test_reformatted_numbers_keep_their_values(locale, translation):
    source = "About 100,000 (1.6:1), 2-5 years, between 50 and 70"
    assert numbers.compare(source, translation, locale) is None


@pytest.mark.parametrize("locale, translation, expected", [
    ("de", "Etwa 100,000 Menschen", "missing 100,000; not in the source: 100,000 (= 100)"),
    ("de", "Etwa 1.6 Menschen", "'1.6' is not a number as de writes it"),
    ("fr", "Environ 10\u202f000 personnes", "missing 100,000; not in the source: 10\u202f000 (= 10000)"),
    ("en", "About 100.000 people", "missing 100,000; not in the source: 100.000 (= 100)"),
    ("zh_Hans", "约1万人", "missing 100,000; not in the source: 1万 (= 10000)"),
    ("de", "Etwa 10만 Menschen", "missing 100,000; not in the source: 10"),  # 만 is a unit in Korean only
])
def test_a_number_read_the_locale_s_way_must_keep_its_value(locale, translation, expected):
    assert numbers.compare("About 100,000 people", translation, locale).startswith(expected)


@pytest.mark.parametrize("locale, source, translation, expected", [
    ("ru", "Take 10 mg daily.", "Принимайте 10.000 мг в день.", "'10.000' is not a number as ru writes it "
     "(did you mean '10' or '10\\xa0000'?)"),  # was read as 10: a thousandfold dose passed
    ("fr", "Take 10 mg daily.", "Prenez 10.000 mg par jour.", "'10.000' is not a number as fr writes it "
     "(did you mean '10' or '10\\u202f000'?)"),
    ("pl", "Take 1.5 mg daily.", "Przyjmuj 1.5 mg dziennie.", "'1.5' is not a number as pl writes it "
     "(did you mean '1,5'?)"),
    ("ru", "About 1,000,000 people.", "Около 1.000.000 человек.", "'1.000.000' is not a number as ru writes it "
     "(did you mean '1\\xa0000\\xa0000'?)"),  # thousands only: no decimal reading
    ("pl", "Take 0.0625 mg daily.", "Przyjmuj 0.0625 mg dziennie.", "'0.0625' is not a number as pl writes it "
     "(did you mean '0,0625'?)"),  # every decimal shown, not rounded to the locale's three
])
def test_a_point_is_no_decimal_sign_where_the_locale_writes_a_comma(locale, source, translation, expected):
    """Python's Decimal reads "10.000" as ten; a reader of Russian, French or Polish, whose
    decimal sign is a comma and whose group sign is a space, takes the point for grouping."""
    assert numbers.compare(source, translation, locale).startswith(expected)


def test_hundreds_and_thousands_written_with_han_numerals_count():
    """"1千万" is ten million to a reader (千 a thousand, 万 ten thousand); it was read as 1 and
    passed for "1 million". 千 beginning a unit (千克 kg, 千米 km) is the unit."""
    assert numbers.compare("About 1 million people", "约1千万人", "zh_Hans") == \
        "missing 1; not in the source: 1千万 (= 10000000)"
    assert numbers.compare("About 5 thousand people", "约5百人", "zh_Hans") == \
        "missing 5; not in the source: 5百 (= 500)"
    assert numbers.compare("About 5,000 people", "约5千人", "zh_Hans") is None
    assert numbers.compare("About 5,000 people", "約5千人", "ja") is None
    assert numbers.compare("Take 5 kg", "服用5千克", "zh_Hans") is None


@pytest.mark.parametrize("locale, translation, expected", [
    ("ar", "تناول 5٠ ملغ يوميًا.", "'5٠' is not a number as ar writes it (did you mean '50' or '٥٠'?)"),
    ("fa", "روزانه ۵٠ میلی‌گرم.", "'۵٠' is not a number as fa writes it (did you mean '٥٠' or '۵۰'?)"),
    ("hi", "रोज़ ५0 मि.ग्रा. लें।", "'५0' is not a number as hi writes it (did you mean '50' or '५०'?)"),
])
def test_a_number_may_not_mix_the_digits_of_two_scripts(locale, translation, expected):
    """The Arabic-Indic zero is a dot to a reader of Latin digits: "5٠" was read as 50 and
    passed, and reads as "5." (Persian ۵ and Arabic ٥ do not even look alike)."""
    assert numbers.compare("Take 50 mg daily.", translation, locale).startswith(expected)


def test_a_number_with_a_scale_word_may_be_written_as_its_value():
    """"1 million" is 1,000,000, which Chinese writes 100万 (or 1百万) and German "1 Million":
    either reading of the source passes, a wrong scale does not."""
    assert numbers.compare("About 1 million people", "约100万人", "zh_Hans") is None
    assert numbers.compare("About 1 million people", "约1百万人", "zh_Hans") is None
    assert numbers.compare("About 1.5 million people", "約150万人", "ja") is None
    assert numbers.compare("About 1 million people", "Etwa 1 Million Menschen", "de") is None
    assert numbers.compare("About 1 million people", "约10万人", "zh_Hans") == \
        "missing 1; not in the source: 10万 (= 100000)"


@pytest.mark.parametrize("locale, translation, token", [
    ("de", "Nehmen Sie 1·5 Tabletten.", "1·5"),  # the British decimal point
    ("de", "Nehmen Sie 1\u201a5 Tabletten.", "1\u201a5"),  # a low quotation mark, drawn as a comma
    ("de", "Nehmen Sie 1\u20245 Tabletten.", "1\u20245"),  # one dot leader, drawn as a full stop
    ("zh_Hans", "服用1．5片。", "1．5"),  # the full-width full stop
])
def test_a_sign_drawn_as_a_decimal_point_between_digits_is_no_separator(locale, translation, token):
    """"1·5" was read as 1 and 5 and passed for "1 or 5", while a reader sees one and a half."""
    assert numbers.compare("Take 1 or 5 tablets.", translation, locale).startswith(
        f"{token!r} is not a number as {locale} writes it")
    assert numbers.compare("Take 1 or 5 tablets.", "服用1，5片。", "zh_Hans") is None  # a list: 1，5


def test_a_letter_of_a_script_written_without_spaces_binds_a_sign_to_the_number_after_it():
    """Every code point: those of CJK, Thai, Lao, Myanmar and Khmer ("在−2", "ที่−2"), as they
    were read with a regex class, and the Hebrew maqaf ("ל־-20", "to -20"), and no other (not a
    Hebrew letter: "ל-70" is "to 70")."""
    unspaced = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
                          "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
    for code in range(0x110000):
        ch = chr(code)
        if not (ch.isspace() or ch in "\"'\u05be" or unicodedata.category(ch) in ("Ps", "Pi", "Pf")):
            assert numbers._before_a_sign(ch) == bool(unspaced.match(ch)), hex(code)


def test_digits_grouped_with_plain_spaces_as_the_source_writes_them_are_its_numbers():
    """A phone number kept as written, "0800 123 456", is three numbers to the English source; in
    French or Russian a plain space also groups thousands, and it was read as 800 and 123456."""
    assert numbers.compare("Telephone: 0800 123 456", "Téléphone : 0800 123 456", "fr") is None
    assert numbers.compare("Telephone: +41 44 123 45 67", "Телефон: +41 44 123 45 67", "ru") is None
    assert numbers.compare("About 123,456 people", "Environ 123 456 personnes", "fr") is None
    assert numbers.compare("Telephone: 0800 123 456", "Téléphone : 0800 123 457", "fr") is None  # ``telephone``'s
    assert messages.telephone(Unit("Telephone: 0800 123 456", "Téléphone : 0800 123 457", "fr")) is not None


@pytest.mark.parametrize("locale, translation", [
    ("he", "התקשרו למספר +41 44 123 67 45."),  # two groups swapped
    ("de", "Rufen Sie +41 44 132 45 67 an."),  # two digits swapped within a group
    ("de", "Rufen Sie 044 123 67 45 an."),
    ("ar", "اتصلوا على الرقم ٠٤٤ ١٢٣ ٦٧ ٤٥."),
])
def test_a_telephone_number_is_kept_digit_for_digit_in_its_order(locale, translation):
    """Swapped groups passed every check: the numbers check compares values, and "45 67" and
    "67 45" hold the same values. A patient dials the number as printed."""
    source = "Call +41 44 123 45 67." if "+" in translation else "Call 044 123 45 67."
    unit = Unit(source, translation, locale)
    assert messages.telephone(unit) == f"the telephone number {source[5:-1]!r} is not in the translation digit for " \
        "digit, in this order"


def test_a_national_number_is_not_found_inside_the_international_one_beside_it():
    """A leaflet gives the number both ways: the digits of "044 123 45 67" are a run of those of
    "+41 (0)44 123 45 67", so its groups swapped ("044 123 67 45") passed as a warning of order
    and were printed. Each source number needs a run of its own in the translation."""
    source = ("Telephone: +41 44 123 45 67, from abroad also +41 (0)44 123 45 67, within Switzerland "
              "044 123 45 67.")
    swapped = ("טלפון: +41 44 123 45 67, מחו״ל גם +41 (0)44 123 45 67, בתוך שווייץ 044 123 67 45.")
    assert messages.telephone(Unit(source, swapped, "he")) == \
        "the telephone number '044 123 45 67' is not in the translation digit for digit, in this order"
    kept = swapped.replace("67 45.", "45 67.")
    assert messages.telephone(Unit(source, kept, "he")) is None
    listed = "Telefon: +41 (0)44 123 45 67, 044 123 45 67."  # one run of digits holding both
    assert messages.telephone(Unit("Telephone: +41 (0)44 123 45 67, 044 123 45 67.", listed, "de")) is None


@pytest.mark.parametrize("source, translation, locale, reversed_", [
    ("Open from 8:00–17:30.", "تفتح من 17:30–8:00.", "ar", "'17:30–8:00' reverses the source's '8:00–17:30'"),
    ("Open from 8:00–17:30.", "פתוח בין 17:30 ל־8:00.", "he", "'17:30 ל־8:00' reverses the source's '8:00–17:30'"),
    ("Open from 8:00 to 17:30.", "از ۱۷:۳۰ تا ۸:۰۰ باز است.", "fa", "'۱۷:۳۰ تا ۸:۰۰' reverses the source's '8:00 to 17:30'"),
    ("Open from 8:00–17:30.", "تفتح من 8:00 إلى 17:30.", "ar", None),
    ("Open from 8:00–17:30.", "از ۸:۰۰–۱۷:۳۰ باز است.", "fa", None),
    ("Take it at 8:00 and the next dose at 17:30.", "Um 17:30 die zweite, um 8:00 die erste Dosis.", "de", None),
    ("Mix in a ratio of 1:10.", "اخلط بنسبة 10:1.", "ar", "'10:1' reverses the source's '1:10'"),
])
def test_a_reversed_time_range_is_a_reversed_range(source, translation, locale, reversed_):
    """Opening hours "8:00–17:30" typed "17:30–8:00" (as an RTL translator may, seeing the range
    drawn right to left) passed as a number-order warning: the check read the minutes and hours
    as four numbers, and 00, 17 in the source became 30, 8. A time is one value in a range."""
    assert numbers.reversed_pair(source, translation, locale) == reversed_


def test_a_telephone_number_is_written_in_the_digits_of_one_script():
    """"044 123 ٤٥ 67" passed every check: each group is a number of one script, and the digits
    are the source's in order. A reader of Latin digits takes "٥" (5) for a zero; the numbers
    check refuses "5٠" inside one number for that reason, and a telephone number is one number."""
    source = "Within Switzerland 044 123 45 67."
    mixed = Unit(source, "وداخل سويسرا 044 123 ٤٥ 67.", "ar")
    assert messages.telephone(mixed) == \
        "the telephone number '044 123 ٤٥ 67' is written in the digits of two scripts: write it in one"
    for one in ("وداخل سويسرا 044 123 45 67.", "وداخل سويسرا ٠٤٤ ١٢٣ ٤٥ ٦٧."):
        assert messages.telephone(Unit(source, one, "ar")) is None
    assert messages.telephone(Unit("Call +41 44 123 45 67.", "اتصلوا على +41 44 123 ٤٥ ٦٧.", "ar"))


@pytest.mark.parametrize("source, translation", [("Call 044 123 45 67.", "Appelez le 044 123 45 68."),
                                                 ("Call +41 44 123 45 67.", "Appelez le +41 44 123 45 68.")])
def test_a_changed_digit_of_a_telephone_number_is_found_once(source, translation):
    """By the telephone check; the numbers check leaves telephone numbers out (it said "missing 67;
    not in the source: 68" beside it)."""
    unit = Unit(source, translation, "fr")
    assert messages.numbers_(unit) is None
    assert messages.telephone(unit) == f"the telephone number {source[5:-1]!r} is not in the translation digit " \
        "for digit, in this order"


@pytest.mark.parametrize("source, translation, locale", [
    ("Call +41 44 123 45 67.", "Rufen Sie +41 44 123 45 67 an.", "de"),
    ("Call +41 44 123 45 67.", "Rufen Sie +41-44-123-45-67 an.", "de"),  # regrouped as the locale writes them
    ("Call +41.44.123.45.67 or +41 (0)44 123 45 67.", "Appelez le +41.44.123.45.67 ou +41 (0)44 123 45 67.", "fr"),
    ("Call 044 123 45 67.", "اتصلوا على الرقم ٠٤٤ ١٢٣ ٤٥ ٦٧.", "ar"),
    ("Call 044 123 45 67 between 8:00 and 17:30.", "התקשרו 044-123-45-67 בין 8:00 ל־17:30.", "he"),  # drawn in order
    ("Take it on 01-12-2027 or 2-5 days later.", "تناوله في 01-12-2027 أو بعد 2-5 أيام.", "ar"),  # a date, a range
    ("Call +41 44 123 45 67.", "اتصلوا على الرقم +41-44-123-45-67.", "ar"),  # international: drawn as one
    ("About 1\u202f500\u202f000 people.", "Etwa 1.500.000 Menschen.", "de"),  # SI grouping: a number, kept
    ("Call 044 123 45 67.", "Rufen Sie 044 123 4567 an.", "de"),  # was "missing 45, 67" to the numbers check
    ("Call 044 123 45 67.", "Rufen Sie 0441234567 an.", "de"),
    ("About 1,500,000 people.", "Environ 1 500 000 personnes.", "fr"),  # a number: no 0 in front
])
def test_a_telephone_number_may_be_regrouped(source, translation, locale):
    unit = Unit(source, translation, locale)
    assert messages.telephone(unit) is None and messages.numbers_(unit) is None


@pytest.mark.parametrize("source, translation", [
    ("Call 044 123 45 67.", "اتصلوا على الرقم 044-123-45-67."),
    ("Call 044 123 45 67.", "با شماره ۰۴۴-۱۲۳-۴۵-۶۷ تماس بگیرید."),
    ("Call 044-123-45-67.", "اتصلوا على الرقم 044-123-45-67."),  # as the source writes it
    ("Call 03-1234567.", "اتصلوا على الرقم ٠٣-١٢٣٤٥٦٧."),
    ("Call (03) 123-4567.", "اتصلوا على الرقم (03) 123-4567."),  # a bracketed area code: one number
    ("Call (044) 123 45 67.", "براہ کرم (044) 123-45-67 پر کال کریں۔"),
])
def test_a_telephone_number_joined_by_hyphens_in_arabic_script_is_drawn_as_one(source, translation):
    """It was refused ("is drawn with its groups in reverse order in Arabic script, like a range:
    join them with spaces"): by the UBA alone "044-123-45-67" was drawn "67-45-123-044". The text
    engine draws every telephone number of the translation left to right as one unit now."""
    locale = "fa" if "۰" in translation else "ur" if "براہ" in translation else "ar"
    unit = Unit(source, translation, locale)
    assert messages.telephone(unit) is None and messages.numbers_(unit) is None
    (start, end), = telephone_numbers(translation)
    assert len(set(levels(translation, "R")[0][start:end])) == 1  # one left-to-right run


@pytest.mark.parametrize("source, translation, number", [
    ("Call 0800 12 34.", "اتصلوا على الرقم 0800-12-34.", "0800-12-34"),  # 8 digits: no telephone number
    ("Call 044 123 45 67.", "اتصلوا على الرقم 044 123-45-67.", "044 123-45-67"),  # spaces and hyphens
    ("Call 044 123 45 67.", "اتصلوا على الرقم 044-123-45-67-8901.", "044-123-45-67-8901"),  # 14 digits
])
def test_a_hyphen_joined_run_the_engine_does_not_draw_as_one_is_still_refused_in_arabic_script(
        source, translation, number):
    """No telephone number of the translation (``telephone.telephone_numbers``), so the UBA orders
    it: its groups are drawn in reverse order, as the check says."""
    unit = Unit(source, translation, "ar")
    assert f"the telephone number {number!r} is drawn with its groups in reverse order in Arabic script, " \
        "like a range: join them with spaces" in messages.telephone(unit)
    start = translation.index(number)
    assert len(set(levels(translation, "R")[0][start:start + len(number)])) > 1
    spaced = Unit(source, translation.replace(number, number.replace("-", " ")), "ar")
    assert "reverse order" not in (messages.telephone(spaced) or "")


def test_a_dotted_international_number_in_the_source_is_no_fault_of_the_author():
    """'+41.44.123.45.67' was "no number as en writes it: the author must correct it"."""
    assert numbers.compare("Call +41.44.123.45.67.", "Rufen Sie +41.44.123.45.67 an.", "de") is None


def test_a_comma_that_groups_no_three_digits_in_the_source_is_not_read_away():
    """babel's lenient parser dropped the comma: the author's "0,5 mg" (a decimal comma left in the
    English text) was 5, so a tenfold "5 mg" passed and a faithful "0,5 mg" was refused."""
    assert numbers.english_value("0,5") is None and numbers.english_value("1,50") is None
    assert numbers.compare("Take 0,5 mg daily.", "Nehmen Sie 5 mg täglich.", "de") == \
        "the source's '0,5' is no number as en writes it: the author must correct it; not in the source: 5"


def test_english_source_rules():
    assert numbers.english_value("100.000") == Decimal(100000)  # dot + three digits: thousands
    assert numbers.english_value("1.000.000") == Decimal(1000000)
    assert numbers.english_value("1.6") == Decimal("1.6")
    assert numbers.english_value("0.125") == Decimal("0.125")  # a leading zero is a decimal
    assert numbers.english_value("100,000") == Decimal(100000)


def test_number_words_may_become_digits_but_not_the_reverse():
    assert numbers.compare("one to two out of 100,000", "每100,000人中约有1至2人", "zh_Hans") is None
    assert numbers.compare("2-5 years", "zwei bis fünf Jahre", "de") == "missing 2, 5"


def test_identifiers_are_names_not_numbers():
    source = "SOD1, TDP43, IGF-1 and M2 cells"
    assert numbers.compare(source, "SOD1, TDP43, IGF-1 und M2-Zellen", "de") is None
    assert numbers.compare(source, "SOD1, TDP43, IGF-2 und M2-Zellen", "de") == \
        "identifier(s) missing: IGF-1; identifier(s) not in the source: IGF-2"
    # a Hebrew prefix glued with a hyphen is not an identifier
    assert numbers.compare("between 50 and 70", "בין 50 ל-70", "he") is None


def test_a_sign_after_a_hebrew_prefix_joined_by_maqaf_is_the_numbers():
    """Hebrew glues "to", "at" to a number with a maqaf: "below -20 °C" is "מתחת ל־-20 °C". The
    minus after the maqaf was not read as the number's sign, so the faithful translation was
    refused ("missing -20"); a hyphen glues a prefix too ("ל-70"), but a maqaf is never a minus."""
    source = "never freeze it below -20 °C."
    assert numbers.compare(source, "לעולם אל תקפיאו אותו מתחת ל־-20 °C.", "he") is None
    assert numbers.compare(source, "לעולם אל תקפיאו אותו מתחת ל־20 °C.", "he") == "missing -20"
    assert numbers.compare("between 50 and 70", "בין 50 ל־70", "he") is None


def test_links_are_compared_as_strings_and_hide_their_digits():
    unit = Unit("Write to info@clinic.example or see doi:10.1000/xyz123 and https://x.example/a-1/.",
                "Schreiben Sie an info@clinic.example oder siehe doi:10.1000/xyz123 und https://x.example/a-1/.", "de")
    assert messages.urls(unit) is None and messages.numbers_(unit) is None
    changed = Unit(unit.source, unit.translation.replace("info@", "infos@"), "de")
    assert messages.urls(changed) == "missing info@clinic.example; not in the source: infos@clinic.example"


# ---------------------------------------------------------------- the other checks, unit by unit

@pytest.mark.parametrize("translation, problem", [
    ("a (b c", "'(' is never closed"),
    ("a b) c", "')' closes nothing"),
    ("a （b c", "'（' is never closed"),
    ("« a", "1 '«' but 0 '»'"),
    ("„a“ (b)", None), ("„a” (b)", None), ("“a” (b)", None), ("»a« (b)", None), ("「a」（b）", None),
])
def test_brackets(translation, problem):
    assert messages.brackets(Unit("a (b) c", translation, "de")) == problem


# an escaped line break or tab in a msgstr ("…\\nbei…") was drawn as a box, and no check said so
@pytest.mark.parametrize("translation, problem", [
    ("Wirkt sie\nbei ALS?", "a line break (\\n) in a translation prints as a box: the layout breaks the lines "
                            "itself; write a space"),
    ("Wirkt sie\tbei ALS?", "a tab (\\t) in a translation prints as a box; write a space"),
    ("Wirkt sie bei ALS?", None),
])
def test_line_break_or_tab_in_a_translation_is_refused(translation, problem):
    assert messages.characters(Unit("Does it work for ALS?", translation, "de")) == problem


@pytest.mark.parametrize("source, translation, locale", [
    ("What is ALS?", "Τι είναι η ALS;", "el"),
    ("It is rare.", "यह दुर्लभ है।", "hi"),
    ("It is rare.", "这很罕见。", "zh_Hans"),
    ("Why?", "لماذا؟", "ar"),
    ("It is (rare).", "Es ist (selten).", "de"),
    ("modulate the process (in the brain).", "moduler le processus (dans le cerveau).", "fr"),
    ("How is ALS diagnosed?", "Comment la SLA est-elle diagnostiquée\u202f?", "fr"),
    ("It is rare. It is not MS.", "ብርቅ ነው። MS አይደለም።", "am"),
    ("exert a neuro-protective effect,", "ነርቭን የመከላከል ውጤት ማሳደር፣", "am"),
    ("It is rare. It is serious.", "โรคนี้พบได้น้อย โรคนี้ร้ายแรง", "th"),  # Thai: a space ends a sentence
    ("reduce apoptosis,", "ลดอะพอพโทซิส", "th"),
    ("What is ALS?", "โรค ALS คืออะไร?", "th"),
    ("It is rare. It is serious.", "វាកម្រ។ វាធ្ងន់ធ្ងរ។", "km"),  # Khmer khan
    ("It is rare. It is serious.", "វាកម្រ។ វាធ្ងន់ធ្ងរ៕", "km"),  # bariyoosan ends a text
    ("Please bring the following with you:", "សូមយករបស់ខាងក្រោមមកជាមួយអ្នក៖", "km"),
    ("It is rare. It is serious.", "Այն հազվադեպ է։ Այն լուրջ է։", "hy"),  # Armenian full stop
])
def test_equivalent_end_punctuation_passes(source, translation, locale):
    assert messages.punctuation(Unit(source, translation, locale)) is None
    assert messages.sentences(Unit(source, translation, locale)) is None


@pytest.mark.parametrize("context, source, translation, passes", [
    ("list-item", "your vaccination record and any allergy or implant card, and", "您的疫苗接种记录；", True),
    ("list-item", "a referral letter, if your doctor has given you one,", "转诊信；", True),
    ("list-item", "a referral letter,", "ein Überweisungsschein", True),
    ("list-item", "and your medication plan.", "und Ihren Medikationsplan;", False),  # the last item ends the sentence
    ("paragraph", "During the consultation, you may want to ask your doctor", "Im Gespräch möchten Sie fragen,", True),
    ("paragraph", "During the consultation, you may want to ask your doctor", "በምክክሩ ወቅት መጠየቅ ሊፈልጉ ይችላሉ፦", True),
    ("paragraph", "It is rare.", "Es ist selten:", False),
    ("heading", "Before your appointment", "Vor Ihrem Termin:", False),
    (None, "a referral letter,", "转诊信；", False),  # no context: the classes must match
])
def test_list_punctuation_follows_the_language(context, source, translation, passes):
    locale = "zh_Hans" if text.script(translation) == "CJK" else "de"
    assert (messages.punctuation(Unit(source, translation, locale, context=context)) is None) == passes


def test_an_abbreviation_does_not_stand_in_for_a_dropped_sentence():
    source = "Some patients benefit, for example younger ones. Others do not. Ask your doctor."
    dropped = "Manche profitieren, z. B. jüngere Patienten, ca. 5 von 10 usw. im Alter. Fragen Sie Ihren Arzt."
    assert text.sentences(dropped, "de") == 2
    assert messages.dropped_sentence(Unit(source, dropped, "de")) is not None
    whole = "Manche profitieren, z. B. jüngere. Andere nicht. Fragen Sie Ihren Arzt."
    assert messages.dropped_sentence(Unit(source, whole, "de")) is None
    assert messages.sentences(Unit(source, whole, "de")) is None
    # a stop after one letter may end a sentence (Haitian's article "a"); e.g. / "т. е." do not
    assert text.sentences("Li konsantre sou maladi a. Menm si nou poko konnen.", "ht") == 2
    assert text.sentences("See e.g. the doctor. Это т. е. пример. Ещё.", "ru") == 3


def test_a_georgian_sentence_after_a_full_stop_is_counted():
    """Georgian is written without capitals at a sentence's start, but its letters are lower case
    to Unicode (Mtavruli are their capitals): every full stop was taken for an abbreviation, and
    each two-sentence paragraph of a Georgian catalog was a dropped-sentence error."""
    source = "Please arrive early. Let us know if you cannot come."
    translation = "გთხოვთ, მოხვიდეთ ადრე. შეგვატყობინეთ, თუ ვერ მოხვალთ."
    assert text.sentences(translation, "ka") == 2
    assert messages.dropped_sentence(Unit(source, translation, "ka")) is None
    assert messages.dropped_sentence(Unit(source, "გთხოვთ, მოხვიდეთ ადრე.", "ka")) is not None  # one dropped
    assert text.sentences("Manche, z. B. jüngere. Andere ca. 5 usw. im Alter.", "de") == 2  # abbreviations as before


def test_a_date_written_with_an_ordinal_stop_is_one_sentence():
    """'am 30. November 2027' was counted as a sentence's end: every German date warned
    'is one added?', and could stand in for a dropped sentence."""
    source = "Our next review is due on 30 November 2027. More information is online."
    assert text.sentences("Die nächste Überprüfung ist am 30. November 2027 fällig. Mehr online.", "de") == 2
    assert text.sentences("Następny przegląd 30. listopada. Więcej online.", "pl") == 2
    assert messages.sentences(Unit(source, "Fällig am 30. November 2027. Mehr steht online.", "de")) is None
    assert text.sentences("Es waren 30. Dann kam der Winter.", "de") == 2
    assert text.sentences("Ab 3. Dezember. Im Jahr 2027. März folgt.", "de") == 3  # a year is no day


def test_thai_is_spared_only_where_it_has_no_marks():
    # text in Latin letters in a Thai catalog is still counted by its marks
    assert messages.sentences(Unit("It is rare. It is serious.", "It is rare. It is. Serious.", "th")) is not None
    # a Thai translation that does use a mark must use the source's class of mark
    assert messages.punctuation(Unit("What is ALS?", "โรค ALS คืออะไร.", "th")) is not None


def _without(noto: FontSet, tmp_path: Path, chars: str) -> FontSet:
    """The shipped Latin family's regular and bold faces without ``chars`` in their cmaps."""
    files = {}
    for style in ("regular", "bold"):
        face = TTFont(noto.files[style])
        for table in face["cmap"].tables:
            for ch in chars:
                table.cmap.pop(ord(ch), None)
        files[style] = tmp_path / f"{style}-without-{len(chars)}.ttf"
        face.save(files[style])
    return FontSet("sans", {}, files)


def test_the_glyphs_of_the_kicker_are_checked_in_capitals(noto, tmp_path):
    """The kicker is printed in capitals: a face with 'ö' but not 'Ö' cannot print 'Hörtest'."""
    fonts = _without(noto, tmp_path, "Ö")
    kicker = Unit("Patient information", "Hörtest", "de", fonts=fonts, context="cover.kicker")
    assert messages.glyphs(kicker) == \
        f"U+00D6 LATIN CAPITAL LETTER O WITH DIAERESIS is not in {fonts.files['regular'].name}"
    assert messages.glyphs(Unit("Hearing test", "Hörtest", "de", fonts=fonts, context="heading")) is None


@pytest.mark.parametrize("placeholder", ["FULL NAME <EMAIL@ADDRESS>", "Automatically generated"])
def test_a_translator_placeholder_is_not_checked_as_printed(placeholder, noto, tmp_path):
    """The colophon prints no placeholder name (the one `update` writes, or msginit's), so its
    glyphs are not a locale's error: with a Khmer font that had no Latin, a new catalog's
    first error was 'Last-Translator: U+0046 LATIN CAPITAL LETTER F is not in NotoSansKhmer-Regular.ttf'."""
    fonts = _without(noto, tmp_path, "FULNAMEtomcyge")
    text = (REPO / "locales" / "de" / "LC_MESSAGES" / "consultation.po").read_text(encoding="utf-8")
    named = text.replace("Last-Translator: Claude (AI model)", "Last-Translator: Anna Müller")
    placeholder = text.replace("Last-Translator: Claude (AI model)", f"Last-Translator: {placeholder}")

    def header_findings(po_text):
        po = parse_catalog(po_text.encode(), "de.po")
        return [f for f in check_catalog(po, "de", fonts) if "Last-Translator" in f.message]
    assert header_findings(placeholder) == []
    assert [f.check for f in header_findings(named)] == ["glyphs"]  # 'A', a printed name's


def test_a_labels_placeholders_are_not_glyphs_it_prints(noto, tmp_path):
    """'{page}' is printed as a number (the build's gate checks its digits): a font without
    braces was told it lacked U+007B LEFT CURLY BRACKET at the footer's line (a new Khmer catalog
    with Noto Sans Khmer); braces in prose are printed and still checked."""
    fonts = _without(noto, tmp_path, "{}")
    assert messages.glyphs(Unit("Page {page} of {pages}", "Seite {page} von {pages}", "de", fonts=fonts,
                                context="footer.page")) is None
    assert messages.glyphs(Unit("Sets {A, B}", "Mengen {A, B}", "de", fonts=fonts, context="paragraph")) == \
        f"U+007B LEFT CURLY BRACKET is not in {fonts.files['regular'].name}"


def test_identical_is_allowed_for_one_word_labels_and_codes_only():
    assert messages.identical(Unit("Version", "Version", "de")) is None
    assert messages.identical(Unit("ALS (SOD1)", "ALS (SOD1)", "de")) is None
    assert messages.identical(Unit("Patient information", "Patient information", "de")) is not None


def test_whitespace():
    assert messages.whitespace(Unit("a b", " a b", "de")) == "leading whitespace differs from the source"
    assert messages.whitespace(Unit("a b", "a  b", "de")) == "double space in the translation"
    assert messages.whitespace(Unit("a b", "a\u00a0b", "de")) is None


def test_length_uses_the_translation_s_script():
    source = "The publications are cited in their original language."
    assert messages.length(Unit(source, "该出版物以其原始语言引用。", "zh_Hans")) is None  # 0.24
    assert messages.length(Unit(source, "Die Publikationen werden in ihrer Originalsprache zitiert.", "zh_Hans")) \
        is None  # Latin text is judged as Latin
    assert messages.length(Unit(source, "Original.", "de")).startswith("0.17 times as long")


def test_finding_and_report():
    f = Finding("locales/de/LC_MESSAGES/als-stem-cells.po", 52, ERROR, "numbers", "missing 5")
    assert str(f) == "locales/de/LC_MESSAGES/als-stem-cells.po:52: error[numbers]: missing 5"
    assert str(Finding("x.po", None, WARNING, "fuzzy", "m")) == "x.po: warning[fuzzy]: m"
    data = json.loads(json.dumps(report([f])))
    assert data == {"errors": 1, "warnings": 0, "waived": 0, "findings": [
        {"path": "locales/de/LC_MESSAGES/als-stem-cells.po", "line": 52, "severity": "error", "check": "numbers",
         "message": "missing 5"}]}


def test_swapped_placeholders_are_a_warning_and_only_that():
    """The same {page} and {pages} in another order pass the placeholders error (a word order
    may need it) but print the page count as the page number in German: a reviewer must look."""
    check = next(c for c in CHECKS if c.name == "placeholder-order")
    assert check.severity == WARNING
    assert check.function(Unit("Page {page} of {pages}", "Seite {pages} von {page}", "de")) == \
        "placeholders in another order than in the source: {page}, {pages} → {pages}, {page}"
    assert check.function(Unit("Page {page} of {pages}", "Seite {page} von {pages}", "de")) is None
    assert check.function(Unit("Page {page} of {pages}", "Seite {Seite} von {pages}", "de")) is None  # an error
    data = (REPO / "locales" / "de" / "LC_MESSAGES" / "als-stem-cells.po").read_bytes()
    swapped = data.replace(b'msgstr "Seite {page} von {pages}"', b'msgstr "Seite {pages} von {page}"')
    found = check_catalog(parse_catalog(swapped, "de.po"), "de")
    assert [(f.check, f.severity) for f in found] == [("placeholder-order", WARNING)]


def test_a_passage_left_in_english_inside_a_translation_is_wrong_script():
    """A sentence of the source left in a Russian or Arabic paragraph: the rest of the message is in
    the locale's script, so the whole-message test passed it; abbreviations and a short gloss pass."""
    check = next(c for c in CHECKS if c.name == "wrong-script").function
    source = ("About one to two out of 100,000 people develop ALS each year, usually between the ages of 50 "
              "and 70. Disease progress varies greatly from patient to patient.")
    assert check(Unit(source, "Ежегодно БАС заболевают один-два человека из 100 000. Disease progress varies "
                              "greatly.", "ru")) is None  # four words: below the bar
    left = check(Unit(source, "Ежегодно БАС заболевают примерно один-два человека из 100 000, обычно в "
                              "возрасте от 50 до 70 лет. Disease progress varies greatly from patient to patient.",
                      "ru"))
    assert left == ("8 words in Latin letters ('Disease progress varies greatly from patient…'), not in the Cyrl "
                    "script of ru: a passage left in English?")
    assert check(Unit(source, "هذه الفقرة مترجمة. Stem cell-based therapies may give patients hope.", "ar"))
    for kept in ("Были выявлены несколько биоактивных соединений, таких как BNDF, GDNF, NGF, IGF-1 и VEGF.",
                 "Боковой амиотрофический склероз (Amyotrophic Lateral Sclerosis) — тяжёлое заболевание."):
        assert check(Unit(source, kept, "ru")) is None


def test_an_address_in_latin_letters_does_not_make_a_translation_wrong_script():
    """An Arabic or Hebrew sentence around an e-mail address and a URL has fewer letters of its
    own than the two addresses: it was refused as 'in Latin letters', and so was the passage
    check's run of address words. An address is copied as written, in every script."""
    check = next(c for c in CHECKS if c.name == "wrong-script").function
    source = "Write to pharmacy@st-anna.example or visit https://st-anna.example/ibuprofen for more information."
    assert check(Unit(source, "راسلنا على pharmacy@st-anna.example أو زر https://st-anna.example/ibuprofen "
                              "لمزيد من المعلومات.", "ar")) is None
    assert check(Unit(source, "כתבו אל pharmacy@st-anna.example או בקרו בכתובת "
                              "https://st-anna.example/ibuprofen למידע נוסף.", "he")) is None
    assert check(Unit(source, "Write to pharmacy@st-anna.example or visit https://st-anna.example/ibuprofen "
                              "for more.", "ar"))  # the English left in place still is


def test_the_table_documents_every_check():
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
    assert all(c.severity in (ERROR, WARNING) and c.doc for c in CHECKS)
    assert {c.name for c in CHECKS if c.severity == ERROR} == {
        "blank", "markup", "placeholders", "characters", "numbers", "number-pairs", "telephone", "urls", "brackets",
        "glyphs", "wrong-script", "dropped-sentence"}


@pytest.mark.parametrize("hostile", ["a" * 20000, "1" * 20000, "a1" * 10000, "1." * 10000, "a." * 10000 + "@"])
def test_a_message_of_maximal_size_is_checked(hostile):
    """Every check runs to its end on a 20 000-character message (how fast: bench/bench.py)."""
    unit = Unit("About 100,000 people (1.6:1) are affected.", hostile, "fr")
    found = {check.name: check.function(unit) for check in CHECKS}
    assert "missing 100,000" in found["numbers"]


@pytest.mark.parametrize("locale, same, changed", [
    ("fr", "Environ 100 000 personnes (1,6:1).", "Environ 100 001 personnes (1,6:1)."),  # plain space
    ("fr", "Environ 100\u202f000 personnes (1,6:1).", "Environ 100\u202f001 personnes (1,6:1)."),
    ("de_CH", "Etwa 100'000 Menschen (1.6:1).", "Etwa 100'001 Menschen (1.6:1)."),  # CLDR group "'"
    ("de", "Etwa 100\u00a0000 Menschen (1,6:1).", "Etwa 100\u00a0001 Menschen (1,6:1)."),  # SI grouping
    ("hi", "लगभग 100,000 लोग (1.6:1).", "लगभग 100,001 लोग (1.6:1)."),  # Western grouping, CLDR says 1,00,000
    ("ar", "حوالي ١٠٠٬٠٠٠ شخص (١٫٦:١).", "حوالي ١٠٠٬٠٠١ شخص (١٫٦:١)."),  # Arabic-Indic digits
])
def test_a_number_in_the_locales_own_grouping_is_read_whole(locale, same, changed):
    """100,000 written with the locale's group separator (or digits) is one number, 100000:
    the same value passes, a changed last digit is named."""
    check = next(c for c in CHECKS if c.name == "numbers").function
    source = "About 100,000 people (1.6:1) are affected."
    assert check(Unit(source, same, locale)) is None
    assert check(Unit(source, changed, locale)).startswith("missing 100,000; not in the source: 100")


def test_a_link_the_source_gives_twice_must_be_given_twice():
    check = next(c for c in CHECKS if c.name == "urls").function
    assert check(Unit("See https://a.org and https://a.org.", "Siehe https://a.org.", "de")) == "missing https://a.org"


def test_a_catalog_older_than_its_source_is_reported_at_its_header(mini_project, capsys):
    """The article changed and `update` was not run: `check` said 0 errors, 0 warnings (its
    checks speak of the catalog's older text) while `build` refused the locale as untranslated."""
    from brochure.cli import main

    assert main(["--project", str(mini_project.root), "check"]) == 0
    assert "stale" not in capsys.readouterr().out
    source = mini_project.root / "source" / "mini.md"
    source.write_text(source.read_text(encoding="utf-8").replace("- second item.", "- second item, changed."),
                      encoding="utf-8")
    assert main(["--project", str(mini_project.root), "check"]) == 0  # a warning: update, then check again
    out = capsys.readouterr().out
    assert ("locales/de/LC_MESSAGES/mini.po:4: warning[stale]: 1 message(s) of source/mini.md not in this "
            "catalog (the first: 'second item, changed.'), and 1 of its message(s) no longer in the source "
            "(the first at line 57): run `update`") in out
    assert main(["--project", str(mini_project.root), "update"]) == 0
    capsys.readouterr()
    assert main(["--project", str(mini_project.root), "check"]) == 0
    assert "stale" not in capsys.readouterr().out


def test_a_catalog_saved_decomposed_is_checked_as_it_is_printed(real_project, capsys):
    """The build prints a catalog saved decomposed (NFD) composed; check read it as saved:
    Korean as conjoining jamo, which the Korean font lacks ("error[glyphs]: U+110C HANGUL
    CHOSEONG CIEUC is not in BrochureCJKKR-Regular.ttf" at nearly every entry, so the build's
    gate refused the locale), Vietnamese as "1.82 times as long as the source" (warning[length])."""
    from brochure.cli import main

    def check() -> tuple[str, str]:
        assert main(["--project", str(real_project.root), "check", "--locale", "ko", "vi"]) == 0
        out = capsys.readouterr()
        return out.out, out.err

    composed = check()
    catalogs = [path for locale in ("ko", "vi") for path in real_project.root.glob(f"locales/{locale}/LC_MESSAGES/*.po")]
    assert len(catalogs) == 4
    for path in catalogs:
        text = path.read_text(encoding="utf-8")
        path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert check() == composed
