"""Checkout forms: a Vietnamese shipping address — province (one of the 34), commune/ward,
street — with a Vietnamese phone number ("09x…" or "+84…"), and the payment method."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.core.loading import get_model
from oscar.forms.mixins import PhoneNumberMixin

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


class ShippingAddressForm(VietnamesePhoneNumberMixin, oscar_forms.ShippingAddressForm):
    """Oscar's shipping address with Vietnam's address order: the province is stored in `state`,
    the commune/ward in `line4`, house number and street in `line1`."""

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
        self.order_fields(["first_name", "last_name", "phone_number", "state", "line4", "line1", "notes"])

    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = ["first_name", "last_name", "phone_number", "state", "line4", "line1", "notes"]


class PaymentMethodForm(forms.Form):
    """How the customer pays: cash on delivery always; card only when Stripe is configured."""

    method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you would like to pay."),
            "invalid_choice": _("This payment method is not available; choose another."),
        },
    )

    def __init__(self, *args, card_enabled: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(OrderPayment.Method.CASH_ON_DELIVERY.value, _("Cash on delivery"))]
        if card_enabled:
            choices.append(
                (OrderPayment.Method.CARD.value, _("Card (Visa, Mastercard, JCB…) through Stripe"))
            )
        self.fields["method"].choices = choices
