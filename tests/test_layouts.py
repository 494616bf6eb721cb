import pytest

from brochure.layouts import BODY_MIN_PT, load_layout

from conftest import FIXTURES, REPO, assert_refused

BAD = {
    "body-below-minimum.yaml": (16, "type.body.size: 8 pt is below the 9 pt body minimum"),
    "cmyk-out-of-range.yaml": (23, "colours.accent: CMYK values are percentages 0–100, got 150"),
    "crop-marks-without-slug.yaml": (5, "page.slug: crop marks need at least 5 mm outside the bleed"),
    "duplicate-key.yaml": (11, "margins.top: duplicate key (first at line 10)"),
    "leading-below-size.yaml": (18, "type.heading.leading: 12 pt is less than the 14 pt type size"),
    "margins-too-wide.yaml": (12, "margins.inner: 300 mm is wider than the 210 mm page"),
    "missing-section.yaml": (3, "missing key(s): colours"),
    "python-tag.yaml": (3, "description: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "syntax-error.yaml": (14, "YAML syntax"),
    "too-many-columns.yaml": (7, "page.columns: 3 columns would be 37 mm wide"),
    "unknown-key.yaml": (12, "margins.gutter: unknown key"),
    "wrong-type.yaml": (5, "page.width: must be a number, not 'wide'"),
    "yaml-1.1-boolean.yaml": (7, "page.crop_marks: must be true or false, not 'no'"),
    "copyfit-below-body-minimum.yaml": (32, "copyfit.min_body_size: 8.5 pt must lie between the 9 pt body minimum"),
    "cover-on-a-single-sheet.yaml": (12, "page.cover: covers make sense for booklets"),
    "missing-icc-profile.yaml": (37, "output_intent.profile: icc/missing.icc is not a file next to the layout"),
    "budget-not-multiple.yaml": (12, "page.max_pages: 10 is not a positive multiple of page_multiple"),
    "no-safe-zone.yaml": (19, "margins.outer: 3 mm leaves no safe zone inside the trim"),
    "top-level-scalar.yaml": (2, "the top level must be a mapping of keys to values"),
    "top-level-list.yaml": (2, "the top level must be a mapping of keys to values"),
    "top-level-tag.yaml": (2, "YAML tag '!layout' is not allowed"),
    "deep-nesting.yaml": (2, "nested more than 16 levels deep"),
    "alias.yaml": (2, "YAML anchors and aliases (&name, *name) are not allowed"),
    "creep-beyond-the-bleed.yaml": (37, "imposition.creep: 1.5 mm is more than the 1 mm bleed that covers it"),
}


def test_every_bad_layout_has_an_expectation():
    assert sorted(p.name for p in (FIXTURES / "layouts").glob("*.yaml")) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_layout_is_refused_with_key_path_and_line(name):
    line, words = BAD[name]
    shown = f"layouts/{name}"
    assert_refused(lambda: load_layout(FIXTURES / "layouts" / name, shown), shown, line, words)


def test_shipped_layouts_load_and_respect_the_body_minimum():
    layouts = [load_layout(p) for p in sorted((REPO / "layouts").glob("*.yaml"))]
    assert "a4-leaflet" in [layout.name for layout in layouts]
    for layout in layouts:
        assert layout.type.body.size >= BODY_MIN_PT
    a4 = next(layout for layout in layouts if layout.name == "a4-leaflet")
    assert (a4.page.width, a4.page.height) == (210, 297)
