from django.urls import path

from . import views

app_name = "ocop-statistics"
urlpatterns = [
    path("", views.StatisticsView.as_view(), name="index"),
    path("<slug:table>.csv", views.StatisticsCsvView.as_view(), name="csv"),
    path("<slug:slug>/", views.StatisticsView.as_view(), name="province"),
    path("<slug:slug>/<slug:table>.csv", views.StatisticsCsvView.as_view(), name="province-csv"),
]
