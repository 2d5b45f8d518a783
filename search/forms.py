"""The browse and search form: text, facet selections, sort and page, validated."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .backends.base import FACETS, SearchQuery

SORT_CHOICES = [
    ("relevance", _("Most relevant")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("stars", _("Most stars")),
    ("newest", _("Newest")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    stars = forms.MultipleChoiceField(label=_("OCOP stars"), required=False)
    province = forms.MultipleChoiceField(label=_("Province"), required=False)
    category = forms.MultipleChoiceField(label=_("Category"), required=False)
    producer_type = forms.MultipleChoiceField(label=_("Producer type"), required=False)
    status = forms.MultipleChoiceField(label=_("Certificate"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page_size = forms.TypedChoiceField(
        label=_("Per page"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(n, n) for n in (12, 24, 48)],
    )

    def __init__(self, *args, choices: dict[str, list[tuple[str, str, int]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in FACETS:
            self.fields[name].choices = [(value, label) for value, label, _depth in choices[name]]
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” is not a known value of this filter; it was ignored."
            )

    def to_query(self, *, page: int, default_page_size: int, scope: dict | None = None) -> SearchQuery:
        """The query for the valid part of the input: a bad filter is dropped, never fatal."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else self._valid_part()
        return SearchQuery(
            text=data.get("q") or "",
            filters={name: tuple(data.get(name) or ()) for name in FACETS if data.get(name)},
            scope=scope or {},
            sort=data.get("sort") or "relevance",
            page=page,
            page_size=data.get("page_size") or default_page_size,
        )

    def _valid_part(self) -> dict:
        valid = {}
        for name, field in self.fields.items():
            try:
                valid[name] = field.clean(field.widget.value_from_datadict(self.data, self.files, name))
            except forms.ValidationError:
                if isinstance(field, forms.MultipleChoiceField):
                    allowed = {str(value) for value, _label in field.choices}
                    valid[name] = [v for v in self.data.getlist(name) if v in allowed]
        return valid
