"""Trade promotion: a staff member creates a fair with two producers picked in the chooser and
submits it; an approver publishes it; it is on the home page and the fairs index, its calendar file
and its JSON-LD parse."""

from __future__ import annotations

import datetime
import json
import time

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from oscar.core.loading import get_model

from cms.models import FairIndexPage, FairPage
from shop.groups import TRADE_PROMOTION, TRADE_PROMOTION_APPROVERS, staff_groups_ensure
from tests.factories import PartnerFactory, province

Partner = get_model("partner", "Partner")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-123456789"
FAIR_TITLE = "Hội chợ OCOP Xuân Hạ Long"
SLUG = "hoi-cho-ocop-xuan-ha-long"


def member(group: str, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def eventually(read, seconds: float = 10.0):
    """The first truthy answer of `read`, asked every 0.1 s for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while not (answer := read()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert answer, "the live server did not record it in time"
    return answer


def sign_in(page, username: str) -> None:
    page.goto("/cms/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/cms"))


def choose_producer(page, row: int, search: str, name: str) -> None:
    """Add a participating-producer row and pick the producer in the chooser modal by searching."""
    page.click("#id_participants-ADD")
    page.click(f"#id_participants-{row}-producer-chooser [data-chooser-action-choose]")
    page.fill(".modal input[name=q]", search)
    page.locator(".modal a[data-chooser-modal-choice]", has_text=name).click()
    field, chosen = f"id_participants-{row}-producer", str(Partner.objects.get(name=name).pk)
    page.wait_for_function("([id, pk]) => document.getElementById(id).value === pk", arg=[field, chosen])


@pytest.fixture
def producers():
    staff_groups_ensure()
    quang_ninh = province("22")
    return [
        PartnerFactory(name="HTX Chè Đường Hoa", province=quang_ninh),
        PartnerFactory(name="Công ty Nước mắm Cái Rồng", province=quang_ninh),
        PartnerFactory(name="HTX Hải sản Vân Đồn", province=quang_ninh),
    ]


def test_staff_creates_a_fair_an_approver_publishes_it(browser, live_server, page, producers, settings):
    # Wagtail autosaves the editor every 500 ms; a robot that fills the form and submits within
    # that time races its own autosave (the page may be created, then saved again, by a request
    # sent before the last chooser pick). People are slower: the test saves only when it says so.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    started = time.monotonic()
    member(TRADE_PROMOTION, "bien-tap")
    member(TRADE_PROMOTION_APPROVERS, "phe-duyet")
    start = timezone.localdate() + datetime.timedelta(days=20)
    index = FairIndexPage.objects.get()

    # A staff member writes the fair and submits it for moderation.
    sign_in(page, "bien-tap")
    page.goto(f"/cms/pages/add/cms/fairpage/{index.pk}/")
    page.fill("#id_title", FAIR_TITLE)
    page.click("[role=tab][href='#tab-promote']")
    page.fill("#id_slug", SLUG)
    page.locator("[role=tab]").first.click()  # back to the content tab
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=4)).isoformat())
    page.fill("#id_venue", "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh")
    page.select_option("#id_province", label="Quảng Ninh")
    page.fill("#id_organiser", "Sở Công Thương Quảng Ninh")
    page.fill("#id_summary", "220 gian hàng OCOP của 34 tỉnh, thành phố.")
    choose_producer(page, 0, "duong hoa", "HTX Chè Đường Hoa")  # accents optional
    choose_producer(page, 1, "Cái Rồng", "Công ty Nước mắm Cái Rồng")
    page.locator("button[name=action-submit]").evaluate("button => button.click()")  # in the actions menu
    page.wait_for_url(f"**/cms/pages/{index.pk}/")  # created and submitted: back to the fairs index
    page.locator(".messages").get_by_text("submitted for moderation").wait_for()

    # The browser may move on before the live server's request has committed: read once it has.
    fair = eventually(lambda: FairPage.objects.filter(title=FAIR_TITLE).first(), seconds=30)
    assert eventually(lambda: FairPage.objects.get(pk=fair.pk).workflow_in_progress)
    assert not fair.live
    assert [row.producer.name for row in fair.get_latest_revision_as_object().participants.all()] == [
        "HTX Chè Đường Hoa",
        "Công ty Nước mắm Cái Rồng",
    ]

    # An approver approves it: it goes live.
    page.context.clear_cookies()
    sign_in(page, "phe-duyet")
    page.goto(f"/cms/pages/{fair.pk}/edit/")
    page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").evaluate(
        "button => button.click()"
    )
    page.wait_for_url(lambda url: "/edit/" not in url, wait_until="commit")
    assert eventually(lambda: FairPage.objects.filter(pk=fair.pk, live=True).exists())

    # Visitors see it on the home page and the fairs index.
    page.context.clear_cookies()
    page.goto("/")
    home_fairs = page.locator("section[aria-labelledby=fairs-heading]")
    assert FAIR_TITLE in home_fairs.inner_text()
    page.goto("/hoi-cho/")
    assert FAIR_TITLE in page.locator("section[aria-labelledby=upcoming-heading]").inner_text()

    # Its page: the two stalls, the calendar file and the Event JSON-LD.
    page.get_by_role("link", name=FAIR_TITLE).click()
    page.wait_for_url(f"**{fair.url}")
    stalls = page.locator("section[aria-labelledby=fair-stalls]").inner_text()
    assert "HTX Chè Đường Hoa" in stalls and "Công ty Nước mắm Cái Rồng" in stalls
    assert "HTX Hải sản Vân Đồn" not in stalls
    ical_href = page.get_attribute("a[download]", "href")
    answer = page.request.get(ical_href)
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(answer.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == FAIR_TITLE
    assert event["DTSTART"].dt == start
    ld_texts = page.locator("script[type='application/ld+json']").all_text_contents()
    ld_blocks = [json.loads(text) for text in ld_texts]
    (event_ld,) = [block for block in ld_blocks if block["@type"] == "Event"]  # besides its BreadcrumbList
    assert (event_ld["@type"], event_ld["name"]) == ("Event", FAIR_TITLE)
    assert event_ld["startDate"] == start.isoformat()
    assert event_ld["location"]["address"]["addressRegion"] == "Quảng Ninh"
    print(f"trade promotion journey: {time.monotonic() - started:.1f} s")
