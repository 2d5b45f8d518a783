"""Listing filters of the fairs and stories indexes: a bad value is dropped with a message, never a 500."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Province = get_model("catalogue", "Province")

MONTH_FORMAT = "%Y-%m"


class FairFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=[MONTH_FORMAT],
        widget=forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT),
        error_messages={"invalid": _("Choose a month as year and month, e.g. 2025-12.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [
            ("", _("All provinces")),
            *Province.objects.order_by("sort_key").values_list("code", "name"),
        ]

    def clean_month(self) -> datetime.date | None:
        month = self.cleaned_data["month"]
        if month and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return month

    def valid_filters(self) -> dict[str, Any]:
        """The filters that validated; the invalid ones are ignored (their errors stay on the form)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def query_string(self, filters: dict[str, Any]) -> str:
        """The filters as GET parameters, for the page links."""
        params = {"province": filters.get("province", "")}
        if filters.get("month"):
            params["month"] = filters["month"].strftime(MONTH_FORMAT)
        return urlencode({name: value for name, value in params.items() if value})


class StoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import StoryPage

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Stories and news")), *StoryPage.Kind.choices]
