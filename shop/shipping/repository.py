"""The shipping methods offered at checkout: standard delivery (the default) and express."""

from __future__ import annotations

from oscar.apps.shipping import repository

from .methods import Express, Standard


class Repository(repository.Repository):
    # Oscar takes the first method as the default (the basket page's estimate). An empty basket
    # needs no shipping: Oscar's repository answers NoShippingRequired before these are asked.
    methods = (Standard(), Express())
