"""Parallel and incremental builds: stable order, skipped work, nothing stale."""

import os

from brochure.cli import main

PO = "locales/de/LC_MESSAGES/mini.po"


def _run(project, *args):
    return main(["--project", str(project.root), *args])


def _pdfs(project):
    return sorted(project.output_dir.glob("*/*/*.pdf"))


def test_parallel_and_serial_builds_give_the_same_bytes_in_the_same_order(mini_project, capsys):
    assert _run(mini_project, "build", "-j", "1", "--force") == 0
    serial_out = capsys.readouterr().out
    serial = {p: p.read_bytes() for p in _pdfs(mini_project)}
    assert _run(mini_project, "build", "-j", "2", "--force") == 0
    parallel_out = capsys.readouterr().out
    assert {p: p.read_bytes() for p in _pdfs(mini_project)} == serial
    lines = lambda out: [line for line in out.splitlines() if line.startswith("output/mini/")]
    assert lines(serial_out) == lines(parallel_out) == ["output/mini/en/a4-leaflet.pdf  1 page",
                                                       "output/mini/de/a4-leaflet.pdf  1 page"]


def test_one_locale_shares_its_layouts_out_to_workers_forked_prepared(mini_project, capsys, monkeypatch):
    """One .po edited: fewer locales than workers. The locale is prepared once here, and its
    layouts are built by forked workers side by side: the same bytes, in the same order, as
    one process builds them."""
    import importlib
    import shutil

    from conftest import REPO

    build = importlib.import_module("brochure.build")  # the module (the package exports a build function)

    shutil.copy(REPO / "layouts" / "letter-leaflet.yaml", mini_project.root / "layouts" / "letter-leaflet.yaml")
    args = ("--locale", "de", "--layout", "a4-leaflet", "letter-leaflet", "--force")
    assert _run(mini_project, "build", "-j", "1", *args) == 0
    serial_out = capsys.readouterr().out
    serial = {p: p.read_bytes() for p in _pdfs(mini_project)}
    shared, original = [], build._shared_out
    monkeypatch.setattr(build, "_shared_out", lambda *a: shared.append(original(*a)) or shared[-1])
    assert _run(mini_project, "build", "-j", "2", *args) == 0
    parallel_out = capsys.readouterr().out
    assert [[names for *_, names in tasks] for tasks in shared] == [[("a4-leaflet",), ("letter-leaflet",)]]
    assert {p: p.read_bytes() for p in _pdfs(mini_project)} == serial
    lines = lambda out: [line.split()[0] for line in out.splitlines() if line.startswith("output/mini/")]
    assert lines(serial_out) == lines(parallel_out) == ["output/mini/de/a4-leaflet.pdf",
                                                       "output/mini/de/letter-leaflet.pdf"]


def test_a_process_keeps_the_fonts_of_one_locale_at_a_time(tmp_path, capsys):
    """One process building several locales (-j 1, as a pool worker does) releases a locale's
    faces and laid-out text when it goes on to the next (``brochure.text.release``): after ar,
    de, he, hi and zh_Hans only the last one's faces (and the Latin face its word spaces are
    measured with) are alive. Before, every face stayed: ja, ko, zh_Hans after de held 239 MB.
    The PDF of a locale built after others is the one a process building it alone writes."""
    import gc
    import subprocess
    import sys

    from conftest import FIXTURES, REPO, _copy_project

    from reportlab.pdfbase import pdfmetrics

    from brochure.text.fontfile import Face

    project = _copy_project(FIXTURES / "emphasis", tmp_path / "emphasis")
    assert _run(project, "build", "-j", "1") == 0
    built = [line.split("/")[2] for line in capsys.readouterr().out.splitlines() if line.startswith("output/")]
    assert built[-1] == "zh_Hans" and {"ar", "he", "hi"} <= set(built)
    gc.collect()
    alive = {face.path.name for face in gc.get_objects() if isinstance(face, Face)}
    assert alive and all(name.startswith(("BrochureCJKSC-", "NotoSans-")) for name in alive), alive
    # ReportLab, which keeps what it parses, holds only the Latin face (it draws none of the text)
    assert not [name for name in pdfmetrics.getRegisteredFontNames() if name.startswith("Brochure")]
    after_others = project.pdf_path("emphasis", "zh_Hans", "a4-leaflet").read_bytes()
    subprocess.run([sys.executable, str(REPO / "make_brochure.py"), "--project", str(project.root), "build",
                    "--locale", "zh_Hans", "--force", "-j", "1", "-q"], check=True, cwd=REPO)
    assert project.pdf_path("emphasis", "zh_Hans", "a4-leaflet").read_bytes() == after_others


