from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_occasions(sender: AppConfig, **kwargs: Any) -> None:
    from jahesh.leaps.services import occasions_seed

    occasions_seed()


class LeapsConfig(AppConfig):
    name = "jahesh.leaps"
    verbose_name = "برنامه‌های جهش"

    def ready(self) -> None:
        # The shipped occasions follow the code, so they are refreshed after every migrate
        # rather than frozen into a data migration.
        post_migrate.connect(_seed_occasions, sender=self, dispatch_uid="leaps_seed_occasions")
        # Services announce; the queue listens here, so services never import tasks.
        from jahesh.leaps import removals, sweeps, tasks  # noqa: F401 - sweeps: its periodic task

        tasks.connect()
        removals.connect()
        from jahesh.leaps.importing import WAVES_SUBJECT
        from jahesh.registry.importing.subjects import import_subject_register

        import_subject_register(WAVES_SUBJECT)
