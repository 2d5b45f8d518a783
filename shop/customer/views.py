"""Signing out by POST only; signing in never follows a redirect that is not one of our pages;
address book forms with one full name; a guest's order page straight from the email link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.views.generic.base import TemplateResponseMixin
from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_model

from shop.checkout.forms import UserAddressForm

from .order_links import guest_order_key_valid

Order = get_model("order", "Order")


class LogoutView(TemplateResponseMixin, oscar_views.LogoutView):
    """Signing out changes state, so it takes a POST with its CSRF token: a GET (a link planted in
    another site's <img>, a prefetcher) only shows the form that asks to confirm it."""

    template_name = "oscar/customer/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response({})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Oscar's sign-out: the session ends, its cookies are deleted, then home.
        return super().get(request, *args, **kwargs)


class AccountAuthView(oscar_views.AccountAuthView):
    """Oscar's sign-in and registration page. Its sign-in form accepts any same-host `redirect_url`
    and Django's `redirect()` would read a bare word ("on") as a URL name: NoReverseMatch, a 500.
    As Oscar's registration form already does, a redirect that is not a page of ours goes home."""

    def get_login_success_url(self, form: Any) -> str:
        url = super().get_login_success_url(form)
        if url == form.cleaned_data["redirect_url"] and not page_of_ours(url):
            return settings.LOGIN_REDIRECT_URL
        return url


def page_of_ours(url: str) -> bool:
    """Whether `url` is an absolute path this site resolves (its query string aside)."""
    if not url.startswith("/") or url.startswith("//"):
        return False
    try:
        resolve(url.split("?", 1)[0].split("#", 1)[0])
    except Resolver404:
        return False
    return True


class AddressCreateView(oscar_views.AddressCreateView):
    """A new address book entry, with one full-name field (shop.checkout.forms.UserAddressForm)."""

    form_class = UserAddressForm


class AddressUpdateView(oscar_views.AddressUpdateView):
    form_class = UserAddressForm


class AnonymousOrderDetailView(oscar_views.AnonymousOrderDetailView):
    """Oscar's guest order page, reached straight from the link in our emails: a valid `key`
    (shop.customer.order_links) stands for the order's email, which Oscar otherwise asks for. The
    page then redirects to itself without the key, so the key stays out of the address bar, the
    browser history and any Referer. A wrong key changes nothing: Oscar's email form is next."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.GET.get("key", "")
        if key:
            order = Order.objects.filter(user=None, number=self.order_number).first()
            if (
                order is not None
                and order.check_verification_hash(self.hash)
                and guest_order_key_valid(order, key)
            ):
                request.session["anon_order_email"] = order.email
            return redirect(request.path)
        return super().dispatch(request, *args, **kwargs)
