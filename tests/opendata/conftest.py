from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test's database starts over, and with it the content versions a cached file is keyed
    on: a file cached by one test must not answer the next."""
    cache.clear()
    yield
    cache.clear()
