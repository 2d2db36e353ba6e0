"""The stored lemmas of a row, and the SQL that matches a query against them.

On PostgreSQL the column is a `tsvector` (with a GIN index, made by the migrations of the
models that have one): the worker writes a tsvector literal of lemmas Kiwi found,
verbatim, which is what the `simple` configuration gives for words that are already
lemmas, without depending on the database's locale to split Korean. A query is a tsquery
of lemmas, all required. On SQLite (`make run`) the same literal is stored as text and
matched with LIKE and REGEXP: no index, and no need of one at that size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import models
from django.db.models import BooleanField, Expression, F

SQLITE_LIKE = "{lhs} LIKE %s"
SQLITE_WEIGHTED = "{lhs} REGEXP %s"


class LemmaVectorField(models.TextField):
    """A row's lemmas with weights: NULL until the row is indexed, and again once it is
    not shown (hidden); '' for a shown text with no word in it."""

    description = "lemmas (tsvector on PostgreSQL)"

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder(self, value, compiler, connection):
        # Inserts, updates and bulk_update's CASE all ask the field for its placeholder.
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


def tsquery(lemmas: Sequence[str], weights: str = "") -> str:
    """'야근' & '연봉', or '야근':AB & '연봉':AB to match only in those weights."""
    suffix = f":{weights}" if weights else ""
    return " & ".join(f"'{lemma}'{suffix}" for lemma in lemmas)


class Matches(Expression):
    """True where the vector holds every lemma (in one of `weights`, if given). A
    condition for filter() and a boolean to order by."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, vector: str | Expression, lemmas: Sequence[str], weights: str = ""):
        super().__init__()
        self.vector = F(vector) if isinstance(vector, str) else vector
        self.lemmas = tuple(lemmas)
        self.weights = weights

    def get_source_expressions(self):
        return [self.vector]

    def set_source_expressions(self, exprs):
        (self.vector,) = exprs

    def as_sql(self, compiler, connection):
        # SQLite: the literal as text. ':' closes a lemma and "'" opens it, so '근무':
        # does not match inside '재택근무':. Lemmas are letters and digits (analysis).
        lhs, params = compiler.compile(self.vector)
        parts, values = [], []
        for lemma in self.lemmas:
            if self.weights:
                parts.append(SQLITE_WEIGHTED.format(lhs=lhs))
                values.append(f"'{re.escape(lemma)}':[0-9,A-D]*[{self.weights}]")
            else:
                parts.append(SQLITE_LIKE.format(lhs=lhs))
                values.append(f"%'{lemma}':%")
        if not parts:
            return "(1 = 0)", []
        # Each `lhs LIKE %s` repeats the column's own parameters (none for a column).
        interleaved = [value for pattern in values for value in (*params, pattern)]
        return "(" + " AND ".join(parts) + ")", interleaved

    def as_postgresql(self, compiler, connection):
        lhs, params = compiler.compile(self.vector)
        if not self.lemmas:
            return "(1 = 0)", []
        return f"({lhs} @@ %s::tsquery)", [*params, tsquery(self.lemmas, self.weights)]
