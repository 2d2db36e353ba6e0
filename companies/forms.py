from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Company, OrganisationType
from .selectors import COMPANY_SORTS
from .verification import CODE_DIGITS, VerificationError, check_work_email


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label=_("검색어"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("이름, 약칭(예: NIPA)")}),
    )
    type = forms.ChoiceField(
        label=_("기업 형태"),
        required=False,
        choices=[("", _("전체"))] + list(OrganisationType.choices),
    )
    industry = forms.ChoiceField(label=_("산업"), required=False)
    sort = forms.ChoiceField(label=_("정렬"), required=False)

    def __init__(self, *args, industries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", _("전체"))] + [(i, i) for i in industries]
        self.fields["sort"].choices = [(key, label) for key, (_, label) in COMPANY_SORTS.items()]


class VerificationStartForm(forms.Form):
    """재직 인증, step one: the company and a work email on one of its domains."""

    company = forms.ModelChoiceField(
        label=_("회사"),
        queryset=Company.objects.none(),
        to_field_name="slug",
        empty_label=_("회사를 고르세요"),
        error_messages={
            "required": _("인증할 회사를 골라 주세요."),
            "invalid_choice": _("목록에 있는 회사를 골라 주세요."),
        },
    )
    email = forms.CharField(
        label=_("회사 메일 주소"),
        max_length=254,
        help_text=_("이 주소로 6자리 인증 코드를 보냅니다. 주소는 어디에도 저장하지 않습니다."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("회사 메일 주소를 입력해 주세요.")},
    )

    def __init__(self, *args, preselected: Company | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["company"]
        # Any published company validates (so that one without domains gets its own
        # message); the list offers those with domains, however many companies there are.
        field.queryset = Company.objects.published()
        offered = list(Company.objects.published().filter(email_domains__isnull=False).distinct())
        if preselected is not None and preselected not in offered:
            offered.insert(0, preselected)
        field.widget.choices = [("", field.empty_label)] + [(c.slug, c.name) for c in offered]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("인증 코드 받기")))

    def clean(self):
        cleaned = super().clean()
        company, email = cleaned.get("company"), cleaned.get("email")
        if company is not None and email:
            try:
                cleaned["email"] = check_work_email(company=company, email=email)
            except VerificationError as error:
                self.add_error(error.field, error.message)
        return cleaned


class VerificationConfirmForm(forms.Form):
    """재직 인증, step two: the code from the email."""

    code = forms.CharField(
        label=_("인증 코드 (6자리 숫자)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
        error_messages={"required": _("메일로 받은 6자리 인증 코드를 입력해 주세요.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("인증하기")))

    def clean_code(self) -> str:
        # People copy "123 456" or "123-456" as often as "123456".
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(rf"\d{{{CODE_DIGITS}}}", code):
            raise forms.ValidationError(
                _("인증 코드는 숫자 6자리입니다. 메일에 적힌 코드를 그대로 입력해 주세요.")
            )
        return code