def test_a_no_op_rebuild_touches_no_pdf(mini_project, capsys):
    assert _run(mini_project, "build") == 0
    stamps = {p: p.stat().st_mtime_ns for p in _pdfs(mini_project)}
    capsys.readouterr()
    assert _run(mini_project, "build") == 0
    out = capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in _pdfs(mini_project)} == stamps
    assert "0 built, 2 unchanged, 0 failed" in out and "(unchanged)" in out


def test_editing_one_catalog_rebuilds_only_that_locale(mini_project, capsys):
    assert _run(mini_project, "build") == 0
    english = mini_project.pdf_path("mini", "en", "a4-leaflet").stat().st_mtime_ns
    path = mini_project.root / PO
    path.write_text(path.read_text(encoding="utf-8").replace('"Erster Abschnitt"', '"Erster Teil"'),
                    encoding="utf-8")
    capsys.readouterr()
    assert _run(mini_project, "build") == 0
    assert "1 built, 1 unchanged, 0 failed" in capsys.readouterr().out
    assert mini_project.pdf_path("mini", "en", "a4-leaflet").stat().st_mtime_ns == english
    from pdfread import text

    assert "Erster Teil" in text(mini_project.pdf_path("mini", "de", "a4-leaflet"))


def test_same_bytes_with_a_new_time_stamp_are_not_a_change(mini_project, capsys):
    """Keys are content hashes: touching a file does not rebuild."""
    assert _run(mini_project, "build") == 0
    path = mini_project.root / PO
    os.utime(path, (1, 1))
    capsys.readouterr()
    assert _run(mini_project, "build") == 0
    assert "0 built, 2 unchanged" in capsys.readouterr().out


def test_layout_source_and_force_each_invalidate(mini_project, capsys):
    assert _run(mini_project, "build") == 0
    layout = mini_project.root / "layouts/a4-leaflet.yaml"
    layout.write_text(layout.read_text().replace("  top: 20\n", "  top: 21\n"))
    capsys.readouterr()
    assert _run(mini_project, "build") == 0
    assert "2 built, 0 unchanged" in capsys.readouterr().out
    source = mini_project.root / "source/mini.md"
    source.write_text(source.read_text().replace("## First section", "## First section!"))
    assert _run(mini_project, "extract") == 0 and _run(mini_project, "update") == 0
    capsys.readouterr()
    assert _run(mini_project, "build", "--fallback-source", "--min-complete", "90") == 0
    assert "2 built, 0 unchanged" in capsys.readouterr().out
    assert _run(mini_project, "build", "--fallback-source", "--min-complete", "90", "--force") == 0
    assert "2 built, 0 unchanged" in capsys.readouterr().out


def test_a_deleted_pdf_is_rebuilt_and_previews_follow_their_pdf(mini_project, capsys):
    assert _run(mini_project, "build", "--previews") == 0
    preview = mini_project.preview_path("mini", "de", "a4-leaflet")
    assert preview.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    mini_project.pdf_path("mini", "de", "a4-leaflet").unlink()
    capsys.readouterr()
    assert _run(mini_project, "build") == 0  # without previews: the old one would lie
    assert "1 built, 1 unchanged" in capsys.readouterr().out
    assert mini_project.pdf_path("mini", "de", "a4-leaflet").exists() and not preview.exists()


def test_watch_rebuilds_only_what_was_saved(mini_project):
    from brochure.build import Watcher

    watcher = Watcher(mini_project, [("mini", "en"), ("mini", "de")], ["a4-leaflet"])
    first = watcher.step()
    assert first is not None and all(r.ok for r in first)
    assert watcher.step() is None  # nothing saved since
    path = mini_project.root / PO
    path.write_text(path.read_text(encoding="utf-8").replace('"Erster Abschnitt"', '"Erster Teil"'),
                    encoding="utf-8")
    second = watcher.step()
    assert [(r.locale, r.skipped) for r in second] == [("en", True), ("de", False)]


