"""A shipment: one producer's parcel of one order, its carrier, tracking number and dates."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Shipment(models.Model):
    """The producer's parcel of an order. No row yet means the parcel is still pending.

    Statuses only move forward (Status.NEXT): a producer that packs and ships the same day may
    skip "being prepared"; nothing goes back once shipped or delivered."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")

    class Carrier(models.TextChoices):
        # Brand names, written as the carriers write them (not translated).
        VIETTEL_POST = "viettel_post", "Viettel Post"
        VNPOST = "vnpost", "VNPost"
        GHN = "ghn", "GHN – Giao Hàng Nhanh"
        GHTK = "ghtk", "GHTK – Giao Hàng Tiết Kiệm"
        JT_EXPRESS = "jt_express", "J&T Express"
        NINJA_VAN = "ninja_van", "Ninja Van"
        BEST_EXPRESS = "best_express", "Best Express"
        SPX = "spx", "SPX Express"
        OTHER = "other", _("Other carrier")

    order = models.ForeignKey(
        "order.Order", verbose_name=_("order"), on_delete=models.CASCADE, related_name="shipments"
    )
    partner = models.ForeignKey(
        "partner.Partner", verbose_name=_("producer"), on_delete=models.PROTECT, related_name="shipments"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    carrier = models.CharField(_("carrier"), max_length=32, choices=Carrier.choices, blank=True)
    carrier_name = models.CharField(_("carrier name"), max_length=64, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["order", "partner"], name="fulfilment_one_shipment_per_parcel"),
            models.CheckConstraint(
                condition=Q(status="preparing") | (~Q(carrier="") & ~Q(tracking_number="")),
                name="fulfilment_shipped_has_carrier_and_tracking",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.order_id}/{self.partner_id}: {self.status}"

    @property
    def carrier_display(self) -> str:
        """The carrier's name as the customer reads it ("other" shows the name the producer typed)."""
        if self.carrier == self.Carrier.OTHER:
            return self.carrier_name or str(self.get_carrier_display())
        return str(self.get_carrier_display()) if self.carrier else ""


# The parcel's status before any shipment row exists.
PENDING = "pending"
# Where each status may go next: a step forward, and "being prepared" may be skipped.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    PENDING: (Shipment.Status.PREPARING, Shipment.Status.SHIPPED),
    Shipment.Status.PREPARING: (Shipment.Status.SHIPPED,),
    Shipment.Status.SHIPPED: (Shipment.Status.DELIVERED,),
    Shipment.Status.DELIVERED: (),
}
# The Oscar line status (settings.OSCAR_LINE_STATUS_PIPELINE) each parcel status sets on its lines.
LINE_STATUS_FOR = {
    Shipment.Status.PREPARING: "Being prepared",
    Shipment.Status.SHIPPED: "Shipped",
    Shipment.Status.DELIVERED: "Delivered",
}
# The date field each status stamps.
STAMP_FIELD_FOR = {
    Shipment.Status.PREPARING: "prepared_at",
    Shipment.Status.SHIPPED: "shipped_at",
    Shipment.Status.DELIVERED: "delivered_at",
}
