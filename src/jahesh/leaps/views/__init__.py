"""Staff pages of leap planning; the URLconf imports every view from here."""

from jahesh.leaps.views.board import (
    assignment_lock,
    board,
    check_move,
    city_home,
    index,
    move,
    move_form,
    occasion_shift,
    programme_new,
    wave_action,
    wave_new,
)
from jahesh.leaps.views.reports import agenda, agenda_ics, agenda_link_renew, balance
from jahesh.leaps.views.runs import plan_adopt_view, replan, run_detail, run_status
from jahesh.leaps.views.settings import planning_settings

__all__ = [
    "agenda",
    "agenda_ics",
    "agenda_link_renew",
    "assignment_lock",
    "balance",
    "board",
    "check_move",
    "city_home",
    "index",
    "move",
    "move_form",
    "occasion_shift",
    "plan_adopt_view",
    "planning_settings",
    "programme_new",
    "replan",
    "run_detail",
    "run_status",
    "wave_action",
    "wave_new",
]
