"""Page depth (``brochure.depth``) on a model of a two-column page whose text runs on: where the
search sets the page's foot so that its columns end on one baseline."""

from types import SimpleNamespace

from brochure import depth
from brochure.pages import PageFlow

TOP, FOOT, LEADING = 600.0, 62.0, 18.2
LEFT_TEXT, RIGHT_TEXT = 83.0, 136.0  # where each column's text ends as set on the full page
LEFT_CAP, RIGHT_CAP = 40.0, 40.0  # how far each column's gaps may carry its text (2 and 1 gaps)


def _column(natural: float, foot: float, cap: float, gaps: int) -> tuple:
    """(natural, end, reach, growth) of a column that runs on, vertically justified."""
    slack = natural - foot
    if 0 < slack <= cap:
        return natural, foot, natural - cap, slack / gaps
    return natural, natural, natural - cap, 0.0


def _render(feet: dict) -> SimpleNamespace:
    """The page set to the foot ``feet`` gives it: a raised foot moves the left column's last
    lines to the right column, whose next heading, with its lines, still does not fit."""
    foot = feet.get(1, FOOT)
    left = _column(max(LEFT_TEXT, foot), foot, LEFT_CAP, 2)
    moved = max(0.0, foot - LEFT_TEXT)
    right = _column(max(RIGHT_TEXT - moved, foot), foot, RIGHT_CAP, 1)
    first = PageFlow(1, TOP, foot, FOOT, *zip(left, right), False)
    last = PageFlow(2, TOP, FOOT, FOOT, (None, None), (None, None), (None, None), (0.0, 0.0), True)
    layout = SimpleNamespace(page=SimpleNamespace(page_multiple=1, columns=2),
                             type=SimpleNamespace(body=SimpleNamespace(leading=LEADING)))
    return SimpleNamespace(layout=layout, flow=[first, last], pages=2, feet=dict(feet), body_end=(2, 0.5))


def test_a_page_whose_short_column_cannot_reach_the_foot_is_set_to_one_shorter_depth():
    """The model of the vi A4 leaflet's first page: the right column stops 74 pt short (its next
    heading does not fit with its lines), more than its gaps can take up, while the left one
    runs to the foot on stretched gaps. Before, the page stayed so (no raised foot); now both
    columns end on one baseline, as deep as that can be without a gap growing by more than a
    line: between the foot and where the short column ended."""
    before = _render({})
    assert before.flow[0].end == (FOOT, RIGHT_TEXT)
    feet = depth.settle(before, _render)
    assert 1 in feet, feet
    page = _render(feet).flow[0]
    assert abs(page.end[0] - page.end[1]) <= depth.TOLERANCE, page.end
    assert FOOT < page.end[0] < RIGHT_TEXT
    assert max(page.growth) <= LEADING + depth.TOLERANCE, page.growth
    # the deepest such depth, to a third of a line: 219 - 2 × foot ≤ 18.2 at foot ≥ 100.4
    assert page.end[0] <= 100.4 + LEADING / depth.STEPS_PER_LINE + depth.TOLERANCE, page.end


def test_a_page_whose_columns_end_level_is_left_as_it_is():
    level = _render({1: 130.0})  # both columns reach this foot
    assert level.flow[0].end == (130.0, 130.0)
    assert depth.settle(SimpleNamespace(**{**vars(level), "feet": {}}), _render) == {}
