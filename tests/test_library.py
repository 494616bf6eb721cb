"""A leaflet library: many documents, translation memory, glossary, the (document, locale, layout) job."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from brochure import catalogs, glossary
from brochure.cli import main
from brochure.errors import BrochureError

from conftest import REPO

OTHER = """---
title: "A second leaflet"
organisation: "Test Clinic"
document_code: "TC-02"
version: "1.0"
date: "2025-03-05"
language: en
---

A paragraph with **bold** and *italic* words.

A paragraph with **bold** and *italic* letters.

## First section

Something the other leaflet never says.
"""


def _run(project, *args) -> int:
    return main(["--project", str(project.root), *args])


@pytest.fixture
def library(mini_project):
    """The fixture project plus a second document, ``other``, that shares one paragraph
    exactly, one nearly, and a heading, with ``mini`` (translated into German)."""
    (mini_project.root / "source" / "other.md").write_text(OTHER, encoding="utf-8")
    return mini_project


def _entries(path: Path) -> dict:
    """(msgctxt, msgid) → (msgstr, fuzzy, previous msgid) of every translated active entry."""
    po = catalogs.read_catalog(path)
    return {(m.context, m.id): (m.string, m.fuzzy, po.previous.get((m.context, m.id), (None, None))[1])
            for m in po.catalog if m.id and m.string}


def test_documents_are_named_by_their_source_files(library):
    assert library.documents() == ["mini", "other"]
    assert library.locales("mini") == ["de"] and library.locales("other") == []
    assert library.po_path("other", "de") == library.root / "locales/de/LC_MESSAGES/other.po"
    assert library.pdf_path("other", "de", "a4-leaflet") == library.root / "output/other/de/a4-leaflet.pdf"
    with pytest.raises(BrochureError, match="no document named 'nope'"):
        library.select(["nope"])


def test_update_prefills_from_the_memory_and_says_so(library, capsys):
    assert _run(library, "update", "--doc", "other", "--locale", "de") == 0
    out = capsys.readouterr().out
    path = library.po_path("other", "de")
    entries = _entries(path)
    exact = entries[("paragraph", "A paragraph with **bold** and *italic* words.")]
    assert exact == ("Ein Absatz mit **fetten** und *kursiven* Wörtern.", True, None)
    near = entries[("paragraph", "A paragraph with **bold** and *italic* letters.")]
    assert near == ("Ein Absatz mit **fetten** und *kursiven* Wörtern.", True,
                    "A paragraph with **bold** and *italic* words.")
    assert ("paragraph", "Something the other leaflet never says.") not in entries
    text = path.read_text(encoding="utf-8")
    assert "# TM: from mini\n" in text
    assert '#| msgid "A paragraph with **bold** and *italic* words."' in text
    # the program's labels are the same words in every document: taken as translated
    labels = {key: value for key, value in entries.items() if key[0] and "." in key[0]}
    assert labels and all(not fuzzy for _, fuzzy, _ in labels.values())
    assert entries[("colophon.heading", "About this leaflet")][:2] == ("Über diese Broschüre", False)
    filled = len(entries)
    assert f"{filled} pre-filled from the translation memory" in out
    # The memory never touches the document's own catalog nor anything translated
    assert _run(library, "update") == 0
    assert _entries(path) == entries


def test_trusted_exact_matches_are_taken_as_translated(library):
    (library.root / "memory.yaml").write_text("trust_exact: true\n", encoding="utf-8")
    assert _run(library, "update", "--doc", "other", "--locale", "de") == 0
    entries = _entries(library.po_path("other", "de"))
    assert entries[("paragraph", "A paragraph with **bold** and *italic* words.")][1] is False
    assert entries[("paragraph", "A paragraph with **bold** and *italic* letters.")][1] is True


def test_a_bad_memory_setting_names_its_file_and_line(library, capsys):
    (library.root / "memory.yaml").write_text("trust_exact: yes\n", encoding="utf-8")
    assert _run(library, "update", "--doc", "other", "--locale", "de") == 1
    assert "memory.yaml:1: trust_exact: must be true or false" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
def test_the_memory_offers_what_msgmerge_with_a_compendium_offers(library, tmp_path):
    """`msgmerge -C mini.po new.po other.pot`: the same translations for the same messages, exact
    matches translated (as with trust_exact), near ones fuzzy with the same `#| msgid`."""
    (library.root / "memory.yaml").write_text("trust_exact: true\n", encoding="utf-8")
    assert _run(library, "update", "--doc", "other", "--locale", "de") == 0
    ours = _entries(library.po_path("other", "de"))
    empty = tmp_path / "empty.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n',
                     encoding="utf-8")
    gnu = tmp_path / "gnu.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-C", str(library.po_path("mini", "de")), "-o", str(gnu),
                    str(empty), str(library.template_path("other"))], check=True)
    theirs = _entries(gnu)
    # front matter the mini catalog leaves empty is not in either
    assert ours == theirs
    assert any(fuzzy for _, fuzzy, _ in ours.values()) and any(not fuzzy for _, fuzzy, _ in ours.values())


# ---------------------------------------------------------------- the shipped library

TWELVE = ["ar", "de", "el", "es", "fr", "he", "hi", "pl", "ru", "tr", "uk", "zh_Hans"]  # translated first

def test_the_shipped_library_has_two_documents_translated_alike():
    from brochure.project import Project

    project = Project(REPO)
    assert project.documents() == ["als-stem-cells", "consultation"]
    assert set(TWELVE) <= set(project.locales("consultation")) <= set(project.locales("als-stem-cells"))
    for locale in project.locales("consultation"):
        po = catalogs.read_catalog(project.po_path("consultation", locale))
        article = catalogs.read_catalog(project.po_path("als-stem-cells", locale))
        stats = catalogs.stats(po)
        assert (stats.translated, stats.fuzzy) == (stats.total, 0), locale
        for name in ("Last-Translator", "X-Machine-Translation", "Language-Team", "Language", "Plural-Forms"):
            assert po.header(name) == article.header(name), (locale, name)
        assert "Machine translation by an AI model" in " ".join(po.header_comment)


def test_stats_shows_a_document_by_locale_table(library, capsys):
    assert _run(library, "update", "--doc", "other", "--locale", "fr") == 0
    capsys.readouterr()
    assert _run(library, "stats") == 0
    out = capsys.readouterr().out
    table = out.split("\n\n")[-1].splitlines()
    assert table[0].split() == ["document", "de", "fr"]
    assert table[1].split() == ["mini", "100%", "-"]
    assert table[2].split()[0] == "other" and table[2].split()[1] == "-"


def test_build_builds_each_document_where_a_translation_was_started(library, capsys):
    assert _run(library, "build", "--layout", "a4-leaflet", "-j", "1", "--fallback-source") == 0
    pdfs = sorted(p.relative_to(library.output_dir).as_posix() for p in library.output_dir.glob("*/*/*.pdf"))
    assert pdfs == ["mini/de/a4-leaflet.pdf", "mini/en/a4-leaflet.pdf", "other/en/a4-leaflet.pdf"]
    capsys.readouterr()
    assert _run(library, "build", "--layout", "a4-leaflet", "--doc", "other", "--fallback-source") == 0
    assert "0 built, 1 unchanged, 0 failed" in capsys.readouterr().out


def test_a_document_without_references_prints_no_reference_heading(library):
    from pdfread import text

    assert _run(library, "build", "--layout", "a4-leaflet", "-j", "1", "--doc", "other") == 0
    content = text(library.pdf_path("other", "en", "a4-leaflet"))
    assert "References" not in content and "About this leaflet" in content


# ---------------------------------------------------------------- glossary

GLOSSARY = "term,required,forbidden,severity,note\nbold,fett,,error,\nitalic,kursiv,schräg,warning,\n"


def test_check_of_the_source_language_checks_the_sources_and_no_catalog(library, capsys):
    # build --locale en builds the English source; check --locale en reported "no catalog for locale
    # 'en' yet" for every document and advised `update --locale en`, a catalog of the source language
    import brochure

    result = brochure.check(library.root, locales=["en"])
    assert result.unreadable == [] and result.errors == 0, (result.unreadable, result.findings)
    assert _run(library, "check", "--locale", "en") == 0
    assert "no catalog for locale 'en'" not in capsys.readouterr().err
    assert _run(library, "check", "--locale", "xx") == 1  # a locale nothing has stays an error


def test_glossary_findings_in_check_and_proof(library, capsys):
    from pdfread import text

    folder = library.root / "glossary"
    folder.mkdir()
    (folder / "de.csv").write_text(GLOSSARY.replace("fett", "dick"), encoding="utf-8")
    po = library.po_path("mini", "de")
    po.write_text(po.read_text(encoding="utf-8").replace("*kursiven*", "*schrägen*"), encoding="utf-8")
    assert _run(library, "check", "--doc", "mini") == 1
    out = capsys.readouterr().out
    line = next(n for n, row in enumerate(po.read_text(encoding="utf-8").split("\n"), 1)
                if row.startswith('msgstr "Ein Absatz'))
    assert (f"locales/de/LC_MESSAGES/mini.po:{line}: error[glossary]: 'bold' should be translated as 'dick' "
            "(glossary/de.csv:2)") in out
    assert (f"locales/de/LC_MESSAGES/mini.po:{line}: warning[glossary]: 'italic' should be translated as 'kursiv' "
            "(glossary/de.csv:3)") in out
    assert f"mini.po:{line}: warning[glossary]: 'italic' must not be translated as 'schräg'" in out
    assert _run(library, "proof", "--doc", "mini") == 0
    assert "error[glossary]" in text(library.proof_path("mini", "de"))


def test_a_consistent_glossary_finds_nothing(library, capsys):
    (library.root / "glossary").mkdir()
    (library.root / "glossary" / "de.csv").write_text(GLOSSARY, encoding="utf-8")
    assert _run(library, "check", "--doc", "mini") == 0
    assert "glossary" not in capsys.readouterr().out


@pytest.mark.parametrize("text, line, words", [
    ("term,target\n", 1, "the first row must be the columns"),
    ("term,required,forbidden,severity,note\nMSC,,,error,\n", 2, "required: empty"),
    ("term,required,forbidden,severity,note\nMSC,X,,fatal,\n", 2, "severity: 'fatal'"),
    ("term,required,forbidden,severity,note\nMSC,X,,error,\nmsc,Y,,error,\n", 3, "listed twice"),
    ("term,required,forbidden,severity,note\nMSC,X,error,\n", 2, "4 columns, expected 5"),
])
def test_a_broken_glossary_names_its_line(text, line, words):
    from conftest import assert_refused

    assert_refused(lambda: glossary.parse(text, "glossary/ru.csv"), "glossary/ru.csv", line, words)


def test_every_shipped_locale_has_a_glossary_that_its_translations_pass():
    import brochure
    from brochure.project import Project

    project = Project(REPO)
    shipped = sorted({locale for doc in project.documents() for locale in project.locales(doc)})
    assert set(TWELVE) < set(shipped)
    assert sorted(p.stem for p in (REPO / "glossary").glob("*.csv")) == shipped
    # what `check` reports over the shipped catalogs: no glossary finding, error or warning
    assert [f for f in brochure.check(project).findings if f.check == glossary.CHECK] == []
    for locale in shipped:
        terms = glossary.load(project, locale)
        assert [t.term for t in terms] == [t.term for t in glossary.load(project, "ru")], locale
        for doc in project.documents():
            po = catalogs.read_catalog(project.po_path(doc, locale), f"{doc}/{locale}")
            assert glossary.check(po, terms) == [], (doc, locale)
        # the glossary is not vacuous: each term is used by the article, and a translation
        # without its required target term is reported
        po = catalogs.read_catalog(project.po_path("als-stem-cells", locale))
        for term in terms:
            uses = [m for m in po.catalog if m.id and term.pattern().search(m.id)]
            assert uses, (locale, term.term)
            kept = uses[0].string
            uses[0].string = "—"
            assert [f.severity for f in glossary.check(po, (term,))] == [term.severity], (locale, term.term)
            uses[0].string = kept



# ---------------------------------------------------------------- preflight, proof and stats as functions

def test_preflight_returns_each_files_findings_and_fails_a_broken_pdf(mini_project):
    import io

    from pypdf import PdfReader, PdfWriter

    from brochure import api
    from brochure.preflight import report

    assert api.build(mini_project, layouts=["a4-leaflet"], jobs=1).ok
    broken = mini_project.pdf_path("mini", "de", "a4-leaflet")
    writer = PdfWriter(clone_from=PdfReader(broken))
    del writer.pages[0]["/TrimBox"]  # a print shop cannot trim page 1
    data = io.BytesIO()
    writer.write(data)
    broken.write_bytes(data.getvalue())
    result = api.preflight(mini_project, jobs=1)
    assert isinstance(result, api.PreflightResult) and not result.passed and result.unreadable == []
    assert [(f.path, f.passed) for f in result.files] == [("output/mini/en/a4-leaflet.pdf", True),
                                                          ("output/mini/de/a4-leaflet.pdf", False)]
    failing = [f for f in result.failed[0].findings if not f.passed]
    assert [(f.check, f.page, f.message) for f in failing] == [("boxes", 1, "no TrimBox")]
    assert "ok: PDF 1." in str(result.files[0].findings[0])
    again = api.preflight(mini_project, docs=["mini"], locales=["de"], layouts=["a4-leaflet"], jobs=1)  # the memo
    assert again.findings == result.failed[0].findings
    assert report(result.findings, result.unreadable)["files"][1]["passed"] is False


def test_preflight_names_a_layout_it_cannot_read_and_refuses_an_empty_output(mini_project):
    from brochure import api

    with pytest.raises(BrochureError, match="no PDFs to check; run the build first"):
        api.preflight(mini_project)
    assert api.build(mini_project, layouts=["a4-leaflet"], jobs=1).ok
    layout = mini_project.root / "layouts" / "a4-leaflet.yaml"
    layout.write_text(layout.read_text().replace("  width: 210\n", "  width: [210\n"))
    result = api.preflight(mini_project, jobs=1)
    assert result.findings == [] and not result.passed
    assert [(e.path, e.line) for e in result.unreadable] == [("layouts/a4-leaflet.yaml", 6)]


def test_preflight_checks_the_imposed_sides_against_their_booklet(mini_project):
    """The imposed sides are compared with the booklet beside them: pages swapped on a side fail,
    and so does a booklet that is gone or changed since (the memo keys on the booklet too)."""
    import pikepdf

    from brochure import api

    shutil.copy(REPO / "layouts" / "a5-booklet.yaml", mini_project.root / "layouts")
    shutil.copytree(REPO / "layouts" / "icc", mini_project.root / "layouts" / "icc")
    assert api.build(mini_project, locales=["de"], layouts=["a5-booklet"], jobs=1).ok
    imposed = mini_project.imposed_path("mini", "de", "a5-booklet")
    booklet = mini_project.pdf_path("mini", "de", "a5-booklet")

    def imposition():
        result = api.preflight(mini_project, locales=["de"], layouts=["a5-booklet"], jobs=1)
        (finding,) = [f for f in result.findings if f.check == "imposition" and f.path.endswith("-imposed.pdf")]
        return finding.passed, finding.page, finding.message

    assert imposition() == (True, None, "2 sides: the booklet's 4 pages in saddle-stitch order (4 | 1, 2 | 3, …), "
                                        "left-to-right, bound on the left (/Lang de)")
    good = imposed.read_bytes()
    with pikepdf.open(imposed, allow_overwriting_input=True) as doc:  # side 1: page 1 left, page 4 right
        content = doc.pages[0].Contents.read_bytes()
        doc.pages[0].Contents = doc.make_stream(content.replace(b"/P4 Do", b"/P0 Do").replace(b"/P1 Do", b"/P4 Do")
                                                .replace(b"/P0 Do", b"/P1 Do"))
        doc.save(imposed)
    assert imposition() == (False, 1, "the booklet's pages 1 | 4 left and right of the fold; saddle stitching puts "
                                      "4 | 1 there (4 pages, left-to-right)")
    imposed.write_bytes(good)
    assert imposition()[0]
    with pikepdf.open(booklet, allow_overwriting_input=True) as doc:  # pages 2 and 3 trade places since
        doc.pages[1], doc.pages[2] = doc.pages[2], doc.pages[1]
        doc.save(booklet)
    assert imposition()[:2] == (False, 2)  # side 2 shows 3 | 2 now: checked again, not recalled from the memo
    booklet.unlink()
    assert imposition() == (False, None,
                            "the booklet it was imposed from is missing: nothing to compare its sides with")


def test_proof_writes_each_catalogs_pdf_and_reports_one_it_cannot_read(library):
    from brochure import api
    from pdfread import text

    heard = []
    result = api.proof(library, locales=["de"], on_result=heard.append)
    assert isinstance(result, api.ProofResult) and result.ok and heard == result.proofs
    [proof] = result.proofs
    assert (proof.doc, proof.locale, proof.path) == ("mini", "de", library.proof_path("mini", "de"))
    assert (proof.findings, proof.glossary, proof.errors) == ([], [], 0)
    assert proof.path.read_bytes().startswith(b"%PDF-1.")
    content = text(proof.path)
    assert "First section" in content and "Erster Abschnitt" in content
    po = library.po_path("mini", "de")
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "x\n', encoding="utf-8")
    line = len(po.read_text(encoding="utf-8").splitlines())
    proof.path.unlink()
    failed = api.proof(library, docs=["mini"])
    assert not failed.ok and [p.ok for p in failed.proofs] == [False]
    error = failed.proofs[0].error
    assert (error.path, error.line) == ("locales/de/LC_MESSAGES/mini.po", line)
    assert not proof.path.exists()


def test_stats_returns_a_row_per_catalog(library):
    from brochure import api

    assert api.update(library, locales=["km"], docs=["mini"]).ok
    result = api.stats(library, docs=["mini"])
    assert isinstance(result, api.StatsResult) and result.ok and result.docs == ["mini"]
    de, km = result.rows
    assert (de.doc, de.locale, de.path) == ("mini", "de", library.po_path("mini", "de"))
    assert (de.stats.translated, de.stats.fuzzy, de.stats.untranslated, de.stats.percent) == (23, 0, 0, 100.0)
    assert (de.waived, de.review.status(), de.missing_script, de.font_error) == (0, "not reviewed", None, None)
    assert (km.locale, km.stats.translated, km.missing_script) == ("km", 0, "Khmr")
    po = library.po_path("mini", "de")
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "x\n', encoding="utf-8")
    [broken] = api.stats(library, docs=["mini"], locales=["de"]).rows
    assert not broken.ok and broken.stats is None and broken.error.path == "locales/de/LC_MESSAGES/mini.po"


# ---------------------------------------------------------------- the bench's library

def test_the_bench_library_holds_the_real_documents_and_synthetic_ones_and_builds(tmp_path):
    """bench/library.py's project, the issue's "two real articles and N synthetic ones"."""
    import filecmp
    import importlib.util

    from brochure.project import Project
    from pdfread import text

    spec = importlib.util.spec_from_file_location("bench_library", REPO / "bench" / "library.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    docs = bench.make_library(tmp_path, 2)
    project = Project(tmp_path)
    assert docs == project.documents() == ["als-stem-cells", "consultation", "leaflet-001", "leaflet-002"]
    assert all(project.locales(doc) == TWELVE for doc in docs)
    for doc in ("als-stem-cells", "consultation"):
        assert filecmp.cmp(project.source_path(doc), REPO / "source" / f"{doc}.md", shallow=False)
        assert filecmp.cmp(project.po_path(doc, "de"), REPO / f"locales/de/LC_MESSAGES/{doc}.po", shallow=False)
    assert main(["--project", str(tmp_path), "build", "--locale", "de", "--layout", "a4-leaflet", "-j", "1"]) == 0
    assert "Stammzell" in text(project.pdf_path("als-stem-cells", "de", "a4-leaflet"))
    # a synthetic document is the consultation sheet under its own document code: its own job
    for n in (1, 2):
        pdf = project.pdf_path(f"leaflet-{n:03d}", "de", "a4-leaflet")
        assert f"SYN-00{n}" in text(pdf) and "ANOVA-PI-CONSULT" not in text(pdf)


# ---------------------------------------------------------------- the dask executor

def test_the_dask_executor_builds_the_same_bytes_as_the_local_pool(library):
    """A LocalCluster on the loopback address (two worker processes) renders the same PDFs."""
    pytest.importorskip("dask.distributed")
    from brochure import api
    from brochure.executors import DaskExecutor

    local = api.build(library, layouts=["a4-leaflet"], jobs=1, force=True, fallback_source=True)
    assert local.ok and len(local.pdfs) == 3
    expected = {r.path: r.path.read_bytes() for r in local.pdfs}
    executor = DaskExecutor(workers=2)
    try:
        remote = api.build(library, layouts=["a4-leaflet"], force=True, fallback_source=True, executor=executor)
    finally:
        executor.close()
    assert remote.ok and [(r.doc, r.locale) for r in remote.pdfs] == [(r.doc, r.locale) for r in local.pdfs]
    assert {r.path: r.path.read_bytes() for r in remote.pdfs} == expected


def test_the_command_line_runs_the_dask_executor(library, capsys):
    pytest.importorskip("dask.distributed")
    assert _run(library, "build", "--layout", "a4-leaflet", "--doc", "mini", "--executor", "dask", "-j", "1") == 0
    assert "2 built, 0 unchanged, 0 failed" in capsys.readouterr().out
    assert _run(library, "build", "--scheduler", "tcp://127.0.0.1:8786") == 1
    assert "--scheduler needs --executor dask" in capsys.readouterr().err


def test_a_capitalised_glossary_form_is_a_whole_word():
    """A required abbreviation is found as the word it is: compared as a stem, case ignored,
    the Portuguese "ELA" (the ALS row) was found in "pela" and "Ela", and a translation that
    kept "ALS" passed 3 of 17 uses of the term."""
    terms = glossary.parse("term,required,forbidden,severity,note\nALS,ELA,ALS,error,\n", "glossary/pt_BR.csv")
    po = catalogs.parse_catalog(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: pt_BR\\n"\n\n'
        'msgctxt "paragraph"\nmsgid "ALS affects the motor system."\n'
        'msgstr "Ela afeta o sistema motor, pela ALS."\n\n'
        'msgctxt "heading"\nmsgid "What is ALS?"\nmsgstr "O que é a ELA?"\n'.encode(), "pt_BR.po", "pt_BR")
    found = glossary.check(po, terms)
    assert [(f.line, f.message.split(" (")[0]) for f in found] == [
        (6, "'ALS' should be translated as 'ELA'"), (6, "'ALS' must not be translated as 'ALS'")]


def test_a_glossary_term_is_found_in_a_catalog_saved_decomposed():
    """A catalog in NFD (a macOS editor; 'ü' as 'u' and U+0308) printed right, but the glossary
    compared code points: every required term with an accent was reported missing (9 false
    warnings in ar and de), and a forbidden one passed."""
    terms = glossary.parse("term,required,forbidden,severity,note\ndoctor,Ärzt,,error,\n"
                           "secretome,Sekretom,Sekretöm,error,\n", "glossary/de.csv")
    translation = unicodedata.normalize("NFD", "Stammzelltherapie bei Ärzten; das Sekretöm")
    po = catalogs.parse_catalog(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: de\\n"\n\n'
        f'msgctxt "paragraph"\nmsgid "Stem cell therapy by doctors; the secretome"\nmsgstr "{translation}"\n'
        .encode(), "de.po", "de")
    assert [f.message.split(" (")[0] for f in glossary.check(po, terms)] == [
        "'secretome' should be translated as 'Sekretom'", "'secretome' must not be translated as 'Sekretöm'"]
