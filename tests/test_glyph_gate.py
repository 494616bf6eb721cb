"""The glyph gate, seen from `build`: a character that the face drawing it lacks fails the
locale with `path:line: U+XXXX NAME is not in FONT` (or names the string the layout adds)
before anything is drawn, and the other locales still build.

Each test takes one character out of one face of the project's fonts, in a string where
only that face or that kind of string has it, so that the gate's check of that face or
string, and nothing else, stands between the missing glyph and a silently broken PDF.
"""

import subprocess
import sys

from fontTools.ttLib import TTFont

from conftest import REPO

PO = "locales/de/LC_MESSAGES/brochure.po"


def _drop(project, font: str, *chars: str) -> None:
    """Unmap ``chars`` from ``fonts/<font>`` in the project's copy of the fonts."""
    path = project.root / "fonts" / font
    ttf = TTFont(path)
    for table in ttf["cmap"].tables:
        for ch in chars:
            table.cmap.pop(ord(ch), None)
    ttf.save(path)


def _build(project, *args) -> tuple[int, str]:
    """A fresh process: ReportLab registers a face once per process under its file's name,
    so the altered copy must not meet the shipped face registered by another test."""
    run = subprocess.run([sys.executable, str(REPO / "make_brochure.py"), "--project", str(project.root),
                          "build", "-j", "1", *args], capture_output=True, text=True, cwd=REPO, timeout=300)
    return run.returncode, run.stderr


def _line_of(project, path: str, text: str) -> int:
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_bold_face_is_checked(mini_project):
    """'Ü' is only in headings of the German catalog ('Über diese Broschüre'): the regular
    face has it, the bold one no longer."""
    _drop(mini_project, "NotoSans-Bold.ttf", "Ü")
    code, err = _build(mini_project)
    line = _line_of(mini_project, PO, '"Über diese Broschüre"')
    assert code == 1
    assert f"{PO}:{line}: U+00DC LATIN CAPITAL LETTER U WITH DIAERESIS is not in NotoSans-Bold.ttf" in err
    assert not mini_project.pdf_path("de", "a4-leaflet").exists()
    assert mini_project.pdf_path("en", "a4-leaflet").exists()


def test_references_are_checked(mini_project):
    """'J' is only in the references ('Doe, J.', 'Journal'), printed verbatim in every locale."""
    _drop(mini_project, "NotoSans-Regular.ttf", "J")
    code, err = _build(mini_project)
    line = _line_of(mini_project, "source/mini.md", "1. Doe, J.")
    assert code == 1
    message = f"source/mini.md:{line}: U+004A LATIN CAPITAL LETTER J is not in NotoSans-Regular.ttf"
    assert message in err
    assert not any(mini_project.pdf_path(ll, "a4-leaflet").exists() for ll in ("en", "de"))


def test_the_cldr_date_is_checked(mini_project):
    """The German date is '4. März 2025': no other German string has an 'ä'."""
    _drop(mini_project, "NotoSans-Regular.ttf", "ä")
    code, err = _build(mini_project)
    assert code == 1
    assert "the publication date (CLDR format): U+00E4 LATIN SMALL LETTER A WITH DIAERESIS " \
           "is not in NotoSans-Regular.ttf" in err
    assert not mini_project.pdf_path("de", "a4-leaflet").exists()
    assert mini_project.pdf_path("en", "a4-leaflet").exists()


def test_the_language_name_is_checked(mini_project):
    """A copy of the German catalog declared Icelandic: the language's own name, 'íslenska',
    is the only string with an 'í'."""
    german = (mini_project.root / PO).read_text(encoding="utf-8")
    target = mini_project.root / "locales" / "is" / "LC_MESSAGES" / "brochure.po"
    target.parent.mkdir(parents=True)
    target.write_text(german.replace('"Language: de\\n"', '"Language: is\\n"'), encoding="utf-8")
    _drop(mini_project, "NotoSans-Regular.ttf", "í")
    code, err = _build(mini_project, "--locale", "is", "de")
    assert code == 1
    assert "the language name (CLDR): U+00ED LATIN SMALL LETTER I WITH ACUTE is not in NotoSans-Regular.ttf" in err
    assert not mini_project.pdf_path("is", "a4-leaflet").exists()
    assert mini_project.pdf_path("de", "a4-leaflet").exists()


def test_the_layouts_decorations_are_checked(mini_project):
    """The bullet of the list is drawn by the layout, not taken from any string."""
    _drop(mini_project, "NotoSans-Regular.ttf", "\u2022")
    code, err = _build(mini_project)
    assert code == 1
    assert "decorations drawn by the layout: U+2022 BULLET is not in NotoSans-Regular.ttf" in err


def test_arabic_joined_forms_are_checked(real_project):
    """Arabic words with digits or Latin letters are drawn from their joined presentation
    forms (U+FExx), not shaped from the letters: those forms must be in the face too."""
    _drop(real_project, "BrochureArabic-Regular.ttf", "\ufedf")  # LAM INITIAL FORM
    code, err = _build(real_project, "--locale", "ar", "he", "--layout", "a4-leaflet")
    assert code == 1
    assert "locales/ar/LC_MESSAGES/brochure.po:" in err
    assert "U+FEDF ARABIC LETTER LAM INITIAL FORM is not in BrochureArabic-Regular.ttf" in err
    assert not real_project.pdf_path("ar", "a4-leaflet").exists()
    assert real_project.pdf_path("he", "a4-leaflet").exists()
