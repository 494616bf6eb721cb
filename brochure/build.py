"""Jobs = locales × layouts: load, gate, render, write atomically; one failure never stops the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab.platypus.doctemplate import LayoutError

from . import catalogs, prepress, render
from .catalogs import PoFile
from .edition import Edition, Text, make_edition, sample_values
from .errors import BrochureError
from .fonts import FontSet, Script, describe, load_config, resolve
from .text import join_arabic
from .fsutil import atomic_write
from .layouts import Layout, load_layout
from .model import Document
from .project import Project
from .source import read_document


@dataclass(frozen=True)
class Policy:
    """What a locale must satisfy to be printed (see README, "Completeness")."""

    min_complete: float = 100.0  # percent of messages translated and not fuzzy
    fallback_source: bool = False  # print missing strings in the source language


@dataclass
class JobResult:
    locale: str
    layout: str
    path: Path | None = None
    pages: int = 0
    error: BrochureError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Inputs:
    """Everything a run reads once and shares between jobs."""

    project: Project
    document: Document
    layouts: dict[str, Layout | BrochureError] = field(default_factory=dict)


def load_inputs(project: Project, layout_names: list[str]) -> Inputs:
    source = project.source_path()
    document = read_document(source, project.rel(source))
    inputs = Inputs(project, document)
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


def load_po(project: Project, locale: str) -> PoFile | None:
    """The locale's catalog, or None for the source language (printed from the source)."""
    path = project.po_path(locale)
    return catalogs.read_catalog(path, project.rel(path))


Prepared = tuple[Edition, FontSet, Script]


def prepare(inputs: Inputs, locale: str, policy: Policy) -> Prepared:
    """Resolve and gate one locale's text: completeness, markup, glyph coverage."""
    project, document = inputs.project, inputs.document
    po = None if locale == document.language else load_po(project, locale)
    edition = make_edition(document, locale, po)
    if po is not None:
        check_completeness(po, edition, policy)
    config = load_config(project.fonts_dir, project.rel(project.fonts_dir))
    fonts, script = resolve(config, project.fonts_dir, locale, f"{project.rel(project.fonts_dir)}/fonts.yaml")
    check_glyphs(edition, fonts, script)
    return edition, fonts, script


def check_completeness(po: PoFile, edition: Edition, policy: Policy) -> None:
    stats = catalogs.stats(po)
    if not edition.missing:
        return
    where = ", ".join(_missing_where(po, t) for t in edition.missing[:8])
    more = f" and {len(edition.missing) - 8} more" if len(edition.missing) > 8 else ""
    if stats.percent < policy.min_complete:
        raise BrochureError(
            f"{stats.percent:.0f}% translated ({stats.fuzzy} fuzzy, {stats.untranslated} untranslated), below "
            f"--min-complete {policy.min_complete:g}%; not printed. Missing: {where}{more}", po.path)
    if not policy.fallback_source:
        raise BrochureError(
            f"{len(edition.missing)} message(s) untranslated or fuzzy: {where}{more}. Translate them, or build with "
            "--fallback-source to print them in the source language", po.path)


def _missing_where(po: PoFile, text: Text) -> str:
    for message in po.catalog:
        if message.id == text.value:
            line = po.line_of(message)
            return f"line {line}" if line else repr(text.value[:30])
    return repr(text.value[:30])


def check_glyphs(edition: Edition, fonts: FontSet, script: Script) -> None:
    """Every character that will be printed must be in the face that draws it.

    Arabic is checked after joining, since the presentation forms are what is drawn.
    """
    checks: list[tuple[str, Text]] = list(edition.printed())
    samples = sample_values(edition)
    doc = edition.document
    extra = {
        "the publication date (CLDR format)": edition.date,
        "the language name (CLDR)": edition.language,
        "the organisation (front matter)": doc.organisation,
        "the document code and version (front matter)": f"{doc.document_code} {doc.version}",
        "decorations drawn by the layout": render.DECORATIONS,
    }
    for ref in doc.references:
        checks.append(("reference", Text(ref.text, doc.path, ref.line)))
    for name, text in list(checks):
        if name.startswith("label ") and name[6:] in samples:
            checks.append((name, Text(text.value.format(**samples[name[6:]]), text.path, text.line)))
    drawn = join_arabic if script.join_arabic else (lambda value: value)
    for name, text in checks:
        _gate(fonts, drawn(text.value), text.path, text.line)
    for what, value in extra.items():
        _gate(fonts, drawn(value), None, None, what)


def _gate(fonts: FontSet, value: str, path: str | None, line: int | None, what: str | None = None) -> None:
    for style in ("regular", "bold"):
        ch = fonts.missing(value, style)
        if ch is not None:
            font = fonts.files[style].name if style in fonts.files else f"the {style} face"
            subject = f"{what}: " if what else ""
            raise BrochureError(f"{subject}{describe(ch)} is not in {font}", path, line)


def run_job(inputs: Inputs, locale: str, layout_name: str, prepared: Prepared) -> JobResult:
    project = inputs.project
    result = JobResult(locale, layout_name)
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
        # A flowable larger than a page: name the locale's file, since the source fits.
        where = edition.title.path if not edition.is_source else edition.document.path
        result.error = BrochureError(f"{layout_name}: text does not fit the page: {exc}", where)
        return result
    pdf = rendered.pdf
    intent = layout.output_intent
    if intent is not None:
        pdf = prepress.add_output_intent(pdf, Path(layout.folder) / intent.profile, intent.identifier,
                                         info=intent.condition, registry=intent.registry)
    target = project.pdf_path(locale, layout_name)
    atomic_write(target, pdf)
    if layout.page.page_multiple == 4:  # for shops and clinics that print booklets themselves
        imposed = prepress.impose_saddle_stitch(pdf, project.rel(target), rtl=script.direction == "rtl")
        atomic_write(project.imposed_path(locale, layout_name), imposed)
    result.path, result.pages = target, rendered.pages
    return result


def build_all(project: Project, locales: list[str], layout_names: list[str], policy: Policy = Policy(),
              report: Callable[[JobResult], None] = lambda r: None) -> list[JobResult]:
    """Build every locale × layout. Results come back in a stable order (locale, then layout)."""
    inputs = load_inputs(project, layout_names)
    results: list[JobResult] = []
    for locale in locales:
        try:
            prepared = prepare(inputs, locale, policy)
        except BrochureError as exc:
            for name in layout_names:
                result = JobResult(locale, name, error=exc)
                results.append(result)
                report(result)
            continue
        for name in layout_names:
            result = run_job(inputs, locale, name, prepared)
            results.append(result)
            report(result)
    return results
