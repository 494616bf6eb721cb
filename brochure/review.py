"""Who vouches for a catalog: machine translation and medical review, from its header.

Two header fields, kept by Poedit, Weblate and ``update`` like any ``X-`` field:

* ``X-Machine-Translation: <engine>`` -- the text was made by a machine (the shipped
  catalogs: ``Claude (AI model)``). The colophon then says so in the reader's
  language instead of printing a translator's name.
* ``X-Reviewed-By: Name <email>, YYYY-MM-DD, text:0123456789ab`` -- a medical translator or
  clinician has read the catalog against the source and signs off that text: ``text:`` is the
  fingerprint of every printed message (context, English, translation) that the proof shows
  for the reviewer to copy. The colophon then names the reviewer; until then a machine
  translation says it is not yet reviewed. A sign-off counts only for the text it names: a
  message changed afterwards (by a translator, or by ``update`` after a source change) makes it
  out of date, and one without ``text:`` counts for nothing -- a reviewer is never named for
  text they did not see.

Read from the header, not guessed from ``Last-Translator``: translators' tools
overwrite that field with whoever saved the file last, which would turn a machine
translation into a person's work by a one-word fix. Pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from .catalogs import PoFile
from .charpolicy import composed
from .errors import BrochureError

MACHINE = "X-Machine-Translation"
REVIEWED_BY = "X-Reviewed-By"
_PLACEHOLDER = ("FULL NAME", "EMAIL@ADDRESS")
# what `msginit --no-translator` writes as Last-Translator: a placeholder, like "FULL NAME"
MSGINIT_TRANSLATOR = "Automatically generated"
# "Name <email>, 2026-12-10"; the e-mail and the date are optional, the name is not.
_SIGNOFF = re.compile(r"(?P<name>[^<>,]*?)\s*(?:<(?P<email>[^<>]*)>)?\s*(?:,\s*(?P<date>[^,]*?))?\s*")
_FINGERPRINT = re.compile(r",\s*text:\s*(?P<text>[0-9a-fA-F]*)\s*$")
FINGERPRINT_DIGITS = 12


@dataclass(frozen=True)
class Review:
    """A catalog's machine translation and review, from its X- header fields."""

    machine: str | None = None  # the engine, from X-Machine-Translation
    reviewer: str | None = None  # the reviewer's name, from X-Reviewed-By
    email: str | None = None
    date: dt.date | None = None
    signed_text: str | None = None  # the fingerprint the sign-off names (text:…)
    text: str | None = None  # the fingerprint of the catalog's printed messages now

    @property
    def reviewed(self) -> bool:
        """Signed off for exactly the text the catalog prints."""
        return self.reviewer is not None and self.signed_text is not None and self.signed_text == self.text

    @property
    def problem(self) -> str | None:
        """Why a sign-off does not count, or None (no sign-off, or one that counts)."""
        if self.reviewer is None or self.reviewed:
            return None
        if self.signed_text is None:
            return (f"the sign-off names no text; it counts once it ends with the fingerprint of the text "
                    f"reviewed, ', text:{self.text}' (the proof prints it)")
        return (f"the sign-off is for text:{self.signed_text}, but the printed text is now text:{self.text}: "
                "messages changed after the review; review them again (the proof) and sign the new fingerprint")

    def status(self) -> str:
        """One line for people who manage catalogs (stats, the proof); English."""
        when = f", {self.date.isoformat()}" if self.date else ""
        if self.reviewed:
            return f"reviewed by {self.reviewer}{when}"
        if self.reviewer is not None:
            what = "without a text fingerprint" if self.signed_text is None else "for an earlier text"
            return f"signed by {self.reviewer}{when} {what}: not reviewed"
        if self.machine:
            return f"machine translation by {self.machine}, not reviewed"
        return "not reviewed"


def text_fingerprint(po: PoFile) -> str:
    """The fingerprint of what the catalog prints and what lets it print: every translated,
    non-fuzzy message's context, source and translation, and its waivers (a changed
    translation, a source change that ``update`` brought in and a translator confirmed, or a
    waiver added after the review changes it; other comments, headers and the order of the
    entries do not: a build looks messages up by msgctxt and msgid, and ``msgcat -s`` sorts)."""
    from .checks.waivers import WAIVER  # checks import this module

    records = []
    for message in po.catalog:
        translation = message.string if isinstance(message.string, str) else ""
        if message.id and translation and not message.fuzzy:
            waivers = [c.strip() for c in message.user_comments if WAIVER.match(c)]
            records.append("\x1f".join((message.context or "", message.id, translation, *waivers)).encode("utf-8"))
    digest = hashlib.sha256()
    for record in sorted(records):
        digest.update(record + b"\x1e")
    return digest.hexdigest()[:FINGERPRINT_DIGITS]


def review_of(po: PoFile) -> Review:
    """The catalog's review status; a malformed X-Reviewed-By is refused with its line."""
    machine = (po.header(MACHINE) or "").strip() or None
    raw = (po.header(REVIEWED_BY) or "").strip()
    if not raw:
        return Review(machine)
    where = (po.path, po.header_line(REVIEWED_BY))
    signed = _FINGERPRINT.search(raw)
    if signed:
        if len(signed.group("text")) != FINGERPRINT_DIGITS:
            raise BrochureError(f"{REVIEWED_BY}: 'text:{signed.group('text')}' is not the {FINGERPRINT_DIGITS}-digit "
                                "fingerprint the proof prints", *where)
        raw = raw[:signed.start()]
    m = _SIGNOFF.fullmatch(raw)
    name = m.group("name").strip() if m else ""
    if not m or not name or any(p in raw for p in _PLACEHOLDER):
        raise BrochureError(f"{REVIEWED_BY}: {raw!r} is not 'Name <email>, YYYY-MM-DD' "
                            "(the e-mail and the date may be left out, the name may not)", *where)
    date = None
    if m.group("date"):
        try:
            date = dt.date.fromisoformat(m.group("date"))
        except ValueError:
            raise BrochureError(f"{REVIEWED_BY}: the date {m.group('date')!r} is not YYYY-MM-DD", *where) from None
    return Review(machine, composed(name), m.group("email") or None, date,
                  signed.group("text").lower() if signed else None, text_fingerprint(po))


def translator(po: PoFile) -> str | None:
    """The name in ``Last-Translator`` that the colophon prints (and the gates check), without
    its e-mail address; None for the placeholder ``update`` or ``msginit`` wrote, never printed."""
    name = re.sub(r"\s*<[^>]*>\s*$", "", po.header("Last-Translator") or "").strip()
    # composed as the colophon prints it (a header saved decomposed, as a translation may be)
    return composed(name) if name and "FULL NAME" not in name and name != MSGINIT_TRANSLATOR else None
