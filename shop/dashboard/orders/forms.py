"""Forms of the order screens: the order search (statuses labelled), the delivery address (as
at checkout), a parcel step, a report's period."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.core.loading import get_model

from shop.checkout.forms import VIETNAMESE_ADDRESS_FIELDS, VietnameseAddressMixin
from shop.fulfilment.models import Shipment
from shop.fulfilment.statuses import order_status_label

Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")

# dd/mm/yyyy as Vietnamese write it, and ISO (a browser's date picker), in either language.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class OrderSearchForm(oscar_forms.OrderSearchForm):
    """Oscar's order search, its status choices shown in the reader's language (values unchanged)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        statuses = [(status, order_status_label(status)) for status in Order.all_statuses()]
        self.fields["status"].choices = [("", "---------"), *statuses]


class ShippingAddressForm(VietnameseAddressMixin, oscar_forms.ShippingAddressForm):
    """An order's delivery address as staff and producers correct it: the checkout's fields."""

    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = VIETNAMESE_ADDRESS_FIELDS


class ShipmentForm(forms.Form):
    """A step of a parcel: being prepared, shipped (carrier and tracking number) or delivered.
    Whose parcel it is comes from the view, which checks it before reading this form."""

    status = forms.ChoiceField(label=_("New status"), choices=Shipment.Status.choices)
    carrier = forms.ChoiceField(
        label=_("Carrier"), choices=[("", "---------"), *Shipment.Carrier.choices], required=False
    )
    carrier_name = forms.CharField(label=_("Carrier name (other carrier)"), max_length=64, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") != Shipment.Status.SHIPPED:
            return data
        data["tracking_number"] = (data.get("tracking_number") or "").strip()
        data["carrier_name"] = (data.get("carrier_name") or "").strip()
        if not data.get("carrier"):
            self.add_error("carrier", _("Choose the carrier of the parcel."))
        elif data["carrier"] == Shipment.Carrier.OTHER and not data["carrier_name"]:
            self.add_error("carrier_name", _("Enter the name of the carrier."))
        if not data["tracking_number"]:
            self.add_error("tracking_number", _("Enter the tracking number of the parcel."))
        return data


class SalesReportForm(forms.Form):
    """The period of a sales report (and, for staff, the producer). Defaults: the last 30 days."""

    date_from = forms.DateField(label=_("From"), input_formats=DATE_INPUT_FORMATS, required=False)
    date_to = forms.DateField(label=_("To"), input_formats=DATE_INPUT_FORMATS, required=False)

    def __init__(self, *args, staff: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["partner"] = forms.ModelChoiceField(
                label=_("Producer"), queryset=Partner.objects.order_by("name"), required=False
            )

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or data["date_to"] - timedelta(days=29)
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        if data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]


STATEMENT_MAX_BYTES = 5 * 1024 * 1024  # a month of a busy shop's account is well under 1 MB


class BankStatementUploadForm(forms.Form):
    """A bank statement export to import: its dry run comes first."""

    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_("The bank's export of the account: CSV (UTF-8) or Excel (.xlsx), up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > STATEMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is 5 MB.") % {"size": file.size / 2**20}
            )
        return file


class BankStatementConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class BankTransferFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All transfers")), ("unmatched", _("Unmatched")), ("refund", _("To refund"))],
    )


class BankTransferMatchForm(forms.Form):
    transfer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    order_number = forms.RegexField(
        label=_("Order number"),
        regex=r"^\s*(?i:ocop)?\s*\d{1,21}\s*$",
        max_length=30,
        error_messages={"invalid": _("Enter an order number, e.g. 100123.")},
    )
