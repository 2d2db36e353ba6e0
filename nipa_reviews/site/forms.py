"""Forms of the pages that compose several apps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """/search/'s box and tab. A CharField refuses NUL bytes, which PostgreSQL cannot
    compare with; a bad tab means the first."""

    q = forms.CharField(label=_("검색어"), required=False, max_length=50)
    tab = forms.ChoiceField(
        required=False,
        choices=[("reviews", _("리뷰")), ("questions", _("면접 질문")), ("companies", _("기업"))],
    )
