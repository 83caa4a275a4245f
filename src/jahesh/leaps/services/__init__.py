"""Every write of leap planning, named ``<entity>_<action>``; import them from here."""

from jahesh.leaps.services.calendar import calendar_key_get_or_create, calendar_key_rotate
from jahesh.leaps.services.plans import (
    plan_adopt,
    plan_assignment_move,
    plan_assignment_set_locked,
    plan_compute,
    plan_run_execute,
    plan_run_request,
    plan_save,
)
from jahesh.leaps.services.programmes import (
    occasion_save_for_city,
    occasion_shift_for_year,
    occasions_seed,
    programme_create,
    programme_update,
    wave_announce,
    wave_create,
    wave_mark_held,
    wave_unlock,
    wave_update,
)
from jahesh.leaps.services.promises import (
    promise_outcomes_refresh,
    promise_outcomes_sweep,
    promises_backfill,
    promises_record,
)
from jahesh.leaps.services.settings import (
    WEIGHT_LABELS,
    planning_settings_save,
    programme_planning_save,
    travel_times_save,
    weight_defaults,
)

__all__ = [
    "WEIGHT_LABELS",
    "calendar_key_get_or_create",
    "calendar_key_rotate",
    "occasion_save_for_city",
    "occasion_shift_for_year",
    "occasions_seed",
    "plan_adopt",
    "plan_assignment_move",
    "plan_assignment_set_locked",
    "plan_compute",
    "plan_run_execute",
    "plan_run_request",
    "plan_save",
    "planning_settings_save",
    "programme_create",
    "programme_planning_save",
    "programme_update",
    "promise_outcomes_refresh",
    "promise_outcomes_sweep",
    "promises_backfill",
    "promises_record",
    "travel_times_save",
    "wave_announce",
    "wave_create",
    "wave_mark_held",
    "wave_unlock",
    "wave_update",
    "weight_defaults",
]
