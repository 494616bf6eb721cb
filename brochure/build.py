"""Jobs = (document, locale, layout): load, gate, render, write atomically; one failure never stops the others.

``build_all`` skips jobs whose inputs are unchanged (content hashes, ``cache``), runs the
rest in a process pool whose workers keep fonts, styles and parsed catalogs between jobs,
and reports results in a stable order (document, locale, then layout) as they become ready.
A job renders to bytes and the caller writes them, so a job can run in another process
or on another machine (``executor``).
ReportLab, pypdf and pypdfium2 are imported only when something is rendered, so a
no-op rebuild stays fast.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .cache import BuildCache, Digests
from .errors import BrochureError
from .fsutil import atomic_write
from .layouts import Layout, load_layout
from .model import Document
from .project import Project, builtin_catalog
from .source import read_document
from .xmp import build_date

if TYPE_CHECKING:  # imported where a job is prepared: a no-op build needs neither babel nor the catalogs
    from .catalogs import PoFile
    from .edition import Edition, Text


@dataclass(frozen=True)
class Policy:
    """What a locale must satisfy to be printed (see README, "Completeness")."""

    min_complete: float = 100.0  # percent of messages translated and not fuzzy
    fallback_source: bool = False  # print missing strings in the source language


@dataclass
class JobResult:
    """What one (document, locale, layout) job made: its PDF and page count, or the error."""

    doc: str
    locale: str
    layout: str
    path: Path | None = None
    pages: int = 0
    error: BrochureError | None = None
    skipped: bool = False  # unchanged inputs: the existing PDF was kept
    files: dict[str, bytes] = field(default_factory=dict, repr=False)  # kind → bytes, until written
    seconds: float = 0.0  # wall time of the job in its worker
    peak_mb: float = 0.0  # peak resident memory of the worker process so far

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "FAILED" if self.error else ("unchanged" if self.skipped else "built")


@dataclass
class Inputs:
    """Everything a run reads once and shares between jobs."""

    project: Project
    documents: dict[str, Document | BrochureError] = field(default_factory=dict)
    layouts: dict[str, Layout | BrochureError] = field(default_factory=dict)


def load_document(project: Project, doc: str) -> Document:
    source = project.source_path(doc)
    return read_document(source, project.rel(source))


def load_inputs(project: Project, docs: list[str], layout_names: list[str]) -> Inputs:
    """The documents and layouts of a run; a broken one becomes the error of its jobs."""
    inputs = Inputs(project)
    for doc in docs:
        try:
            inputs.documents[doc] = load_document(project, doc)
        except BrochureError as exc:
            inputs.documents[doc] = exc
    for name in layout_names:
        path = project.layout_path(name)
        try:
            if not path.is_file():
                raise BrochureError(f"no layout named '{name}' (have: {', '.join(project.layouts())})",
                                    project.rel(path))
            inputs.layouts[name] = load_layout(path, project.rel(path))
        except BrochureError as exc:
            inputs.layouts[name] = exc
    return inputs


def load_po(project: Project, doc: str, locale: str) -> PoFile:
    """The document's catalog for ``locale``."""
    from . import catalogs

    path = project.po_path(doc, locale)
    return catalogs.read_catalog(path, project.rel(path))


def builtin_labels(project: Project, doc: str, locale: str) -> PoFile | None:
    """The program's own translation of the labels (colophon, footer…) for ``locale``: the
    catalog shipped with the program, if it has one and it is not the project's own."""
    from . import catalogs

    path = builtin_catalog(locale)
    if path is None or path.resolve() == project.po_path(doc, locale).resolve():
        return None
    try:
        return catalogs.read_catalog(path, str(path))
    except BrochureError:
        return None


Prepared = tuple  # (Edition, FontSet, Script)


