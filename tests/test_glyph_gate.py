"""The glyph gate, seen from `build`: a character that the face drawing it lacks fails the
locale with `path:line: U+XXXX NAME is not in FONT` (or names the string the layout adds)
before anything is drawn, and the other locales still build.

Each test takes one character out of a copy of one face of the project's fonts, in a string where
only that face or that kind of string has it, so that the gate's check of that face or
string, and nothing else, stands between the missing glyph and a silently broken PDF. (A translation's own strings
are also checked earlier by the `check` gate, as `error[glyphs]`; these tests use strings
that only the build's gate sees, or the message that names them.)
"""

import shutil

import pytest
from fontTools.ttLib import TTFont

from brochure.cli import main

from conftest import FIXTURES

PO = "locales/de/LC_MESSAGES/mini.po"


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


def _refused(project, capsys, face: str, ch: str, *args) -> tuple[str, str]:
    """Build with ``ch`` taken out of ``face``: the build must fail. Returns the altered
    face's file name and the error output."""
    font = _drop(project, face, ch)
    code, err = _build(project, capsys, *args)
    assert code == 1, err
    return font, err


def _german_as(project, locale: str) -> str:
    """The fixture's German catalog copied as ``locale``'s (text unchanged); returns its path."""
    shown = f"locales/{locale}/LC_MESSAGES/mini.po"
    target = project.root / shown
    target.parent.mkdir(parents=True)
    german = (project.root / PO).read_text(encoding="utf-8")
    target.write_text(german.replace('"Language: de\\n"', f'"Language: {locale}\\n"'), encoding="utf-8")
    return shown


def _only(project, failed: str, built: str) -> None:
    """``failed``'s PDF was not written, ``built``'s was: a failing locale stops only itself."""
    assert not project.pdf_path("mini", failed, "a4-leaflet").exists()
    assert project.pdf_path("mini", built, "a4-leaflet").exists()


def _line_of(project, path: str, text: str) -> int:
    lines = (project.root / path).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_bold_face_is_checked(mini_project, capsys):
    """'J' is only in the references; the regular face has it, the bold one no longer. (The
    gate checks every string against both faces: it does not know which will draw it.)"""
    font, err = _refused(mini_project, capsys, "NotoSans-Bold.ttf", "J")
    line = _line_of(mini_project, "source/mini.md", "1. Doe, J.")
    assert f"source/mini.md:{line}: U+004A LATIN CAPITAL LETTER J is not in {font}" in err


def test_references_are_checked(mini_project, capsys):
    """'J' is only in the references ('Doe, J.', 'Journal'), printed verbatim in every locale."""
    font, err = _refused(mini_project, capsys, "NotoSans-Regular.ttf", "J")
    line = _line_of(mini_project, "source/mini.md", "1. Doe, J.")
    message = f"source/mini.md:{line}: U+004A LATIN CAPITAL LETTER J is not in {font}"
    assert message in err
    assert not any(mini_project.pdf_path("mini", ll, "a4-leaflet").exists() for ll in ("en", "de"))


def test_the_cldr_date_is_checked(mini_project, capsys):
    """The German date is '4. März 2025': no other German string has an 'ä'."""
    font, err = _refused(mini_project, capsys, "NotoSans-Regular.ttf", "ä")
    assert "the publication date (CLDR format): U+00E4 LATIN SMALL LETTER A WITH DIAERESIS " \
           f"is not in {font}" in err
    _only(mini_project, "de", "en")


def test_the_language_name_is_checked(mini_project, capsys):
    """A copy of the German catalog declared Icelandic: the language's own name, 'íslenska',
    is the only string with an 'í'."""
    _german_as(mini_project, "is")
    font, err = _refused(mini_project, capsys, "NotoSans-Regular.ttf", "í", "--locale", "is", "de")
    line = _line_of(mini_project, "fonts/fonts.yaml", f"regular: {font}")  # CLDR chose the name: the font is the user's
    assert f"fonts/fonts.yaml:{line}: the language name (CLDR): U+00ED LATIN SMALL LETTER I WITH ACUTE " \
           f"is not in {font} (families.sans.regular)" in err
    _only(mini_project, "is", "de")


