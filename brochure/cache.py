"""Content-hash keys for incremental builds: a PDF is rebuilt only when something it
depends on changed — the document's source, its catalog for the locale, the layout (and its ICC profile),
the fonts, the build options, or the program itself. File times alone are never trusted: a large
file's digest is reused only while its size, modification and change times and inode are all the same."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

from .errors import BrochureError
from .fsutil import atomic_write
from .project import Project, builtin_catalog

# the libraries whose version can change the output: part of every PDF's cache key
_LIBRARIES = ("reportlab", "rl_accel", "babel", "pypdf", "python-bidi", "uharfbuzz", "icu4py", "pyphen",
              "fonttools", "pypdfium2", "pikepdf", "svglib")
CACHE_NAME = ".build-cache.json"


HASH_LIMIT = 64_000_000  # fonts are up to ~20 MB; anything larger is refused before use
# Files from this size on (fonts, ICC profiles) keep their digest in output/.cache/digests.json:
# hashing the fonts folder's 26 MB was most of a no-op build.
REMEMBER_FROM = 256_000


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def program_digest() -> str:
    """The package's own code and the versions of the libraries that shape its output."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for name, version in library_versions().items():
        h.update(f"{name}={version}".encode())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    """The installed version of each of _LIBRARIES ("none" if absent).

    Read from the name of the first ``name-version.dist-info`` folder on sys.path, which is
    where importlib.metadata finds a library too; it is asked only for one installed otherwise
    (an .egg-info). Asking it for all of them cost a fresh process ~25 ms: its import pulls in
    the email package, and it parses each library's METADATA."""
    wanted = {_canonical(name): name for name in _LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            folders = os.listdir(entry or ".")
        except OSError:  # a zip file, a path hook, a folder that is gone
            continue
        for folder in folders:
            if folder.endswith(".dist-info"):
                project, _, version = folder[:-len(".dist-info")].partition("-")
                name = wanted.get(_canonical(project))
                if name is not None and version:
                    found.setdefault(name, version)
    for name in _LIBRARIES:
        if name not in found:
            from importlib import metadata

            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "none"
    return {name: found[name] for name in _LIBRARIES}


def _canonical(project: str) -> str:
    """A distribution's name as PEP 503 compares them: python_bidi, python-bidi and Python.Bidi are one."""
    return re.sub(r"[-_.]+", "-", project).lower()


class Digests:
    """File digests of one run, each file read once."""

    def __init__(self, project: Project):
        self.project = project
        self._files: dict[Path, str] = {}
        self._folders: dict[Path, str] = {}
        self._builtins: dict[str, Path | None] = {}
        self.program = program_digest()
        self.memo = Memo(project.output_dir / ".cache" / "digests.json")

    def file(self, path: Path) -> str:
        if path not in self._files:
            try:
                info = path.stat()
                if info.st_size > HASH_LIMIT:  # refused by the stage that reads it; never read here
                    self._files[path] = f"large:{info.st_size}:{info.st_mtime_ns}"
                elif info.st_size >= REMEMBER_FROM:
                    # ctime cannot be set back by a program (mtime can): a rewritten file is hashed again
                    key = Memo.key(str(path.resolve()), f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:"
                                   f"{info.st_ino}:{info.st_dev}")
                    digest = self.memo.get(key)
                    if digest is None:
                        digest = _sha(path.read_bytes())
                        self.memo.put(key, digest)
                    self._files[path] = digest
                else:
                    self._files[path] = _sha(path.read_bytes())
            except OSError:
                self._files[path] = "missing"
        return self._files[path]

    def save(self) -> None:
        """Keep the digests of the large files this run read, for the next run."""
        if self.memo.used != self.memo.entries:
            self.memo.save()

    def folder(self, path: Path) -> str:
        if path not in self._folders:  # asked once per job: a library has thousands
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
            self._folders[path] = _sha("".join(f"{p.relative_to(path)}:{self.file(p)}\n" for p in files).encode())
        return self._folders[path]

    def job_key(self, doc: str, locale: str, layout: str, source_language: str, options: str) -> str:
        """The (document, locale, layout) job's key: a hash of the contents it is a function of."""
        p = self.project
        parts = [self.program, options, self.file(p.source_path(doc)), self.file(p.layout_path(layout)),
                 self.folder(p.layouts_dir / "icc"), self.folder(p.fonts_dir)]
        if locale != source_language:
            parts.append(self.file(p.po_path(doc, locale)))
            if locale not in self._builtins:  # a glob: asked once per locale, not once per job
                self._builtins[locale] = builtin_catalog(locale)
            builtin = self._builtins[locale]
            if builtin is not None:  # labels the catalog lacks come from the program's own catalog
                parts.append(self.file(builtin))
        return _sha("\n".join([doc, locale, layout, *parts]).encode())


class BuildCache:
    """output/.build-cache.json: the key and page count each PDF was last built from."""

    def __init__(self, project: Project):
        self.path = project.output_dir / CACHE_NAME
        self.shown = project.rel(self.path)
        try:
            self._read = self.path.read_bytes()
            self.entries: dict[str, dict] = json.loads(self._read)
        except (OSError, ValueError):
            self._read, self.entries = b"", {}

    def fresh(self, job: str, key: str, outputs: list[Path]) -> dict | None:
        entry = self.entries.get(job)
        if entry and entry.get("key") == key and all(p.exists() for p in outputs):
            return entry
        return None

    def record(self, job: str, key: str, pages: int) -> None:
        self.entries[job] = {"key": key, "pages": pages}

    def forget(self, job: str) -> None:
        self.entries.pop(job, None)

    def save(self) -> None:
        data = (json.dumps(self.entries, indent=1, sort_keys=True) + "\n").encode()
        if data != self._read:  # a no-op build writes nothing (atomic_write fsyncs)
            atomic_write(self.path, data, self.shown)
            self._read = data


class Memo:
    """A small JSON memo in output/: results of a pure check, keyed by a content hash."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries: dict = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.used: dict = {}

    @staticmethod
    def key(*parts: bytes | str) -> str:
        h = hashlib.sha256()
        for part in parts:
            h.update(part if isinstance(part, bytes) else part.encode())
            h.update(b"\0")
        return h.hexdigest()

    def get(self, key: str):
        if key in self.entries:
            self.used[key] = self.entries[key]
            return self.entries[key]
        return None

    def put(self, key: str, value) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep only what this run used, so the memo does not grow without end. A memo the output
        folder does not take (read-only, full) is not kept: the next run checks again; the
        build cache, whose stale entry would pass an old PDF as fresh, is not so lenient."""
        try:
            atomic_write(self.path, (json.dumps(self.used, sort_keys=True) + "\n").encode())
        except BrochureError:
            pass
