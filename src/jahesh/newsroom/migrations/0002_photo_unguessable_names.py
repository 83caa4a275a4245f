"""Give photos stored under guessable names (``<code>-<n>.<ext>``) random ones.

Each file is copied to its new name and its row pointed there; the old files are deleted only
once the migration has committed, so a failure leaves every row with a file. A row whose file is
missing keeps its name: the media view gates it like any other.
"""

import posixpath
import re
import secrets

from django.core.files.storage import default_storage
from django.db import migrations, transaction

# Names this app has ever handed out: the article code and the photo's number.
_GUESSABLE_STEM = re.compile(r"\d+-\d+(?:_[A-Za-z0-9]{7})?")


def rename_guessable_photos(apps, schema_editor):
    ArticlePhoto = apps.get_model("newsroom", "ArticlePhoto")
    for photo in ArticlePhoto.objects.exclude(file="").iterator():
        old = photo.file.name
        folder, base = posixpath.split(old)
        stem, _, extension = base.rpartition(".")
        if not _GUESSABLE_STEM.fullmatch(stem) or not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as handle:
            new = default_storage.save(
                posixpath.join(folder, f"{secrets.token_urlsafe(16)}.{extension}"), handle
            )
        ArticlePhoto.objects.filter(pk=photo.pk).update(file=new)
        transaction.on_commit(lambda name=old: default_storage.delete(name))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_guessable_photos, migrations.RunPython.noop, elidable=True),
    ]
