"""Fills an empty database with a large, realistic and reproducible data set, for
benchmarks and for looking at the site at full size.

    python manage.py generate_scale_data --companies 10000 --reviews 1000000 \
        --interviews 100000 --seed 1

The same seed gives the same companies, users, reviews and interviews (every draw comes
from one `random.Random(seed)`, every date from a fixed reference date). Only the rows'
bookkeeping timestamps that Django fills itself on insert (`updated_at`, and a company's
`created_at`) record when the command ran.
"""

from __future__ import annotations

import json
import math
import random
import sys
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate

from companies.models import Company, JobCategory, OrganisationType
from interviews.models import InterviewExperience, InterviewQuestion
from nipa_reviews.accounts.models import User
from nipa_reviews.search.analysis import analyser
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from nipa_reviews.submissions.models import Status
from reviews.models import CompanyScore, Review

SEOUL = ZoneInfo("Asia/Seoul")
# The lemma indexes (reviews and interviews migrations), built once after the inserts.
GIN_INDEXES = ("review_search_gin", "question_search_gin")
# Every generated date lies in the three years before this moment, never "now", so that
# two runs with one seed give the same rows whatever day they run.
REFERENCE = datetime(2026, 11, 1, 9, 0, tzinfo=SEOUL)
SPAN_SECONDS = 3 * 365 * 24 * 3600

# The word lists every name and text is drawn from (scale_words.json): name parts with
# their romanisation, each industry's words and what such a company does, review and
# interview sentences, moderators' reasons. The order of each list is part of the seed's
# output, so append to a list rather than reorder it.
WORDS = json.loads(Path(__file__).with_name("scale_words.json").read_text(encoding="utf-8"))

# --- Companies ----------------------------------------------------------------------

# 공공/행정 companies are 공공기관; the others take a type in these shares.
PUBLIC_INDUSTRY = "공공/행정"
ORGANISATION_TYPES = [
    (OrganisationType.SMALL, 45),
    (OrganisationType.STARTUP, 20),
    (OrganisationType.MIDSIZE, 15),
    (OrganisationType.LARGE, 5),
    (OrganisationType.FOREIGN, 5),
    (OrganisationType.OTHER, 3),
]

# Share of companies with no review at all, and the shape of the long tail: company k
# (after the top one) gets a share proportional to 1 / (k + ZIPF_OFFSET) ** ZIPF_EXPONENT.
EMPTY_SHARE = 0.15
ZIPF_EXPONENT = 1.2
ZIPF_OFFSET = 30
MIN_COMPANIES = 20

# --- Submissions --------------------------------------------------------------------

STATUSES = [
    (Status.PUBLISHED, 85),
    (Status.PENDING, 8),
    (Status.REJECTED, 4),
    (Status.HIDDEN, 3),
]
# Ratings lean to 3 and 4; each company tilts them up or down a little.
RATING_WEIGHTS = {1: 5, 2: 12, 3: 33, 4: 35, 5: 15}
LEVELS = [
    (InterviewExperience.Level.NEW, 55),
    (InterviewExperience.Level.EXPERIENCED, 35),
    (InterviewExperience.Level.INTERN, 10),
]
RESULTS = [
    (InterviewExperience.Result.PASSED, 35),
    (InterviewExperience.Result.FAILED, 50),
    (InterviewExperience.Result.PENDING, 15),
]


def counts_per_company(total: int, companies: int) -> list[int]:
    """How many submissions each company gets, biggest first: the first company holds
    total // 10, a share of the others none, and the rest a Zipf-like long tail."""
    top = total // 10
    others = companies - 1
    empty = round(others * EMPTY_SHARE)
    ranked = others - empty
    weights = [1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT for rank in range(1, ranked + 1)]
    scale = (total - top) / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    # Rounding down left a few over; hand them out one each from the top of the tail.
    for rank in range(total - top - sum(counts)):
        counts[rank % ranked] += 1
    return [top, *counts, *[0] * empty]


