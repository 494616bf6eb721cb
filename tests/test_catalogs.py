import datetime as dt
import shutil
import subprocess

import pytest

import brochure
from brochure import catalogs
from brochure.labels import LABELS
from brochure.source import parse_document, read_document

from conftest import FIXTURES, REPO, assert_refused

NOW = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def article():
    return read_document(REPO / "source" / "als-stem-cells.md", "source/als-stem-cells.md")


def _messages(po):
    return [m for m in po.catalog if m.id]


def test_template_has_one_message_per_block_and_label(article):
    po = catalogs.template(article)
    contexts = [m.context for m in _messages(po)]
    assert contexts.count("title") == 1
    assert contexts.count("heading") == 5
    assert contexts.count("paragraph") == 16
    assert contexts.count("list-item") == 5
    assert contexts.count("front-matter.organisation") == 1  # the article has no contact lines
    assert len(contexts) == 27 + 1 + len(LABELS)
    label = po.catalog.get("Page {page} of {pages}", context="footer.page")
    assert "python-brace-format" in label.flags


def test_template_has_no_reference_text_and_points_at_source_lines(tmp_path, article):
    path = tmp_path / "brochure.pot"
    catalogs.write_template(path, catalogs.template(article), now=NOW)
    text = path.read_text(encoding="utf-8")
    for ref in article.references:
        assert ref.text[:25] not in text
    assert "Wijesekera" not in text and "Orphanet" not in text
    assert "#: source/als-stem-cells.md:16\nmsgctxt \"heading\"\nmsgid \"What is Amyotrophic" in text
    assert "#. Section heading." in text


def test_extract_twice_is_byte_identical(tmp_path, article):
    path = tmp_path / "brochure.pot"
    assert catalogs.write_template(path, catalogs.template(article), now=NOW)
    first = path.read_bytes()
    later = NOW + dt.timedelta(days=3)
    assert not catalogs.write_template(path, catalogs.template(article), now=later)
    assert path.read_bytes() == first
    # A real change rewrites the file and its creation date.
    changed = parse_document((REPO / "source" / "als-stem-cells.md").read_text().replace(
        "## What causes ALS?", "## What causes ALS, then?"), "source/als-stem-cells.md")
    assert catalogs.write_template(path, catalogs.template(changed), now=later)
    assert "POT-Creation-Date: 2026-01-05 03:04+0000" in path.read_text()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_msgfmt_accepts_every_shipped_catalog():
    shipped = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(shipped) >= 2 * 28  # both documents in every shipped locale: a glob finding none passed
    for po in shipped:
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_shipped_catalogs_are_complete_and_current(article):
    template = catalogs.template(article)
    # front-matter messages are optional (empty prints as written): a catalog may lack them
    keys = {(m.context, m.id) for m in _messages(template) if not m.context.startswith("front-matter.")}
    locales = sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))
    assert {"de", "fr", "es"} <= set(locales)
    for locale in locales:
        po = catalogs.read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
        assert {(m.context, m.id) for m in _messages(po) if not m.context.startswith("front-matter.")} == keys, locale
        stats = catalogs.stats(po)
        assert (stats.translated, stats.fuzzy) == (stats.total, 0), locale
        assert po.header("Language") == locale
        assert po.header("Plural-Forms")


def _template_from(text):
    return catalogs.template(parse_document(text, "source/mini.md"))


MINI = (FIXTURES / "project" / "source" / "mini.md").read_text(encoding="utf-8")
DE = FIXTURES / "project" / "locales" / "de" / "LC_MESSAGES" / "mini.po"


def _roundtrip(po):
    return catalogs.parse_catalog(catalogs.generate_po(po).encode(), "de.po")


