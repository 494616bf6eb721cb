"""Total-fit line breaking (Knuth & Plass, "Breaking paragraphs into lines", 1981).

A paragraph is a row of boxes (unbreakable pieces: words, syllables, CJK
characters) with a gap between each two. A gap is a possible break: a space
(stretchable glue), a hyphenation point (a hyphen appears if the line breaks
there), or a zero-width break (CJK, Thai, after an explicit hyphen). Every way of
breaking is scored at once and the best total wins, so one loose line is not
bought with a worse one later, as greedy breaking does.

Justified text: a space may stretch to 1.6 times its width (tolerance 1); ragged
text scores the unused width at the line end. Ragged CJK text (``fill``: every character a
break) is not balanced but set to the full measure, as JLREQ and CLREQ set it: a line that
leaves room for the next box costs more than any other choice, so a line ends short only where
the line-start and line-end rules (kinsoku) or a Latin word leave no other break. A justified
line with nothing to stretch (one long word; Thai between zero-width breaks) is set short and
scored as a line with one word space set short by as much: a finite cost that grows with the
shortfall, as TeX's emergency stretch gives such a line, so total fit still chooses the breaks
(and keeps the hyphen rules) rather than falling back to first fit. Penalties: a hyphen, two
hyphenated lines in a row, a hyphen before the last line, a last line of one short word; three
hyphenated lines in a row are not allowed; a break marked ``avoid`` (probably inside a word)
only where the looser passes find no other. ``plain_end``: one line (the last before a
column or page end) may not end with a hyphen, and at least two lines follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACE, HYPHEN, ZERO = "space", "hyphen", "zero"

INFINITY = 10_000
HYPHEN_PENALTY = 50
EXPLICIT_HYPHEN_PENALTY = 50
DOUBLE_HYPHEN_DEMERITS = 3000
FITNESS_DEMERITS = 3000
LAST_LINE_HYPHEN_DEMERITS = 20_000
RUNT_DEMERITS = 20_000
AVOIDED_BREAK_DEMERITS = 20_000
LINE_PENALTY = 10
MAX_HYPHEN_STREAK = 2
ROOM_LEFT_DEMERITS = 1_000_000  # a filled line that ends before a box that would still fit (``fill``)
FILL_DEMERITS = 100  # a filled line, per character's width left unused
FILLED = 0.01  # pt: a line this close to the measure fills it


@dataclass(frozen=True)
class Gap:
    """Where a line may break between two boxes, and what it adds when it does or does not."""

    kind: str  # SPACE, HYPHEN or ZERO
    width: float = 0.0  # when the line does not break here
    stretch: float = 0.0
    shrink: float = 0.0
    break_width: float = 0.0  # added to the line that ends here (the hyphen; < 0: a mark's blank half)
    start_width: float = 0.0  # added to the line that starts here (≤ 0: an opening mark's blank half)
    flagged: bool = False  # ends the line with a hyphen (discretionary or explicit)
    avoid: bool = False  # probably inside a word: taken only where no other break sets the text


@dataclass(frozen=True)
class Result:
    """The chosen breaks of a paragraph and each line's adjustment ratio."""

    breaks: tuple[int, ...]  # gap indices where lines end (the last box ends the last line)
    ratios: tuple[float, ...]  # adjustment ratio per line (0 for ragged/last lines)


@dataclass(slots=True)
class _Node:
    """A feasible break in the search: the line it ends and the best way there."""

    gap: int  # the break that starts the next line (-1: paragraph start)
    line: int
    fitness: int
    streak: int
    total: float
    previous: "_Node | None"
    ratio: float = 0.0


