"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath


def read_input(path: str | os.PathLike, shown: str, what: str, limit: int | None = None) -> bytes:
    """The bytes of an input file, or a ``BrochureError`` naming it as the user wrote it.

    With ``limit`` the size is checked before anything is read, and no more than
    ``limit`` + 1 bytes are ever read (a device or a growing file cannot make it more).
    """
    from .errors import BrochureError

    def too_large() -> BrochureError:
        return BrochureError(f"file is larger than {limit:,} bytes; refusing to read it", shown)

    try:
        with open(path, "rb") as fh:
            if limit is None:
                return fh.read()
            if os.fstat(fh.fileno()).st_size > limit:
                raise too_large()
            data = fh.read(limit + 1)
    except OSError as exc:
        raise BrochureError(f"cannot read {what}: {exc.strerror}", shown) from None
    if len(data) > limit:
        raise too_large()
    return data


def atomic_write(path: str | os.PathLike, data: bytes, shown: str | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The bytes are complete in memory before the target is touched, the temporary
    file is fsynced, then ``os.replace`` swaps it in; on any failure the old file
    is left as it was and the temporary file is removed. A write the system refuses (full disk,
    read-only folder, a file in the way) is a ``BrochureError`` naming the file as ``shown``
    (as the user sees it, ``Project.rel``; default: ``path``).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise _cannot_write(target, shown, exc) from None
        raise


def _cannot_write(target: Path, shown: str | None, exc: OSError):
    """A full disk, a read-only folder, a file where a folder should be: the user's output
    folder, not a bug (``-o``), so the one error type, naming the file and what stood in the way."""
    from .errors import BrochureError

    blocked = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    why = f"{_folder_shown(target, blocked, shown)} is a file, not a folder" if blocked else exc.strerror or str(exc)
    return BrochureError(f"cannot write this file: {why}", shown or target)


def _folder_shown(target: Path, folder: Path, shown: str | None) -> str:
    """``folder``, one of ``target``'s, named as ``target`` is shown: ``output/mini/de`` for
    ``output/mini/de/a4-leaflet.pdf``; as it is where ``shown`` does not reach up to it."""
    up = len(target.parts) - len(folder.parts)  # how many levels above the file
    above = PurePosixPath(shown).parents if shown else ()
    return str(above[up - 1]) if up <= len(above) and str(above[up - 1]) != "." else str(folder)


def write_if_changed(path: str | os.PathLike, data: bytes, shown: str | None = None) -> bool:
    """Atomically write ``data`` unless the file already holds exactly these bytes."""
    target = Path(path)
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(target, data, shown)
    return True
