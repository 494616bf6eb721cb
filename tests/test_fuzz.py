"""A bounded fuzz test (issue 10): seeded mutations of a catalog, a layout and the source, run
through the real command line. Whatever the input: no traceback, no "internal error", no hang,
nothing under locales/ source/ layouts/ changed by a build, and the previous PDF intact after
every refusal. Seeded, so a failure reproduces; the seed and the case are in the message."""

from __future__ import annotations

import hashlib
import random
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from brochure.cli import INTERNAL_ERROR, main

SEED = 20261202
CASE_LIMIT = 60  # seconds: a hang guard, far above any real case (a few tenths of a second)
# What hostile or careless editing puts into a file.
SNIPPETS = ["\u202e", "\u2066", "\u2069", "\u200f", "\u00ad", "\ufeff", "\uffff", "\ufdd0", "\ue000", "\x00",
            "\x07", "\x85", "\u2028", "\U0001F600", "{page:d}", "{page:>1000000000}", "{", "}", "{pages!r}", "<b>",
            "<img src=\"/dev/zero\"/>", "&amp;", "**", "*", "\\", "\\q", "\"", "\n", "\n\n", "#~ ", "msgstr ",
            "msgid \"\"\n", "#, fuzzy\n", "5–2", "7:1", "٣", "१", "[" * 50, "&a ", "*a", "!!python/object ",
            "- ", ": ", "0755", "no", "1e309", "-1", "\t", "x" * 30_000, "1" * 5_000, "9" * 400]


def mutate(data: str, rng: random.Random) -> str:
    """One to three edits: insert a snippet, delete, duplicate or swap lines, truncate."""
    for _ in range(rng.randint(1, 3)):
        lines = data.split("\n")
        op = rng.randrange(6)
        if op <= 1 or len(lines) < 3:
            i = rng.randrange(len(data) + 1)
            data = data[:i] + rng.choice(SNIPPETS) + data[i:]
        elif op == 2:
            i = rng.randrange(len(data))
            data = data[:i] + data[i + rng.randint(1, 20):]
        elif op == 3:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = "\n".join(lines)
        elif op == 4:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = "\n".join(lines)
        else:
            data = data[: rng.randrange(len(data))]
    return data


@contextmanager
def hang_guard(what: str):
    def hung(signum, frame):
        raise AssertionError(f"{what}: still running after {CASE_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(CASE_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in ("locales", "source", "layouts") for p in sorted((root / name).rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target, cases", [("locales/de/LC_MESSAGES/mini.po", 300),
                                           ("layouts/a4-leaflet.yaml", 100), ("source/mini.md", 100)])
def test_fuzzed_inputs_never_crash_hang_or_damage_anything(mini_project, capsys, target, cases):
    """Every case goes through `check` (the gates without rendering: parse, lint, checks, YAML);
    every tenth through a full `build` (a layout: `check` reads none, so its stage is called)."""
    root = mini_project.root
    build = ["--project", str(root), "build", "--locale", "de", "--layout", "a4-leaflet", "-j", "1"]
    check = ["--project", str(root), "check", "--locale", "de"]
    assert main(build) == 0
    pdf = mini_project.pdf_path("mini", "de", "a4-leaflet")
    path = root / target
    original = path.read_text(encoding="utf-8")
    rng = random.Random(f"{SEED}:{target}")
    slowest, refused, builds_refused = (0.0, -1), 0, 0
    for case in range(cases):
        good = pdf.read_bytes()
        mutated = mutate(original, rng)
        path.write_bytes(mutated.encode("utf-8", "surrogatepass"))
        before = _tree(root)
        capsys.readouterr()
        started = time.perf_counter()
        argv = build if case % 10 == 0 else check
        with hang_guard(f"{target} case {case} (seed {SEED})"):
            if target.startswith("layouts/") and argv is check:
                status = _load_layout(path, target)
            else:
                status = main(argv)
        slowest = max(slowest, (time.perf_counter() - started, case))
        err = capsys.readouterr().err
        where = f"{target} case {case} (seed {SEED}): {mutated[:200]!r}"
        assert status in (0, 1), where + err
        assert status != INTERNAL_ERROR and "internal error" not in err and "Traceback" not in err, where + err
        assert _tree(root) == before, where  # a build never writes into the project's inputs
        if status == 1 and argv is build:
            refused += 1
            builds_refused += 1
            assert pdf.read_bytes() == good, where  # a refused build leaves the previous PDF as it was
            assert err.strip(), where  # and says why
        elif status == 1:
            refused += 1
        path.write_text(original, encoding="utf-8")
    print(f"{target}: {cases} cases, {refused} refused ({builds_refused} builds), slowest case {slowest[1]} "
          f"{slowest[0]:.2f} s")
    # the seeded cases did reach both branches: refusals (so the checks of a refused build above
    # ran) and inputs still accepted (so a gate refusing everything would not pass)
    assert 0 < builds_refused and 0 < refused < cases, (refused, builds_refused)


def _load_layout(path: Path, shown: str) -> int:
    """The layout stage alone: a clear refusal (1) or a layout (0); anything else propagates."""
    from brochure.errors import BrochureError
    from brochure.layouts import load_layout

    try:
        load_layout(path, shown)
    except BrochureError as exc:
        print(exc, file=__import__("sys").stderr)
        return 1
    return 0