def break_lines(boxes: list[float], gaps: list[Gap], width: float, justify: bool,
                runt: float = 0.0, tolerance: float = 1.0, plain_end: int | None = None,
                space_stretch: float = 1.0, fill: float = 0.0) -> Result:
    """Choose breaks for ``boxes`` separated by ``gaps`` (len(gaps) == len(boxes) - 1).

    ``runt``: a last line narrower than this that holds a single box is penalised.
    ``plain_end``: line number ``plain_end`` (1-based) must not end with a hyphen and
    at least two lines must follow it (a paragraph split at a page turn); the caller
    checks ``Result.breaks``, since the greedy fallback ignores it.
    ``space_stretch``: how far one word space of the paragraph stretches (pt); a justified line
    with nothing to stretch is scored by it (``_unstretched_ratio``).
    ``fill``: ragged text set to the full measure (CJK); the width of one character. A line's
    ratio is its unused width in characters, with no tolerance (the box after it decides how
    short it must be), and its demerits grow linearly with it, plus ``ROOM_LEFT_DEMERITS`` where
    the next box would still have fitted: so no shortfall is spread over the lines before it, as
    a convex badness spreads it.
    Falls back to looser tolerances, then to greedy overfull lines, so that it always
    returns breaks.
    """
    n = len(boxes)
    if n == 0:
        return Result((), ())
    # prefix sums over "box k and the gap after it"
    widths, stretches, shrinks, spaces = [0.0], [0.0], [0.0], [0]
    for k in range(n):
        gap = gaps[k] if k < n - 1 else Gap(ZERO)
        widths.append(widths[-1] + boxes[k] + gap.width)
        stretches.append(stretches[-1] + gap.stretch)
        shrinks.append(shrinks[-1] + gap.shrink)
        spaces.append(spaces[-1] + (gap.kind == SPACE))
    # Ragged lines get the looser passes too: a line shorter than 70 % of the measure is better
    # than a heading ending in a lone word, or the greedy fallback.
    passes = ((tolerance, True), (tolerance * 3, True), (50.0, True), (50.0, False))
    for tol, strict in passes:
        found = _total_fit(boxes, gaps, width, justify, runt, tol, (widths, stretches, shrinks, spaces), strict,
                           plain_end, space_stretch, fill)
        if found is not None:
            return found
    return _greedy(boxes, gaps, width)


