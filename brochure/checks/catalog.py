"""Run every check on every active message of one catalog."""

from __future__ import annotations

from ..catalogs import PoFile
from ..fonts import FontSet
from .findings import Finding
from .messages import CHECKS, Check, Unit


def check_catalog(po: PoFile, locale: str, fonts: FontSet | None = None,
                  checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Findings for ``po`` in file order: source = msgid, translation = msgstr, line = msgstr's line.

    Obsolete entries are not printed and not checked. ``fonts`` enables the
    ``glyphs`` check; without it that check is silent.
    """
    path = po.path or "<catalog>"
    findings: list[Finding] = []
    for message in po.catalog:
        if not message.id:
            continue  # the header
        translation = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        unit = Unit(message.id, translation or "", locale, fuzzy=message.fuzzy, fonts=fonts)
        line = po.line_of(message)
        for check in checks:
            if check.content and not unit.printable:
                continue
            reason = check.function(unit)
            if reason:
                findings.append(Finding(path, line, check.severity, check.name, reason))
    findings.sort(key=lambda f: (f.line or 0))
    return findings
