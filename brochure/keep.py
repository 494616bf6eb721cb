"""A heading kept with the start of what follows it, and no more than that.

ReportLab's ``keepWithNext`` (and a ``CondPageBreak`` sized for the worst case) moves the
whole next paragraph, or a fixed height, to the next column: with a tall script (Urdu's
1.8 × leading) that emptied the foot of nearly every booklet page. ``KeepHeading`` asks
only for what the reader needs: the heading and the first lines of its text together.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable, KeepTogether


def _gap(upper, lower) -> float:
    """The space between two flowables, as the frame sets it (ReportLab overlaps the space
    after one and the space before the next)."""
    return max(upper.getSpaceAfter(), lower.getSpaceBefore())


class _Stack(Flowable):
    """Flowables stacked as one, spaced as the frame would space them."""

    def __init__(self, parts: list):
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float]] = []

    def __repr__(self):
        return f"{type(self).__name__}({self.parts!r})"

    def getSpaceBefore(self):
        return self.parts[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.parts[-1].getSpaceAfter()

    @property
    def tight_after(self) -> bool:  # vertical justification: the gap after it as its last part's
        return getattr(self.parts[-1], "tight_after", False)

    def _wrap(self, flowable, width: float, height: float) -> tuple[float, float]:
        canvas = getattr(self, "canv", None)  # absent when measured outside a frame
        return flowable.wrapOn(canvas, width, height) if canvas is not None else flowable.wrap(width, height)

    @property
    def sizes(self) -> list[tuple[float, float]]:
        """Each part's (width, height) as last wrapped."""
        return self._sizes

    def gap_above(self, k: int) -> float:
        """The space between part ``k`` and the part before it (none above the first)."""
        return _gap(self.parts[k - 1], self.parts[k]) if k else 0.0

    def wrap(self, availWidth, availHeight):
        room, self._sizes = availHeight, []
        for k, part in enumerate(self.parts):
            room -= self.gap_above(k)
            self._sizes.append(self._wrap(part, availWidth, max(room, 0.0)))
            room -= self._sizes[-1][1]
        self.width, self.height = availWidth, availHeight - room
        return availWidth, self.height

    def draw(self):
        y = self.height
        for k, (part, (width, height)) in enumerate(zip(self.parts, self._sizes)):
            y -= self.gap_above(k) + height
            # _sW: the room beside a narrower part, for its hAlign (a right-to-left list sits on the right)
            part.drawOn(self.canv, 0, y, _sW=self.width - width)


class KeepHeading(_Stack):
    """``head`` and the ``followers`` after it as one flowable. Split, the head stays in this
    column only if at least ``min_follow`` of its followers (two body lines; a one-line lead-in
    such as "Please bring:" counts with the first item of the list after it) come with it, or
    all of them; otherwise all of it moves on to the next column."""

    def __init__(self, head, followers: list, min_follow: float):
        super().__init__([head, *followers])
        self.head, self.followers, self.min_follow = head, list(followers), min_follow

    def split(self, availWidth, availHeight):
        _, head_h = self._wrap(self.head, availWidth, availHeight)
        room, placed, out, upper = availHeight - head_h, 0.0, [self.head], self.head
        for k, follower in enumerate(self.followers):
            room -= _gap(upper, follower)
            if room <= 0:
                out += self.followers[k:]
                break
            _, height = self._wrap(follower, availWidth, room)
            if height <= room + 1e-6:
                out.append(follower)
                placed, room, upper = placed + height, room - height, follower
                continue
            pieces = follower.split(availWidth, room)
            first = self._wrap(pieces[0], availWidth, room)[1] if len(pieces) > 1 else room + 1
            if first <= room + 1e-6:
                placed += first
                out += [*pieces, *self.followers[k + 1:]]
            else:
                out += self.followers[k:]
            break
        else:
            return out  # everything fits (followers shorter than min_follow)
        return out if placed >= self.min_follow - 1e-6 else []


class KeepWithTail(_Stack):
    """``lead`` and the ``tail`` after it (the colophon at the end of a sheet) as one flowable:
    the tail never stands alone at the head of a page. When it moves on, at least ``min_lead``
    of the end of ``lead`` (two lines of the last paragraph, or the last rows of a list) goes with it."""

    def __init__(self, lead, tail: list, min_lead: float):
        super().__init__([lead, *tail])
        self.lead, self.tail, self.min_lead = lead, list(tail), min_lead

    def split(self, availWidth, availHeight):
        _, lead_h = self._wrap(self.lead, availWidth, availHeight)
        if lead_h > availHeight + 1e-6:  # the lead runs on anyway: the tail stays with its rest
            pieces = self.lead.split(availWidth, availHeight)
            if len(pieces) < 2:
                return []
            return [*pieces[:-1], KeepWithTail(pieces[-1], self.tail, self.min_lead)]
        pieces = self.lead.split(availWidth, lead_h - self.min_lead)
        if len(pieces) < 2:
            return []
        # the end of the lead goes on with the tail, into the next column if need be
        return [*pieces[:-1], KeepTogether([pieces[-1], *self.tail])]


class Block(_Stack):
    """Flowables that never split (the colophon's heading and panel): a column too short for
    them moves them on whole, and a frame too short for them even at its top is a LayoutError
    (a page-depth trial whose shortened columns cannot hold them is then no candidate)."""

    def split(self, availWidth, availHeight):
        return []
