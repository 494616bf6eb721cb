"""Waivers: a reviewer accepts one check's finding for one entry, in the .po itself.

A waiver is a translator comment right above the entry, kept by every gettext tool
(Poedit, Weblate, msgmerge)::

    # waive numbers: the author's "100.000" means 100,000 — Dr. A. Meier
    msgctxt "paragraph"
    msgid "…"
    msgstr "…"

``check`` then reports the finding as ``waived[numbers]`` instead of an error, the
build prints the locale, the proof PDF lists the waiver and ``stats`` counts it.
Only content checks whose finding a person can judge may be waived (``WAIVABLE``);
what would draw wrongly or break the layout (characters, glyphs, markup,
placeholders, a blank translation) cannot be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import charpolicy

WAIVABLE = ("numbers", "number-pairs", "telephone", "urls", "brackets", "wrong-script", "dropped-sentence")
WAIVER = re.compile(r"^\s*waive\s+(?P<check>[\w-]*)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_BY = re.compile(r"\s+(?:—|--)\s+")


@dataclass(frozen=True)
class Waiver:
    """A translator's waiver of one check on one message, and who gave it."""

    check: str
    reason: str
    name: str  # who waived it

    def __str__(self) -> str:
        return f"{self.check}: {self.reason} — {self.name}"


def parse(comment: str) -> Waiver | str | None:
    """A translator comment → its ``Waiver``, a short reason why it is malformed, or None
    when the comment is not a waiver at all."""
    m = WAIVER.match(comment)
    if not m:
        return None
    check = m.group("check").lower()
    refused = charpolicy.first_problem(comment, rtl=True)  # marks pass: a name may be Arabic or Hebrew
    if refused:  # a bidi override would show check, proof and stats another reason or name than is stored
        return f"a waiver may not hold {refused[1]}"
    if check not in WAIVABLE:
        return (f"'{check or '?'}' cannot be waived (waivable: {', '.join(WAIVABLE)}); "
                f"write '# waive CHECK: reason — name'")
    parts = _BY.split(m.group("rest").strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        return f"a waiver needs a reason and a name: '# waive {check}: reason — name'"
    return Waiver(check, parts[0].strip(), parts[1].strip())


def of(comments: list[str]) -> tuple[list[Waiver], list[str]]:
    """The waivers among an entry's translator comments, and the problems of malformed ones."""
    waivers, problems = [], []
    for comment in comments:
        parsed = parse(comment)
        if isinstance(parsed, Waiver):
            waivers.append(parsed)
        elif parsed:
            problems.append(parsed)
    return waivers, problems