def test_update_keeps_fuzzies_and_obsoletes_like_msgmerge():
    po = catalogs.read_catalog(DE)
    edited = MINI.replace("A paragraph with **bold** and *italic* words.",
                          "A paragraph with **bold** and *italic* words here.")
    edited = edited.replace("- second item.\n", "").replace("- first item,", "- first item.")
    edited = edited.replace("## First section", "## First section\n\nA brand new paragraph.")
    merged = _roundtrip(catalogs.update(po, _template_from(edited), "de"))
    changed = merged.catalog.get("A paragraph with **bold** and *italic* words here.", context="paragraph")
    assert changed.fuzzy and changed.string == "Ein Absatz mit **fetten** und *kursiven* Wörtern."
    assert changed.previous_id == ["A paragraph with **bold** and *italic* words."]
    kept = merged.catalog.get("First section", context="heading")
    assert kept.string == "Erster Abschnitt" and not kept.fuzzy
    new = merged.catalog.get("A brand new paragraph.", context="paragraph")
    assert new.string == ""
    obsolete = {m.id: m.string for m in merged.catalog.obsolete.values()}
    assert obsolete["second item."] == "zweiter Punkt."
    text = catalogs.generate_po(merged)
    assert '#~ msgid "second item."' in text and '#| msgid "A paragraph with' in text


def test_update_revives_an_obsolete_entry_when_its_text_returns():
    po = catalogs.read_catalog(DE)
    without = catalogs.update(po, _template_from(MINI.replace("- second item.\n", "")), "de")
    assert not without.catalog.get("second item.", context="list-item")
    back = catalogs.update(_roundtrip(without), _template_from(MINI), "de")
    revived = back.catalog.get("second item.", context="list-item")
    assert revived.string == "zweiter Punkt." and not revived.fuzzy
    assert not back.catalog.obsolete


def test_update_of_an_unchanged_catalog_is_byte_identical(tmp_path):
    target = tmp_path / "brochure.po"
    shutil.copy(DE, target)
    template = catalogs.read_catalog(FIXTURES / "project" / "locales" / "mini.pot")
    merged = catalogs.update(catalogs.read_catalog(target), template, "de")
    assert not catalogs.write_catalog(target, merged)
    assert target.read_bytes() == DE.read_bytes()


def test_update_keeps_headers_written_by_translators_tools():
    text = DE.read_text(encoding="utf-8").replace('"Language: de\\n"\n', '"Language: de\\n"\n"X-Generator: Poedit 3.4\\n"\n')
    po = catalogs.parse_catalog(text.encode(), "de.po")
    merged = catalogs.update(po, _template_from(MINI), "de")
    assert ("X-Generator", "Poedit 3.4") in merged.headers
    assert merged.header("Last-Translator") == "Test Translator <t@example.org>"


def test_new_catalog_gets_cldr_plural_forms_and_language():
    po = catalogs.new_po(_template_from(MINI), "pl")
    assert po.header("Language") == "pl"
    assert po.header("Plural-Forms").startswith("nplurals=3;")
    assert all(not m.string for m in _messages(po))


def test_stats_counts_fuzzy_apart():
    po = catalogs.read_catalog(DE)
    po.catalog.get("First section", context="heading").flags.add("fuzzy")
    po.catalog.get("second item.", context="list-item").string = ""
    stats = catalogs.stats(po)
    assert (stats.translated, stats.fuzzy, stats.untranslated) == (stats.total - 2, 1, 1)


