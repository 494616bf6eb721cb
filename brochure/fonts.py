"""Fonts: fonts/fonts.yaml → registered ReportLab fonts, and the glyph-coverage gate.

ReportLab has no font fallback: a character the font lacks prints as an empty box
(or vanishes from the text layer) without a warning. So every string that will be
printed is checked against the cmap of the font that will draw it *before*
rendering, and a gap is an error naming the string's file and line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from fontTools.ttLib import TTFont as ToolsFont
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import BrochureError
from .yamlutil import build, compose

STYLES = ("regular", "bold", "italic", "bold_italic")
# Characters that never need a glyph: line-break opportunities and format controls
# that ReportLab consumes or that the bidi step removes.
_INVISIBLE = {"\n", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069",
              "\u00ad"}


@dataclass(frozen=True)
class Family:
    regular: str
    bold: str
    italic: str | None = None
    bold_italic: str | None = None
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class FontConfig:
    families: Mapping[str, Family]
    default: str
    locales: Mapping[str, str]
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class FontSet:
    """The registered ReportLab names of one family, and where its files are."""

    family: str
    names: Mapping[str, str]  # style → ReportLab font name
    files: Mapping[str, Path]  # style → file

    @property
    def regular(self) -> str:
        return self.names["regular"]

    @property
    def bold(self) -> str:
        return self.names["bold"]

    def missing(self, text: str, style: str = "regular") -> str | None:
        """The first character of ``text`` the ``style`` face cannot draw, or None."""
        path = self.files.get(style)
        if path is None:
            return text[:1] or None
        cmap = _cmap(str(path))
        for ch in text:
            if ch not in _INVISIBLE and ch != "\t" and ord(ch) not in cmap:
                return ch
        return None


def load_config(fonts_dir: Path, shown_dir: str = "fonts") -> FontConfig:
    path = fonts_dir / "fonts.yaml"
    shown = f"{shown_dir}/fonts.yaml"
    node = compose(path, shown)
    config = build(FontConfig, node, shown)
    if config.default not in config.families:
        raise BrochureError(f"default: no family named '{config.default}'", shown, config._lines.get("default"))
    for locale, family in config.locales.items():
        if family not in config.families:
            raise BrochureError(f"locales.{locale}: no family named '{family}'", shown, config._lines.get("locales"))
    for name, fam in config.families.items():
        for style in STYLES:
            filename = getattr(fam, style)
            if filename and not (fonts_dir / filename).is_file():
                raise BrochureError(f"families.{name}.{style}: {filename} is not in {shown_dir}/", shown,
                                    fam._lines.get(style))
    return config


def font_set(config: FontConfig, fonts_dir: Path, locale: str) -> FontSet:
    """Register (once per process) and return the family that prints ``locale``."""
    family = config.locales.get(locale) or config.locales.get(locale.split("_")[0]) or config.default
    fam = config.families[family]
    files = {s: (fonts_dir / getattr(fam, s)).resolve() for s in STYLES if getattr(fam, s)}
    names = {s: _register(str(p)) for s, p in files.items()}
    # Faces the family lacks are mapped to the regular face for ReportLab's
    # <b>/<i> lookup, but `missing()` reports them, so the gate refuses their use.
    regular = names["regular"]
    addMapping(family, 0, 0, regular)
    addMapping(family, 1, 0, names.get("bold", regular))
    addMapping(family, 0, 1, names.get("italic", regular))
    addMapping(family, 1, 1, names.get("bold_italic", names.get("bold", regular)))
    for style, name in names.items():
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, names.get("bold", regular))
        addMapping(name, 0, 1, names.get("italic", regular))
        addMapping(name, 1, 1, names.get("bold_italic", names.get("bold", regular)))
    return FontSet(family, names, files)


@lru_cache(maxsize=None)
def _register(path: str) -> str:
    name = Path(path).stem
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(name, path))
    return name


@lru_cache(maxsize=None)
def _cmap(path: str) -> frozenset[int]:
    font = ToolsFont(path, lazy=True)
    return frozenset(font.getBestCmap())


def describe(ch: str) -> str:
    """``U+202F NARROW NO-BREAK SPACE`` — how a character is named in error messages."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"
