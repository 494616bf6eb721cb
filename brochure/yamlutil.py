"""Strict YAML → frozen dataclasses, with the file and line of every fault.

PyYAML's ``safe_load`` lets a duplicate key win silently and applies YAML 1.1
coercions (``no`` → False, ``0755`` → 493). We compose the node tree instead
and convert each scalar by the type the dataclass field declares, so a layout
means exactly what it says or is refused with ``path:line: key.path: reason``.
"""

from __future__ import annotations

import collections.abc
import copyreg
import dataclasses
import keyword
import math
import re
import types
import typing
from pathlib import Path

import yaml

from .errors import BrochureError
from .fsutil import read_input

_INT = re.compile(r"^[-+]?\d{1,9}$")  # no layout value needs more; int() refuses 4,300 digits
# YAML 1.2's core schema (and JSON) read 1e9 as a number; PyYAML's YAML 1.1 rules want 1.0e+9 and
# hand 1e9 over as text, which was refused as "must be a number, not '1e9'"
_FLOAT = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_WITH_UNIT = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)\s*[^\d\s.+-]+$")  # 210mm, 12 pt, 50%


MAX_YAML_BYTES = 256_000  # a layout or fonts.yaml is a few kilobytes
MAX_DEPTH = 16  # the deepest schema (a layout) nests three levels


def _frozen(items: dict) -> types.MappingProxyType:
    return types.MappingProxyType(items)


def _reduce_mapping(mapping: types.MappingProxyType):
    return _frozen, (dict(mapping),)


# the read-only mappings of a frozen dataclass must pickle: a layout travels to worker processes
copyreg.pickle(types.MappingProxyType, _reduce_mapping)


def compose(path: Path, shown: str) -> yaml.Node | None:
    """The node tree of a YAML file (None when empty), refused with ``path:line`` when it is
    too large, not a mapping at the top, nested too deep, tagged or aliased."""
    return compose_bytes(read_yaml(path, shown), shown)


def read_yaml(path: Path, shown: str) -> bytes:
    """A YAML file's bytes, refused when it is missing or larger than a layout can be."""
    return read_input(path, shown, "file", MAX_YAML_BYTES)


