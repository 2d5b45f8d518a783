"""The shoppers of bench/load.py: Locust users browsing, searching and adding to their basket.

Run by bench/load.py (headless, in its own virtualenv); the paths to visit come from the JSON file
named by LOAD_PATHS, written from the benchmark's catalogue. Weights follow a storefront's mix:
mostly lists, product pages and the search API, some home page views and basket adds.

Production settings mark cookies `Secure`, and this load runs over plain HTTP on loopback, where an
HTTP client rightly withholds Secure cookies: each user keeps its cookies itself (`jar`) and sends
them with every request.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOAD_PATHS"], encoding="utf-8") as paths:
    PATHS = json.load(paths)
TEXTS = ["mật ong", "mat ong", "che thai nguyen", "nước mắm", "gao st25", "ca phe", "banh trang", "hat dieu"]
STARS = ["3", "4", "5"]


class Shopper(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.jar: dict[str, str] = {}

    def get(self, path: str, **kwargs):
        return self.client.get(path, cookies=self.jar, **kwargs)

    def remember(self, response) -> None:
        self.jar.update({cookie.name: cookie.value for cookie in response.cookies})

    @task(2)
    def home(self) -> None:
        self.remember(self.get("/", name="home"))

    @task(4)
    def product_list(self) -> None:
        path = random.choice(PATHS["lists"])
        query = random.choice(["", f"?stars={random.choice(STARS)}", "?sort=price_asc", "?page=2"])
        self.remember(self.get(path + query, name="list"))

    @task(4)
    def product(self) -> None:
        self.remember(self.get(random.choice(PATHS["products"]), name="product"))

    @task(4)
    def search_api(self) -> None:
        params = {"q": random.choice(TEXTS)}
        if random.random() < 0.5:
            params["stars"] = random.choice(STARS)
        with self.get("/api/search/", params=params, name="api search", catch_response=True) as response:
            expect_backend(response, "results")

    @task(2)
    def suggest_api(self) -> None:
        text = random.choice(TEXTS)[: random.randint(2, 6)]
        with self.get(
            "/api/search/suggest/", params={"q": text}, name="api suggest", catch_response=True
        ) as response:
            expect_backend(response, "suggestions")

    @task(1)
    def basket_add(self) -> None:
        product_id, path = random.choice(PATHS["sellable"])
        self.remember(self.get(path, name="product"))
        token = self.jar.get("csrftoken", "")
        with self.client.post(
            f"/basket/add/{product_id}/",
            data={"quantity": 1, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + path},
            cookies=self.jar,
            name="basket add",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self.remember(response)
            if response.status_code != 302:
                response.failure(f"basket add answered {response.status_code}")


def expect_backend(response, key: str) -> None:
    """An API answer that is not Elasticsearch's own counts as a failure: a fallback."""
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}")
        return
    body = response.json()
    if key not in body:
        response.failure(f"no {key!r} in the answer")
    elif body.get("backend", "elasticsearch") != "elasticsearch":
        response.failure(f"answered by the {body['backend']} backend (a fallback)")
