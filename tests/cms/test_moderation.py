"""Moderation: trade-promotion staff write and submit, approvers publish or reject (Wagtail's
workflow on the home page); pages scheduled with go_live_at are published by `publish_scheduled`."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import FairIndexPage, FairPage, HomePage, StoryPage
from cms.moderation import moderation_workflow_ensure
from shop.groups import TRADE_PROMOTION, TRADE_PROMOTION_APPROVERS, staff_groups_ensure
from tests.factories.cms import days, fair_page, story_page

pytestmark = pytest.mark.django_db


def member(group: str, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "pw-123456789")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff(client):
    client.force_login(member(TRADE_PROMOTION, "bien-tap"))
    return client


def editor_form(client, url: str):
    """The editor's form as the browser would post it; the StreamField's inputs are drawn by
    JavaScript, so an empty body is added by hand."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")
    return data


def add_fair_through_the_editor(client, action: str, **fields) -> FairPage:
    url = f"/cms/pages/add/cms/fairpage/{FairIndexPage.objects.get().pk}/"
    data = editor_form(client, url)
    data.update({"title": "Hội chợ OCOP Xuân 2027", "slug": "hoi-cho-ocop-xuan-2027", **fields})
    data[action] = action
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return FairPage.objects.get(slug="hoi-cho-ocop-xuan-2027")


def test_the_workflow_is_on_the_home_page_for_the_approvers_and_ensured_idempotently():
    staff_groups_ensure()
    first = moderation_workflow_ensure()
    second = moderation_workflow_ensure()

    assert first == second
    home = HomePage.objects.get()
    assert home.get_workflow() == first
    assert FairIndexPage.objects.get().get_workflow() == first
    (task,) = [task.specific for task in first.tasks.all()]
    assert list(task.groups.values_list("name", flat=True)) == [TRADE_PROMOTION_APPROVERS]


def test_staff_cannot_publish_a_new_fair(staff):
    fair = add_fair_through_the_editor(
        staff, "action-publish", start_date="2027-02-06", end_date="2027-02-11"
    )

    assert not fair.live
    assert fair.live_revision is None


def test_staff_cannot_publish_changes_to_a_live_fair(staff):
    fair = fair_page("Hội chợ OCOP Hà Nội")
    url = f"/cms/pages/{fair.pk}/edit/"
    data = editor_form(staff, url)
    data.update({"title": "Tên đã đổi", "action-publish": "action-publish"})

    staff.post(url, data)

    fair.refresh_from_db()
    assert fair.title == "Hội chợ OCOP Hà Nội"
    assert fair.get_latest_revision_as_object().title == "Tên đã đổi"


def test_staff_submits_and_an_approver_publishes(client, staff):
    fair = add_fair_through_the_editor(staff, "action-submit", start_date="2027-02-06", end_date="2027-02-11")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(fair.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not fair.live

    client.force_login(member(TRADE_PROMOTION_APPROVERS, "phe-duyet"))
    task_state = state.current_task_state
    response = client.post(
        f"/cms/pages/workflow/action/{fair.pk}/approve/{task_state.pk}/", {"comment": "Đạt"}
    )

    assert response.status_code == 302
    fair.refresh_from_db()
    assert fair.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(fair.url).status_code == 200


def test_an_approver_rejects_and_nothing_is_published(client, staff):
    fair = add_fair_through_the_editor(staff, "action-submit", start_date="2027-02-06")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(fair.pk))

    client.force_login(member(TRADE_PROMOTION_APPROVERS, "phe-duyet"))
    client.post(
        f"/cms/pages/workflow/action/{fair.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Thiếu địa điểm"},
    )

    fair.refresh_from_db()
    state.refresh_from_db()
    assert (fair.live, state.status) == (False, WorkflowState.STATUS_NEEDS_CHANGES)


def test_staff_cannot_approve_their_own_submission(staff):
    fair = add_fair_through_the_editor(staff, "action-submit", start_date="2027-02-06")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(fair.pk))

    staff.post(
        f"/cms/pages/workflow/action/{fair.pk}/approve/{state.current_task_state.pk}/", {"comment": ""}
    )

    fair.refresh_from_db()
    assert not fair.live


def test_a_page_scheduled_in_the_past_is_published_by_publish_scheduled(client):
    story = story_page("Tin hẹn giờ", live=False)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    # Approved an hour ago to go live half an hour later: due now, waiting for the cron job.
    with mock.patch("django.utils.timezone.now", return_value=an_hour_ago):
        story.go_live_at = an_hour_ago + datetime.timedelta(minutes=30)
        story.save_revision().publish()
    story.refresh_from_db()
    assert not story.live
    assert client.get("/tin-tuc/").context["stories"].paginator.count == 0

    call_command("publish_scheduled")

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    assert [s.title for s in client.get("/tin-tuc/").context["stories"]] == ["Tin hẹn giờ"]


def test_a_fair_scheduled_for_later_stays_unpublished(client):
    fair = fair_page("Hội chợ công bố sau", start=days(30), live=False)
    fair.go_live_at = timezone.now() + datetime.timedelta(days=1)
    fair.save_revision().publish()

    call_command("publish_scheduled")

    fair.refresh_from_db()
    assert not fair.live
    assert client.get(fair.url).status_code == 404
