#!/usr/bin/env python3
"""Mutation testing of the guards that protect patients and translators (mutmut; not a test).

    python3 bench/mutation.py [--guard NAME …] [--minutes M] [--jobs N] [--out bench/mutation.md]

For each guard, mutmut changes its code one small edit at a time (an operator, a constant,
a string, a dropped argument…) and runs the tests chosen for that guard; a mutant that no
test notices ("survived") is a change to the guard that the suite would let through. Each
guard runs in a throw-away copy of the working tree (mutmut writes mutants/ there), with
only its own functions mutated and only its own tests run, bounded to --minutes; mutants
left when time runs out are counted as "not checked". Writes per-guard scores and every
survivor's diff to --out. Needs the bench extra: python3 -m pip install -e ".[bench]".

Run it after changing a guard or its tests, and before a release; it takes about
half an hour on a 2-core machine and is not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Guard:
    what: str
    files: tuple[str, ...]  # the modules mutmut may change
    functions: tuple[str, ...]  # mutant-name patterns (module.x_function, module.xǁClassǁmethod); () = all
    tests: tuple[str, ...]  # pytest arguments that select the guard's tests


GUARDS = {
    "catalogs": Guard(
        "`update` and its loss check (catalogs.py)", ("brochure/catalogs.py",),
        ("brochure.catalogs.x_update", "brochure.catalogs.x__translations", "brochure.catalogs.x__string",
         "brochure.catalogs.x__fuzzy_key"),
        ("tests/test_catalogs.py", "tests/test_update_property.py")),
    "catalog headers": Guard(
        "headers of new and updated catalogs (catalogs.new_po, _merge_headers)", ("brochure/catalogs.py",),
        ("brochure.catalogs.x_new_po", "brochure.catalogs.x__merge_headers"),
        ("tests/test_catalogs.py",)),
    "pofile": Guard(
        "the strict .po gate (pofile.py)", ("brochure/pofile.py",), (),
        ("tests/test_pofile.py", "tests/test_catalogs.py")),
    "glyph gate": Guard(
        "the glyph gate (build.check_glyphs, fonts.FontSet.missing)", ("brochure/build.py", "brochure/fonts.py"),
        ("brochure.build.x_check_glyphs", "brochure.build.x__gate", "brochure.build.x_faces_used",
         "brochure.fonts.xǁFontSetǁmissing"),
        ("tests/test_glyph_gate.py", "tests/test_cli.py", "-k", "glyph or character or checked")),
    "numbers": Guard(
        "number, range and ratio check (checks/numbers.py, units.py)", ("brochure/checks/numbers.py", "brochure/units.py"), (),
        ("tests/test_checks.py", "tests/test_safety.py", "tests/test_lint.py")),
    "markup": Guard(
        "inline markup (markup.py)", ("brochure/markup.py",), (),
        ("tests/test_markup.py", "tests/test_source.py")),
    "copyfit": Guard(
        "copyfit (render.render_fitted and its steps)", ("brochure/render.py",),
        ("brochure.render.x_render_fitted", "brochure.render.x__over_budget", "brochure.render.x__padded",
         "brochure.render.x__good", "brochure.render.x__tightened", "brochure.render.x__overflow_report"),
        ("tests/test_print.py", "-k", "copyfit or cannot_fit")),
}

ALSO_COPY = ["fonts", "locales", "layouts", "source", "make_brochure.py"]


def working_tree(target: Path) -> None:
    """The tracked files as they are on disk now (uncommitted edits included)."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in names.decode().split("\0"):
        if name and (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)


