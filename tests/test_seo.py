"""Found and shared: every page's title, description, canonical address and robots; link
previews (OpenGraph, Twitter cards, the drawn og:image); the company page's JSON-LD rating;
the sitemap, robots.txt and each company's Atom feed."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from companies.models import Company
from interviews.models import CompanyInterviewStats
from nipa_reviews.site import og_image, sitemaps
from nipa_reviews.submissions import services as submissions
from reviews.models import CompanyScore
from tests.factories import (
    CompanyFactory,
    InterviewFactory,
    ReviewFactory,
    UserFactory,
)
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

SITE_URL = "https://jobreport.example"
SEOUL = ZoneInfo("Asia/Seoul")
# 80, 80, 100, 80, 80 → 84점, 4.2 of 5 stars
RATINGS = {"culture": 4, "pay_benefits": 4, "career": 5, "work_life": 4, "leadership": 4}
AS_OF = datetime(2024, 8, 21, 10, tzinfo=SEOUL)


class Head(HTMLParser):
    """The head's title, metas (by name or property), links and data blocks, as a link-
    preview parser or a crawler reads them."""

    def __init__(self, html: str):
        super().__init__()
        html = html[: html.index("</head>")]  # an SVG's <title> in the body is no page title
        self.title = ""
        self.metas: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in: str | None = None
        self._attrs: dict[str, str] = {}
        self.titles = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "title":
            self._in, self.titles = "title", self.titles + 1
        elif tag == "script":
            self._in, self._attrs = "script", attrs
            self.scripts.append((attrs, ""))
        elif tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.metas.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def meta(self, key: str) -> str:
        values = self.metas.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def link(self, rel: str, **match: str) -> list[dict[str, str]]:
        return [
            link
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in match.items())
        ]

    @property
    def canonical(self) -> str:
        (link,) = self.link("canonical")
        return link["href"]

    def json_ld(self) -> list[dict]:
        return [
            json.loads(text)
            for attrs, text in self.scripts
            if attrs.get("type") == "application/ld+json"
        ]


def head_of(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미", website="https://acme.example")


@pytest.fixture
def scored(company, publish):
    publish(*ReviewFactory.create_batch(3, company=company, **RATINGS), at=AS_OF)
    return company


@pytest.fixture
def interview(company, publish_interview):
    return publish_interview(InterviewFactory(company=company))


def public_pages(company, interview) -> list[str]:
    slug = company.slug
    return [
        reverse("home"),
        reverse("companies:list"),
        reverse("companies:list") + "?sort=reviews",
        reverse("companies:detail", args=[slug]),
        reverse("companies:report", args=[slug]),
        reverse("reviews:list", args=[slug]),
        reverse("reviews:list", args=[slug]) + "?sort=helpful&page=2",
        reverse("interviews:list", args=[slug]),
        reverse("interviews:detail", args=[slug, interview.public_id]),
        reverse("interviews:questions", args=[slug]),
        reverse("search"),
        reverse("transparency"),
        reverse("legal_terms"),
        reverse("legal_privacy"),
        reverse("legal_policy"),
    ]


# --- Every page's head --------------------------------------------------------------------


@override_settings(SITE_URL=SITE_URL)
@pytest.mark.parametrize("viewer", ["anonymous", "signed in"])
def test_every_public_page_has_a_title_description_canonical_address_and_preview(
    client, scored, interview, viewer
):
    if viewer == "signed in":
        client.force_login(UserFactory())
    for url in public_pages(scored, interview):
        head = head_of(client, url)
        assert head.titles == 1 and head.title.strip(), url
        description = head.meta("description")
        assert len(description) >= 10 and "\n" not in description, url
        assert head.meta("robots") == "index, follow", url
        canonical = head.canonical
        assert canonical == SITE_URL + url, url  # each has only its own parameters
        # Link previews: the same title and description, the site, the address, an image.
        assert head.meta("og:title") == " ".join(head.title.split()), url
        assert head.meta("og:description") == description, url
        assert head.meta("og:url") == canonical, url
        assert head.meta("og:site_name") == "잡리포트"
        assert head.meta("og:locale") == "ko_KR"
        assert head.meta("og:image").startswith(SITE_URL + "/"), url
        assert head.meta("twitter:card") == "summary_large_image"
        assert head.meta("twitter:image") == head.meta("og:image")


def test_without_site_url_addresses_are_the_requests(client, company):
    head = head_of(client, company.get_absolute_url())
    assert head.canonical == "http://testserver/companies/acme/"


@override_settings(SITE_URL=SITE_URL)
def test_the_canonical_address_keeps_only_the_views_own_parameters(client, company):
    url = reverse("reviews:list", args=["acme"])
    head = head_of(client, url + "?utm_source=kakao&page=1&job=&sort=helpful&fbclid=x")
    assert head.canonical == f"{SITE_URL}{url}?sort=helpful"  # the first page is the list
    head = head_of(client, reverse("companies:detail", args=["acme"]) + "?sort=helpful")
    assert head.canonical == f"{SITE_URL}/companies/acme/"
    head = head_of(client, reverse("transparency") + "?page=3")
    assert head.canonical == f"{SITE_URL}/transparency/"


@override_settings(SITE_URL=SITE_URL, LANGUAGES=[("ko", "한국어"), ("en", "English")])
def test_hreflang_links_name_korean_english_and_the_default(client, company):
    head = head_of(client, reverse("reviews:list", args=["acme"]) + "?sort=helpful&page=2")
    base = f"{SITE_URL}/companies/acme/reviews/?sort=helpful&page=2"
    hreflangs = {
        link["hreflang"]: link["href"] for link in head.link("alternate") if "hreflang" in link
    }
    assert hreflangs == {"ko": base, "en": base + "&lang=en", "x-default": base}
    assert head.meta("og:locale") == "ko_KR"
    assert head.meta("og:locale:alternate") == "en_US"


@override_settings(SITE_URL=SITE_URL, LANGUAGES=[("ko", "한국어"), ("en", "English")])
@pytest.mark.parametrize("params", [("page",), ("page", "lang")])
def test_an_english_page_is_its_own_canonical_page(rf, params):
    from django.urls import ResolverMatch
    from django.utils import translation

    from nipa_reviews.site.seo import PageMeta

    def view(request):
        pass

    view.query_params = params  # with or without the language among the view's own
    request = rf.get("/companies/?page=2&lang=en")
    request.resolver_match = ResolverMatch(view, (), {})
    with translation.override("en"):
        meta = PageMeta(request)
        assert meta.canonical == f"{SITE_URL}/companies/?page=2&lang=en"
        assert meta.og_locale == "en_US"
        assert dict(meta.alternates)["ko"] == f"{SITE_URL}/companies/?page=2"


def test_pages_that_must_not_be_indexed_say_so(client, company, interview, publish):
    review = publish(ReviewFactory(company=company))
    noindex = [
        reverse("search") + "?q=야근",
        reverse("search") + "?q=야근&page=2",
        reverse("reviews:list", args=["acme"]) + "?q=야근",
        reverse("interviews:questions", args=["acme"]) + "?q=자기소개",
        reverse("companies:list") + "?q=에이",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ]
    for url in noindex:
        assert "noindex" in head_of(client, url).meta("robots"), url
    assert "noindex" in Head(client.get("/no-such-page/").content.decode()).meta("robots")

    client.force_login(UserFactory())
    forms = [
        reverse("reviews:create", args=["acme"]),
        reverse("interviews:create", args=["acme"]),
        reverse("moderation:report_review", args=[review.public_id]),
        reverse("me"),
        reverse("verify"),
        reverse("account_delete"),
    ]
    for url in forms:
        response = client.get(url, follow=True)
        assert "noindex" in Head(response.content.decode()).meta("robots"), url


def test_the_admin_says_noindex(client, superuser):
    client.force_login(superuser)
    assert head_of(client, "/admin/").meta("robots") == "NONE,NOARCHIVE"  # Django's own


# --- The company page ---------------------------------------------------------------------


def test_company_page_describes_its_score_as_a_preview_shows_it(client, scored):
    head = head_of(client, scored.get_absolute_url())
    expected = "에이크미 현직자 만족도 84점 (리뷰 3건, 2024.08.21 기준)"
    assert head.meta("description") == expected
    assert head.meta("og:description") == expected
    assert head.meta("twitter:description") == expected
    assert "에이크미" in head.meta("og:title")
    image = urlsplit(head.meta("og:image"))
    assert image.path == "/companies/acme/og.png" and parse_qsl(image.query)[0][0] == "v"


def test_below_the_threshold_the_page_says_why_and_shares_the_sites_image(client, company, publish):
    publish(ReviewFactory(company=company))
    head = head_of(client, company.get_absolute_url())
    description = head.meta("description")
    assert "리뷰 1건" in description and "3건 이상" in description and "점 (" not in description
    assert head.meta("og:image") == "http://testserver/og.png"
    assert head.json_ld() == []


def test_demo_company_previews_with_its_name_83_points_and_image(client):
    """Done when: /companies/nipa/ pasted into a link-preview parser."""
    call_command("load_demo")
    head = head_of(client, "/companies/nipa/")
    assert "정보통신산업진흥원" in head.meta("og:title")
    assert head.meta("og:description") == (
        "정보통신산업진흥원 현직자 만족도 83점 (리뷰 20건, 2024.08.21 기준)"
    )
    image = client.get(head.meta("og:image").removeprefix("http://testserver"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)
    (rating,) = head.json_ld()
    assert rating["ratingValue"] == 4.2 and rating["ratingCount"] == 20
    assert (
        "http://testserver/companies/nipa/" in client.get("/sitemap-companies.xml").content.decode()
    )


def test_json_ld_rating_matches_the_pages_numbers(client, scored):
    response = client.get(scored.get_absolute_url())
    page = response.content.decode()
    (rating,) = Head(page).json_ld()
    stars = re.search(r'<span class="stars-value" aria-hidden="true">([\d.]+)</span>', page)
    assert rating == {
        "@context": "https://schema.org",
        "@type": "EmployerAggregateRating",
        "itemReviewed": {
            "@type": "Organization",
            "name": "에이크미",
            "sameAs": "https://acme.example",
        },
        "ratingValue": float(stars.group(1)),
        "bestRating": 5,
        "worstRating": 1,
        "ratingCount": 3,
    }
    assert stars.group(1) == "4.2" and "게시된 리뷰 3건" in page


def test_json_ld_leaves_out_a_missing_website(client, scored):
    Company.objects.filter(pk=scored.pk).update(website="")
    (rating,) = head_of(client, scored.get_absolute_url()).json_ld()
    assert rating["itemReviewed"] == {"@type": "Organization", "name": "에이크미"}


def test_json_ld_survives_every_xss_payload_in_a_company_name(client, scored):
    for payload in PAYLOADS:
        name = payload[:100]
        Company.objects.filter(pk=scored.pk).update(name=name)
        page = client.get(scored.get_absolute_url()).content.decode()
        start = page.index('<script type="application/ld+json">')
        block = page[start + len('<script type="application/ld+json">') :]
        block = block[: block.index("</script>")]
        assert "<" not in block and ">" not in block, payload
        assert json.loads(block)["itemReviewed"]["name"] == name, payload
        head = Head(page)
        assert [attrs.get("type") for attrs, _text in head.scripts] == ["application/ld+json"]
        assert name in head.title, payload


# --- The link-preview image ---------------------------------------------------------------


def png_of(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)
    image.verify()
    return image


def test_og_image_is_a_1200_by_630_png_with_cache_headers(client, scored):
    response = client.get(reverse("companies:og_image", args=["acme"]))
    png_of(response)
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    png_of(client.get(reverse("og_image")))


def test_og_image_is_drawn_once_per_company_version(
    client, scored, publish, django_assert_num_queries, monkeypatch
):
    drawn = []
    draw = og_image.company_image
    monkeypatch.setattr(og_image, "company_image", lambda c: drawn.append(c.pk) or draw(c))
    url = reverse("companies:og_image", args=["acme"])
    with django_assert_num_queries(1):  # the company with its scores: no review is read
        first = client.get(url).content
    with django_assert_num_queries(0):
        assert client.get(url).content == first
    before = head_of(client, scored.get_absolute_url()).meta("og:image")
    assert drawn == [scored.pk]

    publish(ReviewFactory(company=scored, culture=1, pay_benefits=1))
    assert client.get(url).content != first
    assert drawn == [scored.pk, scored.pk]
    assert head_of(client, scored.get_absolute_url()).meta("og:image") != before


def test_below_the_threshold_a_companys_image_is_the_sites(client, company):
    site = client.get(reverse("og_image")).content
    assert client.get(reverse("companies:og_image", args=["acme"])).content == site
    assert client.get(reverse("companies:og_image", args=["nobody"])).status_code == 404


def test_og_image_draws_any_name_and_leaves_out_what_the_font_lacks(client, scored):
    for name in ["🚀 우주항공(주) 漢字 Ünïcødé", "가" * 100, "<script>x</script>"]:
        Company.objects.filter(pk=scored.pk).update(name=name)
        png_of(client.get(reverse("companies:og_image", args=["acme"])))
    assert og_image.printable("🚀 우주항공 漢字") == "우주항공"


# --- Sitemap and robots.txt ---------------------------------------------------------------

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
W3C_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def xml_of(response, root: str) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert len(response.content) < 50 * 1024 * 1024  # the protocol's limit per file
    tree = ElementTree.fromstring(response.content)
    assert tree.tag == SITEMAP_NS + root
    return tree


def entries(tree: ElementTree.Element, tag: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of each <url> or <sitemap>, checked against the schema's shape."""
    found = []
    for entry in tree:
        assert entry.tag == SITEMAP_NS + tag
        children = {child.tag.removeprefix(SITEMAP_NS): child.text for child in entry}
        assert set(children) <= {"loc", "lastmod", "changefreq", "priority"}
        loc, lastmod = children["loc"], children.get("lastmod")
        assert loc.startswith(SITE_URL + "/") and len(loc) < 2048
        assert lastmod is None or W3C_DATE.fullmatch(lastmod), lastmod
        found.append((loc, lastmod))
    assert len(found) <= 50_000
    return found


