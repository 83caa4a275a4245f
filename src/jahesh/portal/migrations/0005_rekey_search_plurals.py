"""Rekey the stored search keys again: ``persian.search_key`` now keys a plural or a word with
its ezafe as its stem (بوستان‌ها، کارگران، نمایندگان، دانشجوی -> بوستان، کارگر، نماینده،
دانشجو), so keys stored before would miss queries for some of them (a query for «نماینده» is a
prefix of no word of «نمایندگان»). As in 0004, a key is rekeyed from itself: a key of a key is
the same key. ``jahesh portal_reindex`` rebuilds every key from the rows instead."""

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
    dependencies = [("portal", "0004_rekey_search_compounds")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
