"""The review form: one to five stars (Oscar's allows 0), a title and the text, with clear errors."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from oscar.apps.catalogue.reviews import forms as oscar_forms

BODY_MAX_CHARS = 3000
SCORES = [
    (score, ngettext_lazy("%(stars)d star", "%(stars)d stars", "stars") % {"stars": score})
    for score in range(5, 0, -1)
]


class ProductReviewForm(oscar_forms.ProductReviewForm):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from one to five stars.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        title, body = self.fields["title"], self.fields["body"]
        title.error_messages["required"] = _("Give your review a short title.")
        body.label = _("Your review")
        body.error_messages["required"] = _("Write a few words about the product.")
        body.validators.append(MaxLengthValidator(BODY_MAX_CHARS))
        body.widget.attrs.update(rows=5, maxlength=BODY_MAX_CHARS)
