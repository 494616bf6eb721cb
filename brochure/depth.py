"""Page depth: where the text of a page ends. Three page-level rules, all met by setting the
edition again with some pages' columns shortened (``render_pdf(feet=…)`` raises the foot of
the body columns on the pages it names), since platypus flows text forward only:

- **Facing pages end on one baseline** (booklets). A page whose next heading does not fit
  with its lines stops short, by more than its gaps can take up (vertical justification,
  ``pages.BodyFrame``); its facing page then runs on to the full depth. Both pages of such a
  spread are set again to one shorter depth, as deep as the short page's gaps can carry it,
  so they end on one baseline; a section's last page ends where its text ends.
- **The columns of a page end on one baseline** (two-column leaflets), the same rule for the
  columns of a page the text runs on from: one that stops short before a heading, by more than
  its gaps can take up, stood beside a column run to the foot on stretched gaps (vi's A4 first
  page: 74 pt apart). The page is set again to the deepest depth at which both end level with
  no gap grown by more than a line (or than one grew before), to a third of a line; kept only
  where the leaflet's columns end more level all in all, the section's last pages included
  (the text moved on may leave a last page less balanced).
- **The last page of a section has balanced columns** (two-column leaflets): the article's
  last page and the references' (with the colophon) are set again into columns of the least
  height that still holds them, found by a search over heights in steps of a third of a line.

Each change is kept only if the page count stays as it was, so no other page moves. Pure:
the caller passes a ``render(feet) -> Rendered | None`` (a draft: the search reads only its
flow; None where a block that cannot split no longer fits the shortened columns).
"""

from __future__ import annotations

from typing import Callable, NamedTuple

TOLERANCE = 1.0  # pt: two column feet this close end on one baseline
ATTEMPTS = 4  # tries per spread before its pages are left as they were
STEPS_PER_LINE = 3  # balancing: the column height grows by a third of a body line per try
LEVEL, HIGH, LOOSE, UNEVEN = "level", "high", "loose", "uneven"  # how a depth tried ends the areas
EXTRA_STEPS = 3  # ... and is tried this many steps more once it holds the page, for a better balance


def settle(first, render: Callable) -> dict[int, float]:
    """The raised column feet that level the facing pages and the columns of the pages the text
    runs on from, and balance the last pages, of ``first`` (a ``render.Rendered``);
    ``render(feet)`` may be a draft (its flow is read)."""
    page = first.layout.page
    result, feet = first, dict(first.feet)
    if page.page_multiple > 1:
        result, feet = _facing(result, render, feet)
    if page.columns > 1:
        # text a levelled page moves on may leave a section's last page less balanced (en A4:
        # its first page level, its last page's columns 73 pt apart): the more even of the two
        plain = _balanced(result, render, feet)
        level, level_feet = _columns(result, render, feet)
        levelled = _balanced(level, render, level_feet)
        result, feet = min(plain, levelled, key=lambda option: _unevenness(option[0]))
    return feet


def _unevenness(result) -> float:
    """How far apart the column feet of all its pages of two or more columns are, together."""
    return sum(_spread(page) for page in result.flow if len(page.end) > 1)


def _by_number(result) -> dict:
    return {page.number: page for page in result.flow}


class _Feet(NamedTuple):
    """Where a group of text areas set to one depth ends: a spread's two pages, or one page's
    columns."""

    ends: list  # each area's last baseline's foot, as drawn
    deepest: float  # as low as every area's gaps could carry its text, never below the foot as set
    shorts: list  # where the text of an area that stopped short ends as set
    foot: float  # the foot the areas are set to now, where they do not end level
    growth: float  # the most vertical justification added to one gap of theirs (inf: no limit)


def _even(ends: list) -> bool:
    return max(ends) - min(ends) <= TOLERANCE


def _facing(result, render: Callable, feet: dict) -> tuple:
    """Spread by spread (verso 2k, recto 2k + 1), in page order, since a change moves text on."""
    for verso in range(2, result.pages, 2):
        result, feet = _one_depth(result, render, feet, (verso, verso + 1), _spread_feet)
    return result, feet


def _spread_feet(result, numbers: tuple) -> _Feet | None:
    left, right = (_by_number(result).get(number) for number in numbers)
    if not _body_spread(left, right):
        return None
    shorts = [page.natural[-1] for page in (left, right) if page.last_end > page.full_foot + TOLERANCE]
    # a spread's gaps may grow as far as vertical justification lets them (the booklets as before)
    return _Feet([left.last_end, right.last_end], max(left.deepest, right.deepest, left.full_foot), shorts,
                 max(left.foot, right.foot), float("inf"))


def _columns(result, render: Callable, feet: dict) -> tuple:
    """Page by page, in order, since a change moves text on."""
    for number in range(1, result.pages + 1):
        result, feet = _one_depth(result, render, feet, (number,), _run_on_feet)
    return result, feet


def _run_on_feet(result, numbers: tuple) -> _Feet | None:
    """A page whose columns all hold text and run on: not its section's last page, nor the page
    where the article ends (its column ends there, the references start in the next: ht A4)."""
    page = _by_number(result).get(numbers[0])
    if page is None or page.section_end or any(y is None for y in page.end):
        return None
    if result.body_end is not None and result.body_end[0] == page.number:
        return None
    shorts = [page.natural[k] for k, y in enumerate(page.end) if y > page.foot + TOLERANCE]
    return _Feet(list(page.end), max(page.deepest, page.foot), shorts, page.foot, max(page.growth))


