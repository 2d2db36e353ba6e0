"""generate_scale_data: the promised shape, rows the models accept, clean scores, and one
seed giving one data set."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.db.models.functions import Length

from companies.models import Company, JobCategory, search_text_of
from interviews.models import InterviewExperience
from nipa_reviews.accounts.models import User
from reviews.models import CompanyScore, Review
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

SMALL = {"companies": 50, "reviews": 2000, "interviews": 200, "seed": 1}


def generate(**options) -> str:
    """Runs the command at the small size; returns what it printed on stdout."""
    out = StringIO()
    call_command("generate_scale_data", **{**SMALL, **options}, stdout=out, stderr=StringIO())
    return out.getvalue()


def review_counts() -> list[tuple[str, int]]:
    """(slug, reviews of any status) for every company, most reviews first."""
    return list(
        Company.objects.annotate(n=Count("reviews")).order_by("-n", "slug").values_list("slug", "n")
    )


def digest() -> str:
    """A fingerprint of the generated content, without database ids."""
    rows = [
        *Company.objects.order_by("id").values_list(
            "name", "slug", "organisation_type", "industry", "summary"
        ),
        *User.objects.order_by("id").values_list("email", "password", "moderation_token"),
        *Review.objects.order_by("id").values_list(
            "company__slug",
            "author__email",
            "job_category__name",
            "culture",
            "pay_benefits",
            "career",
            "work_life",
            "leadership",
            "title",
            "pros",
            "cons",
            "status",
            "created_at",
            "published_at",
        ),
        *InterviewExperience.objects.order_by("id").values_list(
            "company__slug", "author__email", "year", "half", "difficulty", "account", "status"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_one_company_holds_a_tenth_of_the_reviews_and_is_printed():
    output = generate()

    counts = review_counts()
    top_slug, top_count = counts[0]
    assert top_count == 200
    assert counts[1][1] < top_count
    assert f"top company (200 reviews): {top_slug}" in output
    assert sum(n for _, n in counts) == 2000


def test_the_other_companies_have_a_long_tail_and_some_have_none():
    generate()

    counts = [n for _, n in review_counts()]
    assert counts[1:] == sorted(counts[1:], reverse=True)
    assert counts[1] >= 2 * min(n for n in counts if n)
    assert 1 <= counts.count(0) <= 15


def test_statuses_come_in_the_promised_shares():
    generate()

    shares = {
        row["status"]: row["n"] / 2000
        for row in Review.objects.values("status").annotate(n=Count("id"))
    }
    assert shares["published"] == pytest.approx(0.85, abs=0.03)
    assert shares["pending"] == pytest.approx(0.08, abs=0.02)
    assert shares["rejected"] == pytest.approx(0.04, abs=0.02)
    assert shares["hidden"] == pytest.approx(0.03, abs=0.02)


def test_published_reviews_have_a_publish_date_and_pending_ones_have_none():
    generate()

    assert not Review.objects.published().filter(published_at=None).exists()
    assert not Review.objects.filter(status="pending").exclude(published_at=None).exists()
    assert not Review.objects.filter(status="rejected", moderation_reason="").exists()


def test_every_company_is_published_and_searchable_by_name():
    generate()

    assert Company.objects.count() == 50
    assert not Company.objects.filter(is_published=False).exists()
    company = Company.objects.order_by("id").first()
    assert Company.objects.search(company.name[:2]).filter(pk=company.pk).exists()


def test_generated_companies_are_found_as_if_saved_through_the_model():
    generate()
    sample = list(Company.objects.order_by("id")[::7])

    for company in sample:
        generated = company.search_text
        assert generated == search_text_of(company.name, company.short_name, company.aliases)
        company.save()
        company.refresh_from_db()
        assert company.search_text == generated
    company = sample[0]
    for query in (company.short_name, company.alias_list()[0].upper()):
        assert Company.objects.search(query).filter(pk=company.pk).exists()


def test_scores_verify_clean_after_generation():
    generate()
    out = StringIO()

    call_command("verify_scores", stdout=out)

    assert "scores verified" in out.getvalue()
    assert not CompanyScore.objects.filter(review_count__gt=0, as_of=None).exists()


def test_the_same_seed_gives_the_same_data():
    generate()
    first = digest()
    Company.objects.all().delete()
    User.objects.filter(email__endswith="@scale.invalid").delete()

    generate()

    assert digest() == first


def test_another_seed_gives_other_data():
    generate()
    first = digest()
    Company.objects.all().delete()
    User.objects.filter(email__endswith="@scale.invalid").delete()

    generate(seed=2)

    assert digest() != first


def test_sampled_rows_pass_model_validation():
    generate()

    for company in Company.objects.all()[:10]:
        company.full_clean()
    for review in Review.objects.order_by("id")[::97]:
        review.full_clean()
    for experience in InterviewExperience.objects.order_by("id")[::19]:
        experience.full_clean()
        for question in experience.questions.all():
            question.full_clean()


def test_every_text_is_within_the_model_limits():
    generate()

    reviews = Review.objects.aggregate(
        pros_min=Min(Length("pros")),
        pros_max=Max(Length("pros")),
        cons_min=Min(Length("cons")),
        cons_max=Max(Length("cons")),
        title_max=Max(Length("title")),
        low=Min("culture"),
        high=Max("culture"),
    )
    assert reviews["pros_min"] >= 30 and reviews["cons_min"] >= 30
    assert reviews["pros_max"] <= 3000 and reviews["cons_max"] <= 3000
    assert reviews["title_max"] <= 100
    assert (reviews["low"], reviews["high"]) == (1, 5)
    experiences = InterviewExperience.objects.annotate(n=Count("questions")).aggregate(
        account_min=Min(Length("account")), fewest=Min("n"), most=Max("n")
    )
    assert experiences["account_min"] >= 20
    assert (experiences["fewest"], experiences["most"]) == (1, 5)


def test_authors_are_bulk_users_who_cannot_log_in():
    generate()

    users = User.objects.filter(email__endswith="@scale.invalid")
    assert users.count() == 100
    assert not any(user.has_usable_password() for user in users)
    assert users.values("moderation_token").distinct().count() == 100


def test_refuses_a_database_that_already_has_companies():
    CompanyFactory()

    with pytest.raises(CommandError, match="already has companies"):
        generate()

    assert Review.objects.count() == 0


def test_refuses_a_database_without_the_job_categories_migrate_creates():
    JobCategory.objects.all().delete()

    with pytest.raises(CommandError, match="no job categories"):
        generate()

    assert Company.objects.count() == 0


def test_published_submissions_are_analysed_as_the_worker_would(analyser):
    from interviews.models import InterviewQuestion
    from nipa_reviews.submissions.kinds import kind_of
    from reviews.models import KeywordCount

    generate()
    kind = kind_of(Review)
    published = Review.objects.published().order_by("id")[:20]
    for review in published:
        analysis = kind.analyse(review, analyser)
        # PostgreSQL gives a tsvector back sorted by lexeme: compare the lexemes.
        assert sorted(analysis["search"].split()) == sorted(review.search.split())
        assert analysis["keywords"] == review.keywords
    assert not Review.objects.exclude(status="published").filter(search__isnull=False).exists()
    questions = InterviewQuestion.objects.filter(experience__status="published")
    assert not questions.filter(search__isnull=True).exists()
    assert KeywordCount.objects.exists()  # counted by the rebuild at the end
