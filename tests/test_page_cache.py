"""What anonymous visitors see is cached, and every change to the company refreshes it."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nipa_reviews.submissions import services as submissions
from reviews import services
from reviews.models import Review
from tests.factories import CompanyFactory, JobCategoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme")


def test_after_a_publish_the_next_anonymous_request_sees_the_new_score(client, company, publish):
    publish(*ReviewFactory.create_batch(3, company=company, culture=5))
    assert "게시된 리뷰 3건" in client.get(company.get_absolute_url()).content.decode()
    assert client.get("/api/companies/acme/").json()["satisfaction"]["review_count"] == 3
    publish(ReviewFactory(company=company))
    assert "게시된 리뷰 4건" in client.get(company.get_absolute_url()).content.decode()
    assert client.get("/api/companies/acme/").json()["satisfaction"]["review_count"] == 4


@pytest.mark.parametrize(
    ("change", "url"),
    [
        (
            lambda review, user: submissions.hide(item=review, moderator=None, reason="x"),
            "reviews:list",
        ),
        (
            lambda review, user: submissions.update(item=review, title="바뀐 제목"),
            "reviews:list",
        ),
        (
            lambda review, user: services.review_set_helpful(review=review, user=user),
            "reviews:list",
        ),
        (
            lambda review, user: services.highlight_create(
                review=review, kind="positive", text="동료들이 친절하고"
            ),
            "companies:detail",
        ),
    ],
)
def test_every_kind_of_change_refreshes_the_cached_page(client, company, publish, change, url):
    review = publish(ReviewFactory(company=company))
    url = reverse(url, args=["acme"])
    before = client.get(url).content
    assert client.get(url).content == before  # cached
    change(review, UserFactory())
    assert client.get(url).content != before


def test_company_import_refreshes_the_page(client, nipa):
    from companies.selectors import company_export
    from companies.services import company_import

    before = client.get(nipa.get_absolute_url()).content.decode()
    document = company_export(nipa)
    document["vision"] = "새 비전"
    company_import(data=document)
    after = client.get(nipa.get_absolute_url()).content.decode()
    assert "새 비전" in after and "새 비전" not in before


def test_logged_in_users_see_their_own_navigation(client, company, user):
    client.get(company.get_absolute_url())  # cached for anonymous visitors
    client.force_login(user)
    content = client.get(company.get_absolute_url()).content.decode()
    assert "내 활동" in content and "로그아웃" in content


def test_a_page_with_a_flash_message_is_neither_served_from_nor_put_in_the_cache(
    client, company, user
):
    client.get(company.get_absolute_url())  # cached without a message
    client.force_login(user)
    client.post(reverse("account_logout"))  # an anonymous visitor now, with a message waiting
    with_message = client.get(company.get_absolute_url()).content.decode()
    assert 'class="alert alert-success"' in with_message
    without = client.get(company.get_absolute_url()).content.decode()
    assert 'class="alert alert-success"' not in without


def test_unpublishing_a_company_hides_its_cached_pages(client, company):
    client.get(company.get_absolute_url())
    company.is_published = False
    company.save()
    assert client.get(company.get_absolute_url()).status_code == 404
    assert client.get("/api/companies/acme/").status_code == 404


@pytest.mark.parametrize("size", [10, 2000])
def test_publishing_runs_the_same_queries_at_any_review_count(
    company, publish, django_assert_num_queries, size
):
    job = JobCategoryFactory()
    Review.objects.bulk_create(
        [
            ReviewFactory.build(
                company=company,
                author=None,
                job_category=job,
                status="published",
                published_at=timezone.now(),  # this month's score row exists already
            )
            for _ in range(size)
        ]
    )
    submissions.rebuild()
    review = ReviewFactory(company=company)
    # a savepoint; lock the review (with its company), save it; lock the score row (with
    # its company), save it; lock the site's totals, save them; the company's list keys;
    # release the savepoint. The site-wide mean is one row, whatever the number of companies.
    # The transparency figures: lock the review's pending row and save it, lock its
    # published row and save it (companies.transparency); lock the month's score row and
    # save it (reviews.history).
    with django_assert_num_queries(15):
        submissions.publish(item=review, moderator=None)


@pytest.mark.parametrize("companies", [10, 2000])
def test_publishing_runs_the_same_queries_at_any_company_count(
    company, django_assert_num_queries, companies
):
    # Every other company has published reviews and a score row, as at scale: the
    # site-wide mean comes from one totals row, never a sum over the companies.
    others = CompanyFactory._meta.model.objects.bulk_create(
        [CompanyFactory.build() for _ in range(companies - 1)]
    )
    job = JobCategoryFactory()
    Review.objects.bulk_create(
        [
            ReviewFactory.build(
                company=other,
                author=None,
                job_category=job,
                status="published",
                published_at=timezone.now(),
            )
            for other in [company, *others]
        ]
    )
    submissions.rebuild()
    review = ReviewFactory(company=company)
    # The same fifteen queries as in the test above, whatever the number of companies.
    with django_assert_num_queries(15):
        submissions.publish(item=review, moderator=None)


def needed_fonts(css: str, text: str) -> list[str]:
    """The font files a browser fetches for `text`: those whose @font-face unicode-range
    holds one of its characters."""
    needed = []
    for face in re.findall(r"@font-face\s*{([^}]*)}", css):
        url = re.search(r"url\(([^)]+)\)", face).group(1).strip("'\"")
        points = set()
        for first, last in re.findall(r"U\+([0-9A-F]+)(?:-([0-9A-F]+))?", face, flags=re.I):
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        if any(ord(c) in points for c in text):
            needed.append(url.rsplit("/", 1)[-1])
    return needed


def test_company_page_weighs_at_most_150_kb_compressed_with_its_fonts(client):
    """HTML, CSS, JS and the web fonts its text needs, as whitenoise serves them (gzip;
    woff2 is compressed already); and nothing loaded from another host."""
    call_command("load_demo")
    html = client.get("/companies/nipa/").content
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js|woff2))"', html)
    assert any(a.endswith(b".css") for a in assets)
    sizes = {"html": len(gzip.compress(html, 9))}
    text = visible_text(html.decode())
    fonts = set()
    for asset in assets:
        path = finders.find(asset.decode().removeprefix("/static/"))
        with open(path, "rb") as f:
            body = f.read()
        if asset.endswith(b".woff2"):
            fonts.add(Path(path).name)
            continue
        sizes[asset.decode()] = len(gzip.compress(body, 9))
        if asset.endswith(b".css"):
            fonts.update(needed_fonts(body.decode(), text))
    assert "pretendard-core.woff2" in fonts  # the page is set in the web font
    for name in fonts:
        sizes[name] = Path(finders.find(f"fonts/{name}")).stat().st_size
    assert sum(sizes.values()) <= 150 * 1024, sizes
    # The canonical and hreflang links name the page's own address (SITE_URL): no load.
    html = re.sub(rb'<link rel="(?:canonical|alternate)"[^>]*>', b"", html)
    external = re.findall(rb'(?:src|href|action)="((?:https?:)?//[^"]*)"', html)
    assert external == [b"https://www.nipa.kr"]  # the company's own website link, not a load


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def test_home_and_company_list_follow_a_publish(client, company, publish):
    publish(*ReviewFactory.create_batch(2, company=company, culture=5))
    assert "리뷰 2건" in client.get("/companies/").content.decode()
    assert "아직 점수가 공개된 기업이 없습니다." in client.get("/").content.decode()
    publish(ReviewFactory(company=company))
    assert "리뷰 3건" in client.get("/companies/").content.decode()
    assert "아직 점수가 공개된 기업이 없습니다." not in client.get("/").content.decode()


def test_a_changed_address_does_not_keep_serving_the_old_page(client, company, superuser):
    old_url = company.get_absolute_url()
    assert client.get(old_url).status_code == 200
    client.force_login(superuser)
    change_url = reverse("admin:companies_company_change", args=[company.pk])
    form = client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["slug"] = "acme-new"
    for prefix in (
        "stakeholders",
        "business_areas",
        "news_items",
        "core_values",
        "hiring_steps",
        "hiring_counts",
        "email_domains",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    assert client.post(change_url, data).status_code == 302
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get("/companies/acme-new/").status_code == 200


def test_the_redis_backend_reuses_one_client_per_pool():
    from nipa_reviews.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/9", {})
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