def prepare(inputs: Inputs, doc: str, locale: str, policy: Policy) -> Prepared:
    """Resolve and gate one document's text in one locale: the check gate, completeness,
    markup, glyph coverage."""
    from .edition import make_edition
    from .fonts import load_config, resolve

    project, document = inputs.project, inputs.documents[doc]
    if isinstance(document, BrochureError):
        raise document
    po = None if locale == document.language else load_po(project, doc, locale)
    config = load_config(project.fonts_dir, project.rel(project.fonts_dir))
    if po is not None:  # first, so that a refusal reads exactly as `check` words it
        check_gate(po, locale, resolve(config, project.fonts_dir, locale, ("regular", "bold"))[0])
    edition = make_edition(document, locale, po, builtin_labels(project, doc, locale) if po is not None else None)
    if po is not None:
        check_completeness(po, edition, policy)
    fonts, script = resolve(config, project.fonts_dir, locale, faces_used(edition))
    check_glyphs(edition, fonts, script)
    return edition, fonts, script


class GateError(BrochureError):
    """A catalog with check errors: every finding as ``check`` prints it, then one summary line."""

    def __init__(self, findings: tuple, message: str, path: str | None = None):
        super().__init__(message, path)
        self.findings = tuple(findings)

    def __reduce__(self):
        return (type(self), (self.findings, self.message, self.path))

    def __str__(self) -> str:
        return "\n".join([*(str(f) for f in self.findings), super().__str__()])


def check_gate(po: PoFile, locale: str, fonts) -> None:
    """The safety gate: a catalog with any ``check`` error (numbers, pairs, markup, placeholders,
    URLs, characters, glyphs…) is not printed. A reviewer's waiver under a current sign-off turns one finding into
    ``waived`` (see ``checks.waivers``); warnings never stop a build."""
    from .checks import check_catalog

    errors = [f for f in check_catalog(po, locale, fonts) if f.is_error]
    if errors:
        raise GateError(tuple(errors), f"not printed: {len(errors)} check error(s); correct them, or have a "
                        "reviewer waive one with '# waive CHECK: reason — name' above the entry and sign off the text "
                        "(X-Reviewed-By)", po.path)


def faces_used(edition: Edition) -> tuple[str, ...]:
    """The faces an edition prints with: italic for *emphasis* and for the note under the
    references of a translation, bold italic only for emphasis nested in emphasis."""
    from . import markup

    styles = ["regular", "bold"]
    signatures = [markup.signature(text.value) for _, text in edition.printed()]
    if not edition.is_source or any("i" in sig for sig in signatures):
        styles.append("italic")
    if any("b" in sig and "i" in sig for sig in signatures):
        styles.append("bold_italic")
    return tuple(styles)


def check_completeness(po: PoFile, edition: Edition, policy: Policy) -> None:
    from . import catalogs

    stats = catalogs.stats(po)
    if not edition.missing:
        return
    where = ", ".join(_missing_where(po, t) for t in edition.missing[:8])
    more = f" and {len(edition.missing) - 8} more" if len(edition.missing) > 8 else ""
    if stats.percent < policy.min_complete:
        raise BrochureError(
            f"{stats.percent:.0f}% translated ({stats.fuzzy} fuzzy, {stats.untranslated} untranslated), below "
            f"--min-complete {policy.min_complete:g}%; not printed. Missing: {where}{more}. Translate them, or "
            + ("lower --min-complete" if policy.fallback_source else
               "build with --fallback-source to print them in the source language"), po.path)
    if not policy.fallback_source:
        raise BrochureError(
            f"{len(edition.missing)} message(s) untranslated or fuzzy: {where}{more}. Translate them, or build with "
            "--fallback-source to print them in the source language", po.path)


def _missing_where(po: PoFile, text: Text) -> str:
    # the entry that is untranslated or fuzzy; one with the same msgid that is translated has
    # another msgctxt (a tool that drops msgctxt), and pointing there shows nothing to do
    for message in po.catalog:
        if message.id == text.value and (not message.string or message.fuzzy):
            line = po.line_of(message)
            return f"line {line}" if line else repr(text.value[:30])
    return f"{text.value[:30]!r} (not in the catalog: `update` adds it)"


