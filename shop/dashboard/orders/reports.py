"""The sales report as a CSV file that Excel opens with its Vietnamese intact."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from shop.fulfilment.selectors import SalesReport


def sales_report_csv(report: SalesReport) -> HttpResponse:
    """One row per product (title, SKU, units, revenue in whole đồng) and a totals row. UTF-8 with
    a byte-order mark: without it Excel reads the file as the local code page and garbles "Mật ong"."""
    filename = f"sales-report-{report.date_from:%Y-%m-%d}-{report.date_to:%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Product"), _("SKU"), _("Units"), _("Revenue (VND)")])
    for row in report.rows:
        writer.writerow([row.title, row.partner_sku, row.units, f"{row.revenue:.0f}"])
    writer.writerow([_("Total"), "", report.total_units, f"{report.total_revenue:.0f}"])
    return response