def make_companies(size: int) -> None:
    """`size` published companies with scores and interviews, in a few bulk inserts."""
    companies = Company.objects.bulk_create(
        Company(name=f"기업{i}", slug=f"c{i:05}", is_published=True, review_count=3)
        for i in range(size)
    )
    CompanyScore.objects.bulk_create(
        CompanyScore(company=company, review_count=3, as_of=date(2024, 1 + i % 12, 1))
        for i, company in enumerate(companies)
    )
    CompanyInterviewStats.objects.bulk_create(
        CompanyInterviewStats(company=company, count=1) for company in companies[::2]
    )


@override_settings(SITE_URL=SITE_URL)
@pytest.mark.parametrize("size", [10, 10_000])
def test_sitemap_index_and_sections_hold_every_company_in_fixed_queries(
    client, size, django_assert_num_queries, monkeypatch
):
    make_companies(size)
    CompanyFactory(slug="hidden", is_published=False)
    monkeypatch.setattr(sitemaps.SiteSitemap, "limit", 4_000)  # so 10,000 take three files
    # Per company section: its count and its latest as-of date (an aggregate).
    with django_assert_num_queries(8):
        index = entries(xml_of(client.get("/sitemap.xml"), "sitemapindex"), "sitemap")
    names = [
        urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else "")
        for loc, _ in index
    ]
    assert names[0] == "/sitemap-pages.xml"
    for section, count in (("companies", size), ("reviews", size), ("interviews", size // 2)):
        files = [name for name in names if name.startswith(f"/sitemap-{section}.xml")]
        assert len(files) == -(-count // 4_000), section
    latest = "2024-12-01" if size >= 12 else f"2024-{size:02}-01"
    assert dict(index)[f"{SITE_URL}/sitemap-companies.xml"] == latest

    urls = []
    for name in names:
        with django_assert_num_queries(0 if name == "/sitemap-pages.xml" else 2):  # count, page
            urls += entries(xml_of(client.get(name), "urlset"), "url")
    locs = [loc for loc, _ in urls]
    assert len(locs) == len(set(locs))
    assert len([loc for loc in locs if re.fullmatch(rf"{SITE_URL}/companies/c\d+/", loc)]) == size
    assert f"{SITE_URL}/companies/hidden/" not in locs
    assert (f"{SITE_URL}/companies/c00001/", "2024-02-01") in urls
    assert (f"{SITE_URL}/companies/c00001/reviews/", "2024-02-01") in urls
    assert f"{SITE_URL}/companies/c00000/interviews/questions/" in locs
    assert f"{SITE_URL}/companies/c00001/interviews/" not in locs  # no published interview
    with django_assert_num_queries(0):  # then from the cache, until a company changes
        client.get("/sitemap.xml")


def test_sitemap_follows_a_publish(client, company, publish):
    assert "/companies/acme/reviews/" not in client.get("/sitemap-reviews.xml").content.decode()
    publish(ReviewFactory(company=company))
    assert "/companies/acme/reviews/" in client.get("/sitemap-reviews.xml").content.decode()


def test_a_sitemap_page_that_does_not_exist_is_a_404(client, company):
    for url in ("/sitemap-nothing.xml", "/sitemap-companies.xml?p=9", "/sitemap-companies.xml?p=x"):
        assert client.get(url).status_code == 404, url


@override_settings(SITE_URL=SITE_URL)
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_parts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/me/", "/api/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /" not in lines and "Disallow: /companies/" not in lines


# --- The feed -----------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def atom_of(response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == ATOM + "feed"
    # RFC 4287: a feed has an id, a title, updated, an author (or one per entry), and each
    # entry an id, a title, updated and a link.
    for required in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + required) is not None, required
    for entry in feed.findall(ATOM + "entry"):
        for required in ("id", "title", "updated", "link"):
            assert len(entry.findall(ATOM + required)) == 1, required
    return feed


def test_feed_is_valid_atom_linked_from_the_company_page(client, scored, interview):
    (link,) = head_of(client, scored.get_absolute_url()).link(
        "alternate", type="application/atom+xml"
    )
    feed = atom_of(client.get(link["href"]))
    assert feed.find(ATOM + "author").find(ATOM + "name").text == "잡리포트"
    ids = [entry.find(ATOM + "id").text for entry in feed.findall(ATOM + "entry")]
    assert len(ids) == 4 == len(set(ids))
    assert f"http://testserver/companies/acme/interviews/{interview.public_id}/" in ids


def test_feed_shows_only_published_items_with_what_their_cards_show(client, company, publish):
    shown = publish(ReviewFactory(company=company, title="게시된 리뷰"))
    ReviewFactory(company=company, title="검수중인 리뷰")
    hidden = publish(ReviewFactory(company=company, title="숨긴 리뷰"))
    submissions.hide(item=hidden, moderator=None, reason="광고")
    body = client.get(reverse("companies:feed", args=["acme"])).content.decode()
    assert "게시된 리뷰" in body and "검수중인 리뷰" not in body and "숨긴 리뷰" not in body
    created = shown.created_at.astimezone(SEOUL)
    assert f"현직자 · 개발 · {created:%Y.%m}" in body


def test_feed_carries_no_author_and_no_time_finer_than_a_month(
    client, company, publish, publish_interview
):
    authors = [UserFactory(email=f"secret.person{i}@corp-mail.example") for i in range(4)]
    for i, author in enumerate(authors):
        at = datetime(2024, 3 + i % 2, 7 + i, 13, 45 + i, tzinfo=SEOUL)
        publish(ReviewFactory(company=company, author=author), at=at)
        publish_interview(InterviewFactory(company=company, author=author), at=at)
    response = client.get(reverse("companies:feed", args=["acme"]))
    body = response.content.decode()
    feed = atom_of(response)
    for author in authors:
        assert author.email not in body and "corp-mail" not in body
        assert author.moderation_token not in body
    assert "secret.person" not in body
    assert [name.text for name in feed.iter(ATOM + "name")] == ["잡리포트"]
    months = [entry.find(ATOM + "updated").text for entry in feed.findall(ATOM + "entry")]
    assert set(months) == {"2024-04-01T00:00:00+09:00", "2024-03-01T00:00:00+09:00"}
    assert feed.find(ATOM + "updated").text == "2024-04-01T00:00:00+09:00"
    assert "published" not in {child.tag.removeprefix(ATOM) for child in feed.iter()}
    # Newest month first; within a month by random public id, not by time of publication.
    ids = [entry.find(ATOM + "id").text for entry in feed.findall(ATOM + "entry")]
    april = [
        re.search(UUID, i).group()
        for i, m in zip(ids, months, strict=True)
        if m.startswith("2024-04")
    ]
    assert months == sorted(months, reverse=True) and april == sorted(april)


@pytest.mark.parametrize("size", [1, 25])
def test_feed_query_count_does_not_grow(
    client, company, publish, publish_interview, django_assert_num_queries, size
):
    publish(*ReviewFactory.create_batch(size, company=company))
    for _ in range(size):
        publish_interview(InterviewFactory(company=company, author=UserFactory()))
    # The company; its newest reviews with their job categories; its newest interview
    # experiences with theirs; and those experiences' questions.
    with django_assert_num_queries(4):
        feed = atom_of(client.get(reverse("companies:feed", args=["acme"])))
    assert len(feed.findall(ATOM + "entry")) == min(2 * size, 20)
    with django_assert_num_queries(0):  # then from the cache, until the company changes
        client.get(reverse("companies:feed", args=["acme"]))


def test_feed_follows_a_publish_and_an_unknown_company_is_a_404(client, company, publish):
    url = reverse("companies:feed", args=["acme"])
    assert atom_of(client.get(url)).findall(ATOM + "entry") == []
    publish(ReviewFactory(company=company))
    assert len(atom_of(client.get(url)).findall(ATOM + "entry")) == 1
    assert client.get(reverse("companies:feed", args=["nobody"])).status_code == 404
    Company.objects.filter(pk=company.pk).update(is_published=False)
    assert client.get(url).status_code == 404


def test_interview_entries_show_the_experience_as_its_page_does(client, company, publish_interview):
    experience = publish_interview(InterviewFactory(company=company, tip="자신감을 가지세요"))
    body = client.get(reverse("companies:feed", args=["acme"])).content.decode()
    assert experience.period_label in body and "자신감을 가지세요" in body


def test_feed_escapes_every_xss_payload_once_for_feed_readers(client, moderator):
    """A feed reader shows an entry's summary as HTML and its title as text: what users
    wrote is escaped in the HTML, so no payload becomes markup there either."""
    from tests.xss_payloads import submit_payloads

    submit_payloads(moderator)
    response = client.get(reverse("companies:feed", args=["acme"]))
    feed = atom_of(response)
    dangerous = [p for p in PAYLOADS if "<" in p]
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 20
    for entry in entries:
        summary = entry.find(ATOM + "summary")
        assert summary.get("type") == "html"
        assert [p for p in dangerous if p[:40] in summary.text] == []  # the HTML a reader renders
    titles = [entry.find(ATOM + "title").text for entry in entries]
    assert any("<" in title for title in titles)  # text, shown as typed


def test_robots_txt_needs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
