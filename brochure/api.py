"""The library API: what the command line does, as functions with typed results.

A project is a library of documents (``source/<doc>.md``); every function works on all of
them unless ``docs`` names some. Every function takes a project folder (a path or a ``Project``), raises
``BrochureError`` only for faults that stop the whole step (no source, a broken
template), and reports per-locale faults in its result, so that one broken
catalog never hides the others. Nothing here prints; ``brochure.cli`` is a thin
layer that prints these results.

    import brochure

    project = brochure.init("st-anna-clinic")          # a new project folder
    brochure.update(project, locales=["de"])            # extract + create/merge de's catalog
    result = brochure.build(project, locales=["de"], layouts=["a4-leaflet"],
                            fallback_source=True)      # print even if not yet translated
    for pdf in result.pdfs:
        print(pdf.path, pdf.pages, pdf.status)
    report = brochure.check(project)
    print(report.errors, "errors")
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .build import JobResult, Policy, Target, build_all, default_jobs, load_document
from .errors import BrochureError
from .project import Project, packaged

if TYPE_CHECKING:  # babel is imported by the steps that read catalogs, not by a no-op build
    from . import catalogs
    from .checks.findings import Finding
    from .fonts import FontConfig, FontSet
    from .review import Review

def project_of(project: str | Path | Project, output: str | Path | None = None) -> Project:
    """A ``Project`` for a folder (``output`` overrides where PDFs go)."""
    if isinstance(project, Project):
        return project if output is None else Project(project.root, Path(output).resolve())
    return Project(Path(project).resolve(), Path(output).resolve() if output else None)


# ---------------------------------------------------------------- init

def init(directory: str | Path) -> Project:
    """Create a new project: ``source/article.md`` (front matter to fill in), ``layouts/``
    copied from the program so the clinic can edit them, and an empty ``locales/``.
    Fonts are used from the program unless the project adds its own ``fonts/``."""
    root = Path(directory).resolve()
    if root.exists() and any(root.iterdir()):
        raise BrochureError("folder is not empty; init only creates new projects", str(directory))
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "locales").mkdir()
    shutil.copy(packaged("templates") / "article.md", root / "source" / "article.md")
    shutil.copytree(packaged("layouts"), root / "layouts")
    return Project(root)


# ---------------------------------------------------------------- extract / update

@dataclass(frozen=True)
class ExtractResult:
    """One document's template (locales/<doc>.pot) as ``extract`` wrote or kept it."""

    doc: str
    path: Path  # the document's template, locales/<doc>.pot
    messages: int  # article messages (title, headings, paragraphs, list items)
    written: bool  # False: unchanged (no date churn)
    total: int = 0  # every message of the template: the article's, the front matter's and the labels
    error: BrochureError | None = None  # the source could not be read: no template, its catalogs not updated

    @property
    def ok(self) -> bool:
        return self.error is None


def extract(project: str | Path | Project, docs: list[str] | None = None) -> list[ExtractResult]:
    """Write ``locales/<doc>.pot`` for every document (untouched when nothing changed)."""
    from . import catalogs

    project = project_of(project)
    results = []
    for doc in project.select(docs):
        path = project.template_path(doc)
        try:
            document = load_document(project, doc)
        except BrochureError as exc:  # this document's own error: the others are extracted
            results.append(ExtractResult(doc, path, 0, False, error=exc))
            continue
        template = catalogs.template(document)
        written = catalogs.write_template(path, template, shown=project.rel(path))
        results.append(ExtractResult(doc, path, len(document.translatable()), written,
                                     sum(1 for message in template.catalog if message.id)))
    return results


