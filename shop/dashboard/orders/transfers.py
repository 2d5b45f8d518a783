"""The bank-transfer screens of the orders dashboard (staff): the transfers received, matching an
unmatched one to its order by hand, and the bank statement import (upload → dry run → confirm).

The uploaded statement waits for its confirmation in the shared cache under a random token (see
`shop.payment.statements.statement_upload_keep`); the import records each transfer once, so a
second confirmation records nothing new."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from oscar.core.loading import get_model

from catalog.importers import DataImportError
from catalog.importers.tables import Upload
from shop.payment import statements
from shop.payment.selectors import bank_transfers_list
from shop.payment.transfers import TransferMatchError, bank_transfer_match

from .forms import (
    BankStatementConfirmForm,
    BankStatementUploadForm,
    BankTransferFilterForm,
    BankTransferMatchForm,
)

BankTransfer = get_model("payment", "BankTransfer")


class BankTransferListView(ListView):
    """The transfers received, newest first: all, unmatched, or with money to refund."""

    template_name = "oscar/dashboard/orders/bank_transfer_list.html"
    context_object_name = "transfers"
    paginate_by = 50

    def get_queryset(self) -> Any:
        self.filter_form = BankTransferFilterForm(self.request.GET)
        show = self.filter_form.cleaned_data["show"] if self.filter_form.is_valid() else ""
        return bank_transfers_list(show=show)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["match_form"] = BankTransferMatchForm()
        ctx["may_match"] = self.request.user.has_perm("payment.change_banktransfer")
        return ctx


class BankTransferMatchView(View):
    """POST: match one unmatched transfer to the order number staff typed."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BankTransferMatchForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect(_list_url(request))
        transfer = get_object_or_404(BankTransfer, pk=form.cleaned_data["transfer"])
        try:
            transfer = bank_transfer_match(
                transfer=transfer, order_number=form.cleaned_data["order_number"], user=request.user
            )
        except TransferMatchError as exc:
            messages.error(request, str(exc))
            return redirect(_list_url(request))
        messages.success(
            request,
            _("Transfer %(id)s matched to order %(number)s: %(outcome)s.")
            % {
                "id": transfer.transaction_id,
                "number": transfer.payment.order.number,
                "outcome": transfer.get_outcome_display(),
            },
        )
        return redirect(_list_url(request))


def _list_url(request: HttpRequest) -> str:
    show = request.POST.get("show", "")
    url = reverse("dashboard:order-bank-transfer-list")
    return f"{url}?show={show}" if show in ("unmatched", "refund") else url


class BankStatementImportView(FormView):
    """Upload a statement: its dry run (what each credit would do), and a button to confirm."""

    template_name = "oscar/dashboard/orders/bank_statement_import.html"
    form_class = BankStatementUploadForm

    def form_valid(self, form: BankStatementUploadForm) -> HttpResponse:
        file = form.cleaned_data["file"]
        upload = Upload(file.name, file.read())
        try:
            rows = statements.statement_read(upload)
        except DataImportError as error:
            return self.render_to_response(
                self.get_context_data(
                    form=BankStatementUploadForm(), file_errors=error.errors, file_name=upload.name
                )
            )
        token = statements.statement_upload_keep(user=self.request.user, upload=upload)
        return self.render_to_response(
            self.get_context_data(
                form=BankStatementUploadForm(),
                lines=statements.statement_preview(rows),
                file_name=upload.name,
                confirm_form=BankStatementConfirmForm(initial={"token": token}),
            )
        )


class BankStatementConfirmView(BankStatementImportView):
    """POST: record the statement its uploader confirmed, all rows in one transaction."""

    http_method_names = ["post"]
    form_class = BankStatementConfirmForm  # type: ignore[assignment]

    def form_valid(self, form: BankStatementConfirmForm) -> HttpResponse:  # type: ignore[override]
        user, token = self.request.user, form.cleaned_data["token"]
        upload = statements.statement_upload_get(user=user, token=token)
        if upload is None:
            messages.error(self.request, _("This statement was imported already, or its upload expired."))
            return redirect("dashboard:order-bank-transfer-import")
        lines = statements.statement_import(statements.statement_read(upload), user)
        statements.statement_upload_forget(user=user, token=token)
        new = sum(not line.recorded for line in lines)
        messages.success(
            self.request,
            _("Statement imported: %(new)d transfers recorded, %(old)d already recorded.")
            % {"new": new, "old": len(lines) - new},
        )
        return self.render_to_response(
            self.get_context_data(
                form=BankStatementUploadForm(), lines=lines, file_name=upload.name, imported=True
            )
        )

    def form_invalid(self, form: BankStatementConfirmForm) -> HttpResponse:  # type: ignore[override]
        messages.error(self.request, _("Nothing was imported: upload the statement again."))
        return redirect("dashboard:order-bank-transfer-import")
