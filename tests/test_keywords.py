"""Each company's 장점/단점 keywords: counts kept through publish, edit, hide and delete,
checked against a recomputation from the texts, shown on the company page and in the API."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from nipa_reviews.submissions import services as submissions
from reviews.models import CompanyKeywords, KeywordCount, Review
from tests.factories import CompanyFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PROS = [
    "복지 제도가 잘 갖춰져 있습니다.",
    "연차 사용이 자유롭고 재택근무가 가능합니다.",
    "동료들이 친절하고 교육 지원이 많습니다.",
    "연봉이 업계 평균보다 높습니다.",
]
CONS = [
    "야근이 잦고 주말 출근도 있습니다.",
    "연봉 인상률이 낮습니다.",
    "보고 절차가 복잡하고 회의가 많습니다.",
    "야근 수당이 제대로 나오지 않습니다.",
]
FILLER = " 전반적으로 다닐 만한 곳입니다."


def from_scratch(analyser) -> Counter:
    """Every published review's pros and cons analysed again: (company, side, noun) counts."""
    counts: Counter = Counter()
    for review in Review.objects.published():
        for side in ("pros", "cons"):
            for noun in analyser.keywords(getattr(review, side)):
                counts[(review.company_id, side, noun)] += 1
    return counts


def stored() -> Counter:
    return Counter(
        {(row.company_id, row.side, row.lemma): row.count for row in KeywordCount.objects.all()}
    )


