"""The Typst peer of bench/bench.py makes the brochures it is compared with: the right page sizes,
the catalog's text, the project's fonts. No timing here. Skipped without the `bench` extra (typst)."""

import subprocess
import sys

import polib
import pytest
from pypdf import PdfReader

from conftest import REPO

pytest.importorskip("typst")

MM = 72 / 25.4
TITLE_DE = "Wirkt die Stammzelltherapie bei amyotropher Lateralsklerose?"


def catalog_title(locale: str) -> str:
    po = polib.pofile(str(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po"))
    return next(e.msgstr for e in po if e.msgctxt == "title")


@pytest.fixture(scope="module")
def peer_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("peer")
    done = subprocess.run([sys.executable, str(REPO / "bench" / "typst_peer.py"), "--out", str(out),
                           "--locale", "de", "ar"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 PDFs in ")
    return out


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_the_leaflet_is_a4_and_the_booklet_a5_with_bleed_and_slug(peer_output, locale):
    leaflet = PdfReader(peer_output / locale / "a4-leaflet.pdf")
    booklet = PdfReader(peer_output / locale / "a5-booklet.pdf")
    for page in leaflet.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((210 * MM, 297 * MM),
                                                                                          abs=0.01)
    sheet = 2 * (3 + 10)  # layouts/a5-booklet.yaml: bleed 3 mm and a slug of 10 mm on every side
    for page in booklet.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            ((148 + sheet) * MM, (210 + sheet) * MM), abs=0.01)
    assert len(booklet.pages) % 4 == 0  # saddle stitching, padded with notes pages like the project's
    assert 2 <= len(leaflet.pages) <= 5  # the layout's max_pages


@pytest.mark.parametrize("locale, face", [("de", "NotoSans"), ("ar", "BrochureArabic")])
def test_the_peer_prints_the_catalog_in_the_projects_fonts(peer_output, locale, face):
    leaflet = PdfReader(peer_output / locale / "a4-leaflet.pdf")
    assert leaflet.metadata.title == catalog_title(locale)
    fonts = {str(font["/BaseFont"]).split("+")[-1] for page in leaflet.pages
             for font in page["/Resources"]["/Font"].values()}
    assert f"{face}-Regular" in fonts and f"{face}-Bold" in fonts  # the body and the headings
    if locale == "de":
        first = " ".join(leaflet.pages[0].extract_text().split())
        assert TITLE_DE in first
        last = " ".join(leaflet.pages[-1].extract_text().split())
        assert f"Seite {len(leaflet.pages)} von {len(leaflet.pages)}" in last  # the translated footer
        assert "Wijesekera" in last  # the references appendix
