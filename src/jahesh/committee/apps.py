from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "jahesh.committee"
    verbose_name = "کمیته ارتباطات مجمع کلان‌شهرها"
