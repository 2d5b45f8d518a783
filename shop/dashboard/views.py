"""Dashboard home: a producer's figures come from its own lines, never from whole-order totals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, Sum
from django.utils.timezone import now
from oscar.apps.dashboard import views

from shop.partner.selectors import certificates_for_user

from .orders import selectors


class IndexView(views.IndexView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not selectors.user_sees_whole_orders(user=self.request.user):
            context["certificates"] = list(certificates_for_user(user=self.request.user))
            context["certificate_months"] = settings.OCOP_CERTIFICATE_MONTHS
            context["expiring_days"] = settings.OCOP_EXPIRING_DAYS
        return context

    def get_stats(self) -> dict[str, Any]:
        stats = super().get_stats()
        user = self.request.user
        if selectors.user_sees_whole_orders(user=user):
            return stats
        # Oscar sums `total_incl_tax` of every order holding one of the producer's lines, i.e.
        # other producers' goods too. Replace each money figure with the producer's own lines.
        lines = selectors.lines_for_partner(user=user).annotate(
            date_placed=F("order__date_placed"), total_incl_tax=F("line_price_incl_tax")
        )
        last_day = lines.filter(date_placed__gt=now() - timedelta(hours=24))
        revenue_last_day = last_day.aggregate(total=Sum("total_incl_tax"))["total"] or Decimal(0)
        orders_last_day = stats["total_orders_last_day"]
        stats.update(
            total_revenue=lines.aggregate(total=Sum("total_incl_tax"))["total"] or Decimal(0),
            total_revenue_last_day=revenue_last_day,
            average_order_costs=revenue_last_day / orders_last_day if orders_last_day else Decimal(0),
            # Oscar's report filters on `date_placed` and sums `total_incl_tax`: the annotated
            # lines answer to both names.
            hourly_report_dict=self.get_hourly_report(lines),
        )
        return stats