def test_the_layouts_decorations_are_checked(mini_project, capsys):
    """The bullet of the list is drawn by the layout, not taken from any string: the error names
    the fonts.yaml line that chose the face without it (it named no file at all)."""
    font, err = _refused(mini_project, capsys, "NotoSans-Regular.ttf", "\u2022")
    line = _line_of(mini_project, "fonts/fonts.yaml", f"regular: {font}")
    assert f"fonts/fonts.yaml:{line}: decorations drawn by the layout: U+2022 BULLET is not in {font} " \
           "(families.sans.regular)" in err


def test_a_label_in_the_programs_words_names_the_fonts_yaml_line(mini_project, capsys):
    """The English brochure's kicker is the program's own 'PATIENT INFORMATION' (brochure/labels.py),
    the only string with an 'O': the error named 'brochure/labels.py', a file of the program, with no
    line and no label; it names the label and the fonts.yaml line of the bold face that lacks it."""
    font, err = _refused(mini_project, capsys, "NotoSans-Bold.ttf", "O", "--locale", "en")
    line = _line_of(mini_project, "fonts/fonts.yaml", f"bold: {font}")
    assert f"fonts/fonts.yaml:{line}: label cover.kicker: U+004F LATIN CAPITAL LETTER O is not in {font} " \
           "(families.sans.bold)" in err, err
    assert "labels.py" not in err


def test_the_source_languages_name_in_labels_is_checked(mini_project, capsys):
    """A copy of the German catalog declared Turkish: English is 'İngilizce' there, printed
    only through the {language} of a colophon label; no other string has an 'İ' (the kicker,
    printed in Turkish capitals, is one without an 'i')."""
    turkish = _german_as(mini_project, "tr")
    po = mini_project.root / turkish
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Patienteninformation"', 'msgstr "Merkblatt"'),
                  encoding="utf-8")
    font, err = _refused(mini_project, capsys, "NotoSans-Regular.ttf", "İ", "--locale", "tr")
    line = _line_of(mini_project, turkish, '"Noch nicht übersetzte Passagen sind auf {language} gedruckt."')
    assert f"{turkish}:{line}: U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE " \
           f"is not in {font}" in err


def test_the_kicker_is_checked_in_capitals(mini_project, capsys):
    """The line above the title is printed in capitals: a face with the small letter and not
    its capital printed an empty box (DejaVu Sans has Georgian's Mkhedruli, not Mtavruli: the
    Georgian booklet's cover). 'Ö' is printed only by the kicker's 'Hörtest' in capitals."""
    po = mini_project.root / PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Patienteninformation"',
                                                         'msgstr "Hörtest: Patienteninformation"'), encoding="utf-8")
    font, err = _refused(mini_project, capsys, "NotoSans-Bold.ttf", "Ö", "--locale", "de", "en")
    line = _line_of(mini_project, PO, "Hörtest")
    assert f"{PO}:{line}: " in err and f"U+00D6 LATIN CAPITAL LETTER O WITH DIAERESIS is not in {font}" in err
    _only(mini_project, "de", "en")


def test_a_labels_placeholders_are_checked_as_the_values_it_prints(mini_project, capsys):
    """'Seite {page} von {pages}' prints digits, never a brace: a font without braces failed the
    locale with 'U+007B LEFT CURLY BRACKET is not in …' at the footer's line (a new Khmer
    catalog with Noto Sans Khmer). The digits are what the gate checks."""
    _drop(mini_project, "NotoSans-Bold.ttf", "{", "}")
    font = _drop(mini_project, "NotoSans-Regular.ttf", "{", "}")
    code, err = _build(mini_project, capsys, "--locale", "de", "en")
    assert code == 0, err
    _drop(mini_project, font, "7")  # the digits of the page numbers, which the footer does print
    code, err = _build(mini_project, capsys, "--locale", "de")
    line = _line_of(mini_project, PO, '"Seite {page} von {pages}"')
    assert code == 1 and f"{PO}:{line}: U+0037 DIGIT SEVEN is not in" in err, err


