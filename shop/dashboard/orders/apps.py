"""App config of the forked orders dashboard (label unchanged: `orders_dashboard`)."""

import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "shop.dashboard.orders"
    label = "orders_dashboard"