@dataclass(frozen=True)
class CatalogUpdate:
    """One catalog as ``update`` left it: created, updated, unchanged or failed."""

    doc: str
    locale: str
    path: Path
    state: str  # "created", "updated", "unchanged" or "failed"
    stats: catalogs.Stats | None = None
    obsolete: int = 0
    error: BrochureError | None = None
    prefilled: int = 0  # new or changed messages pre-filled from the translation memory

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did: the templates, the catalogs, and warnings."""

    templates: list[ExtractResult]
    catalogs: list[CatalogUpdate]
    warnings: list[str] = field(default_factory=list)  # e.g. a locale whose script has no font

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.catalogs) and all(t.ok for t in self.templates)


def update(project: str | Path | Project, locales: list[str] | None = None,
           docs: list[str] | None = None) -> UpdateResult:
    """Extract, then merge each document's template into its catalogs as msgmerge does
    (naming a locale creates the catalogs it lacks), with the project's translation memory
    (``brochure.memory``) offering translations for new and changed messages. Never drops
    a translation."""
    from . import catalogs, memory
    from .localetext import require_locale

    project = project_of(project)
    for locale in locales or []:
        catalogs.check_locale_code(locale)
    extracted = extract(project, docs)
    settings = memory.settings(project)
    results, warned = [], {}
    for template_result in extracted:
        doc = template_result.doc
        if not template_result.ok:  # reported with the templates; its catalogs stay as they are
            continue
        template = catalogs.read_catalog(template_result.path, project.rel(template_result.path))
        for locale in locales or project.locales(doc):
            path = project.po_path(doc, locale)
            shown = project.rel(path)
            if not path.exists() and locale == source_language(project, doc):
                why = f"'{locale}' is the language {doc} is written in; the source needs no catalog"
                results.append(CatalogUpdate(doc, locale, path, "failed",
                                             error=BrochureError(why, project.rel(project.source_path(doc)))))
                continue
            try:
                if path.exists():  # read_catalog refuses a folder that names no locale
                    merged, state = catalogs.update(catalogs.read_catalog(path, shown), template, locale), "updated"
                else:
                    require_locale(locale, shown)
                    merged, state = catalogs.new_po(template, locale), "created"
                prefilled = memory.prefill(merged, memory.load(project, locale, doc), settings) \
                    if settings.enabled else 0
                written = catalogs.write_catalog(path, merged, shown)
            except BrochureError as exc:
                results.append(CatalogUpdate(doc, locale, path, "failed", error=exc))
                continue
            if state == "updated" and not written:
                state = "unchanged"
            results.append(CatalogUpdate(doc, locale, path, state, catalogs.stats(merged),
                                         len(merged.catalog.obsolete), prefilled=prefilled))
            if locale not in warned:
                try:
                    warned[locale] = font_warning(project, locale)
                except BrochureError as exc:  # a broken fonts.yaml: the build will refuse it with its line
                    warned[locale] = str(exc)
    return UpdateResult(extracted, results, [w for w in warned.values() if w])


def _font_config(project: Project) -> FontConfig:
    """The project's fonts.yaml (else the program's), which names itself in messages as the user
    sees it (``FontConfig.shown``)."""
    from .fonts import load_config

    return load_config(project.fonts_dir, project.rel(project.fonts_dir))


def missing_font_script(config: FontConfig, locale: str) -> str | None:
    """The script ``locale`` is written in if ``config`` configures no font for it, else None."""
    from .fonts import script_of

    code = script_of(config, locale)
    return None if code in config.scripts else code


def read_fonts(project: Project, config: FontConfig, locale: str) -> FontSet:
    """Read the faces of the script ``locale`` is written in, as build reads them: a font file
    missing, not TrueType, damaged or cut short raises build's error, at its fonts.yaml line."""
    from .fonts import resolve

    return resolve(config, project.fonts_dir, locale)[0]


def font_warning(project: Project, locale: str) -> str | None:
    """Why ``locale`` cannot be printed with the configured fonts, or None."""
    config = _font_config(project)
    code = missing_font_script(config, locale)
    if code is None:
        return None
    return (f"{config.shown}: locale {locale} is written in the {code} script, "
            f"which has no font under scripts:; it can be translated but not printed until one is added "
            f"(README, \"A language whose script has no font\")")


# ---------------------------------------------------------------- build

