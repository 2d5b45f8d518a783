"""Shipments in Django admin: staff look parcels up by tracking number and correct a mistyped one."""

from django.contrib import admin

from .models import Shipment


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ("order", "partner", "status", "carrier", "tracking_number", "shipped_at", "delivered_at")
    list_filter = ("status", "carrier")
    search_fields = ("order__number", "tracking_number", "partner__name")
    list_select_related = ("order", "partner")
    raw_id_fields = ("order", "partner")
