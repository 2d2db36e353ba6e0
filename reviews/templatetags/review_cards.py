"""{% review_card review %}: a published review as the public sees it, built in Python.

A review list page shows twenty of these, and as a template (nineteen tags and filters a
card, each resolved through Django's template machinery) they were half of the page's
time: the search inside a company's reviews, which no page cache answers, could not keep
up at the benchmark's 32 connections (bench/README.md). The markup is the one the
template had; every value goes through `escape`, or is already escaped (`highlight`).

What a card shows: never who wrote it, only 현직자/전직자, job category and year.month
(PRODUCT.md, anonymity rules); its own overall, the mean of its five ratings. With
`show_actions`: 도움이 돼요 (pressed when the context's `voted_ids` holds it) and 신고 (or
that the reader already reported it, `reported_ids`); an author sees neither on their own
review. With a search `query` in the context, its words are marked.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nipa_reviews.search.highlight import highlight
from nipa_reviews.templatetags.stars import review_stars, stars

register = template.Library()


@lru_cache(maxsize=512)
def _stars(value, language: str) -> str:
    """includes/stars.html for one value: a review's overall takes 21 values (1.0 to 5.0)."""
    return render_to_string("includes/stars.html", stars(value))


def _text(text: str, query) -> str:
    """Escaped (or marked, which escapes), with line breaks as <br>, as `linebreaksbr`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return highlight(text, query).replace("\n", "<br>")


def _month(value) -> str:
    return formats.date_format(timezone.localtime(value), "YEAR_MONTH_FORMAT")


def _reply(reply, show_actions: bool) -> str:
    published = timezone.localtime(reply.published_at)
    report = ""
    if show_actions:
        url = reverse("moderation:report_reply", args=[reply.public_id])
        report = f' · <a class="text-secondary" href="{url}">{escape(_("신고"))}</a>'
    return (
        f'<div class="employer-reply" id="reply-{reply.public_id}">'
        f'<p class="small mb-1"><span class="badge employer-reply-badge">{escape(_("기업 답변"))}</span> '
        f'<time datetime="{formats.date_format(published, "Y-m-d")}">'
        f"{formats.date_format(published, 'SHORT_DATE_FORMAT')}</time>{report}</p>"
        f'<p class="review-text mb-0">{_text(reply.text, None)}</p></div>'
    )


def _actions(context, review) -> str:
    user = context.get("user")
    report_url = reverse("moderation:report_review", args=[review.public_id])
    helpful = f"{escape(_('도움이 돼요'))} {review.helpful_count}"
    if user is None or not user.is_authenticated:
        # No form, so no CSRF cookie: the page stays cacheable for anonymous visitors.
        login = f"{reverse('account_login')}?next={quote(context['request'].path, safe='/')}"
        return (
            f'<a class="btn btn-outline-secondary btn-sm" href="{escape(login)}">{helpful}</a>'
            f'<a class="btn btn-link btn-sm text-secondary" href="{report_url}">{escape(_("신고"))}</a>'
        )
    if review.author_id == user.pk:
        mine = _("내가 쓴 리뷰 · 도움이 돼요 %(count)s") % {"count": review.helpful_count}
        return f'<span class="review-note">{escape(mine)}</span>'
    voted = review.pk in context.get("voted_ids", ())
    pressed = (
        '<input type="hidden" name="on" value="0">'
        '<button type="submit" class="btn btn-outline-secondary btn-sm helpful-button" '
        f'aria-pressed="true" title="{escape(_("다시 누르면 취소됩니다"))}">{helpful}</button>'
    )
    unpressed = (
        '<input type="hidden" name="on" value="1">'
        '<button type="submit" class="btn btn-outline-secondary btn-sm helpful-button" '
        f'aria-pressed="false">{helpful}</button>'
    )
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    parts = [
        f'<form method="post" action="{reverse("reviews:helpful", args=[review.public_id])}">'
        f"{csrf}{pressed if voted else unpressed}</form>"
    ]
    if review.pk in context.get("reported_ids", ()):
        parts.append(f'<span class="review-note">{escape(_("신고한 리뷰입니다"))}</span>')
    else:
        parts.append(
            f'<a class="btn btn-link btn-sm text-secondary" href="{report_url}">{escape(_("신고"))}</a>'
        )
    if context.get("is_representative") and not getattr(review, "shown_replies", ()):
        reply_url = reverse("reviews:reply", args=[review.public_id])
        parts.append(
            f'<a class="btn btn-outline-primary btn-sm" href="{reply_url}">{escape(_("기업 답변 쓰기"))}</a>'
        )
    return "".join(parts)


@register.simple_tag(takes_context=True)
def review_card(context, review, show_actions: bool = False) -> SafeString:
    query = context.get("query") or None
    status = escape(review.get_employment_status_display())
    if review.verified:
        verified = escape(
            _("인증된 %(status)s") % {"status": review.get_employment_status_display()}
        )
        who = (
            f'<span class="badge verified-badge" title="{escape(_("재직 인증을 마친 계정이 쓴 리뷰"))}">'
            f"{verified}</span>"
        )
    else:
        who = f"<span>{status}</span>"
    dot = '<span aria-hidden="true">·</span>'
    ratings = "".join(
        f"<li>{escape(str(label))} <strong>{value}</strong>{escape(_('점'))}</li>"
        for _key, label, value in review.ratings()
    )
    advice = ""
    if review.advice:
        advice = (
            f'<h4 class="review-label">{escape(_("경영진에게 바라는 점"))}</h4>'
            f'<p class="review-text">{_text(review.advice, query)}</p>'
        )
    replies = "".join(_reply(reply, show_actions) for reply in getattr(review, "shown_replies", ()))
    actions = ""
    if show_actions:
        actions = f'<div class="review-actions no-print">{_actions(context, review)}</div>'
    return mark_safe(  # every value above is escaped, or marked by highlight, which escapes
        f'<article class="card mb-3 review-card" id="review-{review.public_id}">'
        '<div class="card-body">'
        f'<p class="review-meta">{who}{dot}<span>{escape(review.job_category.name)}</span>'
        f"{dot}<span>{_month(review.created_at)}</span></p>"
        f'<h3 class="review-title">{highlight(review.title, query)}</h3>'
        f'<p class="mb-2">{_stars(review_stars(review), get_language())}</p>'
        f'<ul class="review-ratings">{ratings}</ul>'
        f'<h4 class="review-label review-label-good">{escape(_("장점"))}</h4>'
        f'<p class="review-text">{_text(review.pros, query)}</p>'
        f'<h4 class="review-label review-label-bad">{escape(_("단점"))}</h4>'
        f'<p class="review-text">{_text(review.cons, query)}</p>'
        f"{advice}{replies}{actions}</div></article>"
    )
