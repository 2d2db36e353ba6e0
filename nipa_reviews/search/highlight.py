"""Marking a query's words in what people wrote, escaped: `<mark>` is the only markup
that comes out, and every character of the text goes through Django's escape."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import Query, lemma_patterns


@lru_cache(maxsize=1024)
def _pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """Longest first, so 재택근무 is marked whole rather than as 재택; a word of one
    syllable (a stem like 좋) only where a word starts, not inside every other word."""
    alternatives = [
        re.escape(word) if len(word) > 1 else rf"(?<!\w){re.escape(word)}"
        for word in sorted(set(words), key=lambda word: (-len(word), word))
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def highlight(text: str, query: Query | None) -> SafeString:
    """`text` escaped, with each place a query word appears in a <mark>.

    Matching is by lemma in the index; marking looks for the lemmas and the words as
    typed in the text itself, which finds nouns (야근 in 야근을) and regular stems (좋 in
    좋은) without analysing every shown text again on each request."""
    pattern = _pattern(tuple(lemma_patterns(query))) if query else None
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece above is escaped
