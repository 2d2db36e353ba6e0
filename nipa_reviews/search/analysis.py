"""Korean lemmas, from Kiwi (kiwipiepy, its model from the kiwipiepy-model package).

One analyser serves both sides of search, so a query's lemmas are the index's lemmas:
the worker analyses what people wrote (vectors and keywords), the web process analyses
queries. The model takes about 500 MB once warm. `preload()` loads and warms it before a
server forks (gunicorn --preload, the Celery worker's main process): the processes forked
after it share those pages and each adds only a few MB (README, Search).

What is a lemma here: nouns (야근 in 야근이/야근을/야근하는), verb and adjective stems (좋 in
좋은/좋아요, 돕 in 도와), roots (깔끔 in 깔끔한), foreign words, hanja and numbers. A noun of
four or more syllables that Kiwi keeps whole (재택근무) is also stored as its two nouns
(재택, 근무), so a search for the shorter word finds it.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")

NOUN_TAGS = frozenset({"NNG", "NNP"})
PREDICATE_TAGS = frozenset({"VV", "VA"})
# Kiwi's tags for what a search matches: nouns, pronouns, numerals, verb and adjective
# stems, roots, foreign words, hanja, numbers.
SEARCH_TAGS = NOUN_TAGS | PREDICATE_TAGS | frozenset({"NP", "NR", "XR", "SL", "SH", "SN"})
# Stems too common to mean anything on their own (하다, 되다).
IGNORED_STEMS = frozenset({"하", "되"})
# A stored lemma is letters and digits only, so it needs no quoting in a tsvector and no
# escaping in a LIKE pattern.
LEMMA_CHARS = re.compile(r"[^\w]|_")
# Where a text is cut into sentences: each distinct sentence is analysed once (a cache),
# which is what makes indexing generated data of a million reviews affordable.
SENTENCE_END = re.compile(r"(?<=[.!?。…])\s+|\n+")
SENTENCE_CACHE = 50_000
# Weights in a stored vector, best first (PostgreSQL's A to D).
WEIGHTS = "ABC"
# PostgreSQL keeps positions up to this number.
MAX_POSITION = 16383
# KeywordCount.lemma's max_length.
MAX_KEYWORD = 50


def _words(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


PARTICLES = _words(DATA / "particles.txt")
KEYWORD_STOPWORDS = _words(DATA / "keyword_stopwords.txt")


def normalise(text: str) -> str:
    """Full-width letters and compatibility forms folded, Latin letters lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


def clean_lemma(form: str) -> str:
    return LEMMA_CHARS.sub("", normalise(form))


@dataclass(frozen=True)
class Morph:
    """One morpheme Kiwi found: its lemma, tag (without Kiwi's -I/-R conjugation mark),
    and where its surface lies in the analysed sentence."""

    lemma: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Term:
    """One word of a query, as a lemma: every term must match."""

    lemma: str
    tag: str

    @property
    def is_predicate(self) -> bool:
        return self.tag in PREDICATE_TAGS


@dataclass(frozen=True)
class Query:
    """A parsed search query. `terms` empty: nothing to search for, and `reason` says why
    ("particles": only particles, "no_words": nothing a search can match)."""

    text: str
    terms: tuple[Term, ...]
    words: tuple[str, ...] = ()
    reason: str = ""

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def lemmas(self) -> list[str]:
        return [term.lemma for term in self.terms]

    @property
    def only_particles(self) -> bool:
        return self.reason == "particles"

    @property
    def problem(self) -> str:
        """Why a query finds nothing before any search, in Korean; "" when it can search."""
        from django.utils.translation import gettext as _

        if self.reason == "particles":
            return _(
                "검색어 ‘{query}’: 조사만으로는 찾을 수 없습니다. "
                "명사나 동사를 넣어 검색해 주세요 (예: 야근, 연봉 인상)."
            ).format(query=self.text)
        if self.reason == "no_words":
            return _(
                "검색어 ‘{query}’: 찾을 낱말이 없습니다. "
                "명사나 동사를 넣어 검색해 주세요 (예: 야근, 연봉 인상)."
            ).format(query=self.text)
        return ""


def is_only_particles(word: str) -> bool:
    """Whether `word` is particles end to end (을, 에서는, 이/가 split into 이 and 가)."""
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(
            reachable[start] and word[start:end] in PARTICLES for start in range(end)
        )
    return reachable[-1]


