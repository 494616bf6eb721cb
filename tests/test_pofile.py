"""The strict .po gate: every malformed file refused with the right path:line."""

import pytest

from brochure.catalogs import parse_catalog
from brochure.pofile import parse_po

from conftest import FIXTURES, REPO, assert_refused

BAD = {
    "binary-garbage.po": (1, "not valid UTF-8"),
    "bom.po": (1, "byte order mark"),
    # at the Content-Type line, as latin1-declared.po (the same message) was: it said line 2, the msgstr
    "charset-latin1.po": (3, "charset 'iso-8859-1' is not supported"),
    # saved empty by an editor: was 'missing header entry (msgid "" with Content-Type and Language)'
    "empty.po": (1, "the file is empty; delete it, and `update` for its locale creates it again with its header"),
    "duplicate-entry.po": (12, "duplicate message definition (msgctxt 'heading'); the first is at line 8"),
    # two obsolete '#~' entries of one message (a merge of two branches): the second silently
    # replaced the first, and the next update wrote one translation fewer; msgfmt -c refuses it.
    "duplicate-obsolete-entry.po": (12, "duplicate obsolete (#~) message definition (msgctxt 'heading'); "
                                        "the first is at line 8"),
    # an obsolete twin of an active entry (msgfmt, msgcat, msgmerge: "duplicate message
    # definition"): it was read, and update wrote both back, a file no GNU tool would read after us
    "obsolete-twin-of-active.po": (12, "a message both active and obsolete (#~), as GNU gettext refuses; keep "
                                       "one (msgctxt 'heading'); the first is at line 8"),
    # an octal escape is a byte (msgfmt writes 0xfc into the .mo as it is): not 'ü' in a UTF-8 catalog
    "escaped-bytes-not-utf8.po": (10, "the escaped bytes are not UTF-8"),
    "header-not-first.po": (5, "header entry must come first"),
    "keyword-typo.po": (9, "unknown keyword 'msgstrr'"),
    "latin1-bytes.po": (9, "byte 0xdc is not valid UTF-8"),
    # a valid ISO-8859-1 catalog (msgfmt -c accepts it): was 'byte 0xfc is not valid UTF-8' at line 10,
    # an accented letter, with nothing about the declared charset or how to convert the file
    "latin1-declared.po": (4, "charset 'iso-8859-1' is not supported: convert the file to UTF-8 "
                              "(`msgconv -t UTF-8 FILE -o FILE`)"),
    "missing-header.po": (1, "missing header entry"),
    "missing-msgstr.po": (8, "msgid without msgstr"),
    "msgstr-without-msgid.po": (8, "msgstr without msgid"),
    "plural-count.po": (9, "msgstr[0, 1, 2] but the header says nplurals=2"),
    "stray-continuation.po": (7, "string continuation without a keyword"),
    # a translator's own quotation mark ends the string: say how to write one
    "text-after-quote.po": (9, "text after the closing quote: 'Abschnitt'; a quotation mark inside the text "
                               "is written \\\""),
    "unknown-escape.po": (9, "unknown escape sequence '\\q'"),
    "unterminated-string.po": (9, "unterminated string"),
}


def test_every_bad_fixture_has_an_expectation():
    assert sorted(p.name for p in (FIXTURES / "po").glob("*.po")) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_malformed_catalog_is_refused_at_its_line(name):
    line, words = BAD[name]
    shown = f"locales/de/LC_MESSAGES/{name}"
    assert_refused(lambda: parse_po((FIXTURES / "po" / name).read_bytes(), shown), shown, line, words)


def test_unterminated_string_does_not_lose_a_letter_silently():
    data = (FIXTURES / "po" / "unterminated-string.po").read_bytes().replace(b'Abschnitt\n', b'Abschnitt"\n')
    entries = parse_po(data, "x.po").entries
    assert entries[0].msgstr[0] == "Erster Abschnitt"


def test_escapes_continuations_and_obsolete_entries_are_read():
    data = b'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# translator note
#. extracted
#: source/a.md:3 source/a.md:9
#, fuzzy, no-wrap
#| msgid "old text"
msgctxt "paragraph"
msgid "Tab\\there "
"and \\"quotes\\""
msgstr "Tab\\tda "
"und \\"Zitate\\""

