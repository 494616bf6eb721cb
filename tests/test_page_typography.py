"""Page-level typography: no word hyphenated across a column or page end (the split
re-breaks the paragraph), read back from every shipped locale's leaflets and booklet."""

import re

import pytest
from pypdf import PdfReader

from brochure.layouts import MM, Geometry, load_layout
from brochure.text import TextBlock, lay_out

from conftest import REPO
from pdfread import baselines, body_size, section_ends
from test_text import SHIPPED, messages, squash, style_for

HYPHENS = ("\u00ad", "-", "\u2010")


@pytest.mark.parametrize("locale", ["de", "es", "el", "fr"])
def test_a_split_paragraph_never_ends_its_first_part_with_a_hyphen(locale):
    """Every split point of every paragraph: the part left behind does not end inside a
    word, both parts keep two lines, and together they hold the paragraph's text once."""
    style = style_for(locale, align="start", size=9.5)
    tried = 0
    for msgid, text in messages(locale):
        for width in (150.0, 190.0, 230.0):
            whole = lay_out(text, style, width).lines
            for fits in range(2, len(whole) - 1):
                tried += whole[fits - 1].hyphenated
                parts = TextBlock(text, style).split(width, fits * style.leading + 1)
                if not parts:
                    continue
                first, rest = parts
                first.wrap(width, 1e6)
                rest.wrap(width, 1e6)
                assert not first._drawn[-1].hyphenated, (msgid[:40], fits, first._drawn[-1].text)
                assert len(first._drawn) >= 2 and len(rest._drawn) >= 2
                copied = squash("".join(line.copied_text() for line in first._drawn + rest._drawn))
                assert copied == squash("".join(line.copied_text() for line in whole)), (msgid[:40], fits)
    assert tried >= 5, (locale, tried)  # the paragraphs do offer hyphenated split points


def _column_feet(path, layout_name: str) -> list[list[tuple[float, str]]]:
    """Per page, the last body line of each column (baseline y, text); the footer below the
    frame is not body text. The leaflets' two columns are told apart by the page's middle."""
    layout = load_layout(REPO / "layouts" / f"{layout_name}.yaml")
    bottom = Geometry.of(layout).offset + layout.margins.bottom * MM - 1
    middle = float(PdfReader(path).pages[0].mediabox.width) / 2 if layout.page.columns == 2 else None
    pages = []
    for lines in baselines(path, middle):
        body = [line for line in lines if line[0] > bottom]
        feet = []
        for column in (False, True):
            inside = [line for line in body if (middle is not None and line[1] >= middle) == column]
            if inside:
                y, _, text = min(inside, key=lambda line: line[0])
                feet.append((y, text))
        pages.append(feet)
    return pages


@pytest.mark.parametrize("layout", ["a4-leaflet", "letter-leaflet", "a5-booklet"])
def test_no_column_or_page_ends_with_a_hyphen(built_real, layout):
    """The last body line of every column of every page, read back with pypdf, does not
    end with a hyphen."""
    checked, found = 0, []
    for locale in SHIPPED + ["en"]:
        for number, feet in enumerate(_column_feet(built_real.pdf_path("als-stem-cells", locale, layout), layout), 1):
            for y, text in feet:
                checked += 1
                if text.rstrip().endswith(HYPHENS):
                    found.append((locale, number, text))
    assert checked > 13 * 3, checked
    assert not found, found


# Measured 2026-12-04 on every shipped locale (29 with en): the locales whose A4 first page or
# booklet spread 2–3 does not end on one baseline. A locale joining them fails the test below.
LEAFLET_NOT_LEVEL = {"en", "it", "ro", "ur", "vi"}  # 17–74 pt apart (de since the kept gaps stretch)
BOOKLET_NOT_LEVEL = {"ur"}


