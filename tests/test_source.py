import dataclasses

import pytest

from brochure.model import HEADING, LIST_ITEM, PARAGRAPH
from brochure.source import parse_document, read_document

from conftest import FIXTURES, REPO, assert_refused

# the article as the clinic gave it (plain text, as copied from its web page), kept with the tests:
# it was read from ../shared/seed/, outside the repository, so the test was skipped in every
# other checkout (a worktree, CI)
SEED = FIXTURES / "seed" / "als-stem-cells.txt"


@pytest.fixture(scope="module")
def article():
    return read_document(REPO / "source" / "als-stem-cells.md", "source/als-stem-cells.md")


def test_article_structure(article):
    kinds = [b.kind for b in article.blocks]
    assert kinds.count(HEADING) == 5
    assert kinds.count(PARAGRAPH) == 16
    assert kinds.count(LIST_ITEM) == 5
    assert len({b.group for b in article.blocks if b.kind == LIST_ITEM}) == 1
    assert [r.number for r in article.references] == list(range(1, 14))
    assert article.title.text == "Does stem cell therapy for amyotrophic lateral sclerosis work?"
    assert article.language == "en" and article.document_code == "ANOVA-PI-ALS" and article.version == "1.0"


def test_lines_point_at_the_source(article):
    lines = (REPO / "source" / "als-stem-cells.md").read_text(encoding="utf-8").split("\n")
    for block in article.blocks:
        assert block.text.split()[0] in lines[block.line - 1]
    for ref in article.references:
        assert lines[ref.line - 1].startswith(f"{ref.number}. ")


def test_every_sentence_of_the_seed_is_kept_verbatim(article):
    seed = SEED.read_text(encoding="utf-8").split("\n")
    body = seed[3:42]  # title lines and the "News & Insights" chrome excluded
    texts = {b.text for b in article.blocks} | {"- " + b.text for b in article.blocks} | \
            {"- " + r.text for r in article.references}
    for line in body:
        assert line in texts, line
    everything = " ".join(texts)
    assert "News & Insights" not in everything and "Osteoarthritis" not in everything


@pytest.mark.parametrize("name, line, words", [
    ("bad-date.md", 6, "not YYYY-MM-DD"),
    ("front-matter-missing-key.md", 7, "missing document_code"),
    ("front-matter-unknown-key.md", 6, "unknown key 'author'"),
    ("level-1-heading.md", 12, "level-1 heading"),
    ("no-front-matter.md", 1, "front matter"),
    ("raw-html.md", 14, "'<img src=x>'"),
    ("reference-numbering.md", 21, "numbered 3, expected 2"),
    ("references-not-closed.md", 19, "not closed"),
    ("text-after-references.md", 24, "references come last"),
    ("unbalanced-emphasis.md", 14, "'**' is opened but never closed"),
    # printed as written before: the nested item ran into its parent ("… line, - and a nested item."),
    # the link as "[our website](https://…)"
    ("nested-list.md", 19, "unsupported Markdown: a list inside a list item"),
    ("markdown-link.md", 14, "Markdown link '[our website](https://example.org/mri)'"),
    ("underscore-emphasis.md", 14, "unsupported Markdown: '__bold__' (emphasis is written **bold** or *italic*)"),
    ("code-span.md", 14, "unsupported Markdown: code '`ALS`'"),
    ("front-matter-deep.md", 8, "nested more than 16 levels deep"),
    ("front-matter-alias.md", 6, "YAML anchors and aliases (&name, *name) are not allowed"),
    # printed as written before: "##Second section" and "##" as paragraphs, "- black stools" with its dash
    ("heading-without-space.md", 16, "a heading needs a space after its '##'"),
    ("empty-heading.md", 16, "a heading without text"),
    ("indented-bullet.md", 16, "an indented bullet"),
])
def test_bad_source_is_refused_with_its_line(name, line, words):
    path = FIXTURES / "source" / name
    assert_refused(lambda: read_document(path, f"source/{name}"), f"source/{name}", line, words)


def test_an_item_line_that_is_not_indented_continues_the_item_as_in_markdown():
    """It became a paragraph of its own, between two lists: one item printed as two pieces."""
    blocks = read_document(FIXTURES / "source" / "item-lazy-continuation.md").blocks
    items = [b.text for b in blocks if b.kind == LIST_ITEM]
    assert items == ["a rash, swelling of the face or difficulty breathing (call 144 at once),",
                     "pain that gets worse."]
    assert len({b.group for b in blocks if b.kind == LIST_ITEM}) == 1


def test_a_headings_closing_hashes_are_not_its_text():
    """'## Questions? ##' printed 'Questions? ##' (Markdown's optional closing sequence)."""
    blocks = read_document(FIXTURES / "source" / "heading-closing-hashes.md").blocks
    assert [b.text for b in blocks if b.kind == HEADING] == ["First section", "Questions?"]


