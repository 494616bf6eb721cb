"""PDF/UA preflight: a good tagged sample passes, and one broken sample per covered Matterhorn 1.1
failure condition fails the "pdf-ua" check with exactly that condition (docs/accessibility.md)."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from brochure.matterhorn import CONDITIONS, STRUCTURE, UNTAGGED
from brochure.preflight import preflight
from brochure.xmp import xmp_packet

from pdfsamples import BOOKLET, make_pdf, write_layout


@pytest.fixture
def booklet(tmp_path):
    return write_layout(tmp_path, BOOKLET, "booklet")


def changed(pdf: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def document(doc):
    return doc.Root.StructTreeRoot.K


def element(doc, index):
    """The index-th child of /Document: 0 is the H1 on page 1, then a P per page (a P
    holding the Link first, in the samples made with a link)."""
    return document(doc).K[index]


def append_content(page: int, data: bytes):
    def change(doc):
        doc.pages[page].contents_add(pikepdf.Stream(doc, data), prepend=False)
    return change


def artifact_inside_h1(doc):
    page = doc.pages[0]
    data = page.obj.Contents.read_bytes()
    assert data.count(b"/H1 <</MCID 0>> BDC") == 1
    page.obj.Contents = pikepdf.Stream(doc, data.replace(b"/H1 <</MCID 0>> BDC",
                                                         b"/H1 <</MCID 0>> BDC /Artifact BMC 0 0 5 5 re f EMC"))


def set_role(index: int, role: str):
    def change(doc):
        element(doc, index).S = Name("/" + role)
    return change


def role_map(*pairs):
    def change(doc):
        element(doc, 1).S = Name("/" + pairs[0][0])
        doc.Root.StructTreeRoot.RoleMap = Dictionary({"/" + a: Name("/" + b) for a, b in pairs})
    return change


def th_without_scope(doc):
    """Page 2's P becomes a TH in a proper Table > TR, without a Scope attribute."""
    doc_element, cell = document(doc), element(doc, 1)
    table = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=doc_element))
    row = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, P=table, K=Array([cell])))
    table.K = Array([row])
    cell.S, cell.P = Name.TH, row
    doc_element.K[1] = table


def xmp(**kwargs):
    def change(doc):
        packet = xmp_packet("Test brochure", "en", "ReportLab", pdfua_part=kwargs.get("part", 1))
        if kwargs.get("no_title"):
            packet = re.sub(rb"<dc:title>.*?</dc:title>", b"", packet)
        doc.Root.Metadata = doc.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)
    return change


def link_annotation(doc):
    return doc.pages[0].Annots[0]


def drop_objr(doc):
    link = element(doc, 1).K[0]
    link.K = Array([kid for kid in link.K if kid.get("/Type") != "/OBJR"])


def also_held_by(index: int, page: int, mcid: int):
    """The element ``index`` also references ``mcid`` on ``page`` (0-based)."""
    def change(doc):
        element(doc, index).K.append(Dictionary(Type=Name.MCR, Pg=doc.pages[page].obj, MCID=mcid))
    return change


def parent_tree_names(page: int, mcid: int, index: int):
    """The ParentTree's entry for ``mcid`` on ``page`` names element ``index`` instead."""
    def change(doc):
        nums = doc.Root.StructTreeRoot.ParentTree.Nums
        nums[2 * page + 1][mcid] = element(doc, index)
    return change


