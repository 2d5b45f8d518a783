"""Producers: Oscar's partner app forked (label `partner`); a producer is a Partner."""

import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "shop.partner"
    label = "partner"
    verbose_name = "Producers"
    namespace = "partner"

    def get_urls(self):
        from django.urls import path

        from .views import ProducerListView, StallDetailView

        urls = [
            path("", ProducerListView.as_view(), name="producer-list"),
            path("<slug:slug>/", StallDetailView.as_view(), name="stall"),
        ]
        return self.post_process_urls(urls)
