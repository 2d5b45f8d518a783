"""Fairs: the index (upcoming first, filters, pages), a fair's page, its calendar file and JSON-LD."""

from __future__ import annotations

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains, assertNotContains

from cms.models import FairPage, HomePage
from cms.templatetags.cms_tags import date_range
from tests.factories import PartnerFactory, province, sellable_product
from tests.factories.cms import days, fair_page
from tests.page_meta import page_meta

pytestmark = pytest.mark.django_db


def titles(fairs) -> list[str]:
    return [fair.title for fair in fairs]


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((2025, 12, 12), None, "12/12/2025"),
        ((2025, 12, 12), (2025, 12, 12), "12/12/2025"),
        ((2025, 12, 12), (2025, 12, 16), "12–16/12/2025"),
        ((2025, 11, 28), (2025, 12, 2), "28/11–02/12/2025"),
        ((2025, 12, 28), (2026, 1, 3), "28/12/2025–03/01/2026"),
    ],
)
def test_date_range_is_shown_day_month_year(start, end, shown):
    assert date_range(datetime.date(*start), datetime.date(*end) if end else None) == shown


def test_a_fair_cannot_end_before_it_starts_or_have_half_coordinates():
    fair = FairPage(title="Sai", slug="sai", start_date=days(5), end_date=days(1), latitude=Decimal("21"))

    with pytest.raises(ValidationError) as error:
        fair.full_clean()

    assert {"end_date", "longitude"} <= set(error.value.message_dict)


# ---------------------------------------------------------------- index
def test_index_lists_upcoming_by_start_date_then_past_newest_first(client):
    fair_page("Tuần lễ OCOP sau", start=days(20), end=days(22))
    fair_page("Đang diễn ra", start=days(-2), end=days(2))
    fair_page("Sắp tới", start=days(3), end=days(3))
    fair_page("Năm ngoái", start=days(-400), end=days(-395))
    fair_page("Tháng trước", start=days(-40), end=days(-35))
    fair_page("Chưa rõ ngày", start=None, dates_note="(28/11)")
    fair_page("Bản nháp", live=False)

    response = client.get("/hoi-cho/")

    assert response.status_code == 200
    assert titles(response.context["upcoming"]) == ["Đang diễn ra", "Sắp tới", "Tuần lễ OCOP sau"]
    assert titles(response.context["past"]) == ["Tháng trước", "Năm ngoái", "Chưa rõ ngày"]
    assertNotContains(response, "Bản nháp")
    html = response.content.decode()
    assert html.index("Đang diễn ra") < html.index("Tuần lễ OCOP sau") < html.index("Tháng trước")


def test_index_filters_by_province(client):
    fair_page("Hội chợ Hà Nội", province=province("01"))
    fair_page("Hội chợ Quảng Ninh", province=province("22"))

    response = client.get("/hoi-cho/", {"province": "22"})

    assert titles(response.context["fairs"]) == ["Hội chợ Quảng Ninh"]
    assertContains(response, '<option value="22" selected>', html=False)


def test_month_filter_keeps_fairs_overlapping_the_month():
    fair_page("Trong tháng", start=datetime.date(2025, 12, 12), end=datetime.date(2025, 12, 16))
    fair_page("Vắt qua đầu tháng", start=datetime.date(2025, 11, 28), end=datetime.date(2025, 12, 2))
    fair_page("Vắt qua cuối tháng", start=datetime.date(2025, 12, 30), end=datetime.date(2026, 1, 3))
    fair_page("Một ngày", start=datetime.date(2025, 12, 31), end=None)
    fair_page("Tháng trước", start=datetime.date(2025, 11, 1), end=datetime.date(2025, 11, 27))
    fair_page("Tháng sau", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 2))

    from django.test import Client

    response = Client().get("/hoi-cho/", {"month": "2025-12"})

    assert sorted(titles(response.context["fairs"])) == sorted(
        ["Trong tháng", "Vắt qua đầu tháng", "Vắt qua cuối tháng", "Một ngày"]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"month": "tháng-mười-hai"},
        {"month": "2025-13"},
        {"month": "1899-01"},
        {"province": "99"},
        {"province": "<script>"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "999"},
    ],
)
def test_a_bad_filter_is_ignored_with_a_message_never_a_500(client, params):
    fair_page("Hội chợ OCOP Hà Nội", province=province("01"))

    response = client.get("/hoi-cho/", params)

    assert response.status_code == 200
    assert titles(response.context["fairs"]) == ["Hội chợ OCOP Hà Nội"]
    if "page" not in params:
        assertContains(response, "bị bỏ qua")