LINK = "https://clinic.example/als"
# fault → (sample maker, change, the condition the pdf-ua check must report)
FAULTS = {
    "untagged": (None, lambda doc: delattr(doc.Root, "StructTreeRoot"), UNTAGGED),
    "artifact-inside-tagged": (None, artifact_inside_h1, "01-003"),
    "tagged-inside-artifact": (None, append_content(0, b"/Artifact BMC /P <</MCID 9>> BDC EMC EMC"), "01-004"),
    "untagged-rectangle": (None, append_content(1, b"0 0 10 10 re f"), "01-005"),
    "mcid-in-no-element": (None, append_content(1, b"/P <</MCID 7>> BDC EMC"), "01-005"),
    # the structure tree and the page content agree (ISO 32000-1 14.7.4): else a reader reads a
    # piece twice, or never, or takes it for part of another element
    "mcid-in-two-elements": (None, also_held_by(2, 1, 0), STRUCTURE),
    "parent-tree-names-another-element": (None, parent_tree_names(1, 0, 2), STRUCTURE),
    "mcid-twice-on-a-page": (None, append_content(1, b"/P <</MCID 0>> BDC EMC"), STRUCTURE),
    "mcid-not-on-its-page": (None, also_held_by(1, 1, 5), STRUCTURE),
    "element-in-two-places": (None, lambda doc: document(doc).K.append(element(doc, 1)), STRUCTURE),
    "parent-is-not-the-holder": (None, lambda doc: setattr(element(doc, 1), "P", element(doc, 0)), STRUCTURE),
    "suspects": (None, lambda doc: setattr(doc.Root.MarkInfo, "Suspects", True), "01-007"),
    "unmapped-role": (None, set_role(1, "Para"), "02-001"),
    "circular-role-map": (None, role_map(("Para", "Text"), ("Text", "Para")), "02-002"),
    "no-xmp": (None, lambda doc: delattr(doc.Root, "Metadata"), "06-001"),
    "no-pdfua-identifier": (None, xmp(part=None), "06-002"),
    "no-dc-title": (None, xmp(no_title=True), "06-003"),
    "no-display-doc-title": (None, lambda doc: delattr(doc.Root.ViewerPreferences, "DisplayDocTitle"), "07-001"),
    "display-doc-title-false": (None, lambda doc: setattr(doc.Root.ViewerPreferences, "DisplayDocTitle", False),
                                "07-002"),
    "cell-outside-a-table": (None, set_role(1, "TD"), "09-004"),
    "item-outside-a-list": (None, set_role(1, "LI"), "09-005"),
    "first-heading-not-h1": (None, set_role(0, "H2"), "14-002"),
    "heading-level-skipped": (None, set_role(1, "H3"), "14-003"),
    "header-cell-without-scope": (None, th_without_scope, "15-003"),
    "annotations-without-tabs": (LINK, lambda doc: delattr(doc.pages[0].obj, "Tabs"), "28-008"),
    "tabs-not-structure-order": (LINK, lambda doc: setattr(doc.pages[0].obj, "Tabs", Name.R), "28-009"),
    "link-not-in-link-element": (LINK, drop_objr, "28-011"),
    "link-without-contents": (LINK, lambda doc: delattr(link_annotation(doc), "Contents"), "28-012"),
}


def ua_finding(pdf: bytes, layout):
    findings = preflight(pdf, layout, "x.pdf")
    failed = [f.check for f in findings if not f.passed]
    return {f.check: f for f in findings}["pdf-ua"], failed


@pytest.mark.parametrize("link", [None, LINK, "mailto:info@clinic.example"])
def test_a_good_tagged_sample_passes(booklet, link):
    finding, failed = ua_finding(make_pdf(booklet, link=link), booklet)
    assert failed == [], finding.message
    assert finding.message.startswith("tagged; 20 Matterhorn 1.1 conditions checked")


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_broken_sample_fails_its_condition(booklet, fault):
    link, change, condition = FAULTS[fault]
    finding, failed = ua_finding(changed(make_pdf(booklet, link=link), change), booklet)
    assert failed == ["pdf-ua"], finding.message
    assert finding.message.startswith(f"{condition} "), finding.message
    assert finding.message.count("; ") == 0, finding.message  # that condition alone


def test_every_covered_condition_has_a_failing_sample():
    assert {condition for _, _, condition in FAULTS.values()} == set(CONDITIONS) | {UNTAGGED, STRUCTURE}


def test_an_unmarked_drawing_fails_even_with_a_structure_tree(booklet):
    from reportlab.pdfgen.canvas import Canvas

    from brochure.structure import write_structure
    from brochure.tagging import Structure

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(10, 10, 20, 20, stroke=0, fill=1)  # drawn without marked content
    canvas.save()
    finding, _ = ua_finding(write_structure(out.getvalue(), Structure("en"), title="x"), booklet)
    assert finding.message.startswith("01-005 a f* operator outside any artifact or tagged content (page 1)")
