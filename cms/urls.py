"""URLs the page tree cannot route, included by the project before Wagtail's catch-all."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<index_path>(?:[\w\-]+/)+)lich\.ics$", views.fairs_calendar, name="cms-fairs-calendar"),
]