@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did: one result per PDF, and PDFs no input makes any more."""

    pdfs: list[JobResult]  # one per (document, locale) × layout, in that order
    left_over: list[Path] = field(default_factory=list)  # PDFs in the output that no input makes any more

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.pdfs)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.pdfs if not r.ok]


def policy(min_complete: float | None = None, fallback_source: bool = False) -> Policy:
    """The completeness policy: without ``min_complete``, 100 % — or, with
    ``fallback_source``, any completeness (the missing passages print in the source language)."""
    if min_complete is None:
        min_complete = 0.0 if fallback_source else 100.0
    return Policy(min_complete, fallback_source)


def build(project: str | Path | Project, locales: list[str] | None = None, layouts: list[str] | None = None,
          min_complete: float | None = None, fallback_source: bool = False, jobs: int | None = None,
          force: bool = False, previews: bool = False, output: str | Path | None = None,
          on_result: Callable[[JobResult], None] = lambda r: None,
          progress: Callable[[int, int], None] = lambda done, total: None,
          docs: list[str] | None = None, executor=None) -> BuildResult:
    """Render PDFs for every (document, locale) × layout — by default each document in its
    source language and in every locale it has a catalog for, in every layout; unchanged
    inputs are skipped unless ``force``. ``executor`` runs the jobs elsewhere
    (``brochure.executors``; default: a local process pool of ``jobs`` workers)."""
    project = project_of(project, output)
    layouts = layouts or _every_layout(project)
    results = build_all(project, targets(project, docs, locales), layouts, policy(min_complete, fallback_source),
                        on_result, jobs=jobs or default_jobs(), force=force, previews=previews, progress=progress,
                        executor=executor)
    return BuildResult(results, left_over(project))


def left_over(project: Project) -> list[Path]:
    """PDFs in the output folder that no input of the project makes any more: a document, a
    catalog or a layout was removed (a translation withdrawn as wrong), and its old leaflet would
    be published with the folder. Whatever ``--locale``/``--layout`` a build was narrowed to, a
    PDF whose inputs still exist is not left over."""
    if not project.output_dir.is_dir():
        return []
    layouts = set(project.layouts())
    editions = {doc: {_source_edition(project, doc), *project.locales(doc)} for doc in project.documents()}
    found = []
    for pdf in sorted(project.output_dir.glob("*/*/*.pdf")):
        doc, locale, name = pdf.parent.parent.name, pdf.parent.name, pdf.stem.removesuffix("-imposed")
        if locale not in editions.get(doc, ()) or (name != "proof" and name not in layouts):
            found.append(pdf)
    return found


def _every_layout(project: Project) -> list[str]:
    """The names of the project's layouts (else the program's); none at all is the user's error."""
    names = project.layouts()
    if not names:
        raise BrochureError("no layouts (*.yaml) in layouts/", project.rel(project.layouts_dir))
    return names


def targets(project: Project, docs: list[str] | None = None, locales: list[str] | None = None,
            source: bool = True) -> list[Target]:
    """The (document, locale) pairs to work on: each document in its source language (with
    ``source``) and in every locale it has a catalog for. Named ``locales`` narrow that; a named
    locale no selected document has a catalog for stays, so that its absence is reported, unless
    it is the document's source language (check, stats and proof read no catalog for it)."""
    pairs = []
    selected = project.select(docs)
    have = {doc: project.locales(doc) for doc in selected}
    for doc in selected:
        language = _source_edition(project, doc)
        own = list(dict.fromkeys(([language] if source else []) + have[doc]))  # a catalog in the source language
        # without ``source``, the source's own language is no missing catalog (check lints the source itself)
        wanted = own if not locales else [ll for ll in locales if ll in own or
                                          (ll != language and not any(ll in h for h in have.values()))]
        pairs += [(doc, ll) for ll in wanted]
    return pairs


def source_language(project: str | Path | Project, doc: str) -> str:
    project = project_of(project)
    return load_document(project, doc).language


def _source_edition(project: Project, doc: str) -> str:
    """The locale of a document's source edition, as its front matter declares it (only the
    front matter is read). A source whose body cannot be parsed still names it, and its jobs
    fail with its error (load_inputs): one document's mistake no longer stops every other
    document's build; where the front matter itself is broken, the edition is "source"."""
    from .source import declared_language, read_source_text

    path = project.source_path(doc)
    try:
        return declared_language(read_source_text(path, project.rel(path)), project.rel(path)) or "source"
    except BrochureError:
        return "source"


# ---------------------------------------------------------------- check

