"""The glyph gate, seen from `build`: a character that the face drawing it lacks fails the
locale with `path:line: U+XXXX NAME is not in FONT` (or names the string the layout adds)
before anything is drawn, and the other locales still build.

Each test takes one character out of a copy of one face of the project's fonts, in a string where
only that face or that kind of string has it, so that the gate's check of that face or
string, and nothing else, stands between the missing glyph and a silently broken PDF.
"""

import pytest
from fontTools.ttLib import TTFont

from brochure.cli import main

PO = "locales/de/LC_MESSAGES/brochure.po"


def _drop(project, font: str, *chars: str) -> str:
    """A copy of ``fonts/<font>`` without ``chars`` in its cmap, under a file and PostScript
    name of its own (ReportLab registers a face once per process, by name), that fonts.yaml
    now gives in place of ``font``. Returns the file name."""
    fonts = project.root / "fonts"
    name = f"{font[:-4]}-{project.root.parent.name}.ttf"
    ttf = TTFont(fonts / font)
    for table in ttf["cmap"].tables:
        for ch in chars:
            table.cmap.pop(ord(ch), None)
    for record in ttf["name"].names:
        if record.nameID == 6:  # ReportLab also registers the face under its PostScript name
            record.string = name[:-4]
    ttf.save(fonts / name)
    config = fonts / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f" {font}\n", f" {name}\n"), encoding="utf-8")
    return name


