"""Gates for pages that only accounts with a verified email may use.

Submitting anything requires a verified email (PRODUCT.md, integrity rules). allauth's
`verified_email_required` sends an anonymous visitor to the login page and shows an
unverified user a page that re-sends the confirmation email.
"""

from allauth.account.decorators import verified_email_required
from django.utils.decorators import method_decorator

__all__ = ["VerifiedEmailRequiredMixin", "verified_email_required"]


class VerifiedEmailRequiredMixin:
    """For class-based views: the same gate as `verified_email_required`."""

    @method_decorator(verified_email_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