@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found, and the catalogs it could not read."""

    findings: list  # brochure.checks.Finding, in file order: source lint first
    unreadable: list[BrochureError]  # catalogs that could not be checked at all

    @property
    def errors(self) -> int:
        from . import checks

        return sum(1 for f in self.findings if f.severity == checks.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def ok(self) -> bool:
        return not self.unreadable and not self.errors


def check(project: str | Path | Project, locales: list[str] | None = None,
          docs: list[str] | None = None) -> CheckResult:
    """QA of every translation against its source, the project's glossary, and lint of the
    source articles."""
    from . import catalogs, checks, glossary, lint
    from .checks.catalog import out_of_date
    from .fonts import resolve

    project = project_of(project)
    selected = project.select(docs)
    findings, templates, documents = [], {}, []
    for doc in selected:
        source = project.source_path(doc)
        linted = lint.lint_file(source, project.rel(source))
        findings += linted
        try:
            document = load_document(project, doc)
            templates[doc] = catalogs.template(document)
            if not any(f.check == "characters" for f in linted):  # the glyph gate would say it again
                documents.append(document)
        except BrochureError:  # the source's own errors: the lint above reports them
            templates[doc] = None
    config = _font_config(project)
    for document in documents:
        findings += _source_glyphs(project, config, document)
    unreadable = []
    for doc, locale in targets(project, selected, locales, source=False):
        path = project.po_path(doc, locale)
        try:
            po = catalogs.read_catalog(path, project.rel(path))
        except BrochureError as exc:  # an unreadable catalog is an error like any other: counted, in the JSON
            unreadable.append(exc)
            findings.append(checks.Finding(exc.path or project.rel(path), exc.line, checks.ERROR, "catalog",
                                           exc.message))
            continue
        try:
            fonts, _ = resolve(config, project.fonts_dir, locale)
        except BrochureError as exc:  # no font for its script yet: every check but the glyphs' still speaks
            unreadable.append(exc)
            findings.append(checks.Finding(exc.path or config.shown, exc.line, checks.ERROR, "fonts", exc.message))
            fonts = None
        findings += checks.check_catalog(po, locale, fonts)
        if templates[doc] is not None:
            findings += out_of_date(po, templates[doc], project.rel(project.source_path(doc)))
        try:  # one more check: a broken glossary does not hide the catalog's own findings above
            findings += glossary.check(po, glossary.load(project, locale))
        except BrochureError as exc:
            unreadable.append(exc)
            findings.append(checks.Finding(exc.path, exc.line, checks.ERROR, glossary.CHECK, exc.message))
    return CheckResult(findings, unreadable)


def _source_glyphs(project: Project, config, document) -> list:
    """The glyph gate of the source edition, as ``build`` applies it: a character of the
    article that its language's font lacks (said '0 error(s)' here, then failed the build)."""
    from . import checks
    from .build import check_glyphs, faces_used
    from .edition import make_edition
    from .fonts import resolve

    check = "glyphs"
    try:
        edition = make_edition(document, document.language, None, None)
        check = "fonts"
        fonts, script = resolve(config, project.fonts_dir, document.language, faces_used(edition))
        check = "glyphs"
        check_glyphs(edition, fonts, script)
    except BrochureError as exc:
        return [checks.Finding(exc.path or config.shown, exc.line, checks.ERROR, check, exc.message)]
    return []


# ---------------------------------------------------------------- preflight

@dataclass(frozen=True)
class PreflightFile:
    """One PDF's preflight findings."""

    path: str  # as the findings name it, from the project
    findings: list  # brochure.preflight.Finding, one per check, passed or not

    @property
    def passed(self) -> bool:
        from .preflight import passed

        return passed(self.findings)


@dataclass(frozen=True)
class PreflightResult:
    """What ``preflight`` found in every file, and the layouts it could not read."""

    findings: list  # brochure.preflight.Finding of every file, file by file, in the order checked
    unreadable: list[BrochureError]  # layouts that could not be read: their PDFs were not checked

    @property
    def files(self) -> list[PreflightFile]:
        """The findings per file, grouped as ``brochure.preflight.report`` groups them."""
        from .preflight import by_file

        return [PreflightFile(path, group) for path, group in by_file(self.findings).items()]

    @property
    def failed(self) -> list[PreflightFile]:
        return [f for f in self.files if not f.passed]

    @property
    def passed(self) -> bool:
        return not self.unreadable and not self.failed


