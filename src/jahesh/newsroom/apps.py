from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "jahesh.newsroom"
    verbose_name = "اتاق خبر"

    def ready(self) -> None:
        # Services announce; the queue listens here, so services never import tasks.
        from jahesh.newsroom import tasks

        tasks.connect()
