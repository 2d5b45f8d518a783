"""Oscar's customer app with our sign-out view. Its models, migrations and label are Oscar's
(`name` is still `oscar.apps.customer`): only the views Oscar's config exposes are replaced."""

import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    def ready(self) -> None:
        super().ready()
        from .views import LogoutView

        self.logout_view = LogoutView