def test_watch_command_rebuilds_on_save_and_stops_on_ctrl_c(mini_project):
    import signal
    import subprocess
    import sys
    import time

    from conftest import REPO

    # Ctrl-C as a terminal sends it. A suite started in the background by a non-interactive shell
    # (`bash -c '… &'`, some CI runners) passes SIGINT on ignored, and Python then leaves it so: the
    # watcher never heard it and the test hung 30 s. The child takes the default handler first.
    argv = [str(REPO / "make_brochure.py"), "--project", str(mini_project.root), "watch", "--locale", "de",
            "--interval", "0.1"]
    start = (f"import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
             f"sys.argv = {argv!r}; runpy.run_path(sys.argv[0], run_name='__main__')")
    proc = subprocess.Popen([sys.executable, "-c", start],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert "watching 1 document × locale pair(s)" in proc.stderr.readline()  # first build done
        path = mini_project.root / PO
        path.write_text(path.read_text(encoding="utf-8").replace('"Erster Abschnitt"', '"Erster Teil"'),
                        encoding="utf-8")
        deadline = time.monotonic() + 30
        lines = []
        while time.monotonic() < deadline and len(lines) < 2:
            line = proc.stdout.readline()
            if line.startswith("output/mini/de/a4-leaflet.pdf"):
                lines.append(line)
        assert len(lines) == 2  # built at start, and again after the save
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0


def test_large_files_are_hashed_once_and_a_rewrite_keeping_size_and_time_is_still_a_change(mini_project, capsys,
                                                                                         monkeypatch):
    """Fonts keep their digest between runs (keyed by size, times and inode), but a font rewritten
    in place with its size and modification time put back is hashed again and rebuilds."""
    from brochure import cache

    assert _run(mini_project, "build") == 0
    hashed = []
    sha = cache._sha
    monkeypatch.setattr(cache, "_sha", lambda data: hashed.append(len(data)) or sha(data))
    capsys.readouterr()
    assert _run(mini_project, "build") == 0
    assert "0 built, 2 unchanged" in capsys.readouterr().out
    assert hashed and max(hashed) < cache.REMEMBER_FROM  # the 26 MB of fonts were not read again
    font = mini_project.root / "fonts/BrochureArabic-Regular.ttf"  # large, in the key, drawn by neither locale
    assert font.stat().st_size >= cache.REMEMBER_FROM
    before, data = font.stat(), bytearray(font.read_bytes())
    data[-1] ^= 1
    font.write_bytes(bytes(data))
    os.utime(font, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert font.stat().st_size == before.st_size and font.stat().st_mtime_ns == before.st_mtime_ns
    assert _run(mini_project, "build") == 0
    assert "2 built, 0 unchanged" in capsys.readouterr().out


def test_the_library_versions_in_the_key_are_those_importlib_metadata_reads(tmp_path, monkeypatch):
    """Every build key holds the versions of the libraries that shape the output. They are read
    from the dist-info folders' names (importlib.metadata cost a fresh process ~25 ms): the same
    versions it reads from each METADATA, the first folder on sys.path winning as it does; a
    library installed another way (an .egg-info) is still asked of importlib.metadata."""
    from importlib import metadata

    from brochure import cache

    def installed(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "none"

    assert cache.library_versions() == {name: installed(name) for name in cache._LIBRARIES}
    (tmp_path / "Python_Bidi-99.1.dist-info").mkdir()  # spelled as older installers did
    egg = tmp_path / "brochure_probe.egg-info"
    egg.mkdir()
    (egg / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: brochure-probe\nVersion: 3.2.1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cache, "_LIBRARIES", (*cache._LIBRARIES, "brochure-probe", "brochure-absent"))
    versions = cache.library_versions()
    assert (versions["python-bidi"], versions["brochure-probe"], versions["brochure-absent"]) == ("99.1", "3.2.1",
                                                                                                 "none")
    assert list(versions) == list(cache._LIBRARIES)