#~ msgctxt "heading"
#~ msgid "Gone"
#~ msgstr "Weg"
'''
    po = parse_catalog(data, "x.po")
    message = po.catalog.get('Tab\there and "quotes"', context="paragraph")
    assert message.string == 'Tab\tda und "Zitate"'
    assert message.fuzzy and "no-wrap" in message.flags
    assert message.locations == [("source/a.md", 3), ("source/a.md", 9)]
    assert message.user_comments == ["translator note"] and message.auto_comments == ["extracted"]
    assert message.previous_id == ["old text"]
    assert po.line_of(message) == 13
    assert [m.string for m in po.catalog.obsolete.values()] == ["Weg"]


def test_shipped_catalogs_pass_the_gate():
    """Every shipped catalog is read whole: each of its active entries where a line starts with
    'msgid ' (the header's excepted), and the language of its folder. The test only called the
    parser, over a glob that could have found nothing."""
    paths = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(paths) >= 2 * 28  # two documents in every shipped locale
    for path in paths:
        parsed = parse_po(path.read_bytes(), str(path))
        starts = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                  if line.startswith('msgid "')]
        assert [e.msgid_line for e in parsed.entries if not e.obsolete] == starts[1:], path
        assert parsed.header_value("Language") == path.parts[-3], path


def test_comments_without_a_space_and_references_with_a_colon_in_the_path_are_read():
    """As hand edits and Windows paths write them: '#,fuzzy', '#.note', 'C:/clinic/a.md:12'."""
    data = b'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#.note
#: C:/clinic/a.md:12 notes:draft
#,fuzzy
msgid "Text"
msgstr "Text"
'''
    message = parse_catalog(data, "x.po").catalog.get("Text")
    assert message.fuzzy and message.flags == {"fuzzy"}
    assert message.auto_comments == ["note"]
    assert message.locations == [("C:/clinic/a.md", 12), ("notes:draft", None)]


def _po(header_extra: bytes, body: bytes = b"") -> bytes:
    return (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + header_extra + b"\n" + body)


@pytest.mark.parametrize("plural_forms, words", [
    (b"nplurals=7; plural=n;", "nplurals=7 is out of range"),
    (b"nplurals=0; plural=0;", "nplurals=0 is out of range"),
    (b"nplurals=2;", "Plural-Forms 'nplurals=2;' lacks nplurals= or plural="),
    (b"plural=(n != 1);", "lacks nplurals= or plural="),
])
def test_a_broken_plural_forms_header_is_refused_at_its_line(plural_forms, words):
    data = _po(b'"Language: de\\n"\n"Plural-Forms: ' + plural_forms + b'\\n"\n')
    assert_refused(lambda: parse_po(data, "x.po"), "x.po", 5, words)


# the header's line offset was added to the msgstr line: one line early in the GNU form
# (`msgstr ""` first), and one more for every field wrapped over two lines before it
@pytest.mark.parametrize("header, line", [
    (b'msgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n"Broken line\\n"\n', 5),
    (b'msgstr ""\n"Plural-Forms: nplurals=2; "\n"plural=(n != 1);\\n"\n'
     b'"Content-Type: text/plain; charset=UTF-8\\n"\n"Broken line\\n"\n', 6),
    (b'msgstr "Content-Type: text/plain; charset=UTF-8\\nBroken line\\n"\n', 2),
])
def test_a_malformed_header_line_is_refused_at_its_line(header, line):
    data = b'msgid ""\n' + header + b'\nmsgid "a"\nmsgstr "b"\n'
    assert_refused(lambda: parse_po(data, "x.po"), "x.po", line, "header line 'Broken line' is not 'Name: value'")


def test_a_plural_entry_needs_a_plural_forms_header():
    data = _po(b"", b'msgid "day"\nmsgid_plural "days"\nmsgstr[0] "Tag"\nmsgstr[1] "Tage"\n')
    assert_refused(lambda: parse_po(data, "x.po"), "x.po", 5, "plural entry but the header has no Plural-Forms")


def test_previous_msgid_over_several_lines_previous_context_and_bare_comments_are_read():
    data = _po(b"", b'#\n#note without a space\n#| msgctxt "heading"\n#| msgid ""\n#| "old "\n#| "text"\n'
                    b'#, fuzzy\nmsgctxt "paragraph"\nmsgid "New text"\nmsgstr "Neuer Text"\n')
    entry = parse_po(data, "x.po").entries[0]
    assert entry.previous_msgid == "old text" and entry.previous_msgctxt == "heading"
    assert entry.translator_comments == ["", "note without a space"]


