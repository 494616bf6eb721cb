"""The unit symbols a number may be written with: one vocabulary for the number check
(``checks.numbers``: a translation keeps the source's unit on each number) and the text engine
(``text.breaks``: a line never breaks between a number and its unit, "400" / "mg").
"""

from __future__ import annotations

import re
import unicodedata

# Unit symbols written alike in the source and in translations that keep them; same unit,
# other spellings: mcg = ug = µg (micro sign or Greek mu), ml = mL, I.E. (German) = IU, and the
# Arabic percent and per mille signs. Compatibility characters are read as what they stand for
# (NFKC: "㎏" is kg, "ｇ" g, "℃" °C, "％" %).
UNIT_SPELLINGS = {"mcg": "µg", "ug": "µg", "μg": "µg", "μl": "µl", "μmol": "µmol", "i.e.": "iu", "ie": "iu",
                  "\u066a": "%", "\u0609": "‰", "\u060a": "‱", "° c": "°c", "° f": "°f"}
UNITS = ("mg", "g", "kg", "µg", "μg", "mcg", "ug", "ng", "cg", "ml", "l", "cl", "dl", "µl", "μl", "mmol", "µmol",
         "μmol", "mol", "iu", "i.e.", "ie", "%", "‰", "‱", "\u066a", "\u0609", "\u060a", "mm", "cm", "m", "km",
         "h", "min", "s", "ms", "°c", "°f", "° c", "° f", "kcal", "kj", "mmhg", "mg/dl", "mg/kg", "mmol/l", "g/dl", "µg/kg",
         "μg/kg", "mcg/kg", "ml/h", "mg/h", "mg/ml")
# The same units in the symbols of other scripts, as medicine labels write them: Cyrillic
# (GOST 8.417: "10 мг"), Hebrew (with gershayim, ASCII or Hebrew: מ"ג), Arabic, Devanagari and
# Thai abbreviations, and the Chinese and Japanese unit words (no space before them, and none
# after: "10毫克的"). Words that inflect ("Milligramm", "миллиграммов") are not listed, and
# one-letter symbols that are also words are left out (Russian "с" "with", "в"; Thai "ก.").
LOCAL_UNITS = {
    "мг": "mg", "г": "g", "кг": "kg", "мкг": "µg", "нг": "ng", "мл": "ml", "л": "l", "дл": "dl", "мкл": "µl",
    "ммоль": "mmol", "мкмоль": "µmol", "моль": "mol", "ме": "iu", "мо": "iu", "мм": "mm", "см": "cm", "км": "km",
    "ч": "h", "мин": "min", "хв": "min", "мс": "ms", "ккал": "kcal", "кдж": "kj",
    "мм рт. ст.": "mmhg", "мм рт.ст.": "mmhg", "мм рт. ст": "mmhg",
    'מ"ג': "mg", "מ״ג": "mg", 'ק"ג': "kg", "ק״ג": "kg", 'מק"ג': "µg", "מק״ג": "µg", 'מ"ל': "ml", "מ״ל": "ml",
    'מ"מ': "mm", "מ״מ": "mm", 'ס"מ': "cm", "ס״מ": "cm", 'ק"מ': "km", "ק״מ": "km",
    "ملغ": "mg", "ملغم": "mg", "ملجم": "mg", "مجم": "mg", "مغ": "mg", "غ": "g", "غم": "g", "كغ": "kg", "كغم": "kg",
    "كجم": "kg", "ميكروغرام": "µg", "ميكروجرام": "µg", "مكغ": "µg", "مل": "ml", "ملم": "mm", "سم": "cm", "كم": "km",
    "मि.ग्रा.": "mg", "मिग्रा": "mg", "ग्रा.": "g", "कि.ग्रा.": "kg", "किग्रा": "kg", "मि.ली.": "ml", "मिली": "ml",
    "मिलीग्राम": "mg", "ग्राम": "g", "किलोग्राम": "kg", "मिलीलीटर": "ml",
    "มก.": "mg", "กก.": "kg", "มล.": "ml", "ซม.": "cm", "มม.": "mm", "กม.": "km", "ชม.": "h",
    "มิลลิกรัม": "mg", "กรัม": "g", "กิโลกรัม": "kg", "ไมโครกรัม": "µg", "มิลลิลิตร": "ml", "ลิตร": "l",
    # the unit words of Persian (written with or without ZWNJ, which the checks do not see), Bengali,
    # Gurmukhi and Tamil, which do not inflect after a number
    "میلی\u200cگرم": "mg", "میلیگرم": "mg", "میلی گرم": "mg", "گرم": "g", "کیلوگرم": "kg", "میکروگرم": "µg",
    "میلی\u200cلیتر": "ml", "میلیلیتر": "ml", "میلی لیتر": "ml", "لیتر": "l",
    "মি.গ্রা.": "mg", "মিগ্রা": "mg", "মিলিগ্রাম": "mg", "গ্রাম": "g", "কেজি": "kg", "কিলোগ্রাম": "kg",
    "মাইক্রোগ্রাম": "µg", "মি.লি.": "ml", "মিলি": "ml", "মিলিলিটার": "ml", "লিটার": "l",
    "ਮਿਲੀਗ੍ਰਾਮ": "mg", "ਗ੍ਰਾਮ": "g", "ਕਿਲੋਗ੍ਰਾਮ": "kg", "ਮਾਈਕ੍ਰੋਗ੍ਰਾਮ": "µg", "ਮਿਲੀਲੀਟਰ": "ml",
    "மில்லிகிராம்": "mg", "கிராம்": "g", "கிலோகிராம்": "kg", "மைக்ரோகிராம்": "µg", "மில்லிலிட்டர்": "ml",
}
LOCAL_UNITS_CJK = {
    "毫克": "mg", "克": "g", "千克": "kg", "公斤": "kg", "微克": "µg", "纳克": "ng", "毫升": "ml", "升": "l",
    "毫摩尔": "mmol", "微摩尔": "µmol", "毫米": "mm", "厘米": "cm", "公里": "km", "千米": "km", "小时": "h",
    "分钟": "min", "毫秒": "ms", "千卡": "kcal", "毫米汞柱": "mmhg", "国际单位": "iu", "國際單位": "iu",
    "小時": "h", "分鐘": "min", "ミリグラム": "mg", "グラム": "g", "キログラム": "kg", "マイクログラム": "µg",
    "ミリリットル": "ml", "時間": "h", "分間": "min", "公克": "g", "公升": "l", "公分": "cm",
    "밀리그램": "mg", "그램": "g", "킬로그램": "kg", "마이크로그램": "µg", "밀리리터": "ml", "리터": "l",
}


