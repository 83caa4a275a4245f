"""Set up the illustrative demo city on the embedded defaults, then serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone


class Command(BaseCommand):
    help = "پایگاه داده را آماده می‌کند، شهر نمونه نمایشی را (یک بار) می‌سازد و سایت را اجرا می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up, but do not serve.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="Port to listen on; without JAHESH_SITE_URL, pages link to the address served.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo signs people in with a password printed below; never on a real site.
        if settings.PRODUCTION:
            raise CommandError(
                "نمونه نمایشی با گذرواژه‌های آشکار کاربر می‌سازد و در حالت تولید "
                "(JAHESH_PRODUCTION) اجرا نمی‌شود."
            )
        from jahesh.committee.demo import build_demo_committee
        from jahesh.leaps.demo import build_demo_programme
        from jahesh.newsroom.demo import build_demo_newsroom
        from jahesh.registry.demo import (
            DEMO_PASSWORD,
            DEMO_USERS,
            build_demo_city,
            build_second_demo_city,
        )

        self.stdout.write("۱. پایگاه داده …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("۲. شهر نمونه، برنامه جهش و خبرها …")
        # One day for every part, so a build that runs past midnight still tells one story.
        today = timezone.localdate()
        city = build_demo_city(stdout=self.stdout, today=today)
        build_demo_programme(municipality=city, stdout=self.stdout, today=today)
        build_demo_newsroom(municipality=city, stdout=self.stdout, today=today)
        # A small second city, so the comparison of member cities has something to compare.
        build_second_demo_city(stdout=self.stdout, today=today)
        build_demo_committee(stdout=self.stdout, today=today)

        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write("")
        self.stdout.write(f"پوشه داده‌ها: {settings.DATA_DIR}")
        self.stdout.write(f"درگاه عمومی:  {base}/")
        self.stdout.write(f"میز کار کارکنان: {base}/admin/   برنامه‌ریزی: {base}/staff/leaps/")
        self.stdout.write(
            f"خبرگزاری: {base}{reverse('newsroom:city', kwargs={'city': city.slug})}   "
            f"ورود پروژه‌ها از پرونده: {base}{reverse('registry:project-import')}"
        )
        self.stdout.write(f"ورود نمایشی (گذرواژه همه: {DEMO_PASSWORD}):")
        for username, role_label in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role_label}")
        if options["no_serve"]:
            return
        call_command("serve", host=options["host"], port=options["port"])