def check_glyphs(edition: Edition, fonts, script) -> None:
    """Every character that will be printed must be in the face that draws it.

    """
    from .edition import FRONT_MATTER_WHAT, Text, sample_values
    from .render import DECORATIONS

    checks: list[tuple[str, Text]] = list(edition.printed())
    samples = sample_values(edition)
    doc = edition.document
    extra = {  # what, value, source line
        "the publication date (CLDR format)": (edition.date, doc.line_of("date")),
        "the language name (CLDR)": (edition.language, None),
        "the document code and version (front matter)": (f"{doc.document_code} {doc.version}",
                                                         doc.line_of("document_code")),
        "decorations drawn by the layout": (DECORATIONS, None),
    }
    for ref in doc.references:
        checks.append(("reference", Text(ref.text, doc.path, ref.line)))
    # a label's {placeholders} print as their values, never as braces: checked with sample values
    checks = [(name, Text(text.value.format(**samples[name[6:]]), text.path, text.line))
              if name.startswith("label ") and name[6:] in samples else (name, text) for name, text in checks]
    if edition.translator_at:
        checks.append(("Last-Translator", edition.translator_at))
    rtl = script.direction == "rtl"
    for name, text in checks:
        # a string without a line of its own (a label in the program's words) is named by what it is
        what = name if name == "Last-Translator" or name in FRONT_MATTER_WHAT.values() or text.line is None else None
        _gate(fonts, text.value, rtl, text.path, text.line, what)
    for what, (value, line) in extra.items():
        _gate(fonts, value, rtl, doc.path if line else None, line, what)
    if edition.reviewer_at:  # the reviewer's name from the catalog header
        _gate(fonts, edition.reviewer_at.value, rtl, edition.reviewer_at.path, edition.reviewer_at.line,
              "the X-Reviewed-By header")


def _gate(fonts, value: str, rtl: bool, path: str | None, line: int | None, what: str | None = None) -> None:
    from . import charpolicy
    from .fonts import describe

    subject = f"{what}: " if what else ""
    refused = charpolicy.first_problem(value, rtl)
    if refused:
        raise BrochureError(subject + refused[1], path, line)
    for style in ("regular", "bold"):
        ch = fonts.missing(value, style)
        if ch is None:
            continue
        font = fonts.files[style].name if style in fonts.files else f"the {style} face"
        if line is None and style in fonts.chosen_at:  # no line of the user's chose the character: the font is the fix
            path, line, key = fonts.chosen_at[style]
            font += f" ({key})"
        raise BrochureError(f"{subject}{describe(ch)} is not in {font}", path, line)