@pytest.mark.parametrize("size", [4, 24])
def test_counts_match_a_recomputation_from_the_texts(analyser, index, moderator, size):
    rng = random.Random(size)
    companies = [CompanyFactory() for _ in range(2)]

    def text(sentences):
        return " ".join(rng.sample(sentences, rng.randint(1, 3))) + FILLER

    reviews = [
        ReviewFactory(company=rng.choice(companies), pros=text(PROS), cons=text(CONS))
        for _ in range(size)
    ]
    for review in reviews:
        index(submissions.publish, item=review, moderator=moderator)
    for review in rng.sample(reviews, size // 4):  # edited while published
        review = Review.objects.get(pk=review.pk)
        index(submissions.update, item=review, pros=text(PROS), cons=text(CONS))
    hidden = rng.sample(reviews, size // 4)
    for review in hidden:
        index(submissions.hide, item=review, moderator=moderator, reason="중복")
    for review in hidden[: len(hidden) // 2]:  # some restored
        index(submissions.publish, item=review, moderator=moderator)
    for review in rng.sample(reviews, size // 8):
        submissions.delete(item=review)

    assert stored() == from_scratch(analyser)
    for company in companies:
        row = CompanyKeywords.objects.filter(company=company).first() or CompanyKeywords()
        assert row.review_count == Review.objects.published().filter(company=company).count()
        for side in ("pros", "cons"):
            counts = {
                (n, c)
                for (cid, s, n), c in from_scratch(analyser).items()
                if (cid, s) == (company.pk, side)
            }
            ranked = sorted(counts, key=lambda item: (-item[1], item[0]))[: CompanyKeywords.TOP]
            assert [tuple(pair) for pair in getattr(row, side)] == ranked
    assert submissions.drift() == []


def test_keywords_skip_stop_words_and_join_noun_phrases(analyser):
    assert analyser.keywords("회사 업무는 야근이 많고 연봉인상은 없습니다.") == [
        "야근",
        "연봉",
        "인상",
        "연봉인상",
    ]


def test_verify_scores_finds_a_keyword_drift_and_fixes_it(analyser, index, capsys):
    company = CompanyFactory()
    index(
        submissions.publish,
        item=ReviewFactory(company=company, cons=CONS[0] + FILLER),
        moderator=None,
    )
    KeywordCount.objects.filter(lemma="야근").update(count=7)
    with pytest.raises(SystemExit):
        call_command("verify_scores")
    assert "keyword cons 야근 stored 7, recomputed 1" in capsys.readouterr().out
    call_command("verify_scores", "--fix")
    assert submissions.drift() == []


def test_rebuild_search_index_analyses_everything_again(analyser, index, moderator):
    company = CompanyFactory()
    shown = ReviewFactory(company=company, cons=CONS[0] + FILLER)
    gone = ReviewFactory(company=company, cons=CONS[1] + FILLER)
    for review in (shown, gone):
        submissions.publish(item=review, moderator=moderator)  # no analysis ran
    submissions.hide(item=gone, moderator=moderator, reason="중복")
    Review.objects.filter(pk=gone.pk).update(
        search="'연봉':1B", keywords={"pros": [], "cons": ["연봉"]}
    )
    assert Review.objects.get(pk=shown.pk).search is None

    call_command("rebuild_search_index", "--missing")
    assert "'야근'" in Review.objects.get(pk=shown.pk).search
    call_command("rebuild_search_index")
    assert Review.objects.get(pk=gone.pk).search is None
    assert stored() == from_scratch(analyser)
    assert submissions.drift() == []


def test_the_company_page_shows_keywords_linked_to_the_review_search(client, analyser, index):
    company = CompanyFactory()
    for i in range(3):
        index(
            submissions.publish,
            item=ReviewFactory(company=company, pros=PROS[i % 2] + FILLER, cons=CONS[0] + FILLER),
            moderator=None,
        )
    content = client.get(company.get_absolute_url()).content.decode()
    assert "장점 키워드" in content and "단점 키워드" in content
    search = reverse("reviews:list", args=[company.slug]) + "?q=%EC%95%BC%EA%B7%BC"  # 야근
    assert f'href="{search}">야근</a>' in content
    assert "3건" in content
    assert 'class="share-bar-fill keyword-bar-cons" width="100"' in content
    assert "style=" not in content.split('id="keywords"')[1].split("</section>")[0]


def test_the_company_page_leaves_keywords_out_until_there_are_some(client):
    company = CompanyFactory()
    assert 'id="keywords"' not in client.get(company.get_absolute_url()).content.decode()


def test_the_api_exposes_the_keywords(client, analyser, index):
    company = CompanyFactory()
    index(
        submissions.publish,
        item=ReviewFactory(company=company, pros=PROS[0] + FILLER, cons=CONS[0] + FILLER),
        moderator=None,
    )
    data = client.get(f"/api/companies/{company.slug}/").json()
    assert {"word": "야근", "count": 1} in data["keywords"]["cons"]
    assert {"word": "복지", "count": 1} in data["keywords"]["pros"]
    empty = client.get(f"/api/companies/{CompanyFactory().slug}/").json()
    assert empty["keywords"] == {"pros": [], "cons": []}


def test_highlight_candidates_offer_keyword_sentences_and_make_one(
    client, analyser, index, moderator
):
    from nipa_reviews.moderation.models import AuditEntry
    from reviews.models import Highlight

    company = CompanyFactory()
    reviews = [
        ReviewFactory(
            company=company,
            pros="재택근무가 자유롭습니다. 연차 사용이 편합니다." + FILLER,
            cons=f"야근이 잦습니다. 보고가 많습니다 {i}." + FILLER,
        )
        for i in range(3)
    ]
    for review in reviews:
        index(submissions.publish, item=review, moderator=moderator)
    Review.objects.filter(pk=reviews[2].pk).update(helpful_count=5)
    client.force_login(moderator)
    change = client.get(reverse("admin:companies_company_change", args=[company.pk]))
    url = reverse("highlight_candidates", args=[company.pk])
    assert url in change.content.decode()
    response = client.get(url)
    negative = response.context["candidates"]["negative"]
    assert negative[0].text == "야근이 잦습니다." and negative[0].review.pk == reviews[2].pk
    assert "재택근무가 자유롭습니다." in [
        c.text for c in response.context["candidates"]["positive"]
    ]

    made = client.post(
        url, {"review": reviews[2].pk, "kind": "negative", "text": "야근이 잦습니다."}
    )
    assert made.status_code == 302
    highlight = Highlight.objects.get()
    assert (highlight.review_id, highlight.kind, highlight.text) == (
        reviews[2].pk,
        "negative",
        "야근이 잦습니다.",
    )
    assert AuditEntry.objects.filter(action="highlight", item_id=reviews[2].pk).exists()
    # Once chosen, a sentence is no candidate any more.
    texts = [c.text for c in client.get(url).context["candidates"]["negative"]]
    assert "야근이 잦습니다." not in texts
    # Text that is not the review's own is refused by the service.
    client.post(url, {"review": reviews[0].pk, "kind": "negative", "text": "지어낸 문장"})
    assert Highlight.objects.count() == 1


def test_highlight_candidates_need_the_highlight_permission(client, staff):
    company = CompanyFactory()
    client.force_login(staff)
    assert client.get(reverse("highlight_candidates", args=[company.pk])).status_code == 403
