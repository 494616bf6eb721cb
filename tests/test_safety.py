"""Nothing unsafe reaches a patient (issue 10): the check gate in build, waivers, number order,
the character policy, size caps, argument validation and the last-resort handler, end to end."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from brochure import charpolicy
from brochure.checks import numbers
from brochure.cli import INTERNAL_ERROR, main

from conftest import FIXTURES, REPO, _copy_project, assert_refused

SAFETY = FIXTURES / "safety"
GATE = "not printed: {n} check error(s); correct them, or have a reviewer waive one with " \
       "'# waive CHECK: reason — name' above the entry and sign off the text (X-Reviewed-By)"
# fixture → (locale, [exact path:line messages]); each is the shipped catalog with one fault
REFUSED = {
    "changed-ratio.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:54: error[numbers]: missing 1.6; "
                                "not in the source: 6,1 (= 6.1)"]),
    "dropped-sentence.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:90: error[dropped-sentence]: 2 sentence(s), "
                                   "the source has 3: is one missing?"]),
    "swapped-range.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:92: error[number-pairs]: "
                                "'5–2' reverses the source's '2-5'"]),
    "swapped-pair.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:54: error[number-pairs]: "
                               "'70 und 50' reverses the source's '50 and 70'"]),
    "right-to-left-override.po": ("de", [
        "locales/de/LC_MESSAGES/als-stem-cells.po:91: error[characters]: U+202E RIGHT-TO-LEFT OVERRIDE: bidi embeddings "
        "and overrides are refused: the text would print in another order than it is stored (Trojan Source)"]),
    "noncharacter.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:91: error[characters]: U+FFFF NONCHARACTER: "
                               "a noncharacter is not text"]),
    "lrm-in-german.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:91: error[characters]: U+200E LEFT-TO-RIGHT "
                                "MARK: a right-to-left mark has no place in left-to-right text"]),
    "translator-emoji.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:11: error[glyphs]: Last-Translator: "
                                   "U+1F600 GRINNING FACE is not in NotoSans-Regular.ttf"]),
    "translator-control.po": ("de", ["locales/de/LC_MESSAGES/als-stem-cells.po:11: error[characters]: Last-Translator: "
                                     "U+0007 CONTROL CHARACTER: control characters are not text"]),
    "placeholder-width-spec.po": ("de", [
        "locales/de/LC_MESSAGES/als-stem-cells.po:400: error[placeholders]: broken placeholder: '{page:>1000000000}': "
        "only {name} placeholders are allowed, without format spec, conversion or stray braces"]),
    "english-in-arabic.po": ("ar", ["locales/ar/LC_MESSAGES/als-stem-cells.po:35: error[wrong-script]: the translation "
                                    "is in Latin letters, not in the Arab script of ar"]),
    "english-in-chinese.po": ("zh_Hans", ["locales/zh_Hans/LC_MESSAGES/als-stem-cells.po:35: error[wrong-script]: the "
                                          "translation is in Latin letters, not in the Hans script of zh_Hans"]),
    "isolate-in-arabic.po": ("ar", ["locales/ar/LC_MESSAGES/als-stem-cells.po:52: error[characters]: U+2066 LEFT-TO-RIGHT "
                                    "ISOLATE: bidi isolates are not supported by the layout; use LRM or RLM"]),
    "noncharacter-in-arabic.po": ("ar", ["locales/ar/LC_MESSAGES/als-stem-cells.po:52: error[characters]: U+FDD0 "
                                         "NONCHARACTER: a noncharacter is not text"]),
    "rlm-inside-number-in-arabic.po": ("ar", [
        "locales/ar/LC_MESSAGES/als-stem-cells.po:55: error[characters]: U+200F RIGHT-TO-LEFT MARK inside the number "
        "'1.6': a character that is never drawn has no place in it (a bidi mark prints its parts in another order, a "
        "break hint lets a line end inside it)"]),
}
ACCEPTED = {"rlm-in-hebrew.po": ("he", charpolicy.RLM), "soft-hyphen-in-chinese.po": ("zh_Hans", charpolicy.SHY)}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The shipped project with its English and German A4 leaflets built once."""
    project = _copy_project(REPO, tmp_path_factory.mktemp("safety") / "real")
    assert _build(project, "en", "de") == 0
    return project


def _build(project, *locales: str) -> int:
    return main(["--project", str(project.root), "build", "--layout", "a4-leaflet", "-j", "1", "--locale", *locales])


def test_every_safety_fixture_has_an_expectation():
    assert sorted(p.name for p in SAFETY.glob("*.po")) == sorted([*REFUSED, *ACCEPTED])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_gate_refuses_with_check_s_own_words_and_keeps_the_rest(project, capsys, name):
    locale, messages = REFUSED[name]
    po = project.po_path("als-stem-cells", locale)
    german = project.pdf_path("als-stem-cells", "de", "a4-leaflet").read_bytes()
    capsys.readouterr()
    shutil.copy(SAFETY / name, po)
    try:
        assert _build(project, locale, "en") == 1
        err = capsys.readouterr().err
        for message in messages:
            assert message + "\n" in err
        assert f"locales/{locale}/LC_MESSAGES/als-stem-cells.po: {GATE.format(n=len(messages))}" in err
        assert "Traceback" not in err and "internal error" not in err
        assert project.pdf_path("als-stem-cells", "en", "a4-leaflet").exists()  # the other locale is still there
        assert project.pdf_path("als-stem-cells", "de", "a4-leaflet").read_bytes() == german  # the previous PDF is intact
        # check reports exactly the same lines, and counts them
        assert main(["--project", str(project.root), "check", "--locale", locale]) == 1
        captured = capsys.readouterr()
        for message in messages:
            assert message + "\n" in captured.out
        assert f"{len(messages)} error(s)" in captured.err
    finally:
        shutil.copy(REPO / f"locales/{locale}/LC_MESSAGES/als-stem-cells.po", po)


