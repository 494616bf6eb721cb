"""One text engine for every script (see layout.py for the stages)."""

from .flowable import TextBlock
from .layout import TextStyle, lay_out, natural_width

__all__ = ["TextBlock", "TextStyle", "lay_out", "natural_width"]
