import pytest

from brochure import markup
from brochure.errors import BrochureError


def test_emphasis_becomes_the_only_tags_and_the_rest_is_escaped():
    out = markup.to_reportlab("a **b** & *c* < d")
    assert out == "a <b>b</b> &amp; <i>c</i> &lt; d"


def test_escaped_asterisk_is_a_character():
    assert markup.to_reportlab(r"2 \* 3") == "2 * 3"


@pytest.mark.parametrize("hostile", [
    '<img src="/dev/zero"/>', '<a href="javascript:alert(1)">x</a>', '<link href="file:///etc/passwd">x</link>',
    '<font size="100000">x</font>', "<onDraw name=x/>", "<seq id=a/>", "<index item=x/>", "&lt;b&gt;", "&#60;",
    "<b>bold</b>", "</para>",
])
def test_reportlab_markup_in_a_translation_is_refused_with_its_line(hostile):
    with pytest.raises(BrochureError) as info:
        markup.to_reportlab(f"Text {hostile} more", "locales/de/LC_MESSAGES/als-stem-cells.po", 42)
    assert str(info.value).startswith("locales/de/LC_MESSAGES/als-stem-cells.po:42: ")


def test_signature_and_plain():
    assert markup.signature("x **y** *z*") == ("b", "/b", "i", "/i")
    assert markup.plain("x **y** *z*") == "x y z"


@pytest.mark.parametrize("text, reason", [
    ("**open", "'**' is opened but never closed"),
    ("*a **b* c**", "'*' closes across another emphasis"),
    ("a*", "'*' is opened but never closed"),
])
def test_unpaired_markers_are_refused_with_the_translations_line(text, reason):
    from conftest import assert_refused

    assert_refused(lambda: markup.to_reportlab(text, "locales/de/LC_MESSAGES/als-stem-cells.po", 42),
                   "locales/de/LC_MESSAGES/als-stem-cells.po", 42, f"inline markup: {reason}")


def test_markup_refusal_names_a_translation_by_default():
    with pytest.raises(BrochureError) as info:
        markup.to_reportlab("x <b>y</b>")
    assert info.value.message == "markup not allowed in a translation: '<b>' (only **bold** and *italic* are)"


def test_refusals_name_the_entity_and_whose_text_it_is():
    with pytest.raises(BrochureError) as info:
        markup.to_reportlab("x &#60; y", "t.po", 3)
    assert info.value.message == "character entity not allowed in a translation: '&#60;'; type the character"
    with pytest.raises(BrochureError) as info:
        markup.validate_source_inline("x <b>y</b>", "source/a.md", 9)
    assert info.value.message == "markup not allowed in the source: '<b>' (only **bold** and *italic* are)"


@pytest.mark.parametrize("text", ["2 * 3 = 6 and 4 * 5 = 20.", "a ** b", "* and *"])
def test_an_asterisk_between_spaces_is_a_character_as_in_markdown(text):
    """'2 * 3 = 6 and 4 * 5 = 20.' printed '2  3 = 6 and 4  5 = 20.' with the middle in italics:
    an asterisk with a space (or the text's end) on both sides opens and closes nothing."""
    assert markup.plain(text) == text and markup.signature(text) == ()
    assert markup.to_reportlab(text) == text
    assert markup.signature("2 * 3 is *not* 5") == ("i", "/i")
