"""Kinds of submission: one declaration each, registered by the app that owns the model.

Everything else (submit, edit, delete, status changes with their aggregates, drift and
rebuild, the moderation queue, reports, the audit log, author emails, /me/, delete
confirmation, rate limits) works for every registered kind from its declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from django.urls import reverse

from .models import CompanyAggregate, Submission


class Kind:
    """What the shared mechanism needs to know of one kind of submission.

    `name` is the kind's key in the audit log, reports, rate limits and URL names: the
    app's URLs are named `<app namespace>:edit`, `:delete`, and moderation's
    `report_<name>`; `url_prefix` starts its non-company URLs (`reviews/<pk>/edit/`).
    """

    name: ClassVar[str]
    label: ClassVar[str]  # "리뷰": how pages and emails call one
    namespace: ClassVar[str]  # the app's URL namespace
    url_prefix: ClassVar[str]
    model: ClassVar[type[Submission]]
    # The per-company aggregates its published submissions count in (each may skip some:
    # the verified-only scores count verified reviews).
    aggregates: ClassVar[tuple[type[CompanyAggregate], ...]]
    # The stored counts that follow every one of its submissions whatever its state (the
    # transparency figures, companies.transparency.ModerationTally): each has
    # `bucket(item)`, `change(kind_name, company_id, add=, remove=)`, `drift()` and
    # `rebuild()`.
    tallies: ClassVar[tuple[Any, ...]] = ()
    # What an author (while pending) and a moderator may change.
    editable_fields: ClassVar[Sequence[str]]
    # The free-text fields a moderator may redact a passage of (가림 처리).
    text_fields: ClassVar[Sequence[str]] = ()
    # The moderation queue: extra filters, searched fields, the excerpt column, inlines
    # and extra admin actions (functions taking the model admin, request and queryset).
    admin_options: ClassVar[dict[str, Any]] = {}

    def title(self, item: Submission) -> str:
        """What its author and moderators call it."""
        raise NotImplementedError

    def summary(self, item: Submission) -> str:
        return f"{item.company.name} · {self.title(item)}"[:200]

    def blocking(
        self, *, author, company, candidate: Submission | None = None, at: datetime | None = None
    ) -> Submission | None:
        """The submission that forbids `candidate` (one per period), if any. `candidate` is
        the one being submitted or edited, None when a form is only being opened."""
        return None

    def duplicate_message(self, existing: Submission) -> str:
        raise NotImplementedError

    def public_url(self, item: Submission) -> str:
        """Where a published one is read."""
        raise NotImplementedError

    def edit_url(self, item: Submission) -> str:
        return reverse(f"{self.namespace}:edit", args=[item.public_id])

    def delete_url(self, item: Submission) -> str:
        return reverse(f"{self.namespace}:delete", args=[item.public_id])

    def dependents(self, item: Submission) -> list[Submission]:
        """Submissions that go with this one when it is deleted (a review's replies), each
        deleted through the services so that its own aggregates follow."""
        return []

    def take_extras(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        """Removes from `fields` what is not a model field (an interview's questions),
        validated; `save_extras` writes it once the submission is saved."""
        return {}

    def save_extras(self, item: Submission, extras: dict[str, Any]) -> None:
        pass

    def signals(self, item: Submission) -> list[dict[str, str]]:
        """The manipulation signals only this kind knows of (a review's extreme ratings),
        as `signals.signal(code, reason)`; the generic ones are in signals.py."""
        return []

    # --- Search (nipa_reviews.search): what the worker analyses once it is published ---

    def analysis_source(self, item: Submission) -> tuple:
        """The texts its analysis is computed from: an analysis of other texts is stale."""
        return ()

    def analyse(self, item: Submission, analyser) -> Any:
        """What `store_analysis` writes (lemma vectors, keywords), computed from
        `analysis_source` with no query and no lock: this is the slow part."""
        return None

    def store_analysis(self, item: Submission, analysis: Any) -> None:
        """Writes `analysis` for the item, or removes what was stored (None), and sets it
        on `item` too: the aggregates' contributions read it there."""

    def analysed(self, items, *, stored: bool = True):
        """Those of `items` that hold an analysis (stored=False: that hold none)."""
        return items.none() if stored else items


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called from the owning app's AppConfig.ready()."""
    _kinds[kind.name] = kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


def kind_named(name: str) -> Kind:
    return _kinds[name]


def kind_of(item: Submission | type[Submission]) -> Kind:
    model = item if isinstance(item, type) else type(item)
    for kind in _kinds.values():
        if kind.model is model:
            return kind
    raise LookupError(f"{model.__name__} is not a registered kind of submission")