def _build(project, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--project", str(project.root), "build", "-j", "1", *args])
    return code, capsys.readouterr().err


def _line_of(project, path: str, text: str) -> int:
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_bold_face_is_checked(mini_project, capsys):
    """'Ü' is only in headings of the German catalog ('Über diese Broschüre'): the regular
    face has it, the bold one no longer."""
    font = _drop(mini_project, "NotoSans-Bold.ttf", "Ü")
    code, err = _build(mini_project, capsys)
    line = _line_of(mini_project, PO, '"Über diese Broschüre"')
    assert code == 1
    assert f"{PO}:{line}: U+00DC LATIN CAPITAL LETTER U WITH DIAERESIS is not in {font}" in err
    assert not mini_project.pdf_path("de", "a4-leaflet").exists()
    assert mini_project.pdf_path("en", "a4-leaflet").exists()


def test_references_are_checked(mini_project, capsys):
    """'J' is only in the references ('Doe, J.', 'Journal'), printed verbatim in every locale."""
    font = _drop(mini_project, "NotoSans-Regular.ttf", "J")
    code, err = _build(mini_project, capsys)
    line = _line_of(mini_project, "source/mini.md", "1. Doe, J.")
    assert code == 1
    message = f"source/mini.md:{line}: U+004A LATIN CAPITAL LETTER J is not in {font}"
    assert message in err
    assert not any(mini_project.pdf_path(ll, "a4-leaflet").exists() for ll in ("en", "de"))


def test_the_cldr_date_is_checked(mini_project, capsys):
    """The German date is '4. März 2025': no other German string has an 'ä'."""
    font = _drop(mini_project, "NotoSans-Regular.ttf", "ä")
    code, err = _build(mini_project, capsys)
    assert code == 1
    assert "the publication date (CLDR format): U+00E4 LATIN SMALL LETTER A WITH DIAERESIS " \
           f"is not in {font}" in err
    assert not mini_project.pdf_path("de", "a4-leaflet").exists()
    assert mini_project.pdf_path("en", "a4-leaflet").exists()


def test_the_language_name_is_checked(mini_project, capsys):
    """A copy of the German catalog declared Icelandic: the language's own name, 'íslenska',
    is the only string with an 'í'."""
    german = (mini_project.root / PO).read_text(encoding="utf-8")
    target = mini_project.root / "locales" / "is" / "LC_MESSAGES" / "brochure.po"
    target.parent.mkdir(parents=True)
    target.write_text(german.replace('"Language: de\\n"', '"Language: is\\n"'), encoding="utf-8")
    font = _drop(mini_project, "NotoSans-Regular.ttf", "í")
    code, err = _build(mini_project, capsys, "--locale", "is", "de")
    assert code == 1
    assert f"the language name (CLDR): U+00ED LATIN SMALL LETTER I WITH ACUTE is not in {font}" in err
    assert not mini_project.pdf_path("is", "a4-leaflet").exists()
    assert mini_project.pdf_path("de", "a4-leaflet").exists()


def test_the_layouts_decorations_are_checked(mini_project, capsys):
    """The bullet of the list is drawn by the layout, not taken from any string."""
    font = _drop(mini_project, "NotoSans-Regular.ttf", "\u2022")
    code, err = _build(mini_project, capsys)
    assert code == 1
    assert f"decorations drawn by the layout: U+2022 BULLET is not in {font}" in err


def test_arabic_joined_forms_are_checked(real_project, capsys):
    """Arabic words with digits or Latin letters are drawn from their joined presentation
    forms (U+FExx), not shaped from the letters: those forms must be in the face too."""
    font = _drop(real_project, "BrochureArabic-Regular.ttf", "\ufedf")  # LAM INITIAL FORM
    code, err = _build(real_project, capsys, "--locale", "ar", "he", "--layout", "a4-leaflet")
    assert code == 1
    assert "locales/ar/LC_MESSAGES/brochure.po:" in err
    assert f"U+FEDF ARABIC LETTER LAM INITIAL FORM is not in {font}" in err
    assert not real_project.pdf_path("ar", "a4-leaflet").exists()
    assert real_project.pdf_path("he", "a4-leaflet").exists()


def test_the_source_languages_name_in_labels_is_checked(mini_project, capsys):
    """A copy of the German catalog declared Turkish: English is 'İngilizce' there, printed
    only through the {language} of a colophon label; no other string has an 'İ'."""
    german = (mini_project.root / PO).read_text(encoding="utf-8")
    target = mini_project.root / "locales" / "tr" / "LC_MESSAGES" / "brochure.po"
    target.parent.mkdir(parents=True)
    target.write_text(german.replace('"Language: de\\n"', '"Language: tr\\n"'), encoding="utf-8")
    font = _drop(mini_project, "NotoSans-Regular.ttf", "İ")
    code, err = _build(mini_project, capsys, "--locale", "tr")
    line = _line_of(mini_project, "locales/tr/LC_MESSAGES/brochure.po", '"Noch nicht übersetzte Passagen sind auf {language} gedruckt."')
    assert code == 1
    assert f"locales/tr/LC_MESSAGES/brochure.po:{line}: U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE " \
           f"is not in {font}" in err


@pytest.mark.parametrize("key, value, what", [
    ("organisation", "Test Clinic \u263a", "the organisation (front matter)"),
    ("document_code", "TC-01\u263a", "the document code and version (front matter)"),
])
def test_the_front_matter_is_checked(mini_project, capsys, key, value, what):
    source = mini_project.root / "source" / "mini.md"
    text = source.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
    source.write_text(text.replace(old, f'{key}: "{value}"'), encoding="utf-8")
    code, err = _build(mini_project, capsys, "--locale", "en")
    assert code == 1
    assert f"{what}: U+263A WHITE SMILING FACE is not in NotoSans-Regular.ttf" in err


def test_each_emphasis_is_drawn_in_its_own_face(mini_project, capsys):
    """The faces the gate prepares are the faces the PDF draws with: *italic* in the italic
    face, emphasis nested in emphasis in the bold italic one (not silently the bold)."""
    from pdfread import fonts

    source = mini_project.root / "source" / "mini.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("## First section", "A **bold *and italic* claim**.\n\n## First section"),
                      encoding="utf-8")
    assert _build(mini_project, capsys, "--locale", "en")[0] == 0
    faces = {name.split("+")[-1] for name in fonts(mini_project.pdf_path("en", "a4-leaflet"))}
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"} <= faces
