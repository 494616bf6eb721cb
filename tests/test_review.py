"""Review status: read from the catalog header, printed in the reader's language, shown by stats and the proof."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest

from brochure import catalogs, charpolicy
from brochure.cli import main
from brochure.errors import BrochureError
from brochure.review import review_of

from conftest import REPO, assert_refused
from pdfread import fold, text

NO_BIDI_MARKS = dict.fromkeys(map(ord, charpolicy.BIDI_MARKS))

LOCALES = sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))
ANCHOR = '"Last-Translator: Claude (AI model)\\n"\n'
SIGNED = "Dr. Anna Schmidt <a.schmidt@example.org>, 2026-12-10"


def _signoff(data: str, who: str = SIGNED) -> str:
    """The X-Reviewed-By header line for the text of the catalog ``data``, as the proof prints it."""
    from brochure.review import text_fingerprint

    return f'"X-Reviewed-By: {who}, text:{text_fingerprint(catalogs.parse_catalog(data.encode(), "x.po"))}\\n"\n'


def _po_text(locale: str) -> str:
    return (REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po").read_text(encoding="utf-8")


def _with_header(data: str, header: str) -> str:
    assert data.count(ANCHOR) == 1
    return data.replace(ANCHOR, ANCHOR + header)


def _label(locale: str, name: str) -> str:
    po = catalogs.read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    message = next(m for m in po.catalog if m.context == name)
    assert message.string and message.string != message.id
    return message.string


def _words(value: str) -> set[str]:
    """Words without marks and brackets, letters NFKC-folded (Arabic presentation forms → letters)."""
    value = unicodedata.normalize("NFKC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return set(re.findall(r"\w+", value))


def _printed(content: str, label: str, locale: str) -> bool:
    """Is ``label`` in the text layer, exactly (the engine maps every glyph back to its text, in
    logical order: README, "The text layer")? The engine's bidi marks are removed first; in the
    scripts written without spaces between words a line end comes back as a space, so there
    whitespace is ignored."""
    content = fold(content.translate(NO_BIDI_MARKS))  # a mark between two lines (flowable.line_bridge) leaves two spaces
    if locale in ("ja", "th", "zh_Hans"):
        return re.sub(r"\s", "", label) in re.sub(r"\s", "", content)
    return fold(label) in content


# ---------------------------------------------------------------- the header

def test_shipped_catalogs_are_machine_translations_not_yet_reviewed():
    for locale in LOCALES:
        review = review_of(catalogs.parse_catalog(_po_text(locale).encode(), locale))
        assert (review.machine, review.reviewed) == ("Claude (AI model)", False), locale
        assert review.status() == "machine translation by Claude (AI model), not reviewed"


@pytest.mark.parametrize("value, name, email, date", [
    ("Dr. Anna Schmidt <a.schmidt@example.org>, 2026-12-10", "Dr. Anna Schmidt", "a.schmidt@example.org",
     dt.date(2026, 12, 10)),
    ("Anna Schmidt, 2026-12-10", "Anna Schmidt", None, dt.date(2026, 12, 10)),
    ("Anna Schmidt <a@example.org>", "Anna Schmidt", "a@example.org", None),
    ("د. سلمى حداد", "د. سلمى حداد", None, None),
])
def test_a_sign_off_is_read_with_name_email_and_date(value, name, email, date):
    data = _with_header(_po_text("de"), _signoff(_po_text("de"), value))
    review = review_of(catalogs.parse_catalog(data.encode(), "de.po"))
    assert (review.reviewer, review.email, review.date, review.machine) == (name, email, date, "Claude (AI model)")
    assert review.status().startswith(f"reviewed by {name}")


@pytest.mark.parametrize("value, words", [
    ("<a.schmidt@example.org>, 2026-12-10", "is not 'Name <email>, YYYY-MM-DD'"),
    ("FULL NAME <EMAIL@ADDRESS>", "is not 'Name <email>, YYYY-MM-DD'"),
    ("Anna Schmidt <a@example.org>, 10.12.2026", "the date '10.12.2026' is not YYYY-MM-DD"),
    ("Anna Schmidt, 2026-13-01", "the date '2026-13-01' is not YYYY-MM-DD"),
])
def test_a_malformed_sign_off_is_refused_with_its_line(value, words):
    data = _with_header(_po_text("de"), f'"X-Reviewed-By: {value}\\n"\n')
    line = data.splitlines().index(f'"X-Reviewed-By: {value}\\n"') + 1
    po = catalogs.parse_catalog(data.encode(), "locales/de/LC_MESSAGES/als-stem-cells.po")
    assert_refused(lambda: review_of(po), "locales/de/LC_MESSAGES/als-stem-cells.po", line, words)


# ---------------------------------------------------------------- the printed colophon

# Text-layer defects owned by issue 9 (brochure/text/), measured 2026-12-03.
@pytest.mark.parametrize("locale", LOCALES)
def test_the_colophon_says_machine_translated_and_unreviewed_in_the_locales_language(built_real, locale):
    pdf = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
    from pypdf import PdfReader

    colophon = fold(PdfReader(pdf).pages[-1].extract_text()).split("4.235 (2016): 2.")[1]  # after the references
    assert _printed(colophon, _label(locale, "colophon.unreviewed"), locale)
    assert _printed(colophon, _label(locale, "colophon.translator"), locale)
    # nothing of the header's English reaches the patient
    for english in ("Claude", "AI model", "Machine", "reviewed", "Translation"):
        assert english not in colophon, (locale, english)


def test_the_source_brochure_has_no_translation_rows(built_real):
    colophon = text(built_real.pdf_path("als-stem-cells", "en", "a4-leaflet")).split("About this leaflet")[1]
    assert "Machine-translated" not in colophon and "Medical review" not in colophon


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The shipped project with a reviewer's sign-off in four catalogs, built once."""
    from conftest import _copy_project

    project = _copy_project(REPO, tmp_path_factory.mktemp("reviewed") / "real")
    for locale in ("de", "he", "ar", "zh_Hans"):
        path = project.po_path("als-stem-cells", locale)
        data = path.read_text(encoding="utf-8")
        path.write_text(_with_header(data, _signoff(data)), encoding="utf-8")
    assert main(["--project", str(project.root), "build", "--layout", "a4-leaflet",
                 "--locale", "de", "he", "ar", "zh_Hans"]) == 0
    return project


