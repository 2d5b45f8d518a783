"""Reads of fulfilment: the producer parcels of an order, and a producer's sales over a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import IntegerField, Max, QuerySet, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from shop.shipping.repository import order_parcel_fee

from .models import NEXT_STATUSES, PENDING, Shipment
from .statuses import LINE_STATUS_LABELS

Line = get_model("order", "Line")

# Lines and orders that were not sold in the end: left out of the sales report.
UNSOLD_LINE_STATUSES = ("Cancelled", "Returned")
UNSOLD_ORDER_STATUSES = ("Cancelled",)


@dataclass
class Parcel:
    """One producer's share of an order: its lines, its shipment (None while pending) and its money."""

    order: object
    partner: object
    lines: list = field(default_factory=list)
    shipment: Shipment | None = None

    @property
    def status(self) -> str:
        return self.shipment.status if self.shipment else PENDING

    @property
    def status_label(self) -> str:
        if self.shipment:
            return str(self.shipment.get_status_display())
        return str(LINE_STATUS_LABELS["Pending"])

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        return [(status, str(Shipment.Status(status).label)) for status in NEXT_STATUSES[self.status]]

    @property
    def goods_total(self) -> Decimal:
        """The producer's goods in the order, incl. tax, after discounts."""
        return sum((line.line_price_incl_tax for line in self.lines), Decimal(0))

    @property
    def delivery_fee(self) -> Decimal:
        return order_parcel_fee(order=self.order, goods_total=self.goods_total)

    @property
    def payout(self) -> Decimal:
        """What the producer receives for this parcel: its goods and the delivery fee paid for it."""
        return self.goods_total + self.delivery_fee


def order_parcels(*, order, partner_ids: list[int] | None = None) -> list[Parcel]:
    """The producer parcels of `order` (only those of `partner_ids` when given), in producer-name
    order. Two queries: the lines with their producers, and the shipments."""
    lines = order.lines.select_related("partner", "product").order_by("partner__name", "pk")
    if partner_ids is not None:
        lines = lines.filter(partner_id__in=partner_ids)
    parcels: dict[int, Parcel] = {}
    for line in lines:
        if line.partner_id is None:
            continue
        parcels.setdefault(line.partner_id, Parcel(order=order, partner=line.partner)).lines.append(line)
    if parcels:
        for shipment in Shipment.objects.filter(order=order, partner_id__in=list(parcels)):
            parcels[shipment.partner_id].shipment = shipment
    return list(parcels.values())


@dataclass(frozen=True)
class SalesRow:
    product_id: int | None
    title: str
    partner_sku: str
    units: int
    revenue: Decimal


@dataclass(frozen=True)
class SalesReport:
    date_from: date
    date_to: date
    rows: list[SalesRow]
    total_units: int
    total_revenue: Decimal


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def sales_lines(*, lines: QuerySet, date_from: date, date_to: date) -> QuerySet:
    """`lines` of orders placed from `date_from` to `date_to` inclusive (local days), sold in the end."""
    return (
        lines.filter(
            order__date_placed__gte=_day_start(date_from),
            order__date_placed__lt=_day_start(date_to + timedelta(days=1)),
        )
        .exclude(status__in=UNSOLD_LINE_STATUSES)
        .exclude(order__status__in=UNSOLD_ORDER_STATUSES)
    )


def sales_report(*, lines: QuerySet, date_from: date, date_to: date) -> SalesReport:
    """Units and revenue (line prices incl. tax, after discounts) per product over a period, from
    `lines` (a producer's own: `lines_for_partner`, or one producer's for staff). One query."""
    per_product = (
        sales_lines(lines=lines, date_from=date_from, date_to=date_to)
        .order_by()
        .values("product_id")
        .annotate(
            title=Max("title"),
            sku=Max("partner_sku"),
            units=Sum("quantity", output_field=IntegerField()),
            revenue=Sum("line_price_incl_tax"),
        )
        .order_by("-revenue", "title")
    )
    rows = [
        SalesRow(
            product_id=row["product_id"],
            title=row["title"],
            partner_sku=row["sku"] or "",
            units=row["units"] or 0,
            revenue=row["revenue"] or Decimal(0),
        )
        for row in per_product
    ]
    return SalesReport(
        date_from=date_from,
        date_to=date_to,
        rows=rows,
        total_units=sum(row.units for row in rows),
        total_revenue=sum((row.revenue for row in rows), Decimal(0)),
    )
