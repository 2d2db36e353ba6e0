from django import forms

from .models import OrganisationType
from .selectors import COMPANY_SORTS


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label="검색어",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "이름, 약칭(예: NIPA)"}),
    )
    type = forms.ChoiceField(
        label="기업 형태",
        required=False,
        choices=[("", "전체")] + list(OrganisationType.choices),
    )
    industry = forms.ChoiceField(label="산업", required=False)
    sort = forms.ChoiceField(label="정렬", required=False)

    def __init__(self, *args, industries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "전체")] + [(i, i) for i in industries]
        self.fields["sort"].choices = [(key, label) for key, (_, label) in COMPANY_SORTS.items()]