def test_polib_reads_what_we_write_as_we_meant_it(tmp_path):
    """An independent parser (polib, as Poedit-like tools read files) agrees with our writer."""
    import polib

    po = catalogs.update(catalogs.read_catalog(DE), _template_from(MINI.replace("- second item.\n", "")), "de")
    target = tmp_path / "brochure.po"
    catalogs.write_catalog(target, po)
    theirs = polib.pofile(str(target))
    ours = {(m.context, m.id): m.string for m in po.catalog if m.id}
    assert {(e.msgctxt, e.msgid): e.msgstr for e in theirs if not e.obsolete} == ours
    assert [(e.msgid, e.msgstr) for e in theirs.obsolete_entries()] == [("second item.", "zweiter Punkt.")]
    assert theirs.metadata["Language"] == "de" and theirs.metadata["Plural-Forms"].startswith("nplurals=2")
    heading = theirs.find("First section", msgctxt="heading")
    assert heading.occurrences == [("source/mini.md", "12")] and "Section heading." in heading.comment


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
def test_update_agrees_with_gnu_msgmerge(tmp_path):
    """Same old catalog, same new template: GNU msgmerge and our update keep, fuzzy and
    obsolete the same messages with the same translations."""
    edited = MINI.replace("A paragraph with **bold** and *italic* words.",
                          "A paragraph with **bold** and *italic* words here.")
    edited = edited.replace("- second item.\n", "").replace("## First section", "## First section\n\nBrand new.")
    template = _template_from(edited)
    pot = tmp_path / "brochure.pot"
    catalogs.write_template(pot, template, now=NOW)
    gnu = tmp_path / "gnu.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(gnu), str(DE), str(pot)], check=True)
    theirs = catalogs.read_catalog(gnu)
    ours = catalogs.update(catalogs.read_catalog(DE), catalogs.read_catalog(pot), "de")

    def summary(po):
        active = {(m.context, m.id): (m.string, m.fuzzy) for m in po.catalog if m.id}
        obsolete = {(m.context, m.id): m.string for m in po.catalog.obsolete.values()}
        return active, obsolete

    assert summary(ours) == summary(theirs)


# ---------------------------------------------------------------- the loss check of update

def _with_obsolete_twin(translation):
    """The fixture catalog plus an obsolete entry with the same key as the active
    'second item.' (GNU gettext refuses such a file: "duplicate message definition")."""
    text = DE.read_text(encoding="utf-8")
    return text + f'\n#~ msgctxt "list-item"\n#~ msgid "second item."\n#~ msgstr "{translation}"\n'


def test_update_refuses_a_catalog_with_an_obsolete_twin_and_writes_nothing(mini_project, capsys):
    """It was read, and `update` wrote the active entry and its obsolete twin back: a file that
    msgfmt, msgcat and msgmerge refuse. When the message left the source, babel's merge
    overwrote the twin: the loss check below refused to write. Now the file is refused where
    the twin stands, as GNU gettext refuses it, and nothing is written."""
    from brochure.cli import main

    path = mini_project.root / "locales" / "de" / "LC_MESSAGES" / "mini.po"
    path.write_text(_with_obsolete_twin("ein anderer Punkt."), encoding="utf-8")
    before = path.read_bytes()
    assert main(["--project", str(mini_project.root), "update"]) == 1
    line = before.decode("utf-8").splitlines().index('#~ msgid "second item."') + 1
    assert (f"locales/de/LC_MESSAGES/mini.po:{line}: a message both active and obsolete (#~), as GNU gettext "
            "refuses; keep one (msgctxt 'list-item')") in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize("same_translation", [False, True])
def test_update_refuses_a_merge_that_drops_an_entry(monkeypatch, same_translation):
    """Whatever the merge does wrong, the check stands between it and the file: here the
    merged catalog silently refuses to store one message. ``same_translation``: the lost
    message's translation is also another's, which only a check of (msgctxt, msgid, msgstr)
    triples sees go."""
    from babel.messages.catalog import Catalog

    store = Catalog.__setitem__

    def dropping(self, msgid, message):
        if msgid != "second item.":
            store(self, msgid, message)

    po, template = catalogs.read_catalog(DE), _template_from(MINI)
    if same_translation:
        po.catalog.get("second item.", context="list-item").string = \
            po.catalog.get("first item,", context="list-item").string
    monkeypatch.setattr(Catalog, "__setitem__", dropping)
    with pytest.raises(catalogs.BrochureError, match="update would lose 1 translation"):
        catalogs.update(po, template, "de")


