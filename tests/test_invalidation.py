"""Cached pages follow the rows they show, whoever writes them: services, the admin,
commands, imports and rebuilds all pass through one mechanism (nipa_reviews.pagecache)."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from companies.models import Company, EmploymentType
from nipa_reviews import pagecache
from nipa_reviews.submissions import services as submissions
from reviews import services
from reviews.models import CompanyScore, Review
from tests.factories import CompanyFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


def versions(*keys: str) -> list:
    return [cache.get(key) for key in keys]


COMPANY = pagecache.company_key("acme")


def test_a_helpful_vote_replaces_only_its_companys_pages(client, company, publish):
    review = publish(ReviewFactory(company=company))
    client.get("/")  # the lists' and the company's tokens now exist
    client.get(reverse("reviews:list", args=["acme"]))
    lists, own = versions(pagecache.LISTS_KEY, COMPANY)
    services.review_set_helpful(review=review, user=UserFactory())
    assert cache.get(pagecache.LISTS_KEY) == lists
    assert cache.get(COMPANY) != own


def test_a_publish_replaces_the_companys_and_the_lists_pages(client, company, publish):
    client.get("/")
    client.get(company.get_absolute_url())
    lists, own = versions(pagecache.LISTS_KEY, COMPANY)
    publish(ReviewFactory(company=company))
    assert cache.get(pagecache.LISTS_KEY) != lists and cache.get(COMPANY) != own


def test_a_pending_submission_replaces_nothing(client, company):
    client.get(company.get_absolute_url())
    own = cache.get(COMPANY)
    ReviewFactory(company=company)
    assert cache.get(COMPANY) == own


def test_verify_scores_fix_refreshes_the_pages_it_rewrites(client, company, publish):
    publish(*ReviewFactory.create_batch(4, company=company, culture=5))
    url = company.get_absolute_url()
    assert "게시된 리뷰 4건" in client.get(url).content.decode()
    with connection.cursor() as cursor:  # behind every service's back: drift
        cursor.execute(
            "UPDATE reviews_review SET status = 'rejected' WHERE id = %s",
            [Review.objects.filter(company=company).first().pk],
        )
    assert "게시된 리뷰 4건" in client.get(url).content.decode()  # still the cached page
    call_command("verify_scores", "--fix", stdout=io.StringIO())
    assert CompanyScore.objects.get(company=company).review_count == 3
    assert "게시된 리뷰 3건" in client.get(url).content.decode()


def test_a_shared_list_changed_by_import_refreshes_every_company(client, nipa, company):
    """An employment type's definition shows on every company page that uses it."""
    from companies.selectors import company_export
    from companies.services import company_import

    client.get(reverse("companies:detail", args=["acme"]))
    site = cache.get(pagecache.SITE_KEY)
    document = company_export(nipa)
    document["employment_types"][0]["definition"] = "바뀐 정의"
    company_import(data=document)
    assert EmploymentType.objects.get(definition="바뀐 정의")
    assert cache.get(pagecache.SITE_KEY) != site


def test_a_company_whose_address_changes_leaves_no_page_at_the_old_one(client, company):
    old = company.get_absolute_url()
    assert client.get(old).status_code == 200
    company.slug = "acme-new"
    company.save()
    assert client.get(old).status_code == 404  # the cached page of the old address is gone
    assert client.get(reverse("companies:detail", args=["acme-new"])).status_code == 200


def cache_keys() -> set[str]:
    """Every key in the cache: the local-memory one's, or Redis's (CI)."""
    backend = caches["default"]
    if isinstance(backend._cache, dict):
        return set(backend._cache)
    client = backend._cache.get_client()
    return {key.decode() for key in client.scan_iter(match=backend.make_key("*"))}


def test_unknown_query_parameters_share_the_cached_page(client, company):
    url = reverse("reviews:list", args=["acme"])
    client.get(url, {"sort": "helpful"})
    keys_before = cache_keys()
    for i in range(20):
        client.get(url, {"sort": "helpful", f"utm_{i}": "x", "fbclid": str(i)})
    assert cache_keys() == keys_before
    page = client.get(url, {"sort": "helpful", "evil": "<b>"}).content.decode()
    assert "evil" not in page  # nor do they reach the page (its pagination links)


