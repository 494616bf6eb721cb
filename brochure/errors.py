"""The one exception type of the pipeline: a fault in a user's file, with its place."""

from __future__ import annotations

import os


class BrochureError(Exception):
    """An error in an input file, reported as ``path:line: message``.

    ``path`` is relative to the project when possible so that the message can be
    pasted into an editor; ``line`` is 1-based, or ``None`` when the fault concerns
    the file as a whole.
    """

    def __init__(self, message: str, path: str | os.PathLike | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line

    def __reduce__(self):  # keep path and line when a worker process sends the error back
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message
