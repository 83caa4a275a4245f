"""A promise stays on record when its ceremony or project is deleted (docs/accountability.md).

Deleting a ceremony or a project empties the promise's link to it (``SET_NULL``). Just before,
the promise's outcome is computed once more from the rows as they still are, and what its page
and downloads show of them is copied onto it (``removed_*``): so a promise met before the
deletion keeps its outcome, and one not met is cancelled on the day of the deletion, by the one
rule in ``leaps.selectors.promises``, stored by the refresh run right after the delete, in the
same transaction. Deletions themselves are audit-logged by the registry's services.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone

from jahesh.leaps.models import PromiseRecord
from jahesh.leaps.services import promise_outcomes_refresh
from jahesh.registry.models import Ceremony, Project, ProjectQuerySet

# The promises a row being deleted is linked to, kept on the instance from pre to post delete.
_RECORDS = "_jahesh_promise_records"


def _before_ceremony_deleted(sender: Any, instance: Ceremony, **kwargs: Any) -> None:
    records = PromiseRecord.objects.filter(ceremony=instance)
    ids = list(records.values_list("pk", flat=True))
    if not ids:
        return
    promise_outcomes_refresh(records=PromiseRecord.objects.filter(pk__in=ids))
    PromiseRecord.objects.filter(pk__in=ids).update(
        removed_at=timezone.now(), removed_ceremony_ref=instance.pk
    )
    setattr(instance, _RECORDS, ids)


def _before_project_deleted(sender: Any, instance: Project, **kwargs: Any) -> None:
    ids = list(PromiseRecord.objects.filter(project=instance).values_list("pk", flat=True))
    if not ids:
        return
    promise_outcomes_refresh(records=PromiseRecord.objects.filter(pk__in=ids))
    district = instance.district
    PromiseRecord.objects.filter(pk__in=ids).update(
        removed_at=timezone.now(),
        removed_project_code=instance.code,
        removed_project_title=instance.title,
        removed_project_public=Project.objects.filter(
            ProjectQuerySet.public_q(city_checked=True), pk=instance.pk
        ).exists(),
        removed_district_number=district.number if district else None,
        removed_district_name=district.name if district else "",
        removed_sectors="\n".join(instance.sectors.order_by("name").values_list("name", flat=True)),
    )
    setattr(instance, _RECORDS, ids)


def _after_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    ids = getattr(instance, _RECORDS, None)
    if ids:
        promise_outcomes_refresh(records=PromiseRecord.objects.filter(pk__in=ids))


def connect() -> None:
    pre_delete.connect(
        _before_ceremony_deleted, sender=Ceremony, dispatch_uid="promises_keep_ceremony"
    )
    pre_delete.connect(
        _before_project_deleted, sender=Project, dispatch_uid="promises_keep_project"
    )
    for model in (Ceremony, Project):
        post_delete.connect(_after_deleted, sender=model, dispatch_uid=f"promises_kept_{model}")
