"""Fonts: fonts/fonts.yaml → registered ReportLab fonts, and the glyph-coverage gate.

ReportLab has no font fallback: a character the font lacks prints as an empty box
(or vanishes from the text layer) without a warning. So every string that will be
printed is checked against the cmap of the font that will draw it *before*
rendering, and a gap is an error naming the string's file and line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from fontTools import unicodedata as ucd
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .charpolicy import ALLOWED_CONTROLS, NEVER_DRAWN, name
from .errors import BrochureError
from .text.breaks import BREAK_RULES
from .text.fontfile import face as load_face
from .localetext import cldr_script
from .yamlutil import build, compose_bytes, read_yaml

STYLES = ("regular", "bold", "italic", "bold_italic")
# Characters that never need a glyph: charpolicy's never-drawn set, tab and line feed.
_INVISIBLE = NEVER_DRAWN | ALLOWED_CONTROLS


@dataclass(frozen=True)
class Family:
    """A font family's face files, as fonts.yaml names them."""

    regular: str
    bold: str
    italic: str | None = None
    bold_italic: str | None = None
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Script:
    """How one writing system is printed: its font family and layout behaviour."""

    family: str
    # "ltr" or "rtl"; by default Unicode's direction of the script (fonts.yaml's value, or ltr
    # for a code Unicode does not know, such as Aran)
    direction: str | None = None
    # UAX #14 line breaking (ICU): "normal"; "strict" (CJK line-start and line-end rules,
    # kinsoku); "keep-all" (break only between words: Korean)
    line_break: str = "normal"
    hyphenate: bool = True  # only where pyphen has a dictionary
    # "layout": the layout's type.align; "justify": body text fills the measure whatever the
    # layout says (CJK is set solid: every line full, the spare width shared between characters)
    align: str = "layout"
    # Line spacing relative to the layout's: Nastaliq's diagonal words need about 1.8 times
    # a Naskh or Latin line. Every leading of the layout is multiplied by it.
    leading: float = 1.0
    code: str = field(default="", metadata={"from_path": True})  # its ISO 15924 code: its key under scripts:
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


LEADING_RANGE = (1.0, 2.5)  # tighter than the layout would collide; looser reads as separate lines


