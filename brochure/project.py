"""Where a project's files are: the folder convention shared by every stage.

A project folder holds ``source/`` and ``locales/``; ``layouts/`` and ``fonts/``
are optional: without them the layouts and fonts installed with the program are
used (``packaged``), so a clinic's folder can hold only its own text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BrochureError

DOMAIN = "brochure"
PACKAGE_DIR = Path(__file__).resolve().parent


def packaged(name: str) -> Path:
    """A folder shipped with the program (``fonts``, ``layouts``, ``templates``).

    In an installed wheel it is ``brochure/data/NAME``; in a source checkout the
    repository's own top-level folder, which the wheel maps to that place.
    """
    inside = PACKAGE_DIR / "data" / name
    if inside.is_dir():
        return inside
    beside = PACKAGE_DIR / name
    return beside if beside.is_dir() else PACKAGE_DIR.parent / name


def builtin_catalog(locale: str) -> Path:
    """The catalog shipped with the program for ``locale``: its labels (colophon, footer…)
    stand in for labels a project's catalog has not translated."""
    return packaged("locales") / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Project:
    root: Path
    output: Path | None = None  # where PDFs go (default: ROOT/output)

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def layouts_dir(self) -> Path:
        own = self.root / "layouts"
        return own if own.is_dir() else packaged("layouts")

    @property
    def fonts_dir(self) -> Path:
        own = self.root / "fonts"
        return own if own.is_dir() else packaged("fonts")

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "output"

    @property
    def template_path(self) -> Path:
        return self.locales_dir / f"{DOMAIN}.pot"

    def po_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"

    def layout_path(self, name: str) -> Path:
        return self.layouts_dir / f"{name}.yaml"

    def pdf_path(self, locale: str, layout: str) -> Path:
        return self.output_dir / locale / f"{layout}.pdf"

    def preview_path(self, locale: str, layout: str) -> Path:
        return self.output_dir / locale / f"{layout}-preview.png"

    def imposed_path(self, locale: str, layout: str) -> Path:
        return self.output_dir / locale / f"{layout}-imposed.pdf"

    def rel(self, path: Path) -> str:
        """A path as the user should see it in messages and `#:` comments."""
        try:
            return Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:
            return str(path)

    def source_path(self) -> Path:
        files = sorted(self.source_dir.glob("*.md"))
        if len(files) != 1:
            found = ", ".join(self.rel(f) for f in files) or "none"
            raise BrochureError(f"expected exactly one article (*.md) in source/, found {found}",
                                self.rel(self.source_dir))
        return files[0]

    def locales(self) -> list[str]:
        """Locales with a catalog, sorted; the source language is not among them."""
        if not self.locales_dir.is_dir():
            return []
        return sorted(p.name for p in self.locales_dir.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())

    def layouts(self) -> list[str]:
        return sorted(p.stem for p in self.layouts_dir.glob("*.yaml")) if self.layouts_dir.is_dir() else []
