"""Every write of leap planning, named ``<entity>_<action>``; import them from here."""

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

__all__ = [
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
    "programme_create",
    "programme_update",
    "wave_announce",
    "wave_create",
    "wave_mark_held",
    "wave_unlock",
    "wave_update",
]
