"""The widest gaps between the lines of a column in the built PDFs, per layout (issue 19:
vertical justification must not leave a gap that looks like missing text).

For every PDF under an output folder, each page's text lines (``tests/pdfread.baselines``,
split into columns at the page's middle for two-column layouts) are read top to bottom, and the
distance from one baseline to the next inside the text area (the footer, a booklet's covers and a
leaflet's first page with its title band left out) is taken, in blank lines: the distance over the
PDF's own line pitch (its median baseline distance), less one. The largest per layout, and
where; and how many columns the text runs on from end more than a line above the foot (the price
of a lower cap on vertical justification).

    python3 bench/gaps.py OUTPUT [--top 5]
"""

from __future__ import annotations

import argparse
import sys
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pypdf import PdfReader  # noqa: E402

from brochure.layouts import MM, load_layout  # noqa: E402
from pdfread import baselines  # noqa: E402


def gaps(output: Path) -> tuple[dict, dict]:
    """Per layout: (blank lines, where) for every gap between two lines of a column, in the
    PDF's own line pitch (its median baseline distance): 0 is an ordinary line; and (lines,
    where) for how far above the text area's foot each column ends whose text runs on (every
    page before the last page of text, in two-column leaflets and booklets)."""
    layouts = {path.stem: load_layout(path) for path in sorted((ROOT / "layouts").glob("*.yaml"))}
    out: dict[str, list] = {}
    feet: dict[str, list] = {}
    for pdf in sorted(output.glob("*/*/*.pdf")):
        layout = layouts.get(pdf.stem)
        if layout is None:
            continue
        page, short = PdfReader(pdf).pages[0], []
        width = float(page.mediabox.width)
        trim = page.trimbox
        top = float(trim.top) - layout.margins.top * MM
        bottom = float(trim.bottom) + layout.margins.bottom * MM - 2  # the footer is below
        pages = baselines(pdf, width / 2 if layout.page.columns == 2 else None)
        # pages of text: a booklet's notes pages hold only their heading
        text_pages = [n for n, lines in enumerate(pages, 1) if sum(bottom <= y <= top for y, _, _ in lines) > 3]
        found = []
        for number, lines in enumerate(pages, 1):
            # a booklet's covers; a leaflet's first page, whose title band lies inside the margins
            if number == 1 or (layout.page.cover and number == len(pages)):
                continue
            columns: dict[bool, list[float]] = {}
            for y, x, _ in lines:
                if bottom <= y <= top:
                    columns.setdefault(layout.page.columns == 2 and x >= width / 2, []).append(y)
            for ys in columns.values():
                ys = sorted(set(ys), reverse=True)
                found += [(upper - lower, number) for upper, lower in zip(ys, ys[1:])]
                if number in text_pages[:-1] and layout.page.columns * layout.page.page_multiple > 1:
                    short.append((ys[-1] - bottom, number))  # a column the text runs on from
        if not found:
            continue
        pitch = statistics.median(gap for gap, _ in found)
        name = f"{pdf.parent.parent.name}/{pdf.parent.name}"
        out.setdefault(pdf.stem, []).extend((gap / pitch - 1, f"{name} p{number}") for gap, number in found)
        feet.setdefault(pdf.stem, []).extend((rise / pitch, f"{name} p{number}") for rise, number in short)
    return out, feet


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    widths, feet = gaps(args.output)
    for layout, found in sorted(widths.items()):
        found.sort(reverse=True)
        shown = ", ".join(f"{gap:.1f} {where}" for gap, where in found[:args.top])
        over = sum(gap > 2 for gap, _ in found)
        print(f"{layout}: widest (blank lines) {shown}; gaps of more than 2 blank lines: {over}")
        if layout in feet:
            rises = sorted(feet[layout], reverse=True)
            print(f"  run-on columns ending more than 1 line above the foot: {sum(r > 1 for r, _ in rises)} "
                  f"of {len(rises)}; highest {', '.join(f'{r:.1f} {w}' for r, w in rises[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
