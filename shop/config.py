"""Our Oscar `Shop` config: Wagtail owns `/`, so Oscar's home redirect is dropped."""

from django.urls import URLPattern, URLResolver
from oscar.config import Shop


class ShopConfig(Shop):
    def ready(self) -> None:
        super().ready()
        from django.apps import apps
        from django.db.models.signals import post_migrate

        # After wagtailcore's migrate signal: by then every app's permissions exist.
        post_migrate.connect(_ensure_groups, sender=apps.get_app_config("wagtailcore"))
        # After the sites framework's own receiver, which creates example.com.
        post_migrate.connect(_site_follows_site_url, sender=apps.get_app_config("sites"))

    verbose_name = "Chợ OCOP"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from django.urls import include, path

        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "home"]
        urls.append(path("producers/", self.partner_urls()))
        urls.append(path("mo-gian-hang/", self.producer_sign_up_view(), name="producer-sign-up"))
        urls.append(path("display-points/", include("shop.displays.urls")))
        return urls

    def producer_sign_up_view(self):
        from oscar.core.loading import get_class

        return get_class("partner.views", "ProducerSignUpView").as_view()

    def partner_urls(self):
        from django.apps import apps

        return apps.get_app_config("partner").urls


def _ensure_groups(sender, **kwargs) -> None:
    from .groups import staff_groups_ensure

    staff_groups_ensure()


def _site_follows_site_url(sender, using: str = "default", **kwargs) -> None:
    from .sites import site_sync_from_settings

    site_sync_from_settings(using=using)
