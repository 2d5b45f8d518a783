"""The producer sign-up form ("Mở gian hàng"): an account (email as login) and the stall's details."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from catalog.selectors import province_resolve

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
VietnamesePhoneNumberMixin = get_class("checkout.forms", "VietnamesePhoneNumberMixin")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")

# The stall's own fields, derived from the model (labels, lengths, choices); all required here.
PRODUCER_FIELDS = ["name", "kind", "address", "tax_code", "contact_name"]


class ProducerSignUpForm(VietnamesePhoneNumberMixin, EmailUserCreationForm):
    """Oscar's email registration (duplicate email refused, Django's password validators) with the
    stall: business name, producer type, province (current or former name), address, phone (the
    checkout's Vietnamese rules), tax code and contact person.

    The optional OCOP certificate of one product belongs here too once product certificates can
    be entered by producers: add its fields after `contact_name` and pass them to the service."""

    phone_number_fields = {
        "phone_number": {"required": True, "max_length": 32, "label": _("Phone number")},
    }
    province = forms.CharField(
        label=_("Province / city"),
        max_length=64,
        help_text=_("One of the 34 provinces and cities; a former province name is accepted."),
        widget=forms.TextInput(attrs={"list": "province-names", "autocomplete": "off"}),
        error_messages={"required": _("Choose the province or city where the business is.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Partner, fields=PRODUCER_FIELDS))
        for name in PRODUCER_FIELDS:
            self.fields[name].required = True
        self.fields["name"].label = _("Business name")
        self.fields["kind"].choices = [("", _("Choose a producer type"))] + list(Partner.Kind.choices)
        self.fields["phone_number"].help_text = _("For example 0912 345 678 or +84 912 345 678")
        self.fields["email"].help_text = _("You sign in with this email address.")
        self.fields.pop("redirect_url")
        self.order_fields(
            ["name", "kind", "province", "address", "phone_number", "email", "tax_code", "contact_name"]
        )

    def clean_province(self) -> Province:
        province = province_resolve(name=self.cleaned_data["province"])
        if province is None:
            raise forms.ValidationError(
                _("Unknown province or city: choose one of the 34 from the list."), code="unknown"
            )
        return province

    def producer_fields(self) -> dict:
        """The stall's cleaned details, as `producer_sign_up` takes them."""
        data = self.cleaned_data
        phone = phonenumbers.format_number(data["phone_number"], phonenumbers.PhoneNumberFormat.NATIONAL)
        return {name: data[name] for name in PRODUCER_FIELDS} | {
            "province": data["province"],
            "phone": phone,
        }
