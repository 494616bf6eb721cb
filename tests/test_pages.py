"""Page furniture: the canvas's colour rule; the body columns' vertical justification."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, PCMYKColorSep, black
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from brochure.keep import KeepHeading
from brochure.pages import MAX_GAP_GROWTH, REGISTRATION, BodyFrame, cmyk_or_registration


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


class _Box(Flowable):
    """A block of a fixed height that notes where it is drawn on the page (its bottom)."""

    def __init__(self, height: float, after: float = 8.0, tight: bool = False):
        super().__init__()
        self.height, self.spaceAfter, self.drawn = height, after, []
        if tight:
            self.tight_after = True

    def wrap(self, availWidth, availHeight):
        return availWidth, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        self.drawn.append(canvas._currentMatrix[5] + y)  # on the page, also when drawn inside a block


def test_vertical_justification_stretches_the_gap_between_the_paragraphs_kept_with_a_heading():
    """A column holding only a heading kept with its two paragraphs (``KeepHeading``, one
    flowable to the frame) has a gap between those paragraphs like any other: the space left at
    the foot goes there, within the cap, and the gap under the heading stays tight. Before, the
    kept block hid its gaps and the column ended short (de A4 leaflet page 1: 16 pt)."""
    head, first, second = _Box(20, after=6, tight=True), _Box(60), _Box(60)
    kept = KeepHeading(head, [first, second], min_follow=20)
    frame = BodyFrame(0, 0, 100, 165, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                      max_growth=MAX_GAP_GROWTH)
    frame.add(kept, Canvas(io.BytesIO()))
    frame.finish(True)  # 11 pt left at the foot; the one stretchable gap (8 pt) may grow by 16
    assert head.drawn == [pytest.approx(145)] and first.drawn == [pytest.approx(79)]
    assert second.drawn == [pytest.approx(0)]
    assert frame.end == pytest.approx(0)