def _widths_of_text(pdf, char: str) -> list:
    """The declared widths of every glyph code whose text is ``char``, in every font of the PDF."""
    wanted = f"<{char.encode('utf-16-be').hex().upper()}>"
    widths = []
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
            codes = [int(code, 16) for code, text in re.findall(r"<([0-9A-F]+)> (<[0-9A-F]*>)", cmap)
                     if text == wanted]
            w = font["/DescendantFonts"][0].get_object()["/W"]
            declared = {int(w[i]): w[i + 1][0] for i in range(0, len(w), 2)}
            widths += [declared[code] for code in codes]
    return widths


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_marks_and_soft_hyphens_are_accepted_and_never_drawn(project, name):
    locale, char = ACCEPTED[name]
    po = project.po_path("als-stem-cells", locale)
    shutil.copy(SAFETY / name, po)
    try:
        assert _build(project, locale) == 0
        pdf = project.pdf_path("als-stem-cells", locale, "a4-leaflet")
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        if char == charpolicy.RLM:  # the engine writes RLMs of its own into the text layer, drawn as nothing
            assert set(_widths_of_text(pdf, char)) <= {0}
        else:
            assert char not in text
        assert "100,000" in text or "罹患" in text  # the text around it is printed, without the mark
    finally:
        shutil.copy(REPO / f"locales/{locale}/LC_MESSAGES/als-stem-cells.po", po)


def _waived_swapped_range() -> str:
    """swapped-range.po with a reviewer's waiver of its reversed range."""
    text = (SAFETY / "swapped-range.po").read_text(encoding="utf-8")
    text = text.replace('#: source/als-stem-cells.md:18\n', '#: source/als-stem-cells.md:18\n# waive number-pairs: '
                        'the study reports 5–2 — Dr. A. Meier\n', 1)
    assert "# waive number-pairs" in text
    return text


def _signed(text: str) -> str:
    """The catalog ``text`` with a current medical sign-off (X-Reviewed-By naming its fingerprint)."""
    from brochure.catalogs import parse_catalog
    from brochure.review import text_fingerprint

    fingerprint = text_fingerprint(parse_catalog(text.encode(), "x.po"))
    return text.replace('"Language: de\\n"\n', '"Language: de\\n"\n'
                        f'"X-Reviewed-By: Dr. A. Meier <a.meier@example.org>, 2026-12-10, text:{fingerprint}\\n"\n', 1)


def test_a_waiver_without_a_current_sign_off_does_not_let_the_locale_print(project, capsys):
    """Anyone who can edit the .po can write '# waive numbers: … — Dr. X' (translations come from
    outside): a waiver lifts the safety gate only under a medical sign-off of the text with it.
    Without one, check and build both keep the error and say why; signed, the locale prints; a
    waiver added after the sign-off is not covered by it."""
    po = project.po_path("als-stem-cells", "de")
    waived = _waived_swapped_range()
    try:
        for text in (waived, _signed(waived.replace("# waive number-pairs", "# kept number-pairs")).replace(
                "# kept number-pairs", "# waive number-pairs")):
            po.write_text(text, encoding="utf-8")
            assert _build(project, "de") == 1
            err = capsys.readouterr().err
            assert GATE.format(n=1) in err
            assert main(["--project", str(project.root), "check", "--locale", "de"]) == 1
            out = capsys.readouterr().out
            assert re.search(r"als-stem-cells\.po:\d+: error\[number-pairs\]: '5–2' reverses the source's '2-5' "
                             r"\(waived by Dr\. A\. Meier, not in force: no current medical review signs this "
                             r"catalog; a waiver counts once the reviewer's X-Reviewed-By names the text with it, "
                             r"text:[0-9a-f]{12}\)", out), out
        po.write_text(_signed(waived), encoding="utf-8")
        assert _build(project, "de") == 0
    finally:
        shutil.copy(REPO / "locales/de/LC_MESSAGES/als-stem-cells.po", po)


def test_a_waiver_lets_the_locale_print_and_is_listed_by_check_stats_and_proof(project, capsys):
    po = project.po_path("als-stem-cells", "de")
    text = _signed(_waived_swapped_range())
    po.write_text(text, encoding="utf-8")
    try:
        assert _build(project, "de") == 0
        capsys.readouterr()
        assert main(["--project", str(project.root), "check", "--locale", "de"]) == 0
        out = capsys.readouterr()
        assert ("locales/de/LC_MESSAGES/als-stem-cells.po:94: waived[number-pairs]: '5–2' reverses the source's '2-5' "
                "(waived: number-pairs: the study reports 5–2 — Dr. A. Meier)") in out.out
        assert "0 error(s)" in out.err and "1 waived" in out.err
        assert main(["--project", str(project.root), "stats"]) == 0
        row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("als-stem-cells de "))
        assert row.split()[5] == "1"  # the waived column
        assert main(["--project", str(project.root), "proof", "--locale", "de"]) == 0
        proof = "".join(p.extract_text() for p in PdfReader(project.proof_path("als-stem-cells", "de")).pages)
        assert "Waiver" in proof and "Dr. A. Meier" in proof and "1 waived" in proof
        assert re.search(r"Waiver\s+#\d+ · line 94: number-pairs", proof)  # the sign-off took a header line  # found by its message number too
    finally:
        shutil.copy(REPO / "locales/de/LC_MESSAGES/als-stem-cells.po", po)


@pytest.mark.parametrize("comment, problem", [
    ("waive glyphs: the font will be fixed — A. B.", "'glyphs' cannot be waived"),
    ("waive numbers: no name given", "a waiver needs a reason and a name"),
])
def test_a_malformed_waiver_is_an_error(comment, problem):
    from brochure.checks import waivers

    assert waivers.parse(comment).startswith(problem)