def test_the_merge_check_names_the_file_and_the_lost_entry(monkeypatch):
    """The error of the loss check says where and which: the catalog's path, the first lost
    entry's msgctxt and its msgid cut at 40 characters."""
    from babel.messages.catalog import Catalog

    po, template = catalogs.read_catalog(DE, "locales/de/mini.po"), _template_from(MINI)
    store, lost = Catalog.__setitem__, "A paragraph with **bold** and *italic* words."
    monkeypatch.setattr(Catalog, "__setitem__", lambda self, msgid, m: None if msgid == lost else store(self, msgid, m))
    with pytest.raises(catalogs.BrochureError) as info:
        catalogs.update(po, template, "de")
    assert (info.value.path, info.value.line) == ("locales/de/mini.po", None)
    assert info.value.message == "update would lose 1 translation(s), the first of msgctxt 'paragraph', msgid " \
                                 "'A paragraph with **bold** and *italic* w'; nothing written"


def _marked(text: str, before: str, lines: str) -> str:
    """The fixture catalog with ``lines`` put above the entry whose msgctxt line is ``before``."""
    assert text.count(before) == 1
    return text.replace(before, lines + before)


HEADING = 'msgctxt "heading"\nmsgid "First section"'
SECOND = 'msgctxt "list-item"\nmsgid "second item."'


def test_a_fuzzy_translation_stays_fuzzy_with_the_text_it_was_made_from():
    """An entry awaiting review stays fuzzy with its ``#|`` lines when its text is unchanged;
    when its text changes, the fuzzy match offers the *first* text the translation was made
    from, not the intermediate one; and the catalog's fuzzy header stays fuzzy."""
    text = _marked(DE.read_text(encoding="utf-8"), HEADING, '#, fuzzy\n#| msgctxt "heading"\n#| msgid "First part"\n')
    po = catalogs.parse_catalog(_marked(text, 'msgid ""\nmsgstr ""', "#, fuzzy\n").encode(), "de.po")
    same = catalogs.generate_po(catalogs.update(po, _template_from(MINI), "de"))
    assert '#, fuzzy\n#| msgctxt "heading"\n#| msgid "First part"\n' + HEADING in same
    assert same.count("#, fuzzy\nmsgid \"\"\nmsgstr \"\"") == 1
    edited = catalogs.update(po, _template_from(MINI.replace("## First section", "## First sections")), "de")
    assert '#, fuzzy\n#| msgctxt "heading"\n#| msgid "First part"\nmsgctxt "heading"\nmsgid "First sections"' \
        in catalogs.generate_po(edited)


def test_an_obsolete_entry_keeps_its_state_comments_and_previous_text_and_comes_back_fuzzy():
    """A fuzzy translation whose text leaves the source is kept as msgmerge keeps it (flags,
    translator comments, ``#~|``); when the text returns it is still awaiting review."""
    text = _marked(DE.read_text(encoding="utf-8"), SECOND,
                   '# checked by A.\n#, fuzzy\n#| msgctxt "list-item"\n#| msgid "second point."\n')
    po = catalogs.parse_catalog(text.encode(), "de.po")
    gone = catalogs.update(po, _template_from(MINI.replace("- second item.\n", "")), "de")
    assert '# checked by A.\n#, fuzzy\n#~| msgctxt "list-item"\n#~| msgid "second point."\n#~ msgctxt "list-item"\n' \
           '#~ msgid "second item."\n#~ msgstr "zweiter Punkt."' in catalogs.generate_po(gone)
    back = catalogs.update(_roundtrip(gone), _template_from(MINI), "de").catalog.get("second item.", context="list-item")
    assert back.string == "zweiter Punkt." and back.fuzzy


def test_two_obsolete_entries_with_one_msgid_in_two_contexts_are_both_kept():
    text = _marked(DE.read_text(encoding="utf-8"), HEADING,
                   'msgctxt "paragraph"\nmsgid "First section"\nmsgstr "Erster Abschnitt."\n\n')
    edited = MINI.replace("## First section\n\n", "")
    merged = catalogs.update(catalogs.parse_catalog(text.encode(), "de.po"), _template_from(edited), "de")
    assert sorted((m.context, m.string) for m in merged.catalog.obsolete.values()) == [
        ("heading", "Erster Abschnitt"), ("paragraph", "Erster Abschnitt.")]