def test_index_pages_twelve_fairs_and_keeps_the_filters_in_page_links(client):
    for n in range(14):
        fair_page(f"Hội chợ số {n:02d}", start=days(n + 1), province=province("01"))

    first = client.get("/hoi-cho/", {"province": "01"})
    second = client.get("/hoi-cho/", {"province": "01", "page": "2"})

    assert len(first.context["fairs"]) == 12
    assert titles(second.context["fairs"]) == ["Hội chợ số 12", "Hội chợ số 13"]
    assertContains(first, "?province=01&amp;page=2")


def test_index_answers_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.get("/hoi-cho/")  # warm the site and content-type caches
    for n in range(12):
        fair_page(f"Hội chợ {n}", start=days(n - 6), province=province("01"))

    with django_assert_max_num_queries(12):
        response = client.get("/hoi-cho/")

    assert len(response.context["fairs"]) == 12


# ---------------------------------------------------------------- home
def test_home_shows_the_next_upcoming_fairs_soonest_first(client):
    for n in range(6):
        fair_page(f"Hội chợ {n}", start=days(10 - n))
    fair_page("Đã qua", start=days(-30), end=days(-28))

    response = client.get("/")

    assert titles(response.context["upcoming_fairs"]) == ["Hội chợ 5", "Hội chợ 4", "Hội chợ 3", "Hội chợ 2"]
    assertNotContains(response, "Đã qua")


def test_home_says_plainly_when_no_fair_is_scheduled(client):
    fair_page("Đã qua", start=days(-30), end=days(-28))

    response = client.get("/")

    assert response.context["upcoming_fairs"] == []
    assertContains(response, "Hiện chưa có hội chợ nào được lên lịch.")


# ---------------------------------------------------------------- a fair's page
def test_fair_page_shows_stalls_with_their_products_and_a_map_link(client):
    bat_trang = PartnerFactory(name="HTX Gốm Bát Tràng")
    other = PartnerFactory(name="HTX Mật ong Hưng Yên", province=province("33"))
    vase = sellable_product(title="Bình gốm men lam", producer=bat_trang)
    honey = sellable_product(title="Mật ong hoa nhãn", producer=other)
    fair = fair_page(
        "Hội chợ OCOP Hà Nội",
        start=datetime.date(2025, 12, 12),
        end=datetime.date(2025, 12, 16),
        province=province("01"),
        venue="Cung Văn hóa Hữu nghị",
        street_address="91 Trần Hưng Đạo, Hoàn Kiếm",
        producers=[bat_trang],
        products=[vase, honey],
    )

    response = client.get(fair.url)

    assert response.status_code == 200
    stalls = response.context["stalls"]
    assert [(s.producer.name, titles(s.products)) for s in stalls] == [
        ("HTX Gốm Bát Tràng", ["Bình gốm men lam"]),
        ("HTX Mật ong Hưng Yên", ["Mật ong hoa nhãn"]),
    ]
    assertContains(response, "12–16/12/2025")
    assertContains(response, "https://www.openstreetmap.org/search?query=Cung%20V%C4%83n%20h%C3%B3a")
    assertContains(response, f'href="{fair.url}ical/"')


def test_map_link_uses_the_coordinates_when_known(client):
    fair = fair_page("Festival OCOP", latitude=Decimal("21.035"), longitude=Decimal("105.84"))

    response = client.get(fair.url)

    assertContains(
        response,
        "https://www.openstreetmap.org/?mlat=21.035000&amp;mlon=105.840000#map=17/21.035000/105.840000",
    )


def ld_json(response) -> dict:
    """The fair's Event (the page also carries its breadcrumb trail)."""
    return page_meta(response).one("Event")


