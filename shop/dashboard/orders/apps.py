"""App config of the forked orders dashboard (label unchanged: `orders_dashboard`), with the sales
report and the bank transfers (received transfers, statement import)."""

import oscar.apps.dashboard.orders.apps as apps
from django.urls import URLPattern, URLResolver, path
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "shop.dashboard.orders"
    label = "orders_dashboard"

    def configure_permissions(self) -> None:
        super().configure_permissions()
        # Staff with order access, and producers (for their own lines only).
        self.permissions_map["order-sales-report"] = self.permissions_map["order-stats"]
        # Staff with the bank-transfer permissions (Order managers, superusers); never producers.
        self.permissions_map |= {
            "order-bank-transfer-list": ["is_staff", "payment.view_banktransfer"],
            "order-bank-transfer-match": ["is_staff", "payment.change_banktransfer"],
            "order-bank-transfer-import": ["is_staff", "payment.add_banktransfer"],
            "order-bank-transfer-import-confirm": ["is_staff", "payment.add_banktransfer"],
        }

    def ready(self) -> None:
        super().ready()
        self.sales_report_view = get_class("dashboard.orders.views", "SalesReportView")

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # Before Oscar's `<number>/`, which would take "sales-report" for an order number.
        from . import transfers

        urls = [
            path("sales-report/", self.sales_report_view.as_view(), name="order-sales-report"),
            path(
                "bank-transfers/", transfers.BankTransferListView.as_view(), name="order-bank-transfer-list"
            ),
            path(
                "bank-transfers/match/",
                transfers.BankTransferMatchView.as_view(),
                name="order-bank-transfer-match",
            ),
            path(
                "bank-transfers/import/",
                transfers.BankStatementImportView.as_view(),
                name="order-bank-transfer-import",
            ),
            path(
                "bank-transfers/import/confirm/",
                transfers.BankStatementConfirmView.as_view(),
                name="order-bank-transfer-import-confirm",
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()
