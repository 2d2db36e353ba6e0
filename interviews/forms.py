from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from companies.models import JobCategory

from .models import (
    ATMOSPHERE_LABELS,
    DIFFICULTY_LABELS,
    MAX_QUESTIONS,
    QUESTION_MAX_LENGTH,
    InterviewExperience,
)
from .services import EDITABLE_FIELDS

FIRST_QUESTION_ROWS = 3


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [
        (year, _("%(year)s년") % {"year": year}) for year in range(this_year, this_year - 11, -1)
    ]


class InterviewForm(forms.ModelForm):
    year = forms.TypedChoiceField(
        label=_("면접 연도"),
        coerce=int,
        error_messages={
            "required": _("면접 연도를 골라 주세요."),
            "invalid_choice": _("최근 10년 안의 연도를 골라 주세요."),
        },
    )

    class Meta:
        model = InterviewExperience
        fields = EDITABLE_FIELDS  # in the order the form shows them
        widgets = {
            "half": forms.RadioSelect,
            "level": forms.RadioSelect,
            "result": forms.RadioSelect,
            "difficulty": forms.RadioSelect,
            "atmosphere": forms.RadioSelect,
            "account": forms.Textarea(attrs={"rows": 5}),
            "tip": forms.Textarea(attrs={"rows": 3}),
        }
        # Every message a person can meet, in words that say how to fix it (not Django's).
        error_messages = {
            "half": {
                "required": _("상반기인지 하반기인지 골라 주세요."),
                "invalid_choice": _("상반기와 하반기 중에서 골라 주세요."),
            },
            "level": {
                "required": _("신입, 경력, 인턴 중에서 골라 주세요."),
                "invalid_choice": _("신입, 경력, 인턴 중에서 골라 주세요."),
            },
            "job_category": {
                "required": _("직무를 골라 주세요."),
                "invalid_choice": _("직무를 목록에서 골라 주세요."),
            },
            "result": {
                "required": _("면접 결과를 골라 주세요."),
                "invalid_choice": _("합격, 불합격, 진행중 중에서 골라 주세요."),
            },
            "format": {
                "max_length": _(
                    "면접 형태는 %(limit_value)d자 이하로 줄여 주세요 (지금 %(show_value)d자)."
                )
            },
            "difficulty": {
                "required": _("면접난이도를 골라 주세요."),
                "invalid_choice": _("면접난이도는 1~5단계 중 하나여야 합니다."),
            },
            "atmosphere": {
                "required": _("면접분위기를 골라 주세요."),
                "invalid_choice": _("면접분위기는 편안함, 보통, 긴장됨 중 하나여야 합니다."),
            },
            "account": {"required": _("면접평가를 적어 주세요.")},
        }
        help_texts = {
            "account": _(
                "면접이 어떻게 진행되었는지, 분위기는 어땠는지 적어 주세요. 면접관의 이름처럼 사람을 알아볼 수 있는 내용은 적지 마세요."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("연도를 고르세요")), *year_choices()]
        self.fields["job_category"].queryset = JobCategory.objects.all()
        self.fields["job_category"].empty_label = _("직무를 고르세요")
        self.fields["difficulty"].choices = sorted(DIFFICULTY_LABELS.items())
        self.fields["atmosphere"].choices = sorted(ATMOSPHERE_LABELS.items())
        for name in ("half", "level", "result"):
            self.fields[name].choices = InterviewExperience._meta.get_field(name).choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.Meta.fields)


class InterviewFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("구분"),
        required=False,
        choices=[("", _("전체")), *InterviewExperience.Level.choices],
    )
    job = forms.ModelChoiceField(
        label=_("직무"), required=False, queryset=JobCategory.objects.all(), empty_label=_("전체")
    )
    year = forms.TypedChoiceField(label=_("연도"), required=False, coerce=int, empty_value=None)
    result = forms.ChoiceField(
        label=_("결과"),
        required=False,
        choices=[("", _("전체")), *InterviewExperience.Result.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("전체")), *year_choices()]


class QuestionSearchForm(forms.Form):
    """The question bank's search box. A CharField refuses NUL bytes, which PostgreSQL cannot
    compare with."""

    q = forms.CharField(label=_("질문 검색"), required=False, max_length=50)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("면접질문"),
        required=False,
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "max_length": _("질문은 %(limit_value)d자 이하로 적어 주세요 (지금 %(show_value)d자).")
        },
        widget=forms.TextInput(
            attrs={"placeholder": _("예: 우리 회사에 들어와서 하고 싶은 사업은?")}
        ),
    )


class BaseQuestionFormSet(forms.BaseFormSet):
    default_error_messages = {
        # The formset formats it with its own max_num (a margin above MAX_QUESTIONS), so
        # the limit people are told is filled in first.
        "too_many_forms": lazy(
            lambda: (
                _(
                    "면접 질문은 %(limit)d개까지 적을 수 있습니다. 남는 칸을 지우고 다시 제출해 주세요."
                )
                % {"limit": MAX_QUESTIONS}
            ),
            str,
        )(),
    }

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        questions = self.questions()
        if not questions:
            raise forms.ValidationError(_("면접 질문을 하나 이상 적어 주세요."))
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(
                _("면접 질문은 %(limit)d개까지 적을 수 있습니다 (지금 %(count)d개).")
                % {"limit": MAX_QUESTIONS, "count": len(questions)}
            )

    def questions(self) -> list[str]:
        return [
            form.cleaned_data["text"].strip()
            for form in self.forms
            if form.cleaned_data.get("text", "").strip()
        ]


# Rows beyond MAX_QUESTIONS are still read, so that 21 questions get a clear message.
QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=0,
    max_num=MAX_QUESTIONS + 10,
    absolute_max=MAX_QUESTIONS + 10,
)


# A question row's field; four digits at most, so no index is a huge number.
QUESTION_ROW = re.compile(r"questions-(\d{1,4})-text")


def posted_rows(data) -> int:
    """How many question rows a POST holds, counted from the rows themselves.

    The management form's TOTAL_FORMS is only the browser repeating how many rows it drew;
    a tampered one ('abc', -1, 99999) must neither crash the view nor drop the questions."""
    indices = [int(match[1]) for key in data if (match := QUESTION_ROW.fullmatch(key))]
    return max(indices, default=-1) + 1


def question_formset(data=None, *, texts: list[str] | None = None, rows: int = FIRST_QUESTION_ROWS):
    """Bound to POST data, or unbound with `texts` filled in and `rows` rows in all."""
    if data is not None:
        data = data.copy()
        management = {
            "TOTAL_FORMS": posted_rows(data),
            "INITIAL_FORMS": 0,
            "MIN_NUM_FORMS": QuestionFormSet.min_num,
            "MAX_NUM_FORMS": QuestionFormSet.max_num,
        }
        for name, value in management.items():
            data[f"questions-{name}"] = str(value)
        return QuestionFormSet(data, prefix="questions")
    texts = list(texts or [])
    initial = [{"text": text} for text in texts] + [{"text": ""}] * max(rows - len(texts), 0)
    return QuestionFormSet(initial=initial[:MAX_QUESTIONS], prefix="questions")
