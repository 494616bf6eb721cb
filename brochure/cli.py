"""Command line: the only module that prints or chooses exit codes.

    make_brochure.py                 extract, update, build every document × locale × layout
    make_brochure.py extract         source/<doc>.md → locales/<doc>.pot
    make_brochure.py update          <doc>.pot → locales/<ll>/LC_MESSAGES/<doc>.po (+ translation memory)
    make_brochure.py build           → output/<doc>/<ll>/<layout>.pdf
    make_brochure.py stats           translated / fuzzy / untranslated and review status; document × locale table
    make_brochure.py check           QA of every translation against its source (and source lint)
    make_brochure.py preflight       print-shop checks of every produced PDF
    make_brochure.py proof           bilingual review PDF per locale
    make_brochure.py watch           rebuild on every save, in a warm process
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import signal
import sys
from pathlib import Path

from . import __version__, api
from .build import JobResult, job_name, pause_collector
from .errors import BrochureError
from .layouts import NAME, page_count
from .project import Project

_verbosity = 1  # 0 with -q (errors and warnings only), 2 with -v


def _say(text: str, level: int = 1) -> None:
    """A result line on stdout, unless -q (or, for level 2, unless -v)."""
    if _verbosity >= level:
        print(text, flush=True)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    global _verbosity
    entry = argv is None  # the process's own command line (make_brochure.py, make-brochure): it ends with main
    parser = _parser(prog)
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0].startswith("-") and not {"-h", "--help", "--version"} & set(argv) \
            and not any(word in _COMMANDS for word in argv):
        argv = ["all", *argv]  # no command: the whole pipeline, with the options given (`--doc x`)
    args = parser.parse_args(argv)
    if args.command is None:  # a command's name was an option's value (`--project build`)
        args = parser.parse_args([*argv, "all"])
    _verbosity = 1 + args.verbose - args.quiet
    if args.command == "init":
        return cmd_init(args)
    command = args.command
    previous = _on_sigterm(_terminated)
    try:
        project = api.project_of(args.project, args.output)
        if entry and command == "build":
            pause_collector()
        return _COMMANDS[command](project, args)
    except BrochureError as exc:
        _error(exc)
        return 1
    except BrokenPipeError:  # `make_brochure.py stats | head`: the reader left, not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("stopped (interrupted); files are written whole or not at all", file=sys.stderr)
        return 130
    except _Terminated:
        print("stopped (SIGTERM); files are written whole or not at all", file=sys.stderr)
        return 128 + signal.SIGTERM
    except Exception as exc:  # the last resort: a bug of ours, never a traceback in the user's face
        where = _origin(exc)
        said = " ".join(str(exc).split())[:200]  # one line, whatever the exception carries
        print(f"internal error ({type(exc).__name__}: {said}{where}); please report this with the "
              f"command you ran — no input file should ever cause it", file=sys.stderr)
        return INTERNAL_ERROR
    finally:
        _on_sigterm(previous)
        if entry:  # the process ends: a last full collection as it exits would walk every object for nothing
            gc.freeze()


class _Terminated(BaseException):
    """SIGTERM (a CI timeout, `docker stop`, a supervisor): ends the command as Ctrl-C does, so
    that a file being written is removed, not left half-written as a hidden temporary file, and
    the exit code (143) says why. Without it Python died at once, silently."""


def _terminated(signum, frame) -> None:
    raise _Terminated


def _on_sigterm(handler):
    """Set the SIGTERM handler of the main thread (tests call ``main`` from other threads too)."""
    import threading

    if threading.current_thread() is not threading.main_thread() or handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)


INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h)
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}")
_LAYOUT = NAME  # also a document name (a source file's stem)


def _origin(exc: BaseException) -> str:
    """`` at brochure/x.py:12`` — the innermost frame of ours, for the report."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "brochure" in f.filename]
    return f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""


def locale_arg(value: str) -> str:
    """A --locale value: a locale code such as de, pt_BR, zh_Hans — checked before it names a folder."""
    if len(value) > 35 or not _LOCALE.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value[:40]!r}{'…' if len(value) > 40 else ''} is not a locale code "
                                         "like de, pt_BR or zh_Hans")
    return value


