"""The shipped project built for real and read back from the PDFs."""

import gc
import importlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from brochure import catalogs
from brochure.charpolicy import BIDI_MARKS
from brochure.source import read_document

from conftest import REPO
from pdfread import fold, fonts, render_page, text

A4 = (595.28, 841.89)
LOCALES = ["en"] + sorted(p.parent.parent.name for p in (REPO / "locales").glob("*/LC_MESSAGES/als-stem-cells.po"))


@pytest.fixture(scope="module")
def article():
    return read_document(REPO / "source" / "als-stem-cells.md", "source/als-stem-cells.md")


def _translations(locale, article):
    if locale == "en":
        return {b.text: b.text for b in article.translatable()}
    po = catalogs.read_catalog(REPO / "locales" / locale / "LC_MESSAGES" / "als-stem-cells.po")
    return {b.text: po.catalog.get(b.text, context=b.kind).string for b in article.translatable()}


# Text extraction is exact in every script (the engine maps every glyph to its text, in logical
# order), once the right-to-left marks the engine writes after a left-to-right run ("ALS\u200f",
# README "The text layer") are taken out: they are invisible and not in the catalog.
# Written without spaces between words (or, in Thai, between most): a line break inside a heading
# comes back as a space, so there whitespace is ignored.
UNSPACED = {"ja", "th", "zh_Hans"}
NO_BIDI_MARKS = dict.fromkeys(map(ord, BIDI_MARKS))


@pytest.mark.parametrize("locale", LOCALES)
def test_headings_title_and_references_are_in_the_pdf(built_real, article, locale):
    pdf = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
    content = fold(text(pdf).translate(NO_BIDI_MARKS))  # a mark between two lines (flowable.line_bridge) leaves two spaces
    translated = _translations(locale, article)
    for block in article.blocks:
        if block.kind != "heading":
            continue
        heading = translated[block.text].translate(NO_BIDI_MARKS)
        if locale in UNSPACED:
            assert re.sub(r"\s", "", heading) in re.sub(r"\s", "", content), heading
        else:
            assert fold(heading) in content, heading
    for ref in article.references:
        assert f"{ref.number}. " + " ".join(ref.text.split()[:3]) in content
    reader = PdfReader(pdf)
    assert reader.metadata.title == translated[article.title.text]
    assert reader.metadata.author == "ANOVA Institute for Regenerative Medicine"
    assert reader.trailer["/Root"]["/Lang"] == locale.replace("_", "-")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_font_is_embedded_and_page_size_is_a4(built_real, locale):
    pdf = built_real.pdf_path("als-stem-cells", locale, "a4-leaflet")
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert not any("Helvetica" in name for name in used)
    for page in PdfReader(pdf).pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
        assert tuple(round(float(v), 2) for v in page.trimbox) == (0, 0, *A4)


def test_reference_appendix_starts_on_its_own_page(built_real):
    reader = PdfReader(built_real.pdf_path("als-stem-cells", "de", "a4-leaflet"))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    first_ref_page = next(i for i, t in enumerate(pages) if "1. Wijesekera" in t)
    assert first_ref_page > 0
    body_last = pages[first_ref_page - 1]
    assert "Literatur" not in body_last
    assert pages[first_ref_page].split("Seite")[0].strip().startswith("Literatur")
    assert "Über diese Broschüre" in pages[-1] and "27. November 2026" in pages[-1]
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1]


def test_colophon_names_language_translator_and_date(built_real):
    fr = text(built_real.pdf_path("als-stem-cells", "fr", "a4-leaflet"))
    assert "27 novembre 2026" in fr and "français" in fr
    assert "Traduction Traduction automatique (IA), pas encore relue sur le plan médical" in fr  # not "Claude (AI model)"
    en = text(built_real.pdf_path("als-stem-cells", "en", "a4-leaflet"))
    assert "November 27, 2026" in en and "Translation" not in en.split("About this leaflet")[1]


