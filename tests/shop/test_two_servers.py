"""Two app servers on one PostgreSQL: a change made through one is seen by the next request to the
other when they share one cache (CACHE_URL, Redis), and not when each keeps its own.

Two gunicorn processes run production settings against the tests database, searching it with the
database backend (no ELASTICSEARCH_URL): its typo vocabulary and producer suggestions are kept per
process and validated by tokens in Django's cache (search.backends.db_text.ProcessCache), its facet
labels live in that cache (search.facets). Both servers answer once, so each holds its caches; a
staff member renames a producer and a category in server A's dashboard; then server B is asked.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from tests.factories import CategoryFactory, PartnerFactory, category, sellable_product

pytestmark = [
    # PostgreSQL only: the servers are other processes, and SQLite's tests database is in memory.
    pytest.mark.postgres,
    pytest.mark.servers,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # the servers see committed rows
]

BASE_DIR = Path(__file__).resolve().parents[2]
OLD_PRODUCER = "HTX Alpha Sơn La"
NEW_PRODUCER = "HTX Omega Bravo"
TYPO = "omegx"  # one edit from "omega": found only through the typo vocabulary
OLD_CATEGORY = "Mật ong thử nghiệm"
NEW_CATEGORY = "Mật ong rừng Tây Bắc"
STAFF_EMAIL = "staff@cho-ocop.local"
STAFF_PASSWORD = "pw-two-servers-123"
START_SECONDS = 60  # a loaded machine takes half that to import Django, Oscar and Wagtail twice


# ---------------------------------------------------------------- HTTP, as a browser behind the HTTPS proxy
@dataclass
class Answer:
    status: int
    headers: Message
    text: str

    def json(self) -> dict:
        return json.loads(self.text)


class FormReader(HTMLParser):
    """The forms of a page: action and the fields a browser would send (no files, no buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "option" and self._select is not None:
            # The first option unless one is selected, as a browser sends it.
            if self._select not in fields or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in {"submit", "button", "image", "file", "reset"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                fields[a["name"]] = a.get("value", "on" if a.get("type") in {"checkbox", "radio"} else "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in {"select", "textarea"}:
            self._select = self._textarea = None


def form_fields(html: str, holding: str) -> tuple[str, dict[str, str]]:
    """(action, fields) of the page's form that has a field named `holding`."""
    reader = FormReader()
    reader.feed(html)
    for action, fields in reader.forms:
        if holding in fields:
            return action, fields
    raise AssertionError(f"no form with a {holding!r} field")


class Visitor:
    """One browser on one server: its own cookies; every request as HTTPS through the proxy
    (production settings redirect plain HTTP and mark every cookie Secure)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> Answer:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                }
            )
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text)

    def get(self, path: str, **params: str) -> Answer:
        return self.request("GET", path + ("?" + urlencode(params) if params else ""))

    def submit(self, path: str, holding: str, **changes: str) -> Answer:
        """Open the page, fill the form that has a `holding` field with `changes`, send it."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        action, fields = form_fields(page.text, holding)
        return self.request("POST", action or path, urlencode({**fields, **changes}))


# ---------------------------------------------------------------- the servers
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_of_tests() -> str:
    """The tests database (test_…), which this test's committed rows are in."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def server_environment(tmp_path: Path, cache_url: str | None) -> dict[str, str]:
    dropped = {"ELASTICSEARCH_URL", "CACHE_URL", "CACHE_KEY_PREFIX", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.shop.two_servers_settings",
        DATABASE_URL=database_url_of_tests(),
        SECRET_KEY="two-servers-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        # The rename's search-text task runs in the request, after its commit: no worker to start.
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        # Keys of earlier runs left in a shared Redis are never read.
        CACHE_KEY_PREFIX=f"two-servers-{uuid.uuid4().hex}",
    )
    if cache_url:
        environment["CACHE_URL"] = cache_url
    return environment


def wait_until_answering(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} exited:\n{log.read_text()[-3000:]}")
        try:
            if Visitor(port).get("/api/search/suggest/", q="a").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(
        f"gunicorn on {port} did not answer in {START_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture
def start_servers(tmp_path: Path) -> Iterator[Callable[[str | None], tuple[Visitor, Visitor]]]:
    """start(cache_url) → visitors of two gunicorn processes sharing the database (and the cache if set)."""
    processes: list[subprocess.Popen] = []

    def start(cache_url: str | None) -> tuple[Visitor, Visitor]:
        environment = server_environment(tmp_path, cache_url)
        (tmp_path / "static").mkdir(exist_ok=True)
        started = []
        for name in ("a", "b"):
            port, log = free_port(), tmp_path / f"gunicorn-{name}.log"
            command = [sys.executable, "-m", "gunicorn", "shop.wsgi:application", "--chdir", str(BASE_DIR)]
            command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"]
            with log.open("w") as output:
                process = subprocess.Popen(
                    command, cwd=BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
                )
            processes.append(process)
            started.append((process, port, log))
        for process, port, log in started:
            wait_until_answering(process, port, log)
        return Visitor(started[0][1]), Visitor(started[1][1])

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------- the scenario
@dataclass
class Catalogue:
    product_title: str
    producer_pk: int
    category_pk: int
    category_slug: str


@pytest.fixture
def catalogue() -> Catalogue:
    honey = CategoryFactory(code="T.1", name=OLD_CATEGORY, parent=category("I"))
    producer = PartnerFactory(name=OLD_PRODUCER)
    product = sellable_product(title="Mật ong hoa ban", producer=producer, categories=[honey])
    staff = get_user_model().objects.create_superuser("staff", STAFF_EMAIL)
    # Hashed as production checks it (the tests' settings hash with MD5, which production refuses).
    staff.password = PBKDF2PasswordHasher().encode(STAFF_PASSWORD, "two-servers", iterations=1000)
    staff.save(update_fields=["password"])
    return Catalogue(product.title, producer.pk, honey.pk, honey.slug)


@dataclass(frozen=True)
class Seen:
    """What one server answers about the product, through the search API."""

    by_new_name: bool
    by_old_name: bool
    by_typo_of_new_name: bool
    new_name_suggested: bool
    category: tuple[str, int]  # label and count of the product's category in the facets


def titles(server: Visitor, text: str) -> list[str]:
    answer = server.get("/api/search/", q=text)
    assert answer.status == 200, answer.text[:500]
    return [hit["title"] for hit in answer.json()["results"]]


def seen(server: Visitor, catalogue: Catalogue) -> Seen:
    found = [catalogue.product_title]
    answer = server.get("/api/search/", q="mat ong hoa ban")
    facet = {value["value"]: value for value in answer.json()["facets"]["category"]}[catalogue.category_slug]
    suggestions = server.get("/api/search/suggest/", q="omega").json()["suggestions"]
    return Seen(
        by_new_name=titles(server, NEW_PRODUCER) == found,
        by_old_name=titles(server, OLD_PRODUCER) == found,
        by_typo_of_new_name=titles(server, TYPO) == found,
        new_name_suggested=any(s["kind"] == "producer" and s["text"] == NEW_PRODUCER for s in suggestions),
        category=(facet["label"], facet["count"]),
    )


def warm(server: Visitor, catalogue: Catalogue) -> None:
    """Fill the server's caches: facet labels, the typo vocabulary, the producers suggested."""
    assert titles(server, "alphx") == [catalogue.product_title]  # a typo of "alpha": the vocabulary
    suggested = server.get("/api/search/suggest/", q="alpha").json()["suggestions"]
    assert [s["text"] for s in suggested if s["kind"] == "producer"] == [OLD_PRODUCER]
    assert seen(server, catalogue) == Seen(False, True, False, False, (OLD_CATEGORY, 1))


def rename_through_dashboard(server: Visitor, catalogue: Catalogue) -> None:
    """Staff sign in to the server's dashboard and rename the producer and the category."""
    signed_in = server.submit(
        reverse("customer:login"),
        "login-username",
        **{"login-username": STAFF_EMAIL, "login-password": STAFF_PASSWORD, "login_submit": "1"},
    )
    assert signed_in.status == 302, signed_in.text[:2000]
    renamed = server.submit(
        reverse("dashboard:partner-manage", kwargs={"pk": catalogue.producer_pk}),
        "name",
        name=NEW_PRODUCER,
        line1="Bản Áng",
        line4="Mộc Châu",
        country="VN",
    )
    assert renamed.status == 302, renamed.text[-3000:]
    renamed = server.submit(
        reverse("dashboard:catalogue-category-update", kwargs={"pk": catalogue.category_pk}),
        "name",
        name=NEW_CATEGORY,
    )
    assert renamed.status == 302, renamed.text[-3000:]


def test_a_rename_through_one_server_is_seen_by_the_next_requests_to_the_other(
    start_servers, redis_url: str, catalogue: Catalogue
):
    a, b = start_servers(redis_url)
    warm(a, catalogue)
    warm(b, catalogue)

    rename_through_dashboard(a, catalogue)

    assert seen(b, catalogue) == Seen(True, False, True, True, (NEW_CATEGORY, 1))


def test_without_a_shared_cache_the_other_server_answers_from_its_stale_caches(
    start_servers, catalogue: Catalogue
):
    """The same scenario with CACHE_URL unset (local memory in each process): what makes the test
    above pass is the shared cache. Server B keeps every answer it cached under its own catalogue
    version, which only a write through B replaces: the old name still finds the product, the new
    one (searched while warming) still does not, until the cache timeout."""
    a, b = start_servers(None)
    warm(a, catalogue)
    warm(b, catalogue)

    rename_through_dashboard(a, catalogue)

    assert seen(b, catalogue) == Seen(False, True, False, False, (OLD_CATEGORY, 1))
    # Server A, whose own caches the rename cleared, answers afresh: the rename did happen.
    assert seen(a, catalogue) == Seen(True, False, True, True, (NEW_CATEGORY, 1))