def _total_fit(boxes, gaps, width, justify, runt, tolerance, sums, strict, plain_end=None, space_stretch=1.0,
               fill=0.0):
    """One pass; ``strict``: a hyphen before the last line and a runt last line are not
    allowed at all (otherwise they only cost demerits). With ``plain_end`` the line
    number is part of a node's identity up to that line, as in Knuth–Plass with line
    classes, so that the constraint on one line number is honoured optimally."""
    widths, stretches, shrinks, spaces = sums
    n = len(boxes)
    active = [_Node(-1, 0, 1, 0, 0.0, None)]
    last_box = n - 1
    ragged_allowance = width * 0.3
    starts = [gap.start_width for gap in gaps]
    fill = 0.0 if justify else fill
    for b in list(range(n - 1)) + [last_box]:
        final = b == last_box
        gap = None if final else gaps[b]
        # the same sums, in the same order, as for every node below: hoisted out of its loop
        width_to, stretch_to, shrink_to = widths[b + 1], stretches[b], shrinks[b]
        gap_width, gap_break = (0.0, 0.0) if final else (gap.width, gap.break_width)
        candidates: dict[tuple[int, int, int], _Node] = {}
        survivors = []
        for node in active:
            start = node.gap + 1  # first box of the line
            natural = width_to - widths[start] - gap_width + gap_break
            if start:
                natural += starts[start - 1]
            stretch = stretch_to - stretches[start]
            shrink = shrink_to - shrinks[start]
            if natural > width:
                ratio = (width - natural) / shrink if shrink > 0 else -INFINITY
            elif final:
                ratio = 0.0
            elif justify:
                ratio = (width - natural) / stretch if stretch > 0 else _unstretched_ratio(width - natural,
                                                                                            space_stretch)
            elif fill:
                ratio = (width - natural) / fill
            else:
                ratio = (width - natural) / ragged_allowance
            if ratio < -1:
                continue  # this node can never start a line that fits again
            survivors.append(node)
            if ratio > tolerance and not fill:  # a filled line is as short as its next box makes it: no tolerance
                continue
            flagged = bool(gap and gap.flagged)
            if gap is not None and gap.avoid and strict:
                continue
            line = node.line + 1
            if plain_end is not None and (flagged and line == plain_end or final and line < plain_end + 2):
                continue
            streak = node.streak + 1 if flagged else 0
            if streak > MAX_HYPHEN_STREAK:
                continue
            penalty = 0.0
            if gap is not None and gap.kind == HYPHEN:
                penalty = HYPHEN_PENALTY
            elif flagged:
                penalty = EXPLICIT_HYPHEN_PENALTY
            if fill:
                demerits = LINE_PENALTY ** 2 + FILL_DEMERITS * max(ratio, 0.0) + penalty ** 2
                if not final and _fits(b + 1, start, width, widths, gaps, starts):
                    # the later the better, where one must be (to keep the last line company): the
                    # lines before it stay full and the text above reads as it would anyway
                    demerits += ROOM_LEFT_DEMERITS + (n - b)
            else:
                badness = 100 * abs(ratio) ** 3  # not capped: past the cap a ratio-17 line cost what a ratio-5 one did
                demerits = (LINE_PENALTY + badness) ** 2 + penalty ** 2
            if gap is not None and gap.avoid:
                demerits += AVOIDED_BREAK_DEMERITS
            if flagged and node.streak:
                demerits += DOUBLE_HYPHEN_DEMERITS
            fitness = 1 if fill else _fitness(ratio)  # a filled line's shortfall is no looseness to match
            if abs(fitness - node.fitness) > 1:
                demerits += FITNESS_DEMERITS
            if final:
                # one word (no space inside), narrower than ``runt``, after at least one line
                runt_line = node.gap >= 0 and spaces[b] == spaces[start] and natural < runt
                if strict and (node.streak or runt_line):
                    continue
                if node.streak:
                    demerits += LAST_LINE_HYPHEN_DEMERITS  # the last line starts with a word's tail
                if runt_line:
                    demerits += RUNT_DEMERITS
                if fill and node.gap >= 0 and start == b:
                    # one box alone ("す。"), which JLREQ and CLREQ avoid: dearer than the line before it
                    # left one box short to give it company
                    demerits += 2 * ROOM_LEFT_DEMERITS
            total = node.total + demerits
            key = (fitness, streak, min(line, plain_end + 1) if plain_end is not None else 0)
            best = candidates.get(key)
            if best is None or total < best.total:
                candidates[key] = _Node(b, line, fitness, streak, total, node, ratio)
        active = survivors + list(candidates.values()) if not final else list(candidates.values())
        if not active:
            return None
    best = min(active, key=lambda node: node.total)
    breaks, ratios = [], []
    node = best
    while node.previous is not None:
        breaks.append(node.gap)
        ratios.append(node.ratio)
        node = node.previous
    return Result(tuple(reversed(breaks)), tuple(reversed(ratios)))


def _fits(b: int, start: int, width: float, widths, gaps, starts) -> bool:
    """Would the line from box ``start`` to box ``b`` fit? Summed as the search sums a line, so
    that a box it finds overfull is not counted as room left."""
    gap_width, gap_break = (gaps[b].width, gaps[b].break_width) if b < len(gaps) else (0.0, 0.0)
    natural = widths[b + 1] - widths[start] - gap_width + gap_break
    if start:
        natural += starts[start - 1]
    return natural <= width


def _unstretched_ratio(shortfall: float, space_stretch: float) -> float:
    """The ratio of a justified line that has nothing to stretch and is ``shortfall`` pt short of
    the measure: that of a line with one word space set short by as much (past 1, its space at
    full stretch; Typst too counts a line without justifiable glyphs as one with one). It was
    INFINITY, never feasible, so any paragraph that needed such a line (every justified Thai
    paragraph) was set first fit, without the hyphen rules. Feasible in the looser passes, like
    any line set short."""
    return 0.0 if shortfall < FILLED else 1.0 + shortfall / space_stretch


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


def _greedy(boxes, gaps, width) -> Result:
    """First fit, for text that cannot be set within any tolerance (overlong words)."""
    breaks, used = [], 0.0
    for k, box in enumerate(boxes):
        end = gaps[k].break_width if k < len(gaps) else 0.0  # the hyphen of a line ending after this box
        if k and used + gaps[k - 1].width + box + end > width and used > 0:
            breaks.append(k - 1)
            used = box
        else:
            used += (gaps[k - 1].width if k else 0.0) + box
    breaks.append(len(boxes) - 1)
    return Result(tuple(breaks), (0.0,) * len(breaks))
