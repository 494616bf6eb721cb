#!/usr/bin/env python3
"""Benchmark of the build, run side by side in one session (not a test: timings are noisy).

    python3 bench/bench.py [--quick] [--out bench/results.md]

Measures on a throw-away copy of the project: cold full build of every locale × layout,
no-op rebuild, one-.po-change rebuild (each as a whole `make_brochure.py build` process,
median of several runs), the warm in-process render of the English A4 brochure, and a
scale series with synthetic locales (copies of the shipped catalogs) at 1, 4, 16 and 64
locales, reporting wall time, pages/s and peak memory per worker, and the translation checks
on maximal hostile messages. Writes a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DOC = "als-stem-cells"  # the shipped article: the figures below are measured on it


def copy_project(target: Path) -> Path:
    for name in ("source", "locales", "layouts", "fonts"):
        shutil.copytree(REPO / name, target / name)
    return target


def timed(cmd: list[str], runs: int, before=None) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - start)
        if done.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
        out = done.stdout
    return statistics.median(times), out


def job_seconds(summary: str) -> float:
    total = 0.0
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[4] == "built" and parts[5].endswith("s"):  # document locale layout pages …
            total += float(parts[5][:-1])
    return total


def warm_render(project: Path, runs: int) -> float:
    from brochure.build import Policy, load_inputs, prepare
    from brochure.project import Project
    from brochure.render import render_pdf

    inputs = load_inputs(Project(project), [DOC], ["a4-leaflet"])
    edition, fonts, script = prepare(inputs, DOC, "en", Policy())
    layout = inputs.layouts["a4-leaflet"]
    for _ in range(3):
        render_pdf(edition, layout, fonts, script)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_pdf(edition, layout, fonts, script)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def watch_rebuild(project: Path, runs: int) -> float:
    """One .po saved while `make_brochure.py watch` runs: the warm in-process rebuild."""
    from brochure.build import Watcher
    from brochure.project import Project

    p = Project(project)
    watcher = Watcher(p, [(DOC, "en"), *((DOC, ll) for ll in p.locales(DOC))], p.layouts())
    watcher.step()
    po = p.po_path(DOC, "de")
    original = po.read_text(encoding="utf-8")
    times = []
    for n in range(runs):
        po.write_text(original + f"\n# watch edit {n}\n", encoding="utf-8")
        start = time.perf_counter()
        watcher.step()
        times.append(time.perf_counter() - start)
    po.write_text(original, encoding="utf-8")
    return statistics.median(times)


HOSTILE = ["a" * 20000, "1" * 20000, "a1" * 10000, "1." * 10000, "a." * 10000 + "@"]


def hostile_checks() -> float:
    """Every translation check on one 20 000-character message: the slowest of the hostile
    inputs of tests/test_checks.py (a regex that backtracks quadratically shows here)."""
    from brochure.checks import CHECKS, Unit

    worst = 0.0
    for hostile in HOSTILE:
        start = time.perf_counter()
        for check in CHECKS:
            check.function(Unit("About 100,000 people (1.6:1) are affected.", hostile, "fr"))
        worst = max(worst, time.perf_counter() - start)
    return worst


def scale(project: Path, count: int, jobs: int) -> dict:
    """`count` synthetic Latin-script locales (copies of the German catalog), A4 leaflet only."""
    from babel.localedata import locale_identifiers

    from brochure.build import Policy, build_all
    from brochure.project import Project

    root = Path(tempfile.mkdtemp(prefix=f"bench-scale{count}-"))
    for name in ("source", "layouts", "fonts"):
        shutil.copytree(project / name, root / name)
    codes = [c for c in sorted(locale_identifiers()) if c.startswith("en_") and c.count("_") == 1
             and (c[3:].isupper() or c[3:].isdigit())][:count]
    german = (project / f"locales/de/LC_MESSAGES/{DOC}.po").read_text(encoding="utf-8")
    for code in codes:
        target = root / "locales" / code / "LC_MESSAGES" / f"{DOC}.po"
        target.parent.mkdir(parents=True)
        target.write_text(german.replace('"Language: de\\n"', f'"Language: {code}\\n"'), encoding="utf-8")
    start = time.perf_counter()
    results = build_all(Project(root), [(DOC, code) for code in codes], ["a4-leaflet"], Policy(), jobs=jobs,
                        force=True)
    wall = time.perf_counter() - start
    assert all(r.ok for r in results), [str(r.error) for r in results if not r.ok][:3]
    pages = sum(r.pages for r in results)
    shutil.rmtree(root)
    return {"locales": count, "wall": wall, "pages": pages, "pages_s": pages / wall,
            "peak_mb": max(r.peak_mb for r in results)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a shorter scale series")
    parser.add_argument("--out", default=str(REPO / "bench" / "results.md"))
    args = parser.parse_args()
    runs = 2 if args.quick else 3
    cores = len(os.sched_getaffinity(0))
    project = copy_project(Path(tempfile.mkdtemp(prefix="bench-")))
    cli = [sys.executable, str(REPO / "make_brochure.py"), "--project", str(project)]
    subprocess.run([*cli, "build", "-j", "1"], capture_output=True, check=True)  # warm caches (hyphenation)

    serial, serial_out = timed([*cli, "build", "--force", "-j", "1"], 1)
    render_sum = job_seconds(serial_out)
    cold, cold_out = timed([*cli, "build", "--force"], runs)
    pdfs = cold_out.count(" built ")
    pages = sum(int(line.split()[3]) for line in cold_out.splitlines()
                if len(line.split()) == 6 and line.split()[4] == "built")
    noop, _ = timed([*cli, "build"], runs * 2)
    po = project / f"locales/de/LC_MESSAGES/{DOC}.po"
    original = po.read_text(encoding="utf-8")
    flip = {"n": 0}

    def change_po():
        flip["n"] += 1
        po.write_text(original + f"\n# benchmark edit {flip['n']}\n", encoding="utf-8")

    one_po, one_out = timed([*cli, "build"], runs, before=change_po)
    rebuilt = one_out.count(" built ")
    warm = warm_render(project, 15 if args.quick else 30)
    watched = watch_rebuild(project, runs * 2)
    checks = hostile_checks()
    series = [scale(project, n, cores) for n in ((1, 4, 16) if args.quick else (1, 4, 16, 64))]

    ideal = render_sum / cores
    rows = [
        ("in-process render, English A4 (warm, median)", f"{warm * 1000:.1f} ms", "≤ 20 ms"),
        (f"cold full build, {pdfs} PDFs / {pages} pages, -j {cores}", f"{cold:.2f} s",
         f"≤ 1.5 × {ideal:.2f} s = {1.5 * ideal:.2f} s (ratio {cold / ideal:.2f})"),
        ("  serial build (-j 1): sum of per-job times (render, imposition, OutputIntent)", f"{render_sum:.2f} s",
         "the pure rendering time"),
        ("no-op rebuild (whole process)", f"{noop:.2f} s", "< 0.5 s"),
        (f"one .po changed (whole process; {rebuilt} PDFs rebuilt)", f"{one_po:.2f} s", "< 1 s"),
        ("one .po changed, `watch` running (warm process)", f"{watched:.2f} s", "< 1 s"),
        ("every check on one 20 000-character message (slowest hostile input)", f"{checks * 1000:.0f} ms",
         "< 2 s"),
    ]
    lines = [f"# Benchmark ({time.strftime('%Y-%m-%d')}, {platform.machine()}, {cores} cores, "
             f"Python {platform.python_version()})", "",
             "Medians of repeated runs on a shared, noisy machine; each build is a whole process "
             "unless marked in-process.", "", "| measurement | result | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", f"Scale series (synthetic Latin locales, A4 leaflet, -j {cores}, in-process):", "",
              "| locales | wall time | pages | pages/s | peak memory per worker |", "|---|---|---|---|---|"]
    lines += [f"| {s['locales']} | {s['wall']:.2f} s | {s['pages']} | {s['pages_s']:.1f} | {s['peak_mb']:.0f} MB |"
              for s in series]
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(project)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
