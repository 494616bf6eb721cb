"""The unit symbols a number may be written with (``brochure.units``)."""

from __future__ import annotations

import re

from brochure import units


def test_a_unit_symbol_ends_where_no_letter_of_a_spaced_script_follows():
    """Every code point after "mg": a letter binds to the symbol ("10 mgs" has no unit), but not
    a letter of Chinese, Japanese or Korean, written without spaces ("10mgを"); a digit, a mark,
    an underscore, punctuation or nothing ends it."""
    letter, cjk = re.compile(r"[^\W\d_]"), re.compile(f"[{units.CJK_LETTER}]")
    binds = [code for code in range(0x110000) if letter.match(chr(code)) and not cjk.match(chr(code))]
    assert [code for code in range(0x110000) if not units._UNIT.match(" mg" + chr(code))] == binds


def test_a_unit_symbol_is_read_in_any_case():
    for text, end in (("5 mg", 4), ("5 MG", 4), ("5 Mg.", 4), ("5 МГ", 4), ("5 I.E.", 6), ("5 ° C", 5), ("5mgを", 3)):
        assert units.unit_after(text, 1)[1] == end
    for text in ("5 MGS", "5 Mgs", "5 mgé", "5 МГа"):
        assert units.unit_after(text, 1) is None