@pytest.mark.parametrize("key, value, what", [
    ("organisation", "Test Clinic \u263a", "the organisation (front matter)"),
    ("document_code", "TC-01\u263a", "the document code and version (front matter)"),
])
def test_the_front_matter_is_checked(mini_project, capsys, key, value, what):
    source = mini_project.root / "source" / "mini.md"
    text = source.read_text(encoding="utf-8")
    number, old = next((n, line) for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))
    source.write_text(text.replace(old, f'{key}: "{value}"'), encoding="utf-8")
    code, err = _build(mini_project, capsys, "--locale", "en")
    assert code == 1
    assert f"source/mini.md:{number}: {what}: U+263A WHITE SMILING FACE is not in NotoSans-Regular.ttf" in err


def test_each_emphasis_is_drawn_in_its_own_face(mini_project, capsys):
    """The faces the gate prepares are the faces the PDF draws with: *italic* in the italic
    face, emphasis nested in emphasis in the bold italic one (not silently the bold)."""
    from pdfread import fonts

    source = mini_project.root / "source" / "mini.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("## First section", "A **bold *and italic* claim**.\n\n## First section"),
                      encoding="utf-8")
    assert _build(mini_project, capsys, "--locale", "en")[0] == 0
    faces = {name.split("+")[-1] for name in fonts(mini_project.pdf_path("mini", "en", "a4-leaflet"))}
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"} <= faces


def _cff_font(path) -> None:
    """A small OpenType font with PostScript (CFF) outlines, as many .otf files are."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0)), pen.lineTo((250, 700)), pen.lineTo((500, 0)), pen.closePath()
    glyph = pen.getCharString()
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    fb.setupCFF("CffTest-Regular", {"FullName": "CffTest"}, {".notdef": glyph, "A": glyph}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "CffTest", "styleName": "Regular"})
    fb.setupOS2(), fb.setupPost()
    fb.save(str(path))


def test_a_font_with_postscript_outlines_is_refused_at_its_fonts_yaml_line(mini_project, capsys):
    # a clinic adds an .otf for its language: it was "internal error (TTFError: … postscript outlines
    # are not supported)", exit 70, the message for a bug of ours
    fonts = mini_project.root / "fonts"
    _cff_font(fonts / "CffTest-Regular.otf")
    config = fonts / "fonts.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    regular: NotoSans-Regular.ttf\n", "    regular: CffTest-Regular.otf\n", 1),
                      encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("    regular: CffTest-Regular.otf") + 1
    code, err = _build(mini_project, capsys, "--locale", "de")
    assert code == 1, err
    assert f"fonts/fonts.yaml:{line}: families.sans.regular: CffTest-Regular.otf has PostScript (CFF) outlines; " \
           "only TrueType outlines can be embedded: take the family's .ttf files or convert it" in err
    assert "internal error" not in err


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "fonts").glob("*.ttf")))
@pytest.mark.parametrize("command", ["build", "check", "proof", "stats"])
def test_a_damaged_font_file_is_refused_at_its_fonts_yaml_line(mini_project, capsys, name, command):
    # a font file cut short by a copy, or with a damaged table: it was "internal error (error: unpack
    # requires a buffer of 4 bytes at fontfile.py:46)" (check, proof: exit 70), or in build "internal
    # error while rendering (TTFError: Unknown name table format (111))"; stats said "ok", exit 0
    fonts = mini_project.root / "fonts"
    shutil.copy(FIXTURES / "fonts" / name, fonts / name)
    config = fonts / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("    regular: NotoSans-Regular.ttf\n",
                                                                 f"    regular: {name}\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index(f"    regular: {name}") + 1
    capsys.readouterr()
    extra = ["-j", "1"] if command == "build" else []
    assert main(["--project", str(mini_project.root), command, "--locale", "de", *extra]) == 1
    out = capsys.readouterr()
    assert f"fonts/fonts.yaml:{line}: " in out.out + out.err
    assert f"families.sans.regular: {name} is damaged or cut short and cannot be read as a font" in out.out + out.err
    assert "internal error" not in out.out + out.err


def test_a_damaged_name_table_is_refused_in_any_face(mini_project, capsys):
    # only the face registered with ReportLab was refused ("Unknown name table format (111)"): a bold
    # with it was embedded, its name table copied into every PDF's font subset
    fonts = mini_project.root / "fonts"
    shutil.copy(FIXTURES / "fonts" / "damaged-name-table.ttf", fonts / "DamagedName-Bold.ttf")
    config = fonts / "fonts.yaml"
    text = config.read_text(encoding="utf-8").replace("    bold: NotoSans-Bold.ttf\n", "    bold: DamagedName-Bold.ttf\n", 1)
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    bold: DamagedName-Bold.ttf") + 1
    code, err = _build(mini_project, capsys, "--locale", "de")
    assert code == 1, err
    assert f"fonts/fonts.yaml:{line}: families.sans.bold: DamagedName-Bold.ttf is damaged or cut short" in err
    assert "internal error" not in err


def _padded(source, target, count: int = 65535) -> None:
    """A copy of ``source`` grown to ``count`` glyphs with empty ones, under a PostScript name of
    its own: as many as a whole CJK face converted to TrueType has."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    ttf = TTFont(source)
    order = ttf.getGlyphOrder()
    added = [f"pad{k}" for k in range(count - len(order))]
    for name in added:
        ttf["glyf"].glyphs[name] = Glyph()
        ttf["hmtx"].metrics[name] = (0, 0)
    ttf.setGlyphOrder(order + added)
    ttf["glyf"].glyphOrder = order + added
    ttf["post"].formatType = 3.0  # no glyph names to write
    for record in ttf["name"].names:
        if record.nameID == 6:
            record.string = target.stem
    ttf.save(target)


