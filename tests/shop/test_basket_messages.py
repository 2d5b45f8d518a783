"""Oscar's basket messages are the only ones rendered with |safe (templates/components/messages.html):
a title a producer typed reaches them escaped."""

from __future__ import annotations

import pytest

from tests.factories import sellable_product

pytestmark = pytest.mark.django_db

TITLE = "<script>alert('xss')</script> Mật ong"


def test_the_added_to_basket_message_escapes_the_product_title(client):
    product = sellable_product(title=TITLE, price=120000)

    response = client.post(f"/basket/add/{product.pk}/", {"quantity": 1}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    start = page.index('id="messages"')
    messages = page[start : page.index("</div></div>", start)]
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in messages