def run_job(inputs: Inputs, doc: str, locale: str, layout_name: str, prepared: Prepared,
            previews: bool = False) -> JobResult:
    """Render one PDF and its companions (imposed sheets, preview) into ``result.files``:
    bytes that depend only on the inputs' contents; ``write_files`` puts them in place."""
    from reportlab.platypus.doctemplate import LayoutError

    from . import prepress, render

    project = inputs.project
    result = JobResult(doc, locale, layout_name)
    layout = inputs.layouts[layout_name]
    if isinstance(layout, BrochureError):
        result.error = layout
        return result
    edition, fonts, script = prepared
    try:
        rendered = render.render_fitted(edition, layout, fonts, script)
    except BrochureError as exc:
        result.error = exc
        return result
    except LayoutError as exc:
        # A flowable larger than a page: name the string that cannot fit, else the locale's file.
        culprit = render.too_tall(edition, layout, fonts, script)
        if culprit:
            text, height, room = culprit
            result.error = BrochureError(f"{layout_name}: this text is {height:,.0f} pt tall, taller than a page's "
                                         f"{room:,.0f} pt, in a block that cannot be split: shorten it",
                                         text.path, text.line)
        else:
            where = edition.title.path if not edition.is_source else edition.document.path
            result.error = BrochureError(f"{layout_name}: text does not fit the page: {exc}", where)
        return result
    pdf, created = rendered.pdf, build_date(edition.document.date)
    intent = layout.output_intent
    # Print layouts (an output intent) are PDF/X-4; every file gets XMP, real dates, unique subset tags.
    pdfx = prepress.Intent(Path(layout.folder) / intent.profile, intent.identifier, intent.condition,
                           intent.registry) if intent is not None else None
    target = project.pdf_path(doc, locale, layout_name)
    identity = f"{doc}/{locale}/{layout_name}"
    result.files["pdf"] = prepress.finish(pdf, created, pdfx, pdfx=pdfx is not None, identity=identity)
    if layout.page.page_multiple == 4:  # the printed sides, for the shop
        imposed = prepress.impose_saddle_stitch(pdf, project.rel(target), rtl=script.direction == "rtl",
                                                creep=layout.imposition.creep, slug=layout.imposed().page.slug)
        result.files["imposed"] = prepress.finish(imposed, created, pdfx, pdfx=pdfx is not None,
                                                  identity=f"{identity}/imposed")
    if previews:
        from .previews import contact_sheet

        result.files["preview"] = contact_sheet(result.files["pdf"])
    result.path, result.pages = target, rendered.pages
    return result


def write_files(project: Project, result: JobResult) -> None:
    """Put a job's files in place, each atomically; a stale preview goes (it showed the previous PDF)."""
    paths = {"pdf": project.pdf_path, "imposed": project.imposed_path, "preview": project.preview_path}
    for kind, data in result.files.items():
        target = paths[kind](result.doc, result.locale, result.layout)
        atomic_write(target, data, project.rel(target))
    preview = project.preview_path(result.doc, result.locale, result.layout)
    if result.files and "preview" not in result.files and preview.exists():
        preview.unlink()
    result.files = {}


def outputs_of(project: Project, doc: str, locale: str, layout: Layout | BrochureError, name: str,
               previews: bool) -> list[Path]:
    """The files one job writes: what must exist for it to count as up to date."""
    paths = [project.pdf_path(doc, locale, name)]
    if isinstance(layout, Layout) and layout.page.page_multiple == 4:
        paths.append(project.imposed_path(doc, locale, name))
    if previews:
        paths.append(project.preview_path(doc, locale, name))
    return paths


# ------------------------------------------------------------------ workers
# One process renders many jobs: parsed inputs and prepared locales (fonts registered,
# catalogs parsed, glyphs gated) are kept for the life of the worker.

@lru_cache(maxsize=4)
def _worker_inputs(project: Project, docs: tuple[str, ...], layouts: tuple[str, ...]) -> Inputs:
    return load_inputs(project, list(docs), list(layouts))


@lru_cache(maxsize=64)
def _worker_prepare(project: Project, docs: tuple[str, ...], layouts: tuple[str, ...], doc: str, locale: str,
                    policy: Policy):
    try:
        return prepare(_worker_inputs(project, docs, layouts), doc, locale, policy)
    except BrochureError as exc:
        return exc


_last_locale: list = [None]  # the locale whose fonts and laid-out text this process keeps
_paused = [False]  # garbage collection paused by pause_collector (here, or in the process this one was forked from)


def pause_collector() -> None:
    """No garbage collection until this process (or a worker forked from it) starts its second
    (document, locale) in ``work``. Until then it makes what it keeps: modules, parsed fonts and
    catalogs, the text engine's caches. Each collection walked them again and freed next to
    nothing: ~10 % of the CPU of a one-locale build in a fresh process (issue 14). For a process
    that ends with its build (the command line's ``build``)."""
    gc.disable()
    _paused[0] = True


