"""Admin fixes for third-party apps, registered after them (this app comes later in
INSTALLED_APPS), and admin pages that span apps (하이라이트 후보)."""

from allauth.socialaccount.admin import SocialTokenAdmin as AllauthSocialTokenAdmin
from allauth.socialaccount.models import SocialToken
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from companies.models import Company
from nipa_reviews.moderation import services as moderation
from reviews import services as reviews
from reviews.models import Review
from reviews.selectors import highlight_candidates as highlight_candidates_of

admin.site.unregister(SocialToken)


@admin.register(SocialToken)
class SocialTokenAdmin(AllauthSocialTokenAdmin):
    # allauth's lists each token's app and account with a query per row.
    list_select_related = ["app", "account__user"]


# --- 하이라이트 후보: quotes to pick for a company page, from its keywords -------------


@admin.site.admin_view
@permission_required("reviews.add_highlight", raise_exception=True)
def highlight_candidates(request: HttpRequest, company_id: int) -> HttpResponse:
    """A company's candidate quotes (reviews.selectors.highlight_candidates), each with a
    one-click 하이라이트 만들기 through the same service and audit as the queue's action."""
    company = get_object_or_404(Company.objects.select_related("keywords"), pk=company_id)
    if request.method == "POST":
        review = get_object_or_404(
            Review.objects.published().for_company(company), pk=request.POST.get("review")
        )
        try:
            with transaction.atomic():
                highlight = reviews.highlight_create(
                    review=review,
                    kind=request.POST.get("kind", ""),
                    text=request.POST.get("text", ""),
                )
                moderation.audit(
                    review,
                    "highlight",
                    actor=request.user,
                    reason=f"{highlight.get_kind_display()}: {highlight.text}",
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("하이라이트를 만들었습니다: {text}").format(text=highlight.text)
            )
        return redirect("highlight_candidates", company_id=company.pk)
    context = {
        **admin.site.each_context(request),
        "title": _("{name} 하이라이트 후보").format(name=company.name),
        "company": company,
        "candidates": highlight_candidates_of(company),
    }
    return TemplateResponse(request, "admin/highlight_candidates.html", context)
