"""Every locale in its own script: the right fonts, no missing glyph, locale rules, and page images."""

import dataclasses
import datetime as dt
import itertools
import re
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from brochure.errors import BrochureError
from brochure.fonts import STYLES, load_config, resolve, script_of
from brochure.layouts import load_layout
from brochure.localetext import digits, integer, language_name, long_date, upper

from conftest import REPO, assert_refused
from pdfread import MARKS, fonts, seen_lines, text

NO_MARKS = dict.fromkeys(map(ord, MARKS + "\u202a\u202b\u202c"))  # and the embeddings pdftotext writes
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
        resolve(config, REPO / "fonts", "km")
    assert "no entry for script 'Khmr' (locale km) under scripts:; a font for it must be added first (README, " \
           "\"A language whose script has no font\")" in str(info.value)
    scripts = (REPO / "fonts" / "fonts.yaml").read_text(encoding="utf-8").splitlines().index("scripts:") + 1
    assert (info.value.path, info.value.line) == ("fonts/fonts.yaml", scripts)  # where the entry is to be added


def test_the_font_configuration_names_the_fonts_yaml_it_was_read_from():
    # every caller passed fonts.yaml's path again to resolve/font_set (built three ways in five
    # places); one that forgot got 'fonts/fonts.yaml', whichever file had been read
    from brochure.fonts import latin_family

    config = load_config(REPO / "fonts", "/srv/clinic/fonts")
    assert config.shown == "/srv/clinic/fonts/fonts.yaml"
    line = config._lines["scripts"]
    assert_refused(lambda: resolve(config, REPO / "fonts", "km"), "/srv/clinic/fonts/fonts.yaml", line,
                   "no entry for script 'Khmr' (locale km)")
    without_latin = dataclasses.replace(config, scripts={k: v for k, v in config.scripts.items() if k != "Latn"})
    assert_refused(lambda: latin_family(without_latin), "/srv/clinic/fonts/fonts.yaml", line,
                   "no entry for script 'Latn'")


