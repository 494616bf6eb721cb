import re

import pytest

from brochure.errors import BrochureError
from brochure.layouts import CLASSES, load_layout

from conftest import FIXTURES, REPO, assert_refused

BAD = {
    "body-below-minimum.yaml": (18, "type.body.size: 11 pt is below the 12 pt body minimum for office layouts"),
    "cmyk-out-of-range.yaml": (23, "colours.accent: CMYK values are percentages 0–100, got 150"),
    "crop-marks-without-slug.yaml": (5, "page.slug: crop marks need at least 5 mm outside the bleed"),
    "duplicate-key.yaml": (11, "margins.top: duplicate key (first at line 10)"),
    "leading-below-size.yaml": (18, "type.heading.leading: 12 pt is less than the 14 pt type size"),
    "margins-too-wide.yaml": (12, "margins.inner: 300 mm is wider than the 210 mm page"),
    "missing-section.yaml": (3, "missing key(s): colours"),
    "python-tag.yaml": (3, "description: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "syntax-error.yaml": (14, "YAML syntax"),
    "too-many-columns.yaml": (7, "page.columns: 3 columns would be 37 mm wide"),
    "negative-column-gap.yaml": (8, "page.column_gap: -8 mm is negative: the columns would overlap"),
    "unknown-key.yaml": (12, "margins.gutter: unknown key"),
    "wrong-type.yaml": (5, "page.width: must be a number, not 'wide'"),
    "length-with-unit.yaml": (6, "page.height: must be a number, not '297mmm': write the number alone, without a "
                                 "unit (a layout's lengths are in mm, type in pt, colours in percent)"),
    "yaml-1.1-boolean.yaml": (7, "page.crop_marks: must be true or false, not 'no'"),
    "number-out-of-range.yaml": (5, "page.width: 1e309 is out of range"),
    "copyfit-below-body-minimum.yaml": (34, "copyfit.min_body_size: 10.5 pt is below the 11 pt body minimum for "
                                            "booklet layouts"),
    # the type minimums of each layout class (README, "Readability")
    "body-leading-below-class-minimum.yaml": (18, "type.body.leading: 16 pt is below the 17.5 pt leading minimum "
                                                  "(1.4 × the 12.5 pt body) for office layouts"),
    "heading-not-larger-than-body.yaml": (20, "type.heading.size: 13 pt is below the 15 pt heading minimum "
                                              "(1.2 × the 12.5 pt body)"),
    # the title too: 9 pt over a 12.5 pt body passed validation and preflight (min_size 9)
    "title-not-larger-than-body.yaml": (19, "type.title.size: 9 pt is below the 15 pt heading minimum "
                                            "(1.2 × the 12.5 pt body)"),
    "tab-indent.yaml": (8, "YAML syntax: found character '\\t' that cannot start any token; indent and separate "
                           "with spaces, not tabs"),
    "references-below-class-minimum.yaml": (27, "type.references.size: 8.5 pt is below the 9 pt references minimum "
                                                "for booklet layouts"),
    "small-below-class-minimum.yaml": (22, "type.small.size: 8 pt is below the 10 pt footer and colophon minimum "
                                           "for office layouts"),
    "min-size-below-class-minimum.yaml": (17, "type.min_size: 8 pt is below the 10 pt smallest type for office"),
    "copyfit-leading-below-class-minimum.yaml": (31, "copyfit.min_body_leading: 16 pt is below the 16.8 pt leading "
                                                     "minimum (1.4 × the 12 pt copyfit body)"),
    "copyfit-opened-leading-below-class-minimum.yaml": (35, "copyfit.max_body_leading: 19 pt is below the 19.6 pt "
                                                            "leading minimum (1.4 × the 14 pt opened body)"),
    "unknown-class.yaml": (5, "class: must be office, booklet, large-print, not 'poster'"),
    "class-spelled-as-the-field.yaml": (5, "class_: unknown key (known here: description, class, page"),
    "missing-class.yaml": (4, "missing key(s): class"),
    "italic-neither-italic-nor-bold.yaml": (23, "type.italic: must be italic or bold, not 'oblique'"),
    "cover-on-a-single-sheet.yaml": (12, "page.cover: covers make sense for booklets"),
    "missing-icc-profile.yaml": (37, "output_intent.profile: icc/missing.icc is not a file next to the layout"),
    "rgb-icc-profile.yaml": (40, "output_intent.profile: icc/monitor-rgb.icc is a mntr/RGB profile; an output "
                                 "intent needs a CMYK output (prtr) profile"),
    "latin1-bytes.yaml": (3, "byte 0xe9 is not valid UTF-8 (the file must be UTF-8)"),
    "budget-not-multiple.yaml": (12, "page.max_pages: 10 is not a positive multiple of page_multiple"),
    "no-safe-zone.yaml": (19, "margins.outer: 3 mm leaves no safe zone inside the trim"),
    "top-level-scalar.yaml": (2, "the top level must be a mapping of keys to values"),
    "top-level-list.yaml": (2, "the top level must be a mapping of keys to values"),
    "top-level-tag.yaml": (2, "YAML tag '!layout' is not allowed"),
    "deep-nesting.yaml": (2, "nested more than 16 levels deep"),
    "alias.yaml": (2, "YAML anchors and aliases (&name, *name) are not allowed"),
    "creep-beyond-the-bleed.yaml": (43, "imposition.creep: 1.5 mm is more than the 0 mm bleed that covers it"),
    # 1/8 in typed where millimetres are meant: a print shop needs 3 mm (1/8 in = 3.175 mm)
    "bleed-in-inches.yaml": (10, "page.bleed: 0.125 mm is less than the 3 mm a print shop needs beyond the trim "
                                 "(lengths are in mm: 1/8 in is 3.175)"),
    # an office layout (no bleed) keeps 5 mm too: office printers leave the paper's edge unprinted
    "office-margin-in-the-unprinted-edge.yaml": (11, "margins.top: 2 mm leaves no safe zone inside the trim "
                                                     "(at least 5 mm: office printers leave the paper's edge unprinted)"),
    "cmyk-as-fractions.yaml": (24, "colours.text: [0, 0, 0, 1] looks like fractions of 1; CMYK values are "
                                   "percentages (100 % K is [0, 0, 0, 100])"),
    "columns-without-a-gap.yaml": (11, "page.column_gap: 0.5 mm is narrower than the 12 pt body (4.3 mm): "
                                       "the lines of neighbouring columns would run together"),
    # an optional section written with nothing under it (YAML null) was read as "no copyfit", silently,
    # while an empty imposition: was refused as "must be a mapping of keys to values"
    "empty-optional-section.yaml": (34, "copyfit: is empty: write its keys indented below it, or leave the "
                                        "optional section out"),
    # text the reader cannot read passed validation; only the preflight found it in the PDF
    "text-colour-white.yaml": (28, "colours.text: [0, 0, 0, 0] is no ink: text in it is invisible on the paper"),
    "text-colour-light.yaml": (28, "colours.text: [0, 0, 0, 10] sets text in 10 % K: screened into dots; "
                                   "use 100 % K"),
    # creep on a leaflet was ignored (or refused as more than a bleed the leaflet never needed)
    "creep-on-a-leaflet.yaml": (43, "imposition.creep: only a saddle-stitched booklet (page.page_multiple: 4) "
                                    "is imposed; this layout's page_multiple is 1"),
    "description-on-several-lines.yaml": (4, "description: is 2 lines; a layout's description is one line"),
    # a 200 pt body was refused at the title's line, for a title below 1.2 × the body
    "body-size-implausible.yaml": (25, "type.body.size: 200 pt is not a plausible body size (at most 36 pt; large print "
                                   "is 16–18 pt)"),
    "page-width-in-inches.yaml": (8, "page.width: 5.83 mm is not a plausible page size (50–1000 mm; lengths are "
                                     "in millimetres: 5.83 in is 148.1 mm)"),
}


def test_every_bad_layout_has_an_expectation():
    assert sorted(p.name for p in (FIXTURES / "layouts").glob("*.yaml")) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_layout_is_refused_with_key_path_and_line(name):
    line, words = BAD[name]
    shown = f"layouts/{name}"
    assert_refused(lambda: load_layout(FIXTURES / "layouts" / name, shown), shown, line, words)


def test_shipped_layouts_declare_their_class_and_meet_its_clear_print_figures():
    layouts = {p.stem: load_layout(p) for p in sorted((REPO / "layouts").glob("*.yaml"))}
    classes = {name: layout.class_ for name, layout in layouts.items()}
    assert classes == {"a4-leaflet": "office", "letter-leaflet": "office", "a5-booklet": "booklet",
                       "a4-large-print": "large-print"}
    # the figures of issue 19, stated here on their own and not through CLASSES
    body = {"office": 12, "booklet": 11, "large-print": 16}
    for name, layout in layouts.items():
        t = layout.type
        lowest = layout.copyfit.min_body_size if layout.copyfit else t.body.size
        lowest_leading = layout.copyfit.min_body_leading if layout.copyfit else t.body.leading
        assert lowest >= body[layout.class_], name
        assert t.body.leading >= 1.4 * t.body.size and lowest_leading >= 1.4 * lowest, name
        assert t.heading.size >= 1.2 * t.body.size, name
        assert t.references.size >= 9, name
        assert t.align == "left" and t.italic == "bold", name
        # footer and colophon (the machine-translation notice): the second review asked for more than
        # the 9 pt office minimum, and for large print the size of its references
        small = {"office": 10, "booklet": 9, "large-print": 14}
        assert min(t.small.size, t.min_size) >= small[layout.class_], name
        budget = layout.page.max_pages
        assert budget is not None and budget % layout.page.page_multiple == 0, name
    assert (layouts["a4-leaflet"].page.width, layouts["a4-leaflet"].page.height) == (210, 297)
    assert layouts["a5-booklet"].page.max_pages in (12, 16)


def test_large_print_is_one_column_16_pt_ragged_with_bold_emphasis_and_open_paragraphs():
    large = load_layout(REPO / "layouts" / "a4-large-print.yaml")
    assert large.class_ == "large-print" and CLASSES["large-print"].body == 16
    assert large.type.body.size == 16 and large.page.columns == 1
    assert large.type.align == "left" and large.type.italic == "bold" and not large.type.hyphenate
    assert large.type.paragraph_space >= 0.75  # at least three quarters of a blank line between paragraphs
    assert large.copyfit.min_body_size == 16  # large print never shrinks its type


def test_an_unknown_top_level_key_lists_only_the_keys_a_layout_file_may_set(tmp_path):
    # name and folder are set from the file's path: offering them as known keys misled (they are refused)
    text = (REPO / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8").replace("margins:", "margin:", 1)
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("margin:") + 1
    words = ("margin: unknown key (known here: description, class, page, margins, type, colours, copyfit, "
             "output_intent, imposition)")
    assert_refused(lambda: load_layout(tmp_path / "x.yaml", "layouts/x.yaml"), "layouts/x.yaml", line, words)
    (tmp_path / "x.yaml").write_text(text.replace("margin:", "margins:").replace("class:", "folder: here\nclass:"),
                                     encoding="utf-8")
    assert_refused(lambda: load_layout(tmp_path / "x.yaml", "layouts/x.yaml"), "layouts/x.yaml", 4,
                   "folder: unknown key (known here: description, class,")


def test_a_column_gap_left_at_its_default_is_named_as_the_default(tmp_path):
    # two columns of 18 pt large print with no column_gap written: the 6 mm the layout never
    # mentions is too narrow; the message names the columns line and where that 6 mm comes from
    text = (REPO / "layouts" / "a4-large-print.yaml").read_text(encoding="utf-8")
    text = text.replace("  columns: 1\n", "  columns: 2\n", 1).replace("body: {size: 16, leading: 24}",
                                                                      "body: {size: 18, leading: 27}", 1)
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, each in enumerate(text.splitlines(), 1) if each.startswith("  columns: 2"))
    assert_refused(lambda: load_layout(tmp_path / "x.yaml", "layouts/x.yaml"), "layouts/x.yaml", line,
                   "page.columns: 2 columns 6 mm apart (the default page.column_gap) would run together: "
                   "set page.column_gap to at least 6.4 mm, one em of the 18 pt body")


@pytest.mark.parametrize("shipped, smallest", [("a4-leaflet", 10), ("a5-booklet", 9), ("a4-large-print", 14)])
def test_a_layout_without_min_size_takes_its_class_smallest_type(tmp_path, shipped, smallest):
    # the default of 8 pt was below every class's smallest type: a layout that left min_size out
    # was refused for a value its author never wrote ("type.min_size: 8 pt is below the 10 pt ...")
    text = (REPO / "layouts" / f"{shipped}.yaml").read_text(encoding="utf-8")
    (tmp_path / "icc").symlink_to(REPO / "layouts" / "icc")
    (tmp_path / "x.yaml").write_text(re.sub(r"\n  min_size: [0-9.]+\n", "\n", text), encoding="utf-8")
    assert "min_size: " not in (tmp_path / "x.yaml").read_text(encoding="utf-8").replace("rich_black_min_size", "")
    assert load_layout(tmp_path / "x.yaml").type.min_size == smallest


def test_a_layout_file_whose_name_the_command_line_refuses_is_refused_too(tmp_path):
    # "layouts/US Letter.yaml" was built by a plain `build` (output/.../US Letter.pdf), while
    # `build --layout "US Letter"` refused the name: the file is now refused by the same rule
    text = (REPO / "layouts" / "letter-leaflet.yaml").read_text(encoding="utf-8")
    (tmp_path / "US Letter.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BrochureError) as info:
        load_layout(tmp_path / "US Letter.yaml", "layouts/US Letter.yaml")
    assert str(info.value) == ("layouts/US Letter.yaml: 'US Letter' is not a layout name (letters, digits, . _ -, "
                               "at most 64 characters): rename the file")


def test_a_layout_without_italic_or_paragraph_space_keeps_the_defaults():
    plain = load_layout(FIXTURES / "project" / "layouts" / "a4-leaflet.yaml")
    assert plain.type.italic == "italic" and plain.type.paragraph_space == 0.45


@pytest.mark.parametrize("written, value", [("2.1e2", 210), ("2.1E+2", 210), ("21e1", 210), ("2.10e+2", 210),
                                            (".21e3", 210), ("+2100e-1", 210)])
def test_a_number_in_exponent_notation_is_read_as_that_number(tmp_path, written, value):
    # YAML 1.2 (and JSON) read 1e9 as a number; PyYAML's YAML 1.1 rules want 1.0e+9, so such a
    # number came as text and was refused as "page.width: must be a number, not '2.1e2'"
    text = (REPO / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8")
    (tmp_path / "x.yaml").write_text(text.replace("  width: 210\n", f"  width: {written}\n", 1), encoding="utf-8")
    assert load_layout(tmp_path / "x.yaml").page.width == value


def test_a_huge_number_in_exponent_notation_meets_the_layout_rules(tmp_path):
    text = (REPO / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8").replace("  column_gap: 8\n",
                                                                                      "  bleed: 1e9\n", 1)
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  bleed: 1e9") + 1
    assert_refused(lambda: load_layout(tmp_path / "x.yaml", "layouts/x.yaml"), "layouts/x.yaml", line,
                   "page.bleed: 1e+09 mm is outside 0–10 mm")


def test_a_whole_number_in_exponent_notation_is_refused_as_not_whole(tmp_path):
    # YAML 1.2 reads 1e3 as a float: a page count is written in digits
    text = (REPO / "layouts" / "a4-leaflet.yaml").read_text(encoding="utf-8")
    text = text.replace("  max_pages: 5 ", "  max_pages: 1e3 ", 1)
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, each in enumerate(text.splitlines(), 1) if each.startswith("  max_pages: 1e3"))
    assert_refused(lambda: load_layout(tmp_path / "x.yaml", "layouts/x.yaml"), "layouts/x.yaml", line,
                   "page.max_pages: must be a whole number, not '1e3'")


def _layout_with(tmp_path, shipped: str, old: str, new: str):
    """A shipped layout with ``old`` replaced by ``new``, as layouts/x.yaml, and the line ``new`` starts on."""
    text = (REPO / "layouts" / f"{shipped}.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    (tmp_path / "icc").symlink_to(REPO / "layouts" / "icc")
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "x.yaml", text[:text.index(new)].count("\n") + 1


@pytest.mark.parametrize("section, optional", [("output_intent", True), ("copyfit", True), ("imposition", True),
                                               ("margins", False)])
@pytest.mark.parametrize("empty", ["", " ~", " null"])
def test_a_section_written_empty_is_refused_at_its_line_whatever_section_it_is(tmp_path, section, optional, empty):
    # YAML reads `output_intent:` with nothing under it as null: an optional section took it for
    # "none" silently (the booklet printed without its output intent), while `imposition:` was refused
    # as "must be a mapping of keys to values"; now every section says what to write
    lines = (REPO / "layouts" / "a5-booklet.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index(f"{section}:") + 1
    lines[line - 1] += empty
    for index in range(line, len(lines)):  # its keys commented out, as if forgotten
        if not lines[index].startswith("  "):
            break
        lines[index] = "#" + lines[index]
    (tmp_path / "x.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = f"{section}: is empty: write its keys indented below it"
    words += ", or leave the optional section out" if optional else ""
    with pytest.raises(BrochureError) as info:
        load_layout(tmp_path / "x.yaml", "layouts/x.yaml")
    assert (info.value.line, info.value.message) == (line, words)


@pytest.mark.parametrize("text, refused", [
    ("[0, 0, 0, 100]", None),
    ("[100, 0, 0, 0]", None),  # one solid ink: the preflight's text-colour check passes it at any size
    ("[0, 0, 0, 0]", "[0, 0, 0, 0] is no ink: text in it is invisible on the paper"),
    ("[0, 0, 0, 88]", "[0, 0, 0, 88] sets text in 88 % K: screened into dots; use 100 % K"),
    ("[30, 0, 0, 0]", "[30, 0, 0, 0] sets 30/0/0/0 CMYK text at 10 pt: several inks need ≥ 10 pt bold"),
    ("[100, 60, 0, 0]", "[100, 60, 0, 0] sets 100/60/0/0 CMYK text at 10 pt: several inks need ≥ 10 pt bold"),
    ("[20, 0, 0, 100]", "[20, 0, 0, 100] sets text in rich black (100 % K with other inks)")])
def test_the_text_colour_meets_the_preflights_text_colour_rule_at_the_smallest_regular_type(tmp_path, text,
                                                                                             refused):
    # colours.text sets body text, references and the 10 pt footer in the regular face: the rule the
    # preflight's text-colour check held the PDF to (the only place white or 10 % K text was found)
    path, line = _layout_with(tmp_path, "a4-leaflet", "  text: [0, 0, 0, 100]\n", f"  text: {text}\n")
    if refused is None:
        assert load_layout(path).colours.text[0] in (0, 100)
        return
    assert_refused(lambda: load_layout(path, "layouts/x.yaml"), "layouts/x.yaml", line, f"colours.text: {refused}")


def test_creep_on_a_booklet_that_is_not_saddle_stitched_is_refused(tmp_path):
    # page_multiple 2 writes no imposed file: the creep was ignored
    path, line = _layout_with(tmp_path, "a5-booklet", "  creep: 0.3\n", "  creep: 0.3\n")
    path.write_text(path.read_text(encoding="utf-8").replace("page_multiple: 4", "page_multiple: 2")
                    .replace("max_pages: 16", "max_pages: 14"), encoding="utf-8")
    assert_refused(lambda: load_layout(path, "layouts/x.yaml"), "layouts/x.yaml", line,
                   "imposition.creep: only a saddle-stitched booklet (page.page_multiple: 4) is imposed; this "
                   "layout's page_multiple is 2: remove imposition")


@pytest.mark.parametrize("written", [">\n  A5 booklet,\n  saddle-stitched\n", ">-\n  A5 booklet\n", '"A5 booklet"\n'])
def test_a_description_folded_onto_one_line_is_accepted(tmp_path, written):
    path, _ = _layout_with(tmp_path, "a5-booklet", "description: A5 booklet, saddle-stitched, for commercial "
                                                   "printing\n", f"description: {written}")
    assert "\n" not in load_layout(path).description.rstrip("\n")


@pytest.mark.parametrize("key, inches, hint", [("width", "8.5", "8.5 in is 215.9 mm"),
                                               ("height", "8.27", "8.27 in is 210.1 mm"),
                                               ("width", "1", None)])  # 25.4 mm: no page either way
def test_a_page_size_typed_in_inches_is_refused_with_its_millimetres(tmp_path, key, inches, hint):
    old = {"width": "  width: 148\n", "height": "  height: 210\n"}[key]
    path, line = _layout_with(tmp_path, "a5-booklet", old, f"  {key}: {inches}\n")
    with pytest.raises(BrochureError) as info:
        load_layout(path, "layouts/x.yaml")
    assert info.value.line == line
    plain = f"page.{key}: {inches} mm is not a plausible page size (50–1000 mm"
    assert info.value.message == (f"{plain}; lengths are in millimetres: {hint})" if hint else f"{plain})")


def test_a_body_just_under_the_plausible_largest_is_measured_by_the_other_rules(tmp_path):
    # 36 pt is plausible: then the title, below 1.2 × the body, is the key that is wrong
    path, _ = _layout_with(tmp_path, "a4-large-print", "body: {size: 16, leading: 24}", "body: {size: 36, leading: 51}")
    title = path.read_text(encoding="utf-8").splitlines().index("  title: {size: 34, leading: 40}") + 1
    assert_refused(lambda: load_layout(path, "layouts/x.yaml"), "layouts/x.yaml", title,
                   "type.title.size: 34 pt is below the 43.2 pt heading minimum")
