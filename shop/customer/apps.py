"""Oscar's customer app with our sign-out, sign-in and address book views. Its models, migrations
and label are Oscar's (`name` is still `oscar.apps.customer`):
only the views Oscar's config exposes are replaced."""

import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    def ready(self) -> None:
        super().ready()
        from .views import (
            AccountAuthView,
            AddressCreateView,
            AddressUpdateView,
            AnonymousOrderDetailView,
            LogoutView,
        )

        self.logout_view = LogoutView
        self.login_view = AccountAuthView
        self.address_create_view = AddressCreateView
        self.address_update_view = AddressUpdateView
        self.anon_order_detail_view = AnonymousOrderDetailView
