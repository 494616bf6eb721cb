"""The widest gaps between the lines of a column in the built PDFs, per layout (issue 19:
vertical justification must not leave a gap that looks like missing text).

For every PDF under an output folder, each page's text lines (``tests/pdfread.baselines``,
split into columns at the page's middle for two-column layouts) are read top to bottom, and the
distance from one baseline to the next inside the text area (the footer and a booklet's covers
left out) is taken: the largest per layout, and where.

    python3 bench/gaps.py OUTPUT [--top 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pypdf import PdfReader  # noqa: E402

from brochure.layouts import MM, load_layout  # noqa: E402
from pdfread import baselines  # noqa: E402


def gaps(output: Path) -> dict[str, list[tuple[float, str]]]:
    layouts = {path.stem: load_layout(path) for path in sorted((ROOT / "layouts").glob("*.yaml"))}
    out: dict[str, list] = {}
    for pdf in sorted(output.glob("*/*/*.pdf")):
        layout = layouts.get(pdf.stem)
        if layout is None:
            continue
        page = PdfReader(pdf).pages[0]
        width = float(page.mediabox.width)
        trim = page.trimbox
        top = float(trim.top) - layout.margins.top * MM
        bottom = float(trim.bottom) + layout.margins.bottom * MM - 2  # the footer is below
        pages = baselines(pdf, width / 2 if layout.page.columns == 2 else None)
        for number, lines in enumerate(pages, 1):
            if layout.page.cover and number in (1, len(pages)):
                continue
            columns: dict[bool, list[float]] = {}
            for y, x, _ in lines:
                if not bottom <= y <= top:
                    continue
                columns.setdefault(layout.page.columns == 2 and x >= width / 2, []).append(y)
            for ys in columns.values():
                ys = sorted(set(ys), reverse=True)
                for upper, lower in zip(ys, ys[1:]):
                    out.setdefault(pdf.stem, []).append(
                        (upper - lower, f"{pdf.parent.parent.name}/{pdf.parent.name} p{number}"))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    for layout, found in sorted(gaps(args.output).items()):
        found.sort(reverse=True)
        shown = ", ".join(f"{gap:.0f} pt {where}" for gap, where in found[:args.top])
        over = sum(gap > 50 for gap, _ in found)
        print(f"{layout}: widest {shown}; baseline gaps over 50 pt: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
