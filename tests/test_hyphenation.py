import pyphen

from brochure import hyphenation

WORDS = ["Lateralsklerose", "Muskelschwäche", "Elektromyographie", "Nervenleitgeschwindigkeit", "Erkrankung"]


def test_cached_dictionary_hyphenates_exactly_like_a_fresh_parse(tmp_path):
    source = pyphen.LANGUAGES["de"]
    fresh = pyphen.HyphDict(source)
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)  # parses and writes the cache
    assert list(tmp_path.glob("hyph-de-*.json"))
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)  # reads the cache
    cached = pyphen.hdcache[source]
    assert [cached.positions(w) for w in WORDS] == [fresh.positions(w) for w in WORDS]
    assert pyphen.Pyphen(lang="de").inserted("Lateralsklerose") == "La-te-ral-s-kle-ro-se"


def test_locales_without_a_dictionary_are_skipped(tmp_path):
    hyphenation.preload(["tr", "zh_Hans", "ar"], tmp_path)
    assert not list(tmp_path.iterdir())
