from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "jahesh.committee"
    verbose_name = "کمیته ارتباطات مجمع کلان‌شهرها"

    def ready(self) -> None:
        # Services announce; the queue listens here, so services never import tasks.
        from jahesh.committee import tasks

        tasks.connect()
