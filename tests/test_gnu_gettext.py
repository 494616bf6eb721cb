"""Our .po files are byte for byte what GNU gettext writes.

GNU msgcat is the reference for the layout (wrapping at 79 columns, escapes,
header, comments) and GNU msgmerge --previous for `update` (which messages
are kept, fuzzy or obsolete, and the `#| msgctxt`/`#| msgid` they carry).
The shipped catalogs are first run through `update` in a temporary copy, so
these tests do not depend on the committed files being in GNU layout already.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from brochure import catalogs, powrap
from brochure.cli import main
from brochure.labels import LABELS
from brochure.source import parse_document

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None or shutil.which("msgmerge") is None,
                                reason="GNU gettext (msgcat, msgmerge) not installed")


def _copy_project(target: Path) -> Path:
    for name in ("source", "locales", "layouts", "fonts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("*.ttf", "*.otf", "*.icc"))
    return target


def _msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout


def _cli(project: Path, *args: str) -> None:
    assert main(["--project", str(project), *args]) == 0


@pytest.fixture(scope="module")
def updated(tmp_path_factory) -> Path:
    project = _copy_project(tmp_path_factory.mktemp("gnu") / "project")
    _cli(project, "extract")
    _cli(project, "update")
    return project


def test_msgcat_changes_nothing_in_update_output(updated):
    files = [updated / "locales" / "als-stem-cells.pot", *sorted(updated.glob("locales/*/LC_MESSAGES/als-stem-cells.po"))]
    assert len(files) >= 13
    for path in files:
        assert _msgcat(path) == path.read_bytes(), path.relative_to(updated)


def test_update_output_has_x_generator_and_long_strings_wrapped(updated):
    text = (updated / "locales" / "de" / "LC_MESSAGES" / "als-stem-cells.po").read_text(encoding="utf-8")
    assert f'"X-Generator: {catalogs.GENERATOR}\\n"' in text
    strings = [line for line in text.splitlines() if line.startswith(('"', "msg", "#|"))]
    assert max(powrap.text_width(line) for line in strings) <= 79
    # GNU breaks after the space: continued lines end with the space
    assert sum(1 for line in text.splitlines() if line.startswith('"') and line.endswith(' "')) > 100


EDITS = [
    [("About one to two out of 100,000 people", "About one to three out of 100,000 people")],
    [("About one to three out of 100,000 people", "About two to three out of 100,000 people each year;"),
     ("## What causes ALS?\n\n", "")],
    [("## What is Amyotrophic Lateral Sclerosis (ALS)?", "## What is ALS?"),
     ("## What are the symptoms of ALS?\n", "## What causes ALS?\n\n## What are the symptoms of ALS?\n")],
]


def test_three_source_edits_update_exactly_as_msgmerge(tmp_path):
    """After each of three successive edits of the article, `update` writes every catalog
    byte for byte as `msgmerge --previous` does from the same old catalog and template."""
    project = _copy_project(tmp_path / "project")
    _cli(project, "extract")
    _cli(project, "update")
    source = project / "source" / "als-stem-cells.md"
    text = source.read_text(encoding="utf-8")
    for number, edit in enumerate(EDITS, 1):
        for old, new in edit:
            assert old in text
            text = text.replace(old, new, 1)
        source.write_text(text, encoding="utf-8")
        _cli(project, "extract")
        expected = {}
        for po in sorted(project.glob("locales/*/LC_MESSAGES/als-stem-cells.po")):
            result = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(po),
                                     str(project / "locales" / "als-stem-cells.pot")],
                                    check=True, capture_output=True)
            expected[po] = result.stdout
        _cli(project, "update")
        for po, gnu in expected.items():
            assert po.read_bytes() == gnu, f"edit {number}: {po.relative_to(project)}"
    de = (project / "locales" / "de" / "LC_MESSAGES" / "als-stem-cells.po").read_text(encoding="utf-8")
    # the previous msgid is the text the translation was made from, not the intermediate edit
    assert '#| msgctxt "paragraph"\n#| msgid ""\n#| "About one to two out of 100,000 people' in de
    assert "one to three" not in de


@pytest.mark.parametrize("name", ["obsolete-plural.po", "obsolete-plural-revived.po"])
def test_obsolete_plural_entries_update_exactly_as_msgmerge(mini_project, name):
    """An obsolete plural entry (`#~ msgid_plural`, `#~ msgstr[N]`, with `#~|` previous msgids and
    msgctxt) is kept as msgmerge keeps it, and one whose msgid returns, or is similar to a new
    one, lends its msgstr[0] as fuzzy with `#| msgid_plural`; a second `update` changes nothing.
    `update` refused such a catalog: "plural messages (msgid_plural) are not used by brochures"."""
    po = mini_project.root / "locales" / "de" / "LC_MESSAGES" / "mini.po"
    shutil.copy(ROOT / "tests" / "fixtures" / "po-tools" / name, po)
    gnu = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(po),
                          str(mini_project.root / "locales" / "mini.pot")], check=True, capture_output=True).stdout
    for _ in range(2):
        _cli(mini_project.root, "update")
        assert po.read_bytes() == gnu


def _catalog_file(messages: list[Message], obsolete: list[Message] = (), previous=None) -> catalogs.PoFile:
    catalog = Catalog(locale="de", charset="utf-8", fuzzy=False)
    for message in messages:
        catalog[message.id] = message
    for message in obsolete:
        catalog.obsolete[(message.id, message.context)] = message
    headers = [("Project-Id-Version", "x " + "very long project name " * 4), ("Language", "de"),
               ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
               ("Last-Translator", "Ä Translator with a long name and an address <translator@example.org>")]
    return catalogs.PoFile(catalog, headers, ["A header comment.", ""], previous=previous or {})


def test_edge_cases_are_wrapped_as_msgcat_wraps_them(tmp_path):
    url = "https://example.org/" + "very-long-path/" * 8
    long_word = "x" * 120
    strings = [
        "",
        "short",
        "A" * 69 + " fits?",
        "A" * 70 + " fits?",
        f"See {url} for more.",
        f"{long_word} and then some words after the very long word that go on",
        'Quotes "inside" and a back\\slash and a tab\there, long enough to need a line break somewhere.',
        "Two lines:\nthe second one\n",
        "Ends with a newline that must not be alone on its line, so the text is long enough\n",
        "\n",
        "中文的句子没有空格，所以可以在汉字之间换行。" * 4,
        "हिन्दी में एक लंबा वाक्य जिसमें मात्राएँ और संयुक्ताक्षर हैं, ताकि पंक्ति टूटे और चौड़ाई सही गिनी जाए।" * 2,
        "Ein Satz mit Bindestrich-Wörtern, Schrägstrichen/Optionen und – Gedankenstrichen — überall, 1.6:1 usw.",
        "Page {page} of {pages} " * 5,
    ]
    messages = []
    previous = {}
    for i, text in enumerate(strings):
        flags = {"python-brace-format"} if "{" in text else set()
        message = Message(f"{text}", f"Ü {text}", context=f"ctx.{i}", flags=flags,
                          auto_comments=["An extracted comment."], user_comments=["translator note"],
                          locations=[(f"source/{'long-name-' * 3}{i}.md", i + 1), ("source/b.md", 7)])
        if i % 3 == 0:
            message.flags.add("fuzzy")
            previous[(message.context, message.id)] = ("an old context that is long " * 3, "Old " + text)
        messages.append(message)
    obsolete = [Message("gone " * 30, "weg " * 30, context="paragraph", flags={"fuzzy"})]
    previous[("paragraph", "gone " * 30)] = ("paragraph", "went " * 30)
    target = tmp_path / "edge.po"
    catalogs.write_catalog(target, _catalog_file(messages, obsolete, previous))
    assert _msgcat(target) == target.read_bytes()
    text = target.read_text(encoding="utf-8")
    assert "#~| msgctxt" in text and "#| msgctxt" in text
    assert f'"{long_word} "' in text  # a word longer than the line stays whole


def test_random_text_from_every_shipped_alphabet_wraps_as_msgcat(tmp_path):
    alphabet = set()
    for po in ROOT.glob("locales/*/LC_MESSAGES/als-stem-cells.po"):
        alphabet |= set(po.read_text(encoding="utf-8"))
    alphabet -= {"\n", "\r"}
    pool = sorted(alphabet) + list(" " * 20) + list("\t\"\\-–—/()«»“”„.,;:!?%") + ["\n"]
    rnd = random.Random(13)
    messages = [Message(f"m{i}", "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 260))), context="x")
                for i in range(400)]
    target = tmp_path / "random.po"
    catalogs.write_catalog(target, _catalog_file(messages))
    assert _msgcat(target) == target.read_bytes()


def test_wrap_breaks_after_the_space_at_79_columns():
    lines = powrap.wrap("msgstr", "word " * 30)
    assert lines[0] == 'msgstr ""'
    assert all(len(line) <= 79 for line in lines)
    assert lines[1] == '"' + "word " * 15 + '"'  # 77 columns: one more "word " would make 82
    assert powrap.wrap("msgid", "short") == ['msgid "short"']
    assert powrap.wrap("msgid", "a\nb") == ['msgid ""', '"a\\n"', '"b"']


# ---------------------------------------------------------------- update against msgmerge, small cases

def _entries(text: str) -> str:
    """A catalog's entries without its header (update writes more header fields than msgmerge)."""
    return text.split("\n\n", 1)[1]


