"""Article codes under concurrent writers: unique, sequential, never reused (real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from jahesh.newsroom import services
from jahesh.newsroom.models import Article
from tests.registry.factories import MembershipFactory, MunicipalityFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THREADS = 6
EACH = 5


def test_concurrent_writers_never_share_or_skip_a_code():
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a file database: set JAHESH_TEST_DATABASE_NAME or use PostgreSQL")
    city = MunicipalityFactory(slug="race-city")
    writers = [UserFactory() for _ in range(THREADS)]
    for user in writers:
        MembershipFactory(user=user, municipality=city, role="reporter")
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def write(user) -> None:
        try:
            start.wait()
            for i in range(EACH):
                services.article_create(
                    by=user, municipality=city, kind="news", title=f"خبر {user.pk}-{i}"
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(u,)) for u in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    codes = sorted(Article.objects.filter(municipality=city).values_list("code", flat=True))
    assert codes == list(range(1, THREADS * EACH + 1))
