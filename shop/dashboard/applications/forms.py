"""Staff's rejection of a producer application: the reason is required, the producer reads it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the producer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Emailed to the applicant and shown on its application page."),
        error_messages={"required": _("Give the reason the producer will read.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason the producer will read."), code="required")
        return reason