def _with_front_matter(tmp_path, extra: str):
    text = (REPO / "source" / "als-stem-cells.md").read_text(encoding="utf-8")
    path = tmp_path / "article.md"
    path.write_text(text.replace("language: en\n", f"language: en\n{extra}", 1), encoding="utf-8")
    return path


def test_logo_and_url_are_optional_front_matter(tmp_path):
    (tmp_path / "logo.svg").write_bytes((FIXTURES / "logo.svg").read_bytes())
    document = read_document(_with_front_matter(tmp_path, "logo: logo.svg\nurl: https://example.org/als\n"))
    assert document.logo == str((tmp_path / "logo.svg").resolve())  # resolved next to the source
    assert document.url == "https://example.org/als"
    shipped = read_document(REPO / "source" / "als-stem-cells.md")
    assert (shipped.logo, shipped.url) == ("", "")  # the shipped article has neither


@pytest.mark.parametrize("extra, words", [
    ("url: example.org/als\n", "url 'example.org/als' is not an http(s) address"),
    ("url: javascript:alert(1)\n", "is not an http(s) address"),
    ("logo: logo.png\n", "logo 'logo.png' is not an .svg or .pdf file"),
    ("logo: missing.svg\n", "logo 'missing.svg' is not a file next to the source"),
])
def test_bad_logo_or_url_is_refused_with_its_line(tmp_path, extra, words):
    path = _with_front_matter(tmp_path, extra)
    assert_refused(lambda: read_document(path, "source/article.md"), "source/article.md", 8, words)


_SMALL = (FIXTURES / "source" / "indented-bullet.md").read_text(encoding="utf-8").split("\n## First section")[0]


def _small_source(tmp_path, body: str):
    """A small leaflet whose text after its first paragraph (line 10) is ``body`` from line 12 on."""
    path = tmp_path / "leaflet.md"
    path.write_text(_SMALL + "\n" + body, encoding="utf-8")
    return path


# Each printed as typed before, marks and all, as part of a paragraph or list item
@pytest.mark.parametrize("body, line, words", [
    ("A heading\n=========\n", 13, "a line of '=' or '-' under text (a setext heading) or a rule"),
    ("A heading\n---------\n", 13, "a line of '=' or '-' under text (a setext heading) or a rule"),
    ("- - -\n", 12, "a line of '=' or '-' under text (a setext heading) or a rule"),
    ("Time | What\n---|---\n8:00 | Arrive\n", 13, "tables"),
    ("Aspirin thins the blood.[^1]\n", 12, "footnote '[^1]'"),
    ("[pos]: position.png\n", 12, "a link reference definition"),
    ("![Position][pos]\n", 12, "image '![Position][pos]'"),
    ("This is ~~wrong~~ right.\n", 12, "strikethrough '~~wrong~~'"),
    ("- [ ] bring your card\n", 12, "task lists"),
    ("#####Too deep\n", 12, "headings deeper than ###"),
    ("#\n", 12, "a level-1 heading"),
    ("• one\n• two\n", 12, "bullets other than '- '"),
    ("Use file\\_name here.\n", 12, "backslash escape '\\_'"),
    ("A line with a hard break\\\nand more.\n", 12, "a line break"),
])
def test_markdown_the_subset_lacks_is_refused_not_printed_as_typed(tmp_path, body, line, words):
    path = _small_source(tmp_path, body)
    assert_refused(lambda: read_document(path, "source/leaflet.md"), "source/leaflet.md", line, words)


def test_a_bullet_followed_by_a_tab_is_a_list_item_as_in_markdown(tmp_path):
    """'-<TAB>item' lines ran together into one paragraph, '-\\ta … -\\tb', dashes and all."""
    blocks = read_document(_small_source(tmp_path, "-\tblack stools, or\n-\ta rash.\n")).blocks
    assert [(b.kind, b.text) for b in blocks[-2:]] == [(LIST_ITEM, "black stools, or"), (LIST_ITEM, "a rash.")]


def test_markdown_like_text_that_markdown_prints_as_typed_is_kept(tmp_path):
    text = "Room #12; see [1] and [2][3]; ~5 mg; C:\\temp; 2 * 3 = 6; 5-10 ml."
    blocks = read_document(_small_source(tmp_path, text + "\n")).blocks
    assert blocks[-1].text == text


def test_a_file_with_classic_mac_line_ends_is_named_for_them(tmp_path):
    """Lines ended by CR alone read as one line: 'must start with YAML front matter', which it does."""
    path = tmp_path / "leaflet.md"
    path.write_bytes(_SMALL.replace("\n", "\r").encode("utf-8"))
    assert_refused(lambda: read_document(path, "source/leaflet.md"), "source/leaflet.md", 1,
                   "a carriage return without a line feed")


_REFERENCE = _SMALL + "\n::: references\n1. Doe, J. {}\n:::\n"


