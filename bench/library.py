"""Bench a leaflet library: D synthetic documents × 13 locales × 3 layouts (not a test).

    python3 bench/library.py --docs 50 -j 2        # the issue's 1,950 PDFs
    python3 bench/library.py --docs 4 -j 2         # what this 2-core shared machine can afford

Each synthetic document is the shipped `consultation` sheet with its own document code (so every
job has its own source hash and its own PDFs), with the 12 shipped catalogs copied for it. Measures
on a copy of the project: the cold build, a no-op rebuild, and a rebuild after one .po changed (all
whole processes, as a user runs them), the peak memory per worker, and the per-job time, from
which it estimates what N workers (a dask cluster) would take. Writes bench/library.md.
"""

from __future__ import annotations

import argparse
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = "consultation"


def make_library(root: Path, docs: int) -> list[str]:
    for name in ("layouts", "fonts"):
        shutil.copytree(REPO / name, root / name)
    (root / "source").mkdir()
    text = (REPO / "source" / f"{SEED}.md").read_text(encoding="utf-8")
    locales = sorted(p.parent.parent.name for p in (REPO / "locales").glob(f"*/LC_MESSAGES/{SEED}.po"))
    names = []
    for n in range(1, docs + 1):
        name = f"leaflet-{n:03d}"
        names.append(name)
        (root / "source" / f"{name}.md").write_text(
            re.sub(r'document_code: "[^"]*"', f'document_code: "SYN-{n:03d}"', text), encoding="utf-8")
        for locale in locales:
            target = root / "locales" / locale / "LC_MESSAGES" / f"{name}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "locales" / locale / "LC_MESSAGES" / f"{SEED}.po", target)
    return locales


def run(root: Path, *args: str) -> tuple[float, str, float]:
    """Wall time, stdout and the peak RSS (MB) of the largest child, of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "make_brochure.py"), "--project", str(root), *args],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed:\n{proc.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, proc.stdout, peak


def job_times(summary: str) -> list[float]:
    times = []
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[4] == "built" and parts[5].endswith("s"):
            times.append(float(parts[5][:-1]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(REPO / "bench" / "library.md"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-library-"))
    try:
        locales = make_library(root, args.docs)
        jobs = ["build", "-j", str(args.jobs), "--layout", "a4-leaflet", "a5-booklet", "letter-leaflet"]
        cold, out, peak = run(root, *jobs)
        times = job_times(out)
        pdfs = len(times)
        noop, out_noop, _ = run(root, *jobs)
        assert "0 built" in out_noop, out_noop[-500:]
        po = root / "locales" / "de" / "LC_MESSAGES" / "leaflet-001.po"
        po.write_text(po.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
        one, out_one, _ = run(root, *jobs)
        assert "3 built" in out_one, out_one[-500:]
    finally:
        shutil.rmtree(root)
    total = sum(times)
    per_job = statistics.mean(times)
    issue = 50 * 13 * 3
    lines = [
        "# Library bench (bench/library.py)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.python_version()}, "
        f"{len(__import__('os').sched_getaffinity(0))} cores (shared), `-j {args.jobs}`.",
        "",
        f"{args.docs} synthetic documents × {len(locales) + 1} locales (en + {len(locales)}) × 3 layouts = {pdfs} PDFs.",
        "",
        "| measurement | result |",
        "|---|---|",
        f"| cold build, whole process | {cold:.1f} s ({pdfs / cold:.2f} PDFs/s) |",
        f"| no-op rebuild, whole process | {noop:.2f} s |",
        f"| one .po changed (3 PDFs), whole process | {one:.2f} s |",
        f"| job time (one PDF in its worker): mean / median / max | {per_job:.2f} / "
        f"{statistics.median(times):.2f} / {max(times):.2f} s |",
        f"| sum of job times | {total:.1f} s |",
        f"| peak memory of the largest process | {peak:.0f} MB |",
        "",
        f"Estimate for the issue's {issue} PDFs (50 documents): about {issue * per_job:.0f} s of job time; "
        f"on N single-threaded workers ≈ {issue * per_job:.0f} / N s plus the client's hashing and writing "
        f"(no-op time × 50/{args.docs} ≈ {noop * 50 / args.docs:.1f} s): "
        + ", ".join(f"N={n}: {issue * per_job / n + noop * 50 / args.docs:.0f} s" for n in (2, 8, 32, 128)) + ".",
        "The job times were measured on a shared 2-core machine with other work running; a worker's first "
        "job of a (document, locale) also prepares it (fonts, catalog, glyph gate), which the mean includes.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
