#!/usr/bin/env python3
"""How long `watch` takes from a saved .po to its PDFs rewritten (not a test: timings are noisy).

    python3 bench/watch.py [--saves N] [--interval SECONDS]

Runs `make_brochure.py watch` on a throw-away copy of the project for one locale (de) and the
three single-sheet layouts, waits for the first build, then saves the German catalog N times
(a translator comment appended, so its content changes) and measures, from outside the process,
the time from each save to all three PDFs rewritten. The figure includes the polling interval.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC, LOCALE = "als-stem-cells", "de"
LAYOUTS = ("a4-leaflet", "a4-large-print", "letter-leaflet")


def _wait(paths: list[Path], after_ns: int, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not all(p.exists() and p.stat().st_mtime_ns > after_ns for p in paths):
        if time.monotonic() > end:
            raise SystemExit(f"watch did not rewrite {', '.join(p.name for p in paths)} in {timeout:.0f} s")
        time.sleep(0.005)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=9)
    parser.add_argument("--interval", type=float, default=0.05, help="watch's polling interval")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for folder in ("source", "locales", "layouts", "fonts"):
            shutil.copytree(REPO / folder, project / folder)
        po = project / "locales" / LOCALE / "LC_MESSAGES" / f"{DOC}.po"
        pdfs = [project / "output" / DOC / LOCALE / f"{layout}.pdf" for layout in LAYOUTS]
        watch = subprocess.Popen(
            [sys.executable, str(REPO / "make_brochure.py"), "watch", "--project", str(project), "--doc", DOC,
             "--locale", LOCALE, "--layout", *LAYOUTS, "--interval", str(args.interval), "-q"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            _wait(pdfs, 0)
            time.sleep(1.0)
            text, times = po.read_text(encoding="utf-8"), []
            for n in range(args.saves):
                saved = time.time_ns()
                po.write_text(f"{text}\n# bench/watch.py save {n}\n", encoding="utf-8")
                start = time.perf_counter()
                _wait(pdfs, saved)
                times.append(time.perf_counter() - start)
                time.sleep(1.0)
        finally:
            watch.terminate()
            watch.wait()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"save → {len(LAYOUTS)} PDFs rewritten ({LOCALE}, polling every {args.interval:g} s): "
          f"median {statistics.median(times):.2f} s, range {min(times):.2f}–{max(times):.2f} s, "
          f"n = {len(times)}; load average {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
