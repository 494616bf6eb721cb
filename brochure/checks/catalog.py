"""Run every check on every active message of one catalog, and on its printed header fields."""

from __future__ import annotations

import re

from .. import charpolicy
from ..catalogs import PoFile, optional
from ..errors import BrochureError
from ..fonts import FontSet
from . import waivers
from .findings import ERROR, WAIVED, WARNING, Finding
from .messages import BY_NAME, CHECKS, Check, Unit
from ..review import REVIEWED_BY, Review, review_of, text_fingerprint, translator



def check_catalog(po: PoFile, locale: str, fonts: FontSet | None = None,
                  checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Findings for ``po`` in file order: source = msgid, translation = msgstr, line = msgstr's line.

    Obsolete entries are not printed and not checked. ``fonts`` enables the
    ``glyphs`` check; without it that check is silent. A reviewer's waiver
    (``# waive CHECK: reason — name``) turns that check's error on that entry into
    a ``waived`` finding where a current sign-off (``review``) covers the text with the
    waiver, and stays an error otherwise; a malformed waiver is an error, an unused one a warning.
    """
    path = po.path or "<catalog>"
    try:
        review, refused = review_of(po), None
    except BrochureError as exc:  # a malformed sign-off: an error at its line, and no waiver in force
        review, refused = None, exc
    findings: list[Finding] = _header_findings(po, locale, fonts, path, review, refused)
    if any(waivers.WAIVER.match(c) for c in po.header_comment):  # it was ignored without a word
        findings.append(Finding(path, po.lines.get((None, "")), WARNING, "waiver",
                                "a waiver above the header waives nothing; put it right above the entry it is for"))
    # the .po is anyone's to edit: a waiver lifts an error only under a current medical sign-off
    signed = review is not None and review.reviewed
    for message in po.catalog:
        if not message.id:
            continue  # the header
        translation = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        # as printed (make_edition composes it): a catalog saved decomposed drew Korean as
        # conjoining jamo the font lacks (error[glyphs]) and Vietnamese as too long (warning[length])
        translation = charpolicy.composed(translation or "")
        if not translation and optional(message):
            continue  # a name or address the translator may leave as written
        unit = Unit(message.id, translation, locale, fuzzy=message.fuzzy, fonts=fonts,
                    context=message.context)
        line = po.line_of(message)
        granted, malformed = waivers.of(message.user_comments)
        waived = {w.check: w for w in granted}
        for problem in malformed:
            findings.append(Finding(path, line, ERROR, "waiver", problem))
        used = set()
        for check in checks:
            if check.content and not unit.printable:
                continue
            reason = check.function(unit)
            if not reason:
                continue
            if check.severity == ERROR and check.name in waived:
                used.add(check.name)
                if not signed:
                    findings.append(Finding(path, line, ERROR, check.name, f"{reason} (waived by "
                                            f"{waived[check.name].name}, not in force: {_UNSIGNED}{_sign(po)})"))
                else:
                    findings.append(Finding(path, line, WAIVED, check.name, f"{reason} (waived: {waived[check.name]})"))
            else:
                findings.append(Finding(path, line, check.severity, check.name, reason))
        for name in waived.keys() - used:
            findings.append(Finding(path, line, WARNING, "waiver",
                                    f"waiver for '{name}' but that check finds nothing here; remove it"))
        if any(waivers.WAIVER.match(c) for c in message.auto_comments):
            findings.append(Finding(path, line, WARNING, "waiver", "a waiver must be a translator comment "
                                    "('# waive …'), not '#.', which update replaces"))
    findings.sort(key=lambda f: (f.line or 0))
    return findings


_UNSIGNED = "no current medical review signs this catalog; a waiver counts once the reviewer's " \
            f"{REVIEWED_BY} names the text with it"


def _sign(po: PoFile) -> str:
    """The fingerprint to sign: the text with its waivers, as the proof prints it."""
    return f", text:{text_fingerprint(po)}"


def _header_findings(po: PoFile, locale: str, fonts: FontSet | None, path: str, review: Review | None,
                     refused: BrochureError | None) -> list[Finding]:
    """The printed header fields through the build's gate: the translator's and the reviewer's
    names (characters, markup, glyphs) and a malformed sign-off, which the build refuses too;
    and a Language header that names another language than the catalog's folder."""
    out, printed = _language_findings(po, locale, path), []
    name = translator(po)  # printed in the colophon: same character policy and glyph gate
    if name:
        printed.append(("Last-Translator", name, po.header_line("Last-Translator")))
    if refused is not None:
        out.append(Finding(path, refused.line, ERROR, "catalog", refused.message))
    else:
        if review.reviewer:
            printed.append((REVIEWED_BY, review.reviewer, po.header_line(REVIEWED_BY)))
        if review.problem:  # the colophon then says "not reviewed": a warning, not a refusal
            out.append(Finding(path, po.header_line(REVIEWED_BY), WARNING, "review", f"{REVIEWED_BY}: {review.problem}"))
    for header, value, line in printed:
        unit = Unit(value, value, locale, fonts=fonts)
        for name in ("characters", "markup", "glyphs"):
            reason = BY_NAME[name].function(unit)
            if reason:
                out.append(Finding(path, line, ERROR, name, f"{header}: {reason}"))
    return out


def _language_findings(po: PoFile, locale: str, path: str) -> list[Finding]:
    """A catalog whose Language header names another language than its folder (a French file
    saved into locales/de/) would be printed as that folder's language, its checks and fonts
    chosen for it. The language is compared, not the region or script (zh_CN in zh_Hans)."""
    language = (po.header("Language") or "").strip()
    if not language or re.split(r"[-_@]", language)[0].lower() == re.split(r"[-_@]", locale)[0].lower():
        return []
    return [Finding(path, po.header_line("Language"), ERROR, "catalog",
                    f"Language header '{language}', but the catalog is in the folder of '{locale}'")]


def out_of_date(po: PoFile, template: PoFile, source: str) -> list[Finding]:
    """warning[stale]: the catalog lacks messages of its source (the article changed since the
    last ``update``), so ``stats`` and the other checks speak of an older text and ``build``
    refuses to print the locale. Reported once, at the header, with the first message missing
    and how many of the catalog's messages the source no longer has (``update`` makes them
    obsolete)."""
    active = {(m.context, m.id) for m in po.catalog if m.id}
    wanted = [m for m in template.catalog if m.id]
    missing = [m for m in wanted if (m.context, m.id) not in active]
    if not missing:
        return []
    wanted_keys = {(m.context, m.id) for m in wanted}
    gone = [m for m in po.catalog if m.id and (m.context, m.id) not in wanted_keys]
    first = missing[0].id if len(missing[0].id) <= 40 else missing[0].id[:39] + "…"
    # a msgid or msgctxt edited by hand is one of these: say where
    extra = (f", and {len(gone)} of its message(s) no longer in the source (the first at line "
             f"{po.line_of(gone[0])})" if gone else "")
    return [Finding(po.path or "<catalog>", po.lines.get((None, "")), WARNING, "stale",
                    f"{len(missing)} message(s) of {source} not in this catalog (the first: {first!r}){extra}: "
                    "run `update`")]