def _alternatives(units) -> str:
    return "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))


# A symbol ends where no letter follows ("10 mg", not "10 mgs"); Chinese, Japanese and Korean
# text runs on without a space ("10mgを", "10℃下"). That test is case-sensitive (?-i:): it matches
# alike either way (every code point, tests/test_units.py), and case-insensitive, its class of
# 40,000 code points took 3 ms to compile at every start, each code point case-folded.
CJK_RANGES = (("\u3040", "\u30ff"), ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"), ("\uac00", "\ud7af"))
CJK_LETTER = "".join(f"{low}-{high}" for low, high in CJK_RANGES)  # the same, as a regex class's ranges
_UNIT = re.compile("[ \u00a0\u202f\u2009]?(?:(" + _alternatives(LOCAL_UNITS_CJK) + ")|("
                   + _alternatives([*UNITS, *LOCAL_UNITS]) + rf")(?-i:(?![^\W\d_{CJK_LETTER}])))", re.IGNORECASE)


_DEGREE_LIKE = str.maketrans("\u00ba\u02da", "°°")  # the ordinal indicator and the ring, drawn as a degree sign


def _compatible(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_DEGREE_LIKE))


def unit_after(text: str, end: int) -> tuple[str, int] | None:
    """The unit symbol written right after a number that ends at ``end``, and where the symbol
    ends; read in compatibility form (NFKC), so that "10㎏" is 10 kg and "8 ºF" 8 °F. None
    without one."""
    window = text[end:end + 24]
    read = window if window.isascii() else _compatible(window)
    m = _UNIT.match(read)
    if not m:
        return None
    unit = (m.group(1) or m.group(2)).lower()
    unit = LOCAL_UNITS_CJK.get(unit) or LOCAL_UNITS.get(unit) or UNIT_SPELLINGS.get(unit, unit)
    if read is window:
        return unit, end + m.end()
    return unit, end + next(k for k in range(1, len(window) + 1) if len(_compatible(window[:k])) >= m.end())


PERCENT_SIGNS = "%‰‱\u066a\u0609\u060a"
