"""Queue a probe job and wait for a consumer to run it: the queue proven end to end."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from huey.exceptions import ResultTimeout

from jahesh.core.request_ids import current_request_id, new_request_id
from jahesh.core.tasks import queue_probe_task
from jahesh.persian import to_persian_digits


class Command(BaseCommand):
    help = "یک کار آزمایشی در صف می‌گذارد و منتظر می‌ماند تا پردازشگر آن را انجام دهد."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait")

    def handle(self, *args: Any, **options: Any) -> None:
        token = uuid.uuid4().hex
        request_id = new_request_id()
        reset = current_request_id.set(request_id)
        try:
            result = queue_probe_task(token)
        finally:
            current_request_id.reset(reset)
        timeout = options["timeout"]
        try:
            # A job nobody ran is taken back, so a consumer started later does not run it.
            answer = result.get(blocking=True, timeout=timeout, revoke_on_timeout=True)
        except ResultTimeout:
            answer = None
        if answer is None:
            raise CommandError(
                f"هیچ پردازشگری کار آزمایشی را در {to_persian_digits(f'{timeout:g}')} ثانیه "
                "انجام نداد: آیا `jahesh worker` در حال اجراست و به همین صف وصل است؟"
            )
        if answer["token"] != token or answer["request_id"] != request_id:
            raise CommandError(f"پاسخ کار آزمایشی با آنچه فرستاده شد نمی‌خواند: {answer}")
        self.stdout.write(
            f"صف کار می‌کند: پردازشگر {answer['host']} (pid {answer['pid']}) کار {request_id} "
            "را انجام داد."
        )