def _update_both(tmp_path: Path, old: str, pot: str) -> tuple[str, str]:
    """(ours, GNU msgmerge --previous) for the same old catalog and template."""
    header = 'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"POT-Creation-Date: \\n"\n' \
             '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    (tmp_path / "old.po").write_text(header + old, encoding="utf-8")
    (tmp_path / "new.pot").write_text(header + pot, encoding="utf-8")
    ours = catalogs.generate_po(catalogs.update(catalogs.read_catalog(tmp_path / "old.po"),
                                                catalogs.read_catalog(tmp_path / "new.pot"), "de"))
    gnu = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(tmp_path / "old.po"),
                          str(tmp_path / "new.pot")], check=True, capture_output=True, text=True).stdout
    return _entries(ours), _entries(gnu)


def test_fuzzy_match_uses_gnus_measure_and_context_bonus(tmp_path):
    """msgmerge's fstrcmp is the Indel (LCS) similarity; a same-msgctxt candidate gets only
    GNU's 0.00001 bonus. With difflib's ratio (0.31 for the rewrite) and a 1 % penalty for
    another msgctxt, the first message became untranslated and the other two took the
    wrong translation or none."""
    old = ('msgctxt "paragraph"\nmsgid "The neurologist is responsible for the diagnosis."\n'
           'msgstr "Der Neurologe ist für die Diagnose verantwortlich."\n\n'
           'msgctxt "heading"\nmsgid "What are the symptoms ALS disease?"\nmsgstr "GLEICHER KONTEXT"\n\n'
           'msgctxt "paragraph"\nmsgid "of What are the symptoms of ALS disease?"\nmsgstr "ANDERER KONTEXT"\n\n'
           'msgctxt "paragraph"\nmsgid "What the of ALS?"\nmsgstr "KNAPP ÜBER 0,6"\n')
    pot = ('msgctxt "paragraph"\nmsgid "The diagnosis is the responsibility of the neurologist."\nmsgstr ""\n\n'
           'msgctxt "heading"\nmsgid "What are the symptoms of ALS disease?"\nmsgstr ""\n\n'
           'msgctxt "list-item"\nmsgid "What are the symptoms of ALS?"\nmsgstr ""\n')
    ours, gnu = _update_both(tmp_path, old, pot)
    assert 'msgstr "Der Neurologe ist für die Diagnose verantwortlich."' in gnu.split("\n\n")[0]
    assert ours == gnu



