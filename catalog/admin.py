"""Django admin for the catalogue: Oscar's registrations plus provinces."""

from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F403

from .models import Province, ProvinceFormerName


class ProvinceFormerNameInline(admin.TabularInline):
    model = ProvinceFormerName
    extra = 0
    readonly_fields = ["folded"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["name", "former_names__name"]
    inlines = [ProvinceFormerNameInline]
