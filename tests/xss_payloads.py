"""Stored-XSS payloads: each, if it ever ran, would set window.__xss or open a dialog."""

MARK = "window.__xss=1"

PAYLOADS = [
    f"<script>{MARK}</script>",
    f"<SCRIPT>{MARK}</SCRIPT>",
    f"<script src=data:,{MARK}></script>",
    f"<scr<script>ipt>{MARK}</scr</script>ipt>",
    f"</textarea><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f'"><script>{MARK}</script>',
    f"'><script>{MARK}</script>",
    f"<img src=x onerror={MARK}>",
    f'<img src=x onerror="{MARK}">',
    f"<IMG SRC=x OnErRoR={MARK}>",
    '<img src="x" onerror="alert(1)">',
    f"<svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f"<svg><animate onbegin={MARK} attributeName=x dur=1s>",
    f"<svg/onload={MARK}>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}>",
    f"<body onload={MARK}>",
    f'<iframe src="javascript:{MARK}"></iframe>',
    f'<iframe srcdoc="<script>parent.{MARK}</script>"></iframe>',
    f'<a href="javascript:{MARK}">클릭</a>',
    f'<a href="JaVaScRiPt:{MARK}">클릭</a>',
    f'<a href="&#106;avascript:{MARK}">클릭</a>',
    f'<a href="java\tscript:{MARK}">클릭</a>',
    f"javascript:{MARK}",
    f'<object data="javascript:{MARK}"></object>',
    f'<embed src="javascript:{MARK}">',
    f'<form action="javascript:{MARK}"><button>전송</button></form>',
    f"<input autofocus onfocus={MARK}>",
    f"<select autofocus onfocus={MARK}>",
    f"<textarea autofocus onfocus={MARK}>",
    f"<details open ontoggle={MARK}>",
    f"<video><source onerror={MARK}></video>",
    f"<audio src=x onerror={MARK}>",
    f"<marquee onstart={MARK}>",
    f'<div style="background:url(javascript:{MARK})">',
    f"<style>@import 'javascript:{MARK}';</style>",
    f'<link rel=stylesheet href="javascript:{MARK}">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<base href="javascript:{MARK}//">',
    "<img src=x onerror=&#x77;indow.__xss=1>",
    "<img src=x onerror=\\u0077indow.__xss=1>",
    "＜script＞window.__xss=1＜/script＞",
    f"<scrİpt>{MARK}</scrİpt>",
    f"<img src=x onerror\u00a0={MARK}>",
    f"\u202e<script>{MARK}</script>",
    f"<!--<img src=x onerror={MARK}>-->",
    f"<![CDATA[<script>{MARK}</script>]]>",
    f"<img src=`x` onerror={MARK}>",
    f'<img """><script>{MARK}</script>">',
    f"{{{{ {MARK} }}}}",
    f"{{% if 1 %}}<script>{MARK}</script>{{% endif %}}",
    f"<template><script>{MARK}</script></template><div",
    f'<noscript><p title="</noscript><img src=x onerror={MARK}>">',
    f'<table background="javascript:{MARK}">',
    f"<x onclick={MARK}>눌러 보세요</x>",
]

FILLER = " 이 문장은 길이를 채우기 위한 평범한 리뷰 내용입니다."

# Every page that shows what users wrote about the company "acme".
PUBLIC_PAGES = [
    "/",
    "/companies/acme/",
    "/companies/acme/report/",
    *[f"/companies/acme/reviews/?page={n}" for n in (1, 2, 3)],
    *[f"/companies/acme/interviews/?page={n}" for n in (1, 2, 3)],
    "/companies/acme/interviews/questions/",
    "/companies/acme/interviews/questions/?page=2",
]
# The search pages, with words of the payloads and of FILLER: every payload is found and
# its matched words marked (tests/test_search.py, which indexes them first).
SEARCH_PAGES = [
    "/companies/acme/reviews/?q=문장",
    "/companies/acme/reviews/?q=script",
    "/companies/acme/interviews/questions/?q=script",
    "/search/?q=script",
    "/search/?q=평범한 리뷰",
    "/search/?q=script&tab=questions",
    "/search/?q=img",
]
ADMIN_PAGES = [
    "/admin/reviews/review/",
    "/admin/interviews/interviewexperience/",
    "/admin/moderation/report/",
    "/admin/reviews/highlight/",
    "/admin/moderation/auditentry/",
]


def submit_payloads(moderator):
    """Puts every payload in every user text field of reviews, interviews, questions,
    reports and highlights, through the services the forms use, and publishes them."""
    from companies.models import Company
    from interviews.models import InterviewExperience
    from nipa_reviews.moderation import services as moderation
    from nipa_reviews.submissions import services as submissions
    from nipa_reviews.submissions.kinds import kind_of
    from reviews import services as reviews
    from reviews.models import Review
    from tests.factories import CompanyFactory, JobCategoryFactory, UserFactory

    company = Company.objects.filter(slug="acme").first() or CompanyFactory(slug="acme")
    job = JobCategoryFactory()
    for i, payload in enumerate(PAYLOADS):
        author = UserFactory()
        review = submissions.submit(
            kind=kind_of(Review),
            company=company,
            author=author,
            employment_status="current",
            job_category=job,
            culture=4,
            pay_benefits=4,
            career=4,
            work_life=4,
            leadership=4,
            title=payload[:100],
            pros=payload + FILLER,
            cons=payload + FILLER,
            advice=payload,
        )
        review = submissions.publish(item=review, moderator=moderator)
        experience = submissions.submit(
            kind=kind_of(InterviewExperience),
            company=company,
            author=author,
            year=2024,
            half="first",
            level="new",
            job_category=job,
            difficulty=3,
            atmosphere=2,
            result="passed",
            format=payload[:50],
            account=payload + FILLER,
            tip=payload,
            questions=[payload, f"질문 {i}"],
        )
        submissions.publish(item=experience, moderator=moderator)
        if i < 6:
            kind = "positive" if i % 2 else "negative"
            text = (payload + FILLER)[:60]
            highlight = reviews.highlight_create(review=review, kind=kind, text=text)
            moderation.audit(review, "highlight", actor=moderator, reason=highlight.text)
        moderation.report_submit(
            item=review, reporter=UserFactory(), reason="abuse", detail=payload
        )
