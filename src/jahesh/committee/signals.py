"""What the committee's services announce after their transaction commits; tasks.py listens."""

from __future__ import annotations

from django.dispatch import Signal

# Each is sent with ``session_id`` (an int) after commit: a listener never sees a rolled-back row.
session_invited = Signal()
session_updated = Signal()  # when, where or how an invited session meets changed
session_held = Signal()
session_called_off = Signal()
minutes_circulated = Signal()
minutes_approved = Signal()
