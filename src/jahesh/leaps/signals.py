"""What leap planning's services announce after their transaction commits; tasks.py listens."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``run_id`` (an int) once the run's row is committed, so a worker always finds it.
plan_run_requested = Signal()
