"""App config of the forked orders dashboard (label unchanged: `orders_dashboard`), with the sales report."""

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

    def ready(self) -> None:
        super().ready()
        self.sales_report_view = get_class("dashboard.orders.views", "SalesReportView")

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # Before Oscar's `<number>/`, which would take "sales-report" for an order number.
        report = path("sales-report/", self.sales_report_view.as_view(), name="order-sales-report")
        return self.post_process_urls([report]) + super().get_urls()
