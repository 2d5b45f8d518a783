"""The two forms of the import screens: the uploaded list, and the confirmation of its import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.importers.tables import Upload

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a national list of 16,543 products is about 1.5 MB as XLSX


class ProductListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("OCOP product list"),
        help_text=_("A CSV file (UTF-8) or an Excel workbook (.xlsx), up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is 10 MB: split the list.")
                % {"size": file.size / 2**20}
            )
        return file

    def upload(self) -> Upload:
        file = self.cleaned_data["file"]
        return Upload(file.name, file.read())


class ProductListConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
