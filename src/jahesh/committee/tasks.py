"""Background jobs of the committee: thin Huey wrappers, started by the services' signals."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from jahesh.committee import invitations, signals


# Huey ships without type hints, so its decorators are untyped.
@db_task()  # type: ignore[untyped-decorator]
def session_invitation_task(session_id: int) -> None:
    invitations.session_invitation_send(session_id=session_id)


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