# ------------------------------------------------------------------ number order, unit level

@pytest.mark.parametrize("source, translation, locale, reversed_", [
    ("from 2-5 years", "von 5–2 Jahren", "de", "'5–2' reverses the source's '2-5'"),
    ("between 50 and 70", "zwischen 70 und 50", "de", "'70 und 50' reverses the source's '50 and 70'"),
    ("ratio 1.6:1", "Verhältnis 1:1,6", "de", "'1:1,6' reverses the source's '1.6:1'"),
    ("3 or 4 times", "4 ou 3 fois", "fr", "'4 ou 3' reverses the source's '3 or 4'"),
    ("from 2 to 5 years", "من ٥ إلى ٢ سنوات", "ar", "'٥ إلى ٢' reverses the source's '2 to 5'"),
    ("between 2 and 5", "بین ۵ و ۲", "fa", "'۵ و ۲' reverses the source's '2 and 5'"),
    ("between 2 and 5", "५ और २ के बीच", "hi", "'५ और २' reverses the source's '2 and 5'"),
    ("from 2 to 5 years", "من 2 إلى 5 سنوات", "ar", None),  # the words of the range, in the same order
    ("from 2 to 5 years", "من ٢ إلى ٥ سنوات", "ar", None),
    ("from 2–5 years", "2至5年", "zh_Hans", None),
    ("7-6 individuals", "7–6 Personen", "de", None),  # the author's own reversal, copied: not the translator's
    ("7-6 individuals", "6–7 Personen", "de", "'6–7' reverses the source's '7-6'"),
    # the translation's numbers happen to give the range's order elsewhere ("2 Tabletten an Tag 5"):
    # a dash or colon between two numbers is a range or ratio whatever the words around it
    ("Take 2-5 tablets on day 5, then 2 more.", "Nehmen Sie 5–2 Tabletten an Tag 5, dann 2 weitere.", "de",
     "'5–2' reverses the source's '2-5'"),
    ("Take 2-5 tablets on day 5, then 2 more.", "Nehmen Sie an Tag 5 dann 2 weitere, 2–5 Tabletten.", "de", None),
    ("2 to 5 days, on day 5 take 2", "第5天服用2片，2～5天", "zh_Hans", None),
    ("2 to 5 days, on day 5 take 2", "5～2天，第5天服用2片", "zh_Hans", "'5～2' reverses the source's '2 to 5'"),
    # a slash joins a pair too (a blood pressure, a fraction): "80/120" was only a number-order warning
    ("a blood pressure of 120/80 mmHg", "ein Blutdruck von 80/120 mmHg", "de", "'80/120' reverses the source's '120/80'"),
    ("take 1/2 tablet", "prenez 2/1 comprimé", "fr", "'2/1' reverses the source's '1/2'"),
    ("a blood pressure of 120/80 mmHg", "血压120/80毫米汞柱", "zh_Hans", None),
    # a range reversed in words where the source has the two numbers two apart ("5 mg or 3 mg, then 2-5")
    ("Take 5 mg or 3 mg, then 2-5 tablets.", "Nehmen Sie 5 mg oder 3 mg, dann 5 bis 2 Tabletten.", "de",
     "'5 bis 2' reverses the source's '2-5'"),
    ("2-5 years and 50-70 kg", "2–5 Jahre und 70–50 kg", "de", "'70–50' reverses the source's '50-70'"),  # the second
    # the author's "1.000" is a thousand (the English rule), also when the check is called without a source locale
    ("between 1.000 and 5.000 people", "zwischen 5.000 und 1.000 Menschen", "de",
     "'5.000 und 1.000' reverses the source's '1.000 and 5.000'"),
])
def test_reversed_ranges_ratios_and_pairs(source, translation, locale, reversed_):
    assert numbers.reversed_pair(source, translation, locale) == reversed_


def test_other_reordering_is_a_warning_but_a_range_moving_past_a_number_is_word_order():
    assert numbers.reordered("Take 5 mg in the morning and 10 mg at night.",
                             "Abends 10 mg und morgens 5 mg.", "de") == \
        "numbers in another order than in the source: 5, 10 → 10, 5"
    assert numbers.reordered("7-6 individuals out of 100,000", "100,000 में से 7-6 व्यक्ति", "hi") is None
    # the range moves past its neighbour after two single numbers that kept their places
    assert numbers.reordered("On day 1, take 2 tablets; 7-6 individuals out of 100,000 react.",
                             "दिन 1 को 2 गोलियाँ लें; 100,000 में से 7-6 व्यक्तियों में प्रतिक्रिया होती है।", "hi") is None


@pytest.mark.parametrize("source, translation, locale, reordered", [
    # decimal commas are read the locale's way
    ("Take 0.5 mg in the morning and 1.5 mg at night.", "Abends 1,5 mg und morgens 0,5 mg.", "de", "0.5, 1.5 → 1.5, 0.5"),
    # a number the source spells as a word ("one", "five") is extra in the translation, once
    ("Take one tablet of 5 mg in the morning and 10 mg at night.", "Abends 10 mg und morgens 1 Tablette zu 5 mg.",
     "de", "5, 10 → 10, 5"),
    ("Take five tablets of 5 mg, then 10 mg.", "Nehmen Sie danach 10 mg, vorher 5 Tabletten zu 5 mg.", "de",
     "5, 10 → 10, 5"),
    ("Take 5 mg, then 5 mg again, then 10 mg.", "Nehmen Sie 10 mg, dann 5 mg und wieder 5 mg.", "de",
     "5, 5, 10 → 10, 5, 5"),  # a value the source gives twice
    ("In 2 of 100.000 cases, take 5 mg.", "Nehmen Sie 5 mg in 2 von 100.000 Fällen.", "de",
     "2, 100000, 5 → 5, 2, 100000"),  # the author's "100.000" is read by the English rule
])
def test_numbers_in_another_order_are_named_with_the_source_s_values(source, translation, locale, reordered):
    assert numbers.reordered(source, translation, locale) == f"numbers in another order than in the source: {reordered}"


