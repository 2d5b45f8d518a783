"""Certificate check by QR: `/xac-thuc/<code>/` (a fixed Vietnamese path: it is printed on labels)
and the shelf label sheet (shop.urls mounts these at the site's root)."""

from django.urls import path, register_converter

from . import verification_views as views
from .verification import CodeConverter

register_converter(CodeConverter, "ocopcode")

app_name = "verification"
urlpatterns = [
    path("xac-thuc/<ocopcode:code>/", views.verification_detail, name="detail"),
    path("xac-thuc/<ocopcode:code>/qr.svg", views.verification_qr, {"kind": "svg"}, name="qr-svg"),
    path("xac-thuc/<ocopcode:code>/qr.png", views.verification_qr, {"kind": "png"}, name="qr-png"),
    path("nhan-ke/", views.label_sheet, name="labels"),
]
