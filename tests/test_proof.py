"""The bilingual proof: every message with its context, line, status and findings; safe with hostile catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import catalogs, checks
from brochure.build import load_inputs
from brochure.fonts import font_set, load_config, resolve
from brochure.labels import LABELS
from brochure.markup import plain
from brochure.project import Project
from brochure.proof import render_proof

from pdfread import fold, fonts, text


def _proof(project: Project, locale: str, out: Path) -> tuple[Path, catalogs.PoFile]:
    """Render the proof of ``locale`` as the CLI would, and write it to ``out``."""
    doc = project.documents()[0]
    inputs = load_inputs(project, [doc], ["a4-leaflet"])
    config = load_config(project.fonts_dir)
    path = project.po_path(doc, locale)
    po = catalogs.read_catalog(path, project.rel(path))
    locale_fonts, script = resolve(config, project.fonts_dir, locale)
    findings = checks.check_catalog(po, locale, locale_fonts)
    pdf = render_proof(inputs.documents[doc], po, locale, findings, locale_fonts, script, inputs.layouts["a4-leaflet"],
                       font_set(config, project.fonts_dir, "sans"))
    assert pdf == render_proof(inputs.documents[doc], po, locale, findings, locale_fonts, script,
                               inputs.layouts["a4-leaflet"], font_set(config, project.fonts_dir, "sans"))
    out.write_bytes(pdf)
    return out, po


def _messages(po: catalogs.PoFile) -> list:
    return [m for m in po.catalog if m.id]


def _rows(extracted: str, po: catalogs.PoFile) -> dict[str, str]:
    """msgctxt → the text of its row: from its "line N" to the next message's."""
    marks = [(m.context, re.search(rf"\bline {po.line_of(m)}\b", extracted)) for m in _messages(po)]
    assert all(match for _, match in marks), [ctx for ctx, match in marks if not match]
    starts = [match.start() for _, match in marks] + [len(extracted)]
    assert starts == sorted(starts)  # rows in catalog (= source) order
    rows: dict[str, str] = {}
    for (ctx, _), start, end in zip(marks, starts, starts[1:]):
        rows.setdefault(ctx, "")
        rows[ctx] += extracted[start:end]
    return rows


def _assert_print_safe(path: Path) -> None:
    reader = PdfReader(path)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height  # landscape
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        assert not [n for n, o in objects.items() if o.get_object().get("/Subtype") == "/Image"]
    used = fonts(path)
    assert used and all(used.values()), used
    assert not [name for name in used if "Helvetica" in name]
    assert b"/Subtype /Image" not in path.read_bytes()
    assert b"/DeviceRGB" not in path.read_bytes()


@pytest.mark.parametrize("locale", ["de", "ar", "zh_Hans"])
def test_proof_of_shipped_catalog(real_project: Project, tmp_path: Path, locale: str):
    path, po = _proof(real_project, locale, tmp_path / f"{locale}.pdf")
    extracted = text(path)
    _assert_print_safe(path)
    rows = _rows(extracted, po)
    assert set(rows) >= {"title", "heading", "paragraph", "list-item", *(label.name for label in LABELS)}
    for number, message in enumerate(_messages(po), start=1):
        assert f"{message.context} #{number} · line {po.line_of(message)}" in extracted
        assert fold(plain(message.id)) in extracted  # the English source, whatever the locale's script
    assert all(re.search(r"line \d+ translated ", row) for ctx, row in rows.items() if not ctx.startswith("front-matter."))
    assert all("optional: printed as written" in row for ctx, row in rows.items() if ctx.startswith("front-matter."))
    assert not [row for row in rows.values() if "FUZZY" in row or "UNTRANSLATED" in row or "error[" in row]
    assert f"locales/{locale}/LC_MESSAGES/als-stem-cells.po" in extracted
    pages = len(PdfReader(path).pages)
    assert f"page 1 of {pages}" in extracted and f"page {pages} of {pages}" in extracted
    stats = catalogs.stats(po)
    assert f"{stats.total}: {stats.translated} translated" in extracted


def _break(project: Project) -> None:
    """Slip a fuzzy entry, an empty one, a changed number and a markup injection into the German catalog."""
    path = project.po_path(project.documents()[0], "de")
    po = path.read_text(encoding="utf-8")
    edits = [
        ('msgctxt "title"', '#, fuzzy\n#| msgid "Does stem cell therapy work?"\nmsgctxt "title"'),
        ("zwei von 100.000 Menschen", "zwei von 10.000 Menschen"),
        ('msgstr "Die Publikationen werden in ihrer Originalsprache zitiert."', 'msgstr ""'),
        ('msgstr "Literatur"', 'msgstr "Literatur<img src=\\"/dev/zero\\"/>"'),
    ]
    for old, new in edits:
        assert po.count(old) == 1, old
        po = po.replace(old, new)
    path.write_text(po, encoding="utf-8")