def test_octal_and_hex_escapes_are_the_bytes_of_the_utf8_text_as_gnu_reads_them():
    """`msgcat --escape` writes each non-ASCII letter as the escapes of its UTF-8 bytes
    ("Arztgespr\\303\\244ch"), and msgfmt reads an escape as one byte. They were read as code
    points: check reported U+0084 control characters and '¼' numbers, and update wrote
    "ArztgesprÃ¤ch" back into the catalog."""
    data = _po(b"", b'msgid "Consultation"\nmsgstr "Arztgespr\\303\\244ch, n\\xc3\\xb6tig, \\101\\x42"\n')
    assert parse_po(data, "x.po").entries[0].msgstr[0] == "Arztgespräch, nötig, AB"



@pytest.mark.parametrize("escape", [b"\\'", b"\\?"])
def test_escapes_msgfmt_does_not_know_are_refused(escape):
    """C's \\' and \\? are no escapes of a .po file (msgfmt: 'invalid control sequence');
    they were read as ' and ?."""
    data = _po(b"", b'msgid "Consultation"\nmsgstr "Termin ' + escape + b' heute"\n')
    assert_refused(lambda: parse_po(data, "x.po"), "x.po", 6, "unknown escape sequence")

@pytest.mark.parametrize("escaped, words", [
    (b"\\344", "escaped bytes are not UTF-8"),  # a Latin-1 byte: msgfmt writes it into the .mo as it is
    (b"\\303", "escaped bytes are not UTF-8"),
    (b"\\x414", "'\\x414' is more than one byte"),  # GNU reads every hex digit and keeps the low byte
    (b"\\777", "'\\777' is more than one byte"),
])
def test_escaped_bytes_that_are_no_utf8_text_are_refused_at_their_line(escaped, words):
    data = _po(b"", b'msgid "Consultation"\nmsgstr "Termin ' + escaped + b' heute"\n')
    assert_refused(lambda: parse_po(data, "x.po"), "x.po", 6, words)


@pytest.mark.parametrize("body, line", [
    (b'msgctxt "heading"\nmsgid "First"\n#~ "section"\nmsgstr "Erster Abschnitt"\n', 7),
    (b'#~ msgctxt "heading"\n#~ msgid "First"\n"section"\n#~ msgstr "Erster Abschnitt"\n', 7),
])
def test_a_continuation_line_obsolete_in_an_active_entry_or_active_in_an_obsolete_one_is_refused(body, line):
    """msgfmt: 'inconsistent use of #~'. The string was appended to the entry whatever its #~
    said (half a message commented out in a merge still printed)."""
    assert_refused(lambda: parse_po(_po(b"", body), "x.po"), "x.po", line, "an entry mixes obsolete (#~) and active lines")


@pytest.mark.parametrize("body, line", [
    (b'msgctxt "heading"\n#. Section heading.\nmsgid "First section"\nmsgstr "Erster Abschnitt"\n', 6),
    (b'msgctxt "heading"\nmsgid "First "\n# note\n"section"\nmsgstr "Erster Abschnitt"\n', 7),
    (b'#~ msgctxt "heading"\n#~ msgid "First section"\n#, fuzzy\n#~ msgstr "Erster Abschnitt"\n', 7),
    (b'msgctxt "heading"\nmsgid "First section"\n#| msgid "First part"\nmsgstr "Erster Abschnitt"\n', 7),
])
def test_a_comment_between_the_keywords_of_an_entry_is_refused(body, line):
    """msgfmt: 'syntax error' or 'missing msgstr section' (comments go above an entry). It was
    taken as the entry's comment, and a string after it continued the msgid."""
    assert_refused(lambda: parse_po(_po(b"", body), "x.po"), "x.po", line, "a comment inside an entry")


def test_a_keyword_written_without_a_space_before_its_string_is_read_as_msgfmt_reads_it():
    """msgfmt, msgcat and msgmerge read 'msgstr"Erster Abschnitt"' (a hand edit); it was
    refused as an 'unknown keyword' it is not."""
    data = _po(b"", b'msgctxt"heading"\nmsgid"First section"\nmsgstr"Erster Abschnitt"\n')
    entry = parse_po(data, "x.po").entries[0]
    assert (entry.msgctxt, entry.msgid, entry.msgstr) == ("heading", "First section", {0: "Erster Abschnitt"})
