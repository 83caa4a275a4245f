from django.apps import AppConfig


class LeapsConfig(AppConfig):
    name = "jahesh.leaps"
    verbose_name = "برنامه‌های جهش"
