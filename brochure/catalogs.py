"""Document → template (POT); template + PO → merged PO; PO text ↔ data model.

The data model is babel's ``Catalog``/``Message``; merging is babel's
``Catalog.update`` (msgmerge semantics: exact matches kept, changed strings
fuzzy with ``#|`` previous msgid, removed strings obsolete) plus the one thing
msgmerge does that babel does not: an obsolete entry whose msgid returns is
revived. Reading goes through the strict ``pofile`` gate; writing is our own
``generate_po`` (pure) so that headers written by translators' tools survive and
re-running on unchanged input yields the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import normalize

from . import markup
from .errors import BrochureError
from .fsutil import atomic_write, read_input, write_if_changed
from .labels import LABELS
from .model import HEADING, LIST_ITEM, PARAGRAPH, TITLE, Document
from .pofile import MAX_FILE_BYTES, parse_po

WIDTH = 76
CREATION_DATE = "POT-Creation-Date"
_KIND_COMMENTS = {
    TITLE: "Brochure title: first page and PDF title. At most about 90 characters.",
    HEADING: "Section heading. Keep it to one line (at most about 60 characters).",
    PARAGRAPH: "Paragraph. Keep every number, range, ratio and abbreviation (ALS, MSC, SOD1…); "
               "write numbers the way your language does.",
    LIST_ITEM: "Bullet-list item {n} of {total}; the items complete the sentence that ends the paragraph "
               "before the list.",
}


@dataclass
class PoFile:
    """A catalog with what the babel model does not keep: header order and source lines."""

    catalog: Catalog
    headers: list[tuple[str, str]]
    header_comment: list[str] = field(default_factory=list)
    path: str | None = None
    # (msgctxt, msgid) → line of its msgstr (or msgid) in the file, for path:line errors
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)
    header_lines: dict[str, int] = field(default_factory=dict)  # lower-case header name → line

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def header_line(self, name: str) -> int | None:
        return self.header_lines.get(name.lower())

    def line_of(self, message: Message) -> int | None:
        return self.lines.get((message.context, message.id))


# ---------------------------------------------------------------- extract (pure)

def template(document: Document) -> PoFile:
    """The translation template for ``document``: article blocks, then labels."""
    project = Path(document.path).stem
    catalog = Catalog(project=project, version=document.version, charset="utf-8", fuzzy=False)
    catalog.locale = None
    lists: dict[int, list] = {}
    for block in document.blocks:
        if block.kind == LIST_ITEM:
            lists.setdefault(block.group, []).append(block)
    for block in document.translatable():
        comment = _KIND_COMMENTS[block.kind]
        if block.kind == LIST_ITEM:
            items = lists[block.group]
            comment = comment.format(n=items.index(block) + 1, total=len(items))
        comments = [comment]
        if markup.signature(block.text):
            comments.append("Keep the **bold** and *italic* markers around the matching words.")
        catalog.add(block.text, locations=[(document.path, block.line)], auto_comments=comments,
                    context=block.kind)
    for label in LABELS:
        flags = ["python-brace-format"] if "{" in label.text else []
        catalog.add(label.text, auto_comments=[f"Label: {label.comment}"], flags=flags, context=label.name)
    headers = [
        ("Project-Id-Version", f"{project} {document.version}"),
        ("Report-Msgid-Bugs-To", ""),
        (CREATION_DATE, ""),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    comment = [f"Translations of {document.path} ({document.organisation}, {document.document_code}).",
               "The references of the appendix are printed verbatim and are not in this file."]
    return PoFile(catalog, headers, comment)


# ---------------------------------------------------------------- update (pure)

def new_po(template_po: PoFile, locale: str) -> PoFile:
    """An empty catalog for a new locale, headers filled from CLDR."""
    catalog = Catalog(locale=_babel_locale(locale), charset="utf-8", fuzzy=False)
    po = PoFile(catalog, list(template_po.headers), list(template_po.header_comment))
    po.header_comment[0] = po.header_comment[0].replace("Translations of", f"{locale} translations of", 1)
    return update(po, template_po, locale)


def update(po: PoFile, template_po: PoFile, locale: str) -> PoFile:
    """Merge ``template_po`` into ``po`` with msgmerge semantics. Never drops a translation."""
    catalog = po.catalog
    # msgmerge revives an obsolete entry whose msgid is back; babel would leave it obsolete
    # and start the active message empty.
    for message in template_po.catalog:
        if not message.id:
            continue
        key = (message.id, message.context) if message.context is not None else message.id
        old = catalog.obsolete.get(key)
        if old is not None and catalog.get(message.id, message.context) is None:
            del catalog.obsolete[key]
            catalog[message.id] = old
    before = _translations(catalog)
    # babel's fuzzy match ignores the context and takes the last translated message
    # with that msgid: remember its context to name the entry a fuzzy message came from.
    matched_context = {_fuzzy_key(m.id): m.context for m in catalog if m.id and m.string}
    catalog.update(template_po.catalog, update_creation_date=False)
    after = _translations(catalog) | {
        (matched_context.get(_fuzzy_key(m.previous_id[0])), m.previous_id[0], _string(m))
        for m in catalog if m.id and m.string and m.fuzzy and m.previous_id}
    lost = sorted(before - after, key=repr)
    if lost:  # a bug in the merge, never the translator's fault: refuse to write
        context, msgid, _ = lost[0]
        where = f"msgctxt {context!r}, " if context is not None else ""
        raise BrochureError(f"update would lose {len(lost)} translation(s), the first of {where}msgid "
                            f"{msgid[:40]!r}; nothing written", po.path)
    headers = _merge_headers(po.headers, template_po.headers, locale)
    return PoFile(catalog, headers, po.header_comment, po.path)


def _translations(catalog: Catalog) -> set[tuple]:
    """Every (msgctxt, msgid, msgstr) with a non-empty msgstr, active, fuzzy or obsolete."""
    return {(m.context, m.id, _string(m)) for m in [*catalog, *catalog.obsolete.values()] if m.id and m.string}


def _string(message: Message) -> str | tuple:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else message.string


def _fuzzy_key(msgid) -> str:
    return (msgid[0] if isinstance(msgid, (list, tuple)) else msgid).lower().strip()


def _merge_headers(current: list[tuple[str, str]], tmpl: list[tuple[str, str]], locale: str) -> list[tuple[str, str]]:
    out = list(current)
    names = {k.lower(): i for i, (k, _) in enumerate(out)}

    def put(name: str, value: str, overwrite: bool) -> None:
        i = names.get(name.lower())
        if i is None:
            names[name.lower()] = len(out)
            out.append((name, value))
        elif overwrite or not out[i][1] or "INTEGER" in out[i][1]:
            out[i] = (name, value)

    tvals = dict((k.lower(), v) for k, v in tmpl)
    put("Project-Id-Version", tvals["project-id-version"], overwrite=True)
    put(CREATION_DATE, tvals[CREATION_DATE.lower()], overwrite=True)
    put("Language", locale, overwrite=False)
    put("Content-Type", "text/plain; charset=UTF-8", overwrite=False)
    put("Content-Transfer-Encoding", "8bit", overwrite=False)
    nplurals, expr = get_plural(_babel_locale(locale))
    put("Plural-Forms", f"nplurals={nplurals}; plural={expr};", overwrite=False)
    return out


def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise BrochureError(f"'{locale}' is not a locale CLDR knows") from None


# ---------------------------------------------------------------- text ↔ model

def generate_po(po: PoFile) -> str:
    """Serialise ``po`` in gettext's layout (pure). Obsolete entries come last, as ``#~``."""
    out: list[str] = []
    out += [f"# {c}".rstrip() for c in po.header_comment]
    if po.catalog.fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    out += [f'"{_escape(f"{k}: {v}")}\\n"' for k, v in po.headers]
    out.append("")
    for message in po.catalog:
        if not message.id:
            continue
        out += _entry(message, obsolete=False)
    for message in po.catalog.obsolete.values():
        out += _entry(message, obsolete=True)
    return "\n".join(out) + "\n"


