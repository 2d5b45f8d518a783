"""Orders awaiting a VietQR bank transfer, built without the checkout: the order (its stock held),
its payment row awaiting the transfer and its Oscar source; and the notes that pay them."""

from __future__ import annotations

from typing import Any

from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from shop.payment import services
from shop.payment.references import transfer_reference

from . import sellable_product
from .partner import PartnerFactory

Basket = get_model("basket", "Basket")
OrderPayment = get_model("payment", "OrderPayment")
Source = get_model("payment", "Source")
Selector = get_class("partner.strategy", "Selector")

# One line per producer, free delivery: 125.000 ₫ + 160.000 ₫.
GOODS = {"HTX Mật ong Mèo Vạc": 125_000, "HTX Gạo Sóc Trăng": 160_000}
TOTAL = 285_000


def bank_transfer_order(*, goods: dict[str, int] | None = None, user: Any = None) -> Any:
    """An order of one line per producer (name → line price in đồng) awaiting its bank transfer;
    returns its `OrderPayment`."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for index, (name, price) in enumerate((goods or GOODS).items(), start=1):
        partner = PartnerFactory(name=name, email=f"producer{index}@htx.example")
        basket.add_product(sellable_product(producer=partner, price=price))
    order = create_order(basket=basket, user=user)
    order.refresh_from_db()  # its number as stored: text
    payment = OrderPayment.objects.create(
        order=order,
        method=OrderPayment.Method.BANK_TRANSFER,
        status=OrderPayment.Status.AWAITING_TRANSFER,
        amount=order.total_incl_tax,
        currency=order.currency,
    )
    Source.objects.create(
        order=order,
        source_type=services.source_type(OrderPayment.Method.BANK_TRANSFER),
        currency=payment.currency,
        amount_allocated=payment.amount,
    )
    return payment


def transfer_note(payment: Any, *, bank_text: str = "MBVCB.3278907687.{ref}.CT tu 0123456789") -> str:
    """The note a bank keeps for a transfer typed with the order's reference, bank text around it."""
    return bank_text.format(ref=transfer_reference(payment.order.number))
