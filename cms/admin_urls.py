"""Wagtail admin URLs we replace, included by the project before Wagtail's own admin URLs."""

from django.urls import path

from . import views

urlpatterns = [
    path("logout/", views.AdminLogoutView.as_view(), name="wagtailadmin_logout"),
]
