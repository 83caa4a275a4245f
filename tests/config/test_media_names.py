"""A file name the file system refuses is a missing file, not a server error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
def test_a_media_name_longer_than_the_file_system_allows_is_not_found(client: Client) -> None:
    if not settings.SERVE_FILES:
        pytest.skip("this process does not serve /media/ (SERVE_FILES is off)")
    # The refusal comes only where the folder exists (otherwise the path is simply missing).
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    # 200 Persian letters: within the address guard's 255 characters, but 400 bytes on disk,
    # past the 255 bytes a file name may have.
    name = "ش" * 200
    answer = client.get("/media/" + quote(name))
    assert answer.status_code == 404
    kept = client.get("/media/" + quote("ش" * 20))
    assert kept.status_code == 404
