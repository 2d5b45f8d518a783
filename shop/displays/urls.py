from django.urls import path

from . import views

app_name = "displays"
urlpatterns = [
    path("", views.DisplayPointListView.as_view(), name="list"),
    path("<slug:slug>/", views.DisplayPointDetailView.as_view(), name="detail"),
    path("<slug:slug>/nhan-ke/", views.display_point_labels, name="labels"),
]
