"""What the document does and says about itself: no actions but links, a title and a language,
and its tags (the Matterhorn conditions of ``matterhorn``)."""

from __future__ import annotations

from typing import Iterator

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from ..layouts import Layout
from .reader import Pdf, Result, dictionary, resolve


FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm"}
URI_SCHEMES = ("http://", "https://", "mailto:")  # a link may open a web page or write an e-mail, nothing else
BACK_LINKS = {"/Parent", "/P", "/Pg"}  # point up the tree: following them only re-walks it


def check_actions(doc: Pdf, layout: Layout) -> Result:
    """No JavaScript (/JS, the /JavaScript name tree, /AA), no launch, external-file or form-submit
    actions, and URI actions only to http(s) and mailto, anywhere: annotations, outlines,
    OpenAction, form fields."""
    found: list[tuple[int | None, str]] = []
    seen: set[tuple[int, int]] = set()
    roots = [(number, page) for number, page in enumerate(doc.pages, 1)]
    roots.append((None, doc.reader.trailer["/Root"]))
    for page in doc.pages:  # walk each page on its own, so findings carry its number
        if page.indirect_reference is not None:
            seen.add((page.indirect_reference.idnum, page.indirect_reference.generation))
    for number, root in roots:
        stack = [root.get_object() if isinstance(root, IndirectObject) else root]
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                found += [(number, what) for what in _action_faults(obj)]
                stack += [value for key, value in obj.items() if key not in BACK_LINKS]
            elif isinstance(obj, ArrayObject):
                stack += list(obj)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return False, f"{found[0][1]}{more}", found[0][0]
    return True, "no JavaScript, launch or external-file actions; links only to http(s) and mailto", None


def _action_faults(obj: DictionaryObject) -> Iterator[str]:
    action = str(obj.get("/S", ""))
    if action == "/URI" and not str(resolve(obj.get("/URI", ""))).lower().startswith(URI_SCHEMES):
        yield f"URI action ({str(resolve(obj.get('/URI', '')))[:60]}): only http(s) and mailto links are allowed"
    elif action in FORBIDDEN_ACTIONS:
        target = obj.get("/URI") or obj.get("/F") or ""
        yield f"{action[1:]} action" + (f" ({str(resolve(target))[:60]})" if isinstance(resolve(target), str) else "")
    elif "/JS" in obj:
        yield "JavaScript (/JS)"
    if "/JavaScript" in obj:
        yield "document JavaScript (/Names /JavaScript)"
    if "/AA" in obj:
        yield "additional actions (/AA)"


def check_metadata(doc: Pdf, layout: Layout) -> Result:
    """A non-empty document Title (Info) and a catalog /Lang."""
    info = doc.reader.metadata
    title = str(info.title or "").strip() if info is not None else ""
    lang = str(resolve(dictionary(doc.reader.trailer["/Root"]).get("/Lang")) or "").strip()
    missing = [what for what, value in (("Title", title), ("/Lang", lang)) if not value]
    if missing:
        return False, f"no {' and no '.join(missing)}", None
    shown = title if len(title) <= 60 else title[:59] + "…"
    return True, f"Title “{shown}”, /Lang {lang}", None


def check_pdf_ua(doc: Pdf, layout: Layout) -> Result:
    """Tagged PDF and the machine-checkable Matterhorn 1.1 failure conditions (``matterhorn``)."""
    from ..matterhorn import CONDITIONS, audit

    if layout.name.endswith("-imposed"):  # the print sheet is a production intermediate: untagged by design
        return True, "not applicable: an imposed print sheet (the booklet itself is tagged)", None
    failures = audit(doc.reader, doc.ops)
    if failures:
        shown = "; ".join(f"{f.condition} {f.message}" + (f" (page {f.page})" if f.page else "")
                          for f in failures[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        return False, shown + more, failures[0].page
    return True, f"tagged; {len(CONDITIONS)} Matterhorn 1.1 conditions checked (docs/accessibility.md)", None