def preflight(project: str | Path | Project, docs: list[str] | None = None, locales: list[str] | None = None,
              layouts: list[str] | None = None, jobs: int | None = None) -> PreflightResult:
    """The print shop's checks (``brochure.preflight``) of every PDF the build wrote, against its
    layout: each (document, locale) × layout, and a booklet's imposed sides as spreads. A file
    not built is not checked. Findings are kept in ``output/.preflight-cache.json`` by the file's
    bytes, its layout and the program, and reused; the rest are checked in ``jobs`` worker
    processes (default: the number of cores). No PDF to check at all raises."""
    import dataclasses

    from .build import map_local
    from .cache import Memo, program_digest
    from .layouts import load_layout
    from .preflight import Finding

    project = project_of(project)
    memo = Memo(project.output_dir / ".preflight-cache.json")
    program = program_digest()
    unreadable: list[BrochureError] = []
    names = layouts or project.layouts()
    pairs = targets(project, docs, locales)
    checked: list[tuple[str, list | None]] = []  # (memo key, cached findings), in report order
    # what is not cached: (path, layout, shown, an imposed file's booklet), checked in a pool
    todo: list[tuple[str, object, str, str | None]] = []
    for name in names:
        path = project.layout_path(name)
        try:
            layout = load_layout(path, project.rel(path))
        except BrochureError as exc:
            unreadable.append(exc)
            continue
        for pdf, checked_as, source in _built_files(project, pairs, name, layout):
            # preflight is a pure function of the PDF (and an imposed file's booklet), the layout and the
            # program: reuse it
            booklet = [_read_source(source)] if source else []
            key = Memo.key(program, repr(checked_as), project.rel(pdf), pdf.read_bytes(), *booklet)
            cached = memo.get(key)
            checked.append((key, cached))
            if cached is None:  # the worker reads the files again: only one file's bytes at a time here
                todo.append((str(pdf), checked_as, project.rel(pdf), source and str(source)))
    fresh = iter(map_local(_preflight_file, todo, jobs or default_jobs()))
    findings = []
    for key, cached in checked:
        if cached is None:
            results = next(fresh)
            memo.put(key, [dataclasses.asdict(f) for f in results])
        else:
            results = [Finding(**f) for f in cached]
        findings += results
    if not findings and not unreadable:
        raise BrochureError("no PDFs to check; run the build first", project.rel(project.output_dir))
    memo.save()
    return PreflightResult(findings, unreadable)


def _built_files(project: Project, pairs: list[Target], name: str, layout) -> list[tuple[Path, object, Path | None]]:
    """Every file the build wrote in layout ``name``, with the layout it is checked against and, for
    a booklet's imposed sides (checked as spreads), the booklet whose pages they must place."""
    files = [(project.pdf_path(doc, locale, name), layout, None) for doc, locale in pairs]
    if layout.page.page_multiple == 4:
        files += [(project.imposed_path(doc, locale, name), layout.imposed(), project.pdf_path(doc, locale, name))
                  for doc, locale in pairs]
    return [(pdf, checked_as, source) for pdf, checked_as, source in files if pdf.exists()]


def _read_source(path: Path) -> bytes:
    """An imposed file's booklet; b"" when it is gone (the imposition check says so)."""
    return path.read_bytes() if path.exists() else b""


def _preflight_file(path: str, layout, shown: str, source: str | None = None) -> list:
    """One file's findings, in a worker process."""
    from .preflight import preflight as check_file

    return check_file(Path(path).read_bytes(), layout, shown, _read_source(Path(source)) if source else None)


# ---------------------------------------------------------------- proof

@dataclass(frozen=True)
class Proof:
    """One catalog's review PDF."""
    doc: str
    locale: str
    path: Path  # output/<doc>/<ll>/proof.pdf, written when ok
    findings: list = field(default_factory=list)  # brochure.checks.Finding of the catalog's checks
    glossary: list = field(default_factory=list)  # and of the glossary's terms
    error: BrochureError | None = None  # its source, catalog, fonts or glossary could not be read: no proof

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def errors(self) -> int:
        from . import checks

        return sum(1 for f in self.findings + self.glossary if f.severity == checks.ERROR)


@dataclass(frozen=True)
class ProofResult:
    """The proofs ``proof`` wrote, one per catalog."""

    proofs: list[Proof]  # one per catalog, document by document

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.proofs)


def proof(project: str | Path | Project, docs: list[str] | None = None, locales: list[str] | None = None,
          layout: str | None = None, on_result: Callable[[Proof], None] = lambda p: None) -> ProofResult:
    """Write output/<doc>/<ll>/proof.pdf for every catalog: source and translation side by side,
    with the check and glossary findings, in the type of ``layout`` (default: the first office
    layout, else the first one). ``on_result`` hears of each proof as it is written."""
    from . import catalogs, checks, glossary
    from .fonts import font_set, latin_family, resolve
    from .fsutil import atomic_write
    from .proof import render_proof

    project = project_of(project)
    chosen = _proof_layout(project, layout)
    config = _font_config(project)
    latin = font_set(config, project.fonts_dir, latin_family(config))
    documents, results = {}, []
    for doc, locale in targets(project, docs, locales, source=False):
        path, target = project.po_path(doc, locale), project.proof_path(doc, locale)
        try:
            if doc not in documents:
                documents[doc] = load_document(project, doc)
            po = catalogs.read_catalog(path, project.rel(path))
            fonts, script = resolve(config, project.fonts_dir, locale)
            findings = checks.check_catalog(po, locale, fonts)
            terms = glossary.check(po, glossary.load(project, locale))
            pdf = render_proof(documents[doc], po, locale, findings + terms, fonts, script, chosen, latin)
        except BrochureError as exc:
            result = Proof(doc, locale, target, error=exc)
        else:  # a proof that cannot be written stops the step, as a build's output folder does
            atomic_write(target, pdf, project.rel(target))
            result = Proof(doc, locale, target, findings, terms)
        results.append(result)
        on_result(result)
    return ProofResult(results)


