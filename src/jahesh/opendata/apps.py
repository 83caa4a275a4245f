from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "jahesh.opendata"
    verbose_name = "داده‌های باز"
