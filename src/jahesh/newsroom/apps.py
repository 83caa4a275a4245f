from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "jahesh.newsroom"
    verbose_name = "اتاق خبر"