# A reference is printed as written: these printed marks and all ('*Journal*' with its asterisks)
@pytest.mark.parametrize("reference, words", [
    ("*Postgraduate Medical Journal* 82 (2006).", "emphasis '*Postgraduate Medical Journal*'"),
    ("[PubMed](https://pubmed.example/1).", "Markdown link '[PubMed](https://pubmed.example/1)'"),
    ("<i>Journal</i> 1 (2020).", "markup '<i>'"),
    ("Journal &amp; Review 1 (2020).", "character entity '&amp;'"),
    ("Journal 1 (2020). ~~retracted~~", "strikethrough '~~retracted~~'"),
])
def test_markdown_in_a_reference_is_refused_with_its_line(tmp_path, reference, words):
    path = tmp_path / "leaflet.md"
    path.write_text(_REFERENCE.format(reference), encoding="utf-8")
    assert_refused(lambda: read_document(path, "source/leaflet.md"), "source/leaflet.md", 13, words)


def test_a_reference_keeps_what_citations_write():
    text = 'Doe J*, Roe R*. "A paper." Journal 1 (2020): 1-2. <https://doi.org/10.1/x> 5 * 3 [1]'
    document = parse_document(_REFERENCE.format(text), "source/leaflet.md")
    assert document.references[0].text == "Doe, J. " + text


# The organisation and the contact lines print as written: these printed marks and all
@pytest.mark.parametrize("extra, old, line, words", [
    ("", 'organisation: "Test Clinic"', 3, "organisation"),
    ('contact:\n  - "Level 2"\n  - "**Neurology**, [web](https://clinic.example)"\n', None, 10, "contact"),
])
def test_markup_in_the_printed_front_matter_is_refused_with_its_line(tmp_path, extra, old, line, words):
    text = _SMALL.replace("language: en\n", "language: en\n" + extra)
    if old:
        text = text.replace(old, 'organisation: "Test Clinic &amp; <b>Hospital</b>"')
    path = tmp_path / "leaflet.md"
    path.write_text(text, encoding="utf-8")
    assert_refused(lambda: read_document(path, "source/leaflet.md"), "source/leaflet.md", line,
                   f"front matter: {words} is printed as written:")


def test_markup_in_the_tagline_is_refused_when_the_source_is_read(tmp_path):
    """check said 0 errors; build refused it as 'markup not allowed in a translation'."""
    path = tmp_path / "leaflet.md"
    path.write_text(_SMALL.replace("language: en\n", 'language: en\ntagline: "Care <b>first</b>"\n'), encoding="utf-8")
    assert_refused(lambda: read_document(path, "source/leaflet.md"), "source/leaflet.md", 8,
                   "markup not allowed in the source: '<b>'")


def test_items_with_blank_lines_between_them_are_one_list_as_in_markdown(tmp_path):
    """A blank line between items made each a list of its own: the catalog told the translator
    'Bullet-list item 1 of 1' three times, and only the first was said to follow its lead-in."""
    blocks = read_document(_small_source(tmp_path, "- black stools,\n\n- a rash, or\n\n- a fever.\n")).blocks
    assert len({b.group for b in blocks if b.kind == LIST_ITEM}) == 1


def test_a_tab_in_the_text_is_a_space(tmp_path):
    """'Dose:<TAB>100 mg.' printed 'Dose:▯100 mg.' (no font draws a tab), in the text as in a
    reference, and the tab went into the catalog for translators to copy."""
    path = tmp_path / "leaflet.md"
    path.write_text(_SMALL + "\nDose:\t100 mg.\n\n- a\trash.\n\n::: references\n1.\tDoe, J.\t\"A paper.\"\n:::\n",
                    encoding="utf-8")
    document = read_document(path)
    assert [b.text for b in document.blocks[-2:]] == ["Dose: 100 mg.", "a rash."]
    assert document.references[0].text == 'Doe, J. "A paper."'


def test_a_source_saved_decomposed_is_read_composed():
    """A source saved in NFD ("u" and U+0308 for "ü", as text copied out of some PDFs or macOS
    tools gives it) was extracted and printed decomposed: the .pot's msgids differed from the
    same words typed composed, and the source edition's text layer did not find "Müller". Read
    composed, as a catalog's msgstr is (charpolicy.composed); its lines stay where they were."""
    import unicodedata

    from brochure.catalogs import generate_po, template

    text = (REPO / "source" / "als-stem-cells.md").read_text(encoding="utf-8")
    text = text.replace("Does stem cell therapy", "Does Müller's stem cell therapy", 1)
    text = text.replace("In Europe alone", "In Europe (Zürich) alone", 1)
    assert "Zürich" in text
    composed = parse_document(text, "als-stem-cells.md")
    decomposed = parse_document(unicodedata.normalize("NFD", text), "als-stem-cells.md")
    assert decomposed == dataclasses.replace(composed, path=decomposed.path)
    assert "Müller" in decomposed.title.text
    assert generate_po(template(decomposed)) == generate_po(template(composed))
