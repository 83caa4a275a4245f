from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Wires the project together; home of the `jahesh` commands that span every app."""

    name = "jahesh.config"
    label = "jahesh_config"
    verbose_name = "پیکربندی"
