"""Pages of a list read by keyset (seek) instead of OFFSET, so a deep page reads its own
rows from an index and no others.

A page is either numbered (`?page=N`, near the start only: at most PAGE_WINDOW pages,
so an OFFSET skips at most a few hundred index entries) or follows a cursor:
`?after=<id>` (the page after that row) or `?before=<id>` (the page before it), where
the id is the row's random public id. The cursor's position is read from the row
itself, so the URL holds no exact timestamp, count or sequential key: nothing that
links two submissions or says when one was written. A cursor that names no row of the
list (hidden since, another filter, a typo) gives the first page, flagged `lost`.

The order must be total: its last key unique (the primary key), and at least two keys.
The rows after a cursor are read as ranges of an index in the list's order, one query
each, stopped as soon as the page is full: for the order (helpful, time, id), first the
rows of the cursor's helpful count past its (time, id), then those of lower counts.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

# Page numbers offered from the start of a list; past them, cursors.
PAGE_WINDOW = 10


@dataclass(frozen=True)
class Key:
    name: str
    descending: bool

    @classmethod
    def of(cls, spec: str) -> Key:
        return cls(spec.lstrip("-"), spec.startswith("-"))

    def reversed(self) -> Key:
        return Key(self.name, not self.descending)

    @property
    def spec(self) -> str:
        return f"-{self.name}" if self.descending else self.name


def _steps(keys: Sequence[Key]) -> list[list[Key]]:
    """The keys, grouped into what one range of an index reads: the last two (a time and
    the id) as one row value when they run the same way, every key before them alone.
    Those earlier keys tie in large groups (a helpful count, a rating sum), and
    PostgreSQL estimates a row comparison from its first column alone, as a strict
    inequality: `(helpful, time, id) < (0, ...)` looks empty to it when most rows have
    no vote, and it would sort the whole list instead of reading the index."""
    *single, before_last, last = keys
    if before_last.descending == last.descending:
        return [[key] for key in single] + [[before_last, last]]
    return [[key] for key in keys]


def _beyond(run: list[Key], values: dict[str, Any]) -> Q:
    """Rows past `values` in the step's direction: one comparison, of a row value for
    two keys."""
    descending = run[0].descending
    if len(run) == 1:
        return Q(**{f"{run[0].name}__{'lt' if descending else 'gt'}": values[run[0].name]})
    lookup = TupleLessThan if descending else TupleGreaterThan
    columns = Tuple(*[F(key.name) for key in run])
    return Q(lookup(columns, tuple(values[key.name] for key in run)))


def rows_after(queryset: QuerySet, keys: Sequence[Key], values: dict[str, Any], limit: int) -> list:
    """Up to `limit` rows that come after `values` in the order of `keys`: for each step
    of keys, from the last, the rows equal on the steps before it and past it on its own
    (an index range each, one query), until `limit` rows are found."""
    runs = _steps(keys)
    ordered = queryset.order_by(*[key.spec for key in keys])
    found: list = []
    for i in range(len(runs) - 1, -1, -1):
        equal = {key.name: values[key.name] for run in runs[:i] for key in run}
        found.extend(ordered.filter(_beyond(runs[i], values), **equal)[: limit - len(found)])
        if len(found) >= limit:
            break
    return found


@dataclass
class KeysetPage:
    """What the pagination partial and the list templates read, as from Django's Page:
    `object_list`, `has_previous`/`has_next`, `paginator.count`; and where the links go:
    a page number near the start, a cursor past it."""

    object_list: list
    count: int
    per_page: int
    number: int | None  # None: a page reached by a cursor
    has_previous: bool
    has_next: bool
    cursor_field: str
    lost: bool = False  # the cursor named no row of the list: this is the first page
    window: list[int] = field(default_factory=list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def paginator(self) -> KeysetPage:
        return self  # `page.paginator.count`, as templates read a Django Page

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int | None:
        return self.number - 1 if self.number is not None and self.has_previous else None

    @property
    def next_page_number(self) -> int | None:
        if self.number is not None and self.has_next and self.number < len(self.window):
            return self.number + 1
        return None

    @property
    def previous_cursor(self) -> str:
        if self.number is None and self.has_previous and self.object_list:
            return str(getattr(self.object_list[0], self.cursor_field))
        return ""

    @property
    def next_cursor(self) -> str:
        if self.has_next and self.next_page_number is None and self.object_list:
            return str(getattr(self.object_list[-1], self.cursor_field))
        return ""


def keyset_page(
    queryset: QuerySet,
    *,
    order: Sequence[str],
    per_page: int,
    count: int,
    page: str | None = None,
    after: str | None = None,
    before: str | None = None,
    cursor_field: str = "public_id",
) -> KeysetPage:
    """A page of `queryset` in `order` (its last key unique): the numbered `page` near
    the start, or the one after or before the row whose `cursor_field` is the cursor.
    `count` is the list's length (a stored count, or the caller's COUNT)."""
    keys = [Key.of(spec) for spec in order]
    cursor, forward = (after, True) if after else (before, False)
    lost = False
    if cursor:
        located = _locate(queryset, cursor_field, cursor, keys)
        if located is not None:
            return _cursor_page(queryset, keys, located, forward, per_page, count, cursor_field)
        lost = True
    last = _window_end(count, per_page)
    try:
        number = min(max(int(page or 1), 1), last)
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset.order_by(*order)[start : start + per_page + 1])
    return KeysetPage(
        object_list=rows[:per_page],
        count=count,
        per_page=per_page,
        number=number,
        has_previous=number > 1,
        has_next=len(rows) > per_page,
        cursor_field=cursor_field,
        lost=lost,
        window=list(range(1, last + 1)),
    )


def _locate(queryset: QuerySet, cursor_field: str, cursor: str, keys: list[Key]):
    try:
        value = uuid.UUID(cursor)
    except ValueError:
        return None
    rows = queryset.prefetch_related(None).filter(**{cursor_field: value})
    return rows.values(*[key.name for key in keys]).first()


def _cursor_page(
    queryset: QuerySet,
    keys: list[Key],
    values: dict[str, Any],
    forward: bool,
    per_page: int,
    count: int,
    cursor_field: str,
) -> KeysetPage:
    if forward:
        rows = rows_after(queryset, keys, values, per_page + 1)
        shown, more = rows[:per_page], len(rows) > per_page
        has_previous, has_next = True, more
    else:
        rows = rows_after(queryset, [key.reversed() for key in keys], values, per_page + 1)
        shown, more = rows[:per_page][::-1], len(rows) > per_page
        has_previous, has_next = more, True
    return KeysetPage(
        object_list=shown,
        count=count,
        per_page=per_page,
        number=None,
        has_previous=has_previous,
        has_next=has_next,
        cursor_field=cursor_field,
        window=list(range(1, _window_end(count, per_page) + 1)),
    )


def _window_end(count: int, per_page: int) -> int:
    return min(max(1, math.ceil(count / per_page)), PAGE_WINDOW)
