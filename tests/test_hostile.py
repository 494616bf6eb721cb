"""Hostile or broken translations: refused with path:line before rendering; the others still build."""

import shutil

import pikepdf
import pytest
from pypdf import PdfReader

from brochure.cli import main

from conftest import FIXTURES, REPO

PO = "locales/de/LC_MESSAGES/mini.po"
HOSTILE = {
    "img-dev-zero.po": (34, "error[markup]: markup not allowed in a translation: '<img src=\"/dev/zero\"/>'"),
    "javascript-link.po": (34, "error[markup]: markup not allowed in a translation: "
                               "'<a href=\"javascript:alert(1)\">'"),
    "file-link.po": (34, "error[markup]: markup not allowed in a translation: '<link href=\"file:///etc/passwd\">'"),
    "font-size.po": (34, "error[markup]: markup not allowed in a translation: '<font size=\"100000\">'"),
    "ondraw.po": (34, "error[markup]: markup not allowed in a translation: '<onDraw name=\"x\"/>'"),
    "seq.po": (34, "error[markup]: markup not allowed in a translation: '<seq id=\"a\"/>'"),
    "index.po": (34, "error[markup]: markup not allowed in a translation: '<index item=\"x\"/>'"),
    "entity.po": (34, "error[markup]: character entity not allowed in a translation: '&lt;'"),
    "numeric-entity.po": (34, "error[markup]: character entity not allowed in a translation: '&#60;'"),
    "emphasis-dropped.po": (42, "error[markup]: emphasis i /i instead of the source's b /b i /i"),
    "emphasis-unpaired.po": (42, "error[markup]: inline markup: '**' is opened but never closed"),
    "placeholder-lost.po": (80, "error[placeholders]: placeholders {page} instead of the source's {page}, {pages}"),
    "placeholder-broken.po": (80, "error[placeholders]: broken placeholder: "),
    "oversized-message.po": (33, "message longer than 20,000 characters"),
    # read as printed: a soft hyphen (never drawn) made "(1,6:1)" print as "(1,61)"
    "number-joined-by-soft-hyphen.po": (29, "error[numbers]: missing 1.6, 1; not in the source: 1,61 (= 1.61)"),
    "sign-added.po": (29, "error[numbers]: not in the source: −1,6"),  # "(−1,6:1)": the values stay 1.6 and 1
    "fraction-sign.po": (29, "error[numbers]: not in the source: ½"),  # "100.000½": a number sign, not a digit
    # the urls check saw no address in "Punkthttps://…", the back cover's link maker did
    "link-glued-to-a-word.po": (50, "error[urls]: not in the source: https://evil.example/x"),
    # the urls check stopped at '«' and compared the source's address; the link went to evil.example
    "link-userinfo.po": (172, "error[urls]: missing https://clinic.example/als; not in the source: "
                              "https://clinic.example/als«»@evil.example/"),
    # the waiver's reason read "5-2" in check's output, stats and the proof, while "2-5" was stored
    "waiver-with-override.po": (30, "error[waiver]: a waiver may not hold U+202E RIGHT-TO-LEFT OVERRIDE"),
    # ReportLab said "Flowable <KeepHeading at 0x…> too large on page 1" and the file, not the line
    "heading-taller-than-a-page.po": (35, "a4-leaflet: this text is "),
    "translator-taller-than-a-page.po": (9, "a4-leaflet: this text is "),
    "translator-markup.po": (9, "error[markup]: Last-Translator: markup not allowed in a translation: "
                                "'<img src=\"/etc/passwd\"/>'"),
    # an escaped line break in a msgstr was drawn as a box, and check and build passed it
    "line-break-in-translation.po": (22, "error[characters]: a line break (\\n) in a translation prints as a box"),
    "language-not-a-locale.po": (11, "Language header '../../etc' is not a locale CLDR knows"),
    "language-of-another-folder.po": (11, "error[catalog]: Language header 'fr', but the catalog is in the "
                                          "folder of 'de'"),
}


def test_every_hostile_fixture_has_an_expectation():
    assert sorted(p.name for p in (FIXTURES / "po-hostile").glob("*.po")) == sorted(HOSTILE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_catalog_is_refused_at_its_line_and_nothing_of_it_is_printed(mini_project, capsys, name):
    line, words = HOSTILE[name]
    shutil.copy(FIXTURES / "po-hostile" / name, mini_project.root / PO)
    assert main(["--project", str(mini_project.root), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{PO}:{line}: {words}" in err
    assert not mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    english = mini_project.pdf_path("mini", "en", "a4-leaflet")
    reader = PdfReader(english)
    for page in reader.pages:  # the other locale is built, and nothing foreign got in
        assert "/Annots" not in page and "/XObject" not in (page.get("/Resources") or {})


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "po").glob("*.po")))
def test_malformed_catalog_never_replaces_a_good_pdf(mini_project, capsys, name):
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    good = mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes()
    shutil.copy(FIXTURES / "po" / name, mini_project.root / PO)
    assert main(["--project", str(mini_project.root), "build"]) == 1
    assert f"{PO}:" in capsys.readouterr().err
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes() == good
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()