def _without_extension(value: str, option: str, extension: str) -> None:
    """``--doc x.md`` or ``--layout x.yaml``: the name is the file's without its extension."""
    name = value.replace("\\", "/").rsplit("/", 1)[-1]
    if name.endswith(extension) and len(name) > len(extension):
        raise argparse.ArgumentTypeError(f"'{value[:40]}': give the name alone, without a folder or '{extension}' "
                                         f"({option} {name[:-len(extension)][:40]})")


def layout_arg(value: str) -> str:
    """A --layout value: a file name in layouts/ without .yaml, no folders."""
    _without_extension(value, "--layout", ".yaml")
    if not _LAYOUT.fullmatch(value) or ".." in value:
        raise argparse.ArgumentTypeError(f"{value[:40]!r}{'…' if len(value) > 40 else ''} is not a layout name "
                                         "(letters, digits, . _ -, at most 64 characters; see layouts/)")
    return value


def doc_arg(value: str) -> str:
    """A --doc value: a source file's stem in source/ (checked before it names a file)."""
    _without_extension(value, "--doc", ".md")
    if not _LAYOUT.fullmatch(value) or ".." in value:
        raise argparse.ArgumentTypeError(f"{value[:40]!r}{'…' if len(value) > 40 else ''} is not a document name "
                                         "(the name of a source/NAME.md file)")
    return value


class _Names(argparse.Action):
    """A list of names (--locale, --layout, --doc) that a repeated option adds to, each name kept
    once in the order first given: `--locale de de` checked and reported every file twice, and
    built each PDF twice at once; `--locale de --locale fr` kept fr alone."""

    def __call__(self, parser, namespace, values, option_string=None):
        earlier = getattr(namespace, self.dest, None) or []
        setattr(namespace, self.dest, list(dict.fromkeys([*earlier, *values])))


def _doc_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--doc", nargs="+", action=_Names, metavar="NAME", type=doc_arg,
                        help="only these documents (source/NAME.md; repeatable; default: all)")


def _common_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """Options every command takes, before or after the command's name."""
    def default(value):
        return value if defaults else argparse.SUPPRESS

    parser.add_argument("--project", default=default("."), metavar="DIR",
                        help="project folder with source/ and locales/; layouts/ and fonts/ are optional "
                             "(default: the current folder)")
    parser.add_argument("-o", "--output", default=default(None), metavar="DIR",
                        help="where PDFs and reports go (default: PROJECT/output)")
    parser.add_argument("-q", "--quiet", action="count", default=default(0),
                        help="print only errors and warnings")
    parser.add_argument("-v", "--verbose", action="count", default=default(0),
                        help="print more detail (times, memory, unchanged files)")


class _SubParsers(argparse._SubParsersAction):
    """Every command also takes the common options (`make-brochure build -q`)."""

    def add_parser(self, name, **kwargs):
        parser = super().add_parser(name, **kwargs)
        _common_options(parser, defaults=False)
        return parser