def test_a_font_with_too_many_glyphs_for_the_text_layer_is_refused_naming_its_file(mini_project, capsys):
    # a bold with 65,535 glyphs: the proof's bold labels need codes above the font's own, and
    # there are none; it was "internal error (OverflowError: more than 65,535 distinct glyph uses
    # of one font in one document at pdffont.py:59)", exit 70
    fonts = mini_project.root / "fonts"
    _padded(fonts / "NotoSans-Bold.ttf", fonts / "HugeBold.ttf")
    config = fonts / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("    bold: NotoSans-Bold.ttf\n",
                                                                 "    bold: HugeBold.ttf\n", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["--project", str(mini_project.root), "proof", "--locale", "de"]) == 1
    err = capsys.readouterr().err
    assert f"{(fonts / 'HugeBold.ttf').resolve()}: the font has 65,535 glyphs; with the 2 more this document " \
           "needs" in err
    assert "internal error" not in err


@pytest.mark.parametrize("command", ["build", "check", "proof", "stats"])
def test_a_font_whose_glyph_count_its_tables_do_not_hold_is_refused_as_damaged(mini_project, capsys, command):
    # maxp says 65,535 glyphs, hmtx and loca hold 3,317: the proof said "internal error (OverflowError: more
    # than 65,535 distinct glyph uses…)", build "internal error while rendering (error: unpack requires a
    # buffer of 262144 bytes)", and check and stats found nothing wrong
    import struct

    fonts = mini_project.root / "fonts"
    data = bytearray((fonts / "NotoSans-Bold.ttf").read_bytes())
    for k in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * k:28 + 16 * k])
        if tag == b"maxp":
            data[offset + 4:offset + 6] = struct.pack(">H", 65535)
    (fonts / "Miscounted-Bold.ttf").write_bytes(bytes(data))
    config = fonts / "fonts.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("    bold: NotoSans-Bold.ttf\n",
                                                                 "    bold: Miscounted-Bold.ttf\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("    bold: Miscounted-Bold.ttf") + 1
    capsys.readouterr()
    extra = ["-j", "1"] if command == "build" else []
    assert main(["--project", str(mini_project.root), command, "--locale", "de", *extra]) == 1
    said = "".join(capsys.readouterr())
    assert f"fonts/fonts.yaml:{line}: " in said
    assert "families.sans.bold: Miscounted-Bold.ttf is damaged or cut short and cannot be read as a font" in said
    assert "internal error" not in said