def test_columns_and_facing_pages_the_text_runs_on_from_end_on_one_baseline(built_real):
    """Vertical justification: the A4 leaflet's first page always runs on, so its two columns
    end on one baseline wherever the gaps may grow enough; so does the booklet's first spread,
    pages 2–3 (every locale but ur since facing pages are set to one depth, ``brochure.depth``;
    before vertical justification only en; before that step all but el, ru and zh_Hans, later ro,
    ta and ur). The exceptions are listed above. The test asked for 12 level leaflets and 10 level
    spreads, counts set when 13 locales shipped: with 29, 17 leaflets could stop being level."""
    def level(a: float, b: float) -> bool:
        return a == pytest.approx(b, abs=2.5)  # a list's last row carries 2 pt of padding

    leaflet, booklet = set(), set()
    for locale in SHIPPED + ["en"]:
        first = _column_feet(built_real.pdf_path("als-stem-cells", locale, "a4-leaflet"), "a4-leaflet")[0]
        if not (len(first) == 2 and level(first[0][0], first[1][0])):
            leaflet.add(locale)
        pages = _column_feet(built_real.pdf_path("als-stem-cells", locale, "a5-booklet"), "a5-booklet")
        (left, _), = pages[1]
        (right, _), = pages[2]
        if not level(left, right):
            booklet.add(locale)
    assert len(SHIPPED) >= 28
    assert leaflet <= LEAFLET_NOT_LEVEL, sorted(leaflet - LEAFLET_NOT_LEVEL)
    assert booklet <= BOOKLET_NOT_LEVEL, sorted(booklet - BOOKLET_NOT_LEVEL)


FIRST_REFERENCE = "Wijesekera"  # the references are printed in English in every locale


def _section_ends(path) -> tuple[int, int]:
    """The 0-based indexes of the article's last page and of the references' first page."""
    return section_ends(path, FIRST_REFERENCE)


def _body_leading(layout_name: str) -> float:
    return load_layout(REPO / "layouts" / f"{layout_name}.yaml").type.body.leading


@pytest.mark.parametrize("layout", ["a4-leaflet", "letter-leaflet"])
def test_the_last_page_of_each_section_has_balanced_columns(built_real, layout):
    """The article's last page and the last page of the references (with the colophon) are set
    again into the shortest two columns that hold them (``brochure.depth``): both columns hold
    text and their last baselines lie close together. Before, the first column ran to the foot
    and the second held the rest: on the A4 leaflet 140–410 pt apart (de, el, en, zh_Hans), the
    second column a third full. The two feet stay apart where a heading with its three lines, a
    reference entry or the colophon panel must move to the second column whole; measured on every
    locale's leaflets: at most 5.5 body lines."""
    leading = _body_leading(layout)
    spreads, worst = [], (0.0, None)
    for locale in SHIPPED + ["en"]:
        path = built_real.pdf_path("als-stem-cells", locale, layout)
        feet = _column_feet(path, layout)
        article_end, references = _section_ends(path)
        # the article's last page ends its section unless the references follow on it
        for index in sorted({len(feet) - 1} | ({article_end} if article_end < references else set())):
            columns = feet[index]
            if index == article_end and len(columns) == 1 and index == 0:
                continue  # an article that ends on its first page under the title band
            assert len(columns) == 2, (locale, index + 1, columns)  # both columns hold text
            apart = abs(columns[0][0] - columns[1][0])
            spreads.append(apart)
            worst = max(worst, (apart, (locale, index + 1)))
    assert len(spreads) >= 2 * 13, len(spreads)
    assert worst[0] <= 5.5 * leading, worst
    # most are level to within two lines
    assert sum(apart <= 2 * leading for apart in spreads) >= 0.7 * len(spreads), sorted(spreads)


def test_facing_booklet_pages_end_on_one_baseline(built_real):
    """Every spread of the A5 booklet's article (verso 2k, recto 2k + 1), but where one of the two
    is the article's last page, ends on one baseline: a page that stops short before a heading
    that does not fit with its lines, more than its gaps can take up, is set again with its
    facing page to one shorter depth (``brochure.depth``). Before: el, ru and zh_Hans had spreads
    24–78 pt apart; ur (Nastaliq, 31 pt lines) is the one locale left with uneven spreads."""
    uneven, checked = [], 0
    for locale in SHIPPED + ["en"]:
        path = built_real.pdf_path("als-stem-cells", locale, "a5-booklet")
        feet = _column_feet(path, "a5-booklet")
        article_end, _ = _section_ends(path)
        for verso in range(1, article_end - 1, 2):  # 0-based: pages 2 and 3 are indexes 1 and 2
            (left, _), = feet[verso]
            (right, _), = feet[verso + 1]
            checked += 1
            if abs(left - right) > 2.5:  # a list's last row carries 2.5 pt of padding
                uneven.append((locale, verso + 1, round(left - right, 1)))
    assert checked >= 2 * 13, checked
    assert {locale for locale, _, _ in uneven} <= {"ur"}, uneven


