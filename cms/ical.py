"""iCalendar (RFC 5545) for fairs: one fair's "Add to calendar" file and the subscribable feed of
upcoming fairs, built with the `icalendar` library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vGeo

from .links import page_absolute_url, site_host
from .models.fairs import FAIR_TIME_ZONE, FairPage

PRODUCT_ID = "-//Chợ OCOP//Hội chợ OCOP//VI"
REFRESH_INTERVAL = datetime.timedelta(hours=12)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(FAIR_TIME_ZONE))
    return cal


def _span(fair: FairPage) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime]:
    """DTSTART and DTEND: whole days (DTEND the day after the last, as RFC 5545 wants) when no time
    is given; else Vietnam times, a missing opening at midnight and a missing closing at the end of
    the last day."""
    last = fair.last_date
    day_after = last + datetime.timedelta(days=1)
    if not (fair.start_time or fair.end_time):
        return fair.start_date, day_after
    start = fair.starts_at or datetime.datetime.combine(
        fair.start_date, datetime.time(), tzinfo=FAIR_TIME_ZONE
    )
    end = fair.ends_at or datetime.datetime.combine(day_after, datetime.time(), tzinfo=FAIR_TIME_ZONE)
    return start, end


def fair_event(fair: FairPage) -> Event:
    """One VEVENT: UID, DTSTAMP, DTSTART/DTEND, SUMMARY, LOCATION, URL, DESCRIPTION (+ GEO)."""
    url = page_absolute_url(fair)
    start, end = _span(fair)
    revised = fair.last_published_at or timezone.now()
    organiser = _("Organiser: %(name)s") % {"name": fair.organiser} if fair.organiser else ""
    description = "\n\n".join(
        part for part in (fair.summary or fair.search_description, organiser, url) if part
    )
    event = Event()
    event.add("uid", f"fair-{fair.pk}@{site_host()}")
    event.add("dtstamp", revised)
    event.add("last-modified", revised)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", fair.title)
    if fair.address_line:
        event.add("location", fair.address_line)
    if fair.has_coordinates:
        event.add("geo", vGeo((float(fair.latitude), float(fair.longitude))))
    event.add("url", url)
    event.add("description", description)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def fair_calendar(*, fair: FairPage) -> bytes:
    """The "Add to calendar" file of one fair."""
    cal = _calendar(fair.title)
    cal.add_component(fair_event(fair))
    cal.add_missing_timezones()
    return cal.to_ical()


def fairs_calendar(*, fairs: Iterable[FairPage], name: str) -> bytes:
    """The feed a phone calendar subscribes to: every dated upcoming fair, refreshed twice a day."""
    cal = _calendar(name)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH_INTERVAL)
    for fair in fairs:
        if fair.start_date:
            cal.add_component(fair_event(fair))
    cal.add_missing_timezones()
    return cal.to_ical()
