"""A new clinic's project, the library API and the command line's general options.

(The wheel itself is built and installed into a fresh venv by .ci/run.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import brochure
from brochure.cli import main
from brochure.errors import BrochureError
from brochure.project import packaged
from pdfread import text as pdf_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def clinic(tmp_path_factory) -> Path:
    """A project made by `init`, with a German catalog, built with --fallback-source alone."""
    root = tmp_path_factory.mktemp("install") / "clinic"
    assert main(["-q", "init", str(root)]) == 0
    assert main(["--project", str(root), "-q", "update", "--locale", "de"]) == 0
    assert main(["--project", str(root), "-q", "build", "--fallback-source", "--layout", "a4-leaflet", "-j", "1"]) == 0
    return root


def test_init_makes_a_project_with_editable_layouts_and_packaged_fonts(clinic):
    assert (clinic / "source" / "article.md").is_file()
    assert sorted(p.name for p in (clinic / "layouts").glob("*.yaml")) == \
        sorted(p.name for p in packaged("layouts").glob("*.yaml"))
    assert (clinic / "layouts" / "icc").is_dir()
    assert not (clinic / "fonts").exists()
    assert brochure.api.project_of(clinic).fonts_dir == packaged("fonts")
    assert (clinic / "locales" / "de" / "LC_MESSAGES" / "article.po").is_file()


def test_fallback_source_alone_prints_an_untranslated_locale(clinic):
    text = pdf_text(clinic / "output" / "article" / "de" / "a4-leaflet.pdf")
    assert "Title of your patient information" in text  # the untranslated title, in English


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("x")
    assert main(["init", str(tmp_path)]) == 1
    assert "not empty" in capsys.readouterr().err


def test_api_returns_typed_results(tmp_path):
    project = brochure.init(tmp_path / "p")
    updated = brochure.update(project, locales=["fr"])
    assert isinstance(updated, brochure.UpdateResult) and updated.ok
    assert [(c.locale, c.state) for c in updated.catalogs] == [("fr", "created")]
    assert updated.catalogs[0].stats.translated == 0 and updated.templates[0].written
    again = brochure.update(project, locales=["fr"])
    assert [(c.locale, c.state) for c in again.catalogs] == [("fr", "unchanged")] and not again.templates[0].written
    report = brochure.check(project, locales=["fr"])
    assert isinstance(report, brochure.CheckResult) and report.errors == 0 and report.warnings > 0
    failed = brochure.build(project, locales=["fr"], layouts=["no-such-layout"], jobs=1)
    assert isinstance(failed, brochure.BuildResult) and not failed.ok
    assert "no-such-layout" in str(failed.failed[0].error)
    with pytest.raises(BrochureError) as info:  # a fault that stops the whole step is raised, naming its folder
        brochure.extract(tmp_path / "no-project")
    assert info.value.path == str((tmp_path / "no-project" / "source").resolve())
    assert info.value.message.startswith("no such folder; ")


def test_without_fallback_an_incomplete_locale_is_refused_and_named(tmp_path):
    project = brochure.init(tmp_path / "p")
    brochure.update(project, locales=["fr"])
    result = brochure.build(project, locales=["fr"], layouts=["a4-leaflet"], jobs=1)
    assert not result.ok and "0% translated" in str(result.failed[0].error)
    assert "not printed" in str(result.failed[0].error)


def test_output_option_puts_pdfs_elsewhere_and_quiet_prints_nothing(tmp_path, capsys):
    project = brochure.init(tmp_path / "p")
    out = tmp_path / "elsewhere"
    assert main(["--project", str(project.root), "build", "-q", "-o", str(out), "--layout", "a4-leaflet",
                 "-j", "1"]) == 0
    assert (out / "article" / "en" / "a4-leaflet.pdf").is_file() and not (project.root / "output").exists()
    assert capsys.readouterr().out == ""


def test_update_warns_and_stats_shows_a_script_without_font(tmp_path, capsys):
    project = brochure.init(tmp_path / "p")
    assert main(["--project", str(project.root), "update", "--locale", "km"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "locale km is written in the Khmr script, which has no font" in err
    assert main(["--project", str(project.root), "stats"]) == 0
    assert "none for the Khmr script" in capsys.readouterr().out


@pytest.mark.parametrize("command, name", [
    ([sys.executable, "-m", "brochure"], "python -m brochure"),
    ([sys.executable, str(REPO / "make_brochure.py")], "make_brochure.py"),
])
def test_program_name_in_help_and_version(command, name):
    version = subprocess.run([*command, "--version"], cwd=REPO, capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"{name} {brochure.__version__}"
    usage = subprocess.run([*command, "build", "--help"], cwd=REPO, capture_output=True, text=True, check=True)
    assert usage.stdout.startswith(f"usage: {name} build")


def test_installed_script_name(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/venv/bin/make-brochure", "--version"])
    with pytest.raises(SystemExit):
        main()
    assert capsys.readouterr().out.strip() == f"make-brochure {brochure.__version__}"