class Analyser:
    """Kiwi with the rules above. Thread-safe: Kiwi's analysis is, and so are the caches."""

    def __init__(self):
        from kiwipiepy import Kiwi

        with warnings.catch_warnings():
            # num_workers=0: no thread pool, which would not survive the fork of a
            # preloading server; Kiwi warns that 0 changed meaning in 0.21, as we want.
            warnings.simplefilter("ignore", DeprecationWarning)
            self.kiwi = Kiwi(num_workers=0)
        self._sentence = lru_cache(maxsize=SENTENCE_CACHE)(self._analyse_sentence)
        self._parts = lru_cache(maxsize=SENTENCE_CACHE)(self._compound_parts)
        self._terms = lru_cache(maxsize=SENTENCE_CACHE)(self._sentence_terms)

    def warm(self) -> None:
        """Analyses a sentence: Kiwi reads most of its model on the first analysis, and a
        preloading server must do that before it forks, or every child reads its own."""
        self.kiwi.tokenize("업무가 몰리는 시기에는 야근이 잦아서 힘들지만 동료들이 도와줍니다.")

    # --- Morphemes -------------------------------------------------------------------

    def _analyse_sentence(self, sentence: str) -> tuple[Morph, ...]:
        return tuple(
            Morph(token.form, token.tag.split("-")[0], token.start, token.end)
            for token in self.kiwi.tokenize(sentence)
        )

    def sentences(self, text: str) -> list[str]:
        return [sentence for sentence in SENTENCE_END.split(normalise(text)) if sentence.strip()]

    def morphs(self, text: str) -> list[Morph]:
        """Every morpheme of `text`, sentence by sentence; offsets are within each sentence."""
        return [morph for sentence in self.sentences(text) for morph in self._sentence(sentence)]

    def _compound_parts(self, noun: str) -> tuple[str, ...]:
        """재택근무 → (재택, 근무): a split into two nouns Kiwi knows by themselves."""
        parts: list[str] = []
        for cut in range(2, len(noun) - 1):
            halves = [self._sentence(noun[:cut]), self._sentence(noun[cut:])]
            if all(
                len(morphs) == 1 and morphs[0].tag in NOUN_TAGS and morphs[0].lemma == half
                for morphs, half in zip(halves, (noun[:cut], noun[cut:]), strict=True)
            ):
                parts += [noun[:cut], noun[cut:]]
        return tuple(dict.fromkeys(parts))

    def _sentence_terms(self, sentence: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """One sentence's search lemmas (in order, with repeats) and keyword nouns: what a
        text is made of, cached, so a sentence written many times is analysed once."""
        lemmas: list[str] = []
        keywords: list[str] = []
        run: list[Morph] = []

        def close_run() -> None:
            if len(run) > 1 and all(len(morph.lemma) > 1 for morph in run):
                keywords.append("".join(morph.lemma for morph in run))
            run.clear()

        for morph in self._sentence(sentence):
            if morph.tag in SEARCH_TAGS and morph.lemma not in IGNORED_STEMS:
                lemma = clean_lemma(morph.lemma)
                if lemma:
                    lemmas.append(lemma)
                    if morph.tag in NOUN_TAGS and len(lemma) >= 4:
                        lemmas.extend(self._parts(lemma))
            # Keywords: nouns, and nouns written together as one word (연봉인상).
            is_noun = morph.tag in NOUN_TAGS
            if not is_noun or (run and run[-1].end != morph.start):
                close_run()
            if is_noun:
                run.append(morph)
                if len(morph.lemma) > 1:
                    keywords.append(morph.lemma)
        close_run()
        cleaned = (clean_lemma(word) for word in keywords)
        kept = (w for w in cleaned if 1 < len(w) <= MAX_KEYWORD and w not in KEYWORD_STOPWORDS)
        return tuple(lemmas), tuple(dict.fromkeys(kept))

    # --- What search stores and matches ----------------------------------------------

    def lemmas(self, text: str) -> list[str]:
        """The search lemmas of `text`, in order, with repeats."""
        return [lemma for s in self.sentences(text) for lemma in self._terms(s)[0]]

    def vector(self, weighted: Sequence[tuple[str, str]]) -> str:
        """The lemmas of each (weight, text), as a tsvector literal ('야근':1A,2B '연봉':3B):
        one position per lemma and weight, which is all ranking needs. PostgreSQL casts
        it, SQLite stores it as text (nipa_reviews.search.fields)."""
        positions: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        position = 0
        for weight, text in weighted:
            for lemma in self.lemmas(text):
                if (lemma, weight) in seen:
                    continue
                seen.add((lemma, weight))
                position = min(position + 1, MAX_POSITION)
                positions.setdefault(lemma, []).append(f"{position}{weight}")
        return " ".join(f"'{lemma}':{','.join(marks)}" for lemma, marks in positions.items())

    def keywords(self, text: str) -> list[str]:
        """The distinct nouns of `text` worth showing as a company's keyword, with the
        nouns written together as one word (연봉인상 from 연봉 + 인상): no stop words,
        nothing of one syllable."""
        found = (word for s in self.sentences(text) for word in self._terms(s)[1])
        return list(dict.fromkeys(found))

    # --- Queries ---------------------------------------------------------------------

    def query(self, text: str) -> Query:
        return _parse_query(self, text)


@lru_cache(maxsize=4096)
def _parse_query(analyser: Analyser, text: str) -> Query:
    """Words made only of particles go first (Kiwi alone calls a lone 을 a noun); the rest
    is analysed together, as a sentence, like the texts."""
    text = " ".join(text.split())
    words = re.findall(r"\w+", normalise(text))
    kept = [word for word in words if not is_only_particles(word)]
    if not kept:
        return Query(text, (), reason="particles" if words else "")
    terms = {}
    for morph in analyser.morphs(" ".join(kept)):
        lemma = clean_lemma(morph.lemma)
        if morph.tag in SEARCH_TAGS and morph.lemma not in IGNORED_STEMS and lemma:
            terms.setdefault(lemma, Term(lemma, morph.tag))
    if not terms:
        return Query(text, (), tuple(kept), reason="no_words")
    return Query(text, tuple(terms.values()), tuple(kept))


@cache
def analyser() -> Analyser:
    """The process's one analyser, loaded on first use (a few seconds, about 500 MB)."""
    return Analyser()


def preload() -> None:
    """Loads and warms the analyser now, before the process forks (see the module)."""
    analyser().warm()


def parse_query(text: str) -> Query:
    return analyser().query(text)


def lemma_patterns(query: Query) -> Iterable[str]:
    """What highlighting looks for in a text: each lemma, and each query word as typed
    (힘든 for the stem 힘들, which a text may spell 힘든)."""
    yield from query.lemmas
    yield from (word for word in query.words if len(word) > 1)
