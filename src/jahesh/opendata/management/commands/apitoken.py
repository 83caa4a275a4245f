"""`jahesh apitoken create|list|revoke`: staff API tokens from the command line.

jahesh apitoken create --municipality shiraz --name "GIS" --scope read [--days 90]
jahesh apitoken create --municipality shiraz --name "me" --kind personal --user ali --scope write
jahesh apitoken list --municipality shiraz
jahesh apitoken revoke PREFIX
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jahesh import persian
from jahesh.core.errors import JaheshError
from jahesh.opendata.api.tokens import (
    DEFAULT_DAYS,
    api_token_create,
    api_token_revoke,
    token_list_for,
)
from jahesh.opendata.models import ApiToken, TokenKind, TokenScope
from jahesh.registry import services
from jahesh.registry.models import Municipality


class Command(BaseCommand):
    help = "کلیدهای API کارکنان را می‌سازد، فهرست می‌کند یا باطل می‌کند."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print it once.")
        create.add_argument("--municipality", required=True, help="The city's slug.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument("--kind", choices=TokenKind.values, default=TokenKind.SERVICE)
        create.add_argument("--scope", choices=TokenScope.values, required=True)
        create.add_argument("--days", type=int, default=DEFAULT_DAYS, help="Days until it expires.")
        create.add_argument(
            "--user", help="A personal token's owner (a member of the city); required for one."
        )
        listing = actions.add_parser("list", help="List a city's tokens (never their secrets).")
        listing.add_argument("--municipality", required=True)
        revoke = actions.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except JaheshError as exc:
            raise CommandError(exc.message) from exc

    def _city(self, slug: str) -> Municipality:
        city = Municipality.objects.filter(slug=slug).first()
        if city is None:
            raise CommandError(f"شهرداری با نامک «{slug}» نیست.")
        return city

    def _create(self, options: dict[str, Any]) -> None:
        city = self._city(options["municipality"])
        owner = None
        if options["kind"] == TokenKind.PERSONAL:
            if not options["user"]:
                raise CommandError("کلید شخصی از آنِ یک کاربر است: «--user» را بنویسید.")
            owner = get_user_model().objects.filter(username=options["user"]).first()
            if owner is None:
                raise CommandError(f"کاربر «{options['user']}» نیست.")
        # The command speaks for the operator, who may make any city's tokens.
        issued = api_token_create(
            by=services.system_actor_ensure(),
            municipality=city,
            name=options["name"],
            kind=options["kind"],
            scope=options["scope"],
            days=options["days"],
            owner=owner,
        )
        self.stdout.write(issued.secret)
        expires = persian.format_jalali(issued.token.expires_at, "datetime")
        self.stderr.write(f"این کلید فقط همین یک بار نشان داده می‌شود؛ اعتبار تا {expires}.")

    def _list(self, options: dict[str, Any]) -> None:
        for token in token_list_for(self._city(options["municipality"])):
            state = "باطل" if token.revoked_at else "فعال"
            self.stdout.write(
                f"{token.prefix}\t{token.kind}\t{token.scope}\t{state}\t"
                f"{token.expires_at:%Y-%m-%d}\t{token.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(f"کلیدی با پیشوند «{options['prefix']}» نیست.")
        api_token_revoke(by=services.system_actor_ensure(), token=token)
        self.stdout.write(f"کلید {token.prefix} باطل شد.")
