"""The XMP metadata packet of a PDF: document identity plus the PDF/X and PDF/UA claims.

Pure: parameters in, packet bytes out. PDF/X-4 (ISO 15930-7, 6.2.1) asks for
``pdfxid:GTS_PDFXVersion`` and the version identification ``xmpMM:VersionID`` and
``xmpMM:RenditionClass`` (Acrobat, PitStop and pdfToolbox refuse a PDF/X-4 file without them); PDF/UA-1 (ISO 14289-1, 5) for ``pdfuaid:part``; both want
``dc:title`` and the dates to agree with the Info dictionary. One function writes both
claims so that a file that is PDF/X and PDF/UA carries one packet.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from .markup import escape

PDFX4 = "PDF/X-4"
NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
}


def xmp_packet(title: str, language: str, producer: str, *, created: dt.datetime | str = "",
               modified: dt.datetime | str = "", creator_tool: str = "", author: str = "", description: str = "",
               keywords: str = "",
               pdfx_version: str | None = None, pdfua_part: int | None = None, trapped: bool = False,
               document_id: str = "", instance_id: str = "") -> bytes:
    """An XMP packet (UTF-8, with a writable padding) for the catalog's /Metadata stream.

    ``pdfx_version`` is the PDF/X version to claim (e.g. "PDF/X-4") or None; ``pdfua_part`` the
    PDF/UA part (1) or None. ``language`` is the BCP 47 tag of ``title`` and ``description``.
    Dates are datetimes or ISO 8601 strings; ``modified`` defaults to ``created``.
    ``document_id`` (the same for every version of one document) and ``instance_id`` (this
    version) are URIs such as "uuid:…", written as xmpMM:DocumentID and xmpMM:InstanceID.
    """
    created = xmp_date(created) if isinstance(created, dt.datetime) else created
    modified = (xmp_date(modified) if isinstance(modified, dt.datetime) else modified) or created
    lang = escape(language or "x-default").replace('"', "&quot;")

    def alt(value: str) -> str:
        # x-default first: readers that ignore languages pick the first entry
        items = f'<rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
        if language and language != "x-default":
            items += f'<rdf:li xml:lang="{lang}">{escape(value)}</rdf:li>'
        return f"<rdf:Alt>{items}</rdf:Alt>"

    dc = ["<dc:format>application/pdf</dc:format>", f"<dc:title>{alt(title)}</dc:title>"]
    if author:
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>")
    if description:
        dc.append(f"<dc:description>{alt(description)}</dc:description>")
    if language:
        dc.append(f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>")
    xmp = []
    if created:
        xmp.append(f"<xmp:CreateDate>{escape(created)}</xmp:CreateDate>")
    if modified:
        xmp += [f"<xmp:ModifyDate>{escape(modified)}</xmp:ModifyDate>",
                f"<xmp:MetadataDate>{escape(modified)}</xmp:MetadataDate>"]
    if creator_tool:
        xmp.append(f"<xmp:CreatorTool>{escape(creator_tool)}</xmp:CreatorTool>")
    pdf = [f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
           f"<pdf:Trapped>{'True' if trapped else 'False'}</pdf:Trapped>"]
    if keywords:  # the Info /Keywords' twin
        pdf.insert(0, f"<pdf:Keywords>{escape(keywords)}</pdf:Keywords>")
    descriptions = [
        _description("dc", NAMESPACES["dc"], dc),
        _description("xmp", NAMESPACES["xmp"], xmp),
        _description("pdf", NAMESPACES["pdf"], pdf),
    ]
    mm = [f"<xmpMM:{name}>{escape(value)}</xmpMM:{name}>"
          for name, value in (("DocumentID", document_id), ("InstanceID", instance_id)) if value]
    if pdfx_version:
        descriptions.append(_description("pdfxid", NAMESPACES["pdfxid"],
                                         [f"<pdfxid:GTS_PDFXVersion>{escape(pdfx_version)}</pdfxid:GTS_PDFXVersion>"]))
        # this file is the first version of the rendition meant for printing ("default")
        mm += ["<xmpMM:VersionID>1</xmpMM:VersionID>", "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"]
    if mm:
        descriptions.append(_description("xmpMM", NAMESPACES["xmpMM"], mm))
    if pdfua_part is not None:
        descriptions.append(_description("pdfuaid", NAMESPACES["pdfuaid"],
                                         [f"<pdfuaid:part>{int(pdfua_part)}</pdfuaid:part>"]))
    body = "\n".join(descriptions)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        f'<rdf:RDF xmlns:rdf="{NAMESPACES["rdf"]}">\n'
        f"{body}\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        # padding lets an editor change the packet in place (XMP spec part 1, 7.3.2)
        + (" " * 99 + "\n") * 20
        + '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _description(prefix: str, uri: str, properties: list[str]) -> str:
    inner = "\n  ".join(properties)
    return f'<rdf:Description rdf:about="" xmlns:{prefix}="{uri}">\n  {inner}\n</rdf:Description>'


def xmp_date(when: dt.datetime) -> str:
    """ISO 8601 with a time zone, as XMP wants: 2026-11-27T00:00:00Z."""
    when = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    offset = when.utcoffset() or dt.timedelta(0)
    if not offset:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat(timespec="seconds")


def pdf_date(when: dt.datetime) -> str:
    """The Info dictionary's form of the same instant: D:20261127000000Z."""
    when = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    offset = when.utcoffset() or dt.timedelta(0)
    if not offset:
        return when.strftime("D:%Y%m%d%H%M%SZ")
    minutes = int(offset.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def build_date(document_date: dt.date, environ=os.environ) -> dt.datetime:
    """When this edition was made, reproducibly: ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) when set, else the article's own ``date`` at midnight UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime(document_date.year, document_date.month, document_date.day, tzinfo=dt.timezone.utc)


def parse_pdf_date(value: str) -> dt.datetime | None:
    """A PDF date (D:YYYYMMDDHHmmSS with Z, ±HH'mm' or nothing after it) → an aware datetime,
    or None when it is not one. Missing trailing fields count as their minimum (PDF 1.7, 7.9.4)."""
    match = re.fullmatch(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?(\d{2})?'?)?(00'00')?",
                         value.strip())
    if not match:
        return None
    parts = [int(p) if p else d for p, d in zip(match.groups()[:6], (0, 1, 1, 0, 0, 0))]
    zone = match.group(7) or "Z"
    offset = dt.timedelta(0)
    if zone != "Z":
        offset = (1 if zone[0] == "+" else -1) * dt.timedelta(hours=int(zone[1:3]), minutes=int(match.group(8) or 0))
    try:
        return dt.datetime(*parts, tzinfo=dt.timezone(offset))
    except ValueError:
        return None


def iso_date(pdf_date: str) -> str:
    """A PDF date string (``D:20000101000000+00'00'``) → ISO 8601 for XMP; "" if unreadable."""
    when = parse_pdf_date(pdf_date)
    return xmp_date(when) if when else ""
