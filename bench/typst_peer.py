#!/usr/bin/env python3
"""The Typst peer of bench/bench.py: the same brochures, made by Typst 0.15 in one process.

    python3 bench/typst_peer.py [--project DIR] [--out DIR] [--locale LL ...] [--layout NAME ...]

Reads what the project's build reads — the document's .pot (structure and order) and each locale's
.po (polib), the source's front matter and reference list, layouts/NAME.yaml (page, margins, columns,
type sizes, bleed, slug, crop marks, cover, notes padding, colours) and fonts/fonts.yaml (which of
fonts/ prints which script) — and lays out every locale × layout with bench/typst_peer.typ: title band
(A4) or cover (A5), headings, bold emphasis, bullets, the translated footer "Page n of N", the
references appendix with its colophon, notes pages to a multiple of 4 and a back cover. One
typst.Compiler serves every job, so the fonts are read once.

What it leaves out, so that its times are a floor for the project's work, not a like-for-like
figure: copyfit (no re-render when a last page is short), imposition of the booklet, the PDF/X
OutputIntent, the preflight, CLDR dates and language names (it prints the front matter's ISO date
and the catalog's Language code), the glyph gate and the catalog checks. Typst tags the PDF itself.
Not a test and not a runtime dependency: the `bench` extra (`pip install -e ".[bench]"`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import polib
import typst
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("typst_peer.typ")
DOC = "als-stem-cells"
LAYOUTS = ("a4-leaflet", "a5-booklet")
# CLDR's script for the shipped locales (the project asks babel; the peer does not import it).
SCRIPTS = {"am": "Ethi", "ar": "Arab", "bn": "Beng", "el": "Grek", "fa": "Arab", "he": "Hebr", "hi": "Deva",
           "ja": "Jpan", "ko": "Kore", "pa": "Guru", "ru": "Cyrl", "ta": "Taml", "th": "Thai", "uk": "Cyrl",
           "zh_Hans": "Hans"}
# CLDR's default numbering system where it is not ASCII (brochure.localetext.digits).
DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "bn": "০১২৩৪৫৬৭৮৯"}
RTL = {"Arab", "Hebr", "Aran"}


def runs(text: str) -> list[list]:
    """The inline Markdown subset (`**bold**`, `*italic*`, backslash escapes) as [text, emphasised] runs;
    both layouts print italic as bold, so one flag is enough."""
    out, buf, stack, i = [], [], [], 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1:i + 2] in ("\\", "*"):
            buf.append(text[i + 1])
            i += 2
            continue
        if text[i] == "*":
            marker = 2 if text.startswith("**", i) else 1
            if buf:
                out.append(["".join(buf), bool(stack)])
                buf = []
            stack.pop() if stack and stack[-1] == marker else stack.append(marker)
            i += marker
            continue
        buf.append(text[i])
        i += 1
    if buf:
        out.append(["".join(buf), bool(stack)])
    return out


class Project:
    """The inputs shared by every job: source front matter and references, the .pot, fonts, layouts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        text = (root / "source" / f"{DOC}.md").read_text(encoding="utf-8")
        front, body = text.split("---\n", 2)[1:]
        self.front = yaml.safe_load(front)
        refs = body.split("::: references\n", 1)[1].split("\n:::", 1)[0]
        self.references = [re.sub(r"^\d+\.\s*", "", line) for line in refs.splitlines() if line.strip()]
        self.pot = polib.pofile(str(root / "locales" / f"{DOC}.pot"))
        fonts = yaml.safe_load((root / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
        # fonts.yaml names files; Typst selects by family name: read it from the files themselves.
        names = {Path(f.path).name: f.family for f in
                 typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                             font_paths=[str(root / "fonts")]).fonts()}
        self.scripts = {code: {**spec, "font": names[fonts["families"][spec["family"]]["regular"]]}
                        for code, spec in fonts["scripts"].items()}
        self.locale_scripts = {**SCRIPTS, **fonts.get("locales", {})}
        self.layouts = {name: yaml.safe_load((root / "layouts" / f"{name}.yaml").read_text(encoding="utf-8"))
                        for name in LAYOUTS}

    def locales(self) -> list[str]:
        found = sorted(p.parent.parent.name for p in (self.root / "locales").glob(f"*/LC_MESSAGES/{DOC}.po"))
        return [self.front["language"], *found]

    def data(self, locale: str, layout: str) -> dict:
        """Everything the template prints for one locale × layout, as JSON-ready values."""
        po = None if locale == self.front["language"] else \
            polib.pofile(str(self.root / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po"))
        found = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.obsolete} \
            if po else {}
        say = lambda e: found.get((e.msgctxt, e.msgid), e.msgid)  # noqa: E731 — the source stands in
        label = {e.msgctxt: say(e) for e in self.pot if e.msgctxt and "." in e.msgctxt}
        blocks = [{"kind": e.msgctxt, "runs": runs(say(e))} for e in self.pot
                  if e.msgctxt in ("paragraph", "heading", "list-item")]
        title = next(say(e) for e in self.pot if e.msgctxt == "title")
        organisation = next((say(e) for e in self.pot if e.msgctxt == "front-matter.organisation"),
                            self.front["organisation"])
        script = self.scripts[self.locale_scripts.get(locale, "Latn")]
        front = self.front
        colophon = [[label["colophon.organisation"], organisation],
                    [label["colophon.document-code"], front["document_code"]],
                    [label["colophon.version"], str(front["version"])],
                    [label["colophon.date"], str(front["date"])],
                    [label["colophon.language"], locale]]
        if po is not None and po.metadata.get("X-Machine-Translation"):
            colophon.append([label["colophon.translator"], label["colophon.unreviewed"]])
        return {
            "lang": locale.split("_")[0], "rtl": self.locale_scripts.get(locale, "Latn") in RTL,
            "font": script["font"], "leading": script.get("leading", 1.0),
            "hyphenate": script.get("hyphenate", True), "digits": DIGITS.get(locale, "0123456789"),
            "layout": self.layouts[layout], "title": title, "kicker": label["cover.kicker"],
            "organisation": organisation, "blocks": blocks, "references": self.references,
            "references_heading": label["references.heading"],
            "references_note": label["references.note"] if po else None,
            "colophon_heading": label["colophon.heading"], "colophon": colophon,
            "footer_code": f"{front['document_code']} · {front['version']}",
            "footer_page": label["footer.page"], "notes_heading": label["notes.heading"],
        }


def compiler(project: Project) -> typst.Compiler:
    """One compiler for every job: it reads the fonts once. The template reads only sys.inputs."""
    return typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent), font_paths=[str(project.root / "fonts")],
                          ignore_system_fonts=True)


def build(project: Project, out: Path, locales: list[str], layouts: list[str]) -> list[Path]:
    typst_compiler = compiler(project)
    written = []
    for locale in locales:
        for layout in layouts:
            target = out / locale / f"{layout}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            typst_compiler.compile(output=str(target),
                                   sys_inputs={"data": json.dumps(project.data(locale, layout), ensure_ascii=False)})
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(ROOT))
    parser.add_argument("--out", default="typst-peer-output")
    parser.add_argument("--locale", nargs="+", help="default: the source language and every catalog")
    parser.add_argument("--layout", nargs="+", default=list(LAYOUTS), choices=LAYOUTS)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    project = Project(Path(args.project).resolve())
    written = build(project, Path(args.out), args.locale or project.locales(), args.layout)
    print(f"{len(written)} PDFs in {time.perf_counter() - start:.2f} s (Typst {typst.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
