"""Contact sheets (brochure/previews.py): every page of the PDF, pixel for pixel as pdfium renders it."""

import io

import pypdfium2 as pdfium
from PIL import Image, ImageChops

from brochure.cli import main
from brochure.previews import COLUMNS, DPI, GAP, contact_sheet


def test_a_contact_sheet_holds_every_page_as_rendered(mini_project):
    assert main(["--project", str(mini_project.root), "-q", "build", "--locale", "de", "--layout", "a4-leaflet",
                 "--no-previews"]) == 0
    pdf = mini_project.pdf_path("mini", "de", "a4-leaflet").read_bytes()
    sheet = Image.open(io.BytesIO(contact_sheet(pdf)))
    assert sheet.format == "PNG"
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()
    width, height = pages[0].size
    columns = min(COLUMNS, len(pages))
    assert sheet.size == (columns * (width + GAP) + GAP, -(-len(pages) // columns) * (height + GAP) + GAP)
    for index, page in enumerate(pages):
        x, y = GAP + (index % columns) * (width + GAP), GAP + (index // columns) * (height + GAP)
        tile = sheet.convert("RGB").crop((x, y, x + page.width, y + page.height))
        assert ImageChops.difference(tile, page).getbbox() is None, index  # lossless: the same pixels
