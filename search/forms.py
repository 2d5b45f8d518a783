"""The browse and search form: text, facet selections, price range, place, sort and page, validated.

The HTML listing pages and the JSON API (ApiSearchForm) parse their parameters with it, and both
ask it first whether to refuse the request outright (`refusal`: too many parameters or values, a
page that is not a page number or out of reach) before any search runs. Otherwise a page shows the
remaining errors as messages and searches with the valid part; the API answers 400."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .backends.base import MAX_RESULT_WINDOW, GeoPoint, SearchQuery
from .facets import FACETS, LISTED
from .query_text import star_rating

SORT_CHOICES = [
    ("relevance", _("Most relevant")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("stars", _("Most stars")),
    ("newest", _("Newest")),
    ("distance", _("Nearest first")),
]
MAX_PRICE = 10**9
DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 500
RADIUS_CHOICES = (5, 10, 25, 50, 100, 200)
RADIUS_OUT_OF_RANGE = _("The distance must be more than 0 and at most 500 km.")
# No form of ours sends more: a request beyond these is refused before any query (a facet value
# repeated hundreds of times cost minutes of CPU and a locked SQLite database).
MAX_PARAMETERS = 60
MAX_VALUES_PER_PARAMETER = 20
SUGGEST_MAX_LENGTH = 200
NOT_A_PAGE = _("A page number is a whole number from 1.")


@dataclass(frozen=True)
class Refusal:
    """Why a request is answered 400 as a whole, and the parameter at fault, if one is."""

    reason: str
    parameter: str | None = None


def size_refusal(params: QueryDict) -> Refusal | None:
    """More parameters, or more values of one parameter, than any of our pages sends."""
    for name, values in params.lists():
        if len(values) > MAX_VALUES_PER_PARAMETER:
            message = _("“%(name)s” can be given at most %(max)s times.")
            return Refusal(str(message % {"name": name[:40], "max": MAX_VALUES_PER_PARAMETER}), name[:40])
    if sum(len(values) for _name, values in params.lists()) > MAX_PARAMETERS:
        return Refusal(str(_("A request can carry at most %(max)s parameters.") % {"max": MAX_PARAMETERS}))
    return None


class FacetField(forms.MultipleChoiceField):
    """A facet's selected values, each once, in the order given: a repeated value adds no work.

    Checked against the set of the facet's values. The field is built for every request and never
    rendered (the sidebar shows the results' facets), so its choices are not listed until read."""

    def __init__(self, *, values: Iterable[str], **kwargs: Any) -> None:
        self.values = frozenset(values)
        super().__init__(choices=self._value_choices, **kwargs)

    def _value_choices(self) -> list[tuple[str, str]]:
        return [(value, value) for value in sorted(self.values)]

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.values

    def clean(self, value: Any) -> list[str]:
        return list(dict.fromkeys(super().clean(value)))


@lru_cache(maxsize=64)
def facet_field(form: type[SearchForm], name: str, values: frozenset[str]) -> FacetField:
    """The FacetField of a form class for these values, built once and shared by its forms (it
    keeps no state of a request); the values change only with the facet's vocabulary."""
    field = FacetField(label=FACETS[name].label, required=False, values=values)
    field.error_messages["invalid_choice"] = form.unknown_value_message
    return field


class GeoPointField(forms.Field):
    """A place as "lat,lon" in decimal degrees ("21.03,105.85"), cleaned to a GeoPoint."""

    default_error_messages = {
        "invalid": _("Give a place as latitude,longitude in degrees, e.g. 21.03,105.85."),
        "range": _("The latitude must be between -90 and 90 and the longitude between -180 and 180."),
    }
    max_length = 64

    def to_python(self, value: Any) -> GeoPoint | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            if len(text) > self.max_length:
                raise ValueError(text)
            lat, lon = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return GeoPoint(lat, lon)


def _price_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        error_messages={
            "invalid": _("Give a price as a whole number of đồng."),
            "min_value": _("A price cannot be negative."),
            "max_value": _("A price must be at most 1,000,000,000 đồng."),
        },
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # A FacetField per listed facet of search.facets.FACETS follows q (added in __init__).
    price_min = _price_field(_("Lowest price"))
    price_max = _price_field(_("Highest price"))
    near = GeoPointField(label=_("Near"), required=False)
    radius_km = forms.FloatField(
        label=_("Distance"),
        required=False,
        max_value=MAX_RADIUS_KM,
        error_messages={
            "invalid": _("Give a distance in kilometres."),
            "max_value": RADIUS_OUT_OF_RANGE,
        },
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        error_messages={"invalid": NOT_A_PAGE, "min_value": NOT_A_PAGE},
    )
    page_size = forms.TypedChoiceField(
        label=_("Per page"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(n, n) for n in (12, 24, 48)],
    )
    unknown_value_message = _("“%(value)s” is not a known value of this filter; it was ignored.")

    def __init__(self, *args, choices: dict[str, list[tuple[str, str, int]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in LISTED:
            values = frozenset(value for value, _label, _depth in choices[name])
            self.fields[name] = facet_field(type(self), name, values)
        self.order_fields(["q", *LISTED])
        if not (self.is_bound and self.data.get("near")):
            # "Nearest first" needs a place: the sort menu offers it only then (it stays valid
            # input, so clean() can say why it was not applied).
            self.fields["sort"].widget.choices = [c for c in SORT_CHOICES if c[0] != "distance"]

    def clean_radius_km(self) -> float | None:
        radius = self.cleaned_data.get("radius_km")
        if radius is not None and radius <= 0:
            raise forms.ValidationError(RADIUS_OUT_OF_RANGE, code="min_value")
        return radius

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_min", _("The lowest price must not be above the highest price."))
            data.pop("price_max", None)
        if data.get("sort") == "distance" and not data.get("near"):
            self.add_error("sort", _("Sorting by distance needs a place: use “Near me” first."))
        # With the default page size when the size given is not valid: the page is checked either way.
        page, page_size = data.get("page"), data.get("page_size") or settings.OSCAR_PRODUCTS_PER_PAGE
        if page is not None and page * page_size > MAX_RESULT_WINDOW:
            message = _("Page %(page)s is out of reach: only the first %(max)s results can be paged through.")
            self.add_error("page", message % {"page": page, "max": MAX_RESULT_WINDOW})
        return data

    def refusal(self) -> Refusal | None:
        """Why the whole request is refused (a 400, before any search): too many parameters or
        values, or a page that is not a page number or lies beyond the results that can be paged."""
        if not self.is_bound:
            return None
        if problem := size_refusal(self.data):
            return problem
        if "page" in self.errors:
            return Refusal(str(self.errors["page"][0]), "page")
        return None

    def to_query(self, *, default_page_size: int, scope: dict | None = None) -> SearchQuery:
        """The query for the valid part of the input: a bad filter is dropped, never fatal."""
        data = self.valid_data()
        near = data.get("near")
        radius = data.get("radius_km")
        # "nuoc mam 5 sao": the text "nuoc mam" and the star filter 5.
        text, stars = star_rating(data.get("q") or "")
        filters = {name: tuple(data.get(name) or ()) for name in LISTED if data.get(name)}
        if stars:
            filters["stars"] = tuple(dict.fromkeys((*filters.get("stars", ()), *stars)))
        return SearchQuery(
            text=text,
            filters=filters,
            scope=scope or {},
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or default_page_size,
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            near=near,
            radius_km=(radius or DEFAULT_RADIUS_KM) if near else None,
        )

    def stars_moved(self) -> QueryDict | None:
        """The parameters with a star rating written in the text ("chè 4 sao") moved to the star
        filter (q=chè&stars=4), so the page shows it as a filter that can be removed; None when
        the text names no rating."""
        if not self.is_bound:
            return None
        text, stars = star_rating(self.data.get("q") or "")
        if not stars:
            return None
        params = self.data.copy()
        params["q"] = text
        params.setlist("stars", list(dict.fromkeys((*self.data.getlist("stars"), *stars))))
        params.pop("page", None)
        return params

    def radius_options(self) -> list[tuple[float, bool]]:
        """(km, selected) for the radius menu of the "near me" filter."""
        chosen = self.valid_data().get("radius_km") or DEFAULT_RADIUS_KM
        return [(km, km == chosen) for km in sorted({*RADIUS_CHOICES, chosen})]

    def valid_data(self) -> dict[str, Any]:
        """cleaned_data of the fields without errors; of a facet with an unknown value, its known values."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = dict(self.cleaned_data)
        for name in self.errors:
            field = self.fields.get(name)
            if isinstance(field, FacetField):
                data[name] = [v for v in dict.fromkeys(self.data.getlist(name)) if v in field.values]
        return data


class ApiSearchForm(SearchForm):
    """The JSON API's parameters: the same fields, and any page size up to 100."""

    page_size = forms.IntegerField(
        label=_("Per page"),
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            "invalid": _("Give the page size as a whole number from 1 to 100."),
            "min_value": _("Give the page size as a whole number from 1 to 100."),
            "max_value": _("Give the page size as a whole number from 1 to 100."),
        },
    )
    unknown_value_message = _("“%(value)s” is not a known value of this filter.")

    def first_error(self) -> Refusal | None:
        """The refusal, else the first invalid parameter: the API answers 400 for any."""
        if problem := self.refusal():
            return problem
        if self.is_valid():
            return None
        name, errors = next(iter(self.errors.items()))
        return Refusal(str(errors[0]), name)


class SuggestForm(forms.Form):
    """The autocomplete's text: what is typed, cut at SUGGEST_MAX_LENGTH characters."""

    q = forms.CharField(required=False, strip=False)

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:SUGGEST_MAX_LENGTH]

    def first_error(self) -> Refusal | None:
        if problem := size_refusal(self.data):
            return problem
        if self.is_valid():
            return None
        name, errors = next(iter(self.errors.items()))
        return Refusal(str(errors[0]), name)
