"""Page furniture: the canvas's colour rule."""

from __future__ import annotations

import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, PCMYKColorSep, black

from brochure.pages import REGISTRATION, cmyk_or_registration


def test_the_colour_rule_keeps_cmyk_and_the_registration_colour_and_prints_greys_in_black_ink():
    accent = CMYKColor(1, 0.6, 0, 0)
    assert cmyk_or_registration(accent) is accent
    assert cmyk_or_registration(REGISTRATION) is REGISTRATION  # prints on every plate
    for grey, k, alpha in ((black, 1, 1), ("black", 1, 1), (Color(0.25, 0.25, 0.25, alpha=0.5), 0.75, 0.5)):
        ink = cmyk_or_registration(grey)
        assert type(ink) is CMYKColor and ink.cmyk() == (0, 0, 0, k) and ink.alpha == alpha


def test_any_other_spot_colour_prints_as_its_cmyk_alternate_and_rgb_is_refused():
    for spot in (CMYKColorSep(0.1, 0.2, 0.3, 0.4, spotName="Gold", density=0.5),
                 PCMYKColorSep(10, 20, 30, 40, spotName="Gold", density=50)):
        plain = cmyk_or_registration(spot)
        assert type(plain) is CMYKColor and vars(plain) == {**vars(spot), "alpha": plain.alpha}
        assert (plain.cyan, plain.magenta, plain.yellow, plain.black, plain.density) == (0.1, 0.2, 0.3, 0.4, 0.5)
    with pytest.raises(ValueError, match="CMYK"):
        cmyk_or_registration(Color(1, 0, 0))
