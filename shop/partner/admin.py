"""Django admin for producers: Oscar's registrations, with the producer's outside-stall links."""

from django.contrib import admin
from oscar.apps.partner.admin import *  # noqa: F403
from oscar.apps.partner.admin import PartnerAdmin as OscarPartnerAdmin

from .models import Partner, PartnerLink


class PartnerLinkInline(admin.TabularInline):
    model = PartnerLink
    extra = 1


admin.site.unregister(Partner)


@admin.register(Partner)
class PartnerAdmin(OscarPartnerAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "code"]
    inlines = [PartnerLinkInline]
