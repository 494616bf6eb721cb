"""Source lint: warnings with source/…md:LINE for doubtful places; the source is never edited."""

from __future__ import annotations

import shutil
from pathlib import Path

from brochure.checks import WARNING
from brochure.lint import lint_document, lint_file
from brochure.source import read_document

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = REPO / "source" / "als-stem-cells.md"


def test_the_article_s_reversed_range_and_mixed_number_formats_are_pointed_at():
    before = ARTICLE.read_bytes()
    found = lint_file(ARTICLE, "source/als-stem-cells.md")
    assert [(f.check, f.line) for f in found] == [("mixed-number-format", 18), ("reversed-range", 18)]
    assert all(f.severity == WARNING and f.path == "source/als-stem-cells.md" for f in found)
    by_check = {f.check: f for f in found}
    assert "'7-6'" in by_check["reversed-range"].message and "6–7" in by_check["reversed-range"].message
    assert "'100.000'" in by_check["mixed-number-format"].message
    assert "'100,000' (line 12)" in by_check["mixed-number-format"].message
    assert str(by_check["reversed-range"]).startswith("source/als-stem-cells.md:18: warning[reversed-range]: ")
    assert ARTICLE.read_bytes() == before  # never edits


def test_every_kind_of_doubt_with_the_line_it_is_on():
    found = lint_file(FIXTURES / "lint" / "doubtful.md", "source/doubtful.md")
    assert [(f.check, f.line) for f in found] == [
        ("doubled-word", 11),  # "the the" on the paragraph's second line
        ("reversed-range", 11),  # "12 to 8"
        ("brackets", 13),  # "## Results (first year"
        ("mixed-number-format", 15),  # "2.500" after "1,500" (line 10)
        ("doubled-word", 18),  # "that that" in a list item
        ("brackets", 21),  # a reference with an unclosed bracket inside quotes
    ]
    # not flagged: IGF-1 (a name), 2-5 and 10-20 (ascending), the URL's digits,
    # "4.235" and "2230-34" in the references (citation conventions)


def test_without_the_text_a_finding_points_at_its_block():
    document = read_document(FIXTURES / "lint" / "doubtful.md", "source/doubtful.md")
    found = lint_document(document)
    assert ("doubled-word", 10) in [(f.check, f.line) for f in found]


def test_a_clean_article_has_no_warnings():
    assert lint_file(FIXTURES / "project" / "source" / "mini.md", "source/mini.md") == []


def test_a_refused_character_in_the_source_is_an_error_with_its_line(mini_project, capsys):
    from brochure.cli import main

    found = lint_file(FIXTURES / "lint" / "override.md", "source/override.md")
    assert [str(f) for f in found] == [
        "source/override.md:10: error[characters]: U+202E RIGHT-TO-LEFT OVERRIDE: bidi embeddings and overrides "
        "are refused: the text would print in another order than it is stored (Trojan Source)"]
    shutil.copy(FIXTURES / "lint" / "override.md", mini_project.root / "source" / "mini.md")
    assert main(["--project", str(mini_project.root), "build", "--locale", "en"]) == 1  # and the build refuses it
    assert "source/mini.md:10: U+202E RIGHT-TO-LEFT OVERRIDE" in capsys.readouterr().err


def test_a_refused_character_in_the_printed_front_matter_is_an_error_of_check_as_of_the_build(mini_project, capsys):
    """The document code (printed in every footer) with a RIGHT-TO-LEFT OVERRIDE: the build
    refused it, while check said 0 errors, exit 0 (the lint read the prose and references only)."""
    from brochure.cli import main

    found = lint_file(FIXTURES / "lint" / "front-matter-override.md", "source/mini.md")
    assert [str(f) for f in found] == [
        "source/mini.md:4: error[characters]: document_code (front matter): U+202E RIGHT-TO-LEFT OVERRIDE: bidi "
        "embeddings and overrides are refused: the text would print in another order than it is stored (Trojan Source)"]
    shutil.copy(FIXTURES / "lint" / "front-matter-override.md", mini_project.root / "source" / "mini.md")
    assert main(["--project", str(mini_project.root), "check"]) == 1
    assert str(found[0]) in capsys.readouterr().out
    assert main(["--project", str(mini_project.root), "build", "--locale", "en"]) == 1
    assert "source/mini.md:4: the document code and version (front matter): U+202E" in capsys.readouterr().err


def test_an_empty_section_and_a_repeated_paragraph_are_pointed_at():
    """A heading with nothing under it, and a paragraph pasted twice, printed without a word."""
    from brochure.source import parse_document

    head = (FIXTURES / "project" / "source" / "mini.md").read_text(encoding="utf-8").split("## First")[0]
    text = head + ("## Empty\n\n## Before\n\n### Bring\n\n- water.\n\nDrink plenty of water.\n\n"
                   "Drink plenty of water.\n\n## At the end\n")
    found = lint_document(parse_document(text, "source/mini.md"), text)
    assert [(f.check, f.line, f.severity) for f in found] == [
        ("empty-section", 12, WARNING), ("repeated-paragraph", 22, WARNING), ("empty-section", 24, WARNING)]
    assert found[0].message == "the section '## Empty' has no text before the next heading"
    assert found[1].message == "the same paragraph as line 20"
    assert found[2].message == "the section '## At the end' has no text"
