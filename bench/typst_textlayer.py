"""Measure the text layer of our A4 leaflets beside Typst 0.15's leaflets of the same catalogs.

The measurement is tests/test_textlayer.py's, applied to both sets: the share of each catalog's
sentences that pypdf, poppler's pdftotext and pdfium give back, the lower of the two forms
(whitespace ignored, whitespace normalised). Typst's leaflets are made by bench/typst_peer.py from
the project's own .po files, fonts/ and layouts/a4-leaflet.yaml; ours are read from a built
output folder. Prints a Markdown table (and writes it with --write).

Not a test and not a runtime dependency: `python3 -m pip install -e ".[bench]"`, build the A4
leaflets (`python3 make_brochure.py build --doc als-stem-cells --layout a4-leaflet`), then
`python3 bench/typst_textlayer.py [--output output] [--write bench/textlayer.md] [LL ...]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import test_textlayer as layer  # noqa: E402
import typst  # noqa: E402
import typst_peer  # noqa: E402

TOOLS = ("pypdf", "pdftotext", "pdfium")


def share(text: str, locale: str, hyphens: bool = True) -> float:
    """The lower of the two forms, as the README table gives it."""
    same = (lambda v: v) if hyphens else layer.unhyphenated
    return min(layer.recovered(same(text), [same(v) for v in layer.sentences(locale)]),
               layer.recovered(same(text), [same(v) for v in layer.sentences(locale, layer.spaced)], layer.spaced))


def measure(path: Path, locale: str) -> dict[str, float]:
    return {"pypdf": share(layer.body_text_pypdf(path), locale),
            # poppler drops a hyphen at a line end, a hard one too: compared without hyphens
            "pdftotext": share(layer.body_text_pdftotext(path, locale), locale, hyphens=False),
            "pdfium": share(layer.body_text_pdfium(path, locale).replace("\ufffe", ""), locale)}


def table(rows: dict[str, tuple[dict, dict]]) -> str:
    head = ["| locale | " + " | ".join(f"ours: {t}" for t in TOOLS) + " | "
            + " | ".join(f"Typst: {t}" for t in TOOLS) + " |",
            "|---|" + "---|" * (2 * len(TOOLS))]
    body = [f"| {ll} | " + " | ".join(f"{ours[t]:.0%}" for t in TOOLS) + " | "
            + " | ".join(f"{peer[t]:.0%}" for t in TOOLS) + " |" for ll, (ours, peer) in rows.items()]
    reach = [f"| at least 98% | " + " | ".join(
        str(sum(pair[side][t] >= 0.98 for pair in rows.values())) + f" of {len(rows)}"
        for side in (0, 1) for t in TOOLS) + " |"]
    return "\n".join(head + body + reach).replace("%", " %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "output"), help="our built output folder")
    parser.add_argument("--write", help="also write the table (with a heading) to this Markdown file")
    parser.add_argument("locale", nargs="*", help="default: every shipped translation")
    args = parser.parse_args(argv)
    locales = args.locale or layer.LOCALES
    ours_dir = Path(args.output) / "als-stem-cells"
    missing = [ll for ll in locales if not (ours_dir / ll / "a4-leaflet.pdf").exists()]
    if missing:
        parser.error(f"no A4 leaflet built in {ours_dir} for {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as tmp:
        project = typst_peer.Project(ROOT)
        typst_peer.build(project, Path(tmp), locales, ["a4-leaflet"])
        rows = {ll: (measure(ours_dir / ll / "a4-leaflet.pdf", ll), measure(Path(tmp) / ll / "a4-leaflet.pdf", ll))
                for ll in locales}
    text = table(rows)
    print(text)
    if args.write:
        Path(args.write).write_text(
            f"# Text layer against Typst {typst.__version__}\n\n"
            "Written by `bench/typst_textlayer.py`: the share of each catalog's sentences that each extractor "
            "gives back from the A4 leaflet (tests/test_textlayer.py's measurement, the lower of its two forms), "
            "ours beside Typst's leaflet of the same catalog, fonts and layout (bench/typst_peer.py).\n\n"
            + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
