"""The basket seen as the parcels it will travel in: one per producer, with its goods subtotal,
its standard delivery fee and what is still missing for that parcel to ship free."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from oscar.core.loading import get_model

from catalog.utils import collation_key

from .methods import Standard, parcel_goods_totals

Partner = get_model("partner", "Partner")


@dataclass
class BasketParcel:
    """One producer's lines of the basket: `forms` holds (index, form) of the basket formset's
    forms of those lines, the index being the form's place in the formset (Oscar's basket script
    finds a line's "remove" and "save for later" boxes by it)."""

    partner: Any
    forms: list[tuple[int, Any]] = field(default_factory=list)
    goods_total: Decimal = Decimal(0)

    @property
    def delivery_fee(self) -> Decimal:
        """The standard delivery fee of this parcel (the method the basket's estimate uses)."""
        return Standard().parcel_fee(self.goods_total)

    @property
    def missing_for_free_delivery(self) -> Decimal:
        """How much more of this producer's goods makes the parcel ship free; 0 once it does."""
        free_from = Standard.free_from
        if free_from is None:
            return Decimal(0)
        return max(free_from - self.goods_total, Decimal(0))

    @property
    def ships_free(self) -> bool:
        return Standard.free_from is not None and not self.missing_for_free_delivery


def basket_parcels(basket: Any, forms: Iterable[Any]) -> list[BasketParcel]:
    """The basket formset's `forms` grouped by producer (the partner of each line's stock record,
    which a saved line always has), in Vietnamese producer-name order, each group with the goods
    total the delivery fee is charged on (`parcel_goods_totals`). One query, for the producers: the
    lines are the basket's own, loaded by Oscar with their stock records."""
    totals = parcel_goods_totals(basket)
    parcels: dict[int, BasketParcel] = {}
    for index, form in enumerate(forms):
        partner_id = form.instance.stockrecord.partner_id
        parcel = parcels.setdefault(partner_id, BasketParcel(partner=None, goods_total=totals[partner_id]))
        parcel.forms.append((index, form))
    for partner in Partner.objects.filter(pk__in=list(parcels)):
        parcels[partner.pk].partner = partner
    return sorted(
        parcels.values(), key=lambda parcel: (collation_key(parcel.partner.name), parcel.partner.pk)
    )