def test_proof_shows_broken_entries_next_to_their_messages(real_project: Project, tmp_path: Path):
    _break(real_project)
    path, po = _proof(real_project, "de", tmp_path / "de.pdf")
    _assert_print_safe(path)
    extracted = text(path)
    rows = _rows(extracted, po)
    assert "FUZZY" in rows["title"] and "Previous source (#| msgid): Does stem cell therapy work?" in rows["title"]
    assert "Wirkt die Stammzelltherapie" in rows["title"]  # the fuzzy translation is shown for review
    assert "UNTRANSLATED" in rows["references.note"] and "(no translation)" in rows["references.note"]
    number_row = next(r for r in rows["paragraph"].split("paragraph #") if "10.000" in r)
    assert "error[numbers]" in number_row and "missing 100,000; not in the source: 10.000" in number_row
    assert 'Literatur<img src="/dev/zero"/>' in rows["references.heading"]  # shown escaped, as text
    assert "error[markup]" in rows["references.heading"] and "error[print]" in rows["references.heading"]
    for ctx in ("title", "references.note", "references.heading", "footer.page"):
        assert ("error[numbers]" in rows[ctx]) is False
    assert "FUZZY" not in rows["references.note"] and "UNTRANSLATED" not in rows["title"]
    assert "1 fuzzy" in extracted and "1 untranslated" in extracted


def test_right_to_left_emphasis_is_set_in_bold_and_flagged_where_the_source_has_none(real_project: Project,
                                                                                    tmp_path: Path):
    """The one text engine sets emphasis in Arabic too; emphasis the source does not have is a check error."""
    path = real_project.po_path("als-stem-cells", "ar")
    po = catalogs.read_catalog(path)
    message = po.catalog.get("References", context="references.heading")
    data = path.read_text(encoding="utf-8")
    marked = data.replace(f'msgstr "{message.string}"', f'msgstr "**{message.string}**"')
    assert marked != data
    path.write_text(marked, encoding="utf-8")
    pdf, po = _proof(real_project, "ar", tmp_path / "ar.pdf")
    rows = _rows(text(pdf), po)
    assert "error[markup]" in rows["references.heading"] and "**" not in rows["references.heading"]
    assert "error[print]" not in rows["references.heading"]
    assert any("BrochureArabic-Bold" in name for name in fonts(pdf))


def test_a_message_longer_than_a_page_is_split_across_pages(real_project: Project, tmp_path: Path):
    path = real_project.po_path("als-stem-cells", "de")
    data = path.read_text(encoding="utf-8")
    long = " ".join(["Dies ist ein sehr langer Satz, der die Seite füllt."] * 300)
    path.write_text(data.replace('msgstr "Literatur"', f'msgstr "{long}"'), encoding="utf-8")
    pdf, po = _proof(real_project, "de", tmp_path / "de.pdf")
    row = _rows(text(pdf), po)["references.heading"]
    assert row.count("Seite füllt.") > 290 and len(re.findall(r"page \d+ of \d+", row)) >= 4 and "warning[sentences]" in row


def test_findings_that_match_no_message_are_listed_on_the_first_page(real_project: Project, tmp_path: Path):
    inputs = load_inputs(real_project, ["als-stem-cells"], ["a4-leaflet"])
    config = load_config(real_project.fonts_dir)
    po = catalogs.read_catalog(real_project.po_path("als-stem-cells", "he"), "locales/he/LC_MESSAGES/als-stem-cells.po")
    he_fonts, script = resolve(config, real_project.fonts_dir, "he")
    stray = checks.Finding("locales/he/LC_MESSAGES/als-stem-cells.po", 2, checks.ERROR, "header", "a header problem")
    pdf = tmp_path / "he.pdf"
    pdf.write_bytes(render_proof(inputs.documents["als-stem-cells"], po, "he", [stray], he_fonts, script, inputs.layouts["a4-leaflet"],
                                 font_set(config, real_project.fonts_dir, "sans")))
    _assert_print_safe(pdf)
    first = fold(PdfReader(pdf).pages[0].extract_text())
    assert "Other finding locales/he/LC_MESSAGES/als-stem-cells.po:2: error[header]: a header problem" in first
    assert "1 error(s), 0 warning(s)" in first


