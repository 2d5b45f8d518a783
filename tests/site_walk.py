"""Walking the site as each role: the data every screen needs, and a crawler of same-site links.

Used by the admin smoke test (tests/cms/test_admin_smoke.py) and the public pages walk
(tests/test_public_pages.py), so that neither lists screens by hand.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, resolve
from oscar.core.loading import get_class, get_model
from oscar.test import factories as oscar_factories
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, get_page_models

from shop import groups
from tests.factories import PartnerFactory, sellable_product
from tests.factories.displays import DisplayPointFactory

# Leaving, a file rather than a screen, a form-template placeholder, Wagtail's deliberate 500,
# switching language (a POST) or static and media files.
NEVER_OPEN = re.compile(r"logout|/download/|/export/|__fk__|/failwhale/|^/static/|^/media/|/i18n/")
MAX_SCREENS = 900
PAGE_KWARGS = ("page_id", "parent_page_id", "pk")
LOCAL_HOSTS = {None, "testserver", "127.0.0.1", "localhost"}

Basket = get_model("basket", "Basket")
Image = get_model("wagtailimages", "Image")


# ---------------------------------------------------------------- the data every screen needs


def sample_pages(product, producer, point) -> None:
    """One page of every type, under the first allowed parent; bodies embed every chooser block."""
    body = [
        ("product", {"product": product}),
        ("stall", {"producer": producer}),
        ("display_point", {"display_point": point}),
    ]
    for model in get_page_models():
        if model is Page or model.objects.exists():
            continue
        parent = next(
            (
                p
                for parent_model in model.allowed_parent_page_models()
                for p in parent_model.objects.all()[:1]
            ),
            None,
        )
        assert parent is not None, f"no allowed parent for {model.__name__} in the smoke data"
        page = model(title=f"Thử {model._meta.verbose_name}", slug=f"thu-{model._meta.model_name}")
        if "body" in {f.name for f in model._meta.get_fields()}:
            page.body = body
        parent.add_child(instance=page)


def sample_back_office(producer, product) -> None:
    """Objects Oscar's dashboard lists and edits: an order, an offer, a voucher, a range, a review,
    a bank transfer waiting to be matched."""
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(product, 1)
    oscar_factories.create_order(basket=basket)
    oscar_factories.create_offer(name="Ưu đãi mùa Tết")
    oscar_factories.create_voucher(code="TET2026")
    oscar_factories.ProductReviewFactory(product=product, title="Ngon", body="Rất ngon")
    oscar_factories.AttributeOptionGroupFactory(name="Quy cách đóng gói")
    oscar_factories.OptionFactory(name="Lời chúc")
    get_model("payment", "BankTransfer").objects.create(
        transaction_id="FT26334000099",
        amount=150_000,
        description="chuyen tien mua che",
        source="statement",
        outcome="unmatched",
    )


def user_in(username: str, *group_names: str, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@cho-ocop.local", "pw-123456789", **extra
    )
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def site_world() -> dict:
    groups.staff_groups_ensure()
    producer = PartnerFactory(name="HTX Chè Tân Cương")
    other = PartnerFactory(name="HTX Mật ong Mèo Vạc")
    product = sellable_product(title="Chè búp Tân Cương", producer=producer, price=180000)
    sellable_product(title="Mật ong bạc hà", producer=other, price=250000)
    point = DisplayPointFactory()
    sample_pages(product, producer, point)
    sample_back_office(producer, product)
    Image.objects.create(title="Đồi chè", file=get_test_image_file())
    get_document_model().objects.create(title="Quyết định công nhận", file=get_test_image_file())
    producer_user = user_in("producer", groups.PRODUCERS)
    producer.users.add(producer_user)
    return {
        "producer": producer,
        "product": product,
        "roles": {
            "superuser": get_user_model().objects.create_superuser(
                "admin", "admin@cho-ocop.local", "pw-123456789"
            ),
            # Not is_staff: Oscar's dashboard opens everything to staff; their work is in Wagtail.
            "trade promotion staff": user_in("promo", groups.TRADE_PROMOTION),
            "trade promotion approver": user_in(
                "approver", groups.TRADE_PROMOTION, groups.TRADE_PROMOTION_APPROVERS
            ),
            "order manager": user_in("orders", groups.ORDER_MANAGERS, is_staff=True),
            "producer": producer_user,
            "customer": user_in("customer"),
            "anonymous": None,
        },
    }


# ---------------------------------------------------------------- walking


class Links(HTMLParser):
    """Wanted same-site URLs in any attribute (links, form actions, data-*-url) and other hosts'
    assets."""

    ASSETS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")}

    def __init__(self, wanted: Callable[[str], bool]) -> None:
        super().__init__()
        self.wanted = wanted
        self.local: set[str] = set()
        self.remote_assets: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if value.startswith("/") and not value.startswith("//") and self.wanted(value):
                self.local.add(value)
            elif (tag, name) in self.ASSETS and urlsplit(value).hostname not in LOCAL_HOSTS:
                self.remote_assets.add(value)


def route_key(url: str, *, with_query: bool = True) -> tuple | None:
    """One screen per route and (for page routes) page type; per query parameter names too."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    page_type = ""
    for name in PAGE_KWARGS:
        value = match.kwargs.get(name)
        if (name != "pk" or "/pages/" in parts.path) and value and str(value).isdigit():
            page = Page.objects.filter(pk=int(value)).first()
            page_type = page.specific_class.__name__ if page and page.specific_class else ""
    if match.url_name == "wagtail_serve":  # one catch-all route serves every page type
        page = Page.objects.filter(depth__gte=2, url_path__endswith=parts.path).order_by("-depth").first()
        page_type = page.specific_class.__name__ if page and page.specific_class else ""
    query = tuple(sorted({key for key, _value in parse_qsl(parts.query)})) if with_query else ()
    return (match.route, match.url_name, query, page_type)


@dataclass
class Walk:
    """What one role opened: status per URL, and anything loaded from another host."""

    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    remote_assets: set[str] = field(default_factory=set)

    def open(self, client: Client, url: str) -> tuple[int, str]:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        self.seconds += elapsed
        self.slowest = sorted([*self.slowest, (elapsed, url)], reverse=True)[:3]
        self.statuses[url] = response.status_code
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            self.errors[url] = repr(exc[1]) if exc else response.content[:300].decode(errors="replace")
        kind = response.get("Content-Type", "")
        body = response.content.decode(errors="replace") if "html" in kind or "json" in kind else ""
        return response.status_code, body


def walk(client: Client, starts: Iterable[str], wanted: Callable[[str], bool]) -> Walk:
    """Breadth-first through every wanted same-site link, each route once (with each set of query
    names)."""
    result = Walk()
    seen: set[tuple] = set()
    queue = deque(sorted(starts))
    while queue and len(result.statuses) < MAX_SCREENS:
        url = queue.popleft()
        key = route_key(url)
        if key is None or key in seen or NEVER_OPEN.search(url) or not wanted(url):
            continue
        seen.add(key)
        status, body = result.open(client, url)
        if status != 200 or not body:
            continue
        parser = Links(wanted)
        parser.feed(body.replace("\\/", "/"))  # modal responses carry their HTML as JSON
        result.remote_assets |= parser.remote_assets
        queue.extend(sorted(link.replace("&amp;", "&") for link in parser.local))
    return result


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client