@pytest.mark.parametrize("layout", ["a4-leaflet", "letter-leaflet"])
def test_the_colophon_date_is_printed_on_one_line(built_real, layout):
    """The value column holds the date whole: "27 de noviembre de / 2026" (es, pt_BR, so) and
    "27. November / 2026" (de) wrapped in it, the labels now break between their words instead."""
    from brochure.localetext import long_date

    date = read_document(REPO / "source" / "als-stem-cells.md").date
    wrapped = []
    for locale in sorted(p.name for p in (REPO / "locales").iterdir() if p.is_dir()):
        want = " ".join(long_date(date, locale).split())  # "2026\u202fг." reads back with a space
        if not any(want in line for line in _last_page_lines(built_real.pdf_path("als-stem-cells", locale, layout))):
            wrapped.append((locale, want))
    assert wrapped == []


def _last_page_lines(path) -> list[str]:
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    return [" ".join("".join(ch for ch in line if ch not in BIDI_MARKS).split())
            for page in pages[-2:] for line in page.extract_text().splitlines()]


def test_first_page_has_the_coloured_title_band(built_real):
    image = render_page(built_real.pdf_path("als-stem-cells", "en", "a4-leaflet"))
    width, height = image.size
    r, g, b = image.getpixel((width // 2, int(height * 0.02)))
    assert b > 120 and r < 60, (r, g, b)  # accent blue at the top edge
    r, g, b = image.getpixel((2, int(height * 0.6)))
    assert min(r, g, b) > 240  # white margin below the band


def test_builds_are_byte_identical(built_real):
    """Rendered again (--force: the build cache would otherwise skip the render), every file
    of a locale, the imposed sheets included, has the same bytes."""
    from brochure.cli import main

    files = sorted(p for p in (built_real.root / "output" / "als-stem-cells" / "es").iterdir() if p.suffix == ".pdf")
    assert len(files) >= 4  # three layouts and the imposed booklet
    before = {p: p.read_bytes() for p in files}
    times = {p: p.stat().st_mtime_ns for p in files}
    assert main(["--project", str(built_real.root), "build", "--locale", "es", "--force"]) == 0
    assert all(p.stat().st_mtime_ns != times[p] for p in files)  # really written again
    assert {p: p.read_bytes() for p in files} == before


def _children(parent: int) -> set[int]:
    """Live processes whose parent is ``parent`` (zombies are gone for this purpose)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_workers_end_when_the_build_is_killed(tmp_path):
    """kill -9 (or a SIGTERM, which Python does not catch) of a parallel build: its pool's workers
    used to wait on their queue for ever, holding a CI job's output pipes open."""
    script = ("import os, sys, time\n"
              "from brochure.build import _pool\n"
              "pool = _pool(2)\n"
              "pool.submit(os.getpid).result()\n"
              "pool.submit(time.sleep, 600)\n"
              "print('ready', flush=True)\n"
              "time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE)
    workers: set[int] = set()
    try:
        assert proc.stdout.readline().strip() == b"ready"
        workers = _children(proc.pid)
        assert len(workers) == 2
        proc.kill()
        proc.wait()
        for _ in range(200):  # a liveness wait, not a timing claim: they end at once, or never
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _slow_work(marks, doc, locale, names, *_):
    """A stand-in for ``build.work`` (module level: the pool sends it to the workers by name)."""
    Path(marks, f"{doc}-{locale}").touch()
    time.sleep(0.2)
    return []


def test_a_build_stopped_early_does_not_run_its_queued_tasks(tmp_path, monkeypatch):
    """Ctrl-C reaches the workers too; a SIGINT to the build alone (a supervisor, `timeout -s INT`)
    stopped it only after the workers had rendered every queued locale, whose PDFs were then
    thrown away (10 locales × 2 layouts, -j 2: exit 7.5 s after the signal, no PDF written since)."""
    build = importlib.import_module("brochure.build")  # the module; `brochure.build` is also the API's function

    monkeypatch.setattr(build, "work", _slow_work)
    tasks = [("doc", f"l{i}", ("a4",)) for i in range(20)]
    run = build._local((str(tmp_path),), tasks, None, False, 2)
    assert next(run)[3] == []  # the first task ran in a worker
    run.close()  # what an exception in the consumer (KeyboardInterrupt) does to the generator
    started = len(list(tmp_path.iterdir()))
    assert started < len(tasks) // 2, f"{started} of {len(tasks)} tasks ran after the build stopped"


@pytest.mark.skipif(sys.platform == "win32", reason="advisory locks are POSIX's")
def test_a_second_build_into_the_same_output_folder_is_refused_while_one_runs(mini_project, capsys):
    """Two builds at once into one folder (cron and a translator's watch, two CI jobs) left the
    German A4 leaflet without the translator's edit while the build cache recorded it as built
    from the edited catalog: every later build said 'unchanged' until --force."""
    import fcntl

    from brochure.cli import main

    folder = mini_project.output_dir
    folder.mkdir(parents=True)
    with open(folder / ".build.lock", "a") as other:  # what a running build holds
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["--project", str(mini_project.root), "build", "-j", "1"]) == 1
        assert "output: another build is writing to this output folder; run one at a time" in capsys.readouterr().err
        assert not mini_project.pdf_path("mini", "de", "a4-leaflet").exists()
    assert main(["--project", str(mini_project.root), "build", "-j", "1"]) == 0




@pytest.fixture(scope="module")
def one_locale_run(tmp_path_factory):
    """A fresh process's one-locale build (`make_brochure.py build --locale de --layout a4-leaflet`,
    issue 14's "fresh process" run): the modules it imported, and the generation of every garbage
    collection from the start of the command to the end of the process."""
    out = tmp_path_factory.mktemp("one-locale")
    script = ("import gc, os, sys\n"
              "from brochure.cli import main\n"
              "gc.callbacks.append(lambda phase, info: phase == 'stop' and "
              "os.write(2, f\"collected generation {info['generation']}\\n\".encode()))\n"
              f"sys.argv = ['make_brochure.py', '--project', {str(REPO)!r}, '-o', {str(out)!r}, '-q', 'build', "
              "'--force', '-j', '1', '--doc', 'als-stem-cells', '--locale', 'de', '--layout', 'a4-leaflet']\n"
              "code = main()\n"
              "print(code, *sorted(sys.modules))\n")
    # run in the repository, as make_brochure.py is: `-c` puts the working folder first on sys.path,
    # so the tree under test is imported even where the package is not installed (CI's matrix)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    code, *modules = proc.stdout.split()
    assert code == "0" and (out / "als-stem-cells" / "de" / "a4-leaflet.pdf").is_file()
    collections = [int(line.split()[-1]) for line in proc.stderr.splitlines() if line.startswith("collected")]
    return collections, set(modules)

# Modules a fresh one-locale build must not import: each cost its import time on every such
# run (issue 14) for work the build does not do.
NOT_IMPORTED_BY_A_BUILD = {
    "rapidfuzz": "the fuzzy match of `update` (catalogs._closest) and the translation memory",
}


def test_a_one_locale_build_imports_only_what_it_uses(one_locale_run):
    _, modules = one_locale_run
    loaded = {name.split(".")[0] for name in modules} & NOT_IMPORTED_BY_A_BUILD.keys()
    assert not loaded, {name: NOT_IMPORTED_BY_A_BUILD[name] for name in loaded}


def test_a_one_locale_build_walks_no_kept_object_for_garbage(one_locale_run):
    """A fresh process's one-locale build makes the objects it keeps (modules, fonts, catalogs,
    the text engine's caches): the collections of the older generations walked them again and
    freed next to nothing (17 of the middle one and 2 full ones, the last as the process exits:
    ~10 % of the run's CPU). Young collections (of the last ~700 objects made) are left."""
    collections, _ = one_locale_run
    assert [generation for generation in collections if generation > 0] == []


def test_a_build_process_collects_garbage_again_from_its_second_document_and_locale(monkeypatch):
    """The collector is paused for a process's first (document, locale) only: a `build -j 1` of
    many locales, or a worker, that goes on collects as usual."""
    build = importlib.import_module("brochure.build")  # the module; `brochure.build` is also the API's function

    seen = []
    monkeypatch.setattr(build, "_last_locale", [None])
    monkeypatch.setattr(build, "_paused", [False])
    monkeypatch.setattr(build, "_worker_inputs", lambda *args: None)
    monkeypatch.setattr(build, "_worker_prepare", lambda *args: None)
    monkeypatch.setattr(build, "run_job", lambda *args: seen.append(gc.isenabled()) or build.JobResult(*args[1:4]))
    monkeypatch.setattr("brochure.hyphenation.remember", lambda: None)
    try:
        build.pause_collector()
        for locale in ("de", "de", "fr"):
            build.work(None, (), (), "doc", locale, ("a4-leaflet",), build.Policy(), False)
    finally:
        gc.enable()
    assert seen == [False, True, True]
