"""Dashboard catalogue forms: the producer's product form and checked image uploads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.core.loading import get_model

from catalog.richtext import clean_rich_text
from catalog.uploads import validate_image_upload

Product = get_model("catalogue", "Product")
CertificateClaim = get_model("catalogue", "CertificateClaim")


class CheckedImageField(forms.ImageField):
    """Django's image field, but the file's type, bytes and pixels are checked from its header
    first (catalog.uploads), before Pillow opens and verifies the whole image."""

    def to_python(self, data: Any) -> Any:
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ProductImageForm(oscar_forms.ProductImageForm):
    """Oscar's image row (caption is the image's alt text, display_order its place)."""

    class Meta(oscar_forms.ProductImageForm.Meta):
        field_classes = {"original": CheckedImageField}
        labels = {"caption": _("Alt text")}
        help_texts = {"caption": _("What the photo shows, for people who cannot see it")}


class ProductForm(oscar_forms.ProductForm):
    """Staff's form: Oscar's fields plus the producer, origin, packaging and a certificate that
    staff enter from the decision itself (so it is verified)."""

    class Meta(oscar_forms.ProductForm.Meta):
        fields = [
            *oscar_forms.ProductForm.Meta.fields,
            "producer",
            "province",
            "weight_grams",
            "packaging",
            *CertificateClaim.CERTIFICATE_FIELDS,
        ]
        widgets = {
            **oscar_forms.ProductForm.Meta.widgets,
            "certified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_description(self) -> str:
        return clean_rich_text(self.cleaned_data.get("description", ""))


class ProducerProductForm(ProductForm):
    """What a producer edits: the producer and province come from its stall, never from the form;
    publishing is staff's (listing review), the certificate goes through a claim."""

    class Meta(oscar_forms.ProductForm.Meta):
        fields = ["title", "description", "weight_grams", "packaging"]

    def __init__(self, product_class: Any, *args: Any, producer: Any, **kwargs: Any) -> None:
        super().__init__(product_class, *args, **kwargs)
        self.instance.producer = producer
        self.instance.province_id = producer.province_id
        if self.instance.pk is None:
            self.instance.is_public = False
            self.instance.listing_status = Product.ListingStatus.PENDING

    def is_seo_field(self, field: Any) -> bool:
        return False


class CertificateClaimForm(forms.ModelForm):
    class Meta:
        model = CertificateClaim
        fields = list(CertificateClaim.CERTIFICATE_FIELDS)
        widgets = {
            "certified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ReviewDecisionForm(forms.Form):
    """Staff's answer to a queued product or certificate claim."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the producer a reason."))
        return data
