"""Background jobs of the committee: thin Huey wrappers, started by the services' signals."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jahesh.committee import drafts_reminders, invitations, signals


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def session_invitation_task(session_id: int) -> None:
    invitations.session_invitation_send(session_id=session_id)


# Rounds of opinions: each morning, the cities still to answer a round that ends soon are mailed.
# Huey reads crontabs in UTC here; 03:30 UTC is 07:00 in Tehran (no daylight saving since 1401).
@db_periodic_task(crontab(hour="3", minute="30"))  # type: ignore[untyped-decorator]
def draft_reminders_task() -> None:
    drafts_reminders.draft_reminders_send()


# The safety net of ``session_invitation_task``, queued after the session's change commits: when
# the queue cannot be reached then, the job is dropped with a log line; the version of the session
# not yet mailed to someone is found here, in the database, and mailed once.
@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def session_invitations_sweep_task() -> int:
    """Every ten minutes: mail the invitations (or call-offs) a lost job did not send."""
    return invitations.session_invitations_sweep()


def _on_session_invited(sender: Any, session_id: int, **kwargs: Any) -> None:
    session_invitation_task(session_id)


def connect() -> None:
    signals.session_invited.connect(_on_session_invited, dispatch_uid="committee_invitation")
    # A changed or called-off session is mailed again: the calendar attachment updates or
    # cancels the event the invitation put in each calendar.
    signals.session_updated.connect(_on_session_invited, dispatch_uid="committee_invitation_update")
    signals.session_called_off.connect(
        _on_session_invited, dispatch_uid="committee_invitation_cancel"
    )
