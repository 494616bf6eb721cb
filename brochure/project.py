"""Where a project's files are: the folder convention shared by every stage.

A project is a library of documents: each ``source/<doc>.md`` is one document, named
by its file stem, with its template ``locales/<doc>.pot``, one catalog per started
translation ``locales/<ll>/LC_MESSAGES/<doc>.po`` (the Sphinx/po4a convention) and its
PDFs under ``output/<doc>/<ll>/``. A project folder holds ``source/`` and ``locales/``; ``layouts/`` and ``fonts/``
are optional: without them the layouts and fonts installed with the program are
used (``packaged``), so a clinic's folder can hold only its own text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BrochureError

_DOC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
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


def builtin_catalog(locale: str) -> Path | None:
    """The catalog shipped with the program for ``locale`` (its first document's): its labels
    (colophon, footer…) stand in for labels a project's catalog has not translated."""
    folder = packaged("locales") / locale / "LC_MESSAGES"
    found = sorted(folder.glob("*.po")) if folder.is_dir() else []
    return found[0] if found else None


def is_document_name(name: str) -> bool:
    """A document name (a source file's stem) that can safely name files and folders."""
    return bool(_DOC_NAME.fullmatch(name)) and ".." not in name


@dataclass(frozen=True)
class Project:
    """A project folder: its sources, catalogs, layouts and fonts, and where the PDFs go."""

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

    def template_path(self, doc: str) -> Path:
        return self.locales_dir / f"{doc}.pot"

    def po_path(self, doc: str, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{doc}.po"

    def layout_path(self, name: str) -> Path:
        return self.layouts_dir / f"{name}.yaml"

    def pdf_path(self, doc: str, locale: str, layout: str) -> Path:
        return self.output_dir / doc / locale / f"{layout}.pdf"

    def preview_path(self, doc: str, locale: str, layout: str) -> Path:
        return self.output_dir / doc / locale / f"{layout}-preview.png"

    def imposed_path(self, doc: str, locale: str, layout: str) -> Path:
        return self.output_dir / doc / locale / f"{layout}-imposed.pdf"

    def proof_path(self, doc: str, locale: str) -> Path:
        return self.output_dir / doc / locale / "proof.pdf"

    def rel(self, path: Path) -> str:
        """A path as the user should see it in messages and `#:` comments: relative to the project,
        or as it is when outside it (the program's own fonts and layouts, an output folder elsewhere)."""
        try:
            shown = Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:
            return str(path)
        return str(Path(path).resolve()) if shown == ".." or shown.startswith("../") else shown

    def documents(self) -> list[str]:
        """The documents of the library: the stems of ``source/*.md``, sorted."""
        if not self.source_dir.is_dir():  # most likely run from another folder: say which one
            raise BrochureError("no such folder; run the command in your project folder (the one that holds "
                                "source/), pass --project DIR, or create a project with `init DIR`",
                                str(self.source_dir.resolve()))
        files = sorted(self.source_dir.glob("*.md"))
        if not files:
            raise BrochureError("no article (*.md) in source/", self.rel(self.source_dir))
        for f in files:
            if not is_document_name(f.stem):
                raise BrochureError("a source file's name must be letters, digits, '.', '_' or '-' (at most 64): "
                                    "it names the document's catalogs and output folder", self.rel(f))
        return [f.stem for f in files]

    def select(self, docs: list[str] | None) -> list[str]:
        """``docs`` checked against the library (default: every document)."""
        have = self.documents()
        for doc in docs or []:
            if doc not in have:
                raise BrochureError(f"no document named '{doc}' (have: {', '.join(have)})",
                                    self.rel(self.source_dir / f"{doc}.md"))
        return list(docs) if docs else have

    def source_path(self, doc: str) -> Path:
        return self.source_dir / f"{doc}.md"

    def locales(self, doc: str | None = None) -> list[str]:
        """Locales with a catalog for ``doc`` (default: for any document), sorted; the source
        language is not among them. A catalog exists only where a translation was started."""
        if not self.locales_dir.is_dir():
            return []
        pattern = f"{doc}.po" if doc else "*.po"
        return sorted(p.name for p in self.locales_dir.iterdir()
                      if p.is_dir() and any((p / "LC_MESSAGES").glob(pattern)))

    def layouts(self) -> list[str]:
        return sorted(p.stem for p in self.layouts_dir.glob("*.yaml") if p.is_file()) if self.layouts_dir.is_dir() else []