def compose_bytes(data: bytes, shown: str) -> yaml.Node | None:
    """``compose`` for a file's bytes already read (``read_yaml``)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # an editor's legacy encoding: name the byte and its line
        line = data.count(b"\n", 0, exc.start) + 1
        raise BrochureError(f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (the file must be UTF-8)", shown,
                            line) from None
    return compose_text(text, shown)


def compose_text(text: str, shown: str, first_line: int = 1, syntax: str = "YAML syntax") -> yaml.Node | None:
    """``compose`` for text already read (front matter starts at ``first_line`` of its file).

    The events are walked first (PyYAML's composer is recursive; both parsers are iterative):
    depth, aliases and the top level are checked before any node is built, so no input
    can exhaust the stack or expand into an exponential tree. libyaml walks them (a layout and
    fonts.yaml: 0.3 ms, against 10 ms in PyYAML's parser); a text it refuses is walked again by
    PyYAML's parser, whose refusals and lines are the ones users have always been shown, and so is
    one holding a tab, which libyaml lets into a plain scalar ("lang\tuage: en") where PyYAML
    refuses it: in 15,000 mutated layouts, fonts.yaml and front matter that was the only
    difference between the two walks.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and "\t" not in text:
        try:
            return _walked(text, shown, first_line, syntax, fast)
        except BrochureError:
            pass
    return _walked(text, shown, first_line, syntax, yaml.SafeLoader)


def _walked(text: str, shown: str, first_line: int, syntax: str, loader) -> yaml.Node | None:
    """The node tree once ``loader``'s parser has walked the events and found nothing to refuse."""
    def where(mark) -> int | None:
        return mark.line + first_line if mark else None

    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise BrochureError("YAML anchors and aliases (&name, *name) are not allowed", shown,
                                    where(event.start_mark))
            if isinstance(event, yaml.NodeEvent) and depth == 0:  # the document's top node
                if event.tag:
                    raise BrochureError(f"YAML tag {event.tag!r} is not allowed", shown, where(event.start_mark))
                if not isinstance(event, yaml.MappingStartEvent):
                    raise BrochureError("the top level must be a mapping of keys to values", shown,
                                        where(event.start_mark))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise BrochureError(f"nested more than {MAX_DEPTH} levels deep", shown, where(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        # Only text the walk above accepted gets here; libyaml builds the same nodes (tags,
        # values, quoting, lines) 15 × faster. Of 3,314 mutated layouts PyYAML's walk accepted
        # it refused 6 that the conversion refuses too (a tag "!la,out", "[100:, 55]"): a syntax
        # error with its line instead of a tag or type error.
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        if "'\\t'" in str(problem):  # YAML allows no tab here: say what to write instead
            problem = f"{problem}; indent and separate with spaces, not tabs"
        raise BrochureError(f"{syntax}: {problem}", shown, where(mark)) from None


def build(cls, node: yaml.Node, shown: str, keypath: str = "", units: str = ""):
    """Convert ``node`` into an instance of the (frozen) dataclass ``cls``; ``units`` says, in the
    message for a number written with a unit, what the file's numbers are measured in."""
    hints = typing.get_type_hints(cls)
    # a field set from elsewhere (a layout's name from its file name) is no key of the file
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("from_path")}
    if not isinstance(node, yaml.MappingNode):
        raise _err(shown, node, keypath or "(top level)", "must be a mapping of keys to values")
    values: dict = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        where = f"{keypath}.{key}" if keypath else key
        spelled = key
        if isinstance(key, str) and keyword.iskeyword(key):
            key += "_"  # a YAML key that is a Python keyword (``class``) is the field ``class_``
        if key in values:
            raise _err(shown, key_node, where, f"duplicate key (first at line {lines[key]})")
        if key not in fields or key.startswith("_") or (key == spelled and str(key).endswith("_")):
            known = ", ".join(n.rstrip("_") for n in fields if not n.startswith("_"))
            raise _err(shown, key_node, where, f"unknown key (known here: {known})")
        _refuse_empty_section(hints[key], fields[key], value_node, shown, where)
        values[key] = _convert(hints[key], value_node, shown, where, units)
        lines[key] = key_node.start_mark.line + 1
    missing = [n.rstrip("_") for n, f in fields.items()
               if n not in values and not n.startswith("_")
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise _err(shown, node, keypath or "(top level)", f"missing key(s): {', '.join(missing)}")
    if "_lines" in fields:
        values["_lines"] = types.MappingProxyType({**lines, "": node.start_mark.line + 1})
    return cls(**values)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _refuse_empty_section(tp, spec: dataclasses.Field, node: yaml.Node, shown: str, where: str) -> None:
    """A section (a mapping of keys) written with nothing under it: YAML reads ``copyfit:`` as null,
    which an optional section took for "none" and a required one refused as "must be a mapping";
    either way its keys were more likely forgotten than left out on purpose."""
    sections = [a for a in (typing.get_args(tp) or (tp,)) if dataclasses.is_dataclass(a)]
    if not sections or not _is_null(node):
        return
    optional = spec.default is not dataclasses.MISSING or spec.default_factory is not dataclasses.MISSING
    raise _err(shown, node, where, "is empty: write its keys indented below it"
                                   + (", or leave the optional section out" if optional else ""))


def _convert(tp, node: yaml.Node, shown: str, where: str, units: str = ""):
    if node.tag.startswith("tag:yaml.org,2002:python/") or node.tag.startswith("!"):
        raise _err(shown, node, where, f"YAML tag {node.tag!r} is not allowed")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if isinstance(node, yaml.ScalarNode) and node.value in ("null", "~", "") and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], node, shown, where, units)
    if dataclasses.is_dataclass(tp):
        return build(tp, node, shown, where, units)
    if origin is tuple:
        if not isinstance(node, yaml.SequenceNode):
            raise _err(shown, node, where, "must be a list")
        item_type = args[0]
        if len(args) != 2 or args[1] is not Ellipsis:
            if len(node.value) != len(args):
                raise _err(shown, node, where, f"must be a list of {len(args)} values")
        return tuple(_convert(item_type, item, shown, f"{where}[{i}]", units) for i, item in enumerate(node.value))
    if origin in (dict, collections.abc.Mapping):
        if not isinstance(node, yaml.MappingNode):
            raise _err(shown, node, where, "must be a mapping")
        out = {}
        for k, v in node.value:
            if k.value in out:
                raise _err(shown, k, f"{where}.{k.value}", "duplicate key")
            out[k.value] = _convert(args[1], v, shown, f"{where}.{k.value}", units)
        return types.MappingProxyType(out)
    if not isinstance(node, yaml.ScalarNode):
        raise _err(shown, node, where, f"must be a single {_name(tp)}, not a list or mapping")
    text = node.value
    quoted = node.style in ("'", '"')
    if tp is bool:
        if quoted or text not in ("true", "false"):
            raise _err(shown, node, where, f"must be true or false, not {text!r}")
        return text == "true"
    if tp is int:
        if quoted or not _INT.match(text) or (text.lstrip("+-").startswith("0") and text.lstrip("+-") != "0"):
            raise _err(shown, node, where, f"must be a whole number, not {text!r}")
        return int(text)
    if tp is float:
        if quoted or not _FLOAT.match(text):
            unit = _WITH_UNIT.match(text) and ": write the number alone, without a unit" + (f" ({units})" if units else "")
            raise _err(shown, node, where, f"must be a number, not {text!r}{unit or ''}")
        if not math.isfinite(float(text)):  # 1e309 overflows to infinity, which no rule can weigh
            raise _err(shown, node, where, f"{text} is out of range")
        return float(text)
    if tp is str:
        return text
    raise TypeError(f"unsupported field type {tp!r}")  # a bug in a dataclass, not in the file


def _name(tp) -> str:
    return {bool: "true/false", int: "whole number", float: "number", str: "text"}.get(tp, "value")


def _err(shown: str, node: yaml.Node, where: str, message: str) -> BrochureError:
    return BrochureError(f"{where}: {message}", shown, node.start_mark.line + 1)
