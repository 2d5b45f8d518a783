"""Checkout forms: a Vietnamese shipping address — one full name, province (one of the 34),
commune/ward, street — with a Vietnamese phone number ("09x…" or "+84…"), and the payment method."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.address import forms as oscar_address_forms
from oscar.apps.checkout import forms as oscar_forms
from oscar.core.loading import get_model
from oscar.forms.mixins import PhoneNumberMixin

Country = get_model("address", "Country")
OrderPayment = get_model("payment", "OrderPayment")
Province = get_model("catalogue", "Province")


class VietnamesePhoneNumberMixin(PhoneNumberMixin):
    """Oscar's phone check narrowed to Vietnam: "09x…" reads as a Vietnamese number, "+84…" is
    accepted, and a valid number of another country is refused. Shared by checkout and the
    producer sign-up (shop.partner.forms), so both follow the same rules."""

    def set_country_and_region_code(self) -> None:
        super().set_country_and_region_code()
        # A form without a country (the producer sign-up) reads local numbers as Vietnamese.
        if not self.region_code:
            self.region_code, self.country = "VN", _("Vietnam")

    def clean_phone_number_field(self, field_name: str):
        number = super().clean_phone_number_field(field_name)
        if isinstance(number, phonenumbers.PhoneNumber) and (
            phonenumbers.region_code_for_number(number) != "VN" or not phonenumbers.is_valid_number(number)
        ):
            self.add_error(
                field_name, _("Enter a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678.")
            )
        return number


class FullNameMixin:
    """One "full name" field in place of Oscar's first and last name, for any address ModelForm.

    Vietnamese names put the family name first and do not split cleanly in two, so the name is
    kept whole, as typed (only trimmed, runs of spaces made one): in `last_name`, with
    `first_name` blank. Oscar's `Address.name`, `salutation` and `summary` join the two with a
    space, so every page, email and dashboard screen shows "Nguyễn Thị Lan" exactly so."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"] = forms.CharField(
            label=_("Full name"),
            max_length=255,
            error_messages={"required": _("Enter the recipient's full name, e.g. Nguyễn Thị Lan.")},
        )
        # An address saved before (or Oscar's session copy of one) may still be split in two.
        names = (self.initial.get(f) or getattr(self.instance, f, "") for f in ("first_name", "last_name"))
        self.initial.setdefault("full_name", " ".join(name for name in names if name))
        self.order_fields(["full_name"])  # first, the others in their order

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("full_name"):
            self.instance.first_name, self.instance.last_name = "", cleaned_data["full_name"]
        return cleaned_data


# The fields a shopper fills, in Vietnam's address order; the country is always Vietnam.
VIETNAMESE_ADDRESS_FIELDS = ["phone_number", "state", "line4", "line1", "notes"]


class VietnameseAddressMixin(FullNameMixin, VietnamesePhoneNumberMixin):
    """A Vietnamese address: one full name, a phone number the courier can call, the province
    (one of the 34, in Vietnamese dictionary order) stored in `state`, the commune/ward in
    `line4`, house number and street in `line1`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        provinces = [
            (name, name) for name in Province.objects.order_by("sort_key").values_list("name", flat=True)
        ]
        self.fields["state"] = forms.ChoiceField(
            label=_("Province / city"),
            choices=[("", _("Choose a province or city"))] + provinces,
            error_messages={"required": _("Choose the province or city to deliver to.")},
        )
        self.fields["line4"].label = _("Commune / ward")
        self.fields["line1"].label = _("House number and street")
        self.fields["phone_number"].required = True
        self.fields["phone_number"].help_text = _("For example 0912 345 678 or +84 912 345 678")
        self.fields["phone_number"].error_messages["required"] = _("The courier needs a phone number.")
        self.order_fields(["full_name", *VIETNAMESE_ADDRESS_FIELDS])


class ShippingAddressForm(VietnameseAddressMixin, oscar_forms.ShippingAddressForm):
    """Oscar's checkout shipping address, Vietnamese (Oscar sets the one shipping country)."""

    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = VIETNAMESE_ADDRESS_FIELDS


class UserAddressForm(VietnameseAddressMixin, oscar_address_forms.UserAddressForm):
    """A customer's address book entry (the account's address pages and checkout's "edit this
    address"): the same Vietnamese address as at checkout."""

    class Meta(oscar_address_forms.UserAddressForm.Meta):
        fields = VIETNAMESE_ADDRESS_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.country_id:
            self.instance.country = Country.objects.get(iso_3166_1_a2="VN")


class PaymentMethodForm(forms.Form):
    """How the customer pays: cash on delivery always; card only when Stripe is configured, VietQR
    bank transfer only when the operator's account is."""

    method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you would like to pay."),
            "invalid_choice": _("This payment method is not available; choose another."),
        },
    )

    def __init__(self, *args, card_enabled: bool, transfer_enabled: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(OrderPayment.Method.CASH_ON_DELIVERY.value, _("Cash on delivery"))]
        if transfer_enabled:
            choices.append((OrderPayment.Method.BANK_TRANSFER.value, _("VietQR bank transfer")))
        if card_enabled:
            choices.append(
                (OrderPayment.Method.CARD.value, _("Card (Visa, Mastercard, JCB…) through Stripe"))
            )
        self.fields["method"].choices = choices