def test_no_booklet_spread_is_levelled_by_cutting_both_pages_short(built_real):
    """A spread is set to one depth only where that depth is no higher than the shorter of its
    two pages ended before (``brochure.depth._facing``). Before, the step's last resort raised
    both pages until they matched: the ur booklet's pages 2 and 3 ended 179 pt (5.8 Nastaliq
    lines) short, 40 % of the page empty mid-article; now 74-105 pt (at most 3.4 lines). Every
    article page before the last ends within 3.5 of its script's lines of the deepest."""
    from brochure.fonts import load_config, script_of

    config = load_config(REPO / "fonts")
    leading = _body_leading("a5-booklet")
    worst = {}
    for locale in SHIPPED + ["en"]:
        path = built_real.pdf_path("als-stem-cells", locale, "a5-booklet")
        feet = _column_feet(path, "a5-booklet")
        article_end, _ = _section_ends(path)
        ends = [page[0][0] for page in feet[1:article_end] if page]  # page 1 is the cover
        line = leading * config.scripts[script_of(config, locale)].leading
        worst[locale] = round((max(ends) - min(ends)) / line, 1)
    assert max(worst.values()) <= 3.5, worst


@pytest.mark.parametrize("layout", ["a4-leaflet", "letter-leaflet", "a5-booklet"])
def test_a_lead_in_stays_as_close_to_its_list_as_set(built_real, layout):
    """Vertical justification grows the gaps of a column that runs on, but not the one between a
    list's lead-in and its first item (as it does not grow the one under a heading): the
    consultation sheet's two lead-ins ("Please bring the following with you:", "… you may want to
    ask your doctor") sit as far above their first bullet as each other, whichever page is
    justified. Before, the English booklet's first one grew from 24.6 to 31.1 pt, the Letter
    leaflet's to 35.5 pt."""
    path = built_real.pdf_path("consultation", "en", layout)
    split = float(PdfReader(path).pages[0].mediabox.width) / 2 if layout != "a5-booklet" else None
    gaps = []
    for lines in baselines(path, split):
        for y, x, line in lines:
            if line.rstrip().endswith(("with you:", "ask your doctor")):
                below = [(y2, text) for y2, x2, text in lines if y2 < y - 1 and abs(x2 - x) < 40]
                if below and max(below)[1].lstrip().startswith("•"):  # the list in the same column
                    gaps.append(round(y - max(below)[0], 1))
    loaded = load_layout(REPO / "layouts" / f"{layout}.yaml")
    size = body_size(path)  # copyfit may have set another size
    body = loaded.type.body
    natural = body.leading * size / body.size * (1 + loaded.type.paragraph_space)  # a line and a paragraph's space
    assert gaps and all(abs(gap - natural) <= 1.0 for gap in gaps), (gaps, round(natural, 1))


def test_one_column_single_sided_pages_end_ragged_with_even_gaps(built_real):
    """Large print (one column, no facing pages) has no vertical justification: every gap
    between two body lines is a line, a paragraph's space or a list row's padding, as set.
    Before, the gaps of a page that ran on grew up to threefold (2–3 blank lines at 16/24 pt)."""
    from test_readability import _body_lines

    layout = load_layout(REPO / "layouts" / "a4-large-print.yaml")
    body, space = layout.type.body, layout.type.paragraph_space
    checked = 0
    for locale in SHIPPED + ["en"]:
        path = built_real.pdf_path("als-stem-cells", locale, "a4-large-print")
        gaps = []
        for page in PdfReader(path).pages:
            lines = sorted({y for _, y in _body_lines(page, body.size, 1e9)}, reverse=True)
            headings = {y for _, y in _body_lines(page, layout.type.heading.size, 1e9)}
            gaps += [a - b for a, b in zip(lines, lines[1:]) if not any(b < h < a for h in headings)]
        mode = max(set(gaps), key=gaps.count)  # the script's leading (Nastaliq: 1.8 ×), baselines
        leading = max(g for g in gaps if abs(g - mode) <= 1)  # rounded to 1 pt (22.5 reads 22 and 23)
        # copyfit may close the leading to its floor to save a page (ht: 24 -> 22.5 pt), never below
        assert leading >= layout.copyfit.min_body_leading - 1, (locale, leading)  # baselines rounded to 1 pt
        widest = max(gaps)
        checked += len(gaps)
        assert widest <= leading * (1 + space + 0.15) + 1, (locale, widest, leading)
    assert checked > 1000


