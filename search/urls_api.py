"""URLs of the search JSON API, mounted at /api/search/ (shop/urls.py)."""

from django.urls import path

from . import api

app_name = "search-api"

urlpatterns = [
    path("", api.search, name="search"),
    path("suggest/", api.suggest, name="suggest"),
]