def _one_depth(result, render: Callable, feet: dict, numbers: tuple, measure: Callable) -> tuple:
    """The pages ``numbers`` set again to one shorter depth so that their text areas end on one
    baseline, if that keeps the page count, cuts no area shorter than it ended before and grows
    no gap by more than a line, or than one of theirs grew before."""
    now = measure(result, numbers)
    if now is None or _even(now.ends):
        return result, feet
    # never higher than the shorter area ended before: areas levelled by cutting them all
    # further short are worse than uneven ones (ur: both pages 40 % empty, 179 pt short)
    ceiling = max(now.ends)
    loosest = result.layout.type.body.leading

    def level_at(depth: float):
        """LEVEL (with the trial and its feet), HIGH (level above the ceiling), LOOSE (level, a
        gap grown too much), UNEVEN (with the shorter area's foot), or None where the page
        count changes."""
        trial = {**feet, **{number: depth for number in numbers}}
        again = render(trial)
        after = measure(again, numbers) if again is not None and again.pages == result.pages else None
        if after is None:
            return None
        if not _even(after.ends):
            return UNEVEN, max(after.ends)
        if max(after.ends) > ceiling + TOLERANCE:
            return HIGH,
        if after.growth > max(now.growth, loosest) + TOLERANCE:
            return LOOSE,
        return LEVEL, (again, trial)

    # as deep as every area's gaps can carry its text, never deeper than the foot as set; else no
    # higher than where a short area's text ends (its last paragraph would move on); else as
    # high as the shorter area of the last try
    depths = sorted({now.deepest, min([now.deepest] + now.shorts)})
    low, found = now.foot, None  # the deepest depth that leaves them uneven or loose, and a level one
    for _ in range(ATTEMPTS):
        depth = depths.pop(0)
        outcome = level_at(depth)
        if outcome is not None:
            if outcome[0] in (LEVEL, HIGH):
                found = (depth, outcome[1]) if outcome[0] == LEVEL else None
                break
            low = max(low, depth)
            # the shorter area sets the next try; a loose page, where the shorter area ended
            higher = outcome[1] if outcome[0] == UNEVEN else ceiling
            if higher > depth + TOLERANCE:
                depths = sorted(set(depths) | {higher})
        if not depths:
            break
    if found is None:
        return result, feet
    # the deepest level depth above the deepest uneven or loose one, to a third of a line (vi's
    # A4 leaflet: the first level try was where the short column ended, 74 pt above the foot)
    step = result.layout.type.body.leading / STEPS_PER_LINE
    high, best = found
    while high - low > step:
        middle = (high + low) / 2
        outcome = level_at(middle)
        if outcome is not None and outcome[0] == LEVEL:
            high, best = middle, outcome[1]
        else:
            low = middle
    return best


def _body_spread(left, right) -> bool:
    """Two facing pages of running text, neither the last page of its section."""
    return bool(left and right and not left.section_end and not right.section_end
                and left.last_end is not None and right.last_end is not None)


def _balanced(result, render: Callable, feet: dict) -> tuple:
    """Every section's last page, one after the other (each keeps the page count, so the others
    stay where they are)."""
    for page in [page for page in result.flow if page.section_end and len(page.natural) > 1
                 and page.natural[0] is not None]:
        result, feet = _balance(page, result, render, feet)
    return result, feet


def _balance(page, result, render: Callable, feet: dict) -> tuple:
    """Columns of the least height that holds the page's text: from an even share of it, grown
    by what spilled onto a new page, then bisected to a step; then a few steps more, since a
    heading or a list that moves to the next column may leave a better balance lower down. The
    most even of these, else the page as it was."""
    step = result.layout.type.body.leading / STEPS_PER_LINE
    columns = len(page.natural)
    tried: dict[float, object] = {}

    def holds(foot: float) -> bool:
        again = render({**feet, page.number: foot})
        if again is None:  # the columns are too short for a block that cannot split
            tried[foot] = None
            return False
        now = _by_number(again).get(page.number)
        fits = again.pages == result.pages and now is not None and now.section_end
        tried[foot] = (again, now) if fits else _by_number(again).get(page.number + 1)
        return fits

    used = sum(page.top - y for y in page.natural if y is not None)
    high, low = page.top, page.top - used / columns  # high: too short a column; low: under test
    while True:
        if low <= page.full_foot + 1e-6:  # the layout's own columns hold it: the page as it was
            low = page.full_foot
            tried[low] = (result, page)
            break
        if holds(low):
            break
        spilled = tried[low]
        grow = sum(spilled.top - y for y in spilled.natural if y is not None) / columns if spilled else 0.0
        high, low = low, low - max(step, grow)
    leading = result.layout.type.body.leading
    while high - low > step and _spread(tried[low][1]) > leading:  # the highest foot that holds it
        middle = (high + low) / 2
        if holds(middle):
            low = middle
        else:
            high = middle
    for extra in range(1, EXTRA_STEPS + 1):
        foot = low - extra * step
        if foot <= page.full_foot + 1e-6 or _spread(tried[low][1]) <= leading:
            break
        holds(foot)
    best_spread, best = _spread(page) - TOLERANCE, None  # better than the page as it was
    for foot, outcome in sorted(tried.items(), reverse=True):  # the shortest columns first
        if isinstance(outcome, tuple) and _spread(outcome[1]) < best_spread:
            best_spread, best = _spread(outcome[1]), foot
    if best is None or best <= page.full_foot:
        return result, feet
    return tried[best][0], {**feet, page.number: best}


def _spread(page) -> float:
    """How far apart the page's column feet are (an empty column ends at the top)."""
    ends = [page.top if y is None else y for y in page.end]
    return max(ends) - min(ends)
