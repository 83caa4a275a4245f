from django.urls import URLPattern, path

from jahesh.core.security import views

app_name = "security"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("two-factor/", views.enrol, name="enrol"),
    path("two-factor/qr.svg", views.qr, name="qr"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/codes/", views.codes_renew, name="codes-renew"),
    path("city/<int:city_id>/", views.city_events, name="city"),
    path("city/<int:city_id>/reset/", views.device_reset, name="device-reset"),
]
