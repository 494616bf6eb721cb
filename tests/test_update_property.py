"""Property: whatever the author does to the source, `update` never loses a translation."""

from hypothesis import given, settings
from hypothesis import strategies as st

from brochure import catalogs
from brochure.source import parse_document

HEAD = '---\ntitle: "T"\norganisation: "O"\ndocument_code: "C"\nversion: "1"\ndate: "2025-01-01"\nlanguage: en\n---\n\n'
WORDS = st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa".split())
SENTENCE = st.lists(WORDS, min_size=2, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
BLOCK = st.tuples(st.sampled_from(["p", "h", "li"]), SENTENCE)


def _markdown(blocks):
    out = []
    for kind, text in blocks:
        out.append({"p": text + "\n", "h": "## " + text + "\n", "li": "- " + text + "\n"}[kind])
    return HEAD + "\n".join(out)


def _template(blocks):
    return catalogs.template(parse_document(_markdown(blocks), "source/a.md"))


@st.composite
def edit(draw, blocks):
    blocks = list(blocks)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["add", "change", "delete", "move", "duplicate", "retype"]))
        if op == "add" or not blocks:
            blocks.insert(draw(st.integers(0, len(blocks))), draw(BLOCK))
            continue
        i = draw(st.integers(0, len(blocks) - 1))
        if op == "change":
            blocks[i] = (blocks[i][0], blocks[i][1][:-1] + " " + draw(WORDS) + ".")
        elif op == "delete":
            del blocks[i]
        elif op == "move":
            blocks.insert(draw(st.integers(0, len(blocks) - 1)), blocks.pop(i))
        elif op == "duplicate":
            blocks.insert(i, blocks[i])
        else:
            blocks[i] = (draw(st.sampled_from(["p", "h", "li"])), blocks[i][1])
    return blocks or [draw(BLOCK)]  # an article without text is refused by the source parser


def _strings(po):
    return {m.string for m in [*po.catalog, *po.catalog.obsolete.values()] if m.id and m.string}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_no_translation_is_ever_lost(data):
    blocks = data.draw(st.lists(BLOCK, min_size=1, max_size=6))
    po = catalogs.new_po(_template(blocks), "de")
    for message in po.catalog:
        if message.id and data.draw(st.booleans()):
            message.string = "DE " + message.id
    po = catalogs.parse_catalog(catalogs.generate_po(po).encode(), "de.po")
    for _ in range(data.draw(st.integers(1, 3))):
        before = _strings(po)
        blocks = data.draw(edit(blocks))
        merged = catalogs.update(po, _template(blocks), "de")
        # through the text form, as a real run writes and reads the file
        po = catalogs.parse_catalog(catalogs.generate_po(merged).encode(), "de.po")
        assert before <= _strings(po)