def work(project: Project, docs: tuple[str, ...], layouts: tuple[str, ...], doc: str, locale: str,
         names: tuple[str, ...], policy: Policy, previews: bool) -> list[JobResult]:
    """All of one (document, locale)'s layouts in one process: it is prepared (catalog parsed,
    fonts registered, glyphs gated) once. Returns the files as bytes; nothing is written but
    the words it hyphenated (``hyphenation.remember``), for the next run.

    A process keeps the text engine's faces and caches for one locale at a time: a worker
    that goes on to another locale releases them (it grew with every locale it built: ja, ko
    and zh_Hans after de held 239 MB), a warm ``watch`` of one locale keeps them."""
    from .hyphenation import remember
    from .text import release

    if _last_locale[0] not in (None, locale):
        release()
    if _paused[0] and _last_locale[0] is not None:  # the process goes on: collect as usual
        _paused[0] = False
        gc.enable()
    _last_locale[0] = locale
    results = []
    for layout in names:
        started = time.perf_counter()
        try:
            inputs = _worker_inputs(project, docs, layouts)
            prepared = _worker_prepare(project, docs, layouts, doc, locale, policy)
            if isinstance(prepared, BrochureError):
                result = JobResult(doc, locale, layout, error=prepared)
            else:
                result = run_job(inputs, doc, locale, layout, prepared, previews)
        except BrochureError as exc:
            result = JobResult(doc, locale, layout, error=exc)
        result.seconds = time.perf_counter() - started
        result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.append(result)
    remember()
    return results


Target = tuple[str, str]  # (document, locale)


def build_all(project: Project, targets: list[Target], layout_names: list[str], policy: Policy = Policy(),
              report: Callable[[JobResult], None] = lambda r: None, jobs: int = 1, force: bool = False,
              previews: bool = False, progress: Callable[[int, int], None] = lambda done, total: None,
              executor=None) -> list[JobResult]:
    """Build every (document, locale) of ``targets`` × layout. Results come back, and are
    reported, in a stable order (document, locale, layout) whatever order the workers finish in.
    ``executor`` (see ``brochure.executors``) runs the work elsewhere; default: a local pool.
    One build at a time writes to an output folder (``_one_build_at_a_time``)."""
    with _one_build_at_a_time(project):
        return _build_all(project, targets, layout_names, policy, report, jobs, force, previews, progress, executor)