def _entry(message: Message, obsolete: bool) -> list[str]:
    prefix = "#~ " if obsolete else ""
    out = [f"# {c}".rstrip() for c in message.user_comments]
    if not obsolete:
        out += _wrap_comment("#.", message.auto_comments)
        refs = [f"{f}:{n}" if n else f for f, n in message.locations]
        if refs:
            out += _wrap_comment("#:", [" ".join(refs)])
    flags = sorted(message.flags)
    if flags:
        out.append("#, " + ", ".join(flags))
    if message.previous_id and not obsolete and "fuzzy" in message.flags:
        out.append(f"#| msgid {normalize(message.previous_id[0], prefix='#| ', width=WIDTH)}")
    if message.context is not None:
        out.append(f"{prefix}msgctxt {normalize(message.context, prefix=prefix, width=WIDTH)}")
    out.append(f"{prefix}msgid {normalize(message.id, prefix=prefix, width=WIDTH)}")
    out.append(f"{prefix}msgstr {normalize(message.string or '', prefix=prefix, width=WIDTH)}")
    out.append("")
    return out


def _wrap_comment(prefix: str, comments: list[str]) -> list[str]:
    import textwrap

    out = []
    for comment in comments:
        for line in textwrap.wrap(comment, WIDTH - len(prefix) - 1, break_long_words=False,
                                  break_on_hyphens=False) or [""]:
            out.append(f"{prefix} {line}".rstrip())
    return out


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def parse_catalog(data: bytes, path: str, locale: str | None = None) -> PoFile:
    """Strictly parse a .po/.pot into the data model; errors carry ``path:line``."""
    parsed = parse_po(data, path)
    language = parsed.header_value("Language") or locale
    babel_locale = None
    if language:
        try:
            babel_locale = Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise BrochureError(f"Language header '{language}' is not a locale CLDR knows", path) from None
    catalog = Catalog(locale=babel_locale, charset="utf-8", fuzzy=parsed.header_fuzzy)
    lines = {(None, ""): parsed.header_line}
    for entry in parsed.entries:
        if entry.msgid_plural is not None:
            raise BrochureError("plural messages are not used by brochures", path, entry.msgid_line)
        message = Message(
            entry.msgid, entry.msgstr.get(0, ""), locations=entry.references, flags=entry.flags,
            auto_comments=entry.extracted_comments, user_comments=entry.translator_comments,
            previous_id=entry.previous_msgid or (), lineno=entry.msgid_line, context=entry.msgctxt,
        )
        if entry.obsolete:
            key = (entry.msgid, entry.msgctxt) if entry.msgctxt is not None else entry.msgid
            catalog.obsolete[key] = message
        else:
            catalog[entry.msgid] = message
            lines[(entry.msgctxt, entry.msgid)] = entry.msgstr_line or entry.msgid_line
    return PoFile(catalog, parsed.header, parsed.header_comment, path, lines, parsed.header_lines)


