"""How full is the last page of every built PDF? (issue 19: "no near-empty last pages")

For every document × locale × layout under an output folder, the last page that holds text
(a booklet's back cover and its untagged notes pages left out) is read back with pdfium and its
fill measured as ``tests/pdfread.page_fill`` does: per text column, from the top of the text
area down to the lowest glyph, as a share of the text area's height, averaged over the columns
(an empty second column counts as empty).

    python3 bench/last_pages.py OUTPUT [--json out.json] [--compare before.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from brochure.layouts import load_layout  # noqa: E402
from pdfread import page_fill  # noqa: E402

THRESHOLDS = (0.2, 0.25, 0.3, 0.4)


def last_pages(output: Path) -> dict[str, tuple[int, int, float]]:
    """"doc/locale/layout" → (the last text page, 1-based; pages in the PDF; its fill)."""
    layouts = {path.stem: load_layout(path) for path in sorted((ROOT / "layouts").glob("*.yaml"))}
    out = {}
    for pdf in sorted(output.glob("*/*/*.pdf")):
        layout = layouts.get(pdf.stem)
        if layout is None:  # an imposed sheet or another file
            continue
        pages = page_fill(pdf, layout)
        text = [number for number, (_, tagged) in enumerate(pages, 1)
                if tagged and not (layout.page.cover and number in (1, len(pages)))]
        last = text[-1]
        out[f"{pdf.parent.parent.name}/{pdf.parent.name}/{pdf.stem}"] = (last, len(pages), pages[last - 1][0])
    return out


def summary(fills: dict) -> str:
    values = [fill for _, _, fill in fills.values()]
    counts = ", ".join(f"< {t:.0%}: {sum(v < t for v in values)}" for t in THRESHOLDS)
    return f"{len(values)} PDFs, least {min(values):.1%}; {counts}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--json", type=Path, help="write the measures here")
    parser.add_argument("--compare", type=Path, help="a --json of an earlier build: print before -> after")
    parser.add_argument("--under", type=float, default=0.4, help="list the PDFs under this fill")
    args = parser.parse_args(argv)
    fills = last_pages(args.output)
    if args.json:
        args.json.write_text(json.dumps(fills, indent=1, sort_keys=True))
    before = json.loads(args.compare.read_text()) if args.compare else {}
    for name, (last, total, fill) in sorted(fills.items(), key=lambda item: item[1][2]):
        was = before.get(name)
        if fill < args.under or (was and was[2] < args.under):
            then = f"{was[2]:5.1%} (p {was[0]}/{was[1]}) -> " if was else ""
            print(f"{name:45} {then}{fill:5.1%} (p {last}/{total})")
    if before:
        print("before:", summary(before))
    print("now:   " if before else "", summary(fills), sep="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
