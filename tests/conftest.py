"""Shared fixtures: throw-away copies of the real project and of the small fixture project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brochure.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def expected_failures(locales, reasons: dict[str, str], exempt=()) -> list:
    """``locales`` as pytest parameters, those in ``reasons`` (and not in ``exempt``) marked as
    strict expected failures with their reason: a known defect fails until it is mended, then
    the test says so. Only a failed assertion is the known defect: an exception (a missing PDF,
    a crash in the reader) fails the test as it would for any other locale."""
    return [pytest.param(ll, marks=pytest.mark.xfail(reason=reasons[ll], strict=True, raises=AssertionError))
            if ll in reasons and ll not in exempt else ll for ll in locales]


def assert_refused(call, shown: str, line: int, words: str) -> None:
    """``call()`` must raise a BrochureError at ``shown:line`` whose message holds ``words``."""
    from brochure.errors import BrochureError

    with pytest.raises(BrochureError) as info:
        call()
    assert (info.value.path, info.value.line) == (shown, line)
    assert words in info.value.message
    assert str(info.value).startswith(f"{shown}:{line}: ")


def _copy_project(src: Path, dst: Path) -> Project:
    for name in ("source", "locales", "layouts"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    shutil.copytree(REPO / "fonts", dst / "fonts")
    return Project(dst)


@pytest.fixture
def real_project(tmp_path: Path) -> Project:
    """A copy of the shipped project (article, every locale, every layout, fonts)."""
    return _copy_project(REPO, tmp_path / "real")


@pytest.fixture
def mini_project(tmp_path: Path) -> Project:
    """The small fixture project under tests/fixtures/project, with the shipped fonts."""
    return _copy_project(FIXTURES / "project", tmp_path / "mini")


@pytest.fixture(scope="session")
def built_real(tmp_path_factory) -> Project:
    """The shipped project built once per session (every locale × layout)."""
    from brochure.cli import main

    project = _copy_project(REPO, tmp_path_factory.mktemp("built") / "real")
    assert main(["--project", str(project.root), "build"]) == 0
    return project
