"""Everything printed is translatable: front matter, and a colophon in one language."""

from __future__ import annotations

from pathlib import Path

import pytest

import brochure
from brochure import catalogs
from brochure.source import parse_document, read_document
from pdfread import text as pdf_text

REPO = Path(__file__).resolve().parents[1]
CONTACT = "Telephone: +00 000 000 000 (Monday to Friday, 9:00–17:00)"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory) -> Path:
    """A new project whose de catalog translates only one contact line; nl (a language the program
    ships no catalog for) translates nothing."""
    project = brochure.init(tmp_path_factory.mktemp("front") / "clinic")
    brochure.update(project, locales=["de", "nl"])
    po_path = project.po_path("article", "de")
    text = po_path.read_text(encoding="utf-8")
    entry = f'msgctxt "front-matter.contact"\nmsgid "{CONTACT}"\nmsgstr ""'
    assert entry in text
    po_path.write_text(text.replace(entry, entry[:-2] + '"Telefon: +00 000 000 000 (Montag bis Freitag, 9:00–17:00)"'),
                       encoding="utf-8")
    result = brochure.build(project, locales=["de", "nl"], layouts=["a5-booklet"], fallback_source=True, jobs=1)
    assert result.ok, [str(r.error) for r in result.failed]
    return project.root


def test_front_matter_lines_are_messages_with_their_own_context(clinic):
    pot = catalogs.read_catalog(clinic / "locales" / "article.pot")
    assert pot.catalog.get("Name of your clinic", context="front-matter.organisation") is not None
    assert pot.catalog.get(CONTACT, context="front-matter.contact") is not None
    assert pot.catalog.get("What your clinic does, in one line", context="front-matter.tagline") is not None


def test_the_tagline_is_printed_under_the_organisation(clinic):
    first = pdf_text(clinic / "output" / "article" / "de" / "a5-booklet.pdf").split("What your clinic does, in one line")
    assert len(first) > 1 and "Name of your clinic" in first[0][-200:]


def test_translated_contact_line_is_printed_and_untranslated_names_print_as_written(clinic):
    back = pdf_text(clinic / "output" / "article" / "de" / "a5-booklet.pdf")
    assert "Telefon: +00 000 000 000 (Montag bis Freitag, 9:00–17:00)" in back
    assert "Monday to Friday" not in back
    assert "Name of your clinic" in back  # a name left empty prints as written
    stats = catalogs.stats(catalogs.read_catalog(clinic / "locales" / "de" / "LC_MESSAGES" / "article.po"))
    assert stats.translated == 1 and stats.total == stats.untranslated + 1  # untouched names are not missing


def test_fallback_colophon_speaks_one_language(clinic):
    german = pdf_text(clinic / "output" / "article" / "de" / "a5-booklet.pdf")
    # labels the new catalog lacks come from the program's German catalog, naming English in German
    assert "Übersetzung aus dem Original (Englisch)." in german
    assert "Translated from the" not in german
    dutch = pdf_text(clinic / "output" / "article" / "nl" / "a5-booklet.pdf")
    # no Dutch labels anywhere: the sentences stay English and name English in English
    assert "Translated from the English original." in dutch
    assert "Passages not yet translated are printed in English." in dutch
    assert "Engels" not in dutch


def test_extracted_comments_name_nothing_of_the_article():
    shipped = catalogs.template(read_document(REPO / "source" / "als-stem-cells.md", "source/a.md"))
    other = catalogs.template(parse_document(
        '---\ntitle: "T"\norganisation: "O"\ndocument_code: "C"\nversion: "1"\ndate: "2025-01-01"\n'
        'language: en\n---\n\nA paragraph.\n\n## A heading\n\n- one\n- two\n', "source/b.md"))

    def comments(po, kind):
        return {tuple(m.auto_comments) for m in po.catalog if m.context == kind}

    for kind in ("paragraph", "heading"):
        assert comments(shipped, kind) == comments(other, kind)
    words = " ".join(line for m in shipped.catalog for line in m.auto_comments)
    for article_word in ("ALS", "SOD1", "MSC", "ANOVA", "stem"):
        assert article_word not in words