@pytest.mark.parametrize("locale", ["de", "ru", "ar", "he"])
def test_justified_columns_keep_every_letter_inside_the_column(real_project, locale):
    """A layout with ``type.align: justify``, built and read back from the PDF (pdfium's
    character boxes): no letter of a body page reaches into the gutter or the side margins.
    The breaker sets some lines with their spaces shrunk; those were drawn at their natural
    width, a few points into the gutter (en: up to 9 pt at a 230 pt measure)."""
    import pypdfium2 as pdfium

    from brochure.cli import main

    path = real_project.layout_path("a4-leaflet")
    path.write_text(path.read_text(encoding="utf-8").replace("type:\n", "type:\n  align: justify\n"),
                    encoding="utf-8")
    layout = load_layout(path)
    assert layout.type.align == "justify"
    assert main(["--project", str(real_project.root), "-q", "build", "--doc", "als-stem-cells", "--locale", locale,
                 "--layout", "a4-leaflet", "--no-previews"]) == 0
    left, right = layout.margins.inner * MM, (layout.page.width - layout.margins.outer) * MM
    column = (right - left - layout.page.column_gap * MM) / 2
    gutter = (left + column, right - column)
    pdf = real_project.pdf_path("als-stem-cells", locale, "a4-leaflet")
    body = body_size(pdf)  # the justified text (copyfit may have chosen another size than the layout's)
    ink = 0.08 * body  # a letter's ink may reach past its advance: the hook of a J, the tail of a reh
    doc = pdfium.PdfDocument(str(pdf))
    letters = 0
    try:
        for page in doc:
            text = page.get_textpage()
            for k in range(text.count_chars()):
                if not text.get_text_range(k, 1).strip():
                    continue
                x0, _, x1, _ = text.get_charbox(k)
                if x1 - x0 < 0.01 or abs(pdfium.raw.FPDFText_GetFontSize(text.raw, k) - body) > 0.01:
                    continue  # invisible marks (a line-end space, bidi marks); the title band across the columns
                letters += 1
                assert x0 >= left - ink and x1 <= right + ink, (locale, text.get_text_range(k, 1), x0, x1)
                assert x1 <= gutter[0] + ink or x0 >= gutter[1] - ink, (locale, text.get_text_range(k, 1), x0, x1)
    finally:
        doc.close()
    assert letters > 1000


def _lines_as_drawn(pdf, size: float) -> list[list[tuple[float, float, str]]]:
    """Every line of ``size`` pt text as drawn, its letters left to right as (x0, x1, letter)
    (pdfium's boxes; lines by baseline, the two columns apart)."""
    import ctypes
    from collections import defaultdict

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for page in doc:
            text, middle = page.get_textpage(), page.get_width() / 2
            rows = defaultdict(list)
            for k in range(text.count_chars()):
                char = text.get_text_range(k, 1)
                x0, _, x1, _ = text.get_charbox(k)
                if not char.strip() or x1 - x0 < 0.01 or abs(pdfium.raw.FPDFText_GetFontSize(text.raw, k) - size) > 0.01:
                    continue
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium.raw.FPDFText_GetCharOrigin(text.raw, k, x, y)
                rows[(round(y.value, 1), x0 > middle)].append((x0, x1, char))
            out += [sorted(row) for row in rows.values()]
    finally:
        doc.close()
    return out