def test_an_override_in_a_previous_msgid_is_shown_by_its_code(mini_project: Project, tmp_path: Path):
    """``#| msgid`` is the catalog's word for the text a fuzzy translation was made from; it is
    as untrusted as the msgstr. A RIGHT-TO-LEFT OVERRIDE in it reordered the line in the
    reviewer's proof ("2-5" read "5-2"); now it is shown as [U+202E], as in a msgstr."""
    path = mini_project.root / "locales/de/LC_MESSAGES/mini.po"
    po = path.read_text(encoding="utf-8")
    entry = 'msgctxt "heading"\nmsgid "First section"'
    assert po.count(entry) == 1
    path.write_text(po.replace(entry, '#, fuzzy\n#| msgid "First \u202e2-5 section"\n' + entry), encoding="utf-8")
    out, _ = _proof(mini_project, "de", tmp_path / "de.pdf")
    extracted = text(out)
    assert "Previous source (#| msgid): First [U+202E]2-5 section" in extracted
    assert "\u202e" not in "".join(page.extract_text() for page in PdfReader(out).pages)



def test_an_override_in_the_machine_translation_header_is_shown_by_its_code(mini_project: Project, tmp_path: Path):
    """X-Machine-Translation is never printed in the brochure, but the proof's review status
    names the engine: an override in it reordered that line for the reviewer."""
    path = mini_project.root / "locales/de/LC_MESSAGES/mini.po"
    po = path.read_text(encoding="utf-8")
    header = '"X-Generator: brochure 0.1.0\\n"\n'
    assert po.count(header) == 1
    path.write_text(po.replace(header, header + '"X-Machine-Translation: Engine \u202e5-2\\n"\n'), encoding="utf-8")
    out, _ = _proof(mini_project, "de", tmp_path / "de.pdf")
    assert "machine translation by Engine [U+202E]5-2, not reviewed" in text(out)


def test_a_fuzzy_entry_says_what_changed_in_the_source(real_project: Project, tmp_path: Path):
    """A reviewer signing off an update must see what the author changed, not compare two
    paragraphs word by word: "(1.6:1)" had become "(1.5:1)" in a 50-word paragraph and the proof
    showed both texts whole. The previous text was also set in the note style, which clear-print
    layouts (``italic: bold``) set in bold: the old text looked weightier than the new."""
    path = real_project.po_path("als-stem-cells", "de")
    po = path.read_text(encoding="utf-8")
    current = next(m.id for m in _messages(catalogs.read_catalog(path, "de.po")) if "(1.6:1)" in m.id)
    previous = current.replace("(1.6:1)", "(1.5:1)").replace("slightly more", "more").replace("worldwide", "globally")
    entry = '#: source/als-stem-cells.md:12\nmsgctxt "paragraph"'
    assert po.count(entry) == 1
    path.write_text(po.replace(entry, f'#: source/als-stem-cells.md:12\n#, fuzzy\n#| msgid "{previous}"\n'
                                      'msgctxt "paragraph"'), encoding="utf-8")
    out, po_file = _proof(real_project, "de", tmp_path / "de.pdf")
    row = _rows(text(out), po_file)["paragraph"]
    assert ("Changed in the source: added 'slightly'; was '(1.5:1).', now '(1.6:1).'; was 'globally.', now "
            "'worldwide.'") in row
    runs: list[tuple[str, str]] = []
    for page in PdfReader(out).pages:
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: runs.append((t, str((font or {}).get("/BaseFont")))))
    previous_runs = [font for t, font in runs if "(1.5:1)" in t]
    assert previous_runs and not [font for font in previous_runs if "Bold" in font], previous_runs


def test_the_first_page_says_which_messages_have_findings(real_project: Project, tmp_path: Path):
    """A reviewer read "1 error(s), 1 warning(s)" on the first page and had to leaf through
    eleven pages to find them; the waivers alone were listed. Now every error and warning is
    listed there by message number, errors first."""
    _break(real_project)
    path, _ = _proof(real_project, "de", tmp_path / "de.pdf")
    first = fold(PdfReader(path).pages[0].extract_text())
    assert "Found error[numbers]: #3 " in first and "warning[fuzzy]: #1 " in first
    assert first.index("error[markup]: #") < first.index("warning[fuzzy]: #1")


def test_the_first_page_counts_every_error_it_lists(real_project: Project, tmp_path: Path):
    """The renderer's own refusal (error[print], a row of its own under the message) was listed
    under "Found" but left out of the "Checks" count; and a waiver named a line, where every
    other finding names the message number a reviewer looks for."""
    _break(real_project)
    path, _ = _proof(real_project, "de", tmp_path / "de.pdf")
    first = fold(PdfReader(path).pages[0].extract_text())
    found = re.findall(r"(error|warning)\[[a-z-]+\]: ((?:#\d+(?:, )?)+)", first)
    errors = sum(len(numbers.split(", ")) for kind, numbers in found if kind == "error")
    assert "error[print]: #" in first
    assert f"{errors} error(s)" in first