def _proof_layout(project: Project, name: str | None):
    """The layout named, else the leaflet's type (not large print's 16 pt): the first office
    layout, else the first one."""
    from .layouts import load_layout

    if name:
        return load_layout(project.layout_path(name), project.rel(project.layout_path(name)))
    layouts = [load_layout(project.layout_path(each), project.rel(project.layout_path(each)))
               for each in _every_layout(project)]
    return next((each for each in layouts if each.class_ == "office"), layouts[0])


# ---------------------------------------------------------------- stats

@dataclass(frozen=True)
class StatsRow:
    """One catalog in the stats table."""
    doc: str
    locale: str
    path: Path  # the catalog, locales/<ll>/LC_MESSAGES/<doc>.po
    stats: catalogs.Stats | None = None
    waived: int = 0  # findings waived by a `# waive` comment
    review: Review | None = None  # from X-Machine-Translation and X-Reviewed-By
    missing_script: str | None = None  # the script the locale is written in, if fonts.yaml has no font for it
    error: BrochureError | None = None  # the catalog could not be read: nothing else is known
    font_error: BrochureError | None = None  # a face of the locale's script that build would refuse
    missing_glyph: Finding | None = None  # the catalog's first glyphs error: build's gate refuses the catalog

    @property
    def ok(self) -> bool:
        return self.error is None and self.font_error is None and self.missing_glyph is None


@dataclass(frozen=True)
class StatsResult:
    """The translation statistics ``stats`` read: one row per catalog."""

    docs: list[str]  # the documents asked for, each a row of the document × locale table
    rows: list[StatsRow]  # one per catalog, document by document

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)


def stats(project: str | Path | Project, docs: list[str] | None = None,
          locales: list[str] | None = None) -> StatsResult:
    """Per catalog: translated, fuzzy and untranslated messages, waivers, review status, and
    whether build could print the locale's script (its faces are read as build reads them) and
    the catalog's characters (the glyph gate of ``check`` and build)."""
    from . import catalogs
    from .checks import waivers
    from .review import review_of

    project = project_of(project)
    selected = project.select(docs)
    rows = []
    fonts: dict[str, tuple[str | None, BrochureError | None, FontSet | None]] = {}  # per locale, read once
    for doc, locale in targets(project, selected, locales, source=False):
        path = project.po_path(doc, locale)
        try:
            po = catalogs.read_catalog(path, project.rel(path))
            counts, review = catalogs.stats(po), review_of(po)
        except BrochureError as exc:
            rows.append(StatsRow(doc, locale, path, error=exc))
            continue
        if locale not in fonts:
            fonts[locale] = _font_state(project, locale)
        missing, font_error, faces = fonts[locale]
        waived = sum(len(waivers.of(m.user_comments)[0]) for m in po.catalog if m.id)
        rows.append(StatsRow(doc, locale, path, counts, waived, review, missing, font_error=font_error,
                             missing_glyph=_missing_glyph(po, locale, faces)))
    return StatsResult(selected, rows)


def _font_state(project: Project, locale: str) -> tuple[str | None, BrochureError | None, FontSet | None]:
    """(the script without a font, the error build would raise for the locale's faces, the faces)."""
    try:
        config = _font_config(project)
        missing = missing_font_script(config, locale)
        if missing is not None:
            return missing, None, None
        return None, None, read_fonts(project, config, locale)
    except BrochureError as exc:
        return None, exc, None


def _missing_glyph(po, locale: str, fonts: FontSet | None) -> Finding | None:
    """The catalog's first ``glyphs`` error, by the check build's gate runs (a few ms a catalog)."""
    from .checks import check_catalog
    from .checks.messages import BY_NAME

    if fonts is None:
        return None
    found = check_catalog(po, locale, fonts, checks=(BY_NAME["glyphs"],))
    return next((f for f in found if f.check == "glyphs" and f.is_error), None)