def test_passages_printed_untranslated_are_set_as_the_source_language(real_project):
    """``--fallback-source``: a paragraph printed in English stands in an Arabic or German
    brochure as English: left to right with its full stop at the end, hyphenated by English
    patterns. It was set as the translation: in Arabic right to left (ragged left, the full stop
    at the line's left end, ".in ALS patients"), in German with German patterns ("prote-ins",
    "neurolo-gical")."""
    import subprocess

    import polib
    import pyphen

    from brochure.cli import main

    english = ""
    for locale in ("de", "ar"):
        path = real_project.po_path("als-stem-cells", locale)
        po = polib.pofile(str(path))
        for entry in [e for e in po if e.msgctxt == "paragraph" and len(e.msgid) > 250][:8 if locale == "ar" else None]:
            entry.msgstr = ""
            english += " " + entry.msgid
        po.save(str(path))
    assert main(["--project", str(real_project.root), "-q", "build", "--doc", "als-stem-cells", "--locale", "de", "ar",
                 "--layout", "a4-leaflet", "--fallback-source", "--no-previews", "-j", "1"]) == 0

    pdf = real_project.pdf_path("als-stem-cells", "ar", "a4-leaflet")
    latin = [line for line in _lines_as_drawn(pdf, body_size(pdf))
             if all(char.isascii() for _, _, char in line) and any(char.isalpha() for _, _, char in line)]
    stops = [line for line in latin if any(char == "." for _, _, char in line)]
    assert len(latin) > 20 and stops
    for line in stops:  # a sentence's full stop is never the leftmost letter of an English line
        assert line[0][2] != ".", "".join(char for _, _, char in line)
    assert sum(line[-1][2] == "." for line in stops) >= 4  # the paragraphs' last lines end with it on the right

    words = set(re.findall(r"[A-Za-z]+", english))
    lines = subprocess.run(["pdftotext", str(real_project.pdf_path("als-stem-cells", "de", "a4-leaflet")), "-"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    english_hyphens = pyphen.Pyphen(lang="en_US")
    checked = 0
    for line, following in zip(lines, lines[1:]):
        head = re.search(r"([A-Za-z]+)\u00ad$", line)
        tail = re.match(r"([a-z]+)", following)
        if head and tail and head[1] + tail[1] in words:
            word = head[1] + tail[1]
            assert len(head[1]) in english_hyphens.positions(word), f"{head[1]}-{tail[1]}"
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("padding", ["notes", "blank"])
def test_padding_pages_are_ruled_for_notes_or_blank(real_project, padding):
    """The German booklet ends its text on page 8 of 12: pages 9-11 are padding before the back
    cover. ``padding: notes`` gives them the "Notes" heading and ruled lines; ``padding: blank``
    leaves them blank but for the running footer (it printed the heading without the rules)."""
    from brochure.cli import main

    path = real_project.layout_path("a5-booklet")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^  padding: \w+", f"  padding: {padding}", text), encoding="utf-8")
    assert load_layout(path).page.padding == padding
    assert main(["--project", str(real_project.root), "-q", "build", "--doc", "als-stem-cells", "--locale", "de",
                 "--layout", "a5-booklet", "--no-previews"]) == 0
    reader = PdfReader(real_project.pdf_path("als-stem-cells", "de", "a5-booklet"))
    assert len(reader.pages) == 12
    for page in reader.pages[8:11]:
        words = page.extract_text().split()
        lines = re.findall(rb"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", page.get_contents().get_data())
        # long rules above the footer's (y 74): not the crop marks, not the footer
        ruled = sum(abs(float(x1) - float(x0)) > 100 and float(y) > 100 for x0, y, x1, _ in lines)
        if padding == "notes":
            assert words[0] == "Notizen" and ruled >= 10
        else:
            assert "Notizen" not in words and ruled == 0
            assert all("ANOVA-PI-ALS" in line or "Seite" in line or not line.strip()
                       for line in page.extract_text().splitlines())


def test_labels_printed_untranslated_are_set_as_the_source_language(real_project):
    """``--fallback-source`` in a catalog without the program's labels (a new locale's first
    proof): a label printed in English on a right-to-left page reads left to right, its full stop at
    the end ("The publications are cited in their original language."), as an untranslated
    paragraph does; it was set right to left, the full stop at the line's left end."""
    import polib

    from brochure.cli import main
    from brochure.labels import LABELS

    # Pashto, written in the Arabic script, a language the program has no labels for: the Arabic
    # article's catalog under its name, without the labels
    po = polib.pofile(str(real_project.po_path("als-stem-cells", "ar")))
    po.metadata["Language"] = "ps"
    names = {label.name for label in LABELS}
    for entry in po:  # and without the paragraphs with numbers (Pashto writes them otherwise)
        if entry.msgctxt in names or re.search(r"\d", entry.msgstr):
            entry.msgstr = ""
    path = real_project.po_path("als-stem-cells", "ps")
    path.parent.mkdir(parents=True)
    po.save(str(path))
    assert main(["--project", str(real_project.root), "-q", "build", "--doc", "als-stem-cells", "--locale", "ps",
                 "--layout", "a4-leaflet", "--fallback-source", "--no-previews", "-j", "1"]) == 0
    pdf = real_project.pdf_path("als-stem-cells", "ps", "a4-leaflet")
    sizes = {float(size) for size in re.findall(r"/F\w+ ([\d.]+) Tf", "".join(
        page.get_contents().get_data().decode("latin-1") for page in PdfReader(pdf).pages))}
    english = [line for size in sizes for line in _lines_as_drawn(pdf, size)
               if all(char.isascii() for _, _, char in line) and any(char.isalpha() for _, _, char in line)]
    read = ["".join(char for _, _, char in line) for line in english]
    # the references' note and the colophon's sentence end on the right with their full stop
    assert any(text.endswith("language.") for text in read) and any(text.endswith("original.") for text in read), \
        [t for t in read if "anguage" in t or "riginal" in t or "ublications" in t]
    for line in english:
        assert line[0][2] != ".", "".join(char for _, _, char in line)


@pytest.mark.parametrize("locale", ["ar", "he"])
def test_a_list_item_printed_untranslated_stands_beside_its_bullet(real_project, locale):
    """``--fallback-source`` with one list item untranslated: in a right-to-left brochure the
    English item keeps the list's bullet column on the right and is set against it, still left
    to right (its closing "," at the right end). It was set flush left, its own start side,
    a whole column away from its bullet at the far right. Its text copies out in order and it
    stays LI (/Lang en) > Lbl + LBody."""
    import subprocess

    import polib

    from brochure.cli import main
    from structread import structure

    english = "reduce apoptosis (= programmed cell death),"
    path = real_project.po_path("als-stem-cells", locale)
    po = polib.pofile(str(path))
    po.find(english, msgctxt="list-item").msgstr = ""
    po.save(str(path))
    assert main(["--project", str(real_project.root), "-q", "build", "--doc", "als-stem-cells", "--locale", locale,
                 "--layout", "a4-leaflet", "--fallback-source", "--no-previews", "-j", "1"]) == 0

    pdf = real_project.pdf_path("als-stem-cells", locale, "a4-leaflet")
    size = body_size(pdf)
    lines = _lines_as_drawn(pdf, size)
    rows = [row for row in lines if any(char == "•" for _, _, char in row)]
    assert len(rows) >= 5
    for row in rows:  # the bullet is each item's rightmost mark
        assert row[-1][2] == "•", "".join(char for _, _, char in row)
    # the translated items' text ends where the bullet's indent begins: so do the English item's lines
    edge = max(row[-2][1] for row in rows if not row[-2][2].isascii())
    ends = {"".join(char for _, _, char in row if char != "•"): [box for box in row if box[2] != "•"][-1][1]
            for row in lines if any(word in "".join(char for _, _, char in row) for word in ("reduce", "death"))}
    assert list(ends) == ["reduceapoptosis(=programmed", "celldeath),"]  # left to right, "," at the end
    assert all(abs(end - edge) < 2.0 for end in ends.values()), (edge, ends)

    copied = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout.split())
    assert "reduce apoptosis (= programmed cell death)," in copied.replace("\u202a", "").replace("\u202b", "") \
        .replace("\u202c", "")
    (item,) = [li for li in structure(pdf).find("LI") if "apoptosis" in li.text]
    assert item.lang == "en" and [kid.role for kid in item.kids] == ["Lbl", "LBody"]
    assert item.kids[0].text.strip() == "•" and " ".join(item.kids[1].text.split()) == english
