"""Interview experiences: aggregates, pages, permissions, one per period, bad input."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from interviews.models import CompanyInterviewStats, InterviewExperience
from nipa_reviews.submissions import services as submissions
from tests.factories import CompanyFactory, InterviewFactory, JobCategoryFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "발표면접과 역량면접 두 번으로 진행되었고, 면접관들이 꼬리질문을 많이 했습니다."


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


def stats(company) -> CompanyInterviewStats:
    return CompanyInterviewStats.objects.get(company=company)


def form_data(
    questions=("자기소개를 해 보세요.", "입사 후 하고 싶은 일은?", ""), **overrides
) -> dict:
    data = {
        "year": "2024",
        "half": "second",
        "level": "new",
        "job_category": JobCategoryFactory(name="개발").pk,
        "result": "pending",
        "difficulty": "4",
        "atmosphere": "2",
        "format": "1:6 면접",
        "account": ACCOUNT,
        "tip": "자소서 내용을 일관되게 말하는 연습을 하세요.",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
    }
    for i, text in enumerate(questions):
        data[f"questions-{i}-text"] = text
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(company) -> str:
    return reverse("interviews:create", args=[company.slug])


# --- Aggregates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("difficulties", "label"),
    [
        ([3, 4], "다소 어려움"),  # 3.5 rounds half up to 4
        ([2, 3], "보통"),  # 2.5 → 3
        ([1, 2, 2, 2], "쉬움"),  # 1.75 → 2
        ([4, 5], "매우 어려움"),  # 4.5 → 5
        ([1, 1, 2], "매우 쉬움"),  # 1.33 → 1
    ],
)
def test_difficulty_label_rounds_the_mean_half_up(company, publish_interview, difficulties, label):
    publish_interview(*[InterviewFactory(company=company, difficulty=d) for d in difficulties])
    assert stats(company).difficulty_label == label


@pytest.mark.parametrize(
    ("atmospheres", "label"), [([1, 2], "보통"), ([2, 3], "긴장됨"), ([1, 1, 2], "편안함")]
)
def test_atmosphere_label_rounds_the_mean_half_up(company, publish_interview, atmospheres, label):
    publish_interview(*[InterviewFactory(company=company, atmosphere=a) for a in atmospheres])
    assert stats(company).atmosphere_label == label


def test_only_published_experiences_count(company, publish_interview):
    publish_interview(InterviewFactory(company=company, difficulty=2, result="passed"))
    InterviewFactory(company=company, difficulty=5)  # pending
    submissions.reject(
        item=InterviewFactory(company=company, difficulty=5), moderator=None, reason="광고"
    )
    hidden = publish_interview(InterviewFactory(company=company, difficulty=5, result="failed"))
    submissions.hide(item=hidden, moderator=None, reason="신고")
    item = stats(company)
    assert (item.count, item.difficulty, item.passed, item.failed) == (1, Decimal("2.00"), 1, 0)


def test_edit_and_delete_move_the_aggregates(company, publish_interview, capsys):
    first, second = publish_interview(
        InterviewFactory(company=company, difficulty=2, result="pending"),
        InterviewFactory(company=company, difficulty=4, result="pending"),
    )
    assert (stats(company).difficulty, stats(company).pending) == (Decimal("3.00"), 2)
    submissions.update(item=first, difficulty=5, result="passed")
    assert (stats(company).difficulty, stats(company).pending, stats(company).passed) == (
        Decimal("4.50"),
        1,
        1,
    )
    submissions.delete(item=second)
    assert (stats(company).count, stats(company).difficulty_label) == (1, "매우 어려움")
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


def test_verify_scores_reports_interview_drift(company, publish_interview, capsys):
    publish_interview(InterviewFactory(company=company))
    CompanyInterviewStats.objects.filter(company=company).update(passed=7)
    with pytest.raises(SystemExit):
        call_command("verify_scores")
    assert (
        f"company {company.pk}: interviews passed stored 7, recomputed 1" in capsys.readouterr().out
    )


# --- Submitting, one per period ----------------------------------------------------------------


def test_verified_user_submits_with_three_questions_and_sees_it_pending(client, user, company):
    client.force_login(user)
    response = client.post(
        create_url(company), form_data(questions=("첫 질문?", "둘째 질문?", "셋째 질문?"))
    )
    assert response.status_code == 302
    experience = InterviewExperience.objects.get()
    assert experience.status == "pending"
    assert [q.text for q in experience.questions.all()] == ["첫 질문?", "둘째 질문?", "셋째 질문?"]
    me = client.get(reverse("me")).content.decode()
    assert "2024년 하반기" in me and "검수중" in me
    assert not CompanyInterviewStats.objects.filter(company=company, count__gt=0).exists()


def test_add_question_row_without_javascript_keeps_the_input(client, user, company):
    client.force_login(user)
    response = client.post(
        create_url(company), form_data(questions=("첫 질문?", "", ""), add_question="1")
    )
    content = response.content.decode()
    assert len(re.findall(r'name="questions-\d+-text"', content)) == 4
    assert 'value="첫 질문?"' in content
    assert ACCOUNT in content
    assert "면접평가를 적어 주세요" not in content  # no errors for a half-filled form
    assert not InterviewExperience.objects.exists()


def test_one_experience_per_author_company_and_period(client, user, company):
    first = InterviewFactory(author=user, company=company, year=2024, half="second")
    client.force_login(user)
    response = client.post(create_url(company), form_data())
    assert response.status_code == 409
    content = response.content.decode()
    assert "2024년 하반기 에이크미 면접 후기를 이미 쓰셨습니다." in content
    assert reverse("interviews:edit", args=[first.public_id]) in content
    assert InterviewExperience.objects.count() == 1
    client.post(create_url(company), form_data(half="first"))
    assert InterviewExperience.objects.count() == 2


def test_a_rejected_experience_can_be_redone(client, user, company):
    submissions.reject(
        item=InterviewFactory(author=user, company=company, year=2024, half="second"),
        moderator=None,
        reason="x",
    )
    client.force_login(user)
    client.post(create_url(company), form_data())
    assert InterviewExperience.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"questions": ("", "", "")}, "면접 질문을 하나 이상 적어 주세요."),
        (
            {"questions": tuple(f"질문 {i}?" for i in range(21))},
            "면접 질문은 20개까지 적을 수 있습니다 (지금 21개).",
        ),
        ({"questions": ("가" * 301,)}, "질문은 300자 이하로 적어 주세요 (지금 301자)."),
        ({"difficulty": "0"}, "면접난이도는 1~5단계 중 하나여야 합니다."),
        ({"difficulty": "6"}, "면접난이도는 1~5단계 중 하나여야 합니다."),
        ({"atmosphere": "4"}, "면접분위기는 편안함, 보통, 긴장됨 중 하나여야 합니다."),
        ({"difficulty": None}, "면접난이도를 골라 주세요."),
        ({"account": "짧음"}, "면접평가를 20자 이상 적어 주세요 (지금 2자)."),
        ({"year": "1999"}, "최근 10년 안의 연도를 골라 주세요."),
        ({"half": None}, "상반기인지 하반기인지 골라 주세요."),
    ],
)
def test_bad_input_gets_a_korean_error_keeps_the_input_and_saves_nothing(
    client, user, company, overrides, message
):
    client.force_login(user)
    response = client.post(create_url(company), form_data(**overrides))
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "입력한 내용을 확인해 주세요" in content
    if "account" not in overrides:
        assert ACCOUNT in content
    assert not InterviewExperience.objects.exists()


def test_html_in_every_text_field_is_rendered_escaped(client, user, company, publish_interview):
    payload = "<script>alert(1)</script>"
    client.force_login(user)
    client.post(
        create_url(company),
        form_data(
            questions=(payload,), account=payload + ACCOUNT, tip=payload, format=payload[:40]
        ),
    )
    experience = publish_interview(InterviewExperience.objects.get())
    for url in (
        company.get_absolute_url(),
        reverse("interviews:list", args=["acme"]),
        reverse("interviews:questions", args=["acme"]),
        reverse("interviews:detail", args=["acme", experience.public_id]),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content, url


# --- Permissions: author, another user, anonymous visitor --------------------------------------


def test_anonymous_and_unverified_cannot_submit(client, unverified_user, company):
    response = client.post(create_url(company), form_data())
    assert response.url.startswith(reverse("account_login"))
    client.force_login(unverified_user)
    response = client.post(create_url(company), form_data())
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert not InterviewExperience.objects.exists()


def test_author_edits_pending_experience_and_questions(client, user, company):
    experience = InterviewFactory(author=user, company=company)
    client.force_login(user)
    edit = reverse("interviews:edit", args=[experience.public_id])
    assert 'value="자기소개를 해 주세요."' in client.get(edit).content.decode()
    client.post(edit, form_data(questions=("바뀐 질문?",)))
    experience.refresh_from_db()
    assert [q.text for q in experience.questions.all()] == ["바뀐 질문?"]
    assert experience.half == "second"


@pytest.mark.parametrize("url_name", ["interviews:edit", "interviews:delete"])
def test_another_user_gets_404(client, other_user, url_name):
    experience = InterviewFactory()
    client.force_login(other_user)
    assert client.get(reverse(url_name, args=[experience.public_id])).status_code == 404
    assert (
        client.post(reverse(url_name, args=[experience.public_id]), form_data()).status_code == 404
    )
    assert InterviewExperience.objects.filter(pk=experience.pk, half="first").exists()


@pytest.mark.parametrize("url_name", ["interviews:edit", "interviews:delete"])
def test_anonymous_is_sent_to_login(client, url_name):
    experience = InterviewFactory()
    response = client.post(reverse(url_name, args=[experience.public_id]))
    assert response.url.startswith(reverse("account_login"))
    assert InterviewExperience.objects.filter(pk=experience.pk).exists()


def test_published_experience_is_not_editable_but_deletable(
    client, user, company, publish_interview
):
    experience = publish_interview(InterviewFactory(author=user, company=company))
    client.force_login(user)
    assert client.get(reverse("interviews:edit", args=[experience.public_id])).status_code == 404
    client.post(reverse("interviews:delete", args=[experience.public_id]))
    assert stats(company).count == 0


def test_unpublished_experience_has_no_public_page(client, company):
    experience = InterviewFactory(company=company)
    assert (
        client.get(reverse("interviews:detail", args=["acme", experience.public_id])).status_code
        == 404
    )


# --- Pages ------------------------------------------------------------------------------------------


def test_company_page_summarises_interviews_and_the_report_shows_them_whole(
    client, company, publish_interview
):
    for i in range(4):
        publish_interview(
            InterviewFactory(
                company=company,
                year=2020 + i,
                result="failed" if i == 0 else "passed",
                questions=[f"{i}번째 후기 질문"],
            )
        )
    content = client.get(company.get_absolute_url()).content.decode()
    assert "<dd>보통</dd>" in content
    assert "면접 후기 4건 모두 보기" in content
    assert "<span>합격 3</span> <span>불합격 1</span> <span>진행중 0</span>" in content
    # The latest questions, each linked to its experience; only the latest three count.
    assert "3번째 후기 질문" in content and "1번째 후기 질문" in content
    assert "0번째 후기 질문" not in content
    latest = InterviewExperience.objects.get(year=2023)
    assert reverse("interviews:detail", args=[company.slug, latest.public_id]) in content
    # The printable report keeps the reference report's whole experiences.
    report = client.get(reverse("companies:report", args=[company.slug])).content.decode()
    assert "<strong>Q1.</strong> 3번째 후기 질문" in report


def test_interview_list_filters(client, company, publish_interview):
    dev = JobCategoryFactory(name="개발")
    design = JobCategoryFactory(name="디자인")
    publish_interview(
        InterviewFactory(
            company=company,
            level="new",
            result="passed",
            year=2024,
            job_category=dev,
            questions=["가"],
        ),
        InterviewFactory(
            company=company,
            level="experienced",
            result="failed",
            year=2023,
            job_category=design,
            questions=["나"],
        ),
    )
    url = reverse("interviews:list", args=["acme"])

    def questions(**params):
        return [e.questions.all()[0].text for e in client.get(url, params).context["page"]]

    assert sorted(questions()) == ["가", "나"]
    assert questions(level="experienced") == ["나"]
    assert questions(result="passed") == ["가"]
    assert questions(year=2023) == ["나"]
    assert questions(job=dev.pk) == ["가"]
    assert sorted(questions(level="x", result="x", year="x", job="x")) == ["가", "나"]


def test_question_bank_searches_and_links_to_the_experience(
    client, company, publish_interview, index
):
    # Published with the analysis the worker runs after the commit: the search reads it.
    old = index(
        publish_interview, InterviewFactory(company=company, questions=["협업 경험을 말해 보세요."])
    )
    new = index(
        publish_interview,
        InterviewFactory(company=company, questions=["최근 읽은 책은?", "협업할 때 갈등은?"]),
    )
    InterviewFactory(company=company, questions=["검수중 협업 질문"])  # pending: not listed
    url = reverse("interviews:questions", args=["acme"])
    texts = [q.text for q in client.get(url).context["page"]]
    assert texts == ["최근 읽은 책은?", "협업할 때 갈등은?", "협업 경험을 말해 보세요."]
    response = client.get(url, {"q": "협업"})
    assert [q.text for q in response.context["page"]] == [
        "협업할 때 갈등은?",
        "협업 경험을 말해 보세요.",
    ]
    content = response.content.decode()
    assert reverse("interviews:detail", args=["acme", new.public_id]) in content
    assert reverse("interviews:detail", args=["acme", old.public_id]) in content
    assert "‘없는말’가 들어간 질문이 없습니다." in client.get(url, {"q": "없는말"}).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow(
    client, company, publish_interview, django_assert_num_queries, size
):
    publish_interview(*InterviewFactory.create_batch(size, company=company))
    # the company page: 12 as in test_company_page, plus the latest experiences' questions
    with django_assert_num_queries(13):
        client.get(company.get_absolute_url())
    # company, job categories, count, the page of experiences, their questions
    with django_assert_num_queries(5):
        client.get(reverse("interviews:list", args=["acme"]))
    # company, count, the page of questions with their experiences
    with django_assert_num_queries(3):
        client.get(reverse("interviews:questions", args=["acme"]))


def test_interview_cards_know_their_author_and_their_reporters(
    client, company, publish_interview, user
):
    from nipa_reviews.moderation.services import report_submit

    mine = publish_interview(InterviewFactory(company=company, author=user, year=2023))
    theirs = publish_interview(InterviewFactory(company=company, year=2024))
    reported = publish_interview(InterviewFactory(company=company, year=2022))
    report_submit(item=reported, reporter=user, reason="abuse")
    client.force_login(user)
    content = client.get(reverse("interviews:list", args=["acme"])).content.decode()
    assert "내가 쓴 면접 후기입니다." in content
    assert "신고한 면접 후기입니다" in content
    assert reverse("moderation:report_interview", args=[mine.public_id]) not in content
    assert reverse("moderation:report_interview", args=[reported.public_id]) not in content
    assert reverse("moderation:report_interview", args=[theirs.public_id]) in content
    detail = reverse("interviews:detail", args=["acme", reported.public_id])
    assert "신고한 면접 후기입니다" in client.get(detail).content.decode()
