"""The XMP metadata packet of a brochure PDF (dc, xmp, pdf schemas; PDF/UA and PDF/X identification).

Pure: values in, bytes out. Written into the catalog's /Metadata stream by ``structure.py``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
}


def xmp_packet(title: str, language: str, producer: str, *, creator_tool: str = "", created: str = "",
               modified: str = "", pdfx_version: str | None = None, pdfua_part: int | None = None) -> bytes:
    """An XMP packet: ``title`` (dc:title, x-default and ``language``), ``language`` (BCP 47,
    dc:language), ``producer`` (pdf:Producer, as in the Info dictionary), ISO 8601 dates,
    ``pdfx_version`` (e.g. "PDF/X-4") and ``pdfua_part`` (1 for PDF/UA-1) when claimed."""
    lang = escape(language, {'"': "&quot;"})
    fields = [
        "<dc:format>application/pdf</dc:format>",
        "<dc:title><rdf:Alt>"
        f'<rdf:li xml:lang="x-default">{escape(title)}</rdf:li>'
        f'<rdf:li xml:lang="{lang}">{escape(title)}</rdf:li>'
        "</rdf:Alt></dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>",
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
    ]
    if creator_tool:
        fields.append(f"<xmp:CreatorTool>{escape(creator_tool)}</xmp:CreatorTool>")
    if created:
        fields.append(f"<xmp:CreateDate>{created}</xmp:CreateDate>")
    if modified:
        fields += [f"<xmp:ModifyDate>{modified}</xmp:ModifyDate>", f"<xmp:MetadataDate>{modified}</xmp:MetadataDate>"]
    if pdfua_part is not None:
        fields.append(f"<pdfuaid:part>{int(pdfua_part)}</pdfuaid:part>")
    if pdfx_version is not None:
        fields.append(f"<pdfxid:GTS_PDFXVersion>{escape(pdfx_version)}</pdfxid:GTS_PDFXVersion>")
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items() if prefix != "rdf")
    body = "".join(fields)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{NAMESPACES["rdf"]}">'
        f'<rdf:Description rdf:about="" {declarations}>{body}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def iso_date(pdf_date: str) -> str:
    """A PDF date string (``D:20000101000000+00'00'``) → ISO 8601 for XMP; "" if unreadable."""
    value = pdf_date.removeprefix("D:")
    digits = value[:14]
    if len(digits) < 8 or not digits.isdigit():
        return ""
    digits = digits.ljust(14, "0")
    out = f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:{digits[12:14]}"
    zone = value[14:].replace("'", "")
    if zone in ("", "Z"):
        return out + "Z"
    if zone[0] in "+-" and len(zone) >= 5:
        return f"{out}{zone[0]}{zone[1:3]}:{zone[3:5]}"
    return out + "Z"
