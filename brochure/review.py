"""Who vouches for a catalog: machine translation and medical review, from its header.

Two header fields, kept by Poedit, Weblate and ``update`` like any ``X-`` field:

* ``X-Machine-Translation: <engine>`` -- the text was made by a machine (the shipped
  catalogs: ``Claude (AI model)``). The colophon then says so in the reader's
  language instead of printing a translator's name.
* ``X-Reviewed-By: Name <email>, YYYY-MM-DD`` -- a medical translator or clinician
  has read the catalog against the source and signs off. The colophon then names
  the reviewer; until then a machine translation says it is not yet reviewed.

Read from the header, not guessed from ``Last-Translator``: translators' tools
overwrite that field with whoever saved the file last, which would turn a machine
translation into a person's work by a one-word fix. Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .catalogs import PoFile
from .errors import BrochureError

MACHINE = "X-Machine-Translation"
REVIEWED_BY = "X-Reviewed-By"
_PLACEHOLDER = ("FULL NAME", "EMAIL@ADDRESS")
# "Name <email>, 2026-12-10"; the e-mail and the date are optional, the name is not.
_SIGNOFF = re.compile(r"(?P<name>[^<>,]*?)\s*(?:<(?P<email>[^<>]*)>)?\s*(?:,\s*(?P<date>[^,]*?))?\s*")


@dataclass(frozen=True)
class Review:
    machine: str | None = None  # the engine, from X-Machine-Translation
    reviewer: str | None = None  # the reviewer's name, from X-Reviewed-By
    email: str | None = None
    date: dt.date | None = None

    @property
    def reviewed(self) -> bool:
        return self.reviewer is not None

    def status(self) -> str:
        """One line for people who manage catalogs (stats, the proof); English."""
        if self.reviewed:
            when = f", {self.date.isoformat()}" if self.date else ""
            return f"reviewed by {self.reviewer}{when}"
        if self.machine:
            return f"machine translation by {self.machine}, not reviewed"
        return "not reviewed"


def review_of(po: PoFile) -> Review:
    """The catalog's review status; a malformed X-Reviewed-By is refused with its line."""
    machine = (po.header(MACHINE) or "").strip() or None
    raw = (po.header(REVIEWED_BY) or "").strip()
    if not raw:
        return Review(machine)
    where = (po.path, header_line(po, REVIEWED_BY))
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
    return Review(machine, name, m.group("email") or None, date)


def header_line(po: PoFile, name: str) -> int | None:
    """The file line of header field ``name``, for the usual layout (``msgstr ""``, one field a line)."""
    start = po.lines.get((None, ""))
    index = next((i for i, (key, _) in enumerate(po.headers) if key.lower() == name.lower()), None)
    return start + 1 + index if start and index is not None else None
