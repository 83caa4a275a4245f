"""`jahesh status` and `jahesh queue-probe`: the background work as an operator sees it."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from huey.storage import MemoryStorage

from jahesh.core.request_ids import current_request_id
from jahesh.core.tasks import queue_probe_task
from jahesh.newsroom.models import Publication, PublicationState
from jahesh.newsroom.services.articles import article_create
from jahesh.newsroom.services.channels import channel_create
from jahesh.registry.models import Role


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def deliveries(city_a, member_of, job_queue):
    publisher = member_of(city_a, Role.PUBLISHER, "publisher")
    article = article_create(by=publisher, municipality=city_a, kind="news", title="افتتاح بوستان")
    portal = channel_create(by=publisher, municipality=city_a, kind="portal", name="درگاه")
    hook = channel_create(
        by=publisher,
        municipality=city_a,
        kind="webhook",
        name="وب‌قلاب استان",
        config={"url": "https://hooks.example.org/x"},
        secret="s3cret-value",
    )
    now = timezone.now()

    def publication(channel, key, state, due_at, **extra):
        return Publication.objects.create(
            municipality=city_a,
            article=article,
            channel=channel,
            idempotency_key=key,
            due_at=due_at,
            state=state,
            **extra,
        )

    publication(portal, "k1", PublicationState.SENT, now - dt.timedelta(hours=3), sent_at=now)
    publication(
        hook,
        "k2",
        PublicationState.FAILED,
        now - dt.timedelta(hours=2),
        attempts=5,
        last_error="HTTP 502 from hooks.example.org\ntraceback…",
    )
    publication(hook, "k3", PublicationState.PENDING, now - dt.timedelta(minutes=45))
    return {"portal": portal, "hook": hook}


@pytest.mark.django_db
def test_status_names_the_oldest_overdue_publication_and_each_failure(deliveries):
    report = run("status")
    assert "کهنه‌ترین انتشار در انتظار: «افتتاح بوستان» در وب‌قلاب استان، ۴۵ دقیقه" in report
    assert "انتشارهای ناموفق یا نامعلوم: ۱" in report
    assert "ناموفق: «افتتاح بوستان» در وب‌قلاب استان، ۵ تلاش — HTTP 502" in report
    assert "traceback" not in report


@pytest.mark.django_db
def test_status_shows_the_last_publication_of_every_channel(deliveries):
    lines = run("status").splitlines()
    portal_line = next(line for line in lines if "/ درگاه:" in line)
    hook_line = next(line for line in lines if "/ وب‌قلاب استان:" in line)
    assert "هنوز هیچ" not in portal_line
    assert "ساعت" in portal_line
    assert "هنوز هیچ" in hook_line


@pytest.mark.django_db
def test_status_counts_the_jobs_waiting_in_the_queue(queue_for_a_consumer):
    queue_for_a_consumer(MemoryStorage("status-test"))
    queue_probe_task("a")
    queue_probe_task("b")
    report = run("status")
    assert "صف کارها: ۲ کار در انتظار پردازشگر" in report
    assert "کار بعدی در صف: queue_probe_task" in report


@pytest.mark.django_db
def test_the_queue_probe_reports_the_job_it_got_back(job_queue):
    report = run("queue_probe", "--timeout", "1")
    assert "صف کار می‌کند" in report
    assert current_request_id.get() == ""


@pytest.mark.django_db
def test_the_queue_probe_fails_in_persian_when_no_consumer_runs(queue_for_a_consumer):
    queue = queue_for_a_consumer(MemoryStorage("probe-test"))
    with pytest.raises(CommandError, match="هیچ پردازشگری"):
        run("queue_probe", "--timeout", "0.2")
    # The job nobody ran was taken back, so a consumer started later does not run it.
    task = queue.dequeue()
    assert queue.is_revoked(task)
