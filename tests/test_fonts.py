"""brochure.fonts: the face ReportLab is given a name for, read only if ReportLab ever needs it."""

import subprocess
import sys

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from brochure.fonts import FaceOnDemand, load_config, resolve

from conftest import REPO

REGULAR = str(REPO / "fonts" / "NotoSans-Regular.ttf")


def test_a_build_leaves_the_face_registered_with_reportlab_unread(mini_project):
    # ReportLab draws none of the text, but registering the face made it parse the whole file
    # (15-25 ms of a one-locale build's 0.5 s) to answer a name; a fresh process, as the CLI's
    code = f"""
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace
from brochure.cli import main
assert main(["--project", {str(mini_project.root)!r}, "build", "-q", "-j", "1", "--locale", "de"]) == 0
print(isinstance(pdfmetrics.getFont("NotoSans-Regular").face, TTFontFace))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").exists()


def test_the_face_is_read_when_reportlab_first_measures_with_it():
    font = FaceOnDemand("OnDemandSans", REGULAR, "NotoSans-Regular")
    assert font.face.name == b"NotoSans-Regular"
    assert font.stringWidth("", 10) == 0.0  # the empty cells a table's span covers
    assert not isinstance(font.face, TTFontFace)
    assert font.stringWidth("Hamburg 10 mg", 10) == TTFont("ReadSans", REGULAR).stringWidth("Hamburg 10 mg", 10)
    assert isinstance(font.face, TTFontFace)
    assert font.face.name == b"NotoSans-Regular"


def test_the_face_stub_answers_as_the_face_once_read():
    # ReportLab may hold the face it saw at registration: it reads the file then, and answers as it
    font = FaceOnDemand("OnDemandSans2", REGULAR, "NotoSans-Regular")
    stub = font.face
    assert stub.unitsPerEm == TTFont("ReadSans2", REGULAR).face.unitsPerEm
    assert isinstance(font.face, TTFontFace)
    assert stub.charWidths is font.face.charWidths


def test_an_attribute_the_font_lacks_does_not_read_the_file_again():
    font = FaceOnDemand("OnDemandSans3", REGULAR, "NotoSans-Regular")
    assert font.encoding is not None  # read here
    face = font.face
    assert not hasattr(font, "no_such_attribute")
    assert font.face is face


def test_resolve_registers_the_latin_regular_under_its_file_name(mini_project):
    config = load_config(mini_project.fonts_dir)
    fonts, _ = resolve(config, mini_project.fonts_dir, "de")
    assert fonts.regular == "NotoSans-Regular"
    assert fonts.regular in pdfmetrics.getRegisteredFontNames()