def test_a_contact_line_links_only_to_the_address_the_check_compared(mini_project, capsys):
    """A screen booklet's back cover (no output intent) links each contact line's address. In
    "https://clinic.example/als«»@evil.example/" the urls check read the source's address (it
    stopped at '«') while the link took all of it, which a browser opens at evil.example
    ("clinic.example/als«»" is a user name): 0 errors and a link elsewhere. Now the check reads
    the address as printed and refuses the locale; corrected, the link is the source's."""
    root = mini_project.root
    source = root / "source" / "mini.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "language: en\n", 'language: en\ncontact:\n  - "Web: https://clinic.example/als"\n'
        '  - "info@clinic.example"\n', 1), encoding="utf-8")
    booklet = (REPO / "layouts" / "a5-booklet.yaml").read_text(encoding="utf-8").split("\noutput_intent:\n")[0]
    (root / "layouts" / "screen-booklet.yaml").write_text(booklet + "\n", encoding="utf-8")
    shutil.copy(FIXTURES / "po-hostile" / "link-userinfo.po", root / PO)
    build = ["--project", str(root), "build", "--locale", "de", "--layout", "screen-booklet", "-j", "1"]
    assert main(build) == 1
    assert f"{PO}:172: error[urls]: missing https://clinic.example/als" in capsys.readouterr().err
    pdf = mini_project.pdf_path("mini", "de", "screen-booklet")
    assert not pdf.exists()
    po = root / PO
    po.write_text(po.read_text(encoding="utf-8").replace("«»@evil.example/", ""), encoding="utf-8")
    assert main(build) == 0
    with pikepdf.open(pdf) as doc:
        uris = [str(a.A.URI) for page in doc.pages for a in page.obj.get("/Annots", [])]
    assert uris == ["https://clinic.example/als", "mailto:info@clinic.example"]


@pytest.mark.parametrize("folder", ["de-DE", "xx", "pt BR"])
def test_a_catalog_folder_that_is_no_locale_is_that_catalog_s_error(mini_project, capsys, folder):
    """A catalog saved under locales/de-DE/ (a hyphen, as a BCP 47 tag writes it) or any name CLDR
    does not know ended check, build, stats and proof in 'internal error' (exit 70), and the
    build printed no other locale's PDF. Now it is that catalog's error, with its path."""
    root = mini_project.root
    target = root / "locales" / folder / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(root / PO, target / "mini.po")
    for command in (["check"], ["build", "-j", "1"], ["stats"], ["proof"], ["update"]):
        assert main(["--project", str(root), *command]) == 1, command
        captured = capsys.readouterr()
        err = captured.out + captured.err  # check prints its findings on stdout
        assert f"locales/{folder}/LC_MESSAGES/mini.po: " in err and "is not a locale code CLDR knows" in err, command
        assert "internal error" not in err
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    assert not (root / "output" / "mini" / folder).exists()


def test_a_changed_unit_is_refused_by_check_and_build_at_its_line(mini_project, capsys):
    """"Take 10 mg daily" → "Nehmen Sie täglich 10 g": the value 10 stays, the dose is a
    thousandfold; the numbers check compared values only and the leaflet was printed."""
    root = mini_project.root
    for path, old, new in (("source/mini.md", "affected (1.6:1).", "affected (1.6:1). Take 10 mg daily."),
                           (PO, 'msgid "About one in 100,000 people is affected (1.6:1)."',
                            'msgid "About one in 100,000 people is affected (1.6:1). Take 10 mg daily."'),
                           (PO, "betroffen (1,6:1).", "betroffen (1,6:1). Nehmen Sie täglich 10 g.")):
        text = (root / path).read_text(encoding="utf-8")
        assert text.count(old) == 1
        (root / path).write_text(text.replace(old, new), encoding="utf-8")
    finding = f"{PO}:29: error[numbers]: '10 g' where the source has '10 mg': the unit changed"
    assert main(["--project", str(root), "build", "--locale", "de", "-j", "1"]) == 1
    assert finding in capsys.readouterr().err
    assert not mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    assert main(["--project", str(root), "check", "--locale", "de"]) == 1
    assert finding in capsys.readouterr().out


def test_a_catalog_that_is_a_symbolic_link_is_refused_without_quoting_its_target(mini_project, capsys):
    """git keeps symbolic links: a contributor's change could replace a catalog by a link to any
    file the CI machine can read, and check printed its first word ("unknown keyword
    'API_TOKEN=…'") into a public log. A catalog that is a link is refused before it is read."""
    secret = mini_project.root.parent / "ci-secrets.env"
    secret.write_text("API_TOKEN=s3cr3t-value-123\n", encoding="utf-8")
    po = mini_project.root / PO
    po.unlink()
    po.symlink_to(secret)
    for command in (["check"], ["build", "-j", "1"], ["update"], ["proof"]):
        assert main(["--project", str(mini_project.root), *command]) == 1, command
        captured = capsys.readouterr()
        assert f"{PO}: " in captured.out + captured.err and "is a symbolic link" in captured.out + captured.err
        assert "s3cr3t" not in captured.out + captured.err
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()
    assert secret.read_text(encoding="utf-8") == "API_TOKEN=s3cr3t-value-123\n"


def test_an_oversized_catalog_is_refused_without_reading_it_into_the_pipeline(mini_project, capsys):
    path = mini_project.root / PO
    path.write_bytes(path.read_bytes() + b"# " + b"x" * 2_000_000 + b"\n")
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 1
    assert f"{PO}: file is larger than 2,000,000 bytes" in capsys.readouterr().err


def test_check_finds_changed_numbers_and_broken_markup_in_a_shipped_catalog(real_project, capsys):
    # (a dropped URL is covered by tests/test_checks.py: the article itself has none)
    path = real_project.root / "locales/de/LC_MESSAGES/als-stem-cells.po"
    text = path.read_text(encoding="utf-8")
    assert "(1,6:1)" in text and "von 2–5 " in text
    text = text.replace("(1,6:1)", "(1,5:1)", 1).replace("von 2–5 ", "von 2–6 ", 1)
    text = text.replace('msgstr "Literatur"', 'msgstr "<b>Literatur</b>"', 1)
    path.write_text(text, encoding="utf-8")
    assert main(["--project", str(real_project.root), "check", "--locale", "de"]) == 1
    out = capsys.readouterr().out
    assert out.count("error[numbers]") == 2
    assert "error[markup]" in out