def batched(items, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = (
        "Fills an empty database with generated companies, users, reviews and interview "
        "experiences (reproducible by --seed), then rebuilds the stored scores. Refuses to "
        "run on a database that already has companies."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=10_000)
        parser.add_argument("--reviews", type=int, default=1_000_000)
        parser.add_argument("--interviews", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2_000)

    def handle(self, *args, companies, reviews, interviews, seed, batch_size, **options):
        if Company.objects.exists():
            raise CommandError(
                "This database already has companies; generate_scale_data fills only an empty "
                "one. Create a new database and run `manage.py migrate` on it first."
            )
        if companies < MIN_COMPANIES:
            raise CommandError(f"--companies must be at least {MIN_COMPANIES}.")
        # The standard 직무 list, which the companies data migration creates.
        jobs = list(JobCategory.objects.order_by("order", "id"))
        if not jobs:
            raise CommandError(
                "This database has no job categories; run `manage.py migrate`, whose data "
                "migration creates the standard ones."
            )
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        # Published submissions carry the worker's analysis (search, keywords) from the
        # insert on: the texts are drawn from a few hundred sentences, and the analyser
        # analyses each distinct sentence once (its cache), so this costs little.
        self.analyser = analyser()
        self.review_kind = kind_of(Review)
        self.interview_kind = kind_of(InterviewExperience)
        with transaction.atomic(), self.gin_indexes_built_after():
            company_rows = self.create_companies(companies)
            review_counts = counts_per_company(reviews, companies)
            interview_counts = counts_per_company(interviews, companies)
            # Enough authors that no company has two interviews by one person (one per
            # author, company and period is a database constraint).
            users = self.create_users(max(reviews // 20, interview_counts[0], 1))
            # The companies in a random order take the counts, biggest first.
            ranked = self.rng.sample(company_rows, len(company_rows))
            self.create_reviews(ranked, review_counts, users, jobs)
            self.create_interviews(ranked, interview_counts, users, jobs)
            submissions.rebuild()
            self.set_score_dates()
        top = ranked[0]
        self.stdout.write(
            f"{len(company_rows)} companies, {len(users)} users, {reviews} reviews, "
            f"{interviews} interview experiences"
        )
        self.stdout.write(f"top company ({review_counts[0]} reviews): {top.slug}")

    @contextmanager
    def gin_indexes_built_after(self):
        """On PostgreSQL, the GIN indexes of the lemmas are dropped while the rows go in and
        made again after, from their own definitions: building one over a million vectors
        is several times faster than adding each vector to it."""
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
                [list(GIN_INDEXES)],
            )
            definitions = cursor.fetchall()
            for name, _ in definitions:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        with connection.cursor() as cursor:
            # The deferred foreign-key checks first: PostgreSQL builds no index on a table
            # with checks pending in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _, definition in definitions:
                cursor.execute(definition)

    # --- Rows --------------------------------------------------------------------------

    def create_companies(self, count: int) -> list[Company]:
        """Name = prefix + a word of the industry + an optional suffix ("한빛테크",
        "세종바이오솔루션"). The parts' romanisations give the slug ("hanbit-tech"), the
        short name ("HT") and an English name as the alias ("Hanbit Tech"), so the search
        by acronym and alias has something to find at full size."""
        names = [
            (prefix, word, suffix, industry)
            for industry, kind in WORDS["industries"].items()
            for prefix in WORDS["prefixes"]
            for word in kind["words"]
            for suffix in WORDS["suffixes"]
        ]
        if count > len(names):
            raise CommandError(f"--companies can be at most {len(names)} (the distinct names).")
        types, type_weights = zip(*ORGANISATION_TYPES, strict=True)
        companies = []
        for *parts, industry in self.rng.sample(names, count):
            romanised = [roman for _, roman in parts if roman]
            if industry == PUBLIC_INDUSTRY:
                organisation_type = OrganisationType.PUBLIC
            else:
                organisation_type = self.rng.choices(types, type_weights)[0]
            company = Company(
                name="".join(korean for korean, _ in parts),
                short_name="".join(roman[0] for roman in romanised).upper(),
                slug="-".join(romanised),
                aliases=" ".join(roman.capitalize() for roman in romanised),
                organisation_type=organisation_type,
                industry=industry,
                founded_year=self.rng.randint(1960, 2023),
                summary=f"{self.rng.choice(WORDS['regions'])}에 본사를 두고 "
                f"{WORDS['industries'][industry]['does']}.",
                is_published=True,
            )
            company.fill_search()  # bulk_create skips Company.save(), which fills it
            companies.append(company)
        self.insert(Company, "companies", companies, count)
        return companies

    def create_users(self, count: int) -> list[int]:
        tokens: set[str] = set()
        while len(tokens) < count:
            tokens.add(f"{self.rng.getrandbits(40):010x}")
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        users = [
            User(
                email=f"scale-user-{n}@scale.invalid",
                # "!" and anything after it is an unusable password, as make_password(None).
                password="!" + "".join(self.rng.choices(alphabet, k=40)),
                moderation_token=token,
                date_joined=REFERENCE - timedelta(seconds=SPAN_SECONDS + self.rng.randrange(86400)),
            )
            for n, token in enumerate(sorted(tokens), start=1)
        ]
        self.insert(User, "users", users, count)
        return [user.pk for user in users]

    def create_reviews(self, companies, counts, users, jobs) -> None:
        rows = (
            review
            for company, count in zip(companies, counts, strict=True)
            for review in self.reviews_of(company, count, users, jobs)
        )
        self.insert(Review, "reviews", rows, sum(counts))

    def reviews_of(self, company, count, users, jobs):
        rng = self.rng
        # Each company leans to better or worse ratings than the site as a whole.
        tilt = rng.uniform(-0.7, 0.7)
        ratings = list(RATING_WEIGHTS)
        weights = [RATING_WEIGHTS[r] * math.exp(tilt * (r - 3)) for r in ratings]
        # Consecutive reviews of a company come from different authors.
        first_author = rng.randrange(len(users))
        for i, created in enumerate(self.sorted_times(count)):
            culture, pay_benefits, career, work_life, leadership = rng.choices(
                ratings, weights, k=5
            )
            review = Review(
                company=company,
                author_id=users[(first_author + i) % len(users)],
                employment_status=rng.choice(["current", "current", "former"]),
                job_category=rng.choice(jobs),
                culture=culture,
                pay_benefits=pay_benefits,
                career=career,
                work_life=work_life,
                leadership=leadership,
                title=f"{rng.choice(WORDS['title_starts'])} {rng.choice(WORDS['title_ends'])}",
                pros=self.text(WORDS["pros"], self.text_length()),
                cons=self.text(WORDS["cons"], self.text_length()),
                advice=rng.choice(WORDS["advice"]) if rng.random() < 0.4 else "",
                created_at=created,
            )
            self.moderate(review)
            if review.status == Status.PUBLISHED:
                for name, value in self.review_kind.analyse(review, self.analyser).items():
                    setattr(review, name, value)
            yield review

    def create_interviews(self, companies, counts, users, jobs) -> None:
        rows = (
            pair
            for company, count in zip(companies, counts, strict=True)
            for pair in self.interviews_of(company, count, users, jobs)
        )
        total = sum(counts)
        done = 0
        for batch in batched(rows, self.batch_size):
            InterviewExperience.objects.bulk_create([experience for experience, _ in batch])
            InterviewQuestion.objects.bulk_create(
                [
                    InterviewQuestion(
                        experience=experience,
                        order=order,
                        text=text,
                        search=self.interview_kind.question_vector(text, self.analyser)
                        if experience.status == Status.PUBLISHED
                        else None,
                    )
                    for experience, questions in batch
                    for order, text in enumerate(questions)
                ]
            )
            done += len(batch)
            self.progress("interviews", done, total)

    def interviews_of(self, company, count, users, jobs):
        rng = self.rng
        levels, level_weights = zip(*LEVELS, strict=True)
        results, result_weights = zip(*RESULTS, strict=True)
        first_author = rng.randrange(len(users))
        for i, created in enumerate(self.sorted_times(count)):
            # The interview took place up to two months before it was written up.
            held = (created - timedelta(days=rng.randint(0, 60))).astimezone(SEOUL)
            experience = InterviewExperience(
                company=company,
                author_id=users[(first_author + i) % len(users)],
                year=held.year,
                half="first" if held.month <= 6 else "second",
                level=rng.choices(levels, level_weights)[0],
                job_category=rng.choice(jobs),
                difficulty=rng.choices([1, 2, 3, 4, 5], [5, 15, 40, 30, 10])[0],
                atmosphere=rng.choices([1, 2, 3], [30, 50, 20])[0],
                result=rng.choices(results, result_weights)[0],
                format=rng.choice(WORDS["formats"]),
                account=self.text(WORDS["accounts"], rng.randint(20, 400)),
                tip=rng.choice(WORDS["tips"]),
                created_at=created,
            )
            questions = rng.sample(WORDS["questions"], rng.randint(1, 5))
            self.moderate(experience)
            yield experience, questions

    def set_score_dates(self) -> None:
        """scores_rebuild() keeps a score row's as-of date, which a new row does not have;
        the day the scores last changed is the day of the company's latest publish."""
        latest = (
            Review.objects.published()
            .filter(company=OuterRef("company_id"))
            .order_by("-published_at")
            .values(day=TruncDate("published_at"))[:1]
        )
        CompanyScore.objects.update(as_of=Subquery(latest))

    # --- Draws -------------------------------------------------------------------------

    def sorted_times(self, count: int) -> list[datetime]:
        """`count` moments in the three years before REFERENCE, oldest first."""
        seconds = sorted(self.rng.randrange(SPAN_SECONDS) for _ in range(count))
        start = REFERENCE - timedelta(seconds=SPAN_SECONDS)
        return [start + timedelta(seconds=s) for s in seconds]

    def moderate(self, submission) -> None:
        """A status in the promised shares, with the dates and reason a moderator leaves."""
        rng = self.rng
        statuses, weights = zip(*STATUSES, strict=True)
        status = rng.choices(statuses, weights)[0]
        submission.status = status
        if status == Status.PENDING:
            return
        decided = min(submission.created_at + timedelta(minutes=rng.randint(10, 4320)), REFERENCE)
        submission.moderated_at = decided
        if status == Status.REJECTED:
            submission.moderation_reason = rng.choice(WORDS["reject_reasons"])
            return
        submission.published_at = decided
        if status == Status.HIDDEN:
            submission.moderated_at = min(decided + timedelta(days=rng.randint(1, 90)), REFERENCE)
            submission.moderation_reason = rng.choice(WORDS["hide_reasons"])

    def text_length(self) -> int:
        """Most texts are a few sentences; a few run to a long essay."""
        roll = self.rng.random()
        if roll < 0.85:
            return self.rng.randint(30, 150)
        if roll < 0.98:
            return self.rng.randint(150, 600)
        return self.rng.randint(600, 2800)

    def text(self, sentences: list[str], length: int) -> str:
        """Sentences from the list, each once before any comes again, until the text is at
        least `length` characters (no sentence is over 100, so 2,800 stays within 3,000)."""
        shuffled = self.rng.sample(sentences, len(sentences))
        parts = []
        size = -1
        while size < length:
            part = self.rng.choice(WORDS["leads"]) + shuffled[len(parts) % len(shuffled)]
            parts.append(part)
            size += len(part) + 1
        return " ".join(parts)

    # --- Writing -----------------------------------------------------------------------

    def insert(self, model, label: str, rows, total: int) -> None:
        """Inserts in batches; bulk_create sets each object's primary key."""
        done = 0
        for batch in batched(rows, self.batch_size):
            model.objects.bulk_create(batch)
            done += len(batch)
            self.progress(label, done, total)

    def progress(self, label: str, done: int, total: int) -> None:
        # With debug on Django keeps every query's SQL; a million rows of it fill memory.
        reset_queries()
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label:<11}{done:>9}/{total}  {100 * done // total:3d}%{end}")
        sys.stderr.flush()
