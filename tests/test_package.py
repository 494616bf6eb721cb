"""The package as a whole: conventions every module keeps."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import brochure


def _modules():
    for info in pkgutil.walk_packages(brochure.__path__, "brochure."):
        if info.name != "brochure.__main__":
            yield importlib.import_module(info.name)


def test_every_dataclass_says_what_it_is():
    """A dataclass without a docstring gets its generated signature as one ("Page(width: float, …)"),
    made with inspect.signature as the class is created: at every start, 35 times."""
    undocumented = sorted(
        f"{module.__name__}.{name}"
        for module in _modules()
        for name, value in vars(module).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
        and (value.__doc__ or "").startswith(f"{value.__name__}(")
    )
    assert undocumented == []