def _program_name() -> str:
    """The name the user typed: the installed `make-brochure` or the repository's script."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name in ("make-brochure", "make-brochure.exe") else "make_brochure.py"


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or _program_name(),
        description="Translated, print-ready patient brochures from Markdown articles. "
                    "Without a command: extract, update, build (with previews) and preflight everything.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common_options(parser, defaults=True)
    parser.register("action", "parsers", _SubParsers)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new project folder (source template, layouts to edit)",
                       description="Create DIR with source/article.md (front matter and a sample text to "
                                   "replace), layouts/ copied from the program so they can be edited, and an "
                                   "empty locales/. Fonts come from the program unless DIR/fonts/ exists.")
    p.add_argument("directory", metavar="DIR", help="the new project folder (must not exist or be empty)")

    p = sub.add_parser("extract", help="write locales/<doc>.pot from each source article",
                       description="Extract every heading, paragraph, list item and label of each source article "
                                   "source/<doc>.md into locales/<doc>.pot. A file is left untouched when nothing "
                                   "changed.")
    _doc_option(p)
    p = sub.add_parser("update", help="merge each <doc>.pot into its catalogs (msgmerge semantics, translation memory)",
                       description="Merge locales/<doc>.pot into locales/<ll>/LC_MESSAGES/<doc>.po: "
                                   "unchanged translations kept, changed strings fuzzy with the previous msgid, "
                                   "removed strings kept as obsolete #~ entries. Messages still untranslated are "
                                   "pre-filled from the other documents' catalogs of the same locale (translation "
                                   "memory; see memory.yaml). Naming a locale that has no .po yet creates it.")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg,
                   help="only these locales (new ones are created)")
    _doc_option(p)

    for name, help_text in (("build", "render PDFs for locales × layouts"),
                            ("all", "extract, update, build (with previews) and preflight (the default)")):
        p = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg,
                       help="only these locales (default: all, and the source)")
        p.add_argument("--layout", nargs="+", action=_Names, metavar="NAME", type=layout_arg,
                       help="only these layouts (default: all in layouts/)")
        p.add_argument("--min-complete", type=float, default=None, metavar="PCT",
                       help="print a locale only if at least PCT%% of its messages are translated and not fuzzy "
                            "(default: 100, or 0 with --fallback-source)")
        p.add_argument("--fallback-source", action="store_true",
                       help="print missing or fuzzy messages in the source language (the colophon says so); "
                            "alone it prints a locale however incomplete")
        p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="render in N worker processes (default: the number of cores)")
        p.add_argument("--force", action="store_true",
                       help="rebuild every PDF, even those whose inputs are unchanged")
        p.add_argument("--previews", action=argparse.BooleanOptionalAction, default=(name == "all"),
                       help="also write output/<doc>/<ll>/<layout>-preview.png, a contact sheet of all pages "
                            "(default: on for the whole pipeline, off for build)")
        p.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="where jobs run: a local process pool (default) or a dask.distributed cluster "
                            "(the 'dask' extra; with --scheduler)")
        p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="the dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
        _doc_option(p)

    p = sub.add_parser("watch", help="rebuild as soon as the source, a .po or a layout is saved",
                       description="Build, then keep watching source/, the catalogs and layouts/ and rebuild "
                                   "what changed, in one warm process (about a third of a second for one "
                                   "locale). Stop with Ctrl-C.")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg,
                   help="only these locales (default: all, and the source)")
    p.add_argument("--layout", nargs="+", action=_Names, metavar="NAME", type=layout_arg, help="only these layouts (default: all)")
    p.add_argument("--interval", type=float, default=0.5, metavar="SECONDS", help="how often to look (default 0.5)")
    p.add_argument("--previews", action="store_true", help="also write the preview PNGs")
    _doc_option(p)

    p = sub.add_parser("stats", help="translated / fuzzy / untranslated counts and review status; document × locale",
                       description="Per catalog: translated, fuzzy and untranslated messages, percent translated, and "
                                   "the review status from the X-Machine-Translation and X-Reviewed-By headers; then "
                                   "a table of documents × locales (percent translated, '-' where no translation "
                                   "was started).")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg, help="only these locales (default: all)")
    _doc_option(p)

    p = sub.add_parser("check", help="QA of translations (numbers, markup, URLs, glyphs…) and source lint",
                       description="Check every locale's translations against their source strings and lint the "
                                   "source article. Prints path:line: severity[check]: message; exit 1 on any "
                                   "error (with --strict also on warnings).")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg, help="only these locales (default: all)")
    p.add_argument("--json", metavar="FILE", help="also write the findings as JSON to FILE ('-' for stdout)")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    _doc_option(p)

    p = sub.add_parser("proof", help="bilingual review PDF per locale: source and translation side by side",
                       description="Write output/<doc>/<ll>/proof.pdf for translators and the clinic's medical "
                                   "reviewer: every message with its context and catalog line, English and "
                                   "translation side by side, fuzzy/untranslated entries, check and glossary "
                                   "findings highlighted. Exit 1 only when a catalog cannot be read.")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg, help="only these locales (default: all)")
    p.add_argument("--layout", default=None, metavar="NAME", type=layout_arg,
                   help="layout whose type sizes and colours the proof uses (default: the first office layout)")
    _doc_option(p)

    p = sub.add_parser("preflight", help="print-shop checks of the produced PDFs",
                       description="Check every produced PDF against its layout: fonts embedded and subset, "
                                   "TrimBox/BleedBox, crop marks, page count, the imposed sides' page order, "
                                   "colour space, actions, Title and /Lang, smallest text size. One line per check "
                                   "per file; a JSON report is written to output/preflight.json. Exit 1 when a "
                                   "check fails.")
    p.add_argument("--locale", nargs="+", action=_Names, metavar="LL", type=locale_arg, help="only these locales (default: all)")
    p.add_argument("--layout", nargs="+", action=_Names, metavar="NAME", type=layout_arg, help="only these layouts (default: all)")
    p.add_argument("--json", metavar="FILE", help="where to write the JSON report (default: output/preflight.json)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="check in N worker processes (default: the number of cores)")
    _doc_option(p)
    return parser


def _error(exc: BrochureError) -> None:
    print(f"error: {exc}" if not exc.path else str(exc), file=sys.stderr)


def cmd_init(args) -> int:
    try:
        project = api.init(args.directory)
    except BrochureError as exc:
        _error(exc)
        return 1
    _say(f"{project.root}: new project; edit source/article.md, then run "
         f"`update --locale LL` and `build` in that folder")
    return 0


def cmd_extract(project: Project, args) -> int:
    results = api.extract(project, args.doc)
    _say_templates(project, results)
    return 0 if all(result.ok for result in results) else 1


def _say_templates(project: Project, results, level: int = 1) -> None:
    for result in results:
        if not result.ok:
            _error(result.error)
            continue
        _say(f"{project.rel(result.path)}: {result.total} messages ({result.messages} of the article, the rest "
             f"front matter and labels), {'written' if result.written else 'unchanged'}", level=level)


def cmd_update(project: Project, args) -> int:
    result = api.update(project, args.locale, args.doc)
    # `all` has printed the templates (and a broken source's error) with its extract step
    _say_templates(project, [t for t in result.templates if t.ok or not getattr(args, "extracted", False)], level=2)
    for item in result.catalogs:
        if not item.ok:
            _error(item.error)
            continue
        memory = f", {item.prefilled} pre-filled from the translation memory" if item.prefilled else ""
        _say(f"{project.rel(item.path)}: {item.state}; {item.stats.translated} translated, {item.stats.fuzzy} fuzzy, "
             f"{item.stats.untranslated} untranslated, {item.obsolete} obsolete{memory}")
    prefilled = sum(item.prefilled for item in result.catalogs)
    if prefilled:
        _say(f"translation memory: {prefilled} message(s) pre-filled; review them (fuzzy entries are not printed)")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0 if result.ok else 1


def cmd_build(project: Project, args) -> int:
    seen_errors: set[str] = set()
    bar = _ProgressBar() if sys.stderr.isatty() and _verbosity > 0 else None

    def report(result: JobResult) -> None:
        if bar:
            bar.clear()
        if result.ok:
            note = "  (unchanged)" if result.skipped else ""
            detail = f"  {result.seconds:.2f}s, {result.peak_mb:.0f} MB" if _verbosity > 1 and not result.skipped else ""
            _say(f"{project.rel(result.path)}  {page_count(result.pages)}{note}{detail}")
        else:
            text = str(result.error)
            if text not in seen_errors:  # one broken .po fails every layout of its locale: say it once
                seen_errors.add(text)
                print(f"{text}", file=sys.stderr, flush=True)
            print(f"{job_name(result.doc, result.locale, result.layout)}: FAILED", file=sys.stderr, flush=True)

    executor = _executor(args)
    try:
        built = api.build(project, args.locale, args.layout, args.min_complete, args.fallback_source,
                          jobs=args.jobs, force=args.force, previews=args.previews, on_result=report,
                          progress=bar.show if bar else lambda d, t: None, docs=args.doc, executor=executor)
    finally:
        if executor is not None:
            executor.close()
    if bar:
        bar.clear()
    results = built.pdfs
    _say(_summary(results))
    for path in built.left_over:  # a warning, not a failure: the folder is the user's to clear
        print(f"warning: {project.rel(path)} is left from an earlier build: its document, catalog or layout is "
              "gone; delete it before publishing the folder", file=sys.stderr)
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"{len(failed)} of {len(results)} PDFs failed", file=sys.stderr)
    return 1 if failed else 0


def _executor(args):
    if getattr(args, "executor", "local") != "dask":
        if getattr(args, "scheduler", None):
            raise BrochureError("--scheduler needs --executor dask")
        return None
    from .executors import DaskExecutor

    return DaskExecutor(args.scheduler, workers=args.jobs)


class _ProgressBar:
    """A one-line bar on a terminal's stderr; logs and CI get the plain result lines only."""

    def show(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _summary(results: list[JobResult]) -> str:
    rows = [("document", "locale", "layout", "pages", "status", "time")]
    for r in results:
        rows.append((r.doc, r.locale, r.layout, str(r.pages) if r.ok else "-", r.status,
                     "-" if r.skipped or not r.seconds else f"{r.seconds:.2f}s"))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["  ".join(cell.ljust(w) if i < 3 or i == 4 else cell.rjust(w) for i, (cell, w) in
                       enumerate(zip(row, widths))).rstrip() for row in rows]
    built = sum(1 for r in results if r.ok and not r.skipped)
    skipped = sum(1 for r in results if r.skipped)
    return "\n".join(lines) + f"\n{built} built, {skipped} unchanged, {len(results) - built - skipped} failed"


def cmd_watch(project: Project, args) -> int:
    import time

    from .build import Watcher

    targets = api.targets(project, args.doc, args.locale)
    watcher = Watcher(project, targets, args.layout or project.layouts(), previews=args.previews)

    def report(result: JobResult) -> None:
        if result.ok and not result.skipped:
            print(f"{project.rel(result.path)}  {page_count(result.pages)}  ({result.seconds:.2f}s)", flush=True)
        elif not result.ok:
            print(str(result.error), file=sys.stderr, flush=True)

    try:
        while True:
            try:
                if watcher.step(report) is not None:
                    print(f"watching {len(targets)} document × locale pair(s); Ctrl-C to stop", file=sys.stderr,
                          flush=True)
            except BrochureError as exc:  # a broken layout or source: say so and keep watching
                _error(exc)
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def cmd_all(project: Project, args) -> int:
    status = cmd_extract(project, args)
    status |= cmd_update(project, argparse.Namespace(locale=None, doc=args.doc, extracted=True))  # (extracts again: unchanged)
    status |= cmd_build(project, args)
    status |= cmd_preflight(project, argparse.Namespace(locale=args.locale, layout=args.layout, json=None,
                                                         quiet=True, doc=args.doc, jobs=args.jobs))
    return status


def cmd_check(project: Project, args) -> int:
    from . import checks

    result = api.check(project, args.locale, args.doc)  # an unreadable catalog is an error finding like any other
    findings = result.findings
    out = sys.stderr if args.json == "-" else sys.stdout  # `--json -`: stdout holds the JSON only
    for finding in findings:
        print(finding, file=out)
    report = checks.report(findings)
    errors, warnings, waived = report["errors"], report["warnings"], report["waived"]
    print(f"{errors} error(s), {warnings} warning(s), {waived} waived", file=sys.stderr)
    if args.json:
        _write_json(args.json, report, project.rel(Path(args.json)))
    return 1 if errors or (args.strict and warnings) else 0


def cmd_preflight(project: Project, args) -> int:
    from .preflight import report

    result = api.preflight(project, args.doc, args.locale, args.layout, getattr(args, "jobs", None))
    for exc in result.unreadable:  # their PDFs went unchecked
        _error(exc)
    for finding in result.findings:
        if not getattr(args, "quiet", False) or finding.blocking:
            print(finding)
    target = args.json or str(project.output_dir / "preflight.json")
    shown = target if target == "-" else project.rel(Path(target))
    _write_json(target, report(result.findings, result.unreadable), shown)
    summary = _preflight_summary(len(result.files), len(result.failed), result.unreadable)
    print(f"preflight: {summary}; report: {shown}", file=sys.stdout if result.passed else sys.stderr)
    return 0 if result.passed else 1


def _preflight_summary(files: int, bad: int, unreadable: list[BrochureError]) -> str:
    """"2 of 3 PDFs passed"; a layout that could not be read is named first: its PDFs were not
    checked at all (it said "0 of 0 PDFs passed")."""
    if not unreadable:
        return f"{files - bad} of {files} PDFs passed"
    layouts = ", ".join(e.path or "" for e in unreadable)
    said = f"{layouts} could not be read; the PDFs of {'its layout' if len(unreadable) == 1 else 'these layouts'} " \
           "were not checked"
    return f"{said}; {files - bad} of {files} PDFs of the other layouts passed" if files else said


def cmd_proof(project: Project, args) -> int:
    def report(proof: api.Proof) -> None:
        if not proof.ok:
            _error(proof.error)
            return
        found = len(proof.findings) + len(proof.glossary)
        glossary_note = f", {len(proof.glossary)} glossary" if proof.glossary else ""
        print(f"{project.rel(proof.path)}  {found} finding(s){glossary_note}, {proof.errors} error(s)")

    result = api.proof(project, args.doc, args.locale, args.layout, on_result=report)
    return 0 if result.ok else 1


def _write_json(target: str, data, shown: str) -> None:
    """``data`` as JSON to the file ``target`` (``-``: stdout), named as ``shown`` if it cannot be written."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        from .fsutil import atomic_write

        atomic_write(target, text.encode("utf-8"), shown)


def cmd_stats(project: Project, args) -> int:
    result = api.stats(project, args.doc, args.locale)
    width = max(len("document"), *(len(d) for d in result.docs))
    # as wide as its longest value, which "none for the Khmr script" filled up to the review
    font_width = max([len("font")] + [len(_font_column(row)) for row in result.rows if not row.error])
    print(f"{'document':{width}} {'locale':10} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'waived':>6} "
          f"{'done':>6}  {'font':{font_width}}  review")
    done: dict[tuple[str, str], str] = {}
    said: set[str] = set()  # a font error shared by the locales of a script: said once
    for row in result.rows:
        if row.error:
            _error(row.error)
            done[(row.doc, row.locale)] = "error"
            continue
        if row.font_error and str(row.font_error) not in said:
            said.add(str(row.font_error))
            _error(row.font_error)
        if row.missing_glyph:  # the character the column's "missing glyph" is about, and where
            print(row.missing_glyph, file=sys.stderr)
        stats = row.stats
        done[(row.doc, row.locale)] = f"{stats.percent:.0f}%"
        print(f"{row.doc:{width}} {row.locale:10} {stats.translated:>10} {stats.fuzzy:>6} {stats.untranslated:>9} "
              f"{row.waived:>6} {stats.percent:>5.0f}%  {_font_column(row):{font_width}}  {row.review.status()}")
    print()
    print(_matrix(result.docs, sorted({locale for _, locale in done}), done))
    return 0 if result.ok else 1


def _font_column(row: api.StatsRow) -> str:
    """As build reads the fonts and gates the catalog: "ok" only where build could print the
    locale's script and every character of the catalog."""
    if row.font_error:
        return "error"
    if row.missing_script:
        return f"none for the {row.missing_script} script"
    return "missing glyph" if row.missing_glyph else "ok"


def _matrix(docs: list[str], locales: list[str], cells: dict[tuple[str, str], str]) -> str:
    """Documents × locales: percent translated, '-' where no translation was started."""
    rows = [["document", *locales]] + [[doc, *(cells.get((doc, ll), "-") for ll in locales)] for doc in docs]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(row, widths))).rstrip() for row in rows)


_COMMANDS = {"init": cmd_init, "extract": cmd_extract, "update": cmd_update, "build": cmd_build, "all": cmd_all, "stats": cmd_stats,
             "check": cmd_check, "preflight": cmd_preflight, "proof": cmd_proof, "watch": cmd_watch}


if __name__ == "__main__":
    raise SystemExit(main())
