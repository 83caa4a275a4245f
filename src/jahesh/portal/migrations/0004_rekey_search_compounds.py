"""Rekey the stored search keys: ``persian.search_key`` now parts compounds (بهره‌برداری,
بهرهبرداری and بهره برداری all key as «بهره برداری»), so keys stored before would miss queries
for them. A key is rekeyed from itself: the old key is the text folded with its non-joiners
dropped, which the new key function reads as the joined spelling. ``jahesh portal_reindex``
rebuilds every key from the rows instead."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jahesh import persian

BATCH = 2000


def rekey(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("portal", "SearchEntry")
    changed = []
    for entry in entry_model.objects.only("id", "key").iterator(chunk_size=BATCH):
        key = persian.search_key(entry.key)
        if key != entry.key:
            entry.key = key
            changed.append(entry)
        if len(changed) >= BATCH:
            entry_model.objects.bulk_update(changed, ["key"])
            changed.clear()
    if changed:
        entry_model.objects.bulk_update(changed, ["key"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_search_terms_postgresql")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
