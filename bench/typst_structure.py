"""Compare the structure tree of our English A4 leaflet with Typst 0.15's tagged PDF of the same
text (PDF/UA-1 mode), and print a Markdown table for docs/accessibility.md.

Not a test and not a runtime dependency: `python3 -m pip install -e ".[bench]"`, then
`PYTHONPATH=. python3 bench/typst_structure.py output/als-stem-cells/en/a4-leaflet.pdf`.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from brochure import markup  # noqa: E402
from brochure.model import HEADING, LIST_ITEM, PARAGRAPH  # noqa: E402
from brochure.source import read_document  # noqa: E402
from structread import marked_text, outline, structure  # noqa: E402


def typst_source(document) -> str:
    """The article as Typst markup: the same blocks, a numbered reference list, a colophon table."""
    def esc(text: str) -> str:
        return "".join("\\" + ch if ch in "#*_`$<>@[]\\/=-+~" else ch for ch in markup.plain(text))

    lines = [f'#set document(title: "{esc(document.title.text)}")', '#set text(lang: "en", font: "Noto Sans")',
             "#set page(paper: \"a4\", columns: 2, footer: context [ANOVA-PI-ALS · 1.0 #h(1fr) Page "
             "#counter(page).display() of #counter(page).final().first()])",
             f"#place(top, float: true, scope: \"parent\")[= {esc(document.title.text)}\n"
             f"{esc(document.organisation)}]", ""]
    for block in document.blocks:
        if block.kind == HEADING:
            lines += ["=" * block.level + " " + esc(block.text), ""]
        elif block.kind == PARAGRAPH:
            lines += [esc(block.text), ""]
        elif block.kind == LIST_ITEM:
            lines += ["- " + esc(block.text)]
    lines += ["", "#pagebreak()", "== References", ""]
    lines += [f"+ {esc(ref.text)}" for ref in document.references]
    lines += ["", "== About this leaflet", "#table(columns: 2,"]
    for label, value in (("Published by", document.organisation), ("Document code", document.document_code),
                         ("Version", document.version), ("Date of issue", "November 27, 2026"),
                         ("Language", "English")):
        lines.append(f"  table.header[{label}], [{esc(value)}]," if label == "Published by" else
                     f"  [{label}], [{esc(value)}],")
    lines.append(")")
    return "\n".join(lines)


def summary(path: Path) -> dict:
    doc = structure(path)
    roles = Counter(node.role for node in doc.walk())
    texts = marked_text(path)
    tagged = {(kid[1], kid[2]) for node in doc.walk() for kid in node.kids
              if isinstance(kid, tuple) and kid[0] == "mcr"}
    untagged = " ".join(v for (page, mcid), v in texts.items() if mcid == -1 or (page, mcid) not in tagged)
    import pikepdf

    with pikepdf.open(path) as pdf:
        role_map = sorted(str(k)[1:] for k in pdf.Root.StructTreeRoot.get("/RoleMap", {}).keys())
        meta = pdf.open_metadata()
        catalog = {"RoleMap": ", ".join(role_map) or "—",
                   "pdfuaid:part (XMP)": meta.get("pdfuaid:part", "—"),
                   "/Tabs /S on every page": all(p.obj.get("/Tabs") == pikepdf.Name.S for p in pdf.pages),
                   "/DisplayDocTitle": bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
                   "PDF version": pdf.pdf_version}
    return {"roles": roles, "outline": len(outline(path)), "outside": " ".join(untagged.split())[:60],
            "langs": sorted({node.lang for node in doc.walk() if node.lang}), "catalog": catalog}


def main(ours: str) -> None:
    import typst

    document = read_document(ROOT / "source" / "als-stem-cells.md", "source/als-stem-cells.md")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "leaflet.typ"
        source.write_text(typst_source(document), encoding="utf-8")
        theirs = Path(tmp) / "typst.pdf"
        typst.compile(str(source), output=str(theirs), font_paths=[str(ROOT / "fonts")], pdf_standards=["ua-1"])
        a, b = summary(Path(ours)), summary(theirs)
    roles = sorted((set(a["roles"]) | set(b["roles"])) - {"StructTreeRoot"},  # structread's wrapper
                   key=lambda r: (-(a["roles"][r] + b["roles"][r]), r))
    print("| structure element | ours (ReportLab + pikepdf) | Typst 0.15 (`pdf_standards=[\"ua-1\"]`) |")
    print("|---|---|---|")
    for role in roles:
        print(f"| {role} | {a['roles'].get(role, 0)} | {b['roles'].get(role, 0)} |")
    print(f"| outline entries | {a['outline']} | {b['outline']} |")
    print(f"| text outside the structure (artifacts) | {a['outside']} | {b['outside']} |")
    print(f"| /Lang on elements | {', '.join(a['langs']) or '—'} | {', '.join(b['langs']) or '—'} |")
    for key in a["catalog"]:
        print(f"| {key} | {a['catalog'][key]} | {b['catalog'][key]} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "output" / "als-stem-cells" / "en" / "a4-leaflet.pdf"))
