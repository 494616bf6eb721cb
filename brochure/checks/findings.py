"""A finding of a check or of the source lint, and the JSON report of a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"
WAIVED = "waived"  # an error a reviewer accepted for one entry (see ``waivers``)


@dataclass(frozen=True)
class Finding:
    """One problem at ``path:line``, printed compiler-style.

    ``str(f)`` is ``locales/de/LC_MESSAGES/als-stem-cells.po:52: error[numbers]: …``
    so that editors and CI logs can jump to the line.
    """

    path: str
    line: int | None
    severity: str
    check: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}[{self.check}]: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def report(findings: Iterable[Finding]) -> dict:
    """A JSON-able summary: counts and every finding as a plain dict, in the given order."""
    items = list(findings)
    return {
        "errors": sum(1 for f in items if f.severity == ERROR),
        "warnings": sum(1 for f in items if f.severity == WARNING),
        "waived": sum(1 for f in items if f.severity == WAIVED),
        "findings": [asdict(f) for f in items],
    }
