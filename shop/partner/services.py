"""Writes on producers: a stall opened through sign-up, and staff's approval or rejection of it."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shop.groups import PRODUCERS

from . import emails

Partner = get_model("partner", "Partner")


@transaction.atomic
def producer_sign_up(
    *,
    user,
    name: str,
    kind: str,
    province,
    address: str,
    phone: str,
    tax_code: str,
    contact_name: str,
) -> Partner:
    """Save `user` (unsaved, password set) and open its pending stall; the applicant is emailed
    a receipt once the transaction commits. Nothing of the stall is public until staff approve."""
    user.save()
    partner = Partner(
        name=name,
        kind=kind,
        province=province,
        address=address,
        phone=phone,
        email=user.email,
        tax_code=tax_code,
        contact_name=contact_name,
        status=Partner.Status.PENDING,
        applied_at=timezone.now(),
    )
    partner.full_clean(exclude=["code"])
    partner.save()
    partner.users.add(user)
    user.groups.add(Group.objects.get(name=PRODUCERS))
    emails.application_email_enqueue(partner_id=partner.pk, code=emails.APPLICATION_RECEIVED)
    return partner


@transaction.atomic
def producer_approve(*, partner_id: int) -> Partner:
    """Open a pending (or rejected) stall to the public and tell the producer."""
    partner = Partner.objects.select_for_update().get(pk=partner_id)
    if partner.status == Partner.Status.APPROVED:
        raise ValidationError(_("This stall is already approved."))
    partner.status, partner.status_reason, partner.reviewed_at = Partner.Status.APPROVED, "", timezone.now()
    partner.save(update_fields=["status", "status_reason", "reviewed_at"])
    emails.application_email_enqueue(partner_id=partner.pk, code=emails.APPLICATION_APPROVED)
    return partner


@transaction.atomic
def producer_reject(*, partner_id: int, reason: str) -> Partner:
    """Refuse a pending application with the reason the producer is told."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason the producer will read."))
    partner = Partner.objects.select_for_update().get(pk=partner_id)
    if partner.status != Partner.Status.PENDING:
        raise ValidationError(_("Only an application awaiting approval can be rejected."))
    partner.status, partner.status_reason, partner.reviewed_at = (
        Partner.Status.REJECTED,
        reason,
        timezone.now(),
    )
    partner.save(update_fields=["status", "status_reason", "reviewed_at"])
    emails.application_email_enqueue(partner_id=partner.pk, code=emails.APPLICATION_REJECTED)
    return partner
