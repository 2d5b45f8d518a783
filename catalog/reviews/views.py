"""Writing a review: shoppers sign in first; the review waits for staff (OSCAR_MODERATE_REVIEWS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from oscar.apps.catalogue.reviews import views as oscar_views


class CreateProductReview(oscar_views.CreateProductReview):
    def dispatch(self, request, *args, **kwargs):
        # Oscar sends a signed-out visitor back to the product with "you can't review"; the
        # order status page links here, so sign in and come back instead.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        url = super().get_success_url()  # adds Oscar's "Thank you for reviewing this product"
        if self.object.pending_moderation:
            messages.info(self.request, _("Your review will appear once our staff have checked it."))
        return url