def test_a_page_for_an_unknown_company_leaves_no_key_behind(client, company):
    client.get(company.get_absolute_url())  # the site's token exists
    before = cache_keys()
    for i in range(30):
        assert client.get(f"/companies/no-such-{i}/").status_code == 404
        assert client.get(f"/companies/no-such-{i}/reviews/").status_code == 404
        assert client.get(f"/api/companies/no-such-{i}/").status_code == 404
    assert cache_keys() == before


def test_a_render_between_the_write_and_its_commit_is_not_served_afterwards(
    client, company, publish, django_capture_on_commit_callbacks
):
    """The race the second half of the invalidation closes, made deterministic: a reader
    renders the page from the data as it was before the commit, after the write replaced
    the tokens, and stores it. Once the transaction commits, that page must not be served."""
    url = company.get_absolute_url()
    client.get(url)
    review = ReviewFactory(company=company)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submissions.publish(item=review, moderator=None)
        # Another request, rendering before the commit, still sees no review: it caches
        # that page under the tokens current now (the first half's).
        stale = pagecache.cached(
            pagecache._page_name(_get(url), ()),
            pagecache.company_scope("acme"),
            lambda: b"STALE: no review yet",
        )
        assert stale == b"STALE: no review yet"
    assert b"STALE" not in client.get(url).content


def _get(url: str):
    from django.test import RequestFactory

    return RequestFactory().get(url)


def test_a_failed_write_leaves_the_pages_as_they_were(client, company, publish):
    url = company.get_absolute_url()
    publish(*ReviewFactory.create_batch(3, company=company))
    # Pending before the page is rendered: the transparency box counts pending reviews,
    # and a pending submission alone does not replace the cached page.
    review = ReviewFactory(company=company)
    page = client.get(url).content
    with pytest.raises(RuntimeError), transaction.atomic():
        submissions.publish(item=review, moderator=None)
        raise RuntimeError
    assert client.get(url).content == page
    assert Company.objects.get(pk=company.pk).review_count == 3


class FlakyCache:
    """The project's cache answering, like the Redis backend while Redis is away, that
    a write did not happen."""

    def __init__(self, real):
        self.real, self.down = real, True

    def set_many(self, data, timeout=None):
        return list(data) if self.down else self.real.set_many(data, timeout)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_an_invalidation_lost_to_a_redis_outage_is_made_at_the_next_request(
    client, company, publish, monkeypatch
):
    url = company.get_absolute_url()
    publish(*ReviewFactory.create_batch(3, company=company))
    assert "게시된 리뷰 3건" in client.get(url).content.decode()
    flaky = FlakyCache(
        cache._connections[cache._alias] if hasattr(cache, "_alias") else caches["default"]
    )
    monkeypatch.setattr(pagecache, "cache", flaky)
    publish(ReviewFactory(company=company))  # its invalidation cannot be written
    assert COMPANY in pagecache._lost
    flaky.down = False  # Redis is back; the page it kept is the old one
    assert "게시된 리뷰 4건" in client.get(url).content.decode()
    assert not pagecache._lost


def keys_without_expiry() -> set[str]:
    backend = caches["default"]
    if isinstance(backend._cache, dict):
        return {key for key, expiry in backend._expire_info.items() if expiry is None}
    client = backend._cache.get_client()
    return {
        key.decode() for key in client.scan_iter(match=backend.make_key("*")) if client.ttl(key) < 0
    }


def test_every_key_the_site_writes_expires(client, company, user, publish):
    """With Redis's default `noeviction`, a key that never expires is a slow leak."""
    from tests.test_reviews_views import form_data

    publish(*ReviewFactory.create_batch(3, company=company))
    for url in ["/", "/companies/", company.get_absolute_url(), "/api/companies/acme/"]:
        client.get(url)
    client.get(reverse("reviews:list", args=["acme"]), {"sort": "helpful", "page": "1"})
    client.get("/companies/no-such/")
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    client.force_login(user)
    client.post(reverse("reviews:create", args=["acme"]), form_data())
    assert cache_keys()  # something was written
    assert keys_without_expiry() == set()
