from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jahesh.registry"
    verbose_name = "ثبت پروژه‌ها"

    def ready(self) -> None:
        from jahesh.registry.importing.progress import PROGRESS_SUBJECT
        from jahesh.registry.importing.subjects import import_subject_register

        import_subject_register(PROGRESS_SUBJECT)
