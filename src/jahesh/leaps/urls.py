from django.urls import path

from jahesh.leaps import views

app_name = "leaps"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:city>/", views.city_home, name="city"),
    # «+» never appears in a slug, so this cannot shadow a programme.
    path("<str:city>/+programme/", views.programme_new, name="programme-new"),
    path("<str:city>/+occasion/<slug:code>/", views.occasion_shift, name="occasion-shift"),
    path("<str:city>/<str:programme>/", views.board, name="board"),
    path("<str:city>/<str:programme>/check-move/", views.check_move, name="check-move"),
    path("<str:city>/<str:programme>/move/", views.move, name="move"),
    path(
        "<str:city>/<str:programme>/move/<int:ceremony_id>/",
        views.move_form,
        name="move-form",
    ),
    path(
        "<str:city>/<str:programme>/assignments/<int:assignment_id>/lock/",
        views.assignment_lock,
        name="assignment-lock",
    ),
    path(
        "<str:city>/<str:programme>/waves/<int:number>/<str:action>/",
        views.wave_action,
        name="wave-action",
    ),
    path("<str:city>/<str:programme>/waves/new/", views.wave_new, name="wave-new"),
    path("<str:city>/<str:programme>/replan/", views.replan, name="replan"),
    path("<str:city>/<str:programme>/runs/<int:run_id>/", views.run_detail, name="run"),
    path(
        "<str:city>/<str:programme>/runs/<int:run_id>/status/",
        views.run_status,
        name="run-status",
    ),
    path(
        "<str:city>/<str:programme>/plans/<int:plan_id>/adopt/",
        views.plan_adopt_view,
        name="plan-adopt",
    ),
    path("<str:city>/<str:programme>/balance/", views.balance, name="balance"),
    path("<str:city>/<str:programme>/settings/", views.planning_settings, name="settings"),
    path(
        "<str:city>/<str:programme>/officials/<int:official_id>/agenda/",
        views.agenda,
        name="agenda",
    ),
    path(
        "<str:city>/<str:programme>/officials/<int:official_id>/agenda/new-link/",
        views.agenda_link_renew,
        name="agenda-link-renew",
    ),
    path(
        "<str:city>/<str:programme>/officials/<int:official_id>/agenda.ics",
        views.agenda_ics,
        name="agenda-ics",
    ),
]
