"""Translation memory: what `update` offers a document's new messages from the project's
other catalogs of the same locale (every document, active and obsolete entries).

It only fills messages the document's own catalog has no translation for (msgmerge's own
matching, ``catalogs.update``, goes first), so it can never replace or lose a translation; the
optional front matter (organisation, contact lines) is left as the translator left it:

* an exact match of msgctxt and msgid is reused, marked ``fuzzy`` with a translator comment
  ``# TM: from <doc>`` — or taken as translated when ``memory.yaml`` says ``trust_exact: true``,
  and always for the program's labels (footer, colophon, references: the same words in every
  document, which the build prints from the program's own catalog when fuzzy anyway);
* otherwise the most similar translated msgid (rapidfuzz's normalised Indel similarity, the
  measure of msgmerge's fstrcmp; the same msgctxt wins a tie, as in GNU) above
  ``threshold`` is offered as ``fuzzy`` with the text it translated as ``#| msgid``, as
  ``msgmerge -C compendium`` does.

Only reviewed text is offered: fuzzy entries of other catalogs are not in the memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from rapidfuzz import fuzz, process

from . import catalogs, labels
from .catalogs import FUZZY_THRESHOLD, PoFile
from .errors import BrochureError
from .project import Project
from .yamlutil import build, compose

SETTINGS_FILE = "memory.yaml"
TM_COMMENT = "TM: from "


@dataclass(frozen=True)
class Settings:
    """``memory.yaml`` in the project folder (optional; these are the defaults)."""

    enabled: bool = True
    trust_exact: bool = False  # exact matches taken as translated, not fuzzy
    threshold: float = FUZZY_THRESHOLD * 100  # similarity in percent above which a near match is offered


@dataclass(frozen=True)
class Unit:
    """One translation in the memory."""

    context: str | None
    source: str
    target: str
    doc: str


class Memory:
    def __init__(self, units: list[Unit]):
        self.exact: dict[tuple[str | None, str], Unit] = {}
        for unit in units:  # the first wins: documents in name order, active before obsolete
            self.exact.setdefault((unit.context, unit.source), unit)
        self.units = list(self.exact.values())
        self._sources = [u.source for u in self.units]

    def __len__(self) -> int:
        return len(self.units)

    def closest(self, context: str | None, source: str, threshold: float) -> tuple[Unit, float] | None:
        """The most similar unit above ``threshold`` (0–100); the same msgctxt wins a tie (GNU's bonus)."""
        best, best_score = None, threshold
        # the top candidates by text; the context bonus only breaks ties
        for _, score, i in process.extract(source, self._sources, scorer=fuzz.ratio, limit=8,
                                           score_cutoff=threshold):
            unit = self.units[i]
            weight = score + 100 * catalogs.context_bonus(context, unit.context)
            if weight > best_score or (weight == best_score and best is None):
                best, best_score = unit, weight
        return (best, best_score) if best is not None and best_score > threshold else None


def settings(project: Project) -> Settings:
    path = project.root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    shown = project.rel(path)
    node = compose(path, shown)
    result = Settings() if node is None else build(Settings, node, shown)
    if not 0 < result.threshold <= 100:
        raise BrochureError(f"threshold: {result.threshold:g} is not a similarity between 0 and 100", shown)
    return result


def load(project: Project, locale: str, doc: str) -> Memory:
    """Every translated, non-fuzzy entry of the locale's catalogs of the other documents."""
    units = []
    folder = project.locales_dir / locale / "LC_MESSAGES"
    obsolete = []
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        if path.stem == doc:
            continue
        try:
            po = catalogs.read_catalog(path, project.rel(path))
        except BrochureError:  # a broken catalog lends nothing; `check` and `build` report it
            continue
        units += _units(po.catalog, path.stem)
        obsolete += _units(po.catalog.obsolete.values(), path.stem)
    return Memory(units + obsolete)


def _units(messages, doc: str) -> list[Unit]:
    return [Unit(m.context, m.id, m.string, doc) for m in messages
            if m.id and isinstance(m.string, str) and m.string and not m.fuzzy]


def prefill(po: PoFile, memory: Memory, config: Settings) -> int:
    """Fill ``po``'s untranslated messages from ``memory`` (in place); the number filled."""
    if not len(memory):
        return 0
    filled = 0
    for message in po.catalog:
        # front matter left empty on purpose prints as written; a fuzzy fill would make it "missing"
        if not message.id or message.string or catalogs.optional(message):
            continue
        key = (message.context, message.id)
        unit = memory.exact.get(key)
        if unit is not None:
            _take(message, unit)
            if not (config.trust_exact or message.context in labels.BY_NAME):
                message.flags.add("fuzzy")
        else:
            found = memory.closest(message.context, message.id, config.threshold)
            if found is None:
                continue
            unit = found[0]
            _take(message, unit)
            message.flags.add("fuzzy")
            po.previous[key] = (unit.context, unit.source)
            message.previous_id = [unit.source]
        filled += 1
    return filled


def _take(message: Message, unit: Unit) -> None:
    message.string = unit.target
    comment = f"{TM_COMMENT}{unit.doc}"
    if comment not in message.user_comments:
        message.user_comments = [*message.user_comments, comment]