@dataclass(frozen=True)
class FontConfig:
    """fonts/fonts.yaml, validated: the families, the scripts, and locales' scripts."""

    families: Mapping[str, Family]
    scripts: Mapping[str, Script]  # ISO 15924 code (Latn, Arab, Hans…) → Script
    locales: Mapping[str, str] = field(default_factory=dict)  # locale → script, where CLDR's guess is wrong
    # fonts.yaml as messages name it (set from the path it was read from, never from its keys):
    # every refusal of a family or script it configures points there
    shown: str = field(default="fonts/fonts.yaml", metadata={"from_path": True})
    _lines: Mapping = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class FontSet:
    """One family's faces (the files the text engine draws with) and its ReportLab name.

    ReportLab draws none of our text (``brochure.text`` writes glyphs with its own fonts), but its
    canvas and tables need a registered font name, or they reference an unembedded Helvetica:
    one face is registered with ReportLab, for that, and never written to a PDF (``font_set``)."""

    family: str
    names: Mapping[str, str]  # "regular" → its ReportLab font name
    files: Mapping[str, Path]  # style → file
    # The word space (in em) of the font that sets Latin on its own (scripts.Latn): a script
    # family carries Latin letters merged in, but only its own script's space (Nastaliq's is
    # half as wide), so the engine widens a space beside a Latin run to this (TextStyle.latin_space).
    latin_space: float = 0.0
    # Where fonts.yaml chose each face: (fonts.yaml as messages show it, line, key). An error about
    # a character no user's line chose (the bullet, a CLDR name) points there: the font is the fix.
    chosen_at: Mapping[str, tuple[str, int | None, str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def regular(self) -> str:
        return self.names["regular"]

    def missing(self, text: str, style: str = "regular") -> str | None:
        """The first character of ``text`` the ``style`` face cannot draw, or None."""
        path = self.files.get(style)
        if path is None:
            return text[:1] or None
        cmap = load_face(str(path)).unicodes
        for ch in text:
            if ch not in _INVISIBLE and ord(ch) not in cmap:
                return ch
        return None


def load_config(fonts_dir: Path, shown_dir: str = "fonts") -> FontConfig:
    """fonts.yaml, validated, its font files there. Parsed again only when its text changed
    (keyed by the bytes, not the file's times, which a copy or an archive may keep):
    ``update`` and ``status`` ask once per locale, and the YAML walk of it is 20 ms."""
    shown = f"{shown_dir}/fonts.yaml"
    config = _parse_config(read_yaml(fonts_dir / "fonts.yaml", shown), shown)
    for name, fam in config.families.items():
        for style in STYLES:
            filename = getattr(fam, style)
            if filename and not (fonts_dir / filename).is_file():
                raise BrochureError(f"families.{name}.{style}: {filename} is not in {shown_dir}/", shown,
                                    fam._lines.get(style))
            problem = filename and _not_embeddable(fonts_dir / filename)
            if problem:
                raise BrochureError(f"families.{name}.{style}: {filename} {problem}", shown, fam._lines.get(style))
    return config


_SFNT_PROBLEMS = {  # what the first four bytes of a font file say, where it is not a TrueType face
    b"OTTO": "has PostScript (CFF) outlines; only TrueType outlines can be embedded: take the family's "
             ".ttf files or convert it (fontTools, see fonts/tools/build_fonts.py)",
    b"ttcf": "is a font collection (.ttc); extract the one face to a .ttf file",
}


def _not_embeddable(path: Path) -> str | None:
    """Why the text engine cannot embed the face in ``path`` (it cuts glyphs from the glyf
    table), or None."""
    try:
        with open(path, "rb") as fh:
            tag = fh.read(4)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if tag in (b"\x00\x01\x00\x00", b"true"):
        return None
    return _SFNT_PROBLEMS.get(tag, "is not a TrueType font file")


@lru_cache(maxsize=8)
def _parse_config(data: bytes, shown: str) -> FontConfig:
    node = compose_bytes(data, shown)
    config = build(FontConfig, node, shown)
    scripts = {code: replace(_with_direction(code, script, shown), code=code) for code, script in config.scripts.items()}
    config = replace(config, scripts=scripts, shown=shown)
    for code, script in config.scripts.items():
        line = script._lines.get("family")
        if script.family not in config.families:
            raise BrochureError(f"scripts.{code}.family: no family named '{script.family}'", shown, line)
        if script.line_break not in BREAK_RULES:
            raise BrochureError(f"scripts.{code}.line_break: must be one of {', '.join(BREAK_RULES)}", shown,
                                script._lines.get("line_break"))
        if script.align not in ("layout", "justify"):
            raise BrochureError(f"scripts.{code}.align: must be layout or justify", shown, script._lines.get("align"))
        low, high = LEADING_RANGE
        if not low <= script.leading <= high:
            raise BrochureError(f"scripts.{code}.leading: {script.leading:g} is outside {low:g}–{high:g} "
                                f"(a factor of the layout's leading)", shown, script._lines.get("leading"))
    for locale, code in config.locales.items():
        if code not in config.scripts:
            raise BrochureError(f"locales.{locale}: no script named '{code}'", shown, config._lines.get("locales"))
    return config


# ISO 15924 variants Unicode has no script property for: the direction of their script
_VARIANT_OF = {"Aran": "Arab", "Syre": "Syrc", "Syrj": "Syrc", "Syrn": "Syrc"}


def _with_direction(code: str, script: Script, shown: str) -> Script:
    """``script`` with its direction: Unicode's for the script, which fonts.yaml may state but not
    contradict. A new right-to-left script (Thaana, Syriac) entered without ``direction: rtl``
    would otherwise be set as left-to-right paragraphs: the line starts on the wrong side and
    its punctuation and numbers are placed as in a Latin paragraph."""
    unicode = ucd.script_horizontal_direction(_VARIANT_OF.get(code, code), default=None)
    written = unicode.lower() if unicode else None
    line = script._lines.get("direction")
    if script.direction is None:
        return replace(script, direction=written or "ltr")
    if script.direction not in ("ltr", "rtl"):
        raise BrochureError(f"scripts.{code}.direction: must be ltr or rtl", shown, line)
    if written and script.direction != written:
        raise BrochureError(f"scripts.{code}.direction: {script.direction}, but Unicode writes "
                            f"{ucd.script_name(_VARIANT_OF.get(code, code))} {'right to left' if written == 'rtl' else 'left to right'}"
                            " (leave direction out: it follows the script)", shown, line)
    return script


def script_of(config: FontConfig, locale: str) -> str:
    """The ISO 15924 script a locale is written in: fonts.yaml's override, else CLDR's likely subtags."""
    if locale in config.locales:
        return config.locales[locale]
    return cldr_script(locale)


def latin_family(config: FontConfig) -> str:
    """The family that sets Latin (``scripts.Latn``), whatever fonts.yaml names it: the proof's
    labels and source column are set in it."""
    if "Latn" not in config.scripts:
        raise BrochureError("no entry for script 'Latn' under scripts:; the proof sets its labels and the "
                            "source in it", config.shown, config._lines.get("scripts"))
    return config.scripts["Latn"].family


def resolve(config: FontConfig, fonts_dir: Path, locale: str,
            styles: tuple[str, ...] = STYLES) -> tuple[FontSet, Script]:
    """The registered fonts and the script behaviour for ``locale``."""
    code = script_of(config, locale)
    if code not in config.scripts:
        raise BrochureError(f"no entry for script '{code}' (locale {locale}) under scripts:; a font for it must be "
                            "added first (README, \"A language whose script has no font\")", config.shown,
                            config._lines.get("scripts"))
    script = config.scripts[code]
    latin = config.scripts.get("Latn")
    latin_regular = (latin.family, "regular") if latin is not None else None
    fonts = font_set(config, fonts_dir, script.family, styles, latin_regular)
    if latin_regular is not None:
        face = load_face(str(_opened(config, fonts_dir, *latin_regular, load_face)))
        fonts = replace(fonts, latin_space=face.advance(face.glyph(" ")) / face.upem)
    return fonts, script


def font_set(config: FontConfig, fonts_dir: Path, family: str, styles: tuple[str, ...] = STYLES,
             registered: tuple[str, str] | None = None) -> FontSet:
    """The faces of ``family`` among ``styles``, and the one face registered with ReportLab (once
    per process): ``registered`` (family, style: the Latin family's regular, shared by every
    locale), else the family's regular. A face that is asked for must exist, or the glyph gate
    refuses the text; one that cannot be parsed is refused at its fonts.yaml line.
    """
    fam = config.families[family]
    wanted = ("regular", "bold", *[s for s in styles if s not in ("regular", "bold")])
    files = {s: _opened(config, fonts_dir, family, s, load_face) for s in wanted if getattr(fam, s)}
    # ReportLab would use the registered face only for text it draws itself, and it draws none
    # (every PDF is the same byte for byte whichever face it holds): it gets the file read on
    # demand (FaceOnDemand), not a parse of it kept for the life of the process (a CJK face: 18 MB).
    name = _register(str(_opened(config, fonts_dir, *(registered or (family, "regular")), _register)))
    chosen_at = {s: (config.shown, fam._lines.get(s), f"families.{family}.{s}") for s in files}
    return FontSet(family, {"regular": name}, files, chosen_at=chosen_at)


# What a damaged or cut-short font file raises in our table reader, HarfBuzz or ReportLab's parser.
_DAMAGED = (struct.error, KeyError, IndexError, ValueError, TTFError)


def _opened(config: FontConfig, fonts_dir: Path, family: str, style: str, parse) -> Path:
    """The file of ``family``'s ``style``, once ``parse`` (our face reader, or ReportLab's) has read it."""
    fam = config.families[family]
    path = (fonts_dir / getattr(fam, style)).resolve()
    try:
        parse(str(path))
    except _DAMAGED as exc:
        raise BrochureError(f"families.{family}.{style}: {getattr(fam, style)} is damaged or cut short and cannot "
                            f"be read as a font ({' '.join(str(exc).split())[:80]}); copy the file again", config.shown,
                            fam._lines.get(style)) from None
    return path


@lru_cache(maxsize=None)
def _register(path: str) -> str:
    name = Path(path).stem
    face_name = load_face(path).name  # our reader refuses a damaged file, at its fonts.yaml line
    # A membership test, not getFont: for a name it does not know, getFont first parses every
    # AFM file ReportLab can find (about 0.1 s) before it raises KeyError.
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(FaceOnDemand(name, path, face_name))
    return name


class FaceOnDemand(TTFont):
    """ReportLab's TrueType font for the face ``font_set`` gives it a name for, the file read only
    when ReportLab first asks it for more than its names (it never does in a build: the canvas and
    tables only look the name up). ``TTFont`` parses the whole file when it is made (15-25 ms of a
    one-locale build) and registering it reads only ``face.name``."""

    def __init__(self, name: str, path: str, face_name: str):  # not TTFont's: it would read the file
        self.fontName = name
        self._unread = path
        self.face = _FaceName(face_name, self)

    def stringWidth(self, text, size, encoding="utf8"):
        if not text:  # a table measures the empty cells a span covers: 0 in any face
            return 0.0
        return TTFont.stringWidth(self, text, size, encoding)

    def read(self) -> None:
        """Make this the TTFont ReportLab would have made (once)."""
        path = self.__dict__.pop("_unread", None)
        if path is not None:
            TTFont.__init__(self, self.fontName, path)

    def __getattr__(self, attr: str):  # only for what TTFont.__init__ sets and __init__ did not
        if attr.startswith("__") or "_unread" not in self.__dict__:
            raise AttributeError(attr)
        self.read()
        return getattr(self, attr)


class _FaceName:
    """``FaceOnDemand.face`` until the file is read: its PostScript name (what ``registerFont``
    reads); asked for anything else, it reads the file and answers as the parsed face."""

    def __init__(self, name: str, font: FaceOnDemand):
        self.name = name.encode("utf-8")  # as ReportLab's face names are: bytes
        self._font = font

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        self._font.read()
        return getattr(self._font.face, attr)


def describe(ch: str) -> str:
    """``U+202F NARROW NO-BREAK SPACE`` — how a character is named in error messages; one whose
    name is only its code point (an ideograph: ``U+9580 CJK UNIFIED IDEOGRAPH-9580 (門)``) is shown
    too, for a translator to find it in the catalog."""
    named = name(ch)
    return f"{named} ({ch})" if named.endswith(f"-{ord(ch):04X}") else named
