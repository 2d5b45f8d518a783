"""Staff reach the Oscar dashboard and the Wagtail admin; the flatpages dashboard is gone."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@cho-ocop.local", "pw-123456789")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/",
        "/dashboard/catalogue/",
        "/dashboard/orders/",
        "/dashboard/partners/",
        "/cms/",
        "/cms/pages/",
    ],
)
def test_staff_can_open_the_back_offices(staff_client, path):
    response = staff_client.get(path)

    assert response.status_code == 200


def test_dashboard_menu_links_wagtail_and_not_flatpages(staff_client):
    html = staff_client.get("/dashboard/").content.decode()

    assert 'href="/cms/"' in html
    assert "/dashboard/pages/" not in html


def test_flatpages_dashboard_is_not_served(staff_client):
    assert staff_client.get("/dashboard/pages/").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
