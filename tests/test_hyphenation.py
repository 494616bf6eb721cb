import pyphen

from brochure import hyphenation

WORDS = ["Lateralsklerose", "Muskelschwäche", "Elektromyographie", "Nervenleitgeschwindigkeit", "Erkrankung"]


def test_cached_dictionary_hyphenates_exactly_like_a_fresh_parse(tmp_path):
    source = pyphen.LANGUAGES["de"]
    fresh = pyphen.HyphDict(source)
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)
    assert not list(tmp_path.glob("hyph-de-*.json"))  # nothing read or parsed before a word needs it
    pyphen.hdcache[source].positions("Erkrankung")  # parses and writes the cache
    assert list(tmp_path.glob("hyph-de-*.json"))
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)  # reads the cache
    cached = pyphen.hdcache[source]
    assert [cached.positions(w) for w in WORDS] == [fresh.positions(w) for w in WORDS]
    assert pyphen.Pyphen(lang="de").inserted("Lateralsklerose") == "La-te-ral-s-kle-ro-se"
    pyphen.hdcache.pop(source, None)  # its memo lives in this test's folder


def test_locales_without_a_dictionary_are_skipped(tmp_path):
    hyphenation.preload(["tr", "zh_Hans", "ar"], tmp_path)
    assert not list(tmp_path.iterdir())


def test_words_of_earlier_runs_are_answered_without_reading_the_patterns(tmp_path):
    """A run keeps the words it hyphenated; the next one answers them from that memo, and
    reads the patterns only for a word it has not seen, with the same result as pyphen."""
    source = pyphen.LANGUAGES["de"]
    fresh = pyphen.HyphDict(source)
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)
    first = [pyphen.hdcache[source].positions(w) for w in WORDS[:3]]
    hyphenation.remember()
    assert list(tmp_path.glob("hyph-de-*-words.json"))
    pyphen.hdcache.pop(source, None)
    hyphenation.preload(["de"], tmp_path)
    again = pyphen.hdcache[source]
    assert [again.positions(w) for w in WORDS[:3]] == first == [fresh.positions(w) for w in WORDS[:3]]
    assert again._dictionary is None  # answered from the memo
    assert [again.positions(w) for w in WORDS[3:]] == [fresh.positions(w) for w in WORDS[3:]]
    assert again._dictionary is not None
    assert pyphen.Pyphen(lang="de").inserted("Nervenleitgeschwindigkeit") == \
        pyphen.Pyphen(filename=source).inserted("Nervenleitgeschwindigkeit")
    pyphen.hdcache.pop(source, None)


def _hyphenated(word: str, locale: str) -> str:
    from brochure.text.breaks import hyphen_points, hyphenation_language

    points = set(hyphen_points(word, hyphenation_language(locale)))
    return "".join(("-" if i in points else "") + ch for i, ch in enumerate(word))


def test_words_the_patterns_split_wrongly_are_split_as_a_dictionary_does():
    """Found in the shipped brochures (page-by-page review): German "Forts-chreiten",
    "Funktionss-törungen", Romanian "încuraje-ază", "dumne-avoastră" (a diphthong split)."""
    assert pyphen.Pyphen(lang="de_DE", left=3, right=3).inserted("Fortschreiten") == "Fort-s-chrei-ten"
    assert _hyphenated("Fortschreiten", "de") == "Fort-schrei-ten"
    assert _hyphenated("fortschreitenden", "de") == "fort-schrei-ten-den"
    assert _hyphenated("Funktionsstörungen", "de") == "Funk-tions-stö-run-gen"
    assert _hyphenated("încurajează", "ro") == "încu-ra-jează"  # three letters each side
    assert _hyphenated("dumneavoastră", "ro") == "dum-nea-voas-tră"


def test_russian_and_ukrainian_split_a_doubled_consonant_between_its_letters():
    """"знан-ня", "кас-са": pyphen's patterns carry the pair over whole ("захворюва-ння");
    a split that would leave two letters on the next line is dropped."""
    assert pyphen.Pyphen(lang="uk_UA", left=3, right=3).inserted("захворювання") == "зах-во-рю-ва-ння"
    assert _hyphenated("захворювання", "uk") == "зах-во-рю-вання"
    assert _hyphenated("обстеженням", "uk") == "обс-те-жен-ням"
    assert _hyphenated("проведенням", "uk") == "про-ве-ден-ням"
    assert "-нн" not in _hyphenated("исследования", "ru") and "-нн" not in _hyphenated("проведенням", "ru")
    assert _hyphenated("Wasserstoff", "de") == pyphen.Pyphen(lang="de_DE", left=3, right=3).inserted("Wasserstoff")
