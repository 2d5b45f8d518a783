"""The producer sign-up form ("Mở gian hàng"): an account (email as login) and the stall's details;
the stall profile a producer edits in its dashboard: story, images, contact, outside links."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from catalog.richtext import clean_rich_text
from catalog.selectors import province_resolve

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
VietnamesePhoneNumberMixin = get_class("checkout.forms", "VietnamesePhoneNumberMixin")
Partner = get_model("partner", "Partner")
PartnerLink = get_model("partner", "PartnerLink")
Province = get_model("catalogue", "Province")
Category = get_model("catalogue", "Category")
CertificateClaim = get_model("catalogue", "CertificateClaim")

# The stall's own fields, derived from the model (labels, lengths, choices); all required here.
PRODUCER_FIELDS = ["name", "kind", "address", "tax_code", "contact_name"]


class ProducerSignUpForm(VietnamesePhoneNumberMixin, EmailUserCreationForm):
    """Oscar's email registration (duplicate email refused, Django's password validators) with the
    stall: business name, producer type, province (current or former name), address, phone (the
    checkout's Vietnamese rules), tax code and contact person. The optional first product and its
    OCOP certificate are `FirstProductForm`, sent with it."""

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


class FirstProductForm(forms.ModelForm):
    """Optional at sign-up: one product and its OCOP certificate as the recognition decision gives it.

    Left empty, nothing is created. Filled in, the product waits for review and its certificate for
    staff to check against the decision, like any the producer adds later (catalog.services)."""

    title = forms.CharField(label=_("Product name"), max_length=255, required=False)
    category = forms.ModelChoiceField(
        label=_("Product set"),
        queryset=Category.objects.filter(depth__gte=2).order_by("path"),
        required=False,
        empty_label=_("Choose the product set"),
    )
    REQUIRED_WHEN_GIVEN = ("title", "category", "stars", "certified_on")

    class Meta:
        model = CertificateClaim
        fields = list(CertificateClaim.CERTIFICATE_FIELDS)
        widgets = {
            "certified_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="product", **kwargs)
        for field in self.fields.values():
            field.required = False
        self.order_fields(["title", "category", *CertificateClaim.CERTIFICATE_FIELDS])

    @property
    def given(self) -> bool:
        return any(value not in (None, "") for value in self.cleaned_data.values())

    def clean(self) -> dict:
        data = super().clean()
        if self.given:
            for name in self.REQUIRED_WHEN_GIVEN:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("Needed when you add a product; or leave the whole part empty."))
        return data

    def _post_clean(self) -> None:
        # The model's own checks (score within the stars' band, expiry after the decision) only
        # apply to a product that is given.
        if self.given:
            super()._post_clean()

    def certificate(self) -> dict:
        return {name: self.cleaned_data[name] for name in CertificateClaim.CERTIFICATE_FIELDS}


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


class ProducerFilterForm(forms.Form):
    """The producers directory's filters (GET): a name, a province, a producer type; a bad value
    is reported on its field and that filter left out."""

    q = forms.CharField(label=_("Producer name"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("sort_key"),
        to_field_name="slug",
        required=False,
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("Unknown province: choose one from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Producer type"),
        choices=[("", _("All types")), *Partner.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("Unknown producer type: choose one from the list.")},
    )

    def filters(self) -> dict:
        """The valid filters, for shop.partner.selectors.producer_directory."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "province": data.get("province"),
            "kind": data.get("kind") or "",
        }
