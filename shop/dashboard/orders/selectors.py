"""Reads that scope an order to what one dashboard user may see: staff everything, a producer its lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from oscar.apps.dashboard.orders.views import queryset_orders_for_user
from oscar.core.loading import get_model

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")

ZERO = Decimal("0")


@dataclass(frozen=True)
class PartnerSubtotal:
    """What one producer sold in one order (or a set of orders)."""

    excl_tax: Decimal
    incl_tax: Decimal
    num_items: int
    num_lines: int


def user_sees_whole_orders(*, user: AbstractBaseUser) -> bool:
    """Staff see whole orders; every other dashboard user is a producer limited to its own lines."""
    return bool(user.is_staff)


def lines_for_partner(*, user: AbstractBaseUser) -> QuerySet:
    """All order lines sold by one of the user's partners (producers)."""
    return Line._default_manager.filter(partner__users=user)


def _own_lines_sum(user: AbstractBaseUser, field: str, output_field: DecimalField) -> Subquery:
    per_order = (
        lines_for_partner(user=user)
        .filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Subquery(per_order, output_field=output_field)


def orders_with_partner_share(*, orders: QuerySet, user: AbstractBaseUser) -> QuerySet:
    """`orders` narrowed to the user's share: each order's `lines` holds only its own lines (so
    `num_items` counts its own goods) and it carries `partner_subtotal_excl_tax` and
    `partner_subtotal_incl_tax` (its lines' prices after discounts)."""
    money = DecimalField(max_digits=12, decimal_places=2)
    own_lines = lines_for_partner(user=user).order_by("pk")
    return (
        orders.prefetch_related(None)
        .prefetch_related(Prefetch("lines", queryset=own_lines), "status_changes")
        .annotate(
            partner_subtotal_excl_tax=Coalesce(
                _own_lines_sum(user, "line_price_excl_tax", money), ZERO, output_field=money
            ),
            partner_subtotal_incl_tax=Coalesce(
                _own_lines_sum(user, "line_price_incl_tax", money), ZERO, output_field=money
            ),
        )
    )


def orders_for_user(*, user: AbstractBaseUser) -> QuerySet:
    """Orders the user may open: Oscar's set (all for staff, else those holding one of its
    lines); for a producer narrowed by `orders_with_partner_share`."""
    orders = queryset_orders_for_user(user)
    if user_sees_whole_orders(user=user):
        return orders
    return orders_with_partner_share(orders=orders, user=user)


def order_lines_for_partner(*, order, user: AbstractBaseUser) -> QuerySet:
    """The lines of `order` the user may see and act on: all for staff, else its partners' lines."""
    lines = order.lines.all()
    if user_sees_whole_orders(user=user):
        return lines
    return lines.filter(partner__users=user).order_by("pk")


def _subtotal(lines: QuerySet) -> PartnerSubtotal:
    figures = lines.order_by().aggregate(
        excl_tax=Sum("line_price_excl_tax"),
        incl_tax=Sum("line_price_incl_tax"),
        num_items=Sum("quantity", output_field=IntegerField()),
        num_lines=Count("pk"),
    )
    return PartnerSubtotal(
        excl_tax=figures["excl_tax"] or ZERO,
        incl_tax=figures["incl_tax"] or ZERO,
        num_items=figures["num_items"] or 0,
        num_lines=figures["num_lines"] or 0,
    )


def order_subtotal_for_partner(*, order, user: AbstractBaseUser) -> PartnerSubtotal:
    """The user's share of `order`: its lines' prices after discounts, item and line counts."""
    return _subtotal(order_lines_for_partner(order=order, user=user))


def orders_subtotal_for_partner(*, orders: QuerySet, user: AbstractBaseUser) -> PartnerSubtotal:
    """The user's share of a set of orders (the statistics page)."""
    return _subtotal(lines_for_partner(user=user).filter(order__in=orders.values("pk")))


def order_notes_for_user(*, order, user: AbstractBaseUser) -> QuerySet:
    """Notes of `order` the user may read: all for staff, else only the notes it wrote itself
    (other producers' notes name their own lines)."""
    notes = order.notes.select_related("user")
    if user_sees_whole_orders(user=user):
        return notes
    return notes.filter(user=user)


def shipping_events_for_user(*, order, user: AbstractBaseUser) -> list:
    """Shipping events of `order` touching the user's lines; each has `own_line_quantities`
    holding only the quantities of lines the user may see."""
    quantities = ShippingEventQuantity._default_manager.select_related("line")
    events = order.shipping_events.select_related("event_type").order_by("date_created", "pk")
    if not user_sees_whole_orders(user=user):
        quantities = quantities.filter(line__partner__users=user)
        events = events.filter(line_quantities__line__partner__users=user).distinct()
    return list(
        events.prefetch_related(
            Prefetch("line_quantities", queryset=quantities, to_attr="own_line_quantities")
        )
    )