def test_fair_page_carries_an_event_in_json_ld(client, settings):
    settings.SITE_URL = "https://cho-ocop.vn"
    fair = fair_page(
        "Festival OCOP </script><script>alert(1)</script>",
        start=datetime.date(2025, 12, 20),
        end=datetime.date(2025, 12, 23),
        start_time=datetime.time(8, 0),
        end_time=datetime.time(21, 30),
        province=province("01"),
        venue="Hoàng thành Thăng Long",
        street_address="19C Hoàng Diệu, Ba Đình",
        latitude=Decimal("21.035"),
        longitude=Decimal("105.84"),
        organiser="Bộ Nông nghiệp và Môi trường",
        summary="220 gian hàng & 16 gian quốc tế",
    )

    response = client.get(fair.url)
    event = ld_json(response)

    # Entered text cannot close the script element: < and > are escaped inside the JSON.
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in response.content.decode()
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Festival OCOP </script><script>alert(1)</script>"
    assert (event["startDate"], event["endDate"]) == (
        "2025-12-20T08:00:00+07:00",
        "2025-12-23T21:30:00+07:00",
    )
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {
        "@type": "Place",
        "name": "Hoàng thành Thăng Long",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "19C Hoàng Diệu, Ba Đình",
            "addressRegion": "Hà Nội",
            "addressCountry": "VN",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 21.035, "longitude": 105.84},
    }
    assert event["organizer"] == {"@type": "Organization", "name": "Bộ Nông nghiệp và Môi trường"}
    assert event["url"] == f"https://cho-ocop.vn{fair.url}"
    assert event["description"] == "220 gian hàng & 16 gian quốc tế"


def test_all_day_fair_json_ld_has_plain_dates():
    fair = fair_page("Tuần hàng", start=datetime.date(2025, 11, 28), end=datetime.date(2025, 12, 2))
    from django.test import Client

    event = ld_json(Client().get(fair.url))

    assert (event["startDate"], event["endDate"]) == ("2025-11-28", "2025-12-02")
    assert "geo" not in event["location"] if "location" in event else True


# ---------------------------------------------------------------- calendars
def only_event(content: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_ical_of_an_all_day_fair(client, settings):
    settings.SITE_URL = "https://cho-ocop.vn"
    fair = fair_page(
        "Hội chợ OCOP Quảng Ninh",
        start=datetime.date(2026, 2, 6),
        end=datetime.date(2026, 2, 11),
        province=province("22"),
        venue="Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh",
        summary="220 gian hàng",
    )

    response = client.get(f"{fair.url}ical/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hoi-cho-ocop-quang-ninh.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//Chợ OCOP//Hội chợ OCOP//VI")
    event = only_event(response.content)
    assert str(event["UID"]) == f"fair-{fair.pk}@cho-ocop.vn"
    assert event["DTSTAMP"].dt == fair.last_published_at.replace(microsecond=0)
    # All day: DTEND is the day after the last day (RFC 5545, exclusive).
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (datetime.date(2026, 2, 6), datetime.date(2026, 2, 12))
    assert str(event["SUMMARY"]) == "Hội chợ OCOP Quảng Ninh"
    # The province is not repeated when the venue already names it.
    assert str(event["LOCATION"]) == "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh"
    assert str(event["URL"]) == f"https://cho-ocop.vn{fair.url}"
    assert str(event["DESCRIPTION"]).startswith("220 gian hàng")


def test_ical_of_a_fair_with_times_is_in_vietnam_time(client):
    fair = fair_page(
        "Festival OCOP",
        start=datetime.date(2025, 12, 20),
        end=datetime.date(2025, 12, 23),
        start_time=datetime.time(8, 0),
        end_time=datetime.time(22, 0),
        latitude=Decimal("21.035"),
        longitude=Decimal("105.84"),
    )

    event = only_event(client.get(f"{fair.url}ical/").content)

    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert (start.isoformat(), end.isoformat()) == ("2025-12-20T08:00:00+07:00", "2025-12-23T22:00:00+07:00")
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (21.035, 105.84)


def test_ical_of_an_undated_fair_is_a_404(client):
    fair = fair_page("Chưa rõ ngày", start=None, dates_note="2021")

    assert client.get(f"{fair.url}ical/").status_code == 404


def test_feed_lists_the_dated_upcoming_fairs(client):
    fair_page("Sắp tới", start=days(3))
    fair_page("Đang diễn ra", start=days(-1), end=days(1))
    fair_page("Đã qua", start=days(-30), end=days(-28))
    fair_page("Chưa rõ ngày", start=None, dates_note="(28/11)")
    fair_page("Bản nháp", start=days(5), live=False)

    response = client.get("/hoi-cho/lich.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Đang diễn ra", "Sắp tới"]
    assert str(calendar["X-WR-CALNAME"]) == "Hội chợ và sự kiện"


def test_the_index_links_its_feed(client):
    response = client.get("/hoi-cho/")

    assertContains(response, 'href="/hoi-cho/lich.ics"')


def test_home_page_is_still_the_only_one():
    assert HomePage.objects.count() == 1
