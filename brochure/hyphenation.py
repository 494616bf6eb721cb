"""pyphen dictionaries, parsed once per machine instead of once per process.

Parsing pyphen's German dictionary (66,000 patterns) takes about a second, more than
rendering the brochure; ReportLab then reuses pyphen's in-process cache. We keep the
parsed patterns as JSON (not pickle: no code runs on load) next to the outputs and put
them into pyphen's cache before rendering, so worker processes forked afterwards share them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyphen

from .fsutil import atomic_write


def preload(locales: list[str], cache_dir: Path) -> None:
    """Fill pyphen's cache for ``locales`` from ``cache_dir``, parsing what is not there yet."""
    for locale in locales:
        language = pyphen.language_fallback(locale.replace("-", "_"))
        if not language:
            continue
        source = Path(pyphen.LANGUAGES[language])
        if source in pyphen.hdcache:
            continue
        stamp = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        cached = cache_dir / f"hyph-{language}-{pyphen.__version__}-{stamp}.json"
        dictionary = _load(cached, source)
        if dictionary is None:
            dictionary = pyphen.HyphDict(source)
            _save(cached, dictionary)
        pyphen.hdcache[source] = dictionary


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


def _save(cached: Path, dictionary) -> None:
    patterns = dictionary.patterns
    if not all(all(type(v) is int for v in values) for _, values in patterns.values()):
        return  # nonstandard hyphenation (alternatives) is kept in memory only
    data = {"maxlen": dictionary.maxlen, "patterns": {k: [s, list(v)] for k, (s, v) in patterns.items()}}
    atomic_write(cached, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
