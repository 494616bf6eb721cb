"""One text engine for every script (see layout.py for the stages)."""

from . import breaks, fontfile, layout, runs, shape
from .flowable import TextBlock
from .layout import TextStyle, lay_out, natural_width, unbreakable_width

__all__ = ["TextBlock", "TextStyle", "lay_out", "natural_width", "release", "unbreakable_width"]


def release() -> None:
    """Forget the faces, shaped words, break opportunities and laid-out paragraphs kept so far
    (pyphen's dictionaries stay: ``brochure.hyphenation``). Most of it belongs to one locale's
    fonts; a process that goes on to another locale frees it rather than hold every locale's
    (a CJK face with its tables and shaped text is tens of MB)."""
    for cached in (layout._lay_out, layout._prepared, layout._relative, layout.natural_width, layout.unbreakable_width,
                   shape.shape, shape._shape, fontfile.face, breaks.opportunities, breaks.hyphen_points, runs.styled,
                   runs.levels):
        cached.cache_clear()