def test_a_fuzzy_entry_without_a_previous_msgid_lends_its_translation_without_one(tmp_path):
    """msgmerge gives a fuzzy match the `#|` of the entry it comes from when that entry is fuzzy
    (none if it has none): its msgid is not known to be the text the translation was made from
    (a translator's "needs work" in Poedit, a merge without --previous). update wrote that msgid
    as `#| msgid`, so the proof showed a change from a text nobody translated."""
    old = ('#, fuzzy\nmsgctxt "heading"\nmsgid "What you should bring"\nmsgstr "Was Sie mitbringen sollten"\n\n'
           'msgctxt "paragraph"\nmsgid "Please bring your card."\nmsgstr "Bitte bringen Sie Ihre Karte mit."\n')
    pot = ('msgctxt "heading"\nmsgid "What you should bring along"\nmsgstr ""\n\n'
           'msgctxt "paragraph"\nmsgid "Please bring your cards."\nmsgstr ""\n')
    ours, gnu = _update_both(tmp_path, old, pot)
    assert gnu.count("#, fuzzy") == 2 and gnu.count("#| msgid") == 1  # the paragraph's, from a translated entry
    assert ours == gnu


@pytest.mark.parametrize("old, new, offered", [
    # no 4-character sequence in common: msgmerge's fuzzy index never compares the two (0.857)
    (["Consent"], "Content", None),
    # fstrcmp compares UTF-8 bytes: 0.602 (0.568 by characters, which left it untranslated)
    (["2–8 °C – keep vials – no freezer."], "Keep the vials at 2–8 °C – never in the freezer.",
     "2–8 °C – keep vials – no freezer."),
    # equally similar (0.933): the one sharing more 4-character sequences is tried first and wins
    (["a list doses all the medicines you take", "your list of all the medicines you take"],
     "a list of all the medicines you take", "your list of all the medicines you take"),
])
def test_fuzzy_match_looks_at_candidates_as_msgmerges_fuzzy_index_does(tmp_path, old, new, offered):
    """update compared every translated msgid by characters, in file order; msgmerge compares
    UTF-8 bytes, and only the msgids that share a 4-character sequence with the new one, those
    sharing most first."""
    old_po = "\n".join(f'msgctxt "list-item"\nmsgid "{text}"\nmsgstr "DE {text}"\n' for text in old)
    ours, gnu = _update_both(tmp_path, old_po, f'msgctxt "list-item"\nmsgid "{new}"\nmsgstr ""\n')
    first = gnu.split("\n\n")[0]
    assert (f'msgstr "DE {offered}"' in first) if offered else first.endswith('msgstr ""')
    assert ours == gnu