@contextmanager
def _one_build_at_a_time(project: Project):
    """Hold output/.build.lock (an advisory lock, released when the process ends, also by kill -9).
    Two builds into one folder at once left an old PDF recorded as built from the new inputs:
    the build that wrote the PDF last was not the one that saved the cache last, and every later
    build took the old PDF as up to date. A folder that takes no lock file (read-only) is not
    locked: there is nothing to race for, and a write would say what is wrong."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system (Windows)
        yield
        return
    try:
        project.output_dir.mkdir(parents=True, exist_ok=True)
        handle = open(project.output_dir / ".build.lock", "a")
    except OSError:
        yield
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BrochureError("another build is writing to this output folder; run one at a time (or give "
                                "each its own -o)", project.rel(project.output_dir)) from None
        yield


def _build_all(project: Project, targets: list[Target], layout_names: list[str], policy: Policy,
               report: Callable[[JobResult], None], jobs: int, force: bool, previews: bool,
               progress: Callable[[int, int], None], executor) -> list[JobResult]:
    _worker_inputs.cache_clear()  # what a worker keeps lives for one build only
    _worker_prepare.cache_clear()
    docs = tuple(dict.fromkeys(doc for doc, _ in targets))
    # A broken layout becomes one clear error per job. Through the workers' cache: a local worker
    # (this process, or one forked from it) reuses these instead of parsing the YAML again.
    inputs = _worker_inputs(project, docs, tuple(layout_names))
    layouts = inputs.layouts
    digests, cache = Digests(project), BuildCache(project)
    order = [(doc, locale, name) for doc, locale in targets for name in layout_names]
    results: dict[tuple[str, str, str], JobResult] = {}
    todo = []
    for doc, locale, name in order:
        document = inputs.documents[doc]
        broken = document if isinstance(document, BrochureError) else layouts[name]
        if isinstance(broken, BrochureError):
            results[(doc, locale, name)] = JobResult(doc, locale, name, error=broken)
            continue
        # Besides the files: SOURCE_DATE_EPOCH (the PDFs' dates) and the logo, drawn from its own file.
        # Previews are derived from the PDF: they do not change its key.
        logo = digests.file(Path(document.logo)) if document.logo else ""
        options = repr((policy, os.environ.get("SOURCE_DATE_EPOCH", ""), logo))
        key = digests.job_key(doc, locale, name, document.language, options)
        outputs = outputs_of(project, doc, locale, layouts[name], name, previews)
        fresh = None if force else cache.fresh(job_name(doc, locale, name), key, outputs)
        if fresh:
            results[(doc, locale, name)] = JobResult(doc, locale, name, project.pdf_path(doc, locale, name),
                                                     fresh["pages"], skipped=True)
        else:
            todo.append((doc, locale, name, key))
    args = (project, docs, tuple(layout_names))
    emitted = 0
    done = len(order) - len(todo)
    keys = {(doc, locale, name): key for doc, locale, name, key in todo}
    groups: dict[Target, list[str]] = {}
    for doc, locale, name, _ in todo:
        groups.setdefault((doc, locale), []).append(name)

    def emit_ready() -> None:
        nonlocal emitted
        while emitted < len(order) and order[emitted] in results:
            report(results[order[emitted]])
            emitted += 1

    def finish(result: JobResult) -> None:
        nonlocal done
        job = (result.doc, result.locale, result.layout)
        if result.ok:
            try:
                write_files(project, result)
            except BrochureError as exc:  # this job's folder (a full disk, a file in the way): the others go on
                result.error, result.path, result.files = exc, None, {}
        if result.ok:
            cache.record(job_name(*job), keys[job], result.pages)
        else:
            cache.forget(job_name(*job))
        results[job] = result
        done += 1
        progress(done, len(order))
        emit_ready()

    emit_ready()
    progress(done, len(order))
    if todo:  # earlier runs' words, read once here for the workers forked below (patterns: on demand)
        from .hyphenation import preload

        preload(sorted({locale for _, locale in groups}), project.output_dir / ".cache")
    # One task per (document, locale), so that it is prepared (fonts, catalog, glyph gate) once.
    tasks = [(doc, locale, tuple(names)) for (doc, locale), names in groups.items()]
    if executor is None and 1 < jobs and len(tasks) < jobs and any(len(names) > 1 for *_, names in tasks):
        tasks = _shared_out(args, tasks, policy)
    try:
        if executor is not None:
            for doc, locale, names, batch in executor.run(work, args, tasks, policy, previews):
                for result in batch:
                    finish(result)
        else:
            for doc, locale, names, batch in _local(args, tasks, policy, previews, jobs):
                for result in batch:
                    finish(result)
    finally:
        cache.save()
        digests.save()
    return [results[job] for job in order]


def _shared_out(args: tuple, tasks: list, policy: Policy) -> list:
    """Fewer locales than workers (one .po edited): each locale is prepared here, and the
    text engine imported, so that the workers forked from this process start with them; then
    each layout is a task of its own."""
    from . import render  # noqa: F401  (imported once, before the fork)

    for doc, locale, _ in tasks:
        _worker_prepare(*args, doc, locale, policy)
    return [(doc, locale, (name,)) for doc, locale, names in tasks for name in names]


def job_name(doc: str, locale: str, layout: str) -> str:
    """The job's name in the build cache and in messages."""
    return f"{doc}/{locale}/{layout}"


