"""pyphen dictionaries, parsed once per machine instead of once per process.

Parsing pyphen's German dictionary (66,000 patterns) takes about a second, more than
rendering the brochure; ReportLab then reuses pyphen's in-process cache. We keep the
parsed patterns as JSON (not pickle: no code runs on load) next to the outputs. Reading
them back still costs about 0.1 s a language, so the words hyphenated by earlier runs are
kept too (``…-words.json``, pyphen's own per-word answers) and the patterns are read only
when a word is not among them: in the worker that meets it, not serially before the pool starts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyphen

from .errors import BrochureError
from .fsutil import atomic_write


def preload(locales: list[str], cache_dir: Path) -> None:
    """Put a dictionary for each of ``locales`` into pyphen's cache: it answers the words of
    earlier runs from ``cache_dir`` and reads (or parses) the patterns on its first new word."""
    for locale in locales:
        language = pyphen.language_fallback(locale.replace("-", "_"))
        if not language:
            continue
        source = Path(pyphen.LANGUAGES[language])
        if source in pyphen.hdcache:
            continue
        stamp = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        pyphen.hdcache[source] = _Lazy(source, cache_dir / f"hyph-{language}-{pyphen.__version__}-{stamp}.json")


def remember() -> None:
    """Keep the words this process hyphenated for the next run (called after each job; a
    lost race between two workers only costs the next run a read of the patterns)."""
    for dictionary in list(pyphen.hdcache.values()):
        if isinstance(dictionary, _Lazy) and dictionary.standard and len(dictionary.cache) > dictionary.known:
            words = {word: [int(p) for p in points] for word, points in dictionary.cache.items()}
            _keep(dictionary.words_path, {"maxlen": dictionary.maxlen, "words": words}, sort_keys=True)
            dictionary.known = len(words)


class _Lazy(pyphen.HyphDict):
    """pyphen's dictionary, its patterns read on first use; answers already known are in
    ``cache`` (pyphen's own word → positions memo) from the start."""

    def __init__(self, source: Path, cached: Path):  # pyphen's __init__ would parse the file
        self.source, self.cached = source, cached
        self.words_path = cached.with_name(cached.stem + "-words.json")
        self._dictionary = None
        self.cache, self._maxlen = {}, None
        try:
            data = json.loads(self.words_path.read_text(encoding="utf-8"))
            self.cache = {word: [pyphen.DataInt(p) for p in points] for word, points in data["words"].items()}
            self._maxlen = data["maxlen"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.cache, self._maxlen = {}, None
        self.known = len(self.cache)
        self.standard = True  # known once the patterns are read: alternatives (ff=f) are not kept

    def _loaded(self):
        if self._dictionary is None:
            dictionary = _load(self.cached, self.source)
            if dictionary is None:
                dictionary = pyphen.HyphDict(self.source)
                _save(self.cached, dictionary)
            self.standard = _standard(dictionary)
            self._dictionary = dictionary
        return self._dictionary

    @property
    def patterns(self):
        return self._loaded().patterns

    @property
    def maxlen(self):
        return self._maxlen if self._maxlen is not None else self._loaded().maxlen


def _load(cached: Path, source: Path):
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns = data["patterns"]  # [start, [values]]: pyphen only indexes and iterates them
    dictionary.cache = {}
    dictionary.maxlen = data["maxlen"]
    return dictionary


def _standard(dictionary) -> bool:
    return all(all(type(v) is int for v in values) for _, values in dictionary.patterns.values())


def _save(cached: Path, dictionary) -> None:
    patterns = dictionary.patterns
    if not _standard(dictionary):
        return  # nonstandard hyphenation (alternatives) is kept in memory only
    data = {"maxlen": dictionary.maxlen, "patterns": {k: [s, list(v)] for k, (s, v) in patterns.items()}}
    _keep(cached, data)


def _keep(path: Path, data: dict, sort_keys: bool = False) -> None:
    """Write a cache file if the output folder takes it: a cache that cannot be written costs the
    next run a parse, and must not fail the PDF (whose own write says what is wrong)."""
    try:
        atomic_write(path, json.dumps(data, ensure_ascii=False, sort_keys=sort_keys,
                                      separators=(",", ":")).encode("utf-8"))
    except BrochureError:
        pass
