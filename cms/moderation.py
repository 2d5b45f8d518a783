"""Moderation: trade-promotion staff submit pages, *Trade promotion approvers* publish or reject.

Wagtail's workflow, created or refreshed on every `migrate` (like the groups of `shop.groups`): one
group-approval task for the approvers, assigned to the home page, so it covers every fair, story and
news item under it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from shop.groups import TRADE_PROMOTION_APPROVERS

WORKFLOW_NAME = "Duyệt trước khi đăng"
TASK_NAME = "Trade promotion approvers duyệt"


@transaction.atomic
def moderation_workflow_ensure() -> Workflow | None:
    """The approval workflow on the home page; None while there is no home page."""
    from .models import HomePage

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    approvers, _ = Group.objects.get_or_create(name=TRADE_PROMOTION_APPROVERS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first() or GroupApprovalTask(name=TASK_NAME)
    task.active = True
    task.save()
    task.groups.set([approvers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
