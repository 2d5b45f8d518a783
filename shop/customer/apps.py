"""Oscar's customer app with our sign-out and sign-in views. Its models, migrations and label are Oscar's
(`name` is still `oscar.apps.customer`): only the views Oscar's config exposes are replaced."""

import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    def ready(self) -> None:
        super().ready()
        from .views import AccountAuthView, LogoutView

        self.logout_view = LogoutView
        self.login_view = AccountAuthView
