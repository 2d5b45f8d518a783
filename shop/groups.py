"""Explicit staff groups, created on every migrate: what producers and trade-promotion staff may do."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

PRODUCERS = "Producers"
TRADE_PROMOTION = "Trade promotion staff"
# Publish or reject what trade-promotion staff submit (cms.moderation: Wagtail's workflow).
TRADE_PROMOTION_APPROVERS = "Trade promotion approvers"
ORDER_MANAGERS = "Order managers"

# app_label.codename
PRODUCER_PERMISSIONS = ["partner.dashboard_access"]
# Wagtail grants images and documents per collection (GroupCollectionPermission), not through
# group.permissions: both staff groups get these on the root collection, so on every collection.
COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
TRADE_PROMOTION_PERMISSIONS = [
    "wagtailadmin.access_admin",
    *COLLECTION_PERMISSIONS,  # also as model permissions, which Django's admin checks
    "displays.add_displaypoint",
    "displays.change_displaypoint",
    "displays.delete_displaypoint",
    "displays.view_displaypoint",
    "catalogue.view_product",
    "catalogue.view_province",
    "catalogue.import_product_list",  # provincial OCOP lists (Wagtail admin → Import OCOP list)
    # Product reviews wait for them in Oscar's dashboard (OSCAR_MODERATE_REVIEWS).
    "reviews.view_productreview",
    "reviews.change_productreview",
    "reviews.delete_productreview",
]
# Staff (is_staff) who run orders in Oscar's dashboard and may send card refunds to Stripe.
ORDER_MANAGER_PERMISSIONS = [
    "order.view_order",
    "order.change_order",
    "payment.view_orderpayment",
    "payment.refund_orderpayment",
    # VietQR transfers: the list, a statement import, matching an unmatched transfer by hand.
    "payment.view_banktransfer",
    "payment.add_banktransfer",
    "payment.change_banktransfer",
]
# Staff write and submit pages for moderation; only approvers publish.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
APPROVER_PAGE_PERMISSIONS = [*EDITOR_PAGE_PERMISSIONS, "publish_page"]


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return found


@transaction.atomic
def staff_groups_ensure() -> None:
    """Create or refresh the groups; page rights cover the whole site from the home page."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    producers, _ = Group.objects.get_or_create(name=PRODUCERS)
    producers.permissions.set(_permissions(PRODUCER_PERMISSIONS))
    staff, _ = Group.objects.get_or_create(name=TRADE_PROMOTION)
    staff.permissions.set(_permissions(TRADE_PROMOTION_PERMISSIONS))
    approvers, _ = Group.objects.get_or_create(name=TRADE_PROMOTION_APPROVERS)
    approvers.permissions.set(_permissions(TRADE_PROMOTION_PERMISSIONS))
    order_managers, _ = Group.objects.get_or_create(name=ORDER_MANAGERS)
    order_managers.permissions.set(_permissions(ORDER_MANAGER_PERMISSIONS))
    root = Collection.get_first_root_node()
    if root is not None:
        for group in (staff, approvers):
            for permission in _permissions(COLLECTION_PERMISSIONS):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )
    home = Page.objects.filter(depth=2).first()
    if home is None:
        return
    for group, codenames in [(staff, EDITOR_PAGE_PERMISSIONS), (approvers, APPROVER_PAGE_PERMISSIONS)]:
        GroupPagePermission.objects.filter(group=group, page=home).exclude(
            permission__codename__in=codenames
        ).delete()
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
