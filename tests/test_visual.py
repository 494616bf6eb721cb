"""Visual regression: the first page of every locale in the A4 leaflet and in large print,
rendered, against a committed reference.

A change that breaks shaping, joining or direction changes thousands of pixels; a
harmless change of rasteriser changes a few. References are refreshed, after
looking at them, with:  BROCHURE_UPDATE_VISUAL=1 python3 -m pytest tests/test_visual.py
"""

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from conftest import REPO
from pdfread import render_page

REFERENCES = Path(__file__).resolve().parent / "visual"
LOCALES = ["en"] + sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))
DPI = 50
MAX_CHANGED = 0.005  # share of pixels allowed to differ clearly
THRESHOLD = 64  # grey levels that count as a clear difference


@pytest.mark.parametrize("layout", ["a4-leaflet", "a4-large-print"])
@pytest.mark.parametrize("locale", LOCALES)
def test_first_page_matches_the_reference_image(built_real, locale, layout, tmp_path):
    actual = render_page(built_real.pdf_path("als-stem-cells", locale, layout), 0, DPI).convert("L")
    reference_path = REFERENCES / f"{locale}-{layout}-1.png"
    if os.environ.get("BROCHURE_UPDATE_VISUAL"):
        actual.save(reference_path, optimize=True)
    assert reference_path.exists(), f"no reference image {reference_path.name}; see this module's docstring"
    reference = Image.open(reference_path).convert("L")
    assert actual.size == reference.size
    diff = ImageChops.difference(actual, reference).point(lambda v: 255 if v > THRESHOLD else 0)
    changed = sum(1 for v in diff.tobytes() if v) / (diff.width * diff.height)  # mode L: a byte a pixel
    if changed > MAX_CHANGED:
        actual.save(tmp_path / "actual.png")
        diff.save(tmp_path / "diff.png")
    assert changed <= MAX_CHANGED, f"{changed:.2%} of pixels differ; see {tmp_path}"
