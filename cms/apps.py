"""Stories and promotion: Wagtail pages for home, fairs, product stories and news."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate
        from wagtail.signals import page_published

        # After wagtailcore's migrate signal (and shop's groups, connected before us).
        post_migrate.connect(_ensure_workflow, sender=apps.get_app_config("wagtailcore"))
        page_published.connect(_index_references)


def _ensure_workflow(sender, **kwargs) -> None:
    from .moderation import moderation_workflow_ensure

    moderation_workflow_ensure()


def _index_references(sender, instance, **kwargs) -> None:
    """Record a published page's chooser links once its inline rows are saved too.

    Wagtail indexes a page when its row is saved, before modelcluster writes the inline rows; the
    rows' own saves index it again, but removing the last row of an inline saves none. The product
    and stall pages read these links (cms.selectors.featuring)."""
    from django.db import transaction
    from wagtail.models import ReferenceIndex

    if ReferenceIndex.is_indexed(type(instance)):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(instance)