@pytest.mark.parametrize("mark", sorted(charpolicy.NEVER_DRAWN - charpolicy.BIDI_MARKS) + [charpolicy.RLM])
def test_a_character_never_drawn_cannot_join_two_numbers_into_one(mark):
    """"5 to 10 mg" → "5<mark>10 mg" is printed "510 mg": the checks read the text as printed."""
    from brochure.checks.messages import Unit, numbers_

    locale = "ar" if mark in charpolicy.BIDI_MARKS else "de"
    assert numbers_(Unit("Take 5 to 10 mg.", f"Nehmen Sie 5{mark}10 mg.", locale)) == "missing 5, 10; not in the source: 510"
    assert numbers_(Unit("Take 5 to 10 mg.", f"Nehmen Sie 5 bis 10{mark} mg.", locale)) is None


@pytest.mark.parametrize("locale, translation, number", [
    ("ar", "تناول 1\u200f.5 ملغ يوميًا.", "1.5"),  # printed "5.1": the mark splits the number's bidi run
    ("ar", "تناول ١\u061c٥ ملغ يوميًا.", "١٥"),  # printed "٥١"
    ("he", "קחו 1\u200f.5 מ\"ג ביום.", "1.5"),
    ("fa", "روزانه ۱\u200e۰۰٬۰۰۰ نفر.", "۱۰۰٬۰۰۰"),
    ("de", "Nehmen Sie täglich 1\u200b500 mg.", "1500"),  # a line may end after "1", the next start "500 mg"
    ("de", "Nehmen Sie täglich 1\u00ad500 mg.", "1500"),
    ("de_CH", "Nehmen Sie täglich 1'\u200b500 mg.", "1'500"),  # the locale's own group sign
    ("ar", "اتصل على +41 44\u200f 123 45 67.", "+41 44 123 45 67"),  # a telephone number is a number too
    ("he", "התקשרו 044\u200f 123 45 67.", "044 123 45 67"),  # drawn "123 45 67 044": a national one too
    ("ar", "اتصل على (03)\u200f 123-4567.", "(03) 123-4567"),
])
def test_a_character_never_drawn_may_not_stand_inside_a_number(locale, translation, number):
    """The number checks read a number as printed, without the marks; but a bidi mark inside it
    reorders its digits on the page ("1<RLM>.5" is drawn "5.1" in Arabic and Hebrew) and a
    ZWSP or soft hyphen lets a line break inside it: the gate read 1.5 where a patient reads 5.1."""
    from brochure.checks.messages import Unit, characters

    mark = next(ch for ch in translation if ch in charpolicy.NEVER_DRAWN)
    assert characters(Unit("Take 1.5 mg daily.", translation, locale)) == \
        f"{charpolicy.name(mark)} inside the number {number!r}: a character that is never drawn has no place " \
        "in it (a bidi mark prints its parts in another order, a break hint lets a line end inside it)"
    assert characters(Unit("Take 1.5 mg daily.", translation.replace(mark, ""), locale)) is None


@pytest.mark.parametrize("translation, address", [
    ("راجع https://clinic\u200f.example/als للمزيد.", "https://clinic.example/als"),  # drawn "example/als.https://clinic"
    ("اكتب إلى info\u200f@clinic.example.", "info@clinic.example"),  # drawn "clinic.example@info"
    ("راجع https://clinic.example/als\u200f.", None),  # a mark after the address, before the full stop
])
def test_a_character_never_drawn_may_not_stand_inside_an_address(translation, address):
    """The urls check compares an address without the marks, but an RLM inside one reorders its
    parts on an Arabic page: the reader copies another address than the one compared."""
    from brochure.checks.messages import Unit, characters

    found = characters(Unit("See https://clinic.example/als or write to info@clinic.example.", translation, "ar"))
    assert found == (None if address is None else f"U+200F RIGHT-TO-LEFT MARK inside the address {address!r}: a "
                     "character that is never drawn has no place in it (a bidi mark prints its parts in another "
                     "order, a break hint lets a line end inside it)")


def test_emphasis_markers_cannot_join_two_numbers_into_one():
    """The markers are not printed: "**Hinweis: 1**5" is drawn "Hinweis: 15" (the 1 bold), and the
    source's one bold span keeps the markup check quiet; the number checks read 1 and 5."""
    from brochure.checks.messages import Unit, characters, numbers_

    source = "**Note:** take 1 or 5 tablets."
    assert numbers_(Unit(source, "**Hinweis:** 1 oder 5 Tabletten nehmen.", "de")) is None
    assert numbers_(Unit(source, "**Hinweis: 1**5 Tabletten nehmen.", "de")) == "missing 1, 5; not in the source: 15"
    assert characters(Unit(source, "**Hinweis: 1**\u200b5 Tabletten.", "de")).startswith(
        "U+200B ZERO WIDTH SPACE inside the number '15'")


@pytest.mark.parametrize("translation, problem", [
    ("Nehmen Sie 5½ bis 10 mg.", "not in the source: ½"), ("Nehmen Sie 5 bis 10² mg.", "not in the source: ²"),
    ("Nehmen Sie 5 bis 10 mg ①.", "not in the source: ①"), ("Nehmen Sie Ⅴ bis 10 mg.", "missing 5; not in the source: Ⅴ"),
])
def test_number_signs_that_are_not_digits_must_be_the_source_s(translation, problem):
    from brochure.checks.messages import Unit, numbers_

    assert numbers_(Unit("Take 5 to 10 mg.", translation, "de")) == problem