def test_obsolete_entries_keep_the_order_of_the_old_file(tmp_path):
    """msgmerge writes the entries that go obsolete in the order the old file has them, the
    obsolete ones among them. update wrote the ones that were active first, so a file with an
    obsolete entry above an active one came out in another order than msgmerge's."""
    old = ('#~ msgctxt "paragraph"\n#~ msgid "Old and obsolete."\n#~ msgstr "Alt und veraltet."\n\n'
           'msgctxt "heading"\nmsgid "What to bring"\nmsgstr "Was Sie mitbringen sollten"\n\n'
           'msgctxt "paragraph"\nmsgid "Removed from the article."\nmsgstr "Aus dem Artikel entfernt."\n')
    ours, gnu = _update_both(tmp_path, old, 'msgctxt "heading"\nmsgid "What to bring"\nmsgstr ""\n')
    assert gnu.index("Old and obsolete.") < gnu.index("Removed from the article.")
    assert ours == gnu

def test_flags_and_translator_comments_are_kept_as_written(tmp_path):
    """babel guesses python-format from "10% of" ("% o") and merges repeated comment lines;
    msgmerge keeps what the files say, and msgfmt --check accepts a correct French "10 % sont"."""
    text = "About 10% of cases run in families, and 5 % of patients are under 40."
    old = (f'# Note.\n# Note.\n#\n#\n# Checked.\nmsgctxt "paragraph"\nmsgid "{text}"\n'
           'msgstr "Environ 10\u202f% sont des cas familiaux, et 5\u202f% des patients ont moins de 40 ans."\n')
    pot = f'#. Paragraph.\nmsgctxt "paragraph"\nmsgid "{text}"\nmsgstr ""\n'
    ours, gnu = _update_both(tmp_path, old, pot)
    assert ours == gnu
    assert "format" not in ours and "# Note.\n# Note.\n#\n#\n" in ours
    document = parse_document((ROOT / "source" / "consultation.md").read_text(encoding="utf-8")
                              .replace("\n## ", f"\n{text}\n\n## ", 1), "source/consultation.md")
    template = catalogs.generate_po(catalogs.template(document))
    assert text in template and "python-format" not in template
    assert template.count("python-brace-format") == sum("{" in label.text for label in LABELS)
    po = tmp_path / "fr.po"
    po.write_text(catalogs.generate_po(catalogs.update(catalogs.read_catalog(tmp_path / "old.po"),
                                                       catalogs.parse_catalog(template.encode(), "t.pot"), "fr")),
                  encoding="utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0


def test_trailing_blanks_of_a_translator_comment_are_kept_as_msgmerge_keeps_them(tmp_path):
    """A comment line is the translator's text to its end: msgmerge keeps '# Checked. ' as written
    (update wrote '# Checked.', so a round trip through the two tools changed the file)."""
    old = ('# Checked by A. Meier. \n#\tsee the glossary\t\n# \nmsgctxt "heading"\nmsgid "What to bring"\n'
           'msgstr "Was Sie mitbringen sollten"\n\n'
           '# gone, but kept \n#~ msgctxt "heading"\n#~ msgid "Removed"\n#~ msgstr "Entfernt"\n')
    pot = 'msgctxt "heading"\nmsgid "What to bring"\nmsgstr ""\n'
    ours, gnu = _update_both(tmp_path, old, pot)
    assert "# Checked by A. Meier. \n" in gnu and "# gone, but kept \n" in gnu
    assert ours == gnu


def test_a_catalog_saved_by_msgcat_escape_reads_as_the_same_text(tmp_path):
    """`msgcat --escape` writes every non-ASCII letter as octal escapes of its UTF-8 bytes; they
    were read as code points, and update wrote the German catalog back as 'ArztgesprÃ¤ch'."""
    shipped = ROOT / "locales" / "de" / "LC_MESSAGES" / "consultation.po"
    escaped = tmp_path / "consultation.po"
    subprocess.run(["msgcat", "--escape", "-o", str(escaped), str(shipped)], check=True)
    assert b"\\303\\244" in escaped.read_bytes()
    assert catalogs.generate_po(catalogs.read_catalog(escaped)) == catalogs.generate_po(catalogs.read_catalog(shipped))
