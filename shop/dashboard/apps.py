"""Oscar's dashboard forked to hide the flatpages section (Wagtail is our one CMS), to add the
producer applications (staff's queue, the applicant's status page) and the producer's stall
profile, and to hold the one check that keeps a producer awaiting approval out of every other
dashboard page."""

from functools import wraps

import oscar.apps.dashboard.apps as apps
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from oscar.core.loading import get_class

# Reachable by a producer whose stall is not approved yet; every other dashboard URL redirects it
# to its application status.
OPEN_TO_APPLICANTS = {"application-status", "login", "logout"}


def applicant_redirected(view):
    """Send a signed-in producer awaiting approval (or refused) to its application status."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from shop.partner.selectors import user_awaiting_approval

        if user_awaiting_approval(user=request.user):
            return redirect("dashboard:application-status")
        return view(request, *args, **kwargs)

    return wrapped


class DashboardConfig(apps.DashboardConfig):
    name = "shop.dashboard"
    label = "dashboard"

    def configure_permissions(self) -> None:
        super().configure_permissions()
        permission = get_class("dashboard.permissions", "DashboardPermission")
        # A producer edits its own stall (found through partner.users); staff edit any by id.
        self.permissions_map["stall-profile"] = (permission.staff, permission.partner_dashboard_access)
        self.permissions_map["stall-profile-edit"] = permission.staff
        review = ["is_staff", "partner.change_partner"]
        self.permissions_map |= {
            "application-list": ["is_staff", "partner.view_partner"],
            "application-detail": ["is_staff", "partner.view_partner"],
            "application-approve": review,
            "application-reject": review,
            "application-status": self.permissions_map["index"],
        }

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from .applications import views
        from .stall import StallProfileView

        urls = [url for url in super().get_urls() if str(url.pattern) != "pages/"]
        urls += self.post_process_urls(
            [
                path("applications/", views.ApplicationListView.as_view(), name="application-list"),
                path(
                    "applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"
                ),
                path(
                    "applications/<int:pk>/approve/",
                    views.ApplicationApproveView.as_view(),
                    name="application-approve",
                ),
                path(
                    "applications/<int:pk>/reject/",
                    views.ApplicationRejectView.as_view(),
                    name="application-reject",
                ),
                path("my-application/", views.ApplicationStatusView.as_view(), name="application-status"),
                path("stall/", StallProfileView.as_view(), name="stall-profile"),
                path("stall/<int:pk>/", StallProfileView.as_view(), name="stall-profile-edit"),
            ]
        )
        return urls

    def get_url_decorator(self, pattern: URLPattern):
        # Oscar calls this for every dashboard URL, the sub-apps' included ones too: the one place
        # where a pending producer is kept out, whatever view a later fork adds.
        decorator = super().get_url_decorator(pattern)
        if pattern.name in OPEN_TO_APPLICANTS:
            return decorator
        if decorator is None:
            return applicant_redirected
        return lambda view: applicant_redirected(decorator(view))
