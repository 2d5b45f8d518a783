"""Staff permissions are explicit groups, present after migrate."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

pytestmark = pytest.mark.django_db


def test_producers_group_grants_only_dashboard_access():
    producers = Group.objects.get(name="Producers")

    assert sorted(producers.permissions.values_list("content_type__app_label", "codename")) == [
        ("partner", "dashboard_access")
    ]


def page_rights(group: Group) -> set[str]:
    rights = GroupPagePermission.objects.filter(group=group, page__depth=2)
    return set(rights.values_list("permission__codename", flat=True))


def test_trade_promotion_staff_edit_pages_and_manage_display_points_but_do_not_publish():
    staff = Group.objects.get(name="Trade promotion staff")
    codenames = set(staff.permissions.values_list("codename", flat=True))

    assert {"access_admin", "add_displaypoint", "change_displaypoint", "delete_displaypoint"} <= codenames
    assert page_rights(staff) == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert "delete_product" not in codenames


def test_trade_promotion_approvers_also_publish():
    approvers = Group.objects.get(name="Trade promotion approvers")

    assert page_rights(approvers) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
