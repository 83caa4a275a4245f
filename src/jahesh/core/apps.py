from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jahesh.core"
    verbose_name = "هسته"
