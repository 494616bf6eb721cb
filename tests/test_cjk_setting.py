"""Chinese set solid: the body fills the measure whatever the layout's alignment (fonts.yaml
`align: justify`), the spare width shared between characters, and full-width punctuation
at half width where two blanks meet and at a line's end or start (the font's `halt`)."""

import shutil

import pytest

from brochure.errors import BrochureError
from brochure.fonts import load_config, resolve
from brochure.layouts import load_layout
from brochure.render import Styles
from brochure.text import lay_out
from brochure.text.fontfile import face
from brochure.text.layout import CLOSING, OPENING

from conftest import REPO
from test_text import messages, visual


def _styles(locale: str, layout: str = "a4-leaflet", solid: bool = True) -> Styles:
    """``solid``: the script entry says ``align: justify`` (the shipped Hans entry does not yet:
    see fonts/fonts.yaml and README, "The text layer")."""
    import dataclasses

    config = load_config(REPO / "fonts")
    fonts, script = resolve(config, REPO / "fonts", locale)
    if solid and locale == "zh_Hans":
        script = dataclasses.replace(script, align="justify")
    return Styles(load_layout(REPO / "layouts" / f"{layout}.yaml"), fonts, locale, script)


def _advance(glyph, size: float) -> float:
    f = face(glyph.font)
    return f.advance(glyph.gid) * size / f.upem


def test_chinese_body_is_justified_in_a_ragged_layout_and_latin_stays_ragged():
    assert load_layout(REPO / "layouts" / "a4-leaflet.yaml").type.align == "left"
    assert _styles("zh_Hans").body.align == "justify"
    assert _styles("zh_Hans", solid=False).body.align == "start"  # as shipped today
    assert _styles("de").body.align == "start"
    assert _styles("zh_Hans").heading.align == "start"  # headings are never stretched


@pytest.mark.parametrize("width", [200.0, 230.0, 287.0])
def test_every_chinese_line_but_the_last_reaches_the_measure(width):
    style = _styles("zh_Hans").body
    lines_checked = hanging = 0
    for msgid, text in messages("zh_Hans"):
        for line in lay_out(text, style, width).lines[:-1]:
            if line.loose:
                continue
            drawn = visual(line)
            last = drawn[-1]
            end = last.x + _advance(last, style.size)
            if last.text in CLOSING:  # its blank half lies past the measure
                end -= style.size / 2
                hanging += 1
            assert end == pytest.approx(width, abs=0.3), (line.text, end)
            first = drawn[0]
            if first.text in OPENING:
                assert first.x == pytest.approx(-style.size / 2, abs=0.3), line.text
            else:
                assert first.x == pytest.approx(0.0, abs=0.3), line.text
            lines_checked += 1
    assert lines_checked > 30 and hanging > 2, (lines_checked, hanging)


def test_adjacent_full_width_marks_are_set_at_half_width():
    style = _styles("zh_Hans").body
    line = lay_out("比例（1.6:1）。女性，（注意）", style, 1000).lines[0]
    x = [(g.text, g.x) for g in line.glyphs if g.text]
    at = lambda text, n=0: [gx for t, gx in x if t == text][n]  # noqa: E731
    half = style.size / 2
    assert at("。") - at("）") == pytest.approx(half, abs=0.01)  # "）" before a mark: half width
    assert at("（", 1) - at("，") == pytest.approx(half, abs=0.01)  # "，" before a mark: half width
    assert at("注") - at("（", 1) == pytest.approx(2 * half, abs=0.01)  # "（" after "，" keeps its width
    lone = lay_out("男性患病略多于女性，女性", style, 1000).lines[0]
    comma = next(g for g in lone.glyphs if g.text == "，")
    after = next(g for g in lone.glyphs if g.x > comma.x)
    assert after.x - comma.x == pytest.approx(2 * half, abs=0.01)  # inside a line: full width