def test_fonts_yaml_is_read_again_when_its_text_changes_even_if_its_size_and_time_do_not(tmp_path):
    import os
    import shutil

    folder = tmp_path / "fonts"
    shutil.copytree(REPO / "fonts", folder, ignore=shutil.ignore_patterns("*.ttf", "*.otf", "*.ttc"))
    for name in {getattr(fam, style) for fam in load_config(REPO / "fonts").families.values()
                 for style in STYLES if getattr(fam, style)}:
        (folder / name).write_bytes(b"\x00\x01\x00\x00")  # load_config only reads a file's first four bytes
    path = folder / "fonts.yaml"
    assert script_of(load_config(folder), "ur") == "Aran"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "ur: Aran" in text
    path.write_text(text.replace("ur: Aran", "ur: Arab"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the time put back, as cp -p does
    assert script_of(load_config(folder), "ur") == "Arab"


# Issue 15: a sample of each new script (with the medical words that need JIS level-2
# kanji in Japanese), the Latin abbreviations and Western digits every leaflet mixes in.
NEW_SCRIPTS = {
    "ja": ("Jpan", "cjk-jp", "筋萎縮性側索硬化症（ALS）では、膀胱・嚥下・痙攣・麻痺・嗅覚。ひらがなカタカナ"),
    "ko": ("Kore", "cjk-kr", "근위축성 측삭 경화증(ALS)은 10만 명당 1~2명에게 발생합니다."),
    "th": ("Thai", "thai", "โรคกล้ามเนื้ออ่อนแรง (ALS) ผู้ป่วย ๑๒๓"),
    "fa": ("Arab", "arabic", "اسکلروز جانبی آمیوتروفیک (ALS) در ۱۰۰٬۰۰۰ نفر؛ گچپژ"),
    "bn": ("Beng", "bengali", "অ্যামায়োট্রফিক ল্যাটারাল স্ক্লেরোসিস (ALS) ১০০,০০০।"),
    "pa": ("Guru", "gurmukhi", "ਐਮੀਓਟ੍ਰੋਫਿਕ ਲੇਟਰਲ ਸਕਲੇਰੋਸਿਸ (ALS) ੧੦੦।"),
    "ta": ("Taml", "tamil", "அமியோட்ரோபிக் லேட்டரல் ஸ்க்ளிரோசிஸ் (ALS) 100,000."),
    "am": ("Ethi", "ethiopic", "አሚዮትሮፊክ ላተራል ስክሌሮሲስ (ALS)፣ ከ100,000 ሰዎች 1.6:1።"),
    "vi": ("Latn", "sans", "Xơ cứng teo cơ một bên (ALS): ưỡ Đặ ỹ 1,6:1."),
    "ur": ("Aran", "nastaliq", "ایمیوٹرافک لیٹرل اسکلیروسس (ALS) ہے۔ ۱۰۰ 100"),
}


@pytest.mark.parametrize("locale", sorted(NEW_SCRIPTS))
def test_new_scripts_have_a_font_with_their_letters_latin_and_digits(locale):
    code, family, sample = NEW_SCRIPTS[locale]
    config = load_config(REPO / "fonts")
    assert script_of(config, locale) == code
    fonts, script = resolve(config, REPO / "fonts", locale, styles=("regular", "bold"))
    assert fonts.family == family
    for style in ("regular", "bold"):
        assert fonts.missing(sample, style) is None, (locale, style)


def test_urdu_is_set_in_nastaliq_with_its_taller_leading():
    config = load_config(REPO / "fonts")
    assert script_of(config, "ur") == "Aran"
    assert config.scripts["Aran"].direction == "rtl" and config.scripts["Aran"].leading == 1.8
    assert config.scripts["Arab"].leading == 1.0  # the default: Persian and Arabic keep the layout's


@pytest.mark.parametrize("value, words", [("0.8", "scripts.Aran.leading: 0.8 is outside 1–2.5"),
                                          ("4", "scripts.Aran.leading: 4 is outside 1–2.5"),
                                          ("tall", "scripts.Aran.leading")])
def test_a_script_leading_outside_the_sane_range_is_refused_with_its_line(mini_project, value, words):
    path = mini_project.root / "fonts" / "fonts.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("  Aran:"))
    path.write_text(path.read_text(encoding="utf-8").replace("leading: 1.8", f"leading: {value}"), encoding="utf-8")
    assert_refused(lambda: load_config(mini_project.root / "fonts"), "fonts/fonts.yaml", line, words)


def _with_script(mini_project, entry: str) -> int:
    """Add a scripts: entry to the mini project's fonts.yaml; its line."""
    path = mini_project.root / "fonts" / "fonts.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("scripts:") + 1
    path.write_text("\n".join(lines[:at] + [f"  {entry}"] + lines[at:]), encoding="utf-8")
    return at + 1


def test_a_script_is_set_in_unicodes_direction_unless_fonts_yaml_says_otherwise(mini_project):
    # Dhivehi's Thaana entered like Georgian ({family: …}) was set as left-to-right paragraphs
    _with_script(mini_project, "Thaa: {family: sans}")
    config = load_config(mini_project.root / "fonts")
    assert config.scripts["Thaa"].direction == "rtl"
    assert config.scripts["Latn"].direction == "ltr" and config.scripts["Aran"].direction == "rtl"


@pytest.mark.parametrize("entry, words", [
    ("Thaa: {family: sans, direction: ltr}", "scripts.Thaa.direction: ltr, but Unicode writes Thaana right to left"),
    ("Geor: {family: sans, direction: rtl}", "scripts.Geor.direction: rtl, but Unicode writes Georgian left to right"),
    ("Geor: {family: sans, direction: up}", "scripts.Geor.direction: must be ltr or rtl")])
def test_a_direction_against_the_scripts_is_refused_at_its_line(mini_project, entry, words):
    line = _with_script(mini_project, entry)
    assert_refused(lambda: load_config(mini_project.root / "fonts"), "fonts/fonts.yaml", line, words)


def test_with_leading_scales_every_leading_of_the_layout_and_nothing_else():
    layout = load_layout(REPO / "layouts" / "a4-leaflet.yaml")
    spaced = layout.with_leading(1.8)
    for name in ("body", "title", "heading", "references", "small"):
        before, after = getattr(layout.type, name), getattr(spaced.type, name)
        assert after.size == before.size and after.leading == pytest.approx(before.leading * 1.8, abs=0.01)
    assert spaced.copyfit.min_body_leading == pytest.approx(layout.copyfit.min_body_leading * 1.8, abs=0.01)
    assert spaced.copyfit.min_body_size == layout.copyfit.min_body_size
    assert (spaced.page, spaced.margins, spaced.colours) == (layout.page, layout.margins, layout.colours)
    assert layout.with_leading(1.0) is layout


def _baseline_pitch(path, page: int, size: float) -> float:
    """The median distance between successive baselines of text shown at ``size`` on ``page``,
    column by column (the gaps between paragraphs are few; most steps are one line). Not the
    invisible bidi mark between two Nastaliq lines (flowable.line_bridge): nothing is drawn there."""
    import statistics

    from brochure.charpolicy import BIDI_MARKS

    marks = dict.fromkeys(map(ord, BIDI_MARKS))
    reader = PdfReader(path)
    middle = float(reader.pages[page].mediabox.width) / 2
    columns: dict[bool, set] = {False: set(), True: set()}

    def visit(shown, cm, tm, font, font_size):
        if shown.translate(marks).strip() and round(font_size * tm[3] * cm[3], 2) == size:
            columns[tm[4] * cm[0] + cm[4] > middle].add(round(tm[5] * cm[3] + cm[5], 2))

    reader.pages[page].extract_text(visitor_text=visit)
    steps = []
    for baselines in columns.values():
        ys = sorted(baselines, reverse=True)
        steps += [a - b for a, b in zip(ys, ys[1:])]
    return statistics.median(steps)


def test_urdu_lines_are_spaced_by_the_script_leading_and_the_english_references_are_not(built_real):
    """Read back from the PDFs: the body of the Urdu leaflet at 1.8 × its 1.4 × leading, the Persian one
    (Naskh, leading 1.0) at 1.4 × its body size (each at the size copyfit chose, the body's 1.4 × kept at
    every step), the English references in the Urdu leaflet at the layout's references leading."""
    from brochure.preflight import body_size

    layout = load_layout(REPO / "layouts" / "a4-leaflet.yaml")
    body, references = layout.type.body, layout.type.references
    ratio = body.leading / body.size
    ur, fa = built_real.pdf_path("als-stem-cells", "ur", "a4-leaflet"), built_real.pdf_path("als-stem-cells", "fa", "a4-leaflet")
    ur_size, fa_size = (body_size(path.read_bytes(), layout)[0] for path in (ur, fa))
    assert _baseline_pitch(ur, 0, ur_size) == pytest.approx(ur_size * ratio * 1.8, abs=0.15)
    assert _baseline_pitch(fa, 0, fa_size) == pytest.approx(fa_size * ratio, abs=0.15)
    last = len(PdfReader(ur).pages) - 1
    references_page = next(i for i in range(last + 1) if "Wijesekera" in (PdfReader(ur).pages[i].extract_text() or ""))
    assert _baseline_pitch(ur, references_page, references.size) == pytest.approx(references.leading, abs=0.15)


def test_hebrew_is_printed_without_yiddish_ligatures(built_real):
    content = text(built_real.pdf_path("als-stem-cells", "he", "a4-leaflet"))
    assert "\u05f0" not in content and "\u05f1" not in content and "\u05f2" not in content
    assert "ALS" in content and "100,000" in content


def test_arabic_keeps_latin_abbreviations_and_western_digits(built_real):
    content = unicodedata.normalize("NFKC", text(built_real.pdf_path("als-stem-cells", "ar", "a4-leaflet")))
    for token in ("ALS", "MSC", "SOD1", "TDP43", "1.6:1", "100,000", "IGF-1"):
        assert token in content, token


def test_source_language_is_named_even_where_cldr_has_no_names_in_the_locale():
    assert language_name("en", "it") == "inglese"
    assert language_name("en", "ht") == "English"  # CLDR has no language names in Haitian Creole
    assert language_name("ht") == "Kreyòl Ayisyen"


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


# Words whose halves were set on two lines of a shipped leaflet (Thai: ICU's dictionary splits them;
# Tamil: a case ending after its hyphen).
SPLIT_WORDS = {"th": ("ผู้ป่วย", "กล้ามเนื้อ", "ผลกระทบ", "ซีครีโทม", "เพิ่มเติม", "ตรวจทาน"), "ta": ("ALS-இன்", "ALS-ஐ")}


@pytest.mark.parametrize("locale", sorted(SPLIT_WORDS))
def test_a_word_the_dictionary_splits_or_its_ending_is_never_broken_over_two_lines(built_real, locale):
    """The Thai A4 leaflet printed "ในผู้" / "ป่วย ALS" ("patient" in two) and the letter leaflet
    "ได้รับผลก" / "ระทบ" (inside a syllable): ICU's Thai dictionary lacks the words. The Tamil one
    printed "ALS-" / "இன் நிகழ்வு", the genitive ending alone at a line's start, which pdftotext
    copied as "ALSஇன்" (a hyphen at a line's end read as a word's). Read back with pdftotext from
    every layout of both documents."""
    lines = 0
    for doc in ("als-stem-cells", "consultation"):
        for layout in ("a4-leaflet", "a4-large-print", "a5-booklet", "letter-leaflet"):
            pdf = built_real.pdf_path(doc, locale, layout)
            copied = "\n".join(line.strip() for line in subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines())
            lines += copied.count("\n")
            for word in SPLIT_WORDS[locale]:
                assert not [k for k in range(1, len(word)) if f"{word[:k]}\n{word[k:]}" in copied], (doc, layout, word)
                assert "-" not in word or word.replace("-", "") not in copied, (doc, layout, word)
    assert lines > 500


# ---------------------------------------------------------------- the locale's digits (CLDR)

def test_digits_follow_cldrs_default_numbering_system():
    assert digits("fa") == "۰۱۲۳۴۵۶۷۸۹" and digits("bn") == "০১২৩৪৫৬৭৮৯"
    assert digits("mr") == "०१२३४५६७८९"
    for latin in ("de", "ur", "hi", "ta", "pa", "th", "am", "ja"):
        assert digits(latin) == "0123456789", latin
    assert integer(12, "fa") == "۱۲" and integer(3, "bn") == "৩" and integer(12, "de") == "12"
    assert long_date(dt.date(2026, 11, 27), "fa") == "۲۷ نوامبر ۲۰۲۶"


def test_a_locale_without_cldr_month_names_prints_its_date_in_iso_8601(real_project):
    """CLDR has no month names for Haitian Creole (babel answers root's placeholders "M01"…"M12"),
    so its long date printed "2026 M11 27" in the colophon and on the booklet's back cover.
    Where the months are placeholders the date is written as ISO 8601 (CLDR root's short date)."""
    from brochure.cli import main

    assert long_date(dt.date(2026, 11, 27), "ht") == "2026-11-27"
    assert long_date(dt.date(2026, 11, 27), "fr") == "27 novembre 2026"  # a locale with names keeps them
    assert long_date(dt.date(2026, 11, 27), "so") == "Noofeembar 27, 2026"
    assert main(["--project", str(real_project.root), "build", "--doc", "als-stem-cells", "--locale", "ht",
                 "--layout", "a4-leaflet", "a5-booklet"]) == 0
    for layout in ("a4-leaflet", "a5-booklet"):
        path = real_project.pdf_path("als-stem-cells", "ht", layout)
        last = subprocess.run(["pdftotext", "-f", str(len(PdfReader(path).pages)), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "2026-11-27" in last and "M11" not in last, (layout, last[-300:])


def _squash(value: str) -> str:
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFC", value))


def _printed(value: str, page: str) -> bool:
    """Whether ``value``'s words stand together on ``page`` (whitespace and bidi controls ignored), in
    their order or, on a mixed right-to-left page, another (pdftotext's reading order is issue 9's)."""
    squashed = _squash(page)
    return any("".join(order) in squashed for order in itertools.permutations(value.split()))


@pytest.mark.parametrize("locale", ["fa", "bn"])
def test_page_numbers_and_the_colophon_date_are_printed_in_the_locales_digits(built_real, locale):
    """Read back with pdftotext: "Page 1 of 3" and the date of issue in Persian or Bengali digits."""
    from brochure.catalogs import read_catalog

    path = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    label = read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po").catalog.get(
        "Page {page} of {pages}", context="footer.page").string
    native = digits(locale)
    for number, page in enumerate(pages, start=1):
        assert _printed(label.format(page=native[number], pages=native[len(pages)]), page), number
        assert not _printed(label.format(page=number, pages=len(pages)), page), number
    date = long_date(dt.date(2026, 11, 27), locale)
    assert any(ch in native for ch in date) and not any(ch.isascii() and ch.isdigit() for ch in date)
    assert _printed(date, pages[-1])
    assert not _printed(localized_ascii(date, native), pages[-1])


def localized_ascii(value: str, native: str) -> str:
    return value.translate(str.maketrans(native, "0123456789"))


@pytest.mark.parametrize("style", ["Regular", "Bold"])
@pytest.mark.parametrize("word", ["ที่", "เนื้อ", "ขึ้น", "ปี่"])
def test_thai_tone_marks_stand_above_an_upper_vowel(style, word):
    """HarfBuzz with the shipped Thai font: the tone mark's lowest point is above the vowel's
    highest (Debian's Noto Looped Thai put it onto the vowel, so ที่ printed as ที)."""
    import uharfbuzz as hb
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    path = REPO / "fonts" / f"BrochureThai-{style}.ttf"
    font, glyphs = hb.Font(hb.Face(hb.Blob.from_file_path(str(path)))), TTFont(path).getGlyphSet()
    order = TTFont(path).getGlyphOrder()
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})

    def vertical(info, pos):
        pen = BoundsPen(glyphs)
        glyphs[order[info.codepoint]].draw(pen)
        return pen.bounds[1] + pos.y_offset, pen.bounds[3] + pos.y_offset

    placed = [vertical(info, pos) for info, pos in zip(buf.glyph_infos, buf.glyph_positions)]
    assert len(placed) == len(word)  # one glyph per character, in order
    letters = [unicodedata.name(ch) for ch in word]
    vowel = next(i for i, n in enumerate(letters) if n.startswith("THAI CHARACTER SARA"))
    tone = next(i for i, n in enumerate(letters) if n.startswith("THAI CHARACTER MAI"))
    assert placed[tone][0] > placed[vowel][1], (word, placed)


def _latin_word_spaces(path, page: int) -> list[float]:
    """On ``page``, the advance of every space between two Latin letters on one baseline: from the
    space's origin to the next character's, as pdfium places them (pt)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        chars = pdf[page].get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()

        def origin(i):
            raw.FPDFText_GetCharOrigin(chars.raw, i, x, y)
            return x.value, y.value

        def latin(i):
            ch = chars.get_text_range(i, 1)
            return ch.isascii() and ch.isalpha()

        out = []
        for i in range(1, chars.count_chars() - 1):
            if chars.get_text_range(i, 1) == " " and latin(i - 1) and latin(i + 1):
                (x0, y0), (x1, y1) = origin(i), origin(i + 1)
                if abs(y0 - y1) < 0.1:
                    out.append(x1 - x0)
        return out
    finally:
        pdf.close()


def test_latin_words_in_urdu_take_the_latin_word_space(built_real):
    """The Nastaliq family's own space is 0.13 em, half of Noto Sans's 0.26 em: the English references
    of the Urdu leaflet ran their words together (1.3 pt between words at 10 pt). A space beside a
    Latin word now takes the Latin font's width, as in the English leaflet; Urdu words keep theirs."""
    import statistics

    def median_space(locale):
        path = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
        last = len(PdfReader(path).pages) - 1
        return statistics.median(_latin_word_spaces(path, last))  # the references (and colophon)

    references = load_layout(REPO / "layouts" / "a4-leaflet.yaml").type.references.size
    assert median_space("ur") == pytest.approx(median_space("en"), rel=0.03)
    assert median_space("ur") >= 0.25 * references


PHONE_FORMS = ("044 123 45 67", "044-123-45-67", "(044) 123 45 67", "(03) 123-4567", "+41 44 123 45 67")
CALL = {"he": "התקשרו {} עכשיו.", "ar": "اتصلوا على {} الآن."}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("locale", CALL)
def test_a_telephone_number_is_printed_with_its_groups_in_order_in_a_right_to_left_leaflet(mini_project, locale):
    """The leaflet as printed, read by glyph position: a bracketed area code stood right of the
    groups in Hebrew and Arabic ("123 45 67 (044)" as seen), and a national number joined by
    hyphens inside Arabic was drawn "67-45-123-044" (the telephone check refused it for that:
    the Arabic leaflet was not printed). Every telephone number is one left-to-right unit now.
    The text layer reads each sentence as written."""
    import polib

    from brochure.cli import main

    root = mini_project.root
    source = root / "source" / "mini.md"
    first = "About one in 100,000 people is affected (1.6:1)."
    source.write_text(source.read_text(encoding="utf-8").replace(
        first, "\n\n".join(f"Call {phone} now." for phone in PHONE_FORMS)), encoding="utf-8")
    assert main(["--project", str(root), "-q", "extract"]) == 0
    assert main(["--project", str(root), "-q", "update", "--locale", locale]) == 0
    po = polib.pofile(str(root / "locales" / locale / "LC_MESSAGES" / "mini.po"))
    for entry in po:
        if entry.msgid.startswith("Call "):
            entry.msgstr = CALL[locale].format(entry.msgid[len("Call "):-len(" now.")])
    po.save()
    assert main(["--project", str(root), "-q", "build", "--locale", locale, "--fallback-source", "-j", "1"]) == 0
    path = mini_project.pdf_path("mini", locale, "a4-leaflet")
    seen = seen_lines(path)
    assert [phone for phone in PHONE_FORMS if not any(f"| {phone} |" in line for line in seen)] == [], seen
    layer = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    for read in (" ".join(layer.translate(NO_MARKS).split()), " ".join(text(path).translate(NO_MARKS).split())):
        assert [phone for phone in PHONE_FORMS if CALL[locale].format(phone) not in read] == [], read
