from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import JobCategory

from .models import CATEGORIES, CATEGORY_KEYS, EmployerReply, Review
from .selectors import REVIEW_SORTS
from .services import EDITABLE_FIELDS


class ReviewFilterForm(forms.Form):
    # A CharField refuses NUL bytes, which PostgreSQL cannot compare with.
    q = forms.CharField(
        label=_("리뷰 내용 검색"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("예: 야근, 재택, 연봉 인상")}),
    )
    status = forms.ChoiceField(
        label=_("재직 상태"),
        required=False,
        choices=[("", _("전체")), *Review.EmploymentStatus.choices],
    )
    job = forms.ModelChoiceField(
        label=_("직무"), required=False, queryset=JobCategory.objects.all(), empty_label=_("전체")
    )
    verified = forms.ChoiceField(
        label=_("재직 인증"), required=False, choices=[("", _("전체")), ("1", _("인증된 리뷰만"))]
    )
    sort = forms.ChoiceField(
        label=_("정렬"),
        required=False,
        choices=[(key, label) for key, (_, label) in REVIEW_SORTS.items()],
    )


class StarRatingField(forms.TypedChoiceField):
    """1–5 stars as a real radio group: arrow keys move, screen readers read "3점"."""

    widget = forms.RadioSelect

    def __init__(self, *, label: str, **kwargs):
        super().__init__(
            label=label,
            choices=Review.RATING_CHOICES,
            coerce=int,
            error_messages={
                "required": format_lazy(_("{label} 별점을 1~5점 중에서 골라 주세요."), label=label),
                "invalid_choice": format_lazy(
                    _("{label} 별점은 1~5점 중 하나여야 합니다."), label=label
                ),
            },
            **kwargs,
        )


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = EDITABLE_FIELDS
        widgets = {
            "employment_status": forms.RadioSelect,
            "pros": forms.Textarea(attrs={"rows": 5}),
            "cons": forms.Textarea(attrs={"rows": 5}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }
        # Every message a person can meet, in words that say how to fix it: Django's own
        # ("이 값이 최대 100 개의 글자인지 확인하세요") read like a machine's.
        error_messages = {
            "employment_status": {
                "required": _("현직자인지 전직자인지 골라 주세요."),
                "invalid_choice": _("현직자와 전직자 중에서 골라 주세요."),
            },
            "job_category": {
                "required": _("직무를 골라 주세요."),
                "invalid_choice": _("직무를 목록에서 골라 주세요."),
            },
            "title": {
                "required": _("한 줄 요약을 적어 주세요."),
                "max_length": _(
                    "한 줄 요약은 %(limit_value)d자 이하로 줄여 주세요 (지금 %(show_value)d자)."
                ),
            },
            "pros": {"required": _("장점을 적어 주세요.")},
            "cons": {"required": _("단점을 적어 주세요.")},
        }
        help_texts = {
            "pros": _(
                "30자 이상 3,000자 이하. 이름, 연락처처럼 사람을 알아볼 수 있는 내용은 적지 마세요."
            ),
            "cons": _("30자 이상 3,000자 이하."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CATEGORIES:
            self.fields[key] = StarRatingField(label=label)
        self.fields["job_category"].queryset = JobCategory.objects.all()
        self.fields["job_category"].empty_label = _("직무를 고르세요")
        self.fields["employment_status"].choices = Review.EmploymentStatus.choices
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[
                Field(name, template="reviews/star_field.html") if name in CATEGORY_KEYS else name
                for name in EDITABLE_FIELDS
            ]
        )
        self.helper.add_input(Submit("submit", _("리뷰 제출하기")))


class HighlightForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("구분"),
        choices=[
            ("positive", _("긍정적평가 (장점에서)")),
            ("negative", _("부정적평가 (단점에서)")),
        ],
    )
    text = forms.CharField(
        label=_("인용문 (60자 이하, 리뷰에 있는 그대로)"),
        max_length=60,
        error_messages={
            "max_length": _("인용문은 60자 이하로 적어 주세요 (지금 %(show_value)d자).")
        },
    )


class ReplyForm(forms.ModelForm):
    """기업 답변: the company's public answer to one review."""

    class Meta:
        model = EmployerReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"text": {"required": _("답변을 적어 주세요.")}}
        help_texts = {
            "text": _(
                "10자 이상 2,000자 이하. 기업의 이름으로 게시됩니다. 리뷰를 쓴 사람을 "
                "짐작하거나 밝히는 내용은 검수에서 반려됩니다."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("답변 보내기")))
