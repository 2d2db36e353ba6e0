"""Keyset pages of the review and interview lists (nipa_reviews.keyset): the same reviews
as OFFSET pages, in the same order, ties included; cursors in the links; bad cursors; the
query counts; and on PostgreSQL, deep pages that read only the rows they show."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import JobCategory
from nipa_reviews import keyset
from nipa_reviews.keyset import keyset_page
from reviews import selectors
from reviews.models import Review
from tests.factories import CompanyFactory, InterviewFactory, JobCategoryFactory, ReviewFactory

PER_PAGE = 3


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


@pytest.fixture
def tied(company, publish):
    """Thirteen published reviews with ties on every sort key: two helpful counts, three
    instants (several reviews published at the same microsecond), four rating sums; two
    statuses, two job categories, some verified."""
    other_job = JobCategoryFactory(name="영업")
    base = timezone.now().replace(microsecond=0) - timedelta(days=3)
    reviews = []
    for i in range(13):
        ratings = dict.fromkeys(("culture", "pay_benefits", "career", "work_life"), 2 + i % 4)
        review = publish(
            ReviewFactory(
                company=company,
                employment_status="former" if i % 3 == 0 else "current",
                job_category=other_job if i % 2 else JobCategoryFactory(),
                leadership=3,
                verified=i % 4 == 0,
                **ratings,
            )
        )
        Review.objects.filter(pk=review.pk).update(
            helpful_count=i % 2, published_at=base + timedelta(hours=i % 3)
        )
        reviews.append(review)
    return reviews


FILTERS = [
    {},
    {"employment_status": "former"},
    {"employment_status": "current"},
    {"verified": True},
    {"job_category": "영업"},
]


def _reviews(company, sort: str, filters: dict):
    filters = dict(filters)
    if "job_category" in filters:
        filters["job_category"] = JobCategory.objects.get(name=filters["job_category"])
    return selectors.published_reviews(company=company, sort=sort, **filters)


def _offset_pages(queryset) -> list[list[int]]:
    paginator = Paginator(queryset, PER_PAGE)
    return [[r.pk for r in paginator.page(n).object_list] for n in paginator.page_range]


@pytest.mark.parametrize(
    ("sort", "filters"), list(itertools.product(selectors.REVIEW_SORTS, FILTERS))
)
def test_cursor_pages_hold_what_offset_pages_hold(monkeypatch, company, tied, sort, filters):
    monkeypatch.setattr(keyset, "PAGE_WINDOW", 1)  # every page after the first by cursor
    reviews = _reviews(company, sort, filters)
    expected = _offset_pages(reviews)
    count = reviews.count()
    assert len(expected) > 1  # the walk crosses pages, within groups of ties

    forward = []
    page = keyset_page(reviews, order=selectors.review_order(sort), per_page=PER_PAGE, count=count)
    while True:
        forward.append([r.pk for r in page])
        if not page.has_next:
            break
        assert page.next_cursor and page.next_page_number is None
        page = keyset_page(
            reviews,
            order=selectors.review_order(sort),
            per_page=PER_PAGE,
            count=count,
            after=page.next_cursor,
        )
    assert forward == expected

    # and back from the last page, with 이전, to the first
    backward = [forward[-1]]
    while page.has_previous:
        page = keyset_page(
            reviews,
            order=selectors.review_order(sort),
            per_page=PER_PAGE,
            count=count,
            before=page.previous_cursor,
        )
        backward.insert(0, [r.pk for r in page])
    assert backward == expected


def test_numbered_pages_near_the_start_are_the_offset_pages(company, tied):
    reviews = _reviews(company, "helpful", {})
    expected = _offset_pages(reviews)
    for number, rows in enumerate(expected, start=1):
        page = keyset_page(
            reviews,
            order=selectors.review_order("helpful"),
            per_page=PER_PAGE,
            count=13,
            page=str(number),
        )
        assert [r.pk for r in page] == rows
        assert page.number == number and page.window == [1, 2, 3, 4, 5]
    # past the last page or not a number: the last page, or the first
    assert keyset_page(reviews, order=["-id"], per_page=PER_PAGE, count=13, page="99").number == 5
    assert keyset_page(reviews, order=["-id"], per_page=PER_PAGE, count=13, page="x").number == 1


def test_page_numbers_stop_at_the_window_and_cursors_go_on(monkeypatch, client, company, tied):
    monkeypatch.setattr(keyset, "PAGE_WINDOW", 2)
    monkeypatch.setattr("reviews.views.REVIEWS_PER_PAGE", PER_PAGE)
    url = reverse("reviews:list", args=["acme"])
    newest = [r.pk for r in _reviews(company, "newest", {})]

    first = client.get(url)
    assert first.context["page"].next_page_number == 2
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(url, {"page": "2"}).context["page"]
    assert [r.pk for r in second] == newest[3:6]
    # page 2 is the window's last: 다음 is the cursor of its last review
    cursor = str(Review.objects.get(pk=newest[5]).public_id)
    assert second.next_cursor == cursor
    response = client.get(url, {"after": cursor})
    html = response.content.decode()
    assert [r.pk for r in response.context["page"]] == newest[6:9]
    # the cursor page offers 이전 by cursor and the numbered pages, and no position
    before = Review.objects.get(pk=newest[6]).public_id
    assert f'href="?before={before}"' in html and 'href="?page=1"' in html
    assert [r.pk for r in client.get(url, {"before": before}).context["page"]] == newest[3:6]
    # deep page numbers show the last numbered page
    assert client.get(url, {"page": "4"}).context["page"].number == 2


def test_cursor_keeps_the_filters_and_sort_in_the_link(monkeypatch, client, company, tied):
    monkeypatch.setattr(keyset, "PAGE_WINDOW", 1)
    monkeypatch.setattr("reviews.views.REVIEWS_PER_PAGE", PER_PAGE)
    url = reverse("reviews:list", args=["acme"])
    response = client.get(url, {"sort": "lowest", "status": "current"})
    cursor = response.context["page"].next_cursor
    assert cursor
    # the view's own parameters, in their fixed order (nipa_reviews.pagecache)
    assert f"?status=current&amp;sort=lowest&amp;after={cursor}" in response.content.decode()


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", "0" * 200, str(uuid.uuid4()), "1e3", "../../etc"],
)
def test_a_bad_cursor_shows_the_first_page_and_says_so(client, company, tied, cursor):
    url = reverse("reviews:list", args=["acme"])
    for name in ("after", "before"):
        response = client.get(url, {name: cursor})
        assert response.status_code == 200
        page = response.context["page"]
        assert page.number == 1 and len(page) == 13
        if cursor:
            assert page.lost
            assert "첫 페이지를 보여 드립니다" in response.content.decode()


def test_a_cursor_from_another_filter_or_a_hidden_review_is_lost(client, company, tied):
    from nipa_reviews.submissions import services as submissions

    url = reverse("reviews:list", args=["acme"])
    former = Review.objects.filter(employment_status="former").first()
    assert client.get(url, {"status": "current", "after": former.public_id}).context["page"].lost
    submissions.hide(item=former, moderator=None, reason="작성자 요청")
    assert client.get(url, {"after": former.public_id}).context["page"].lost


def test_cursor_pages_are_cached_for_anonymous_visitors(client, company, tied):
    url = reverse("reviews:list", args=["acme"])
    cursor = Review.objects.first().public_id
    client.get(url, {"after": cursor})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"after": cursor}).status_code == 200
    assert len(queries) == 0
    # another cursor is another page, not the cached one
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"before": cursor})
    assert len(queries) > 0


@pytest.mark.parametrize("size", [25, 70])
def test_cursor_page_query_count_does_not_grow(
    client, company, publish, user, django_assert_num_queries, size
):
    publish(*ReviewFactory.create_batch(size, company=company))
    url = reverse("reviews:list", args=["acme"])
    cursor = selectors.published_reviews(company=company)[20].public_id
    # as the first page (company with scores, job categories, the page, its replies), and
    # the cursor's review, found by its public id
    with django_assert_num_queries(5):
        client.get(url, {"after": cursor})
    client.force_login(user)
    # signed in: the session and the user, then the same, then the reader's votes,
    # reports, and whether they represent the company
    with django_assert_num_queries(10):
        client.get(url, {"before": cursor})


@pytest.mark.parametrize("size", [25, 70])
def test_interview_cursor_page_query_count_does_not_grow(
    client, company, publish_interview, django_assert_num_queries, size
):
    from interviews.selectors import published_interviews

    publish_interview(*InterviewFactory.create_batch(size, company=company))
    url = reverse("interviews:list", args=["acme"])
    cursor = published_interviews(company=company)[5].public_id
    # as the first page (test_interviews: company with its interview stats, job categories
    # for the filter, the count, the page, its questions), and the cursor's experience
    with django_assert_num_queries(6):
        response = client.get(url, {"after": cursor})
    assert len(response.context["page"]) == min(20, size - 6)


def test_interview_pages_hold_what_offset_pages_hold(monkeypatch, company, publish_interview):
    from interviews import selectors as interview_selectors
    from interviews.models import InterviewExperience

    monkeypatch.setattr(keyset, "PAGE_WINDOW", 1)
    experiences = publish_interview(*InterviewFactory.create_batch(8, company=company))
    at = timezone.now()
    InterviewExperience.objects.filter(pk__in=[e.pk for e in experiences[:5]]).update(
        published_at=at
    )
    listed = interview_selectors.published_interviews(company=company)
    expected = _offset_pages(listed)
    order = interview_selectors.INTERVIEW_ORDER
    page = keyset_page(listed, order=order, per_page=PER_PAGE, count=8)
    pages = [[e.pk for e in page]]
    while page.has_next:
        page = keyset_page(listed, order=order, per_page=PER_PAGE, count=8, after=page.next_cursor)
        pages.append([e.pk for e in page])
    assert pages == expected


# --- PostgreSQL: a deep page reads its own rows from an index -----------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN output is PostgreSQL's"
)


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@needs_postgresql
def test_a_deep_page_reads_only_its_rows_from_an_index(company):
    """At 8,000 reviews, the page after the 4,000th reads about 21 index entries per
    query (the page and one to know there is a next), where OFFSET would read 4,021."""
    author = ReviewFactory.build().author
    author.save()
    job = JobCategoryFactory()
    others = [CompanyFactory() for _ in range(3)]
    base = timezone.now() - timedelta(days=1000)
    Review.objects.bulk_create(
        [
            Review(
                company=company if i % 20 else others[i % 3],
                author=author,
                employment_status="current",
                job_category=job,
                **dict.fromkeys(("culture", "pay_benefits", "career", "work_life"), 1 + i % 5),
                leadership=1 + i % 3,
                title=f"리뷰 {i}",
                pros="장점" * 20,
                cons="단점" * 20,
                status="published",
                helpful_count=i % 7 if i % 3 == 0 else 0,  # most have none, as in life
                published_at=base + timedelta(minutes=i // 2),  # ties: two a minute
            )
            for i in range(8_000)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_review")
    for sort in ("newest", "helpful", "highest", "lowest"):
        reviews = selectors.published_reviews(company=company, sort=sort)
        cursor = reviews.values_list("public_id", flat=True)[4_000]
        with CaptureQueriesContext(connection) as captured:
            page = keyset_page(
                reviews,
                order=selectors.review_order(sort),
                per_page=20,
                count=7_600,
                after=str(cursor),
            )
        assert len(page) == 20
        # the page's queries: not the cursor's row (by its unique public id), not the replies
        pages = [
            q["sql"]
            for q in captured
            if "public_id" not in q["sql"].split("WHERE")[1]
            and "reviews_employerreply" not in q["sql"]
        ]
        assert pages
        for sql in pages:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                (result,) = cursor.fetchone()
            result = json.loads(result) if isinstance(result, str) else result
            nodes = list(_nodes(result[0]["Plan"]))
            text = sort + ": " + json.dumps(result[0]["Plan"], ensure_ascii=False)
            scans = [n for n in nodes if n.get("Relation Name") == "reviews_review"]
            assert scans and all(n["Node Type"] == "Index Scan" for n in scans), text
            # No sort of the list (an incremental sort of one group of ties is the
            # planner's choice at times: it reads no more rows, as counted below).
            assert not any(n["Node Type"] == "Sort" for n in nodes), text
            read = sum(n["Actual Rows"] + n.get("Rows Removed by Filter", 0) for n in scans)
            assert read <= 2 * 21, text  # the rows shown, the next one, a few others