def test_entries_that_go_obsolete_keep_the_old_file_s_order():
    """Neither the alphabetical order nor the active entries first: "First section", an obsolete
    entry and "A paragraph…" come in this order in the file."""
    text = _marked(DE.read_text(encoding="utf-8"), 'msgctxt "paragraph"\nmsgid "A paragraph',
                   '#~ msgctxt "paragraph"\n#~ msgid "An old paragraph."\n#~ msgstr "Ein alter Absatz."\n\n')
    edited = MINI.replace("## First section\n\n", "").replace("A paragraph with **bold** and *italic* words.\n\n", "")
    merged = catalogs.update(catalogs.parse_catalog(text.encode(), "de.po"), _template_from(edited), "de")
    assert [m.id for m in merged.catalog.obsolete.values()] == [
        "First section", "An old paragraph.", "A paragraph with **bold** and *italic* words."]


def test_update_counts_a_fuzzy_match_in_another_context_as_kept():
    """A paragraph retyped as a list item with a changed word is matched fuzzily by babel
    (which ignores the context): its translation is kept as fuzzy, not reported lost."""
    edited = MINI.replace("- second item.\n", "- second item changed.\n")
    edited = edited.replace("A paragraph with **bold** and *italic* words.",
                            "- A paragraph with **bold** and *italic* word.")
    merged = catalogs.update(catalogs.read_catalog(DE), _template_from(edited), "de")
    moved = merged.catalog.get("A paragraph with **bold** and *italic* word.", context="list-item")
    assert moved.fuzzy and moved.string == "Ein Absatz mit **fetten** und *kursiven* Wörtern."
    changed = merged.catalog.get("second item changed.", context="list-item")
    assert changed.fuzzy and changed.string == "zweiter Punkt."


def test_a_new_catalog_has_exactly_the_header_a_translator_expects(mini_project):
    """`update --locale pt` on the fixture project: the header block of the new file, byte for byte."""
    from brochure.cli import main

    assert main(["--project", str(mini_project.root), "update", "--locale", "pt"]) == 0
    text = (mini_project.root / "locales" / "pt" / "LC_MESSAGES" / "mini.po").read_text(encoding="utf-8")
    stamp = catalogs.read_catalog(mini_project.root / "locales" / "mini.pot").header(catalogs.CREATION_DATE)
    assert text.split("\n\n")[0] == "\n".join([
        "# pt translations of source/mini.md (Test Clinic, TC-01).",
        "# The references of the appendix are printed verbatim and are not in this file.",
        'msgid ""', 'msgstr ""',
        '"Project-Id-Version: mini 2.1\\n"', '"Report-Msgid-Bugs-To: \\n"', f'"POT-Creation-Date: {stamp}\\n"',
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"', '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"',
        '"Language-Team: LANGUAGE <LL@li.org>\\n"', '"Language: pt\\n"', '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % "',
        '"1000000 == 0 ? 1 : 2;\\n"',  # wrapped at 79 columns, as msginit writes it
        f'"X-Generator: brochure {brochure.__version__}\\n"',
    ])
    po = catalogs.read_catalog(mini_project.root / "locales" / "pt" / "LC_MESSAGES" / "mini.po")
    assert str(po.catalog.locale) == "pt" and not po.catalog.fuzzy


def _header_edit(old, new):
    text = DE.read_text(encoding="utf-8")
    assert old in text
    return catalogs.parse_catalog(text.replace(old, new).encode(), "de.po")


def test_update_refreshes_the_template_headers_and_keeps_the_translators():
    old = _header_edit('"Project-Id-Version: mini 2.1\\n"', '"Project-Id-Version: mini 2.0\\n"')
    old.headers = [(k, "2024-01-01 00:00+0000" if k == catalogs.CREATION_DATE else v) for k, v in old.headers]
    template = catalogs.read_catalog(FIXTURES / "project" / "locales" / "mini.pot")
    merged = catalogs.update(old, template, "de")
    assert merged.header("Project-Id-Version") == "mini 2.1"
    assert merged.header("POT-Creation-Date") == template.header("POT-Creation-Date")
    austrian = catalogs.update(_header_edit('"Language: de\\n"', '"Language: de_AT\\n"'), template, "de")
    assert ("Language", "de_AT") in austrian.headers



