"""brochure.yamlutil: YAML events walked by libyaml, with PyYAML's refusals wherever a text is refused."""

import random

import pytest
import yaml

from brochure import yamlutil
from brochure.errors import BrochureError
from brochure.yamlutil import compose_text

from conftest import FIXTURES, REPO
from test_fuzz import SEED, mutate

TEXTS = [(REPO / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8"),
         (REPO / "layouts" / "a5-booklet.yaml").read_text(encoding="utf-8"),
         (REPO / "fonts" / "fonts.yaml").read_text(encoding="utf-8"),
         (FIXTURES / "project" / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8"),
         'title: "A small leaflet"\norganisation: "Test Clinic"\ndocument_code: "TC-01"\nversion: "2.1"\n'
         'date: "2025-03-04"\nlanguage: en\ncontact:\n  - "Phone 040 1234"\n  - "www.example.org"\n']


def _outcome(compose, text: str):
    try:
        return "composed", repr(compose(text, "x.yaml"))
    except BrochureError as exc:
        return "refused", exc.message, exc.line


def _pyyaml_walk(text: str, shown: str):
    """The walk as it was: PyYAML's parser in Python for the events, then libyaml's composer."""
    return yamlutil._walked(text, shown, 1, "YAML syntax", yaml.SafeLoader)


def test_a_layout_is_walked_without_pyyamls_python_scanner(monkeypatch):
    # PyYAML's scanner took ~10 ms of a one-locale build for a layout and fonts.yaml; libyaml 0.3 ms
    def scanned(self):
        raise AssertionError("PyYAML's Python scanner ran")

    monkeypatch.setattr(yaml.scanner.Scanner, "fetch_more_tokens", scanned)
    for text in TEXTS:
        assert compose_text(text, "x.yaml") is not None


@pytest.mark.parametrize("text, line", [("title: x\nlang\tuage: en\n", 2), ("page:\n  width: 1\t2\n", 2)])
def test_a_tab_libyaml_lets_into_a_plain_scalar_is_refused_as_pyyaml_refuses_it(text, line):
    with pytest.raises(BrochureError) as refused:
        compose_text(text, "x.yaml")
    assert refused.value.message == ("YAML syntax: found character '\\t' that cannot start any token; "
                                     "indent and separate with spaces, not tabs")
    assert refused.value.line == line


def test_a_tab_indent_is_refused_saying_to_write_spaces():
    # an editor's tab before a key: the message said only "cannot start any token"
    with pytest.raises(BrochureError) as refused:
        compose_text("page:\n\twidth: 148\n", "x.yaml")
    assert refused.value.message.endswith("indent and separate with spaces, not tabs")
    assert refused.value.line == 2


def test_mutated_texts_are_composed_and_refused_as_pyyamls_walk_did():
    rng = random.Random(SEED)
    for case in range(600):
        text = mutate(rng.choice(TEXTS), rng)
        assert _outcome(compose_text, text) == _outcome(_pyyaml_walk, text), f"case {case}: {text[:300]!r}"


def test_a_text_pyyaml_reads_is_checked_for_unprintable_characters_as_before():
    # a text with a tab goes PyYAML's way: its reader still refuses unprintable characters
    with pytest.raises(BrochureError) as refused:
        compose_text("title: x\t\nbad: \x07\n", "x.yaml")
    assert "special characters are not allowed" in refused.value.message