def failed_batch(names: tuple[str, ...], doc: str, locale: str, exc: BaseException) -> list[JobResult]:
    """A bug or a dead worker: fail these jobs, keep the others."""
    return [JobResult(doc, locale, name, error=BrochureError(
        f"{name}: internal error while rendering ({type(exc).__name__}: {exc})")) for name in names]


def _local(args: tuple, tasks: list, policy: Policy, previews: bool, jobs: int):
    """Run the tasks here or in a local process pool; yield each task's results as it finishes."""
    workers = max(1, min(jobs, len(tasks)))
    if workers == 1:
        for doc, locale, names in tasks:
            yield doc, locale, names, work(*args, doc, locale, names, policy, previews)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    with _pool(workers) as pool:
        pending = {pool.submit(work, *args, doc, locale, names, policy, previews): (doc, locale, names)
                   for doc, locale, names in tasks}
        try:
            while pending:
                ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in ready:
                    doc, locale, names = pending.pop(future)
                    try:
                        batch = future.result()
                    except Exception as exc:
                        batch = failed_batch(names, doc, locale, exc)
                    yield doc, locale, names, batch
        finally:  # stopped early (a SIGINT to this process alone): the pool's exit would still run every queued task
            for future in pending:
                future.cancel()


def _pool(workers: int):
    # fork: workers start with the parent's imports and parsed dictionaries
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(
        "fork" if sys.platform != "win32" else "spawn"), initializer=_end_with_parent, initargs=(os.getpid(),))


def _end_with_parent(parent: int) -> None:
    """A worker ends when the build that started it does. After a kill -9 or a SIGTERM (a CI
    timeout, ``docker stop``) of the build, the pool's workers would otherwise wait on their queue
    for ever, holding the job's output pipes open (Ctrl-C reaches the workers too and is handled)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the CLI's handler is the build's, not a worker's
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the build ended before the signal was asked for
        os._exit(1)


def map_local(fn: Callable, items: list[tuple], jobs: int) -> list:
    """``fn(*item)`` for every item, in order: here, or in a local process pool of ``jobs``
    workers when there is more than one item to share out."""
    workers = max(1, min(jobs, len(items)))
    if workers == 1:
        return [fn(*item) for item in items]
    with _pool(workers) as pool:
        return list(pool.map(fn, *zip(*items)))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Watcher:
    """Rebuild what changed, from a process that stays warm (modules imported, fonts
    parsed, dictionaries loaded): a translator sees a saved .po on the page in a fraction
    of the time a fresh process needs. File times only wake it up; what is rebuilt is
    still decided by content hashes."""

    def __init__(self, project: Project, targets: list[Target], layout_names: list[str], policy: Policy = Policy(),
                 previews: bool = False):
        self.project, self.targets, self.layouts = project, targets, layout_names
        self.policy, self.previews = policy, previews
        self._seen: tuple | None = None

    def _stamp(self) -> tuple:
        p = self.project
        docs = dict.fromkeys(doc for doc, _ in self.targets)
        paths = [*(p.source_path(doc) for doc in docs), *(p.layout_path(n) for n in self.layouts),
                 p.fonts_dir / "fonts.yaml", *(p.po_path(doc, ll) for doc, ll in self.targets)]
        stamp = []
        for path in paths:
            try:
                info = path.stat()
                stamp.append((str(path), info.st_size, info.st_mtime_ns))
            except FileNotFoundError:
                stamp.append((str(path), None, None))
        return tuple(stamp)

    def step(self, report: Callable[[JobResult], None] = lambda r: None) -> list[JobResult] | None:
        """Build if any watched file changed since the last step; None when nothing did."""
        stamp = self._stamp()
        if stamp == self._seen:
            return None
        self._seen = stamp
        return build_all(self.project, self.targets, self.layouts, self.policy, report, jobs=1,
                         previews=self.previews)
