from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jahesh.portal"
    verbose_name = "درگاه عمومی"
