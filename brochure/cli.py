"""Command line: the only module that prints or chooses exit codes.

    make_brochure.py                 extract, update, build every locale × layout
    make_brochure.py extract         source → locales/brochure.pot
    make_brochure.py update          brochure.pot → locales/<ll>/LC_MESSAGES/brochure.po
    make_brochure.py build           → output/<ll>/<layout>.pdf
    make_brochure.py stats           translated / fuzzy / untranslated per locale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, catalogs
from .build import JobResult, Policy, build_all
from .errors import BrochureError
from .project import Project
from .source import read_document


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    if args.command is None:  # no command: the whole pipeline with default options
        args = parser.parse_args([*argv, "all"])
    project = Project(Path(args.project).resolve())
    command = args.command
    try:
        return _COMMANDS[command](project, args)
    except BrochureError as exc:
        _error(exc)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_brochure.py",
        description="Translated, print-ready patient brochures from one Markdown article. "
                    "Without a command: extract, update and build everything.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--project", default=".", metavar="DIR",
                        help="project folder with source/, locales/, layouts/, fonts/ (default: .)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("extract", help="write locales/brochure.pot from the source article",
                   description="Extract every heading, paragraph, list item and label of the source article "
                               "into locales/brochure.pot. The file is left untouched when nothing changed.")
    p = sub.add_parser("update", help="merge brochure.pot into every locale's .po (msgmerge semantics)",
                       description="Merge locales/brochure.pot into locales/<ll>/LC_MESSAGES/brochure.po: "
                                   "unchanged translations kept, changed strings fuzzy with the previous msgid, "
                                   "removed strings kept as obsolete #~ entries. Naming a locale that has no "
                                   ".po yet creates it.")
    p.add_argument("--locale", nargs="+", metavar="LL", help="only these locales (new ones are created)")

    for name, help_text in (("build", "render PDFs for locales × layouts"),
                            ("all", "extract, update and build (the default)")):
        p = sub.add_parser(name, help=help_text, description=help_text.capitalize() + ".")
        p.add_argument("--locale", nargs="+", metavar="LL", help="only these locales (default: all, and the source)")
        p.add_argument("--layout", nargs="+", metavar="NAME", help="only these layouts (default: all in layouts/)")
        p.add_argument("--min-complete", type=float, default=100.0, metavar="PCT",
                       help="print a locale only if at least PCT%% of its messages are translated and not fuzzy "
                            "(default: 100)")
        p.add_argument("--fallback-source", action="store_true",
                       help="print missing or fuzzy messages in the source language (the colophon says so)")

    sub.add_parser("stats", help="translated / fuzzy / untranslated counts per locale",
                   description="Per locale: translated, fuzzy and untranslated messages, and percent translated.")
    return parser


def _error(exc: BrochureError) -> None:
    print(f"error: {exc}" if not exc.path else str(exc), file=sys.stderr)


def cmd_extract(project: Project, args) -> int:
    source = project.source_path()
    document = read_document(source, project.rel(source))
    written = catalogs.write_template(project.template_path, catalogs.template(document))
    state = "written" if written else "unchanged"
    print(f"{project.rel(project.template_path)}: {len(document.translatable())} article messages, {state}")
    return 0


def cmd_update(project: Project, args) -> int:
    template = catalogs.read_catalog(project.template_path, project.rel(project.template_path))
    locales = args.locale or project.locales()
    failed = False
    for locale in locales:
        path = project.po_path(locale)
        shown = project.rel(path)
        try:
            if path.exists():
                merged = catalogs.update(catalogs.read_catalog(path, shown), template, locale)
                created = False
            else:
                merged = catalogs.new_po(template, locale)
                created = True
            written = catalogs.write_catalog(path, merged)
        except BrochureError as exc:
            _error(exc)
            failed = True
            continue
        stats = catalogs.stats(merged)
        state = "created" if created else ("updated" if written else "unchanged")
        print(f"{shown}: {state}; {stats.translated} translated, {stats.fuzzy} fuzzy, "
              f"{stats.untranslated} untranslated, {len(merged.catalog.obsolete)} obsolete")
    return 1 if failed else 0


def cmd_build(project: Project, args) -> int:
    source_language = _source_language(project)
    locales = args.locale or [source_language, *project.locales()]
    layouts = args.layout or project.layouts()
    if not layouts:
        raise BrochureError("no layouts (*.yaml) in layouts/", project.rel(project.layouts_dir))
    policy = Policy(args.min_complete, args.fallback_source)
    seen_errors: set[str] = set()

    def report(result: JobResult) -> None:
        if result.ok:
            print(f"{project.rel(result.path)}  {result.pages} pages", flush=True)
        else:
            text = str(result.error)
            if text not in seen_errors:  # one broken .po fails every layout of its locale: say it once
                seen_errors.add(text)
                print(f"{text}", file=sys.stderr, flush=True)
            print(f"{result.locale}/{result.layout}: FAILED", file=sys.stderr, flush=True)

    results = build_all(project, locales, layouts, policy, report)
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"{len(failed)} of {len(results)} PDFs failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_all(project: Project, args) -> int:
    status = cmd_extract(project, args)
    update_args = argparse.Namespace(locale=None)
    status |= cmd_update(project, update_args)
    status |= cmd_build(project, args)
    return status


def cmd_stats(project: Project, args) -> int:
    failed = False
    print(f"{'locale':10} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'done':>6}")
    for locale in project.locales():
        path = project.po_path(locale)
        try:
            stats = catalogs.stats(catalogs.read_catalog(path, project.rel(path)))
        except BrochureError as exc:
            _error(exc)
            failed = True
            continue
        print(f"{locale:10} {stats.translated:>10} {stats.fuzzy:>6} {stats.untranslated:>9} {stats.percent:>5.0f}%")
    return 1 if failed else 0


def _source_language(project: Project) -> str:
    source = project.source_path()
    return read_document(source, project.rel(source)).language


_COMMANDS = {"extract": cmd_extract, "update": cmd_update, "build": cmd_build, "all": cmd_all, "stats": cmd_stats}


if __name__ == "__main__":
    raise SystemExit(main())