@pytest.mark.parametrize("source, translation, problem", [
    ("Store at 2–8 °C.", "Bei −2–8 °C lagern.", "not in the source: −2"),
    ("A fall of -5 points.", "Ein Abfall um 5 Punkte.", "missing -5"),
    ("Take 5 mg.", "Nehmen Sie +5 mg.", "not in the source: +5"),
    ("A fall of -5 points.", "Ein Abfall um −5 Punkte.", None),  # U+2212 for the hyphen: the same sign
    ("Ages 2 - 5.", "Alter 2–5.", None),  # a spaced hyphen between two numbers is a range
    ("Ages 2 -5.", "Alter 2–5.", None),  # ... and one glued to the second number only
    ("-5 points or less.", "5 Punkte oder weniger.", "missing -5"),  # a sign at the very start
    ("< 5 mg a day.", "> 5 mg täglich.", "missing < 5; not in the source: > 5"),  # a comparison at the start
    # characters drawn as a minus or plus sign are one: U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, superscripts…
    ("Store at 5 °C.", "Bei \u20105 °C lagern.", "not in the source: \u20105"),
    ("Store at 5 °C.", "Bei \u20115 °C lagern.", "not in the source: \u20115"),
    ("Store at 5 °C.", "Bei \u207b5 °C lagern.", "not in the source: \u207b5"),
    ("Take 5 mg.", "Nehmen Sie \u27955 mg.", "not in the source: \u27955"),
    ("A fall of -5 points.", "Ein Abfall um \u20115 Punkte.", None),
    # a comparison on a number is its sign too, glued or spaced: "<38 °C" → ">38 °C" passed
    ("Call if above 38 °C (>38 °C).", "Anrufen bei über 38 °C (<38 °C).", "missing >38; not in the source: <38"),
    ("Less than 5 mg (< 5 mg).", "Weniger als 5 mg (> 5 mg).", "missing < 5; not in the source: > 5"),
    ("Below 5 mg (<5 mg).", "Unter 5 mg (≤5 mg).", "missing <5; not in the source: ≤5"),
    ("Below 5 mg (<5 mg).", "Unter 5 mg (< 5 mg).", None),
    ("Call if above 38 °C (> 38 °C).", "Anrufen bei über 38 °C (< 38 °C).", "missing > 38; not in the source: < 38"),
    ("Ages 2 -5, store at 8 °C.", "Alter 2 -5, bei −8 °C lagern.", "not in the source: −8"),  # after a range
    ("Grade 5 (2 to 4 points).", "Stufe 5 (−2 bis 4 Punkte).", "not in the source: −2"),  # a bracket after a number
    # after an opening quotation mark: « (Pi) and » (Pf, German »…«) open a quotation as „ (Ps) does
    ("Store at 2–8 °C.", "Bei «−2–8 °C» lagern.", "not in the source: −2"),
    ("Store at 2–8 °C.", "Bei »−2–8 °C« lagern.", "not in the source: −2"),
    ("Store at 2–8 °C.", "Bei „−2–8 °C“ lagern.", "not in the source: −2"),
    # a comparison on a signed number is part of its sign: "≤ −2.5" → "≥ −2,5" passed (one sign a number)
    ("A T-score of ≤ −2.5.", "Ein T-Wert von ≥ −2,5.", "missing ≤ −2.5; not in the source: ≥ −2,5"),
    ("A T-score of ≤−2.5.", "Ein T-Wert von ≥−2,5.", "missing ≤−2.5; not in the source: ≥−2,5"),
    ("Store below −5 °C (<−5 °C).", "Unter −5 °C lagern (<+5 °C).", "missing <−5; not in the source: <+5"),
    ("A T-score of ≤−2.5.", "Ein T-Wert von ≤ −2,5.", None),
])
def test_a_sign_on_a_number_must_be_the_source_s(source, translation, problem):
    from brochure.checks.messages import Unit, numbers_

    assert numbers_(Unit(source, translation, "de")) == problem


@pytest.mark.parametrize("translation, locale, problem", [
    ("在−2–8 °C下保存。", "zh_Hans", "not in the source: −2"),  # no space before a sign in Chinese, Japanese, Thai
    ("ที่อุณหภูมิ−2–8 °C", "th", "not in the source: −2"),
    ("保存温度（−2～8℃）。", "ja", "not in the source: −2"),  # after a full-width bracket
    ("在2–8 °C下保存。", "zh_Hans", None),
    ("בין 2 ל-8 °C.", "he", None),  # a Hebrew prefix with a hyphen: no sign
])
def test_a_sign_glued_to_text_written_without_spaces_is_a_sign(translation, locale, problem):
    """A sign counted only after a space, a bracket or the start: Chinese and Thai put none
    before it, so "在−2–8 °C" (a negative temperature) passed for "2–8 °C"."""
    from brochure.checks.messages import Unit, numbers_

    assert numbers_(Unit("Store at 2–8 °C.", translation, locale)) == problem


