from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jahesh.registry"
    verbose_name = "ثبت پروژه‌ها"
