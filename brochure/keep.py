"""A heading kept with the start of what follows it, and no more than that.

ReportLab's ``keepWithNext`` (and a ``CondPageBreak`` sized for the worst case) moves the
whole next paragraph, or a fixed height, to the next column: with a tall script (Urdu's
1.8 × leading) that emptied the foot of nearly every booklet page. ``KeepHeading`` asks
only for what the reader needs: the heading and the first lines of its text together.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable


class KeepHeading(Flowable):
    """``head`` and ``follower`` as one flowable; split, the head goes with the first part of the
    follower only if that part is at least ``min_follow`` high (two body lines), or the whole
    follower; otherwise both move on to the next column."""

    def __init__(self, head, follower, min_follow: float):
        super().__init__()
        self.head, self.follower, self.min_follow = head, follower, min_follow
        self._sizes = ((0.0, 0.0), (0.0, 0.0))

    def __repr__(self):
        return f"KeepHeading({self.head!r}, {self.follower!r})"

    def _gap(self) -> float:
        # as the frame spaces two flowables (ReportLab overlaps space after and before)
        return max(self.head.getSpaceAfter(), self.follower.getSpaceBefore())

    def getSpaceBefore(self):
        return self.head.getSpaceBefore()

    def getSpaceAfter(self):
        return self.follower.getSpaceAfter()

    def _wrap(self, flowable, width: float, height: float) -> tuple[float, float]:
        canvas = getattr(self, "canv", None)  # absent when measured outside a frame
        return flowable.wrapOn(canvas, width, height) if canvas is not None else flowable.wrap(width, height)

    def wrap(self, availWidth, availHeight):
        head = self._wrap(self.head, availWidth, availHeight)
        follower = self._wrap(self.follower, availWidth, max(availHeight - head[1] - self._gap(), 0))
        self._sizes = (head, follower)
        self.width = availWidth
        self.height = head[1] + self._gap() + follower[1]
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        _, head_h = self._wrap(self.head, availWidth, availHeight)
        room = availHeight - head_h - self._gap()
        if room <= 0:
            return []
        parts = self.follower.split(availWidth, room)
        if not parts:
            return []
        _, first = self._wrap(parts[0], availWidth, room)
        if first > room + 1e-6 or (len(parts) > 1 and first < self.min_follow - 1e-6):
            return []
        return [self.head, *parts]

    def draw(self):
        (head_w, head_h), (follower_w, follower_h) = self._sizes
        # _sW: the room beside a narrower part, for its hAlign (a right-to-left list sits on the right)
        self.head.drawOn(self.canv, 0, self.height - head_h, _sW=self.width - head_w)
        self.follower.drawOn(self.canv, 0, self.height - head_h - self._gap() - follower_h,
                             _sW=self.width - follower_w)
