"""The site's documents: 이용약관, 개인정보처리방침 and 운영정책, with the version a member
agrees to at sign-up (Consent records it). A changed document gets a new version (its
effective date) here; the pages in templates/legal/ say what changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Document:
    key: str
    title: str | Promise
    effective: date
    url_name: str

    @property
    def version(self) -> str:
        """What a consent records: the effective date, which changes with the text."""
        return self.effective.isoformat()


TERMS = Document("terms", _("이용약관"), date(2026, 11, 25), "legal_terms")
PRIVACY = Document("privacy", _("개인정보처리방침"), date(2026, 11, 25), "legal_privacy")
POLICY = Document("policy", _("운영정책"), date(2026, 11, 25), "legal_policy")
DOCUMENTS = {document.key: document for document in (TERMS, PRIVACY, POLICY)}

# Korea's Personal Information Protection Act (art. 22-2): under 14, a guardian must agree.
MINIMUM_AGE = 14