@pytest.mark.parametrize("source, translation, locale, problem", [
    ("Take 10 mg daily.", "Nehmen Sie täglich 10 g.", "de", "'10 g' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "Nehmen Sie täglich 10 µg.", "de", "'10 µg' where the source has '10 mg': the unit changed"),
    ("Store at 8 °C.", "Bei 8 °F lagern.", "de", "'8 °F' where the source has '8 °C': the unit changed"),
    ("In 10% of patients.", "Bei 10 ‰ der Patienten.", "de", "'10 ‰' where the source has '10%': the unit changed"),
    ("Take 10 mcg daily.", "Nehmen Sie täglich 10 µg.", "de", None),  # one unit, two spellings
    ("Give 5 ml.", "Geben Sie 5 mL.", "de", None),
    ("In 10% of patients.", "Environ 10 % des patients.", "fr", None),
    ("Take 10 mg daily.", "Примите 10 мг в день.", "ru", None),  # the same unit in Cyrillic symbols
    # other scripts' symbols of a unit are that unit: a thousandfold dose in Russian, Chinese (no
    # space before or after the unit), Hebrew, Arabic, Hindi, Thai was not compared
    ("Take 10 mg daily.", "Примите 10 г в день.", "ru", "'10 г' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "每天服用10克。", "zh_Hans", "'10克' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "每天服用10毫克的药。", "zh_Hans", None),
    ("Take 10 mg daily.", "קחו 10 ק״ג ביום.", "he", "'10 ק״ג' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", 'קחו 10 מ"ג ביום.', "he", None),
    ("Take 10 mg daily.", "تناول 10 غ يوميًا.", "ar", "'10 غ' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "रोज़ 10 ग्रा. लें।", "hi", "'10 ग्रा.' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "ทาน 10 กก. ทุกวัน", "th", "'10 กก.' where the source has '10 mg': the unit changed"),
    ("Wait 10 min.", "Подождите 10 ч.", "ru", "'10 ч' where the source has '10 min': the unit changed"),
    ("Measure 120 mmHg.", "Измерьте 120 мм рт. ст.", "ru", None),
    ("In 2010, take 10 mg.", "В 2010 г. примите 10 мг.", "ru", None),  # "г." for a year: the source has no unit there
    ("About 15 min.", "Około 15 minut.", "pl", None),  # a word, not the symbol "min"
    # compatibility characters are the units they stand for (CJK squares, full-width letters, ℃ ℉ ％),
    # and so are the Arabic percent and per mille signs: a thousandfold or tenfold change passed
    ("Take 10 mg daily.", "毎日10㎏を服用。", "ja", "'10㎏' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "毎日10ｇを服用。", "ja", "'10ｇ' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "毎日10㎎を服用。", "ja", None),
    ("Take 10 mg daily.", "毎日10gを服用。", "ja", "'10g' where the source has '10 mg': the unit changed"),  # kana after it
    ("Store at 8 °C.", "在8℉下保存。", "zh_Hans", "'8℉' where the source has '8 °C': the unit changed"),
    ("Store at 8 °C.", "在8℃下保存。", "zh_Hans", None),
    ("In 10% of patients.", "在10‱的患者中。", "zh_Hans", "'10‱' where the source has '10%': the unit changed"),
    ("In 10% of patients.", "在10％的患者中。", "zh_Hans", None),
    ("In 10% of patients.", "لدى ١٠؉ من المرضى.", "ar", "'١٠؉' where the source has '10%': the unit changed"),
    ("In 10% of patients.", "لدى ١٠٪ من المرضى.", "ar", None),
    # unit words that do not inflect after a number, as symbols: Persian, Bengali, Thai, Korean, Chinese (Taiwan)
    ("Take 10 mg daily.", "روزانه ۱۰ گرم مصرف کنید.", "fa", "'۱۰ گرم' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "روزانه ۱۰ میلی‌گرم مصرف کنید.", "fa", None),
    ("Take 10 mg daily.", "প্রতিদিন ১০ গ্রাম নিন।", "bn", "'১০ গ্রাম' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "প্রতিদিন ১০ মি.গ্রা. নিন।", "bn", None),
    ("Take 10 mg daily.", "ทาน 10 กรัม ทุกวัน", "th", "'10 กรัม' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "매일 10그램을 복용하세요.", "ko", "'10그램' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "每天服用10公克。", "zh_Hans", "'10公克' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "ਰੋਜ਼ਾਨਾ 10 ਗ੍ਰਾਮ ਲਓ।", "pa", "'10 ਗ੍ਰਾਮ' where the source has '10 mg': the unit changed"),
    ("Take 10 mg daily.", "தினமும் 10 கிராம் எடுங்கள்.", "ta", "'10 கிராம்' where the source has '10 mg': the unit changed"),
    # a degree sign written with a look-alike (the ordinal indicator º, the ring ˚) or apart from its letter
    ("Store at 8 °C.", "Bei 8 ° F lagern.", "de", "'8 ° F' where the source has '8 °C': the unit changed"),
    ("Store at 8 °C.", "Conservar a 8 ºF.", "es", "'8 ºF' where the source has '8 °C': the unit changed"),
    ("Store at 8 °C.", "Bei 8˚F lagern.", "de", "'8˚F' where the source has '8 °C': the unit changed"),
    ("Store at 8 °C.", "Conservar a 8 ºC.", "es", None),
    # a percent sign before its number, as Turkish writes it, is its unit too
    ("In 10% of patients.", "Hastaların ‰10'unda.", "tr", "'‰10' where the source has '10%': the unit changed"),
    ("In 10% of patients.", "Hastaların %10'unda.", "tr", None),
    # ASCII spellings that were not known: ug (µg), cg, cl
    ("Take 10 mg daily.", "Nehmen Sie täglich 10 ug.", "de", "'10 ug' where the source has '10 mg': the unit changed"),
    ("Take 10 mcg daily.", "Nehmen Sie täglich 10 ug.", "de", None),
    ("Take 10 mg daily.", "Nehmen Sie täglich 10 cg.", "de", "'10 cg' where the source has '10 mg': the unit changed"),
    ("Give 10 ml.", "Geben Sie 10 cl.", "de", "'10 cl' where the source has '10 ml': the unit changed"),
    # a value the source writes more than once, with one unit or two
    ("Take 10 mg in the morning and 10 mg at night.", "Nehmen Sie morgens 10 mg und abends 10 g.", "de",
     "'10 g' where the source has '10 mg': the unit changed"),
    ("Mix 10 mg of the powder with 10 g of sugar.", "Mischen Sie 10 g des Pulvers mit 10 g Zucker.", "de",
     "'10 g' where the source has '10 mg': the unit changed"),
    ("Take 10 mg in the morning and 10 mg at night with 10 g of food.",
     "Nehmen Sie morgens 10 mg und abends 10 mg mit 10 g Nahrung.", "de", None),
    ("Take 2.5 mg daily.", "Nehmen Sie täglich 2,5 g.", "de", "'2,5 g' where the source has '2.5 mg': the unit changed"),
    ("On day 2, take 10 mg.", "Am Tag 2 nehmen Sie 10 g.", "de", "'10 g' where the source has '10 mg': the unit changed"),
    # a number at the start without a symbol has none (the text's last character is not before it)
    ("Take 2 mg daily: effective in 90%", "2 Milligramm täglich einnehmen: wirksam bei 90 %", "de", None),
    ("In 10% of patients.", "لدى ٪١٠ من المرضى.", "ar", None),  # the Arabic percent sign before its number
])
def test_a_unit_symbol_written_with_a_number_must_be_the_source_s(source, translation, locale, problem):
    from brochure.checks.messages import Unit, numbers_

    assert numbers_(Unit(source, translation, locale)) == problem


@pytest.mark.parametrize("text", [
    "Web: https://clinic.example/als", "Web: https://clinic.example«»@evil.example/", "Tel. 0123 xhttps://evil.example",
    "E-Mail: info@clinic.example, https://clinic.example/als", "Doe, J. doi:10.1234/paper.1.", "mailto:info@clinic.example",
    "https://clinic\u200b.example\u00ad.evil.example", "«https://clinic.example/als».", "www.clinic.example",
])
def test_a_link_is_always_an_address_the_urls_check_compares(text):
    """The back cover links the first address of a contact line; the urls check compares the
    translation's addresses with the source's. The link must be one of those addresses, or a
    translation could send a reader elsewhere with the check's consent."""
    from brochure.checks.messages import _printed
    from brochure.tagging import link_target

    compared = numbers.links(_printed(text))
    uri = link_target(text)
    if uri is not None:
        address = uri.removeprefix("mailto:").removeprefix("https://doi.org/")
        assert uri in compared or address in compared or f"doi:{address}" in compared, (uri, compared)


# ------------------------------------------------------------------ character policy, unit level

@pytest.mark.parametrize("char, rtl, allowed", [
    ("\u200e", True, True), ("\u200f", True, True), ("\u061c", True, True), ("\u200f", False, False),
    ("\u202a", True, False), ("\u202e", False, False), ("\u2066", True, False), ("\u2069", False, False),
    ("\ufffe", False, False), ("\U0010ffff", False, False), ("\ue000", False, False), ("\x07", False, False),
    ("\x85", False, False), ("\u0378", False, False), ("\u2028", False, False), ("\ufeff", False, False),
    ("\u00ad", False, True), ("\u200b", False, True), ("\u200c", True, True), ("\u200d", False, True),
    ("\t", False, True), ("é", False, True),
])
def test_the_character_policy(char, rtl, allowed):
    found = charpolicy.first_problem(f"a{char}b", rtl)
    assert (found is None) == allowed
    if found:
        assert found[1].startswith(f"U+{ord(char):04X} ")


def test_never_drawn_characters_are_removed_before_drawing_and_joiners_kept_for_shaping():
    assert charpolicy.undrawn("a\u00adb\u200bc\u200ed\u200de") == "abcde"
    assert charpolicy.undrawn("क्\u200dष", charpolicy.JOINERS) == "क्\u200dष"


@pytest.mark.parametrize("written, printed", [
    ("fu\u0308r", "für"), ("Vie\u0323\u0302t", "Việt"), ("\u1112\u1161\u11ab", "한"),  # NFD Hangul: jamo
    ("\ufa10\u304b\u3099", "\ufa10が"),  # a compatibility ideograph as written, the rest composed
    ("\U0002f800\u0307a\u0308", "\U0002f800\u0307ä"), ("\uf900\uf901", "\uf900\uf901"),
    ("für", "für"), ("क़", "क\u093c"),  # NFC: U+0958 is a composition exclusion
])
def test_a_printed_string_is_composed_except_cjk_compatibility_ideographs(written, printed):
    assert charpolicy.composed(written) == printed


@pytest.mark.parametrize("label", ["Seite {page:d} von {pages}", "Seite {page:.3} von {pages}",
                                   "Seite {page:s} von {pages}", "Seite {page!r} von {pages}",
                                   "Seite {page:>1000000000} von {pages}", "Seite {page} von {pages}}"])
def test_label_placeholders_accept_only_bare_names(label):
    from brochure.checks.messages import Unit, placeholders

    assert placeholders(Unit("Page {page} of {pages}", label, "de")).startswith("broken placeholder: ")


# ------------------------------------------------------------------ caps, arguments, last resort

def test_oversized_inputs_are_refused_before_they_are_read(mini_project, capsys):
    root = mini_project.root
    layout = root / "layouts" / "a4-leaflet.yaml"
    with open(layout, "ab") as fh:  # sparse: nothing is written, nothing may be read
        fh.truncate(50_000_000)
    assert main(["--project", str(root), "build", "--locale", "en"]) == 1
    assert "layouts/a4-leaflet.yaml: file is larger than 256,000 bytes; refusing to read it" in capsys.readouterr().err
    source = next((root / "source").glob("*.md"))
    with open(source, "ab") as fh:
        fh.truncate(5_000_000)
    assert main(["--project", str(root), "check"]) == 1
    assert "source/mini.md: file is larger than 1,000,000 bytes; refusing to read it" in capsys.readouterr().err


def test_a_huge_icc_profile_is_refused_by_its_size(tmp_path):
    from brochure.layouts import load_layout

    shutil.copytree(REPO / "layouts", tmp_path / "layouts")
    with open(tmp_path / "layouts/icc/ISOcoated_v2_300_bas.icc", "ab") as fh:
        fh.truncate(200_000_000)
    shown = "layouts/a5-booklet.yaml"
    line = (REPO / shown).read_text(encoding="utf-8").splitlines().index("  profile: icc/ISOcoated_v2_300_bas.icc") + 1
    # the layout's own error at the profile's key, not whatever reading 200 MB would raise
    assert_refused(lambda: load_layout(tmp_path / shown, shown), shown, line,
                   "output_intent.profile: icc/ISOcoated_v2_300_bas.icc is larger than 16,000,000 bytes")


@pytest.mark.parametrize("argv", [["build", "--locale", "x" * 5000], ["build", "--locale", "../../etc"],
                                  ["build", "--layout", "../secret"], ["check", "--locale", "de/../../x"],
                                  ["proof", "--layout", "a" * 100]])
def test_locale_and_layout_values_are_validated_before_the_filesystem(mini_project, capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(["--project", str(mini_project.root), *argv])
    assert info.value.code == 2
    assert "is not a" in capsys.readouterr().err


def test_the_last_resort_handler_turns_a_bug_into_one_line(mini_project, capsys, monkeypatch):
    import brochure.cli as cli

    def broken(project, args):
        raise ZeroDivisionError("a bug\nover two lines")

    monkeypatch.setitem(cli._COMMANDS, "stats", broken)
    assert main(["--project", str(mini_project.root), "stats"]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.startswith("internal error (ZeroDivisionError: a bug over two lines at cli.py:") and "please report" in err
    assert err.count("\n") == 1


def test_check_counts_an_unreadable_catalog_and_json_stdout_is_only_json(mini_project, capsys):
    import json

    shutil.copy(FIXTURES / "po" / "duplicate-entry.po", mini_project.root / "locales/de/LC_MESSAGES/mini.po")
    assert main(["--project", str(mini_project.root), "check", "--json", "-"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # nothing but JSON on stdout
    assert data["errors"] == 1 and data["findings"][-1]["check"] == "catalog"
    assert "1 error(s)" in captured.err


@pytest.mark.parametrize("kind, name", [
    ("layouts", "top-level-scalar.yaml"), ("layouts", "top-level-list.yaml"), ("layouts", "top-level-tag.yaml"),
    ("layouts", "deep-nesting.yaml"), ("layouts", "alias.yaml"),
    ("source", "front-matter-deep.md"), ("source", "front-matter-alias.md")])
def test_the_yaml_shapes_that_crashed_are_refused_through_the_command_line(mini_project, capsys, kind, name):
    root = mini_project.root
    target = root / "layouts" / "a4-leaflet.yaml" if kind == "layouts" else root / "source" / "mini.md"
    shutil.copy(FIXTURES / kind / name, target)
    assert main(["--project", str(root), "build", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{kind}/{target.name}:" in err
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["isolate-in-arabic.po", "noncharacter-in-arabic.po", "right-to-left-override.po"])
def test_the_proof_shows_a_refused_character_by_its_code_instead_of_crashing(project, capsys, name):
    locale = REFUSED[name][0]
    po = project.po_path("als-stem-cells", locale)
    shutil.copy(SAFETY / name, po)
    try:
        assert main(["--project", str(project.root), "proof", "--locale", locale]) == 0
        assert "internal error" not in capsys.readouterr().err
        text = "".join(p.extract_text() for p in PdfReader(project.proof_path("als-stem-cells", locale)).pages)
        assert "error[characters]" in text and "[U+" in text
    finally:
        shutil.copy(REPO / f"locales/{locale}/LC_MESSAGES/als-stem-cells.po", po)


def _check_de_with(project, capsys, *edits: tuple[str, str]) -> tuple[int, str]:
    """``check --locale de`` of the mini project after putting each ``(before, insertion)``."""
    po = project.root / "locales/de/LC_MESSAGES/mini.po"
    text = po.read_text(encoding="utf-8")
    for before, insertion in edits:
        text = text.replace(before, insertion + before, 1)
    po.write_text(text, encoding="utf-8")
    code = main(["--project", str(project.root), "check", "--locale", "de"])
    return code, capsys.readouterr().out


# a waiver above the header, or written as an extracted '#.' comment (which update replaces),
# was ignored without a word: the error stayed and nothing said why
def test_a_waiver_in_the_wrong_place_is_reported(mini_project, capsys):
    code, out = _check_de_with(mini_project, capsys,
                               ('msgid ""\nmsgstr ""\n', "# waive numbers: the author means it — A. B.\n"),
                               ('msgctxt "heading"', "#. waive numbers: the author means it — A. B.\n"))
    assert code == 0
    assert ("mini.po:5: warning[waiver]: a waiver above the header waives nothing; put it right above the "
            "entry it is for") in out
    assert ("mini.po:37: warning[waiver]: a waiver must be a translator comment ('# waive …'), not '#.', "
            "which update replaces") in out


def test_a_malformed_or_unused_waiver_is_reported_at_its_entry(mini_project, capsys):
    code, out = _check_de_with(mini_project, capsys,
                               ('msgctxt "title"', "# waive glyphs: the font will be fixed — A. B.\n"),
                               ('msgctxt "heading"', "# waive numbers: nothing to waive — A. B.\n"))
    assert code == 1
    assert "mini.po:23: error[waiver]: 'glyphs' cannot be waived" in out
    assert "mini.po:37: warning[waiver]: waiver for 'numbers' but that check finds nothing here; remove it" in out
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 1  # the gate agrees
