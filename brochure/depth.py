"""Page depth: where the text of a page ends. Two page-level rules, both met by setting the
edition again with some pages' columns shortened (``render_pdf(feet=…)`` raises the foot of
the body columns on the pages it names), since platypus flows text forward only:

- **Facing pages end on one baseline** (booklets). A page whose next heading does not fit
  with its lines stops short, by more than its gaps can take up (vertical justification,
  ``pages.BodyFrame``); its facing page then runs on to the full depth. Both pages of such a
  spread are set again to one shorter depth, as deep as the short page's gaps can carry it,
  so they end on one baseline; a section's last page ends where its text ends.
- **The last page of a section has balanced columns** (two-column leaflets): the article's
  last page and the references' (with the colophon) are set again into columns of the least
  height that still holds them, found by a search over heights in steps of a third of a line.

Each change is kept only if the page count stays as it was, so no other page moves. Pure:
the caller passes a ``render(feet) -> Rendered | None`` (a draft: the search reads only its
flow; None where a block that cannot split no longer fits the shortened columns).
"""

from __future__ import annotations

from typing import Callable

TOLERANCE = 1.0  # pt: two column feet this close end on one baseline
ATTEMPTS = 4  # tries per spread before its pages are left as they were
STEPS_PER_LINE = 3  # balancing: the column height grows by a third of a body line per try
EXTRA_STEPS = 3  # ... and is tried this many steps more once it holds the page, for a better balance


def settle(first, render: Callable) -> dict[int, float]:
    """The raised column feet that level the facing pages and balance the last pages of
    ``first`` (a ``render.Rendered``); ``render(feet)`` may be a draft (its flow is read)."""
    page = first.layout.page
    result, feet = first, dict(first.feet)
    if page.page_multiple > 1:
        result, feet = _facing(result, render, feet)
    if page.columns > 1:
        result, feet = _balanced(result, render, feet)
    return feet


def _by_number(result) -> dict:
    return {page.number: page for page in result.flow}


def level(a, b) -> bool:
    """Do two pages' texts end on one baseline?"""
    return a.last_end is not None and b.last_end is not None and abs(a.last_end - b.last_end) <= TOLERANCE


def _facing(result, render: Callable, feet: dict) -> tuple:
    """Spread by spread (verso 2k, recto 2k + 1), in page order, since a change moves text on."""
    for verso in range(2, result.pages, 2):
        pages = _by_number(result)
        left, right = pages.get(verso), pages.get(verso + 1)
        if not _body_spread(left, right) or level(left, right):
            continue
        # as deep as both pages' gaps can carry their text, never deeper than the layout's foot;
        # else no higher than where a short page's text ends (its last paragraph would move on);
        # else as high as the shorter page of the last try
        deepest = max(left.deepest, right.deepest, left.full_foot)
        # never higher than the shorter page ended before: a spread levelled by cutting both
        # pages further short is worse than one uneven (ur: both pages 40 % empty, 179 pt short)
        ceiling = max(left.last_end, right.last_end)
        shorts = [page.natural[-1] for page in (left, right) if page.last_end > page.full_foot + TOLERANCE]
        depths = sorted({deepest, min([deepest] + shorts)})
        for _ in range(ATTEMPTS):
            depth = depths.pop(0)
            trial = {**feet, verso: depth, verso + 1: depth}
            again = render(trial)
            pages = _by_number(again) if again is not None else {}
            left, right = pages.get(verso), pages.get(verso + 1)
            if again is not None and again.pages == result.pages and _body_spread(left, right):
                if level(left, right):
                    if max(left.last_end, right.last_end) <= ceiling + TOLERANCE:
                        result, feet = again, trial
                    break
                higher = max(left.last_end, right.last_end)  # the shorter page sets the next try
                if higher > depth + TOLERANCE:
                    depths = sorted(set(depths) | {higher})
            if not depths:
                break
    return result, feet


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
