from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jahesh.portal"
    verbose_name = "درگاه عمومی"

    def ready(self) -> None:
        from jahesh.portal import signals

        signals.connect()
