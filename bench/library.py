"""Bench a leaflet library: the 2 real documents + D synthetic ones × 13 locales × 3 layouts (not a test).

    python3 bench/library.py --docs 50 -j 2        # the issue's library: 52 documents, 2,028 PDFs
    python3 bench/library.py --docs 4 -j 2         # what this 2-core shared machine can afford

The project holds the two shipped documents (`als-stem-cells`, `consultation`) with their
catalogs, plus D synthetic ones: each is the `consultation` sheet with its own document code (so
every job has its own source hash and its own PDFs), with the same catalogs copied for it. Only
the issue's 13 locales are built (en + the 12 translated first), so figures compare across runs
as the shipped locales grow. Measures on a copy of the project: the cold build, a no-op rebuild,
and a rebuild after one .po changed (a synthetic sheet's, then the article's) — whole processes,
as a user runs them, each with the load average before and after (the machine is shared) — the
peak memory, and the per-job time, from which it estimates what N workers (a dask cluster) would
take. Writes bench/library.md.
"""

from __future__ import annotations

import argparse
import os
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
REAL = ("als-stem-cells", "consultation")
SEED = "consultation"
# The 13 locales: en + the 12 translated first (the shipped library has more since).
LOCALES = ("ar", "de", "el", "es", "fr", "he", "hi", "pl", "ru", "tr", "uk", "zh_Hans")


def make_library(root: Path, docs: int) -> list[str]:
    """The real documents and ``docs`` synthetic ones, each with the catalogs of LOCALES;
    returns the document names."""
    for name in ("layouts", "fonts"):
        shutil.copytree(REPO / name, root / name)
    (root / "source").mkdir()
    seed = (REPO / "source" / f"{SEED}.md").read_text(encoding="utf-8")
    sources = {name: (REPO / "source" / f"{name}.md").read_text(encoding="utf-8") for name in REAL}
    for n in range(1, docs + 1):
        sources[f"leaflet-{n:03d}"] = re.sub(r'document_code: "[^"]*"', f'document_code: "SYN-{n:03d}"', seed)
    for name, text in sources.items():
        (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")
        catalog = name if name in REAL else SEED
        for locale in LOCALES:
            target = root / "locales" / locale / "LC_MESSAGES" / f"{name}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "locales" / locale / "LC_MESSAGES" / f"{catalog}.po", target)
    return list(sources)


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run(root: Path, *args: str) -> tuple[float, str, float, str]:
    """Wall time, stdout, the peak RSS (MB) of the largest child so far, and the load average
    before → after, of one whole process."""
    before, load_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, load()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "make_brochure.py"), "--project", str(root), *args],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed:\n{proc.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, proc.stdout, peak, f"{load_before} → {load()}"


def job_times(summary: str) -> dict[str, list[float]]:
    """Each document's job times (s) from build's summary table."""
    times: dict[str, list[float]] = {}
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[4] == "built" and parts[5].endswith("s"):
            times.setdefault(parts[0], []).append(float(parts[5][:-1]))
    return times


def touch_po(root: Path, doc: str) -> None:
    po = root / "locales" / "de" / "LC_MESSAGES" / f"{doc}.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(REPO / "bench" / "library.md"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-library-"))
    try:
        docs = make_library(root, args.docs)
        jobs = ["build", "-j", str(args.jobs), "--layout", "a4-leaflet", "a5-booklet", "letter-leaflet"]
        cold, out, peak, cold_load = run(root, *jobs)
        by_doc = job_times(out)
        noop, out_noop, _, noop_load = run(root, *jobs)
        assert "0 built" in out_noop, out_noop[-500:]
        changed = []
        for doc in [d for d in ("leaflet-001", REAL[0]) if d in docs]:
            touch_po(root, doc)
            wall, out_one, _, one_load = run(root, *jobs)
            assert "3 built" in out_one, out_one[-500:]
            changed.append((doc, wall, one_load))
    finally:
        shutil.rmtree(root)
    times = [t for doc_times in by_doc.values() for t in doc_times]
    pdfs, total = len(times), sum(times)
    real = {doc: by_doc[doc] for doc in REAL}
    synthetic = [t for doc, doc_times in by_doc.items() if doc not in REAL for t in doc_times]
    mean = statistics.mean(times)

    def stats(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} / {statistics.mean(values):.2f} / {max(values):.2f} s"

    lines = [
        "# Library bench (bench/library.py)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.python_version()}, "
        f"{len(os.sched_getaffinity(0))} cores shared with other people's work, `-j {args.jobs}`; "
        "load average (1 / 5 / 15 min) before → after each run.",
        "",
        f"{len(REAL)} real documents ({', '.join(REAL)}) + {args.docs} synthetic ones = {len(docs)} documents "
        f"× {len(LOCALES) + 1} locales (en + {len(LOCALES)}) × 3 layouts = {pdfs} PDFs.",
        "",
        "| measurement | result | load average |",
        "|---|---|---|",
        f"| cold build, whole process | {cold:.1f} s ({pdfs / cold:.2f} PDFs/s) | {cold_load} |",
        f"| no-op rebuild, whole process | {noop:.2f} s | {noop_load} |",
        *(f"| one .po changed (`{doc}`, de: 3 PDFs), whole process | {wall:.2f} s | {one_load} |"
          for doc, wall, one_load in changed),
        f"| job time (one PDF in its worker): median / mean / max | {stats(times)} | |",
        *(f"| … of `{doc}` ({len(values)} PDFs) | {stats(values)} | |" for doc, values in real.items()),
        f"| … of the synthetic sheets ({len(synthetic)} PDFs) | {stats(synthetic)} | |",
        f"| sum of job times | {total:.1f} s | |",
        f"| peak memory of the largest process | {peak:.0f} MB | |",
        "",
        f"Estimate: the {pdfs} jobs take {total:.0f} s of job time; on N single-threaded workers ≈ "
        f"{total:.0f} / N s plus the client's hashing and writing (≈ the no-op time, {noop:.1f} s): "
        + ", ".join(f"N={n}: {total / n + noop:.0f} s" for n in (2, 8, 32, 128))
        + ". (A dask task is one (document, locale): it prepares once, as here.)",
        "The job times were measured on a shared 2-core machine with other work running (see the load "
        "average); a worker's first job of a (document, locale) also prepares it (fonts, catalog, glyph "
        f"gate), which the mean ({mean:.2f} s) includes.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
