"""Search results paged without counting or sorting every match.

A common word matches tens of thousands of reviews. Results come as tiers, each a
queryset ordered by its own index (the best matches first, then the others), so a page
is read by walking an index and stopping at the page's end; counts stop at `cap`. What
Paginator needs: `count()` and slicing.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from django.db.models import QuerySet

# At most this many results are counted ("200건 이상") and paged through: ten pages of
# the best matches. Counting is the costly part of a search (every row the count walks is
# read and its lemmas matched, about four rows a match for a common word), so the cap
# bounds the work of every search page (bench/README.md, measured at 1,000,000 reviews).
MAX_RESULTS = 200


class Tiered:
    def __init__(self, tiers: Sequence[QuerySet], cap: int = MAX_RESULTS):
        self.tiers = list(tiers)
        self.cap = cap

    @cached_property
    def counts(self) -> list[int]:
        """Each tier's count, up to one past the cap in all: a tier after the cap is
        reached is not counted (no query)."""
        counts = []
        for tier in self.tiers:
            left = self.cap + 1 - sum(counts)
            # In the tier's order: PostgreSQL then walks the page's index and stops at the
            # cap for a common word (measured: 5 ms against 40 ms unordered, which builds
            # the GIN bitmap of every match), and still takes the GIN index for a rare one.
            # Without the joins the page needs (select_related), which a count does not.
            counts.append(tier.select_related(None)[:left].count() if left > 0 else 0)
        return counts

    def count(self) -> int:
        return min(sum(self.counts), self.cap)

    @property
    def more(self) -> bool:
        """Whether there are more results than the cap."""
        return sum(self.counts) > self.cap

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, min(key.stop if key.stop is not None else self.cap, self.cap)
        found = []
        offset = 0
        for tier, count in zip(self.tiers, self.counts, strict=True):
            if start < offset + count and stop > offset:
                found.extend(tier[max(start - offset, 0) : min(stop - offset, count)])
            offset += count
        return found
