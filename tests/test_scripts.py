"""Every locale in its own script: the right fonts, no missing glyph, locale rules, and page images."""

import unicodedata

import pytest
from pypdf import PdfReader

from brochure.errors import BrochureError
from brochure.fonts import load_config, resolve, script_of
from brochure.localetext import upper

from conftest import REPO
from pdfread import fonts, text

FAMILY = {"ar": "BrochureArabic", "he": "BrochureHebrew", "hi": "BrochureDevanagari",
          "zh_Hans": "BrochureCJKSC", "ru": "NotoSans", "el": "NotoSans", "tr": "NotoSans"}


@pytest.mark.parametrize("locale, family", sorted(FAMILY.items()))
def test_each_script_is_printed_with_its_font_embedded(built_real, locale, family):
    used = fonts(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"))
    assert any(family in name for name in used), used
    assert all(used.values())


def test_scripts_come_from_cldr_with_fonts_yaml_overrides():
    config = load_config(REPO / "fonts")
    assert [script_of(config, ll) for ll in ("ar", "he", "hi", "zh_Hans", "ru", "el", "tr", "de")] == \
        ["Arab", "Hebr", "Deva", "Hans", "Cyrl", "Grek", "Latn", "Latn"]
    fonts, script = resolve(config, REPO / "fonts", "ar")
    assert script.direction == "rtl" and script.line_break == "normal"
    assert resolve(config, REPO / "fonts", "zh_Hans")[1].line_break == "strict"
    with pytest.raises(BrochureError) as info:
        resolve(config, REPO / "fonts", "th")
    assert "no entry for script 'Thai' (locale th)" in str(info.value)


def test_hebrew_is_printed_without_yiddish_ligatures(built_real):
    content = text(built_real.pdf_path("als-stem-cells", "he", "a4-leaflet"))
    assert "\u05f0" not in content and "\u05f1" not in content and "\u05f2" not in content
    assert "ALS" in content and "100,000" in content


def test_arabic_keeps_latin_abbreviations_and_western_digits(built_real):
    content = unicodedata.normalize("NFKC", text(built_real.pdf_path("als-stem-cells", "ar", "a4-leaflet")))
    for token in ("ALS", "MSC", "SOD1", "TDP43", "1.6:1", "100,000", "IGF-1"):
        assert token in content, token


def test_upper_case_follows_the_locale():
    assert upper("hasta bilgilendirmesi", "tr") == "HASTA BİLGİLENDİRMESİ"
    assert upper("information", "en") == "INFORMATION"
    assert upper("Πληροφορίες ασθενών", "el") == "ΠΛΗΡΟΦΟΡΙΕΣ ΑΣΘΕΝΩΝ"


def test_turkish_kicker_is_upper_cased_with_dotted_capital_i(built_real):
    first_page = PdfReader(built_real.pdf_path("als-stem-cells", "tr", "a4-leaflet")).pages[0].extract_text()
    assert "İ" in first_page.split("\n")[0]


def test_a_character_the_script_font_lacks_fails_with_the_translators_line(real_project, capsys):
    from brochure.cli import main

    po = real_project.root / "locales/ar/LC_MESSAGES/als-stem-cells.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    target = next(i for i, line in enumerate(lines) if line.startswith('msgstr "ANOVA') or
                  line.startswith("msgstr \"معلومات"))
    lines[target] = lines[target][:-1] + '\u263a"'
    po.write_text("\n".join(lines), encoding="utf-8")
    assert main(["--project", str(real_project.root), "build", "--locale", "ar", "he"]) == 1
    err = capsys.readouterr().err
    assert f"locales/ar/LC_MESSAGES/als-stem-cells.po:{target + 1}: error[glyphs]: U+263A WHITE SMILING FACE is not in " \
           "BrochureArabic-Regular.ttf" in err
    assert real_project.pdf_path("als-stem-cells", "he", "a4-leaflet").exists()


@pytest.mark.parametrize("locale, letters", [("pl", "aiouwzAIOUWZ"), ("ru", "аивкосуяАИВКОСУЯ"),
                                             ("uk", "авзійоуАВЗІЙОУ")])
def test_one_letter_words_never_end_a_line(built_real, locale, letters):
    from pypdf import PdfReader

    ends = []
    for layout in ("a4-leaflet", "a5-booklet", "letter-leaflet"):
        for page in PdfReader(built_real.pdf_path("als-stem-cells", locale, layout)).pages:
            text = page.extract_text() or ""
            if "Wijesekera" in text:
                break  # the references are English and printed verbatim
            ends += [line.split()[-1] for line in text.split("\n") if line.split()]
    assert len(ends) > 100
    assert not [word for word in ends if word in set(letters)]
