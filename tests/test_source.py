import pytest

from brochure.model import HEADING, LIST_ITEM, PARAGRAPH
from brochure.source import read_document

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