@pytest.mark.parametrize("locale", ["de", "he", "zh_Hans", "ar"])
def test_a_sign_off_replaces_the_notice_with_the_reviewers_name(reviewed, locale):
    from pypdf import PdfReader

    colophon = fold(PdfReader(reviewed.pdf_path("als-stem-cells", locale, "a4-leaflet")).pages[-1].extract_text())
    assert "Schmidt" in colophon and "a.schmidt@example.org" not in colophon
    if locale == "ar":  # the Arabic labels have no usable text layer; the name is Latin and reads back
        return
    assert _printed(colophon, _label(locale, "colophon.reviewer"), locale)
    assert _printed(colophon, _label(locale, "colophon.machine"), locale)
    assert not _printed(colophon, _label(locale, "colophon.unreviewed"), locale)


def test_a_reviewer_name_the_font_cannot_draw_fails_that_locale_with_its_file_and_line(mini_project, capsys):
    """The build and `check` refuse it alike, at its line (check said nothing, the build gave no line)."""
    path = mini_project.po_path("mini", "de")
    header = '"X-Reviewed-By: Dr. \u263a, 2026-12-10\\n"'
    data = path.read_text(encoding="utf-8").replace('"Language: de\\n"\n', f'"Language: de\\n"\n{header}\n')
    path.write_text(data, encoding="utf-8")
    line = data.splitlines().index(header) + 1
    message = f"locales/de/LC_MESSAGES/mini.po:{line}: error[glyphs]: X-Reviewed-By: U+263A WHITE SMILING FACE is not in"
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 1
    assert message in capsys.readouterr().err  # the safety gate prints what check prints
    assert main(["--project", str(mini_project.root), "check", "--locale", "de"]) == 1
    assert message in capsys.readouterr().out