def test_update_takes_report_msgid_bugs_to_from_the_template_as_msgmerge_does():
    """The address for reports on the English text is the template's: msgmerge copies it with
    POT-Creation-Date. update kept a catalog's own, so the file differed from msgmerge's."""
    old = _header_edit('"Report-Msgid-Bugs-To: \\n"', '"Report-Msgid-Bugs-To: translations@example.org\\n"')
    template = catalogs.read_catalog(FIXTURES / "project" / "locales" / "mini.pot")
    merged = catalogs.update(old, template, "de")
    assert merged.header("Report-Msgid-Bugs-To") == template.header("Report-Msgid-Bugs-To") == ""

def test_update_fills_missing_and_placeholder_headers():
    po = catalogs.read_catalog(DE)  # (a file without Content-Type is refused by the reader)
    po.headers = [(k, "nplurals=INTEGER; plural=EXPRESSION;" if k == "Plural-Forms" else v) for k, v in po.headers
                  if k != "Content-Type"]
    merged = catalogs.update(po, catalogs.read_catalog(FIXTURES / "project" / "locales" / "mini.pot"), "de")
    assert ("Content-Type", "text/plain; charset=UTF-8") in merged.headers
    assert ("Plural-Forms", "nplurals=2; plural=(n != 1);") in merged.headers
    kept = catalogs.update(_header_edit("plural=(n != 1);", "plural=n != 1;"),
                           catalogs.read_catalog(FIXTURES / "project" / "locales" / "mini.pot"), "de")
    assert ("Plural-Forms", "nplurals=2; plural=n != 1;") in kept.headers


