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


def snippet(text: str, query: Query | None, width: int = 160) -> SafeString:
    """About `width` characters of `text` around the first place a query word appears
    (the start when none does), marked as `highlight` marks them."""
    pattern = _pattern(tuple(lemma_patterns(query))) if query else None
    found = pattern.search(text) if pattern is not None else None
    start = max(0, found.start() - width // 3) if found else 0
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    cut = text[start:end]
    marked = highlight(cut, query)
    return mark_safe(("…" if start else "") + marked + ("…" if end < len(text) else ""))
