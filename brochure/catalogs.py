"""Document → template (POT); template + PO → merged PO; PO text ↔ data model.

The data model is babel's ``Catalog``/``Message``; merging is babel's
``Catalog.update`` (msgmerge semantics: exact matches kept, changed strings
fuzzy with ``#|`` previous msgid, removed strings obsolete) plus the one thing
msgmerge does that babel does not: an obsolete entry whose msgid returns is
revived, and an obsolete plural entry (kept, as babel's plural ``Message``; brochures have
no active one) lends its msgstr[0]. Reading goes through the strict ``pofile`` gate; writing is our own
``generate_po`` (pure) so that headers written by translators' tools survive and
re-running on unchanged input yields the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from . import __version__, markup
from .errors import BrochureError
from .fsutil import atomic_write, read_input, write_if_changed
from .labels import LABELS
from .localetext import require_locale
from .model import FRONT_MATTER_CONTACT, FRONT_MATTER_ORGANISATION, FRONT_MATTER_TAGLINE, HEADING, LIST_ITEM, PARAGRAPH, TITLE, Document
from .pofile import MAX_FILE_BYTES, parse_po
from .powrap import PAGE_WIDTH, wrap

CREATION_DATE = "POT-Creation-Date"
GENERATOR = f"brochure {__version__}"
_KIND_COMMENTS = {
    TITLE: "Brochure title: first page and PDF title. At most about 90 characters.",
    HEADING: "Section heading. Keep it to one line (at most about 60 characters).",
    PARAGRAPH: "Paragraph. Keep every number, range, ratio, abbreviation and reference number; "
               "write numbers the way your language does.",
    LIST_ITEM: "Bullet-list item {n} of {total}.",
}
# A list after a paragraph: its items usually finish that paragraph's last sentence
_LEAD_IN = "Bullet-list item {n} of {total}; the items complete the sentence that ends the paragraph before the list."


# (previous msgctxt, previous msgid or (msgid, msgid_plural)): what a `#|` block says
Previous = tuple[str | None, str | tuple[str, str]]


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
    # (msgctxt, msgid) → (previous msgctxt, previous msgid): the `#|` lines of a fuzzy or
    # obsolete entry, i.e. the source text its translation was made from; the previous msgid is
    # a (msgid, msgid_plural) pair when it was a plural message (``Previous``)
    previous: dict[tuple[str | None, str], Previous] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def header_line(self, name: str) -> int | None:
        return self.header_lines.get(name.lower())

    def line_of(self, message: Message) -> int | None:
        return self.lines.get((message.context, message.id))


# ---------------------------------------------------------------- messages

def _message(id: str, string: str = "", *, flags=(), auto_comments=(), user_comments=(), **rest) -> Message:
    """A babel ``Message`` with exactly these flags and comments, as GNU keeps them.

    babel's constructor guesses ``python-format`` from the msgid ("10% of" reads as a
    "% o" directive, and msgfmt --check, Poedit and Weblate then refuse a correct
    "10 % sont"), ``python-brace-format`` likewise, and merges repeated comment lines.
    """
    message = Message(id, string, flags=flags, **rest)
    message.flags = set(flags)
    message.auto_comments, message.user_comments = list(auto_comments), list(user_comments)
    return message


def _add(catalog: Catalog, id: str, **fields) -> None:
    catalog[id] = _message(id, **fields)


# ---------------------------------------------------------------- extract (pure)

def template(document: Document) -> PoFile:
    """The translation template for ``document``: article blocks, then labels."""
    project = Path(document.path).stem
    catalog = Catalog(project=project, version=document.version, charset="utf-8", fuzzy=False)
    catalog.locale = None
    lists: dict[int, list] = {}
    lead_in: set[int] = set()  # the groups that follow a paragraph
    before = None
    for block in document.blocks:
        if block.kind == LIST_ITEM:
            if block.group not in lists and before is not None and before.kind == PARAGRAPH:
                lead_in.add(block.group)
            lists.setdefault(block.group, []).append(block)
        before = block
    # a text that stands twice is one message with both places and both comments whole
    # (babel's merge keeps each line once: a wrapped comment lost its repeated lines)
    merged: dict[tuple[str, str], tuple[list, list[str]]] = {}
    for block in document.translatable():
        comment = _KIND_COMMENTS[block.kind]
        if block.kind == LIST_ITEM:
            items = lists[block.group]
            comment = (_LEAD_IN if block.group in lead_in else comment).format(
                n=items.index(block) + 1, total=len(items))
        locations, comments = merged.setdefault((block.kind, block.text), ([], []))
        locations.append((document.path, block.line))
        more = [comment] + (["Keep the **bold** and *italic* markers around the matching words."]
                            if markup.signature(block.text) else [])
        comments += [c for c in more if c not in comments]
    for (kind, text), (locations, comments) in merged.items():
        _add(catalog, text, locations=locations, context=kind,
             auto_comments=[line for comment in comments for line in _wrap_comment(comment)])
    # Printed front matter: optional to translate (names and addresses may stay as written).
    _add(catalog, document.organisation, auto_comments=_wrap_comment(
        "Name of the publishing organisation (front matter), printed on the first page, in the colophon "
        "and on the back cover. Leave it empty to print it as written; translate it only if the "
        "organisation uses a name of its own in your language."), context=FRONT_MATTER_ORGANISATION)
    if document.tagline:
        _add(catalog, document.tagline, auto_comments=_wrap_comment(
            "The organisation's tagline (front matter): one line under its name on the first page."),
            context=FRONT_MATTER_TAGLINE)
    for n, line in enumerate(dict.fromkeys(document.contact), 1):
        _add(catalog, line, auto_comments=_wrap_comment(
            f"Contact line {n} of {len(document.contact)} (front matter), printed on the back cover. "
            "Translate words such as opening hours; keep names, numbers, addresses and web addresses. "
            "Leave it empty to print it as written."), context=FRONT_MATTER_CONTACT)
    for label in LABELS:
        flags = ["python-brace-format"] if "{" in label.text else []
        _add(catalog, label.text, auto_comments=_wrap_comment(f"Label: {label.comment}"), flags=flags,
                    context=label.name)
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
    """Merge ``template_po`` into ``po`` as GNU msgmerge does. Never drops a translation.

    Per template message: the entry with the same msgctxt and msgid (active or
    obsolete) keeps its translation, flags and translator comments; otherwise
    the most similar translated entry (similarity > 0.6, the same msgctxt
    winning a tie) lends its translation as ``fuzzy``, with the text that
    translation was made from as ``#| msgctxt``/``#| msgid`` — the first
    source text, not an intermediate one, after several edits (a fuzzy
    entry without ``#|`` lends none). Unused
    translated entries become obsolete; untranslated ones go.
    """
    old = po.catalog
    # in the old file's order, obsolete entries among the others: the order msgmerge writes
    # the ones that go obsolete in
    defs = sorted([m for m in old if m.id] + list(old.obsolete.values()), key=lambda m: m.lineno or 0)
    by_key = {}
    for message in defs:
        by_key.setdefault(_key(message), message)
    candidates = [m for m in defs if first_string(m)]
    catalog = Catalog(locale=old.locale, charset="utf-8", fuzzy=old.fuzzy)
    previous: dict[tuple[str | None, str], Previous] = {}
    used: set[int] = set()
    reused: set[tuple] = set()  # a fuzzy match carries its source's translation on
    for tmpl in template_po.catalog:
        if not tmpl.id:
            continue
        key = (tmpl.context, tmpl.id)
        message = _message(tmpl.id, "", locations=list(tmpl.locations), flags=set(tmpl.flags) - {"fuzzy"},
                           auto_comments=list(tmpl.auto_comments), context=tmpl.context)
        source = by_key.get(key)
        if source is not None and not source.pluralizable:
            fuzzy = source.fuzzy
            earlier = po.previous.get(key)
        else:
            # an obsolete plural entry of the same msgid lends its msgstr[0] as fuzzy, as msgmerge does
            source = source or _closest(tmpl, candidates)
            fuzzy = source is not None
            if source is not None:
                # a fuzzy entry's msgid is not known to be what its translation was made
                # from: only its own `#|` (none if it has none), as msgmerge takes it
                earlier = po.previous.get(_key(source)) if source.fuzzy else (source.context, source.id)
        if source is not None:
            used.add(id(source))
            if _key(source) != key or source.pluralizable:
                reused.add((source.context, source.id, _string(source)))
            message.string = first_string(source)
            message.user_comments = list(source.user_comments)
            if fuzzy and message.string:
                message.flags.add("fuzzy")
                if earlier is not None:
                    previous[key] = earlier
                    message.previous_id = list(earlier[1]) if isinstance(earlier[1], tuple) else [earlier[1]]
        catalog[tmpl.id] = message
    for message in defs:
        if id(message) not in used and first_string(message):
            key = _key(message)
            obsolete = _message(message.id, message.string, flags=message.flags, user_comments=message.user_comments,
                                previous_id=message.previous_id, lineno=message.lineno, context=message.context)
            catalog.obsolete[key if message.context is not None else key[1]] = obsolete
            if key in po.previous:
                previous[key] = po.previous[key]
    lost = sorted(_translations(old) - _translations(catalog) - reused, key=repr)
    if lost:  # a bug in the merge, never the translator's fault: refuse to write
        context, msgid, _ = lost[0]
        where = f"msgctxt {context!r}, " if context is not None else ""
        raise BrochureError(f"update would lose {len(lost)} translation(s), the first of {where}msgid "
                            f"{msgid[:40]!r}; nothing written", po.path)
    headers = _merge_headers(po.headers, template_po.headers, locale)
    return PoFile(catalog, headers, po.header_comment, po.path, previous=previous)


FUZZY_THRESHOLD = 0.6


def _closest(message: Message, candidates: list[Message]) -> Message | None:
    """msgmerge's fuzzy match: the most similar translated msgid above the threshold.

    GNU's measure: fstrcmp of the UTF-8 bytes, i.e. the Indel (LCS) similarity, plus 0.00001
    for a candidate with the same msgctxt or none (difflib's ratio finds fewer matches in a
    reordered sentence: 0.31 against GNU's 0.65 for one rewrite, which msgmerge offers as
    fuzzy). The first best in GNU's order wins (``_fuzzy_index``).
    """
    from rapidfuzz.distance import Indel  # here: only `update` matches, and a build need not import it

    best, best_weight = None, FUZZY_THRESHOLD
    wanted = message.id.encode("utf-8")
    for candidate in _fuzzy_index(message.id, candidates):
        weight = (Indel.normalized_similarity(wanted, _key(candidate)[1].encode("utf-8"))
                  + context_bonus(message.context, candidate.context))
        if weight > best_weight:
            best, best_weight = candidate, weight
    return best


def _fuzzy_index(msgid: str, candidates: list[Message]) -> list[Message]:
    """The candidates msgmerge's fuzzy index offers for ``msgid``, in its order: those sharing
    a 4-character sequence with it, the most (of msgid's sequences) first, then in file order.
    A msgid under 4 characters is compared with every candidate, the shorter first."""
    grams = [msgid[i:i + 4] for i in range(len(msgid) - 3)]
    if not grams:
        return sorted(candidates, key=lambda candidate: len(_key(candidate)[1].encode("utf-8")))
    ranked = []
    for index, candidate in enumerate(candidates):
        theirs = _four_grams(_key(candidate)[1])
        shared = sum(gram in theirs for gram in grams)
        if shared:
            ranked.append((-shared, index, candidate))
    return [candidate for *_, candidate in sorted(ranked, key=lambda item: item[:2])]


@lru_cache(maxsize=4096)  # a catalog's candidates are tried for every changed message
def _four_grams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 4] for i in range(len(text) - 3))


def context_bonus(context: str | None, candidate: str | None) -> float:
    """GNU's tie-breaker: a candidate with the same msgctxt, or none, is worth 0.00001 more."""
    return 0.00001 if candidate is None or candidate == context else 0.0


def _translations(catalog: Catalog) -> set[tuple]:
    """Every (msgctxt, msgid, msgstr) with a non-empty msgstr, active, fuzzy or obsolete."""
    return {(m.context, m.id, _string(m)) for m in [*catalog, *catalog.obsolete.values()] if m.id and first_string(m)}


def _string(message: Message) -> str | tuple:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else message.string


def _key(message: Message) -> tuple[str | None, str]:
    """(msgctxt, msgid); a plural message (an obsolete one: none is active) by its singular msgid."""
    return (message.context, message.id[0] if message.pluralizable else message.id)


def first_string(message: Message) -> str:
    """The msgstr, or a plural message's msgstr[0]: GNU counts a plural entry as translated by
    it (msgmerge drops an obsolete one whose msgstr[0] is empty, and lends only msgstr[0])."""
    return message.string[0] if message.pluralizable else message.string


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
    # the template's own fields, as msgmerge copies them
    for name in ("Report-Msgid-Bugs-To", CREATION_DATE):
        if name.lower() in tvals:
            put(name, tvals[name.lower()], overwrite=True)
    put("Language", locale, overwrite=False)
    put("Content-Type", "text/plain; charset=UTF-8", overwrite=False)
    put("Content-Transfer-Encoding", "8bit", overwrite=False)
    nplurals, expr = get_plural(_babel_locale(locale))
    put("Plural-Forms", f"nplurals={nplurals}; plural={expr};", overwrite=False)
    put("X-Generator", GENERATOR, overwrite=False)  # a translator's tool may have written its own
    # msgmerge writes the standard fields in this order, then the others as they were
    rank = {name.lower(): i for i, name in enumerate(GNU_HEADER_ORDER)}
    return sorted(out, key=lambda field: rank.get(field[0].lower(), len(rank)))


GNU_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", CREATION_DATE, "PO-Revision-Date",
                    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding")


def gettext_spelling(locale: str) -> str:
    """``locale`` as catalog folders spell it: language lower case, script title case, region
    upper case, joined by ``_`` (``DE`` → ``de``, ``zh_hans`` → ``zh_Hans``, ``pt-BR`` → ``pt_BR``)."""
    language, *rest = re.split(r"[-_]", locale)
    return "_".join([language.lower(), *(part.title() if len(part) == 4 and part.isalpha() else part.upper()
                                         for part in rest)])


def check_locale_code(locale: str) -> None:
    """Refuse a locale code spelt otherwise than gettext spells it: ``locales/DE/`` beside
    ``locales/de/`` would be a second catalog of one language (and one folder on a
    case-insensitive disk)."""
    spelled = gettext_spelling(locale)
    if spelled != locale:
        raise BrochureError(f"'{locale}' is written '{spelled}' in catalog folders; use --locale {spelled}")
    _babel_locale(locale)


def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise BrochureError(f"'{locale}' is not a locale CLDR knows") from None


# ---------------------------------------------------------------- text ↔ model

def generate_po(po: PoFile) -> str:
    """Serialise ``po`` exactly as GNU msgcat would write it (pure); obsolete entries last."""
    out: list[str] = []
    out += _comment_lines("#", po.header_comment)
    if po.catalog.fuzzy:
        out.append("#, fuzzy")
    out += wrap("msgid", "")
    out += wrap("msgstr", "".join(f"{k}: {v}\n" for k, v in po.headers))
    for message in po.catalog:
        if message.id:
            out.append("")
            out += _entry(message, po.previous.get(_key(message)), obsolete=False)
    for message in po.catalog.obsolete.values():
        if first_string(message):  # msgmerge and msgcat drop untranslated obsolete entries
            out.append("")
            out += _entry(message, po.previous.get(_key(message)), obsolete=True)
    return "\n".join(out) + "\n"


def _entry(message: Message, previous: Previous | None, obsolete: bool) -> list[str]:
    prefix = "#~ " if obsolete else ""
    out = _comment_lines("#", message.user_comments)
    out += _comment_lines("#.", message.auto_comments)
    refs = [f"{f}:{n}" if n else f for f, n in message.locations]
    if refs:
        out += _references(refs)
    # GNU writes only the flags it knows: fuzzy (when translated) and the format flags
    flags = ["fuzzy"] if "fuzzy" in message.flags and first_string(message) else []
    flags += sorted(f for f in message.flags if f.endswith("-format"))
    if flags:
        out.append("#, " + ", ".join(flags))
    brace = "python-brace-format" in message.flags
    if previous is not None and (message.fuzzy or obsolete):
        prev_prefix = "#~| " if obsolete else "#| "
        if previous[0] is not None:
            out += wrap("msgctxt", previous[0], prev_prefix, brace_format=brace)
        out += _msgids(previous[1], prev_prefix, brace)
    if message.context is not None:
        out += wrap("msgctxt", message.context, prefix, brace_format=brace)
    out += _msgids(message.id, prefix, brace)
    if message.pluralizable:  # an obsolete plural entry, kept as msgmerge keeps it
        for index, string in enumerate(message.string):
            out += wrap(f"msgstr[{index}]", string, prefix, brace_format=brace)
    else:
        out += wrap("msgstr", message.string or "", prefix, brace_format=brace)
    return out


def _msgids(msgid: str | tuple[str, str], prefix: str, brace: bool) -> list[str]:
    """``msgid`` (and ``msgid_plural`` when ``msgid`` is a plural message's pair)."""
    if isinstance(msgid, str):
        return wrap("msgid", msgid, prefix, brace_format=brace)
    return wrap("msgid", msgid[0], prefix, brace_format=brace) + wrap("msgid_plural", msgid[1], prefix,
                                                                      brace_format=brace)


def _comment_lines(mark: str, comments: list[str]) -> list[str]:
    return [f"{mark} {c}" if c else mark for c in comments]


def _references(refs: list[str]) -> list[str]:
    """``#:`` lines: file:line items, a new line when the next would pass 79 columns."""
    lines, line = [], "#:"
    for ref in refs:
        if len(line) > 2 and len(line) + len(ref) + 1 > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + ref
    return [*lines, line]


def _wrap_comment(comment: str, width: int = PAGE_WIDTH - 3) -> list[str]:
    """A long ``#.`` comment as lines (ours; GNU keeps comment lines as they are)."""
    return textwrap.wrap(comment, width, break_long_words=False, break_on_hyphens=False) or [""]


def parse_catalog(data: bytes, path: str, locale: str | None = None) -> PoFile:
    """Strictly parse a .po/.pot into the data model; errors carry ``path:line``."""
    parsed = parse_po(data, path)
    language = parsed.header_value("Language") or locale
    babel_locale = None
    if language:
        try:
            babel_locale = Locale.parse(language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise BrochureError(f"Language header '{language}' is not a locale CLDR knows", path,
                                parsed.header_lines.get("language")) from None
    catalog = Catalog(locale=babel_locale, charset="utf-8", fuzzy=parsed.header_fuzzy)
    lines = {(None, ""): parsed.header_line}
    previous = {}
    for entry in parsed.entries:
        # an obsolete one is kept (msgmerge leaves it when a plural message leaves the source, and a
        # translator's file may come from another project): never printed, nothing to refuse
        if entry.msgid_plural is not None and not entry.obsolete:
            raise BrochureError("plural messages (msgid_plural) are not used by brochures; remove this entry", path,
                                entry.msgid_line)
        if not entry.msgid and not entry.obsolete:  # babel's Catalog takes any empty msgid for the header
            raise BrochureError("an empty msgid with a msgctxt is not used by brochures", path, entry.msgid_line)
        plural = entry.msgid_plural is not None
        earlier = entry.previous_msgid if entry.previous_msgid_plural is None else (
            entry.previous_msgid or "", entry.previous_msgid_plural)
        message = _message(
            (entry.msgid, entry.msgid_plural) if plural else entry.msgid,
            tuple(entry.msgstr[i] for i in sorted(entry.msgstr)) if plural else entry.msgstr.get(0, ""),
            locations=entry.references, flags=entry.flags,
            auto_comments=entry.extracted_comments, user_comments=entry.translator_comments,
            previous_id=earlier or (), lineno=entry.msgid_line, context=entry.msgctxt,
        )
        if earlier is not None:
            previous[(entry.msgctxt, entry.msgid)] = (entry.previous_msgctxt, earlier)
        if entry.obsolete:
            key = (entry.msgid, entry.msgctxt) if entry.msgctxt is not None else entry.msgid
            catalog.obsolete[key] = message
        else:
            catalog[entry.msgid] = message
            lines[(entry.msgctxt, entry.msgid)] = entry.msgstr_line or entry.msgid_line
    return PoFile(catalog, parsed.header, parsed.header_comment, path, lines, parsed.header_lines, previous)


# ---------------------------------------------------------------- I/O at the edges

def read_catalog(path: str | Path, display_path: str | None = None) -> PoFile:
    shown = display_path or str(path)
    path = Path(path)
    in_locale = path.suffix == ".po" and path.parent.name == "LC_MESSAGES"  # locales/<ll>/LC_MESSAGES/<doc>.po
    locale = path.parent.parent.name
    if in_locale:  # the folder names the locale: one CLDR does not know is this catalog's error
        require_locale(locale, shown)
    if in_locale and not path.exists():
        raise BrochureError(f"no catalog for locale '{locale}' yet; `update --doc {path.stem} --locale {locale}` "
                            "creates it", shown)
    if path.is_symlink():  # a link in a contributor's change would have check quote any readable file
        raise BrochureError("the catalog is a symbolic link; it must be a file of its own (check and build "
                            "would read, and quote in their errors, whatever file it points to)", shown)
    return parse_catalog(read_input(path, shown, "catalog", MAX_FILE_BYTES), shown)


def write_template(path: str | Path, po: PoFile, now: dt.datetime | None = None, shown: str | None = None) -> bool:
    """Write the POT unless only its creation date would change. Returns True if written;
    a write the system refuses names the file as ``shown``."""
    target = Path(path)
    previous = None
    if target.is_file():  # a folder in its place is not read: the write says what is wrong
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
    atomic_write(target, generate_po(_with_header(po, CREATION_DATE, stamp)).encode("utf-8"), shown)
    return True


def write_catalog(path: str | Path, po: PoFile, shown: str | None = None) -> bool:
    """Atomically write a .po; untouched when the bytes would be the same. True if written;
    a write the system refuses names the file as ``shown``."""
    return write_if_changed(path, generate_po(po).encode("utf-8"), shown)


def _with_header(po: PoFile, name: str, value: str) -> PoFile:
    headers = [(k, value if k == name else v) for k, v in po.headers]
    return PoFile(po.catalog, headers, po.header_comment, po.path, po.lines, po.header_lines, po.previous)


# ---------------------------------------------------------------- statistics

def optional(message: Message) -> bool:
    """Printed front matter (the organisation's name, contact lines): translating it is optional."""
    return message.context in (FRONT_MATTER_ORGANISATION, FRONT_MATTER_CONTACT)


@dataclass(frozen=True)
class Stats:
    """How many of a catalog's messages are translated, fuzzy or untranslated."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(po: PoFile) -> Stats:
    # front matter left empty prints as written (names, addresses): not missing
    messages = [m for m in po.catalog if m.id and not (optional(m) and not m.string)]
    fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
    translated = sum(1 for m in messages if m.string and not m.fuzzy)
    return Stats(len(messages), translated, fuzzy, len(messages) - translated - fuzzy)
