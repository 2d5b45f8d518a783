"""The stall profile a producer edits in its dashboard: story, images, contact, outside links."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.richtext import clean_rich_text

Partner = get_model("partner", "Partner")
PartnerLink = get_model("partner", "PartnerLink")


def vietnamese_phone_problem(value: str) -> str:
    """Why `value` is not a Vietnamese phone number ("09x…" or "+84…", as at checkout), or ""."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or phonenumbers.region_code_for_number(number) != "VN"
        or not phonenumbers.is_valid_number(number)
    ):
        return str(_("Enter a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678."))
    return ""


class StallProfileForm(forms.ModelForm):
    """Name, status and province are not here: staff change them in the admin."""

    class Meta:
        model = Partner
        fields = ["story", "logo", "banner", "phone", "address", "opening_hours"]
        widgets = {"story": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "story": _("Simple formatting only (paragraphs, bold, lists, links): anything else is removed."),
            "phone": _("For example 0912 345 678 or +84 912 345 678"),
        }

    def clean_story(self) -> str:
        return clean_rich_text(self.cleaned_data["story"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and (problem := vietnamese_phone_problem(phone)):
            raise forms.ValidationError(problem)
        return phone


PartnerLinkFormSet = inlineformset_factory(
    Partner, PartnerLink, fields=["platform", "url"], extra=2, can_delete=True, max_num=20, validate_max=True
)
