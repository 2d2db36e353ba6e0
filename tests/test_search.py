"""Korean search inside reviews and interview questions (nipa_reviews.search): lemmas,
every word required, ranking, marked words, the index following every write, and the
site-wide /search/ page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewQuestion
from nipa_reviews.search.highlight import highlight
from nipa_reviews.submissions import services as submissions
from reviews.models import Review
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory

pytestmark = pytest.mark.django_db

FILLER = " 전반적으로 무난하게 다닐 만한 곳이라고 생각합니다."


def publish(index, *items):
    """Published through the service, with the analysis the worker would run after it."""
    for item in items:
        index(submissions.publish, item=item, moderator=None)
    return [type(item).objects.get(pk=item.pk) for item in items]


def review(
    company,
    *,
    title="평범한 회사",
    pros="동료들이 친절합니다.",
    cons="특별한 단점은 없습니다.",
    **kw,
):
    return ReviewFactory(company=company, title=title, pros=pros + FILLER, cons=cons + FILLER, **kw)


def found(response) -> list[str]:
    return [item.title for item in response.context["page"]]


def search(client, company, q, **params):
    return client.get(reverse("reviews:list", args=[company.slug]), {"q": q, **params})


# --- Morphology ---------------------------------------------------------------------------


def test_a_noun_finds_every_form_it_takes(client, index):
    company = CompanyFactory()
    publish(
        index,
        review(company, title="가", cons="야근이 많습니다."),
        review(company, title="나", cons="주말에도 야근을 합니다."),
        review(company, title="다", cons="야근하는 문화가 남아 있습니다."),
        review(company, title="라", cons="회의가 너무 길어요."),
    )
    assert sorted(found(search(client, company, "야근"))) == ["가", "나", "다"]
    # The query's own endings and particles do not matter either.
    assert sorted(found(search(client, company, "야근을"))) == ["가", "나", "다"]


def test_a_stem_finds_its_inflections(client, index):
    company = CompanyFactory()
    publish(
        index,
        review(company, title="가", pros="복지가 좋은 편입니다."),
        review(company, title="나", pros="연차 쓰기가 좋아요."),
        review(company, title="다", pros="분위기가 괜찮습니다."),
    )
    assert sorted(found(search(client, company, "좋다"))) == ["가", "나"]


def test_every_word_must_match(client, index):
    company = CompanyFactory()
    publish(
        index,
        review(company, title="둘 다", cons="연봉 인상이 거의 없습니다."),
        review(company, title="연봉만", cons="연봉이 낮은 편입니다."),
        review(company, title="인상만", cons="첫인상과 달리 인상 깊은 일이 없습니다."),
    )
    assert found(search(client, company, "연봉 인상")) == ["둘 다"]


def test_a_shorter_noun_finds_the_compound_kiwi_keeps_whole(client, index):
    company = CompanyFactory()
    publish(index, review(company, title="재택", pros="재택근무가 자유롭습니다."))
    assert found(search(client, company, "재택")) == ["재택"]
    assert found(search(client, company, "재택근무")) == ["재택"]


@pytest.mark.parametrize("q", ["을", "이/가", "에서는", "은는"])
def test_a_query_of_only_particles_finds_nothing_and_says_so(client, index, q):
    company = CompanyFactory()
    publish(index, review(company, cons="야근을 합니다. 일이 많아요. 회의에서는 말이 많습니다."))
    response = search(client, company, q)
    assert found(response) == []
    content = response.content.decode()
    assert "조사만으로는 찾을 수 없습니다" in content
    assert "명사나 동사를 넣어 검색해 주세요" in content


def test_the_search_combines_with_the_filters(client, index):
    company = CompanyFactory()
    publish(
        index,
        review(company, title="현직", cons="야근이 많습니다.", employment_status="current"),
        review(company, title="전직", cons="야근이 많았습니다.", employment_status="former"),
    )
    assert found(search(client, company, "야근", status="former")) == ["전직"]
    assert (
        "‘야근’ 검색 결과: 리뷰 1건"
        in search(client, company, "야근", status="former").content.decode()
    )


def test_only_published_reviews_of_the_company_are_found(client, index):
    company, other = CompanyFactory(), CompanyFactory()
    publish(index, review(company, title="게시", cons="야근이 많습니다."))
    review(company, title="검수중", cons="야근이 많습니다.")
    publish(index, review(other, title="다른 회사", cons="야근이 많습니다."))
    assert found(search(client, company, "야근")) == ["게시"]


# --- Ranking ------------------------------------------------------------------------------


def test_ranked_by_where_it_matches_then_helpful_then_recent(client, index):
    from datetime import timedelta

    from django.utils import timezone

    company = CompanyFactory()
    now = timezone.now()
    advice_only, old, new, helpful = (
        review(company, title="조언에만", advice="야근을 줄여 주세요."),
        review(company, title="오래된", cons="야근이 있습니다."),
        review(company, title="최근", cons="야근이 있습니다."),
        review(company, title="도움이 돼요 많은", pros="야근 수당이 나옵니다."),
    )
    for item, days in ((advice_only, 1), (old, 30), (new, 2), (helpful, 60)):
        index(submissions.publish, item=item, moderator=None, at=now - timedelta(days=days))
    Review.objects.filter(pk=helpful.pk).update(helpful_count=3)
    Review.objects.filter(pk=advice_only.pk).update(helpful_count=9)
    expected = ["도움이 돼요 많은", "최근", "오래된", "조언에만"]
    assert found(search(client, company, "야근")) == expected
    # A sort the reader picks wins over relevance.
    assert found(search(client, company, "야근", sort="newest"))[0] == "조언에만"


# --- Marking ------------------------------------------------------------------------------


def test_matched_words_are_marked_in_the_results(client, index):
    company = CompanyFactory()
    publish(
        index,
        review(company, title="야근 많음", cons="주말에도 야근을 하고, 야근하는 날이 많습니다."),
    )
    content = search(client, company, "야근").content.decode()
    assert "<mark>야근</mark> 많음" in content
    assert "<mark>야근</mark>을 하고" in content and "<mark>야근</mark>하는" in content


def test_marking_escapes_everything_but_the_mark(analyser):
    query = analyser.query("script 야근")
    marked = highlight('<script>alert("야근")</script> & 야근', query)
    assert marked == (
        "&lt;<mark>script</mark>&gt;alert(&quot;<mark>야근</mark>&quot;)"
        "&lt;/<mark>script</mark>&gt; &amp; <mark>야근</mark>"
    )
    assert highlight("<b>그대로</b>", None) == "&lt;b&gt;그대로&lt;/b&gt;"


def test_stored_payloads_stay_escaped_in_search_results(client, moderator, index):
    from tests.xss_payloads import PAYLOADS, SEARCH_PAGES, submit_payloads

    index(submit_payloads, moderator)
    dangerous = [p for p in PAYLOADS if "<" in p]
    for url in SEARCH_PAGES:
        content = client.get(url).content.decode()
        assert "<mark>" in content, url  # the payloads were found and marked
        assert [p for p in dangerous if p[:40] in content] == [], url


# --- The index follows every write -----------------------------------------------------


def test_the_index_follows_publish_edit_hide_and_delete(client, index, moderator):
    company = CompanyFactory()
    item = review(company, title="바뀌는 리뷰", cons="야근이 많습니다.")
    assert Review.objects.get(pk=item.pk).search is None  # pending: not indexed
    (item,) = publish(index, item)
    assert found(search(client, company, "야근")) == ["바뀌는 리뷰"]
    assert item.keywords["cons"] == ["야근"]

    index(submissions.update, item=item, cons="회의가 너무 길어서 힘듭니다." + FILLER)
    assert found(search(client, company, "야근")) == []
    assert found(search(client, company, "회의")) == ["바뀌는 리뷰"]

    index(submissions.hide, item=item, moderator=moderator, reason="개인정보")
    item = Review.objects.get(pk=item.pk)
    assert (item.search, item.keywords) == (None, None)
    assert found(search(client, company, "회의")) == []
    assert company.keywords.__class__.objects.get(company=company).review_count == 0

    index(submissions.publish, item=item, moderator=moderator)  # restored
    assert found(search(client, company, "회의")) == ["바뀌는 리뷰"]
    assert submissions.drift() == []

    submissions.delete(item=Review.objects.get(pk=item.pk))
    assert found(search(client, company, "회의")) == []
    assert submissions.drift() == []


def test_an_analysis_reads_the_text_as_it_is_when_the_worker_runs(analyser):
    """An edit between the queuing and the run: the worker analyses the text as saved."""
    from nipa_reviews.submissions.kinds import kind_of

    item = review(CompanyFactory(), cons="야근이 많습니다.")
    submissions.publish(item=item, moderator=None)  # its analysis not run yet
    Review.objects.filter(pk=item.pk).update(cons="회의가 깁니다." + FILLER)
    assert submissions.analyse(kind=kind_of(Review), pk=item.pk) is True
    item = Review.objects.get(pk=item.pk)
    assert "'회의'" in item.search and "'야근'" not in item.search
    assert item.keywords["cons"] == ["회의"]
    assert submissions.drift() == []


def test_questions_are_indexed_and_searched_in_the_question_bank(client, index, moderator):
    company = CompanyFactory()
    experience = InterviewFactory(
        company=company, questions=["자기소개를 해 주세요.", "지원 동기는 무엇인가요?"]
    )
    publish(index, experience)
    url = reverse("interviews:questions", args=[company.slug])
    response = client.get(url, {"q": "자기소개"})
    assert [q.text for q in response.context["page"]] == ["자기소개를 해 주세요."]
    assert "<mark>자기</mark><mark>소개</mark>를" in response.content.decode() or (
        "<mark>자기소개</mark>" in response.content.decode()
    )
    assert [q.text for q in client.get(url, {"q": "지원하신 동기"}).context["page"]] == [
        "지원 동기는 무엇인가요?"
    ]
    index(submissions.hide, item=experience, moderator=moderator, reason="중복")
    assert not InterviewQuestion.objects.filter(search__isnull=False).exists()
    assert list(client.get(url, {"q": "자기소개"}).context["page"]) == []
    particles = client.get(url, {"q": "을"}).content.decode()
    assert "조사만으로는 찾을 수 없습니다" in particles


# --- /search/ -----------------------------------------------------------------------------


def test_site_wide_search_has_tabs_for_reviews_questions_and_companies(client, index):
    야근회사 = CompanyFactory(name="야근없는회사")
    publish(
        index,
        review(야근회사, title="여기", cons="야근이 가끔 있습니다."),
        review(CompanyFactory(), title="저기", pros="야근 수당이 나옵니다."),
        InterviewFactory(questions=["야근을 할 수 있나요?"]),
    )
    url = reverse("search")
    response = client.get(url, {"q": "야근"})
    assert sorted(found(response)) == ["여기", "저기"]
    tabs = {name: count for name, _label, count in response.context["tabs"]}
    assert tabs == {"reviews": 2, "questions": 1, "companies": 1}
    questions = client.get(url, {"q": "야근", "tab": "questions"})
    assert [q.text for q in questions.context["page"]] == ["야근을 할 수 있나요?"]
    companies = client.get(url, {"q": "야근", "tab": "companies"})
    assert [c.name for c in companies.context["page"]] == ["야근없는회사"]
    # A bad tab keeps the query and shows the first tab.
    assert sorted(found(client.get(url, {"q": "야근", "tab": "nonsense"}))) == ["여기", "저기"]
    assert "조사만으로는 찾을 수 없습니다" in client.get(url, {"q": "를"}).content.decode()
    assert client.get(url).status_code == 200


# --- Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 12])
def test_search_pages_query_counts_do_not_grow(client, index, django_assert_num_queries, size):
    company = CompanyFactory()
    publish(
        index,
        *[review(company, title=f"리뷰 {i}", cons="야근이 많습니다.") for i in range(size)],
        *[
            InterviewFactory(company=company, questions=["야근 괜찮나요?", "자기소개"])
            for _ in range(size)
        ],
    )
    reviews_url = reverse("reviews:list", args=[company.slug])
    # the company with its scores, the job categories of the form, the two tiers' counts
    # (every word in the title, pros or cons; some only in the advice), the page of the
    # first tier (its job categories joined), and its employer replies
    with django_assert_num_queries(6):
        client.get(reviews_url, {"q": "야근"})
    # the company, the count, the page of questions with their experiences
    with django_assert_num_queries(3):
        client.get(reverse("interviews:questions", args=[company.slug]), {"q": "야근"})
    # the counts of the tabs (reviews in two tiers, questions, companies), then the shown
    # tab's page with what it joins
    with django_assert_num_queries(5):
        client.get(reverse("search"), {"q": "야근"})
    with django_assert_num_queries(5):
        client.get(reverse("search"), {"q": "야근", "tab": "questions"})
    # a query of particles only: nothing to ask the database
    with django_assert_num_queries(0):
        client.get(reverse("search"), {"q": "을"})


# --- PostgreSQL: the GIN index, not a scan ------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN output is PostgreSQL's"
)


def _fill_reviews(count: int):
    """Many indexed reviews without analysing each (their vectors written directly), most
    of them at one big company, as the 100,000-review company of the benchmark."""
    from companies.models import Company, JobCategory
    from tests.factories import UserFactory

    companies = [CompanyFactory() for _ in range(20)]
    job = JobCategory.objects.first() or JobCategory.objects.create(name="개발")
    author = UserFactory()
    words = ["연봉", "복지", "회의", "재택", "성장", "동료", "교육", "출장", "보고", "휴가"]
    published = timezone.now()
    Review.objects.bulk_create(
        [
            Review(
                company=companies[0 if i % 10 else i % len(companies)],
                author=author,
                employment_status="current",
                job_category=job,
                **dict.fromkeys(
                    ("culture", "pay_benefits", "career", "work_life", "leadership"), 3
                ),
                title=f"리뷰 {i}",
                pros="장점" * 20,
                cons="단점" * 20,
                status="published",
                # Each a minute before the next, as they come: one page of equal
                # (helpful, published) keys would be sorted whole.
                published_at=published - timedelta(minutes=i),
                # 야근 in one review in a thousand, a rare word: PostgreSQL reads its
                # matches from the GIN index. Each of `words` is in one review in ten, a
                # common word: its page and its count walk an index in the page's order.
                search=f"'{'야근' if i % 1000 == 0 else f'낱말{i % 97}'}':1A '{words[i % 10]}':2B",
            )
            for i in range(count)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_review")
    return companies, Company


@needs_postgresql
def test_a_company_search_uses_the_gin_index(analyser):
    from reviews.selectors import published_reviews

    companies, _ = _fill_reviews(10_000)
    query = analyser.query("야근")
    results = published_reviews(company=companies[0], query=query)
    plan = "\n".join(tier[:20].explain() for tier in results.tiers)
    assert "review_search_gin" in plan, plan
    assert "Seq Scan on reviews_review" not in plan, plan


@needs_postgresql
def test_the_site_wide_search_uses_the_gin_index(analyser):
    from reviews.selectors import search_reviews

    _fill_reviews(10_000)
    plan = "\n".join(tier[:20].explain() for tier in search_reviews(analyser.query("야근")).tiers)
    assert "review_search_gin" in plan, plan
    assert "Seq Scan on reviews_review" not in plan, plan


@needs_postgresql
def test_a_common_words_count_walks_the_companys_index_and_stops_at_the_cap(analyser):
    from nipa_reviews.search.results import MAX_RESULTS
    from reviews.selectors import published_reviews

    companies, _ = _fill_reviews(10_000)
    # 복지: in one of the big company's reviews in nine.
    results = published_reviews(company=companies[0], query=analyser.query("복지"))
    # What Tiered.counts asks: the first tier, up to one past the cap.
    counted = results.tiers[0].select_related(None)[: MAX_RESULTS + 1]
    plan = counted.explain(analyze=True)
    assert "Seq Scan on reviews_review" not in plan, plan
    assert "Bitmap" not in plan, plan  # not every match from the GIN index, then sorted
    # An index in the page's order, walked until the cap is passed: about nine rows read
    # for each match, not all of the company's 9,000 reviews.
    walked = re.search(r"Index Scan using review_\w+ on reviews_review .*? rows=(\d+) loops", plan)
    removed = re.search(r"Rows Removed by Filter: (\d+)", plan)
    assert MAX_RESULTS < int(walked.group(1)) <= MAX_RESULTS + 2, plan  # a sort group's end
    assert int(removed.group(1)) < 9 * 2 * MAX_RESULTS, plan
    assert (results.count(), results.more) == (MAX_RESULTS, True)


@needs_postgresql
def test_the_question_search_uses_the_gin_index(analyser):
    from interviews.selectors import published_questions

    experience = InterviewFactory(questions=[f"질문 {i}" for i in range(20)])
    InterviewQuestion.objects.bulk_create(
        [
            InterviewQuestion(
                experience=experience, order=i, text=f"질문 {i}", search=f"'질문{i}':1A"
            )
            for i in range(20, 6000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE interviews_interviewquestion")
    plan = published_questions(company=None, query=analyser.query("질문7"))[:20].explain()
    assert "question_search_gin" in plan, plan


def test_results_page_across_tiers_and_stop_counting_at_the_cap(index):
    from nipa_reviews.search.results import Tiered

    company = CompanyFactory()
    publish(index, *[review(company, title=f"{i}", cons="야근이 많습니다.") for i in range(5)])
    reviews = Review.objects.published().order_by("title")
    results = Tiered(
        [reviews.filter(title__in=["0", "1"]), reviews.exclude(title__in=["0", "1"])], cap=3
    )
    assert (results.count(), results.more) == (3, True)
    assert [r.title for r in results[1:3]] == ["1", "2"]  # the end of one tier, then the next
    assert [r.title for r in results[0:10]] == ["0", "1", "2"]  # never past the cap
    assert results.counts == [2, 2]  # each tier counted only up to one past the cap
    assert (Tiered([reviews], cap=10).count(), Tiered([reviews], cap=10).more) == (5, False)


def test_a_common_word_is_counted_up_to_the_cap_and_paged_through_that_far(client, analyser):
    """Counting is what a search costs most (bench/README.md): a word in more reviews than
    MAX_RESULTS says so ("200건 이상") instead of counting them all, and the pages stop
    there."""
    from companies.models import JobCategory
    from nipa_reviews.search.results import MAX_RESULTS
    from tests.factories import UserFactory

    company = CompanyFactory()
    job = JobCategory.objects.first() or JobCategory.objects.create(name="개발")
    author = UserFactory()
    Review.objects.bulk_create(
        [
            Review(
                company=company,
                author=author,
                employment_status="current",
                job_category=job,
                **dict.fromkeys(
                    ("culture", "pay_benefits", "career", "work_life", "leadership"), 3
                ),
                title=f"리뷰 {i}",
                pros="야근이 없습니다.",
                cons="야근이 많습니다.",
                status="published",
                search="'야근':1B",
            )
            for i in range(MAX_RESULTS + 1)
        ]
    )
    response = search(client, company, "야근")
    assert f"리뷰 {MAX_RESULTS}건 이상" in response.content.decode()
    assert response.context["page"].paginator.num_pages == MAX_RESULTS // 20
    last = search(client, company, "야근", page=MAX_RESULTS // 20 + 1).context["page"]
    assert last.number == MAX_RESULTS // 20  # a page past the cap shows the last one
    tabs = client.get(reverse("search"), {"q": "야근"})
    assert f"{MAX_RESULTS}건 이상" in tabs.content.decode()
    assert tabs.context["tabs"][0][2] == MAX_RESULTS + 1  # the reviews tab: more than the cap