def test_fonts_yaml_align_must_be_layout_or_justify(tmp_path):
    fonts = tmp_path / "fonts"
    shutil.copytree(REPO / "fonts", fonts)
    config = fonts / "fonts.yaml"
    text = config.read_text(encoding="utf-8")
    shipped = "  Hans: {family: cjk-sc, line_break: strict, hyphenate: false}"
    assert shipped in text
    config.write_text(text.replace(shipped, shipped[:-1] + ", align: solid}"), encoding="utf-8")
    with pytest.raises(BrochureError) as info:
        load_config(fonts)
    assert "scripts.Hans.align: must be layout or justify" in info.value.message
    line = text.splitlines().index(shipped) + 1  # the edited entry's own line, not any line
    assert (info.value.path, info.value.line) == ("fonts/fonts.yaml", line)


def test_set_solid_writes_its_spacing_as_character_spacing_and_copies_out_unchanged(real_project):
    """With `align: justify` the spare width of a line goes between its characters as character
    spacing (Tc, at most CJK_STRETCH of the size), not as gaps in the glyph positions, which
    pdftotext, pypdf and pdfium copied out as spaces between the characters (zh: pdftotext
    100 % → 72 % of sentences). Large print: one column (README, "The text layer", on two)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from brochure.cli import main
    from brochure.text.layout import CJK_STRETCH
    from test_textlayer import assert_reads_back, body_text_pdfium, body_text_pdftotext, body_text_pypdf

    config = real_project.root / "fonts" / "fonts.yaml"
    shipped = "  Hans: {family: cjk-sc, line_break: strict, hyphenate: false}"
    config.write_text(config.read_text(encoding="utf-8").replace(shipped, shipped[:-1] + ", align: justify}"),
                      encoding="utf-8")
    assert main(["--project", str(real_project.root), "build", "--doc", "als-stem-cells", "--locale", "zh_Hans",
                 "--layout", "a4-large-print", "-q"]) == 0
    pdf = real_project.pdf_path("als-stem-cells", "zh_Hans", "a4-large-print")
    size = load_layout(REPO / "layouts" / "a4-large-print.yaml").type.body.size
    spacing = [float(operands[0]) for page in PdfReader(pdf).pages
               for operands, op in ContentStream(page.get_contents(), None).operations if op == b"Tc"]
    assert sum(1 for tc in spacing if tc > 0) > 20
    assert max(spacing) <= CJK_STRETCH * size + 0.001
    assert_reads_back(body_text_pypdf(pdf), "zh_Hans", 1.0)
    assert_reads_back(body_text_pdftotext(pdf, "zh_Hans"), "zh_Hans", 1.0, hyphens=False)
    assert_reads_back(body_text_pdfium(pdf, "zh_Hans").replace("\ufffe", ""), "zh_Hans", 1.0)


def _display_lines(path, sizes: set[float]) -> list[list[str]]:
    """Each block of lines set at one of ``sizes`` (the title, the headings), read back from the PDF
    with pypdf: consecutive baselines at the same size and left edge make one block."""
    from pypdf import PdfReader

    blocks, last = [], None
    for page in PdfReader(path).pages:
        lines: dict = {}

        def visit(shown, cm, tm, font, size):
            shown_size = round(size * tm[3] * cm[3], 2)
            if shown.strip() and shown_size in sizes:
                key = (round(tm[5] * cm[3] + cm[5], 1), shown_size)
                lines.setdefault(key, []).append((tm[4] * cm[0] + cm[4], shown))

        page.extract_text(visitor_text=visit)
        for (y, size), parts in sorted(lines.items(), key=lambda item: -item[0][0]):
            text = "".join(t for _, t in sorted(parts)).strip()
            if last is not None and last[1] == size and 0 < last[0] - y < size * 2:
                blocks[-1].append(text)
            else:
                blocks.append([text])
            last = (y, size)
    return blocks


@pytest.mark.parametrize("locale, term", [("zh_Hans", "肌萎缩侧索硬化"), ("ja", "筋萎縮性側索硬化症")])
def test_cjk_titles_and_headings_break_between_words(built_real, locale, term):
    """A title or heading in Chinese or Japanese breaks only where ICU's dictionary ends a word,
    never between lone ideographs of a term the dictionary does not know (the disease's name was
    printed as '…侧索 / 硬化…' and '…硬 / 化…'), and never before a one-kana particle."""
    import unicodedata

    from icu4py.breakers import WordBreaker

    broken = 0
    for layout_name in ("a4-leaflet", "letter-leaflet", "a5-booklet", "a4-large-print"):
        layout = load_layout(REPO / "layouts" / f"{layout_name}.yaml")
        sizes = {float(layout.type.title.size), float(layout.type.heading.size)}
        for doc in ("als-stem-cells", "consultation"):
            for block in _display_lines(built_real.pdf_path(doc, locale, layout_name), sizes):
                whole = "".join(block)
                words = {end for _, end in WordBreaker(whole, locale.split("_")[0]).segments()}
                at = 0
                for line in block[:-1]:
                    at += len(line)
                    broken += 1
                    assert at in words, (layout_name, block)
                    start = whole.find(term)
                    assert start < 0 or not start < at < start + len(term), (layout_name, block)
                    particle = unicodedata.name(whole[at], "").startswith("HIRAGANA") and at + 1 in words
                    assert not particle, (layout_name, block)
    assert broken >= 4  # the titles do break in the narrower layouts


# ---------------------------------------------------------------- ragged CJK fills the measure
def _next_unit(plain: str, end: int, locale: str, rule: str) -> str:
    """The text from ``end`` to the next break opportunity: what kinsoku lets a line take next."""
    from brochure.text import breaks as br

    return plain[end:next((c for c in br.opportunities(plain, locale, rule) if c > end), len(plain))]


def test_the_breaker_fills_lines_and_leaves_a_shortfall_where_it_is_forced():
    """``fill`` (one character's width): every line takes as many boxes as fit, and a line that
    a wide box (a bound pair, a Latin word) leaves short is not evened out over the lines before
    it, as the balancing badness did; the last line is free."""
    from brochure.text.linebreak import ZERO, Gap, break_lines

    boxes = [10.0] * 7 + [30.0] + [10.0] * 5  # a 30-wide box: the line before it is left 15 short
    gaps = [Gap(ZERO)] * (len(boxes) - 1)
    assert break_lines(boxes, gaps, 45.0, False).breaks == (2, 6, 8, 12)  # 30 / 40 / 40 / 20: evened out
    assert break_lines(boxes, gaps, 45.0, False, fill=10.0).breaks == (3, 6, 8, 12)  # 40 / 30 / 40 / 20


def test_a_filled_paragraph_does_not_end_with_one_character_alone():
    """JLREQ and CLREQ avoid a last line of one character and its mark ("す。"): filled, nine
    boxes four to a line ended 4 / 4 / 1; the line before the last gives one box down, and of the
    lines that could, the latest does (the text above reads as it would anyway)."""
    from brochure.text.linebreak import ZERO, Gap, break_lines

    gaps = [Gap(ZERO)] * 8
    assert break_lines([10.0] * 9, gaps, 40.0, False, fill=10.0).breaks == (3, 6, 8)
    assert break_lines([10.0] * 10, gaps + [Gap(ZERO)], 40.0, False, fill=10.0).breaks == (3, 7, 9)  # 4 / 4 / 2


@pytest.mark.parametrize("locale", ["zh_Hans", "ja"])
@pytest.mark.parametrize("width", [200.0, 229.6, 287.0])
def test_ragged_cjk_lines_are_full_but_where_kinsoku_forbids(locale, width):
    """Shipped (ragged) Chinese and Japanese are set to the full measure, as JLREQ and CLREQ set
    them: a line ends a character or more short only where the next character may not stand
    there (kinsoku) or a Latin word does not fit, or, before the last line, where taking it would
    leave that line one character and its mark ("す。" alone). Total fit balanced the lines like
    Latin ones: "病理机" / "制（即…" ended 2.15 em short at the A5 booklet's measure."""
    from brochure import markup
    from brochure.text import natural_width

    style = _styles(locale, solid=False).body
    assert style.align == "start"
    short = checked = 0
    for msgid, text in messages(locale):
        plain = markup.plain(text).strip()
        lines = lay_out(text, style, width).lines
        for index, line in enumerate(lines[:-1]):
            checked += 1
            if width - line.width < style.size - 0.01:
                continue
            end = line.start + len(line.text)
            unit = _next_unit(plain, end, locale, style.line_break)
            after = end + len(unit)
            if index == len(lines) - 2 and after + len(_next_unit(plain, after, locale, style.line_break)) >= len(plain):
                continue  # given down so that the last line is not one unit alone ("か？")
            if natural_width(line.text + unit, style) < width - 0.01:  # fits, not just to the float
                short += 1
                print(f"{width - line.width:.2f} pt short: {line.text} | {unit}")
    assert checked > 50 and short == 0, (checked, short)


def test_korean_and_latin_paragraphs_are_not_filled():
    """Korean breaks between words (keep-all), as Latin does: its lines stay balanced."""
    from brochure.text.layout import _ideographic, _prepared

    for locale, expected in (("zh_Hans", True), ("ja", True), ("ko", False), ("de", False)):
        style = _styles(locale, solid=False).body
        text = max((t for _, t in messages(locale)), key=len)
        s, boxes, gaps, _ = _prepared(text, style, 229.6)
        assert _ideographic(s, boxes, gaps) is expected, locale


def _body_lines(path) -> list[list[tuple[float, float, str]]]:
    """Per page, the lines set at the body size (the most common), top to bottom, as (baseline,
    right end, text) read by pdfium: a character's loose box spans its advance."""
    import collections
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages, sizes = [], collections.Counter()
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        rows = collections.defaultdict(list)
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch.strip():
                x, y = ctypes.c_double(), ctypes.c_double()
                raw.FPDFText_GetCharOrigin(text.raw, i, x, y)
                size = round(raw.FPDFText_GetFontSize(text.raw, i), 2)
                rows[(round(y.value, 1), size)].append((x.value, text.get_charbox(i, loose=True)[2], ch))
        pages.append(rows)
        sizes.update(size for _, size in rows)
    body = sizes.most_common(1)[0][0]
    return [sorted(((y, max(r for _, r, _ in row), "".join(c for *_, c in sorted(row)))
                    for (y, size), row in rows.items() if size == body), reverse=True) for rows in pages], body


def test_built_chinese_lines_reach_the_measure(real_project):
    """In the built zh A5 booklet (one column) no line inside a paragraph ends a character or more
    short of the measure where the next line starts with an ideograph that could have ended it
    (one not bound by kinsoku to the mark after it). Page 3 printed "…ALS的病理机" / "制（即…" 2 em
    short, and five such lines in all."""
    import unicodedata
    from collections import Counter

    from brochure.cli import main

    assert main(["--project", str(real_project.root), "build", "--doc", "als-stem-cells", "--locale", "zh_Hans",
                 "--layout", "a5-booklet", "-q"]) == 0
    pages, size = _body_lines(real_project.pdf_path("als-stem-cells", "zh_Hans", "a5-booklet"))
    ideograph = lambda ch: unicodedata.name(ch, "").startswith("CJK UNIFIED")  # noqa: E731
    # one ideograph and the marks that follow it ("物）。")
    alone = lambda rest: rest[:1] != "" and ideograph(rest[0]) and all(  # noqa: E731
        unicodedata.category(c).startswith("P") for c in rest[1:])
    steps = Counter(round(a[0] - b[0], 1) for lines in pages for a, b in zip(lines, lines[1:]))
    leading = steps.most_common(1)[0][0]  # the next line of the same paragraph
    short, checked = [], 0
    for lines in pages:
        full = [right for _, right, text in lines if ideograph(text[-1])]
        if not full:
            continue
        measure = max(full)  # a closing mark hangs its blank half past it
        for index, ((y, right, text), (below, _, following)) in enumerate(zip(lines, lines[1:])):
            movable = ideograph(following[0]) and following[1:2] not in CLOSING  # could end the line above
            last = index + 2 >= len(lines) or abs(below - lines[index + 2][0] - leading) >= 0.2
            if last and alone(following[1:]):
                continue  # given down so that the paragraph's last line is not one character alone
            if abs(y - below - leading) < 0.2 and ideograph(text[-1]) and movable:
                checked += 1
                if measure - right >= size:
                    short.append((round((measure - right) / size, 2), text[-6:], following[:4]))
    assert checked > 15 and short == [], (checked, short)