def configure(root: Path, guard: Guard) -> None:
    settings = {
        "source_paths": ["brochure"],
        # Each mutant's tests run in a process forked from a fork server that has only collected
        # the tests. mutmut's default ("fork") forks from the process that ran the whole suite
        # unmutated first, so every lru_cache (numbers.localized_value, _spans, _placed_*…) held
        # the right answers and a mutant reached only through a cached call survived unseen
        # (all 33 mutants of numbers._point_hint, whose hint test_checks.py checks).
        "process_isolation": "forkserver",
        "only_mutate": list(guard.files),
        "also_copy": ALSO_COPY,
        "pytest_add_cli_args": ["-p", "no:cacheprovider"],
        "pytest_add_cli_args_test_selection": list(guard.tests),
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in settings.items()]
    with open(root / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def run_guard(name: str, guard: Guard, minutes: float, jobs: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"mutation-{name.replace(' ', '-')}-"))
    try:
        working_tree(root)
        configure(root, guard)
        patterns = [f"{p}__mutmut_*" for p in guard.functions] or \
                   [f"{f[:-3].replace('/', '.')}.*" for f in guard.files]
        env = {**os.environ, "PYTHONPATH": str(root)}
        start = time.monotonic()
        proc = subprocess.Popen(["mutmut", "run", "--max-children", str(jobs), *patterns], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=minutes * 60)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            _, err = proc.communicate()
            finished = False
        seconds = time.monotonic() - start
        statuses = _statuses(root, patterns)
        if not statuses:
            raise SystemExit(f"{name}: mutmut produced no results:\n{err[-3000:]}")
        survivors = [m for m, s in sorted(statuses.items()) if s in ("survived", "no tests", "suspicious")]
        diffs = {m: _show(root, m, env) for m in survivors}
        return {"name": name, "what": guard.what, "statuses": statuses, "seconds": seconds,
                "finished": finished, "diffs": diffs}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _statuses(root: Path, patterns: list[str]) -> dict[str, str]:
    from fnmatch import fnmatch

    from mutmut.stats import status_by_exit_code

    out = {}
    for meta in (root / "mutants").rglob("*.meta"):
        for key, code in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).items():
            if any(fnmatch(key, p) for p in patterns):
                out[key] = status_by_exit_code[code]
    return out


def _show(root: Path, mutant: str, env: dict) -> str:
    done = subprocess.run(["mutmut", "show", mutant], cwd=root, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(("-", "+")) and
             not line.startswith(("---", "+++"))]
    return "\n".join(lines[:6])


def score(statuses: dict[str, str]) -> tuple[int, int, float]:
    killed = sum(1 for s in statuses.values() if s in ("killed", "timeout", "caught by type check"))
    checked = sum(1 for s in statuses.values() if s not in ("not checked", "skipped"))
    return killed, checked, 100.0 * killed / checked if checked else 0.0


def report(results: list[dict], jobs: int) -> str:
    lines = [f"# Mutation testing (mutmut; this machine, {jobs} cores, shared)", "",
             "Killed = a test failed on the mutant. Score = killed ÷ checked. Written by `bench/mutation.py`;",
             "the explanation of each survivor is in bench/mutation-notes.md.", "",
             "| guard | run | mutants | killed | survived | no tests | not checked | score | time |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        st = list(r["statuses"].values())
        killed, checked, pct = score(r["statuses"])
        lines.append(f"| {r['name']}: {r['what']} | {r.get('date', '')} | {len(st)} | {killed} | "
                     f"{st.count('survived')} | "
                     f"{st.count('no tests')} | {st.count('not checked')} | {pct:.1f} % | "
                     f"{r['seconds'] / 60:.1f} min{'' if r['finished'] else ' (bound hit)'} |")
    for r in results:
        if r["diffs"]:
            lines += ["", f"## Surviving mutants: {r['name']}", ""]
            for mutant, diff in r["diffs"].items():
                lines += [f"`{mutant}` ({r['statuses'][mutant]})", "", "```diff", diff, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guard", action="append", choices=sorted(GUARDS), help="only these guards (repeatable)")
    parser.add_argument("--minutes", type=float, default=8.0, help="time bound per guard (default 8)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="mutmut workers")
    parser.add_argument("--out", default=str(REPO / "bench" / "mutation.md"))
    args = parser.parse_args()
    if shutil.which("mutmut") is None:
        raise SystemExit('mutmut is not installed: python3 -m pip install -e ".[bench]"')
    # Guards not run this time keep their last results (kept beside the report as JSON).
    saved = Path(args.out).with_suffix(".json")
    results = {r["name"]: r for r in json.loads(saved.read_text(encoding="utf-8"))} if saved.exists() else {}
    for name in args.guard or list(GUARDS):
        result = run_guard(name, GUARDS[name], args.minutes, args.jobs)
        result["date"] = time.strftime("%Y-%m-%d %H:%M")
        killed, checked, pct = score(result["statuses"])
        print(f"{name}: {killed}/{checked} killed ({pct:.1f} %) in {result['seconds'] / 60:.1f} min", flush=True)
        results[name] = result
        ordered = [results[n] for n in GUARDS if n in results]
        saved.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        Path(args.out).write_text(report(ordered, args.jobs), encoding="utf-8")  # after each guard
    return 0


if __name__ == "__main__":
    sys.exit(main())
