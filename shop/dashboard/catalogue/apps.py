"""Forked catalogue dashboard (label unchanged: `catalogue_dashboard`): producers' products,
certificate claims and the staff review queues."""

from __future__ import annotations

import oscar.apps.dashboard.catalogue.apps as apps
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "shop.dashboard.catalogue"
    label = "catalogue_dashboard"
    verbose_name = _("Catalogue")

    def configure_permissions(self) -> None:
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        # The queues are staff's (the default); a producer enters its own product's certificate.
        self.permissions_map["catalogue-product-certificate"] = (
            DashboardPermission.get("catalogue", "view_product", "change_product"),
            DashboardPermission.partner_dashboard_access,
        )

    def ready(self) -> None:
        super().ready()
        views = "dashboard.catalogue.views"
        self.product_certificate_view = get_class(views, "ProductCertificateView")
        self.product_review_list_view = get_class(views, "ProductReviewListView")
        self.product_review_decision_view = get_class(views, "ProductReviewDecisionView")
        self.certificate_claim_list_view = get_class(views, "CertificateClaimListView")
        self.certificate_claim_decision_view = get_class(views, "CertificateClaimDecisionView")

    def get_urls(self) -> list:
        urls = [
            path(
                "products/<int:pk>/certificate/",
                self.product_certificate_view.as_view(),
                name="catalogue-product-certificate",
            ),
            path("reviews/", self.product_review_list_view.as_view(), name="catalogue-product-review-list"),
            path(
                "reviews/<int:pk>/",
                self.product_review_decision_view.as_view(),
                name="catalogue-product-review-decision",
            ),
            path(
                "certificates/",
                self.certificate_claim_list_view.as_view(),
                name="catalogue-certificate-claim-list",
            ),
            path(
                "certificates/<int:pk>/",
                self.certificate_claim_decision_view.as_view(),
                name="catalogue-certificate-claim-decision",
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()
