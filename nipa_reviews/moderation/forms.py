from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import Report


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "detail"]
        widgets = {"reason": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "reason": {
                "required": "신고 사유를 골라 주세요.",
                "invalid_choice": "신고 사유를 목록에서 골라 주세요.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "신고하기", css_class="btn-danger"))


class ReasonForm(forms.Form):
    """The intermediate admin page of an action that needs a reason."""

    reason = forms.CharField(
        label="사유",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "사유를 적어 주세요. 작성자에게 전달됩니다."},
    )


class TakedownForm(ReasonForm):
    takedown_until = forms.DateField(
        label="결정 기한 (30일 안)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "임시조치 결정 기한을 정해 주세요 (30일 안)."},
    )
