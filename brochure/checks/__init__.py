"""Quality checks of translations, modelled on translate-toolkit's pofilter.

    findings = check_catalog(read_catalog(path, "locales/de/LC_MESSAGES/als-stem-cells.po"), "de")
    for f in findings: print(f)      # locales/de/LC_MESSAGES/als-stem-cells.po:52: error[numbers]: …
    json.dumps(report(findings))

The checks and their severities are the table ``CHECKS`` in ``messages.py``;
docs/checks.md describes them and how they differ from pofilter.
"""

from .catalog import check_catalog
from .findings import ERROR, WAIVED, WARNING, Finding, report
from .messages import CHECKS, Check, Unit

__all__ = ["CHECKS", "ERROR", "WAIVED", "WARNING", "Check", "Finding", "Unit", "check_catalog", "report"]
