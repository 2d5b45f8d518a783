"""The catalogue: Oscar's catalogue forked (label stays `catalogue`) with OCOP certification."""

import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"
    label = "catalogue"
    verbose_name = "OCOP catalogue"

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_migrate
        from PIL import Image

        from . import context_processors, prices, producer_kinds, search_texts, uploads, views

        # Pillow refuses to open anything past twice this (a decompression bomb), wherever the
        # image comes from: uploads are checked against MAX_PIXELS itself before that.
        Image.MAX_IMAGE_PIXELS = uploads.MAX_PIXELS

        post_migrate.connect(_load_reference_data, sender=self)
        search_texts.receivers_connect()
        prices.receivers_connect()
        producer_kinds.receivers_connect()
        context_processors.receivers_connect()

        self.detail_view = views.ProductDetailView
        self.province_view = views.ProvinceDetailView

    def get_urls(self):
        from django.urls import path

        urls = super().get_urls()
        urls.insert(0, path("provinces/<slug:slug>/", self.province_view.as_view(), name="province"))
        return self.post_process_urls(urls)


def _load_reference_data(sender, using: str = "default", **kwargs) -> None:
    # Provinces, categories and the shipping country exist after `migrate`, as Django's
    # sites framework does for its default Site: every page and form relies on them.
    from .reference import reference_data_load

    reference_data_load()