# ---------------------------------------------------------------- I/O at the edges

def read_catalog(path: str | Path, display_path: str | None = None) -> PoFile:
    shown = display_path or str(path)
    return parse_catalog(read_input(path, shown, "catalog", MAX_FILE_BYTES), shown)


def write_template(path: str | Path, po: PoFile, now: dt.datetime | None = None) -> bool:
    """Write the POT unless only its creation date would change. Returns True if written."""
    target = Path(path)
    previous = None
    if target.exists():
        try:
            previous = parse_catalog(target.read_bytes(), str(path))
        except BrochureError:
            previous = None
    stamp = None
    if previous is not None:
        old_stamp = previous.header(CREATION_DATE) or ""
        candidate = _with_header(po, CREATION_DATE, old_stamp)
        if generate_po(candidate).encode("utf-8") == target.read_bytes():
            return False
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    atomic_write(target, generate_po(_with_header(po, CREATION_DATE, stamp)).encode("utf-8"))
    return True


def write_catalog(path: str | Path, po: PoFile) -> bool:
    """Atomically write a .po; untouched when the bytes would be the same. True if written."""
    return write_if_changed(path, generate_po(po).encode("utf-8"))


def _with_header(po: PoFile, name: str, value: str) -> PoFile:
    headers = [(k, value if k == name else v) for k, v in po.headers]
    return PoFile(po.catalog, headers, po.header_comment, po.path, po.lines, po.header_lines)


# ---------------------------------------------------------------- statistics

@dataclass(frozen=True)
class Stats:
    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(po: PoFile) -> Stats:
    messages = [m for m in po.catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
    translated = sum(1 for m in messages if m.string and not m.fuzzy)
    return Stats(len(messages), translated, fuzzy, len(messages) - translated - fuzzy)