SHIPPED = sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_shipped_catalog_says_it_is_not_yet_medically_reviewed(locale):
    """Issue 15: the header note stays until a medical translator has reviewed the catalog;
    Language names the catalog's own folder and Plural-Forms is set (CLDR)."""
    text = (REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po").read_text(encoding="utf-8")
    comments = text.split('msgid ""', 1)[0]
    assert "not yet reviewed by a medical translator" in comments
    assert f'"Language: {locale}\\n"' in text
    assert '"Plural-Forms: nplurals=' in text


def test_an_empty_msgid_with_a_msgctxt_is_refused_not_taken_for_the_header():
    """babel's catalog takes any empty msgid for the header: the entry's translation was dropped
    without a word and its '#, fuzzy' marked the whole catalog's header fuzzy."""
    from conftest import assert_refused

    text = DE.read_text(encoding="utf-8") + '\n#, fuzzy\nmsgctxt "heading"\nmsgid ""\nmsgstr "Leer"\n'
    line = text.count("\n") - 1
    assert_refused(lambda: catalogs.parse_catalog(text.encode(), "de.po"), "de.po", line,
                   "an empty msgid with a msgctxt")


def test_a_plural_entry_is_refused_saying_what_to_do():
    """A plural entry (a translator's tool offers them) was refused with no test and no hint."""
    text = DE.read_text(encoding="utf-8") + '\nmsgid "one day"\nmsgid_plural "{n} days"\nmsgstr[0] "ein Tag"\n' \
                                            'msgstr[1] "{n} Tage"\n'
    line = text.count("\n") - 3
    assert_refused(lambda: catalogs.parse_catalog(text.encode(), "de.po"), "de.po", line,
                   "plural messages (msgid_plural) are not used by brochures; remove this entry")


MINI_PO = "locales/de/LC_MESSAGES/mini.po"


def test_obsolete_plural_entries_are_ignored_by_check_and_build(mini_project, capsys):
    """msgmerge, Poedit and Weblate keep a plural message that left the source as `#~ msgid_plural`
    / `#~ msgstr[N]`: check and build failed the whole catalog at it with "plural messages
    (msgid_plural) are not used by brochures; remove this entry", though it is never printed."""
    from brochure.cli import main
    from pdfread import text

    shutil.copy(FIXTURES / "po-tools" / "obsolete-plural.po", mini_project.root / MINI_PO)
    assert main(["--project", str(mini_project.root), "check", "--locale", "de"]) == 0
    out = capsys.readouterr()
    assert out.err == "0 error(s), 0 warning(s), 0 waived\n" and not out.out
    assert main(["--project", str(mini_project.root), "build", "--locale", "de"]) == 0
    printed = text(mini_project.pdf_path("mini", "de", "a4-leaflet"))
    assert "Erster Abschnitt" in printed and "Tag" not in printed and "Stunde" not in printed


def test_an_active_plural_entry_beside_an_obsolete_one_is_still_refused():
    text = (FIXTURES / "po-tools" / "obsolete-plural.po").read_text(encoding="utf-8") + \
        '\nmsgid "one year"\nmsgid_plural "{n} years"\nmsgstr[0] "ein Jahr"\nmsgstr[1] "{n} Jahre"\n'
    assert_refused(lambda: catalogs.parse_catalog(text.encode(), "de.po"), "de.po", text.count("\n") - 3,
                   "plural messages (msgid_plural) are not used by brochures; remove this entry")


def test_update_keeps_obsolete_plural_entries_as_polib_reads_them(mini_project):
    import polib
    from brochure.cli import main

    shutil.copy(FIXTURES / "po-tools" / "obsolete-plural.po", mini_project.root / MINI_PO)
    assert main(["--project", str(mini_project.root), "update"]) == 0
    obsolete = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(mini_project.root / MINI_PO)).obsolete_entries()}
    assert obsolete[(None, "one day")].msgid_plural == "{n} days"
    assert obsolete[(None, "one day")].msgstr_plural == {0: "ein Tag", 1: "{n} Tage"}
    hour = obsolete[("counter", "one full hour")]
    assert hour.msgstr_plural[1] == "{n} volle Stunden" and hour.fuzzy
    # polib does not read an obsolete entry's `#~|` lines
    assert ('#, fuzzy\n#~| msgctxt "counter"\n#~| msgid "one hour"\n#~| msgid_plural "{n} hours"\n'
            '#~ msgctxt "counter"\n#~ msgid "one full hour"\n') in (mini_project.root / MINI_PO).read_text("utf-8")
    # msgstr[0] empty is untranslated for GNU: msgmerge drops it as it drops every untranslated obsolete entry
    assert (None, "one month") not in obsolete


_LISTS = """---
title: "A small leaflet"
organisation: "Test Clinic"
document_code: "TC-01"
version: "2.1"
date: "2025-03-04"
language: en
---

## What to bring

- water,
- tea, and
- water.

Call us if you have

- water.
"""


def test_a_repeated_block_keeps_each_of_its_comments_whole():
    """'- water.' twice: babel merged the two comments line by line, and the second lost its
    last line ('#. Bullet-list item 3 of 3; … that ends the' and nothing more)."""
    po = catalogs.template(parse_document(_LISTS, "source/leaflet.md"))
    message = po.catalog.get("water.", context="list-item")
    assert message.locations == [("source/leaflet.md", 14), ("source/leaflet.md", 18)]
    assert message.auto_comments == [
        "Bullet-list item 3 of 3.",
        "Bullet-list item 1 of 1; the items complete the sentence that ends the",
        "paragraph before the list.",
    ]


def test_a_list_after_a_heading_is_not_said_to_complete_a_paragraph():
    """The comment told the translator that the items complete 'the paragraph before the list'
    where a heading stood before it."""
    po = catalogs.template(parse_document(_LISTS, "source/leaflet.md"))
    assert po.catalog.get("water,", context="list-item").auto_comments == ["Bullet-list item 1 of 3."]
