"""What an edition takes from a catalog's header for the colophon."""

from brochure import catalogs
from brochure.edition import make_edition
from brochure.source import read_document

from conftest import REPO


def _translator(last_translator: str) -> str | None:
    article = read_document(REPO / "source" / "consultation.md", "source/consultation.md")
    text = (REPO / "locales" / "de" / "LC_MESSAGES" / "consultation.po").read_text(encoding="utf-8")
    assert "Last-Translator: Claude (AI model)\\n" in text
    text = text.replace("Last-Translator: Claude (AI model)", f"Last-Translator: {last_translator}")
    return make_edition(article, "de", catalogs.parse_catalog(text.encode(), "de.po")).translator


def test_the_placeholder_msginit_writes_for_the_translator_is_not_printed_as_a_name():
    """`msginit --no-translator` writes 'Last-Translator: Automatically generated', and the
    colophon printed that as the translator's name, as it would print 'Anna Schmidt'."""
    assert _translator("Anna Schmidt <anna@example.org>") == "Anna Schmidt"
    assert _translator("Automatically generated") is None


def test_a_kicker_left_in_english_is_put_in_english_capitals():
    """The kicker is printed in capitals by its language's rules; one the catalog has not
    translated is English (--fallback-source), but was capitalised by the locale's: a new
    Azerbaijani catalog printed 'PATİENT İNFORMATİON'."""
    article = read_document(REPO / "source" / "consultation.md", "source/consultation.md")
    text = (REPO / "locales" / "de" / "LC_MESSAGES" / "consultation.po").read_text(encoding="utf-8")
    assert 'msgstr "Patienteninformation"' in text
    untranslated = catalogs.parse_catalog(text.replace('msgstr "Patienteninformation"', 'msgstr ""').encode(), "az.po")
    assert make_edition(article, "az", untranslated).drawn_label("cover.kicker") == "PATIENT INFORMATION"
    translated = catalogs.parse_catalog(text.replace('msgstr "Patienteninformation"', 'msgstr "Xəstə məlumatı"')
                                        .encode(), "az.po")
    assert make_edition(article, "az", translated).drawn_label("cover.kicker") == "XƏSTƏ MƏLUMATI"


def test_the_source_languages_own_name_is_looked_up_only_where_a_label_is_left_untranslated():
    """"English" in English is printed only by a colophon sentence left in English; looking it
    up loaded CLDR's English data (~5 ms of a one-locale build) for every translation."""
    article = read_document(REPO / "source" / "consultation.md", "source/consultation.md")
    text = (REPO / "locales" / "de" / "LC_MESSAGES" / "consultation.po").read_text(encoding="utf-8")
    translated = make_edition(article, "de", catalogs.parse_catalog(text.encode(), "de.po"))
    assert translated.source_language_in_source == ""
    assert translated.sentence("colophon.translated-from") == "Übersetzung aus dem Original (Englisch)."
    sentence = 'msgstr "Übersetzung aus dem Original ({language})."'
    assert sentence in text
    untranslated = make_edition(article, "de", catalogs.parse_catalog(text.replace(sentence, 'msgstr ""').encode(),
                                                                      "de.po"))
    assert untranslated.sentence("colophon.translated-from") == "Translated from the English original."
    assert make_edition(article, "en", None).sentence("colophon.translated-from") == \
        "Translated from the English original."
