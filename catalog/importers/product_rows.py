"""The columns of an OCOP product list and the form that checks each row.

The columns are those of `catalog/data/ocop-products.csv`, plus the certificate a provincial
decision publishes (number, decision number and date, score, expiry). The form's field names are
the column names, so every message names the column; its messages are translated (Vietnamese).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from ..utils import fold
from .base import ProvinceResolver
from .tables import Columns

if TYPE_CHECKING:
    from ..models import Category as CategoryModel
    from ..models import Province, ProvinceFormerName

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

# The columns of catalog/data/ocop-products.csv, in its order.
COLUMNS = (
    "name_vi",
    "producer",
    "producer_type",
    "province_old",
    "province_new",
    "stars",
    "group",
    "subgroup",
    "year",
    "source",
)
CERTIFICATE_COLUMNS = ("certificate_number", "decision_number", "decision_date", "score", "expires_on")
PRODUCT_LIST = Columns(
    required=("name_vi", "producer", "stars", "subgroup"),
    optional=(*COLUMNS, *CERTIFICATE_COLUMNS),
    one_of=(("province_new", "province_old"),),
)
# What each column holds, for the people who fill the list in (the admin's import page shows it).
COLUMN_HELP = {
    "name_vi": gettext_lazy("Product name in Vietnamese (required)"),
    "producer": gettext_lazy(
        "Producer (chủ thể OCOP): matched by name and province, or created; may be empty"
    ),
    "producer_type": gettext_lazy("cooperative, enterprise, household or cooperative_group; may be empty"),
    "province_new": gettext_lazy("Province, one of the 34 current names"),
    "province_old": gettext_lazy(
        "Province before 1 July 2025 (one of the 63); give this, province_new or both"
    ),
    "stars": gettext_lazy("3, 4 or 5; empty when no rating is published"),
    "group": gettext_lazy("Sector (e.g. Thực phẩm); checked against the product set; may be empty"),
    "subgroup": gettext_lazy("Product set, starting with its code (e.g. I.2.b)"),
    "year": gettext_lazy("Year of recognition; may be empty"),
    "source": gettext_lazy("Where the list was published (a link); may be empty"),
    "certificate_number": gettext_lazy("Certificate number; optional"),
    "decision_number": gettext_lazy("Recognition decision (e.g. 1234/QĐ-UBND); optional"),
    "decision_date": gettext_lazy("Date of the decision, 31/12/2025 or 2025-12-31; optional"),
    "score": gettext_lazy(
        "Score out of 100, within the stars' band (3★ 50–69, 4★ 70–89, 5★ 90–100); optional"
    ),
    "expires_on": gettext_lazy("Expiry date; optional: 36 months after the decision when left empty"),
}
FIRST_YEAR = 2013  # Quảng Ninh started the OCOP programme in 2013, before the national one (2018)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]  # as Vietnamese decisions write dates, and ISO
BAD_DATE = gettext_lazy("must be a date such as 31/12/2025 or 2025-12-31")
BAD_SCORE = gettext_lazy("must be a whole number of points from 0 to 100")
PRODUCER_KINDS = frozenset(Partner.Kind.values)  # an enum's `.values` builds a new list on each use


class SharedFields(dict):
    """A row form's fields, shared by every row's form instead of deep-copied for each (Django
    copies `base_fields` per form: 31 copies a row, a tenth of a list's check): nothing changes
    a field per form (no rendering, no per-row choices), and a list has thousands of rows."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedFields:
        return self


@dataclass(frozen=True)
class ProductRow:
    """A checked row. Certificate facts are None (or "") when the list does not give them."""

    row: int
    title: str
    producer: str
    producer_kind: str
    province: Province
    stars: int | None
    category: CategoryModel  # an OCOP product set
    year: int | None
    source: str
    certificate_number: str = ""
    decision_number: str = ""
    certified_on: datetime.date | None = None
    score: int | None = None
    expires_on: datetime.date | None = None
    province_old: ProvinceFormerName | None = None  # the former province the data names, if any

    @property
    def key(self) -> tuple[str, str]:
        """Natural key: title + producer, or title + province for a product without a producer."""
        return (self.title, self.producer or f"province:{self.province.code}")


class ProductRowForm(forms.Form):
    """One row of a product list; `provinces` and `categories` are read once per file."""

    name_vi = forms.CharField(
        max_length=255, error_messages={"required": gettext_lazy("a product name is required")}
    )
    producer = forms.CharField(max_length=128, required=False)
    producer_type = forms.CharField(required=False)
    province_old = forms.CharField(max_length=64, required=False)
    province_new = forms.CharField(max_length=64, required=False)
    stars = forms.CharField(required=False)
    group = forms.CharField(max_length=255, required=False)
    subgroup = forms.CharField(required=False)
    year = forms.CharField(required=False)
    source = forms.CharField(max_length=500, required=False)
    certificate_number = forms.CharField(max_length=64, required=False)
    decision_number = forms.CharField(max_length=128, required=False)
    decision_date = forms.DateField(
        required=False, input_formats=DATE_FORMATS, error_messages={"invalid": BAD_DATE}
    )
    score = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"invalid": BAD_SCORE, "min_value": BAD_SCORE, "max_value": BAD_SCORE},
    )
    expires_on = forms.DateField(
        required=False, input_formats=DATE_FORMATS, error_messages={"invalid": BAD_DATE}
    )

    def __init__(
        self,
        data: dict[str, str],
        *,
        provinces: ProvinceResolver,
        categories: dict[str, CategoryModel],
        today: datetime.date | None = None,
    ) -> None:
        super().__init__(data, auto_id=False, label_suffix="")  # never rendered: no ids, no ":" lookup
        self.provinces = provinces
        self.categories = categories
        self.today = today or timezone.localdate()  # one date for the whole file, read once

    def _clean_fields(self) -> None:
        """Django's loop without its bound fields: a row is never rendered, and its values are the
        file's strings keyed by column (what a text input's `value_from_datadict` would return).
        Building 15 BoundFields per row was a third of the time a 5,000-row list took to check."""
        for name, field in self.fields.items():
            try:
                self.cleaned_data[name] = field.clean(self.data.get(name))
                check = getattr(self, f"clean_{name}", None)
                if check is not None:
                    self.cleaned_data[name] = check()
            except forms.ValidationError as error:
                self.add_error(name, error)

    def clean_producer_type(self) -> str:
        kind = self.cleaned_data["producer_type"]
        if kind and kind not in PRODUCER_KINDS:
            raise forms.ValidationError(
                _("must be one of %(kinds)s") % {"kinds": ", ".join(Partner.Kind.values)}
            )
        return kind

    def clean_stars(self) -> int | None:
        # Decision 148/QĐ-TTg: only 3★ to 5★ products are certified; empty = not published.
        value = self.cleaned_data["stars"]
        if not value:
            return None
        if value not in {"3", "4", "5"}:
            raise forms.ValidationError(
                _("must be 3, 4 or 5, or empty when no rating is published (got “%(value)s”)")
                % {"value": value}
            )
        return int(value)

    def clean_subgroup(self) -> CategoryModel:
        value = self.cleaned_data["subgroup"]
        code = value.split(maxsplit=1)[0] if value else ""
        category = self.categories.get(code)
        if category is None or category.depth < 2:  # a product set ("I.2.b"), not a whole sector ("I")
            raise forms.ValidationError(
                _("must start with an OCOP product set code such as “I.2.b” (got “%(value)s”)")
                % {"value": value}
            )
        return category

    def clean_year(self) -> int | None:
        value = self.cleaned_data["year"]
        if not value:
            return None
        last = self.today.year + 1
        if not (value.isdigit() and len(value) == 4 and FIRST_YEAR <= int(value) <= last):
            raise forms.ValidationError(
                _("must be a year between %(first)d and %(last)d") % {"first": FIRST_YEAR, "last": last}
            )
        return int(value)

    def clean_decision_date(self) -> datetime.date | None:
        value = self.cleaned_data["decision_date"]
        if value and value > self.today:
            raise forms.ValidationError(_("a recognition decision cannot be dated in the future"))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("producer_type") and not data.get("producer"):
            self.add_error("producer_type", _("given without a producer"))
        data["province"] = self.provinces.resolve(
            new=data.get("province_new", ""), old=data.get("province_old", ""), report=self.add_error
        )
        self._sector_check(data)
        score_problem = Product.score_problem(stars=data.get("stars"), score=data.get("score"))
        if score_problem:
            self.add_error("score", score_problem)
        expiry_problem = Product.expiry_problem(
            certified_on=data.get("decision_date"), expires_on=data.get("expires_on")
        )
        if expiry_problem:
            self.add_error("expires_on", expiry_problem)
        return data

    def _sector_check(self, data: dict[str, Any]) -> None:
        group, category = data.get("group"), data.get("subgroup")
        if not group or category is None:
            return
        code = category.code
        sector = self.categories.get(code.split(".")[0])
        if sector is not None and fold(group) != fold(sector.name):
            self.add_error(
                "group",
                _("“%(group)s” is not the sector of %(code)s (%(sector)s)")
                % {"group": group, "code": code, "sector": sector.name},
            )

    def product_row(self, number: int) -> ProductRow:
        data = self.cleaned_data
        return ProductRow(
            row=number,
            title=data["name_vi"],
            producer=data["producer"],
            producer_kind=data["producer_type"],
            province=data["province"],
            stars=data["stars"],
            category=data["subgroup"],
            year=data["year"],
            source=data["source"],
            certificate_number=data["certificate_number"],
            decision_number=data["decision_number"],
            certified_on=data["decision_date"],
            score=data["score"],
            expires_on=data["expires_on"],
            province_old=self.provinces.former_name(data.get("province_old", "")),
        )


ProductRowForm.base_fields = SharedFields(ProductRowForm.base_fields)