@pytest.mark.parametrize("value, check, words", [
    ("<a.schmidt@example.org>, 2026-12-10", "catalog", "is not 'Name <email>, YYYY-MM-DD'"),
    ("Anna Schmidt, 2026-13-01", "catalog", "the date '2026-13-01' is not YYYY-MM-DD"),
    ("Dr. Anna \u202eSchmidt, 2026-12-10", "characters", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Anna Schmidt, 2026-12-10, text:abc", "catalog", "'text:abc' is not the 12-digit fingerprint"),
])
def test_check_reports_a_sign_off_the_build_refuses_at_its_line(mini_project, capsys, value, check, words):
    path = mini_project.po_path("mini", "de")
    header = f'"X-Reviewed-By: {value}\\n"'
    data = path.read_text(encoding="utf-8").replace('"Language: de\\n"\n', f'"Language: de\\n"\n{header}\n')
    path.write_text(data, encoding="utf-8")
    line = data.splitlines().index(header) + 1
    assert main(["--project", str(mini_project.root), "check", "--locale", "de"]) == 1
    out = capsys.readouterr().out
    assert re.search(rf"locales/de/LC_MESSAGES/mini.po:{line}: error\[{check}\]: .*{re.escape(words)}", out), out


def test_a_person_is_credited_by_name_and_the_reviewer_after(mini_project):
    po = mini_project.po_path("mini", "de")
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    content = text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    assert "Übersetzung Test Translator" in content and "Medizinische Prüfung" not in content
    data = po.read_text(encoding="utf-8")
    data = data.replace('"Language: de\\n"\n', '"Language: de\\n"\n' + _signoff(data))
    po.write_text(data, encoding="utf-8")
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    content = text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    assert "Übersetzung Test Translator Medizinische Prüfung Dr. Anna Schmidt" in content
    assert "Maschinell" not in content


# ---------------------------------------------------------------- stats and the proof

def test_stats_shows_each_catalogs_review_status(real_project, capsys):
    path = real_project.po_path("als-stem-cells", "de")
    data = path.read_text(encoding="utf-8")
    path.write_text(_with_header(data, _signoff(data)), encoding="utf-8")
    assert main(["--project", str(real_project.root), "stats"]) == 0
    lines = {tuple(line.split()[:2]): line for line in capsys.readouterr().out.splitlines() if line}
    signed = lines[("als-stem-cells", "de")]
    assert "100%" in signed and signed.endswith("reviewed by Dr. Anna Schmidt, 2026-12-10")
    shipped = {(po.stem, po.parent.parent.name) for po in (REPO / "locales").glob("*/LC_MESSAGES/*.po")}
    for key in shipped - {("als-stem-cells", "de")}:
        assert "100%" in lines[key] and lines[key].endswith("machine translation by Claude (AI model), not reviewed"), \
            lines[key]


def test_stats_names_the_line_of_a_malformed_sign_off(real_project, capsys):
    path = real_project.po_path("als-stem-cells", "fr")
    data = _with_header(path.read_text(encoding="utf-8"), '"X-Reviewed-By: Jeanne Martin, demain\\n"\n')
    path.write_text(data, encoding="utf-8")
    line = data.splitlines().index('"X-Reviewed-By: Jeanne Martin, demain\\n"') + 1
    assert main(["--project", str(real_project.root), "stats"]) == 1
    captured = capsys.readouterr()
    assert f"locales/fr/LC_MESSAGES/als-stem-cells.po:{line}: X-Reviewed-By: the date 'demain' is not YYYY-MM-DD" \
        in captured.err
    assert "als-stem-cells de " in captured.out  # the other catalogs are still counted


def test_the_proof_shows_the_review_status(real_project):
    path = real_project.po_path("als-stem-cells", "de")
    data = path.read_text(encoding="utf-8")
    path.write_text(_with_header(data, _signoff(data)), encoding="utf-8")
    assert main(["--project", str(real_project.root), "proof", "--locale", "de", "he"]) == 0
    de = text(real_project.proof_path("als-stem-cells", "de"))
    he = text(real_project.proof_path("als-stem-cells", "he"))
    assert "Review reviewed by Dr. Anna Schmidt, 2026-12-10 Sign-off" in de
    assert "Review machine translation by Claude (AI model), not reviewed (the brochure's colophon says so)" in he


def test_the_proof_draws_a_reviewer_name_in_the_locales_script(real_project):
    path = real_project.po_path("als-stem-cells", "zh_Hans")  # Noto Sans, the proof's Latin face, has no Chinese
    data = path.read_text(encoding="utf-8")
    path.write_text(_with_header(data, _signoff(data, "王芳, 2026-12-10")), encoding="utf-8")
    assert main(["--project", str(real_project.root), "proof", "--locale", "zh_Hans"]) == 0
    assert "reviewed by 王芳, 2026-12-10" in text(real_project.proof_path("als-stem-cells", "zh_Hans"))


def test_update_keeps_the_review_headers():
    data = _with_header(_po_text("de"), _signoff(_po_text("de")))
    po = catalogs.parse_catalog(data.encode(), "de.po")
    template = catalogs.read_catalog(REPO / "locales" / "als-stem-cells.pot")
    merged = catalogs.parse_catalog(catalogs.generate_po(catalogs.update(po, template, "de")).encode(), "de.po")
    assert review_of(merged) == review_of(po) and review_of(po).reviewed


def test_a_malformed_sign_off_fails_the_build_of_that_locale_with_its_line(mini_project, capsys):
    path = mini_project.po_path("mini", "de")
    header = '"X-Reviewed-By: Anna Schmidt, 12/10/2026\\n"'
    data = path.read_text(encoding="utf-8").replace('"Language: de\\n"\n', f'"Language: de\\n"\n{header}\n')
    path.write_text(data, encoding="utf-8")
    line = data.splitlines().index(header) + 1
    assert main(["--project", str(mini_project.root), "build"]) == 1
    captured = capsys.readouterr()
    # the safety gate prints what check prints
    assert f"locales/de/LC_MESSAGES/mini.po:{line}: error[catalog]: X-Reviewed-By: the date '12/10/2026' is not " \
        "YYYY-MM-DD" in captured.err
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").exists()  # the other locales are still built


def test_a_malformed_sign_off_is_named_at_its_own_line_below_a_wrapped_header_field():
    # GNU tools wrap a long header field over two lines; the sign-off's line was counted as if
    # every field took one, and named the line above it
    data = (REPO / "tests/fixtures/project/locales/de/LC_MESSAGES/mini.po").read_text(encoding="utf-8")
    data = data.replace('"Language-Team: LANGUAGE <LL@li.org>\\n"\n',
                        '"Language-Team: German <de@li.org>, a team whose name GNU wraps at seventy-nine "\n'
                        '"columns\\n"\n')
    header = '"X-Reviewed-By: Anna Schmidt, 12/10/2026\\n"'
    data = data.replace('"Language: de\\n"\n', f'"Language: de\\n"\n{header}\n')
    po = catalogs.parse_catalog(data.encode(), "de.po")
    with pytest.raises(BrochureError) as refused:
        review_of(po)
    assert refused.value.line == data.splitlines().index(header) + 1


def test_arabic_ranges_are_in_words_with_the_sources_digit_order():
    """A dash between digits is shown mirrored by the bidi algorithm ("5–2"): the review wrote the
    ranges in words, the author's backwards "7-6" included, digits in the source's logical order."""
    import re

    po = catalogs.read_catalog(REPO / "locales" / "ar" / "LC_MESSAGES" / "als-stem-cells.po")
    strings = [m.string for m in po.catalog if m.id and m.context in ("title", "heading", "paragraph", "list-item")]
    assert not [s for s in strings if re.search(r"\d\s*[-–]\s*\d", s)]
    survival = next(m.string for m in po.catalog if m.id.startswith("Amyotrophic lateral sclerosis (ALS) is a fatal"))
    assert "من 2 إلى 5 سنوات" in survival and "7 إلى 6 أشخاص" in survival
    assert re.findall(r"\d+", survival)[:4] == ["2", "5", "7", "6"]


# ---------------------------------------------------------------- the sign-off is bound to its text

def _sign_mini(mini_project, who: str = SIGNED) -> tuple:
    path = mini_project.po_path("mini", "de")
    data = path.read_text(encoding="utf-8")
    header = _signoff(data, who)
    data = data.replace('"Language: de\\n"\n', '"Language: de\\n"\n' + header)
    path.write_text(data, encoding="utf-8")
    return path, data.splitlines().index(header.rstrip("\n")) + 1


def test_a_message_changed_after_the_sign_off_makes_it_out_of_date(mini_project, capsys):
    """A reviewer is never named for text they did not see (found in a medical reviewer's walk-
    through: a hedge removed after the sign-off left stats, check, the proof and the colophon all
    saying "reviewed by"). The sign-off names the fingerprint of the printed messages; a change
    to any of them makes stats, check and the proof say so, and the colophon says "not reviewed"."""
    path, line = _sign_mini(mini_project)
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    assert "Medizinische Prüfung Dr. Anna Schmidt" in text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    po = catalogs.read_catalog(path)
    assert review_of(po).reviewed
    changed = next(m for m in po.catalog if m.context == "paragraph" and m.string)
    data = path.read_text(encoding="utf-8")
    assert data.count(f'msgstr "{changed.string}"') == 1  # a one-line msgstr in the fixture
    path.write_text(data.replace(f'msgstr "{changed.string}"', f'msgstr "{changed.string} Sicher."'), encoding="utf-8")
    review = review_of(catalogs.read_catalog(path))
    assert not review.reviewed and review.signed_text != review.text
    assert review.status() == "signed by Dr. Anna Schmidt, 2026-12-10 for an earlier text: not reviewed"
    capsys.readouterr()
    assert main(["--project", str(mini_project.root), "check", "--locale", "de"]) == 0  # a warning, not a refusal
    out = capsys.readouterr().out
    assert f"locales/de/LC_MESSAGES/mini.po:{line}: warning[review]: X-Reviewed-By: the sign-off is for text:" in out
    assert main(["--project", str(mini_project.root), "stats", "--locale", "de"]) == 0
    assert "for an earlier text: not reviewed" in capsys.readouterr().out
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    content = text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    assert "Schmidt" not in content  # the colophon no longer names the reviewer


def test_a_sign_off_without_the_text_fingerprint_counts_for_nothing(mini_project, capsys):
    path = mini_project.po_path("mini", "de")
    data = path.read_text(encoding="utf-8")
    header = f'"X-Reviewed-By: {SIGNED}\\n"'
    path.write_text(data.replace('"Language: de\\n"\n', f'"Language: de\\n"\n{header}\n'), encoding="utf-8")
    review = review_of(catalogs.read_catalog(path))
    assert review.reviewer == "Dr. Anna Schmidt" and not review.reviewed
    assert main(["--project", str(mini_project.root), "check", "--locale", "de"]) == 0
    assert f"names no text; it counts once it ends with the fingerprint of the text reviewed, ', text:{review.text}'" \
        in capsys.readouterr().out
    assert main(["--project", str(mini_project.root), "proof", "--locale", "de"]) == 0
    proof = text(mini_project.proof_path("mini", "de"))
    assert f"X-Reviewed-By: Name <e-mail>, YYYY-MM-DD, text:{review.text}" in proof  # the line to sign
    assert "signed by Dr. Anna Schmidt, 2026-12-10 without a text fingerprint: not reviewed" in proof



def test_a_waiver_added_after_the_sign_off_makes_it_out_of_date(mini_project):
    """A waiver lets a finding print (a changed number the reviewer accepted): one added after the
    sign-off is not what the reviewer approved, so it is part of the signed fingerprint."""
    path, _ = _sign_mini(mini_project)
    assert review_of(catalogs.read_catalog(path)).reviewed
    data = path.read_text(encoding="utf-8")
    entry = data.index('msgctxt "paragraph"')
    path.write_text(data[:entry] + "# waive numbers: as the author meant it — Translator\n" + data[entry:],
                    encoding="utf-8")
    assert not review_of(catalogs.read_catalog(path)).reviewed


def test_a_sign_off_survives_a_tool_that_sorts_the_entries(mini_project):
    """`msgcat --sort-output` (or -F, msgattrib --sort-output) reorders a catalog's entries; what
    prints is looked up by msgctxt and msgid, so the reviewed text is the same and the sign-off
    still counts (it said 'signed … for an earlier text: not reviewed' after such a sort)."""
    path, _ = _sign_mini(mini_project)
    assert review_of(catalogs.read_catalog(path)).reviewed
    header, *entries = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    assert len(entries) > 3
    path.write_text("\n\n".join([header, *sorted(entries, key=lambda e: e.split("msgid ", 1)[1])]) + "\n",
                    encoding="utf-8")
    reordered = catalogs.read_catalog(path)
    assert [m.id for m in reordered.catalog if m.id] != [m.id for m in catalogs.read_catalog(
        REPO / "tests" / "fixtures" / "project" / "locales" / "de" / "LC_MESSAGES" / "mini.po").catalog if m.id]
    assert review_of(reordered).reviewed
