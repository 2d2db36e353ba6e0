from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from nipa_reviews.submissions.models import ReasonCategory

from .models import Report


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "detail"]
        widgets = {"reason": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "reason": {
                "required": _("신고 사유를 골라 주세요."),
                "invalid_choice": _("신고 사유를 목록에서 골라 주세요."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("신고하기"), css_class="btn-danger"))


class ReasonForm(forms.Form):
    """The intermediate admin page of an action that needs a reason: its category (counted
    in the transparency figures) and the words the author reads."""

    category = forms.ChoiceField(
        label=_("사유 분류"),
        choices=[("", _("골라 주세요")), *ReasonCategory.choices],
        error_messages={
            "required": _("사유 분류를 골라 주세요."),
            "invalid_choice": _("사유 분류를 목록에서 골라 주세요."),
        },
    )
    reason = forms.CharField(
        label=_("사유"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("사유를 적어 주세요. 작성자에게 전달됩니다.")},
    )


class TakedownForm(ReasonForm):
    """임시조치 starts on a rights-holder's claim: no category until a moderator decides."""

    category = None
    takedown_until = forms.DateField(
        label=_("결정 기한 (30일 안)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("임시조치 결정 기한을 정해 주세요 (30일 안).")},
    )


class RedactForm(forms.Form):
    """가림 처리 of one submission: which text, the passage as it stands, and why."""

    field = forms.ChoiceField(
        label=_("항목"), error_messages={"required": _("가릴 항목을 골라 주세요.")}
    )
    passage = forms.CharField(
        label=_("가릴 부분 (글에 있는 그대로)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("가릴 부분을 글에 있는 그대로 적어 주세요.")},
    )
    reason = forms.CharField(
        label=_("사유 (글에 그대로 보입니다)"),
        max_length=100,
        error_messages={
            "required": _("가리는 사유를 적어 주세요. 글에 그대로 보입니다."),
            "max_length": _("사유는 100자 이하로 적어 주세요 (지금 %(show_value)d자)."),
        },
    )

    def __init__(self, *args, fields: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = fields
