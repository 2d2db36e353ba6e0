"""The company page and the printable report show every fact of the reference report."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tests.factories import BusinessAreaFactory, CompanyFactory, NewsItemFactory

pytestmark = pytest.mark.django_db

# Transcribed from ../shared/reference/000_66b0c3f686cc65e8.txt, independently of the
# demo profile file: if the file drops or changes a fact, this list catches it.
REPORT_FACTS = [
    # 기업개요
    "정보통신산업진흥원",
    "NIPA",
    "2009년에 설립된 정보통신산업진흥원(NIPA)은 인공지능(AI), 블록체인, 정밀의료, 스마트시티 등의 "
    "ICT를 기반으로 4차 산업혁명을 대비하고, 기업들이 혁신 성장할 수 있도록 생태계를 조성하는 "
    "ICT 산업혁신 전문기관이다.",
    "2009년",
    "고객",
    "ICT 관련 인재",
    "정부",
    "ICT 기업",
    "자사",
    "산업 단체",
    "관련기관",
    "과학기술정보통신부",
    "한국전자통신연구원",
    "1위",
    "산업육성",
    "68.4 %",
    "인공지능 산업 육성, 신SW 산업 육성, 신기술 콘텐츠 산업 육성",
    "2위",
    "ICT 해외진출 지원",
    "15.4 %",
    "디지털미디어산업 육성기반 구축, SW산업 해외진출 역량 강화, 스마트서비스 창출 기반확충 등",
    "3위",
    "ICT기업 성장환경 조성",
    "12.2 %",
    "AI심리케어 및 AI 돌봄지원, AI기반 보건의료 서비스 선도 등",
    "4위",
    "누리꿈스퀘어 운영",
    "4.0 %",
    # 최신이슈/성과
    "2023년 최신이슈/성과",
    "2024년 최신이슈/성과",
    "사업내용",
    "사업성과",
    "2023년 공공SW사업 발주기술지원 서비스 본격 시작",
    "2023년 2월",
    "NIPA는 2015년부터 시작된 이 서비스를 통해 총 1,570개 사업을 지원했으며, 2022년에는 88개 "
    "기관의 214개 SW사업을 지원했다.",
    "한국보건산업진흥원, 디지털헬스케어 육성 MOU 체결",
    "2023년 9월",
    "협약식에 이어 열린 '디지털헬스 산업 경쟁력 강화 포럼'에서는 초거대 AI의 의료 분야 적용 방안에 "
    "대해 논의했다.",
    "현대차그룹과 협력사 SW 육성 지원 위해 맞손",
    "2023년 11월",
    "이 협약은 SDV(Software Defined Vehicle) 전환을 촉진하고 협력사의 소프트웨어 경쟁력을 강화하기 "
    "위한 것이다.",
    "2022년 종합청렴도 평가 1등급 달성",
    "2023년 1월",
    "종합청렴도 평가는 청렴도와 부패방지 시책평가를 통합하여 새롭게 개편된 제도다.",
    "‘공공부문 온실가스 목표관리제 우수기관’ 선정",
    "2023년 12월",
    "NIPA는 온실가스 배출량 기준의 54%를 감축하며 목표 감축율을 20% 초과 달성하는 성과를 올렸다.",
    "AWS와 국내 SaaS 기업 글로벌 진출 ‘맞손’",
    "2024년 7월",
    "하반기에는 ‘GSMP(Global SaaS Market Place) 2024’ 전시회를 개최하여",
    "AI로 공공·지역 의료 서비스 향상 추진",
    "각 컨소시엄은 최대 2년간 20억 원의 지원을 받으며, 디지털 헬스케어 기업 육성에도 집중할 계획이다.",
    "건양대와 'SW 인재 양성' 협력 체결",
    "2024년 8월",
    "양 기관은 건양대 대전 메디컬캠퍼스에서 업무 협약을 체결하였다.",
    "국내 ICT기업과 GITEX Africa 2024 참가",
    "2024년 5월",
    "참가 기업들은 전시회에서 수출 계약 3건(20만 달러), 양해각서(MoU) 10건, 비밀유지계약(NDA) 1건 "
    "등의 성과를 거두었으며,",
    # 비전·미션·핵심가치
    "디지털 혁신을 선도하는 ICT 전문기관",
    "ICT와 SW신산업 육성으로 국가 · 경제 혁신성장 선도",
    "변화와 혁신",
    "소통과 협력",
    "자율과 책임",
    # 채용
    "서류전형",
    "필기전형",
    "인성검사",
    "면접전형",
    "최종합격자 확정 및 발표",
    "인성검사는 온라인으로 이루어지며, 면접전형 시 참고자료로 활용한다. 또한, 1차 면접은 "
    "발표면접으로, 2차 면접은 역량면접으로 구성된다.",
    "2023년 채용규모",
    "정규직 7명",
    "무기계약직 15명",
    "채용형 청년인턴 0명",
    "체험형 청년인턴 3명",
    "채용형 청년인턴 : 신입사원 채용 전형의 하나로, 인턴 근무를 거쳐 일정 비율이 신입사원으로 "
    "임용된다.",
    "체험형 청년인턴 : 채용과 연계되지 않은 인턴 전형으로, 신입사원 전형에 지원할 경우 가점을 "
    "제공하기도 한다.",
    "* 소수점 이하 인원은 시간선택제로 채용한 인원을 의미한다.",
]


def visible_text(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces folded."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("url_name", ["companies:detail", "companies:report"])
def test_nipa_page_shows_every_fact_of_the_report(client, nipa, url_name):
    text = visible_text(client.get(reverse(url_name, args=["nipa"])))
    missing = [fact for fact in REPORT_FACTS if re.sub(r"\s+", " ", fact) not in text]
    assert missing == []


def section_order(response) -> list[str]:
    return re.findall(r'<section id="([a-z-]+)"', response.content.decode())


def test_company_page_comes_in_a_readers_order(client, nipa):
    """What employees think first: the score in the header, then satisfaction and its trend,
    reviews and interviews; the company's own profile after; how moderation went, and news
    last."""
    content = client.get(nipa.get_absolute_url())
    assert section_order(content) == [
        "satisfaction",
        "trend",
        "reviews",
        "interviews",
        "overview",
        "values",
        "hiring",
        "transparency",
        "news",
    ]
    html = content.content.decode()
    assert html.index('class="company-score"') < html.index('<section id="satisfaction"')


def test_printable_report_keeps_the_reference_reports_order(client, nipa):
    response = client.get(reverse("companies:report", args=["nipa"]))
    assert section_order(response) == [
        "overview",
        "satisfaction",
        "news",
        "values",
        "hiring",
        "interviews",
    ]


def test_news_is_grouped_by_year_newest_first(client, nipa):
    text = visible_text(client.get(nipa.get_absolute_url()))
    assert text.index("2024년 최신이슈/성과") < text.index("2023년 최신이슈/성과")


def test_report_page_is_titled_with_the_year_and_has_no_navigation(client, nipa):
    response = client.get(reverse("companies:report", args=["nipa"]))
    content = response.content.decode()
    assert "<title>정보통신산업진흥원 분석리포트 2024 ver.</title>" in content
    assert "기업 찾기" not in content  # no site navigation chrome
    assert "report.css" in content


def test_report_year_follows_the_newest_news(client):
    company = CompanyFactory()
    NewsItemFactory(company=company, year=2025)
    response = client.get(reverse("companies:report", args=[company.slug]))
    assert "분석리포트 2025 ver." in response.content.decode()


def test_empty_company_page_says_what_is_missing(client):
    company = CompanyFactory(summary="")
    text = visible_text(client.get(company.get_absolute_url()))
    assert "아직 게시된 현직자 리뷰가 없어 만족도 점수가 없습니다." in text
    assert "등록된 최신이슈/성과가 없습니다." in text
    assert "등록된 채용절차가 없습니다." in text
    assert "아직 게시된 면접 후기가 없습니다." in text


def test_unpublished_company_is_not_found(client):
    company = CompanyFactory(is_published=False)
    assert client.get(company.get_absolute_url()).status_code == 404
    assert client.get(reverse("companies:report", args=[company.slug])).status_code == 404


def test_text_is_escaped(client):
    company = CompanyFactory(summary="<script>alert(1)</script>", name="<b>악성</b>")
    content = client.get(company.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<b>악성</b>" not in content


@pytest.mark.parametrize("size", [2, 40])
def test_company_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    company = CompanyFactory()
    NewsItemFactory.create_batch(size, company=company)
    BusinessAreaFactory.create_batch(size, company=company)
    # 1 company with its score and interview aggregates, then one prefetch each:
    # stakeholders, business areas, core values, news items, hiring steps, hiring counts
    # (with their employment types), highlights of published reviews, the latest
    # interview experiences (their questions add one more when there are any), the three
    # most helpful recent reviews with their job categories; one for the transparency box,
    # over the company's stored monthly counts (never over submissions:
    # companies.transparency); and one for the trend and the 12-month score, over its
    # stored monthly sums (reviews.history).
    with django_assert_num_queries(12):
        response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    # An anonymous visitor after that is served from the cache, without a query.
    with django_assert_num_queries(0):
        assert client.get(company.get_absolute_url()).content == response.content


@pytest.mark.parametrize("size", [2, 40])
def test_report_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    company = CompanyFactory()
    NewsItemFactory.create_batch(size, company=company)
    BusinessAreaFactory.create_batch(size, company=company)
    # the company page's queries but the top reviews, which the report does not show
    with django_assert_num_queries(11):
        client.get(reverse("companies:report", args=[company.slug]))


def test_header_shows_the_total_as_points_and_stars_with_count_and_date(client, nipa, publish):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import ReviewFactory

    # 80, 80, 100, 80, 80 → 84점, 4.2 of 5 stars
    ratings = {"culture": 4, "pay_benefits": 4, "career": 5, "work_life": 4, "leadership": 4}
    at = datetime(2024, 8, 21, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    publish(*ReviewFactory.create_batch(3, company=nipa, **ratings), at=at)
    page = client.get(nipa.get_absolute_url()).content.decode()
    header = page[page.index('class="company-summary"') : page.index('class="section-nav')]
    text = visible_text_of(header)
    assert "84점 총 만족도 점수" in text
    assert "5점 만점에 4.2점" in text  # the stars' words for screen readers
    assert '<span class="stars-value" aria-hidden="true">4.2</span>' in header
    assert '<svg width="84.0" height="20"' in header  # amber to 4.2 of 5 stars
    assert "게시된 리뷰 3건" in text and "기준일 2024.08.21" in text
    assert "리뷰 쓰기" in text and "면접 후기 쓰기" in text


def visible_text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_three_reviews_are_the_most_helpful_of_the_newest(client, publish):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ReviewFactory

    company = CompanyFactory()
    now = timezone.now()
    old_favourite = publish(
        ReviewFactory(company=company, title="오래된 인기 리뷰"), at=now - timedelta(days=400)
    )
    newest = [
        publish(ReviewFactory(company=company, title=f"새 리뷰 {i}"), at=now - timedelta(days=i))
        for i in range(20)
    ]
    type(old_favourite).objects.filter(pk=old_favourite.pk).update(helpful_count=50)
    for i, votes in ((5, 9), (7, 3), (12, 3)):
        type(newest[i]).objects.filter(pk=newest[i].pk).update(helpful_count=votes)
    page = client.get(company.get_absolute_url()).content.decode()
    section = page[page.index('<section id="reviews"') : page.index('<section id="interviews"')]
    titles = re.findall(r'<h3 class="review-title">(.*?)</h3>', section)
    # the most helpful first, newer first among equals; not the favourite of 21 reviews ago
    assert titles == ["새 리뷰 5", "새 리뷰 7", "새 리뷰 12"]
    assert "리뷰 21건 모두 보기" in section


def test_each_years_news_folds_after_two_items_on_the_page_not_in_the_report(client):
    company = CompanyFactory()
    for month in range(1, 6):
        NewsItemFactory(company=company, year=2024, month=month, title=f"2024년 {month}월 소식")
    NewsItemFactory(company=company, year=2023, month=1, title="2023년 소식")
    page = client.get(company.get_absolute_url()).content.decode()
    folded = page[page.index('<details class="news-more">') :]
    assert "2024년 소식 3건 더 보기" in folded
    assert page.index("2024년 2월 소식") < page.index('<details class="news-more">')
    assert folded.index("2024년 3월 소식") < folded.index("</details>")
    assert page.count('<details class="news-more">') == 1  # 2023 has one item: nothing to fold
    report = client.get(reverse("companies:report", args=[company.slug])).content.decode()
    assert "<details" not in report and "2024년 5월 소식" in report


def test_printed_report_carries_the_title_on_every_page(client, nipa):
    """Chromium's @page margin boxes take strings only: each company's title comes in a
    stylesheet of its own, escaped as a CSS string."""
    page = client.get(reverse("companies:report", args=["nipa"])).content.decode()
    assert '<link rel="stylesheet" href="/companies/nipa/report/print.css" media="print">' in page
    response = client.get("/companies/nipa/report/print.css")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert '@top-left { content: "정보통신산업진흥원 분석리포트 2024 ver."; }' in css
    assert '@top-right { content: "잡리포트"; }' in css
    tricky = CompanyFactory(name='따옴표"와\\역슬래시}')
    css = client.get(f"/companies/{tricky.slug}/report/print.css").content.decode()
    assert 'content: "따옴표\\22 와\\5c 역슬래시} 분석리포트' in css
    assert client.get("/companies/no-such/report/print.css").status_code == 404
